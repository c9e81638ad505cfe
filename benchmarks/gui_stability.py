"""Memory over a long GUI session: RSS while thousands of images are dropped on the window.

Not a test (it takes a few minutes). Run from the repository root::

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_stability.py [--images 2000] [--json OUT]

Opens the MainWindow offscreen with the shipped model (``models/default``), generates
``--images`` synthetic 224x224 JPEGs, drops them on the window in batches of ``--batch``
files (the Classify tab's worker path), then clears the table and drops them again one at a
time (the instant path in the GUI thread, with the audit record and the repaint), sampling
RSS every 200 images. Prints a JSON summary; numbers are recorded in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from stability import emit, rss_mib, write_images  # noqa: E402 - the core benchmark's helpers

SAMPLE_EVERY = 200


def _drop(target, paths: list[Path]) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def _deferred_deletes(app) -> None:
    """What the running event loop does between events: delete objects passed to
    ``deleteLater`` (``processEvents`` from outside ``exec`` leaves them pending)."""
    from PySide6.QtCore import QEvent

    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _settle(app, tab) -> None:
    """Let the worker finish and every queued result reach the table."""
    app.processEvents()
    while tab.is_busy():
        app.processEvents()
        time.sleep(0.002)
    app.processEvents()
    _deferred_deletes(app)


def _sample(app) -> float:
    app.processEvents()
    _deferred_deletes(app)
    gc.collect()
    return round(rss_mib(), 1)


def _growth(series: list[float]) -> float:
    return round(series[-1] - series[0], 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=20, help="files per batch drop")
    ap.add_argument("--json", help="also write the summary here")
    args = ap.parse_args()

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from core.model.bundle import load_bundle, default_model_dir
    from leukemia_gui.main_window import MainWindow
    from leukemia_gui.worker import Worker

    app = QApplication.instance() or QApplication([])
    summary: dict = {"python": sys.version.split()[0], "rss_start_mib": round(rss_mib(), 1)}
    with tempfile.TemporaryDirectory(prefix="leukemia-gui-stability-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["LEUKEMIA_AUDIT_LOG"] = str(tmp / "audit.jsonl")
        os.environ["LEUKEMIA_DATA_DIR"] = str(tmp / "userdata")
        t0 = time.perf_counter()
        paths = write_images(tmp / "images", args.images, 224)
        summary["generate_seconds"] = round(time.perf_counter() - t0, 1)

        window = MainWindow(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
        window.open_model(load_bundle(default_model_dir()).path)
        window.resize(1366, 768)
        window.show()
        tab = window.classify_tab
        summary["model"] = window.context.bundle.model_id
        summary["backend"] = window.context.predictor().backend
        summary["rss_window_open_mib"] = _sample(app)

        # ---- batches of files, classified in the worker; rows stay in the table
        series, series_s = [], []
        t0 = lap = time.perf_counter()
        for start in range(0, len(paths), args.batch):
            _drop(window, paths[start:start + args.batch])
            _settle(app, tab)
            if (start + args.batch) % SAMPLE_EVERY == 0:
                series_s.append(round(time.perf_counter() - lap, 1))
                series.append(_sample(app))
                lap = time.perf_counter()
        batch_seconds = time.perf_counter() - t0
        rows = tab.table.rowCount()
        errors = sum(1 for r in range(rows) if tab.table.entry(r)[1].error)
        workers_kept = len(window.findChildren(Worker))
        tab.clear_button.click()
        rss_after_clear = _sample(app)

        # ---- one file per drop, classified at once in the GUI thread
        single, single_s = [], []
        t0 = lap = time.perf_counter()
        for i, path in enumerate(paths):
            _drop(window, [path])
            app.processEvents()
            if (i + 1) % SAMPLE_EVERY == 0:
                single_s.append(round(time.perf_counter() - lap, 1))
                single.append(_sample(app))
                lap = time.perf_counter()
        single_seconds = time.perf_counter() - t0
        single_rows = tab.table.rowCount()
        tab.clear_button.click()
        rss_end = _sample(app)
        audit_lines = sum(1 for _ in open(tmp / "audit.jsonl", encoding="utf-8"))

        summary["batched"] = {
            "images": len(paths), "files_per_drop": args.batch, "rows": rows, "errors": errors,
            "rss_mib_per_200": series, "growth_after_first_200_mib": _growth(series),
            "seconds_per_200": series_s,
            "images_per_second": round(len(paths) / batch_seconds, 1),
            "worker_objects_kept": workers_kept, "rss_after_clear_mib": rss_after_clear,
        }
        summary["single"] = {
            "images": len(paths), "rows": single_rows,
            "rss_mib_per_200": single, "growth_after_first_200_mib": _growth(single),
            "seconds_per_200": single_s,
            "images_per_second": round(len(paths) / single_seconds, 1),
        }
        summary["audit_records"] = audit_lines
        summary["rss_end_after_clear_mib"] = rss_end
        for t in window.all_tabs:
            t.shutdown()
        window.close()
    emit(summary, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
