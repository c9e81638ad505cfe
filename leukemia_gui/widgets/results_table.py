"""A sortable table of classification results; each row keeps its Prediction."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from core.inference.result import Prediction
from leukemia_gui.error_text import prediction_error
from leukemia_gui.flag_text import prediction_reason
from leukemia_gui.glossary import uncertain_tip
from leukemia_gui.i18n import fixed

COLUMNS = ("File", "Class", "Confidence", "Uncertain", "Cells", "Reason/Error")
CELLS_TIP = "White cells found in the field (0: none; blank: the image could not be read)"
_PRED_ROLE = Qt.ItemDataRole.UserRole
_SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class _SortItem(QTableWidgetItem):
    """Sorts by a hidden key (numbers as numbers) rather than by the shown text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        a, b = self.data(_SORT_ROLE), other.data(_SORT_ROLE)
        if a is None or b is None or type(a) is not type(b):
            return self.text() < other.text()
        return a < b


class ResultsTableWidget(QTableWidget):
    """Rows of (name, prediction). ``row_selected`` fires with the row's entry when one is picked.

    An entry is ``(name, prediction, key)``: ``key`` identifies where the image comes from
    (its path, or a name for an image held in memory such as a clipboard paste).
    """

    row_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([self.tr("File"), self.tr("Class"), self.tr("Confidence"),
                                        self.tr("Uncertain"), self.tr("Cells"),
                                        self.tr("Reason/Error")])  # COLUMNS, translated
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        # arrival order until a header is clicked
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)  # a long file name keeps its end (whole in its tooltip)
        self.setTextElideMode(Qt.TextElideMode.ElideLeft)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        # File takes the room left (at 1024x600 every column, Reason too, fits the pane);
        # a long reason is shown whole in its tooltip
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for col, width in ((1, 64), (2, 84), (3, 74), (4, 56), (5, 110)):
            self.setColumnWidth(col, width)
        # the class column holds "no result" whole in the interface language
        self.setColumnWidth(1, max(64, self.fontMetrics().horizontalAdvance(self.tr("no result")) + 14))
        self.horizontalHeaderItem(4).setToolTip(self.tr(
            "White cells found in the field (0: none; blank: the image could not be read)"))  # CELLS_TIP
        self.horizontalHeaderItem(3).setToolTip(uncertain_tip())
        self.itemSelectionChanged.connect(self._on_self_selection_changed)

    def add_predictions(self, entries: list[tuple[str, Prediction, str | None]]) -> int:
        """Append rows; returns the (current) row index of the last one added."""
        self.setSortingEnabled(False)  # inserting while sorted scatters a row's cells
        last = -1
        for name, pred, key in entries:
            last = self.rowCount()
            self.insertRow(last)
            self._fill(last, name, pred, key)
        self.setSortingEnabled(True)
        if last >= 0:
            last = self._row_of(entries[-1][1])
        return last

    def _fill(self, row: int, name: str, p: Prediction, key: str | None) -> None:
        error = p.error
        none = p.no_result  # unlike the training images: no class, no figure
        count = p.cell_count  # white cells found; None: not looked for
        reason = prediction_error(p) or prediction_reason(p)  # interface language; the CSV keeps core's
        cells = [
            (name, name.lower()),
            (self.tr("no result") if none else p.label or "", "~" if none else p.label or ""),
            ("" if error or none else fixed(p.confidence * 100, 1) + " %",
             -1.0 if error or none else p.confidence),
            ("" if error else (self.tr("yes") if p.uncertain else self.tr("no")),
             2 if error else int(p.uncertain)),
            ("" if error or count is None else str(count), -1 if error or count is None else count),
            (reason, reason),
        ]
        for col, (text, key_value) in enumerate(cells):
            item = _SortItem(text)
            item.setData(_SORT_ROLE, key_value)
            if error:
                item.setForeground(QColor("#c92a2a"))
            elif (col == 3 and p.uncertain) or (col == 1 and none) or (col == 4 and count == 0):
                item.setForeground(QColor("#d9480f"))
            if col == 5 and text:
                item.setToolTip(text)
            if col == 4:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, col, item)
        first = self.item(row, 0)
        first.setData(_PRED_ROLE, (name, p, key))
        first.setToolTip(key or name)

    def _row_of(self, pred: Prediction) -> int:
        for row in range(self.rowCount()):
            if self.entry(row)[1] is pred:
                return row
        return -1

    def select_prediction(self, pred: Prediction) -> bool:
        """Select the row holding ``pred`` (the very object); False when none does."""
        row = self._row_of(pred)
        if row >= 0:
            self.selectRow(row)
            self.scrollToItem(self.item(row, 0))
        return row >= 0

    def entry(self, row: int) -> tuple[str, Prediction, str | None]:
        return self.item(row, 0).data(_PRED_ROLE)

    def entries(self) -> list[tuple[str, Prediction, str | None]]:
        """All rows in their current (sorted) order."""
        return [self.entry(r) for r in range(self.rowCount())]

    def row_texts(self, row: int) -> list[str]:
        return [self.item(row, c).text() for c in range(self.columnCount())]

    def clear_results(self) -> None:
        self.setRowCount(0)

    def _on_self_selection_changed(self) -> None:
        rows = {i.row() for i in self.selectedItems()}
        if len(rows) == 1:
            self.row_selected.emit(self.entry(rows.pop()))


def display_name(path: Path | str) -> str:
    """The file name, with its parent folder so same-named files in different folders differ;
    control characters and bytes that are not valid UTF-8 are shown escaped (Qt would drop
    them silently, so two names could look the same)."""
    from core.text import safe_display

    p = Path(path)
    return safe_display(f"{p.parent.name}/{p.name}" if p.parent.name else p.name)
