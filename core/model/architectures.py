"""Pure model builders: ``seed`` (the reference CNN) and ``default`` (ours).

Every builder returns an uncompiled ``keras.Model`` whose layers are plain Keras layers, so the
``.keras`` file loads in safe mode and moves between backends. Layers named ``features``
(a vector used for out-of-distribution scores) and, where the architecture allows,
``class_maps`` (per-class evidence maps used as heatmaps) feed :func:`inference_model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.model.card import ModelCard

ARCHITECTURES = ("default", "seed", "cells")
# the architecture of the shipped model (models/default), which the Train tab offers first and
# preselects; tests/core/test_shipped_model.py holds the two together
RECOMMENDED = "default"
# the architectures whose model has ``class_maps``, so a heatmap (the seed baseline has none)
HEATMAP_ARCHITECTURES = frozenset({"default"})


def has_heatmap(card: dict | ModelCard | None) -> bool:
    """Whether the model of this card (a bundle's card dict or its typed view) can show a
    heatmap: the one rule every caller asks, so a new architecture with class maps is added
    here only."""
    arch = card.architecture if isinstance(card, ModelCard) else (
        card.get("architecture") if isinstance(card, dict) else None)
    return arch in HEATMAP_ARCHITECTURES


@dataclass(frozen=True)
class ArchDefaults:
    preprocess_kind: str
    image_size: int
    epochs: int
    batch_size: int
    learning_rate: float
    optimizer: str
    schedule: str
    augment: str


DEFAULTS: dict[str, ArchDefaults] = {
    # The reference script's settings.
    "seed": ArchDefaults("reference", 224, 40, 32, 1e-4, "adam", "plateau", "reference"),
    # Ours: colour input with stain augmentation; see docs/decisions.md for why.
    "default": ArchDefaults("rgb", 96, 30, 32, 2e-3, "adamw", "cosine", "stain-crop"),
    # The white cells' frozen ImageNet features and an attention head (core.model.cells); the
    # image size is the field checks' (colour, detail), the cells are read at their own size.
    "cells": ArchDefaults("rgb", 96, 40, 64, 1e-3, "adamw", "constant", "jitter"),
}


def build_seed(input_shape: tuple[int, int, int] = (224, 224, 1), num_classes: int = 4) -> Any:
    """The reference CNN: five 3x3 conv + 2x2 max-pool, Flatten, Dense 128 (L2 0.01),
    Dropout 0.5, softmax."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape, name="image")
    x = inputs
    for i, filters in enumerate((32, 64, 64, 128, 128)):
        x = layers.Conv2D(filters, 3, activation="relu", name=f"conv{i + 1}")(x)
        x = layers.MaxPooling2D(2, name=f"pool{i + 1}")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dense(
        128, activation="relu", kernel_regularizer=keras.regularizers.l2(0.01), name="features"
    )(x)
    x = layers.Dropout(0.5, name="dropout")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name="seed")


def build_default(
    input_shape: tuple[int, int, int] = (96, 96, 3),
    num_classes: int = 4,
    widths: tuple[int, ...] = (32, 64, 128, 192, 256),
    dropout: float = 0.3,
    white_balance: bool = True,
) -> Any:
    """Our CNN: uint8 RGB in, a stride-2 stem, plain 3x3 conv + BatchNorm + ReLU blocks
    (oneDNN runs plain convolutions fastest on a laptop CPU; BatchNorm at full resolution was
    the slowest part, hence the stem), max-pool after the first two, then a 1x1 convolution to
    per-class maps whose global average are the logits (class activation maps for free).

    ``white_balance`` first divides each channel by its glass level (:class:`core.model.layers.WhiteBalance`),
    so lamp brightness and colour cast are not cues; what it was measured to do is in
    docs/decisions.md (2026-11-23, third recipe)."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=input_shape, name="image", dtype="uint8")
    x = layers.Rescaling(1.0 / 255.0, name="scale")(inputs)
    if white_balance:
        from core.model.layers import WhiteBalance

        x = WhiteBalance(name="white_balance")(x)
    for i, filters in enumerate(widths):
        x = layers.Conv2D(filters, 3, strides=2 if i == 0 else 1, padding="same",
                          use_bias=False, name=f"conv{i + 1}")(x)
        x = layers.BatchNormalization(momentum=0.9, name=f"bn{i + 1}")(x)
        x = layers.ReLU(name=f"relu{i + 1}")(x)
        if i < 2:
            x = layers.MaxPooling2D(2, name=f"pool{i + 1}")(x)
    x = layers.SpatialDropout2D(dropout, name="dropout")(x)
    class_maps = layers.Conv2D(num_classes, 1, name="class_maps")(x)
    logits = layers.GlobalAveragePooling2D(name="logits")(class_maps)
    outputs = layers.Softmax(name="probabilities")(logits)
    return keras.Model(inputs, outputs, name="default")


def build_model(arch: str, input_shape: tuple[int, int, int], num_classes: int = 4) -> Any:
    if arch == "seed":
        return build_seed(input_shape, num_classes)
    if arch == "default":
        return build_default(input_shape, num_classes)
    if arch == "cells":
        raise ValueError("the 'cells' architecture reads a field's white cells, not its pixels: "
                         "its head is built by core.model.cells.build_head")
    raise ValueError(f"unknown architecture {arch!r}; choose from {', '.join(ARCHITECTURES)}")


def inference_model(model: Any) -> Any:
    """A model with outputs ``[probabilities, features]`` and, when present, ``class_maps``."""
    import keras
    from keras import layers

    names = {layer.name for layer in model.layers}
    outputs = [model.output]
    if "class_maps" in names:
        # the last conv block's map, pooled: what the class maps are computed from
        conv_map = model.get_layer("dropout").input
        outputs.append(layers.GlobalAveragePooling2D(name="features")(conv_map))
        outputs.append(model.get_layer("class_maps").output)
    elif "features" in names:
        outputs.append(model.get_layer("features").output)
    else:
        outputs.append(model.layers[-2].output)
    return keras.Model(model.inputs, outputs, name=f"{model.name}_inference")
