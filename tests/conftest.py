"""Shared fixtures: offscreen Qt, tiny synthetic datasets, a tiny trained model."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from core.classes import CLASSES  # noqa: E402

REAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "aria2021-all" / "original"

# Per-class tint so a tiny model can learn the synthetic classes quickly: of the background
# and, apart from it, of the "cells" (the default model white-balances each image to its
# background, so the cells' colour relative to it is what tells the classes apart).
TINTS = {"Benign": (200, 120, 160), "Early": (150, 110, 190), "Pre": (110, 120, 200),
         "Pro": (220, 190, 200)}
CELLS = {"Benign": (40, 20, 40), "Early": (40, 35, 130), "Pre": (20, 90, 150),
         "Pro": (150, 40, 60)}


def smear(label: str, seed: int, size: int = 48) -> np.ndarray:
    """A synthetic 'smear field': tinted background with a few dark blobs."""
    rng = np.random.default_rng(seed)
    base = np.array(TINTS[label], dtype=np.float32)
    img = np.ones((size, size, 3), np.float32) * base + rng.normal(0, 8, (size, size, 3))
    yy, xx = np.mgrid[:size, :size]
    for _ in range(3):
        cy, cx, r = rng.integers(5, size - 5), rng.integers(5, size - 5), rng.integers(3, 8)
        mask = (yy - cy) ** 2 + (xx - cx) ** 2 < r * r
        img[mask] = CELLS[label]
    return np.clip(img, 0, 255).astype(np.uint8)


def make_dataset(root: Path, per_class: int = 8, size: int = 48, classes=CLASSES,
                 names: dict[str, str] | None = None) -> Path:
    """Write ``per_class`` JPEGs per class into ``root/<Class>/<Class>-NNN.jpg``."""
    for c_i, label in enumerate(classes):
        folder = root / (names or {}).get(label, label)
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            Image.fromarray(smear(label, 1000 * c_i + i, size)).save(
                folder / f"WBC-{label}-{i + 1:03d}.jpg", quality=95)
    return root


@pytest.fixture
def tiny_dataset(tmp_path: Path) -> Path:
    return make_dataset(tmp_path / "data")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A default-architecture bundle trained for 2 epochs on 32x32 synthetic images."""
    from core.training.train import TrainConfig, train

    root = tmp_path_factory.mktemp("tinymodel")
    data = make_dataset(root / "data", per_class=10)
    result = train(data, root / "model", TrainConfig(arch="default", epochs=2, image_size=32,
                                                     batch_size=8, block_size=3, seed=1))
    return result.bundle_dir


@pytest.fixture
def real_data() -> Path:
    if not REAL_DATA.is_dir():
        pytest.skip("real data not available (../shared/data/aria2021-all)")
    return REAL_DATA
