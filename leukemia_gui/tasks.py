"""The one way a tab runs core work in a background thread and shows it.

A tab owns one :class:`TaskRunner`; ``runner.start(fn, *args, on_done=...)`` runs
``fn(*args, progress=..., should_stop=...)`` in a :class:`~leukemia_gui.worker.Worker`, feeds
the tab's :class:`TaskProgressWidget` (when it has one) and calls back in the GUI thread:
``on_done(result)``, ``on_partial(part)`` for streamed results (``fn`` then also receives
``partial=``), ``on_failed(message)``, ``on_cancelled()``, ``on_progress(report)`` and
``on_finished()`` after any of them. One task at a time per runner; closing the tab cancels and
waits (:meth:`TaskRunner.stop_and_wait`).
"""

from __future__ import annotations

from typing import Any
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from core.progress import Progress
from leukemia_gui.widgets.task_progress import TaskProgressWidget
from leukemia_gui.worker import Worker, retire


class TaskRunner:
    """Runs one task at a time for ``owner`` and shows it on ``progress_widget``."""

    def __init__(self, owner: QWidget, progress_widget: TaskProgressWidget | None = None) -> None:
        self.owner = owner
        self.progress_widget = progress_widget
        self.worker: Worker | None = None
        if progress_widget is not None:
            progress_widget.cancel_clicked.connect(self.cancel)

    def is_busy(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def start(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        on_partial: Callable[[Any], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        text: str = "",
        **kwargs: Any,
    ) -> Worker:
        """Start ``fn`` in a thread; raises ``RuntimeError`` while another task runs."""
        if self.is_busy():
            raise RuntimeError("a task is already running")
        retire(self.worker)  # the previous, ended worker (and its result) is freed
        worker = Worker(fn, *args, parent=self.owner, streams=on_partial is not None, **kwargs)

        def current(slot: Callable[..., None]) -> Callable[..., None]:
            # A replaced worker's queued signals (a rescan started while the old run ended)
            # must not reach the tab or its bar.
            return lambda *a: slot(*a) if self.worker is worker else None

        bar = self.progress_widget
        if bar is not None:
            worker.progress.connect(current(bar.report))
            worker.failed.connect(current(lambda message: bar.end(message, ok=False)))
            worker.cancelled.connect(current(lambda: bar.end(bar.tr("Cancelled."), ok=False)))
        for signal, slot in ((worker.progress, on_progress), (worker.partial, on_partial),
                             (worker.succeeded, on_done), (worker.failed, on_failed),
                             (worker.cancelled, on_cancelled), (worker.finished, on_finished)):
            if slot is not None:
                signal.connect(current(slot))
        self.worker = worker
        if bar is not None:
            bar.begin(text)
        worker.start()
        return worker

    def cancel(self) -> None:
        """Ask the running task to stop; it ends at its next check (``on_cancelled``)."""
        if self.worker is not None and self.worker.isRunning():
            self.worker.cancel()

    def stop_and_wait(self, timeout_ms: int = 60000) -> bool:
        """Cancel and wait for the thread (a tab or the window is closing)."""
        return self.worker is None or self.worker.stop_and_wait(timeout_ms)
