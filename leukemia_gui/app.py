"""Application entry point: ``leukemia-gui`` / ``python -m leukemia_gui``.

Startup imports no TensorFlow: the window appears first; models load when first needed.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import multiprocessing
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

log = logging.getLogger("leukemia_gui")


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="leukemia-gui", description="ALL blood smear classifier "
                                     "(research use only; not for diagnostic use).")
    parser.add_argument("--screenshot", metavar="DIR", type=Path,
                        help="render every tab to DIR/<tab>.png offscreen, then exit")
    parser.add_argument("--size", default="1366x768", metavar="WxH",
                        help="window size for --screenshot (default 1366x768)")
    parser.add_argument("--language", choices=("en", "es"),
                        help="interface language (default: the Language setting, else the "
                             "system's)")
    parser.add_argument("--selftest", action="store_true",
                        help="load the default model, classify the bundled samples, print JSON, exit")
    parser.add_argument("--selftest-train", action="store_true",
                        help="like --selftest, and also train a tiny model for one epoch")
    return parser.parse_args(argv)


class SafeFormatter(logging.Formatter):
    """File names in log records (messages and tracebacks) with control characters or bytes
    that are not valid UTF-8 are written escaped (:func:`core.text.safe_log_text`)."""

    def format(self, record: logging.LogRecord) -> str:
        from core.text import safe_log_text

        return safe_log_text(super().format(record))


def setup_logging() -> Path | None:
    """Log to a rotating file in the user data folder (and warnings to stderr)."""
    from leukemia_gui.paths import log_path

    path = log_path()
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        return None  # a read-only home must not stop the app
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path


def install_excepthook(log_file: Path | None, interactive: bool = True) -> None:
    """Uncaught errors are logged and shown in a message box instead of ending the app.

    Not ``interactive`` (``--selftest``, ``--screenshot``): logged and printed only. A modal box
    that nobody can see (offscreen) would otherwise hang the run instead of failing it.
    """
    showing = threading.Lock()

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("uncaught exception:\n%s", details)
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication, QMessageBox

        app = QApplication.instance()
        is_gui_thread = app is not None and threading.current_thread() is threading.main_thread()
        if not interactive or not is_gui_thread or not showing.acquire(blocking=False):
            traceback.print_exception(exc_type, exc, tb)
            return
        try:
            where = ("\n\n" + QCoreApplication.translate("Errors", "Details were written to {0}.").format(log_file)
                     if log_file else "")
            what = QCoreApplication.translate("Errors", "Something went wrong: {0}").format(
                f"{exc_type.__name__}: {exc}")
            keeps = QCoreApplication.translate(
                "Errors", "The app keeps running; if results look wrong, restart it.")
            QMessageBox.critical(None, QCoreApplication.translate("Errors", "Unexpected error"),
                                 what + where + "\n\n" + keeps)
        finally:
            showing.release()

    sys.excepthook = hook
    threading.excepthook = lambda args: hook(args.exc_type, args.exc_value, args.exc_traceback)


def main(argv: list[str] | None = None) -> int:
    """Start the GUI (or render screenshots with ``--screenshot DIR``)."""
    multiprocessing.freeze_support()  # first: a frozen build re-enters here in child processes
    import time

    t_start = time.perf_counter()
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    if args.selftest or args.selftest_train:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from leukemia_gui.platform_check import check_platform

    hint = check_platform()  # missing X11 libraries: say which before Qt aborts on them
    if hint:
        print(hint, file=sys.stderr)
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    # Qt 6 scales for high DPI by itself; pass fractional factors (125 %, 150 %) through.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "leukemia-gui"])
    app.setApplicationName("ALL Classifier")
    app.setOrganizationName("LeukemiaClassifier")
    log_file = setup_logging()
    headless = args.selftest or args.selftest_train or args.screenshot is not None
    from leukemia_gui.i18n import choose_language, install_translator

    language = choose_language(None if headless else QSettings(), args.language)
    if not install_translator(app, language):
        log.warning("no compiled translation for %s; the interface stays English", language)
    install_excepthook(log_file, interactive=not headless)

    from leukemia_gui.main_window import MainWindow

    if args.selftest or args.selftest_train:
        from leukemia_gui.selftest import run_selftest

        return run_selftest(t_start, train=args.selftest_train)
    if args.screenshot is not None:
        import tempfile

        from leukemia_gui.screenshots import render_screenshots

        width, height = (int(v) for v in args.size.lower().split("x"))
        with tempfile.TemporaryDirectory(prefix="leukemia-shots-") as tmp:
            # a throwaway settings file: screenshots never change the user's settings
            settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(settings)
            written = render_screenshots(window, args.screenshot, (width, height), Path(tmp))
            window.close()
        for path in written:
            print(path)
        return 0
    window = MainWindow()
    window.show()
    log.info("started")
    return app.exec()
