"""A case: one patient's smear, its fields, their results, the operator's review and sign-off.

A case is saved as a small JSON file (``<id>.case.json``, written atomically through the shared
output guard) and reopens exactly as saved. The rules a lab expects:

* the identifier is free, pseudonymous text (no path separators, no control characters);
* the operator defaults to the OS user and can be changed;
* a field keeps its path, SHA-256 and result (the model's, never rewritten) and the operator's
  review of it (accept, reclassify, exclude, with a reason);
* a signed case is read-only; a change after signing needs :meth:`Case.new_version`, which
  keeps the signed version inside the file (``previous_versions``) and starts an unsigned one;
* the first signature pins a SHA-256 of the case's content, so a signed file edited by hand
  is refused when it is opened;
* every step (new, add, review, sign, new version, report, export) is written to the audit
  log (:meth:`core.inference.audit.AuditLog.record_event`) with the case id.

Qt-free: the app and the ``leukemia case`` command both use this module.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import core
from core.classes import CLASSES, FULL_NAMES
from core.fileutil import (InputRefused, atomic_write_bytes, guard_output_file,
                           parse_json_limited, read_input_bytes)
from core.text import csv_row, needs_escape, safe_display

if TYPE_CHECKING:
    from core.inference.audit import AuditLog
    from core.inference.result import CaseSummary, Prediction

CASE_FORMAT = "leukemia-case/1"
CASE_SUFFIX = ".case.json"
MAX_ID_LENGTH = 64
MAX_CASE_BYTES = 16 * 2**20
REVIEW_ACTIONS = ("accept", "reclassify", "exclude")


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


def _sha256(path: Path | str) -> str | None:
    from core.data.images import sha256_file

    try:
        return sha256_file(path)
    except OSError:
        return None


@dataclass
class CaseField:
    """One field of the case: the image, its SHA-256, the model's result and the review."""

    path: str
    sha256: str | None
    result: dict  # Prediction.to_dict() without "path"; never changed by a review
    added: str = ""
    review: dict | None = None  # {"action", "label", "reason", "by", "time"}

    @classmethod
    def from_prediction(cls, pred: "Prediction") -> "CaseField":
        result = {k: v for k, v in pred.to_dict().items() if k != "path"}
        return cls(safe_display(pred.path or ""), _sha256(pred.path) if pred.path else None,
                   result, now_iso())

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def excluded(self) -> bool:
        return bool(self.review and self.review.get("action") == "exclude")

    @property
    def model_label(self) -> str | None:
        return self.result.get("label")

    @property
    def label(self) -> str | None:
        """The field's class after review (the operator's where reclassified)."""
        if self.review and self.review.get("action") == "reclassify":
            return self.review.get("label")
        return self.model_label

    @property
    def error(self) -> str | None:
        return self.result.get("error")

    @property
    def no_result(self) -> bool:
        return self.result.get("result") == "no result"

    @property
    def uncertain(self) -> bool:
        return self.error is None and bool(self.result.get("uncertain"))

    @property
    def cell_count(self) -> int | None:
        n = self.result.get("cell_count")
        return n if isinstance(n, int) else None

    @property
    def confidence(self) -> float | None:
        c = self.result.get("confidence")
        return float(c) if isinstance(c, (int, float)) else None

    def flags(self) -> list[str]:
        """What a technologist must see beside the field's class."""
        out = []
        if self.error:
            out.append("unreadable")
        elif self.no_result:
            out.append("no result")
        elif self.uncertain:
            out.append("uncertain")
        if self.review:
            act = self.review.get("action")
            out.append({"accept": "accepted", "reclassify": f"reclassified from {self.model_label}",
                        "exclude": "excluded"}.get(act, str(act)))
        return out

    def prediction(self) -> "Prediction | None":
        """The field as the case verdict reads it (None when excluded): a reclassified field
        votes for the operator's class with full confidence; an accepted one is no longer
        uncertain."""
        from core.inference.flags import Flag, flags_of_record
        from core.inference.result import Prediction

        if self.excluded:
            return None
        r = self.result
        if self.error is not None:
            return Prediction(self.path, error=str(self.error))
        if self.review and self.review.get("action") == "reclassify":
            label = self.review["label"]
            return Prediction(self.path, label, {c: float(c == label) for c in CLASSES}, 1.0,
                              False, (Flag.RECLASSIFIED,))
        if self.no_result:
            return Prediction(self.path, None, {}, 0.0, True, flags_of_record(r),
                              no_result=True)
        accepted = bool(self.review and self.review.get("action") == "accept")
        probs = {k: float(v) for k, v in (r.get("probabilities") or {}).items()}
        return Prediction(self.path, r.get("label"), probs, float(r.get("confidence") or 0.0),
                          bool(r.get("uncertain")) and not accepted, flags_of_record(r))

    def to_dict(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "result": self.result,
                "added": self.added, "review": self.review}

    @classmethod
    def from_dict(cls, d: dict) -> "CaseField":
        if not isinstance(d, dict) or not isinstance(d.get("path"), str) \
                or not isinstance(d.get("result"), dict):
            raise CaseError("a field of the case file has no path or result")
        review = d.get("review")
        return cls(d["path"], d.get("sha256"), d["result"], str(d.get("added", "")),
                   review if isinstance(review, dict) else None)


