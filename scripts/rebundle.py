"""Re-save a model bundle (e.g. after a change to the bundle format) keeping its card."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.inference.predictor import verify_loadable  # noqa: E402
from core.model.bundle import AUTO_FIELDS, load_bundle, save_bundle  # noqa: E402

src, out = Path(sys.argv[1]), Path(sys.argv[2])
bundle = load_bundle(src)
card = {k: v for k, v in bundle.card.items() if k not in AUTO_FIELDS}
extra = {n: (src / n).read_bytes() for n in bundle.card["files"] if n not in ("model.keras", "model.onnx")}
new = save_bundle(bundle.load_keras(), out, card, extra_files=extra,
                  verify=verify_loadable)
print(new.path, new.model_id, sum(f.stat().st_size for f in out.iterdir()) / 1e6, "MB")
