"""The white cells of one field side by side, at native resolution (integer zoom, nearest
neighbour: never a blurred enlargement); hovering or clicking a crop highlights its box."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QToolTip, QWidget

from leukemia_gui.widgets.image_view import rgb_to_qimage

GAP = 4
TARGET = 110  # the strip's crops are enlarged by the largest whole factor that keeps them this tall
MAX_ZOOM = 4
NO_CELLS_TEXT = "No white cell found in this field."


def cell_boxes(cells: Sequence[dict] | None) -> list[tuple[int, int, int, int]]:
    """``(x, y, w, h)`` of each cell dict of a prediction (image pixels)."""
    return [(int(c["x"]), int(c["y"]), int(c["w"]), int(c["h"])) for c in cells or ()]


def cell_crops(rgb: np.ndarray, cells: Sequence[dict] | None) -> list[np.ndarray]:
    """Each cell's native-resolution square crop (copies, so the field can be let go)."""
    from core.cells import Cell

    out = []
    for c in cells or ():
        cell = Cell(int(c["x"]), int(c["y"]), int(c["w"]), int(c["h"]), float(c["cx"]),
                    float(c["cy"]), int(c.get("area", 0)), np.zeros((0, 0), bool))
        out.append(np.ascontiguousarray(cell.crop(rgb)))
    return out


def strip_zoom(crops: Sequence[np.ndarray], target: int = TARGET) -> int:
    """One whole enlargement for all of a field's crops (so their sizes stay comparable)."""
    side = max((max(c.shape[:2]) for c in crops), default=0)
    return max(1, min(MAX_ZOOM, target // side)) if side else 1


class _StripCanvas(QWidget):
    hovered = Signal(int)  # crop index, -1 when the pointer leaves the crops
    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.crops: list[np.ndarray] = []
        self.pixmaps: list[QPixmap] = []
        self.zoom = 1
        self.rects: list[QRect] = []
        self.selected = -1
        self.hover = -1
        self.colour = QColor(20, 20, 20)
        self.message = ""

    def set_crops(self, crops: list[np.ndarray], colour: tuple[int, int, int], message: str) -> None:
        self.crops, self.colour, self.message = crops, QColor(*colour), message
        self.pixmaps = [QPixmap.fromImage(rgb_to_qimage(c)) for c in crops]
        self.zoom = strip_zoom(crops)
        self.selected = self.hover = -1
        self.rects = []
        # one height for every field (the image above does not jump from field to field)
        height = max([TARGET, *(p.height() * self.zoom for p in self.pixmaps)])
        x = GAP
        top = 14  # room for the number
        for p in self.pixmaps:
            w, h = p.width() * self.zoom, p.height() * self.zoom
            self.rects.append(QRect(x, top + (height - h) // 2, w, h))
            x += w + GAP
        if self.pixmaps:
            self.setFixedSize(x, top + height + GAP)
        else:  # one line saying so
            self.setFixedSize(self.fontMetrics().horizontalAdvance(message) + 4 * GAP,
                              self.fontMetrics().height() + 2 * GAP)
        self.update()

    def index_at(self, pos: QPoint) -> int:
        return next((i for i, r in enumerate(self.rects) if r.adjusted(-2, -14, 2, 2).contains(pos)), -1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        if not self.pixmaps:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect().adjusted(GAP, 0, 0, 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.message)
            return
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # nearest neighbour
        for i, (r, p) in enumerate(zip(self.rects, self.pixmaps)):
            painter.drawPixmap(r, p)
            strong = i in (self.selected, self.hover)
            pen = QPen(QColor(0, 0, 0) if strong else self.colour, 3 if strong else 1)
            painter.setPen(pen)
            painter.drawRect(r.adjusted(-1, -1, 0, 0))
            painter.setPen(self.palette().text().color())
            painter.drawText(QRect(r.left(), r.top() - 14, r.width(), 13),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, str(i + 1))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        i = self.index_at(event.position().toPoint())
        if i != self.hover:
            self.hover = i
            self.update()
            self.hovered.emit(i)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if self.hover != -1:
            self.hover = -1
            self.update()
            self.hovered.emit(-1)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        i = self.index_at(event.position().toPoint())
        self.selected = -1 if i == self.selected else i  # a second click lets go
        self.update()
        self.clicked.emit(self.selected)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            i = self.index_at(e.pos())
            if i >= 0:
                h, w = self.crops[i].shape[:2]
                QToolTip.showText(e.globalPos(), self.tr(
                    "Cell {0}: {1}×{2} px crop, shown {3}:1 (nearest neighbour)").format(
                    i + 1, w, h, self.zoom), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)


class CellStripWidget(QScrollArea):
    """A horizontal strip of one field's cell crops. ``highlight_changed(index)`` fires when the
    crop under the pointer (or, when none, the clicked one) changes; -1: none."""

    highlight_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = _StripCanvas()
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.canvas.hovered.connect(self._emit)
        self.canvas.clicked.connect(self._emit)
        self.set_cells(None, [], (20, 20, 20))

    def set_cells(self, rgb: np.ndarray | None, cells: Sequence[dict] | None,
                  colour: tuple[int, int, int]) -> None:
        """Show the crops of ``cells`` (a prediction's cell dicts) from ``rgb``; ``cells`` None
        (not looked for) or no image hides the strip."""
        crops = cell_crops(rgb, cells) if rgb is not None else []
        self.canvas.set_crops(crops, colour, self.tr("No white cell found in this field.")
                              if cells is not None else "")  # NO_CELLS_TEXT
        self.setVisible(rgb is not None and cells is not None)
        bar = self.horizontalScrollBar().sizeHint().height() if crops else 0  # room to scroll
        self.setFixedHeight(self.canvas.height() + bar + 2)

    def select(self, index: int) -> None:
        """Mark crop ``index`` as clicked (and scroll to it); -1: none."""
        c = self.canvas
        c.selected = index if 0 <= index < len(c.rects) else -1
        c.update()
        if c.selected >= 0:
            r = c.rects[c.selected]
            self.ensureVisible(r.center().x(), r.center().y(), r.width() // 2 + GAP, 0)

    def crops(self) -> list[np.ndarray]:
        return self.canvas.crops

    def zoom(self) -> int:
        return self.canvas.zoom

    def tile_rects(self) -> list[QRect]:
        """Where each crop is painted, in the strip canvas's coordinates."""
        return list(self.canvas.rects)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(360, self.canvas.height() + 4)

    def _emit(self, _index: int) -> None:
        c = self.canvas
        self.highlight_changed.emit(c.hover if c.hover >= 0 else c.selected)
