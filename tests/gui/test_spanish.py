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


# ------------------------------------------------------------------ Dataset tab, case panel, audit


def _english_sources(contexts: set[str]) -> set[str]:
    """The English source strings of ``contexts`` whose Spanish differs (never shown in Spanish)."""
    import xml.etree.ElementTree as ET

    out = set()
    for ctx in ET.parse(ROOT / "resources" / "i18n" / "leukemia_es.ts").iter("context"):
        if ctx.findtext("name") in contexts:
            for msg in ctx.iter("message"):
                src, es = msg.findtext("source") or "", msg.findtext("translation") or ""
                if src.strip() and src != es:
                    out.add(src)
    return out


def _shown_texts(widget) -> list[str]:  # noqa: ANN001
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit, QTabWidget, QWidget

    texts = []
    for w in [widget, *widget.findChildren(QWidget)]:
        if isinstance(w, (QLabel, QAbstractButton)):
            texts += [w.text(), w.toolTip()]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
    return [t for t in texts if t]


def test_dataset_tab_case_panel_and_audit_viewer_in_spanish(qtbot, tmp_path: Path, monkeypatch,
                                                            spanish, tiny_dataset: Path) -> None:
    from core.inference.audit import AuditLog
    from leukemia_gui.tabs.dataset_tab import DatasetTab
    from leukemia_gui.widgets.audit_viewer import AuditViewer
    from leukemia_gui.widgets.case_panel import CasePanel
    from tests.gui.conftest import isolated_context

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    (tiny_dataset / "Pre" / "copy.jpg").write_bytes((tiny_dataset / "Pre" / "WBC-Pre-001.jpg").read_bytes())
    tab = DatasetTab(isolated_context(tmp_path))
    qtbot.addWidget(tab)
    try:
        assert tab.choose_button.text() == "Elegir carpeta…"
        with qtbot.waitSignal(tab.folder_scanned, timeout=60_000):
            tab.load_folder(tiny_dataset)
        qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
        assert "imágenes legibles" in tab.task.label.text()
        assert tab.counts_table.horizontalHeaderItem(0).text() == "Clase"
        assert tab.counts_table.item(0, 0).text() == "Benigno (hematogonas)"
        assert tab.counts_table.item(1, 0).text() == "LLA pre-B temprana"
        assert tab.counts_table.item(3, 2).text() == "24,2 %"  # 8 of 33, with a decimal comma
        assert tab.chart.figure.axes[0].get_title() == "Imágenes por clase"
        assert [tab.details.tabText(i) for i in range(tab.details.count())] == [
            "Muestras", "Ilegibles (0)", "Duplicados (1)", "Equilibrar"]
        card = tab.duplicates.cards[0]
        assert card.exclude_button.text() == "Excluir esta copia"
        assert tab.balance.start_button.text() == "Equilibrar"
        tab.balance.output_edit.setText(str(tmp_path / "balanced"))
        with qtbot.waitSignal(tab.balance.balanced, timeout=60_000):
            tab.balance.start()
        assert "imágenes nuevas escritas" in tab.balance.result_label.text()
        assert tab.chart.figure.axes[0].get_title() == "Imágenes por clase tras equilibrar"
        english = _english_sources({"DatasetTab", "BalanceWidget", "DuplicatesView", "DuplicateCard",
                                    "ThumbnailGridWidget", "TaskProgressWidget", "ClassNames"})
        left = [t for t in _shown_texts(tab) if t in english]
        assert not left, left
    finally:
        tab.shutdown()

    log = AuditLog(tmp_path / "a.jsonl")
    log.record_event("case.new", case_id="A", user="ana")
    panel = CasePanel(isolated_context(tmp_path), list)
    viewer = AuditViewer(log.path, "A")
    qtbot.addWidget(panel)
    qtbot.addWidget(viewer)
    assert panel.title() == "Caso" and panel.new_button.text() == "Caso nuevo"
    assert panel.status.text().startswith("Ningún caso abierto")
    assert viewer.windowTitle() == "Registro de auditoría"
    assert viewer.table.horizontalHeaderItem(0).text() == "Hora (UTC)"
    assert "cadena de hashes intacta" in viewer.chain.text()
    for widget, contexts in ((panel, {"CasePanel"}), (viewer, {"AuditViewer"})):
        left = [t for t in _shown_texts(widget) if t in _english_sources(contexts)]
        assert not left, left


