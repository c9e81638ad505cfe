"""Cancel stops within a few batches and records no part epoch; the backup says exactly which
epochs were kept (issue #20, item 5)."""

from pathlib import Path

import pytest

from core.progress import Cancelled
from core.training.train import TrainConfig, train
from core.training.loop import read_backup
from tests.conftest import make_dataset


def test_cancel_inside_an_epoch_records_no_part_epoch(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "d", per_class=6, size=32)
    reports = []

    def stop() -> bool:  # in epoch 2, after its first batch
        return any(r.stage == "train" and r.metrics.get("epoch") == 2 for r in reports)

    with pytest.raises(Cancelled):
        train(data, tmp_path / "m", TrainConfig(epochs=4, image_size=32, batch_size=4,
                                                block_size=2, export_onnx=False,
                                                backup_dir=str(tmp_path / "bk")),
              progress=reports.append, should_stop=stop)
    epochs = [r for r in reports if r.stage == "epoch"]
    assert [r.done for r in epochs] == [1]  # epoch 2 was neither validated nor reported
    batches_in_2 = [r for r in reports if r.stage == "train" and r.metrics.get("epoch") == 2]
    assert len(batches_in_2) == 1  # stopped after the batch that saw the cancel
    info = read_backup(tmp_path / "bk")
    assert info is not None and info.epochs_done == 1 and len(info.history["loss"]) == 1


def test_cancel_skips_decoding_the_rest_of_the_first_epoch(tmp_path: Path, monkeypatch) -> None:
    import core.training.pipeline

    data = make_dataset(tmp_path / "d", per_class=25, size=32)
    decoded = []
    real = core.training.pipeline.load_rgb
    monkeypatch.setattr(core.training.pipeline, "load_rgb", lambda p: decoded.append(p) or real(p))

    with pytest.raises(Cancelled):
        train(data, tmp_path / "m", TrainConfig(epochs=2, image_size=32, batch_size=4,
                                                block_size=2, export_onnx=False),
              progress=lambda p: None, should_stop=lambda: len(decoded) >= 8)
    # 70 training images fill the shuffle buffer before the first batch; cancelled after 8
    # decodes, the rest are not decoded (a few more were already under way in parallel)
    assert len(decoded) < 40
