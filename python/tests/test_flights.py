"""The paths behind the scorer's flight verdicts (``ClipScorer.flights()``), against analytic
paths: a bright ball on a still, smoothly textured frame (the texture holds the camera's
translation estimate at zero) follows a known path, drawn on the scorer's working grid. The
difference of two frames shows the ball at both places, so the tracker sees it between its
centres in frames ``i - 1`` and ``i`` (midway, or at one of the two when the difference splits
in two); every returned point must lie within one working pixel (the drawing's rounding to the
grid) of the path's segment between those two centres.

Two geometries: 192×128 (working copy 96×64, 2 frame pixels per working pixel) and 1920×1080
(binned 2× for analysis, then 5×: 10 frame pixels per working pixel)."""

import math

import numpy as np
import pytest

from reelscore import _native
from reelscore.inject import throw_ball

FPS = 30.0
FRAMES = 36
#: (frame width, height, frame pixels per working pixel, working width, height)
GEOMETRIES = [(192, 128, 2, 96, 64), (1920, 1080, 10, 192, 108)]


def thrown(i, ww, wh):
    """Thrown: across the working width, gravity down (0.1 working px/frame² at 96 wide)."""
    k = ww / 96
    return (8 + 2 * i) * k, (wh - 14 - 2 * k * i + 0.05 * k * i * i)


def upward(i, ww, wh):
    """The same flight accelerating upward."""
    k = ww / 96
    return (8 + 2 * i) * k, (20 + 1.5 * k * i - 0.05 * k * i * i)


def take(path, geometry):
    """Scores the ball on ``path`` (working pixels) and returns the scorer and its report."""
    w, h, f, ww, wh = geometry
    x = np.arange(w)
    y = np.arange(h)[:, None]
    bg = np.rint(100 + 25 * np.sin(2 * np.pi * x / (23 * f)) + 25 * np.sin(2 * np.pi * y / (17 * f))).astype(np.uint8)
    s = _native.ClipScorer(w, h, fps=FPS)
    for i in range(FRAMES):
        frame = bg.copy()
        px, py = path(i, ww, wh)
        x0, y0 = f * math.floor(px + 0.5), f * math.floor(py + 0.5)
        frame[y0 : y0 + 4 * f, x0 : x0 + 4 * f] = 240
        s.push(frame)
    return s, s.finish()


def centre(path, i, geometry):
    """The ball's analytic centre at frame ``i``, frame pixels (the top-left pixel's centre at
    0)."""
    _, _, f, ww, wh = geometry
    x, y = path(i, ww, wh)
    return f * x + (4 * f - 1) / 2, f * y + (4 * f - 1) / 2


def to_segment(p, a, b):
    """Distance from point ``p`` to the segment ``a``–``b``."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else min(max(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0.0), 1.0)
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def off_path(flight, path, geometry):
    """Each point's distance from the path between the ball's centres in its frame and the one
    before."""
    return [
        to_segment((x, y), centre(path, int(fr) - 1, geometry), centre(path, int(fr), geometry))
        for fr, x, y in zip(flight["frames"], flight["x"], flight["y"])
    ]


@pytest.mark.parametrize("geometry", GEOMETRIES, ids=lambda g: f"{g[0]}x{g[1]}")
def test_a_thrown_ball_is_one_plausible_flight_on_its_path(geometry):
    s, report = take(thrown, geometry)
    flights = s.flights()
    assert [f["verdict"] for f in flights] == ["plausible"], flights
    (f,) = flights
    assert f["frames"].dtype == np.uint32 and f["x"].dtype == f["y"].dtype == np.float64
    assert len(f["frames"]) == len(f["x"]) == len(f["y"]) >= 2
    assert list(f["frames"]) == sorted(set(f["frames"]))
    assert (f["start"], f["end"]) == (f["frames"][0], f["frames"][-1])
    # Followed over most of the clip.
    assert f["start"] <= 3 and f["end"] >= FRAMES - 3
    far = off_path(f, thrown, geometry)
    print(f"thrown {geometry[0]}x{geometry[1]}: {len(far)} points, farthest {max(far):.2f} px from the path")
    assert max(far) <= geometry[2]
    assert not [d for d in report.defects if d.kind == "impossible_motion"]


@pytest.mark.parametrize("geometry", GEOMETRIES, ids=lambda g: f"{g[0]}x{g[1]}")
def test_a_ball_falling_upward_is_the_flight_behind_its_defect(geometry):
    s, report = take(upward, geometry)
    bad = [f for f in s.flights() if f["verdict"] == "falls_upward"]
    assert bad, s.flights()
    for f in bad:
        assert max(off_path(f, upward, geometry)) <= geometry[2]
    hits = [d for d in report.defects if d.kind == "impossible_motion"]
    assert hits
    for d in hits:
        assert any(f["start"] <= d.end and d.start <= f["end"] for f in bad), (d, bad)


def test_a_teleporting_ball_keeps_the_flight_before_and_after_its_jump():
    # reelscore.inject's ball (a shaded disc of radius h/24, not on the working grid) over
    # frames 0..35 of the textured frame: the thrown path of its docstring, 30 % of the width
    # back from the halfway frame (18) on.
    w, h, f, ww, wh = GEOMETRIES[0]
    x, y = np.arange(w), np.arange(h)[:, None]
    bg = np.rint(100 + 25 * np.sin(2 * np.pi * x / (23 * f)) + 25 * np.sin(2 * np.pi * y / (17 * f))).astype(np.uint8)
    grey = np.full((h // 2, w // 2), 128, np.uint8)
    clip = throw_ball([(bg, grey, grey)] * FRAMES, "teleports", 0, FRAMES, fps=FPS)
    s = _native.ClipScorer(w, h, fps=FPS)
    for yp, up, vp in clip:
        s.push_yuv420(yp, up, vp)
    report = s.finish()
    a, dur = 2.5 * h, (FRAMES - 1) / FPS

    def disc(i):
        """The disc's centre at frame ``i``, frame pixels (as drawn: index coordinates)."""
        t = i / FPS
        cx = w * (0.1 + 0.8 * i / (FRAMES - 1)) - (0.3 * w if i >= FRAMES // 2 else 0)
        return cx, 0.8 * h - a * dur / 2 * t + 0.5 * a * t * t

    (fl,) = [fl for fl in s.flights() if fl["verdict"] == "teleports"]
    frames = list(fl["frames"])
    assert min(frames) < FRAMES // 2 - 2 and max(frames) > FRAMES // 2 + 2, frames
    far = [to_segment((px, py), disc(int(fr) - 1), disc(int(fr))) for fr, px, py in zip(fl["frames"], fl["x"], fl["y"])]
    print(f"teleport: {len(frames)} points, farthest {max(far):.2f} px from the path")
    assert max(far) <= f, far
    report_hits = [d for d in report.defects if d.kind == "impossible_motion"]
    assert any(fl["start"] <= d.end and d.start <= fl["end"] for d in report_hits), report_hits


def test_no_flight_before_any_frame_and_the_constants():
    assert _native.ClipScorer(64, 48).flights() == []
    assert _native.FLIGHT_VERDICTS == ["plausible", "falls_upward", "teleports"]
    assert _native.MAX_FLIGHT_PATHS >= 4 and _native.FLIGHT_PATH_POINTS >= 32
