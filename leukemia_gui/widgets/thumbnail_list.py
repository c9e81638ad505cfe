"""Image thumbnails in a grid; each item keeps the object it stands for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

ICON = 96


def load_thumbnail(path: Path | str, size: int = ICON) -> QPixmap:
    """A small pixmap read at reduced size (fast for large files); empty when unreadable."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and (full.width() > size or full.height() > size):
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


class ThumbnailListWidget(QListWidget):
    """Icon-mode list. ``set_items([(path, caption, tooltip, payload), ...])``; ``payload(item)``."""

    def __init__(self, parent: QWidget | None = None, icon_size: int = ICON) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(icon_size, icon_size))
        self.setGridSize(QSize(icon_size + 48, icon_size + 24))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keeps the distinctive file number
        self._icon_size = icon_size

    def set_items(self, items: list[tuple[Path | str, str, str, object]]) -> None:
        self.clear()
        for path, caption, tooltip, payload in items:
            item = QListWidgetItem(QIcon(load_thumbnail(path, self._icon_size)), caption)
            item.setToolTip(tooltip)
            item.setData(Qt.ItemDataRole.UserRole, payload)
            self.addItem(item)

    @staticmethod
    def payload(item: QListWidgetItem) -> object:
        return item.data(Qt.ItemDataRole.UserRole)
