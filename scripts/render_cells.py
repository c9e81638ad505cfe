"""Render the Classify tab's white cells to PNG (for docs and visual checks): the sample
images with one field's boxes and crop strip (classify_cells.png), and eight fields of one
class read as one case, with the gallery of their cells (classify_case_cells.png).

    python scripts/render_cells.py [--case-dir DIR] [--out DIR] [--model DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TMP = Path(tempfile.mkdtemp(prefix="render-cells-"))
os.environ["LEUKEMIA_AUDIT_LOG"] = str(TMP / "audit.jsonl")  # keep the user's log clean

from scripts.render_common import settle, wait, wait_timer  # noqa: E402

SIZE = (1366, 720)  # a 1366x768 screen minus title bar and tab strip
CASE_DIR = ROOT.parent / "shared" / "data" / "aria2021-all" / "original" / "Pre"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--case-dir", type=Path, default=CASE_DIR,
                    help="a folder of fields of one class; eight are read as one case")
    ap.add_argument("--fields", type=int, default=8)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--model", type=Path, help="the model folder (default: the shipped model)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from core.model.bundle import default_model_dir
    from core.resources import samples_dir
    from leukemia_gui.context import AppContext
    from leukemia_gui.tabs.classify_tab import ClassifyTab

    app = QApplication.instance() or QApplication([])
    context = AppContext(QSettings(str(TMP / "settings.ini"), QSettings.Format.IniFormat))
    context.set_model(args.model or default_model_dir())
    written = []

    # 1. the sample images; a Pre-B field selected: its boxes, its strip, one crop picked
    tab = ClassifyTab(context)
    tab.resize(*SIZE)
    tab.show()
    tab.add_paths(sorted(samples_dir().glob("*.jpg")))
    wait(tab.tasks.worker)
    settle(app, 3)
    rows = tab.table.entries()

    def biggest_crop(pred) -> float:  # noqa: ANN001
        return max((max(c.w, c.h) * 1.3 for c in pred.cells or ()), default=0)

    # the classified field with the most cells among those whose crops the strip shows at 2:1
    pick = max(range(len(rows)), key=lambda i: (bool(rows[i][1].label),
                                                 0 < biggest_crop(rows[i][1]) <= 55,
                                                 rows[i][1].cell_count or 0))
    tab.table.selectRow(pick)
    settle(app, 3)
    tab.result.highlight_cell(2)
    settle(app, 3)
    path = args.out / "classify_cells.png"
    tab.grab().save(str(path))
    written.append(path)
    tab.shutdown()

    # 2. one case: eight fields of one class read together, with the gallery of their cells
    files = sorted(p for p in args.case_dir.iterdir() if p.suffix.lower() in (".jpg", ".png"))
    if files:
        step = max(1, len(files) // args.fields)
        case = ClassifyTab(context)
        case.resize(*SIZE)
        case.show()
        case.case_check.setChecked(True)
        case.add_paths(files[::step][:args.fields])
        wait(case.tasks.worker)
        settle(app, 3)
        wait_timer(app, case._case_timer)  # the case line and gallery follow 250 ms after the last row
        # a click on a crop of the gallery opens its field with that cell picked
        tiles = case.gallery.tiles()
        case.gallery.crop_clicked.emit(tiles[min(12, len(tiles) - 1)][1].payload)
        settle(app, 3)
        assert not case.gallery.isHidden(), "the case gallery did not appear"
        path = args.out / "classify_case_cells.png"
        case.grab().save(str(path))
        written.append(path)
        case.shutdown()
    else:
        print(f"no images in {args.case_dir}: the case render is skipped", file=sys.stderr)
    print(f"model {context.bundle.model_id}; wrote {', '.join(str(p) for p in written)}")
    shutil.rmtree(TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
