"""A progress bar with a Cancel button and a status line, fed by ``core.progress.Progress``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from core.progress import Progress

# What each core stage means to the user (English; shown through stage_name()).
STAGE_NAMES: dict[str, str] = {
    "scan": "Checking images",
    "hash": "Looking for duplicates",
    "balance": "Balancing classes",
    "train": "Training",
    "epoch": "Training",
    "finalise": "Finishing",
}


def stage_name(stage: str) -> str:
    """A core stage's name in the interface language (an unknown one capitalised)."""
    names = {"scan": QCoreApplication.translate("TaskProgressWidget", "Checking images"),
             "hash": QCoreApplication.translate("TaskProgressWidget", "Looking for duplicates"),
             "balance": QCoreApplication.translate("TaskProgressWidget", "Balancing classes"),
             "train": QCoreApplication.translate("TaskProgressWidget", "Training"),
             "epoch": QCoreApplication.translate("TaskProgressWidget", "Training"),
             "finalise": QCoreApplication.translate("TaskProgressWidget", "Finishing")}
    return names.get(stage, stage.capitalize())


def format_seconds(seconds: float) -> str:
    """``75`` -> ``"1:15"``, ``3725`` -> ``"1:02:05"``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TaskProgressWidget(QWidget):
    """Shows one running task; ``cancel_clicked`` fires when the user asks it to stop."""

    cancel_clicked = Signal()

    def __init__(self, idle_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat("")  # no "0%" while idle
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.setToolTip(self.tr("Stop the running task; nothing half-written is kept."))
        self._cancelled_text = self.tr("Cancelled.")  # what the task runner shows (bar.tr)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.label = QLabel(idle_text)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: palette(mid);" if not idle_text else "")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.label)

    def begin(self, text: str) -> None:
        """A task started: busy bar until the first report, Cancel enabled."""
        self.bar.setRange(0, 0)
        self.bar.setFormat("%p%")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setText(self.tr("Cancel"))
        self.label.setStyleSheet("")
        self.label.setText(text)

    def report(self, p: Progress, text: str | None = None) -> None:
        """Show a progress report (``text`` overrides the default stage wording)."""
        if p.total > 0:
            self.bar.setRange(0, p.total)
            self.bar.setValue(min(p.done, p.total))
        else:
            self.bar.setRange(0, 0)
        if text is None:
            loc = QLocale()
            stage = stage_name(p.stage)
            counts = f" {loc.toString(p.done)}/{loc.toString(p.total)}" if p.total else ""
            text = f"{stage}{counts}" + (f" — {p.message}" if p.message else "")
        self.label.setText(text)

    def cancelling(self) -> None:
        """The user asked to stop; the task ends at its next check."""
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancelling…"))
        self.label.setText(self.tr("Cancelling…"))

    def end(self, text: str, ok: bool = True) -> None:
        """The task ended: full bar on success, empty otherwise; Cancel disabled."""
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if ok else 0)
        self.bar.setFormat(self.tr("Done") if ok and text else "")
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("Cancel"))
        self.label.setStyleSheet("" if ok else "color: #b00020;")
        self.label.setText(text)

    def _on_cancel_button_clicked(self) -> None:
        self.cancelling()
        self.cancel_clicked.emit()
