"""The case report: an A4 PDF laid out as a clinical document (matplotlib only, Qt-free).

Page 1 opens with the header (lab, case id, specimen date, operator, report time, app version,
model id and its benchmark figures, the research-use notice), the case reading with the
percentage of blasts (a model that reads cells; :mod:`core.cases.cell_counts` says what counts),
the per-class table of fields and cells and the field table (thumbnails, classes, confidences,
flags; fields that need a look first); then a page of the reviewed and flagged fields at a
larger size, the verification trail and the signatures. Every page has the case id, its number
of N and the notice at the foot. An existing file is never replaced unless ``force``; the file
is written atomically.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import core
from core.cases.case import Case
from core.cases.field import CaseField
from core.cases.cell_counts import BLAST_CLASSES, BLAST_DEFINITION, NO_CELL_CLASSES, CellCounts
from core.cases.layout import A4_MM, AMBER, GREY, INK, MARGIN, NOTICE, RED, PdfDoc, local_time, pct, short, thumb
from core.cases.validation import CaseError, now_iso
from core.classes import FULL_NAMES
from core.evaluation.pages import pdf_bytes, report_fonts
from core.fileutil import atomic_write_bytes, guard_output_file
from core.text import safe_display

if TYPE_CHECKING:
    from core.inference.audit import AuditLog

LAB_ENV = "LEUKEMIA_LAB_NAME"


def _benchmark_lines(model: dict) -> list[str]:
    b = (model or {}).get("benchmark") or {}
    if not b.get("accuracy"):
        return ["no benchmark figures recorded for this model"]
    ci = b.get("accuracy_ci95")
    first = (f"Field accuracy {pct(b['accuracy'])}"
             + (f" (95% CI {pct(ci[0])} – {pct(ci[1])})" if isinstance(ci, list) and len(ci) == 2 else "")
             + (f", n = {b['n']} fields of a held-out test split" if b.get("n") else "")
             + (f" ({b['date']})" if b.get("date") else ""))
    parts = []
    if "balanced_accuracy" in b:
        parts.append(f"balanced accuracy {pct(b['balanced_accuracy'])}")
    if "uncertain_rate" in b:
        parts.append(f"{pct(b['uncertain_rate'])} of fields flagged uncertain")
    return [first] + (["; ".join(parts).capitalize()] if parts else [])


def build_pages(case: Case, *, lab: str | None = None, report_time: str | None = None) -> list:
    """The report's A4 pages (``matplotlib.figure.Figure``), for a PDF or a printer."""
    lab = (lab if lab is not None else os.environ.get(LAB_ENV, "")).strip()
    when = local_time(report_time or now_iso())
    with report_fonts():
        doc = PdfDoc(case, safe_display(lab), when)
        _header(doc, case, when)
        _verdict(doc, case)
        _class_table(doc, case)
        _field_table(doc, case)
        _reviewed_page(doc, case)
        _trail(doc, case)
        _signatures(doc, case)
        return doc.finish()


def build_report(case: Case, *, lab: str | None = None, report_time: str | None = None) -> bytes:
    """The report's PDF bytes."""
    return pdf_bytes(build_pages(case, lab=lab, report_time=report_time),
                     {"Title": f"Case {safe_display(case.case_id)} report",
                      "Author": safe_display(case.operator),
                      "Subject": "Blood smear pre-classification (research use only)",
                      "Creator": f"leukemia {core.__version__}"})


def _header(doc: PdfDoc, case: Case, when: str) -> None:
    status = ("SIGNED" if case.signed else "NOT SIGNED — preliminary")
    left = [("Case ID", case.case_id), ("Specimen date", case.specimen_date or "not given"),
            ("Operator", case.operator or "–"), ("Status", f"{status} (version {case.version})")]
    right = [("Report date", when), ("App version", core.__version__),
             ("Model", case.model_id or "–"),
             ("Fields", f"{len(case.fields)} ({case.counts()['cells']} white cells found)")]
    y0 = doc.y + 1
    for k, ((a, av), (b, bv)) in enumerate(zip(left, right)):
        y = y0 + k * 5.4
        doc.text(MARGIN, y, a, size=7.5, color=GREY)
        doc.text(MARGIN + 26, y, short(av, 48), size=8.5,
                 weight="bold" if a == "Case ID" else "normal",
                 color=RED if a == "Status" and not case.signed else INK)
        doc.text(110, y, b, size=7.5, color=GREY)
        doc.text(132, y, short(bv, 40), size=8.5)
    doc.y = y0 + 4 * 5.4
    doc.text(MARGIN, doc.y, "Model benchmark", size=7.5, color=GREY)
    for line in _benchmark_lines(case.model):
        doc.text(MARGIN + 26, doc.y, line, size=7.5)
        doc.y += 4.2
    doc.y += 1.0
    if case.comment:
        doc.text(MARGIN, doc.y, "Comment", size=7.5, color=GREY)
        doc.text(MARGIN + 26, doc.y, short(case.comment, 120), size=8)
        doc.y += 5.2
    doc.box(MARGIN, doc.y, A4_MM[0] - 2 * MARGIN, 6.5, face="#fdecee", edge=RED)
    doc.text(A4_MM[0] / 2, doc.y + 3.3, NOTICE, size=7.5, color=RED, weight="bold",
             ha="center", va="center")
    doc.y += 9


