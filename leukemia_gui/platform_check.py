"""Before Qt starts on Linux: are the system libraries of Qt's xcb (X11) plugin there?

A fresh Debian/Ubuntu desktop often lacks a few (``libxcb-icccm4``, ``libxcb-keysyms1``, …);
Qt then only says "Could not load the Qt platform plugin xcb" and aborts. Each library is tried
with ``dlopen`` (milliseconds, no ``ldconfig`` run); the missing ones are named in one line,
with the packages to install.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable

# soname -> Debian/Ubuntu package (what libqxcb.so and libQt6XcbQpa.so.6 link against)
XCB_LIBRARIES = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def _loads(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_xcb_libraries(loads: Callable[[str], bool] | None = None) -> list[str]:
    """The sonames of :data:`XCB_LIBRARIES` that cannot be loaded (``loads``: dlopen)."""
    loads = loads or _loads
    return [name for name in XCB_LIBRARIES if not loads(name)]


def uses_xcb(environ: dict[str, str] | os._Environ = os.environ,
             platform: str = sys.platform) -> bool:
    """Qt will pick its xcb plugin: Linux, an X display, no other platform asked for."""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip().lower()
    if asked:
        return asked == "xcb"
    if environ.get("WAYLAND_DISPLAY"):  # Qt 6 prefers its wayland plugin there
        return False
    return bool(environ.get("DISPLAY"))


def xcb_hint(missing: list[str]) -> str:
    """One line naming the missing libraries and the ``apt`` command that installs them."""
    if not missing:
        return ""
    packages = " ".join(XCB_LIBRARIES[name] for name in missing)
    return (f"leukemia-gui: Qt's X11 (xcb) plugin needs system libraries that are missing "
            f"({', '.join(missing)}); on Debian/Ubuntu: sudo apt install {packages}")


def check_platform(environ: dict[str, str] | os._Environ = os.environ,
                   loads: Callable[[str], bool] | None = None) -> str:
    """The hint to print before Qt starts, or ``""`` when nothing is missing (or no xcb)."""
    if not uses_xcb(environ):
        return ""
    return xcb_hint(missing_xcb_libraries(loads))
