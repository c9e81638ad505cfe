"""Reliability and safety (issue #8): bad inputs, data integrity, atomic outputs, offline, audit.

Each bad file gets a message naming it and the reason, the rest of the batch goes on, and the
CLI exits non-zero only when nothing could be done, never with a traceback.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from core.inference.audit import AuditLog
from core.model.bundle import load_bundle
from core.cli import main
from core.data.scan import scan
from core.data.images import sha256_file
from core.inference.predictor import Predictor
from core.inference.result import Prediction
from tests.conftest import make_dataset, smear

REPO = Path(__file__).resolve().parents[2]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ROOT_SKIP = "runs as root: file permissions do not stop root, so chmod cannot simulate this"

# file name -> the words its reason must contain
BAD_FILES = {
    "zero.jpg": "empty file",
    "truncated.jpg": "truncated",
    "truncated.png": "truncated",
    "corrupt.jpg": "cannot read image",
    "corrupt.png": "cannot read image",
    "text.png": "not a readable image",
    "document.jpg": "not a readable image",
    "bomb.png": "too large",
}
ODD_GOOD_FILES = ("alpha.png", "palette.png", "grey16.tif", "float.tif", "cmyk.jpg", "one.png",
                  "exif.jpg", "L" * 246 + ".png", "deep 血.png")


def tree_hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): sha256_file(p)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["-q", *args])
    out, err = capsys.readouterr()
    return code, out, err


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and 'File "' not in err


def add_bad_files(folder: Path) -> None:
    """Every kind of bad file, next to valid files of every odd kind (good ones load fine)."""
    good = io.BytesIO()
    Image.fromarray(smear("Pro", 5)).save(good, "JPEG")
    jpg = good.getvalue()
    buf = io.BytesIO()
    Image.fromarray(smear("Pro", 6)).save(buf, "PNG")
    png = buf.getvalue()
    (folder / "zero.jpg").write_bytes(b"")
    (folder / "truncated.jpg").write_bytes(jpg[: len(jpg) // 2])
    (folder / "truncated.png").write_bytes(png[: len(png) // 2])
    broken = bytearray(jpg)
    broken[200:400] = np.random.default_rng(0).integers(0, 256, 200, dtype=np.uint8).tobytes()
    (folder / "corrupt.jpg").write_bytes(bytes(broken))
    broken = bytearray(png)
    broken[60:120] = b"\0" * 60
    (folder / "corrupt.png").write_bytes(bytes(broken))
    (folder / "text.png").write_text("hello, not an image")
    (folder / "document.jpg").write_bytes(b"%PDF-1.4 a document")
    Image.new("1", (20000, 20000)).save(folder / "bomb.png")  # ~50 kB on disk, 400 Mpx decoded


def add_odd_good_files(folder: Path) -> None:
    img = Image.fromarray(smear("Pro", 7))
    img.convert("RGBA").save(folder / "alpha.png")
    img.convert("P").save(folder / "palette.png")
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 65535, (40, 40)).astype(np.uint16)).save(folder / "grey16.tif")
    Image.fromarray(rng.random((40, 40)).astype(np.float32), mode="F").save(folder / "float.tif")
    img.convert("CMYK").save(folder / "cmyk.jpg")
    Image.new("RGB", (1, 1), (120, 90, 160)).save(folder / "one.png")
    rot = Image.fromarray(smear("Pro", 8, size=60)[:, :40])
    exif = rot.getexif()
    exif[0x0112] = 6
    rot.save(folder / "exif.jpg", exif=exif)
    img.save(folder / ("L" * 246 + ".png"))  # 250-character name
    deep = folder
    for i in range(25):
        deep = deep / f"nested folder {i} é"
    deep.mkdir(parents=True)
    img.save(deep / "deep 血.png")
    (folder / "loop").symlink_to(folder, target_is_directory=True)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Three good images per class plus every bad and odd file in Pro, an empty class folder
    and an unknown folder, under a path with spaces and unicode."""
    root = make_dataset(tmp_path / "mixed data é 血", per_class=3, classes=("Benign", "Pre", "Pro"))
    (root / "Early").mkdir()  # empty class
    (root / "Not a class").mkdir()
    (root / "Not a class" / "x.jpg").write_bytes(b"")
    add_bad_files(root / "Pro")
    add_odd_good_files(root / "Pro")
    return root


