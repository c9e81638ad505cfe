"""The image's legends: the heatmap's colour scale, shown beside "Show heatmap" while it is on
(blue, little evidence, to red, much: the jet map that :func:`leukemia_gui.widgets.image_view`
draws), and the class colours of the cell boxes, shown while the boxes are classified ones."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from core.classes import CLASSES
from leukemia_gui.class_names import class_colour, short_name
from leukemia_gui.glossary import heatmap_tip


def jet_bar(width: int = 90, height: int = 10) -> QPixmap:
    from matplotlib import colormaps

    row = (colormaps["jet"](np.linspace(0, 1, width))[:, :3] * 255).astype(np.uint8)
    rgb = np.ascontiguousarray(np.repeat(row[None, :, :], height, axis=0))
    image = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())


class HeatmapLegendWidget(QWidget):
    """``less [blue…red] more evidence`` with the heatmap's explanation as tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low_label = QLabel(QCoreApplication.translate("HeatmapLegend", "less"))
        self.bar_label = QLabel()
        self.bar_label.setPixmap(jet_bar())
        self.high_label = QLabel(QCoreApplication.translate("HeatmapLegend",
                                                                     "more evidence"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for w in (self.low_label, self.bar_label, self.high_label):
            w.setStyleSheet("color:#555;")
            row.addWidget(w)
        self.setToolTip(heatmap_tip())


def swatch(rgb: tuple[int, int, int], side: int = 11) -> QPixmap:
    """A small square of one colour, with a dark edge (pale colours stay visible)."""
    pixmap = QPixmap(side, side)
    pixmap.fill(QColor(60, 60, 60))
    inner = QPixmap(side - 2, side - 2)
    inner.fill(QColor(*rgb))
    painter = QPainter(pixmap)
    painter.drawPixmap(1, 1, inner)
    painter.end()
    return pixmap


class ClassLegendWidget(QWidget):
    """``■ Benign ■ Early Pre-B ■ Pre-B ■ Pro-B``: which colour stands for which class on the
    cell boxes and crops (one palette: :func:`leukemia_gui.class_names.class_colour`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(3)
        self._entries: list[tuple[str, tuple[int, int, int]]] = []
        for k, label in enumerate(CLASSES):
            colour, text = class_colour(label), short_name(label)
            box, name = QLabel(), QLabel(text)
            box.setPixmap(swatch(colour))
            name.setStyleSheet("color:#444;")
            if k:
                row.addSpacing(6)
            row.addWidget(box)
            row.addWidget(name)
            self._entries.append((text, colour))
        self.setToolTip(QCoreApplication.translate(
            "HeatmapLegend", "Box and frame colours: the class the model read in each cell. The "
            "field's result is built from its cells, the heaviest counting most."))

    def entries(self) -> list[tuple[str, tuple[int, int, int]]]:
        """``(class name shown, colour)`` of each swatch, left to right."""
        return list(self._entries)
