"""Why the scorer has no rule for regions that morph: the best model-free candidate, measured.

  python python/benchmarks/morph_study.py [--seeds 0,1,2,3,4] [--strengths 1,2]

``reelscore.inject.inject_artefact(clip, "morphing", ...)`` warps a box of real frames by a
smooth elastic displacement field (peak ``strength`` × 2.5 % of the short side). Block
matching explains a smooth warp like any motion, so the residual rules (boiling, popping) do
not fire on it (python/tests/test_artefacts.py). What is left to tell a morph from motion,
without a model, is where it happens. This script runs, in numpy on the scorer's working copy
(the frame box-averaged by the scorer's factor, ``working.rs``), the candidate that did best:

  every K = 8 frames (0.27 s at 30 fps) the working frame is compared with the one K frames
  back, on the 16×16 residual grid, around the camera's translation between the two (exhaustive
  whole-frame search here; the scorer would read it from its brightness profiles). Per textured
  cell (mean absolute deviation ≥ 4): *held* when the camera's shift matches it about as well as
  the best shift within ±4 px (r0 ≤ 1.25·rb + 1), *displaced* when a local shift of at least
  0.75 px (sub-pixel, parabola) explains a change the camera's shift does not
  (r0 ≥ 1.6·rb + 1.5, rb ≤ 0.6 · texture). A cell *swims* when it is displaced after having
  been held (or swam at the comparison before). A morph is a group of ≥ 3 swimming cells while
  ≥ 90 % of the textured cells away from them are held: a region swims in a still picture.

It prints, per base (the nine of test_artefacts.py; cuts of bikes at 30, 76, ...), the spans it
flags on the clean clip and, per strength and seed, whether it finds the morph injected over
frames 20..50 and the frame IoU. What it shows (see the report of this branch): the morph is
found over still photographs, but not on a subject that moves itself (carphone's talking head,
the animated bunny, the cyclist after bikes' cut), and the same rule flags the clean
carphone_distorted head, which moves smoothly from rest against a still car. Nothing tells the
two apart without knowing what a face is; hence no rule.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import numpy as np
from scipy.ndimage import label

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))

from takes import PHOTOS, decode, pan  # noqa: E402

from reelscore.inject import inject_artefact  # noqa: E402

K, R, GRID = 8, 4, 16
TEXTURE, EXPLAINED, HELD, DISPLACED, MIN_SHIFT = 4.0, 0.6, (1.25, 1.0), (1.6, 1.5), 0.75
MIN_CELLS, STILL_SHARE = 3, 0.9
CUTS = {"bikes.mp4": (30, 76, 137, 187, 242)}


def working(y: np.ndarray, pixels: int = 192 * 108) -> np.ndarray:
    """The scorer's working copy: the smallest box factor that fits ``pixels`` (WorkGeometry)."""
    h, w = y.shape
    f = max(-(-w // 256), -(-h // 256), 1)
    while (w // f) * (h // f) > pixels:
        f += 1
    hh, ww = h // f, w // f
    return np.floor(y[: hh * f, : ww * f].reshape(hh, f, ww, f).mean(axis=(1, 3)) + 0.5)


def edges(n: int) -> np.ndarray:
    return np.array([-(-c * n // GRID) for c in range(GRID + 1)])


def cell_costs(cur: np.ndarray, ref: np.ndarray, g: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Mean absolute difference of each cell of ``cur`` to ``ref`` moved by ``g`` + (dx, dy),
    |dx|, |dy| ≤ R (inf where the cell leaves ``ref``), and each cell's texture."""
    h, w = cur.shape
    xe, ye = edges(w), edges(h)
    area = np.outer(np.diff(ye), np.diff(xe))
    cells = lambda a: np.add.reduceat(np.add.reduceat(a, ye[:-1], 0), xe[:-1], 1)  # noqa: E731
    mean = cells(cur) / area
    texture = cells(np.abs(cur - np.repeat(np.repeat(mean, np.diff(ye), 0), np.diff(xe), 1))) / area
    n = 2 * R + 1
    cost = np.full((GRID, GRID, n, n), np.inf)
    for dy in range(-R, R + 1):
        for dx in range(-R, R + 1):
            sx, sy = g[0] + dx, g[1] + dy
            moved = np.full_like(cur, np.nan)
            ya, yb, xa, xb = max(0, -sy), min(h, h - sy), max(0, -sx), min(w, w - sx)
            if ya >= yb or xa >= xb:
                continue
            moved[ya:yb, xa:xb] = ref[ya + sy : yb + sy, xa + sx : xb + sx]
            d = cells(np.abs(cur - moved)) / area
            cost[:, :, dy + R, dx + R] = np.where(np.isnan(d), np.inf, d)
    return cost, texture


def camera(cur: np.ndarray, ref: np.ndarray, r: int = 10) -> tuple[int, int]:
    h, w = cur.shape
    best = (np.inf, 0, 0)
    for sy in range(-r, r + 1):
        for sx in range(-r, r + 1):
            m = np.abs(cur[max(0, -sy) : h - max(0, sy), max(0, -sx) : w - max(0, sx)]
                       - ref[max(0, sy) : h + min(0, sy), max(0, sx) : w + min(0, sx)]).mean()
            best = min(best, (m, sx, sy))
    return best[1], best[2]


def classify(cur: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: textured, held, displaced (see the module docs)."""
    cost, texture = cell_costs(cur, ref, camera(cur, ref))
    n = 2 * R + 1
    flat = cost.reshape(GRID, GRID, -1)
    k = flat.argmin(axis=2)
    rb = flat.min(axis=2)
    r0 = cost[:, :, R, R]
    by, bx = k // n, k % n

    def refine(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):  # a shift off the frame costs inf
            den = a - 2 * b + c
            ok = np.isfinite(den) & (den > 0)
            return np.where(ok, 0.5 * (a - c) / np.where(ok, den, 1), 0.0)

    j, i = np.mgrid[0:GRID, 0:GRID]
    at = lambda yy, xx: cost[j, i, np.clip(yy, 0, n - 1), np.clip(xx, 0, n - 1)]  # noqa: E731
    inner = lambda v: (v > 0) & (v < n - 1)  # noqa: E731
    fx = np.where(inner(bx), refine(at(by, bx - 1), rb, at(by, bx + 1)), 0.0)
    fy = np.where(inner(by), refine(at(by - 1, bx), rb, at(by + 1, bx)), 0.0)
    shift = np.hypot(bx - R + fx, by - R + fy)
    textured = np.isfinite(rb) & np.isfinite(r0) & (texture >= TEXTURE)
    held = textured & (r0 <= HELD[0] * rb + HELD[1])
    displaced = (textured & (rb <= EXPLAINED * texture) & (r0 >= DISPLACED[0] * rb + DISPLACED[1])
                 & (shift >= MIN_SHIFT))
    return textured, held, displaced


def grown(m: np.ndarray) -> np.ndarray:
    p = np.pad(m, 1)
    return np.any([p[1 + a : GRID + 1 + a, 1 + b : GRID + 1 + b] for a in (-1, 0, 1) for b in (-1, 0, 1)], axis=0)


def morph_spans(clip: list, cuts: tuple = ()) -> list[tuple[int, int]]:
    """Frame spans (inclusive) the candidate rule flags."""
    w = [working(y) for y, _, _ in clip]
    was_held = np.zeros((GRID, GRID), bool)
    swim = np.zeros((GRID, GRID), int)
    spans: list[list[int]] = []
    for t in range(K, len(w), K):
        if any(t - K < c <= t for c in cuts):
            was_held[:], swim[:] = False, 0
            continue
        textured, held, displaced = classify(w[t], w[t - K])
        swim = np.where(displaced & (was_held | (swim > 0)), swim + 1, 0)
        was_held = held
        near = grown(swim > 0)
        still = (held & ~near).sum() / max((textured & ~near).sum(), 1)
        groups, n = label(swim > 0, structure=np.ones((3, 3)))
        counted = [swim[groups == k].max() for k in range(1, n + 1) if (groups == k).sum() >= MIN_CELLS]
        if still >= STILL_SHARE and counted:
            if spans and spans[-1][1] == t - K:
                spans[-1][1] = t
            else:
                spans.append([t - max(counted) * K, t])
    return [(int(a), int(b)) for a, b in spans]


def iou(spans: list[tuple[int, int]], start: int, end: int) -> float:
    got = {f for a, b in spans for f in range(a, b + 1)}
    want = set(range(start, end))
    return len(got & want) / len(got | want)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="0,1,2,3,4")
    ap.add_argument("--strengths", default="1,2")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    strengths = [float(s) for s in args.strengths.split(",")]
    bases = {n: decode(n, 60)[0] for n in ("carphone_pristine.mp4", "carphone_distorted.mp4", "bikes.mp4", "bigbuckbunny.mp4")}
    bases.update({f"{p} pan": pan(f(), 60) for p, f in PHOTOS.items()})
    print(f"{'base':24s} {'clean flags':34s} " + " ".join(f"s={s:g}: found/{len(seeds)} (IoU≥0.6)" for s in strengths))
    for name, clip in bases.items():
        cuts = CUTS.get(name, ())
        row = f"{name:24s} {str(morph_spans(clip, cuts)):34s} "
        for s in strengths:
            spans = [morph_spans(inject_artefact(clip, "morphing", 20, 50, seed=k, strength=s), cuts) for k in seeds]
            found = [sp for sp in spans if sp]
            good = sum(iou(sp, 20, 50) >= 0.6 for sp in found)
            row += f"        {len(found)}/{len(seeds)} ({good})        "
        print(row, flush=True)


if __name__ == "__main__":
    main()
