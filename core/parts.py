"""How big a measured part is, and whether it is too small to estimate an accuracy from.

Plain numbers on a metrics dict, used by the card (model layer) and the metrics (evaluation).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from core.classes import CLASSES


# A part this small estimates nothing: its 95% interval spans tens of points (issue #20).
MIN_IMAGES = 30
MIN_PER_CLASS = 5


def part_size(m: dict[str, Any]) -> int:
    """How many images a metrics dict was computed on (``n``, else its confusion matrix)."""
    if isinstance(m.get("n"), int):
        return int(m["n"])
    cm = m.get("confusion_matrix")
    try:
        return int(np.asarray(cm, dtype=np.int64).sum()) if cm is not None else 0
    except (TypeError, ValueError):
        return 0


def class_support(m: dict[str, Any]) -> dict[str, int]:
    """Images per true class of a metrics dict (its confusion matrix's rows, else ``per_class``'s
    ``support``)."""
    support: dict[str, int] = {}
    cm = m.get("confusion_matrix")
    if cm is not None:
        try:
            rows = np.asarray(cm, dtype=np.int64).sum(axis=1)
            support = dict(zip(m.get("classes") or CLASSES, map(int, rows)))
        except (TypeError, ValueError):
            support = {}
    for c, v in (m.get("per_class") or {}).items():
        if isinstance(v, dict) and "support" in v:
            support[c] = int(v["support"] or 0)
    return support


def few_classes(m: dict[str, Any]) -> list[str]:
    """The classes with fewer than ``MIN_PER_CLASS`` images in a metrics dict."""
    return [c for c, k in class_support(m).items() if k < MIN_PER_CLASS]


def too_small(m: dict[str, Any]) -> str:
    """Why a part is too small to estimate an accuracy from (fewer than ``MIN_IMAGES`` images
    or ``MIN_PER_CLASS`` of a class), or '' when it is not."""
    n = part_size(m)
    reasons = []
    if n < MIN_IMAGES:
        reasons.append(f"{n} image(s), fewer than {MIN_IMAGES}")
    few = few_classes(m)
    if few:
        reasons.append(f"fewer than {MIN_PER_CLASS} of {', '.join(few)}")
    return "; ".join(reasons)
