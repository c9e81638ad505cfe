"""The ``leukemia`` command: parse, call the core, print. No logic of its own.

One module per group of commands (:mod:`core.cli.data`, :mod:`~core.cli.train`,
:mod:`~core.cli.evaluate`, :mod:`~core.cli.cells`, :mod:`~core.cli.predict`,
:mod:`~core.cli.case`, :mod:`~core.cli.audit`); what they share is in :mod:`core.cli.common`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

import core
from core.cli import audit, case, cells, data, evaluate, predict, train
from core.cli.common import TerminalProgress, UserError, show
from core.progress import Cancelled

__all__ = ["TerminalProgress", "UserError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leukemia",
        description="ALL blood smear classifier (research use only, not for diagnostic use).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {core.__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    sub = parser.add_subparsers(dest="command", required=True)
    data.add_parsers(sub)  # scan, dedup, split, balance, preprocess
    train.add_parser(sub)
    evaluate.add_evaluate_parser(sub)
    cells.add_parser(sub)
    predict.add_parser(sub)
    evaluate.add_compare_parser(sub)
    case.add_parser(sub)
    audit.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code. User errors print one line, never a traceback."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from core.data.images import ImageError
    from core.data.scan import DatasetError
    from core.model.bundle import BundleError

    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except (UserError, DatasetError, BundleError, ImageError, ValueError) as exc:
        print(f"leukemia {args.command}: error: {show(exc)}", file=sys.stderr)
        return 2
    except Cancelled as exc:
        print(f"leukemia {args.command}: {show(exc)}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"leukemia {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"leukemia {args.command}: error: {show(exc.filename or '')} "
              f"{show(exc.strerror or exc)}", file=sys.stderr)
        return 1

