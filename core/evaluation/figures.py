"""Figure builders returning ``matplotlib.figure.Figure`` (never pyplot), for CLI and GUI."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from core.classes import CLASSES
from core.evaluation.metrics import ClassMetrics


def training_curves_figure(history: dict[str, Sequence[float]], fig: Figure | None = None,
                           saved: dict | None = None, val_label: str = "validation") -> Figure:
    """Accuracy and loss per epoch, training and validation.

    ``saved`` (``{"epoch": kept epoch, "accuracy": the saved model's figure, "n": images,
    "name": "validation"}``) marks the model that was kept and the accuracy the summary quotes,
    so the plot and the summary show the same number (the kept epoch is not always the last,
    and the saved model is scored again after its BatchNorm statistics are recomputed).
    ``val_label`` names the ``val_`` curves (what they were scored on).
    """
    fig = fig or Figure(figsize=(8, 3.2), layout="constrained")
    fig.clear()
    ax_acc, ax_loss = fig.subplots(1, 2)
    for ax, key, title in ((ax_acc, "accuracy", "Accuracy"), (ax_loss, "loss", "Loss")):
        for prefix, style, name in (("", "-", "train"), ("val_", "--", val_label)):
            values = list(history.get(prefix + key, []))
            if values:
                ax.plot(range(1, len(values) + 1), values, style, marker="o", markersize=3, label=name)
        ax.set_title(title)
        ax.set_xlabel("epoch")
        ax.grid(alpha=0.3)
    acc = (saved or {}).get("accuracy")
    if saved and saved.get("epoch") and isinstance(acc, (int, float)) and math.isfinite(acc):
        for ax in (ax_acc, ax_loss):
            ax.axvline(saved["epoch"], color="#868e96", linestyle=":", linewidth=1)
        ax_acc.plot([saved["epoch"]], [acc], "*", color="#d9480f", markersize=11,
                    label=f"saved model, {saved.get('name', 'validation')} "
                          f"{acc:.1%} (n={saved.get('n', '?')})")
    for ax in (ax_acc, ax_loss):
        if ax.lines:
            ax.legend(loc="best", fontsize="small")
    return fig


def confusion_matrix_figure(cm: Sequence[Sequence[int]], classes: Sequence[str] = CLASSES,
                            fig: Figure | None = None) -> Figure:
    """Confusion matrix heatmap with counts (rows: true class, columns: predicted)."""
    fig = fig or Figure(figsize=(4.6, 4), layout="constrained")
    fig.clear()
    ax = fig.subplots()
    m = np.asarray(cm, dtype=float)
    rows = m.sum(axis=1, keepdims=True)
    frac = np.divide(m, rows, out=np.zeros_like(m), where=rows > 0)
    ax.imshow(frac, cmap="Blues", vmin=0, vmax=1)
    for i in range(m.shape[0]):
        for j in range(m.shape[1]):
            ax.text(j, i, f"{int(m[i, j])}", ha="center", va="center",
                    color="white" if frac[i, j] > 0.5 else "black", fontsize=11)
    ax.set_xticks(range(len(classes)), classes)
    ax.set_yticks(range(len(classes)), classes)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("Confusion matrix")
    return fig


def per_class_figure(per_class: Mapping[str, ClassMetrics], fig: Figure | None = None) -> Figure:
    """Grouped bars of precision, sensitivity, specificity and F1 per class."""
    fig = fig or Figure(figsize=(6, 3.2), layout="constrained")
    fig.clear()
    ax = fig.subplots()
    keys = ("precision", "sensitivity", "specificity", "f1")
    names = list(per_class)
    x = np.arange(len(names))
    width = 0.8 / len(keys)
    for k, key in enumerate(keys):
        vals = [np.nan_to_num(getattr(per_class[n], key)) for n in names]
        ax.bar(x + (k - 1.5) * width, vals, width, label=key)
    ax.set_xticks(x, names)
    ax.set_ylim(0, 1.05)
    ax.set_title("Per-class metrics")
    ax.legend(loc="lower right", fontsize="small", ncols=2)
    ax.grid(axis="y", alpha=0.3)
    return fig


def class_counts_figure(counts: dict[str, int], fig: Figure | None = None) -> Figure:
    fig = fig or Figure(figsize=(4, 2.6), layout="constrained")
    fig.clear()
    ax = fig.subplots()
    names = list(counts)
    bars = ax.bar(names, [counts[n] for n in names], color="#4C72B0")
    ax.bar_label(bars, fontsize="small")
    ax.set_ylabel("images")
    ax.set_title("Images per class")
    ax.margins(y=0.15)
    return fig
