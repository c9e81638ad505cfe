"""After training: exact BatchNorm statistics, the temperature and ``uncertain`` flag, the scores.

Each pass takes images as items (decoded now) or as a :class:`~core.training.pipeline.Decoded`
set that training already decoded and cached, so a training run decodes each file as few times
as its preprocessing allows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.data.preprocess import PreprocessSpec
from core.training.pipeline import Decoded, Images, iter_augmented, iter_batches, train_spec


def _source(images: Images, spec: PreprocessSpec, decoded: Sequence[Decoded]) -> Images:
    """A set of ``decoded`` that holds the same items decoded with ``spec``, else ``images``."""
    items = tuple(images.items if isinstance(images, Decoded) else images)
    if isinstance(images, Decoded) and images.spec == spec:
        return images
    return next((d for d in decoded if d.spec == spec and d.items == items), images)


def recalibrate_batchnorm(model: Any, items: Images, spec: PreprocessSpec, *,
                          augment: str = "none", limit: int = 4000, seed: int = 42,
                          decoded: Sequence[Decoded] = ()) -> int:
    """Set every BatchNorm layer's moving mean and variance to the exact statistics of its
    input over the training images, layer by layer in network order: each image once as it
    is and, with ``augment``, once more through the training augmentation.

    During training the moving averages follow only the last few augmented batches; what the
    exact statistics were measured to do is in docs/decisions.md (2026-11-23, second recipe).
    Uses at most ``limit`` training images (a seeded sample), so at most twice
    that many inputs; returns how many inputs it used.

    ``decoded``: sets of the same items already decoded (the training loader's, at
    :func:`~core.training.pipeline.train_spec` size, and a clean one at ``spec``): read from
    their caches instead of decoding the files again.
    """
    import keras

    bns = [layer for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization)
           and layer.trainable]
    if not bns or not len(items):
        return 0
    indices = None
    if len(items) > limit:
        rng = np.random.default_rng(seed)
        indices = sorted(int(i) for i in rng.choice(len(items), limit, replace=False))
    parts = [xb for xb, _ in iter_batches(_source(items, spec, decoded), spec, indices=indices)]
    if augment != "none" and parts:
        source = _source(items, train_spec(spec, augment), decoded)
        parts += list(iter_augmented(source, spec, augment, seed, indices=indices))
    x = np.concatenate(parts or [np.zeros((0,))])
    if not len(x):
        return 0
    for bn in bns:
        sub = keras.Model(model.inputs[0], bn.input)
        total = np.zeros(bn.moving_mean.shape, np.float64)
        squares = np.zeros_like(total)
        count = 0
        for i in range(0, len(x), 128):
            a = np.asarray(sub(x[i : i + 128], training=False), dtype=np.float64)
            a = a.reshape(-1, a.shape[-1])
            total += a.sum(0)
            squares += (a * a).sum(0)
            count += len(a)
        mean = total / count
        bn.moving_mean.assign(mean.astype("float32"))
        bn.moving_variance.assign(np.maximum(squares / count - mean * mean, 0.0).astype("float32"))
    return len(x)


# jittered copies of each training image whose colour statistics join the colour check's
# reference (the cells' colour copies, core.training.cell_features.jitter without JPEG), so a
# dimmer lamp or a paler smear of this lab is not called foreign; 0: the clean images only.
# One, chosen by a rule written first (docs/decisions.md, 2026-12-02): a lamp 20% dimmer was
# withheld on 385 of 385 validation fields, now 11 and 3, nothing else withheld more
COLOUR_COPIES = 1
# whether the model's features of those copies join the content check's reference as well
FEATURE_COPIES = False


def _copies(x: np.ndarray, copies: int, rng: np.random.Generator) -> np.ndarray:
    """``copies`` jittered copies of each preprocessed input of ``x`` (square inputs; uint8, or
    floats on a 0-1 scale), in ``x``'s dtype and scale."""
    from core.training.cell_features import jitter

    out = []
    for img in x:
        u8 = img if img.dtype == np.uint8 else np.clip(np.rint(img * 255.0), 0, 255).astype(np.uint8)
        out += [jitter(u8, rng, jpeg=False) for _ in range(copies)]
    if not out:
        return np.zeros((0, *x.shape[1:]), x.dtype)
    stacked = np.stack(out)
    return stacked if x.dtype == np.uint8 else (stacked / 255.0).astype(x.dtype)


