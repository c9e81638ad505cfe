"""The ``cells`` architecture trained and scored through the product path, on a benchmark split.

    nice -n 10 .venv/bin/python benchmarks/cell_model.py [--split 42] [--skip-train]

Trains with ``core.training.train.train(manifest, ..., TrainConfig(arch="cells"))`` on the
benchmark's block split (seed 42 or 7: 70/15/15, blocks of 20, near-duplicates grouped; the
manifest of ``benchmarks/cell_probe.py``), then reads the test fields with the ``Predictor``
(detection, windows, ONNX extractor and head, calibration, flags): accuracy (a field with no
result counts as an error), balanced accuracy, malignant fields called Benign, no-result and
uncertain rates, each change of the robustness range of ``benchmarks/cell_probe.py``, and the
milliseconds to classify one decoded field (detection included; p50/p95 over 200 fields).
Writes ``benchmarks/out/cell_model_split<seed>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore", message="y_pred contains classes not in y_true")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cell_probe import CHANGES, OUT, split_manifest  # noqa: E402

from core.classes import CLASSES  # noqa: E402


def read(pred, images: list[np.ndarray], batch: int = 64) -> list:
    """Predictions of decoded fields, in batches (as ``iter_predict`` runs them)."""
    out = []
    for i in range(0, len(images), batch):
        chunk = images[i:i + batch]
        found = [pred.find_cells(x) for x in chunk]
        out += pred.predict_inputs(np.stack([pred.prepare(x) for x in chunk]), None, found)
    return out


def score(preds: list, y: np.ndarray) -> dict:
    from sklearn.metrics import balanced_accuracy_score

    from core.inference.flags import Flag

    got = np.array([CLASSES.index(p.top_class) if p.label is not None else -1 for p in preds])
    top = np.array([CLASSES.index(p.top_class) if p.top_class else -1 for p in preds])
    return {"n": len(y), "accuracy": float((got == y).mean()),
            "top_class_accuracy": float((top == y).mean()),  # the class even where no result
            "top_class_malignant_called_benign": int(((top == 0) & (y != 0)).sum()),
            "balanced": float(balanced_accuracy_score(y, got)) if len(set(got.tolist())) else 0.0,
            "errors": int((got != y).sum()),
            "malignant_called_benign": int(((got == 0) & (y != 0)).sum()),
            "no_result": int(sum(p.no_result for p in preds)),
            "no_cells": int(sum(Flag.NO_CELLS in p.flags for p in preds)),
            "uncertain": int(sum(p.uncertain for p in preds))}


def calibration_and_cases(preds: list, y: np.ndarray, entries: list, block_size: int) -> dict:
    """The expected calibration error of the calibrated probabilities (fields with a reading:
    a field without a white cell has none) and the case level: each block of consecutive file
    numbers read together (``benchmarks/run_benchmark.py``'s ``case_report``)."""
    from run_benchmark import case_report

    from core.data.split import block_key
    from core.evaluation.metrics import expected_calibration_error

    has = [i for i, p in enumerate(preds) if p.probabilities]
    probs = np.array([[preds[i].probabilities[c] for c in CLASSES] for i in has])
    cases = [block_key(e, block_size) for e in entries]
    return {"ece": expected_calibration_error(probs, y[has]) if has else None, "ece_n": len(has),
            "case": case_report(cases, y, preds)}


def speed(pred, images: list[np.ndarray], n: int = 200) -> dict:
    """Milliseconds to classify one decoded field (detection included), p50/p95 of wall time,
    and the process's CPU time per field (all its threads; less inflated on a busy machine);
    each step's share from one pass with timers around detection and the model."""
    import cv2

    cv2.setNumThreads(1)
    wall, cpu = [], []
    for x in (images * 2)[:n]:
        t0, c0 = time.perf_counter(), time.process_time()
        pred.predict_array(x)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    steps = {"detect_and_windows": [], "model_and_checks": []}
    for x in images[:n]:
        t0 = time.perf_counter()
        found = pred.find_cells(x)
        t1 = time.perf_counter()
        pred.predict_inputs(pred.prepare(x)[None], None, [found])
        t2 = time.perf_counter()
        steps["detect_and_windows"].append((t1 - t0) * 1000)
        steps["model_and_checks"].append((t2 - t1) * 1000)
    return {"ms_per_field_p50": float(np.percentile(wall, 50)),
            "ms_per_field_p95": float(np.percentile(wall, 95)),
            "cpu_ms_per_field_p50": float(np.percentile(cpu, 50)),
            "step_ms_p50": {k: round(float(np.median(v)), 2) for k, v in steps.items()}}


def train_all(manifest, out: Path, seed: int | None) -> int:
    """One bundle trained on every image of ``manifest`` (all in training: no validation or
    test part; the epoch of lowest training loss kept): its folder, id, time and size."""
    import dataclasses

    from core.training.train import TrainConfig, train

    everything = dataclasses.replace(manifest, entries=tuple(
        dataclasses.replace(e, split="train") for e in manifest.entries))
    t0 = time.perf_counter()
    result = train(everything, out, TrainConfig(arch="cells", **({} if seed is None else {"seed": seed})),
                   progress=lambda p: p.stage in ("finalise", "warning") and print(
                       f"{time.strftime('%H:%M:%S')} {p.stage} {p.message}", flush=True))
    seconds = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in Path(result.bundle_dir).iterdir() if f.is_file())
    card = result.card
    summary = {"path": str(result.bundle_dir), "model_id": card["id"], "fields": card["training"]["fields"],
               "seconds": round(seconds, 1), "step_seconds": card["training"]["step_seconds"],
               "best_epoch": card["training"]["best_epoch"], "bundle_bytes": size,
               "cells": {k: card["cells"].get(k) for k in ("input_size", "layers", "chroma")}}
    print(json.dumps(summary, indent=1))
    (out.parent / f"{out.name}.json").write_text(json.dumps(summary, indent=1))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", type=int, default=42)
    ap.add_argument("--arch", default="cells", choices=("cells", "default"),
                    help="the architecture: the cells model, or the field model (``default``) "
                         "trained and scored the same way (model folder field_split<S>)")
    ap.add_argument("--skip-train", action="store_true", help="score the model already trained")
    ap.add_argument("--speed-only", action="store_true", help="only the ms per field (trained model)")
    ap.add_argument("--part", default="test", choices=("test", "val"), help="the part scored")
    ap.add_argument("--summary", action="store_true",
                    help="with --skip-train: only the part's calibration (ECE) and case level, "
                         "added to the results file")
    ap.add_argument("--saturation", help="the copies' saturation range LO,HI (a recipe variant)")
    ap.add_argument("--tag", default="", help="suffix of the model folder and results (a variant)")
    ap.add_argument("--hue", type=float, help="the copies' hue rotation, ± degrees (a variant)")
    ap.add_argument("--blur", type=float, help="the copies' largest blur sigma (a variant)")
    ap.add_argument("--heads", type=int, help="attention heads in the head's ensemble (a variant)")
    ap.add_argument("--copies", type=int, help="jittered copies of each training field (a variant)")
    ap.add_argument("--chroma", help="the windows' chroma reference (a number) or 'off' (a variant)")
    ap.add_argument("--normalise", choices=("windows", "field"),
                    help="where the stain is normalised: the cut windows or the whole field before "
                         "detection (a variant)")
    ap.add_argument("--stain-hue", type=float, help="with --normalise field: the reference hue the "
                    "field is turned to, degrees (a variant; default: the hue is kept)")
    ap.add_argument("--input-size", type=int, help="the extractor's input side (a variant)")
    ap.add_argument("--layers", help="the extractor's stages, comma list (a variant)")
    ap.add_argument("--seed", type=int, default=None, help="the training seed (default: TrainConfig's)")
    ap.add_argument("--detail-measure", choices=("absolute", "relative"),
                    help="the field checks' detail measure (a variant; default: new models')")
    ap.add_argument("--all", dest="all_images", metavar="OUT",
                    help="train one bundle on every development image into OUT (no scoring)")
    args = ap.parse_args()
    import dataclasses

    import core.training.cells as training_cells

    changes: dict = {}
    if args.chroma:
        changes["chroma"] = None if args.chroma == "off" else float(args.chroma)
    if args.normalise:
        changes["normalise"] = args.normalise
    if args.stain_hue is not None:
        changes["hue"] = args.stain_hue
    if args.input_size:
        changes["input_size"] = args.input_size
    if args.layers:
        changes["layers"] = tuple(args.layers.split(","))
    training_cells.CELL_SPEC = dataclasses.replace(training_cells.CELL_SPEC, **changes)
    if args.heads:
        training_cells.HEADS = args.heads
    import core.training.cell_features as cell_features
    from core.inference import uncertainty

    if args.detail_measure:
        uncertainty.DETAIL_MEASURE = args.detail_measure

    if args.saturation:
        cell_features.SATURATION = tuple(float(v) for v in args.saturation.split(","))
    if args.hue:
        cell_features.HUE = args.hue
    if args.blur:
        cell_features.BLUR = args.blur
    if args.copies:
        cell_features.COPIES["jitter"] = args.copies
    from core.data.images import load_rgb
    from core.inference.predictor import Predictor
    from core.progress import Progress
    from core.training.train import TrainConfig, train

    manifest = split_manifest(args.split)
    if args.all_images:
        return train_all(manifest, Path(args.all_images), args.seed)
    stem = "cells" if args.arch == "cells" else "field"
    model_dir = OUT / f"{stem}_split{args.split}{args.tag}"
    if not args.skip_train:
        last = [0.0]

        def progress(p: Progress) -> None:
            if p.stage == "epoch" or p.stage in ("finalise", "warning") or (
                    p.stage == "features" and time.perf_counter() - last[0] > 60):
                last[0] = time.perf_counter()
                extra = {k: round(v, 4) for k, v in p.metrics.items()
                         if k in ("loss", "val_loss", "val_accuracy")}
                print(f"{time.strftime('%H:%M:%S')} {p.stage} {p.message} {extra}", flush=True)

        t0 = time.perf_counter()
        config = TrainConfig(arch=args.arch, **({} if args.seed is None else {"seed": args.seed}))
        result = train(manifest, model_dir, config, progress=progress)
        print(f"trained in {time.perf_counter() - t0:.0f} s: {result.card['training'].get('step_seconds')}",
              flush=True)
    pred = Predictor(model_dir)
    card = pred.bundle.card
    test = [e for e in manifest.entries if e.split == args.part]
    images = [load_rgb(manifest.resolve(e.path)) for e in test]
    y = np.array([CLASSES.index(e.label) for e in test])
    if args.speed_only:
        out = speed(pred, images)
        read(pred, images[:64])  # warm-up
        rates = []
        for _ in range(3):  # batches of 64 decoded fields, as iter_predict reads a folder
            t0 = time.perf_counter()
            read(pred, images)
            rates.append(len(images) / (time.perf_counter() - t0))
        out["batch_fields_per_s_median"] = float(np.median(rates))
        print(json.dumps(out))
        return 0
    preds = read(pred, images)
    summary = calibration_and_cases(preds, y, manifest.items(args.part), manifest.block_size)
    print(f"{args.part}: ECE {summary['ece']:.4f} on {summary['ece_n']} fields with a reading; cases "
          f"{summary['case']['correct']} of {summary['case']['cases']} right "
          f"{summary['case'].get('wrong') or ''}", flush=True)
    name = (f"{'cell' if args.arch == 'cells' else 'field'}_model_split{args.split}{args.tag}"
            + ("" if args.part == "test" else f"_{args.part}"))
    if args.summary:
        path = OUT / f"{name}.json"
        out = json.loads(path.read_text()) if path.is_file() else {}
        out.update(summary)
        path.write_text(json.dumps(out, indent=1))
        return 0
    base = score(preds, y)
    print(f"{args.part} (product path, {pred.backend}): {base}", flush=True)
    robust = {}
    for change_name, change in CHANGES.items():
        r = score(read(pred, [change(x) for x in images]), y)
        robust[change_name] = {**r, "change_points": round(100 * (r["accuracy"] - base["accuracy"]), 1),
                               "top_class_change_points": round(
                                   100 * (r["top_class_accuracy"] - base["top_class_accuracy"]), 1)}
        print(f"  {change_name:16s} {r['accuracy']:.4f} ({robust[change_name]['change_points']:+.1f} "
              f"points; top class {r['top_class_accuracy']:.4f}, "
              f"{robust[change_name]['top_class_change_points']:+.1f}; no result {r['no_result']})",
              flush=True)
    from tests.oodsets import derived_sets, generated_sets

    non_smear = {}
    for set_name, ims in {**generated_sets(), **derived_sets(images)}.items():
        preds = read(pred, ims)
        non_smear[set_name] = {"n": len(ims), "no_result": int(sum(p.no_result for p in preds))}
    refused = sum(v["no_result"] for v in non_smear.values())
    shown = sum(v["n"] for v in non_smear.values())
    print(f"  non-smear images given no result: {refused} of {shown} "
          + ", ".join(f"{k} {v['no_result']}/{v['n']}" for k, v in non_smear.items()), flush=True)
    worst = min(v["change_points"] for v in robust.values())
    worst_top = min(v["top_class_change_points"] for v in robust.values())
    cells = [len(pred.find_cells(x) or ()) for x in images]
    out = {"split": args.split, "model_id": card["id"], "backend": pred.backend,
           "architecture": card["architecture"],
           "training": {k: card["training"].get(k) for k in ("seconds", "step_seconds", "epochs_run",
                                                              "best_epoch", "fields")},
           "temperature": card["uncertainty"]["temperature"], "val": card["metrics"]["val"]["accuracy"],
           "test": base, "robustness": robust, "worst_change_points": worst,
           "non_smear": non_smear, "non_smear_no_result": refused / max(shown, 1),
           "worst_top_class_change_points": worst_top,
           **speed(pred, images), "cells_per_field_mean": float(np.mean(cells)),
           "threads": os.environ.get("OMP_NUM_THREADS")}
    out["part"], out["saturation"] = args.part, args.saturation
    out["cells"] = {k: (card.get("cells") or {}).get(k) for k in ("input_size", "layers", "chroma", "normalise", "hue")}
    out["seed"] = card["training"].get("seed")
    out["hue"], out["blur"], out["copies"] = args.hue, args.blur, card["training"].get("copies")
    out["heads"] = card["training"].get("heads", 1)
    out["copy_ranges"] = card["training"].get("copy_ranges")
    out["detail_measure"] = card["uncertainty"].get("detail_measure", "absolute")
    out.update(summary)
    (OUT / f"{name}.json").write_text(json.dumps(out, indent=1))
    print(f"worst change {worst:+.1f} points (top class {worst_top:+.1f}); "
          f"one field {out['ms_per_field_p50']:.1f} ms p50 "
          f"({out['ms_per_field_p95']:.1f} p95), {out['cells_per_field_mean']:.1f} cells per field")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
