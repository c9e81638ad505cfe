"""The frozen cell features of a training run's fields, read once per image and per jittered copy.

Each field is decoded once; its white cells are detected on it (and on each jittered copy
again: a copy's cells are where the detector finds them in the copy); the windows go through
the frozen extractor in batches. What the head is then fitted on is only these arrays.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from collections.abc import Callable, Sequence

import numpy as np

from core.classes import CLASSES
from core.data.images import decode_workers, load_rgb
from core.data.preprocess import PreprocessSpec, preprocess
from core.data.scan import ImageItem
from core.model.cells import EXTRACT_BATCH, CellSpec, read_field
from core.progress import Progress, ProgressFn, StopFn, check_stop

# (copies of each training field, the first without JPEG, the others re-compressed)
COPIES = {"jitter": 2, "none": 0}
# the copies' saturation factor range: 0.5-1.5 in the probe; 0.35-1.6 chosen on validation
# (docs/cell_model.md, "A wider saturation range")
SATURATION = (0.35, 1.6)
HUE = 15.0  # the copies' hue rotation, ± degrees
# the re-compressed copies' largest blur σ (pixels): 0.8 before; 1.0, the robustness range's,
# chosen on validation by a rule written first (docs/cell_model.md, "Blur copies up to σ 1")
BLUR = 1.0


def _jpeg(rgb: np.ndarray, quality: int) -> np.ndarray:
    import cv2

    _, buf = cv2.imencode(".jpg", rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    decoded = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    assert decoded is not None
    return np.ascontiguousarray(decoded[..., ::-1])


def _hsv(rgb: np.ndarray, dh: float, s: float) -> np.ndarray:
    import cv2

    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV_FULL).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + dh * 256) % 256
    hsv[..., 1] = np.clip(hsv[..., 1] * s, 0, 255)
    return cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB_FULL)


def jitter(rgb: np.ndarray, rng: np.random.Generator, jpeg: bool) -> np.ndarray:
    """A training copy: hue ±15° (:data:`HUE`), saturation ×0.35-1.6 (:data:`SATURATION`), brightness
    ×0.8-1.2, contrast ×0.85-1.15, gamma 0.85-1.2, a random rotation by quarter turns and
    flip, and (``jpeg``) a mild blur (σ up to :data:`BLUR`) and a JPEG re-compression at quality 30-90:
    the probe's recipe (``benchmarks/cell_probe.py``) with a wider saturation range."""
    import cv2

    x = _hsv(rgb, rng.uniform(-HUE, HUE) / 360, rng.uniform(*SATURATION))
    x = np.clip(x.astype(np.float32) * rng.uniform(0.8, 1.2), 0, 255)
    m = x.reshape(-1, 3).mean(0)
    x = np.clip((x - m) * rng.uniform(0.85, 1.15) + m, 0, 255)
    x = np.clip(255.0 * (x / 255.0) ** rng.uniform(0.85, 1.2), 0, 255).astype(np.uint8)
    x = np.ascontiguousarray(np.rot90(x, int(rng.integers(4))))
    if rng.random() < 0.5:
        x = np.ascontiguousarray(x[:, ::-1])
    if jpeg:
        sigma = float(rng.uniform(0, BLUR))
        if sigma > 0:
            x = cv2.GaussianBlur(x, (0, 0), sigma)
        x = _jpeg(x, int(rng.integers(30, 91)))
    return x


@dataclass
class FieldSet:
    """One part's fields as the head reads them: per field its cells' features (``n x D``,
    ``n`` may be 0), label, and, for the clean fields, the field checks' statistics."""

    features: list[np.ndarray]
    labels: np.ndarray
    stats: np.ndarray | None = None  # image_stats of the preprocessed field (clean and copies)
    detail: np.ndarray | None = None  # its detail (a blurred, re-compressed copy's: NaN)

    @property
    def read(self) -> np.ndarray:
        """Indices of the fields with at least one cell."""
        return np.array([i for i, f in enumerate(self.features) if len(f)], dtype=np.int64)

    def __add__(self, other: FieldSet) -> FieldSet:
        return FieldSet(self.features + other.features, np.concatenate([self.labels, other.labels]))


Extract = Callable[[np.ndarray], np.ndarray]


