"""Show an RGB image scaled to fit (aspect kept), optionally with a heatmap blended over it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

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

    def __init__(self, parent: QWidget | None = None, placeholder: str = "No image") -> None:
        super().__init__(parent)
        self._rgb: np.ndarray | None = None
        self._overlay: np.ndarray | None = None
        self._pixmap = QPixmap()
        self._placeholder = placeholder
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(360, 360)

    def set_image(self, rgb: np.ndarray | None) -> None:
        """Show ``rgb`` (``HxWx3`` uint8) and drop any overlay; ``None`` clears the view."""
        self._rgb, self._overlay = rgb, None
        self._rebuild()

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

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        if self._pixmap.isNull():
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._placeholder)
            return
        scaled = self._pixmap.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - scaled.width()) // 2
        y = (self.height() - scaled.height()) // 2
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(x, y, scaled.width(), scaled.height(), self._pixmap)
