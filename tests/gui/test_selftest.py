"""``leukemia-gui --selftest`` from source: the shipped model classifies the bundled samples."""

import json
import os
import subprocess
import sys


def test_selftest_from_source() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "leukemia_gui", "--selftest"], capture_output=True,
                         text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["ok"] and report["wrong"] == [] and len(report["labels"]) >= 8
    assert report["backend"] == "onnx"
