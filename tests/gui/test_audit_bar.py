"""The audit bar says whether the audit log verifies (issue #19, item 3): "verified / N
records", "unchained (older log)" or a red "log altered at record K"."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

from core.inference.audit import AuditLog
from core.model.bundle import default_model_dir
from core.inference.result import Prediction
from leukemia_gui.tabs.classify_tab import ClassifyTab
from leukemia_gui.widgets.audit_bar import AuditBarWidget
from tests.conftest import smear
from tests.gui.conftest import isolated_context

PROBS = {"Benign": 0.1, "Early": 0.1, "Pre": 0.1, "Pro": 0.7}


def _records(path: Path, n: int) -> None:
    log = AuditLog(path)
    for i in range(n):
        log.record(Prediction(f"/x/{i}.png", "Pro", PROBS, 0.7, False), model_id="m",
                   model_checksum="c" * 64)


def _bar(qtbot, tmp_path: Path) -> AuditBarWidget:
    bar = AuditBarWidget(isolated_context(tmp_path))
    qtbot.addWidget(bar)
    return bar


def test_bar_shows_verified_unchained_and_altered(qtbot, tmp_path: Path, audit_file: Path) -> None:
    bar = _bar(qtbot, tmp_path)
    assert "no records yet" in bar.chain_label.text()
    _records(audit_file, 3)
    bar.check_log()
    assert "verified / 3 records" in bar.chain_label.text()
    _records(audit_file, 2)
    bar.check_log()  # continues from the last check
    assert "verified / 5 records" in bar.chain_label.text()
    lines = audit_file.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b'"/x/1.png"', b'"/x/other.png"')
    audit_file.write_bytes(b"\n".join(lines))
    bar.refresh()  # a full check (start-up, Change…)
    text = bar.chain_label.text()
    assert "log altered at record 2" in text and "#c92a2a" in text
    assert "ALTERED" in bar.chain_label.toolTip() and "edited" in bar.chain_label.toolTip()


def test_bar_reports_an_older_log_as_unchained(qtbot, tmp_path: Path, audit_file: Path) -> None:
    audit_file.parent.mkdir(parents=True)
    audit_file.write_text("".join(json.dumps({"path": f"/x/{i}.png", "label": "Pro"}) + "\n"
                                  for i in range(4)), encoding="utf-8")
    bar = _bar(qtbot, tmp_path)
    assert "unchained (older log)" in bar.chain_label.text()
    assert "4 record(s)" in bar.chain_label.toolTip()


def test_classifying_keeps_the_bar_current(qtbot, tmp_path: Path, audit_file: Path) -> None:
    context = isolated_context(tmp_path)
    context.set_model(default_model_dir())
    tab = ClassifyTab(context)
    qtbot.addWidget(tab)
    try:
        img = tmp_path / "field.png"
        Image.fromarray(smear("Pro", 3, 96)).save(img)
        tab.add_paths([img])
        qtbot.waitUntil(lambda: "verified / 1 records" in tab.audit_bar.chain_label.text(),
                        timeout=20000)
        folder = tmp_path / "many"
        folder.mkdir()
        for i in range(3):
            Image.fromarray(smear("Pre", i, 96)).save(folder / f"f{i}.png")
        tab.add_paths([folder])  # a batch in the worker: checked when it ends
        qtbot.waitUntil(lambda: "verified / 4 records" in tab.audit_bar.chain_label.text(),
                        timeout=30000)
    finally:
        tab.shutdown()


def test_undecodable_and_control_character_names_are_shown_escaped(
        qtbot, tmp_path: Path, audit_file: Path) -> None:
    """Issue #19, items 5 and 6 in the app: a file whose name is not valid UTF-8 or holds
    control characters is classified, shown escaped in the table (Qt would drop the bytes
    silently) and audited; the log still verifies."""
    import os

    context = isolated_context(tmp_path)
    context.set_model(default_model_dir())
    tab = ClassifyTab(context)
    qtbot.addWidget(tab)
    try:
        folder = tmp_path / "odd"
        folder.mkdir()
        for i, raw in enumerate((b"bad\xff name.png", b"ctl\x1b[2Jx.png")):
            Image.fromarray(smear("Pro", i, 96)).save(
                os.fsdecode(os.fsencode(str(folder)) + b"/" + raw), format="PNG")
        tab.add_paths([folder])
        qtbot.waitUntil(lambda: not tab.is_busy() and tab.table.rowCount() == 2, timeout=30000)
        names = sorted(tab.table.row_texts(r)[0] for r in range(2))
        assert names == ["odd/bad\\xff name.png", "odd/ctl\\x1b[2Jx.png"]
        qtbot.waitUntil(lambda: "verified / 2 records" in tab.audit_bar.chain_label.text(),
                        timeout=20000)
    finally:
        tab.shutdown()


def test_a_large_log_is_checked_in_the_background(qtbot, tmp_path: Path, audit_file: Path,
                                                  monkeypatch) -> None:
    """Opening the app never waits for the check of a large log: it runs in a worker, the bar
    says "checking the log…" meanwhile, records written meanwhile are added, and closing
    stops it."""
    import leukemia_gui.widgets.audit_bar as audit_bar

    _records(audit_file, 30)
    monkeypatch.setattr(audit_bar, "BACKGROUND_CHECK_BYTES", 1000)  # "large" for this test
    bar = _bar(qtbot, tmp_path)
    # its signals cannot arrive before the event loop runs: still checking here
    assert bar.is_checking() and "checking the log" in bar.chain_label.text()
    qtbot.waitUntil(lambda: "verified / 30 records" in bar.chain_label.text(), timeout=20000)
    _records(audit_file, 2)
    bar.check_log()
    assert "verified / 32 records" in bar.chain_label.text()
    lines = audit_file.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b'"/x/4.png"', b'"/x/44.png"')
    audit_file.write_bytes(b"\n".join(lines))
    bar.refresh()
    qtbot.waitUntil(lambda: "log altered at record 5" in bar.chain_label.text(), timeout=20000)
    _records(audit_file, 1)
    bar.check_log()  # still altered: appending does not make it whole
    assert "log altered at record 5" in bar.chain_label.text()
    bar.refresh()
    bar.shutdown()  # stops a check still running
    assert not bar.is_checking()
