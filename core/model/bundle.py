"""The model folder: ``model.keras``, ``model.onnx`` and the ``model.json`` card.

Saving is atomic (a temporary sibling folder renamed into place). Loading verifies the card,
every file's SHA-256 and the model's classes and input before anything is used, and loads
Keras files in safe mode so no code hidden in a file can run.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from collections.abc import Callable

import core
from core.classes import CLASSES
from core.fileutil import json_depth, make_partial_dir, replace_dir
from core.data.images import sha256_file
from core.data.preprocess import PreprocessSpec

CARD = "model.json"
KERAS_FILE = "model.keras"
ONNX_FILE = "model.onnx"
FORMAT = "leukemia-model/2"
# Format 1 cards were covered by a checksum of the files only: an edited card went unnoticed.
UNCOVERED_FORMATS = ("leukemia-model/1",)
MAX_CARD_BYTES = 32 * 2**20
MAX_CARD_DEPTH = 32
LEGACY_SUFFIXES = (".h5", ".hdf5", ".pkl", ".pickle", ".pb")
# Serialized classes that carry Python code (a Lambda layer holds its function's bytecode).
CODE_CLASSES = frozenset({"Lambda", "__lambda__"})
MAX_CONFIG_BYTES = 64 * 2**20
CODE_REFUSED = ("refused: the model file contains Python code (e.g. a Lambda layer) that would "
                "run when loaded; only models saved by this app are accepted")
# Card fields that save_bundle() fills in itself.
AUTO_FIELDS = ("format", "app_version", "created", "files", "checksum", "id", "onnx_error")


# Why a model folder cannot be used, as a stable code, and the names of the values its sentence
# is made from (``BundleError.params``; ``path`` is the file or folder the sentence starts with).
BUNDLE_ERROR_CODES: dict[str, tuple[str, ...]] = {
    "bundle.other": ("detail",),
    "bundle.card_not_file": ("path",),
    "bundle.card_too_large": ("path", "limit_mib"),
    "bundle.card_too_deep": ("path",),
    "bundle.card_unreadable": ("path", "detail"),
    "bundle.card_nested": ("path", "levels"),
    "bundle.code_refused": ("path",),
    "bundle.keras_unloadable": ("path", "detail"),
    "bundle.input_mismatch": ("path", "got", "expected"),
    "bundle.legacy_file": ("path", "suffix"),
    "bundle.not_a_folder": ("path", "card"),
    "bundle.not_found": ("path",),
    "bundle.legacy_files": ("path", "names"),
    "bundle.card_missing": ("path", "card"),
    "bundle.uncovered_format": ("path",),
    "bundle.unsupported_format": ("path", "format"),
    "bundle.not_a_card": ("path",),
    "bundle.no_keras": ("path", "file"),
    "bundle.file_outside": ("path", "name"),
    "bundle.file_missing": ("path", "name"),
    "bundle.file_checksum": ("path", "name"),
    "bundle.card_checksum": ("path",),
    "bundle.id_mismatch": ("path",),
    "bundle.other_classes": ("path", "classes", "expected"),
    "bundle.shape_mismatch": ("path", "shape", "kind", "size", "input_shape"),
    "bundle.invalid_card": ("path", "detail"),
    "bundle.version": ("path", "version", "current"),
    "bundle.incomplete_card": ("path", "kind", "detail"),
    # running the model (core.inference.predictor, core.inference.cell_reader)
    "bundle.onnx_unusable": ("path", "detail"),
    "bundle.onnx_exports_unusable": ("path", "detail"),
    "bundle.no_onnx": ("path",),
    "bundle.does_not_run": ("path", "kind", "detail"),
    "bundle.output_shapes": ("path", "shapes", "n"),
    "bundle.feature_width": ("path", "got", "expected"),
    "bundle.new_does_not_load": ("path", "kind", "detail"),
    "bundle.head_inputs": ("path", "got", "expected"),
    "bundle.backbone_weights": ("path", "want", "have"),
    "bundle.cells_outputs": ("path", "shapes", "expected"),
    # a parent for continued training (core.training.config, core.training.finetune)
    "bundle.parent_classes": ("path", "classes", "expected"),
    "bundle.parent_arch_unsupported": ("path", "arch"),
    "bundle.parent_arch": ("arch", "requested"),
    "bundle.parent_size": ("size", "requested"),
    "bundle.parent_roi": (),
    "bundle.parent_preprocessing": ("parent", "arch", "expected"),
    "bundle.parent_shape": ("path", "shape", "expected"),
    "bundle.parent_input": ("path", "shape", "expected"),
}


class BundleError(Exception):
    """A model folder that cannot be used; the message says why (in English, for the CLI and
    logs). ``code`` (a key of :data:`BUNDLE_ERROR_CODES`) and ``params`` say the same in a form
    an interface can word in its own language; a message given alone is ``bundle.other``."""

    def __init__(self, message: str, code: str = "bundle.other",
                 params: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.params: dict[str, object] = dict(params) if params is not None else {"detail": message}


def canonical_card(card: dict) -> bytes:
    """The card as the checksum sees it: every field but ``checksum`` and ``id`` (which is
    derived from the checksum), keys sorted, no whitespace, UTF-8."""
    body = {k: v for k, v in card.items() if k not in ("checksum", "id")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=True).encode("utf-8")


def card_checksum(card: dict) -> str:
    """SHA-256 over the files' digests and the canonical card: any edit to either changes it."""
    files = card.get("files", {})
    joined = "\n".join(f"{name}:{digest}" for name, digest in sorted(files.items()))
    return hashlib.sha256(joined.encode() + b"\ncard:" + canonical_card(card)).hexdigest()


