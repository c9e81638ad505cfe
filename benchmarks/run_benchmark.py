"""The benchmark: baselines and CNNs side by side on one seeded block split of the real data.

    python benchmarks/train_models.py            # trains default + seed (tens of minutes)
    python benchmarks/run_benchmark.py           # evaluates everything, writes docs/benchmarks.md

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
from core.dataset import block_key, read_manifest  # noqa: E402
from core.images import load_rgb  # noqa: E402
from core.metrics import compute_metrics  # noqa: E402
from core.predict import Prediction, Predictor, summarize_case  # noqa: E402

# ---------------------------------------------------------------- perturbations (documented)


def _hsv_shift(rgb: np.ndarray, dh: float = 0.0, s: float = 1.0) -> np.ndarray:
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV_FULL).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + dh * 256) % 256
    hsv[..., 1] = np.clip(hsv[..., 1] * s, 0, 255)
    return cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB_FULL)


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
    "hue +0.03": lambda x: _hsv_shift(x, 0.03),
    "hue -0.03": lambda x: _hsv_shift(x, -0.03),
    "saturation x0.7": lambda x: _hsv_shift(x, 0, 0.7),
    "saturation x1.3": lambda x: _hsv_shift(x, 0, 1.3),
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


def ood_images(seed: int = 0, n_each: int = 20) -> dict[str, list[np.ndarray]]:
    """Fields that are not blood smears of this kind, generated without any download."""
    rng = np.random.default_rng(seed)
    sets: dict[str, list[np.ndarray]] = {k: [] for k in (
        "blank white", "over-exposed", "black", "uniform noise", "smooth gradients",
        "text screenshot", "checkerboard", "natural-like photo (skimage)", "other stain (green)",
        "wrong magnification (4x tiled)")}
    samples = []
    try:
        import skimage.data as sd  # optional: only if installed

        for name in ("astronaut", "coffee", "chelsea", "rocket", "hubble_deep_field"):
            samples.append(getattr(sd, name)())
    except Exception:  # noqa: BLE001 - scikit-image is optional
        pass
    for i in range(n_each):
        sets["blank white"].append(np.full((224, 224, 3), 250 + i % 5, np.uint8))
        base = rng.integers(200, 256, (224, 224, 3)).astype(np.uint8)
        sets["over-exposed"].append(np.clip(base.astype(int) + 40, 0, 255).astype(np.uint8))
        sets["black"].append(rng.integers(0, 20, (224, 224, 3)).astype(np.uint8))
        sets["uniform noise"].append(rng.integers(0, 256, (224, 224, 3)).astype(np.uint8))
        yy, xx = np.mgrid[:224, :224] / 224.0
        c = rng.random(3)
        sets["smooth gradients"].append((np.stack([xx * c[0], yy * c[1], (xx + yy) / 2 * c[2]], -1) * 255).astype(np.uint8))
        img = np.full((224, 224, 3), 255, np.uint8)
        for line in range(10):
            cv2.putText(img, f"Report line {i}-{line} {rng.integers(1e6)}", (5, 20 + 20 * line),
                        cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1)
        sets["text screenshot"].append(img)
        k = 8 + i
        board = ((np.indices((224, 224)).sum(0) // k) % 2 * 255).astype(np.uint8)
        sets["checkerboard"].append(np.stack([board] * 3, -1))
        if samples:
            s = samples[i % len(samples)]
            if s.ndim == 2:
                s = np.stack([s] * 3, -1)
            s = s[..., :3]
            y0 = rng.integers(0, max(1, s.shape[0] - 224))
            x0 = rng.integers(0, max(1, s.shape[1] - 224))
            sets["natural-like photo (skimage)"].append(cv2.resize(np.ascontiguousarray(s[y0:y0 + 224, x0:x0 + 224]), (224, 224)))
    return {k: v for k, v in sets.items() if v}


def derived_ood(test_rgbs: list[np.ndarray], n: int = 20) -> dict[str, list[np.ndarray]]:
    """Smears made unlike ours: a green counter-stain, and 4 fields tiled (lower magnification)."""
    green = [_hsv_shift(x, 0.33) for x in test_rgbs[:n]]
    tiled = []
    for i in range(n):
        quad = [cv2.resize(test_rgbs[(4 * i + k) % len(test_rgbs)], (112, 112)) for k in range(4)]
        tiled.append(np.vstack([np.hstack(quad[:2]), np.hstack(quad[2:])]))
    return {"other stain (green)": green, "wrong magnification (4x tiled)": tiled}


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
    by :func:`core.predict.summarize_case`, as a lab reading several fields of one smear would."""
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
    ood = {**ood_images(), **derived_ood(test_rgb)}
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
