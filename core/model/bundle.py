"""The model folder: ``model.keras``, ``model.onnx`` and the ``model.json`` card.

Saving is atomic (a temporary sibling folder renamed into place). Loading verifies the card,
every file's SHA-256 and the model's classes and input before anything is used, and loads
Keras files in safe mode so no code hidden in a file can run.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from collections.abc import Callable

import core
from core.classes import CLASSES
from core.fileutil import make_partial_dir, replace_dir
from core.data.images import sha256_file
from core.data.preprocess import PreprocessSpec
from core.model.bundle_errors import BUNDLE_ERROR_CODES, BundleError
from core.model.card import (MAX_CARD_BYTES, MAX_CARD_DEPTH, ModelCard, canonical_card, card_checksum,
                              model_id, read_card, validate_card_values)

__all__ = ["BUNDLE_ERROR_CODES", "MAX_CARD_BYTES", "MAX_CARD_DEPTH", "Bundle", "BundleError", "canonical_card",
           "card_checksum", "load_bundle", "model_id", "read_card", "save_bundle", "validate_card_values"]

CARD = "model.json"
KERAS_FILE = "model.keras"
ONNX_FILE = "model.onnx"
FORMAT = "leukemia-model/2"
# Format 1 cards were covered by a checksum of the files only: an edited card went unnoticed.
UNCOVERED_FORMATS = ("leukemia-model/1",)
LEGACY_SUFFIXES = (".h5", ".hdf5", ".pkl", ".pickle", ".pb")
# Serialized classes that carry Python code (a Lambda layer holds its function's bytecode).
CODE_CLASSES = frozenset({"Lambda", "__lambda__"})
MAX_CONFIG_BYTES = 64 * 2**20
CODE_REFUSED = ("refused: the model file contains Python code (e.g. a Lambda layer) that would "
                "run when loaded; only models saved by this app are accepted")
# Card fields that save_bundle() fills in itself.
AUTO_FIELDS = ("format", "app_version", "created", "files", "checksum", "id", "onnx_error")


@dataclass(frozen=True)
class Bundle:
    path: Path
    card: dict

    @property
    def model_card(self) -> ModelCard:
        """The card as a typed read-only view (``card`` stays the dict the file holds)."""
        return ModelCard.from_dict(self.card)

    @property
    def spec(self) -> PreprocessSpec:
        return PreprocessSpec.from_dict(self.card["preprocessing"])

    @property
    def checksum(self) -> str:
        return str(self.card["checksum"])

    @property
    def model_id(self) -> str:
        return str(self.card["id"])

    @property
    def keras_path(self) -> Path:
        return self.path / KERAS_FILE

    @property
    def onnx_path(self) -> Path | None:
        p = self.path / ONNX_FILE
        return p if ONNX_FILE in self.card["files"] else None

    @property
    def test_accuracy(self) -> float | None:
        """Accuracy on its own test split, else on the benchmark's test split for its recipe
        (the shipped model is trained on all data, so it has no test split of its own)."""
        metrics = self.card.get("metrics", {})
        acc = metrics.get("test", {}).get("accuracy")
        if acc is None:
            acc = metrics.get("benchmark", {}).get("accuracy")
        return None if acc is None else float(acc)

    @property
    def test_accuracy_text(self) -> str:
        """``test_accuracy`` for people, saying where it comes from: the model's own test
        split, or (a model trained on all the data) the benchmark of its recipe."""
        from core.parts import part_size, too_small

        acc = self.test_accuracy
        if acc is None:
            return "test accuracy not measured"
        metrics = self.card.get("metrics", {})
        own = metrics.get("test", {}).get("accuracy") is not None
        part = metrics["test"] if own else metrics.get("benchmark", {})
        n = part_size(part)
        text = f"{'test' if own else 'benchmark test'} accuracy {100 * acc:.1f} %"
        text += f" (n={n})" if n else " (n not recorded)"
        return text + (", too small to estimate" if n and too_small(part) else "")

    def load_keras(self) -> Any:
        """The Keras model, loaded in safe mode without compiling."""
        import keras

        import core.model.layers  # noqa: F401  (registers our layers for loading)

        try:
            model = keras.models.load_model(self.keras_path, compile=False, safe_mode=True)
        except Exception as exc:  # keras raises many types for bad files
            text = str(exc)
            if "safe_mode" in text or "arbitrary code" in text:
                raise BundleError(f"{self.keras_path}: {CODE_REFUSED}", "bundle.code_refused",
                                  {"path": str(self.keras_path)}) from None
            raise BundleError(f"{self.keras_path}: cannot load Keras model ({text})",
                              "bundle.keras_unloadable",
                              {"path": str(self.keras_path), "detail": text}) from None
        got = tuple(model.input_shape[1:]) if not isinstance(model.input_shape, list) else None
        if got != self.spec.input_shape:
            raise BundleError(f"{self.keras_path}: the model takes input {got}, but its card "
                              f"says {self.spec.input_shape}", "bundle.input_mismatch",
                              {"path": str(self.keras_path), "got": str(got),
                               "expected": str(self.spec.input_shape)})
        return model


def save_bundle(
    model: Any,
    out_dir: Path | str,
    card: dict,
    *,
    export_onnx: bool = True,
    extra_files: dict[str, bytes] | None = None,
    verify: Callable[[Bundle], None],
) -> Bundle:
    """Write a model folder atomically and return it loaded (verified).

    ``verify`` runs the new bundle as the app will (``core.inference.predictor.verify_loadable``)
    and raises :class:`BundleError` when it cannot; only then does it replace ``out_dir``.

    ``card`` is completed with the format, app version, creation time, file hashes, checksum
    and id; the caller supplies classes, preprocessing, training, dataset and metrics.
    """
    from core.model.architectures import inference_model

    out_dir = Path(out_dir)
    tmp = make_partial_dir(out_dir)
    try:
        # Save a fresh copy without optimizer state: a third of the size, nothing lost for use.
        import keras

        bare = keras.Model.from_config(model.get_config())
        bare.set_weights(model.get_weights())
        bare.save(tmp / KERAS_FILE)
        if export_onnx:
            try:
                inf = inference_model(model)
                spec = PreprocessSpec.from_dict(card["preprocessing"])
                import numpy as np

                inf([np.zeros((1, *spec.input_shape), dtype=spec.dtype)])  # build traces
                inf.export(str(tmp / ONNX_FILE), format="onnx", verbose=False)
            except Exception as exc:  # ONNX is a speed-up; Keras still serves
                (tmp / ONNX_FILE).unlink(missing_ok=True)
                card = {**card, "onnx_error": f"{type(exc).__name__}: {exc}"}
        for name, data in (extra_files or {}).items():
            (tmp / name).write_bytes(data)
        files = {p.name: sha256_file(p) for p in sorted(tmp.iterdir()) if p.is_file()}
        full = stamp_card({
            **card,
            "format": FORMAT,
            "classes": list(card.get("classes", CLASSES)),
            "app_version": core.__version__,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "files": files,
        })
        (tmp / CARD).write_text(json.dumps(full, indent=1, allow_nan=True), encoding="utf-8")
        # Nothing replaces an older model until the new one verifies and its model runs.
        verify(load_bundle(tmp))
        replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return load_bundle(out_dir)


def stamp_card(card: dict) -> dict:
    """``card`` with its ``checksum`` and ``id`` set (over the files and the whole card)."""
    body = {k: v for k, v in card.items() if k not in ("checksum", "id")}
    checksum = card_checksum(body)
    return {**body, "checksum": checksum, "id": model_id(body, checksum)}


def keras_code_classes(keras_path: Path) -> list[str]:
    """Class names in a ``.keras`` archive's config that carry Python code, read without Keras.

    A cheap check at load time, so that a model with a Lambda layer is refused when the folder
    is opened (before Keras is imported) and not only when the Keras file is first used; Keras
    safe mode stays the second line. An unreadable archive gives ``[]``: Keras says why later.
    """
    try:
        with zipfile.ZipFile(keras_path) as archive:
            if archive.getinfo("config.json").file_size > MAX_CONFIG_BYTES:
                return []
            config = json.loads(archive.read("config.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return []
    found, stack = [], [config]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("class_name") in CODE_CLASSES:
                found.append(str(node["class_name"]))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def load_bundle(path: Path | str) -> Bundle:
    """Open and verify a model folder (or its ``model.json``).

    Raises:
        BundleError: missing folder or file, unreadable card, checksum mismatch, or a model
            made for other classes or an unsupported format.
    """
    path = Path(path)
    if path.is_file() and path.name == CARD:
        path = path.parent
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in LEGACY_SUFFIXES:
            raise BundleError(
                f"{path}: legacy {suffix} model files are refused (they can carry code); "
                "use a model folder saved by this app", "bundle.legacy_file",
                {"path": str(path), "suffix": suffix})
        raise BundleError(f"{path}: not a model folder (expected a folder with {CARD})",
                          "bundle.not_a_folder", {"path": str(path), "card": CARD})
    if not path.is_dir():
        raise BundleError(f"{path}: model folder not found", "bundle.not_found", {"path": str(path)})
    card_path = path / CARD
    if not card_path.exists():
        legacy = sorted(p.name for p in path.iterdir() if p.suffix.lower() in LEGACY_SUFFIXES)
        if legacy:
            raise BundleError(
                f"{path}: legacy model files are refused (they can carry code): "
                f"{', '.join(legacy)}; use a model folder saved by this app", "bundle.legacy_files",
                {"path": str(path), "names": ", ".join(legacy)}) from None
        raise BundleError(f"{path}: not a model folder ({CARD} is missing)", "bundle.card_missing",
                          {"path": str(path), "card": CARD})
    card = read_card(card_path)
    if isinstance(card, dict) and card.get("format") in UNCOVERED_FORMATS:
        raise BundleError(f"{card_path}: written by an older version whose checksum does not "
                          "cover the model card, so an edited card cannot be detected; "
                          "retrain the model with this version", "bundle.uncovered_format",
                          {"path": str(card_path)})
    if not isinstance(card, dict):
        raise BundleError(f"{card_path}: not a model card", "bundle.not_a_card",
                          {"path": str(card_path)})
    if card.get("format") != FORMAT:
        raise BundleError(f"{card_path}: unsupported model format {card.get('format')!r}",
                          "bundle.unsupported_format",
                          {"path": str(card_path), "format": repr(card.get("format"))})
    try:
        files = dict(card["files"])
        if KERAS_FILE not in files:
            raise BundleError(f"{path}: the card lists no {KERAS_FILE}", "bundle.no_keras",
                              {"path": str(path), "file": KERAS_FILE})
        for name, digest in files.items():
            f = path / name
            if Path(name).name != name:
                raise BundleError(f"{path}: card names a file outside the folder: {name!r}",
                                  "bundle.file_outside", {"path": str(path), "name": repr(name)})
            if not f.is_file():
                raise BundleError(f"{path}: {name} is missing", "bundle.file_missing",
                                  {"path": str(path), "name": name})
            if sha256_file(f) != digest:
                raise BundleError(f"{path}: {name} does not match its checksum (changed or corrupt)",
                                  "bundle.file_checksum", {"path": str(path), "name": name})
        if not isinstance(card.get("checksum"), str) or card_checksum(card) != card["checksum"]:
            raise BundleError(f"{card_path}: the model card does not match its checksum "
                              "(edited or corrupt after the model was saved)",
                              "bundle.card_checksum", {"path": str(card_path)})
        if card.get("id") != model_id(card, card["checksum"]):
            raise BundleError(f"{card_path}: the model id does not match its checksum",
                              "bundle.id_mismatch", {"path": str(card_path)})
        if keras_code_classes(path / KERAS_FILE):
            raise BundleError(f"{path / KERAS_FILE}: {CODE_REFUSED}", "bundle.code_refused",
                              {"path": str(path / KERAS_FILE)})
        if list(card["classes"]) != list(CLASSES):
            raise BundleError(
                f"{path}: model made for classes {card['classes']}, this app uses {list(CLASSES)}",
                "bundle.other_classes",
                {"path": str(path), "classes": str(card["classes"]), "expected": str(list(CLASSES))})
        spec = PreprocessSpec.from_dict(card["preprocessing"])
        if tuple(int(n) for n in card["input_shape"]) != spec.input_shape:
            raise BundleError(
                f"{path}: model input shape {list(card['input_shape'])} does not match its "
                f"preprocessing ({spec.kind}, {spec.size}px -> {list(spec.input_shape)})",
                "bundle.shape_mismatch",
                {"path": str(path), "shape": str(list(card["input_shape"])), "kind": spec.kind,
                 "size": spec.size, "input_shape": str(list(spec.input_shape))})
        try:
            validate_card_values(card)
        except ValueError as exc:
            raise BundleError(f"{card_path}: invalid model card: {exc}", "bundle.invalid_card",
                              {"path": str(card_path), "detail": str(exc)}) from None
        major = str(card.get("app_version", "0")).split(".")[0]
        if major != core.__version__.split(".")[0]:
            raise BundleError(f"{path}: made by app version {card.get('app_version')}, "
                              f"incompatible with {core.__version__}", "bundle.version",
                              {"path": str(path), "version": str(card.get("app_version")),
                               "current": core.__version__})
    except BundleError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleError(f"{card_path}: incomplete model card ({type(exc).__name__}: {exc})",
                          "bundle.incomplete_card",
                          {"path": str(card_path), "kind": type(exc).__name__,
                           "detail": str(exc)}) from None
    return Bundle(path, card)


def default_model_dir() -> Path:
    """The shipped model: ``models/default`` beside the packages, also inside a frozen build."""
    from core.resources import resource_root

    return resource_root() / "models" / "default"
