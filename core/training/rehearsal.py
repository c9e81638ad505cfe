"""Continued training that keeps what the parent knew: rehearsal, L2-SP and what to train.

Measures, each chosen by measurement on a block split (``benchmarks/continued_training.py``,
``docs/benchmarks.md``, "Continued training"):

* **rehearsal**: the parent's carried training images (:data:`core.model.carried.REHEARSAL_FILE`)
  are trained on again beside the new lab's, so the gradient keeps seeing the old distribution;
* **L2-SP**: a penalty ``alpha * sum((w - w_parent)^2)`` on every trained weight pulls it back
  toward the parent's value (Li, Grandvalet & Davoine 2018), in the loop's regularisation loss;
* **what to train**: ``all`` layers, ``top3`` (the last three convolution blocks and the class
  maps), the ``top`` (the last two and the class maps) or the ``head`` (class maps only);
  BatchNorm stays frozen while training (optionally its scale and offset learn, ``affine``)
  (:func:`core.training.finetune.load_parent_model`);
* **BatchNorm statistics** of the new images and the rehearsal images together replace the
  parent's before training (``batchnorm``): a stain change moves every layer's input, and
  statistics of both labs serve both;
* **colour-transferred rehearsal**: beside each rehearsal image, a copy in the new images'
  colours (``transfer``, :func:`colour_transfer_copies`), so the parent's labelled fields are
  seen in the new stain too.

The default is rehearsal, L2-SP 1.0, the top blocks and BatchNorm statistics of both labs.
The best method on a validation parent's held-out blocks (colour-transferred copies, L2-SP
0.1) lost several points on the parent's reference when scored on independent fields, so it
is not the default; the earlier behaviour (all layers, nothing kept) is :data:`NAIVE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.data.preprocess import PreprocessSpec
from core.data.scan import ImageItem

TRAINABLE = {"all": None, "top3": ("conv3", "conv4", "conv5", "class_maps"),
             "top": ("conv4", "conv5", "class_maps"), "head": ("class_maps",)}


@dataclass(frozen=True)
class ContinueMethod:
    """How a continued training keeps its parent's knowledge (the defaults are the measured
    choice; :data:`NAIVE` is the earlier behaviour, kept for comparison)."""

    rehearsal: bool = True  # train on the parent's carried rehearsal images too
    l2sp: float = 1.0  # L2-SP strength; 0: none
    train: str = "top"  # one of TRAINABLE
    batchnorm: bool = True  # BatchNorm statistics of the new and rehearsal images before training
    transfer: bool = False  # rehearse a copy of each rehearsal image in the new images' colours too
    affine: bool = False  # train the BatchNorm scale and offset of the trained blocks (statistics stay)
    restat: bool = False  # BatchNorm statistics of the new and rehearsal images again after training
    new_repeat: int = 1  # each new training image this many times among the training items

    def __post_init__(self) -> None:
        if self.train not in TRAINABLE:
            raise ValueError(f"unknown choice of layers {self.train!r}; choose from {', '.join(TRAINABLE)}")
        if not 0 <= self.l2sp <= 100:
            raise ValueError(f"L2-SP strength {self.l2sp!r} is out of range: allowed 0 to 100")
        if not 1 <= self.new_repeat <= 10:
            raise ValueError(f"new-image repeat {self.new_repeat!r} is out of range: allowed 1 to 10")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


DEFAULT_METHOD = ContinueMethod()
NAIVE = ContinueMethod(rehearsal=False, l2sp=0.0, train="all")


def restrict_trainable(model: Any, train: str) -> int:
    """Freeze every layer but those ``train`` names (``all``: leave them); returns how many
    weights stay trainable."""
    names = TRAINABLE[train]
    if names is not None:
        for layer in model.layers:
            if layer.name not in names and layer.weights:
                layer.trainable = False
    return int(sum(int(np.prod(v.shape)) for v in model.trainable_weights))


def _frozen_statistics_call(layer: Any) -> None:
    """Make a BatchNormalization layer normalise with its moving statistics even in training
    mode (its scale and offset still learn; the statistics never move)."""
    base = type(layer).call

    def call(inputs: Any, training: Any = None, mask: Any = None) -> Any:
        return base(layer, inputs, training=False, mask=mask)

    layer.call = call


def train_batchnorm_affine(model: Any, train: str) -> int:
    """Let the BatchNorm layers of the trained blocks (``bnK`` of ``convK``; all with ``all``)
    learn their scale and offset, their statistics kept as they are; returns how many layers."""
    import keras

    names = TRAINABLE[train]
    count = 0
    for layer in model.layers:
        if not isinstance(layer, keras.layers.BatchNormalization):
            continue
        if names is not None and layer.name.replace("bn", "conv", 1) not in names:
            continue
        _frozen_statistics_call(layer)
        layer.trainable = True
        count += 1
    return count


def attach_l2sp(model: Any, alpha: float) -> int:
    """Pull every trainable weight toward its current (the parent's) value with an L2-SP
    penalty, read by the training loop through ``model.losses``; returns how many variables."""
    if alpha <= 0:
        return 0
    import keras

    count = 0
    for v in model.trainable_weights:
        anchor = keras.ops.convert_to_tensor(np.asarray(v), dtype=v.dtype)

        def penalty(x: Any, a: Any = anchor) -> Any:
            return alpha * keras.ops.sum(keras.ops.square(x - a))

        v.regularizer = penalty
        count += 1
    return count


def detach_l2sp(model: Any) -> None:
    """Remove the penalties (nothing of them is saved; the calibration passes need none)."""
    for v in model.weights:
        if getattr(v, "regularizer", None) is not None:
            v.regularizer = None


def with_rehearsal(train_items: Sequence[ImageItem], rehearsal: Sequence[ImageItem],
                   new_repeat: int = 1) -> tuple[list[ImageItem], dict[int, float]]:
    """The training items (each ``new_repeat`` times) with the rehearsal images added, and
    class weights for the whole (each class weighted as in :func:`core.training.plan.plan_data`)."""
    items = [*(list(train_items) * max(1, int(new_repeat))), *rehearsal]
    counts = np.array([sum(i.label == c for i in items) for c in CLASSES], dtype=float)
    present = int((counts > 0).sum())
    weights = {i: float(counts.sum() / (present * counts[i])) if counts[i] else 0.0
               for i in range(len(CLASSES))}
    return items, weights


def score_items(keras_model: Any, items: Sequence[ImageItem], spec: PreprocessSpec,
                temperature: float = 1.0) -> dict[str, Any] | None:
    """The metrics of a Keras model (probabilities first output) on ``items``; None for none."""
    if not items:
        return None
    from core.evaluation.metrics import compute_metrics
    from core.inference.uncertainty import calibrate_probs
    from core.training.pipeline import iter_batches

    probs, labels = [], []
    for x, y in iter_batches(list(items), spec):
        out = keras_model(x, training=False)
        p = np.asarray(out[0] if isinstance(out, (list, tuple)) else out)
        probs.append(calibrate_probs(p, temperature))
        labels.append(y)
    if not labels:
        return None
    return compute_metrics(np.concatenate(labels), np.concatenate(probs))


def carried_sets(parent: Any) -> dict[str, Path | None]:
    """The parent's carried reference and rehearsal files (None where it has none): in its
    bundle, else the ones the app ships for it (``resources/continued/<model id>/``: the shipped
    model's, which predate carried sets and whose card cannot change without a new id)."""
    from core.model.carried import REFERENCE_FILE, REHEARSAL_FILE, carried_file
    from core.resources import resource_root

    shipped = resource_root() / "resources" / "continued" / str(parent.model_id)
    out: dict[str, Path | None] = {}
    for key, name in (("reference", REFERENCE_FILE), ("rehearsal", REHEARSAL_FILE)):
        path = carried_file(parent, name)
        out[key] = path if path is not None else (shipped / name if (shipped / name).is_file() else None)
    return out


def carry_sets(bundle: Any, out_dir: Path | str, *, reference: Sequence[ImageItem] = (),
               rehearsal: Sequence[ImageItem] = (), reference_note: str = "",
               independent: bool = True, origin: Path | str | None = None) -> Any:
    """A copy of ``bundle`` in ``out_dir`` (a new or empty folder, or the bundle itself) that
    carries ``reference`` (images of its origin it was **not** trained on; say so with
    ``independent``) and ``rehearsal`` (some of its training images) for continued models.
    The card records what each set is; the card's id changes (it covers the new files)."""
    from core.inference import predictor
    from core.model.bundle import AUTO_FIELDS, save_bundle
    from core.model.carried import REFERENCE_FILE, REHEARSAL_FILE, pack_images

    files: dict[str, bytes] = {}
    card = {k: v for k, v in bundle.card.items() if k not in AUTO_FIELDS}
    for name in (bundle.card.get("files") or {}):
        if name not in ("model.keras", "model.onnx", "model.json"):
            files[name] = (Path(bundle.path) / name).read_bytes()
    carried: dict[str, Any] = {}
    if reference:
        about = {"kind": "reference", "independent": bool(independent), "note": reference_note}
        files[REFERENCE_FILE] = pack_images(list(reference), about, origin=origin)
        carried["reference"] = {**about, "n": len(reference),
                                "counts": {c: sum(i.label == c for i in reference) for c in CLASSES}}
    if rehearsal:
        about = {"kind": "rehearsal", "note": "training images of this model, replayed by continued training"}
        files[REHEARSAL_FILE] = pack_images(list(rehearsal), about, origin=origin)
        carried["rehearsal"] = {**about, "n": len(rehearsal),
                                "counts": {c: sum(i.label == c for i in rehearsal) for c in CLASSES}}
    card["carried"] = carried
    return save_bundle(bundle.load_keras(), out_dir, card, export_onnx="model.onnx" in bundle.card["files"],
                       extra_files=files, verify=predictor.verify_loadable)


def colour_transfer_copies(rehearsal: Sequence[ImageItem], new_items: Sequence[ImageItem],
                           folder: Path) -> list[ImageItem]:
    """A copy of each rehearsal image with the new images' colour statistics (Reinhard et al.
    2001: each Lab channel's mean and spread matched to the new images' average), written to
    ``folder``: the parent's labelled fields shown in the new lab's stain as well."""
    import cv2

    def lab(path: Path) -> np.ndarray | None:
        bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
        return None if bgr is None else cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB).astype(np.float32)

    stats = [(x.mean(axis=(0, 1)), x.std(axis=(0, 1))) for x in map(lab, (i.path for i in new_items))
             if x is not None]
    if not stats:
        return []
    mean = np.mean([m for m, _ in stats], axis=0)
    std = np.mean([s for _, s in stats], axis=0)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k, item in enumerate(rehearsal):
        x = lab(item.path)
        if x is None:
            continue
        y = (x - x.mean(axis=(0, 1))) / (x.std(axis=(0, 1)) + 1e-6) * std + mean
        target = folder / f"transfer-{k:05d}.png"
        cv2.imwrite(str(target), cv2.cvtColor(np.clip(y, 0, 255).astype(np.uint8), cv2.COLOR_LAB2BGR))
        out.append(ImageItem(target, item.label))
    return out
