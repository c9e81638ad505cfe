"""Render the Classify (also with "One case" ticked) and Evaluate tabs with real content to PNG
(for docs and visual checks).

Uses ``models/default`` when it exists, else trains a tiny throw-away model (seconds). Images
come from ``resources/samples`` or ``../shared/data/aria2021-all/original`` (a few per class
are copied to a temporary labelled folder so evaluation stays quick).

    python scripts/render_tabs_part2.py [--model DIR] [--data DIR] [--per-class N] [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TMP = Path(tempfile.mkdtemp(prefix="render-tabs-"))
os.environ["LEUKEMIA_AUDIT_LOG"] = str(TMP / "audit.jsonl")  # keep the user's log clean

from core.classes import CLASSES  # noqa: E402
from scripts.render_common import settle, wait, wait_timer  # noqa: E402

SIZE = (1366, 720)  # a 1366x768 screen minus title bar and tab strip


def default_data() -> Path | None:
    for candidate in (ROOT / "resources" / "samples", ROOT.parent / "shared" / "data" / "aria2021-all" / "original"):
        if all(any((candidate / c).glob("*.jpg")) for c in CLASSES if (candidate / c).is_dir()) \
                and any((candidate / c).is_dir() for c in CLASSES):
            return candidate
    return None


def subset(data: Path, per_class: int, seed: int = 7) -> Path:
    out = TMP / "data"
    rng = random.Random(seed)
    for c in CLASSES:
        files = sorted((data / c).glob("*.*"))
        (out / c).mkdir(parents=True, exist_ok=True)
        for f in rng.sample(files, min(per_class, len(files))):
            shutil.copy2(f, out / c / f.name)
    return out


def tiny_model(data: Path) -> Path:
    from core.training.train import TrainConfig, train

    return train(data, TMP / "model", TrainConfig(arch="default", epochs=3, image_size=64,
                                                   batch_size=8, block_size=3, seed=1)).bundle_dir


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--per-class", type=int, default=12)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    source = args.data or default_data()
    if source is None:
        print("no sample images found", file=sys.stderr)
        return 1
    data = subset(source, args.per_class)
    model = args.model or (ROOT / "models" / "default" if (ROOT / "models" / "default" / "model.json").is_file()
                           else tiny_model(data))

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from leukemia_gui.context import AppContext
    from leukemia_gui.tabs.classify_tab import ClassifyTab
    from leukemia_gui.tabs.evaluate_tab import EvaluateTab

    app = QApplication.instance() or QApplication([])
    context = AppContext(QSettings(str(TMP / "settings.ini"), QSettings.Format.IniFormat))
    context.set_model(model)
    args.out.mkdir(parents=True, exist_ok=True)

    classify = ClassifyTab(context)
    classify.resize(*SIZE)
    classify.show()
    files = [f for c in CLASSES for f in sorted((data / c).iterdir())[:3]]
    classify.add_paths(files)
    wait(classify.tasks.worker)
    settle(app, 3)
    rows = classify.table.entries()
    pick = next((i for i, e in enumerate(rows) if e[1].uncertain), 0)
    classify.table.selectRow(pick)
    classify.result.heatmap_check.setChecked(classify.result.heatmap_check.isEnabled())
    settle(app, 3)
    classify.grab().save(str(args.out / "classify.png"))

    # one case: the fields of one class read together ("One case" ticked)
    case = ClassifyTab(context)
    case.resize(*SIZE)
    case.show()
    case.case_check.setChecked(True)
    case.add_paths(sorted((data / "Pre").iterdir()))
    wait(case.tasks.worker)
    settle(app, 3)
    wait_timer(app, case._case_timer)  # the case line is updated 250 ms after the last row
    assert case.case_label.isVisible(), "the one-case line did not appear"
    case.grab().save(str(args.out / "classify_case.png"))
    case.shutdown()

    evaluate = EvaluateTab(context)
    evaluate.resize(*SIZE)
    evaluate.show()
    evaluate.set_data(data)
    evaluate.start_evaluation()
    wait(evaluate.worker)
    settle(app, 3)
    cm = evaluate.result.metrics.confusion_matrix
    off = max(((i, j) for i in range(4) for j in range(4) if i != j), key=lambda ij: cm[ij[0]][ij[1]])
    i, j = off if cm[off[0]][off[1]] else (0, 0)
    evaluate.show_cell(CLASSES[i], CLASSES[j])
    settle(app, 3)
    evaluate.grab().save(str(args.out / "evaluate.png"))
    classify.shutdown()
    evaluate.shutdown()
    print(f"model {context.bundle.model_id}; wrote {args.out / 'classify.png'}, "
          f"{args.out / 'classify_case.png'}, {args.out / 'evaluate.png'}")
    shutil.rmtree(TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
