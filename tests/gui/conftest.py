"""GUI test helpers: isolated settings and tabs that are shut down after each test."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent

from leukemia_gui.context import AppContext
from leukemia_gui.main_window import MainWindow


def isolated_context(tmp_path: Path) -> AppContext:
    """An AppContext whose QSettings live in ``tmp_path`` (never the user's)."""
    return AppContext(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def audit_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The audit log for this test (``LEUKEMIA_AUDIT_LOG``), never the user's."""
    path = tmp_path / "audit" / "audit.jsonl"
    monkeypatch.setenv("LEUKEMIA_AUDIT_LOG", str(path))
    return path


@pytest.fixture
def context(tmp_path: Path, tiny_model: Path, audit_file: Path) -> AppContext:
    """Isolated settings and audit log, with the tiny trained model active."""
    ctx = isolated_context(tmp_path)
    ctx.set_model(tiny_model)
    return ctx


@pytest.fixture
def open_tab(qtbot) -> Callable:
    """``open_tab(TabClass, context, size=None)``: build a tab; it is shut down at teardown."""
    opened = []

    def build(cls: type, context: AppContext, size: tuple[int, int] | None = None):
        widget = cls(context)
        qtbot.addWidget(widget)
        if size:
            widget.resize(*size)
        opened.append(widget)
        return widget

    yield build
    for widget in opened:
        widget.shutdown()


@pytest.fixture
def open_window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audit_file: Path):
    """``open_window()``: a MainWindow with isolated settings, data dir and audit log."""
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    opened: list[MainWindow] = []

    def build() -> MainWindow:
        win = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(win)
        opened.append(win)
        return win

    yield build
    for win in opened:
        for tab in win.all_tabs:
            tab.shutdown()


def drop(target, paths: list[Path]) -> QDropEvent:  # noqa: ANN001
    """Drop ``paths`` (as file URLs) on ``target`` the way a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    target.dropEvent(event)
    return event


def fill_tiny_training(settings, data: Path, out: Path, epochs: int) -> None:  # noqa: ANN001
    """Fill the Train tab's form for a tiny real training: default architecture, 32 px,
    batch 8, ``epochs`` epochs, from ``data`` into ``out``."""
    settings.arch_combo.setCurrentIndex(settings.arch_combo.findData("default"))
    settings.set_data(data)
    settings.epochs_spin.setValue(epochs)
    settings.size_spin.setValue(32)
    settings.batch_spin.setValue(8)
    settings.set_output_dir(out)
