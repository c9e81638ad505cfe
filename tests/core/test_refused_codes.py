"""OutputRefused / InputRefused carry a stable code and the values of their sentence."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import core.fileutil as fileutil
from core.fileutil import (
    INPUT_REFUSED_CODES,
    OUTPUT_REFUSED_CODES,
    InputRefused,
    OutputRefused,
    guard_output_dir,
    guard_output_file,
    parse_json_limited,
    read_input_bytes,
)

CODES = {"OutputRefused": OUTPUT_REFUSED_CODES, "InputRefused": INPUT_REFUSED_CODES}


@pytest.mark.parametrize("module", ["core/fileutil.py", "core/evaluation/report.py",
                                    "core/training/checks.py"])
def test_every_refusal_names_a_known_code(module: str) -> None:
    root = Path(fileutil.__file__).resolve().parents[1]
    tree = ast.parse((root / module).read_text(encoding="utf-8"))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)
             and getattr(n.func, "id", "") in CODES]
    assert calls
    for call in calls:
        table = CODES[call.func.id]  # type: ignore[attr-defined]
        assert len(call.args) == 3, f"line {call.lineno}: refused without a code"
        code = call.args[1]
        assert isinstance(code, ast.Constant) and code.value in table, call.lineno
        keys = {k.value for k in call.args[2].keys}  # type: ignore[attr-defined]
        assert keys == set(table[code.value]), (call.lineno, keys)


def _check(err: OutputRefused | InputRefused) -> None:
    table = OUTPUT_REFUSED_CODES if isinstance(err, OutputRefused) else INPUT_REFUSED_CODES
    assert err.code in table and set(err.params) == set(table[err.code])


def test_refused_outputs(tmp_path: Path) -> None:
    src = tmp_path / "a.png"
    src.write_bytes(b"x")
    with pytest.raises(OutputRefused) as info:
        guard_output_file(src, inputs=[src], what="report file")
    _check(info.value)
    assert info.value.code == "output.is_input"
    assert info.value.params == {"path": str(src), "what": "report file"}
    assert str(info.value) == f"{src}: the report file is one of the inputs; choose another name"
    with pytest.raises(OutputRefused) as info:
        guard_output_file(tmp_path, what="export file")
    _check(info.value)
    assert info.value.code == "output.not_regular"
    with pytest.raises(OutputRefused) as info:
        guard_output_dir(tmp_path / "out", data_roots=[tmp_path], what="model folder")
    _check(info.value)
    assert info.value.params["root"] == str(tmp_path) and info.value.code == "output.inside_data"


def test_refused_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputRefused) as info:
        read_input_bytes(tmp_path / "none.json", 100, "case file")
    _check(info.value)
    assert str(info.value) == f"{tmp_path / 'none.json'}: case file not found"
    big = tmp_path / "big.json"
    big.write_bytes(b"0" * (3 * 2**20))
    with pytest.raises(InputRefused) as info:
        read_input_bytes(big, 2**20, "manifest")
    _check(info.value)
    assert info.value.params["size_mib"] == 3 and info.value.params["limit_mib"] == 1
    with pytest.raises(InputRefused) as info:
        parse_json_limited("{nope", big, "corrections file")
    _check(info.value)
    assert info.value.code == "input.malformed"


def test_a_message_alone_is_other() -> None:
    assert OutputRefused("x").code == "output.other" and InputRefused("y").params == {"detail": "y"}
