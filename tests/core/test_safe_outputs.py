"""Outputs that cannot be turned against the reader (issue #19, item 6): CSV cells starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return get a leading ``'`` in every CSV the app
writes (and come back without it where the app reads its own files), and control characters in
file names are escaped in terminal output and logs."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from PIL import Image

from core.cli import main
from core.data.corrections import CorrectionsFile
from core.data.split import Manifest, SplitEntry, read_manifest, write_manifest
from core.evaluation.report import write_predictions_csv
from core.text import csv_cell, csv_uncell, safe_display
from tests.conftest import smear

FORMULAS = ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"]
PROBS = {"Benign": 0.1, "Early": 0.1, "Pre": 0.1, "Pro": 0.7}


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["-q", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("value", FORMULAS + ["'=quoted", "'", "''"])
def test_cell_rule_and_its_exact_inverse(value: str) -> None:
    cell = csv_cell(value)
    assert cell[0] == "'" and csv_uncell(cell) == value


@pytest.mark.parametrize("value", ["/data/a.png", "Pro", "0.5", "", "a=b", "C:\\x"])
def test_harmless_cells_are_unchanged(value: str) -> None:
    assert csv_cell(value) == value and csv_uncell(value) == value


def test_predict_csv_neutralises_file_names_and_resume_reads_them_back(
        tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # relative names: the path cell starts with the name itself
    names = ["=1+2.png", "+1.png", "-1.png", "@SUM(A1).png", "\tx.png", "\rx.png", "plain.png"]
    for i, name in enumerate(names):
        Image.fromarray(smear("Pro", i, 48)).save(tmp_path / name)
    code, _, err = _run(capsys, "predict", "--csv", "r.csv", "--", *names)
    assert code == 0, err
    rows = _cells((tmp_path / "r.csv").read_text(encoding="utf-8"))
    cells = [r[0] for r in rows[1:]]
    # = + - @ get the quote; a tab or carriage return in a file name is escaped (\\t, \\r)
    assert cells == ["'=1+2.png", "'+1.png", "'-1.png", "'@SUM(A1).png", "\\tx.png",
                     "\\rx.png", "plain.png"]
    assert all(c[:1] not in ("=", "+", "-", "@", "\t", "\r") for row in rows for c in row)
    code, _, err = _run(capsys, "predict", "--csv", "r.csv", "--resume", "--", *names)
    assert code == 0 and f"{len(names)} of {len(names)} image(s) already done" in err


def test_classify_export_and_evaluation_csv_are_neutralised(tmp_path: Path) -> None:
    from core.evaluation.result import EvalPrediction
    from core.inference.result import Prediction

    preds = [Prediction("=cmd|' /C calc'!A0", "Pro", PROBS, 0.7, False),
             Prediction(None, "Pro", PROBS, 0.7, False),
             Prediction("+x.png", error="-bad")]
    out = write_predictions_csv(preds, tmp_path / "p.csv", names=["x", "@pasted", "y"])
    rows = _cells(out.read_text(encoding="utf-8"))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[2][0] == "'@pasted"
    assert rows[3][0] == "'+x.png" and rows[3][7] == "'-bad"
    evaluated = [EvalPrediction("-1.png", "Pro", "Pro", 0.7, PROBS, False)]
    rows = _cells(write_predictions_csv(evaluated, tmp_path / "e.csv").read_text(encoding="utf-8"))
    assert rows[1][0] == "'-1.png" and rows[1][1] == "Pro"


def test_corrections_csv_is_neutralised_and_reads_back(tmp_path: Path) -> None:
    img = tmp_path / "a.png"
    Image.fromarray(smear("Pro", 1, 32)).save(img)
    cf = CorrectionsFile(tmp_path / "corrections.csv")
    cf.set(img, "Pro", "Pre", who="=evil()", note="+SUM(1)")
    rows = _cells((tmp_path / "corrections.csv").read_text(encoding="utf-8"))
    assert rows[1][4] == "'=evil()" and rows[1][6] == "'+SUM(1)"
    again = CorrectionsFile.load(tmp_path / "corrections.csv").get(img)
    assert again is not None and again.who == "=evil()" and again.note == "+SUM(1)"


def test_manifest_csv_is_neutralised_and_reads_back(tmp_path: Path) -> None:
    entries = (SplitEntry("-x/a.png", "Pro", "train", "=g1"),
               SplitEntry("Pro/b\nc.png", "Pro", "test", "g2"))
    manifest = Manifest(tmp_path, entries, 1, (0.8, 0.1, 0.1), 20, 2)
    write_manifest(manifest, tmp_path / "m.csv")
    text = (tmp_path / "m.csv").read_text(encoding="utf-8")
    assert "'-x/a.png" in text and "'=g1" in text
    back = read_manifest(tmp_path / "m.csv")
    assert [(e.path, e.group) for e in back.entries] == [("-x/a.png", "=g1"), ("Pro/b\nc.png", "g2")]


def test_control_characters_in_names_are_escaped_on_the_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "img"
    folder.mkdir()
    evil = "x\x1b]0;owned\x07\x1b[2J\nfake: Benign 99.9%\u202e.png"
    Image.fromarray(smear("Pro", 1, 48)).save(folder / evil)
    Image.fromarray(smear("Pro", 2, 48)).save(folder / "ok.png")
    (folder / "bad\x1b[31m.png").write_bytes(b"")  # an unreadable one: its error line too
    for extra in ([], ["--json"]):
        code, out, err = _run(capsys, "predict", str(folder), *extra)
        assert code == 0, err
        assert "\x1b" not in out + err and "\u202e" not in out and "\x07" not in out
        assert len(out.strip().splitlines()) == 3  # one line per image, the fake one too
        assert safe_display(evil) in out.replace("\\\\", "\\")
    # scan names the bad file escaped; a missing path given on the command line is one line
    data = tmp_path / "data" / "Pro"
    data.mkdir(parents=True)
    (data / "zero\x1b[8m.png").write_bytes(b"")
    code, out, err = _run(capsys, "scan", str(tmp_path / "data"))
    assert code == 0 and "zero\\x1b[8m.png: empty file" in out and "\x1b" not in out
    code, out, err = _run(capsys, "scan", str(tmp_path / "no\nsuch\x1b[1m"))
    assert code == 2 and err.count("\n") == 1 and "\x1b" not in err and "no\\nsuch" in err


def test_audit_log_keeps_names_escaped(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "img"
    folder.mkdir()
    Image.fromarray(smear("Pro", 1, 48)).save(folder / "a\x1b[2Jb\x85.png")
    log = tmp_path / "audit.jsonl"
    code, _, err = _run(capsys, "predict", str(folder), "--audit", str(log))
    assert code == 0, err
    raw = log.read_bytes()
    assert b"\x1b" not in raw and "\x85".encode() not in raw
    assert json.loads(raw.splitlines()[0])["path"].endswith("a\\x1b[2Jb\\x85.png")
    assert os.path.basename(safe_display(folder / "a\x1b[2Jb\x85.png")) == "a\\x1b[2Jb\\x85.png"


def test_safe_display_escapes_exactly_the_unsafe_characters() -> None:
    """Every BMP character: controls (C0, DEL, C1), line/paragraph separators, bidi controls
    and lone surrogates are escaped; everything else (accents, CJK, emoji) is kept."""
    unsafe = {*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000), 0x2028, 0x2029, 0x200E,
              0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C, 0xFEFF}
    for code in range(0x10000):
        ch = chr(code)
        shown = safe_display(ch)
        assert (shown != ch) == (code in unsafe), hex(code)
        shown.encode("utf-8")  # always printable and storable
    assert safe_display("é 血 🧪") == "é 血 🧪"
    assert safe_display(b"caf\xc3\xa9 \xff") == "café \\xff"
