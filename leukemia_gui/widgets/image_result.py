"""An image with its result: the picture, a "Show heatmap" toggle and the prediction."""

from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from leukemia_gui.widgets.image_view import ImageViewWidget
from leukemia_gui.widgets.prediction_view import PredictionWidget

HeatmapFn = Callable[[np.ndarray], "np.ndarray | None"]
NO_HEATMAP_TIP = "This model has no heatmap (only the default architecture produces class maps)."


class ImageResultWidget(QWidget):
    """Shows one image and its prediction; the heatmap comes from ``heatmap_fn`` when asked."""

    def __init__(self, parent: QWidget | None = None, placeholder: str = "No image") -> None:
        super().__init__(parent)
        self._rgb: np.ndarray | None = None
        self._heatmap_fn: HeatmapFn | None = None
        self.image_view = ImageViewWidget(placeholder=placeholder)
        self.heatmap_check = QCheckBox("Show heatmap")
        self.heatmap_check.setToolTip("Colour where the model found evidence for the predicted class")
        self.prediction_view = PredictionWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.image_view, 1)
        layout.addWidget(self.heatmap_check)
        layout.addWidget(self.prediction_view)
        self.heatmap_check.toggled.connect(self._on_heatmap_check_toggled)
        self.set_heatmap_source(None)

    def set_heatmap_source(self, fn: HeatmapFn | None, unavailable_tip: str = NO_HEATMAP_TIP) -> None:
        """Where heatmaps come from; ``None`` disables the toggle and explains why."""
        self._heatmap_fn = fn
        self.heatmap_check.setEnabled(fn is not None)
        if fn is None:
            self.heatmap_check.setChecked(False)
            self.heatmap_check.setToolTip(unavailable_tip)
        else:
            self.heatmap_check.setToolTip("Colour where the model found evidence for the predicted class")
        self._update_overlay()

    def set_image(self, rgb: np.ndarray | None, missing_reason: str = "") -> None:
        self._rgb = rgb
        if rgb is None and missing_reason:
            self.image_view.set_placeholder(missing_reason)
        self.image_view.set_image(rgb)
        self._update_overlay()

    def image(self) -> np.ndarray | None:
        return self._rgb

    def clear(self) -> None:
        self.set_image(None)
        self.prediction_view.clear()

    def _on_heatmap_check_toggled(self, _checked: bool) -> None:
        self._update_overlay()

    def _update_overlay(self) -> None:
        show = self.heatmap_check.isChecked() and self._heatmap_fn is not None and self._rgb is not None
        self.image_view.set_overlay(self._heatmap_fn(self._rgb) if show else None)  # type: ignore[misc]
