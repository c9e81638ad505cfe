"""The data as its corrections say, the images untouched: applied when a dataset is read
(:func:`apply_corrections`) or written out as a new corrected copy (:func:`export_corrected_copy`).
Each entry remembers the image's SHA-256, so a correction made for a file that has since changed
is reported and skipped.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from core.classes import CLASSES
from core.data.corrections import EXCLUDE, UNSURE, Correction, CorrectionsError, CorrectionsFile, path_key
from core.data.images import sha256_file
from core.data.scan import ImageItem, ScanResult
from core.data.split import Manifest, SplitEntry
from core.progress import Progress, ProgressFn, StopFn, check_stop, never_stop, no_progress


@dataclass(frozen=True)
class Outcome:
    """What became of one correction: ``action`` is relabelled, excluded, unsure, confirmed,
    stale (file changed), missing (file gone), label_conflict or not_in_data."""

    path: str
    action: str
    detail: str = ""


@dataclass(frozen=True)
class CorrectionReport:
    corrections_path: str
    corrections_sha256: str
    outcomes: tuple[Outcome, ...]

    def by_action(self, action: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.action == action]

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.action] = out.get(o.action, 0) + 1
        return out

    @property
    def skipped(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action in ("stale", "missing", "label_conflict")]

    def summary(self) -> str:
        return ", ".join(f"{n} {a}" for a, n in sorted(self.counts.items())) or "no corrections"

    def to_dict(self) -> dict:
        return {"path": self.corrections_path, "sha256": self.corrections_sha256,
                "counts": self.counts,
                "outcomes": [{"path": o.path, "action": o.action, "detail": o.detail}
                             for o in self.outcomes]}


def _corrections(c: CorrectionsFile | Path | str) -> CorrectionsFile:
    if isinstance(c, CorrectionsFile):
        return c
    if not Path(c).is_file():
        raise CorrectionsError(f"{c}: corrections file not found")
    return CorrectionsFile.load(c)


def _decide(item_path: Path, label: str, c: Correction) -> tuple[str | None, Outcome]:
    """The item's new label (``None``: leave it out) and what happened."""
    try:
        digest = sha256_file(item_path)
    except OSError as exc:
        return label, Outcome(c.path, "missing", f"cannot read the image ({exc.strerror or exc})")
    if digest != c.sha256:
        return label, Outcome(c.path, "stale", "the image changed after it was corrected; skipped")
    if c.recorded_label and c.recorded_label != label:
        return label, Outcome(c.path, "label_conflict",
                              f"corrected when labelled {c.recorded_label}, now labelled {label}; skipped")
    if c.corrected_label == EXCLUDE:
        return None, Outcome(c.path, "excluded", c.note)
    if c.corrected_label == UNSURE:
        return label, Outcome(c.path, "unsure", c.note)
    if c.corrected_label == label:
        return label, Outcome(c.path, "confirmed", label)
    return c.corrected_label, Outcome(c.path, "relabelled", f"{label} -> {c.corrected_label}")


def apply_corrections(
    data: Manifest | ScanResult | Iterable[ImageItem],
    corrections: CorrectionsFile | Path | str,
) -> tuple[Manifest | list[ImageItem], CorrectionReport]:
    """Relabel or leave out images as the corrections say; never touches the files.

    Args:
        data: a Manifest (returned as a Manifest with the same splits), a ScanResult or image
            items (returned as a list of items).
        corrections: a :class:`CorrectionsFile` or its path.

    Returns:
        The corrected data and a report. ``exclude`` drops the image, ``unsure`` keeps it
        unchanged (reported); an entry whose image changed since (SHA-256), is gone, or whose
        recorded label no longer matches the data is skipped and reported, as is one for an
        image the data does not hold.
    """
    cf = _corrections(corrections)
    by_path = {e.path: e for e in cf.entries}
    outcomes: list[Outcome] = []
    seen: set[str] = set()

    def fix(path: Path, label: str) -> str | None:
        c = by_path.get(path_key(path))
        if c is None:
            return label
        seen.add(c.path)
        new, outcome = _decide(path, label, c)
        outcomes.append(outcome)
        return new

    result: Manifest | list[ImageItem]
    if isinstance(data, Manifest):
        entries = []
        for e in data.entries:
            new = fix(data.resolve(e.path), e.label)
            if new is not None:
                entries.append(e if new == e.label else replace(e, label=new))
        result = replace(data, entries=tuple(entries))
    else:
        items = data.items if isinstance(data, ScanResult) else data
        result = []
        for it in items:
            new = fix(Path(it.path), it.label)
            if new is not None:
                result.append(it if new == it.label else ImageItem(it.path, new))
    outcomes += [Outcome(p, "not_in_data", "no such image in this data") for p in by_path
                 if p not in seen]
    return result, CorrectionReport(str(cf.path), cf.sha256(), tuple(outcomes))


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    counts: dict[str, int]
    report: CorrectionReport
    manifest_path: Path | None  # a split manifest for the copy, when the input had splits


