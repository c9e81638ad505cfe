"""Train tab: settings, Start/Cancel, live curves, a log, and "Use this model" at the end.

Also the learning loop's training half: continue from the active model, apply a corrections
file (its report is shown after training), and export a corrected copy of the data.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.data.corrections import CorrectionsError, CorrectionsFile
from core.evaluation.figures import training_curves_figure
from core.fileutil import OutputRefused
from core.model.bundle import BundleError
from core.progress import Progress
from core.training.checks import check_outputs
from core.training.config import ResolvedConfig, TrainConfig, resolve_config
from core.training.loop import BackupInfo, default_backup_dir
from core.training.train import TrainResult, validation_name
from leukemia_gui.context import AppContext
from leukemia_gui.error_text import error_text
from leukemia_gui.jobs import train_model
from leukemia_gui.tabs.train_text import INTERRUPTED_KEY, describe, epoch_line, interrupted, split_lines, what_was_kept
from leukemia_gui.tasks import TaskRunner
from leukemia_gui.widgets.plot_canvas import PlotCanvas
from leukemia_gui.widgets.task_progress import TaskProgressWidget, format_seconds
from leukemia_gui.widgets.train_result import TrainResultWidget
from leukemia_gui.widgets.train_settings import TrainSettingsWidget
from leukemia_gui.worker import Worker

CURVE_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")


class TrainTab(QWidget):
    """Train a model bundle in the background and offer it as the active model."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result: TrainResult | None = None  # the last finished run
        self.history: dict[str, list[float]] = {}
        self._val_n: str | None = None  # what each epoch's val_ figure rests on: "n=4"
        self.runner = TaskRunner(self)  # the tab words the progress itself

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
        self.task = TaskProgressWidget(self.tr("Training runs on the CPU; one epoch over the full "
                                               "dataset takes minutes."))
        self.task.cancel_clicked.connect(self._on_task_cancel_clicked)
        self.eta_label = QLabel()
        self.canvas = PlotCanvas(self, figsize=(7, 2.8))
        self.canvas.show_message(self.tr("Accuracy and loss per epoch appear here during training."))
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.log.setPlaceholderText(self.tr("Training log"))
        self.result_box = TrainResultWidget()
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
        curves = QSplitter(Qt.Orientation.Vertical)
        curves.addWidget(self.canvas)
        curves.addWidget(self.log)
        curves.setStretchFactor(0, 3)
        curves.setStretchFactor(1, 1)
        curves.setChildrenCollapsible(False)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.task)
        right_layout.addWidget(self.eta_label)
        right_layout.addWidget(curves, 1)
        right_layout.addWidget(self.result_box)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left_scroll)
        splitter.addWidget(right)
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
            self._log(self.tr("Refused: {0}").format(error_text(exc)))
            QMessageBox.warning(self, self.tr("Continue training"),
                                self.tr("The active model cannot be continued:\n\n{0}").format(error_text(exc)))
            return False
        except CorrectionsError as exc:
            QMessageBox.warning(self, self.tr("Corrections"), str(exc))
            return False
        out = self.settings.output_dir(refresh=True)
        config = replace(config, backup_dir=str(default_backup_dir(out)))
        try:
            check_outputs(data, out, config)
        except OutputRefused as exc:
            self._log(self.tr("Refused: {0}").format(error_text(exc)))
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
        self._log(self.tr("Resuming from the epoch backup {0}: epochs 1-{1} of {2} were kept (the "
                          "model after epoch {1}, its optimizer state and curves); training "
                          "continues at epoch {3}.").format(info.path, info.epochs_done,
                                                            info.epochs, info.epochs_done + 1))
        return self._launch(data, out, config, history=info.history)

    def export_copy(self, out_dir: Path | str) -> bool:
        """Write a corrected copy of the chosen data into ``out_dir`` (in the background)."""
        from core.data.corrected import export_corrected_copy

        data, corrections = self.settings.data_path(), self.settings.corrections_path()
        if self.is_busy() or data is None or corrections is None:
            return False
        self.runner.start(export_corrected_copy, data, corrections, out_dir,
                          on_done=self._on_export_succeeded, on_failed=self._on_export_failed,
                          on_cancelled=self._on_export_cancelled, on_progress=self.task.report)
        self._set_running(True)
        self.task.begin(self.tr("Writing a corrected copy of {0} to {1}…").format(data.name, out_dir))
        self._log(self.tr("Exporting a corrected copy of {0} with {1} to {2}").format(
            data, corrections, out_dir))
        return True

    def suggest_data(self, path: Path | str) -> None:
        """A folder the user just scanned: offer it as training data if none is chosen."""
        self.settings.suggest_data(path)

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
                raise CorrectionsError(self.tr("{0}: corrections file not found").format(
                    config.corrections))
            CorrectionsFile.load(config.corrections)
        return resolve_config(config, self.settings.parent_bundle())

    def _launch(self, data: Path, out: Path, config: ResolvedConfig,
                history: dict[str, list[float]] | None = None) -> bool:
        self.context.settings.setValue(INTERRUPTED_KEY, json.dumps({"data": str(data), "out": str(out)}))
        self.result = None
        # a resumed run's plot goes on from the backup's epochs
        self.history = {k: list((history or {}).get(k, [])) for k in CURVE_KEYS}
        self._val_n = None
        self.result_box.set_usable(False)
        self.result_box.show_text(self.tr("Training…"))
        if self.history["loss"]:
            self.canvas.show_figure_builder(training_curves_figure, self.history)
        else:
            self.canvas.show_message(self.tr("Waiting for the first epoch…"))
        if config.from_model:
            self._log(self.tr("Continuing '{0}' model {1} on {2}").format(
                config.arch, config.from_model, data))
        else:
            self._log(self.tr("Training '{0}' on {1}").format(config.arch, data))
        self._log("  " + describe(config))
        if config.corrections:
            self._log(self.tr("  corrections {0}").format(config.corrections))
        self._log(self.tr("  output {0}").format(out))
        self.runner.start(train_model, data, out, config, on_done=self._on_training_done,
                          on_failed=self._on_training_failed,
                          on_cancelled=self._on_training_cancelled,
                          on_progress=self._on_training_progress)
        self._set_running(True)
        self.task.begin(self.tr("Preparing data (scan, duplicate check, split)…"))
        return True

    def _log(self, line: str) -> None:
        self.log.appendPlainText(line)

    def _set_running(self, running: bool) -> None:
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

    def _plot_saved(self, result: TrainResult) -> None:
        """The curves of every epoch (a resumed run's earlier ones too, from the saved history)
        with the kept model's validation figure, the one the summary quotes."""
        card = result.card if isinstance(result.card, dict) else {}
        history = {k: list(v) for k, v in (result.history or {}).items()}
        if history.get("loss"):
            self.history = history
        val = result.metrics.get("val", {})
        saved = {"epoch": card.get("training", {}).get("best_epoch"),
                 "accuracy": val.get("accuracy"), "n": val.get("n"),
                 "name": validation_name(card)}
        self.canvas.show_figure_builder(training_curves_figure, self.history, saved=saved,
                                        val_label=self._val_label())

    def _val_label(self) -> str:
        """The plot's name for the val_ curves: what they were scored on."""
        return ("validation" if self._val_n is None or self._val_n.startswith("n=")
                else "val_ (training images)")

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
            self._log(self.tr("Cancelling (stops after the current batch; the running epoch is "
                              "not kept)…"))

    def _on_training_progress(self, p: Progress) -> None:
        m = p.metrics
        if "split_counts" in m:  # the n behind each figure, said once the split is made
            lines, self._val_n = split_lines(m["split_counts"])
            for line in lines:
                self._log(line)
        if p.stage == "train" and p.total:
            self.task.report(p, self.tr("Training: {0}").format(p.message) if p.message else None)
            if "eta" in m:
                self.eta_label.setText(self.tr("Elapsed {0} · about {1} left").format(
                    format_seconds(m.get("elapsed", 0)), format_seconds(m["eta"])))
        elif p.stage == "warning":
            self._log(self.tr("Warning: {0}").format(p.message))
        elif p.stage == "epoch":
            for key in CURVE_KEYS:
                self.history.setdefault(key, []).append(float(m.get(key, float("nan"))))
            self.canvas.show_figure_builder(training_curves_figure, self.history,
                                            val_label=self._val_label())
            self._log(epoch_line(p, self._val_n))
        else:
            self.task.report(p)

    def _on_training_done(self, result: TrainResult) -> None:
        self.result = result
        self._set_running(False)
        self.task.end(self.tr("Finished: model saved to {0}").format(result.bundle_dir))
        self._log(self.tr("Saved model to {0}").format(result.bundle_dir))
        for line in self.result_box.show_result(result):
            self._log(line)
        self._plot_saved(result)
        self.result_box.set_usable(True)
        if result.bundle_dir is not None:
            self.context.note_trained(result.bundle_dir)

    def _on_training_failed(self, message: str) -> None:
        self._set_running(False)
        kept = what_was_kept(self.interrupted())
        self.task.end(self.tr("Training failed: {0}").format(message), ok=False)
        self.result_box.show_text(self.tr("Training failed. {0}").format(kept))
        self._log(self.tr("FAILED: {0}").format(message))
        self._log(kept)

    def _on_training_cancelled(self) -> None:
        self._set_running(False)
        kept = what_was_kept(self.interrupted())
        self.task.end(self.tr("Training cancelled."), ok=False)
        self.result_box.show_text(self.tr("Training was cancelled. {0}").format(kept))
        self._log(self.tr("Cancelled. {0}").format(kept))

    def _on_use_button_clicked(self) -> None:
        if self.result is None or self.result.bundle_dir is None:
            return
        from leukemia_gui.activation import activate

        # a continued model that lost more than a point on its reference needs an override
        if not activate(self, self.context, self.result.bundle_dir):
            return
        self.result_box.set_usable(False, in_use=True)

    def _on_export_button_clicked(self) -> None:
        data, corrections = self.settings.data_path(), self.settings.corrections_path()
        if data is None or corrections is None:
            QMessageBox.warning(self, self.tr("Export corrected copy"),
                                self.tr("Choose the data and a corrections file first."))
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the corrected copy"),
                                                  self.context.folder("export"))
        if not folder:
            return
        self.context.remember_folder("export", folder)
        out = Path(folder)
        if any(out.iterdir()):  # a new, named folder inside a non-empty one
            out = out / f"{data.stem}-corrected-{datetime.now():%Y%m%d-%H%M%S}"
        self.export_copy(out)

    def _on_export_succeeded(self, result: object) -> None:
        self._set_running(False)
        counts = ", ".join(f"{c} {n}" for c, n in result.counts.items())
        self.task.end(self.tr("Corrected copy written to {0} ({1})").format(result.out_dir, counts))
        self._log(self.tr("Corrected copy: {0} ({1}); {2}").format(
            result.out_dir, counts, result.report.summary()))
        for o in result.report.skipped + result.report.by_action("not_in_data"):
            self._log(self.tr("  correction {0}: {1} — {2}").format(o.action, o.path, o.detail))

    def _on_export_failed(self, message: str) -> None:
        self._set_running(False)
        self.task.end(self.tr("Export failed: {0}").format(message), ok=False)
        self._log(self.tr("Export FAILED: {0}").format(message))

    def _on_export_cancelled(self) -> None:
        self._set_running(False)
        self.task.end(self.tr("Export cancelled; nothing was written."), ok=False)
        self._log(self.tr("Export cancelled; nothing was written."))
