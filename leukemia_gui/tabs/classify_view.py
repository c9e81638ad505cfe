"""The Classify tab's widgets and layout (what the tab does is in ``classify_tab``); the case
gallery's groups."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget

from core.classes import CLASSES
from core.inference.result import Prediction, summarize_case
from leukemia_gui.class_names import full_name
from leukemia_gui.context import AppContext
from leukemia_gui.widgets.audit_bar import AuditBarWidget
from leukemia_gui.widgets.case_panel import CasePanel
from leukemia_gui.widgets.cell_gallery import (MAX_CROPS, CellGalleryWidget, CropCache, GalleryCrop,
                                               GalleryGroup, by_drive, cell_crop)
from leukemia_gui.widgets.elided_label import ElidedLabel
from leukemia_gui.widgets.empty_state import EmptyStateWidget
from leukemia_gui.widgets.image_result import ImageResultWidget, class_colour
from leukemia_gui.widgets.results_table import ResultsTableWidget
from leukemia_gui.widgets.scroll_tabs import scrolled

Entry = tuple[str, Prediction, str | None]  # a results row: (name, prediction, key)


class ClassifyTabView(QWidget):
    """The tab's widgets, laid out; :class:`~leukemia_gui.tabs.classify_tab.ClassifyTab` adds
    what they do. (Translations are looked up under the tab's own name first.)"""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fff3bf; padding: 8px; border: 1px solid #f59f00; }")
        tools = QHBoxLayout()
        translate = QCoreApplication.translate  # the tab's context: its translations are the tab's
        self.add_files_button = QPushButton(translate("ClassifyTab", "Add images…"))
        self.add_folder_button = QPushButton(translate("ClassifyTab", "Add folder…"))
        self.paste_button = QPushButton(translate("ClassifyTab", "Paste"))
        self.paste_button.setToolTip(translate("ClassifyTab", "Classify an image or image files from "
                                                              "the clipboard (Ctrl+V)"))
        self.clear_button = QPushButton(translate("ClassifyTab", "Clear"))
        self.export_button = QPushButton(translate("ClassifyTab", "Export CSV…"))
        self.review_button = QPushButton(translate("ClassifyTab", "Review queue…"))
        self.review_button.setToolTip(translate("ClassifyTab", "Go through the uncertain images (and, "
                                                               "in class folders, the ones predicted "
                                                               "differently) in the Review tab"))
        self.model_label = ElidedLabel()  # elided when short of room (small screen, Spanish)
        self.model_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.case_check = QCheckBox(translate("ClassifyTab", "One case"))
        self.case_check.setToolTip(translate("ClassifyTab", "The images are fields of one smear: also "
                                                            "read them together (mean probability "
                                                            "over the confident fields)"))
        for b in (self.add_files_button, self.add_folder_button, self.paste_button, self.clear_button):
            tools.addWidget(b)
        tools.addWidget(self.case_check)
        tools.addWidget(self.model_label, 1)  # the room left, right-aligned
        tools.addWidget(self.review_button)
        tools.addWidget(self.export_button)

        self.table = ResultsTableWidget()
        self.empty_state = EmptyStateWidget(self.table)  # what to do first, while no row
        self.hint = QLabel(translate("ClassifyTab", "Drop image files or folders here, or use Add "
                                                    "images… / Add folder… / Ctrl+V."))
        self.hint.setWordWrap(True)
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(translate("ClassifyTab", "Cancel"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.case_label = QLabel()
        self.case_label.setWordWrap(True)
        self.case_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.case_label.hide()
        self.gallery = CellGalleryWidget()
        self.gallery.hide()
        run_row = QHBoxLayout()
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self.cancel_button)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        rows = QSplitter(Qt.Orientation.Vertical)  # the table, and the case's cells under it
        rows.setChildrenCollapsible(False)
        rows.addWidget(self.table)
        rows.addWidget(self.gallery)
        rows.setStretchFactor(0, 3)
        rows.setStretchFactor(1, 2)
        lv.addWidget(self.hint)
        lv.addWidget(rows, 1)
        lv.addLayout(run_row)
        lv.addWidget(self.case_label)
        # with "One case": the case itself (id, operator, date, sign-off, report; core.cases.case)
        self.case_panel = CasePanel(self.context, lambda: [p for _, p, _ in self.table.entries()])
        self.case_panel.hide()
        lv.addWidget(self.case_panel)
        lv.addWidget(self.status)

        self.result = ImageResultWidget(placeholder=translate("ClassifyTab", "Select or drop an image"),
                                        show_cells=True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scrolled(self.result))  # scrolls on a small screen; the audit bar stays
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.audit_bar = AuditBarWidget(self.context)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.audit_bar)


def case_gallery(entries: list[Entry], cache: CropCache,
                 load: Callable[[str, str | None], np.ndarray | None],
                 limit: int = MAX_CROPS) -> tuple[list[GalleryGroup], str]:
    """The case's cells grouped by their field's class (the case's class first, then the
    other classes, then the fields with no result), the cells that drove the verdict first in
    each group (:func:`~leukemia_gui.widgets.cell_gallery.cell_crop`), at most ``limit`` of
    them, and the gallery's line; crops come from ``cache`` (``load(name, key)`` gives a
    row's pixels when it has to read them)."""
    groups: dict[str | None, list[GalleryCrop]] = {}
    fields: dict[str | None, set[int]] = {}
    total = shown = 0
    case = summarize_case(p for _, p, _ in entries)
    some_confident = case.voting > 0  # then the uncertain fields do not vote
    for name, pred, key in entries:
        if pred.error is not None or not pred.cells:
            continue
        total += len(pred.cells)
        if shown >= limit:
            continue  # counted, not read
        crops = cache.crops(key or f"memory:{name}", pred.cells, lambda n=name, k=key: load(n, k))
        label = None if pred.no_result else pred.label
        voting = label is not None and (not pred.uncertain or not some_confident)
        for i, pixmap in enumerate(crops[:limit - shown]):
            groups.setdefault(label, []).append(cell_crop(
                pixmap, QCoreApplication.translate("ClassifyTab", "{0}: cell {1} of {2}").format(
                    name, i + 1, len(pred.cells)), (pred, i), pred.cells[i] if label else None, voting))
            fields.setdefault(label, set()).add(id(pred))
            shown += 1
    ordered = []
    for label in dict.fromkeys((*([case.label] if case.label else []), *CLASSES, None)):
        crops = groups.get(label, [])
        title = full_name(label) if label else QCoreApplication.translate("ClassifyTab", "No result")
        ordered.append(GalleryGroup(
            QCoreApplication.translate("ClassifyTab", "{0}: {1} cell(s) in {2} field(s)").format(
                title, len(crops), len(fields.get(label, ()))),
            class_colour(label), tuple(by_drive(crops))))
    number = QLocale().toString
    if total == 0:
        message = QCoreApplication.translate("ClassifyTab", "No white cell found in any field of the case.")
    elif any(c.caption for g in ordered for c in g.crops):  # a cells model's: each cell classified
        message = (QCoreApplication.translate(
            "ClassifyTab", "Cells of the case: the first {0} of {1}, by their field's class, most weight "
            "first; click one to see its field.").format(number(shown), number(total)) if shown < total
            else QCoreApplication.translate(
                "ClassifyTab", "Cells of the case: {0}, by their field's class, most weight first; click "
                "one to see its field.").format(number(total)))
    elif shown < total:
        message = QCoreApplication.translate(
            "ClassifyTab", "Cells of the case: the first {0} of {1}, by their field's class; click one "
            "to see its field.").format(number(shown), number(total))
    else:
        message = QCoreApplication.translate(
            "ClassifyTab", "Cells of the case: {0}, by their field's class; click one to see its "
            "field.").format(number(total))
    return ordered, message
