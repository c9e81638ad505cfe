"""The Train tab's settings form: data, learning loop (continue training, corrections),
architecture, hyperparameters and output folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.model.architectures import ARCHITECTURES, DEFAULTS, RECOMMENDED
from core.model.bundle import Bundle, BundleError
from core.training.config import LIMITS, TrainConfig, resolve_config
from leukemia_gui.context import AppContext
from leukemia_gui.error_text import error_text
from leukemia_gui.paths import models_dir


def timestamped_output(arch: str, parent: Path | None = None) -> Path:
    """``<user data dir>/models/<arch>-<YYYYmmdd-HHMMSS>``."""
    return (parent or models_dir()) / f"{arch}-{datetime.now():%Y%m%d-%H%M%S}"


class TrainSettingsWidget(QWidget):
    """Collects a :class:`core.training.config.TrainConfig`, the data path and the output folder;
    ``changed`` after any edit (the tab shows what the settings resolve to)."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.arch_labels = {"default": self.tr("default (field CNN)"),
                            "seed": self.tr("seed (reference CNN)"),
                            "cells": self.tr("cells (white cells, attention)")}
        self.arch_labels[RECOMMENDED] = self.tr("{0}, recommended").format(self.arch_labels[RECOMMENDED])
        self.arch_notes = {
            "default": self.tr("Colour CNN with stain augmentation; fast on a laptop CPU."),
            "seed": self.tr("The reference CNN of the original study: greyscale 224 px input, slower."),
            "cells": self.tr("Each white cell read by a frozen ImageNet network; the field's class "
                             "from its cells, weighed by attention. Fields without a white cell "
                             "get no result."),
        }
        self._output_edited = False
        self.parent_error: str | None = None  # why the active model cannot be continued

        self.data_edit = QLineEdit()
        self.data_edit.setPlaceholderText(self.tr("dataset folder or split manifest (.json/.csv)"))
        self.data_edit.setToolTip(self.tr("A folder with one subfolder per class (split 70/15/15 by "
                                          "blocks of file numbers, duplicates kept together), or a "
                                          "split manifest written by 'leukemia split'."))
        folder_button = QPushButton(self.tr("Folder…"))
        folder_button.clicked.connect(self._on_folder_button_clicked)
        manifest_button = QPushButton(self.tr("Manifest…"))
        manifest_button.clicked.connect(self._on_manifest_button_clicked)
        data_row = QHBoxLayout()
        data_row.addWidget(folder_button)
        data_row.addWidget(manifest_button)
        data_row.addStretch(1)

        self.arch_combo = QComboBox()
        for arch in (RECOMMENDED, *(a for a in ARCHITECTURES if a != RECOMMENDED)):  # the shipped one first
            self.arch_combo.addItem(self.arch_labels.get(arch, arch), arch)
        self.arch_combo.setToolTip(self.tr("Model architecture. Changing it fills in its default settings."))
        self.arch_combo.currentIndexChanged.connect(self._on_arch_combo_changed)
        self.arch_note = QLabel()
        self.arch_note.setWordWrap(True)
        self.arch_note.setStyleSheet("color: palette(mid);")
        self.epochs_spin = QSpinBox()
        self.epochs_spin.setRange(*LIMITS["epochs"])
        self.epochs_spin.setToolTip(self.tr("Passes over the training images. Training stops early "
                                            "when the validation loss stops improving; the best "
                                            "epoch is kept."))
        self.batch_spin = QSpinBox()
        self.batch_spin.setRange(*LIMITS["batch_size"])
        self.batch_spin.setToolTip(self.tr("Images per training step. Lower it if memory runs out."))
        self.lr_spin = QDoubleSpinBox()
        self.lr_spin.setDecimals(6)
        self.lr_spin.setRange(0.000001, 1.0)
        self.lr_spin.setSingleStep(0.0001)
        self.lr_spin.setToolTip(self.tr("Initial learning rate of the optimiser."))
        self.size_spin = QSpinBox()
        self.size_spin.setRange(*LIMITS["image_size"])
        self.size_spin.setSingleStep(8)
        self.size_spin.setSuffix(" px")
        self.size_spin.setToolTip(self.tr("Images are resized to this square size before the model "
                                          "sees them; prediction uses the same size."))
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setValue(42)
        self.seed_spin.setToolTip(self.tr("Random seed for the split, augmentation and weights: the "
                                          "same seed and data give a comparable run."))
        self.output_edit = QLineEdit()
        self.output_edit.setToolTip(self.tr("A new model folder. Written only when training "
                                            "completes; a cancelled run saves nothing."))
        self.output_edit.textEdited.connect(self._on_output_edit_edited)
        for spin in (self.epochs_spin, self.batch_spin, self.lr_spin, self.size_spin,
                     self.seed_spin):
            spin.setMaximumWidth(140)
        output_button = QPushButton(self.tr("Choose…"))
        output_button.clicked.connect(self._on_output_button_clicked)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output_edit, 1)
        output_row.addWidget(output_button)

        data_box = QGroupBox(self.tr("Data"))
        data_form = QVBoxLayout(data_box)
        data_form.addWidget(self.data_edit)
        data_form.addLayout(data_row)
        loop_box = self._build_loop_box()
        model_box = QGroupBox(self.tr("Model"))
        form = QFormLayout(model_box)
        form.addRow(self.tr("Architecture:"), self.arch_combo)
        form.addRow("", self.arch_note)
        form.addRow(self.tr("Epochs:"), self.epochs_spin)
        form.addRow(self.tr("Batch size:"), self.batch_spin)
        form.addRow(self.tr("Learning rate:"), self.lr_spin)
        form.addRow(self.tr("Image size:"), self.size_spin)
        form.addRow(self.tr("Seed:"), self.seed_spin)
        output_box = QGroupBox(self.tr("Save model to"))
        output_box.setLayout(output_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(data_box)
        layout.addWidget(loop_box)
        layout.addWidget(model_box)
        layout.addWidget(output_box)
        self._on_arch_combo_changed()
        context.model_changed.connect(self._on_context_model_changed)
        for spin in (self.epochs_spin, self.batch_spin, self.lr_spin, self.size_spin,
                     self.seed_spin):
            spin.valueChanged.connect(self.changed)
        for edit in (self.data_edit, self.corrections_edit, self.output_edit):
            edit.textChanged.connect(self.changed)
        self.arch_combo.currentIndexChanged.connect(self.changed)
        self.continue_check.toggled.connect(self.changed)

    def _build_loop_box(self) -> QGroupBox:
        self.continue_check = QCheckBox(self.tr("Continue from the active model"))
        self.continue_check.setToolTip(self.tr(
            "Fine-tune the active model instead of starting from scratch. The new model keeps "
            "its classes, architecture and preprocessing, starts from a tenth of its learning "
            "rate, and its card names the parent (id and checksum)."))
        self.continue_check.toggled.connect(self._on_continue_check_toggled)
        self.parent_note = QLabel()
        self.parent_note.setWordWrap(True)
        self.parent_note.setVisible(False)
        self.corrections_edit = QLineEdit()
        self.corrections_edit.setPlaceholderText(self.tr("corrections file (.csv), optional"))
        self.corrections_edit.setToolTip(self.tr(
            "Label corrections applied to the data before training (relabel, exclude, unsure); "
            "the images are never touched. The card records the file's SHA-256; a correction "
            "whose image changed since is skipped and listed after training."))
        corrections_button = QPushButton(self.tr("Choose…"))
        corrections_button.clicked.connect(self._on_corrections_button_clicked)
        clear_button = QPushButton(self.tr("Clear"))
        clear_button.clicked.connect(self.corrections_edit.clear)
        self.review_file_button = QPushButton(self.tr("Review's file"))
        self.review_file_button.setToolTip(self.tr("Use the corrections file the Review tab writes to"))
        self.review_file_button.clicked.connect(self._on_review_file_button_clicked)
        self.export_button = QPushButton(self.tr("Export corrected copy…"))
        self.export_button.setToolTip(self.tr("Write a corrected copy of the data (one folder per "
                                              "class, plus a report) into a new folder; the source "
                                              "is only read."))
        row = QHBoxLayout()
        row.addWidget(self.corrections_edit, 1)
        row.addWidget(corrections_button)
        row.addWidget(clear_button)
        export_row = QHBoxLayout()
        export_row.addWidget(self.review_file_button)
        export_row.addWidget(self.export_button, 1)
        box = QGroupBox(self.tr("Learning loop"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.continue_check)
        layout.addWidget(self.parent_note)
        layout.addWidget(QLabel(self.tr("Corrections:")))
        layout.addLayout(row)
        layout.addLayout(export_row)
        return box

    # ------------------------------------------------------------------ public

    @property
    def arch(self) -> str:
        return str(self.arch_combo.currentData())

    def config(self) -> TrainConfig:
        """The settings as a TrainConfig (continuing: the parent's architecture and image size,
        which core checks again against the parent)."""
        parent = self.parent_bundle()
        return TrainConfig(arch=self.arch, epochs=self.epochs_spin.value(),
                           batch_size=self.batch_spin.value(),
                           learning_rate=float(self.lr_spin.value()),
                           image_size=None if parent else self.size_spin.value(),
                           seed=self.seed_spin.value(),
                           from_model=str(parent.path) if parent else None,
                           corrections=self.corrections_path())

    def continuing(self) -> bool:
        return self.continue_check.isChecked()

    def parent_bundle(self) -> Bundle | None:
        """The model to continue from (the active one), or None when starting from scratch."""
        return self.context.bundle if self.continuing() else None

    def corrections_path(self) -> str | None:
        return self.corrections_edit.text().strip() or None

    def set_corrections(self, path: Path | str | None) -> None:
        self.corrections_edit.setText(str(path) if path else "")

    def set_continue(self, on: bool) -> None:
        self.continue_check.setChecked(on)
        self._fill_from_parent()

    def data_path(self) -> Path | None:
        text = self.data_edit.text().strip()
        return Path(text) if text else None

    def set_data(self, path: Path | str) -> None:
        self.data_edit.setText(str(path))

    def suggest_data(self, path: Path | str) -> None:
        """Fill in ``path`` as the data unless the user already chose some."""
        if not self.data_edit.text().strip():
            self.set_data(path)

    def set_output_dir(self, path: Path | str) -> None:
        """Use exactly ``path`` (no timestamp refresh)."""
        self.output_edit.setText(str(path))
        self._output_edited = True

    def output_dir(self, refresh: bool = False) -> Path:
        """The output folder; with ``refresh`` an untouched default gets a fresh timestamp."""
        if refresh and not self._output_edited:
            self.output_edit.setText(str(timestamped_output(self.arch)))
        return Path(self.output_edit.text().strip())

    def _fill_from_parent(self) -> None:
        """Continuing: show what the child inherits and the parent-derived schedule, or why the
        active model cannot be continued. Architecture and image size are the parent's."""
        on = self.continuing()
        self.arch_combo.setEnabled(not on)
        self.size_spin.setEnabled(not on)
        self.parent_note.setVisible(on)
        self.parent_error = None
        if not on:
            self._on_arch_combo_changed()
            return
        parent = self.context.bundle
        try:
            if parent is None:
                raise BundleError(self.context.model_error or self.tr("no model is active"))
            cfg = resolve_config(TrainConfig(from_model=str(parent.path)), parent)
        except BundleError as exc:
            self.parent_error = error_text(exc)
            self.parent_note.setStyleSheet("color: #b00020;")
            self.parent_note.setText(self.tr("This model cannot be continued: {0}").format(self.parent_error))
            return
        self.arch_combo.blockSignals(True)
        self.arch_combo.setCurrentIndex(self.arch_combo.findData(cfg.arch))
        self.arch_combo.blockSignals(False)
        self.epochs_spin.setValue(int(cfg.epochs))
        self.batch_spin.setValue(int(cfg.batch_size))
        self.lr_spin.setValue(float(cfg.learning_rate))
        self.size_spin.setValue(int(cfg.image_size))
        self.parent_note.setStyleSheet("color: palette(mid);")
        note = (self.tr("Parent {0}: keeps its classes, '{1}' architecture and {2} px {3} "
                        "preprocessing with ROI; a tenth of its learning rate, {4} epoch(s) by "
                        "default.") if cfg.roi else
                self.tr("Parent {0}: keeps its classes, '{1}' architecture and {2} px {3} "
                        "preprocessing; a tenth of its learning rate, {4} epoch(s) by default."))
        self.parent_note.setText(note.format(parent.model_id, cfg.arch, cfg.image_size,
                                             parent.spec.kind, cfg.epochs))
        if not self._output_edited:
            self.output_edit.setText(str(timestamped_output(cfg.arch)))

    # ------------------------------------------------------------------ slots

    def _on_continue_check_toggled(self, _on: bool) -> None:
        self._fill_from_parent()

    def _on_context_model_changed(self, _bundle: object) -> None:
        if self.continuing():
            self._fill_from_parent()

    def _review_file(self) -> Path:
        from leukemia_gui.review_hub import ReviewHub

        return ReviewHub.of(self.context).corrections_path

    def _on_review_file_button_clicked(self) -> None:
        path = self._review_file()
        if path.is_file():
            self.set_corrections(path)
        else:
            QMessageBox.information(self, self.tr("Corrections"), self.tr(
                "No corrections have been marked yet ({0} does not exist); mark some in the "
                "Review tab.").format(path))

    def _on_corrections_button_clicked(self) -> None:
        start = self.corrections_path() or str(self._review_file())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Corrections file"), start,
                                              self.tr("Corrections (*.csv);;All files (*)"))
        if path:
            self.set_corrections(path)

    def _on_arch_combo_changed(self, _index: int = 0) -> None:
        d = DEFAULTS[self.arch]
        self.arch_note.setText(self.arch_notes.get(self.arch, ""))
        self.epochs_spin.setValue(d.epochs)
        self.batch_spin.setValue(d.batch_size)
        self.lr_spin.setValue(d.learning_rate)
        self.size_spin.setValue(d.image_size)
        if not self._output_edited:
            self.output_edit.setText(str(timestamped_output(self.arch)))

    def _on_folder_button_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Training data folder"),
                                                self.context.folder("train_data"))
        if path:
            self.context.remember_folder("train_data", path)
            self.set_data(path)

    def _on_manifest_button_clicked(self) -> None:
        start = self.context.folder("train_data")
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Split manifest"), start,
                                              self.tr("Split manifests (*.json *.csv)"))
        if path:
            self.context.remember_folder("train_data", Path(path).parent)
            self.set_data(path)

    def _on_output_edit_edited(self, _text: str) -> None:
        self._output_edited = True

    def _on_output_button_clicked(self) -> None:
        parent = self.context.folder("models") or str(models_dir())
        path = QFileDialog.getExistingDirectory(self, self.tr("Parent folder for the new model"),
                                                parent)
        if path:
            self.context.remember_folder("models", path)
            self.set_output_dir(timestamped_output(self.arch, Path(path)))
