"""Classify tab, white cells (issue #22 items 4-5): boxes on the image with their toggle, the
strip of native-resolution crops, the table's Cells column, the case gallery, and a field with
no white cell."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from core.cells import detect_cells
from core.cells.render import CLASS_COLOURS
from core.classes import FULL_NAMES
from leukemia_gui.context import AppContext
from leukemia_gui.tabs.classify_tab import ClassifyTab
from tests.gui.conftest import drop

GLASS = (246, 244, 240)
PURPLE = (120, 70, 170)  # a stained nucleus (as in tests/core/test_cells.py)


def write_field(path: Path, cells=(), seed: int = 0) -> Path:
    """A 224 px field (lossless PNG): glass and purple white cells ``(x, y, r)``."""
    rng = np.random.default_rng(seed)
    img = np.ones((224, 224, 3), np.float32) * np.array(GLASS, np.float32)
    img += rng.normal(0, 3, img.shape)
    for x, y, r in cells:
        cv2.circle(img, (x, y), r, PURPLE, -1, cv2.LINE_AA)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(path)
    return path


THREE = [(50, 60, 14), (160, 70, 18), (110, 170, 12)]


@pytest.fixture
def tab(qtbot, open_tab, context: AppContext) -> ClassifyTab:
    widget = open_tab(ClassifyTab, context, (1300, 800))
    widget.show()  # laid out, so the boxes are where they are drawn
    qtbot.waitExposed(widget)
    return widget


def mouse(widget, kind: QEvent.Type, pos: QPoint) -> None:
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, QPointF(pos), widget.mapToGlobal(QPointF(pos)), button, button,
                        Qt.KeyboardModifier.NoModifier)
    if kind == QEvent.Type.MouseMove:
        widget.mouseMoveEvent(event)
    else:
        widget.mousePressEvent(event)


def test_boxes_follow_the_prediction_and_the_cells_toggle(tab: ClassifyTab, tmp_path: Path) -> None:
    tab.add_paths([write_field(tmp_path / "f" / "three.png", THREE)])
    pred = tab.table.entry(0)[1]
    assert pred.cell_count == 3
    view, check = tab.result.image_view, tab.result.cells_check
    assert check.isChecked() and not check.isHidden()  # on by default, beside the heatmap toggle
    assert view.box_count() == 3 and len(view.shown_boxes()) == 3
    # each box sits where its cell is: the shown rect, mapped back, is the prediction's box
    frame_scale = view.shown_boxes()[0].width() / pred.cells[0].w
    for i, cell in enumerate(pred.cells):
        r = view.shown_boxes()[i]
        assert r.height() == pytest.approx(cell.h * frame_scale, abs=0.01)
    # drawn in the field's class colour, on the screen only (the picture itself is unchanged)
    plain = view.pixmap().toImage()
    colour = CLASS_COLOURS[pred.label]

    def nearest_to_class_colour(rect) -> int:  # across the box's bottom edge, mid-way along
        shot = view.grab().toImage()
        x, y = int(rect.center().x()), int(round(rect.bottom()))
        return min(max(abs(c.red() - colour[0]), abs(c.green() - colour[1]), abs(c.blue() - colour[2]))
                   for c in (shot.pixelColor(x, y + d) for d in range(-3, 4)))

    for r in view.shown_boxes().values():
        assert nearest_to_class_colour(r) < 30
    boxes = view.shown_boxes()
    check.setChecked(False)
    assert view.shown_boxes() == {}
    assert all(nearest_to_class_colour(r) > 60 for r in boxes.values())
    assert view.pixmap().toImage() == plain
    check.setChecked(True)
    assert len(view.shown_boxes()) == 3


def test_strip_holds_each_cell_at_native_size_and_hover_highlights_its_box(
        tab: ClassifyTab, tmp_path: Path) -> None:
    path = write_field(tmp_path / "f" / "three.png", THREE)
    tab.add_paths([path])
    strip, view = tab.result.cell_strip, tab.result.image_view
    rgb = np.asarray(Image.open(path).convert("RGB"))
    expected = [c.crop(rgb) for c in detect_cells(rgb)]
    crops = strip.crops()
    assert not strip.isHidden() and len(crops) == 3
    for got, want in zip(crops, expected):
        assert np.array_equal(got, want)  # the field's own pixels, never resampled
    zoom = strip.zoom()
    assert zoom >= 1 and isinstance(zoom, int)
    for rect, crop in zip(strip.tile_rects(), crops):
        assert (rect.height(), rect.width()) == (crop.shape[0] * zoom, crop.shape[1] * zoom)
    # painted nearest neighbour: every zoom x zoom block is one pixel of the crop
    shot = strip.canvas.grab().toImage()
    rect, crop = strip.tile_rects()[0], crops[0]
    y, x = crop.shape[0] // 2, crop.shape[1] // 3
    for dy in range(zoom):
        for dx in range(zoom):
            c = shot.pixelColor(rect.left() + x * zoom + dx, rect.top() + y * zoom + dy)
            assert (c.red(), c.green(), c.blue()) == tuple(int(v) for v in crop[y, x])
    # hovering a crop highlights its box (also with the boxes hidden); a click keeps it
    tab.result.cells_check.setChecked(False)
    mouse(strip.canvas, QEvent.Type.MouseMove, strip.tile_rects()[2].center())
    assert view.highlight() == 2 and list(view.shown_boxes()) == [2]
    strip.canvas.leaveEvent(QEvent(QEvent.Type.Leave))
    assert view.highlight() == -1 and view.shown_boxes() == {}
    mouse(strip.canvas, QEvent.Type.MouseButtonPress, strip.tile_rects()[1].center())
    strip.canvas.leaveEvent(QEvent(QEvent.Type.Leave))
    assert view.highlight() == 1


def test_results_table_counts_the_cells_of_each_field(qtbot, tab: ClassifyTab, tmp_path: Path) -> None:
    bad = tmp_path / "f" / "broken.png"
    files = [write_field(tmp_path / "f" / "three.png", THREE),
             write_field(tmp_path / "f" / "none.png")]
    bad.write_bytes(b"not a png")
    drop(tab, [*files, bad])
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.table.rowCount() == 3, timeout=60_000)
    header = [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]
    col = header.index("Cells")
    counts = {tab.table.row_texts(r)[0]: tab.table.row_texts(r)[col] for r in range(3)}
    assert counts == {"f/three.png": "3", "f/none.png": "0", "f/broken.png": ""}
    tab.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)  # sorts as numbers
    assert [tab.table.row_texts(r)[col] for r in range(3)] == ["3", "0", ""]


def test_case_gallery_shows_every_cell_by_class_and_a_click_opens_its_field(
        qtbot, tab: ClassifyTab, tmp_path: Path) -> None:
    layouts = {"a.png": [(60, 60, 15), (160, 150, 14)], "b.png": THREE, "c.png": [(112, 112, 16)],
               "d.png": []}
    files = [write_field(tmp_path / "case" / n, cells, seed=i) for i, (n, cells) in enumerate(layouts.items())]
    drop(tab, files)
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.table.rowCount() == 4, timeout=60_000)
    assert tab.gallery.isHidden()  # only for one case
    tab.case_check.setChecked(True)
    gallery = tab.gallery
    assert not gallery.isHidden() and gallery.crop_count() == 6
    assert "Cells of the case: 6" in gallery.message()
    by_name = {e[0]: e[1] for e in tab.table.entries()}
    for _rect, crop, title in gallery.tiles():
        pred, index = crop.payload
        name = next(n for n, p in by_name.items() if p is pred)
        assert crop.tooltip.startswith(name)  # the field's name in the tooltip
        assert title.startswith(FULL_NAMES[pred.label] if pred.label else "No result")
        native = _native(tmp_path / "case" / Path(name).name, index)  # not enlarged
        assert (crop.pixmap.width(), crop.pixmap.height()) == (native.shape[1], native.shape[0])
    assert tab._crop_cache.loads == 3  # each field with cells read once, the empty one not kept
    # a click on a crop of b.png selects b.png's row and highlights that cell
    rect, crop, _ = next(t for t in gallery.tiles() if by_name["case/b.png"] is t[1].payload[0]
                         and t[1].payload[1] == 2)
    tab.table.selectRow(0)
    mouse(gallery.canvas, QEvent.Type.MouseButtonPress, rect.center())
    selected = {i.row() for i in tab.table.selectedItems()}
    assert [tab.table.entry(r)[0] for r in selected] == ["case/b.png"]
    assert tab.result.image_view.highlight() == 2
    assert gallery.current() == (by_name["case/b.png"], 2)  # marked in the gallery too
    tab.table.selectRow(next(r for r in range(4) if tab.table.entry(r)[0] == "case/a.png"))
    assert gallery.current() == (by_name["case/a.png"], -1)
    # a new field joins the gallery without reading the others again
    tab.add_paths([write_field(tmp_path / "case" / "e.png", [(100, 100, 15)], seed=9)])
    qtbot.waitUntil(lambda: gallery.crop_count() == 7, timeout=5000)
    assert tab._crop_cache.loads == 4
    tab.case_check.setChecked(False)
    assert gallery.isHidden()


def _native(path: Path, index: int) -> np.ndarray:
    rgb = np.asarray(Image.open(path).convert("RGB"))
    return detect_cells(rgb)[index].crop(rgb)


def test_case_gallery_is_capped(qtbot, tab: ClassifyTab, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("leukemia_gui.tabs.classify_tab.MAX_CROPS", 4)
    files = [write_field(tmp_path / "case" / f"{i}.png", THREE, seed=i) for i in range(3)]
    tab.case_check.setChecked(True)
    drop(tab, files)
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.table.rowCount() == 3, timeout=60_000)
    qtbot.waitUntil(lambda: tab.gallery.crop_count() == 4, timeout=5000)
    assert "first 4 of 9" in tab.gallery.message()
    assert tab._crop_cache.loads == 2  # the third field is counted, not read


def test_a_field_with_no_white_cell_says_so_first(tab: ClassifyTab, tmp_path: Path,
                                                  context: AppContext) -> None:
    context.predictor().requires_cells = True  # as the shipped model's card says
    tab.add_paths([write_field(tmp_path / "f" / "glass.png")])
    pred = tab.table.entry(0)[1]
    assert pred.no_result and pred.cells == () and pred.reason.startswith("no white cell found")
    view = tab.result.prediction_view
    assert view.class_label.text() == "No white cell found"
    assert view.detail_label.text().startswith("No result")
    assert view.badge_visible() and "no white cell found" in view.badge.text()
    texts = tab.table.row_texts(0)
    assert texts[1] == "no result" and texts[4] == "0" and texts[-1].startswith("no white cell found")
    assert tab.result.image_view.box_count() == 0
    strip = tab.result.cell_strip
    assert not strip.isHidden() and strip.crops() == [] and "No white cell" in strip.canvas.message


def test_no_white_cell_alone_or_with_an_unlike_image(qtbot) -> None:
    from leukemia_gui.widgets.prediction_view import (NO_CELLS_AND_UNLIKE_TEXT, NO_CELLS_TEXT,
                                                      PredictionWidget)

    view = PredictionWidget()
    qtbot.addWidget(view)
    view.set_prediction(None, {}, 0.0, True, "no white cell found", no_result=True)
    assert view.class_label.text() == "No white cell found"
    assert view.detail_label.text() == NO_CELLS_TEXT and view.why_label.isHidden()
    view.set_prediction(None, {}, 0.0, True, "no white cell found; image unlike the training data "
                        "(content)", no_result=True)
    assert view.class_label.text() == "No white cell found"
    assert view.detail_label.text() == NO_CELLS_AND_UNLIKE_TEXT and not view.why_label.isHidden()
    view.set_prediction(None, {}, 0.0, True, "image unlike the training data (content)", no_result=True)
    assert view.class_label.text() == "No result"  # other reasons keep the general headline