def _verdict(doc: PdfDoc, case: Case) -> None:
    s = case.summary()
    doc.section("Case reading")
    if s.label is None:
        why = ("every field is excluded by the operator"
               if case.fields and all(f.excluded for f in case.fields) else s.reason)
        headline, colour = "No case reading: " + why, RED
    else:
        headline = f"{s.full_name} — {100 * s.confidence:.1f} %"
        colour = AMBER if s.uncertain else INK
    doc.text(MARGIN, doc.y + 0.5, headline, size=13, weight="bold", color=colour)
    doc.y += 7
    _blast_line(doc, case.cell_counts())
    basis = (f"Mean probability over {s.voting} confidently classified field(s); {s.agree} of "
             f"{s.fields} classified field(s) agree." if s.label and s.voting else
             f"All {s.fields} classified field(s) uncertain; mean over all." if s.label else "")
    c = case.counts()
    extra = []
    if c["uncertain"]:
        extra.append(f"{c['uncertain']} uncertain")
    if c["no_result"]:
        extra.append(f"{c['no_result']} with no result (unlike the training images)")
    if c["unreadable"]:
        extra.append(f"{c['unreadable']} unreadable")
    if c["excluded"]:
        extra.append(f"{c['excluded']} excluded by the operator")
    if c["reviewed"]:
        extra.append(f"{c['reviewed']} reviewed")
    if extra:
        basis += " Fields: " + ", ".join(extra) + "."
    for line in textwrap.wrap(basis, 125):
        doc.text(MARGIN, doc.y, line, size=8, color=GREY)
        doc.y += 4.2
    if s.uncertain and s.label is not None:
        doc.text(MARGIN, doc.y, f"UNCERTAIN: {s.reason}. Review the fields before relying on "
                 "this reading.", size=8, color=RED, weight="bold")
        doc.y += 4.6
    doc.y += 1


def blast_headline(t: CellCounts) -> str:
    """"Blasts 62.0 % (124 of 200 cells; 95 % CI 55.1 – 68.6 %)", or why there is none."""
    f, ci = t.blast_fraction, t.blast_ci95
    if not t.available:
        return "Blasts: not available (" + NO_CELL_CLASSES + ")"
    if f is None or ci is None:
        return "Blasts: no classified white cell in the included fields"
    return (f"Blasts {pct(f)} ({t.blasts} of {t.total} cells; 95 % CI {pct(ci[0])} – "
            f"{pct(ci[1])})")


def _blast_line(doc: PdfDoc, t: CellCounts) -> None:
    doc.text(MARGIN, doc.y + 0.3, blast_headline(t), size=10.5 if t.available else 8.5,
             weight="bold" if t.blast_fraction is not None else "normal",
             color=INK if t.available else GREY)
    doc.y += 5.2
    if not t.available:
        return
    for line in textwrap.wrap(" ".join([BLAST_DEFINITION] + [n[0].upper() + n[1:] + "." for n in t.notes()]),
                              140):
        doc.text(MARGIN, doc.y, line, size=7, color=GREY)
        doc.y += 3.8
    doc.y += 0.8


