"""All the white cells of a case at a glance: crops grouped by their field's class, each at
native resolution (never enlarged), the field's name in its tooltip; a click picks the crop.
Cells a cells model classified are framed in their own class's colour with their probability
and class under them, and within each group the ones that drove the verdict come first
(:func:`cell_crop`, :func:`by_drive`)."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QToolTip, QWidget

from core.inference.result import CellReading
from leukemia_gui.class_names import class_colour, short_name
from leukemia_gui.i18n import percent
from leukemia_gui.widgets.cell_strip import cell_crops, cell_tip
from leukemia_gui.widgets.image_view import rgb_to_qimage

MAX_CROPS = 500  # shown at most: a case of many fields stays quick to build and to paint
MAX_TILE = 72  # a crop larger than this is shrunk into its tile (never enlarged)
GAP = 4
HEADER = 22
CAPTION = 13  # the line under a classified cell's crop
MIN_CAPTIONED = 56  # a captioned tile is at least this wide (its crop is not enlarged)


@dataclass(frozen=True)
class GalleryCrop:
    """One crop: its picture, tooltip and what a click on it stands for."""

    pixmap: QPixmap
    tooltip: str
    payload: object
    colour: tuple[int, int, int] | None = None  # its frame; None: its group's colour
    caption: str = ""  # the line under it ("" none)
    rank: tuple = ()  # :func:`by_drive` sorts on it, smallest first


def cell_crop(pixmap: QPixmap, tooltip: str, payload: object, cell: CellReading | None,
              voting: bool = True) -> GalleryCrop:
    """One cell's crop for the gallery. A cell the model classified is framed in its class's
    colour, captioned ``"92 % Pre-B"`` (its probability, then its class: a narrow tile cuts
    the class's name, never the figure) and ranked by how much it drove the case's verdict:
    the cells of fields that voted in the case first (the case's probabilities are the mean
    over its confident fields, :func:`core.inference.result.summarize_case`), then by the
    cell's attention weight, heaviest first (each voting field counts the same, so a cell's
    share of the case is its weight in its field over the number of voting fields: the same
    order); see :func:`leukemia_gui.widgets.cell_strip.drive_order` for why the weight. A
    field model's cells (and ``cell`` None: a field with no class) keep their field's order
    and colour."""
    label, p = (cell.label, cell.probability) if cell is not None else (None, None)
    if cell is None or not label or p is None:
        return GalleryCrop(pixmap, tooltip, payload, rank=(not voting, 1, 0.0))
    number = payload[1] + 1 if isinstance(payload, tuple) else 0
    tip = tooltip + "\n" + cell_tip(cell, number) if number else tooltip
    return GalleryCrop(pixmap, tip, payload, class_colour(label),
                       f"{percent(p, 0)} {short_name(label)}",
                       (not voting, 0, -(cell.weight or 0.0)))


def by_drive(crops: Sequence[GalleryCrop]) -> list[GalleryCrop]:
    """``crops`` in :func:`cell_crop`'s order (a stable sort: equal ranks keep theirs)."""
    return sorted(crops, key=lambda c: c.rank)


@dataclass(frozen=True)
class GalleryGroup:
    title: str
    colour: tuple[int, int, int]
    crops: tuple[GalleryCrop, ...]


class CropCache:
    """Small crops of each field, by the field's key: each image is read once, only its crops
    are kept (a few KB a field), and no more than ``limit`` crops are held."""

    def __init__(self, limit: int = 2 * MAX_CROPS) -> None:
        self.limit = limit
        self._crops: dict[str, list[QPixmap]] = {}
        self._held = 0
        self.loads = 0  # images read so far (tests check that a field is read once)

    def crops(self, key: str, cells: Sequence[CellReading], load: Callable[[], np.ndarray | None]
              ) -> list[QPixmap]:
        if key not in self._crops:
            rgb = load()
            self.loads += 1
            found = [QPixmap.fromImage(rgb_to_qimage(c)) for c in cell_crops(rgb, cells)] \
                if rgb is not None else []
            if self._held + len(found) > self.limit:  # bounded: start again rather than grow
                self.clear()
            self._crops[key] = found
            self._held += len(found)
        return self._crops[key]

    def clear(self) -> None:
        self._crops.clear()
        self._held = 0


