"""A model comparison shown side by side: metrics, per-class sensitivity, the McNemar test,
and the images whose prediction changed (in the interface language and locale)."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.classes import CLASSES
from core.evaluation.compare import Change, Comparison, McNemar
from leukemia_gui.class_names import full_name
from leukemia_gui.glossary import pp_tip
from leukemia_gui.i18n import number, percent
from leukemia_gui.widgets.thumbnail_list import load_thumbnail

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

# translated where shown (context "Comparison")
METRIC_NAMES = {"accuracy": QT_TRANSLATE_NOOP("Comparison", "Accuracy"),
                "balanced_accuracy": QT_TRANSLATE_NOOP("Comparison", "Balanced accuracy"),
                "macro_f1": QT_TRANSLATE_NOOP("Comparison", "Macro F1"),
                "loss": QT_TRANSLATE_NOOP("Comparison", "Loss (lower is better)"),
                "ece": QT_TRANSLATE_NOOP("Comparison", "ECE (lower is better)"),
                "uncertain_rate": QT_TRANSLATE_NOOP("Comparison", "Uncertain rate (lower is better)")}
NOT_PERCENT = frozenset({"loss"})
BETTER, WORSE = QColor("#2b8a3e"), QColor("#c92a2a")
THUMB = 40
THUMBS_MAX = 300  # beyond this the changed list shows names only (reading icons takes time)


def _tr(text: str) -> str:
    return translate("Comparison", text)


def _fmt(value: float, percent_: bool, signed: bool = False) -> str:
    if not math.isfinite(value):
        return "–"
    if percent_:
        return _signed(number(value * 100, 1)) + " pp" if signed else percent(value)
    text = number(value, 3)
    return _signed(text) if signed else text


def _signed(text: str) -> str:
    """A plus sign on a number that has none ("+0.0" as Python's ``+`` format gives)."""
    return text if text.startswith(("-", "−")) else "+" + text


def _significant(value: float) -> str:
    """Two significant digits in the locale ("0,31", "4,2")."""
    return QLocale().toString(float(value), "g", 2)


def mcnemar_sentence(m: McNemar) -> str:
    """The exact McNemar result in plain words."""
    if m.n == 0:
        return translate("Comparison", "Both models are right and wrong on exactly the same images, "
                         "so this data cannot tell them apart.")
    leader = "B" if m.c > m.b else "A"
    text = translate("Comparison", "Of the {0} image(s) only one model got right, B got {1} and A "
                     "got {2}. If the two models were equally good, a split at least this uneven "
                     "would happen ").format(m.n, m.c, m.b)
    if m.p_value < 0.05:
        return text + translate("Comparison", "only {0} % of the time: the difference is unlikely "
                                "to be chance, and model {1} did better on images like these.").format(
            _significant(m.p_value * 100), leader)
    text += translate("Comparison", "{0} % of the time: the difference could well be chance.").format(
        number(m.p_value * 100, 0))
    if m.n < 6:  # with five or fewer discordant images even 5:0 gives p = 0.0625
        text += translate("Comparison", " With so few such images no test could show one; label "
                          "more images first.")
    return text


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setVisible(False)
    return table


def _fill(table: QTableWidget, rows: list[Change], names: dict[str, str],
          percent_for: object) -> None:
    table.setRowCount(len(rows))
    for r, ch in enumerate(rows):
        pct = percent_for(ch.name)
        cells = [names.get(ch.name, ch.name), _fmt(ch.a, pct), _fmt(ch.b, pct),
                 _fmt(ch.delta, pct, signed=True)]
        for col, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if col:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == 3 and ch.better is not None:
                item.setForeground(QBrush(BETTER if ch.better else WORSE))
                item.setToolTip(translate("Comparison", "B is better") if ch.better
                                else translate("Comparison", "B is worse"))
            table.setItem(r, col, item)
    header = table.horizontalHeader()  # not laid out yet while hidden: its size hint then
    height = table.verticalHeader().length() + max(header.height(), header.sizeHint().height())
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


class ComparisonSummaryWidget(QWidget):
    """Metrics and sensitivity tables (A, B, change) and the McNemar box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics_table = _table([self.tr("Metric"), "A", "B", self.tr("Change")])
        self.sensitivity_table = _table([self.tr("Sensitivity"), "A", "B", self.tr("Change")])
        self.sensitivity_table.horizontalHeaderItem(0).setToolTip(
            self.tr("Sensitivity: of the images labelled with a class, the share the model found"))
        for table in (self.metrics_table, self.sensitivity_table):  # "+3.0 pp": explained
            table.horizontalHeaderItem(3).setToolTip(pp_tip())
        self.counts_label = QLabel("–")
        self.counts_label.setWordWrap(True)
        self.p_value_label = QLabel("p = –")
        font = self.p_value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.p_value_label.setFont(font)
        self.p_value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence_label = QLabel(self.tr("Compare two models to see whether B differs from A."))
        self.sentence_label.setWordWrap(True)
        box = QGroupBox(self.tr("Exact McNemar test (paired right/wrong)"))
        box.setToolTip(self.tr("On the same images: how often only A or only B was right. p is "
                               "how often a split this uneven would happen if both were equally "
                               "good."))
        bv = QVBoxLayout(box)
        bv.addWidget(self.p_value_label)
        bv.addWidget(self.counts_label)
        bv.addWidget(self.sentence_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.metrics_table)
        layout.addWidget(self.sensitivity_table)
        layout.addWidget(box)
        layout.addStretch(1)

    def set_comparison(self, cmp: Comparison) -> None:
        _fill(self.metrics_table, list(cmp.metrics), {k: _tr(v) for k, v in METRIC_NAMES.items()},
              lambda n: n not in NOT_PERCENT)
        _fill(self.sensitivity_table, list(cmp.sensitivity), {c: full_name(c) for c in CLASSES},
              lambda _n: True)
        m = cmp.mcnemar
        self.p_value_label.setText(f"p = {QLocale().toString(float(m.p_value), 'g', 4)}")
        self.counts_label.setText(self.tr("A right, B wrong: <b>{0}</b> · A wrong, B right: "
                                          "<b>{1}</b> · same outcome: {2} of {3} images").format(
            m.b, m.c, cmp.n - m.n, cmp.n))
        self.sentence_label.setText(mcnemar_sentence(m))


class ChangedPredictionsWidget(QTableWidget):
    """One row per image whose prediction changed; ``activated(path)`` on double-click."""

    image_activated = Signal(str)
    HEADERS = [QT_TRANSLATE_NOOP("ChangedPredictionsWidget", "Image"),
               QT_TRANSLATE_NOOP("ChangedPredictionsWidget", "Label"), "A", "B",
               QT_TRANSLATE_NOOP("ChangedPredictionsWidget", "Outcome")]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(THUMB, THUMB))
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(THUMB + 6)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setToolTip(self.tr("Double-click an image to see it large with model B's probabilities"))
        self.cellDoubleClicked.connect(self._on_cell_double_clicked)

    def set_changed(self, cmp: Comparison) -> None:
        self.setRowCount(len(cmp.changed))
        for r, ch in enumerate(cmp.changed):
            name = QTableWidgetItem(Path(ch.path).name)
            name.setToolTip(ch.path)
            name.setData(Qt.ItemDataRole.UserRole, ch.path)
            if r < THUMBS_MAX:
                name.setIcon(QIcon(load_thumbnail(ch.path, THUMB)))
            outcome = (self.tr("fixed (B right)") if ch.fixed else self.tr("broken (A was right)")
                       if ch.a == ch.true else self.tr("still wrong"))
            cells = [ch.true, f"{ch.a} {percent(ch.confidence_a, 0)}",
                     f"{ch.b} {percent(ch.confidence_b, 0)}", outcome]
            self.setItem(r, 0, name)
            for col, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setToolTip(full_name(ch.true))
                if col == 4 and (ch.fixed or ch.a == ch.true):
                    item.setForeground(QBrush(BETTER if ch.fixed else WORSE))
                self.setItem(r, col, item)

    def path_at(self, row: int) -> str:
        return str(self.item(row, 0).data(Qt.ItemDataRole.UserRole))

    def _on_cell_double_clicked(self, row: int, _col: int) -> None:
        self.image_activated.emit(self.path_at(row))
