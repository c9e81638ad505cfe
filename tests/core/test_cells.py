"""White-cell detection on generated fields whose cells are known (core.cells)."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from core.cells import CellParams, detect_cells, match_centres
from core.cells.measure import found_in_mask
from core.cells.render import crop_strip, draw_boxes
from core.cli import main

GLASS = (246, 244, 240)
PURPLE = (120, 70, 170)  # a stained nucleus: redder and bluer than green
PALE_PINK = (222, 178, 214)  # a pale Pro-B cell
RED_CELL = (200, 190, 215)  # lavender red cell
BLUE_RED_CELL = (105, 140, 205)  # a red cell in a bluer preparation: blue, not purple


def field(cells=(), red_cells=(), glass=GLASS, size=224, seed=0, label=None, jpeg=None):
    """A 224 px field: glass with noise, red cells (drawn first) and white cells (discs)."""
    rng = np.random.default_rng(seed)
    img = np.ones((size, size, 3), np.float32) * np.array(glass, np.float32)
    img += rng.normal(0, 3, img.shape)
    for (x, y, r, colour) in red_cells:
        cv2.circle(img, (x, y), r, colour, -1, cv2.LINE_AA)
    for (x, y, r, colour) in cells:
        cv2.circle(img, (x, y), r, colour, -1, cv2.LINE_AA)
    if label:  # a scale-bar label in the corner: white box, black text and a red tick
        cv2.rectangle(img, (190, 204), (220, 218), (255, 255, 255), -1)
        cv2.putText(img, "280px", (192, 215), cv2.FONT_HERSHEY_PLAIN, 0.6, label, 1)
    out = np.clip(img, 0, 255).astype(np.uint8)
    if jpeg:
        ok, buf = cv2.imencode(".jpg", out[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)[..., ::-1].copy()
    return out


def centres(cells):
    return sorted((round(c.cx), round(c.cy)) for c in cells)


def test_separate_cells_are_found_with_their_boxes_in_image_pixels() -> None:
    truth = [(40, 50, 14, PURPLE), (150, 60, 18, PURPLE), (110, 170, 12, PURPLE)]
    cells = detect_cells(field(truth))
    assert len(cells) == 3
    for (x, y, r, _), c in zip(sorted(truth), sorted(cells, key=lambda c: c.cx)):
        assert abs(c.cx - x) < 1.5 and abs(c.cy - y) < 1.5
        assert abs(c.w - (2 * r + 1)) <= 3 and abs(c.h - (2 * r + 1)) <= 3
        assert c.x <= x - r + 2 and c.x + c.w >= x + r - 2
        assert c.mask.shape == (c.h, c.w) and c.area == int(c.mask.sum())


def test_red_cells_blue_red_cells_and_glass_are_not_white_cells() -> None:
    reds = [(30 + 40 * i, 30 + 35 * j, 11, RED_CELL if (i + j) % 2 else BLUE_RED_CELL)
            for i in range(5) for j in range(6)]
    assert detect_cells(field(red_cells=reds)) == []
    cells = detect_cells(field([(112, 112, 15, PURPLE)], red_cells=reds))
    assert centres(cells) == [(112, 112)]


def test_touching_cells_are_separated() -> None:
    pair = [(90, 110, 16, PURPLE), (120, 110, 16, PURPLE)]  # centres 30 px apart, r 16
    cells = detect_cells(field(pair))
    assert len(cells) == 2
    assert [round(c.cx / 10) for c in sorted(cells, key=lambda c: c.cx)] == [9, 12]
    merged = detect_cells(field(pair), CellParams(split=False))
    assert len(merged) == 1  # the split is what separates them


def test_one_elongated_cell_is_not_split() -> None:
    img = field()
    cv2.ellipse(img, (112, 112), (24, 13), 30, 0, 360, PURPLE, -1)
    assert len(detect_cells(img)) == 1


def test_pale_cells_on_a_yellowish_field_and_dim_fields() -> None:
    pale = [(60, 60, 15, PALE_PINK), (160, 150, 14, PALE_PINK)]
    assert len(detect_cells(field(pale, glass=(250, 246, 222)))) == 2  # yellow cast
    img = (field([(100, 100, 15, PURPLE)]).astype(np.float32) * 0.55).astype(np.uint8)
    assert len(detect_cells(img)) == 1
    bright = np.clip(field([(100, 100, 15, PURPLE)]).astype(np.float32) * 1.15, 0, 255)
    assert len(detect_cells(bright.astype(np.uint8))) == 1


def test_jpeg_artefacts_and_the_scale_bar_label() -> None:
    truth = [(50, 60, 14, PURPLE), (150, 90, 16, PURPLE)]
    assert len(detect_cells(field(truth, jpeg=30))) == 2
    for ink in ((0, 0, 0), (220, 30, 30)):  # black and red labels
        cells = detect_cells(field(truth, label=ink))
        assert len(cells) == 2, ink
        assert all(c.cy < 190 for c in cells)


def test_small_specks_are_ignored_and_an_empty_field_has_no_cells() -> None:
    specks = [(40 + 30 * i, 100, 3, PURPLE) for i in range(5)]  # platelets
    assert detect_cells(field(specks)) == []
    assert detect_cells(field()) == []
    assert detect_cells(np.zeros((8, 8, 3), np.uint8)) == []


def test_larger_images_of_the_same_field_give_the_same_cells() -> None:
    img = field([(60, 60, 15, PURPLE), (160, 150, 14, PURPLE)])
    big = cv2.resize(img, (448, 448), interpolation=cv2.INTER_CUBIC)
    small_cells, big_cells = detect_cells(img), detect_cells(big)
    assert len(small_cells) == len(big_cells) == 2
    for a, b in zip(sorted(small_cells, key=lambda c: c.cx), sorted(big_cells, key=lambda c: c.cx)):
        assert abs(2 * a.cx - b.cx) < 3 and abs(2 * a.cy - b.cy) < 3


def test_crops_are_native_resolution_and_the_strip_holds_them() -> None:
    img = field([(60, 60, 15, PURPLE), (160, 150, 14, PURPLE)])
    cells = detect_cells(img)
    crop = cells[0].crop(img)
    assert crop.shape[0] == crop.shape[1] and 31 <= crop.shape[0] <= 40  # box + 15% margin
    assert np.shares_memory(crop, img)  # a view of the field: native pixels, never resampled
    strip = crop_strip(img, cells, height=64)
    assert strip.shape == (64, 2 * 64 + 4, 3)
    drawn = draw_boxes(img, cells, labels=["Pre", None], scale=2)
    assert drawn.shape == (448, 448, 3) and not np.array_equal(drawn[::2, ::2], img)


def test_matching_counts_found_missed_false_and_ignored() -> None:
    img = field([(60, 60, 15, PURPLE), (160, 150, 14, PURPLE), (100, 190, 12, PURPLE)])
    cells = detect_cells(img)
    m = match_centres(cells, [(60, 60), (160, 150), (30, 200)], ignore=[(100, 190)])
    assert (m.found, m.missed, m.false) == (2, 1, 0)
    m = match_centres(cells, [(60, 60)])
    assert (m.found, m.missed, m.false) == (1, 0, 2)
    ref = np.zeros((224, 224), bool)
    cv2.circle(ref.view(np.uint8), (60, 60), 15, 1, -1)
    cv2.circle(ref.view(np.uint8), (30, 30), 9, 1, -1)  # a reference cell not detected
    assert found_in_mask(cells, ref) == (1, 2)


def test_cli_cells_json_overlay_and_bad_files(tmp_path: Path, capsys) -> None:
    truth = [(50, 60, 14, PURPLE), (150, 90, 16, PURPLE)]
    folder = tmp_path / "fields"
    folder.mkdir()
    Image.fromarray(field(truth)).save(folder / "a.png")
    Image.fromarray(field()).save(folder / "empty.png")
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff not a jpeg")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code = main(["-q", "cells", str(folder), "--json", "--overlay", str(tmp_path / "ov")])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in err
    records = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
    assert len(records["a.png"]["cells"]) == 2
    box = min(records["a.png"]["cells"], key=lambda c: c["x"])
    assert abs(box["x"] - 36) <= 2 and abs(box["y"] - 46) <= 2 and {"w", "h", "area"} <= set(box)
    assert records["empty.png"]["cells"] == [] and records["empty.png"]["note"] == "no white cell found"
    assert "error" in records["broken.jpg"]
    overlays = sorted(p.name for p in (tmp_path / "ov").iterdir())
    assert overlays == ["a.cells.png", "empty.cells.png"]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # inputs untouched
    assert main(["-q", "cells", str(folder), "--overlay", str(folder / "ov")]) == 2  # inside input
    assert "must not be inside" in capsys.readouterr().err


@pytest.mark.realdata
def test_real_fields_against_the_authors_masks(real_data: Path) -> None:
    """>= 97% of the authors' leukocytes (components >= 150 px) found on their 150 masks."""
    from core.data.images import load_rgb

    found = total = 0
    for c in ("Benign", "Early", "Pre"):
        for m in sorted((real_data.parent / "segmented-sample" / c).glob("*.jpg")):
            f, t = found_in_mask(detect_cells(load_rgb(real_data / c / m.name)),
                                 load_rgb(m).max(axis=2) > 40)
            found, total = found + f, total + t
    assert total > 1400 and found / total >= 0.97, (found, total)


