"""The evaluation report's A4 pages: the header (report time, app version, model id and
checksum, what was evaluated), the headline metrics with the count each rests on and its 95%
interval, the per-class table (sensitivity, specificity, precision with their intervals,
support), the confusion matrix labelled, and what the model card says about its training.

Qt-free; :func:`core.evaluation.report.write_evaluation_report` writes them as ``report.pdf``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

import core
from core.classes import FULL_NAMES
from core.evaluation.metrics import Metrics, wilson_interval
from core.evaluation.pages import (
    A4_MM,
    AMBER,
    GREY,
    INK,
    MARGIN,
    NOTICE,
    RED,
    PageDoc,
    local_time,
    pct,
    report_fonts,
    short,
)
from core.evaluation.result import EvalPrediction, EvalResult


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and math.isfinite(v) else None


def _ci(lo_hi: Any) -> str:
    if not isinstance(lo_hi, (list, tuple)) or len(lo_hi) != 2 or _num(lo_hi[0]) is None:
        return "–"
    return f"{pct(lo_hi[0])} – {pct(lo_hi[1])}"


def _share(k: int, n: int) -> tuple[str, str, str]:
    """A proportion k/n: the value, "k of n" and its 95% Wilson interval."""
    if not n:
        return "–", "0", "–"
    return pct(k / n), f"{k} of {n}", _ci(wilson_interval(k, n))


def _cm(m: Metrics) -> np.ndarray:
    return np.asarray(m.confusion_matrix, dtype=np.int64).reshape(len(m.classes), len(m.classes))


def headline_rows(m: Metrics, predictions: Sequence[EvalPrediction] = ()) -> list[list[str]]:
    """Metric, value, what it rests on (n), 95% interval, what it means."""
    n = m.n
    cm = _cm(m)
    right = int(np.trace(cm))
    rows = [["Accuracy", *_share(right, n), "images whose top class is their label"]]
    bal = _num(m.balanced_accuracy)
    rows.append(["Balanced accuracy", pct(bal), f"{int((cm.sum(axis=1) > 0).sum())} classes",
                 "–", "mean of the per-class sensitivities"])
    f1 = _num(m.macro_f1)
    rows.append(["Macro F1", pct(f1), f"{n} images", "–", "mean of the per-class F1 scores"])
    preds = list(predictions)
    if preds:
        unc = sum(p.uncertain for p in preds)
        rows.append(["Uncertain rate", *_share(unc, len(preds)),
                     "flagged for a person to look at"])
        nores = sum(p.no_result for p in preds)
        rows.append(["No-result rate", *_share(nores, len(preds)),
                     "unlike training: no class (top class scored)"])
    elif _num(m.uncertain_rate) is not None:
        rows.append(["Uncertain rate", pct(m.uncertain_rate), f"{n} images", "–",
                     "flagged for a person to look at"])
    ece = _num(m.ece)
    rows.append(["Calibration error (ECE)", pct(ece), f"{n} images", "–",
                 "confidence vs accuracy gap (lower: better)"])
    loss = _num(m.loss)
    rows.append(["Log loss", "–" if loss is None else f"{loss:.3f}", f"{n} images", "–",
                 "cross-entropy of the label (lower: better)"])
    return rows


def class_rows(m: Metrics) -> list[list[str]]:
    """Per class: the class, support, then sensitivity, specificity and precision, each as
    "value (k/n)" over its 95% interval (two lines a cell)."""
    cm = _cm(m)
    classes = list(m.classes)
    n = int(cm.sum())
    rows = []
    for i, c in enumerate(classes):
        tp = int(cm[i, i])
        fn, fp = int(cm[i].sum()) - tp, int(cm[:, i].sum()) - tp
        tn = n - tp - fn - fp
        cells = []
        for k, total in ((tp, tp + fn), (tn, tn + fp), (tp, tp + fp)):
            value, _count, ci = _share(k, total)
            cells.append(f"{value} ({k}/{total})\n95% CI {ci}" if total else "–")
        rows.append([f"{c}\n{FULL_NAMES.get(c, c)}", str(tp + fn), *cells])
    return rows


def _confusion_matrix(doc: PageDoc, m: Metrics, x: float, y: float, w: float, h: float) -> None:
    cm = _cm(m).astype(float)
    classes = list(m.classes)
    rows = cm.sum(axis=1, keepdims=True)
    frac = np.divide(cm, rows, out=np.zeros_like(cm), where=rows > 0)
    ax = doc.fig.add_axes(doc.rect(x, y, w, h))
    ax.imshow(frac, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            ax.text(j, i, f"{int(cm[i, j])}\n{frac[i, j]:.0%}", ha="center", va="center",
                    fontsize=8, color="white" if frac[i, j] > 0.5 else INK)
    ax.set_xticks(range(len(classes)), classes, fontsize=7.5)
    ax.set_yticks(range(len(classes)),
                  [f"{c} (n={int(r)})" for c, r in zip(classes, rows[:, 0])], fontsize=7.5)
    ax.set_xlabel("predicted class (the model's top class)", fontsize=7.5)
    ax.set_ylabel("true class (the label)", fontsize=7.5)
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    ax.tick_params(length=0)


def _sensitivity_bars(doc: PageDoc, m: Metrics, x: float, y: float, w: float, h: float) -> None:
    """Sensitivity and specificity per class with their 95% intervals as error bars."""
    classes = list(m.classes)
    per = m.per_class
    ax = doc.fig.add_axes(doc.rect(x, y, w, h))
    xs = np.arange(len(classes))
    for k, (key, colour) in enumerate((("sensitivity", "#1c7ed6"), ("specificity", "#868e96"))):
        vals = np.array([(_num(getattr(per[c], key)) or 0.0) if c in per else 0.0
                         for c in classes])
        lo_hi = np.array([getattr(per[c], f"{key}_ci95") if c in per else (np.nan, np.nan)
                          for c in classes], dtype=float)
        err = np.nan_to_num(np.abs(np.stack([vals - lo_hi[:, 0], lo_hi[:, 1] - vals])))
        ax.bar(xs + (k - 0.5) * 0.38, vals, 0.38, yerr=err, capsize=2, color=colour, label=key,
               error_kw={"lw": 0.7})
    ax.set_xticks(xs, classes, fontsize=7.5)
    ax.set_ylim(0, 1.18)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25 %", "50 %", "75 %", "100 %"], fontsize=7)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=6.5, loc="upper center", ncols=2, frameon=False)
    ax.set_title("Sensitivity and specificity per class (bars: 95% interval)", fontsize=8)


def build_pages(result: EvalResult, report_time: str) -> list:
    """The report's pages for an :class:`core.evaluation.evaluate.EvalResult`."""
    m, card = result.metrics, result.card or {}
    model_id = str(card.get("id") or "–")
    when = local_time(report_time)
    with report_fonts():
        doc = PageDoc(("Evaluation report", "Blood smear field classifier",
                       f"Model {short(model_id, 44)}"),
                      f"Model {short(model_id, 44)} · app {core.__version__} · report {when}")
        _header(doc, result, when, model_id)
        doc.section("Headline figures")
        doc.table([("Metric", 38, "l"), ("Value", 18, "r"), ("Rests on", 24, "r"),
                   ("95% interval", 30, "r"), ("What it says", 70, "l")],
                  headline_rows(m, result.predictions))
        doc.note("95% intervals are Wilson score intervals for a proportion. A figure from few "
                 "images is wide: read the interval, not only the value.")
        doc.section("Per class", keep=30)
        doc.table([("Class", 42, "l"), ("Support", 18, "r"), ("Sensitivity", 40, "r"),
                   ("Specificity", 40, "r"), ("Precision", 40, "r")], class_rows(m), row_h=9)
        doc.note("Sensitivity: share of the class's images given that class. Specificity: share "
                 "of the other classes' images not given it. Precision: share of the images given "
                 "the class that have it. Support: images labelled with the class.")
        doc.section("Confusion matrix", keep=85)
        _confusion_matrix(doc, m, MARGIN + 28, doc.y + 10, 80, 66)
        _sensitivity_bars(doc, m, 128, doc.y + 10, 67, 62)
        doc.y += 84
        doc.note("Each cell: images with that label (row) given that class (column), and their "
                 "share of the row. The diagonal is right.")
        _card(doc, result)
        return doc.finish()


