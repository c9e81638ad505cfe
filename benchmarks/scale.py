"""Scale benchmark (issue #10, not a test): training and prediction on many generated images.

    python benchmarks/scale.py                      # train on 2,000 and 20,000, predict 20,000
    python benchmarks/scale.py --train 2000 --predict 2000   # the quick variant

Generates synthetic smear fields (48 px PNGs, four tinted classes) once under ``--work``,
then runs each measurement in its own process so its peak RSS is its own: training is the
``default`` architecture at 32 px for one epoch (tf.data streaming, no backup), prediction is
``Predictor.iter_predict`` (ONNX, threaded decode) writing a CSV record by record, as
``leukemia predict --csv`` does. Prints one JSON line per measurement and writes them all to
``--json`` (default ``benchmarks/scale_results.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLASS_TINTS = {"Benign": (200, 120, 160), "Early": (150, 110, 190), "Pre": (110, 120, 200),
               "Pro": (220, 190, 200)}


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" else 1 / 1024
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale, 1)


def generate(folder: Path, n: int, size: int = 48) -> Path:
    """``n`` images split evenly over the four class folders (kept between runs)."""
    import numpy as np
    from PIL import Image

    marker = folder / f".complete-{n}"
    if marker.is_file():
        return folder
    per_class = n // len(CLASS_TINTS)
    for c, (label, tint) in enumerate(CLASS_TINTS.items()):
        sub = folder / label
        sub.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            rng = np.random.default_rng(100_000 * c + i)
            img = np.ones((size, size, 3), np.float32) * tint + rng.normal(0, 8, (size, size, 3))
            yy, xx = np.mgrid[:size, :size]
            for _ in range(3):
                cy, cx, r = rng.integers(5, size - 5, 2).tolist() + [int(rng.integers(3, 8))]
                img[(yy - cy) ** 2 + (xx - cx) ** 2 < r * r] = np.array(tint) * 0.45
            Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(
                sub / f"WBC-{label}-{i + 1:06d}.png")
    marker.write_text("ok")
    return folder


def child_train(data: Path, out: Path) -> dict:
    from core.training.train import TrainConfig, train

    t0 = time.perf_counter()
    result = train(data, out, TrainConfig(arch="default", epochs=1, image_size=32, batch_size=32,
                                          strategy="default"))
    seconds = time.perf_counter() - t0
    counts = result.card["dataset"]["counts"]
    n = sum(sum(c.values()) for c in counts.values())
    return {"task": "train", "images": n, "train_images": sum(counts["train"].values()),
            "seconds": round(seconds, 1), "training_seconds": result.card["training"]["seconds"],
            "images_per_s": round(n / seconds, 1), "peak_rss_mb": peak_rss_mb()}


def child_predict(data: Path, model: Path, csv_out: Path) -> dict:
    from core.inference.predictor import Predictor, expand_paths
    from core.inference.results_file import ResultsFile

    t0 = time.perf_counter()
    paths = expand_paths([data])
    predictor = Predictor(model)
    n = 0
    with ResultsFile(csv_out, predictor.bundle.card["classes"],
                     model_id=predictor.bundle.model_id) as out:
        for pred in predictor.iter_predict(paths):
            out.write(pred)
            n += 1
    seconds = time.perf_counter() - t0
    return {"task": "predict", "images": n, "backend": predictor.backend,
            "seconds": round(seconds, 1), "images_per_s": round(n / seconds, 1),
            "peak_rss_mb": peak_rss_mb()}


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                         text=True, cwd=ROOT)
    if out.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=int, nargs="*", default=[2000, 20000], help="training set sizes")
    ap.add_argument("--predict", type=int, default=20000, help="images to classify (0: none)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/leukemia-scale"))
    ap.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "scale_results.json")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, *rest = args.child
        result = child_train(*map(Path, rest)) if kind == "train" else child_predict(*map(Path, rest))
        print(json.dumps(result))
        return 0
    results = []
    model = None
    for n in args.train:
        data = generate(args.work / f"data-{n}", n)
        model = args.work / f"model-{n}"
        r = {**run_child("train", str(data), str(model)), "size": n}
        print(json.dumps(r), flush=True)
        results.append(r)
    if args.predict:
        if model is None:
            raise SystemExit("--predict needs a trained model: give at least one --train size")
        data = generate(args.work / f"data-{args.predict}", args.predict)
        r = {**run_child("predict", str(data), str(model), str(args.work / "predictions.csv")),
             "size": args.predict}
        print(json.dumps(r), flush=True)
        results.append(r)
    args.json.write_text(json.dumps({"cpu_count": os.cpu_count(), "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
