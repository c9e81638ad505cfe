"""Continued training of a ``cells`` model: the parent's frozen extractor, its head trained on.

The contract is the field model's (:mod:`core.training.finetune`, :mod:`core.training.rehearsal`):

* the child reads cells exactly as the parent did: the parent card's :class:`CellSpec` (window,
  input size, layers, chroma normalisation and any later field) and the parent's extractor
  (its ONNX export, else the shipped backbone checked against the card's checksum);
* the attention head starts from the parent's weights (before any epoch the child answers as
  the parent does) and is pulled back toward them by an **L2-SP** penalty;
* it **rehearses** the parent's distribution: the bundle's :data:`REPLAY_FILE`, per-cell
  features (float16) of some of the parent's training fields and their jittered copies,
  written when a ``cells`` model is trained (:mod:`core.training.cell_replay`). A bundle without it falls
  back to the parent's carried rehearsal images (``rehearsal.zip``), then to the parent's
  training images named in its ``split.json`` when they are still on disk; otherwise the card
  and the result say that rehearsal was unavailable. The reference is never trained on;
* the temperature is fitted again on the new lab's validation fields and the uncertainty
  reference is that of the new lab's fields (and copies) with the replayed ones;
* the parent's **reference** and the new lab's held-out part are scored for parent and child
  side by side (the card's ``continued``, read by :mod:`core.evaluation.reference`, whose
  override rule applies unchanged); the child carries the parent's sets on.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.data.split import Manifest
from core.model.bundle import Bundle, BundleError
from core.model.cells import EXTRACTOR_ONNX, HEAD_ONNX, CellSpec, bags, export_onnx
from core.progress import Cancelled, Progress, ProgressFn, StopFn
from core.training.cell_features import COPIES, FieldSet, read_fields
from core.training.cell_replay import REPLAY_FILE, read_replay
from core.training.config import ResolvedConfig, load_parent
from core.training.rehearsal import ContinueMethod
from core.training.result import TrainResult

SPLIT_FALLBACK_PER_CLASS = 60  # parent's training images read again when it carries no replay
# the head is small and every weight is trained: a weaker pull than the field model's 1.0
CELLS_L2SP = 0.01
CELLS_METHOD = ContinueMethod(rehearsal=True, l2sp=CELLS_L2SP, train="head", batchnorm=False)


# --------------------------------------------------------------------------- the head

def parent_head(parent: Bundle) -> tuple[Any, Any]:
    """``(training model, inference model)`` of the parent's head, loaded from its
    ``model.keras`` (safe mode, inputs checked against its card): the training model maps
    ``[cells, mask]`` to the field's probabilities through the same layers."""
    import keras

    from core.inference.cell_reader import CellReader

    reader = CellReader.__new__(CellReader)  # only the head: no extractor is built
    reader.bundle, reader.spec = parent, CellSpec.from_card(parent.card)
    inference = reader._load_head()
    return keras.Model(inference.inputs, inference.outputs[0], name="cells_train"), inference


def _outputs(inference: Any, fields: FieldSet) -> tuple[np.ndarray, np.ndarray]:
    from core.training.cells import _outputs as outputs

    return outputs(inference, fields)


def _metrics(inference: Any, fields: FieldSet | None, temperature: float) -> dict | None:
    """The metrics on ``fields``' read fields at ``temperature`` (None: no field to score)."""
    from core.evaluation.metrics import compute_metrics
    from core.inference.uncertainty import calibrate_probs

    if fields is None or not len(fields.read):
        return None
    probs, _ = _outputs(inference, fields)
    m = compute_metrics(fields.labels[fields.read], calibrate_probs(probs, temperature))
    m["no_cell_fields"] = int(len(fields.labels) - len(fields.read))
    return m


def carry_cells_sets(bundle: Bundle, out_dir: Path | str, *, reference: Any = (),
                     rehearsal: Any = (), reference_note: str = "", independent: bool = True,
                     origin: Path | str | None = None,
                     replay: tuple[bytes, dict] | None = None) -> Bundle:
    """:func:`core.training.rehearsal.carry_sets` for a ``cells`` bundle (whose model file is
    the head, not a field model): a copy in ``out_dir`` carrying ``reference`` (images of its
    origin it was not trained on), ``rehearsal`` images and ``replay`` (the bytes and record of
    :func:`core.training.cell_replay.replay_bytes`, for a bundle from before replay sets), the
    card recording each (its id changes); every other file (exports, replay set, split) is kept."""
    from core.inference import predictor
    from core.model.bundle import AUTO_FIELDS, save_bundle
    from core.model.carried import REFERENCE_FILE, REHEARSAL_FILE, pack_images

    card = {k: v for k, v in bundle.card.items() if k not in AUTO_FIELDS}
    files = {name: (Path(bundle.path) / name).read_bytes() for name in (bundle.card.get("files") or {})
             if name not in ("model.keras", "model.json")}
    carried: dict[str, Any] = dict(card.get("carried") or {})
    for key, items, name, about in (
            ("reference", reference, REFERENCE_FILE,
             {"kind": "reference", "independent": bool(independent), "note": reference_note}),
            ("rehearsal", rehearsal, REHEARSAL_FILE,
             {"kind": "rehearsal", "note": "training images of this model, replayed by continued training"})):
        if items:
            files[name] = pack_images(list(items), about, origin=origin)
            carried[key] = {**about, "n": len(items),
                            "counts": {c: sum(i.label == c for i in items) for c in CLASSES}}
    if replay is not None:
        files[REPLAY_FILE], carried["replay"] = replay
    card["carried"] = carried
    return save_bundle(parent_head(bundle)[1], out_dir, card, export_onnx=False, extra_files=files,
                       verify=predictor.verify_loadable)


