"""Classification metrics from labels and probabilities (no Keras needed)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.parts import part_size, too_small


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval for a proportion."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = 15) -> float:
    """ECE with equal-width confidence bins."""
    if len(labels) == 0:
        return float("nan")
    conf = probs.max(axis=1)
    correct = probs.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    ece = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        mask = (conf > lo) & (conf <= hi)
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - conf[mask].mean())
    return float(ece)


@dataclass(frozen=True)
class ClassMetrics:
    """One class's figures: ``sensitivity`` (= recall) and ``specificity`` with their 95% Wilson
    intervals; NaN where the class has no image (``support`` 0) or no other class does."""

    precision: float
    sensitivity: float
    specificity: float
    f1: float
    support: int
    sensitivity_ci95: tuple[float, float]
    specificity_ci95: tuple[float, float]

    @property
    def recall(self) -> float:
        return self.sensitivity

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "sensitivity": self.sensitivity,
                "recall": self.sensitivity, "specificity": self.specificity, "f1": self.f1,
                "support": self.support, "sensitivity_ci95": list(self.sensitivity_ci95),
                "specificity_ci95": list(self.specificity_ci95)}


@dataclass(frozen=True)
class Metrics:
    """An evaluation's figures. ``confusion_matrix[i][j]``: images of ``classes[i]`` given
    ``classes[j]``; ``uncertain_rate`` is None where the flags were not counted.
    :meth:`to_dict` is the form the files and the model card hold."""

    n: int
    accuracy: float
    accuracy_ci95: tuple[float, float]
    balanced_accuracy: float
    macro_f1: float
    loss: float
    ece: float
    classes: tuple[str, ...]
    confusion_matrix: tuple[tuple[int, ...], ...]
    per_class: Mapping[str, ClassMetrics]
    uncertain_rate: float | None = None

    @classmethod
    def compute(cls, labels: np.ndarray, probs: np.ndarray,
                uncertain_rate: float | None = None) -> Metrics:
        """Accuracy, balanced accuracy, loss, confusion matrix, per-class metrics with 95%
        intervals and ECE from class indices ``labels`` and one row of ``probs`` per image."""
        labels = np.asarray(labels, dtype=np.int64)
        probs = np.asarray(probs, dtype=np.float64)
        k = len(CLASSES)
        n = len(labels)
        pred = probs.argmax(axis=1) if n else np.zeros(0, dtype=np.int64)
        cm = np.zeros((k, k), dtype=np.int64)
        for t, p in zip(labels, pred):
            cm[t, p] += 1
        per_class: dict[str, ClassMetrics] = {}
        recalls = []
        for i, name in enumerate(CLASSES):
            tp = int(cm[i, i])
            fn = int(cm[i].sum() - tp)
            fp = int(cm[:, i].sum() - tp)
            tn = int(n - tp - fn - fp)
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else float("nan")
            specificity = tn / (tn + fp) if tn + fp else float("nan")
            f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
            if tp + fn:
                recalls.append(recall)
            per_class[name] = ClassMetrics(
                precision, recall, specificity, f1 if tp + fn else float("nan"), tp + fn,
                wilson_interval(tp, tp + fn), wilson_interval(tn, tn + fp))
        f1s = [v.f1 for v in per_class.values() if v.support]
        loss = (float(-np.log(np.clip(probs[np.arange(n), labels], 1e-7, 1.0)).mean())
                if n else float("nan"))
        return cls(
            n=n,
            accuracy=float((pred == labels).mean()) if n else float("nan"),
            accuracy_ci95=wilson_interval(int((pred == labels).sum()), n),
            balanced_accuracy=float(np.mean(recalls)) if recalls else float("nan"),
            macro_f1=float(np.mean(f1s)) if f1s else float("nan"),
            loss=loss,
            ece=expected_calibration_error(probs, labels),
            classes=tuple(CLASSES),
            confusion_matrix=tuple(tuple(int(v) for v in row) for row in cm),
            per_class=per_class,
            uncertain_rate=uncertain_rate,
        )

    def with_uncertain_rate(self, rate: float) -> Metrics:
        return replace(self, uncertain_rate=rate)

    @property
    def too_small(self) -> str:
        """Why these images are too few to estimate an accuracy from ('' when they are not):
        :func:`core.parts.too_small`."""
        return too_small(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """The metrics dict of ``metrics.json`` and the model card (the keys in this order)."""
        out: dict[str, Any] = {
            "n": self.n,
            "accuracy": self.accuracy,
            "accuracy_ci95": list(self.accuracy_ci95),
            "balanced_accuracy": self.balanced_accuracy,
            "macro_f1": self.macro_f1,
            "loss": self.loss,
            "ece": self.ece,
            "classes": list(self.classes),
            "confusion_matrix": [list(row) for row in self.confusion_matrix],
            "per_class": {name: c.to_dict() for name, c in self.per_class.items()},
        }
        if self.uncertain_rate is not None:
            out["uncertain_rate"] = self.uncertain_rate
        return out


def compute_metrics(labels: np.ndarray, probs: np.ndarray) -> dict:
    """:meth:`Metrics.compute` as the dict a model card holds."""
    return Metrics.compute(labels, probs).to_dict()


def count_and_interval(m: dict) -> str:
    """"3 of 4, 95% CI 30-95%": how many of the part's images were right, and the 95% Wilson
    interval of the accuracy ('' for an empty part)."""
    n = part_size(m)
    acc = m.get("accuracy")
    if not n or not isinstance(acc, (int, float)) or not math.isfinite(acc):
        return ""
    right = int(round(acc * n))
    lo, hi = wilson_interval(right, n)
    return f"{right} of {n}, 95% CI {lo * 100:.0f}-{hi:.0%}"


def accuracy_text(m: dict | None, name: str = "accuracy") -> str:
    """``name`` with its value, the count it rests on and the 95% interval, e.g. "validation
    accuracy 75.0% (3 of 4, 95% CI 30-95%): too small to estimate (4 image(s), fewer than 30;
    ...)"; "<name>: no images" for an empty or missing part."""
    n = part_size(m or {})
    acc = (m or {}).get("accuracy")
    if not n or not isinstance(acc, (int, float)) or not math.isfinite(acc):
        return f"{name}: no images"
    text = f"{name} {acc:.1%} ({count_and_interval(m or {})})"
    small = too_small(m or {})
    return text + (f": too small to estimate ({small})" if small else "")
