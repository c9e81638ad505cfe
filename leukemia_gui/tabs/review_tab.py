"""Review tab: go through the images that most need a human, and correct labels by key.

The queue comes from the latest evaluation or classification (``core.evaluation.review.build_queue``);
every key press that marks an image saves the corrections file at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.classes import CLASSES
from core.data.corrections import Correction, CorrectionsError
from core.evaluation.review import ReviewItem, filter_queue
from leukemia_gui.class_names import full_name
from leukemia_gui.context import AppContext
from leukemia_gui.heatmaps import HeatmapCache
from leukemia_gui.review_hub import CLASSIFICATION, EVALUATION, ReviewHub, ReviewSource
from leukemia_gui.widgets.correction_keys import choice_text
from leukemia_gui.widgets.elided_label import ElidedLabel
from leukemia_gui.widgets.review_item_view import ReviewItemWidget, why_text
from leukemia_gui.widgets.scroll_tabs import scrolled
from leukemia_gui.widgets.thumbnail_list import load_thumbnail

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

REASONS = (("All reasons", None), ("Unlike the training data", "ood"),
           ("Colour unlike training", "ood_colour"), ("Content unlike training", "ood_content"),
           ("Low confidence", "low_confidence"), ("Small margin", "small_margin"),
           ("Disagrees with the label", "misclassified"))
MOVE_KEYS = (("Left", -1), ("Up", -1), ("Right", 1), ("Down", 1), ("PgUp", -10), ("PgDown", 10))
DONE_COLOUR = QColor("#2b8a3e")
ICON = 48


def _tr(text: str) -> str:
    return translate("ReviewTab", text)


def empty_hint() -> str:
    return translate("ReviewTab", "Nothing to review yet. Evaluate labelled images (Evaluate tab) "
                     "or classify a folder (Classify tab), then press Review queue… there.")


def row_text(item: ReviewItem, done: Correction | None) -> str:
    """Two lines: rank and file; what the model said, the label, and the correction."""
    line2 = f"{item.label} {QLocale().toString(item.confidence * 100, 'f', 0)} %"
    if item.misclassified:
        line2 += " · " + translate("ReviewTab", "labelled {0}").format(item.true)
    if item.uncertain:
        line2 += " · " + translate("ReviewTab", "uncertain")
    if done is not None:
        line2 += f" · ✓ {choice_text(done.corrected_label)}"
    return f"{item.rank}. {Path(item.path).name}\n{line2}"


class ReviewTab(QWidget):
    """The review queue with filters, one image large, and keys that save corrections."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.hub = ReviewHub.of(context)
        self.source: ReviewSource | None = None
        self.queue: list[ReviewItem] = []  # the whole queue, ranked
        self.shown: list[ReviewItem] = []  # what the filters let through, in the list's order
        self._undo: list[tuple[str, Correction | None]] = []
        self._build()
        self.heatmaps = HeatmapCache(context, self.status.setText)
        self._install_keys()
        self.hub.review_requested.connect(self._on_hub_review_requested)
        self.hub.results_published.connect(self._on_hub_results_published)
        self.hub.corrections_changed.connect(self._on_hub_corrections_changed)
        latest = self.hub.latest.get(EVALUATION) or self.hub.latest.get(CLASSIFICATION)
        if latest is not None:
            self.load(latest)
        else:
            self._show_item(None)
        self._refresh_file()

    def _build(self) -> None:
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.evaluation_button = QPushButton(self.tr("Latest evaluation"))
        self.evaluation_button.setToolTip(self.tr("Review the images of the latest evaluation (Evaluate tab)"))
        self.classification_button = QPushButton(self.tr("Latest classification"))
        self.classification_button.setToolTip(self.tr("Review the images classified last (Classify tab)"))
        for b in (self.evaluation_button, self.classification_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top = QHBoxLayout()
        top.addWidget(self.source_label, 1)
        top.addWidget(self.evaluation_button)
        top.addWidget(self.classification_button)

        self.class_combo = QComboBox()
        self.class_combo.addItem(self.tr("All classes"), None)
        for name in CLASSES:
            self.class_combo.addItem(full_name(name), name)
        self.class_combo.setToolTip(self.tr("Images predicted as, or labelled as, this class"))
        self.reason_combo = QComboBox()
        for text, kind in REASONS:
            self.reason_combo.addItem(self._reason_text(text), kind)
        self.reason_combo.setToolTip(self.tr("Why an image is in the queue"))
        self.rest_check = QCheckBox(self.tr("Also confident, agreeing images"))
        self.rest_check.setToolTip(self.tr("Add the images the model is sure about (and agrees with "
                                           "the label) at the end"))
        self.advance_check = QCheckBox(self.tr("Next image after marking"))
        self.advance_check.setToolTip(self.tr("After a mark, show the next image of the queue"))
        for combo in (self.class_combo, self.reason_combo):  # the longest item need not fit shut
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        self.advance_check.setChecked(self.context.settings.value("review/advance", True, type=bool))
        self.count_label = QLabel()
        filters = QHBoxLayout()
        for w in (QLabel(self.tr("Class:")), self.class_combo, QLabel(self.tr("Reason:")), self.reason_combo,
                  self.rest_check, self.advance_check):
            filters.addWidget(w)
        filters.addStretch(1)
        top.insertWidget(1, self.count_label)  # the filters row stays narrow enough for 911 px

        self.list = QListWidget()
        self.list.setIconSize(QSize(ICON, ICON))
        self.list.setUniformItemSizes(True)
        self.list.setMinimumWidth(220)
        self.list.setAccessibleName(self.tr("Review queue"))

        self.detail = ReviewItemWidget()
        self.header, self.result, self.keys = self.detail.header, self.detail.result, self.detail.keys

        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.list)
        body.addWidget(scrolled(self.detail))  # scrolls on a small screen; the footer stays
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)
        body.setChildrenCollapsible(False)
        body.setSizes([420, 900])

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.file_label = ElidedLabel()  # a long path is elided: the footer fits a small screen
        self.change_file_button = QPushButton(self.tr("Change…"))
        self.change_file_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.change_file_button.setToolTip(self.tr("Choose the corrections CSV the marks are saved to"))
        note = QLabel(self.tr("Research use only — not for diagnostic use."))  # RESEARCH_NOTE
        note.setStyleSheet("QLabel { color: #c92a2a; font-weight: bold; }")
        footer = QHBoxLayout()
        footer.addWidget(self.file_label, 1)
        footer.addWidget(self.change_file_button)
        footer.addSpacing(16)
        footer.addWidget(note)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(body, 1)
        layout.addWidget(self.status)
        layout.addLayout(footer)

        self.evaluation_button.clicked.connect(self._on_evaluation_button_clicked)
        self.classification_button.clicked.connect(self._on_classification_button_clicked)
        self.class_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.reason_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.rest_check.toggled.connect(self._on_rest_check_toggled)
        self.advance_check.toggled.connect(self._on_advance_check_toggled)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.keys.chosen.connect(self.mark_current)
        self.change_file_button.clicked.connect(self._on_change_file_button_clicked)
        self._refresh_sources()

    def _install_keys(self) -> None:
        def add(key: str | QKeySequence.StandardKey, slot: Any) -> None:
            shortcut = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        for key, step in MOVE_KEYS:
            add(key, lambda s=step: self.move(s))
        add("Home", lambda: self._go(0))
        add("End", lambda: self._go(len(self.shown) - 1))
        add("H", self._on_heatmap_key)
        add(QKeySequence.StandardKey.Undo, self.undo)
        self.keys.attach_keys(self)

    def _reason_text(self, text: str) -> str:
        """A reason filter's name in the interface language."""
        return {"All reasons": self.tr("All reasons"),
                "Unlike the training data": self.tr("Unlike the training data"),
                "Colour unlike training": self.tr("Colour unlike training"),
                "Content unlike training": self.tr("Content unlike training"),
                "Low confidence": self.tr("Low confidence"),
                "Small margin": self.tr("Small margin"),
                "Disagrees with the label": self.tr("Disagrees with the label")}.get(text, self.tr(text))

    # -- public API ------------------------------------------------------------------------
    def load(self, source: ReviewSource) -> None:
        """Build the queue from ``source`` and show its first image."""
        self.source = source
        self._undo.clear()
        self.source_label.setText(self.tr("<b>Reviewing</b> {0}").format(source.title))
        self.source_label.setToolTip(source.title)
        self.status.setText("")
        self._rebuild(keep=None)

    def current_item(self) -> ReviewItem | None:
        row = self.list.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def move(self, step: int) -> None:
        """Go ``step`` items down the list (negative: up), stopping at either end."""
        if self.shown:
            self._go(max(0, min(len(self.shown) - 1, self.list.currentRow() + step)))

    def mark_current(self, choice: str | None) -> None:
        """Save ``choice`` for the current image (None: remove its correction)."""
        item = self.current_item()
        if item is None:
            return
        name = Path(item.path).name
        try:
            before = self.hub.corrections().get(item.path)
            self.hub.mark(item.path, item.true or item.label, choice)
        except (CorrectionsError, OSError) as exc:
            self.status.setText(self.tr("Not saved: {0}").format(exc))
            self._show_correction(item)
            return
        self._undo.append((item.path, before))
        if choice is not None and self.advance_check.isChecked():
            self.move(1)  # may say why the next image cannot be shown; keep that
        done = (self.tr("{0}: correction removed.").format(name) if choice is None
                else self.tr("{0}: marked {1}.").format(name, choice_text(choice)))
        self.status.setText(" ".join(t for t in (done, self.status.text()) if t))

    def undo(self) -> None:
        """Put back what the last mark replaced, and go to that image."""
        if not self._undo:
            self.status.setText(self.tr("Nothing to undo."))
            return
        path, before = self._undo.pop()
        try:
            if before is None:
                self.hub.mark(path, None, None)
            else:
                self.hub.mark(path, before.recorded_label, before.corrected_label, before.who, before.note)
        except (CorrectionsError, OSError) as exc:
            self.status.setText(self.tr("Could not undo: {0}").format(exc))
            return
        rows = [i for i, it in enumerate(self.shown) if it.path == path]
        if rows:
            self._go(rows[0])
        self.status.setText(self.tr("Undone: {0}.").format(Path(path).name))

    def is_busy(self) -> bool:
        return False

    def shutdown(self) -> None:
        self.heatmaps.clear()

    # -- queue and list --------------------------------------------------------------------
    def _rebuild(self, keep: str | None) -> None:
        self.queue = self.source.queue(self.rest_check.isChecked()) if self.source else []
        self._apply_filters(keep)

    def _apply_filters(self, keep: str | None) -> None:
        cls, reason = self.class_combo.currentData(), self.reason_combo.currentData()
        self.shown = filter_queue(self.queue, classes=[cls] if cls else None,
                                  reasons=[reason] if reason else None)
        self.list.blockSignals(True)
        self.list.clear()
        for item in self.shown:
            row = QListWidgetItem(QIcon(load_thumbnail(item.path, ICON)), "")
            why = why_text(item)
            row.setToolTip(f"{item.path}\n{why}" if why else item.path)
            self.list.addItem(row)
            self._paint_row(self.list.count() - 1)
        self.list.blockSignals(False)
        rows = [i for i, it in enumerate(self.shown) if it.path == keep]
        self._go(rows[0] if rows else 0)
        if not self.shown:
            self._show_item(None)
        self._refresh_count()

    def _paint_row(self, row: int) -> None:
        item = self.shown[row]
        done = self.hub.correction(item.path)
        widget_item = self.list.item(row)
        widget_item.setText(row_text(item, done))
        widget_item.setForeground(DONE_COLOUR if done else self.list.palette().text().color())

    def _go(self, row: int) -> None:
        if 0 <= row < len(self.shown):
            self.list.setCurrentRow(row)
            self.list.scrollToItem(self.list.item(row))

    def _refresh_count(self) -> None:
        done = sum(1 for it in self.queue if self.hub.correction(it.path) is not None)
        if len(self.shown) != len(self.queue):
            text = self.tr("{0} shown of {1} in queue · {2} marked").format(
                len(self.shown), len(self.queue), done)
        else:
            text = self.tr("{0} in queue · {1} marked").format(len(self.queue), done)
        self.count_label.setText(text)

    def _refresh_sources(self) -> None:
        self.evaluation_button.setEnabled(EVALUATION in self.hub.latest)
        self.classification_button.setEnabled(CLASSIFICATION in self.hub.latest)

    def _refresh_file(self) -> None:
        path = self.hub.corrections_path
        try:
            count = self.tr("{0} marked").format(len(self.hub.corrections()))
        except CorrectionsError as exc:
            count = self.tr("unusable: {0}").format(exc)
        self.file_label.setText(self.tr("Corrections file: {0}  ({1})").format(path, count))
        self.file_label.setToolTip(self.tr("{0}\n\nEvery mark is saved here at once; train --from "
                                           "MODEL --corrections FILE applies it").format(path))

    # -- the current item ------------------------------------------------------------------
    def _show_item(self, item: ReviewItem | None) -> None:
        if item is None:
            self.detail.show_nothing(empty_hint() if self.source is None else
                                     self.tr("Nothing here needs a look. Change the filters, or "
                                             "tick “Also confident, agreeing images” to go "
                                             "through the rest."))
            return
        problem = self.detail.show_item(item, len(self.queue), self._heatmap_fn(),
                                        self.hub.correction(item.path))
        if problem:
            self.status.setText(self.tr("{0}: {1}. It can still be marked (X: not a usable "
                                        "field) if the file exists.").format(Path(item.path).name, problem))

    def _show_correction(self, item: ReviewItem) -> None:
        self.detail.show_correction(item, self.hub.correction(item.path))

    def _heatmap_fn(self) -> Any:
        source = self.source
        return None if source is None else self.heatmaps.heatmap_fn(source.model, source.heatmaps)

    # -- slots -----------------------------------------------------------------------------
    def _on_list_current_row_changed(self, row: int) -> None:
        self.status.setText("")
        self._show_item(self.shown[row] if 0 <= row < len(self.shown) else None)

    def _on_heatmap_key(self) -> None:
        if self.result.heatmap_check.isEnabled():
            self.result.heatmap_check.toggle()

    def _on_filter_changed(self, _index: int) -> None:
        item = self.current_item()
        self._apply_filters(item.path if item else None)
        self.list.setFocus()

    def _on_rest_check_toggled(self, _on: bool) -> None:
        item = self.current_item()
        self._rebuild(item.path if item else None)
        self.list.setFocus()

    def _on_advance_check_toggled(self, on: bool) -> None:
        self.context.settings.setValue("review/advance", on)
        self.list.setFocus()

    def _on_hub_review_requested(self, source: ReviewSource) -> None:
        self.load(source)

    def _on_hub_results_published(self, source: ReviewSource) -> None:
        self._refresh_sources()
        if self.source is None:
            self.load(source)
        elif source is not self.source:
            self.status.setText(self.tr("New evaluation results: press “Latest evaluation” to "
                                        "review them.") if source.kind == EVALUATION else
                                self.tr("New classification results: press “Latest "
                                        "classification” to review them."))

    def _on_hub_corrections_changed(self, path: str) -> None:
        for row, item in enumerate(self.shown):
            if not path or item.path == path:
                self._paint_row(row)
        current = self.current_item()
        if current is not None and (not path or current.path == path):
            self._show_correction(current)
        self._refresh_count()
        self._refresh_file()

    def _on_evaluation_button_clicked(self) -> None:
        if EVALUATION in self.hub.latest:
            self.load(self.hub.latest[EVALUATION])
            self.list.setFocus()

    def _on_classification_button_clicked(self) -> None:
        if CLASSIFICATION in self.hub.latest:
            self.load(self.hub.latest[CLASSIFICATION])
            self.list.setFocus()

    def _on_change_file_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Corrections file"), str(self.hub.corrections_path), self.tr("CSV files (*.csv)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        try:
            self.hub.set_corrections_path(path)
        except CorrectionsError as exc:
            self.status.setText(self.tr("Not a corrections file, keeping the old one: {0}").format(exc))
        self.list.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.shown:
            self.list.setFocus()
