"""Reliability and safety in the GUI (issue #8): a whole session offline, no stray threads
after many cancel/restart rounds, bad files dropped, untrusted models opened, write failures
shown as messages (never a traceback) with nothing half-written.

The bad-file and untrusted-model builders are the core tests' own (tests/core).
"""

from __future__ import annotations

import errno
import json
import os
import pickle
import socket
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from core.data.images import sha256_file
from core.progress import Progress, check_stop
from leukemia_gui.main_window import MainWindow
from leukemia_gui.worker import Worker
from tests.conftest import make_dataset
from tests.core.test_reliability import (AS_ROOT, BAD_FILES, ODD_GOOD_FILES, ROOT_SKIP,  # noqa: F401
                                         mixed, tree_hashes)
from tests.core.test_untrusted_models import _copy, _lambda_model, _rewrite_card
from tests.gui.conftest import drop, fill_tiny_training


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Message boxes shown, by kind; none of them opens (critical is the traceback dialog)."""
    shown: dict[str, list[str]] = {"critical": [], "warning": [], "information": []}
    for kind in shown:
        monkeypatch.setattr(QMessageBox, kind,
                            lambda *args, _k=kind, **kw: shown[_k].append(args[2]) or 0)
    return shown


@pytest.fixture
def window(open_window, tiny_model: Path) -> MainWindow:
    win = open_window()
    assert win.open_model(tiny_model)
    return win



def settle(qtbot, tab, done, timeout: int = 300_000) -> None:
    """Wait until ``tab`` is idle and ``done()`` holds (its result slots have run)."""
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=timeout)
    qtbot.waitUntil(done, timeout=10_000)


def audit_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_audited(records: list[dict], bundle) -> None:
    """Every record names the image's real SHA-256 and the model's checksum and id."""
    assert records
    for r in records:
        assert r["sha256"] == sha256_file(r["path"]), r["path"]
        assert r["model_checksum"] == bundle.checksum and r["model_id"] == bundle.model_id


def partials(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".partial-" in p.name or ".old-" in p.name]


def running_workers(win: MainWindow) -> list[Worker]:
    return [w for w in win.findChildren(Worker) if w.isRunning()]


def os_threads() -> int:
    """Threads of this process, native ones (TensorFlow, onnxruntime, Qt) included."""
    return len(os.listdir("/proc/self/task"))


# ------------------------------------------------------------------ offline


def test_offline_full_gui_session(qtbot, open_window, tmp_path: Path, audit_file: Path,
                                  monkeypatch: pytest.MonkeyPatch, dialogs) -> None:
    """Scan, balance, train (1 epoch), evaluate and classify drops with every socket refused."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled by the test")

    import keras  # noqa: F401 - imported first: TensorFlow's import subclasses socket.socket (ssl)

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    data = make_dataset(tmp_path / "data", per_class=4)
    before = tree_hashes(data)
    win = open_window()

    ds = win.dataset_tab
    with qtbot.waitSignal(ds.folder_scanned, timeout=60_000):
        ds.load_folder(data)
    settle(qtbot, ds, lambda: ds.overview is not None)
    assert ds.counts_table.item(4, 1).text() == "16"

    balanced = tmp_path / "balanced"
    ds.balance.output_edit.setText(str(balanced))
    ds.balance.target_spin.setValue(6)
    with qtbot.waitSignal(ds.balance.balanced, timeout=60_000) as blocker:
        ds.balance.start_button.click()
    assert blocker.args[0].counts_after == {"Benign": 6, "Early": 6, "Pre": 6, "Pro": 6}

    tr = win.train_tab
    model = tmp_path / "models" / "offline"
    fill_tiny_training(tr.settings, balanced, model, epochs=1)
    assert tr.start()
    settle(qtbot, tr, lambda: tr.use_button.isEnabled() or "failed" in tr.result_label.text())
    assert (model / "model.json").is_file(), tr.log.toPlainText()
    with qtbot.waitSignal(win.context.model_changed, timeout=30_000):
        tr.use_button.click()
    bundle = win.context.bundle
    assert bundle.path == model

    ev = win.evaluate_tab
    ev.set_data(data)
    ev.start_evaluation()
    settle(qtbot, ev, lambda: ev.result is not None or "failed" in ev.status.text())
    assert ev.result is not None and len(ev.result.predictions) == 16, ev.status.text()

    ct = win.classify_tab
    win.tabs.setCurrentWidget(ct)  # only the Classify tab classifies drops
    single = data / "Pro" / "WBC-Pro-001.jpg"
    drop(win, [single])  # one file: classified at once in the GUI thread
    drop(win, [data / "Pre", data / "Benign" / "WBC-Benign-002.jpg"])  # a batch in the worker
    settle(qtbot, ct, lambda: ct.table.rowCount() == 6, timeout=60_000)
    assert all(ct.table.row_texts(r)[1] for r in range(6))
    assert_audited(audit_records(audit_file), bundle)
    assert len(audit_records(audit_file)) == 6

    assert attempts == []
    assert tree_hashes(data) == before
    assert dialogs["critical"] == [] and dialogs["warning"] == []


