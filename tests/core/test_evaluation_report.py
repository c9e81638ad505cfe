"""The Evaluate tab's report: A4 pages with the header (time, app version, model id), labelled
metrics with their n and 95% intervals, the per-class table and the confusion matrix; an
existing report is never replaced unless asked to."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import core
from core.classes import CLASSES
from core.evaluation.evaluate import EvalPrediction, EvalResult
from core.evaluation.metrics import Metrics
from core.evaluation.report import write_evaluation_report
from core.evaluation.report_pages import class_rows, headline_rows
from core.fileutil import OutputRefused
from tests.core.test_case_report import page_sizes, pdf_text


def result(n: int = 40) -> EvalResult:
    rng = np.random.default_rng(0)
    labels = np.arange(n) % 4
    probs = rng.dirichlet(np.ones(4), n)
    probs[np.arange(n), labels] += 1.5 * (np.arange(n) % 5 != 0)
    probs /= probs.sum(1, keepdims=True)
    preds = tuple(EvalPrediction(f"img{i}.jpg", CLASSES[t], CLASSES[int(p.argmax())], float(p.max()),
                                 dict(zip(CLASSES, p.tolist())), bool(p.max() < 0.6),
                                 no_result=i == 3)
                  for i, (t, p) in enumerate(zip(labels, probs)))
    m = Metrics.compute(labels, probs, uncertain_rate=float(np.mean([p.uncertain for p in preds])))
    card = {"id": "default-eval-1", "checksum": "abc123", "architecture": "default"}
    return EvalResult(m, preds, (), card, "/data/split.json", 2.0)


def test_headline_and_class_rows_carry_n_and_intervals() -> None:
    r = result()
    rows = {row[0]: row for row in headline_rows(r.metrics, r.predictions)}
    right = int(np.trace(np.asarray(r.metrics.confusion_matrix)))
    assert rows["Accuracy"][2] == f"{right} of 40" and "–" in rows["Accuracy"][3]
    assert rows["No-result rate"][2] == "1 of 40"
    early = class_rows(r.metrics)[1]
    assert early[0].startswith("Early\n") and early[1] == "10"
    assert all("95% CI" in cell and "/" in cell for cell in early[2:])


def test_report_pdf_is_a4_labelled_and_never_replaced_without_force(tmp_path: Path) -> None:
    r = result()
    out = tmp_path / "report"
    written = write_evaluation_report(r, out)
    assert {p.name for p in written} >= {"report.pdf", "metrics.json", "confusion_matrix.png"}
    data = (out / "report.pdf").read_bytes()
    sizes = page_sizes(data)
    assert sizes and all(round(w) == 595 and round(h) == 842 for w, h in sizes)
    text = pdf_text(out / "report.pdf")
    for needle in ("Evaluation report", "default-eval-1", "App version", core.__version__,
                   "Report date", "HEADLINE FIGURES", "Accuracy", "95% interval", "PER CLASS",
                   "Sensitivity", "Specificity", "Precision", "Support", "CONFUSION MATRIX",
                   "true class (the label)", "predicted class", "RESEARCH USE ONLY",
                   f"Page 1 of {len(sizes)}"):
        assert needle in text, needle
    before = (out / "metrics.json").read_bytes()
    with pytest.raises(OutputRefused, match="already holds a report"):
        write_evaluation_report(r, out)
    assert (out / "metrics.json").read_bytes() == before
    write_evaluation_report(r, out, force=True)  # the app asked, and the user said replace
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
