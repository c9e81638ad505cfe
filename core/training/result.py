"""What a training run gives back, whichever architecture it trained."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.data.corrected import CorrectionReport


@dataclass(frozen=True)
class TrainResult:
    """A finished run; ``corrections`` says what became of each correction applied (so stale
    ones can be listed, not only counted as on the card)."""

    bundle_dir: Path | None
    history: dict[str, list[float]]
    metrics: dict[str, Any]
    seconds: float
    cancelled: bool = False
    epochs_run: int = 0
    card: dict = field(default_factory=dict)
    corrections: CorrectionReport | None = None
