"""One review-queue item large: where it stands and why, the image (heatmap on request), the
probabilities, its saved correction, and the buttons naming the marking keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core.data.corrections import Correction
from core.data.images import ImageError, load_rgb
from core.evaluation.review import ReviewItem
from leukemia_gui.widgets.correction_keys import CorrectionButtonsWidget, choice_text
from leukemia_gui.widgets.image_result import HeatmapFn, ImageResultWidget

NAV_HELP = "←/→ or ↑/↓ move · Home/End · H heatmap · Ctrl+Z undo"


class ReviewItemWidget(QWidget):
    """``show_item(item, ...)`` fills it; ``keys.chosen`` fires when a marking button is pressed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result = ImageResultWidget(placeholder="No image")
        self.correction_label = QLabel()
        self.correction_label.setWordWrap(True)
        self.keys = CorrectionButtonsWidget()
        help_label = QLabel(f"Keys: {NAV_HELP}")
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
        label = f"labelled <b>{item.true}</b>, " if item.true else "no label, "
        self.header.setText(f"<b>#{item.rank}</b> of {queue_length} · <b>{name}</b> — {label}"
                            f"predicted <b>{item.label}</b> ({item.confidence:.1%})"
                            f"<br>{item.why or 'confident, agrees with the label'}")
        self.header.setToolTip(item.path)
        self.result.prediction_view.set_prediction(item.label, item.probabilities, item.confidence,
                                                   item.uncertain, item.reason)
        self.result.set_heatmap_source(heatmap_fn)
        problem = ""
        try:
            self.result.set_image(load_rgb(item.path))
        except ImageError as exc:
            self.result.set_image(None, f"Cannot show this image: {exc.reason}")
            problem = exc.reason
        self.show_correction(item, done)
        return problem

    def show_correction(self, item: ReviewItem, done: Correction | None) -> None:
        self.keys.show_current(done.corrected_label if done else None)
        if done is None:
            known = "" if item.true else " (the prediction; no label is known)"
            self.correction_label.setText(f"Not marked. The recorded label is {item.true or item.label}{known}.")
        else:
            who = f" by {done.who}" if done.who else ""
            self.correction_label.setText(f"<b>Marked {choice_text(done.corrected_label)}</b>"
                                          f"{who}, {done.when} (recorded label {done.recorded_label or '–'}).")
