"""Clothes that change colour between shots, model-free (the seed's first named failure).

The carphone clip cut into two shots (frames 0-59, then 60-119 reframed 1.2x: a clean cut)
with the lower middle of the second shot (the suit) recoloured must be flagged
``appearance_shift`` at the cut; the same two shots without recolouring, or relit, must not;
and the real sample clips (bikes has five cuts) flag none.
"""

from __future__ import annotations

import numpy as np
import pytest
import takes
from reelscore.inject import _u8

import reelscore

CLIP, FPS = takes.decode("carphone_pristine.mp4", 120)
CUT = 60


def reframe(plane: np.ndarray, zoom: float) -> np.ndarray:
    """Centre crop by ``zoom``, scaled back to the plane's size (nearest neighbour)."""
    h, w = plane.shape
    ch, cw = int(h / zoom), int(w / zoom)
    y0, x0 = (h - ch) // 2, (w - cw) // 2
    rows = y0 + (np.arange(h) * ch // h)
    cols = x0 + (np.arange(w) * cw // w)
    return np.ascontiguousarray(plane[rows][:, cols])


def two_shots(du: float = 0.0, dv: float = 0.0, light: float = 1.0, box=(0.5, 1.0, 0.25, 0.75)):
    out = list(CLIP[:CUT])
    for y, u, v in CLIP[CUT:]:
        y, u, v = (reframe(p, 1.2) for p in (y, u, v))
        h, w = u.shape
        region = (slice(int(box[0] * h), int(box[1] * h)), slice(int(box[2] * w), int(box[3] * w)))
        u, v = u.astype(np.float64), v.astype(np.float64)
        u[region] += du
        v[region] += dv
        out.append((_u8(y.astype(np.float64) * light), _u8(u), _u8(v)))
    return out


def shifts(report):
    return [d for d in report.defects if d.kind == "appearance_shift"]


def test_the_two_shots_make_one_clean_cut():
    report = takes.score(two_shots(), FPS)
    assert report.cuts == [CUT] and report.defects == [], (report.cuts, report.defects)
    assert report.score > 100.0 * float(np.prod([1 - r["near_share"] for r in reelscore.DEFECT_RULES.values()]))


@pytest.mark.parametrize("name, du, dv", [("purple suit", 30, 30), ("green suit", -25, -30), ("red suit", -10, 40)])
def test_clothes_recoloured_at_the_cut_are_found(name, du, dv):
    report = takes.score(two_shots(du, dv), FPS)
    found = shifts(report)
    assert found and found[0].start == CUT and found[0].end == len(CLIP) - 1, (name, report.defects)
    assert report.score < 90, (name, report.score)


@pytest.mark.parametrize("light", [0.75, 1.3])
def test_a_lighting_change_across_the_cut_is_not_a_shift(light):
    report = takes.score(two_shots(light=light), FPS)
    assert report.cuts == [CUT] and shifts(report) == [], (light, report.defects)


@pytest.mark.parametrize("name", ["carphone_pristine.mp4", "carphone_distorted.mp4", "bikes.mp4", "bigbuckbunny.mp4"])
def test_real_sample_clips_show_no_shift_at_their_cuts(name):
    clip, fps = takes.decode(name, 250)
    report = takes.score(clip, fps)
    assert shifts(report) == [], (name, report.cuts, report.defects)
