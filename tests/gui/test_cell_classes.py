"""Evidence a clinician can check (issue #24 item 3): a cells model's boxes each in the colour
of the class read in that cell, with its class and probability, a colour legend, the cells that
drove the verdict first in the strip and the case gallery, no heatmap toggle for a model that
has none; a field model's boxes stay in the field's colour."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QRectF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from core.cells import detect_cells
from core.cells.render import CLASS_COLOURS
from core.classes import CLASSES
from core.inference.result import CellReading, Prediction
from leukemia_gui.class_names import class_colour, short_name
from leukemia_gui.widgets.cell_gallery import CellGalleryWidget, CropCache
from leukemia_gui.widgets.cell_strip import drive_order
from leukemia_gui.widgets.image_result import NO_HEATMAP_TIP, ImageResultWidget
from tests.gui.test_classify_cells import THREE, mouse, write_field

# Machado, Oliveira and Fernandes (2009), full severity, on linear RGB
CVD = {"protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                      [-0.003882, -0.048116, 1.051998]],
       "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]]}


def _lab(rgb: np.ndarray) -> np.ndarray:
    """CIELAB (D65) of a linear-RGB colour."""
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ rgb / np.array([0.9505, 1.0, 1.089])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _linear(rgb: tuple[int, int, int]) -> np.ndarray:
    c = np.asarray(rgb, float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def test_the_class_palette_stays_apart_for_red_green_colour_blindness() -> None:
    colours = [CLASS_COLOURS[c] for c in CLASSES]
    assert len(set(colours)) == 4 and all(class_colour(c) == CLASS_COLOURS[c] for c in CLASSES)
    assert class_colour(None) == CLASS_COLOURS[None] == class_colour("unknown")
    for name, matrix in {"normal": np.eye(3), **CVD}.items():
        seen = [_lab(np.clip(np.asarray(matrix) @ _linear(c), 0, 1)) for c in colours]
        worst = min(np.linalg.norm(a - b) for a, b in itertools.combinations(seen, 2))
        assert worst > 25, f"two classes look alike under {name} (CIELAB distance {worst:.0f})"


def read_cells(path: Path, labels: list[str | None], weights: list[float],
               probs: list[float] | None = None) -> tuple[np.ndarray, tuple[CellReading, ...]]:
    """The field's pixels and its detected cells with a cells model's reading of each."""
    rgb = np.asarray(Image.open(path).convert("RGB"))
    found = detect_cells(rgb)
    assert len(found) == len(labels)
    probs = probs or [0.9] * len(labels)
    return rgb, tuple(CellReading.from_dict({**c.to_dict(), "label": lab,
                                             "probability": None if lab is None else p,
                                             "weight": w}) for c, lab, w, p in zip(found, labels, weights, probs))


def shown(qtbot, widget, size=(700, 760)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def colour_distance(image, x: int, y: int, colour) -> int:
    """The smallest channel-wise distance to ``colour`` across a few pixels at ``(x, y)``."""
    return min(max(abs(c.red() - colour[0]), abs(c.green() - colour[1]), abs(c.blue() - colour[2]))
               for c in (image.pixelColor(x + dx, y + dy) for dx in (-1, 0, 1) for dy in range(-3, 4)))


def test_a_cells_models_boxes_are_in_each_cells_class_colour_with_class_and_probability(
        qtbot, tmp_path: Path) -> None:
    rgb, cells = read_cells(write_field(tmp_path / "three.png", THREE), ["Pre", "Benign", "Pro"],
                            [0.2, 0.5, 0.3], [0.81, 0.67, 0.93])
    widget = shown(qtbot, ImageResultWidget(show_cells=True))
    widget.set_image(rgb)
    widget.set_cells(cells, "Pre")
    view = widget.image_view
    assert [view.box_colour(i) for i in range(3)] == [CLASS_COLOURS[c] for c in ("Pre", "Benign", "Pro")]
    assert [view.box_tag(i) for i in range(3)] == ["1 Pre-B 81 %", "2 Benign 67 %", "3 Pro-B 93 %"]
    assert view.box_tip(1) == "Cell 2: Benign (hematogones), 67 % · weight in the field's result 50 %"
    # painted so: each box's bottom edge is its own class's colour, not another class's
    shot = view.grab().toImage()
    for i, r in view.shown_boxes().items():
        x, y = int(r.center().x()), int(round(r.bottom()))
        own = colour_distance(shot, x, y, view.box_colour(i))
        assert own < 30
        assert all(colour_distance(shot, x, y, CLASS_COLOURS[c]) > own + 40
                   for c in CLASSES if CLASS_COLOURS[c] != view.box_colour(i))
    # every tag is drawn in full (the boxes lie apart) at its box's corner, in the box's colour
    tags = view.tag_rects()
    assert [tags[i][1] for i in range(3)] == [view.box_tag(i) for i in range(3)]
    for i, (rect, _text) in tags.items():
        assert colour_distance(shot, int(rect.left()) + 2, int(rect.center().y()), view.box_colour(i)) < 30
    # the tooltip is the one of the box under the pointer
    assert view.box_at(view.shown_boxes()[2].center()) == 2 and view.box_at(QRectF().center()) == -1
    centre = view.shown_boxes()[2].center().toPoint()
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, centre, view.mapToGlobal(centre)))
    assert QToolTip.text() == view.box_tip(2) and "Pro-B ALL, 93 %" in QToolTip.text()
    QToolTip.hideText()
    # the legend maps colour to class, all four; no heatmap toggle for a model that has none
    assert not widget.class_legend.isHidden()
    assert widget.class_legend.entries() == [(short_name(c), CLASS_COLOURS[c]) for c in CLASSES]
    widget.set_heatmap_source(None)
    assert widget.heatmap_check.isHidden() and not widget.heatmap_check.isEnabled()
    shot.save(str(tmp_path / "boxes.png"))


def test_crowded_tags_give_way_to_the_heavier_cell(qtbot, tmp_path: Path) -> None:
    rgb, cells = read_cells(write_field(tmp_path / "two.png", [(60, 60, 12), (92, 60, 8)]),
                            ["Early", "Pre"], [0.3, 0.7])
    widget = shown(qtbot, ImageResultWidget(show_cells=True), (360, 600))
    widget.set_image(rgb)
    widget.set_cells(cells, "Pre")
    tags = widget.image_view.tag_rects()
    heavy = max(range(2), key=lambda i: cells[i].weight or 0.0)
    light = 1 - heavy
    assert tags[heavy][1] == widget.image_view.box_tag(heavy)  # in full
    assert tags[light][1] == str(light + 1)  # only its number: the rest would cover the other


def test_a_field_models_boxes_keep_the_fields_colour_and_the_heatmap_toggle(qtbot, tmp_path: Path) -> None:
    rgb = np.asarray(Image.open(write_field(tmp_path / "three.png", THREE)).convert("RGB"))
    cells = tuple(CellReading.from_dict(c.to_dict()) for c in detect_cells(rgb))  # found, not classified
    widget = shown(qtbot, ImageResultWidget(show_cells=True))
    widget.set_image(rgb)
    widget.set_heatmap_source(lambda x: np.zeros(x.shape[:2]))
    widget.set_cells(cells, "Early")
    view = widget.image_view
    assert {view.box_colour(i) for i in range(3)} == {CLASS_COLOURS["Early"]}
    assert [view.box_tag(i) for i in range(3)] == ["1", "2", "3"] and view.box_tip(0) == ""
    assert widget.class_legend.isHidden()
    assert not widget.heatmap_check.isHidden() and widget.heatmap_check.isEnabled()
    assert widget.cell_strip.order() == [0, 1, 2]  # as found
    # an image without a heatmap of a model that has them: the toggle stays, greyed, with why
    widget.set_heatmap_source(None, "No heatmap: this image has no result")
    assert not widget.heatmap_check.isHidden() and not widget.heatmap_check.isEnabled()
    assert widget.heatmap_check.toolTip() == "No heatmap: this image has no result"
    widget.set_heatmap_source(None, NO_HEATMAP_TIP)
    assert widget.heatmap_check.isHidden()


def test_drive_order_heaviest_first_unread_last_field_cells_as_found() -> None:
    cells = [CellReading(0, 0, 5, 5, label="Pre", probability=0.6, weight=0.2),
             CellReading(0, 0, 5, 5, label=None, probability=None, weight=0.0),
             CellReading(0, 0, 5, 5, label="Benign", probability=0.9, weight=0.5),
             CellReading(0, 0, 5, 5, label="Pre", probability=0.8, weight=0.2),
             CellReading(0, 0, 5, 5, label="Pro", probability=0.7, weight=0.0)]
    assert drive_order(cells) == [2, 3, 0, 4, 1]  # a tie by probability; the unread cell last
    assert drive_order([CellReading(1, 0, 5, 5), CellReading(2, 0, 5, 5)]) == [0, 1] and drive_order(None) == []


def test_the_strip_puts_the_heaviest_cells_first_framed_in_their_class(qtbot, tmp_path: Path) -> None:
    rgb, cells = read_cells(write_field(tmp_path / "three.png", THREE), ["Pre", "Benign", "Pro"],
                            [0.2, 0.5, 0.3], [0.81, 0.67, 0.93])
    widget = shown(qtbot, ImageResultWidget(show_cells=True))
    widget.set_image(rgb)
    widget.set_cells(cells, "Pre")
    strip = widget.cell_strip
    assert strip.order() == [1, 2, 0]
    assert strip.captions() == [("2 · 67 %", "Benign"), ("3 · 93 %", "Pro-B"), ("1 · 81 %", "Pre-B")]
    assert strip.frame_colours() == [CLASS_COLOURS[c] for c in ("Benign", "Pro", "Pre")]
    full = [c.crop(rgb) for c in detect_cells(rgb)]
    assert all(np.array_equal(a, full[i]) for a, i in zip(strip.crops(), strip.order()))
    # the frame is painted round each crop in its class colour
    shot = strip.canvas.grab().toImage()
    for rect, colour in zip(strip.tile_rects(), strip.frame_colours()):
        assert colour_distance(shot, rect.left() - 2, rect.center().y(), colour) < 10
    # the first crop stands for cell 2: its tooltip says what the model made of it
    first = strip.tile_rects()[0].center()
    QApplication.sendEvent(strip.canvas, QHelpEvent(QEvent.Type.ToolTip, first,
                                                    strip.canvas.mapToGlobal(first)))
    assert QToolTip.text().startswith("Cell 2: Benign (hematogones), 67 % · weight in the field's "
                                      "result 50 %") and "come first" in QToolTip.text()
    QToolTip.hideText()
    # hovering it highlights box 2, a click keeps it
    mouse(strip.canvas, QEvent.Type.MouseMove, strip.tile_rects()[0].center())
    assert widget.image_view.highlight() == 1
    mouse(strip.canvas, QEvent.Type.MouseButtonPress, strip.tile_rects()[2].center())
    strip.canvas.leaveEvent(QEvent(QEvent.Type.Leave))
    assert widget.image_view.highlight() == 0
    widget.highlight_cell(2)  # from the gallery: cell 3, the strip's second crop
    assert strip.canvas.selected == 2 and strip.canvas.position(2) == 1


def test_the_case_gallery_shows_the_verdicts_cells_first_heaviest_first(qtbot, tmp_path: Path) -> None:
    from leukemia_gui.tabs.classify_view import case_gallery

    probs = {"Pre": {"Benign": 0.05, "Early": 0.05, "Pre": 0.85, "Pro": 0.05},
             "Benign": {"Benign": 0.6, "Early": 0.2, "Pre": 0.1, "Pro": 0.1}}
    a_rgb, a = read_cells(write_field(tmp_path / "a.png", [(60, 60, 15), (160, 150, 14)]),
                          ["Pre", "Benign"], [0.2, 0.8], [0.7, 0.6])
    b_rgb, b = read_cells(write_field(tmp_path / "b.png", [(60, 60, 15), (160, 150, 14)], seed=1),
                          ["Pre", "Pre"], [0.9, 0.1])
    c_rgb, c = read_cells(write_field(tmp_path / "c.png", [(112, 112, 16)], seed=2), ["Benign"], [1.0])
    fields = [("a", Prediction("a", "Pre", probs["Pre"], 0.85, False, cells=a), a_rgb),
              ("b", Prediction("b", "Pre", probs["Pre"], 0.85, True, cells=b), b_rgb),  # uncertain
              ("c", Prediction("c", "Benign", probs["Benign"], 0.6, False, cells=c), c_rgb)]
    pixels = {name: rgb for name, _, rgb in fields}
    entries = [(name, pred, None) for name, pred, _ in fields]
    groups, message = case_gallery(entries, CropCache(), lambda name, _key: pixels[name])
    # the case reads Pre (mean over the confident a and c); its group first
    assert [g.title.split(":")[0] for g in groups if g.crops] == ["Pre-B ALL", "Benign (hematogones)"]
    by = {name: pred for name, pred, _ in entries}
    order = [(next(n for n, p in by.items() if p is crop.payload[0]), crop.payload[1])
             for crop in groups[0].crops]
    # a voted: its heavy Benign-looking cell first; b was uncertain, left out of the case: after
    assert order == [("a", 1), ("a", 0), ("b", 0), ("b", 1)]
    assert [crop.caption for crop in groups[0].crops] == ["60 % Benign", "70 % Pre-B", "90 % Pre-B",
                                                          "90 % Pre-B"]
    assert [crop.colour for crop in groups[0].crops] == [CLASS_COLOURS[x] for x in ("Benign", "Pre", "Pre", "Pre")]
    assert "weight in the field's result 80 %" in groups[0].crops[0].tooltip
    assert "most weight first" in message
    gallery = shown(qtbot, CellGalleryWidget(), (420, 400))
    gallery.set_groups(groups, message)
    shot = gallery.canvas.grab().toImage()
    for rect, crop, _title in gallery.tiles():  # each tile framed in its own cell's class colour
        assert colour_distance(shot, rect.left() + 1, rect.center().y(), crop.colour) < 10


@pytest.fixture(scope="module")
def cells_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny trained cells model (as tests/core/test_cell_model.py trains one)."""
    import core.training.cells as training_cells
    from core.training.train import TrainConfig, train
    from tests.core.test_cell_model import SMALL, disc_dataset

    root = tmp_path_factory.mktemp("cellclasses")
    old = training_cells.CELL_SPEC
    training_cells.CELL_SPEC = SMALL
    try:
        result = train(disc_dataset(root / "data"), root / "model",
                       TrainConfig(arch="cells", epochs=6, batch_size=8, block_size=3, seed=1,
                                   export_onnx=False))
    finally:
        training_cells.CELL_SPEC = old
    return result.bundle_dir


