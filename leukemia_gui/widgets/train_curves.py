"""The Train tab's live curves: accuracy and loss per epoch (a resumed run's earlier epochs
too), then the kept model's figure, the one the result quotes; the plot's words in the interface
language (``core.evaluation.figures.training_curves_figure`` words them in English)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QWidget

from core.evaluation.figures import training_curves_figure
from core.model.card import ModelCard
from core.training.train import TrainResult, validation_name
from leukemia_gui.widgets.plot_canvas import PlotCanvas
from leukemia_gui.i18n import fixed

CURVE_KEYS = ("loss", "accuracy", "val_loss", "val_accuracy")
SAVED = "saved model"  # how core's figure begins the kept model's label


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


def part_name(name: str) -> str:
    """``validation_name``'s words in the interface language."""
    return (translate("TrainCurves", "validation") if name == "validation" else
            translate("TrainCurves", "training-image (no validation part)")
            if name == "training-image (no validation part)" else name)


class _LocaleFormatter(ScalarFormatter):
    """Matplotlib's tick labels with the locale's decimal point ("0,72" in Spanish)."""

    def __init__(self, point: str) -> None:
        super().__init__()
        self.point = point

    def __call__(self, x: float, pos: int | None = None) -> str:
        return super().__call__(x, pos).replace(".", self.point)


def curves_figure(history: dict[str, Sequence[float]], fig: Figure | None = None,
                  saved: dict | None = None, val_label: str = "validation") -> Figure:
    """:func:`training_curves_figure`, its titles, axis and legend in the interface language."""
    fig = training_curves_figure(history, fig=fig, saved=saved, val_label=val_label)
    titles = {"Accuracy": translate("TrainCurves", "Accuracy"),
              "Loss": translate("TrainCurves", "Loss")}
    point = QLocale().decimalPoint()
    for ax in fig.axes:
        if point != ".":
            ax.xaxis.set_major_formatter(_LocaleFormatter(point))
            ax.yaxis.set_major_formatter(_LocaleFormatter(point))
        ax.set_title(titles.get(ax.get_title(), ax.get_title()))
        ax.set_xlabel(translate("TrainCurves", "epoch"))
        for line in ax.lines:
            label = str(line.get_label())
            if label == "train":
                line.set_label(translate("TrainCurves", "train"))
            elif label.startswith(SAVED) and saved:
                line.set_label(translate("TrainCurves", "saved model, {0} {1}% (n={2})").format(
                    part_name(str(saved.get("name", "validation"))),
                    fixed(100 * float(saved["accuracy"]), 1), saved.get("n", "?")))
        if ax.lines:
            ax.legend(loc="best", fontsize="small")
    return fig


class TrainCurvesWidget(PlotCanvas):
    """``begin`` a run, ``add_epoch`` per epoch report, ``show_saved`` at the end; ``val_n``
    says what each epoch's val_ figure rests on (``n=4``, or the training images)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, figsize=(7, 2.8))
        self.history: dict[str, list[float]] = {}
        self.val_n: str | None = None
        self.show_message(translate("TrainTab", "Accuracy and loss per epoch appear here during training."))

    def begin(self, history: dict[str, list[float]] | None = None) -> None:
        """A run starts; a resumed run's plot goes on from the backup's ``history``."""
        self.history = {k: list((history or {}).get(k, [])) for k in CURVE_KEYS}
        self.val_n = None
        if self.history["loss"]:
            self.show_figure_builder(curves_figure, self.history)
        else:
            self.show_message(translate("TrainTab", "Waiting for the first epoch…"))

    def add_epoch(self, metrics: dict[str, Any]) -> None:
        for key in CURVE_KEYS:
            self.history.setdefault(key, []).append(float(metrics.get(key, float("nan"))))
        self.show_figure_builder(curves_figure, self.history, val_label=self.val_label())

    def show_saved(self, result: TrainResult) -> None:
        """The curves of every epoch (a resumed run's earlier ones too, from the saved history)
        with the kept model's validation figure, the one the summary quotes."""
        card = ModelCard.from_dict(result.card)
        history = {k: list(v) for k, v in (result.history or {}).items()}
        if history.get("loss"):
            self.history = history
        val = result.metrics.get("val", {})
        val = val.to_dict() if hasattr(val, "to_dict") else (val or {})
        saved = {"epoch": card.training.best_epoch if card.training else None,
                 "accuracy": val.get("accuracy"), "n": val.get("n"),
                 "name": validation_name(result.card if isinstance(result.card, dict) else {})}
        self.show_figure_builder(curves_figure, self.history, saved=saved, val_label=self.val_label())

    def val_label(self) -> str:
        """The plot's name for the val_ curves: what they were scored on."""
        return (translate("TrainCurves", "validation") if self.val_n is None or self.val_n.startswith("n=")
                else translate("TrainCurves", "val_ (training images)"))
