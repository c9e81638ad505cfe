"""The learning loop's shared state for one window: results to review, and the corrections file.

Evaluate and Classify hand their results over as a :class:`ReviewSource`; the Review tab turns
one into a queue with :func:`core.evaluation.review.build_queue`. Every tab that marks a label goes
through :meth:`ReviewHub.mark`, so they all write the same corrections file, and all hear
``corrections_changed`` to show what is marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from core.classes import class_for_folder
from core.data.corrections import Correction, CorrectionsFile
from core.evaluation.result import EvalPrediction, EvalResult
from core.evaluation.review import ReviewItem, build_queue
from core.inference.result import Prediction
from core.model.architectures import has_heatmap
from core.model.card import ModelCard
from leukemia_gui.context import AppContext

EVALUATION, CLASSIFICATION = "evaluation", "classification"
SETTINGS_KEY = "corrections/path"


@dataclass(frozen=True)
class ReviewSource:
    """Predictions to review and where they came from.

    ``predictions`` are an evaluation's :class:`core.evaluation.result.EvalPrediction` s (which
    carry the true label) or :class:`core.inference.result.Prediction` s; ``labels`` gives true
    labels by path for the latter. ``model`` is the model folder that made them (its heatmaps
    are shown).
    """

    kind: str
    title: str
    predictions: tuple[EvalPrediction, ...] | tuple[Prediction, ...]
    labels: Mapping[str, str] = field(default_factory=dict)
    model: Path | None = None
    heatmaps: bool = False

    def queue(self, include_rest: bool = False) -> list[ReviewItem]:
        return build_queue(self.predictions, labels=self.labels, include_rest=include_rest)


def evaluation_source(result: EvalResult, model: Path | str | None) -> ReviewSource:
    """A source from a :class:`core.evaluation.evaluate.EvalResult` made by the model folder ``model``."""
    name = ModelCard.from_dict(result.card).id or (Path(model).name if model else "model")
    title = QCoreApplication.translate("ReviewHub", "evaluation of {0} on {1}").format(name, result.data)
    return ReviewSource(EVALUATION, title, tuple(result.predictions),
                        {}, Path(model) if model else None, has_heatmap(result.card))


def folder_labels(paths: Iterable[str | None]) -> dict[str, str]:
    """True labels of images that sit in a class folder (``.../Pre/x.jpg`` -> ``Pre``)."""
    out = {}
    for path in paths:
        label = class_for_folder(Path(path).parent.name) if path else None
        if label:
            out[str(path)] = label
    return out


def classification_source(predictions: Iterable[Prediction], model: Path | str | None,
                          heatmaps: bool) -> ReviewSource:
    """A source from classified files; images in class folders count as labelled by them."""
    preds = tuple(p for p in predictions if p.path)
    labels = folder_labels(p.path for p in preds)
    title = QCoreApplication.translate("ReviewHub", "{0} classified image(s)").format(len(preds))
    if labels:
        title += QCoreApplication.translate("ReviewHub", ", {0} labelled by their class folder").format(
            len(labels))
    return ReviewSource(CLASSIFICATION, title, preds, labels, Path(model) if model else None, heatmaps)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class ReviewHub(QObject):
    """One per :class:`AppContext` (its child); get it with :meth:`of`."""

    results_published = Signal(object)  # ReviewSource
    review_requested = Signal(object)  # ReviewSource: fill the review queue with it and show it
    corrections_changed = Signal(str)  # the image whose correction changed; "": the whole file

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.context = context
        self.latest: dict[str, ReviewSource] = {}
        self._file: CorrectionsFile | None = None
        self._stamp: tuple[int, int] | None = None

    @classmethod
    def of(cls, context: AppContext) -> ReviewHub:
        hub = context.findChild(cls)
        return hub if hub is not None else cls(context)

    # -- results handed between tabs --------------------------------------------------------
    def publish(self, source: ReviewSource) -> None:
        """Keep ``source`` as the latest of its kind and announce it."""
        self.latest[source.kind] = source
        self.results_published.emit(source)

    def request_review(self, source: ReviewSource) -> None:
        """Publish ``source`` and ask for it to be reviewed now."""
        self.publish(source)
        self.review_requested.emit(source)

    # -- the corrections file ---------------------------------------------------------------
    @property
    def corrections_path(self) -> Path:
        """The chosen file, else ``corrections.csv`` in the app's data folder: always writable
        and found in one place, while data folders are often read-only shares."""
        from leukemia_gui.paths import user_data_dir

        saved = self.context.settings.value(SETTINGS_KEY, "", type=str)
        return Path(saved) if saved else user_data_dir() / "corrections.csv"

    def set_corrections_path(self, path: Path | str) -> CorrectionsFile:
        """Use ``path`` from now on (it may not exist yet).

        Raises:
            CorrectionsError: the file exists and is not a corrections file.
        """
        loaded = CorrectionsFile.load(path)
        self.context.settings.setValue(SETTINGS_KEY, str(path))
        self._file, self._stamp = loaded, _stamp(loaded.path)
        self.corrections_changed.emit("")
        return loaded

    def corrections(self) -> CorrectionsFile:
        """The corrections file, read again when it changed on disk (e.g. edited elsewhere).

        Raises:
            CorrectionsError: it cannot be read or is not a corrections file.
        """
        path = self.corrections_path
        stamp = _stamp(path)
        if self._file is None or self._file.path != path or stamp != self._stamp:
            self._file, self._stamp = CorrectionsFile.load(path), stamp
        return self._file

    def correction(self, image: Path | str) -> Correction | None:
        """The saved correction for ``image``; None when there is none or the file is unusable."""
        from core.data.corrections import CorrectionsError

        try:
            return self.corrections().get(image)
        except CorrectionsError:
            return None

    def mark(self, image: Path | str, recorded: str | None, choice: str | None,
             who: str | None = None, note: str = "") -> Correction | None:
        """Save ``choice`` (a class, ``exclude`` or ``unsure``) for ``image`` with the label it
        had (``recorded``), or remove its correction when ``choice`` is None. Saved at once.

        Raises:
            CorrectionsError: the image is gone, or the file is not a corrections file.
            OSError: the file cannot be written.
        """
        corrections = self.corrections()
        entry = None
        if choice is None:
            corrections.remove(image)
        else:
            entry = corrections.set(image, recorded, choice, who=who, note=note)
        self._stamp = _stamp(corrections.path)
        self.corrections_changed.emit(str(image))
        return entry
