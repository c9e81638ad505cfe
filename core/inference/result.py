"""Fast inference with calibrated probabilities, an ``uncertain`` flag and heatmaps.

The fast path runs the bundle's ONNX export with onnxruntime (a few milliseconds per image,
no TensorFlow import); the Keras model is the fallback when there is no export.
"""

from __future__ import annotations

import json
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np

from core.model.bundle import Bundle, BundleError, default_model_dir, load_bundle
from core.classes import CLASSES, FULL_NAMES
from core.data.images import ImageError, decode_workers, is_image_name, load_rgb
from core.data.preprocess import preprocess
from core.progress import Progress, ProgressFn, StopFn, check_stop, never_stop, no_progress
from core.text import read_csv_rows, safe_display, to_csv_line
from core.inference.uncertainty import UncertaintyModel, calibrate_probs


NO_RESULT = "no result"
NO_CELLS = "no white cell found"


@dataclass(frozen=True)
class Prediction:
    """One image's result, or the reason it has none (``error``).

    A field unlike the training images (``no_result``: another kind of image, another
    magnification, out of focus) has no class: ``label`` is None and ``reason`` says why; the
    model's top class is kept in ``top_class`` only for scoring labelled data (evaluate,
    review), never shown or exported as a result. A field that is only low-confidence keeps
    its ``label``, with ``uncertain`` set.
    """

    path: str | None
    label: str | None = None
    probabilities: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0
    uncertain: bool = True
    reason: str = ""
    error: str | None = None
    no_result: bool = False
    top_class: str | None = None  # the model's arg-max, also when there is no result
    cells: tuple[dict, ...] | None = None  # white cells found (boxes in image pixels); None: not looked for

    @property
    def full_name(self) -> str:
        return FULL_NAMES.get(self.label or "", "")

    @property
    def cell_count(self) -> int | None:
        return None if self.cells is None else len(self.cells)

    def to_dict(self) -> dict:
        if self.error is not None:
            return {"path": self.path, "error": self.error}
        cells = {} if self.cells is None else {"cell_count": len(self.cells),
                                               "cells": [dict(c) for c in self.cells]}
        if self.no_result:
            return {"path": self.path, "label": None, "full_name": None, "result": NO_RESULT,
                    "probabilities": None, "confidence": None, "uncertain": True,
                    "reason": self.reason, **cells}
        return {
            "path": self.path,
            "label": self.label,
            "full_name": self.full_name,
            "probabilities": {k: round(v, 6) for k, v in self.probabilities.items()},
            "confidence": round(self.confidence, 6),
            "uncertain": self.uncertain,
            "reason": self.reason,
            **cells,
        }


@dataclass(frozen=True)
class CaseSummary:
    """Several fields of one smear (one case) read together.

    The case's probabilities are the mean over its confidently classified fields; fields
    flagged uncertain (blank, over-exposed, another stain...) do not vote unless no field is
    confident. Field errors cluster in patients but rarely reach half of one; how this reads
    the benchmark's test blocks is in docs/benchmarks.md, "Case level".
    """

    label: str | None
    probabilities: dict[str, float]
    fields: int  # fields classified (errors excluded)
    voting: int  # fields whose probabilities were averaged
    agree: int  # classified fields whose own label is the case's label
    errors: int
    no_result: int = 0  # fields unlike the training images: no class, left out of the case

    @property
    def uncertain_fields(self) -> int:
        """Classified fields flagged uncertain (the ones left out of the mean, if any voted)."""
        return self.fields - self.voting

    @property
    def confidence(self) -> float:
        return self.probabilities.get(self.label or "", 0.0)

    @property
    def uncertain(self) -> bool:
        """No verdict to lean on: no confident field, or fewer than half of them agree."""
        return bool(self.reason)

    @property
    def full_name(self) -> str:
        return FULL_NAMES.get(self.label or "", "")

    def describe(self) -> str:
        unlike = (f"; {self.no_result} field(s) unlike the training images, no result"
                  if self.no_result else "")
        if self.label is None:
            return self.reason + (f" ({self.errors} unreadable)" if self.errors else "") + unlike
        if self.voting:
            basis = f"mean over {self.voting} confident field(s)"
            if self.uncertain_fields:
                basis += f"; {self.uncertain_fields} uncertain field(s) not counted"
        else:
            basis = f"all {self.fields} field(s) uncertain, mean over all"
        text = (f"{self.full_name} {self.confidence:.1%} ({basis}); "
                f"{self.agree} of {self.fields} field(s) agree")
        if self.errors:
            text += f"; {self.errors} unreadable"
        text += unlike
        return text + (f" — UNCERTAIN: {self.reason}" if self.uncertain else "")

    @property
    def reason(self) -> str:
        """Why the case is uncertain ("" when it is not)."""
        if self.label is None:
            if self.no_result:
                return "no field is like the training images"
            return "no field could be classified" if self.errors else "no fields"
        if self.voting == 0:
            return "no field was classified with confidence"
        if self.agree * 2 < self.fields:
            return f"only {self.agree} of {self.fields} fields agree"
        return ""

    def to_dict(self) -> dict:
        return {"label": self.label, "full_name": self.full_name,
                "probabilities": {k: round(v, 6) for k, v in self.probabilities.items()},
                "confidence": round(self.confidence, 6), "uncertain": self.uncertain,
                "reason": self.reason, "fields": self.fields, "voting": self.voting, "agree": self.agree,
                "uncertain_fields": self.uncertain_fields, "errors": self.errors,
                "no_result": self.no_result}


