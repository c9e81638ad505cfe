"""The white cells of one field side by side, at native resolution (integer zoom, nearest
neighbour: never a blurred enlargement); hovering or clicking a crop highlights its box. Where
the model classified each cell, its crop is framed in its class's colour, with its number,
class and probability, and the cells that drove the field's verdict come first
(:func:`drive_order`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QScrollArea, QSizePolicy, QToolTip, QWidget

from core.inference.result import CellReading
from leukemia_gui.class_names import class_colour, full_name, short_name
from leukemia_gui.widgets.image_view import rgb_to_qimage
from leukemia_gui.i18n import percent

GAP = 4
PAD = 4  # room around each crop for its class frame
TOP = 14  # the line above each crop: its number (and probability)
BOTTOM = 14  # the line below a classified crop: its class
TARGET = 110  # the strip's crops are enlarged by the largest whole factor that keeps them this tall
MAX_ZOOM = 4
NO_CELLS_TEXT = "No white cell found in this field."


def cell_boxes(cells: Sequence[CellReading] | None) -> list[tuple[int, int, int, int]]:
    """``(x, y, w, h)`` of each cell of a prediction (image pixels)."""
    return [c.box for c in cells or ()]


def cell_crops(rgb: np.ndarray, cells: Sequence[CellReading] | None) -> list[np.ndarray]:
    """Each cell's native-resolution square crop (copies, so the field can be let go)."""
    from core.cells import Cell

    out = []
    for c in cells or ():
        cell = Cell(c.x, c.y, c.w, c.h, c.cx, c.cy, c.area, np.zeros((0, 0), bool))
        out.append(np.ascontiguousarray(cell.crop(rgb)))
    return out


