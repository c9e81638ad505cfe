"""Dataset tab: scan a class-per-folder dataset, show what it holds, and balance a copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QListWidget, QMessageBox, QPushButton,
                               QScrollArea, QSplitter, QTableWidget, QTableWidgetItem, QTabWidget,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from core.classes import CLASSES, FULL_NAMES
from core.evaluation.figures import class_counts_figure
from core.progress import Progress
from leukemia_gui.context import AppContext
from leukemia_gui.jobs import DatasetOverview, overview_dataset
from leukemia_gui.tabs.balance_widget import BalanceWidget
from leukemia_gui.widgets.plot_canvas import PlotCanvas
from leukemia_gui.widgets.task_progress import TaskProgressWidget
from leukemia_gui.widgets.thumbnails import ThumbnailGridWidget
from leukemia_gui.worker import Worker, retire


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def dropped_folder(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The single local folder carried by a drag, else None."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) == 1 and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).is_dir():
        return Path(urls[0].toLocalFile())
    return None


class DatasetTab(QWidget):
    """Choose a dataset folder (button, File menu or drop), check it, balance a copy."""

    folder_scanned = Signal(object)  # Path of a folder that scanned without error

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.folder: Path | None = None
        self.overview: DatasetOverview | None = None
        self._worker: Worker | None = None
        self.setAcceptDrops(True)

        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText(
            "No dataset folder — choose one or drop a folder here "
            "(one subfolder per class: Benign, Early, Pre, Pro)")
        self.choose_button = QPushButton("Choose folder…")
        self.choose_button.setToolTip("A folder with one subfolder per class. It is only read.")
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.rescan_button = QPushButton("Rescan")
        self.rescan_button.setEnabled(False)
        self.rescan_button.clicked.connect(self._on_rescan_button_clicked)
        self.task = TaskProgressWidget("Every image is opened once to catch unreadable files.")
        self.task.cancel_clicked.connect(self._on_task_cancel_clicked)

        self.counts_table = QTableWidget(len(CLASSES) + 1, 4)
        self.counts_table.setHorizontalHeaderLabels(["Class", "Images", "Share", "Balanced"])
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
        self.chart.show_message("Class counts appear here after a scan.")
        self.balance = BalanceWidget(context)
        self.balance.balanced.connect(self._on_balance_balanced)

        counts_box = QGroupBox("Class counts")
        counts_layout = QVBoxLayout(counts_box)
        counts_layout.addWidget(self.counts_table)
        counts_layout.addWidget(self.chart, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(counts_box, 1)
        left_layout.addWidget(self.balance)
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setWidget(left)
        left_scroll.setMinimumWidth(360)
        self.left_scroll = left_scroll
        self.balance.start_button.clicked.connect(
            lambda: left_scroll.ensureWidgetVisible(self.balance.task, 10, 10))

        self.thumbnails = ThumbnailGridWidget(thumb_size=88)
        self.bad_list = QListWidget()
        self.bad_list.setAlternatingRowColors(True)
        self.duplicates_tree = QTreeWidget()
        self.duplicates_tree.setHeaderLabels(["Group / file", "Class"])
        self.duplicates_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.details = QTabWidget()
        self.details.addTab(self.thumbnails, "Sample images")
        self.details.addTab(self.bad_list, "Unreadable files")
        self.details.addTab(self.duplicates_tree, "Duplicates")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left_scroll)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(QLabel("Dataset folder:"))
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
        path = QFileDialog.getExistingDirectory(self, "Choose dataset folder", start)
        if path:
            self.load_folder(Path(path))

    def load_folder(self, path: Path | str) -> None:
        """Scan ``path`` in the background (a running scan is cancelled first)."""
        if self.balance.is_busy():
            QMessageBox.information(self, "Balancing in progress",
                                    "Wait for balancing to finish, or cancel it, before opening "
                                    "another dataset folder.")
            return
        if self._worker is not None:
            self._worker.stop_and_wait()
        self.folder = Path(path)
        self.overview = None
        self.context.remember_folder("dataset", self.folder)
        self.folder_edit.setText(str(self.folder))
        self.rescan_button.setEnabled(False)
        self.balance.setEnabled(False)
        self._fill_counts({})
        self.thumbnails.clear("Scanning…")
        self.chart.show_message("Scanning…")
        retire(self._worker)
        self._worker = Worker(overview_dataset, self.folder, parent=self)
        self._worker.progress.connect(self._on_worker_progress)
        self._worker.succeeded.connect(self._on_worker_succeeded)
        self._worker.failed.connect(self._on_worker_failed)
        self._worker.cancelled.connect(self._on_worker_cancelled)
        self.task.begin(f"Scanning {self.folder} …")
        self._worker.start()

    def is_busy(self) -> bool:
        """True while a scan or a balance runs."""
        return (self._worker is not None and self._worker.isRunning()) or self.balance.is_busy()

    def shutdown(self) -> None:
        """Cancel and wait for any running work (the window is closing)."""
        if self._worker is not None:
            self._worker.stop_and_wait()
        self.balance.shutdown()

    # ------------------------------------------------------------------ display

    def _fill_counts(self, counts: dict[str, int], balanced: dict[str, int] | None = None) -> None:
        total = sum(counts.values())
        rows = [(FULL_NAMES[c], counts.get(c), balanced and balanced.get(c))
                for c in CLASSES]
        rows.append(("Total", total if counts else None,
                     sum(balanced.values()) if balanced else None))
        for r, (name, n, after) in enumerate(rows):
            share = f"{100 * n / total:.1f} %" if counts and total and n is not None else ""
            cells = [name, "" if n is None else f"{n:,}", share, "" if not after else f"{after:,}"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(RIGHT)
                if r == len(CLASSES):
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.counts_table.setItem(r, col, item)

    def _show_overview(self, ov: DatasetOverview) -> None:
        scan = ov.scan
        self._fill_counts(scan.counts)
        self.chart.show_figure_builder(class_counts_figure, scan.counts)
        self.thumbnails.show_samples(ov.samples, scan.counts)
        self.bad_list.clear()
        for folder in scan.unknown_folders:
            self.bad_list.addItem(f"{folder}/ — ignored: not a class folder name")
        for path, reason in scan.bad_files:
            self.bad_list.addItem(f"{path} — {reason}")
            self.bad_list.item(self.bad_list.count() - 1).setToolTip(str(path))
        self.duplicates_tree.clear()
        for group in ov.duplicates:
            kind = "Exact copies" if group.kind == "exact" else "Near duplicates"
            note = " — across classes!" if group.cross_class else ""
            top = QTreeWidgetItem([f"{kind}: {len(group.items)} files{note}", ""])
            for item in group.items:
                child = QTreeWidgetItem([str(item.path), item.label])
                child.setToolTip(0, str(item.path))
                top.addChild(child)
            self.duplicates_tree.addTopLevelItem(top)
        self.duplicates_tree.expandAll()
        self.details.setTabText(1, f"Unreadable files ({len(scan.bad_files)})")
        self.details.setTabText(2, f"Duplicates ({len(ov.duplicates)})")
        self.balance.set_source(scan.root, scan.counts)

    # ------------------------------------------------------------------ slots

    def _on_choose_button_clicked(self) -> None:
        self.choose_folder()

    def _on_rescan_button_clicked(self) -> None:
        if self.folder is not None:
            self.load_folder(self.folder)

    def _on_task_cancel_clicked(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def _superseded(self) -> bool:
        """A slot called by a scan that a newer one replaced (its signals were still queued)."""
        return self.sender() is not self._worker

    def _on_worker_progress(self, p: Progress) -> None:
        if self._superseded():
            return
        self.task.report(p)

    def _on_worker_succeeded(self, ov: DatasetOverview) -> None:
        if self._superseded():
            return
        self.overview = ov
        self.rescan_button.setEnabled(True)
        self._show_overview(ov)
        scan = ov.scan
        issues = [f"{len(scan.bad_files)} unreadable"] if scan.bad_files else []
        if ov.duplicates:
            issues.append(f"{len(ov.duplicates)} duplicate group(s)")
        if scan.unknown_folders:
            issues.append(f"{len(scan.unknown_folders)} folder(s) ignored")
        self.task.end(f"{len(scan.items):,} readable images in "
                      f"{sum(1 for n in scan.counts.values() if n)} classes"
                      + (" · " + " · ".join(issues) if issues else " · no problems found"))
        self.folder_scanned.emit(scan.root)

    def _on_worker_failed(self, message: str) -> None:
        if self._superseded():
            return
        self.rescan_button.setEnabled(self.folder is not None)
        self.thumbnails.clear("The folder could not be used.")
        self.chart.show_message("No counts.")
        self.task.end(message, ok=False)

    def _on_worker_cancelled(self) -> None:
        if self._superseded():
            return
        self.rescan_button.setEnabled(self.folder is not None)
        self.thumbnails.clear("Scan cancelled.")
        self.chart.show_message("Scan cancelled.")
        self.task.end("Scan cancelled.", ok=False)

    def _on_balance_balanced(self, result: object) -> None:
        if self.overview is not None:
            self._fill_counts(self.overview.scan.counts, result.counts_after)
        if result.counts_after:  # the chart shows the balanced copy's counts now
            self.chart.show_figure_builder(class_counts_figure, dict(result.counts_after))
        # on a small screen the result is below the chart: bring it into view
        self.left_scroll.ensureWidgetVisible(self.balance.result_label, 10, 10)

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
