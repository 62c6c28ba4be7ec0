"""The Cortex-M4F firmware's output (tests/firmware, run under QEMU by scripts/firmware.sh)
checked against the shared vector files and against this host's scoring of the same clip.

The firmware prints ``<file>:<json path> <value>`` lines, floats as their IEEE-754 bit pattern
(``0x`` and 16 hex digits: the firmware has no float formatter), integers in decimal; each value
is compared with the vector file's expected value at the larger of the file's tolerance and its
device tolerance.
``clip:`` lines must equal what the Python binding computes on the same synthetic clip
(tests/firmware/clip.json) exactly. Skipped unless ``REELSCORE_FIRMWARE_LOG`` names the
firmware's output (scripts/test.sh sets it).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import struct

import numpy as np
import pytest

import recipes
import reelscore

ROOT = pathlib.Path(__file__).resolve().parents[2]
LOG = os.environ.get("REELSCORE_FIRMWARE_LOG")

pytestmark = pytest.mark.skipif(not LOG, reason="REELSCORE_FIRMWARE_LOG not set (scripts/firmware.sh)")

TOKEN = re.compile(r"([A-Za-z_0-9]+)|\[(\d+)\]")


@pytest.fixture(scope="module")
def lines() -> dict[str, str]:
    text = pathlib.Path(LOG).read_text().splitlines()
    assert text and text[-1].startswith("done "), "the firmware did not finish (no `done` line)"
    assert int(text[-1].split()[1]) == len(text), "lines were lost"
    out: dict[str, str] = {}
    for line in text[:-1]:
        name, _, value = line.partition(" ")
        assert name not in out, f"duplicate line {name}"
        out[name] = value
    return out


def num(value: str) -> float:
    """A float the firmware printed as its bit pattern (``0x3ff0000000000000`` is 1.0)."""
    assert value.startswith("0x") and len(value) == 18, f"not a float bit pattern: {value!r}"
    return struct.unpack("<d", struct.pack("<Q", int(value, 16)))[0]


def resolve(doc, path: str):
    """The value at ``path`` (``a.b[3].c``) and the chain of containers above it."""
    chain = [doc]
    node = doc
    for key, index in TOKEN.findall(path):
        node = node[int(index)] if index else node[key]
        chain.append(node)
    return node, chain[:-1]


def close(got: float, want: float, abs_: float, rel: float) -> bool:
    return abs(got - want) <= abs_ + rel * abs(want)


def section(lines: dict[str, str], prefix: str) -> dict[str, str]:
    return {k[len(prefix) :]: v for k, v in lines.items() if k.startswith(prefix)}


def test_frame_metric_vectors(lines, frame_vectors):
    got = section(lines, "frame_metrics:")
    t = frame_vectors["tolerances"]
    abs_, rel = max(t["default_abs"], t["device_abs"]), max(t["default_rel"], t["device_rel"])
    checked = 0
    for i, case in enumerate(frame_vectors["cases"]):
        for group in ("full_reference", "no_reference"):
            for key, want in case[group].items():
                name = f"cases[{i}].{group}.{key}"
                assert name in got, f"{case['name']}: the device printed no {group}.{key}"
                assert close(num(got[name]), want, abs_, rel), f"{case['name']} {key}: {got[name]} vs {want}"
                checked += 1
        for key in ("ssim", "ms_ssim", "ms_ssim_skvideo"):
            if key not in case["full_reference"]:
                assert got[f"cases[{i}].full_reference.{key}"] == "err", f"{case['name']}: {key} must refuse"
        if case["bits"] == 8:
            assert lines[f"rows:cases[{i}]"] == "equal"
    for i, case in enumerate(frame_vectors["rgb_cases"]):
        want = case["colorfulness"]
        assert close(num(got[f"rgb_cases[{i}].colorfulness"]), want, abs_, rel)
        for key in ("luma_bt601", "luma_bt709"):
            chunks = sorted(
                ((int(k.split("@")[1]), v) for k, v in got.items() if k.startswith(f"rgb_cases[{i}].{key}@")),
            )
            luma = bytes.fromhex("".join(v for _, v in chunks))
            assert list(luma) == case[key], f"{case['name']} {key}"
        checked += 3
    assert checked > 200


# Every engagement section the firmware runs, and the outputs of each case.
ENGAGEMENT = {
    "normal.isf": ["z"],
    "normal.two_sided": ["z"],
    "wilson.cases": ["lower", "upper"],
    "bayesian_average.cases": ["expected"],
    "additive_smoothing.cases": ["expected"],
    "star_rating.cases": ["expected"],
    "watch.hook_retention": ["expected"],
    "watch.retention_area": ["expected"],
    "watch.completion_rate": ["expected"],
    "watch.average_view_duration": ["avd", "fraction_viewed"],
    "watch.rewatch_ratio": ["expected"],
    "actions.cases": ["expected"],
    "decay.hot.cases": ["expected"],
    "decay.confidence.cases": ["expected"],
    "decay.hacker_news.cases": ["expected"],
    "decay.half_life.cases": ["expected"],
    "pairwise.elo.cases": ["expected_a", "expected_b"],
}


def test_engagement_vectors(lines):
    doc = json.loads((ROOT / "tests" / "vectors" / "engagement.json").read_text())
    dev = doc["device_tolerance"]
    got = section(lines, "engagement:")
    for path, value in got.items():
        want, chain = resolve(doc, path)
        if path.startswith("splitmix64."):
            assert int(value) == int(want), path
            continue
        tol = next(c["tolerance"] for c in reversed(chain) if isinstance(c, dict) and "tolerance" in c)
        abs_, rel = max(tol["abs"], dev["abs"]), max(tol["rel"], dev["rel"])
        assert value != "err", f"{path}: the device refused"
        assert close(num(value), want, abs_, rel), f"{path}: device {value} vs {want}"
    # Completeness: every case of every section above, the EWM series, Glicko-2, SplitMix64.
    for sec, outputs in ENGAGEMENT.items():
        cases, _ = resolve(doc, sec)
        for i in range(len(cases)):
            for o in outputs:
                assert f"{sec}[{i}].{o}" in got, f"missing {sec}[{i}].{o}"
    for i, c in enumerate(doc["decay"]["ewm"]["cases"]):
        for key in ("ewma", "trending_z", "ewvar"):
            for j in range(len(c[key])):
                assert f"decay.ewm.cases[{i}].{key}[{j}]" in got
    for i in range(len(doc["pairwise"]["glicko2"]["cases"])):
        for j in range(3):
            assert f"pairwise.glicko2.cases[{i}].expected[{j}]" in got
    for i, c in enumerate(doc["splitmix64"]["cases"]):
        for j in range(len(c["outputs"])):
            assert f"splitmix64.cases[{i}].outputs[{j}]" in got
    assert "wilson.zero_total.lower" in got
    assert len(got) > 700


def host_clip():
    spec = json.loads((ROOT / "tests" / "firmware" / "clip.json").read_text())
    sc = reelscore.ClipScorer(spec["width"], spec["height"], fps=spec["fps"])
    obs = [sc.push(np.ascontiguousarray(recipes.build(r), dtype=np.uint8)) for r in spec["frames"]]
    return obs, sc.finish()


def test_clip_equals_host(lines):
    """The device scorer (pushed row by row and whole, equal on the device) = the host's."""
    got = section(lines, "clip:")
    assert lines["rows:clip"] == "equal"
    obs, report = host_clip()
    n = 0
    for k, o in enumerate(obs):
        for key, want in o.items():
            if key == "index":
                continue
            assert num(got[f"frames[{k}].{key}"]) == want, f"frame {k} {key}: {got[f'frames[{k}].{key}']} vs {want}"
            n += 1
    assert num(got["score"]) == report.score
    for i, d in enumerate(report.defects):
        assert got[f"defects[{i}].kind"] == d.kind
        assert int(got[f"defects[{i}].start"]) == d.start and int(got[f"defects[{i}].end"]) == d.end
        assert num(got[f"defects[{i}].severity"]) == d.severity
    assert f"defects[{len(report.defects)}].kind" not in got
    assert [int(got[f"cuts[{i}]"]) for i in range(len(report.cuts))] == report.cuts
    assert f"cuts[{len(report.cuts)}]" not in got
    for key, want in report.metrics.items():
        got_value = got[f"metrics.{key}"]
        value = int(got_value) if key in ("frames", "shots", "flashes") else num(got_value)
        assert value == want, f"metric {key}"
    assert report.cuts == [12] and n == 17 * len(obs)
