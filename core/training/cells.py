"""Training of the ``cells`` architecture (:mod:`core.model.cells`): plain steps.

Plan the data as every run does; detect the cells of each field once and read their frozen
features once per image and per jittered copy (:mod:`core.training.cell_features`); fit the
attention head on those arrays (AdamW, class-balanced, the epoch of lowest validation loss
kept); fit the temperature on validation and the uncertainty reference (the mean cell features
of the training fields and their copies; the colour and detail checks on the clean fields);
score validation and test; write the card and save the bundle through ``save_bundle`` with its
verification. A field without a detected cell is not trained on and gets no result.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.data.split import Manifest
from core.model.cells import (CHROMA_REFERENCE, EXTRACTOR_ONNX, HEAD_ONNX, CellSpec,
                              accuracy, backbone_record, bags, build_head, ensemble_loss, export_onnx)
from core.progress import Cancelled, Progress, ProgressFn, StopFn
from core.training import cell_features
from core.training.cell_features import COPIES, FieldSet, extractor_fn, read_fields
from core.training.config import ResolvedConfig
from core.training.plan import Plan, fingerprint, plan_data
from core.training.result import TrainResult

WEIGHT_DECAY = 1e-3
# how cells are read (tests read smaller windows through fewer layers): the whole field's chroma
# normalised to CHROMA_REFERENCE before detection, so a paler stain shows the detector its cells
# (docs/cell_model.md, "The field's chroma before detection"); the windows-only normalisation
# (normalise "windows", earlier bundles) read as well on validation but left a paler stain
# undetected; turning the hue too (hue HUE_REFERENCE) loses the detector a fifth of the Benign cells
CELL_SPEC = CellSpec(chroma=CHROMA_REFERENCE, normalise="field")
# attention heads in the head's ensemble (core.model.cells.build_head): 5, chosen on validation
# (docs/cell_model.md, "An ensemble of heads"): a single head read as many fields right, with a
# larger worst change on both splits taken together
HEADS = 5


def _fit(train: FieldSet, val: FieldSet, cfg: ResolvedConfig, plan: Plan, cells: CellSpec,
         mean: np.ndarray, std: np.ndarray, *, progress: ProgressFn, should_stop: StopFn
         ) -> tuple[Any, Any, dict]:
    """The head fitted on ``train``'s read fields: ``(inference model, tracker, history)``."""
    import keras

    from core.training.callbacks import progress_callback

    model, inference = build_head(mean, std, len(CLASSES), max_cells=cells.max_cells, seed=cfg.seed,
                                  heads=HEADS)
    loss, metric = ("sparse_categorical_crossentropy", "accuracy") if HEADS == 1 else (ensemble_loss, accuracy)
    model.compile(optimizer=keras.optimizers.AdamW(cfg.learning_rate, weight_decay=WEIGHT_DECAY),
                  loss=loss, metrics=[metric])
    t, v = train.read, val.read
    xt, mt = bags([train.features[i] for i in t], cells.max_cells)
    xv, mv = bags([val.features[i] for i in v], cells.max_cells)
    epochs, batch = int(cfg.epochs or 1), int(cfg.batch_size or 1)  # resolved: never None
    steps = int(np.ceil(len(t) / batch))
    tracker = progress_callback(progress, should_stop, epochs, steps)
    weights = {i: float(plan.class_weight[i]) for i in range(len(CLASSES))}
    hist = model.fit([xt, mt], train.labels[t], validation_data=([xv, mv], val.labels[v]),
                     epochs=epochs, batch_size=batch, class_weight=weights,
                     shuffle=True, verbose=0, callbacks=[tracker])
    if tracker.best_weights is not None:
        model.set_weights(tracker.best_weights)
    history = {k: [float(x) for x in vals] for k, vals in hist.history.items()}
    return inference, tracker, history


def _outputs(inference: Any, fields: FieldSet) -> tuple[np.ndarray, np.ndarray]:
    """``(probabilities, features)`` of ``fields``' read fields (in ``fields.read`` order)."""
    idx = fields.read
    max_cells, width = (int(n) for n in inference.input_shape[0][1:])
    if not len(idx):
        return np.zeros((0, len(CLASSES))), np.zeros((0, width))
    x, m = bags([fields.features[i] for i in idx], max_cells)
    probs, feats = [], []
    for i in range(0, len(x), 256):
        outs = inference([x[i:i + 256], m[i:i + 256]], training=False)
        probs.append(np.asarray(outs[0], np.float64))
        feats.append(np.asarray(outs[1], np.float64))
    return np.concatenate(probs), np.concatenate(feats)


