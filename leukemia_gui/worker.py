"""The one background worker every tab uses: runs a core function in a QThread.

The core function is called as ``fn(*args, progress=..., should_stop=..., **kwargs)``; its
``Progress`` reports become the ``progress`` signal, its return value ``succeeded``, a
``core.progress.Cancelled`` becomes ``cancelled`` and any other exception ``failed`` with a
readable message. Results reach the GUI thread only through these signals.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QThread, Signal

from core.progress import Cancelled, Progress

log = logging.getLogger(__name__)


def describe_error(exc: BaseException) -> str:
    """A one-paragraph message for the user (no traceback)."""
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate(
            "Errors", "Not enough memory for this operation. Close other programs or use smaller batches.")
    if isinstance(exc, PermissionError):
        return QCoreApplication.translate("Errors", "Permission denied: {0}").format(
            getattr(exc, "filename", "") or text)
    if isinstance(exc, OSError) and getattr(exc, "strerror", None):
        name = getattr(exc, "filename", None)
        return f"{exc.strerror}: {name}" if name else str(exc.strerror)
    from leukemia_gui.error_text import error_text

    return error_text(exc).strip() or text  # core's coded errors in the interface language


class Worker(QThread):
    """Run ``fn`` in a thread. Connect signals, then ``start()``; ``cancel()`` asks it to stop."""

    progress = Signal(object)  # core.progress.Progress
    partial = Signal(object)  # a streamed part of the result (only with ``streams=True``)
    succeeded = Signal(object)  # the function's return value
    failed = Signal(str)  # readable message
    cancelled = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, parent: Any = None,
                 streams: bool = False, **kwargs: Any) -> None:
        """``streams=True``: ``fn`` also gets ``partial=``, a callable whose arguments arrive as
        the ``partial`` signal (results found so far), so results never ride on progress."""
        super().__init__(parent)
        if streams:
            kwargs["partial"] = self.partial.emit
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self.result: Any = None
        self.error: str | None = None
        self._started = self._settled = False
        # Connected first, so it runs before the tabs' own ``finished`` slots.
        self.finished.connect(self._on_self_finished)

    def start(self, *args: Any) -> None:
        self._started = True
        super().start(*args)

    def isRunning(self) -> bool:  # noqa: N802 - Qt API
        """Running, or ended but its last signals not yet handled in the GUI thread.

        The thread ends a moment before its queued ``succeeded``/``cancelled``/``finished``
        reach the tab; work started in that gap would have the old run's late slots reset the
        tab (Cancel hidden, Start enabled) while the new run goes on.
        """
        return super().isRunning() or (self._started and not self._settled)

    def _on_self_finished(self) -> None:
        self._settled = True

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
        """Cancel and wait for the thread to end (used when a tab or the window closes).

        Afterwards the worker counts as not running even if its last signals are still queued.
        """
        if super().isRunning():
            self.cancel()
            if not self.wait(timeout_ms):
                return False
        self._settled = True
        return True


def retire(worker: Worker | None) -> None:
    """Free a tab's previous, ended worker before it starts a new one (with its ``result``),
    so a long session does not keep one child per run."""
    if worker is not None and not worker.isRunning():
        worker.deleteLater()
