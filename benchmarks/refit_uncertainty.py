"""Refit a trained bundle's calibration and ``uncertain`` thresholds with the current code.

    python benchmarks/refit_uncertainty.py BUNDLE_DIR

For a bundle trained before a change to :mod:`core.uncertainty` (e.g. the fine-detail check):
the weights are kept; the temperature, the Gaussians and the thresholds are fitted again on
the bundle's own training and validation images (its ``split.json``), exactly as training
does, the test metrics are recomputed, and the bundle is re-saved in place with a note.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.bundle import AUTO_FIELDS, load_bundle, save_bundle  # noqa: E402
from core.dataset import read_manifest  # noqa: E402
from core.models import inference_model  # noqa: E402
from core.preprocess import PreprocessSpec  # noqa: E402
from core.train import calibrate_and_score  # noqa: E402


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(sys.argv[1])
    bundle = load_bundle(path)
    model = bundle.load_keras()
    spec = PreprocessSpec.from_dict(bundle.card["preprocessing"])
    manifest = read_manifest(path / "split.json")
    inf = inference_model(model)
    metrics = {**bundle.card["metrics"],
               **calibrate_and_score(inf, manifest.items("train"), manifest.items("val"),
                                     manifest.items("test"), spec)}
    unc = metrics.pop("uncertainty")
    card = {k: v for k, v in bundle.card.items() if k not in AUTO_FIELDS}
    card["uncertainty"] = unc.to_dict()
    card["metrics"] = metrics
    card["uncertainty_refitted"] = "calibration and thresholds refitted by benchmarks/refit_uncertainty.py"
    extra = {n: (path / n).read_bytes() for n in bundle.card["files"]
             if n not in ("model.keras", "model.onnx")}
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        new = save_bundle(model, Path(tmp) / path.name, card, extra_files=extra)
        old = path.with_name(path.name + ".before-refit")
        path.rename(old)
        new.path.rename(path)
        shutil.rmtree(old)
    print(f"{path}: detail range {unc.detail_range}, test uncertain "
          f"{metrics.get('test', {}).get('uncertain_rate')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
