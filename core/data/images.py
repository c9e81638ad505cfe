"""Load one image safely as 8-bit RGB, or say why it cannot be used."""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"})

# Decompression-bomb guard: a smear field is far below this; 20000x20000 is refused.
MAX_PIXELS = 60_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Memory one decode may take: the decoded bands at their bit depth, a float working copy for
# deep images, and the 8-bit RGB result. A 60 Mpx 8-bit RGB field needs about 360 MB.
MAX_DECODED_BYTES = 768 * 2**20
# A file read whole to be decoded and hashed from the same bytes is no larger than the most one
# decode may hold: any image the guards above accept has a smaller file.
MAX_FILE_BYTES = MAX_DECODED_BYTES
_DEEP_MODES = ("I;16", "I;16B", "I;16L", "I", "F")


def decoded_bytes(mode: str, width: int, height: int) -> int:
    """Bytes that decoding an image of this mode and size holds at its peak (see above)."""
    try:
        bands = Image.getmodebands(mode) if mode not in _DEEP_MODES else 1
    except (KeyError, ValueError):
        bands = 4
    per_band = 2 if mode.startswith("I;16") else 4 if mode in ("I", "F") else 1
    working = 8 if mode in _DEEP_MODES else 4 if bands == 4 or mode in ("P", "PA", "LA") else 0
    return width * height * (bands * per_band + working + 3)


def available_memory() -> int | None:
    """Physical memory free for new work in bytes (Linux, macOS, Windows), else None."""
    import os
    import sys

    try:
        if sys.platform == "win32":
            import ctypes

            class _Status(ctypes.Structure):
                _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong),
                            ("total", ctypes.c_ulonglong), ("avail", ctypes.c_ulonglong),
                            ("total_page", ctypes.c_ulonglong), ("avail_page", ctypes.c_ulonglong),
                            ("total_virtual", ctypes.c_ulonglong), ("avail_virtual", ctypes.c_ulonglong),
                            ("avail_extended", ctypes.c_ulonglong)]

            status = _Status()
            status.length = ctypes.sizeof(_Status)
            ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))  # type: ignore[attr-defined]
            return int(status.avail)
        if os.path.exists("/proc/meminfo"):
            with open("/proc/meminfo", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (OSError, ValueError, AttributeError):
        return None


def decode_workers(limit: int = 8) -> int:
    """Decode threads for a batch: one per core, but never more than memory allows when each
    holds the largest decode this module accepts (at least one)."""
    import os

    n = max(1, min(limit, os.cpu_count() or 1))
    free = available_memory()
    if free is not None:
        n = max(1, min(n, free // (2 * MAX_DECODED_BYTES)))
    return int(n)


# Why an image cannot be used, as a stable code; ``ImageError.params`` holds the named values the
# code's sentence uses, so an interface can word it in its own language from code and params.
IMAGE_ERROR_CODES: dict[str, tuple[str, ...]] = {
    "image.not_found": (),
    "image.not_regular": (),
    "image.empty": (),
    "image.too_large": ("width", "height"),
    "image.too_large_to_decode": ("width", "height", "mode", "need_mib", "limit_mib"),
    "image.no_pixels": (),
    "image.bomb": (),
    "image.unidentified": (),
    "image.truncated": (),
    "image.cannot_read": ("detail",),
    "image.corrupt": ("kind", "detail"),
}


class ImageError(Exception):
    """An image file that cannot be used; ``str()`` is a one-line reason naming the file.

    ``reason`` is the English sentence (CLI, logs, result files); ``code`` (a key of
    :data:`IMAGE_ERROR_CODES`) and ``params`` say the same in a form an interface can translate.
    """

    def __init__(self, path: Path | str, reason: str, code: str = "image.cannot_read",
                 params: dict[str, object] | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason
        self.code = code
        self.params: dict[str, object] = dict(params) if params is not None else {"detail": reason}


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


class LoadedImage(NamedTuple):
    """A file's pixels and the SHA-256 of the bytes they were decoded from."""

    rgb: np.ndarray
    sha256: str


def load_rgb(path: Path | str) -> np.ndarray:
    """Read an image file as an ``HxWx3`` uint8 RGB array.

    Handles EXIF orientation, palette, alpha (composited on white), grey, CMYK, 16-bit and
    float images. Raises :class:`ImageError` with a readable reason for anything else:
    missing, empty, truncated, not an image, or too large (decompression bomb).
    """
    return _load(Path(path), keep_bytes=False)[0]


def read_image_file(path: Path | str) -> LoadedImage:
    """:func:`load_rgb` from one read of the file: its bytes are read once (at most
    ``MAX_FILE_BYTES``), decoded, and hashed, so the digest names the very bytes decoded."""
    rgb, data = _load(Path(path), keep_bytes=True)
    return LoadedImage(rgb, hashlib.sha256(data).hexdigest())


def _read_bytes(path: Path) -> bytes:
    with open(path, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        detail = f"file over {MAX_FILE_BYTES // 2**20} MiB"
        raise ImageError(path, f"cannot read image ({detail})", "image.cannot_read",
                         {"detail": detail})
    return data


def _load(path: Path, keep_bytes: bool) -> tuple[np.ndarray, bytes]:
    """The pixels of ``path``, and (``keep_bytes``) the bytes read whole and decoded from;
    else decoded from the file as Pillow reads it, and ``b""``."""
    try:
        if not path.is_file():
            if not path.exists():
                raise ImageError(path, "file not found", "image.not_found", {})
            raise ImageError(path, "not a regular file", "image.not_regular", {})
        if path.stat().st_size == 0:
            raise ImageError(path, "empty file (0 bytes)", "image.empty", {})
        data = _read_bytes(path) if keep_bytes else b""
        if keep_bytes and not data:
            raise ImageError(path, "empty file (0 bytes)", "image.empty", {})
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data) if keep_bytes else path) as img:
                w, h = img.size
                if w * h > MAX_PIXELS:
                    raise ImageError(path, f"image too large ({w}x{h} pixels)", "image.too_large",
                                     {"width": w, "height": h})
                need = decoded_bytes(img.mode, w, h)
                if need > MAX_DECODED_BYTES:
                    need_mib, limit_mib = round(need / 2**20), MAX_DECODED_BYTES // 2**20
                    raise ImageError(path, f"image too large to decode ({w}x{h} {img.mode}, "
                                           f"{need / 2**20:.0f} MiB; the limit is "
                                           f"{limit_mib} MiB)", "image.too_large_to_decode",
                                     {"width": w, "height": h, "mode": img.mode,
                                      "need_mib": need_mib, "limit_mib": limit_mib})
                if w < 1 or h < 1:
                    raise ImageError(path, "image has no pixels", "image.no_pixels", {})
                img.load()
                rotated = ImageOps.exif_transpose(img) or img
                return _to_rgb_array(rotated), data
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(path, "image too large (decompression bomb guard)", "image.bomb",
                         {}) from None
    except UnidentifiedImageError:
        raise ImageError(path, "not a readable image (unknown or corrupt format)",
                         "image.unidentified", {}) from None
    except OSError as exc:
        text = str(exc)
        if "truncated" in text.lower():
            raise ImageError(path, "truncated image file", "image.truncated", {}) from None
        detail = text or type(exc).__name__
        raise ImageError(path, f"cannot read image ({detail})", "image.cannot_read",
                         {"detail": detail}) from None
    except (ValueError, SyntaxError, TypeError, IndexError, KeyError, MemoryError) as exc:
        raise ImageError(path, f"corrupt image ({type(exc).__name__}: {exc})", "image.corrupt",
                         {"kind": type(exc).__name__, "detail": str(exc)}) from None
