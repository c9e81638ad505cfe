"""Training settings: what was asked for (:class:`TrainConfig`) and, resolved once against the
architecture's defaults or the parent model, what will run (:class:`ResolvedConfig`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from core.classes import CLASSES
from core.data.preprocess import PreprocessSpec
from core.model.architectures import ARCHITECTURES, DEFAULTS
from core.model.bundle import Bundle, BundleError, load_bundle
from core.training.distribute import STRATEGIES

# What a training may be asked for; anything outside is refused with the range, never clamped.
LIMITS = {"epochs": (1, 1000), "batch_size": (1, 1024), "image_size": (32, 512),
          "learning_rate": (1e-7, 1.0), "block_size": (1, 100_000), "patience": (1, 1000)}


LR_FACTOR = 0.1  # fine-tuning starts from the parent's learning rate times this
EPOCH_FACTOR = 0.25  # and runs this share of the parent's epochs unless told otherwise


@dataclass(frozen=True)
class TrainConfig:
    """Training settings; ``None`` means the architecture's default (see ``core.model.architectures``)."""

    arch: str = "default"
    epochs: int | None = None
    batch_size: int | None = None
    learning_rate: float | None = None
    image_size: int | None = None
    seed: int = 42
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15)
    block_size: int = 20
    patience: int = 12
    augment: str | None = None  # one of core.training.pipeline.AUGMENT_MODES
    schedule: str | None = None  # "cosine" or "plateau"
    roi: bool = False
    save_partial_on_cancel: bool = False
    export_onnx: bool = True
    from_model: str | None = None  # continue training this bundle (see core.training.finetune)
    corrections: str | None = None  # a corrections CSV applied to the data (core.data.corrections)
    strategy: str = "auto"  # tf.distribute strategy: auto, default, mirrored, multi-worker
    backup_dir: str | None = None  # epoch backup folder: resume a killed run (core.training.loop)

    def resolved(self) -> ResolvedConfig:
        """:func:`resolve_config` of these settings (the parent is loaded when continuing)."""
        return resolve_config(self)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, saved: dict[str, Any]) -> TrainConfig:
        """Settings saved with :meth:`to_dict` (an epoch backup's); unknown keys are ignored."""
        known = {f.name for f in fields(TrainConfig)}
        values = {k: v for k, v in saved.items() if k in known}
        if isinstance(values.get("fractions"), list):
            values["fractions"] = tuple(values["fractions"])
        return TrainConfig(**values)


@dataclass(frozen=True)
class ResolvedConfig(TrainConfig):
    """A :class:`TrainConfig` with every default filled in and checked: what the run uses, the
    card records and the app shows before it starts. Made by :func:`resolve_config` only;
    ``dataclasses.replace`` keeps it resolved and checks it again."""

    # The defaulted settings, typed as set (``__post_init__`` refuses any left None); the None
    # defaults only let an unset one be named in that error.
    epochs: int = None  # type: ignore[assignment]
    batch_size: int = None  # type: ignore[assignment]
    learning_rate: float = None  # type: ignore[assignment]
    image_size: int = None  # type: ignore[assignment]
    augment: str = None  # type: ignore[assignment]
    schedule: str = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        unset = [f.name for f in fields(self) if f.name in _DEFAULTED and getattr(self, f.name) is None]
        if unset:
            raise ValueError(f"unresolved settings: {', '.join(unset)}")
        check_settings(self)

    def resolved(self) -> ResolvedConfig:
        return self

    @property
    def spec(self) -> PreprocessSpec:
        """The preprocessing the model is trained with (and reads images with afterwards)."""
        return PreprocessSpec(DEFAULTS[self.arch].preprocess_kind, int(self.image_size), self.roi)


_DEFAULTED = ("epochs", "batch_size", "learning_rate", "image_size", "augment", "schedule")


def check_settings(cfg: TrainConfig) -> None:
    """``ValueError`` naming the setting and its allowed range for any value outside it."""
    if cfg.arch not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {cfg.arch!r}; choose from {', '.join(ARCHITECTURES)}")
    for name, (lo, hi) in LIMITS.items():
        value = getattr(cfg, name)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and lo <= value <= hi
        if name != "learning_rate" and ok:
            ok = float(value).is_integer()
        if not ok:
            label = name.replace("_", " ")
            raise ValueError(f"{label} {value!r} is out of range: allowed {lo:g} to {hi:g}")
    fr = tuple(cfg.fractions)
    if len(fr) != 3 or any(not 0 <= f <= 1 for f in fr) or not fr[0] > 0 \
            or abs(sum(fr) - 1) > 1e-6:
        raise ValueError(f"split fractions {cfg.fractions!r} must be three shares summing to 1")
    if cfg.strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {cfg.strategy!r}; choose from {', '.join(STRATEGIES)}")


def load_parent(path: Path | str) -> Bundle:
    """The parent bundle, verified; refused when it is not for this app's classes."""
    return check_parent(load_bundle(path))


