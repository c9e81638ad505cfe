"""Dataset tab: scan a class-per-folder dataset, show what it holds, and balance a copy."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QMessageBox, QPushButton,
                               QScrollArea, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget,
                               QVBoxLayout, QWidget)

from core.classes import CLASSES
from core.evaluation.figures import class_counts_figure
from leukemia_gui.class_names import full_name
from leukemia_gui.context import AppContext
from leukemia_gui.error_text import coded_text
from leukemia_gui.jobs import DatasetOverview, overview_dataset
from leukemia_gui.review_hub import ReviewHub
from leukemia_gui.tabs.balance_widget import BalanceWidget
from leukemia_gui.tasks import TaskRunner
from leukemia_gui.widgets.duplicates_view import DuplicatesView
from leukemia_gui.widgets.plot_canvas import PlotCanvas
from leukemia_gui.widgets.task_progress import TaskProgressWidget
from leukemia_gui.widgets.thumbnails import ThumbnailGridWidget
from leukemia_gui.i18n import fixed


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def dropped_folder(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The single local folder carried by a drag, else None."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) == 1 and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).is_dir():
        return Path(urls[0].toLocalFile())
    return None


def counts_figure(counts: dict[str, int], title: str, fig: Figure | None = None) -> Figure:
    """``core``'s class-count bars with the axis and title in the interface language."""
    fig = class_counts_figure(counts, fig=fig)
    ax = fig.axes[0]
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 12.5 (nor 12,5) ticks
    ax.set_ylabel(QCoreApplication.translate("DatasetTab", "images"))
    ax.set_title(title)
    return fig


