"""The ``leukemia`` command on synthetic data: exit codes, JSON, no tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.cli import main
from tests.conftest import make_dataset


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["-q", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_scan_json(capsys: pytest.CaptureFixture, tiny_dataset: Path) -> None:
    code, out, _ = run(capsys, "scan", str(tiny_dataset), "--json")
    assert code == 0 and json.loads(out)["counts"]["Pro"] == 8


def test_dedup_split_balance_preprocess(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", per_class=6)
    code, out, _ = run(capsys, "dedup", str(data), "--json", "--max-distance", "1")
    assert code == 0 and json.loads(out)["groups"] == []
    code, out, _ = run(capsys, "split", str(data), "--out", str(tmp_path / "s.json"), "--block-size", "2")
    assert code == 0 and json.loads((tmp_path / "s.json").read_text())["counts"]["test"]["Pro"] >= 1
    code, out, _ = run(capsys, "balance", str(data), str(tmp_path / "bal"), "--target", "8", "--json")
    assert code == 0 and json.loads(out)["counts_after"]["Benign"] == 8
    code, out, _ = run(capsys, "preprocess", str(data), str(tmp_path / "pre"), "--roi")
    assert code == 0 and len(list((tmp_path / "pre" / "Pro").glob("*.png"))) == 6


@pytest.mark.parametrize("args", [["scan", "/definitely/missing"], ["dedup", "/definitely/missing"],
                                  ["balance", "/definitely/missing", "/tmp/x"],
                                  ["evaluate", "/definitely/missing"],
                                  ["predict", "/definitely/missing.png", "--model", "/no/model"]])
def test_user_errors_are_one_line(capsys: pytest.CaptureFixture, args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_bad_arguments_exit_non_zero() -> None:
    out = subprocess.run([sys.executable, "-m", "core", "split"], capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_train_evaluate_predict(capsys: pytest.CaptureFixture, tmp_path: Path, tiny_model: Path) -> None:
    data = make_dataset(tmp_path / "data", per_class=3)
    (data / "Pro" / "broken.jpg").write_bytes(b"\xff\xd8garbage")
    code, out, err = run(capsys, "evaluate", str(data), "--model", str(tiny_model),
                         "--json", str(tmp_path / "e.json"), "--plots", str(tmp_path / "plots"))
    assert code == 0
    report = json.loads((tmp_path / "e.json").read_text())
    assert {"accuracy", "balanced_accuracy", "per_class", "confusion_matrix", "classes"} <= set(report)
    assert sum(map(sum, report["confusion_matrix"])) == 12
    assert (tmp_path / "plots" / "confusion_matrix.png").is_file()
    assert "broken.jpg" in err
    split = tiny_model / "split.json"
    code, out, _ = run(capsys, "evaluate", str(split), "--model", str(tiny_model))
    assert code == 0 and "WARNING" not in out  # its test split
    code, out, _ = run(capsys, "evaluate", str(split), "--split", "train", "--model", str(tiny_model))
    assert code == 0 and "WARNING: " in out and "were used to train this model" in out
    code, out, _ = run(capsys, "predict", str(data), "--model", str(tiny_model), "--json",
                       "--csv", str(tmp_path / "p.csv"))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 13
    bad = [r for r in records if "error" in r]
    assert len(bad) == 1 and bad[0]["path"].endswith("broken.jpg")
    good = [r for r in records if "error" not in r]
    assert all(set(r["probabilities"]) == {"Benign", "Early", "Pre", "Pro"} for r in good)
    assert len((tmp_path / "p.csv").read_text().splitlines()) == 14


def test_train_without_validation_part_says_what_it_was_scored_on(capsys: pytest.CaptureFixture,
                                                                   tmp_path: Path) -> None:
    """A split with no validation or test part (as the shipped model's) is scored on its
    training images: the summary must not call that validation accuracy."""
    from core.data.scan import scan
    from core.data.split import split_dataset, write_manifest

    data = make_dataset(tmp_path / "data", per_class=5)
    split = write_manifest(split_dataset(scan(data), fractions=(1.0, 0.0, 0.0), block_size=3),
                           tmp_path / "all.json")
    code, out, _ = run(capsys, "train", str(split), "--out", str(tmp_path / "m"), "--epochs", "1",
                       "--image-size", "32", "--batch-size", "8", "--no-backup")
    assert code == 0
    assert "training-image (no validation part) accuracy" in out and "validation accuracy" not in out
    card = json.loads((tmp_path / "m" / "model.json").read_text())
    assert card["metrics"]["val"]["n"] == 20 and "test" not in card["metrics"]
