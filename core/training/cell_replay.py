"""The replay set of a ``cells`` bundle: per-cell features of its training fields, for rehearsal.

Continued training of a ``cells`` model (:mod:`core.training.cells_continue`) rehearses the
parent's distribution. For a head on a frozen extractor that needs no images: the features the
head was trained on are enough. Every ``cells`` training therefore writes :data:`REPLAY_FILE`
into its bundle (checksummed with the other files): fields chosen evenly over each class (clean
fields first, a third of the budget for their jittered copies), each field's first
``max_cells`` cell features as float16, with the clean fields' colour and detail statistics
(the uncertainty reference's field checks). The budget keeps the bundle within 25 MB.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.classes import CLASSES
from core.model.carried import CarriedError
from core.training.cell_features import FieldSet

REPLAY_FILE = "replay.npz"
MAX_REPLAY_BYTES = 5 * 2**20  # the bundle (extractor 9.4 MB, card ~4 MB) stays within 25 MB
CLEAN_SHARE = 2 / 3  # of the replay's budget for clean fields; the rest for jittered copies


@dataclass
class Replay:
    """Replayed fields of the parent: per field its cells' features, label, whether it is a
    clean field (not a jittered copy), and the clean fields' colour and detail statistics."""

    fields: FieldSet
    clean: np.ndarray  # bool per field
    stats: np.ndarray  # clean fields x k
    detail: np.ndarray  # clean fields


def _spread_indices(labels: np.ndarray, order: np.ndarray) -> list[int]:
    """``order``'s indices interleaved class by class, each class evenly spaced, so a budget cut
    anywhere keeps every class and every part of it."""
    per_class = []
    for c in range(len(CLASSES)):
        idx = [int(i) for i in order if labels[i] == c]
        if not idx:
            continue
        # bit-reversal-like spacing: 0, n/2, n/4, 3n/4, ... (every prefix evenly spaced)
        n = len(idx)
        seen: set[int] = set()
        ranked: list[int] = []
        step = 1.0
        while len(ranked) < n:
            for k in range(int(step)):
                j = int((k + 0.5) * n / step)
                if j < n and j not in seen:
                    seen.add(j)
                    ranked.append(idx[j])
            step *= 2
        per_class.append(ranked)
    out: list[int] = []
    for k in range(max((len(p) for p in per_class), default=0)):
        out.extend(p[k] for p in per_class if k < len(p))
    return out


def replay_bytes(train: FieldSet, copies: FieldSet | None, max_cells: int,
                 budget: int = MAX_REPLAY_BYTES) -> tuple[bytes, dict[str, Any]]:
    """The replay file for a ``cells`` model trained on ``train`` (clean, with statistics) and
    ``copies``: fields chosen evenly over each class until the budget (clean fields first, a
    third for copies), each field's first ``max_cells`` cell features as float16. Returns the
    file's bytes and the card's record of it."""
    chosen: list[tuple[int, int]] = []  # (0 clean / 1 copy, index)
    used = 0
    for kind, fs, share in ((0, train, CLEAN_SHARE), (1, copies, 1.0)):
        if fs is None:
            continue
        read = fs.read
        for i in _spread_indices(fs.labels, read):
            cost = min(len(fs.features[i]), max_cells) * fs.features[i].shape[1] * 2 + 64
            if used + cost > budget * share:
                break
            chosen.append((kind, i))
            used += cost
    feats, counts, labels, clean, stats, detail = [], [], [], [], [], []
    for kind, i in chosen:
        fs = train if kind == 0 else copies
        assert fs is not None
        f = fs.features[i][:max_cells]
        feats.append(f.astype(np.float16))
        counts.append(len(f))
        labels.append(int(fs.labels[i]))
        clean.append(kind == 0)
        if kind == 0:
            assert train.stats is not None and train.detail is not None
            stats.append(train.stats[i])
            detail.append(train.detail[i])
    width = train.features[int(train.read[0])].shape[1] if len(train.read) else 0
    buf = io.BytesIO()
    np.savez_compressed(
        buf, features=np.concatenate(feats) if feats else np.zeros((0, width), np.float16),
        counts=np.array(counts, np.int32), labels=np.array(labels, np.int8),
        clean=np.array(clean, bool),
        stats=np.array(stats, np.float32).reshape(len(stats), -1),
        detail=np.array(detail, np.float32),
        about=np.array(json.dumps({"kind": "replay", "dtype": "float16",
                                   "note": "cell features of this model's training fields "
                                           "and their copies, replayed by continued training"})))
    data = buf.getvalue()
    lab = np.array(labels, np.int64)
    record = {"file": REPLAY_FILE, "fields": len(chosen), "clean_fields": int(sum(clean)),
              "copies": int(len(chosen) - sum(clean)), "cells": int(sum(counts)),
              "of_training_fields": int(len(train.read)), "dtype": "float16",
              "bytes": len(data),
              "counts": {c: int((lab == k).sum()) for k, c in enumerate(CLASSES)}}
    return data, record


def add_replay(extra: dict[str, bytes], card: dict, train: FieldSet, copies: FieldSet | None,
               max_cells: int) -> None:
    """At the end of a ``cells`` training: the replay file among the bundle's ``extra`` files
    and its record in ``card["carried"]["replay"]``."""
    data, record = replay_bytes(train, copies, max_cells)
    extra[REPLAY_FILE] = data
    card.setdefault("carried", {})["replay"] = record


def read_replay(path: Path | str, width: int) -> Replay:
    """The replay file at ``path``, checked against the feature width ``width``."""
    try:
        with np.load(path, allow_pickle=False) as z:
            feats, counts = z["features"].astype(np.float32), z["counts"].astype(np.int64)
            labels, clean = z["labels"].astype(np.int64), z["clean"].astype(bool)
            stats, detail = z["stats"].astype(np.float32), z["detail"].astype(np.float32)
    except (OSError, KeyError, ValueError) as exc:
        raise CarriedError(f"{path}: not a replay set of cell features ({exc})") from None
    ok = (feats.ndim == 2 and feats.shape[1] == width and counts.sum() == len(feats)
          and len(counts) == len(labels) == len(clean) and (counts >= 0).all()
          and ((labels >= 0) & (labels < len(CLASSES))).all()
          and len(stats) == len(detail) == int(clean.sum()))
    if not ok:
        raise CarriedError(f"{path}: its arrays do not fit together or are not {width}-wide cell features")
    parts = np.split(feats, np.cumsum(counts)[:-1]) if len(counts) else []
    return Replay(FieldSet(list(parts), labels), clean, stats, detail)


