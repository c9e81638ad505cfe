"""Label corrections kept beside the data, never by touching the data.

A corrections file is a CSV (``path, sha256, recorded_label, corrected_label, who, when,
note``), rewritten atomically after every change. Source images are never moved, renamed or
edited: corrections are applied when a dataset is read or written out as a new corrected copy
(:mod:`core.data.corrected`). Each entry remembers the image's SHA-256, so a correction made
for a file that has since changed is reported and skipped.
"""

from __future__ import annotations

import csv
import getpass
import hashlib
import io
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from core.classes import CLASSES, class_for_folder
from core.data.images import sha256_file
from core.data.scan import DatasetError
from core.fileutil import atomic_write_bytes
from core.text import csv_row, csv_uncell

EXCLUDE = "exclude"  # "not a usable field": leave the image out of training and evaluation
UNSURE = "unsure"  # looked at, no decision: the image keeps its label and is reported
CHOICES = (*CLASSES, EXCLUDE, UNSURE)
COLUMNS = ("path", "sha256", "recorded_label", "corrected_label", "who", "when", "note")


MAX_FILE_BYTES = 64 * 2**20  # a corrections file of a million rows is ~100 bytes a row


# code -> the English sentence of a CorrectionsError, its values as {name}
CORRECTIONS_ERROR_TEXTS: dict[str, str] = {
    "corrections.unknown_label": "unknown label {label}; choose from {choices}",
    "corrections.not_text": "{path}: not a UTF-8 text file",
    "corrections.malformed": "{path}: malformed corrections file ({detail})",
    "corrections.not_corrections": "{path}: not a corrections file (expected columns {columns})",
    "corrections.field_count": "{path}, line {line}: expected {expected} fields, got {got}",
    "corrections.bad_line": "{path}, line {line}: {detail}",  # detail: a coded error's sentence
    "corrections.image_not_found": "{path}: image not found",
    "corrections.file_not_found": "{path}: corrections file not found",
}
CORRECTIONS_ERROR_CODES: dict[str, tuple[str, ...]] = {
    c: tuple(name for _, name, _, _ in string.Formatter().parse(t) if name)
    for c, t in CORRECTIONS_ERROR_TEXTS.items()}


class CorrectionsError(DatasetError):
    """A corrections file or entry that cannot be used; the message says why (``code`` and
    ``params`` as :class:`DatasetError`'s, from :data:`CORRECTIONS_ERROR_TEXTS`; a line's error
    keeps the code and values of what is wrong on it as ``params["reason_code"]`` and
    ``params["reason_params"]``)."""

    TEXTS = CORRECTIONS_ERROR_TEXTS


def path_key(path: Path | str) -> str:
    """How an entry names its image: the absolute, resolved path."""
    return str(Path(path).expanduser().resolve())


def _canonical(label: str, allowed: Iterable[str]) -> str:
    if label in allowed:
        return label
    mapped = class_for_folder(label) or label.strip().lower()
    if mapped not in allowed:
        raise CorrectionsError.of("corrections.unknown_label", label=repr(label), choices=", ".join(allowed))
    return mapped


@dataclass(frozen=True)
class Correction:
    path: str  # absolute
    sha256: str
    recorded_label: str  # the label the data had ("" when it had none)
    corrected_label: str  # a class name, "exclude" or "unsure"
    who: str = ""
    when: str = ""  # ISO 8601, UTC
    note: str = ""

    def row(self) -> list[str]:
        return [self.path, self.sha256, self.recorded_label, self.corrected_label, self.who,
                self.when, self.note]


