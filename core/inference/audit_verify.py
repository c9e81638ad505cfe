"""Checking the audit log's hash chain (``leukemia audit verify``), in full or from a saved head.

The format is described in :mod:`core.inference.audit`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.inference.audit_chain import GENESIS, _is_chained, _parse, record_hash
from core.progress import Cancelled
from core.text import safe_display


@dataclass
class AuditCheck:
    """What :func:`verify_log` found. ``ok`` is False only when the log was altered."""

    path: Path
    records: int = 0  # readable records (chained and unchained)
    chained: int = 0
    unchained: int = 0  # records written before the chain
    torn_lines: list[int] = field(default_factory=list)  # line numbers of lines torn by crashes
    altered_line: int | None = None  # line of the first edited/inserted/misplaced record
    problem: str = ""
    head: str = GENESIS  # hash of the last chained record
    seq: int = 0  # and its number
    # where an incremental check continues: the last record's line number, offset and bytes
    head_line: int = 0
    head_offset: int = -1
    head_line_sha: str = ""

    @property
    def ok(self) -> bool:
        return self.altered_line is None

    @property
    def state(self) -> str:
        """``verified``, ``unchained`` (only records from before the chain), ``altered``, ``empty``."""
        if not self.ok:
            return "altered"
        if self.chained:
            return "verified"
        return "unchained" if self.unchained else "empty"

    def summary(self) -> str:
        """One line for the terminal."""
        name = safe_display(self.path)
        if not self.ok:
            return (f"ALTERED: {name}: line {self.altered_line}: {self.problem}; the "
                    f"{self.records} record(s) before it are intact")
        notes = []
        if self.unchained and self.chained:
            notes.append(f"{self.unchained} older unchained record(s) before the chain, "
                         "not verifiable")
        if self.torn_lines:
            notes.append(f"{len(self.torn_lines)} line(s) torn by a crash (line "
                         + ", ".join(map(str, self.torn_lines)) + ")")
        extra = "".join(f"; {n}" for n in notes)
        if self.state == "unchained":
            return (f"UNCHAINED: {name}: {self.unchained} record(s), all written before the "
                    f"hash chain (older log); nothing could be verified{extra}")
        if self.state == "empty":
            return f"OK: {name}: no records{extra}"
        return (f"OK: {name}: {self.chained} record(s), hash chain intact (head "
                f"{self.head[:16]}){extra}")


def verify_log(path: Path | str, since: AuditCheck | None = None,
               should_stop: Callable[[], bool] | None = None) -> AuditCheck:
    """Check the hash chain of the audit log at ``path``; a bad log is a result, not an error.

    With ``since`` (an earlier ok result for the same file), only what was appended after it is
    read, starting at its last record, which must still be there unchanged; otherwise the whole
    file is checked. Raises ``OSError`` only when the file cannot be read, and
    ``core.progress.Cancelled`` when ``should_stop`` (polled every few thousand lines) says so.
    """
    path = Path(path)
    if not path.exists():
        return AuditCheck(path)
    if not path.is_file():
        raise OSError(21, "not a regular file", str(path))
    if since is not None and since.ok and since.head_offset >= 0 and since.path == path:
        check = _verify(path, since, should_stop)
        if check is not None:
            return check
    result = _verify(path, None, should_stop)
    assert result is not None
    return result


def _verify(path: Path, since: AuditCheck | None,
            should_stop: Callable[[], bool] | None = None) -> AuditCheck | None:
    if since is not None:
        check = AuditCheck(path, since.records, since.chained, since.unchained,
                           [t for t in since.torn_lines if t < since.head_line], None, "",
                           since.head, since.seq, since.head_line, since.head_offset,
                           since.head_line_sha)
        start = since.head_offset
    else:
        check, start = AuditCheck(path), 0
    with open(path, "rb") as fh:
        fh.seek(start)
        return _verify_lines(check, _read_lines(fh), start, since, should_stop)


def _read_lines(fh: Any) -> Iterator[tuple[bytes, bool]]:
    """(line without its newline, whether it had one), streamed: any size of log."""
    for raw in fh:
        if raw.endswith(b"\n"):
            yield raw[:-1], True
        elif raw:
            yield raw, False


def _verify_lines(check: AuditCheck, lines: Iterator[tuple[bytes, bool]], start: int,
                  since: AuditCheck | None,
                  should_stop: Callable[[], bool] | None = None) -> AuditCheck | None:
    offset, n = start, 0
    if since is not None:
        first = next(lines, None)
        if first is None or hashlib.sha256(first[0]).hexdigest() != since.head_line_sha:
            return None  # the file changed under us: check all of it
        offset += len(first[0]) + 1
        n = since.head_line
    pending: list[tuple[int, bytes]] = []
    tail = b""
    for raw, complete in lines:
        if not complete and _parse(raw) is None:
            tail = raw  # after the last newline: a torn line no record follows yet
            break
        n += 1
        if should_stop is not None and n % 4096 == 0 and should_stop():
            raise Cancelled("audit log check cancelled")
        line_start = offset
        offset += len(raw) + 1
        rec = _parse(raw)
        if rec is None:
            pending.append((n, raw))
            continue
        if not _is_chained(rec):
            if check.chained:
                return _altered(check, n, "a record without the hash chain after chained "
                                          "records (inserted)")
            # before the chain, the old writer recovered from torn lines without saying so
            check.torn_lines.extend(t for t, _ in pending)
            pending = []
            check.unchained += 1
        else:
            if record_hash(rec) != rec["hash"]:
                return _altered(check, n, "edited (its hash does not match its content)")
            pinned = rec.get("torn_sha256")
            if pending or pinned is not None:
                if pinned != [hashlib.sha256(r).hexdigest() for _, r in pending]:
                    if pending:
                        return _altered(check, pending[0][0], "an unreadable line that is not a "
                                        "line torn by a crash (the record after it does not name it)")
                    return _altered(check, n, "a line torn by a crash before it is missing")
                check.torn_lines.extend(t for t, _ in pending)
                pending = []
            seq, expected = rec.get("seq"), check.seq + 1
            if seq != expected or isinstance(seq, bool):
                why = (f"out of order, or record(s) missing before it (number {seq}, "
                       f"expected {expected})"
                       if isinstance(seq, int) and not isinstance(seq, bool) and seq > expected
                       else f"inserted or out of order (number {seq}, expected {expected})")
                return _altered(check, n, why)
            if rec.get("prev") != check.head:
                return _altered(check, n, "does not chain to the record before it (inserted, "
                                          "reordered, or the record before it was edited)")
            check.chained += 1
            check.head, check.seq = rec["hash"], seq
        check.records += 1
        check.head_line, check.head_offset = n, line_start
        check.head_line_sha = hashlib.sha256(raw).hexdigest()
    # unreadable lines at the end: a crash tore them and no record has been written since
    check.torn_lines.extend(t for t, _ in pending)
    if tail:
        check.torn_lines.append(n + 1)
    return check


def _altered(check: AuditCheck, line: int, why: str) -> AuditCheck:
    check.altered_line, check.problem = line, why
    return check
