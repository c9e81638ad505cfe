"""Balancing by the reference augmentations never touches the source."""

import hashlib
from pathlib import Path

import numpy as np
import pytest

from core.data.balance import OPS, apply_op, balance
from core.data.scan import DatasetError
from core.progress import Cancelled
from tests.conftest import make_dataset


def tree_hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("op", OPS)
def test_ops_keep_shape(op: str) -> None:
    img = np.random.default_rng(0).integers(0, 255, (20, 30, 3), dtype=np.uint8)
    out = apply_op(img, op)
    assert out.dtype == np.uint8
    assert out.shape == ((30, 20, 3) if op in ("rot90", "rot270") else img.shape)


def test_flip_and_rotation_are_exact() -> None:
    img = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    assert (apply_op(img, "flip_x") == img[:, ::-1]).all()
    assert (apply_op(img, "flip_y") == img[::-1]).all()
    assert (apply_op(apply_op(img, "rot90"), "rot270") == img).all()


def test_balance_to_target(tmp_path: Path) -> None:
    src = make_dataset(tmp_path / "src", per_class=4)
    (src / "Pro" / "WBC-Pro-004.jpg").unlink()
    before = tree_hashes(src)
    seen = []
    result = balance(src, tmp_path / "out", target=7, seed=1, progress=seen.append)
    assert result.counts_after == {"Benign": 7, "Early": 7, "Pre": 7, "Pro": 7}
    assert result.generated == 3 * 3 + 4
    assert tree_hashes(src) == before
    names = sorted(p.name for p in (tmp_path / "out" / "Pro").iterdir())
    aug = [n for n in names if "__aug" in n]
    assert len(aug) == 4 and all(n.split("__aug")[0] in {"WBC-Pro-001", "WBC-Pro-002", "WBC-Pro-003"} for n in aug)
    assert seen and seen[-1].done == seen[-1].total


def test_balance_default_target_is_largest_class(tmp_path: Path) -> None:
    src = make_dataset(tmp_path / "src", per_class=3)
    (src / "Pro" / "WBC-Pro-003.jpg").unlink()
    result = balance(src, tmp_path / "out")
    assert result.target == 3 and result.counts_after["Pro"] == 3


def test_rerun_is_idempotent_and_seeded(tmp_path: Path) -> None:
    src = make_dataset(tmp_path / "src", per_class=3)
    first = balance(src, tmp_path / "out", target=5, seed=9)
    hashes = tree_hashes(tmp_path / "out")
    again = balance(src, tmp_path / "out", target=5, seed=9)
    assert again.up_to_date and again.generated == 0
    assert tree_hashes(tmp_path / "out") == hashes
    other = balance(src, tmp_path / "out2", target=5, seed=9)
    assert tree_hashes(tmp_path / "out2") == hashes and other.generated == first.generated


def test_refuses_output_inside_source_and_non_empty_output(tmp_path: Path) -> None:
    src = make_dataset(tmp_path / "src", per_class=2)
    with pytest.raises(DatasetError, match="inside the data folder"):
        balance(src, src / "balanced")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("user file")
    with pytest.raises(DatasetError, match="not empty"):
        balance(src, busy)
    assert (busy / "keep.txt").read_text() == "user file"


def test_cancel_leaves_nothing(tmp_path: Path) -> None:
    src = make_dataset(tmp_path / "src", per_class=3)
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 20

    with pytest.raises(Cancelled):
        balance(src, tmp_path / "out", target=30, should_stop=stop)
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if "partial" in p.name]