def test_the_classify_tab_with_a_cells_model(qtbot, open_tab, tmp_path: Path, cells_bundle: Path,
                                             audit_file: Path) -> None:
    from leukemia_gui.tabs.classify_tab import ClassifyTab
    from tests.core.test_cell_model import disc_field
    from tests.gui.conftest import isolated_context

    context = isolated_context(tmp_path)
    context.set_model(cells_bundle)
    tab = open_tab(ClassifyTab, context, (1300, 800))
    tab.show()
    qtbot.waitExposed(tab)
    (tmp_path / "f").mkdir()
    # a field like the training ones (classified), and one with more cells than any (no result)
    for name, seed, n in (("pre.png", 201, 3), ("crowded.png", 4242, 5)):
        Image.fromarray(disc_field("Pre", seed, n=n)).save(tmp_path / "f" / name)
    tab.add_paths([tmp_path / "f" / "pre.png", tmp_path / "f" / "crowded.png"])
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2 and not tab.is_busy(), timeout=60_000)
    rows = {Path(tab.table.entry(r)[0]).name: r for r in range(2)}
    pred = tab.table.entry(rows["pre.png"])[1]
    tab.table.selectRow(rows["pre.png"])
    assert pred.label is not None and pred.cells and all(c.label in CLASSES for c in pred.cells)
    result = tab.result
    assert result.heatmap_check.isHidden()  # a cells model draws no heatmap: none offered
    assert not result.class_legend.isHidden()
    view = result.image_view
    assert view.box_count() == len(pred.cells)
    for i, cell in enumerate(pred.cells):
        assert view.box_colour(i) == CLASS_COLOURS[cell.label]
        assert view.box_tag(i).startswith(f"{i + 1} {short_name(cell.label)} ")
    order = result.cell_strip.order()
    assert [pred.cells[i].weight for i in order] == sorted((c.weight or 0.0 for c in pred.cells),
                                                           reverse=True)
    qtbot.wait(100)  # the layout follows the strip's new height
    tab.grab().save(str(tmp_path / "classify_cells_model.png"))
    # a field with no result: its cells' readings are not shown as classes
    unlike = tab.table.entry(rows["crowded.png"])[1]
    tab.table.selectRow(rows["crowded.png"])
    assert unlike.no_result and unlike.cells and unlike.cells[0].label in CLASSES
    assert {view.box_colour(i) for i in range(view.box_count())} == {CLASS_COLOURS[None]}
    assert view.box_tag(0) == "1" and result.class_legend.isHidden()
    assert result.cell_strip.order() == list(range(len(unlike.cells)))
    assert result.heatmap_check.isHidden()


