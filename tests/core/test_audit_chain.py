"""The audit log is a hash chain (issue #19, item 3): ``leukemia audit verify LOG`` names the
first edited, inserted, reordered or missing record and exits 1; an intact log is one OK line;
older logs without the chain are reported as unchained; concurrent writers and the recovery
from a line torn by a crash keep the chain whole."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest

from core.inference.audit import GENESIS, AuditLog, canonical_bytes, verify_log
from core.cli import main
from core.inference.result import Prediction

PROBS = {"Benign": 0.1, "Early": 0.1, "Pre": 0.1, "Pro": 0.7}


def _pred(path: Path | str | None, label: str = "Pro") -> Prediction:
    return Prediction(str(path) if path else None, label, PROBS, 0.7, False)


def _write(log: AuditLog, n: int, tmp_path: Path) -> list[dict]:
    img = tmp_path / "img.png"
    img.write_bytes(b"not really an image, hashed only")
    return [log.record(_pred(img), model_id=f"m{i}", model_checksum="c" * 64) for i in range(n)]


def _verify(capsys: pytest.CaptureFixture, log: Path) -> tuple[int, str, str]:
    code = main(["-q", "audit", "verify", str(log)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def _set_lines(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def test_records_carry_seq_prev_and_hash(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    recs = _write(log, 3, tmp_path)
    assert [r["seq"] for r in recs] == [1, 2, 3]
    assert recs[0]["prev"] == GENESIS
    for before, rec in zip(recs, recs[1:]):
        assert rec["prev"] == before["hash"]
    for rec in recs:  # the definition in core.inference.audit's docstring, computed independently
        body = {k: v for k, v in rec.items() if k != "hash"}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert rec["hash"] == hashlib.sha256(text.encode()).hexdigest()
        assert canonical_bytes(rec) == text.encode()
    assert log.read() == recs


def test_intact_log_is_one_ok_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 5, tmp_path)
    code, out, _ = _verify(capsys, log.path)
    assert code == 0
    assert out.count("\n") == 1 and out.startswith("OK:") and "5 record(s)" in out


@pytest.mark.parametrize("fault,line,words", [
    ("edit", 3, "edited"),
    ("edit_last", 5, "edited"),
    ("delete", 3, "missing"),
    ("insert_copy", 4, "inserted or out of order"),
    ("insert_forged", 3, "does not chain"),
    ("swap", 2, "out of order"),
    ("garbage", 3, "not a line torn by a crash"),
    ("unchained_inserted", 3, "without the hash chain"),
])
def test_tampering_is_named_by_line(tmp_path: Path, capsys: pytest.CaptureFixture,
                                    fault: str, line: int, words: str) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    recs = _write(log, 5, tmp_path)
    lines = _lines(log.path)
    if fault == "edit":  # a reviewer "fixes" a label; the hash is left as it was
        lines[2] = lines[2].replace(b'"label": "Pro"', b'"label": "Benign"')
    elif fault == "edit_last":
        lines[4] = lines[4].replace(b'"model_id": "m4"', b'"model_id": "other"')
    elif fault == "delete":
        del lines[2]
    elif fault == "insert_copy":  # a duplicate of record 3 after it
        lines.insert(3, lines[2])
    elif fault == "insert_forged":  # a new record with a correct hash of its own
        forged = {**recs[2], "model_id": "forged", "prev": recs[0]["hash"]}
        forged["hash"] = hashlib.sha256(canonical_bytes(forged)).hexdigest()
        lines.insert(2, json.dumps(forged).encode())
    elif fault == "swap":
        lines[1], lines[2] = lines[2], lines[1]
    elif fault == "garbage":
        lines.insert(2, b"not json at all")
    elif fault == "unchained_inserted":
        old = {k: v for k, v in recs[1].items() if k not in ("seq", "prev", "hash")}
        lines.insert(2, json.dumps(old).encode())
    _set_lines(log.path, lines)
    code, out, _ = _verify(capsys, log.path)
    assert code == 1, out
    assert out.count("\n") == 1 and out.startswith("ALTERED:")
    assert f"line {line}:" in out and words in out, out
    assert verify_log(log.path).altered_line == line


def test_reordering_whole_log_and_removing_the_first(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 4, tmp_path)
    lines = _lines(log.path)
    _set_lines(log.path, lines[1:])
    code, out, _ = _verify(capsys, log.path)
    assert code == 1 and "line 1:" in out and "missing" in out
    _set_lines(log.path, list(reversed(lines)))
    code, out, _ = _verify(capsys, log.path)
    assert code == 1 and "line 1:" in out


def test_older_unchained_log_is_reported_not_refused(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "old.jsonl"
    old = [{"time": "2026-01-01T00:00:00+00:00", "path": f"/x/{i}.png", "label": "Pro"}
           for i in range(3)]
    # an older log, with a torn line the old writer recovered from
    path.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in old[:2]) + b'{"time": "20'
                     + b"\n" + json.dumps(old[2]).encode() + b"\n")
    code, out, _ = _verify(capsys, path)
    assert code == 3 and out.startswith("UNCHAINED:") and "3 record(s)" in out, out
    assert "Traceback" not in out
    # new records chain after the old ones; the old part is counted, not verified
    log = AuditLog(path)
    new = _write(log, 2, tmp_path)
    assert new[0]["seq"] == 1 and new[0]["prev"] == GENESIS
    code, out, _ = _verify(capsys, path)
    assert code == 0 and out.startswith("OK:") and "2 record(s)" in out
    assert "3 older unchained record(s)" in out, out
    check = verify_log(path)
    assert (check.chained, check.unchained, check.records) == (2, 3, 5)
    assert len(log.read()) == 5


def test_torn_line_is_reported_and_the_next_record_chains_to_the_last_complete(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    first = _write(log, 2, tmp_path)
    whole = _lines(log.path)[1]
    cut = whole[: len(whole) // 2]
    with open(log.path, "ab") as fh:
        fh.write(cut)  # a crash mid-write: half a record, no newline
    code, out, _ = _verify(capsys, log.path)  # before recovery: reported, chain intact
    assert code == 0 and "torn by a crash (line 3)" in out, out
    nxt = log.record(_pred(tmp_path / "img.png"), model_id="after", model_checksum="c" * 64)
    assert nxt["seq"] == 3 and nxt["prev"] == first[1]["hash"]
    assert nxt["torn_sha256"] == [hashlib.sha256(cut).hexdigest()]
    assert log.read() == [*first, nxt]
    code, out, _ = _verify(capsys, log.path)
    assert code == 0 and "3 record(s)" in out and "torn by a crash (line 3)" in out, out
    # the torn line is pinned: editing it is tampering
    lines = _lines(log.path)
    lines[2] = lines[2][:-3] + b"xyz"
    _set_lines(log.path, lines)
    code, out, _ = _verify(capsys, log.path)
    assert code == 1 and "line 3:" in out


def test_crash_during_the_recovery_write_keeps_the_chain(tmp_path: Path) -> None:
    """Torn again while writing the record after a torn line: both torn lines are pinned."""
    log = AuditLog(tmp_path / "audit.jsonl")
    first = _write(log, 1, tmp_path)
    with open(log.path, "ab") as fh:
        fh.write(b'{"time": "torn one')
        fh.write(b'\n{"time": "torn two')  # the recovery's new line, cut again
    nxt = log.record(_pred(None), model_id="x", model_checksum="c" * 64)
    assert nxt["prev"] == first[0]["hash"] and len(nxt["torn_sha256"]) == 2
    check = verify_log(log.path)
    assert check.ok and check.chained == 2 and check.torn_lines == [2, 3]


def test_concurrent_writers_keep_one_chain(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """Eight threads, each with its own AuditLog on the same file (as the Classify tab's drop
    path and its batch worker are), 25 records each: one unbroken chain of 200."""
    path = tmp_path / "audit.jsonl"
    img = tmp_path / "img.png"
    img.write_bytes(b"x")
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        log = AuditLog(path)
        try:
            for i in range(25):
                log.record(_pred(img), model_id=f"t{k}-{i}", model_checksum="c" * 64)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    recs = AuditLog(path).read()
    assert [r["seq"] for r in recs] == list(range(1, 201))
    code, out, _ = _verify(capsys, path)
    assert code == 0 and "200 record(s)" in out


def test_incremental_check_continues_and_falls_back_when_the_file_changed(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    _write(log, 3, tmp_path)
    first = verify_log(log.path)
    _write(log, 2, tmp_path)
    later = verify_log(log.path, since=first)
    assert later.ok and later.chained == 5 and later.head == verify_log(log.path).head
    lines = _lines(log.path)
    # an edit that moves the records checked before: the incremental check starts over
    _set_lines(log.path, [lines[0].replace(b'"m0"', b'"m0 changed"'), *lines[1:]])
    assert verify_log(log.path, since=later).altered_line == 1
    # one that keeps every offset is only seen by a full check (the app runs one at start-up
    # and whenever the log is chosen)
    _set_lines(log.path, [lines[0].replace(b'"m0"', b'"mX"'), *lines[1:]])
    assert verify_log(log.path, since=later).ok
    assert verify_log(log.path).altered_line == 1


def test_control_characters_and_undecodable_names_are_escaped_in_the_log(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    rec = log.record(_pred("/data/a\x1b[2Jb\nc\udcff.png"), model_id="m", model_checksum="c")
    assert rec["path"] == "/data/a\\x1b[2Jb\\nc\\xff.png"
    assert verify_log(log.path).ok and log.read() == [rec]


def test_verify_of_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, err = _verify(capsys, tmp_path / "nope.jsonl")
    assert code == 2 and "audit log not found" in err and err.count("\n") == 1


def test_verify_of_a_folder_or_fifo_is_exit_2_not_altered(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    import os

    code, _, err = _verify(capsys, tmp_path)
    assert code == 2 and "cannot read the audit log" in err and err.count("\n") == 1
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.jsonl"
        os.mkfifo(fifo)
        code, _, err = _verify(capsys, fifo)  # never opened: reading a FIFO would block
        assert code == 2 and "not a regular file" in err


def test_a_killed_writer_leaves_a_log_that_verifies(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    """``predict --audit`` SIGKILLed mid-run (fsync slowed so the kill lands between and
    inside records): the log verifies, a torn tail is reported, and the next run's records
    chain on from the last complete one."""
    import signal
    import subprocess
    import sys

    from PIL import Image

    from tests.conftest import smear
    from tests.core.test_reliability import REPO, SLOW_FSYNC, _env, _kill_when

    images = tmp_path / "images"
    images.mkdir()
    for i in range(120):
        Image.fromarray(smear(("Benign", "Early", "Pre", "Pro")[i % 4], i, 32)).save(
            images / f"cell {i:03d}.png")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SLOW_FSYNC)
    log = tmp_path / "audit.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "core", "-q", "predict", str(images),
                             "--audit", str(log)], cwd=REPO, env=_env(PYTHONPATH=str(hooks)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _kill_when(lambda: log.is_file() and log.read_bytes().count(b"\n") >= 15, proc)
    assert proc.returncode == -signal.SIGKILL
    first = verify_log(log)
    assert first.ok and 15 <= first.chained < 120
    code, out, _ = _verify(capsys, log)
    assert code == 0 and f"{first.chained} record(s)" in out
    assert main(["-q", "predict", str(images / "cell 000.png"), "--audit", str(log)]) == 0
    capsys.readouterr()
    after = verify_log(log)
    assert after.ok and after.chained == first.chained + 1 and after.seq == first.seq + 1
