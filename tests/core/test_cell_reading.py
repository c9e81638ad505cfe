"""Each white cell a Prediction carries is a typed ``CellReading``; results, case and audit files
keep the cell records they had as dicts, byte for byte, and files written before read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.cases.field import CaseField
from core.cases.store import load_case
from core.inference.result import CellReading, Prediction
from core.inference.results_file import ResultsFile

CLASSES = ["Benign", "Early", "Pre", "Pro"]
PROBS = {"Benign": 0.05, "Early": 0.1, "Pre": 0.8, "Pro": 0.05}

# A cells model's field as results files stored it before cells were typed: the box, area and
# centre the detector gives, then the model's class, probability and weight for each cell (the
# third is past the model's limit: no class, weight 0).
OLD_CELLS = [
    {"x": 10, "y": 12, "w": 30, "h": 28, "area": 610, "cx": 24.5, "cy": 26.1, "label": "Pre",
     "probability": 0.9132, "weight": 0.6021},
    {"x": 120, "y": 40, "w": 26, "h": 25, "area": 480, "cx": 133.0, "cy": 52.4, "label": "Benign",
     "probability": 0.7, "weight": 0.3979},
    {"x": 200, "y": 190, "w": 20, "h": 22, "area": 300, "cx": 210.2, "cy": 200.9, "label": None,
     "probability": None, "weight": 0.0},
]
OLD_RECORD = {"path": "field.png", "label": "Pre", "full_name": "Pre-B ALL", "probabilities": PROBS,
              "confidence": 0.8, "uncertain": False, "reason": "", "cell_count": 3, "cells": OLD_CELLS}
# a field model's cells: found, not read (no class, probability or weight)
FIELD_CELL = {"x": 3, "y": 4, "w": 15, "h": 16, "area": 190, "cx": 10.4, "cy": 11.9}


def cells_prediction() -> Prediction:
    return Prediction("field.png", "Pre", dict(PROBS), 0.8, False,
                      cells=(CellReading(10, 12, 30, 28, 610, 24.5, 26.1, "Pre", 0.9132, 0.6021),
                             CellReading(120, 40, 26, 25, 480, 133.0, 52.4, "Benign", 0.7, 0.3979),
                             CellReading(200, 190, 20, 22, 300, 210.2, 200.9, None, None, 0.0)))


def test_a_cells_predictions_dict_is_what_it_was() -> None:
    d = cells_prediction().to_dict()
    assert d == OLD_RECORD
    assert json.dumps(d) == json.dumps(OLD_RECORD)  # the same keys in the same order
    field = Prediction("f.png", "Pre", dict(PROBS), 0.8, False, cells=(CellReading.from_dict(FIELD_CELL),))
    assert json.dumps(field.to_dict()["cells"]) == json.dumps([FIELD_CELL])


def test_a_results_file_written_before_reads_back_into_cell_readings(tmp_path: Path) -> None:
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps({**OLD_RECORD, "model_id": "m-1"}, ensure_ascii=False) + "\n", encoding="utf-8")
    rec = json.loads(old.read_text(encoding="utf-8"))
    cells = tuple(CellReading.from_dict(c) for c in rec["cells"])
    assert cells == cells_prediction().cells
    assert [c.read_by_model for c in cells] == [True, True, True] and cells[2].label is None
    # written again today, the record is the same bytes
    new = tmp_path / "new.jsonl"
    with ResultsFile(new, CLASSES, model_id="m-1") as out:
        out.write(Prediction("field.png", "Pre", dict(PROBS), 0.8, False, cells=cells))
    assert new.read_bytes() == old.read_bytes()
    plain = CellReading.from_dict(FIELD_CELL)
    assert not plain.read_by_model and plain.label is None and plain.weight is None
    assert plain.to_dict() == FIELD_CELL


def test_a_case_file_written_before_reads_back_into_cell_readings(tmp_path: Path) -> None:
    result = {k: v for k, v in OLD_RECORD.items() if k != "path"}
    old = {"format": "leukemia-case/1", "case_id": "OLD-2", "specimen_date": "2026-11-01",
           "operator": "Ana", "comment": "", "created": "2026-11-01T10:00:00+00:00",
           "modified": "2026-11-01T10:00:00+00:00", "version": 1, "model_id": "cells-1",
           "model": {"id": "cells-1", "architecture": "cells"}, "app_version": "0.1",
           "fields": [{"path": "/nowhere/a.png", "sha256": None, "added": "", "review": None,
                       "result": result},
                      {"path": "/nowhere/b.png", "sha256": None, "added": "", "review": None,
                       "result": {**result, "cells": [FIELD_CELL, {"label": "Pre"}, "junk"],
                                  "cell_count": 3}}],
           "signatures": [], "trail": [], "previous_versions": []}
    path = tmp_path / "OLD-2.case.json"
    path.write_text(json.dumps(old, indent=1) + "\n")
    case = load_case(path)
    assert case.fields[0].cells == cells_prediction().cells
    assert case.fields[0].cell_classes == {"Benign": 1, "Early": 0, "Pre": 1, "Pro": 0}
    assert case.fields[0].cells_unclassified == 1
    # a stored cell without a box is left out of the readings; the file's record is kept as it was
    assert case.fields[1].cells == (CellReading.from_dict(FIELD_CELL),)
    assert case.fields[1].cell_classes is None
    assert {k: v for k, v in case.to_dict().items() if k != "app_version"} == \
        {k: v for k, v in old.items() if k != "app_version"}


def test_a_cell_needs_a_box_of_four_numbers() -> None:
    for bad in ({"x": 1, "y": 2, "w": 3}, {"x": 1, "y": 2, "w": 3, "h": "4"}, {"x": True, "y": 2, "w": 3, "h": 4}):
        with pytest.raises(ValueError):
            CellReading.from_dict(bad)
    partial = CellReading.from_dict({"x": 1, "y": 2, "w": 10, "h": 6})  # centre: the box's
    assert (partial.cx, partial.cy, partial.area) == (6.0, 5.0, 0)
    field = CaseField("/nowhere/c.png", None, {"label": "Pre", "cells": [{"x": 1}, FIELD_CELL]})
    assert field.cells == (CellReading.from_dict(FIELD_CELL),)
