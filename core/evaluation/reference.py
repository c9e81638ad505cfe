"""What a continued model's card says about its origin's reference, and the rule built on it.

A continued model is scored on two parts, side by side: the **reference** (images of the lab
its parent came from, carried in the bundle, see :mod:`core.model.carried`) and the **new
lab's** held-out part. The card records both, for the parent and for the child, under
``continued``::

    {"method": {...}, "reference": {"n", "independent", "note", "parent": metrics, "model": metrics},
     "new_lab": {"parent": metrics, "model": metrics}}

:func:`activation_block` is the rule: a continued model that loses more than
:data:`MAX_REFERENCE_DROP` points on its reference (or has no reference to show) is made active
only with an explicit override, which the card of the activation and the audit log record.
"""

from __future__ import annotations

from typing import Any

from core.evaluation.metrics import accuracy_text
from core.model.card import ModelCard, PartMetrics

MAX_REFERENCE_DROP = 1.0  # points of accuracy on the reference a continued model may lose


def continued_record(card: dict) -> dict | None:
    """The ``continued`` part of a card (None for a model that was not continued)."""
    rec = card.get("continued")
    return rec if isinstance(rec, dict) else None


def reference_drop(card: dict | ModelCard) -> float | None:
    """Points of reference accuracy the model lost against its parent (negative: gained);
    None when the card has no reference scores (:attr:`ModelCard.reference_drop`)."""
    return (card if isinstance(card, ModelCard) else ModelCard.from_dict(card)).reference_drop


def activation_block(card: dict | ModelCard, limit: float = MAX_REFERENCE_DROP) -> str:
    """Why making this model active needs an explicit override ('' when it does not): it was
    continued and lost more than ``limit`` points on its reference, or has none to show."""
    view = card if isinstance(card, ModelCard) else ModelCard.from_dict(card)
    if view.parent is None or view.activation_override is not None:
        return ""
    drop = view.reference_drop
    if drop is None:
        return ("it was continued from another model and carries no reference of that model's "
                "origin, so nothing shows that it still reads those images")
    if drop > limit and view.continued is not None:
        ref = view.continued.reference
        return (f"it loses {drop:.1f} points on its origin's reference (more than {limit:g}): "
                f"{_pct(ref.parent)} before, {_pct(ref.model)} after, n={ref.n}")
    return ""


def _pct(m: PartMetrics | None) -> str:
    acc = m.accuracy if m is not None else None
    return "—" if acc is None else f"{acc:.1%}"


def side_by_side(card: dict) -> list[str]:
    """Lines for people: the reference and the new lab's held-out part, before and after,
    each with its count and interval (a part too small to estimate is said to be)."""
    rec = continued_record(card)
    if rec is None:
        return []
    lines = []
    ref = rec.get("reference") or {}
    if ref.get("model"):
        kind = "independent" if ref.get("independent") else "NOT independent: seen by the parent"
        lines.append(f"reference ({kind}): " + accuracy_text(ref.get("parent"), "parent")
                     + "; " + accuracy_text(ref.get("model"), "this model"))
        drop = reference_drop(card)
        if drop is not None:
            lines.append(f"reference change: {-drop:+.1f} points"
                         + (f" (more than {MAX_REFERENCE_DROP:g}: making it active needs an override)"
                            if drop > MAX_REFERENCE_DROP else ""))
        if ref.get("note"):
            lines.append(f"reference: {ref['note']}")
    else:
        lines.append("reference: none carried (" + str(ref.get("note") or "the parent has none") + ")")
    lab = rec.get("new_lab") or {}
    if lab.get("model"):
        lines.append("new lab's held-out part: " + accuracy_text(lab.get("parent"), "parent")
                     + "; " + accuracy_text(lab.get("model"), "this model"))
    else:
        lines.append("new lab's held-out part: no test images")
    return lines


def override_record(reason: str, by: str, when: str) -> dict:
    """What the card and the audit log keep of an activation made against the rule."""
    return {"reason": reason, "by": by, "at": when}


def activate_with_override(bundle_path: Any, reason: str, by: str, audit: Any = None) -> Any:
    """Record an override of :func:`activation_block` for the bundle at ``bundle_path``: the
    card gains ``activation_override`` (who, when, why, the rule's words) and is stamped again,
    so the card's checksum and id change and the record cannot be edited unnoticed; ``audit``
    (a :class:`core.inference.audit.AuditLog`) gets a ``model.activation_override`` event.
    Returns the bundle, loaded again. ``ValueError`` when no override is needed or no reason
    is given."""
    import json
    from datetime import datetime, timezone
    from pathlib import Path

    from core.fileutil import atomic_write_text
    from core.model.bundle import CARD, load_bundle, stamp_card

    bundle = load_bundle(bundle_path)
    block = activation_block(bundle.card)
    if not block:
        raise ValueError("this model needs no override to be made active")
    if not reason.strip():
        raise ValueError("an override needs a reason")
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    old_id = bundle.model_id
    record = {**override_record(reason.strip(), by, when), "rule": block, "previous_id": old_id}
    card = stamp_card({**bundle.card, "activation_override": record})
    atomic_write_text(Path(bundle.path) / CARD, json.dumps(card, indent=1, allow_nan=True))
    bundle = load_bundle(bundle.path)
    if audit is not None:
        audit.record_event("model.activation_override", user=by, model_id=bundle.model_id,
                           previous_id=old_id, model_path=str(bundle.path), reason=reason.strip(),
                           rule=block, reference_drop_points=reference_drop(bundle.card))
    return bundle
