"""Continued training of a ``cells`` model (core.training.cells_continue): the replay set every
cells bundle carries, the parent's head as the start, rehearsal, the reference scored side by
side with the override rule, the fallbacks of an older bundle, and the CLI path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.classes import CLASSES
from core.cli import main
from core.data.scan import ImageItem
from core.evaluation.reference import activation_block, reference_drop
from core.model.bundle import load_bundle, stamp_card
from core.model.carried import REFERENCE_FILE
from core.model.cells import CellSpec
from core.training.cell_features import FieldSet
from core.training.cell_replay import MAX_REPLAY_BYTES, REPLAY_FILE, read_replay, replay_bytes
from core.training.cells_continue import carry_cells_sets, parent_head
from tests.core.test_cell_model import GLASS, SMALL, disc_dataset, disc_field


def pale_dataset(root: Path, per_class: int = 8, seed: int = 7000, pale: float = 0.3) -> Path:
    """Disc fields (other seeds than :func:`disc_dataset`'s) blended toward the glass: a paler
    stain of another lab."""
    for c_i, label in enumerate(CLASSES):
        folder = root / label
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(per_class):
            x = disc_field(label, seed + 100 * c_i + i, n=2 + i % 3).astype(np.float32)
            x = x * (1 - pale) + np.array(GLASS, np.float32) * pale
            Image.fromarray(np.clip(x, 0, 255).astype(np.uint8)).save(folder / f"WBC-{label}-{i + 1:03d}.png")
    return root


@pytest.fixture(scope="module")
def parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny cells model (the tests' small cell reading), trained as any cells model is."""
    import core.training.cells as training_cells
    from core.training.train import TrainConfig, train

    root = tmp_path_factory.mktemp("cellparent")
    old = training_cells.CELL_SPEC
    training_cells.CELL_SPEC = SMALL
    try:
        result = train(disc_dataset(root / "origin"), root / "parent",
                       TrainConfig(arch="cells", epochs=6, batch_size=8, block_size=3, seed=1,
                                   export_onnx=False))
    finally:
        training_cells.CELL_SPEC = old
    return Path(result.bundle_dir)


@pytest.fixture(scope="module")
def carrying_parent(parent: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The parent with a reference of its origin: disc fields it was not trained on."""
    root = tmp_path_factory.mktemp("cellref")
    ref = pale_dataset(root / "ref", per_class=3, seed=5000, pale=0.0)
    items = [ImageItem(p, p.parent.name) for p in sorted(ref.rglob("*.png"))]
    return Path(carry_cells_sets(load_bundle(parent), root / "parent", reference=items,
                                 reference_note="tiny origin", independent=True).path)


def test_every_cells_bundle_carries_a_replay_of_its_training_cells(parent: Path) -> None:
    bundle = load_bundle(parent)
    record = bundle.card["carried"]["replay"]
    assert REPLAY_FILE in bundle.card["files"]  # checksummed like any file of the bundle
    replay = read_replay(parent / REPLAY_FILE, SMALL.feature_width)
    assert len(replay.fields.labels) == record["fields"] > record["clean_fields"] > 0
    assert set(replay.fields.labels.tolist()) == set(range(len(CLASSES)))
    assert sum(len(f) for f in replay.fields.features) == record["cells"]
    assert len(replay.stats) == len(replay.detail) == int(replay.clean.sum())
    assert record["bytes"] == (parent / REPLAY_FILE).stat().st_size <= MAX_REPLAY_BYTES
    with pytest.raises(ValueError, match="not 999-wide"):
        read_replay(parent / REPLAY_FILE, 999)


def test_the_replay_keeps_every_class_within_a_small_budget() -> None:
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(4), 25)
    feats = [rng.normal(size=(3, 16)).astype(np.float32) for _ in labels]
    train = FieldSet(feats, labels, rng.normal(size=(100, 5)), rng.normal(size=100))
    data, record = replay_bytes(train, None, 32, budget=40 * (3 * 16 * 2 + 64))
    per_class = record["counts"].values()  # two thirds of the budget (clean fields), class by class
    assert record["fields"] == 26 and max(per_class) - min(per_class) <= 1
    big, all_of_it = replay_bytes(train, None, 32)
    assert all_of_it["fields"] == 100 and len(big) > len(data)


def test_the_child_starts_from_the_parents_head(parent: Path) -> None:
    from core.inference.cell_reader import CellReader

    bundle = load_bundle(parent)
    train_model, inference = parent_head(bundle)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(5, SMALL.max_cells, SMALL.feature_width)).astype(np.float32)
    m = (rng.random((5, SMALL.max_cells)) < 0.2).astype(np.float32)
    m[:, 0] = 1.0
    want = CellReader(bundle, backend="keras").head(x, m)
    got = inference([x, m], training=False)
    for a, b in zip(want, got, strict=True):
        np.testing.assert_allclose(np.asarray(b), a, atol=1e-6)
    np.testing.assert_allclose(np.asarray(train_model([x, m], training=False)), want[0], atol=1e-6)


def lab_split(folder: Path) -> Path:
    """The paler lab's fields split by hand in blocks of three consecutive fields (numbers
    1-3 train, 4-6 validation, 7-9 test): a test part of every class to score."""
    from core.data.split import Manifest, SplitEntry, write_manifest

    root = pale_dataset(folder / "lab", per_class=9)
    entries = tuple(SplitEntry(f"{p.parent.name}/{p.name}", p.parent.name,
                               ("train", "val", "test")[(int(p.stem[-3:]) - 1) // 3],
                               f"{p.parent.name}/{(int(p.stem[-3:]) - 1) // 3}")
                    for p in sorted(root.rglob("*.png")))
    return write_manifest(Manifest(root, entries, 1, (1 / 3, 1 / 3, 1 / 3), 3, 0),
                          folder / "lab-split.json")


def _child(tmp_path: Path, parent: Path, *args: str) -> tuple[int, dict]:
    data = lab_split(tmp_path)
    code = main(["train", str(data), "--from", str(parent), "--no-backup",
                 "--out", str(tmp_path / "child"), *args])
    return code, (load_bundle(tmp_path / "child").card if code == 0 else {})


def test_continued_cells_model_from_the_cli(carrying_parent: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture) -> None:
    from core.inference.predictor import Predictor

    parent = load_bundle(carrying_parent)
    code, card = _child(tmp_path, carrying_parent, "--epochs", "3")
    assert code == 0
    out = capsys.readouterr().out
    assert f"continued from {parent.model_id}" in out
    assert "reference (independent): parent" in out and "new lab's held-out part: parent" in out
    assert card["parent"]["id"] == parent.model_id and card["architecture"] == "cells"
    assert CellSpec.from_card(card) == CellSpec.from_card(parent.card) == SMALL  # chroma too
    rec = card["continued"]
    # rehearsed: the parent's stored cell features, all of them among what the head saw
    replay = parent.card["carried"]["replay"]
    assert rec["rehearsal"]["source"] == "replay" and rec["rehearsal_images"] == replay["fields"]
    fields = card["training"]["fields"]
    assert fields["rehearsal"] == replay["fields"] and fields["cells"] > replay["cells"]
    assert rec["method"]["l2sp"] > 0 and rec["method"]["train"] == "head"
    # the reference: 12 independent images, parent and child on it; the new lab's test part
    ref = rec["reference"]
    assert ref["n"] == 12 and ref["independent"] is True and ref["left_out_as_trained"] == 0
    assert ref["parent"]["n"] == ref["model"]["n"] == 12
    assert rec["new_lab"]["parent"]["n"] == rec["new_lab"]["model"]["n"] == card["metrics"]["test"]["n"]
    drop = reference_drop(card)
    assert drop is not None and (activation_block(card) != "") == (drop > 1.0)
    # the sets travel on, the replay unchanged
    assert card["files"][REPLAY_FILE] == parent.card["files"][REPLAY_FILE]
    assert card["files"][REFERENCE_FILE] == parent.card["files"][REFERENCE_FILE]
    assert card["carried"]["replay"] == replay and card["carried"]["reference"]["n"] == 12
    # recalibrated on the new lab: the uncertainty reference is the child's own
    assert card["uncertainty"] != parent.card["uncertainty"]
    p = Predictor(load_bundle(tmp_path / "child"))
    pred = p.predict_path(sorted((tmp_path / "lab" / "Pro").glob("*.png"))[0])
    assert pred.error is None and set(pred.probabilities) == set(CLASSES)


def test_a_child_trained_at_a_negligible_rate_answers_as_its_parent(
        carrying_parent: Path, tmp_path: Path) -> None:
    import keras

    code, card = _child(tmp_path, carrying_parent, "--epochs", "1", "--lr", "1e-7")
    assert code == 0
    a = keras.models.load_model(carrying_parent / "model.keras", compile=False, safe_mode=True)
    b = keras.models.load_model(tmp_path / "child" / "model.keras", compile=False, safe_mode=True)
    for wa, wb in zip(a.get_weights(), b.get_weights(), strict=True):
        np.testing.assert_allclose(wb, wa, atol=1e-4)
    lab = card["continued"]["new_lab"]
    assert lab["model"]["accuracy"] == lab["parent"]["accuracy"]
    ref = card["continued"]["reference"]
    assert ref["model"]["accuracy"] == ref["parent"]["accuracy"] and activation_block(card) == ""


def test_rehearsal_off_trains_on_the_new_fields_only(carrying_parent: Path, tmp_path: Path) -> None:
    code, card = _child(tmp_path, carrying_parent, "--epochs", "1", "--no-rehearsal", "--l2sp", "0")
    assert code == 0
    rec = card["continued"]
    assert rec["rehearsal"]["source"] == "none" and card["training"]["fields"]["rehearsal"] == 0
    assert rec["method"]["rehearsal"] is False and rec["method"]["l2sp"] == 0


def _older(parent: Path, folder: Path, drop: tuple[str, ...]) -> Path:
    """A copy of ``parent`` without the files ``drop`` (a bundle from before they existed)."""
    shutil.copytree(parent, folder)
    card = json.loads((folder / "model.json").read_text())
    for name in drop:
        (folder / name).unlink()
        del card["files"][name]
    card.pop("carried", None)
    (folder / "model.json").write_text(json.dumps(stamp_card(card)))
    return folder


def test_a_child_measures_detail_as_its_parent_did(carrying_parent: Path, tmp_path: Path) -> None:
    """A parent whose detail is measured otherwise than new models measure it keeps its measure
    in the child: its replay set's detail is in it, and the child's range must be too."""
    from core.inference.uncertainty import DETAIL_MEASURE

    own = load_bundle(carrying_parent).card["uncertainty"]["detail_measure"]
    assert own == DETAIL_MEASURE
    other = "relative" if own == "absolute" else "absolute"
    old = tmp_path / "old"
    shutil.copytree(carrying_parent, old)
    card = json.loads((old / "model.json").read_text())
    card["uncertainty"]["detail_measure"] = other
    (old / "model.json").write_text(json.dumps(stamp_card(card)))
    code, child = _child(tmp_path / "a", old, "--epochs", "1")
    assert code == 0 and child["uncertainty"]["detail_measure"] == other
    # a card from before the measure was recorded: absolute
    del card["uncertainty"]["detail_measure"]
    (old / "model.json").write_text(json.dumps(stamp_card(card)))
    code, child = _child(tmp_path / "b", old, "--epochs", "1")
    assert code == 0 and child["uncertainty"]["detail_measure"] == "absolute"


def test_an_older_bundle_rehearses_its_training_images_or_says_it_cannot(
        parent: Path, tmp_path: Path) -> None:
    old = _older(parent, tmp_path / "old", (REPLAY_FILE,))
    code, card = _child(tmp_path / "a", old, "--epochs", "1")
    assert code == 0
    rec = card["continued"]
    assert rec["rehearsal"]["source"] == "parent's training images" and rec["rehearsal"]["fields"] > 0
    # it carries no reference: making the child active needs an override
    assert rec["reference"]["n"] == 0 and "no reference" in activation_block(card)
    older = _older(parent, tmp_path / "older", (REPLAY_FILE, "split.json"))
    code, card = _child(tmp_path / "b", older, "--epochs", "1")
    assert code == 0
    rec = card["continued"]["rehearsal"]
    assert rec["source"] == "none" and "rehearsal unavailable" in rec["note"]