@dataclass
class Case:
    case_id: str
    specimen_date: str = ""
    operator: str = field(default_factory=default_operator)
    comment: str = ""
    fields: list[CaseField] = field(default_factory=list)
    created: str = field(default_factory=now_iso)
    modified: str = ""
    version: int = 1
    model_id: str = ""
    model: dict = field(default_factory=dict)  # id, checksum, benchmark figures of the model used
    signatures: list[dict] = field(default_factory=list)
    trail: list[dict] = field(default_factory=list)  # every step, as in the audit log
    previous_versions: list[dict] = field(default_factory=list)
    path: Path | None = None  # where it was saved or opened (not stored in the file)

    def __post_init__(self) -> None:
        self.case_id = validate_case_id(self.case_id)
        self.specimen_date = validate_date(self.specimen_date)
        self.operator = (self.operator or "").strip()
        if self.operator:
            self.operator = validate_name(self.operator)
        self.modified = self.modified or self.created

    # ------------------------------------------------------------------ state

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    def _check_open(self, what: str) -> None:
        if self.signed:
            raise CaseSigned(f"case {self.case_id} is signed and read-only; make a new version "
                             f"to {what}")

    def _step(self, event: str, audit: "AuditLog | None", user: str | None = None,
              **details: Any) -> None:
        who = user or self.operator or default_operator()
        step = {"event": event, "time": now_iso(), "user": who, "version": self.version,
                **details}
        self.trail.append(step)
        self.modified = step["time"]
        if audit is not None:
            audit.record_event(f"case.{event}", case_id=self.case_id, user=who,
                               version=self.version, **details)

    # ------------------------------------------------------------------ changes

    def started(self, audit: "AuditLog | None" = None) -> "Case":
        """Record the case's creation (call once, after making it)."""
        self._step("new", audit, specimen_date=self.specimen_date)
        return self

    def set_details(self, *, specimen_date: str | None = None, operator: str | None = None,
                    comment: str | None = None, audit: "AuditLog | None" = None) -> None:
        self._check_open("change its details")
        changed: dict[str, Any] = {}
        if specimen_date is not None and validate_date(specimen_date) != self.specimen_date:
            self.specimen_date = changed["specimen_date"] = validate_date(specimen_date)
        if operator is not None and operator.strip() != self.operator:
            self.operator = changed["operator"] = validate_name(operator)
        if comment is not None and comment != self.comment:
            self.comment = changed["comment"] = comment
        if changed:
            self._step("edit", audit, **changed)

    def add_predictions(self, preds: Iterable["Prediction"], *, model_id: str = "",
                        model: dict | None = None, audit: "AuditLog | None" = None) -> list[CaseField]:
        """Add classified fields (one model per case: another model's results are refused)."""
        self._check_open("add fields")
        preds = list(preds)
        if model_id and self.model_id and model_id != self.model_id:
            raise CaseError(f"case {self.case_id} was classified with model {self.model_id}, "
                            f"not {model_id}; one case, one model")
        if model_id:
            self.model_id = model_id
            if model:
                self.model = model
        known = {f.sha256 for f in self.fields if f.sha256}
        added = []
        for pred in preds:
            f = CaseField.from_prediction(pred)
            if f.sha256 and f.sha256 in known:
                continue  # the same image twice is one field
            known.add(f.sha256)
            self.fields.append(f)
            added.append(f)
        if added:
            self._step("add", audit, fields=[f.name for f in added],
                       sha256=[f.sha256 for f in added], model_id=self.model_id)
        return added

    def review_field(self, index: int, action: str, *, label: str | None = None,
                     reason: str = "", by: str | None = None,
                     audit: "AuditLog | None" = None) -> CaseField:
        """The operator's decision on one field: accept, reclassify (to ``label``) or exclude
        (reclassify and exclude need a reason)."""
        self._check_open("review a field")
        if not 0 <= index < len(self.fields):
            raise CaseError(f"case {self.case_id} has no field {index + 1}")
        if action not in REVIEW_ACTIONS:
            raise CaseError(f"review action must be one of {', '.join(REVIEW_ACTIONS)}")
        if action == "reclassify" and label not in CLASSES:
            raise CaseError(f"reclassify needs a class: one of {', '.join(CLASSES)}")
        reason = (reason or "").strip()
        if action in ("reclassify", "exclude") and not reason:
            raise CaseError(f"{action} needs a reason")
        f = self.fields[index]
        if f.error and action != "exclude":
            raise CaseError(f"field {index + 1} is unreadable: it can only be excluded")
        who = by or self.operator or default_operator()
        f.review = {"action": action, "label": label if action == "reclassify" else None,
                    "reason": reason, "by": who, "time": now_iso()}
        self._step("review", audit, user=who, field=index + 1, file=f.name, action=action,
                   label=f.review["label"], model_label=f.model_label, reason=reason)
        return f

    def content_sha256(self) -> str:
        """SHA-256 of what a signature covers: the case's details, model and fields with their
        results and reviews (not the signatures, the trail of steps, or the app version)."""
        body = {k: v for k, v in self.to_dict().items()
                if k not in ("signatures", "trail", "modified", "previous_versions", "app_version")}
        return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False)
                              .encode("utf-8")).hexdigest()

    def sign(self, name: str, *, audit: "AuditLog | None" = None) -> dict:
        """Sign the case (the first signature makes it read-only; a second, by another person,
        countersigns it). A case with no field, or one with uncertain or no-result fields not
        yet reviewed, cannot be signed."""
        name = validate_name(name, "signer")
        if not self.fields:
            raise CaseError(f"case {self.case_id} has no fields to sign")
        if len(self.signatures) >= 2:
            raise CaseSigned(f"case {self.case_id} already has two signatures")
        if self.signatures and any(s["name"] == name for s in self.signatures):
            raise CaseError(f"{name} has already signed case {self.case_id}; the second "
                            "signature must be another person's")
        pending = self.unreviewed()
        if pending and not self.signatures:
            raise CaseError(f"case {self.case_id}: {len(pending)} uncertain or no-result "
                            f"field(s) not reviewed yet (field {pending[0] + 1} first)")
        role = "signed" if not self.signatures else "second signature"
        sig = {"name": name, "time": now_iso(), "role": role, "version": self.version,
               "content_sha256": self.content_sha256()}
        self.signatures.append(sig)
        self._step("sign", audit, user=name, role=role, content_sha256=sig["content_sha256"])
        return sig

    def new_version(self, reason: str, *, by: str | None = None,
                    audit: "AuditLog | None" = None) -> None:
        """Start an unsigned new version of a signed case; the signed one is kept as it was."""
        if not self.signed:
            raise CaseError(f"case {self.case_id} is not signed: change it directly")
        reason = (reason or "").strip()
        if not reason:
            raise CaseError("a new version needs a reason")
        old = self.to_dict()
        old.pop("previous_versions", None)
        self.previous_versions.append(old)
        self.signatures = []
        self.version += 1
        self._step("new_version", audit, user=by, reason=reason,
                   previous_version=self.version - 1)

    # ------------------------------------------------------------------ reading

    def unreviewed(self) -> list[int]:
        """Indexes of the uncertain, no-result or unreadable fields without a review."""
        return [i for i, f in enumerate(self.fields)
                if (f.uncertain or f.no_result or f.error) and f.review is None]

    def ordered(self) -> list[int]:
        """Field indexes with the ones needing a look first (no result and unreadable, then
        uncertain), in the order added within each group."""
        def rank(i: int) -> int:
            f = self.fields[i]
            return 0 if (f.no_result or f.error) else 1 if f.uncertain else 2
        return sorted(range(len(self.fields)), key=rank)

    def predictions(self) -> list["Prediction"]:
        return [p for p in (f.prediction() for f in self.fields) if p is not None]

    def summary(self) -> "CaseSummary":
        from core.inference.result import summarize_case

        return summarize_case(self.predictions())

    def class_counts(self) -> dict[str, dict[str, Any]]:
        """Per class: fields (after review, excluded left out), their share of the classified
        fields, and the white cells found in those fields."""
        used = [f for f in self.fields if not f.excluded and not f.error and f.label]
        total = len(used)
        out: dict[str, dict[str, Any]] = {}
        for c in CLASSES:
            mine = [f for f in used if f.label == c]
            cells = [f.cell_count for f in mine if f.cell_count is not None]
            out[c] = {"full_name": FULL_NAMES.get(c, c), "fields": len(mine),
                      "percent": (100.0 * len(mine) / total) if total else 0.0,
                      "cells": sum(cells) if cells else None}
        return out

    def counts(self) -> dict[str, int]:
        fs = self.fields
        return {"fields": len(fs), "uncertain": sum(f.uncertain and not f.no_result for f in fs),
                "no_result": sum(f.no_result for f in fs), "unreadable": sum(bool(f.error) for f in fs),
                "excluded": sum(f.excluded for f in fs), "reviewed": sum(f.review is not None for f in fs),
                "cells": sum(f.cell_count or 0 for f in fs)}

    # ------------------------------------------------------------------ files

    def to_dict(self) -> dict:
        return {"format": CASE_FORMAT, "case_id": self.case_id,
                "specimen_date": self.specimen_date, "operator": self.operator,
                "comment": self.comment, "created": self.created, "modified": self.modified,
                "version": self.version, "model_id": self.model_id, "model": self.model,
                "app_version": core.__version__,
                "fields": [f.to_dict() for f in self.fields],
                "signatures": self.signatures, "trail": self.trail,
                "previous_versions": self.previous_versions}

    @classmethod
    def from_dict(cls, d: Any, where: str = "case file") -> "Case":
        if not isinstance(d, dict) or d.get("format") != CASE_FORMAT:
            raise CaseError(f"{where}: not a case file of this app (format {CASE_FORMAT})")
        try:
            case = cls(str(d["case_id"]), str(d.get("specimen_date") or ""),
                       str(d.get("operator") or ""), str(d.get("comment") or ""),
                       [CaseField.from_dict(f) for f in d.get("fields") or []],
                       str(d.get("created") or ""), str(d.get("modified") or ""),
                       int(d.get("version") or 1), str(d.get("model_id") or ""),
                       dict(d.get("model") or {}), list(d.get("signatures") or []),
                       list(d.get("trail") or []), list(d.get("previous_versions") or []))
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, CaseError):
                raise CaseError(f"{where}: {exc}") from None
            raise CaseError(f"{where}: malformed case file ({exc})") from None
        if case.signatures:
            first = case.signatures[0]
            if not isinstance(first, dict) or first.get("content_sha256") != case.content_sha256():
                raise CaseError(f"{where}: the signed case was changed after signing (its "
                                "content does not match the signature); open a copy kept "
                                "elsewhere or ask the signer")
        return case

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n"


