"""Case files: save and open one, list a folder's cases, find a case by its id."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.cases.case import Case
from core.cases.validation import CASE_SUFFIX, CaseError, CaseSigned, case_file_name
from core.fileutil import InputRefused, atomic_write_bytes, guard_output_file, parse_json_limited, read_input_bytes
from core.text import safe_display

MAX_CASE_BYTES = 16 * 2**20


def save_case(case: Case, path: Path | str | None = None, *, folder: Path | str | None = None,
              inputs: Iterable[Path | str] = ()) -> Path:
    """Write the case atomically (to ``path``, else ``folder/<id>.case.json``, else where it
    was opened). Another case's file is never replaced, nor any file that is not a case file."""
    if path is None:
        if folder is not None:
            path = Path(folder) / case_file_name(case.case_id)
        elif case.path is not None:
            path = case.path
        else:
            raise CaseError.of("case.no_folder")
    path = Path(path)
    target = guard_output_file(path, inputs=list(inputs) + [f.path for f in case.fields],
                               what="case file")
    if target.exists():
        try:
            other = load_case(target)
        except CaseError:
            raise CaseError.of("case.not_readable", path=safe_display(path)) from None
        if other.case_id != case.case_id:
            raise CaseError.of("case.holds_other", path=safe_display(path), other=other.case_id,
                                case_id=case.case_id)
        if other.signed and other.version == case.version and \
                other.signatures != case.signatures[:len(other.signatures)]:
            raise CaseSigned.of("case.saved_signed", path=safe_display(path))
    atomic_write_bytes(target, case.to_json().encode("utf-8"))
    case.path = target
    return target


def load_case(path: Path | str) -> Case:
    try:
        raw = read_input_bytes(path, MAX_CASE_BYTES, "case file")
        data = parse_json_limited(raw, path, "case file")
    except InputRefused as exc:
        raise CaseError(str(exc), exc.code, exc.params) from None  # the refusal's own code
    case = Case.from_dict(data, safe_display(path))
    case.path = Path(path)
    return case


@dataclass(frozen=True)
class CaseInfo:
    """One line of the cases list."""

    path: Path
    case_id: str
    specimen_date: str
    operator: str
    modified: str
    fields: int
    signed: bool
    version: int


def list_cases(folder: Path | str, search: str = "") -> list[CaseInfo]:
    """The case files in ``folder``, most recently changed first; ``search`` keeps the ones
    whose id contains it (case-insensitive). Unreadable files are left out."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    needle = search.strip().casefold()
    out = []
    for p in folder.glob("*" + CASE_SUFFIX):
        try:
            c = load_case(p)
        except (CaseError, OSError):
            continue
        if needle and needle not in c.case_id.casefold():
            continue
        out.append(CaseInfo(p, c.case_id, c.specimen_date, c.operator, c.modified,
                            len(c.fields), c.signed, c.version))
    return sorted(out, key=lambda i: (i.modified, i.case_id), reverse=True)
