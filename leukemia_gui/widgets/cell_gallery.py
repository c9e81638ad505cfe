"""All the white cells of a case at a glance: crops grouped by their field's class, each at
native resolution (never enlarged), the field's name in its tooltip; a click picks the crop."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QToolTip, QWidget

from leukemia_gui.widgets.cell_strip import cell_crops
from leukemia_gui.widgets.image_view import rgb_to_qimage

MAX_CROPS = 500  # shown at most: a case of many fields stays quick to build and to paint
MAX_TILE = 72  # a crop larger than this is shrunk into its tile (never enlarged)
GAP = 4
HEADER = 22


@dataclass(frozen=True)
class GalleryCrop:
    """One crop: its picture, tooltip and what a click on it stands for."""

    pixmap: QPixmap
    tooltip: str
    payload: object


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

    def crops(self, key: str, cells: Sequence[dict], load: Callable[[], np.ndarray | None]
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
        self.setMouseTracking(True)

    def set_groups(self, groups: list[GalleryGroup], message: str, width: int) -> None:
        self.groups, self.message = groups, message
        side = max((max(c.pixmap.width(), c.pixmap.height()) for g in groups for c in g.crops),
                   default=32)
        self.tile = min(MAX_TILE, side)
        self.relayout(width)

    def relayout(self, width: int) -> None:
        width = max(width, self.tile + 2 * GAP)
        self.headers, self.tiles = [], []
        y = GAP + (HEADER if self.message else 0)
        step = self.tile + GAP
        per_row = max(1, (width - GAP) // step)
        for g in self.groups:
            self.headers.append((QRect(GAP, y, width - 2 * GAP, HEADER), g))
            y += HEADER
            for k, crop in enumerate(g.crops):
                r, c = divmod(k, per_row)
                self.tiles.append((QRect(GAP + c * step, y + r * step, self.tile, self.tile), crop, g))
            y += ((len(g.crops) + per_row - 1) // per_row) * step + GAP
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
        painter.setFont(font)
        for rect, crop, g in self.tiles:
            if not rect.intersects(visible):
                continue
            p = crop.pixmap
            if p.width() > rect.width() or p.height() > rect.height():  # shrink, never enlarge
                p = p.scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
            painter.fillRect(rect, self.palette().base())
            painter.drawPixmap(rect.left() + (rect.width() - p.width()) // 2,
                               rect.top() + (rect.height() - p.height()) // 2, p)
            field, index = crop.payload if isinstance(crop.payload, tuple) else (crop.payload, -1)
            mark = self.current is not None and field is self.current[0]
            if mark and index == self.current[1]:  # the picked cell
                painter.setPen(QPen(QColor(0, 0, 0), 3))
                painter.drawRect(rect.adjusted(1, 1, -2, -2))
            elif mark:  # another cell of the field shown
                painter.setPen(QPen(QColor(0, 0, 0), 1))
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
            else:
                painter.setPen(QPen(QColor(*g.colour), 1))
                painter.drawRect(rect.adjusted(0, 0, -1, -1))

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