def save_case(case: Case, path: Path | str | None = None, *, folder: Path | str | None = None,
              inputs: Iterable[Path | str] = ()) -> Path:
    """Write the case atomically (to ``path``, else ``folder/<id>.case.json``, else where it
    was opened). Another case's file is never replaced, nor any file that is not a case file."""
    if path is None:
        if folder is not None:
            path = Path(folder) / case_file_name(case.case_id)
        elif case.path is not None:
            path = case.path
        else:
            raise CaseError("where should the case be saved? (give a cases folder)")
    path = Path(path)
    target = guard_output_file(path, inputs=list(inputs) + [f.path for f in case.fields],
                               what="case file")
    if target.exists():
        try:
            other = load_case(target)
        except CaseError:
            raise CaseError(f"{safe_display(path)}: exists and is not a readable case file; "
                            "choose another name") from None
        if other.case_id != case.case_id:
            raise CaseError(f"{safe_display(path)}: holds case {other.case_id}, not "
                            f"{case.case_id}")
        if other.signed and other.version == case.version and \
                other.signatures != case.signatures[:len(other.signatures)]:
            raise CaseSigned(f"{safe_display(path)}: the saved case is signed; make a new version")
    atomic_write_bytes(target, case.to_json().encode("utf-8"))
    case.path = target
    return target


