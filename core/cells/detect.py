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
    min_strength: float = 32.0  # a cell's mean score: a stained cell, not a dim patch of
    # glass or a red cell that only just crosses the threshold
    part_area: float = 0.8  # a split-off part needs this share of min_area
    relative: bool = True  # scale threshold and strength down in a paler field (see detect)
    # the range of a field's 99.5th-percentile score over the reviewed development fields
    # is 58-149; between 70 and 120 the cut-offs stand, a paler or more saturated field scales
    # them (120, not 149: a 1.5x more saturated smear would otherwise add red cells)
    reference_top: tuple[float, float] = (70.0, 120.0)
    floor: float = 18.0  # the lowest threshold: below it are glass noise and lavender red cells


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
    """The field's background colour: the per-channel median of its brightest quarter of
    pixels, taken on every other pixel (enough glass) from OpenCV histograms (uint8)."""
    small = cv2.resize(np.ascontiguousarray(rgb[..., :3]), None, fx=0.5, fy=0.5,
                       interpolation=cv2.INTER_NEAREST)
    if small.dtype != np.uint8:
        small = np.clip(small, 0, 255).astype(np.uint8)
    channels = cv2.split(small)
    v = cv2.max(cv2.max(channels[0], channels[1]), channels[2])
    hist = cv2.calcHist([v], [0], None, [256], [0, 256]).ravel()
    cut = int(np.searchsorted(np.cumsum(hist), 0.75 * v.size))
    bright = (v >= cut).astype(np.uint8)
    out = np.empty(3, np.float32)
    for c, ch in enumerate(channels):
        h = np.cumsum(cv2.calcHist([ch], [0], bright, [256], [0, 256]).ravel())
        out[c] = float(np.searchsorted(h, h[-1] / 2))
    return out


def stain_score(rgb: np.ndarray, params: CellParams = CellParams()) -> np.ndarray:
    """The purple-stain score per pixel (uint8: 0 on the glass and below, saturating at 255;
    see the module docstring)."""
    rgb = np.ascontiguousarray(rgb[..., :3])
    if rgb.dtype != np.uint8:
        rgb = np.clip(rgb, 0, 255).astype(np.uint8)
    bg = _glass(rgb)
    scale = 255.0 / max(float(bg.max()), 1.0)
    w = params.blue_weight
    # Two maps, each relative to the glass and scaled by its brightness: the score
    # (R - G) + w (B - G), and the redness R - B, in one OpenCV pass. Only values above zero
    # matter, so both stay uint8 (saturating), which is also the fastest path here.
    offset_score = -float(bg[0] - bg[1] + w * (bg[2] - bg[1])) * scale
    offset_red = -float(bg[0] - bg[2]) * scale
    m = np.array([[scale, -(1.0 + w) * scale, w * scale, offset_score],
                  [scale, 0.0, -scale, offset_red]], dtype=np.float32)
    both = cv2.transform(rgb, m)  # uint8 in, uint8 out, rounded and saturated: all we need
    s, red = both[..., 0].copy(), both[..., 1]
    # Red is not purple: stained cells are bluer than they are red, while the red ink of a
    # scale-bar label (and red debris) is redder than blue; such pixels score nothing.
    s[red > params.max_red] = 0
    k = params.smooth | 1
    return cv2.GaussianBlur(s, (k, k), 0)


