"""The Train tab's log: what a run was started with, the split it uses, the data checks'
warnings, one line per epoch, and how it ended; in the interface language (translation
context ``TrainTab``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from core.progress import Progress
from core.training.config import ResolvedConfig
from leukemia_gui.tabs.train_text import describe, epoch_line, split_lines, warning_text

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class TrainLogWidget(QPlainTextEdit):
    """Read-only, fixed-width; ``line`` adds any line, the rest word a run's events."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setPlaceholderText(translate("TrainTab", "Training log"))

    def line(self, text: str) -> None:
        self.appendPlainText(text)

    def run_started(self, config: ResolvedConfig, data: Path, out: Path) -> None:
        """What is trained (or continued), on what, with which settings, into which folder."""
        if config.from_model:
            self.line(translate("TrainTab", "Continuing '{0}' model {1} on {2}").format(
                config.arch, config.from_model, data))
        else:
            self.line(translate("TrainTab", "Training '{0}' on {1}").format(config.arch, data))
        self.line("  " + describe(config))
        if config.corrections:
            self.line(translate("TrainTab", "  corrections {0}").format(config.corrections))
        self.line(translate("TrainTab", "  output {0}").format(out))

    def split(self, split_counts: dict[str, dict[str, int]]) -> str:
        """Log the split a run uses; returns what its val_ figures rest on (``n=4``)."""
        lines, val_n = split_lines(split_counts)
        for text in lines:
            self.line(text)
        return val_n

    def warning(self, message: str) -> None:
        """One of the data checks' warnings (core's ``warning`` report)."""
        self.line(translate("TrainTab", "Warning: {0}").format(warning_text(message)))

    def epoch(self, p: Progress, val_n: str | None) -> None:
        self.line(epoch_line(p, val_n))
