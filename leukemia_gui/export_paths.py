"""Where an export goes: never over an existing file without asking (issue #20, item 7).

The save dialogs are opened with ``DontConfirmOverwrite`` and the check is made here, the same
way for every export: a name that exists gets a question (replace it, keep both by writing a
new name, or cancel); a path that must not be written (a folder, an input) is refused by
:func:`core.fileutil.guard_output_file`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from core.fileutil import guard_output_file

REPLACE, KEEP_BOTH = "replace", "new name"
# what the callers export, named in the question in the interface language
_WHAT = (QT_TRANSLATE_NOOP("ExportPaths", "results file"), QT_TRANSLATE_NOOP("ExportPaths", "comparison"),
         QT_TRANSLATE_NOOP("ExportPaths", "report"))


def free_name(path: Path) -> Path:
    """``path``, or ``name (2).ext``, ``name (3).ext``... the first that does not exist."""
    path = Path(path)
    k = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} ({k}){path.suffix}")
        k += 1
    return candidate


def ask_replace(parent: QWidget | None, what: str, existing: str) -> str | None:
    """Ask what to do about an existing export: REPLACE, KEEP_BOTH or None (cancel)."""
    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
    box = QMessageBox(QMessageBox.Icon.Question, translate("ExportPaths", "File exists"),
                      translate("ExportPaths", "{0} already exists.\n\nReplace it, or write the {1} under a "
                                "new name and keep the old one?").format(existing, translate("ExportPaths", what)),
                      QMessageBox.StandardButton.NoButton, parent)
    keep = box.addButton(translate("ExportPaths", "Keep both (new name)"), QMessageBox.ButtonRole.AcceptRole)
    replace = box.addButton(translate("ExportPaths", "Replace"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    return KEEP_BOTH if clicked is keep else REPLACE if clicked is replace else None


def confirm_output_file(parent: QWidget | None, path: Path | str, suffix: str, what: str,
                        inputs: Iterable[Path | str] = ()) -> Path | None:
    """The file to write for a save dialog's ``path`` (``suffix`` added when it has none), or
    None when the user cancels. Raises :class:`core.fileutil.OutputRefused` for a path that
    must not be written."""
    p = Path(path)
    if not p.suffix:
        p = p.with_name(p.name + suffix)
    guard_output_file(p, inputs=inputs, what=what)
    if p.exists():
        choice = ask_replace(parent, what, str(p))
        if choice is None:
            return None
        if choice == KEEP_BOTH:
            p = free_name(p)
    return p


def confirm_report_folder(parent: QWidget | None, folder: Path | str, names: Iterable[str],
                          what: str = "report") -> Path | None:
    """The folder to write a report's ``names`` into: ``folder`` when none of them is there,
    else (asked) the same folder to replace them or a new dated subfolder; None: cancelled."""
    folder = Path(folder)
    present = [n for n in names if (folder / n).exists()]
    if not present:
        return folder
    choice = ask_replace(parent, what, QCoreApplication.translate("ExportPaths", "A {0} ({1}) in {2}").format(
        QCoreApplication.translate("ExportPaths", what), ", ".join(present), folder))
    if choice is None:
        return None
    if choice == KEEP_BOTH:
        return free_name(folder / f"{what}-{datetime.now():%Y%m%d-%H%M%S}")
    return folder
