"""Image sets a model bundle carries with it: its reference and its rehearsal images.

A continued model must show that it still reads its origin's images (the **reference**:
independent images of the lab it came from, never trained on) and it keeps what its parent
knew by rehearsing some of the parent's training images (the **rehearsal** set). Both travel in
the bundle as one zip each (``reference.zip``, ``rehearsal.zip``), so the card's checksum covers
them like any other file. A zip holds the original image files, unchanged (the pipeline reads
them exactly as it reads a dataset), and ``index.json``: each file's class and where it came
from, and what the set is (``independent``, a ``note`` for people).

The files are the parent's origin images (for the shipped recipe: the public development images
of Aria et al. 2021, Mendeley Data; cite the authors). A lab that continues a model on its own
images does not add them here: only the parent's sets are carried on.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from core.classes import CLASSES
from core.data.scan import ImageItem

REFERENCE_FILE = "reference.zip"
REHEARSAL_FILE = "rehearsal.zip"
INDEX = "index.json"
MAX_SET_BYTES = 12 * 1024 * 1024  # a carried set larger than this is refused (bundle ≤ 25 MB)


class CarriedError(ValueError):
    """A carried set that cannot be read or is not one this app wrote."""


def pack_images(items: Sequence[ImageItem], about: dict[str, Any], *,
                origin: Path | str | None = None) -> bytes:
    """A zip of the files of ``items`` (stored, not recompressed: JPEGs do not shrink) with
    ``index.json``: ``about`` plus one entry per image (its class, its path relative to
    ``origin`` when given)."""
    buf = io.BytesIO()
    entries = []
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for i, item in enumerate(items):
            if item.label not in CLASSES:
                raise CarriedError(f"{item.path}: class {item.label!r} is not one of {CLASSES}")
            name = f"{i:05d}{Path(item.path).suffix.lower() or '.img'}"
            zf.writestr(name, Path(item.path).read_bytes())
            source = Path(item.path)
            if origin is not None:
                try:
                    source = source.resolve().relative_to(Path(origin).resolve())
                except ValueError:
                    source = Path(source.name)
            entries.append({"file": name, "label": item.label, "source": source.as_posix()})
        zf.writestr(INDEX, json.dumps({**about, "images": entries}, indent=1))
    data = buf.getvalue()
    if len(data) > MAX_SET_BYTES:
        raise CarriedError(f"carried set of {len(items)} images is {len(data) / 2**20:.1f} MB, "
                           f"over {MAX_SET_BYTES / 2**20:.0f} MB")
    return data


def read_index(zip_path: Path | str) -> dict[str, Any]:
    """The set's ``index.json`` (what it is and its images), checked."""
    try:
        with zipfile.ZipFile(zip_path) as zf:
            index = json.loads(zf.read(INDEX).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise CarriedError(f"{zip_path}: not a carried image set ({exc})") from None
    images = index.get("images")
    if not isinstance(images, list) or not all(
            isinstance(e, dict) and e.get("label") in CLASSES and isinstance(e.get("file"), str)
            for e in images):
        raise CarriedError(f"{zip_path}: its index lists no usable images")
    return index


def unpack_images(zip_path: Path | str, into: Path | str) -> tuple[list[ImageItem], dict[str, Any]]:
    """Extract a carried set into the folder ``into`` (a temporary one: the caller owns it);
    returns its images as items and its index."""
    index = read_index(zip_path)
    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    items = []
    with zipfile.ZipFile(zip_path) as zf:
        for e in index["images"]:
            name = PurePosixPath(e["file"]).name  # never a path outside ``into``
            if not name or name == INDEX:
                raise CarriedError(f"{zip_path}: bad file name {e['file']!r}")
            target = into / name
            target.write_bytes(zf.read(e["file"]))
            items.append(ImageItem(target, e["label"]))
    return items, index


def carried_file(bundle: Any, name: str) -> Path | None:
    """The path of ``name`` in ``bundle`` when its card lists (and so checksums) it."""
    if name in (bundle.card.get("files") or {}):
        path = Path(bundle.path) / name
        return path if path.is_file() else None
    return None


def spread(items: Sequence[ImageItem], per_class: int) -> list[ImageItem]:
    """At most ``per_class`` items of each class, evenly spaced in file order, so every part of
    the class (every block of consecutive numbers) is represented, not only its first."""
    out: list[ImageItem] = []
    for c in CLASSES:
        of_class = sorted((i for i in items if i.label == c), key=lambda i: str(i.path))
        if len(of_class) <= per_class:
            out.extend(of_class)
            continue
        step = len(of_class) / per_class
        out.extend(of_class[int(k * step)] for k in range(per_class))
    return out
