"""``leukemia scan | dedup | split | balance | preprocess``: the labelled images themselves."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import Any

from core.cli.common import TerminalProgress, UserError, existing_dir, print_json, show
from core.progress import Progress


def cmd_scan(args: argparse.Namespace) -> int:
    from core.data.scan import scan

    result = scan(existing_dir(args.dir), progress=TerminalProgress(args.quiet))
    if args.json:
        print_json(result.to_dict())
        return 0
    print(f"{show(result.root)}: {len(result.items)} readable images")
    for label, n in result.counts.items():
        folder = result.class_folders.get(label, "-")
        print(f"  {label:7s} {n:6d}   ({show(folder)})")
    for name in result.unknown_folders:
        print(f"  unknown folder ignored: {show(name)}")
    for path, reason in result.bad_files:
        print(f"  skipped {show(path)}: {show(reason)}")
    return 0


def cmd_dedup(args: argparse.Namespace) -> int:
    from core.data.duplicates import find_duplicates
    from core.data.scan import scan

    result = scan(existing_dir(args.dir), progress=TerminalProgress(args.quiet))
    groups = find_duplicates(result.items, max_distance=args.max_distance,
                             progress=TerminalProgress(args.quiet))
    if args.json:
        print_json({"max_distance": args.max_distance, "groups": [g.to_dict() for g in groups]})
        return 0
    exact = [g for g in groups if g.kind == "exact"]
    near = [g for g in groups if g.kind == "near"]
    print(f"{len(exact)} exact duplicate group(s), {len(near)} near-duplicate group(s) "
          f"(dHash distance <= {args.max_distance})")
    for g in groups:
        flag = " CROSS-CLASS" if g.cross_class else ""
        print(f"[{g.kind}{flag}] " + "  ".join(f"{i.label}/{show(i.path.name)}" for i in g.items))
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    from core.data.scan import scan
    from core.data.split import split_dataset, write_manifest

    if not 0 < args.val < 1 or not 0 <= args.test < 1 or args.val + args.test >= 1:
        raise UserError("--val and --test must be fractions with val + test < 1")
    result = scan(existing_dir(args.dir), progress=TerminalProgress(args.quiet))
    manifest = split_dataset(result, fractions=(1 - args.val - args.test, args.val, args.test),
                             seed=args.seed, block_size=args.block_size,
                             max_distance=args.max_distance, progress=TerminalProgress(args.quiet))
    from core.fileutil import guard_output_file

    guard_output_file(args.out, inputs=[i.path for i in result.items], what="manifest")
    write_manifest(manifest, args.out)
    counts = manifest.counts()
    print(f"wrote {args.out}")
    for split, c in counts.items():
        print(f"  {split:5s} " + "  ".join(f"{k}={v}" for k, v in c.items()) + f"  total={sum(c.values())}")
    empty = [s for s, c in counts.items() if not sum(c.values()) and s != "test" or
             (s == "test" and args.test > 0 and not sum(c.values()))]
    if empty:
        print(f"warning: {', '.join(empty)} split(s) empty: too few blocks of {args.block_size} "
              "consecutive file numbers; try a smaller --block-size", file=sys.stderr)
    return 0


def cmd_balance(args: argparse.Namespace) -> int:
    from core.data.balance import balance

    result = balance(existing_dir(args.src), Path(args.out), target=args.target, seed=args.seed,
                     progress=TerminalProgress(args.quiet))
    if args.json:
        print_json(result.to_dict())
        return 0
    if result.up_to_date:
        print(f"{show(result.out_dir)} is already balanced with these settings; nothing written")
    else:
        print(f"wrote {show(result.out_dir)}: {result.generated} new images in {result.seconds:.1f} s")
    for label in result.counts_after:
        print(f"  {label:7s} {result.counts_before.get(label, 0):6d} -> {result.counts_after[label]:6d}")
    for path, reason in result.skipped:
        print(f"  skipped {show(path)}: {show(reason)}")
    return 0


def cmd_preprocess(args: argparse.Namespace) -> int:
    from PIL import Image

    from core.data.images import ImageError, load_rgb
    from core.data.preprocess import PreprocessSpec, preprocess, to_display
    from core.data.scan import scan
    from core.fileutil import atomic_write_bytes, guard_output_dir

    src, out = existing_dir(args.src), Path(args.out)
    guard_output_dir(out, data_roots=[src], allow_bundle=False)
    spec = PreprocessSpec(args.kind, args.size, args.roi)
    result = scan(src, progress=TerminalProgress(args.quiet))
    bar = TerminalProgress(args.quiet)
    written = 0
    for n, item in enumerate(result.items, 1):
        try:
            img = to_display(preprocess(load_rgb(item.path), spec))
        except ImageError as exc:
            print(f"skipped {show(item.path)}: {show(exc.reason)}", file=sys.stderr)
            continue
        buf = io.BytesIO()
        Image.fromarray(img).save(buf, format="PNG")
        atomic_write_bytes(out / item.label / (item.path.stem + ".png"), buf.getvalue())
        written += 1
        bar(Progress("preprocess", n, len(result.items), item.path.name))
    print(f"wrote {written} preprocessed images ({spec.kind}, {spec.size}px, roi={spec.roi}) to {out}")
    return 0 if written else 1


def add_parsers(sub: Any) -> None:
    """The data commands, in the order ``leukemia --help`` lists them."""
    p = sub.add_parser("scan", help="count images per class and list unreadable files")
    p.add_argument("dir")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("dedup", help="find exact and near-duplicate images")
    p.add_argument("dir")
    p.add_argument("--max-distance", type=int, default=2, help="difference-hash distance (default 2)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dedup)

    p = sub.add_parser("split", help="leakage-free train/val/test split written as a manifest")
    p.add_argument("dir")
    p.add_argument("--out", required=True, help="manifest file (.json or .csv)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--val", type=float, default=0.15)
    p.add_argument("--test", type=float, default=0.15)
    p.add_argument("--block-size", type=int, default=20, help="consecutive file numbers per group")
    p.add_argument("--max-distance", type=int, default=2)
    p.set_defaults(func=cmd_split)

    p = sub.add_parser("balance", help="augment every class up to a target count into a new folder")
    p.add_argument("src")
    p.add_argument("out")
    p.add_argument("--target", type=int, default=None, help="images per class (default: largest class)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_balance)

    p = sub.add_parser("preprocess", help="write preprocessed images for inspection")
    p.add_argument("src")
    p.add_argument("out")
    p.add_argument("--roi", action="store_true", help="crop to the region holding the cells")
    p.add_argument("--kind", choices=("reference", "rgb"), default="reference")
    p.add_argument("--size", type=int, default=224)
    p.set_defaults(func=cmd_preprocess)
