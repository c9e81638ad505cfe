"""The Train tab's "Export corrected copy…": write a copy of the chosen data with a corrections
file applied, in the background, and say in the tab's log what became of each correction. Its
words are the Train tab's (translation context ``TrainTab``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.data.corrected import ExportResult
from core.progress import Progress
from leukemia_gui.tabs.train_text import corrections_summary, outcome_line

if TYPE_CHECKING:
    from leukemia_gui.tabs.train_tab import TrainTab

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


class CorrectedCopyExport(QObject):
    """Runs the export on ``tab``'s task runner and progress widget, and logs to its log."""

    def __init__(self, tab: TrainTab) -> None:
        super().__init__(tab)
        self.tab = tab

    def ask_and_export(self) -> None:
        """Ask for a folder (a new, named one inside it when it is not empty) and export there."""
        tab = self.tab
        data, corrections = tab.settings.data_path(), tab.settings.corrections_path()
        if data is None or corrections is None:
            QMessageBox.warning(tab, translate("TrainTab", "Export corrected copy"),
                                translate("TrainTab", "Choose the data and a corrections file first."))
            return
        folder = QFileDialog.getExistingDirectory(tab, translate("TrainTab", "Folder for the corrected copy"),
                                                  tab.context.folder("export"))
        if not folder:
            return
        tab.context.remember_folder("export", folder)
        out = Path(folder)
        if any(out.iterdir()):  # a new, named folder inside a non-empty one
            out = out / f"{data.stem}-corrected-{datetime.now():%Y%m%d-%H%M%S}"
        self.export(out)

    def export(self, out_dir: Path | str) -> bool:
        """Write a corrected copy of the chosen data into ``out_dir`` (in the background)."""
        from core.data.corrected import export_corrected_copy

        tab = self.tab
        data, corrections = tab.settings.data_path(), tab.settings.corrections_path()
        if tab.is_busy() or data is None or corrections is None:
            return False
        tab.runner.start(export_corrected_copy, data, corrections, out_dir,
                         on_done=self._on_done, on_failed=self._on_failed,
                         on_cancelled=self._on_cancelled, on_progress=self._on_progress)
        tab.set_running(True)
        tab.task.begin(translate("TrainTab", "Writing a corrected copy of {0} to {1}…").format(
            data.name, out_dir))
        tab.log_line(translate("TrainTab", "Exporting a corrected copy of {0} with {1} to {2}").format(
            data, corrections, out_dir))
        return True

    def _on_progress(self, p: Progress) -> None:
        self.tab.task.report(p, translate("TrainTab", "Writing the corrected copy: {0} of {1} — {2}").format(
            p.done, p.total, p.message))

    def _on_done(self, result: ExportResult) -> None:
        tab = self.tab
        tab.set_running(False)
        counts = ", ".join(f"{c} {n}" for c, n in result.counts.items())
        tab.task.end(translate("TrainTab", "Corrected copy written to {0} ({1})").format(result.out_dir, counts))
        tab.log_line(translate("TrainTab", "Corrected copy: {0} ({1}); {2}").format(
            result.out_dir, counts, corrections_summary(result.report)))
        for o in result.report.skipped + result.report.by_action("not_in_data"):
            tab.log_line(outcome_line(o))

    def _on_failed(self, message: str) -> None:
        self.tab.set_running(False)
        self.tab.task.end(translate("TrainTab", "Export failed: {0}").format(message), ok=False)
        self.tab.log_line(translate("TrainTab", "Export FAILED: {0}").format(message))

    def _on_cancelled(self) -> None:
        self.tab.set_running(False)
        self.tab.task.end(translate("TrainTab", "Export cancelled; nothing was written."), ok=False)
        self.tab.log_line(translate("TrainTab", "Export cancelled; nothing was written."))
