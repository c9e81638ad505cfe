"""The Review tab's filter row: class, reason, "also confident, agreeing images" and "next image
after marking" (remembered). Its words are the Review tab's (translation context ``ReviewTab``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from core.classes import CLASSES
from leukemia_gui.class_names import full_name

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

REASONS = (("All reasons", None), ("Unlike the training data", "ood"),
           ("Colour unlike training", "ood_colour"), ("Content unlike training", "ood_content"),
           ("Low confidence", "low_confidence"), ("Small margin", "small_margin"),
           ("Disagrees with the label", "misclassified"))
ADVANCE_KEY = "review/advance"


def reason_text(text: str) -> str:
    """A reason filter's name in the interface language."""
    return {"All reasons": translate("ReviewTab", "All reasons"),
            "Unlike the training data": translate("ReviewTab", "Unlike the training data"),
            "Colour unlike training": translate("ReviewTab", "Colour unlike training"),
            "Content unlike training": translate("ReviewTab", "Content unlike training"),
            "Low confidence": translate("ReviewTab", "Low confidence"),
            "Small margin": translate("ReviewTab", "Small margin"),
            "Disagrees with the label": translate("ReviewTab", "Disagrees with the label")}.get(text, text)


class ReviewFiltersWidget(QWidget):
    """``filters_changed`` when the class or reason changes, ``rest_toggled`` when the confident
    images are added or taken away; ``advance_toggled`` after the choice is saved."""

    filters_changed = Signal()
    rest_toggled = Signal(bool)
    advance_toggled = Signal(bool)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.class_combo = QComboBox()
        self.class_combo.addItem(translate("ReviewTab", "All classes"), None)
        for name in CLASSES:
            self.class_combo.addItem(full_name(name), name)
        self.class_combo.setToolTip(translate("ReviewTab", "Images predicted as, or labelled as, this class"))
        self.reason_combo = QComboBox()
        for text, kind in REASONS:
            self.reason_combo.addItem(reason_text(text), kind)
        self.reason_combo.setToolTip(translate("ReviewTab", "Why an image is in the queue"))
        self.rest_check = QCheckBox(translate("ReviewTab", "Also confident, agreeing images"))
        self.rest_check.setToolTip(translate("ReviewTab", "Add the images the model is sure about "
                                             "(and agrees with the label) at the end"))
        self.advance_check = QCheckBox(translate("ReviewTab", "Next image after marking"))
        self.advance_check.setToolTip(translate("ReviewTab", "After a mark, show the next image of the queue"))
        for combo in (self.class_combo, self.reason_combo):  # the longest item need not fit shut
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        self.advance_check.setChecked(bool(settings.value(ADVANCE_KEY, True, type=bool)))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (QLabel(translate("ReviewTab", "Class:")), self.class_combo,
                  QLabel(translate("ReviewTab", "Reason:")), self.reason_combo,
                  self.rest_check, self.advance_check):
            row.addWidget(w)
        row.addStretch(1)
        self.class_combo.currentIndexChanged.connect(self._on_combo_changed)
        self.reason_combo.currentIndexChanged.connect(self._on_combo_changed)
        self.rest_check.toggled.connect(self.rest_toggled)
        self.advance_check.toggled.connect(self._on_advance_check_toggled)

    def classes(self) -> list[str] | None:
        cls = self.class_combo.currentData()
        return [cls] if cls else None

    def reasons(self) -> list[str] | None:
        reason = self.reason_combo.currentData()
        return [reason] if reason else None

    def include_rest(self) -> bool:
        return self.rest_check.isChecked()

    def advance(self) -> bool:
        return self.advance_check.isChecked()

    def _on_combo_changed(self, _index: int) -> None:
        self.filters_changed.emit()

    def _on_advance_check_toggled(self, on: bool) -> None:
        self._settings.setValue(ADVANCE_KEY, on)
        self.advance_toggled.emit(on)