@pytest.mark.realdata
def test_real_fields_against_the_reviewed_centres(real_data: Path) -> None:
    from core.cells import Match
    from core.data.images import load_rgb

    reviewed = json.loads((Path(__file__).parents[2] / "benchmarks" / "cells_reviewed.json")
                          .read_text())["fields"]
    assert len(reviewed) >= 60 and {k.split("/")[0] for k in reviewed} == {"Benign", "Early", "Pre", "Pro"}
    total = Match()
    for name, marks in reviewed.items():
        total += match_centres(detect_cells(load_rgb(real_data / name)),
                               marks["cells"], marks["ignore"])
    assert total.recall >= 0.97 and total.precision >= 0.95, total


def test_predictions_carry_the_fields_cells(tiny_model: Path, tmp_path: Path) -> None:
    from core.inference.predictor import Predictor

    img = tmp_path / "a.png"
    Image.fromarray(field([(50, 60, 14, PURPLE), (150, 90, 16, PURPLE)])).save(img)
    pred = Predictor(tiny_model).predict_paths([img])[0]
    assert pred.cell_count == 2 and pred.cells[0].area > 0 and not pred.cells[0].read_by_model
    stored = pred.to_dict()
    assert stored["cell_count"] == 2 and list(stored["cells"][0]) == ["x", "y", "w", "h", "area", "cx", "cy"]
    assert Predictor(tiny_model, detect=False).predict_paths([img])[0].cells is None


