"""What a training run shows while it runs and after: the progress line with Cancel, the time
left, the live curves over the log, and the result box. ``report`` words each of core's
progress reports in the interface language (translation context ``TrainTab``)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from core.progress import Progress
from leukemia_gui.tabs.train_text import progress_message
from leukemia_gui.widgets.task_progress import TaskProgressWidget, format_seconds
from leukemia_gui.widgets.train_curves import TrainCurvesWidget
from leukemia_gui.widgets.train_log import TrainLogWidget
from leukemia_gui.widgets.train_result import TrainResultWidget

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class TrainRunView(QWidget):
    """``task``, ``eta_label``, ``canvas`` (the curves), ``log`` and ``result_box``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.epochs: int | None = None  # the running training's epochs
        self.task = TaskProgressWidget(translate("TrainTab", "Training runs on the CPU; one epoch over "
                                                 "the full dataset takes minutes."))
        self.eta_label = QLabel()
        self.canvas = TrainCurvesWidget(self)
        self.log = TrainLogWidget()
        self.result_box = TrainResultWidget()
        curves = QSplitter(Qt.Orientation.Vertical)
        curves.addWidget(self.canvas)
        curves.addWidget(self.log)
        curves.setStretchFactor(0, 3)
        curves.setStretchFactor(1, 1)
        curves.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.task)
        layout.addWidget(self.eta_label)
        layout.addWidget(curves, 1)
        layout.addWidget(self.result_box)  # whole where there is room, scrolling where there is not

    def report(self, p: Progress) -> None:
        """One of the training's progress reports: the split and each epoch go to the log and
        the curves, a data check's warning to the log, the rest to the progress line."""
        m = p.metrics
        if "split_counts" in m:  # the n behind each figure, said once the split is made
            self.canvas.val_n = self.log.split(m["split_counts"])
        message = progress_message(p, self.epochs)
        if p.stage == "train" and p.total:
            self.task.report(p, translate("TrainTab", "Training: {0}").format(message) if message else None)
            if "eta" in m:
                self.eta_label.setText(translate("TrainTab", "Elapsed {0} · about {1} left").format(
                    format_seconds(m.get("elapsed", 0)), format_seconds(m["eta"])))
        elif p.stage == "warning":
            self.log.warning(p.message)
        elif p.stage == "epoch":
            self.canvas.add_epoch(m)
            self.log.epoch(p, self.canvas.val_n)
        elif p.stage == "features":  # a cells model reads its training fields' cells first
            self.task.report(p, translate("TrainTab", "Cell features: {0}").format(message))
        else:
            self.task.report(replace(p, message=message))
