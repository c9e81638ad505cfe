"""Fast inference with calibrated probabilities, an ``uncertain`` flag and heatmaps.

The fast path runs the bundle's ONNX export with onnxruntime (a few milliseconds per image,
no TensorFlow import); the Keras model is the fallback when there is no export.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Generator, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.data.images import ImageError, decode_workers, is_image_name, load_rgb, read_image_file
from core.data.preprocess import preprocess
from core.inference.flags import Flag
from core.inference.result import CellReading, Prediction
from core.inference.uncertainty import UncertaintyModel, calibrate_probs
from core.model.bundle import Bundle, BundleError, default_model_dir, load_bundle
from core.progress import Progress, ProgressFn, StopFn, check_stop, never_stop, no_progress


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, and the image files inside folders (recursively, sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p, followlinks=False):
                dirnames.sort()
                out.extend(Path(dirpath) / f for f in sorted(filenames)
                           if is_image_name(Path(f)) and not f.startswith("."))
        else:
            out.append(p)
    return out


ORT_SPIN_KEY = "session.intra_op.allow_spinning"


class Predictor:
    """A loaded model ready to classify; create once, call many times."""

    def __init__(self, bundle: Bundle | Path | str | None = None, backend: str = "auto",
                 detect: bool = True) -> None:
        if bundle is None:
            bundle = default_model_dir()
        self.bundle = bundle if isinstance(bundle, Bundle) else load_bundle(bundle)
        self.spec = self.bundle.spec
        self.uncertainty = UncertaintyModel.from_dict(self.bundle.card["uncertainty"])
        # Look for white cells in every field (boxes for the app and the JSON); a model whose
        # card says it needs them gives "no white cell found" where there are none.
        self.requires_cells = bool((self.bundle.card.get("cells") or {}).get("required"))
        self.detect = detect or self.requires_cells
        self._session: Any = None
        self._keras: Any = None
        if backend not in ("auto", "onnx", "keras"):
            raise ValueError(f"unknown backend {backend!r}")
        self._cells: Any = None
        if self.bundle.card.get("architecture") == "cells":  # fields read from their cells
            from core.inference.cell_reader import CellReader

            self._cells = CellReader(self.bundle, backend)
            self.backend, self.detect = self._cells.backend, True
            self._cells.check(len(self.uncertainty.feature_gaussian.mean[0]))
            return
        onnx = self.bundle.onnx_path
        if backend in ("auto", "onnx") and onnx is not None:
            try:
                import onnxruntime as ort

                opts = ort.SessionOptions()
                opts.log_severity_level = 3
                # no busy-waiting between operators: the decode threads of iter_predict share
                # the cores (measured: docs/decisions.md, 2026-11-23, threads do not spin)
                opts.add_session_config_entry(ORT_SPIN_KEY, "0")
                self._session = ort.InferenceSession(str(onnx), opts,
                                                     providers=["CPUExecutionProvider"])
                self._input_name = self._session.get_inputs()[0].name
                shape = tuple(self._session.get_inputs()[0].shape[1:])
            except Exception as exc:  # noqa: BLE001 - any runtime failure falls back to Keras
                self._session = None
                if backend == "onnx":
                    raise BundleError(f"{onnx}: cannot run ONNX export ({exc})", "bundle.onnx_unusable",
                                      {"path": str(onnx), "detail": str(exc)}) from None
            else:
                # symbolic (string) dimensions are dynamic and accept any size
                if all(isinstance(d, int) for d in shape) and shape != self.spec.input_shape:
                    raise BundleError(f"{onnx}: the model takes input {shape}, but its card "
                                      f"says {self.spec.input_shape}", "bundle.input_mismatch",
                                      {"path": str(onnx), "got": str(shape),
                                       "expected": str(self.spec.input_shape)})
        if self._session is None:
            if backend == "onnx":
                raise BundleError(f"{self.bundle.path}: the bundle has no ONNX export", "bundle.no_onnx",
                                  {"path": str(self.bundle.path)})
            from core.model.architectures import inference_model

            self._keras = inference_model(self.bundle.load_keras())
        self.backend = "onnx" if self._session is not None else "keras"
        self._check_outputs()

    def _check_outputs(self) -> None:
        """Run one blank input: a model whose outputs are not (N, classes) probabilities and
        (N, D) features is refused now, with a message, not at the first image."""
        n = len(CLASSES)
        source = self.bundle.onnx_path if self._session is not None else self.bundle.keras_path
        try:
            outs = self._run(np.zeros((1, *self.spec.input_shape), dtype=self.spec.dtype))
        except Exception as exc:  # noqa: BLE001 - a model that cannot run is unusable
            raise BundleError(f"{source}: the model does not run ({type(exc).__name__}: "
                              f"{str(exc)[:200]})", "bundle.does_not_run",
                              {"path": str(source), "kind": type(exc).__name__,
                               "detail": str(exc)[:200]}) from None
        shapes = [tuple(np.shape(o)) for o in outs]
        if len(outs) < 2 or shapes[0] != (1, n) or len(shapes[1]) != 2 or shapes[1][0] != 1:
            raise BundleError(f"{source}: the model's outputs have shapes {shapes}; expected "
                              f"(1, {n}) probabilities and (1, D) features", "bundle.output_shapes",
                              {"path": str(source), "shapes": str(shapes), "n": n})
        width = len(self.uncertainty.feature_gaussian.mean[0])
        if shapes[1][1] != width:
            raise BundleError(f"{source}: the model gives {shapes[1][1]} features but its card's "
                              f"uncertainty model expects {width}", "bundle.feature_width",
                              {"path": str(source), "got": shapes[1][1], "expected": width})

    @property
    def has_heatmap(self) -> bool:
        return self.bundle.card.get("architecture") == "default"

    def _run(self, x: np.ndarray) -> list[np.ndarray]:
        if self._session is not None:
            return list(self._session.run(None, {self._input_name: x}))
        return [np.asarray(o) for o in self._keras([x], training=False)]

    def prepare(self, rgb: np.ndarray) -> np.ndarray:
        """The model input for one loaded RGB image (the shared preprocessing)."""
        return preprocess(rgb, self.spec)

    def predict_inputs(self, x: np.ndarray, paths: list[str | None] | None = None,
                       cells: list[tuple[CellReading, ...] | None] | None = None) -> list[Prediction]:
        """Classify a batch of preprocessed inputs (``cells``: each field's white cells, found
        on the image before preprocessing; a model that reads cells gives no result without)."""
        return self._predict(x, paths, cells)[0]

    def _predict(self, x: np.ndarray, paths: list[str | None] | None,
                 cells: list[tuple[CellReading, ...] | None] | None
                 ) -> tuple[list[Prediction], list[np.ndarray]]:
        """:meth:`predict_inputs`, with the model's raw outputs (class maps included)."""
        if self._cells is not None:
            outs, read = self._read_cells(cells or [None] * len(x))
            cells = list(read)
        else:
            outs = self._run(np.ascontiguousarray(x, dtype=self.spec.dtype))
        raw, features = np.asarray(outs[0], dtype=np.float64), np.asarray(outs[1], dtype=np.float64)
        # Fail closed: a non-finite output (a corrupt or hostile model, a numeric fault) gives
        # no result, never a confident label.
        bad = ~(np.isfinite(raw).all(axis=1) & np.isfinite(features).all(axis=1)
                & (raw >= 0).all(axis=1) & (np.abs(raw.sum(axis=1) - 1) < 1e-3))
        raw[bad], features[bad] = 1.0 / raw.shape[1], 0.0
        probs = calibrate_probs(raw, self.uncertainty.temperature)
        assessed = self.uncertainty.assess_flags(probs, features, x)
        paths = paths or [None] * len(x)
        cells = cells or [None] * len(x)
        result = []
        for path, p, flags, broken, found in zip(paths, probs, assessed, bad, cells):
            if broken or not np.isfinite(p).all():
                result.append(Prediction(path, error="no result: the model's output was not a "
                                                     "valid probability (NaN or infinite)",
                                         cells=found, error_code="predict.invalid_output"))
                continue
            if self.requires_cells and found is not None and not found:
                flags = (Flag.NO_CELLS, *flags)  # a field with no white cell has nothing to read
            unlike = any(f.no_result for f in flags)
            i = int(np.argmax(p))
            top = CLASSES[i]
            result.append(Prediction(path, None if unlike else top,
                                     {c: float(v) for c, v in zip(CLASSES, p)}, float(p[i]),
                                     bool(flags), tuple(flags), no_result=unlike, top_class=top,
                                     cells=found))
        return result, outs

    def _read_cells(self, found: list) -> tuple[list[np.ndarray], list[tuple[CellReading, ...]]]:
        """The cells model's ``[probabilities, features]`` for fields given by their found
        cells (:class:`~core.inference.cell_reader.FoundCells`; None: none found), and each
        field's cells with their weight and class."""
        from core.inference.cell_reader import described_cells

        size = self._cells.spec.input_size
        empty = np.zeros((0, size, size, 3), np.float32)
        out = self._cells.read([getattr(f, "windows", empty) for f in found])
        return [out.probs, out.features], [
            described_cells(f or (), w, p) for f, w, p in zip(found, out.weights, out.cell_probs)]

    def find_cells(self, rgb: np.ndarray) -> tuple[CellReading, ...] | None:
        """The white cells of one loaded image (boxes in its pixels), or None when this
        predictor does not look for them (a cells model keeps their windows beside them)."""
        if not self.detect:
            return None
        if self._cells is not None:
            from core.inference.cell_reader import FoundCells

            cells, windows = self._cells.find(rgb)
            return FoundCells([CellReading.from_dict(c.to_dict()) for c in cells], windows)
        from core.cells import detect_cells

        return tuple(CellReading.from_dict(c.to_dict()) for c in detect_cells(rgb))

    def predict_array(self, rgb: np.ndarray, path: str | None = None) -> Prediction:
        """Classify one ``HxWx3`` uint8 RGB image."""
        return self.predict_inputs(self.prepare(rgb)[None], [path], [self.find_cells(rgb)])[0]

    def predict_path(self, path: Path | str) -> Prediction:
        try:
            return self.predict_array(load_rgb(path), str(path))
        except ImageError as exc:
            return _unreadable(str(path), exc)

    def classify(self, source: Path | str | np.ndarray, path: str | None = None) -> Classified:
        """One image, read once and run through the model once: its :class:`Prediction`,
        the decoded pixels, the class maps its heatmap is drawn from and, for a file, the
        SHA-256 of the bytes it was decoded from (the file is opened and read once).

        ``source`` is a file (``path`` defaults to it) or an ``HxWx3`` uint8 RGB image. An
        unreadable file gives a Prediction with ``error`` set and no pixels.
        """
        digest = None
        if isinstance(source, np.ndarray):
            rgb = source
        else:
            path = str(source) if path is None else path
            try:
                rgb, digest = read_image_file(source)
            except ImageError as exc:
                return Classified(_unreadable(path, exc))
        preds, outs = self._predict(self.prepare(rgb)[None], [path], [self.find_cells(rgb)])
        maps = outs[2][0] if self.has_heatmap and len(outs) >= 3 else None
        return Classified(preds[0], rgb, None if maps is None else np.asarray(maps), digest)

    def _load(self, path: Path | str) -> tuple[np.ndarray | None, Any, str | None]:
        """``(model input, cells, sha256 of the file's bytes)`` of one file, read once, or
        ``(None, the ImageError, None)`` (in a decode thread: OpenCV releases the GIL, so
        detection runs beside the model as decoding does)."""
        try:
            rgb, digest = read_image_file(path)
            return self.prepare(rgb), self.find_cells(rgb), digest
        except ImageError as exc:
            return None, exc, None

    def _classify_chunk(self, chunk: list, loaded: list[tuple[np.ndarray | None, Any, str | None]]
                        ) -> list[Classified]:
        good = [(p, x, extra) for p, (x, extra, _) in zip(chunk, loaded) if x is not None]
        ok = iter(self.predict_inputs(np.stack([x for _, x, _ in good]),
                                      [str(p) for p, _, _ in good],
                                      [extra for _, _, extra in good]) if good else [])
        return [Classified(next(ok), sha256=digest) if x is not None
                else Classified(_unreadable(str(p), extra))
                for p, (x, extra, digest) in zip(chunk, loaded)]

    def iter_predict(
        self,
        paths: Iterable[Path | str],
        *,
        batch_size: int = 32,
        progress: ProgressFn = no_progress,
        should_stop: StopFn = never_stop,
        workers: int | None = None,
    ) -> Generator[Prediction, None, None]:
        """Classify files in batches, yielding results in input order as they come
        (:meth:`iter_classify`'s predictions)."""
        inner = self.iter_classify(paths, batch_size=batch_size, progress=progress,
                                   should_stop=should_stop, workers=workers)
        try:
            for done in inner:
                yield done.prediction
        finally:
            inner.close()  # its decode threads end with this generator

    def iter_classify(
        self,
        paths: Iterable[Path | str],
        *,
        batch_size: int = 32,
        progress: ProgressFn = no_progress,
        should_stop: StopFn = never_stop,
        workers: int | None = None,
    ) -> Generator[Classified, None, None]:
        """Classify files in batches, yielding each one's :class:`Classified` (its prediction
        and the SHA-256 of the bytes it was decoded from; no pixels or maps, so memory stays
        bounded) in input order as they come.

        Each file is opened and read once. Files are decoded and preprocessed by ``workers``
        threads (default: one per core; image decoding releases the GIL) while the model runs
        the batch before, and at most two batches are in memory at a time, so any number of
        files streams in bounded memory. Unreadable files yield a Prediction with ``error``
        set; the rest go on.
        """
        paths = list(paths)
        total = len(paths)
        workers = workers or decode_workers()
        pool = ThreadPoolExecutor(workers, thread_name_prefix="predict-decode")
        pending: deque[tuple[list, list[Future]]] = deque()
        done = 0
        try:
            for start in range(0, total + batch_size, batch_size):
                chunk = paths[start : start + batch_size]
                if chunk:  # decode the next batch while this one is classified
                    pending.append((chunk, [pool.submit(self._load, p) for p in chunk]))
                if len(pending) < 2 and chunk:
                    continue
                if not pending:
                    break
                check_stop(should_stop)
                ready, futures = pending.popleft()
                yield from self._classify_chunk(ready, [f.result() for f in futures])
                done += len(ready)
                progress(Progress("predict", done, total, Path(ready[-1]).name))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def predict_paths(self, paths: Iterable[Path | str], **kwargs: Any) -> list[Prediction]:
        return list(self.iter_predict(paths, **kwargs))

    def heatmap(self, rgb: np.ndarray, label: str | None = None) -> np.ndarray | None:
        """Where the model found evidence for ``label`` (default: the predicted class).

        Returns an ``HxW`` float array in [0, 1] at the image's size, or ``None`` when the
        architecture has no class maps (the ``seed`` baseline). Where the image was just
        classified, :meth:`Classified.heatmap` gives the same without running the model again.
        """
        if not self.has_heatmap:
            return None
        outs = self._run(self.prepare(rgb)[None])
        if len(outs) < 3:
            return None
        idx = int(np.argmax(outs[0][0])) if label is None else CLASSES.index(label)
        return class_heatmap(np.asarray(outs[2][0]), idx, rgb.shape[:2])


