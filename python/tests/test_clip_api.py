"""ClipScorer API, embedding consistency and track plausibility against numpy oracles, and the
errors a caller can make."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

import reelscore
from reelscore import ReelscoreError

RNG = np.random.default_rng(12)


def vbench_subject_consistency(f: np.ndarray) -> float:
    """VBench's formula written from the paper, in float64 numpy."""
    f = f / np.linalg.norm(f, axis=1, keepdims=True)
    prev = np.maximum(0, np.sum(f[1:] * f[:-1], axis=1))
    first = np.maximum(0, f[1:] @ f[0])
    return float(np.mean((prev + first) / 2))


def test_subject_consistency_matches_numpy():
    base = RNG.normal(size=512)
    frames = np.stack([base + RNG.normal(scale=s, size=512) for s in np.linspace(0.1, 1.5, 24)]).astype(np.float32)
    assert abs(reelscore.subject_consistency(frames) - vbench_subject_consistency(frames.astype(np.float64))) < 1e-6
    assert reelscore.subject_consistency(frames.astype(np.float64)) == pytest.approx(
        vbench_subject_consistency(frames.astype(np.float32).astype(np.float64)), abs=1e-6
    )
    text = RNG.normal(size=512)
    want = float(np.mean(frames @ text / np.linalg.norm(frames, axis=1) / np.linalg.norm(text)))
    assert reelscore.prompt_alignment(frames, text) == pytest.approx(want, abs=1e-6)


def test_consistency_bad_input():
    with pytest.raises(ReelscoreError, match="at least two frames"):
        reelscore.subject_consistency(np.ones((1, 8), np.float32))
    with pytest.raises(ReelscoreError, match=r"embeddings\[1\].*NaN|embeddings\[1\].*nan"):
        reelscore.subject_consistency(np.array([[1, 0], [np.nan, 1]], np.float32))
    with pytest.raises(ReelscoreError, match="length mismatch"):
        reelscore.prompt_alignment(np.ones((3, 8), np.float32), np.ones(7, np.float32))
    with pytest.raises(ReelscoreError, match="dimension"):
        reelscore.subject_consistency(np.ones((3, 2048), np.float32))
    with pytest.raises(TypeError, match="float32 or float64"):
        reelscore.subject_consistency(np.ones((3, 8), np.int32))


def ballistic(g: float, n: int = 45, noise: float = 0.8, seed: int = 0):
    rng = np.random.default_rng(seed)
    t = np.arange(n) / 30.0
    x = 40 + 150 * t + rng.normal(0, noise, n)
    y = 300 - 420 * t + 0.5 * g * t * t + rng.normal(0, noise, n)
    return t, x, y


def test_track_fit_matches_polyfit_and_plausible_tracks_pass():
    for seed in range(5):
        t, x, y = ballistic(980.0, seed=seed)
        r = reelscore.analyze_track(t, x, y, gravity=980.0)
        assert r["accel_y"] == pytest.approx(2 * np.polyfit(t, y, 2)[0], rel=1e-9)
        assert r["accel_x"] == pytest.approx(2 * np.polyfit(t, x, 2)[0], abs=1e-6)
        assert abs(r["gravity_ratio"] - 1) < 0.1
        assert not (r["hovering"] or r["falls_upward"]) and r["teleports"] == 0
        assert r["plausibility"] == 1.0


def test_doctored_tracks_are_flagged():
    t, x, y = ballistic(-980.0)
    assert reelscore.analyze_track(t, x, y, gravity=980.0)["falls_upward"]
    t, x, _ = ballistic(980.0)
    hover = 200 + np.random.default_rng(1).normal(0, 0.8, t.size)
    assert reelscore.analyze_track(t, x, hover, gravity=980.0)["hovering"]
    t, x, y = ballistic(980.0)
    x[25:] += 90
    r = reelscore.analyze_track(t, x, y, gravity=980.0)
    assert r["teleports"] == 1 and r["plausibility"] <= 0.5
    # A resting object is not "hovering" when the caller says it is supported.
    assert not reelscore.analyze_track(t, x, hover, gravity=980.0, airborne=False)["hovering"]


