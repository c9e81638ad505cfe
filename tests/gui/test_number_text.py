"""Figures on screen round as the command line and the reports round them: Python's half to even,
not Qt's half away from zero, so 26 of 32 reads 81.2% in the Train tab and in the terminal."""

from __future__ import annotations

import pytest

from core.evaluation.metrics import accuracy_text as core_accuracy_text
from core.model.card import PartMetrics
from leukemia_gui import i18n
from leukemia_gui.i18n import number, percent
from leukemia_gui.widgets.train_result import accuracy_line


@pytest.mark.parametrize("value, decimals, english, spanish", [
    (81.25, 1, "81.2", "81,2"), (81.35, 1, "81.3", "81,3"), (0.5, 0, "0", "0"), (1.5, 0, "2", "2"),
    (-2.25, 1, "-2.2", "-2,2"), (1234.5, 1, "1,234.5", "1234,5")])
def test_fixed_rounds_as_python_does_in_both_languages(qapp, value, decimals, english, spanish) -> None:
    try:
        assert i18n.fixed(value, decimals) == english
        assert i18n.install_translator(qapp, "es")
        assert i18n.fixed(value, decimals) == spanish
    finally:
        i18n.install_translator(qapp, "en")


def test_the_train_result_line_matches_the_command_lines(qapp) -> None:
    m = {"n": 32, "accuracy": 26 / 32, "accuracy_ci95": [0.6469, 0.9111], "balanced_accuracy": 0.8125}
    i18n.install_translator(qapp, "en")
    name = "Training-image (no validation part) accuracy"
    assert accuracy_line(PartMetrics.from_dict(m), name) == core_accuracy_text(m, name)
    assert "81.2%" in core_accuracy_text(m, name)
    assert percent(26 / 32) == "81.2 %"


def test_percent_signs_spacing_and_missing_values(qapp) -> None:
    i18n.install_translator(qapp, "en")
    assert percent(0.853) == "85.3 %" and percent(0.853, 0) == "85 %"
    assert percent(0.0125, signed=True) == "+1.2 %" and percent(-0.0125, signed=True) == "-1.2 %"
    assert percent(0.5, space="") == "50.0%"
    assert percent(None) == "–" and percent(float("nan"), none="—") == "—" and percent("x") == "–"
    assert number(None, 2) == "–" and number(float("inf"), 2, none="nan") == "nan"
    try:
        assert i18n.install_translator(qapp, "es")
        assert percent(0.853) == "85,3 %" and number(0.8534, 3) == "0,853"
    finally:
        i18n.install_translator(qapp, "en")
