"""What a case may hold: its errors, identifier, names and dates, and its file's name."""

from __future__ import annotations

import getpass
import hashlib
import os
import re
from datetime import date, datetime, timezone

from core.text import needs_escape, safe_display

CASE_SUFFIX = ".case.json"
MAX_ID_LENGTH = 64


class CaseError(ValueError):
    """A case that cannot be made, changed or opened; the message is one line."""


class CaseSigned(CaseError):
    """A change to a signed case (read-only until a new version is made)."""


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_operator() -> str:
    """The OS user, as the operator's default name ("" when the OS does not say)."""
    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on some systems (containers, services)
        name = os.environ.get("USERNAME") or os.environ.get("USER") or ""
    return safe_display(name)


def validate_case_id(text: str) -> str:
    """The identifier, trimmed; :class:`CaseError` for one that is empty, too long, or holds a
    path separator or a control character (it names files and appears in reports)."""
    if not isinstance(text, str):
        raise CaseError("the case identifier must be text")
    cid = text.strip()
    if not cid:
        raise CaseError("the case identifier is empty")
    if len(cid) > MAX_ID_LENGTH:
        raise CaseError(f"the case identifier is longer than {MAX_ID_LENGTH} characters")
    if "/" in cid or "\\" in cid:
        raise CaseError("the case identifier must not contain / or \\ (path separators)")
    if needs_escape(cid):
        raise CaseError("the case identifier must not contain control or invisible characters")
    if cid in (".", ".."):
        raise CaseError("the case identifier must not be . or ..")
    return cid


def validate_name(text: str, what: str = "operator") -> str:
    name = (text or "").strip()
    if not name:
        raise CaseError(f"the {what}'s name is empty")
    if needs_escape(name) or len(name) > 120:
        raise CaseError(f"the {what}'s name must be one line of at most 120 characters")
    return name


def validate_date(text: str) -> str:
    """A specimen date as ``YYYY-MM-DD`` ("" for none)."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CaseError(f"specimen date {safe_display(text)!r} is not a date (YYYY-MM-DD)") from None


def case_file_name(case_id: str) -> str:
    """A portable file name for a case id: letters, digits, ``.-_`` kept, others ``_``, and a
    short hash of the id when anything was replaced (two ids never share a file)."""
    cid = validate_case_id(case_id)
    slug = re.sub(r"[^A-Za-z0-9._-]", "_", cid).strip(".") or "case"
    if slug != cid:
        slug += "-" + hashlib.sha256(cid.encode("utf-8")).hexdigest()[:8]
    return slug + CASE_SUFFIX