def _unreadable(path: str | None, exc: ImageError) -> Prediction:
    """The result of a file that could not be used: its reason, code and values."""
    return Prediction(path, error=exc.reason, error_code=exc.code, error_params=exc.params)


def class_heatmap(maps: np.ndarray, index: int, size: tuple[int, int]) -> np.ndarray:
    """Class ``index``'s map of ``maps`` (``h x w x classes``), scaled to 0-1 and resized to
    ``size`` (rows, columns) with cubic interpolation."""
    import cv2

    cam = maps[:, :, index].astype(np.float32)
    cam -= cam.min()
    if cam.max() > 0:
        cam /= cam.max()
    return cv2.resize(cam, (size[1], size[0]), interpolation=cv2.INTER_CUBIC).clip(0, 1)


@dataclass(frozen=True)
class Classified:
    """What one model run on one image gives (:meth:`Predictor.classify`)."""

    prediction: Prediction
    rgb: np.ndarray | None = None  # the decoded image; None when it could not be read
    maps: np.ndarray | None = None  # class maps (h x w x classes); None: the model has none
    sha256: str | None = None  # of the file's bytes the image was decoded from; None: pixels given

    def heatmap(self, label: str | None = None) -> np.ndarray | None:
        """The heatmap for ``label`` (default: the model's top class) from the kept maps,
        at the image's size; None without maps or pixels."""
        label = label or self.prediction.top_class
        if self.maps is None or self.rgb is None or label is None:
            return None
        return class_heatmap(self.maps, CLASSES.index(label), self.rgb.shape[:2])


def verify_loadable(bundle: Bundle) -> None:
    """Load the bundle as the app will (ONNX session or Keras, uncertainty model) and run one
    input through it; :class:`BundleError` when that fails, so a broken model never replaces a
    working one."""
    try:
        Predictor(bundle)
    except BundleError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure means the model cannot be used
        raise BundleError(f"{bundle.path}: the new model does not load ({type(exc).__name__}: "
                          f"{str(exc)[:200]})", "bundle.new_does_not_load",
                          {"path": str(bundle.path), "kind": type(exc).__name__,
                           "detail": str(exc)[:200]}) from None
