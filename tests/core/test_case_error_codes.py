"""Case errors carry a stable code and values beside their English sentence: raised where they
happen, kept through pickling, and recognised when an error is made from the sentence alone."""

from __future__ import annotations

import pickle

import pytest

from core.cases.case import Case
from core.cases.validation import (
    CASE_ERROR_CODES,
    CASE_ERROR_TEXTS,
    CaseError,
    CaseSigned,
    validate_case_id,
    validate_date,
    validate_name,
)


def test_every_sentence_made_from_its_code_is_recognised_from_its_message_alone() -> None:
    for code, names in CASE_ERROR_CODES.items():
        values = {n: f"<{n}>" for n in names}
        made = CaseError.of(code, **values)
        assert str(made) == CASE_ERROR_TEXTS[code].format(**values)
        again = CaseError(str(made))
        assert (again.code, again.params) == (code, values), code


def test_a_sentence_without_a_code_keeps_no_code() -> None:
    assert CaseError("something else went wrong").code is None


@pytest.mark.parametrize("text, code, message", [
    ("", "case.id_empty", "the case identifier is empty"),
    ("a/b", "case.id_separator", "the case identifier must not contain / or \\ (path separators)"),
    ("x" * 65, "case.id_too_long", "the case identifier is longer than 64 characters"),
    ("..", "case.id_dots", "the case identifier must not be . or .."),
])
def test_an_invalid_case_id_is_refused_with_its_code_and_english_sentence(text, code, message) -> None:
    with pytest.raises(CaseError) as info:
        validate_case_id(text)
    assert (info.value.code, str(info.value)) == (code, message)


def test_names_and_dates_carry_their_values() -> None:
    with pytest.raises(CaseError) as info:
        validate_name("", "signer")
    assert (info.value.code, info.value.params, str(info.value)) == (
        "case.name_empty", {"role": "signer"}, "the signer's name is empty")
    with pytest.raises(CaseError) as info:
        validate_date("2024-13-40")
    assert info.value.code == "case.bad_date"
    assert str(info.value) == "specimen date '2024-13-40' is not a date (YYYY-MM-DD)"


def test_a_signed_case_refuses_changes_with_case_signed_and_its_code() -> None:
    case = Case("A-1")
    case.signatures.append({"name": "x"})
    with pytest.raises(CaseSigned) as info:
        case.set_details(comment="new")
    err = info.value
    assert err.code == "case.signed" and err.params == {"case_id": "A-1", "change": "change its details"}
    assert str(err) == "case A-1 is signed and read-only; make a new version to change its details"
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is CaseSigned and (copy.code, copy.params, str(copy)) == (err.code, err.params, str(err))


def test_a_case_file_with_a_bad_id_keeps_the_ids_code_inside() -> None:
    with pytest.raises(CaseError) as info:
        Case.from_dict({**Case("A").to_dict(), "case_id": "a/b"}, "f.case.json")
    err = info.value
    assert err.code == "case.in_file" and err.params["reason_code"] == "case.id_separator"
    assert str(err) == "f.case.json: the case identifier must not contain / or \\ (path separators)"
