"""The four classes' full and short names in the interface language (``core.classes.FULL_NAMES``
are the English ones, kept for files and reports), and each class's colour."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.classes import FULL_NAMES


def _names() -> dict[str, str]:
    return {  # QCoreApplication.translate in full: lupdate finds the strings only so
        "Benign": QCoreApplication.translate("ClassNames", "Benign (hematogones)"),
        "Early": QCoreApplication.translate("ClassNames", "Early Pre-B ALL"),
        "Pre": QCoreApplication.translate("ClassNames", "Pre-B ALL"),
        "Pro": QCoreApplication.translate("ClassNames", "Pro-B ALL"),
    }


def full_name(label: str) -> str:
    """``"Early"`` -> ``"Early Pre-B ALL"`` (or its translation); an unknown label as it is."""
    return _names().get(label, FULL_NAMES.get(label, label))


def _short() -> dict[str, str]:
    return {
        "Benign": QCoreApplication.translate("ClassNames", "Benign"),
        "Early": QCoreApplication.translate("ClassNames", "Early Pre-B"),
        "Pre": QCoreApplication.translate("ClassNames", "Pre-B"),
        "Pro": QCoreApplication.translate("ClassNames", "Pro-B"),
    }


def short_name(label: str) -> str:
    """``"Early"`` -> ``"Early Pre-B"`` (or its translation): the class in few letters, for the
    labels on cell boxes and crops; an unknown label as it is."""
    return _short().get(label, label)


def class_colour(label: str | None) -> tuple[int, int, int]:
    """The colour of ``label`` (RGB) wherever a class is drawn: boxes, crops, legends, groups;
    ``core.cells.render``'s palette, the CLI's too. None or an unknown label: near-black."""
    from core.cells.render import CLASS_COLOURS

    return CLASS_COLOURS.get(label, CLASS_COLOURS[None])
