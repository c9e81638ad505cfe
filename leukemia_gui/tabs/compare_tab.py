"""Compare tab: two models on the same labelled images, side by side, with an exact McNemar
test; keep the better one with one click (the other stays in File → Recent models)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.evaluation.compare import Comparison, compare_models
from core.fileutil import atomic_write_text
from core.model.architectures import has_heatmap
from core.model.bundle import BundleError
from core.progress import Progress
from leukemia_gui.context import AppContext
from leukemia_gui.core_text import comparison_warning
from leukemia_gui.error_text import error_text
from leukemia_gui.export_paths import confirm_output_file
from leukemia_gui.heatmaps import HeatmapCache
from leukemia_gui.tasks import TaskRunner
from leukemia_gui.widgets.comparison_view import ChangedPredictionsWidget, ComparisonSummaryWidget
from leukemia_gui.widgets.image_detail_dialog import ImageDetailDialog
from leukemia_gui.widgets.model_picker import ModelPickerWidget
from leukemia_gui.widgets.scroll_tabs import scrolled
from leukemia_gui.widgets.task_progress import TaskProgressWidget
from leukemia_gui.worker import Worker
from leukemia_gui.i18n import fixed

SPLITS = ("test", "val", "train")


def _progress_text(message: str) -> str:
    """core's "model A: image 3" in the interface language."""
    match = re.match(r"model ([AB]): (.*)", message, re.S)
    if match is None:
        return message
    return QCoreApplication.translate("CompareTab", "model {0}: {1}").format(*match.groups())


