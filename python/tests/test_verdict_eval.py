"""The verdict-evaluation benchmark (python/benchmarks/verdict_eval.py) runs in ``--quick`` mode and
reports every figure for both splits, which share no base."""

from __future__ import annotations

import importlib.util
import json
import math
import pathlib
import sys

import pytest

from reelscore.inject import KINDS

SCRIPT = pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "verdict_eval.py"
SHARES = (
    "clean_first",
    "auc",
    "recall_min",
    "clean_flagged",
    "iou",
    "strength_order",
    "strength_order_strict",
    "pairs_below_each_alone",
)


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("verdict_eval", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses resolve their annotations there
    spec.loader.exec_module(module)
    out = tmp_path_factory.mktemp("verdict_eval") / "figures.json"
    result = module.main(["--quick", "--json", str(out)])
    return module, result, json.loads(out.read_text())


def test_every_figure_is_reported_for_both_splits(evaluation, capsys):
    _, result, written = evaluation
    assert set(result["splits"]) == {"calibration", "validation"}
    for name, split in result["splits"].items():
        figures = split["figures"]
        for key in SHARES:
            value = figures[key]
            assert isinstance(value, float) and math.isfinite(value) and 0.0 <= value <= 1.0, (name, key, value)
        assert isinstance(figures["rises"], int) and figures["rises"] >= 0
        assert figures["deduction_error"] is None or (math.isfinite(figures["deduction_error"]) and figures["deduction_error"] >= 0)
        assert set(split["recall_per_kind"]) == set(KINDS)
        for kind, recall in split["recall_per_kind"].items():
            assert math.isfinite(recall) and 0.0 <= recall <= 1.0, (name, kind, recall)
        assert set(split["pass"]) == set(figures)
        assert split["counts"]["sets"] >= 1 and split["counts"]["pairs"] >= 1
        assert written["splits"][name]["figures"] == pytest.approx(figures)
    assert set(result["signals"]) == set(KINDS)


def test_the_split_is_by_base(evaluation):
    module, result, _ = evaluation
    cal, val = (result["splits"][n] for n in ("calibration", "validation"))
    assert cal["bases"] and val["bases"]
    assert not set(cal["bases"]) & set(val["bases"])
    assert not set(cal["sources"]) & set(val["sources"])
    # The rule depends on names only: the quick subset keeps the full corpus's assignment.
    split = module.split_of_sources(module.corpus_bases())
    for name in ("calibration", "validation"):
        assert all(split[s] == name for s in result["splits"][name]["sources"])
