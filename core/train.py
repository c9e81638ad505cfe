"""Train a model bundle from a dataset folder or a split manifest."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.dataset import DatasetError, Manifest, read_manifest, scan, split_dataset
from core.models import ARCHITECTURES, DEFAULTS, build_model
from core.preprocess import PreprocessSpec
from core.progress import Cancelled, Progress, ProgressFn, StopFn, never_stop, no_progress


@dataclass(frozen=True)
class TrainConfig:
    """Training settings; ``None`` means the architecture's default (see ``core.models``)."""

    arch: str = "default"
    epochs: int | None = None
    batch_size: int | None = None
    learning_rate: float | None = None
    image_size: int | None = None
    seed: int = 42
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15)
    block_size: int = 20
    patience: int = 12
    augment: str | None = None  # "none", "reference", "stain"
    schedule: str | None = None  # "cosine" or "plateau"
    roi: bool = False
    save_partial_on_cancel: bool = False
    export_onnx: bool = True
    from_model: str | None = None  # continue training this bundle (see core.finetune)
    corrections: str | None = None  # a corrections CSV applied to the data (core.corrections)

    def resolved(self) -> "TrainConfig":
        if self.arch not in ARCHITECTURES:
            raise ValueError(f"unknown architecture {self.arch!r}; choose from {', '.join(ARCHITECTURES)}")
        d = DEFAULTS[self.arch]
        cfg = replace(
            self,
            epochs=self.epochs or d.epochs,
            batch_size=self.batch_size or d.batch_size,
            learning_rate=self.learning_rate or d.learning_rate,
            image_size=self.image_size or d.image_size,
            augment=self.augment or d.augment,
            schedule=self.schedule or d.schedule,
        )
        if cfg.epochs < 1 or cfg.batch_size < 1 or not cfg.learning_rate > 0:
            raise ValueError("epochs, batch size and learning rate must be positive")
        return cfg

    @property
    def spec(self) -> PreprocessSpec:
        c = self.resolved()
        return PreprocessSpec(DEFAULTS[c.arch].preprocess_kind, int(c.image_size), c.roi)


@dataclass(frozen=True)
class TrainResult:
    bundle_dir: Path | None
    history: dict[str, list[float]]
    metrics: dict[str, Any]
    seconds: float
    cancelled: bool = False
    epochs_run: int = 0
    card: dict = field(default_factory=dict)


def resolve_data(
    data: Path | str,
    *,
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15),
    seed: int = 42,
    block_size: int = 20,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> Manifest:
    """A manifest for ``data``: read it when it is a manifest file, else scan and split."""
    data = Path(data)
    if data.is_file():
        return read_manifest(data)
    result = scan(data, progress=progress, should_stop=should_stop)
    return split_dataset(
        result, fractions=fractions, seed=seed, block_size=block_size, progress=progress,
        should_stop=should_stop,
    )


def _fingerprint(manifest: Manifest) -> str:
    h = hashlib.sha256()
    for e in sorted(manifest.entries, key=lambda e: e.path):
        h.update(f"{e.path}|{e.label}|{e.split}\n".encode())
    return h.hexdigest()


class _Callbacks:
    """Keras callbacks built lazily so importing this module does not import TensorFlow."""

    @staticmethod
    def make(progress: ProgressFn, should_stop: StopFn, epochs: int, steps: int) -> list[Any]:
        import keras

        class ProgressAndCancel(keras.callbacks.Callback):
            def __init__(self) -> None:
                super().__init__()
                self.cancelled = False
                self.t0 = time.perf_counter()
                self.epoch = 0
                self.best: float = float("inf")
                self.best_weights: list | None = None
                self.best_epoch = -1

            def on_train_begin(self, logs: Any = None) -> None:
                self.t0 = time.perf_counter()

            def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
                self.epoch = epoch

            def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
                done = self.epoch * steps + batch + 1
                elapsed = time.perf_counter() - self.t0
                eta = elapsed / done * (epochs * steps - done)
                logs = logs or {}
                progress(Progress("train", done, epochs * steps,
                                  f"epoch {self.epoch + 1}/{epochs}, batch {batch + 1}/{steps}",
                                  {"epoch": self.epoch + 1, "batch": batch + 1,
                                   "loss": float(logs.get("loss", float("nan"))),
                                   "accuracy": float(logs.get("accuracy", float("nan"))),
                                   "eta": eta, "elapsed": elapsed}))
                if should_stop():
                    self.cancelled = True
                    self.model.stop_training = True

            def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
                logs = {k: float(v) for k, v in (logs or {}).items()}
                val = logs.get("val_loss", logs.get("loss", float("inf")))
                if np.isfinite(val) and val < self.best:
                    self.best, self.best_epoch = val, epoch
                    self.best_weights = [w.copy() for w in self.model.get_weights()]
                elapsed = time.perf_counter() - self.t0
                lr = self.model.optimizer.learning_rate
                try:
                    logs["learning_rate"] = float(np.asarray(lr))
                except (TypeError, ValueError):
                    pass
                progress(Progress("epoch", epoch + 1, epochs, f"epoch {epoch + 1}/{epochs}",
                                  {**logs, "epoch": epoch + 1,
                                   "eta": elapsed / (epoch + 1) * (epochs - epoch - 1),
                                   "elapsed": elapsed}))
                if should_stop():
                    self.cancelled = True
                    self.model.stop_training = True

        return [ProgressAndCancel()]


