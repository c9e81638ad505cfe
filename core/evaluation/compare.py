"""Compare two models on the same labelled images, with an exact McNemar test.

The test looks only at images the two models disagree on in correctness: ``b`` (A right,
B wrong) and ``c`` (A wrong, B right). Under "no difference" each discordant image is a fair
coin, so the two-sided p-value is ``min(1, 2 * P(X <= min(b, c)))`` for ``X ~ Bin(b + c, 1/2)``.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.classes import CLASSES
from core.data.scan import DatasetError
from core.data.split import Manifest
from core.evaluation.evaluate import EvalPrediction, EvalResult, count_seen, evaluate
from core.inference.predictor import Predictor
from core.progress import Progress, ProgressFn, StopFn, never_stop, no_progress

METRICS = ("accuracy", "balanced_accuracy", "macro_f1", "loss", "ece", "uncertain_rate")
LOWER_IS_BETTER = frozenset({"loss", "ece", "uncertain_rate"})
# Each warning's code and the names of the values it is made from (``CompareWarning.params``):
# ``card`` is the model's card, whose reference lines (core.evaluation.reference) the sentence
# quotes; ``a`` and ``b`` are the two models' metrics dicts.
WARNING_CODES: dict[str, tuple[str, ...]] = {
    "compare.partly_read": ("n",),
    "compare.seen_in_training": ("seen", "total", "model"),
    "compare.continued": ("model", "card"),
    "compare.needs_override": ("model", "card"),
    "compare.too_few": ("a", "b"),
}


class CompareWarning(str):
    """One of :attr:`Comparison.warnings`: the English sentence itself (a ``str``, as the CLI
    and the JSON show it), with ``code`` (a key of :data:`WARNING_CODES`) and ``params``, the
    values it was made from, so an interface can word it in its own language."""

    code: str
    params: dict[str, Any]

    def __new__(cls, text: str, code: str, params: dict[str, Any]) -> CompareWarning:
        self = super().__new__(cls, text)
        self.code, self.params = code, dict(params)
        return self

    def __getnewargs__(self) -> tuple[str, str, dict[str, Any]]:  # type: ignore[override]
        return str(self), self.code, self.params  # copies and pickles keep the code


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value for discordant counts ``b`` and ``c``."""
    if b < 0 or c < 0:
        raise ValueError("discordant counts must be non-negative")
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(b, c) + 1))
    return min(1.0, 2 * tail / 2**n)  # exact integers until the one division


@dataclass(frozen=True)
class Change:
    """A number for model A and model B; ``better`` says whether B improved on it."""

    name: str
    a: float
    b: float

    @property
    def delta(self) -> float:
        return self.b - self.a

    @property
    def better(self) -> bool | None:
        if not (math.isfinite(self.a) and math.isfinite(self.b)) or self.a == self.b:
            return None
        return (self.b < self.a) if self.name in LOWER_IS_BETTER else (self.b > self.a)

    def to_dict(self) -> dict:
        return {"name": self.name, "a": self.a, "b": self.b, "change": self.delta}


@dataclass(frozen=True)
class ChangedPrediction:
    path: str
    true: str
    a: str
    b: str
    confidence_a: float = 0.0
    confidence_b: float = 0.0

    @property
    def fixed(self) -> bool:
        """B is right where A was wrong."""
        return self.b == self.true


@dataclass(frozen=True)
class McNemar:
    b: int  # A right, B wrong
    c: int  # A wrong, B right
    p_value: float

    @property
    def n(self) -> int:
        return self.b + self.c


