"""Continued training of a ``cells`` model for a new lab, measured (issue #26 for the cell model).

    python benchmarks/cells_continued.py parent [--source benchmarks/out/cells_split42_chroma]
    python benchmarks/cells_continued.py run [--shifts pale] [--sizes 200] [--methods default none]

The parent is a ``cells`` model of ``benchmarks/cell_model.py`` trained on split 42's train part.
``parent`` gives it what a cells bundle trained now carries (a replay set of its training
cells: ``--replay-per-class`` training fields per class, spread over the file numbers, with
their two jittered copies) and, as its **reference**, split 42's whole test part (390 fields it
was never trained on). The new lab is ``benchmarks/continued_training.py``'s shift (``pale``:
saturation x0.35, then 30% of the way to white); its adaptation fields are split 42's validation
fields of whole blocks in file order (n/4 per class), changed, given to ``train`` as a folder;
its independent fields are split 42's test part, changed. Results: ``benchmarks/out_ct/cells_continued.json``.

Methods: ``default`` (:data:`core.training.cells_continue.CELLS_METHOD`), ``none`` (no rehearsal,
no L2-SP), ``spA`` (rehearsal, L2-SP strength A), ``norehearsal`` (L2-SP only).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from core.data.split import read_manifest  # noqa: E402

OUT = Path("benchmarks/out_ct")
PARENT = OUT / "cells_parent"


def make_parent(source: Path, per_class: int) -> None:
    from core.inference.cell_reader import CellReader
    from core.model.bundle import load_bundle
    from core.model.carried import spread
    from core.model.cells import CellSpec
    from core.progress import never_stop, no_progress
    from core.training.cell_features import read_fields
    from core.training.cell_replay import replay_bytes
    from core.training.cells_continue import carry_cells_sets

    bundle = load_bundle(source)
    manifest = read_manifest(bundle.path / "split.json")
    cells = CellSpec.from_card(bundle.card)
    t0 = time.perf_counter()
    train, copies = read_fields(spread(manifest.items("train"), per_class), CellReader(bundle).extract,
                                bundle.spec, cells, copies=2, seed=42, progress=no_progress,
                                should_stop=never_stop)
    replay = replay_bytes(train, copies, cells.max_cells)
    print(f"replay: {replay[1]['fields']} fields, {replay[1]['cells']} cells, "
          f"{replay[1]['bytes'] / 2**20:.1f} MB ({time.perf_counter() - t0:.0f} s)", flush=True)
    note = ("split 42's test part (390 fields of 24 blocks of the development images); "
            "this model was trained on split 42's train part only")
    out = carry_cells_sets(bundle, PARENT, reference=manifest.items("test"), reference_note=note,
                           independent=True, origin=manifest.root, replay=replay)
    size = sum(p.stat().st_size for p in out.path.iterdir()) / 2**20
    print(f"{out.path}: {out.model_id}, {size:.1f} MB", flush=True)


def method_of(name: str):  # noqa: ANN201 - a ContinueMethod
    from dataclasses import replace

    from core.training.cells_continue import CELLS_METHOD

    if name == "default":
        return CELLS_METHOD
    if name == "none":
        return replace(CELLS_METHOD, rehearsal=False, l2sp=0.0)
    if name == "norehearsal":
        return replace(CELLS_METHOD, rehearsal=False)
    if name.startswith("sp"):
        return replace(CELLS_METHOD, l2sp=float(name[2:]))
    raise SystemExit(f"unknown method {name}")


def run(args: argparse.Namespace) -> None:
    from continued_training import SHIFTS, adaptation_fields, write_changed

    from core.inference.cell_reader import CellReader
    from core.model.bundle import load_bundle
    from core.model.cells import CellSpec
    from core.progress import never_stop, no_progress
    from core.training.cell_features import read_fields
    from core.training.cells_continue import _metrics, parent_head
    from core.training.train import TrainConfig, train

    parent = load_bundle(PARENT)
    manifest = read_manifest(parent.path / "split.json")
    cells = CellSpec.from_card(parent.card)
    reader = CellReader(parent)
    parent_t = float(parent.card["uncertainty"]["temperature"])
    results = OUT / "cells_continued.json"
    records = json.loads(results.read_text()) if results.is_file() else []
    with tempfile.TemporaryDirectory(prefix="cct-") as tmp:
        for shift_name in args.shifts:
            shift = SHIFTS[shift_name]
            lab_test = write_changed(manifest.items("test"), shift, Path(tmp) / shift_name / "test")
            t0 = time.perf_counter()
            lab_fields = read_fields(lab_test, reader.extract, parent.spec, cells, progress=no_progress,
                                     should_stop=never_stop)[0]
            print(f"{shift_name}: new lab's independent fields read in {time.perf_counter() - t0:.0f} s",
                  flush=True)
            lab_before = _metrics(parent_head(parent)[1], lab_fields, parent_t)
            assert lab_before is not None
            pool = write_changed(manifest.items("val"), shift, Path(tmp) / shift_name / "pool")
            for n in args.sizes:
                folder = Path(tmp) / shift_name / f"adapt{n}"
                for item in adaptation_fields(pool, n):
                    target = folder / item.label / item.path.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(item.path.read_bytes())
                for name in args.methods:
                    cfg = TrainConfig(from_model=str(PARENT), seed=42, epochs=args.epochs,
                                      learning_rate=args.lr, export_onnx=False)
                    t0 = time.perf_counter()
                    result = train(folder, Path(tmp) / "child", cfg, method=method_of(name))
                    seconds = time.perf_counter() - t0
                    child = load_bundle(result.bundle_dir)
                    lab_after = _metrics(parent_head(child)[1], lab_fields,
                                         float(child.card["uncertainty"]["temperature"]))
                    assert lab_after is not None
                    ref = result.card["continued"]["reference"]
                    rec = {"shift": shift_name, "n": n, "method": name,
                           "l2sp": result.card["continued"]["method"]["l2sp"],
                           "rehearsal": result.card["continued"]["rehearsal"],
                           "epochs": cfg.epochs, "lr": result.card["training"]["learning_rate"],
                           "epochs_run": result.epochs_run, "best_epoch": result.card["training"]["best_epoch"],
                           "seconds": round(seconds, 1), "lab_n": lab_before["n"],
                           "lab_before": lab_before["accuracy"], "lab_after": lab_after["accuracy"],
                           "ref_n": ref["model"]["n"], "ref_before": ref["parent"]["accuracy"],
                           "ref_after": ref["model"]["accuracy"],
                           "card_test": result.metrics.get("test", {}).get("accuracy"),
                           "card_test_n": result.metrics.get("test", {}).get("n"),
                           "fields": result.card["training"]["fields"],
                           "lab_no_cell": lab_before["no_cell_fields"],
                           "bundle_mb": round(sum(p.stat().st_size for p in child.path.iterdir()) / 2**20, 1)}
                    records.append(rec)
                    results.write_text(json.dumps(records, indent=1))
                    print(f"  n={n} {name:>12}: new lab {rec['lab_before']:.3f} -> {rec['lab_after']:.3f} "
                          f"(n={rec['lab_n']}), reference {rec['ref_before']:.3f} -> {rec['ref_after']:.3f} "
                          f"(n={rec['ref_n']}), {seconds:.0f} s, best epoch {rec['best_epoch']}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("parent", "run"))
    ap.add_argument("--source", type=Path, default=Path("benchmarks/out/cells_split42_chroma"))
    ap.add_argument("--replay-per-class", type=int, default=100)
    ap.add_argument("--shifts", nargs="+", default=["pale"])
    ap.add_argument("--sizes", nargs="+", type=int, default=[200])
    ap.add_argument("--methods", nargs="+", default=["default", "none"])
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--lr", type=float, default=None)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.what == "parent":
        make_parent(args.source, args.replay_per_class)
    else:
        run(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
