"""The case as a file: identifier rules, round trip, listing, review, sign-off, versions, audit."""

import csv
import json
from pathlib import Path

import pytest
from PIL import Image

from core.inference.audit import AuditLog, verify_log
from core.cases.case import Case
from core.cases.export import export_case
from core.cases.store import list_cases, load_case, save_case
from core.cases.validation import CaseError, CaseSigned, case_file_name, validate_case_id
from core.fileutil import OutputRefused
from core.inference.flags import Flag
from core.inference.result import CellReading, Prediction
from tests.conftest import smear

CLASSES = ("Benign", "Early", "Pre", "Pro")


def fields(tmp_path: Path) -> list[Prediction]:
    out = []
    specs = [("Early", [0.1, 0.8, 0.05, 0.05], False, ()), ("Early", [0.0, 0.9, 0.1, 0.0], False, ()),
             ("Pre", [0.1, 0.4, 0.45, 0.05], True, (Flag.LOW_CONFIDENCE,))]
    for i, (label, probs, unc, why) in enumerate(specs):
        p = tmp_path / "imgs" / f"field-{i}.png"
        p.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(smear(label, i)).save(p)
        out.append(Prediction(str(p), label, dict(zip(CLASSES, probs)), max(probs), unc, why,
                              cells=(CellReading(1, 2, 10, 10),) * (i + 1)))
    p = tmp_path / "imgs" / "glass.png"
    Image.fromarray(smear("Benign", 9)).save(p)
    out.append(Prediction(str(p), None, {}, 0.0, True, (Flag.UNLIKE_CONTENT,),
                          no_result=True, top_class="Benign", cells=()))
    return out


def new_case(tmp_path: Path, audit: AuditLog | None = None) -> Case:
    case = Case("P-2026/0042".replace("/", "-"), "2026-11-30", "Ana Ruiz", "left arm").started(audit)
    case.add_predictions(fields(tmp_path), model_id="default-abc", model={"id": "default-abc"},
                         audit=audit)
    return case


@pytest.mark.parametrize("bad", ["", "   ", "a/b", "a\\b", "x\ny", "tab\there", "..", "\u202eabc",
                                 "x" * 65])
def test_bad_identifiers_are_refused(bad: str) -> None:
    with pytest.raises(CaseError):
        validate_case_id(bad)


def test_free_text_identifiers_are_kept_and_named_portably() -> None:
    assert validate_case_id("  Pt 12: día 3 ") == "Pt 12: día 3"
    name = case_file_name("Pt 12: día 3")
    assert name.endswith(".case.json") and ":" not in name and " " not in name
    assert case_file_name("A-1") == "A-1.case.json"
    assert case_file_name("a b") != case_file_name("a_b")  # never one file for two ids


def test_case_round_trip_is_exact(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    path = save_case(case, folder=tmp_path / "cases")
    assert path.name == "P-2026-0042.case.json"
    again = load_case(path)
    assert again.to_dict() == case.to_dict()
    assert again.fields[0].sha256 and len(again.fields[0].sha256) == 64
    assert again.fields[0].cell_count == 1 and again.fields[3].no_result
    before = path.read_bytes()
    save_case(again)
    assert path.read_bytes() == before  # reopened exactly as saved
    assert not list(path.parent.glob(".*.tmp"))


def test_operator_defaults_to_the_os_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "tech1")
    assert Case("X").operator == "tech1"
    assert Case("X", operator="Someone Else").operator == "Someone Else"


def test_bad_dates_and_foreign_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="not a date"):
        Case("X", specimen_date="30/11/2026")
    other = tmp_path / "notes.case.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(CaseError, match="not a case file"):
        load_case(other)
    with pytest.raises(CaseError, match="not a readable case file"):
        save_case(Case("X"), other)
    assert other.read_text() == '{"hello": 1}'
    save_case(Case("Y"), tmp_path / "y.case.json")
    with pytest.raises(CaseError, match="holds case Y"):
        save_case(Case("Z"), tmp_path / "y.case.json")


