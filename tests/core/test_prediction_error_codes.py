"""An unreadable file's Prediction carries the image error's code and values beside its reason."""

from __future__ import annotations

from pathlib import Path

from core.inference.predictor import Predictor


def test_unreadable_files_keep_their_codes(tiny_model: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"not an image at all")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    predictor = Predictor(tiny_model)
    batch = predictor.predict_paths([junk, empty, tmp_path / "gone.png"])  # the threaded path
    assert [p.error_code for p in batch] == ["image.unidentified", "image.empty", "image.not_found"]
    assert [p.error for p in batch] == ["not a readable image (unknown or corrupt format)",
                                        "empty file (0 bytes)", "file not found"]
    one = predictor.predict_path(junk)
    assert (one.error_code, one.error_params) == ("image.unidentified", {})
    classified = predictor.classify(empty)
    assert classified.prediction.error_code == "image.empty"
    assert "error_code" not in one.to_dict()  # results files and the CLI keep the sentence only
