"""Model folders are untrusted input: code hidden in a file never runs, mismatches are refused."""

import json
import shutil
from pathlib import Path

import pytest

from core.model.bundle import KERAS_FILE, Bundle, BundleError, load_bundle, stamp_card
from core.data.images import sha256_file
from core.inference.predictor import Predictor


def _copy(tiny_model: Path, dest: Path) -> Path:
    shutil.copytree(tiny_model, dest)
    return dest


def _rewrite_card(folder: Path, **changes: object) -> None:
    """Change the card and make every hash consistent again, as a careful attacker would."""
    card = json.loads((folder / "model.json").read_text())
    card.update(changes)
    card["files"] = {name: sha256_file(folder / name) for name in card["files"]}
    (folder / "model.json").write_text(json.dumps(stamp_card(card)))


def _lambda_model(marker: Path):
    import keras

    # A lambda with the marker path baked in (no closure), as a malicious file would carry.
    payload = eval(  # noqa: S307 - the payload under test
        f"lambda x: (__import__('pathlib').Path({str(marker)!r}).write_text('ran'), x)[1]")
    inp = keras.Input((32, 32, 3))
    x = keras.layers.Lambda(payload)(inp)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inp, keras.layers.Dense(4, activation="softmax")(x))


def test_lambda_layer_is_refused_and_never_runs(tiny_model: Path, tmp_path: Path) -> None:
    import keras

    marker = tmp_path / "code-ran.txt"
    folder = _copy(tiny_model, tmp_path / "evil")
    _lambda_model(marker).save(folder / KERAS_FILE)
    marker.unlink(missing_ok=True)  # building the model called the lambda once; reset
    _rewrite_card(folder)
    # hashes and card are consistent: the archive's config check refuses it at load time...
    with pytest.raises(BundleError, match="refused: the model file contains Python code"):
        load_bundle(folder)
    with pytest.raises(BundleError, match="Lambda"):
        Predictor(folder, backend="keras")
    # ...and Keras safe mode would refuse it too, were that check bypassed
    bundle = Bundle(folder, json.loads((folder / "model.json").read_text()))
    with pytest.raises(BundleError, match="refused: the model file contains Python code"):
        bundle.load_keras()
    with pytest.raises(BundleError, match="Lambda"):
        Predictor(bundle, backend="keras")
    assert not marker.exists(), "code from the model file ran"
    # sanity: the file really is dangerous when loaded without safe mode
    keras.models.load_model(folder / KERAS_FILE, compile=False, safe_mode=False)
    assert marker.exists()


@pytest.mark.parametrize("name", ["model.h5", "model.hdf5", "model.pkl", "weights.pickle"])
def test_legacy_formats_refused_by_predictor(tmp_path: Path, name: str) -> None:
    f = tmp_path / name
    f.write_bytes(b"\x80\x04legacy")
    with pytest.raises(BundleError, match="legacy"):
        Predictor(f)
    with pytest.raises(BundleError, match=f"legacy model files are refused .*{name}"):
        Predictor(tmp_path)  # the folder holding it


def test_input_shape_mismatch_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    folder = _copy(tiny_model, tmp_path / "shape")
    _rewrite_card(folder, input_shape=[64, 64, 3])
    with pytest.raises(BundleError, match=r"input shape \[64, 64, 3\] does not match"):
        load_bundle(folder)


def test_card_lying_about_the_model_input_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    folder = _copy(tiny_model, tmp_path / "lying")
    card = json.loads((folder / "model.json").read_text())
    _rewrite_card(folder, input_shape=[64, 64, 3],
                  preprocessing={**card["preprocessing"], "size": 64})
    load_bundle(folder)  # the card is self-consistent...
    for backend in ("onnx", "keras"):  # ...but the model files take 32x32
        with pytest.raises(BundleError, match="takes input"):
            Predictor(folder, backend=backend)


def test_other_version_and_format_refused(tiny_model: Path, tmp_path: Path) -> None:
    folder = _copy(tiny_model, tmp_path / "version")
    _rewrite_card(folder, app_version="99.0.0")
    with pytest.raises(BundleError, match="incompatible"):
        load_bundle(folder)
    _rewrite_card(folder, format="someone-else/7")
    with pytest.raises(BundleError, match="unsupported model format"):
        load_bundle(folder)


def test_card_naming_files_outside_the_folder(tiny_model: Path, tmp_path: Path) -> None:
    folder = _copy(tiny_model, tmp_path / "escape")
    card = json.loads((folder / "model.json").read_text())
    card["files"]["../secret"] = "0" * 64
    (folder / "model.json").write_text(json.dumps(card))
    with pytest.raises(BundleError, match="outside the folder"):
        load_bundle(folder)
