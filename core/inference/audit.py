"""The append-only classification audit log (JSON lines, flushed and synced per record).

The log is a hash chain, so that an edited, inserted, reordered or removed record is found
(``leukemia audit verify LOG``, :func:`verify_log`). Every record written since issue #19 has:

* ``seq`` — its number in the chain: 1 for the first chained record, then +1 per record;
* ``prev`` — the ``hash`` of the chained record before it (:data:`GENESIS`, 64 zeros, for
  ``seq`` 1);
* ``hash`` — the SHA-256 (hex) of the record's canonical JSON without the ``hash`` field,
  ``json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` encoded as
  UTF-8 (:func:`canonical_bytes`). It covers ``seq`` and ``prev``, so each record pins the
  whole chain before it, and a record edited without recomputing it (the last one too) is found;
* ``torn_sha256`` — only on a record written right after lines torn by a crash (an unreadable
  line, usually the last one, cut before its newline): the list of the SHA-256 of each torn
  line's bytes. The record chains to the last complete record; ``verify`` reports the torn
  lines, and one that was edited or added later does not match.

Records from before the chain (no ``hash`` field) are read as usual and reported as
*unchained*; the chain starts at the first record written after them. An unchained record
after a chained one can only have been inserted. A hash chain without a secret key shows
edits, insertions, reordering and removals inside the log; whoever rewrites the whole file and
recomputes every hash, or cuts records off its end, is caught only by comparing with a copy of
the chain's head (the last record's hash, which ``verify`` prints).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import core
from core.data.images import sha256_file
from core.inference.result import Prediction
from core.progress import Cancelled
from core.text import safe_display

ENV_VAR = "LEUKEMIA_AUDIT_LOG"
GENESIS = "0" * 64
_TAIL_CHUNK = 1 << 16


def default_audit_path() -> Path:
    """``$LEUKEMIA_AUDIT_LOG``, else the user's data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "leukemia" / "audit.jsonl"


