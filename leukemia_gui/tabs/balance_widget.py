"""The Dataset tab's "Balance classes" section: augments a copy of the dataset to a target."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from core.classes import CLASSES
from leukemia_gui.context import AppContext
from leukemia_gui.tasks import TaskRunner
from leukemia_gui.widgets.task_progress import TaskProgressWidget
from leukemia_gui.i18n import fixed


def default_output(source: Path) -> Path:
    """The sibling ``<name>_balanced`` folder: never inside the source, easy to find."""
    return source.with_name(f"{source.name}_balanced")


class BalanceWidget(QGroupBox):
    """Balance every class of the scanned folder into a new folder (the source is only read)."""

    balanced = Signal(object)  # core.data.balance.BalanceResult

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Balance classes (writes a new folder)"))
        self.context = context
        self.source: Path | None = None
        self.result = None

        self.target_spin = QSpinBox()
        self.target_spin.setRange(1, 1_000_000)
        self.target_spin.setGroupSeparatorShown(True)
        self.target_spin.setToolTip(self.tr("Images per class after balancing. Smaller classes are "
                                            "filled with flipped, rotated and zoomed copies of "
                                            "their own images."))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setValue(42)
        self.seed_spin.setToolTip(self.tr("Random seed: the same seed gives the same balanced "
                                          "folder."))
        self.output_edit = QLineEdit()
        self.output_edit.setToolTip(self.tr("A new folder for the balanced copy. The source folder "
                                            "is never changed."))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self._on_choose_button_clicked)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output_edit, 1)
        out_row.addWidget(choose)
        self.start_button = QPushButton(self.tr("Balance"))
        self.start_button.setToolTip(self.tr("Copy the originals and add augmented images to the "
                                             "output folder until every class reaches the target."))
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.task = TaskProgressWidget()
        self.runner = TaskRunner(self, self.task)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)

        for spin in (self.target_spin, self.seed_spin):
            spin.setMaximumWidth(140)
        form = QFormLayout()
        form.addRow(self.tr("Target per class:"), self.target_spin)
        form.addRow(self.tr("Seed:"), self.seed_spin)
        form.addRow(self.tr("Output folder:"), out_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_button)
        start_row.addWidget(self.task, 1)
        layout.addLayout(start_row)
        layout.addWidget(self.result_label)
        self.setEnabled(False)

    # ------------------------------------------------------------------ public

    def set_source(self, source: Path, counts: dict[str, int]) -> None:
        """Offer balancing for a freshly scanned folder."""
        self.source = Path(source)
        self.target_spin.setValue(max([*counts.values(), 1]))
        self.output_edit.setText(str(default_output(self.source)))
        self.result_label.clear()
        self.task.end("", ok=False)
        self.setEnabled(any(counts.values()))

    def start(self) -> None:
        """Run ``core.data.balance.balance`` in the background with the chosen settings."""
        from core.data import balance as augment  # looked up at call time so tests can slow it down

        if self.source is None or self.is_busy():
            return
        out = Path(self.output_edit.text().strip() or default_output(self.source))
        self.context.remember_folder("balance_out", out.parent)
        self.result = None
        self.result_label.clear()
        self._set_running(True)
        self.runner.start(augment.balance, self.source, out, target=self.target_spin.value(),
                          seed=self.seed_spin.value(), on_done=self._on_task_done,
                          on_failed=self._on_task_failed, on_cancelled=self._on_task_cancelled,
                          text=self.tr("Balancing into {0} …").format(out))

    def is_busy(self) -> bool:
        return self.runner.is_busy()

    def shutdown(self) -> None:
        """Cancel and wait: the core removes its temporary folder, so nothing is half-written."""
        self.runner.stop_and_wait()

    # ------------------------------------------------------------------ slots

    def _set_running(self, running: bool) -> None:
        for w in (self.start_button, self.target_spin, self.seed_spin, self.output_edit):
            w.setEnabled(not running)

    def _on_choose_button_clicked(self) -> None:
        start = self.output_edit.text() or self.context.folder("balance_out")
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Output folder for the balanced copy"), start)
        if path:
            self.output_edit.setText(path)

    def _on_start_button_clicked(self) -> None:
        self.start()

    def _on_task_done(self, result: object) -> None:
        self.result = result
        self._set_running(False)
        loc = QLocale()
        after = ", ".join(f"{c} {loc.toString(result.counts_after.get(c, 0))}" for c in CLASSES)
        if result.up_to_date:
            self.task.end(self.tr("Already balanced: {0} is up to date.").format(result.out_dir))
        else:
            self.task.end(self.tr("Done in {0} s.").format(fixed(result.seconds, 1)))
        text = self.tr("<b>{0}</b> new images written to <code>{1}</code>.<br>Now: {2}.").format(
            loc.toString(result.generated), result.out_dir, after)
        if result.skipped:
            text += " " + self.tr("{0} file(s) skipped (unreadable).").format(
                loc.toString(len(result.skipped)))
        self.result_label.setText(text)
        self.balanced.emit(result)

    def _on_task_failed(self, message: str) -> None:
        self._set_running(False)
        self.task.end(self.tr("Balancing failed: {0}").format(message), ok=False)

    def _on_task_cancelled(self) -> None:
        self._set_running(False)
        self.task.end(self.tr("Balancing cancelled; no output folder was written."), ok=False)
