"""The heatmap rule (core) and the one GUI cache of heatmap predictors."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.model.architectures import ARCHITECTURES, HEATMAP_ARCHITECTURES, has_heatmap
from leukemia_gui.context import AppContext
from leukemia_gui.heatmaps import HeatmapCache


def test_the_rule_names_the_architectures_with_class_maps() -> None:
    assert has_heatmap({"architecture": "default"}) and not has_heatmap({"architecture": "seed"})
    assert not has_heatmap(None) and not has_heatmap({})
    assert HEATMAP_ARCHITECTURES <= set(ARCHITECTURES)


def test_cache_reuses_the_active_predictor_and_reports_a_lost_model(context: AppContext,
                                                                     tmp_path: Path) -> None:
    errors: list[str] = []
    cache = HeatmapCache(context, errors.append)
    model = context.bundle.path
    assert cache.heatmap_fn(None, True) is None and cache.heatmap_fn(model, False) is None
    heat = cache.heatmap_fn(model, True)(np.full((40, 50, 3), 128, np.uint8))
    assert heat.shape == (40, 50) and cache.predictor(model) is context.predictor()
    assert cache.heatmap_fn(tmp_path / "gone", True)(np.zeros((8, 8, 3), np.uint8)) is None
    assert len(errors) == 1 and errors[0].startswith("No heatmap:")
