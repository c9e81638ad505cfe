"""What a run trains on: the split, corrections and preflight decided before any image is
decoded (:class:`Plan`), and the images decoded once into caches (:class:`Feeds`)."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.data.corrected import CorrectionReport
from core.data.scan import DatasetError, ImageItem, scan
from core.data.split import Manifest, read_manifest, split_dataset
from core.progress import Progress, ProgressFn, StopFn, never_stop, no_progress
from core.training.checks import preflight
from core.training.config import ResolvedConfig
from core.training.pipeline import Decoded, decode_dataset, train_spec

NO_VALIDATION_NOTE = "no validation images: validated on training images"


def resolve_data(
    data: Path | str,
    *,
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15),
    seed: int = 42,
    block_size: int = 20,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> Manifest:
    """A manifest for ``data``: read it when it is a manifest file, else scan and split."""
    data = Path(data)
    if data.is_file():
        return read_manifest(data)
    result = scan(data, progress=progress, should_stop=should_stop)
    return split_dataset(
        result, fractions=fractions, seed=seed, block_size=block_size, progress=progress,
        should_stop=should_stop,
    )


def fingerprint(manifest: Manifest) -> str:
    h = hashlib.sha256()
    for e in sorted(manifest.entries, key=lambda e: e.path):
        h.update(f"{e.path}|{e.label}|{e.split}\n".encode())
    return h.hexdigest()


@dataclass(frozen=True)
class Plan:
    """The data a run uses, decided before any TensorFlow work on images."""

    manifest: Manifest
    train_items: list[ImageItem]
    val_items: list[ImageItem]  # the training images when there is no validation part
    test_items: list[ImageItem]
    val_note: str
    class_weight: dict[int, float]
    preflight: dict
    lineage: dict[str, Any]
    corrections: CorrectionReport | None


def plan_data(data: Path | str | Manifest, cfg: ResolvedConfig, parent: Any, *,
              progress: ProgressFn, should_stop: StopFn) -> Plan:
    """The split (the parent's where it saw the images), corrections applied, preflight checked
    (its warnings sent to ``progress``), and the class weights."""
    manifest = data if isinstance(data, Manifest) else resolve_data(
        data, fractions=cfg.fractions, seed=cfg.seed, block_size=cfg.block_size,
        progress=progress, should_stop=should_stop,
    )
    lineage: dict[str, Any] = {}
    if parent is not None:
        from core.training.finetune import inherit_split, parent_record

        if not isinstance(data, Manifest) and not Path(data).is_file():
            manifest, moved = inherit_split(manifest, parent)
            lineage["split_inherited"] = moved
        lineage["parent"] = parent_record(parent)
    report = None
    if cfg.corrections:
        from core.data.corrected import apply_corrections

        manifest, report = apply_corrections(manifest, cfg.corrections)  # type: ignore[assignment]
        lineage["corrections"] = {"path": report.corrections_path,
                                  "sha256": report.corrections_sha256, "counts": report.counts}
    manifest, used = preflight(manifest)
    train_items, val_items = manifest.items("train"), manifest.items("val")
    if not train_items:
        raise DatasetError("no training images (the split has an empty train part)")
    present = {i.label for i in train_items}
    if len(present) < 2:
        raise DatasetError(f"training needs at least two classes with images; found {sorted(present)}")
    for text in used["warnings"]:  # said before the first epoch, once the run can go ahead
        progress(Progress("warning", 0, 0, text))
    val_note = ""
    if not val_items:
        val_items, val_note = train_items, NO_VALIDATION_NOTE
    counts = np.array([sum(i.label == c for i in train_items) for c in CLASSES], dtype=float)
    class_weight = {i: float(counts.sum() / (len(present) * counts[i])) if counts[i] else 0.0
                    for i in range(len(CLASSES))}
    return Plan(manifest, train_items, val_items, manifest.items("test"), val_note, class_weight,
                used, lineage, report)


class Feeds:
    """The run's images, decoded once into caches under one temporary folder: the training
    set (at the training loader's size) and the validation set, read again after the fit when
    this worker holds all of them; :meth:`close` removes the caches."""

    def __init__(self, plan: Plan, cfg: ResolvedConfig, shard: tuple[int, int],
                 should_stop: StopFn) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="leukemia-cache-")
        self.spec = cfg.spec
        self.shard = shard
        self._armed = True  # the fit may skip decoding once cancelled; later passes never do
        decode_spec = train_spec(self.spec, cfg.augment) if cfg.augment != "none" else self.spec
        self.train: Decoded | None = Decoded(tuple(plan.train_items), decode_spec, decode_dataset(
            plan.train_items, decode_spec, cache_dir=self._dir.name, shard=shard,
            should_stop=lambda: self._armed and should_stop()))
        self.val: Decoded | None = Decoded(tuple(plan.val_items), self.spec, decode_dataset(
            plan.val_items, self.spec, cache_dir=self._dir.name, shard=shard))
        self._clean: Decoded | None = None

    def fit_ended(self) -> None:
        self._armed = False

    def reusable(self) -> list[Decoded]:
        """The sets that hold every image of their items (one worker): read after the fit."""
        if self.shard != (1, 0):
            return []
        return [d for d in (self.train, self.val) if d is not None]

    def clean_train(self, plan: Plan, cache: bool) -> Decoded:
        """The training images at the model's size: a set already decoded that way, else a new
        one (cached when ``cache``: the recalibration and the calibration both read it)."""
        items = tuple(plan.train_items)
        for d in [*self.reusable(), *([self._clean] if self._clean is not None else [])]:
            if d.items == items and d.spec == self.spec:
                return d
        self._clean = Decoded(items, self.spec, decode_dataset(
            plan.train_items, self.spec, cache_dir=self._dir.name, cache=cache))
        return self._clean

    def drop_train(self) -> None:
        """Free the training loader's cache when it is not at the model's size (crop modes)."""
        if self.train is not None and self.train.spec != self.spec:
            self.train = None

    def close(self) -> None:
        self.train = self.val = self._clean = None
        self._dir.cleanup()
