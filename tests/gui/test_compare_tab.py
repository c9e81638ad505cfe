"""Compare tab: two tiny models side by side, core's McNemar shown, cancel, export, and making
model B active with the previous model one click away (File → Recent models)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings

from core.classes import FULL_NAMES
from core.evaluation.compare import compare_models
from core.model.bundle import default_model_dir, load_bundle
from core.progress import Progress, check_stop
from leukemia_gui.context import AppContext
from leukemia_gui.i18n import fixed
from leukemia_gui.tabs.compare_tab import CompareTab
from leukemia_gui.widgets.comparison_view import mcnemar_sentence
from tests.conftest import make_dataset


@pytest.fixture(scope="module")
def tiny_model_b(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second tiny model (other seed, one epoch) trained with the Benign and Pro folders
    swapped, so that it surely predicts differently from ``tiny_model`` on some images."""
    from core.training.train import TrainConfig, train

    root = tmp_path_factory.mktemp("tinymodel_b")
    data = make_dataset(root / "data", per_class=6, names={"Benign": "Pro", "Pro": "Benign"})
    return train(data, root / "model_b", TrainConfig(arch="default", epochs=1, image_size=32,
                                                     batch_size=8, block_size=3, seed=7)).bundle_dir


@pytest.fixture(scope="module")
def eval_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_dataset(tmp_path_factory.mktemp("compare") / "eval", per_class=4)


@pytest.fixture
def tab(open_tab, context: AppContext) -> CompareTab:
    return open_tab(CompareTab, context, (1366, 720))


def run(qtbot, tab: CompareTab) -> None:
    assert tab.compare_button.isEnabled()
    tab.compare_button.click()
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.comparison is not None, timeout=120_000)


def test_defaults_follow_active_last_trained_and_dataset(open_tab, context: AppContext,
                                                         tiny_model: Path, tiny_model_b: Path,
                                                         eval_data: Path) -> None:
    context.remember_folder("dataset", eval_data)
    context.note_trained(tiny_model_b)
    tab = open_tab(CompareTab, context)
    assert tab.model_a.path() == tiny_model
    assert tab.model_b.path() == tiny_model_b
    assert str(eval_data) in tab.data_label.text()
    assert tab.compare_button.isEnabled()
    tab.model_b.set_path(tiny_model)  # the same model twice: nothing to compare
    assert not tab.compare_button.isEnabled()
    assert not tab.export_button.isEnabled() and not tab.use_b_button.isEnabled()


