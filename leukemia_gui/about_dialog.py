"""Help → About: version, the active model, the research-use notice and the data citation."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

import core
from core.model.bundle import Bundle
from leukemia_gui.core_text import accuracy_text, card_time

NOTICE = "Research use only — not for diagnostic use."
CITATION = ("M. Aria, M. Ghaderzadeh, D. Bashash, H. Abolghasemi, F. Asadi, A. Hosseini, "
            "“Acute Lymphoblastic Leukemia (ALL) image dataset”, Mendeley Data, 2021.")


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def model_summary(bundle: Bundle | None, error: str | None = None) -> str:
    """A few HTML lines describing the active model card."""
    if bundle is None:
        return (f"<i>{QCoreApplication.translate('AboutDialog', 'No model loaded.')}</i> "
                f"{escape(error or '')}")
    card = bundle.model_card
    epochs = card.training.epochs_run if card.training and card.training.epochs_run is not None else "?"
    trained = QCoreApplication.translate("AboutDialog", "{0} epochs on {1} images").format(
        epochs, QLocale().toString(card.images("train")))
    rows = [
        (QCoreApplication.translate("AboutDialog", "Model"), bundle.model_id),
        (QCoreApplication.translate("AboutDialog", "Architecture"), card.architecture or "?"),
        (QCoreApplication.translate("AboutDialog", "Input"),
         " × ".join(str(v) for v in card.input_shape or ())),
        (QCoreApplication.translate("AboutDialog", "Created"), card_time(card.created or "?")),
        (QCoreApplication.translate("AboutDialog", "Trained"), trained),
        (QCoreApplication.translate("AboutDialog", "Accuracy"), _capitalized(accuracy_text(bundle))),
        (QCoreApplication.translate("AboutDialog", "Folder"), str(bundle.path)),
    ]
    return "<table>" + "".join(
        f"<tr><td style='padding-right:10px'><b>{escape(k)}</b></td><td>{escape(str(v))}</td></tr>"
        for k, v in rows) + "</table>"


class AboutDialog(QDialog):
    """A modal About box; the research-use notice is the first thing it says."""

    def __init__(self, bundle: Bundle | None, model_error: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About ALL Classifier"))
        notice = QLabel(self.tr("Research use only — not for diagnostic use."))
        notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        notice.setStyleSheet("background:#fdecea; color:#8a1c1c; border:1px solid #e0a0a0;"
                             "border-radius:4px; padding:8px; font-weight:bold; font-size:14px;")
        title = QLabel("<h2>" + self.tr("ALL blood smear classifier") + "</h2>"
                       + self.tr("Version {0}").format(escape(core.__version__)) + "<br>"
                       + self.tr("Classifies peripheral blood smear images into Benign "
                                 "(hematogones), Early Pre-B, Pre-B and Pro-B acute "
                                 "lymphoblastic leukemia."))
        title.setWordWrap(True)
        model = QLabel("<h3>" + self.tr("Active model") + "</h3>" + model_summary(bundle, model_error))
        model.setWordWrap(True)
        model.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        data = QLabel("<h3>" + self.tr("Data") + "</h3>" + self.tr("The models are trained on:")
                      + f"<br>{escape(CITATION)}")
        data.setWordWrap(True)
        data.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(notice)
        layout.addWidget(title)
        layout.addWidget(model)
        layout.addWidget(data)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
