"""The result for one image: class and full name in large type, an UNCERTAIN badge, the bars."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.inference.flags import Flag, flags_from_text, margin
from core.inference.result import Prediction
from leukemia_gui.class_names import full_name
from leukemia_gui.flag_text import reason_text, text_reason, uncertain_badge
from leukemia_gui.error_text import prediction_error
from leukemia_gui.glossary import uncertain_tip
from leukemia_gui.widgets.probability_bars import ProbabilityBarsWidget
from leukemia_gui.i18n import fixed

BADGE_STYLE = ("QLabel { background: #d9480f; color: white; font-weight: bold; "
               "border-radius: 4px; padding: 4px 8px; }")
ERROR_STYLE = "QLabel { color: #c92a2a; font-weight: bold; }"
NOTE_STYLE = "QLabel { color: #495057; }"
# English sources (tests compare with them), shown through _tr()
NO_RESULT_TEXT = QT_TRANSLATE_NOOP(
    "PredictionWidget", "This image is not like the smear fields the model was trained on, so the "
    "model's answer means nothing here and no class is given. Look at it by eye or take another field.")
NO_CELLS_TEXT = QT_TRANSLATE_NOOP(
    "PredictionWidget", "No result: the model reads a field by its white cells, and none was found "
    "here (only red cells, glass or debris, or not a smear field at all), so no class is given. "
    "Take another field.")
NO_CELLS_AND_UNLIKE_TEXT = QT_TRANSLATE_NOOP(
    "PredictionWidget", "No result: no white cell was found here, and the image is not like the "
    "smear fields the model was trained on either, so no class is given. Look at it by eye or take "
    "another field.")
WHY_UNCERTAIN = QT_TRANSLATE_NOOP(
    "PredictionWidget", "Why uncertain at high confidence? The confidence only compares the four "
    "classes with each other; it cannot tell that the image itself is unlike the training images "
    "(another kind of picture, another magnification, out of focus). That is checked separately, "
    "and it decides here.")


def _tr(text: str) -> str:
    """One of the module's texts in the interface language (they are English)."""
    return QCoreApplication.translate("PredictionWidget", text)


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
        self.why_label = QLabel(_tr(WHY_UNCERTAIN))
        self.why_label.setWordWrap(True)
        self.why_label.setStyleSheet(NOTE_STYLE)
        self.bars = ProbabilityBarsWidget()
        for w in (self.class_label, self.detail_label, self.badge, self.why_label, self.bars):
            layout.addWidget(w)
        self.clear()

    def set_prediction(self, label: str | None, probabilities: dict[str, float], confidence: float,
                       uncertain: bool, reason: str = "", error: str | None = None,
                       no_result: bool = False, flags: tuple[Flag, ...] | None = None) -> None:
        """``flags``: the result's uncertainty flags; a saved result that has only its
        ``reason`` sentence has them read from it. The reason is shown in the interface
        language (built from the flags where given)."""
        self.why_label.hide()
        shown_reason = (text_reason(reason) if flags is None else
                        reason_text(flags, confidence if probabilities else None, margin(probabilities)))
        if error is not None:
            self.class_label.setText(self.tr("Not classified"))
            self.detail_label.setText(error)
            self.detail_label.setStyleSheet(ERROR_STYLE)
            self.badge.hide()
            self.bars.clear()
            return
        if no_result or label is None:  # unlike the training images: no class, no figures
            flags = flags_from_text(reason) if flags is None else flags
            no_cells = Flag.NO_CELLS in flags  # it decides the headline
            self.class_label.setText(self.tr("No white cell found") if no_cells else self.tr("No result"))
            self.detail_label.setStyleSheet("")
            only_cells = tuple(flags) == (Flag.NO_CELLS,)
            self.detail_label.setText(_tr(NO_RESULT_TEXT if not no_cells else
                                          NO_CELLS_TEXT if only_cells else NO_CELLS_AND_UNLIKE_TEXT))
            self.badge.setText(uncertain_badge(shown_reason))
            self.badge.setToolTip(_tr(WHY_UNCERTAIN))
            self.badge.show()
            self.why_label.setText(_tr(WHY_UNCERTAIN))
            # "no white cell found" alone needs no note on confidence; with other reasons it does
            self.why_label.setVisible(not only_cells)
            self.bars.clear()
            return
        self.class_label.setText(full_name(label or ""))
        self.detail_label.setStyleSheet("")
        self.detail_label.setText(self.tr("Class {0} · confidence {1} %").format(
            label, fixed(confidence * 100, 1)))
        self.badge.setVisible(uncertain)
        self.badge.setText(uncertain_badge(shown_reason))
        self.badge.setToolTip(uncertain_tip())
        self.bars.set_probabilities(probabilities)

    def show_prediction(self, p: Prediction) -> None:
        """Show a :class:`core.inference.result.Prediction`."""
        self.set_prediction(p.label, p.probabilities, p.confidence, p.uncertain, p.reason,
                            None if p.error is None else prediction_error(p), p.no_result, p.flags)

    def clear(self, message: str = "") -> None:
        self.class_label.setText("")
        self.detail_label.setStyleSheet("")
        self.detail_label.setText(message)
        self.badge.hide()
        self.why_label.hide()
        self.bars.clear()

    def badge_visible(self) -> bool:
        """Whether the UNCERTAIN badge is shown (``isVisible`` needs a shown window)."""
        return not self.badge.isHidden()
