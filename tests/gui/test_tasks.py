"""The task runner: results, streamed parts, failures and cancelling reach the tab's callbacks
and its progress widget, never through the progress reports."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from core.progress import Cancelled, Progress
from leukemia_gui.tasks import TaskRunner
from leukemia_gui.widgets.task_progress import TaskProgressWidget


@pytest.fixture
def runner(qtbot):
    owner = QWidget()
    qtbot.addWidget(owner)
    bar = TaskProgressWidget()
    qtbot.addWidget(bar)
    r = TaskRunner(owner, bar)
    yield r
    r.stop_and_wait()


def _count(n: int, *, progress, should_stop, partial=None) -> int:
    for i in range(n):
        progress(Progress("scan", i + 1, n, ""))
        if partial is not None:
            partial([i])
    return n


def test_result_and_streamed_parts_arrive_in_order(runner, qtbot) -> None:
    done, parts, reports = [], [], []
    runner.start(_count, 3, on_done=done.append, on_partial=parts.extend,
                 on_progress=reports.append, text="Counting")
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert done == [3] and parts == [0, 1, 2]
    assert [p.done for p in reports] == [1, 2, 3]
    assert all(not p.metrics for p in reports)  # results never ride on progress
    assert runner.progress_widget.bar.value() == 3


def test_without_on_partial_fn_gets_no_partial(runner, qtbot) -> None:
    seen = []

    def body(*, progress, should_stop, **extra):
        seen.append(sorted(extra))
        return 1

    runner.start(body, on_done=lambda r: None)
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=5000)
    assert seen == [[]]


def test_failure_shows_its_message(runner, qtbot) -> None:
    failed = []

    def body(*, progress, should_stop):
        raise ValueError("bad.png: not an image")

    runner.start(body, on_done=lambda r: None, on_failed=failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=5000)
    assert failed == ["bad.png: not an image"]
    assert "bad.png" in runner.progress_widget.label.text()


def test_cancel_button_stops_the_task(runner, qtbot) -> None:
    started, cancelled, finished = threading.Event(), [], []

    def body(*, progress, should_stop):
        started.set()
        while not should_stop():
            threading.Event().wait(0.01)
        raise Cancelled()

    runner.start(body, on_done=lambda r: None, on_cancelled=lambda: cancelled.append(1),
                 on_finished=lambda: finished.append(1))
    assert started.wait(5)
    with pytest.raises(RuntimeError):
        runner.start(body, on_done=lambda r: None)  # one task at a time
    runner.progress_widget.cancel_button.click()
    qtbot.waitUntil(lambda: bool(cancelled) and bool(finished), timeout=5000)
    assert not runner.is_busy()
