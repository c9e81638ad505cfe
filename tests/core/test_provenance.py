"""Derived images (balance's copies, corrected copies) stay with their source in the split and
are recognised by the seen-in-training check (issue #20, item 1)."""

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from core.classes import CLASSES
from core.cli import main
from core.data.provenance import origin_of, origin_stem
from core.data.scan import scan
from core.data.split import read_manifest, split_dataset, write_manifest
from core.evaluation.evaluate import EvalPrediction, count_seen
from tests.conftest import smear


def numbered_dataset(root: Path, per_class: int = 10) -> Path:
    """Images numbered 3, 10, 17, ... (several blocks of 20), like the real file names."""
    for c_i, label in enumerate(CLASSES):
        (root / label).mkdir(parents=True)
        for i in range(per_class):
            Image.fromarray(smear(label, 100 * c_i + i, 32)).save(
                root / label / f"WBC-{label}-{3 + 7 * i:03d}.jpg", quality=95)
    return root


@pytest.fixture
def balanced(tmp_path: Path, capsys: pytest.CaptureFixture) -> tuple[Path, Path]:
    src = numbered_dataset(tmp_path / "src")
    out = tmp_path / "balanced"
    assert main(["-q", "balance", str(src), str(out), "--target", "40"]) == 0
    capsys.readouterr()
    return src, out


def test_balance_copies_share_their_sources_split(balanced, tmp_path, capsys) -> None:
    src, out = balanced
    assert len(list((out / "Benign").glob("*__aug*"))) == 30
    sources = json.loads((out / "balance.json").read_text())["sources"]
    assert main(["-q", "split", str(out), "--out", str(tmp_path / "s.json"), "--seed", "1"]) == 0
    capsys.readouterr()
    manifest = read_manifest(tmp_path / "s.json")
    split_of = {e.path: e.split for e in manifest.entries}
    by_source: dict[str, set[str]] = {}
    for rel, source in sources.items():
        by_source.setdefault(source, set()).add(split_of[rel])
    assert all(len(s) == 1 for s in by_source.values()), by_source
    trained_sources = {s for s, where in by_source.items() if where == {"train"}}
    held_out = [rel for rel, s in sources.items() if split_of[rel] != "train"]
    assert held_out and not [r for r in held_out if sources[r] in trained_sources]
    # the copy's group is its source's block: WBC-X-073__aug0012_rot90 is in block 3, not 4
    group = {e.path: e.group for e in manifest.entries}
    for rel, source in sources.items():
        assert group[rel] == group[f"{rel.split('/')[0]}/{Path(source).name}"]


def test_copies_without_balance_json_are_grouped_by_name(balanced) -> None:
    _, out = balanced
    (out / "balance.json").unlink()
    manifest = split_dataset(scan(out), seed=2, duplicates=[])
    by_origin: dict[str, set[str]] = {}
    for e in manifest.entries:
        by_origin.setdefault(e.label + "/" + origin_stem(Path(e.path)), set()).add(e.split)
    assert len(by_origin) == 40 and all(len(s) == 1 for s in by_origin.values())


def fake_bundle(tmp_path: Path, data: Path, train_fraction: float = 0.5) -> tuple[Path, set]:
    """A folder holding only a model's split.json (what the check reads)."""
    bundle = tmp_path / "model"
    bundle.mkdir(parents=True)
    manifest = split_dataset(scan(data), fractions=(train_fraction, 1 - train_fraction, 0.0),
                             block_size=20, seed=5, duplicates=[])
    write_manifest(manifest, bundle / "split.json")
    return bundle, {e.path for e in manifest.entries if e.split == "train"}


def predictions(folder: Path) -> list[EvalPrediction]:
    return [EvalPrediction(str(i.path), i.label, i.label, 1.0, {}, False)
            for i in scan(folder, verify=False).items]


def test_seen_check_recognises_augmented_copies_both_ways(balanced, tmp_path) -> None:
    src, out = balanced
    sources = json.loads((out / "balance.json").read_text())["sources"]
    # trained on the original folder, evaluated on its balanced copy
    bundle, trained = fake_bundle(tmp_path / "a", src)
    expected = sum(1 for rel, s in sources.items() if s in trained)
    assert 0 < expected < len(sources)
    assert count_seen(bundle, predictions(out)) == expected
    # trained on the balanced folder, evaluated on the originals
    bundle, trained = fake_bundle(tmp_path / "b", out)
    trained_sources = {sources[rel] for rel in trained}
    n = count_seen(bundle, predictions(src))
    assert n == len(trained_sources) and 0 < n < 40
    # the name rule alone (no balance.json) still finds the copies
    (out / "balance.json").unlink()
    bundle, trained = fake_bundle(tmp_path / "c", src)
    assert count_seen(bundle, predictions(out)) == sum(1 for s in sources.values() if s in trained)


def test_corrected_copy_records_its_sources(tmp_path: Path) -> None:
    from core.data.corrected import export_corrected_copy
    from core.data.corrections import CorrectionsFile

    src = numbered_dataset(tmp_path / "src", per_class=3)
    export_corrected_copy(src, CorrectionsFile(tmp_path / "none.csv"), tmp_path / "fixed")
    copy = tmp_path / "fixed" / "Pro" / "WBC-Pro-010.jpg"
    assert origin_of(copy) == (src / "Pro" / "WBC-Pro-010.jpg").resolve()
    # a balanced copy of the corrected copy leads back to the first source
    assert main(["-q", "balance", str(tmp_path / "fixed"), str(tmp_path / "bal"), "--target", "5"]) == 0
    aug = next((tmp_path / "bal" / "Pro").glob("*__aug*"))
    assert origin_of(aug).parent == (src / "Pro").resolve()
    shutil.rmtree(tmp_path / "bal")


def test_training_does_not_score_copies_from_an_older_manifest(balanced, tmp_path) -> None:
    """A manifest made before copies were grouped (or edited by hand) puts a copy in test and
    its source in train: training leaves the copy out of the scored parts and says so."""
    from dataclasses import replace

    from core.data.split import copies_across_splits
    from core.training.checks import preflight

    _, out = balanced
    manifest = split_dataset(scan(out), seed=1, duplicates=[])
    src = next(e for e in manifest.entries if e.split == "train" and "__aug" not in e.path)
    copy = next(e for e in manifest.entries
                if e.label == src.label and origin_stem(Path(e.path)) == Path(src.path).stem
                and "__aug" in e.path)
    old = replace(manifest, entries=tuple(replace(e, split="test") if e == copy else e
                                          for e in manifest.entries))
    leaked = copies_across_splits(old)
    assert [e.path for e, _ in leaked] == [copy.path]
    assert copies_across_splits(manifest) == []  # the split made now has none
    used, report = preflight(old)
    assert copy.path not in {e.path for e in used.entries}
    assert report["copies_of_training_images_not_scored_count"] == 1
    assert any("copies of training images" in w for w in report["warnings"])
