"""The shipped default model: verified bundle that classifies the bundled samples correctly."""

import json

from core.bundle import default_model_dir, load_bundle
from core.images import sha256_file
from core.predict import Predictor
from core.resources import samples_dir


def test_shipped_bundle_verifies_and_checksum_matches() -> None:
    bundle = load_bundle(default_model_dir())
    card = json.loads((default_model_dir() / "model.json").read_text())
    for name, digest in card["files"].items():
        assert sha256_file(default_model_dir() / name) == digest
    assert bundle.card["architecture"] == "default"
    assert bundle.onnx_path is not None
    size = sum(f.stat().st_size for f in default_model_dir().iterdir())
    assert size <= 10_000_000


def test_shipped_model_classifies_the_samples() -> None:
    samples = sorted(samples_dir().glob("*.jpg"))
    assert len(samples) >= 8
    predictor = Predictor()
    for path in samples:
        result = predictor.predict_path(path)
        assert result.error is None
        assert result.label == path.name.split("-")[0], path.name
