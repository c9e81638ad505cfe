"""Issue #19, item 8: training says what it used, before it starts."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.model.bundle import load_bundle
from core.cli import main
from core.data.split import read_manifest
from tests.conftest import make_dataset


def test_missing_files_identical_images_and_small_classes_are_reported(tmp_path: Path,
                                                                       capsys) -> None:
    data = make_dataset(tmp_path / "data", per_class=12, size=32)
    manifest = tmp_path / "split.json"
    assert main(["-q", "split", str(data), "--out", str(manifest), "--block-size", "2"]) == 0
    entries = read_manifest(manifest).entries
    gone = [e for e in entries if e.label == "Early"][:3]
    for e in gone:
        (data / e.path).unlink()
    benign = sorted((data / "Benign").iterdir())
    shutil.copy(benign[0], data / "Pre" / "copy-of-benign.png")  # not listed: ignored
    pre = sorted(p for p in (data / "Pre").iterdir() if p.name != "copy-of-benign.png")
    shutil.copy(benign[1], pre[0])  # same bytes listed under Benign and Pre
    pro_train = [e for e in entries if e.label == "Pro" and e.split == "train"]
    for e in pro_train[2:]:
        (data / e.path).unlink()
    capsys.readouterr()
    code = main(["-q", "train", str(manifest), "--out", str(tmp_path / "m"), "--epochs", "1",
                 "--image-size", "32", "--batch-size", "8", "--no-backup"])
    err = capsys.readouterr().err
    assert code == 0, err
    n_missing = len(gone) + len(pro_train) - 2
    assert f"warning: {n_missing} of {len(entries)} listed image(s) are missing" in err
    assert "identical images under different classes" in err and pre[0].name in err
    assert "warning: class Pro has only 2 training image(s)" in err
    assert err.rindex("warning:") < err.index("epoch 1/1")  # said before training starts
    card = load_bundle(tmp_path / "m").card
    pre_report = card["dataset"]["preflight"]
    assert pre_report["used"] == len(entries) - n_missing
    assert pre_report["missing_count"] == n_missing
    assert sum(sum(c.values()) for c in card["dataset"]["counts"].values()) == pre_report["used"]
    assert card["dataset"]["counts"]["train"]["Pro"] == 2
