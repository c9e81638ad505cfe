"""Checks before any training work: the output folders (nothing of the user's at risk) and what
the data really holds (missing files, identical images under two classes, tiny classes)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from core.data.images import sha256_file
from core.data.scan import DatasetError
from core.data.split import Manifest, SplitEntry, copies_across_splits, read_manifest
from core.fileutil import OutputRefused, guard_backup_dir, guard_output_dir, is_inside
from core.model.bundle import default_model_dir
from core.training.config import TrainConfig


def check_outputs(data: Path | str | Manifest, out_dir: Path | str, cfg: TrainConfig) -> None:
    """Refuse (:class:`core.fileutil.OutputRefused`) a model folder or backup folder that could
    destroy anything: see :func:`core.fileutil.guard_output_dir`. Also never the model being
    continued, nor the shipped model. Called by :func:`train` before any work, and by the CLI
    and the app before they start one."""
    roots: list[Path] = []
    if isinstance(data, Manifest):
        roots.append(Path(data.root))
    else:
        data = Path(data)
        if data.is_file():
            try:
                roots.append(Path(read_manifest(data).root))
            except (DatasetError, OSError, ValueError):
                pass
            if is_inside(data, out_dir):
                raise OutputRefused(f"{out_dir}: the model folder must not contain the manifest {data}",
                                    "output.model_holds_manifest", {"path": str(out_dir), "manifest": str(data)})
        else:
            roots.append(data)
    out = guard_output_dir(out_dir, data_roots=roots, what="model folder")
    protected = [default_model_dir()] + ([Path(cfg.from_model)] if cfg.from_model else [])
    for model in protected:
        if model.exists() and (is_inside(out, model) or is_inside(model, out)):
            raise OutputRefused(f"{out_dir}: the new model must not replace or hold {model}; "
                                "choose another folder", "output.model_replaces",
                                {"path": str(out_dir), "model": str(model)})
    if cfg.backup_dir:
        guard_backup_dir(cfg.backup_dir, data_roots=roots, protected_dirs=[out] + protected)


FEW_IMAGES = 10  # a class with fewer training images than this is learnt from almost nothing


def preflight(manifest: Manifest) -> tuple[Manifest, dict]:
    """What training will really use, said before it starts.

    Entries whose file is missing (or not a regular file) are dropped and reported; files with
    identical bytes under two classes, and classes with fewer than ``FEW_IMAGES`` training
    images, are reported: the returned dict (which the card keeps) lists them under ``warnings``,
    and :func:`train` sends each to ``progress`` as a ``warning`` report (the CLI prints it, the
    Train tab logs it) once it knows the training can go ahead.
    """
    kept: list[SplitEntry] = []
    missing: list[SplitEntry] = []
    for e in manifest.entries:
        (kept if manifest.resolve(e.path).is_file() else missing).append(e)
    by_hash: dict[str, list] = {}
    for e in kept:
        try:
            by_hash.setdefault(sha256_file(manifest.resolve(e.path)), []).append(e)
        except OSError:
            missing.append(e)
    kept = [e for e in kept if e not in missing]
    conflicts = [sorted({(x.label, x.path) for x in g}) for g in by_hash.values()
                 if len({x.label for x in g}) > 1]
    # a validation/test image derived from a training image's original (a manifest made
    # before copies were grouped) would score the model on what it learnt: not used
    leaked = copies_across_splits(replace(manifest, entries=tuple(kept)))
    leaked_set = {e for e, _ in leaked}
    kept = [e for e in kept if e not in leaked_set]
    used = replace(manifest, entries=tuple(kept))
    train_counts = used.counts()["train"]
    few = {c: n for c, n in train_counts.items() if 0 < n < FEW_IMAGES}
    report = {"listed": len(manifest.entries), "used": len(kept),
              "missing": [e.path for e in missing][:50], "missing_count": len(missing),
              "identical_across_classes": [[f"{lab}: {path}" for lab, path in g]
                                           for g in conflicts][:50],
              "few_images": few,
              "copies_of_training_images_not_scored": [e.path for e, _ in leaked][:50],
              "copies_of_training_images_not_scored_count": len(leaked)}

    warnings: list[str] = []
    warn = warnings.append
    if missing:
        names = ", ".join(e.path for e in missing[:3]) + (" …" if len(missing) > 3 else "")
        warn(f"{len(missing)} of {len(manifest.entries)} listed image(s) are missing and are "
             f"not used: {names}")
    for g in conflicts[:5]:
        warn("identical images under different classes: " + "; ".join(f"{p} ({lab})" for lab, p in g))
    if len(conflicts) > 5:
        warn(f"… and {len(conflicts) - 5} more groups of identical images under different classes")
    for c, n in few.items():
        warn(f"class {c} has only {n} training image(s): it is learnt from almost nothing")
    if leaked:
        e, src = leaked[0]
        warn(f"{len(leaked)} validation/test image(s) are copies of training images (derived "
             f"from the same original, e.g. {e.path} and {src.path}) and are not used; "
             "split the folder again to use them")
    report["warnings"] = warnings
    return used, report