class DatasetTab(QWidget):
    """Choose a dataset folder (button, File menu or drop), check it, balance a copy."""

    folder_scanned = Signal(object)  # Path of a folder that scanned without error

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.hub = ReviewHub.of(context)
        self.folder: Path | None = None
        self.overview: DatasetOverview | None = None
        self._scan_number = 0  # a scan's results count only while it is the latest
        self.setAcceptDrops(True)

        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText(self.tr(
            "No dataset folder — choose one or drop a folder here "
            "(one subfolder per class: Benign, Early, Pre, Pro)"))
        self.choose_button = QPushButton(self.tr("Choose folder…"))
        self.choose_button.setToolTip(self.tr("A folder with one subfolder per class. It is only "
                                              "read."))
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.rescan_button = QPushButton(self.tr("Rescan"))
        self.rescan_button.setEnabled(False)
        self.rescan_button.clicked.connect(self._on_rescan_button_clicked)
        self.task = TaskProgressWidget(self.tr("Every image is opened once to catch unreadable "
                                               "files."))
        # the scan's own callbacks feed the bar, so a scan replaced by a newer one (its last
        # signals still queued) shows nothing: the runner is not given the bar
        self.runner = TaskRunner(self)
        self.task.cancel_clicked.connect(self.runner.cancel)

        self.counts_table = QTableWidget(len(CLASSES) + 1, 4)
        self.counts_table.setHorizontalHeaderLabels(
            [self.tr("Class"), self.tr("Images"), self.tr("Share"), self.tr("Balanced")])
        self.counts_table.verticalHeader().setVisible(False)
        self.counts_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.counts_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        rows_height = self.counts_table.verticalHeader().length() + header.height() + 4
        self.counts_table.setFixedHeight(rows_height)
        self.chart = PlotCanvas(self, figsize=(4, 2.6))
        self.chart.show_message(self.tr("Class counts appear here after a scan."))
        self.balance = BalanceWidget(context)
        self.balance.balanced.connect(self._on_balance_balanced)

        counts_box = QGroupBox(self.tr("Class counts"))
        counts_layout = QVBoxLayout(counts_box)
        counts_layout.addWidget(self.counts_table)
        counts_layout.addWidget(self.chart, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(counts_box, 1)
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setWidget(left)
        left_scroll.setMinimumWidth(330)
        self.left_scroll = left_scroll

        self.thumbnails = ThumbnailGridWidget(thumb_size=88)
        self.bad_list = QListWidget()
        self.bad_list.setAlternatingRowColors(True)
        self.duplicates = DuplicatesView()
        self.duplicates.exclude_requested.connect(self._on_duplicates_exclude_requested)
        self.hub.corrections_changed.connect(self._on_hub_corrections_changed)
        # the balance section is a page of its own beside the counts: its progress and result
        # show without scrolling while the table and chart (left) show the new counts
        balance_page = QWidget()
        balance_layout = QVBoxLayout(balance_page)
        balance_layout.addWidget(self.balance)
        balance_layout.addStretch(1)
        self.balance_scroll = QScrollArea()
        self.balance_scroll.setWidgetResizable(True)
        self.balance_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.balance_scroll.setWidget(balance_page)
        self.details = QTabWidget()
        self.details.addTab(self.thumbnails, self.tr("Sample images"))
        self.details.addTab(self.bad_list, self.tr("Unreadable files"))
        self.details.addTab(self.duplicates, self.tr("Duplicates"))
        self.details.addTab(self.balance_scroll, self.tr("Balance classes"))
        self.details.tabBar().setExpanding(False)
        self.details.setUsesScrollButtons(True)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left_scroll)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Dataset folder:")))
        top.addWidget(self.folder_edit, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.rescan_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.task)
        layout.addWidget(splitter, 1)
        self._fill_counts({})

    # ------------------------------------------------------------------ public

    def choose_folder(self) -> None:
        """Ask for a dataset folder and scan it."""
        start = str(self.folder or self.context.folder("dataset"))
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose dataset folder"), start)
        if path:
            self.load_folder(Path(path))

    def load_folder(self, path: Path | str) -> None:
        """Scan ``path`` in the background (a running scan is cancelled first)."""
        if self.balance.is_busy():
            QMessageBox.information(self, self.tr("Balancing in progress"),
                                    self.tr("Wait for balancing to finish, or cancel it, before "
                                            "opening another dataset folder."))
            return
        self.runner.stop_and_wait()
        self._scan_number += 1
        number = self._scan_number
        self.folder = Path(path)
        self.overview = None
        self.context.remember_folder("dataset", self.folder)
        self.folder_edit.setText(str(self.folder))
        self.rescan_button.setEnabled(False)
        self.balance.setEnabled(False)
        self._fill_counts({})
        self.thumbnails.clear(self.tr("Scanning…"))
        self.duplicates.clear(self.tr("Scanning…"))
        self.chart.show_message(self.tr("Scanning…"))

        def latest(slot):  # noqa: ANN001, ANN202 - the slot, dropped for a replaced scan
            return lambda *args: slot(*args) if number == self._scan_number else None

        self.task.begin(self.tr("Scanning {0} …").format(self.folder))
        self.runner.start(overview_dataset, self.folder,
                          on_done=latest(self._on_scan_done),
                          on_failed=latest(self._on_scan_failed),
                          on_cancelled=latest(self._on_scan_cancelled),
                          on_progress=latest(self.task.report))

    def is_busy(self) -> bool:
        """True while a scan or a balance runs."""
        return self.runner.is_busy() or self.balance.is_busy()

    def shutdown(self) -> None:
        """Cancel and wait for any running work (the window is closing)."""
        self.runner.stop_and_wait()
        self.balance.shutdown()

    # ------------------------------------------------------------------ display

    def _fill_counts(self, counts: dict[str, int], balanced: dict[str, int] | None = None) -> None:
        loc = QLocale()
        total = sum(counts.values())
        rows = [(full_name(c), counts.get(c), balanced and balanced.get(c))
                for c in CLASSES]
        rows.append((self.tr("Total"), total if counts else None,
                     sum(balanced.values()) if balanced else None))
        for r, (name, n, after) in enumerate(rows):
            share = (f"{fixed(100 * n / total, 1)} %"
                     if counts and total and n is not None else "")
            cells = [name, "" if n is None else loc.toString(n), share,
                     "" if not after else loc.toString(after)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(RIGHT)
                if r == len(CLASSES):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.counts_table.setItem(r, col, item)

    def _excluded_paths(self) -> set[str]:
        from core.data.corrections import EXCLUDE, CorrectionsError

        try:
            return {e.path for e in self.hub.corrections() if e.corrected_label == EXCLUDE}
        except (CorrectionsError, OSError):
            return set()

    def _show_overview(self, ov: DatasetOverview) -> None:
        loc = QLocale()
        scan = ov.scan
        self._fill_counts(scan.counts)
        self.chart.show_figure_builder(counts_figure, scan.counts, self.tr("Images per class"))
        self.thumbnails.show_samples(ov.samples, scan.counts)
        self.bad_list.clear()
        for folder in scan.unknown_folders:
            self.bad_list.addItem(self.tr("{0}/ — ignored: not a class folder name").format(folder))
        for path, reason in scan.bad_files:
            self.bad_list.addItem(f"{path} — {coded_text(reason)}")
            self.bad_list.item(self.bad_list.count() - 1).setToolTip(str(path))
        self.duplicates.show_groups(ov.duplicates, scan.root, self._excluded_paths())
        self.details.setTabText(1, self.tr("Unreadable files ({0})").format(
            loc.toString(len(scan.bad_files))))
        self.details.setTabText(2, self.tr("Duplicates ({0})").format(
            loc.toString(len(ov.duplicates))))
        self.balance.set_source(scan.root, scan.counts)

    # ------------------------------------------------------------------ slots

    def _on_choose_button_clicked(self) -> None:
        self.choose_folder()

    def _on_rescan_button_clicked(self) -> None:
        if self.folder is not None:
            self.load_folder(self.folder)

    def _on_scan_done(self, ov: DatasetOverview) -> None:
        loc = QLocale()
        self.overview = ov
        self.rescan_button.setEnabled(True)
        self._show_overview(ov)
        scan = ov.scan
        issues = []
        if scan.bad_files:
            issues.append(self.tr("{0} unreadable").format(loc.toString(len(scan.bad_files))))
        if ov.duplicates:
            issues.append(self.tr("{0} duplicate group(s)").format(loc.toString(len(ov.duplicates))))
        if scan.unknown_folders:
            issues.append(self.tr("{0} folder(s) ignored").format(
                loc.toString(len(scan.unknown_folders))))
        summary = self.tr("{0} readable images in {1} classes").format(
            loc.toString(len(scan.items)), loc.toString(sum(1 for n in scan.counts.values() if n)))
        self.task.end(summary + " · " + (" · ".join(issues) if issues
                                         else self.tr("no problems found")))
        self.folder_scanned.emit(scan.root)

    def _on_scan_failed(self, message: str) -> None:
        self.rescan_button.setEnabled(self.folder is not None)
        self.thumbnails.clear(self.tr("The folder could not be used."))
        self.duplicates.clear()
        self.chart.show_message(self.tr("No counts."))
        self.task.end(message, ok=False)

    def _on_scan_cancelled(self) -> None:
        self.rescan_button.setEnabled(self.folder is not None)
        self.thumbnails.clear(self.tr("Scan cancelled."))
        self.duplicates.clear()
        self.chart.show_message(self.tr("Scan cancelled."))
        self.task.end(self.tr("Scan cancelled."), ok=False)

    def _on_balance_balanced(self, result: object) -> None:
        if self.overview is not None:
            self._fill_counts(self.overview.scan.counts, result.counts_after)
        if result.counts_after:  # the chart shows the balanced copy's counts now
            self.chart.show_figure_builder(counts_figure, dict(result.counts_after),
                                           self.tr("Images per class after balancing"))
        # the result, its progress bar and the chart beside them are all in view
        self.details.setCurrentWidget(self.balance_scroll)
        self.balance_scroll.ensureWidgetVisible(self.balance.result_label, 10, 10)
        self.left_scroll.ensureWidgetVisible(self.chart, 10, 10)

    def _on_duplicates_exclude_requested(self, path: Path, label: str, exclude: bool) -> None:
        """Record (or withdraw) an exclusion in the corrections file; the image is untouched."""
        from core.data.corrections import EXCLUDE, CorrectionsError

        try:
            if exclude:
                self.hub.mark(path, label, EXCLUDE, note="duplicate copy (Dataset tab)")
            elif (c := self.hub.correction(path)) is not None and c.corrected_label == EXCLUDE:
                self.hub.mark(path, label, None)
        except (CorrectionsError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Exclude this copy"),
                                self.tr("The corrections file {0} could not be written: {1}")
                                .format(self.hub.corrections_path, exc))
        self.duplicates.set_excluded(self._excluded_paths())

    def _on_hub_corrections_changed(self, _path: str) -> None:
        self.duplicates.set_excluded(self._excluded_paths())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if dropped_folder(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()  # image files go on to the window, which says they are not classified here

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        folder = dropped_folder(event)
        if folder is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.load_folder(folder)
