"""``leukemia predict``: classify images; with ``--case-id``, a one-shot case and its report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from core.cli.common import TerminalProgress, UserError, case_audit, model_arg, show


def _guard_predict_outputs(args: argparse.Namespace, inputs: list[Path], model_dir: Path) -> None:
    """--csv, --jsonl and --audit: never an input image, never in the model folder, never the
    same file twice (:mod:`core.fileutil`)."""
    from core.fileutil import guard_output_file
    from core.inference.audit import default_audit_path

    named = [(args.csv, "--csv file"), (args.jsonl, "--jsonl file"),
             (None if not args.audit else (args.audit if args.audit != "default"
                                           else default_audit_path()), "audit log")]
    given = [(Path(p), what) for p, what in named if p]
    for k, (path, what) in enumerate(given):
        guard_output_file(path, inputs=inputs, protected_dirs=[model_dir],
                          other_outputs=[p for j, (p, _) in enumerate(given) if j != k], what=what)


def cmd_predict(args: argparse.Namespace) -> int:
    from core.inference.predictor import Predictor, expand_paths
    from core.inference.result import summarize_case
    from core.inference.results_file import ResultsFile
    from core.text import safe_display

    paths = expand_paths(args.paths)
    if not paths:
        raise UserError("no image files found in the given paths")
    if args.resume and not (args.csv or args.jsonl):
        raise UserError("--resume needs --csv or --jsonl: the file that says what is done")
    one_shot = _one_shot_case(args, paths)  # checked before any image is read
    predictor = Predictor(model_arg(args.model))
    _guard_predict_outputs(args, paths, predictor.bundle.path)
    audit = None
    if args.audit:
        from core.inference.audit import AuditLog

        audit = AuditLog(args.audit if args.audit != "default" else None)
    classes = predictor.bundle.card["classes"]
    outputs: list[ResultsFile] = []
    try:  # each records the model id; --resume refuses a file another model wrote
        for path, kind in ((args.csv, "csv"), (args.jsonl, "jsonl")):
            if path:
                outputs.append(ResultsFile(path, classes, resume=args.resume, kind=kind,
                                           model_id=predictor.bundle.model_id))
    except BaseException:
        for out in outputs:
            out.close()
        raise
    todo = [p for p in paths if any(not out.is_done(p) for out in outputs)] \
        if args.resume else paths
    if args.resume:
        print(f"resuming: {len(paths) - len(todo)} of {len(paths)} image(s) already done",
              file=sys.stderr)
    ok = 0
    fields = []
    try:
        for done in predictor.iter_classify(todo, progress=TerminalProgress(args.quiet or args.json)):
            pred = done.prediction
            if args.case:
                fields.append(pred)
            if pred.error is None:
                ok += 1
                if audit:  # the hash of the bytes read and classified: the file is read once
                    audit.record(pred, model_id=predictor.bundle.model_id,
                                 model_checksum=predictor.bundle.checksum, sha256=done.sha256)
            # file names with control characters or undecodable bytes are shown escaped
            name = safe_display(pred.path)
            if args.json:
                print(json.dumps({**pred.to_dict(), "path": name}, ensure_ascii=False), flush=True)
            elif pred.error:
                print(f"{name}: ERROR {pred.error}")
            elif pred.no_result:  # unlike the training images: no class, however confident
                print(f"{name}: NO RESULT (UNCERTAIN): {pred.reason}")
            else:
                flag = f"  UNCERTAIN: {pred.reason}" if pred.uncertain else ""
                # the full name already says the label ("Pre" -> "Pre-B ALL")
                cells = "" if pred.cell_count is None else f"  ({pred.cell_count} white cell(s))"
                print(f"{name}: {pred.full_name or pred.label} {pred.confidence:.1%}{cells}{flag}")
            for out in outputs:
                if not out.is_done(pred.path or ""):
                    out.write(pred)
    finally:
        for out in outputs:
            out.close()
    if args.case:
        case = summarize_case(fields)
        what = "this run's" if args.resume else "all"
        if args.json:
            print(json.dumps({"case": case.to_dict()}, ensure_ascii=False), flush=True)
        elif not fields:
            print("case: no image was classified in this run (all were done before; run "
                  "without --resume to read them together)")
        else:
            print(f"case ({what} {len(fields)} image(s) read together): {case.describe()}")
    if one_shot is not None:
        _finish_one_shot(args, one_shot, fields, predictor)
    return 0 if ok or not todo else 1


def _one_shot_case(args: argparse.Namespace, paths: list[Path]) -> Any:
    """``predict --case-id``: the case and where its file and report go, checked up front."""
    if not (args.case_id or args.report or args.case_file):
        return None
    from core.cases.case import Case
    from core.cases.validation import CaseError
    from core.fileutil import guard_output_file

    if not args.case_id:
        raise UserError("--report and --case-file need --case-id (the case's identifier)")
    args.case = True
    try:
        case = Case(args.case_id, args.specimen_date or "", args.operator or "",
                    args.comment or "")
    except CaseError as exc:
        raise UserError(str(exc)) from None
    if not (args.report or args.case_file):
        raise UserError("--case-id needs --report FILE.pdf or --case-file FILE (where the case goes)")
    report = Path(args.report) if args.report else None
    case_file = Path(args.case_file) if args.case_file else \
        report.with_name(report.stem + ".case.json")  # type: ignore[union-attr]
    for path, what in ((report, "report file"), (case_file, "case file")):
        if path is None:
            continue
        guard_output_file(path, inputs=paths, what=what,
                          other_outputs=[p for p in (report, case_file) if p is not None and p is not path])
        if path.exists() and not args.force:
            raise UserError(f"{show(path)}: exists; give another name or --force to replace it")
    return case, case_file, report


def _finish_one_shot(args: argparse.Namespace, plan: Any, fields: list, predictor: Any) -> None:
    from core.cases.case import model_facts
    from core.cases.report import write_case_report
    from core.cases.store import save_case

    case, case_file, report = plan
    audit = case_audit(args)
    case.started(audit)
    case.add_predictions(fields, model_id=predictor.bundle.model_id,
                         model=model_facts(predictor.bundle), audit=audit)
    if case_file.exists():  # --force: a fresh case replaces the old file
        case_file.unlink()
    if report is not None:
        write_case_report(case, report, lab=args.lab, force=args.force, audit=audit)
        print(f"wrote report {show(report)}")
    save_case(case, case_file)
    print(f"wrote case {show(case_file)} ({len(case.fields)} field(s), not signed; sign with "
          f"'leukemia case sign {show(case_file)} --name NAME')")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("predict", help="classify image files or folders")
    p.add_argument("paths", nargs="+")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--json", action="store_true", help="one JSON record per input on stdout")
    p.add_argument("--csv", help="also write results to this CSV file (one flushed row per image)")
    p.add_argument("--jsonl", help="also write results to this JSON-lines file (one per image)")
    p.add_argument("--resume", action="store_true",
                   help="skip images already in the --csv/--jsonl file and append the rest")
    p.add_argument("--audit", nargs="?", const="default",
                   help="append each result to the audit log (optional path)")
    p.add_argument("--case", action="store_true",
                   help="the images are fields of one smear: also read them together (mean "
                        "probability over the confident fields) and print that verdict last")
    p.add_argument("--case-id", metavar="ID",
                   help="one-shot case: make case ID of these images (implies --case), save it "
                        "(--case-file, default beside --report) and write --report")
    p.add_argument("--operator", metavar="NAME", help="the case's operator (default: the OS user)")
    p.add_argument("--specimen-date", metavar="YYYY-MM-DD")
    p.add_argument("--comment")
    p.add_argument("--report", metavar="FILE.pdf", help="the case's A4 PDF report")
    p.add_argument("--case-file", metavar="FILE", help="where the case goes (.case.json)")
    p.add_argument("--lab", help="lab name in the report header (default $LEUKEMIA_LAB_NAME)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing --report / --case-file")
    p.set_defaults(func=cmd_predict)
