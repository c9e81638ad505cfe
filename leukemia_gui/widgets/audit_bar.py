"""Footer line: where classifications are logged (with Change…) and the research-use notice."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from core.audit import ENV_VAR
from leukemia_gui.context import AppContext

RESEARCH_NOTE = "Research use only — not for diagnostic use."


class AuditBarWidget(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_button = QPushButton("Change…")
        self.change_button.setToolTip("Choose the file every classification is appended to")
        note = QLabel(RESEARCH_NOTE)
        note.setStyleSheet("QLabel { color: #c92a2a; font-weight: bold; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path_label, 1)
        layout.addWidget(self.change_button)
        layout.addSpacing(16)
        layout.addWidget(note)
        self.change_button.clicked.connect(self._on_change_button_clicked)
        self.refresh()

    def refresh(self) -> None:
        self.path_label.setText(f"Audit log: {self.context.audit_path}")
        from_env = bool(os.environ.get(ENV_VAR))
        self.path_label.setToolTip(f"Set by the {ENV_VAR} environment variable" if from_env
                                   else "Every classification is appended to this file")
        self.change_button.setEnabled(not from_env)

    def _on_change_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Audit log file", str(self.context.audit_path), "JSON lines (*.jsonl)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.context.set_audit_path(path)
            self.refresh()
