"""A case for a lab system: one row per field or one for the case, as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import core
from core.cases.case import Case
from core.cases.validation import CaseError, now_iso
from core.fileutil import atomic_write_bytes, guard_output_file
from core.text import csv_row, safe_display

if TYPE_CHECKING:
    from core.inference.audit import AuditLog

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
                audit: AuditLog | None = None) -> Path:
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
