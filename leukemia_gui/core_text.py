"""Lines core words in English, built again in the interface language from core's data: the
Classify tab's case line (a :class:`core.inference.result.CaseSummary`), a model's test
accuracy (``Bundle.test_accuracy_text``), Compare's warnings (``Comparison.warnings``, from their
codes and values) with the reference lines and accuracies they quote. In English each returns
exactly core's words."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from core.inference.result import CaseSummary
from core.model.bundle import Bundle
from core.model.card import ModelCard, PartMetrics
from leukemia_gui.class_names import full_name
from leukemia_gui.i18n import fixed, number, percent


def case_reason(case: CaseSummary) -> str:
    """:attr:`CaseSummary.reason` in the interface language ("" when the case is not uncertain)."""
    if case.label is None:
        if case.no_result:
            return QCoreApplication.translate("CoreText", "no field is like the training images")
        return (QCoreApplication.translate("CoreText", "no field could be classified") if case.errors
                else QCoreApplication.translate("CoreText", "no fields"))
    if case.voting == 0:
        return QCoreApplication.translate("CoreText", "no field was classified with confidence")
    if case.agree * 2 < case.fields:
        return QCoreApplication.translate("CoreText", "only {0} of {1} fields agree").format(
            case.agree, case.fields)
    return ""


def case_description(case: CaseSummary) -> str:
    """:meth:`CaseSummary.describe` in the interface language."""
    unlike = (QCoreApplication.translate("CoreText", "; {0} field(s) unlike the training images, no result")
              .format(case.no_result) if case.no_result else "")
    unreadable = QCoreApplication.translate("CoreText", "; {0} unreadable").format(case.errors)
    if case.label is None:
        return (case_reason(case) + (QCoreApplication.translate("CoreText", " ({0} unreadable)")
                                     .format(case.errors) if case.errors else "") + unlike)
    if case.voting:
        basis = QCoreApplication.translate("CoreText", "mean over {0} confident field(s)").format(case.voting)
        if case.uncertain_fields:
            basis += QCoreApplication.translate("CoreText", "; {0} uncertain field(s) not counted").format(
                case.uncertain_fields)
    else:
        basis = QCoreApplication.translate("CoreText", "all {0} field(s) uncertain, mean over all").format(
            case.fields)
    text = QCoreApplication.translate("CoreText", "{0} {1}% ({2}); {3} of {4} field(s) agree").format(
        full_name(case.label), fixed(case.confidence * 100, 1), basis, case.agree,
        case.fields)
    text += (unreadable if case.errors else "") + unlike
    return text + (QCoreApplication.translate("CoreText", " — UNCERTAIN: {0}").format(case_reason(case))
                   if case.uncertain else "")


def case_line(case: CaseSummary, images: int) -> str:
    """The Classify tab's line under the table (rich text), red when the case is uncertain."""
    colour = "#c92a2a" if case.uncertain else "#1c7ed6"
    head = QCoreApplication.translate("CoreText", "Case, {0} image(s) read together:").format(images)
    return f"<span style='color:{colour}'><b>{head}</b> {case_description(case)}</span>"


def accuracy_text(bundle: Bundle) -> str:
    """``Bundle.test_accuracy_text`` in the interface language: the model's own test split's
    accuracy, or (a model trained on all the data) its recipe's benchmark's."""
    acc = bundle.test_accuracy
    if acc is None:
        return QCoreApplication.translate("CoreText", "test accuracy not measured")
    card = bundle.model_card
    test = card.part("test")
    own = test is not None and test.accuracy is not None
    part = test if own else card.part("benchmark")
    n = part.n if part is not None else 0
    figure = fixed(100 * acc, 1)
    text = (QCoreApplication.translate("CoreText", "test accuracy {0} %") if own else
            QCoreApplication.translate("CoreText", "benchmark test accuracy {0} %")).format(figure)
    text += (QCoreApplication.translate("CoreText", " (n={0})").format(n) if n
             else QCoreApplication.translate("CoreText", " (n not recorded)"))
    return text + (QCoreApplication.translate("CoreText", ", too small to estimate")
                   if n and part is not None and part.too_small else "")


_WARNINGS = {  # core.evaluation.compare's warnings by code (CompareWarning.code)
    "compare.partly_read": QT_TRANSLATE_NOOP(
        "CoreText", "only {0} images were read by both models; the test uses those"),
    "compare.seen_in_training": QT_TRANSLATE_NOOP(
        "CoreText", "{0} of the {1} images were in model {2}'s training data; its figures are optimistic"),
    "compare.continued": QT_TRANSLATE_NOOP("CoreText", "model {0} was continued from another model; {1}"),
    "compare.needs_override": QT_TRANSLATE_NOOP("CoreText", "making model {0} active needs an override: {1}"),
    "compare.too_few": QT_TRANSLATE_NOOP("CoreText", "too few images to estimate either model's accuracy: {0}"),
}
_NOTES = {  # the reference notes core writes itself; a person's note stays as written
    "the parent has none": QT_TRANSLATE_NOOP("CoreText", "the parent has none"),
    "the parent carries no reference images of its origin": QT_TRANSLATE_NOOP(
        "CoreText", "the parent carries no reference images of its origin"),
}


