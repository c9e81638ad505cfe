"""The Train tab's log, result and curves in the interface language: built again from core's
numbers, they read as core's own words in English and have no English left in Spanish."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from core.data.corrected import apply_corrections
from core.data.corrections import CorrectionsFile
from core.data.scan import ImageItem
from core.data.split import Manifest, SplitEntry
from core.evaluation.metrics import accuracy_text, compute_metrics
from core.evaluation.reference import activation_block, side_by_side
from core.model.card import ModelCard, PartMetrics
from core.progress import Progress
from core.training.checks import preflight
from leukemia_gui import i18n
from leukemia_gui.tabs import train_text
from leukemia_gui.tabs.train_tab import TrainTab
from leukemia_gui.widgets.train_result import accuracy_line, activation_line, reference_lines

ROOT = Path(__file__).resolve().parents[2]
# core's English, which the Spanish interface must not show
CORE_WORDS = ("has only", "learnt from almost nothing", "Saved", "Test accuracy", "95% CI",
              " of 32", "reference:", "held-out", "needs an override", "Continued from",
              "relabelled", "stale", "the image changed", "correction ", "Training", "epoch(s)",
              "no images", "validation", "Warning", "split:")


@pytest.fixture(params=["en", "es"])
def language(request, qapp) -> str:
    assert i18n.install_translator(qapp, request.param)
    yield request.param
    i18n.install_translator(qapp, "en")


def _english_fragments() -> list[str]:
    """The Train tab's English source strings cut at their placeholders into pieces long enough
    to mean something, less those its Spanish keeps (``val_accuracy``)."""
    import xml.etree.ElementTree as ET

    out = set()
    for ctx in ET.parse(ROOT / "resources" / "i18n" / "leukemia_es.ts").iter("context"):
        if ctx.findtext("name") in ("TrainTab", "TrainResultWidget", "TrainCurves", "CoreText"):
            for msg in ctx.iter("message"):
                es = msg.findtext("translation") or ""
                out |= {p.strip() for p in re.split(r"\{\d\}", msg.findtext("source") or "")
                        if len(p.strip()) >= 14 and p.strip() not in es}
    return sorted(out)


def _card(parent_acc: float | None, model_acc: float | None, n: int = 40, **extra) -> dict:
    def part(acc: float | None) -> dict:
        return {} if acc is None else {"n": n, "accuracy": acc}

    ref = {"n": n, "independent": extra.pop("independent", True), "note": extra.pop("note", "")}
    if parent_acc is not None:
        ref.update(parent=part(parent_acc), model=part(model_acc))
    return {"parent": {"id": "p", "checksum": "c" * 64},
            "continued": {"reference": ref, "new_lab": extra.pop("new_lab", {})}, **extra}


CARDS = {
    "within the limit": _card(0.97, 0.965),
    "loses 2 points": _card(0.97, 0.95, independent=False, note="the parent's own test split"),
    "gains": _card(0.90, 0.95, new_lab={"parent": {"n": 12, "accuracy": 0.5}, "model": {"n": 12, "accuracy": 0.75}}),
    "no reference": {"parent": {"id": "p"}, "continued": {"reference": {
        "note": "the parent carries no reference images of its origin"}}},
    "from scratch": {},
}


@pytest.mark.parametrize("name", CARDS)
def test_reference_and_override_lines_are_cores_words_in_english(name: str) -> None:
    card = CARDS[name]
    view = ModelCard.from_dict(card)
    assert reference_lines(view) == side_by_side(card)
    assert activation_line(view) == ("making it active needs an override: " + activation_block(card)
                                     if activation_block(card) else "")


def test_accuracy_lines_are_cores_words_in_english() -> None:
    labels = [0, 1, 2, 3] * 10
    parts = [compute_metrics(labels, [[1.0 if j == (i if k % 3 else 0) else 0.0 for j in range(4)]
                                      for k, i in enumerate(labels)]),  # 40 images, some wrong
             compute_metrics([0, 1, 2, 3], [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]]),
             {"n": 50, "accuracy": 0.9}, {}]
    for part in parts:
        assert accuracy_line(PartMetrics.from_dict(part), "Test accuracy") == accuracy_text(part, "Test accuracy")


def test_reference_lines_in_spanish(qapp) -> None:
    assert i18n.install_translator(qapp, "es")
    try:
        lines = reference_lines(ModelCard.from_dict(CARDS["loses 2 points"]))
        assert lines[0] == ("referencia (NO independiente: vista por el modelo padre): modelo padre 97,0 % "
                            "(39 de 40, IC 95 % 87-100 %); este modelo 95,0 % (38 de 40, IC 95 % 83-99 %)")
        assert lines[1] == "cambio en la referencia: -2,0 puntos (más de 1: activarlo requiere una excepción)"
        assert lines[-1] == "parte reservada del nuevo laboratorio: sin imágenes de prueba"
        assert activation_line(ModelCard.from_dict(CARDS["loses 2 points"])) == (
            "activarlo requiere una excepción: pierde 2,0 puntos en la referencia de su origen (más de "
            "1): 97,0% antes, 95,0% después, n=40")
        assert reference_lines(ModelCard.from_dict(CARDS["gains"]))[1] == "cambio en la referencia: +5,0 puntos"
        assert reference_lines(ModelCard.from_dict(CARDS["no reference"]))[0] == (
            "referencia: no lleva ninguna (el modelo padre no lleva imágenes de referencia de su origen)")
    finally:
        i18n.install_translator(qapp, "en")


def _every_outcome(data: Path, tmp_path: Path) -> tuple[list, object]:
    """A real corrections report with one correction ending each way core knows."""
    items = [ImageItem(p, p.parent.name) for p in sorted(data.glob("*/*.jpg"))]
    cf = CorrectionsFile(tmp_path / "corrections.csv")
    cf.set(data / "Benign" / "WBC-Benign-001.jpg", "Benign", "Early", who="t")  # relabelled
    cf.set(data / "Benign" / "WBC-Benign-002.jpg", "Benign", "exclude", who="t", note="blurred")
    cf.set(data / "Benign" / "WBC-Benign-003.jpg", "Benign", "unsure", who="t")
    cf.set(data / "Benign" / "WBC-Benign-004.jpg", "Benign", "Benign", who="t")  # confirmed
    stale = data / "Pre" / "WBC-Pre-001.jpg"
    cf.set(stale, "Pre", "Pro", who="t")
    stale.write_bytes(stale.read_bytes() + b"\0")
    gone = data / "Pre" / "WBC-Pre-002.jpg"
    cf.set(gone, "Pre", "Pro", who="t")
    gone.unlink()  # still listed in the data: unreadable
    cf.set(data / "Pro" / "WBC-Pro-001.jpg", "Early", "Pre", who="t")  # recorded as Early: conflict
    outside = tmp_path / "elsewhere.jpg"
    shutil.copy(data / "Pro" / "WBC-Pro-002.jpg", outside)
    cf.set(outside, "Pro", "Pre", who="t")  # not in the data
    _, report = apply_corrections(items, cf)
    return items, report


def test_corrections_report_in_each_language(language: str, tiny_dataset: Path, tmp_path: Path) -> None:
    _, report = _every_outcome(tiny_dataset, tmp_path)
    assert set(report.counts) == {"relabelled", "excluded", "unsure", "confirmed", "stale", "missing",
                                  "label_conflict", "not_in_data"}
    summary = train_text.corrections_summary(report)
    lines = [train_text.outcome_line(o) for o in report.outcomes]
    if language == "en":
        assert summary == report.summary()
        assert lines == [f"  correction {o.action}: {o.path} — {o.detail}" for o in report.outcomes]
        return
    assert summary == ("1 confirmada(s), 1 excluida(s), 1 con conflicto de etiqueta, 1 ausente(s), "
                       "1 fuera de los datos, 1 reetiquetada(s), 1 obsoleta(s), 1 dudosa(s)")
    by_action = dict(zip((o.action for o in report.outcomes), lines))
    assert by_action["stale"].endswith("— la imagen cambió después de corregirla; se omitió")
    assert by_action["stale"].startswith("  corrección obsoleta: ")
    assert "— no se puede leer la imagen (" in by_action["missing"]
    assert by_action["label_conflict"].endswith(
        "— se corrigió con la etiqueta Early y ahora tiene la etiqueta Pro; se omitió")
    assert by_action["not_in_data"].endswith("— esta imagen no está en estos datos")
    assert by_action["relabelled"].endswith("— Benign -> Early")
    assert by_action["excluded"].endswith("— blurred")  # the user's note as written


def test_data_check_warnings_and_progress_in_each_language(language: str, tiny_dataset: Path) -> None:
    root = tiny_dataset
    twin = root / "Pro" / "twin-of-pre.jpg"
    shutil.copy(root / "Pre" / "WBC-Pre-001.jpg", twin)  # the same bytes under two classes
    (root / "Pre" / "copy").mkdir()
    shutil.copy(root / "Pre" / "WBC-Pre-002.jpg", root / "Pre" / "copy" / "WBC-Pre-002.jpg")
    entries = [SplitEntry(str(p.relative_to(root)), p.parent.name, "train", p.stem)
               for p in sorted(root.glob("*/*.jpg"))]
    entries += [SplitEntry("Early/not-there.jpg", "Early", "train", "x"),
                SplitEntry("Pre/copy/WBC-Pre-002.jpg", "Pre", "val", "y")]  # a training image's copy
    _, used = preflight(Manifest(root, tuple(entries), 1, (0.7, 0.15, 0.15), 3, 6))
    warnings = used["warnings"]
    assert len(warnings) >= 6  # missing, identical, 4 small classes, copies across splits
    texts = [train_text.warning_text(w) for w in warnings]
    reports = [Progress("finalise", 0, 3, "recalibrating BatchNorm on the training images"),
               Progress("finalise", 3, 3, f"saved {root}"), Progress("train", 0, 20, "loading images"),
               Progress("features", 3, 9, "reading cells: 3 of 9 fields"),
               Progress("train", 7, 20, "epoch 2/2, batch 2/10", {"epoch": 2, "batch": 2})]
    messages = [train_text.progress_message(p, 2) for p in reports]
    if language == "en":
        assert texts == warnings and messages == [p.message for p in reports]
        return
    assert texts[0].startswith("faltan 1 de las ") and texts[0].endswith("que no se usan: Early/not-there.jpg")
    assert any(t.startswith("imágenes idénticas en clases distintas: ") for t in texts)
    assert "la clase Benign solo tiene 8 imagen(es) de entrenamiento: se aprende de casi nada" in texts
    assert any(t.startswith("1 imagen(es) de validación/prueba son copias de imágenes de entrenamiento")
               for t in texts)
    assert messages == ["recalculando BatchNorm con las imágenes de entrenamiento", f"guardado en {root}",
                        "cargando imágenes", "leyendo células: 3 de 9 campos", "época 2/2, lote 2/10"]
    left = [(w, t) for t in texts + messages for w in ("image(s)", "training", "classes", "epoch", "batch")
            if w in t]
    assert not left, left


def test_train_tab_log_result_and_curves_in_each_language(
        qtbot, open_tab, context, language: str, tiny_dataset: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Continue the tiny model with a corrections file (one relabel, one stale entry): the log,
    the result box, the progress line and the plot in the interface language."""
    from tests.gui.conftest import fill_tiny_training

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    tab = open_tab(TrainTab, context, (1300, 800))
    cf = CorrectionsFile(tmp_path / "corrections.csv")
    cf.set(tiny_dataset / "Benign" / "WBC-Benign-001.jpg", "Benign", "Early", who="t")
    stale = tiny_dataset / "Pre" / "WBC-Pre-003.jpg"
    cf.set(stale, "Pre", "Pro", who="t")
    stale.write_bytes(stale.read_bytes() + b"\0")
    out = tmp_path / "child"
    fill_tiny_training(tab.settings, tiny_dataset, out, epochs=1)
    tab.settings.set_corrections(cf.path)
    tab.settings.set_continue(True)
    tab.settings.epochs_spin.setValue(1)
    shown: list[str] = []
    tab.task.label.setText = lambda text, _set=tab.task.label.setText: (shown.append(text), _set(text))[1]
    assert tab.start()
    with qtbot.waitSignal(tab.worker.succeeded, timeout=300_000):
        pass
    qtbot.waitUntil(lambda: tab.result is not None, timeout=10_000)
    log, result = tab.log.toPlainText(), tab.result_label.text()
    card, report = tab.result.card, tab.result.corrections
    titles = [ax.get_title() for ax in tab.canvas.figure.axes]
    legend = [line.get_label() for ax in tab.canvas.figure.axes for line in ax.lines]
    assert tab.grab().save(str(tmp_path / f"train_{language}.png"))
    if language == "en":  # core's own words
        assert "Warning: class Early has only 9 training image(s): it is learnt from almost nothing" in log
        assert re.search(r"Epoch 1/1: loss \d\.\d{4}, accuracy \d+\.\d %", log)
        assert f"  correction stale: {stale} — the image changed after it was corrected; skipped" in log
        val = tab.result.metrics["val"]
        assert accuracy_text(val, "Training-image (no validation part) accuracy") in result
        assert all(line in result for line in side_by_side(card))
        assert "making it active needs an override: " + activation_block(card) in result
        assert f"): {report.summary()}" in result
        assert titles == ["Accuracy", "Loss"] and "train" in legend
        assert any(t.startswith("Training: epoch 1/1, batch ") for t in shown)
        return
    assert "Aviso: la clase Early solo tiene 9 imagen(es) de entrenamiento: se aprende de casi nada" in log
    assert re.search(r"Época 1/1: pérdida \d,\d{4}, exactitud \d+,\d %", log)
    assert f"  corrección obsoleta: {stale} — la imagen cambió después de corregirla; se omitió" in log
    assert re.search(r"Exactitud en imágenes de entrenamiento \(sin parte de validación\) \d+,\d % "
                     r"\(\d+ de 32, IC 95 % \d+-\d+ %\)", result)
    assert "referencia: no lleva ninguna (el modelo padre no lleva imágenes de referencia de su origen)" in result
    assert "activarlo requiere una excepción: se continuó a partir de otro modelo" in result
    assert "1 reetiquetada(s), 1 obsoleta(s)" in result
    assert titles == ["Exactitud", "Pérdida"] and "entrenamiento" in legend
    assert any(re.fullmatch(r"modelo guardado, imágenes de entrenamiento\n\d+,\d % \(n=32\)", t)
               for t in legend)
    tab.canvas.figure.canvas.draw()
    ticks = [t.get_text() for ax in tab.canvas.figure.axes for t in ax.get_yticklabels()]
    assert any("," in t for t in ticks) and not any("." in t for t in ticks), ticks
    assert any(t.startswith("Entrenamiento: época 1/1, lote ") for t in shown)
    texts = [log, result, *titles, *legend, *shown, tab.task.label.text()]
    left = [(w, t) for t in texts for w in CORE_WORDS + tuple(_english_fragments()) if w in t]
    assert not left, left


def test_progress_lines_of_cells_training_and_export_in_each_language(
        open_tab, language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.gui.conftest import isolated_context

    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    tab = open_tab(TrainTab, isolated_context(tmp_path))
    tab.view.report(Progress("features", 3, 9, "reading cells: 3 of 9 fields"))
    cells = tab.task.label.text()
    tab.exporter._on_progress(Progress("export", 2, 8, "WBC-Pro-001.jpg"))
    export = tab.task.label.text()
    assert tab.task.bar.value() == 2 and tab.task.bar.maximum() == 8
    if language == "en":
        assert (cells, export) == ("Cell features: reading cells: 3 of 9 fields",
                                   "Writing the corrected copy: 2 of 8 — WBC-Pro-001.jpg")
    else:
        assert (cells, export) == ("Rasgos de las células: leyendo células: 3 de 9 campos",
                                   "Escribiendo la copia corregida: 2 de 8 — WBC-Pro-001.jpg")
