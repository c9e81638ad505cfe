"""Classify once: one image is read once and run through the model once, its heatmap drawn from
the kept class maps; every path of the app audits its results the same way."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import core.inference.predictor as predictor_module
from core.inference.audit import AuditLog
from core.inference.classify import classify_files, is_single
from core.inference.predictor import Classified, Predictor
from core.progress import Progress


@pytest.fixture
def counted(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Predictor, list[int], list[str]]:
    """A predictor whose model runs (batch sizes) and file reads are counted."""
    predictor = Predictor(tiny_model)
    runs: list[int] = []
    reads: list[str] = []
    run, load = predictor._run, predictor_module.read_image_file
    monkeypatch.setattr(predictor, "_run", lambda x: (runs.append(len(x)), run(x))[1])
    monkeypatch.setattr(predictor_module, "read_image_file",
                        lambda p: (reads.append(str(p)), load(p))[1])
    return predictor, runs, reads


def test_classify_reads_once_and_runs_the_model_once(counted, tiny_dataset: Path) -> None:
    predictor, runs, reads = counted
    path = tiny_dataset / "Pro" / "WBC-Pro-001.jpg"
    done = predictor.classify(path)
    assert runs == [1] and reads == [str(path)]
    assert done.prediction.path == str(path) and done.rgb is not None and done.maps is not None
    heat = done.heatmap()
    assert runs == [1]  # the heatmap comes from the kept maps
    assert heat is not None and heat.shape == done.rgb.shape[:2]
    assert np.allclose(heat, predictor.heatmap(done.rgb), atol=1e-6)  # what a second run gives
    assert done.prediction == predictor.predict_path(path)  # the same result as before
    pixels = predictor.classify(done.rgb)
    assert pixels.prediction.path is None and pixels.prediction.probabilities == done.prediction.probabilities


def test_an_unreadable_file_is_an_error_without_a_model_run(counted, tmp_path: Path) -> None:
    predictor, runs, _ = counted
    bad = tmp_path / "broken.jpg"
    bad.write_bytes(b"not a jpeg")
    done = predictor.classify(bad)
    assert done.prediction.error and done.rgb is None and done.heatmap() is None and runs == []


def test_classify_files_audits_and_streams_through_partial(counted, tiny_dataset: Path,
                                                           tmp_path: Path) -> None:
    predictor, runs, _ = counted
    audit = AuditLog(tmp_path / "audit.jsonl")
    one = tiny_dataset / "Pre" / "WBC-Pre-001.jpg"
    assert is_single([one]) and is_single([np.zeros((8, 8, 3), np.uint8)])
    assert not is_single([tiny_dataset]) and not is_single([one, one])
    got: list[tuple[Classified, ...]] = []
    reports: list[Progress] = []
    assert classify_files(predictor, [one], audit, partial=got.append, progress=reports.append) == 1
    assert len(got) == 1 and got[0][0].maps is not None and runs == [1]
    files = sorted((tiny_dataset / "Early").glob("*.jpg"))
    got.clear()
    assert classify_files(predictor, [tiny_dataset / "Early"], audit, partial=got.append,
                          progress=reports.append) == len(files)
    streamed = [c.prediction.path for batch in got for c in batch]
    assert streamed == [str(f) for f in files]
    assert all(c.rgb is None and c.maps is None for batch in got for c in batch)  # bounded memory
    assert all(not r.metrics for r in reports)  # results never ride on progress
    records = [json.loads(line) for line in audit.path.read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in records] == [str(one), *map(str, files)]
    assert all(r["model_id"] == predictor.bundle.model_id for r in records)