def assert_bad_files_named(text: str) -> None:
    lines = text.splitlines()
    for name, words in BAD_FILES.items():
        hits = [line for line in lines if f"{name}:" in line]
        assert hits, f"{name} not reported"
        assert words in hits[0], hits[0]


# ------------------------------------------------------------------ bad inputs through the CLI


def test_scan_mixed_folder(capsys: pytest.CaptureFixture, mixed: Path) -> None:
    code, out, err = run(capsys, "scan", str(mixed))
    assert code == 0
    no_traceback(err)
    assert_bad_files_named(out)
    assert "unknown folder ignored: Not a class" in out
    result = scan(mixed)
    assert result.counts == {"Benign": 3, "Early": 0, "Pre": 3, "Pro": 3 + len(ODD_GOOD_FILES)}


def test_predict_mixed_folder(capsys: pytest.CaptureFixture, mixed: Path, tiny_model: Path) -> None:
    code, out, err = run(capsys, "predict", str(mixed), "--model", str(tiny_model), "--json")
    assert code == 0
    no_traceback(err)
    records = [json.loads(line) for line in out.splitlines()]
    errors = {Path(r["path"]).name: r["error"] for r in records if "error" in r}
    for name, words in BAD_FILES.items():
        assert words in errors[name]
    good = [r for r in records if "error" not in r]
    assert {Path(r["path"]).name for r in good} >= set(ODD_GOOD_FILES)
    for r in good:  # a class with probabilities, or no result at all (unlike the training data)
        if r["label"] is None:
            assert r["result"] == "no result" and r["uncertain"] and r["probabilities"] is None
        else:
            assert abs(sum(r["probabilities"].values()) - 1) < 1e-4
    # the plain output names each bad file and its reason too
    code, out, err = run(capsys, "predict", str(mixed / "Pro"), "--model", str(tiny_model))
    assert code == 0
    assert all(f"{name}: ERROR" in out for name in BAD_FILES)
    # good files read "path: <full class name> <confidence>", the name said once, or
    # "path: NO RESULT (UNCERTAIN): <reasons>" with no class
    good = [line for line in out.splitlines() if "ERROR" not in line and line.strip()]
    assert good and all(re.search(r": (Benign \(hematogones\)|Early Pre-B ALL|Pre-B ALL|Pro-B ALL) "
                                  r"\d+\.\d%", line) or ": NO RESULT (UNCERTAIN): " in line
                        for line in good), out


def test_predict_exits_non_zero_only_when_nothing_worked(
        capsys: pytest.CaptureFixture, tmp_path: Path, tiny_model: Path) -> None:
    bad = tmp_path / "only bad"
    bad.mkdir()
    add_bad_files(bad)
    code, out, err = run(capsys, "predict", str(bad), "--model", str(tiny_model))
    assert code == 1
    no_traceback(err)
    assert all(f"{name}: ERROR" in out for name in BAD_FILES)
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "predict", str(empty), "--model", str(tiny_model))
    assert code == 2 and "no image files" in err
    no_traceback(err)


def test_evaluate_mixed_folder(capsys: pytest.CaptureFixture, mixed: Path, tiny_model: Path) -> None:
    code, out, err = run(capsys, "evaluate", str(mixed), "--model", str(tiny_model))
    assert code == 0
    no_traceback(err)
    assert f"{9 + len(ODD_GOOD_FILES)} images" in out
    assert_bad_files_named(err)


def test_evaluate_all_unreadable(capsys: pytest.CaptureFixture, tmp_path: Path,
                                 tiny_model: Path) -> None:
    (tmp_path / "d" / "Pro").mkdir(parents=True)
    add_bad_files(tmp_path / "d" / "Pro")
    code, _, err = run(capsys, "evaluate", str(tmp_path / "d"), "--model", str(tiny_model))
    assert code == 2 and "no readable labelled images" in err
    no_traceback(err)


def test_balance_mixed_folder(capsys: pytest.CaptureFixture, mixed: Path, tmp_path: Path) -> None:
    before = tree_hashes(mixed)
    code, out, err = run(capsys, "balance", str(mixed), str(tmp_path / "out"), "--target", "20")
    assert code == 0
    no_traceback(err)
    assert_bad_files_named(out)
    assert tree_hashes(mixed) == before
    counts = {c: len(list((tmp_path / "out" / c).iterdir())) for c in ("Benign", "Pre", "Pro")}
    assert counts == {"Benign": 20, "Pre": 20, "Pro": 20}
    assert not (tmp_path / "out" / "Early").exists()


