"""Compare recipes the way they are chosen: validation first, with errors by file and the worst
stain/colour change, then the test split.

    python benchmarks/recipe_report.py BUNDLE [BUNDLE ...] [--split benchmarks/out/split.json]

For each bundle and each of the split's ``val`` and ``test`` parts: accuracy, balanced
accuracy, the worst of the benchmark's stain/colour changes (and JPEG q50, blur), and the
wrongly classified files as ``Class-number>predicted``, so errors that cluster in blocks of
consecutive numbers (one patient) show at a glance. Used to choose the white-balance layer
on two seeded splits (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.run_benchmark import PERTURBATIONS, STAIN, predict_images  # noqa: E402
from core.classes import CLASSES  # noqa: E402
from core.data.split import read_manifest  # noqa: E402
from core.data.images import load_rgb  # noqa: E402
from core.evaluation.metrics import compute_metrics  # noqa: E402
from core.inference.predictor import Predictor  # noqa: E402


def _number(path: Path) -> str:
    found = re.findall(r"(\d+)", path.name)
    return found[-1] if found else path.stem


def report(bundle: Path, manifest: object) -> list[str]:
    pred = Predictor(bundle)

    def run(images: list[np.ndarray]) -> np.ndarray:
        return np.array([[r.probabilities[c] for c in CLASSES] for r in predict_images(pred, images)])

    lines = []
    for split in ("val", "test"):
        items = manifest.items(split)
        if not items:
            continue
        rgb = [load_rgb(i.path) for i in items]
        y = np.array([CLASSES.index(i.label) for i in items])
        probs = run(rgb)
        p = probs.argmax(axis=1)
        metrics = compute_metrics(y, probs)
        acc, bal = metrics["accuracy"], metrics["balanced_accuracy"]
        drops = {n: compute_metrics(y, run([PERTURBATIONS[n](r) for r in rgb]))["accuracy"] - acc
                 for n in [*STAIN, "jpeg q50", "blur sigma 1"]}
        worst = min(STAIN, key=drops.get)
        errors = sorted(f"{items[i].label}-{_number(items[i].path)}>{CLASSES[p[i]]}"
                        for i in np.where(p != y)[0])
        lines.append(f"{bundle.name} {split}: accuracy {acc:.2%}, balanced {bal:.2%}, worst stain "
                     f"change {worst} {100 * drops[worst]:+.1f} points, JPEG q50 "
                     f"{100 * drops['jpeg q50']:+.1f}, blur {100 * drops['blur sigma 1']:+.1f}")
        lines.append(f"    {len(errors)} errors: {' '.join(errors)}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("bundles", type=Path, nargs="+")
    ap.add_argument("--split", type=Path, default=ROOT / "benchmarks" / "out" / "split.json")
    args = ap.parse_args()
    manifest = read_manifest(args.split)
    for bundle in args.bundles:
        for line in report(bundle, manifest):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
