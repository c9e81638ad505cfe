"""The one background worker every tab uses: runs a core function in a QThread.

The core function is called as ``fn(*args, progress=..., should_stop=..., **kwargs)``; its
``Progress`` reports become the ``progress`` signal, its return value ``succeeded``, a
``core.progress.Cancelled`` becomes ``cancelled`` and any other exception ``failed`` with a
readable message. Results reach the GUI thread only through these signals.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QThread, Signal

from core.progress import Cancelled, Progress

log = logging.getLogger(__name__)


def describe_error(exc: BaseException) -> str:
    """A one-paragraph message for the user (no traceback)."""
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, MemoryError):
        return "Not enough memory for this operation. Close other programs or use smaller batches."
    if isinstance(exc, PermissionError):
        return f"Permission denied: {getattr(exc, 'filename', '') or text}"
    if isinstance(exc, OSError) and getattr(exc, "strerror", None):
        name = getattr(exc, "filename", None)
        return f"{exc.strerror}: {name}" if name else str(exc.strerror)
    return text


class Worker(QThread):
    """Run ``fn`` in a thread. Connect signals, then ``start()``; ``cancel()`` asks it to stop."""

    progress = Signal(object)  # core.progress.Progress
    succeeded = Signal(object)  # the function's return value
    failed = Signal(str)  # readable message
    cancelled = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, parent: Any = None, **kwargs: Any) -> None:
        super().__init__(parent)
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self.result: Any = None
        self.error: str | None = None

    def cancel(self) -> None:
        self.requestInterruption()

    def _report(self, p: Progress) -> None:
        self.progress.emit(p)

    def run(self) -> None:  # noqa: D401 - QThread API
        try:
            self.result = self._fn(*self._args, progress=self._report,
                                   should_stop=self.isInterruptionRequested, **self._kwargs)
        except Cancelled:
            self.cancelled.emit()
            return
        except Exception as exc:  # noqa: BLE001 - every failure becomes a message
            log.error("worker failed: %s", "".join(traceback.format_exception(exc)))
            self.error = describe_error(exc)
            self.failed.emit(self.error)
            return
        self.succeeded.emit(self.result)

    def stop_and_wait(self, timeout_ms: int = 60000) -> bool:
        """Cancel and wait for the thread to end (used when a tab or the window closes)."""
        if self.isRunning():
            self.cancel()
            return self.wait(timeout_ms)
        return True
