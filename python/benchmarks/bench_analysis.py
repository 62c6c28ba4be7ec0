"""What the analysis budget costs and buys: scoring time per frame against sensitivity.

  python python/benchmarks/bench_analysis.py [--frames N] [--out build/bench]

The clip scorer measures frames up to ``analysis_pixels`` as they are and larger ones on a
binned copy. This script scores the 720p trailer (bigbuckbunny, the first ``--frames``) and the
1080p clip ``bench_rank.py`` makes, each clean and with defects injected into the middle third
at full range (``reelscore.inject`` and milder strengths), in memory, under two budgets:

  720p    default (full resolution) vs FAST_ANALYSIS_PIXELS (2×2-binned, ``--fast``)
  1080p   default (2×2-binned) vs the frame's own area (full resolution)

and prints, per take and budget, the score and the defects found, then the median time of
``push_yuv420`` per frame (the two budgets alternate, so the machine's drift hits both alike).
The oracle is where the defect was put: a row is right when the injected kind is found there.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

import numpy as np

import reelscore
from reelscore import inject, samples
from reelscore.demo import decode_yuv

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))


def milder(frames: list, kind: str, strength: float, a: int, b: int) -> list:
    """``kind`` at another strength than ``inject``'s: blur σ (px), noise σ (codes), blockiness
    weight of the 8×8 block means."""
    rng = np.random.default_rng(1)
    out = []
    for i, (y, u, v) in enumerate(frames):
        if a <= i < b:
            if kind == "blur":
                y = inject._u8(inject.gaussian_blur(y, strength))
            elif kind == "noise":
                y = inject._u8(y + rng.normal(0, strength, y.shape))
            else:
                h, w = y.shape[0] // 8 * 8, y.shape[1] // 8 * 8
                o = y.astype(np.float64)
                cells = o[:h, :w].reshape(h // 8, 8, w // 8, 8).mean(axis=(1, 3))
                o[:h, :w] = (1 - strength) * o[:h, :w] + strength * np.repeat(np.repeat(cells, 8, 0), 8, 1)
                y = inject._u8(o)
        out.append((y, u, v))
    return out


def score(frames: list, fps: float, budget: int | None) -> tuple[reelscore.ClipReport, float]:
    h, w = frames[0][0].shape
    s = reelscore.ClipScorer(w, h, fps=fps, analysis_pixels=budget)
    times = []
    for y, u, v in frames:
        t0 = time.perf_counter()
        s.push_yuv420(y, u, v)
        times.append(time.perf_counter() - t0)
    return s.finish(), statistics.median(times)


def table(name: str, frames: list, fps: float, budgets: dict[str, int | None], takes: list[tuple[str, str, float | None]]) -> None:
    n = len(frames)
    a, b = n // 3, 2 * n // 3
    h, w = frames[0][0].shape
    labels = list(budgets)
    print(f"\n{name} {w}×{h}, {n} frames, defects on frames {a}–{b - 1}")
    print(f"{'take':18} " + " ".join(f"{lab:>32}" for lab in labels))
    times: dict[str, list[float]] = {lab: [] for lab in labels}
    for take, kind, strength in takes:
        if kind == "clean":
            fr = frames
        elif strength is None:
            fr = inject.inject(frames, kind, a, b, seed=3)
        else:
            fr = milder(frames, kind, strength, a, b)
        cells = []
        for lab, budget in budgets.items():
            r, t = score(fr, fps, budget)
            times[lab].append(t)
            found = sorted({d.kind for d in r.defects})
            hit = "" if kind == "clean" else (" ok" if kind in found else " MISSED")
            cells.append(f"{r.score:5.1f} {','.join(found) or '-':>20}{hit:>6}")
        print(f"{take:18} " + " ".join(f"{c:>32}" for c in cells))
    print("push_yuv420 per frame (median over takes): " + ", ".join(f"{lab} {1e3 * statistics.median(v):.2f} ms" for lab, v in times.items()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=132)
    ap.add_argument("--out", default=str(ROOT / "build" / "bench"))
    args = ap.parse_args()
    clips = {c.name: c for c in samples.sample_clips()}
    frames, rate = decode_yuv(clips["bigbuckbunny.mp4"], args.frames)
    kinds = [("clean", "clean", None)] + [(k, k, None) for k in inject.KINDS if k != "static"]
    kinds += [(f"blur σ {s}", "blur", s) for s in (1.0, 1.5)]
    kinds += [(f"noise σ {s}", "noise", s) for s in (5, 7)]
    kinds += [("blockiness 0.3", "blockiness", 0.3)]
    table(
        "bigbuckbunny", frames, float(rate),
        {"default (full resolution)": None, "fast (2×2-binned)": reelscore.FAST_ANALYSIS_PIXELS}, kinds,
    )
    from bench_rank import make_clip

    big = make_clip(pathlib.Path(args.out) / "bbb_1080p_10s.mp4", clips["bigbuckbunny.mp4"], (1920, 1080))
    frames, rate = decode_yuv(big, min(args.frames, 90))
    table(
        "bbb_1080p", frames, float(rate),
        {"default (2×2-binned)": None, "full resolution": 1920 * 1080},
        [("clean", "clean", None), ("noise", "noise", None)]
        + [(f"noise σ {s}", "noise", s) for s in (5, 7)]
        + [(f"blur σ {s}", "blur", s) for s in (1.0, 1.5, 2.0)],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
