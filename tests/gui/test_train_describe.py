"""The Train tab's line of settings names the augmentation and the schedule in the interface
language (in English as the command line takes them)."""

from __future__ import annotations

from core.training.config import TrainConfig, resolve_config
from leukemia_gui import i18n
from leukemia_gui.tabs.train_text import describe


def test_the_settings_line_in_each_language(qapp) -> None:
    cfg = resolve_config(TrainConfig(arch="default"))
    assert (cfg.augment, cfg.schedule) == ("stain-crop", "cosine")
    english = describe(cfg)
    assert "augmentation stain-crop, schedule cosine" in english
    assert i18n.install_translator(qapp, "es")
    try:
        spanish = describe(cfg)
    finally:
        i18n.install_translator(qapp, "en")
    assert "aumento de tinción y recorte, programa coseno" in spanish
    assert "stain" not in spanish and "cosine" not in spanish
