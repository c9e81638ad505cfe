"""Scan a dataset folder: the labelled images of each class, and the files that cannot be used."""

from __future__ import annotations

import os
import re
import string
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from core.classes import CLASSES, class_for_folder
from core.data.images import ImageError, is_image_name, load_rgb
from core.progress import Progress, ProgressFn, StopFn, check_stop, never_stop, no_progress


# code -> the English sentence of a DatasetError, its values as {name}; core raises these in
# scan, split, balance, evaluate, compare and the training plan
DATASET_ERROR_TEXTS: dict[str, str] = {
    "dataset.not_found": "{path}: folder not found",
    "dataset.not_folder": "{path}: not a folder",
    "dataset.cannot_list": "{path}: cannot list folder ({detail})",
    "dataset.no_class_folders": "{path}: no class folders found (expected subfolders named {classes})",
    "dataset.nothing_to_split": "{path}: no readable images to split",
    "dataset.split_fractions": "split fractions must be non-negative and sum to 1, got {fractions}",
    "dataset.manifest_not_text": "{path}: the manifest is not UTF-8 text",
    "dataset.not_a_manifest": "{path}: not a split manifest",
    "dataset.malformed_manifest": "{path}: malformed manifest ({kind}: {detail})",
    "dataset.bad_entry": "{path}: bad entry {entry} ({label}, {split})",
    "dataset.nothing_to_balance": "{path}: no readable images to balance",
    "dataset.target_range": "target {target} is out of range: allowed 1 to {limit}",
    "dataset.output_not_empty": "{path}: output folder exists and is not empty; choose a new one",
    "dataset.empty_split": "the manifest's {split} split is empty",
    "dataset.no_labelled_images": "{path}: no readable labelled images",
    "dataset.none_read": "none of the images could be read",
    "dataset.none_compared": "no image could be evaluated by both models",
    "dataset.no_training_images": "no training images (the split has an empty train part)",
    "dataset.one_class": "training needs at least two classes with images; found {found}",
}


def _fields(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _pattern(template: str) -> re.Pattern[str]:
    parts = [re.escape(text) + (f"(?P<{name}>.*?)" if name else "")
             for text, name, _, _ in string.Formatter().parse(template)]
    return re.compile("".join(parts), re.S)


DATASET_ERROR_CODES: dict[str, tuple[str, ...]] = {c: _fields(t) for c, t in DATASET_ERROR_TEXTS.items()}
_E = TypeVar("_E", bound="DatasetError")


class DatasetError(Exception):
    """A dataset folder or manifest that cannot be used at all.

    The message is the English sentence; ``code`` and ``params`` say the same for an interface
    to word in its own language (``code`` is None for a sentence with no code, e.g. a refusal
    passed on whole, whose own error keeps its code). Raised with a message only, the error
    takes the code whose sentence it is (:data:`DATASET_ERROR_TEXTS`)."""

    TEXTS: dict[str, str] = DATASET_ERROR_TEXTS
    code: str | None
    params: dict[str, object]

    def __init__(self, message: str, code: str | None = None, params: dict[str, object] | None = None) -> None:
        super().__init__(message)
        if code is None:
            code, params = self._recognise(str(message))
        self.code, self.params = code, dict(params or {})

    @classmethod
    def of(cls: type[_E], code: str, **params: object) -> _E:
        """The error of ``code`` with ``params``, its message the code's English sentence."""
        values: dict[str, object] = {k: str(v) for k, v in params.items()}  # as a recognised message gives them
        return cls(cls.TEXTS[code].format(**values), code, values)

    @classmethod
    def _recognise(cls, message: str) -> tuple[str | None, dict[str, object]]:
        for code, template in cls.TEXTS.items():
            match = _pattern(template).fullmatch(message)
            if match:
                return code, dict(match.groupdict())
        return None, {}

    def __reduce__(self) -> tuple[type, tuple[str, str | None, dict[str, object]]]:
        return type(self), (str(self), self.code, self.params)  # copies and pickles keep the code


UNUSABLE_CODES: dict[str, tuple[str, ...]] = {  # besides the image codes
    "scan.not_image": (),
    "scan.cannot_list": ("detail",),
}


class Unusable(str):
    """Why a file of :attr:`ScanResult.bad_files` is left out: the English sentence itself, with
    ``code`` (:data:`core.data.images.IMAGE_ERROR_CODES`, ``scan.not_image`` or
    ``scan.cannot_list``) and ``params``, so an interface can word it in its own language."""

    code: str
    params: dict[str, object]

    def __new__(cls, text: str, code: str, params: dict[str, object]) -> Unusable:
        self = super().__new__(cls, text)
        self.code, self.params = code, dict(params)
        return self

    def __getnewargs__(self) -> tuple[str, str, dict[str, object]]:  # type: ignore[override]
        return str(self), self.code, self.params  # copies and pickles keep the code


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
            detail = str(exc.strerror or exc)
            errors.append((where, Unusable(f"cannot list folder ({detail})", "scan.cannot_list",
                                           {"detail": detail})))

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
        raise DatasetError.of("dataset.not_found", path=root)
    if not root.is_dir():
        raise DatasetError.of("dataset.not_folder", path=root)
    try:
        children = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError as exc:
        raise DatasetError.of("dataset.cannot_list", path=root, detail=exc.strerror or exc) from None
    class_dirs: list[tuple[str, Path]] = []
    unknown: list[str] = []
    for child in children:
        label = class_for_folder(child.name)
        if label is None:
            unknown.append(child.name)
        else:
            class_dirs.append((label, child))
    if not class_dirs:
        raise DatasetError.of("dataset.no_class_folders", path=root, classes=", ".join(CLASSES))
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
                bad.append((f, Unusable("not an image file (extension)", "scan.not_image", {})))
    items: list[ImageItem] = []
    total = len(candidates)
    for i, (label, f) in enumerate(candidates):
        check_stop(should_stop)
        if verify:
            try:
                load_rgb(f)
            except ImageError as exc:
                bad.append((f, Unusable(exc.reason, exc.code, exc.params)))
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