def export_corrected_copy(
    data: Manifest | Path | str,
    corrections: CorrectionsFile | Path | str,
    out_dir: Path | str,
    *,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> ExportResult:
    """Write a corrected copy of a dataset into a new folder (``out_dir/<Class>/<file>``).

    The source is only read. ``out_dir`` must not exist yet or be empty, and must not lie
    inside the source (or hold it). The copy appears all at once (a hidden work folder is
    renamed into place), with ``corrections_report.json`` (which also maps every copied file to
    its source, so splits and the seen-in-training check treat it as the same image) and, for a
    manifest, ``split.json`` keeping the same splits.

    Raises:
        CorrectionsError: a bad output folder. :class:`~core.progress.Cancelled` when stopped.
    """
    from core.data.scan import scan
    from core.data.split import read_manifest
    from core.fileutil import make_partial_dir, replace_dir

    out = Path(out_dir).expanduser().resolve()
    manifest: Manifest | None = None
    if isinstance(data, Manifest):
        manifest = data
    elif Path(data).is_file():
        manifest = read_manifest(data)
    root = (Path(manifest.root) if manifest is not None else Path(cast("Path | str", data))).resolve()
    from core.fileutil import OutputRefused, guard_output_dir

    try:
        guard_output_dir(out, data_roots=[root], allow_bundle=False, what="corrected copy folder")
    except OutputRefused as exc:
        raise CorrectionsError(str(exc)) from None
    source = manifest if manifest is not None else scan(root, progress=progress, should_stop=should_stop)
    fixed, report = apply_corrections(source, corrections)
    pairs: list[tuple[Path, SplitEntry | ImageItem]]
    if isinstance(fixed, Manifest):
        pairs = [(fixed.resolve(e.path), e) for e in fixed.entries]
    else:
        pairs = [(Path(i.path), i) for i in fixed]
    tmp = make_partial_dir(out)
    try:
        counts = {c: 0 for c in CLASSES}
        used: set[str] = set()
        sources: dict[str, str] = {}  # each copied file -> its source (core.data.provenance.origin_of)
        new_entries: list[SplitEntry] = []
        for n, (src, entry) in enumerate(pairs, 1):
            check_stop(should_stop)
            name = src.name
            stem, k = src.stem, 1
            while f"{entry.label}/{name}".lower() in used:  # two sources, same file name
                k += 1
                name = f"{stem}-{k}{src.suffix}"
            used.add(f"{entry.label}/{name}".lower())
            (tmp / entry.label).mkdir(exist_ok=True)
            shutil.copy2(src, tmp / entry.label / name)
            sources[f"{entry.label}/{name}"] = str(Path(src).resolve())
            counts[entry.label] += 1
            if manifest is not None:
                new_entries.append(replace(cast(SplitEntry, entry), path=f"{entry.label}/{name}"))
            if n % 25 == 0 or n == len(pairs):
                progress(Progress("export", n, len(pairs), name))
        (tmp / "corrections_report.json").write_text(
            json.dumps({"source": str(root), **report.to_dict(), "sources": sources}, indent=1), encoding="utf-8")
        manifest_path = None
        if manifest is not None:
            copy = replace(manifest, root=out, entries=tuple(new_entries))
            (tmp / "split.json").write_text(json.dumps(copy.to_dict(), indent=1), encoding="utf-8")
            manifest_path = out / "split.json"
        if out.exists():
            out.rmdir()  # empty (checked above); replace_dir wants the name free or replaceable
        replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ExportResult(out, counts, report, manifest_path)