def test_case_verification_dialog_and_open_case_panel_in_spanish(qtbot, tmp_path: Path,
                                                                  spanish) -> None:
    from leukemia_gui.widgets.case_panel import CasePanel
    from leukemia_gui.widgets.case_review_dialog import CaseReviewDialog
    from tests.core.test_case_file import new_case
    from tests.gui.conftest import isolated_context

    panel = CasePanel(isolated_context(tmp_path), list)
    qtbot.addWidget(panel)
    panel.case = new_case(tmp_path)
    panel._refresh()
    dialog = CaseReviewDialog(panel.case, None, lambda: None)
    qtbot.addWidget(dialog)
    assert panel.review_button.text() == "Verificar campos…" and panel.print_button.text() == "Imprimir…"
    assert "Por clase: Early 2 campo(s), 3 células" in panel.status.text()
    assert dialog.progress.text().startswith("Campo 1 de 2 · 0 decididos, faltan 2")
    assert dialog.accept_button.text() == "A  Aceptar" and "sin resultado" in dialog.info.text()
    dialog.act("exclude")  # no reason yet: the dialog asks for one
    assert dialog.status.text().startswith("Excluir: escriba el motivo")
    for widget, contexts in ((panel, {"CasePanel"}), (dialog, {"CaseReviewDialog"})):
        left = [t for t in _shown_texts(widget) if t in _english_sources(contexts)]
        assert not left, left


def test_train_tab_in_spanish(qtbot, tmp_path: Path, monkeypatch, spanish) -> None:
    from leukemia_gui.tabs.train_tab import TrainTab
    from tests.gui.conftest import isolated_context

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    tab = TrainTab(isolated_context(tmp_path))
    qtbot.addWidget(tab)
    try:
        assert tab.start_button.text() == "Iniciar entrenamiento"
        assert tab.settings.continue_check.text() == "Continuar a partir del modelo activo"
        assert tab.use_button.text() == "Usar este modelo"
        assert tab.summary_label.text().startswith("Se entrenará: 'default'")
        english = _english_sources({"TrainTab", "TrainSettingsWidget", "TrainResultWidget",
                                    "TaskProgressWidget"})
        left = [t for t in _shown_texts(tab) if t in english]
        assert not left, left
    finally:
        tab.shutdown()


def test_model_picker_recent_models_audit_bar_and_image_detail_in_spanish(
        qtbot, tmp_path: Path, monkeypatch, spanish, tiny_dataset: Path, audit_file: Path) -> None:
    from leukemia_gui.recent_models_menu import RecentModelsMenu
    from leukemia_gui.widgets.audit_bar import AuditBarWidget
    from core.evaluation.result import EvalPrediction
    from leukemia_gui.widgets.image_detail_dialog import ImageDetailDialog
    from leukemia_gui.widgets.model_picker import ModelPickerWidget
    from leukemia_gui.widgets.task_progress import TaskProgressWidget
    from PySide6.QtWidgets import QLabel as QLabel_
    from tests.gui.conftest import isolated_context

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    ctx = isolated_context(tmp_path)
    picker, bar, progress = ModelPickerWidget(ctx), AuditBarWidget(ctx), TaskProgressWidget()
    menu = RecentModelsMenu(ctx, lambda _p: None)
    image = sorted((tiny_dataset / "Early").iterdir())[0]
    dialog = ImageDetailDialog(EvalPrediction(str(image), "Early", "Pre", 0.6,
                                              {"Benign": 0.1, "Early": 0.2, "Pre": 0.6, "Pro": 0.1},
                                              False))
    for w in (picker, bar, progress, dialog):
        qtbot.addWidget(w)
    assert picker.choose_button.text() == "Elegir…"
    assert menu.title() == "&Modelos recientes"
    assert "aún sin registros" in bar.chain_label.text() and bar.change_button.text() == "Cambiar…"
    assert progress.cancel_button.text() == "Cancelar"
    assert "Clase real: LLA pre-B temprana" in dialog.findChildren(QLabel_)[0].text()
    for widget, contexts in ((picker, {"ModelPickerWidget"}), (bar, {"AuditBarWidget"}),
                             (progress, {"TaskProgressWidget"}), (dialog, {"ImageDetailDialog"})):
        left = [t for t in _shown_texts(widget) if t in _english_sources(contexts)]
        assert not left, left
    bar.shutdown()