def test_compare_shows_cores_numbers(qtbot, tab: CompareTab, tiny_model: Path, tiny_model_b: Path,
                                     eval_data: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    tab.set_data(eval_data)
    tab.set_models(tiny_model, tiny_model_b)
    run(qtbot, tab)
    expected = compare_models(eval_data, tiny_model, tiny_model_b)
    m = expected.mcnemar
    assert tab.comparison.mcnemar == m
    assert tab.summary.p_value_label.text() == f"p = {QLocale().toString(m.p_value, 'g', 4)}"  # locale's form
    assert float(tab.summary.p_value_label.text().split("=")[1]) == pytest.approx(m.p_value, rel=1e-3)
    assert f"A right, B wrong: <b>{m.b}</b>" in tab.summary.counts_label.text()
    assert f"A wrong, B right: <b>{m.c}</b>" in tab.summary.counts_label.text()
    assert tab.summary.sentence_label.text() == mcnemar_sentence(m)
    # each metric side by side with its change
    table = tab.summary.metrics_table
    assert table.rowCount() == len(expected.metrics)
    acc = next(ch for ch in expected.metrics if ch.name == "accuracy")
    row = [table.item(r, 0).text() for r in range(table.rowCount())].index("Accuracy")
    one = lambda v: fixed(v * 100, 1)  # noqa: E731 - as the app rounds (half to even)
    assert [table.item(row, c).text() for c in (1, 2, 3)] == [
        f"{one(acc.a)} %", f"{one(acc.b)} %", f"{'' if acc.delta < 0 else '+'}{one(acc.delta)} pp"]
    sens = tab.summary.sensitivity_table
    assert sens.rowCount() == 4
    for r, ch in enumerate(expected.sensitivity):
        assert sens.item(r, 3).text() == f"{'' if ch.delta < 0 else '+'}{one(ch.delta)} pp"
    # exactly the images whose prediction changed
    shown = {tab.changed.path_at(r) for r in range(tab.changed.rowCount())}
    assert shown == {ch.path for ch in expected.changed}
    assert f"{len(expected.changed)} image(s) changed" in tab.changed_label.text()
    # export: the same JSON as the command line's --json
    out = tmp_path / "cmp.json"
    monkeypatch.setattr("leukemia_gui.tabs.compare_tab.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(out), ""))
    tab.export_button.click()
    report = json.loads(out.read_text())
    assert report["mcnemar"]["p_value"] == pytest.approx(m.p_value)
    assert report["model_b"]["id"] == load_bundle(tiny_model_b).model_id
    assert [c["path"] for c in report["changed"]] == [c.path for c in expected.changed]


def test_double_click_opens_detail_with_model_bs_prediction(qtbot, tab: CompareTab,
                                                            tiny_model: Path, tiny_model_b: Path,
                                                            eval_data: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    tab.set_data(eval_data)
    tab.set_models(tiny_model, tiny_model_b)
    run(qtbot, tab)
    assert tab.comparison.changed  # model B learnt Benign and Pro swapped
    opened: list = []
    monkeypatch.setattr("leukemia_gui.tabs.compare_tab.ImageDetailDialog.exec",
                        lambda self: opened.append(self) or 0)
    tab.changed.cellDoubleClicked.emit(0, 1)
    (dialog,) = opened
    path = tab.changed.path_at(0)
    expected = next(p for p in tab.comparison.results[1].predictions if p.path == path)
    assert Path(path).name in dialog.windowTitle() and "model B" in dialog.windowTitle()
    assert FULL_NAMES[expected.label] in dialog.result.prediction_view.class_label.text()


def test_cancel_stops_a_comparison(qtbot, tab: CompareTab, tiny_model: Path, tiny_model_b: Path,
                                   eval_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_compare(data, a, b, *, split=None, progress, should_stop):
        for i in range(1, 1_000_000):
            check_stop(should_stop)
            progress(Progress("compare", i, 1_000_000, f"model A: image {i}"))
        raise AssertionError("never cancelled")

    monkeypatch.setattr("leukemia_gui.tabs.compare_tab.compare_models", slow_compare)
    tab.set_data(eval_data)
    tab.set_models(tiny_model, tiny_model_b)
    assert tab.start_comparison()
    qtbot.waitUntil(lambda: "image" in tab.task.label.text(), timeout=30_000)
    assert not tab.compare_button.isEnabled()
    with qtbot.waitSignal(tab.worker.cancelled, timeout=30_000):
        tab.task.cancel_button.click()
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    assert "cancelled" in tab.task.label.text() and tab.comparison is None
    assert tab.compare_button.isEnabled()


@pytest.mark.parametrize("b, c, words", [(0, 0, "cannot tell them apart"),
                                         (1, 5, "could well be chance"),
                                         (0, 6, "unlikely to be chance, and model B did better")])
def test_mcnemar_sentence(b: int, c: int, words: str) -> None:
    from core.evaluation.compare import McNemar, mcnemar_exact

    assert words in mcnemar_sentence(McNemar(b, c, mcnemar_exact(b, c)))


def test_use_model_b_then_reactivate_previous_from_recent_menu(
        qtbot, open_window, tmp_path: Path, tiny_model: Path, tiny_model_b: Path,
        eval_data: Path) -> None:
    window = open_window()
    assert window.open_model(tiny_model)
    tab = window.compare_tab
    tab.set_data(eval_data)
    tab.set_models(None, tiny_model_b)  # A: the active model
    assert tab.model_a.path() == tiny_model
    run(qtbot, tab)
    with qtbot.waitSignal(window.context.model_changed, timeout=30_000):
        tab.use_b_button.click()
    assert window.context.bundle.path == tiny_model_b
    assert load_bundle(tiny_model_b).model_id in window.model_label.text()
    assert not tab.use_b_button.isEnabled() and "active" in tab.use_b_button.text()
    # the previous model and the shipped one are one click away
    window.recent_menu.rebuild()
    paths = [p.resolve() for p in window.recent_menu.paths()]
    assert paths[:2] == [tiny_model_b.resolve(), tiny_model.resolve()]
    assert default_model_dir().resolve() in paths
    assert window.recent_menu.action_for(tiny_model_b).isChecked()
    with qtbot.waitSignal(window.context.model_changed, timeout=30_000):
        window.recent_menu.action_for(tiny_model).trigger()
    assert window.context.bundle.path == tiny_model
    assert tab.use_b_button.isEnabled()
    # remembered across sessions
    again = AppContext(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.bundle.path == tiny_model
    assert [p.resolve() for p in again.recent_models()][:2] == [tiny_model.resolve(),
                                                                tiny_model_b.resolve()]
