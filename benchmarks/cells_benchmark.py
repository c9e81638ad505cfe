"""White-cell detection measured on real fields: the authors' masks, the reviewed centres, speed.

    .venv/bin/python benchmarks/cells_benchmark.py [--data ../shared/data/aria2021-all]
                                                   [--json benchmarks/out/cells.json]
                                                   [--passes 7] [--speed-only]

(a) Authors' masks (``segmented-sample/``, Benign, Early and Pre; their Pro masks are empty):
the share of their components of >= 150 px of which >= 30% lies under a detection.
(b) ``benchmarks/cells_reviewed.json``: 60 fields with every white cell's centre marked by eye;
recall and precision with one-to-one matching (``core.cells.measure.match_centres``).
(c) Milliseconds per 224x224 field on one thread, over 200 fields (the 150 masked fields'
originals and 50 Pro fields), median of ``--passes`` passes (7): the process's CPU time (``time.process_time``),
which other work on a busy machine inflates little, and the wall time next to it.
``--normalise`` detects on the field with its stain normalised as a ``cells`` bundle of the
current recipe does (``core.model.cells.normalise_field``: hue and chroma), the normalisation's
time included. ``--changes`` adds (b) again under stain changes of the whole field (hue ±15°,
saturation x0.5, and the continued-training benchmark's pale stain). OpenCV is held
to one thread (``cv2.setNumThreads(1)``) and NumPy's BLAS / OpenMP pools to one
(``OMP_NUM_THREADS=1``, ``OPENBLAS_NUM_THREADS=1``, set here before NumPy is imported unless the
caller set them), so CPU time is one core's work. ``--speed-only`` skips (a) and (b).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # before NumPy loads: one thread for the speed figure

import cv2  # noqa: E402
import numpy as np  # noqa: E402,F401

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.cells import Match, detect_cells, found_in_mask, match_centres  # noqa: E402
from core.data.images import load_rgb  # noqa: E402

CLASSES = ("Benign", "Early", "Pre", "Pro")
DETECT = detect_cells


def _normalised(rgb: np.ndarray) -> list:
    from core.model.cells import normalise_field
    from core.training.cells import CELL_SPEC

    return detect_cells(normalise_field(rgb, CELL_SPEC))


def _pale(rgb: np.ndarray) -> np.ndarray:
    from tests.oodsets import hsv_shift

    x = hsv_shift(rgb, 0, 0.35).astype(np.float32)
    return np.clip(x + 0.3 * (255 - x), 0, 255).astype(np.uint8)


def _changes() -> dict:
    from tests.oodsets import hsv_shift

    return {"hue +15°": lambda x: hsv_shift(x, 15 / 360), "hue -15°": lambda x: hsv_shift(x, -15 / 360),
            "saturation x0.5": lambda x: hsv_shift(x, 0, 0.5), "pale": _pale}


def reviewed_matches(data: Path, change=None) -> dict[str, Match]:
    """Per class, the detections of the fields reviewed by eye (``change`` applied first)
    matched to their marked centres."""
    reviewed = json.loads((ROOT / "benchmarks" / "cells_reviewed.json").read_text())["fields"]
    per = {c: Match() for c in CLASSES}
    for name, marks in reviewed.items():
        rgb = load_rgb(data / "original" / name)
        cells = DETECT(change(rgb) if change is not None else rgb)
        per[name.split("/")[0]] += match_centres(cells, marks["cells"], marks["ignore"])
    return per


def _match_record(m: Match) -> dict:
    return {"found": m.found, "missed": m.missed, "false": m.false, "recall": m.recall,
            "precision": m.precision}


def reviewed_under(data: Path, change, out: dict) -> None:
    out.update(_match_record(sum(reviewed_matches(data, change).values(), Match())))


def accuracy(data: Path, out: dict) -> None:
    """Parts (a) and (b) into ``out["masks"]`` and ``out["reviewed"]``."""
    masks = data / "segmented-sample"
    for c in CLASSES[:3]:
        found = total = 0
        for m in sorted((masks / c).glob("*.jpg")):
            ref = load_rgb(m).max(axis=2) > 40
            f, t = found_in_mask(DETECT(load_rgb(data / "original" / c / m.name)), ref)
            found, total = found + f, total + t
        out["masks"][c] = {"found": found, "total": total, "recall": found / total}
    mf = sum(v["found"] for v in out["masks"].values())
    mt = sum(v["total"] for v in out["masks"].values())
    out["masks"]["all"] = {"found": mf, "total": mt, "recall": mf / mt}
    per = reviewed_matches(data)
    for c, m in [*per.items(), ("all", sum(per.values(), Match()))]:
        out["reviewed"][c] = _match_record(m)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "aria2021-all")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--passes", type=int, default=7, help="speed passes over the fields (7)")
    ap.add_argument("--speed-only", action="store_true", help="skip the accuracy parts")
    ap.add_argument("--normalise", action="store_true", help="detect on the stain-normalised field")
    ap.add_argument("--changes", action="store_true", help="(b) under stain changes too")
    args = ap.parse_args()
    global DETECT
    if args.normalise:
        DETECT = _normalised
    if not (args.data / "original").is_dir():
        print(f"{args.data}: no original/ folder (the development images)", file=sys.stderr)
        return 2
    out: dict = {"masks": {}, "reviewed": {}}
    masks = args.data / "segmented-sample"
    if not args.speed_only:
        accuracy(args.data, out)
    if args.changes:
        out["changes"] = {}
        for name, change in _changes().items():
            reviewed_under(args.data, change, out["changes"].setdefault(name, {}))
    cv2.setNumThreads(1)
    fields = [load_rgb(p) for c in CLASSES[:3] for p in sorted((masks / c).glob("*.jpg"))
              for p in [args.data / "original" / c / p.name]]
    fields += [load_rgb(p) for p in sorted((args.data / "original" / "Pro").glob("*.jpg"))[:50]]
    for f in fields[:20]:  # warm-up: first calls load code and allocate
        DETECT(f)
    cpu, wall = [], []
    for _ in range(args.passes):
        c0, t0 = time.process_time(), time.perf_counter()
        n = sum(len(DETECT(f)) for f in fields)
        cpu.append((time.process_time() - c0) / len(fields) * 1000)
        wall.append((time.perf_counter() - t0) / len(fields) * 1000)
    out["speed"] = {"fields": len(fields), "passes": args.passes, "threads": 1,
                    "cpu_ms_per_field_median": statistics.median(cpu),
                    "cpu_ms_per_field_min": min(cpu), "cpu_ms_per_field_max": max(cpu),
                    "ms_per_field_median": statistics.median(wall),
                    "ms_per_field_min": min(wall), "ms_per_field_max": max(wall),
                    "cells_per_field": n / len(fields)}
    for c, v in out["masks"].items():
        print(f"masks    {c:6s} {v['found']:4d}/{v['total']:4d} found ({v['recall']:.1%})")
    for c, v in out["reviewed"].items():
        print(f"reviewed {c:6s} recall {v['recall']:.1%} ({v['found']}/{v['found'] + v['missed']}), "
              f"precision {v['precision']:.1%} ({v['false']} false)")
    for c, v in out.get("changes", {}).items():
        print(f"changed  {c:16s} recall {v['recall']:.1%} ({v['found']}/{v['found'] + v['missed']}), "
              f"precision {v['precision']:.1%} ({v['false']} false)")
    s = out["speed"]
    print(f"speed    {s['cpu_ms_per_field_median']:.2f} CPU ms per field (median of {s['passes']}, "
          f"{s['cpu_ms_per_field_min']:.2f}-{s['cpu_ms_per_field_max']:.2f}), wall "
          f"{s['ms_per_field_median']:.2f} ms ({s['ms_per_field_min']:.2f}-"
          f"{s['ms_per_field_max']:.2f}), {s['cells_per_field']:.1f} cells per field, one thread, "
          f"{s['fields']} fields")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