# ------------------------------------------------------------------ Evaluate, Compare, Review


def _shown_texts_and_items(widget) -> list[str]:  # noqa: ANN001
    """:func:`_shown_texts` and the combo boxes' items and the tables' column headers."""
    from PySide6.QtWidgets import QComboBox, QTableWidget, QWidget

    texts = _shown_texts(widget)
    for w in widget.findChildren(QWidget):
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())] + [w.placeholderText(), w.toolTip()]
        if isinstance(w, QTableWidget):
            items = [w.horizontalHeaderItem(i) for i in range(w.columnCount())]
            texts += [t for item in items if item is not None for t in (item.text(), item.toolTip())]
    return [t for t in texts if t]


MY_CONTEXTS = {"EvaluateTab", "CompareTab", "ReviewTab", "ReviewHub", "Metrics", "MetricsWidget",
               "Comparison", "ComparisonSummaryWidget", "ChangedPredictionsWidget", "ReviewItemWidget",
               "CorrectionKeys", "CorrectionButtonsWidget", "ProbabilityBarsWidget", "ImageViewWidget"}


def test_evaluate_compare_and_review_in_spanish(qtbot, open_tab, context, tiny_dataset: Path,
                                                spanish) -> None:
    from leukemia_gui.tabs.compare_tab import CompareTab
    from leukemia_gui.tabs.evaluate_tab import EvaluateTab
    from leukemia_gui.tabs.review_tab import ReviewTab

    english = _english_sources(MY_CONTEXTS)
    evaluate = open_tab(EvaluateTab, context, (1024, 600))
    compare = open_tab(CompareTab, context, (1024, 600))
    review = open_tab(ReviewTab, context, (1024, 600))
    assert evaluate.evaluate_button.text() == "Evaluar" and compare.compare_button.text() == "Comparar"
    assert review.evaluation_button.text() == "Última evaluación"
    assert "Nada" not in review.header.text() and "Aún no hay nada que revisar" in review.header.text()
    evaluate.set_data(tiny_dataset)
    evaluate.evaluate_button.click()
    qtbot.waitUntil(lambda: not evaluate.is_busy() and evaluate.result is not None, timeout=60_000)
    assert evaluate.status.text().startswith("32 imagen(es) evaluada(s) en ")
    assert "," in evaluate.metrics.value_text("accuracy")  # 0,0 %: the locale's decimal comma
    card = evaluate.card_text.toPlainText()  # the model card in Spanish (core words it in English)
    assert "Arquitectura:" in card and "Datos de entrenamiento" in card and "Architecture" not in card
    assert "IC 95 %" in evaluate.metrics.basis_label.text()
    assert evaluate.metrics.table.horizontalHeaderItem(1).toolTip().startswith("Sensibilidad")
    evaluate.show_cell("Benign", "Benign")
    assert review.source is not None and "evaluación de" in review.source_label.text()
    assert "en la cola" in review.count_label.text()
    for tab in (evaluate, compare, review):
        left = [t for t in _shown_texts_and_items(tab) if t in english]
        assert not left, f"{type(tab).__name__} shows English: {left}"


# ------------------------------------------------------------------ uncertainty reasons, case line


def _flag_words() -> list[str]:
    """The English sentences core words the uncertainty flags with (core.inference.flags)."""
    from core.inference.flags import _TEXT

    return [*_TEXT.values(), "UNCERTAIN", "No result", "no result", "confidence", "Not classified",
            "read together", "field(s) agree", "unreadable", "unlike the training"]