def _class_table(doc: PdfDoc, case: Case) -> None:
    s = case.summary()
    counts = case.class_counts()
    doc.section("Fields and cells per class (after review)")
    t = case.cell_counts()
    total = sum(v["fields"] for v in counts.values())

    def cells(c: str) -> tuple[str, str]:
        if not t.available:
            return "–", "–"
        return str(t.per_class[c]), pct(t.fraction(c))

    rows = [[c, FULL_NAMES.get(c, c) + (" (blasts)" if c in BLAST_CLASSES else ""),
             str(v["fields"]), f"{v['percent']:.1f} %", *cells(c),
             pct(s.probabilities.get(c)) if s.probabilities else "–"]
            for c, v in counts.items()]
    rows.append(["Total", "", str(total), "100.0 %" if total else "–",
                 str(t.total) if t.available else "–",
                 "100.0 %" if t.available and t.total else "–", ""])
    doc.table([("Class", 18, "l"), ("Name", 48, "l"), ("Fields", 16, "r"),
               ("% of fields", 22, "r"), ("Cells", 18, "r"), ("% of cells", 24, "r"),
               ("Case probability", 34, "r")], rows)
    if t.available:
        note = ("Cells: the white cells of the included fields, each classified by the model on "
                "its own; a field the operator reclassified keeps its cells' classes. Fields with "
                "no result, excluded or unreadable are not counted.")
    else:
        note = (f"Cells: {NO_CELL_CLASSES} ({case.counts()['cells']} white cells found in all). "
                "Fields with no result, excluded or unreadable are not counted.")
    for line in textwrap.wrap(note, 150):
        doc.text(MARGIN, doc.y + 1.2, line, size=6.5, color=GREY)
        doc.y += 3.4
    doc.y += 2.6


def _field_table(doc: PdfDoc, case: Case) -> None:
    doc.section("Fields (those needing a look first)")
    order = case.ordered()
    thumbs = {i: thumb(case.fields[i].path) for i in order}
    rows, colours = [], []
    from core.data.images import sha256_file

    for i in order:
        f = case.fields[i]
        flags = f.flags()
        try:
            if f.sha256 and sha256_file(f.path) != f.sha256:
                flags.append("FILE CHANGED since classification")
        except OSError:
            flags.append("file not found")
        model = ("unreadable" if f.error else "no result" if f.no_result
                 else f"{f.model_label}")
        final = "excluded" if f.excluded else ("–" if (f.error or (f.no_result and not f.review))
                                                else f.label or "–")
        rows.append([str(i + 1), "", short(f.name, 26), model,
                     "–" if f.confidence is None or f.no_result else f"{f.confidence:.1%}",
                     final, _field_cells(f),
                     short(", ".join(flags) or "—", 33)])
        colours.append(RED if (f.error or f.no_result or "FILE" in " ".join(flags)) and not f.review
                       else AMBER if f.uncertain and not f.review else None)

    def draw(k: int, y: float) -> None:
        doc.image(MARGIN + 9.5, y + 0.8, 13, 10.4, thumbs[order[k]])

    cells = "Cells (blasts)" if case.cell_counts().available else "Cells"
    doc.table([("#", 9, "r"), ("Field", 15, "c"), ("File", 38, "l"), ("Model class", 18, "l"),
               ("Conf.", 13, "r"), ("Final class", 16, "l"), (cells, 22, "r"),
               ("Flags / review", 49, "l")], rows, row_h=12, colours=colours, draw_row=draw)
    doc.y += 2


def _field_cells(f: CaseField) -> str:
    """A field's white cells, with its blasts where the model classified each cell."""
    if f.cell_count is None:
        return "–"
    mine = f.cell_classes
    return str(f.cell_count) if mine is None else f"{f.cell_count} ({sum(mine[c] for c in BLAST_CLASSES)})"


def _reviewed_page(doc: PdfDoc, case: Case) -> None:
    chosen = [i for i in case.ordered() if case.fields[i].review is not None
              or case.fields[i].uncertain or case.fields[i].no_result]
    if not chosen:
        return
    doc.section("Reviewed and flagged fields", keep=44)
    size, gap, per_row = 40.0, 5.0, 4
    for start in range(0, len(chosen), per_row):
        doc.need(size * 0.75 + 12)
        for k, i in enumerate(chosen[start:start + per_row]):
            f = case.fields[i]
            x = MARGIN + k * (size + gap)
            doc.image(x, doc.y, size, size * 0.75, thumb(f.path, 400))
            doc.box(x, doc.y, size, size * 0.75, edge="#999999", lw=0.4)
            r = f.review or {}
            label = {"accept": f"accepted {f.label}", "exclude": "excluded",
                     "reclassify": f"{f.model_label} → {f.label}"}.get(r.get("action", ""),
                                                                      "not reviewed")
            doc.text(x, doc.y + size * 0.75 + 1.5, f"#{i + 1} {short(f.name, 26)}", size=6.5)
            doc.text(x, doc.y + size * 0.75 + 4.5, short(label, 30), size=6.5,
                     weight="bold", color=INK if r else AMBER)
            if r.get("reason"):
                doc.text(x, doc.y + size * 0.75 + 7.5, short(r["reason"], 34), size=6,
                         color=GREY)
        doc.y += size * 0.75 + 12


