"""What the window shows must be true (issue #20): no class for a field unlike the training
images, drops go to the tab shown, exports never overwrite silently, the active model is named,
tiny parts are said to be tiny."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from core.model.bundle import default_model_dir
from core.inference.flags import Flag
from core.inference.predictor import Classified
from core.inference.result import Prediction
from leukemia_gui.tabs.classify_tab import ClassifyTab
from tests.gui.conftest import drop, isolated_context

CLASS_NAMES = ("Benign", "Early Pre-B", "Pre-B", "Pro-B")


@pytest.fixture
def portrait(tmp_path: Path) -> Path:
    import matplotlib

    src = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    if not src.is_file():
        pytest.skip("matplotlib's sample portrait is not installed")
    out = tmp_path / "portrait.jpg"
    out.write_bytes(src.read_bytes())
    return out


@pytest.fixture
def shipped_tab(open_tab, tmp_path: Path, audit_file: Path) -> ClassifyTab:
    ctx = isolated_context(tmp_path)
    ctx.set_model(default_model_dir())
    return open_tab(ClassifyTab, ctx, (1200, 700))


def test_portrait_dropped_on_classify_gets_no_class(shipped_tab: ClassifyTab, portrait: Path,
                                                   tmp_path: Path, monkeypatch) -> None:
    drop(shipped_tab, [portrait])
    view = shipped_tab.result.prediction_view
    # the portrait has no white cell either, and that reason comes first
    assert view.class_label.text() in ("No result", "No white cell found")
    shown = view.class_label.text() + view.detail_label.text()
    assert not any(name in shown for name in CLASS_NAMES) and "%" not in shown
    assert view.badge_visible() and "UNCERTAIN" in view.badge.text()
    assert not view.why_label.isHidden() and "confidence" in view.why_label.text()
    assert view.bars.value("Benign") == 0  # no bars pointing at a class
    name, cls, conf, unc, cells, reason = shipped_tab.table.row_texts(0)
    assert cls == "no result" and conf == "" and unc == "yes" and "unlike" in reason
    out = tmp_path / "export.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    shipped_tab.export_button.click()
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["label"] == "" and row["confidence"] == "" and row["full_name"] == ""
    assert row["reason"].startswith("no result") and row["p_Benign"] == ""


def test_low_confidence_field_keeps_its_class_marked_uncertain(shipped_tab: ClassifyTab,
                                                               tmp_path: Path, monkeypatch) -> None:
    weak = Prediction("x", "Pre", {"Benign": 0.3, "Early": 0.1, "Pre": 0.45, "Pro": 0.15}, 0.45,
                      True, (Flag.LOW_CONFIDENCE,), top_class="Pre")
    monkeypatch.setattr(shipped_tab.context.predictor(), "classify", lambda source, path=None: Classified(weak))
    sample = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").iterdir())[0]
    shipped_tab.add_paths([sample])
    view = shipped_tab.result.prediction_view
    assert view.class_label.text() == "Pre-B ALL" and "45.0 %" in view.detail_label.text()
    assert view.badge_visible() and "low confidence" in view.badge.text()
    assert view.why_label.isHidden()


# ---------------------------------------------------------------- tiny parts (item 2)


def tiny_part_train(data, out_dir, config, *, progress, should_stop):
    """Stands in for core.training.train.train: 4 validation images, no test part; the last epoch's
    validation accuracy is 25%, the kept (epoch 2) model's 75%."""
    import numpy as np

    from core.evaluation.metrics import compute_metrics
    from core.progress import Progress
    from core.training.train import TrainResult

    counts = {"train": {"Benign": 10, "Early": 10, "Pre": 10, "Pro": 10},
              "val": {"Benign": 1, "Early": 1, "Pre": 1, "Pro": 1},
              "test": {"Benign": 0, "Early": 0, "Pre": 0, "Pro": 0}}
    progress(Progress("train", 0, 30, "loading images", {"split_counts": counts}))
    history = {"loss": [1.2, 0.9, 0.8], "accuracy": [0.4, 0.6, 0.7],
               "val_loss": [1.3, 0.7, 1.4], "val_accuracy": [0.25, 0.75, 0.25]}
    for e in range(3):
        progress(Progress("epoch", e + 1, 3, "", {k: v[e] for k, v in history.items()}))
    val = compute_metrics(np.array([0, 1, 2, 3]), np.eye(4)[[0, 1, 2, 0]])  # 3 of 4 right
    card = {"training": {"best_epoch": 2, "epochs_run": 3}, "metrics": {"val": val}}
    Path(out_dir).mkdir(parents=True)
    return TrainResult(Path(out_dir), history, {"val": val}, 1.0, False, 3, card)


