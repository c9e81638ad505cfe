"""Where the app keeps its own files (logs, trained models) for the current user."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "LEUKEMIA_DATA_DIR"


def user_data_dir() -> Path:
    """``$LEUKEMIA_DATA_DIR``, else the per-user data folder (the audit log's folder).

    Kept beside ``core.inference.audit.default_audit_path()`` so a lab finds logs, models and the audit
    trail in one place.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "leukemia"


def models_dir() -> Path:
    """Default parent folder of models trained in the app."""
    return user_data_dir() / "models"


def log_path() -> Path:
    """The GUI's log file (uncaught errors land here with their traceback)."""
    return user_data_dir() / "logs" / "leukemia-gui.log"
