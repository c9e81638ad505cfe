"""Continue training from a saved model: check the parent fits, inherit its settings and split.

Used by :func:`core.training.train.train` when ``TrainConfig.from_model`` is set. The child keeps the
parent's classes, architecture and preprocessing (a fine-tuned model must read images exactly
as its parent did) and starts from a tenth of the parent's learning rate.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.model.bundle import Bundle, BundleError, load_bundle
from core.classes import CLASSES
from core.data.dataset import Manifest, read_manifest
from core.model.architectures import ARCHITECTURES, DEFAULTS

if TYPE_CHECKING:
    from core.training.train import TrainConfig

LR_FACTOR = 0.1  # fine-tuning starts from the parent's learning rate times this
EPOCH_FACTOR = 0.25  # and runs this share of the parent's epochs unless told otherwise


def load_parent(path: Path | str) -> Bundle:
    """The parent bundle, verified; refused when it is not for this app's classes."""
    parent = load_bundle(path)
    if list(parent.card.get("classes", [])) != list(CLASSES):
        raise BundleError(f"{parent.path}: parent model is for classes {parent.card.get('classes')}, "
                          f"this app trains {list(CLASSES)}")
    return parent


def config_from_parent(config: "TrainConfig", parent: Bundle) -> "TrainConfig":
    """``config`` resolved against its parent: architecture, image size, ROI, batch size,
    augmentation and schedule come from the parent unless given; the learning rate defaults to
    the parent's times :data:`LR_FACTOR`. Anything given that contradicts the parent is refused.
    """
    card = parent.card
    arch = str(card.get("architecture", ""))
    if arch not in ARCHITECTURES:
        raise BundleError(f"{parent.path}: parent architecture {arch!r} cannot be fine-tuned here")
    # "default" is TrainConfig's own default, so only another name is an explicit request.
    if config.arch not in ("default", arch):
        raise BundleError(f"parent model is '{arch}', not '{config.arch}'; "
                          "continued training keeps the parent's architecture")
    pspec = parent.spec
    if config.image_size is not None and config.image_size != pspec.size:
        raise BundleError(f"parent model reads {pspec.size}px images, not {config.image_size}px; "
                          "continued training keeps the parent's image size (leave it unset)")
    if config.roi and not pspec.roi:
        raise BundleError("parent model was trained without ROI cropping; "
                          "continued training keeps the parent's preprocessing")
    trained: dict[str, Any] = dict(card.get("training") or {})
    d = DEFAULTS[arch]
    parent_lr = float(trained.get("learning_rate") or d.learning_rate)
    parent_epochs = int(trained.get("epochs") or d.epochs)
    cfg = replace(
        config,
        arch=arch,
        image_size=pspec.size,
        roi=pspec.roi,
        learning_rate=(parent_lr * LR_FACTOR if config.learning_rate is None
                       else config.learning_rate),
        epochs=(max(1, round(parent_epochs * EPOCH_FACTOR)) if config.epochs is None
                else config.epochs),
        batch_size=trained.get("batch_size") if config.batch_size is None else config.batch_size,
        augment=config.augment or trained.get("augment"),
        schedule=config.schedule or trained.get("schedule"),
    ).resolved()
    if cfg.spec != pspec:
        raise BundleError(f"parent model's preprocessing {pspec.to_dict()} differs from this app's "
                          f"'{arch}' preprocessing {cfg.spec.to_dict()}; it cannot be fine-tuned here")
    if list(card.get("input_shape", pspec.input_shape)) != list(pspec.input_shape):
        raise BundleError(f"{parent.path}: card input shape {card.get('input_shape')} does not "
                          f"match its preprocessing {list(pspec.input_shape)}")
    return cfg


def load_parent_model(parent: Bundle) -> Any:
    """The parent's Keras model (safe mode), checked against its card's input shape.

    Its BatchNormalization layers are frozen (Keras then runs them in inference mode, with the
    parent's statistics): continued training usually sees a few dozen images, whose batch
    statistics are far noisier than those learnt on the whole dataset. Left free, they wrecked
    the shipped model on 64 images (validation loss 0.2 -> 6 after two epochs)."""
    import keras

    model = parent.load_keras()
    shape = tuple(model.input_shape[1:]) if hasattr(model, "input_shape") else None
    if shape is not None and all(isinstance(s, int) for s in shape) and shape != parent.spec.input_shape:
        raise BundleError(f"{parent.path}: model input {shape} does not match its card "
                          f"{parent.spec.input_shape}")
    for layer in model._flatten_layers(include_self=False):
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    return model


def inherit_split(manifest: Manifest, parent: Bundle) -> tuple[Manifest, int]:
    """Put images the parent already saw into the parent's split, so the child's validation
    and test images were never the parent's training images. Returns the manifest and how
    many entries were moved."""
    split_file = parent.path / "split.json"
    if not split_file.is_file():
        return manifest, 0
    try:
        old = read_manifest(split_file)
    except Exception:  # noqa: BLE001 - an unreadable old split only loses this safeguard
        return manifest, 0
    where = {str(old.resolve(e.path).resolve()): e.split for e in old.entries}
    moved = 0
    entries = []
    for e in manifest.entries:
        split = where.get(str(manifest.resolve(e.path).resolve()))
        if split is not None and split != e.split:
            e = replace(e, split=split)
            moved += 1
        entries.append(e)
    return replace(manifest, entries=tuple(entries)), moved


def parent_record(parent: Bundle) -> dict:
    """What the child's card says about its parent."""
    return {"id": parent.model_id, "checksum": parent.checksum, "path": str(parent.path),
            "dataset_fingerprint": (parent.card.get("dataset") or {}).get("fingerprint")}