def test_balance_with_250_character_names(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    src = make_dataset(tmp_path / "src", per_class=2, classes=("Pro",))
    (src / "Benign").mkdir()
    long_name = "é" + "x" * 249 + ".png"  # 251 characters, 252 bytes
    Image.fromarray(smear("Benign", 1)).save(src / "Benign" / long_name)
    code, out, err = run(capsys, "balance", str(src), str(tmp_path / "out"), "--target", "3")
    assert code == 0, err
    names = [p.name for p in (tmp_path / "out" / "Benign").iterdir()]
    assert len(names) == 3 and long_name in names
    assert all(len(n.encode()) <= 255 for n in names)
    sources = json.loads((tmp_path / "out" / "balance.json").read_text())["sources"]
    assert {sources[f"Benign/{n}"] for n in names} == {f"Benign/{long_name}"}


def test_one_class_dataset(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "d", per_class=3, classes=("Pre",))
    code, out, _ = run(capsys, "scan", str(data))
    assert code == 0 and "3 readable images" in out
    code, _, err = run(capsys, "balance", str(data), str(tmp_path / "b"), "--target", "4")
    assert code == 0, err
    code, _, err = run(capsys, "train", str(data), "--out", str(tmp_path / "m"), "--epochs", "1",
                       "--image-size", "32")
    assert code == 2 and "at least two classes" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "m").exists()


def test_unknown_class_folders_only(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    make_dataset(tmp_path / "d", per_class=1, names={c: f"folder {c}x" for c in
                                                     ("Benign", "Early", "Pre", "Pro")})
    for command in ("scan", "dedup"):
        code, _, err = run(capsys, command, str(tmp_path / "d"))
        assert code == 2 and "no class folders found" in err
        no_traceback(err)


def test_missing_and_non_folder_inputs(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    for args in (["scan", str(tmp_path / "nope é")], ["scan", str(tmp_path / "file.txt")],
                 ["balance", str(tmp_path / "file.txt"), str(tmp_path / "o")],
                 ["train", str(tmp_path / "nope"), "--out", str(tmp_path / "m")]):
        code, _, err = run(capsys, *args)
        assert code == 2 and len(err.strip().splitlines()) == 1
        no_traceback(err)


def test_unlistable_subfolder_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                          capsys: pytest.CaptureFixture) -> None:
    data = make_dataset(tmp_path / "d", per_class=2)
    locked = data / "Pro" / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(locked))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, _ = run(capsys, "scan", str(data))
    assert code == 0
    assert f"skipped {locked}: cannot list folder (Permission denied)" in out


@pytest.mark.skipif(AS_ROOT, reason=ROOT_SKIP)
def test_unreadable_subfolder_really_chmod(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "d", per_class=2)
    locked = data / "Pro" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = scan(data)
    finally:
        locked.chmod(0o755)
    assert any(p == locked and "cannot list folder" in r for p, r in result.bad_files)


# ------------------------------------------------------------------ disk full, permissions


def _partials(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".partial-" in p.name or ".old-" in p.name]


def test_balance_disk_full_is_reported_and_leaves_nothing(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    import core.data.balance

    src = make_dataset(tmp_path / "src", per_class=3)
    before = tree_hashes(src)
    calls = {"n": 0}
    real_copy = core.data.balance.shutil.copy2

    def copy2(a: Path, b: Path) -> object:
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(b))
        return real_copy(a, b)

    monkeypatch.setattr(core.data.balance.shutil, "copy2", copy2)
    code, _, err = run(capsys, "balance", str(src), str(tmp_path / "out"), "--target", "5")
    assert code == 1
    assert "No space left on device" in err and len(err.strip().splitlines()) == 1
    no_traceback(err)
    assert not (tmp_path / "out").exists() and not _partials(tmp_path)
    assert tree_hashes(src) == before