# --------------------------------------------------------------------------- rehearsal

@dataclass
class Rehearsal:
    fields: FieldSet | None
    stats: np.ndarray | None
    detail: np.ndarray | None
    record: dict[str, Any]


def _split_training_images(parent: Bundle) -> list:
    """Some of the parent's training images (its ``split.json``) that are still on disk."""
    from core.data.split import read_manifest
    from core.model.carried import spread

    split = Path(parent.path) / "split.json"
    if not split.is_file():
        return []
    try:
        manifest = read_manifest(split)
    except Exception:  # noqa: BLE001 - an unreadable split only loses this fallback
        return []
    items = manifest.items("train")  # paths resolved against its root
    return spread([i for i in items if Path(i.path).is_file()], SPLIT_FALLBACK_PER_CLASS)


def _rehearsal(parent: Bundle, method: ContinueMethod, carried: Any, cells: CellSpec,
               read: Any) -> Rehearsal:
    """The parent's fields to rehearse, from the best source it has (module docstring)."""
    if not method.rehearsal:
        return Rehearsal(None, None, None, {"source": "none", "fields": 0,
                                            "note": "rehearsal turned off"})
    from core.model.carried import carried_file

    path = carried_file(parent, REPLAY_FILE)
    if path is not None:
        r = read_replay(path, cells.feature_width)
        return Rehearsal(r.fields, r.stats, r.detail,
                         {"source": "replay", "fields": len(r.fields.labels),
                          "clean_fields": int(r.clean.sum()),
                          "cells": int(sum(len(f) for f in r.fields.features)),
                          "note": "the parent's stored cell features"})
    items, source = list(carried.rehearsal), "rehearsal images"
    if not items:
        items, source = _split_training_images(parent), "parent's training images"
    if not items:
        return Rehearsal(None, None, None, {
            "source": "none", "fields": 0,
            "note": "rehearsal unavailable: the parent carries no replay set or rehearsal images "
                    "and its training images are not on this computer"})
    fields = read(items)[0]
    return Rehearsal(fields, fields.stats, fields.detail,
                     {"source": source, "fields": len(items),
                      "cells": int(sum(len(f) for f in fields.features)),
                      "note": f"{source} read again (the parent carries no replay set)"})


# --------------------------------------------------------------------------- the run

