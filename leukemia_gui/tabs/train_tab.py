"""Train tab: settings, Start/Cancel, live curves, a log, and "Use this model" at the end."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit,
                               QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget)

from core.bundle import BundleError
from core.figures import training_curves_figure
from core.progress import Progress
from leukemia_gui.context import AppContext
from leukemia_gui.widgets.plot_canvas import PlotCanvas
from leukemia_gui.widgets.task_progress import TaskProgressWidget, format_seconds
from leukemia_gui.widgets.train_settings import TrainSettingsWidget
from leukemia_gui.worker import Worker

CURVE_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")


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
        self.result = None  # core.train.TrainResult of the last finished run
        self.history: dict[str, list[float]] = {}
        self._worker: Worker | None = None

        self.settings = TrainSettingsWidget(context)
        self.start_button = QPushButton("Start training")
        self.start_button.setDefault(True)
        self.start_button.setToolTip("Train in the background; the app stays usable.")
        self.start_button.clicked.connect(self._on_start_button_clicked)
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
        left_layout.addWidget(self.start_button)
        left_layout.addStretch(1)
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setWidget(left)
        left_scroll.setMinimumWidth(360)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

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

    # ------------------------------------------------------------------ public

    def start(self) -> bool:
        """Start training with the form's settings; False (after a message) if they are unusable."""
        from core import train as train_module  # looked up at call time so tests can fake it

        if self.is_busy():
            return False
        data = self.settings.data_path()
        if data is None or not data.exists():
            QMessageBox.warning(self, "Training data",
                                "Choose a dataset folder or a split manifest first."
                                if data is None else f"{data} does not exist.")
            return False
        try:
            config = self.settings.config().resolved()
        except ValueError as exc:
            QMessageBox.warning(self, "Training settings", str(exc))
            return False
        out = self.settings.output_dir(refresh=True)
        self.result, self.history = None, {k: [] for k in CURVE_KEYS}
        self.use_button.setEnabled(False)
        self.use_button.setText("Use this model")
        self.result_label.setText("Training…")
        self.canvas.show_message("Waiting for the first epoch…")
        self._log(f"Training '{config.arch}' on {data}")
        self._log(f"  epochs {config.epochs}, batch {config.batch_size}, learning rate "
                  f"{config.learning_rate:g}, image {config.image_size} px, seed {config.seed}")
        self._log(f"  output {out}")
        self._worker = Worker(train_module.train, data, out, config, parent=self)
        self._worker.progress.connect(self._on_worker_progress)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.cancelled.connect(self._on_worker_cancelled)
        self._set_running(True)
        self.task.begin("Preparing data (scan, duplicate check, split)…")
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

    def _set_running(self, running: bool) -> None:
        self.settings.setEnabled(not running)
        self.start_button.setEnabled(not running)
        if not running:
            self.eta_label.clear()

    def _show_result(self, result: object) -> None:
        metrics = result.metrics
        test, val = metrics.get("test", {}), metrics.get("val", {})
        lines = [f"<b>Saved:</b> <code>{result.bundle_dir}</code>",
                 f"Test accuracy <b>{_pct(test.get('accuracy'))}</b> "
                 f"(balanced {_pct(test.get('balanced_accuracy'))}, n={test.get('n', 0)}) · "
                 f"validation accuracy {_pct(val.get('accuracy'))} · "
                 f"{result.epochs_run} epoch(s) in {format_seconds(result.seconds)}"]
        if not test:
            lines.append("No test images in this split: test accuracy is not available.")
        self.result_label.setText("<br>".join(lines))

    # ------------------------------------------------------------------ slots

    def _on_start_button_clicked(self) -> None:
        self.start()

    def _on_task_cancel_clicked(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._log("Cancelling (stops after the current batch)…")

    def _on_worker_progress(self, p: Progress) -> None:
        m = p.metrics
        if p.stage == "train" and p.total:
            text = f"Training: {p.message}" if p.message else None
            self.task.report(p, text)
            if "eta" in m:
                self.eta_label.setText(f"Elapsed {format_seconds(m.get('elapsed', 0))} · "
                                       f"about {format_seconds(m['eta'])} left")
        elif p.stage == "epoch":
            for key in CURVE_KEYS:
                self.history.setdefault(key, []).append(float(m.get(key, float("nan"))))
            self.canvas.show_figure_builder(training_curves_figure, self.history)
            self._log(f"Epoch {p.done}/{p.total}: loss {m.get('loss', float('nan')):.4f}, "
                      f"accuracy {_pct(m.get('accuracy'))}, val_loss "
                      f"{m.get('val_loss', float('nan')):.4f}, val_accuracy "
                      f"{_pct(m.get('val_accuracy'))}")
        else:
            self.task.report(p)

    def _on_worker_succeeded(self, result: object) -> None:
        self.result = result
        self._set_running(False)
        self.task.end(f"Finished: model saved to {result.bundle_dir}")
        self._log(f"Saved model to {result.bundle_dir}")
        self._show_result(result)
        self.use_button.setEnabled(True)

    def _on_worker_failed(self, message: str) -> None:
        self._set_running(False)
        self.task.end(f"Training failed: {message}", ok=False)
        self.result_label.setText("Training failed; nothing was saved.")
        self._log(f"FAILED: {message}")

    def _on_worker_cancelled(self) -> None:
        self._set_running(False)
        self.task.end("Training cancelled; nothing was saved.", ok=False)
        self.result_label.setText("Training was cancelled; nothing was saved.")
        self._log("Cancelled; nothing was saved.")

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
