"""Train tab: settings, Start/Cancel, live curves, a log, and "Use this model" at the end.

Also the learning loop's training half: continue from the active model, apply a corrections
file (its report is shown after training), and export a corrected copy of the data.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget

from core.data.corrections import CorrectionsError, CorrectionsFile
from core.fileutil import OutputRefused
from core.model.bundle import BundleError
from core.training.checks import check_outputs
from core.training.config import ResolvedConfig, TrainConfig, resolve_config
from core.training.loop import BackupInfo, default_backup_dir
from core.training.train import TrainResult
from leukemia_gui.context import AppContext
from leukemia_gui.error_text import error_text
from leukemia_gui.jobs import train_model
from leukemia_gui.tabs.train_export import CorrectedCopyExport
from leukemia_gui.tabs.train_text import INTERRUPTED_KEY, describe, interrupted, what_was_kept
from leukemia_gui.tasks import TaskRunner
from leukemia_gui.widgets.train_run_view import TrainRunView
from leukemia_gui.widgets.train_settings import TrainSettingsWidget
from leukemia_gui.worker import Worker


class TrainTab(QWidget):
    """Train a model bundle in the background and offer it as the active model."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: TrainResult | None = None  # the last finished run
        self.runner = TaskRunner(self)  # the tab words the progress itself
        self.exporter = CorrectedCopyExport(self)

        self.settings = TrainSettingsWidget(context)
        self.settings.changed.connect(self._on_settings_changed)
        self.settings.export_button.clicked.connect(self._on_export_button_clicked)
        self.summary_label = QLabel()  # what the settings resolve to, before Start
        self.summary_label.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Start training"))
        self.start_button.setDefault(True)
        self.start_button.setToolTip(self.tr("Train in the background; the app stays usable."))
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.resume_button = QPushButton(self.tr("Resume interrupted training"))
        self.resume_button.setToolTip(self.tr("Continue the last training that was cancelled, "
                                              "failed or killed, from its last completed epoch "
                                              "(epoch backup)."))
        self.resume_button.clicked.connect(self._on_resume_button_clicked)
        self.view = TrainRunView()
        self.task, self.eta_label, self.canvas = self.view.task, self.view.eta_label, self.view.canvas
        self.log, self.result_box = self.view.log, self.view.result_box
        self.task.cancel_clicked.connect(self._on_task_cancel_clicked)
        self.result_label, self.use_button = self.result_box.label, self.result_box.use_button
        self.use_button.clicked.connect(self._on_use_button_clicked)
        self._lay_out()
        self._refresh_resume()
        self._on_settings_changed()

    def _lay_out(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.settings)
        left_layout.addStretch(1)
        settings_scroll = QScrollArea()
        settings_scroll.setWidgetResizable(True)
        settings_scroll.setWidget(left)
        settings_scroll.setMinimumWidth(360)
        settings_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Start and Resume stay below the scrolling settings: in view on a 600-px-high screen
        left_scroll = QWidget()
        pane = QVBoxLayout(left_scroll)
        pane.setContentsMargins(0, 0, 0, 0)
        pane.addWidget(settings_scroll, 1)
        pane.addWidget(self.summary_label)
        pane.addWidget(self.start_button)
        pane.addWidget(self.resume_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left_scroll)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # ------------------------------------------------------------------ public

    def start(self) -> bool:
        """Start training with the form's settings; False (after a message) if they are unusable.

        The settings are resolved once, here (against the parent when continuing), and that
        resolved config is what runs. A parent model that cannot be continued, or a corrections
        file that cannot be read, is refused here with core's message, before any work starts.
        """
        if self.is_busy():
            return False
        data = self.settings.data_path()
        if data is None or not data.exists():
            QMessageBox.warning(self, self.tr("Training data"),
                                self.tr("Choose a dataset folder or a split manifest first.")
                                if data is None else self.tr("{0} does not exist.").format(data))
            return False
        try:
            config = self._resolved(self.settings.config(), check_corrections=True)
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Training settings"), error_text(exc))
            return False
        except BundleError as exc:
            self.log_line(self.tr("Refused: {0}").format(error_text(exc)))
            QMessageBox.warning(self, self.tr("Continue training"),
                                self.tr("The active model cannot be continued:\n\n{0}").format(error_text(exc)))
            return False
        except CorrectionsError as exc:
            QMessageBox.warning(self, self.tr("Corrections"), error_text(exc))
            return False
        out = self.settings.output_dir(refresh=True)
        config = replace(config, backup_dir=str(default_backup_dir(out)))
        try:
            check_outputs(data, out, config)
        except OutputRefused as exc:
            self.log_line(self.tr("Refused: {0}").format(error_text(exc)))
            QMessageBox.warning(self, self.tr("Output folder"), self.tr(
                "Training will not write there:\n\n{0}\n\nThe output folder must be new, empty, "
                "or a model this app saved, and must not hold or lie inside the training "
                "data.").format(error_text(exc)))
            return False
        return self._launch(data, out, config)

    def interrupted(self) -> tuple[Path, Path, BackupInfo] | None:
        """The last training that ended without a model but left an epoch backup:
        ``(data, output folder, backup)``, or None."""
        return interrupted(self.context.settings)

    def resume(self) -> bool:
        """Resume :meth:`interrupted` from its last completed epoch; False if there is none."""
        found = None if self.is_busy() else self.interrupted()
        if found is None:
            return False
        data, out, info = found
        try:
            config = resolve_config(replace(TrainConfig.from_dict(info.config),
                                            backup_dir=str(info.path)))
        except (TypeError, ValueError, BundleError) as exc:
            QMessageBox.warning(self, self.tr("Resume training"),
                                self.tr("The backup cannot be resumed: {0}").format(error_text(exc)))
            return False
        self.log_line(self.tr("Resuming from the epoch backup {0}: epochs 1-{1} of {2} were kept (the "
                          "model after epoch {1}, its optimizer state and curves); training "
                          "continues at epoch {3}.").format(info.path, info.epochs_done,
                                                            info.epochs, info.epochs_done + 1))
        return self._launch(data, out, config, history=info.history)

    def export_copy(self, out_dir: Path | str) -> bool:
        """Write a corrected copy of the chosen data into ``out_dir`` (in the background)."""
        return self.exporter.export(out_dir)

    def suggest_data(self, path: Path | str) -> None:
        """A folder the user just scanned: offer it as training data if none is chosen."""
        self.settings.suggest_data(path)

    @property
    def history(self) -> dict[str, list[float]]:
        """The curves' values per epoch (``loss``, ``val_accuracy``, ...)."""
        return self.canvas.history

    @property
    def worker(self) -> Worker | None:
        """The latest task's worker (tests wait on its signals)."""
        return self.runner.worker

    def is_busy(self) -> bool:
        return self.runner.is_busy()

    def shutdown(self) -> None:
        """Cancel within one batch and wait; a cancelled run saves nothing."""
        self.runner.stop_and_wait()

    # ------------------------------------------------------------------ helpers

    def _resolved(self, config: TrainConfig, check_corrections: bool = False) -> ResolvedConfig:
        """``config`` resolved as the run will use it (against the active model when
        continuing); raises BundleError, CorrectionsError or ValueError with core's message."""
        if check_corrections and config.corrections:
            if not Path(config.corrections).is_file():
                raise CorrectionsError.of("corrections.file_not_found", path=config.corrections)
            CorrectionsFile.load(config.corrections)
        return resolve_config(config, self.settings.parent_bundle())

    def _launch(self, data: Path, out: Path, config: ResolvedConfig,
                history: dict[str, list[float]] | None = None) -> bool:
        self.context.settings.setValue(INTERRUPTED_KEY, json.dumps({"data": str(data), "out": str(out)}))
        self.result = None
        self.view.epochs = config.epochs
        self.canvas.begin(history)  # a resumed run's plot goes on from the backup's epochs
        self.result_box.set_usable(False)
        self.result_box.show_text(self.tr("Training…"))
        self.log.run_started(config, data, out)
        self.runner.start(train_model, data, out, config, on_done=self._on_training_done,
                          on_failed=self._on_training_failed,
                          on_cancelled=self._on_training_cancelled,
                          on_progress=self.view.report)
        self.set_running(True)
        self.task.begin(self.tr("Preparing data (scan, duplicate check, split)…"))
        return True

    def log_line(self, line: str) -> None:
        self.log.line(line)

    def set_running(self, running: bool) -> None:
        """While a task runs the settings and Start are disabled, Resume hidden."""
        self.settings.setEnabled(not running)
        self.start_button.setEnabled(not running)
        self._refresh_resume(running)
        if not running:
            self.eta_label.clear()

    def _refresh_resume(self, running: bool = False) -> None:
        found = None if running else self.interrupted()
        self.resume_button.setVisible(found is not None)
        if found is not None:
            info = found[2]
            self.resume_button.setText(self.tr("Resume interrupted training (after epoch {0}/{1})")
                                       .format(info.epochs_done, info.epochs))

    # ------------------------------------------------------------------ slots

    def _on_settings_changed(self) -> None:
        """Say what Start will train, resolved as the run will use it, or why it cannot."""
        try:
            text = self.tr("Will train: {0}").format(describe(self._resolved(self.settings.config())))
            self.summary_label.setStyleSheet("color: palette(mid);")
        except (ValueError, BundleError) as exc:
            text = self.tr("Cannot train with these settings: {0}").format(error_text(exc))
            self.summary_label.setStyleSheet("color: #b00020;")
        self.summary_label.setText(text)

    def _on_start_button_clicked(self) -> None:
        self.start()

    def _on_resume_button_clicked(self) -> None:
        self.resume()

    def _on_task_cancel_clicked(self) -> None:
        if self.runner.is_busy():
            self.runner.cancel()
            self.log_line(self.tr("Cancelling (stops after the current batch; the running epoch is "
                              "not kept)…"))

    def _on_training_done(self, result: TrainResult) -> None:
        self.result = result
        self.set_running(False)
        self.task.end(self.tr("Finished: model saved to {0}").format(result.bundle_dir))
        self.log_line(self.tr("Saved model to {0}").format(result.bundle_dir))
        for line in self.result_box.show_result(result):
            self.log_line(line)
        self.canvas.show_saved(result)
        self.result_box.set_usable(True)
        if result.bundle_dir is not None:
            self.context.note_trained(result.bundle_dir)

    def _on_training_failed(self, message: str) -> None:
        self.set_running(False)
        kept = what_was_kept(self.interrupted())
        self.task.end(self.tr("Training failed: {0}").format(message), ok=False)
        self.result_box.show_text(self.tr("Training failed. {0}").format(kept))
        self.log_line(self.tr("FAILED: {0}").format(message))
        self.log_line(kept)

    def _on_training_cancelled(self) -> None:
        self.set_running(False)
        kept = what_was_kept(self.interrupted())
        self.task.end(self.tr("Training cancelled."), ok=False)
        self.result_box.show_text(self.tr("Training was cancelled. {0}").format(kept))
        self.log_line(self.tr("Cancelled. {0}").format(kept))

    def _on_use_button_clicked(self) -> None:
        if self.result is None or self.result.bundle_dir is None:
            return
        from leukemia_gui.activation import activate

        # a continued model that lost more than a point on its reference needs an override
        if not activate(self, self.context, self.result.bundle_dir):
            return
        self.result_box.set_usable(False, in_use=True)

    def _on_export_button_clicked(self) -> None:
        self.exporter.ask_and_export()
