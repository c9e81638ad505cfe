"""core/ must stay Qt-free and must not import TensorFlow or Keras at import time.

Every module under core/ is checked (found by walking the package, not listed by hand). The
modules that *define* Keras layers (``KERAS_MODULES``) import Keras by nature; they are
imported only lazily by the others, and checked for Qt alone.
"""

import pkgutil
import subprocess
import sys
from pathlib import Path

import core

CORE_MODULES = sorted(["core"] + [m.name for m in pkgutil.walk_packages(core.__path__, "core.")])
FORBIDDEN = ("PySide6", "leukemia_gui", "tensorflow", "keras", "torch")
KERAS_MODULES = {"core.model.layers"}


def test_every_core_module_is_found() -> None:
    files = {p.relative_to(Path(core.__file__).parent.parent).with_suffix("").as_posix()
             .replace("/", ".").removesuffix(".__init__")
             for p in Path(core.__file__).parent.rglob("*.py")}
    assert files == set(CORE_MODULES)


def test_core_never_imports_qt_or_tensorflow_eagerly() -> None:
    plain = [m for m in CORE_MODULES if m not in KERAS_MODULES]
    code = (
        "import sys, importlib\n"
        f"for m in {plain!r}:\n"
        "    importlib.import_module(m)\n"
        f"print(','.join(n for n in sys.modules if n.startswith({FORBIDDEN!r})))\n"
        f"for m in {sorted(KERAS_MODULES)!r}:\n"
        "    importlib.import_module(m)\n"
        "print(','.join(n for n in sys.modules if n.startswith(('PySide6', 'leukemia_gui'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    eager, qt = (out.stdout.splitlines() + ["", ""])[:2]
    assert eager == "", f"core imported at import time: {eager[:300]}"
    assert qt == "", f"a Keras module of core imported Qt: {qt[:300]}"
