"""The main window: a thin assembler of the four tabs, the menus, the status bar and drops."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import (QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication,
                           QKeySequence)
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QMainWindow,
                               QMessageBox, QPushButton, QTabWidget, QVBoxLayout, QWidget)

from core.bundle import Bundle, BundleError
from core.images import is_image_name
from leukemia_gui.about_dialog import NOTICE, AboutDialog
from leukemia_gui.context import AppContext
from leukemia_gui.recent_models_menu import RecentModelsMenu
from leukemia_gui.tabs.classify_tab import ClassifyTab
from leukemia_gui.tabs.compare_tab import CompareTab
from leukemia_gui.tabs.dataset_tab import DatasetTab
from leukemia_gui.tabs.evaluate_tab import EvaluateTab
from leukemia_gui.tabs.review_tab import ReviewTab
from leukemia_gui.tabs.train_tab import TrainTab

TITLE = "ALL Classifier — research use only"


MANIFEST_SUFFIXES = (".json", ".csv")  # split manifests, which Train, Evaluate, Compare take


def droppable_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """Local image files, folders and split manifests carried by a drag (anything else is
    left out)."""
    if not event.mimeData().hasUrls():
        return []
    paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
    return [p for p in paths if p.is_dir() or (p.is_file() and (
        is_image_name(p) or p.suffix.lower() in MANIFEST_SUFFIXES))]


def model_banner_text(bundle: Bundle) -> str:
    """What the active, not shipped, model is, in words: where it came from, when and on what
    it was trained, and that it is not validated."""
    card = bundle.card
    when = str(card.get("created", "")).replace("T", " ")[:16] or "an unknown date"
    data = card.get("dataset", {})
    counts = {k: sum(v.values()) for k, v in (data.get("counts") or {}).items()
              if isinstance(v, dict)}
    total = sum(counts.values())
    parts = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    on = (f"{total} images from {data.get('root')} ({parts})" if total
          else "data not recorded in its card")
    parent = card.get("parent", {}).get("id") if isinstance(card.get("parent"), dict) else None
    origin = f"continued from {parent}" if parent else f"a {card.get('architecture', '?')} model"
    return (f"<b>Not the shipped model.</b> Results come from <b>{bundle.model_id}</b> "
            f"({origin}, folder {bundle.path}), trained {when} UTC on {on}. It has not been "
            f"validated: its figures are its own ({bundle.test_accuracy_text}), not the "
            "benchmark's, and the same images may get other classes than with the shipped model.")


def _tab_busy(tab: QWidget) -> bool:
    is_busy = getattr(tab, "is_busy", None)
    return bool(is_busy()) if callable(is_busy) else False


class MainWindow(QMainWindow):
    """Dataset, Train, Evaluate and Classify tabs sharing one :class:`AppContext`."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.context = AppContext(settings, parent=self)
        self.setWindowTitle(TITLE)
        self.setAcceptDrops(True)
        self.setMinimumSize(1000, 640)

        self.dataset_tab = DatasetTab(self.context)
        self.train_tab = TrainTab(self.context)
        self.evaluate_tab = EvaluateTab(self.context)
        self.classify_tab = ClassifyTab(self.context)
        self.review_tab = ReviewTab(self.context)
        self.compare_tab = CompareTab(self.context)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for tab, name in ((self.dataset_tab, "Dataset"), (self.train_tab, "Train"),
                          (self.evaluate_tab, "Evaluate"), (self.classify_tab, "Classify"),
                          (self.review_tab, "Review"), (self.compare_tab, "Compare")):
            self.tabs.addTab(tab, name)
        self._build_model_banner()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.model_banner)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.dataset_tab.folder_scanned.connect(self.train_tab.suggest_data)
        self.review_tab.hub.review_requested.connect(self._on_review_requested)

        self._build_menus()
        self.model_label = QLabel()
        notice = QLabel(NOTICE)
        notice.setStyleSheet("color:#8a1c1c; font-weight:bold; padding: 0 6px;")
        self.statusBar().addWidget(self.model_label, 1)
        self.statusBar().addPermanentWidget(notice)
        self.context.model_changed.connect(self._on_context_model_changed)
        self.context.status_message.connect(self._on_context_status_message)
        self._show_model_status()
        self._restore_geometry()

    @property
    def all_tabs(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    # ------------------------------------------------------------------ building

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_model_action = QAction("Open &model…", self, shortcut=QKeySequence("Ctrl+M"))
        self.open_model_action.setStatusTip("Use a model folder (checked before use)")
        self.open_model_action.triggered.connect(self._on_open_model_action_triggered)
        self.open_dataset_action = QAction("Open &dataset…", self,
                                           shortcut=QKeySequence.StandardKey.Open)
        self.open_dataset_action.triggered.connect(self._on_open_dataset_action_triggered)
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.open_model_action)
        self.recent_menu = RecentModelsMenu(self.context, self.open_model, self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.open_dataset_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About…", self)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        help_menu.addAction(self.about_action)

    def _build_model_banner(self) -> None:
        """A plain line above the tabs whenever the active model is not the shipped one."""
        self.model_banner = QFrame()
        self.model_banner.setObjectName("modelBanner")
        self.model_banner.setStyleSheet("#modelBanner { background: #fff3bf; border-bottom: "
                                        "2px solid #f59f00; }")
        row = QHBoxLayout(self.model_banner)
        row.setContentsMargins(10, 6, 10, 6)
        self.model_banner_label = QLabel()
        self.model_banner_label.setWordWrap(True)
        self.model_banner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shipped_button = QPushButton("Use the shipped model")
        self.shipped_button.setToolTip("Make the shipped, benchmarked model the active one again")
        self.shipped_button.clicked.connect(self._on_shipped_button_clicked)
        row.addWidget(self.model_banner_label, 1)
        row.addWidget(self.shipped_button)
        self.model_banner.hide()

    def _refresh_model_banner(self) -> None:
        bundle = self.context.bundle
        show = bundle is not None and not self.context.is_shipped_model()
        self.model_banner.setVisible(show)
        if show:
            self.model_banner_label.setText(model_banner_text(bundle))

    def _restore_geometry(self) -> None:
        geometry = self.context.settings.value("window/geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            return
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        width = min(1360, avail.width()) if avail else 1280
        height = min(860, avail.height()) if avail else 800
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))

    def _show_model_status(self) -> None:
        bundle = self.context.bundle
        if bundle is None:
            reason = self.context.model_error or "open one"
            self.model_label.setText(f"No model loaded — {reason} "
                                     "(File → Open model…)")
            self.model_label.setStyleSheet("color:#b00020;")
            return
        self.model_label.setText(f"Model: {bundle.model_id} · {bundle.test_accuracy_text}")
        self.model_label.setStyleSheet("")
        self._refresh_model_banner()

    # ------------------------------------------------------------------ public

    def open_model(self, path: Path | str) -> bool:
        """Make ``path`` the active model; a bad folder is explained in a message box."""
        try:
            self.context.set_model(path)
        except BundleError as exc:
            QMessageBox.warning(self, "Open model", f"This model cannot be used:\n\n{exc}")
            return False
        self.context.remember_folder("model", Path(path).parent)
        return True

    def handle_dropped_paths(self, paths: list[Path]) -> str:
        """Paths dropped on the window go to the tab shown: only the Classify tab classifies;
        Dataset scans a dropped folder, Train, Evaluate and Compare take a folder or a split
        manifest as their data. Returns what was done (also shown in the status bar)."""
        if not paths:
            return ""
        tab = self.tabs.currentWidget()
        name = self.tabs.tabText(self.tabs.currentIndex())
        if tab is self.classify_tab:
            images = [p for p in paths if p.is_dir() or is_image_name(p)]
            if images:
                self.classify_tab.add_paths(images)
                return ""
            return self._say("Only images and folders of images can be classified.")
        data = next((p for p in paths if p.is_dir() or p.suffix.lower() in MANIFEST_SUFFIXES), None)
        never = " Nothing was classified: drop images on the Classify tab to classify them."
        if data is None:
            what = "a dataset folder" if tab is self.dataset_tab else "a folder or split manifest"
            return self._say(f"The {name} tab takes {what}, not image files.{never}")
        if tab is self.dataset_tab and data.is_dir():
            self.dataset_tab.load_folder(data)
            return self._say(f"Scanning {data} in the Dataset tab.{never}")
        if tab is self.train_tab:
            self.train_tab.settings.set_data(data)
            return self._say(f"{data} is now the training data in the Train tab.{never}")
        if tab is self.evaluate_tab:
            self.evaluate_tab.set_data(data)
            return self._say(f"{data} is now the data to evaluate in the Evaluate tab.{never}")
        if tab is self.compare_tab:
            self.compare_tab.set_data(data)
            return self._say(f"{data} is now the data to compare on in the Compare tab.{never}")
        return self._say(f"The {name} tab does not take dropped files.{never}")

    def _say(self, text: str) -> str:
        self.statusBar().showMessage(text, 10000)
        return text

    # ------------------------------------------------------------------ slots and events

    def _on_open_model_action_triggered(self) -> None:
        start = self.context.folder("model")
        path = QFileDialog.getExistingDirectory(self, "Open model folder", start)
        if path:
            self.open_model(path)

    def _on_open_dataset_action_triggered(self) -> None:
        self.tabs.setCurrentWidget(self.dataset_tab)
        self.dataset_tab.choose_folder()

    def _on_shipped_button_clicked(self) -> None:
        try:
            self.context.use_shipped_model()
        except BundleError as exc:
            QMessageBox.warning(self, "Shipped model", f"The shipped model cannot be used:\n\n{exc}")

    def _on_about_action_triggered(self) -> None:
        AboutDialog(self.context.bundle, self.context.model_error, self).exec()

    def _on_context_model_changed(self, _bundle: Bundle) -> None:
        self._show_model_status()

    def _on_review_requested(self, _source: object) -> None:
        self.tabs.setCurrentWidget(self.review_tab)

    def _on_context_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if droppable_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = droppable_paths(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.handle_dropped_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if any(_tab_busy(tab) for tab in self.all_tabs):
            answer = QMessageBox.question(
                self, "Work in progress",
                "A task is still running. Stop it and quit?\n\n"
                "Stopped work is discarded; nothing half-written is kept.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        for tab in self.all_tabs:
            shutdown = getattr(tab, "shutdown", None)
            if callable(shutdown):
                shutdown()
        self.context.settings.setValue("window/geometry", self.saveGeometry())
        self.context.settings.sync()
        event.accept()