class CorrectionsFile:
    """The corrections CSV; every change is saved at once (atomically).

    Entries are keyed by the image's absolute path; setting a path again replaces its entry.
    """

    def __init__(self, path: Path | str, entries: Iterable[Correction] = ()) -> None:
        self.path = Path(path)
        self._entries: dict[str, Correction] = {e.path: e for e in entries}
        self._sha = ""  # of the bytes last read or written, so a card names what was applied

    @classmethod
    def load(cls, path: Path | str) -> CorrectionsFile:
        """Read ``path``; a file that does not exist yet gives an empty set of corrections."""
        path = Path(path)
        if not path.exists():
            return cls(path)
        from core.fileutil import InputRefused, read_input_bytes

        try:
            raw = read_input_bytes(path, MAX_FILE_BYTES, "corrections file")
            text = raw.decode("utf-8-sig")
        except InputRefused as exc:
            raise CorrectionsError(str(exc)) from None
        except UnicodeDecodeError:
            raise CorrectionsError.of("corrections.not_text", path=path) from None
        try:
            # cells neutralised for spreadsheets when written come back as they were
            rows = [[csv_uncell(c) for c in r] for r in csv.reader(io.StringIO(text))]
        except csv.Error as exc:  # e.g. a field over the csv module's size limit
            raise CorrectionsError.of("corrections.malformed", path=path, detail=exc) from None
        if not rows:
            return cls(path)
        if tuple(h.strip() for h in rows[0]) != COLUMNS:
            raise CorrectionsError.of("corrections.not_corrections", path=path, columns=", ".join(COLUMNS))
        entries = []
        for n, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(COLUMNS):
                raise CorrectionsError.of("corrections.field_count", path=path, line=n, expected=len(COLUMNS),
                                          got=len(row))
            e = Correction(*row)
            try:
                e = replace(e, corrected_label=_canonical(e.corrected_label, CHOICES))
                if e.recorded_label:
                    e = replace(e, recorded_label=_canonical(e.recorded_label, CLASSES))
            except CorrectionsError as exc:
                error = CorrectionsError.of("corrections.bad_line", path=path, line=n, detail=exc)
                error.params.update(reason_code=exc.code, reason_params=exc.params)
                raise error from None
            entries.append(e)
        loaded = cls(path, entries)
        loaded._sha = hashlib.sha256(raw).hexdigest()
        return loaded

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Correction]:
        return iter(self.entries)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, (str, Path)) and path_key(path) in self._entries

    @property
    def entries(self) -> tuple[Correction, ...]:
        return tuple(sorted(self._entries.values(), key=lambda e: e.path))

    def get(self, path: Path | str) -> Correction | None:
        return self._entries.get(path_key(path))

    def set(
        self,
        path: Path | str,
        recorded: str | None,
        corrected: str,
        who: str | None = None,
        note: str = "",
    ) -> Correction:
        """Record (or replace) the correction for one image and save.

        Args:
            path: the image; it must exist (its SHA-256 is recorded).
            recorded: the label the data gives it (``None`` or ``""`` when unlabelled).
            corrected: a class name, ``"exclude"`` (not a usable field) or ``"unsure"``.
            who: the reviewer (default: the logged-in user's name).
            note: free text.
        """
        p = Path(path)
        if not p.is_file():
            raise CorrectionsError.of("corrections.image_not_found", path=p)
        entry = Correction(
            path=path_key(p),
            sha256=sha256_file(p),
            recorded_label=_canonical(recorded, CLASSES) if recorded else "",
            corrected_label=_canonical(corrected, CHOICES),
            who=_default_user() if who is None else who,
            when=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            note=note.replace("\r", " ").replace("\n", " "),
        )
        self._entries[entry.path] = entry
        self.save()
        return entry

    def remove(self, path: Path | str) -> bool:
        """Drop the correction for ``path`` (and save); False when there was none."""
        if self._entries.pop(path_key(path), None) is None:
            return False
        self.save()
        return True

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        # a path or note starting with = + - @ would run as a formula in a spreadsheet: '-prefixed
        writer.writerows(csv_row(e.row()) for e in self.entries)
        return buf.getvalue()

    def save(self) -> None:
        """Write the file atomically: a reader sees the old or the new file, never half."""
        data = self.to_csv().encode("utf-8")
        atomic_write_bytes(self.path, data)
        self._sha = hashlib.sha256(data).hexdigest()

    def sha256(self) -> str:
        """SHA-256 of the file as last read or saved (what a model card records)."""
        if not self._sha and self.path.exists():
            return sha256_file(self.path)
        return self._sha


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name available (some services, containers)
        return ""