def test_tiny_validation_part_is_said_to_be_too_small_and_plot_matches(
        qtbot, open_tab, tmp_path: Path, tiny_dataset: Path, monkeypatch) -> None:
    from leukemia_gui.tabs.train_tab import TrainTab

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setattr("core.training.train.train", tiny_part_train)
    monkeypatch.setattr("leukemia_gui.tabs.train_tab.check_outputs", lambda *a, **k: None)
    tab = open_tab(TrainTab, isolated_context(tmp_path))
    tab.settings.set_data(tiny_dataset)
    tab.settings.set_output_dir(tmp_path / "m")
    assert tab.start()
    qtbot.waitUntil(lambda: tab.result is not None, timeout=30_000)
    text = tab.result_label.text()
    assert "Validation accuracy 75.0% (3 of 4, 95% CI" in text
    assert "too small to estimate" in text and "fewer than 30" in text
    assert "Test accuracy: no images" in text and "epoch 2 was kept" in text
    assert "val_accuracy 25.0 % (n=4)" in tab.log.toPlainText()
    assert "4 validation, 0 test image(s)" in tab.log.toPlainText()
    # the plot shows the kept model's figure, the same number as the summary
    ax = tab.canvas.figure.axes[0]
    star = [x for x in ax.lines if x.get_label().startswith("saved model")]
    assert len(star) == 1 and list(star[0].get_xdata()) == [2]
    assert list(star[0].get_ydata()) == [pytest.approx(0.75)]
    assert "75.0% (n=4)" in star[0].get_label()


# ---------------------------------------------------------------- drops (item 6)


def test_drops_go_to_the_tab_shown_and_only_classify_classifies(
        open_window, tiny_dataset: Path, monkeypatch) -> None:
    win = open_window()
    classified: list = []
    scanned: list = []
    monkeypatch.setattr(win.classify_tab, "add_paths", classified.append)
    monkeypatch.setattr(win.dataset_tab, "load_folder", scanned.append)
    image = next((tiny_dataset / "Pre").iterdir())

    win.tabs.setCurrentWidget(win.dataset_tab)
    drop(win, [tiny_dataset])
    assert scanned == [tiny_dataset] and classified == []
    win.tabs.setCurrentWidget(win.train_tab)
    drop(win, [tiny_dataset])
    assert win.train_tab.settings.data_path() == tiny_dataset and classified == []
    assert win.tabs.currentWidget() is win.train_tab
    assert "Nothing was classified" in win.statusBar().currentMessage()
    win.tabs.setCurrentWidget(win.evaluate_tab)
    drop(win, [tiny_dataset])
    assert win.evaluate_tab._data == tiny_dataset and classified == []
    win.tabs.setCurrentWidget(win.compare_tab)
    drop(win, [tiny_dataset])
    assert win.compare_tab._data == tiny_dataset and classified == []
    for tab in (win.train_tab, win.review_tab):  # image files: not classified, said so
        win.tabs.setCurrentWidget(tab)
        drop(win, [image])
        assert classified == [] and "Classify tab" in win.statusBar().currentMessage()
    win.tabs.setCurrentWidget(win.classify_tab)
    drop(win, [tiny_dataset / "Pro", image])
    assert classified == [[tiny_dataset / "Pro", image]]


