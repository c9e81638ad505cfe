"""State shared by the tabs: the active model, settings, and the audit log location."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from core.audit import ENV_VAR, default_audit_path
from core.bundle import Bundle, BundleError, default_model_dir, load_bundle


class AppContext(QObject):
    """One per window. ``model_changed`` fires with the new :class:`core.bundle.Bundle`."""

    model_changed = Signal(object)
    status_message = Signal(str)

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or QSettings("LeukemiaClassifier", "LeukemiaClassifier")
        self.bundle: Bundle | None = None
        self.model_error: str | None = None
        self._predictor = None
        remembered = self.settings.value("model/path", "", type=str)
        for candidate in (remembered, str(default_model_dir())):
            if candidate and self._try_load(Path(candidate)):
                break

    def _try_load(self, path: Path) -> bool:
        try:
            self.bundle = load_bundle(path)
            self._predictor = None
            self.model_error = None
            return True
        except BundleError as exc:
            self.model_error = str(exc)
            return False

    def set_model(self, path: Path | str) -> Bundle:
        """Make ``path`` the active model (raises BundleError with a readable message)."""
        bundle = load_bundle(path)
        self.bundle, self._predictor, self.model_error = bundle, None, None
        self.settings.setValue("model/path", str(bundle.path))
        self.model_changed.emit(bundle)
        return bundle

    def predictor(self):  # noqa: ANN201 - core.predict.Predictor, imported lazily
        """The active model's predictor, loaded once (raises BundleError when there is none)."""
        if self.bundle is None:
            raise BundleError(self.model_error or "no model is loaded; open one from the File menu")
        if self._predictor is None or self._predictor.bundle.path != self.bundle.path:
            from core.predict import Predictor

            self._predictor = Predictor(self.bundle)
        return self._predictor

    @property
    def audit_path(self) -> Path:
        import os

        if os.environ.get(ENV_VAR):
            return Path(os.environ[ENV_VAR])
        saved = self.settings.value("audit/path", "", type=str)
        return Path(saved) if saved else default_audit_path()

    def set_audit_path(self, path: Path | str) -> None:
        self.settings.setValue("audit/path", str(path))

    def folder(self, key: str) -> str:
        return self.settings.value(f"folders/{key}", "", type=str)

    def remember_folder(self, key: str, path: Path | str) -> None:
        self.settings.setValue(f"folders/{key}", str(path))
