"""Atomic writes: a reader sees the old file or the complete new one, never half of it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from collections.abc import Iterable


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path | str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: existence check only (POSIX; never called on Windows)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. EPERM: it exists but belongs to someone else
        return True
    return True


def remove_stale_partials(final_dir: Path | str) -> list[Path]:
    """Delete ``.<name>.partial-<pid>-*`` folders left beside ``final_dir`` by killed runs.

    Only folders whose owning process is gone are removed, so a concurrent run's work folder
    is left alone. Returns what was removed. Does nothing on Windows, where no cheap and
    safe process-existence check exists (``os.kill`` there terminates processes).
    """
    final_dir = Path(final_dir)
    removed: list[Path] = []
    if os.name != "posix" or not final_dir.parent.is_dir():
        return removed
    prefix = f".{final_dir.name}.partial-"
    try:
        candidates = [p for p in final_dir.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    for p in candidates:
        pid_text = p.name[len(prefix):].split("-", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and not _alive(int(pid_text)):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def make_partial_dir(final_dir: Path | str) -> Path:
    """A new hidden work folder beside ``final_dir``, to be moved there by :func:`replace_dir`.

    The name carries this process's id so that a later run can tell an abandoned folder (its
    process was killed) from one still being written; abandoned ones are removed first.
    """
    final_dir = Path(final_dir)
    final_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(final_dir)
    return Path(tempfile.mkdtemp(prefix=f".{final_dir.name}.partial-{os.getpid()}-",
                                 dir=final_dir.parent))


def replace_dir(tmp_dir: Path, final_dir: Path) -> None:
    """Move a completed ``tmp_dir`` to ``final_dir``, replacing an older one only at the end."""
    final_dir = Path(final_dir)
    if final_dir.exists():
        old = final_dir.with_name(f".{final_dir.name}.old-{os.getpid()}")
        os.replace(final_dir, old)
        try:
            os.replace(tmp_dir, final_dir)
        except BaseException:
            os.replace(old, final_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp_dir, final_dir)


# --- The one guard every writer uses -------------------------------------------------------
# A writer asks here before it creates, truncates, appends to or replaces anything. The rules
# are the same for the command line and the app: an output is never one of the run's inputs,
# never a file of the model in use, never the same path as another output of the run, and a
# folder output never holds, sits in, or is the data it was made from.

MODEL_CARD = "model.json"
BACKUP_MARKER = ".leukemia-backup"


# Why an output or input is refused, as a stable code, and the names of the values its sentence
# is made from (``params``: ``path`` as given, ``what`` the English name of the file, e.g.
# "report file"); a message given alone is ``output.other`` / ``input.other``.
OUTPUT_REFUSED_CODES: dict[str, tuple[str, ...]] = {
    "output.other": ("detail",),
    "output.not_regular": ("path", "what"),
    "output.broken_link": ("path", "what"),
    "output.is_input": ("path", "what"),
    "output.in_model_folder": ("path", "what", "folder"),
    "output.twice": ("path",),
    "output.inside_data": ("path", "what", "root"),
    "output.contains_data": ("path", "what", "root"),
    "output.not_folder": ("path",),
    "output.cannot_list": ("path", "what", "detail"),
    "output.not_empty": ("path", "what"),
    "output.backup_inside": ("path", "root"),
    "output.backup_not_folder": ("path",),
    "output.backup_not_ours": ("path",),
    # raised by the writers themselves (core.evaluation.report, core.training.checks)
    "output.report_inside_data": ("path", "data"),
    "output.report_present": ("path", "names"),
    "output.model_holds_manifest": ("path", "manifest"),
    "output.model_replaces": ("path", "model"),
}
INPUT_REFUSED_CODES: dict[str, tuple[str, ...]] = {
    "input.other": ("detail",),
    "input.not_found": ("path", "what"),
    "input.cannot_read": ("path", "what", "detail"),
    "input.not_regular": ("path", "what"),
    "input.too_large": ("path", "what", "limit_mib", "size_mib"),
    "input.grew": ("path", "what", "limit_mib"),
    "input.too_deep": ("path", "what"),
    "input.malformed": ("path", "what", "detail"),
    "input.nested": ("path", "what", "levels"),
}


class _Refused(ValueError):
    """The message (English, one line) with ``code`` and ``params`` saying the same in a form an
    interface can word in its own language."""

    default_code = ""

    def __init__(self, message: str, code: str = "", params: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.code = code or self.default_code
        self.params: dict[str, object] = dict(params) if params is not None else {"detail": message}


class OutputRefused(_Refused):
    """An output path that would destroy or corrupt something; the message is one line."""

    default_code = "output.other"


def _resolved(path: Path | str) -> Path:
    return Path(os.path.abspath(os.path.expanduser(str(path))))


def same_path(a: Path | str, b: Path | str) -> bool:
    """True when ``a`` and ``b`` name the same file or folder (links and case folding too)."""
    ra, rb = _resolved(a), _resolved(b)
    try:
        if ra.exists() and rb.exists():
            return os.path.samefile(ra, rb)
    except OSError:
        pass
    return os.path.normcase(str(ra.resolve())) == os.path.normcase(str(rb.resolve()))


def is_inside(child: Path | str, parent: Path | str) -> bool:
    """True when ``child`` is ``parent`` itself or lies anywhere below it (links resolved)."""
    c = os.path.normcase(str(_resolved(child).resolve()))
    p = os.path.normcase(str(_resolved(parent).resolve()))
    return c == p or c.startswith(p.rstrip(os.sep) + os.sep)


def guard_output_file(
    path: Path | str,
    *,
    inputs: Iterable[Path | str] = (),
    protected_dirs: Iterable[Path | str] = (),
    other_outputs: Iterable[Path | str] = (),
    what: str = "output file",
) -> Path:
    """Check that writing ``path`` can destroy nothing; return it, or raise :class:`OutputRefused`.

    Refused: an existing path that is not a regular file (a folder, FIFO or device); a path that
    is one of ``inputs`` (the images or files the run reads); a path inside one of
    ``protected_dirs`` (the model folder in use); the same path as one of ``other_outputs``.
    """
    p = _resolved(path)
    if p.exists() and not p.is_file():
        raise OutputRefused(f"{path}: the {what} exists and is not a regular file",
                            "output.not_regular", {"path": str(path), "what": what})
    if p.is_symlink() and not p.exists():
        raise OutputRefused(f"{path}: the {what} is a broken link",
                            "output.broken_link", {"path": str(path), "what": what})
    if p.exists():
        for src in inputs:
            if same_path(p, src):
                raise OutputRefused(f"{path}: the {what} is one of the inputs; choose another name",
                                    "output.is_input", {"path": str(path), "what": what})
    else:
        resolved = os.path.normcase(str(p.resolve()))
        for src in inputs:
            if os.path.normcase(str(_resolved(src).resolve())) == resolved:
                raise OutputRefused(f"{path}: the {what} is one of the inputs; choose another name",
                                    "output.is_input", {"path": str(path), "what": what})
    for d in protected_dirs:
        if is_inside(p, d):
            raise OutputRefused(f"{path}: the {what} would be written into the model folder {d}",
                                "output.in_model_folder", {"path": str(path), "what": what, "folder": str(d)})
    for o in other_outputs:
        if o is not None and same_path(p, o):
            raise OutputRefused(f"{path}: the same file is given for two outputs of this run",
                                "output.twice", {"path": str(path)})
    return p


def is_model_bundle(path: Path | str) -> bool:
    """A folder written by this app's ``save_bundle``: a ``model.json`` card with its format."""
    card = Path(path) / MODEL_CARD
    try:
        if not card.is_file() or card.stat().st_size > 4 * 1024 * 1024:
            return False
        import json

        data = json.loads(card.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and str(data.get("format", "")).startswith("leukemia-model/")


def guard_output_dir(
    path: Path | str,
    *,
    data_roots: Iterable[Path | str] = (),
    allow_bundle: bool = True,
    own_marker: str | None = None,
    what: str = "output folder",
) -> Path:
    """Check that a folder output may be (re)placed at ``path``; raise :class:`OutputRefused`.

    Allowed: a path that does not exist yet, an empty folder, or (``allow_bundle``) an existing
    model bundle of this app, which the caller replaces only once the new one is complete. Never
    one of ``data_roots``, a folder that contains one, or a folder inside one. A folder holding
    ``own_marker`` (a file the writer leaves in its own outputs) is the writer's own output.
    """
    p = _resolved(path)
    for root in data_roots:
        if root is None:
            continue
        if is_inside(p, root):
            raise OutputRefused(f"{path}: the {what} must not be inside the data folder {root}",
                                "output.inside_data", {"path": str(path), "what": what, "root": str(root)})
        if is_inside(root, p):
            raise OutputRefused(f"{path}: the {what} must not contain the data folder {root}",
                                "output.contains_data", {"path": str(path), "what": what, "root": str(root)})
    if not p.exists():
        if p.is_symlink():
            raise OutputRefused(f"{path}: the {what} is a broken link",
                                "output.broken_link", {"path": str(path), "what": what})
        return p
    if not p.is_dir():
        raise OutputRefused(f"{path}: exists and is not a folder",
                            "output.not_folder", {"path": str(path)})
    try:
        empty = not any(p.iterdir())
    except OSError as exc:
        raise OutputRefused(f"{path}: cannot list the {what} ({exc.strerror})",
                            "output.cannot_list",
                            {"path": str(path), "what": what, "detail": str(exc.strerror)}) from None
    if empty or (allow_bundle and is_model_bundle(p)) or (own_marker and (p / own_marker).is_file()):
        return p
    raise OutputRefused(f"{path}: the {what} exists, is not empty and is not a model of this app; "
                        "choose a new or empty folder", "output.not_empty", {"path": str(path), "what": what})


def guard_backup_dir(path: Path | str, *, data_roots: Iterable[Path | str] = (),
                     protected_dirs: Iterable[Path | str] = ()) -> Path:
    """An epoch backup folder: new, empty, or one this app created (it holds the marker)."""
    p = _resolved(path)
    for root in list(data_roots) + list(protected_dirs):
        if root is not None and (is_inside(p, root) or is_inside(root, p)):
            raise OutputRefused(f"{path}: the backup folder must be outside {root}",
                                "output.backup_inside", {"path": str(path), "root": str(root)})
    if p.exists():
        if not p.is_dir():
            raise OutputRefused(f"{path}: the backup folder exists and is not a folder",
                                "output.backup_not_folder", {"path": str(path)})
        if any(p.iterdir()) and not (p / BACKUP_MARKER).is_file():
            raise OutputRefused(f"{path}: the backup folder exists, is not empty and was not "
                                "made by this app; choose a new folder", "output.backup_not_ours",
                                {"path": str(path)})
    return p


def mark_backup_dir(path: Path | str) -> None:
    """Create the backup folder with the marker that lets this app remove it later."""
    p = Path(path)
    p.mkdir(parents=True, exist_ok=True)
    marker = p / BACKUP_MARKER
    if not marker.exists():
        marker.write_text("epoch backup made by the leukemia app; removed when training ends\n",
                          encoding="utf-8")


def remove_marked_dir(path: Path | str) -> bool:
    """Remove a backup folder only when it carries this app's marker; True when removed."""
    p = Path(path)
    if p.is_dir() and not p.is_symlink() and (p / BACKUP_MARKER).is_file():
        shutil.rmtree(p, ignore_errors=True)
        return True
    return False


# --- Reading: every file the app reads is a regular file of bounded size -------------------

MAX_JSON_DEPTH = 64


class InputRefused(_Refused):
    """A file the app will not read (not a regular file, too large, nested too deeply)."""

    default_code = "input.other"


def read_input_bytes(path: Path | str, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; :class:`InputRefused` for a FIFO,
    device, socket or folder (reading one could block forever) or a larger file."""
    import stat

    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputRefused(f"{path}: {what} not found",
                           "input.not_found", {"path": str(path), "what": what}) from None
    except OSError as exc:
        raise InputRefused(f"{path}: cannot read {what} ({exc.strerror or exc})",
                           "input.cannot_read",
                           {"path": str(path), "what": what, "detail": str(exc.strerror or exc)}) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputRefused(f"{path}: the {what} is not a regular file",
                           "input.not_regular", {"path": str(path), "what": what})
    if st.st_size > max_bytes:
        raise InputRefused(f"{path}: the {what} is larger than {max_bytes // 2**20} MiB "
                           f"({st.st_size / 2**20:.0f} MiB)", "input.too_large",
                           {"path": str(path), "what": what, "limit_mib": max_bytes // 2**20,
                            "size_mib": round(st.st_size / 2**20)})
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputRefused(f"{path}: cannot read {what} ({exc.strerror or exc})",
                           "input.cannot_read",
                           {"path": str(path), "what": what, "detail": str(exc.strerror or exc)}) from None
    if len(data) > max_bytes:  # it grew while being read
        raise InputRefused(f"{path}: the {what} is larger than {max_bytes // 2**20} MiB",
                           "input.grew", {"path": str(path), "what": what, "limit_mib": max_bytes // 2**20})
    return data


def json_depth(node: object, limit: int = MAX_JSON_DEPTH) -> int:
    """Nesting depth of parsed JSON, iteratively (stops counting past ``limit``)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, d)
            if deepest > limit:
                return deepest
            stack.extend((v, d + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def parse_json_limited(text: str | bytes, path: Path | str, what: str = "file",
                       max_depth: int = MAX_JSON_DEPTH) -> object:
    """``json.loads`` with a nesting limit; :class:`InputRefused` with one line otherwise."""
    import json

    try:
        data = json.loads(text)
    except RecursionError:
        raise InputRefused(f"{path}: the {what} is nested too deeply",
                           "input.too_deep", {"path": str(path), "what": what}) from None
    except ValueError as exc:
        raise InputRefused(f"{path}: malformed {what} ({str(exc)[:120]})",
                           "input.malformed", {"path": str(path), "what": what, "detail": str(exc)[:120]}) from None
    if json_depth(data, max_depth) > max_depth:
        raise InputRefused(f"{path}: the {what} is nested more than {max_depth} levels",
                           "input.nested", {"path": str(path), "what": what, "levels": max_depth})
    return data