def test_a_case_file_is_never_an_input_image(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    with pytest.raises(OutputRefused):
        save_case(case, case.fields[0].path)


def test_listing_is_recent_first_and_searchable(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    for cid, when in (("A-1", "2026-11-01T10:00:00+00:00"), ("B-2", "2026-11-03T10:00:00+00:00"),
                      ("A-3", "2026-11-02T10:00:00+00:00")):
        save_case(Case(cid, created=when), folder=folder)
    (folder / "junk.case.json").write_text("not json")
    assert [i.case_id for i in list_cases(folder)] == ["B-2", "A-3", "A-1"]
    assert [i.case_id for i in list_cases(folder, "a-")] == ["A-3", "A-1"]
    assert list_cases(tmp_path / "none") == []


def test_verdict_counts_and_uncertain_fields_first(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    s = case.summary()
    assert s.label == "Early" and s.no_result == 1 and s.voting == 2
    counts = case.class_counts()
    assert counts["Early"]["fields"] == 2 and counts["Early"]["cells"] == 3
    assert counts["Pre"]["fields"] == 1 and counts["Early"]["percent"] == pytest.approx(200 / 3)
    assert case.ordered()[:2] == [3, 2]  # no result, then uncertain
    assert case.unreviewed() == [2, 3]


def test_review_rules(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    with pytest.raises(CaseError, match="needs a reason"):
        case.review_field(2, "reclassify", label="Early")
    with pytest.raises(CaseError, match="needs a class"):
        case.review_field(2, "reclassify", label="Blast", reason="x")
    case.review_field(2, "reclassify", label="Early", reason="blasts clearly early")
    case.review_field(3, "exclude", reason="glass, no cells")
    assert case.fields[2].label == "Early" and case.fields[2].model_label == "Pre"
    assert case.fields[2].flags() == ["uncertain", "reclassified from Pre"]
    assert case.summary().agree == 3 and case.summary().no_result == 0
    assert case.class_counts()["Early"]["fields"] == 3
    assert case.unreviewed() == []


def test_sign_off_rules_and_versions(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    case = new_case(tmp_path, log)
    with pytest.raises(CaseError, match="not reviewed yet"):
        case.sign("Ana Ruiz", audit=log)
    case.review_field(2, "accept", audit=log)
    case.review_field(3, "exclude", reason="glass", audit=log)
    sig = case.sign("Ana Ruiz", audit=log)
    assert case.signed and sig["role"] == "signed" and sig["time"]
    for change in (lambda: case.review_field(0, "accept"),
                   lambda: case.add_predictions(fields(tmp_path / "more")),
                   lambda: case.set_details(comment="changed")):
        with pytest.raises(CaseSigned, match="read-only"):
            change()
    with pytest.raises(CaseError, match="another person"):
        case.sign("Ana Ruiz")
    case.sign("Dr. Second", audit=log)
    with pytest.raises(CaseSigned):
        case.sign("Third")
    path = save_case(case, folder=tmp_path / "cases")
    signed = load_case(path)
    assert [s["name"] for s in signed.signatures] == ["Ana Ruiz", "Dr. Second"]

    signed.new_version("field 1 re-read", by="Ana Ruiz", audit=log)
    assert signed.version == 2 and not signed.signed
    signed.review_field(0, "reclassify", label="Pro", reason="re-read", audit=log)
    save_case(signed)
    reopened = load_case(path)
    assert reopened.version == 2 and len(reopened.previous_versions) == 1
    old = reopened.previous_versions[0]
    assert old["version"] == 1 and len(old["signatures"]) == 2
    assert old["fields"][0]["review"] is None  # the signed version is kept as it was

    events = [(r["event"], r.get("action")) for r in log.events("P-2026-0042")]
    assert events[:3] == [("case.new", None), ("case.add", None), ("case.review", "accept")]
    assert ("case.sign", None) in events and events[-1] == ("case.review", "reclassify")
    assert all(r["case_id"] == "P-2026-0042" and r["time"] for r in log.events())
    check = verify_log(log.path)
    assert check.ok and check.state == "verified" and check.chained == len(events)


def test_a_signed_file_edited_by_hand_is_refused(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    case.review_field(2, "accept")
    case.review_field(3, "exclude", reason="glass")
    case.sign("Ana Ruiz")
    path = save_case(case, folder=tmp_path)
    data = json.loads(path.read_text())
    data["fields"][0]["result"]["label"] = "Pro"
    path.write_text(json.dumps(data))
    with pytest.raises(CaseError, match="changed after signing"):
        load_case(path)


def test_event_records_and_predictions_share_one_verified_chain(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.jsonl")
    pred = fields(tmp_path)[0]
    log.record(pred, model_id="m", model_checksum="c")
    rec = log.record_event("case.sign", case_id="C-1", user="ana", role="signed", extra={"n": 1})
    log.record(pred, model_id="m", model_checksum="c")
    assert rec["seq"] == 2 and rec["event"] == "case.sign" and rec["extra"] == {"n": 1}
    check = verify_log(log.path)
    assert check.ok and check.chained == 3
    assert [r["case_id"] for r in log.events("C-1")] == ["C-1"] and log.events("C-2") == []
    with pytest.raises(ValueError):
        log.record_event("")
    lines = log.path.read_text().splitlines()
    edited = json.loads(lines[1])
    edited["role"] = "forged"
    lines[1] = json.dumps(edited)
    log.path.write_text("\n".join(lines) + "\n")
    assert verify_log(log.path).altered_line == 2


def test_exports_per_field_and_per_case(tmp_path: Path) -> None:
    case = new_case(tmp_path)
    case.operator = "=cmd|' /C calc'!A0"  # a spreadsheet formula is neutralised
    out = export_case(case, tmp_path / "fields.csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 4 and rows[0]["case_id"] == "P-2026-0042"
    assert rows[0]["model_id"] == "default-abc" and rows[0]["app_version"]
    assert rows[0]["timestamp"] and rows[0]["operator"].startswith("'=")
    assert rows[3]["flags"] == "no result" and rows[2]["flags"] == "uncertain"
    with pytest.raises(CaseError, match="exists"):
        export_case(case, out)
    export_case(case, out, force=True)
    one = export_case(case, tmp_path / "case.csv", per="case")
    row = next(csv.DictReader(one.open(encoding="utf-8")))
    assert row["verdict"] == "Early" and row["fields"] == "4" and row["no_result"] == "1"
    js = json.loads(export_case(case, tmp_path / "case.json").read_text())
    assert js["case"]["model_id"] == "default-abc" and len(js["fields"]) == 4
    assert js["fields"][0]["operator"].startswith("=")  # JSON keeps the value as it is
    with pytest.raises(OutputRefused):
        export_case(case, case.fields[0].path, force=True)


def test_a_case_with_every_field_excluded_cannot_be_signed(tmp_path: Path) -> None:
    from core.cases.report import build_report
    from tests.core.test_case_report import pdf_text

    case = new_case(tmp_path)
    for i in range(len(case.fields)):
        case.review_field(i, "exclude", reason="smudged")
    assert case.usable() == [] and case.unreviewed() == []
    with pytest.raises(CaseError, match="every field is excluded"):
        case.sign("Ana Ruiz")
    assert not case.signed
    out = tmp_path / "excluded.pdf"
    out.write_bytes(build_report(case))
    assert "No case reading: every field is excluded" in pdf_text(out)
    case.review_field(1, "accept")  # one field back in: the case has a reading to sign
    assert case.usable() == [1]
    case.sign("Ana Ruiz")
    assert case.signed and case.class_counts()["Early"]["fields"] == 1
