"""Footer line: where classifications are logged (with Change…), whether that log verifies
(its hash chain, core.inference.audit.verify_log) and the research-use notice."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from core.inference.audit import ENV_VAR, AuditCheck, verify_log
from leukemia_gui.context import AppContext
from leukemia_gui.widgets.elided_label import ElidedLabel
from leukemia_gui.worker import Worker, retire

RESEARCH_NOTE = "Research use only — not for diagnostic use."
# A full check of a larger log runs in the background (its speed: docs/reliability.md, the audit
# chain), so opening the app never waits for it; smaller logs are checked at once.
BACKGROUND_CHECK_BYTES = 8 * 2**20


def _verify_in_background(path: Path, *, progress: Any, should_stop: Any) -> AuditCheck:
    return verify_log(path, should_stop=should_stop)


class AuditBarWidget(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.path_label = ElidedLabel()  # a long path is elided: the bar fits a 1024-px screen
        # verified / unchained (older log) / altered, checked on start, on Change… and after
        # every classification (then only the new records: the check continues from the last)
        self.chain_label = QLabel()
        self.chain_label.setTextFormat(Qt.TextFormat.RichText)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._check: AuditCheck | None = None  # the last ok check: later checks continue from it
        self._altered: AuditCheck | None = None  # an altered log stays so until a full recheck
        self._worker: Worker | None = None  # a full check running in the background
        self.change_button = QPushButton(self.tr("Change…"))
        self.change_button.setToolTip("Choose the file every classification is appended to")
        note = QLabel(self.tr("Research use only — not for diagnostic use."))  # RESEARCH_NOTE
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
        self.path_label.setText(self.tr("Audit log: {0}").format(self.context.audit_path))
        from_env = bool(os.environ.get(ENV_VAR))
        self.path_label.setToolTip((f"Set by the {ENV_VAR} environment variable" if from_env
                                    else "Every classification is appended to this file")
                                   + f":\n{self.context.audit_path}")
        self.change_button.setEnabled(not from_env)
        self.full_check()

    def full_check(self) -> None:
        """Check the whole log (at start and when it is changed); in the background when large."""
        self.shutdown()
        self._check = self._altered = None
        path = self.context.audit_path
        try:
            large = path.is_file() and path.stat().st_size > BACKGROUND_CHECK_BYTES
        except OSError:
            large = False
        if not large:
            self.check_log()
            return
        self._show("#495057", "checking the log…", f"Verifying the hash chain of {path}")
        worker = Worker(_verify_in_background, path, parent=self)
        worker.succeeded.connect(lambda check, w=worker: self._on_full_check(w, check))
        worker.failed.connect(lambda message, w=worker: self._on_full_check_failed(w, message))
        self._worker = worker
        worker.start()

    def is_checking(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def _on_full_check(self, worker: Worker, check: AuditCheck) -> None:
        if worker is not self._worker or check.path != self.context.audit_path:
            return  # a check of a log no longer shown
        self._worker = None
        retire(worker)
        if check.ok:
            self._check = check
            self.check_log()  # shows it, and adds records written while it ran
        else:
            self._altered = check
            self._show_check(check)

    def _on_full_check_failed(self, worker: Worker, message: str) -> None:
        if worker is self._worker:
            self._worker = None
            self._show("#c92a2a", "cannot read log", message)

    def shutdown(self) -> None:
        """Stop a background check (the tab or window is closing, or the log changed)."""
        if self._worker is not None:
            self._worker.stop_and_wait()
            self._worker = None

    def check_log(self) -> AuditCheck | None:
        """Verify the log (the new records only, after a first full check) and show the result."""
        if self.is_checking():
            return None  # the background check shows its result, new records included
        if self._altered is not None:
            return self._altered  # appending does not make an altered log whole again
        path = self.context.audit_path
        try:
            since = self._check if self._check is not None and self._check.path == path else None
            check = verify_log(path, since=since)
        except OSError as exc:
            self._check = None
            self._show("#c92a2a", f"cannot read log ({exc.strerror or exc})", str(exc))
            return None
        if check.ok:
            self._check = check
        else:
            self._check, self._altered = None, check
        self._show_check(check)
        return check

    def _show_check(self, check: AuditCheck) -> None:
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

    def _show(self, colour: str, text: str, tip: str) -> None:
        self.chain_label.setText(f"<span style='color:{colour}; font-weight:bold'>"
                                 f"{html.escape(text)}</span>")
        self.chain_label.setToolTip(f"<p>{html.escape(tip)}</p>")

    def _on_change_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Audit log file", str(self.context.audit_path), "JSON lines (*.jsonl)",
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.context.set_audit_path(path)
            self.refresh()
