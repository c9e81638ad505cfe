"""Drawing detected cells: boxes on the field, and a strip of native-resolution crops."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from core.cells.detect import Cell

# One colour per class (RGB), the same in the CLI overlays and everywhere in the app (boxes,
# crops, legends). From Okabe and Ito's colour-blind-safe set: blue, yellow, vermillion and
# bluish green stay apart under the common red-green colour blindness (protanopia,
# deuteranopia) and stand out from glass, red cells and stained nuclei; ``None`` (a cell or
# field without a class) is near-black.
CLASS_COLOURS = {"Benign": (0, 114, 178), "Early": (240, 228, 66), "Pre": (213, 94, 0),
                 "Pro": (0, 158, 115), None: (20, 20, 20)}


def draw_boxes(rgb: np.ndarray, cells: Sequence[Cell], labels: Sequence[str | None] | None = None,
               scale: int = 1, numbers: bool = True) -> np.ndarray:
    """A copy of ``rgb`` (enlarged ``scale`` times, nearest neighbour) with each cell's box in
    its class colour (``labels``, one per cell; none: one colour) and its number."""
    out = np.ascontiguousarray(rgb[..., :3])
    if scale > 1:
        out = cv2.resize(out, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    else:
        out = out.copy()
    thick = max(1, scale)
    for k, c in enumerate(cells):
        colour = CLASS_COLOURS.get(labels[k] if labels else None, CLASS_COLOURS[None])
        x0, y0 = c.x * scale, c.y * scale
        x1, y1 = (c.x + c.w) * scale - 1, (c.y + c.h) * scale - 1
        cv2.rectangle(out, (x0, y0), (x1, y1), colour, thick)
        if numbers:
            cv2.putText(out, str(k + 1), (x0 + 2, max(10, y0 + 10 * max(1, scale // 2))),
                        cv2.FONT_HERSHEY_SIMPLEX, 0.3 * max(1, scale // 2), colour, 1, cv2.LINE_AA)
    return out


def crop_strip(rgb: np.ndarray, cells: Sequence[Cell], height: int = 64, gap: int = 4,
               limit: int = 32) -> np.ndarray | None:
    """The cells' crops side by side, each at native resolution padded (never resampled up)
    into a ``height``-pixel square; larger crops are shrunk to fit. None when there are none."""
    tiles = []
    for c in list(cells)[:limit]:
        crop = c.crop(rgb)
        h, w = crop.shape[:2]
        if max(h, w) > height:
            f = height / max(h, w)
            crop = cv2.resize(crop, (max(1, int(w * f)), max(1, int(h * f))),
                              interpolation=cv2.INTER_AREA)
            h, w = crop.shape[:2]
        tile = np.full((height, height, 3), 255, np.uint8)
        tile[(height - h) // 2:(height - h) // 2 + h, (height - w) // 2:(height - w) // 2 + w] = crop
        tiles.append(tile)
    if not tiles:
        return None
    spacer = np.full((height, gap, 3), 255, np.uint8)
    row = [t for tile in tiles for t in (tile, spacer)][:-1]
    return np.concatenate(row, axis=1)
