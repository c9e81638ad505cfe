"""Help → Getting started: the user guide (``resources/help/getting_started.<lang>.md``, offline),
with what each tab does, where to start, the terms and the keyboard shortcuts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from core.resources import resource_root


def guide_path(language: str = "en") -> Path:
    """The guide in ``language`` (``es``, ``en``), English where none exists."""
    folder = resource_root() / "resources" / "help"
    path = folder / f"getting_started.{language}.md"
    return path if path.is_file() else folder / "getting_started.en.md"


def guide_markdown(language: str = "en") -> str:
    try:
        return guide_path(language).read_text(encoding="utf-8")
    except OSError as exc:  # a damaged install: say so instead of an empty page
        title = QCoreApplication.translate("HelpDialog", "Getting started")
        reason = QCoreApplication.translate("HelpDialog", "The guide could not be read: {0}").format(exc)
        return f"# {title}\n\n{reason}"


class HelpDialog(QDialog):
    """A non-modal window with the guide; ``anchor`` (a heading's text) scrolls there."""

    def __init__(self, language: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Getting started"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(guide_markdown(language))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def show_shortcuts(self) -> None:
        """Scroll to the keyboard shortcuts (the guide's last section)."""
        self.browser.moveCursor(self.browser.textCursor().MoveOperation.End)
        self.browser.ensureCursorVisible()
