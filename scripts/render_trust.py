"""Render what issue #20 changed to PNG (for docs and visual checks): a photograph on the
Classify tab ("No result"), the Train tab after a training on too few images (every figure
with its n, "too small to estimate", the kept epoch on the plot), and the window with a model
that is not the shipped one (the banner).

    python scripts/render_trust.py [--out DIR]
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
TMP = Path(tempfile.mkdtemp(prefix="render-trust-"))
os.environ["LEUKEMIA_AUDIT_LOG"] = str(TMP / "audit.jsonl")  # keep the user's log clean
os.environ["LEUKEMIA_DATA_DIR"] = str(TMP / "userdata")

from core.classes import CLASSES  # noqa: E402
from scripts.render_common import settle, wait  # noqa: E402

SIZE = (1366, 720)  # a 1366x768 screen minus title bar and tab strip


def portrait() -> Path:
    import matplotlib

    src = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    out = TMP / "portrait.jpg"
    shutil.copy2(src, out)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from core.model.bundle import default_model_dir
    from core.resources import samples_dir
    from leukemia_gui.context import AppContext
    from leukemia_gui.main_window import MainWindow
    from leukemia_gui.tabs.classify_tab import ClassifyTab
    from leukemia_gui.tabs.train_tab import TrainTab

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(TMP / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(settings)
    context.set_model(default_model_dir())

    # 1. a photograph and two smear fields on the Classify tab, the photograph selected
    classify = ClassifyTab(context)
    classify.resize(*SIZE)
    classify.show()
    samples = sorted(samples_dir().glob("*.jpg"))
    classify.add_paths([samples[0], portrait(), samples[-1]])
    wait(classify.tasks.worker)
    settle(app, 3)
    row = next(i for i, e in enumerate(classify.table.entries()) if "portrait" in e[0])
    classify.table.selectRow(row)
    settle(app, 3)
    # no class: "No result", or "No white cell found" where that is the first reason
    assert classify.result.prediction_view.class_label.text() in ("No result", "No white cell found")
    classify.grab().save(str(args.out / "classify_no_result.png"))
    classify.shutdown()

    # 2. a real training on the eight sample images: every part is too small, and says so
    data = TMP / "tiny"
    for f in samples:
        label = f.name.split("-")[0]
        (data / label).mkdir(parents=True, exist_ok=True)
        shutil.copy2(f, data / label / f.name)
    assert all((data / c).is_dir() for c in CLASSES)
    train = TrainTab(context)
    train.resize(*SIZE)
    train.show()
    s = train.settings
    s.set_data(data)
    s.set_output_dir(TMP / "userdata" / "models" / "tiny")
    s.epochs_spin.setValue(4)
    s.size_spin.setValue(32)
    s.batch_spin.setValue(4)
    assert train.start()
    wait(train.worker)
    settle(app, 5)
    assert train.result is not None, train.log.toPlainText()
    train.grab().save(str(args.out / "train_result.png"))
    model = train.result.bundle_dir
    train.shutdown()

    # 3. the window with that model active: the banner says it is not the shipped one
    context.set_model(model)
    settings.setValue("model/path", str(model))
    settings.sync()
    window = MainWindow(QSettings(str(TMP / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(*SIZE)
    window.show()
    window.tabs.setCurrentWidget(window.classify_tab)
    window.classify_tab.add_paths([samples[2]])
    settle(app, 5)
    assert not window.model_banner.isHidden()
    window.grab().save(str(args.out / "model_banner.png"))
    for tab in window.all_tabs:
        tab.shutdown()
    print(f"wrote {', '.join(n for n in ('classify_no_result.png', 'train_result.png', 'model_banner.png'))} "
          f"to {args.out}")
    shutil.rmtree(TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
