"""Several fields of one smear read together: ``summarize_case`` and ``leukemia predict --case``."""

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.cli import main
from core.inference.flags import Flag
from core.inference.predictor import Predictor
from core.inference.result import Prediction, summarize_case
from tests.conftest import smear

CLASSES = ("Benign", "Early", "Pre", "Pro")


def field(label: str, probs: list[float], uncertain: bool = False) -> Prediction:
    return Prediction(f"{label}.png", label, dict(zip(CLASSES, probs)), max(probs), uncertain,
                      (Flag.LOW_CONFIDENCE,) if uncertain else ())


def test_case_is_the_mean_of_its_confident_fields() -> None:
    fields = [field("Early", [0.3, 0.7, 0, 0]), field("Benign", [0.6, 0.4, 0, 0]),
              field("Early", [0.0, 1.0, 0, 0]),
              field("Pro", [0, 0, 0.1, 0.9], uncertain=True),  # a blank field: no vote
              Prediction("broken.jpg", error="truncated image file")]
    case = summarize_case(fields)
    assert case.label == "Early"
    assert case.probabilities["Early"] == pytest.approx(0.7)
    assert case.probabilities["Pro"] == 0.0
    assert (case.fields, case.voting, case.agree, case.uncertain_fields, case.errors) == (4, 3, 2, 1, 1)
    assert not case.uncertain and case.reason == ""  # 2 of 4 agree: half is enough
    text = case.describe()
    assert text.startswith("Early Pre-B ALL 70.0% (mean over 3 confident field(s); 1 uncertain")
    assert "2 of 4 field(s) agree" in text and "1 unreadable" in text and "UNCERTAIN" not in text
    assert json.loads(json.dumps(case.to_dict()))["label"] == "Early"


def test_a_split_or_all_uncertain_case_is_flagged_and_an_empty_one_has_no_verdict() -> None:
    split = summarize_case([field("Pre", [0, 0, 0.9, 0.1]), field("Pro", [0, 0, 0.2, 0.8]),
                            field("Pro", [0, 0, 0.3, 0.7]), field("Benign", [0.9, 0.1, 0, 0])])
    assert split.label == "Pro" and split.agree == 2 and not split.uncertain
    minority = summarize_case([field("Pre", [0, 0, 0.9, 0.1]), field("Pro", [0, 0, 0.45, 0.55]),
                               field("Benign", [0.9, 0.1, 0, 0])])
    assert minority.label == "Pre" and minority.agree == 1 and minority.uncertain
    assert minority.describe().endswith(" — UNCERTAIN: only 1 of 3 fields agree")
    doubtful = summarize_case([field("Pro", [0, 0, 0.4, 0.6], uncertain=True)] * 3)
    assert doubtful.label == "Pro" and doubtful.voting == 0 and doubtful.uncertain
    assert "all 3 field(s) uncertain" in doubtful.describe()
    assert doubtful.reason == "no field was classified with confidence"
    nothing = summarize_case([Prediction("a.jpg", error="not an image")])
    assert nothing.label is None and nothing.uncertain and nothing.errors == 1
    assert "no field could be classified" in nothing.describe()
    empty = summarize_case([])
    assert empty.label is None and empty.describe() == "no fields" and empty.reason == "no fields"


def test_predict_case_reads_a_folder_together(capsys: pytest.CaptureFixture, tmp_path: Path,
                                              tiny_model: Path) -> None:
    folder = tmp_path / "one smear"
    folder.mkdir()
    for i in range(6):
        Image.fromarray(smear("Pro", 100 + i, 48)).save(folder / f"field-{i}.png")
    (folder / "broken.jpg").write_bytes(b"\xff\xd8 not really")
    fields = Predictor(tiny_model).predict_paths(sorted(folder.iterdir()))
    expected = summarize_case(fields)

    assert main(["-q", "predict", str(folder), "--model", str(tiny_model), "--case"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 8 and out[-1].startswith("case (all 7 image(s) read together): ")
    assert out[-1].endswith(expected.describe())

    assert main(["-q", "predict", str(folder), "--model", str(tiny_model), "--case", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 8 and "case" in records[-1]
    case = records[-1]["case"]
    assert case["label"] == expected.label and case["errors"] == 1 and case["fields"] == 6
    assert np.isclose(sum(case["probabilities"].values()), 1.0, atol=1e-4)
    # --resume with --case reads this run's images; with nothing left it says so
    csv_file = tmp_path / "done.csv"
    assert main(["-q", "predict", str(folder / "field-0.png"), "--model", str(tiny_model),
                 "--csv", str(csv_file)]) == 0
    capsys.readouterr()
    assert main(["-q", "predict", str(folder), "--model", str(tiny_model), "--csv", str(csv_file),
                 "--resume", "--case"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("case (this run's 6 image(s)")
    assert main(["-q", "predict", str(folder), "--model", str(tiny_model), "--csv", str(csv_file),
                 "--resume", "--case"]) == 0
    assert "no image was classified in this run" in capsys.readouterr().out
    # without --case the output has one record per image and nothing else
    assert main(["-q", "predict", str(folder), "--model", str(tiny_model), "--json"]) == 0
    assert all("case" not in json.loads(line) for line in capsys.readouterr().out.splitlines())
