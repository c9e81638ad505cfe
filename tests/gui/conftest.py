"""GUI test helpers: isolated settings and tabs that are shut down after each test."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from PySide6.QtCore import QSettings

from leukemia_gui.context import AppContext


def isolated_context(tmp_path: Path) -> AppContext:
    """An AppContext whose QSettings live in ``tmp_path`` (never the user's)."""
    return AppContext(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


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
