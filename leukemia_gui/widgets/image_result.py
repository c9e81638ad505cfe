"""An image with its result: the picture, a "Show heatmap" toggle (for models that draw one)
and the prediction; where the white cells are known, their boxes (a "Cells" toggle) and a strip
of their crops. A cells model's boxes and crops are each in the colour of the class it read in
that cell, with a legend, its probability on the box and the heaviest cells first in the strip."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from core.inference.result import CellReading
from leukemia_gui.class_names import class_colour
from leukemia_gui.widgets.cell_strip import CellStripWidget, cell_boxes, cell_tag, cell_tip, classified, drive_order
from leukemia_gui.widgets.heatmap_legend import ClassLegendWidget, HeatmapLegendWidget
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
CLASSIFIED_CELLS_TIP = QT_TRANSLATE_NOOP(
    "ImageResultWidget", "Outline the white cells found in the field, each in the colour of the class "
    "the model read in it (see the legend), with its number and probability; hover over a box for "
    "its weight in the field's result. The strip below shows the cells that weigh most first.")

__all__ = ["ImageResultWidget", "class_colour"]  # class_colour: kept here for its callers


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
        self.class_legend = ClassLegendWidget()  # colour -> class, while the boxes are classified
        self.class_legend.hide()
        self.cell_strip = CellStripWidget()
        self.cell_strip.hide()
        self.prediction_view = PredictionWidget()
        toggles = QHBoxLayout()
        toggles.addWidget(self.heatmap_check)
        self.heatmap_legend = HeatmapLegendWidget()  # blue..red, shown while the heatmap is
        self.heatmap_legend.hide()
        toggles.addWidget(self.heatmap_legend)
        toggles.addWidget(self.cells_check)
        toggles.addWidget(self.class_legend)
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
        """Where heatmaps come from; ``None`` disables the toggle and explains why. A model
        with no heatmap at all (``unavailable_tip`` left as it is: a cells model, whose boxes
        are its evidence) does not offer the toggle; one image without (e.g. no result) shows
        it greyed out with the reason."""
        self._heatmap_fn = fn
        self.heatmap_check.setEnabled(fn is not None)
        self.heatmap_check.setVisible(fn is not None or unavailable_tip != NO_HEATMAP_TIP)
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

    def set_cells(self, cells: Sequence[CellReading] | None, label: str | None) -> None:
        """The shown image's white cells (a prediction's cells, image pixels) and the
        strip of their crops; ``None``: not looked for (nothing shown). Cells a cells model
        classified (each with ``label``, ``probability``, ``weight``) get their own class's
        colour, a tag with their class and probability, a tooltip, and the class legend;
        a field model's are all in the field's class colour (``label``), numbered. A field
        with no result (``label`` None) shows no class for its cells either: its boxes are
        dark and numbered, since the model's reading means nothing there."""
        colour = class_colour(label)
        cells = list(cells) if cells is not None else None
        shown = cells if self._rgb is not None and cells else []
        by_class = label is not None and classified(shown)
        if by_class:
            self.image_view.set_boxes(
                cell_boxes(shown), colours=[class_colour(c.label) for c in shown],
                tags=[cell_tag(c, i + 1) for i, c in enumerate(shown)],
                tips=[cell_tip(c, i + 1) for i, c in enumerate(shown)], order=drive_order(shown))
        else:
            self.image_view.set_boxes(cell_boxes(shown), colour)
        self.image_view.set_boxes_visible(self.cells_check.isChecked())
        self.class_legend.setVisible(by_class)
        self.cells_check.setToolTip(QCoreApplication.translate(
            "ImageResultWidget", CLASSIFIED_CELLS_TIP if by_class else CELLS_TIP))
        self.cell_strip.set_cells(self._rgb, cells, colour, classes=label is not None)

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
