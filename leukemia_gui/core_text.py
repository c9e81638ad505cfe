"""Lines core words in English, built again in the interface language from core's data: the
Classify tab's case line (a :class:`core.inference.result.CaseSummary`), a model's test
accuracy (``Bundle.test_accuracy_text``) and, from their fixed wording, Compare's warnings
(``Comparison.warnings``). In English each returns exactly core's words."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from core.inference.result import CaseSummary
from leukemia_gui.class_names import full_name


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
        full_name(case.label), QLocale().toString(case.confidence * 100, "f", 1), basis, case.agree,
        case.fields)
    text += (unreadable if case.errors else "") + unlike
    return text + (QCoreApplication.translate("CoreText", " — UNCERTAIN: {0}").format(case_reason(case))
                   if case.uncertain else "")


def case_line(case: CaseSummary, images: int) -> str:
    """The Classify tab's line under the table (rich text), red when the case is uncertain."""
    colour = "#c92a2a" if case.uncertain else "#1c7ed6"
    head = QCoreApplication.translate("CoreText", "Case, {0} image(s) read together:").format(images)
    return f"<span style='color:{colour}'><b>{head}</b> {case_description(case)}</span>"


def accuracy_text(bundle: Any) -> str:
    """``Bundle.test_accuracy_text`` in the interface language: the model's own test split's
    accuracy, or (a model trained on all the data) its recipe's benchmark's."""
    from core.parts import part_size, too_small

    acc = bundle.test_accuracy
    if acc is None:
        return QCoreApplication.translate("CoreText", "test accuracy not measured")
    metrics = bundle.card.get("metrics", {})
    own = metrics.get("test", {}).get("accuracy") is not None
    part = metrics["test"] if own else metrics.get("benchmark", {})
    n = part_size(part)
    figure = QLocale().toString(100 * acc, "f", 1)
    text = (QCoreApplication.translate("CoreText", "test accuracy {0} %") if own else
            QCoreApplication.translate("CoreText", "benchmark test accuracy {0} %")).format(figure)
    text += (QCoreApplication.translate("CoreText", " (n={0})").format(n) if n
             else QCoreApplication.translate("CoreText", " (n not recorded)"))
    return text + (QCoreApplication.translate("CoreText", ", too small to estimate")
                   if n and too_small(part) else "")


_WARNINGS = (  # core.evaluation.compare's sentences; a tail after ": " or "; " stays core's words
    (re.compile(r"^only (\d+) images were read by both models; the test uses those$"),
     QT_TRANSLATE_NOOP("CoreText", "only {0} images were read by both models; the test uses those")),
    (re.compile(r"^(\d+) of the (\d+) images were in model (\w+)'s training data; its figures are optimistic$"),
     QT_TRANSLATE_NOOP("CoreText", "{0} of the {1} images were in model {2}'s training data; its figures "
                                   "are optimistic")),
    (re.compile(r"^model (\w+) was continued from another model; (.*)$", re.S),
     QT_TRANSLATE_NOOP("CoreText", "model {0} was continued from another model; {1}")),
    (re.compile(r"^making model (\w+) active needs an override: (.*)$", re.S),
     QT_TRANSLATE_NOOP("CoreText", "making model {0} active needs an override: {1}")),
    (re.compile(r"^too few images to estimate either model's accuracy: (.*)$", re.S),
     QT_TRANSLATE_NOOP("CoreText", "too few images to estimate either model's accuracy: {0}")),
)


def comparison_warning(warning: str) -> str:
    """One of ``Comparison.warnings`` in the interface language (as it is when not one of core's
    fixed sentences)."""
    for pattern, text in _WARNINGS:
        match = pattern.match(warning)
        if match:
            return QCoreApplication.translate("CoreText", text).format(*match.groups())
    return warning


def card_text(card: dict) -> str:
    """A model card as :func:`core.evaluation.report.card_summary` lays it out (id, architecture,
    data, settings, test metrics), its words in the interface language; the settings' names and
    the split names are the card's own."""
    from leukemia_gui.widgets.metrics_view import basis_text, format_value

    def rows(pairs: list[tuple[str, object]]) -> list[str]:
        width = max(len(k) for k, _ in pairs) + 2
        return [f"{k + ':':<{width}}{v}" for k, v in pairs]

    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
    lines = rows([(translate("CoreText", "Model"), card.get("id", "?")),
                  (translate("CoreText", "Architecture"), card.get("architecture", "?")),
                  (translate("CoreText", "Created"), card.get("created", "?")),
                  (translate("CoreText", "App version"), card.get("app_version", "?")),
                  (translate("CoreText", "Input"), card.get("input_shape", "?"))])
    counts = card.get("dataset", {}).get("counts", {})
    if counts:
        lines.append(QCoreApplication.translate("CoreText", "Training data (images per split and class):"))
        for split, per_class in counts.items():
            parts = ", ".join(f"{c} {n}" for c, n in per_class.items())
            lines.append(f"  {split:<6} {sum(per_class.values()):>5}  ({parts})")
    training = card.get("training", {})
    keys = ("epochs", "epochs_run", "best_epoch", "batch_size", "image_size", "learning_rate", "seed", "seconds")
    if training:
        lines.append(QCoreApplication.translate("CoreText", "Settings: {0}").format(
            ", ".join(f"{k}={training[k]}" for k in keys if k in training)))
    test = card.get("metrics", {}).get("test")
    if test:
        lines.append(QCoreApplication.translate("CoreText", "Test metrics (at training time):"))
        lines.append("  " + basis_text(test))
        loss = test.get("loss")
        lines += ["  " + line for line in rows([
            (translate("CoreText", "Images"), test.get("n", "–")),
            (translate("CoreText", "Balanced accuracy"), format_value(test.get("balanced_accuracy"), True)),
            (translate("CoreText", "Loss"), format_value(loss, False)),
            (translate("CoreText", "ECE"), format_value(test.get("ece"), True)),
            (translate("CoreText", "Uncertain rate"), format_value(test.get("uncertain_rate"), True))])]
    return "\n".join(lines)
