"""``leukemia evaluate | compare``: a model's metrics on labelled images, two models side by side."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.cli.common import TerminalProgress, UserError, model_arg, show


def guard_report(path: str | Path, data: Path, models: list[Path | None],
                 others: Sequence[str | Path | None] = ()) -> None:
    """An output of evaluate/compare is never inside the labelled data, a model folder, or
    the same as another output (:mod:`core.fileutil`)."""
    from core.fileutil import OutputRefused, guard_output_file, is_inside
    from core.model.bundle import default_model_dir

    root = data if data.is_dir() else data.parent
    if data.is_file():
        guard_output_file(path, inputs=[data], what="output file")
    if is_inside(path, root) and data.is_dir():
        raise OutputRefused(f"{path}: the output file must not be inside the labelled data {root}")
    guard_output_file(path, protected_dirs=[m or default_model_dir() for m in models],
                      other_outputs=[o for o in others if o is not None])


def cmd_compare(args: argparse.Namespace) -> int:
    from core.evaluation.compare import compare_models, format_comparison

    data = Path(args.data)
    if not data.exists():
        raise UserError(f"{data}: not found")
    if args.json:
        guard_report(args.json, data, [Path(args.model_a), Path(args.model_b)])
    result = compare_models(data, Path(args.model_a), Path(args.model_b), split=args.split,
                            progress=TerminalProgress(args.quiet))
    from core.text import safe_log_text

    print(safe_log_text(format_comparison(result)))  # names of changed images escaped
    if args.json:
        from core.fileutil import atomic_write_text

        atomic_write_text(args.json, json.dumps(result.to_dict(), indent=1, default=str))
        print(f"wrote {args.json}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from core.evaluation.evaluate import evaluate

    data = Path(args.data)
    if not data.exists():
        raise UserError(f"{data}: not found")
    if args.json:
        guard_report(args.json, data, [model_arg(args.model)])
    if args.plots:
        for name in ("confusion_matrix.png", "per_class.png", "training_curves.png"):
            guard_report(Path(args.plots) / name, data, [model_arg(args.model)],
                         others=[args.json])
    result = evaluate(model_arg(args.model), data, split=args.split,
                      progress=TerminalProgress(args.quiet))
    m = result.metrics
    print(f"model {result.card.get('id')} on {data}: {m.n} images")
    if result.seen_warning:
        print(f"WARNING: {show(result.seen_warning)}")
    from core.evaluation.metrics import accuracy_text

    print(accuracy_text(m.to_dict()))
    print(f"balanced accuracy {m.balanced_accuracy:.4f}  "
          f"loss {m.loss:.4f}  ECE {m.ece:.4f}  uncertain {m.uncertain_rate or 0.0:.1%}")
    print(f"{'class':8s} {'prec':>6s} {'sens':>6s} {'spec':>6s} {'f1':>6s} {'n':>5s}")
    for name, pc in m.per_class.items():
        print(f"{name:8s} {pc.precision:6.3f} {pc.sensitivity:6.3f} {pc.specificity:6.3f} "
              f"{pc.f1:6.3f} {pc.support:5d}")
    print("confusion matrix (rows true, columns predicted):", m.to_dict()["confusion_matrix"])
    for path, reason in result.skipped:
        print(f"skipped {show(path)}: {show(reason)}", file=sys.stderr)
    if args.json:
        from core.fileutil import atomic_write_text

        atomic_write_text(args.json, json.dumps(result.to_dict(), indent=1, default=str))
        print(f"wrote {args.json}")
    if args.plots:
        from core.evaluation.figures import confusion_matrix_figure, per_class_figure, training_curves_figure

        out = Path(args.plots)
        out.mkdir(parents=True, exist_ok=True)
        confusion_matrix_figure(m.confusion_matrix).savefig(out / "confusion_matrix.png", dpi=120)
        per_class_figure(m.per_class).savefig(out / "per_class.png", dpi=120)
        if result.card.get("history"):
            val = result.card.get("metrics", {}).get("val", {})
            saved = {"epoch": result.card.get("training", {}).get("best_epoch"),
                     "accuracy": val.get("accuracy"), "n": val.get("n")}  # the card's figure
            training_curves_figure(result.card["history"], saved=saved).savefig(
                out / "training_curves.png", dpi=120)
        print(f"wrote plots to {out}")
    return 0


def add_evaluate_parser(sub: Any) -> None:
    p = sub.add_parser("evaluate", help="metrics of a model on labelled images")
    p.add_argument("data", help="labelled folder or split manifest (its test split)")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--split", choices=("train", "val", "test"), help="manifest split (default test)")
    p.add_argument("--json", help="write metrics and per-image predictions to this file")
    p.add_argument("--plots", help="write figures to this folder")
    p.set_defaults(func=cmd_evaluate)


def add_compare_parser(sub: Any) -> None:
    p = sub.add_parser("compare", help="compare two models on the same labelled images")
    p.add_argument("data", help="labelled folder or split manifest (its test split)")
    p.add_argument("model_a", help="reference model folder (before)")
    p.add_argument("model_b", help="model folder to compare with it (after)")
    p.add_argument("--split", choices=("train", "val", "test"), help="manifest split (default test)")
    p.add_argument("--json", help="write the comparison to this file")
    p.set_defaults(func=cmd_compare)
