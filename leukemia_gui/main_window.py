"""The main window: a thin assembler of the four tabs, the menus, the status bar and drops."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt
from PySide6.QtGui import (QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication,
                           QKeySequence)
from PySide6.QtWidgets import (QFileDialog, QFrame, QHBoxLayout, QLabel, QMainWindow,
                               QMessageBox, QPushButton, QVBoxLayout, QWidget)

from core.model.bundle import Bundle, BundleError
from core.data.images import is_image_name
from leukemia_gui.about_dialog import AboutDialog
from leukemia_gui.core_text import accuracy_text
from leukemia_gui.context import AppContext
from leukemia_gui.help_dialog import HelpDialog
from leukemia_gui.i18n import LANGUAGES, SETTING, current_language
from leukemia_gui.recent_models_menu import RecentModelsMenu
from leukemia_gui.tabs.classify_tab import ClassifyTab
from leukemia_gui.tabs.compare_tab import CompareTab
from leukemia_gui.tabs.dataset_tab import DatasetTab
from leukemia_gui.tabs.evaluate_tab import EvaluateTab
from leukemia_gui.tabs.review_tab import ReviewTab
from leukemia_gui.error_text import error_text
from leukemia_gui.tabs.train_tab import TrainTab
from leukemia_gui.widgets.scroll_tabs import ScrollTabWidget

TITLE = "ALL Classifier — research use only"
# Small enough for 1024x600 and for 1366x768 at 150 % scaling (911x512 logical, less a panel):
# pages that need more room scroll inside their tab (ScrollTabWidget).
MINIMUM_SIZE = (800, 460)
TAB_SETTING = "window/tab"  # the last tab used, by key; none yet: Classify
TAB_KEYS = ("dataset", "train", "evaluate", "classify", "review", "compare")


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
    card = bundle.model_card
    when = ((card.created or "").replace("T", " ")[:16]
            or QCoreApplication.translate("MainWindow", "an unknown date"))
    counts = {split: card.images(split) for split, _ in card.counts}
    total = sum(counts.values())
    parts = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    on = (QCoreApplication.translate("MainWindow", "{0} images from {1} ({2})").format(
              QLocale().toString(total), card.data_root, parts) if total
          else QCoreApplication.translate("MainWindow", "data not recorded in its card"))
    parent = card.parent.id if card.parent else None
    origin = (QCoreApplication.translate("MainWindow", "continued from {0}").format(parent) if parent
              else QCoreApplication.translate("MainWindow", "a {0} model").format(card.architecture or "?"))
    return QCoreApplication.translate(
        "MainWindow",
        "<b>Not the shipped model.</b> Results come from <b>{0}</b> ({1}, folder {2}), trained "
        "{3} UTC on {4}. It has not been validated: its figures are its own ({5}), not the "
        "benchmark's, and the same images may get other classes than with the shipped model.").format(
        bundle.model_id, origin, bundle.path, when, on, accuracy_text(bundle))


def _tab_busy(tab: QWidget) -> bool:
    is_busy = getattr(tab, "is_busy", None)
    return bool(is_busy()) if callable(is_busy) else False


class MainWindow(QMainWindow):
    """Dataset, Train, Evaluate and Classify tabs sharing one :class:`AppContext`."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.context = AppContext(settings, parent=self)
        self.setWindowTitle(self.tr("ALL Classifier — research use only"))
        self.setAcceptDrops(True)
        self.setMinimumSize(*MINIMUM_SIZE)

        self.dataset_tab = DatasetTab(self.context)
        self.train_tab = TrainTab(self.context)
        self.evaluate_tab = EvaluateTab(self.context)
        self.classify_tab = ClassifyTab(self.context)
        self.review_tab = ReviewTab(self.context)
        self.compare_tab = CompareTab(self.context)
        self.tabs = ScrollTabWidget()
        self.tabs.setDocumentMode(True)
        for tab, name in ((self.dataset_tab, self.tr("Dataset")), (self.train_tab, self.tr("Train")),
                          (self.evaluate_tab, self.tr("Evaluate")),
                          (self.classify_tab, self.tr("Classify")),
                          (self.review_tab, self.tr("Review")), (self.compare_tab, self.tr("Compare"))):
            self.tabs.addTab(tab, name)
        self._restore_tab()
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.classify_tab.empty_state.help_requested.connect(self.show_help)
        self._help: HelpDialog | None = None
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
        notice = QLabel(self.tr("Research use only — not for diagnostic use."))  # NOTICE
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
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_model_action = QAction(self.tr("Open &model…"), self,
                                         shortcut=QKeySequence("Ctrl+M"))
        self.open_model_action.setStatusTip(self.tr("Use a model folder (checked before use)"))
        self.open_model_action.triggered.connect(self._on_open_model_action_triggered)
        self.open_dataset_action = QAction(self.tr("Open &dataset…"), self,
                                           shortcut=QKeySequence.StandardKey.Open)
        self.open_dataset_action.triggered.connect(self._on_open_dataset_action_triggered)
        self.quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.open_model_action)
        self.recent_menu = RecentModelsMenu(self.context, self.open_model, self)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.open_dataset_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.help_action = QAction(self.tr("&Getting started"), self,
                                   shortcut=QKeySequence.StandardKey.HelpContents)
        self.help_action.setStatusTip(self.tr("What each tab does, where to start, the terms"))
        self.help_action.triggered.connect(self.show_help)
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.triggered.connect(self._on_shortcuts_action_triggered)
        self.language_menu = help_menu.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        stored = str(self.context.settings.value(SETTING, "") or "")
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("", self.tr("System default")), *LANGUAGES.items()):
            action = QAction(name, self, checkable=True)
            action.setChecked(code == stored)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.about_action = QAction(self.tr("&About…"), self)
        self.about_action.triggered.connect(self._on_about_action_triggered)
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addMenu(self.language_menu)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _restore_tab(self) -> None:
        """The first start opens on Classify (what most come for); later the last tab used."""
        key = str(self.context.settings.value(TAB_SETTING, "classify") or "classify")
        tab = getattr(self, f"{key}_tab", None)
        self.tabs.setCurrentWidget(tab if isinstance(tab, QWidget) else self.classify_tab)

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
        self.shipped_button = QPushButton(self.tr("Use the shipped model"))
        self.shipped_button.setToolTip(self.tr("Make the shipped, benchmarked model the active one again"))
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
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        if geometry is not None and self.restoreGeometry(geometry):
            if avail is not None and not avail.contains(self.frameGeometry()):
                # saved on a larger screen or at a lower scaling: keep it on this one
                self.resize(min(self.width(), avail.width()), min(self.height(), avail.height()))
                self.move(max(avail.left(), min(self.x(), avail.right() - self.width())),
                          max(avail.top(), min(self.y(), avail.bottom() - self.height())))
            return
        width = min(1360, avail.width()) if avail else 1280
        height = min(860, avail.height()) if avail else 800
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))

    def _show_model_status(self) -> None:
        bundle = self.context.bundle
        if bundle is None:
            reason = self.context.model_error or self.tr("open one")
            self.model_label.setText(self.tr("No model loaded — {0} (File → Open model…)")
                                     .format(reason))
            self.model_label.setStyleSheet("color:#b00020;")
            return
        self.model_label.setText(self.tr("Model: {0} · {1}").format(bundle.model_id,
                                                                  accuracy_text(bundle)))
        self.model_label.setStyleSheet("")
        self._refresh_model_banner()

    # ------------------------------------------------------------------ public

    def open_model(self, path: Path | str) -> bool:
        """Make ``path`` the active model; a bad folder is explained in a message box."""
        from leukemia_gui.activation import override_granted

        if not override_granted(self, self.context, path):  # a continued model that forgot
            return False
        try:
            self.context.set_model(path)
        except BundleError as exc:
            QMessageBox.warning(self, self.tr("Open model"),
                                self.tr("This model cannot be used:\n\n{0}").format(error_text(exc)))
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
            return self._say(self.tr("Only images and folders of images can be classified."))
        data = next((p for p in paths if p.is_dir() or p.suffix.lower() in MANIFEST_SUFFIXES), None)
        never = " " + self.tr("Nothing was classified: drop images on the Classify tab to "
                              "classify them.")
        if data is None:
            if tab is self.dataset_tab:
                text = self.tr("The {0} tab takes a dataset folder, not image files.").format(name)
            else:
                text = self.tr("The {0} tab takes a folder or split manifest, not image "
                               "files.").format(name)
            return self._say(text + never)
        if tab is self.dataset_tab and data.is_dir():
            self.dataset_tab.load_folder(data)
            return self._say(self.tr("Scanning {0} in the Dataset tab.").format(data) + never)
        if tab is self.train_tab:
            self.train_tab.settings.set_data(data)
            return self._say(self.tr("{0} is now the training data in the Train tab.").format(data)
                             + never)
        if tab is self.evaluate_tab:
            self.evaluate_tab.set_data(data)
            return self._say(self.tr("{0} is now the data to evaluate in the Evaluate "
                                     "tab.").format(data) + never)
        if tab is self.compare_tab:
            self.compare_tab.set_data(data)
            return self._say(self.tr("{0} is now the data to compare on in the Compare "
                                     "tab.").format(data) + never)
        return self._say(self.tr("The {0} tab does not take dropped files.").format(name) + never)

    def show_help(self) -> HelpDialog:
        """Help → Getting started (F1), also the empty state's link; one window, raised."""
        if self._help is None:
            self._help = HelpDialog(current_language(), self)
        self._help.show()
        self._help.raise_()
        return self._help

    def set_language(self, code: str) -> None:
        """Store the interface language (``""``: the system's); it applies at the next start."""
        self.context.settings.setValue(SETTING, code)
        self.context.settings.sync()
        self._say(self.tr("The language changes when the app is started again."))

    def _say(self, text: str) -> str:
        self.statusBar().showMessage(text, 10000)
        return text

    # ------------------------------------------------------------------ slots and events

    def _on_open_model_action_triggered(self) -> None:
        start = self.context.folder("model")
        path = QFileDialog.getExistingDirectory(self, self.tr("Open model folder"), start)
        if path:
            self.open_model(path)

    def _on_open_dataset_action_triggered(self) -> None:
        self.tabs.setCurrentWidget(self.dataset_tab)
        self.dataset_tab.choose_folder()

    def _on_shipped_button_clicked(self) -> None:
        try:
            self.context.use_shipped_model()
        except BundleError as exc:
            QMessageBox.warning(self, self.tr("Shipped model"),
                                self.tr("The shipped model cannot be used:\n\n{0}").format(error_text(exc)))

    def _on_shortcuts_action_triggered(self) -> None:
        self.show_help().show_shortcuts()

    def _on_tabs_current_changed(self, index: int) -> None:
        tab = self.tabs.widget(index)
        key = next((k for k in TAB_KEYS if getattr(self, f"{k}_tab", None) is tab), None)
        if key is not None:
            self.context.settings.setValue(TAB_SETTING, key)

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
                self, self.tr("Work in progress"),
                self.tr("A task is still running. Stop it and quit?\n\n"
                        "Stopped work is discarded; nothing half-written is kept."),
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
