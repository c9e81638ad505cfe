"""The keys that mark a label, one map for every place that marks: 1–4 set the class (in
``CLASSES`` order), U "not sure", X or Delete "not a usable field", Backspace clears."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from core.classes import CLASSES
from core.data.corrections import EXCLUDE, UNSURE
from leukemia_gui.class_names import full_name

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")

# (choice, button text, keys); a choice is what CorrectionsFile.set takes as ``corrected``.
# The texts are translated where shown (context "CorrectionKeys").
CHOICE_KEYS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    *((name, name, (str(i),)) for i, name in enumerate(CLASSES, 1)),
    (UNSURE, QT_TRANSLATE_NOOP("CorrectionKeys", "Not sure"), ("U",)),
    (EXCLUDE, QT_TRANSLATE_NOOP("CorrectionKeys", "Not usable"), ("X", "Delete")),
)
CLEAR_KEYS = ("Backspace",)


def _tr(text: str) -> str:
    return translate("CorrectionKeys", text)


def choice_text(choice: str) -> str:
    """How a corrected label reads in a list: the class, "not sure" or "not usable"."""
    if choice == UNSURE:
        return translate("CorrectionKeys", "not sure")
    if choice == EXCLUDE:
        return translate("CorrectionKeys", "not usable")
    return choice


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
    for choice, _text, keys in CHOICE_KEYS:
        if choice in CLASSES:
            title = translate("CorrectionKeys", "Mark as {0}").format(full_name(choice))
        elif choice == UNSURE:
            title = translate("CorrectionKeys", "Mark not sure")
        else:
            title = translate("CorrectionKeys", "Mark not usable")
        action = menu.addAction(f"{title}\t{keys[0]}")
        action.triggered.connect(lambda _=False, c=choice: on_choice(c))
    menu.addSeparator()
    clear_text = translate("CorrectionKeys", "Clear correction")
    clear = menu.addAction(f"{clear_text}\t{CLEAR_KEYS[0]}")
    clear.triggered.connect(lambda _=False: on_choice(None))


def _key_name(key: str) -> str:
    """A key as the keyboard's own language names it (Backspace, Supr...)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) or key


class CorrectionButtonsWidget(QWidget):
    """A row of buttons naming each key; the current correction's button is shown pressed.

    The buttons never take focus, so the keys keep working where the user is.
    """

    chosen = Signal(object)  # a choice, or None to clear

    def __init__(self, parent: QWidget | None = None, title: str | None = None,
                 two_rows: bool = False) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)  # two_rows: the classes, then the rest (a narrow pane)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        layout = QHBoxLayout()
        layout.setSpacing(4)
        outer.addLayout(layout)
        label = QLabel(self.tr("Correct to:") if title is None else title)
        layout.addWidget(label)
        self.buttons: dict[str, QPushButton] = {}
        tips = {UNSURE: self.tr("Looked at, no decision: keep the label, report it"),
                EXCLUDE: self.tr("Not a usable field: leave it out")}
        for choice, text, keys in CHOICE_KEYS:
            shown = _tr(text) if choice in tips else text
            button = QPushButton(f"{keys[0]}  {shown}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tip = tips.get(choice) or full_name(choice)
            keys_text = self.tr(" or ").join(_key_name(k) for k in keys)
            button.setToolTip(self.tr("{0} (key {1})").format(tip, keys_text))
            button.clicked.connect(lambda _=False, c=choice: self.chosen.emit(c))
            if choice == UNSURE and two_rows:
                layout.addStretch(1)
                layout = QHBoxLayout()
                layout.setSpacing(4)
                layout.addSpacing(label.sizeHint().width() + 4)
                outer.addLayout(layout)
            elif choice == UNSURE:
                layout.addSpacing(8)
            layout.addWidget(button)
            self.buttons[choice] = button
        layout.addSpacing(8)
        self.clear_button = QPushButton(self.tr("⌫  Clear"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.setToolTip(self.tr("Remove this image's correction (key {0})")
                                     .format(_key_name(CLEAR_KEYS[0])))
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
