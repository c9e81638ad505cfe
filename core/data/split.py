"""Scan a dataset folder, find duplicate groups, and split it without leakage."""

from __future__ import annotations

import csv
import json
import os
import random
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import imagehash
import numpy as np
from PIL import Image

from core.classes import CLASSES, class_for_folder
from core.data.images import ImageError, is_image_name, load_rgb, sha256_file
from core.progress import Progress, ProgressFn, StopFn, check_stop, never_stop, no_progress

SPLITS = ("train", "val", "test")


class DatasetError(Exception):
    """A dataset folder or manifest that cannot be used at all."""


@dataclass(frozen=True)
class ImageItem:
    path: Path
    label: str


@dataclass(frozen=True)
class ScanResult:
    """What a dataset folder holds."""

    root: Path
    items: tuple[ImageItem, ...]
    counts: dict[str, int]
    unknown_folders: tuple[str, ...]
    bad_files: tuple[tuple[Path, str], ...]
    class_folders: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "root": str(self.root),
            "counts": self.counts,
            "total": len(self.items),
            "class_folders": self.class_folders,
            "unknown_folders": list(self.unknown_folders),
            "bad_files": [{"path": str(p), "reason": r} for p, r in self.bad_files],
        }


def _walk_files(folder: Path, errors: list[tuple[Path, str]] | None = None) -> list[Path]:
    """All files below ``folder``, sorted, following no symlinked directories (no loops).

    Subfolders that cannot be listed (permissions, vanished) are appended to ``errors`` with
    the reason instead of being skipped silently, as ``os.walk`` would by default.
    """
    found: list[Path] = []

    def on_error(exc: OSError) -> None:
        if errors is not None:
            where = Path(exc.filename) if exc.filename else folder
            errors.append((where, f"cannot list folder ({exc.strerror or exc})"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=on_error, followlinks=False):
        dirnames.sort()
        found.extend(Path(dirpath) / name for name in sorted(filenames))
    return found


def scan(
    root: Path | str,
    *,
    verify: bool = True,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> ScanResult:
    """Find the labelled images under ``root`` (one subfolder per class).

    Args:
        root: the dataset folder.
        verify: decode every image to catch corrupt files (slower, but nothing bad slips in).
        progress, should_stop: see :mod:`core.progress`.

    Returns:
        A :class:`ScanResult`; unreadable files are listed with their reason, never raised.

    Raises:
        DatasetError: the folder is missing, unreadable or holds no class folder.
    """
    root = Path(root)
    if not root.exists():
        raise DatasetError(f"{root}: folder not found")
    if not root.is_dir():
        raise DatasetError(f"{root}: not a folder")
    try:
        children = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError as exc:
        raise DatasetError(f"{root}: cannot list folder ({exc.strerror or exc})") from None
    class_dirs: list[tuple[str, Path]] = []
    unknown: list[str] = []
    for child in children:
        label = class_for_folder(child.name)
        if label is None:
            unknown.append(child.name)
        else:
            class_dirs.append((label, child))
    if not class_dirs:
        raise DatasetError(
            f"{root}: no class folders found (expected subfolders named {', '.join(CLASSES)})"
        )
    candidates: list[tuple[str, Path]] = []
    bad: list[tuple[Path, str]] = []
    for label, folder in class_dirs:
        files = _walk_files(folder, bad)
        for f in files:
            if f.name.startswith("."):
                continue
            if is_image_name(f):
                candidates.append((label, f))
            else:
                bad.append((f, "not an image file (extension)"))
    items: list[ImageItem] = []
    total = len(candidates)
    for i, (label, f) in enumerate(candidates):
        check_stop(should_stop)
        if verify:
            try:
                load_rgb(f)
            except ImageError as exc:
                bad.append((f, exc.reason))
                continue
        items.append(ImageItem(f, label))
        if i % 25 == 0 or i == total - 1:
            progress(Progress("scan", i + 1, total, f.name))
    counts = {c: 0 for c in CLASSES}
    counts.update(Counter(item.label for item in items))
    return ScanResult(
        root=root,
        items=tuple(items),
        counts=counts,
        unknown_folders=tuple(unknown),
        bad_files=tuple(bad),
        class_folders={label: folder.name for label, folder in class_dirs},
    )


# ---------------------------------------------------------------- duplicates


@dataclass(frozen=True)
class DuplicateGroup:
    kind: str  # "exact" or "near"
    items: tuple[ImageItem, ...]
    max_distance: int

    @property
    def cross_class(self) -> bool:
        return len({i.label for i in self.items}) > 1

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "cross_class": self.cross_class,
            "max_distance": self.max_distance,
            "items": [{"path": str(i.path), "label": i.label} for i in self.items],
        }


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


def _dhash_bits(path: Path) -> np.ndarray:
    rgb = load_rgb(path)
    h = imagehash.dhash(Image.fromarray(rgb), hash_size=8)
    return np.asarray(h.hash, dtype=bool).ravel()


def find_duplicates(
    items: list[ImageItem] | tuple[ImageItem, ...],
    *,
    max_distance: int = 2,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> list[DuplicateGroup]:
    """Group exact (same bytes) and near duplicates (difference-hash distance ≤ ``max_distance``).

    Works within and across classes. Exact groups are reported as ``"exact"``; the remaining
    groups linked by perceptual hash as ``"near"`` (an exact group may sit inside a near one).
    Files that cannot be read are left out.
    """
    items = list(items)
    n = len(items)
    shas: list[str | None] = []
    bits = np.zeros((n, 64), dtype=bool)
    ok = np.zeros(n, dtype=bool)
    for i, item in enumerate(items):
        check_stop(should_stop)
        try:
            shas.append(sha256_file(item.path))
            bits[i] = _dhash_bits(item.path)
            ok[i] = True
        except (ImageError, OSError):
            shas.append(None)
        if i % 25 == 0 or i == n - 1:
            progress(Progress("hash", i + 1, n, item.path.name))
    groups: list[DuplicateGroup] = []
    by_sha: dict[str, list[int]] = defaultdict(list)
    for i, sha in enumerate(shas):
        if sha is not None:
            by_sha[sha].append(i)
    for members in by_sha.values():
        if len(members) > 1:
            groups.append(DuplicateGroup("exact", tuple(items[i] for i in members), 0))
    if max_distance >= 0 and n > 1:
        uf = _UnionFind(n)
        packed = np.packbits(bits, axis=1)  # n x 8 bytes
        popcount = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).sum(1)
        for i in range(n - 1):
            if not ok[i]:
                continue
            dist = popcount[np.bitwise_xor(packed[i + 1 :], packed[i])].sum(axis=1)
            for j in np.nonzero((dist <= max_distance) & ok[i + 1 :])[0]:
                uf.union(i, i + 1 + int(j))
        exact_sets = {frozenset(m) for m in by_sha.values() if len(m) > 1}
        for members in uf.groups().values():
            if len(members) > 1 and frozenset(members) not in exact_sets:
                groups.append(
                    DuplicateGroup("near", tuple(items[i] for i in members), max_distance)
                )
    groups.sort(key=lambda g: (g.kind != "exact", str(g.items[0].path)))
    return groups


# ---------------------------------------------------------------- provenance
#
# Derived images (balance's ``__aug`` copies and copied originals, a corrected copy's files,
# anything listed in a provenance file) are the same patient's image as their source: the split
# keeps them with it, and the seen-in-training check recognises them.

PROVENANCE_FILES = ("balance.json", "corrections_report.json", "provenance.json")
_DERIVED_SUFFIX = re.compile(r"__aug\d+_[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$")  # balance's new names
_NAME_TAG = re.compile(r"~[0-9a-f]{8}$")  # augment.fit_name / balance's same-name tag
_provenance_cache: dict[tuple[str, float], dict[str, Path]] = {}


def read_provenance(root: Path | str) -> dict[str, Path]:
    """What each file under ``root`` was derived from, from the provenance files written there
    (``balance.json``, ``corrections_report.json``, ``provenance.json``: a ``sources`` mapping of
    ``Class/file`` to a path relative to the recorded source folder).

    Keys are ``/``-separated paths relative to ``root``, lower-case; values are source files (they
    may no longer exist). Empty when there is no such file or it cannot be read.
    """
    root = Path(root)
    out: dict[str, Path] = {}
    for name in PROVENANCE_FILES:
        f = root / name
        try:
            stamp = f.stat().st_mtime
        except OSError:
            continue
        key = (str(f), stamp)
        if key not in _provenance_cache:
            mapping: dict[str, Path] = {}
            try:
                data = json.loads(f.read_text(encoding="utf-8"))
                source = data.get("source") or (data.get("settings") or {}).get("source")
                for rel, src in (data.get("sources") or {}).items():
                    p = Path(src)
                    if not p.is_absolute():
                        if not source:
                            continue
                        p = Path(source) / p
                    mapping[str(rel).replace("\\", "/").lower()] = p
            except (OSError, ValueError, TypeError, AttributeError):
                mapping = {}
            _provenance_cache[key] = mapping
        out.update(_provenance_cache[key])
    return out


def _recorded_source(path: Path) -> Path | None:
    """The source a provenance file in one of ``path``'s folders records for it, or None."""
    rel: list[str] = [path.name]
    for folder in list(path.parents)[:3]:  # balance and corrected copies write Class/file
        prov = read_provenance(folder) if any((folder / n).exists() for n in PROVENANCE_FILES) else {}
        src = prov.get("/".join(rel).lower())
        if src is not None:
            return src
        rel.insert(0, folder.name)
    return None


def origin_of(path: Path | str) -> Path:
    """The original image ``path`` was derived from (followed through several provenance files,
    e.g. a balanced copy of a corrected copy), or ``path`` itself when it is not a copy."""
    path = Path(path)
    seen = {str(path)}
    for _ in range(8):
        src = _recorded_source(path)
        if src is None or str(src) in seen:
            break
        seen.add(str(src))
        path = src
    return path


def origin_stem(path: Path | str, origin: Path | None = None) -> str:
    """The file-name stem of ``path``'s original: its recorded origin's stem (``origin`` when
    already known), with balance's ``__aug<k>_<op>`` suffix and name tags removed (so a copy
    without a provenance file is still recognised by its name)."""
    stem = (origin or origin_of(path)).stem
    while True:
        new = _NAME_TAG.sub("", _DERIVED_SUFFIX.sub("", stem))
        if new == stem:
            return stem
        stem = new


# ---------------------------------------------------------------- split

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
    uf = _UnionFind(len(items))
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
            data = parsed  # parsed once, with the nesting limit, above
            if data.get("format") != "leukemia-split/1":
                raise DatasetError(f"{path}: not a split manifest")
            root = Path(data["root"])
            seed = int(data["seed"])
            entries = [SplitEntry(**e) for e in data["entries"]]
            fractions = tuple(data["fractions"])  # type: ignore[assignment]
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
    return Manifest(root, tuple(entries), seed, fractions, block_size, max_distance)  # type: ignore[arg-type]