def test_a_model_that_needs_cells_gives_no_result_without_any(tiny_model: Path,
                                                               tmp_path: Path) -> None:
    import shutil

    from core.model.bundle import stamp_card
    from core.inference.predictor import Predictor
    from core.inference.result import NO_CELLS

    model = tmp_path / "m"
    shutil.copytree(tiny_model, model)
    card = json.loads((model / "model.json").read_text())
    card["cells"] = {"required": True}
    (model / "model.json").write_text(json.dumps(stamp_card(card)))
    empty = tmp_path / "glass.png"
    Image.fromarray(field()).save(empty)
    pred = Predictor(model).predict_paths([empty])[0]
    assert pred.no_result and pred.label is None and pred.reason.startswith(NO_CELLS)
    d = pred.to_dict()
    assert d["label"] is None and d["cell_count"] == 0 and d["uncertain"] is True
    pred = Predictor(tiny_model).predict_paths([empty])[0]  # a field model without the rule
    assert NO_CELLS not in pred.reason


def test_a_paler_or_more_saturated_smear_gives_the_same_cells() -> None:
    """The cut-offs follow the field's own stain outside the development range."""
    from tests.oodsets import hsv_shift

    img = field([(50, 60, 14, PURPLE), (150, 90, 16, PURPLE), (100, 170, 12, PALE_PINK)],
                red_cells=[(30 + 40 * i, 200, 11, RED_CELL) for i in range(5)])
    base = centres(detect_cells(img))
    assert len(base) == 3
    for s in (0.5, 0.7, 1.5):  # the robustness range of the cell model
        assert centres(detect_cells(hsv_shift(img, 0, s))) == base, s
    fixed = CellParams(relative=False)
    assert len(detect_cells(hsv_shift(img, 0, 0.5), fixed)) < 3  # what the scaling prevents
