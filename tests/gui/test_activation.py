"""Making a continued model active: an override, asked for and recorded, when it lost more than
a point on its origin's reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.inference.audit import AuditLog
from core.model.bundle import load_bundle
from leukemia_gui import activation
from leukemia_gui.context import AppContext
from tests.core.test_continued_training import _forged_child


def test_a_model_that_forgot_needs_a_reason(context: AppContext, tiny_model: Path, tmp_path: Path,
                                            audit_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    child = _forged_child(tiny_model, tmp_path / "child", 0.97, 0.93)
    asked: list[str] = []
    monkeypatch.setattr(activation, "ask_reason", lambda _w, block: asked.append(block) or "")
    assert activation.activate(None, context, child) is False  # declined: nothing changes
    assert context.bundle.path == tiny_model and "loses 4.0 points" in asked[0]
    assert "activation_override" not in load_bundle(child).card
    monkeypatch.setattr(activation, "ask_reason", lambda _w, block: "checked by the lab")
    assert activation.activate(None, context, child) is True
    assert context.bundle.path == child
    assert context.bundle.card["activation_override"]["reason"] == "checked by the lab"
    assert AuditLog(audit_file).events()[-1]["event"] == "model.activation_override"


def test_a_model_that_kept_its_reference_needs_none(context: AppContext, tiny_model: Path,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    child = _forged_child(tiny_model, tmp_path / "child", 0.97, 0.968)
    monkeypatch.setattr(activation, "ask_reason", lambda *_: pytest.fail("asked for no reason"))
    assert activation.activate(None, context, child) is True and context.bundle.path == child


def test_open_model_asks_too(qtbot, tiny_model: Path, tmp_path: Path,  # noqa: ANN001
                             monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QSettings

    from leukemia_gui.main_window import MainWindow

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("LEUKEMIA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    child = _forged_child(tiny_model, tmp_path / "child", 0.97, 0.90)
    monkeypatch.setattr(activation, "ask_reason", lambda *_: "")
    assert window.open_model(child) is False and window.context.bundle.path != child
    monkeypatch.setattr(activation, "ask_reason", lambda *_: "reviewed")
    assert window.open_model(child) is True and window.context.bundle.path == child
    for tab in window.all_tabs:
        tab.shutdown()
