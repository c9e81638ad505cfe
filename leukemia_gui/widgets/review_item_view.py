"""One review-queue item large: where it stands and why, the image (heatmap on request), the
probabilities, its saved correction, and the buttons naming the marking keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.data.corrections import Correction
from core.data.images import ImageError, load_rgb
from core.evaluation.review import ReviewItem
from leukemia_gui.flag_text import text_reason
from leukemia_gui.error_text import image_reason
from leukemia_gui.widgets.correction_keys import CorrectionButtonsWidget, choice_text
from leukemia_gui.widgets.image_result import HeatmapFn, ImageResultWidget
from leukemia_gui.i18n import fixed


def why_text(item: ReviewItem) -> str:
    """:attr:`ReviewItem.why` with its disagreement part in the interface language (the
    uncertainty reason translated from core's sentence)."""
    parts = [text_reason(item.reason)] if item.reason else []
    if item.misclassified:
        confidence = fixed(item.confidence * 100, 0) + " %"
        parts.append(QCoreApplication.translate("ReviewItemWidget", "labelled {0}, predicted {1} ({2})")
                     .format(item.true, item.label, confidence))
    return "; ".join(parts)


class ReviewItemWidget(QWidget):
    """``show_item(item, ...)`` fills it; ``keys.chosen`` fires when a marking button is pressed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result = ImageResultWidget(placeholder=self.tr("No image"))
        self.correction_label = QLabel()
        self.correction_label.setWordWrap(True)
        self.keys = CorrectionButtonsWidget(two_rows=True)  # fits beside the queue on a small screen
        help_label = QLabel(self.tr("Keys: ←/→ or ↑/↓ move · Home/End · H heatmap · Ctrl+Z undo"))
        help_label.setStyleSheet("color: palette(placeholder-text);")
        help_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.result, 1)
        layout.addWidget(self.correction_label)
        layout.addWidget(self.keys)
        layout.addWidget(help_label)

    def show_nothing(self, message: str) -> None:
        self.keys.set_enabled(False)
        self.header.setText(message)
        self.header.setToolTip("")
        self.result.clear()
        self.correction_label.setText("")
        self.keys.show_current(None)

    def show_item(self, item: ReviewItem, queue_length: int, heatmap_fn: HeatmapFn | None,
                  done: Correction | None) -> str:
        """Show ``item`` (``done``: its saved correction); returns why the image cannot be
        shown, or "" when it is shown."""
        self.keys.set_enabled(True)
        name = Path(item.path).name
        label = (self.tr("labelled <b>{0}</b>, ").format(item.true) if item.true
                 else self.tr("no label, "))
        confidence = fixed(item.confidence * 100, 1) + " %"
        self.header.setText(self.tr("<b>#{0}</b> of {1} · <b>{2}</b> — {3}predicted <b>{4}</b> "
                                    "({5})<br>{6}").format(
            item.rank, queue_length, name, label, item.label, confidence,
            why_text(item) or self.tr("confident, agrees with the label")))
        self.header.setToolTip(item.path)
        self.result.prediction_view.set_prediction(item.label, item.probabilities, item.confidence,
                                                   item.uncertain, item.reason)
        self.result.set_heatmap_source(heatmap_fn)
        problem = ""
        try:
            self.result.set_image(load_rgb(item.path))
        except ImageError as exc:
            problem = image_reason(exc)
            self.result.set_image(None, self.tr("Cannot show this image: {0}").format(problem))
        self.show_correction(item, done)
        return problem

    def show_correction(self, item: ReviewItem, done: Correction | None) -> None:
        self.keys.show_current(done.corrected_label if done else None)
        if done is None:
            text = (self.tr("Not marked. The recorded label is {0}.") if item.true else
                    self.tr("Not marked. The recorded label is {0} (the prediction; no label is known)."))
            self.correction_label.setText(text.format(item.true or item.label))
        else:
            text = (self.tr("<b>Marked {0}</b> by {1}, {2} (recorded label {3}).") if done.who else
                    self.tr("<b>Marked {0}</b>, {2} (recorded label {3})."))
            self.correction_label.setText(text.format(choice_text(done.corrected_label), done.who,
                                                      done.when, done.recorded_label or "–"))
