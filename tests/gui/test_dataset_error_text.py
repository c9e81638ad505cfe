"""A dataset, manifest or corrections file that cannot be used: core's DatasetError and
CorrectionsError carry a code and values with their English sentence (also where core raises
them with a message only), and the interface words them in its language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core.data.balance import balance
from core.data.corrections import CORRECTIONS_ERROR_TEXTS, CorrectionsError, CorrectionsFile
from core.data.scan import DATASET_ERROR_TEXTS, DatasetError, scan
from core.data.split import split_dataset
from leukemia_gui import i18n
from leukemia_gui.error_text import TEXTS, error_text

HEADER = "path,sha256,recorded_label,corrected_label,who,when,note\n"


@pytest.fixture
def spanish(qapp):
    assert i18n.install_translator(qapp, "es")
    yield
    i18n.install_translator(qapp, "en")


def _sample(template: str) -> dict[str, str]:
    import string

    return {name: f"<{name}>" for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("kind,texts", [(DatasetError, DATASET_ERROR_TEXTS),
                                        (CorrectionsError, CORRECTIONS_ERROR_TEXTS)])
def test_a_message_alone_takes_its_code_back(kind: type[DatasetError], texts: dict[str, str]) -> None:
    for code, template in texts.items():
        params = _sample(template)
        made = kind.of(code, **params)
        assert str(made) == template.format(**params) and made.code == code
        again = kind(str(made))  # as a raise site that gives only the sentence
        assert (again.code, again.params) == (code, params), code
        assert str(TEXTS[code]) == template, f"{code}: the interface's English differs from core's"
    assert kind("something core never says").code is None


def test_codes_survive_a_copy_and_a_pickle() -> None:
    import copy
    import pickle

    exc = DatasetError.of("dataset.target_range", target=0, limit=5000)
    for twin in (copy.copy(exc), pickle.loads(pickle.dumps(exc))):
        assert (str(twin), twin.code, twin.params) == (str(exc), exc.code, exc.params)


def _image(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8), (200, 100, 150)).save(path)
    return path


def _real_errors(tmp_path: Path) -> list[DatasetError]:
    """What core raises for real unusable folders, settings and corrections files."""
    found: list[DatasetError] = []
    (tmp_path / "no_classes" / "misc").mkdir(parents=True)
    _image(tmp_path / "data" / "Pre" / "a.png")
    bad_label = tmp_path / "bad_label.csv"
    bad_label.write_text(HEADER + "a,b,Pre,bogus,,,\n", encoding="utf-8")
    short_row = tmp_path / "short_row.csv"
    short_row.write_text(HEADER + "a,b,Pre\n", encoding="utf-8")
    not_corrections = tmp_path / "other.csv"
    not_corrections.write_text("name,value\n", encoding="utf-8")
    calls = [lambda: scan(tmp_path / "missing"), lambda: scan(tmp_path / "no_classes"),
             lambda: split_dataset(scan(tmp_path / "data"), fractions=(0.5, 0.6, 0.1)),
             lambda: balance(tmp_path / "data", tmp_path / "balanced", target=0),
             lambda: CorrectionsFile.load(bad_label), lambda: CorrectionsFile.load(short_row),
             lambda: CorrectionsFile.load(not_corrections),
             lambda: CorrectionsFile(tmp_path / "c.csv").set(tmp_path / "gone.png", "Pre", "Pro")]
    for call in calls:
        with pytest.raises(DatasetError) as info:
            call()
        found.append(info.value)
    return found


def test_real_errors_carry_codes_and_read_as_core_in_english(qapp, tmp_path: Path) -> None:
    i18n.install_translator(qapp, "en")
    errors = _real_errors(tmp_path)
    assert [e.code for e in errors] == [
        "dataset.not_found", "dataset.no_class_folders", "dataset.split_fractions", "dataset.target_range",
        "corrections.bad_line", "corrections.field_count", "corrections.not_corrections",
        "corrections.image_not_found"]
    for exc in errors:
        assert error_text(exc) == str(exc), exc.code
    assert str(errors[1]) == (f"{tmp_path / 'no_classes'}: no class folders found (expected subfolders "
                              "named Benign, Early, Pre, Pro)")


def test_real_errors_read_in_spanish(spanish, tmp_path: Path) -> None:
    texts = [error_text(e) for e in _real_errors(tmp_path)]
    missing, no_classes, fractions, target, bad_label, short_row, other, gone = texts
    assert missing == f"{tmp_path / 'missing'}: no se encuentra la carpeta"
    assert no_classes == (f"{tmp_path / 'no_classes'}: no hay carpetas de clase (se esperan subcarpetas "
                          "llamadas Benign, Early, Pre, Pro)")
    assert fractions == "las fracciones de la partición deben ser no negativas y sumar 1; se recibió (0.5, 0.6, 0.1)"
    assert target == "el objetivo 0 está fuera de rango: se permite de 1 a 100000"
    # the line's own reason in Spanish too
    assert bad_label == (f"{tmp_path / 'bad_label.csv'}, línea 2: etiqueta desconocida 'bogus'; elija "
                         "entre Benign, Early, Pre, Pro, exclude, unsure")
    assert short_row == f"{tmp_path / 'short_row.csv'}, línea 2: se esperaban 7 campos, hay 3"
    assert other.startswith(f"{tmp_path / 'other.csv'}: no es un archivo de correcciones")
    assert gone == f"{tmp_path / 'gone.png'}: no se encuentra la imagen"


def test_compares_refusal_reads_in_spanish(spanish) -> None:
    # core.evaluation.compare raises it with its sentence only
    assert error_text(DatasetError("no image could be evaluated by both models")) == (
        "ninguna imagen pudo ser evaluada por ambos modelos")


def test_the_review_tabs_corrections_bar_says_why_in_spanish(spanish, qtbot, tmp_path: Path,
                                                            monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from leukemia_gui.review_hub import SETTINGS_KEY, ReviewHub
    from leukemia_gui.widgets.corrections_file_bar import CorrectionsFileBar
    from tests.gui.conftest import isolated_context

    broken = tmp_path / "broken.csv"
    broken.write_text(HEADER + "a,b,Pre\n", encoding="utf-8")
    context = isolated_context(tmp_path)
    context.settings.setValue(SETTINGS_KEY, str(broken))
    bar = CorrectionsFileBar(ReviewHub.of(context))
    qtbot.addWidget(bar)
    bar.refresh()
    assert bar.file_label.text().endswith(f"{broken}, línea 2: se esperaban 7 campos, hay 3)")
    other = tmp_path / "other.csv"
    other.write_text("name,value\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(other), ""))
    shown: list[str] = []
    bar.message.connect(shown.append)
    bar.change_file_button.click()
    assert shown and shown[-1].endswith(f"{other}: no es un archivo de correcciones (se esperan las "
                                        "columnas path, sha256, recorded_label, corrected_label, who, when, "
                                        "note)")


def test_the_dataset_tab_says_why_a_folder_cannot_be_used_in_spanish(spanish, qtbot, open_tab,
                                                                     tmp_path: Path, monkeypatch) -> None:
    from leukemia_gui.tabs.dataset_tab import DatasetTab
    from tests.gui.conftest import isolated_context

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    folder = tmp_path / "holiday photos"
    (folder / "misc").mkdir(parents=True)
    tab = open_tab(DatasetTab, isolated_context(tmp_path))
    tab.load_folder(folder)
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=30_000)
    assert tab.task.label.text() == (f"{folder}: no hay carpetas de clase (se esperan subcarpetas llamadas "
                                     "Benign, Early, Pre, Pro)")


@pytest.mark.parametrize("name,expected", [("gone.csv", "{0}: no se encuentra el archivo de correcciones"),
                                           ("short.csv", "{0}, línea 2: se esperaban 7 campos, hay 3")])
def test_train_refuses_an_unusable_corrections_file_in_spanish(spanish, open_tab, tmp_path: Path,
                                                               tiny_dataset: Path, monkeypatch,
                                                               name: str, expected: str) -> None:
    from leukemia_gui.tabs.train_tab import TrainTab
    from tests.gui.conftest import isolated_context

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    corrections = tmp_path / name
    if name == "short.csv":
        corrections.write_text(HEADER + "a,b,Pre\n", encoding="utf-8")
    tab = open_tab(TrainTab, isolated_context(tmp_path))
    tab.settings.set_data(tiny_dataset)
    tab.settings.set_corrections(corrections)
    shown: list[str] = []
    monkeypatch.setattr("leukemia_gui.tabs.train_tab.QMessageBox.warning", lambda *args: shown.append(args[2]))
    assert tab.start() is False and not tab.is_busy()
    assert shown == [expected.format(corrections)]
