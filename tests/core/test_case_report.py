"""The case report PDF: A4 pages, the case id, model id and verdict in its text, never an
overwrite without being told, and the step in the trail and the audit log."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from core.inference.audit import AuditLog, verify_log
from core.cases.validation import CaseError
from core.cases.report import build_report, write_case_report
from core.fileutil import OutputRefused
from tests.core.test_case_file import new_case


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    return [(float(a), float(b)) for a, b in
            re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)]


def test_report_is_a4_and_names_case_model_and_verdict(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    case.model = {"id": "default-abc", "benchmark": {"accuracy": 0.969, "n": 390,
                                                     "accuracy_ci95": [0.947, 0.982]}}
    log = AuditLog(tmp_path / "audit.jsonl")
    out = write_case_report(case, tmp_path / "report.pdf", lab="City Lab", audit=log)
    data = out.read_bytes()
    sizes = page_sizes(data)
    assert sizes and all(round(w) == 595 and round(h) == 842 for w, h in sizes)
    text = pdf_text(out)
    for needle in ("City Lab", "P-2026-0042", "default-abc", "2026-11-30", "Ana Ruiz",
                   "RESEARCH USE ONLY", "Early Pre-B ALL", "NOT SIGNED", "96.9 %", "n = 390",
                   "field-0.png", "glass.png", "no result", "Fields and cells per class".upper(),
                   "VERIFICATION TRAIL", "SIGNATURES", f"Page 1 of {len(sizes)}"):
        assert needle in text, needle
    # fields needing a look come first in the field table
    assert text.index("glass.png") < text.index("field-0.png")
    assert case.trail[-1]["event"] == "report"
    assert log.events("P-2026-0042")[-1]["event"] == "case.report" and verify_log(log.path).ok


def test_report_is_never_overwritten_without_force_or_written_over_an_input(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old report")
    with pytest.raises(CaseError, match="exists"):
        write_case_report(case, target)
    assert target.read_bytes() == b"old report"
    write_case_report(case, target, force=True)
    assert target.read_bytes().startswith(b"%PDF")
    with pytest.raises(OutputRefused):
        write_case_report(case, case.fields[0].path, force=True)


def test_signed_report_shows_signatures_and_a_changed_file(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    case.review_field(2, "reclassify", label="Early", reason="re-read")
    case.review_field(3, "exclude", reason="glass")
    case.sign("Ana Ruiz")
    case.sign("Dr Second")
    Path(case.fields[0].path).write_bytes(Path(case.fields[1].path).read_bytes())
    out = tmp_path / "signed.pdf"
    out.write_bytes(build_report(case, lab=""))
    text = pdf_text(out)
    assert "NOT SIGNED" not in text and "Dr Second" in text and "SIGNED (version 1)" in text
    assert "FILE CHANGED" in text and "reclassified from Pre" in text


def test_many_fields_flow_onto_more_a4_pages(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    case.fields = case.fields * 12  # 48 rows
    data = build_report(case)
    sizes = page_sizes(data)
    assert len(sizes) >= 3 and all(round(h) == 842 for _, h in sizes)
