"""Distributed training (issue #10): TF_CONFIG roles, a real two-worker
MultiWorkerMirroredStrategy run on 127.0.0.1, and a killed training resumed from its backup."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.model.bundle import load_bundle
from core.cli import main
from core.training.distribute import DistributeError, task_info
from core.inference.predictor import Predictor
from core.training.loop import default_backup_dir, read_backup
from tests.conftest import make_dataset, smear
from tests.core.test_reliability import REPO, _env, _kill_when


def _tf_config(ports: list[int], index: int) -> str:
    return json.dumps({"cluster": {"worker": [f"127.0.0.1:{p}" for p in ports]},
                       "task": {"type": "worker", "index": index}})


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def test_task_info_from_tf_config() -> None:
    assert task_info({}).is_chief and task_info({}).num_workers == 1
    two = {"TF_CONFIG": _tf_config([1, 2], 1)}
    info = task_info(two)
    assert (info.num_workers, info.worker_rank, info.is_chief) == (2, 1, False)
    with_chief = {"TF_CONFIG": json.dumps({"cluster": {"chief": ["a:1"], "worker": ["b:1"]},
                                           "task": {"type": "worker", "index": 0}})}
    info = task_info(with_chief)
    assert (info.num_workers, info.worker_rank, info.is_chief) == (2, 1, False)
    for bad in ("{not json", json.dumps({"cluster": {"worker": ["a:1"]},
                                         "task": {"type": "ps", "index": 0}}),
                json.dumps({"cluster": {"worker": ["a:1"]}, "task": {"type": "worker", "index": 3}})):
        with pytest.raises(DistributeError):
            task_info({"TF_CONFIG": bad})


def test_multi_worker_without_tf_config_is_a_one_line_error(
        capsys: pytest.CaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TF_CONFIG", raising=False)
    data = make_dataset(tmp_path / "d", per_class=2)
    code = main(["-q", "train", str(data), "--out", str(tmp_path / "m"), "--strategy",
                 "multi-worker", "--epochs", "1", "--image-size", "32"])
    err = capsys.readouterr().err
    assert code == 2 and "TF_CONFIG" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "m").exists()


def test_two_workers_train_one_bundle(tmp_path: Path) -> None:
    """Two local processes under MultiWorkerMirroredStrategy: both finish the epoch, the chief
    alone writes one bundle, and that bundle classifies."""
    data = make_dataset(tmp_path / "data", per_class=6)
    out = tmp_path / "models" / "mw"
    ports = _free_ports(2)
    procs = [subprocess.Popen(
        [sys.executable, "-m", "core", "-q", "train", str(data), "--out", str(out), "--strategy",
         "multi-worker", "--epochs", "1", "--image-size", "32", "--batch-size", "4",
         "--seed", "1"], cwd=REPO, env=_env(TF_CONFIG=_tf_config(ports, i)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
    try:
        outs = [p.communicate(timeout=300) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p, (_stdout, stderr) in zip(procs, outs):
        assert p.returncode == 0, stderr[-3000:]
    assert "saved" in outs[0][0] and "1 epochs" in outs[0][0]
    assert "worker finished 1 epoch(s)" in outs[1][0]
    # exactly one bundle, no half-written or backup folders left beside it
    assert sorted(p.name for p in out.parent.iterdir()) == ["mw"]
    card = load_bundle(out).card
    assert card["training"]["distribution"] == {
        "strategy": "multi-worker", "replicas": 2, "workers": 2, "per_replica_batch_size": 4,
        "global_batch_size": 8, "learning_rate_scale": 2,
        "effective_learning_rate": pytest.approx(card["training"]["learning_rate"] * 2)}
    assert card["training"]["epochs_run"] == 1
    pred = Predictor(out).predict_array(smear("Pro", 3, 48))
    assert pred.error is None and abs(sum(pred.probabilities.values()) - 1) < 1e-5


def test_killed_training_resumes_from_its_backup(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = make_dataset(tmp_path / "data", per_class=6)
    out = tmp_path / "model"
    args = ["train", str(data), "--out", str(out), "--epochs", "3", "--image-size", "32",
            "--batch-size", "8", "--seed", "3"]
    backup = default_backup_dir(out)
    proc = subprocess.Popen([sys.executable, "-m", "core", "-q", *args], cwd=REPO, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def one_epoch_backed_up() -> bool:
        info = read_backup(backup)
        return info is not None and info.epochs_done >= 1

    _kill_when(one_epoch_backed_up, proc)
    assert not out.exists(), "finished before the kill; the test needs a slower run"
    done = read_backup(backup).epochs_done  # type: ignore[union-attr]
    assert 1 <= done < 3
    code = main(["-q", *args])  # the same command again
    stdout, err = capsys.readouterr()
    assert code == 0, err
    assert f"resumed after epoch(s) {done}" in stdout
    card = load_bundle(out).card
    training = card["training"]
    assert training["resumed"] is True and training["resumed_from_epochs"] == [done]
    assert training["epochs_run"] == 3 and len(card["history"]["loss"]) == 3
    assert not backup.exists()  # removed once the bundle is saved
    probs = Predictor(out).predict_array(smear("Benign", 1, 48)).probabilities
    assert np.isclose(sum(probs.values()), 1, atol=1e-5)


def test_backup_for_other_settings_is_not_resumed(tmp_path: Path) -> None:
    from core.training.train import TrainConfig, train

    data = make_dataset(tmp_path / "d", per_class=4)
    backup = tmp_path / "bk"
    base = dict(epochs=2, image_size=32, batch_size=8, block_size=2, export_onnx=False,
                backup_dir=str(backup))
    reports: list = []

    def stop() -> bool:  # cancel at the end of the first epoch: the backup is kept
        return any(r.stage == "epoch" for r in reports)

    with pytest.raises(Exception, match="cancelled"):
        train(data, tmp_path / "m", TrainConfig(**base), progress=reports.append, should_stop=stop)
    info = read_backup(backup)
    assert info is not None and info.epochs_done == 1 and info.epochs == 2
    assert info.config["image_size"] == 32  # the GUI can offer "resume" with these settings
    result = train(data, tmp_path / "m", TrainConfig(**{**base, "seed": 7}))
    assert result.card["training"]["resumed"] is False and result.epochs_run == 2
    assert not backup.exists()