def _fit(model: Any, fit_on: FieldSet, val: FieldSet, cfg: ResolvedConfig, max_cells: int,
         method: ContinueMethod, *, progress: ProgressFn, should_stop: StopFn) -> tuple[Any, dict]:
    """The parent's head trained on ``fit_on`` (class-balanced, L2-SP toward its start), the
    epoch of lowest validation loss kept: ``(tracker, history)``."""
    import keras

    from core.training.callbacks import progress_callback
    from core.training.rehearsal import attach_l2sp, detach_l2sp

    attach_l2sp(model, method.l2sp)
    # Adam, not AdamW: weight decay would pull toward zero, not toward the parent
    model.compile(optimizer=keras.optimizers.Adam(cfg.learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    t, v = fit_on.read, val.read
    xt, mt = bags([fit_on.features[i] for i in t], max_cells)
    xv, mv = bags([val.features[i] for i in v], max_cells)
    yt = fit_on.labels[t]
    counts = np.bincount(yt, minlength=len(CLASSES)).astype(float)
    present = int((counts > 0).sum())
    weights = {i: float(counts.sum() / (present * counts[i])) if counts[i] else 0.0
               for i in range(len(CLASSES))}
    epochs, batch = int(cfg.epochs or 1), int(cfg.batch_size or 1)
    tracker = progress_callback(progress, should_stop, epochs, int(np.ceil(len(t) / batch)))
    hist = model.fit([xt, mt], yt, validation_data=([xv, mv], val.labels[v]), epochs=epochs,
                     batch_size=batch, class_weight=weights, shuffle=True, verbose=0,
                     callbacks=[tracker])
    if tracker.best_weights is not None:
        model.set_weights(tracker.best_weights)
    detach_l2sp(model)
    return tracker, {k: [float(x) for x in vals] for k, vals in hist.history.items()}


def continue_cells(data: Path | str | Manifest, out_dir: Path | str, cfg: ResolvedConfig,
                   parent: Bundle | None = None, method: ContinueMethod | None = None, *,
                   progress: ProgressFn, should_stop: StopFn) -> TrainResult:
    """Continue the ``cells`` model ``cfg.from_model`` (or ``parent``) on ``data`` and save the
    child in ``out_dir`` (see this module's docstring). ``method``: rehearsal on or off and the
    L2-SP strength (None: :data:`CELLS_METHOD`); the whole head is trained."""
    import keras

    from core.inference.cell_reader import CellReader
    from core.training.cells import _card, _score
    from core.training.finetune import Carried
    from core.training.plan import plan_data

    t0 = time.perf_counter()
    parent = parent if parent is not None else load_parent(str(cfg.from_model))
    if parent.card.get("architecture") != "cells":
        raise BundleError(f"{parent.path}: not a 'cells' model", "bundle.parent_arch",
                          {"arch": str(parent.card.get("architecture")), "requested": "cells"})
    method = replace(method or CELLS_METHOD, train="head", batchnorm=False, transfer=False,
                     affine=False, restat=False)  # what a head of a frozen extractor allows
    if cfg.augment not in COPIES:
        raise ValueError(f"augmentation {cfg.augment!r} is not one of the cells model's: "
                         f"{', '.join(COPIES)}")
    cells = CellSpec.from_card(parent.card)  # the parent's reading, every field of it
    seconds: dict[str, float] = {}
    plan = plan_data(data, cfg, parent, progress=progress, should_stop=should_stop)
    keras.utils.set_random_seed(cfg.seed)
    reader = CellReader(parent)  # the parent's extractor (ONNX export, else checked backbone)
    # the carried rehearsal images are unpacked only where there is no replay set to use
    has_replay = REPLAY_FILE in (parent.card.get("files") or {})
    carried = Carried(parent, replace(method, rehearsal=method.rehearsal and not has_replay))
    try:
        carried._drop_trained_from_reference(plan.train_items)
        # the parent's detail measure: its replay set's detail is in it, and so is the child's
        measure = str((parent.card.get("uncertainty") or {}).get("detail_measure", "absolute"))
        read = partial(read_fields, extract=reader.extract, spec=cfg.spec, cells=cells,
                       progress=progress, should_stop=should_stop, detail_measure=measure)
        t1 = time.perf_counter()
        progress(Progress("features", 0, len(plan.train_items), "reading cells",
                          {"split_counts": plan.manifest.counts()}))
        train, copies = read(plan.train_items, copies=COPIES[str(cfg.augment)], seed=cfg.seed)
        val = train if plan.val_note else read(plan.val_items)[0]
        test = read(plan.test_items)[0] if plan.test_items else None
        reference = read(carried.reference)[0] if carried.reference else None
        rehearsal = _rehearsal(parent, method, carried, cells, read)
        seconds["features"] = time.perf_counter() - t1
        new = train + copies if copies is not None else train
        fit_on = FieldSet(new.features * method.new_repeat,
                          np.tile(new.labels, method.new_repeat))
        if rehearsal.fields is not None:
            fit_on = fit_on + rehearsal.fields
        if len(set(fit_on.labels[fit_on.read].tolist())) < 2:
            raise ValueError("training needs white cells in fields of at least two classes")
        model, inference = parent_head(parent)
        t1 = time.perf_counter()
        tracker, history = _fit(model, fit_on, val, cfg, cells.max_cells, method,
                                progress=progress, should_stop=should_stop)
        seconds["fit"] = time.perf_counter() - t1
        if tracker.cancelled and not (cfg.save_partial_on_cancel and tracker.best_weights):
            raise Cancelled(f"training cancelled after {len(history.get('loss', []))} epoch(s); "
                            "nothing was saved")
        progress(Progress("finalise", 0, 3, "calibrating"))
        unc = _calibrate(inference, new, train, val, rehearsal, measure)
        metrics: dict[str, Any] = {"val": _score(inference, val, unc)}
        if test is not None:
            progress(Progress("finalise", 1, 3, "testing"))
            metrics["test"] = _score(inference, test, unc)
        progress(Progress("finalise", 1, 3, "scoring the reference and the new images"))
        _, parent_inference = parent_head(parent)
        parent_t = float((parent.card.get("uncertainty") or {}).get("temperature") or 1.0)
        about = carried.reference_about
        ref: dict[str, Any] = {
            "n": len(carried.reference), "left_out_as_trained": carried.reference_dropped,
            "independent": bool(about.get("independent", False)),
            "note": str(about.get("note", "") if carried.reference else
                        "the parent carries no reference images of its origin")}
        if reference is not None:
            ref["parent"] = _metrics(parent_inference, reference, parent_t)
            ref["model"] = _metrics(inference, reference, unc.temperature)
        continued = {"method": method.to_dict(), "rehearsal_images": rehearsal.record["fields"],
                     "rehearsal": rehearsal.record, "reference": ref,
                     "new_lab": {"parent": _metrics(parent_inference, test, parent_t),
                                 "model": _metrics(inference, test, unc.temperature)}}
        counts = {"train": len(train.labels), "train_without_cells": int(len(train.labels) - len(train.read)),
                  "copies": 0 if copies is None else len(copies.labels),
                  "rehearsal": rehearsal.record["fields"],
                  "cells": int(sum(len(f) for f in fit_on.features))}
        progress(Progress("finalise", 2, 3, "saving"))
        extra = {"split.json": json.dumps(plan.manifest.to_dict(), indent=1).encode(),
                 **carried.carried_on()}
        if has_replay:  # the origin's, carried on unchanged
            extra[REPLAY_FILE] = (Path(parent.path) / REPLAY_FILE).read_bytes()
        onnx_error = _exports(parent, inference, cells, cfg, extra)
    finally:
        carried.close()
    card = _card(plan, cfg, tracker, history, metrics, unc, cells, counts, seconds, onnx_error)
    card["training"]["seconds"] = round(time.perf_counter() - t0, 1)
    card["continued"] = continued
    kept = {k: v for k, v in (parent.card.get("carried") or {}).items()
            if k in ("reference", "rehearsal") or (k == "replay" and REPLAY_FILE in extra)}
    if kept:
        card["carried"] = kept
    from core.inference import predictor  # looked up at call time so tests can fake the check
    from core.model.bundle import save_bundle

    bundle = save_bundle(inference, out_dir, card, export_onnx=False, extra_files=extra,
                         verify=predictor.verify_loadable)
    progress(Progress("finalise", 3, 3, f"saved {bundle.path}"))
    return TrainResult(bundle.path, history, metrics, time.perf_counter() - t0, tracker.cancelled,
                       len(history.get("loss", [])), bundle.card, plan.corrections)


def _calibrate(inference: Any, new: FieldSet, train: FieldSet, val: FieldSet,
               rehearsal: Rehearsal, measure: str) -> Any:
    """Temperature on the new lab's validation fields; the uncertainty reference of the new
    fields and copies with the rehearsed ones (features, colour and detail), so neither lab's
    ordinary fields are called foreign; detail in the parent's ``measure``."""
    from core.inference.uncertainty import fit_uncertainty

    every = new + rehearsal.fields if rehearsal.fields is not None else new
    _, tr_f = _outputs(inference, every)
    va_p, va_f = _outputs(inference, val)
    assert train.stats is not None and val.stats is not None and train.detail is not None
    stats, detail = train.stats, train.detail
    if rehearsal.stats is not None and len(rehearsal.stats):
        stats = np.concatenate([stats, rehearsal.stats])
        detail = np.concatenate([detail, np.asarray(rehearsal.detail)])
    return fit_uncertainty(tr_f, every.labels[every.read], stats, va_p, val.labels[val.read], va_f,
                           val.stats, train_detail=detail, val_detail=val.detail,
                           detail_measure=measure)


def _exports(parent: Bundle, inference: Any, cells: CellSpec, cfg: ResolvedConfig,
             extra: dict[str, bytes]) -> str | None:
    """The parent's extractor export and the child's head export among ``extra`` (the fast
    path) where the parent has one; the error text when the head cannot be exported."""
    if not cfg.export_onnx or EXTRACTOR_ONNX not in (parent.card.get("files") or {}):
        return None if not cfg.export_onnx else "the parent has no ONNX export of its extractor"
    try:
        with tempfile.TemporaryDirectory(prefix="leukemia-cells-") as tmp:
            head = Path(tmp) / HEAD_ONNX
            export_onnx(inference, head, list(bags([np.zeros((1, cells.feature_width), np.float32)],
                                                   cells.max_cells)))
            extra[HEAD_ONNX] = head.read_bytes()
        extra[EXTRACTOR_ONNX] = (Path(parent.path) / EXTRACTOR_ONNX).read_bytes()
    except Exception as exc:  # noqa: BLE001 - ONNX is a speed-up; Keras still serves
        return f"{type(exc).__name__}: {str(exc)[:300]}"
    return None
