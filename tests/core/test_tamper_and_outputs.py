"""Issue #19: an edited card is refused, values are validated, predictions fail closed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from core.model.bundle import BundleError, load_bundle, stamp_card
from core.inference.predictor import Predictor


def _copy(tiny_model: Path, dest: Path) -> Path:
    shutil.copytree(tiny_model, dest)
    return dest


def _card(folder: Path) -> dict:
    return json.loads((folder / "model.json").read_text())


@pytest.mark.parametrize("edit", [
    ("uncertainty", "temperature", 0.5),
    ("uncertainty", "min_confidence", 0.0),
    ("uncertainty", "feature_threshold", 1e9),
    ("preprocessing", "roi", True),
    ("metrics", "val", {"accuracy": 1.0}),
    ("intended_use", None, "clinical diagnosis"),
    ("classes", None, ["Benign", "Early", "Pro", "Pre"]),
])
def test_any_edit_to_the_card_is_refused(tiny_model: Path, tmp_path: Path, edit) -> None:
    copy = _copy(tiny_model, tmp_path / "m")
    load_bundle(copy)
    card = _card(copy)
    key, sub, value = edit
    if sub is None:
        card[key] = value
    else:
        card[key][sub] = value
    (copy / "model.json").write_text(json.dumps(card, indent=1))
    with pytest.raises(BundleError, match="does not match its checksum"):
        load_bundle(copy)
    with pytest.raises(BundleError, match="does not match its checksum"):
        Predictor(copy)


def test_reformatting_the_card_is_not_an_edit(tiny_model: Path, tmp_path: Path) -> None:
    """The checksum is over canonical JSON: whitespace and key order do not matter."""
    copy = _copy(tiny_model, tmp_path / "m")
    card = _card(copy)
    (copy / "model.json").write_text(json.dumps(dict(reversed(list(card.items())))))
    assert load_bundle(copy).model_id == card["id"]


def test_a_forged_id_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    copy = _copy(tiny_model, tmp_path / "m")
    card = _card(copy)
    card["id"] = "default-000000000000"
    (copy / "model.json").write_text(json.dumps(card))
    with pytest.raises(BundleError, match="id does not match"):
        load_bundle(copy)


def test_format_1_cards_are_refused_with_the_reason(tiny_model: Path, tmp_path: Path) -> None:
    copy = _copy(tiny_model, tmp_path / "m")
    card = _card(copy)
    card["format"] = "leukemia-model/1"
    (copy / "model.json").write_text(json.dumps(card))
    with pytest.raises(BundleError, match="older version whose checksum does not cover"):
        load_bundle(copy)


@pytest.mark.parametrize("field,value,match", [
    ("temperature", float("nan"), "temperature"),
    ("temperature", 0.0, "temperature"),
    ("min_confidence", 7.0, "min_confidence"),
    ("feature_threshold", float("inf"), "feature_threshold"),
    ("stats_threshold", "high", "stats_threshold"),
    ("detail_measure", "sharpness", "detail_measure"),
])
def test_impossible_values_are_refused_even_with_consistent_hashes(
        tiny_model: Path, tmp_path: Path, field: str, value: object, match: str) -> None:
    copy = _copy(tiny_model, tmp_path / "m")
    card = _card(copy)
    card["uncertainty"][field] = value
    (copy / "model.json").write_text(json.dumps(stamp_card(card)))
    with pytest.raises(BundleError, match=f"invalid model card.*{match}"):
        load_bundle(copy)


def test_nan_in_the_gaussians_and_metrics_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    copy = _copy(tiny_model, tmp_path / "m")
    card = _card(copy)
    card["uncertainty"]["feature_gaussian"]["precision"][0][0] = float("nan")
    (copy / "model.json").write_text(json.dumps(stamp_card(card)))
    with pytest.raises(BundleError, match="feature_gaussian.precision"):
        load_bundle(copy)
    card = _card(_copy(tiny_model, tmp_path / "m2"))
    card["metrics"]["val"]["accuracy"] = 1.7
    (tmp_path / "m2" / "model.json").write_text(json.dumps(stamp_card(card)))
    with pytest.raises(BundleError, match="metrics.val.accuracy"):
        load_bundle(tmp_path / "m2")


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000, "[" * 40 + "]" * 40])
def test_deeply_nested_card_is_one_message(tiny_model: Path, tmp_path: Path, body: str) -> None:
    copy = _copy(tiny_model, tmp_path / "m")
    (copy / "model.json").write_text(body)
    with pytest.raises(BundleError, match="model.json: .*nested"):
        load_bundle(copy)


def test_non_finite_model_output_gives_no_result(tiny_model: Path, monkeypatch) -> None:
    """Fail closed: NaN or infinite probabilities or features are 'no result', never a label."""
    predictor = Predictor(tiny_model)
    real = predictor._run
    x = np.random.default_rng(0).integers(0, 255, (3, *predictor.spec.input_shape), dtype=np.uint8)

    def broken(batch: np.ndarray) -> list[np.ndarray]:
        probs, feats = (np.array(o, dtype=np.float32) for o in real(batch)[:2])
        probs[0] = np.nan
        feats[1, 0] = np.inf
        return [probs, feats]

    monkeypatch.setattr(predictor, "_run", broken)
    out = predictor.predict_inputs(x)
    assert out[0].label is None and "not a valid probability" in (out[0].error or "")
    assert out[1].label is None and out[1].error
    assert out[2].error is None  # a valid output is a result (here perhaps "no result": random)


def test_model_with_wrongly_shaped_outputs_is_refused(tiny_model: Path, monkeypatch) -> None:
    import core.inference.predictor as predict

    def wrong(self, batch):  # a model that gives 3 classes
        return [np.full((len(batch), 3), 1 / 3, np.float32), np.zeros((len(batch), 8), np.float32)]

    monkeypatch.setattr(predict.Predictor, "_run", wrong)
    with pytest.raises(BundleError, match=r"outputs have shapes \[\(1, 3\)"):
        Predictor(tiny_model)


def test_cli_predict_with_an_edited_card_is_one_line(tiny_model: Path, tmp_path: Path,
                                                      capsys) -> None:
    from core.cli import main
    from tests.conftest import smear
    from PIL import Image

    copy = _copy(tiny_model, tmp_path / "m")
    card = _card(copy)
    card["uncertainty"]["temperature"] = 3.0
    (copy / "model.json").write_text(json.dumps(card))
    img = tmp_path / "a.png"
    Image.fromarray(smear("Pre", 1)).save(img)
    assert main(["predict", str(img), "--model", str(copy)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not match its checksum" in err[0] and "Traceback" not in err[0]