def _note(note: str) -> str:
    """A reference note core writes itself in the interface language; a person's as written."""
    return QCoreApplication.translate("CoreText", str(_NOTES[note])) if note in _NOTES else note


def part_accuracy(m: PartMetrics | None, name: str) -> str:
    """:func:`core.evaluation.metrics.accuracy_text` in the interface language: ``name`` (already
    translated) with its accuracy, the count it rests on, the 95 % interval, and why a part too
    small estimates nothing."""
    from core.evaluation.metrics import wilson_interval
    from core.parts import MIN_IMAGES, MIN_PER_CLASS

    n, acc = (m.n, m.accuracy) if m is not None else (0, None)
    if m is None or not n or acc is None or not math.isfinite(acc):
        return QCoreApplication.translate("CoreText", "{0}: no images").format(name)
    right = int(round(acc * n))
    lo, hi = wilson_interval(right, n)
    text = QCoreApplication.translate("CoreText", "{0} {1}% ({2} of {3}, 95% CI {4}-{5}%)").format(
        name, number(100 * acc, 1), right, n, number(100 * lo, 0), number(100 * hi, 0))
    if not m.too_small:
        return text
    reasons = []
    if n < MIN_IMAGES:
        reasons.append(QCoreApplication.translate("CoreText", "{0} image(s), fewer than {1}").format(
            n, MIN_IMAGES))
    few = m.few_classes
    if few:
        reasons.append(QCoreApplication.translate("CoreText", "fewer than {0} of {1}").format(
            MIN_PER_CLASS, ", ".join(few)))
    return text + QCoreApplication.translate("CoreText", ": too small to estimate ({0})").format(
        "; ".join(reasons))


def reference_lines(card: ModelCard) -> list[str]:
    """:func:`core.evaluation.reference.side_by_side` in the interface language: a continued
    model's reference and the new lab's held-out part, before and after."""
    from core.evaluation.reference import MAX_REFERENCE_DROP

    rec = card.continued
    if rec is None:
        return []
    translate = QCoreApplication.translate
    parent, this = translate("CoreText", "parent"), translate("CoreText", "this model")
    lines = []
    ref = rec.reference
    if ref.model is not None:
        kind = (translate("CoreText", "independent") if ref.independent
                else translate("CoreText", "NOT independent: seen by the parent"))
        lines.append(translate("CoreText", "reference ({0}): {1}; {2}").format(
            kind, part_accuracy(ref.parent, parent), part_accuracy(ref.model, this)))
        drop = card.reference_drop
        if drop is not None:
            change = number(-drop, 1)
            line = translate("CoreText", "reference change: {0} points").format(
                change if change.startswith("-") else "+" + change)
            if drop > MAX_REFERENCE_DROP:
                line += translate("CoreText", " (more than {0}: making it active needs an override)").format(
                    QLocale().toString(MAX_REFERENCE_DROP, "g", 6))
            lines.append(line)
        if ref.note:
            lines.append(translate("CoreText", "reference: {0}").format(_note(ref.note)))
    else:
        note = ref.note or "the parent has none"
        lines.append(translate("CoreText", "reference: none carried ({0})").format(_note(note)))
    if rec.new_lab_model is not None:
        lines.append(translate("CoreText", "new lab's held-out part: {0}; {1}").format(
            part_accuracy(rec.new_lab_parent, parent), part_accuracy(rec.new_lab_model, this)))
    else:
        lines.append(translate("CoreText", "new lab's held-out part: no test images"))
    return lines


def activation_reason(card: ModelCard) -> str:
    """:func:`core.evaluation.reference.activation_block` in the interface language ('' when
    making the model active needs no override): core decides, the words come from the card."""
    from core.evaluation.reference import MAX_REFERENCE_DROP, activation_block

    if not activation_block(card):
        return ""
    drop = card.reference_drop
    if drop is None or card.continued is None:
        return QCoreApplication.translate(
            "CoreText", "it was continued from another model and carries no reference of that model's "
                        "origin, so nothing shows that it still reads those images")
    ref = card.continued.reference

    def pct(m: PartMetrics | None) -> str:
        return percent(m.accuracy if m is not None else None, space="", none="—")

    return QCoreApplication.translate(
        "CoreText", "it loses {0} points on its origin's reference (more than {1}): {2} before, {3} "
                    "after, n={4}").format(number(drop, 1), QLocale().toString(MAX_REFERENCE_DROP, "g", 6),
                                           pct(ref.parent), pct(ref.model), ref.n)


