"""Evaluate tab: run a model on labelled images, inspect metrics and confusion-matrix cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.patches import Rectangle
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.classes import CLASSES
from core.data.corrections import CorrectionsError
from core.evaluation.evaluate import EvalPrediction, EvalResult, evaluate
from core.evaluation.figures import confusion_matrix_figure
from core.evaluation.report import REPORT_FILES, write_evaluation_report
from core.model.architectures import has_heatmap
from core.model.card import ModelCard
from core.progress import Progress
from leukemia_gui.class_names import full_name
from leukemia_gui.context import AppContext
from leukemia_gui.core_text import card_text
from leukemia_gui.export_paths import confirm_report_folder
from leukemia_gui.flag_text import reason_text
from leukemia_gui.heatmaps import HeatmapCache
from leukemia_gui.review_hub import ReviewHub, evaluation_source
from leukemia_gui.tasks import TaskRunner
from leukemia_gui.widgets.correction_keys import add_correction_actions, add_correction_shortcuts, choice_text
from leukemia_gui.widgets.image_detail_dialog import ImageDetailDialog
from leukemia_gui.i18n import percent
from leukemia_gui.widgets.metrics_view import MetricsWidget
from leukemia_gui.widgets.model_picker import ModelPickerWidget
from leukemia_gui.widgets.plot_canvas import PlotCanvas
from leukemia_gui.widgets.scroll_tabs import scrolled
from leukemia_gui.widgets.thumbnail_list import ThumbnailListWidget
from leukemia_gui.error_text import error_text
from leukemia_gui.worker import Worker
from leukemia_gui.i18n import fixed

SPLITS = ("test", "val", "train")


def _reason(p: EvalPrediction) -> str:
    """Why ``p`` is uncertain, in the interface language (from its flags)."""
    return reason_text(p.flags, p.confidence if p.probabilities else None, p.margin)


class EvaluateTab(QWidget):
    """Pick a model and labelled data, evaluate in the worker, then explore the results."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = TaskRunner(self)  # the tab's own bar and Cancel button show it
        self.result: EvalResult | None = None
        self._evaluated_model: Path | None = None
        self._data: Path | None = None
        self._highlight: Rectangle | None = None
        self.hub = ReviewHub.of(context)
        self._build()
        self.heatmaps = HeatmapCache(context, self.status.setText)
        self.hub.corrections_changed.connect(self._on_hub_corrections_changed)
        remembered = context.folder("evaluate_data")
        if remembered and Path(remembered).exists():
            self._set_data(Path(remembered))
        self._refresh()
        self._show_corrections()

    def _build(self) -> None:
        form = QGridLayout()
        self.model_picker = ModelPickerWidget(self.context, "active")
        self.model_picker.combo.setPlaceholderText(self.tr("No model is loaded: choose a model folder"))
        self.data_label = QLabel(self.tr("No labelled data chosen"))
        self.data_label.setWordWrap(True)
        self.folder_button = QPushButton(self.tr("Choose folder…"))
        self.manifest_button = QPushButton(self.tr("Choose split manifest…"))
        self.split_combo = QComboBox()
        for split, shown in zip(SPLITS, (self.tr("test"), self.tr("val"), self.tr("train"))):
            self.split_combo.addItem(shown, split)  # the manifest's own names as data
        self.split_combo.setToolTip(self.tr("Which split of the manifest to evaluate"))
        self.evaluate_button = QPushButton(self.tr("Evaluate"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.progress = QProgressBar()
        self.export_button = QPushButton(self.tr("Export report…"))
        self.review_button = QPushButton(self.tr("Review queue…"))
        self.review_button.setToolTip(self.tr("Go through the uncertain and wrongly predicted "
                                              "images in the Review tab, most urgent first"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.seen_label = QLabel()  # the evaluated images include the model's training images
        self.seen_label.setWordWrap(True)
        self.seen_label.setStyleSheet("QLabel { color: #d9480f; font-weight: bold; }")
        self.seen_label.hide()
        form.addWidget(QLabel(self.tr("Model:")), 0, 0)
        form.addWidget(self.model_picker, 0, 1, 1, 5)
        form.addWidget(QLabel(self.tr("Labelled data:")), 1, 0)
        form.addWidget(self.data_label, 1, 1)
        form.addWidget(QLabel(self.tr("Split:")), 1, 2, Qt.AlignmentFlag.AlignRight)
        form.addWidget(self.split_combo, 1, 3)
        form.addWidget(self.folder_button, 1, 4)
        form.addWidget(self.manifest_button, 1, 5)
        form.addWidget(self.evaluate_button, 2, 0)
        form.addWidget(self.progress, 2, 1, 1, 2)
        form.addWidget(self.cancel_button, 2, 3)
        form.addWidget(self.review_button, 2, 4)
        form.addWidget(self.export_button, 2, 5)
        form.setColumnStretch(1, 1)

        self.metrics = MetricsWidget()
        self.card_text = QPlainTextEdit()
        self.card_text.setReadOnly(True)
        self.card_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = self.card_text.font()
        font.setFamily("monospace")
        self.card_text.setFont(font)
        self.card_text.setPlaceholderText(self.tr("The evaluated model's card appears here."))
        left = QWidget()
        left.setMinimumWidth(380)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.metrics)
        lv.addWidget(QLabel(self.tr("Model card")))
        lv.addWidget(self.card_text, 1)

        self.canvas = PlotCanvas(figsize=(4.6, 4))
        self.canvas.setMinimumSize(300, 260)
        self.figure = self.canvas.figure
        self.canvas.show_message(self.tr("Evaluate a model to see its confusion matrix."))
        self.canvas.setToolTip(self.tr("Click a cell to see its images"))
        self.canvas.mpl_connect("button_press_event", self._on_canvas_clicked)
        self.cell_label = QLabel(self.tr("Click a confusion-matrix cell to see its images."))
        self.cell_label.setWordWrap(True)
        self.thumbnails = ThumbnailListWidget()
        self.thumbnails.setToolTip(self.tr("Double-click an image to see it large with its "
                                           "probabilities. Keys 1–4, U, X (Backspace clears) "
                                           "correct the selected images' labels; right-click for "
                                           "the same."))
        self.thumbnails.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.thumbnails.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        add_correction_shortcuts(self.thumbnails, self.mark_selected, Qt.ShortcutContext.WidgetShortcut)
        self.cell_menu = QMenu(self)
        add_correction_actions(self.cell_menu, self.mark_selected)
        self.corrections_label = QLabel()
        self.corrections_label.setWordWrap(True)
        self.corrections_label.setStyleSheet("color: palette(placeholder-text);")
        cells = QWidget()
        cv = QVBoxLayout(cells)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addWidget(self.cell_label)
        cv.addWidget(self.thumbnails, 1)
        cv.addWidget(self.corrections_label)
        body = QSplitter(Qt.Orientation.Horizontal)
        # the metrics and card scroll on a small screen (a banner above, two warning lines), the page does not
        left_area = scrolled(left)
        left_area.setMinimumWidth(left.minimumWidth())  # as wide as before, a scroll bar within
        left.setMinimumWidth(left.minimumWidth() - left_area.verticalScrollBar().sizeHint().width())
        for i, (w, stretch) in enumerate(((left_area, 2), (self.canvas, 3), (cells, 2))):
            body.addWidget(w)
            body.setStretchFactor(i, stretch)
        body.setChildrenCollapsible(False)
        body.setSizes([440, 500, 400])

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.seen_label)
        layout.addWidget(body, 1)

        self.model_picker.changed.connect(self._refresh)
        self.model_picker.failed.connect(self.status.setText)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.manifest_button.clicked.connect(self._on_manifest_button_clicked)
        self.evaluate_button.clicked.connect(self.start_evaluation)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.thumbnails.itemActivated.connect(self._on_thumbnails_item_activated)
        self.thumbnails.customContextMenuRequested.connect(self._on_thumbnails_context_menu_requested)
        self.review_button.clicked.connect(self._on_review_button_clicked)

    # -- public API ------------------------------------------------------------------------
    def set_model(self, path: Path | None) -> None:
        """Evaluate the model folder ``path`` (``None``: the active model)."""
        self.model_picker.set_path(path)

    def set_data(self, path: Path, split: str = "test") -> None:
        """Evaluate a labelled folder, or a manifest file's ``split``."""
        self._set_data(Path(path))
        self.split_combo.setCurrentIndex(max(0, self.split_combo.findData(split)))

    def start_evaluation(self) -> None:
        model = self.model_picker.path()
        if model is None or self._data is None or self.is_busy():
            return
        split = self.split_combo.currentData() if self._data.is_file() else None
        self._evaluated_model = model
        self.heatmaps.clear()
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Evaluating {0} on {1}…").format(model.name, self._data.name))
        self.seen_label.hide()
        self.runner.start(evaluate, model, self._data, split=split,
                          on_done=self._on_worker_succeeded, on_failed=self._on_worker_failed,
                          on_cancelled=self._on_worker_cancelled,
                          on_progress=self._on_worker_progress, on_finished=self._refresh)
        self._refresh()

    def show_cell(self, true: str, predicted: str) -> None:
        """List the images of one confusion-matrix cell as thumbnails."""
        if self.result is None:
            return
        preds = self.result.cell(true, predicted)
        self.cell_label.setText(self.tr("Labelled {0} → predicted {1}: {2} image(s). Double-click "
                                        "one to inspect it; keys 1–4 / U / X correct the selected "
                                        "labels.").format(full_name(true), full_name(predicted),
                                                          len(preds)))
        uncertain = self.tr("UNCERTAIN: {0}")
        self.thumbnails.set_items([
            (p.path, Path(p.path).name,
             f"{p.path}\n{p.label} {percent(p.confidence)}"
             + ("\n" + uncertain.format(_reason(p)) if p.uncertain else ""), p) for p in preds])
        self._show_corrections()
        i, j = CLASSES.index(true), CLASSES.index(predicted)
        if self._highlight is not None:
            self._highlight.remove()
        self._highlight = Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="#d9480f", lw=3)
        self.figure.axes[0].add_patch(self._highlight)
        self.canvas.draw_idle()

    def mark_selected(self, choice: str | None) -> None:
        """Correct the recorded label of the selected thumbnails (None: remove the correction)."""
        chosen = self.thumbnails.selectedItems() or ([self.thumbnails.currentItem()]
                                                     if self.thumbnails.currentItem() else [])
        done = 0
        for item in chosen:
            p: EvalPrediction = self.thumbnails.payload(item)
            try:
                self.hub.mark(p.path, p.true, choice)
                done += 1
            except (CorrectionsError, OSError) as exc:
                self.status.setText(self.tr("Not saved: {0}").format(exc))
                return
        if done:
            text = (self.tr("Cleared the correction of {1} image(s), saved to {2}.") if choice is None
                    else self.tr("Marked {0}: {1} image(s), saved to {2}."))
            self.status.setText(text.format(choice_text(choice) if choice else "", done,
                                            self.hub.corrections_path))

    @property
    def worker(self) -> Worker | None:
        """The latest evaluation's worker (tests wait on its signals)."""
        return self.runner.worker

    def is_busy(self) -> bool:
        return self.runner.is_busy()

    def shutdown(self) -> None:
        self.runner.stop_and_wait()

    # -- slots -----------------------------------------------------------------------------
    def _on_canvas_clicked(self, event: Any) -> None:
        if self.result is None or event.inaxes not in self.figure.axes or event.xdata is None:
            return
        row, col = int(round(event.ydata)), int(round(event.xdata))
        if 0 <= row < len(CLASSES) and 0 <= col < len(CLASSES):
            self.show_cell(CLASSES[row], CLASSES[col])

    def _on_thumbnails_item_activated(self, item: QListWidgetItem) -> None:
        ImageDetailDialog(self.thumbnails.payload(item), self._heatmap_fn(), self, hub=self.hub).exec()

    def _on_thumbnails_context_menu_requested(self, pos: Any) -> None:
        if self.thumbnails.itemAt(pos) is not None:
            self.cell_menu.popup(self.thumbnails.viewport().mapToGlobal(pos))

    def _on_review_button_clicked(self) -> None:
        if self.result is not None:
            self.hub.request_review(evaluation_source(self.result, self._evaluated_model))

    def _on_hub_corrections_changed(self, _path: str) -> None:
        self._show_corrections()

    def _show_corrections(self) -> None:
        """Mark the thumbnails that have a correction (caption, colour, tooltip)."""
        normal = self.thumbnails.palette().text().color()
        for i in range(self.thumbnails.count()):
            item = self.thumbnails.item(i)
            p: EvalPrediction = self.thumbnails.payload(item)
            done = self.hub.correction(p.path)
            name = Path(p.path).name
            item.setText(f"✓ {choice_text(done.corrected_label)} · {name}" if done else name)
            item.setForeground(QColor("#2b8a3e") if done else normal)
        self.corrections_label.setText(self.tr("Corrections file: {0}").format(self.hub.corrections_path))

    def _heatmap_fn(self) -> Any:
        if self.result is None:
            return None
        return self.heatmaps.heatmap_fn(self._evaluated_model, has_heatmap(self.result.card))

    def _on_worker_progress(self, p: Progress) -> None:
        self.progress.setRange(0, max(p.total, 1))
        self.progress.setValue(p.done)

    def _on_worker_succeeded(self, result: EvalResult) -> None:
        self.result = result
        self.metrics.set_metrics(result.metrics)
        self._highlight = None
        self.canvas.show_figure_builder(confusion_matrix_figure, result.metrics.confusion_matrix)
        ax = self.figure.axes[0]  # core's figure, its words in the interface language
        ax.set_title(self.tr("Confusion matrix"))
        ax.set_xlabel(self.tr("predicted"))
        ax.set_ylabel(self.tr("true"))
        self.thumbnails.clear()
        self.cell_label.setText(self.tr("Click a confusion-matrix cell to see its images."))
        skipped = (self.tr("\nSkipped (unreadable): {0}").format(len(result.skipped))
                   if result.skipped else "")
        self.card_text.setPlainText(card_text(ModelCard.from_dict(result.card))
                                    + self.tr("\n\nEvaluated on: {0}\nImages: {1}").format(
                                        result.data, len(result.predictions)) + skipped)
        self.status.setText(self.tr("Evaluated {0} image(s) in {1} s.").format(
            len(result.predictions), fixed(result.seconds, 1)))
        n, total = result.seen_in_training, len(result.predictions)  # core's seen_warning, translated
        seen = self.tr("{0} of these {1} images were used to train this model, or are copies of its "
                       "training images (same class and file name as in its training split, or "
                       "derived from the same original): the figures are optimistic").format(n, total)
        self.seen_label.setText(f"⚠ {seen}" + (self.tr(", not a test.") if n == total else "."))
        self.seen_label.setVisible(bool(n))
        self.hub.publish(evaluation_source(result, self._evaluated_model))

    def _on_worker_failed(self, message: str) -> None:
        self.status.setText(self.tr("Evaluation failed: {0}").format(message))

    def _on_worker_cancelled(self) -> None:
        self.status.setText(self.tr("Evaluation cancelled."))

    def _on_cancel_button_clicked(self) -> None:
        if self.runner.is_busy():
            self.runner.cancel()
            self.cancel_button.setEnabled(False)

    def _on_folder_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Labelled image folder"),
                                                  self.context.folder("evaluate_data"))
        if folder:
            self._set_data(Path(folder))

    def _on_manifest_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Split manifest"),
                                              self.context.folder("evaluate_data"),
                                              self.tr("Split manifests (*.json *.csv)"))
        if path:
            self._set_data(Path(path))

    def _on_export_button_clicked(self) -> None:
        if self.result is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the report"),
                                                  self.context.folder("export"))
        if not folder:
            return
        chosen = folder
        folder = confirm_report_folder(self, folder, REPORT_FILES)  # an older report: ask
        if folder is None:
            self.status.setText(self.tr("Export cancelled; nothing was written."))
            return
        try:
            written = write_evaluation_report(self.result, folder, force=True)  # asked above
        except (OSError, ValueError) as exc:  # OutputRefused is a ValueError
            self.status.setText(self.tr("Could not write the report: {0}").format(error_text(exc)))
            return
        self.context.remember_folder("export", chosen)
        self.status.setText(self.tr("Wrote {0} to {1}.").format(", ".join(p.name for p in written), folder))

    # -- state -----------------------------------------------------------------------------
    def _set_data(self, path: Path) -> None:
        self._data = path
        kind = self.tr("split manifest") if path.is_file() else self.tr("folder (all images)")
        self.data_label.setText(f"{path}  —  {kind}")
        self.context.remember_folder("evaluate_data", path)
        self._refresh()

    def _refresh(self) -> None:
        busy = self.is_busy()
        has_model = self.model_picker.path() is not None
        self.split_combo.setEnabled(self._data is not None and self._data.is_file() and not busy)
        self.evaluate_button.setEnabled(has_model and self._data is not None and not busy)
        for w in (self.model_picker, self.folder_button, self.manifest_button):
            w.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        self.export_button.setEnabled(self.result is not None and not busy)
        self.review_button.setEnabled(self.result is not None and not busy)
