"""Issue #19, item 1: no output of a run can delete, truncate or replace user data."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from core.cli import main
from core.fileutil import BACKUP_MARKER, OutputRefused, guard_backup_dir, guard_output_dir, guard_output_file
from core.model.bundle import load_bundle
from core.training.checks import check_outputs
from core.training.train import TrainConfig, train
from tests.conftest import make_dataset, smear


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def cli(capsys, *args: str) -> tuple[int, str]:
    code = main(["-q", *args])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


TINY = ("--epochs", "1", "--image-size", "32", "--batch-size", "8")


@pytest.mark.parametrize("where", ["data", "parent", "inside", "unrelated"])
def test_train_out_never_replaces_user_folders(tmp_path: Path, capsys, where: str) -> None:
    data = make_dataset(tmp_path / "lab" / "data", per_class=4, size=32)
    other = tmp_path / "thesis"
    other.mkdir()
    (other / "chapter1.docx").write_bytes(b"years of work")
    out = {"data": data, "parent": data.parent, "inside": data / "Benign",
           "unrelated": other}[where]
    before = tree(tmp_path)
    code, err = cli(capsys, "train", str(data), "--out", str(out), *TINY)
    assert code == 2 and len(err.strip().splitlines()) == 1 and str(out) in err
    assert tree(tmp_path) == before  # nothing created, moved or removed


def test_backup_dir_that_is_not_ours_is_refused_and_kept(tmp_path: Path, capsys) -> None:
    data = make_dataset(tmp_path / "data", per_class=4, size=32)
    mine = tmp_path / "photos"
    mine.mkdir()
    (mine / "holiday.jpg").write_bytes(b"jpeg")
    code, err = cli(capsys, "train", str(data), "--out", str(tmp_path / "m"),
                    "--backup-dir", str(mine), *TINY)
    assert code == 2 and "not made by this app" in err
    assert (mine / "holiday.jpg").read_bytes() == b"jpeg" and not (tmp_path / "m").exists()


def test_backup_made_by_the_app_is_marked_and_removed_after_success(tmp_path: Path, capsys) -> None:
    data = make_dataset(tmp_path / "data", per_class=4, size=32)
    backup = tmp_path / "bk"
    code, _ = cli(capsys, "train", str(data), "--out", str(tmp_path / "m"), "--backup-dir",
                  str(backup), *TINY)
    assert code == 0 and load_bundle(tmp_path / "m")
    assert not backup.exists()  # it carried the marker, so it was removed


def test_guard_backup_accepts_only_new_empty_or_marked(tmp_path: Path) -> None:
    guard_backup_dir(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    guard_backup_dir(tmp_path / "empty")
    marked = tmp_path / "marked"
    marked.mkdir()
    (marked / BACKUP_MARKER).write_text("x")
    (marked / "state.json").write_text("{}")
    guard_backup_dir(marked)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "a").write_text("x")
    with pytest.raises(OutputRefused, match="not made by this app"):
        guard_backup_dir(tmp_path / "full")


def test_existing_model_replaced_only_by_a_working_one(tiny_model: Path, tmp_path: Path,
                                                       monkeypatch) -> None:
    """A training whose final check fails (the new model does not load) leaves the old
    model exactly as it was."""
    import core.inference.predictor as predictor
    import core.model.bundle as bundle

    out = tmp_path / "model"
    shutil.copytree(tiny_model, out)
    before = tree(out)
    data = make_dataset(tmp_path / "data", per_class=4, size=32)

    def fails(b):  # the final check: the new bundle must load and run
        raise bundle.BundleError(f"{b.path}: the new model does not load (simulated)")

    monkeypatch.setattr(predictor, "verify_loadable", fails)
    with pytest.raises(bundle.BundleError, match="does not load"):
        train(data, out, TrainConfig(epochs=1, image_size=32, batch_size=8, export_onnx=False))
    assert tree(out) == before and load_bundle(out)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".model.")]


def test_existing_model_is_replaced_by_a_new_training(tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "model"
    shutil.copytree(tiny_model, out)
    old_id = load_bundle(out).model_id
    data = make_dataset(tmp_path / "data", per_class=4, size=32)
    train(data, out, TrainConfig(epochs=1, image_size=32, batch_size=8, export_onnx=False))
    assert load_bundle(out).model_id != old_id


def test_the_continued_and_the_shipped_model_are_never_outputs(tiny_model: Path,
                                                               tmp_path: Path) -> None:
    from core.model.bundle import default_model_dir

    data = make_dataset(tmp_path / "data", per_class=2, size=32)
    with pytest.raises(OutputRefused, match="must not replace"):
        check_outputs(data, default_model_dir(), TrainConfig())
    with pytest.raises(OutputRefused, match="must not replace"):
        check_outputs(data, tiny_model, TrainConfig(from_model=str(tiny_model)))


def test_manifest_data_root_is_protected(tmp_path: Path, capsys) -> None:
    data = make_dataset(tmp_path / "data", per_class=4, size=32)
    manifest = tmp_path / "split.json"
    assert cli(capsys, "split", str(data), "--out", str(manifest))[0] == 0
    code, err = cli(capsys, "train", str(manifest), "--out", str(data / "Pre"), *TINY)
    assert code == 2 and "inside the data folder" in err


@pytest.mark.parametrize("flag", ["--csv", "--jsonl", "--audit"])
def test_predict_outputs_never_an_input_image(tiny_model: Path, tmp_path: Path, capsys,
                                              flag: str) -> None:
    img = tmp_path / "field.png"
    Image.fromarray(smear("Pre", 1, 32)).save(img)
    before = img.read_bytes()
    code, err = cli(capsys, "predict", str(img), "--model", str(tiny_model), flag, str(img))
    assert code == 2 and "one of the inputs" in err and img.read_bytes() == before


def test_predict_outputs_never_the_same_file_twice_or_in_the_model(tiny_model: Path,
                                                                    tmp_path: Path, capsys) -> None:
    img = tmp_path / "field.png"
    Image.fromarray(smear("Pre", 1, 32)).save(img)
    out = tmp_path / "r.csv"
    code, err = cli(capsys, "predict", str(img), "--model", str(tiny_model), "--csv", str(out),
                    "--jsonl", str(out))
    assert code == 2 and "two outputs" in err and not out.exists()
    before = tree(tiny_model)
    code, err = cli(capsys, "predict", str(img), "--model", str(tiny_model), "--csv",
                    str(tiny_model / "model.json"))
    assert code == 2 and "model folder" in err and tree(tiny_model) == before


def test_evaluate_and_split_outputs_are_guarded(tiny_model: Path, tmp_path: Path, capsys) -> None:
    data = make_dataset(tmp_path / "data", per_class=2, size=32)
    before = tree(data)
    victim = next((data / "Pre").iterdir())
    assert cli(capsys, "split", str(data), "--out", str(victim))[0] == 2
    assert cli(capsys, "evaluate", str(data), "--model", str(tiny_model), "--json",
               str(data / "metrics.json"))[0] == 2
    assert cli(capsys, "evaluate", str(data), "--model", str(tiny_model), "--json",
               str(tiny_model / "model.json"))[0] == 2
    assert tree(data) == before


@pytest.mark.parametrize("value,flag", [("0", "--epochs"), ("100000", "--epochs"),
                                        ("8", "--image-size"), ("4096", "--image-size"),
                                        ("0", "--batch-size"), ("-1", "--batch-size")])
def test_absurd_training_settings_are_refused_with_the_range(tmp_path: Path, capsys,
                                                             value: str, flag: str) -> None:
    data = make_dataset(tmp_path / "data", per_class=2, size=32)
    args = dict(zip(TINY[0::2], TINY[1::2]))
    args[flag] = value
    flat = [x for kv in args.items() for x in kv]
    code, err = cli(capsys, "train", str(data), "--out", str(tmp_path / "m"), *flat)
    assert code == 2 and "out of range: allowed" in err and not (tmp_path / "m").exists()


def test_guard_output_file_refuses_non_regular_files(tmp_path: Path) -> None:
    import os

    (tmp_path / "dir").mkdir()
    with pytest.raises(OutputRefused, match="not a regular file"):
        guard_output_file(tmp_path / "dir")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo")
        with pytest.raises(OutputRefused, match="not a regular file"):
            guard_output_file(tmp_path / "fifo")


def test_guard_output_dir_via_symlink_to_the_data(tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "data", per_class=1, size=32)
    link = tmp_path / "alias"
    link.symlink_to(data)
    with pytest.raises(OutputRefused, match="inside the data folder"):
        guard_output_dir(link / "out", data_roots=[data])
    assert json.dumps(tree(data))
