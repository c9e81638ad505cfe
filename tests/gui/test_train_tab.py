"""Train tab: a real tiny run reaches the plot and saves a bundle; cancel stops a fake run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from core.models import DEFAULTS
from core.progress import Progress, check_stop
from tests.gui.conftest import isolated_context
from leukemia_gui.tabs.train_tab import TrainTab


@pytest.fixture
def tab(open_tab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TrainTab:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    return open_tab(TrainTab, isolated_context(tmp_path))


def slow_fake_train(data, out_dir, config, *, progress, should_stop):
    """Stands in for core.train.train: reports batches and epochs until asked to stop."""
    for i in range(1, 100_000):
        check_stop(should_stop)
        progress(Progress("train", i, 100_000, f"batch {i}", {"eta": 99.0, "elapsed": i / 100}))
        if i % 50 == 0:
            metrics = {"loss": 1.0 / i, "accuracy": 0.5, "val_loss": 1.2 / i, "val_accuracy": 0.4}
            progress(Progress("epoch", i // 50, 2_000, "", metrics))
        time.sleep(0.01)
    raise AssertionError("the fake was never cancelled")


def test_architecture_defaults_fill_the_form(tab: TrainTab) -> None:
    s = tab.settings
    for i in range(s.arch_combo.count()):
        s.arch_combo.setCurrentIndex(i)
        d = DEFAULTS[s.arch]
        assert (s.epochs_spin.value(), s.batch_spin.value(), s.size_spin.value()) == (
            d.epochs, d.batch_size, d.image_size)
        assert s.lr_spin.value() == pytest.approx(d.learning_rate)
        out = s.output_dir()
        assert out.parent == Path(tab.context.settings.fileName()).parent / "userdata" / "models"
        assert out.name.startswith(f"{s.arch}-")
    assert all(w.toolTip() for w in (s.arch_combo, s.epochs_spin, s.batch_spin, s.lr_spin,
                                     s.size_spin, s.seed_spin, s.data_edit, s.output_edit))


def test_start_without_data_explains(tab: TrainTab, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr("leukemia_gui.tabs.train_tab.QMessageBox.warning",
                        lambda *args: shown.append(args[2]))
    assert tab.start() is False
    assert shown and "Choose" in shown[0]
    assert not tab.is_busy()


def test_real_tiny_training_plots_saves_and_can_be_used(qtbot, tab: TrainTab, tiny_dataset: Path,
                                                        tmp_path: Path) -> None:
    s = tab.settings
    s.arch_combo.setCurrentIndex(s.arch_combo.findData("default"))
    s.set_data(tiny_dataset)
    s.epochs_spin.setValue(2)
    s.size_spin.setValue(32)
    s.batch_spin.setValue(8)
    out = tmp_path / "models" / "tiny"
    s.set_output_dir(out)
    assert tab.start()
    worker = tab._worker
    with qtbot.waitSignal(worker.succeeded, timeout=300_000):
        pass
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    assert tab.canvas.has_lines()
    assert len(tab.history["loss"]) == 2
    assert tab.task.bar.value() == tab.task.bar.maximum()
    assert (out / "model.json").is_file()
    assert str(out) in tab.result_label.text()
    assert "Epoch 2/2" in tab.log.toPlainText()
    assert tab.use_button.isEnabled()
    with qtbot.waitSignal(tab.context.model_changed, timeout=30_000):
        tab.use_button.click()
    assert tab.context.bundle is not None and tab.context.bundle.path == out
    assert not tab.use_button.isEnabled()


def test_cancel_stops_training_and_saves_nothing(qtbot, tab: TrainTab, tiny_dataset: Path,
                                                 tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.train.train", slow_fake_train)
    tab.settings.set_data(tiny_dataset)
    out = tmp_path / "never"
    tab.settings.set_output_dir(out)
    assert tab.start()
    qtbot.waitUntil(tab.canvas.has_lines, timeout=30_000)  # epoch reports reached the plot
    assert "left" in tab.eta_label.text()
    assert not tab.settings.isEnabled()
    with qtbot.waitSignal(tab._worker.cancelled, timeout=30_000):
        tab.task.cancel_button.click()
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    assert not out.exists()
    assert "nothing was saved" in tab.result_label.text()
    assert tab.settings.isEnabled() and tab.start_button.isEnabled()
    assert not tab.use_button.isEnabled()
