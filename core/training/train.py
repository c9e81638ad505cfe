"""Train a model bundle from a dataset folder or a split manifest.

:func:`train` runs plain steps: resolve the settings once (:mod:`core.training.config`), plan
the data, fit, recalibrate BatchNorm, calibrate and score (:mod:`core.training.calibration`),
write the card and save the bundle. The images are decoded once for the fit and the passes
after it read the same caches (:class:`Feeds`).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.data.split import Manifest
from core.model.architectures import DEFAULTS
from core.progress import Cancelled, Progress, ProgressFn, StopFn, never_stop, no_progress
from core.training.calibration import calibrate_and_score, recalibrate_batchnorm
from core.training.checks import check_outputs
from core.training.config import ResolvedConfig, TrainConfig, load_parent, resolve_config
from core.training.pipeline import batch_dataset
from core.training.plan import NO_VALIDATION_NOTE, Feeds, Plan, fingerprint, plan_data
from core.training.result import TrainResult


def validation_name(card: dict) -> str:
    """What a card's ``val`` metrics were scored on, for people: a split with no validation
    part is scored on the training images, which says little about new images."""
    if card.get("training", {}).get("note") == NO_VALIDATION_NOTE:
        return "training-image (no validation part)"
    return "validation"


@dataclass
class Fitted:
    model: Any
    tracker: Any
    history: dict[str, list[float]]
    epochs_run: int
    resumed_from: list[int]
    backup: Any
    distribution: dict[str, Any]


def _optimizer(cfg: ResolvedConfig, steps: int, learning_rate: float) -> Any:
    import keras

    lr: Any = learning_rate
    if cfg.schedule == "cosine":
        warm = max(1, steps)
        lr = keras.optimizers.schedules.CosineDecay(
            initial_learning_rate=learning_rate * 0.1,
            decay_steps=max(1, cfg.epochs * steps - warm),
            warmup_target=learning_rate,
            warmup_steps=warm,
            alpha=0.01,
        )
    if cfg.arch == "seed" or DEFAULTS[cfg.arch].optimizer == "adam":
        return keras.optimizers.Adam(learning_rate=lr)
    return keras.optimizers.AdamW(learning_rate=lr, weight_decay=1e-4)


def _signature(cfg: TrainConfig, manifest: Manifest, lineage: dict, dist: Any) -> str:
    """What a backup must match to be resumed: settings, data, lineage and replicas."""
    settings = {k: v for k, v in asdict(cfg).items()
                if k not in ("backup_dir", "export_onnx", "save_partial_on_cancel", "strategy")}
    blob = json.dumps({"settings": settings, "data": fingerprint(manifest),
                       "lineage": lineage, "distribution": dist.to_dict()},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def fit(plan: Plan, cfg: ResolvedConfig, dist: Any, parent: Any, feeds: Feeds, *,
        progress: ProgressFn, should_stop: StopFn) -> Fitted:
    """Build (or load the parent's) model and run the epochs, with backups and early stopping;
    the model comes back on the default strategy with its best weights."""
    import keras

    from core.model.architectures import build_model
    from core.training.callbacks import progress_callback
    from core.training.distribute import scaled_learning_rate
    from core.training.loop import Backup, run_loop

    workers = dist.task.num_workers
    per_worker_batch = cfg.batch_size * max(1, dist.replicas // workers)
    learning_rate = scaled_learning_rate(cfg.learning_rate, dist.replicas)
    assert feeds.train is not None and feeds.val is not None  # released only after the fit
    train_ds = batch_dataset(feeds.train.dataset, cfg.spec, batch_size=per_worker_batch,
                             training=True, augment=cfg.augment, seed=cfg.seed, with_mask=True)
    val_ds = batch_dataset(feeds.val.dataset, cfg.spec, training=False, with_mask=True,
                           batch_size=64 * max(1, dist.replicas // workers))
    steps = int(np.ceil(np.ceil(len(plan.train_items) / workers) / per_worker_batch))
    with dist.strategy.scope():
        if parent is not None:
            from core.training.finetune import prepare_parent_model

            model = prepare_parent_model(parent, plan.lineage.get("continued_method"),
                                         plan.train_items, cfg.spec)
        else:
            model = build_model(cfg.arch, cfg.spec.input_shape, len(CLASSES))
        optimizer = _optimizer(cfg, steps, learning_rate)
        model.compile(optimizer=optimizer)  # model.optimizer for the LR callbacks
    tracker = progress_callback(progress, should_stop, cfg.epochs, steps)
    callbacks = [tracker, keras.callbacks.EarlyStopping(monitor="val_loss", patience=cfg.patience)]
    if cfg.schedule == "plateau":
        callbacks.append(keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5,
                                                           patience=4, min_lr=1e-6))
    backup = None
    if cfg.backup_dir:
        backup = Backup(cfg.backup_dir, _signature(cfg, plan.manifest, plan.lineage, dist),
                        cfg.to_dict(), cfg.epochs, write=dist.is_chief)
    progress(Progress("train", 0, cfg.epochs * steps, "loading images",
                      {"split_counts": plan.manifest.counts()}))  # the n behind each figure
    try:
        loop = run_loop(model, optimizer, dist, train_ds, val_ds, epochs=cfg.epochs, steps=steps,
                        class_weight=np.array([plan.class_weight[i] for i in range(len(CLASSES))]),
                        callbacks=callbacks, backup=backup)
    finally:
        feeds.fit_ended()
    if dist.name != "default" and dist.is_chief:
        # Calibrate and save a plain copy: nothing after training needs the strategy.
        plain = keras.Model.from_config(model.get_config())
        plain.set_weights(model.get_weights())
        model = plain
    if tracker.best_weights is not None and dist.is_chief:
        model.set_weights(tracker.best_weights)
    record = {**dist.to_dict(), "per_replica_batch_size": cfg.batch_size,
              "global_batch_size": cfg.batch_size * dist.replicas,
              "learning_rate_scale": dist.replicas, "effective_learning_rate": learning_rate}
    return Fitted(model, tracker, loop.history, loop.epochs_run, loop.resumed_from, backup, record)


def recalibrate(fitted: Fitted, plan: Plan, cfg: ResolvedConfig, feeds: Feeds) -> int:
    """Exact BatchNorm statistics from the training images (the caches when they are whole);
    a continued model keeps its parent's statistics (see :mod:`core.training.finetune`)."""
    decoded = [] if fitted.tracker.cancelled else feeds.reusable()
    if decoded:
        decoded.append(feeds.clean_train(plan, cache=True))
    return recalibrate_batchnorm(fitted.model, plan.train_items, cfg.spec, augment=cfg.augment,
                                 seed=cfg.seed, decoded=decoded)


def calibrate(fitted: Fitted, plan: Plan, cfg: ResolvedConfig, feeds: Feeds, *,
              progress: ProgressFn) -> dict[str, Any]:
    """The card's metrics and the fitted ``uncertainty`` (see :func:`calibrate_and_score`)."""
    from core.model.architectures import inference_model

    whole = bool(feeds.reusable()) and not fitted.tracker.cancelled
    train_images: Any = feeds.clean_train(plan, cache=False) if whole else plan.train_items
    val_images: Any = feeds.val if whole and feeds.val is not None else plan.val_items
    return calibrate_and_score(inference_model(fitted.model), train_images, val_images,
                               plan.test_items, cfg.spec,
                               on_test=lambda: progress(Progress("finalise", 1, 3, "testing")))


def write_card(plan: Plan, cfg: ResolvedConfig, fitted: Fitted, metrics: dict[str, Any],
               recalibrated: int, train_seconds: float) -> dict[str, Any]:
    """The model card: settings, data, history, metrics, uncertainty model and lineage."""
    spec, unc = cfg.spec, metrics.pop("uncertainty")
    colour_copies = metrics.pop("colour_copies", 0)
    feature_copies = metrics.pop("feature_copies", False)
    manifest = plan.manifest
    return {
        "architecture": cfg.arch,
        "classes": list(CLASSES),
        "input_shape": list(spec.input_shape),
        "input_dtype": spec.dtype,
        "preprocessing": spec.to_dict(),
        "training": {**cfg.to_dict(), "class_weight": plan.class_weight,
                     "epochs_run": fitted.epochs_run, "best_epoch": fitted.tracker.best_epoch + 1,
                     "seconds": round(train_seconds, 1), "cancelled": fitted.tracker.cancelled,
                     "note": plan.val_note, "distribution": fitted.distribution,
                     "batchnorm_recalibrated_on": recalibrated,
                     "resumed": bool(fitted.resumed_from),
                     "resumed_from_epochs": fitted.resumed_from,
                     "colour_reference_copies": colour_copies,
                     "feature_reference_copies": feature_copies},
        "dataset": {"root": str(manifest.root), "counts": manifest.counts(),
                    "preflight": plan.preflight, "fingerprint": fingerprint(manifest),
                    "seed": manifest.seed, "block_size": manifest.block_size},
        "history": fitted.history,
        "metrics": metrics,
        "uncertainty": unc.to_dict(),
        **plan.lineage,
    }


def train(
    data: Path | str | Manifest,
    out_dir: Path | str,
    config: TrainConfig | None = None,
    *,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
    method: Any = None,
) -> TrainResult:
    """Train a model and save it as a verified bundle in ``out_dir``.

    Args:
        data: dataset folder (scanned and block-split), split manifest file, or a Manifest.
        out_dir: the model folder to write (atomically; an existing one is replaced only when
            the new one is complete).
        config: :class:`TrainConfig` (None: the defaults), or the :class:`ResolvedConfig` that
            :func:`~core.training.config.resolve_config` made of it (then used as it is). With
            ``from_model`` the parent bundle's weights are fine-tuned, keeping its classes,
            architecture and preprocessing (see :mod:`core.training.finetune`); with
            ``corrections`` the data is relabelled first (see
            :func:`core.data.corrected.apply_corrections`). The card then records ``parent``
            and ``corrections`` (path and SHA-256). ``strategy`` picks the ``tf.distribute``
            strategy (see :mod:`core.training.distribute`): the batch size is per replica, the
            global batch and the learning rate grow with the replicas, and the card records
            both. With ``backup_dir`` every completed epoch is backed up there and a run
            started again with the same settings resumes after the last one (see
            :mod:`core.training.loop`); the backup is removed once the bundle is saved.
        progress: receives ``train`` reports per batch and ``epoch`` reports per epoch with
            loss, accuracy, val_loss, val_accuracy and ETA (on the chief only).
        should_stop: polled after every batch; when True the run stops within one batch and
            raises :class:`Cancelled` (or saves the best model so far when
            ``config.save_partial_on_cancel``). The backup, if any, is kept for a resume.
        method: continuing, how the parent's knowledge is kept
            (:class:`core.training.rehearsal.ContinueMethod`; None: the measured default). The
            parent's carried rehearsal images join the training images, its reference and the
            new data's test part score parent and child side by side (the card's ``continued``),
            and the child carries the parent's sets on (see :mod:`core.model.carried`).

    Returns:
        The result, with the corrections report when a corrections file was applied; on a
        worker that is not the chief, ``bundle_dir`` is None (only the chief writes the bundle).
    """
    t0 = time.perf_counter()
    config = config if config is not None else TrainConfig()
    check_outputs(data, out_dir, config)
    parent = load_parent(config.from_model) if config.from_model else None
    cfg = resolve_config(config, parent)
    if cfg.arch == "cells" and parent is not None:  # the parent's head trained on: its own steps
        from core.training.cells_continue import continue_cells

        return continue_cells(data, out_dir, cfg, parent, method, progress=progress,
                              should_stop=should_stop)
    if cfg.arch == "cells":  # read from the white cells' frozen features: its own steps
        from core.training.cells import train_cells

        return train_cells(data, out_dir, cfg, progress=progress, should_stop=should_stop)
    from core.training.distribute import make_distribution

    # First TensorFlow work of the run: multi-worker collectives must start before any op.
    dist = make_distribution(cfg.strategy)
    if not dist.is_chief:
        progress = no_progress
    import keras

    plan = plan_data(data, cfg, parent, progress=progress, should_stop=should_stop)
    carried = None
    if parent is not None:
        from core.training.finetune import Carried
        from core.training.rehearsal import DEFAULT_METHOD

        carried = Carried(parent, method or DEFAULT_METHOD)
        plan = carried.extend(plan)
    keras.utils.set_random_seed(cfg.seed)
    try:
        feeds = Feeds(plan, cfg, (dist.task.num_workers, dist.task.worker_rank), should_stop)
    except BaseException:
        if carried is not None:
            carried.close()
        raise
    try:
        fitted = fit(plan, cfg, dist, parent, feeds, progress=progress, should_stop=should_stop)
        if not dist.is_chief:  # the chief writes the bundle; the others are done
            return TrainResult(None, fitted.history, {}, time.perf_counter() - t0,
                               fitted.tracker.cancelled, fitted.epochs_run)
        if fitted.tracker.cancelled and not (cfg.save_partial_on_cancel
                                             and fitted.tracker.best_weights):
            raise Cancelled(f"training cancelled after {fitted.epochs_run} epoch(s); "
                            "nothing was saved")
        recalibrated = 0
        if parent is None:
            progress(Progress("finalise", 0, 3, "recalibrating BatchNorm on the training images"))
            recalibrated = recalibrate(fitted, plan, cfg, feeds)
        elif carried is not None and carried.method.restat:
            from core.training.finetune import restat_batchnorm

            recalibrated = restat_batchnorm(fitted.model, plan.train_items, cfg.spec,
                                            augment=cfg.augment, seed=cfg.seed)
        feeds.drop_train()  # a larger training-size cache is read no more
        train_seconds = time.perf_counter() - t0
        progress(Progress("finalise", 0, 3, "calibrating"))
        continued = None
        if carried is not None:
            from core.training.rehearsal import detach_l2sp

            detach_l2sp(fitted.model)
        metrics = calibrate(fitted, plan, cfg, feeds, progress=progress)
        if carried is not None:
            progress(Progress("finalise", 1, 3, "scoring the reference and the new images"))
            continued = carried.score(fitted.model, plan.test_items, cfg.spec,
                                      metrics["uncertainty"].temperature)
            extra = carried.carried_on()
    finally:
        feeds.close()
        if carried is not None:
            carried.close()
    progress(Progress("finalise", 2, 3, "saving"))
    card = write_card(plan, cfg, fitted, metrics, recalibrated, train_seconds)
    if continued is not None:
        card["continued"] = continued
    bundle_dir, card = _save(fitted, plan, cfg, card, out_dir, extra if continued is not None else {})
    progress(Progress("finalise", 3, 3, f"saved {bundle_dir}"))
    return TrainResult(bundle_dir, fitted.history, metrics, time.perf_counter() - t0,
                       fitted.tracker.cancelled, fitted.epochs_run, card, plan.corrections)


def _save(fitted: Fitted, plan: Plan, cfg: ResolvedConfig, card: dict,
          out_dir: Path | str, carried: dict[str, bytes] | None = None) -> tuple[Path, dict]:
    """The verified bundle with the split beside it; the epoch backup is removed once saved."""
    from core.fileutil import remove_marked_dir
    from core.inference import predictor  # looked up at call time so tests can fake the check
    from core.model.bundle import save_bundle

    split_json = json.dumps(plan.manifest.to_dict(), indent=1).encode()
    bundle = save_bundle(fitted.model, out_dir, card, export_onnx=cfg.export_onnx,
                         extra_files={"split.json": split_json, **(carried or {})},
                         verify=predictor.verify_loadable)
    if fitted.backup is not None and not fitted.tracker.cancelled:
        remove_marked_dir(fitted.backup.path)  # only a folder this app made and marked
    return bundle.path, bundle.card
