"""Scoring a detector against ground truth: marked cell centres, or reference masks."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable, Sequence

import cv2
import numpy as np

from core.cells.detect import Cell, cells_mask


@dataclass(frozen=True)
class Match:
    """Counts for one or more fields: ``found`` marked cells with their own detection, ``missed``
    marked cells without one, ``false`` detections on no marked cell (nor an ignored spot)."""

    found: int = 0
    missed: int = 0
    false: int = 0

    def __add__(self, other: Match) -> Match:
        return Match(self.found + other.found, self.missed + other.missed, self.false + other.false)

    @property
    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found + self.missed else float("nan")

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.false) if self.found + self.false else float("nan")


def match_centres(cells: Sequence[Cell], centres: Iterable[Sequence[float]],
                  ignore: Iterable[Sequence[float]] = (), tolerance: int = 3) -> Match:
    """One-to-one matching of detections to marked centres.

    A centre can be claimed by a detection whose mask (grown by ``tolerance`` pixels) holds it;
    pairs are taken nearest first, so two touching cells found as one detection count one found
    and one missed. A detection claiming no centre is false unless its box holds an ignored spot.
    """
    centres = [tuple(map(float, c)) for c in centres]
    ignore = [tuple(map(float, c)) for c in ignore]
    grow = np.ones((2 * tolerance + 1, 2 * tolerance + 1), np.uint8)
    pairs = []
    for i, c in enumerate(cells):
        grown = cv2.dilate(np.pad(c.mask, tolerance).astype(np.uint8), grow) > 0
        for j, (x, y) in enumerate(centres):
            xi, yi = int(round(x)) - c.x + tolerance, int(round(y)) - c.y + tolerance
            if 0 <= yi < grown.shape[0] and 0 <= xi < grown.shape[1] and grown[yi, xi]:
                pairs.append((float(np.hypot(c.cx - x, c.cy - y)), i, j))
    pairs.sort()
    used_cells: set[int] = set()
    used_centres: set[int] = set()
    for _, i, j in pairs:
        if i not in used_cells and j not in used_centres:
            used_cells.add(i)
            used_centres.add(j)
    false = sum(1 for i, c in enumerate(cells) if i not in used_cells and not any(
        abs(c.cx - x) <= c.w / 2 + tolerance and abs(c.cy - y) <= c.h / 2 + tolerance
        for x, y in ignore))
    return Match(len(used_centres), len(centres) - len(used_centres), false)


def mask_components(mask: np.ndarray, min_area: int = 150) -> list[np.ndarray]:
    """The connected parts (8-connected) of a reference mask with at least ``min_area`` pixels."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return [labels == i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= min_area]


def found_in_mask(cells: Sequence[Cell], reference: np.ndarray, min_area: int = 150,
                  cover: float = 0.3) -> tuple[int, int]:
    """``(found, total)``: reference components of which at least ``cover`` lies under the
    detections' masks."""
    detected = cells_mask(list(cells), reference.shape)
    parts = mask_components(reference, min_area)
    return sum(1 for p in parts if detected[p].mean() >= cover), len(parts)
