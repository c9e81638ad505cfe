"""Learnt pooling over a field's cells (attention multiple-instance learning) on cached features.

    .venv/bin/python benchmarks/cell_mil_probe.py [--aug augA,augB] [--seeds 3] [--balance]

Reads the caches that ``benchmarks/cell_probe.py windows`` and ``features`` write (frozen
EfficientNet-Lite0 stage 3-5 features of each detected cell, 112 px) and trains, on field labels
only, a small network: per-cell projection -> gated attention over the field's cells -> the
field's class. The block split is the benchmark's (seed 42); the learning rate schedule and
epochs are fixed in advance, the epoch kept is chosen on validation. Prints test accuracy,
balanced accuracy, malignant fields called Benign, and each change of the robustness range.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cell_probe import OUT, changed_sets, split_manifest  # noqa: E402

from core.classes import CLASSES  # noqa: E402

MAX_CELLS = 32


def bags(feats: np.ndarray, owner: np.ndarray, fields: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Padded ``(fields, MAX_CELLS, d)`` cells and their ``(fields, MAX_CELLS)`` mask."""
    d = feats.shape[1]
    x = np.zeros((len(fields), MAX_CELLS, d), np.float32)
    m = np.zeros((len(fields), MAX_CELLS), np.float32)
    row = {int(f): i for i, f in enumerate(fields)}
    fill = np.zeros(len(fields), np.int64)
    for f, o in zip(feats, owner):
        i = row.get(int(o))
        if i is None or fill[i] >= MAX_CELLS:
            continue
        x[i, fill[i]], m[i, fill[i]] = f, 1.0
        fill[i] += 1
    return x, m


def build(d: int, width: int, dropout: float, seed: int):
    import keras
    from keras import layers, ops

    keras.utils.set_random_seed(seed)
    cells = keras.Input((MAX_CELLS, d))
    mask = keras.Input((MAX_CELLS,))
    h = layers.Dropout(dropout)(cells)
    h = layers.Dense(width, activation="relu")(h)
    h = layers.Dropout(dropout)(h)
    a = layers.Dense(64, activation="tanh")(h)
    g = layers.Dense(64, activation="sigmoid")(h)
    score = layers.Dense(1)(a * g)[..., 0]
    score = score + (mask - 1.0) * 1e4  # padded slots get no weight
    w = ops.softmax(score, axis=1)
    pooled = ops.sum(h * w[..., None], axis=1)
    out = layers.Dense(len(CLASSES), activation="softmax")(pooled)
    model = keras.Model([cells, mask], out)
    model.compile(optimizer=keras.optimizers.AdamW(1e-3, weight_decay=1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--aug", default="augA,augB")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--width", type=int, default=128)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--balance", action="store_true", help="white-balanced features (_wb caches)")
    args = ap.parse_args()
    from sklearn.metrics import balanced_accuracy_score

    tag = "stage3+stage4+stage5_112" + ("_wb" if args.balance else "")
    cache = np.load(OUT / "cell_windows.npz")
    split_of = {e.path: e.split for e in split_manifest(42).entries}
    paths = [str(p) for p in cache["paths"]]
    y_all = np.array([CLASSES.index(str(v)) for v in cache["labels"]])
    part = np.array([split_of[p] for p in paths])
    clean = np.load(OUT / f"feat_clean_{tag}.npz")
    mu = clean["feats"][part[clean["owner"]] == "train"].mean(0)
    sd = clean["feats"][part[clean["owner"]] == "train"].std(0) + 1e-6

    def z(f: np.ndarray) -> np.ndarray:
        return ((f - mu) / sd).astype(np.float32)

    idx = {s: np.flatnonzero(part == s) for s in ("train", "val", "test")}
    X = {s: bags(z(clean["feats"]), clean["owner"], idx[s]) for s in idx}
    xs, ms, ys = [X["train"][0]], [X["train"][1]], [y_all[idx["train"]]]
    for copy in args.aug.split(",") if args.aug else []:
        a = np.load(OUT / f"feat_{copy}_{tag}.npz")
        bx, bm = bags(z(a["feats"]), a["owner"], a["fields"])
        xs.append(bx), ms.append(bm), ys.append(y_all[a["fields"]])
    xt, mt, yt = np.concatenate(xs), np.concatenate(ms), np.concatenate(ys)
    changes = [(name, bags(z(c["feats"]), c["owner"], c["fields"]), y_all[c["fields"]])
               for name, c in changed_sets(tag)]
    import keras

    probs_test, probs_changes = [], {name: [] for name, _, _ in changes}
    for seed in range(args.seeds):
        model = build(xt.shape[-1], args.width, args.dropout, seed)
        best = keras.callbacks.ModelCheckpoint(str(OUT / f"mil_seed{seed}.weights.h5"),
                                               monitor="val_loss", save_best_only=True,
                                               save_weights_only=True, verbose=0)
        counts = np.bincount(yt, minlength=len(CLASSES))
        weights = {k: len(yt) / (len(CLASSES) * c) for k, c in enumerate(counts)}
        model.fit([xt, mt], yt, validation_data=(list(X["val"]), y_all[idx["val"]]),
                  epochs=args.epochs, batch_size=64, class_weight=weights, verbose=0,
                  callbacks=[best])
        model.load_weights(str(OUT / f"mil_seed{seed}.weights.h5"))
        pv = model.predict(list(X["val"]), verbose=0).argmax(1)
        pt = model.predict(list(X["test"]), verbose=0)
        print(f"seed {seed}: val {float((pv == y_all[idx['val']]).mean()):.4f}, "
              f"test {float((pt.argmax(1) == y_all[idx['test']]).mean()):.4f}", flush=True)
        probs_test.append(pt)
        for name, (cx, cm), _ in changes:
            probs_changes[name].append(model.predict([cx, cm], verbose=0))
    y = y_all[idx["test"]]
    pred = np.mean(probs_test, 0).argmax(1)
    base = float((pred == y).mean())
    print(f"MIL ({tag}, copies {args.aug or 'none'}, {args.seeds} seeds averaged): test {base:.4f}, "
          f"balanced {balanced_accuracy_score(y, pred):.4f}, errors {int((pred != y).sum())} of {len(y)}, "
          f"malignant called Benign {int(((pred == 0) & (y != 0)).sum())}")
    worst = 0.0
    for name, _, yc in changes:
        pc = np.mean(probs_changes[name], 0).argmax(1)
        acc = float((pc == yc).mean())
        worst = max(worst, base - acc)
        print(f"  {name:16s} {acc:.4f} ({(acc - base) * 100:+.1f} points)")
    print(f"worst change costs {worst * 100:.1f} points")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
