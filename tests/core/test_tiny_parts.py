"""Every accuracy carries its n; a part too small to estimate anything says so, with its 95%
interval (issue #20, item 2)."""

from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from core.evaluation.metrics import accuracy_text, compute_metrics, too_small
from core.evaluation.report import metrics_summary
from tests.conftest import make_dataset


def four_images() -> dict:
    return compute_metrics(np.array([0, 1, 2, 3]), np.eye(4)[[0, 1, 2, 0]])  # 3 of 4 right


def test_accuracy_text_carries_n_interval_and_too_small() -> None:
    text = accuracy_text(four_images(), "validation accuracy")
    assert text.startswith("validation accuracy 75.0% (3 of 4, 95% CI 30-95%)")
    assert "too small to estimate" in text and "fewer than 30" in text
    big = compute_metrics(np.repeat(np.arange(4), 10), np.eye(4)[np.repeat(np.arange(4), 10)])
    assert too_small(big) == "" and accuracy_text(big, "test accuracy") == \
        "test accuracy 100.0% (40 of 40, 95% CI 91-100%)"
    lopsided = compute_metrics(np.array([0] * 40 + [1] * 3 + [2] * 5 + [3] * 5),
                               np.eye(4)[[0] * 40 + [1] * 3 + [2] * 5 + [3] * 5])
    assert too_small(lopsided) == "fewer than 5 of Early"
    assert accuracy_text({}, "test accuracy") == "test accuracy: no images"
    summary = metrics_summary(four_images())
    assert "75.0 % (3 of 4, 95% CI 30-95%)" in summary and "TOO SMALL TO ESTIMATE" in summary


def test_shipped_card_text_names_the_benchmark_n() -> None:
    from core.model.bundle import default_model_dir, load_bundle

    assert load_bundle(default_model_dir()).test_accuracy_text == \
        "benchmark test accuracy 96.9 % (n=390)"


def fake_train(data, out, cfg, *, progress):
    from core.training.train import TrainResult

    val = four_images()
    card = {"training": {"best_epoch": 2, "epochs_run": 3}, "metrics": {"val": val}}
    return TrainResult(Path(out), {}, {"val": val}, 1.0, False, 3, card)


def test_cli_train_summary_says_the_parts_are_too_small(tmp_path: Path, monkeypatch,
                                                        capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr("core.training.train.train", fake_train)
    data = make_dataset(tmp_path / "data", per_class=2, size=32)
    assert main(["-q", "train", str(data), "--out", str(tmp_path / "m"), "--no-backup"]) == 0
    out = capsys.readouterr().out
    assert "test accuracy: no test images" in out
    assert "validation accuracy 75.0% (3 of 4, 95% CI 30-95%): too small to estimate" in out
    assert "epoch 2 kept" in out


def test_cli_evaluate_on_a_tiny_folder_says_too_small(tiny_model: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    data = make_dataset(tmp_path / "few", per_class=2, size=32)
    assert main(["-q", "evaluate", str(data), "--model", str(tiny_model)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("accuracy "))
    assert " of 8, 95% CI " in line and "too small to estimate (8 image(s)" in line


def test_compare_on_a_tiny_folder_says_too_few(tiny_model: Path, tmp_path: Path) -> None:
    from core.evaluation.compare import compare_models, format_comparison

    data = make_dataset(tmp_path / "few", per_class=2, size=32)
    cmp = compare_models(data, tiny_model, tiny_model)
    text = format_comparison(cmp)
    assert "too few images to estimate either model's accuracy" in text
    assert " of 8, 95% CI " in text


def test_cli_epoch_lines_name_the_validation_n(capsys: pytest.CaptureFixture) -> None:
    from core.cli import TerminalProgress
    from core.progress import Progress

    bar = TerminalProgress(quiet=True)
    counts = {"train": {"Benign": 5}, "val": {"Benign": 1, "Pre": 3}, "test": {"Benign": 0}}
    bar(Progress("train", 0, 10, "loading images", {"split_counts": counts}))
    bar(Progress("epoch", 1, 2, "", {"loss": 1.0, "accuracy": 0.5, "val_loss": 1.2,
                                     "val_accuracy": 0.25}))
    assert "val_acc 0.2500 (n=4)" in capsys.readouterr().err
    counts["val"] = {"Benign": 0}
    bar(Progress("train", 0, 10, "loading images", {"split_counts": counts}))
    bar(Progress("epoch", 1, 2, "", {"val_accuracy": 0.25}))
    assert "(on the 5 training images)" in capsys.readouterr().err