def test_uncertain_classify_results_and_the_case_line_in_spanish(
        qtbot, open_tab, context, tiny_dataset: Path, spanish, tmp_path: Path) -> None:
    from core.inference.flags import Flag
    from core.inference.result import Prediction
    from leukemia_gui.tabs.classify_tab import ClassifyTab

    tab = open_tab(ClassifyTab, context, (1200, 700))
    images = sorted((tiny_dataset / "Pre").glob("*.jpg"))
    probs = {"Benign": 0.1, "Early": 0.22, "Pre": 0.41, "Pro": 0.27}
    weak = Prediction(str(images[0]), "Pre", probs, 0.41, True, (Flag.LOW_CONFIDENCE, Flag.SMALL_MARGIN))
    no_cells = Prediction(str(images[1]), None, {}, 0.0, True, (Flag.NO_CELLS, Flag.UNLIKE_CONTENT),
                          no_result=True, cells=())
    unlike = Prediction(str(images[2]), None, {}, 0.0, True, (Flag.UNLIKE_COLOUR, Flag.FOCUS),
                        no_result=True)
    entries = [(p.path and Path(p.path).name, p, p.path) for p in (weak, no_cells, unlike)]
    tab.case_check.setChecked(True)
    tab._show_rows(entries, select=False)
    tab._update_case()
    view = tab.result.prediction_view
    shown = {}
    for row, pred in enumerate((weak, no_cells, unlike)):
        tab.table.select_prediction(pred)
        shown[pred.path] = [view.class_label.text(), view.detail_label.text(), view.badge.text(),
                            view.why_label.text(), *tab.table.row_texts(row)[1:]]
    assert shown[weak.path][2] == ("INCIERTO — confianza baja (41 %); poco margen entre las dos "
                                   "clases más probables (14 %)")
    assert shown[weak.path][1] == "Clase Pre · confianza 41,0 %"
    assert shown[no_cells.path][0] == "Ningún leucocito encontrado"
    assert shown[no_cells.path][2].startswith("INCIERTO — no se encontró ningún leucocito; imagen distinta")
    assert shown[unlike.path][0] == "Sin resultado" and "¿desenfocada?" in shown[unlike.path][2]
    case = tab.case_label.text()
    assert "Caso, 3 imagen(es) leídas en conjunto:" in case
    assert "LLA pre-B" in case and "INCIERTO" in case and "2 campo(s) distintos" in case
    texts = [t for ts in shown.values() for t in ts] + [case, tab.gallery.message()]
    left = [(w, t) for t in texts for w in _flag_words() if w in t]
    assert not left, left
    tab.table.select_prediction(weak)  # the PNG shows the weak result with its badge
    assert tab.grab().save(str(tmp_path / "classify_uncertain_es.png"))


def test_saved_reasons_audit_tip_and_accuracy_in_spanish(spanish, tmp_path: Path) -> None:
    from core.inference.audit import AuditCheck
    from leukemia_gui.core_text import comparison_warning
    from leukemia_gui.flag_text import record_reason, text_reason
    from leukemia_gui.widgets.audit_bar import check_tip

    assert (text_reason("no result: no white cell found; low confidence (41%); another program's words")
            == "sin resultado: no se encontró ningún leucocito; confianza baja (41 %); another program's words")
    assert record_reason({"flags": ["small_margin"], "confidence": 0.5,
                          "probabilities": {"Pre": 0.5, "Pro": 0.25}}) == (
        "poco margen entre las dos clases más probables (25 %)")
    assert check_tip(AuditCheck(tmp_path / "a.jsonl")).startswith("OK: ") and "sin registros" in check_tip(
        AuditCheck(tmp_path / "a.jsonl"))
    from core.evaluation.compare import CompareWarning

    assert comparison_warning(CompareWarning("only 5 images were read by both models; the test uses "
                                             "those", "compare.partly_read", {"n": 5})) == (
        "solo 5 imágenes fueron leídas por ambos modelos; la prueba usa esas")


def test_worker_error_messages_in_spanish(spanish) -> None:
    import errno

    from leukemia_gui.worker import describe_error

    assert describe_error(MemoryError()).startswith("No hay memoria suficiente")
    denied = describe_error(PermissionError(errno.EACCES, "Permission denied", "/datos/x"))
    assert denied == "Permiso denegado: /datos/x"


def test_worker_error_messages_in_english() -> None:
    from leukemia_gui.worker import describe_error

    assert describe_error(MemoryError()).startswith("Not enough memory")
