"""The model card (``model.json``): its checksum, its id, reading it with size and nesting limits,
and refusing values no training writes."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.fileutil import json_depth
from core.model.bundle_errors import BundleError

MAX_CARD_BYTES = 32 * 2**20
MAX_CARD_DEPTH = 32


def canonical_card(card: dict) -> bytes:
    """The card as the checksum sees it: every field but ``checksum`` and ``id`` (which is
    derived from the checksum), keys sorted, no whitespace, UTF-8."""
    body = {k: v for k, v in card.items() if k not in ("checksum", "id")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=True).encode("utf-8")


def card_checksum(card: dict) -> str:
    """SHA-256 over the files' digests and the canonical card: any edit to either changes it."""
    files = card.get("files", {})
    joined = "\n".join(f"{name}:{digest}" for name, digest in sorted(files.items()))
    return hashlib.sha256(joined.encode() + b"\ncard:" + canonical_card(card)).hexdigest()


def model_id(card: dict, checksum: str) -> str:
    return f"{card.get('architecture', 'model')}-{checksum[:12]}"


def read_card(card_path: Path) -> Any:
    """Parse a card with size and nesting limits; :class:`BundleError` on anything wrong."""
    try:
        if not card_path.is_file():
            raise BundleError(f"{card_path}: not a regular file", "bundle.card_not_file",
                              {"path": str(card_path)})
        if card_path.stat().st_size > MAX_CARD_BYTES:
            raise BundleError(f"{card_path}: model card larger than {MAX_CARD_BYTES // 2**20} MiB",
                              "bundle.card_too_large",
                              {"path": str(card_path), "limit_mib": MAX_CARD_BYTES // 2**20})
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except BundleError:
        raise
    except RecursionError:
        raise BundleError(f"{card_path}: model card nested too deeply", "bundle.card_too_deep",
                          {"path": str(card_path)}) from None
    except (OSError, ValueError) as exc:
        raise BundleError(f"{card_path}: unreadable model card ({str(exc)[:200]})",
                          "bundle.card_unreadable",
                          {"path": str(card_path), "detail": str(exc)[:200]}) from None
    if json_depth(card, MAX_CARD_DEPTH) > MAX_CARD_DEPTH:
        raise BundleError(f"{card_path}: model card nested more than {MAX_CARD_DEPTH} levels",
                          "bundle.card_nested", {"path": str(card_path), "levels": MAX_CARD_DEPTH})
    return card


def _finite(value: Any, name: str, lo: float = -math.inf, hi: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} is not a number ({value!r})")
    v = float(value)
    if not math.isfinite(v) or not lo <= v <= hi:
        raise ValueError(f"{name} = {value!r} is not a finite number in [{lo:g}, {hi:g}]")
    return v


def _finite_matrix(rows: Any, name: str) -> None:
    import numpy as np

    try:
        a = np.asarray(rows, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} is not a numeric matrix") from None
    if a.ndim != 2 or a.size == 0 or not np.isfinite(a).all():
        raise ValueError(f"{name} must be a non-empty matrix of finite numbers")


def validate_card_values(card: dict) -> None:
    """Refuse values no training writes: a non-finite or out-of-range calibration, threshold,
    metric or size (``ValueError`` naming the field)."""
    unc = card["uncertainty"]
    _finite(unc["temperature"], "uncertainty.temperature", 0.01, 100.0)
    _finite(unc["min_confidence"], "uncertainty.min_confidence", 0.0, 1.0)
    _finite(unc["min_margin"], "uncertainty.min_margin", 0.0, 1.0)
    _finite(unc["feature_threshold"], "uncertainty.feature_threshold", 0.0)
    _finite(unc["stats_threshold"], "uncertainty.stats_threshold", 0.0)
    for g in ("feature_gaussian", "stats_gaussian"):
        _finite_matrix(unc[g]["mean"], f"uncertainty.{g}.mean")
        _finite_matrix(unc[g]["precision"], f"uncertainty.{g}.precision")
    if unc.get("detail_range") is not None:
        lo, hi = unc["detail_range"]
        _finite(lo, "uncertainty.detail_range[0]")
        if _finite(hi, "uncertainty.detail_range[1]") < lo:
            raise ValueError("uncertainty.detail_range is empty")
    if unc.get("detail_measure", "absolute") not in ("absolute", "relative"):  # uncertainty.DETAIL_MEASURES
        raise ValueError(f"uncertainty.detail_measure: unknown measure {unc['detail_measure']!r}")
    for part, m in (card.get("metrics") or {}).items():
        if not isinstance(m, dict):
            continue
        for key in ("accuracy", "balanced_accuracy", "macro_f1", "ece", "uncertain_rate"):
            if m.get(key) is not None:
                _finite(m[key], f"metrics.{part}.{key}", 0.0, 1.0)


# --- the card read as typed records (the file keeps its form: ``Bundle.card`` writes and checks it)

Number = int | float


def _num(value: object) -> float | None:
    """A finite-or-not number as stored, None for anything else (a bool is no number)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class PartMetrics:
    """One measured part as a card holds it (``metrics.<part>``, the reference's scores):
    the count it rests on (:func:`core.parts.part_size`), its figures (None where not
    recorded), and why it is too small to estimate an accuracy from ('' when it is not)."""

    n: int
    accuracy: float | None = None
    balanced_accuracy: float | None = None
    macro_f1: float | None = None
    loss: float | None = None
    ece: float | None = None
    uncertain_rate: float | None = None
    class_support: tuple[tuple[str, int], ...] = ()
    few_classes: tuple[str, ...] = ()
    too_small: str = ""

    @classmethod
    def from_dict(cls, m: object) -> PartMetrics | None:
        """The part of a card's metrics dict; None for a missing, empty or non-dict part."""
        from core.parts import class_support, few_classes, part_size, too_small

        if not isinstance(m, dict) or not m:
            return None
        return cls(n=part_size(m), accuracy=_num(m.get("accuracy")),
                   balanced_accuracy=_num(m.get("balanced_accuracy")), macro_f1=_num(m.get("macro_f1")),
                   loss=_num(m.get("loss")), ece=_num(m.get("ece")),
                   uncertain_rate=_num(m.get("uncertain_rate")),
                   class_support=tuple(class_support(m).items()), few_classes=tuple(few_classes(m)),
                   too_small=too_small(m))


@dataclass(frozen=True)
class TrainingSettings:
    """The card's ``training`` settings a person reads (None where not recorded)."""

    epochs: int | None = None
    epochs_run: int | None = None
    best_epoch: int | None = None
    batch_size: int | None = None
    image_size: int | None = None
    learning_rate: float | None = None
    seed: int | None = None
    seconds: float | None = None
    note: str | None = None

    SHOWN = ("epochs", "epochs_run", "best_epoch", "batch_size", "image_size", "learning_rate",
             "seed", "seconds")

    def shown(self) -> tuple[tuple[str, Number], ...]:
        """The recorded settings of :attr:`SHOWN`, by name, in that order."""
        pairs = ((k, getattr(self, k)) for k in self.SHOWN)
        return tuple((k, v) for k, v in pairs if v is not None)


@dataclass(frozen=True)
class ParentRecord:
    """The model a continued model started from."""

    id: str | None
    checksum: str | None


@dataclass(frozen=True)
class ReferenceRecord:
    """A continued model's scores on its origin's reference images, before and after."""

    n: int | None = None
    independent: bool = False
    note: str = ""
    parent: PartMetrics | None = None
    model: PartMetrics | None = None


@dataclass(frozen=True)
class ContinuedRecord:
    """The card's ``continued`` section: the reference and the new lab's held-out part."""

    reference: ReferenceRecord
    new_lab_parent: PartMetrics | None = None
    new_lab_model: PartMetrics | None = None


@dataclass(frozen=True)
class OverrideRecord:
    """An activation made against the reference rule: why, by whom, when."""

    reason: str
    by: str
    at: str


@dataclass(frozen=True)
class ModelCard:
    """A read-only typed view of a model card (``model.json``) for what people are shown;
    the card itself stays the dict the file, its checksum and its writers use."""

    id: str | None = None
    architecture: str | None = None
    created: str | None = None
    app_version: str | None = None
    input_shape: tuple[int, ...] | None = None
    counts: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()
    data_root: str | None = None  # the training data's folder as recorded
    training: TrainingSettings | None = None
    metrics: tuple[tuple[str, PartMetrics], ...] = ()
    parent: ParentRecord | None = None
    continued: ContinuedRecord | None = None
    activation_override: OverrideRecord | None = None

    @classmethod
    def from_dict(cls, card: object) -> ModelCard:
        """The view of ``card``; missing or malformed optional sections read as absent."""
        c = _dict(card)
        shape = c.get("input_shape")
        counts = tuple((str(split), tuple((str(k), v) for k, v in _dict(per).items() if isinstance(v, int)))
                       for split, per in _dict(_dict(c.get("dataset")).get("counts")).items())
        t = c.get("training")
        training = None
        if isinstance(t, dict) and t:
            training = TrainingSettings(
                epochs=_int(t.get("epochs")), epochs_run=_int(t.get("epochs_run")),
                best_epoch=_int(t.get("best_epoch")), batch_size=_int(t.get("batch_size")),
                image_size=_int(t.get("image_size")), learning_rate=_num(t.get("learning_rate")),
                seed=_int(t.get("seed")), seconds=_num(t.get("seconds")), note=_text(t.get("note")))
        metrics = tuple((str(name), part) for name, m in _dict(c.get("metrics")).items()
                        if (part := PartMetrics.from_dict(m)) is not None)
        p = c.get("parent")
        parent = ParentRecord(_text(p.get("id")), _text(p.get("checksum"))) if isinstance(p, dict) else None
        rec = c.get("continued")
        continued = None
        if isinstance(rec, dict):
            ref, lab = _dict(rec.get("reference")), _dict(rec.get("new_lab"))
            continued = ContinuedRecord(
                ReferenceRecord(n=_int(ref.get("n")), independent=bool(ref.get("independent")),
                                note=str(ref.get("note") or ""), parent=PartMetrics.from_dict(ref.get("parent")),
                                model=PartMetrics.from_dict(ref.get("model"))),
                PartMetrics.from_dict(lab.get("parent")), PartMetrics.from_dict(lab.get("model")))
        o = c.get("activation_override")
        override = (OverrideRecord(str(o.get("reason", "")), str(o.get("by", "")), str(o.get("at", "")))
                    if isinstance(o, dict) and o else None)
        return cls(id=_text(c.get("id")), architecture=_text(c.get("architecture")),
                   created=_text(c.get("created")), app_version=_text(c.get("app_version")),
                   input_shape=(tuple(int(v) for v in shape if _int(v) is not None)
                                if isinstance(shape, (list, tuple)) else None),
                   counts=counts, data_root=_text(_dict(c.get("dataset")).get("root")), training=training,
                   metrics=metrics, parent=parent,
                   continued=continued, activation_override=override)

    def images(self, split: str) -> int:
        """How many images the card records for one split (``train``, ``val``, ``test``); 0 if none."""
        return sum(n for k, per in self.counts if k == split for _, n in per)

    def part(self, name: str) -> PartMetrics | None:
        """The metrics of one part (``test``, ``val``, ``benchmark``, ...), None if not recorded."""
        return next((m for k, m in self.metrics if k == name), None)

    @property
    def reference_drop(self) -> float | None:
        """Points of reference accuracy the model lost against its parent (negative: gained);
        None when the card has no reference scores."""
        ref = self.continued.reference if self.continued else None
        before = ref.parent.accuracy if ref and ref.parent else None
        after = ref.model.accuracy if ref and ref.model else None
        if before is None or after is None:
            return None
        return round(100.0 * (before - after), 2)
