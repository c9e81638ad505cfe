"""The case report's page layout: the shared A4 pages (:mod:`core.evaluation.pages`) with the
case's running header (lab, title, case id) and foot (case id, version, report time), and the
field thumbnails."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from core.evaluation.pages import (  # noqa: F401 - the report's names, kept importable here
    A4_MM,
    AMBER,
    GREY,
    INK,
    LIGHT,
    MARGIN,
    NOTICE,
    RED,
    PageDoc,
    local_time,
    pct,
    short,
)

if TYPE_CHECKING:
    from core.cases.case import Case


def thumb(path: str, size: int = 160) -> np.ndarray | None:
    """The image at about ``size`` pixels (every n-th pixel), or None when it cannot be read."""
    from core.data.images import ImageError, load_rgb

    try:
        rgb = load_rgb(path)
    except (ImageError, OSError, ValueError):
        return None
    h, w = rgb.shape[:2]
    step = max(1, int(max(h, w) / size))
    return rgb[::step, ::step]


class PdfDoc(PageDoc):
    """A4 pages headed with the lab, the report's title and the case id."""

    def __init__(self, case: Case, lab: str, report_time: str) -> None:
        self.case, self.lab, self.report_time = case, lab, report_time
        super().__init__((lab or "Laboratory", "Blood smear pre-classification report",
                          f"Case {short(case.case_id, 40)}"),
                         f"Case {short(case.case_id, 40)} · version {case.version} · report "
                         f"{report_time}")
