"""Verify a case's fields by keyboard before signing: the uncertain, no-result and unreadable
fields one at a time, the image large, "3 of 7", and a decision on each (accept, reclassify to a
class, exclude; reclassify and exclude need a reason). Every decision is saved at once and goes
to the audit log with the case id (:meth:`core.cases.case.Case.review_field`).

Keys: A accept; 1–4 reclassify (the classes in order, as in the Review tab); X or Delete
exclude; Left/Right (or Up/Down, PgUp/PgDown) move; R the reason box. A decision that needs a
reason and has none puts the cursor in the reason box: type it, Enter saves, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QGridLayout, QHBoxLayout, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from core.cases.case import Case
from core.cases.cell_counts import BLAST_CLASSES
from core.cases.validation import CaseError
from core.classes import CLASSES
from core.data.corrections import EXCLUDE
from core.text import safe_display
from leukemia_gui.class_names import full_name
from leukemia_gui.flag_text import record_reason
from leukemia_gui.error_text import error_text
from leukemia_gui.widgets.correction_keys import CHOICE_KEYS
from leukemia_gui.widgets.image_view import ImageViewWidget
from leukemia_gui.i18n import fixed

ACCEPT_KEYS = ("A",)
MOVES = (("Left", -1), ("Up", -1), ("PgUp", -1), ("Right", 1), ("Down", 1), ("PgDown", 1))


def flagged(case: Case) -> list[int]:
    """The fields that need a person (no result and unreadable first, then uncertain)."""
    return [i for i in case.ordered()
            if case.fields[i].uncertain or case.fields[i].no_result or case.fields[i].error]


class CaseReviewDialog(QDialog):
    """``save`` writes the case after each decision (the panel's save_case)."""

    reviewed = Signal(int)  # the field's index, after its decision was saved

    def __init__(self, case: Case, audit: Any, save: Callable[[], Any],
                 parent: QWidget | None = None, every_field: bool = False) -> None:
        super().__init__(parent)
        self.case, self.audit, self._save = case, audit, save
        self.queue = list(range(len(case.fields))) if every_field else flagged(case)
        self.pos = 0
        self.pending: tuple[str, str | None] | None = None
        self.setWindowTitle(self.tr("Verify case {0}").format(safe_display(case.case_id)))
        self._build()
        self._install_keys()
        left = [p for p, i in enumerate(self.queue) if case.fields[i].review is None]
        self.go(left[0] if left else 0)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.progress = QLabel()
        self.progress.setStyleSheet("QLabel { font-weight: bold; }")
        self.image = ImageViewWidget(placeholder=self.tr("No image"))
        self.image.setMinimumSize(480, 360)
        self.image.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems(["", self.tr("out of focus"), self.tr("no white cells in the field"),
                              self.tr("stain or smear artefact"),
                              self.tr("class read by eye at higher magnification"),
                              self.tr("not a peripheral blood smear")])
        self.reason.lineEdit().setPlaceholderText(self.tr("reason (needed to reclassify or exclude)"))
        self.reason.lineEdit().returnPressed.connect(self._on_reason_return_pressed)
        self.accept_button = QPushButton(self.tr("A  Accept"))
        self.accept_button.setToolTip(self.tr("The model's reading stands (key A)"))
        self.class_buttons: dict[str, QPushButton] = {}
        keys_row = QHBoxLayout()
        keys_row.addWidget(self.accept_button)
        keys_row.addSpacing(8)
        keys_row.addWidget(QLabel(self.tr("Reclassify:")))
        for i, c in enumerate(CLASSES, 1):
            b = QPushButton(f"{i}  {c}")
            b.setToolTip(self.tr("Reclassify as {0} (key {1}); needs a reason").format(full_name(c), i))
            b.clicked.connect(lambda _=False, c=c: self.act("reclassify", c))
            self.class_buttons[c] = b
            keys_row.addWidget(b)
        keys_row.addSpacing(8)
        self.exclude_button = QPushButton(self.tr("X  Exclude"))
        self.exclude_button.setToolTip(self.tr("Leave this field out of the case (key X or Delete); "
                                               "needs a reason"))
        keys_row.addWidget(self.exclude_button)
        keys_row.addStretch(1)
        self.prev_button, self.next_button = QPushButton(self.tr("← Previous")), QPushButton(self.tr("Next →"))
        self.close_button = QPushButton(self.tr("Close"))
        for b in (self.accept_button, self.exclude_button, self.prev_button, self.next_button,
                  self.close_button, *self.class_buttons.values()):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setAutoDefault(False)
        self.accept_button.clicked.connect(lambda: self.act("accept"))
        self.exclude_button.clicked.connect(lambda: self.act("exclude"))
        self.prev_button.clicked.connect(lambda: self.move(-1))
        self.next_button.clicked.connect(lambda: self.move(1))
        self.close_button.clicked.connect(self.accept)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.keys_hint = QLabel(self.tr("Keys: A accept · 1–4 reclassify · X or Delete exclude · "
                                        "← → move · R reason · Esc close"))
        self.keys_hint.setStyleSheet("QLabel { color: #666; }")
        side = QGridLayout()
        side.addWidget(self.info, 0, 0, 1, 2)
        side.addWidget(QLabel(self.tr("Reason")), 1, 0)
        side.addWidget(self.reason, 1, 1)
        side.addWidget(self.keys_hint, 2, 0, 1, 2)
        self.keys_hint.setWordWrap(True)
        side.setRowStretch(3, 1)
        body = QHBoxLayout()
        body.addWidget(self.image, 3)
        side_box = QWidget()
        side_box.setLayout(side)
        side_box.setMinimumWidth(260)
        body.addWidget(side_box, 2)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.progress)
        lay.addLayout(body, 1)
        lay.addLayout(keys_row)
        lay.addWidget(self.status)
        lay.addLayout(nav)
        self.resize(980, 640)

    def _install_keys(self) -> None:
        self.shortcuts: list[QShortcut] = []

        def add(key: str, slot: Callable[[], Any]) -> None:
            s = QShortcut(QKeySequence(key), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            s.activated.connect(slot)
            self.shortcuts.append(s)

        for key in ACCEPT_KEYS:
            add(key, lambda: self.act("accept"))
        for choice, _text, keys in CHOICE_KEYS:
            for key in keys:
                if choice in CLASSES:
                    add(key, lambda c=choice: self.act("reclassify", c))
                elif choice == EXCLUDE:
                    add(key, lambda: self.act("exclude"))
        for key, step in MOVES:
            add(key, lambda s=step: self.move(s))
        add("Home", lambda: self.go(0))
        add("End", lambda: self.go(len(self.queue) - 1))
        add("R", self.reason.setFocus)

    # ------------------------------------------------------------------ actions

    def current(self) -> int | None:
        return self.queue[self.pos] if 0 <= self.pos < len(self.queue) else None

    def go(self, pos: int) -> None:
        if self.queue:
            self.pos = max(0, min(len(self.queue) - 1, pos))
        self.pending = None
        self._show()

    def move(self, step: int) -> None:
        self.go(self.pos + step)

    def act(self, action: str, label: str | None = None) -> bool:
        """Decide on the current field; False when nothing was saved (a reason is asked for,
        the case is signed, or the case refused the decision: the status says why)."""
        index = self.current()
        if index is None or self.case.signed:
            return False
        reason = self.reason.currentText().strip()
        if action != "accept" and not reason:
            self.pending = (action, label)
            what = (self.tr("Exclude") if action == "exclude"
                    else self.tr("Reclassify as {0}").format(label))
            self.status.setText(self.tr("{0}: type the reason, then Enter (Esc: cancel).").format(what))
            self.reason.setFocus()
            return False
        try:
            self.case.review_field(index, action, label=label, reason=reason, audit=self.audit)
            self._save()
        except (CaseError, OSError) as exc:
            self.status.setText(self.tr("Not saved: {0}").format(safe_display(error_text(exc))))
            return False
        self.pending = None
        self.reason.setEditText("")
        done = {"accept": self.tr("accepted"), "exclude": self.tr("excluded")}.get(
            action, self.tr("reclassified as {0}").format(label))
        self.reviewed.emit(index)
        self._advance()
        self.status.setText(self.tr("Field {0}: {1}.").format(index + 1, done))
        self.image.setFocus()
        return True

    def _advance(self) -> None:
        """To the next field without a decision (after this one, then from the start)."""
        order = list(range(self.pos + 1, len(self.queue))) + list(range(self.pos + 1))
        left = [p for p in order if self.case.fields[self.queue[p]].review is None]
        self.go(left[0] if left else self.pos)

    def reject(self) -> None:  # Esc
        if self.pending is not None:
            self.pending = None
            self.status.setText(self.tr("Cancelled; nothing saved."))
            self.image.setFocus()
            return
        super().reject()

    def _on_reason_return_pressed(self) -> None:
        if self.pending is not None:
            action, label = self.pending
            self.act(action, label)

    # ------------------------------------------------------------------ state

    def _show(self) -> None:
        signed = self.case.signed
        for b in (self.accept_button, self.exclude_button, *self.class_buttons.values()):
            b.setEnabled(not signed and bool(self.queue))
        self.reason.setEnabled(not signed)
        index = self.current()
        done = sum(self.case.fields[i].review is not None for i in self.queue)
        if index is None:
            self.progress.setText(self.tr("No uncertain or no-result fields: nothing to verify."))
            self.info.setText("")
            self.image.set_image(None)
            return
        self.progress.setText(self.tr("Field {0} of {1} · {2} decided, {3} to go").format(
            self.pos + 1, len(self.queue), done, len(self.queue) - done)
            + (self.tr(" · signed: read-only (make a new version to change it)") if signed else ""))
        self.prev_button.setEnabled(self.pos > 0)
        self.next_button.setEnabled(self.pos < len(self.queue) - 1)
        f = self.case.fields[index]
        self._show_image(f)
        if f.error:
            model = self.tr("unreadable: {0}").format(safe_display(f.error))
        elif f.no_result:
            model = self.tr("no result (unlike the training images)")
        else:
            model = self.tr("{0}, confidence {1} %").format(
                full_name(f.model_label or ""), fixed((f.confidence or 0) * 100, 1))
            if f.uncertain:
                model += self.tr(" · uncertain")
        lines = [self.tr("#{0} {1}").format(index + 1, safe_display(f.name)),
                 self.tr("Model: {0}").format(model)]
        why = record_reason(f.result)  # in the interface language
        if why:
            lines.append(self.tr("Why flagged: {0}").format(safe_display(why)))
        if f.cell_count is not None:
            lines.append(self.tr("White cells found: {0}").format(f.cell_count))
        mine = f.cell_classes
        if mine is not None:
            shown = ", ".join(f"{c} {n}" for c, n in mine.items() if n) or "–"
            lines.append(self.tr("The model's class of each cell: {0} ({1} blasts)").format(
                shown, sum(mine[c] for c in BLAST_CLASSES)))
            lines.append(self.tr("Reclassifying the field keeps these cell classes in the case's "
                                 "count; excluding it takes its cells out."))
        r = f.review
        if r:
            act = {"accept": self.tr("accepted"), "exclude": self.tr("excluded"),
                   "reclassify": self.tr("reclassified as {0}").format(r.get("label"))}.get(
                r.get("action"), str(r.get("action")))
            lines.append(self.tr("Decision: {0} by {1}").format(act, safe_display(r.get("by", "")))
                         + (f" — {safe_display(r['reason'])}" if r.get("reason") else ""))
        else:
            lines.append(self.tr("Decision: none yet"))
        self.info.setText("\n".join(lines))

    def _show_image(self, f: Any) -> None:
        from core.data.images import ImageError, load_rgb

        try:
            rgb = load_rgb(f.path)
        except (ImageError, OSError, ValueError) as exc:
            self.image.set_image(None)
            self.image.set_placeholder(self.tr("Cannot show the image: {0}").format(
                safe_display(error_text(exc))))
            return
        self.image.set_image(rgb)
        self.image.set_boxes([c.box for c in f.cells])
