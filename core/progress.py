"""One way to report progress and to cancel, shared by every long core function."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable


class Cancelled(Exception):
    """Raised by a long operation when ``should_stop()`` returned True."""


@dataclass(frozen=True)
class Progress:
    """A progress report: ``done`` of ``total`` units of ``stage``.

    ``metrics`` carries stage-specific numbers (training loss, accuracy, ETA in seconds, ...).
    """

    stage: str
    done: int
    total: int
    message: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0


ProgressFn = Callable[[Progress], None]
StopFn = Callable[[], bool]


def no_progress(_: Progress) -> None:
    """Default progress callback: ignore."""


def never_stop() -> bool:
    """Default should_stop callback: never."""
    return False


def check_stop(should_stop: StopFn) -> None:
    """Raise :class:`Cancelled` when asked to stop."""
    if should_stop():
        raise Cancelled("cancelled by the user")
