"""The four classes and the folder names they go by."""

from __future__ import annotations

import re

CLASSES: tuple[str, ...] = ("Benign", "Early", "Pre", "Pro")

FULL_NAMES: dict[str, str] = {
    "Benign": "Benign (hematogones)",
    "Early": "Early Pre-B ALL",
    "Pre": "Pre-B ALL",
    "Pro": "Pro-B ALL",
}

# Folder names of the public re-release (Kaggle "Blood Cells Cancer (ALL)") and common variants,
# normalised with _normalise().
_ALIASES: dict[str, str] = {
    "benign": "Benign",
    "hematogones": "Benign",
    "early": "Early",
    "earlyprebl": "Early",
    "malignantearlypreb": "Early",
    "earlypreb": "Early",
    "pre": "Pre",
    "preb": "Pre",
    "malignantpreb": "Pre",
    "pro": "Pro",
    "prob": "Pro",
    "malignantprob": "Pro",
}


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def class_for_folder(name: str) -> str | None:
    """Return the canonical class for a folder name, or ``None`` when it is not a known class.

    Matches ``Benign``/``Early``/``Pre``/``Pro`` case-insensitively and the re-release's
    ``[Malignant] early Pre-B``, ``[Malignant] Pre-B`` and ``[Malignant] Pro-B``.
    """
    return _ALIASES.get(_normalise(name))
