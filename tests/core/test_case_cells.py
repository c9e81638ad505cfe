"""A case read by a model that classifies cells: each cell's class kept in the case file, the
cells per class and the percentage of blasts over the included fields, through review, in the
exports, the PDF and ``case show``; a field model's case says it has no per-cell classes."""

import csv
import json
from pathlib import Path

import pytest
from PIL import Image

from core.cases.case import Case
from core.cases.cell_counts import BLAST_CLASSES
from core.cases.export import export_case
from core.cases.report import write_case_report
from core.cases.store import load_case, save_case
from core.cli import main
from core.inference.flags import Flag
from core.inference.result import CellReading, Prediction
from tests.conftest import smear
from tests.core.test_case_file import new_case as field_model_case
from tests.core.test_case_report import pdf_text

CLASSES = ("Benign", "Early", "Pre", "Pro")
CELLS_MODEL = {"id": "cells-123", "architecture": "cells"}


def cells(*labels: str | None) -> tuple[CellReading, ...]:
    """Cells as a cells model's Prediction carries them (a box, the class, its probability and
    weight; None: beyond the model's limit, not read)."""
    return tuple(CellReading(4 * k, 3, 12, 11, 100, 4 * k + 6.0, 8.5, lab, None if lab is None else 0.8,
                             0.0 if lab is None else 0.1) for k, lab in enumerate(labels))


def image(tmp_path: Path, name: str, seed: int) -> str:
    p = tmp_path / "imgs" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(smear("Pre", seed)).save(p)
    return str(p)


def cells_predictions(tmp_path: Path) -> list[Prediction]:
    """Seven fields as a cells model reads them: the counts, by hand, are in the tests below."""
    def pred(i: int, label: str | None, probs: list[float], unc: bool, found: tuple, **kw) -> Prediction:
        flags = kw.pop("flags", (Flag.LOW_CONFIDENCE,) if unc else ())
        return Prediction(image(tmp_path, f"f{i}.png", i), label, dict(zip(CLASSES, probs)) if probs else {},
                          max(probs) if probs else 0.0, unc, flags, cells=found, **kw)

    return [
        pred(0, "Pre", [0.1, 0.1, 0.7, 0.1], False, cells(*["Pre"] * 6, "Benign", "Benign")),
        pred(1, "Early", [0.1, 0.7, 0.1, 0.1], False, cells("Early", "Early", "Early", "Pro", "Benign")),
        pred(2, "Pre", [0.3, 0.1, 0.5, 0.1], True, cells(*["Pre"] * 4, *["Benign"] * 4)),
        pred(3, "Benign", [0.8, 0.1, 0.05, 0.05], False, cells(*["Benign"] * 5, "Early")),
        pred(4, None, [], True, cells("Benign", "Benign"), flags=(Flag.UNLIKE_CONTENT,),
             no_result=True, top_class="Benign"),
        Prediction(image(tmp_path, "f5.png", 5), error="cannot decode"),
        pred(6, "Pre", [0.05, 0.05, 0.85, 0.05], False, cells(*["Pre"] * 30, "Benign", "Benign", None, None)),
    ]


def cells_case(tmp_path: Path) -> Case:
    case = Case("C-1", "2026-12-01", "Ana Ruiz").started()
    case.add_predictions(cells_predictions(tmp_path), model_id="cells-123", model=CELLS_MODEL)
    return case


def test_each_cells_class_is_kept_in_the_case_file(tmp_path: Path) -> None:
    case = cells_case(tmp_path)
    path = save_case(case, folder=tmp_path / "cases")
    stored = json.loads(path.read_text())["fields"][0]["result"]["cells"]
    assert len(stored) == 8 and stored[0]["label"] == "Pre" and stored[0]["probability"] == 0.8
    assert {"x", "y", "w", "h", "weight"} <= set(stored[0])
    again = load_case(path)
    assert again.to_dict() == case.to_dict()
    assert again.fields[0].cell_classes == {"Benign": 2, "Early": 0, "Pre": 6, "Pro": 0}
    assert again.fields[6].cells_unclassified == 2 and again.fields[6].cell_count == 34
    before = path.read_bytes()
    save_case(again)
    assert path.read_bytes() == before


