"""Make the shipped model: train the chosen recipe on all development images, fill its card.

    python benchmarks/ship_model.py train   [--arch default|cells] [--data DIR] [--epochs N] [--holdout F]
    python benchmarks/ship_model.py publish [--arch default|cells] [--name default] [--bench-tag TAG] [--out DIR]

``train`` trains on every development image (``--holdout 0``, the default) or keeps a seeded,
block-grouped fraction ``F`` out as validation, into ``benchmarks/ship/<arch>``; the split it
used is written beside it (``split.json`` for the field model, ``split_cells.json``) and into
the bundle. With no validation part the recipe's fixed schedule runs (the epoch with the lowest
loss on the training images is kept) and the calibration and uncertainty thresholds are taken
from the training images (checked on the benchmark split); there is no test part: the
benchmark's test split measured the same recipe. ``--arch cells`` trains
``TrainConfig(arch="cells", seed=42)`` (``--normalise``, ``--stain-hue`` and ``--heads`` pick a
variant as ``benchmarks/cell_model.py`` does).

``publish`` copies ``benchmarks/ship/<arch>`` to ``models/default`` (or ``--out``) with the data
source, intended use, known limitations and the benchmark's figures for the same recipe written
into its card, then re-verifies it. The field model's figures come from
``benchmarks/results.json`` entry ``--name``; a cells model's from
``benchmarks/out/cell_model_split42<TAG>.json`` and ``..._split7<TAG>.json`` (``--bench-tag``),
whose recorded cells settings must be the bundle's. A cells bundle keeps every file and its
``cells`` section as trained, and must carry its ONNX exports.
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

from core.inference.predictor import verify_loadable  # noqa: E402
from core.model.bundle import AUTO_FIELDS, load_bundle, save_bundle  # noqa: E402

DATA = ROOT.parent / "shared/data/aria2021-all/original"
SHIP = ROOT / "benchmarks" / "ship"
BENCH_OUT = ROOT / "benchmarks" / "out"  # the cells benchmark's JSON files
ARCHS = ("default", "cells")
BENCH_SPLITS = (42, 7)

DATA_SOURCE = {
    "name": "Acute Lymphoblastic Leukemia (ALL) image dataset (development portion)",
    "citation": "M. Aria, M. Ghaderzadeh, D. Bashash, H. Abolghasemi, F. Asadi, A. Hosseini, "
                "\"Acute Lymphoblastic Leukemia (ALL) image dataset\", Mendeley Data, 2021",
    "origin": "Taleqani Hospital bone marrow laboratory, Tehran; 89 patients; Zeiss camera, "
              "100x objective",
    "images": 2592,
}


def trained_on(card: dict) -> str:
    """What the shipped model was trained on, from its card."""
    counts = card["dataset"]["counts"]
    n_train, n_val = (sum(counts.get(part, {}).values()) for part in ("train", "val"))
    if not n_val:
        return (f"Trained on all {n_train} development images, with no validation part: the "
                f"recipe's {card['training']['epochs']} cosine epochs as chosen in the benchmark "
                "(the epoch kept has the lowest loss on the training images), temperature 1, "
                "uncertainty thresholds from the training images.")
    share = round(100 * n_train / (n_train + n_val))
    return (f"Trained on {share}% of the development images; the other {100 - share}% chose the "
            "epoch, the temperature and the uncertainty thresholds.")


def limitations(bench: dict, results: dict, card: dict) -> list[str]:
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
        trained_on(card),
    ]
    conf = m.get("errors_unflagged_confidence")
    if conf:
        lines.append(f"The uncertain flag does not catch every error: in the benchmark it marked "
                     f"{m['errors_flagged']} of the {m['errors_flagged'] + len(conf)} wrong "
                     f"answers, and the others were shown at {100 * conf[0]:.0f}–"
                     f"{100 * conf[-1]:.0f}% confidence. Read several fields of a smear together "
                     "(One case) rather than one field alone.")
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


# --------------------------------------------------------------------------- the cells model

def trained_on_cells(card: dict) -> str:
    """What a shipped cells model was trained on, from its card."""
    tr = card["training"]
    fields = tr.get("fields") or {}
    counts = card["dataset"]["counts"]
    n_val = sum(counts.get("val", {}).values())
    temp = card["uncertainty"]["temperature"]
    text = (f"Trained on {fields.get('train')} development images"
            + (f" (and {fields['copies']} jittered copies of them)" if fields.get("copies") else "")
            + (f", {fields['train_without_cells']} of which had no white cell found and were left out"
               if fields.get("train_without_cells") else "")
            + f"; the epoch kept is {tr.get('best_epoch')} of {tr.get('epochs_run')}")
    if n_val:
        return text + f", chosen on {n_val} held-out images, which also set the temperature ({temp:.2f})."
    return (text + ", the one with the lowest loss on the training images (there is no validation "
            f"part); the temperature ({temp:.2f}) and the uncertainty thresholds were fitted on the "
            "training images.")


def _worst(bench: dict) -> tuple[float, str]:
    """The benchmark's worst top-class change (points) and the change that caused it."""
    rob = bench.get("robustness") or {}
    worst = float(bench["worst_top_class_change_points"])
    names = [k for k, v in rob.items() if v.get("top_class_change_points") == worst]
    return worst, (names[0] if names else "not recorded")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def cells_limitations(benches: dict[int, dict], card: dict) -> list[str]:
    """Known limitations of a cells model, with the benchmark's figures (``benches``: split
    seed -> ``benchmarks/cell_model.py``'s JSON)."""
    splits = sorted(benches, reverse=True)
    tests = {s: benches[s]["test"] for s in splits}
    each = " and ".join(f"split {s} {_pct(tests[s]['top_class_accuracy'])} of {tests[s]['n']} fields"
                        for s in splits)
    shown = " and ".join(_pct(tests[s]["accuracy"]) for s in splits if "accuracy" in tests[s])
    lines = [
        "One laboratory, one stain protocol, one camera: accuracy on other labs' smears is unknown.",
        "No patient IDs in the data: splits group blocks of 20 consecutive file numbers as a "
        "patient proxy, so test figures may still be optimistic.",
        f"Benchmark test accuracy (the same recipe trained on each block split's training part; "
        f"the top class, also where a flag withholds the answer): {each}"
        + (f"; {shown} when a field given no result counts as an error" if shown else "")
        + "; balanced accuracy (no result as an error) "
        + " and ".join(_pct(tests[s]["balanced"]) for s in splits) + ".",
        "Malignant fields shown as Benign on the test parts: "
        + " and ".join(f"{tests[s]['malignant_called_benign']} on split {s}" for s in splits)
        + "; no result on " + " and ".join(f"{tests[s]['no_result']}" for s in splits)
        + " fields, the uncertain flag on " + " and ".join(f"{tests[s]['uncertain']}" for s in splits)
        + (f" (of {tests[splits[0]]['n']} test fields each)." if len({tests[s]["n"] for s in splits}) == 1
           else " (of " + " and ".join(str(tests[s]["n"]) for s in splits) + " test fields).")
    ]
    worst = {s: _worst(benches[s]) for s in splits}
    if all(w >= 0 for w, _ in worst.values()):
        lines.append("No stain, colour, blur or JPEG change of the benchmark's range lowered the "
                     "top-class accuracy.")
    else:
        lines.append("The worst stain, colour, blur or JPEG change of the benchmark's range costs "
                     + " and ".join(f"{-w:.1f} points on split {s} ({name})" for s, (w, name) in worst.items())
                     + " of top-class accuracy.")
    cells = card["cells"]
    lines += [
        "Each cell's class and weight (the boxes, and any count of blasts made from them) come from "
        "a multiple-instance attention head trained on field labels only: no cell was labelled by a "
        "person, so a cell's class is the model's reading of it, not a verified cell count.",
        f"The white cells are found by stain colour; a field in which none is found gets no result, "
        f"and in a field with more than {cells['max_cells']} cells only the {cells['max_cells']} "
        "largest are read.",
        trained_on_cells(card),
    ]
    rates = {s: benches[s]["non_smear_no_result"] for s in splits
             if benches[s].get("non_smear_no_result") is not None}
    if rates:
        missed = sorted({f"{k} {v['no_result']} of {v['n']}" for s in rates
                         for k, v in (benches[s].get("non_smear") or {}).items() if v["no_result"] < v["n"]})
        lines.append("Images that are not smear fields of this kind (generated, photographs, the "
                     "fields re-stained or tiled as at a lower magnification) got no result on "
                     + " and ".join(f"{_pct(r)} on split {s}" for s, r in rates.items())
                     + (f"; not every one: {', '.join(missed)}." if missed else "."))
    return lines


