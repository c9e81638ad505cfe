"""Core's errors and Compare's warnings in the interface language, built from their codes: every
code has a Spanish sentence with the same values, and real errors read in Spanish in the Spanish
interface and exactly as core words them in English."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.cases.validation import CASE_ERROR_CODES
from core.inference.results_file import RESULTS_ERROR_CODES
from core.text import CSV_ERROR_CODES
from core.data.images import IMAGE_ERROR_CODES, ImageError, load_rgb
from core.data.corrections import CORRECTIONS_ERROR_CODES
from core.data.scan import DATASET_ERROR_CODES, UNUSABLE_CODES
from core.evaluation.compare import WARNING_CODES, CompareWarning
from core.fileutil import (
    INPUT_REFUSED_CODES,
    OUTPUT_REFUSED_CODES,
    InputRefused,
    OutputRefused,
    guard_output_dir,
    guard_output_file,
    read_input_bytes,
)
from core.model.bundle import BUNDLE_ERROR_CODES, BundleError, load_bundle
from leukemia_gui import core_text, i18n
from leukemia_gui.context import AppContext
from leukemia_gui.error_text import NOUNS, PASSED_THROUGH, TEXTS, error_text, render
from leukemia_gui.tabs.classify_tab import ClassifyTab
from tests.gui.conftest import drop

DECLARED = {**IMAGE_ERROR_CODES, **BUNDLE_ERROR_CODES, **OUTPUT_REFUSED_CODES, **INPUT_REFUSED_CODES,
            **UNUSABLE_CODES, **DATASET_ERROR_CODES, **CORRECTIONS_ERROR_CODES, **CASE_ERROR_CODES,
            **RESULTS_ERROR_CODES, **CSV_ERROR_CODES,
            "predict.invalid_output": (), "app.no_model": (), "app.no_case": ()}
# sentences that are only their values and punctuation: the same in every language
ONLY_VALUES = ("case.in_file",)


@pytest.fixture
def spanish(qapp):
    assert i18n.install_translator(qapp, "es")
    yield
    i18n.install_translator(qapp, "en")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _sample(code: str) -> dict[str, object]:
    return {k: ("report file" if k == "what" else f"<{k}>") for k in DECLARED[code]}


def test_every_error_code_has_a_sentence_with_its_values() -> None:
    for code, names in DECLARED.items():
        if code in PASSED_THROUGH:  # a sentence written elsewhere, passed on whole
            assert code not in TEXTS
            continue
        assert code in TEXTS, f"{code} has no sentence in leukemia_gui.error_text"
        assert _fields(str(TEXTS[code])) == set(names), code
    assert set(TEXTS) <= set(DECLARED)


def test_every_error_code_and_noun_reads_in_spanish(spanish) -> None:
    for code in DECLARED:
        if code in PASSED_THROUGH:
            continue
        params = _sample(code)
        spanish_text = render(code, params)
        english = str(TEXTS[code]).format(**params)
        assert spanish_text, code
        assert spanish_text != english or code in ONLY_VALUES, f"{code} has no Spanish rendering"
        for name, value in params.items():
            if name != "what":
                assert str(value) in spanish_text, (code, name)
        if "what" in params:
            assert "el archivo del informe" in spanish_text, code
    for noun in NOUNS:
        assert QCoreApplication.translate("ErrorText", noun) != noun, f"noun {noun!r} untranslated"


def test_every_compare_warning_code_reads_in_spanish(spanish) -> None:
    assert set(core_text._WARNINGS) == set(WARNING_CODES)
    for code, template in core_text._WARNINGS.items():
        assert QCoreApplication.translate("CoreText", template) != template, code


def _real_errors(tmp_path: Path) -> list[BaseException]:
    """Errors core raises for real broken inputs and refused outputs."""
    found: list[BaseException] = []
    junk = tmp_path / "corrupt.jpg"
    junk.write_bytes(b"this is not a jpeg")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    cut = tmp_path / "cut.png"
    Image.effect_noise((64, 64), 50).convert("RGB").save(cut)
    cut.write_bytes(cut.read_bytes()[:400])
    for path in (junk, empty, cut, tmp_path / "gone.png"):
        with pytest.raises(ImageError) as info:
            load_rgb(path)
        found.append(info.value)
    legacy = tmp_path / "old.h5"
    legacy.write_bytes(b"\x89HDF")
    no_card = tmp_path / "folder"
    no_card.mkdir()
    bad_card = tmp_path / "badcard"
    bad_card.mkdir()
    (bad_card / "model.json").write_text("{broken", encoding="utf-8")
    for path in (tmp_path / "nowhere", legacy, no_card, bad_card):
        with pytest.raises(BundleError) as info:
            load_bundle(path)
        found.append(info.value)
    with pytest.raises(OutputRefused) as info:
        guard_output_file(junk, inputs=[junk], what="results file")
    found.append(info.value)
    with pytest.raises(OutputRefused) as info:
        guard_output_dir(no_card / "out", data_roots=[no_card], what="model folder")
    found.append(info.value)
    with pytest.raises(InputRefused) as info:
        read_input_bytes(tmp_path / "none.json", 100, "corrections file")
    found.append(info.value)
    return found


def test_real_errors_read_as_core_in_english(qapp, tmp_path: Path) -> None:
    i18n.install_translator(qapp, "en")
    for exc in _real_errors(tmp_path):
        assert error_text(exc) == str(exc), exc.code  # type: ignore[attr-defined]


def test_real_errors_read_in_spanish(spanish, tmp_path: Path) -> None:
    errors = _real_errors(tmp_path)
    texts = [error_text(e) for e in errors]
    for exc, text in zip(errors, texts):
        assert text != str(exc), exc.code  # type: ignore[attr-defined]
    corrupt, empty, cut, gone, nowhere, legacy, no_card, bad_card, is_input, inside, no_file = texts
    assert corrupt.endswith("corrupt.jpg: no es una imagen legible (formato desconocido o dañado)")
    assert empty.endswith(": archivo vacío (0 bytes)") and gone.endswith(": no se encuentra el archivo")
    assert cut.endswith(": archivo de imagen truncado (incompleto)")
    assert nowhere.endswith(": no se encuentra la carpeta del modelo")
    assert "se rechazan los archivos de modelo antiguos .h5" in legacy
    assert no_card.endswith(": no es una carpeta de modelo (falta model.json)")
    assert ": la ficha del modelo no se puede leer (" in bad_card
    assert is_input.endswith(": el archivo de resultados es una de las entradas; elija otro nombre")
    assert "la carpeta del modelo no puede estar dentro de la carpeta de datos" in inside
    assert no_file.endswith(": no se encuentra el archivo de correcciones")


def test_a_wrapped_refusal_is_still_translated(spanish, tmp_path: Path) -> None:
    from core.data.scan import DatasetError

    try:
        try:
            guard_output_dir(tmp_path / "in", data_roots=[tmp_path])
        except OutputRefused as exc:
            raise DatasetError(str(exc)) from None  # as balance() passes it on
    except DatasetError as wrapped:
        assert "la carpeta de salida no puede estar dentro de la carpeta de datos" in error_text(wrapped)
    assert error_text(ValueError("something else")) == "something else"


# -- where the interface shows them ---------------------------------------------------------

def _corrupt_row(qtbot, open_tab, context: AppContext, tmp_path: Path) -> tuple[ClassifyTab, list[str]]:
    tab = open_tab(ClassifyTab, context, (1200, 700))
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"this is not a jpeg")
    drop(tab, [bad])
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=30000)
    return tab, tab.table.row_texts(0)


def test_classify_shows_a_corrupt_file_in_spanish(qtbot, open_tab, context: AppContext,
                                                  tmp_path: Path, spanish) -> None:
    tab, row = _corrupt_row(qtbot, open_tab, context, tmp_path)
    assert row[-1] == "no es una imagen legible (formato desconocido o dañado)"
    assert tab.status.text() == "broken.jpg: no es una imagen legible (formato desconocido o dañado)"
    assert tab.result.prediction_view.detail_label.text() == row[-1]


def test_classify_shows_a_corrupt_file_in_core_words_in_english(qtbot, open_tab, context: AppContext,
                                                                tmp_path: Path) -> None:
    tab, row = _corrupt_row(qtbot, open_tab, context, tmp_path)
    assert row[-1] == "not a readable image (unknown or corrupt format)"
    assert tab.status.text() == "broken.jpg: not a readable image (unknown or corrupt format)"


def test_a_refused_export_reads_in_spanish(qtbot, open_tab, context: AppContext, tmp_path: Path,
                                           tiny_dataset: Path, monkeypatch, spanish) -> None:
    tab = open_tab(ClassifyTab, context, (1200, 700))
    drop(tab, [sorted((tiny_dataset / "Pre").glob("*.jpg"))[0]])
    target = tmp_path / "results.csv"
    target.mkdir()  # a folder where the file would go: refused, nothing touched
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tab.export_button.click()
    assert tab.status.text() == (f"No escrito: {target}: el archivo de resultados ya existe y no "
                                 "es un archivo normal")
    assert target.is_dir() and not any(target.iterdir())


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_scan_lists_unreadable_files_in_the_interface_language(qtbot, open_tab, qapp, tmp_path: Path,
                                                                 tiny_dataset: Path, monkeypatch,
                                                                 language: str) -> None:
    from leukemia_gui.tabs.dataset_tab import DatasetTab
    from tests.gui.conftest import isolated_context

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    (tiny_dataset / "Pro" / "broken.jpg").write_bytes(b"not really a jpeg")
    (tiny_dataset / "Pre" / "notes.txt").write_text("a note", encoding="utf-8")
    i18n.install_translator(qapp, language)
    try:
        tab = open_tab(DatasetTab, isolated_context(tmp_path))
        with qtbot.waitSignal(tab.folder_scanned, timeout=60_000):
            tab.load_folder(tiny_dataset)
        qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
        lines = sorted(tab.bad_list.item(i).text() for i in range(tab.bad_list.count()))
        assert tab.overview is not None
        core = sorted(f"{p} — {r}" for p, r in tab.overview.scan.bad_files)
        if language == "en":
            assert lines == core
        else:
            assert lines == sorted([
                f"{tiny_dataset / 'Pre' / 'notes.txt'} — no es un archivo de imagen (extensión)",
                f"{tiny_dataset / 'Pro' / 'broken.jpg'} — no es una imagen legible (formato "
                "desconocido o dañado)"])
    finally:
        i18n.install_translator(qapp, "en")


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_bad_model_folder_reads_in_the_interface_language(qapp, open_window, tmp_path: Path,
                                                            monkeypatch, language: str) -> None:
    i18n.install_translator(qapp, language)
    try:
        win = open_window()
        shown: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
        bad = tmp_path / "not_a_model"
        bad.mkdir()
        assert not win.open_model(bad)
        core = f"{bad}: not a model folder (model.json is missing)"
        expected = (f"{bad}: no es una carpeta de modelo (falta model.json)" if language == "es"
                    else core)
        assert shown and shown[-1].endswith("\n\n" + expected)
    finally:
        i18n.install_translator(qapp, "en")


def _metrics(acc: float, n: int) -> dict:
    per = n // 4
    return {"n": n, "accuracy": acc, "per_class": {c: {"support": per} for c in
                                                   ("Benign", "Early", "Pre", "Pro")}}


def _continued_card() -> dict:
    return {"parent": {"id": "p"}, "continued": {
        "reference": {"n": 40, "independent": True, "note": "Hospital A, 2024",
                      "parent": _metrics(0.9, 40), "model": _metrics(0.85, 40)},
        "new_lab": {"parent": _metrics(0.5, 8), "model": _metrics(0.75, 8)}}}


def _warnings() -> list[CompareWarning]:
    """Compare's warnings as compare_models words them, from its own functions."""
    from core.evaluation.metrics import accuracy_text
    from core.evaluation.reference import activation_block, side_by_side

    card, a, b = _continued_card(), _metrics(0.5, 8), _metrics(0.625, 8)
    return [
        CompareWarning("only 7 images were read by both models; the test uses those",
                       "compare.partly_read", {"n": 7}),
        CompareWarning("3 of the 8 images were in model B's training data; its figures are "
                       "optimistic", "compare.seen_in_training", {"seen": 3, "total": 8, "model": "B"}),
        CompareWarning("model B was continued from another model; " + "; ".join(side_by_side(card)),
                       "compare.continued", {"model": "B", "card": card}),
        CompareWarning(f"making model B active needs an override: {activation_block(card)}",
                       "compare.needs_override", {"model": "B", "card": card}),
        CompareWarning("too few images to estimate either model's accuracy: "
                       f"A {accuracy_text(a, 'accuracy')}; B {accuracy_text(b, 'accuracy')}",
                       "compare.too_few", {"a": a, "b": b}),
    ]


