"""Streaming ``tf.data`` input pipelines: decode once, cache, augment on the fly."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from core.classes import CLASSES
from core.dataset import ImageItem
from core.images import ImageError, load_rgb
from core.preprocess import PreprocessSpec, preprocess

# Above this many bytes of preprocessed images the cache goes to a temporary file, not RAM.
MEMORY_CACHE_LIMIT = 1_500_000_000


def _generator(items: list[ImageItem], spec: PreprocessSpec) -> Iterator[tuple[np.ndarray, int]]:
    for item in items:
        try:
            x = preprocess(load_rgb(item.path), spec)
        except ImageError:
            continue  # reported by the scan; a file that vanished since is skipped
        yield x, CLASSES.index(item.label)


def load_arrays(items: list[ImageItem], spec: PreprocessSpec) -> tuple[np.ndarray, np.ndarray]:
    """Preprocess ``items`` into one array (evaluation of small sets, calibration)."""
    xs, ys = [], []
    for x, y in _generator(items, spec):
        xs.append(x)
        ys.append(y)
    if not xs:
        return np.zeros((0, *spec.input_shape), dtype=spec.dtype), np.zeros((0,), dtype=np.int64)
    return np.stack(xs), np.asarray(ys, dtype=np.int64)


def augment_fn(spec: PreprocessSpec, mode: str, seed: int) -> Any:
    """A ``tf.data`` map function: the reference ops (flips, 90° rotations, zoom up to 20%),
    plus, in ``stain`` mode, hue, saturation, brightness, contrast and gamma jitter."""
    import tensorflow as tf

    size, channels = spec.size, spec.channels

    def fn(x: Any, y: Any) -> Any:
        img = tf.image.convert_image_dtype(x, tf.float32) if x.dtype == tf.uint8 else x
        img = tf.image.random_flip_left_right(img)
        img = tf.image.random_flip_up_down(img)
        img = tf.image.rot90(img, tf.random.uniform([], 0, 4, dtype=tf.int32))
        frac = tf.random.uniform([], 0.8, 1.0)
        crop = tf.cast(frac * size, tf.int32)
        img = tf.image.random_crop(img, [crop, crop, channels])
        img = tf.image.resize(img, [size, size])
        if mode == "stain" and channels == 3:
            img = tf.image.random_hue(img, 0.06)
            img = tf.image.random_saturation(img, 0.6, 1.4)
            img = img * tf.random.uniform([], 0.8, 1.2)
            img = tf.clip_by_value(img, 0.0, 1.0)
            img = tf.image.random_contrast(img, 0.7, 1.3)
            img = tf.clip_by_value(img, 0.0, 1.0)
            img = tf.pow(img + 1e-6, tf.exp(tf.random.uniform([], -0.35, 0.35)))
        img = tf.clip_by_value(img, 0.0, 1.0)
        if spec.dtype == "uint8":
            img = tf.cast(tf.round(img * 255.0), tf.uint8)
        return img, y

    return fn


def make_dataset(
    items: list[ImageItem],
    spec: PreprocessSpec,
    *,
    batch_size: int,
    training: bool,
    augment: str = "none",
    seed: int = 42,
    cache_dir: Path | None = None,
) -> Any:
    """A batched, cached, prefetched ``tf.data.Dataset`` of ``(image, class index)``.

    Images are decoded by :func:`core.images.load_rgb` and preprocessed by
    :func:`core.preprocess.preprocess` (the same code as prediction), once; later epochs read
    the cache, in RAM when it fits and in a temporary file otherwise.
    """
    import tensorflow as tf

    items = list(items)
    signature = (
        tf.TensorSpec(shape=spec.input_shape, dtype=tf.as_dtype(spec.dtype)),
        tf.TensorSpec(shape=(), dtype=tf.int64),
    )
    ds = tf.data.Dataset.from_generator(lambda: _generator(items, spec), output_signature=signature)
    per_image = int(np.prod(spec.input_shape)) * (1 if spec.dtype == "uint8" else 4)
    if per_image * len(items) > MEMORY_CACHE_LIMIT:
        folder = Path(cache_dir or tempfile.mkdtemp(prefix="leukemia-cache-"))
        ds = ds.cache(str(folder / "cache"))
    else:
        ds = ds.cache()
    if training:
        ds = ds.shuffle(min(len(items), 4096), seed=seed, reshuffle_each_iteration=True)
        if augment != "none":
            ds = ds.map(augment_fn(spec, augment, seed), num_parallel_calls=tf.data.AUTOTUNE)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)
