"""Case errors in the interface language: the case panel refuses an invalid case id with a
Spanish sentence in the Spanish interface and with core's exact sentence in English; a case's
words (the signer, the change refused, the review) read in Spanish too."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.cases.case import Case
from core.cases.validation import CaseError, CaseSigned, validate_case_id, validate_name
from leukemia_gui import i18n
from leukemia_gui.error_text import CASE_WORD_CONTEXTS, CASE_WORDS, error_text
from leukemia_gui.widgets.case_panel import CasePanel


@pytest.fixture
def spanish(qapp):
    assert i18n.install_translator(qapp, "es")
    yield
    i18n.install_translator(qapp, "en")


def _panel(qtbot, tmp_path: Path) -> CasePanel:  # noqa: ANN001
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx = SimpleNamespace(settings=settings, audit_path=tmp_path / "audit.jsonl", bundle=None)
    panel = CasePanel(ctx, lambda: [])
    qtbot.addWidget(panel)
    return panel


def _new_case_refused(panel: CasePanel, tmp_path: Path, monkeypatch, case_id: str) -> list[str]:  # noqa: ANN001
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "cases"))
    panel.case_id.setText(case_id)
    panel.new_button.click()  # as the user does: New case, a cases folder
    assert panel.case is None and not list(tmp_path.glob("cases/*"))  # nothing made
    return shown


def _core_sentence(case_id: str) -> str:
    with pytest.raises(CaseError) as info:
        validate_case_id(case_id)
    return str(info.value)


def test_an_invalid_case_id_reads_in_spanish_in_the_spanish_panel(qtbot, tmp_path, monkeypatch, spanish) -> None:
    panel = _panel(qtbot, tmp_path)
    shown = _new_case_refused(panel, tmp_path, monkeypatch, "PT/1")
    assert shown == ["el identificador del caso no puede contener / ni \\ (separadores de ruta)"]
    shown = _new_case_refused(panel, tmp_path, monkeypatch, "x" * 70)
    assert shown == ["el identificador del caso tiene más de 64 caracteres"]


def test_an_invalid_case_id_reads_as_core_says_it_in_english(qtbot, tmp_path, monkeypatch) -> None:
    panel = _panel(qtbot, tmp_path)
    for case_id in ("PT/1", "x" * 70, ".."):
        assert _new_case_refused(panel, tmp_path, monkeypatch, case_id) == [_core_sentence(case_id)]


def test_no_case_open_reads_in_both_languages(qtbot, tmp_path, monkeypatch, qapp) -> None:  # noqa: ANN001
    panel = _panel(qtbot, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    panel._guarded(panel.add_results)
    assert i18n.install_translator(qapp, "es")
    try:
        panel._guarded(panel.add_results)
    finally:
        i18n.install_translator(qapp, "en")
    assert shown == ["open or make a case first", "primero abra o cree un caso"]


def test_a_cases_own_words_read_in_spanish(spanish) -> None:
    signed = Case("A-1")
    signed.signatures.append({"name": "Ana"})
    with pytest.raises(CaseSigned) as info:
        signed.add_predictions([])
    assert error_text(info.value) == ("el caso A-1 está firmado y es de solo lectura; cree una versión "
                                      "nueva para añadir campos")
    with pytest.raises(CaseError) as info:
        validate_name(" ", "signer")
    assert error_text(info.value) == "el nombre del firmante está vacío"
    with pytest.raises(CaseError) as info:
        Case("A-2").review_field(0, "exclude", reason="blurred")
    assert error_text(info.value) == "el caso A-2 no tiene el campo 1"
    with pytest.raises(CaseError) as info:
        Case.from_dict({**Case("A").to_dict(), "case_id": ""}, "f.case.json")
    assert error_text(info.value) == "f.case.json: el identificador del caso está vacío"
    assert error_text(CaseError.of("case.needs_reason", review="reclassify")) == "reclasificar necesita un motivo"
    for name, words in CASE_WORDS.items():  # every word a case error is given has its Spanish
        for word in words:
            assert QCoreApplication.translate(CASE_WORD_CONTEXTS[name], word) != word, (name, word)


def test_an_error_made_from_its_sentence_alone_reads_in_spanish(spanish) -> None:
    assert error_text(CaseError("case B-7 already has two signatures")) == "el caso B-7 ya tiene dos firmas"
    assert error_text(CaseError("a sentence core never wrote")) == "a sentence core never wrote"


def test_a_refused_resume_and_a_broken_csv_read_in_spanish(tmp_path, spanish) -> None:  # noqa: ANN001
    from core.inference.result import Prediction
    from core.inference.results_file import ResultsError, ResultsFile
    from core.text import CsvError, read_csv_rows

    path = tmp_path / "r.csv"
    classes = ["Benign", "Early", "Pre", "Pro"]
    with ResultsFile(path, classes, model_id="m1") as out:
        out.write(Prediction("/x/a.png", "Pro", dict(zip(classes, [0.1, 0.1, 0.1, 0.7])), 0.7, False))
    with pytest.raises(ResultsError) as info:
        ResultsFile(path, classes, resume=True, model_id="m2")
    assert error_text(info.value) == (f"{path}: la fila 2 la escribió el modelo m1, no m2; --resume mezclaría "
                                      "resultados (indique un archivo de resultados nuevo, o el modelo que "
                                      "escribió este)")
    with pytest.raises(CsvError) as info:
        read_csv_rows("a\rb\"c\n\"\r", "f.csv")
    assert error_text(info.value).startswith("f.csv, línea 1: no es un archivo CSV válido (")


def test_the_review_dialog_words_a_refused_decision_in_spanish(qtbot, tmp_path, spanish) -> None:  # noqa: ANN001
    from tests.core.test_case_file import fields

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx = SimpleNamespace(settings=settings, audit_path=tmp_path / "audit.jsonl",
                          bundle=SimpleNamespace(model_id="m-1", checksum="c", card={}))
    preds = fields(tmp_path)
    panel = CasePanel(ctx, lambda: preds)
    qtbot.addWidget(panel)
    panel.case_id.setText("PT-9")
    panel.operator.setText("Ana")
    panel.new_case(tmp_path / "cases")
    panel.add_results()
    dialog = panel.review_dialog()
    qtbot.addWidget(dialog)
    dialog.reason.setEditText("looked twice")
    assert not dialog.act("approve")  # not one of the case's review actions: the case refuses it
    assert dialog.status.text() == ("No guardado: la acción de revisión debe ser una de accept, reclassify, "
                                    "exclude")