def _optimizer(cfg: TrainConfig, steps: int) -> Any:
    import keras

    lr: Any = cfg.learning_rate
    if cfg.schedule == "cosine":
        warm = max(1, steps)
        lr = keras.optimizers.schedules.CosineDecay(
            initial_learning_rate=cfg.learning_rate * 0.1,
            decay_steps=max(1, cfg.epochs * steps - warm),
            warmup_target=cfg.learning_rate,
            warmup_steps=warm,
            alpha=0.01,
        )
    if cfg.arch == "seed" or DEFAULTS[cfg.arch].optimizer == "adam":
        return keras.optimizers.Adam(learning_rate=lr)
    return keras.optimizers.AdamW(learning_rate=lr, weight_decay=1e-4)


def run_inference(model: Any, x: np.ndarray, batch: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities and feature vectors of a Keras model on an array, in batches."""
    from core.models import inference_model

    inf = inference_model(model)
    probs, feats = [], []
    for i in range(0, len(x), batch):
        outs = inf([x[i : i + batch]], training=False)
        probs.append(np.asarray(outs[0]))
        feats.append(np.asarray(outs[1]))
    if not probs:
        return np.zeros((0, len(CLASSES))), np.zeros((0, 1))
    return np.concatenate(probs), np.concatenate(feats)


def train(
    data: Path | str | Manifest,
    out_dir: Path | str,
    config: TrainConfig = TrainConfig(),
    *,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> TrainResult:
    """Train a model and save it as a verified bundle in ``out_dir``.

    Args:
        data: dataset folder (scanned and block-split), split manifest file, or a Manifest.
        out_dir: the model folder to write (atomically; an existing one is replaced only when
            the new one is complete).
        config: :class:`TrainConfig`. With ``from_model`` the parent bundle's weights are
            fine-tuned, keeping its classes, architecture and preprocessing (see
            :mod:`core.finetune`); with ``corrections`` the data is relabelled first (see
            :func:`core.corrections.apply_corrections`). The card then records ``parent`` and
            ``corrections`` (path and SHA-256).
        progress: receives ``train`` reports per batch and ``epoch`` reports per epoch with
            loss, accuracy, val_loss, val_accuracy and ETA.
        should_stop: polled after every batch; when True the run stops within one batch and
            raises :class:`Cancelled` (or saves the best model so far when
            ``config.save_partial_on_cancel``).
    """
    import keras

    from core.data import load_arrays, make_dataset
    from core.bundle import save_bundle
    from core.metrics import compute_metrics
    from core.uncertainty import calibrate_probs, fit_uncertainty, image_stats

    t0 = time.perf_counter()
    parent = None
    if config.from_model:
        from core.finetune import config_from_parent, load_parent

        parent = load_parent(config.from_model)
        cfg = config_from_parent(config, parent)
    else:
        cfg = config.resolved()
    spec = cfg.spec
    manifest = data if isinstance(data, Manifest) else resolve_data(
        data, fractions=cfg.fractions, seed=cfg.seed, block_size=cfg.block_size,
        progress=progress, should_stop=should_stop,
    )
    lineage: dict[str, Any] = {}
    if parent is not None:
        from core.finetune import inherit_split, parent_record

        if not isinstance(data, Manifest) and not Path(data).is_file():
            manifest, moved = inherit_split(manifest, parent)
            lineage["split_inherited"] = moved
        lineage["parent"] = parent_record(parent)
    if cfg.corrections:
        from core.corrections import apply_corrections

        manifest, report = apply_corrections(manifest, cfg.corrections)  # type: ignore[assignment]
        lineage["corrections"] = {"path": report.corrections_path,
                                  "sha256": report.corrections_sha256, "counts": report.counts}
    train_items = manifest.items("train")
    val_items = manifest.items("val")
    test_items = manifest.items("test")
    if not train_items:
        raise DatasetError("no training images (the split has an empty train part)")
    present = {i.label for i in train_items}
    if len(present) < 2:
        raise DatasetError(f"training needs at least two classes with images; found {sorted(present)}")
    val_note = ""
    if not val_items:
        val_items, val_note = train_items, "no validation images: validated on training images"
    keras.utils.set_random_seed(cfg.seed)
    counts = np.array([sum(i.label == c for i in train_items) for c in CLASSES], dtype=float)
    class_weight = {
        i: float(counts.sum() / (len(present) * counts[i])) if counts[i] else 0.0
        for i in range(len(CLASSES))
    }
    train_ds = make_dataset(train_items, spec, batch_size=cfg.batch_size, training=True,
                            augment=cfg.augment, seed=cfg.seed)
    val_ds = make_dataset(val_items, spec, batch_size=64, training=False)
    steps = int(np.ceil(len(train_items) / cfg.batch_size))
    if parent is not None:
        from core.finetune import load_parent_model

        model = load_parent_model(parent)
    else:
        model = build_model(cfg.arch, spec.input_shape, len(CLASSES))
    model.compile(optimizer=_optimizer(cfg, steps), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    cb = _Callbacks.make(progress, should_stop, cfg.epochs, steps)
    callbacks = list(cb)
    callbacks.append(keras.callbacks.EarlyStopping(monitor="val_loss", patience=cfg.patience))
    if cfg.schedule == "plateau":
        callbacks.append(keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5,
                                                           patience=4, min_lr=1e-6))
    progress(Progress("train", 0, cfg.epochs * steps, "loading images"))
    fit = model.fit(train_ds, validation_data=val_ds, epochs=cfg.epochs, verbose=0,
                    class_weight=class_weight, callbacks=callbacks)
    tracker = cb[0]
    history = {k: [float(v) for v in vals] for k, vals in fit.history.items()}
    epochs_run = len(history.get("loss", []))
    if tracker.cancelled and not (cfg.save_partial_on_cancel and tracker.best_weights):
        raise Cancelled(f"training cancelled after {epochs_run} epoch(s); nothing was saved")
    if tracker.best_weights is not None:
        model.set_weights(tracker.best_weights)
    train_seconds = time.perf_counter() - t0

    progress(Progress("finalise", 0, 3, "calibrating"))
    x_tr, y_tr = load_arrays(train_items, spec)
    x_va, y_va = load_arrays(val_items, spec)
    p_tr, f_tr = run_inference(model, x_tr)
    p_va, f_va = run_inference(model, x_va)
    unc = fit_uncertainty(f_tr, y_tr, image_stats(x_tr), p_va, y_va, f_va, image_stats(x_va))
    metrics = {"val": compute_metrics(y_va, calibrate_probs(p_va, unc.temperature)),
               "val_uncalibrated_ece": compute_metrics(y_va, p_va)["ece"]}
    progress(Progress("finalise", 1, 3, "testing"))
    if test_items:
        x_te, y_te = load_arrays(test_items, spec)
        p_te, f_te = run_inference(model, x_te)
        cal = calibrate_probs(p_te, unc.temperature)
        metrics["test"] = compute_metrics(y_te, cal)
        flags = unc.assess(cal, f_te, x_te)
        metrics["test"]["uncertain_rate"] = float(np.mean([u for u, _ in flags]))
        del x_te
    del x_tr
    progress(Progress("finalise", 2, 3, "saving"))
    split_counts = manifest.counts()
    card = {
        "architecture": cfg.arch,
        "classes": list(CLASSES),
        "input_shape": list(spec.input_shape),
        "input_dtype": spec.dtype,
        "preprocessing": spec.to_dict(),
        "training": {**{k: v for k, v in asdict(cfg).items()}, "class_weight": class_weight,
                     "epochs_run": epochs_run, "best_epoch": tracker.best_epoch + 1,
                     "seconds": round(train_seconds, 1), "cancelled": tracker.cancelled,
                     "note": val_note},
        "dataset": {"root": str(manifest.root), "counts": split_counts,
                    "fingerprint": _fingerprint(manifest), "seed": manifest.seed,
                    "block_size": manifest.block_size},
        "history": history,
        "metrics": metrics,
        "uncertainty": unc.to_dict(),
        **lineage,
    }
    split_json = json.dumps(manifest.to_dict(), indent=1).encode()
    bundle = save_bundle(model, out_dir, card, export_onnx=cfg.export_onnx,
                         extra_files={"split.json": split_json})
    progress(Progress("finalise", 3, 3, f"saved {bundle.path}"))
    return TrainResult(bundle.path, history, metrics, time.perf_counter() - t0,
                       tracker.cancelled, epochs_run, bundle.card)