def test_balance_into_read_only_parent_simulated(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    import core.fileutil

    src = make_dataset(tmp_path / "src", per_class=2)
    parent = tmp_path / "read-only"
    parent.mkdir()

    def mkdtemp(prefix: str = "", dir: str | None = None, **_: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(dir))

    monkeypatch.setattr(core.fileutil.tempfile, "mkdtemp", mkdtemp)
    code, _, err = run(capsys, "balance", str(src), str(parent / "out"), "--target", "3")
    assert code == 1
    assert str(parent) in err and "Permission denied" in err
    no_traceback(err)
    assert list(parent.iterdir()) == []


@pytest.mark.skipif(AS_ROOT, reason=ROOT_SKIP)
def test_balance_into_read_only_parent_really_chmod(capsys: pytest.CaptureFixture,
                                                    tmp_path: Path) -> None:
    src = make_dataset(tmp_path / "src", per_class=2)
    parent = tmp_path / "read-only"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        code, _, err = run(capsys, "balance", str(src), str(parent / "out"), "--target", "3")
    finally:
        parent.chmod(0o755)
    assert code == 1 and "Permission denied" in err
    no_traceback(err)


def test_training_that_fails_while_saving_keeps_the_old_model(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tiny_model: Path) -> None:
    import shutil

    import core.model.bundle
    from core.training.train import TrainConfig, train

    data = make_dataset(tmp_path / "d", per_class=4)
    out = tmp_path / "models" / "current"
    shutil.copytree(tiny_model, out)
    old = tree_hashes(out)
    source = tree_hashes(data)

    def disk_full(path: Path) -> str:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    # the Keras file is already written in the work folder when the hashing step fails
    monkeypatch.setattr(core.model.bundle, "sha256_file", disk_full)
    with pytest.raises(OSError, match="No space left"):
        train(data, out, TrainConfig(epochs=1, image_size=32, batch_size=8, block_size=2,
                                     export_onnx=False))
    monkeypatch.undo()
    assert tree_hashes(out) == old
    load_bundle(out)
    assert not _partials(out.parent) and sorted(p.name for p in out.parent.iterdir()) == ["current"]
    assert tree_hashes(data) == source


def test_stale_partial_folders_of_dead_processes_are_cleaned(tmp_path: Path) -> None:
    from core.fileutil import make_partial_dir

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".out.partial-{dead}-abc"
    stale.mkdir()
    mine = make_partial_dir(tmp_path / "out")  # this process is alive: its folder stays
    other_alive = tmp_path / f".out.partial-{os.getppid()}-xyz"
    other_alive.mkdir()
    again = make_partial_dir(tmp_path / "out")
    assert not stale.exists() and mine.exists() and other_alive.exists() and again.exists()


# ------------------------------------------------------------------ offline + never alter data


def test_offline_and_sources_untouched(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    """scan, balance, train (1 epoch), evaluate and predict with every socket refused; every
    source file keeps its SHA-256."""
    data = make_dataset(tmp_path / "data", per_class=4)
    before = tree_hashes(data)
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    model = tmp_path / "model"
    steps = [["scan", str(data)],
             ["balance", str(data), str(tmp_path / "bal"), "--target", "6"],
             ["train", str(tmp_path / "bal"), "--out", str(model), "--epochs", "1",
              "--image-size", "32", "--batch-size", "8"],
             ["evaluate", str(data), "--model", str(model), "--json", str(tmp_path / "e.json")],
             ["predict", str(data), "--model", str(model), "--csv", str(tmp_path / "p.csv"),
              "--audit", str(tmp_path / "audit.jsonl")]]
    for args in steps:
        code, _, err = run(capsys, *args)
        assert code == 0, (args, err)
        assert tree_hashes(data) == before, args
    assert attempts == []
    assert len(AuditLog(tmp_path / "audit.jsonl").read()) == 16


# ------------------------------------------------------------------ kill -9


def _wait_for(predicate, proc: subprocess.Popen, timeout: float = 60) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        if proc.poll() is not None:
            return predicate()
        time.sleep(0.01)
    return False


def _kill_when(predicate, proc: subprocess.Popen) -> None:
    """SIGKILL ``proc`` once ``predicate()`` holds; fail (with its stderr) if it never does."""
    try:
        started = _wait_for(predicate, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert started, proc.stderr.read().decode() if proc.stderr else ""


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra.get("PYTHONPATH"), str(REPO)]))
    return env


