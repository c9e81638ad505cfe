"""Show an RGB image scaled to fit (aspect kept), optionally with a heatmap blended over it and
boxes (the white cells found) drawn over it at screen resolution, each in its own colour with a
small tag (its number, and where the cell was classified its class and probability) and a
tooltip."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

HEATMAP_ALPHA = 0.45


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """A deep copy of an ``HxWx3`` uint8 array as a QImage."""
    rgb = np.ascontiguousarray(rgb[..., :3], dtype=np.uint8)
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def qimage_to_rgb(image: QImage) -> np.ndarray:
    """An ``HxWx3`` uint8 RGB copy of any QImage (e.g. one pasted from the clipboard)."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    buf = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * stride)
    return buf.reshape(h, stride)[:, : 3 * w].reshape(h, w, 3).copy()


def blend_heatmap(rgb: np.ndarray, heat: np.ndarray, alpha: float = HEATMAP_ALPHA) -> np.ndarray:
    """``rgb`` with ``heat`` (``HxW`` in [0, 1]) drawn over it in the jet colour map."""
    from matplotlib import colormaps

    colour = colormaps["jet"](np.clip(heat, 0, 1))[..., :3] * 255.0
    out = rgb.astype(np.float32) * (1 - alpha) + colour * alpha
    return np.clip(out, 0, 255).astype(np.uint8)


