"""The cells model's field checks are fitted on the training fields and their jittered copies
(core.training.cell_features.read_fields, core.training.cells._calibrate): each copy carries its
colour statistics and, where it is neither blurred nor re-compressed, its detail, so a darker or
paler smear of the training lab is inside the colour reference while blur does not widen the
focus check."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from core.classes import CLASSES
from core.data.preprocess import PreprocessSpec
from core.data.scan import ImageItem
from core.inference.uncertainty import image_stats
from core.progress import Progress
from core.training.cell_features import read_fields
from tests.core.test_cell_model import SMALL, disc_field


def _items(root: Path, n: int = 6) -> list[ImageItem]:
    items = []
    for i in range(n):
        label = CLASSES[i % len(CLASSES)]
        path = root / f"{label}-{i}.png"
        Image.fromarray(disc_field(label, 50 + i)).save(path)
        items.append(ImageItem(path=path, label=label))
    return items


def _extract(x: np.ndarray) -> np.ndarray:  # a stand-in for the frozen extractor: window means
    return np.asarray(x, np.float32).reshape(len(x), -1, 3).mean(1).repeat(27, axis=1)[:, :SMALL.feature_width]


def test_the_copies_carry_colour_statistics_and_unblurred_detail(tmp_path: Path) -> None:
    items = _items(tmp_path)
    spec = PreprocessSpec()
    reports: list[Progress] = []
    clean, copies = read_fields(items, _extract, spec, SMALL, copies=2, seed=3,
                                progress=reports.append, should_stop=lambda: False)
    assert copies is not None and clean.stats is not None and copies.stats is not None
    assert copies.stats.shape == (2 * len(items), clean.stats.shape[1])
    assert copies.detail is not None and copies.detail.shape == (2 * len(items),)
    # the first copy of each field (colour and rotation only) has its detail; the second
    # (blurred and re-compressed) has none
    assert not np.isnan(copies.detail[:len(items)]).any() and np.isnan(copies.detail[len(items):]).all()
    # the copies' colours differ from the clean fields' (jittered brightness, saturation, hue)
    assert np.abs(copies.stats[:len(items)] - clean.stats).max() > 0.01
    # and they are the statistics of the copies themselves: the same draws reproduce them
    _, again = read_fields(items, _extract, spec, SMALL, copies=2, seed=3,
                           progress=reports.append, should_stop=lambda: False)
    assert again is not None and np.allclose(again.stats, copies.stats)
    assert image_stats(np.zeros((4, 4, 3), np.uint8)).shape == (1, clean.stats.shape[1])


def test_the_colour_reference_takes_in_a_darker_copy(tmp_path: Path) -> None:
    from core.inference.uncertainty import Gaussian

    items = _items(tmp_path, 12)
    clean, copies = read_fields(items, _extract, PreprocessSpec(), SMALL, copies=2, seed=1,
                                progress=lambda p: None, should_stop=lambda: False)
    assert copies is not None and clean.stats is not None and copies.stats is not None
    only_clean = Gaussian.fit(clean.stats)
    with_copies = Gaussian.fit(np.concatenate([clean.stats, copies.stats]))
    darker = clean.stats.copy()
    darker[:, :3] *= 0.8  # a field 20% darker: its channel means
    darker[:, 3:] *= 0.8
    # far outside the clean fields' colours, well inside the copies'
    assert np.median(only_clean.distance(darker)) > 2 * np.median(with_copies.distance(darker))


def test_copies_widen_only_the_focus_limit_of_the_detail_check() -> None:
    from core.inference.uncertainty import fit_uncertainty

    rng = np.random.default_rng(0)
    n, d = 200, 4
    feats, labels = rng.normal(0, 1, (n, d)), np.arange(n) % 4
    stats = rng.normal(0.5, 0.05, (n, 6))
    probs = np.eye(4)[labels] * 0.9 + 0.025
    fine = rng.uniform(0.04, 0.06, n)
    args = (feats, labels, stats, probs, labels, feats, stats)
    plain = fit_uncertainty(*args, train_detail=fine, val_detail=fine)
    widened = fit_uncertainty(*args, train_detail=fine, val_detail=fine,
                              focus_detail=np.concatenate([fine * 0.6, fine * 1.6]))
    assert plain.detail_range is not None and widened.detail_range is not None
    assert widened.detail_range[0] < 0.7 * plain.detail_range[0]  # a brighter field is not "out of focus"
    assert widened.detail_range[1] == plain.detail_range[1]  # a lower magnification still flagged


def test_the_field_models_colour_reference_takes_in_jittered_copies(tmp_path: Path) -> None:
    """The field model's calibration (core.training.calibration): with colour copies, the
    colour statistics of jittered copies of each training input join the reference, so a
    field 20% darker is inside it; without, the reference is the clean inputs alone."""
    from core.inference.uncertainty import Gaussian
    from core.training.calibration import _copies

    def _copy_stats(x: np.ndarray, copies: int, rng: np.random.Generator) -> np.ndarray:
        return image_stats(_copies(x, copies, rng))  # as the calibration reads them

    x = np.stack([disc_field(CLASSES[i % 4], 70 + i) for i in range(16)]).astype(np.float32) / 255.0
    copies = _copy_stats(x, 2, np.random.default_rng(0))
    assert copies.shape == (32, 6)
    # the statistics of real copies: not the clean inputs', and drawn again alike
    assert np.abs(copies[::2] - image_stats(x)).max() > 0.01
    assert np.allclose(_copy_stats(x, 2, np.random.default_rng(0)), copies)
    clean = image_stats(x)
    darker = image_stats(x * 0.8)
    only_clean, with_copies = Gaussian.fit(clean), Gaussian.fit(np.concatenate([clean, copies]))
    assert np.median(only_clean.distance(darker)) > 2 * np.median(with_copies.distance(darker))
    assert _copy_stats(x[:0], 2, np.random.default_rng(0)).shape == (0, 6)


def test_field_copies_keep_the_inputs_dtype_and_scale() -> None:
    from core.training.calibration import _copies

    u8 = np.stack([disc_field(CLASSES[i % 4], 90 + i) for i in range(3)])
    f01 = u8.astype(np.float32) / 255.0
    a, b = _copies(u8, 2, np.random.default_rng(1)), _copies(f01, 2, np.random.default_rng(1))
    assert a.shape == (6, *u8.shape[1:]) and a.dtype == np.uint8
    assert b.dtype == np.float32 and 0.0 <= b.min() and b.max() <= 1.0
    assert np.abs(b * 255.0 - a).max() <= 1.0  # the same draws, on the input's own scale
