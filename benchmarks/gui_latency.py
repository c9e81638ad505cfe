"""Single dropped image in the Classify tab: time from the drop to the result on screen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_latency.py [IMAGE ...]

The single-file path classifies in the GUI thread (ONNX, a few ms), writes the audit record
(fsync), and repaints the tab; the time includes all of that. Target: under 100 ms.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from core.resources import samples_dir
    from leukemia_gui.context import AppContext
    from leukemia_gui.tabs.classify_tab import ClassifyTab

    _app = QApplication.instance() or QApplication([])
    paths = [Path(p) for p in sys.argv[1:]] or sorted(samples_dir().glob("*.jpg"))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LEUKEMIA_AUDIT_LOG"] = str(Path(tmp) / "audit.jsonl")
        context = AppContext(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        tab = ClassifyTab(context)
        tab.resize(1366, 720)
        tab.show()
        t0 = time.perf_counter()
        context.predictor()
        load_ms = (time.perf_counter() - t0) * 1000
        times = []
        for i in range(60):
            path = paths[i % len(paths)]
            t0 = time.perf_counter()
            tab.add_paths([path])
            tab.repaint()  # the result is painted, not just computed
            times.append((time.perf_counter() - t0) * 1000)
        times = times[5:]  # first calls warm caches
        times.sort()
        result = {"model_load_ms": round(load_ms, 1), "drop_to_shown_ms_p50": round(times[len(times) // 2], 1),
                  "drop_to_shown_ms_p95": round(times[int(len(times) * 0.95)], 1), "n": len(times)}
        print(json.dumps(result))
        tab.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
