"""Continue training from a saved model: its weights (BatchNorm frozen), its split, its record.

Used by :func:`core.training.train.train` when ``TrainConfig.from_model`` is set. The child keeps the
parent's classes, architecture and preprocessing (a fine-tuned model must read images exactly
as its parent did) and starts from a tenth of the parent's learning rate: the settings are
resolved against the parent by :func:`core.training.config.resolve_config`; this module loads
the parent's weights and split.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from core.data.split import Manifest, read_manifest
from core.model.bundle import Bundle, BundleError


def load_parent_model(parent: Bundle) -> Any:
    """The parent's Keras model (safe mode), checked against its card's input shape.

    Its BatchNormalization layers are frozen (Keras then runs them in inference mode, with the
    parent's statistics): continued training usually sees a few dozen images, whose batch
    statistics are far noisier than those learnt on the whole dataset. Left free, they wrecked
    the shipped model on 64 images (validation loss 0.2 -> 6 after two epochs)."""
    import keras

    model = parent.load_keras()
    shape = tuple(model.input_shape[1:]) if hasattr(model, "input_shape") else None
    if shape is not None and all(isinstance(s, int) for s in shape) and shape != parent.spec.input_shape:
        raise BundleError(f"{parent.path}: model input {shape} does not match its card "
                          f"{parent.spec.input_shape}", "bundle.parent_input",
                          {"path": str(parent.path), "shape": str(shape),
                           "expected": str(parent.spec.input_shape)})
    for layer in model._flatten_layers(include_self=False):
        if isinstance(layer, keras.layers.BatchNormalization):
            layer.trainable = False
    return model


def inherit_split(manifest: Manifest, parent: Bundle) -> tuple[Manifest, int]:
    """Put images the parent already saw into the parent's split, so the child's validation
    and test images were never the parent's training images. Returns the manifest and how
    many entries were moved."""
    split_file = parent.path / "split.json"
    if not split_file.is_file():
        return manifest, 0
    try:
        old = read_manifest(split_file)
    except Exception:  # noqa: BLE001 - an unreadable old split only loses this safeguard
        return manifest, 0
    where = {str(old.resolve(e.path).resolve()): e.split for e in old.entries}
    moved = 0
    entries = []
    for e in manifest.entries:
        split = where.get(str(manifest.resolve(e.path).resolve()))
        if split is not None and split != e.split:
            e = replace(e, split=split)
            moved += 1
        entries.append(e)
    return replace(manifest, entries=tuple(entries)), moved


def parent_record(parent: Bundle) -> dict:
    """What the child's card says about its parent."""
    return {"id": parent.model_id, "checksum": parent.checksum, "path": str(parent.path),
            "dataset_fingerprint": (parent.card.get("dataset") or {}).get("fingerprint")}


def prepare_parent_model(parent: Bundle, method: dict | None, items: Any = (), spec: Any = None) -> Any:
    """:func:`load_parent_model` with the continued-training method applied: the layers it
    trains and the L2-SP penalty toward the parent's weights (see :mod:`core.training.rehearsal`);
    with ``batchnorm``, the BatchNorm statistics of ``items`` (the new and the rehearsal
    images) replace the parent's first, and stay frozen."""
    import keras

    from core.training.rehearsal import (
        ContinueMethod,
        attach_l2sp,
        restrict_trainable,
        train_batchnorm_affine,
    )

    model = load_parent_model(parent)
    m = ContinueMethod(**method) if method else ContinueMethod()
    if m.batchnorm and len(items) and spec is not None:
        from core.training.calibration import recalibrate_batchnorm

        bns = [la for la in model._flatten_layers(include_self=False)
               if isinstance(la, keras.layers.BatchNormalization)]
        for la in bns:
            la.trainable = True
        recalibrate_batchnorm(model, items, spec)
        for la in bns:
            la.trainable = False
    restrict_trainable(model, m.train)
    if m.affine:
        train_batchnorm_affine(model, m.train)
    attach_l2sp(model, m.l2sp)
    return model


def restat_batchnorm(model: Any, items: Any, spec: Any, *, augment: str = "none", seed: int = 42) -> int:
    """BatchNorm statistics of ``items`` (the new and the rehearsal images) after continued
    training, as a model trained from scratch gets them (the trained blocks' inputs moved while
    the statistics stayed); the layers' trainable flags are left as they were. Returns how many
    inputs were used."""
    import keras

    from core.training.calibration import recalibrate_batchnorm

    bns = [la for la in model._flatten_layers(include_self=False)
           if isinstance(la, keras.layers.BatchNormalization)]
    flags = [la.trainable for la in bns]
    for la in bns:
        la.trainable = True
    try:
        return recalibrate_batchnorm(model, items, spec, augment=augment, seed=seed)
    finally:
        for la, flag in zip(bns, flags, strict=True):
            la.trainable = flag


class Carried:
    """The parent's carried sets, extracted into a temporary folder for one run: the rehearsal
    images join the training items, the reference scores parent and child side by side, and
    both files are carried on into the child's bundle. :meth:`close` removes the folder."""

    def __init__(self, parent: Bundle, method: Any) -> None:
        import tempfile

        from core.model.carried import unpack_images
        from core.training.rehearsal import carried_sets

        self.parent, self.method = parent, method
        self.files = {k: p for k, p in carried_sets(parent).items() if p is not None}
        self._dir = tempfile.TemporaryDirectory(prefix="leukemia-carried-")
        self.rehearsal: list = []
        self.reference: list = []
        self.reference_about: dict = {}
        if method.rehearsal and "rehearsal" in self.files:
            self.rehearsal, _ = unpack_images(self.files["rehearsal"], Path(self._dir.name) / "rehearsal")
        if "reference" in self.files:
            self.reference, self.reference_about = unpack_images(
                self.files["reference"], Path(self._dir.name) / "reference")

    def extend(self, plan: Any) -> Any:
        """``plan`` with the rehearsal images among its training items, and the method (and
        what was rehearsed) in its lineage, so a backup resumes only the same method."""
        from core.training.rehearsal import with_rehearsal

        self._drop_trained_from_reference(plan.train_items)
        if self.method.batchnorm and not self.rehearsal:
            # statistics of a few new images alone would replace the origin's (issue #26)
            self.method = replace(self.method, batchnorm=False)
        lineage = {**plan.lineage, "continued_method": self.method.to_dict(),
                   "rehearsal_images": len(self.rehearsal)}
        if not self.rehearsal:
            return replace(plan, lineage=lineage)
        if self.method.transfer:
            from core.training.rehearsal import colour_transfer_copies

            self.rehearsal = self.rehearsal + colour_transfer_copies(
                self.rehearsal, plan.train_items, Path(self._dir.name) / "transfer")
            lineage["rehearsal_images"] = len(self.rehearsal)
        items, weights = with_rehearsal(plan.train_items, self.rehearsal, self.method.new_repeat)
        val = plan.val_items if plan.val_note == "" else items  # "no validation": all it trains on
        return replace(plan, train_items=items, val_items=val, class_weight=weights, lineage=lineage)

    def _drop_trained_from_reference(self, train_items: list) -> None:
        """A reference image that is also among the new training images (a byte copy) is no
        longer independent of the child: it is left out, and the card says how many."""
        from core.data.images import sha256_file

        trained = {sha256_file(i.path) for i in train_items}
        kept = [i for i in self.reference if sha256_file(i.path) not in trained]
        self.reference_dropped = len(self.reference) - len(kept)
        self.reference = kept

    def score(self, model: Any, test_items: list, spec: Any, temperature: float) -> dict:
        """The card's ``continued`` record (see :mod:`core.evaluation.reference`)."""
        from core.training.rehearsal import score_items

        parent_model = self.parent.load_keras()
        parent_t = float((self.parent.card.get("uncertainty") or {}).get("temperature") or 1.0)
        about = self.reference_about
        reference: dict = {"n": len(self.reference),
                           "left_out_as_trained": getattr(self, "reference_dropped", 0),
                           "independent": bool(about.get("independent", False)),
                           "note": str(about.get("note", "") if self.reference else
                                       "the parent carries no reference images of its origin")}
        if self.reference:
            reference["parent"] = score_items(parent_model, self.reference, spec, parent_t)
            reference["model"] = score_items(model, self.reference, spec, temperature)
        return {"method": self.method.to_dict(), "rehearsal_images": len(self.rehearsal),
                "reference": reference,
                "new_lab": {"parent": score_items(parent_model, test_items, spec, parent_t),
                            "model": score_items(model, test_items, spec, temperature)}}

    def carried_on(self) -> dict[str, bytes]:
        """The parent's carried files, for the child's bundle."""
        return {p.name: p.read_bytes() for p in self.files.values()}

    def close(self) -> None:
        self._dir.cleanup()
