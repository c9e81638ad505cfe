"""Choose a model folder: the active, last-trained and recent models in a list, or any folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton, QWidget

from core.model.bundle import BundleError, load_bundle
from leukemia_gui.context import AppContext
from leukemia_gui.error_text import error_text
from leukemia_gui.recent_models_menu import model_label


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)


class ModelPickerWidget(QWidget):
    """``default`` is ``"active"`` (the active model) or ``"trained"`` (the most recently
    trained one, else the newest recent model that is not active). Until the user picks one,
    the choice follows that default as models change. ``failed(message)`` explains a folder
    that is not a usable model."""

    changed = Signal()
    failed = Signal(str)

    def __init__(self, context: AppContext, default: str = "active",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._default = default
        self._chosen: Path | None = None  # picked by the user; None: follow the default
        self._extra: list[Path] = []  # folders chosen with "Choose…"
        self.combo = QComboBox()
        self.combo.setMinimumContentsLength(28)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.activated.connect(self._on_combo_activated)
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setToolTip(self.tr("Any model folder (checked before use)"))
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.choose_button)
        context.model_changed.connect(self.refresh)
        context.recent_changed.connect(self.refresh)
        self.refresh()

    def path(self) -> Path | None:
        data = self.combo.currentData()
        return Path(data) if data else None

    def set_path(self, path: Path | str | None) -> None:
        """Pick ``path`` (``None``: follow the default again)."""
        self._chosen = Path(path) if path is not None else None
        if self._chosen is not None and all(_key(p) != _key(self._chosen) for p in self._extra):
            self._extra.append(self._chosen)
        self.refresh()

    def _default_path(self) -> Path | None:
        active = self.context.bundle.path if self.context.bundle is not None else None
        if self._default == "active":
            return active
        last = self.context.last_trained()
        if last is not None and (active is None or _key(last) != _key(active)):
            return last
        return next((p for p in self.context.recent_models()
                     if active is None or _key(p) != _key(active)), None)

    def refresh(self, *_args: object) -> None:
        candidates: list[Path] = []
        active = self.context.bundle.path if self.context.bundle is not None else None
        last = self.context.last_trained()
        for p in [active, last, *self.context.recent_models(), *self._extra]:
            if p is not None and all(_key(p) != _key(q) for q in candidates):
                candidates.append(p)
        want = self._chosen or self._default_path()
        self.combo.blockSignals(True)
        self.combo.clear()
        for p in candidates:
            self.combo.addItem(model_label(p, self.context), str(p))
            self.combo.setItemData(self.combo.count() - 1, str(p), Qt.ItemDataRole.ToolTipRole)
        index = next((i for i, p in enumerate(candidates) if want is not None and _key(p) == _key(want)), -1)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self.combo.setToolTip(str(self.path()) if self.path() else self.tr("No model chosen"))
        self.changed.emit()

    def _on_combo_activated(self, _index: int) -> None:
        self._chosen = self.path()
        self.combo.setToolTip(str(self._chosen))
        self.changed.emit()

    def _on_choose_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose model folder"),
                                                  self.context.folder("model"))
        if not folder:
            return
        try:
            load_bundle(folder)
        except BundleError as exc:
            self.failed.emit(self.tr("Not a usable model: {0}").format(error_text(exc)))
            return
        self.context.remember_folder("model", Path(folder).parent)
        self.set_path(Path(folder))
