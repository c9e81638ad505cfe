"""Why a result is uncertain, in the interface language.

:func:`core.inference.flags.describe` words ``Prediction.reason`` in English for the CLI and the
results files (CSV, JSON), which stay English. The app shows the same sentences built here from
the typed flags (:func:`reason_text`, :func:`prediction_reason`), or, for a result read back with
only its sentence, piece by piece from that sentence (:func:`text_reason`). In English every
function returns exactly what core writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QCoreApplication

from core.inference.flags import _TEXT, Flag, flags_of_record
from core.inference.result import Prediction
from leukemia_gui.i18n import fixed


def _flag_sentence(flag: Flag) -> str:
    return {  # QCoreApplication.translate in full: lupdate finds the strings only so
        Flag.NO_CELLS: QCoreApplication.translate("Flags", "no white cell found"),
        Flag.UNLIKE_COLOUR: QCoreApplication.translate(
            "Flags", "image unlike the training data (colour/brightness)"),
        Flag.MAGNIFICATION: QCoreApplication.translate(
            "Flags", "finer detail than any training image (another magnification?)"),
        Flag.FOCUS: QCoreApplication.translate("Flags", "less detail than any training image (out of focus?)"),
        Flag.UNLIKE_CONTENT: QCoreApplication.translate("Flags", "image unlike the training data (content)"),
        Flag.LOW_CONFIDENCE: QCoreApplication.translate("Flags", "low confidence"),
        Flag.SMALL_MARGIN: QCoreApplication.translate("Flags", "small margin between the top two classes"),
        Flag.RECLASSIFIED: QCoreApplication.translate("Flags", "reclassified by the operator"),
    }.get(flag, _TEXT.get(flag, str(flag)))


def _with_figure(sentence: str, figure: str) -> str:
    return QCoreApplication.translate("Flags", "{0} ({1}%)").format(sentence, figure)


def reason_text(flags: Iterable[Flag], confidence: float | None = None,
                margin: float | None = None) -> str:
    """The reason for ``flags`` as :func:`core.inference.flags.describe` words it, in the
    interface language: "low confidence (41%)" / "confianza baja (41 %)"."""
    parts = []
    for flag in flags:
        value = confidence if flag is Flag.LOW_CONFIDENCE else margin if flag is Flag.SMALL_MARGIN else None
        sentence = _flag_sentence(flag)
        parts.append(_with_figure(sentence, fixed(100 * value, 0)) if value is not None else sentence)
    return "; ".join(parts)


def prediction_reason(p: Prediction) -> str:
    """:attr:`Prediction.reason` in the interface language."""
    return reason_text(p.flags, p.confidence if p.probabilities else None, p.margin)


_FIGURE = re.compile(r"^(.*) \((\d+(?:\.\d+)?)%\)$")


def text_reason(reason: str) -> str:
    """A reason sentence as core wrote it (a saved result, a review item), translated piece by
    piece; a piece that is no flag's sentence (another program's words) is kept as it is."""
    if not reason:
        return ""
    by_text = {text: flag for flag, text in _TEXT.items()}
    text = reason.strip()
    prefix = ""
    if text.lower().startswith("no result:"):
        text, prefix = text[len("no result:"):].strip(), QCoreApplication.translate("Flags", "no result: ")
    parts = []
    for piece in text.split(";"):
        piece = piece.strip()
        flag = by_text.get(piece.lower())
        match = _FIGURE.match(piece) if flag is None else None
        if flag is not None:
            parts.append(_flag_sentence(flag))
        elif match and match.group(1).lower() in by_text:
            number = match.group(2)
            decimals = len(number.split(".")[1]) if "." in number else 0
            figure = fixed(float(number), decimals)
            parts.append(_with_figure(_flag_sentence(by_text[match.group(1).lower()]), figure))
        elif piece:
            parts.append(piece)
    return prefix + "; ".join(parts)


def record_reason(record: Mapping[str, object]) -> str:
    """The reason of a prediction stored as a dict (an evaluation's, a case field's): from its
    ``flags`` where it has them, else from its ``reason`` sentence."""
    if isinstance(record.get("flags"), (list, tuple)):
        probs = record.get("probabilities") or {}
        values = sorted(float(v) for v in probs.values()) if isinstance(probs, dict) else []
        margin = values[-1] - values[-2] if len(values) >= 2 else None
        conf = record.get("confidence")
        return reason_text(flags_of_record(record), float(conf) if values and conf is not None else None,
                           margin)
    return text_reason(str(record.get("reason") or ""))


def uncertain_badge(reason: str) -> str:
    """The badge over a result: "UNCERTAIN — <reason>" (or "UNCERTAIN")."""
    if reason:
        return QCoreApplication.translate("Flags", "UNCERTAIN — {0}").format(reason)
    return QCoreApplication.translate("Flags", "UNCERTAIN")
