"""The audit log's hash chain: the canonical bytes a record's hash covers, and how a line is read.

Shared by the writer (:mod:`core.inference.audit`) and the checker
(:mod:`core.inference.audit_verify`); the chain's format is described in the writer's docstring.
"""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64  # ``prev`` of the first chained record


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
