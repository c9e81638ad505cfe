"""``leukemia case ...`` end to end, and the one-shot ``predict --case-id ... --report``."""

import json
from pathlib import Path

import pytest
from PIL import Image

from core.inference.audit import verify_log
from core.cases.store import load_case
from core.cli import main
from tests.conftest import smear


@pytest.fixture
def images(tmp_path: Path) -> Path:
    folder = tmp_path / "fields"
    folder.mkdir()
    for i, label in enumerate(("Early", "Early", "Pre")):
        Image.fromarray(smear(label, i, 96)).save(folder / f"f{i}.png")
    return folder


@pytest.fixture(autouse=True)
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "audit.jsonl"
    monkeypatch.setenv("LEUKEMIA_AUDIT_LOG", str(path))
    return path


def test_case_workflow(tmp_path: Path, images: Path, log: Path, capsys: pytest.CaptureFixture) -> None:
    cases = tmp_path / "cases"
    assert main(["case", "new", "PT-7", "--folder", str(cases), "--specimen-date", "2026-11-30",
                 "--operator", "Ana"]) == 0
    path = cases / "PT-7.case.json"
    assert main(["case", "new", "PT-7", "--folder", str(cases)]) == 2  # never a second file
    assert main(["case", "new", "a/b", "--folder", str(cases)]) == 2
    assert "path separators" in capsys.readouterr().err
    assert main(["-q", "case", "add", str(path), str(images)]) == 0
    case = load_case(path)
    assert len(case.fields) == 3 and case.model_id.startswith("default-")
    capsys.readouterr()
    assert main(["case", "show", str(path), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["case_id"] == "PT-7" and len(shown["fields"]) == 3
    for n in shown["to_review"]:
        assert main(["case", "review", str(path), str(n), "exclude", "--reason", "blank"]) == 0
    if len(shown["to_review"]) == 3:  # all flagged and all excluded: nothing to sign
        assert main(["case", "new-version", str(path), "--reason", "x"]) == 2  # not signed
        capsys.readouterr()
        assert main(["case", "sign", str(path), "--name", "Ana"]) == 2
        assert "every field is excluded" in capsys.readouterr().err
        first = str(shown["to_review"][0])
        assert main(["case", "review", str(path), first, "reclassify", "--label", "Early",
                     "--reason", "read by eye"]) == 0  # put one back
    assert main(["case", "review", str(path), "1", "reclassify", "--label", "Early"]) == 2
    assert main(["case", "sign", str(path), "--name", "Ana"]) == 0
    assert main(["case", "review", str(path), "1", "accept"]) == 2
    assert "read-only" in capsys.readouterr().err
    assert main(["case", "sign", str(path), "--name", "Bo"]) == 0
    report = tmp_path / "r.pdf"
    assert main(["case", "report", str(path), "--out", str(report), "--lab", "Lab X"]) == 0
    assert report.read_bytes().startswith(b"%PDF")
    assert main(["case", "report", str(path), "--out", str(report)]) == 2  # never replaced
    assert main(["case", "report", str(path), "--out", str(report), "--force"]) == 0
    assert main(["case", "export", str(path), str(tmp_path / "f.csv")]) == 0
    assert main(["case", "export", str(path), str(tmp_path / "c.json"), "--per", "case"]) == 0
    assert json.loads((tmp_path / "c.json").read_text())["signed_by"] == "Ana"
    assert main(["case", "new-version", str(path), "--reason", "re-read field 1"]) == 0
    assert load_case(path).version == 2 and len(load_case(path).previous_versions) == 1
    capsys.readouterr()
    assert main(["case", "list", str(cases), "--search", "pt"]) == 0
    assert "PT-7" in capsys.readouterr().out
    events = [json.loads(x).get("event") for x in log.read_text().splitlines()]
    assert events[0] == "case.new" and "case.sign" in events and "case.report" in events
    assert verify_log(log).ok
    assert main(["audit", "verify", str(log)]) == 0


def test_one_shot_predict_case_report(tmp_path: Path, images: Path, log: Path) -> None:
    report = tmp_path / "out" / "PT-9.pdf"
    report.parent.mkdir()
    argv = ["-q", "predict", str(images), "--case-id", "PT-9", "--operator", "Ana",
            "--report", str(report)]
    assert main(argv) == 0
    case_file = report.with_name("PT-9.case.json")
    assert report.read_bytes().startswith(b"%PDF") and load_case(case_file).case_id == "PT-9"
    before = report.read_bytes()
    assert main(argv) == 2 and report.read_bytes() == before  # never replaced without --force
    assert main(argv + ["--force"]) == 0
    assert main(["-q", "predict", str(images), "--report", str(tmp_path / "x.pdf")]) == 2
    assert main(["-q", "predict", str(images), "--case-id", "PT-9", "--report",
                 str(images / "f0.png"), "--force"]) == 2  # an input image is never the report
    assert [json.loads(x)["event"] for x in log.read_text().splitlines()].count("case.report") == 2
