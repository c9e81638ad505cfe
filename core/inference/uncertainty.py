"""Calibration (temperature scaling) and the ``uncertain`` flag's scores and thresholds."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cached_property

import numpy as np

from core.inference.flags import Flag

EPS = 1e-7


def calibrate_probs(probs: np.ndarray, temperature: float) -> np.ndarray:
    """Temperature-scale softmax outputs: ``softmax(log p / T)``."""
    logits = np.log(np.clip(probs, EPS, 1.0)) / temperature
    logits -= logits.max(axis=-1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=-1, keepdims=True)


def fit_temperature(probs: np.ndarray, labels: np.ndarray, floor: float = 1.0) -> float:
    """The temperature minimising validation negative log-likelihood (grid + refinement),
    but never below ``floor``: by default it only softens.

    A temperature below 1 sharpens, and the fit asks for one whenever the validation images
    are easier than the images to come. Here they are (blocks of consecutive files are close
    to one patient each, and whole patients are misread); what the fitted temperature did on
    the benchmark is in docs/decisions.md (2026-11-23, second recipe).
    """
    if len(labels) == 0:
        return max(1.0, floor)

    def nll(t: float) -> float:
        p = calibrate_probs(probs, t)[np.arange(len(labels)), labels]
        return float(-np.log(np.clip(p, EPS, 1.0)).mean())

    grid = np.exp(np.linspace(np.log(0.05), np.log(20.0), 200))
    best = float(grid[int(np.argmin([nll(t) for t in grid]))])
    fine = np.linspace(best * 0.9, best * 1.1, 41)
    return max(float(floor), float(fine[int(np.argmin([nll(t) for t in fine]))]))


def image_stats(x: np.ndarray) -> np.ndarray:
    """Per-channel mean and standard deviation of model inputs (N x 2C), on a 0–1 scale."""
    import cv2

    x = np.asarray(x)
    if x.ndim == 3:
        x = x[None]
    if x.dtype not in (np.uint8, np.float32, np.float64):
        x = x.astype(np.float32)
    scale = 255.0 if x.dtype == np.uint8 or x.max(initial=0.0) > 1.5 else 1.0
    channels = x.shape[-1]
    out = np.empty((len(x), 2 * channels), dtype=np.float64)
    for i, img in enumerate(x):  # OpenCV, not numpy's slow strided reductions (docs/decisions.md)
        mean, std = cv2.meanStdDev(np.ascontiguousarray(img))
        out[i, :channels], out[i, channels:] = mean[:, 0] / scale, std[:, 0] / scale
    return out


# How fine detail is measured (the card's ``uncertainty.detail_measure``): "absolute", the mean
# absolute Laplacian of the grey image (every card before the measure was recorded); "relative",
# that divided by the grey image's standard deviation, so that a stronger stain, a higher
# contrast or a darker gamma, which sharpen every edge alike, are not read as another
# magnification, while more and smaller cells per pixel still are (docs/cell_model.md, "The
# detail check relative to the field's contrast"). New models use DETAIL_MEASURE.
DETAIL_MEASURES = ("absolute", "relative")
DETAIL_MEASURE = "absolute"
_GREY_FLOOR = 1.0 / 255.0  # the smallest spread "relative" divides by: one grey level


def detail(x: np.ndarray, measure: str = "absolute") -> np.ndarray:
    """Fine detail per model input (N): the mean absolute Laplacian of the grey image, 0-1 scale
    (``measure="relative"``: divided by the grey image's standard deviation).

    At a fixed input size it grows with the number of cell edges per pixel, so a field taken at
    a lower magnification (more, smaller cells) scores high and an out-of-focus one low. Colour
    statistics and CNN features do not see this: a lower-magnification smear of the same stain
    has the same colours and cell-like features.
    """
    import cv2

    if measure not in DETAIL_MEASURES:
        raise ValueError(f"unknown detail measure {measure!r}")
    x = np.asarray(x)
    if x.ndim == 3:
        x = x[None]
    scale = 255.0 if x.dtype == np.uint8 else 1.0
    out = np.empty(len(x), dtype=np.float64)
    mix = np.full((1, x.shape[-1]), 1.0 / (scale * x.shape[-1]), dtype=np.float32)
    for i, img in enumerate(x):  # grey = channel mean, with OpenCV (numpy's is slow here)
        grey = cv2.transform(np.ascontiguousarray(img).astype(np.float32), mix)
        lap = cv2.Laplacian(grey, cv2.CV_32F)
        out[i] = cv2.norm(lap, cv2.NORM_L1) / lap.size
        if measure == "relative":
            out[i] /= max(float(cv2.meanStdDev(grey)[1][0, 0]), _GREY_FLOOR)
    return out


@dataclass(frozen=True)
class Gaussian:
    """Mean and inverse covariance for a Mahalanobis distance."""

    mean: list[list[float]]  # one row per class (or a single row)
    precision: list[list[float]]

    @classmethod
    def fit(cls, x: np.ndarray, labels: np.ndarray | None = None, shrink: float = 0.1) -> Gaussian:
        x = np.asarray(x, dtype=np.float64)
        if labels is None:
            means = x.mean(axis=0, keepdims=True)
            centred = x - means
        else:
            classes = sorted(set(labels.tolist()))
            means = np.stack([x[labels == c].mean(axis=0) for c in classes])
            centred = x - means[np.searchsorted(classes, labels)]
        cov = np.cov(centred, rowvar=False) if len(x) > 1 else np.eye(x.shape[1])
        cov = np.atleast_2d(cov)
        cov = (1 - shrink) * cov + shrink * np.eye(len(cov)) * np.trace(cov) / len(cov)
        cov += np.eye(len(cov)) * 1e-9
        return cls(means.tolist(), np.linalg.pinv(cov).tolist())

    @cached_property
    def _arrays(self) -> tuple[np.ndarray, np.ndarray]:
        # The card keeps lists (JSON); converting a 256x256 precision matrix on every call
        # was half of the time to classify one image.
        return np.asarray(self.mean, dtype=np.float64), np.asarray(self.precision, dtype=np.float64)

    def distance(self, x: np.ndarray) -> np.ndarray:
        """Smallest Mahalanobis distance to any of the means."""
        x = np.asarray(x, dtype=np.float64)
        means, prec = self._arrays
        d = (x[:, None, :] - means[None, :, :]).reshape(-1, x.shape[1])
        m = ((d @ prec) * d).sum(axis=1).reshape(len(x), len(means))  # BLAS, not einsum
        return np.sqrt(np.maximum(m.min(axis=1), 0.0))


@dataclass(frozen=True)
class UncertaintyModel:
    """Everything the ``uncertain`` flag needs, stored in the model card."""

    temperature: float
    min_confidence: float
    min_margin: float
    feature_gaussian: Gaussian
    feature_threshold: float
    stats_gaussian: Gaussian
    stats_threshold: float
    detail_range: tuple[float, float] | None = None  # absent in models trained before it
    detail_measure: str = "absolute"  # how detail_range is measured (absent: "absolute")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> UncertaintyModel:
        return cls(
            temperature=float(d["temperature"]),
            min_confidence=float(d["min_confidence"]),
            min_margin=float(d["min_margin"]),
            feature_gaussian=Gaussian(**d["feature_gaussian"]),
            feature_threshold=float(d["feature_threshold"]),
            stats_gaussian=Gaussian(**d["stats_gaussian"]),
            stats_threshold=float(d["stats_threshold"]),
            detail_range=(tuple(float(v) for v in d["detail_range"])  # type: ignore[arg-type]
                          if d.get("detail_range") else None),
            detail_measure=str(d.get("detail_measure", "absolute")),
        )

    def assess(
        self, probs: np.ndarray, features: np.ndarray, inputs: np.ndarray
    ) -> list[tuple[bool, tuple[Flag, ...]]]:
        """For calibrated ``probs``: ``(uncertain, flags)`` per image."""
        return [(bool(flags), flags) for flags in self.assess_flags(probs, features, inputs)]

    def assess_flags(
        self, probs: np.ndarray, features: np.ndarray, inputs: np.ndarray
    ) -> list[tuple[Flag, ...]]:
        """Per image, its flags in the order the reason sentence names them: first the ways it
        is unlike the training images (colour, another magnification or out of focus,
        content: the model's answer means nothing there, however confident), then why its
        answer is weak (low confidence, else a small margin)."""
        top2 = np.sort(probs, axis=1)[:, -2:]
        conf, margin = top2[:, 1], top2[:, 1] - top2[:, 0]
        fdist = self.feature_gaussian.distance(features)
        sdist = self.stats_gaussian.distance(image_stats(inputs))
        lo, hi = self.detail_range or (-np.inf, np.inf)
        fine = detail(inputs, self.detail_measure) if self.detail_range else np.zeros(len(probs))
        out = []
        for c, m, f, s, d in zip(conf, margin, fdist, sdist, fine):
            flags = []
            if s > self.stats_threshold:
                flags.append(Flag.UNLIKE_COLOUR)
            if d > hi:
                flags.append(Flag.MAGNIFICATION)
            elif d < lo:
                flags.append(Flag.FOCUS)
            if f > self.feature_threshold:
                flags.append(Flag.UNLIKE_CONTENT)
            if c < self.min_confidence:
                flags.append(Flag.LOW_CONFIDENCE)
            elif m < self.min_margin:
                flags.append(Flag.SMALL_MARGIN)
            out.append(tuple(flags))
        return out


def fit_uncertainty(
    train_features: np.ndarray,
    train_labels: np.ndarray,
    train_inputs_stats: np.ndarray,
    val_probs: np.ndarray,
    val_labels: np.ndarray,
    val_features: np.ndarray,
    val_inputs_stats: np.ndarray,
    *,
    feature_quantile: float = 0.99,
    stats_quantile: float = 0.995,
    train_detail: np.ndarray | None = None,
    val_detail: np.ndarray | None = None,
    focus_detail: np.ndarray | None = None,
    detail_measure: str | None = None,
) -> UncertaintyModel:
    """Fit temperature on validation, Gaussians on training, thresholds on both.

    Thresholds are set at high quantiles of in-distribution distances so that only a few
    percent of ordinary images are flagged, while fields unlike any training image are. The
    detail arrays are in ``detail_measure`` (default :data:`DETAIL_MEASURE`), which the model
    records.
    """
    temperature = fit_temperature(val_probs, val_labels)
    fg = Gaussian.fit(train_features, train_labels)
    sg = Gaussian.fit(train_inputs_stats)
    ref_f = np.concatenate([fg.distance(train_features), fg.distance(val_features)])
    ref_s = np.concatenate([sg.distance(train_inputs_stats), sg.distance(val_inputs_stats)])
    detail_range = None
    if train_detail is not None and len(train_detail):
        ref_d = np.concatenate([train_detail, val_detail if val_detail is not None else []])
        # the top of the range without margin: a lower magnification only adds detail
        # (measured on the benchmark: docs/decisions.md, 2026-11-23, second recipe)
        # ``focus_detail`` (fields changed in exposure or stain, not in sharpness) widens only
        # the bottom: a brighter or paler field has less contrast at its edges, not a lower
        # magnification
        low = np.concatenate([ref_d, focus_detail]) if focus_detail is not None and len(focus_detail) else ref_d
        detail_range = (float(np.quantile(low, 0.005) / 1.1), float(np.quantile(ref_d, stats_quantile)))
    return UncertaintyModel(
        temperature=temperature,
        min_confidence=0.6,
        min_margin=0.2,
        feature_gaussian=fg,
        feature_threshold=float(np.quantile(ref_f, feature_quantile) * 1.1),
        stats_gaussian=sg,
        stats_threshold=float(np.quantile(ref_s, stats_quantile) * 1.1),
        detail_range=detail_range,
        detail_measure=detail_measure or DETAIL_MEASURE,
    )
