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
    cut = int(np.count_nonzero(np.cumsum(hist) < 0.75 * v.size))  # the first bin reaching 75%
    bright = cv2.threshold(v, cut - 1, 1, cv2.THRESH_BINARY)[1] if cut > 0 else np.ones_like(v)
    # the three channels' histograms over the same pixels: one median count for all
    h = np.cumsum([cv2.calcHist([ch], [0], bright, [256], [0, 256]).ravel() for ch in channels],
                  axis=1, dtype=np.float32)
    return np.count_nonzero(h < h[0, -1] / 2, axis=1).astype(np.float32)


def stain_score(rgb: np.ndarray, params: CellParams = CellParams()) -> np.ndarray:
    """The purple-stain score per pixel (uint8: 0 on the glass and below, saturating at 255;
    see the module docstring)."""
    rgb = np.ascontiguousarray(rgb[..., :3])
    if rgb.dtype != np.uint8:
        rgb = np.clip(rgb, 0, 255).astype(np.uint8)
    bg = _glass(rgb)
    scale = 255.0 / max(float(bg.max()), 1.0)
    w = params.blue_weight
    # The score (R - G) + w (B - G), relative to the glass and scaled by its brightness, in one
    # OpenCV pass. Only values above zero matter, so it stays uint8 (rounded, saturating).
    offset_score = -float(bg[0] - bg[1] + w * (bg[2] - bg[1])) * scale
    m = np.array([[scale, -(1.0 + w) * scale, w * scale, offset_score]], dtype=np.float32)
    s = cv2.transform(rgb, m)
    # Red is not purple: stained cells are bluer than they are red, while the red ink of a
    # scale-bar label (and red debris) is redder than blue; such pixels score nothing. The
    # redness (R - B) relative to the glass, scaled, rounds above `max_red` exactly where the
    # integer R - B exceeds `cut`, so the test is on R - B itself (uint8, saturating).
    s_red, o_red = np.float32(scale), np.float32(-float(bg[0] - bg[2]) * scale)
    cut = int(np.floor((params.max_red + 0.5 - float(o_red)) / float(s_red)))
    r_ch, b_ch = cv2.extractChannel(rgb, 0), cv2.extractChannel(rgb, 2)
    if cut >= 0:  # red where R - B > cut
        keep = cv2.threshold(cv2.subtract(r_ch, b_ch), cut, 255, cv2.THRESH_BINARY_INV)[1]
    else:  # red where B - R < -cut, i.e. not above -cut - 1
        keep = cv2.threshold(cv2.subtract(b_ch, r_ch), -cut - 1, 255, cv2.THRESH_BINARY)[1]
    s = cv2.bitwise_and(s, keep)
    k = params.smooth | 1
    return cv2.GaussianBlur(s, (k, k), 0)


def _stain_factor(score: np.ndarray, params: CellParams) -> float:
    """How much to scale the cut-offs: the field's 99.5th-percentile score over the reference
    range (1 inside it), never below ``floor / threshold``.

    The percentile is the lowest value v with at least 99.5% of the pixels at or below it; two
    counts tell whether it lies in the range, and only a field outside it needs the histogram.
    """
    lo, hi = params.reference_top
    total = np.float32(score.size)
    need = int(np.ceil(0.995 * total))  # pixels at or below the percentile (integer counts)

    def at_most(v: int) -> int:
        return score.size - cv2.countNonZero(cv2.threshold(score, v, 1, cv2.THRESH_BINARY)[1])

    below_lo = int(np.ceil(lo)) - 1
    if below_lo >= 0 and at_most(below_lo) < need and at_most(int(np.floor(hi))) >= need:
        factor = 1.0  # lo <= percentile <= hi
    else:
        hist = np.cumsum(cv2.calcHist([score], [0], None, [256], [0, 256]).ravel())
        top = float(np.searchsorted(hist, 0.995 * hist[-1]))
        factor = top / lo if top < lo else top / hi if top > hi else 1.0
    return max(factor, params.floor / params.threshold)


