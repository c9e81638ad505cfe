"""Text that is safe to show or store: file names for terminals and logs, cells for spreadsheets.

Two rules (issue #19):

* :func:`safe_display` — a file name as one printable line. Control characters (C0, DEL, C1,
  and the Unicode line/paragraph separators and bidirectional overrides that can make a name
  look like another) become ``\\n``/``\\t``/``\\r``/``\\xNN``/``\\uNNNN`` escapes; bytes that
  are not valid UTF-8 (on POSIX Python keeps them as lone surrogates, ``os.fsdecode``'s
  "surrogateescape") become ``\\xNN``. The result always encodes as UTF-8, so printing it or
  writing it into a JSON line, a CSV cell or the audit log cannot fail or move the cursor.
* :func:`csv_cell` — a spreadsheet cell that is never a formula: a text starting with ``=``,
  ``+``, ``-``, ``@``, tab or carriage return gets a leading ``'`` (OWASP "CSV injection"). A
  text that already starts with ``'`` gets one more, so :func:`csv_uncell` undoes exactly
  what :func:`csv_cell` did and files the app reads back (results, corrections, manifests) keep
  their values.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from collections.abc import Iterable

# Unicode format/separator characters that change how a line is laid out (Trojan-source style).
_INVISIBLE = frozenset({0x2028, 0x2029, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                        0x2066, 0x2067, 0x2068, 0x2069, 0x061C, 0xFEFF})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str) -> str:
    o = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= o <= 0xDCFF:  # an undecodable byte kept by surrogateescape
        return f"\\x{o - 0xDC00:02x}"
    if o < 0x20 or o == 0x7F or 0x80 <= o <= 0x9F:
        return f"\\x{o:02x}"
    if 0xD800 <= o <= 0xDFFF or o in _INVISIBLE:  # other lone surrogates (Windows), bidi controls
        return f"\\u{o:04x}"
    return ch


_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u200e\u200f"
                     "\u202a-\u202e\u2066-\u2069\u061c\ufeff]")


def needs_escape(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def safe_display(value: os.PathLike[str] | os.PathLike[bytes] | str | bytes | None) -> str:
    """``value`` (a path, str or bytes name) as one printable, UTF-8-encodable line."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        text = os.fsdecode(bytes(value))
    else:
        raw = os.fspath(value) if isinstance(value, os.PathLike) else str(value)
        text = os.fsdecode(raw) if isinstance(raw, bytes) else raw
    if not needs_escape(text):
        return text
    return _UNSAFE.sub(lambda m: _escape_char(m.group()), text)


def safe_log_text(text: str) -> str:
    """Text for a log file: :func:`safe_display` line by line, so a traceback keeps its lines
    while escape sequences, carriage returns and undecodable bytes of file names are escaped
    (and the record can always be written as UTF-8)."""
    return "\n".join(safe_display(line) for line in text.split("\n"))


def display_name(path: Path | str) -> str:
    """The last part of a path, made safe (for progress lines and short messages)."""
    return safe_display(Path(path).name)


# --------------------------------------------------------------------- spreadsheet cells

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value and (value[0] in FORMULA_STARTS or value[0] == "'"):
        return "'" + value
    return value


def csv_uncell(value: str) -> str:
    """The inverse of :func:`csv_cell` for a cell read back from a file the app wrote."""
    if len(value) >= 2 and value[0] == "'" and (value[1] in FORMULA_STARTS or value[1] == "'"):
        return value[1:]
    return value


def csv_row(row: Iterable[object]) -> list[object]:
    return [csv_cell(v) for v in row]


# code -> the English sentence of a CsvError, its values as {name}
CSV_ERROR_TEXTS: dict[str, str] = {
    "csv.invalid": "{path}, line {line}: not a valid CSV file ({detail})",  # detail: the csv module's words
    "csv.field_too_long": "{path}, line {line}: not a valid CSV file (a field is longer than {limit} characters)",
}
CSV_ERROR_CODES: dict[str, tuple[str, ...]] = {
    "csv.invalid": ("path", "line", "detail"), "csv.field_too_long": ("path", "line", "limit")}


class CsvError(ValueError):
    """A CSV file that cannot be read; the message is one line naming the file (the English
    sentence), ``code`` and ``params`` say the same for an interface to word in its own language
    (:data:`CSV_ERROR_TEXTS`; None and no values for an error raised with a message only)."""

    def __init__(self, message: str, code: str | None = None, params: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code, self.params = code, dict(params or {})

    @classmethod
    def of(cls, code: str, **params: object) -> CsvError:
        values = {k: str(v) for k, v in params.items()}
        return cls(CSV_ERROR_TEXTS[code].format(**values), code, values)

    def __reduce__(self) -> tuple[type, tuple[str, str | None, dict[str, str]]]:
        return type(self), (str(self), self.code, self.params)


def read_csv_rows(text: str, path: Path | str, *, uncell: bool = True) -> list[list[str]]:
    """All rows of ``text`` (read from ``path``), cells passed through :func:`csv_uncell`.

    Raises :class:`CsvError` (one line, with the file's safe name and the line) for a field over
    csv's limit (``csv.field_size_limit()``, 128 KiB; a path or a note is far below it), a NUL
    byte, or any other CSV syntax error; ``csv.Error`` itself is not a ValueError and would
    otherwise end a command with a traceback.
    """
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append([csv_uncell(c) for c in row] if uncell else row)
    except csv.Error as exc:
        where = {"path": safe_display(path), "line": reader.line_num}
        if "field larger than field limit" in str(exc):
            raise CsvError.of("csv.field_too_long", **where, limit=csv.field_size_limit()) from None
        raise CsvError.of("csv.invalid", **where, detail=exc) from None
    return rows


def to_csv_line(row: Iterable[object], **kwargs: object) -> str:
    """One CSV record (neutralised cells) as text."""
    buf = io.StringIO()
    csv.writer(buf, **kwargs).writerow(csv_row(row))  # type: ignore[arg-type]
    return buf.getvalue()
