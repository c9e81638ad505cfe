"""Headline metrics and the per-class table of an evaluation."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QGridLayout, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from leukemia_gui.glossary import ece_tip, uncertain_tip

HEADLINE = (("accuracy", "Accuracy", True), ("balanced_accuracy", "Balanced accuracy", True),
            ("loss", "Loss", False), ("ece", "ECE", True), ("uncertain_rate", "Uncertain rate", True))
PER_CLASS = ("precision", "sensitivity", "specificity", "f1", "support")


def format_value(value: object, percent: bool) -> str:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(v):
        return "–"
    return f"{v * 100:.1f} %" if percent else f"{v:.3f}"


class MetricsWidget(QWidget):
    """``set_metrics(result.metrics)`` fills the numbers; ``clear()`` empties them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        self.values: dict[str, QLabel] = {}
        for i, (key, title, _pct) in enumerate(HEADLINE):
            value = QLabel("–")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setBold(True)
            value.setFont(font)
            row, col = divmod(i, 3)
            name = QLabel(title)
            tip = {"ece": ece_tip, "uncertain_rate": uncertain_tip}.get(key)
            if tip is not None:  # the terms explained where they are shown
                name.setToolTip(tip())
                value.setToolTip(tip())
            grid.addWidget(name, 2 * row, col)
            grid.addWidget(value, 2 * row + 1, col)
            self.values[key] = value
        # what the accuracy rests on: n, the 95% interval, and "too small" for a tiny part
        self.basis_label = QLabel()
        self.basis_label.setWordWrap(True)
        self.table = QTableWidget(0, len(PER_CLASS))
        self.table.setHorizontalHeaderLabels([k.capitalize() if k != "f1" else "F1" for k in PER_CLASS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.basis_label)
        layout.addWidget(self.table)

    def set_metrics(self, metrics: dict) -> None:
        from core.evaluation.metrics import accuracy_text, too_small

        for key, _title, pct in HEADLINE:
            self.values[key].setText(format_value(metrics.get(key), pct))
        small = too_small(metrics)
        self.basis_label.setText(accuracy_text(metrics, "Accuracy"))
        self.basis_label.setStyleSheet("color: #c92a2a; font-weight: bold;" if small else "")
        per_class: dict[str, dict] = metrics.get("per_class", {})
        self.table.setRowCount(len(per_class))
        self.table.setVerticalHeaderLabels(list(per_class))
        for row, stats in enumerate(per_class.values()):
            for col, key in enumerate(PER_CLASS):
                text = str(stats.get(key, "")) if key == "support" else format_value(stats.get(key), True)
                self.table.setItem(row, col, QTableWidgetItem(text))
        rows = self.table.verticalHeader().length() + self.table.horizontalHeader().height()
        self.table.setFixedHeight(rows + 2 * self.table.frameWidth() + 2)

    def value_text(self, key: str) -> str:
        return self.values[key].text()

    def clear(self) -> None:
        for label in self.values.values():
            label.setText("–")
        self.basis_label.clear()
        self.table.setRowCount(0)
