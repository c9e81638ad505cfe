"""Continue training from a saved model: its weights (BatchNorm frozen), its split, its record.

Used by :func:`core.training.train.train` when ``TrainConfig.from_model`` is set. The child keeps the
parent's classes, architecture and preprocessing (a fine-tuned model must read images exactly
as its parent did) and starts from a tenth of the parent's learning rate: the settings are
resolved against the parent by :func:`core.training.config.resolve_config`; this module loads
the parent's weights and split.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.data.split import Manifest, read_manifest
from core.model.bundle import Bundle, BundleError


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
