"""Footer line: where classifications are logged (with Change…), whether that log verifies
(its hash chain, core.inference.audit.verify_log). The research-use notice is the status bar's."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from core.inference.audit import ENV_VAR, AuditCheck, verify_log
from leukemia_gui.context import AppContext
from leukemia_gui.widgets.elided_label import ElidedLabel
from leukemia_gui.tasks import TaskRunner

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
        self.runner = TaskRunner(self)  # a full check running in the background
        self._check_number = 0  # a check's result counts only while it is the latest
        self._checking = False  # a full check is running (its result not yet shown)
        self.change_button = QPushButton(self.tr("Change…"))
        self.change_button.setToolTip(self.tr("Choose the file every classification is appended to"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path_label, 1)
        layout.addWidget(self.chain_label)
        layout.addWidget(self.change_button)
        self.change_button.clicked.connect(self._on_change_button_clicked)
        self.refresh()

    def refresh(self) -> None:
        self.path_label.setText(self.tr("Audit log: {0}").format(self.context.audit_path))
        from_env = bool(os.environ.get(ENV_VAR))
        self.path_label.setToolTip((self.tr("Set by the {0} environment variable").format(ENV_VAR)
                                    if from_env
                                    else self.tr("Every classification is appended to this file"))
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
        self._show("#495057", self.tr("checking the log…"),
                   self.tr("Verifying the hash chain of {0}").format(path))
        self._check_number += 1
        number = self._check_number

        def latest(slot):  # noqa: ANN001, ANN202 - the slot, dropped for a replaced check
            def call(*args) -> None:  # noqa: ANN002
                if number == self._check_number:
                    self._checking = False
                    slot(*args)
            return call

        self._checking = True
        self.runner.start(_verify_in_background, path, on_done=latest(self._on_full_check),
                          on_failed=latest(self._on_full_check_failed))

    def is_checking(self) -> bool:
        return self._checking

    def _on_full_check(self, check: AuditCheck) -> None:
        if check.path != self.context.audit_path:
            return  # a check of a log no longer shown
        if check.ok:
            self._check = check
            self.check_log()  # shows it, and adds records written while it ran
        else:
            self._altered = check
            self._show_check(check)

    def _on_full_check_failed(self, message: str) -> None:
        self._show("#c92a2a", self.tr("cannot read log"), message)

    def shutdown(self) -> None:
        """Stop a background check (the tab or window is closing, or the log changed)."""
        self._check_number += 1  # whatever it still sends is dropped
        self._checking = False
        self.runner.stop_and_wait()

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
            self._show("#c92a2a", self.tr("cannot read log ({0})").format(exc.strerror or exc),
                       str(exc))
            return None
        if check.ok:
            self._check = check
        else:
            self._check, self._altered = None, check
        self._show_check(check)
        return check

    def _show_check(self, check: AuditCheck) -> None:
        loc = QLocale()
        if check.state == "verified":
            torn = (self.tr(", {0} torn by a crash").format(loc.toString(len(check.torn_lines)))
                    if check.torn_lines else "")
            older = (self.tr(" (+{0} older, unchained)").format(loc.toString(check.unchained))
                     if check.unchained else "")
            self._show("#2b8a3e", self.tr("verified / {0} records").format(
                loc.toString(check.chained)) + older + torn, check_tip(check))
        elif check.state == "unchained":
            self._show("#e67700", self.tr("unchained (older log) / {0} records").format(
                loc.toString(check.unchained)), check_tip(check))
        elif check.state == "empty":
            self._show("#495057", self.tr("no records yet"), check_tip(check))
        else:
            self._show("#c92a2a", self.tr("log altered at record {0}").format(check.altered_line),
                       check_tip(check))

    def _show(self, colour: str, text: str, tip: str) -> None:
        self.chain_label.setText(f"<span style='color:{colour}; font-weight:bold'>"
                                 f"{html.escape(text)}</span>")
        self.chain_label.setToolTip(f"<p>{html.escape(tip)}</p>")

    def _on_change_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Audit log file"), str(self.context.audit_path),
            self.tr("JSON lines (*.jsonl)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.context.set_audit_path(path)
            self.refresh()


def check_tip(check: AuditCheck) -> str:
    """:meth:`AuditCheck.summary` in the interface language (the problem's words stay core's)."""
    from core.text import safe_display

    name, loc = safe_display(check.path), QLocale()
    if not check.ok:
        return QCoreApplication.translate(
            "AuditBarWidget", "ALTERED: {0}: line {1}: {2}; the {3} record(s) before it are intact").format(
            name, check.altered_line, check.problem, loc.toString(check.records))
    notes = []
    if check.unchained and check.chained:
        notes.append(QCoreApplication.translate(
            "AuditBarWidget", "{0} older unchained record(s) before the chain, not verifiable").format(
            loc.toString(check.unchained)))
    if check.torn_lines:
        notes.append(QCoreApplication.translate("AuditBarWidget", "{0} line(s) torn by a crash (line {1})")
                     .format(loc.toString(len(check.torn_lines)), ", ".join(map(str, check.torn_lines))))
    extra = "".join(f"; {n}" for n in notes)
    if check.state == "unchained":
        return QCoreApplication.translate(
            "AuditBarWidget", "UNCHAINED: {0}: {1} record(s), all written before the hash chain "
            "(older log); nothing could be verified").format(name, loc.toString(check.unchained)) + extra
    if check.state == "empty":
        return QCoreApplication.translate("AuditBarWidget", "OK: {0}: no records").format(name) + extra
    return QCoreApplication.translate(
        "AuditBarWidget", "OK: {0}: {1} record(s), hash chain intact (head {2})").format(
        name, loc.toString(check.chained), check.head[:16]) + extra