def strip_zoom(crops: Sequence[np.ndarray], target: int = TARGET) -> int:
    """One whole enlargement for all of a field's crops (so their sizes stay comparable)."""
    side = max((max(c.shape[:2]) for c in crops), default=0)
    return max(1, min(MAX_ZOOM, target // side)) if side else 1


def classified(cells: Sequence[CellReading] | None) -> bool:
    """Whether the model read these cells one by one (a cells model: each has a ``label``);
    a field model's cells are only found, not classified."""
    return any(c.label for c in cells or ())


def drive_order(cells: Sequence[CellReading] | None) -> list[int]:
    """The cells' indices, the ones that drove the field's verdict first.

    Ranked by attention ``weight``, heaviest first: the weight is the cell's share of the
    pooled features the field's probabilities are read from, so it is how much the cell made
    the verdict, whichever class the cell itself looks like. (The cell's probability for the
    verdict class times its weight would hide a heavy cell of another class, the one a
    clinician most needs to see, and the prediction keeps only each cell's own top class.)
    Ties go by the cell's own probability, then the detector's order; cells the model did not
    read (past its limit: no label, weight 0) come last. Cells without weights (a field model)
    keep the detector's order."""
    cells = list(cells or ())
    if not any(c.read_by_model for c in cells):
        return list(range(len(cells)))
    return sorted(range(len(cells)), key=lambda i: (cells[i].label is None,
                                                    -(cells[i].weight or 0.0),
                                                    -(cells[i].probability or 0.0), i))


def cell_tag(cell: CellReading, number: int) -> str:
    """The short label of a classified cell's box: ``"3 Pre-B 92 %"``; only the number otherwise."""
    label, p = cell.label, cell.probability
    if not label or p is None:
        return str(number)
    return f"{number} {short_name(label)} {percent(p, 0)}"


def cell_tip(cell: CellReading, number: int) -> str:
    """What the model made of one cell, for a tooltip ("" when it did not classify it)."""
    label, p, w = cell.label, cell.probability, cell.weight
    if not label or p is None:
        return (QCoreApplication.translate("CellStripWidget", "Cell {0}: not read by the model "
                                           "(past the most cells it reads in a field)").format(number)
                if cell.read_by_model else "")
    return QCoreApplication.translate(
        "CellStripWidget", "Cell {0}: {1}, {2} · weight in the field's result {3}").format(
        number, full_name(label), percent(p, 0), percent(w or 0.0, 0))


class _StripCanvas(QWidget):
    hovered = Signal(int)  # cell index, -1 when the pointer leaves the crops
    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.crops: list[np.ndarray] = []  # in the strip's order
        self.order: list[int] = []  # the cell index of each crop shown
        self.pixmaps: list[QPixmap] = []
        self.zoom = 1
        self.rects: list[QRect] = []
        self.selected = -1  # cell indices
        self.hover = -1
        self.colours: list[QColor] = []
        self.tops: list[str] = []  # the line above each crop
        self.bottoms: list[str] = []  # the line below it ("" none)
        self.tips: list[str] = []
        self.message = ""

    def set_crops(self, crops: list[np.ndarray], colour: tuple[int, int, int], message: str,
                  cells: Sequence[CellReading] | None = None) -> None:
        """``crops`` of ``cells`` (in the cells' order); shown in :func:`drive_order` with
        each classified cell's class colour and words, or all in ``colour``."""
        cells = list(cells or ())[:len(crops)]
        by_class = classified(cells)
        order = drive_order(cells) if by_class else list(range(len(crops)))
        self.order, self.crops, self.message = order, [crops[i] for i in order], message
        self.colours, self.tops, self.bottoms, self.tips = [], [], [], []
        for i in order:
            cell = cells[i] if i < len(cells) else None
            label = cell.label if cell is not None else None
            p = cell.probability if cell is not None else None
            read = by_class and bool(label) and p is not None
            self.colours.append(QColor(*(class_colour(label) if by_class else colour)))
            self.tops.append(f"{i + 1} · {percent(p, 0)}" if read else str(i + 1))
            self.bottoms.append(short_name(label) if read else "")
            self.tips.append(cell_tip(cell, i + 1) if by_class and cell is not None else "")
        self.pixmaps = [QPixmap.fromImage(rgb_to_qimage(c)) for c in self.crops]
        self.zoom = strip_zoom(self.crops)
        self.selected = self.hover = -1
        self.rects = []
        # one height for every field (the image above does not jump from field to field)
        height = max([TARGET, *(p.height() * self.zoom for p in self.pixmaps)])
        bottom = BOTTOM if by_class else 0
        metrics = self.fontMetrics()
        x = GAP
        for k, p in enumerate(self.pixmaps):
            w, h = p.width() * self.zoom, p.height() * self.zoom
            text = max(metrics.horizontalAdvance(self.tops[k]), metrics.horizontalAdvance(self.bottoms[k]))
            slot = max(w + 2 * PAD, text + 4)  # the crop centred in its slot, its words fit
            self.rects.append(QRect(x + (slot - w) // 2, TOP + PAD + (height - h) // 2, w, h))
            x += slot + GAP
        if self.pixmaps:
            self.setFixedSize(x, TOP + height + 2 * PAD + bottom + GAP)
        else:  # one line saying so
            self.setFixedSize(metrics.horizontalAdvance(message) + 4 * GAP, metrics.height() + 2 * GAP)
        self.update()

    def position(self, index: int) -> int:
        """Where cell ``index`` is in the strip (-1: not there)."""
        return self.order.index(index) if index in self.order else -1

    def index_at(self, pos: QPoint) -> int:
        """The cell index of the crop at ``pos``, -1 if none."""
        k = next((k for k, r in enumerate(self.rects)
                  if r.adjusted(-PAD, -TOP - PAD, PAD, PAD + BOTTOM).contains(pos)), -1)
        return self.order[k] if k >= 0 else -1

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
        for k, (r, p) in enumerate(zip(self.rects, self.pixmaps)):
            strong = self.order[k] in (self.selected, self.hover)
            frame = r.adjusted(-3, -3, 3, 3)
            painter.fillRect(frame, self.colours[k])  # the class's frame, 3 px round the crop
            if strong:  # and a dark line round that
                painter.setPen(QPen(QColor(0, 0, 0), 2))
                painter.drawRect(frame.adjusted(-1, -1, 0, 0))
            painter.drawPixmap(r, p)
            painter.setPen(self.palette().text().color())
            slot = QRect(r.center().x() - 100, 0, 200, 13)
            painter.drawText(slot.translated(0, r.top() - PAD - 14),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, self.tops[k])
            if self.bottoms[k]:
                painter.drawText(slot.translated(0, r.bottom() + PAD + 1),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.bottoms[k])

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
                k = self.position(i)
                h, w = self.crops[k].shape[:2]
                crop = self.tr("Cell {0}: {1}×{2} px crop, shown {3}:1 (nearest neighbour)").format(
                    i + 1, w, h, self.zoom)
                if self.tips[k]:
                    crop = self.tips[k] + "\n" + crop + "\n" + self.tr(
                        "The cells that weigh most in the field's result come first.")
                QToolTip.showText(e.globalPos(), crop, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)


class CellStripWidget(QScrollArea):
    """A horizontal strip of one field's cell crops. ``highlight_changed(index)`` fires when the
    crop under the pointer (or, when none, the clicked one) changes, with the cell's index in
    the prediction (its box's number less one, whatever its place in the strip); -1: none."""

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

    def set_cells(self, rgb: np.ndarray | None, cells: Sequence[CellReading] | None,
                  colour: tuple[int, int, int], classes: bool = True) -> None:
        """Show the crops of ``cells`` (a prediction's cells) from ``rgb``: classified
        cells in their class colours, heaviest first (:func:`drive_order`), else (or with
        ``classes`` False: a field with no result) all framed in ``colour`` as found;
        ``cells`` None (not looked for) or no image hides the strip."""
        crops = cell_crops(rgb, cells) if rgb is not None else []
        self.canvas.set_crops(crops, colour, self.tr("No white cell found in this field.")
                              if cells is not None else "", cells if classes else None)  # NO_CELLS_TEXT
        self.setVisible(rgb is not None and cells is not None)
        bar = self.horizontalScrollBar().sizeHint().height() if crops else 0  # room to scroll
        self.setFixedHeight(self.canvas.height() + bar + 2)

    def select(self, index: int) -> None:
        """Mark cell ``index``'s crop as clicked (and scroll to it); -1: none."""
        c = self.canvas
        k = c.position(index)
        c.selected = index if k >= 0 else -1
        c.update()
        if k >= 0:
            r = c.rects[k]
            self.ensureVisible(r.center().x(), r.center().y(), r.width() // 2 + GAP, 0)

    def crops(self) -> list[np.ndarray]:
        """The crops in the strip's order (:meth:`order` gives each one's cell index)."""
        return self.canvas.crops

    def order(self) -> list[int]:
        """The cell index of each crop, left to right."""
        return list(self.canvas.order)

    def captions(self) -> list[tuple[str, str]]:
        """Each crop's words, left to right: above it and below it."""
        return list(zip(self.canvas.tops, self.canvas.bottoms))

    def frame_colours(self) -> list[tuple[int, int, int]]:
        """Each crop's frame colour, left to right (RGB)."""
        return [(c.red(), c.green(), c.blue()) for c in self.canvas.colours]

    def zoom(self) -> int:
        return self.canvas.zoom

    def tile_rects(self) -> list[QRect]:
        """Where each crop is painted, left to right, in the strip canvas's coordinates."""
        return list(self.canvas.rects)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(360, self.canvas.height() + 4)

    def _emit(self, _index: int) -> None:
        c = self.canvas
        self.highlight_changed.emit(c.hover if c.hover >= 0 else c.selected)
