"""The ``cells`` architecture: a field read from its white cells.

Each detected cell's window (:func:`core.cells.cell_windows`, 64 pixels of a 224-pixel field at
native resolution) is resized to :data:`INPUT_SIZE` and read by the frozen ImageNet
EfficientNet-Lite0 (:func:`core.model.backbones.feature_extractor`: stages 3, 4 and 5, pooled,
384 numbers). A small head learnt on field labels only (gated-attention multiple-instance
learning) weighs the field's cells (at most :data:`MAX_CELLS`, largest first) and classifies
their weighted sum. The same classifier applied to each cell's own projection gives each cell a
class, for the boxes of the app. Why this design: docs/decisions.md (2026-12-02).

The head is the bundle's ``model.keras``: inputs ``cells`` (N x MAX_CELLS x 384 raw features)
and ``mask`` (N x MAX_CELLS), outputs ``[probabilities (N x 4), features (N x 384, the mean of
the field's standardised cell features, for the uncertainty check), weights (N x MAX_CELLS),
cell_probabilities (N x MAX_CELLS x 4)]``. The feature extractor is rebuilt from the shipped
backbone weights (checksummed) or run from the bundle's ONNX export.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Sequence

import numpy as np

from core.model import backbones

ARCH = "cells"
WINDOW = 64  # window side in a 224-pixel field (scaled with the field's shorter side)
REFERENCE_SIDE = 224
INPUT_SIZE = 112  # the extractor's input: each window resized to this
LAYERS = backbones.DEFAULT_FEATURES
MAX_CELLS = 32
WIDTH = 128
ATTENTION = 64
DROPOUT = 0.3
CHROMA_REFERENCE = 130.0  # the median field's chroma level on the development images
CHROMA_QUANTILE = 99.0  # percentile of the field's chroma: its most stained pixels
CHROMA_GAIN = (0.25, 4.0)  # the gain's limits (a grey field is not blown up into colour)
CHROMA_STRIDE = 2  # the statistic read on every second row and column (a quarter of the pixels)
HUE_REFERENCE = 233.0  # the median field's stain hue on the development images (degrees, HSV)
HUE_SHARE = 0.25  # the hue is read on pixels whose chroma is at least this share of the field's level
NORMALISE = ("windows", "field")  # where the stain is normalised: the cut windows (chroma only,
# detection on the raw field, earlier bundles) or the whole field before detection (hue and chroma)
EXTRACTOR_ONNX = "extractor.onnx"
HEAD_ONNX = "head.onnx"
# windows per extractor run: on 2 cores the ONNX extractor reads a window in 0.79 ms in runs of
# 12-16 and in 1.07 ms in runs of 256 (docs/cell_model.md, speed)
EXTRACT_BATCH = 16


@dataclass(frozen=True)
class CellSpec:
    """How a bundle of this architecture reads cells (the card's ``cells`` section)."""

    window: int = WINDOW
    input_size: int = INPUT_SIZE
    layers: tuple[str, ...] = LAYERS
    max_cells: int = MAX_CELLS
    chroma: float | None = None  # reference chroma length (None: windows as cut, older bundles)
    chroma_quantile: float = CHROMA_QUANTILE
    chroma_limits: tuple[float, float] = CHROMA_GAIN
    normalise: str = "windows"  # one of NORMALISE
    hue: float | None = None  # reference stain hue, "field" only (None: the hue is kept)
    hue_share: float = HUE_SHARE

    @property
    def feature_width(self) -> int:
        return backbones.feature_width(self.layers)

    @classmethod
    def from_card(cls, card: dict) -> CellSpec:
        c = card.get("cells") or {}
        chroma = c.get("chroma")
        lo, hi = (float(v) for v in c.get("chroma_gain_limits", CHROMA_GAIN))
        hue = c.get("hue")
        normalise = str(c.get("normalise", "windows"))
        if normalise not in NORMALISE:
            raise ValueError(f"unknown stain normalisation {normalise!r} (known: {', '.join(NORMALISE)})")
        return cls(int(c.get("window", WINDOW)), int(c.get("input_size", INPUT_SIZE)),
                   tuple(c.get("layers", LAYERS)), int(c.get("max_cells", MAX_CELLS)),
                   None if chroma is None else float(chroma),
                   float(c.get("chroma_quantile", CHROMA_QUANTILE)),
                   (lo, hi), normalise, None if hue is None else float(hue),
                   float(c.get("hue_share", HUE_SHARE)))

    def chroma_record(self) -> dict:
        """The card's keys for the stain normalisation (none where it is off; the field-level
        keys only for a field-level normalisation, so earlier cards read back unchanged)."""
        out: dict = {}
        if self.chroma is not None:
            out.update({"chroma": self.chroma, "chroma_quantile": self.chroma_quantile,
                        "chroma_gain_limits": list(self.chroma_limits)})
        if self.normalise != "windows":
            out.update({"normalise": self.normalise, "hue": self.hue, "hue_share": self.hue_share})
        return out


def _chroma_grid(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The field on a :data:`CHROMA_STRIDE` grid (uint8, contiguous) and each of its pixels'
    chroma: its brightest channel minus its darkest (HSV's saturation times value)."""
    x = np.asarray(rgb[::CHROMA_STRIDE, ::CHROMA_STRIDE, :3])
    if x.dtype != np.uint8:
        x = np.clip(np.rint(x), 0, 255).astype(np.uint8)
    x = np.ascontiguousarray(x)
    r, g, b = x[..., 0], x[..., 1], x[..., 2]  # (channel-wise: much faster than max(-1))
    return x, np.maximum(np.maximum(r, g), b) - np.minimum(np.minimum(r, g), b)  # uint8


def _quantile_level(spread: np.ndarray, quantile: float) -> float:
    cumulative = np.cumsum(np.bincount(spread.ravel(), minlength=256))
    if not cumulative[-1]:
        return 0.0
    return float(np.searchsorted(cumulative, quantile / 100.0 * cumulative[-1]))


def chroma_level(rgb: np.ndarray, quantile: float = CHROMA_QUANTILE) -> float:
    """The field's stain intensity: the ``quantile`` percentile of each pixel's chroma (its
    brightest channel minus its darkest, HSV's saturation times value), read on a
    :data:`CHROMA_STRIDE` grid."""
    return _quantile_level(_chroma_grid(rgb)[1], quantile)


def chroma_gain(rgb: np.ndarray, reference: float, quantile: float = CHROMA_QUANTILE,
                limits: tuple[float, float] = CHROMA_GAIN) -> float:
    """The factor that brings the field's :func:`chroma_level` to ``reference`` (within
    ``limits``)."""
    level = chroma_level(rgb, quantile)
    lo, hi = limits
    return float(np.clip(reference / max(level, 1e-3), lo, hi))


def normalise_chroma(pixels: np.ndarray, gain: float) -> np.ndarray:
    """``pixels`` (any shape ending in RGB) with each pixel's chroma scaled by ``gain``: each
    channel's distance below the pixel's brightest channel ``v`` scaled, ``v - gain (v - x)``,
    clipped at 0, as float32. Scaling HSV saturation scales that distance and keeps ``v``, so
    a field and its saturation-scaled copy give the same pixels (up to rounding and clipping)."""
    x = np.array(pixels, np.float32)  # a copy, worked on in place
    v = np.maximum(np.maximum(x[..., 0], x[..., 1]), x[..., 2])[..., None]
    x -= v
    x *= np.float32(gain)
    x += v  # never above v: each channel is at most the brightest
    return np.clip(x, 0.0, 255.0, out=x)


def hue_level(rgb: np.ndarray, share: float = HUE_SHARE) -> float | None:
    """The field's stain hue in degrees (HSV, 0-360): the circular mean of the hue of its
    stained pixels (chroma at least ``share`` of the field's :func:`chroma_level`), each
    weighted by its chroma, on a :data:`CHROMA_STRIDE` grid; None for a field without colour.
    A rotation of every pixel's hue moves it by the same angle."""
    import cv2

    x, spread = _chroma_grid(rgb)
    level = _quantile_level(spread, CHROMA_QUANTILE)  # chroma_level, from the same grid
    weight = np.where(spread >= max(share * level, 1.0), spread, 0).astype(np.float32)
    total = float(weight.sum())
    if total <= 0:
        return None
    angle = cv2.cvtColor(x, cv2.COLOR_RGB2HSV_FULL)[..., 0].astype(np.float32) * np.float32(2 * np.pi / 256)
    s, c = float((weight * np.sin(angle)).sum()), float((weight * np.cos(angle)).sum())
    if abs(s) + abs(c) < 1e-6 * total:
        return None
    return float(np.degrees(np.arctan2(s, c)) % 360.0)


def rotate_hue(rgb: np.ndarray, degrees: float) -> np.ndarray:
    """``rgb`` (H x W x 3, 0-255) with every pixel's HSV hue turned by ``degrees``; saturation,
    value and so chroma kept (float32)."""
    import cv2

    x = np.ascontiguousarray(rgb[..., :3], dtype=np.float32) / np.float32(255.0)
    hsv = cv2.cvtColor(x, cv2.COLOR_RGB2HSV)  # float input: hue in degrees
    hsv[..., 0] = (hsv[..., 0] + np.float32(degrees)) % np.float32(360.0)
    out: np.ndarray = np.asarray(cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB), np.float32) * np.float32(255.0)
    return np.clip(out, 0.0, 255.0)


def normalise_field(rgb: np.ndarray, spec: CellSpec) -> np.ndarray:
    """The whole field with its stain normalised (``spec.normalise == "field"``): its hue
    turned so that :func:`hue_level` reads ``spec.hue`` (where set), then its chroma scaled to
    ``spec.chroma`` (where set), rounded to uint8 for the detector. The turn and the gain are
    each the field's own, so a field and its hue-rotated or saturation-scaled copy come out
    alike (up to rounding and clipping)."""
    x: np.ndarray = np.asarray(rgb[..., :3])
    if spec.hue is not None:
        level = hue_level(x, spec.hue_share)
        if level is not None:
            turn = (spec.hue - level + 180.0) % 360.0 - 180.0
            x = rotate_hue(x, turn)
    if spec.chroma is not None:
        gain = chroma_gain(x, spec.chroma, spec.chroma_quantile, spec.chroma_limits)
        if x.dtype == np.uint8:  # v - gain (v - x) = (1 - gain) v + gain x, rounded and clipped
            import cv2

            x = np.ascontiguousarray(x)
            v = cv2.max(cv2.max(x[..., 0], x[..., 1]), x[..., 2])
            x = cv2.addWeighted(cv2.merge([v, v, v]), 1.0 - gain, x, gain, 0.0)
        else:
            x = normalise_chroma(x, gain)
    if x.dtype != np.uint8:
        x = np.clip(np.rint(x), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(x)


def read_field(rgb: np.ndarray, spec: CellSpec) -> tuple[list[Any], np.ndarray]:
    """``(cells, windows)`` of one field as a bundle of ``spec`` reads it: the white cells found
    (on the normalised field for ``"field"``, else on ``rgb``; boxes in ``rgb``'s pixels either
    way) and :func:`field_windows` of them."""
    from core.cells import detect_cells

    if spec.normalise == "field":
        norm = normalise_field(rgb, spec)
        cells = detect_cells(norm)
        return cells, field_windows(norm, cells, spec)
    cells = detect_cells(rgb)
    return cells, field_windows(rgb, cells, spec)


def window_side(shape: tuple[int, ...], spec: CellSpec) -> int:
    """The window side for a field of ``shape``: :data:`WINDOW` of a 224-pixel field, scaled
    like the detector's sizes, so a larger image of the same field of view reads the same."""
    return max(8, int(round(spec.window * min(shape[:2]) / REFERENCE_SIDE)))


def field_windows(rgb: np.ndarray, cells: Sequence[Any], spec: CellSpec) -> np.ndarray:
    """The extractor's input for one field's cells (the first ``max_cells``): ``n x size x size
    x 3`` float32 RGB 0-255; for ``"windows"`` normalisation the field's chroma normalised first
where ``spec.chroma`` is set (for ``"field"``, ``rgb`` is the normalised field already)."""
    import cv2

    from core.cells import cell_windows

    cells = list(cells)[:spec.max_cells]
    size = spec.input_size
    if not cells:
        return np.zeros((0, size, size, 3), np.float32)
    windows: np.ndarray = cell_windows(rgb, cells, window_side(rgb.shape, spec))
    if spec.chroma is not None and spec.normalise == "windows":  # at native resolution, before any resize
        windows = normalise_chroma(windows, chroma_gain(rgb, spec.chroma, spec.chroma_quantile,
                                                        spec.chroma_limits))
    if windows.shape[1] == size:
        return windows.astype(np.float32)
    out = np.empty((len(windows), size, size, 3), np.float32)
    for k, w in enumerate(windows):
        out[k] = cv2.resize(w, (size, size), interpolation=cv2.INTER_LINEAR)
    return out


def bags(features: Sequence[np.ndarray], max_cells: int = MAX_CELLS) -> tuple[np.ndarray, np.ndarray]:
    """Each field's cell features (``n_i x D``) padded to ``(fields, max_cells, D)`` with their
    ``(fields, max_cells)`` mask."""
    d = features[0].shape[1] if len(features) else 0
    x = np.zeros((len(features), max_cells, d), np.float32)
    m = np.zeros((len(features), max_cells), np.float32)
    for i, f in enumerate(features):
        n = min(len(f), max_cells)
        x[i, :n], m[i, :n] = f[:n], 1.0
    return x, m


def extractor(spec: CellSpec = CellSpec()) -> Any:
    """The frozen feature extractor (Keras), from the shipped weights (SHA-256 checked)."""
    return backbones.feature_extractor(spec.layers, input_shape=(spec.input_size, spec.input_size, 3))


def backbone_record(spec: CellSpec = CellSpec()) -> dict:
    """What the card says of the backbone: name, layers, source package and version, licence,
    the weights' and the conversion script's checksums (from ``resources/backbones/*.json``)."""
    prov = backbones.provenance()
    source = prov.get("source") or {}
    return {"name": backbones.NAME, "layers": list(spec.layers),
            "feature_width": spec.feature_width, "input_size": spec.input_size, "frozen": True,
            "package": source.get("package"), "version": source.get("version"),
            "source_sha256": source.get("pth_sha256"), "licence": prov.get("licence"),
            "licence_sha256": prov.get("licence_sha256"),
            "converted_by": prov.get("converted_by"), "script_sha256": prov.get("script_sha256"),
            "npz_sha256": prov.get("npz_sha256")}


def build_head(mean: np.ndarray, std: np.ndarray, num_classes: int = 4, *,
               max_cells: int = MAX_CELLS, width: int = WIDTH, attention: int = ATTENTION,
               dropout: float = DROPOUT, seed: int | None = None, heads: int = 1) -> tuple[Any, Any]:
    """``(training model, inference model)`` of the head, sharing their layers.

    The training model maps ``[cells, mask]`` to the field's probabilities; the inference model
    gives the four outputs of this module's docstring. ``mean``/``std`` standardise the raw
    features (the training cells' statistics), inside the model.

    With ``heads`` > 1 the head is an ensemble of that many attention heads over the same
    standardised cells, each with its own weights (initialised apart): the training model gives
    each head's probabilities (``N x heads x classes``, fitted with :func:`ensemble_loss`, so each
    head learns on its own), the inference model their mean, and the mean of their cell weights
    and cell probabilities.
    """
    import keras
    from keras import layers

    from core.model.layers import MaskedSoftmax, Standardise, WeightedSum

    if seed is not None:
        keras.utils.set_random_seed(seed)
    d = int(len(mean))
    cells = keras.Input((max_cells, d), name="cells")
    mask = keras.Input((max_cells,), name="mask")
    standardise = Standardise(name="standardise")
    z = standardise(cells)
    standardise.mean.assign(np.asarray(mean, np.float32))
    standardise.std.assign(np.maximum(np.asarray(std, np.float32), 1e-6))
    outs = []
    for k in range(heads):
        p = "" if heads == 1 else f"h{k}_"
        h = layers.Dropout(dropout, name=f"{p}cell_dropout")(z)
        h = layers.Dense(width, activation="relu", name=f"{p}project")(h)
        h = layers.Dropout(dropout, name=f"{p}project_dropout")(h)
        a = layers.Dense(attention, activation="tanh", name=f"{p}attend_tanh")(h)
        g = layers.Dense(attention, activation="sigmoid", name=f"{p}attend_gate")(h)
        score = layers.Dense(1, name=f"{p}attend_score")(layers.Multiply(name=f"{p}attend")([a, g]))
        weights = MaskedSoftmax(name=f"{p}weights")([score, mask])
        pooled = WeightedSum(name=f"{p}pooled")([h, weights])
        classify = layers.Dense(num_classes, activation="softmax", name=f"{p}probabilities")
        outs.append((classify(pooled), weights, classify(h)))
    mean_w = MaskedSoftmax(uniform=True, name="mean_weights")([mask, mask])
    features = WeightedSum(name="features")([z, mean_w])
    if heads == 1:
        probs, weights, cell_probs = outs[0]
        train_model = keras.Model([cells, mask], probs, name="cells_train")
    else:
        probs = layers.Average(name="probabilities")([o[0] for o in outs])
        weights = layers.Average(name="weights")([o[1] for o in outs])
        cell_probs = layers.Average(name="cell_probabilities")([o[2] for o in outs])
        each = layers.Concatenate(axis=1, name="each_head")(
            [layers.Reshape((1, num_classes), name=f"h{k}_row")(o[0]) for k, o in enumerate(outs)])
        train_model = keras.Model([cells, mask], each, name="cells_train")
    inference = keras.Model([cells, mask], [probs, features, weights, cell_probs], name=ARCH)
    return train_model, inference


def ensemble_loss(y_true: Any, y_pred: Any) -> Any:
    """Cross-entropy of each head's probabilities (``N x heads x classes``), averaged over the
    heads: the heads share no weight, so each is fitted as if alone."""
    from keras import ops

    n = ops.shape(y_pred)[-1]
    onehot = ops.one_hot(ops.cast(ops.reshape(y_true, (-1,)), "int32"), n)[:, None, :]
    ll = ops.sum(onehot * ops.log(ops.clip(y_pred, 1e-7, 1.0)), axis=-1)
    return -ops.mean(ll, axis=-1)


def accuracy(y_true: Any, y_pred: Any) -> Any:
    """The ensemble's accuracy (its heads' mean probabilities), per field; named so that the
    training history keeps the keys ``accuracy`` and ``val_accuracy``."""
    from keras import ops

    top = ops.argmax(ops.mean(y_pred, axis=1), axis=-1)
    return ops.cast(ops.equal(ops.cast(top, "int32"), ops.cast(ops.reshape(y_true, (-1,)), "int32")), "float32")


def export_onnx(model: Any, path: Any, example: Sequence[np.ndarray]) -> None:
    """Write ``model``'s ONNX export to ``path`` (traced on ``example`` inputs first)."""
    model([*example] if len(example) > 1 else example[0])
    model.export(str(path), format="onnx", verbose=False)
