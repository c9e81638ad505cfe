"""First start: Classify with an empty state (samples button, link to the guide), later the last
tab; the heatmap legend; the terms' tooltips; Help (guide, shortcuts, language, About)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence

from leukemia_gui.main_window import MainWindow
from leukemia_gui.tabs.classify_tab import ClassifyTab
from leukemia_gui.widgets.comparison_view import ComparisonSummaryWidget
from leukemia_gui.widgets.image_result import ImageResultWidget
from leukemia_gui.widgets.metrics_view import MetricsWidget


def test_first_start_opens_on_classify_then_the_last_tab(qtbot, tmp_path: Path, open_window) -> None:
    window = open_window()
    assert window.tabs.currentWidget() is window.classify_tab
    window.tabs.setCurrentWidget(window.review_tab)
    again = open_window()  # the same settings file
    assert again.tabs.currentWidget() is again.review_tab
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/tab", "no-such-tab")  # a stale value: Classify again
    settings.sync()
    assert open_window().tabs.currentWidget().__class__ is ClassifyTab


def test_empty_state_says_what_to_do_and_classifies_the_samples(qtbot, open_tab, context) -> None:
    tab = open_tab(ClassifyTab, context, size=(1024, 560))
    tab.show()
    state = tab.empty_state
    qtbot.waitUntil(state.isVisible, timeout=2000)
    assert "Drop image files or a folder" in state.body.text()
    assert state.samples_button.text() == "Try the bundled samples"
    with qtbot.waitSignal(state.help_requested, timeout=1000):
        state.help_link.linkActivated.emit("help")
    state.samples_button.click()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 8, timeout=60000)
    assert not state.isVisible()
    # the rows arrive before the batch has ended (Clear is enabled once it has)
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.clear_button.isEnabled(), timeout=60000)
    tab.clear_button.click()
    qtbot.waitUntil(state.isVisible, timeout=2000)


def test_heatmap_legend_shown_with_the_heatmap(qtbot) -> None:
    widget = ImageResultWidget()
    qtbot.addWidget(widget)
    widget.heatmap_check.setEnabled(True)
    assert not widget.heatmap_legend.isVisibleTo(widget)
    widget.heatmap_check.setChecked(True)
    assert widget.heatmap_legend.isVisibleTo(widget)
    assert "blue" in widget.heatmap_legend.toolTip() and "red" in widget.heatmap_legend.toolTip()
    widget.heatmap_check.setChecked(False)
    assert not widget.heatmap_legend.isVisibleTo(widget)


def test_terms_are_explained_in_tooltips(qtbot) -> None:
    metrics = MetricsWidget()
    qtbot.addWidget(metrics)
    assert "calibration" in metrics.values["ece"].toolTip()
    assert "not sure" in metrics.values["uncertain_rate"].toolTip()
    summary = ComparisonSummaryWidget()
    qtbot.addWidget(summary)
    assert "percentage points" in summary.metrics_table.horizontalHeaderItem(3).toolTip()
    from leukemia_gui.widgets.results_table import ResultsTableWidget

    table = ResultsTableWidget()
    qtbot.addWidget(table)
    assert "not sure" in table.horizontalHeaderItem(3).toolTip()


def test_help_menu_guide_shortcuts_language_about(qtbot, open_window) -> None:
    window: MainWindow = open_window()
    help_menu = window.menuBar().actions()[-1].menu()
    titles = [a.text().replace("&", "") for a in help_menu.actions() if not a.isSeparator()]
    assert titles == ["Getting started", "Keyboard shortcuts", "Language", "About…"]
    assert window.help_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    dialog = window.show_help()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for words in ("Where to start", "Classify", "Dataset", "Train", "Evaluate", "Review",
                  "Compare", "Keyboard shortcuts", "Ctrl+M", "ECE"):
        assert words in text
    assert window.show_help() is dialog  # one window, raised again
    window.classify_tab.empty_state.help_requested.emit()
    assert dialog.isVisible()
    window.shortcuts_action.trigger()
    assert [a.text() for a in window.language_menu.actions()] == ["System default", "English",
                                                                  "Español"]
    window.language_actions["es"].trigger()
    assert window.context.settings.value("ui/language") == "es"
    assert "started again" in window.statusBar().currentMessage()
