"""The Review tab's footer: the corrections file every mark is saved to (how many it holds),
"Change…" to choose another, and the research-use notice. Its words are the Review tab's
(translation context ``ReviewTab``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from core.data.corrections import CorrectionsError
from leukemia_gui.error_text import error_text
from leukemia_gui.review_hub import ReviewHub
from leukemia_gui.widgets.elided_label import ElidedLabel

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class CorrectionsFileBar(QWidget):
    """Shows ``hub``'s corrections file (:meth:`refresh`); "Change…" asks for another and sets it
    on the hub, emitting ``message`` when the chosen file is refused, and ``done`` once one was
    chosen."""

    message = Signal(str)
    done = Signal()

    def __init__(self, hub: ReviewHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.file_label = ElidedLabel()  # a long path is elided: the footer fits a small screen
        self.change_file_button = QPushButton(translate("ReviewTab", "Change…"))
        self.change_file_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.change_file_button.setToolTip(translate("ReviewTab", "Choose the corrections CSV the "
                                                     "marks are saved to"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.change_file_button)
        self.change_file_button.clicked.connect(self._on_change_file_button_clicked)

    def refresh(self) -> None:
        path = self.hub.corrections_path
        try:
            count = translate("ReviewTab", "{0} marked").format(len(self.hub.corrections()))
        except CorrectionsError as exc:
            count = translate("ReviewTab", "unusable: {0}").format(error_text(exc))
        self.file_label.setText(translate("ReviewTab", "Corrections file: {0}  ({1})").format(path, count))
        self.file_label.setToolTip(translate("ReviewTab", "{0}\n\nEvery mark is saved here at once; "
                                             "train --from MODEL --corrections FILE applies it").format(path))

    def _on_change_file_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, translate("ReviewTab", "Corrections file"), str(self.hub.corrections_path),
            translate("ReviewTab", "CSV files (*.csv)"), options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        try:
            self.hub.set_corrections_path(path)
        except CorrectionsError as exc:
            self.message.emit(translate("ReviewTab", "Not a corrections file, keeping the old "
                                        "one: {0}").format(error_text(exc)))
        self.done.emit()
