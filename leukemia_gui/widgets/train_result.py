"""The Train tab's result box: what the finished run saved, every figure with its n, the parent,
the corrections report, and "Use this model"."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from core.evaluation.metrics import accuracy_text, too_small
from core.training.train import TrainResult, validation_name
from leukemia_gui.widgets.task_progress import format_seconds

SKIPPED_SHOWN = 5  # skipped corrections listed in the result box; the log lists all


def percent(value: object) -> str:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(v) else f"{100 * v:.1f} %"


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
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignTop)

    def set_usable(self, usable: bool, in_use: bool = False) -> None:
        self.use_button.setEnabled(usable)
        self.use_button.setText(self.tr("In use ✓") if in_use else self.tr("Use this model"))

    def show_text(self, text: str) -> None:
        self.label.setText(text)

    def show_result(self, result: TrainResult) -> list[str]:
        """Show ``result``; returns the log lines for the corrections worth a look."""
        metrics = result.metrics
        test, val = metrics.get("test", {}), metrics.get("val", {})
        card = result.card if isinstance(result.card, dict) else {}
        best = card.get("training", {}).get("best_epoch")
        scored_on_val = validation_name(card) == "validation"
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
            if not part:
                lines.append(self.tr("{0}: no images in this part, not measured.").format(name))
                continue
            text = accuracy_text(part, name)
            if part is test:
                text += self.tr(", balanced {0}").format(percent(test.get("balanced_accuracy")))
            lines.append(f"<span style='color:#c92a2a'>{text}</span>" if too_small(part) else text)
        parent = card.get("parent")
        if parent:
            lines.append(self.tr("Continued from <b>{0}</b> (checksum {1}…)").format(
                parent.get("id"), str(parent.get("checksum"))[:12]))
        from core.evaluation.reference import activation_block, side_by_side

        # the origin's reference beside the new images' held-out part, before and after
        lines.extend(side_by_side(card))
        block = activation_block(card)
        if block:
            lines.append(f"<span style='color:#b00020'>making it active needs an override: {block}</span>")
        log = self._corrections(result.corrections, lines)
        self.label.setText("<br>".join(lines))
        return log

    def _corrections(self, report: object, lines: list[str]) -> list[str]:
        """Add the corrections report to ``lines``; return a log line per correction worth a look."""
        if report is None:
            return []
        skipped = report.skipped
        unused = report.by_action("not_in_data")
        lines.append(self.tr("Corrections ({0}, SHA-256 {1}…): {2}").format(
            Path(report.corrections_path).name, report.corrections_sha256[:12], report.summary()))
        if skipped:
            names = ", ".join(Path(o.path).name for o in skipped[:SKIPPED_SHOWN])
            more = (self.tr(" and {0} more (see the log)").format(len(skipped) - SKIPPED_SHOWN)
                    if len(skipped) > SKIPPED_SHOWN else "")
            lines.append("<span style='color:#b00020'>" + self.tr(
                "Skipped {0} correction(s) (image changed, gone or relabelled since): {1}{2}"
            ).format(len(skipped), names, more) + "</span>")
        return [self.tr("  correction {0}: {1} — {2}").format(o.action, o.path, o.detail)
                for o in skipped + unused]
