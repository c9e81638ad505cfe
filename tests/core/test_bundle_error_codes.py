"""BundleError carries a stable code and the values of its sentence, beside the English."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

import core.model.bundle as bundle_module
from core.model.bundle import BUNDLE_ERROR_CODES, BundleError, load_bundle, stamp_card


def _refused(path: Path) -> BundleError:
    with pytest.raises(BundleError) as info:
        load_bundle(path)
    err = info.value
    assert err.code in BUNDLE_ERROR_CODES
    assert set(err.params) == set(BUNDLE_ERROR_CODES[err.code]), (err.code, err.params)
    return err


MODULES = ("core/model/bundle.py", "core/model/card.py", "core/inference/predictor.py", "core/inference/cell_reader.py",
           "core/training/config.py", "core/training/finetune.py")


@pytest.mark.parametrize("module", MODULES)
def test_every_refusal_names_a_known_code(module: str) -> None:
    root = Path(bundle_module.__file__).resolve().parents[2]
    tree = ast.parse((root / module).read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and getattr(n.func, "id", "") == "BundleError"]
    assert calls
    for call in calls:
        assert len(call.args) == 3, f"{module}:{call.lineno}: BundleError without a code"
        code = call.args[1]
        assert isinstance(code, ast.Constant) and code.value in BUNDLE_ERROR_CODES, call.lineno
        keys = {k.value for k in call.args[2].keys}  # type: ignore[attr-defined]
        assert keys == set(BUNDLE_ERROR_CODES[code.value]), (module, call.lineno, keys)


def test_a_parent_refused_for_continued_training_has_its_code(tiny_model: Path) -> None:
    from core.training.config import TrainConfig, resolve_config

    parent = load_bundle(tiny_model)
    with pytest.raises(BundleError) as info:
        resolve_config(TrainConfig(from_model=str(tiny_model), image_size=parent.spec.size + 8), parent)
    err = info.value
    assert err.code == "bundle.parent_size"
    assert err.params == {"size": parent.spec.size, "requested": parent.spec.size + 8}
    assert str(err) == (f"parent model reads {parent.spec.size}px images, not {parent.spec.size + 8}px; "
                        "continued training keeps the parent's image size (leave it unset)")


def test_broken_folders_give_their_codes(tiny_model: Path, tmp_path: Path) -> None:
    err = _refused(tmp_path / "nothing")
    assert (err.code, err.params) == ("bundle.not_found", {"path": str(tmp_path / "nothing")})
    assert str(err) == f"{tmp_path / 'nothing'}: model folder not found"
    h5 = tmp_path / "old.h5"
    h5.write_bytes(b"\x89HDF")
    assert _refused(h5).params == {"path": str(h5), "suffix": ".h5"}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _refused(empty).code == "bundle.card_missing"

    copy = tmp_path / "copy"
    shutil.copytree(tiny_model, copy)
    with open(copy / "model.onnx", "ab") as fh:
        fh.write(b"x")
    err = _refused(copy)
    assert (err.code, err.params["name"]) == ("bundle.file_checksum", "model.onnx")
    shutil.rmtree(copy)
    shutil.copytree(tiny_model, copy)
    card = json.loads((copy / "model.json").read_text())
    card["classes"] = ["A", "B", "C", "D"]
    (copy / "model.json").write_text(json.dumps(card))
    assert _refused(copy).code == "bundle.card_checksum"
    (copy / "model.json").write_text(json.dumps(stamp_card(card)))
    err = _refused(copy)
    assert err.code == "bundle.other_classes" and err.params["classes"] == "['A', 'B', 'C', 'D']"
    (copy / "model.json").write_text("{broken")
    err = _refused(copy)
    assert err.code == "bundle.card_unreadable" and str(err).endswith(f"({err.params['detail']})")


def test_a_message_alone_is_bundle_other() -> None:
    err = BundleError("x: the bundle has no ONNX export")
    assert err.code == "bundle.other" and err.params == {"detail": "x: the bundle has no ONNX export"}
