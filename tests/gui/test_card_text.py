"""The model card as the Evaluate tab shows it: in Spanish its split and setting names too, in
English the card's own names; its numbers and date in the locale's form."""

from __future__ import annotations

from core.model.card import ModelCard
from leukemia_gui import i18n
from leukemia_gui.core_text import card_text

CARD = {"id": "m-1", "architecture": "default", "created": "2026-12-01T20:26:03+00:00",
        "dataset": {"counts": {"train": {"Benign": 3, "Pre": 4}, "val": {"Benign": 1, "Pre": 1},
                               "test": {"Benign": 1, "Pre": 2}}},
        "training": {"epochs": 30, "epochs_run": 12, "best_epoch": 9, "batch_size": 32,
                     "image_size": 96, "learning_rate": 0.002, "seed": 42, "seconds": 61.5}}


def test_the_cards_names_in_english_are_the_cards_own(qapp) -> None:
    i18n.install_translator(qapp, "en")
    lines = card_text(ModelCard.from_dict(CARD)).splitlines()
    assert "  train      7  (Benign 3, Pre 4)" in lines
    assert ("Settings: epochs=30, epochs_run=12, best_epoch=9, batch_size=32, image_size=96, "
            "learning_rate=0.002, seed=42, seconds=61.5") in lines
    created = next(line for line in lines if line.startswith("Created:"))
    assert created.startswith("Created:      12/1/26 8:26") and created.endswith("PM UTC")  # month first


def test_the_cards_names_in_spanish(qapp) -> None:
    assert i18n.install_translator(qapp, "es")
    try:
        lines = card_text(ModelCard.from_dict(CARD)).splitlines()
    finally:
        i18n.install_translator(qapp, "en")
    assert "  entrenamiento     7  (Benign 3, Pre 4)" in lines
    assert "  validación        2  (Benign 1, Pre 1)" in lines
    assert "  prueba            3  (Benign 1, Pre 2)" in lines
    settings = next(line for line in lines if line.startswith("Ajustes: "))
    assert settings == ("Ajustes: épocas=30, épocas hechas=12, mejor época=9, tamaño de lote=32, "
                        "tamaño de imagen=96, tasa de aprendizaje=0,002, semilla=42, segundos=61,5")
    assert "Creado:            1/12/26 20:26 UTC" in lines  # the locale's date, day first
