"""The learning loop: review queue, corrections, continued training, comparison."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.model.bundle import BundleError, load_bundle
from core.cli import main
from core.evaluation.compare import compare_models, mcnemar_exact
from core.data.corrected import apply_corrections, export_corrected_copy
from core.data.corrections import CorrectionsError, CorrectionsFile
from core.data.scan import scan
from core.data.split import split_dataset
from core.data.images import sha256_file
from core.progress import Cancelled
from core.evaluation.review import build_queue
from core.training.train import TrainConfig, train
from tests.conftest import make_dataset


def _pred(path: str, label: str, conf: float, uncertain: bool = False, reason: str = "",
          true: str | None = None) -> dict:
    return {"path": path, "true": true, "label": label, "confidence": conf,
            "probabilities": {label: conf}, "uncertain": uncertain, "reason": reason}


def _hashes(root: Path) -> dict[str, str]:
    return {str(p): sha256_file(p) for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------- McNemar, review queue


@pytest.mark.parametrize("b, c, p", [(1, 5, 0.21875), (5, 1, 0.21875), (0, 0, 1.0),
                                     (0, 6, 0.03125), (3, 3, 1.0), (0, 1, 1.0), (2, 10, 0.0385742)])
def test_mcnemar_exact_by_hand(b: int, c: int, p: float) -> None:
    assert mcnemar_exact(b, c) == pytest.approx(p, abs=1e-6)


def test_review_queue_order_and_filters() -> None:
    preds = [
        _pred("ok.png", "Pro", 0.99, true="Pro"),
        _pred("wrong-sure.png", "Pre", 0.97, true="Early"),
        _pred("wrong-less.png", "Pre", 0.80, true="Benign"),
        _pred("low.png", "Early", 0.41, True, "low confidence (41%)", true="Early"),
        _pred("margin.png", "Benign", 0.55, True, "small margin between the top two classes (10%)"),
        _pred("ood.png", "Pro", 0.90, True, "image unlike the training data (colour/brightness)"),
        {"path": "broken.png", "error": "truncated image file"},
    ]
    queue = build_queue(preds)
    assert [q.path for q in queue] == ["ood.png", "low.png", "margin.png", "wrong-sure.png",
                                       "wrong-less.png"]
    assert [q.rank for q in queue] == [1, 2, 3, 4, 5]
    assert queue[0].out_of_distribution and queue[3].misclassified and "misclassified" in queue[3].kinds
    assert build_queue(preds, include_rest=True)[-1].path == "ok.png"
    by_class = build_queue(preds, classes=["Early"])
    assert [(q.path, q.rank) for q in by_class] == [("low.png", 2), ("wrong-sure.png", 4)]
    assert [q.path for q in build_queue(preds, reasons=["ood"])] == ["ood.png"]
    assert [q.path for q in build_queue(preds, reasons=["misclassified"])] == ["wrong-sure.png",
                                                                              "wrong-less.png"]
    with pytest.raises(ValueError):
        build_queue(preds, reasons=["bogus"])


def test_review_queue_from_predictions_with_labels(tiny_model: Path, tmp_path: Path) -> None:
    from core.inference.predictor import Predictor

    data = make_dataset(tmp_path / "d", per_class=2)
    items = scan(data).items
    preds = Predictor(tiny_model).predict_paths([i.path for i in items])
    queue = build_queue(preds, labels={str(i.path): i.label for i in items}, include_rest=True)
    assert len(queue) == len(items) and all(q.true is not None for q in queue)
    tiers = [q.tier for q in queue]
    assert tiers == sorted(tiers)


# ---------------------------------------------------------------- corrections


def test_corrections_file_round_trips_and_saves_atomically(tiny_dataset: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    img = tiny_dataset / "Benign" / "WBC-Benign-001.jpg"
    other = tiny_dataset / "Pro" / "WBC-Pro-002.jpg"
    path = tmp_path / "fixes" / "corrections.csv"
    cf = CorrectionsFile.load(path)
    assert len(cf) == 0 and not path.exists()
    entry = cf.set(img, "Benign", "early", who="ana", note="blast, 2 nucleoli,\nsee slide")
    assert entry.corrected_label == "Early" and entry.when.endswith("+00:00")
    cf.set(other, "Pro", "exclude", who="ana")
    assert path.read_text().splitlines()[0] == "path,sha256,recorded_label,corrected_label,who,when,note"
    again = CorrectionsFile.load(path)
    assert again.entries == cf.entries and again.get(img) == entry and img in again
    assert again.remove(other) and not again.remove(other)
    assert len(CorrectionsFile.load(path)) == 1
    before = path.read_bytes()

    def boom(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("core.fileutil.os.replace", boom)
    with pytest.raises(OSError):
        again.set(other, "Pro", "unsure")
    assert path.read_bytes() == before  # the old file is intact
    assert [p.name for p in path.parent.iterdir()] == ["corrections.csv"]  # no temp file left
    with pytest.raises(CorrectionsError):
        cf.set(img, "Benign", "Lymphoma")
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    with pytest.raises(CorrectionsError):
        CorrectionsFile.load(tmp_path / "bad.csv")


def test_apply_corrections_relabels_excludes_and_skips_stale(tiny_dataset: Path, tmp_path: Path) -> None:
    cf = CorrectionsFile(tmp_path / "c.csv")
    relabel = tiny_dataset / "Benign" / "WBC-Benign-001.jpg"
    exclude = tiny_dataset / "Pro" / "WBC-Pro-002.jpg"
    unsure = tiny_dataset / "Pre" / "WBC-Pre-003.jpg"
    stale = tiny_dataset / "Early" / "WBC-Early-004.jpg"
    cf.set(relabel, "Benign", "Early")
    cf.set(exclude, "Pro", "exclude")
    cf.set(unsure, "Pre", "unsure")
    cf.set(stale, "Early", "Pre")
    Image.fromarray(np.zeros((48, 48, 3), np.uint8)).save(stale)  # changed after correcting
    outside = make_dataset(tmp_path / "other", per_class=1)
    cf.set(outside / "Pro" / "WBC-Pro-001.jpg", "Pro", "Pre")
    files_before = _hashes(tiny_dataset)

    result = scan(tiny_dataset)
    items, report = apply_corrections(result, tmp_path / "c.csv")
    labels = {str(i.path): i.label for i in items}
    assert len(items) == len(result.items) - 1 and str(exclude) not in labels
    assert labels[str(relabel)] == "Early" and labels[str(unsure)] == "Pre"
    assert labels[str(stale)] == "Early"  # the stale correction was skipped
    assert report.counts == {"relabelled": 1, "excluded": 1, "unsure": 1, "stale": 1,
                             "not_in_data": 1}
    assert report.skipped[0].path == str(stale.resolve()) and "changed" in report.skipped[0].detail
    assert report.corrections_sha256 == sha256_file(tmp_path / "c.csv")

    manifest = split_dataset(result, block_size=2, duplicates=[])
    fixed, report2 = apply_corrections(manifest, cf)
    assert len(fixed.entries) == len(manifest.entries) - 1
    assert {e.path: e.label for e in fixed.entries}["Benign/WBC-Benign-001.jpg"] == "Early"
    assert [e.split for e in fixed.entries if e.path == "Benign/WBC-Benign-001.jpg"] == \
        [e.split for e in manifest.entries if e.path == "Benign/WBC-Benign-001.jpg"]
    assert report2.counts == report.counts
    assert _hashes(tiny_dataset) == files_before  # sources never touched
    with pytest.raises(CorrectionsError):
        apply_corrections(result, tmp_path / "missing.csv")


def test_export_corrected_copy(tiny_dataset: Path, tmp_path: Path) -> None:
    cf = CorrectionsFile(tmp_path / "c.csv")
    cf.set(tiny_dataset / "Benign" / "WBC-Benign-001.jpg", "Benign", "Pro")
    cf.set(tiny_dataset / "Pro" / "WBC-Pro-002.jpg", "Pro", "exclude")
    files_before = _hashes(tiny_dataset)
    with pytest.raises(CorrectionsError, match="must not be inside the data folder"):
        export_corrected_copy(tiny_dataset, cf, tiny_dataset / "fixed")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x.txt").write_text("x")
    with pytest.raises(CorrectionsError, match="not empty"):
        export_corrected_copy(tiny_dataset, cf, tmp_path / "busy")
    res = export_corrected_copy(tiny_dataset, cf, tmp_path / "fixed")
    assert res.counts == {"Benign": 7, "Early": 8, "Pre": 8, "Pro": 8}
    assert (tmp_path / "fixed" / "Pro" / "WBC-Benign-001.jpg").is_file()
    assert scan(tmp_path / "fixed").counts == res.counts
    assert json.loads((tmp_path / "fixed" / "corrections_report.json").read_text())["counts"] == \
        {"relabelled": 1, "excluded": 1}
    assert _hashes(tiny_dataset) == files_before
    # a manifest keeps its splits in the copy
    manifest = split_dataset(scan(tiny_dataset), block_size=2, duplicates=[])
    res2 = export_corrected_copy(manifest, cf, tmp_path / "fixed2")
    assert res2.manifest_path is not None and res2.manifest_path.is_file()
    from core.data.split import read_manifest

    copy = read_manifest(res2.manifest_path)
    assert copy.root == tmp_path / "fixed2" and len(copy.entries) == len(manifest.entries) - 1
    assert all(copy.resolve(e.path).is_file() for e in copy.entries)


# ---------------------------------------------------------------- continued training, compare


@pytest.fixture(scope="module")
def child(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One epoch of continued training from ``tiny_model`` with corrections, via the CLI."""
    root = tmp_path_factory.mktemp("loop")
    data = make_dataset(root / "data", per_class=4)
    cf = CorrectionsFile(root / "corrections.csv")
    cf.set(data / "Benign" / "WBC-Benign-001.jpg", "Benign", "Early", who="t")
    cf.set(data / "Pro" / "WBC-Pro-002.jpg", "Pro", "exclude", who="t")
    code = main(["-q", "train", str(data), "--from", str(tiny_model), "--corrections",
                 str(cf.path), "--epochs", "1", "--out", str(root / "child")])
    assert code == 0
    return {"root": root, "data": data, "model": root / "child", "corrections": cf.path}