def summarize_case(preds: Iterable[Prediction]) -> CaseSummary:
    """Read the fields of one case together (see :class:`CaseSummary`)."""
    preds = list(preds)
    done = [p for p in preds if p.error is None and p.label is not None]
    unlike = sum(p.error is None and p.no_result for p in preds)
    errors = len(preds) - len(done) - unlike
    confident = [p for p in done if not p.uncertain]
    voters = confident or done
    if not voters:
        return CaseSummary(None, {}, 0, 0, 0, errors, unlike)
    classes = list(voters[0].probabilities)
    mean = np.mean([[p.probabilities[c] for c in classes] for p in voters], axis=0)
    label = classes[int(np.argmax(mean))]
    return CaseSummary(label, {c: float(v) for c, v in zip(classes, mean)}, len(done),
                       len(confident), sum(p.label == label for p in done), errors, unlike)


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
        onnx = self.bundle.onnx_path
        if backend in ("auto", "onnx") and onnx is not None:
            try:
                import onnxruntime as ort

                opts = ort.SessionOptions()
                opts.log_severity_level = 3
                # no busy-waiting between operators: the decode threads of iter_predict share
                # the cores (2 cores, eight interleaved passes: batch median 316 -> 341 images/s,
                # one image +0.1 ms; docs/benchmarks.md)
                opts.add_session_config_entry(ORT_SPIN_KEY, "0")
                self._session = ort.InferenceSession(str(onnx), opts,
                                                     providers=["CPUExecutionProvider"])
                self._input_name = self._session.get_inputs()[0].name
                shape = tuple(self._session.get_inputs()[0].shape[1:])
            except Exception as exc:  # noqa: BLE001 - any runtime failure falls back to Keras
                self._session = None
                if backend == "onnx":
                    raise BundleError(f"{onnx}: cannot run ONNX export ({exc})") from None
            else:
                # symbolic (string) dimensions are dynamic and accept any size
                if all(isinstance(d, int) for d in shape) and shape != self.spec.input_shape:
                    raise BundleError(f"{onnx}: the model takes input {shape}, but its card "
                                      f"says {self.spec.input_shape}")
        if self._session is None:
            if backend == "onnx":
                raise BundleError(f"{self.bundle.path}: the bundle has no ONNX export")
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
                              f"{str(exc)[:200]})") from None
        shapes = [tuple(np.shape(o)) for o in outs]
        if len(outs) < 2 or shapes[0] != (1, n) or len(shapes[1]) != 2 or shapes[1][0] != 1:
            raise BundleError(f"{source}: the model's outputs have shapes {shapes}; expected "
                              f"(1, {n}) probabilities and (1, D) features")
        width = len(self.uncertainty.feature_gaussian.mean[0])
        if shapes[1][1] != width:
            raise BundleError(f"{source}: the model gives {shapes[1][1]} features but its card's "
                              f"uncertainty model expects {width}")

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
                       cells: list[tuple[dict, ...] | None] | None = None) -> list[Prediction]:
        """Classify a batch of preprocessed inputs (``cells``: each field's white cells, found
        on the image before preprocessing; a model that reads cells gives no result without)."""
        outs = self._run(np.ascontiguousarray(x, dtype=self.spec.dtype))
        raw, features = np.asarray(outs[0], dtype=np.float64), np.asarray(outs[1], dtype=np.float64)
        # Fail closed: a non-finite output (a corrupt or hostile model, a numeric fault) gives
        # no result, never a confident label.
        bad = ~(np.isfinite(raw).all(axis=1) & np.isfinite(features).all(axis=1)
                & (raw >= 0).all(axis=1) & (np.abs(raw.sum(axis=1) - 1) < 1e-3))
        raw[bad], features[bad] = 1.0 / raw.shape[1], 0.0
        probs = calibrate_probs(raw, self.uncertainty.temperature)
        flags = self.uncertainty.assess_reasons(probs, features, x)
        paths = paths or [None] * len(x)
        cells = cells or [None] * len(x)
        result = []
        for path, p, (unlike, weak), broken, found in zip(paths, probs, flags, bad, cells):
            if broken or not np.isfinite(p).all():
                result.append(Prediction(path, error="no result: the model's output was not a "
                                                     "valid probability (NaN or infinite)",
                                         cells=found))
                continue
            if self.requires_cells and found is not None and not found:
                unlike = [NO_CELLS, *unlike]  # a field with no white cell has nothing to read
            i = int(np.argmax(p))
            top = CLASSES[i]
            result.append(Prediction(path, None if unlike else top,
                                     {c: float(v) for c, v in zip(CLASSES, p)}, float(p[i]),
                                     bool(unlike or weak), "; ".join(unlike + weak),
                                     no_result=bool(unlike), top_class=top, cells=found))
        return result

    def find_cells(self, rgb: np.ndarray) -> tuple[dict, ...] | None:
        """The white cells of one loaded image (boxes in its pixels), or None when this
        predictor does not look for them."""
        if not self.detect:
            return None
        from core.cells import detect_cells

        return tuple(c.to_dict() for c in detect_cells(rgb))

    def predict_array(self, rgb: np.ndarray, path: str | None = None) -> Prediction:
        """Classify one ``HxWx3`` uint8 RGB image."""
        return self.predict_inputs(self.prepare(rgb)[None], [path], [self.find_cells(rgb)])[0]

    def predict_path(self, path: Path | str) -> Prediction:
        try:
            return self.predict_array(load_rgb(path), str(path))
        except ImageError as exc:
            return Prediction(str(path), error=exc.reason)

    def _load(self, path: Path | str) -> tuple[np.ndarray | None, Any]:
        """``(model input, cells)`` of one file, or ``(None, reason)`` (in a decode thread:
        OpenCV releases the GIL, so detection runs beside the model as decoding does)."""
        try:
            rgb = load_rgb(path)
            return self.prepare(rgb), self.find_cells(rgb)
        except ImageError as exc:
            return None, exc.reason

    def _classify_chunk(self, chunk: list, loaded: list[tuple[np.ndarray | None, Any]]
                        ) -> list[Prediction]:
        good = [(p, x, extra) for p, (x, extra) in zip(chunk, loaded) if x is not None]
        ok = iter(self.predict_inputs(np.stack([x for _, x, _ in good]),
                                      [str(p) for p, _, _ in good],
                                      [extra for _, _, extra in good]) if good else [])
        return [next(ok) if x is not None else Prediction(str(p), error=extra)
                for p, (x, extra) in zip(chunk, loaded)]

    def iter_predict(
        self,
        paths: Iterable[Path | str],
        *,
        batch_size: int = 32,
        progress: ProgressFn = no_progress,
        should_stop: StopFn = never_stop,
        workers: int | None = None,
    ) -> Iterator[Prediction]:
        """Classify files in batches, yielding results in input order as they come.

        Files are decoded and preprocessed by ``workers`` threads (default: one per core;
        image decoding releases the GIL) while the model runs the batch before, and at most
        two batches are in memory at a time, so any number of files streams in bounded memory.
        Unreadable files yield a Prediction with ``error`` set; the rest go on.
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
        architecture has no class maps (the ``seed`` baseline).
        """
        if not self.has_heatmap:
            return None
        import cv2

        x = self.prepare(rgb)[None]
        outs = self._run(x)
        if len(outs) < 3:
            return None
        idx = int(np.argmax(outs[0][0])) if label is None else CLASSES.index(label)
        cam = outs[2][0, :, :, idx].astype(np.float32)
        cam -= cam.min()
        if cam.max() > 0:
            cam /= cam.max()
        return cv2.resize(cam, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_CUBIC).clip(0, 1)