def model_id(card: dict, checksum: str) -> str:
    return f"{card.get('architecture', 'model')}-{checksum[:12]}"


def read_card(card_path: Path) -> Any:
    """Parse a card with size and nesting limits; :class:`BundleError` on anything wrong."""
    try:
        if not card_path.is_file():
            raise BundleError(f"{card_path}: not a regular file", "bundle.card_not_file",
                              {"path": str(card_path)})
        if card_path.stat().st_size > MAX_CARD_BYTES:
            raise BundleError(f"{card_path}: model card larger than {MAX_CARD_BYTES // 2**20} MiB",
                              "bundle.card_too_large",
                              {"path": str(card_path), "limit_mib": MAX_CARD_BYTES // 2**20})
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except BundleError:
        raise
    except RecursionError:
        raise BundleError(f"{card_path}: model card nested too deeply", "bundle.card_too_deep",
                          {"path": str(card_path)}) from None
    except (OSError, ValueError) as exc:
        raise BundleError(f"{card_path}: unreadable model card ({str(exc)[:200]})",
                          "bundle.card_unreadable",
                          {"path": str(card_path), "detail": str(exc)[:200]}) from None
    if json_depth(card, MAX_CARD_DEPTH) > MAX_CARD_DEPTH:
        raise BundleError(f"{card_path}: model card nested more than {MAX_CARD_DEPTH} levels",
                          "bundle.card_nested", {"path": str(card_path), "levels": MAX_CARD_DEPTH})
    return card


def _finite(value: Any, name: str, lo: float = -math.inf, hi: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} is not a number ({value!r})")
    v = float(value)
    if not math.isfinite(v) or not lo <= v <= hi:
        raise ValueError(f"{name} = {value!r} is not a finite number in [{lo:g}, {hi:g}]")
    return v


def _finite_matrix(rows: Any, name: str) -> None:
    import numpy as np

    try:
        a = np.asarray(rows, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} is not a numeric matrix") from None
    if a.ndim != 2 or a.size == 0 or not np.isfinite(a).all():
        raise ValueError(f"{name} must be a non-empty matrix of finite numbers")


def validate_card_values(card: dict) -> None:
    """Refuse values no training writes: a non-finite or out-of-range calibration, threshold,
    metric or size (``ValueError`` naming the field)."""
    unc = card["uncertainty"]
    _finite(unc["temperature"], "uncertainty.temperature", 0.01, 100.0)
    _finite(unc["min_confidence"], "uncertainty.min_confidence", 0.0, 1.0)
    _finite(unc["min_margin"], "uncertainty.min_margin", 0.0, 1.0)
    _finite(unc["feature_threshold"], "uncertainty.feature_threshold", 0.0)
    _finite(unc["stats_threshold"], "uncertainty.stats_threshold", 0.0)
    for g in ("feature_gaussian", "stats_gaussian"):
        _finite_matrix(unc[g]["mean"], f"uncertainty.{g}.mean")
        _finite_matrix(unc[g]["precision"], f"uncertainty.{g}.precision")
    if unc.get("detail_range") is not None:
        lo, hi = unc["detail_range"]
        _finite(lo, "uncertainty.detail_range[0]")
        if _finite(hi, "uncertainty.detail_range[1]") < lo:
            raise ValueError("uncertainty.detail_range is empty")
    for part, m in (card.get("metrics") or {}).items():
        if not isinstance(m, dict):
            continue
        for key in ("accuracy", "balanced_accuracy", "macro_f1", "ece", "uncertain_rate"):
            if m.get(key) is not None:
                _finite(m[key], f"metrics.{part}.{key}", 0.0, 1.0)


@dataclass(frozen=True)
class Bundle:
    path: Path
    card: dict

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
