"""One horizontal bar per class showing its probability; the most likely class in bold."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from core.classes import CLASSES
from leukemia_gui.class_names import full_name
from leukemia_gui.i18n import percent

_SCALE = 1000


class ProbabilityBarsWidget(QWidget):
    """``set_probabilities({"Benign": 0.1, ...})`` updates the bars; ``clear()`` empties them."""

    def __init__(self, parent: QWidget | None = None, classes: tuple[str, ...] = CLASSES) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        self._bars: dict[str, QProgressBar] = {}
        self._names: dict[str, QLabel] = {}
        for row, name in enumerate(classes):
            label = QLabel(name)
            label.setToolTip(full_name(name))
            bar = QProgressBar()
            bar.setRange(0, _SCALE)
            bar.setTextVisible(True)
            bar.setAccessibleName(self.tr("{0} probability").format(name))
            grid.addWidget(label, row, 0)
            grid.addWidget(bar, row, 1)
            self._names[name], self._bars[name] = label, bar
        self.clear()

    def set_probabilities(self, probabilities: dict[str, float]) -> None:
        top = max(probabilities, key=probabilities.get) if probabilities else None
        for name, bar in self._bars.items():
            p = float(probabilities.get(name, 0.0))
            bar.setValue(round(p * _SCALE))
            bar.setFormat(percent(p))
            font = self._names[name].font()
            font.setBold(name == top)
            self._names[name].setFont(font)

    def value(self, name: str) -> float:
        """The probability currently shown for ``name`` (0..1, to 0.1 %)."""
        return self._bars[name].value() / _SCALE

    def clear(self) -> None:
        for name, bar in self._bars.items():
            bar.setValue(0)
            bar.setFormat("–")
            font = self._names[name].font()
            font.setBold(False)
            self._names[name].setFont(font)
