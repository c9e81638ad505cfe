"""The Keras callback that reports training progress, keeps the best weights and stops on cancel."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from core.progress import Progress, ProgressFn, StopFn


def progress_callback(progress: ProgressFn, should_stop: StopFn, epochs: int, steps: int) -> Any:
    """A Keras callback (built here so importing this module does not import TensorFlow):
    ``train`` reports per batch and ``epoch`` reports per epoch (loss, accuracy, val_loss,
    val_accuracy, learning rate, ETA); ``should_stop`` polled after every batch and epoch sets
    ``cancelled`` and stops the run; the weights of the lowest validation loss are kept in
    ``best_weights`` (epoch ``best_epoch``, 0-based)."""
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
            self.first = 0

        def on_train_begin(self, logs: Any = None) -> None:
            self.t0 = time.perf_counter()
            self.first = int(self.params.get("initial_epoch", 0))  # resumed runs

        def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
            self.epoch = epoch

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            done = self.epoch * steps + batch + 1
            elapsed = time.perf_counter() - self.t0
            eta = elapsed / max(1, done - self.first * steps) * (epochs * steps - done)
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
                               "eta": elapsed / max(1, epoch + 1 - self.first)
                               * (epochs - epoch - 1),
                               "elapsed": elapsed}))
            if should_stop():
                self.cancelled = True
                self.model.stop_training = True

    return ProgressAndCancel()
