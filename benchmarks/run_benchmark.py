"""The benchmark: baselines and CNNs side by side on one seeded block split of the real data.

    python benchmarks/train_models.py            # trains default + seed (tens of minutes)
    python benchmarks/run_benchmark.py           # evaluates everything, writes docs/benchmarks_tables.md

Reports accuracy, balanced accuracy, per-class sensitivity/specificity with 95% Wilson
intervals, macro F1, ECE, uncertain rate, training time, bundle size, single-image latency
(p50/p95, decode + preprocessing + model) and batch throughput (median of 5 passes), robustness under a fixed set
of stain/colour and acquisition changes, and out-of-distribution flag rates.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from core.classes import CLASSES  # noqa: E402
from core.data.split import block_key, read_manifest  # noqa: E402
from core.data.images import load_rgb  # noqa: E402
from core.evaluation.metrics import compute_metrics  # noqa: E402
from tests.oodsets import derived_sets, generated_sets, hsv_shift  # noqa: E402
from core.inference.predictor import Predictor  # noqa: E402
from core.inference.result import Prediction, summarize_case  # noqa: E402

# ---------------------------------------------------------------- perturbations (documented)


def _jpeg(rgb: np.ndarray, q: int) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="JPEG", quality=q)
    return np.asarray(Image.open(buf).convert("RGB"))


def _lin(rgb: np.ndarray, a: float, b: float = 0.0) -> np.ndarray:
    return np.clip(rgb.astype(np.float32) * a + b, 0, 255).astype(np.uint8)


def _contrast(rgb: np.ndarray, c: float) -> np.ndarray:
    m = rgb.reshape(-1, 3).mean(0)
    return np.clip((rgb.astype(np.float32) - m) * c + m, 0, 255).astype(np.uint8)


def _gamma(rgb: np.ndarray, g: float) -> np.ndarray:
    return np.clip(255.0 * (rgb / 255.0) ** g, 0, 255).astype(np.uint8)


PERTURBATIONS = {
    "hue +0.03": lambda x: hsv_shift(x, 0.03),
    "hue -0.03": lambda x: hsv_shift(x, -0.03),
    "saturation x0.7": lambda x: hsv_shift(x, 0, 0.7),
    "saturation x1.3": lambda x: hsv_shift(x, 0, 1.3),
    "brightness x0.85": lambda x: _lin(x, 0.85),
    "brightness x1.15": lambda x: _lin(x, 1.15),
    "contrast x0.8": lambda x: _contrast(x, 0.8),
    "contrast x1.2": lambda x: _contrast(x, 1.2),
    "gamma 0.8": lambda x: _gamma(x, 0.8),
    "gamma 1.25": lambda x: _gamma(x, 1.25),
    "jpeg q50": lambda x: _jpeg(x, 50),
    "blur sigma 1": lambda x: cv2.GaussianBlur(x, (0, 0), 1.0),
    "rotate 90": lambda x: np.ascontiguousarray(np.rot90(x, 1)),
    "rotate 270": lambda x: np.ascontiguousarray(np.rot90(x, 3)),
}
STAIN = [k for k in PERTURBATIONS if k.split()[0] in ("hue", "saturation", "brightness", "contrast", "gamma")]

# ---------------------------------------------------------------- out-of-distribution set


# ---------------------------------------------------------------- baselines


def colour_features(rgb: np.ndarray) -> np.ndarray:
    x = rgb.reshape(-1, 3).astype(np.float32)
    return np.concatenate([x.mean(0), x.std(0)])


def grey_hist(rgb: np.ndarray) -> np.ndarray:
    g = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    h = np.histogram(g, bins=32, range=(0, 256))[0].astype(np.float32)
    return h / h.sum()


def knn_baseline(feat, train, test, y_train, y_test, cases: list[str]) -> dict:
    clf = make_pipeline(StandardScaler(), KNeighborsClassifier(5))
    clf.fit(np.stack([feat(x) for x in train]), y_train)
    probs = clf.predict_proba(np.stack([feat(x) for x in test]))
    preds = [Prediction(None, CLASSES[int(np.argmax(p))], dict(zip(CLASSES, map(float, p))),
                        float(p.max()), False) for p in probs]
    return {**compute_metrics(y_test, probs), "case": case_report(cases, y_test, preds)}


def case_report(cases: list[str], y: np.ndarray, preds: list[Prediction]) -> dict:
    """Accuracy per case: each block of consecutive files (the patient proxy) read together
    by :func:`core.inference.predictor.summarize_case`, as a lab reading several fields of one smear would."""
    by_case: dict[str, tuple[int, list[Prediction]]] = {}
    for case, truth, pred in zip(cases, y, preds):
        by_case.setdefault(case, (int(truth), []))[1].append(pred)
    wrong, uncertain = [], 0
    for case, (truth, fields) in sorted(by_case.items()):
        summary = summarize_case(fields)
        uncertain += summary.uncertain
        if summary.label != CLASSES[truth]:
            wrong.append(f"{case} ({len(fields)} fields) -> {summary.label}")
    sizes = [len(f) for _, f in by_case.values()]
    return {"cases": len(by_case), "correct": len(by_case) - len(wrong),
            "accuracy": (len(by_case) - len(wrong)) / max(1, len(by_case)),
            "uncertain": uncertain, "wrong": wrong,
            "fields_min_median_max": [min(sizes), float(np.median(sizes)), max(sizes)]}


# ---------------------------------------------------------------- CNN evaluation


THROUGHPUT_PASSES = 5


def predict_images(pred: Predictor, images: list[np.ndarray], batch: int = 64) -> list:
    """Predictions for decoded RGB images, preprocessed and classified in batches."""
    x = np.stack([pred.prepare(r) for r in images])
    res = []
    for i in range(0, len(x), batch):
        res += pred.predict_inputs(x[i:i + batch])
    return res


def cnn_report(bundle_dir: Path, test: list[np.ndarray], y: np.ndarray, paths: list[Path],
               ood: dict[str, list[np.ndarray]], cases: list[str]) -> dict:
    pred = Predictor(bundle_dir)
    card = pred.bundle.card

    def run(images: list[np.ndarray]):
        return predict_images(pred, images)

    res = run(test)
    probs = np.array([[r.probabilities[c] for c in CLASSES] for r in res])
    metrics = compute_metrics(y, probs)
    metrics["uncertain_rate"] = float(np.mean([r.uncertain for r in res]))
    wrong = [r for r, t in zip(res, y) if CLASSES.index(r.label) != t]
    metrics["errors_flagged"] = sum(r.uncertain for r in wrong)
    metrics["errors_unflagged_confidence"] = sorted(round(r.confidence, 3) for r in wrong
                                                    if not r.uncertain)
    metrics["case"] = case_report(cases, y, res)
    robust = {}
    for name, fn in PERTURBATIONS.items():
        rr = run([fn(x) for x in test])
        robust[name] = {"accuracy": float(np.mean([CLASSES.index(r.label) == t for r, t in zip(rr, y)])),
                        "uncertain_rate": float(np.mean([r.uncertain for r in rr]))}
    ood_rates = {name: float(np.mean([r.uncertain for r in run(imgs)])) for name, imgs in ood.items()}
    # latency: decode + preprocess + model, one image at a time, model loaded
    times = []
    for p in (paths * 3)[:300]:
        t0 = time.perf_counter()
        pred.predict_path(p)
        times.append((time.perf_counter() - t0) * 1000)
    # batch throughput: the median of THROUGHPUT_PASSES passes over the test files (one pass
    # varies by +-10% on 2 cores with how decoding interleaves with the model)
    passes = []
    for _ in range(THROUGHPUT_PASSES):
        t0 = time.perf_counter()
        n = len(list(pred.iter_predict(paths, batch_size=64)))
        passes.append(n / (time.perf_counter() - t0))
    throughput = float(np.median(passes))
    size = sum(f.stat().st_size for f in bundle_dir.iterdir() if f.is_file())
    return {
        "model_id": card["id"], "architecture": card["architecture"], "metrics": metrics,
        "train_seconds": card["training"]["seconds"], "epochs_run": card["training"]["epochs_run"],
        "best_epoch": card["training"]["best_epoch"],
        "temperature": card["uncertainty"]["temperature"],
        "val_ece_uncalibrated": card["metrics"].get("val_uncalibrated_ece"),
        "bundle_mb": size / 1e6, "latency_ms_p50": float(np.percentile(times, 50)),
        "latency_ms_p95": float(np.percentile(times, 95)), "throughput_per_s": throughput,
        "throughput_passes": [round(v, 1) for v in passes],
        "backend": pred.backend, "robustness": robust, "ood_flag_rate": ood_rates,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    ap.add_argument("--models", nargs="+", default=["default", "seed"])
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = ap.parse_args()
    manifest = read_manifest(args.out / "split.json")
    tr, te = manifest.items("train"), manifest.items("test")
    train_rgb = [load_rgb(i.path) for i in tr]
    test_rgb = [load_rgb(i.path) for i in te]
    y_tr = np.array([CLASSES.index(i.label) for i in tr])
    y_te = np.array([CLASSES.index(i.label) for i in te])
    results: dict = {"date": str(date.today()), "machine": f"{platform.processor() or platform.machine()}, "
                     f"{os.cpu_count()} cores, {platform.system()}", "split": manifest.counts(),
                     "perturbations": list(PERTURBATIONS), "stain_perturbations": STAIN}
    cases = [block_key(i, manifest.block_size) for i in te]
    results["colour_knn"] = knn_baseline(colour_features, train_rgb, test_rgb, y_tr, y_te, cases)
    results["grey_hist_knn"] = knn_baseline(grey_hist, train_rgb, test_rgb, y_tr, y_te, cases)
    ood = {**generated_sets(), **derived_sets(test_rgb)}
    results["ood_counts"] = {k: len(v) for k, v in ood.items()}
    for name in args.models:
        bdir = args.out / name
        if (bdir / "model.json").is_file():
            print("evaluating", name, flush=True)
            results[name] = cnn_report(bdir, test_rgb, y_te, [i.path for i in te], ood, cases)
    args.results.write_text(json.dumps(results, indent=1))
    print(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
