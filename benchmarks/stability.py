"""Memory stability: RSS growth while classifying many images and training twice in a row.

Not a test (it takes a minute or two). Run from the repository root::

    .venv/bin/python benchmarks/stability.py [--images 2000] [--json OUT]

Uses ``models/default`` when it exists, else trains a tiny model first. Prints a JSON summary;
numbers are recorded in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from core.classes import CLASSES  # noqa: E402


def rss_mib() -> float:
    """Resident memory of this process now (Linux /proc), else the peak (``resource``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def emit(summary: dict, json_path: str | None) -> None:
    """Print the summary as JSON, and write it to ``json_path`` when one is given."""
    text = json.dumps(summary, indent=1)
    print(text)
    if json_path:
        Path(json_path).write_text(text + "\n", encoding="utf-8")


def synthetic(label_index: int, seed: int, size: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = np.array([(200, 120, 160), (150, 110, 190), (110, 120, 200), (220, 190, 200)][label_index],
                    np.float32)
    img = np.ones((size, size, 3), np.float32) * base + rng.normal(0, 8, (size, size, 3))
    yy, xx = np.mgrid[:size, :size]
    for _ in range(4):
        cy, cx, r = rng.integers(20, size - 20, 2).tolist() + [int(rng.integers(8, 20))]
        img[(yy - cy) ** 2 + (xx - cx) ** 2 < r * r] = base * 0.45
    return np.clip(img, 0, 255).astype(np.uint8)


def write_images(folder: Path, n: int, size: int, per_class_dirs: bool = False) -> list[Path]:
    paths = []
    for i in range(n):
        c = i % len(CLASSES)
        d = folder / CLASSES[c] if per_class_dirs else folder
        d.mkdir(parents=True, exist_ok=True)
        p = d / f"img-{i:05d}.jpg"
        Image.fromarray(synthetic(c, i, size)).save(p, quality=90)
        paths.append(p)
    return paths


def tiny_config(epochs: int):
    from core.training.train import TrainConfig

    return TrainConfig(arch="default", epochs=epochs, image_size=32, batch_size=16, block_size=4,
                       export_onnx=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=2000)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--json", help="also write the summary here")
    args = ap.parse_args()

    from core.model.bundle import BundleError, default_model_dir, load_bundle
    from core.inference.predictor import Predictor
    from core.training.train import train

    summary: dict = {"python": sys.version.split()[0], "pid": os.getpid(),
                     "rss_start_mib": round(rss_mib(), 1)}
    with tempfile.TemporaryDirectory(prefix="leukemia-stability-") as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        paths = write_images(tmp / "images", args.images, 224)
        train_data = tmp / "train-data"
        write_images(train_data, 80, 64, per_class_dirs=True)
        summary["generate_seconds"] = round(time.perf_counter() - t0, 1)

        try:
            model_dir = load_bundle(default_model_dir()).path
            summary["model"] = str(model_dir)
        except BundleError:
            t0 = time.perf_counter()
            model_dir = train(train_data, tmp / "model", tiny_config(1)).bundle_dir
            summary["model"] = f"tiny (trained here in {time.perf_counter() - t0:.0f} s)"

        # ---- classification: batches, then one image at a time (as the GUI drops do)
        predictor = Predictor(model_dir)
        summary["backend"] = predictor.backend
        chunk = 200
        series = []
        t0 = time.perf_counter()
        for start in range(0, len(paths), chunk):
            preds = predictor.predict_paths(paths[start:start + chunk])
            assert all(p.error is None for p in preds)
            gc.collect()
            series.append(round(rss_mib(), 1))
        batch_seconds = time.perf_counter() - t0
        single = []
        t0 = time.perf_counter()
        for i, p in enumerate(paths):
            assert predictor.predict_path(p).error is None
            if (i + 1) % chunk == 0:
                gc.collect()
                single.append(round(rss_mib(), 1))
        single_seconds = time.perf_counter() - t0
        summary["predict"] = {
            "images": len(paths),
            "batched_rss_mib_per_200": series,
            "batched_growth_after_first_200_mib": round(series[-1] - series[0], 1),
            "batched_images_per_second": round(len(paths) / batch_seconds, 1),
            "single_rss_mib_per_200": single,
            "single_growth_after_first_200_mib": round(single[-1] - single[0], 1),
            "single_images_per_second": round(len(paths) / single_seconds, 1),
        }
        del predictor
        gc.collect()

        # ---- training twice in a row in the same process
        runs = []
        for k in range(2):
            before = rss_mib()
            t0 = time.perf_counter()
            train(train_data, tmp / f"retrain-{k}", tiny_config(args.epochs))
            gc.collect()
            runs.append({"rss_before_mib": round(before, 1), "rss_after_mib": round(rss_mib(), 1),
                         "seconds": round(time.perf_counter() - t0, 1)})
        summary["train_twice"] = {
            "epochs": args.epochs, "runs": runs,
            "second_run_growth_mib": round(runs[1]["rss_after_mib"] - runs[0]["rss_after_mib"], 1),
        }
    summary["rss_end_mib"] = round(rss_mib(), 1)
    emit(summary, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
