"""A model comparison shown side by side: metrics, per-class sensitivity, the McNemar test,
and the images whose prediction changed."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import (QAbstractItemView, QGroupBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from core.classes import FULL_NAMES
from core.evaluation.compare import Change, Comparison, McNemar
from leukemia_gui.glossary import pp_tip
from leukemia_gui.widgets.thumbnail_list import load_thumbnail

METRIC_NAMES = {"accuracy": "Accuracy", "balanced_accuracy": "Balanced accuracy",
                "macro_f1": "Macro F1", "loss": "Loss (lower is better)",
                "ece": "ECE (lower is better)", "uncertain_rate": "Uncertain rate (lower is better)"}
NOT_PERCENT = frozenset({"loss"})
BETTER, WORSE = QColor("#2b8a3e"), QColor("#c92a2a")
THUMB = 40
THUMBS_MAX = 300  # beyond this the changed list shows names only (reading icons takes time)


def _fmt(value: float, percent: bool, signed: bool = False) -> str:
    if not math.isfinite(value):
        return "–"
    if percent:
        return f"{value * 100:+.1f} pp" if signed else f"{value * 100:.1f} %"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def mcnemar_sentence(m: McNemar) -> str:
    """The exact McNemar result in plain words."""
    if m.n == 0:
        return ("Both models are right and wrong on exactly the same images, so this data "
                "cannot tell them apart.")
    leader = "B" if m.c > m.b else "A"
    text = (f"Of the {m.n} image(s) only one model got right, B got {m.c} and A got {m.b}. "
            "If the two models were equally good, a split at least this uneven would happen ")
    if m.p_value < 0.05:
        return text + (f"only {m.p_value * 100:.2g} % of the time: the difference is unlikely to "
                       f"be chance, and model {leader} did better on images like these.")
    text += f"{m.p_value * 100:.0f} % of the time: the difference could well be chance."
    if m.n < 6:  # with five or fewer discordant images even 5:0 gives p = 0.0625
        text += " With so few such images no test could show one; label more images first."
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
                item.setToolTip("B is better" if ch.better else "B is worse")
            table.setItem(r, col, item)
    height = table.verticalHeader().length() + table.horizontalHeader().height()
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


class ComparisonSummaryWidget(QWidget):
    """Metrics and sensitivity tables (A, B, change) and the McNemar box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics_table = _table(["Metric", "A", "B", "Change"])
        self.sensitivity_table = _table(["Sensitivity", "A", "B", "Change"])
        for table in (self.metrics_table, self.sensitivity_table):  # "+3.0 pp": explained
            table.horizontalHeaderItem(3).setToolTip(pp_tip())
        self.counts_label = QLabel("–")
        self.p_value_label = QLabel("p = –")
        font = self.p_value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.p_value_label.setFont(font)
        self.p_value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence_label = QLabel("Compare two models to see whether B differs from A.")
        self.sentence_label.setWordWrap(True)
        box = QGroupBox("Exact McNemar test (paired right/wrong)")
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
        _fill(self.metrics_table, list(cmp.metrics), METRIC_NAMES, lambda n: n not in NOT_PERCENT)
        _fill(self.sensitivity_table, list(cmp.sensitivity), dict(FULL_NAMES), lambda _n: True)
        m = cmp.mcnemar
        self.p_value_label.setText(f"p = {m.p_value:.4g}")
        self.counts_label.setText(f"A right, B wrong: <b>{m.b}</b> · A wrong, B right: "
                                  f"<b>{m.c}</b> · same outcome: {cmp.n - m.n} of {cmp.n} images")
        self.sentence_label.setText(mcnemar_sentence(m))


class ChangedPredictionsWidget(QTableWidget):
    """One row per image whose prediction changed; ``activated(path)`` on double-click."""

    image_activated = Signal(str)
    HEADERS = ["Image", "True", "A", "B", "Outcome"]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(self.HEADERS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(THUMB, THUMB))
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(THUMB + 6)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setToolTip("Double-click an image to see it large with model B's probabilities")
        self.cellDoubleClicked.connect(self._on_cell_double_clicked)

    def set_changed(self, cmp: Comparison) -> None:
        self.setRowCount(len(cmp.changed))
        for r, ch in enumerate(cmp.changed):
            name = QTableWidgetItem(Path(ch.path).name)
            name.setToolTip(ch.path)
            name.setData(Qt.ItemDataRole.UserRole, ch.path)
            if r < THUMBS_MAX:
                name.setIcon(QIcon(load_thumbnail(ch.path, THUMB)))
            outcome = ("fixed (B right)" if ch.fixed else "broken (A was right)" if ch.a == ch.true
                       else "still wrong")
            cells = [ch.true, f"{ch.a} {ch.confidence_a * 100:.0f} %",
                     f"{ch.b} {ch.confidence_b * 100:.0f} %", outcome]
            self.setItem(r, 0, name)
            for col, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                if col == 4 and outcome != "still wrong":
                    item.setForeground(QBrush(BETTER if ch.fixed else WORSE))
                self.setItem(r, col, item)

    def path_at(self, row: int) -> str:
        return str(self.item(row, 0).data(Qt.ItemDataRole.UserRole))

    def _on_cell_double_clicked(self, row: int, _col: int) -> None:
        self.image_activated.emit(self.path_at(row))
