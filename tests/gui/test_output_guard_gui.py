"""Issue #19, item 1 in the app: the Train tab refuses an output folder that could destroy data,
with a dialog, before any work starts."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from leukemia_gui.tabs.train_tab import TrainTab
from tests.conftest import make_dataset
from tests.gui.conftest import fill_tiny_training, isolated_context


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def tab(open_tab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TrainTab:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    return open_tab(TrainTab, isolated_context(tmp_path))


@pytest.mark.parametrize("where", ["data", "parent", "inside", "unrelated"])
def test_train_tab_refuses_destructive_output_folders(tab: TrainTab, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      where: str) -> None:
    data = make_dataset(tmp_path / "lab" / "data", per_class=3, size=32)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "results.xlsx").write_bytes(b"irreplaceable")
    out = {"data": data, "parent": data.parent, "inside": data / "Pro", "unrelated": notes}[where]
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr("leukemia_gui.tabs.train_tab.QMessageBox.warning",
                        lambda _parent, title, text, *a: shown.append((title, text)))
    started: list[object] = []
    monkeypatch.setattr("leukemia_gui.tabs.train_tab.TaskRunner.start",
                        lambda *a, **k: started.append(a))  # must never be reached
    before = tree(tmp_path / "lab"), tree(notes)
    fill_tiny_training(tab.settings, data, out, epochs=1)
    assert tab.start() is False
    assert not started and not tab.is_busy()
    assert shown and shown[0][0] == "Output folder" and str(out) in shown[0][1]
    assert "must not" in shown[0][1] or "not empty" in shown[0][1]
    assert (tree(tmp_path / "lab"), tree(notes)) == before
