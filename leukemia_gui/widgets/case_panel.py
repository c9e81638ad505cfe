"""The case panel: new or open a case, its id, operator and specimen date, add the classified
fields, verify the flagged ones (:class:`CaseReviewDialog`), sign (a second signature is
optional), save the report as PDF or print it (all the rules are :mod:`core.cases.case`'s;
this is only the form).

A signed case is shown read-only: its details, the add and verify buttons are disabled until
a new version is made (the signed one is kept in the file). Every step goes to the app's audit
log with the case id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Callable

from PySide6.QtWidgets import (QFileDialog, QGridLayout, QGroupBox, QInputDialog, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QWidget)

from core.cases.case import Case, model_facts
from core.cases.store import load_case, save_case
from core.cases.validation import CaseError, default_operator
from core.inference.audit import AuditLog
from core.text import safe_display
from leukemia_gui.error_text import error_text
from leukemia_gui.export_paths import confirm_output_file
from leukemia_gui.i18n import fixed


class CasePanel(QGroupBox):
    """``predictions``: the Classify tab's current results (core.inference.predictor.Prediction list)."""

    def __init__(self, context: Any, predictions: Callable[[], list], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Case"))
        self.context, self._predictions = context, predictions
        self.case: Case | None = None
        self.case_id = QLineEdit(placeholderText=self.tr("case identifier (pseudonymous)"))
        self.operator = QLineEdit(default_operator(), placeholderText=self.tr("operator"))
        self.specimen = QLineEdit(placeholderText=self.tr("specimen date YYYY-MM-DD"))
        self.status = QLabel(self.tr("No case open"))
        self.status.setWordWrap(True)
        # the cells the model classified and the percentage of blasts (a model that reads
        # cells), or why there is none
        self.blasts = QLabel()
        self.blasts.setStyleSheet("QLabel { font-weight: bold; }")
        self.cell_notes = QLabel()
        self.cell_notes.setWordWrap(True)
        self.cell_notes.setStyleSheet("QLabel { color: #555; }")
        self.new_button, self.open_button = QPushButton(self.tr("New case")), QPushButton(self.tr("Open…"))
        self.add_button, self.sign_button = QPushButton(self.tr("Add results")), QPushButton(self.tr("Sign…"))
        self.review_button = QPushButton(self.tr("Verify fields…"))
        self.review_button.setToolTip(self.tr("Go through the uncertain and no-result fields by "
                                              "keyboard: accept, reclassify or exclude each"))
        self.version_button = QPushButton(self.tr("New version…"))
        self.version_button.setToolTip(self.tr("Change a signed case: the signed version is kept"))
        self.report_button = QPushButton(self.tr("Save PDF…"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.log_button = QPushButton(self.tr("Audit log…"))
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("Case ID")), 0, 0)
        grid.addWidget(self.case_id, 0, 1)
        grid.addWidget(QLabel(self.tr("Operator")), 0, 2)
        grid.addWidget(self.operator, 0, 3)
        grid.addWidget(QLabel(self.tr("Specimen date")), 0, 4)
        grid.addWidget(self.specimen, 0, 5)
        for k, b in enumerate((self.new_button, self.open_button, self.add_button,
                               self.review_button, self.log_button)):
            grid.addWidget(b, 1, k)
        for k, b in enumerate((self.sign_button, self.version_button, self.report_button,
                               self.print_button)):
            grid.addWidget(b, 2, k)
        grid.addWidget(self.status, 3, 0, 1, 6)
        grid.addWidget(self.blasts, 4, 0, 1, 6)
        grid.addWidget(self.cell_notes, 5, 0, 1, 6)
        self.log_button.clicked.connect(self.show_log)
        self.new_button.clicked.connect(self._ask_new)
        self.open_button.clicked.connect(self._ask_open)
        self.add_button.clicked.connect(lambda: self._guarded(self.add_results))
        self.sign_button.clicked.connect(self._ask_sign)
        self.report_button.clicked.connect(self._ask_report)
        self.print_button.clicked.connect(self._ask_print)
        self.review_button.clicked.connect(self._ask_review)
        self.version_button.clicked.connect(self._ask_new_version)
        self._refresh()

    # ------------------------------------------------------------------ actions (no dialogs)

    @property
    def audit(self) -> AuditLog:
        return AuditLog(self.context.audit_path)

    def lab_name(self) -> str:
        return str(self.context.settings.value("report/lab", "", type=str) or "")

    def new_case(self, folder: Path | str) -> Case:
        case = Case(self.case_id.text(), self.specimen.text(), self.operator.text())
        case.started(self.audit)
        save_case(case, folder=folder)
        self.case = case
        self._refresh()
        return case

    def open_case(self, path: Path | str) -> Case:
        self.case = load_case(path)
        self._refresh()
        return self.case

    def add_results(self) -> int:
        if self.case is None:
            raise CaseError("open or make a case first", "app.no_case")
        bundle = getattr(self.context, "bundle", None)
        preds = [p for p in self._predictions() if getattr(p, "path", None)]
        added = self.case.add_predictions(preds, model_id=getattr(bundle, "model_id", ""),
                                          model=model_facts(bundle) if bundle else None,
                                          audit=self.audit)
        save_case(self.case)
        self._refresh()
        return len(added)

    def sign(self, name: str) -> None:
        if self.case is None:
            raise CaseError("open or make a case first", "app.no_case")
        self.case.sign(name, audit=self.audit)
        save_case(self.case)
        self._refresh()

    def review_dialog(self, every_field: bool = False) -> Any:
        """The verification dialog over this case (each decision saved at once)."""
        from leukemia_gui.widgets.case_review_dialog import CaseReviewDialog

        if self.case is None:
            raise CaseError("open or make a case first", "app.no_case")
        dialog = CaseReviewDialog(self.case, self.audit, lambda: save_case(self.case), self,
                                  every_field=every_field)
        dialog.reviewed.connect(lambda _i: self._refresh())
        return dialog

    def new_version(self, reason: str) -> None:
        if self.case is None:
            raise CaseError("open or make a case first", "app.no_case")
        self.case.new_version(reason, by=self.operator.text() or None, audit=self.audit)
        save_case(self.case)
        self._refresh()

    def report_pages(self) -> list:
        """The report's A4 pages (the same the PDF is written from), for the printer."""
        from core.cases.report import build_pages

        if self.case is None:
            raise CaseError("open or make a case first", "app.no_case")
        return build_pages(self.case, lab=self.lab_name())

    def print_report(self, printer: Any) -> int:
        """Print the report on ``printer`` (a QPrinter); the sheets printed. Recorded in the
        case's trail and the audit log like a saved report."""
        from leukemia_gui.widgets.report_printer import print_pages

        sheets = print_pages(self.report_pages(), printer)
        if sheets:
            self._record_print(printer.printerName() or printer.outputFileName(), sheets)
        return sheets

    def _record_print(self, where: str, sheets: int) -> None:
        from core.cases.validation import now_iso

        case = self.case
        assert case is not None
        case.trail.append({"event": "print", "time": now_iso(), "user": case.operator,
                           "version": case.version, "file": safe_display(where)})
        self.audit.record_event("case.print", case_id=case.case_id, user=case.operator or None,
                                version=case.version, file=safe_display(where), pages=sheets,
                                signed=case.signed)
        save_case(case)
        self._refresh()

    def write_report(self, path: Path | str, force: bool = False) -> Path:
        from core.cases.report import write_case_report

        if self.case is None:
            raise CaseError("open or make a case first", "app.no_case")
        out = write_case_report(self.case, path, lab=self.lab_name(), force=force, audit=self.audit)
        save_case(self.case)
        self._refresh()
        return out

    def show_log(self) -> Any:
        """The audit log, filtered by this case, with the chain's state."""
        from leukemia_gui.widgets.audit_viewer import AuditViewer

        viewer = AuditViewer(self.context.audit_path, self.case.case_id if self.case else "", self)
        viewer.show()
        return viewer

    # ------------------------------------------------------------------ dialogs

    def _guarded(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except (CaseError, OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Case"), safe_display(error_text(exc)))
            return None

    def _cases_folder(self) -> str:
        return self.context.settings.value("cases/folder", "", type=str) or ""

    def _ask_new(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Cases folder"), self._cases_folder())
        if folder:
            self.context.settings.setValue("cases/folder", folder)
            self._guarded(lambda: self.new_case(folder))

    def _ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open case"), self._cases_folder(),
                                              self.tr("Cases (*.case.json)"))
        if path:
            self._guarded(lambda: self.open_case(path))

    def _ask_sign(self) -> None:
        if self.case is None:
            return
        second = self.case.signed
        prompt = (self.tr("Countersign case {0} (version {1}) as:") if second else
                  self.tr("Sign case {0} (version {1}) as:\nThe time is recorded; the case "
                          "becomes read-only.")).format(self.case.case_id, self.case.version)
        name, ok = QInputDialog.getText(self, self.tr("Second signature") if second else
                                        self.tr("Sign case"), prompt,
                                        text="" if second else self.case.operator)
        if ok and name:
            self._guarded(lambda: self.sign(name))

    def _ask_review(self) -> None:
        dialog = self._guarded(self.review_dialog)
        if dialog is not None:
            dialog.exec()
            self._refresh()

    def _ask_new_version(self) -> None:
        if self.case is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("New version"), self.tr("Why does signed case {0} need a change? "
                                                  "(version {1} stays in the file as signed)")
            .format(self.case.case_id, self.case.version))
        if ok:
            self._guarded(lambda: self.new_version(reason))

    def _ask_report(self) -> None:
        if self.case is None:
            return
        start = str(Path(self._cases_folder() or ".") / f"{self.case.case_id}-v{self.case.version}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), start,
                                              self.tr("PDF (*.pdf)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        inputs = [f.path for f in self.case.fields] + ([self.case.path] if self.case.path else [])
        # an existing file: asked here (replace, keep both, cancel); only then replaced
        target = self._guarded(lambda: confirm_output_file(self, path, ".pdf", "report", inputs))
        if target is not None:
            self._guarded(lambda: self.write_report(target, force=True))

    def _ask_print(self) -> None:
        from leukemia_gui.widgets.report_printer import print_with_dialog

        if self.case is None:
            return
        title = self.tr("Print case {0}").format(self.case.case_id)
        sheets = self._guarded(lambda: print_with_dialog(self, self.report_pages, title))
        if sheets:
            self._guarded(lambda: self._record_print("printer", sheets))

    # ------------------------------------------------------------------ state

    def _verdict_text(self, s: Any) -> str:
        """The case reading (a core.inference.result.CaseSummary) in the interface language."""
        from leukemia_gui.class_names import full_name

        parts = []
        if s.label is None:
            parts.append(self.tr("no case reading"))
        else:
            conf = fixed(100 * s.confidence, 1)
            basis = (self.tr("mean over {0} confident field(s)").format(s.voting) if s.voting
                     else self.tr("all {0} field(s) uncertain, mean over all").format(s.fields))
            parts.append(self.tr("{0} {1} % ({2}); {3} of {4} field(s) agree").format(
                full_name(s.label), conf, basis, s.agree, s.fields))
        if s.uncertain_fields and s.voting:
            parts.append(self.tr("{0} uncertain not counted").format(s.uncertain_fields))
        if s.no_result:
            parts.append(self.tr("{0} with no result").format(s.no_result))
        if s.errors:
            parts.append(self.tr("{0} unreadable").format(s.errors))
        text = "; ".join(parts)
        return text + (self.tr(" — UNCERTAIN") if s.uncertain and s.label is not None else "")

    def _cells_text(self, case: Case) -> tuple[str, str]:
        """The blast line and the notes under it (core.cases.cell_counts says what counts)."""
        t = case.cell_counts()
        if not t.available:
            return (self.tr("Blasts: not available (this model classifies whole fields, not "
                            "cells)"), "")
        frac, ci = t.blast_fraction, t.blast_ci95
        if frac is None or ci is None:
            head = self.tr("Blasts: no classified white cell in the included fields")
        else:
            head = self.tr("Blasts {0} % ({1} of {2} cells; 95 % CI {3}–{4} %)").format(
                fixed(100 * frac, 1), t.blasts, t.total,
                fixed(100 * ci[0], 1), fixed(100 * ci[1], 1))
        notes = [self.tr("Cells per class: {0} ({1} in {2} included field(s)); blasts are the "
                         "cells classified Early, Pre or Pro (Benign: hematogones)").format(
            ", ".join(f"{c} {n}" for c, n in t.per_class.items()), t.total, t.fields)]
        if t.reclassified_cells:
            notes.append(self.tr("{0} of the cells ({1} blasts) are in {2} reclassified field(s): "
                                 "counted as the model classified them").format(
                t.reclassified_cells, t.reclassified_blasts, t.reclassified_fields))
        if t.unclassified:
            notes.append(self.tr("{0} cell(s) beyond the model's limit per field not classified, "
                                 "not counted").format(t.unclassified))
        return head, "\n".join(notes)

    def _refresh(self) -> None:
        case = self.case
        signed = bool(case and case.signed)
        if case is not None:
            self.case_id.setText(case.case_id)
            self.operator.setText(case.operator)
            self.specimen.setText(case.specimen_date)
        for w in (self.case_id, self.operator, self.specimen):
            w.setReadOnly(case is not None)
        self.add_button.setEnabled(case is not None and not signed)
        self.review_button.setEnabled(case is not None and not signed and bool(case.fields))
        self.sign_button.setEnabled(case is not None and len(case.signatures) < 2)
        self.sign_button.setText(self.tr("Second signature…") if signed else self.tr("Sign…"))
        self.version_button.setEnabled(signed)
        self.report_button.setEnabled(case is not None)
        self.print_button.setEnabled(case is not None)
        if case is None:
            self.status.setText(self.tr("No case open: give an identifier and press New case, or open one"))
            self.blasts.setText("")
            self.cell_notes.setText("")
            return
        s = case.summary()
        who = ", ".join(x["name"] for x in case.signatures)
        left = case.unreviewed()
        if signed:
            state = self.tr("SIGNED by {0} (read-only)").format(who)
        elif left:
            state = self.tr("not signed, {0} flagged field(s) to review").format(len(left))
        else:
            state = self.tr("not signed")
        per_cell = case.cell_counts().available  # then the cells' own classes are shown below
        cells = [self.tr("{0} {1} field(s)").format(c, v["fields"]) if per_cell else
                 self.tr("{0} {1} field(s), {2} cells").format(c, v["fields"], v["cells"] or 0)
                 for c, v in case.class_counts().items() if v["fields"]]
        head, notes = self._cells_text(case) if case.fields else ("", "")
        self.blasts.setText(head)
        self.cell_notes.setText(notes)
        self.status.setText(self.tr("Case {0} v{1}: {2} field(s); {3}; {4}").format(
            case.case_id, case.version, len(case.fields),
            self._verdict_text(s) if case.fields else self.tr("no fields yet"), state)
            + ("\n" + self.tr("Per class: {0}").format("; ".join(cells)) if cells else ""))
