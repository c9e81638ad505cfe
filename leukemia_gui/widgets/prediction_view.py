"""The result for one image: class and full name in large type, an UNCERTAIN badge, the bars."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.classes import FULL_NAMES
from leukemia_gui.widgets.probability_bars import ProbabilityBarsWidget

BADGE_STYLE = ("QLabel { background: #d9480f; color: white; font-weight: bold; "
               "border-radius: 4px; padding: 4px 8px; }")
ERROR_STYLE = "QLabel { color: #c92a2a; font-weight: bold; }"


class PredictionWidget(QWidget):
    """Shows a prediction given as plain values, so it serves live results and saved ones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.class_label = QLabel()
        font = self.class_label.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.class_label.setFont(font)
        self.class_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.class_label.setWordWrap(True)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        self.badge = QLabel()
        self.badge.setStyleSheet(BADGE_STYLE)
        self.badge.setWordWrap(True)
        self.badge.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.bars = ProbabilityBarsWidget()
        for w in (self.class_label, self.detail_label, self.badge, self.bars):
            layout.addWidget(w)
        self.clear()

    def set_prediction(self, label: str | None, probabilities: dict[str, float], confidence: float,
                       uncertain: bool, reason: str = "", error: str | None = None) -> None:
        if error is not None:
            self.class_label.setText("Not classified")
            self.detail_label.setText(error)
            self.detail_label.setStyleSheet(ERROR_STYLE)
            self.badge.hide()
            self.bars.clear()
            return
        self.class_label.setText(FULL_NAMES.get(label or "", label or ""))
        self.detail_label.setStyleSheet("")
        self.detail_label.setText(f"Class {label} · confidence {confidence * 100:.1f} %")
        self.badge.setVisible(uncertain)
        self.badge.setText(f"UNCERTAIN — {reason}" if reason else "UNCERTAIN")
        self.badge.setToolTip("The model is not sure about this image; review it by eye.")
        self.bars.set_probabilities(probabilities)

    def show_prediction(self, prediction: object) -> None:
        """Show a :class:`core.predict.Prediction`."""
        p = prediction
        self.set_prediction(p.label, p.probabilities, p.confidence,  # type: ignore[attr-defined]
                            p.uncertain, p.reason, p.error)  # type: ignore[attr-defined]

    def clear(self, message: str = "") -> None:
        self.class_label.setText("")
        self.detail_label.setStyleSheet("")
        self.detail_label.setText(message)
        self.badge.hide()
        self.bars.clear()

    def badge_visible(self) -> bool:
        """Whether the UNCERTAIN badge is shown (``isVisible`` needs a shown window)."""
        return not self.badge.isHidden()
