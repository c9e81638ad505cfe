"""core.evaluation.report: predictions CSV, card summary (no model needed)."""

from __future__ import annotations

import csv
from pathlib import Path

from core.inference.flags import Flag
from core.inference.result import Prediction
from core.evaluation.report import card_summary, metrics_summary, write_predictions_csv
from core.evaluation.result import EvalPrediction


def test_predictions_csv_keeps_errors_and_names(tmp_path: Path) -> None:
    preds = [
        Prediction("a.jpg", "Pre", {"Benign": 0.1, "Early": 0.1, "Pre": 0.7, "Pro": 0.1}, 0.7, False),
        Prediction("b.jpg", error="truncated image file"),
        Prediction(None, "Pro", {"Benign": 0.2, "Early": 0.2, "Pre": 0.2, "Pro": 0.4}, 0.4, True,
                   (Flag.LOW_CONFIDENCE,)),
    ]
    out = write_predictions_csv(preds, tmp_path / "p.csv", names=["a", "b", "clipboard"])
    rows = list(csv.DictReader(open(out, newline="", encoding="utf-8")))
    assert [r["path"] for r in rows] == ["a.jpg", "b.jpg", "clipboard"]
    assert rows[0]["full_name"] == "Pre-B ALL" and float(rows[0]["p_Pre"]) == 0.7
    assert rows[1]["error"] == "truncated image file" and rows[1]["confidence"] == ""
    assert rows[2]["uncertain"] == "1" and rows[2]["reason"] == "low confidence (40%)"


def test_evaluation_predictions_have_true_label(tmp_path: Path) -> None:
    """An evaluation's rows carry the true label; a field with no result keeps its row, blank,
    its reason starting "no result". The file's exact text (the format readers rely on)."""
    rows = [EvalPrediction("x.jpg", "Early", "Pre", 0.5, {"Pre": 0.5, "Early": 0.5}, False),
            EvalPrediction("y.jpg", "Pro", "Pro", 0.41,
                           {"Benign": 0.2, "Early": 0.19, "Pre": 0.2, "Pro": 0.41}, True,
                           (Flag.FOCUS,), no_result=True)]
    out = write_predictions_csv(rows, tmp_path / "e.csv")
    assert out.read_text(encoding="utf-8").splitlines() == [
        "path,true,label,full_name,confidence,uncertain,reason,error,p_Benign,p_Early,p_Pre,p_Pro",
        "x.jpg,Early,Pre,Pre-B ALL,0.500000,0,,,0.000000,0.500000,0.500000,0.000000",
        "y.jpg,Pro,,,,1,no result: less detail than any training image (out of focus?),,,,,"]
    first = next(csv.DictReader(open(out, newline="", encoding="utf-8")))
    assert first["true"] == "Early" and first["label"] == "Pre"


def test_summaries_are_readable() -> None:
    card = {"id": "default-abc", "architecture": "default", "created": "2025-01-01",
            "dataset": {"counts": {"train": {"Benign": 3, "Pro": 2}}},
            "training": {"epochs": 5, "seed": 1},
            "metrics": {"test": {"n": 4, "accuracy": 0.75, "loss": float("nan")}}}
    text = card_summary(card)
    assert "default-abc" in text and "train" in text and "75.0 %" in text and "epochs=5" in text
    assert "Loss:               –" in metrics_summary({"loss": None})
    assert "nan" not in text.lower()
