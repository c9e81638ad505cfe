"""The keys that mark a label, one map for every place that marks: 1–4 set the class (in
``CLASSES`` order), U "not sure", X or Delete "not a usable field", Backspace clears."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QWidget

from core.classes import CLASSES, FULL_NAMES
from core.data.corrections import EXCLUDE, UNSURE

# (choice, button text, keys); a choice is what CorrectionsFile.set takes as ``corrected``.
CHOICE_KEYS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    *((name, name, (str(i),)) for i, name in enumerate(CLASSES, 1)),
    (UNSURE, "Not sure", ("U",)),
    (EXCLUDE, "Not usable", ("X", "Delete")),
)
CLEAR_KEYS = ("Backspace",)
KEY_HELP = "1–4 class · U not sure · X/Del not a usable field · Backspace clear"


def choice_text(choice: str) -> str:
    """How a corrected label reads in a list: the class, "not sure" or "not usable"."""
    return {UNSURE: "not sure", EXCLUDE: "not usable"}.get(choice, choice)


def add_correction_shortcuts(target: QWidget, on_choice: Callable[[str | None], None],
                             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
                             ) -> list[QShortcut]:
    """Keys on ``target`` that call ``on_choice(choice)``; Backspace calls ``on_choice(None)``."""
    made = []
    for choice, _text, keys in CHOICE_KEYS:
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), target, context=context)
            shortcut.activated.connect(lambda c=choice: on_choice(c))
            made.append(shortcut)
    for key in CLEAR_KEYS:
        shortcut = QShortcut(QKeySequence(key), target, context=context)
        shortcut.activated.connect(lambda: on_choice(None))
        made.append(shortcut)
    return made


def add_correction_actions(menu: QMenu, on_choice: Callable[[str | None], None]) -> None:
    """Menu entries for every choice (with their key shown) and one to clear."""
    for choice, text, keys in CHOICE_KEYS:
        title = f"Mark as {FULL_NAMES[choice]}" if choice in CLASSES else f"Mark {text.lower()}"
        action = menu.addAction(f"{title}\t{keys[0]}")
        action.triggered.connect(lambda _=False, c=choice: on_choice(c))
    menu.addSeparator()
    clear = menu.addAction(f"Clear correction\t{CLEAR_KEYS[0]}")
    clear.triggered.connect(lambda _=False: on_choice(None))


class CorrectionButtonsWidget(QWidget):
    """A row of buttons naming each key; the current correction's button is shown pressed.

    The buttons never take focus, so the keys keep working where the user is.
    """

    chosen = Signal(object)  # a choice, or None to clear

    def __init__(self, parent: QWidget | None = None, title: str = "Correct to:") -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(QLabel(title))
        self.buttons: dict[str, QPushButton] = {}
        for choice, text, keys in CHOICE_KEYS:
            button = QPushButton(f"{keys[0]}  {text}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tip = FULL_NAMES.get(choice, {UNSURE: "Looked at, no decision: keep the label, report it",
                                          EXCLUDE: "Not a usable field: leave it out"}.get(choice, text))
            button.setToolTip(f"{tip} (key {' or '.join(keys)})")
            button.clicked.connect(lambda _=False, c=choice: self.chosen.emit(c))
            if choice == UNSURE:
                layout.addSpacing(8)
            layout.addWidget(button)
            self.buttons[choice] = button
        layout.addSpacing(8)
        self.clear_button = QPushButton("⌫  Clear")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.setToolTip("Remove this image's correction (key Backspace)")
        self.clear_button.clicked.connect(lambda _=False: self.chosen.emit(None))
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.shortcuts: list[QShortcut] = []

    def attach_keys(self, target: QWidget,
                    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> None:
        """Make the keys work anywhere in ``target`` (as if the buttons were pressed)."""
        self.shortcuts = add_correction_shortcuts(target, self.chosen.emit, context)

    def show_current(self, choice: str | None) -> None:
        """Press the button of the saved correction (none: all released)."""
        for c, button in self.buttons.items():
            button.setChecked(c == choice)
        self.clear_button.setEnabled(choice is not None)

    def set_enabled(self, enabled: bool) -> None:
        self.setEnabled(enabled)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(enabled)
