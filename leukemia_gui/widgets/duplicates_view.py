"""The Dataset tab's duplicate groups: each group's images side by side with their whole file
names, and "Exclude this copy" for each. Excluding is recorded by the tab in the corrections
file; the image files are never touched."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (QFrame, QGraphicsOpacityEffect, QGridLayout, QLabel, QPushButton,
                               QScrollArea, QSizePolicy, QVBoxLayout, QWidget)

from leukemia_gui.class_names import full_name
from leukemia_gui.widgets.thumbnail_list import load_thumbnail

CARD_WIDTH = 168
THUMB = 120
SPACING = 6
# copies side by side, as many as the width holds; a larger group continues on the next row
MAX_GROUPS = 200  # thumbnails are read in the GUI thread: a folder with thousands is summarised
_ZWSP = "\u200b"


def breakable(name: str, run: int = 12) -> str:
    """``name`` with invisible break points after separators (and inside long runs), so a
    word-wrapped label shows a whole file name on several lines instead of cutting it."""
    out = re.sub(r"([_\-.\s/\\])", "\\1" + _ZWSP, name)
    long_run = r"([^_\-.\s/\\\u200b]{" + str(run) + r"})(?=[^_\-.\s/\\\u200b])"
    return re.sub(long_run, "\\1" + _ZWSP, out)


class DuplicateCard(QFrame):
    """One image of a group: thumbnail, whole file name, class, and its exclude button."""

    def __init__(self, path: Path, label: str, root: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.label = Path(path), label
        self.excluded = False
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(CARD_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        try:
            shown = str(self.path.relative_to(root)) if root is not None else self.path.name
        except ValueError:
            shown = str(self.path)
        self.thumb = QLabel()
        self.thumb.setFixedSize(THUMB + 4, THUMB + 4)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pix = load_thumbnail(self.path, THUMB)
        if pix.isNull():
            self.thumb.setText(self.tr("(cannot be read)"))
        else:
            self.thumb.setPixmap(pix)
        self.name_label = QLabel(breakable(shown))
        self.name_label.setWordWrap(True)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setToolTip(str(self.path))
        inner = CARD_WIDTH - 12 - 2 * self.frameWidth()  # the layout's margins and the frame
        self.name_label.setFixedWidth(inner)  # its height then follows its wrapped lines
        self.name_label.setMinimumHeight(self.name_label.heightForWidth(inner))
        self.class_label = QLabel(full_name(label))
        self.class_label.setStyleSheet("color: palette(placeholder-text);")
        self.class_label.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.exclude_button = QPushButton(self.tr("Exclude this copy"))
        self.exclude_button.setToolTip(self.tr(
            "Leave this image out of training and evaluation: an exclusion is written to the "
            "corrections file. The image file itself is not changed."))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(3)
        lay.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.name_label)
        lay.addWidget(self.class_label)
        lay.addWidget(self.state_label)
        lay.addWidget(self.exclude_button)
        self.set_excluded(False)

    def set_excluded(self, excluded: bool) -> None:
        self.excluded = excluded
        self.exclude_button.setText(self.tr("Include again") if excluded
                                    else self.tr("Exclude this copy"))
        self.state_label.setText(self.tr("Excluded (in the corrections file)") if excluded else "")
        self.state_label.setVisible(excluded)
        self.state_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.thumb.setEnabled(not excluded)
        self.thumb.setStyleSheet("border: 1px solid palette(mid);"
                                 + ("background: palette(window);" if excluded
                                    else "background: palette(base);"))
        if excluded:
            effect = QGraphicsOpacityEffect(self.thumb)
            effect.setOpacity(0.35)
            self.thumb.setGraphicsEffect(effect)
        else:
            self.thumb.setGraphicsEffect(None)


class DuplicatesView(QScrollArea):
    """Groups of exact copies and near duplicates; ``exclude_requested(path, label, exclude)``
    asks the owner to record (``exclude`` True) or withdraw an exclusion."""

    exclude_requested = Signal(object, str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._inner)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.titles: list[QLabel] = []
        self.cards: list[DuplicateCard] = []
        self._grids: list[tuple[QGridLayout, list[DuplicateCard]]] = []
        self._columns = 0
        self.clear(self.tr("Duplicates are listed here after a scan."))

    def clear(self, message: str = "") -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.titles, self.cards, self._grids = [], [], []
        if message:
            note = QLabel(message)
            note.setWordWrap(True)
            note.setStyleSheet("color: palette(placeholder-text);")
            self._layout.addWidget(note)

    def group_count(self) -> int:
        return len(self.titles)

    def show_groups(self, groups: Sequence, root: Path | None, excluded: Iterable[str] = ()) -> None:
        """``groups``: core duplicate groups (``kind``, ``items``, ``cross_class``); ``excluded``:
        paths already excluded in the corrections file."""
        self.clear("" if groups else self.tr("No duplicates found."))
        if groups:
            intro = QLabel(self.tr(
                "The same image (or nearly) under several names inflates a class and can put one "
                "field in both training and test. Keep one copy of each group: exclude the "
                "others. Nothing is deleted; the exclusions go to the corrections file."))
            intro.setWordWrap(True)
            self._layout.addWidget(intro)
        loc = QLocale()
        for group in list(groups)[:MAX_GROUPS]:
            if group.kind == "exact":
                kind = self.tr("Exact copies: {0} files").format(loc.toString(len(group.items)))
            else:
                kind = self.tr("Near duplicates: {0} files").format(loc.toString(len(group.items)))
            if group.cross_class:
                kind += " — " + self.tr("across classes!")
            title = QLabel(f"<b>{kind}</b>")
            title.setWordWrap(True)
            if group.cross_class:
                title.setStyleSheet("color: #b00020;")
            self._layout.addWidget(title)
            self.titles.append(title)
            row = QWidget()
            grid = QGridLayout(row)
            grid.setContentsMargins(0, 0, 0, 8)
            grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.setSpacing(SPACING)
            cards = []
            for item in group.items:
                card = DuplicateCard(item.path, item.label, root)
                card.exclude_button.clicked.connect(
                    lambda _=False, c=card: self.exclude_requested.emit(c.path, c.label,
                                                                        not c.excluded))
                cards.append(card)
            self.cards += cards
            self._grids.append((grid, cards))
            self._layout.addWidget(row)
        if len(groups) > MAX_GROUPS:
            more = QLabel(self.tr("… and {0} more groups, not shown.").format(
                loc.toString(len(groups) - MAX_GROUPS)))
            self._layout.addWidget(more)
        self._columns = 0
        self._arrange()
        self.set_excluded(excluded)

    def columns(self) -> int:
        """How many cards fit side by side in the width shown (at least one)."""
        margins = self._layout.contentsMargins()
        room = self.viewport().width() - margins.left() - margins.right()
        return max(1, (room + SPACING) // (CARD_WIDTH + SPACING))

    def _arrange(self) -> None:
        columns = self.columns()
        if columns == self._columns:
            return
        self._columns = columns
        for grid, cards in self._grids:
            for card in cards:
                grid.removeWidget(card)
            for k, card in enumerate(cards):
                grid.addWidget(card, k // columns, k % columns, Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt API
        super().resizeEvent(event)
        self._arrange()

    def set_excluded(self, excluded: Iterable[str]) -> None:
        """Show which copies the corrections file excludes (``excluded``: resolved paths)."""
        keys = {str(Path(p)) for p in excluded}
        for card in self.cards:
            card.set_excluded(str(card.path.resolve()) in keys)