def _score(inference: Any, fields: FieldSet, unc: Any) -> dict[str, Any]:
    from core.evaluation.metrics import compute_metrics
    from core.inference.uncertainty import calibrate_probs

    idx = fields.read
    probs, _ = _outputs(inference, fields)
    metrics = compute_metrics(fields.labels[idx], calibrate_probs(probs, unc.temperature))
    metrics["no_cell_fields"] = int(len(fields.labels) - len(idx))
    metrics["scored_on"] = "fields with at least one white cell found"
    return metrics


def _calibrate(inference: Any, train: FieldSet, copies: FieldSet | None, val: FieldSet) -> Any:
    """The temperature (validation) and the uncertainty reference: mean cell features and
    colour statistics of the training fields and their jittered copies (so a paler or darker
    smear of this lab is not called foreign); detail of the clean fields, and for the focus
    check's lower limit only, of the copies without blur or re-compression (exposure and stain
    changes lower a field's detail; a higher limit would let a lower magnification through)."""
    from core.inference.uncertainty import fit_uncertainty

    every = train + copies if copies is not None else train
    _, tr_f = _outputs(inference, every)
    va_p, va_f = _outputs(inference, val)
    assert train.stats is not None and val.stats is not None
    colour, focus = train.stats, None
    if copies is not None and copies.stats is not None and len(copies.stats):
        colour = np.concatenate([train.stats, copies.stats])
        if copies.detail is not None:
            focus = copies.detail[~np.isnan(copies.detail)]
    return fit_uncertainty(tr_f, every.labels[every.read], colour, va_p,
                           val.labels[val.read], va_f, val.stats,
                           train_detail=train.detail, val_detail=val.detail, focus_detail=focus)


def _card(plan: Plan, cfg: ResolvedConfig, tracker: Any, history: dict, metrics: dict, unc: Any,
          cells: CellSpec, counts: dict, seconds: dict, onnx_error: str | None) -> dict:
    from core.cells import CellParams

    spec, manifest = cfg.spec, plan.manifest
    return {
        "architecture": "cells",
        "classes": list(CLASSES),
        "input_shape": list(spec.input_shape),  # the field checks' input (colour, detail)
        "input_dtype": spec.dtype,
        "preprocessing": spec.to_dict(),
        "cells": {"required": True, "window": cells.window, "input_size": cells.input_size,
                  "layers": list(cells.layers), "max_cells": cells.max_cells,
                  "feature_width": cells.feature_width, "order": "largest first",
                  **cells.chroma_record(),
                  "backbone": backbone_record(cells), "detector": asdict(CellParams()),
                  "onnx": onnx_error is None, **({"onnx_error": onnx_error} if onnx_error else {})},
        "training": {**cfg.to_dict(), "class_weight": plan.class_weight,
                     "weight_decay": WEIGHT_DECAY, "copies": COPIES[str(cfg.augment)], "heads": HEADS,
                     "check_reference": "colour: the training fields and their copies; detail: the "
                                        "training fields (the focus limit also their copies "
                                        "without blur or re-compression)",
                     "copy_ranges": {"hue_degrees": cell_features.HUE, "blur": cell_features.BLUR,
                                     "saturation": list(cell_features.SATURATION)},
                     "epochs_run": len(history.get("loss", [])),
                     "best_epoch": tracker.best_epoch + 1, "cancelled": tracker.cancelled,
                     "note": plan.val_note, "fields": counts,
                     "seconds": round(sum(seconds.values()), 1),
                     "step_seconds": {k: round(v, 1) for k, v in seconds.items()}},
        "dataset": {"root": str(manifest.root), "counts": manifest.counts(),
                    "preflight": plan.preflight, "fingerprint": fingerprint(manifest),
                    "seed": manifest.seed, "block_size": manifest.block_size},
        "history": history,
        "metrics": metrics,
        "uncertainty": unc.to_dict(),
        **plan.lineage,
    }


