"""Preprocessing is defined once and pinned by golden values."""

import cv2
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from core.data.preprocess import PreprocessSpec, preprocess, reference_preprocess, roi_crop


def _gradient(size: int = 224) -> np.ndarray:
    y, x = np.mgrid[:size, :size]
    return np.stack([x % 256, y % 256, (x + y) % 256], axis=-1).astype(np.uint8)


def test_reference_pipeline_matches_the_reference_steps() -> None:
    rgb = _gradient()
    out = reference_preprocess(rgb, 224)
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) / 255.0
    expected = np.clip(cv2.addWeighted(grey, 1.5, cv2.GaussianBlur(grey, (5, 5), 0), -0.2, 0), 0, 1)
    assert out.shape == (224, 224, 1) and out.dtype == np.float32
    np.testing.assert_allclose(out[..., 0], expected, atol=1e-6)


def test_reference_golden_values() -> None:
    out = reference_preprocess(_gradient(), 224)
    # pinned from the reviewed implementation: any change to the pipeline must be deliberate
    assert round(float(out.mean()), 4) == 0.5781
    got = [round(float(out[i, j, 0]), 4) for i, j in [(0, 0), (100, 50), (223, 223), (10, 200)]]
    assert got == [0.0, 0.4642, 1.0, 0.4591]
    rgb = preprocess(_gradient(), PreprocessSpec("rgb", 96))
    assert rgb[10, 20].tolist() == [47, 24, 71] and rgb[50, 70].tolist() == [164, 117, 25]


def test_rgb_pipeline_resizes_to_uint8() -> None:
    out = preprocess(_gradient(), PreprocessSpec("rgb", 96))
    assert out.shape == (96, 96, 3) and out.dtype == np.uint8
    assert abs(float(out.mean()) - float(_gradient().mean())) < 2.0


def test_roi_crop_finds_the_cells() -> None:
    img = np.full((200, 200, 3), 230, np.uint8)
    cv2.circle(img, (150, 150), 20, (80, 40, 120), -1)
    cv2.circle(img, (120, 170), 15, (80, 40, 120), -1)
    crop = roi_crop(img)
    assert crop.shape[0] < 120 and crop.shape[1] < 120
    assert (crop < 150).any()  # the cells are inside


def test_roi_on_blank_returns_input() -> None:
    img = np.full((50, 50, 3), 200, np.uint8)
    assert roi_crop(img) is img


@settings(max_examples=40, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 64), st.integers(1, 64), st.just(3))),
       st.sampled_from(["rgb", "reference"]), st.booleans())
def test_any_array_preprocesses(rgb: np.ndarray, kind: str, roi: bool) -> None:
    spec = PreprocessSpec(kind, 32, roi)
    out = preprocess(rgb, spec)
    assert out.shape == spec.input_shape
    assert np.isfinite(out.astype(np.float32)).all()