def _read(item: ImageItem, copies: int, seed: int, index: int, spec: PreprocessSpec,
          cells: CellSpec, measure: str) -> tuple[list[np.ndarray], np.ndarray, list[np.ndarray]]:
    """The field's windows (clean, then each copy), its preprocessed input and each copy's
    colour statistics and detail (of its preprocessed input: the field checks' reference
    includes them; detail NaN for a blurred, re-compressed copy)."""
    from core.inference.uncertainty import detail, image_stats

    rgb = load_rgb(item.path)
    out = [read_field(rgb, cells)[1]]
    rng = np.random.default_rng([seed, index])
    copy_stats = []
    for k in range(copies):
        copy = jitter(rgb, rng, jpeg=k > 0)
        out.append(read_field(copy, cells)[1])
        x = preprocess(copy, spec)
        copy_stats.append(np.append(image_stats(x)[0], np.nan if k > 0 else detail(x, measure)[0]))
    return out, preprocess(rgb, spec), copy_stats


def read_fields(items: Sequence[ImageItem], extract: Extract, spec: PreprocessSpec, cells: CellSpec,
                *, copies: int = 0, seed: int = 0, stage: str = "features", chunk: int = 32,
                progress: ProgressFn, should_stop: StopFn, detail_measure: str | None = None
                ) -> tuple[FieldSet, FieldSet | None]:
    """``(clean fields, jittered copies or None)`` of ``items``: cells detected and read once
    (their detail in ``detail_measure``, default the new models' measure).

    Fields are decoded, detected and cut in threads while the extractor reads the chunk before.
    """
    from core.inference.uncertainty import DETAIL_MEASURE, detail, image_stats

    measure = detail_measure or DETAIL_MEASURE
    labels = np.array([CLASSES.index(i.label) for i in items], dtype=np.int64)
    clean: list[np.ndarray] = []
    jittered: list[list[np.ndarray]] = [[] for _ in range(copies)]
    jittered_stats: list[list[np.ndarray]] = [[] for _ in range(copies)]
    stats, fine = [], []
    width = cells.feature_width
    with ThreadPoolExecutor(decode_workers(), thread_name_prefix="cell-read") as pool:
        starts = list(range(0, len(items), chunk))
        pending = None
        for n, start in enumerate(starts + [None]):
            nxt = None
            if start is not None:
                nxt = [pool.submit(_read, it, copies, seed, start + k, spec, cells, measure)
                       for k, it in enumerate(items[start:start + chunk])]
            if pending is not None:
                check_stop(should_stop)
                read = [f.result() for f in pending]
                flat = [w for windows, _, _ in read for w in windows]
                sizes = [len(w) for w in flat]
                stacked = np.concatenate(flat) if sum(sizes) else None
                feats = extract(stacked) if stacked is not None else np.zeros((0, width), np.float32)
                parts = np.split(np.asarray(feats, np.float32), np.cumsum(sizes)[:-1])
                for k, (_, x, copy_stats) in enumerate(read):
                    group = parts[k * (copies + 1):(k + 1) * (copies + 1)]
                    clean.append(group[0])
                    for c in range(copies):
                        jittered[c].append(group[c + 1])
                        jittered_stats[c].append(copy_stats[c])
                    stats.append(image_stats(x)[0])
                    fine.append(detail(x, measure)[0])
                done = min(len(items), starts[n - 1] + chunk)
                progress(Progress(stage, done, len(items), f"reading cells: {done} of {len(items)} fields"))
            pending = nxt
    field_set = FieldSet(clean, labels, np.array(stats).reshape(len(items), -1), np.array(fine))
    if not copies:
        return field_set, None
    both = np.array([v for c in jittered_stats for v in c]).reshape(len(items) * copies, -1)
    return field_set, FieldSet([f for c in jittered for f in c], np.tile(labels, copies),
                               both[:, :-1], both[:, -1])


def extractor_fn(spec: CellSpec, onnx_path: Any = None, batch: int = EXTRACT_BATCH) -> Extract:
    """The extractor as a function of stacked windows: the ONNX export when given (the
    product's fast path, so training reads cells as inference will), else Keras."""
    if onnx_path is not None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        session = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name

        def run(x: np.ndarray) -> np.ndarray:
            return np.concatenate([session.run(None, {name: x[i:i + batch]})[0]
                                   for i in range(0, len(x), batch)])
        return run
    from core.model.cells import extractor

    model = extractor(spec)

    def run_keras(x: np.ndarray) -> np.ndarray:
        return np.concatenate([np.asarray(model(x[i:i + batch], training=False))
                               for i in range(0, len(x), batch)])
    return run_keras
