"""Marking labels from a confusion-matrix cell (Evaluate tab): keys on the thumbnails, their
context menu, and the detail dialog all write the same corrections CSV at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from core.classes import CLASSES
from core.evaluation.result import EvalPrediction
from leukemia_gui.context import AppContext
from leukemia_gui.review_hub import ReviewHub
from leukemia_gui.tabs.evaluate_tab import EvaluateTab
from leukemia_gui.widgets import image_detail_dialog
from tests.gui.test_review_tab import activate, rows

K = Qt.Key


@pytest.fixture
def corrections(tmp_path: Path, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    path = tmp_path / "marks.csv"
    ReviewHub.of(context).set_corrections_path(path)
    return path


@pytest.fixture
def cell(qtbot, open_tab, context: AppContext, tiny_dataset: Path, corrections: Path) -> EvaluateTab:
    """An evaluated tab showing its fullest cell (at least two images), window active."""
    tab = open_tab(EvaluateTab, context, (1366, 720))
    tab.set_data(tiny_dataset)
    tab.start_evaluation()
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.result is not None, timeout=60000)
    cm = tab.result.metrics.confusion_matrix
    i, j = max(((i, j) for i in range(4) for j in range(4)), key=lambda ij: cm[ij[0]][ij[1]])
    assert cm[i][j] >= 2
    tab.show_cell(CLASSES[i], CLASSES[j])
    activate(qtbot, tab)
    tab.thumbnails.setFocus()
    return tab


def payload(tab: EvaluateTab, row: int) -> EvalPrediction:
    return tab.thumbnails.payload(tab.thumbnails.item(row))


def name(tab: EvaluateTab, row: int) -> str:
    return Path(payload(tab, row).path).name


def test_keys_on_the_cell_thumbnails_mark_the_selection(cell: EvaluateTab, corrections: Path) -> None:
    tab = cell
    true = payload(tab, 0).true
    tab.thumbnails.setCurrentRow(0)
    QTest.keyClick(tab.thumbnails, K.Key_3)
    assert rows(corrections) == {name(tab, 0): (true, "Pre")}
    assert tab.thumbnails.item(0).text() == f"✓ Pre · {name(tab, 0)}"
    assert not tab.thumbnails.item(1).text().startswith("✓")
    assert str(corrections) in tab.corrections_label.text() and "Marked Pre: 1 image(s)" in tab.status.text()

    tab.thumbnails.item(1).setSelected(True)  # both selected: one key marks both
    QTest.keyClick(tab.thumbnails, K.Key_X)
    assert rows(corrections) == {name(tab, 0): (true, "exclude"), name(tab, 1): (true, "exclude")}
    assert "2 image(s)" in tab.status.text()
    QTest.keyClick(tab.thumbnails, K.Key_Backspace)
    assert rows(corrections) == {}
    assert tab.thumbnails.item(0).text() == name(tab, 0)


def test_context_menu_marks_the_selected_image(cell: EvaluateTab, corrections: Path) -> None:
    tab = cell
    tab.thumbnails.setCurrentRow(1)
    rect = tab.thumbnails.visualItemRect(tab.thumbnails.item(1))
    tab.thumbnails.customContextMenuRequested.emit(rect.center())
    assert tab.cell_menu.isVisible()
    actions = [a for a in tab.cell_menu.actions() if a.text()]
    assert actions[0].text() == "Mark as Benign (hematogones)\t1"
    assert actions[-1].text() == "Clear correction\tBackspace"
    next(a for a in actions if a.text().startswith("Mark not sure")).trigger()
    tab.cell_menu.hide()
    assert rows(corrections) == {name(tab, 1): (payload(tab, 1).true, "unsure")}


def test_detail_dialog_marks_by_key_and_button(qtbot, cell: EvaluateTab, corrections: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    tab = cell
    opened = []
    monkeypatch.setattr(image_detail_dialog.ImageDetailDialog, "exec", lambda self: opened.append(self) or 0)
    tab.thumbnails.itemActivated.emit(tab.thumbnails.item(0))
    dialog = opened[0]
    qtbot.addWidget(dialog)
    true = payload(tab, 0).true
    activate(qtbot, dialog)
    assert "Not marked" in dialog.correction_label.text()
    assert str(corrections) in dialog.correction_label.text()

    QTest.keyClick(dialog, K.Key_2)
    assert rows(corrections) == {name(tab, 0): (true, "Early")}
    assert dialog.keys.buttons["Early"].isChecked() and not dialog.keys.buttons["Pre"].isChecked()
    assert "Marked Early" in dialog.correction_label.text()
    assert tab.thumbnails.item(0).text().startswith("✓ Early")  # the cell shows it at once

    dialog.keys.buttons["unsure"].click()
    assert rows(corrections) == {name(tab, 0): (true, "unsure")}
    QTest.keyClick(dialog, K.Key_Backspace)
    assert rows(corrections) == {}
    assert not any(b.isChecked() for b in dialog.keys.buttons.values())
    dialog.close()


def test_detail_dialog_without_a_hub_has_no_marking(qtbot, tiny_dataset: Path) -> None:
    p = EvalPrediction(str(tiny_dataset / "Pre" / "WBC-Pre-001.jpg"), "Pre", "Pre", 0.9,
                       {c: 0.25 for c in CLASSES}, False)
    dialog = image_detail_dialog.ImageDetailDialog(p)
    qtbot.addWidget(dialog)
    assert dialog.keys is None and dialog.result.image() is not None