def test_compare_warnings_read_as_core_in_english(qapp) -> None:
    i18n.install_translator(qapp, "en")
    warnings = _warnings()
    assert {w.code for w in warnings} == set(WARNING_CODES)
    for w in warnings:
        assert core_text.comparison_warning(w) == str(w), w.code


def test_compare_warnings_read_fully_in_spanish(spanish) -> None:
    texts = [core_text.comparison_warning(w) for w in _warnings()]
    partly, seen, continued, override, too_few = texts
    assert partly == "solo 7 imágenes fueron leídas por ambos modelos; la prueba usa esas"
    assert seen == ("3 de las 8 imágenes estaban en los datos de entrenamiento del modelo B; sus "
                    "cifras son optimistas")
    assert "referencia (independiente): modelo padre 90,0 % (36 de 40, IC 95 %" in continued
    assert "cambio en la referencia: -5,0 puntos (más de 1: activarlo requiere una excepción)" in continued
    assert "parte reservada del nuevo laboratorio: modelo padre 50,0 % (4 de 8" in continued
    assert ("demasiado pequeña para estimarla (8 imagen(es), menos de 30; menos de 5 de Benign, "
            "Early, Pre, Pro)") in continued
    assert continued.startswith("el modelo B se continuó a partir de otro modelo; ")
    assert "pierde 5,0 puntos en la referencia de su origen (más de 1): 90,0% antes, 85,0% después" in override
    assert too_few.startswith("demasiado pocas imágenes para estimar la exactitud de ninguno de los "
                              "modelos: A exactitud 50,0 % (4 de 8, IC 95 % ")
    for text in texts:  # no English word of core's left
        for word in ("images", "model's", "reference", "points", "accuracy", "fewer", "parent",
                     "held-out", "too small", "override"):
            assert word not in text, (word, text)


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_refused_parent_reads_in_the_interface_language(qapp, open_tab, context: AppContext,
                                                          tiny_model: Path, tmp_path: Path,
                                                          monkeypatch, language: str) -> None:
    import json
    import shutil

    from core.model.bundle import stamp_card
    from leukemia_gui.tabs.train_tab import TrainTab

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    forged = tmp_path / "other-recipe"
    shutil.copytree(tiny_model, forged)
    card = json.loads((forged / "model.json").read_text())
    card["architecture"] = "resnet50"  # usable for prediction, not trainable by this app
    (forged / "model.json").write_text(json.dumps(stamp_card(card)))
    i18n.install_translator(qapp, language)
    try:
        tab = open_tab(TrainTab, context)
        tab.context.set_model(forged)
        tab.settings.set_continue(True)
        core = f"{forged}: parent architecture 'resnet50' cannot be fine-tuned here"
        expected = (f"{forged}: la arquitectura del modelo padre 'resnet50' no se puede ajustar aquí"
                    if language == "es" else core)
        assert tab.settings.parent_note.text().endswith(expected)
    finally:
        i18n.install_translator(qapp, "en")


