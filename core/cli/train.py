"""``leukemia train``: a model bundle from labelled images, or continued from another model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.cli.common import TerminalProgress, UserError


def cmd_train(args: argparse.Namespace) -> int:
    from core.training.train import TrainConfig, train, validation_name

    data = Path(args.data)
    if not data.exists():
        raise UserError(f"{data}: not found (give a dataset folder or a split manifest)")
    from core.training.loop import default_backup_dir, read_backup

    backup = None if args.no_backup else str(args.backup_dir or default_backup_dir(args.out))
    cfg = TrainConfig(arch=args.arch, epochs=args.epochs, batch_size=args.batch_size,
                      learning_rate=args.lr, image_size=args.image_size, seed=args.seed,
                      save_partial_on_cancel=True, from_model=args.from_model,
                      corrections=args.corrections, strategy=args.strategy, backup_dir=backup)
    if args.corrections and not Path(args.corrections).is_file():
        raise UserError(f"{args.corrections}: corrections file not found")
    try:
        cfg.resolved()
    except ValueError as exc:
        raise UserError(str(exc)) from None
    from core.training.train import check_outputs

    check_outputs(data, args.out, cfg)  # before any work: nothing of the user's is at risk
    found = read_backup(backup) if backup else None
    if found is not None:
        print(f"backup in {found.path}: {found.epochs_done} of {found.epochs} epoch(s) done; "
              f"resuming if the settings match: epochs 1-{found.epochs_done} are kept and "
              f"training continues at epoch {found.epochs_done + 1} (other settings start "
              "again from epoch 1)", file=sys.stderr)
    method = _method(args)  # None: the measured default (not passed, so train's own applies)
    extra = {"method": method} if method is not None else {}
    result = train(data, Path(args.out), cfg, progress=TerminalProgress(args.quiet), **extra)
    if result.bundle_dir is None:
        print(f"worker finished {result.epochs_run} epoch(s); the chief writes the model")
        return 0
    if result.card["training"].get("resumed"):
        print("resumed after epoch(s) " + ", ".join(
            map(str, result.card["training"]["resumed_from_epochs"])))
    if "parent" in result.card:
        print(f"continued from {result.card['parent']['id']}")
    if "corrections" in result.card:
        counts = result.card["corrections"]["counts"]
        print("corrections: " + (", ".join(f"{n} {a}" for a, n in sorted(counts.items())) or "none"))
    from core.evaluation.metrics import accuracy_text

    best = result.card["training"].get("best_epoch")
    kept = f", epoch {best} kept" if best and best != result.epochs_run else ""
    print(f"saved {result.bundle_dir} ({result.epochs_run} epochs{kept}, {result.seconds:.0f} s)")
    # every figure with the count it rests on; a tiny part is said to be too small
    if "test" in result.metrics:
        print(accuracy_text(result.metrics["test"], "test accuracy")
              + f", balanced accuracy {result.metrics['test']['balanced_accuracy']:.1%}")
    else:
        print("test accuracy: no test images")
    print(accuracy_text(result.metrics["val"], f"{validation_name(result.card)} accuracy"))
    from core.evaluation.reference import activation_block, side_by_side

    for line in side_by_side(result.card):  # the origin's reference beside the new lab's part
        print(line)
    block = activation_block(result.card)
    if block:
        print(f"not safe to make active without an override: {block}")
    return 0


def _method(args: argparse.Namespace) -> Any:
    """How a continued training keeps its parent's knowledge (None: the measured default)."""
    chosen = (args.no_rehearsal, args.l2sp is not None, args.train_layers is not None)
    if not any(chosen):
        return None
    if not args.from_model:
        raise UserError("--no-rehearsal, --l2sp and --train-layers apply only with --from")
    from core.training.rehearsal import DEFAULT_METHOD, ContinueMethod

    try:
        return ContinueMethod(
            rehearsal=not args.no_rehearsal,
            l2sp=DEFAULT_METHOD.l2sp if args.l2sp is None else args.l2sp,
            train=args.train_layers or DEFAULT_METHOD.train)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def add_parser(sub: Any) -> None:
    p = sub.add_parser("train", help="train a model bundle")
    p.add_argument("data", help="dataset folder or split manifest")
    p.add_argument("--out", required=True, help="model folder to write")
    p.add_argument("--arch", "--architecture", dest="arch", choices=("default", "seed", "cells"),
                   default="default", help="default: the field CNN; cells: the white cells read "
                   "by a frozen ImageNet backbone and an attention head")
    p.add_argument("--epochs", type=int)
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr", type=float)
    p.add_argument("--image-size", type=int)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--from", dest="from_model", metavar="MODEL_DIR",
                   help="continue training this model (keeps its classes and preprocessing; "
                        "learning rate defaults to a tenth of its own)")
    p.add_argument("--corrections", metavar="FILE", help="apply this corrections CSV to the data")
    p.add_argument("--no-rehearsal", action="store_true",
                   help="with --from: do not replay the parent's carried training images")
    p.add_argument("--l2sp", type=float, metavar="A",
                   help="with --from: strength of the pull toward the parent's weights (0: none)")
    p.add_argument("--train-layers", choices=("all", "top", "head"),
                   help="with --from: which layers to train (default all)")
    p.add_argument("--strategy", choices=("auto", "default", "mirrored", "multi-worker"),
                   default="auto", help="tf.distribute strategy (default auto: all local GPUs; "
                   "multi-worker reads TF_CONFIG; see docs/scaling.md)")
    p.add_argument("--backup-dir", metavar="DIR",
                   help="epoch backup to resume a killed run from (default MODEL_DIR.backup)")
    p.add_argument("--no-backup", action="store_true", help="keep no epoch backup")
    p.set_defaults(func=cmd_train)
