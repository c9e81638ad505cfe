"""A classified file is opened and read once: its pixels are decoded from those bytes and the
audit record's sha256 is theirs (no second read to hash it)."""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from core.data import images
from core.inference.audit import AuditLog
from core.inference.classify import classify_files
from core.inference.predictor import Predictor


class _Counted:
    """A file object that counts the bytes read through it."""

    def __init__(self, fh: Any, counts: dict[str, int], key: str, lock: threading.Lock) -> None:
        self._fh, self._counts, self._key, self._lock = fh, counts, key, lock

    def _add(self, n: int) -> None:
        with self._lock:
            self._counts[self._key] = self._counts.get(self._key, 0) + n

    def read(self, *args: Any) -> Any:
        data = self._fh.read(*args)
        self._add(len(data))
        return data

    def readinto(self, buf: Any) -> Any:
        n = self._fh.readinto(buf)
        self._add(n or 0)
        return n

    def __enter__(self) -> _Counted:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._fh.close()

    def __iter__(self) -> Any:
        return iter(self._fh)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)


@pytest.fixture
def file_reads(monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, int], dict[str, int]]:
    """(opens, bytes read) per file name, for every file opened through ``open``/``io.open``
    (``Path.open``, ``Path.read_bytes`` and Pillow's ``Image.open`` all go through them),
    from any thread."""
    opens: dict[str, int] = {}
    read: dict[str, int] = {}
    lock = threading.Lock()
    real = builtins.open

    def counting_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        fh = real(file, mode, *args, **kwargs)
        if isinstance(file, (str, Path)) and "r" in mode and "+" not in mode:
            key = str(Path(file).resolve())
            with lock:
                opens[key] = opens.get(key, 0) + 1
            return _Counted(fh, read, key, lock)
        return fh

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    return opens, read


def _records(audit: AuditLog) -> list[dict]:
    return [json.loads(line) for line in audit.path.read_text(encoding="utf-8").splitlines()]


def test_a_dropped_file_is_read_once_and_its_audit_hash_is_of_those_bytes(
        tiny_model: Path, tiny_dataset: Path, tmp_path: Path, file_reads) -> None:
    predictor = Predictor(tiny_model)  # loaded first: only the image's reads are counted
    audit = AuditLog(tmp_path / "audit.jsonl")
    field = tiny_dataset / "Pro" / "WBC-Pro-001.jpg"
    size = field.stat().st_size
    opens, read = file_reads
    got: list = []
    assert classify_files(predictor, [field], audit, partial=got.extend) == 1
    key = str(field.resolve())
    assert opens.get(key) == 1, opens  # decoded and hashed from one open
    assert read.get(key) == size  # and its bytes read once
    (done,) = got
    assert done.rgb is not None and done.prediction.error is None
    opens.clear()
    expected = hashlib.sha256(field.read_bytes()).hexdigest()
    (rec,) = _records(audit)
    assert rec["sha256"] == expected == done.sha256
    assert rec["path"] == str(field) and rec["label"] == done.prediction.label


def test_a_batch_reads_each_file_once_and_audits_its_hash(tiny_model: Path, tiny_dataset: Path,
                                                          tmp_path: Path, file_reads) -> None:
    predictor = Predictor(tiny_model)
    audit = AuditLog(tmp_path / "audit.jsonl")
    files = sorted((tiny_dataset / "Early").glob("*.jpg"))[:5]
    opens, read = file_reads
    assert classify_files(predictor, files, audit) == len(files)
    for f in files:
        assert opens.get(str(f.resolve())) == 1, (f, opens)
        assert read.get(str(f.resolve())) == f.stat().st_size
    opens.clear()
    digests = {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    assert {r["path"]: r["sha256"] for r in _records(audit)} == digests


def test_the_bytes_read_decode_as_the_file_does(tmp_path: Path) -> None:
    """The same pixels as reading the file (EXIF orientation, alpha), and the same refusals."""
    rgba = np.zeros((20, 30, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 128
    png = tmp_path / "alpha.png"
    Image.fromarray(rgba, "RGBA").save(png)
    rotated = tmp_path / "r.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90
    Image.fromarray(np.tile(np.arange(40, dtype=np.uint8)[None, :, None], (20, 1, 3))).save(
        rotated, exif=exif)
    for f in (png, rotated):
        loaded = images.read_image_file(f)
        assert np.array_equal(loaded.rgb, images.load_rgb(f))
        assert loaded.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    assert images.read_image_file(rotated).rgb.shape == (40, 20, 3)
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a jpeg")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    cut = tmp_path / "cut.png"
    cut.write_bytes(png.read_bytes()[:60])
    for f in (bad, empty, cut, tmp_path / "missing.png"):
        with pytest.raises(images.ImageError) as by_file:
            images.load_rgb(f)
        with pytest.raises(images.ImageError) as by_bytes:
            images.read_image_file(f)
        assert (by_bytes.value.reason, by_bytes.value.code) == (by_file.value.reason,
                                                                by_file.value.code), f


def test_a_file_larger_than_any_image_decoded_is_refused_unread(tmp_path: Path,
                                                                monkeypatch, file_reads) -> None:
    big = tmp_path / "big.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64, 3), np.uint8)).save(big)
    assert big.stat().st_size > 1000
    monkeypatch.setattr(images, "MAX_FILE_BYTES", 100)
    opens, read = file_reads
    with pytest.raises(images.ImageError, match="file over") as err:
        images.read_image_file(big)
    assert err.value.code == "image.cannot_read"
    assert read[str(big.resolve())] <= 101  # no more than the limit was read
