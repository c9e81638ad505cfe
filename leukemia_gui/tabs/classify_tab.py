"""Classify tab: drop, open or paste images; see each result; batches run as a task."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QWidget

from core.data.images import ImageError, load_rgb
from core.evaluation.report import write_predictions_csv
from core.fileutil import OutputRefused
from core.inference.audit import AuditLog
from core.inference.classify import classify_files, is_single
from core.inference.predictor import Classified, Predictor
from core.inference.result import Prediction, summarize_case
from core.model.architectures import has_heatmap
from core.model.bundle import BundleError
from core.progress import Progress
from leukemia_gui.core_text import case_line
from leukemia_gui.context import AppContext
from leukemia_gui.export_paths import confirm_output_file
from leukemia_gui.review_hub import ReviewHub, classification_source
from leukemia_gui.tabs.classify_view import ClassifyTabView, Entry, case_gallery
from leukemia_gui.tasks import TaskRunner
from leukemia_gui.widgets.cell_gallery import MAX_CROPS, CropCache
from leukemia_gui.widgets.image_view import qimage_to_rgb
from leukemia_gui.error_text import error_text, image_reason, prediction_error
from leukemia_gui.widgets.results_table import display_name


class ClassifyTab(ClassifyTabView):
    """Classify single images instantly and folders in the background; every result is audited."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)  # the widgets (ClassifyTabView)
        self.tasks = TaskRunner(self)  # batches; the tab shows their progress itself
        self._queue: list[Path] = []
        self._memory: dict[str, np.ndarray] = {}  # pasted images, by their row name
        # the image classified last on its own, with its pixels and class maps: showing it
        # (and its heatmap) reads and runs nothing again
        self._kept: Classified | None = None
        self._batch_count = 0
        self._crop_cache = CropCache()  # the case gallery's crops, each field read once
        self.hub = ReviewHub.of(context)
        # One-at-a-time drops publish to the review queue once they pause: building the source
        # walks the whole table, which would make each drop slower as a long session grows.
        self._publish_timer = QTimer(self, singleShot=True, interval=300)
        self._publish_timer.timeout.connect(self._publish_results)
        # the case line is recomputed once rows stop arriving, not once per batch of a big folder
        self._case_timer = QTimer(self, singleShot=True, interval=250)
        self._case_timer.timeout.connect(self._update_case)
        self.setAcceptDrops(True)
        self._set_running(False)
        self._connect()
        context.model_changed.connect(self._on_context_model_changed)
        QShortcut(QKeySequence.StandardKey.Paste, self, self.paste,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._refresh_model()

    def _connect(self) -> None:
        self.empty_state.samples_requested.connect(self.classify_samples)
        self.add_files_button.clicked.connect(self._on_add_files_clicked)
        self.add_folder_button.clicked.connect(self._on_add_folder_clicked)
        self.paste_button.clicked.connect(self.paste)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.review_button.clicked.connect(self._on_review_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.table.row_selected.connect(self._on_table_row_selected)
        self.case_check.toggled.connect(self._update_case)
        self.case_check.toggled.connect(self.case_panel.setVisible)
        self.gallery.crop_clicked.connect(self._on_gallery_crop_clicked)

    # -- public API ------------------------------------------------------------------------
    def classify_samples(self) -> None:
        """Classify the bundled sample images (the empty state's "Try the bundled samples")."""
        from core.resources import samples_dir

        self.add_paths([samples_dir()])

    def add_paths(self, paths: list[Path]) -> None:
        """Classify files and folders: one file at once in this thread, more as a task."""
        paths = [Path(p) for p in paths]
        if not paths or self._predictor() is None:
            return
        if self.is_busy():
            self._queue.extend(paths)
            return
        self._classify(paths)

    def add_image(self, rgb: np.ndarray, name: str = "clipboard") -> None:
        """Classify an image held in memory (e.g. pasted); it is shown under ``name``."""
        if self._predictor() is None:
            return
        n, key = 1, name
        while key in self._memory:
            n += 1
            key = f"{name} ({n})"
        self._memory[key] = rgb
        self._classify([rgb], name=key)

    def paste(self) -> None:
        self.add_mime(QGuiApplication.clipboard().mimeData())

    def add_mime(self, mime: QMimeData | None) -> bool:
        """Classify what a drop or the clipboard holds: local file URLs, else image data."""
        if mime is None:
            return False
        files = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if files:
            self.add_paths(files)
            return True
        if mime.hasImage():
            image = mime.imageData()
            if image is not None and not image.isNull():
                self.add_image(qimage_to_rgb(image))
                return True
        self.status.setText(self.tr("The clipboard holds no image or image files."))
        return False

    def review_source(self):  # noqa: ANN201 - leukemia_gui.review_hub.ReviewSource
        """The classified files listed (not pasted images) as a source for the review queue."""
        bundle = self.context.bundle
        return classification_source(
            [e[1] for e in self.table.entries() if e[2] is not None],
            bundle.path if bundle else None,
            bundle is not None and has_heatmap(bundle.card))

    def is_busy(self) -> bool:
        return self.tasks.is_busy()

    def shutdown(self) -> None:
        self._queue.clear()
        self.tasks.stop_and_wait()
        self.audit_bar.shutdown()  # a background check of a large audit log

    # -- drops -----------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        if self.add_mime(event.mimeData()):
            event.acceptProposedAction()

    # -- work ------------------------------------------------------------------------------
    def _predictor(self) -> Predictor | None:
        try:
            return self.context.predictor()
        except BundleError as exc:
            self.banner.setText(self.tr("No model is loaded, so nothing can be classified.") + f"\n{error_text(exc)}")
            self.banner.show()
            return None

    def _classify(self, sources: list[Path] | list[np.ndarray], name: str | None = None) -> None:
        """The one way this tab classifies (:func:`core.inference.classify.classify_files`,
        which audits every result): one image at once in this thread, its pixels and class
        maps kept for showing; more files, or a folder, as a task whose rows stream in.
        ``name``: the row name of pixels held in memory."""
        predictor = self._predictor()
        if predictor is None:
            return
        audit = AuditLog(self.context.audit_path)
        if not is_single(sources):
            self._start_batch(predictor, sources, audit)
            return
        shown: list[Classified] = []
        try:
            classify_files(predictor, sources, audit, partial=shown.extend)
        except OSError as exc:  # the audit log cannot be written: the result is not shown
            self.status.setText(self.tr("Could not write the audit log: {0}").format(exc))
            return
        finally:
            self.audit_bar.check_log()  # the new records still chain (verified / altered)
        (done,) = shown
        self._kept = done
        pred = done.prediction
        path = None if name is not None else Path(sources[0])
        self._show_rows([(name if path is None else display_name(path), pred,
                          None if path is None else str(path))], select=True)
        if path is not None:
            self.status.setText(self.tr("Classified {0}.").format(path.name) if pred.error is None
                                else f"{path.name}: {prediction_error(pred)}")
            self._publish_timer.start()

    def _publish_results(self) -> None:
        self.hub.publish(self.review_source())

    def _start_batch(self, predictor: Predictor, paths: list[Path] | list[np.ndarray],
                     audit: AuditLog) -> None:
        self.tasks.start(classify_files, predictor, paths, audit,
                         on_done=self._on_task_done, on_partial=self._on_task_partial,
                         on_progress=self._on_task_progress, on_failed=self._on_task_failed,
                         on_cancelled=self._on_task_cancelled, on_finished=self._on_task_finished)
        self._batch_count = 0
        self.progress.setValue(0)
        self.status.setText(self.tr("Classifying…"))
        self._set_running(True)

    def _show_rows(self, entries: list[Entry], select: bool) -> None:
        row = self.table.add_predictions(entries)
        self.hint.hide()
        self.export_button.setEnabled(not self.is_busy())
        self.review_button.setEnabled(not self.is_busy())
        if select or not self.table.selectedItems():
            self.table.selectRow(row)
        if self.case_check.isChecked():
            self._case_timer.start()

    def _update_case(self) -> None:
        """With "One case" ticked, every row so far read together, under the table."""
        self._case_timer.stop()
        entries = self.table.entries() if self.case_check.isChecked() else []
        preds = [pred for _, pred, _ in entries]
        self._update_gallery(entries)
        if not preds:
            self.case_label.hide()
            return
        case = summarize_case(preds)
        self.case_label.setText(case_line(case, len(preds)))  # in the interface language
        self.case_label.show()

    def _update_gallery(self, entries: list[Entry]) -> None:
        """The case's cells grouped by their field's class, crops from the cache."""
        if not entries:
            self.gallery.hide()
            return
        self.gallery.set_groups(*case_gallery(entries, self._crop_cache, self._load_shown, MAX_CROPS))
        self.gallery.show()

    def _load_shown(self, name: str, key: str | None) -> np.ndarray | None:
        """The pixels of a row's image (kept, a pasted image, or a file read again), None if
        gone."""
        kept = self._kept
        if key is None:
            return self._memory.get(name)
        if kept is not None and kept.rgb is not None and kept.prediction.path == key:
            return kept.rgb
        try:
            return load_rgb(key)
        except ImageError:
            return None

    def _on_gallery_crop_clicked(self, payload: tuple[Prediction, int]) -> None:
        pred, index = payload
        if self.table.select_prediction(pred):
            self.result.highlight_cell(index)
            self.gallery.set_current(pred, index)

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.export_button.setEnabled(not running and self.table.rowCount() > 0)
        self.review_button.setEnabled(not running and self.table.rowCount() > 0)
        self.clear_button.setEnabled(not running)

    # -- slots -----------------------------------------------------------------------------
    def _on_task_progress(self, p: Progress) -> None:
        self.progress.setRange(0, max(p.total, 1))
        self.progress.setValue(p.done)

    def _on_task_partial(self, batch: tuple[Classified, ...]) -> None:
        preds = [c.prediction for c in batch]
        if preds:
            self._batch_count += len(preds)
            self._show_rows([(display_name(q.path), q, q.path) for q in preds], select=False)

    def _on_task_done(self, total: int) -> None:
        self.status.setText(self.tr("Classified {0} image(s).").format(total) if total
                            else self.tr("No image files found."))

    def _on_task_failed(self, message: str) -> None:
        self.status.setText(self.tr("Classification stopped: {0}").format(message))

    def _on_task_cancelled(self) -> None:
        self.status.setText(self.tr("Cancelled after {0} image(s).").format(self._batch_count))

    def _on_task_finished(self) -> None:
        self._set_running(False)
        self.audit_bar.check_log()
        self.hub.publish(self.review_source())
        if self._queue:
            queued, self._queue = self._queue, []
            self.add_paths(queued)

    def _on_cancel_clicked(self) -> None:
        self._queue.clear()
        if self.is_busy():
            self.tasks.cancel()
            self.cancel_button.setEnabled(False)

    def _on_table_row_selected(self, entry: Entry) -> None:
        name, pred, key = entry
        kept = self._kept if self._kept is not None and self._kept.prediction is pred else None
        self.result.prediction_view.show_prediction(pred)
        self._refresh_heatmap(pred, kept)
        if kept is not None and kept.rgb is not None:
            self.result.set_image(kept.rgb)  # decoded once, when it was classified
        elif key is None:
            self.result.set_image(self._memory.get(name))
        else:
            try:
                self.result.set_image(load_rgb(key))
            except ImageError as exc:
                self.result.set_image(None, image_reason(exc))
        self.result.set_cells(pred.cells, None if pred.no_result else pred.label)
        self.gallery.set_current(pred)

    def _on_add_files_clicked(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add images"), self.context.folder("classify"),
            self.tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff);;All files (*)"))
        if files:
            self.context.remember_folder("classify", Path(files[0]).parent)
            self.add_paths([Path(f) for f in files])

    def _on_add_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add folder"), self.context.folder("classify"))
        if folder:
            self.context.remember_folder("classify", folder)
            self.add_paths([Path(folder)])

    def _on_review_clicked(self) -> None:
        self.hub.request_review(self.review_source())

    def _on_clear_clicked(self) -> None:
        self.table.clear_results()
        self._memory.clear()
        self._kept = None
        self._crop_cache.clear()
        self._update_case()
        self.result.clear()
        self.export_button.setEnabled(False)
        self.review_button.setEnabled(False)

    def _on_export_clicked(self) -> None:
        # the overwrite question is ours (export_paths), the same for every export
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export results"), self.context.folder("export"),
                                              self.tr("CSV files (*.csv)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        entries = self.table.entries()
        try:
            path = confirm_output_file(self, path, ".csv", "results file",
                                       inputs=[e[2] for e in entries if e[2]])
        except OutputRefused as exc:
            self.status.setText(self.tr("Not written: {0}").format(error_text(exc)))
            return
        if path is None:
            self.status.setText(self.tr("Export cancelled; nothing was written."))
            return
        try:
            write_predictions_csv([e[1] for e in entries], path, names=[e[0] for e in entries])
        except OSError as exc:
            self.status.setText(self.tr("Could not write {0}: {1}").format(path, exc))
            return
        self.context.remember_folder("export", Path(path).parent)
        self.status.setText(self.tr("Exported {0} row(s) to {1}.").format(len(entries), path))

    def _on_context_model_changed(self, _bundle: object) -> None:
        self._refresh_model()

    def _refresh_model(self) -> None:
        bundle = self.context.bundle
        self.banner.setVisible(bundle is None)
        if bundle is None:
            self.banner.setText((self.tr("No model is loaded, so nothing can be classified. Open a "
                                         "model folder from the File menu.") + "\n"
                                 + (self.context.model_error or "")).strip())
            self.model_label.setText(self.tr("Model: none"))
        else:
            self.model_label.setText(self.tr("Model: {0}").format(bundle.model_id))
        self._refresh_heatmap()

    def _refresh_heatmap(self, pred: Prediction | None = None, kept: Classified | None = None) -> None:
        """Heatmaps for the model's class maps; none for an image with no result (there is
        no class to show evidence for). ``kept``: the shown image's own classification,
        whose class maps draw the heatmap without running the model again."""
        bundle = self.context.bundle
        heatmap = bundle is not None and has_heatmap(bundle.card)
        if pred is not None and pred.no_result and heatmap:
            self.result.set_heatmap_source(None, self.tr("No heatmap: this image has no result, so "
                                                         "there is no class to show evidence for."))
            return
        if heatmap and kept is not None and kept.maps is not None:
            # only for its own pixels: the source is set a moment before the image is
            self.result.set_heatmap_source(lambda rgb: kept.heatmap() if rgb is kept.rgb else None)
            return
        self.result.set_heatmap_source(self._heatmap if heatmap else None)

    def _heatmap(self, rgb: np.ndarray) -> np.ndarray | None:
        predictor = self._predictor()
        return None if predictor is None else predictor.heatmap(rgb)
