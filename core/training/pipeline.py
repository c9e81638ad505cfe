"""Streaming ``tf.data`` input pipelines: decode in parallel once, cache, augment on the fly,
shard by file across workers; the passes after training read the same caches."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.data.images import ImageError, load_rgb
from core.data.preprocess import PreprocessSpec, preprocess
from core.data.scan import ImageItem

# Above this many bytes of preprocessed images the cache goes to a temporary file, not RAM.
MEMORY_CACHE_LIMIT = 1_500_000_000


AUGMENT_MODES = ("none", "reference", "stain", "stain-crop", "stain-wide")

#: Modes that crop from a larger decode (see :func:`train_spec`).
CROP_MODES = ("stain-crop", "stain-wide")

#: ``stain-crop`` reads training images this much larger than the model input and crops them
#: down, so a zoomed training image is never up-sampled (softer) than a test image.
CROP_MARGIN = 1.25


def train_spec(spec: PreprocessSpec, mode: str) -> PreprocessSpec:
    """The preprocessing the training loader decodes with: larger for ``stain-crop``."""
    if mode in CROP_MODES and spec.kind == "rgb":
        return replace(spec, size=int(round(spec.size * CROP_MARGIN)))
    return spec


def augment_fn(spec: PreprocessSpec, mode: str, seed: int) -> Any:
    """A ``tf.data`` map function: the reference ops (flips, 90° rotations, zoom up to 20%),
    plus, in ``stain`` mode, hue, saturation, brightness, contrast and gamma jitter.

    ``stain-crop`` takes images decoded at :func:`train_spec`'s larger size and crops a random
    square between the model's size and the whole image, shrunk to the model's size (a zoom of
    up to 25% without up-sampling), then the ``stain`` jitter and, on half the images, a JPEG
    re-compression at quality 40-95 (images arrive by e-mail and from other scanners).

    ``stain-wide`` is ``stain-crop`` with wider colour ranges, a colour cast (each channel's
    gain apart), a grey copy of one image in ten and a slight blur on one in four. Tried for
    the test blocks that differ from their class in stain and sharpness; the network
    underfitted and scored lower (docs/decisions.md), so it is not the default.
    """
    import tensorflow as tf

    if mode not in AUGMENT_MODES:
        raise ValueError(f"unknown augmentation {mode!r}; choose from {', '.join(AUGMENT_MODES)}")
    size, channels = spec.size, spec.channels
    colour = mode in ("stain", *CROP_MODES) and channels == 3
    wide = mode == "stain-wide"

    def fn(x: Any, y: Any) -> Any:
        img = tf.image.convert_image_dtype(x, tf.float32) if x.dtype == tf.uint8 else x
        img = tf.image.random_flip_left_right(img)
        img = tf.image.random_flip_up_down(img)
        img = tf.image.rot90(img, tf.random.uniform([], 0, 4, dtype=tf.int32))
        if mode in CROP_MODES:
            big = tf.shape(img)[0]
            crop = tf.random.uniform([], size, big + 1, dtype=tf.int32)
            img = tf.image.random_crop(img, tf.stack([crop, crop, channels]))
            img = tf.image.resize(img, [size, size], method="area")
        else:
            frac = tf.random.uniform([], 0.8, 1.0)
            crop = tf.cast(frac * size, tf.int32)
            img = tf.image.random_crop(img, [crop, crop, channels])
            img = tf.image.resize(img, [size, size])
        if colour:
            img = tf.image.random_hue(img, 0.08 if wide else 0.06)
            img = tf.image.random_saturation(img, *((0.5, 1.5) if wide else (0.6, 1.4)))
            img = img * tf.random.uniform([], *((0.7, 1.3) if wide else (0.8, 1.2)))
            if wide:
                img = img * tf.exp(tf.random.uniform([1, 1, channels], -0.08, 0.08))
            img = tf.clip_by_value(img, 0.0, 1.0)
            img = tf.image.random_contrast(img, *((0.6, 1.4) if wide else (0.7, 1.3)))
            img = tf.clip_by_value(img, 0.0, 1.0)
            img = tf.pow(img + 1e-6, tf.exp(tf.random.uniform([], -0.35, 0.35)))
        if wide and channels == 3:
            img = tf.cond(tf.random.uniform([]) < 0.1,
                          lambda: tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(img)),
                          lambda: img)
            img = tf.cond(tf.random.uniform([]) < 0.25,
                          lambda: _blur(img, tf.random.uniform([], 0.4, 1.0)),
                          lambda: img)
        img = tf.clip_by_value(img, 0.0, 1.0)
        if mode in CROP_MODES and channels == 3:
            img = tf.cond(tf.random.uniform([]) < 0.5,
                          lambda: tf.image.random_jpeg_quality(img, 40, 95),
                          lambda: img)
            img.set_shape([size, size, channels])
        if spec.dtype == "uint8":
            img = tf.cast(tf.round(img * 255.0), tf.uint8)
        return img, y

    return fn


def _blur(img: Any, sigma: Any) -> Any:
    """Gaussian blur of one HxWxC float image (5-tap separable kernel)."""
    import tensorflow as tf

    taps = tf.range(-2.0, 3.0)
    k = tf.exp(-0.5 * tf.square(taps / sigma))
    k = k / tf.reduce_sum(k)
    c = tf.shape(img)[-1]
    x = tf.pad(img[None], [[0, 0], [2, 2], [2, 2], [0, 0]], mode="REFLECT")
    kx = tf.tile(tf.reshape(k, [1, 5, 1, 1]), [1, 1, c, 1])
    ky = tf.tile(tf.reshape(k, [5, 1, 1, 1]), [1, 1, c, 1])
    x = tf.nn.depthwise_conv2d(x, kx, [1, 1, 1, 1], "VALID")
    x = tf.nn.depthwise_conv2d(x, ky, [1, 1, 1, 1], "VALID")
    return x[0]


def _load_fn(spec: PreprocessSpec, should_stop: Any = None) -> Any:
    """A ``tf.numpy_function`` body: path -> (preprocessed image, 1), or zeros and 0 when the
    file cannot be read (a file that vanished since the scan, or padding), or when
    ``should_stop()`` says the run is being cancelled (the rest of the first epoch's decoding,
    which fills the shuffle buffer before the first batch, is skipped: cancel takes effect
    within a few batches, not after the whole data set is decoded)."""
    blank = np.zeros(spec.input_shape, dtype=spec.dtype)

    def load(path: bytes) -> tuple[np.ndarray, np.float32]:
        if not path or (should_stop is not None and should_stop()):
            return blank, np.float32(0.0)
        try:
            return preprocess(load_rgb(os.fsdecode(path)), spec), np.float32(1.0)
        except ImageError:
            return blank, np.float32(0.0)

    return load


def shard_items(items: list[ImageItem], num_shards: int, index: int) -> tuple[list[bytes], list[int]]:
    """Paths and labels of shard ``index`` of ``num_shards``, split by file.

    Every shard gets the same length (the short ones padded with ``b""``, which loads as a
    masked-out blank), so that workers run the same number of steps, as collective all-reduce
    requires.
    """
    paths = [os.fsencode(i.path) for i in items][index::num_shards]
    labels = [CLASSES.index(i.label) for i in items][index::num_shards]
    length = -(-len(items) // num_shards) if items else 0
    pad = length - len(paths)
    return paths + [b""] * pad, labels + [0] * pad


def _readable(x: Any, y: Any, ok: Any) -> Any:
    return ok > 0


def _drop_mask(x: Any, y: Any, ok: Any) -> Any:
    return x, y


@dataclass(frozen=True)
class Decoded:
    """``items`` decoded with ``spec`` once and cached: ``dataset`` yields ``(image, class
    index, readable)`` (see :func:`decode_dataset`). Later passes over the same images (the
    BatchNorm recalibration and the calibration after training) read the cache instead of
    decoding every file again."""

    items: tuple[ImageItem, ...]
    spec: PreprocessSpec
    dataset: Any

    def __len__(self) -> int:
        return len(self.items)


Images = Sequence[ImageItem] | Decoded  # what the passes after training read


def decode_dataset(
    items: Sequence[ImageItem],
    spec: PreprocessSpec,
    *,
    cache_dir: Path | str | None = None,
    cache: bool = True,
    shard: tuple[int, int] = (1, 0),
    should_stop: Any = None,
) -> Any:
    """A ``tf.data.Dataset`` of ``(image, class index, readable)``, one element per file of
    this shard, decoded in parallel (in order) and, with ``cache``, once: later passes read the
    cache, in RAM when it fits under :data:`MEMORY_CACHE_LIMIT` and in a file under
    ``cache_dir`` (a temporary folder by default) otherwise. ``readable`` is 0 for padding and
    for files that could not be read. See :func:`make_dataset` for ``shard`` and
    ``should_stop``."""
    import tensorflow as tf

    paths, labels = shard_items(list(items), *shard)
    load = _load_fn(spec, should_stop)
    dtype = tf.as_dtype(spec.dtype)
    shape = spec.input_shape

    def read(path: Any, label: Any) -> Any:
        x, ok = tf.numpy_function(load, [path], [dtype, tf.float32], stateful=False)
        x.set_shape(shape)
        ok.set_shape(())
        return x, label, ok

    ds = tf.data.Dataset.from_tensor_slices((tf.constant(paths, tf.string),
                                             tf.constant(labels, tf.int64)))
    ds = ds.map(read, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    if not cache:
        return ds
    per_image = int(np.prod(shape)) * (1 if spec.dtype == "uint8" else 4)
    if per_image * len(paths) > MEMORY_CACHE_LIMIT:
        folder = Path(tempfile.mkdtemp(prefix="leukemia-cache-", dir=cache_dir))
        return ds.cache(str(folder / "cache"))
    return ds.cache()


def batch_dataset(
    decoded: Any,
    spec: PreprocessSpec,
    *,
    batch_size: int,
    training: bool,
    augment: str = "none",
    seed: int = 42,
    with_mask: bool = False,
) -> Any:
    """Batches of a :func:`decode_dataset` dataset: for training shuffled and augmented to
    ``spec`` (the model's input; the decoded images may be larger, see :func:`train_spec`)."""
    import tensorflow as tf

    ds = decoded if with_mask else decoded.filter(_readable).map(_drop_mask)
    if training:
        n = int(decoded.cardinality())
        ds = ds.shuffle(min(max(n, 1), 4096), seed=seed, reshuffle_each_iteration=True)
        if augment != "none":
            fn = augment_fn(spec, augment, seed)

            def augment_masked(x: Any, y: Any, ok: Any) -> Any:
                x, y = fn(x, y)
                return x, y, ok

            ds = ds.map(augment_masked if with_mask else fn, num_parallel_calls=tf.data.AUTOTUNE)
    options = tf.data.Options()
    # Sharding is done above, by file; TensorFlow's own auto-sharding would shard again.
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.OFF
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE).with_options(options)


