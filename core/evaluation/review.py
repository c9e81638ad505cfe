"""The review queue: which images most need a human look, most urgent first.

Images the model flagged *uncertain* come first: those unlike the training data (the model's
confidence means little there), then by calibrated confidence, lowest first. Then come
confident mistakes, when the true label is known: highest confidence first, since a confident
disagreement with the recorded label is the likeliest sign of a wrong label in the data.
Everything else is left out unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping

from core.classes import CLASSES

# Reason kinds, parsed from the uncertainty reasons of core.inference.uncertainty plus "misclassified".
REASON_KINDS = ("ood_colour", "ood_content", "low_confidence", "small_margin", "misclassified")

TIER_UNCERTAIN, TIER_MISCLASSIFIED, TIER_REST = 0, 1, 2


def reason_kinds(reason: str, misclassified: bool = False) -> tuple[str, ...]:
    """The machine-readable kinds in an uncertainty ``reason`` text (see ``UncertaintyModel``)."""
    kinds = []
    text = reason.lower()
    if "unlike the training data (colour" in text:
        kinds.append("ood_colour")
    if "unlike the training data (content" in text:
        kinds.append("ood_content")
    if "low confidence" in text:
        kinds.append("low_confidence")
    if "small margin" in text:
        kinds.append("small_margin")
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


def _as_record(pred: Any) -> dict | None:
    """A prediction dict (EvalResult) or a ``Prediction`` as a dict; ``None`` for errors."""
    if isinstance(pred, Mapping):
        rec = dict(pred)
    else:
        if getattr(pred, "error", None) is not None:
            return None
        # a field with no result (unlike the training images) is reviewed on the model's
        # top class, flagged uncertain with its reason
        rec = {"path": pred.path, "label": getattr(pred, "top_class", None) or pred.label,
               "confidence": pred.confidence,
               "probabilities": pred.probabilities, "uncertain": pred.uncertain,
               "reason": pred.reason}
    if rec.get("error") is not None or rec.get("label") is None:
        return None
    return rec


def _item(rec: dict, true: str | None) -> ReviewItem:
    label = str(rec["label"])
    probs = {str(k): float(v) for k, v in (rec.get("probabilities") or {}).items()}
    conf = float(rec.get("confidence", probs.get(label, 0.0)))
    uncertain = bool(rec.get("uncertain", False))
    reason = str(rec.get("reason") or "")
    wrong = true is not None and true != label
    tier = TIER_UNCERTAIN if uncertain else TIER_MISCLASSIFIED if wrong else TIER_REST
    return ReviewItem(str(rec["path"]), label, conf, uncertain, reason, true, probs,
                      reason_kinds(reason, wrong), tier)


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
    ``reasons`` (a kind from :data:`REASON_KINDS`, or ``"ood"`` for either OOD kind).
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
    predictions: Any,
    *,
    labels: Mapping[str, str] | None = None,
    classes: Iterable[str] | None = None,
    reasons: Iterable[str] | None = None,
    include_rest: bool = False,
) -> list[ReviewItem]:
    """Rank images by how much they need a human.

    Args:
        predictions: an ``EvalResult`` (or its ``predictions`` dicts, which carry ``true``), or
            ``Prediction`` objects from a classification batch. Unreadable images are left out.
        labels: true labels by path, for predictions that carry none (e.g. a batch whose
            folder names are the classes); a dict's own ``true`` wins.
        classes, reasons: filters, see :func:`filter_queue`.
        include_rest: also list confident, correct (or unlabelled) images, last.

    Returns:
        Frozen :class:`ReviewItem` s, most urgent first, ranked 1..n before filtering so a
        filtered view still shows each image's place in the whole queue.
    """
    preds = getattr(predictions, "predictions", predictions)
    labels = {str(k): v for k, v in (labels or {}).items()}
    items = []
    for pred in preds:
        rec = _as_record(pred)
        if rec is None:
            continue
        true = rec.get("true") or labels.get(str(rec["path"]))
        items.append(_item(rec, true))
    items.sort(key=_sort_key)
    if not include_rest:
        items = [it for it in items if it.tier != TIER_REST]
    ranked = [replace(it, rank=i) for i, it in enumerate(items, 1)]
    return filter_queue(ranked, classes=classes, reasons=reasons)
