"""A case for a lab system: one row per field or one for the case, as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import core
from core.cases.case import Case
from core.cases.cell_counts import BLAST_CLASSES
from core.cases.validation import CaseError, now_iso
from core.classes import CLASSES
from core.fileutil import atomic_write_bytes, guard_output_file
from core.text import csv_row, safe_display

if TYPE_CHECKING:
    from core.inference.audit import AuditLog

# per class, the cells the model classified as that class (blank for a model that classifies
# whole fields); blasts are the cells of BLAST_CLASSES (core.cases.cell_counts)
CELL_CLASS_COLUMNS = tuple(f"cells_{c}" for c in CLASSES)
FIELD_COLUMNS = ("case_id", "case_version", "specimen_date", "operator", "field", "path", "sha256",
                 "model_label", "label", "confidence", "uncertain", "no_result", "error",
                 "reason", "cell_count", *CELL_CLASS_COLUMNS, "cell_blasts", "cells_not_classified",
                 "cells_counted", "review_action", "review_reason", "reviewed_by",
                 "flags", "model_id", "app_version", "timestamp")
CASE_COLUMNS = ("case_id", "case_version", "specimen_date", "operator", "verdict", "full_name",
                "confidence", "uncertain", "reason", "fields", "uncertain_fields", "no_result",
                "unreadable", "excluded", "cells", "cell_classes_available", "cells_classified",
                *CELL_CLASS_COLUMNS, "blasts", "blast_percent", "blast_ci95_low", "blast_ci95_high",
                "cells_in_reclassified_fields", "blasts_in_reclassified_fields",
                "cells_not_classified", "signed_by", "signed_at", "second_signature",
                "model_id", "app_version", "timestamp")


def field_rows(case: Case, timestamp: str | None = None) -> list[dict]:
    ts = timestamp or now_iso()
    rows = []
    included = set(case.usable())
    for i, f in enumerate(case.fields):
        r = f.review or {}
        mine = f.cell_classes
        cells: dict[str, Any] = {col: "" if mine is None else mine[c]
                                 for col, c in zip(CELL_CLASS_COLUMNS, CLASSES)}
        cells.update({"cell_blasts": "" if mine is None else sum(mine[c] for c in BLAST_CLASSES),
                      "cells_not_classified": "" if mine is None else f.cells_unclassified,
                      "cells_counted": mine is not None and i in included})
        rows.append({"case_id": case.case_id, "case_version": case.version,
                     "specimen_date": case.specimen_date, "operator": case.operator,
                     "field": i + 1, "path": f.path, "sha256": f.sha256 or "",
                     "model_label": f.model_label or "", "label": "" if f.excluded else f.label or "",
                     "confidence": "" if f.confidence is None else round(f.confidence, 6),
                     "uncertain": f.uncertain, "no_result": f.no_result, "error": f.error or "",
                     "reason": f.result.get("reason", "") or "",
                     "cell_count": "" if f.cell_count is None else f.cell_count, **cells,
                     "review_action": r.get("action", ""), "review_reason": r.get("reason", ""),
                     "reviewed_by": r.get("by", ""), "flags": "; ".join(f.flags()),
                     "model_id": case.model_id, "app_version": core.__version__, "timestamp": ts})
    return rows


def case_row(case: Case, timestamp: str | None = None) -> dict:
    s = case.summary()
    c = case.counts()
    t = case.cell_counts()
    frac, ci = t.blast_fraction, t.blast_ci95
    on = t.available
    cells: dict[str, Any] = {col: t.per_class[c] if on else ""
                             for col, c in zip(CELL_CLASS_COLUMNS, CLASSES)}
    cells.update({"cell_classes_available": on, "cells_classified": t.total if on else "",
                  "blasts": t.blasts if on else "",
                  "blast_percent": "" if frac is None else round(100 * frac, 4),
                  "blast_ci95_low": "" if ci is None else round(100 * ci[0], 4),
                  "blast_ci95_high": "" if ci is None else round(100 * ci[1], 4),
                  "cells_in_reclassified_fields": t.reclassified_cells if on else "",
                  "blasts_in_reclassified_fields": t.reclassified_blasts if on else "",
                  "cells_not_classified": t.unclassified if on else ""})
    first = case.signatures[0] if case.signatures else {}
    second = case.signatures[1] if len(case.signatures) > 1 else {}
    return {"case_id": case.case_id, "case_version": case.version,
            "specimen_date": case.specimen_date, "operator": case.operator,
            "verdict": s.label or "", "full_name": s.full_name,
            "confidence": round(s.confidence, 6) if s.label else "", "uncertain": s.uncertain,
            "reason": s.reason, "fields": c["fields"], "uncertain_fields": c["uncertain"],
            "no_result": c["no_result"], "unreadable": c["unreadable"], "excluded": c["excluded"],
            "cells": c["cells"], **cells, "signed_by": first.get("name", ""),
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
        raise CaseError.of("case.per")
    path = Path(path)
    target = guard_output_file(path, inputs=[f.path for f in case.fields]
                               + ([case.path] if case.path else []), what="export file")
    if target.exists() and not force:
        raise CaseError.of("case.exists", path=safe_display(path))
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