# ------------------------------------------------------------------ stray threads


def python_threads() -> list[str]:
    """Python threads that really run: a QThread that ran Python code leaves a placeholder
    ``_DummyThread`` in ``threading`` that is never removed, whether the thread lives or not
    (native threads are counted by ``os_threads``)."""
    return sorted(t.name for t in threading.enumerate()
                  if not isinstance(t, threading._DummyThread))


def _slow_train(data, out_dir, config, *, progress, should_stop):
    """Stands in for core.training.train.train: reports batches until asked to stop."""
    for i in range(1, 100_000):
        check_stop(should_stop)
        progress(Progress("train", i, 100_000, f"batch {i}"))
        time.sleep(0.005)
    raise AssertionError("never cancelled")


def test_cancel_and_restart_twenty_times_leaves_no_threads(
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        dialogs) -> None:
    """20 rounds of: start a classification batch, a balance and a training, cancel each
    (the classification restarted at once, while the cancelled run is still ending)."""
    from core.data import balance as augment

    data = make_dataset(tmp_path / "data", per_class=8)
    ct, ds, tr = window.classify_tab, window.dataset_tab, window.train_tab
    bal = ds.balance
    predictor = window.context.predictor()
    real_prepare, real_apply = predictor.prepare, augment.apply_op
    monkeypatch.setattr(predictor, "prepare", lambda rgb: (time.sleep(0.005), real_prepare(rgb))[1])
    calls = [0]

    def slow_apply(*args, **kwargs):
        calls[0] += 1
        time.sleep(0.01)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(augment, "apply_op", slow_apply)
    monkeypatch.setattr("core.training.train.train", _slow_train)
    with qtbot.waitSignal(ds.folder_scanned, timeout=60_000):
        ds.load_folder(data)
    settle(qtbot, ds, lambda: bal.isEnabled())
    bal.target_spin.setValue(500)  # far too many to finish before the cancel
    balanced = tmp_path / "balanced"
    bal.output_edit.setText(str(balanced))
    tr.settings.set_data(data)
    tr.settings.set_output_dir(tmp_path / "never")

    baseline_py = python_threads()
    os_after: dict[int, int] = {}
    previous = None
    ct.add_paths([data])
    for n in range(1, 21):
        # classification: cancel the run once it has shown results, and restart it at once
        # (queued behind the cancelled run) except where threads are counted
        qtbot.waitUntil(lambda: ct.tasks.worker is not previous and ct._batch_count > 0,
                        timeout=30_000)
        previous = ct.tasks.worker
        ct.cancel_button.click()
        count_now = n in (1, 10, 20)
        if not count_now:
            ct.add_paths([data])
        # balance and training: start, cancel once running, wait for the message
        done_before = calls[0]
        bal.start_button.click()
        assert tr.start()
        qtbot.waitUntil(lambda: calls[0] > done_before and tr.task.bar.value() > 0,
                        timeout=30_000)
        bal.task.cancel_button.click()
        tr.task.cancel_button.click()
        settle(qtbot, bal, lambda: "cancelled" in bal.task.label.text(), timeout=30_000)
        settle(qtbot, tr, lambda: "cancelled" in tr.result_label.text(), timeout=30_000)
        if count_now:
            settle(qtbot, ct, lambda: "Cancelled" in ct.status.text(), timeout=30_000)
            assert running_workers(window) == []
            assert len(ct.findChildren(Worker)) == 1  # ended batches are freed, not kept
            assert len(bal.findChildren(Worker)) == 1  # so are ended balances and trainings
            assert len(tr.findChildren(Worker)) == 1
            for worker in window.findChildren(Worker):
                assert worker.wait(10_000)  # the native thread has exited, not only signalled
            os_after[n] = os_threads()
            assert python_threads() == baseline_py, n
            if n < 20:
                ct.add_paths([data])
    assert not balanced.exists() and not partials(tmp_path)
    assert not (tmp_path / "never").exists()
    # native pools (onnxruntime, OpenCV, Qt) are made once, in round 1: no growth after it
    assert os_after[20] <= os_after[10] <= os_after[1], os_after
    # and the app can still do work
    monkeypatch.undo()
    rows = ct.table.rowCount()
    drop(ct, [data / "Pro"])
    settle(qtbot, ct, lambda: ct.table.rowCount() == rows + 8, timeout=60_000)
    assert "Classified 8" in ct.status.text()
    assert dialogs["critical"] == []


