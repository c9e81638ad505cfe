"""A tab widget whose pages scroll instead of forcing the window larger than the screen.

Each page is placed in a frameless :class:`QScrollArea`; on a small screen (1024×600, or
1366×768 at 125 %/150 % scaling) a page taller or wider than the window gets scroll bars, and
the window's minimum size stays small. ``widget``/``currentWidget``/``setCurrentWidget``/
``indexOf`` take and return the pages themselves, never their scroll areas.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QWidget


class PageScrollArea(QScrollArea):
    """Holds one page at the viewport's size, never smaller than the page's minimum size.

    (``widgetResizable`` would size a page whose layout has a height-for-width, word-wrapped
    labels, to its *preferred* height, so it would scroll where it fits.)
    """

    def __init__(self, page: QWidget, parent: QWidget | None = None,
                 height_for_width: bool = False) -> None:
        super().__init__(parent)
        self.height_for_width = height_for_width  # see scrolled()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(page)
        page.installEventFilter(self)
        self._fit()

    def _fit(self) -> None:
        page = self.widget()
        if page is None:
            return
        least = page.minimumSizeHint().expandedTo(page.minimumSize())
        room = self.maximumViewportSize()  # the viewport without scroll bars

        def tallest(width: int) -> int:  # word-wrapped labels need more height when narrow
            hfw = page.heightForWidth(width) if self.height_for_width and page.hasHeightForWidth() else -1
            return max(least.height(), hfw)

        if least.width() > room.width():  # a horizontal bar takes height from the viewport
            room.setHeight(room.height() - self.horizontalScrollBar().sizeHint().height())
        if tallest(max(least.width(), room.width())) > room.height():
            room.setWidth(room.width() - self.verticalScrollBar().sizeHint().width())
        width = max(least.width(), room.width())
        page.resize(QSize(width, max(tallest(width), room.height())))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        page = self.widget()  # splitters share room as they would without the scroll area
        return page.sizeHint() if page is not None else super().sizeHint()

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self._fit)  # after the page's layout has its new minimum
        return super().eventFilter(watched, event)


class ScrollTabWidget(QTabWidget):
    """A :class:`QTabWidget` with each page in a scroll area (see the module docstring)."""

    def addTab(self, page: QWidget, label: str) -> int:  # noqa: N802 - Qt API
        return super().addTab(PageScrollArea(page), label)

    def scroll_area(self, index: int) -> QScrollArea | None:
        area = super().widget(index)
        return area if isinstance(area, QScrollArea) else None

    def widget(self, index: int) -> QWidget | None:
        area = self.scroll_area(index)
        return area.widget() if area is not None else super().widget(index)

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - Qt API
        return self.widget(self.currentIndex())

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 - Qt API
        for i in range(self.count()):
            if self.widget(i) is page:
                return i
        return super().indexOf(page)

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 - Qt API
        index = self.indexOf(page)
        if index >= 0:
            self.setCurrentIndex(index)

    def ensure_visible(self, page: QWidget, child: QWidget) -> None:
        """Scroll ``page``'s area so that ``child`` (a widget inside it) is in view."""
        index = self.indexOf(page)
        area = self.scroll_area(index) if index >= 0 else None
        if area is not None:
            area.ensureWidgetVisible(child, 10, 10)


def scrolled(widget: QWidget, height_for_width: bool = False) -> QScrollArea:
    """``widget`` in a frameless, resizable scroll area: a pane whose minimum size would push
    the controls below it (audit bar, status lines) off a small screen scrolls instead.

    ``height_for_width``: never shorter than its height for the width it gets (for a pane of
    word-wrapped labels and fixed tables, whose minimum size hint is too short when narrow:
    its preferred height is its least).
    """
    return PageScrollArea(widget, height_for_width=height_for_width)
