"""The Classify tab's case panel: new case, add results, sign (then read-only), report."""

from pathlib import Path
from types import SimpleNamespace

from PIL import Image
from PySide6.QtCore import QSettings

from core.inference.audit import verify_log
from core.cases.store import load_case
from core.inference.result import Prediction
from leukemia_gui.widgets.case_panel import CasePanel
from tests.conftest import smear

CLASSES = ("Benign", "Early", "Pre", "Pro")


def test_case_panel_flow(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("report/lab", "Panel Lab")
    ctx = SimpleNamespace(settings=settings, audit_path=tmp_path / "audit.jsonl",
                          bundle=SimpleNamespace(model_id="m-1", checksum="c", card={}))
    preds = []
    for i in range(2):
        p = tmp_path / f"f{i}.png"
        Image.fromarray(smear("Early", i)).save(p)
        preds.append(Prediction(str(p), "Early", dict(zip(CLASSES, [0, 0.9, 0.1, 0])), 0.9, False))
    panel = CasePanel(ctx, lambda: preds)
    qtbot.addWidget(panel)
    assert not panel.add_button.isEnabled() and "No case open" in panel.status.text()
    panel.case_id.setText("PT-1")
    panel.specimen.setText("2026-11-30")
    panel.operator.setText("Ana")
    case = panel.new_case(tmp_path / "cases")
    assert case.path.name == "PT-1.case.json" and panel.case_id.isReadOnly()
    assert panel.add_results() == 2 and panel.add_results() == 0  # the same images once
    panel.sign("Ana")
    assert not panel.add_button.isEnabled() and "SIGNED by Ana" in panel.status.text()
    out = panel.write_report(tmp_path / "r.pdf")
    assert out.read_bytes().startswith(b"%PDF")
    reopened = load_case(case.path)
    assert reopened.signed and reopened.model_id == "m-1" and reopened.trail[-1]["event"] == "report"
    panel.open_case(case.path)
    assert panel.case_id.text() == "PT-1" and not panel.add_button.isEnabled()
    assert verify_log(ctx.audit_path).ok


def test_classify_tab_shows_the_case_panel_with_one_case(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from leukemia_gui.context import AppContext
    from leukemia_gui.tabs.classify_tab import ClassifyTab

    ctx = AppContext(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    tab = ClassifyTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert not tab.case_panel.isVisible()
    tab.case_check.setChecked(True)
    assert tab.case_panel.isVisible()
    tab.case_check.setChecked(False)
    assert not tab.case_panel.isVisible()


def test_audit_viewer_filters_by_case_and_date_and_shows_the_chain(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from core.inference.audit import AuditLog
    from leukemia_gui.widgets.audit_viewer import AuditViewer

    log = AuditLog(tmp_path / "a.jsonl")
    log.record_event("case.new", case_id="A", user="ana")
    log.record_event("case.sign", case_id="B", user="bo", role="signed")
    log.record(Prediction("x.png", "Early", dict(zip(CLASSES, [0, 1, 0, 0])), 1.0, False),
               model_id="m", model_checksum="c")
    viewer = AuditViewer(log.path, "B")
    qtbot.addWidget(viewer)
    assert viewer.table.rowCount() == 1 and viewer.table.item(0, 3).text() == "case.sign"
    assert "hash chain intact" in viewer.chain.text()
    viewer.case_filter.setText("")
    assert viewer.table.rowCount() == 3
    viewer.date_filter.setText("1999-01-01")
    assert viewer.table.rowCount() == 0
    lines = log.path.read_text().splitlines()
    log.path.write_text("\n".join([lines[0], lines[1].replace("signed", "forged"), lines[2]]) + "\n")
    viewer.refresh()
    assert "ALTERED" in viewer.chain.text()
