"""The one-line hint naming the missing X11 (xcb) libraries and their Debian/Ubuntu packages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from leukemia_gui.platform_check import (XCB_LIBRARIES, check_platform, missing_xcb_libraries,
                                         uses_xcb, xcb_hint)


def test_hint_names_missing_libraries_and_packages() -> None:
    absent = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    missing = missing_xcb_libraries(lambda name: name not in absent)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    hint = xcb_hint(missing)
    assert "\n" not in hint
    assert hint.endswith("sudo apt install libxcb-icccm4 libxcb-keysyms1")
    assert "libxcb-icccm.so.4" in hint and "xcb" in hint
    assert xcb_hint([]) == ""
    assert all(pkg.startswith("lib") for pkg in XCB_LIBRARIES.values())


def test_checked_only_where_qt_uses_xcb() -> None:
    x11 = {"DISPLAY": ":0"}
    assert uses_xcb(x11, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, "linux")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux")
    assert not uses_xcb({}, "linux")
    assert not uses_xcb(x11, "win32") and not uses_xcb(x11, "darwin")
    assert check_platform({"QT_QPA_PLATFORM": "offscreen"}, lambda name: False) == ""
    nothing = check_platform({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, lambda name: False)
    if sys.platform.startswith("linux"):
        assert "libxcb1" in nothing


def test_real_libraries_load_with_dlopen() -> None:
    # libc is always there; a made-up soname never is
    from leukemia_gui.platform_check import _loads

    assert _loads("libc.so.6") if sys.platform.startswith("linux") else True
    assert not _loads("libno-such-library-here.so.9")


def test_app_prints_the_hint_before_qt(tmp_path) -> None:
    code = ("import sys, leukemia_gui.platform_check as pc; "
            "pc._loads = lambda name: name != 'libxcb-keysyms.so.1'; "
            "import leukemia_gui.app as app; "
            "sys.exit(app.main(['--screenshot', sys.argv[1], '--size', '800x460']))")
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":987",
           "HOME": str(tmp_path), "LEUKEMIA_DATA_DIR": str(tmp_path / "data"),
           "LEUKEMIA_AUDIT_LOG": str(tmp_path / "audit.jsonl")}
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "shots")], env=env,
                         capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert "sudo apt install libxcb-keysyms1" in run.stderr
    assert run.returncode != 0  # no X server at :987: Qt gives up after the hint
