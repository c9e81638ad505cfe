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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import core
from core.data.images import sha256_file
from core.inference.result import Prediction
from core.inference.audit_chain import GENESIS, _is_chained, _parse, canonical_bytes, record_hash
from core.inference.audit_verify import AuditCheck, verify_log
from core.text import safe_display

# verify_log, AuditCheck, GENESIS and canonical_bytes are part of this module's interface.
__all__ = ["ENV_VAR", "GENESIS", "AuditCheck", "AuditLog", "canonical_bytes", "default_audit_path",
           "record_hash", "verify_log"]

ENV_VAR = "LEUKEMIA_AUDIT_LOG"
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
               user: str | None = None, sha256: str | None = None) -> dict:
        """Append the record for a :class:`core.inference.result.Prediction` and return it.

        ``sha256``: of the bytes the image was decoded from, where the caller read them;
        otherwise the file is hashed here."""
        path = prediction.path
        digest = sha256
        try:
            if digest is None and path:
                digest = sha256_file(path)
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
