"""Plain (Qt-free) job functions the tabs hand to their task runner: core calls composed, nothing more.

Each takes ``progress=`` and ``should_stop=`` like every long core function, so it runs the
same in the Worker thread and in a test without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.data.duplicates import DuplicateGroup, find_duplicates
from core.data.images import ImageError, load_rgb
from core.data.scan import ScanResult, scan
from core.progress import ProgressFn, StopFn, check_stop, never_stop, no_progress

SAMPLES_PER_CLASS = 4
THUMB_PIXELS = 160  # longest side kept for a thumbnail; the tab scales further down


@dataclass(frozen=True)
class DatasetOverview:
    """What the Dataset tab shows about a folder."""

    scan: ScanResult
    duplicates: tuple[DuplicateGroup, ...]
    samples: dict[str, list[tuple[Path, np.ndarray]]] = field(default_factory=dict)


def _shrink(rgb: np.ndarray, longest: int = THUMB_PIXELS) -> np.ndarray:
    """Cheap stride-based downsizing so a thumbnail never holds a full-size photo in memory."""
    step = max(1, max(rgb.shape[:2]) // longest)
    return np.ascontiguousarray(rgb[::step, ::step])


def overview_dataset(
    root: Path | str,
    *,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> DatasetOverview:
    """Scan ``root``, group duplicates and load a few sample images per class."""
    result = scan(root, progress=progress, should_stop=should_stop)
    groups = find_duplicates(result.items, progress=progress, should_stop=should_stop)
    samples: dict[str, list[tuple[Path, np.ndarray]]] = {}
    for item in result.items:
        check_stop(should_stop)
        chosen = samples.setdefault(item.label, [])
        if len(chosen) >= SAMPLES_PER_CLASS:
            continue
        try:
            chosen.append((item.path, _shrink(load_rgb(item.path))))
        except ImageError:  # changed since the scan; the scan lists real problems
            continue
    return DatasetOverview(result, tuple(groups), samples)


def train_model(
    data: Path | str,
    out_dir: Path | str,
    config: object,
    *,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> object:
    """``core.training.train.train`` (its result carries the corrections report, if any)."""
    from core.training import train as train_module  # looked up at call time so tests can fake it

    return train_module.train(data, out_dir, config, progress=progress, should_stop=should_stop)
