"""A grid of sample thumbnails, one row per class."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QWidget

from core.classes import CLASSES
from leukemia_gui.class_names import full_name


def pixmap_from_rgb(rgb: np.ndarray, size: int) -> QPixmap:
    """A ``size``-bounded pixmap from an ``HxWx3`` uint8 array (aspect ratio kept)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    return QPixmap.fromImage(image).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation)


class ThumbnailGridWidget(QScrollArea):
    """Rows of class name + up to N thumbnails; each thumbnail's tooltip names its file."""

    def __init__(self, thumb_size: int = 96, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumb_size = thumb_size
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._inner = QWidget()
        self._grid = QGridLayout(self._inner)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(10)
        self.setWidget(self._inner)
        self.clear(self.tr("Choose a dataset folder to see sample images."))

    def clear(self, message: str = "") -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()  # deleteLater waits for the event loop; hide it now
                item.widget().deleteLater()
        if message:
            note = QLabel(message)
            note.setStyleSheet("color: palette(mid);")
            self._grid.addWidget(note, 0, 0)

    def thumbnail_count(self) -> int:
        """How many thumbnails are shown (used by tests)."""
        return sum(1 for i in range(self._grid.count())
                   if isinstance(w := self._grid.itemAt(i).widget(), QLabel) and w.pixmap()
                   and not w.pixmap().isNull())

    def show_samples(self, samples: dict[str, list[tuple[Path, np.ndarray]]],
                     counts: dict[str, int]) -> None:
        """Show ``samples[class] = [(path, rgb), ...]`` in class order."""
        self.clear()
        for row, label in enumerate(CLASSES):
            n = self.tr("{0} images").format(QLocale().toString(counts.get(label, 0)))
            name = QLabel(f"<b>{label}</b><br><span style='color:gray'>{full_name(label)}"
                          f"<br>{n}</span>")
            name.setMinimumWidth(max(130, name.sizeHint().width()))
            name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self._grid.addWidget(name, row, 0)
            shown = samples.get(label, [])
            if not shown:
                empty = QLabel(self.tr("no readable images"))
                empty.setStyleSheet("color: #b00020;")
                self._grid.addWidget(empty, row, 1)
            for col, (path, rgb) in enumerate(shown, start=1):
                thumb = QLabel()
                thumb.setPixmap(pixmap_from_rgb(rgb, self.thumb_size))
                thumb.setFixedSize(self.thumb_size + 4, self.thumb_size + 4)
                thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
                thumb.setStyleSheet("border: 1px solid palette(mid); background: palette(base);")
                thumb.setToolTip(str(path))
                self._grid.addWidget(thumb, row, col)