def train_cells(data: Path | str | Manifest, out_dir: Path | str, cfg: ResolvedConfig, *,
                progress: ProgressFn, should_stop: StopFn) -> TrainResult:
    """Train and save a ``cells`` bundle in ``out_dir`` (see this module's docstring)."""
    import keras

    if cfg.from_model:  # train() sends it to core.training.cells_continue.continue_cells
        raise ValueError("a continued 'cells' model is trained by "
                         "core.training.cells_continue.continue_cells")
    if cfg.augment not in COPIES:
        raise ValueError(f"augmentation {cfg.augment!r} is not one of the cells model's: "
                         f"{', '.join(COPIES)}")
    t0 = time.perf_counter()
    seconds: dict[str, float] = {}
    plan = plan_data(data, cfg, None, progress=progress, should_stop=should_stop)
    keras.utils.set_random_seed(cfg.seed)
    cells, spec = CELL_SPEC, cfg.spec
    with tempfile.TemporaryDirectory(prefix="leukemia-cells-") as tmp:
        onnx_error = None
        extractor_onnx = Path(tmp) / EXTRACTOR_ONNX
        if cfg.export_onnx:
            progress(Progress("features", 0, 1, "exporting the cell feature extractor"))
            try:
                from core.model.cells import extractor

                size = cells.input_size
                export_onnx(extractor(cells), extractor_onnx, [np.zeros((1, size, size, 3), np.float32)])
            except Exception as exc:  # noqa: BLE001 - ONNX is a speed-up; Keras still serves
                onnx_error = f"{type(exc).__name__}: {str(exc)[:300]}"
        extract = extractor_fn(cells, extractor_onnx if extractor_onnx.is_file() else None)
        seconds["export"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        progress(Progress("features", 0, len(plan.train_items), "reading cells",
                          {"split_counts": plan.manifest.counts()}))  # the n behind each figure
        read = partial(read_fields, extract=extract, spec=spec, cells=cells, progress=progress,
                       should_stop=should_stop)
        train, copies = read(plan.train_items, copies=COPIES[str(cfg.augment)], seed=cfg.seed)
        val = train if plan.val_note else read(plan.val_items)[0]
        seconds["features"] = time.perf_counter() - t1
        fit_on = train + copies if copies is not None else train
        if len(set(fit_on.labels[fit_on.read].tolist())) < 2:
            raise ValueError("training needs white cells in fields of at least two classes")
        stacked = np.concatenate([fit_on.features[i] for i in fit_on.read])
        t1 = time.perf_counter()
        inference, tracker, history = _fit(fit_on, val, cfg, plan, cells, stacked.mean(0),
                                           stacked.std(0), progress=progress, should_stop=should_stop)
        seconds["fit"] = time.perf_counter() - t1
        if tracker.cancelled and not (cfg.save_partial_on_cancel and tracker.best_weights):
            raise Cancelled(f"training cancelled after {len(history.get('loss', []))} epoch(s); "
                            "nothing was saved")
        progress(Progress("finalise", 0, 3, "calibrating"))
        unc = _calibrate(inference, train, copies, val)
        metrics: dict[str, Any] = {"val": _score(inference, val, unc)}
        if plan.test_items:
            progress(Progress("finalise", 1, 3, "testing"))
            test = read(plan.test_items)[0]
            metrics["test"] = _score(inference, test, unc)
        counts = {"train": len(train.labels), "train_without_cells": int(len(train.labels) - len(train.read)),
                  "copies": 0 if copies is None else len(copies.labels),
                  "cells": int(sum(len(f) for f in fit_on.features))}
        progress(Progress("finalise", 2, 3, "saving"))
        extra = {"split.json": json.dumps(plan.manifest.to_dict(), indent=1).encode()}
        if extractor_onnx.is_file():
            try:
                head = Path(tmp) / HEAD_ONNX
                export_onnx(inference, head, list(bags([np.zeros((1, cells.feature_width), np.float32)])))
                extra[EXTRACTOR_ONNX], extra[HEAD_ONNX] = extractor_onnx.read_bytes(), head.read_bytes()
            except Exception as exc:  # noqa: BLE001
                onnx_error = f"{type(exc).__name__}: {str(exc)[:300]}"
        card = _card(plan, cfg, tracker, history, metrics, unc, cells, counts, seconds, onnx_error)
        from core.training.cell_replay import add_replay  # rehearsed by continued training

        add_replay(extra, card, train, copies, cells.max_cells)
        from core.inference import predictor  # looked up at call time so tests can fake the check
        from core.model.bundle import save_bundle

        bundle = save_bundle(inference, out_dir, card, export_onnx=False, extra_files=extra,
                             verify=predictor.verify_loadable)
    progress(Progress("finalise", 3, 3, f"saved {bundle.path}"))
    return TrainResult(bundle.path, history, metrics, time.perf_counter() - t0, tracker.cancelled,
                       len(history.get("loss", [])), bundle.card, plan.corrections)