def test_balance_killed_leaves_no_half_folder(tmp_path: Path) -> None:
    src = make_dataset(tmp_path / "src", per_class=3)
    before = tree_hashes(src)
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "core", "-q", "balance", str(src), str(out),
                             "--target", "3000"], cwd=REPO, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def some_written() -> bool:
        return any(sum(1 for _ in p.rglob("*.png")) > 40 for p in tmp_path.glob(".out.partial-*"))

    _kill_when(some_written, proc)
    if out.exists():  # it finished before the kill: then it must be complete
        marker = json.loads((out / "balance.json").read_text())
        assert marker["counts_after"] == {c: 3000 for c in marker["counts_after"]}
    assert tree_hashes(src) == before
    # the next run removes the killed run's work folder and completes
    from core.data.balance import balance

    result = balance(src, out, target=4)
    assert result.counts_after == {"Benign": 4, "Early": 4, "Pre": 4, "Pro": 4}
    assert not _partials(tmp_path)


SLOW_FSYNC = """
import os, time
_fsync = os.fsync
def _slow_fsync(fd):
    time.sleep(0.01)  # slow the audit log down so the kill lands mid-run
    return _fsync(fd)
os.fsync = _slow_fsync
"""


def test_audit_log_survives_kill(tmp_path: Path, tiny_model: Path) -> None:
    images = tmp_path / "images é"
    images.mkdir()
    for i in range(200):
        Image.fromarray(smear(("Benign", "Early", "Pre", "Pro")[i % 4], i, 32)).save(
            images / f"cell {i:03d} 血.png")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SLOW_FSYNC)
    log = tmp_path / "audit.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "core", "-q", "predict", str(images), "--model",
                             str(tiny_model), "--audit", str(log)], cwd=REPO,
                            env=_env(PYTHONPATH=str(hooks)), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)

    def some_lines() -> bool:
        return log.is_file() and log.read_bytes().count(b"\n") >= 20

    _kill_when(some_lines, proc)
    assert proc.returncode == -signal.SIGKILL
    raw = log.read_bytes().split(b"\n")
    complete, tail = raw[:-1], raw[-1]  # every newline-terminated line was fsynced whole
    assert 20 <= len(complete) < 200
    bundle = load_bundle(tiny_model)
    records = [json.loads(line.decode("utf-8")) for line in complete]
    for rec in records:
        path = Path(rec["path"])
        assert rec["sha256"] == sha256_file(path)
        assert rec["model_checksum"] == bundle.checksum and rec["model_id"] == bundle.model_id
        if rec["label"] is None:  # no result: unlike the training images
            assert rec["uncertain"] is True and rec["probabilities"] is None
        else:
            assert rec["label"] in bundle.card["classes"]
            assert abs(sum(rec["probabilities"].values()) - 1) < 1e-4
    assert AuditLog(log).read() == records + ([json.loads(tail)] if tail.strip() else [])


def test_audit_appends_after_a_torn_line(tmp_path: Path) -> None:
    img = tmp_path / "é.png"
    Image.fromarray(smear("Pro", 1)).save(img)
    log = AuditLog(tmp_path / "audit.jsonl")
    pred = Prediction(str(img), "Pro", {"Benign": 0.1, "Early": 0.1, "Pre": 0.1, "Pro": 0.7}, 0.7,
                      False)
    first = log.record(pred, model_id="m", model_checksum="c" * 64)
    line = log.path.read_bytes()
    # a crash mid-write: half a record, cut inside a two-byte character, no newline
    cut = line.index("é".encode()) + 1
    with open(log.path, "ab") as fh:
        fh.write(line[:cut])
    second = log.record(pred, model_id="m", model_checksum="c" * 64)
    assert log.read() == [first, second]
    assert first["sha256"] == hashlib.sha256(img.read_bytes()).hexdigest()


# ------------------------------------------------------------------ property test


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rgb=arrays(np.uint8, st.tuples(st.integers(1, 64), st.integers(1, 64), st.just(3))))
def test_any_rgb_array_gives_valid_probabilities(tiny_model: Path, rgb: np.ndarray) -> None:
    pred = _predictor(tiny_model).predict_array(rgb)
    probs = np.array(list(pred.probabilities.values()))
    assert pred.error is None and pred.top_class in pred.probabilities
    assert pred.label == (None if pred.no_result else pred.top_class)  # no class, or its class
    assert np.isfinite(probs).all() and (probs >= 0).all() and (probs <= 1).all()
    assert abs(probs.sum() - 1) < 1e-5 and pred.confidence == pytest.approx(probs.max())


_PREDICTORS: dict[Path, Predictor] = {}


def _predictor(model: Path) -> Predictor:
    if model not in _PREDICTORS:
        _PREDICTORS[model] = Predictor(model)
    return _PREDICTORS[model]
