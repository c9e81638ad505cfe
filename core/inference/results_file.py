"""Results files (CSV or JSON lines) written one flushed record at a time, resumable."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

from core.inference.result import NO_RESULT, Prediction
from core.text import read_csv_rows, safe_display, to_csv_line


_MIX = "; --resume would mix results (give a new results file, or the model that wrote this one)"
# code -> the English sentence of a ResultsError, its values as {name}
RESULTS_ERROR_TEXTS: dict[str, str] = {
    "results.no_header": "{path}: the file has no header" + _MIX,
    "results.no_model_id": "{path}: the file records no model id (written by an older version or another "
                           "program)" + _MIX,
    "results.other_columns": "{path}: the file's columns are not this model's classes ({columns})" + _MIX,
    "results.field_count": "{path}: row {row} has {got} fields, not {expected}" + _MIX,
    "results.other_model_row": "{path}: row {row} was written by model {found}, not {expected}" + _MIX,
    "results.other_model_line": "{path}: line {line} was written by model {found}, not {expected}" + _MIX,
}
RESULTS_ERROR_CODES: dict[str, tuple[str, ...]] = {
    c: tuple(name for _, name, _, _ in string.Formatter().parse(t) if name) for c, t in RESULTS_ERROR_TEXTS.items()}


class ResultsError(ValueError):
    """A results file that ``--resume`` must not continue; the message is one line (the English
    sentence), ``code`` and ``params`` say the same for an interface to word in its own language
    (:data:`RESULTS_ERROR_TEXTS`; None and no values for an error raised with a message only)."""

    def __init__(self, message: str, code: str | None = None, params: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code, self.params = code, dict(params or {})

    @classmethod
    def of(cls, code: str, **params: Any) -> ResultsError:
        values = {k: str(v) for k, v in params.items()}
        return cls(RESULTS_ERROR_TEXTS[code].format(**values), code, values)

    def __reduce__(self) -> tuple[type, tuple[str, str | None, dict[str, Any]]]:
        return type(self), (str(self), self.code, self.params)


def _csv_records_end(raw: bytes) -> int:
    """Offset just after the last complete CSV record of ``raw`` (RFC 4180 quoting).

    A newline inside a quoted field (a file name with a line break) does not end a record, so
    a record torn inside such a field by a kill is found and dropped, not half kept.
    """
    quoted, end, pos = False, 0, 0
    for piece in raw.split(b"\n")[:-1]:  # each piece ends at a newline
        pos += len(piece) + 1
        if piece.count(b'"') % 2:  # doubled quotes inside a field change nothing
            quoted = not quoted
        if not quoted:
            end = pos
    return end


class ResultsFile:
    """A CSV or JSON-lines results file written one flushed record at a time.

    Every record carries the id of the model that made it (CSV: a ``model_id`` column, kept
    last so spreadsheets and scripts that read the other columns by position are unaffected;
    JSON lines: a ``model_id`` field). A killed run leaves every complete record valid;
    ``resume=True`` drops a torn last record (also one cut inside a quoted field), refuses a
    file written by another model or for other classes (:class:`ResultsError`), remembers the
    images already recorded (:meth:`is_done`) and appends after them. Paths are written as
    :func:`core.text.safe_display` shows them, and CSV cells that a spreadsheet would run as a
    formula get a leading ``'`` (read back without it).
    """

    def __init__(self, path: Path | str, classes: list[str], *, resume: bool = False,
                 kind: str | None = None, model_id: str = "") -> None:
        self.path = Path(path)
        self.kind = kind or ("jsonl" if self.path.suffix.lower() in (".jsonl", ".json", ".ndjson")
                             else "csv")
        self.classes = list(classes)
        self.model_id = model_id
        self.done: set[str] = set()
        self.header = ["path", "label", "confidence", "uncertain", "reason", "error",
                       *[f"p_{c}" for c in self.classes], "model_id"]
        fresh = not (resume and self.path.is_file() and self.path.stat().st_size > 0)
        if not fresh:
            self._read_done()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "w" if fresh else "a", newline="", encoding="utf-8")
        if fresh and self.kind == "csv":
            self._write_line(self._csv_line(self.header))

    @staticmethod
    def key(path: Path | str | None) -> str:
        """How an image is named in the file (and matched on resume)."""
        return safe_display(path) if path is not None else ""

    def is_done(self, path: Path | str) -> bool:
        return self.key(path) in self.done

    def _refuse(self, code: str, **params: Any) -> None:
        raise ResultsError.of(code, path=safe_display(self.path), **params)

    def _check_model(self, found: object, where: str, n: int) -> None:
        if found != self.model_id:
            self._refuse(f"results.other_model_{where}", **{where: n}, found=found or "(none recorded)",
                         expected=self.model_id or "(none)")

    def _read_done(self) -> None:
        raw = self.path.read_bytes()
        end = _csv_records_end(raw) if self.kind == "csv" else raw.rfind(b"\n") + 1
        text = raw[:end].decode("utf-8", "replace")
        if self.kind == "csv":
            rows = read_csv_rows(text, self.path)
            if not rows:
                self._refuse("results.no_header")
            if [h.strip() for h in rows[0]] != self.header:
                if "model_id" not in rows[0]:
                    self._refuse("results.no_model_id")
                self._refuse("results.other_columns", columns=", ".join(rows[0]))
            for n, r in enumerate(rows[1:], start=2):
                if not r:
                    continue
                if len(r) != len(self.header):
                    self._refuse("results.field_count", row=n, got=len(r), expected=len(self.header))
                self._check_model(r[-1], "row", n)
                self.done.add(r[0])
        else:
            for n, line in enumerate(text.splitlines(), start=1):
                try:
                    rec = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if not isinstance(rec, dict) or "path" not in rec:
                    continue
                self._check_model(rec.get("model_id"), "line", n)
                self.done.add(str(rec["path"]))
        if end < len(raw):  # a record cut by the kill: drop it, it is redone
            with open(self.path, "r+b") as fh:
                fh.truncate(end)

    @staticmethod
    def _csv_line(row: list) -> str:
        return to_csv_line(row)

    def _write_line(self, line: str) -> None:
        self._fh.write(line)
        self._fh.flush()  # one write per record: a kill never tears an earlier one

    def write(self, pred: Prediction) -> None:
        name = self.key(pred.path)
        if self.kind == "jsonl":
            line = json.dumps({**pred.to_dict(), "path": name, "model_id": self.model_id},
                              ensure_ascii=False) + "\n"
        else:
            blank = pred.no_result  # no class: no confidence or probabilities either
            line = self._csv_line([name, pred.label or "",
                                   "" if blank else f"{pred.confidence:.6f}",
                                   pred.uncertain if pred.error is None else "",
                                   f"{NO_RESULT}: {pred.reason}" if blank else pred.reason,
                                   pred.error or "",
                                   *["" if blank else f"{pred.probabilities.get(c, 0):.6f}"
                                     for c in self.classes], self.model_id])
        self._write_line(line)
        self.done.add(name)

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> ResultsFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
