"""Resume that cannot mix results (issue #19, item 7): a results file records the model id in
every record, ``--resume`` with another model is refused in one line, and a record torn inside
a quoted CSV field by a kill is dropped and redone."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from PIL import Image

from core.model.bundle import default_model_dir, load_bundle
from core.cli import main
from core.inference.result import Prediction
from core.inference.results_file import ResultsError, ResultsFile
from tests.conftest import smear

CLASSES = ["Benign", "Early", "Pre", "Pro"]
PROBS = {"Benign": 0.1, "Early": 0.1, "Pre": 0.1, "Pro": 0.7}


def _images(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, name in enumerate(names):
        p = folder / name
        Image.fromarray(smear(CLASSES[i % 4], i, 48)).save(p)
        out.append(p)
    return out


def _run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["-q", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(path.open(newline="", encoding="utf-8")))


def test_every_record_carries_the_model_id(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _images(tmp_path / "img", ["a.png", "b.png"])
    out_csv, out_jsonl = tmp_path / "r.csv", tmp_path / "r.jsonl"
    code, _, err = _run(capsys, "predict", str(tmp_path / "img"), "--csv", str(out_csv),
                        "--jsonl", str(out_jsonl))
    assert code == 0, err
    model_id = load_bundle(default_model_dir()).model_id
    rows = _rows(out_csv)
    assert rows[0][0] == "path" and rows[0][-1] == "model_id"
    assert [r[-1] for r in rows[1:]] == [model_id, model_id]
    recs = [json.loads(line) for line in out_jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["model_id"] for r in recs] == [model_id, model_id]


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_resume_with_another_model_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture,
                                              kind: str) -> None:
    images = _images(tmp_path / "img", ["a.png", "b.png", "c.png"])
    out = tmp_path / f"r.{kind}"
    code, _, _ = _run(capsys, "predict", *map(str, images[:2]), f"--{kind}", str(out))
    assert code == 0
    model_id = load_bundle(default_model_dir()).model_id
    # the same file as another model would have written it
    out.write_text(out.read_text(encoding="utf-8").replace(model_id, "default-0123456789ab"),
                   encoding="utf-8")
    before = out.read_bytes()
    code, stdout, err = _run(capsys, "predict", str(tmp_path / "img"), f"--{kind}", str(out),
                             "--resume")
    assert code == 2 and err.count("\n") == 1, err
    assert "default-0123456789ab" in err and model_id in err and "mix" in err
    assert out.read_bytes() == before and stdout == ""  # nothing classified, nothing written


def test_resume_of_a_file_without_model_id_is_refused(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    images = _images(tmp_path / "img", ["a.png"])
    out = tmp_path / "old.csv"
    out.write_text("path,label,confidence,uncertain,reason,error,p_Benign,p_Early,p_Pre,p_Pro\n"
                   f"{images[0]},Pro,0.9,False,,,0.1,0,0,0.9\n", encoding="utf-8")
    code, _, err = _run(capsys, "predict", str(images[0]), "--csv", str(out), "--resume")
    assert code == 2 and "records no model id" in err and err.count("\n") == 1


def test_record_torn_inside_a_quoted_field_is_dropped_and_redone(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    # a file name with a line break and a comma: its CSV cell is quoted over two lines
    names = ["a.png", "line\nbreak, quoted.png", "c.png"]
    images = _images(tmp_path / "img", names)
    out = tmp_path / "r.csv"
    code, _, _ = _run(capsys, "predict", str(images[0]), "--csv", str(out))
    assert code == 0
    # killed just after the line break inside the quoted path cell (as the writer before
    # issue #19 left it: it wrote line breaks in names as they are)
    torn = ('"' + str(images[1])).encode()
    torn = torn[: torn.index(b"\n") + 1]
    with open(out, "ab") as fh:
        fh.write(torn)
    code, stdout, err = _run(capsys, "predict", str(tmp_path / "img"), "--csv", str(out),
                             "--resume")
    assert code == 0, err
    assert "1 of 3 image(s) already done" in err
    rows = _rows(out)
    assert [r[0] for r in rows[1:]] == [ResultsFile.key(p) for p in
                                        (images[0], images[2], images[1])]
    assert "line\\nbreak, quoted.png" in rows[3][0]  # the line break is shown escaped
    assert all(len(r) == len(rows[0]) for r in rows)  # no row glued into the torn quote
    assert len(stdout.strip().splitlines()) == 2  # the torn one and the new one, redone


def test_results_file_unit_refusals(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    with ResultsFile(path, CLASSES, model_id="m1") as out:
        out.write(Prediction("/x/a.png", "Pro", PROBS, 0.7, False))
    with pytest.raises(ResultsError, match="written by model m1, not m2"):
        ResultsFile(path, CLASSES, resume=True, model_id="m2")
    with pytest.raises(ResultsError, match="classes"):
        ResultsFile(path, ["Benign", "Pro"], resume=True, model_id="m1")
    again = ResultsFile(path, CLASSES, resume=True, model_id="m1")
    assert again.is_done("/x/a.png") and not again.is_done("/x/b.png")
    again.close()