def cells_benchmark_section(benches: dict[int, dict], files: dict[int, str]) -> dict:
    """``metrics.benchmark`` of a cells model: each split's test figures; ``accuracy`` (what
    the app shows) is the lower of the splits' top-class accuracies."""
    keep = ("n", "top_class_accuracy", "accuracy", "balanced", "malignant_called_benign",
            "top_class_malignant_called_benign", "uncertain", "no_result")
    per = {}
    for s, b in benches.items():
        worst, name = _worst(b)
        per[str(s)] = {**{k: b["test"][k] for k in keep if k in b["test"]},
                       "worst_top_class_change_points": worst, "worst_change": name,
                       **({"non_smear_no_result": b["non_smear_no_result"]}
                          if b.get("non_smear_no_result") is not None else {}),
                       "model_id": b.get("model_id"), "file": files[s]}
    low = min(benches, key=lambda s: benches[s]["test"]["top_class_accuracy"])
    return {"note": "same recipe trained on each benchmark split's train part (70%), scored on "
                    "its block-split test part through the Predictor (top class: the class also "
                    "where a flag withholds it); 'accuracy' is the lower split's; see "
                    "docs/cell_model.md",
            "accuracy": benches[low]["test"]["top_class_accuracy"], "n": benches[low]["test"]["n"],
            "split": low, "splits": per}


