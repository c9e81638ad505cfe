"""Train tab: the ``cells`` architecture is offered with its defaults and a tiny real run of it
reaches the plot, saves a bundle and can be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.model.architectures import DEFAULTS
from leukemia_gui.tabs.train_tab import TrainTab
from tests.core.test_cell_model import SMALL, disc_dataset
from tests.gui.conftest import isolated_context


@pytest.fixture
def tab(open_tab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TrainTab:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    return open_tab(TrainTab, isolated_context(tmp_path))


def test_a_tiny_cells_training_from_the_tab(qtbot, tab: TrainTab, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import core.training.cells as training_cells

    def no_export(*_args, **_kwargs):
        raise RuntimeError("export skipped in this test")

    monkeypatch.setattr(training_cells, "CELL_SPEC", SMALL)
    monkeypatch.setattr(training_cells, "export_onnx", no_export)
    s = tab.settings
    s.arch_combo.setCurrentIndex(s.arch_combo.findData("cells"))
    d = DEFAULTS["cells"]
    assert (s.epochs_spin.value(), s.batch_spin.value()) == (d.epochs, d.batch_size)
    assert "white cell" in s.arch_note.text()
    out = tmp_path / "models" / "cells"
    s.set_data(disc_dataset(tmp_path / "data", per_class=6))
    s.epochs_spin.setValue(2)
    s.batch_spin.setValue(8)
    s.set_output_dir(out)
    assert tab.start()
    with qtbot.waitSignal(tab.worker.succeeded, timeout=300_000):
        pass
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    assert tab.canvas.has_lines() and len(tab.history["loss"]) == 2
    assert (out / "model.json").is_file() and str(out) in tab.result_label.text()
    with qtbot.waitSignal(tab.context.model_changed, timeout=30_000):
        tab.use_button.click()
    assert tab.context.bundle is not None and tab.context.bundle.card["architecture"] == "cells"
