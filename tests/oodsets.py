"""Images that are not blood smear fields of this kind, made offline (benchmark and tests).

The ``uncertain`` flag must fire on these (``benchmarks/run_benchmark.py`` measures the rate;
``tests/core/test_shipped_model.py`` checks the shipped model). Nothing is downloaded: the
sets are generated, taken from photographs that matplotlib installs with itself (and from
scikit-image's if it is installed), or derived from real fields (another stain, a lower
magnification).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

SIZE = 224


def hsv_shift(rgb: np.ndarray, dh: float = 0.0, s: float = 1.0) -> np.ndarray:
    """Rotate the hue by ``dh`` of a turn and scale the saturation by ``s``."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV_FULL).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + dh * 256) % 256
    hsv[..., 1] = np.clip(hsv[..., 1] * s, 0, 255)
    return cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB_FULL)


def installed_photos() -> list[np.ndarray]:
    """Colour photographs shipped inside installed packages (matplotlib; scikit-image if any)."""
    from PIL import Image

    photos = []
    try:
        import matplotlib

        sample = Path(matplotlib.get_data_path()) / "sample_data"
        for name in ("grace_hopper.jpg", "Minduka_Present_Blue_Pack.png"):
            if (sample / name).is_file():
                with Image.open(sample / name) as im:
                    photos.append(np.asarray(im.convert("RGB")))
    except ImportError:  # matplotlib is a dependency, but the sets need not fail without it
        pass
    try:
        import skimage.data as sd  # optional: only if installed

        for name in ("astronaut", "coffee", "chelsea", "rocket"):
            img = getattr(sd, name)()
            photos.append(img[..., :3] if img.ndim == 3 else np.stack([img] * 3, -1))
    except Exception:  # noqa: BLE001 - scikit-image is optional, and some samples need a download
        pass
    return photos


def _random_crop(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A square crop of a quarter to all of the short side, resized to SIZE."""
    short = min(img.shape[:2])
    s = int(rng.integers(max(16, short // 4), short + 1))
    y0 = int(rng.integers(0, img.shape[0] - s + 1))
    x0 = int(rng.integers(0, img.shape[1] - s + 1))
    crop = np.ascontiguousarray(img[y0:y0 + s, x0:x0 + s])
    return cv2.resize(crop, (SIZE, SIZE), interpolation=cv2.INTER_AREA if s > SIZE else cv2.INTER_LINEAR)


def generated_sets(seed: int = 0, n_each: int = 20) -> dict[str, list[np.ndarray]]:
    """Named sets of ``n_each`` RGB uint8 images (SIZE×SIZE) that are not smear fields."""
    rng = np.random.default_rng(seed)
    names = ("blank white", "over-exposed", "black", "uniform noise", "smooth gradients",
             "text screenshot", "checkerboard", "photograph")
    sets: dict[str, list[np.ndarray]] = {k: [] for k in names}
    photos = installed_photos()
    photo_rng = np.random.default_rng(seed + 1)  # its own stream: the other sets stay as they were
    yy, xx = np.mgrid[:SIZE, :SIZE] / float(SIZE)
    for i in range(n_each):
        sets["blank white"].append(np.full((SIZE, SIZE, 3), 250 + i % 5, np.uint8))
        base = rng.integers(200, 256, (SIZE, SIZE, 3)).astype(np.uint8)
        sets["over-exposed"].append(np.clip(base.astype(int) + 40, 0, 255).astype(np.uint8))
        sets["black"].append(rng.integers(0, 20, (SIZE, SIZE, 3)).astype(np.uint8))
        sets["uniform noise"].append(rng.integers(0, 256, (SIZE, SIZE, 3)).astype(np.uint8))
        c = rng.random(3)
        sets["smooth gradients"].append(
            (np.stack([xx * c[0], yy * c[1], (xx + yy) / 2 * c[2]], -1) * 255).astype(np.uint8))
        img = np.full((SIZE, SIZE, 3), 255, np.uint8)
        for line in range(10):
            cv2.putText(img, f"Report line {i}-{line} {rng.integers(1e6)}", (5, 20 + 20 * line),
                        cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1)
        sets["text screenshot"].append(img)
        k = 8 + i
        board = ((np.indices((SIZE, SIZE)).sum(0) // k) % 2 * 255).astype(np.uint8)
        sets["checkerboard"].append(np.stack([board] * 3, -1))
        if photos:
            sets["photograph"].append(_random_crop(photos[i % len(photos)], photo_rng))
    return {k: v for k, v in sets.items() if v}


def derived_sets(fields: list[np.ndarray], n: int = 20) -> dict[str, list[np.ndarray]]:
    """Smears made unlike ours from real fields: a green counter-stain, and four fields tiled
    into one (a stand-in for a lower magnification)."""
    if not fields:
        return {}
    green = [hsv_shift(fields[i % len(fields)], 0.33) for i in range(n)]
    half = SIZE // 2
    tiled = []
    for i in range(n):
        quad = [cv2.resize(fields[(4 * i + k) % len(fields)], (half, half)) for k in range(4)]
        tiled.append(np.vstack([np.hstack(quad[:2]), np.hstack(quad[2:])]))
    return {"other stain (green)": green, "wrong magnification (4x tiled)": tiled}