def canonical_bytes(record: dict) -> bytes:
    """The bytes a record's ``hash`` covers: canonical JSON of every field but ``hash``."""
    body = {k: v for k, v in record.items() if k != "hash"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8", "surrogatepass")


def record_hash(record: dict) -> str:
    return hashlib.sha256(canonical_bytes(record)).hexdigest()


def _parse(line: bytes) -> dict | None:
    try:
        rec = json.loads(line.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and RecursionError-free JSON errors
        return None
    except RecursionError:  # absurdly nested JSON is not a record either
        return None
    return rec if isinstance(rec, dict) else None


def _is_chained(rec: dict) -> bool:
    return isinstance(rec.get("hash"), str)


def _chain_tail(fh: Any) -> tuple[dict | None, list[bytes], bool]:
    """Where a new record goes: (last readable record, unreadable lines after it, ends in \\n).

    Reads the open binary log backwards in chunks, so appending costs the same for any size.
    """
    end = fh.seek(0, os.SEEK_END)
    if end == 0:
        return None, [], True
    fh.seek(end - 1)
    newline = fh.read(1) == b"\n"
    pos, buf = end, b""
    while True:
        step = min(max(_TAIL_CHUNK, len(buf)), pos)
        pos -= step
        fh.seek(pos)
        buf = fh.read(step) + buf
        lines = buf.split(b"\n")
        if newline:
            lines.pop()  # the empty text after the final newline
        first_whole = 0 if pos == 0 else 1  # the first piece may be cut by the chunk start
        torn: list[bytes] = []
        for raw in reversed(lines[first_whole:]):
            rec = _parse(raw)
            if rec is not None:
                return rec, list(reversed(torn)), newline
            torn.append(raw)
        if pos == 0:
            return None, list(reversed(torn)), newline


_PATH_LOCKS: dict[str, threading.Lock] = {}
_PATH_LOCKS_GUARD = threading.Lock()


def _path_lock(path: Path) -> threading.Lock:
    """One lock per log file for the whole process (GUI drops and batches use separate
    :class:`AuditLog` objects for the same file)."""
    key = os.path.normcase(os.path.abspath(path))
    with _PATH_LOCKS_GUARD:
        return _PATH_LOCKS.setdefault(key, threading.Lock())


@contextmanager
def _file_lock(fh: Any) -> Iterator[None]:
    """Exclusive lock on the open log across processes where the OS offers one (POSIX flock)."""
    try:
        import fcntl
    except ImportError:  # Windows: the in-process lock only
        yield
        return
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
    except OSError:  # a file system without locks (some network shares): in-process lock only
        yield
        return
    try:
        yield
    finally:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


class AuditLog:
    """Appends one JSON record per classified image; never rewrites earlier lines."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else default_audit_path()
        self._lock = _path_lock(self.path)

    def record(self, prediction: Prediction, *, model_id: str, model_checksum: str,
               user: str | None = None) -> dict:
        """Append the record for a :class:`core.inference.result.Prediction` and return it."""
        path = prediction.path
        try:
            digest = sha256_file(path) if path else None
        except OSError:
            digest = None
        rec: dict[str, Any] = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "user": safe_display(user or os.environ.get("USERNAME") or os.environ.get("USER") or ""),
            # control characters and undecodable bytes of a file name are escaped (core.text)
            "path": safe_display(path) if path else None,
            "sha256": digest,
            "model_id": model_id,
            "model_checksum": model_checksum,
            "app_version": core.__version__,
            **{k: v for k, v in prediction.to_dict().items() if k != "path"},
        }
        return self._append(rec)

    def record_event(self, event: str, *, case_id: str | None = None, user: str | None = None,
                     **details: Any) -> dict:
        """Append a record that is not a classification (a step of a case: ``case.new``,
        ``case.sign``...): ``event``, ``time``, ``user``, ``app_version``, ``case_id`` and the
        JSON-safe ``details``. It is chained like every other record, so ``verify`` covers it;
        readers tell it from a classification by its ``event`` field."""
        if not event or not isinstance(event, str):
            raise ValueError("an audit event needs a name")
        rec: dict[str, Any] = {
            "event": safe_display(event),
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "user": safe_display(user or os.environ.get("USERNAME") or os.environ.get("USER") or ""),
            "app_version": core.__version__,
        }
        if case_id is not None:
            rec["case_id"] = safe_display(case_id)
        for k, v in details.items():
            if k not in rec and k not in ("seq", "prev", "hash", "torn_sha256"):
                rec[k] = json.loads(json.dumps(v, ensure_ascii=False, default=str))
        return self._append(rec)

    def _append(self, rec: dict[str, Any]) -> dict:
        """Chain ``rec`` to the log's last record and append it (flushed and synced)."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a+b") as fh, _file_lock(fh):
                head, torn, newline = _chain_tail(fh)
                if head is not None and _is_chained(head) and isinstance(head.get("seq"), int):
                    rec["seq"], rec["prev"] = head["seq"] + 1, head["hash"]
                else:  # a new log, or one written before the chain: the chain starts here
                    rec["seq"], rec["prev"] = 1, GENESIS
                if torn:
                    rec["torn_sha256"] = [hashlib.sha256(t).hexdigest() for t in torn]
                rec["hash"] = record_hash(rec)
                # A crash can leave a torn last line without its newline; start a fresh line
                # so this record is not glued to it (and lost along with it on reading).
                data = (b"" if newline else b"\n") + \
                    json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n"
                fh.seek(0, os.SEEK_END)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        return rec

    def events(self, case_id: str | None = None) -> list[dict]:
        """The non-classification records (case steps), of one case when ``case_id`` is given."""
        return [r for r in self.read() if isinstance(r.get("event"), str)
                and (case_id is None or r.get("case_id") == case_id)]

    def read(self) -> list[dict]:
        """All complete records (a torn last line from a crash is ignored)."""
        if not self.path.is_file():
            return []
        out = []
        # Decode per line: a torn line may end inside a multi-byte character (unicode paths).
        for raw in self.path.read_bytes().split(b"\n"):
            rec = _parse(raw)
            if rec is not None:
                out.append(rec)
        return out

    def verify(self, since: AuditCheck | None = None) -> AuditCheck:
        return verify_log(self.path, since)


# --------------------------------------------------------------------- verification


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
