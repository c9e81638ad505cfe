"""Classifying large folders (issue #10): results written record by record, a killed run
resumed with no image missing or repeated, and streamed training inputs sharded by file."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from core.cli import main
from core.training.pipeline import shard_items
from core.data.scan import scan
from tests.conftest import make_dataset, smear
from tests.core.test_reliability import REPO, _env, _kill_when

SLOW_DECODE = """
import time
from PIL import Image
_open = Image.open
def _slow_open(*a, **k):
    time.sleep(0.01)  # slow decoding down so the kill lands mid-run
    return _open(*a, **k)
Image.open = _slow_open
"""


def _images(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True)
    out = []
    for i in range(n):
        p = folder / f"field {i:04d}.png"
        Image.fromarray(smear(("Benign", "Early", "Pre", "Pro")[i % 4], i, 32)).save(p)
        out.append(p)
    return out


def _csv_paths(path: Path) -> list[str]:
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    assert rows[0][:2] == ["path", "label"]
    return [r[0] for r in rows[1:]]


def test_killed_predict_resumes_without_gaps_or_repeats(
        tmp_path: Path, tiny_model: Path, capsys: pytest.CaptureFixture) -> None:
    images = _images(tmp_path / "images", 300)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SLOW_DECODE)
    out = tmp_path / "results.csv"
    cmd = ["predict", str(tmp_path / "images"), "--model", str(tiny_model), "--csv", str(out)]
    proc = subprocess.Popen([sys.executable, "-m", "core", "-q", *cmd], cwd=REPO,
                            env=_env(PYTHONPATH=str(hooks)), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)

    def some_rows() -> bool:
        return out.is_file() and out.read_bytes().count(b"\n") > 40

    _kill_when(some_rows, proc)
    assert proc.returncode == -signal.SIGKILL
    before = _csv_paths(out) if out.read_bytes().endswith(b"\n") else None
    if before is not None:  # the partial file is valid CSV as it stands
        assert 40 <= len(before) < 300
    code = main(["-q", *cmd, "--resume"])
    _, err = capsys.readouterr()
    assert code == 0, err
    assert "already done" in err
    done = _csv_paths(out)
    assert sorted(done) == sorted(map(str, images))  # none missing, none repeated
    assert len(done) == len(set(done)) == 300


def test_jsonl_resume_drops_a_torn_line(tmp_path: Path, tiny_model: Path,
                                        capsys: pytest.CaptureFixture) -> None:
    images = _images(tmp_path / "images", 12)
    out = tmp_path / "r.jsonl"
    code = main(["-q", "predict", *map(str, images[:5]), "--model", str(tiny_model),
                 "--jsonl", str(out)])
    assert code == 0
    capsys.readouterr()
    with open(out, "ab") as fh:
        fh.write(b'{"path": "' + str(images[5]).encode()[:10])  # a record cut by a kill
    code = main(["-q", "predict", str(tmp_path / "images"), "--model", str(tiny_model),
                 "--jsonl", str(out), "--resume"])
    stdout, err = capsys.readouterr()
    assert code == 0 and "5 of 12 image(s) already done" in err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in records] == [str(p) for p in images]
    assert len(stdout.strip().splitlines()) == 7  # only the new ones are classified
    # everything done: nothing to do is success
    assert main(["-q", "predict", str(tmp_path / "images"), "--model", str(tiny_model),
                 "--jsonl", str(out), "--resume"]) == 0


def test_resume_needs_a_results_file(tmp_path: Path, tiny_model: Path,
                                     capsys: pytest.CaptureFixture) -> None:
    _images(tmp_path / "images", 1)
    code = main(["-q", "predict", str(tmp_path / "images"), "--model", str(tiny_model),
                 "--resume"])
    assert code == 2 and "--resume needs" in capsys.readouterr().err


def test_shards_split_by_file_with_equal_lengths(tmp_path: Path) -> None:
    items = scan(make_dataset(tmp_path / "d", per_class=5)).items  # 20 files
    shards = [shard_items(items, 3, i) for i in range(3)]
    assert {len(paths) for paths, _ in shards} == {7}
    real = [p for paths, _ in shards for p in paths if p]
    assert len(real) == len(set(real)) == 20  # every file in exactly one shard
    assert sum(1 for paths, _ in shards for p in paths if not p) == 1  # one padding slot
