"""A case's white cells by class and its percentage of blasts (for a model that reads cells).

What counts, precisely:

* **Cells counted** are the white cells of the *included* fields, the ones the case reading
  rests on (:meth:`core.cases.case.Case.usable`: not excluded, readable, with a class, the
  model's or the operator's) that the model classified one by one (a ``cells`` model stores
  each cell's ``label`` and ``probability`` in the field's result). A field with no result that
  the operator did not reclassify, an excluded field and an unreadable one add no cell. Cells
  beyond the model's limit per field (``max_cells``) were found but not classified: they are
  reported as "not classified", never in the denominator.
* **Blasts** are the cells classified as one of the three malignant classes (Early Pre-B,
  Pre-B, Pro-B: lymphoblasts of the ALL subtypes). Benign cells are hematogones, benign
  B-lymphocyte precursors, and are not blasts. The percentage of blasts is blasts over all
  the cells counted, with its 95% Wilson interval.
* **Reclassifying a field** changes the field's class, not its cells': the operator judged
  the field, not each cell, so the cells keep the class the model gave them and stay counted.
  How many of the counted cells (and blasts) lie in reclassified fields is reported beside the
  figure, so a reader sees how much of it rests on fields whose model reading was overruled.
  Excluding a field removes its cells.
* A model that classifies whole fields (the ``default`` and ``seed`` architectures) has no
  per-cell classes: :attr:`CellCounts.available` is False and every place that shows the
  figure says so instead of showing 0%.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.cases.field import CaseField
from core.classes import CLASSES
from core.evaluation.metrics import wilson_interval

BENIGN = "Benign"
BLAST_CLASSES: tuple[str, ...] = tuple(c for c in CLASSES if c != BENIGN)  # Early, Pre, Pro
CELLS_ARCH = "cells"
BLAST_DEFINITION = ("Blasts: cells classified Early Pre-B, Pre-B or Pro-B (lymphoblasts); Benign "
                    "cells are hematogones. Denominator: every white cell classified in the "
                    "included fields (not excluded, readable, with a class).")
NO_CELL_CLASSES = "no per-cell classes: this model classifies whole fields, not cells"


@dataclass(frozen=True)
class CellCounts:
    """The case's cells per class over its included fields (see the module's notes)."""

    available: bool  # the model classified cells (else: no per-cell classes, say so)
    per_class: dict[str, int] = field(default_factory=dict)
    fields: int = 0  # included fields whose cells were counted
    unclassified: int = 0  # found in the included fields, beyond the per-field limit
    reclassified_fields: int = 0  # included fields the operator reclassified
    reclassified_cells: int = 0  # of the counted cells, those in reclassified fields
    reclassified_blasts: int = 0

    @property
    def total(self) -> int:
        return sum(self.per_class.values())

    @property
    def blasts(self) -> int:
        return sum(self.per_class.get(c, 0) for c in BLAST_CLASSES)

    @property
    def blast_fraction(self) -> float | None:
        """Blasts over the cells counted; None without a model that reads cells or a cell."""
        return self.blasts / self.total if self.available and self.total else None

    @property
    def blast_ci95(self) -> tuple[float, float] | None:
        """95% Wilson interval of the blast fraction (None where there is no fraction)."""
        return wilson_interval(self.blasts, self.total) if self.blast_fraction is not None else None

    def fraction(self, cls: str) -> float | None:
        return self.per_class.get(cls, 0) / self.total if self.available and self.total else None

    def blast_text(self, ci: bool = True) -> str:
        """"Blasts 62.0% (124 of 200 cells; 95% CI 55.1-68.4%)", or why there is no figure."""
        if not self.available:
            return "Blasts: not available (" + NO_CELL_CLASSES + ")"
        f, interval = self.blast_fraction, self.blast_ci95
        if f is None or interval is None:
            return "Blasts: no classified cell in the included fields"
        text = f"Blasts {100 * f:.1f}% ({self.blasts} of {self.total} cells"
        if ci:
            text += f"; 95% CI {100 * interval[0]:.1f}-{100 * interval[1]:.1f}%"
        return text + ")"

    def notes(self) -> list[str]:
        """What a reader must know about the count (reclassified fields, cells not classified)."""
        out = []
        if self.reclassified_cells:
            out.append(f"{self.reclassified_cells} of the cells ({self.reclassified_blasts} "
                       f"blasts) are in {self.reclassified_fields} field(s) the operator "
                       "reclassified: counted as the model classified them")
        if self.unclassified:
            out.append(f"{self.unclassified} cell(s) beyond the model's limit per field not "
                       "classified, not counted")
        return out

    def per_class_text(self) -> str:
        """"Benign 76, Early 50, Pre 70, Pro 4" ('' without per-cell classes)."""
        if not self.available:
            return ""
        return ", ".join(f"{c} {self.per_class.get(c, 0)}" for c in CLASSES)

    def to_dict(self) -> dict[str, Any]:
        f, ci = self.blast_fraction, self.blast_ci95
        return {"available": self.available,
                "per_class": dict(self.per_class) if self.available else None,
                "total": self.total if self.available else None,
                "blasts": self.blasts if self.available else None,
                "blast_percent": None if f is None else round(100 * f, 4),
                "blast_ci95": None if ci is None else [round(100 * ci[0], 4), round(100 * ci[1], 4)],
                "fields": self.fields, "unclassified": self.unclassified,
                "reclassified_fields": self.reclassified_fields,
                "reclassified_cells": self.reclassified_cells,
                "reclassified_blasts": self.reclassified_blasts,
                "blast_classes": list(BLAST_CLASSES),
                "definition": BLAST_DEFINITION if self.available else NO_CELL_CLASSES}


def reads_cells(fields: Sequence[CaseField], model: dict | None) -> bool:
    """The case's model classified cells: its architecture is ``cells``, or a field's cells
    carry classes (a case file that does not record the architecture)."""
    return (model or {}).get("architecture") == CELLS_ARCH or any(f.cells_classified for f in fields)


def count_cells(fields: Sequence[CaseField], included: Iterable[int], model: dict | None) -> CellCounts:
    """The cells per class over the ``included`` fields (indexes into ``fields``; the case's
    :meth:`~core.cases.case.Case.usable`), given the case's ``model`` facts (see the module's
    notes)."""
    if not reads_cells(fields, model):
        return CellCounts(False)
    totals = dict.fromkeys(CLASSES, 0)
    n_fields = unread = re_fields = re_cells = re_blasts = 0
    for i in included:
        f = fields[i]
        mine = f.cell_classes
        if mine is None:
            if f.result.get("cells") != []:
                continue  # cells not looked for, or not classified: nothing to count
            mine = dict.fromkeys(CLASSES, 0)  # the model looked and found none
        n_fields += 1
        unread += f.cells_unclassified
        for c, n in mine.items():
            totals[c] += n
        if f.review and f.review.get("action") == "reclassify":
            re_fields += 1
            re_cells += sum(mine.values())
            re_blasts += sum(mine[c] for c in BLAST_CLASSES)
    return CellCounts(True, totals, n_fields, unread, re_fields, re_cells, re_blasts)