def test_work_started_in_the_gap_before_the_old_runs_signals_keeps_its_cancel_button(
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The thread of a cancelled batch ends before its queued signals reach the tab; a drop
    in that gap is queued behind it instead of being reset by the old run's late slots."""
    data = make_dataset(tmp_path / "data", per_class=8)
    ct = window.classify_tab
    predictor = window.context.predictor()
    real_prepare = predictor.prepare
    monkeypatch.setattr(predictor, "prepare", lambda rgb: (time.sleep(0.01), real_prepare(rgb))[1])
    ct.add_paths([data])
    first = ct.tasks.worker
    qtbot.waitUntil(lambda: ct._batch_count > 0, timeout=30_000)
    ct.cancel_button.click()
    assert first.wait(30_000)  # the thread has ended; its last signals are still queued
    ct.add_paths([data])  # dropped in that gap
    qtbot.waitUntil(lambda: ct.tasks.worker is not first and ct._batch_count > 0, timeout=30_000)
    assert ct.is_busy() and ct._batch_count < 32
    assert not ct.cancel_button.isHidden() and ct.cancel_button.isEnabled()
    settle(qtbot, ct, lambda: "Classified 32" in ct.status.text(), timeout=60_000)


def test_rescanning_while_a_scan_runs_ignores_the_old_scans_late_signals(
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import leukemia_gui.jobs as jobs

    first_data = make_dataset(tmp_path / "first", per_class=2)
    second_data = make_dataset(tmp_path / "second", per_class=3)
    real = jobs.find_duplicates

    def slow_for_first(items, *, progress, should_stop):
        if items and first_data in items[0].path.parents:
            for _ in range(10_000):
                check_stop(should_stop)
                time.sleep(0.005)
        return real(items, progress=progress, should_stop=should_stop)

    monkeypatch.setattr(jobs, "find_duplicates", slow_for_first)
    ds = window.dataset_tab
    ended: list[str] = []
    real_end = ds.task.end
    monkeypatch.setattr(ds.task, "end", lambda text, ok=True: (ended.append(text),
                                                                real_end(text, ok)))
    ds.load_folder(first_data)
    qtbot.wait(200)
    with qtbot.waitSignal(ds.folder_scanned, timeout=60_000) as blocker:
        ds.load_folder(second_data)  # cancels and waits for the first scan
    assert blocker.args == [second_data]
    settle(qtbot, ds, lambda: ended != [], timeout=30_000)
    qtbot.wait(100)
    assert ended == [ended[0]] and "12 readable images" in ended[0], ended
    assert ds.overview.scan.root == second_data


# ------------------------------------------------------------------ bad input


def test_mixed_bad_folder_dropped_on_classify(qtbot, window: MainWindow, mixed: Path,
                                              audit_file: Path, dialogs) -> None:
    """Every bad file gets one error row with its reason; every good one is classified and
    audited with its SHA-256 and the model checksum; no source file changes."""
    before = tree_hashes(mixed)
    ct = window.classify_tab
    expected_bad = {**BAD_FILES, "x.jpg": "empty file"}  # x.jpg: in the "Not a class" folder
    n_good = 3 * 3 + len(ODD_GOOD_FILES)
    window.tabs.setCurrentWidget(ct)  # only the Classify tab classifies drops
    drop(window, [mixed])
    settle(qtbot, ct, lambda: ct.table.rowCount() == n_good + len(expected_bad)
           and "Classified" in ct.status.text(), timeout=120_000)
    rows = [ct.table.entry(r) for r in range(ct.table.rowCount())]
    errors = {Path(key).name: pred.error for _, pred, key in rows if pred.error}
    assert set(errors) == set(expected_bad)
    for name, words in expected_bad.items():
        assert words in errors[name], (name, errors[name])
    shown = {ct.table.row_texts(r)[0]: ct.table.row_texts(r)[-1] for r in range(len(rows))}
    assert any(name.endswith("bomb.png") and "too large" in text for name, text in shown.items())
    good = {Path(key).name for _, pred, key in rows if not pred.error}
    assert len(good) == n_good and good >= set(ODD_GOOD_FILES)
    records = audit_records(audit_file)
    assert {Path(r["path"]).name for r in records} == good
    assert_audited(records, window.context.bundle)
    # the one-file fast path audits the same way
    drop(window, [mixed / "Pro" / "cmyk.jpg"])
    records = audit_records(audit_file)
    assert len(records) == n_good + 1 and Path(records[-1]["path"]).name == "cmyk.jpg"
    assert_audited(records[-1:], window.context.bundle)
    assert tree_hashes(mixed) == before
    assert dialogs["critical"] == []


class _Payload:
    """Unpickling this writes the marker file: proof that a pickle was loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


@pytest.mark.parametrize("kind", ["h5", "pkl", "lambda"])
def test_untrusted_model_folder_is_refused_and_no_code_runs(
        window: MainWindow, tiny_model: Path, tmp_path: Path, kind: str, dialogs) -> None:
    marker = tmp_path / "code-ran.txt"
    if kind == "lambda":
        from core.model.bundle import KERAS_FILE

        folder = _copy(tiny_model, tmp_path / "evil")
        _lambda_model(marker).save(folder / KERAS_FILE)
        marker.unlink(missing_ok=True)  # building the model ran the lambda once
        _rewrite_card(folder)  # hashes consistent: only the content check can refuse it
        expected = "refused: the model file contains Python code"
    else:
        folder = tmp_path / f"old {kind} model"
        folder.mkdir()
        (folder / f"model.{kind}").write_bytes(pickle.dumps(_Payload(marker)))
        expected = f"legacy model files are refused (they can carry code): model.{kind}"
    active = window.context.bundle
    status = window.model_label.text()
    for target in (folder, *folder.glob("model.h5"), *folder.glob("model.pkl")):
        dialogs["warning"].clear()
        assert window.open_model(target) is False
        assert len(dialogs["warning"]) == 1
        assert "cannot be used" in dialogs["warning"][0]
        assert "refused" in dialogs["warning"][0]
        if target == folder:
            assert expected in dialogs["warning"][0]
    assert window.context.bundle is active and window.model_label.text() == status
    window.classify_tab.add_paths([tiny_model.parent / "data" / "Pro" / "WBC-Pro-001.jpg"])
    assert window.classify_tab.table.entry(0)[1].error is None  # the old model still works
    assert not marker.exists(), "code from the model file ran"
    assert dialogs["critical"] == []


# ------------------------------------------------------------------ write failures


def _disk_full_after(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.data.balance

    calls = [0]
    real_copy = core.data.balance.shutil.copy2

    def copy2(a, b, *args, **kwargs):
        calls[0] += 1
        if calls[0] > n:
            raise OSError(errno.ENOSPC, "No space left on device", str(b))
        return real_copy(a, b, *args, **kwargs)

    monkeypatch.setattr(core.data.balance.shutil, "copy2", copy2)


def _read_only(parent: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating anything in ``parent`` fails as in a read-only folder (root ignores chmod)."""
    import core.fileutil

    real = core.fileutil.tempfile.mkdtemp

    def mkdtemp(suffix=None, prefix=None, dir=None):  # noqa: A002 - tempfile's names
        if dir is not None and Path(dir) == parent:
            raise PermissionError(errno.EACCES, "Permission denied", str(dir))
        return real(suffix, prefix, dir)

    monkeypatch.setattr(core.fileutil.tempfile, "mkdtemp", mkdtemp)


@pytest.mark.parametrize("failure", ["disk full", "read-only"])
def test_balance_write_failure_is_a_message_and_leaves_nothing(
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        failure: str, dialogs) -> None:
    data = make_dataset(tmp_path / "data", per_class=3)
    before = tree_hashes(data)
    ds, bal = window.dataset_tab, window.dataset_tab.balance
    with qtbot.waitSignal(ds.folder_scanned, timeout=60_000):
        ds.load_folder(data)
    settle(qtbot, ds, lambda: bal.isEnabled())
    parent = tmp_path / "target"
    parent.mkdir()
    out = parent / "balanced"
    bal.output_edit.setText(str(out))
    bal.target_spin.setValue(5)
    if failure == "disk full":
        _disk_full_after(5, monkeypatch)
        words = ["No space left on device", str(out.parent)]
    else:
        _read_only(parent, monkeypatch)
        words = ["Permission denied", str(parent)]
    bal.start_button.click()
    settle(qtbot, bal, lambda: "failed" in bal.task.label.text(), timeout=60_000)
    text = bal.task.label.text()
    assert text.startswith("Balancing failed:") and all(w in text for w in words), text
    assert "Traceback" not in text and 'File "' not in text
    assert not out.exists() and list(parent.iterdir()) == []
    assert tree_hashes(data) == before
    assert bal.start_button.isEnabled()
    assert dialogs["critical"] == []


@pytest.mark.skipif(AS_ROOT, reason=ROOT_SKIP)
def test_balance_into_read_only_folder_really_chmod(qtbot, window: MainWindow,
                                                    tmp_path: Path, dialogs) -> None:
    data = make_dataset(tmp_path / "data", per_class=2)
    ds, bal = window.dataset_tab, window.dataset_tab.balance
    with qtbot.waitSignal(ds.folder_scanned, timeout=60_000):
        ds.load_folder(data)
    settle(qtbot, ds, lambda: bal.isEnabled())
    parent = tmp_path / "read-only"
    parent.mkdir()
    bal.output_edit.setText(str(parent / "out"))
    parent.chmod(0o555)
    try:
        bal.start_button.click()
        settle(qtbot, bal, lambda: "failed" in bal.task.label.text(), timeout=60_000)
    finally:
        parent.chmod(0o755)
    assert "Permission denied" in bal.task.label.text()
    assert list(parent.iterdir()) == [] and dialogs["critical"] == []


@pytest.mark.parametrize("failure", ["disk full", "read-only"])
def test_training_write_failure_is_a_message_and_saves_nothing(
        qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        failure: str, dialogs) -> None:
    """A real 1-epoch training whose save fails: the tab names the path and the reason."""
    import core.model.bundle

    data = make_dataset(tmp_path / "data", per_class=4)
    parent = tmp_path / "models"
    parent.mkdir()
    out = parent / "new"
    if failure == "disk full":
        def disk_full(path: Path) -> str:  # the Keras file is already written when hashing fails
            raise OSError(errno.ENOSPC, "No space left on device", str(path))

        monkeypatch.setattr(core.model.bundle, "sha256_file", disk_full)
        words = ["No space left on device", str(parent)]
    else:
        _read_only(parent, monkeypatch)
        words = ["Permission denied", str(parent)]
    tr = window.train_tab
    fill_tiny_training(tr.settings, data, out, epochs=1)
    active = window.context.bundle
    assert tr.start()
    settle(qtbot, tr, lambda: "failed" in tr.task.label.text() or tr.result is not None)
    text = tr.task.label.text()
    assert text.startswith("Training failed:") and all(w in text for w in words), text
    assert "Traceback" not in text and 'File "' not in text
    assert "No model was saved" in tr.result_label.text()
    assert not tr.use_button.isEnabled() and tr.start_button.isEnabled()
    # no model and no partial folder; only the epoch backup, kept so the run can be resumed
    assert [p.name for p in parent.iterdir()] == ["new.backup"]
    assert not tr.resume_button.isHidden()
    assert window.context.bundle is active
    assert dialogs["critical"] == []
