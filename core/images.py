"""Load one image safely as 8-bit RGB, or say why it cannot be used."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"})

# Decompression-bomb guard: a smear field is far below this; 20000x20000 is refused.
MAX_PIXELS = 60_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageError(Exception):
    """An image file that cannot be used; ``str()`` is a one-line reason naming the file."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


def is_image_name(path: Path) -> bool:
    """True when the file name has an image extension we read."""
    return path.suffix.lower() in IMAGE_EXTENSIONS


def sha256_file(path: Path | str, chunk: int = 1 << 20) -> str:
    """SHA-256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _to_rgb_array(img: Image.Image) -> np.ndarray:
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(img, dtype=np.float64)
        if not np.isfinite(arr).all():
            arr = np.nan_to_num(arr, nan=0.0, posinf=0.0, neginf=0.0)
        lo, hi = float(arr.min()), float(arr.max())
        if mode == "F" and lo >= 0.0 and hi <= 1.0:
            lo, hi = 0.0, 1.0  # float images already in [0, 1] keep their brightness
        elif mode.startswith("I;16"):
            lo, hi = 0.0, 65535.0
        scaled = np.zeros_like(arr) if hi <= lo else (arr - lo) / (hi - lo) * 255.0
        grey = np.clip(scaled + 0.5, 0, 255).astype(np.uint8)
        return np.repeat(grey[..., None], 3, axis=2)
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(background, rgba)
    return np.asarray(img.convert("RGB"), dtype=np.uint8)


def load_rgb(path: Path | str) -> np.ndarray:
    """Read an image file as an ``HxWx3`` uint8 RGB array.

    Handles EXIF orientation, palette, alpha (composited on white), grey, CMYK, 16-bit and
    float images. Raises :class:`ImageError` with a readable reason for anything else:
    missing, empty, truncated, not an image, or too large (decompression bomb).
    """
    path = Path(path)
    try:
        if not path.is_file():
            raise ImageError(path, "file not found" if not path.exists() else "not a regular file")
        if path.stat().st_size == 0:
            raise ImageError(path, "empty file (0 bytes)")
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                w, h = img.size
                if w * h > MAX_PIXELS:
                    raise ImageError(path, f"image too large ({w}x{h} pixels)")
                if w < 1 or h < 1:
                    raise ImageError(path, "image has no pixels")
                img.load()
                img = ImageOps.exif_transpose(img) or img
                return _to_rgb_array(img)
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(path, "image too large (decompression bomb guard)") from None
    except UnidentifiedImageError:
        raise ImageError(path, "not a readable image (unknown or corrupt format)") from None
    except OSError as exc:
        text = str(exc)
        if "truncated" in text.lower():
            raise ImageError(path, "truncated image file") from None
        raise ImageError(path, f"cannot read image ({text or type(exc).__name__})") from None
    except (ValueError, SyntaxError, TypeError, IndexError, KeyError, MemoryError) as exc:
        raise ImageError(path, f"corrupt image ({type(exc).__name__}: {exc})") from None
