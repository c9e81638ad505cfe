"""The cells model's field-level stain normalisation (core.model.cells.normalise_field and
read_field): the field's chroma (and, where set, hue) is brought to the reference before the
detector looks, so a washed-out or paler smear shows the detector the cells the clean one does;
a card without the setting detects on the raw field as before."""

from __future__ import annotations

import numpy as np
import pytest

from core.cells import detect_cells
from core.model.cells import CellSpec, chroma_level, hue_level, normalise_field, read_field, rotate_hue
from tests.core.test_cell_chroma import smear
from tests.oodsets import hsv_shift

FIELD = CellSpec(input_size=64, chroma=120.0, normalise="field")
WITH_HUE = CellSpec(input_size=64, chroma=120.0, normalise="field", hue=250.0)


def pale(rgb: np.ndarray, s: float = 0.35, white: float = 0.3) -> np.ndarray:
    """The continued-training benchmark's paler stain: saturation scaled, then part of the way to white."""
    x = hsv_shift(rgb, 0.0, s).astype(np.float32)
    return np.clip(x + white * (255 - x), 0, 255).astype(np.uint8)


def test_the_hue_level_moves_with_a_rotation_and_the_turn_undoes_it() -> None:
    rgb = smear(4)
    level = hue_level(rgb)
    assert level is not None
    for turn in (15.0, -15.0, 40.0):
        moved = hue_level(hsv_shift(rgb, turn / 360))
        assert moved is not None
        assert abs((moved - level - turn + 180) % 360 - 180) < 2.5
    # a rotation keeps each pixel's chroma (HSV saturation and value)
    assert abs(chroma_level(rotate_hue(rgb, 30.0)) - chroma_level(rgb)) <= 1.0
    assert hue_level(np.full((32, 32, 3), 120, np.uint8)) is None  # grey: no hue


def test_a_paler_field_normalised_shows_the_detector_the_same_cells() -> None:
    rgb = smear(5)
    assert len(detect_cells(rgb)) == 3
    washed = pale(rgb)
    assert len(detect_cells(washed)) < 3  # on the raw pale field the detector misses cells
    clean_cells, clean_windows = read_field(rgb, FIELD)
    cells, windows = read_field(washed, FIELD)
    assert len(cells) == len(clean_cells) == 3
    got = sorted((round(c.cx), round(c.cy)) for c in cells)
    want = sorted((round(c.cx), round(c.cy)) for c in clean_cells)
    assert all(abs(a[0] - b[0]) <= 3 and abs(a[1] - b[1]) <= 3 for a, b in zip(got, want))
    assert windows.shape == (3, 64, 64, 3) and windows.dtype == np.float32


@pytest.mark.parametrize("change", [lambda x: hsv_shift(x, 0.0, 0.5), lambda x: hsv_shift(x, 0.0, 1.4)])
def test_a_saturation_change_is_undone_on_the_whole_field(change) -> None:
    rgb = smear(6)
    a, b = normalise_field(rgb, FIELD), normalise_field(change(rgb), FIELD)
    assert a.dtype == np.uint8 and a.shape == rgb.shape
    raw = np.abs(change(rgb).astype(float) - rgb).mean()
    assert np.abs(a.astype(float) - b).mean() < 1.5 < raw


def test_with_a_reference_hue_a_rotated_field_comes_back() -> None:
    rgb = smear(7)
    a = normalise_field(rgb, WITH_HUE)
    level = hue_level(a)
    assert level is not None and abs((level - 250.0 + 180) % 360 - 180) < 2.5
    for turn in (15.0, -15.0):
        b = normalise_field(hsv_shift(rgb, turn / 360), WITH_HUE)
        raw = np.abs(hsv_shift(rgb, turn / 360).astype(float) - rgb).mean()
        assert np.abs(a.astype(float) - b).mean() < 0.5 * raw


def test_the_card_round_trip_and_earlier_cards() -> None:
    card = {"cells": {"window": 64, "input_size": 64, "layers": ["stage3"], "max_cells": 32,
                      **FIELD.chroma_record()}}
    assert card["cells"]["normalise"] == "field" and card["cells"]["hue"] is None
    back = CellSpec.from_card(card)
    assert back.normalise == "field" and back.hue is None and back.chroma == 120.0
    assert CellSpec.from_card({"cells": {**card["cells"], **WITH_HUE.chroma_record()}}).hue == 250.0
    # a card of the windows-level normalisation writes no new key and detects on the raw field
    windows = CellSpec(input_size=64, chroma=120.0)
    assert set(windows.chroma_record()) == {"chroma", "chroma_quantile", "chroma_gain_limits"}
    assert CellSpec.from_card({"cells": {"chroma": 120.0}}).normalise == "windows"
    washed = pale(smear(5))
    assert len(read_field(washed, windows)[0]) == len(detect_cells(washed))
    with pytest.raises(ValueError, match="unknown stain normalisation"):
        CellSpec.from_card({"cells": {"normalise": "everything"}})
