"""The one Worker: success, a readable failure message, and cancel."""

from __future__ import annotations

import threading
import time

from core.progress import Cancelled, Progress, check_stop
from leukemia_gui.worker import Worker


def _double(x: int, *, progress, should_stop) -> int:
    progress(Progress("work", 1, 1, "halfway"))
    return 2 * x


def _fail(*, progress, should_stop) -> None:
    raise ValueError("the folder holds no images")


def _slow(started: threading.Event, *, progress, should_stop) -> None:
    started.set()
    for i in range(100_000):
        check_stop(should_stop)
        progress(Progress("work", i, 100_000))
        time.sleep(0.005)


def test_worker_succeeds_with_result_and_progress(qtbot) -> None:
    worker = Worker(_double, 21)
    reports: list[Progress] = []
    worker.progress.connect(reports.append)
    with qtbot.waitSignal(worker.succeeded, timeout=10_000) as blocker:
        worker.start()
    assert blocker.args == [42]
    qtbot.waitUntil(lambda: reports != [], timeout=5_000)
    assert reports[0].stage == "work"
    assert worker.wait(5_000)


def test_worker_failure_becomes_a_message(qtbot) -> None:
    worker = Worker(_fail)
    with qtbot.waitSignal(worker.failed, timeout=10_000) as blocker:
        worker.start()
    assert blocker.args == ["the folder holds no images"]
    assert worker.wait(5_000)


def test_worker_cancel_emits_cancelled_not_succeeded(qtbot) -> None:
    started = threading.Event()
    worker = Worker(_slow, started)
    succeeded: list[object] = []
    worker.succeeded.connect(succeeded.append)
    worker.start()
    assert started.wait(10)
    with qtbot.waitSignal(worker.cancelled, timeout=10_000):
        worker.cancel()
    assert worker.wait(5_000)
    assert succeeded == []


def test_stop_and_wait_ends_the_thread(qtbot) -> None:
    started = threading.Event()
    worker = Worker(_slow, started)
    worker.start()
    assert started.wait(10)
    assert worker.stop_and_wait(10_000)
    assert not worker.isRunning()


def test_cancelled_exception_class_is_the_core_one() -> None:
    assert issubclass(Cancelled, Exception)