def comparison_warning(warning: str) -> str:
    """One of ``Comparison.warnings`` (a :class:`core.evaluation.compare.CompareWarning`) in the
    interface language, built from its code and values; a warning without a code as it is."""
    code, p = getattr(warning, "code", None), getattr(warning, "params", {})
    template = _WARNINGS.get(code or "")
    if template is None:
        return str(warning)
    text = QCoreApplication.translate("CoreText", str(template))
    if code == "compare.partly_read":
        return text.format(p["n"])
    if code == "compare.seen_in_training":
        return text.format(p["seen"], p["total"], p["model"])
    if code == "compare.continued":
        return text.format(p["model"], "; ".join(reference_lines(ModelCard.from_dict(p["card"]))))
    if code == "compare.needs_override":
        return text.format(p["model"], activation_reason(ModelCard.from_dict(p["card"])))
    name = QCoreApplication.translate("CoreText", "accuracy")
    a, b = PartMetrics.from_dict(p["a"]), PartMetrics.from_dict(p["b"])
    return text.format(f"A {part_accuracy(a, name)}; B {part_accuracy(b, name)}")


_CARD_NAMES = {  # a card's split and setting names; in English the card's own
    "train": QT_TRANSLATE_NOOP("CoreText", "train"),
    "val": QT_TRANSLATE_NOOP("CoreText", "val"),
    "test": QT_TRANSLATE_NOOP("CoreText", "test"),
    "epochs": QT_TRANSLATE_NOOP("CoreText", "epochs"),
    "epochs_run": QT_TRANSLATE_NOOP("CoreText", "epochs_run"),
    "best_epoch": QT_TRANSLATE_NOOP("CoreText", "best_epoch"),
    "batch_size": QT_TRANSLATE_NOOP("CoreText", "batch_size"),
    "image_size": QT_TRANSLATE_NOOP("CoreText", "image_size"),
    "learning_rate": QT_TRANSLATE_NOOP("CoreText", "learning_rate"),
    "seed": QT_TRANSLATE_NOOP("CoreText", "seed"),
    "seconds": QT_TRANSLATE_NOOP("CoreText", "seconds"),
}


def _card_name(name: str) -> str:
    return QCoreApplication.translate("CoreText", str(_CARD_NAMES[name])) if name in _CARD_NAMES else name


def _card_value(value: object) -> str:
    """A card's number in the locale's digits (``0,002`` in Spanish); anything else as stored."""
    locale = QLocale()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return locale.toString(value).replace(locale.groupSeparator(), "")
    return locale.toString(float(value), "g", 6)


def card_time(value: object) -> str:
    """The card's ISO creation time in the locale's short date and time (UTC, as stored)."""
    from datetime import datetime

    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    from PySide6.QtCore import QDateTime

    shown = QLocale().toString(QDateTime(when.date(), when.time().replace(microsecond=0)),
                               QLocale.FormatType.ShortFormat)
    return f"{shown} UTC" if when.utcoffset() is not None and not when.utcoffset() else shown


def card_text(card: ModelCard) -> str:
    """A model card as :func:`core.evaluation.report.card_summary` lays it out (id, architecture,
    data, settings, test metrics), its words in the interface language, the split and setting
    names too (in English the card's own)."""
    from leukemia_gui.widgets.metrics_view import basis_text, format_value

    def rows(pairs: list[tuple[str, object]]) -> list[str]:
        width = max(len(k) for k, _ in pairs) + 2
        return [f"{k + ':':<{width}}{v}" for k, v in pairs]

    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
    shape = list(card.input_shape) if card.input_shape is not None else "?"
    lines = rows([(translate("CoreText", "Model"), card.id or "?"),
                  (translate("CoreText", "Architecture"), card.architecture or "?"),
                  (translate("CoreText", "Created"), card_time(card.created or "?")),
                  (translate("CoreText", "App version"), card.app_version or "?"),
                  (translate("CoreText", "Input"), shape)])
    if card.counts:
        lines.append(QCoreApplication.translate("CoreText", "Training data (images per split and class):"))
        width = max(6, *(len(_card_name(split)) for split, _ in card.counts))
        for split, per_class in card.counts:
            parts = ", ".join(f"{c} {n}" for c, n in per_class)
            lines.append(f"  {_card_name(split):<{width}} {sum(n for _, n in per_class):>5}  ({parts})")
    if card.training is not None:
        lines.append(QCoreApplication.translate("CoreText", "Settings: {0}").format(
            ", ".join(f"{_card_name(k)}={_card_value(v)}" for k, v in card.training.shown())))
    test = card.part("test")
    if test is not None:
        lines.append(QCoreApplication.translate("CoreText", "Test metrics (at training time):"))
        lines.append("  " + basis_text(test))
        lines += ["  " + line for line in rows([
            (translate("CoreText", "Images"), test.n),
            (translate("CoreText", "Balanced accuracy"), format_value(test.balanced_accuracy, True)),
            (translate("CoreText", "Loss"), format_value(test.loss, False)),
            (translate("CoreText", "ECE"), format_value(test.ece, True)),
            (translate("CoreText", "Uncertain rate"), format_value(test.uncertain_rate, True))])]
    return "\n".join(lines)
