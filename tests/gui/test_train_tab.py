"""Train tab: a real tiny run reaches the plot and saves a bundle; cancel stops a fake run."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from core.model.architectures import DEFAULTS
from core.progress import Progress, check_stop
from leukemia_gui.tabs.train_tab import TrainTab
from tests.gui.conftest import fill_tiny_training, isolated_context


@pytest.fixture
def tab(open_tab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TrainTab:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    return open_tab(TrainTab, isolated_context(tmp_path))


def slow_fake_train(data, out_dir, config, *, progress, should_stop):
    """Stands in for core.training.train.train: reports batches and epochs until asked to stop."""
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


def test_the_shipped_architecture_is_offered_first_and_preselected(tab: TrainTab) -> None:
    from core.model.architectures import ARCHITECTURES, RECOMMENDED

    s = tab.settings
    assert s.arch_combo.itemData(0) == RECOMMENDED and s.arch == RECOMMENDED
    assert sorted(s.arch_combo.itemData(i) for i in range(s.arch_combo.count())) == sorted(ARCHITECTURES)
    assert s.arch_combo.itemText(0).endswith(", recommended")
    assert not any(s.arch_combo.itemText(i).endswith("recommended") for i in range(1, s.arch_combo.count()))


def test_resolved_settings_are_shown_before_start(tab: TrainTab) -> None:
    """What Start will train, resolved once as the run uses it (augmentation and schedule
    included, which the form does not ask for), follows every edit."""
    s = tab.settings
    s.arch_combo.setCurrentIndex(s.arch_combo.findData("default"))
    d = DEFAULTS["default"]
    text = tab.summary_label.text()
    assert text.startswith("Will train: 'default'") and f"{d.epochs} epoch(s)" in text
    assert f"augmentation {d.augment}" in text and f"schedule {d.schedule}" in text
    s.epochs_spin.setValue(3)
    assert "3 epoch(s)" in tab.summary_label.text()
    assert not tab.is_busy()


def test_start_without_data_explains(tab: TrainTab, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr("leukemia_gui.tabs.train_tab.QMessageBox.warning",
                        lambda *args: shown.append(args[2]))
    assert tab.start() is False
    assert shown and "Choose" in shown[0]
    assert not tab.is_busy()


def test_real_tiny_training_plots_saves_and_can_be_used(qtbot, tab: TrainTab, tiny_dataset: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "models" / "tiny"
    fill_tiny_training(tab.settings, tiny_dataset, out, epochs=2)
    assert tab.start()
    worker = tab.worker
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
    monkeypatch.setattr("core.training.train.train", slow_fake_train)
    tab.settings.set_data(tiny_dataset)
    out = tmp_path / "never"
    tab.settings.set_output_dir(out)
    assert tab.start()
    qtbot.waitUntil(tab.canvas.has_lines, timeout=30_000)  # epoch reports reached the plot
    assert "left" in tab.eta_label.text()
    assert not tab.settings.isEnabled()
    with qtbot.waitSignal(tab.worker.cancelled, timeout=30_000):
        tab.task.cancel_button.click()
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    assert not out.exists()
    assert "No model was saved" in tab.result_label.text()
    assert tab.settings.isEnabled() and tab.start_button.isEnabled()
    assert not tab.use_button.isEnabled()


# ---------------------------------------------------------------- the learning loop


@pytest.fixture
def loop_tab(open_tab, context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TrainTab:
    """The Train tab with the tiny model active (the parent to continue from)."""
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    return open_tab(TrainTab, context)


def test_continue_from_active_model_with_corrections(qtbot, loop_tab: TrainTab, tiny_model: Path,
                                                     tiny_dataset: Path, tmp_path: Path) -> None:
    from core.data.corrections import CorrectionsFile
    from core.data.images import sha256_file
    from core.model.bundle import load_bundle

    tab, s = loop_tab, loop_tab.settings
    parent = load_bundle(tiny_model)
    cf = CorrectionsFile(tmp_path / "corrections.csv")
    cf.set(tiny_dataset / "Benign" / "WBC-Benign-001.jpg", "Benign", "Early", who="t")
    stale = tiny_dataset / "Pre" / "WBC-Pre-003.jpg"
    cf.set(stale, "Pre", "Pro", who="t")
    stale.write_bytes(stale.read_bytes() + b"\0")  # the image changed after it was corrected
    s.set_data(tiny_dataset)
    s.set_corrections(cf.path)
    s.set_continue(True)
    # inherited from the parent: architecture and image size are fixed, a tenth of its rate
    assert not s.arch_combo.isEnabled() and not s.size_spin.isEnabled()
    assert s.size_spin.value() == 32 and parent.model_id in s.parent_note.text()
    assert s.lr_spin.value() == pytest.approx(parent.card["training"]["learning_rate"] / 10)
    s.epochs_spin.setValue(1)
    out = tmp_path / "child"
    s.set_output_dir(out)
    assert tab.start()
    with qtbot.waitSignal(tab.worker.succeeded, timeout=300_000):
        pass
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    card = load_bundle(out).card
    assert card["parent"]["id"] == parent.model_id
    assert card["parent"]["checksum"] == parent.checksum
    assert card["corrections"]["sha256"] == sha256_file(cf.path)
    assert card["corrections"]["counts"] == {"relabelled": 1, "stale": 1}
    assert card["input_shape"] == [32, 32, 3] and card["training"]["epochs_run"] == 1
    # the report names the stale entry, in the result box and the log
    text = tab.result_label.text()
    assert parent.model_id in text and "1 relabelled, 1 stale" in text
    assert "Skipped 1 correction" in text and stale.name in text
    assert f"correction stale: {stale}" in tab.log.toPlainText()
    # the new model is remembered (Compare's default model B) but not yet active
    assert tab.context.last_trained() == out
    assert tab.context.bundle.path == tiny_model and tab.use_button.isEnabled()


def test_mismatched_parent_is_refused_with_cores_message(loop_tab: TrainTab, tiny_model: Path,
                                                         tiny_dataset: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    import shutil

    forged = tmp_path / "other-recipe"
    shutil.copytree(tiny_model, forged)
    card = json.loads((forged / "model.json").read_text())
    card["architecture"] = "resnet50"  # usable for prediction, not trainable by this app
    from core.model.bundle import stamp_card

    (forged / "model.json").write_text(json.dumps(stamp_card(card)))  # hashes consistent
    tab, s = loop_tab, loop_tab.settings
    tab.context.set_model(forged)
    shown: list[str] = []
    monkeypatch.setattr("leukemia_gui.tabs.train_tab.QMessageBox.warning",
                        lambda *args: shown.append(args[2]))
    s.set_data(tiny_dataset)
    s.set_continue(True)
    assert "'resnet50' cannot be fine-tuned here" in s.parent_note.text()
    out = tmp_path / "never"
    s.set_output_dir(out)
    assert tab.start() is False
    assert len(shown) == 1 and "'resnet50' cannot be fine-tuned here" in shown[0]
    assert "Traceback" not in shown[0]
    assert not tab.is_busy() and not out.exists()
    assert "Refused" in tab.log.toPlainText()
    # from scratch the same settings are fine again
    s.set_continue(False)
    assert s.arch_combo.isEnabled() and s.config().from_model is None


def test_unreadable_corrections_file_is_refused(loop_tab: TrainTab, tiny_dataset: Path,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr("leukemia_gui.tabs.train_tab.QMessageBox.warning",
                        lambda *args: shown.append(args[2]))
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n")
    loop_tab.settings.set_data(tiny_dataset)
    loop_tab.settings.set_corrections(bad)
    assert loop_tab.start() is False
    assert shown and "not a corrections file" in shown[0] and not loop_tab.is_busy()


def test_export_corrected_copy_runs_in_worker(qtbot, loop_tab: TrainTab, tiny_dataset: Path,
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from core.data.corrections import CorrectionsFile

    cf = CorrectionsFile(tmp_path / "corrections.csv")
    cf.set(tiny_dataset / "Pro" / "WBC-Pro-002.jpg", "Pro", "exclude", who="t")
    loop_tab.settings.set_data(tiny_dataset)
    loop_tab.settings.set_corrections(cf.path)
    target = tmp_path / "exports"
    (target / "something-else").mkdir(parents=True)  # not empty: a named subfolder is made
    monkeypatch.setattr("leukemia_gui.tabs.train_export.QFileDialog.getExistingDirectory",
                        lambda *args: str(target))
    loop_tab.settings.export_button.click()
    assert loop_tab.worker is not None
    qtbot.waitUntil(lambda: not loop_tab.is_busy() and "Corrected copy" in loop_tab.log.toPlainText(),
                    timeout=60_000)
    (copy,) = [p for p in target.iterdir() if p.name != "something-else"]
    assert copy.name.startswith("data-corrected-")
    assert len(list((copy / "Pro").iterdir())) == 7 and len(list((copy / "Benign").iterdir())) == 8
    assert (copy / "corrections_report.json").is_file()
    assert "1 excluded" in loop_tab.log.toPlainText()
    assert (tiny_dataset / "Pro" / "WBC-Pro-002.jpg").is_file()  # the source is only read
    assert "Corrected copy written" in loop_tab.task.label.text()


def test_review_tabs_corrections_file_is_one_click(loop_tab: TrainTab, tiny_dataset: Path,
                                                   tmp_path: Path) -> None:
    from leukemia_gui.review_hub import ReviewHub

    hub = ReviewHub.of(loop_tab.context)
    hub.set_corrections_path(tmp_path / "reviewed.csv")
    hub.mark(tiny_dataset / "Pre" / "WBC-Pre-001.jpg", "Pre", "Pro")
    loop_tab.settings.review_file_button.click()
    assert loop_tab.settings.config().corrections == str(tmp_path / "reviewed.csv")


def test_interrupted_training_can_be_resumed(qtbot, tab: TrainTab, open_tab, tiny_dataset: Path,
                                             tmp_path: Path) -> None:
    """Cancel a real tiny training after an epoch: the epoch backup is kept, a Train tab opened
    later (as after a restart) offers to resume it, and resuming ends with a bundle whose card
    says it resumed."""
    from core.model.bundle import load_bundle

    assert tab.resume_button.isHidden()
    out = tmp_path / "models" / "resumable"
    fill_tiny_training(tab.settings, tiny_dataset, out, epochs=6)
    assert tab.start()
    qtbot.waitUntil(lambda: len(tab.history["loss"]) >= 1, timeout=300_000)
    with qtbot.waitSignal(tab.worker.cancelled, timeout=60_000):
        tab.task.cancel_button.click()
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    assert not out.exists()
    assert not tab.resume_button.isHidden() and "after epoch" in tab.resume_button.text()
    assert "Resume interrupted training" in tab.log.toPlainText()

    later = open_tab(TrainTab, tab.context)  # the app opened again
    data, found_out, info = later.interrupted()
    assert (data, found_out) == (tiny_dataset, out) and 1 <= info.epochs_done < 6
    assert not later.resume_button.isHidden()
    later.resume_button.click()
    with qtbot.waitSignal(later.worker.succeeded, timeout=300_000):
        pass
    qtbot.waitUntil(lambda: later.result is not None, timeout=10_000)
    card = load_bundle(out).card
    assert card["training"]["resumed"] is True
    assert "Resuming from the epoch backup" in later.log.toPlainText()
    assert later.interrupted() is None and later.resume_button.isHidden()
