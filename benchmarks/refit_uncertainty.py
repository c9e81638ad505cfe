"""Refit a trained bundle's calibration and ``uncertain`` thresholds with the current code.

    python benchmarks/refit_uncertainty.py BUNDLE_DIR [--recalibrate-bn] [--colour-copies N] [--feature-copies 0/1]

For a bundle trained before a change to :mod:`core.inference.uncertainty` (e.g. the fine-detail check):
the weights are kept; the temperature, the Gaussians and the thresholds are fitted again on
the bundle's own training and validation images (its ``split.json``), exactly as training
does, the test metrics are recomputed, and the bundle is re-saved in place with a note.
``--recalibrate-bn`` first recomputes the BatchNorm statistics as training now does
(:func:`core.training.calibration.recalibrate_batchnorm`, with the bundle's own augmentation).
``--colour-copies N`` puts the colour statistics of N jittered copies of each training image
in the colour check's reference (default: ``core.training.calibration.COLOUR_COPIES``);
``--feature-copies 1`` also the model's features of those copies in the content check's
(default: ``FEATURE_COPIES``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.data.preprocess import PreprocessSpec  # noqa: E402
from core.data.split import read_manifest  # noqa: E402
from core.inference.predictor import verify_loadable  # noqa: E402
from core.model.architectures import inference_model  # noqa: E402
from core.model.bundle import AUTO_FIELDS, load_bundle, save_bundle  # noqa: E402
from core.training.calibration import calibrate_and_score, recalibrate_batchnorm  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("bundle", type=Path)
    ap.add_argument("--recalibrate-bn", action="store_true")
    ap.add_argument("--colour-copies", type=int, default=None)
    ap.add_argument("--feature-copies", type=int, choices=(0, 1), default=None)
    args = ap.parse_args()
    copies = args.colour_copies
    feature_copies = None if args.feature_copies is None else bool(args.feature_copies)
    path = args.bundle
    bundle = load_bundle(path)
    model = bundle.load_keras()
    spec = PreprocessSpec.from_dict(bundle.card["preprocessing"])
    manifest = read_manifest(path / "split.json")
    training = dict(bundle.card["training"])
    notes = ["calibration and thresholds refitted by benchmarks/refit_uncertainty.py"]
    if args.recalibrate_bn:
        training["batchnorm_recalibrated_on"] = recalibrate_batchnorm(
            model, manifest.items("train"), spec, augment=training.get("augment", "none"),
            seed=int(training.get("seed", 42)))
        notes.insert(0, "BatchNorm statistics recomputed on clean + augmented training images")
    inf = inference_model(model)
    # with no validation part, training validated on its training images: so does the refit
    val = manifest.items("val") or manifest.items("train")
    metrics = {**bundle.card["metrics"],
               **calibrate_and_score(inf, manifest.items("train"), val,
                                     manifest.items("test"), spec, colour_copies=copies,
                                     feature_copies=feature_copies)}
    unc = metrics.pop("uncertainty")
    training["colour_reference_copies"] = metrics.pop("colour_copies")
    training["feature_reference_copies"] = metrics.pop("feature_copies")
    card = {k: v for k, v in bundle.card.items() if k not in AUTO_FIELDS}
    card["uncertainty"] = unc.to_dict()
    card["training"] = training
    card["metrics"] = metrics
    card["uncertainty_refitted"] = "; ".join(notes)
    extra = {n: (path / n).read_bytes() for n in bundle.card["files"]
             if n not in ("model.keras", "model.onnx")}
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        new = save_bundle(model, Path(tmp) / path.name, card, extra_files=extra, verify=verify_loadable)
        old = path.with_name(path.name + ".before-refit")
        path.rename(old)
        new.path.rename(path)
        shutil.rmtree(old)
    print(f"{path}: detail range {unc.detail_range}, test uncertain "
          f"{metrics.get('test', {}).get('uncertain_rate')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
