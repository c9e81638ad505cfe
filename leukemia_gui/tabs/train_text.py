"""The Train tab's words about a run: its settings, its split, each epoch and the progress
core reports, the data checks' warnings, what became of each correction, what an ended run left
to resume. Core words these in English; here they are built again from its data in the
interface language (translation context ``TrainTab``); in English they read as core's."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QSettings

from core.data.corrected import CorrectionReport, Outcome
from core.progress import Progress
from core.training.config import ResolvedConfig
from core.training.loop import BackupInfo, default_backup_dir, read_backup
from leukemia_gui.i18n import number, percent

INTERRUPTED_KEY = "train/last_run"  # {"data", "out"} of the last training started
translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


# the settings' values core names (core.training.pipeline.AUGMENT_MODES, the schedules); in
# English their own names, as the command line takes them
_VALUES = {
    "none": QT_TRANSLATE_NOOP("TrainTab", "none"),
    "reference": QT_TRANSLATE_NOOP("TrainTab", "reference"),
    "stain": QT_TRANSLATE_NOOP("TrainTab", "stain"),
    "stain-crop": QT_TRANSLATE_NOOP("TrainTab", "stain-crop"),
    "stain-wide": QT_TRANSLATE_NOOP("TrainTab", "stain-wide"),
    "cosine": QT_TRANSLATE_NOOP("TrainTab", "cosine"),
    "plateau": QT_TRANSLATE_NOOP("TrainTab", "plateau"),
}


def _value(name: object) -> str:
    return translate("TrainTab", str(_VALUES[name])) if name in _VALUES else str(name)


def describe(cfg: ResolvedConfig) -> str:
    """The resolved settings in one line: what Start trains, and the log says it ran."""
    return translate(
        "TrainTab", "'{0}', {1} epoch(s), batch {2}, learning rate {3}, {4} px, augmentation "
        "{5}, schedule {6}, seed {7}").format(
        cfg.arch, cfg.epochs, cfg.batch_size, QLocale().toString(float(cfg.learning_rate), "g", 6), cfg.image_size,
        _value(cfg.augment), _value(cfg.schedule), cfg.seed) + (translate("TrainTab", ", ROI") if cfg.roi else "")


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
    return lines, translate("TrainTab", "on the {0} training images").format(counts.get("train", 0))


def epoch_line(p: Progress, val_n: str | None) -> str:
    m = p.metrics
    n_val = f" ({val_n})" if val_n is not None else ""
    return QCoreApplication.translate(
        "TrainTab", "Epoch {0}/{1}: loss {2}, accuracy {3}, val_loss {4}, val_accuracy {5}{6}").format(
        p.done, p.total, number(m.get("loss"), 4, none="nan"), percent(m.get("accuracy")),
        number(m.get("val_loss"), 4, none="nan"), percent(m.get("val_accuracy")), n_val)


# core's fixed progress messages (core.training.train, core.training.cells)
_MESSAGES = {
    "loading images": QT_TRANSLATE_NOOP("TrainTab", "loading images"),
    "recalibrating BatchNorm on the training images":
        QT_TRANSLATE_NOOP("TrainTab", "recalibrating BatchNorm on the training images"),
    "calibrating": QT_TRANSLATE_NOOP("TrainTab", "calibrating"),
    "scoring the reference and the new images":
        QT_TRANSLATE_NOOP("TrainTab", "scoring the reference and the new images"),
    "testing": QT_TRANSLATE_NOOP("TrainTab", "testing"),
    "saving": QT_TRANSLATE_NOOP("TrainTab", "saving"),
    "exporting the cell feature extractor":
        QT_TRANSLATE_NOOP("TrainTab", "exporting the cell feature extractor"),
    "reading cells": QT_TRANSLATE_NOOP("TrainTab", "reading cells"),
}
_SAVED = re.compile(r"^saved (.+)$", re.S)
_CELLS = re.compile(r"^reading cells: (\d+) of (\d+) fields$")


def progress_message(p: Progress, epochs: int | None = None) -> str:
    """``p.message`` in the interface language: a batch's place from its numbers, core's
    fixed messages translated; anything else (a file name) as it is."""
    m = p.metrics
    if p.stage == "train" and "batch" in m and epochs:
        return translate("TrainTab", "epoch {0}/{1}, batch {2}/{3}").format(
            m.get("epoch", 0), epochs, m["batch"], p.total // epochs)
    if p.message in _MESSAGES:
        return translate("TrainTab", str(_MESSAGES[p.message]))
    saved, cells = _SAVED.match(p.message), _CELLS.match(p.message)
    if cells:
        return translate("TrainTab", "reading cells: {0} of {1} fields").format(*cells.groups())
    if saved:
        return translate("TrainTab", "saved {0}").format(saved.group(1))
    return p.message


_WARNINGS = (  # core.training.checks.preflight's sentences
    (re.compile(r"^(\d+) of (\d+) listed image\(s\) are missing and are not used: (.*)$", re.S),
     QT_TRANSLATE_NOOP("TrainTab", "{0} of {1} listed image(s) are missing and are not used: {2}")),
    (re.compile(r"^identical images under different classes: (.*)$", re.S),
     QT_TRANSLATE_NOOP("TrainTab", "identical images under different classes: {0}")),
    (re.compile(r"^… and (\d+) more groups of identical images under different classes$"),
     QT_TRANSLATE_NOOP("TrainTab", "… and {0} more groups of identical images under different classes")),
    (re.compile(r"^class (\S+) has only (\d+) training image\(s\): it is learnt from almost nothing$"),
     QT_TRANSLATE_NOOP("TrainTab", "class {0} has only {1} training image(s): it is learnt from almost "
                                   "nothing")),
    (re.compile(r"^(\d+) validation/test image\(s\) are copies of training images \(derived from the "
                r"same original, e\.g\. (.+) and (.+)\) and are not used; split the folder again to "
                r"use them$", re.S),
     QT_TRANSLATE_NOOP("TrainTab", "{0} validation/test image(s) are copies of training images (derived "
                                   "from the same original, e.g. {1} and {2}) and are not used; split "
                                   "the folder again to use them")),
)


def warning_text(message: str) -> str:
    """One of the data checks' warnings in the interface language (as it is when core words
    one this does not know)."""
    for pattern, text in _WARNINGS:
        match = pattern.match(message)
        if match:
            return translate("TrainTab", str(text)).format(*match.groups())
    return message


_ACTIONS = {  # core.data.corrected.Outcome.action; in English the action's own name
    "relabelled": QT_TRANSLATE_NOOP("TrainTab", "relabelled"),
    "excluded": QT_TRANSLATE_NOOP("TrainTab", "excluded"),
    "unsure": QT_TRANSLATE_NOOP("TrainTab", "unsure"),
    "confirmed": QT_TRANSLATE_NOOP("TrainTab", "confirmed"),
    "stale": QT_TRANSLATE_NOOP("TrainTab", "stale"),
    "missing": QT_TRANSLATE_NOOP("TrainTab", "missing"),
    "label_conflict": QT_TRANSLATE_NOOP("TrainTab", "label_conflict"),
    "not_in_data": QT_TRANSLATE_NOOP("TrainTab", "not_in_data"),
}
_COUNTS = {  # "1 relabelled, 1 stale": how many corrections ended each way
    "relabelled": QT_TRANSLATE_NOOP("TrainTab", "{0} relabelled"),
    "excluded": QT_TRANSLATE_NOOP("TrainTab", "{0} excluded"),
    "unsure": QT_TRANSLATE_NOOP("TrainTab", "{0} unsure"),
    "confirmed": QT_TRANSLATE_NOOP("TrainTab", "{0} confirmed"),
    "stale": QT_TRANSLATE_NOOP("TrainTab", "{0} stale"),
    "missing": QT_TRANSLATE_NOOP("TrainTab", "{0} missing"),
    "label_conflict": QT_TRANSLATE_NOOP("TrainTab", "{0} label_conflict"),
    "not_in_data": QT_TRANSLATE_NOOP("TrainTab", "{0} not_in_data"),
}
_UNREADABLE = re.compile(r"^cannot read the image \((.*)\)$", re.S)
_CONFLICT = re.compile(r"^corrected when labelled (\S+), now labelled (\S+); skipped$")


def action_name(action: str) -> str:
    return translate("TrainTab", str(_ACTIONS[action])) if action in _ACTIONS else action


def corrections_summary(report: CorrectionReport) -> str:
    """:meth:`CorrectionReport.summary` in the interface language: "1 relabelled, 1 stale"."""
    return (", ".join(translate("TrainTab", str(_COUNTS[a])).format(n) if a in _COUNTS else f"{n} {a}"
                      for a, n in sorted(report.counts.items()))
            or translate("TrainTab", "no corrections"))


def outcome_detail(o: Outcome) -> str:
    """What became of one correction, in the interface language (a note, a label, a class
    change and an error's own words as they are)."""
    if o.action == "stale":
        return translate("TrainTab", "the image changed after it was corrected; skipped")
    if o.action == "not_in_data":
        return translate("TrainTab", "no such image in this data")
    unreadable, conflict = _UNREADABLE.match(o.detail), _CONFLICT.match(o.detail)
    if o.action == "missing" and unreadable:
        return translate("TrainTab", "cannot read the image ({0})").format(unreadable.group(1))
    if o.action == "label_conflict" and conflict:
        return translate("TrainTab", "corrected when labelled {0}, now labelled {1}; skipped").format(
            *conflict.groups())
    return o.detail


def outcome_line(o: Outcome) -> str:
    """The log's line for one correction worth a look."""
    return translate("TrainTab", "  correction {0}: {1} — {2}").format(
        action_name(o.action), o.path, outcome_detail(o))
