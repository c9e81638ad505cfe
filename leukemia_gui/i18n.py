"""The interface language: English (the source strings) or Spanish (``resources/i18n/*.qm``).

Chosen at start: ``--language es|en`` on the command line, else the Language setting (Help →
Language, stored in QSettings ``ui/language``), else the system locale. Numbers and dates follow
the chosen language's locale (``QLocale.setDefault``). See README "Translations" for updating
the ``.ts`` sources and compiling them.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from core.resources import resource_root

LANGUAGES = {"en": "English", "es": "Español"}
SETTING = "ui/language"  # "en", "es", or "" (the system's)
_current = "en"
_installed: list[QTranslator] = []  # kept alive while installed


def i18n_dir() -> Path:
    return resource_root() / "resources" / "i18n"


def system_language() -> str:
    code = QLocale.system().name().split("_")[0].lower()
    return code if code in LANGUAGES else "en"


def choose_language(settings: QSettings | None, override: str | None = None) -> str:
    """``override`` (the command line) wins, then the stored setting, then the system locale."""
    for value in (override, settings.value(SETTING, "") if settings is not None else ""):
        code = str(value or "").strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return system_language()


def current_language() -> str:
    """The language installed by :func:`install_translator` (``en`` before any)."""
    return _current


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Install the app's (and Qt's own) translations for ``language``; False when the
    compiled ``.qm`` is missing (the interface stays English). English installs nothing."""
    global _current
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    language = language if language in LANGUAGES else "en"
    QLocale.setDefault(QLocale(language))
    _current = "en"
    if language == "en":
        return True
    ours = QTranslator(app)
    if not ours.load(f"leukemia_{language}", str(i18n_dir())):
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    qt = QTranslator(app)  # Qt's own dialogs' buttons (OK, Cancel, Open…)
    if qt.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    _current = language
    return True


def _finite(value: object) -> float | None:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) or math.isinf(v) else v


def number(value: object, decimals: int, none: str = "–") -> str:
    """``value`` with ``decimals`` in the interface locale ("0,853" in Spanish); ``none`` where
    it is not a finite number."""
    v = _finite(value)
    return none if v is None else fixed(v, decimals)


def percent(value: object, decimals: int = 1, *, signed: bool = False, space: str = " ",
            none: str = "–") -> str:
    """A fraction as a percentage in the locale: ``0.853`` -> "85.3 %" / "85,3 %" (``signed``:
    "+85.3 %"; ``space`` before the sign; ``none`` where it is not a finite number). The one
    percentage format of the interface."""
    v = _finite(value)
    if v is None:
        return none
    text = fixed(100 * v, decimals)
    return ("+" + text if signed and not text.startswith("-") else text) + space + "%"


def fixed(value: float, decimals: int) -> str:
    """``value`` with ``decimals`` in the interface locale, rounded as the command line and the
    reports round it (Python's, half to even: 81.25 -> "81.2"), not as Qt does (half away from
    zero: "81.3"), so a figure reads the same on screen, on paper and in a terminal."""
    rounded = float(f"{float(value):.{decimals}f}")
    return QLocale().toString(rounded, "f", decimals)
