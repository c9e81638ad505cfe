"""Making a continued model active: refused without an explicit override when it lost more than
a point on its origin's reference (or has none to show); the override is recorded in the card
and the audit log (:func:`core.evaluation.reference.activate_with_override`)."""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from core.evaluation.reference import activate_with_override, activation_block
from core.inference.audit import AuditLog
from core.model.bundle import BundleError, load_bundle
from leukemia_gui.error_text import error_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("Activation", text)


def ask_reason(parent: QWidget | None, block: str) -> str:
    """The override's reason, typed by the user ('' when cancelled). Tests replace this."""
    text, ok = QInputDialog.getText(
        parent, _tr("Make this model active anyway?"),
        _tr("This model {0}.\n\nMaking it active needs an override, recorded in its card (its id "
            "changes) and in the audit log. Why is it needed?").format(block),
        QLineEdit.EchoMode.Normal, "")
    return text.strip() if ok else ""


def override_granted(parent: QWidget | None, context: object, path: Path | str) -> bool:
    """True when ``path`` may be made active: the rule needs no override, the user gave one
    (then recorded), or the folder is no readable model (the caller's own check says why)."""
    try:
        block = activation_block(load_bundle(path).model_card)
    except BundleError:
        return True
    if not block:
        return True
    reason = ask_reason(parent, block)
    if not reason:
        return False
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    try:
        activate_with_override(path, reason, user, audit=AuditLog(context.audit_path))  # type: ignore[attr-defined]
    except (BundleError, ValueError, OSError) as exc:
        QMessageBox.warning(parent, _tr("Use this model"),
                            _tr("This model cannot be used:\n\n{0}").format(error_text(exc)))
        return False
    return True


def activate(parent: QWidget | None, context: object, path: Path | str) -> bool:
    """Make ``path`` the active model, asking for an override when the rule needs one; False
    (after saying why) when it cannot be used or the user declines."""
    if not override_granted(parent, context, path):
        return False
    try:
        context.set_model(path)  # type: ignore[attr-defined]
    except (BundleError, ValueError, OSError) as exc:
        QMessageBox.warning(parent, _tr("Use this model"),
                            _tr("This model cannot be used:\n\n{0}").format(error_text(exc)))
        return False
    return True
