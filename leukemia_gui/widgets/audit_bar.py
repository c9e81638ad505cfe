"""Footer line: where classifications are logged (with Change…), whether that log verifies
(its hash chain, core.audit.verify_log) and the research-use notice."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from core.audit import ENV_VAR, AuditCheck, verify_log
from leukemia_gui.context import AppContext

RESEARCH_NOTE = "Research use only — not for diagnostic use."


class AuditBarWidget(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.path_label = QLabel()
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # verified / unchained (older log) / altered, checked on start, on Change… and after
        # every classification (then only the new records: the check continues from the last)
        self.chain_label = QLabel()
        self.chain_label.setTextFormat(Qt.TextFormat.RichText)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._check: AuditCheck | None = None
        self.change_button = QPushButton("Change…")
        self.change_button.setToolTip("Choose the file every classification is appended to")
        note = QLabel(RESEARCH_NOTE)
        note.setStyleSheet("QLabel { color: #c92a2a; font-weight: bold; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path_label, 1)
        layout.addWidget(self.chain_label)
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
        self._check = None
        self.check_log()

    def check_log(self) -> AuditCheck | None:
        """Verify the log (the new records only, after a first full check) and show the result."""
        path = self.context.audit_path
        try:
            since = self._check if self._check is not None and self._check.path == path else None
            check = verify_log(path, since=since)
        except OSError as exc:
            self._check = None
            self._show("#c92a2a", f"cannot read log ({exc.strerror or exc})", str(exc))
            return None
        self._check = check if check.ok else None  # an altered log is checked in full again
        if check.state == "verified":
            torn = f", {len(check.torn_lines)} torn by a crash" if check.torn_lines else ""
            older = f" (+{check.unchained} older, unchained)" if check.unchained else ""
            self._show("#2b8a3e", f"verified / {check.chained} records{older}{torn}", check.summary())
        elif check.state == "unchained":
            self._show("#e67700", f"unchained (older log) / {check.unchained} records",
                       check.summary())
        elif check.state == "empty":
            self._show("#495057", "no records yet", check.summary())
        else:
            self._show("#c92a2a", f"log altered at record {check.altered_line}", check.summary())
        return check

    def _show(self, colour: str, text: str, tip: str) -> None:
        self.chain_label.setText(f"<span style='color:{colour}; font-weight:bold'>{text}</span>")
        self.chain_label.setToolTip(tip)

    def _on_change_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Audit log file", str(self.context.audit_path), "JSON lines (*.jsonl)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.context.set_audit_path(path)
            self.refresh()