def test_an_older_case_file_without_cell_classes_reopens_as_saved(tmp_path: Path) -> None:
    # a case file as written before cells carried classes: boxes only, no model architecture
    old = {"format": "leukemia-case/1", "case_id": "OLD-1", "specimen_date": "2026-11-01",
           "operator": "Bo", "comment": "", "created": "2026-11-01T10:00:00+00:00",
           "modified": "2026-11-01T10:00:00+00:00", "version": 1, "model_id": "default-1",
           "model": {"id": "default-1"}, "app_version": "0.1",
           "fields": [{"path": "/nowhere/a.png", "sha256": None, "added": "",
                       "review": None,
                       "result": {"label": "Pre", "full_name": "Pre-B ALL",
                                  "probabilities": {"Benign": 0.1, "Early": 0.1, "Pre": 0.7, "Pro": 0.1},
                                  "confidence": 0.7, "uncertain": False, "reason": "",
                                  "cell_count": 2, "cells": [{"x": 1, "y": 1, "w": 5, "h": 5}] * 2}},
                      {"path": "/nowhere/b.png", "sha256": None, "added": "", "review": None,
                       "result": {"label": "Pre", "confidence": 0.9, "uncertain": False,
                                  "probabilities": {"Benign": 0.0, "Early": 0.1, "Pre": 0.9, "Pro": 0.0}}}],
           "signatures": [], "trail": [], "previous_versions": []}
    path = tmp_path / "OLD-1.case.json"
    text = json.dumps(old, indent=1) + "\n"
    path.write_text(text)
    case = load_case(path)
    assert {k: v for k, v in case.to_dict().items() if k != "app_version"} == \
        {k: v for k, v in old.items() if k != "app_version"}
    assert case.fields[0].cell_classes is None and case.fields[1].cells == ()
    t = case.cell_counts()
    assert not t.available and t.blast_fraction is None
    assert "not available" in t.blast_text() and "0%" not in t.blast_text()
    assert case.class_counts()["Pre"]["classified_cells"] is None
    assert path.read_text() == text  # opening never rewrites it


def test_counts_and_percentage_of_blasts_over_the_included_fields(tmp_path: Path) -> None:
    case = cells_case(tmp_path)
    # included: 0, 1, 2, 3, 6 (4 has no result, 5 is unreadable)
    t = case.cell_counts()
    assert t.available and t.fields == 5
    assert t.per_class == {"Benign": 2 + 1 + 4 + 5 + 2, "Early": 3 + 1, "Pre": 6 + 4 + 30, "Pro": 1}
    assert (t.total, t.blasts, t.unclassified) == (59, 45, 2)
    assert t.blast_fraction == pytest.approx(45 / 59)
    lo, hi = t.blast_ci95  # Wilson 45/59, worked out apart from the code: 0.6402, 0.8531
    assert lo == pytest.approx(0.6402, abs=5e-4) and hi == pytest.approx(0.8531, abs=5e-4)
    assert t.blast_text() == "Blasts 76.3% (45 of 59 cells; 95% CI 64.0-85.3%)"
    assert BLAST_CLASSES == ("Early", "Pre", "Pro")

    # excluding a field takes its cells out of both counts
    case.review_field(3, "exclude", reason="smudged")
    t = case.cell_counts()
    assert (t.total, t.blasts, t.fields) == (53, 44, 4) and t.per_class["Benign"] == 9
    # reclassifying a field keeps its cells as the model read them, and says so
    case.review_field(2, "reclassify", label="Benign", reason="hematogones by eye")
    t = case.cell_counts()
    assert (t.total, t.blasts) == (53, 44)
    assert (t.reclassified_fields, t.reclassified_cells, t.reclassified_blasts) == (1, 8, 4)
    assert any("reclassified" in n for n in t.notes())
    # a no-result field the operator reclassifies joins the reading, and its cells the count
    case.review_field(4, "reclassify", label="Benign", reason="read by eye")
    t = case.cell_counts()
    assert (t.total, t.blasts, t.reclassified_cells) == (55, 44, 10)
    counts = case.class_counts()
    assert counts["Benign"]["classified_cells"] == 11 and counts["Benign"]["fields"] == 2
    assert counts["Pre"]["cell_percent"] == pytest.approx(100 * 40 / 55)


def test_a_field_model_case_says_it_has_no_cell_classes(tmp_path: Path) -> None:
    case = field_model_case(tmp_path)  # boxes only, as a field model with cell finding stores
    assert case.counts()["cells"] == 6
    t = case.cell_counts()
    assert not t.available and t.total == 0 and t.blast_fraction is None and t.blast_ci95 is None
    assert t.blast_text() == ("Blasts: not available (no per-cell classes: this model classifies "
                              "whole fields, not cells)")
    assert t.to_dict()["blast_percent"] is None


def test_exports_carry_the_cell_counts(tmp_path: Path) -> None:
    case = cells_case(tmp_path)
    case.review_field(3, "exclude", reason="smudged")
    out = export_case(case, tmp_path / "case.csv", per="case")
    row = next(csv.DictReader(out.open()))
    assert row["cell_classes_available"] == "True" and row["cells_classified"] == "53"
    assert (row["blasts"], row["cells_Benign"], row["cells_Pre"]) == ("44", "9", "40")
    assert float(row["blast_percent"]) == pytest.approx(100 * 44 / 53, abs=1e-3)
    assert 70 < float(row["blast_ci95_low"]) < float(row["blast_percent"]) < float(row["blast_ci95_high"]) < 92
    fields = list(csv.DictReader(export_case(case, tmp_path / "fields.csv").open()))
    assert fields[3]["cells_Benign"] == "5" and fields[3]["cells_counted"] == "False"  # excluded
    assert fields[0]["cell_blasts"] == "6" and fields[0]["cells_counted"] == "True"
    assert fields[6]["cells_not_classified"] == "2"
    data = json.loads(export_case(case, tmp_path / "fields.json").read_text())
    assert data["case"]["blasts"] == 44 and data["fields"][1]["cells_Pro"] == 1

    plain = field_model_case(tmp_path / "plain")
    row = json.loads(export_case(plain, tmp_path / "plain.json", per="case").read_text())
    assert row["cell_classes_available"] is False and row["blast_percent"] == "" and row["cells"] == 6


