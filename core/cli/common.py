"""What every ``leukemia`` command shares: the user error, the progress bar, safe printing."""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

from core.progress import Progress


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


class TerminalProgress:
    """A one-line progress bar on stderr (quiet when stderr is not a terminal and ``quiet``)."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet or not sys.stderr.isatty()
        self.last = 0.0
        self.started = time.perf_counter()
        self.val_n = ""  # what each epoch's val_acc rests on, from the training's split counts

    def __call__(self, p: Progress) -> None:
        now = time.perf_counter()
        if "split_counts" in p.metrics:
            counts = {k: sum(v.values()) for k, v in p.metrics["split_counts"].items()}
            self.val_n = (f" (n={counts['val']})" if counts.get("val")
                          else f" (on the {counts.get('train', 0)} training images)")
        if p.stage == "warning":  # always shown, on a line of its own
            print(("\n" if not self.quiet else "") + f"warning: {show(p.message)}", file=sys.stderr,
                  flush=True)
            return
        if self.quiet:
            if p.stage == "epoch":
                m = p.metrics
                print(f"epoch {p.done}/{p.total}: loss {m.get('loss', float('nan')):.4f} "
                      f"acc {m.get('accuracy', float('nan')):.4f} val_loss "
                      f"{m.get('val_loss', float('nan')):.4f} val_acc "
                      f"{m.get('val_accuracy', float('nan')):.4f}{self.val_n}", file=sys.stderr,
                      flush=True)
            return
        if now - self.last < 0.1 and p.done < p.total:
            return
        self.last = now
        width = 30
        filled = int(width * p.fraction)
        eta = p.metrics.get("eta")
        eta_txt = (f" ETA {int(eta) // 60}:{int(eta) % 60:02d}"
                   if isinstance(eta, (int, float)) and math.isfinite(eta) else "")
        line = (f"\r{p.stage:9s} [{'#' * filled}{'.' * (width - filled)}] {p.done}/{p.total}{eta_txt} "
                f"{show(p.message)[:40]}")
        print(line.ljust(100), end="" if p.done < p.total else "\n", file=sys.stderr, flush=True)


def existing_dir(path: str) -> Path:
    """``path`` as a folder that exists, else a :class:`UserError`."""
    p = Path(path)
    if not p.exists():
        raise UserError(f"{p}: folder not found")
    if not p.is_dir():
        raise UserError(f"{p}: not a folder")
    return p


def model_arg(value: str | None) -> Path | None:
    """``--model``: a folder, or ``None`` for the shipped model."""
    return Path(value) if value else None


def show(value: object) -> str:
    """A file name or message for the terminal: one line, control characters and undecodable
    bytes escaped (:func:`core.text.safe_display`)."""
    from core.text import safe_display

    return safe_display(value if isinstance(value, (str, bytes, os.PathLike)) else str(value))


def _safe_json(data: Any) -> Any:
    """``data`` with every text made safe to print (file names with undecodable bytes or
    control characters come out escaped, as in the other output formats)."""
    if isinstance(data, str):
        return show(data)
    if isinstance(data, dict):
        return {show(str(k)): _safe_json(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_safe_json(v) for v in data]
    if isinstance(data, os.PathLike):
        return show(data)
    return data


def print_json(data: Any) -> None:
    """``data`` on stdout as indented JSON, every text escaped as :func:`show` does."""
    print(json.dumps(_safe_json(data), indent=1, ensure_ascii=False, default=lambda o: show(str(o))))


def case_audit(args: Any) -> Any:
    """Case steps always go to the audit log: ``--audit PATH``, else the default log."""
    from core.inference.audit import AuditLog

    given = getattr(args, "audit", None)
    return AuditLog(given if given and given != "default" else None)
