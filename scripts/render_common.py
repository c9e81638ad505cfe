"""Helpers shared by the screenshot scripts: wait for a tab's worker, let Qt settle."""

from __future__ import annotations


def wait(worker) -> None:  # noqa: ANN001
    """Run the event loop until ``worker`` (a QThread) has finished; return at once if idle."""
    from PySide6.QtCore import QEventLoop

    if worker is not None and worker.isRunning():
        loop = QEventLoop()
        worker.finished.connect(loop.quit)
        if worker.isRunning():
            loop.exec()


def settle(app, rounds: int = 5) -> None:  # noqa: ANN001
    """Process pending events a few times so that queued updates reach the widgets."""
    for _ in range(rounds):
        app.processEvents()


def wait_timer(app, timer, limit_s: float = 5.0) -> None:  # noqa: ANN001
    """Process events until a single-shot ``timer`` (e.g. a coalescing update) has fired."""
    import time

    end = time.monotonic() + limit_s
    while timer.isActive() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
