"""Train tab: settings, Start/Cancel, live curves, a log, and "Use this model" at the end.

Also the learning loop's training half: continue from the active model, apply a corrections
file (its report is shown after training), and export a corrected copy of the data.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields, replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QLabel, QMessageBox,
                               QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QVBoxLayout,
                               QWidget)

from core.model.bundle import BundleError
from core.data.corrections import CorrectionsError, CorrectionsFile
from core.evaluation.figures import training_curves_figure
from core.fileutil import OutputRefused
from core.evaluation.metrics import accuracy_text, too_small
from core.progress import Progress
from core.training.train import TrainConfig, check_outputs, validation_name
from core.training.loop import BackupInfo, default_backup_dir, read_backup
from leukemia_gui.context import AppContext
from leukemia_gui.jobs import TrainJobResult, train_with_report
from leukemia_gui.widgets.plot_canvas import PlotCanvas
from leukemia_gui.widgets.task_progress import TaskProgressWidget, format_seconds
from leukemia_gui.widgets.train_settings import TrainSettingsWidget
from leukemia_gui.worker import Worker, retire

CURVE_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")
INTERRUPTED_KEY = "train/last_run"  # {"data", "out"} of the last training started
SKIPPED_SHOWN = 5  # skipped corrections listed in the result box; the log lists all


def _pct(value: object) -> str:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    return "–" if math.isnan(v) else f"{100 * v:.1f} %"


class TrainTab(QWidget):
    """Train a model bundle in the background and offer it as the active model."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.result = None  # core.training.train.TrainResult of the last finished run
        self.corrections_report = None  # core.data.corrections.CorrectionReport of that run
        self.history: dict[str, list[float]] = {}
        self._val_n: str | None = None  # what each epoch's val_ figure rests on: "n=4"
        self._worker: Worker | None = None

        self.settings = TrainSettingsWidget(context)
        self.start_button = QPushButton("Start training")
        self.start_button.setDefault(True)
        self.start_button.setToolTip("Train in the background; the app stays usable.")
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.settings.export_button.clicked.connect(self._on_export_button_clicked)
        self.resume_button = QPushButton("Resume interrupted training")
        self.resume_button.setToolTip("Continue the last training that was cancelled, failed or "
                                      "killed, from its last completed epoch (epoch backup).")
        self.resume_button.clicked.connect(self._on_resume_button_clicked)
        self.task = TaskProgressWidget("Training runs on the CPU; one epoch over the full "
                                       "dataset takes minutes.")
        self.task.cancel_clicked.connect(self._on_task_cancel_clicked)
        self.eta_label = QLabel()
        self.canvas = PlotCanvas(self, figsize=(7, 2.8))
        self.canvas.show_message("Accuracy and loss per epoch appear here during training.")
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.log.setPlaceholderText("Training log")
        self.result_label = QLabel("No model trained in this session yet.")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton("Use this model")
        self.use_button.setEnabled(False)
        self.use_button.setToolTip("Make the new model the active one for Evaluate and Classify.")
        self.use_button.clicked.connect(self._on_use_button_clicked)

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
        pane.addWidget(self.start_button)
        pane.addWidget(self.resume_button)

        result_box = QGroupBox("Result")
        result_layout = QHBoxLayout(result_box)
        result_layout.addWidget(self.result_label, 1)
        result_layout.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignTop)
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
        right_layout.addWidget(result_box)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left_scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([400, 900])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._refresh_resume()

    # ------------------------------------------------------------------ public

    def start(self) -> bool:
        """Start training with the form's settings; False (after a message) if they are unusable.

        A parent model that cannot be continued, or a corrections file that cannot be read, is
        refused here with core's message, before any work starts.
        """
        if self.is_busy():
            return False
        data = self.settings.data_path()
        if data is None or not data.exists():
            QMessageBox.warning(self, "Training data",
                                "Choose a dataset folder or a split manifest first."
                                if data is None else f"{data} does not exist.")
            return False
        config = self.settings.config()
        try:
            shown = self._checked_config(config)
        except ValueError as exc:
            QMessageBox.warning(self, "Training settings", str(exc))
            return False
        except BundleError as exc:
            self._log(f"Refused: {exc}")
            QMessageBox.warning(self, "Continue training",
                                f"The active model cannot be continued:\n\n{exc}")
            return False
        except CorrectionsError as exc:
            QMessageBox.warning(self, "Corrections", str(exc))
            return False
        out = self.settings.output_dir(refresh=True)
        config = replace(config, backup_dir=str(default_backup_dir(out)))
        try:
            check_outputs(data, out, config)
        except OutputRefused as exc:
            self._log(f"Refused: {exc}")
            QMessageBox.warning(self, "Output folder",
                                f"Training will not write there:\n\n{exc}\n\nThe output folder must "
                                "be new, empty, or a model this app saved, and must not hold or "
                                "lie inside the training data.")
            return False
        return self._launch(data, out, config, shown)

    def interrupted(self) -> tuple[Path, Path, BackupInfo] | None:
        """The last training that ended without a model but left an epoch backup:
        ``(data, output folder, backup)``, or None."""
        raw = self.context.settings.value(INTERRUPTED_KEY, "")
        try:
            saved = json.loads(raw) if raw else None
            data, out = Path(saved["data"]), Path(saved["out"])
        except (TypeError, ValueError, KeyError):
            return None
        info = read_backup(default_backup_dir(out))
        if info is None or not data.exists() or out.exists():
            return None
        return data, out, info

    def resume(self) -> bool:
        """Resume :meth:`interrupted` from its last completed epoch; False if there is none."""
        found = None if self.is_busy() else self.interrupted()
        if found is None:
            return False
        data, out, info = found
        known = {f.name for f in fields(TrainConfig)}
        saved = {k: v for k, v in info.config.items() if k in known}
        if isinstance(saved.get("fractions"), list):
            saved["fractions"] = tuple(saved["fractions"])
        try:
            config = replace(TrainConfig(**saved), backup_dir=str(info.path))
            shown = config.resolved()
        except (TypeError, ValueError) as exc:
            QMessageBox.warning(self, "Resume training", f"The backup cannot be resumed: {exc}")
            return False
        self._log(f"Resuming from the epoch backup {info.path}: epochs 1-{info.epochs_done} of "
                  f"{info.epochs} were kept (the model after epoch {info.epochs_done}, its optimizer "
                  f"state and curves); training continues at epoch {info.epochs_done + 1}.")
        return self._launch(data, out, config, shown, history=info.history)

    def _launch(self, data: Path, out: Path, config: TrainConfig, shown: TrainConfig,
                history: dict[str, list[float]] | None = None) -> bool:
        self.context.settings.setValue(INTERRUPTED_KEY, json.dumps({"data": str(data), "out": str(out)}))
        self.result, self.corrections_report = None, None
        # a resumed run's plot goes on from the backup's epochs
        self.history = {k: list((history or {}).get(k, [])) for k in CURVE_KEYS}
        self._val_n = None
        self.use_button.setEnabled(False)
        self.use_button.setText("Use this model")
        self.result_label.setText("Training…")
        if self.history["loss"]:
            self.canvas.show_figure_builder(training_curves_figure, self.history)
        else:
            self.canvas.show_message("Waiting for the first epoch…")
        if config.from_model:
            self._log(f"Continuing '{shown.arch}' model {config.from_model} on {data}")
        else:
            self._log(f"Training '{shown.arch}' on {data}")
        self._log(f"  epochs {shown.epochs}, batch {shown.batch_size}, learning rate "
                  f"{shown.learning_rate:g}, image {shown.image_size} px, seed {shown.seed}")
        if config.corrections:
            self._log(f"  corrections {config.corrections}")
        self._log(f"  output {out}")
        retire(self._worker)
        self._worker = Worker(train_with_report, data, out, config, parent=self)
        self._worker.progress.connect(self._on_worker_progress)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.cancelled.connect(self._on_worker_cancelled)
        self._set_running(True)
        self.task.begin("Preparing data (scan, duplicate check, split)…")
        self._worker.start()
        return True

    def export_copy(self, out_dir: Path | str) -> bool:
        """Write a corrected copy of the chosen data into ``out_dir`` (in the background)."""
        from core.data.corrections import export_corrected_copy

        data, corrections = self.settings.data_path(), self.settings.corrections_path()
        if self.is_busy() or data is None or corrections is None:
            return False
        retire(self._worker)
        self._worker = Worker(export_corrected_copy, data, corrections, out_dir, parent=self)
        self._worker.progress.connect(self._on_worker_progress)
        self._worker.succeeded.connect(self._on_export_succeeded)
        self._worker.failed.connect(self._on_export_failed)
        self._worker.cancelled.connect(self._on_export_cancelled)
        self._set_running(True)
        self.task.begin(f"Writing a corrected copy of {data.name} to {out_dir}…")
        self._log(f"Exporting a corrected copy of {data} with {corrections} to {out_dir}")
        self._worker.start()
        return True

    def suggest_data(self, path: Path | str) -> None:
        """A folder the user just scanned: offer it as training data if none is chosen."""
        self.settings.suggest_data(path)

    def is_busy(self) -> bool:
        return self._worker is not None and self._worker.isRunning()

    def shutdown(self) -> None:
        """Cancel within one batch and wait; a cancelled run saves nothing."""
        if self._worker is not None:
            self._worker.stop_and_wait()

    # ------------------------------------------------------------------ helpers

    def _log(self, line: str) -> None:
        self.log.appendPlainText(line)

    @staticmethod
    def _checked_config(config: object) -> object:
        """``config`` resolved as core will (against the parent when continuing); raises
        BundleError, CorrectionsError or ValueError with core's message."""
        if config.corrections:
            if not Path(config.corrections).is_file():
                raise CorrectionsError(f"{config.corrections}: corrections file not found")
            CorrectionsFile.load(config.corrections)
        if config.from_model:
            from core.training.finetune import config_from_parent, load_parent

            return config_from_parent(config, load_parent(config.from_model))
        return config.resolved()

    def _report_corrections(self) -> list[str]:
        """Log every correction outcome worth a look; return lines for the result box."""
        report = self.corrections_report
        if report is None:
            return []
        skipped = report.skipped
        unused = report.by_action("not_in_data")
        lines = [f"Corrections ({Path(report.corrections_path).name}, SHA-256 "
                 f"{report.corrections_sha256[:12]}…): {report.summary()}"]
        for o in skipped + unused:
            self._log(f"  correction {o.action}: {o.path} — {o.detail}")
        if skipped:
            names = ", ".join(Path(o.path).name for o in skipped[:SKIPPED_SHOWN])
            more = f" and {len(skipped) - SKIPPED_SHOWN} more (see the log)" \
                if len(skipped) > SKIPPED_SHOWN else ""
            lines.append(f"<span style='color:#b00020'>Skipped {len(skipped)} correction(s) "
                         f"(image changed, gone or relabelled since): {names}{more}</span>")
        return lines

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
            self.resume_button.setText(f"Resume interrupted training (after epoch "
                                       f"{info.epochs_done}/{info.epochs})")

    def _show_result(self, result: object) -> None:
        metrics = result.metrics
        test, val = metrics.get("test", {}), metrics.get("val", {})
        card = result.card if isinstance(result.card, dict) else {}
        training = card.get("training", {})
        best = training.get("best_epoch")
        loss = ("validation loss" if validation_name(card) == "validation"
                else "val_loss, scored on the training images")
        kept = (f"; the model of epoch {best} was kept (lowest {loss})"
                if best and best != result.epochs_run else "")
        lines = [f"<b>Saved:</b> <code>{result.bundle_dir}</code> · {result.epochs_run} epoch(s) "
                 f"in {format_seconds(result.seconds)}{kept}"]
        # every figure with its n and 95% interval; a part too small to estimate says so
        val_name = f"{validation_name(card).capitalize()} accuracy"
        for part, name in ((test, "Test accuracy"), (val, val_name)):
            if not part:
                lines.append(f"{name}: no images in this part, not measured.")
                continue
            text = accuracy_text(part, name)
            if part is test:
                text += f", balanced {_pct(test.get('balanced_accuracy'))}"
            lines.append(f"<span style='color:#c92a2a'>{text}</span>" if too_small(part) else text)
        parent = card.get("parent")
        if parent:
            lines.append(f"Continued from <b>{parent.get('id')}</b> "
                         f"(checksum {str(parent.get('checksum'))[:12]}…)")
        lines += self._report_corrections()
        self.result_label.setText("<br>".join(lines))

    def _plot_saved(self, result: object) -> None:
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

    def _on_start_button_clicked(self) -> None:
        self.start()

    def _on_resume_button_clicked(self) -> None:
        self.resume()

    def _on_task_cancel_clicked(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._log("Cancelling (stops after the current batch; the running epoch is not kept)…")

    def _on_worker_progress(self, p: Progress) -> None:
        m = p.metrics
        if "split_counts" in m:
            counts = {k: sum(v.values()) for k, v in m["split_counts"].items()}
            self._log(f"  split: {counts.get('train', 0)} training, {counts.get('val', 0)} "
                      f"validation, {counts.get('test', 0)} test image(s)")
            if counts.get("val"):
                self._val_n = f"n={counts['val']}"
            else:  # core validates on the training images then (core.training.train.NO_VALIDATION_NOTE)
                self._val_n = f"on the {counts.get('train', 0)} training images"
                self._log("  no validation images: the val_ figures below are scored on the "
                          "training images and say little about new images")
        if p.stage == "train" and p.total:
            text = f"Training: {p.message}" if p.message else None
            self.task.report(p, text)
            if "eta" in m:
                self.eta_label.setText(f"Elapsed {format_seconds(m.get('elapsed', 0))} · "
                                       f"about {format_seconds(m['eta'])} left")
        elif p.stage == "warning":
            self._log(f"Warning: {p.message}")
        elif p.stage == "epoch":
            for key in CURVE_KEYS:
                self.history.setdefault(key, []).append(float(m.get(key, float("nan"))))
            self.canvas.show_figure_builder(training_curves_figure, self.history,
                                            val_label=self._val_label())
            n_val = f" ({self._val_n})" if self._val_n is not None else ""
            self._log(f"Epoch {p.done}/{p.total}: loss {m.get('loss', float('nan')):.4f}, "
                      f"accuracy {_pct(m.get('accuracy'))}, val_loss "
                      f"{m.get('val_loss', float('nan')):.4f}, val_accuracy "
                      f"{_pct(m.get('val_accuracy'))}{n_val}")
        else:
            self.task.report(p)

    def _on_worker_succeeded(self, job: TrainJobResult) -> None:
        result = job.train
        self.result, self.corrections_report = result, job.corrections
        self._set_running(False)
        self.task.end(f"Finished: model saved to {result.bundle_dir}")
        self._log(f"Saved model to {result.bundle_dir}")
        self._show_result(result)
        self._plot_saved(result)
        self.use_button.setEnabled(True)
        if result.bundle_dir is not None:
            self.context.note_trained(result.bundle_dir)

    def _what_was_kept(self) -> str:
        """Exactly what an ended run left: no model, and the backup's epochs, if any."""
        found = self.interrupted()
        if found is None:
            return ("No model was saved, and no epoch was completed, so there is nothing to "
                    "resume.")
        info = found[2]
        return (f"No model was saved. The epoch backup {info.path} keeps epochs "
                f"1-{info.epochs_done} of {info.epochs} (the model after epoch "
                f"{info.epochs_done}); “Resume interrupted training” continues at epoch "
                f"{info.epochs_done + 1}.")

    def _on_worker_failed(self, message: str) -> None:
        self._set_running(False)
        kept = self._what_was_kept()
        self.task.end(f"Training failed: {message}", ok=False)
        self.result_label.setText(f"Training failed. {kept}")
        self._log(f"FAILED: {message}")
        self._log(kept)

    def _on_worker_cancelled(self) -> None:
        self._set_running(False)
        kept = self._what_was_kept()
        self.task.end("Training cancelled.", ok=False)
        self.result_label.setText(f"Training was cancelled. {kept}")
        self._log(f"Cancelled. {kept}")

    def _on_use_button_clicked(self) -> None:
        if self.result is None or self.result.bundle_dir is None:
            return
        try:
            self.context.set_model(self.result.bundle_dir)
        except BundleError as exc:
            QMessageBox.warning(self, "Use this model", str(exc))
            return
        self.use_button.setEnabled(False)
        self.use_button.setText("In use ✓")

    def _on_export_button_clicked(self) -> None:
        data, corrections = self.settings.data_path(), self.settings.corrections_path()
        if data is None or corrections is None:
            QMessageBox.warning(self, "Export corrected copy",
                                "Choose the data and a corrections file first.")
            return
        folder = QFileDialog.getExistingDirectory(self, "Folder for the corrected copy",
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
        self.task.end(f"Corrected copy written to {result.out_dir} ({counts})")
        self._log(f"Corrected copy: {result.out_dir} ({counts}); {result.report.summary()}")
        for o in result.report.skipped + result.report.by_action("not_in_data"):
            self._log(f"  correction {o.action}: {o.path} — {o.detail}")

    def _on_export_failed(self, message: str) -> None:
        self._set_running(False)
        self.task.end(f"Export failed: {message}", ok=False)
        self._log(f"Export FAILED: {message}")

    def _on_export_cancelled(self) -> None:
        self._set_running(False)
        self.task.end("Export cancelled; nothing was written.", ok=False)
        self._log("Export cancelled; nothing was written.")
