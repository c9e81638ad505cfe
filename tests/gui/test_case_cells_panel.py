"""The case panel with a model that reads cells: the percentage of blasts with n and its 95%
interval, updated as fields are excluded or reclassified in the verification dialog; a field
model's case says it has no per-cell classes; both in Spanish too."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings

from leukemia_gui.widgets.case_panel import CasePanel
from tests.core.test_case_cells import cells_predictions
from tests.core.test_case_file import fields as field_model_predictions


def make_panel(qtbot, tmp_path: Path, preds: list, card: dict) -> CasePanel:  # noqa: ANN001
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx = SimpleNamespace(settings=settings, audit_path=tmp_path / "audit.jsonl",
                          bundle=SimpleNamespace(model_id="cells-1", checksum="c", card=card))
    panel = CasePanel(ctx, lambda: preds)
    qtbot.addWidget(panel)
    panel.case_id.setText("PT-C")
    panel.operator.setText("Ana")
    panel.new_case(tmp_path / "cases")
    panel.add_results()
    return panel


def test_panel_shows_blasts_and_follows_the_review(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    panel = make_panel(qtbot, tmp_path, cells_predictions(tmp_path), {"architecture": "cells"})
    assert panel.case.model["architecture"] == "cells"
    # included fields 0, 1, 2, 3, 6: 59 cells, 45 blasts (tests/core/test_case_cells.py)
    assert panel.blasts.text() == "Blasts 76.3 % (45 of 59 cells; 95 % CI 64.0–85.3 %)"
    assert "Cells per class: Benign 14, Early 4, Pre 40, Pro 1 (59 in 5 included field(s))" \
        in panel.cell_notes.text()
    assert "2 cell(s) beyond the model's limit" in panel.cell_notes.text()
    assert "Per class: Benign 1 field(s); Early 1 field(s); Pre 3 field(s)" in panel.status.text()

    dialog = panel.review_dialog(every_field=True)
    qtbot.addWidget(dialog)
    dialog.go(dialog.queue.index(3))
    assert "The model's class of each cell: Benign 5, Early 1 (1 blasts)" in dialog.info.text()
    assert dialog.image.box_count() == 6  # the field's stored cells, as boxes on its image
    dialog.reason.setEditText("smudged")
    assert dialog.act("exclude")
    assert panel.blasts.text() == "Blasts 83.0 % (44 of 53 cells; 95 % CI 70.8–90.8 %)"
    dialog.go(dialog.queue.index(2))
    dialog.reason.setEditText("hematogones by eye")
    assert dialog.act("reclassify", "Benign")
    assert panel.blasts.text().startswith("Blasts 83.0 % (44 of 53 cells")  # cells as read
    assert ("8 of the cells (4 blasts) are in 1 reclassified field(s): counted as the model "
            "classified them") in panel.cell_notes.text()

    if os.environ.get("CASE_PANEL_PNG"):  # a look at the panel: CASE_PANEL_PNG=out.png
        panel.resize(900, 260)
        panel.grab().save(os.environ["CASE_PANEL_PNG"])


def test_panel_of_a_field_model_says_there_are_no_cell_classes(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    panel = make_panel(qtbot, tmp_path, field_model_predictions(tmp_path), {"architecture": "default"})
    assert panel.blasts.text() == "Blasts: not available (this model classifies whole fields, not cells)"
    assert "0 %" not in panel.blasts.text() and panel.cell_notes.text() == ""
    assert "Per class: Early 2 field(s), 3 cells" in panel.status.text()


@pytest.fixture
def spanish(qapp):  # noqa: ANN001, ANN201
    from leukemia_gui import i18n

    assert i18n.install_translator(qapp, "es")
    yield
    i18n.install_translator(qapp, "en")


def test_panel_blasts_in_spanish(qtbot, tmp_path: Path, spanish) -> None:  # noqa: ANN001
    panel = make_panel(qtbot, tmp_path, cells_predictions(tmp_path), {"architecture": "cells"})
    assert panel.blasts.text() == "Blastos 76,3 % (45 de 59 células; IC 95 % 64,0–85,3 %)"
    assert "Células por clase" in panel.cell_notes.text()
    plain = make_panel(qtbot, tmp_path / "plain", field_model_predictions(tmp_path / "plain"),
                       {"architecture": "default"})
    assert plain.blasts.text().startswith("Blastos: no disponible")