@dataclass(frozen=True)
class Comparison:
    model_a: dict  # id, checksum, path
    model_b: dict
    data: str
    n: int
    metrics: tuple[Change, ...]
    sensitivity: tuple[Change, ...]  # one per class
    changed: tuple[ChangedPrediction, ...]
    mcnemar: McNemar
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    results: tuple[EvalResult, ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict:
        return {
            "model_a": self.model_a, "model_b": self.model_b, "data": self.data, "n": self.n,
            "metrics": [m.to_dict() for m in self.metrics],
            "sensitivity": [s.to_dict() for s in self.sensitivity],
            "changed": [asdict(c) for c in self.changed],
            "mcnemar": {"b_a_right_b_wrong": self.mcnemar.b, "c_a_wrong_b_right": self.mcnemar.c,
                        "p_value": self.mcnemar.p_value, "test": "exact (binomial), two-sided"},
            "warnings": list(self.warnings),
            "seconds": round(self.seconds, 2),
        }


def _model_info(result: EvalResult, predictor: Predictor) -> dict:
    from core.evaluation.reference import side_by_side

    info = {"id": result.card.get("id"), "checksum": result.card.get("checksum"),
            "path": str(predictor.bundle.path)}
    continued = side_by_side(result.card)  # a continued model: its origin's reference, before/after
    if continued:
        info["continued"] = continued
    return info


def _training_overlap(predictor: Predictor, predictions: list[EvalPrediction],
                      name: str) -> str | None:
    """A warning when some of the images were in the model's own training split."""
    n = count_seen(predictor.bundle.path, predictions)
    if not n:
        return None
    return CompareWarning(f"{n} of the {len(predictions)} images were in model {name}'s training "
                          "data; its figures are optimistic", "compare.seen_in_training",
                          {"seen": n, "total": len(predictions), "model": name})


def _stage(progress: ProgressFn, name: str, part: int) -> ProgressFn:
    def report(p: Progress) -> None:
        progress(Progress("compare", part * p.total + p.done, 2 * p.total,
                          f"model {name}: {p.message}", p.metrics))
    return report


def compare_models(
    data: Path | str | Manifest,
    model_a: Path | str | Predictor,
    model_b: Path | str | Predictor,
    *,
    split: str | None = None,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> Comparison:
    """Evaluate two models on the same labelled images and compare them.

    Args:
        data: labelled folder, or split manifest (its ``split``, default test).
        model_a, model_b: model folders or loaded predictors; A is the reference ("before").
        split: manifest split to use.
        progress: ``compare`` reports over both evaluations. should_stop: see core.progress.

    Returns:
        A :class:`Comparison`: each metric and its change, per-class sensitivity changes, the
        images whose prediction changed, the exact McNemar test on paired correctness, and
        warnings (e.g. images a model was trained on).

    Raises:
        DatasetError: no image could be evaluated by both models.
    """
    t0 = time.perf_counter()
    pa = model_a if isinstance(model_a, Predictor) else Predictor(model_a)
    pb = model_b if isinstance(model_b, Predictor) else Predictor(model_b)
    ra = evaluate(pa, data, split=split, progress=_stage(progress, "A", 0), should_stop=should_stop)
    rb = evaluate(pb, data, split=split, progress=_stage(progress, "B", 1), should_stop=should_stop)
    by_b = {p.path: p for p in rb.predictions}
    pairs = [(p, by_b[p.path]) for p in ra.predictions if p.path in by_b]
    if not pairs:
        raise DatasetError("no image could be evaluated by both models")
    b = sum(x.correct and not y.correct for x, y in pairs)
    c = sum(not x.correct and y.correct for x, y in pairs)
    changed = tuple(
        ChangedPrediction(x.path, x.true, x.label, y.label, float(x.confidence),
                          float(y.confidence))
        for x, y in pairs if x.label != y.label
    )
    ma, mb = ra.metrics, rb.metrics
    metrics = tuple(Change(k, float(va), float(vb)) for k in METRICS
                    if (va := getattr(ma, k)) is not None and (vb := getattr(mb, k)) is not None)
    sens = tuple(Change(cls, float(ma.per_class[cls].sensitivity),
                        float(mb.per_class[cls].sensitivity)) for cls in CLASSES)
    warnings: list[str] = []
    if len(pairs) != len(ra.predictions) or len(pairs) != len(rb.predictions):
        warnings.append(CompareWarning(f"only {len(pairs)} images were read by both models; the "
                                       "test uses those", "compare.partly_read", {"n": len(pairs)}))
    for name, pred in (("A", pa), ("B", pb)):
        w = _training_overlap(pred, [x for x, _ in pairs], name)
        if w:
            warnings.append(w)
    from core.evaluation.metrics import accuracy_text

    from core.evaluation.reference import activation_block, side_by_side

    for name, res in (("A", ra), ("B", rb)):  # scored on its origin's reference when continued
        lines = side_by_side(res.card)
        if lines:
            warnings.append(CompareWarning(f"model {name} was continued from another model; "
                                           + "; ".join(lines), "compare.continued",
                                           {"model": name, "card": res.card}))
        block = activation_block(res.card)
        if block:
            warnings.append(CompareWarning(f"making model {name} active needs an override: {block}",
                                           "compare.needs_override", {"model": name, "card": res.card}))
    if ma.too_small:  # each model's accuracy with its n and 95% interval
        warnings.append(CompareWarning("too few images to estimate either model's accuracy: "
                                       f"A {accuracy_text(ma.to_dict(), 'accuracy')}; "
                                       f"B {accuracy_text(mb.to_dict(), 'accuracy')}",
                                       "compare.too_few", {"a": ma.to_dict(), "b": mb.to_dict()}))
    return Comparison(
        model_a=_model_info(ra, pa), model_b=_model_info(rb, pb), data=str(data), n=len(pairs),
        metrics=metrics, sensitivity=sens, changed=changed,
        mcnemar=McNemar(b, c, mcnemar_exact(b, c)), warnings=tuple(warnings),
        seconds=time.perf_counter() - t0, results=(ra, rb),
    )


def format_comparison(cmp: Comparison, max_changed: int = 20) -> str:
    """A readable table (for the terminal and text reports)."""
    lines = [f"A: {cmp.model_a['id']}  ({cmp.model_a['path']})",
             f"B: {cmp.model_b['id']}  ({cmp.model_b['path']})",
             f"data: {cmp.data}, {cmp.n} images", "",
             f"{'metric':20s} {'A':>8s} {'B':>8s} {'change':>8s}"]

    def row(ch: Change, indent: str = "") -> str:
        mark = {True: "  better", False: "  worse", None: ""}[ch.better]
        return f"{indent + ch.name:20s} {ch.a:8.4f} {ch.b:8.4f} {ch.delta:+8.4f}{mark}"

    lines += [row(m) for m in cmp.metrics]
    lines.append("sensitivity")
    lines += [row(s, "  ") for s in cmp.sensitivity]
    m = cmp.mcnemar
    lines += ["", f"McNemar exact test: A right/B wrong {m.b}, A wrong/B right {m.c}, "
                  f"p = {m.p_value:.4g}"
              + ("  (no discordant images)" if m.n == 0 else
                 "  (difference unlikely to be chance)" if m.p_value < 0.05 else
                 "  (difference could be chance)"),
              f"predictions changed: {len(cmp.changed)} "
              f"({sum(ch.fixed for ch in cmp.changed)} now right, "
              f"{sum(ch.a == ch.true for ch in cmp.changed)} now wrong)"]
    for ch in cmp.changed[:max_changed]:
        lines.append(f"  {ch.path}: true {ch.true}, A {ch.a} -> B {ch.b}")
    if len(cmp.changed) > max_changed:
        lines.append(f"  ... and {len(cmp.changed) - max_changed} more (see --json)")
    lines += [f"warning: {w}" for w in cmp.warnings]
    return "\n".join(lines)
