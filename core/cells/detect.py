"""Leukocyte detection by stain colour, with touching cells split by a watershed.

Why colour, and which colour: in May-Grünwald-Giemsa smears the nuclei (and the pale, lysed
smudge cells) of white cells take up the purple of the azure-eosin complex, while red cells stay
grey-lavender or, in bluer preparations, blue. Against the glass, purple is *redder than green*
and *bluer than green*; blue red cells are bluer than green but not redder. So the score is
``(R - G) + w * (B - G)``, each difference taken relative to the glass of the same field (so a
yellow or blue cast moves nothing) and scaled by the glass's brightness (so dim and bright
exposures score alike). Saturation alone, which also rises on blue red cells, is not used.

All sizes are for a 224-pixel field of this data (100x objective) and scale with the field's
shorter side, so a larger image of the same field of view gives the same cells.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

REFERENCE_SIDE = 224


@dataclass(frozen=True)
class CellParams:
    """Detection settings. ``min_area`` and the radii are in pixels of a 224-pixel field."""

    blue_weight: float = 0.4
    threshold: float = 25.0
    min_area: int = 150
    smooth: int = 5  # Gaussian blur of the score, odd
    split: bool = True  # separate touching cells (distance transform + watershed)
    min_radius: float = 5.0  # a split-off part must be at least this thick
    saddle: float = 0.88  # split where the neck is thinner than this share of the smaller cell
    max_red: float = 10.0  # R - B above the glass's: red ink, not a stained cell
    min_strength: float = 40.0  # the 90th percentile of a cell's score: a stained cell, not a
    # dim patch of glass or a red cell that only just crosses the threshold
    part_area: float = 0.8  # a split-off part needs this share of min_area


@dataclass(frozen=True)
class Cell:
    """One white cell in the image's own pixel coordinates.

    ``x, y, w, h`` is the bounding box (top-left corner and size), ``cx, cy`` the centroid of the
    mask, ``mask`` a boolean ``h x w`` array over the box, ``area`` its pixel count.
    """

    x: int
    y: int
    w: int
    h: int
    cx: float
    cy: float
    area: int
    mask: np.ndarray

    def to_dict(self) -> dict:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h, "area": self.area,
                "cx": round(self.cx, 1), "cy": round(self.cy, 1)}

    def touches_border(self, shape: tuple[int, ...]) -> bool:
        return self.x == 0 or self.y == 0 or self.x + self.w >= shape[1] or self.y + self.h >= shape[0]

    def crop(self, rgb: np.ndarray, margin: float = 0.15, square: bool = True) -> np.ndarray:
        """The cell at native resolution: its box widened by ``margin`` (and made square),
        clipped to the image, never resampled."""
        side_w, side_h = self.w * (1 + 2 * margin), self.h * (1 + 2 * margin)
        if square:
            side_w = side_h = max(side_w, side_h)
        x0 = int(round(self.cx - side_w / 2))
        y0 = int(round(self.cy - side_h / 2))
        x1, y1 = x0 + int(round(side_w)), y0 + int(round(side_h))
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(rgb.shape[1], x1), min(rgb.shape[0], y1)
        return rgb[y0:y1, x0:x1]


def _glass(rgb: np.ndarray) -> np.ndarray:
    """The field's background colour: the median of the brightest quarter of pixels (on a
    grid of every other pixel, which sees enough glass; medians from histograms, as they are
    uint8, which is five times faster than sorting)."""
    small = np.ascontiguousarray(rgb[::2, ::2, :3]).reshape(-1, 3)
    if small.dtype != np.uint8:
        small = np.clip(small, 0, 255).astype(np.uint8)
    v = small.max(axis=1)
    cut = int(np.searchsorted(np.cumsum(np.bincount(v, minlength=256)), 0.75 * len(v)))
    sel = small[v >= cut]
    half = len(sel) / 2
    return np.array([np.searchsorted(np.cumsum(np.bincount(sel[:, c], minlength=256)), half)
                     for c in range(3)], dtype=np.float32)


def stain_score(rgb: np.ndarray, params: CellParams = CellParams()) -> np.ndarray:
    """The purple-stain score per pixel (float32, 0 on the glass; see the module docstring)."""
    rgb = np.ascontiguousarray(rgb[..., :3])
    bg = _glass(rgb)
    scale = 255.0 / max(float(bg.max()), 1.0)
    w = params.blue_weight
    # One pass of OpenCV for two channels, each relative to the glass and scaled by its
    # brightness: the score (R - G) + w (B - G), and the redness R - B.
    offset_score = -float(bg[0] - bg[1] + w * (bg[2] - bg[1])) * scale
    offset_red = -float(bg[0] - bg[2]) * scale
    m = np.array([[scale, -(1.0 + w) * scale, w * scale, offset_score],
                  [scale, 0.0, -scale, offset_red]], dtype=np.float32)
    both = cv2.transform(rgb, m.astype(np.float64)) if rgb.dtype != np.uint8 else \
        cv2.transform(rgb.astype(np.float32), m)
    s, red = both[..., 0], both[..., 1]
    # Red is not purple: stained cells are bluer than they are red, while the red ink of a
    # scale-bar label (and red debris) is redder than blue; such pixels score nothing.
    s[(red > params.max_red) & (s > 0)] = 0.0
    k = params.smooth | 1
    return cv2.GaussianBlur(s, (k, k), 0)


def _split(component: np.ndarray, params: CellParams, scale: float) -> np.ndarray:
    """Labels (int32, 0 background) of one connected mask split into its touching cells."""
    dist = cv2.distanceTransform(component, cv2.DIST_L2, 5)
    r = params.min_radius * scale
    win = max(3, int(2 * r) | 1)
    peaks = (dist >= cv2.dilate(dist, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (win, win)))) \
        & (dist >= r)
    n, seeds = cv2.connectedComponents(peaks.astype(np.uint8), connectivity=8)
    if n <= 2:
        return component.astype(np.int32)
    # Keep two seeds apart only when the neck between them is thin: the lowest distance on the
    # straight line joining them is under `saddle` times the thinner seed's radius.
    centres = [np.argwhere(seeds == i).mean(axis=0) for i in range(1, n)]
    heights = [float(dist[seeds == i].max()) for i in range(1, n)]
    parent = list(range(n - 1))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n - 1):
        for j in range(i + 1, n - 1):
            a, b = centres[i], centres[j]
            gap = float(np.hypot(*(a - b)))
            if gap > heights[i] + heights[j]:  # not neighbours: the line crosses other cells
                continue
            steps = int(gap) + 2
            line = np.linspace(a, b, steps).round().astype(int)
            neck = float(dist[line[:, 0], line[:, 1]].min())
            if neck >= params.saddle * min(heights[i], heights[j]):
                parent[find(i)] = find(j)
    roots = sorted({find(i) for i in range(n - 1)})
    if len(roots) == 1:
        return component.astype(np.int32)
    # Each pixel goes to the cell whose seed it is closest to, less that seed's radius (a
    # power diagram of the seeds: the cut falls at the neck between two round cells, as a
    # watershed of the distance map would, at a fraction of the cost).
    centre = np.array([np.mean([centres[i] for i in range(n - 1) if find(i) == r], axis=0)
                       for r in roots])
    radius = np.array([max(heights[i] for i in range(n - 1) if find(i) == r) for r in roots])
    ys, xs = np.nonzero(component)
    d = np.hypot(ys[:, None] - centre[None, :, 0], xs[:, None] - centre[None, :, 1]) - radius
    labels = np.zeros(component.shape, np.int32)
    labels[ys, xs] = np.argmin(d, axis=1) + 1
    return labels


def detect_cells(rgb: np.ndarray, params: CellParams = CellParams()) -> list[Cell]:
    """The white cells of one field (``HxWx3`` uint8 RGB), largest first.

    Returns an empty list for a field with no white cell.
    """
    if rgb.ndim != 3 or rgb.shape[2] < 3 or min(rgb.shape[:2]) < 16:
        return []
    scale = min(rgb.shape[:2]) / REFERENCE_SIDE
    min_area = params.min_area * scale * scale
    score = stain_score(rgb, params)
    mask = (score > params.threshold).astype(np.uint8)
    k = max(3, int(round(5 * scale)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    cells: list[Cell] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < min_area:
            continue
        component = (labels[y:y + h, x:x + w] == i).astype(np.uint8)
        parts = _split(component, params, scale) if params.split else component.astype(np.int32)
        for p in range(1, int(parts.max()) + 1):
            part = parts == p
            # a split-off part may be smaller than a whole cell must be (a small lymphocyte
            # against a blast), but not a sliver
            if part.sum() < (min_area if int(parts.max()) == 1 else params.part_area * min_area):
                continue
            ys, xs = np.nonzero(part)
            values = score[y + ys, x + xs]
            if np.partition(values, int(0.9 * (len(values) - 1)))[int(0.9 * (len(values) - 1))] \
                    < params.min_strength:
                continue
            px0, py0 = int(xs.min()), int(ys.min())
            sub = part[py0:int(ys.max()) + 1, px0:int(xs.max()) + 1]
            cells.append(Cell(x + px0, y + py0, sub.shape[1], sub.shape[0],
                              float(x + xs.mean()), float(y + ys.mean()), int(part.sum()), sub))
    cells.sort(key=lambda c: -c.area)
    return cells


def cells_mask(cells: list[Cell], shape: tuple[int, ...]) -> np.ndarray:
    """One boolean mask of the image's size holding every cell."""
    out = np.zeros(shape[:2], dtype=bool)
    for c in cells:
        out[c.y:c.y + c.h, c.x:c.x + c.w] |= c.mask
    return out
