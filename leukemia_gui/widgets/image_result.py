"""An image with its result: the picture, a "Show heatmap" toggle and the prediction; where
the white cells are known, their boxes (a "Cells" toggle) and a strip of their crops."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from leukemia_gui.widgets.cell_strip import CellStripWidget, cell_boxes
from leukemia_gui.widgets.heatmap_legend import HeatmapLegendWidget
from leukemia_gui.widgets.image_view import ImageViewWidget
from leukemia_gui.widgets.prediction_view import PredictionWidget

HeatmapFn = Callable[[np.ndarray], "np.ndarray | None"]
# English sources, shown translated (a tip given by a caller is translated too, if it can be)
NO_HEATMAP_TIP = QT_TRANSLATE_NOOP(
    "ImageResultWidget", "This model has no heatmap (only the default architecture produces class maps).")
CELLS_TIP = QT_TRANSLATE_NOOP(
    "ImageResultWidget", "Outline the white cells found in the field, numbered as in the strip below. "
    "Until cells are classified one by one, every box has the field's class colour (dark: the field "
    "has no result).")


def class_colour(label: str | None) -> tuple[int, int, int]:
    """The colour of ``label`` in boxes and crops (core.cells.render's, the CLI's too)."""
    from core.cells.render import CLASS_COLOURS

    return CLASS_COLOURS.get(label, CLASS_COLOURS[None])


class ImageResultWidget(QWidget):
    """Shows one image and its prediction; the heatmap comes from ``heatmap_fn`` when asked."""

    def __init__(self, parent: QWidget | None = None, placeholder: str | None = None,
                 show_cells: bool = False) -> None:
        super().__init__(parent)
        self._rgb: np.ndarray | None = None
        self._heatmap_fn: HeatmapFn | None = None
        self.image_view = ImageViewWidget(placeholder=placeholder)  # None: its "No image"
        self.heatmap_check = QCheckBox(self.tr("Show heatmap"))
        self.heatmap_check.setToolTip(self.tr("Colour where the model found evidence for the predicted class"))
        self.cells_check = QCheckBox(self.tr("Cells"))
        self.cells_check.setToolTip(QCoreApplication.translate("ImageResultWidget", CELLS_TIP))
        self.cells_check.setChecked(True)
        self.cells_check.setVisible(show_cells)
        self.cell_strip = CellStripWidget()
        self.cell_strip.hide()
        self.prediction_view = PredictionWidget()
        toggles = QHBoxLayout()
        toggles.addWidget(self.heatmap_check)
        self.heatmap_legend = HeatmapLegendWidget()  # blue..red, shown while the heatmap is
        self.heatmap_legend.hide()
        toggles.addWidget(self.heatmap_legend)
        toggles.addWidget(self.cells_check)
        toggles.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.image_view, 1)
        layout.addWidget(self.cell_strip)
        layout.addLayout(toggles)
        layout.addWidget(self.prediction_view)
        self.heatmap_check.toggled.connect(self._on_heatmap_check_toggled)
        self.heatmap_check.toggled.connect(self.heatmap_legend.setVisible)
        self.cells_check.toggled.connect(self.image_view.set_boxes_visible)
        self.cell_strip.highlight_changed.connect(self.image_view.set_highlight)
        self.set_heatmap_source(None)

    def set_heatmap_source(self, fn: HeatmapFn | None, unavailable_tip: str = NO_HEATMAP_TIP) -> None:
        """Where heatmaps come from; ``None`` disables the toggle and explains why."""
        self._heatmap_fn = fn
        self.heatmap_check.setEnabled(fn is not None)
        if fn is None:
            self.heatmap_check.setChecked(False)
            self.heatmap_check.setToolTip(QCoreApplication.translate("ImageResultWidget", unavailable_tip))
        else:
            self.heatmap_check.setToolTip(self.tr("Colour where the model found evidence for the predicted class"))
        self._update_overlay()

    def set_image(self, rgb: np.ndarray | None, missing_reason: str = "") -> None:
        self._rgb = rgb
        if rgb is None and missing_reason:
            self.image_view.set_placeholder(missing_reason)
        self.image_view.set_image(rgb)
        self._update_overlay()

    def image(self) -> np.ndarray | None:
        return self._rgb

    def set_cells(self, cells: Sequence[dict] | None, label: str | None) -> None:
        """The shown image's white cells (a prediction's cell dicts, image pixels): boxes in
        ``label``'s colour and the strip of crops; ``None``: not looked for (nothing shown)."""
        colour = class_colour(label)
        self.image_view.set_boxes(cell_boxes(cells) if self._rgb is not None else [], colour)
        self.image_view.set_boxes_visible(self.cells_check.isChecked())
        self.cell_strip.set_cells(self._rgb, cells, colour)

    def highlight_cell(self, index: int) -> None:
        """Emphasise cell ``index`` (0-based) in the image and the strip, as a click on its crop."""
        self.cell_strip.select(index)
        self.image_view.set_highlight(index)

    def clear(self) -> None:
        self.set_image(None)
        self.set_cells(None, None)
        self.prediction_view.clear()

    def _on_heatmap_check_toggled(self, _checked: bool) -> None:
        self._update_overlay()

    def _update_overlay(self) -> None:
        show = self.heatmap_check.isChecked() and self._heatmap_fn is not None and self._rgb is not None
        self.image_view.set_overlay(self._heatmap_fn(self._rgb) if show else None)  # type: ignore[misc]
