"""What a case may hold: its errors, identifier, names and dates, and its file's name."""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import string
from datetime import date, datetime, timezone
from typing import Any, TypeVar

from core.text import needs_escape, safe_display

CASE_SUFFIX = ".case.json"
MAX_ID_LENGTH = 64
MAX_NAME_LENGTH = 120


# code -> the English sentence of a CaseError, its values as {name}
CASE_ERROR_TEXTS: dict[str, str] = {
    "case.id_not_text": "the case identifier must be text",
    "case.id_empty": "the case identifier is empty",
    "case.id_too_long": "the case identifier is longer than {limit} characters",
    "case.id_separator": "the case identifier must not contain / or \\ (path separators)",
    "case.id_invisible": "the case identifier must not contain control or invisible characters",
    "case.id_dots": "the case identifier must not be . or ..",
    "case.name_empty": "the {role}'s name is empty",  # role: operator or signer
    "case.name_invalid": "the {role}'s name must be one line of at most {limit} characters",
    "case.bad_date": "specimen date {text} is not a date (YYYY-MM-DD)",
    "case.signed": "case {case_id} is signed and read-only; make a new version to {change}",
    "case.other_model": "case {case_id} was classified with model {model_id}, not {other}; one case, one model",
    "case.no_field": "case {case_id} has no field {field}",
    "case.review_action": "review action must be one of {actions}",
    "case.reclassify_class": "reclassify needs a class: one of {classes}",
    "case.field_unreadable": "field {field} is unreadable: it can only be excluded",
    "case.nothing_to_sign": "case {case_id} has no fields to sign",
    "case.two_signatures": "case {case_id} already has two signatures",
    "case.same_signer": "{name} has already signed case {case_id}; the second signature must be another person's",
    "case.no_reading": "case {case_id}: every field is excluded, unreadable or without a result, so there is no "
                       "reading to sign; add fields or review them again",
    "case.unreviewed": "case {case_id}: {count} uncertain or no-result field(s) not reviewed yet (field {field} first)",
    "case.not_signed": "case {case_id} is not signed: change it directly",
    "case.version_reason": "a new version needs a reason",
    "case.not_case_file": "{path}: not a case file of this app (format {format})",
    "case.malformed": "{path}: malformed case file ({detail})",
    "case.changed_after_signing": "{path}: the signed case was changed after signing (its content does not "
                                  "match the signature); open a copy kept elsewhere or ask the signer",
    "case.no_folder": "where should the case be saved? (give a cases folder)",
    "case.not_readable": "{path}: exists and is not a readable case file; choose another name",
    "case.holds_other": "{path}: holds case {other}, not {case_id}",
    "case.saved_signed": "{path}: the saved case is signed; make a new version",
    "case.exists": "{path}: exists; give another name or replace it explicitly (--force)",
    "case.per": "per must be 'field' or 'case'",
    "case.field_incomplete": "a field of the case file has no path or result",
    "case.needs_reason": "{review} needs a reason",  # review: reclassify or exclude (late: it fits others)
    "case.in_file": "{path}: {detail}",  # last: it fits any path's sentence
}
CASE_ERROR_CODES: dict[str, tuple[str, ...]] = {
    c: tuple(name for _, name, _, _ in string.Formatter().parse(t) if name) for c, t in CASE_ERROR_TEXTS.items()}
_E = TypeVar("_E", bound="CaseError")


def _pattern(template: str) -> re.Pattern[str]:
    parts = [re.escape(text) + (f"(?P<{name}>.*?)" if name else "")
             for text, name, _, _ in string.Formatter().parse(template)]
    return re.compile("".join(parts), re.S)


class CaseError(ValueError):
    """A case that cannot be made, changed or opened; the message is one line.

    The message is the English sentence; ``code`` and ``params`` say the same for an interface
    to word in its own language (:data:`CASE_ERROR_TEXTS`; a refused input passed on keeps that
    refusal's code). Raised with a message only, the error takes the code whose sentence it is,
    or none."""

    code: str | None
    params: dict[str, Any]

    def __init__(self, message: str, code: str | None = None, params: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        if code is None:
            code, params = self._recognise(str(message))
        self.code, self.params = code, dict(params or {})

    @classmethod
    def of(cls: type[_E], code: str, **params: Any) -> _E:
        """The error of ``code`` with ``params``, its message the code's English sentence."""
        values = {k: (v if k == "reason_params" else str(v)) for k, v in params.items()}
        return cls(CASE_ERROR_TEXTS[code].format(**values), code, values)

    @staticmethod
    def _recognise(message: str) -> tuple[str | None, dict[str, Any]]:
        for code, template in CASE_ERROR_TEXTS.items():
            match = _pattern(template).fullmatch(message)
            if match:
                return code, dict(match.groupdict())
        return None, {}

    def __reduce__(self) -> tuple[type, tuple[str, str | None, dict[str, Any]]]:
        return type(self), (str(self), self.code, self.params)  # copies and pickles keep the code


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
        raise CaseError.of("case.id_not_text")
    cid = text.strip()
    if not cid:
        raise CaseError.of("case.id_empty")
    if len(cid) > MAX_ID_LENGTH:
        raise CaseError.of("case.id_too_long", limit=MAX_ID_LENGTH)
    if "/" in cid or "\\" in cid:
        raise CaseError.of("case.id_separator")
    if needs_escape(cid):
        raise CaseError.of("case.id_invisible")
    if cid in (".", ".."):
        raise CaseError.of("case.id_dots")
    return cid


def validate_name(text: str, what: str = "operator") -> str:
    name = (text or "").strip()
    if not name:
        raise CaseError.of("case.name_empty", role=what)
    if needs_escape(name) or len(name) > MAX_NAME_LENGTH:
        raise CaseError.of("case.name_invalid", role=what, limit=MAX_NAME_LENGTH)
    return name


def validate_date(text: str) -> str:
    """A specimen date as ``YYYY-MM-DD`` ("" for none)."""
    text = (text or "").strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise CaseError.of("case.bad_date", text=repr(safe_display(text))) from None


def case_file_name(case_id: str) -> str:
    """A portable file name for a case id: letters, digits, ``.-_`` kept, others ``_``, and a
    short hash of the id when anything was replaced (two ids never share a file)."""
    cid = validate_case_id(case_id)
    slug = re.sub(r"[^A-Za-z0-9._-]", "_", cid).strip(".") or "case"
    if slug != cid:
        slug += "-" + hashlib.sha256(cid.encode("utf-8")).hexdigest()[:8]
    return slug + CASE_SUFFIX
