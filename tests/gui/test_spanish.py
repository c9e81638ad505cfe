"""Spanish: the compiled translation is loaded and the window, menus, tabs, Classify tab and the
empty state read in Spanish; every string of the translated files has its translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication

from leukemia_gui import i18n
from leukemia_gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spanish(qapp):
    assert i18n.install_translator(qapp, "es")
    yield
    i18n.install_translator(qapp, "en")


def test_window_in_spanish(qtbot, tmp_path: Path, monkeypatch, spanish, audit_file) -> None:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    win = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    try:
        tabs = [win.tabs.tabText(i) for i in range(win.tabs.count())]
        assert tabs == ["Datos", "Entrenar", "Evaluar", "Clasificar", "Revisar", "Comparar"]
        menus = [a.text().replace("&", "") for a in win.menuBar().actions()]
        assert menus == ["Archivo", "Ayuda"]
        assert win.help_action.text().replace("&", "") == "Primeros pasos"
        assert "investigación" in win.windowTitle()
        tab = win.classify_tab
        assert tab.add_files_button.text() == "Añadir imágenes…"
        assert tab.empty_state.samples_button.text() == "Probar las muestras incluidas"
        assert tab.table.horizontalHeaderItem(2).text() == "Confianza"
        assert i18n.current_language() == "es" and QLocale().language() == QLocale.Language.Spanish
        assert "Primeros pasos" in win.show_help().browser.toPlainText()
        win.resize(911, 512)  # 1366x768 at 150 %: the longer Spanish labels still fit
        win.show()
        for _ in range(5):
            QApplication.processEvents()
        area = win.tabs.scroll_area(win.tabs.indexOf(tab))
        assert not area.horizontalScrollBar().isVisible()
        assert not area.verticalScrollBar().isVisible()
    finally:
        for t in win.all_tabs:
            t.shutdown()


def test_language_choice(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.choose_language(settings, "es") == "es"
    settings.setValue(i18n.SETTING, "es")
    assert i18n.choose_language(settings) == "es"
    assert i18n.choose_language(settings, "en") == "en"  # the command line wins
    settings.setValue(i18n.SETTING, "")
    assert i18n.choose_language(settings) == i18n.system_language()
    assert i18n.install_translator(QApplication.instance(), "en")  # English needs no file


def test_every_string_has_a_spanish_translation() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_translations.py"),
                          "--check"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stdout + run.stderr


def test_compiled_qm_matches_the_ts(tmp_path: Path) -> None:
    ts = ROOT / "resources" / "i18n" / "leukemia_es.ts"
    qm = tmp_path / "es.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), str(ts), "-qm", str(qm)], check=True, capture_output=True)
    assert qm.read_bytes() == (ROOT / "resources" / "i18n" / "leukemia_es.qm").read_bytes(), \
        "run scripts/update_translations.py to recompile the .qm"
