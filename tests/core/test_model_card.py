"""The model card read as a typed view: the shipped card, a card missing its optional sections,
and a continued model's reference, without changing the card itself."""

from __future__ import annotations

import json

import numpy as np

from core.evaluation.metrics import compute_metrics
from core.evaluation.reference import activation_block, reference_drop
from core.model.bundle import card_checksum, default_model_dir, load_bundle
from core.model.card import ModelCard, PartMetrics


def test_the_shipped_card_reads_whole() -> None:
    bundle = load_bundle(default_model_dir())
    raw = json.loads((default_model_dir() / "model.json").read_text(encoding="utf-8"))
    card = bundle.model_card
    assert card.id == raw["id"] and card.architecture == raw["architecture"]
    assert card.created == raw["created"] and card.app_version == raw["app_version"]
    assert card.input_shape == tuple(raw["input_shape"])
    assert dict(card.counts)["train"] == tuple(raw["dataset"]["counts"]["train"].items())
    assert card.training is not None
    assert card.training.epochs_run == raw["training"]["epochs_run"]
    assert card.training.learning_rate == raw["training"]["learning_rate"]
    assert card.training.note == raw["training"]["note"]
    bench = card.part("benchmark")
    assert bench is not None and bench.accuracy == raw["metrics"]["benchmark"]["accuracy"]
    assert bench.accuracy == bundle.test_accuracy
    assert card.parent is None and card.continued is None and card.reference_drop is None
    assert bundle.card == raw and card_checksum(bundle.card) == raw["checksum"]  # the card is untouched


def test_a_card_without_its_optional_sections() -> None:
    card = ModelCard.from_dict({"architecture": "default"})
    assert card.architecture == "default" and card.id is None and card.input_shape is None
    assert card.counts == () and card.training is None and card.metrics == ()
    assert card.part("test") is None and card.parent is None and card.continued is None
    assert card.activation_override is None and card.reference_drop is None
    assert ModelCard.from_dict({}) == ModelCard()
    odd = ModelCard.from_dict({"metrics": {"test": 3.0, "val": {}, "uncertainty": [1]},
                               "training": {"epochs": "many"}, "dataset": {"counts": None}})
    assert odd.metrics == () and odd.training is not None and odd.training.epochs is None
    assert odd.training.shown() == ()


def test_a_part_carries_its_count_and_why_it_is_too_small() -> None:
    m = compute_metrics(np.array([0, 1, 2, 3]), np.eye(4)[[0, 1, 2, 0]])  # 3 of 4 right
    part = PartMetrics.from_dict(m)
    assert part is not None and part.n == 4 and part.accuracy == 0.75
    assert "fewer than 30" in part.too_small and set(part.few_classes) == set(m["classes"])
    assert PartMetrics.from_dict({}) is None and PartMetrics.from_dict(None) is None
    assert PartMetrics.from_dict({"n": 50, "accuracy": 0.9}) == PartMetrics(
        n=50, accuracy=0.9, too_small="", few_classes=())


def test_a_continued_cards_reference_and_override() -> None:
    raw = {"parent": {"id": "p", "checksum": "c" * 64},
           "continued": {"reference": {"n": 40, "independent": False, "note": "seen",
                                       "parent": {"n": 40, "accuracy": 0.97},
                                       "model": {"n": 40, "accuracy": 0.95}},
                         "new_lab": {"parent": {"n": 12, "accuracy": 0.5}, "model": {"n": 12, "accuracy": 0.75}}}}
    card = ModelCard.from_dict(raw)
    assert card.parent is not None and card.parent.id == "p"
    assert card.continued is not None and card.continued.reference.n == 40
    assert not card.continued.reference.independent and card.continued.reference.note == "seen"
    assert card.continued.new_lab_model is not None and card.continued.new_lab_model.accuracy == 0.75
    assert card.reference_drop == reference_drop(raw) == 2.0
    assert "loses 2.0 points" in activation_block(card) and activation_block(card) == activation_block(raw)
    overridden = ModelCard.from_dict({**raw, "activation_override": {"reason": "r", "by": "u", "at": "t"}})
    assert overridden.activation_override is not None and overridden.activation_override.by == "u"
    assert activation_block(overridden) == ""