def check_recipe(card: dict, benches: dict[int, dict]) -> None:
    """Refuse figures measured on another recipe: the cells settings, heads, copies, the
    copies' ranges (hue, blur, saturation) and the detail check's measure each benchmark file
    recorded must be the bundle's
    (files that recorded none are reported)."""
    cells, training = card["cells"], card["training"]
    for s, b in benches.items():
        recorded = b.get("cells")
        if recorded is None:
            print(f"warning: split {s}'s benchmark file records no cells settings; not checked",
                  file=sys.stderr)
            continue
        differ = {}
        for k, v in recorded.items():
            have = cells.get(k)
            if k == "normalise":
                have, v = have or "windows", v or "windows"
            if have != v:
                differ[k] = (v, have)
        for k, have in (("heads", training.get("heads", 1)), ("copies", training.get("copies")),
                        ("copy_ranges", training.get("copy_ranges")),
                        ("detail_measure", card["uncertainty"].get("detail_measure", "absolute"))):
            if b.get(k) is not None and b[k] != have:
                differ[k] = (b[k], have)
        if differ:
            raise ValueError(f"split {s}'s benchmark measured another recipe than the bundle: "
                             + ", ".join(f"{k} {v!r} there, {h!r} here" for k, (v, h) in differ.items()))


def cells_card(src, bench_dir: Path, bench_tag: str) -> dict:  # noqa: ANN001
    """The published card of the cells bundle ``src``: its own, the ``cells`` section as
    trained, with the data source, intended use, limitations and benchmark added."""
    files = {s: f"cell_model_split{s}{bench_tag}.json" for s in BENCH_SPLITS}
    benches = {s: json.loads((bench_dir / name).read_text()) for s, name in files.items()}
    check_recipe(src.card, benches)
    card = {k: v for k, v in src.card.items() if k not in AUTO_FIELDS}
    card["data_source"] = DATA_SOURCE
    card["intended_use"] = "Research use only. Not for diagnostic use."
    card["limitations"] = cells_limitations(benches, card)
    card["metrics"] = {**card["metrics"], "benchmark": cells_benchmark_section(benches, files)}
    return card


# --------------------------------------------------------------------------- the steps

def train_ship(data: Path, epochs: int | None, holdout: float, arch: str = "default",
               variant: dict | None = None, *, export_onnx: bool = True) -> int:
    from core.data.split import write_manifest
    from core.training.plan import resolve_data
    from core.training.train import TrainConfig, train

    if not data.is_dir():
        print(f"data folder not found: {data}", file=sys.stderr)
        return 2
    if not 0 <= holdout < 1:
        print(f"--holdout must be in [0, 1), got {holdout}", file=sys.stderr)
        return 2
    if arch == "cells":
        import dataclasses

        import core.training.cells as training_cells

        # the variant's reading of cells (as benchmarks/cell_model.py's options set it)
        training_cells.CELL_SPEC = dataclasses.replace(training_cells.CELL_SPEC, **(variant or {}))
    manifest = resolve_data(data, fractions=(1 - holdout, holdout, 0.0), seed=42)
    SHIP.mkdir(parents=True, exist_ok=True)
    write_manifest(manifest, SHIP / ("split.json" if arch == "default" else f"split_{arch}.json"))
    with open(SHIP / f"{arch}.log", "w", encoding="utf-8") as log:

        def progress(p) -> None:  # noqa: ANN001
            if p.stage != "train":
                print(p.stage, p.message, {k: v for k, v in p.metrics.items()}, file=log, flush=True)

        result = train(manifest, SHIP / arch, TrainConfig(arch=arch, epochs=epochs, seed=42,
                                                            export_onnx=export_onnx), progress=progress)
        print(f"trained {result.bundle_dir} in {result.seconds / 60:.1f} min; val "
              f"{result.metrics['val']['accuracy']:.4f} ({result.card['training']['note'] or 'held out'})",
              file=log, flush=True)
    print(f"trained {result.bundle_dir} in {result.seconds / 60:.1f} min")
    return 0


