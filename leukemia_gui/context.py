"""State shared by the tabs: the active model, recent models, settings, the audit log location."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from core.inference.audit import ENV_VAR, default_audit_path
from core.model.bundle import Bundle, BundleError, default_model_dir, load_bundle
from leukemia_gui.error_text import error_text


RECENT_MAX = 8  # models remembered for one-click re-activation (the shipped one comes on top)


class AppContext(QObject):
    """One per window. ``model_changed`` fires with the new :class:`core.model.bundle.Bundle`;
    ``model_trained`` with the folder of a model just trained in this window."""

    model_changed = Signal(object)
    model_trained = Signal(object)
    recent_changed = Signal()
    status_message = Signal(str)

    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or QSettings("LeukemiaClassifier", "LeukemiaClassifier")
        self.bundle: Bundle | None = None
        self.model_error: str | None = None
        self._predictor = None
        self._shipped_checksum: str | None = None
        remembered = self.settings.value("model/path", "", type=str)
        for candidate in (remembered, str(default_model_dir())):
            if candidate and self._try_load(Path(candidate)):
                break
        if self.bundle is not None:
            self._remember_recent(self.bundle.path)

    def _try_load(self, path: Path) -> bool:
        try:
            self.bundle = load_bundle(path)
            self._predictor = None
            self.model_error = None
            return True
        except BundleError as exc:
            self.model_error = error_text(exc)  # in the interface language
            return False

    def set_model(self, path: Path | str) -> Bundle:
        """Make ``path`` the active model (raises BundleError with a readable message)."""
        bundle = load_bundle(path)
        self.bundle, self._predictor, self.model_error = bundle, None, None
        self.settings.setValue("model/path", str(bundle.path))
        self._remember_recent(bundle.path)
        self.model_changed.emit(bundle)
        return bundle

    # -- the shipped model: the benchmarked one, and whether it is the one in use --------

    def is_shipped_model(self) -> bool:
        """Whether the active model is the shipped, benchmarked one (its folder, or a copy of
        it: the same card checksum)."""
        if self.bundle is None:
            return False
        shipped = default_model_dir()
        if _same(self.bundle.path, shipped):
            return True
        if self._shipped_checksum is None:
            try:
                self._shipped_checksum = load_bundle(shipped).checksum
            except BundleError:
                self._shipped_checksum = ""
        return bool(self._shipped_checksum) and self.bundle.checksum == self._shipped_checksum

    def use_shipped_model(self) -> Bundle:
        """Make the shipped model the active one again (raises BundleError if it is broken)."""
        return self.set_model(default_model_dir())

    # -- recent models: the previous model is always one click away ---------------------

    def recent_models(self) -> list[Path]:
        """Models used or trained recently, newest first, then the shipped model (always)."""
        paths = [Path(p) for p in self._stored_recent() if Path(p).is_dir()]
        shipped = default_model_dir()
        if shipped.is_dir() and not any(_same(shipped, p) for p in paths):
            paths.append(shipped)
        return paths

    def note_trained(self, path: Path | str) -> None:
        """A model was just trained here: remember it (Compare's default model B)."""
        self.settings.setValue("model/last_trained", str(path))
        self._remember_recent(Path(path))
        self.model_trained.emit(Path(path))

    def last_trained(self) -> Path | None:
        saved = self.settings.value("model/last_trained", "", type=str)
        return Path(saved) if saved and Path(saved).is_dir() else None

    def _stored_recent(self) -> list[str]:
        try:
            stored = json.loads(self.settings.value("model/recent", "[]", type=str) or "[]")
        except ValueError:  # hand-edited settings: start the list afresh
            return []
        return [str(p) for p in stored if isinstance(p, str)] if isinstance(stored, list) else []

    def _remember_recent(self, path: Path) -> None:
        key = str(Path(path).resolve())
        paths = [key] + [p for p in self._stored_recent() if p != key]
        self.settings.setValue("model/recent", json.dumps(paths[:RECENT_MAX]))
        self.recent_changed.emit()

    def predictor(self):  # noqa: ANN201 - core.inference.predictor.Predictor, imported lazily
        """The active model's predictor, loaded once (raises BundleError when there is none)."""
        if self.bundle is None:
            if self.model_error:
                raise BundleError(self.model_error)
            raise BundleError("no model is loaded; open one from the File menu", "app.no_model", {})
        if self._predictor is None or self._predictor.bundle.path != self.bundle.path:
            from core.inference.predictor import Predictor

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


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