def test_track_bad_input():
    with pytest.raises(ReelscoreError, match=r"time \(index 2\) = 1 is invalid: must be strictly increasing"):
        reelscore.analyze_track([0, 1, 1], [0, 1, 2], [0, 1, 2], gravity=9.8)
    with pytest.raises(ReelscoreError, match="length mismatch"):
        reelscore.analyze_track([0, 1, 2], [0, 1], [0, 1, 2], gravity=9.8)
    with pytest.raises(ReelscoreError, match="gravity"):
        reelscore.analyze_track([0, 1, 2], [0, 1, 2], [0, 1, 2], gravity=float("nan"))


def frames(n=12, w=64, h=48):
    y, x = np.mgrid[0:h, 0:w]
    return [((x * 3 + y * 2 + 2 * i) % 180 + 40).astype(np.uint8) for i in range(n)]


def test_clip_scorer_errors():
    with pytest.raises(ReelscoreError, match="fps"):
        reelscore.ClipScorer(64, 48, fps=0.0)
    with pytest.raises(ReelscoreError, match="empty"):
        reelscore.ClipScorer(0, 48)
    s = reelscore.ClipScorer(64, 48, fps=25)
    with pytest.raises(ReelscoreError, match="no frames"):
        s.finish()
    s = reelscore.ClipScorer(64, 48, fps=25)
    s.push(frames()[0])
    with pytest.raises(ReelscoreError, match=r"frame 1 .*size mismatch: expected 64x48"):
        s.push(np.zeros((48, 63), np.uint8))
    with pytest.raises(TypeError, match="uint8"):
        s.push(np.zeros((48, 64), np.float32))
    with pytest.raises(TypeError, match=r"\(H, W\) or \(H, W, 3\)"):
        s.push(np.zeros((48,), np.uint8))
    with pytest.raises(ReelscoreError, match="chroma planes"):
        s.push_yuv420(frames()[1], np.zeros((24, 31), np.uint8), np.zeros((24, 32), np.uint8))
    s.push(frames()[1])
    report = s.finish()
    with pytest.raises(ReelscoreError, match="push after finish"):
        s.push(frames()[2])
    assert report.metrics["frames"] == 2


def test_report_series_and_rgb_frames():
    fs = frames()
    s = reelscore.ClipScorer(64, 48, fps=24)
    for f in fs:
        obs = s.push(np.repeat(f[:, :, None], 3, axis=2))
    assert obs["index"] == len(fs) - 1
    r = s.finish()
    assert set(r.series) >= {"motion", "sharpness", "scene_score", "mean"}
    assert r.series["mean"].shape == (len(fs),) and r.series["mean"].dtype == np.float64
    # Luma of a grey RGB frame is the grey level itself.
    assert r.series["mean"][0] == pytest.approx(fs[0].mean())
    assert 0 <= r.score <= 100 and r.fps == 24
    assert reelscore.DEFECT_KINDS == [
        "flicker", "freeze", "static", "blur", "noise", "blockiness", "overexposed",
        "underexposed", "low_contrast", "shake", "color_shift",
        *reelscore.AUDIO_DEFECT_KINDS, *reelscore.DETECT_DEFECT_KINDS, "too_short",
        "boiling", "popping", "impossible_motion",
    ]


def test_scorers_in_threads_agree():
    fs = frames(30, 320, 240)
    results = []

    def run():
        s = reelscore.ClipScorer(320, 240)
        for f in fs:
            s.push(f)
        results.append(s.finish())

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({(r.score, tuple(r.cuts), repr(r.defects)) for r in results}) == 1