def _trail(doc: PdfDoc, case: Case) -> None:
    doc.section("Verification trail")
    names = {"new": "case created", "add": "fields added", "review": "field reviewed",
             "sign": "signed", "new_version": "new version", "edit": "details changed",
             "report": "report", "export": "export", "print": "printed"}
    rows = []
    for step in case.trail:
        ev = step.get("event", "")
        if ev == "add":
            what = f"{len(step.get('fields', []))} field(s), model {step.get('model_id', '')}"
        elif ev == "review":
            what = (f"field {step.get('field')} {step.get('action')}"
                    + (f" → {step['label']}" if step.get("label") else "")
                    + (f": {step['reason']}" if step.get("reason") else ""))
        elif ev == "sign":
            what = ("first signature: read-only from here" if step.get("role") == "signed"
                    else step.get("role", ""))
        elif ev in ("report", "print"):
            what = str(step.get("file", ""))
        elif ev == "new_version":
            what = f"after version {step.get('previous_version')}: {step.get('reason', '')}"
        elif ev == "edit":
            what = ", ".join(f"{k} {v}" for k, v in step.items()
                             if k in ("specimen_date", "operator", "comment"))
        else:
            what = ""
        rows.append([local_time(step.get("time", "")), short(step.get("user", ""), 22),
                     str(step.get("version", "")), names.get(ev, ev), short(what, 62)])
    if not rows:
        rows = [["–", "", "", "no steps recorded", ""]]
    doc.table([("Time", 36, "l"), ("By", 30, "l"), ("Ver.", 10, "r"), ("Step", 26, "l"),
               ("Detail", 78, "l")], rows, row_h=4.8)
    if case.previous_versions:
        doc.text(MARGIN, doc.y + 1.2, "Earlier signed version(s) kept in the case file: "
                 + ", ".join(str(v.get("version")) for v in case.previous_versions), size=6.5,
                 color=GREY)
        doc.y += 5


def _signatures(doc: PdfDoc, case: Case) -> None:
    doc.section("Signatures", keep=26)
    w = (A4_MM[0] - 2 * MARGIN - 6) / 2
    for k, title in enumerate(("Reviewed and signed by", "Second signature")):
        x = MARGIN + k * (w + 6)
        doc.box(x, doc.y, w, 22, edge=GREY)
        doc.text(x + 3, doc.y + 3, title, size=7.5, color=GREY)
        sig = case.signatures[k] if len(case.signatures) > k else None
        if sig:
            doc.text(x + 3, doc.y + 9, short(sig.get("name", ""), 40), size=11, weight="bold")
            doc.text(x + 3, doc.y + 15.5, f"{local_time(sig.get('time', ''))} · version "
                     f"{sig.get('version', '')}", size=7.5)
            doc.text(x + 3, doc.y + 19, f"content SHA-256 {str(sig.get('content_sha256', ''))[:16]}…",
                     size=6, color=GREY)
        else:
            doc.text(x + 3, doc.y + 11, "not signed" if k == 0 else "none (optional)", size=9,
                     color=RED if k == 0 else GREY, weight="bold" if k == 0 else "normal")
    doc.y += 26


def write_case_report(case: Case, path: Path | str, *, lab: str | None = None,
                      force: bool = False, audit: AuditLog | None = None,
                      inputs: list[Path | str] | None = None) -> Path:
    """Write the report PDF; an existing file only with ``force``; never an input image, the
    case file or a model file (``inputs``). Records the step in the case's trail and log."""
    path = Path(path)
    target = guard_output_file(path, inputs=[f.path for f in case.fields]
                               + ([case.path] if case.path else []) + list(inputs or []),
                               what="report file")
    if target.exists() and not force:
        raise CaseError.of("case.exists", path=safe_display(path))
    data = build_report(case, lab=lab)
    atomic_write_bytes(target, data)
    case.trail.append({"event": "report", "time": now_iso(), "user": case.operator,
                       "version": case.version, "file": safe_display(target)})
    if audit is not None:
        audit.record_event("case.report", case_id=case.case_id, user=case.operator or None,
                           version=case.version, file=safe_display(target),
                           signed=case.signed)
    return target
