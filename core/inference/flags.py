"""Why a result is uncertain, as typed flags; the sentence a user reads is made from them.

The uncertainty checks (:mod:`core.inference.uncertainty`) and the predictor set flags; every
reader (the review queue, the app's badge, the results files) decides from the flags, and the
one sentence shown or written (``Prediction.reason``) is built here, so no reader searches text.
Results read back from files (a CSV, an evaluation's or a case's JSON) carry only the sentence:
:func:`flags_from_text` and :func:`flags_of_record` turn it back into flags, in one place.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping


class Flag(enum.Enum):
    """One reason for doubt; the value is the review queue's machine-readable kind."""

    NO_CELLS = "no_cells"  # a model that reads white cells found none
    UNLIKE_COLOUR = "ood_colour"  # colour/brightness statistics unlike any training image
    MAGNIFICATION = "ood_magnification"  # finer detail than any training image
    FOCUS = "ood_focus"  # less detail than any training image
    UNLIKE_CONTENT = "ood_content"  # the model's features unlike the training images'
    LOW_CONFIDENCE = "low_confidence"
    SMALL_MARGIN = "small_margin"
    RECLASSIFIED = "reclassified"  # an operator gave the class (a case's reviewed field)

    @property
    def no_result(self) -> bool:
        """The model's answer means nothing here, however confident: no class is given."""
        return self in NO_RESULT_FLAGS

    @property
    def unlike_training(self) -> bool:
        """The image is unlike the training data (the Review tab's "Unlike the training data")."""
        return self.value.startswith("ood_")

    @property
    def weak(self) -> bool:
        """The answer stands but is weak (low confidence, small margin)."""
        return self in (Flag.LOW_CONFIDENCE, Flag.SMALL_MARGIN)


NO_RESULT_FLAGS = frozenset({Flag.NO_CELLS, Flag.UNLIKE_COLOUR, Flag.MAGNIFICATION, Flag.FOCUS,
                             Flag.UNLIKE_CONTENT})

# The sentences, worded as the app, the CLI and the results files have always shown them.
_TEXT = {
    Flag.NO_CELLS: "no white cell found",
    Flag.UNLIKE_COLOUR: "image unlike the training data (colour/brightness)",
    Flag.MAGNIFICATION: "finer detail than any training image (another magnification?)",
    Flag.FOCUS: "less detail than any training image (out of focus?)",
    Flag.UNLIKE_CONTENT: "image unlike the training data (content)",
    Flag.LOW_CONFIDENCE: "low confidence",
    Flag.SMALL_MARGIN: "small margin between the top two classes",
    Flag.RECLASSIFIED: "reclassified by the operator",
}
NO_CELLS_TEXT = _TEXT[Flag.NO_CELLS]


def margin(probabilities: Mapping[str, float]) -> float | None:
    """The top probability less the second (None with fewer than two classes)."""
    if len(probabilities) < 2:
        return None
    first, second = sorted(probabilities.values())[-2:][::-1]
    return first - second


def describe(flags: Iterable[Flag], confidence: float | None = None,
             margin: float | None = None) -> str:
    """The reason sentence for ``flags``, joined by '; ' in the order given.

    ``confidence`` and ``margin`` (0-1) are shown after the weak flags, e.g. "low confidence
    (41%)"; where they are unknown (a result read back without its probabilities) the figure
    is left out rather than made up.
    """
    parts = []
    for flag in flags:
        text = _TEXT[flag]
        value = confidence if flag is Flag.LOW_CONFIDENCE else margin if flag is Flag.SMALL_MARGIN else None
        parts.append(f"{text} ({value:.0%})" if value is not None else text)
    return "; ".join(parts)


def flags_from_text(reason: str) -> tuple[Flag, ...]:
    """The flags a reason sentence was made from (see :func:`describe`); pieces that are no
    flag's sentence (another program's words) are ignored. A leading "no result: " (the CSV
    column's prefix) is allowed."""
    found = []
    text = reason.strip()
    if text.lower().startswith("no result:"):
        text = text[len("no result:"):]
    for piece in text.split(";"):
        piece = piece.strip().lower()
        for flag, sentence in _TEXT.items():
            if piece == sentence or piece.startswith(sentence + " ("):
                if flag not in found:
                    found.append(flag)
                break
    return tuple(found)


def flags_of_record(record: Mapping[str, object]) -> tuple[Flag, ...]:
    """The flags of a prediction stored as a dict: its ``flags`` (kind names) where it has
    them, else the ones its ``reason`` sentence names."""
    kinds = record.get("flags")
    if isinstance(kinds, (list, tuple)):
        by_value = {f.value: f for f in Flag}
        return tuple(by_value[k] for k in kinds if k in by_value)
    return flags_from_text(str(record.get("reason") or ""))