def test_report_shows_the_blast_line_and_cells_per_class(tmp_path: Path) -> None:
    case = cells_case(tmp_path)
    case.review_field(3, "exclude", reason="smudged")
    case.review_field(2, "reclassify", label="Benign", reason="hematogones by eye")
    text = pdf_text(write_case_report(case, tmp_path / "r.pdf", lab="City Lab"))
    flat = " ".join(text.split())
    assert "Blasts 83.0 % (44 of 53 cells; 95 % CI 70.8 % – 90.8 %)" in flat
    assert "FIELDS AND CELLS PER CLASS" in text and "% of cells" in text
    assert "8 of the cells (4 blasts) are in 1 field(s) the operator reclassified" in flat
    assert "hematogones" in flat and "Pro-B ALL (blasts)" in flat
    assert "75.5 %" in flat  # Pre: 40 of 53 cells

    plain = field_model_case(tmp_path / "plain")
    text = " ".join(pdf_text(write_case_report(plain, tmp_path / "p.pdf")).split())
    assert "Blasts: not available" in text and "Blasts 0" not in text


def test_case_show_prints_cells_and_blasts(tmp_path: Path, capsys: pytest.CaptureFixture,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEUKEMIA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    case = cells_case(tmp_path)
    case.review_field(3, "exclude", reason="smudged")
    path = save_case(case, folder=tmp_path / "cases")
    assert main(["case", "show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "cells: Benign 9, Early 3, Pre 40, Pro 1 (53 classified in 4 included field(s))" in out
    assert "Blasts 83.0% (44 of 53 cells; 95% CI 70.8-90.8%)" in out
    assert "2 cell(s) beyond the model's limit per field not classified" in out
    assert "f0.png: Pre 70.0%, 8 cells (6 blasts)" in out
    assert main(["case", "show", str(path), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["cells"]["blasts"] == 44 and shown["cells"]["total"] == 53
    assert shown["cells"]["blast_ci95"][0] == pytest.approx(70.8, abs=0.05)

    plain = save_case(field_model_case(tmp_path / "plain"), folder=tmp_path / "plain-cases")
    assert main(["case", "show", str(plain)]) == 0
    out = capsys.readouterr().out
    assert "no per-cell classes" in out and "Blasts: not available" in out
    assert "Early 2 (67%, 3 cells found)" in out


def test_a_trained_cells_model_fills_the_case_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """``case add`` with a tiny trained cells model: each cell's class in the case file, and
    ``case show`` counts them (the counts checked against the stored cells)."""
    import core.training.cells as training_cells
    from core.training.train import TrainConfig, train
    from tests.core.test_cell_model import SMALL, disc_dataset, disc_field

    monkeypatch.setenv("LEUKEMIA_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setattr(training_cells, "CELL_SPEC", SMALL)
    model = train(disc_dataset(tmp_path / "data"), tmp_path / "model",
                  TrainConfig(arch="cells", epochs=6, batch_size=8, block_size=3, seed=1,
                              export_onnx=False)).bundle_dir
    imgs = tmp_path / "imgs"
    imgs.mkdir()
    for i, c in enumerate(("Pre", "Benign", "Early")):
        Image.fromarray(disc_field(c, 900 + i, n=5)).save(imgs / f"{c}{i}.png")
    case_file = tmp_path / "cases" / "E-1.case.json"
    assert main(["case", "new", "E-1", "--file", str(case_file), "--operator", "Ana"]) == 0
    assert main(["-q", "case", "add", str(case_file), str(imgs), "--model", str(model)]) == 0
    case = load_case(case_file)
    assert case.model["architecture"] == "cells"
    stored = [c for f in case.fields for c in f.cells]
    assert stored and all(c.label in CLASSES and 0 < (c.probability or 0) <= 1 for c in stored)
    want = {c: sum(x.label == c for i in case.usable() for x in case.fields[i].cells) for c in CLASSES}
    t = case.cell_counts()
    assert t.available and t.per_class == want and t.total == sum(want.values())
    capsys.readouterr()
    assert main(["case", "show", str(case_file)]) == 0
    assert t.blast_text() in capsys.readouterr().out
