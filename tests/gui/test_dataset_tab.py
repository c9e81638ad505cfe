"""Dataset tab: scan shows counts, problems and samples; balancing writes only a new folder."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from core.data.images import sha256_file
from tests.gui.conftest import isolated_context
from leukemia_gui.tabs.dataset_tab import DatasetTab


@pytest.fixture
def tab(open_tab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DatasetTab:
    monkeypatch.setenv("LEUKEMIA_DATA_DIR", str(tmp_path / "userdata"))
    return open_tab(DatasetTab, isolated_context(tmp_path))


def _scan(qtbot, tab: DatasetTab, folder: Path) -> None:
    with qtbot.waitSignal(tab.folder_scanned, timeout=60_000):
        tab.load_folder(folder)
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)


def _hashes(root: Path) -> dict[str, str]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): sha256_file(p) for p in files}


def test_scan_shows_counts_chart_and_samples(qtbot, tab: DatasetTab, tiny_dataset: Path) -> None:
    _scan(qtbot, tab, tiny_dataset)
    assert tab.overview is not None
    assert [tab.counts_table.item(r, 1).text() for r in range(4)] == ["8", "8", "8", "8"]
    assert tab.counts_table.item(4, 1).text() == "32"
    assert tab.chart.figure.axes and tab.chart.figure.axes[0].patches  # the bars
    assert tab.thumbnails.thumbnail_count() == 16
    assert tab.balance.isEnabled()
    assert tab.balance.target_spin.value() == 8
    assert Path(tab.balance.output_edit.text()) == tiny_dataset.with_name("data_balanced")
    assert tab.context.folder("dataset") == str(tiny_dataset)


def test_scan_lists_unreadable_files_and_duplicates(qtbot, tab: DatasetTab,
                                                    tiny_dataset: Path) -> None:
    (tiny_dataset / "Pro" / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    original = tiny_dataset / "Pre" / "WBC-Pre-001.jpg"
    (tiny_dataset / "Pre" / "copy.jpg").write_bytes(original.read_bytes())
    _scan(qtbot, tab, tiny_dataset)
    assert tab.bad_list.count() == 1
    assert "broken.jpg" in tab.bad_list.item(0).text()
    assert tab.duplicates.group_count() >= 1
    assert "Exact" in tab.duplicates.titles[0].text()
    assert "1 unreadable" in tab.task.label.text()
    assert tab.details.tabText(2) == f"Duplicates ({tab.duplicates.group_count()})"


def test_duplicates_side_by_side_with_whole_names(qtbot, tab: DatasetTab, tiny_dataset: Path) -> None:
    original = tiny_dataset / "Pre" / "WBC-Pre-001.jpg"
    long_name = "a_copy_with_a_very_long_file_name_that_does_not_fit_one_line_0123456789.jpg"
    (tiny_dataset / "Early" / long_name).write_bytes(original.read_bytes())
    tab.resize(1024, 420)
    tab.show()
    _scan(qtbot, tab, tiny_dataset)
    tab.details.setCurrentWidget(tab.duplicates)
    qtbot.wait(50)
    title = tab.duplicates.titles[0].text()
    assert "Exact copies: 2 files" in title and "across classes" in title
    cards = tab.duplicates.cards
    assert {c.path.name for c in cards} == {original.name, long_name}
    assert all(not c.thumb.pixmap().isNull() for c in cards)  # the images themselves
    first, second = cards
    assert first.mapTo(tab, first.rect().topLeft()).y() == second.mapTo(tab, second.rect().topLeft()).y()
    assert first.x() + first.width() <= second.x()  # side by side, not overlapping
    for card in cards:  # the whole name is shown (wrapped at invisible break points)
        shown = card.name_label.text().replace("\u200b", "")
        assert shown.endswith(card.path.name) and card.name_label.toolTip() == str(card.path)
        assert card.name_label.wordWrap()
        assert card.name_label.heightForWidth(card.name_label.width()) <= card.name_label.height()


def test_exclude_a_copy_writes_the_corrections_file_only(qtbot, tab: DatasetTab,
                                                          tiny_dataset: Path) -> None:
    from core.data.corrections import CorrectionsFile

    original = tiny_dataset / "Pre" / "WBC-Pre-001.jpg"
    copy = tiny_dataset / "Pre" / "copy.jpg"
    copy.write_bytes(original.read_bytes())
    before = _hashes(tiny_dataset)
    _scan(qtbot, tab, tiny_dataset)
    card = next(c for c in tab.duplicates.cards if c.path.name == "copy.jpg")
    assert not card.excluded and card.exclude_button.text() == "Exclude this copy"
    card.exclude_button.click()
    corrections = CorrectionsFile.load(tab.hub.corrections_path)
    entry = corrections.get(copy)
    assert entry is not None and entry.corrected_label == "exclude"
    assert entry.recorded_label == "Pre" and entry.sha256 == before["Pre/copy.jpg"]
    assert corrections.get(original) is None and len(corrections) == 1
    assert card.excluded and "Excluded" in card.state_label.text()
    assert card.exclude_button.text() == "Include again"
    assert _hashes(tiny_dataset) == before  # no image moved, changed or deleted
    _scan(qtbot, tab, tiny_dataset)  # a rescan still shows it excluded
    card = next(c for c in tab.duplicates.cards if c.path.name == "copy.jpg")
    assert card.excluded
    card.exclude_button.click()  # include again: the exclusion is withdrawn
    assert CorrectionsFile.load(tab.hub.corrections_path).get(copy) is None
    assert not card.excluded and _hashes(tiny_dataset) == before


def test_scan_of_a_missing_folder_shows_the_reason(qtbot, tab: DatasetTab, tmp_path: Path) -> None:
    tab.load_folder(tmp_path / "nowhere")
    qtbot.waitUntil(lambda: not tab.is_busy() and "not found" in tab.task.label.text(),
                    timeout=30_000)
    assert tab.overview is None
    assert not tab.balance.isEnabled()


def test_balance_success_shows_new_counts_and_leaves_source_alone(qtbot, tab: DatasetTab,
                                                                  tiny_dataset: Path) -> None:
    for p in sorted((tiny_dataset / "Pro").iterdir())[:5]:
        p.unlink()  # Pro: 3 images, the others 8
    before = _hashes(tiny_dataset)
    _scan(qtbot, tab, tiny_dataset)
    out = tiny_dataset.with_name("balanced_here")
    tab.balance.output_edit.setText(str(out))
    with qtbot.waitSignal(tab.balance.balanced, timeout=60_000) as blocker:
        tab.balance.start_button.click()
    result = blocker.args[0]
    assert result.counts_after == {"Benign": 8, "Early": 8, "Pre": 8, "Pro": 8}
    assert [tab.counts_table.item(r, 3).text() for r in range(4)] == ["8"] * 4
    assert tab.counts_table.item(3, 1).text() == "3"  # the source count stays shown
    assert "5" in tab.balance.result_label.text()  # 5 new images
    assert len(list((out / "Pro").iterdir())) == 8
    assert _hashes(tiny_dataset) == before


def test_balance_cancel_leaves_no_output_folder(qtbot, tab: DatasetTab, tiny_dataset: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from core.data import balance as augment

    calls = [0]
    real_apply = augment.apply_op

    def slow_apply(*args, **kwargs):
        calls[0] += 1
        time.sleep(0.05)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(augment, "apply_op", slow_apply)
    _scan(qtbot, tab, tiny_dataset)
    tab.balance.target_spin.setValue(200)  # 4 x 192 slow augmentations: far too long to finish
    out = Path(tab.balance.output_edit.text())
    tab.balance.start_button.click()
    qtbot.waitUntil(lambda: calls[0] >= 2, timeout=60_000)
    assert tab.is_busy()
    with qtbot.waitSignal(tab.balance.runner.worker.cancelled, timeout=30_000):
        tab.balance.task.cancel_button.click()
    qtbot.waitUntil(lambda: not tab.is_busy(), timeout=10_000)
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.partial")]
    assert "cancelled" in tab.balance.task.label.text()
    assert tab.balance.start_button.isEnabled()


def test_balance_result_and_chart_in_view_on_a_small_screen(qtbot, tab: DatasetTab,
                                                            tiny_dataset: Path) -> None:
    for p in sorted((tiny_dataset / "Pro").iterdir())[:5]:
        p.unlink()
    tab.resize(1024, 420)  # the page of a 1024x600 window
    tab.show()
    _scan(qtbot, tab, tiny_dataset)
    bars = tab.chart.figure.axes[0].patches
    assert [b.get_height() for b in bars] == [8, 8, 8, 3]  # the scanned counts
    tab.details.setCurrentIndex(0)  # the samples are shown when Balance is started
    tab.balance.output_edit.setText(str(tiny_dataset.with_name("balanced_small")))
    with qtbot.waitSignal(tab.balance.balanced, timeout=60_000):
        tab.balance.start()
    ax = tab.chart.figure.axes[0]
    assert [b.get_height() for b in ax.patches] == [8, 8, 8, 8]  # the chart: the new counts
    assert "after balancing" in ax.get_title()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Benign", "Early", "Pre", "Pro"]
    for widget in (tab.balance.result_label, tab.balance.task.bar, tab.balance.task.label, tab.chart):
        qtbot.waitUntil(lambda w=widget: not w.visibleRegion().isEmpty(), timeout=2000)
        assert widget.visibleRegion().boundingRect().size() == widget.size(), widget
    assert "5" in tab.balance.result_label.text()
