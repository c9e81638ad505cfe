"""Train once: the settings are resolved once, each image is decoded as few times as its
preprocessing allows, and the result carries the corrections report."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from core.data.corrections import CorrectionsFile
from core.data.split import read_manifest
from core.training.config import ResolvedConfig, TrainConfig, resolve_config
from core.training.train import train
from tests.conftest import make_dataset


def test_resolve_config_fills_every_default_once() -> None:
    cfg = resolve_config(TrainConfig(epochs=3))
    assert isinstance(cfg, ResolvedConfig) and cfg.epochs == 3
    assert None not in (cfg.batch_size, cfg.learning_rate, cfg.image_size, cfg.augment, cfg.schedule)
    assert resolve_config(cfg) is cfg and cfg.resolved() is cfg
    assert isinstance(replace(cfg, backup_dir="b"), ResolvedConfig)  # still resolved and checked
    with pytest.raises(ValueError, match="epochs 0 is out of range"):
        replace(cfg, epochs=0)
    with pytest.raises(ValueError, match="unknown strategy"):
        resolve_config(TrainConfig(strategy="cluster"))


def _count_decodes(monkeypatch: pytest.MonkeyPatch) -> Counter:
    import core.training.pipeline

    calls: Counter = Counter()
    real = core.training.pipeline.load_rgb
    monkeypatch.setattr(core.training.pipeline, "load_rgb",
                        lambda p: calls.update([str(p)]) or real(p))
    return calls


@pytest.mark.parametrize("augment, most", [("reference", 1), ("stain-crop", 2)])
def test_each_image_is_decoded_once_per_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             augment: str, most: int) -> None:
    """Fit, BatchNorm recalibration and calibration read the same caches: a training image is
    decoded once at the model's size, plus once larger for the crop modes (it was 4 times, a
    validation image twice); validation and test images once."""
    data = make_dataset(tmp_path / "d", per_class=8, size=32)
    cf = CorrectionsFile(tmp_path / "corrections.csv")
    cf.set(data / "Pro" / "WBC-Pro-002.jpg", "Pro", "exclude", who="t")
    calls = _count_decodes(monkeypatch)
    result = train(data, tmp_path / "m", TrainConfig(epochs=2, image_size=32, batch_size=8,
                                                     block_size=2, export_onnx=False,
                                                     augment=augment, corrections=str(cf.path)),
                   progress=lambda p: None)
    split = read_manifest(result.bundle_dir / "split.json")
    train_files = {str(i.path) for i in split.items("train")}
    assert result.card["training"]["batchnorm_recalibrated_on"] > 0
    assert calls and max(calls.values()) == most
    assert all(n == 1 for p, n in calls.items() if p not in train_files)
    assert {p for p, n in calls.items() if n == 2} == (train_files if most == 2 else set())
    # the run's own corrections report: what became of each correction
    assert result.corrections is not None and result.corrections.counts == {"excluded": 1}
    assert result.card["corrections"]["counts"] == {"excluded": 1}

