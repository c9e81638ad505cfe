"""One field of a case: the image, its SHA-256, the model's result and the operator's review."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.cases.validation import CaseError, now_iso
from core.classes import CLASSES
from core.inference.result import CellReading
from core.text import safe_display

if TYPE_CHECKING:
    from core.inference.result import Prediction


def _sha256(path: Path | str) -> str | None:
    from core.data.images import sha256_file

    try:
        return sha256_file(path)
    except OSError:
        return None


@dataclass
class CaseField:
    """One field of the case: the image, its SHA-256, the model's result and the review."""

    path: str
    sha256: str | None
    result: dict  # Prediction.to_dict() without "path"; never changed by a review
    added: str = ""
    review: dict | None = None  # {"action", "label", "reason", "by", "time"}

    @classmethod
    def from_prediction(cls, pred: Prediction) -> CaseField:
        result = {k: v for k, v in pred.to_dict().items() if k != "path"}
        return cls(safe_display(pred.path or ""), _sha256(pred.path) if pred.path else None,
                   result, now_iso())

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def excluded(self) -> bool:
        return bool(self.review and self.review.get("action") == "exclude")

    @property
    def model_label(self) -> str | None:
        return self.result.get("label")

    @property
    def label(self) -> str | None:
        """The field's class after review (the operator's where reclassified)."""
        if self.review and self.review.get("action") == "reclassify":
            return self.review.get("label")
        return self.model_label

    @property
    def error(self) -> str | None:
        return self.result.get("error")

    @property
    def no_result(self) -> bool:
        return self.result.get("result") == "no result"

    @property
    def uncertain(self) -> bool:
        return self.error is None and bool(self.result.get("uncertain"))

    @property
    def cell_count(self) -> int | None:
        n = self.result.get("cell_count")
        return n if isinstance(n, int) else None

    @property
    def cells(self) -> tuple[CellReading, ...]:
        """The white cells as stored (a box each, and where the model classified cells one by
        one its ``label``, ``probability`` and ``weight``); () when there are none. A stored
        cell without a box of four numbers is left out."""
        stored = self.result.get("cells")
        out = []
        for c in stored if isinstance(stored, list) else ():
            try:
                out.append(CellReading.from_dict(c))
            except (ValueError, AttributeError):
                continue
        return tuple(out)

    @property
    def cells_classified(self) -> bool:
        """The model classified this field's cells one by one (they carry a ``label`` and a
        ``weight``; a field model stores their boxes only)."""
        return any(c.read_by_model for c in self.cells)

    @property
    def cell_classes(self) -> dict[str, int] | None:
        """Per class (all four, in order), the cells the model classified as that class; None
        when it did not classify the field's cells. A review of the field never changes them."""
        cells = self.cells
        if not any(c.read_by_model for c in cells):
            return None
        out = dict.fromkeys(CLASSES, 0)
        for c in cells:
            if c.label in out:
                out[c.label] += 1
        return out

    @property
    def cells_unclassified(self) -> int:
        """Cells found but not classified (beyond the model's limit per field)."""
        cells = self.cells
        return sum(c.label not in CLASSES for c in cells) if any(c.read_by_model for c in cells) else 0

    @property
    def confidence(self) -> float | None:
        c = self.result.get("confidence")
        return float(c) if isinstance(c, (int, float)) else None

    def flags(self) -> list[str]:
        """What a technologist must see beside the field's class."""
        out = []
        if self.error:
            out.append("unreadable")
        elif self.no_result:
            out.append("no result")
        elif self.uncertain:
            out.append("uncertain")
        if self.review:
            act = str(self.review.get("action"))
            out.append({"accept": "accepted", "reclassify": f"reclassified from {self.model_label}",
                        "exclude": "excluded"}.get(act, act))
        return out

    def prediction(self) -> Prediction | None:
        """The field as the case verdict reads it (None when excluded): a reclassified field
        votes for the operator's class with full confidence; an accepted one is no longer
        uncertain."""
        from core.inference.flags import Flag, flags_of_record
        from core.inference.result import Prediction

        if self.excluded:
            return None
        r = self.result
        if self.error is not None:
            return Prediction(self.path, error=str(self.error))
        if self.review and self.review.get("action") == "reclassify":
            label = self.review["label"]
            return Prediction(self.path, label, {c: float(c == label) for c in CLASSES}, 1.0,
                              False, (Flag.RECLASSIFIED,))
        if self.no_result:
            return Prediction(self.path, None, {}, 0.0, True, flags_of_record(r),
                              no_result=True)
        accepted = bool(self.review and self.review.get("action") == "accept")
        probs = {k: float(v) for k, v in (r.get("probabilities") or {}).items()}
        return Prediction(self.path, r.get("label"), probs, float(r.get("confidence") or 0.0),
                          bool(r.get("uncertain")) and not accepted, flags_of_record(r))

    def to_dict(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "result": self.result,
                "added": self.added, "review": self.review}

    @classmethod
    def from_dict(cls, d: dict) -> CaseField:
        if not isinstance(d, dict) or not isinstance(d.get("path"), str) \
                or not isinstance(d.get("result"), dict):
            raise CaseError.of("case.field_incomplete")
        review = d.get("review")
        return cls(d["path"], d.get("sha256"), d["result"], str(d.get("added", "")),
                   review if isinstance(review, dict) else None)
