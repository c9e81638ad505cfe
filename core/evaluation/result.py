"""What an evaluation returns: its metrics, one :class:`EvalPrediction` per image, the images
left out (:class:`Skipped`). Frozen and typed; ``to_dict`` gives the form the files hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from core.evaluation.metrics import Metrics
from core.inference.flags import Flag, describe, margin


@dataclass(frozen=True)
class EvalPrediction:
    """One labelled image's prediction. ``label`` is the model's top class, also for a field it
    gives no result for (``no_result``: unlike the training images), so the figures describe
    the model; ``reason`` is made from ``flags`` as :attr:`core.inference.result.Prediction.reason`."""

    path: str
    true: str
    label: str
    confidence: float
    probabilities: Mapping[str, float]
    uncertain: bool
    flags: tuple[Flag, ...] = ()
    no_result: bool = False

    @property
    def correct(self) -> bool:
        return self.label == self.true

    @property
    def margin(self) -> float | None:
        """The top probability less the second (None without probabilities)."""
        return margin(self.probabilities)

    @property
    def reason(self) -> str:
        """Why it is uncertain, in words ("" when it is not)."""
        return describe(self.flags, self.confidence if self.probabilities else None, self.margin)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "true": self.true, "label": self.label,
                "confidence": self.confidence, "probabilities": dict(self.probabilities),
                "uncertain": self.uncertain, "reason": self.reason, "no_result": self.no_result}


class Skipped(NamedTuple):
    """An image left out of the figures and why (``for path, reason in result.skipped``)."""

    path: str
    reason: str


@dataclass(frozen=True)
class EvalResult:
    """``card`` is the evaluated model's card as its ``model.json`` holds it."""

    metrics: Metrics
    predictions: tuple[EvalPrediction, ...]
    skipped: tuple[Skipped, ...]
    card: dict[str, Any]
    data: str
    seconds: float
    seen_in_training: int = 0  # evaluated images that match the model's training split

    @property
    def seen_warning(self) -> str:
        """A warning when some evaluated images were used to train the model, else ''."""
        if not self.seen_in_training:
            return ""
        n, total = self.seen_in_training, len(self.predictions)
        return (f"{n} of these {total} images were used to train this model, or are copies of "
                "its training images (same class and file name as in its training split, or "
                "derived from the same original): the figures are optimistic"
                + (", not a test." if n == total else "."))

    def misclassified(self) -> list[EvalPrediction]:
        return [p for p in self.predictions if not p.correct]

    def cell(self, true: str, predicted: str) -> list[EvalPrediction]:
        """Predictions in one confusion-matrix cell."""
        return [p for p in self.predictions if p.true == true and p.label == predicted]

    def to_dict(self) -> dict[str, Any]:
        """``metrics.json``'s content (with ``predictions``, which it leaves out)."""
        return {
            **self.metrics.to_dict(),
            "model_id": self.card.get("id"),
            "model_checksum": self.card.get("checksum"),
            "data": self.data,
            "seconds": round(self.seconds, 2),
            "seen_in_training": self.seen_in_training,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "predictions": [p.to_dict() for p in self.predictions],
        }
