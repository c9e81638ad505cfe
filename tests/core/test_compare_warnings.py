"""Compare's warnings carry a code and the values they are made from, beside the English."""

from __future__ import annotations

import json
from pathlib import Path

from core.evaluation.compare import WARNING_CODES, CompareWarning, compare_models, format_comparison
from tests.conftest import make_dataset


def _check(warnings: tuple[str, ...]) -> dict[str, CompareWarning]:
    out = {}
    for w in warnings:
        assert isinstance(w, CompareWarning) and w.code in WARNING_CODES
        assert set(w.params) == set(WARNING_CODES[w.code]), (w.code, sorted(w.params))
        out[w.code] = w
    return out


def test_too_few_and_seen_in_training(tiny_model: Path, tmp_path: Path) -> None:
    few = make_dataset(tmp_path / "few", per_class=2, size=32)
    cmp = compare_models(few, tiny_model, tiny_model)
    found = _check(cmp.warnings)
    too_few = found["compare.too_few"]
    assert too_few.startswith("too few images to estimate either model's accuracy: A accuracy ")
    assert too_few.params["a"]["n"] == 8 == too_few.params["b"]["n"]
    # the CLI's table and the JSON keep the plain sentences
    assert f"warning: {too_few}" in format_comparison(cmp).splitlines()
    assert json.loads(json.dumps(cmp.to_dict()))["warnings"] == [str(w) for w in cmp.warnings]

    seen = compare_models(tiny_model.parent / "data", tiny_model, tiny_model)
    _check(seen.warnings)
    overlap = [w for w in seen.warnings if getattr(w, "code", "") == "compare.seen_in_training"]
    assert [w.params["model"] for w in overlap] == ["A", "B"]  # type: ignore[attr-defined]
    for w in overlap:
        p = w.params  # type: ignore[attr-defined]
        assert 0 < p["seen"] <= p["total"]
        assert w == (f"{p['seen']} of the {p['total']} images were in model {p['model']}'s "
                     "training data; its figures are optimistic")


def test_a_warning_keeps_its_code_when_copied_or_pickled() -> None:
    import copy
    import pickle

    w = CompareWarning("only 3 images were read by both models; the test uses those",
                       "compare.partly_read", {"n": 3})
    for again in (copy.deepcopy(w), pickle.loads(pickle.dumps(w))):
        assert isinstance(again, CompareWarning) and again == w
        assert (again.code, again.params) == ("compare.partly_read", {"n": 3})