def test_limited_range_push_equals_expanding_first():
    rng = np.random.default_rng(5)
    a = reelscore.ClipScorer(97, 61, fps=25)
    b = reelscore.ClipScorer(97, 61, fps=25)
    for _ in range(12):
        big = rng.integers(16, 236, size=(61, 120), dtype=np.uint8)
        y = big[:, :97]  # a row-padded view, as decoders hand out
        u = rng.integers(0, 256, size=(31, 49), dtype=np.uint8)
        v = rng.integers(0, 256, size=(31, 49), dtype=np.uint8)
        assert a.push_yuv420(y, u, v, limited_range=True) == b.push_yuv420(reelscore.expand_limited_range(y), u, v)
    ra, rb = a.finish(), b.finish()
    spans = [[(d.kind, d.start, d.end, d.severity) for d in r.defects] for r in (ra, rb)]
    assert ra.score == rb.score and spans[0] == spans[1]
    for k in ra.series:
        assert np.array_equal(ra.series[k], rb.series[k], equal_nan=True)


def test_large_frames_are_measured_binned():
    # Over 1280×720 pixels the statistics are those of the 2×2-binned frame (rounded means).
    rng = np.random.default_rng(8)
    y = rng.integers(0, 256, size=(1081, 1921), dtype=np.uint8)
    s = reelscore.ClipScorer(1921, 1081, fps=30)
    assert s.analysis_factor == 2 and reelscore.ClipScorer(1280, 720).analysis_factor == 1
    obs = s.push(y)
    blocks = y[:1080, :1920].reshape(540, 2, 960, 2).astype(np.uint32).sum(axis=(1, 3))
    binned = ((blocks + 2) // 4).astype(np.uint8)
    want = scorer_stats(binned)
    # Blockiness looks for the source's 8-pixel grid: on the 2×-binned copy that is a 4-pixel
    # grid (the documented formula, written out here in numpy).
    want["blockiness"] = blockiness_on_grid(binned, 4)
    assert blockiness_on_grid(binned, 8) == pytest.approx(reelscore.frame_stats(binned)["blockiness"], rel=1e-12)
    # Noise from the source's row pairs (binning would halve white noise).
    want["noise_sigma"] = pair_noise_sigma(y)
    for k, v in want.items():
        assert obs[k] == pytest.approx(v, rel=1e-12) if k in APPROX else obs[k] == v, k


def test_the_analysis_budget_is_the_callers_choice():
    # Under FAST_ANALYSIS_PIXELS (960×540) a 720p frame is measured like a 1080p one: on its
    # 2×2-binned copy, blockiness on that copy's 4-pixel grid. A budget of at least a frame's
    # area measures it as it is.
    assert reelscore.ANALYSIS_PIXELS == 1280 * 720 and reelscore.FAST_ANALYSIS_PIXELS == 960 * 540
    rng = np.random.default_rng(9)
    y = rng.integers(0, 256, size=(720, 1280), dtype=np.uint8)
    fast = reelscore.ClipScorer(1280, 720, fps=30, analysis_pixels=reelscore.FAST_ANALYSIS_PIXELS)
    assert fast.analysis_factor == 2 and reelscore.ClipScorer(1280, 720).analysis_factor == 1
    obs = fast.push(y)
    binned = ((y.reshape(360, 2, 640, 2).astype(np.uint32).sum(axis=(1, 3)) + 2) // 4).astype(np.uint8)
    want = scorer_stats(binned)
    want["blockiness"] = blockiness_on_grid(binned, 4)
    want["noise_sigma"] = pair_noise_sigma(y)
    for k, v in want.items():
        assert obs[k] == pytest.approx(v, rel=1e-12) if k in APPROX else obs[k] == v, k
    big = rng.integers(0, 256, size=(1081, 1921), dtype=np.uint8)
    whole = reelscore.ClipScorer(1921, 1081, analysis_pixels=1921 * 1081)
    assert whole.analysis_factor == 1
    obs = whole.push(big)
    assert all(obs[k] == v for k, v in scorer_stats(big).items()) and "tenengrad" not in obs
    huge = reelscore.ClipScorer(1921, 1081, analysis_pixels=2**70)  # saturates: measured whole
    assert huge.analysis_factor == 1
    for bad in (0, -1, True, 1.5, "518400"):
        with pytest.raises(reelscore.ReelscoreError, match=r"analysis_pixels must be a positive integer or None, got"):
            reelscore.ClipScorer(1280, 720, analysis_pixels=bad)


#: Statistics compared to a numpy formula (summed in another order): equal to 1e-12.
APPROX = {"blockiness", "noise_sigma"}


def scorer_stats(y: np.ndarray) -> dict[str, float]:
    """``frame_stats(y)`` but Tenengrad, which the clip scorer does not measure."""
    want = reelscore.frame_stats(y)
    del want["tenengrad"]
    return want


def pair_noise_sigma(y: np.ndarray, scale: float = 1.0) -> float:
    """Noise σ of a 2×2-binned frame, from its source row pairs (2i, 2i + 1), the documented
    formula: σ = √(π/2) · mean |Dxx(row₂ᵢ₊₁ − row₂ᵢ)| / √12 over the block-aligned part."""
    h, w = y.shape[0] // 2 * 2, y.shape[1] // 2 * 2
    y = y[:h, :w].astype(np.int64)
    r = y[1::2] - y[0::2]
    e = r[:, :-2] - 2 * r[:, 1:-1] + r[:, 2:]
    return scale * math.sqrt(math.pi / 2) * float(np.abs(e).mean()) / math.sqrt(12)


def blockiness_on_grid(y: np.ndarray, block: int) -> float:
    """(mean |step| across block edges + 1) / (mean |step| elsewhere + 1), both directions."""
    y = y.astype(np.int64)
    dx, dy = np.abs(np.diff(y, axis=1)), np.abs(np.diff(y, axis=0))
    edge_x = (np.arange(1, y.shape[1]) % block) == 0
    edge_y = (np.arange(1, y.shape[0]) % block) == 0
    sb = dx[:, edge_x].sum() + dy[edge_y, :].sum()
    nb = dx[:, edge_x].size + dy[edge_y, :].size
    sn = dx[:, ~edge_x].sum() + dy[~edge_y, :].sum()
    nn = dx[:, ~edge_x].size + dy[~edge_y, :].size
    return (sb / nb + 1) / (sn / nn + 1)


def test_large_limited_range_frames_expand_each_binned_pixel():
    # Over 1280×720 a video-range frame is binned from its codes and each binned pixel is the
    # rounded full-range value of its block's exact mean: floor((S/4 − 16)·255/219 + 1/2),
    # clamped — written here with Python's exact fractions. The working copy comes from the
    # same binned frame.
    from fractions import Fraction
    from math import floor

    table = [min(255, max(0, floor((Fraction(s, 4) - 16) * Fraction(255, 219) + Fraction(1, 2)))) for s in range(1021)]
    rng = np.random.default_rng(9)
    y = rng.integers(0, 256, size=(1081, 1921), dtype=np.uint8)  # codes below 16 and above 235 too
    u = rng.integers(0, 256, size=(541, 961), dtype=np.uint8)
    s = reelscore.ClipScorer(1921, 1081, fps=30)
    obs = s.push_yuv420(y, u, u, limited_range=True)
    sums = y[:1080, :1920].reshape(540, 2, 960, 2).astype(np.int64).sum(axis=(1, 3))
    binned = np.asarray(table, dtype=np.uint8)[sums]
    want = scorer_stats(binned)
    want["blockiness"] = blockiness_on_grid(binned, 4)
    # Row-pair noise is read from the codes as they are, scaled to full range.
    want["noise_sigma"] = pair_noise_sigma(y, 255 / 219)
    for k, v in want.items():
        assert obs[k] == pytest.approx(v, rel=1e-12) if k in APPROX else obs[k] == v, k
    # Video range at full resolution still equals expanding first (see above); here the frame
    # must not be expanded at full size first: that gives different (double-rounded) values.
    full = reelscore.expand_limited_range(y)
    twice = ((full[:1080, :1920].reshape(540, 2, 960, 2).astype(np.uint32).sum(axis=(1, 3)) + 2) // 4).astype(np.uint8)
    assert not np.array_equal(twice, binned)
