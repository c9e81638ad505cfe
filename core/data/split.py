"""Split a dataset into train/val/test without leakage, and read and write the manifest."""

from __future__ import annotations

import csv
import json
import random
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

from core.classes import CLASSES
from core.data.duplicates import DuplicateGroup, UnionFind, find_duplicates
from core.data.provenance import origin_of, origin_stem
from core.data.scan import DatasetError, ImageItem, ScanResult
from core.progress import ProgressFn, StopFn, never_stop, no_progress

SPLITS = ("train", "val", "test")

_NUMBER = re.compile(r"(\d+)(?!.*\d)")


def block_key(item: ImageItem, block_size: int, origin: Path | None = None) -> str:
    """Group key standing in for a patient: class + block of consecutive file numbers.

    The number is taken from the image's original (:func:`origin_stem`), so a derived copy
    such as ``WBC-Benign-195__aug0012_rot90.png`` is in the block of 195, not of 90.
    """
    stem = origin_stem(item.path, origin)
    match = _NUMBER.search(stem)
    if match is None:
        return f"{item.label}/{stem}"
    return f"{item.label}/{int(match.group(1)) // block_size}"


@dataclass(frozen=True)
class SplitEntry:
    path: str  # relative to the manifest's root when possible
    label: str
    split: str
    group: str


@dataclass(frozen=True)
class Manifest:
    root: Path
    entries: tuple[SplitEntry, ...]
    seed: int
    fractions: tuple[float, float, float]
    block_size: int
    max_distance: int

    def items(self, split: str) -> list[ImageItem]:
        return [
            ImageItem(self.resolve(e.path), e.label) for e in self.entries if e.split == split
        ]

    def resolve(self, rel: str) -> Path:
        p = Path(rel)
        return p if p.is_absolute() else self.root / p

    def counts(self) -> dict[str, dict[str, int]]:
        out = {s: {c: 0 for c in CLASSES} for s in SPLITS}
        for e in self.entries:
            out[e.split][e.label] += 1
        return out

    def to_dict(self) -> dict:
        return {
            "format": "leukemia-split/1",
            "root": str(self.root),
            "seed": self.seed,
            "fractions": list(self.fractions),
            "block_size": self.block_size,
            "max_distance": self.max_distance,
            "counts": self.counts(),
            "entries": [asdict(e) for e in self.entries],
        }


def split_dataset(
    scan_result: ScanResult,
    *,
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15),
    seed: int = 42,
    block_size: int = 20,
    max_distance: int = 2,
    duplicates: list[DuplicateGroup] | None = None,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> Manifest:
    """Split into train/val/test, stratified by class and grouped against leakage.

    Images in the same block of consecutive file numbers (a patient proxy), derived from the
    same original (balance's copies, a corrected copy: see :func:`origin_of`) or linked as
    (near-)duplicates always land in the same split. Groups are assigned per class, largest
    first, to the split furthest below its target share; the seed shuffles ties, so the
    result is reproducible.
    """
    if abs(sum(fractions) - 1.0) > 1e-6 or min(fractions) < 0:
        raise DatasetError(f"split fractions must be non-negative and sum to 1, got {fractions}")
    items = list(scan_result.items)
    if not items:
        raise DatasetError(f"{scan_result.root}: no readable images to split")
    if duplicates is None:
        duplicates = find_duplicates(
            items, max_distance=max_distance, progress=progress, should_stop=should_stop
        )
    index = {item.path: i for i, item in enumerate(items)}
    uf = UnionFind(len(items))
    first_of_block: dict[str, int] = {}
    origins = [origin_of(item.path) for item in items]
    for i, item in enumerate(items):
        # a block, and every copy of the same original (recorded or by name), go together
        keys = (block_key(item, block_size, origins[i]), f"origin:{origins[i]}",
                f"stem:{item.label}/{origin_stem(item.path, origins[i]).lower()}")
        for key in keys:
            if key in first_of_block:
                uf.union(first_of_block[key], i)
            else:
                first_of_block[key] = i
    for group in duplicates:
        members = [index[m.path] for m in group.items if m.path in index]
        for m in members[1:]:
            uf.union(members[0], m)
    groups = list(uf.groups().values())
    rng = random.Random(seed)
    rng.shuffle(groups)
    # A group's class is its majority label (cross-class duplicates are rare and reported).
    by_class: dict[str, list[list[int]]] = defaultdict(list)
    for g in groups:
        label = Counter(items[i].label for i in g).most_common(1)[0][0]
        by_class[label].append(g)
    assignment: dict[int, str] = {}
    for label in CLASSES:
        class_groups = sorted(by_class.get(label, []), key=len, reverse=True)
        total = sum(len(g) for g in class_groups)
        filled = dict.fromkeys(SPLITS, 0)
        for g in class_groups:
            # pick the split with the largest deficit relative to its target
            deficits = {s: f * total - filled[s] for s, f in zip(SPLITS, fractions) if f > 0}
            target = max(deficits, key=lambda s: deficits[s])
            filled[target] += len(g)
            for i in g:
                assignment[i] = target
    entries = []
    for i, item in enumerate(items):
        try:
            rel = item.path.relative_to(scan_result.root).as_posix()
        except ValueError:
            rel = str(item.path)
        entries.append(SplitEntry(rel, item.label, assignment[i],
                                  block_key(item, block_size, origins[i])))
    return Manifest(scan_result.root, tuple(entries), seed, fractions, block_size, max_distance)


