"""Label corrections kept beside the data, never by touching the data.

A corrections file is a CSV (``path, sha256, recorded_label, corrected_label, who, when,
note``), rewritten atomically after every change. Source images are never moved, renamed or
edited: corrections are applied when a dataset is read (:func:`apply_corrections`) or written
out as a new corrected copy (:func:`export_corrected_copy`). Each entry remembers the image's
SHA-256, so a correction made for a file that has since changed is reported and skipped.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import json
import shutil
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from core.classes import CLASSES, class_for_folder
from core.data.scan import DatasetError, ImageItem, ScanResult
from core.data.split import Manifest
from core.fileutil import atomic_write_bytes
from core.data.images import sha256_file
from core.progress import Progress, ProgressFn, StopFn, check_stop, never_stop, no_progress
from core.text import csv_row, csv_uncell

EXCLUDE = "exclude"  # "not a usable field": leave the image out of training and evaluation
UNSURE = "unsure"  # looked at, no decision: the image keeps its label and is reported
CHOICES = (*CLASSES, EXCLUDE, UNSURE)
COLUMNS = ("path", "sha256", "recorded_label", "corrected_label", "who", "when", "note")


MAX_FILE_BYTES = 64 * 2**20  # a corrections file of a million rows is ~100 bytes a row


class CorrectionsError(DatasetError):
    """A corrections file or entry that cannot be used; the message says why."""


def _key(path: Path | str) -> str:
    return str(Path(path).expanduser().resolve())


def _canonical(label: str, allowed: Iterable[str]) -> str:
    if label in allowed:
        return label
    mapped = class_for_folder(label) or label.strip().lower()
    if mapped not in allowed:
        raise CorrectionsError(f"unknown label {label!r}; choose from {', '.join(allowed)}")
    return mapped


@dataclass(frozen=True)
class Correction:
    path: str  # absolute
    sha256: str
    recorded_label: str  # the label the data had ("" when it had none)
    corrected_label: str  # a class name, "exclude" or "unsure"
    who: str = ""
    when: str = ""  # ISO 8601, UTC
    note: str = ""

    def row(self) -> list[str]:
        return [self.path, self.sha256, self.recorded_label, self.corrected_label, self.who,
                self.when, self.note]


class CorrectionsFile:
    """The corrections CSV; every change is saved at once (atomically).

    Entries are keyed by the image's absolute path; setting a path again replaces its entry.
    """

    def __init__(self, path: Path | str, entries: Iterable[Correction] = ()) -> None:
        self.path = Path(path)
        self._entries: dict[str, Correction] = {e.path: e for e in entries}
        self._sha = ""  # of the bytes last read or written, so a card names what was applied

    @classmethod
    def load(cls, path: Path | str) -> "CorrectionsFile":
        """Read ``path``; a file that does not exist yet gives an empty set of corrections."""
        path = Path(path)
        if not path.exists():
            return cls(path)
        from core.fileutil import InputRefused, read_input_bytes

        try:
            raw = read_input_bytes(path, MAX_FILE_BYTES, "corrections file")
            text = raw.decode("utf-8-sig")
        except InputRefused as exc:
            raise CorrectionsError(str(exc)) from None
        except UnicodeDecodeError:
            raise CorrectionsError(f"{path}: not a UTF-8 text file") from None
        try:
            # cells neutralised for spreadsheets when written come back as they were
            rows = [[csv_uncell(c) for c in r] for r in csv.reader(io.StringIO(text))]
        except csv.Error as exc:  # e.g. a field over the csv module's size limit
            raise CorrectionsError(f"{path}: malformed corrections file ({exc})") from None
        if not rows:
            return cls(path)
        if tuple(h.strip() for h in rows[0]) != COLUMNS:
            raise CorrectionsError(f"{path}: not a corrections file (expected columns {', '.join(COLUMNS)})")
        entries = []
        for n, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(COLUMNS):
                raise CorrectionsError(f"{path}, line {n}: expected {len(COLUMNS)} fields, got {len(row)}")
            e = Correction(*row)
            try:
                e = replace(e, corrected_label=_canonical(e.corrected_label, CHOICES))
                if e.recorded_label:
                    e = replace(e, recorded_label=_canonical(e.recorded_label, CLASSES))
            except CorrectionsError as exc:
                raise CorrectionsError(f"{path}, line {n}: {exc}") from None
            entries.append(e)
        loaded = cls(path, entries)
        loaded._sha = hashlib.sha256(raw).hexdigest()
        return loaded

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Correction]:
        return iter(self.entries)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, (str, Path)) and _key(path) in self._entries

    @property
    def entries(self) -> tuple[Correction, ...]:
        return tuple(sorted(self._entries.values(), key=lambda e: e.path))

    def get(self, path: Path | str) -> Correction | None:
        return self._entries.get(_key(path))

    def set(
        self,
        path: Path | str,
        recorded: str | None,
        corrected: str,
        who: str | None = None,
        note: str = "",
    ) -> Correction:
        """Record (or replace) the correction for one image and save.

        Args:
            path: the image; it must exist (its SHA-256 is recorded).
            recorded: the label the data gives it (``None`` or ``""`` when unlabelled).
            corrected: a class name, ``"exclude"`` (not a usable field) or ``"unsure"``.
            who: the reviewer (default: the logged-in user's name).
            note: free text.
        """
        p = Path(path)
        if not p.is_file():
            raise CorrectionsError(f"{p}: image not found")
        entry = Correction(
            path=_key(p),
            sha256=sha256_file(p),
            recorded_label=_canonical(recorded, CLASSES) if recorded else "",
            corrected_label=_canonical(corrected, CHOICES),
            who=_default_user() if who is None else who,
            when=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            note=note.replace("\r", " ").replace("\n", " "),
        )
        self._entries[entry.path] = entry
        self.save()
        return entry

    def remove(self, path: Path | str) -> bool:
        """Drop the correction for ``path`` (and save); False when there was none."""
        if self._entries.pop(_key(path), None) is None:
            return False
        self.save()
        return True

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        # a path or note starting with = + - @ would run as a formula in a spreadsheet: '-prefixed
        writer.writerows(csv_row(e.row()) for e in self.entries)
        return buf.getvalue()

    def save(self) -> None:
        """Write the file atomically: a reader sees the old or the new file, never half."""
        data = self.to_csv().encode("utf-8")
        atomic_write_bytes(self.path, data)
        self._sha = hashlib.sha256(data).hexdigest()

    def sha256(self) -> str:
        """SHA-256 of the file as last read or saved (what a model card records)."""
        if not self._sha and self.path.exists():
            return sha256_file(self.path)
        return self._sha


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name available (some services, containers)
        return ""


# ---------------------------------------------------------------- applying


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
        c = by_path.get(_key(path))
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
    root = Path(manifest.root if manifest else data).resolve()
    from core.fileutil import OutputRefused, guard_output_dir

    try:
        guard_output_dir(out, data_roots=[root], allow_bundle=False, what="corrected copy folder")
    except OutputRefused as exc:
        raise CorrectionsError(str(exc)) from None
    source = manifest if manifest is not None else scan(root, progress=progress, should_stop=should_stop)
    fixed, report = apply_corrections(source, corrections)
    if isinstance(fixed, Manifest):
        pairs = [(fixed.resolve(e.path), e) for e in fixed.entries]
    else:
        pairs = [(Path(i.path), i) for i in fixed]
    tmp = make_partial_dir(out)
    try:
        counts = {c: 0 for c in CLASSES}
        used: set[str] = set()
        sources: dict[str, str] = {}  # each copied file -> its source (core.data.provenance.origin_of)
        new_entries = []
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
                new_entries.append(replace(entry, path=f"{entry.label}/{name}"))  # type: ignore[arg-type]
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
