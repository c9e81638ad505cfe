"""Time from the command to a mapped, painted main window (median of several cold starts).

    python benchmarks/startup_time.py [--runs 5] [--platform offscreen|xcb]

Each run is a fresh interpreter that starts the app as ``leukemia-gui`` does (``app.main``),
and reports the wall-clock time at the window's first paint; the parent measures from just
before it launches the process. Offscreen gives a relative figure; on a real X server
(``--platform xcb``, DISPLAY set, or under Xvfb) it is the figure users see.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import leukemia_gui.main_window as mw

class Painted(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and isinstance(obj, mw.MainWindow):
            print("PAINTED", time.time(), flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

real_show = mw.MainWindow.show
def show(self):
    self.installEventFilter(_painted)
    real_show(self)
mw.MainWindow.show = show
_painted = Painted()
from leukemia_gui.app import main
main([])
"""


def one_run(platform: str, home: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=platform, HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), LEUKEMIA_DATA_DIR=str(home / "data"),
               LEUKEMIA_AUDIT_LOG=str(home / "audit.jsonl"))
    start = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=120).stdout
    line = next(x for x in out.splitlines() if x.startswith("PAINTED"))
    return float(line.split()[1]) - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--platform", default="offscreen")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        one_run(args.platform, Path(tmp))  # warm the file cache: the figure is a warm start
        times = [one_run(args.platform, Path(tmp)) for _ in range(args.runs)]
    print(f"{args.platform}: median {statistics.median(times):.2f} s to the first paint "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
