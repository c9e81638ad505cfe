"""The reference augmentations, and balancing a dataset folder to a target count per class."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from core.classes import CLASSES
from core.data.scan import DatasetError, scan
from core.fileutil import OutputRefused, guard_output_dir, make_partial_dir, replace_dir
from core.data.images import ImageError, load_rgb
from core.progress import Cancelled, Progress, ProgressFn, StopFn, check_stop, never_stop, no_progress

OPS = ("zoom", "flip_x", "flip_y", "rot90", "rot180", "rot270")
MARKER = "balance.json"


def apply_op(rgb: np.ndarray, op: str, rng: random.Random | None = None) -> np.ndarray:
    """Apply one reference augmentation to an ``HxWx3`` uint8 image.

    ``zoom`` zooms in by up to 20% around a random centre (the reference's zoom 20%);
    ``flip_x`` mirrors left-right; ``flip_y`` up-down; ``rotN`` rotates by N degrees.
    """
    rng = rng or random.Random(0)
    if op == "flip_x":
        return np.ascontiguousarray(rgb[:, ::-1])
    if op == "flip_y":
        return np.ascontiguousarray(rgb[::-1, :])
    if op in ("rot90", "rot180", "rot270"):
        return np.ascontiguousarray(np.rot90(rgb, k=-(int(op[3:]) // 90)))
    if op == "zoom":
        h, w = rgb.shape[:2]
        factor = 1.0 + rng.uniform(0.05, 0.2)
        ch, cw = max(1, round(h / factor)), max(1, round(w / factor))
        y = rng.randint(0, h - ch)
        x = rng.randint(0, w - cw)
        crop = rgb[y : y + ch, x : x + cw]
        return cv2.resize(crop, (w, h), interpolation=cv2.INTER_LINEAR)
    raise ValueError(f"unknown augmentation {op!r}; choose from {', '.join(OPS)}")


MAX_NAME_BYTES = 255  # the file-name limit of ext4, NTFS, APFS


def fit_name(stem: str, suffix: str) -> str:
    """``stem + suffix``, with the stem shortened (and tagged by its hash) to fit the file system.

    Source names up to 255 bytes are legal, but ``<stem>__aug0001_flip_x.png`` built from one
    is not; the hash tag keeps shortened names distinct, and ``balance.json`` maps every
    generated file back to its source.
    """
    name = stem + suffix
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    tag = "~" + hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8")) - len(tag)
    short = stem.encode("utf-8")[: max(budget, 0)].decode("utf-8", "ignore")
    return short + tag + suffix


@dataclass(frozen=True)
class BalanceResult:
    out_dir: Path
    target: int
    counts_before: dict[str, int]
    counts_after: dict[str, int]
    generated: int
    skipped: tuple[tuple[Path, str], ...]
    up_to_date: bool
    seconds: float

    def to_dict(self) -> dict:
        return {
            "out_dir": str(self.out_dir),
            "target": self.target,
            "counts_before": self.counts_before,
            "counts_after": self.counts_after,
            "generated": self.generated,
            "skipped": [{"path": str(p), "reason": r} for p, r in self.skipped],
            "up_to_date": self.up_to_date,
            "seconds": round(self.seconds, 2),
        }


MAX_TARGET = 100_000  # images per class; far above any smear dataset, far below a full disk


def balance(
    src: Path | str,
    out: Path | str,
    *,
    target: int | None = None,
    seed: int = 42,
    progress: ProgressFn = no_progress,
    should_stop: StopFn = never_stop,
) -> BalanceResult:
    """Bring every class of ``src`` up to ``target`` images by random reference augmentations.

    Originals are copied unchanged to ``out/<Class>/``; new images are named
    ``<source stem>__aug<k>_<op>.png`` (the stem shortened when the name would be too long for
    the file system) and ``balance.json`` maps every output file to its source. The source folder
    is only read. The output is built in a temporary sibling folder and moved into place at the
    end, so a cancelled or failed run leaves nothing half-written. Re-running with the same
    settings on an unchanged source finds the finished output and writes nothing.

    Args:
        src: dataset folder with class subfolders.
        out: new output folder (must not be inside ``src``; must be empty, missing, or an
            earlier balance output).
        target: images per class; default the largest class's count.
        seed: makes the choice of sources and operations reproducible.
    """
    t0 = time.perf_counter()
    src, out = Path(src), Path(out)
    try:
        guard_output_dir(out, data_roots=[src], allow_bundle=False, own_marker=MARKER)
    except OutputRefused as exc:
        raise DatasetError(str(exc)) from None
    result = scan(src, progress=progress, should_stop=should_stop)
    counts = dict(result.counts)
    present = [c for c in CLASSES if counts[c] > 0]
    if not present:
        raise DatasetError(f"{src}: no readable images to balance")
    target = max(counts.values()) if target is None else int(target)
    if not 1 <= target <= MAX_TARGET:
        raise DatasetError(f"target {target} is out of range: allowed 1 to {MAX_TARGET}")
    fingerprint = sorted((str(i.path.relative_to(src)), i.path.stat().st_size) for i in result.items)
    settings = {"target": target, "seed": seed, "source": str(src.resolve()),
                "fingerprint": hashlib.sha256(json.dumps(fingerprint).encode()).hexdigest()}
    marker = out / MARKER
    if out.exists():
        if marker.is_file():
            try:
                previous = json.loads(marker.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                previous = {}
            if previous.get("settings") == settings:
                return BalanceResult(out, target, counts, previous["counts_after"], 0,
                                     result.bad_files, True, time.perf_counter() - t0)
        elif any(out.iterdir()):
            raise DatasetError(f"{out}: output folder exists and is not empty; choose a new one")
    rng = random.Random(seed)
    plan: list[tuple[str, Path, int, str]] = []  # class, source, k, op
    for label in present:
        sources = [i.path for i in result.items if i.label == label]
        for k in range(max(0, target - len(sources))):
            plan.append((label, rng.choice(sources), k, rng.choice(OPS)))
    total = len(result.items) + len(plan)
    tmp = make_partial_dir(out)
    try:
        done = 0
        origins: dict[str, str] = {}  # output file -> its source, relative to src
        for label in present:
            (tmp / label).mkdir()
        for item in result.items:
            check_stop(should_stop)
            dest = tmp / item.label / item.path.name
            if dest.exists():  # same name in nested subfolders: keep both
                rel = str(item.path.relative_to(src))
                dest = dest.with_name(fit_name(
                    f"{item.path.stem}~{hashlib.sha256(rel.encode()).hexdigest()[:8]}",
                    item.path.suffix))
            shutil.copy2(item.path, dest)
            origins[f"{item.label}/{dest.name}"] = str(item.path.relative_to(src))
            done += 1
            if done % 20 == 0:
                progress(Progress("balance", done, total, f"copy {item.path.name}"))
        generated = 0
        skipped: list[tuple[Path, str]] = list(result.bad_files)
        for label, source, k, op in plan:
            check_stop(should_stop)
            try:
                img = apply_op(load_rgb(source), op, rng)
            except ImageError as exc:  # vanished or changed since the scan
                skipped.append((source, exc.reason))
                continue
            name = fit_name(source.stem, f"__aug{k:04d}_{op}.png")
            Image.fromarray(img).save(tmp / label / name, format="PNG")
            origins[f"{label}/{name}"] = str(source.relative_to(src))
            generated += 1
            done += 1
            if done % 20 == 0 or done == total:
                progress(Progress("balance", done, total, f"{label}: {name}"))
        after = {c: len(list((tmp / c).iterdir())) if (tmp / c).exists() else 0 for c in CLASSES}
        (tmp / MARKER).write_text(
            json.dumps({"settings": settings, "counts_before": counts, "counts_after": after,
                        "generated": generated, "sources": origins}, indent=1),
            encoding="utf-8",
        )
        progress(Progress("balance", total, total, "finishing"))
        replace_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BalanceResult(out, target, counts, after, generated, tuple(skipped), False,
                         time.perf_counter() - t0)


__all__ = ["OPS", "apply_op", "balance", "BalanceResult", "Cancelled"]
