"""The app's log file escapes file names (issue #19, item 6: control characters in file
names are escaped in terminal output and logs)."""

from __future__ import annotations

from pathlib import Path


def test_app_log_escapes_names(tmp_path: Path) -> None:
    """The GUI's log file: a traceback keeps its lines, a name's escape sequence and
    undecodable byte are escaped and the record is written (before, a surrogate made the
    handler fail and the record was lost)."""
    import logging

    from leukemia_gui.app import SafeFormatter

    path = tmp_path / "app.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(SafeFormatter("%(levelname)s: %(message)s"))
    log = logging.getLogger("test_app_log_escapes_names")
    log.addHandler(handler)
    try:
        log.error("worker failed:\n%s", "Traceback...\n  open('/d/bad\udcff\x1b[2J.png')")
    finally:
        log.removeHandler(handler)
        handler.close()
    text = path.read_text(encoding="utf-8")
    assert text.splitlines() == ["ERROR: worker failed:", "Traceback...",
                                 "  open('/d/bad\\xff\\x1b[2J.png')"]
