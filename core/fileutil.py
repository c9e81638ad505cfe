"""Atomic writes: a reader sees the old file or the complete new one, never half of it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


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
