"""The report's evidence for the seed's two named failures, in headless Chromium.

- ``impossible_motion``: a ball composited onto a pan over scikit-image's astronaut photo
  (``inject.throw_ball``) that falls upward is flagged by the scorer; the report draws the
  path of the flight the scorer's tracker judged implausible (``ClipScorer.flights()``, kept
  as ``TakeScore.flights``) over the worst frame. The drawn points must be the core's points,
  lie on the ball's analytic path (the midpoints of its consecutive positions, which is what a
  frame difference shows), and the drawing must be in the still.
- ``appearance_shift`` at a cut (the salient region) is covered by test_salient_across_cuts.py.
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pytest
import skimage.data
import takes
from PIL import Image
from recoloured import encode
from test_cli import check_page

from reelscore import report, score_video
from reelscore.inject import throw_ball

START, END, FPS = 10, 40, 30.0


@pytest.fixture(scope="module")
def ball(tmp_path_factory):
    clip = takes.pan(skimage.data.astronaut(), 60)
    path = encode(tmp_path_factory.mktemp("ball") / "falls-upward.mp4", throw_ball(clip, "falls_upward", START, END, fps=FPS), FPS)
    return score_video(path), clip[0][0].shape


def analytic(shape, i: int) -> tuple[float, float]:
    """The ball's centre at frame ``i`` as shares of the frame (``throw_ball``'s formula)."""
    h, w = shape
    n = END - START
    a = -2.5 * h
    dur = (n - 1) / FPS
    t = (i - START) / FPS
    cx = w * (0.1 + 0.8 * (i - START) / (n - 1))
    cy = 0.2 * h + (-a * dur / 2.0) * t + 0.5 * a * t * t
    return cx / w, cy / h


def test_the_path_is_drawn_over_the_worst_frame(ball, tmp_path):
    t, shape = ball
    hits = [d for d in t.report.defects if d.kind == "impossible_motion"]
    assert hits, t.reasons()
    page = tmp_path / "report.html"
    page.write_text(report.render([t]))
    dom = check_page(page, [t.path])
    figs = re.findall(r'<figure data-frame="(\d+)" class="track" data-track="([^"]+)"[^>]*><img alt="[^"]*" src="data:image/\w+;base64,([^"]+)"', dom)
    assert figs, "no path drawn"
    # The drawn path is the core tracker's: the implausible flight behind a defect, its points
    # in shares of the frame (as written, to 3 decimals).
    behind = [t.flight_behind(d) for d in hits]
    assert all(f is not None and f["verdict"] == "falls_upward" for f in behind), t.flights
    core = [[(round(x, 3), round(y, 3)) for x, y in t.flight_path(f)] for f in behind if f is not None]
    mids = [tuple((np.add(analytic(shape, i), analytic(shape, i + 1)) / 2)) for i in range(START, END - 1)]
    colour = np.array([int(report._KIND_COLORS["impossible_motion"][i : i + 2], 16) for i in (1, 3, 5)])
    for frame, pts, b64 in figs:
        points = [tuple(map(float, p.split(","))) for p in pts.split()]
        assert len(points) >= 5, points
        assert any(np.allclose(points, c, atol=1e-9) for c in core if len(c) == len(points)), (points, core)
        # Every point lies on the ball's path (within a ball's radius, 1/24 of the height).
        for x, y in points:
            assert min(np.hypot(x - mx, y - my) for mx, my in mids) < 1 / 24 + 0.01, (x, y)
        img = np.asarray(Image.open(io.BytesIO(base64.b64decode(b64))).convert("RGB")).astype(int)
        drawn = np.abs(img - colour).sum(axis=2) < 90
        assert drawn.sum() >= 2 * len(points), frame
