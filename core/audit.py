"""The append-only classification audit log (JSON lines, flushed and synced per record)."""

from __future__ import annotations

import json
import os
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import core
from core.images import sha256_file

ENV_VAR = "LEUKEMIA_AUDIT_LOG"


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


class AuditLog:
    """Appends one JSON record per classified image; never rewrites earlier lines."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else default_audit_path()
        self._lock = threading.Lock()

    def record(self, prediction: "object", *, model_id: str, model_checksum: str,
               user: str | None = None) -> dict:
        """Append the record for a :class:`core.predict.Prediction` and return it."""
        path = getattr(prediction, "path", None)
        try:
            digest = sha256_file(path) if path else None
        except OSError:
            digest = None
        rec = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "user": user or os.environ.get("USERNAME") or os.environ.get("USER") or "",
            "path": str(path) if path else None,
            "sha256": digest,
            "model_id": model_id,
            "model_checksum": model_checksum,
            "app_version": core.__version__,
            **{k: v for k, v in prediction.to_dict().items() if k != "path"},  # type: ignore[attr-defined]
        }
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        data = line.encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "ab") as fh:
                # A crash can leave a torn last line without its newline; start a fresh line
                # so this record is not glued to it (and lost along with it on reading).
                if fh.tell() > 0:
                    with open(self.path, "rb") as tail:
                        tail.seek(-1, os.SEEK_END)
                        if tail.read(1) != b"\n":
                            data = b"\n" + data
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        return rec

    def read(self) -> list[dict]:
        """All complete records (a torn last line from a crash is ignored)."""
        if not self.path.is_file():
            return []
        out = []
        # Decode per line: a torn line may end inside a multi-byte character (unicode paths).
        for raw in self.path.read_bytes().split(b"\n"):
            try:
                rec = json.loads(raw.decode("utf-8"))
            except ValueError:  # UnicodeDecodeError is a ValueError too
                continue
            if isinstance(rec, dict):
                out.append(rec)
        return out
