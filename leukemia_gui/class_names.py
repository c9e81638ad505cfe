"""The four classes' full names in the interface language (``core.classes.FULL_NAMES`` are the
English ones, kept for files and reports)."""

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
