"""The audit log in the app: its records filtered by case id and date, and whether its hash
chain verifies (core.inference.audit.verify_log)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from core.inference.audit import AuditLog, verify_log
from core.text import safe_display

COLUMNS = ("Time (UTC)", "User", "Case", "Step / class", "File", "Detail")


def _columns() -> list[str]:
    return [QCoreApplication.translate("AuditViewer", "Time (UTC)"),
            QCoreApplication.translate("AuditViewer", "User"),
            QCoreApplication.translate("AuditViewer", "Case"),
            QCoreApplication.translate("AuditViewer", "Step / class"),
            QCoreApplication.translate("AuditViewer", "File"),
            QCoreApplication.translate("AuditViewer", "Detail")]


def _row(rec: dict) -> list[str]:
    event = rec.get("event")
    if event:
        detail = ", ".join(f"{k} {rec[k]}" for k in ("action", "label", "reason", "role", "file")
                           if rec.get(k))
        what, path = str(event), ""
    else:
        what = str(rec.get("label") or rec.get("result") or "")
        path = str(rec.get("path") or "")
        detail = QCoreApplication.translate("AuditViewer", "model {0}").format(rec.get("model_id", ""))
    return [str(rec.get("time", ""))[:19].replace("T", " "), str(rec.get("user", "")),
            str(rec.get("case_id", "")), what, path, detail]


class AuditViewer(QDialog):
    def __init__(self, path: Path | str, case_id: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audit log"))
        self.path = Path(path)
        self.case_filter = QLineEdit(case_id, placeholderText=self.tr("case id"))
        self.date_filter = QLineEdit(placeholderText=self.tr("date YYYY-MM-DD (or its start)"))
        self.chain = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(_columns())
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Case")))
        top.addWidget(self.case_filter)
        top.addWidget(QLabel(self.tr("Date")))
        top.addWidget(self.date_filter)
        top.addWidget(self.chain, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.case_filter.textChanged.connect(self.refresh)
        self.date_filter.textChanged.connect(self.refresh)
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        try:
            check = verify_log(self.path)
            states = {"verified": self.tr("OK"), "empty": self.tr("OK"),
                      "unchained": self.tr("UNCHAINED"), "altered": self.tr("ALTERED")}
            state = states.get(check.state, check.summary().split(":", 1)[0])
            self.chain.setText(f"<b>{state}</b>: " + (self.tr("hash chain intact")
                                                     if check.state == "verified"
                                                     else safe_display(check.problem or check.state)))
            self.chain.setStyleSheet("" if check.ok else "color:#c92a2a")
            records = AuditLog(self.path).read()
        except OSError as exc:
            self.chain.setText(self.tr("cannot read the log ({0})").format(
                safe_display(exc.strerror or str(exc))))
            records = []
        case, day = self.case_filter.text().strip(), self.date_filter.text().strip()
        shown = [r for r in records if (not case or r.get("case_id") == case)
                 and (not day or str(r.get("time", "")).startswith(day))]
        self.table.setRowCount(len(shown))
        for i, rec in enumerate(shown):
            for j, value in enumerate(_row(rec)):
                self.table.setItem(i, j, QTableWidgetItem(safe_display(value)))
        self.table.resizeColumnsToContents()