def check_parent(parent: Bundle) -> Bundle:
    """``parent``, or :class:`BundleError` when it is not for this app's classes."""
    if list(parent.card.get("classes", [])) != list(CLASSES):
        raise BundleError(f"{parent.path}: parent model is for classes {parent.card.get('classes')}, "
                          f"this app trains {list(CLASSES)}", "bundle.parent_classes",
                          {"path": str(parent.path), "classes": str(parent.card.get("classes")),
                           "expected": str(list(CLASSES))})
    return parent


def resolve_config(config: TrainConfig, parent: Bundle | None = None) -> ResolvedConfig:
    """The settings a run will use, resolved once: ``ValueError`` for a value out of range.

    From scratch, unset values are the architecture's defaults. Continuing (``from_model``),
    they are resolved against the parent (``parent``, already loaded, or loaded from
    ``from_model``): architecture, image size, ROI, batch size, augmentation and schedule come
    from the parent unless given; the learning rate defaults to the parent's times
    :data:`LR_FACTOR` and the epochs to its epochs times :data:`EPOCH_FACTOR`. Anything given
    that contradicts the parent is refused (:class:`BundleError`).
    """
    if isinstance(config, ResolvedConfig):
        return config
    if config.from_model:
        parent = check_parent(parent) if parent is not None else load_parent(config.from_model)
        config = _against_parent(config, parent)
    if config.arch not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {config.arch!r}; choose from {', '.join(ARCHITECTURES)}")
    d = DEFAULTS[config.arch]

    def given(value: Any, default: Any) -> Any:  # None means "the default"; 0 does not
        return default if value is None else value

    values = {**asdict(config), "fractions": tuple(config.fractions),
              "epochs": given(config.epochs, d.epochs),
              "batch_size": given(config.batch_size, d.batch_size),
              "learning_rate": given(config.learning_rate, d.learning_rate),
              "image_size": given(config.image_size, d.image_size),
              "augment": config.augment or d.augment, "schedule": config.schedule or d.schedule}
    cfg = ResolvedConfig(**values)
    if config.from_model and parent is not None:
        _check_spec(cfg, parent)
    return cfg


def _against_parent(config: TrainConfig, parent: Bundle) -> TrainConfig:
    """``config`` with the parent's settings where it leaves them unset."""
    card = parent.card
    arch = str(card.get("architecture", ""))
    if arch not in ARCHITECTURES:
        raise BundleError(f"{parent.path}: parent architecture {arch!r} cannot be fine-tuned here",
                          "bundle.parent_arch_unsupported", {"path": str(parent.path), "arch": repr(arch)})
    # "default" is TrainConfig's own default, so only another name is an explicit request.
    if config.arch not in ("default", arch):
        raise BundleError(f"parent model is '{arch}', not '{config.arch}'; "
                          "continued training keeps the parent's architecture", "bundle.parent_arch",
                          {"arch": arch, "requested": config.arch})
    pspec = parent.spec
    if config.image_size is not None and config.image_size != pspec.size:
        raise BundleError(f"parent model reads {pspec.size}px images, not {config.image_size}px; "
                          "continued training keeps the parent's image size (leave it unset)",
                          "bundle.parent_size", {"size": pspec.size, "requested": config.image_size})
    if config.roi and not pspec.roi:
        raise BundleError("parent model was trained without ROI cropping; "
                          "continued training keeps the parent's preprocessing", "bundle.parent_roi", {})
    trained: dict[str, Any] = dict(card.get("training") or {})
    d = DEFAULTS[arch]
    parent_lr = float(trained.get("learning_rate") or d.learning_rate)
    parent_epochs = int(trained.get("epochs") or d.epochs)
    return replace(
        config,
        arch=arch,
        image_size=pspec.size,
        roi=pspec.roi,
        learning_rate=(parent_lr * LR_FACTOR if config.learning_rate is None
                       else config.learning_rate),
        epochs=(max(1, round(parent_epochs * EPOCH_FACTOR)) if config.epochs is None
                else config.epochs),
        batch_size=trained.get("batch_size") if config.batch_size is None else config.batch_size,
        augment=config.augment or trained.get("augment"),
        schedule=config.schedule or trained.get("schedule"),
    )


def _check_spec(cfg: ResolvedConfig, parent: Bundle) -> None:
    """A child must read images exactly as its parent did."""
    pspec = parent.spec
    if cfg.spec != pspec:
        raise BundleError(f"parent model's preprocessing {pspec.to_dict()} differs from this app's "
                          f"'{cfg.arch}' preprocessing {cfg.spec.to_dict()}; it cannot be fine-tuned here",
                          "bundle.parent_preprocessing", {"parent": str(pspec.to_dict()), "arch": cfg.arch,
                                                          "expected": str(cfg.spec.to_dict())})
    card = parent.card
    if list(card.get("input_shape", pspec.input_shape)) != list(pspec.input_shape):
        raise BundleError(f"{parent.path}: card input shape {card.get('input_shape')} does not "
                          f"match its preprocessing {list(pspec.input_shape)}", "bundle.parent_shape",
                          {"path": str(parent.path), "shape": str(card.get("input_shape")),
                           "expected": str(list(pspec.input_shape))})
