"""Scan, duplicates and the leakage-free split on small synthetic folders."""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.data.duplicates import find_duplicates
from core.data.scan import DatasetError, scan
from core.data.split import read_manifest, split_dataset, write_manifest
from tests.conftest import make_dataset, smear


def test_scan_counts_and_bad_files(tiny_dataset: Path) -> None:
    (tiny_dataset / "Pro" / "zero.jpg").write_bytes(b"")
    (tiny_dataset / "Pro" / "notes.txt").write_text("hello")
    (tiny_dataset / "Pre" / "fake.png").write_text("not a png")
    (tiny_dataset / "Unknown stuff").mkdir()
    result = scan(tiny_dataset)
    assert result.counts == {"Benign": 8, "Early": 8, "Pre": 8, "Pro": 8}
    reasons = {p.name: r for p, r in result.bad_files}
    assert "empty" in reasons["zero.jpg"] and "extension" in reasons["notes.txt"]
    assert "not a readable image" in reasons["fake.png"]
    assert result.unknown_folders == ("Unknown stuff",)


def test_scan_accepts_rerelease_folder_names(tmp_path: Path) -> None:
    names = {"Benign": "benign", "Early": "[Malignant] early Pre-B", "Pre": "[Malignant] Pre-B",
             "Pro": "[Malignant] Pro-B"}
    result = scan(make_dataset(tmp_path / "d", per_class=2, names=names))
    assert result.counts == {"Benign": 2, "Early": 2, "Pre": 2, "Pro": 2}


def test_scan_errors(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="not found"):
        scan(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetError, match="no class folders"):
        scan(tmp_path / "empty")


def test_one_image_class_and_empty_class(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "d", per_class=3, classes=("Benign", "Pre"))
    (root / "Pro").mkdir()
    Image.fromarray(smear("Pro", 1)).save(root / "Pro" / "only-001.png")
    (root / "Early").mkdir()
    result = scan(root)
    assert result.counts == {"Benign": 3, "Early": 0, "Pre": 3, "Pro": 1}


def test_unicode_paths_and_grey_16bit_alpha(tmp_path: Path) -> None:
    root = tmp_path / "données sang 血"
    (root / "Benign").mkdir(parents=True)
    Image.fromarray(smear("Benign", 1)).convert("L").save(root / "Benign" / "gris 1.png")
    Image.fromarray((np.arange(100, dtype=np.uint16) * 600).reshape(10, 10)).save(root / "Benign" / "b16.png")
    Image.fromarray(smear("Benign", 2)).convert("RGBA").save(root / "Benign" / "alpha é.png")
    assert scan(root).counts["Benign"] == 3


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "d", per_class=2)
    (root / "Pro" / "loop").symlink_to(root / "Pro", target_is_directory=True)
    assert scan(root).counts["Pro"] == 2


def test_duplicates_exact_near_and_cross_class(tiny_dataset: Path) -> None:
    src = tiny_dataset / "Pro" / "WBC-Pro-001.jpg"
    shutil.copy(src, tiny_dataset / "Pro" / "WBC-Pro-050.jpg")  # exact, same class
    shutil.copy(src, tiny_dataset / "Pre" / "WBC-Pre-090.jpg")  # exact, other class
    img = np.asarray(Image.open(tiny_dataset / "Early" / "WBC-Early-002.jpg")).copy()
    img[0, 0] = 255 - img[0, 0]  # near duplicate: one pixel changed, re-encoded
    Image.fromarray(img).save(tiny_dataset / "Early" / "WBC-Early-077.png")
    groups = find_duplicates(scan(tiny_dataset).items, max_distance=2)
    exact = [g for g in groups if g.kind == "exact"]
    assert len(exact) == 1 and len(exact[0].items) == 3 and exact[0].cross_class
    near_names = [{i.path.name for i in g.items} for g in groups if g.kind == "near"]
    assert {"WBC-Early-002.jpg", "WBC-Early-077.png"} in near_names


def test_split_is_grouped_stratified_and_reproducible(tmp_path: Path) -> None:
    root = make_dataset(tmp_path / "d", per_class=30)
    shutil.copy(root / "Pro" / "WBC-Pro-001.jpg", root / "Pro" / "WBC-Pro-029x.jpg")
    result = scan(root)
    m1 = split_dataset(result, seed=3, block_size=5)
    m2 = split_dataset(result, seed=3, block_size=5)
    assert m1.entries == m2.entries
    counts = m1.counts()
    for c in counts["train"]:
        assert counts["train"][c] > counts["val"][c] > 0 and counts["test"][c] > 0
    # a block never straddles two splits
    split_of_group: dict[str, set] = {}
    for e in m1.entries:
        split_of_group.setdefault(e.group, set()).add(e.split)
    assert all(len(s) == 1 for s in split_of_group.values())
    # duplicates follow each other even across blocks
    by_name = {Path(e.path).name: e.split for e in m1.entries}
    assert by_name["WBC-Pro-001.jpg"] == by_name["WBC-Pro-029x.jpg"]


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_manifest_round_trip(tmp_path: Path, suffix: str) -> None:
    root = make_dataset(tmp_path / "d", per_class=10)
    m = split_dataset(scan(root), block_size=2)
    out = write_manifest(m, tmp_path / f"split{suffix}")
    back = read_manifest(out)
    assert back.entries == m.entries
    assert all(p.is_file() for p in (i.path for i in back.items("train")))


def test_bad_manifest(tmp_path: Path) -> None:
    p = tmp_path / "m.json"
    p.write_text(json.dumps({"format": "other"}))
    with pytest.raises(DatasetError, match="not a split manifest"):
        read_manifest(p)
    p.write_text("{garbage")
    with pytest.raises(DatasetError, match="malformed"):
        read_manifest(p)
