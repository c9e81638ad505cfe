"""``leukemia-gui --selftest``: prove an installed or frozen app works, then exit.

Builds the window offscreen, loads the default model, classifies the bundled samples (the
label is the file name's prefix) and prints one JSON line. ``--selftest-train`` also trains a
tiny model for one epoch on generated images (TensorFlow inside the bundle). Exit code 0 only
when everything is right.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any


def _generated_dataset(root: Path) -> Path:
    import numpy as np
    from PIL import Image

    tints = {"Benign": (200, 120, 160), "Early": (150, 110, 190), "Pre": (110, 120, 200),
             "Pro": (220, 190, 200)}
    rng = np.random.default_rng(0)
    for label, tint in tints.items():
        (root / label).mkdir(parents=True)
        for i in range(6):
            img = np.clip(np.array(tint) + rng.normal(0, 10, (32, 32, 3)), 0, 255).astype(np.uint8)
            Image.fromarray(img).save(root / label / f"{label}-{i + 1:03d}.png")
    return root


def run_selftest(t_start: float, train: bool = False) -> int:
    from PySide6.QtCore import QSettings

    from core.inference.predictor import Predictor
    from core.resources import samples_dir
    from leukemia_gui.main_window import MainWindow

    report: dict[str, Any] = {"ok": False}
    with tempfile.TemporaryDirectory(prefix="leukemia-selftest-") as tmp:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.show()
        report["startup_s"] = round(time.perf_counter() - t_start, 3)
        t0 = time.perf_counter()
        predictor = Predictor()
        report["model_load_s"] = round(time.perf_counter() - t0, 3)
        report["model_id"] = predictor.bundle.model_id
        report["backend"] = predictor.backend
        samples = sorted(samples_dir().glob("*.jpg"))
        labels, times, wrong = {}, [], []
        for path in samples:
            t0 = time.perf_counter()
            pred = predictor.predict_path(path)
            times.append((time.perf_counter() - t0) * 1000)
            labels[path.name] = pred.label
            if pred.label != path.name.split("-")[0]:
                wrong.append(path.name)
        report["labels"] = labels
        report["per_image_ms"] = round(sorted(times)[len(times) // 2], 2) if times else None
        ok = bool(samples) and not wrong
        if train:
            from core.training.train import TrainConfig
            from core.training.train import train as train_model

            t0 = time.perf_counter()
            data = _generated_dataset(Path(tmp) / "data")
            result = train_model(data, Path(tmp) / "model",
                                 TrainConfig(epochs=1, image_size=32, batch_size=8, block_size=2))
            report["train_s"] = round(time.perf_counter() - t0, 1)
            report["train_ok"] = result.bundle_dir is not None and result.epochs_run == 1
            ok = ok and report["train_ok"]
        window.close()
    report["wrong"] = wrong
    report["ok"] = ok
    print(json.dumps(report), flush=True)
    return 0 if ok else 1
