"""Heatmaps for images a tab shows: one predictor per model folder, loaded on the first heatmap.

Whether a model has heatmaps is :func:`core.model.architectures.has_heatmap`; this is the one
cache of the predictors that draw them (Evaluate, Compare and Review use it). The active model's
predictor is reused rather than loaded twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from core.model.bundle import BundleError
from leukemia_gui.error_text import error_text
from leukemia_gui.widgets.image_result import HeatmapFn


class HeatmapCache:
    """``heatmap_fn(model, available)`` gives what :class:`ImageResultWidget` calls for a
    heatmap; a model that cannot be loaded any more reports through ``on_error`` and shows none."""

    def __init__(self, context: Any = None, on_error: Callable[[str], None] | None = None) -> None:
        self.context = context  # an AppContext, for its active model's predictor
        self.on_error = on_error
        self._predictors: dict[Path, Any] = {}

    def clear(self) -> None:
        """Forget the loaded predictors (a model folder may have been written again)."""
        self._predictors.clear()

    def predictor(self, model: Path | str) -> Any:
        """The predictor of ``model``, loaded once (raises BundleError/OSError)."""
        key = Path(model).resolve()
        predictor = self._predictors.get(key)
        if predictor is None:
            bundle = getattr(self.context, "bundle", None)
            if bundle is not None and Path(bundle.path).resolve() == key:
                predictor = self.context.predictor()
            else:
                from core.inference.predictor import Predictor

                predictor = Predictor(key)
            self._predictors[key] = predictor
        return predictor

    def heatmap_fn(self, model: Path | str | None, available: bool) -> HeatmapFn | None:
        """A heatmap function for images of ``model``; None when it has none (``available``:
        :func:`~core.model.architectures.has_heatmap` of its card)."""
        if model is None or not available:
            return None

        def heatmap(rgb: np.ndarray) -> np.ndarray | None:
            try:
                return self.predictor(model).heatmap(rgb)
            except (BundleError, OSError) as exc:  # the model folder went away or changed
                if self.on_error is not None:
                    self.on_error(QCoreApplication.translate("Heatmaps", "No heatmap: {0}").format(error_text(exc)))
                return None

        return heatmap
