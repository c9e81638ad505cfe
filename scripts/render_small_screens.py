"""Render the whole window, every tab, at small-screen sizes to PNG (to look at: is anything cut?).

Sizes: 1024x600 (small laptop) and the logical sizes of a 1366x768 screen at 125 % (1093x614)
and 150 % (911x512); ``--scale 1.5`` renders with ``QT_SCALE_FACTOR`` (device pixels). The
Classify tab holds the bundled samples' results, the Dataset tab the samples' scan.

    python scripts/render_small_screens.py [--out DIR] [--size WxH ...] [--scale F] [--language es]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TMP = Path(tempfile.mkdtemp(prefix="render-small-"))
os.environ["LEUKEMIA_AUDIT_LOG"] = str(TMP / "audit.jsonl")  # keep the user's log clean
os.environ["LEUKEMIA_DATA_DIR"] = str(TMP / "userdata")

SIZES = ("1024x600", "1093x614", "911x512")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "small-screens")
    ap.add_argument("--size", action="append", help="WxH (repeatable); default: " + " ".join(SIZES))
    ap.add_argument("--scale", type=float, help="QT_SCALE_FACTOR to render with")
    ap.add_argument("--language", help="language code for the translator (e.g. es)")
    args = ap.parse_args()
    if args.scale:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from core.resources import samples_dir
    from scripts.render_common import settle, wait

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(TMP / "settings.ini"), QSettings.Format.IniFormat)
    if args.language:
        from leukemia_gui import i18n

        i18n.install_translator(app, args.language)
    from leukemia_gui.main_window import MainWindow

    window = MainWindow(settings)
    window.show()
    samples = samples_dir()
    from leukemia_gui.screenshots import write_demo_dataset

    window.dataset_tab.load_folder(write_demo_dataset(TMP / "demo_dataset"))
    while window.dataset_tab.is_busy():
        settle(app)
    window.classify_tab.add_paths([samples])
    wait(window.classify_tab.tasks.worker)
    settle(app, 10)
    if window.classify_tab.table.rowCount():
        window.classify_tab.table.selectRow(0)
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = f"_x{args.scale:g}" if args.scale else ""
    suffix += f"_{args.language}" if args.language else ""
    for size in args.size or SIZES:
        w, h = (int(v) for v in size.lower().split("x"))
        window.resize(w, h)
        settle(app, 10)
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            settle(app, 10)
            name = window.tabs.widget(i).__class__.__name__.replace("Tab", "").lower()
            path = args.out / f"{size}{suffix}_{name}.png"
            window.grab().save(str(path))
            print(path, window.width(), window.height())
    for tab in window.all_tabs:
        tab.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
