"""What to do first, over an empty results table: drop images or a folder, or try the bundled
samples; a link opens Help → Getting started. Hidden while the table has rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLabel, QPushButton, QVBoxLayout


class EmptyStateWidget(QFrame):
    """Lies over ``view``'s viewport, at its size, while ``view`` shows no row."""

    samples_requested = Signal()
    help_requested = Signal()

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view.viewport())
        self._view = view
        self.setObjectName("emptyState")
        self.setStyleSheet("#emptyState { background: palette(base); }")
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.samples_button = QPushButton()
        self.samples_button.clicked.connect(self.samples_requested)
        self.help_link = QLabel()
        self.help_link.setTextFormat(Qt.TextFormat.RichText)
        self.help_link.linkActivated.connect(lambda _link: self.help_requested.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        for w in (self.title, self.body):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(w)
        layout.addSpacing(8)
        layout.addWidget(self.samples_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.help_link.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.help_link)
        layout.addStretch(2)
        self.retranslate()
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._refresh)
        view.viewport().installEventFilter(self)
        self._refresh()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Start here: classify blood-smear images"))
        self.body.setText(self.tr(
            "Drop image files or a folder of images on this window, or use Add images… / "
            "Add folder… above (Ctrl+V pastes an image). Each image gets a class, a "
            "confidence and, where the model is unsure, an Uncertain flag."))
        self.samples_button.setText(self.tr("Try the bundled samples"))
        self.samples_button.setToolTip(self.tr("Classify the eight sample images that come "
                                               "with the app (two per class)"))
        self.help_link.setText("<a href='help'>" + self.tr("Getting started: what each tab "
                                                           "does") + "</a>")

    def _refresh(self, *_args: object) -> None:
        self.setGeometry(self._view.viewport().rect())
        self.setVisible(self._view.model().rowCount() == 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._view.viewport() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._view.viewport().rect())
        return super().eventFilter(watched, event)
