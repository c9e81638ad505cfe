"""The ``leukemia`` command: parse, call the core, print. No logic of its own."""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import core
from core.progress import Cancelled, Progress


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit code 2."""


class TerminalProgress:
    """A one-line progress bar on stderr (quiet when stderr is not a terminal and ``quiet``)."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet or not sys.stderr.isatty()
        self.last = 0.0
        self.started = time.perf_counter()
        self.val_n = ""  # what each epoch's val_acc rests on, from the training's split counts

    def __call__(self, p: Progress) -> None:
        now = time.perf_counter()
        if "split_counts" in p.metrics:
            counts = {k: sum(v.values()) for k, v in p.metrics["split_counts"].items()}
            self.val_n = (f" (n={counts['val']})" if counts.get("val")
                          else f" (on the {counts.get('train', 0)} training images)")
        if p.stage == "warning":  # always shown, on a line of its own
            print(("\n" if not self.quiet else "") + f"warning: {_show(p.message)}", file=sys.stderr,
                  flush=True)
            return
        if self.quiet:
            if p.stage == "epoch":
                m = p.metrics
                print(f"epoch {p.done}/{p.total}: loss {m.get('loss', float('nan')):.4f} "
                      f"acc {m.get('accuracy', float('nan')):.4f} val_loss "
                      f"{m.get('val_loss', float('nan')):.4f} val_acc "
                      f"{m.get('val_accuracy', float('nan')):.4f}{self.val_n}", file=sys.stderr,
                      flush=True)
            return
        if now - self.last < 0.1 and p.done < p.total:
            return
        self.last = now
        width = 30
        filled = int(width * p.fraction)
        eta = p.metrics.get("eta")
        eta_txt = f" ETA {int(eta) // 60}:{int(eta) % 60:02d}" if isinstance(eta, (int, float)) and math.isfinite(eta) else ""
        line = f"\r{p.stage:9s} [{'#' * filled}{'.' * (width - filled)}] {p.done}/{p.total}{eta_txt} {_show(p.message)[:40]}"
        print(line.ljust(100), end="" if p.done < p.total else "\n", file=sys.stderr, flush=True)