def _header(doc: PageDoc, result: EvalResult, when: str, model_id: str) -> None:
    m, card = result.metrics, result.card or {}
    checksum = str(card.get("checksum") or "")
    left = [("Report date", when), ("App version", core.__version__),
            ("Model", model_id), ("Checksum", checksum[:16] + "…" if checksum else "–")]
    right = [("Data", short(str(result.data), 44)), ("Images", str(m.n)),
             ("Left out", f"{len(result.skipped)} unreadable"),
             ("Time", f"{result.seconds:.1f} s")]
    y0 = doc.y + 1
    for k, ((a, av), (b, bv)) in enumerate(zip(left, right)):
        y = y0 + k * 5.4
        doc.text(MARGIN, y, a, size=7.5, color=GREY)
        doc.text(MARGIN + 24, y, short(av, 44), size=8.5, weight="bold" if a == "Model" else "normal")
        doc.text(110, y, b, size=7.5, color=GREY)
        doc.text(126, y, bv, size=8.5)
    doc.y = y0 + 4 * 5.4 + 1
    warnings = [w for w in (result.seen_warning,
                            f"Too small to estimate: {m.too_small}" if m.too_small else "") if w]
    for w in warnings:
        import textwrap

        lines = textwrap.wrap("WARNING: " + w, 112)
        doc.box(MARGIN, doc.y, A4_MM[0] - 2 * MARGIN, 3.8 * len(lines) + 2.4, face="#fff4e6",
                edge=AMBER)
        for k, line in enumerate(lines):
            doc.text(MARGIN + 2, doc.y + 1.4 + 3.8 * k, line, size=7.5, color=RED, weight="bold")
        doc.y += 3.8 * len(lines) + 4
    doc.box(MARGIN, doc.y, A4_MM[0] - 2 * MARGIN, 6.5, face="#fdecee", edge=RED)
    doc.text(A4_MM[0] / 2, doc.y + 3.3, NOTICE, size=7.5, color=RED, weight="bold",
             ha="center", va="center")
    doc.y += 9


