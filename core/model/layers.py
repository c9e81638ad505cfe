"""Custom Keras layers of our models (importing this module registers them for loading)."""

from __future__ import annotations

from typing import Any

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="leukemia")
class WhiteBalance(keras.layers.Layer):
    """Scale each channel of each image so its background reads ``target``.

    The background level of a channel is the mean of its brightest ``fraction`` of pixels (in
    a smear field, the empty glass between cells). Dividing by it undoes the lamp's brightness
    and colour cast while keeping the stain's colour relative to the glass, so the network
    cannot use absolute brightness to tell classes apart. Inputs are floats in [0, 1].

    With ``pool`` > 1 the level is taken over the means of ``pool`` x ``pool`` blocks instead
    of single pixels: the same level where the glass spans whole blocks, from a ``pool``²
    times shorter sort (the sort is what this layer costs at inference).
    """

    def __init__(self, fraction: float = 0.1, target: float = 0.9, pool: int = 1,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fraction = float(fraction)
        self.target = float(target)
        self.pool = int(pool)

    def call(self, x: Any) -> Any:
        src = x
        if self.pool > 1:
            src = ops.average_pool(x, self.pool, strides=self.pool, padding="valid")
        h, w, c = src.shape[1], src.shape[2], src.shape[3]
        k = max(1, int(round(self.fraction * h * w)))
        flat = ops.reshape(ops.transpose(src, (0, 3, 1, 2)), (-1, c, h * w))
        top, _ = ops.top_k(flat, k)
        level = ops.maximum(ops.mean(top, axis=-1), 0.05)  # (batch, channels)
        return ops.clip(x * (self.target / level[:, None, None, :]), 0.0, 1.0)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def get_config(self) -> dict:
        return {**super().get_config(), "fraction": self.fraction, "target": self.target,
                "pool": self.pool}


@keras.saving.register_keras_serializable(package="leukemia")
class MaskedSoftmax(keras.layers.Layer):
    """Weights over a field's cell slots: a softmax of ``score`` (``N x M`` or ``N x M x 1``)
    over the slots where ``mask`` (``N x M``, 1 = a cell, 0 = padding) is set; padding gets 0.
    With ``uniform`` the score is ignored: every cell weighs the same (the mean of the cells)."""

    def __init__(self, uniform: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.uniform = bool(uniform)

    def call(self, inputs: Any) -> Any:
        score, mask = inputs
        if len(score.shape) == 3:
            score = ops.squeeze(score, axis=-1)
        if self.uniform:
            score = ops.zeros_like(mask)
        score = score + (mask - 1.0) * 1e4
        weights = ops.softmax(score, axis=1) * mask
        return weights / ops.maximum(ops.sum(weights, axis=1, keepdims=True), 1e-9)

    def compute_output_shape(self, input_shapes: Any) -> Any:
        return tuple(input_shapes[1])

    def get_config(self) -> dict:
        return {**super().get_config(), "uniform": self.uniform}


@keras.saving.register_keras_serializable(package="leukemia")
class WeightedSum(keras.layers.Layer):
    """``sum_m w[n, m] * x[n, m, :]``: a field's cells (``N x M x D``) pooled by weights
    (``N x M``)."""

    def call(self, inputs: Any) -> Any:
        x, w = inputs
        return ops.sum(x * ops.expand_dims(w, -1), axis=1)

    def compute_output_shape(self, input_shapes: Any) -> Any:
        x = tuple(input_shapes[0])
        return (x[0], x[2])


@keras.saving.register_keras_serializable(package="leukemia")
class Standardise(keras.layers.Layer):
    """``(x - mean) / std`` over the last axis, with ``mean`` and ``std`` stored as
    non-trainable weights (set once from the training data; saved with the model's weights)."""

    def build(self, input_shape: Any) -> None:
        d = int(input_shape[-1])
        self.mean = self.add_weight(shape=(d,), initializer="zeros", trainable=False, name="mean")
        self.std = self.add_weight(shape=(d,), initializer="ones", trainable=False, name="std")

    def call(self, x: Any) -> Any:
        return (x - self.mean) / self.std