_DISCS: dict[int, np.ndarray] = {}


def _disc(side: int) -> np.ndarray:
    """The elliptic structuring element of ``side`` pixels (made once)."""
    if side not in _DISCS:
        _DISCS[side] = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))
    return _DISCS[side]


def _seeds(dist: np.ndarray, inside: np.ndarray, x: int, y: int, w: int, h: int,
           r: float, win: int) -> tuple[int, np.ndarray]:
    """The distance peaks (seeds) of one component: their count and labels over its box.

    A peak is a pixel at least ``r`` from the glass and no lower than any pixel within
    ``win // 2`` of it; touching peaks are one seed. The local maximum is taken over the box
    widened by ``win // 2`` (within the image), so it sees what a whole-field pass would.
    """
    pad = win // 2
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(dist.shape[1], x + w + pad), min(dist.shape[0], y + h + pad)
    top = cv2.dilate(dist[y0:y1, x0:x1], _disc(win))[y - y0:y - y0 + h, x - x0:x - x0 + w]
    d = dist[y:y + h, x:x + w]
    # 255 where no higher pixel is near, & 1 where thick enough, & 1 inside the component
    peaks = np.bitwise_and(cv2.compare(d, top, cv2.CMP_GE), (d >= r).view(np.uint8))
    np.bitwise_and(peaks, inside.view(np.uint8), out=peaks)
    n, labels = cv2.connectedComponents(peaks, connectivity=8)
    return n - 1, labels


