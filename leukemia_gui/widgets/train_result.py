"""The Train tab's result box: what the finished run saved, every figure with its n, the parent,
the reference beside the new images' part, the corrections report, and "Use this model".

Core words these lines in English (``core.evaluation.metrics.accuracy_text``,
``core.evaluation.reference.side_by_side`` and ``activation_block``, ``CorrectionReport.summary``);
here they are built from the run's numbers in the interface language, and read as core's in
English."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QWidget

from core.data.corrected import CorrectionReport
from core.model.card import ModelCard, PartMetrics
from core.training.train import TrainResult, validation_name
from leukemia_gui.core_text import activation_reason, part_accuracy, reference_lines
from leukemia_gui.i18n import percent
from leukemia_gui.tabs.train_text import corrections_summary, outcome_line
from leukemia_gui.widgets.task_progress import format_seconds

SKIPPED_SHOWN = 5  # skipped corrections listed in the result box; the log lists all
translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


# a part's accuracy with its count and interval, and the reference lines: core's words built
# again in the interface language in one place (also for Compare's warnings)
accuracy_line = part_accuracy


def activation_line(card: ModelCard) -> str:
    """Why making the model active needs an override ('' when it does not): core decides
    (:func:`core.evaluation.reference.activation_block`), the words are built from the card."""
    why = activation_reason(card)
    return translate("TrainResultWidget", "making it active needs an override: {0}").format(why) if why else ""


class _FittingScrollArea(QScrollArea):
    """Asks for the whole text's height (shown whole where there is room) and, where there is
    not, for three lines: the rest scrolls."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint, widget = super().sizeHint(), self.widget()
        if widget is None:
            return hint
        width = max(self.viewport().width(), 200)
        height = widget.heightForWidth(width) if widget.hasHeightForWidth() else widget.sizeHint().height()
        return QSize(hint.width(), height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().minimumSizeHint().width(), 3 * self.fontMetrics().lineSpacing())


class TrainResultWidget(QGroupBox):
    """The result of the last run (``show_result``) or why there is none (``show_text``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Result"))
        self.label = QLabel(self.tr("No model trained in this session yet."))
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton()
        self.use_button.setToolTip(self.tr("Make the new model the active one for Evaluate and Classify."))
        self.set_usable(False)
        self._scroll = scroll = _FittingScrollArea()  # a long result scrolls on a small screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.label)
        layout = QHBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignTop)

    def set_usable(self, usable: bool, in_use: bool = False) -> None:
        self.use_button.setEnabled(usable)
        self.use_button.setText(self.tr("In use ✓") if in_use else self.tr("Use this model"))

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self._scroll.updateGeometry()

    def show_result(self, result: TrainResult) -> list[str]:
        """Show ``result``; returns the log lines for the corrections worth a look."""
        test = PartMetrics.from_dict(result.metrics.get("test"))
        val = PartMetrics.from_dict(result.metrics.get("val"))
        card = ModelCard.from_dict(result.card)
        best = card.training.best_epoch if card.training is not None else None
        scored_on_val = validation_name(result.card) == "validation"
        lines = [self.tr("<b>Saved:</b> <code>{0}</code> · {1} epoch(s) in {2}").format(
            result.bundle_dir, result.epochs_run, format_seconds(result.seconds))]
        if best and best != result.epochs_run:
            lines[0] += (self.tr("; the model of epoch {0} was kept (lowest validation loss)")
                         if scored_on_val else
                         self.tr("; the model of epoch {0} was kept (lowest val_loss, scored on "
                                 "the training images)")).format(best)
        # every figure with its n and 95% interval; a part too small to estimate says so
        val_name = (self.tr("Validation accuracy") if scored_on_val
                    else self.tr("Training-image (no validation part) accuracy"))
        for part, name in ((test, self.tr("Test accuracy")), (val, val_name)):
            if part is None:
                lines.append(self.tr("{0}: no images in this part, not measured.").format(name))
                continue
            text = accuracy_line(part, name)
            if part is test:
                text += self.tr(", balanced {0}").format(percent(part.balanced_accuracy))
            lines.append(f"<span style='color:#c92a2a'>{text}</span>" if part.too_small else text)
        parent = card.parent
        if parent is not None:
            lines.append(self.tr("Continued from <b>{0}</b> (checksum {1}…)").format(
                parent.id, str(parent.checksum)[:12]))
        # the origin's reference beside the new images' held-out part, before and after
        lines.extend(reference_lines(card))
        block = activation_line(card)
        if block:
            lines.append(f"<span style='color:#b00020'>{block}</span>")
        log = self._corrections(result.corrections, lines)
        self.show_text("<br>".join(lines))
        return log

    def _corrections(self, report: CorrectionReport | None, lines: list[str]) -> list[str]:
        """Add the corrections report to ``lines``; return a log line per correction worth a look."""
        if report is None:
            return []
        skipped = report.skipped
        unused = report.by_action("not_in_data")
        lines.append(self.tr("Corrections ({0}, SHA-256 {1}…): {2}").format(
            Path(report.corrections_path).name, report.corrections_sha256[:12], corrections_summary(report)))
        if skipped:
            names = ", ".join(Path(o.path).name for o in skipped[:SKIPPED_SHOWN])
            more = (self.tr(" and {0} more (see the log)").format(len(skipped) - SKIPPED_SHOWN)
                    if len(skipped) > SKIPPED_SHOWN else "")
            lines.append("<span style='color:#b00020'>" + self.tr(
                "Skipped {0} correction(s) (image changed, gone or relabelled since): {1}{2}"
            ).format(len(skipped), names, more) + "</span>")
        return [outcome_line(o) for o in skipped + unused]
