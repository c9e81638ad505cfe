"""Write results to files: predictions as CSV, an evaluation report, a model card summary."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.classes import CLASSES, FULL_NAMES
from core.evaluation.result import EvalPrediction, EvalResult
from core.fileutil import atomic_write_text
from core.inference.result import Prediction
from core.text import csv_row, safe_display

CSV_COLUMNS = ("path", "true", "label", "full_name", "confidence", "uncertain", "reason", "error",
               *(f"p_{c}" for c in CLASSES))


def _row(pred: Prediction | EvalPrediction, name: str) -> list[object]:
    """A prediction's cells in :data:`CSV_COLUMNS` order."""
    error = pred.error if isinstance(pred, Prediction) else None
    true = pred.true if isinstance(pred, EvalPrediction) else ""
    blank = error is not None or pred.no_result
    label = pred.label or ""
    reason = pred.reason
    if pred.no_result and not reason.startswith("no result"):
        reason = f"no result: {reason}"
    return [safe_display(pred.path or name), true, "" if blank else label,
            "" if blank else FULL_NAMES.get(label, ""),
            "" if blank else f"{pred.confidence:.6f}",
            "" if error is not None else int(bool(pred.uncertain)), reason, error or "",
            *("" if blank else f"{pred.probabilities.get(c, 0.0):.6f}" for c in CLASSES)]


def write_predictions_csv(predictions: Iterable[Prediction | EvalPrediction], path: Path | str,
                          names: Iterable[str] | None = None) -> Path:
    """One row per :class:`core.inference.result.Prediction` or
    :class:`core.evaluation.result.EvalPrediction` (whose ``true`` column is set).

    ``names`` replaces the ``path`` column where a prediction has none (e.g. a pasted image).
    Unreadable images keep their row, with the ``error`` column set. A field with no result
    (unlike the training images) has no class, confidence or probabilities, and its reason
    starts with "no result".
    """
    path = Path(path)
    names_list = list(names) if names is not None else None
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for i, pred in enumerate(predictions):
            # cells a spreadsheet would run as formulas: '-prefixed
            writer.writerow(csv_row(_row(pred, names_list[i] if names_list else "")))
    return path


def _clean(value: Any) -> Any:
    """JSON-safe copy (NaN becomes null)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


REPORT_FILES = ("confusion_matrix.png", "per_class.png", "metrics.json", "predictions.csv",
                "report.pdf")


def write_evaluation_report(result: EvalResult, folder: Path | str, *, pdf: bool = True,
                            force: bool = False, report_time: str | None = None) -> list[Path]:
    """Write ``confusion_matrix.png``, ``per_class.png``, ``metrics.json``, ``predictions.csv``
    and (``pdf``) ``report.pdf`` (A4 pages, :mod:`core.evaluation.report_pages`) for a
    :class:`core.evaluation.evaluate.EvalResult`; returns the paths.

    A report already in ``folder`` is replaced only with ``force`` (the app asks first);
    :class:`core.fileutil.OutputRefused` otherwise, before anything is written.
    """
    from datetime import datetime, timezone

    import core
    from core.evaluation.figures import confusion_matrix_figure, per_class_figure
    from core.evaluation.pages import pdf_bytes
    from core.evaluation.report_pages import build_pages
    from core.fileutil import OutputRefused, atomic_write_bytes, guard_output_file, is_inside

    folder = Path(folder)
    data = Path(str(result.data))
    if data.is_dir() and is_inside(folder, data):
        raise OutputRefused(f"{folder}: the report must not be written inside the evaluated "
                            f"images' folder {data}", "output.report_inside_data",
                            {"path": str(folder), "data": str(data)})
    names = [n for n in REPORT_FILES if pdf or n != "report.pdf"]
    for name in names:
        guard_output_file(folder / name, inputs=[data] if data.is_file() else (), what="report file")
    present = [n for n in names if (folder / n).exists()]
    if present and not force:
        raise OutputRefused(f"{folder}: already holds a report ({', '.join(present)}); choose "
                            "another folder or replace it explicitly", "output.report_present",
                            {"path": str(folder), "names": ", ".join(present)})
    folder.mkdir(parents=True, exist_ok=True)
    m = result.metrics
    written = []
    for fig, name in ((confusion_matrix_figure(m.confusion_matrix), "confusion_matrix.png"),
                      (per_class_figure(m.per_class), "per_class.png")):
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=120)
        atomic_write_bytes(folder / name, buf.getvalue())
        written.append(folder / name)
    summary = {k: v for k, v in result.to_dict().items() if k != "predictions"}
    atomic_write_text(folder / "metrics.json", json.dumps(_clean(summary), indent=1, default=str))
    written.append(folder / "metrics.json")
    written.append(write_predictions_csv(result.predictions, folder / "predictions.csv"))
    if pdf:
        when = report_time or datetime.now(timezone.utc).isoformat(timespec="seconds")
        pages = build_pages(result, when)
        model_id = str((result.card or {}).get("id") or "")
        atomic_write_bytes(folder / "report.pdf", pdf_bytes(pages, {
            "Title": f"Evaluation report, model {model_id}",
            "Subject": "Blood smear field classifier evaluation (research use only)",
            "Creator": f"leukemia {core.__version__}"}))
        written.append(folder / "report.pdf")
    return written


def _pct(value: Any) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return "–"
    return "–" if not math.isfinite(v) else f"{v * 100:.1f} %"


def metrics_summary(m: dict) -> str:
    """The headline numbers of a metrics dict as a few text lines."""
    from core.evaluation.metrics import count_and_interval, too_small

    loss = m.get("loss")
    finite = isinstance(loss, (int, float)) and math.isfinite(loss)
    small = too_small(m)
    return "\n".join([
        f"Images:             {m.get('n', '–')}",
        f"Accuracy:           {_pct(m.get('accuracy'))}"
        + (f" ({count_and_interval(m)})" if count_and_interval(m) else ""),
        *([f"TOO SMALL TO ESTIMATE: {small}"] if small else []),
        f"Balanced accuracy:  {_pct(m.get('balanced_accuracy'))}",
        f"Loss:               {f'{loss:.3f}' if finite else '–'}",
        f"ECE:                {_pct(m.get('ece'))}",
        f"Uncertain rate:     {_pct(m.get('uncertain_rate'))}",
    ])


def card_summary(card: dict) -> str:
    """A model card (``model.json``) as readable text: id, architecture, data, settings, metrics."""
    lines = [f"Model:        {card.get('id', '?')}",
             f"Architecture: {card.get('architecture', '?')}",
             f"Created:      {card.get('created', '?')}",
             f"App version:  {card.get('app_version', '?')}",
             f"Input:        {card.get('input_shape', '?')}"]
    counts = card.get("dataset", {}).get("counts", {})
    if counts:
        lines.append("Training data (images per split and class):")
        for split, per_class in counts.items():
            total = sum(per_class.values())
            parts = ", ".join(f"{c} {n}" for c, n in per_class.items())
            lines.append(f"  {split:<6} {total:>5}  ({parts})")
    training = card.get("training", {})
    if training:
        keys = ("epochs", "epochs_run", "best_epoch", "batch_size", "image_size", "learning_rate",
                "seed", "seconds")
        shown = ", ".join(f"{k}={training[k]}" for k in keys if k in training)
        lines.append(f"Settings:     {shown}")
    test = card.get("metrics", {}).get("test")
    if test:
        lines.append("Test metrics (at training time):")
        lines.extend("  " + line for line in metrics_summary(test).splitlines())
    return "\n".join(lines)
