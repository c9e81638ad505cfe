"""core/ must stay Qt-free and must not import TensorFlow at import time."""

import subprocess
import sys

CORE_MODULES = ["core", "core.cli", "core.dataset", "core.augment", "core.preprocess", "core.images",
                "core.predict", "core.evaluate", "core.bundle", "core.audit", "core.train",
                "core.models", "core.metrics", "core.uncertainty", "core.figures", "core.data"]


def test_core_never_imports_qt_or_tensorflow_eagerly() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE_MODULES)
        + "bad = [m for m in sys.modules if m.startswith(('PySide6', 'leukemia_gui', 'tensorflow'))]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported: {out.stdout.strip()}"
