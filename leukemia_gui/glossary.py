"""Plain-words explanations of the terms the tabs show (tooltips): ECE, pp, uncertain."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def ece_tip() -> str:
    return QCoreApplication.translate(
        "Glossary", "ECE (expected calibration error): how far the stated confidence is from the "
               "share actually right, averaged over confidence bins. 0 % means a 90 % confident "
               "answer is right 9 times in 10; lower is better.")


def pp_tip() -> str:
    return QCoreApplication.translate(
        "Glossary", "pp (percentage points): the plain difference of two percentages, e.g. 90 % to "
               "93 % is +3 pp (not +3 %).")


def uncertain_tip() -> str:
    return QCoreApplication.translate(
        "Glossary", "Uncertain: the model is not sure about this image — the two most likely classes "
               "are close, or the image is unlike the training images (colour or content). "
               "Review such images by eye; the confidence alone does not say so.")


def heatmap_tip() -> str:
    return QCoreApplication.translate(
        "Glossary", "Heatmap: where in the image the model found evidence for the predicted class, "
               "blue (little) to red (much). It shows where the model looked, not a diagnosis.")
