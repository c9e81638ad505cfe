"""Do whole-field features join the cells' verdict? A late-fusion probe on a validation part.

    nice -n 10 .venv/bin/python benchmarks/fusion_probe.py --split 42 --tag _b10 [--part val]

The cells model is the one ``benchmarks/cell_model.py --split S --tag T`` trained
(``benchmarks/out/cells_splitS T``), read through the product path (the ``Predictor``: detection,
windows, extractor, heads, calibration). The whole-field reader is the same frozen ImageNet
extractor (EfficientNet-Lite0, the cells' stages, global-average pooled) on the whole 224-px
field, with a logistic regression fitted on the split's training fields and two jittered
copies of each (``core.training.cell_features.jitter``, the cells' copies). For each weight
``w`` the field's probabilities are ``(1 - w) * cells + w * whole field`` (a field without a
white cell keeps the whole field's); ``w = 0`` is the cells model as it is. Each weight is
scored on the part, clean and under each change of the robustness range: top-class accuracy,
malignant called Benign, the worst change. Writes ``benchmarks/out/fusion_split<S><T>_<part>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cell_model import read  # noqa: E402
from cell_probe import CHANGES, OUT, change_key, split_manifest  # noqa: E402

from core.classes import CLASSES  # noqa: E402

WEIGHTS = (0.0, 0.1, 0.2, 0.35, 0.5, 1.0)
COPIES = 2


def field_features(extract, images: list[np.ndarray], batch: int = 32) -> np.ndarray:
    out = [np.asarray(extract(np.stack(images[i:i + batch]).astype(np.float32), training=False))
           for i in range(0, len(images), batch)]
    return np.concatenate(out)


def cached(path: Path, make) -> np.ndarray:
    if path.is_file():
        return np.load(path)["x"]
    x = make()
    np.savez_compressed(path, x=x)
    return x


def cell_probs(preds: list) -> np.ndarray:
    """The cells model's calibrated probabilities (NaN where the field had no reading)."""
    return np.array([[p.probabilities[c] for c in CLASSES] if p.probabilities else [np.nan] * 4
                     for p in preds])


def fuse(cells: np.ndarray, whole: np.ndarray, w: float) -> np.ndarray:
    fused = (1 - w) * cells + w * whole
    return np.where(np.isnan(cells), whole, fused)


def score(p: np.ndarray, y: np.ndarray) -> dict:
    top = p.argmax(1)
    return {"accuracy": float((top == y).mean()), "errors": int((top != y).sum()),
            "malignant_called_benign": int(((top == 0) & (y != 0)).sum())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", type=int, default=42)
    ap.add_argument("--tag", default="")
    ap.add_argument("--part", default="val", choices=("val", "test"))
    ap.add_argument("--features-only", action="store_true",
                    help="only compute and cache the whole-field features (no cells model needed)")
    args = ap.parse_args()
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from core.data.images import load_rgb
    from core.inference.predictor import Predictor
    from core.model.backbones import feature_extractor
    from core.model.cells import LAYERS as layers
    from core.training.cell_features import jitter

    manifest = split_manifest(args.split)
    extract = feature_extractor(layers)
    key = f"fusion_split{args.split}"
    t0 = time.perf_counter()

    train = [e for e in manifest.entries if e.split == "train"]
    y_train = np.array([CLASSES.index(e.label) for e in train])

    def train_images() -> list[np.ndarray]:
        rng = np.random.default_rng(args.split)
        out = []
        for e in train:
            x = load_rgb(manifest.resolve(e.path))
            out += [x] + [jitter(x, rng, jpeg=bool(k % 2 == 0)) for k in range(COPIES)]
        return out

    x_train = cached(OUT / f"{key}_train_{'-'.join(layers)}.npz",
                     lambda: field_features(extract, train_images()))
    y_fit = np.repeat(y_train, 1 + COPIES)
    part = [e for e in manifest.entries if e.split == args.part]
    images = [load_rgb(manifest.resolve(e.path)) for e in part]
    y = np.array([CLASSES.index(e.label) for e in part])
    changed = {"clean": images, **{n: [f(x) for x in images] for n, f in CHANGES.items()}}
    whole_features = {n: cached(OUT / f"{key}_{args.part}_{change_key(n)}_{'-'.join(layers)}.npz",
                                lambda ims=ims: field_features(extract, ims)) for n, ims in changed.items()}
    if args.features_only:
        return 0
    pred = Predictor(OUT / f"cells_split{args.split}{args.tag}")
    if tuple(pred.bundle.card["cells"]["layers"]) != tuple(layers):
        raise SystemExit("the cells model reads other stages than the whole-field reader")
    clf = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=3000))
    clf.fit(x_train, y_fit)
    print(f"{time.strftime('%H:%M:%S')} whole-field reader fitted on {len(x_train)} fields "
          f"({time.perf_counter() - t0:.0f} s)", flush=True)

    results: dict = {w: {} for w in WEIGHTS}
    for name, ims in changed.items():
        whole = clf.predict_proba(whole_features[name])
        cells = cell_probs(read(pred, ims))
        for w in WEIGHTS:
            results[w][name] = score(fuse(cells, whole, w), y)
        print(f"{time.strftime('%H:%M:%S')} {name:16s} " + "  ".join(
            f"w={w}: {results[w][name]['errors']}" for w in WEIGHTS), flush=True)
    summary = {}
    for w in WEIGHTS:
        base = results[w]["clean"]["accuracy"]
        changes = {n: round(100 * (r["accuracy"] - base), 1) for n, r in results[w].items() if n != "clean"}
        worst = min(changes, key=changes.get)
        summary[str(w)] = {**results[w]["clean"], "worst_change_points": changes[worst],
                           "worst_change": worst, "changes": changes,
                           "changed_errors": {n: r["errors"] for n, r in results[w].items()},
                           "changed_malignant_called_benign": {
                               n: r["malignant_called_benign"] for n, r in results[w].items()}}
        print(f"w={w}: {results[w]['clean']['errors']} errors, malignant called Benign "
              f"{results[w]['clean']['malignant_called_benign']}, worst change {changes[worst]:+.1f} ({worst})")
    out = {"split": args.split, "tag": args.tag, "part": args.part, "model_id": pred.bundle.card["id"],
           "layers": layers, "copies": COPIES, "n": len(y), "weights": summary,
           "seconds": round(time.perf_counter() - t0, 1)}
    (OUT / f"fusion_split{args.split}{args.tag}_{args.part}.json").write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
