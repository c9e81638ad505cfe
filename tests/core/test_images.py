"""Safe image loading: odd modes are converted, bad files give a reason."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from core.data.images import ImageError, load_rgb


def _save(img: Image.Image, path: Path, **kw) -> Path:
    img.save(path, **kw)
    return path


def test_rgb_jpeg(tmp_path: Path) -> None:
    p = _save(Image.new("RGB", (30, 20), (10, 200, 30)), tmp_path / "a.jpg")
    arr = load_rgb(p)
    assert arr.shape == (20, 30, 3) and arr.dtype == np.uint8


@pytest.mark.parametrize("mode", ["L", "P", "CMYK", "LA", "1"])
def test_modes_become_rgb(tmp_path: Path, mode: str) -> None:
    img = Image.new("RGB", (16, 16), (200, 100, 50)).convert(mode)
    ext = ".jpg" if mode == "CMYK" else ".png"
    arr = load_rgb(_save(img, tmp_path / f"m{ext}"))
    assert arr.shape == (16, 16, 3)


def test_alpha_is_composited_on_white(tmp_path: Path) -> None:
    img = Image.new("RGBA", (8, 8), (255, 0, 0, 0))
    arr = load_rgb(_save(img, tmp_path / "alpha.png"))
    assert (arr == 255).all()


def test_16bit_grey_is_scaled(tmp_path: Path) -> None:
    data = np.full((10, 10), 65535, dtype=np.uint16)
    data[0, 0] = 0
    arr = load_rgb(_save(Image.fromarray(data), tmp_path / "g16.png"))
    assert arr.max() == 255 and arr.min() == 0


def test_float_tiff(tmp_path: Path) -> None:
    data = np.linspace(0, 1, 100, dtype=np.float32).reshape(10, 10)
    arr = load_rgb(_save(Image.fromarray(data, mode="F"), tmp_path / "f.tif"))
    assert arr.shape == (10, 10, 3) and arr.max() == 255


def test_exif_rotation_applied(tmp_path: Path) -> None:
    img = Image.new("RGB", (40, 20), (0, 0, 0))
    exif = img.getexif()
    exif[0x0112] = 6  # rotate 90 on display
    arr = load_rgb(_save(img, tmp_path / "r.jpg", exif=exif))
    assert arr.shape == (40, 20, 3)


@pytest.mark.parametrize(
    "content,reason",
    [(b"", "empty"), (b"hello, not an image", "not a readable image"),
     (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "")],
)
def test_bad_files_raise_image_error(tmp_path: Path, content: bytes, reason: str) -> None:
    p = tmp_path / "bad.jpg"
    p.write_bytes(content)
    with pytest.raises(ImageError) as info:
        load_rgb(p)
    assert reason in info.value.reason and str(p) in str(info.value)


def test_truncated_jpeg(tmp_path: Path) -> None:
    p = _save(Image.effect_noise((64, 64), 50).convert("RGB"), tmp_path / "t.jpg")
    p.write_bytes(p.read_bytes()[:300])
    with pytest.raises(ImageError):
        load_rgb(p)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="not found"):
        load_rgb(tmp_path / "nope.png")


def test_decompression_bomb_refused(tmp_path: Path) -> None:
    # a 20000x20000 1-bit PNG is small on disk but huge decoded
    p = _save(Image.new("1", (20000, 20000)), tmp_path / "bomb.png")
    with pytest.raises(ImageError, match="too large"):
        load_rgb(p)


def test_unicode_and_spaces_in_path(tmp_path: Path) -> None:
    folder = tmp_path / "dossier é 血液"
    folder.mkdir()
    p = _save(Image.new("RGB", (5, 5)), folder / "frotis ñ 1.png")
    assert load_rgb(p).shape == (5, 5, 3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048))
def test_random_bytes_never_crash(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "fuzz.png"
    p.write_bytes(data)
    try:
        arr = load_rgb(p)
    except ImageError:
        return
    assert arr.ndim == 3 and arr.shape[2] == 3 and arr.dtype == np.uint8