class _GalleryCanvas(QWidget):
    clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups: list[GalleryGroup] = []
        self.tile = 32
        self.message = ""
        self.headers: list[tuple[QRect, GalleryGroup]] = []
        self.tiles: list[tuple[QRect, GalleryCrop, GalleryGroup]] = []
        self.current: tuple[object, int] | None = None  # (field, cell index) marked
        self.captioned = False  # a line under each tile
        self.setMouseTracking(True)

    def set_groups(self, groups: list[GalleryGroup], message: str, width: int) -> None:
        self.groups, self.message = groups, message
        side = max((max(c.pixmap.width(), c.pixmap.height()) for g in groups for c in g.crops),
                   default=32)
        self.captioned = any(c.caption for g in groups for c in g.crops)
        self.tile = min(MAX_TILE, side)
        if self.captioned:
            self.tile = max(self.tile, MIN_CAPTIONED)
        self.relayout(width)

    def relayout(self, width: int) -> None:
        width = max(width, self.tile + 2 * GAP)
        self.headers, self.tiles = [], []
        y = GAP + (HEADER if self.message else 0)
        step = self.tile + GAP
        down = step + (CAPTION if self.captioned else 0)
        per_row = max(1, (width - GAP) // step)
        for g in self.groups:
            self.headers.append((QRect(GAP, y, width - 2 * GAP, HEADER), g))
            y += HEADER
            for k, crop in enumerate(g.crops):
                r, c = divmod(k, per_row)
                self.tiles.append((QRect(GAP + c * step, y + r * down, self.tile, self.tile), crop, g))
            y += ((len(g.crops) + per_row - 1) // per_row) * down + GAP
        self.setFixedSize(width, max(y, HEADER + 2 * GAP))
        self.update()

    def tile_at(self, pos: QPoint) -> tuple[QRect, GalleryCrop, GalleryGroup] | None:
        return next((t for t in self.tiles if t[0].contains(pos)), None)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        font = QFont(self.font())
        if self.message:
            painter.setPen(self.palette().text().color())
            painter.drawText(QRect(GAP, GAP, self.width() - 2 * GAP, HEADER),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.message)
        bold = QFont(font)
        bold.setBold(True)
        visible = event.rect()
        for rect, g in self.headers:
            if not rect.intersects(visible):
                continue
            painter.fillRect(QRect(rect.left(), rect.top() + 5, 12, 12), QColor(*g.colour))
            painter.setFont(bold)
            painter.setPen(self.palette().text().color())
            painter.drawText(rect.adjusted(18, 0, 0, 0),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, g.title)
        small = QFont(font)
        small.setPixelSize(10)
        for rect, crop, g in self.tiles:
            if not rect.adjusted(0, 0, 0, CAPTION).intersects(visible):
                continue
            painter.setFont(font)
            p = crop.pixmap
            if p.width() > rect.width() or p.height() > rect.height():  # shrink, never enlarge
                p = p.scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
            painter.fillRect(rect, self.palette().base())
            painter.drawPixmap(rect.left() + (rect.width() - p.width()) // 2,
                               rect.top() + (rect.height() - p.height()) // 2, p)
            field, index = crop.payload if isinstance(crop.payload, tuple) else (crop.payload, -1)
            mark = self.current is not None and field is self.current[0]
            own = crop.colour is not None  # the cell's class colour: a wider frame
            painter.setPen(QPen(QColor(*(crop.colour or g.colour)), 1))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
            if own:
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
            if mark and index == self.current[1]:  # the picked cell
                painter.setPen(QPen(QColor(0, 0, 0), 3))
                painter.drawRect(rect.adjusted(1 + own, 1 + own, -2 - own, -2 - own))
            elif mark:  # another cell of the field shown
                painter.setPen(QPen(QColor(0, 0, 0), 1))
                painter.drawRect(rect.adjusted(own + 1, own + 1, -own - 2, -own - 2) if own
                                 else rect.adjusted(0, 0, -1, -1))
            if crop.caption:
                painter.setFont(small)
                painter.setPen(self.palette().text().color())
                line = QRect(rect.left(), rect.bottom() + 1, rect.width(), CAPTION)
                painter.drawText(line, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                                 painter.fontMetrics().elidedText(crop.caption, Qt.TextElideMode.ElideRight,
                                                                  rect.width()))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        hit = self.tile_at(event.position().toPoint())
        if hit is not None:
            self.clicked.emit(hit[1].payload)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            hit = self.tile_at(e.pos())
            if hit is not None:
                QToolTip.showText(e.globalPos(), hit[1].tooltip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)


class CellGalleryWidget(QScrollArea):
    """Groups of crops (``set_groups``); ``crop_clicked(payload)`` when one is clicked."""

    crop_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = _GalleryCanvas()
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.canvas.clicked.connect(self.crop_clicked)

    def set_groups(self, groups: list[GalleryGroup], message: str = "") -> None:
        self.canvas.set_groups([g for g in groups if g.crops], message, self._width())

    def set_current(self, field: object, index: int = -1) -> None:
        """Mark the crops of ``field`` (a payload's first item), cell ``index`` most."""
        self.canvas.current = None if field is None else (field, index)
        self.canvas.update()
        hit = next((r for r, c, _ in self.canvas.tiles if isinstance(c.payload, tuple)
                    and c.payload[0] is field and c.payload[1] == index), None)
        if hit is not None:
            self.ensureVisible(hit.center().x(), hit.center().y(), 0, hit.height())

    def current(self) -> tuple[object, int] | None:
        return self.canvas.current

    def crop_count(self) -> int:
        return len(self.canvas.tiles)

    def tiles(self) -> list[tuple[QRect, GalleryCrop, str]]:
        """``(rect in the canvas, crop, group title)`` of every crop shown."""
        return [(r, c, g.title) for r, c, g in self.canvas.tiles]

    def group_titles(self) -> list[str]:
        return [g.title for _, g in self.canvas.headers]

    def message(self) -> str:
        return self.canvas.message

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(400, 220)

    def _width(self) -> int:
        # room for the vertical scroll bar whether it shows or not (the layout does not jump)
        return self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.canvas.relayout(self._width())
