"""Print a report's A4 pages (matplotlib figures from :mod:`core.evaluation.pages`) on a
``QPrinter``: each page rasterised at the printer's resolution (300 dpi at most) and drawn on
one sheet, centred and scaled to fit if the paper is not A4.

QtPdf is not part of PySide6-Essentials, so the PDF itself is not rendered here: the report
builder's pages go straight to the printer, the same pages the PDF is written from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from core.evaluation.pages import page_pixels

MAX_DPI = 300


def a4_printer(output_pdf: str | None = None) -> QPrinter:
    """A high-resolution printer set to A4 portrait, full page (the pages carry their own
    margins); ``output_pdf``: print to that PDF file instead of a device (tests, "print to file")."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    if output_pdf:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(output_pdf)
    return printer


def print_pages(pages: Sequence[Any], printer: QPrinter) -> int:
    """Draw ``pages`` on ``printer``, one sheet each; the number of sheets printed (0 when
    the printer could not be opened)."""
    painter = QPainter()
    if not pages or not painter.begin(printer):
        return 0
    dpi = min(MAX_DPI, max(72, printer.resolution()))
    try:
        for k, page in enumerate(pages):
            if k and not printer.newPage():
                return k
            rgba = page_pixels(page, dpi)
            h, w = rgba.shape[:2]
            image = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888)
            sheet = QRectF(painter.viewport())
            scale = min(sheet.width() / w, sheet.height() / h)
            target = QRectF(0, 0, w * scale, h * scale)
            target.moveCenter(sheet.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(pages)


def print_with_dialog(parent: QWidget | None, build_pages: Callable[[], Sequence[Any]],
                      title: str) -> int:
    """Qt's print dialog for an A4 report; the pages are built only once the user pressed
    Print. Returns the sheets printed (0: cancelled)."""
    printer = a4_printer()
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return print_pages(build_pages(), printer)
    finally:
        QGuiApplication.restoreOverrideCursor()