def publish(name: str, out: Path, *, arch: str = "default", source: Path | None = None,
            bench_dir: Path = BENCH_OUT, bench_tag: str = "", require_onnx: bool = True) -> int:
    """Publish the bundle ``source`` (default ``benchmarks/ship/<arch>``) to ``out`` with its
    card filled in; the source is not changed, and ``out`` is replaced only once the new
    bundle verifies and runs."""
    src = load_bundle(source or SHIP / arch)
    if src.card["architecture"] != arch:
        raise ValueError(f"{src.path} holds a {src.card['architecture']!r} model, not {arch!r}")
    if arch == "cells":
        from core.model.cells import EXTRACTOR_ONNX, HEAD_ONNX
        from core.training.cells_continue import parent_head

        missing = [n for n in (EXTRACTOR_ONNX, HEAD_ONNX) if n not in src.card["files"]]
        if require_onnx and missing:
            raise ValueError(f"{src.path} has no {', '.join(missing)}: the shipped cells model "
                             "must run on ONNX (train it with the exports)")
        card = cells_card(src, bench_dir, bench_tag)
        model, onnx = parent_head(src)[1], False  # the head (model.keras); the exports are copied
    else:
        results = json.loads((ROOT / "benchmarks" / "results.json").read_text())
        bench = results[name]
        card = {k: v for k, v in src.card.items() if k not in AUTO_FIELDS}
        card["data_source"] = DATA_SOURCE
        card["intended_use"] = "Research use only. Not for diagnostic use."
        card["cells"] = {"required": True,
                         "detector": "core.cells.detect_cells (stain colour, default settings)",
                         "why": "a field with no white cell has nothing to read: no result "
                                "('no white cell found')"}
        card["limitations"] = limitations(bench, results, card)
        card["metrics"] = {**card["metrics"], "benchmark": benchmark_section(bench, results)}
        model, onnx = src.load_keras(), True
    extra = {n: (src.path / n).read_bytes() for n in src.card["files"]
             if n not in ("model.keras", "model.onnx", "model.json")}
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        new = save_bundle(model, Path(tmp) / out.name, card, export_onnx=onnx, extra_files=extra,
                          verify=verify_loadable)
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
    ap.add_argument("--arch", choices=ARCHS, default="default",
                    help="the field model (default) or the cells model")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--holdout", type=float, default=0.0,
                    help="share of the images kept out as validation (default: none, train on all)")
    ap.add_argument("--normalise", choices=("windows", "field"),
                    help="cells: where the stain is normalised (default: core.training.cells.CELL_SPEC's)")
    ap.add_argument("--stain-hue", type=float, help="cells, with --normalise field: the reference hue")
    ap.add_argument("--heads", type=int, help="cells: attention heads in the head's ensemble")
    ap.add_argument("--name", default="default", help="the results.json entry of the field recipe")
    ap.add_argument("--bench-tag", default="",
                    help="cells: the benchmark files' tag, benchmarks/out/cell_model_split{42,7}TAG.json")
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "default")
    args = ap.parse_args()
    if args.step == "train":
        variant: dict = {}
        if args.normalise:
            variant["normalise"] = args.normalise
        if args.stain_hue is not None:
            variant["hue"] = args.stain_hue
        if (variant or args.heads) and args.arch != "cells":
            ap.error("--normalise, --stain-hue and --heads are settings of --arch cells")
        if args.heads:
            import core.training.cells as training_cells

            training_cells.HEADS = args.heads
        return train_ship(args.data, args.epochs, args.holdout, args.arch, variant)
    return publish(args.name, args.out, arch=args.arch, bench_tag=args.bench_tag)


if __name__ == "__main__":
    raise SystemExit(main())
