"""One image's result (:class:`Prediction`) and several fields of one case read together."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from core.classes import FULL_NAMES
from core.inference.flags import NO_CELLS_TEXT, Flag, describe, margin

NO_RESULT = "no result"
NO_CELLS = NO_CELLS_TEXT


_BOX_KEYS = ("x", "y", "w", "h")


@dataclass(frozen=True)
class CellReading:
    """One white cell of a field as a :class:`Prediction` carries it: its box (``x, y, w, h``,
    top-left corner and size), mask ``area`` and centre (``cx, cy``) in the image's pixels, as
    :meth:`core.cells.Cell.to_dict` gives them; and, where a cells model read the field, the
    model's reading of it: ``label`` and ``probability`` (the head's classifier on the cell
    alone) and ``weight`` (its share of the field's answer). ``weight`` None: a field model's
    cell, found, not read; a cell past the model's limit per field has weight 0 and no label.
    """

    x: int
    y: int
    w: int
    h: int
    area: int = 0
    cx: float = 0.0
    cy: float = 0.0
    label: str | None = None
    probability: float | None = None
    weight: float | None = None

    @property
    def read_by_model(self) -> bool:
        """A cells model read the field this cell is in (it has a weight, maybe 0, and a
        label where it was within the model's limit)."""
        return self.weight is not None

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.x, self.y, self.w, self.h

    def to_dict(self) -> dict[str, object]:
        """The cell as results, case and audit files store it (keys in this order)."""
        out: dict[str, object] = {"x": self.x, "y": self.y, "w": self.w, "h": self.h, "area": self.area,
                                  "cx": self.cx, "cy": self.cy}
        if self.weight is not None:
            out.update(label=self.label, probability=self.probability, weight=self.weight)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> CellReading:
        """A cell as a results or case file stores it (:meth:`to_dict`). A missing ``area`` is
        0 and a missing centre the box's; ValueError when the box is not four numbers."""
        box = [d.get(k) for k in _BOX_KEYS]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in box):
            raise ValueError(f"a cell needs a box of four numbers, not {dict(d)!r}")
        x, y, w, h = (int(v) for v in box)  # type: ignore[call-overload]

        def number(key: str, default: float) -> float:
            v = d.get(key)
            return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else default

        read = "weight" in d or "label" in d
        label = d.get("label")
        p = d.get("probability")
        return cls(x, y, w, h, int(number("area", 0)), number("cx", x + w / 2), number("cy", y + h / 2),
                   label if isinstance(label, str) else None,
                   float(p) if isinstance(p, (int, float)) and not isinstance(p, bool) else None,
                   number("weight", 0.0) if read else None)


@dataclass(frozen=True)
class Prediction:
    """One image's result, or the reason it has none (``error``).

    A field unlike the training images (``no_result``: another kind of image, another
    magnification, out of focus) has no class: ``label`` is None and ``flags`` say why; the
    model's top class is kept in ``top_class`` only for scoring labelled data (evaluate,
    review), never shown or exported as a result. A field that is only low-confidence keeps
    its ``label``, with ``uncertain`` set. ``reason``, the sentence users read, is made from
    ``flags`` (:func:`core.inference.flags.describe`).
    """

    path: str | None
    label: str | None = None
    probabilities: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0
    uncertain: bool = True
    flags: tuple[Flag, ...] = ()
    error: str | None = None
    no_result: bool = False
    top_class: str | None = None  # the model's arg-max, also when there is no result
    cells: tuple[CellReading, ...] | None = None  # white cells found (boxes in image pixels); None: not looked for
    # ``error`` as a code and the values of its sentence (core.data.images.IMAGE_ERROR_CODES, or
    # "predict.invalid_output"), so an interface can word it in its own language
    error_code: str | None = None
    error_params: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # a reason sentence where the flags belong (the field's old meaning) would pass
        # silently as a tuple of characters
        if not isinstance(self.flags, tuple) or not all(isinstance(f, Flag) for f in self.flags):
            raise TypeError(f"Prediction.flags must be a tuple of Flag, not {self.flags!r}")

    @property
    def full_name(self) -> str:
        return FULL_NAMES.get(self.label or "", "")

    @property
    def cell_count(self) -> int | None:
        return None if self.cells is None else len(self.cells)

    @property
    def margin(self) -> float | None:
        """The top probability less the second (None without probabilities)."""
        return margin(self.probabilities)

    @property
    def reason(self) -> str:
        """Why the result is uncertain, in words ("" when it is not, or for an error)."""
        return describe(self.flags, self.confidence if self.probabilities else None, self.margin)

    def to_dict(self) -> dict:
        if self.error is not None:
            return {"path": self.path, "error": self.error}
        cells = {} if self.cells is None else {"cell_count": len(self.cells),
                                               "cells": [c.to_dict() for c in self.cells]}
        if self.no_result:
            return {"path": self.path, "label": None, "full_name": None, "result": NO_RESULT,
                    "probabilities": None, "confidence": None, "uncertain": True,
                    "reason": self.reason, **cells}
        return {
            "path": self.path,
            "label": self.label,
            "full_name": self.full_name,
            "probabilities": {k: round(v, 6) for k, v in self.probabilities.items()},
            "confidence": round(self.confidence, 6),
            "uncertain": self.uncertain,
            "reason": self.reason,
            **cells,
        }


@dataclass(frozen=True)
class CaseSummary:
    """Several fields of one smear (one case) read together.

    The case's probabilities are the mean over its confidently classified fields; fields
    flagged uncertain (blank, over-exposed, another stain...) do not vote unless no field is
    confident. Field errors cluster in patients but rarely reach half of one; how this reads
    the benchmark's test blocks is in docs/benchmarks.md, "Case level".
    """

    label: str | None
    probabilities: dict[str, float]
    fields: int  # fields classified (errors excluded)
    voting: int  # fields whose probabilities were averaged
    agree: int  # classified fields whose own label is the case's label
    errors: int
    no_result: int = 0  # fields unlike the training images: no class, left out of the case

    @property
    def uncertain_fields(self) -> int:
        """Classified fields flagged uncertain (the ones left out of the mean, if any voted)."""
        return self.fields - self.voting

    @property
    def confidence(self) -> float:
        return self.probabilities.get(self.label or "", 0.0)

    @property
    def uncertain(self) -> bool:
        """No verdict to lean on: no confident field, or fewer than half of them agree."""
        return bool(self.reason)

    @property
    def full_name(self) -> str:
        return FULL_NAMES.get(self.label or "", "")

    def describe(self) -> str:
        unlike = (f"; {self.no_result} field(s) unlike the training images, no result"
                  if self.no_result else "")
        if self.label is None:
            return self.reason + (f" ({self.errors} unreadable)" if self.errors else "") + unlike
        if self.voting:
            basis = f"mean over {self.voting} confident field(s)"
            if self.uncertain_fields:
                basis += f"; {self.uncertain_fields} uncertain field(s) not counted"
        else:
            basis = f"all {self.fields} field(s) uncertain, mean over all"
        text = (f"{self.full_name} {self.confidence:.1%} ({basis}); "
                f"{self.agree} of {self.fields} field(s) agree")
        if self.errors:
            text += f"; {self.errors} unreadable"
        text += unlike
        return text + (f" — UNCERTAIN: {self.reason}" if self.uncertain else "")

    @property
    def reason(self) -> str:
        """Why the case is uncertain ("" when it is not)."""
        if self.label is None:
            if self.no_result:
                return "no field is like the training images"
            return "no field could be classified" if self.errors else "no fields"
        if self.voting == 0:
            return "no field was classified with confidence"
        if self.agree * 2 < self.fields:
            return f"only {self.agree} of {self.fields} fields agree"
        return ""

    def to_dict(self) -> dict:
        return {"label": self.label, "full_name": self.full_name,
                "probabilities": {k: round(v, 6) for k, v in self.probabilities.items()},
                "confidence": round(self.confidence, 6), "uncertain": self.uncertain,
                "reason": self.reason, "fields": self.fields, "voting": self.voting, "agree": self.agree,
                "uncertain_fields": self.uncertain_fields, "errors": self.errors,
                "no_result": self.no_result}


def summarize_case(preds: Iterable[Prediction]) -> CaseSummary:
    """Read the fields of one case together (see :class:`CaseSummary`)."""
    preds = list(preds)
    done = [p for p in preds if p.error is None and p.label is not None]
    unlike = sum(p.error is None and p.no_result for p in preds)
    errors = len(preds) - len(done) - unlike
    confident = [p for p in done if not p.uncertain]
    voters = confident or done
    if not voters:
        return CaseSummary(None, {}, 0, 0, 0, errors, unlike)
    classes = list(voters[0].probabilities)
    mean = np.mean([[p.probabilities[c] for c in classes] for p in voters], axis=0)
    label = classes[int(np.argmax(mean))]
    return CaseSummary(label, {c: float(v) for c, v in zip(classes, mean)}, len(done),
                       len(confident), sum(p.label == label for p in done), errors, unlike)