# ---------------------------------------------------------------- exports (item 7)


def test_export_csv_asks_before_overwriting(shipped_tab: ClassifyTab, tmp_path: Path,
                                            monkeypatch) -> None:
    import leukemia_gui.export_paths as ep

    sample = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").iterdir())[0]
    shipped_tab.add_paths([sample])
    out = tmp_path / "results.csv"
    out.write_text("precious\n")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    asked: list[str] = []
    for answer in (None, ep.KEEP_BOTH, ep.KEEP_BOTH):
        monkeypatch.setattr(ep, "ask_replace", lambda p, w, e, a=answer: asked.append(e) or a)
        shipped_tab.export_button.click()
    assert out.read_text() == "precious\n" and len(asked) == 3
    assert "cancelled" not in shipped_tab.status.text()
    assert (tmp_path / "results (2).csv").is_file() and (tmp_path / "results (3).csv").is_file()
    monkeypatch.setattr(ep, "ask_replace", lambda *a: ep.REPLACE)
    shipped_tab.export_button.click()
    assert out.read_text().startswith("path,")
    # a name without .csv gets it, and is checked under that name
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "results"), ""))
    monkeypatch.setattr(ep, "ask_replace", lambda *a: None)
    before = out.read_text()
    shipped_tab.export_button.click()
    assert out.read_text() == before and not (tmp_path / "results").exists()
    assert "cancelled" in shipped_tab.status.text()


def test_the_question_defaults_to_keeping_both(qtbot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    import leukemia_gui.export_paths as ep

    def press_enter() -> None:
        box = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMessageBox) and w.isVisible())
        assert "already exists" in box.text()
        box.defaultButton().click()

    QTimer.singleShot(200, press_enter)
    assert ep.ask_replace(None, "results file", "/tmp/x.csv") == ep.KEEP_BOTH


def test_export_report_into_a_folder_with_a_report_asks(open_tab, tmp_path: Path, context,
                                                        monkeypatch) -> None:
    import numpy as np

    import leukemia_gui.export_paths as ep
    from core.evaluation.evaluate import EvalResult
    from core.evaluation.metrics import Metrics
    from leukemia_gui.tabs.evaluate_tab import EvaluateTab

    tab = open_tab(EvaluateTab, context)
    m = Metrics.compute(np.arange(4).repeat(8), np.eye(4)[np.arange(4).repeat(8)], uncertain_rate=0.0)
    tab.result = EvalResult(m, (), (), {"id": "x"}, str(tmp_path / "data"), 0.1)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "metrics.json").write_text("old")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(ep, "ask_replace", lambda *a: None)
    tab._on_export_button_clicked()
    assert (folder / "metrics.json").read_text() == "old" and "cancelled" in tab.status.text()
    monkeypatch.setattr(ep, "ask_replace", lambda *a: ep.KEEP_BOTH)
    tab._on_export_button_clicked()
    assert (folder / "metrics.json").read_text() == "old", tab.status.text()
    new = [d for d in folder.iterdir() if d.is_dir()]
    assert len(new) == 1 and (new[0] / "metrics.json").is_file() and str(new[0]) in tab.status.text()


# ---------------------------------------------------------------- the active model (item 3)


def test_window_says_plainly_when_the_model_is_not_the_shipped_one(
        open_window, tiny_model: Path) -> None:
    import json

    win = open_window()
    assert win.context.is_shipped_model() and win.model_banner.isHidden()
    win.context.set_model(tiny_model)
    later = open_window()  # after a restart the trained model is still active: still said
    for w in (win, later):
        assert not w.model_banner.isHidden()
        text = w.model_banner_label.text()
        card = json.loads((tiny_model / "model.json").read_text())
        assert "Not the shipped model" in text and "not been" in text and "validated" in text
        assert card["id"] in text and card["created"][:10] in text
        assert "40 images from" in text and card["dataset"]["root"] in text
    later.shipped_button.click()  # one click back
    assert later.context.is_shipped_model() and later.model_banner.isHidden()
    assert later.context.bundle.path == default_model_dir()


