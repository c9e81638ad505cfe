"""The cells model's chroma normalisation (core.model.cells): a saturation change of the field
is undone in the windows the extractor reads, a hue rotation leaves the field's level alone,
grey fields are not blown up, and a card without the setting reads windows as before."""

from __future__ import annotations

import cv2
import numpy as np

from core.cells import cell_windows, detect_cells
from core.model.cells import (CHROMA_GAIN, CellSpec, chroma_gain, chroma_level, field_windows,
                              normalise_chroma)
from tests.oodsets import hsv_shift

GLASS = (236, 230, 228)


def smear(seed: int = 0) -> np.ndarray:
    """A 224 px field: pinkish glass, pale red cells and three purple nuclei, with noise."""
    rng = np.random.default_rng(seed)
    img = np.ones((224, 224, 3), np.float32) * np.array(GLASS, np.float32)
    for _ in range(12):
        cv2.circle(img, (int(rng.integers(10, 214)), int(rng.integers(10, 214))), 13,
                   (214, 160, 170), -1, cv2.LINE_AA)
    for k in range(3):
        cv2.circle(img, (50 + 60 * k, 70 + 40 * k), 14, (112, 56, 160), -1, cv2.LINE_AA)
        cv2.circle(img, (50 + 60 * k + 4, 70 + 40 * k), 6, (80, 30, 130), -1, cv2.LINE_AA)
    img += rng.normal(0, 2, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def test_a_saturation_change_is_undone_in_the_windows() -> None:
    rgb = smear()
    cells = detect_cells(rgb)
    assert len(cells) == 3
    on, off = CellSpec(input_size=64, chroma=120.0), CellSpec(input_size=64)
    clean = field_windows(rgb, cells, on)
    for s in (0.5, 0.7, 1.4):
        changed = hsv_shift(rgb, 0.0, s)
        assert abs(chroma_level(changed) - s * chroma_level(rgb)) <= 2.0
        normalised = field_windows(changed, cells, on)
        plain = np.abs(field_windows(changed, cells, off) - field_windows(rgb, cells, off)).mean()
        # the same pixels up to HSV's rounding (a few levels) where nothing clips
        assert np.abs(normalised - clean).mean() < 1.5 < plain
        assert np.percentile(np.abs(normalised - clean), 95) <= 6.0


def test_the_level_ignores_a_hue_rotation_and_the_gain_reaches_the_reference() -> None:
    rgb = smear(1)
    level = chroma_level(rgb)
    assert 60 < level < 140
    assert abs(chroma_level(hsv_shift(rgb, 15 / 360)) - level) <= 2.0
    gain = chroma_gain(rgb, 120.0)
    assert abs(gain - 120.0 / level) < 1e-6
    assert abs(chroma_level(normalise_chroma(rgb, gain)) - 120.0) <= 2.0


def test_a_grey_field_is_not_blown_up_and_pixels_stay_in_range() -> None:
    grey = np.full((64, 64, 3), 128, np.uint8)
    grey[::2, ::2] = (130, 128, 127)  # the faintest tint
    assert chroma_gain(grey, 130.0) == CHROMA_GAIN[1]
    assert chroma_gain(np.zeros((8, 8, 3), np.uint8), 130.0) == CHROMA_GAIN[1]
    x = normalise_chroma(smear(2), 3.0)
    assert x.dtype == np.float32 and x.min() >= 0 and x.max() <= 255
    # each pixel's brightest channel is kept
    assert np.array_equal(x.max(-1), smear(2).max(-1).astype(np.float32))


def test_a_card_without_the_setting_reads_windows_as_before() -> None:
    old_card = {"cells": {"window": 64, "input_size": 112, "layers": ["stage3", "stage4", "stage5"],
                          "max_cells": 32}}
    spec = CellSpec.from_card(old_card)
    assert spec.chroma is None and spec.chroma_record() == {}
    rgb = smear(3)
    cells = detect_cells(rgb)
    want = np.stack([cv2.resize(w, (112, 112), interpolation=cv2.INTER_LINEAR)
                     for w in cell_windows(rgb, cells, 64)]).astype(np.float32)
    assert np.array_equal(field_windows(rgb, cells, spec), want)
    # and at the windows' own size, no resize: the cut pixels themselves
    native = CellSpec.from_card({"cells": {**old_card["cells"], "input_size": 64}})
    assert np.array_equal(field_windows(rgb, cells, native), cell_windows(rgb, cells, 64))


def test_the_setting_round_trips_through_the_card() -> None:
    spec = CellSpec(input_size=64, chroma=130.0, chroma_quantile=98.0, chroma_limits=(0.5, 2.0))
    card = {"cells": {"window": spec.window, "input_size": spec.input_size,
                      "layers": list(spec.layers), "max_cells": spec.max_cells,
                      **spec.chroma_record()}}
    assert CellSpec.from_card(card) == spec
    assert card["cells"]["chroma"] == 130.0 and card["cells"]["chroma_gain_limits"] == [0.5, 2.0]
