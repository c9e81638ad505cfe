"""Classify images and record every result in the audit log: the one way the app does both.

A drop, a paste, "Add images…" and a folder all come here, so an audit record is written in
one place, the same way, before the result is handed on. One image (a file, or pixels held in
memory) is read once and run through the model once (:meth:`Predictor.classify`): what comes
back keeps its pixels and class maps, so showing it and its heatmap reads and runs nothing
again. Several files, or a folder, stream through :meth:`Predictor.iter_classify` in batches.
Each file is opened and read once: its pixels are decoded from those bytes and the audit
record's ``sha256`` is theirs, so the record names the very bytes that were classified.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

import numpy as np

from core.inference.audit import AuditLog
from core.inference.predictor import Classified, Predictor, expand_paths
from core.inference.result import Prediction
from core.progress import Progress, ProgressFn, StopFn, check_stop, never_stop, no_progress

Source = Path | str | np.ndarray
PartialFn = Callable[[tuple[Classified, ...]], None]
BATCH = 8  # a batch's rows reach the app together: small, so the first show up at once


def _ignore(_batch: tuple[Classified, ...]) -> None:
    pass


def is_single(sources: Sequence[Source]) -> bool:
    """One image (a file or pixels), classified at once; anything else is a batch."""
    return len(sources) == 1 and (isinstance(sources[0], np.ndarray) or not Path(sources[0]).is_dir())


def record(audit: AuditLog, predictor: Predictor, pred: Prediction,
           sha256: str | None = None) -> None:
    """The audit record of one result (unreadable images have none: nothing was classified);
    ``sha256``: of the bytes it was decoded from, where the caller read them."""
    if pred.error is None:
        audit.record(pred, model_id=predictor.bundle.model_id,
                     model_checksum=predictor.bundle.checksum, sha256=sha256)


def classify_files(
    predictor: Predictor,
    sources: Sequence[Source],
    audit: AuditLog,
    *,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
    partial: PartialFn = _ignore,
) -> int:
    """Classify ``sources``, audit each result, hand the results on as they come.

    Args:
        predictor: the loaded model.
        sources: one image (a file or ``HxWx3`` uint8 pixels), or files and folders (folders
            expanded, images only); pixels only alone.
        audit: where every result is recorded before it is handed on.
        progress, should_stop: as every long core function (``Cancelled`` when asked to stop).
        partial: called with each batch of results in input order: one image's
            :class:`Classified` keeps its pixels and class maps; a batch's hold only their
            prediction (any number of files streams in bounded memory).

    Returns:
        The number of images classified (unreadable files included).
    """
    if is_single(sources):
        check_stop(should_stop)
        done = predictor.classify(sources[0])
        record(audit, predictor, done.prediction, done.sha256)
        partial((done,))
        name = "" if isinstance(sources[0], np.ndarray) else Path(sources[0]).name
        progress(Progress("predict", 1, 1, name))
        return 1
    files = expand_paths([s for s in sources if not isinstance(s, np.ndarray)])
    pending: list[Classified] = []

    def on_batch(p: Progress) -> None:
        batch = tuple(pending)
        pending.clear()
        partial(batch)
        progress(p)

    # closed on any exit, so its decode threads end with the run, not when garbage collected
    with closing(predictor.iter_classify(files, batch_size=BATCH, progress=on_batch,
                                         should_stop=should_stop)) as results:
        for done in results:
            record(audit, predictor, done.prediction, done.sha256)
            pending.append(done)
    return len(files)
