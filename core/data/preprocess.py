"""Preprocessing, defined once for training, evaluation, prediction, the CLI and the GUI.

Two pipelines:

* ``reference`` — the reference script exactly: RGB → resize → grey → /255 → Gaussian blur 5×5
  → ``addWeighted(img, 1.5, blur, -0.2)`` → clip → ``HxWx1`` float32. Optional ROI crop.
* ``rgb`` — the default model's: RGB → (optional ROI crop) → resize (area) → ``HxWx3`` uint8.
  Scaling to [0, 1] happens inside the model, so the same uint8 array feeds Keras and ONNX.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import cv2
import numpy as np
from PIL import Image


@dataclass(frozen=True)
class PreprocessSpec:
    kind: str = "rgb"  # "rgb" or "reference"
    size: int = 96
    roi: bool = False

    @property
    def channels(self) -> int:
        return 1 if self.kind == "reference" else 3

    @property
    def input_shape(self) -> tuple[int, int, int]:
        return (self.size, self.size, self.channels)

    @property
    def dtype(self) -> str:
        return "float32" if self.kind == "reference" else "uint8"

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> PreprocessSpec:
        spec = cls(kind=str(data["kind"]), size=int(data["size"]), roi=bool(data.get("roi", False)))
        if spec.kind not in ("rgb", "reference") or not 8 <= spec.size <= 1024:
            raise ValueError(f"unsupported preprocessing {data!r}")
        return spec


def roi_crop(rgb: np.ndarray, margin: float = 0.05) -> np.ndarray:
    """Crop to the region holding the cells (the reference's edges → contours → bounding box).

    Edges are found with Canny on the blurred grey image; the bounding box of all sizeable
    contours, widened by ``margin``, is cut out and made square. Returns the input unchanged
    when no usable region is found.
    """
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    edges = cv2.Canny(cv2.GaussianBlur(grey, (5, 5), 0), 50, 150)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2)
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    h, w = grey.shape
    min_area = 0.002 * h * w
    boxes = [cv2.boundingRect(c) for c in contours if cv2.contourArea(c) >= min_area]
    if not boxes:
        return rgb
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    side = int(max(x1 - x0, y1 - y0) * (1 + 2 * margin))
    side = max(min(side, max(h, w)), 8)
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    x = int(np.clip(cx - side // 2, 0, max(0, w - side)))
    y = int(np.clip(cy - side // 2, 0, max(0, h - side)))
    crop = rgb[y : y + min(side, h), x : x + min(side, w)]
    return crop if crop.size else rgb


def reference_preprocess(rgb: np.ndarray, size: int = 224) -> np.ndarray:
    """The reference script's pipeline, step for step (PIL resize as the reference did)."""
    image = np.array(Image.fromarray(rgb).resize((size, size)))
    image = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    image = np.asarray(image, dtype=np.float64) / 255.0
    blurred = cv2.GaussianBlur(image, (5, 5), 0)
    sharpened = cv2.addWeighted(image, 1.5, blurred, -0.2, 0)
    image = np.clip(sharpened, 0, 1)
    return np.expand_dims(image, axis=-1).astype(np.float32)


def rgb_preprocess(rgb: np.ndarray, size: int = 96) -> np.ndarray:
    """The default model's input: area-resized RGB uint8."""
    if rgb.shape[0] == size and rgb.shape[1] == size:
        return np.ascontiguousarray(rgb, dtype=np.uint8)
    interp = cv2.INTER_AREA if rgb.shape[0] > size else cv2.INTER_LINEAR
    return cv2.resize(rgb, (size, size), interpolation=interp)


def preprocess(rgb: np.ndarray, spec: PreprocessSpec) -> np.ndarray:
    """Turn a loaded ``HxWx3`` uint8 RGB image into the model input described by ``spec``."""
    if spec.roi:
        rgb = roi_crop(rgb)
    if spec.kind == "reference":
        return reference_preprocess(rgb, spec.size)
    if spec.kind == "rgb":
        return rgb_preprocess(rgb, spec.size)
    raise ValueError(f"unknown preprocessing kind {spec.kind!r}")


def to_display(x: np.ndarray) -> np.ndarray:
    """Preprocessed input back to a viewable uint8 image (for `leukemia preprocess`)."""
    if x.dtype == np.uint8:
        return x
    img = np.clip(x * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return img[..., 0] if img.shape[-1] == 1 else img