def load_case(path: Path | str) -> Case:
    try:
        raw = read_input_bytes(path, MAX_CASE_BYTES, "case file")
        data = parse_json_limited(raw, path, "case file")
    except InputRefused as exc:
        raise CaseError(str(exc)) from None
    case = Case.from_dict(data, safe_display(path))
    case.path = Path(path)
    return case


@dataclass(frozen=True)
class CaseInfo:
    """One line of the cases list."""

    path: Path
    case_id: str
    specimen_date: str
    operator: str
    modified: str
    fields: int
    signed: bool
    version: int


def list_cases(folder: Path | str, search: str = "") -> list[CaseInfo]:
    """The case files in ``folder``, most recently changed first; ``search`` keeps the ones
    whose id contains it (case-insensitive). Unreadable files are left out."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    needle = search.strip().casefold()
    out = []
    for p in folder.glob("*" + CASE_SUFFIX):
        try:
            c = load_case(p)
        except (CaseError, OSError):
            continue
        if needle and needle not in c.case_id.casefold():
            continue
        out.append(CaseInfo(p, c.case_id, c.specimen_date, c.operator, c.modified,
                            len(c.fields), c.signed, c.version))
    return sorted(out, key=lambda i: (i.modified, i.case_id), reverse=True)


def find_case(folder: Path | str, case_id: str) -> Path | None:
    p = Path(folder) / case_file_name(case_id)
    return p if p.is_file() else None


def model_facts(bundle: Any) -> dict:
    """What a report says about the model: id, checksum, architecture and its benchmark."""
    card = getattr(bundle, "card", {}) or {}
    bench = (card.get("metrics") or {}).get("benchmark") or {}
    keep = ("accuracy", "accuracy_ci95", "balanced_accuracy", "macro_f1", "ece",
            "uncertain_rate", "date", "note")
    n = None
    cm = bench.get("confusion_matrix")
    if isinstance(cm, list):
        try:
            n = int(sum(sum(r) for r in cm))
        except TypeError:
            n = None
    return {"id": getattr(bundle, "model_id", card.get("id", "")),
            "checksum": getattr(bundle, "checksum", card.get("checksum", "")),
            "architecture": card.get("architecture", ""),
            "benchmark": {**{k: bench[k] for k in keep if k in bench}, **({"n": n} if n else {})}}


# ------------------------------------------------------------------ exports

FIELD_COLUMNS = ("case_id", "case_version", "specimen_date", "operator", "field", "path", "sha256",
                 "model_label", "label", "confidence", "uncertain", "no_result", "error",
                 "reason", "cell_count", "review_action", "review_reason", "reviewed_by",
                 "flags", "model_id", "app_version", "timestamp")
CASE_COLUMNS = ("case_id", "case_version", "specimen_date", "operator", "verdict", "full_name",
                "confidence", "uncertain", "reason", "fields", "uncertain_fields", "no_result",
                "unreadable", "excluded", "cells", "signed_by", "signed_at", "second_signature",
                "model_id", "app_version", "timestamp")


def field_rows(case: Case, timestamp: str | None = None) -> list[dict]:
    ts = timestamp or now_iso()
    rows = []
    for i, f in enumerate(case.fields):
        r = f.review or {}
        rows.append({"case_id": case.case_id, "case_version": case.version,
                     "specimen_date": case.specimen_date, "operator": case.operator,
                     "field": i + 1, "path": f.path, "sha256": f.sha256 or "",
                     "model_label": f.model_label or "", "label": "" if f.excluded else f.label or "",
                     "confidence": "" if f.confidence is None else round(f.confidence, 6),
                     "uncertain": f.uncertain, "no_result": f.no_result, "error": f.error or "",
                     "reason": f.result.get("reason", "") or "",
                     "cell_count": "" if f.cell_count is None else f.cell_count,
                     "review_action": r.get("action", ""), "review_reason": r.get("reason", ""),
                     "reviewed_by": r.get("by", ""), "flags": "; ".join(f.flags()),
                     "model_id": case.model_id, "app_version": core.__version__, "timestamp": ts})
    return rows


def case_row(case: Case, timestamp: str | None = None) -> dict:
    s = case.summary()
    c = case.counts()
    first = case.signatures[0] if case.signatures else {}
    second = case.signatures[1] if len(case.signatures) > 1 else {}
    return {"case_id": case.case_id, "case_version": case.version,
            "specimen_date": case.specimen_date, "operator": case.operator,
            "verdict": s.label or "", "full_name": s.full_name,
            "confidence": round(s.confidence, 6) if s.label else "", "uncertain": s.uncertain,
            "reason": s.reason, "fields": c["fields"], "uncertain_fields": c["uncertain"],
            "no_result": c["no_result"], "unreadable": c["unreadable"], "excluded": c["excluded"],
            "cells": c["cells"], "signed_by": first.get("name", ""),
            "signed_at": first.get("time", ""),
            "second_signature": f"{second['name']} {second['time']}" if second else "",
            "model_id": case.model_id, "app_version": core.__version__,
            "timestamp": timestamp or now_iso()}


def _csv_text(columns: tuple[str, ...], rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:  # a cell a spreadsheet would run as a formula gets a leading '
        w.writerow(csv_row(safe_display(v) if isinstance(v, str) else v
                           for v in (r[c] for c in columns)))
    return buf.getvalue()


def export_case(case: Case, path: Path | str, *, per: str = "field", force: bool = False,
                audit: "AuditLog | None" = None) -> Path:
    """Write the case as CSV or JSON (by suffix: ``.json``, else CSV), one row per field
    (``per="field"``) or one for the case (``per="case"``). Never replaces a file unless
    ``force``; never an input image or the case file."""
    if per not in ("field", "case"):
        raise CaseError("per must be 'field' or 'case'")
    path = Path(path)
    target = guard_output_file(path, inputs=[f.path for f in case.fields]
                               + ([case.path] if case.path else []), what="export file")
    if target.exists() and not force:
        raise CaseError(f"{safe_display(path)}: exists; give another name or replace it "
                        "explicitly (--force)")
    ts = now_iso()
    rows = field_rows(case, ts) if per == "field" else [case_row(case, ts)]
    if path.suffix.lower() == ".json":
        if per == "field":
            data: Any = {"case": case_row(case, ts), "fields": rows}
        else:
            data = rows[0]
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    else:
        text = _csv_text(FIELD_COLUMNS if per == "field" else CASE_COLUMNS, rows)
    atomic_write_bytes(target, text.encode("utf-8"))
    if audit is not None:
        audit.record_event("case.export", case_id=case.case_id,
                           user=case.operator or None, version=case.version,
                           file=safe_display(target), per=per)
    return target
