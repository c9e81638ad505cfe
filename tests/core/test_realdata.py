"""Opt-in checks on the real development images (``-m realdata``; ``-m "realdata and slow"``
for the short real training). They skip cleanly when ``../shared/data/aria2021-all`` is absent.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m realdata
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from core.classes import CLASSES
from core.data.duplicates import find_duplicates
from core.data.scan import ScanResult, scan
from core.data.split import block_key, split_dataset

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "aria2021-all" / "original"

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"real data not found at {DATA}"),
]


@pytest.fixture(scope="module")
def real() -> ScanResult:
    return scan(DATA, verify=False)


def sample(real: ScanResult, per_class: int, seed: int = 3) -> list:
    rng = random.Random(seed)
    return [item for c in CLASSES
            for item in rng.sample([i for i in real.items if i.label == c], per_class)]


def test_scan_finds_every_file(real: ScanResult) -> None:
    on_disk = {c: len(list((DATA / c).glob("*.jpg"))) for c in CLASSES}
    assert real.counts == on_disk and sum(on_disk.values()) > 2500
    assert not real.bad_files and not real.unknown_folders


def test_exact_duplicates_are_found_and_the_block_split_keeps_them_together(real: ScanResult) -> None:
    groups = find_duplicates(real.items, max_distance=2)
    exact = [g for g in groups if g.kind == "exact"]
    by_bytes: dict[str, list[Path]] = {}
    for item in real.items:
        by_bytes.setdefault(hashlib.sha256(item.path.read_bytes()).hexdigest(), []).append(item.path)
    copies = sorted(sorted(map(str, v)) for v in by_bytes.values() if len(v) > 1)
    # byte-identical files (36 pairs here, all in Pro), each one exact group
    assert copies and sorted(sorted(str(i.path) for i in g.items) for g in exact) == copies
    assert all({i.label for i in g.items} == {"Pro"} for g in exact)
    assert len([g for g in groups if g.kind == "near"]) > 0
    manifest = split_dataset(real, seed=42, duplicates=groups)
    where = {str(manifest.resolve(e.path)): e.split for e in manifest.entries}
    for g in groups:  # no copy of an image on both sides of the split
        assert len({where[str(i.path)] for i in g.items}) == 1
    blocks: dict[str, set[str]] = {}
    for e in manifest.entries:
        blocks.setdefault(e.group, set()).add(e.split)
    assert all(len(s) == 1 for s in blocks.values())
    # and every block of 20 consecutive files (the patient proxy) sits in one split
    per_block: dict[str, set[str]] = {}
    for i in real.items:
        per_block.setdefault(block_key(i, 20), set()).add(where[str(i.path)])
    assert all(len(s) == 1 for s in per_block.values())
    counts = manifest.counts()
    total = len(real.items)
    assert abs(sum(counts["test"].values()) / total - 0.15) < 0.03


def test_shipped_model_reads_real_fields_of_every_class(real: ScanResult) -> None:
    from core.inference.predictor import Predictor
    from core.inference.result import summarize_case

    predictor = Predictor()  # the shipped model
    items = sample(real, 25)
    preds = predictor.predict_paths([i.path for i in items])
    assert all(p.error is None for p in preds)
    right = np.array([p.label == i.label for p, i in zip(preds, items)])
    # the shipped model saw 85% of these images in training: a smoke test, not a benchmark
    assert right.mean() >= 0.95, [(i.path.name, p.label) for p, i in zip(preds, items) if p.label != i.label]
    assert np.mean([p.uncertain for p in preds]) <= 0.10
    for c in CLASSES:  # each class's fields, read as one case, give that class
        case = summarize_case([p for p, i in zip(preds, items) if i.label == c])
        assert case.label == c and not case.uncertain


@pytest.mark.slow
def test_a_short_real_training_learns_the_classes(real: ScanResult, tmp_path: Path) -> None:
    from core.training.train import TrainConfig, train

    folder = tmp_path / "subset"
    for item in sample(real, 80):
        (folder / item.label).mkdir(parents=True, exist_ok=True)
        (folder / item.label / item.path.name).write_bytes(item.path.read_bytes())
    result = train(folder, tmp_path / "model",
                   TrainConfig(arch="default", epochs=6, image_size=64, batch_size=16, seed=1))
    assert result.bundle_dir.is_dir()
    assert result.metrics["test"]["accuracy"] > 0.5, result.metrics["test"]  # chance is 0.25
