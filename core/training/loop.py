"""One training loop for every ``tf.distribute`` strategy, and epoch backups to resume from.

Keras' ``Model.fit`` fails under ``MultiWorkerMirroredStrategy`` with Keras 3 (it cannot
convert a ``PerReplica`` value to a tensor; keras-team/keras#20585), so training runs this
loop instead, whatever the strategy: ``strategy.run`` over
``strategy.experimental_distribute_dataset``, the loss averaged over the global batch with
``tf.nn.compute_average_loss``. It drives ordinary Keras callbacks (progress and cancel,
early stopping, LR on plateau) with the same logs ``fit`` gives them. Every number a callback
decides on (losses, accuracies, stop requests) is summed over all workers first, so every
worker takes the same decisions and runs the same number of steps.

After every completed epoch the chief can write a backup (weights, optimizer state, callback
state, history) to a folder; a run started again with the same settings resumes after the
last completed epoch, like ``keras.callbacks.BackupAndRestore``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from core.fileutil import atomic_write_text

STATE_FILE = "state.json"
# Callback attributes that carry state from one epoch to the next (Keras' EarlyStopping and
# ReduceLROnPlateau, and train's progress tracker).
_CALLBACK_ATTRS = ("wait", "best", "best_epoch", "stopped_epoch", "cooldown_counter")


def default_backup_dir(out_dir: Path | str) -> Path:
    """Where the CLI keeps the epoch backup of a training that writes ``out_dir``."""
    out_dir = Path(out_dir)
    return out_dir.with_name(out_dir.name + ".backup")


@dataclass(frozen=True)
class BackupInfo:
    """What a backup folder holds: enough for a GUI to offer "resume"."""

    path: Path
    epochs_done: int
    epochs: int
    signature: str
    config: dict
    updated: str
    resumed_from: list[int] = field(default_factory=list)
    history: dict[str, list[float]] = field(default_factory=dict)  # the kept epochs' curves


def read_backup(path: Path | str) -> BackupInfo | None:
    """The backup in ``path``, or None when there is none (or it is unreadable)."""
    path = Path(path)
    try:
        state = json.loads((path / STATE_FILE).read_text(encoding="utf-8"))
        if not (path / state["weights"]).is_file():
            return None
        return BackupInfo(path, int(state["epochs_done"]), int(state["epochs"]),
                          str(state["signature"]), dict(state.get("config", {})),
                          str(state.get("updated", "")), list(state.get("resumed_from", [])),
                          {str(k): [float(x) for x in v]
                           for k, v in dict(state.get("history", {})).items()})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_backup(path: Path | str) -> bool:
    """Remove a backup folder, only when this app made it (it carries the marker)."""
    from core.fileutil import remove_marked_dir

    return remove_marked_dir(path)


def _json_number(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, str)):
        return v
    try:
        return float(np.asarray(v))
    except (TypeError, ValueError):
        return None


class Backup:
    """The epoch backup of one training run (written by the chief only)."""

    def __init__(self, path: Path | str, signature: str, config: dict, epochs: int,
                 write: bool = True) -> None:
        self.path = Path(path)
        self.signature = signature
        self.config = config
        self.epochs = epochs
        self.write = write

    def load(self) -> tuple[dict, dict[str, np.ndarray]] | None:
        """State and arrays of a backup made with the same settings, else None."""
        info = read_backup(self.path)
        if info is None or info.signature != self.signature or info.epochs_done < 1:
            return None
        state = json.loads((self.path / STATE_FILE).read_text(encoding="utf-8"))
        try:
            with np.load(self.path / state["weights"]) as npz:
                arrays = {k: npz[k] for k in npz.files}
        except (OSError, ValueError):
            return None
        return state, arrays

    def save(self, state: dict, arrays: dict[str, np.ndarray]) -> None:
        """Write the arrays, then the state naming them (atomically), then drop older arrays."""
        if not self.write:
            return
        from core.fileutil import mark_backup_dir

        mark_backup_dir(self.path)  # the mark is what lets this app remove the folder later
        name = f"weights-{state['epochs_done']:04d}-{os.getpid()}.npz"
        tmp = self.path / f".{name}.tmp"
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]  # (numpy's stub lets a name fill allow_pickle)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path / name)
        full = {**state, "weights": name, "signature": self.signature, "epochs": self.epochs,
                "config": self.config,
                "updated": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        atomic_write_text(self.path / STATE_FILE, json.dumps(full, indent=1, default=_json_number))
        for old in self.path.glob("weights-*.npz"):
            if old.name != name:
                old.unlink(missing_ok=True)


@dataclass(frozen=True)
class LoopResult:
    history: dict[str, list[float]]
    epochs_run: int
    resumed_from: list[int]


def _callback_state(callbacks: list[Any]) -> list[dict]:
    return [{a: _json_number(getattr(cb, a)) for a in _CALLBACK_ATTRS if hasattr(cb, a)}
            for cb in callbacks]


def _restore_callback_state(callbacks: list[Any], states: list[dict]) -> None:
    for cb, st in zip(callbacks, states):
        for k, v in st.items():
            setattr(cb, k, v)


class _Steps:
    """The compiled, distributed train and evaluation steps."""

    def __init__(self, model: Any, optimizer: Any, strategy: Any, class_weight: np.ndarray) -> None:
        import keras
        import tensorflow as tf

        self.strategy = strategy
        cw = tf.constant(np.asarray(class_weight, dtype=np.float32))
        SUM = tf.distribute.ReduceOp.SUM

        def replica_train(x: Any, y: Any, m: Any) -> Any:
            ctx = tf.distribute.get_replica_context()
            w = tf.gather(cw, y) * m
            n = ctx.all_reduce(SUM, tf.reduce_sum(m))
            with tf.GradientTape() as tape:
                probs = model(x, training=True)
                per_example = keras.losses.sparse_categorical_crossentropy(y, probs)
                loss = tf.nn.compute_average_loss(per_example, sample_weight=w,
                                                  global_batch_size=tf.cast(n, tf.int32))
                if model.losses:
                    loss += tf.nn.scale_regularization_loss(tf.add_n(model.losses))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            correct = tf.cast(tf.equal(tf.argmax(probs, -1), y), tf.float32)
            # fit weighs its metrics by the class weights too
            return loss, tf.reduce_sum(m), tf.reduce_sum(correct * w), tf.reduce_sum(w)

        def replica_eval(x: Any, y: Any, m: Any) -> Any:
            probs = model(x, training=False)
            per_example = keras.losses.sparse_categorical_crossentropy(y, probs)
            correct = tf.cast(tf.equal(tf.argmax(probs, -1), y), tf.float32)
            return tf.reduce_sum(per_example * m), tf.reduce_sum(m), tf.reduce_sum(correct * m)

        def reduce(values: Any) -> Any:
            return [strategy.reduce(SUM, v, axis=None) for v in values]

        @tf.function(reduce_retracing=True)
        def train_step(batch: Any) -> Any:
            return reduce(strategy.run(replica_train, args=batch))

        @tf.function(reduce_retracing=True)
        def eval_step(batch: Any) -> Any:
            return reduce(strategy.run(replica_eval, args=batch))

        def replica_sum(values: Any) -> Any:
            # a fresh tensor: all-reducing a captured input directly fails under MWMS
            return tf.distribute.get_replica_context().all_reduce(
                SUM, [tf.identity(v) for v in values])

        @tf.function
        def summed(values: Any) -> Any:
            return strategy.experimental_local_results(strategy.run(replica_sum, args=(values,)))[0]

        def any_flag(flag: bool) -> bool:
            """True when any worker's flag is (collective: every worker must call it)."""
            return float(summed([tf.constant([float(flag)])])[0].numpy()[0]) > 0

        def replica_broadcast(values: Any) -> Any:
            ctx = tf.distribute.get_replica_context()
            first = tf.equal(ctx.replica_id_in_sync_group, 0)
            return ctx.all_reduce(SUM, [tf.where(first, v, tf.zeros_like(v)) for v in values])

        @tf.function
        def broadcast(values: Any) -> Any:
            return strategy.experimental_local_results(
                strategy.run(replica_broadcast, args=(values,)))[0]

        self.train_step, self.eval_step = train_step, eval_step
        self.any_flag, self.broadcast = any_flag, broadcast


