"""Running a ``cells`` bundle (:mod:`core.model.cells`): cells found, windows cut, features read,
the head run, and each cell's weight and class for the app's boxes.

The fast path runs the bundle's two ONNX exports (the feature extractor and the head) with
onnxruntime; without them the head is the bundle's Keras file (safe mode) and the extractor is
rebuilt from the shipped backbone weights, whose SHA-256 must be the one on the card.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from collections.abc import Sequence

import numpy as np

from core.classes import CLASSES
from core.model.bundle import Bundle, BundleError
from core.inference.result import CellReading
from core.model.cells import EXTRACT_BATCH, EXTRACTOR_ONNX, HEAD_ONNX, CellSpec, bags, field_windows, read_field

ORT_SPIN_KEY = "session.intra_op.allow_spinning"


class FoundCells(tuple):
    """A field's white cells (what a Prediction carries), with the model's input for them
    (``windows``, the first ``max_cells``) kept beside, out of the results."""

    windows: np.ndarray

    def __new__(cls, cells: Sequence[CellReading], windows: np.ndarray) -> FoundCells:
        obj = super().__new__(cls, cells)
        obj.windows = windows
        return obj


@dataclass(frozen=True)
class CellOutputs:
    probs: np.ndarray  # fields x classes (raw; uniform where a field has no cell)
    features: np.ndarray  # fields x D
    weights: list[np.ndarray]  # per field, its cells' attention weights
    cell_probs: list[np.ndarray]  # per field, its cells' class probabilities


def _session(path: Any) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    opts.add_session_config_entry(ORT_SPIN_KEY, "0")
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])


class CellReader:
    """The cells model of one bundle, ready to read fields."""

    def __init__(self, bundle: Bundle, backend: str = "auto") -> None:
        self.bundle = bundle
        try:
            self.spec = CellSpec.from_card(bundle.card)
        except (TypeError, ValueError) as exc:
            raise BundleError(f"{bundle.path}: the card's cells section is not readable ({exc})",
                              "bundle.cells_section", {"path": str(bundle.path), "detail": str(exc)}) from None
        files = bundle.card.get("files", {})
        self._extractor: Any = None
        self._head: Any = None
        self._keras_head: Any = None
        self._keras_extractor: Any = None
        onnx = EXTRACTOR_ONNX in files and HEAD_ONNX in files
        if backend in ("auto", "onnx") and onnx:
            try:
                self._extractor = _session(bundle.path / EXTRACTOR_ONNX)
                self._head = _session(bundle.path / HEAD_ONNX)
            except Exception as exc:  # noqa: BLE001 - any runtime failure falls back to Keras
                self._extractor = self._head = None
                if backend == "onnx":
                    raise BundleError(f"{bundle.path}: cannot run the ONNX exports ({exc})",
                                      "bundle.onnx_exports_unusable",
                                      {"path": str(bundle.path), "detail": str(exc)}) from None
        if self._head is None:
            if backend == "onnx":
                raise BundleError(f"{bundle.path}: the bundle has no ONNX export", "bundle.no_onnx",
                                  {"path": str(bundle.path)})
            self._keras_head = self._load_head()
            self._keras_extractor = self._backbone()
        self.backend = "onnx" if self._head is not None else "keras"

    def _load_head(self) -> Any:
        """The head from ``model.keras`` in safe mode (its inputs are cells, not the field
        input ``Bundle.load_keras`` checks)."""
        import keras

        import core.model.layers  # noqa: F401  (registers our layers for loading)
        from core.model.bundle import CODE_REFUSED

        path = self.bundle.keras_path
        try:
            model = keras.models.load_model(path, compile=False, safe_mode=True)
        except Exception as exc:  # keras raises many types for bad files
            text = str(exc)
            if "safe_mode" in text or "arbitrary code" in text:
                raise BundleError(f"{path}: {CODE_REFUSED}", "bundle.code_refused",
                                  {"path": str(path)}) from None
            raise BundleError(f"{path}: cannot load Keras model ({text[:300]})", "bundle.keras_unloadable",
                              {"path": str(path), "detail": text[:300]}) from None
        want = [(None, self.spec.max_cells, self.spec.feature_width), (None, self.spec.max_cells)]
        if [tuple(s) for s in model.input_shape] != want:
            raise BundleError(f"{path}: the head takes inputs {model.input_shape}, but its card "
                              f"says {want}", "bundle.head_inputs",
                              {"path": str(path), "got": str(model.input_shape), "expected": str(want)})
        return model

    def _backbone(self) -> Any:
        from core.model import backbones
        from core.model.cells import extractor

        want = ((self.bundle.card.get("cells") or {}).get("backbone") or {}).get("npz_sha256")
        have = backbones.provenance().get("npz_sha256")
        if want != have:
            raise BundleError(f"{self.bundle.path}: the model was trained on backbone weights "
                              f"{str(want)[:12]}..., the app has {str(have)[:12]}...",
                              "bundle.backbone_weights", {"path": str(self.bundle.path),
                                                          "want": str(want)[:12], "have": str(have)[:12]})
        return extractor(self.spec)

    def windows(self, rgb: np.ndarray, cells: Sequence[Any]) -> np.ndarray:
        return field_windows(rgb, cells, self.spec)

    def find(self, rgb: np.ndarray) -> tuple[list[Any], np.ndarray]:
        """The field's white cells and their windows, as this bundle reads them
        (:func:`core.model.cells.read_field`: on the stain-normalised field where the card says so)."""
        return read_field(rgb, self.spec)

    def extract(self, windows: np.ndarray, batch: int = EXTRACT_BATCH) -> np.ndarray:
        if not len(windows):
            return np.zeros((0, self.spec.feature_width), np.float32)
        out = []
        for i in range(0, len(windows), batch):
            x = np.ascontiguousarray(windows[i:i + batch], dtype=np.float32)
            if self._extractor is not None:
                out.append(self._extractor.run(None, {self._extractor.get_inputs()[0].name: x})[0])
            else:
                out.append(np.asarray(self._keras_extractor(x, training=False)))
        return np.concatenate(out).astype(np.float32)

    def head(self, x: np.ndarray, m: np.ndarray) -> list[np.ndarray]:
        if self._head is not None:
            names = [i.name for i in self._head.get_inputs()]
            return [np.asarray(o) for o in self._head.run(None, dict(zip(names, (x, m))))]
        return [np.asarray(o) for o in self._keras_head([x, m], training=False)]

    def read(self, windows: Sequence[np.ndarray]) -> CellOutputs:
        """The head's outputs for fields given as their cells' windows (``n_i`` x size x size
        x 3; ``n_i`` may be 0: that field gets uniform probabilities and zero features)."""
        sizes = [min(len(w), self.spec.max_cells) for w in windows]
        stacked = [w[:n] for w, n in zip(windows, sizes) if n]
        feats = self.extract(np.concatenate(stacked)) if stacked else None
        per_field = (np.split(feats, np.cumsum(sizes)[:-1]) if feats is not None
                     else [np.zeros((0, self.spec.feature_width), np.float32)] * len(windows))
        x, m = bags([f if len(f) else np.zeros((0, self.spec.feature_width), np.float32)
                     for f in per_field], self.spec.max_cells)
        if x.shape[-1] == 0:
            x = np.zeros((len(windows), self.spec.max_cells, self.spec.feature_width), np.float32)
        probs, features, weights, cell_probs = self.head(x, m)
        probs = np.asarray(probs, np.float64)
        features = np.asarray(features, np.float64)
        empty = np.array(sizes) == 0
        probs[empty], features[empty] = 1.0 / len(CLASSES), 0.0
        return CellOutputs(probs, features, [weights[i, :n] for i, n in enumerate(sizes)],
                           [cell_probs[i, :n] for i, n in enumerate(sizes)])

    def check(self, feature_width: int) -> None:
        """One blank field with one blank cell: the outputs must have the expected shapes."""
        size = self.spec.input_size
        out = self.read([np.full((1, size, size, 3), 200.0, np.float32)])
        shapes = [out.probs.shape, out.features.shape, out.weights[0].shape, out.cell_probs[0].shape]
        want = [(1, len(CLASSES)), (1, feature_width), (1,), (1, len(CLASSES))]
        if shapes != want:
            raise BundleError(f"{self.bundle.path}: the cells model's outputs have shapes {shapes}; "
                              f"expected {want}", "bundle.cells_outputs",
                              {"path": str(self.bundle.path), "shapes": str(shapes), "expected": str(want)})


def described_cells(found: Sequence[CellReading], weights: np.ndarray, cell_probs: np.ndarray
                    ) -> tuple[CellReading, ...]:
    """Each cell with the model's reading of it: ``label`` and ``probability`` (the
    head's classifier on the cell alone) and ``weight`` (its share of the field's answer); the
    cells past ``max_cells`` were not read (``weight`` 0, no label)."""
    out = []
    for k, cell in enumerate(found):
        if k < len(weights):
            p = cell_probs[k]
            i = int(np.argmax(p))
            out.append(replace(cell, label=CLASSES[i], probability=round(float(p[i]), 4),
                               weight=round(float(weights[k]), 4)))
        else:
            out.append(replace(cell, label=None, probability=None, weight=0.0))
    return tuple(out)
