"""The cells head as an ensemble of attention heads (core.model.cells.build_head, heads > 1):
each head is fitted on its own loss, the inference model averages them, and the bundle's Keras
file loads in safe mode and exports to ONNX with the same four outputs as a single head."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.model.cells import accuracy, bags, build_head, ensemble_loss, export_onnx


def _data(seed: int = 0, n: int = 48, d: int = 12) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 4
    feats = [rng.normal(0, 1, (int(rng.integers(1, 6)), d)).astype(np.float32) + 1.5 * y[i] for i in range(n)]
    x, m = bags(feats, 8)
    return x, m, y


def test_an_ensemble_averages_its_heads_and_fits_each_on_its_own() -> None:
    import keras

    x, m, y = _data()
    stacked = x[m > 0]
    train, inference = build_head(stacked.mean(0), stacked.std(0), 4, max_cells=8, width=16,
                                  attention=8, seed=3, heads=3)
    assert tuple(train.output_shape) == (None, 3, 4)
    train.compile(optimizer=keras.optimizers.Adam(1e-2), loss=ensemble_loss, metrics=[accuracy])
    hist = train.fit([x, m], y, epochs=30, batch_size=16, verbose=0)
    assert set(hist.history) == {"loss", "accuracy"}
    assert hist.history["accuracy"][-1] > 0.9
    each = np.asarray(train([x, m], training=False))
    probs, feats, weights, cell_probs = (np.asarray(o) for o in inference([x, m], training=False))
    assert np.allclose(probs, each.mean(1), atol=1e-5)
    assert probs.shape == (48, 4) and weights.shape == (48, 8) and cell_probs.shape == (48, 8, 4)
    assert np.allclose(weights.sum(1), 1.0, atol=1e-4) and np.all(weights[m == 0] < 1e-6)
    # the heads start apart and stay apart: an ensemble, not three copies
    assert np.abs(each[:, 0] - each[:, 1]).max() > 1e-3
    # the loss is each head's cross-entropy averaged: a head that is sure and right costs 0
    y1 = np.array([2])
    sure = np.zeros((1, 2, 4), np.float32)
    sure[0, :, 2] = 1.0
    half = sure.copy()
    half[0, 1] = 0.25
    assert float(np.asarray(ensemble_loss(y1, sure))[0]) == pytest.approx(0.0, abs=1e-5)
    assert float(np.asarray(ensemble_loss(y1, half))[0]) == pytest.approx(-np.log(0.25) / 2, rel=1e-4)
    assert float(np.asarray(accuracy(y1, half))[0]) == 1.0


def test_an_ensemble_head_saves_loads_in_safe_mode_and_exports(tmp_path: Path) -> None:
    import keras

    import core.model.layers  # noqa: F401

    x, m, _ = _data(1)
    stacked = x[m > 0]
    _, inference = build_head(stacked.mean(0), stacked.std(0), 4, max_cells=8, width=16,
                              attention=8, seed=0, heads=2)
    path = tmp_path / "model.keras"
    inference.save(path)
    back = keras.models.load_model(path, compile=False, safe_mode=True)
    for a, b in zip(inference([x, m], training=False), back([x, m], training=False)):
        assert np.allclose(np.asarray(a), np.asarray(b), atol=1e-6)
    onnx_path = tmp_path / "head.onnx"
    try:
        export_onnx(inference, onnx_path, [x[:1], m[:1]])
    except Exception as exc:  # noqa: BLE001 - the export needs tf2onnx's toolchain
        pytest.skip(f"ONNX export unavailable here: {exc}")
    import onnxruntime as ort

    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]
    outs = sess.run(None, dict(zip(names, (x, m))))
    assert len(outs) == 4
    assert np.allclose(outs[0], np.asarray(inference([x, m], training=False)[0]), atol=1e-5)
