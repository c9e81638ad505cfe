"""Evaluate a model bundle on labelled images; keep every per-image prediction."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from core.classes import CLASSES
from core.data.provenance import origin_of, origin_stem
from core.data.scan import DatasetError, ImageItem, scan
from core.data.split import Manifest, read_manifest
from core.evaluation.metrics import Metrics
from core.evaluation.result import EvalPrediction, EvalResult, Skipped
from core.inference.predictor import Predictor
from core.progress import ProgressFn, StopFn, never_stop, no_progress


__all__ = ["EvalPrediction", "EvalResult", "Skipped", "count_seen", "evaluate", "labelled_items"]


def labelled_items(data: Path | str | Manifest, split: str | None = None,
                   ) -> tuple[list[ImageItem], list[Skipped]]:
    """Items to evaluate: a folder's images (all), or a manifest's ``split`` (default test)."""
    if isinstance(data, Manifest) or Path(data).is_file():
        manifest = data if isinstance(data, Manifest) else read_manifest(data)
        items = manifest.items(split or "test")
        if not items:
            raise DatasetError(f"the manifest's {split or 'test'} split is empty")
        return items, []
    result = scan(data)
    if not result.items:
        raise DatasetError(f"{data}: no readable labelled images")
    return list(result.items), [Skipped(str(p), r) for p, r in result.bad_files]


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _origin_size(path: Path) -> int | None:
    """The size of the original ``path`` was derived from, None when that file is unknown (a
    copy recognised only by its name) or gone."""
    origin = origin_of(path)
    if origin == path and origin_stem(path) != path.stem:
        return None
    return _size(origin)


def _training_sets(bundle_dir: Path) -> tuple[dict[tuple[str, str], int | None],
                                               dict[tuple[str, str], set[int | None]]]:
    """(class, file name) -> size of every training image, and (class, original's stem) -> the
    sizes of the originals they were derived from (None where unknown)."""
    try:
        manifest = read_manifest(bundle_dir / "split.json")
    except DatasetError:
        return {}, {}
    files: dict[tuple[str, str], int | None] = {}
    origins: dict[tuple[str, str], set[int | None]] = {}
    for e in manifest.entries:
        if e.split == "train":
            path = manifest.resolve(e.path)
            files[(e.label, Path(e.path).name.lower())] = _size(path)
            origins.setdefault((e.label, origin_stem(path).lower()), set()).add(_origin_size(path))
    return files, origins


def count_seen(bundle_dir: Path, predictions: Iterable[EvalPrediction]) -> int:
    """How many predictions (their ``path`` and ``true`` class) are of images the bundle was trained
    on, or copies of them: same class and file name, and the same size where the training file
    can still be found (so a different image that happens to share a name is not counted); or
    derived from the same original as a training image (balance's augmented copies, a
    corrected copy, anything a provenance file in the folder records: see
    :func:`core.data.provenance.origin_of`), with the original's size compared where it is known."""
    trained, trained_origins = _training_sets(bundle_dir)
    n = 0
    for p in predictions if trained else ():
        path = Path(p.path)
        key = (p.true, path.name.lower())
        if key in trained:
            size = _size(path)
            if size is not None and (trained[key] is None or size == trained[key]):
                n += 1
                continue
        sizes = trained_origins.get((p.true, origin_stem(path).lower()))
        if not sizes:
            continue
        size = _origin_size(path)
        n += size is None or None in sizes or size in sizes
    return n


def evaluate(
    model: Path | str | Predictor | None,
    data: Path | str | Manifest,
    *,
    split: str | None = None,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> EvalResult:
    """Evaluate ``model`` (default: the shipped one) on a labelled folder or manifest split.

    Returns accuracy, balanced accuracy, loss, confusion matrix, per-class precision,
    sensitivity, specificity, F1, support and ECE, plus every per-image prediction.
    """
    t0 = time.perf_counter()
    predictor = model if isinstance(model, Predictor) else Predictor(model)
    items, skipped = labelled_items(data, split)
    preds: list[EvalPrediction] = []
    labels, probs = [], []
    by_path = {str(i.path): i.label for i in items}
    for pred in predictor.iter_predict([i.path for i in items], progress=progress,
                                       should_stop=should_stop):
        if pred.error is not None:
            skipped.append(Skipped(str(pred.path), pred.error))
            continue
        true = by_path[str(pred.path)]
        labels.append(CLASSES.index(true))
        probs.append([pred.probabilities[c] for c in CLASSES])
        # scored on the model's top class, also for a field it gives no result for (flagged
        # unlike the training images: "no_result"), so the figures describe the model
        preds.append(EvalPrediction(str(pred.path), true, str(pred.top_class or pred.label),
                                    pred.confidence, pred.probabilities, pred.uncertain,
                                    pred.flags, pred.no_result))
    if not preds:
        raise DatasetError("none of the images could be read")
    metrics = Metrics.compute(np.asarray(labels), np.asarray(probs),
                              uncertain_rate=float(np.mean([p.uncertain for p in preds])))
    return EvalResult(metrics, tuple(preds), tuple(skipped), predictor.bundle.card, str(data),
                      time.perf_counter() - t0, seen_in_training=count_seen(predictor.bundle.path, preds))