def _stream_outputs(inf: Any, images: Images, spec: PreprocessSpec,
                    copies: int = 0, copy_features: bool = False) -> dict[str, np.ndarray]:
    """Probabilities, features, image statistics and labels of ``images``, in batches so that
    memory does not grow with the number of images."""
    from core.inference.uncertainty import DETAIL_MEASURE, detail, image_stats

    parts: dict[str, list[np.ndarray]] = {"p": [], "f": [], "s": [], "d": [], "y": [], "c": [],
                                          "cf": [], "cy": []}
    rng = np.random.default_rng(0)
    for x, y in iter_batches(images, spec):
        outs = inf([x], training=False)
        parts["p"].append(np.asarray(outs[0]))
        parts["f"].append(np.asarray(outs[1]))
        parts["s"].append(image_stats(x))
        parts["d"].append(detail(x, DETAIL_MEASURE))
        parts["y"].append(y)
        if copies:
            jittered = _copies(x, copies, rng)
            parts["c"].append(image_stats(jittered))
            if copy_features:
                parts["cf"].append(np.asarray(inf([jittered], training=False)[1]))
                parts["cy"].append(np.repeat(y, copies))
    if not parts["y"]:
        return {"p": np.zeros((0, len(CLASSES))), "f": np.zeros((0, 1)), "s": np.zeros((0, 2)),
                "d": np.zeros((0,)), "y": np.zeros((0,), np.int64), "c": np.zeros((0, 2)),
                "cf": np.zeros((0, 1)), "cy": np.zeros((0,), np.int64)}
    empty = {"c": np.zeros((0, parts["s"][0].shape[1])), "cy": np.zeros((0,), np.int64),
             "cf": np.zeros((0, parts["f"][0].shape[1]))}
    return {k: np.concatenate(v) if v else empty[k] for k, v in parts.items()}


def calibrate_and_score(inf: Any, train_items: Images, val_items: Images, test_items: Images,
                        spec: PreprocessSpec, on_test: Callable[[], None] = lambda: None,
                        colour_copies: int | None = None,
                        feature_copies: bool | None = None) -> dict[str, Any]:
    """Fit the temperature and the ``uncertain`` flag (training and validation images), then
    score validation and, when there is one, the test part. The colour check's reference also
    holds ``colour_copies`` jittered copies of each training image (default
    :data:`COLOUR_COPIES`), and with ``feature_copies`` (default :data:`FEATURE_COPIES`) the
    content check's reference the model's features of the same copies.

    Each part is items or a :class:`~core.training.pipeline.Decoded` set (its cache is read).
    Returns the card's ``metrics`` plus ``"uncertainty"``, the fitted
    :class:`~core.inference.uncertainty.UncertaintyModel` (for the caller to pop).
    """
    from core.evaluation.metrics import compute_metrics
    from core.inference.uncertainty import calibrate_probs, fit_uncertainty

    copies = COLOUR_COPIES if colour_copies is None else colour_copies
    with_features = bool(copies) and (FEATURE_COPIES if feature_copies is None else feature_copies)
    tr = _stream_outputs(inf, train_items, spec, copies, with_features)
    va = _stream_outputs(inf, val_items, spec)
    colour = np.concatenate([tr["s"], tr["c"]]) if len(tr["c"]) else tr["s"]
    ref_feats, ref_labels = tr["f"], tr["y"]
    if len(tr["cf"]):
        ref_feats = np.concatenate([ref_feats, tr["cf"]])
        ref_labels = np.concatenate([ref_labels, tr["cy"]])
    unc = fit_uncertainty(ref_feats, ref_labels, colour, va["p"], va["y"], va["f"], va["s"],
                          train_detail=tr["d"], val_detail=va["d"])
    del tr
    metrics: dict[str, Any] = {
        "val": compute_metrics(va["y"], calibrate_probs(va["p"], unc.temperature)),
        "val_uncalibrated_ece": compute_metrics(va["y"], va["p"])["ece"]}
    on_test()
    probs, labels, flags = [], [], []
    for x, y in iter_batches(test_items, spec) if len(test_items) else ():
        outs = inf([x], training=False)
        cal = calibrate_probs(np.asarray(outs[0]), unc.temperature)
        flags.extend(unc.assess(cal, np.asarray(outs[1]), x))
        probs.append(cal)
        labels.append(y)
    if labels:
        metrics["test"] = compute_metrics(np.concatenate(labels), np.concatenate(probs))
        metrics["test"]["uncertain_rate"] = float(np.mean([u for u, _ in flags]))
    metrics["uncertainty"] = unc
    metrics["colour_copies"] = copies
    metrics["feature_copies"] = with_features
    return metrics
