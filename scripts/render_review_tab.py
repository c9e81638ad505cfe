"""Render the Review tab with a real queue to PNG (for docs and visual checks).

Evaluates a model (default ``models/default``) on a few images per class of its own
validation split (never its training images) when the data it was made from is present,
else on a labelled folder given with ``--data``; then fills the review queue with the result,
marks the first image "not sure" in a throw-away corrections file (so a marked row shows),
and grabs the tab with the heatmap on.

    python scripts/render_review_tab.py [--model DIR] [--data DIR] [--per-class N] [--out DIR]
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
TMP = Path(tempfile.mkdtemp(prefix="render-review-"))
os.environ["LEUKEMIA_AUDIT_LOG"] = str(TMP / "audit.jsonl")
os.environ["LEUKEMIA_DATA_DIR"] = str(TMP / "userdata")  # keep the user's corrections clean

from core.classes import CLASSES  # noqa: E402

SIZE = (1366, 720)  # a 1366x768 screen minus title bar and tab strip


def pick_images(model: Path, data: Path | None, per_class: int, seed: int = 7) -> Path:
    """Copy ``per_class`` images per class into a labelled folder: from the model's validation
    split when its data is here, else from ``data/<Class>/``."""
    from core.data.split import read_manifest

    rng = random.Random(seed)
    chosen: dict[str, list[Path]] = {}
    split = model / "split.json"
    if data is None and split.is_file():
        manifest = read_manifest(split)
        for item in manifest.items("val"):
            if Path(item.path).is_file():
                chosen.setdefault(item.label, []).append(Path(item.path))
    elif data is not None:
        for c in CLASSES:
            chosen[c] = sorted(p for p in (data / c).glob("*") if p.is_file())
    if not chosen:
        raise SystemExit("no labelled images found: pass --data DIR with class folders")
    out = TMP / "data"
    for c, files in chosen.items():
        (out / c).mkdir(parents=True, exist_ok=True)
        for f in rng.sample(files, min(per_class, len(files))):
            shutil.copy2(f, out / c / f.name)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "default")
    ap.add_argument("--data", type=Path)
    ap.add_argument("--per-class", type=int, default=50)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    data = pick_images(args.model, args.data, args.per_class)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from core.evaluation.evaluate import evaluate
    from leukemia_gui.context import AppContext
    from leukemia_gui.review_hub import ReviewHub, evaluation_source
    from leukemia_gui.tabs.review_tab import ReviewTab

    app = QApplication.instance() or QApplication([])
    context = AppContext(QSettings(str(TMP / "settings.ini"), QSettings.Format.IniFormat))
    context.set_model(args.model)
    hub = ReviewHub.of(context)
    hub.set_corrections_path(TMP / "corrections.csv")
    result = evaluate(args.model, data)

    tab = ReviewTab(context)
    tab.resize(*SIZE)
    tab.show()
    hub.request_review(evaluation_source(result, args.model))
    if not tab.shown:
        print("the review queue is empty: nothing to render", file=sys.stderr)
        return 1
    tab.mark_current("unsure")  # moves on to the second image
    tab.result.heatmap_check.setChecked(tab.result.heatmap_check.isEnabled())
    for _ in range(3):
        app.processEvents()
    args.out.mkdir(parents=True, exist_ok=True)
    tab.grab().save(str(args.out / "review.png"))
    tab.shutdown()
    print(f"model {context.bundle.model_id}; {len(result.predictions)} images, "
          f"{len(tab.queue)} in the queue; wrote {args.out / 'review.png'}")
    shutil.rmtree(TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
