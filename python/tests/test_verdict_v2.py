"""Verdict v2 on real footage: explained scores, monotone deductions, degenerate takes.

- every report's defect and near-miss points add up to ``100 - score`` (Rust, and here through
  the wheel, the JSON and the CLI);
- a take without defects scores by its near misses: slowed down short of a still take, it
  ranks below its clean original; with a defect, below every take without one;
- adding a defect never raises a score: noise does not pass for detail, a blur under noise
  scores below the noise alone, a clean shot before a noisy span is not called blurred;
- a still image, a one-frame clip and a take under half a second are never keepers.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import av
import numpy as np
import pytest
import takes
from reelscore.inject import _u8, gaussian_blur, inject

import reelscore

FRAMES = 60
BASES = takes.base_clips(FRAMES)


def assert_explained(report) -> None:
    total = sum(d.points for d in report.defects) + sum(p for _, _, p in report.near_misses)
    assert abs(total - (100.0 - report.score)) < 1e-9, (report.score, report.defects, report.near_misses)
    assert all(d.points > 0 for d in report.defects), report.defects
    assert not (report.defects and report.near_misses), report.near_misses
    assert all(0 < c <= 1 and p > 0 for _, c, p in report.near_misses), report.near_misses


def noisy(clip, start, end, sigma, seed=1):
    rng = np.random.default_rng(seed)
    return [(_u8(y + rng.normal(0, sigma, y.shape)) if start <= i < end else y, u, v) for i, (y, u, v) in enumerate(clip)]


def blurred(clip, start, end, sigma):
    return [(_u8(gaussian_blur(y, sigma)) if start <= i < end else y, u, v) for i, (y, u, v) in enumerate(clip)]


@pytest.mark.parametrize("base", sorted(BASES))
def test_points_add_up_and_clean_takes_have_no_defect(base):
    clip, fps = BASES[base]
    clean = takes.score(clip, fps)
    assert clean.defects == [] and 90.0 < clean.score <= 100.0, (clean.defects, clean.score)
    assert_explained(clean)
    for kinds in (("blur",), ("noise", "flicker"), ("color_shift", "shake", "overexposed")):
        take = clip
        for k, kind in enumerate(kinds):
            take = inject(take, kind, 10 + 15 * k, 25 + 15 * k, seed=k)
        report = takes.score(take, fps)
        assert report.defects, (base, kinds)
        assert_explained(report)
        # With a defect, below the lowest a take without one can score.
        floor = 100.0 * np.prod([1.0 - r["near_share"] for r in reelscore.DEFECT_RULES.values()])
        assert report.score < floor <= clean.score, (report.score, floor, clean.score)


def slowed(clip, speed):
    """The take played at ``speed`` (< 1) of its pace, each frame a blend of its two neighbours
    in the original: what a generator that barely moves the scene gives."""
    out = []
    for i in range(len(clip)):
        t = i * speed
        a, w = int(t), t - int(t)
        b = min(a + 1, len(clip) - 1)
        out.append(tuple(_u8((1 - w) * clip[a][c].astype(np.float64) + w * clip[b][c]) for c in range(3)))
    return out


@pytest.mark.parametrize("base", sorted(BASES))
def test_a_slowed_take_short_of_static_ranks_below_its_clean_original(base):
    clip, fps = BASES[base]
    clean = takes.score(clip, fps)
    slow = takes.score(slowed(clip, 0.2), fps)
    assert slow.score < clean.score, (slow.defects, slow.near_misses, clean.near_misses)
    if slow.defects:  # slowed into a still take, or a coded picture's blocks held longer
        return
    assert dict((k, c) for k, c, _ in slow.near_misses).get("static", 0) > dict((k, c) for k, c, _ in clean.near_misses).get("static", 0)
    assert_explained(slow)


@pytest.mark.parametrize("base", sorted(BASES))
@pytest.mark.parametrize("sigma", [2.0, 4.0, 7.0])
def test_mild_noise_never_raises_the_score(base, sigma):
    clip, fps = BASES[base]
    clean = takes.score(clip, fps).score
    assert takes.score(noisy(clip, 0, FRAMES, sigma), fps).score <= clean


@pytest.mark.parametrize("base", ["carphone", "bigbuckbunny", "astronaut pan"])
def test_a_blur_under_noise_costs_more_than_the_noise_alone(base):
    clip, fps = BASES[base]
    noise_only = takes.score(noisy(clip, 20, 40, 10.0), fps)
    both = takes.score(noisy(blurred(clip, 20, 40, 2.5), 20, 40, 10.0), fps)
    assert any(d.kind == "blur" and d.start < 40 and d.end >= 20 for d in both.defects), both.defects
    assert both.score < noise_only.score, (both.defects, noise_only.defects)


@pytest.mark.parametrize("base", sorted(BASES))
def test_a_clean_shot_before_a_noisy_span_is_not_blurred(base):
    clip, fps = BASES[base]
    report = takes.score(noisy(clip, 30, FRAMES, 10.0), fps)
    assert not [d for d in report.defects if d.kind == "blur"], report.defects


def test_one_frame_and_very_short_takes_are_too_short():
    clip, fps = BASES["carphone"]
    grey = [(np.full((144, 176), 128, np.uint8), np.full((72, 88), 128, np.uint8), np.full((72, 88), 128, np.uint8))]
    for take in (clip[:1], grey, clip[:10]):  # 10 frames at 30 fps: 0.33 s
        report = takes.score(take, fps)
        kinds = [d.kind for d in report.defects]
        assert "too_short" in kinds, kinds
        assert report.score < 10, report.score
        assert_explained(report)
    assert "too_short" not in [d.kind for d in takes.score(clip[:16], fps).defects]


def write_png(path: pathlib.Path) -> None:
    import skimage.data

    with av.open(str(path), "w", format="image2") as c:
        s = c.add_stream("png")
        img = skimage.data.astronaut()
        s.width, s.height, s.pix_fmt = img.shape[1], img.shape[0], "rgb24"
        for p in s.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
            c.mux(p)
        for p in s.encode(None):
            c.mux(p)


def test_a_still_image_renamed_mp4_is_not_a_keeper(tmp_path):
    still = tmp_path / "screenshot.mp4"
    write_png(tmp_path / "shot.png")
    (tmp_path / "shot.png").rename(still)
    take = reelscore.score_video(still)
    assert take.ok, take.error
    assert take.verdict == "reject" and "too_short" in [d.kind for d in take.report.defects]
    d = take.to_dict()
    assert abs(sum(x["points"] for x in d["deductions"]) - (100 - d["score"])) < 1e-9
    assert d["deductions"][0]["kind"] == "too_short"
    out = subprocess.run(
        [sys.executable, "-m", "reelscore", "score", str(still), "--json", "--no-progress"],
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    (row,) = doc["takes"]
    assert row["verdict"] == "reject" and [x["kind"] for x in row["deductions"]] == ["too_short"]
    table = subprocess.run(
        [sys.executable, "-m", "reelscore", "score", str(still), "--no-progress"],
        capture_output=True, text=True, timeout=120,
    )
    assert "too_short" in table.stdout and "severity 1.00" in table.stdout and "pts" in table.stdout, table.stdout


def test_the_readme_table_of_defect_kinds_is_the_core_rules():
    readme = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### Defect kinds and the score", 1)[1].split("\n#", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[0].endswith("`"):
            rows[cells[0].strip("`")] = cells
    assert set(rows) == set(reelscore.DEFECT_KINDS), sorted(set(rows) ^ set(reelscore.DEFECT_KINDS))
    for kind, rule in reelscore.DEFECT_RULES.items():
        _, meaning, measured, weight = rows[kind]
        assert float(weight) == rule["weight"], kind
        assert meaning == rule["meaning"] and measured == rule["measured_from"], kind