def _card(doc: PageDoc, result: EvalResult) -> None:
    card = result.card or {}
    doc.section("The model (from its card)", keep=20)
    training = card.get("training") or {}
    rows = [["Architecture", short(str(card.get("architecture") or "–"), 90)],
            ["Created", local_time(str(card.get("created") or "")) if card.get("created") else "–"],
            ["Trained with app", str(card.get("app_version") or "–")],
            ["Input", str(card.get("input_shape") or "–")]]
    keys = ("epochs", "epochs_run", "best_epoch", "batch_size", "image_size", "learning_rate", "seed")
    if training:
        rows.append(["Settings", short(", ".join(f"{k} {training[k]}" for k in keys
                                                 if k in training) or "–", 100)])
    for split, per_class in ((card.get("dataset") or {}).get("counts") or {}).items():
        rows.append([f"Training data: {split}",
                     f"{sum(per_class.values())} images ("
                     + ", ".join(f"{c} {n}" for c, n in per_class.items()) + ")"])
    test = (card.get("metrics") or {}).get("test")
    if isinstance(test, dict) and test:
        from core.evaluation.metrics import accuracy_text

        rows.append(["At training time", accuracy_text(test, "test accuracy")])
    doc.table([("Item", 40, "l"), ("Value", 140, "l")], [[a, short(b, 110)] for a, b in rows],
              row_h=4.8)
    if result.skipped:
        doc.note(f"{len(result.skipped)} unreadable image(s) left out, e.g. "
                 + "; ".join(f"{short(p, 50)} ({short(r, 40)})" for p, r in result.skipped[:3]))
