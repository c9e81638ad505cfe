"""Main window: tabs and menus, model status, window-wide drops, closing while work runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from core.progress import Progress, check_stop
from leukemia_gui.about_dialog import AboutDialog
from leukemia_gui.main_window import MainWindow
from tests.gui.conftest import drop

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings: QSettings, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("LEUKEMIA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    win = MainWindow(settings)
    qtbot.addWidget(win)
    yield win
    for tab in win.all_tabs:
        tab.shutdown()



def test_window_has_tabs_menus_and_status(window: MainWindow) -> None:
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs[:4] == ["Dataset", "Train", "Evaluate", "Classify"] and "Review" in tabs
    assert "Compare" in tabs
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "Help"]
    for action in (window.open_model_action, window.open_dataset_action, window.quit_action,
                   window.about_action):
        assert action.text()
    from core.model.bundle import default_model_dir, load_bundle

    # built with defaults, the active model is the shipped one
    assert load_bundle(default_model_dir()).model_id in window.model_label.text()
    assert window.minimumWidth() <= 1200 and window.minimumHeight() <= 700


def test_open_model_updates_status_and_bad_folder_explains(window: MainWindow, tiny_model: Path,
                                                           tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    assert window.open_model(tmp_path / "not-a-model") is False
    assert shown and "cannot be used" in shown[0]
    assert window.open_model(tiny_model)
    assert window.context.bundle.model_id in window.model_label.text()
    assert "test accuracy" in window.model_label.text()
    assert "benchmark" not in window.model_label.text()  # its own test split


def test_about_shows_notice_version_and_citation(window: MainWindow, tiny_model: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: opened.append(self) or 0)
    window.open_model(tiny_model)
    window.about_action.trigger()
    assert opened
    from PySide6.QtWidgets import QLabel

    text = " ".join(label.text() for label in opened[0].findChildren(QLabel))
    assert "Research use only — not for diagnostic use" in text
    assert "Mendeley Data, 2021" in text and "M. Aria" in text
    assert window.context.bundle.model_id in text
    import core

    assert core.__version__ in text


def test_drop_on_the_classify_tab_is_classified(window: MainWindow, tiny_dataset: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    received: list[list[Path]] = []
    monkeypatch.setattr(window.classify_tab, "add_paths", received.append)
    image = next((tiny_dataset / "Pre").iterdir())
    notes = tiny_dataset / "notes.txt"
    notes.write_text("not an image")
    window.tabs.setCurrentWidget(window.classify_tab)
    event = drop(window, [image, notes, tiny_dataset / "Pro"])
    assert event.isAccepted()
    assert window.tabs.currentWidget() is window.classify_tab
    assert received == [[image, tiny_dataset / "Pro"]]


def test_folder_dropped_on_dataset_tab_is_scanned(window: MainWindow, tiny_dataset: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    loaded: list[Path] = []
    monkeypatch.setattr(window.dataset_tab, "load_folder", loaded.append)
    drop(window.dataset_tab, [tiny_dataset])
    assert loaded == [tiny_dataset]


def _slow_train(data, out_dir, config, *, progress, should_stop):
    for i in range(100_000):
        check_stop(should_stop)
        progress(Progress("train", i, 100_000))
        time.sleep(0.01)


def test_close_while_training_asks_then_cancels_and_waits(qtbot, window: MainWindow,
                                                          tiny_dataset: Path, tmp_path: Path,
                                                          settings: QSettings,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.training.train.train", _slow_train)
    window.show()
    window.train_tab.settings.set_data(tiny_dataset)
    window.train_tab.settings.set_output_dir(tmp_path / "never")
    assert window.train_tab.start()
    qtbot.waitUntil(lambda: window.train_tab.task.bar.value() > 0, timeout=30_000)

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kwargs: asked.append(args[1]) or answers.pop(0))
    assert window.close() is False  # "No": keep running
    assert window.train_tab.is_busy() and window.isVisible()
    assert window.close() is True  # "Yes": cancel and wait
    assert len(asked) == 2
    assert not window.train_tab.is_busy()
    assert not (tmp_path / "never").exists()
    assert settings.value("window/geometry") is not None


def test_close_when_idle_does_not_ask(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    window.show()
    assert window.close()


def test_startup_imports_no_tensorflow() -> None:
    code = "import leukemia_gui.main_window, sys; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_screenshot_mode_renders_every_tab(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LEUKEMIA_DATA_DIR": str(tmp_path / "u")}
    out = subprocess.run([sys.executable, "-m", "leukemia_gui", "--screenshot", str(tmp_path / "s"),
                          "--size", "1200x700"], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    shots = sorted(p.name for p in (tmp_path / "s").glob("*.png"))
    assert shots == ["classify.png", "compare.png", "dataset.png", "evaluate.png", "review.png",
                     "train.png"]
    assert all((tmp_path / "s" / name).stat().st_size > 10_000 for name in shots)


def test_uncaught_exception_is_logged_and_shown(qapp, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from leukemia_gui import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    logged: list[str] = []
    monkeypatch.setattr(app.log, "critical", lambda fmt, *args: logged.append(fmt % args))
    app.install_excepthook(tmp_path / "gui.log")
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown and "boom" in shown[0] and "gui.log" in shown[0]
    assert logged and "RuntimeError: boom" in logged[0]


def test_headless_runs_print_errors_instead_of_an_invisible_box(
        qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """--selftest / --screenshot run offscreen: a modal box there would hang the run forever
    (seen with a broken frozen build), so the error is printed and the run fails instead."""
    import threading

    from leukemia_gui import app

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    app.install_excepthook(tmp_path / "gui.log", interactive=False)
    try:
        raise ImportError("libsomething.so: cannot load")
    except ImportError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert shown == []
    assert "ImportError: libsomething.so: cannot load" in capsys.readouterr().err