def _split(component: np.ndarray, dist: np.ndarray, seed_labels: np.ndarray,
           params: CellParams) -> np.ndarray:
    """Labels (int32, 0 background) of one connected mask split into its touching cells.

    ``dist`` and ``seed_labels`` are the field's distance map and distance peaks, cropped to the
    component's box (computed once per field, not per component).
    """
    inside = seed_labels[component > 0]
    ids = np.unique(inside[inside > 0])
    n = len(ids) + 1
    if n <= 2:
        return component.astype(np.int32)
    # Seed centres (row, col) and heights (peak distance), from one pass over the seed pixels.
    rows, cols = np.nonzero((seed_labels > 0) & (component > 0))
    k = np.searchsorted(ids, seed_labels[rows, cols])
    counts = np.bincount(k, minlength=n - 1)
    cy = np.bincount(k, weights=rows, minlength=n - 1) / counts
    cx = np.bincount(k, weights=cols, minlength=n - 1) / counts
    heights = np.zeros(n - 1)
    np.maximum.at(heights, k, dist[rows, cols])
    centres = np.stack([cy, cx], axis=1)
    # Keep two seeds apart only when the neck between them is thin: the lowest distance on the
    # straight line joining them is under `saddle` times the thinner seed's radius.
    parent = list(range(n - 1))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    gaps = np.hypot(centres[:, None, 0] - centres[None, :, 0], centres[:, None, 1] - centres[None, :, 1])
    near = np.argwhere(np.triu(gaps <= heights[:, None] + heights[None, :], 1))
    for i, j in near:  # only neighbours: a longer line would cross other cells
        t = np.arange(int(gaps[i, j]) + 2) / (int(gaps[i, j]) + 1)
        line = (centres[i] + (centres[j] - centres[i]) * t[:, None]).round().astype(int)
        neck = float(dist[line[:, 0], line[:, 1]].min())
        if neck >= params.saddle * min(heights[i], heights[j]):
            parent[find(int(i))] = find(int(j))
    roots = sorted({find(i) for i in range(n - 1)})
    if len(roots) == 1:
        return component.astype(np.int32)
    # Each pixel goes to the cell whose seed it is closest to, less that seed's radius (a
    # power diagram of the seeds: the cut falls at the neck between two round cells, as a
    # watershed of the distance map would, at a fraction of the cost).
    group = np.array([roots.index(find(i)) for i in range(n - 1)])
    centre = np.stack([np.bincount(group, weights=centres[:, d]) / np.bincount(group)
                       for d in (0, 1)], axis=1)
    radius = np.zeros(len(roots))
    np.maximum.at(radius, group, heights)
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
    threshold, strength = params.threshold, params.min_strength
    if params.relative:
        # Scale the cut-offs with the field's own stain when it is outside the development
        # range: its strongest pixels (99.5th percentile) stand for "a stained cell" here, so
        # a paler or more saturated smear of the same cells gives the same cells; never below
        # a floor, so glass stays glass.
        hist = np.cumsum(cv2.calcHist([score], [0], None, [256], [0, 256]).ravel())
        top = float(np.searchsorted(hist, 0.995 * hist[-1]))
        lo, hi = params.reference_top
        factor = top / lo if top < lo else top / hi if top > hi else 1.0
        factor = max(factor, params.floor / params.threshold)
        threshold, strength = params.threshold * factor, params.min_strength * factor
    mask = (score > threshold).astype(np.uint8)
    k = max(3, int(round(5 * scale)) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    # BBDT: the same labels as the default, faster with statistics on one thread (docs/decisions.md)
    n, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S,
                                                                        cv2.CCL_BBDT)
    if params.split:
        dist = cv2.distanceTransform(mask, cv2.DIST_L2, 5)
        r = params.min_radius * scale
        win = max(3, int(2 * r) | 1)
        peaks = (dist >= cv2.dilate(dist, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (win, win)))) \
            & (dist >= r)
        _, seed_labels = cv2.connectedComponents(peaks.astype(np.uint8), connectivity=8)
        # Seeds per component, once for the field: a component with one seed needs no split.
        at = seed_labels > 0
        pairs = np.unique(labels[at].astype(np.int64) * (int(seed_labels.max()) + 1) + seed_labels[at])
        seeds_in = np.bincount(pairs // (int(seed_labels.max()) + 1), minlength=n)
    cells: list[Cell] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < min_area:
            continue
        inside = labels[y:y + h, x:x + w] == i
        if params.split and area >= 2 * params.part_area * min_area and seeds_in[i] > 1:
            parts = _split(inside.astype(np.uint8), dist[y:y + h, x:x + w],
                           seed_labels[y:y + h, x:x + w], params)
        else:
            parts = inside.astype(np.int32)
        local = score[y:y + h, x:x + w]
        for p in range(1, int(parts.max()) + 1):
            own = (parts == p).astype(np.uint8)
            m = cv2.moments(own, binaryImage=True)
            a = int(m["m00"])
            # a split-off part may be smaller than a whole cell must be (a small lymphocyte
            # against a blast), but not a sliver; and it must be stained, not just over the line
            if a < params.part_area * min_area or \
                    float(cv2.mean(local, mask=own)[0]) < strength:
                continue
            bx, by, bw, bh = cv2.boundingRect(own)
            cells.append(Cell(x + bx, y + by, bw, bh, x + m["m10"] / a, y + m["m01"] / a, a,
                              own[by:by + bh, bx:bx + bw].astype(bool)))
    cells.sort(key=lambda c: -c.area)
    return cells


def cells_mask(cells: list[Cell], shape: tuple[int, ...]) -> np.ndarray:
    """One boolean mask of the image's size holding every cell."""
    out = np.zeros(shape[:2], dtype=bool)
    for c in cells:
        out[c.y:c.y + c.h, c.x:c.x + c.w] |= c.mask
    return out


def cell_windows(rgb: np.ndarray, cells: list[Cell], side: int = 64) -> np.ndarray:
    """A fixed ``side``-pixel window of the image around each cell's centre (``N x side x side
    x 3`` uint8), at native resolution: the window keeps the cell's size, which a crop scaled to
    its box would lose. Parts outside the image are filled with the field's glass colour."""
    rgb = np.ascontiguousarray(rgb[..., :3])
    out = np.empty((len(cells), side, side, 3), np.uint8)
    if not cells:
        return out
    glass = tuple(int(v) for v in _glass(rgb))
    half = side // 2
    padded = cv2.copyMakeBorder(rgb, half, half, half, half, cv2.BORDER_CONSTANT, value=glass)
    for k, c in enumerate(cells):
        x0, y0 = int(round(c.cx)), int(round(c.cy))  # window centre, shifted by the padding
        out[k] = padded[y0:y0 + side, x0:x0 + side]
    return out
