"""ClassifyTab: drops, batches, errors, CSV export, uncertainty badge, heatmap, audit log."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog

from core.inference.predictor import Classified
from core.inference.result import Prediction
from leukemia_gui.context import AppContext
from tests.gui.conftest import drop, isolated_context
from leukemia_gui.tabs.classify_tab import ClassifyTab


@pytest.fixture
def tab(open_tab, context: AppContext) -> ClassifyTab:
    return open_tab(ClassifyTab, context, (1200, 700))


def mime_for(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime



def wait_rows(qtbot, widget: ClassifyTab, n: int) -> None:
    qtbot.waitUntil(lambda: not widget.is_busy() and widget.table.rowCount() >= n, timeout=60000)
    assert widget.table.rowCount() == n


def audit_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_drag_enter_accepts_file_urls(tab: ClassifyTab, tiny_dataset: Path) -> None:
    mime = mime_for([tiny_dataset / "Pro" / "WBC-Pro-001.jpg"])
    event = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    tab.dragEnterEvent(event)
    assert event.isAccepted()


def test_single_file_drop_is_classified_at_once_and_audited(
        tab: ClassifyTab, tiny_dataset: Path, audit_file: Path, context: AppContext) -> None:
    path = tiny_dataset / "Pro" / "WBC-Pro-001.jpg"
    drop(tab, [path])
    assert not tab.is_busy()  # the fast path needs no worker
    assert tab.table.rowCount() == 1
    name, cls, conf, unc, cells, _reason = tab.table.row_texts(0)
    assert name.endswith("WBC-Pro-001.jpg") and cls in ("Benign", "Early", "Pre", "Pro")
    assert cells.isdigit()  # white cells found in the field
    assert conf.endswith("%") and unc in ("yes", "no")
    assert tab.result.prediction_view.class_label.text()  # full name shown
    assert not tab.result.image_view.pixmap().isNull()
    records = audit_lines(audit_file)
    assert len(records) == 1
    assert records[0]["sha256"] and len(records[0]["sha256"]) == 64
    assert records[0]["model_checksum"] == context.bundle.checksum
    assert records[0]["model_id"] == context.bundle.model_id


def test_many_files_run_in_worker(qtbot, tab: ClassifyTab, tiny_dataset: Path, audit_file: Path) -> None:
    files = sorted((tiny_dataset / "Early").glob("*.jpg"))[:3]
    drop(tab, files)
    wait_rows(qtbot, tab, 3)
    assert {tab.table.row_texts(r)[0] for r in range(3)} == {f"Early/{f.name}" for f in files}
    assert len(audit_lines(audit_file)) == 3
    assert tab.table.selectedItems()  # the first result is shown


def test_folder_drop_classifies_every_image(qtbot, tab: ClassifyTab, tiny_dataset: Path,
                                            audit_file: Path) -> None:
    drop(tab, [tiny_dataset])
    wait_rows(qtbot, tab, 32)
    records = audit_lines(audit_file)
    assert len(records) == 32
    assert all(len(r["sha256"]) == 64 for r in records)


def test_corrupt_file_gets_error_row_and_others_are_classified(
        qtbot, tab: ClassifyTab, tiny_dataset: Path, tmp_path: Path, audit_file: Path) -> None:
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"this is not a jpeg")
    good = sorted((tiny_dataset / "Pre").glob("*.jpg"))[:2]
    drop(tab, [good[0], bad, good[1]])
    wait_rows(qtbot, tab, 3)
    rows = {tab.table.row_texts(r)[0]: tab.table.row_texts(r) for r in range(3)}
    bad_row = rows[f"{tmp_path.name}/broken.jpg"]
    assert bad_row[1] == "" and "not a readable image" in bad_row[-1]
    assert all(rows[f"Pre/{g.name}"][1] for g in good)
    assert len(audit_lines(audit_file)) == 2  # only successful classifications are logged


def test_export_csv(qtbot, tab: ClassifyTab, tiny_dataset: Path, tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "empty.png"
    bad.write_bytes(b"")
    drop(tab, [tiny_dataset / "Benign", bad])
    wait_rows(qtbot, tab, 9)
    out = tmp_path / "results.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV files (*.csv)"))
    assert tab.export_button.isEnabled()
    tab.export_button.click()
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 9
    errors = [r for r in rows if r["error"]]
    assert len(errors) == 1 and errors[0]["path"].endswith("empty.png")
    ok = [r for r in rows if not r["error"]]
    assert all(r["label"] and 0 <= float(r["confidence"]) <= 1 for r in ok)
    assert all(abs(sum(float(r[f"p_{c}"]) for c in ("Benign", "Early", "Pre", "Pro")) - 1) < 1e-3 for r in ok)


def test_one_case_reads_all_rows_together_and_follows_the_table(
        qtbot, tab: ClassifyTab, tiny_dataset: Path, tmp_path: Path) -> None:
    from core.inference.result import summarize_case

    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"this is not a jpeg")
    files = sorted((tiny_dataset / "Pro").glob("*.jpg"))[:4]
    drop(tab, [*files, bad])
    wait_rows(qtbot, tab, 5)
    assert tab.case_label.isHidden()  # off by default: a table may hold many patients
    tab.case_check.setChecked(True)
    assert not tab.case_label.isHidden()
    expected = summarize_case([pred for _, pred, _ in tab.table.entries()])
    assert expected.fields == 4 and expected.errors == 1
    text = tab.case_label.text()
    assert "5 image(s) read together" in text and expected.describe() in text
    # a new image joins the case; Clear empties it; unticking hides it
    tab.add_paths([sorted((tiny_dataset / "Benign").glob("*.jpg"))[0]])
    wait_rows(qtbot, tab, 6)
    qtbot.waitUntil(lambda: "6 image(s) read together" in tab.case_label.text(), timeout=5000)
    tab.clear_button.click()
    assert tab.case_label.isHidden()
    tab.add_paths([files[0]])
    wait_rows(qtbot, tab, 1)
    qtbot.waitUntil(lambda: "1 image(s) read together" in tab.case_label.text(), timeout=5000)
    assert not tab.case_label.isHidden()
    tab.case_check.setChecked(False)
    assert tab.case_label.isHidden()


def test_table_is_sortable(qtbot, tab: ClassifyTab, tiny_dataset: Path) -> None:
    drop(tab, [tiny_dataset / "Pro"])
    wait_rows(qtbot, tab, 8)
    tab.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    confs = [float(tab.table.row_texts(r)[2].rstrip(" %")) for r in range(8)]
    assert confs == sorted(confs, reverse=True)


def test_clicking_a_row_shows_that_image(qtbot, tab: ClassifyTab, tiny_dataset: Path) -> None:
    drop(tab, [tiny_dataset / "Early"])
    wait_rows(qtbot, tab, 8)
    tab.table.selectRow(5)
    name, pred, key = tab.table.entry(5)
    assert key and Path(key).name in name
    shown = tab.result.image().copy()
    from core.data.images import load_rgb

    assert np.array_equal(shown, load_rgb(key))


def test_uncertain_badge_for_white_image(tab: ClassifyTab, tmp_path: Path) -> None:
    white = tmp_path / "white.png"
    Image.fromarray(np.full((48, 48, 3), 255, np.uint8)).save(white)
    tab.add_paths([white])
    pred = tab.table.entry(0)[1]
    assert pred.uncertain
    assert tab.result.prediction_view.badge_visible()
    assert "UNCERTAIN" in tab.result.prediction_view.badge.text()
    assert pred.reason in tab.result.prediction_view.badge.text()


def test_badge_hidden_for_confident_prediction(tab: ClassifyTab, tiny_dataset: Path,
                                                context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    sure = Prediction("x", "Pre", {"Benign": 0.01, "Early": 0.01, "Pre": 0.97, "Pro": 0.01}, 0.97, False)
    monkeypatch.setattr(context.predictor(), "classify", lambda source, path=None: Classified(sure))
    tab.add_paths([tiny_dataset / "Pre" / "WBC-Pre-001.jpg"])
    assert not tab.result.prediction_view.badge_visible()
    assert tab.result.prediction_view.class_label.text() == "Pre-B ALL"
    assert tab.result.prediction_view.bars.value("Pre") == pytest.approx(0.97, abs=1e-3)


def test_heatmap_toggle_changes_pixmap(tab: ClassifyTab, tiny_dataset: Path) -> None:
    tab.add_paths([tiny_dataset / "Benign" / "WBC-Benign-001.jpg"])
    check = tab.result.heatmap_check
    assert check.isEnabled()
    plain = tab.result.image_view.pixmap().toImage()
    check.setChecked(True)
    assert tab.result.image_view.has_overlay()
    assert tab.result.image_view.pixmap().toImage() != plain
    check.setChecked(False)
    assert tab.result.image_view.pixmap().toImage() == plain


@pytest.fixture
def clipboard():
    """The system clipboard, emptied afterwards: Qt owns what it holds, and a QMimeData
    still on the clipboard when the interpreter exits is freed twice (segfault at exit)."""
    board = QGuiApplication.clipboard()
    yield board
    board.clear()
    QGuiApplication.processEvents()


def test_paste_image_from_clipboard(tab: ClassifyTab, audit_file: Path, clipboard) -> None:
    image = QImage(40, 30, QImage.Format.Format_RGB888)
    image.fill(Qt.GlobalColor.magenta)
    mime = QMimeData()
    mime.setImageData(image)
    clipboard.setMimeData(mime)
    tab.paste()
    assert tab.table.rowCount() == 1
    assert tab.table.row_texts(0)[0] == "clipboard"
    assert tab.result.image().shape == (30, 40, 3)
    assert len(audit_lines(audit_file)) == 1


def test_paste_file_urls(qtbot, tab: ClassifyTab, tiny_dataset: Path, clipboard) -> None:
    clipboard.setMimeData(mime_for([tiny_dataset / "Pre"]))
    tab.paste()
    wait_rows(qtbot, tab, 8)


def test_shutdown_stops_a_running_batch(qtbot, tab: ClassifyTab, tiny_dataset: Path) -> None:
    drop(tab, [tiny_dataset])
    tab.shutdown()
    assert not tab.is_busy()


def test_no_model_shows_message_and_does_not_crash(qtbot, tmp_path: Path, audit_file: Path,
                                                   tiny_dataset: Path) -> None:
    ctx = isolated_context(tmp_path)
    ctx.bundle, ctx.model_error = None, "no model folder found"
    widget = ClassifyTab(ctx)
    qtbot.addWidget(widget)
    assert not widget.banner.isHidden() and "No model" in widget.banner.text()
    drop(widget, [tiny_dataset / "Pro" / "WBC-Pro-001.jpg"])
    drop(widget, [tiny_dataset])
    assert widget.table.rowCount() == 0 and not widget.is_busy()
    assert not audit_file.exists()


def test_a_dropped_image_is_run_through_the_model_once(tab: ClassifyTab, tiny_dataset: Path,
                                                       context: AppContext,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Classified, shown and its heatmap drawn from one model run; the file is not read again
    to show it."""
    import leukemia_gui.tabs.classify_tab as classify_tab

    predictor = context.predictor()
    runs: list[int] = []
    run = predictor._run
    monkeypatch.setattr(predictor, "_run", lambda x: (runs.append(len(x)), run(x))[1])
    monkeypatch.setattr(classify_tab, "load_rgb", lambda p: pytest.fail(f"{p} read again"))
    drop(tab, [tiny_dataset / "Benign" / "WBC-Benign-001.jpg"])
    assert tab.table.rowCount() == 1 and not tab.result.image_view.pixmap().isNull()
    tab.result.heatmap_check.setChecked(True)
    assert tab.result.image_view.has_overlay()
    assert runs == [1]


def test_batch_results_stream_through_the_tasks_partial(qtbot, tab: ClassifyTab, tiny_dataset: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    streamed: list[int] = []
    reports: list = []
    show, report = tab._on_task_partial, tab._on_task_progress
    monkeypatch.setattr(tab, "_on_task_partial", lambda batch: (streamed.append(len(batch)), show(batch)))
    monkeypatch.setattr(tab, "_on_task_progress", lambda p: (reports.append(p), report(p)))
    drop(tab, [tiny_dataset / "Pre"])
    wait_rows(qtbot, tab, 8)
    assert sum(streamed) == 8 and reports and all(not p.metrics for p in reports)
