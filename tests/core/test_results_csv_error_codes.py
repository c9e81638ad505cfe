"""A results file that --resume refuses and a CSV file that cannot be read carry a stable code
and values beside their English sentence (the CLI's words, unchanged)."""

from __future__ import annotations

import csv
import pickle
from pathlib import Path

import pytest

from core.inference.result import Prediction
from core.inference.results_file import RESULTS_ERROR_CODES, RESULTS_ERROR_TEXTS, ResultsError, ResultsFile
from core.text import CSV_ERROR_CODES, CSV_ERROR_TEXTS, CsvError, read_csv_rows

CLASSES = ["Benign", "Early", "Pre", "Pro"]
PROBS = {"Benign": 0.1, "Early": 0.1, "Pre": 0.1, "Pro": 0.7}
MIX = "; --resume would mix results (give a new results file, or the model that wrote this one)"


def test_each_code_declares_the_values_of_its_sentence() -> None:
    for texts, codes in ((RESULTS_ERROR_TEXTS, RESULTS_ERROR_CODES), (CSV_ERROR_TEXTS, CSV_ERROR_CODES)):
        assert set(texts) == set(codes)
        for code, names in codes.items():
            values = {n: f"<{n}>" for n in names}
            assert "{" not in texts[code].format(**values), code


def test_resume_refusals_keep_their_english_sentence_and_carry_codes(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    with ResultsFile(path, CLASSES, model_id="m1") as out:
        out.write(Prediction("/x/a.png", "Pro", PROBS, 0.7, False))
    with pytest.raises(ResultsError) as info:
        ResultsFile(path, CLASSES, resume=True, model_id="m2")
    err = info.value
    assert str(err) == f"{path}: row 2 was written by model m1, not m2" + MIX
    assert (err.code, err.params) == ("results.other_model_row",
                                      {"path": str(path), "row": "2", "found": "m1", "expected": "m2"})
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.code, copy.params, str(copy)) == (err.code, err.params, str(err))
    with pytest.raises(ResultsError) as info:
        ResultsFile(path, ["Benign", "Pro"], resume=True, model_id="m1")
    assert info.value.code == "results.other_columns"
    jl = tmp_path / "r.jsonl"
    jl.write_text('{"path": "a.png"}\n', encoding="utf-8")
    with pytest.raises(ResultsError) as info:
        ResultsFile(jl, CLASSES, resume=True, model_id="m1")
    assert str(info.value) == f"{jl}: line 1 was written by model (none recorded), not m1" + MIX
    assert info.value.code == "results.other_model_line" and info.value.params["line"] == "1"


def test_an_unreadable_csv_says_where_with_a_code() -> None:
    with pytest.raises(CsvError) as info:
        read_csv_rows("a\rb\"c\n\"\r", "f.csv")  # a bare carriage return inside a field
    assert info.value.code == "csv.invalid" and info.value.params["line"] == "1"
    assert "new-line character seen in unquoted field" in info.value.params["detail"]
    assert str(info.value) == f"f.csv, line 1: not a valid CSV file ({info.value.params['detail']})"
    big = "a\n" + "x" * (csv.field_size_limit() + 1) + "\n"
    with pytest.raises(CsvError) as info:
        read_csv_rows(big, "g.csv")
    limit = csv.field_size_limit()
    assert (info.value.code, str(info.value)) == (
        "csv.field_too_long", f"g.csv, line 2: not a valid CSV file (a field is longer than {limit} characters)")
    assert CsvError("plain").code is None
