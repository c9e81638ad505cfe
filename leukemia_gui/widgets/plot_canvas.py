"""A matplotlib canvas for Qt that shows figures built by ``core.evaluation.figures`` (never pyplot)."""

from __future__ import annotations

from typing import Any
from collections.abc import Callable

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QSizePolicy, QWidget


class PlotCanvas(FigureCanvasQTAgg):
    """A persistent figure on a Qt canvas.

    Builders from :mod:`core.evaluation.figures` take ``fig=`` and draw into it, so one canvas can be
    redrawn many times (for example after every training epoch) without new windows.
    """

    def __init__(self, parent: QWidget | None = None,
                 figsize: tuple[float, float] = (5, 3)) -> None:
        figure = Figure(figsize=figsize, layout="constrained")
        super().__init__(figure)
        self.figure: Figure = figure
        if parent is not None:
            self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # Small enough for 1366x768 layouts; the figure scales with the widget.
        self.setMinimumSize(220, 160)

    def show_figure_builder(self, builder: Callable[..., Figure], *args: Any,
                            **kwargs: Any) -> None:
        """Call ``builder(*args, fig=self.figure, **kwargs)`` and repaint."""
        builder(*args, fig=self.figure, **kwargs)
        self.redraw()

    def show_message(self, text: str) -> None:
        """Replace the figure by a centred grey note (an empty state, e.g. "no data yet")."""
        self.figure.clear()
        self.figure.text(0.5, 0.5, text, ha="center", va="center", color="#777777", wrap=True)
        self.redraw()

    def has_lines(self) -> bool:
        """True when any axes of the figure holds a plotted line (used by tests)."""
        return any(ax.lines for ax in self.figure.axes)

    def redraw(self) -> None:
        """Repaint at the next event-loop pass; many quick updates cost one draw."""
        self.draw_idle()
