"""Issue #19, item 4: bounded resources; every file the app reads is regular and bounded."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import core.data.images as images
from core.cli import main
from core.data.corrections import CorrectionsError, CorrectionsFile
from core.data.scan import DatasetError
from core.data.split import read_manifest
from core.fileutil import InputRefused, read_input_bytes
from tests.conftest import make_dataset


def test_decode_budget_counts_bit_depth_and_channels(tmp_path: Path, monkeypatch) -> None:
    """Same pixel count, different depth: the 16-bit image needs more memory and is refused."""
    eight = tmp_path / "rgb8.png"
    Image.fromarray(np.zeros((300, 300, 3), np.uint8)).save(eight)
    deep = tmp_path / "grey16.png"
    Image.fromarray(np.zeros((300, 300), np.uint16)).save(deep)
    budget = images.decoded_bytes("RGB", 300, 300)  # exactly what the 8-bit one needs
    monkeypatch.setattr(images, "MAX_DECODED_BYTES", budget)
    assert images.load_rgb(eight).shape == (300, 300, 3)
    with pytest.raises(images.ImageError, match="too large to decode .*I;16"):
        images.load_rgb(deep)


def test_decode_workers_follow_memory(monkeypatch) -> None:
    monkeypatch.setattr(images, "available_memory", lambda: 3 * images.MAX_DECODED_BYTES)
    monkeypatch.setattr(os, "cpu_count", lambda: 16)
    assert images.decode_workers() == 1
    monkeypatch.setattr(images, "available_memory", lambda: 100 * images.MAX_DECODED_BYTES)
    assert images.decode_workers() == 8
    monkeypatch.setattr(images, "available_memory", lambda: None)
    assert images.decode_workers() == 8


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifos_are_refused_for_every_kind_of_file(tmp_path: Path, tiny_model: Path) -> None:
    """A FIFO would block a reader forever: manifests, corrections, cards, images refuse it."""
    fifo = tmp_path / "split.json"
    os.mkfifo(fifo)
    with pytest.raises(DatasetError, match="not a regular file"):
        read_manifest(fifo)
    corr = tmp_path / "corrections.csv"
    os.mkfifo(corr)
    with pytest.raises(CorrectionsError, match="not a regular file"):
        CorrectionsFile.load(corr)
    img = tmp_path / "field.png"
    os.mkfifo(img)
    with pytest.raises(images.ImageError, match="not a regular file"):
        images.load_rgb(img)
    import shutil

    from core.model.bundle import BundleError, load_bundle

    model = tmp_path / "m"
    shutil.copytree(tiny_model, model)
    (model / "model.json").unlink()
    os.mkfifo(model / "model.json")
    with pytest.raises(BundleError, match="not a regular file"):
        load_bundle(model)


def test_oversized_files_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2048)
    with pytest.raises(InputRefused, match="larger than"):
        read_input_bytes(big, 1024, "manifest")


@pytest.mark.parametrize("body", ["[" * 50_000 + "]" * 50_000, '{"a":' * 100 + "1" + "}" * 100,
                                  "[1, 2]", '{"format": "leukemia-split/1", "entries": 3}'])
def test_nested_or_malformed_manifests_are_one_message(tmp_path: Path, capsys, body: str) -> None:
    manifest = tmp_path / "split.json"
    manifest.write_text(body)
    with pytest.raises(DatasetError):
        read_manifest(manifest)
    code = main(["-q", "train", str(manifest), "--out", str(tmp_path / "m"), "--epochs", "1",
                 "--image-size", "32"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert str(manifest) in err


def test_balance_target_range(tmp_path: Path, capsys) -> None:
    data = make_dataset(tmp_path / "d", per_class=2, size=32)
    for target in ("0", "-5", "10000000"):
        code = main(["-q", "balance", str(data), str(tmp_path / f"out{target}"), "--target", target])
        err = capsys.readouterr().err
        assert code == 2 and "out of range: allowed 1 to" in err
        assert not (tmp_path / f"out{target}").exists()
    assert json.dumps(os.listdir(tmp_path))