def test_training_over_the_shipped_model_is_refused_in_spanish(qapp, open_tab, context: AppContext,
                                                               tiny_dataset: Path, tmp_path: Path,
                                                               monkeypatch, spanish) -> None:
    from core.model.bundle import default_model_dir
    from leukemia_gui.tabs.train_tab import TrainTab

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    tab = open_tab(TrainTab, context)
    shown: list[str] = []
    monkeypatch.setattr("leukemia_gui.tabs.train_tab.QMessageBox.warning",
                        lambda *args: shown.append(args[2]))
    tab.settings.set_data(tiny_dataset)
    tab.settings.set_output_dir(default_model_dir())
    assert tab.start() is False and not tab.is_busy()
    assert len(shown) == 1
    assert (f"{default_model_dir()}: el modelo nuevo no puede reemplazar ni contener "
            f"{default_model_dir()}; elija otra carpeta") in shown[0]


def test_a_task_failing_on_a_refused_output_says_why_in_spanish(spanish, tmp_path: Path) -> None:
    from leukemia_gui.worker import describe_error

    with pytest.raises(OutputRefused) as info:
        guard_output_dir(tmp_path / "copy", data_roots=[tmp_path], what="corrected copy folder")
    assert describe_error(info.value) == (f"{tmp_path / 'copy'}: la carpeta de la copia corregida no "
                                          f"puede estar dentro de la carpeta de datos {tmp_path}")
    assert describe_error(RuntimeError("")) == "RuntimeError"