def test_the_cells_words_in_spanish(qtbot, qapp, tmp_path: Path) -> None:
    from leukemia_gui import i18n

    rgb, cells = read_cells(write_field(tmp_path / "three.png", THREE), ["Pre", "Benign", "Early"],
                            [0.2, 0.5, 0.3], [0.81, 0.675, 0.93])
    assert i18n.install_translator(qapp, "es")
    try:
        widget = shown(qtbot, ImageResultWidget(show_cells=True))
        widget.set_image(rgb)
        widget.set_cells(cells, "Pre")
        view = widget.image_view
        assert [view.box_tag(i) for i in range(3)] == ["1 Pre-B 81 %", "2 Benigno 68 %",
                                                       "3 Pre-B temprana 93 %"]
        assert view.box_tip(1) == "Célula 2: Benigno (hematogonas), 68 % · peso en el resultado del campo 50 %"
        assert [name for name, _ in widget.class_legend.entries()] == ["Benigno", "Pre-B temprana",
                                                                        "Pre-B", "Pro-B"]
        assert widget.cell_strip.captions()[0] == ("2 · 68 %", "Benigno")
        assert widget.cells_check.toolTip().startswith("Recuadrar los leucocitos encontrados en el "
                                                       "campo, cada uno en el color de la clase")
    finally:
        i18n.install_translator(qapp, "en")
