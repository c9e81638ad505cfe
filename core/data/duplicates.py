"""Exact and near-duplicate images of a dataset (same bytes, or a close difference hash)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import imagehash
import numpy as np
from PIL import Image

from core.data.images import ImageError, load_rgb, sha256_file
from core.data.scan import ImageItem
from core.progress import Progress, ProgressFn, StopFn, check_stop, never_stop, no_progress


@dataclass(frozen=True)
class DuplicateGroup:
    kind: str  # "exact" or "near"
    items: tuple[ImageItem, ...]
    max_distance: int

    @property
    def cross_class(self) -> bool:
        return len({i.label for i in self.items}) > 1

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "cross_class": self.cross_class,
            "max_distance": self.max_distance,
            "items": [{"path": str(i.path), "label": i.label} for i in self.items],
        }


class UnionFind:
    """Disjoint sets of ``0 .. n-1``; :meth:`groups` lists each set (smallest index as key)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return out


def _dhash_bits(path: Path) -> np.ndarray:
    rgb = load_rgb(path)
    h = imagehash.dhash(Image.fromarray(rgb), hash_size=8)
    return np.asarray(h.hash, dtype=bool).ravel()


def find_duplicates(
    items: list[ImageItem] | tuple[ImageItem, ...],
    *,
    max_distance: int = 2,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> list[DuplicateGroup]:
    """Group exact (same bytes) and near duplicates (difference-hash distance ≤ ``max_distance``).

    Works within and across classes. Exact groups are reported as ``"exact"``; the remaining
    groups linked by perceptual hash as ``"near"`` (an exact group may sit inside a near one).
    Files that cannot be read are left out.
    """
    items = list(items)
    n = len(items)
    shas: list[str | None] = []
    bits = np.zeros((n, 64), dtype=bool)
    ok = np.zeros(n, dtype=bool)
    for i, item in enumerate(items):
        check_stop(should_stop)
        try:
            shas.append(sha256_file(item.path))
            bits[i] = _dhash_bits(item.path)
            ok[i] = True
        except (ImageError, OSError):
            shas.append(None)
        if i % 25 == 0 or i == n - 1:
            progress(Progress("hash", i + 1, n, item.path.name))
    groups: list[DuplicateGroup] = []
    by_sha: dict[str, list[int]] = defaultdict(list)
    for i, sha in enumerate(shas):
        if sha is not None:
            by_sha[sha].append(i)
    for members in by_sha.values():
        if len(members) > 1:
            groups.append(DuplicateGroup("exact", tuple(items[i] for i in members), 0))
    if max_distance >= 0 and n > 1:
        uf = UnionFind(n)
        packed = np.packbits(bits, axis=1)  # n x 8 bytes
        popcount = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).sum(1)
        for i in range(n - 1):
            if not ok[i]:
                continue
            dist = popcount[np.bitwise_xor(packed[i + 1 :], packed[i])].sum(axis=1)
            for j in np.nonzero((dist <= max_distance) & ok[i + 1 :])[0]:
                uf.union(i, i + 1 + int(j))
        exact_sets = {frozenset(m) for m in by_sha.values() if len(m) > 1}
        for members in uf.groups().values():
            if len(members) > 1 and frozenset(members) not in exact_sets:
                groups.append(
                    DuplicateGroup("near", tuple(items[i] for i in members), max_distance)
                )
    groups.sort(key=lambda g: (g.kind != "exact", str(g.items[0].path)))
    return groups