class CompareTab(QWidget):
    """Pick labelled data, model A (default: active) and B (default: last trained); compare in
    the worker; show the changes; export the JSON; make B the active model."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.comparison: Comparison | None = None
        self._data: Path | None = None
        self._data_chosen = False  # False: follow the dataset folder in use
        self._build()
        self.runner = TaskRunner(self, self.task)
        self.heatmaps = HeatmapCache(context, self._show_status)
        context.model_changed.connect(self._refresh)
        self._follow_dataset_folder()
        self._refresh()

    def _build(self) -> None:
        self.data_label = QLabel(self.tr("No labelled data chosen"))
        self.data_label.setWordWrap(True)
        self.folder_button = QPushButton(self.tr("Folder…"))
        self.manifest_button = QPushButton(self.tr("Manifest…"))
        self.split_combo = QComboBox()
        for split, shown in zip(SPLITS, (self.tr("test"), self.tr("val"), self.tr("train"))):
            self.split_combo.addItem(shown, split)  # the manifest's own names as data
        self.split_combo.setToolTip(self.tr("Which split of the manifest to compare on"))
        self.model_a = ModelPickerWidget(self.context, "active")
        self.model_a.setToolTip(self.tr("The reference model (“before”)"))
        self.model_b = ModelPickerWidget(self.context, "trained")
        self.model_b.setToolTip(self.tr("The candidate model (“after”), e.g. the one just trained"))
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setDefault(True)
        self.task = TaskProgressWidget(self.tr("Both models are evaluated on the same images."))
        self.export_button = QPushButton(self.tr("Export JSON…"))
        self.use_b_button = QPushButton(self.tr("Use model B"))
        self.use_b_button.setToolTip(self.tr("Make model B the active model; the previous one "
                                             "stays in File → Recent models."))
        form = QGridLayout()
        form.addWidget(QLabel(self.tr("Labelled data:")), 0, 0)
        form.addWidget(self.data_label, 0, 1)
        form.addWidget(QLabel(self.tr("Split:")), 0, 2, Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.split_combo, 0, 3)
        form.addWidget(self.folder_button, 0, 4)
        form.addWidget(self.manifest_button, 0, 5)
        form.addWidget(QLabel(self.tr("Model A (before):")), 1, 0)
        form.addWidget(self.model_a, 1, 1, 1, 5)
        form.addWidget(QLabel(self.tr("Model B (after):")), 2, 0)
        form.addWidget(self.model_b, 2, 1, 1, 5)
        form.addWidget(self.compare_button, 3, 0)
        form.addWidget(self.task, 3, 1, 1, 3)
        form.addWidget(self.export_button, 3, 4)
        form.addWidget(self.use_b_button, 3, 5)
        form.setColumnStretch(1, 1)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setStyleSheet("QLabel { color: #b35c00; }")
        self.warnings_label.setVisible(False)
        self.status.setVisible(False)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = ComparisonSummaryWidget()
        self.summary.setMinimumWidth(420)
        self.changed_label = QLabel(self.tr("Images whose prediction changed appear here."))
        self.changed_label.setWordWrap(True)
        self.changed = ChangedPredictionsWidget()
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.changed_label)
        rv.addWidget(self.changed, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        summary_area = scrolled(self.summary, height_for_width=True)  # scrolls on a small screen
        summary_area.setMinimumWidth(self.summary.minimumWidth())  # as wide as before, a scroll bar within
        self.summary.setMinimumWidth(self.summary.minimumWidth()
                                     - summary_area.verticalScrollBar().sizeHint().width())
        body.addWidget(summary_area)
        body.addWidget(right)
        body.setChildrenCollapsible(False)
        body.setSizes([560, 700])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.warnings_label)
        layout.addWidget(body, 1)

        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.manifest_button.clicked.connect(self._on_manifest_button_clicked)
        self.compare_button.clicked.connect(self.start_comparison)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.use_b_button.clicked.connect(self._on_use_b_button_clicked)
        for picker in (self.model_a, self.model_b):
            picker.changed.connect(self._refresh)
            picker.failed.connect(self._show_status)
        self.changed.image_activated.connect(self._on_changed_image_activated)

    # -- public API ------------------------------------------------------------------------
    def set_data(self, path: Path | str, split: str = "test") -> None:
        """Compare on a labelled folder, or on a manifest file's ``split``."""
        self._data, self._data_chosen = Path(path), True
        self.split_combo.setCurrentIndex(max(0, self.split_combo.findData(split)))
        self.context.remember_folder("compare_data", self._data)
        self._refresh()

    def set_models(self, a: Path | str | None, b: Path | str | None) -> None:
        """Choose model folders (``None``: A the active model, B the last trained one)."""
        self.model_a.set_path(a)
        self.model_b.set_path(b)

    def start_comparison(self) -> bool:
        a, b = self.model_a.path(), self.model_b.path()
        if self.is_busy() or a is None or b is None or self._data is None:
            return False
        split = self.split_combo.currentData() if self._data.is_file() else None
        self.heatmaps.clear()
        self._show_status("")
        self.runner.start(compare_models, self._data, a, b, split=split,
                          on_done=self._on_worker_succeeded, on_failed=self._on_worker_failed,
                          on_cancelled=self._on_worker_cancelled,
                          on_progress=self._on_worker_progress, on_finished=self._refresh,
                          text=self.tr("Comparing {0} and {1} on {2}…").format(a.name, b.name,
                                                                              self._data.name))
        self._refresh()
        return True

    def export_json(self, path: Path | str) -> Path:
        """Write the comparison (as ``leukemia compare --json`` does) atomically."""
        assert self.comparison is not None
        atomic_write_text(path, json.dumps(self.comparison.to_dict(), indent=1))
        return Path(path)

    def use_model_b(self) -> bool:
        """Make the compared model B the active model."""
        if self.comparison is None:
            return False
        path = Path(self.comparison.model_b["path"])
        from leukemia_gui.activation import override_granted

        if not override_granted(self, self.context, path):  # a continued model that forgot
            return False
        try:
            self.context.set_model(path)
        except BundleError as exc:
            QMessageBox.warning(self, self.tr("Use model B"),
                                self.tr("This model cannot be used:\n\n{0}").format(error_text(exc)))
            return False
        self.context.status_message.emit(self.tr("Model B ({0}) is now active; the previous "
                                                 "model is in File → Recent models.").format(path.name))
        self._refresh()
        return True

    @property
    def worker(self) -> Worker | None:
        """The latest comparison's worker (tests wait on its signals)."""
        return self.runner.worker

    def is_busy(self) -> bool:
        return self.runner.is_busy()

    def shutdown(self) -> None:
        self.runner.stop_and_wait()

    # -- slots -----------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        self._follow_dataset_folder()
        super().showEvent(event)

    def _on_worker_progress(self, p: Progress) -> None:
        if p.message:
            self.task.report(p, self.tr("Evaluating {0}").format(_progress_text(p.message)))

    def _on_worker_succeeded(self, cmp: Comparison) -> None:
        self.comparison = cmp
        self.summary.set_comparison(cmp)
        self.changed.set_changed(cmp)
        now_right = sum(ch.fixed for ch in cmp.changed)
        broken = sum(ch.a == ch.true for ch in cmp.changed)
        self.changed_label.setText(self.tr(
            "{0} image(s) changed prediction: {1} now right, {2} now wrong. Double-click one to "
            "inspect it.").format(len(cmp.changed), now_right, broken))
        self.warnings_label.setText("\n".join(f"⚠ {comparison_warning(w)}" for w in cmp.warnings))
        self.warnings_label.setVisible(bool(cmp.warnings))
        self.task.end(self.tr("Compared {0} (A) and {1} (B) on {2} images in {3} s.").format(
            cmp.model_a["id"], cmp.model_b["id"], cmp.n, fixed(cmp.seconds, 1)))

    def _on_worker_failed(self, message: str) -> None:
        self.task.end(self.tr("Comparison failed: {0}").format(message), ok=False)

    def _on_worker_cancelled(self) -> None:
        self.task.end(self.tr("Comparison cancelled."), ok=False)

    def _on_folder_button_clicked(self) -> None:
        start = str(self._data or self.context.folder("compare_data"))
        folder = QFileDialog.getExistingDirectory(self, self.tr("Labelled image folder"), start)
        if folder:
            self.set_data(Path(folder))

    def _on_manifest_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Split manifest"), self.context.folder("compare_data"),
                                              self.tr("Split manifests (*.json *.csv)"))
        if path:
            self.set_data(Path(path))

    def _on_export_button_clicked(self) -> None:
        if self.comparison is None:
            return
        start = str(Path(self.context.folder("export") or Path.home()) / "comparison.json")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export comparison"), start, self.tr("JSON (*.json)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        try:
            path = confirm_output_file(self, path, ".json", "comparison")
        except ValueError as exc:  # OutputRefused
            self._show_status(self.tr("Not written: {0}").format(error_text(exc)))
            return
        if path is None:
            self._show_status(self.tr("Export cancelled; nothing was written."))
            return
        try:
            written = self.export_json(path)
        except OSError as exc:
            self._show_status(self.tr("Could not write the comparison: {0}").format(exc))
            return
        self.context.remember_folder("export", written.parent)
        self._show_status(self.tr("Wrote {0}.").format(written))

    def _on_use_b_button_clicked(self) -> None:
        self.use_model_b()

    def _on_changed_image_activated(self, path: str) -> None:
        if self.comparison is None or len(self.comparison.results) < 2:
            return
        pred = next((p for p in self.comparison.results[1].predictions if p.path == path), None)
        if pred is None:
            return
        dialog = ImageDetailDialog(pred, self._heatmap_fn(), self)
        dialog.setWindowTitle(self.tr("{0} — model B").format(Path(path).name))
        dialog.exec()

    def _heatmap_fn(self) -> Any:
        cmp = self.comparison
        if cmp is None or len(cmp.results) < 2:
            return None
        return self.heatmaps.heatmap_fn(cmp.model_b["path"], has_heatmap(cmp.results[1].card))

    # -- state -----------------------------------------------------------------------------
    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _follow_dataset_folder(self) -> None:
        """Until data is chosen here, use the dataset folder in use (else the last compared)."""
        if self._data_chosen:
            return
        for key in ("dataset", "compare_data"):
            folder = self.context.folder(key)
            if folder and Path(folder).exists():
                self._data = Path(folder)
                break
        self._refresh()

    def _refresh(self, *_args: object) -> None:
        busy = self.is_busy()
        if self._data is not None:
            kind = self.tr("split manifest") if self._data.is_file() else self.tr("folder (all images)")
            self.data_label.setText(f"{self._data}  —  {kind}")
        a, b = self.model_a.path(), self.model_b.path()
        same = a is not None and b is not None and a.resolve() == b.resolve()
        self.compare_button.setEnabled(not busy and self._data is not None and a is not None
                                       and b is not None and not same)
        self.compare_button.setToolTip(self.tr("Choose two different models") if same else
                                       self.tr("Evaluate both models on the same images"))
        self.split_combo.setEnabled(not busy and self._data is not None and self._data.is_file())
        for w in (self.folder_button, self.manifest_button, self.model_a, self.model_b):
            w.setEnabled(not busy)
        self.export_button.setEnabled(self.comparison is not None and not busy)
        active = self.context.bundle
        b_active = (self.comparison is not None and active is not None
                    and active.path.resolve() == Path(self.comparison.model_b["path"]).resolve())
        self.use_b_button.setEnabled(self.comparison is not None and not busy and not b_active)
        self.use_b_button.setText(self.tr("Model B is active ✓") if b_active else self.tr("Use model B"))
