"""The model card (``model.json``): its checksum, its id, reading it with size and nesting limits,
and refusing values no training writes."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

from core.fileutil import json_depth
from core.model.bundle_errors import BundleError

MAX_CARD_BYTES = 32 * 2**20
MAX_CARD_DEPTH = 32


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
