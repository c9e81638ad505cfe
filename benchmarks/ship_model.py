"""Make the shipped model: train the chosen recipe on all development images, fill its card.

    python benchmarks/ship_model.py train   [--data DIR] [--epochs N]  # benchmarks/ship/default
    python benchmarks/ship_model.py publish [--name default]           # -> models/default

``train`` uses ``benchmarks/ship/split.json`` (85% train, 15% validation for the epoch, the
temperature and the uncertainty thresholds; no test part: the benchmark's test split measured
the same recipe). ``publish`` copies that bundle to ``models/default`` with the data source,
intended use, known limitations and the benchmark's figures for the same recipe
(``benchmarks/results.json`` entry ``--name``) written into its card, then re-verifies it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.bundle import AUTO_FIELDS, load_bundle, save_bundle  # noqa: E402

DATA = ROOT.parent / "shared/data/aria2021-all/original"
SHIP = ROOT / "benchmarks" / "ship"

DATA_SOURCE = {
    "name": "Acute Lymphoblastic Leukemia (ALL) image dataset (development portion)",
    "citation": "M. Aria, M. Ghaderzadeh, D. Bashash, H. Abolghasemi, F. Asadi, A. Hosseini, "
                "\"Acute Lymphoblastic Leukemia (ALL) image dataset\", Mendeley Data, 2021",
    "origin": "Taleqani Hospital bone marrow laboratory, Tehran; 89 patients; Zeiss camera, "
              "100x objective",
    "images": 2592,
}


def limitations(bench: dict, results: dict) -> list[str]:
    """Known limitations, with the benchmark's own figures."""
    m = bench["metrics"]
    cm = m["confusion_matrix"]
    classes = m["classes"]
    errors = sorted(((cm[i][j], classes[i], classes[j]) for i in range(len(cm))
                     for j in range(len(cm)) if i != j and cm[i][j]), reverse=True)[:2]
    base = m["accuracy"]
    rob = bench["robustness"]
    stain = {p: base - rob[p]["accuracy"] for p in results["stain_perturbations"]}
    worst_stain = max(stain, key=stain.get)
    tiled = bench["ood_flag_rate"].get("wrong magnification (4x tiled)")
    jpeg_cost = base - rob["jpeg q50"]["accuracy"]
    lines = [
        "One laboratory, one stain protocol, one camera: accuracy on other labs' smears is unknown.",
        "No patient IDs in the data: splits group blocks of 20 consecutive file numbers as a "
        "patient proxy, so test figures may still be optimistic.",
        f"Benchmark test accuracy {100 * base:.1f}% (block split)"
        + ("; the most frequent errors: " + ", ".join(
            f"{t} called {p} ({n} of {sum(cm[classes.index(t)])})" for n, t, p in errors)
           + ". They fall in a few blocks of consecutive files (whole patients, it seems)."
           if errors else "."),
        f"JPEG re-compression at quality 50 costs {max(0.0, 100 * jpeg_cost):.1f} points; the "
        f"worst stain/colour change ({worst_stain}) {100 * stain[worst_stain]:.1f} points.",
        "Trained on 85% of the development images; the other 15% chose the epoch, the "
        "temperature and the uncertainty thresholds.",
    ]
    dim = rob.get("brightness x0.85")
    if dim and dim["uncertain_rate"] > 0.5:
        lines.append(f"Fields 15% darker than the training lab's are flagged uncertain by the "
                     f"colour check ({100 * dim['uncertain_rate']:.0f}% in the benchmark) although "
                     f"they are classified as well ({100 * dim['accuracy']:.1f}% right).")
    if tiled is not None:
        lines.append(f"A field at a lower magnification is flagged as unusual on "
                     f"{100 * tiled:.0f}% of a simulated set (4 fields tiled into one), "
                     "not always.")
    return lines


def benchmark_section(bench: dict, results: dict) -> dict:
    m = bench["metrics"]
    keep = ("sensitivity", "specificity", "sensitivity_ci95", "specificity_ci95")
    return {
        "note": "same recipe trained on the benchmark's train split (70%), scored on its "
                "block-split test split; see docs/benchmarks.md",
        "accuracy": m["accuracy"], "accuracy_ci95": m["accuracy_ci95"],
        "balanced_accuracy": m["balanced_accuracy"], "macro_f1": m["macro_f1"], "ece": m["ece"],
        "uncertain_rate": m.get("uncertain_rate"),
        "per_class": {c: {k: pc[k] for k in keep} for c, pc in m["per_class"].items()},
        "confusion_matrix": m["confusion_matrix"],
        "date": results["date"], "machine": results["machine"],
    }


def train_ship(data: Path, epochs: int | None) -> int:
    from core.dataset import read_manifest
    from core.train import TrainConfig, train

    if not data.is_dir():
        print(f"data folder not found: {data}", file=sys.stderr)
        return 2
    manifest = read_manifest(SHIP / "split.json")
    log = open(SHIP / "default.log", "w", encoding="utf-8")

    def progress(p) -> None:  # noqa: ANN001
        if p.stage != "train":
            print(p.stage, p.message, {k: v for k, v in p.metrics.items()}, file=log, flush=True)

    result = train(manifest, SHIP / "default", TrainConfig(arch="default", epochs=epochs, seed=42),
                   progress=progress)
    print(f"trained {result.bundle_dir} in {result.seconds / 60:.1f} min; val "
          f"{result.metrics['val']['accuracy']:.4f}", file=log, flush=True)
    print(f"trained {result.bundle_dir} in {result.seconds / 60:.1f} min")
    return 0


def publish(name: str, out: Path) -> int:
    results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
    bench = results[name]
    src = load_bundle(SHIP / "default")
    card = {k: v for k, v in src.card.items() if k not in AUTO_FIELDS}
    card["data_source"] = DATA_SOURCE
    card["intended_use"] = "Research use only. Not for diagnostic use."
    card["limitations"] = limitations(bench, results)
    card["metrics"] = {**card["metrics"], "benchmark": benchmark_section(bench, results)}
    extra = {n: (src.path / n).read_bytes() for n in src.card["files"]
             if n not in ("model.keras", "model.onnx")}
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        new = save_bundle(src.load_keras(), Path(tmp) / "default", card, extra_files=extra)
        load_bundle(new.path)  # verifies the checksums before anything is replaced
        old = out.with_name(out.name + ".previous")
        if out.exists():
            out.rename(old)
        shutil.move(str(new.path), str(out))
        shutil.rmtree(old, ignore_errors=True)
    bundle = load_bundle(out)
    size = sum(f.stat().st_size for f in out.iterdir())
    print(f"published {out} ({bundle.model_id}, {size / 1e6:.1f} MB)")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("step", choices=("train", "publish"))
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--name", default="default", help="the results.json entry of this recipe")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "default")
    args = ap.parse_args()
    if args.step == "train":
        return train_ship(args.data, args.epochs)
    return publish(args.name, args.out)


if __name__ == "__main__":
    raise SystemExit(main())
