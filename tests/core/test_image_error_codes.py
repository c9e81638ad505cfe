"""ImageError carries a stable code and the named values of its sentence, beside the English."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from core.data.images import IMAGE_ERROR_CODES, ImageError, load_rgb


def _raise(path: Path) -> ImageError:
    with pytest.raises(ImageError) as info:
        load_rgb(path)
    err = info.value
    assert err.code in IMAGE_ERROR_CODES
    assert set(err.params) == set(IMAGE_ERROR_CODES[err.code]), (err.code, err.params)
    return err


def test_missing_empty_and_folder(tmp_path: Path) -> None:
    err = _raise(tmp_path / "nope.png")
    assert (err.code, err.reason) == ("image.not_found", "file not found")
    empty = tmp_path / "e.png"
    empty.write_bytes(b"")
    err = _raise(empty)
    assert (err.code, err.reason) == ("image.empty", "empty file (0 bytes)")
    (tmp_path / "d.png").mkdir()
    assert _raise(tmp_path / "d.png").code == "image.not_regular"


def test_not_an_image_and_truncated(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"hello, not an image")
    err = _raise(junk)
    assert err.code == "image.unidentified" and err.params == {}
    assert err.reason == "not a readable image (unknown or corrupt format)"
    cut = tmp_path / "cut.png"
    Image.effect_noise((64, 64), 50).convert("RGB").save(cut)
    cut.write_bytes(cut.read_bytes()[:400])
    err = _raise(cut)
    assert err.code == "image.truncated" and err.reason == "truncated image file"


def test_too_large_has_its_size(tmp_path: Path) -> None:
    p = tmp_path / "bomb.png"
    Image.new("1", (20000, 20000)).save(p)
    err = _raise(p)
    assert err.code in ("image.too_large", "image.bomb")
    if err.code == "image.too_large":
        assert err.params == {"width": 20000, "height": 20000}
        assert err.reason == "image too large (20000x20000 pixels)"


def test_unknown_code_default_keeps_the_sentence() -> None:
    err = ImageError("x.png", "something odd")
    assert err.code == "image.cannot_read" and err.params == {"detail": "something odd"}
    assert str(err) == "x.png: something odd"


def test_a_scan_keeps_the_codes_of_the_files_it_leaves_out(tmp_path: Path) -> None:
    import json

    from core.data.scan import UNUSABLE_CODES, scan

    for cls in ("Benign", "Pro"):
        (tmp_path / cls).mkdir()
        Image.new("RGB", (8, 8)).save(tmp_path / cls / "ok.png")
    (tmp_path / "Pro" / "junk.png").write_bytes(b"junk")
    (tmp_path / "Pro" / "notes.txt").write_text("a note", encoding="utf-8")
    result = scan(tmp_path)
    reasons = {p.name: r for p, r in result.bad_files}
    assert reasons == {"junk.png": "not a readable image (unknown or corrupt format)",
                       "notes.txt": "not an image file (extension)"}
    assert reasons["junk.png"].code == "image.unidentified"  # type: ignore[attr-defined]
    assert reasons["notes.txt"].code in UNUSABLE_CODES  # type: ignore[attr-defined]
    assert json.loads(json.dumps(result.to_dict()))["bad_files"][0]["reason"] in reasons.values()


def test_a_left_out_reason_keeps_its_code_when_copied_or_pickled() -> None:
    import copy
    import pickle

    from core.data.scan import Unusable

    reason = Unusable("truncated image file", "image.truncated", {})
    for again in (copy.deepcopy(reason), pickle.loads(pickle.dumps(reason))):
        assert again == "truncated image file" and again.code == "image.truncated"  # type: ignore[attr-defined]
