"""The heatmap's colour scale, shown beside "Show heatmap" while it is on: blue (little
evidence) to red (much), the jet map that :func:`leukemia_gui.widgets.image_view` draws."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

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
