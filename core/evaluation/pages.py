"""A4 pages drawn with matplotlib (no pyplot, Qt-free), shared by the evaluation report and the
case report: a cursor in millimetres, text, lines, boxes, images and tables that flow onto new
pages, a running header and the foot of every page (its number of N and the research notice).

The pages are ``matplotlib.figure.Figure`` objects: :func:`pdf_bytes` writes them as one PDF,
:func:`page_pixels` rasterises one (the app prints these on a ``QPrinter``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any

import numpy as np

from core.text import safe_display

A4_MM = (210.0, 297.0)
MARGIN = 15.0
NOTICE = "RESEARCH USE ONLY — not for diagnostic use. Results must be confirmed by a qualified person."
INK, GREY, LIGHT, RED, AMBER = "#111111", "#555555", "#e6e6e6", "#b00020", "#9a6700"
FONTS: dict[str, Any] = {"pdf.fonttype": 42, "font.family": "DejaVu Sans"}
BOTTOM = A4_MM[1] - 18  # where the foot starts


def short(text: str, n: int) -> str:
    """``text`` escaped for display and cut to ``n`` characters (an ellipsis marks the cut)."""
    text = safe_display(text)
    return text if len(text) <= n else text[: max(1, n - 1)] + "…"


def pct(v: Any, digits: int = 1) -> str:
    """A fraction as a percentage; a dash when there is no number."""
    if not isinstance(v, (int, float)) or v != v:  # NaN is not a number to print
        return "–"
    return f"{100 * float(v):.{digits}f} %"


def local_time(iso: str) -> str:
    """An ISO time as the lab reads it: local date and time, to the minute, with the zone."""
    try:
        t = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return safe_display(iso or "–")
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


class PageDoc:
    """Pages of A4 with a cursor (``y``, mm from the top); a block that does not fit starts a
    new page. ``header`` is (left, right, right below) of every page, ``foot`` its left foot."""

    def __init__(self, header: tuple[str, str, str], foot: str) -> None:
        from matplotlib.figure import Figure

        self._Figure = Figure
        self.header, self.foot = header, foot
        self.pages: list[Any] = []
        self.y = 0.0
        self.new_page()

    # coordinates: x, y in mm from the top-left corner
    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return x / A4_MM[0], 1 - y / A4_MM[1]

    def rect(self, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        """A box in mm as a figure rectangle (for ``add_axes``)."""
        x0, y0 = self._xy(x, y + h)
        return x0, y0, w / A4_MM[0], h / A4_MM[1]

    def text(self, x: float, y: float, s: str, size: float = 8.5, weight: str = "normal",
             color: str = INK, ha: str = "left", va: str = "top", **kw: Any) -> None:
        self.fig.text(*self._xy(x, y), s, fontsize=size, weight=weight, color=color, ha=ha,
                      va=va, **kw)

    def line(self, y: float, x0: float = MARGIN, x1: float = A4_MM[0] - MARGIN,
             color: str = GREY, lw: float = 0.6) -> None:
        from matplotlib.lines import Line2D

        (ax, ay), (bx, by) = self._xy(x0, y), self._xy(x1, y)
        self.fig.add_artist(Line2D([ax, bx], [ay, by], color=color, lw=lw))

    def box(self, x: float, y: float, w: float, h: float, face: str = "none",
            edge: str = GREY, lw: float = 0.6) -> None:
        from matplotlib.patches import Rectangle

        x0, y0, fw, fh = self.rect(x, y, w, h)
        self.fig.add_artist(Rectangle((x0, y0), fw, fh, facecolor=face, edgecolor=edge, lw=lw,
                                      transform=self.fig.transFigure))

    def image(self, x: float, y: float, w: float, h: float, rgb: np.ndarray | None) -> None:
        if rgb is None:
            self.box(x, y, w, h, face="#f4f4f4")
            self.text(x + w / 2, y + h / 2, "image\nnot found", size=5.5, color=GREY,
                      ha="center", va="center")
            return
        ih, iw = rgb.shape[:2]
        scale = min(w / iw, h / ih)
        dw, dh = iw * scale, ih * scale
        ax = self.fig.add_axes(self.rect(x + (w - dw) / 2, y + (h - dh) / 2, dw, dh))
        ax.imshow(rgb, interpolation="bilinear")
        ax.set_axis_off()

    def new_page(self) -> None:
        fig = self._Figure(figsize=(A4_MM[0] / 25.4, A4_MM[1] / 25.4))
        self.pages.append(fig)
        self.fig = fig
        left, right, below = self.header
        self.text(MARGIN, 11, left, size=12, weight="bold")
        self.text(A4_MM[0] - MARGIN, 11, right, size=10, ha="right", color=GREY)
        self.text(A4_MM[0] - MARGIN, 16.5, below, size=9, ha="right", weight="bold")
        self.line(21.5, color=INK, lw=1.0)
        self.y = 25.0

    def need(self, h: float) -> None:
        if self.y + h > BOTTOM:
            self.new_page()

    def section(self, title: str, keep: float = 14) -> None:
        """A heading kept on one page with the first ``keep`` mm of what follows."""
        self.need(8.2 + keep)
        self.y += 2
        self.text(MARGIN, self.y, title.upper(), size=8.5, weight="bold", color=INK)
        self.y += 4.2
        self.line(self.y, lw=0.5)
        self.y += 2.0

    def note(self, text: str, width: int = 150, size: float = 6.5) -> None:
        """A grey explanatory paragraph under a table or figure."""
        import textwrap

        for line in textwrap.wrap(text, width):
            self.need(3.6)
            self.text(MARGIN, self.y + 1.2, line, size=size, color=GREY)
            self.y += 3.4
        self.y += 2.0

    def table(self, columns: Sequence[tuple[str, float, str]], rows: Sequence[Sequence[str]],
              row_h: float = 5.2, colours: Sequence[str | None] | None = None,
              draw_row: Callable[[int, float], None] | None = None) -> None:
        """``columns``: (heading, width mm, "l"/"r"/"c"); a heading row repeated per page."""
        def heading() -> None:
            x = MARGIN
            self.box(MARGIN, self.y, A4_MM[0] - 2 * MARGIN, 5.2, face=LIGHT, edge="none")
            for name, w, align in columns:
                self._cell(x, w, align, name, self.y + 2.6, weight="bold", size=7.2)
                x += w
            self.y += 5.2

        self.need(5.2 + row_h)
        heading()
        for i, row in enumerate(rows):
            if self.y + row_h > BOTTOM:
                self.new_page()
                heading()
            x = MARGIN
            colour = (colours or [None] * len(rows))[i]
            for (name, w, align), value in zip(columns, row):
                self._cell(x, w, align, value, self.y + row_h / 2,
                           color=colour if colour and name.lower().startswith(("flag", "class", "final")) else INK)
                x += w
            if draw_row is not None:
                draw_row(i, self.y)
            self.y += row_h
            self.line(self.y, color="#bbbbbb", lw=0.3)

    def _cell(self, x: float, w: float, align: str, value: str, ymid: float,
              weight: str = "normal", size: float = 7.6, color: str = INK) -> None:
        if align == "r":
            self.text(x + w - 1.5, ymid, value, size=size, weight=weight, ha="right", va="center",
                      color=color)
        elif align == "c":
            self.text(x + w / 2, ymid, value, size=size, weight=weight, ha="center",
                      va="center", color=color)
        else:
            self.text(x + 1.5, ymid, value, size=size, weight=weight, va="center", color=color)

    def finish(self) -> list[Any]:
        """Draw the foot of every page (now that their number is known); the pages."""
        n = len(self.pages)
        for k, fig in enumerate(self.pages, 1):
            self.fig = fig
            self.line(A4_MM[1] - 13, lw=0.5)
            self.text(MARGIN, A4_MM[1] - 11, self.foot, size=6.5, color=GREY)
            self.text(A4_MM[0] - MARGIN, A4_MM[1] - 11, f"Page {k} of {n}", size=6.5,
                      color=GREY, ha="right")
            self.text(MARGIN, A4_MM[1] - 7.5, NOTICE, size=6.5, color=RED)
        return self.pages


def report_fonts() -> Any:
    """The report's fonts (DejaVu Sans, embedded as TrueType) while its pages are drawn."""
    import matplotlib

    return matplotlib.rc_context(FONTS)  # type: ignore[arg-type]  # plain rc keys


def pdf_bytes(pages: Sequence[Any], metadata: dict[str, str]) -> bytes:
    """The pages as one PDF (fonts embedded as TrueType, so the text can be searched)."""
    from matplotlib.backends.backend_pdf import PdfPages

    buf = io.BytesIO()
    with report_fonts(), PdfPages(buf, metadata=metadata) as pdf:
        for fig in pages:
            pdf.savefig(fig)
    return buf.getvalue()


def page_pixels(page: Any, dpi: float = 300) -> np.ndarray:
    """One page rasterised at ``dpi`` as an ``HxWx4`` uint8 RGBA array (white background)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(page)
    old = page.dpi
    try:
        page.set_dpi(dpi)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()
    finally:
        page.set_dpi(old)