def copies_across_splits(manifest: Manifest) -> list[tuple[SplitEntry, SplitEntry]]:
    """Validation and test entries derived from the same original as a training entry (a
    manifest made before copies were grouped, or edited by hand), each with one such training
    entry: scoring them would score the model on its own training images."""
    trained: dict[str, SplitEntry] = {}
    for e in manifest.entries:
        if e.split == "train":
            path = manifest.resolve(e.path)
            origin = origin_of(path)
            trained.setdefault(f"origin:{origin}", e)
            trained.setdefault(f"stem:{e.label}/{origin_stem(path, origin).lower()}", e)
    out = []
    for e in manifest.entries:
        if e.split != "train":
            path = manifest.resolve(e.path)
            origin = origin_of(path)
            match = (trained.get(f"origin:{origin}")
                     or trained.get(f"stem:{e.label}/{origin_stem(path, origin).lower()}"))
            if match is not None:
                out.append((e, match))
    return out


def write_manifest(manifest: Manifest, out: Path | str) -> Path:
    """Write the manifest as JSON (or CSV when ``out`` ends in .csv), atomically."""
    from core.fileutil import atomic_write_text

    out = Path(out)
    if out.suffix.lower() == ".csv":
        lines = [["path", "label", "split", "group"]]
        lines += [[e.path, e.label, e.split, e.group] for e in manifest.entries]
        import io

        buf = io.StringIO()
        from core.text import csv_row  # cells a spreadsheet would run as formulas: '-prefixed

        csv.writer(buf).writerows(csv_row(line) for line in lines)
        header = f"# leukemia-split/1 root={manifest.root} seed={manifest.seed}\n"
        # file names that are not valid UTF-8 are written as the file system has them
        # (surrogateescape), so the manifest still names the right file; read back the same way
        from core.fileutil import atomic_write_bytes

        atomic_write_bytes(out, (header + buf.getvalue()).encode("utf-8", "surrogateescape"))
    else:
        atomic_write_text(out, json.dumps(manifest.to_dict(), indent=1))
    return out


MAX_MANIFEST_BYTES = 256 * 2**20  # ~1 million entries


def read_manifest(path: Path | str) -> Manifest:
    """Read a manifest written by :func:`write_manifest`.

    Relative paths resolve against the recorded root, or the manifest's folder when the root
    no longer exists. Raises :class:`DatasetError` with a clear message on a bad file.
    """
    from core.fileutil import InputRefused, parse_json_limited, read_input_bytes

    path = Path(path)
    try:
        text = read_input_bytes(path, MAX_MANIFEST_BYTES, "manifest").decode(
            "utf-8", "surrogateescape" if path.suffix.lower() == ".csv" else "strict")
        parsed = None if path.suffix.lower() == ".csv" else parse_json_limited(text, path, "manifest")
    except InputRefused as exc:
        raise DatasetError(str(exc)) from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path}: the manifest is not UTF-8 text") from None
    try:
        if path.suffix.lower() == ".csv":
            lines = text.splitlines()
            meta = dict(kv.split("=", 1) for kv in lines[0].lstrip("# ").split()[1:])
            import io

            # parsed from the text, not from split lines: a quoted name may hold a line break
            rows = list(csv.DictReader(io.StringIO(text.split("\n", 1)[1] if "\n" in text else "")))
            root = Path(meta["root"])
            seed = int(meta.get("seed", 0))
            from core.text import csv_uncell

            entries = [SplitEntry(*(csv_uncell(r[k]) for k in ("path", "label", "split", "group")))
                       for r in rows]
            fractions, block_size, max_distance = (0.0, 0.0, 0.0), 0, 0
        else:
            data = cast("dict[str, Any]", parsed)  # parsed once, with the nesting limit, above
            if data.get("format") != "leukemia-split/1":
                raise DatasetError(f"{path}: not a split manifest")
            root = Path(data["root"])
            seed = int(data["seed"])
            entries = [SplitEntry(**e) for e in data["entries"]]
            fractions = tuple(data["fractions"])
            block_size, max_distance = int(data["block_size"]), int(data["max_distance"])
    except DatasetError:
        raise
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, csv.Error) as exc:
        raise DatasetError(f"{path}: malformed manifest ({type(exc).__name__}: {exc})") from None
    for e in entries:
        if e.label not in CLASSES or e.split not in SPLITS:
            raise DatasetError(f"{path}: bad entry {e.path!r} ({e.label}, {e.split})")
    if not root.is_dir():
        root = path.parent
    return Manifest(root, tuple(entries), seed, fractions, block_size, max_distance)
