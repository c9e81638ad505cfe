"""Verifying a case in the app: the flagged fields by keyboard (accept, reclassify, exclude,
each saved at once and in the audit log with the case id), the image large, "1 of 2"; signing
(refused when every field is excluded), read-only once signed, a new version; printing the
report (to a PDF file offscreen: A4 sheets, one per page)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from core.cases.store import load_case
from core.cases.validation import CaseError
from core.inference.audit import AuditLog, verify_log
from leukemia_gui.widgets.case_panel import CasePanel
from leukemia_gui.widgets.report_printer import a4_printer
from tests.core.test_case_file import fields

K = Qt.Key


@pytest.fixture
def panel(qtbot, tmp_path: Path) -> CasePanel:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx = SimpleNamespace(settings=settings, audit_path=tmp_path / "audit.jsonl",
                          bundle=SimpleNamespace(model_id="m-1", checksum="c", card={}))
    preds = fields(tmp_path)  # two confident fields, one uncertain, one with no result
    widget = CasePanel(ctx, lambda: preds)
    qtbot.addWidget(widget)
    widget.case_id.setText("PT-9")
    widget.operator.setText("Ana")
    widget.new_case(tmp_path / "cases")
    assert widget.add_results() == 4
    return widget


def activate(qtbot, widget) -> None:  # noqa: ANN001
    """Shortcuts only fire in the active window."""
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())


def test_flagged_fields_are_verified_by_keyboard_and_saved_at_once(qtbot, panel: CasePanel) -> None:  # noqa: ANN001
    dialog = panel.review_dialog()
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    assert [panel.case.fields[i].name for i in dialog.queue] == ["glass.png", "field-2.png"]
    assert dialog.progress.text().startswith("Field 1 of 2 · 0 decided, 2 to go")
    assert dialog.image.pixmap() is not None and not dialog.image.pixmap().isNull()
    assert "no result" in dialog.info.text()

    QTest.keyClick(dialog.image, K.Key_X)  # exclude: a reason is asked for first
    assert dialog.pending == ("exclude", None) and dialog.reason.lineEdit().hasFocus()
    assert panel.case.fields[3].review is None
    QTest.keyClicks(dialog.reason.lineEdit(), "glass, no cells")
    QTest.keyClick(dialog.reason.lineEdit(), K.Key_Return)
    assert panel.case.fields[3].review["action"] == "exclude"
    assert load_case(panel.case.path).fields[3].review["reason"] == "glass, no cells"  # saved
    assert dialog.progress.text().startswith("Field 2 of 2 · 1 decided, 1 to go")

    QTest.keyClick(dialog.image, K.Key_1)  # reclassify as Benign: reason, then Esc cancels
    QTest.keyClick(dialog.reason.lineEdit(), K.Key_Escape)
    assert dialog.pending is None and dialog.isVisible() and panel.case.fields[2].review is None
    dialog.reason.setEditText("re-read at 100x")
    QTest.keyClick(dialog.image, K.Key_2)  # with a reason typed, saved at once
    assert panel.case.fields[2].review["label"] == "Early"
    QTest.keyClick(dialog.image, K.Key_Left)
    assert dialog.pos == 0
    QTest.keyClick(dialog.image, K.Key_A)  # accept the no-result field instead: changed
    assert panel.case.fields[3].review["action"] == "accept" and panel.case.unreviewed() == []

    events = [(e["event"], e.get("action")) for e in AuditLog(panel.context.audit_path).events("PT-9")]
    assert events[-3:] == [("case.review", "exclude"), ("case.review", "reclassify"),
                           ("case.review", "accept")]
    assert verify_log(panel.context.audit_path).ok
    assert "Per class: Early 3 field(s), 6 cells" in panel.status.text()


def test_signing_read_only_second_signature_and_new_version(qtbot, panel: CasePanel,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    for i in range(4):
        panel.case.review_field(i, "exclude", reason="smudged")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    panel._guarded(lambda: panel.sign("Ana"))  # every field excluded: refused, said why
    assert warnings and "every field is excluded" in warnings[0] and not panel.case.signed
    with pytest.raises(CaseError):
        panel.sign("Ana")
    panel.case.review_field(0, "accept")
    panel.sign("Ana")
    assert not panel.review_button.isEnabled() and not panel.add_button.isEnabled()
    assert panel.version_button.isEnabled() and panel.sign_button.text() == "Second signature…"
    dialog = panel.review_dialog()  # opened anyway: nothing can be changed
    qtbot.addWidget(dialog)
    assert not dialog.accept_button.isEnabled() and not dialog.act("accept")
    assert "read-only" in dialog.progress.text()
    panel.sign("Dr Second")
    assert [s["name"] for s in panel.case.signatures] == ["Ana", "Dr Second"]
    assert not panel.sign_button.isEnabled()
    panel.new_version("field 2 re-read")
    assert panel.case.version == 2 and not panel.case.signed and panel.review_button.isEnabled()
    reopened = load_case(panel.case.path)
    assert reopened.previous_versions[0]["signatures"][1]["name"] == "Dr Second"


def test_the_report_prints_on_a4_one_sheet_per_page(panel: CasePanel, tmp_path: Path) -> None:
    pages = panel.report_pages()
    out = tmp_path / "printed.pdf"
    assert panel.print_report(a4_printer(str(out))) == len(pages) >= 2
    data = out.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) == len(pages)
    assert all(round(float(w)) == 595 and round(float(h)) == 842 for w, h in boxes)
    assert panel.case.trail[-1]["event"] == "print"
    assert AuditLog(panel.context.audit_path).events("PT-9")[-1]["event"] == "case.print"


def test_save_pdf_never_replaces_a_report_without_asking(qtbot, panel: CasePanel, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QFileDialog

    from leukemia_gui import export_paths

    target = tmp_path / "old.pdf"
    target.write_bytes(b"old report")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(export_paths, "ask_replace", lambda *a: None)  # the user cancels
    panel._ask_report()
    assert target.read_bytes() == b"old report"
    monkeypatch.setattr(export_paths, "ask_replace", lambda *a: export_paths.KEEP_BOTH)
    panel._ask_report()
    assert target.read_bytes() == b"old report"
    assert (tmp_path / "old (2).pdf").read_bytes().startswith(b"%PDF")


def test_print_button_goes_through_the_print_dialog(panel: CasePanel, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    from leukemia_gui.widgets import report_printer

    out = tmp_path / "dialog.pdf"
    monkeypatch.setattr(report_printer, "a4_printer", lambda: a4_printer(str(out)))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    panel.print_button.click()  # cancelled: nothing printed, nothing recorded
    assert not out.exists() and panel.case.trail[-1]["event"] != "print"
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    panel.print_button.click()
    assert out.read_bytes().startswith(b"%PDF") and panel.case.trail[-1]["event"] == "print"
