"""Uncertainty flags: the reason sentence is made from them, readers decide from them."""

from __future__ import annotations

import pytest

from core.evaluation.review import build_queue
from core.inference.flags import Flag, describe, flags_from_text, flags_of_record
from core.inference.result import Prediction

PROBS = {"Benign": 0.05, "Early": 0.3, "Pre": 0.41, "Pro": 0.24}

# the sentences every output has always carried (CSV, JSON, the app's badge)
SENTENCES = {
    Flag.NO_CELLS: "no white cell found",
    Flag.UNLIKE_COLOUR: "image unlike the training data (colour/brightness)",
    Flag.MAGNIFICATION: "finer detail than any training image (another magnification?)",
    Flag.FOCUS: "less detail than any training image (out of focus?)",
    Flag.UNLIKE_CONTENT: "image unlike the training data (content)",
}


@pytest.mark.parametrize("flag", list(SENTENCES))
def test_each_flag_has_its_old_sentence_and_reads_back(flag: Flag) -> None:
    assert describe([flag]) == SENTENCES[flag]
    assert flags_from_text(SENTENCES[flag]) == (flag,)
    assert flag.no_result


def test_weak_flags_show_their_figures_and_join_in_order() -> None:
    pred = Prediction("a.png", "Pre", PROBS, 0.41, True, (Flag.LOW_CONFIDENCE,))
    assert pred.reason == "low confidence (41%)"
    margin = Prediction("a.png", "Pre", PROBS, 0.41, True, (Flag.SMALL_MARGIN,))
    assert margin.reason == "small margin between the top two classes (11%)"
    both = Prediction("a.png", None, PROBS, 0.41, True, (Flag.UNLIKE_COLOUR, Flag.FOCUS,
                                                          Flag.LOW_CONFIDENCE), no_result=True)
    assert both.reason == ("image unlike the training data (colour/brightness); less detail than "
                           "any training image (out of focus?); low confidence (41%)")
    assert flags_from_text(both.reason) == both.flags
    assert flags_from_text(f"no result: {both.reason}") == both.flags  # the CSV column's form
    # without probabilities (read back from a no-result record) no figure is made up
    assert Prediction("a.png", None, {}, 0.0, True, (Flag.LOW_CONFIDENCE,)).reason == "low confidence"
    assert Prediction("a.png", "Pre", PROBS, 0.41, False).reason == ""
    assert Prediction("a.png", error="truncated").reason == ""


def test_a_sentence_where_the_flags_belong_is_refused() -> None:
    with pytest.raises(TypeError, match="flags"):
        Prediction("a.png", "Pre", PROBS, 0.41, True, "low confidence (41%)")  # type: ignore[arg-type]


def test_records_read_back_to_flags_in_one_place() -> None:
    assert flags_of_record({"flags": ["ood_focus", "low_confidence", "bogus"]}) == (
        Flag.FOCUS, Flag.LOW_CONFIDENCE)
    assert flags_of_record({"reason": "no white cell found; something else"}) == (Flag.NO_CELLS,)
    assert flags_of_record({}) == ()


def test_unlike_the_training_data_filter_keeps_magnification_and_focus() -> None:
    """The Review tab's "Unlike the training data" filter ("ood") dropped images flagged for
    another magnification or focus: their sentences do not say "unlike the training data"."""
    records = [
        {"path": "tiled.png", "label": "Pro", "confidence": 0.9, "uncertain": True,
         "reason": SENTENCES[Flag.MAGNIFICATION]},
        {"path": "blurred.png", "label": "Pre", "confidence": 0.8, "uncertain": True,
         "reason": SENTENCES[Flag.FOCUS]},
        {"path": "low.png", "label": "Early", "confidence": 0.4, "uncertain": True,
         "reason": "low confidence (40%)"},
    ]
    queue = build_queue(records)
    assert [q.path for q in queue[:2]] == ["blurred.png", "tiled.png"]  # unlike the data first
    assert all(q.out_of_distribution for q in queue[:2]) and not queue[2].out_of_distribution
    assert [q.path for q in build_queue(records, reasons=["ood"])] == ["blurred.png", "tiled.png"]
    assert [q.path for q in build_queue(records, reasons=["ood_magnification"])] == ["tiled.png"]
    preds = [Prediction("tiled.png", None, PROBS, 0.41, True, (Flag.MAGNIFICATION,),
                        no_result=True, top_class="Pre"),
             Prediction("ok.png", "Pre", PROBS, 0.41, True, (Flag.LOW_CONFIDENCE,))]
    (item,) = build_queue(preds, reasons=["ood"])
    assert item.path == "tiled.png" and item.label == "Pre" and item.kinds == ("ood_magnification",)
    assert item.reason == SENTENCES[Flag.MAGNIFICATION]
