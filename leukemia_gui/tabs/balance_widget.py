"""The Dataset tab's "Balance classes" section: augments a copy of the dataset to a target."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from core.classes import CLASSES
from core.progress import Progress
from leukemia_gui.context import AppContext
from leukemia_gui.widgets.task_progress import TaskProgressWidget
from leukemia_gui.worker import Worker, retire


def default_output(source: Path) -> Path:
    """The sibling ``<name>_balanced`` folder: never inside the source, easy to find."""
    return source.with_name(f"{source.name}_balanced")


class BalanceWidget(QGroupBox):
    """Balance every class of the scanned folder into a new folder (the source is only read)."""

    balanced = Signal(object)  # core.data.balance.BalanceResult

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Balance classes (writes a new folder)", parent)
        self.context = context
        self.source: Path | None = None
        self.result = None
        self._worker: Worker | None = None

        self.target_spin = QSpinBox()
        self.target_spin.setRange(1, 1_000_000)
        self.target_spin.setToolTip("Images per class after balancing. Smaller classes are filled "
                                    "with flipped, rotated and zoomed copies of their own images.")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setValue(42)
        self.seed_spin.setToolTip("Random seed: the same seed gives the same balanced folder.")
        self.output_edit = QLineEdit()
        self.output_edit.setToolTip("A new folder for the balanced copy. The source folder is "
                                    "never changed.")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._on_choose_button_clicked)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output_edit, 1)
        out_row.addWidget(choose)
        self.start_button = QPushButton("Balance")
        self.start_button.setToolTip("Copy the originals and add augmented images to the output "
                                     "folder until every class reaches the target.")
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.task = TaskProgressWidget()
        self.task.cancel_clicked.connect(self._on_task_cancel_clicked)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)

        for spin in (self.target_spin, self.seed_spin):
            spin.setMaximumWidth(140)
        form = QFormLayout()
        form.addRow("Target per class:", self.target_spin)
        form.addRow("Seed:", self.seed_spin)
        form.addRow("Output folder:", out_row)
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
        """Run ``core.data.balance.balance`` in the worker with the chosen settings."""
        from core.data import balance as augment  # looked up at call time so tests can slow it down

        if self.source is None or self.is_busy():
            return
        out = Path(self.output_edit.text().strip() or default_output(self.source))
        self.context.remember_folder("balance_out", out.parent)
        self.result = None
        self.result_label.clear()
        retire(self._worker)
        self._worker = Worker(augment.balance, self.source, out, target=self.target_spin.value(),
                              seed=self.seed_spin.value(), parent=self)
        self._worker.progress.connect(self._on_worker_progress)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.cancelled.connect(self._on_worker_cancelled)
        self._set_running(True)
        self.task.begin(f"Balancing into {out} …")
        self._worker.start()

    def is_busy(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def shutdown(self) -> None:
        """Cancel and wait: the core removes its temporary folder, so nothing is half-written."""
        if self._worker is not None:
            self._worker.stop_and_wait()

    # ------------------------------------------------------------------ slots

    def _set_running(self, running: bool) -> None:
        for w in (self.start_button, self.target_spin, self.seed_spin, self.output_edit):
            w.setEnabled(not running)

    def _on_choose_button_clicked(self) -> None:
        start = self.output_edit.text() or self.context.folder("balance_out")
        path = QFileDialog.getExistingDirectory(self, "Output folder for the balanced copy", start)
        if path:
            self.output_edit.setText(path)

    def _on_start_button_clicked(self) -> None:
        self.start()

    def _on_task_cancel_clicked(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def _on_worker_progress(self, p: Progress) -> None:
        self.task.report(p)

    def _on_worker_succeeded(self, result: object) -> None:
        self.result = result
        self._set_running(False)
        after = ", ".join(f"{c} {result.counts_after.get(c, 0):,}" for c in CLASSES)
        if result.up_to_date:
            self.task.end(f"Already balanced: {result.out_dir} is up to date.")
        else:
            self.task.end(f"Done in {result.seconds:.0f} s.")
        skipped = f" {len(result.skipped)} file(s) skipped (unreadable)." if result.skipped else ""
        self.result_label.setText(f"<b>{result.generated:,}</b> new images written to "
                                  f"<code>{result.out_dir}</code>.<br>Now: {after}.{skipped}")
        self.balanced.emit(result)

    def _on_worker_failed(self, message: str) -> None:
        self._set_running(False)
        self.task.end(f"Balancing failed: {message}", ok=False)

    def _on_worker_cancelled(self) -> None:
        self._set_running(False)
        self.task.end("Balancing cancelled; no output folder was written.", ok=False)