def _existing_dir(path: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise UserError(f"{p}: folder not found")
    if not p.is_dir():
        raise UserError(f"{p}: not a folder")
    return p


def _show(value: object) -> str:
    """A file name or message for the terminal: one line, control characters and undecodable
    bytes escaped (:func:`core.text.safe_display`)."""
    from core.text import safe_display

    return safe_display(value if isinstance(value, (str, bytes, os.PathLike)) else str(value))


def _safe_json(data: Any) -> Any:
    """``data`` with every text made safe to print (file names with undecodable bytes or
    control characters come out escaped, as in the other output formats)."""
    if isinstance(data, str):
        return _show(data)
    if isinstance(data, dict):
        return {_show(str(k)): _safe_json(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_safe_json(v) for v in data]
    if isinstance(data, os.PathLike):
        return _show(data)
    return data


def _print_json(data: Any) -> None:
    print(json.dumps(_safe_json(data), indent=1, ensure_ascii=False, default=lambda o: _show(str(o))))


def cmd_scan(args: argparse.Namespace) -> int:
    from core.data.dataset import scan

    result = scan(_existing_dir(args.dir), progress=TerminalProgress(args.quiet))
    if args.json:
        _print_json(result.to_dict())
        return 0
    print(f"{_show(result.root)}: {len(result.items)} readable images")
    for label, n in result.counts.items():
        folder = result.class_folders.get(label, "-")
        print(f"  {label:7s} {n:6d}   ({_show(folder)})")
    for name in result.unknown_folders:
        print(f"  unknown folder ignored: {_show(name)}")
    for path, reason in result.bad_files:
        print(f"  skipped {_show(path)}: {_show(reason)}")
    return 0


def cmd_dedup(args: argparse.Namespace) -> int:
    from core.data.dataset import find_duplicates, scan

    result = scan(_existing_dir(args.dir), progress=TerminalProgress(args.quiet))
    groups = find_duplicates(result.items, max_distance=args.max_distance,
                             progress=TerminalProgress(args.quiet))
    if args.json:
        _print_json({"max_distance": args.max_distance, "groups": [g.to_dict() for g in groups]})
        return 0
    exact = [g for g in groups if g.kind == "exact"]
    near = [g for g in groups if g.kind == "near"]
    print(f"{len(exact)} exact duplicate group(s), {len(near)} near-duplicate group(s) "
          f"(dHash distance <= {args.max_distance})")
    for g in groups:
        flag = " CROSS-CLASS" if g.cross_class else ""
        print(f"[{g.kind}{flag}] " + "  ".join(f"{i.label}/{_show(i.path.name)}" for i in g.items))
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    from core.data.dataset import scan, split_dataset, write_manifest

    if not 0 < args.val < 1 or not 0 <= args.test < 1 or args.val + args.test >= 1:
        raise UserError("--val and --test must be fractions with val + test < 1")
    result = scan(_existing_dir(args.dir), progress=TerminalProgress(args.quiet))
    manifest = split_dataset(result, fractions=(1 - args.val - args.test, args.val, args.test),
                             seed=args.seed, block_size=args.block_size,
                             max_distance=args.max_distance, progress=TerminalProgress(args.quiet))
    from core.fileutil import guard_output_file

    guard_output_file(args.out, inputs=[i.path for i in result.items], what="manifest")
    write_manifest(manifest, args.out)
    counts = manifest.counts()
    print(f"wrote {args.out}")
    for split, c in counts.items():
        print(f"  {split:5s} " + "  ".join(f"{k}={v}" for k, v in c.items()) + f"  total={sum(c.values())}")
    empty = [s for s, c in counts.items() if not sum(c.values()) and s != "test" or
             (s == "test" and args.test > 0 and not sum(c.values()))]
    if empty:
        print(f"warning: {', '.join(empty)} split(s) empty: too few blocks of {args.block_size} "
              "consecutive file numbers; try a smaller --block-size", file=sys.stderr)
    return 0


def cmd_balance(args: argparse.Namespace) -> int:
    from core.data.balance import balance

    result = balance(_existing_dir(args.src), Path(args.out), target=args.target, seed=args.seed,
                     progress=TerminalProgress(args.quiet))
    if args.json:
        _print_json(result.to_dict())
        return 0
    if result.up_to_date:
        print(f"{_show(result.out_dir)} is already balanced with these settings; nothing written")
    else:
        print(f"wrote {_show(result.out_dir)}: {result.generated} new images in {result.seconds:.1f} s")
    for label in result.counts_after:
        print(f"  {label:7s} {result.counts_before.get(label, 0):6d} -> {result.counts_after[label]:6d}")
    for path, reason in result.skipped:
        print(f"  skipped {_show(path)}: {_show(reason)}")
    return 0


def cmd_preprocess(args: argparse.Namespace) -> int:
    from PIL import Image

    from core.data.dataset import scan
    from core.fileutil import atomic_write_bytes
    from core.data.images import ImageError, load_rgb
    from core.data.preprocess import PreprocessSpec, preprocess, to_display

    from core.fileutil import guard_output_dir

    src, out = _existing_dir(args.src), Path(args.out)
    guard_output_dir(out, data_roots=[src], allow_bundle=False)
    spec = PreprocessSpec(args.kind, args.size, args.roi)
    result = scan(src, progress=TerminalProgress(args.quiet))
    bar = TerminalProgress(args.quiet)
    written = 0
    for n, item in enumerate(result.items, 1):
        try:
            img = to_display(preprocess(load_rgb(item.path), spec))
        except ImageError as exc:
            print(f"skipped {_show(item.path)}: {_show(exc.reason)}", file=sys.stderr)
            continue
        buf = io.BytesIO()
        Image.fromarray(img).save(buf, format="PNG")
        atomic_write_bytes(out / item.label / (item.path.stem + ".png"), buf.getvalue())
        written += 1
        bar(Progress("preprocess", n, len(result.items), item.path.name))
    print(f"wrote {written} preprocessed images ({spec.kind}, {spec.size}px, roi={spec.roi}) to {out}")
    return 0 if written else 1


def cmd_train(args: argparse.Namespace) -> int:
    from core.training.train import TrainConfig, train, validation_name

    data = Path(args.data)
    if not data.exists():
        raise UserError(f"{data}: not found (give a dataset folder or a split manifest)")
    from core.training.loop import default_backup_dir, read_backup

    backup = None if args.no_backup else str(args.backup_dir or default_backup_dir(args.out))
    cfg = TrainConfig(arch=args.arch, epochs=args.epochs, batch_size=args.batch_size,
                      learning_rate=args.lr, image_size=args.image_size, seed=args.seed,
                      save_partial_on_cancel=True, from_model=args.from_model,
                      corrections=args.corrections, strategy=args.strategy, backup_dir=backup)
    if args.corrections and not Path(args.corrections).is_file():
        raise UserError(f"{args.corrections}: corrections file not found")
    try:
        cfg.resolved()
    except ValueError as exc:
        raise UserError(str(exc)) from None
    from core.training.train import check_outputs

    check_outputs(data, args.out, cfg)  # before any work: nothing of the user's is at risk
    found = read_backup(backup) if backup else None
    if found is not None:
        print(f"backup in {found.path}: {found.epochs_done} of {found.epochs} epoch(s) done; "
              f"resuming if the settings match: epochs 1-{found.epochs_done} are kept and "
              f"training continues at epoch {found.epochs_done + 1} (other settings start "
              "again from epoch 1)", file=sys.stderr)
    result = train(data, Path(args.out), cfg, progress=TerminalProgress(args.quiet))
    if result.bundle_dir is None:
        print(f"worker finished {result.epochs_run} epoch(s); the chief writes the model")
        return 0
    if result.card["training"].get("resumed"):
        print("resumed after epoch(s) " + ", ".join(
            map(str, result.card["training"]["resumed_from_epochs"])))
    if "parent" in result.card:
        print(f"continued from {result.card['parent']['id']}")
    if "corrections" in result.card:
        counts = result.card["corrections"]["counts"]
        print("corrections: " + (", ".join(f"{n} {a}" for a, n in sorted(counts.items())) or "none"))
    from core.evaluation.metrics import accuracy_text

    best = result.card["training"].get("best_epoch")
    kept = f", epoch {best} kept" if best and best != result.epochs_run else ""
    print(f"saved {result.bundle_dir} ({result.epochs_run} epochs{kept}, {result.seconds:.0f} s)")
    # every figure with the count it rests on; a tiny part is said to be too small
    if "test" in result.metrics:
        print(accuracy_text(result.metrics["test"], "test accuracy")
              + f", balanced accuracy {result.metrics['test']['balanced_accuracy']:.1%}")
    else:
        print("test accuracy: no test images")
    print(accuracy_text(result.metrics["val"], f"{validation_name(result.card)} accuracy"))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from core.evaluation.compare import compare_models, format_comparison

    data = Path(args.data)
    if not data.exists():
        raise UserError(f"{data}: not found")
    if args.json:
        _guard_report(args.json, data, [Path(args.model_a), Path(args.model_b)])
    result = compare_models(data, Path(args.model_a), Path(args.model_b), split=args.split,
                            progress=TerminalProgress(args.quiet))
    from core.text import safe_log_text

    print(safe_log_text(format_comparison(result)))  # names of changed images escaped
    if args.json:
        from core.fileutil import atomic_write_text

        atomic_write_text(args.json, json.dumps(result.to_dict(), indent=1, default=str))
        print(f"wrote {args.json}")
    return 0


def _guard_report(path: str | Path, data: Path, models: list[Path | None],
                  others: Sequence[str | Path | None] = ()) -> None:
    """An output of evaluate/compare is never inside the labelled data, a model folder, or
    the same as another output (:mod:`core.fileutil`)."""
    from core.model.bundle import default_model_dir
    from core.fileutil import OutputRefused, guard_output_file, is_inside

    root = data if data.is_dir() else data.parent
    if data.is_file():
        guard_output_file(path, inputs=[data], what="output file")
    if is_inside(path, root) and data.is_dir():
        raise OutputRefused(f"{path}: the output file must not be inside the labelled data {root}")
    guard_output_file(path, protected_dirs=[m or default_model_dir() for m in models],
                      other_outputs=others)


def _model_arg(value: str | None) -> Path | None:
    return Path(value) if value else None


def cmd_evaluate(args: argparse.Namespace) -> int:
    from core.evaluation.evaluate import evaluate

    data = Path(args.data)
    if not data.exists():
        raise UserError(f"{data}: not found")
    if args.json:
        _guard_report(args.json, data, [_model_arg(args.model)])
    if args.plots:
        for name in ("confusion_matrix.png", "per_class.png", "training_curves.png"):
            _guard_report(Path(args.plots) / name, data, [_model_arg(args.model)],
                          others=[args.json])
    result = evaluate(_model_arg(args.model), data, split=args.split,
                      progress=TerminalProgress(args.quiet))
    m = result.metrics
    print(f"model {result.card.get('id')} on {data}: {m['n']} images")
    if result.seen_warning:
        print(f"WARNING: {_show(result.seen_warning)}")
    from core.evaluation.metrics import accuracy_text

    print(accuracy_text(m))
    print(f"balanced accuracy {m['balanced_accuracy']:.4f}  "
          f"loss {m['loss']:.4f}  ECE {m['ece']:.4f}  uncertain {m['uncertain_rate']:.1%}")
    print(f"{'class':8s} {'prec':>6s} {'sens':>6s} {'spec':>6s} {'f1':>6s} {'n':>5s}")
    for name, pc in m["per_class"].items():
        print(f"{name:8s} {pc['precision']:6.3f} {pc['sensitivity']:6.3f} {pc['specificity']:6.3f} "
              f"{pc['f1']:6.3f} {pc['support']:5d}")
    print("confusion matrix (rows true, columns predicted):", m["confusion_matrix"])
    for path, reason in result.skipped:
        print(f"skipped {_show(path)}: {_show(reason)}", file=sys.stderr)
    if args.json:
        from core.fileutil import atomic_write_text

        atomic_write_text(args.json, json.dumps(result.to_dict(), indent=1, default=str))
        print(f"wrote {args.json}")
    if args.plots:
        from core.evaluation.figures import confusion_matrix_figure, per_class_figure, training_curves_figure

        out = Path(args.plots)
        out.mkdir(parents=True, exist_ok=True)
        confusion_matrix_figure(m["confusion_matrix"]).savefig(out / "confusion_matrix.png", dpi=120)
        per_class_figure(m["per_class"]).savefig(out / "per_class.png", dpi=120)
        if result.card.get("history"):
            val = result.card.get("metrics", {}).get("val", {})
            saved = {"epoch": result.card.get("training", {}).get("best_epoch"),
                     "accuracy": val.get("accuracy"), "n": val.get("n")}  # the card's figure
            training_curves_figure(result.card["history"], saved=saved).savefig(
                out / "training_curves.png", dpi=120)
        print(f"wrote plots to {out}")
    return 0


def _guard_predict_outputs(args: argparse.Namespace, inputs: list[Path], model_dir: Path) -> None:
    """--csv, --jsonl and --audit: never an input image, never in the model folder, never the
    same file twice (:mod:`core.fileutil`)."""
    from core.inference.audit import default_audit_path
    from core.fileutil import guard_output_file

    named = [(args.csv, "--csv file"), (args.jsonl, "--jsonl file"),
             (None if not args.audit else (args.audit if args.audit != "default"
                                           else default_audit_path()), "audit log")]
    given = [(Path(p), what) for p, what in named if p]
    for k, (path, what) in enumerate(given):
        guard_output_file(path, inputs=inputs, protected_dirs=[model_dir],
                          other_outputs=[p for j, (p, _) in enumerate(given) if j != k], what=what)


def cmd_cells(args: argparse.Namespace) -> int:
    from core.cells import detect_cells
    from core.cells.render import draw_boxes
    from core.fileutil import OutputRefused, atomic_write_bytes, guard_output_file, is_inside
    from core.data.images import ImageError, load_rgb
    from core.inference.predictor import expand_paths

    paths = expand_paths(args.paths)
    if not paths:
        raise UserError("no image files found in the given paths")
    overlay = Path(args.overlay) if args.overlay else None
    if overlay is not None:
        for root in (p for p in map(Path, args.paths) if p.is_dir()):
            if is_inside(overlay, root):
                raise OutputRefused(f"{overlay}: the overlay folder must not be inside the "
                                    f"images' folder {root}")
        if overlay.exists() and not overlay.is_dir():
            raise OutputRefused(f"{overlay}: exists and is not a folder")
    used: set[str] = set()
    ok = 0
    bar = TerminalProgress(args.quiet or args.json)
    for n, path in enumerate(paths, 1):
        try:
            rgb = load_rgb(path)
        except ImageError as exc:
            if args.json:
                print(json.dumps({"path": _show(path), "error": exc.reason}, ensure_ascii=False))
            else:
                print(f"{_show(path)}: ERROR {exc.reason}")
            continue
        cells = detect_cells(rgb)
        ok += 1
        record = {"path": _show(path), "width": rgb.shape[1], "height": rgb.shape[0],
                  "cells": [c.to_dict() for c in cells]}
        if not cells:
            record["note"] = "no white cell found"
        if overlay is not None:
            stem, k = path.stem, 1  # a new name: two inputs with one name, or an old file
            while f"{stem}.cells.png".lower() in used or (overlay / f"{stem}.cells.png").exists():
                k += 1
                stem = f"{path.stem}-{k}"
            used.add(f"{stem}.cells.png".lower())
            target = guard_output_file(overlay / f"{stem}.cells.png", inputs=paths,
                                       what="overlay image")
            ok_png, png = cv2_encode_png(draw_boxes(rgb, cells, scale=2))
            if ok_png:
                atomic_write_bytes(target, png)
                record["overlay"] = _show(target)
        if args.json:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            what = f"{len(cells)} white cell(s)" if cells else "no white cell found"
            boxes = "  ".join(f"[{c.x},{c.y} {c.w}x{c.h}]" for c in cells)
            print(f"{_show(path)}: {what}" + (f"  {boxes}" if boxes else ""))
        bar(Progress("cells", n, len(paths), path.name))
    return 0 if ok else 1


def cv2_encode_png(rgb: "Any") -> tuple[bool, bytes]:
    import cv2

    ok, buf = cv2.imencode(".png", rgb[..., ::-1])
    return bool(ok), buf.tobytes() if ok else b""


def cmd_predict(args: argparse.Namespace) -> int:
    from core.inference.predictor import Predictor, ResultsFile, expand_paths, summarize_case
    from core.text import safe_display

    paths = expand_paths(args.paths)
    if not paths:
        raise UserError("no image files found in the given paths")
    if args.resume and not (args.csv or args.jsonl):
        raise UserError("--resume needs --csv or --jsonl: the file that says what is done")
    one_shot = _one_shot_case(args, paths)  # checked before any image is read
    predictor = Predictor(_model_arg(args.model))
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
        for pred in predictor.iter_predict(todo, progress=TerminalProgress(args.quiet or args.json)):
            if args.case:
                fields.append(pred)
            if pred.error is None:
                ok += 1
                if audit:
                    audit.record(pred, model_id=predictor.bundle.model_id,
                                 model_checksum=predictor.bundle.checksum)
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
                if not out.is_done(pred.path):
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


def _case_audit(args: argparse.Namespace) -> "Any":
    """Case steps always go to the audit log: ``--audit PATH``, else the default log."""
    from core.inference.audit import AuditLog

    given = getattr(args, "audit", None)
    return AuditLog(given if given and given != "default" else None)


def _one_shot_case(args: argparse.Namespace, paths: list[Path]) -> "Any":
    """``predict --case-id``: the case and where its file and report go, checked up front."""
    if not (args.case_id or args.report or args.case_file):
        return None
    from core.cases.case import Case, CaseError
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
        guard_output_file(path, inputs=paths, other_outputs=[report if path is case_file
                                                             else case_file], what=what)
        if path.exists() and not args.force:
            raise UserError(f"{_show(path)}: exists; give another name or --force to replace it")
    return case, case_file, report


def _finish_one_shot(args: argparse.Namespace, plan: "Any", fields: list, predictor: "Any") -> None:
    from core.cases.case import model_facts, save_case
    from core.cases.report import write_case_report

    case, case_file, report = plan
    audit = _case_audit(args)
    case.started(audit)
    case.add_predictions(fields, model_id=predictor.bundle.model_id,
                         model=model_facts(predictor.bundle), audit=audit)
    if case_file.exists():  # --force: a fresh case replaces the old file
        case_file.unlink()
    if report is not None:
        write_case_report(case, report, lab=args.lab, force=args.force, audit=audit)
        print(f"wrote report {_show(report)}")
    save_case(case, case_file)
    print(f"wrote case {_show(case_file)} ({len(case.fields)} field(s), not signed; sign with "
          f"'leukemia case sign {_show(case_file)} --name NAME')")


# ------------------------------------------------------------------ leukemia case ...


def _open_case(path: str) -> "Any":
    from core.cases.case import load_case

    p = Path(path)
    if not p.is_file():
        raise UserError(f"{_show(p)}: case file not found")
    return load_case(p)


def _print_case(case: "Any") -> None:
    s = case.summary()
    state = (f"signed by {', '.join(x['name'] for x in case.signatures)}" if case.signed
             else "not signed")
    print(f"case {case.case_id} (version {case.version}, {state})")
    print(f"  specimen date {case.specimen_date or '-'}, operator {_show(case.operator) or '-'}, "
          f"model {case.model_id or '-'}")
    if case.comment:
        print(f"  comment: {_show(case.comment)}")
    print(f"  reading: {s.describe()}")
    counts = case.class_counts()
    print("  per class: " + ", ".join(f"{c} {v['fields']} ({v['percent']:.0f}%"
                                       + (f", {v['cells']} cells" if v['cells'] is not None else "")
                                       + ")" for c, v in counts.items()))
    pending = set(case.unreviewed())
    for i in case.ordered():
        f = case.fields[i]
        cls = ("ERROR " + str(f.error)) if f.error else ("NO RESULT" if f.no_result else
                                                          f"{f.model_label} {f.confidence:.1%}")
        flags = ", ".join(f.flags())
        mark = " <- to review" if i in pending else ""
        print(f"  {i + 1:3d}. {_show(f.name)}: {cls}" + (f" [{flags}]" if flags else "") + mark)


def cmd_case_new(args: argparse.Namespace) -> int:
    from core.cases.case import Case, case_file_name, save_case

    case = Case(args.case_id, args.specimen_date or "", args.operator or "", args.comment or "")
    target = Path(args.file) if args.file else Path(args.folder) / case_file_name(case.case_id)
    if target.exists():
        raise UserError(f"{_show(target)}: a case file exists there already; open it, or give "
                        "another id or --file")
    case.started(_case_audit(args))
    print(f"wrote {_show(save_case(case, target))}")
    return 0


def cmd_case_add(args: argparse.Namespace) -> int:
    from core.cases.case import model_facts, save_case
    from core.inference.predictor import Predictor, expand_paths

    case = _open_case(args.case)
    if case.signed:
        raise UserError(f"case {case.case_id} is signed and read-only; 'leukemia case "
                        "new-version' first")
    paths = expand_paths(args.paths)
    if not paths:
        raise UserError("no image files found in the given paths")
    predictor = Predictor(_model_arg(args.model))
    preds = list(predictor.iter_predict(paths, progress=TerminalProgress(args.quiet)))
    added = case.add_predictions(preds, model_id=predictor.bundle.model_id,
                                 model=model_facts(predictor.bundle), audit=_case_audit(args))
    save_case(case)
    print(f"added {len(added)} field(s) ({len(preds) - len(added)} already in the case); "
          f"{len(case.fields)} in all")
    _print_case(case)
    return 0


def cmd_case_show(args: argparse.Namespace) -> int:
    case = _open_case(args.case)
    if args.json:
        _print_json({**case.to_dict(), "summary": case.summary().to_dict(),
                     "per_class": case.class_counts(), "to_review": [i + 1 for i in case.unreviewed()]})
    else:
        _print_case(case)
    return 0


def cmd_case_list(args: argparse.Namespace) -> int:
    from core.cases.case import list_cases

    found = list_cases(_existing_dir(args.folder), args.search or "")
    for c in found:
        print(f"{c.case_id}\t{c.specimen_date or '-'}\t{_show(c.operator) or '-'}\t{c.fields} "
              f"field(s)\t{'signed' if c.signed else 'open'} v{c.version}\t{c.modified}\t"
              f"{_show(c.path)}")
    if not found:
        print("no cases" + (f" matching {args.search!r}" if args.search else ""))
    return 0


def cmd_case_review(args: argparse.Namespace) -> int:
    from core.cases.case import save_case

    case = _open_case(args.case)
    case.review_field(args.field - 1, args.action, label=args.label, reason=args.reason or "",
                      by=args.by, audit=_case_audit(args))
    save_case(case)
    left = case.unreviewed()
    print(f"field {args.field}: {args.action}" + (f" -> {args.label}" if args.label else "")
          + (f"; {len(left)} field(s) still to review (next: {left[0] + 1})" if left
             else "; every flagged field reviewed"))
    return 0


def cmd_case_sign(args: argparse.Namespace) -> int:
    from core.cases.case import save_case

    case = _open_case(args.case)
    sig = case.sign(args.name, audit=_case_audit(args))
    save_case(case)
    print(f"case {case.case_id} version {case.version}: {sig['role']} by {_show(sig['name'])} "
          f"at {sig['time']}")
    return 0


def cmd_case_new_version(args: argparse.Namespace) -> int:
    from core.cases.case import save_case

    case = _open_case(args.case)
    case.new_version(args.reason, by=args.by, audit=_case_audit(args))
    save_case(case)
    print(f"case {case.case_id}: version {case.version} started (version {case.version - 1} "
          "kept, signed, in the case file)")
    return 0


def cmd_case_report(args: argparse.Namespace) -> int:
    from core.cases.case import save_case
    from core.cases.report import write_case_report

    case = _open_case(args.case)
    out = write_case_report(case, args.out, lab=args.lab, force=args.force,
                            audit=_case_audit(args))
    save_case(case)  # the report step joins the case's trail
    print(f"wrote {_show(out)}" + ("" if case.signed else " (NOT SIGNED: preliminary report)"))
    return 0


def cmd_case_export(args: argparse.Namespace) -> int:
    from core.cases.case import export_case, now_iso, save_case

    case = _open_case(args.case)
    out = export_case(case, args.out, per=args.per, force=args.force, audit=_case_audit(args))
    case.trail.append({"event": "export", "time": now_iso(),
                       "user": case.operator, "version": case.version, "file": _show(out)})
    save_case(case)
    print(f"wrote {_show(out)}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """Check an audit log's hash chain: 0 intact, 1 altered, 3 only records from before the
    chain (nothing verifiable); a missing or unreadable file is exit 2 / 1."""
    from core.inference.audit import verify_log
    from core.text import safe_display

    path = Path(args.log)
    if not path.exists():
        raise UserError(f"{safe_display(path)}: audit log not found")
    try:
        check = verify_log(path)
    except OSError as exc:  # exit 1 means "altered" only
        raise UserError(f"{safe_display(path)}: cannot read the audit log "
                        f"({exc.strerror or exc})") from None
    print(check.summary())
    if not check.ok:
        return 1
    return 3 if check.state == "unchained" else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leukemia",
        description="ALL blood smear classifier (research use only, not for diagnostic use).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {core.__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("scan", help="count images per class and list unreadable files")
    p.add_argument("dir")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser("dedup", help="find exact and near-duplicate images")
    p.add_argument("dir")
    p.add_argument("--max-distance", type=int, default=2, help="difference-hash distance (default 2)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dedup)

    p = sub.add_parser("split", help="leakage-free train/val/test split written as a manifest")
    p.add_argument("dir")
    p.add_argument("--out", required=True, help="manifest file (.json or .csv)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--val", type=float, default=0.15)
    p.add_argument("--test", type=float, default=0.15)
    p.add_argument("--block-size", type=int, default=20, help="consecutive file numbers per group")
    p.add_argument("--max-distance", type=int, default=2)
    p.set_defaults(func=cmd_split)

    p = sub.add_parser("balance", help="augment every class up to a target count into a new folder")
    p.add_argument("src")
    p.add_argument("out")
    p.add_argument("--target", type=int, default=None, help="images per class (default: largest class)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_balance)

    p = sub.add_parser("preprocess", help="write preprocessed images for inspection")
    p.add_argument("src")
    p.add_argument("out")
    p.add_argument("--roi", action="store_true", help="crop to the region holding the cells")
    p.add_argument("--kind", choices=("reference", "rgb"), default="reference")
    p.add_argument("--size", type=int, default=224)
    p.set_defaults(func=cmd_preprocess)

    p = sub.add_parser("train", help="train a model bundle")
    p.add_argument("data", help="dataset folder or split manifest")
    p.add_argument("--out", required=True, help="model folder to write")
    p.add_argument("--arch", choices=("default", "seed"), default="default")
    p.add_argument("--epochs", type=int)
    p.add_argument("--batch-size", type=int)
    p.add_argument("--lr", type=float)
    p.add_argument("--image-size", type=int)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--from", dest="from_model", metavar="MODEL_DIR",
                   help="continue training this model (keeps its classes and preprocessing; "
                        "learning rate defaults to a tenth of its own)")
    p.add_argument("--corrections", metavar="FILE", help="apply this corrections CSV to the data")
    p.add_argument("--strategy", choices=("auto", "default", "mirrored", "multi-worker"),
                   default="auto", help="tf.distribute strategy (default auto: all local GPUs; "
                   "multi-worker reads TF_CONFIG; see docs/scaling.md)")
    p.add_argument("--backup-dir", metavar="DIR",
                   help="epoch backup to resume a killed run from (default MODEL_DIR.backup)")
    p.add_argument("--no-backup", action="store_true", help="keep no epoch backup")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="metrics of a model on labelled images")
    p.add_argument("data", help="labelled folder or split manifest (its test split)")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--split", choices=("train", "val", "test"), help="manifest split (default test)")
    p.add_argument("--json", help="write metrics and per-image predictions to this file")
    p.add_argument("--plots", help="write figures to this folder")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("cells", help="find the white cells of fields (boxes in image pixels)")
    p.add_argument("paths", nargs="+", help="image files or folders")
    p.add_argument("--json", action="store_true",
                   help='one JSON record per image: "path" and "cells": [{"x","y","w","h","area",...}]')
    p.add_argument("--overlay", metavar="DIR", help="write <name>.cells.png with the boxes drawn")
    p.set_defaults(func=cmd_cells)

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

    p = sub.add_parser("compare", help="compare two models on the same labelled images")
    p.add_argument("data", help="labelled folder or split manifest (its test split)")
    p.add_argument("model_a", help="reference model folder (before)")
    p.add_argument("model_b", help="model folder to compare with it (after)")
    p.add_argument("--split", choices=("train", "val", "test"), help="manifest split (default test)")
    p.add_argument("--json", help="write the comparison to this file")
    p.set_defaults(func=cmd_compare)

    _case_parser(sub)

    p = sub.add_parser("audit", help="audit log tools")
    audit_sub = p.add_subparsers(dest="audit_command", required=True)
    p = audit_sub.add_parser("verify", help="check the audit log's hash chain: names the first "
                             "edited, inserted, reordered or missing record (exit 1)")
    p.add_argument("log", help="the audit log (.jsonl)")
    p.set_defaults(func=cmd_audit_verify)
    return parser


def _case_parser(sub: Any) -> None:
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
    q = add("show", cmd_case_show, "the case's reading, per-class counts and fields")
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code. User errors print one line, never a traceback."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from core.model.bundle import BundleError
    from core.data.dataset import DatasetError
    from core.data.images import ImageError

    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except (UserError, DatasetError, BundleError, ImageError, ValueError) as exc:
        print(f"leukemia {args.command}: error: {_show(exc)}", file=sys.stderr)
        return 2
    except Cancelled as exc:
        print(f"leukemia {args.command}: {_show(exc)}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print(f"leukemia {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"leukemia {args.command}: error: {_show(exc.filename or '')} "
              f"{_show(exc.strerror or exc)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
