"""One line, never a traceback (issue #19, item 5), through the ``leukemia`` command: deeply
nested or malformed cards, manifests and corrections files, a model whose ONNX outputs have the
wrong shape, oversized CSV fields, and file names that are not valid UTF-8 (reported with a
safe display name while the other files go on, in every command and output format)."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

from core.inference.audit import verify_log
from core.model.bundle import default_model_dir, stamp_card
from core.cli import main
from tests.conftest import make_dataset, smear

pytestmark = pytest.mark.skipif(sys.platform == "win32" or sys.platform == "darwin",
                                reason="names that are not valid UTF-8 need a byte-named file "
                                       "system (Linux)")

BAD = b"bad\xff name.png"  # not valid UTF-8
BAD_SHOWN = "bad\\xff name.png"
BAD_ZERO = b"zero\xfe.jpg"  # not valid UTF-8 and unreadable (empty)


def _run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["-q", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and 'File "' not in err
    return code, out, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _bytes_name(folder: Path, name: bytes) -> str:
    return os.fsdecode(os.fsencode(str(folder)) + b"/" + name)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """3 images per class, plus in Benign and Pro a readable image with a non-UTF-8 name, and in
    Pro an empty file with one."""
    root = make_dataset(tmp_path / "data", per_class=3, size=48)
    for i, label in enumerate(("Benign", "Pro")):
        Image.fromarray(smear(label, 50 + i, 48)).save(_bytes_name(root / label, BAD),
                                                      format="PNG")
    open(_bytes_name(root / "Pro", BAD_ZERO), "wb").close()
    return root


# ------------------------------------------------------------ names that are not valid UTF-8


def test_scan_with_undecodable_names(capsys: pytest.CaptureFixture, data: Path) -> None:
    code, out, err = _run(capsys, "scan", str(data))
    assert code == 0, err
    assert "14 readable images" in out and "zero\\xfe.jpg: empty file" in out
    code, out, err = _run(capsys, "scan", str(data), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert sum(result["counts"].values()) == 14
    assert [b["path"].endswith("zero\\xfe.jpg") for b in result["bad_files"]] == [True]


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "jsonl", "audit"])
def test_predict_with_undecodable_names(capsys: pytest.CaptureFixture, data: Path,
                                        tmp_path: Path, fmt: str) -> None:
    out_file = tmp_path / f"out.{fmt}"
    extra = {"text": [], "json": ["--json"], "csv": ["--csv", str(out_file)],
             "jsonl": ["--jsonl", str(out_file)], "audit": ["--audit", str(out_file)]}[fmt]
    code, out, err = _run(capsys, "predict", str(data / "Pro"), *extra)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 5  # 3 images, the undecodable one, the empty one: one line each
    if fmt == "json":  # the names as JSON strings
        recs = [json.loads(line) for line in lines]
        assert sum(1 for r in recs if "error" not in r) == 4
        assert any(r["path"].endswith(BAD_SHOWN) for r in recs)
        assert any(r["path"].endswith("zero\\xfe.jpg") and "error" in r for r in recs)
    else:
        assert any(BAD_SHOWN in line for line in lines)
        assert any("zero\\xfe.jpg: ERROR" in line for line in lines)
    if fmt in ("csv", "jsonl", "audit"):
        text = out_file.read_bytes().decode("utf-8")  # valid UTF-8, the name escaped
        if fmt == "csv":
            assert BAD_SHOWN in text
        else:
            paths = [json.loads(line)["path"] for line in text.splitlines()]
            assert any(p.endswith(BAD_SHOWN) for p in paths)
    if fmt in ("csv", "jsonl"):  # resume finds every image, the undecodable one too
        code, out, err = _run(capsys, "predict", str(data / "Pro"), *extra, "--resume")
        assert code == 0 and "5 of 5 image(s) already done" in err, err
        if fmt == "csv":
            rows = list(csv.reader(out_file.open(encoding="utf-8", newline="")))
            assert len(rows) == 6
    if fmt == "audit":
        check = verify_log(out_file)
        assert check.ok and check.chained == 4


def test_evaluate_and_balance_with_undecodable_names(capsys: pytest.CaptureFixture, data: Path,
                                                     tmp_path: Path) -> None:
    code, out, err = _run(capsys, "evaluate", str(data), "--json", str(tmp_path / "ev.json"))
    assert code == 0, err
    assert "14 images" in out and "zero\\xfe.jpg: empty file" in err
    assert json.loads((tmp_path / "ev.json").read_text(encoding="utf-8"))["n"] == 14
    code, out, err = _run(capsys, "balance", str(data), str(tmp_path / "bal"), "--target", "6")
    assert code == 0, err
    assert "zero\\xfe.jpg: empty file" in out
    for label in ("Benign", "Early", "Pre", "Pro"):
        assert len(os.listdir(tmp_path / "bal" / label)) == 6
    code, out, err = _run(capsys, "balance", str(data), str(tmp_path / "bal2"), "--target", "6",
                          "--json")
    assert code == 0, err
    json.loads(out)


def test_compare_and_dedup_with_undecodable_names(capsys: pytest.CaptureFixture, data: Path,
                                                  tmp_path: Path) -> None:
    model = str(default_model_dir())
    code, out, err = _run(capsys, "compare", str(data), model, model, "--json",
                          str(tmp_path / "c.json"))
    assert code == 0, err
    json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    code, out, err = _run(capsys, "dedup", str(data), "--max-distance", "64")
    assert code == 0 and BAD_SHOWN in out, err  # everything is a near-duplicate at 64


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_split_manifest_keeps_undecodable_names(capsys: pytest.CaptureFixture, data: Path,
                                                tmp_path: Path, suffix: str) -> None:
    manifest = tmp_path / f"m{suffix}"
    code, out, err = _run(capsys, "split", str(data), "--out", str(manifest), "--block-size", "1")
    assert code == 0, err
    code, out, err = _run(capsys, "evaluate", str(manifest), "--split", "train")
    assert code == 0, err
    assert "skipped" not in err  # every listed file, the undecodable ones too, was found


# ------------------------------------------------------------ malformed and nested files


def _model_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(default_model_dir(), tmp_path / "model"))


def _image(tmp_path: Path) -> Path:
    img = tmp_path / "a.png"
    Image.fromarray(smear("Pro", 1, 48)).save(img)
    return img


@pytest.mark.parametrize("body", ["[" * 100_000, "{" * 50 + "}" * 50, "{not json", "",
                                  json.dumps({"format": "leukemia-model/2"}), "[]"])
def test_nested_or_malformed_card(capsys: pytest.CaptureFixture, tmp_path: Path,
                                  body: str) -> None:
    model = _model_copy(tmp_path)
    (model / "model.json").write_text(body, encoding="utf-8")
    code, out, err = _run(capsys, "predict", str(_image(tmp_path)), "--model", str(model))
    assert code == 2 and "model.json" in _one_line(err) and out == ""


@pytest.mark.parametrize("body", ["[" * 100_000, '{"format": "leukemia-split/1", "root": [[[',
                                  '{"format": "leukemia-split/1", "entries": 5}', "{"])
def test_nested_or_malformed_manifest(capsys: pytest.CaptureFixture, tmp_path: Path,
                                      body: str) -> None:
    manifest = tmp_path / "m.json"
    manifest.write_text(body, encoding="utf-8")
    code, _, err = _run(capsys, "evaluate", str(manifest))
    assert code == 2 and "m.json" in _one_line(err)


def test_manifest_csv_with_an_oversized_field(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(f"# leukemia-split/1 root={tmp_path} seed=1\npath,label,split,group\n"
                        f"\"{'x' * 200_000}\",Pro,test,g\n", encoding="utf-8")
    code, _, err = _run(capsys, "evaluate", str(manifest))
    assert code == 2 and "m.csv" in _one_line(err)


def test_results_csv_with_an_oversized_field_on_resume(capsys: pytest.CaptureFixture,
                                                        tmp_path: Path) -> None:
    img = _image(tmp_path)
    out = tmp_path / "r.csv"
    code, _, _ = _run(capsys, "predict", str(img), "--csv", str(out))
    assert code == 0
    with open(out, "a", encoding="utf-8", newline="") as fh:
        fh.write(f"\"{'x' * 200_000}\",Pro\r\n")
    before = out.read_bytes()
    code, stdout, err = _run(capsys, "predict", str(img), "--csv", str(out), "--resume")
    line = _one_line(err)
    assert code == 2 and "r.csv" in line and "longer than" in line and stdout == ""
    assert out.read_bytes() == before


@pytest.mark.parametrize("body", [
    "path,sha256,recorded_label,corrected_label,who,when,note\n/x.png,a,Pro,Pre,me,now,\""
    + "x" * 200_000 + "\"\n",
    "path,sha256,recorded_label,corrected_label,who,when,note\n/x.png,a,Pro,Pre\n",
    "{\"not\": \"a corrections file\"}\n",
])
def test_malformed_corrections_file(capsys: pytest.CaptureFixture, tmp_path: Path,
                                    body: str) -> None:
    data = make_dataset(tmp_path / "d", per_class=2, size=32)
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(body, encoding="utf-8")
    code, _, err = _run(capsys, "train", str(data), "--from", str(default_model_dir()),
                        "--corrections", str(corrections), "--out", str(tmp_path / "new"),
                        "--epochs", "1", "--no-backup")
    errors = [line for line in err.splitlines() if "error" in line]
    assert code == 2 and len(errors) == 1 and "corrections.csv" in errors[0], err
    assert not (tmp_path / "new").exists()


def _wrong_shape_onnx(path: Path, classes: int) -> None:
    """A valid ONNX model on the right input whose outputs have ``classes`` columns."""
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Cast", ["image"], ["f"], to=TensorProto.FLOAT),
         helper.make_node("ReduceMean", ["f"], ["m"], axes=[1, 2], keepdims=0),
         helper.make_node("Softmax", ["m"], ["probs"], axis=1),
         helper.make_node("Identity", ["m"], ["features"])],
        "wrong",
        [helper.make_tensor_value_info("image", TensorProto.UINT8, ["n", 96, 96, 3])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["n", classes]),
         helper.make_tensor_value_info("features", TensorProto.FLOAT, ["n", classes])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(path))


def test_model_whose_onnx_outputs_have_the_wrong_shape(capsys: pytest.CaptureFixture,
                                                       tmp_path: Path) -> None:
    model = _model_copy(tmp_path)
    _wrong_shape_onnx(model / "model.onnx", 3)  # RGB means: 3 "classes" instead of 4
    card = json.loads((model / "model.json").read_text(encoding="utf-8"))
    card["files"]["model.onnx"] = hashlib.sha256((model / "model.onnx").read_bytes()).hexdigest()
    (model / "model.json").write_text(json.dumps(stamp_card(card)), encoding="utf-8")
    code, out, err = _run(capsys, "predict", str(_image(tmp_path)), "--model", str(model))
    line = _one_line(err)
    assert code == 2 and "model.onnx" in line and "shape" in line and out == ""
