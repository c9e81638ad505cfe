"""ReviewTab: the queue driven by keys, each key saving the corrections CSV; filters; handover
from Evaluate and Classify; unreadable images; the corrections file's location."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from core.classes import CLASSES
from core.inference.flags import Flag
from core.inference.result import Prediction
from core.evaluation.review import build_queue
from leukemia_gui.context import AppContext
from leukemia_gui.review_hub import (CLASSIFICATION, EVALUATION, ReviewHub, ReviewSource,
                                     classification_source)
from leukemia_gui.tabs.review_tab import ReviewTab

K = Qt.Key
OOD = "image unlike the training data (colour/brightness)"


def probs(label: str, p: float) -> dict[str, float]:
    rest = (1 - p) / 3
    return {c: (p if c == label else rest) for c in CLASSES}


def pred(data: Path, true: str, n: int, label: str, conf: float, uncertain: bool = False,
         reason: str = "") -> dict:
    return {"path": str(data / true / f"WBC-{true}-{n:03d}.jpg"), "true": true, "label": label,
            "confidence": conf, "probabilities": probs(label, conf), "uncertain": uncertain,
            "reason": reason}


def evaluation(data: Path, model: Path | None = None) -> ReviewSource:
    """Four images need a look, in this order: an OOD one, a low-confidence one, then two
    confident mistakes (most confident first); one confident, correct image comes last."""
    preds = (
        pred(data, "Early", 1, "Pro", 0.80),
        pred(data, "Pre", 1, "Early", 0.45, True, "low confidence (45%)"),
        pred(data, "Early", 2, "Early", 0.99),
        pred(data, "Benign", 1, "Benign", 0.60, True, OOD),
        pred(data, "Pro", 1, "Pre", 0.95),
    )
    return ReviewSource(EVALUATION, "evaluation of a test model", preds, {}, model, model is not None)


def rows(path: Path) -> dict[str, tuple[str, str]]:
    """The corrections CSV as {file name: (recorded_label, corrected_label)}."""
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as fh:
        return {Path(r["path"]).name: (r["recorded_label"], r["corrected_label"]) for r in csv.DictReader(fh)}


def activate(qtbot, widget: QWidget) -> None:
    """Shortcuts only fire in the active window."""
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())


@pytest.fixture
def corrections(tmp_path: Path, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))  # never the user's folder
    path = tmp_path / "review" / "corrections.csv"
    ReviewHub.of(context).set_corrections_path(path)
    return path


@pytest.fixture
def review(qtbot, open_tab, context: AppContext, corrections: Path) -> ReviewTab:
    tab = open_tab(ReviewTab, context, (1200, 700))
    activate(qtbot, tab)
    return tab


def names(tab: ReviewTab) -> list[str]:
    return [Path(it.path).name for it in tab.shown]


def current(tab: ReviewTab) -> str:
    return Path(tab.current_item().path).name


def test_keys_move_and_every_mark_is_saved_at_once(review: ReviewTab, context: AppContext,
                                                   tiny_dataset: Path, corrections: Path) -> None:
    ReviewHub.of(context).request_review(evaluation(tiny_dataset))
    assert names(review) == ["WBC-Benign-001.jpg", "WBC-Pre-001.jpg", "WBC-Pro-001.jpg", "WBC-Early-001.jpg"]
    assert [it.rank for it in review.shown] == [1, 2, 3, 4]
    assert current(review) == "WBC-Benign-001.jpg" and not corrections.exists()
    lst = review.list

    QTest.keyClick(lst, K.Key_2)  # Early; then on to the next image
    assert rows(corrections) == {"WBC-Benign-001.jpg": ("Benign", "Early")}
    assert current(review) == "WBC-Pre-001.jpg"
    assert "✓ Early" in lst.item(0).text() and "✓" not in lst.item(1).text()

    QTest.keyClick(lst, K.Key_U)
    assert rows(corrections)["WBC-Pre-001.jpg"] == ("Pre", "unsure") and len(rows(corrections)) == 2
    QTest.keyClick(lst, K.Key_X)
    assert rows(corrections)["WBC-Pro-001.jpg"] == ("Pro", "exclude") and len(rows(corrections)) == 3
    assert current(review) == "WBC-Early-001.jpg"

    QTest.keyClick(lst, K.Key_Left)
    assert current(review) == "WBC-Pro-001.jpg"
    assert review.keys.buttons["exclude"].isChecked()
    QTest.keyClick(lst, K.Key_Backspace)  # clear this image's correction, stay here
    assert "WBC-Pro-001.jpg" not in rows(corrections) and len(rows(corrections)) == 2
    assert current(review) == "WBC-Pro-001.jpg" and not review.keys.buttons["exclude"].isChecked()

    QTest.keyClick(lst, K.Key_Down)
    QTest.keyClick(lst, K.Key_4)  # the last image: marking it stays there
    assert rows(corrections)["WBC-Early-001.jpg"] == ("Early", "Pro")
    assert current(review) == "WBC-Early-001.jpg"
    QTest.keyClick(lst, K.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the last mark
    assert "WBC-Early-001.jpg" not in rows(corrections)
    QTest.keyClick(lst, K.Key_Delete)  # Delete: not a usable field
    assert rows(corrections)["WBC-Early-001.jpg"] == ("Early", "exclude")

    QTest.keyClick(lst, K.Key_Home)
    assert current(review) == "WBC-Benign-001.jpg"
    QTest.keyClick(lst, K.Key_1)  # a second mark replaces the first
    assert rows(corrections)["WBC-Benign-001.jpg"] == ("Benign", "Benign")
    assert rows(corrections) == {"WBC-Benign-001.jpg": ("Benign", "Benign"),
                                 "WBC-Pre-001.jpg": ("Pre", "unsure"),
                                 "WBC-Early-001.jpg": ("Early", "exclude")}
    assert "4 in queue · 3 marked" in review.count_label.text()
    assert str(corrections) in review.file_label.text() and "3 marked" in review.file_label.text()


def test_keys_work_from_the_filters_and_without_advancing(review: ReviewTab, context: AppContext,
                                                          tiny_dataset: Path, corrections: Path) -> None:
    review.load(evaluation(tiny_dataset))
    review.advance_check.setChecked(False)
    review.class_combo.setFocus()
    QTest.keyClick(review.class_combo, K.Key_3)  # a digit goes to the queue, not the combo box
    assert rows(corrections) == {"WBC-Benign-001.jpg": ("Benign", "Pre")}
    assert review.class_combo.currentIndex() == 0 and current(review) == "WBC-Benign-001.jpg"
    QTest.keyClick(review.class_combo, K.Key_Right)
    assert current(review) == "WBC-Pre-001.jpg"
    assert context.settings.value("review/advance", type=bool) is False


def test_unlabelled_images_record_the_prediction(review: ReviewTab, context: AppContext,
                                                 tiny_dataset: Path, tmp_path: Path,
                                                 corrections: Path) -> None:
    loose = tmp_path / "unsorted"
    loose.mkdir()
    shutil.copy(tiny_dataset / "Pro" / "WBC-Pro-002.jpg", loose / "field.jpg")
    preds = [Prediction(str(loose / "field.jpg"), "Pre", probs("Pre", 0.4), 0.4, True, (Flag.LOW_CONFIDENCE,)),
             Prediction(str(tiny_dataset / "Pro" / "WBC-Pro-003.jpg"), "Early", probs("Early", 0.9), 0.9, False),
             Prediction(str(tiny_dataset / "Pro" / "WBC-Pro-004.jpg"), "Pro", probs("Pro", 0.9), 0.9, False),
             Prediction(None, "Pre", probs("Pre", 0.4), 0.4, True, (Flag.LOW_CONFIDENCE,))]  # pasted
    source = classification_source(preds, None, False)
    assert source.labels == {preds[1].path: "Pro", preds[2].path: "Pro"}
    ReviewHub.of(context).request_review(source)
    assert names(review) == ["field.jpg", "WBC-Pro-003.jpg"]  # uncertain, then the disagreement
    assert "no label" in review.header.text()
    QTest.keyClick(review.list, K.Key_1)
    QTest.keyClick(review.list, K.Key_3)
    assert rows(corrections) == {"field.jpg": ("Pre", "Benign"), "WBC-Pro-003.jpg": ("Pro", "Pre")}
    assert not review.result.heatmap_check.isEnabled()  # no model named: no heatmap offered


def test_filters_keep_ranks_and_keys_act_on_what_is_shown(review: ReviewTab, tiny_dataset: Path,
                                                          corrections: Path) -> None:
    review.load(evaluation(tiny_dataset))
    review.class_combo.setCurrentIndex(review.class_combo.findData("Pro"))
    assert names(review) == ["WBC-Pro-001.jpg", "WBC-Early-001.jpg"]  # labelled or predicted Pro
    assert [it.rank for it in review.shown] == [3, 4]
    assert review.list.item(0).text().startswith("3. WBC-Pro-001.jpg")
    assert "2 shown of 4 in queue" in review.count_label.text()
    QTest.keyClick(review.list, K.Key_3)
    assert rows(corrections) == {"WBC-Pro-001.jpg": ("Pro", "Pre")}
    assert current(review) == "WBC-Early-001.jpg"

    review.class_combo.setCurrentIndex(0)
    assert current(review) == "WBC-Early-001.jpg"  # the filter change keeps the current image
    review.reason_combo.setCurrentIndex(review.reason_combo.findData("ood"))
    assert names(review) == ["WBC-Benign-001.jpg"]
    review.reason_combo.setCurrentIndex(review.reason_combo.findData("misclassified"))
    assert names(review) == ["WBC-Pre-001.jpg", "WBC-Pro-001.jpg", "WBC-Early-001.jpg"]
    review.reason_combo.setCurrentIndex(review.reason_combo.findData("small_margin"))
    assert names(review) == [] and "Nothing here needs a look" in review.header.text()
    QTest.keyClick(review.list, K.Key_2)  # nothing shown: nothing marked
    assert len(rows(corrections)) == 1

    review.reason_combo.setCurrentIndex(0)
    review.rest_check.setChecked(True)
    assert names(review)[-1] == "WBC-Early-002.jpg" and len(review.shown) == 5
    QTest.keyClick(review.list, K.Key_End)
    assert "#5" in review.header.text() and "confident, agrees with the label" in review.header.text()


def test_missing_and_corrupt_images_show_a_message(review: ReviewTab, tiny_dataset: Path,
                                                   tmp_path: Path, corrections: Path) -> None:
    bad = tmp_path / "bad" / "Pre"
    bad.mkdir(parents=True)
    (bad / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    gone = str(tmp_path / "gone" / "Pre" / "missing.jpg")
    preds = (dict(pred(tiny_dataset, "Pre", 1, "Early", 0.3, True, (Flag.LOW_CONFIDENCE,)), path=gone),
             dict(pred(tiny_dataset, "Pre", 1, "Early", 0.4, True, (Flag.LOW_CONFIDENCE,)),
                  path=str(bad / "broken.jpg")),
             pred(tiny_dataset, "Pre", 2, "Early", 0.5, True, "low confidence (50%)"))
    review.load(ReviewSource(EVALUATION, "broken things", preds))
    assert names(review) == ["missing.jpg", "broken.jpg", "WBC-Pre-002.jpg"]
    assert review.result.image() is None
    assert "file not found" in review.status.text()
    assert "file not found" in review.result.image_view._placeholder
    QTest.keyClick(review.list, K.Key_X)  # the file is gone: nothing to record, say so
    assert not corrections.exists()
    assert "Not saved" in review.status.text() and current(review) == "missing.jpg"

    QTest.keyClick(review.list, K.Key_Right)
    assert review.result.image() is None and "broken.jpg" in review.status.text()
    QTest.keyClick(review.list, K.Key_X)  # unreadable but present: can be left out
    assert rows(corrections) == {"broken.jpg": ("Pre", "exclude")}
    assert current(review) == "WBC-Pre-002.jpg" and review.result.image() is not None


def test_heatmap_key_overlays_the_models_class_map(review: ReviewTab, tiny_dataset: Path,
                                                   tiny_model: Path) -> None:
    review.load(evaluation(tiny_dataset, tiny_model))
    assert not review.result.image_view.has_overlay()
    QTest.keyClick(review.list, K.Key_H)
    assert review.result.image_view.has_overlay()
    QTest.keyClick(review.list, K.Key_Right)  # stays on for the next image
    assert review.result.image_view.has_overlay()
    QTest.keyClick(review.list, K.Key_H)
    assert not review.result.image_view.has_overlay()


def test_corrections_file_can_be_changed(review: ReviewTab, context: AppContext, tiny_dataset: Path,
                                         tmp_path: Path, corrections: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    review.load(evaluation(tiny_dataset))
    other = tmp_path / "elsewhere" / "mine.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(other), ""))
    review.change_file_button.click()
    assert str(other) in review.file_label.text()
    assert context.settings.value("corrections/path") == str(other)
    QTest.keyClick(review.list, K.Key_4)
    assert rows(other) == {"WBC-Benign-001.jpg": ("Benign", "Pro")} and not corrections.exists()

    not_ours = tmp_path / "table.csv"
    not_ours.write_text("a,b\n1,2\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(not_ours), ""))
    review.change_file_button.click()
    assert "Not a corrections file" in review.status.text()
    assert ReviewHub.of(context).corrections_path == other
    assert not_ours.read_text(encoding="utf-8") == "a,b\n1,2\n"


def test_a_file_edited_elsewhere_is_read_again(review: ReviewTab, context: AppContext,
                                               tiny_dataset: Path, corrections: Path) -> None:
    review.load(evaluation(tiny_dataset))
    QTest.keyClick(review.list, K.Key_2)
    text = corrections.read_text(encoding="utf-8").replace(",Early,", ",Pro,")
    corrections.write_text(text + "\n", encoding="utf-8")  # e.g. fixed in a spreadsheet
    QTest.keyClick(review.list, K.Key_U)  # saving the next mark keeps that edit
    assert rows(corrections) == {"WBC-Benign-001.jpg": ("Benign", "Pro"), "WBC-Pre-001.jpg": ("Pre", "unsure")}


def test_latest_results_load_and_the_default_file_is_in_the_data_folder(
        qtbot, open_tab, context: AppContext, tiny_dataset: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    hub = ReviewHub.of(context)
    hub.publish(evaluation(tiny_dataset))
    tab = open_tab(ReviewTab, context)
    assert tab.source.kind == EVALUATION and len(tab.shown) == 4  # picked up at once
    assert hub.corrections_path == tmp_path / "userdata" / "corrections.csv"
    assert str(hub.corrections_path) in tab.file_label.text()
    assert tab.evaluation_button.isEnabled() and not tab.classification_button.isEnabled()
    later = classification_source([Prediction(str(tiny_dataset / "Pre" / "WBC-Pre-003.jpg"), "Pre",
                                              probs("Pre", 0.3), 0.3, True, (Flag.LOW_CONFIDENCE,))], None, False)
    hub.publish(later)
    assert tab.source.kind == EVALUATION and "Latest classification" in tab.status.text()
    tab.classification_button.click()
    assert tab.source is later and names(tab) == ["WBC-Pre-003.jpg"]


def test_evaluate_and_classify_hand_their_results_over(qtbot, open_tab, context: AppContext,
                                                       tiny_dataset: Path, corrections: Path) -> None:
    from leukemia_gui.tabs.classify_tab import ClassifyTab
    from leukemia_gui.tabs.evaluate_tab import EvaluateTab

    review = open_tab(ReviewTab, context)
    evaluate = open_tab(EvaluateTab, context)
    assert not evaluate.review_button.isEnabled()
    evaluate.set_data(tiny_dataset)
    evaluate.start_evaluation()
    qtbot.waitUntil(lambda: not evaluate.is_busy() and evaluate.result is not None, timeout=60000)
    assert review.source.kind == EVALUATION  # published when the evaluation finished
    assert evaluate.review_button.isEnabled()
    evaluate.review_button.click()
    expected = [it.path for it in build_queue(evaluate.result)]
    assert [it.path for it in review.shown] == expected
    assert review.source.model == context.bundle.path and review.source.heatmaps

    classify = open_tab(ClassifyTab, context)
    classify.add_paths([tiny_dataset / "Pre", tiny_dataset / "Pro"])
    qtbot.waitUntil(lambda: not classify.is_busy() and classify.table.rowCount() == 16, timeout=60000)
    assert ReviewHub.of(context).latest[CLASSIFICATION].predictions
    assert review.source.kind == EVALUATION  # a new result does not replace the queue under way
    classify.review_button.click()
    assert review.source.kind == CLASSIFICATION
    preds = [e[1] for e in classify.table.entries()]
    assert [it.path for it in review.queue] == [it.path for it in build_queue(
        preds, labels={p.path: Path(p.path).parent.name for p in preds})]
    assert all(it.true == Path(it.path).parent.name for it in review.queue)


def test_main_window_shows_the_review_tab_on_request(open_window, tiny_dataset: Path) -> None:
    window = open_window()
    assert window.tabs.currentWidget() is not window.review_tab
    ReviewHub.of(window.context).request_review(evaluation(tiny_dataset))
    assert window.tabs.currentWidget() is window.review_tab
    assert len(window.review_tab.shown) == 4


def test_single_drops_reach_the_review_hub_once_they_pause(qtbot, context: AppContext,
                                                           open_tab, tiny_dataset: Path) -> None:
    """One-at-a-time drops are published together after a pause, not rebuilt per drop."""
    from leukemia_gui.tabs.classify_tab import ClassifyTab

    classify = open_tab(ClassifyTab, context)
    hub = ReviewHub.of(context)
    published: list[ReviewSource] = []
    hub.results_published.connect(published.append)
    files = sorted((tiny_dataset / "Pre").iterdir())[:3]
    for path in files:
        classify.add_paths([path])
        qtbot.waitUntil(lambda: not classify.is_busy(), timeout=30000)
    qtbot.waitUntil(lambda: bool(published), timeout=5000)
    qtbot.wait(400)
    assert len(published) == 1
    assert sorted(p.path for p in published[0].predictions) == [str(p) for p in files]
