"""Train, save, reload, predict and evaluate a tiny model; cancellation; bundle checks."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from core.model.bundle import BundleError, load_bundle
from core.data.scan import DatasetError
from core.evaluation.evaluate import evaluate
from core.evaluation.metrics import compute_metrics
from core.model.architectures import build_default, build_seed
from core.inference.predictor import ORT_SPIN_KEY, Predictor
from core.progress import Cancelled
from core.training.train import TrainConfig, train
from core.inference.uncertainty import calibrate_probs, fit_temperature
from tests.conftest import make_dataset, smear


def test_seed_architecture_is_the_reference() -> None:
    m = build_seed()
    convs = [x for x in m.layers if x.__class__.__name__ == "Conv2D"]
    assert [c.filters for c in convs] == [32, 64, 64, 128, 128]
    assert all(c.kernel_size == (3, 3) for c in convs)
    assert len([x for x in m.layers if x.__class__.__name__ == "MaxPooling2D"]) == 5
    dense = m.get_layer("features")
    assert dense.units == 128 and dense.kernel_regularizer is not None
    assert m.get_layer("dropout").rate == 0.5
    assert m.input_shape == (None, 224, 224, 1) and m.output_shape == (None, 4)


def test_default_has_class_maps() -> None:
    m = build_default((64, 64, 3))
    assert m.get_layer("class_maps").output.shape[-1] == 4
    assert m.input.dtype == "uint8"


def test_tiny_model_bundle(tiny_model: Path) -> None:
    bundle = load_bundle(tiny_model)
    card = bundle.card
    for key in ("classes", "input_shape", "preprocessing", "training", "dataset", "metrics",
                "uncertainty", "app_version", "created", "checksum", "files"):
        assert key in card
    assert card["training"]["epochs_run"] == 2
    assert set(card["files"]) == {"model.keras", "model.onnx", "split.json"}
    assert card["dataset"]["counts"]["train"]["Pro"] > 0


def test_keras_and_onnx_agree(tiny_model: Path) -> None:
    fast, slow = Predictor(tiny_model, backend="onnx"), Predictor(tiny_model, backend="keras")
    rgbs = [smear(c, 7, 48) for c in ("Benign", "Early", "Pre", "Pro")]
    x = np.stack([fast.prepare(r) for r in rgbs])
    a, b = fast._run(x), slow._run(x)
    for u, v in zip(a, b):
        np.testing.assert_allclose(u, v, atol=1e-4)
    pa = fast.predict_inputs(x)
    pb = slow.predict_inputs(x)
    assert [p.label for p in pa] == [p.label for p in pb]
    assert fast.heatmap(rgbs[0]).shape == (48, 48)
    # the ONNX session does not busy-wait: batch decoding threads need the cores
    opts = fast._session.get_session_options()
    assert opts.get_session_config_entry(ORT_SPIN_KEY) == "0"


def test_predict_paths_with_bad_file(tiny_model: Path, tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "d", per_class=2)
    (data / "Pro" / "bad.png").write_bytes(b"nope")
    pred = Predictor(tiny_model)
    paths = sorted(data.rglob("*.*"))
    results = pred.predict_paths(paths, batch_size=3)
    assert [r.path for r in results] == [str(p) for p in paths]
    errors = [r for r in results if r.error]
    assert len(errors) == 1 and "bad.png" in errors[0].path
    ok = [r for r in results if not r.error]
    assert all(abs(sum(r.probabilities.values()) - 1) < 1e-5 for r in ok)


def test_out_of_distribution_is_flagged(tiny_model: Path) -> None:
    pred = Predictor(tiny_model)
    white = np.full((48, 48, 3), 255, np.uint8)
    noise = np.random.default_rng(0).integers(0, 255, (48, 48, 3), dtype=np.uint8)
    for img in (white, noise):
        p = pred.predict_array(img)
        assert p.uncertain and "unlike the training data" in p.reason


def test_evaluate(tiny_model: Path, tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "d", per_class=3)
    result = evaluate(tiny_model, data)
    assert result.metrics.n == 12 and len(result.predictions) == 12
    cm = np.array(result.metrics.confusion_matrix)
    assert cm.sum() == 12
    assert len(result.cell("Pro", "Pro")) == cm[3, 3]


def test_evaluate_warns_about_images_the_model_was_trained_on(tiny_model: Path) -> None:
    """Evaluating a model on its own training images gives optimistic figures: counted and
    said; its held-out test split is not counted."""
    split = tiny_model / "split.json"
    manifest = json.loads(split.read_text())
    train_names = {(e["label"], Path(e["path"]).name) for e in manifest["entries"] if e["split"] == "train"}
    whole = evaluate(tiny_model, Path(manifest["root"]))
    assert whole.metrics.n == 40 and whole.seen_in_training == len(train_names) > 0
    assert f"{len(train_names)} of these 40 images were used to train" in whole.seen_warning
    assert whole.to_dict()["seen_in_training"] == len(train_names)
    held_out = evaluate(tiny_model, split)  # the manifest's test split
    assert held_out.seen_in_training == 0 and held_out.seen_warning == ""
    only_train = evaluate(tiny_model, split, split="train")
    assert only_train.seen_warning.endswith("not a test.")


def test_seen_images_are_matched_by_name_and_size(tiny_model: Path, tmp_path: Path) -> None:
    """A copy of a training image elsewhere counts; a different image that shares its class
    and file name does not (the training file is still there to compare sizes with)."""
    manifest = json.loads((tiny_model / "split.json").read_text())
    entry = next(e for e in manifest["entries"] if e["split"] == "train")
    source = Path(manifest["root"]) / entry["path"]
    copy = tmp_path / "copy" / entry["label"] / source.name
    copy.parent.mkdir(parents=True)
    shutil.copyfile(source, copy)
    assert evaluate(tiny_model, tmp_path / "copy").seen_in_training == 1
    other = tmp_path / "other" / entry["label"] / source.name
    other.parent.mkdir(parents=True)
    make_dataset(tmp_path / "gen", per_class=1, size=40)  # a different image, another size
    shutil.copyfile(next((tmp_path / "gen" / entry["label"]).iterdir()), other)
    assert other.stat().st_size != source.stat().st_size
    assert evaluate(tiny_model, tmp_path / "other").seen_in_training == 0


def test_cancel_within_a_batch_saves_nothing(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "d", per_class=6)
    reports = []

    def stop() -> bool:
        return len([r for r in reports if r.stage == "train" and r.done > 0]) >= 2

    with pytest.raises(Cancelled):
        train(data, tmp_path / "m", TrainConfig(epochs=5, image_size=32, batch_size=4, block_size=2),
              progress=reports.append, should_stop=stop)
    assert not (tmp_path / "m").exists()
    assert not list(tmp_path.glob(".m.partial-*"))
    steps = [r.done for r in reports if r.stage == "train" and r.done > 0]
    assert max(steps) == 2  # stopped within one batch


def test_cancel_can_keep_best_so_far(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "d", per_class=6)
    reports = []

    def stop() -> bool:
        return any(r.stage == "epoch" for r in reports)

    result = train(data, tmp_path / "m", TrainConfig(epochs=5, image_size=32, batch_size=8,
                                                     block_size=2, save_partial_on_cancel=True,
                                                     export_onnx=False),
                   progress=reports.append, should_stop=stop)
    assert result.cancelled and result.epochs_run == 1
    assert load_bundle(tmp_path / "m").card["training"]["cancelled"] is True


def test_training_needs_two_classes(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "d", per_class=4, classes=("Pro",))
    with pytest.raises(DatasetError, match="two classes"):
        train(data, tmp_path / "m", TrainConfig(epochs=1, image_size=32))


def test_bundle_tampering_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tiny_model, copy)
    with open(copy / "model.onnx", "ab") as fh:
        fh.write(b"x")
    with pytest.raises(BundleError, match="checksum"):
        load_bundle(copy)
    shutil.rmtree(copy)
    shutil.copytree(tiny_model, copy)
    card = json.loads((copy / "model.json").read_text())
    card["classes"] = ["A", "B", "C", "D"]
    (copy / "model.json").write_text(json.dumps(card))
    with pytest.raises(BundleError, match="does not match its checksum"):
        load_bundle(copy)
    from core.model.bundle import stamp_card

    (copy / "model.json").write_text(json.dumps(stamp_card(card)))  # hashes made consistent
    with pytest.raises(BundleError, match="classes"):
        load_bundle(copy)
    (copy / "model.json").write_text("{broken")
    with pytest.raises(BundleError, match="unreadable"):
        load_bundle(copy)
    (copy / "model.json").unlink()
    with pytest.raises(BundleError, match="missing"):
        load_bundle(copy)
    h5 = tmp_path / "old.h5"
    h5.write_bytes(b"\x89HDF")
    with pytest.raises(BundleError, match="legacy"):
        load_bundle(h5)
    with pytest.raises(BundleError, match="not found"):
        load_bundle(tmp_path / "nothing")


def test_metrics_hand_computed() -> None:
    labels = np.array([0, 0, 1, 2, 3, 3])
    probs = np.eye(4)[[0, 1, 1, 2, 3, 0]] * 0.9 + 0.025
    m = compute_metrics(labels, probs)
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert m["confusion_matrix"][0] == [1, 1, 0, 0]
    assert m["per_class"]["Benign"]["sensitivity"] == pytest.approx(0.5)
    assert m["per_class"]["Early"]["precision"] == pytest.approx(0.5)
    assert m["per_class"]["Pro"]["specificity"] == pytest.approx(1.0)
    assert m["balanced_accuracy"] == pytest.approx((0.5 + 1 + 1 + 0.5) / 4)


def test_temperature_scaling_reduces_overconfidence() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 4, 500)
    right = rng.random(500) < 0.7
    pred = np.where(right, labels, (labels + 1) % 4)
    probs = np.full((500, 4), 0.001)
    probs[np.arange(500), pred] = 0.997
    t = fit_temperature(probs, labels)
    assert t > 1.5
    before = compute_metrics(labels, probs)["ece"]
    after = compute_metrics(labels, calibrate_probs(probs, t))["ece"]
    assert after < before / 3


def test_temperature_never_sharpens_unless_asked() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 4, 500)
    probs = np.full((500, 4), 0.2)
    probs[np.arange(500), labels] = 0.4  # always right, but shy: the fit would sharpen
    assert fit_temperature(probs, labels) == 1.0
    assert fit_temperature(probs, labels, floor=0.05) < 0.5
    assert fit_temperature(probs[:0], labels[:0]) == 1.0


@pytest.mark.parametrize("mode", ["stain-crop", "stain-wide"])
def test_stain_crop_augmentation_crops_larger_decodes_down_to_the_input(tmp_path: Path, mode: str) -> None:
    from core.training.pipeline import augment_fn, make_dataset as tf_dataset, train_spec
    from core.data.scan import scan
    from core.data.preprocess import PreprocessSpec

    spec = PreprocessSpec("rgb", 32)
    assert train_spec(spec, mode).size == 40
    assert train_spec(spec, "stain") == spec
    assert train_spec(PreprocessSpec("reference", 32), mode).size == 32
    with pytest.raises(ValueError, match="unknown augmentation"):
        augment_fn(spec, "sepia", 0)
    items = scan(make_dataset(tmp_path / "d", per_class=3, size=48)).items
    ds = tf_dataset(items, spec, batch_size=4, training=True, augment=mode)
    batches = list(ds.as_numpy_iterator())
    x = np.concatenate([b[0] for b in batches])
    assert x.shape == (12, 32, 32, 3) and x.dtype == np.uint8
    # augmented: not the plain resized images
    plain = np.concatenate([b[0] for b in tf_dataset(items, spec, batch_size=4,
                                                     training=False).as_numpy_iterator()])
    assert not np.array_equal(np.sort(x.reshape(12, -1), 0), np.sort(plain.reshape(12, -1), 0))


def test_blur_keeps_shape_and_mean_and_smooths() -> None:
    import tensorflow as tf

    from core.training.pipeline import _blur

    rng = np.random.default_rng(0)
    img = tf.constant(rng.random((20, 24, 3)), tf.float32)
    out = _blur(img, tf.constant(1.0)).numpy()
    assert out.shape == (20, 24, 3)
    assert abs(out.mean() - img.numpy().mean()) < 0.02
    assert np.abs(np.diff(out, axis=1)).mean() < 0.6 * np.abs(np.diff(img.numpy(), axis=1)).mean()


def test_batchnorm_is_recalibrated_to_clean_image_statistics(tmp_path: Path) -> None:
    import keras

    from core.data.scan import scan
    from core.data.images import load_rgb
    from core.data.preprocess import PreprocessSpec
    from core.training.train import recalibrate_batchnorm

    spec = PreprocessSpec("rgb", 32)
    items = scan(make_dataset(tmp_path / "d", per_class=3, size=32)).items
    model = build_default((32, 32, 3))
    bn = model.get_layer("bn1")
    assert np.allclose(np.asarray(bn.moving_mean), 0.0)
    assert recalibrate_batchnorm(model, items, spec) == len(items)
    x = np.stack([load_rgb(i.path) for i in items])
    pre = np.asarray(keras.Model(model.inputs[0], bn.input)(x, training=False))
    assert np.allclose(np.asarray(bn.moving_mean), pre.mean(axis=(0, 1, 2)), atol=1e-4)
    assert np.allclose(np.asarray(bn.moving_variance), pre.var(axis=(0, 1, 2)), rtol=1e-3,
                       atol=1e-5)
    assert recalibrate_batchnorm(model, [], spec) == 0
    # with the training augmentation: every image once more, augmented, and other statistics
    clean_mean = np.asarray(bn.moving_mean).copy()
    assert recalibrate_batchnorm(model, items, spec, augment="stain-crop") == 2 * len(items)
    assert not np.allclose(np.asarray(bn.moving_mean), clean_mean, atol=1e-4)


def test_trained_card_records_the_recalibration(tiny_model: Path) -> None:
    training = load_bundle(tiny_model).card["training"]
    assert training["augment"] == "stain-crop"
    assert training["batchnorm_recalibrated_on"] > 0


def _tile(img: np.ndarray) -> np.ndarray:
    """Four copies of a field shrunk into one: the same smear at half the magnification."""
    import cv2

    h, w = img.shape[:2]
    small = cv2.resize(img, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    return np.vstack([np.hstack([small, small]), np.hstack([small, small])])


@pytest.mark.parametrize("measure", ["absolute", "relative"])
def test_detail_separates_magnification_and_focus_and_flags_them(measure: str) -> None:
    import cv2

    from core.inference.flags import Flag, describe
    from core.inference.uncertainty import UncertaintyModel, detail, fit_uncertainty, image_stats

    fields = np.stack([cv2.GaussianBlur(smear(c, s, 96), (0, 0), 1.0)
                       for s in range(10) for c in ("Benign", "Pro")])
    tiled = np.stack([_tile(f) for f in fields])
    blurred = np.stack([cv2.GaussianBlur(f, (0, 0), 3.0) for f in fields])
    d, d_tiled, d_blur = detail(fields, measure), detail(tiled, measure), detail(blurred, measure)
    assert d_tiled.min() > d.max() and d_blur.max() < d.min()
    assert detail(fields[0], measure).shape == (1,)
    assert np.allclose(detail(fields.astype(np.float32) / 255.0, measure), d, rtol=1e-4)

    rng = np.random.default_rng(0)
    labels = np.arange(len(fields)) % 2
    feats = rng.normal(size=(len(fields), 4))
    probs = np.eye(4)[labels] * 0.9 + 0.025
    unc = fit_uncertainty(feats, labels, image_stats(fields), probs, labels, feats,
                          image_stats(fields), train_detail=d, val_detail=d, detail_measure=measure)
    assert unc.detail_range is not None and unc.detail_measure == measure
    assert UncertaintyModel.from_dict(json.loads(json.dumps(unc.to_dict()))).detail_measure == measure
    flags = [f for _, f in unc.assess(probs[:1].repeat(3, 0), feats[:3],
                                      np.stack([fields[0], tiled[0], blurred[0]]))]
    reasons = [describe(f) for f in flags]
    assert Flag.MAGNIFICATION not in flags[0] and Flag.FOCUS not in flags[0]
    assert "detail" not in reasons[0]
    assert Flag.MAGNIFICATION in flags[1]
    assert "finer detail" in reasons[1] and "another magnification" in reasons[1]
    assert Flag.FOCUS in flags[2]
    assert "less detail" in reasons[2] and "out of focus" in reasons[2]
    # a card written before the detail check still loads and assesses without it
    old = {k: v for k, v in unc.to_dict().items() if k != "detail_range"}
    legacy = UncertaintyModel.from_dict(json.loads(json.dumps(old)))
    assert legacy.detail_range is None
    assert "detail" not in describe(legacy.assess(probs[:1], feats[:1], tiled[:1])[0][1])
    # a card written before the measure was recorded reads its range as absolute detail
    unmeasured = {k: v for k, v in unc.to_dict().items() if k != "detail_measure"}
    assert UncertaintyModel.from_dict(json.loads(json.dumps(unmeasured))).detail_measure == "absolute"
    assert UncertaintyModel.from_dict(json.loads(json.dumps(unc.to_dict()))) == unc


def test_relative_detail_is_not_moved_by_contrast_or_stain_strength_but_sees_magnification() -> None:
    """A stronger stain or a higher contrast sharpens every edge alike: absolute detail reads it
    as another magnification, relative detail does not; four fields tiled into one (more, smaller
    cells) still read finer in both."""
    import cv2

    from core.inference.uncertainty import detail

    fields = np.stack([cv2.GaussianBlur(smear(c, s, 96), (0, 0), 1.0)
                       for s in range(10) for c in ("Benign", "Pro")])
    mean = fields.reshape(len(fields), -1, 3).mean(1)[:, None, None, :]
    stretched = np.clip((fields - mean) * 1.3 + mean, 0, 255).astype(np.uint8)
    tiled = np.stack([_tile(f) for f in fields])
    absolute = detail(stretched, "absolute") / detail(fields, "absolute")
    relative = detail(stretched, "relative") / detail(fields, "relative")
    assert absolute.min() > 1.2  # the stretch's 1.3 less clipping
    assert np.abs(relative - 1).max() < 0.08  # rounding to whole grey levels
    assert detail(tiled, "relative").min() > detail(fields, "relative").max()
    with pytest.raises(ValueError):
        detail(fields, "sharpness")


@pytest.mark.parametrize("pool", [1, 4])
def test_white_balance_undoes_lamp_brightness_and_colour_cast_and_round_trips(tmp_path: Path,
                                                                             pool: int) -> None:
    import keras

    from core.model.layers import WhiteBalance

    rng = np.random.default_rng(0)
    field = rng.uniform(0.2, 0.8, (2, 24, 24, 3)).astype("float32")
    field[:, :8] = 0.85  # glass between cells: the brightest tenth (whole 4x4 blocks)
    wb = WhiteBalance(fraction=0.1, target=0.9, pool=pool)
    ref = np.asarray(wb(field))
    assert np.allclose(ref[:, :8], 0.9, atol=1e-5)
    cast = field * np.array([0.8, 1.0, 1.1], "float32")  # dimmer, bluer lamp (no clipping)
    assert np.allclose(np.asarray(wb(cast)), ref, atol=1e-5)
    assert np.abs(np.asarray(wb(field * 0.6)) - ref).max() < 1e-5
    # the stain colour relative to the glass is kept: a redder cell stays redder
    stained = field.copy()
    stained[:, 12:, :, 0] *= 0.5
    assert np.asarray(wb(stained))[:, 12:, :, 0].mean() < ref[:, 12:, :, 0].mean() - 0.05

    model = keras.Sequential([keras.Input((24, 24, 3)),
                              WhiteBalance(fraction=0.2, target=0.8, pool=pool)])
    model.save(tmp_path / "m.keras")
    loaded = keras.models.load_model(tmp_path / "m.keras", compile=False, safe_mode=True)
    assert loaded.layers[0].get_config()["fraction"] == 0.2
    assert loaded.layers[0].get_config()["pool"] == pool
    assert np.allclose(np.asarray(loaded(field)), np.asarray(model(field)))


def test_pooled_white_balance_reads_block_means_not_single_bright_pixels() -> None:
    from core.model.layers import WhiteBalance

    field = np.full((1, 24, 24, 3), 0.5, "float32")
    field[0, ::4, ::4] = 1.0  # one bright speck per 4x4 block, no glass anywhere
    # per pixel, the 36 specks fill most of the brightest 58 pixels: the level reads ~0.81
    np.testing.assert_allclose(np.asarray(WhiteBalance(pool=1)(field))[0, 1, 1],
                               0.5 * 0.9 / ((36 + 22 * 0.5) / 58), rtol=1e-5)
    # per block, every block averages 0.53: the level is that, so the field reads ~0.85
    pooled = np.asarray(WhiteBalance(pool=4)(field))
    np.testing.assert_allclose(pooled[0, 1, 1], 0.5 * 0.9 / (0.5 + 0.5 / 16), rtol=1e-5)
    # an old layer config without "pool" loads as the per-pixel layer
    assert WhiteBalance.from_config({"fraction": 0.1, "target": 0.9}).pool == 1
