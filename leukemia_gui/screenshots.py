"""``leukemia-gui --screenshot DIR``: render every tab offscreen to PNG files (docs, review)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtWidgets import QApplication, QMainWindow

from core.classes import CLASSES
from core.resources import samples_dir

# Unequal counts on purpose, so the screenshot shows why balancing exists.
DEMO_COUNTS = {"Benign": 9, "Early": 14, "Pre": 12, "Pro": 7}
DEMO_TINTS = {"Benign": (232, 196, 214), "Early": (222, 200, 226), "Pre": (214, 204, 232),
              "Pro": (236, 212, 222)}


def _demo_smear(label: str, seed: int, size: int = 160) -> np.ndarray:
    """A synthetic smear field: pale pink background, red cells, one purple-nucleus blast."""
    rng = np.random.default_rng(seed)
    img = np.ones((size, size, 3), np.float32) * np.array(DEMO_TINTS[label], np.float32)
    img += rng.normal(0, 4, img.shape)
    yy, xx = np.mgrid[:size, :size]
    for _ in range(int(rng.integers(6, 10))):  # erythrocytes
        cy, cx, r = rng.integers(0, size), rng.integers(0, size), rng.integers(10, 16)
        d = (yy - cy) ** 2 + (xx - cx) ** 2
        img[d < r * r] = (214, 140, 150)
        img[d < (r * 0.45) ** 2] = (226, 170, 176)
    cy, cx = rng.integers(50, size - 50, 2)
    r = {"Benign": 22, "Early": 28, "Pre": 32, "Pro": 36}[label] + rng.integers(-3, 4)
    d = (yy - cy) ** 2 + (xx - cx) ** 2
    img[d < (r * 1.25) ** 2] = (196, 170, 214)  # cytoplasm
    img[d < r * r] = (92, 52, 140)  # nucleus
    return np.clip(img, 0, 255).astype(np.uint8)


def write_demo_dataset(root: Path) -> Path:
    """A small synthetic dataset (one unreadable file, one exact duplicate) for screenshots."""
    for c_i, label in enumerate(CLASSES):
        folder = root / label
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(DEMO_COUNTS[label]):
            Image.fromarray(_demo_smear(label, 100 * c_i + i)).save(
                folder / f"WBC-{label}-{i + 1:03d}.jpg", quality=92)
    (root / "Pro" / "WBC-Pro-broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    (root / "Early" / "WBC-Early-copy.jpg").write_bytes(
        (root / "Early" / "WBC-Early-001.jpg").read_bytes())
    return root


def _settle(app: QApplication, seconds: float = 0.2) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def render_screenshots(window: QMainWindow, out_dir: Path, size: tuple[int, int],
                       scratch: Path) -> list[Path]:
    """Show the sample (or a synthetic) dataset, then grab each tab to ``out_dir/<tab>.png``."""
    app = QApplication.instance()
    out_dir.mkdir(parents=True, exist_ok=True)
    window.resize(*size)
    window.show()
    dataset = samples_dir()
    if not (dataset.is_dir() and any(p.is_dir() for p in dataset.iterdir())):
        dataset = write_demo_dataset(scratch / "demo_dataset")
    tab = window.dataset_tab
    tab.load_folder(dataset)
    deadline = time.monotonic() + 120
    while tab.is_busy() and time.monotonic() < deadline:
        _settle(app, 0.05)
    _settle(app)
    written = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        _settle(app)
        # file names stay English (dataset.png …) whatever the interface language
        from leukemia_gui.main_window import TAB_KEYS

        keys = [k for k in TAB_KEYS if getattr(window, f"{k}_tab", None) is window.tabs.widget(i)]
        name = keys[0] if keys else window.tabs.tabText(i).lower().replace(" ", "_")
        path = out_dir / f"{name}.png"
        window.grab().save(str(path))
        written.append(path)
    return written
