"""Review tab: go through the images that most need a human, and correct labels by key.

The queue comes from the latest evaluation or classification (``core.evaluation.review.build_queue``);
every key press that marks an image saves the corrections file at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from core.data.corrections import Correction, CorrectionsError
from core.evaluation.review import ReviewItem, filter_queue
from leukemia_gui.context import AppContext
from leukemia_gui.heatmaps import HeatmapCache
from leukemia_gui.review_hub import CLASSIFICATION, EVALUATION, ReviewHub, ReviewSource
from leukemia_gui.widgets.correction_keys import choice_text
from leukemia_gui.widgets.corrections_file_bar import CorrectionsFileBar
from leukemia_gui.widgets.review_filters import ReviewFiltersWidget
from leukemia_gui.widgets.review_item_view import ReviewItemWidget
from leukemia_gui.widgets.review_queue_list import ReviewQueueList
from leukemia_gui.widgets.scroll_tabs import scrolled

MOVE_KEYS = (("Left", -1), ("Up", -1), ("Right", 1), ("Down", 1), ("PgUp", -10), ("PgDown", 10))


def empty_hint() -> str:
    return QCoreApplication.translate(
        "ReviewTab", "Nothing to review yet. Evaluate labelled images (Evaluate tab) or classify a "
        "folder (Classify tab), then press Review queue… there.")


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

        self.filters = ReviewFiltersWidget(self.context.settings)
        self.class_combo, self.reason_combo = self.filters.class_combo, self.filters.reason_combo
        self.rest_check, self.advance_check = self.filters.rest_check, self.filters.advance_check
        self.count_label = QLabel()
        top.insertWidget(1, self.count_label)  # the filters row stays narrow enough for 911 px

        self.list = ReviewQueueList()

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
        self.footer = CorrectionsFileBar(self.hub)
        self.file_label, self.change_file_button = self.footer.file_label, self.footer.change_file_button

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.footer)

        self.evaluation_button.clicked.connect(self._on_evaluation_button_clicked)
        self.classification_button.clicked.connect(self._on_classification_button_clicked)
        self.filters.filters_changed.connect(self._on_filters_changed)
        self.filters.rest_toggled.connect(self._on_filters_rest_toggled)
        self.filters.advance_toggled.connect(self._on_filters_advance_toggled)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.keys.chosen.connect(self.mark_current)
        self.footer.message.connect(self.status.setText)
        self.footer.done.connect(self.list.setFocus)
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
        if choice is not None and self.filters.advance():
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
        self.queue = self.source.queue(self.filters.include_rest()) if self.source else []
        self._apply_filters(keep)

    def _apply_filters(self, keep: str | None) -> None:
        self.shown = filter_queue(self.queue, classes=self.filters.classes(),
                                  reasons=self.filters.reasons())
        self.list.fill(self.shown, self.hub.correction)
        rows = [i for i, it in enumerate(self.shown) if it.path == keep]
        self._go(rows[0] if rows else 0)
        if not self.shown:
            self._show_item(None)
        self._refresh_count()

    def _paint_row(self, row: int) -> None:
        item = self.shown[row]
        self.list.paint(row, item, self.hub.correction(item.path))

    def _go(self, row: int) -> None:
        self.list.go(row)

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
        self.footer.refresh()

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

    def _on_filters_changed(self) -> None:
        item = self.current_item()
        self._apply_filters(item.path if item else None)
        self.list.setFocus()

    def _on_filters_rest_toggled(self, _on: bool) -> None:
        item = self.current_item()
        self._rebuild(item.path if item else None)
        self.list.setFocus()

    def _on_filters_advance_toggled(self, _on: bool) -> None:
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

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.shown:
            self.list.setFocus()