def run_loop(
    model: Any,
    optimizer: Any,
    distribution: Any,
    train_ds: Any,
    val_ds: Any,
    *,
    epochs: int,
    steps: int,
    class_weight: np.ndarray,
    callbacks: list[Any],
    backup: Backup | None = None,
) -> LoopResult:
    """Train ``model`` (built and compiled in ``distribution.strategy.scope()``).

    ``train_ds`` and ``val_ds`` yield ``(image, class, mask)`` batches of this worker's shard
    (see :func:`core.training.pipeline.make_dataset`); every worker must run the same number of batches.
    ``callbacks`` get ``loss``/``accuracy`` per batch and ``loss``, ``accuracy``,
    ``val_loss``, ``val_accuracy``, ``learning_rate`` per epoch. Setting
    ``model.stop_training`` during the batches stops after the current batch; that epoch is
    neither validated nor recorded (set in ``on_epoch_end``, it stops after the epoch). With
    ``backup``, an earlier run's completed epochs are restored first and each completed epoch
    is saved.
    """
    import keras
    import tensorflow as tf

    strategy = distribution.strategy
    multi = distribution.multi_worker
    with strategy.scope():
        optimizer.build(model.trainable_variables)
    steps_fn = _Steps(model, optimizer, strategy, class_weight)
    history: dict[str, list[float]] = {}
    resumed_from: list[int] = []
    start = 0
    restored = backup.load() if backup is not None and distribution.is_chief else None
    if restored is not None:
        state, arrays = restored
        start = int(state["epochs_done"])
        history = {k: list(v) for k, v in state.get("history", {}).items()}
        resumed_from = [*state.get("resumed_from", []), start]
    if multi:
        # Everyone takes the chief's weights, optimizer state and resume point, so the
        # workers need not share a file system.
        meta = json.dumps({"start": start, "history": history, "resumed_from": resumed_from,
                           "callbacks": restored[0].get("callbacks", []) if restored else []})
        raw = np.frombuffer(meta.encode(), dtype=np.uint8).astype(np.float32)
        size = int(steps_fn.broadcast([tf.constant([float(raw.size)])])[0].numpy()[0])
        raw = np.resize(raw, size) if raw.size != size else raw
        raw = steps_fn.broadcast([tf.constant(raw if distribution.is_chief else np.zeros(size, np.float32))])[0]
        meta_in = json.loads(np.asarray(raw.numpy()).round().astype(np.uint8).tobytes().decode())
        start, history, resumed_from = meta_in["start"], meta_in["history"], meta_in["resumed_from"]
        callback_states = meta_in["callbacks"]
    else:
        callback_states = restored[0].get("callbacks", []) if restored else []
    if restored is not None:
        model.set_weights([arrays[f"w{i}"] for i in range(len(model.weights))])
        for i, v in enumerate(optimizer.variables):
            v.assign(arrays[f"o{i}"])
    if multi:
        values = [w.value if hasattr(w, "value") else w for w in model.weights]
        values += [v.value if hasattr(v, "value") else v for v in optimizer.variables]
        # float64 holds every weight and the int64 step counter exactly
        synced = steps_fn.broadcast([tf.cast(v, tf.float64) for v in values])
        n_weights = len(model.weights)
        model.set_weights([np.asarray(s).astype(w.dtype) for s, w in zip(synced[:n_weights], model.weights)])
        for v, s in zip(optimizer.variables, synced[n_weights:]):
            v.assign(tf.cast(s, v.dtype))
    if start:
        keras.utils.set_random_seed(int(1000 + start))  # a fresh, reproducible shuffle order

    cb_list = keras.callbacks.CallbackList(callbacks, model=model, epochs=epochs, steps=steps,
                                           verbose=0, initial_epoch=start)
    model.stop_training = False
    cb_list.on_train_begin()
    _restore_callback_state(callbacks, callback_states)
    tracker = next((cb for cb in callbacks if hasattr(cb, "best_weights")), None)
    if restored is not None and tracker is not None and "b0" in arrays:
        tracker.best_weights = [arrays[f"b{i}"] for i in range(len(model.weights))]
    dist_train = strategy.experimental_distribute_dataset(train_ds)
    dist_val = strategy.experimental_distribute_dataset(val_ds)
    epochs_run = len(history.get("loss", []))
    for epoch in range(start, epochs):
        cb_list.on_epoch_begin(epoch)
        loss_sum = seen = correct = weight = 0.0
        stopped_mid_epoch = False
        for step, batch in enumerate(dist_train):
            cb_list.on_train_batch_begin(step)
            loss, m, c, w = steps_fn.train_step(batch)
            n = float(m)
            loss_sum += float(loss) * n
            seen, correct, weight = seen + n, correct + float(c), weight + float(w)
            logs = {"loss": loss_sum / max(seen, 1.0), "accuracy": correct / max(weight, 1e-12)}
            cb_list.on_train_batch_end(step, logs)
            stop = bool(model.stop_training)
            if multi:
                stop = steps_fn.any_flag(stop)
                model.stop_training = stop
            if stop:
                stopped_mid_epoch = step + 1 < steps
                break
        if model.stop_training:
            # Cancelled during the epoch's batches: stop now, without validating or recording
            # it (no "epoch" report, no history point, no backup); the backup keeps the last
            # whole epoch. (The loader may have skipped the epoch's remaining images.)
            break
        v_loss = v_n = v_correct = 0.0
        for batch in dist_val:
            lsum, n, c = steps_fn.eval_step(batch)
            v_loss, v_n, v_correct = v_loss + float(lsum), v_n + float(n), v_correct + float(c)
        reg = float(sum(float(np.asarray(x)) for x in model.losses)) if model.losses else 0.0
        epoch_logs = {"loss": loss_sum / max(seen, 1.0), "accuracy": correct / max(weight, 1e-12),
                      "val_loss": v_loss / max(v_n, 1.0) + reg,
                      "val_accuracy": v_correct / max(v_n, 1.0)}
        try:
            epoch_logs["learning_rate"] = float(np.asarray(optimizer.learning_rate))
        except (TypeError, ValueError):
            pass
        cb_list.on_epoch_end(epoch, dict(epoch_logs))
        for k, v in epoch_logs.items():
            history.setdefault(k, []).append(float(v))
        epochs_run = len(history["loss"])
        if multi:
            model.stop_training = steps_fn.any_flag(bool(model.stop_training))
        if backup is not None and backup.write and not stopped_mid_epoch:
            arrays_out = {f"w{i}": np.asarray(w) for i, w in enumerate(model.get_weights())}
            arrays_out.update({f"o{i}": np.asarray(v.numpy() if hasattr(v, "numpy") else v)
                               for i, v in enumerate(optimizer.variables)})
            if tracker is not None and tracker.best_weights is not None:
                arrays_out.update({f"b{i}": w for i, w in enumerate(tracker.best_weights)})
            backup.save({"epochs_done": epoch + 1, "history": history,
                         "resumed_from": resumed_from,
                         "callbacks": _callback_state(callbacks)}, arrays_out)
        if model.stop_training:
            break
    cb_list.on_train_end()
    return LoopResult(history, epochs_run, resumed_from)
