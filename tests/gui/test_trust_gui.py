"""What the window shows must be true (issue #20): no class for a field unlike the training
images, drops go to the tab shown, exports never overwrite silently, the active model is named,
tiny parts are said to be tiny."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from core.bundle import default_model_dir
from core.predict import Prediction
from leukemia_gui.context import AppContext
from leukemia_gui.tabs.classify_tab import ClassifyTab
from tests.gui.conftest import drop, isolated_context

CLASS_NAMES = ("Benign", "Early Pre-B", "Pre-B", "Pro-B")


@pytest.fixture
def portrait(tmp_path: Path) -> Path:
    import matplotlib

    src = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    if not src.is_file():
        pytest.skip("matplotlib's sample portrait is not installed")
    out = tmp_path / "portrait.jpg"
    out.write_bytes(src.read_bytes())
    return out


@pytest.fixture
def shipped_tab(open_tab, tmp_path: Path, audit_file: Path) -> ClassifyTab:
    ctx = isolated_context(tmp_path)
    ctx.set_model(default_model_dir())
    return open_tab(ClassifyTab, ctx, (1200, 700))


def test_portrait_dropped_on_classify_gets_no_class(shipped_tab: ClassifyTab, portrait: Path,
                                                   tmp_path: Path, monkeypatch) -> None:
    drop(shipped_tab, [portrait])
    view = shipped_tab.result.prediction_view
    assert view.class_label.text() == "No result"
    shown = view.class_label.text() + view.detail_label.text()
    assert not any(name in shown for name in CLASS_NAMES) and "%" not in shown
    assert view.badge_visible() and "UNCERTAIN" in view.badge.text()
    assert not view.why_label.isHidden() and "confidence" in view.why_label.text()
    assert view.bars.value("Benign") == 0  # no bars pointing at a class
    name, cls, conf, unc, reason = shipped_tab.table.row_texts(0)
    assert cls == "no result" and conf == "" and unc == "yes" and "unlike" in reason
    out = tmp_path / "export.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    shipped_tab.export_button.click()
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["label"] == "" and row["confidence"] == "" and row["full_name"] == ""
    assert row["reason"].startswith("no result") and row["p_Benign"] == ""


def test_low_confidence_field_keeps_its_class_marked_uncertain(shipped_tab: ClassifyTab,
                                                               tmp_path: Path, monkeypatch) -> None:
    weak = Prediction("x", "Pre", {"Benign": 0.3, "Early": 0.1, "Pre": 0.45, "Pro": 0.15}, 0.45,
                      True, "low confidence (45%)", top_class="Pre")
    monkeypatch.setattr(shipped_tab.context.predictor(), "predict_path", lambda p: weak)
    sample = sorted((Path(__file__).resolve().parents[2] / "resources" / "samples").iterdir())[0]
    shipped_tab.add_paths([sample])
    view = shipped_tab.result.prediction_view
    assert view.class_label.text() == "Pre-B ALL" and "45.0 %" in view.detail_label.text()
    assert view.badge_visible() and "low confidence" in view.badge.text()
    assert view.why_label.isHidden()
