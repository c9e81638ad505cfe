"""Train the benchmark's CNNs on one seeded block split of the real data.

    python benchmarks/train_models.py [--data DIR] [--arch default seed] [--out benchmarks/out]

Writes ``OUT/split.json`` (once) and a model bundle per architecture in ``OUT/<arch>/``,
with a log of every epoch in ``OUT/<arch>.log``. ``benchmarks/run_benchmark.py`` then
evaluates them side by side with the colour baselines.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.data.split import read_manifest, write_manifest  # noqa: E402
from core.training.plan import resolve_data  # noqa: E402
from core.training.train import TrainConfig, train  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared/data/aria2021-all/original"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=Path("benchmarks/out"))
    ap.add_argument("--arch", nargs="+", default=["default", "seed"])
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--image-size", type=int, default=None)
    ap.add_argument("--augment", default=None, help="augmentation mode (default: the arch's)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--fractions", type=float, nargs=3, default=(0.7, 0.15, 0.15))
    ap.add_argument("--name", default=None, help="bundle folder name (default: the arch)")
    args = ap.parse_args()
    if not args.data.is_dir():
        print(f"data folder not found: {args.data}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    split = args.out / "split.json"
    if split.is_file():
        manifest = read_manifest(split)
    else:
        manifest = resolve_data(args.data, fractions=tuple(args.fractions), seed=args.seed)
        write_manifest(manifest, split)
    print("split", manifest.counts(), flush=True)
    for arch in args.arch:
        log = open(args.out / f"{args.name or arch}.log", "w", encoding="utf-8")

        def progress(p, log=log):  # noqa: ANN001
            if p.stage != "train":
                m = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in p.metrics.items()}
                print(time.strftime("%H:%M:%S"), p.stage, p.message, m, file=log, flush=True)

        cfg = TrainConfig(arch=arch, epochs=args.epochs, seed=args.seed, image_size=args.image_size,
                          augment=args.augment)
        result = train(manifest, args.out / (args.name or arch), cfg, progress=progress)
        test = result.metrics.get("test", {})
        print(arch, f"{result.seconds:.0f}s", "test acc", test.get("accuracy"),
              "bal", test.get("balanced_accuracy"), file=log, flush=True)
        print(arch, f"{result.seconds:.0f}s", "test acc", test.get("accuracy"), flush=True)
        log.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