class ResultsError(ValueError):
    """A results file that ``--resume`` must not continue; the message is one line."""


def _csv_records_end(raw: bytes) -> int:
    """Offset just after the last complete CSV record of ``raw`` (RFC 4180 quoting).

    A newline inside a quoted field (a file name with a line break) does not end a record, so
    a record torn inside such a field by a kill is found and dropped, not half kept.
    """
    quoted, end, pos = False, 0, 0
    for piece in raw.split(b"\n")[:-1]:  # each piece ends at a newline
        pos += len(piece) + 1
        if piece.count(b'"') % 2:  # doubled quotes inside a field change nothing
            quoted = not quoted
        if not quoted:
            end = pos
    return end


class ResultsFile:
    """A CSV or JSON-lines results file written one flushed record at a time.

    Every record carries the id of the model that made it (CSV: a ``model_id`` column, kept
    last so spreadsheets and scripts that read the other columns by position are unaffected;
    JSON lines: a ``model_id`` field). A killed run leaves every complete record valid;
    ``resume=True`` drops a torn last record (also one cut inside a quoted field), refuses a
    file written by another model or for other classes (:class:`ResultsError`), remembers the
    images already recorded (:meth:`is_done`) and appends after them. Paths are written as
    :func:`core.text.safe_display` shows them, and CSV cells that a spreadsheet would run as a
    formula get a leading ``'`` (read back without it).
    """

    def __init__(self, path: Path | str, classes: list[str], *, resume: bool = False,
                 kind: str | None = None, model_id: str = "") -> None:
        self.path = Path(path)
        self.kind = kind or ("jsonl" if self.path.suffix.lower() in (".jsonl", ".json", ".ndjson")
                             else "csv")
        self.classes = list(classes)
        self.model_id = model_id
        self.done: set[str] = set()
        self.header = ["path", "label", "confidence", "uncertain", "reason", "error",
                       *[f"p_{c}" for c in self.classes], "model_id"]
        fresh = not (resume and self.path.is_file() and self.path.stat().st_size > 0)
        if not fresh:
            self._read_done()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "w" if fresh else "a", newline="", encoding="utf-8")
        if fresh and self.kind == "csv":
            self._write_line(self._csv_line(self.header))

    @staticmethod
    def key(path: Path | str | None) -> str:
        """How an image is named in the file (and matched on resume)."""
        return safe_display(path) if path is not None else ""

    def is_done(self, path: Path | str) -> bool:
        return self.key(path) in self.done

    def _refuse(self, why: str) -> None:
        raise ResultsError(f"{safe_display(self.path)}: {why}; --resume would mix results "
                           "(give a new results file, or the model that wrote this one)")

    def _check_model(self, found: object, where: str) -> None:
        if found != self.model_id:
            self._refuse(f"{where} was written by model {found or '(none recorded)'}, "
                         f"not {self.model_id or '(none)'}")

    def _read_done(self) -> None:
        raw = self.path.read_bytes()
        end = _csv_records_end(raw) if self.kind == "csv" else raw.rfind(b"\n") + 1
        text = raw[:end].decode("utf-8", "replace")
        if self.kind == "csv":
            rows = read_csv_rows(text, self.path)
            if not rows:
                self._refuse("the file has no header")
            if [h.strip() for h in rows[0]] != self.header:
                if "model_id" not in rows[0]:
                    self._refuse("the file records no model id (written by an older version "
                                 "or another program)")
                self._refuse("the file's columns are not this model's classes "
                             f"({', '.join(rows[0])})")
            for n, r in enumerate(rows[1:], start=2):
                if not r:
                    continue
                if len(r) != len(self.header):
                    self._refuse(f"row {n} has {len(r)} fields, not {len(self.header)}")
                self._check_model(r[-1], f"row {n}")
                self.done.add(r[0])
        else:
            for n, line in enumerate(text.splitlines(), start=1):
                try:
                    rec = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if not isinstance(rec, dict) or "path" not in rec:
                    continue
                self._check_model(rec.get("model_id"), f"line {n}")
                self.done.add(str(rec["path"]))
        if end < len(raw):  # a record cut by the kill: drop it, it is redone
            with open(self.path, "r+b") as fh:
                fh.truncate(end)

    @staticmethod
    def _csv_line(row: list) -> str:
        return to_csv_line(row)

    def _write_line(self, line: str) -> None:
        self._fh.write(line)
        self._fh.flush()  # one write per record: a kill never tears an earlier one

    def write(self, pred: Prediction) -> None:
        name = self.key(pred.path)
        if self.kind == "jsonl":
            line = json.dumps({**pred.to_dict(), "path": name, "model_id": self.model_id},
                              ensure_ascii=False) + "\n"
        else:
            blank = pred.no_result  # no class: no confidence or probabilities either
            line = self._csv_line([name, pred.label or "",
                                   "" if blank else f"{pred.confidence:.6f}",
                                   pred.uncertain if pred.error is None else "",
                                   f"{NO_RESULT}: {pred.reason}" if blank else pred.reason,
                                   pred.error or "",
                                   *["" if blank else f"{pred.probabilities.get(c, 0):.6f}"
                                     for c in self.classes], self.model_id])
        self._write_line(line)
        self.done.add(name)

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> "ResultsFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
                          f"{str(exc)[:200]})") from None
