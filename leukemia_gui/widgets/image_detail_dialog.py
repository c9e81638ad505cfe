"""A dialog showing one evaluated image large, with its probabilities and heatmap toggle.

Given the window's :class:`~leukemia_gui.review_hub.ReviewHub`, it also marks the recorded
label: keys 1–4 give the right class, U "not sure", X "not a usable field", Backspace clears;
each is saved to the corrections file at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from core.data.corrections import CorrectionsError
from core.data.images import ImageError, load_rgb
from core.evaluation.result import EvalPrediction
from leukemia_gui.class_names import full_name
from leukemia_gui.error_text import image_reason
from leukemia_gui.widgets.correction_keys import CorrectionButtonsWidget, choice_text
from leukemia_gui.widgets.image_result import HeatmapFn, ImageResultWidget


class ImageDetailDialog(QDialog):
    """``prediction`` is one image of an evaluation (path, true, label, probabilities, ...)."""

    def __init__(self, prediction: EvalPrediction, heatmap_fn: HeatmapFn | None = None,
                 parent: QWidget | None = None, hub: object | None = None) -> None:
        super().__init__(parent)
        self.prediction = prediction
        self.hub = hub  # leukemia_gui.review_hub.ReviewHub, or None: no marking
        path = Path(prediction.path)
        self.setWindowTitle(path.name)
        self.resize(560, 760)
        true = prediction.true
        header = QLabel(f"<b>{path.name}</b><br>" + self.tr("True class: {0}").format(full_name(true))
                        if true else f"<b>{path.name}</b>")
        header.setToolTip(str(path))
        self.result = ImageResultWidget()
        self.result.set_heatmap_source(heatmap_fn)
        try:
            self.result.set_image(load_rgb(path))
        except ImageError as exc:
            self.result.set_image(None, image_reason(exc))
        self.result.prediction_view.set_prediction(
            prediction.label, dict(prediction.probabilities), prediction.confidence,
            prediction.uncertain, prediction.reason, flags=prediction.flags)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.result, 1)
        self.keys: CorrectionButtonsWidget | None = None
        self.correction_label = QLabel()
        self.correction_label.setWordWrap(True)
        if hub is not None:
            self.keys = CorrectionButtonsWidget(title=self.tr("Label is wrong? Correct to:"))
            self.keys.attach_keys(self)
            self.keys.chosen.connect(self.mark)
            layout.addWidget(self.correction_label)
            layout.addWidget(self.keys)
            self._show_correction()
        layout.addWidget(buttons)

    def mark(self, choice: str | None) -> None:
        """Save ``choice`` for this image with its recorded label (None: remove the correction)."""
        if self.hub is None:
            return
        p = self.prediction
        try:
            self.hub.mark(p.path, p.true or p.label, choice)  # type: ignore[attr-defined]
        except (CorrectionsError, OSError) as exc:
            self._show_correction(self.tr("Not saved: {0}").format(exc))
            return
        self._show_correction()

    def _show_correction(self, error: str = "") -> None:
        done = self.hub.correction(self.prediction.path)  # type: ignore[union-attr]
        if self.keys is not None:
            self.keys.show_current(done.corrected_label if done else None)
        where = self.tr("Saved to {0}.").format(self.hub.corrections_path)  # type: ignore[union-attr]
        if done:
            text = self.tr("<b>Marked {0}</b> (recorded label {1}). {2}").format(
                choice_text(done.corrected_label), done.recorded_label or "–", where)
        else:
            text = self.tr("Not marked. Keys 1–4, U or X mark this image. {0}").format(where)
        self.correction_label.setText(f"<span style='color:#c92a2a'>{error}</span><br>{text}" if error else text)
