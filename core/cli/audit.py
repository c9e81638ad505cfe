"""``leukemia audit verify``: check an audit log's hash chain."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.cli.common import UserError


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Check an audit log's hash chain: 0 intact, 1 altered, 3 only records from before the
    chain (nothing verifiable); a missing or unreadable file is exit 2 / 1."""
    from core.inference.audit import verify_log
    from core.text import safe_display

    path = Path(args.log)
    if not path.exists():
        raise UserError(f"{safe_display(path)}: audit log not found")
    try:
        check = verify_log(path)
    except OSError as exc:  # exit 1 means "altered" only
        raise UserError(f"{safe_display(path)}: cannot read the audit log "
                        f"({exc.strerror or exc})") from None
    print(check.summary())
    if not check.ok:
        return 1
    return 3 if check.state == "unchained" else 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("audit", help="audit log tools")
    audit_sub = p.add_subparsers(dest="audit_command", required=True)
    p = audit_sub.add_parser("verify", help="check the audit log's hash chain: names the first "
                             "edited, inserted, reordered or missing record (exit 1)")
    p.add_argument("log", help="the audit log (.jsonl)")
    p.set_defaults(func=cmd_audit_verify)
