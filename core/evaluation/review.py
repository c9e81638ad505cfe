"""The review queue: which images most need a human look, most urgent first.

Images the model flagged *uncertain* come first: those unlike the training data (the model's
confidence means little there), then by calibrated confidence, lowest first. Then come
confident mistakes, when the true label is known: highest confidence first, since a confident
disagreement with the recorded label is the likeliest sign of a wrong label in the data.
Everything else is left out unless asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from core.classes import CLASSES
from core.evaluation.result import EvalPrediction, EvalResult
from core.inference.flags import Flag, flags_of_record
from core.inference.result import Prediction

# The kinds an item can have: its uncertainty flags' kinds (core.inference.flags), and
# "misclassified" (the known label disagrees). "ood" in a filter stands for every ood_ kind.
REASON_KINDS = (*(f.value for f in Flag if f is not Flag.RECLASSIFIED), "misclassified")

TIER_UNCERTAIN, TIER_MISCLASSIFIED, TIER_REST = 0, 1, 2


def reason_kinds(flags: Iterable[Flag], misclassified: bool = False) -> tuple[str, ...]:
    """The machine-readable kinds of an item with these uncertainty ``flags``."""
    kinds = [f.value for f in flags if f.value in REASON_KINDS]
    if misclassified:
        kinds.append("misclassified")
    return tuple(kinds)


@dataclass(frozen=True)
class ReviewItem:
    """One image in the queue. ``true`` is ``None`` when no label is known."""

    path: str
    label: str
    confidence: float
    uncertain: bool
    reason: str = ""
    true: str | None = None
    probabilities: dict[str, float] = field(default_factory=dict)
    kinds: tuple[str, ...] = ()
    tier: int = TIER_REST
    rank: int = 0  # 1-based position in the queue it was built into

    @property
    def misclassified(self) -> bool:
        return self.true is not None and self.true != self.label

    @property
    def out_of_distribution(self) -> bool:
        return any(k.startswith("ood_") for k in self.kinds)

    @property
    def why(self) -> str:
        """One line for a list row: the uncertainty reason and/or the disagreement."""
        parts = [self.reason] if self.reason else []
        if self.misclassified:
            parts.append(f"labelled {self.true}, predicted {self.label} ({self.confidence:.0%})")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        return {"rank": self.rank, "path": self.path, "true": self.true, "label": self.label,
                "confidence": round(self.confidence, 6), "uncertain": self.uncertain,
                "reason": self.reason, "kinds": list(self.kinds), "tier": self.tier,
                "probabilities": {k: round(v, 6) for k, v in self.probabilities.items()}}


def _item(pred: Prediction | EvalPrediction | Mapping[str, Any],
          labels: Mapping[str, str]) -> ReviewItem | None:
    """The item of a ``Prediction``, an ``EvalPrediction`` or a prediction record read back
    from a file; None for an error.

    A field with no result (unlike the training images) is reviewed on the model's top
    class, flagged uncertain with its reason. A record's flags are read once, here (its own
    ``flags`` or its ``reason`` sentence: :func:`core.inference.flags.flags_of_record`).
    """
    true: str | None
    if isinstance(pred, EvalPrediction):
        path, label, flags = pred.path, pred.label, pred.flags
        probs, conf, uncertain, reason, true = (dict(pred.probabilities), pred.confidence,
                                                pred.uncertain, pred.reason, pred.true)
    elif isinstance(pred, Prediction):
        if pred.error is not None or (pred.top_class or pred.label) is None:
            return None
        path, label, flags = str(pred.path), str(pred.top_class or pred.label), pred.flags
        probs, conf, uncertain, reason, true = (dict(pred.probabilities), pred.confidence,
                                                pred.uncertain, pred.reason, None)
    else:
        if pred.get("error") is not None or pred.get("label") is None:
            return None
        path, label, flags = str(pred["path"]), str(pred["label"]), flags_of_record(pred)
        probs = {str(k): float(v) for k, v in (pred.get("probabilities") or {}).items()}
        conf = float(pred.get("confidence", probs.get(label, 0.0)))
        uncertain, reason = bool(pred.get("uncertain", False)), str(pred.get("reason") or "")
        true = pred.get("true")
    true = true or labels.get(path)
    wrong = true is not None and true != label
    tier = TIER_UNCERTAIN if uncertain else TIER_MISCLASSIFIED if wrong else TIER_REST
    return ReviewItem(path, label, conf, uncertain, reason, true, probs,
                      reason_kinds(flags, wrong), tier)


def _sort_key(item: ReviewItem) -> tuple:
    if item.tier == TIER_UNCERTAIN:
        return (item.tier, not item.out_of_distribution, item.confidence, item.path)
    if item.tier == TIER_MISCLASSIFIED:
        return (item.tier, False, -item.confidence, item.path)
    return (item.tier, False, item.confidence, item.path)


def filter_queue(
    items: Iterable[ReviewItem],
    *,
    classes: Iterable[str] | None = None,
    reasons: Iterable[str] | None = None,
) -> list[ReviewItem]:
    """Keep items whose predicted or true class is in ``classes`` and that have one of
    ``reasons`` (a kind from :data:`REASON_KINDS`, or ``"ood"`` for every kind of unlike
    the training data: colour, content, another magnification, out of focus).
    ``None`` keeps everything; order and ranks are kept."""
    wanted_classes = None if classes is None else set(classes)
    wanted = None if reasons is None else set(reasons)
    if wanted_classes is not None and not wanted_classes <= set(CLASSES):
        raise ValueError(f"unknown class in {sorted(wanted_classes)}; choose from {', '.join(CLASSES)}")
    if wanted is not None and not wanted <= {*REASON_KINDS, "ood"}:
        raise ValueError(f"unknown reason in {sorted(wanted)}; choose from ood, {', '.join(REASON_KINDS)}")
    out = []
    for it in items:
        if wanted_classes is not None and it.label not in wanted_classes and it.true not in wanted_classes:
            continue
        if wanted is not None and not any(k in wanted or (k.startswith("ood_") and "ood" in wanted)
                                          for k in it.kinds):
            continue
        out.append(it)
    return out


def build_queue(
    predictions: EvalResult | Iterable[Prediction | EvalPrediction | Mapping[str, Any]],
    *,
    labels: Mapping[str, str] | None = None,
    classes: Iterable[str] | None = None,
    reasons: Iterable[str] | None = None,
    include_rest: bool = False,
) -> list[ReviewItem]:
    """Rank images by how much they need a human.

    Args:
        predictions: an ``EvalResult`` (or its ``EvalPrediction`` s, which carry ``true``),
            ``Prediction`` objects from a classification batch, or prediction records read
            back from a results file. Unreadable images are left out.
        labels: true labels by path, for predictions that carry none (e.g. a batch whose
            folder names are the classes); a prediction's own ``true`` wins.
        classes, reasons: filters, see :func:`filter_queue`.
        include_rest: also list confident, correct (or unlabelled) images, last.

    Returns:
        Frozen :class:`ReviewItem` s, most urgent first, ranked 1..n before filtering so a
        filtered view still shows each image's place in the whole queue.
    """
    preds = predictions.predictions if isinstance(predictions, EvalResult) else predictions
    labels = {str(k): v for k, v in (labels or {}).items()}
    items = [it for it in (_item(pred, labels) for pred in preds) if it is not None]
    items.sort(key=_sort_key)
    if not include_rest:
        items = [it for it in items if it.tier != TIER_REST]
    ranked = [replace(it, rank=i) for i, it in enumerate(items, 1)]
    return filter_queue(ranked, classes=classes, reasons=reasons)
