"""Where a derived image came from.

Derived images (balance's ``__aug`` copies and copied originals, a corrected copy's files,
anything listed in a provenance file) are the same patient's image as their source: the split
keeps them with it, and the seen-in-training check recognises them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

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
