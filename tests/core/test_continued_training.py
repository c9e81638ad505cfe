"""Continued training that keeps what the parent knew: carried sets, the reference, the rule."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.cli import main
from core.data.scan import scan
from core.evaluation.reference import activation_block, reference_drop, side_by_side
from core.model.bundle import load_bundle
from core.model.carried import REFERENCE_FILE, REHEARSAL_FILE, CarriedError, pack_images, spread, unpack_images
from core.training.rehearsal import ContinueMethod, attach_l2sp, carry_sets, restrict_trainable
from tests.conftest import make_dataset


def test_carried_set_round_trips_and_spreads(tmp_path: Path) -> None:
    items = scan(make_dataset(tmp_path / "d", per_class=6, size=32)).items
    chosen = spread(items, 3)
    assert len(chosen) == 12 and {i.label for i in chosen} == {"Benign", "Early", "Pre", "Pro"}
    assert sorted(i.path.name for i in chosen if i.label == "Pro") == [
        "WBC-Pro-001.jpg", "WBC-Pro-003.jpg", "WBC-Pro-005.jpg"]  # evenly spaced, not the first 3
    data = pack_images(chosen, {"kind": "reference", "independent": True, "note": "n"}, origin=tmp_path)
    (tmp_path / "r.zip").write_bytes(data)
    back, about = unpack_images(tmp_path / "r.zip", tmp_path / "out")
    assert about["independent"] is True and about["images"][0]["source"].startswith("d/")
    assert [i.label for i in back] == [i.label for i in chosen]
    assert [p.path.read_bytes() for p in back] == [p.path.read_bytes() for p in chosen]
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    with pytest.raises(CarriedError):
        unpack_images(tmp_path / "bad.zip", tmp_path / "out2")


def test_method_choices_and_penalty(tiny_model: Path) -> None:
    with pytest.raises(ValueError, match="unknown choice of layers"):
        ContinueMethod(train="middle")
    model = load_bundle(tiny_model).load_keras()
    total = sum(int(np.prod(v.shape)) for v in model.trainable_weights)
    assert restrict_trainable(model, "head") < total
    assert attach_l2sp(model, 0.5) == len(model.trainable_weights)
    assert float(sum(float(x) for x in model.losses)) == pytest.approx(0.0, abs=1e-6)  # at the anchor
    v = model.trainable_weights[0]
    v.assign(v + 1.0)
    assert float(sum(float(x) for x in model.losses)) == pytest.approx(0.5 * np.prod(v.shape), rel=1e-4)


def _card(parent: float, child: float) -> dict:
    return {"parent": {"id": "p"}, "continued": {"reference": {
        "n": 390, "independent": True, "parent": {"accuracy": parent, "n": 390},
        "model": {"accuracy": child, "n": 390}}, "new_lab": {}}}


def test_the_rule_on_the_reference() -> None:
    assert reference_drop(_card(0.97, 0.965)) == pytest.approx(0.5)
    assert activation_block(_card(0.97, 0.965)) == ""
    assert "loses 2.0 points" in activation_block(_card(0.97, 0.95))
    assert "no reference" in activation_block({"parent": {"id": "p"}, "continued": {"reference": {}}})
    assert activation_block({}) == ""  # trained from scratch: nothing to compare with
    assert any("needs an override" in line for line in side_by_side(_card(0.97, 0.95)))


@pytest.fixture(scope="module")
def carrying_parent(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("carry")
    items = scan(make_dataset(root / "origin", per_class=8, size=48)).items
    ref, reh = items[::2], items[1::2]
    bundle = carry_sets(load_bundle(tiny_model), root / "parent", reference=ref, rehearsal=reh,
                        reference_note="tiny origin", independent=True)
    return bundle.path


def test_continued_model_is_scored_on_its_reference_and_carries_it_on(
        carrying_parent: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    parent = load_bundle(carrying_parent)
    assert parent.card["carried"]["reference"]["n"] == 16 and REHEARSAL_FILE in parent.card["files"]
    data = make_dataset(tmp_path / "lab", per_class=4, size=40)  # not copies of the origin's
    code = main(["train", str(data), "--from", str(carrying_parent), "--epochs", "1",
                 "--train-layers", "top", "--no-backup", "--out", str(tmp_path / "child")])
    assert code == 0
    out = capsys.readouterr().out
    assert "reference (independent): parent" in out and "new lab's held-out part" in out
    card = load_bundle(tmp_path / "child").card
    rec = card["continued"]
    assert rec["method"] == {**ContinueMethod().to_dict(), "train": "top"}
    assert rec["rehearsal_images"] == 16 and rec["reference"]["n"] == 16
    assert rec["reference"]["left_out_as_trained"] == 0
    assert rec["reference"]["parent"]["n"] == 16 and rec["reference"]["model"]["n"] == 16
    assert {REFERENCE_FILE, REHEARSAL_FILE} <= set(card["files"])  # carried on to the child
    assert card["files"][REFERENCE_FILE] == parent.card["files"][REFERENCE_FILE]


def test_method_flags_need_a_parent(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data = make_dataset(tmp_path / "d", per_class=2)
    assert main(["train", str(data), "--l2sp", "0.1", "--out", str(tmp_path / "m")]) != 0
    assert "only with --from" in capsys.readouterr().err


def _forged_child(tiny_model: Path, folder: Path, parent_acc: float, child_acc: float) -> Path:
    import json
    import shutil

    from core.model.bundle import stamp_card

    shutil.copytree(tiny_model, folder)
    card = json.loads((folder / "model.json").read_text())
    card.update(_card(parent_acc, child_acc))
    (folder / "model.json").write_text(json.dumps(stamp_card(card)))
    return folder


def test_override_is_recorded_in_the_card_and_the_audit_log(tiny_model: Path, tmp_path: Path) -> None:
    from core.evaluation.reference import activate_with_override
    from core.inference.audit import AuditLog

    path = _forged_child(tiny_model, tmp_path / "child", 0.97, 0.90)
    before = load_bundle(path)
    assert "loses 7.0 points" in activation_block(before.card)
    with pytest.raises(ValueError, match="needs a reason"):
        activate_with_override(path, "  ", "ana")
    audit = AuditLog(tmp_path / "audit.jsonl")
    after = activate_with_override(path, "validated locally on 300 fields", "ana", audit=audit)
    rec = after.card["activation_override"]
    assert rec["by"] == "ana" and rec["previous_id"] == before.model_id and "7.0 points" in rec["rule"]
    assert after.model_id != before.model_id and activation_block(after.card) == ""
    events = audit.events()
    assert events[-1]["event"] == "model.activation_override" and events[-1]["model_id"] == after.model_id
    assert audit.verify().ok
    fine = _forged_child(tiny_model, tmp_path / "fine", 0.97, 0.965)
    with pytest.raises(ValueError, match="needs no override"):
        activate_with_override(fine, "x", "ana")


def test_a_reference_image_trained_on_again_leaves_the_reference(carrying_parent: Path,
                                                                 tmp_path: Path) -> None:
    from core.data.scan import ImageItem
    from core.training.finetune import Carried
    from core.training.rehearsal import DEFAULT_METHOD

    carried = Carried(load_bundle(carrying_parent), DEFAULT_METHOD)
    try:
        copy = tmp_path / "copy.jpg"
        copy.write_bytes(carried.reference[0].path.read_bytes())
        carried._drop_trained_from_reference([ImageItem(copy, carried.reference[0].label)])
        assert carried.reference_dropped == 1 and len(carried.reference) == 15
    finally:
        carried.close()


@pytest.mark.realdata
def test_continuing_the_shipped_model_scores_its_shipped_reference(real_data: Path, tmp_path: Path) -> None:
    """The shipped model carries no sets in its bundle; the app's own (its training images,
    marked not independent) serve as its reference and rehearsal set."""
    import shutil

    from core.model.bundle import default_model_dir
    from core.training.train import TrainConfig, train

    lab = tmp_path / "lab"
    for c in ("Benign", "Early", "Pre", "Pro"):
        (lab / c).mkdir(parents=True)
        for f in sorted((real_data / c).iterdir())[-3:]:
            shutil.copy(f, lab / c / f.name)
    result = train(lab, tmp_path / "child", TrainConfig(from_model=str(default_model_dir()), epochs=1,
                                                        export_onnx=False))
    rec = result.card["continued"]
    assert rec["reference"]["independent"] is False and rec["rehearsal_images"] == 200
    assert rec["reference"]["n"] + rec["reference"]["left_out_as_trained"] == 200
    assert rec["method"]["batchnorm"] is True and rec["reference"]["model"]["n"] == rec["reference"]["n"]
    assert "NOT independent" in "\n".join(side_by_side(result.card))


def test_colour_transfer_copies_take_the_new_images_colours(tmp_path: Path) -> None:
    import cv2

    from core.training.rehearsal import colour_transfer_copies

    old = scan(make_dataset(tmp_path / "old", per_class=2, size=32)).items
    new = []
    for k, item in enumerate(old[:4]):
        rgb = cv2.imread(str(item.path))
        pale = cv2.addWeighted(rgb, 0.5, np.full_like(rgb, 255), 0.5, 0)
        cv2.imwrite(str(tmp_path / f"new{k}.png"), pale)
        new.append(type(item)(tmp_path / f"new{k}.png", item.label))
    copies = colour_transfer_copies(old, new, tmp_path / "t")
    assert [c.label for c in copies] == [i.label for i in old]
    mean_new = np.mean([cv2.imread(str(i.path)).mean() for i in new])
    mean_old = np.mean([cv2.imread(str(i.path)).mean() for i in old])
    mean_copy = np.mean([cv2.imread(str(i.path)).mean() for i in copies])
    assert abs(mean_copy - mean_new) < abs(mean_old - mean_new) / 3


def test_batchnorm_affine_learns_while_its_statistics_stay(tiny_model: Path) -> None:
    import keras
    import tensorflow as tf

    from core.training.finetune import load_parent_model
    from core.training.rehearsal import train_batchnorm_affine

    model = load_parent_model(load_bundle(tiny_model))  # every BatchNorm frozen
    restrict_trainable(model, "top")
    assert train_batchnorm_affine(model, "top") == 2
    names = {v.path for v in model.trainable_weights}
    assert {"bn4/gamma", "bn4/beta", "bn5/gamma", "bn5/beta"} <= names
    assert not any(n.startswith(("bn1/", "bn2/", "bn3/")) for n in names)
    bn = model.get_layer("bn5")
    mean, var, gamma = (np.asarray(bn.moving_mean).copy(), np.asarray(bn.moving_variance).copy(),
                        np.asarray(bn.gamma).copy())
    x = np.random.default_rng(0).integers(0, 255, (8, 32, 32, 3)).astype("uint8")
    y = np.eye(4)[np.arange(8) % 4]
    opt = keras.optimizers.Adam(0.1)
    for _ in range(2):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(keras.losses.categorical_crossentropy(y, model(x, training=True)))
        opt.apply_gradients(zip(tape.gradient(loss, model.trainable_weights), model.trainable_weights,
                                strict=True))
    assert not np.allclose(gamma, np.asarray(bn.gamma))  # the scale learnt
    np.testing.assert_array_equal(mean, np.asarray(bn.moving_mean))  # the statistics did not move
    np.testing.assert_array_equal(var, np.asarray(bn.moving_variance))
    # in training mode it normalises with those statistics, not the batch's: same output
    sub = keras.Model(model.inputs[0], bn.output)
    np.testing.assert_allclose(np.asarray(sub(x, training=True)), np.asarray(sub(x, training=False)),
                               rtol=1e-5, atol=1e-5)


def test_restat_sets_the_statistics_of_the_images_and_keeps_the_flags(tiny_model: Path,
                                                                       tmp_path: Path) -> None:
    import keras

    from core.training.finetune import load_parent_model, restat_batchnorm

    bundle = load_bundle(tiny_model)
    model = load_parent_model(bundle)
    items = scan(make_dataset(tmp_path / "d", per_class=3, size=32)).items
    bn = model.get_layer("bn1")
    before = np.asarray(bn.moving_mean).copy()
    assert restat_batchnorm(model, items, bundle.spec) == len(items)
    assert all(not la.trainable for la in model.layers
               if isinstance(la, keras.layers.BatchNormalization))  # still frozen
    from core.training.pipeline import iter_batches

    x = np.concatenate([xb for xb, _ in iter_batches(list(items), bundle.spec)])
    a = np.asarray(keras.Model(model.inputs[0], bn.input)(x, training=False)).reshape(-1, bn.moving_mean.shape[0])
    np.testing.assert_allclose(np.asarray(bn.moving_mean), a.mean(0), rtol=1e-3, atol=1e-4)
    assert not np.allclose(before, np.asarray(bn.moving_mean))


def test_new_images_can_weigh_more_than_the_rehearsal(tmp_path: Path) -> None:
    from core.training.rehearsal import with_rehearsal

    items = scan(make_dataset(tmp_path / "d", per_class=4, size=32)).items
    new, old = items[:8], items[8:]
    once, _ = with_rehearsal(new, old)
    twice, weights = with_rehearsal(new, old, new_repeat=2)
    assert len(once) == 16 and len(twice) == 24
    assert sum(i in new for i in twice) == 16 and sum(i in old for i in twice) == 8
    assert sum(weights.values()) > 0
    with pytest.raises(ValueError, match="repeat"):
        ContinueMethod(new_repeat=0)
