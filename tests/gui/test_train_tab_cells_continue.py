"""Train tab: continuing the active ``cells`` model runs end to end and shows the origin's
reference beside the new lab's held-out part (core.training.cells_continue)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.model.bundle import load_bundle
from leukemia_gui.tabs.train_tab import TrainTab
from tests.core.test_cells_continue import carrying_parent, lab_split, parent  # noqa: F401
from tests.gui.conftest import isolated_context


@pytest.fixture
def tab(open_tab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TrainTab:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    return open_tab(TrainTab, isolated_context(tmp_path))


def test_continue_the_active_cells_model_from_the_tab(qtbot, tab: TrainTab, tmp_path: Path,
                                                      carrying_parent: Path) -> None:  # noqa: F811
    parent = load_bundle(carrying_parent)
    tab.context.set_model(carrying_parent)
    s = tab.settings
    s.set_data(lab_split(tmp_path))
    s.set_continue(True)
    assert s.parent_error is None and parent.model_id in s.parent_note.text()
    assert s.arch == "cells" and not s.arch_combo.isEnabled()
    s.epochs_spin.setValue(2)
    out = tmp_path / "child"
    s.set_output_dir(out)
    assert tab.start()
    with qtbot.waitSignal(tab.worker.succeeded, timeout=300_000):
        pass
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    card = load_bundle(out).card
    assert card["parent"]["id"] == parent.model_id and card["continued"]["rehearsal"]["source"] == "replay"
    text = tab.result_label.text()
    assert parent.model_id in text
    ref = card["continued"]["reference"]
    assert "reference (independent): parent" in text and f"of {ref['n']}" in text
    assert "new lab's held-out part: parent" in text
    assert tab.canvas.has_lines() and tab.use_button.isEnabled()
    tab.resize(1100, 800)
    shot = tmp_path / "continued-cells.png"
    assert tab.grab().save(str(shot)) and shot.stat().st_size > 0
