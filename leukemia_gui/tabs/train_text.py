"""The Train tab's words about a run: its settings, its split, each epoch, what an ended run
left to resume (translated in the ``TrainTab`` context)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings

from core.progress import Progress
from core.training.config import ResolvedConfig
from core.training.loop import BackupInfo, default_backup_dir, read_backup
from leukemia_gui.widgets.train_result import percent

INTERRUPTED_KEY = "train/last_run"  # {"data", "out"} of the last training started


def _tr(text: str) -> str:
    return QCoreApplication.translate("TrainTab", text)


def describe(cfg: ResolvedConfig) -> str:
    """The resolved settings in one line: what Start trains, and the log says it ran."""
    return QCoreApplication.translate(
        "TrainTab", "'{0}', {1} epoch(s), batch {2}, learning rate {3}, {4} px, augmentation "
        "{5}, schedule {6}, seed {7}").format(
        cfg.arch, cfg.epochs, cfg.batch_size, f"{cfg.learning_rate:g}", cfg.image_size,
        cfg.augment, cfg.schedule, cfg.seed) + (_tr(", ROI") if cfg.roi else "")


def interrupted(settings: QSettings) -> tuple[Path, Path, BackupInfo] | None:
    """The last training that ended without a model but left an epoch backup:
    ``(data, output folder, backup)``, or None."""
    raw = settings.value(INTERRUPTED_KEY, "")
    try:
        saved = json.loads(raw) if raw else None
        data, out = Path(saved["data"]), Path(saved["out"])
    except (TypeError, ValueError, KeyError):
        return None
    info = read_backup(default_backup_dir(out))
    if info is None or not data.exists() or out.exists():
        return None
    return data, out, info


def what_was_kept(found: tuple[Path, Path, BackupInfo] | None) -> str:
    """Exactly what an ended run left: no model, and the backup's epochs, if any."""
    if found is None:
        return QCoreApplication.translate(
            "TrainTab", "No model was saved, and no epoch was completed, so there is nothing "
            "to resume.")
    info = found[2]
    return QCoreApplication.translate(
        "TrainTab", "No model was saved. The epoch backup {0} keeps epochs 1-{1} of {2} (the "
        "model after epoch {1}); “Resume interrupted training” continues at epoch "
        "{3}.").format(info.path, info.epochs_done, info.epochs, info.epochs_done + 1)


def split_lines(split_counts: dict[str, dict[str, int]]) -> tuple[list[str], str]:
    """Log lines for the split a run uses, and what its val_ figures rest on (``n=4``)."""
    counts = {k: sum(v.values()) for k, v in split_counts.items()}
    lines = [QCoreApplication.translate(
        "TrainTab", "  split: {0} training, {1} validation, {2} test image(s)").format(
        counts.get("train", 0), counts.get("val", 0), counts.get("test", 0))]
    if counts.get("val"):
        return lines, f"n={counts['val']}"
    # core validates on the training images then (core.training.plan.NO_VALIDATION_NOTE)
    lines.append(QCoreApplication.translate(
        "TrainTab", "  no validation images: the val_ figures below are scored on the training "
        "images and say little about new images"))
    return lines, _tr("on the {0} training images").format(counts.get("train", 0))


def epoch_line(p: Progress, val_n: str | None) -> str:
    m = p.metrics
    n_val = f" ({val_n})" if val_n is not None else ""
    return QCoreApplication.translate(
        "TrainTab", "Epoch {0}/{1}: loss {2:.4f}, accuracy {3}, val_loss {4:.4f}, "
        "val_accuracy {5}{6}").format(
        p.done, p.total, m.get("loss", float("nan")), percent(m.get("accuracy")),
        m.get("val_loss", float("nan")), percent(m.get("val_accuracy")), n_val)