def test_continued_training_card_names_parent_and_corrections(child: dict, tiny_model: Path) -> None:
    parent = load_bundle(tiny_model)
    card = load_bundle(child["model"]).card
    assert card["parent"]["id"] == parent.model_id and card["parent"]["checksum"] == parent.checksum
    assert card["corrections"]["sha256"] == sha256_file(child["corrections"])
    assert card["corrections"]["counts"] == {"relabelled": 1, "excluded": 1}
    assert card["preprocessing"] == parent.card["preprocessing"] and card["input_shape"] == [32, 32, 3]
    assert card["training"]["learning_rate"] == pytest.approx(parent.card["training"]["learning_rate"] / 10)
    assert card["training"]["from_model"] == str(tiny_model)
    assert card["dataset"]["counts"]["train"]["Early"] + card["dataset"]["counts"]["val"]["Early"] \
        + card["dataset"]["counts"]["test"]["Early"] == 5  # 4 + the relabelled one
    assert card["dataset"]["fingerprint"]


def test_continued_training_keeps_the_parents_batchnorm_statistics(child: dict,
                                                                    tiny_model: Path) -> None:
    """A few corrected images must not overwrite statistics learnt on the whole dataset."""
    import keras

    def bn_stats(path: Path) -> list:
        model = load_bundle(path).load_keras()
        return [w for layer in model._flatten_layers(include_self=False)
                if isinstance(layer, keras.layers.BatchNormalization)
                for w in (layer.moving_mean.numpy(), layer.moving_variance.numpy())]

    parent, kid = bn_stats(tiny_model), bn_stats(child["model"])
    assert parent and len(parent) == len(kid)
    assert all(np.array_equal(a, b) for a, b in zip(parent, kid))


