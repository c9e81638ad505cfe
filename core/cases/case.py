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

Qt-free: the app and the ``leukemia case`` command both use this module. The rules on ids,
names and dates are in :mod:`core.cases.validation`, a field in :mod:`core.cases.field`, saving
and opening in :mod:`core.cases.store`, the lab exports in :mod:`core.cases.export`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import core
from core.cases.cell_counts import CellCounts, count_cells
from core.cases.field import CaseField
from core.cases.validation import (
    CaseError,
    CaseSigned,
    default_operator,
    now_iso,
    validate_case_id,
    validate_date,
    validate_name,
)
from core.classes import CLASSES, FULL_NAMES

if TYPE_CHECKING:
    from core.inference.audit import AuditLog
    from core.inference.result import CaseSummary, Prediction

CASE_FORMAT = "leukemia-case/1"
REVIEW_ACTIONS = ("accept", "reclassify", "exclude")


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
            raise CaseSigned.of("case.signed", case_id=self.case_id, change=what)

    def _step(self, event: str, audit: AuditLog | None, user: str | None = None,
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

    def started(self, audit: AuditLog | None = None) -> Case:
        """Record the case's creation (call once, after making it)."""
        self._step("new", audit, specimen_date=self.specimen_date)
        return self

    def set_details(self, *, specimen_date: str | None = None, operator: str | None = None,
                    comment: str | None = None, audit: AuditLog | None = None) -> None:
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

    def add_predictions(self, preds: Iterable[Prediction], *, model_id: str = "",
                        model: dict | None = None, audit: AuditLog | None = None) -> list[CaseField]:
        """Add classified fields (one model per case: another model's results are refused)."""
        self._check_open("add fields")
        preds = list(preds)
        if model_id and self.model_id and model_id != self.model_id:
            raise CaseError.of("case.other_model", case_id=self.case_id, model_id=self.model_id, other=model_id)
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
            if f.sha256:
                known.add(f.sha256)
            self.fields.append(f)
            added.append(f)
        if added:
            self._step("add", audit, fields=[f.name for f in added],
                       sha256=[f.sha256 for f in added], model_id=self.model_id)
        return added

    def review_field(self, index: int, action: str, *, label: str | None = None,
                     reason: str = "", by: str | None = None,
                     audit: AuditLog | None = None) -> CaseField:
        """The operator's decision on one field: accept, reclassify (to ``label``) or exclude
        (reclassify and exclude need a reason)."""
        self._check_open("review a field")
        if not 0 <= index < len(self.fields):
            raise CaseError.of("case.no_field", case_id=self.case_id, field=index + 1)
        if action not in REVIEW_ACTIONS:
            raise CaseError.of("case.review_action", actions=", ".join(REVIEW_ACTIONS))
        if action == "reclassify" and label not in CLASSES:
            raise CaseError.of("case.reclassify_class", classes=", ".join(CLASSES))
        reason = (reason or "").strip()
        if action in ("reclassify", "exclude") and not reason:
            raise CaseError.of("case.needs_reason", review=action)
        f = self.fields[index]
        if f.error and action != "exclude":
            raise CaseError.of("case.field_unreadable", field=index + 1)
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

    def sign(self, name: str, *, audit: AuditLog | None = None) -> dict:
        """Sign the case (the first signature makes it read-only; a second, by another person,
        countersigns it). A case with no field, or one with uncertain or no-result fields not
        yet reviewed, or one in which no field is left to read (all excluded, unreadable or
        without a result), cannot be signed."""
        name = validate_name(name, "signer")
        if not self.fields:
            raise CaseError.of("case.nothing_to_sign", case_id=self.case_id)
        if len(self.signatures) >= 2:
            raise CaseSigned.of("case.two_signatures", case_id=self.case_id)
        if self.signatures and any(s["name"] == name for s in self.signatures):
            raise CaseError.of("case.same_signer", name=name, case_id=self.case_id)
        if not self.signatures and not self.usable():
            raise CaseError.of("case.no_reading", case_id=self.case_id)
        pending = self.unreviewed()
        if pending and not self.signatures:
            raise CaseError.of("case.unreviewed", case_id=self.case_id, count=len(pending), field=pending[0] + 1)
        role = "signed" if not self.signatures else "second signature"
        sig = {"name": name, "time": now_iso(), "role": role, "version": self.version,
               "content_sha256": self.content_sha256()}
        self.signatures.append(sig)
        self._step("sign", audit, user=name, role=role, content_sha256=sig["content_sha256"])
        return sig

    def new_version(self, reason: str, *, by: str | None = None,
                    audit: AuditLog | None = None) -> None:
        """Start an unsigned new version of a signed case; the signed one is kept as it was."""
        if not self.signed:
            raise CaseError.of("case.not_signed", case_id=self.case_id)
        reason = (reason or "").strip()
        if not reason:
            raise CaseError.of("case.version_reason")
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

    def usable(self) -> list[int]:
        """Indexes of the fields the case reading rests on: not excluded, readable, with a
        class (the model's, or the operator's where reclassified)."""
        return [i for i, f in enumerate(self.fields) if not f.excluded and not f.error and f.label]

    def ordered(self) -> list[int]:
        """Field indexes with the ones needing a look first (no result and unreadable, then
        uncertain), in the order added within each group."""
        def rank(i: int) -> int:
            f = self.fields[i]
            return 0 if (f.no_result or f.error) else 1 if f.uncertain else 2
        return sorted(range(len(self.fields)), key=rank)

    def predictions(self) -> list[Prediction]:
        return [p for p in (f.prediction() for f in self.fields) if p is not None]

    def summary(self) -> CaseSummary:
        from core.inference.result import summarize_case

        return summarize_case(self.predictions())

    def cell_counts(self) -> CellCounts:
        """The cells the model classified, per class, over the included fields, and the
        percentage of blasts (:mod:`core.cases.cell_counts` says what counts)."""
        return count_cells(self.fields, self.usable(), self.model)

    def class_counts(self) -> dict[str, dict[str, Any]]:
        """Per class: fields (after review, excluded left out), their share of the classified
        fields, the white cells found in those fields (``cells``), and the cells of the included
        fields the model classified as that class (``classified_cells``, with ``cell_percent``;
        None for a model that classifies fields, not cells)."""
        used = [self.fields[i] for i in self.usable()]
        total = len(used)
        tally = self.cell_counts()
        out: dict[str, dict[str, Any]] = {}
        for c in CLASSES:
            mine = [f for f in used if f.label == c]
            cells = [f.cell_count for f in mine if f.cell_count is not None]
            share = tally.fraction(c)
            out[c] = {"full_name": FULL_NAMES.get(c, c), "fields": len(mine),
                      "percent": (100.0 * len(mine) / total) if total else 0.0,
                      "cells": sum(cells) if cells else None,
                      "classified_cells": tally.per_class[c] if tally.available else None,
                      "cell_percent": None if share is None else 100.0 * share}
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
    def from_dict(cls, d: Any, where: str = "case file") -> Case:
        if not isinstance(d, dict) or d.get("format") != CASE_FORMAT:
            raise CaseError.of("case.not_case_file", path=where, format=CASE_FORMAT)
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
                raise CaseError.of("case.in_file", path=where, detail=exc, reason_code=exc.code,
                                   reason_params=exc.params) from None
            raise CaseError.of("case.malformed", path=where, detail=exc) from None
        if case.signatures:
            first = case.signatures[0]
            if not isinstance(first, dict) or first.get("content_sha256") != case.content_sha256():
                raise CaseError.of("case.changed_after_signing", path=where)
        return case

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n"


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
