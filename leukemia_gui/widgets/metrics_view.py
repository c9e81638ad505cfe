"""Headline metrics and the per-class table of an evaluation (in the interface language, its
numbers in the locale's form: "85,0 %" in Spanish)."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.evaluation.metrics import Metrics
from core.model.card import PartMetrics
from leukemia_gui.class_names import full_name
from leukemia_gui.glossary import ece_tip, uncertain_tip
from leukemia_gui.i18n import number, percent

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

# (key, title, shown as a percentage); titles are translated where shown (context "Metrics")
HEADLINE = (("accuracy", QT_TRANSLATE_NOOP("Metrics", "Accuracy"), True),
            ("balanced_accuracy", QT_TRANSLATE_NOOP("Metrics", "Balanced accuracy"), True),
            ("loss", QT_TRANSLATE_NOOP("Metrics", "Loss"), False),
            ("ece", QT_TRANSLATE_NOOP("Metrics", "ECE"), True),
            ("uncertain_rate", QT_TRANSLATE_NOOP("Metrics", "Uncertain rate"), True))
PER_CLASS = ("precision", "sensitivity", "specificity", "f1", "support")
PER_CLASS_TITLES = {"precision": QT_TRANSLATE_NOOP("Metrics", "Precision"),
                    "sensitivity": QT_TRANSLATE_NOOP("Metrics", "Sensitivity"),
                    "specificity": QT_TRANSLATE_NOOP("Metrics", "Specificity"),
                    "f1": QT_TRANSLATE_NOOP("Metrics", "F1"),
                    "support": QT_TRANSLATE_NOOP("Metrics", "Images")}


def _tr(text: str) -> str:
    return translate("Metrics", text)


def format_value(value: object, percent_: bool) -> str:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(v):
        return "–"
    return percent(v) if percent_ else number(v, 3)


def basis_text(metrics: PartMetrics | None) -> str:
    """What the accuracy rests on: "Accuracy 75.0 % (3 of 4 right, 95 % CI 30–95 %)", and why
    a small part estimates nothing (as :func:`core.evaluation.metrics.accuracy_text`).

    ``metrics``: a part as a model card holds it (None: not measured)."""
    from core.evaluation.metrics import wilson_interval
    from core.parts import MIN_IMAGES, MIN_PER_CLASS

    if metrics is None or not metrics.n or metrics.accuracy is None or not math.isfinite(metrics.accuracy):
        return translate("Metrics", "Accuracy: no images")
    n, acc = metrics.n, metrics.accuracy
    right = int(round(acc * n))
    lo, hi = wilson_interval(right, n)
    text = translate("Metrics", "Accuracy {0} ({1} of {2} right, 95 % CI {3}–{4})").format(
        percent(acc), right, n, number(lo * 100, 0), percent(hi, 0))
    reasons = []
    if n < MIN_IMAGES:
        reasons.append(translate("Metrics", "{0} image(s), fewer than {1}").format(n, MIN_IMAGES))
    few = [full_name(c) for c in metrics.few_classes]
    if few:
        reasons.append(translate("Metrics", "fewer than {0} images of {1}").format(
            MIN_PER_CLASS, ", ".join(few)))
    if reasons:
        text += translate("Metrics", ": too small to estimate ({0})").format("; ".join(reasons))
    return text


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
            name = QLabel(_tr(title))
            tip = {"ece": ece_tip(), "uncertain_rate": uncertain_tip(),
                   "accuracy": self.tr("Accuracy: the share of the images whose predicted class "
                                       "is their label"),
                   "balanced_accuracy": self.tr("Balanced accuracy: the mean of the four classes' "
                                                "sensitivities, so a large class does not hide a "
                                                "poorly recognised small one"),
                   "loss": self.tr("Loss (cross-entropy): how little probability the model gave "
                                   "the true class, on average; lower is better")}.get(key)
            if tip is not None:  # the terms explained where they are shown
                name.setToolTip(tip)
                value.setToolTip(tip)
            grid.addWidget(name, 2 * row, col)
            grid.addWidget(value, 2 * row + 1, col)
            self.values[key] = value
        # what the accuracy rests on: n, the 95% interval, and "too small" for a tiny part
        self.basis_label = QLabel()
        self.basis_label.setWordWrap(True)
        self.table = QTableWidget(0, len(PER_CLASS))
        self.table.setHorizontalHeaderLabels([_tr(PER_CLASS_TITLES[k]) for k in PER_CLASS])
        header_tips = {
            "precision": self.tr("Precision: of the images predicted as this class, the share "
                                 "that have it as their label"),
            "sensitivity": self.tr("Sensitivity: of the images labelled with this class, the "
                                   "share the model found"),
            "specificity": self.tr("Specificity: of the images of the other classes, the share "
                                   "not predicted as this class"),
            "f1": self.tr("F1: the harmonic mean of precision and sensitivity"),
            "support": self.tr("How many of the evaluated images have this class as their label")}
        for col, key in enumerate(PER_CLASS):
            self.table.horizontalHeaderItem(col).setToolTip(header_tips[key])
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

    def set_metrics(self, metrics: Metrics) -> None:
        for key, _title, pct in HEADLINE:
            self.values[key].setText(format_value(getattr(metrics, key), pct))
        self.basis_label.setText(basis_text(PartMetrics.from_dict(metrics.to_dict())))
        self.basis_label.setStyleSheet("color: #c92a2a; font-weight: bold;" if metrics.too_small
                                       else "")
        per_class = metrics.per_class
        self.table.setRowCount(len(per_class))
        self.table.setVerticalHeaderLabels(list(per_class))
        for row, name in enumerate(per_class):
            self.table.verticalHeaderItem(row).setToolTip(full_name(name))
        for row, stats in enumerate(per_class.values()):
            for col, key in enumerate(PER_CLASS):
                text = (QLocale().toString(stats.support) if key == "support"
                        else format_value(getattr(stats, key), True))
                self.table.setItem(row, col, QTableWidgetItem(text))
        header = self.table.horizontalHeader()  # not laid out yet while hidden: its size hint then
        rows = self.table.verticalHeader().length() + max(header.height(), header.sizeHint().height())
        self.table.setFixedHeight(rows + 2 * self.table.frameWidth() + 2)

    def value_text(self, key: str) -> str:
        return self.values[key].text()

    def clear(self) -> None:
        for label in self.values.values():
            label.setText("–")
        self.basis_label.clear()
        self.table.setRowCount(0)
