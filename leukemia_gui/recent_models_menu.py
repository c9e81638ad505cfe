"""File → Recent models: re-activate a model used or trained before in one click."""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from core.model.bundle import default_model_dir
from leukemia_gui.context import AppContext


def model_label(path: Path, context: AppContext) -> str:
    """How a model folder is named in menus and lists: its folder name, and what it is."""
    tags = []
    bundle = context.bundle
    if bundle is not None and _same(bundle.path, path):
        tags.append(QCoreApplication.translate("RecentModelsMenu", "active"))
    if _same(path, default_model_dir()):
        tags.append(QCoreApplication.translate("RecentModelsMenu", "shipped"))
    last = context.last_trained()
    if last is not None and _same(last, path):
        tags.append(QCoreApplication.translate("RecentModelsMenu", "last trained"))
    return path.name + (f"  ({', '.join(tags)})" if tags else "")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


class RecentModelsMenu(QMenu):
    """Rebuilt each time it opens from :meth:`AppContext.recent_models`; the active model is
    checked. Choosing one calls ``open_model(path)`` (which explains a model that fails)."""

    def __init__(self, context: AppContext, open_model: Callable[[Path], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Recent &models"))
        self.context = context
        self._open_model = open_model
        self.setToolTipsVisible(True)
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        for path in self.context.recent_models():
            action = QAction(model_label(path, self.context), self)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setCheckable(True)
            action.setChecked(self.context.bundle is not None and _same(self.context.bundle.path, path))
            action.setData(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self._open_model(p))
            self.addAction(action)

    def paths(self) -> list[Path]:
        return [Path(a.data()) for a in self.actions() if a.data()]

    def action_for(self, path: Path | str) -> QAction | None:
        return next((a for a in self.actions() if a.data() and _same(Path(a.data()), Path(path))), None)
