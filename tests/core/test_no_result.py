"""A field unlike the training images gets no class anywhere (issue #20, item 4); a field that
is only low-confidence keeps its class, marked uncertain."""

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.cli import main
from core.inference.flags import Flag
from core.inference.predictor import Predictor
from core.inference.result import summarize_case


@pytest.fixture(scope="module")
def predictor() -> Predictor:
    return Predictor()  # the shipped model


@pytest.fixture
def portrait(tmp_path: Path) -> Path:
    import matplotlib

    src = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    if not src.is_file():
        pytest.skip("matplotlib's sample portrait is not installed")
    out = tmp_path / "portrait.jpg"
    out.write_bytes(src.read_bytes())
    return out


def sample() -> Path:
    return sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").glob("*.*"))[0]


def test_portrait_has_no_class(predictor: Predictor, portrait: Path) -> None:
    pred = predictor.predict_path(portrait)
    assert pred.no_result and pred.label is None and pred.uncertain
    assert "unlike the training data" in pred.reason and pred.full_name == ""
    d = pred.to_dict()
    assert d["label"] is None and d["uncertain"] is True and d["result"] == "no result"
    assert d["probabilities"] is None and d["confidence"] is None and d["reason"]
    assert pred.top_class is not None  # kept only for scoring labelled data


def test_cli_exports_no_class_for_the_portrait(portrait: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    good = tmp_path / sample().name
    good.write_bytes(sample().read_bytes())
    out_csv, out_jsonl = tmp_path / "r.csv", tmp_path / "r.jsonl"
    assert main(["-q", "predict", str(portrait), str(good), "--csv", str(out_csv),
                 "--jsonl", str(out_jsonl)]) == 0
    text = capsys.readouterr().out
    line = next(x for x in text.splitlines() if "portrait" in x)
    assert "NO RESULT" in line and "%" not in line.split("NO RESULT")[0]
    for name in ("Benign", "Early", "Pre-B", "Pro-B"):
        assert name not in line.split(":")[1]
    rows = {Path(r["path"]).name: r for r in csv.DictReader(out_csv.open())}
    r = rows["portrait.jpg"]
    assert r["label"] == "" and r["confidence"] == "" and r["uncertain"] == "True"
    assert r["reason"].startswith("no result: ") and all(r[k] == "" for k in r if k.startswith("p_"))
    assert rows[good.name]["label"] != ""
    recs = {Path(j["path"]).name: j for j in map(json.loads, out_jsonl.read_text().splitlines())}
    assert recs["portrait.jpg"]["label"] is None and recs["portrait.jpg"]["uncertain"] is True
    assert recs[good.name]["label"] is not None


def test_low_confidence_only_keeps_its_class(predictor: Predictor, monkeypatch) -> None:
    rgb = np.asarray(Image.open(sample()).convert("RGB"))
    monkeypatch.setattr(type(predictor.uncertainty), "assess_flags",
                        lambda self, p, f, x: [(Flag.LOW_CONFIDENCE,)] * len(p))
    pred = predictor.predict_array(rgb)
    assert pred.label is not None and pred.uncertain and not pred.no_result
    assert pred.to_dict()["label"] == pred.label and "low confidence" in pred.reason
    monkeypatch.setattr(type(predictor.uncertainty), "assess_flags",
                        lambda self, p, f, x: [(Flag.FOCUS,)] * len(p))
    blurred = predictor.predict_array(rgb)
    assert blurred.label is None and blurred.no_result and blurred.uncertain


def test_case_leaves_fields_without_result_out(predictor: Predictor, portrait: Path) -> None:
    fields = [predictor.predict_path(sample()), predictor.predict_path(portrait)]
    case = summarize_case(fields)
    assert case.fields == 1 and case.errors == 0 and case.no_result == 1
    assert "1 field(s) unlike the training images" in case.describe()
    alone = summarize_case(fields[1:])
    assert alone.label is None and alone.reason == "no field is like the training images"
