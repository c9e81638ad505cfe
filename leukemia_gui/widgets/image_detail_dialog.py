"""A dialog showing one evaluated image large, with its probabilities and heatmap toggle."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from core.classes import FULL_NAMES
from core.images import ImageError, load_rgb
from leukemia_gui.widgets.image_result import HeatmapFn, ImageResultWidget


class ImageDetailDialog(QDialog):
    """``prediction`` is an evaluation prediction dict (path, true, label, probabilities, ...)."""

    def __init__(self, prediction: dict, heatmap_fn: HeatmapFn | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        path = Path(prediction["path"])
        self.setWindowTitle(path.name)
        self.resize(560, 720)
        true = prediction.get("true")
        header = QLabel(f"<b>{path.name}</b><br>True class: {FULL_NAMES.get(true, true)}"
                        if true else f"<b>{path.name}</b>")
        header.setToolTip(str(path))
        self.result = ImageResultWidget()
        self.result.set_heatmap_source(heatmap_fn)
        try:
            self.result.set_image(load_rgb(path))
        except ImageError as exc:
            self.result.set_image(None, exc.reason)
        self.result.prediction_view.set_prediction(
            prediction.get("label"), prediction.get("probabilities", {}),
            float(prediction.get("confidence", 0.0)), bool(prediction.get("uncertain")),
            prediction.get("reason", ""), prediction.get("error"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.result, 1)
        layout.addWidget(buttons)