def make_dataset(
    items: list[ImageItem],
    spec: PreprocessSpec,
    *,
    batch_size: int,
    training: bool,
    augment: str = "none",
    seed: int = 42,
    cache_dir: Path | str | None = None,
    cache: bool = True,
    shard: tuple[int, int] = (1, 0),
    with_mask: bool = False,
    should_stop: Any = None,
) -> Any:
    """A batched, prefetched ``tf.data.Dataset`` of ``(image, class index)``, streamed from disk.

    Images are decoded by :func:`core.data.images.load_rgb` and preprocessed by
    :func:`core.data.preprocess.preprocess` (the same code as prediction) in parallel, once
    (:func:`decode_dataset`); later epochs read the cache, so memory does not grow with the
    number of images.

    Args:
        shard: ``(number of shards, this shard)``: each worker of a multi-worker run reads
            its own files only (see :func:`shard_items`).
        with_mask: yield ``(image, class, mask)`` where ``mask`` is 0 for padding and for
            files that could not be read (kept so every worker runs the same steps);
            otherwise such elements are dropped.
        should_stop: once it returns True, images are no longer decoded (masked blanks): for
            a training set whose run is being cancelled; never for data that is scored.
    """
    decode_spec = train_spec(spec, augment) if training and augment != "none" else spec
    decoded = decode_dataset(items, decode_spec, cache_dir=cache_dir, cache=cache, shard=shard,
                             should_stop=should_stop)
    return batch_dataset(decoded, spec, batch_size=batch_size, training=training,
                         augment=augment, seed=seed, with_mask=with_mask)