def test_mismatched_parent_is_refused(capsys: pytest.CaptureFixture, tiny_model: Path,
                                      tiny_dataset: Path, tmp_path: Path) -> None:
    code = main(["-q", "train", str(tiny_dataset), "--from", str(tiny_model), "--image-size", "48",
                 "--out", str(tmp_path / "m")])
    err = capsys.readouterr().err
    assert code == 2 and "32px" in err and "Traceback" not in err
    assert not (tmp_path / "m").exists()
    with pytest.raises(BundleError, match="architecture"):
        train(tiny_dataset, tmp_path / "m", TrainConfig(arch="seed", from_model=str(tiny_model)))
    forged = tmp_path / "forged"
    shutil.copytree(tiny_model, forged)
    card = json.loads((forged / "model.json").read_text())
    card["classes"] = ["Benign", "Early", "Pre", "Lymphoma"]
    from core.model.bundle import stamp_card

    (forged / "model.json").write_text(json.dumps(stamp_card(card)))  # hashes consistent
    with pytest.raises(BundleError, match="classes"):
        train(tiny_dataset, tmp_path / "m", TrainConfig(from_model=str(forged), epochs=1))
    assert not (tmp_path / "m").exists()


def test_compare_cli_and_mcnemar(capsys: pytest.CaptureFixture, child: dict, tiny_model: Path,
                                 tmp_path: Path) -> None:
    data = make_dataset(tmp_path / "eval", per_class=3)
    out = tmp_path / "cmp.json"
    code = main(["-q", "compare", str(data), str(tiny_model), str(child["model"]), "--json", str(out)])
    text = capsys.readouterr().out
    assert code == 0 and "McNemar exact test" in text and "balanced_accuracy" in text
    report = json.loads(out.read_text())
    assert report["n"] == 12
    assert report["model_a"]["id"] == load_bundle(tiny_model).model_id
    assert {m["name"] for m in report["metrics"]} >= {"accuracy", "balanced_accuracy", "loss"}
    assert [s["name"] for s in report["sensitivity"]] == ["Benign", "Early", "Pre", "Pro"]
    mc = report["mcnemar"]
    assert mc["p_value"] == pytest.approx(mcnemar_exact(mc["b_a_right_b_wrong"], mc["c_a_wrong_b_right"]))

    cmp = compare_models(data, tiny_model, child["model"])
    ra, rb = cmp.results
    right_a = {p.path: p.label == p.true for p in ra.predictions}
    right_b = {p.path: p.label == p.true for p in rb.predictions}
    assert cmp.mcnemar.b == sum(right_a[p] and not right_b[p] for p in right_a)
    assert cmp.mcnemar.c == sum(right_b[p] and not right_a[p] for p in right_a)
    labels_b = {p.path: p.label for p in rb.predictions}
    assert {c.path for c in cmp.changed} == {p.path for p in ra.predictions
                                             if p.label != labels_b[p.path]}
    acc = {m.name: m for m in cmp.metrics}["accuracy"]
    assert acc.delta == pytest.approx(rb.metrics.accuracy - ra.metrics.accuracy)
    # the child's own training images are flagged as optimistic
    on_train = compare_models(child["data"], tiny_model, child["model"])
    assert any("model B's training data" in w for w in on_train.warnings)
    with pytest.raises(Cancelled):
        compare_models(data, tiny_model, child["model"], should_stop=lambda: True)
