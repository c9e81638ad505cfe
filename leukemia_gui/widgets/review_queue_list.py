"""The review queue as a list: a thumbnail per image, its rank and file, what the model said,
the label and the saved correction (green once marked). Its words are the Review tab's
(translation context ``ReviewTab``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from core.data.corrections import Correction
from core.evaluation.review import ReviewItem
from leukemia_gui.widgets.correction_keys import choice_text
from leukemia_gui.widgets.review_item_view import why_text
from leukemia_gui.widgets.thumbnail_list import load_thumbnail
from leukemia_gui.i18n import fixed

DONE_COLOUR = QColor("#2b8a3e")
ICON = 48


def row_text(item: ReviewItem, done: Correction | None) -> str:
    """Two lines: rank and file; what the model said, the label, and the correction."""
    line2 = f"{item.label} {fixed(item.confidence * 100, 0)} %"
    if item.misclassified:
        line2 += " · " + QCoreApplication.translate("ReviewTab", "labelled {0}").format(item.true)
    if item.uncertain:
        line2 += " · " + QCoreApplication.translate("ReviewTab", "uncertain")
    if done is not None:
        line2 += f" · ✓ {choice_text(done.corrected_label)}"
    return f"{item.rank}. {Path(item.path).name}\n{line2}"


class ReviewQueueList(QListWidget):
    """``fill(items, correction)`` lists ``items``; ``correction(path)`` says what is marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIconSize(QSize(ICON, ICON))
        self.setUniformItemSizes(True)
        self.setMinimumWidth(220)
        self.setAccessibleName(QCoreApplication.translate("ReviewTab", "Review queue"))

    def fill(self, items: Sequence[ReviewItem], correction: Callable[[str], Correction | None]) -> None:
        """List ``items`` (no row-change signal while filling)."""
        self.blockSignals(True)
        self.clear()
        for item in items:
            row = QListWidgetItem(QIcon(load_thumbnail(item.path, ICON)), "")
            why = why_text(item)
            row.setToolTip(f"{item.path}\n{why}" if why else item.path)
            self.addItem(row)
            self.paint(self.count() - 1, item, correction(item.path))
        self.blockSignals(False)

    def paint(self, row: int, item: ReviewItem, done: Correction | None) -> None:
        """Row ``row`` (showing ``item``) says ``done``, green when there is one."""
        widget_item = self.item(row)
        widget_item.setText(row_text(item, done))
        widget_item.setForeground(DONE_COLOUR if done else self.palette().text().color())

    def go(self, row: int) -> None:
        """Make ``row`` current and scroll to it (nothing when out of range)."""
        if 0 <= row < self.count():
            self.setCurrentRow(row)
            self.scrollToItem(self.item(row))
