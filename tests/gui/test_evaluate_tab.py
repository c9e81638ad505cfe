"""EvaluateTab: metrics, confusion-matrix cells, thumbnails, detail dialog, report export."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from matplotlib.backend_bases import MouseEvent
from PySide6.QtWidgets import QFileDialog

from core.classes import CLASSES
from core.data.scan import scan
from core.data.split import split_dataset, write_manifest
from leukemia_gui.context import AppContext
from tests.gui.conftest import isolated_context
from leukemia_gui.tabs.evaluate_tab import EvaluateTab
from leukemia_gui.widgets import image_detail_dialog
from leukemia_gui.widgets.image_detail_dialog import ImageDetailDialog


@pytest.fixture
def tab(open_tab, context: AppContext) -> EvaluateTab:
    return open_tab(EvaluateTab, context, (1366, 720))


def run_evaluation(qtbot, tab: EvaluateTab) -> None:
    assert tab.evaluate_button.isEnabled()
    tab.evaluate_button.click()
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.result is not None, timeout=60000)


@pytest.fixture
def evaluated(qtbot, tab: EvaluateTab, tiny_dataset: Path) -> EvaluateTab:
    tab.set_data(tiny_dataset)
    run_evaluation(qtbot, tab)
    return tab


def busiest_cell(tab: EvaluateTab) -> tuple[int, int]:
    cm = tab.result.metrics.confusion_matrix
    return max(((i, j) for i in range(4) for j in range(4)), key=lambda ij: cm[ij[0]][ij[1]])


def test_evaluation_shows_metrics_and_card(evaluated: EvaluateTab, context: AppContext) -> None:
    tab = evaluated
    m = tab.result.metrics
    assert m.n == 32
    for key in ("accuracy", "balanced_accuracy", "ece", "uncertain_rate"):
        assert tab.metrics.value_text(key).endswith("%")
    assert tab.metrics.value_text("loss") == f"{m.loss:.3f}"
    assert tab.metrics.table.rowCount() == 4
    assert tab.metrics.table.item(0, 4).text() == "8"  # support of Benign
    assert context.bundle.model_id in tab.card_text.toPlainText()
    assert "Training data" in tab.card_text.toPlainText()
    assert tab.card_text.isReadOnly()
    assert len(tab.figure.axes) == 1 and tab.export_button.isEnabled()
    assert "Evaluated 32" in tab.status.text()


def test_clicking_each_cell_lists_exactly_its_images(evaluated: EvaluateTab) -> None:
    tab = evaluated
    ax = tab.figure.axes[0]
    for i, true in enumerate(CLASSES):
        for j, pred in enumerate(CLASSES):
            tab._on_canvas_clicked(SimpleNamespace(inaxes=ax, xdata=j + 0.3, ydata=i - 0.2))
            shown = {tab.thumbnails.payload(tab.thumbnails.item(k)).path
                     for k in range(tab.thumbnails.count())}
            expected = {p.path for p in tab.result.predictions if p.true == true and p.label == pred}
            assert shown == expected, (true, pred)


def test_real_mouse_event_on_canvas_selects_cell(evaluated: EvaluateTab) -> None:
    tab = evaluated
    tab.canvas.draw()
    i, j = busiest_cell(tab)
    x, y = tab.figure.axes[0].transData.transform((j, i))
    event = MouseEvent("button_press_event", tab.canvas, x, y, button=1)
    tab.canvas.callbacks.process("button_press_event", event)
    assert tab.thumbnails.count() == tab.result.metrics.confusion_matrix[i][j] > 0
    assert f"{len(tab.result.cell(CLASSES[i], CLASSES[j]))} image(s)" in tab.cell_label.text()


def test_click_outside_the_matrix_changes_nothing(evaluated: EvaluateTab) -> None:
    tab = evaluated
    tab._on_canvas_clicked(SimpleNamespace(inaxes=None, xdata=None, ydata=None))
    tab._on_canvas_clicked(SimpleNamespace(inaxes=tab.figure.axes[0], xdata=7.0, ydata=1.0))
    assert tab.thumbnails.count() == 0


def test_activating_thumbnail_opens_detail_dialog(evaluated: EvaluateTab,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    tab = evaluated
    opened: list[ImageDetailDialog] = []
    monkeypatch.setattr(image_detail_dialog.ImageDetailDialog, "exec", lambda self: opened.append(self) or 0)
    i, j = busiest_cell(tab)
    tab.show_cell(CLASSES[i], CLASSES[j])
    item = tab.thumbnails.item(0)
    tab.thumbnails.itemActivated.emit(item)
    assert len(opened) == 1
    dialog = opened[0]
    payload = tab.thumbnails.payload(item)
    assert dialog.result.image() is not None
    assert dialog.result.prediction_view.bars.value(payload.label) == pytest.approx(
        payload.probabilities[payload.label], abs=1e-3)
    plain = dialog.result.image_view.pixmap().toImage()
    dialog.result.heatmap_check.setChecked(True)
    assert dialog.result.image_view.pixmap().toImage() != plain


def test_export_report_writes_files(evaluated: EvaluateTab, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    evaluated.export_button.click()
    for name in ("confusion_matrix.png", "per_class.png", "metrics.json", "predictions.csv", "report.pdf"):
        assert (out / name).stat().st_size > 0, name
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["accuracy"] == pytest.approx(evaluated.result.metrics.accuracy)
    assert metrics["confusion_matrix"] == [list(r) for r in evaluated.result.metrics.confusion_matrix]
    assert list(metrics)[:11] == ["n", "accuracy", "accuracy_ci95", "balanced_accuracy", "macro_f1",
                                  "loss", "ece", "classes", "confusion_matrix", "per_class",
                                  "uncertain_rate"]
    assert set(metrics["per_class"]["Benign"]) == {"precision", "sensitivity", "recall", "specificity",
                                                   "f1", "support", "sensitivity_ci95",
                                                   "specificity_ci95"}
    with open(out / "predictions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 32 and all(r["true"] in CLASSES and r["label"] in CLASSES for r in rows)


def test_manifest_split_is_evaluated(qtbot, tab: EvaluateTab, tiny_dataset: Path, tmp_path: Path) -> None:
    manifest = split_dataset(scan(tiny_dataset), block_size=2, seed=3)
    path = tmp_path / "split.json"
    write_manifest(manifest, path)
    tab.set_data(path)
    assert tab.split_combo.isEnabled() and tab.split_combo.currentText() == "test"
    run_evaluation(qtbot, tab)
    assert tab.result.metrics.n == len(manifest.items("test"))


def test_images_the_model_was_trained_on_are_called_out(qtbot, tab: EvaluateTab,
                                                       context: AppContext) -> None:
    split = context.bundle.path / "split.json"  # the model's own split
    tab.set_data(split)
    run_evaluation(qtbot, tab)  # its test part: held out
    assert tab.seen_label.isHidden()
    tab.result = None
    tab.split_combo.setCurrentText("train")
    run_evaluation(qtbot, tab)
    assert not tab.seen_label.isHidden()
    assert "were used to train this model" in tab.seen_label.text()
    assert tab.seen_label.text().endswith("not a test.")


def test_no_model_disables_evaluate(qtbot, tmp_path: Path, tiny_dataset: Path) -> None:
    ctx = isolated_context(tmp_path)
    ctx.bundle = None
    widget = EvaluateTab(ctx)
    qtbot.addWidget(widget)
    widget.set_data(tiny_dataset)
    assert not widget.evaluate_button.isEnabled()
    assert widget.model_picker.path() is None
    assert "No model" in widget.model_picker.combo.placeholderText()
    widget.start_evaluation()  # does nothing rather than crash
    assert not widget.is_busy()


def test_chosen_model_folder_is_used(qtbot, tab: EvaluateTab, tiny_model: Path, tiny_dataset: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tiny_model))
    tab.model_picker.choose_button.click()
    assert tab.model_picker.path() == tiny_model
    assert tiny_model.name in tab.model_picker.combo.toolTip()
    tab.set_data(tiny_dataset)
    run_evaluation(qtbot, tab)
    assert tab.result.card["id"] in tab.card_text.toPlainText()
