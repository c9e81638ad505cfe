"""Render the learning loop's GUI with real content to PNG (for docs and visual checks).

Fine-tunes ``models/default`` in the Train tab ("Continue from the active model") for one
epoch on a few real images with a small corrections file (one relabel, one exclusion, one
entry made stale by changing its image afterwards), then compares the parent and the child in
the Compare tab on other images. Writes ``train_loop.png`` and ``compare.png``.

    python scripts/render_loop_tabs.py [--data DIR] [--per-class N] [--out DIR]
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
TMP = Path(tempfile.mkdtemp(prefix="render-loop-"))
os.environ["LEUKEMIA_AUDIT_LOG"] = str(TMP / "audit.jsonl")  # keep the user's log clean
os.environ["LEUKEMIA_DATA_DIR"] = str(TMP / "userdata")

from core.classes import CLASSES  # noqa: E402
from scripts.render_common import settle, wait  # noqa: E402

SIZE = (1366, 720)  # a 1366x768 screen minus title bar and tab strip
REAL = ROOT.parent / "shared" / "data" / "aria2021-all" / "original"


def subsets(data: Path, per_class: int, seed: int = 11) -> tuple[Path, Path]:
    """Two disjoint labelled folders: copies to fine-tune on (one gets changed), and links to
    compare on (links, so the comparison sees they were in the shipped model's training data)."""
    rng = random.Random(seed)
    tune, held = TMP / "tune", TMP / "held-out"
    for c in CLASSES:
        files = sorted((data / c).glob("*.jpg"))
        picked = rng.sample(files, min(2 * per_class, len(files)))
        for out, part in ((tune, picked[:per_class]), (held, picked[per_class:])):
            (out / c).mkdir(parents=True, exist_ok=True)
            for f in part:
                if out is tune:
                    shutil.copy2(f, out / c / f.name)
                else:
                    (out / c / f.name).symlink_to(f.resolve())
    return tune, held


def corrections_for(tune: Path) -> Path:
    from core.data.corrections import CorrectionsFile

    cf = CorrectionsFile(TMP / "corrections.csv")
    benign, pre, pro = (sorted((tune / c).iterdir()) for c in ("Benign", "Pre", "Pro"))
    cf.set(benign[0], "Benign", "Early", who="reviewer", note="nucleus looks immature")
    cf.set(pro[0], "Pro", "exclude", who="reviewer", note="out of focus")
    cf.set(pre[0], "Pre", "Pro", who="reviewer")
    pre[0].write_bytes(pre[0].read_bytes() + b"\0")  # changed after it was corrected: stale
    return cf.path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=REAL)
    ap.add_argument("--per-class", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=0.001,
                    help="fine-tuning learning rate (the form's default is a tenth of the parent's)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    if not all((args.data / c).is_dir() for c in CLASSES):
        print(f"{args.data}: no labelled class folders", file=sys.stderr)
        return 1
    tune, held = subsets(args.data, args.per_class)
    corrections = corrections_for(tune)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from core.model.bundle import default_model_dir
    from leukemia_gui.context import AppContext
    from leukemia_gui.tabs.compare_tab import CompareTab
    from leukemia_gui.tabs.train_tab import TrainTab

    app = QApplication.instance() or QApplication([])
    context = AppContext(QSettings(str(TMP / "settings.ini"), QSettings.Format.IniFormat))
    context.set_model(default_model_dir())
    context.remember_folder("dataset", held)
    args.out.mkdir(parents=True, exist_ok=True)

    train = TrainTab(context)
    train.resize(*SIZE)
    train.show()
    s = train.settings
    s.set_data(tune)
    s.set_corrections(corrections)
    s.set_continue(True)
    s.epochs_spin.setValue(args.epochs)
    s.lr_spin.setValue(args.lr)
    s.set_output_dir(TMP / "models" / "default-finetuned")
    train.start()
    wait(train.worker)
    settle(app)
    if train.result is None:
        print("training failed:", train.task.label.text(), file=sys.stderr)
        return 1
    train.grab().save(str(args.out / "train_loop.png"))

    compare = CompareTab(context)
    compare.resize(*SIZE)
    compare.show()
    settle(app)  # defaults: data = the dataset in use, A = active, B = just trained
    compare.start_comparison()
    wait(compare.worker)
    settle(app)
    if compare.comparison is None:
        print("comparison failed:", compare.task.label.text(), file=sys.stderr)
        return 1
    if compare.changed.rowCount():
        compare.changed.selectRow(0)
    settle(app)
    compare.grab().save(str(args.out / "compare.png"))
    train.shutdown()
    compare.shutdown()
    m = compare.comparison.mcnemar
    print(f"child {train.result.card['id']}; McNemar b={m.b} c={m.c} p={m.p_value:.4g}; "
          f"wrote {args.out / 'train_loop.png'}, {args.out / 'compare.png'}")
    shutil.rmtree(TMP, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