def _split(component: np.ndarray, dist: np.ndarray, seed_labels: np.ndarray, n_seeds: int,
           params: CellParams) -> np.ndarray | None:
    """Labels (int32, 0 background) of one connected mask split into its touching cells, or
    None where it stays whole.

    ``dist`` is the field's distance map cropped to the component's box and ``seed_labels``
    its ``n_seeds`` distance peaks (1, 2, ... in raster order), from ``_seeds``.
    """
    if n_seeds < 2:
        return None
    # Seed centres (row, col) and heights (peak distance), from one pass over the seed pixels.
    # All pixels of a seed have the same distance (each is a local maximum of the others).
    rows, cols = np.nonzero(seed_labels)
    k = seed_labels[rows, cols] - 1
    counts = np.bincount(k, minlength=n_seeds)
    centres = np.empty((n_seeds, 2))
    centres[:, 0] = np.bincount(k, weights=rows, minlength=n_seeds) / counts
    centres[:, 1] = np.bincount(k, weights=cols, minlength=n_seeds) / counts
    heights = np.zeros(n_seeds)
    heights[k] = dist[rows, cols]
    # Keep two seeds apart only when the neck between them is thin: the lowest distance on the
    # straight line joining them is under `saddle` times the thinner seed's radius.
    parent = list(range(n_seeds))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    gaps = np.hypot(centres[:, None, 0] - centres[None, :, 0], centres[:, None, 1] - centres[None, :, 1])
    close = (gaps <= heights[:, None] + heights[None, :]).tolist()
    gap, height = gaps.tolist(), heights.tolist()
    for i in range(n_seeds):
        for j in range(i + 1, n_seeds):
            if not close[i][j]:  # only neighbours: a longer line would cross other cells
                continue
            steps = int(gap[i][j]) + 1
            t = np.arange(steps + 1) / steps
            line = (centres[i] + (centres[j] - centres[i]) * t[:, None]).round().astype(int)
            neck = float(dist[line[:, 0], line[:, 1]].min())
            if neck >= params.saddle * min(height[i], height[j]):
                parent[find(i)] = find(j)
    roots = sorted({find(i) for i in range(n_seeds)})
    if len(roots) == 1:
        return None
    # Each pixel goes to the cell whose seed it is closest to, less that seed's radius (a
    # power diagram of the seeds: the cut falls at the neck between two round cells, as a
    # watershed of the distance map would, at a fraction of the cost).
    group = np.array([roots.index(find(i)) for i in range(n_seeds)])
    sizes = np.bincount(group)
    radius = np.zeros(len(roots))
    np.maximum.at(radius, group, heights)
    cy = np.bincount(group, weights=centres[:, 0]) / sizes
    cx = np.bincount(group, weights=centres[:, 1]) / sizes
    # The distances over the box in float32 (rows and columns apart); a pixel where two cells
    # come within 1e-3 of a tie is decided again in float64 with hypot, as exactly as before.
    ys = np.arange(component.shape[0], dtype=np.float32)[:, None]
    xs = np.arange(component.shape[1], dtype=np.float32)[None, :]
    d = np.empty((len(roots), *component.shape), np.float32)
    for g in range(len(roots)):
        np.add(np.square(ys - np.float32(cy[g])), np.square(xs - np.float32(cx[g])), out=d[g])
        np.sqrt(d[g], out=d[g])
        d[g] -= np.float32(radius[g])
    if len(roots) == 2:
        labels = (d[1] < d[0]).astype(np.int32) + 1
        close_call = np.abs(d[1] - d[0]) < 1e-3
    else:
        labels = np.argmin(d, axis=0).astype(np.int32) + 1
        d -= d.min(axis=0)
        close_call = np.count_nonzero(d < 1e-3, axis=0) > 1
    if close_call.any():
        r, c = np.nonzero(close_call)
        exact = np.stack([np.hypot(r - cy[g], c - cx[g]) - radius[g] for g in range(len(roots))])
        labels[r, c] = np.argmin(exact, axis=0) + 1
    labels *= component
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
        factor = _stain_factor(score, params)
        threshold, strength = params.threshold * factor, params.min_strength * factor
    # score > threshold (OpenCV compares a uint8 image with the threshold's floor: the same)
    mask = cv2.threshold(score, threshold, 1, cv2.THRESH_BINARY)[1]
    k = max(3, int(round(5 * scale)) | 1)
    kernel = _disc(k)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    # BBDT: the same labels as the default, faster with statistics on one thread (docs/decisions.md)
    n, labels, stats, _ = cv2.connectedComponentsWithStatsWithAlgorithm(mask, 8, cv2.CV_32S,
                                                                        cv2.CCL_BBDT)
    split_area = 2 * params.part_area * min_area
    dist = None
    if params.split and n > 1 and stats[1:, cv2.CC_STAT_AREA].max() >= split_area:
        dist = cv2.distanceTransform(mask, cv2.DIST_L2, 5)
        r = params.min_radius * scale
        win = max(3, int(2 * r) | 1)
    part_min = params.part_area * min_area
    cells: list[Cell] = []
    for i, (x, y, w, h, area) in enumerate(stats.tolist()):
        if i == 0 or area < min_area:
            continue
        inside = labels[y:y + h, x:x + w] == i
        parts = None
        if dist is not None and area >= split_area:
            # seeds found per large component only, on its box: a field pass would be wasted on
            # the small ones and the glass; a component with one seed needs no split
            box = dist[y:y + h, x:x + w]
            n_seeds, seeds = _seeds(dist, inside, x, y, w, h, r, win)
            parts = _split(inside.view(np.uint8), box, seeds, n_seeds, params)
        local = score[y:y + h, x:x + w]
        if parts is None:
            # the whole component: its box is its stats box, its mask `inside`
            own = inside.view(np.uint8)
            m = cv2.moments(own, binaryImage=True)
            a = int(m["m00"])
            if a < part_min or float(cv2.mean(local, mask=own)[0]) < strength:
                continue
            cells.append(Cell(x, y, w, h, x + m["m10"] / a, y + m["m01"] / a, a, inside))
            continue
        for p in range(1, int(parts.max()) + 1):
            own = (parts == p).view(np.uint8)
            m = cv2.moments(own, binaryImage=True)
            a = int(m["m00"])
            # a split-off part may be smaller than a whole cell must be (a small lymphocyte
            # against a blast), but not a sliver; and it must be stained, not just over the line
            if a < part_min or float(cv2.mean(local, mask=own)[0]) < strength:
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
