"""Publishing a ``cells`` model as the shipped one (``benchmarks/ship_model.py publish --arch
cells``): a tiny cells bundle trained on generated disc fields, published into a temporary
folder with benchmark files written for the test; the published bundle loads and reads cells,
its card carries the data source and limitations with the benchmark's figures, its ``cells``
section and files are the source's, and the source is left as it was."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

import core.training.cells as training_cells

from tests.core.test_cell_model import SMALL, disc_dataset, disc_field

SHIP_MODEL = Path(__file__).resolve().parents[2] / "benchmarks" / "ship_model.py"


def _ship_model():
    spec = importlib.util.spec_from_file_location("ship_model_under_test", SHIP_MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _robustness(worst: str, points: float) -> dict:
    """A benchmark's robustness entries: one change at ``points``, the others milder."""
    out = {}
    for name in ("hue +15°", "saturation x0.5", "blur sigma 1", "jpeg q30"):
        top = points if name == worst else -0.5
        out[name] = {"n": 390, "accuracy": 0.95, "top_class_accuracy": 0.96,
                     "change_points": top, "top_class_change_points": top}
    return out


def _bench(split: int, top: float, shown: float, benign: int, worst: str, points: float,
           cells: dict, non_smear: bool) -> dict:
    test = {"n": 390, "accuracy": shown, "top_class_accuracy": top,
            "top_class_malignant_called_benign": benign, "balanced": shown - 0.01, "errors": 9,
            "malignant_called_benign": benign, "no_result": 6 + split % 5, "no_cells": 0,
            "uncertain": 8 + split % 5}
    out = {"split": split, "model_id": f"cells-bench{split}", "test": test,
           "robustness": _robustness(worst, points), "worst_change_points": points - 1,
           "worst_top_class_change_points": points, "cells": cells, "heads": training_cells.HEADS, "copies": 2}
    if non_smear:
        out["non_smear"] = {"photograph": {"n": 20, "no_result": 20},
                            "tiled": {"n": 20, "no_result": 17}}
        out["non_smear_no_result"] = 37 / 40
    return out


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def tiny_cells(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cells bundle trained by ``ship_model.py train --arch cells`` (every image in training,
    no validation or test part, seed 42) into a temporary ship folder; small windows, no ONNX
    export, four epochs."""
    import core.training.cells as training_cells

    root = tmp_path_factory.mktemp("shipcells")
    data = disc_dataset(root / "data", per_class=6)
    ship = _ship_model()
    ship.SHIP = root / "ship"
    old = training_cells.CELL_SPEC
    training_cells.CELL_SPEC = SMALL
    try:  # no ONNX export: a minute saved
        assert ship.train_ship(data, 4, 0.0, "cells", {}, export_onnx=False) == 0
    finally:
        training_cells.CELL_SPEC = old
    assert {"split_cells.json", "cells.log"} <= {p.name for p in (root / "ship").iterdir()}
    bundle = root / "ship" / "cells"
    card = json.loads((bundle / "model.json").read_text())
    assert card["training"]["seed"] == 42 and "test" not in card["metrics"]
    assert card["training"]["fields"]["train"] == 25 and "extractor.onnx" not in card["files"]
    return bundle


@pytest.fixture()
def benchmarks(tmp_path: Path) -> Path:
    """Benchmark files of the tiny recipe: split 42 and split 7, tag ``_tiny``."""
    cells = {"input_size": SMALL.input_size, "layers": list(SMALL.layers), "chroma": SMALL.chroma,
             "normalise": None, "hue": None}
    folder = tmp_path / "bench"
    folder.mkdir()
    for split, bench in ((42, _bench(42, 0.9872, 0.9718, 1, "hue +15°", -3.1, cells, True)),
                         (7, _bench(7, 0.9795, 0.9641, 3, "blur sigma 1", -2.6, cells, False))):
        (folder / f"cell_model_split{split}_tiny.json").write_text(json.dumps(bench))
    return folder


def test_publish_a_cells_model_keeps_its_files_and_cells_and_fills_the_card(
        tiny_cells: Path, benchmarks: Path, tmp_path: Path) -> None:
    from core.inference.predictor import Predictor
    from core.model.bundle import load_bundle

    ship = _ship_model()
    source = load_bundle(tiny_cells)
    before, card_text = _snapshot(tiny_cells), (tiny_cells / "model.json").read_text()
    out = tmp_path / "models" / "default"
    assert ship.publish("default", out, arch="cells", source=tiny_cells, bench_dir=benchmarks,
                        bench_tag="_tiny", require_onnx=False) == 0

    published = load_bundle(out)  # verified: every file's checksum, the card's
    card = published.card
    assert card["architecture"] == "cells" and published.model_id != source.model_id
    assert card["cells"] == source.card["cells"]  # as trained, not the field model's section
    assert set(card["files"]) == set(source.card["files"]) >= {"model.keras", "split.json"}
    for name in set(card["files"]) - {"model.keras"}:  # copied as they are
        assert card["files"][name] == source.card["files"][name], name
    for key in ("uncertainty", "training", "dataset", "preprocessing"):
        assert card[key] == source.card[key], key
    assert card["data_source"] == ship.DATA_SOURCE
    assert card["intended_use"].startswith("Research use only")

    # the benchmark: the lower split's top-class accuracy is the one the app shows
    bench = card["metrics"]["benchmark"]
    assert bench["accuracy"] == pytest.approx(0.9795) and bench["split"] == 7 and bench["n"] == 390
    assert bench["splits"]["42"]["worst_change"] == "hue +15°"
    assert bench["splits"]["7"]["worst_top_class_change_points"] == -2.6
    assert bench["splits"]["42"]["non_smear_no_result"] == pytest.approx(37 / 40)
    assert "non_smear_no_result" not in bench["splits"]["7"]
    assert card["metrics"]["val"] == source.card["metrics"]["val"]
    assert published.test_accuracy_text == "benchmark test accuracy 98.0 % (n=390)"

    text = "\n".join(card["limitations"])
    for figure in ("split 42 98.7% of 390 fields", "split 7 98.0% of 390 fields", "97.2% and 96.4%",
                   "1 on split 42 and 3 on split 7", "3.1 points on split 42 (hue +15°)",
                   "2.6 points on split 7 (blur sigma 1)", "92.5% on split 42", "tiled 17 of 20",
                   "One laboratory", "No patient IDs", "multiple-instance", "field labels only",
                   f"only the {SMALL.max_cells} largest",
                   f"Trained on {source.card['training']['fields']['train']} development images"):
        assert figure in text, figure
    assert "photograph 20 of 20" not in text  # only the sets not always refused are named

    # it reads a field as the source does: the field's class and each cell's
    rgb = disc_field("Pro", 4321, n=3)
    p, q = Predictor(out).predict_array(rgb), Predictor(tiny_cells).predict_array(rgb)
    assert p.top_class in ("Benign", "Early", "Pre", "Pro") and len(p.cells) == 3
    assert all(c.label is not None and c.weight is not None for c in p.cells)
    assert p.probabilities == pytest.approx(q.probabilities, abs=1e-6)
    assert [c.label for c in p.cells] == [c.label for c in q.cells]

    # the source bundle was not touched
    assert _snapshot(tiny_cells) == before
    assert (tiny_cells / "model.json").read_text() == card_text


def test_publish_refuses_another_recipe_and_a_cells_model_without_onnx(
        tiny_cells: Path, benchmarks: Path, tmp_path: Path) -> None:
    ship = _ship_model()
    out = tmp_path / "models" / "default"
    with pytest.raises(ValueError, match="extractor.onnx, head.onnx"):  # the shipped one runs on ONNX
        ship.publish("default", out, arch="cells", source=tiny_cells, bench_dir=benchmarks,
                     bench_tag="_tiny")
    other = json.loads((benchmarks / "cell_model_split7_tiny.json").read_text())
    other["cells"]["input_size"] = 112
    (benchmarks / "cell_model_split7_tiny.json").write_text(json.dumps(other))
    with pytest.raises(ValueError, match="split 7's benchmark measured another recipe.*input_size 112"):
        ship.publish("default", out, arch="cells", source=tiny_cells, bench_dir=benchmarks,
                     bench_tag="_tiny", require_onnx=False)
    other["cells"]["input_size"] = SMALL.input_size
    other["copy_ranges"] = {**json.loads((tiny_cells / "model.json").read_text())["training"]["copy_ranges"],
                            "blur": 1.7}
    (benchmarks / "cell_model_split7_tiny.json").write_text(json.dumps(other))
    with pytest.raises(ValueError, match="split 7's benchmark measured another recipe.*copy_ranges.*1.7"):
        ship.publish("default", out, arch="cells", source=tiny_cells, bench_dir=benchmarks,
                     bench_tag="_tiny", require_onnx=False)
    other["copy_ranges"] = json.loads((tiny_cells / "model.json").read_text())["training"]["copy_ranges"]
    own = json.loads((tiny_cells / "model.json").read_text())["uncertainty"].get("detail_measure", "absolute")
    other["detail_measure"] = "relative" if own == "absolute" else "absolute"
    (benchmarks / "cell_model_split7_tiny.json").write_text(json.dumps(other))
    with pytest.raises(ValueError, match="split 7's benchmark measured another recipe.*detail_measure"):
        ship.publish("default", out, arch="cells", source=tiny_cells, bench_dir=benchmarks,
                     bench_tag="_tiny", require_onnx=False)
    with pytest.raises(ValueError, match="not 'default'"):  # the field model's step on a cells bundle
        ship.publish("default", out, arch="default", source=tiny_cells)
    assert not out.exists()
