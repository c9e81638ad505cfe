"""Which ``tf.distribute`` strategy trains, and this process's role in it.

``auto`` picks :class:`tf.distribute.MirroredStrategy` when more than one GPU is visible and
the default (one-device) strategy otherwise; ``mirrored`` asks for it explicitly;
``multi-worker`` builds :class:`tf.distribute.MultiWorkerMirroredStrategy` from the standard
``TF_CONFIG`` environment variable (see ``docs/scaling.md``). Only the chief (the task named
``chief``, else worker 0) writes the model bundle, the backup and progress; the others work
in temporary places, as TensorFlow documents.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

STRATEGIES = ("auto", "default", "mirrored", "multi-worker")


class DistributeError(ValueError):
    """A strategy that cannot be set up here (bad ``TF_CONFIG``, unknown name)."""


@dataclass(frozen=True)
class TaskInfo:
    """This process's place in a cluster described by ``TF_CONFIG`` (one task when unset)."""

    task_type: str = "worker"
    task_index: int = 0
    num_workers: int = 1
    has_chief: bool = False  # the cluster names a "chief" task (else worker 0 is the chief)

    @property
    def is_chief(self) -> bool:
        return self.task_type == "chief" or (not self.has_chief and self.task_index == 0)

    @property
    def worker_rank(self) -> int:
        """0 for the chief, then 1.. for the others, in ``TF_CONFIG`` order."""
        if self.task_type == "chief":
            return 0
        return self.task_index + (1 if self.has_chief else 0)


def task_info(environ: dict[str, str] | None = None) -> TaskInfo:
    """Parse ``TF_CONFIG`` (``{"cluster": {...}, "task": {"type", "index"}}``).

    Raises:
        DistributeError: ``TF_CONFIG`` is set but is not valid for multi-worker training.
    """
    raw = (environ if environ is not None else os.environ).get("TF_CONFIG", "").strip()
    if not raw:
        return TaskInfo()
    try:
        conf = json.loads(raw)
        cluster = conf["cluster"]
        task = conf["task"]
        task_type, index = str(task["type"]), int(task["index"])
        workers = len(cluster.get("worker", [])) + len(cluster.get("chief", []))
    except (ValueError, KeyError, TypeError) as exc:
        raise DistributeError(f"TF_CONFIG is not valid JSON with 'cluster' and 'task' ({exc})") from None
    if task_type not in ("chief", "worker"):
        raise DistributeError(f"TF_CONFIG task type {task_type!r}: this trainer runs 'chief' "
                              "and 'worker' tasks only")
    if workers < 1 or index < 0 or index >= len(cluster.get(task_type, [])):
        raise DistributeError(f"TF_CONFIG task {task_type}:{index} is not in its cluster")
    return TaskInfo(task_type, index, workers, bool(cluster.get("chief")))


@dataclass(frozen=True)
class Distribution:
    """A strategy ready to use, with the numbers the card records."""

    name: str  # the strategy actually used: default, mirrored or multi-worker
    strategy: Any
    task: TaskInfo
    replicas: int  # replicas in sync across all workers (GPUs, or one per CPU worker)

    @property
    def is_chief(self) -> bool:
        return self.task.is_chief

    @property
    def multi_worker(self) -> bool:
        return self.name == "multi-worker"

    def to_dict(self) -> dict:
        return {"strategy": self.name, "replicas": self.replicas,
                "workers": self.task.num_workers}


def make_distribution(name: str = "auto") -> Distribution:
    """Create the strategy called ``name`` (one of :data:`STRATEGIES`).

    Must run before any other TensorFlow op in the process when ``name`` is
    ``multi-worker`` (TensorFlow requires the collective runtime to start first).
    """
    if name not in STRATEGIES:
        raise DistributeError(f"unknown strategy {name!r}; choose from {', '.join(STRATEGIES)}")
    info = task_info()
    import tensorflow as tf

    if name == "multi-worker":
        if not os.environ.get("TF_CONFIG"):
            raise DistributeError("--strategy multi-worker needs the TF_CONFIG environment "
                                  "variable (see docs/scaling.md)")
        options = tf.distribute.experimental.CommunicationOptions(
            implementation=tf.distribute.experimental.CommunicationImplementation.AUTO)
        strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
        return Distribution("multi-worker", strategy, info, int(strategy.num_replicas_in_sync))
    if info.num_workers > 1:
        raise DistributeError("TF_CONFIG describes several workers; use --strategy multi-worker")
    gpus = tf.config.list_logical_devices("GPU")
    if name == "mirrored" or (name == "auto" and len(gpus) > 1):
        strategy = tf.distribute.MirroredStrategy()
        return Distribution("mirrored", strategy, info, int(strategy.num_replicas_in_sync))
    return Distribution("default", tf.distribute.get_strategy(), info, 1)


def scaled_learning_rate(base: float, replicas: int) -> float:
    """The linear scaling rule: the global batch grows with the replicas, so does the rate."""
    return float(base) * max(1, int(replicas))