# ---------------------------------------------------------------- resume (item 5)


def resumed_fake_train(data, out_dir, config, *, progress, should_stop):
    """Stands in for a resumed core.training.train.train: epochs 3 and 4 of 4, then the full history."""
    from core.progress import Progress, check_stop
    from core.training.train import TrainResult

    hist = {"loss": [1.0, 0.8, 0.6, 0.5], "accuracy": [0.5, 0.6, 0.7, 0.8],
            "val_loss": [1.1, 0.9, 0.7, 0.6], "val_accuracy": [0.4, 0.5, 0.6, 0.7]}
    for e in (2, 3):
        check_stop(should_stop)
        progress(Progress("epoch", e + 1, 4, "", {k: v[e] for k, v in hist.items()}))
    card = {"training": {"best_epoch": 4, "epochs_run": 4, "resumed": True}, "metrics": {}}
    return TrainResult(Path(out_dir), hist, {"val": {}}, 1.0, False, 4, card)


def test_resume_continues_the_plot_and_says_what_was_kept(
        qtbot, open_tab, tmp_path: Path, tiny_dataset: Path, monkeypatch) -> None:
    import json

    import numpy as np

    from core.training.loop import Backup, default_backup_dir
    from leukemia_gui.tabs.train_tab import INTERRUPTED_KEY, TrainTab

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    out = tmp_path / "models" / "m"
    out.parent.mkdir(parents=True)
    Backup(default_backup_dir(out), "sig", {"epochs": 4, "image_size": 32, "batch_size": 8},
           4).save({"epochs_done": 2, "history": {"loss": [1.0, 0.8], "accuracy": [0.5, 0.6],
                                                  "val_loss": [1.1, 0.9],
                                                  "val_accuracy": [0.4, 0.5]}},
                   {"w0": np.zeros(1)})
    ctx = isolated_context(tmp_path)
    ctx.settings.setValue(INTERRUPTED_KEY, json.dumps({"data": str(tiny_dataset), "out": str(out)}))
    tab = open_tab(TrainTab, ctx)
    # cancelled before any new epoch: the wording says exactly what the backup keeps
    monkeypatch.setattr("core.training.train.train", lambda *a, should_stop, **k: (
        __import__("time").sleep(0.2), __import__("core.progress").progress.check_stop(lambda: True)))
    assert tab.resume()
    assert tab.history["loss"] == [1.0, 0.8] and tab.canvas.has_lines()  # the kept epochs
    log = tab.log.toPlainText()
    assert "epochs 1-2 of 4 were kept" in log and "continues at epoch 3" in log
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    text = tab.result_label.text()
    assert "No model was saved" in text and "keeps epochs 1-2 of 4" in text
    assert "continues at epoch 3" in text and "nothing was saved" not in text.lower()
    # resumed for real: the plot goes on from epoch 3
    monkeypatch.setattr("core.training.train.train", resumed_fake_train)
    assert tab.resume()
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    assert tab.history["loss"] == [1.0, 0.8, 0.6, 0.5]
    line = next(x for x in tab.canvas.figure.axes[1].lines if x.get_label() == "train")
    assert list(line.get_xdata()) == [1, 2, 3, 4]


def test_no_heatmap_for_an_image_with_no_result(shipped_tab: ClassifyTab, portrait: Path) -> None:
    sample = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").iterdir())[0]
    shipped_tab.add_paths([sample])
    assert shipped_tab.result.heatmap_check.isEnabled()
    shipped_tab.add_paths([portrait])
    check = shipped_tab.result.heatmap_check
    assert not check.isEnabled() and "no result" in check.toolTip()
    shipped_tab.table.selectRow(0)  # back to the smear field: the heatmap is offered again
    assert shipped_tab.result.heatmap_check.isEnabled()
