"""``leukemia case ...``: a patient's case: fields, review, sign-off, report, export."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.cli.common import TerminalProgress, UserError, case_audit, existing_dir, model_arg, print_json, show


def _open_case(path: str) -> Any:
    from core.cases.store import load_case

    p = Path(path)
    if not p.is_file():
        raise UserError(f"{show(p)}: case file not found")
    return load_case(p)


def _print_case(case: Any) -> None:
    from core.cases.cell_counts import BLAST_CLASSES, NO_CELL_CLASSES

    s = case.summary()
    state = (f"signed by {', '.join(x['name'] for x in case.signatures)}" if case.signed
             else "not signed")
    print(f"case {case.case_id} (version {case.version}, {state})")
    print(f"  specimen date {case.specimen_date or '-'}, operator {show(case.operator) or '-'}, "
          f"model {case.model_id or '-'}")
    if case.comment:
        print(f"  comment: {show(case.comment)}")
    print(f"  reading: {s.describe()}")
    counts = case.class_counts()
    tally = case.cell_counts()
    # a model that reads cells: the cells' own classes are on the next line; a field model:
    # the white cells found in the fields of each class
    print("  per class (fields): " + ", ".join(
        f"{c} {v['fields']} ({v['percent']:.0f}%"
        + (f", {v['cells']} cells found" if v['cells'] is not None and not tally.available else "")
        + ")" for c, v in counts.items()))
    if tally.available:
        print(f"  cells: {tally.per_class_text()} ({tally.total} classified in {tally.fields} "
              "included field(s))")
    else:
        print(f"  cells: {NO_CELL_CLASSES}")
    print(f"  {tally.blast_text()}")
    for note in tally.notes():
        print(f"    note: {note}")
    pending = set(case.unreviewed())
    for i in case.ordered():
        f = case.fields[i]
        cls = ("ERROR " + str(f.error)) if f.error else ("NO RESULT" if f.no_result else
                                                          f"{f.model_label} {f.confidence:.1%}")
        mine = f.cell_classes
        if mine is not None:
            cls += f", {sum(mine.values())} cells ({sum(mine[c] for c in BLAST_CLASSES)} blasts)"
        flags = ", ".join(f.flags())
        mark = " <- to review" if i in pending else ""
        print(f"  {i + 1:3d}. {show(f.name)}: {cls}" + (f" [{flags}]" if flags else "") + mark)


def cmd_case_new(args: argparse.Namespace) -> int:
    from core.cases.case import Case
    from core.cases.store import save_case
    from core.cases.validation import case_file_name

    case = Case(args.case_id, args.specimen_date or "", args.operator or "", args.comment or "")
    target = Path(args.file) if args.file else Path(args.folder) / case_file_name(case.case_id)
    if target.exists():
        raise UserError(f"{show(target)}: a case file exists there already; open it, or give "
                        "another id or --file")
    case.started(case_audit(args))
    print(f"wrote {show(save_case(case, target))}")
    return 0


def cmd_case_add(args: argparse.Namespace) -> int:
    from core.cases.case import model_facts
    from core.cases.store import save_case
    from core.inference.predictor import Predictor, expand_paths

    case = _open_case(args.case)
    if case.signed:
        raise UserError(f"case {case.case_id} is signed and read-only; 'leukemia case "
                        "new-version' first")
    paths = expand_paths(args.paths)
    if not paths:
        raise UserError("no image files found in the given paths")
    predictor = Predictor(model_arg(args.model))
    preds = list(predictor.iter_predict(paths, progress=TerminalProgress(args.quiet)))
    added = case.add_predictions(preds, model_id=predictor.bundle.model_id,
                                 model=model_facts(predictor.bundle), audit=case_audit(args))
    save_case(case)
    print(f"added {len(added)} field(s) ({len(preds) - len(added)} already in the case); "
          f"{len(case.fields)} in all")
    _print_case(case)
    return 0


def cmd_case_show(args: argparse.Namespace) -> int:
    case = _open_case(args.case)
    if args.json:
        print_json({**case.to_dict(), "summary": case.summary().to_dict(),
                     "per_class": case.class_counts(), "cells": case.cell_counts().to_dict(),
                     "to_review": [i + 1 for i in case.unreviewed()]})
    else:
        _print_case(case)
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    from core.cases.store import list_cases

    found = list_cases(existing_dir(args.folder), args.search or "")
    for c in found:
        print(f"{c.case_id}\t{c.specimen_date or '-'}\t{show(c.operator) or '-'}\t{c.fields} "
              f"field(s)\t{'signed' if c.signed else 'open'} v{c.version}\t{c.modified}\t"
              f"{show(c.path)}")
    if not found:
        print("no cases" + (f" matching {args.search!r}" if args.search else ""))
    return 0


def cmd_case_review(args: argparse.Namespace) -> int:
    from core.cases.store import save_case

    case = _open_case(args.case)
    case.review_field(args.field - 1, args.action, label=args.label, reason=args.reason or "",
                      by=args.by, audit=case_audit(args))
    save_case(case)
    left = case.unreviewed()
    print(f"field {args.field}: {args.action}" + (f" -> {args.label}" if args.label else "")
          + (f"; {len(left)} field(s) still to review (next: {left[0] + 1})" if left
             else "; every flagged field reviewed"))
    return 0


def cmd_case_sign(args: argparse.Namespace) -> int:
    from core.cases.store import save_case

    case = _open_case(args.case)
    sig = case.sign(args.name, audit=case_audit(args))
    save_case(case)
    print(f"case {case.case_id} version {case.version}: {sig['role']} by {show(sig['name'])} "
          f"at {sig['time']}")
    return 0


def cmd_case_new_version(args: argparse.Namespace) -> int:
    from core.cases.store import save_case

    case = _open_case(args.case)
    case.new_version(args.reason, by=args.by, audit=case_audit(args))
    save_case(case)
    print(f"case {case.case_id}: version {case.version} started (version {case.version - 1} "
          "kept, signed, in the case file)")
    return 0


def cmd_case_report(args: argparse.Namespace) -> int:
    from core.cases.report import write_case_report
    from core.cases.store import save_case

    case = _open_case(args.case)
    out = write_case_report(case, args.out, lab=args.lab, force=args.force,
                            audit=case_audit(args))
    save_case(case)  # the report step joins the case's trail
    print(f"wrote {show(out)}" + ("" if case.signed else " (NOT SIGNED: preliminary report)"))
    return 0


def cmd_case_export(args: argparse.Namespace) -> int:
    from core.cases.export import export_case
    from core.cases.store import save_case
    from core.cases.validation import now_iso

    case = _open_case(args.case)
    out = export_case(case, args.out, per=args.per, force=args.force, audit=case_audit(args))
    case.trail.append({"event": "export", "time": now_iso(),
                       "user": case.operator, "version": case.version, "file": show(out)})
    save_case(case)
    print(f"wrote {show(out)}")
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("case", help="a patient's case: fields, review, sign-off, report, export")
    cs = p.add_subparsers(dest="case_command", required=True)

    def add(name: str, func: Callable, help: str, case_arg: bool = True) -> argparse.ArgumentParser:
        q = cs.add_parser(name, help=help)
        if case_arg:
            q.add_argument("case", help="the case file (.case.json)")
        q.add_argument("--audit", metavar="LOG", help="audit log (default: the app's log)")
        q.set_defaults(func=func)
        return q

    q = add("new", cmd_case_new, "make a case (prints its file)", case_arg=False)
    q.add_argument("case_id", metavar="ID", help="pseudonymous identifier (no / \\ or control characters)")
    where = q.add_mutually_exclusive_group(required=True)
    where.add_argument("--folder", help="cases folder (file <ID>.case.json)")
    where.add_argument("--file", help="the case file")
    q.add_argument("--specimen-date", metavar="YYYY-MM-DD")
    q.add_argument("--operator", metavar="NAME", help="default: the OS user")
    q.add_argument("--comment")
    q = add("add", cmd_case_add, "classify images and add them as fields")
    q.add_argument("paths", nargs="+", help="image files or folders")
    q.add_argument("--model", help="model folder (default: the shipped model)")
    q = add("show", cmd_case_show, "the case's reading, per-class counts, cells and blasts, fields")
    q.add_argument("--json", action="store_true")
    q = add("list", cmd_case_list, "the cases of a folder, most recent first", case_arg=False)
    q.add_argument("folder")
    q.add_argument("--search", metavar="TEXT", help="only ids containing TEXT")
    q = add("review", cmd_case_review, "accept, reclassify or exclude a field (with a reason)")
    q.add_argument("field", type=int, help="field number, as 'case show' lists it")
    q.add_argument("action", choices=("accept", "reclassify", "exclude"))
    q.add_argument("--label", choices=("Benign", "Early", "Pre", "Pro"), help="for reclassify")
    q.add_argument("--reason", help="needed for reclassify and exclude")
    q.add_argument("--by", metavar="NAME", help="default: the case's operator")
    q = add("sign", cmd_case_sign, "sign the case (again, by another person: second signature)")
    q.add_argument("--name", required=True)
    q = add("new-version", cmd_case_new_version, "an unsigned new version of a signed case")
    q.add_argument("--reason", required=True)
    q.add_argument("--by", metavar="NAME")
    q = add("report", cmd_case_report, "write the case's A4 PDF report")
    q.add_argument("--out", required=True, metavar="FILE.pdf")
    q.add_argument("--lab", help="lab name in the header (default $LEUKEMIA_LAB_NAME)")
    q.add_argument("--force", action="store_true", help="replace an existing file")
    q = add("export", cmd_case_export, "CSV or JSON (by the file's suffix) for a lab system")
    q.add_argument("out", metavar="FILE")
    q.add_argument("--per", choices=("field", "case"), default="field")
    q.add_argument("--force", action="store_true", help="replace an existing file")