class ImageViewWidget(QWidget):
    """Paints one image centred and scaled to the widget, keeping its aspect ratio."""

    def __init__(self, parent: QWidget | None = None, placeholder: str | None = None) -> None:
        super().__init__(parent)
        self._rgb: np.ndarray | None = None
        self._overlay: np.ndarray | None = None
        self._pixmap = QPixmap()
        self._placeholder = self.tr("No image") if placeholder is None else placeholder
        self._boxes: list[tuple[int, int, int, int]] = []  # (x, y, w, h) in image pixels
        self._box_colours: list[QColor] = []  # one per box
        self._box_tags: list[str] = []  # the text of each box's tag
        self._box_tips: list[str] = []  # each box's tooltip ("" none)
        self._box_order: list[int] = []  # whose tags are placed first
        self._boxes_visible = True
        self._highlight = -1
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(360, 360)

    def set_image(self, rgb: np.ndarray | None) -> None:
        """Show ``rgb`` (``HxWx3`` uint8) and drop any overlay; ``None`` clears the view."""
        self._rgb, self._overlay = rgb, None
        self._boxes, self._box_colours, self._box_tags, self._box_tips = [], [], [], []
        self._box_order = []
        self._highlight = -1
        self._rebuild()

    def set_boxes(self, boxes: list[tuple[int, int, int, int]],
                  colour: tuple[int, int, int] = (20, 20, 20),
                  colours: list[tuple[int, int, int]] | None = None,
                  tags: list[str] | None = None, tips: list[str] | None = None,
                  order: list[int] | None = None) -> None:
        """Outline ``boxes`` (``(x, y, w, h)`` in the image's pixels) in ``colour``, or each in
        its own (``colours``, one per box); each with a tag at its corner, ``tags`` (one per box)
        or its number from 1, and a tooltip (``tips``); ``order``: the boxes whose tags are
        placed first where tags would overlap (:meth:`tag_rects`). Drawn at screen resolution,
        the picture itself is not changed."""
        n = len(boxes)
        self._boxes, self._highlight = list(boxes), -1
        self._box_colours = [QColor(*c) for c in colours] if colours is not None else [QColor(*colour)] * n
        self._box_tags = list(tags) if tags is not None else [str(i + 1) for i in range(n)]
        self._box_tips = list(tips) if tips is not None else [""] * n
        self._box_order = list(order) if order is not None else list(range(n))
        if not len(self._box_colours) == len(self._box_tags) == len(self._box_tips) == n:
            raise ValueError("set_boxes: colours, tags and tips need one entry per box")
        self.update()

    def box_colour(self, index: int) -> tuple[int, int, int]:
        """The colour box ``index`` is drawn in (RGB)."""
        c = self._box_colours[index]
        return c.red(), c.green(), c.blue()

    def box_tag(self, index: int) -> str:
        return self._box_tags[index]

    def box_tip(self, index: int) -> str:
        return self._box_tips[index]

    def box_at(self, pos: QPointF) -> int:
        """The shown box under ``pos`` (widget coordinates; the smallest where they overlap),
        -1 if none."""
        hits = [(r.width() * r.height(), i) for i, r in self.shown_boxes().items() if r.contains(pos)]
        return min(hits)[1] if hits else -1

    def set_boxes_visible(self, visible: bool) -> None:
        self._boxes_visible = visible
        self.update()

    def set_highlight(self, index: int) -> None:
        """Draw box ``index`` (0-based) emphasised, also while the other boxes are hidden;
        -1: none."""
        self._highlight = index if 0 <= index < len(self._boxes) else -1
        self.update()

    def highlight(self) -> int:
        return self._highlight

    def box_count(self) -> int:
        return len(self._boxes)

    def shown_boxes(self) -> dict[int, QRectF]:
        """The boxes drawn now, by index, in widget coordinates."""
        frame = self._image_rect()
        if frame is None or not self._boxes:
            return {}
        s = frame.width() / self._pixmap.width()
        rects = {i: QRectF(frame.x() + x * s, frame.y() + y * s, w * s, h * s)
                 for i, (x, y, w, h) in enumerate(self._boxes)}
        if self._boxes_visible:
            return rects
        return {self._highlight: rects[self._highlight]} if self._highlight >= 0 else {}

    def _image_rect(self) -> QRectF | None:
        if self._pixmap.isNull():
            return None
        scaled = self._pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF((self.width() - scaled.width()) // 2, (self.height() - scaled.height()) // 2,
                      scaled.width(), scaled.height())

    def set_overlay(self, heat: np.ndarray | None) -> None:
        """Blend ``heat`` (``HxW`` in [0, 1], the image's size) over the image; ``None`` removes it."""
        self._overlay = heat
        self._rebuild()

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.update()

    def has_overlay(self) -> bool:
        return self._overlay is not None

    def pixmap(self) -> QPixmap:
        """The full-resolution picture being shown (image plus overlay)."""
        return self._pixmap

    def _rebuild(self) -> None:
        if self._rgb is None:
            self._pixmap = QPixmap()
        else:
            shown = self._rgb
            if self._overlay is not None and self._overlay.shape[:2] == self._rgb.shape[:2]:
                shown = blend_heatmap(self._rgb, self._overlay)
            self._pixmap = QPixmap.fromImage(rgb_to_qimage(shown))
        self.update()

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            i = self.box_at(QPointF(e.pos()))
            if i >= 0 and self._box_tips[i]:
                QToolTip.showText(e.globalPos(), self._box_tips[i], self)
                return True
        return super().event(e)  # elsewhere: the widget's own tooltip, if any

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        if self._pixmap.isNull():
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._placeholder)
            return
        frame = self._image_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(frame.toRect(), self._pixmap)
        self._paint_boxes(painter)

    def tag_rects(self, metrics: QFontMetrics | None = None) -> dict[int, tuple[QRectF, str]]:
        """Where each shown box's tag goes and its text, in widget coordinates. The tags are
        placed in priority order (the highlighted box, then :meth:`set_boxes`'s ``order``);
        a full tag that would cover one placed before it is cut to the box's number (the rest
        is in its tooltip)."""
        shown = self.shown_boxes()
        if metrics is None:
            metrics = QFontMetrics(self._tag_font())
        rank = {i: k for k, i in enumerate(self._box_order)}
        placed: dict[int, tuple[QRectF, str]] = {}
        for i in sorted(shown, key=lambda i: (i != self._highlight, rank.get(i, len(rank) + i))):
            r = QRectF(shown[i].toRect())
            for text in dict.fromkeys((self._box_tags[i], str(i + 1))):  # the full tag, else the number
                tw, th = metrics.horizontalAdvance(text) + 6, metrics.height()
                ty = r.top() - th if r.top() - th >= 0 else r.top()
                tx = max(0.0, min(r.left(), self.width() - tw))
                tag = QRectF(tx, ty, tw, th)
                fits = not any(tag.intersects(t) for t, _ in placed.values())
                if fits or text == str(i + 1):
                    placed[i] = (tag, text)
                    break
        return placed

    def _tag_font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(11)
        font.setBold(True)
        return font

    def _paint_boxes(self, painter: QPainter) -> None:
        shown = self.shown_boxes()
        if not shown:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # crisp lines on whole pixels
        painter.setFont(self._tag_font())
        # a dark edge under each coloured line: readable on pale glass and on a heatmap alike
        halo = QPen(QColor(0, 0, 0, 150), 4)
        halo.setCosmetic(True)
        for i, r in sorted(shown.items(), key=lambda ir: ir[0] == self._highlight):  # highlight on top
            r = QRectF(r.toRect())
            strong = i == self._highlight
            pen = QPen(self._box_colours[i] if not strong else QColor(255, 255, 255), 3 if strong else 2)
            pen.setCosmetic(True)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if strong:  # white inside a dark outline: visible on any stain
                outer = QPen(QColor(0, 0, 0), 6)
                outer.setCosmetic(True)
                painter.setPen(outer)
                painter.drawRect(r)
            else:
                painter.setPen(halo)
                painter.drawRect(r)
            painter.setPen(pen)
            painter.drawRect(r)
        # the tags over all the boxes, at each box's top-left corner (outside when there is room);
        # the first placed painted last, on top
        for i, (tag, text) in reversed(list(self.tag_rects(painter.fontMetrics()).items())):
            strong = i == self._highlight
            c = self._box_colours[i]
            light = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() > 150
            painter.fillRect(tag, QColor(0, 0, 0) if strong else c)
            painter.setPen(QColor(255, 255, 255) if strong else QColor(0, 0, 0) if light else QColor(255, 255, 255))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