def _readable_images(source: Images, spec: PreprocessSpec, indices: Sequence[int] | None) -> Any:
    """``(image, class index)`` of ``source`` decoded with ``spec``, only the ``indices``-th
    when given: read from the cache when ``source`` was decoded with ``spec``, else decoded now
    (not cached)."""
    import tensorflow as tf

    if isinstance(source, Decoded) and source.spec == spec:
        ds = source.dataset
        if indices is not None:
            keep = tf.constant(sorted(indices), tf.int64)
            ds = ds.enumerate().filter(lambda i, e: tf.reduce_any(tf.equal(i, keep)))
            ds = ds.map(lambda i, e: e)
    else:
        items = list(source.items if isinstance(source, Decoded) else source)
        if indices is not None:
            items = [items[i] for i in sorted(indices)]
        ds = decode_dataset(items, spec, cache=False)
    return ds.filter(_readable).map(_drop_mask)


def iter_batches(source: Images, spec: PreprocessSpec, batch_size: int = 64, *,
                 indices: Sequence[int] | None = None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Preprocessed ``(images, class indices)`` batches of the readable images of ``source``
    (items, or a :class:`Decoded` set whose cache is read), in order and never all in memory
    at once (the passes after training: BatchNorm recalibration, calibration, testing)."""
    import tensorflow as tf

    ds = _readable_images(source, spec, indices).batch(batch_size).prefetch(tf.data.AUTOTUNE)
    yield from ds.as_numpy_iterator()


def iter_augmented(source: Images, spec: PreprocessSpec, augment: str, seed: int = 42,
                   batch_size: int = 64, *, indices: Sequence[int] | None = None
                   ) -> Iterator[np.ndarray]:
    """Image batches of ``source`` through the training augmentation, each image once, decoded
    as the training loader decodes them (read from ``source``'s cache when it is that set)."""
    import tensorflow as tf

    fn = augment_fn(spec, augment, seed)
    ds = _readable_images(source, train_spec(spec, augment), indices)
    ds = ds.map(fn, num_parallel_calls=tf.data.AUTOTUNE).batch(batch_size)
    for x, _ in ds.prefetch(tf.data.AUTOTUNE).as_numpy_iterator():
        yield x
