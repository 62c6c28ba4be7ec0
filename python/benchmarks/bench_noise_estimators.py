"""Noise estimators for binned frames, compared on real footage (a study, not a test).

  python python/benchmarks/bench_noise_estimators.py [--frames N] [--out build/bench]

The clip scorer measures frames over its analysis budget on a k×k-binned copy, which divides
per-pixel white noise by k: at 1080p, σ 5–7 noise read as 2.8–3.8 there and went unflagged
(``bench_analysis.py``). This study picked ``pairs``, which the scorer now uses at k = 2
(``core/src/metrics/noise.rs``). It measures, in numpy, candidate estimators on the sample
clips and on the 1080p clip ``bench_rank.py`` makes, clean and with Gaussian noise of σ 3–10
added (the oracle), as medians over every 4th of the first ``--frames`` frames:

  immerkaer   Immerkær (1996) on the frame itself: σ = √(π/2) · mean|I ∗ N| / 6, the scorer's
              estimator at full resolution
  binned      Immerkær on the 2×2-binned copy (what the scorer read above its budget), and
              that times 2 (white noise scaled back: content is amplified too)
  pairs       on source row pairs (2i, 2i + 1), as a k-row block holds them: the second
              difference along x of the first difference down y, r = Dxx(row₁) − Dxx(row₀),
              σ = √(π/2) · mean|r| / √12 (kernel energy 12); annihilates bilinear surfaces
  pairsums    pairs, on the horizontal pair sums a 2×2 binning keeps (no extra row state):
              r = Dxx(s₁ − s₀) at stride 2, σ = √(π/2) · mean|r| / √24
  row1d       the second difference along single rows, σ = √(π/2) · mean|r| / √6
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import numpy as np

from reelscore import inject, samples
from reelscore.demo import decode_yuv

ROOT = pathlib.Path(__file__).resolve().parents[2]
K = np.sqrt(np.pi / 2)


def immerkaer(y: np.ndarray) -> float:
    y = y.astype(np.int32)
    corners = y[:-2, :-2] + y[:-2, 2:] + y[2:, :-2] + y[2:, 2:]
    edges = y[:-2, 1:-1] + y[2:, 1:-1] + y[1:-1, :-2] + y[1:-1, 2:]
    return float(K * np.abs(corners - 2 * edges + 4 * y[1:-1, 1:-1]).mean() / 6)


def binned(y: np.ndarray) -> np.ndarray:
    h, w = y.shape[0] // 2 * 2, y.shape[1] // 2 * 2
    return ((y[:h, :w].reshape(h // 2, 2, w // 2, 2).astype(np.int32).sum(axis=(1, 3)) + 2) // 4).astype(np.uint8)


def dxx(r: np.ndarray) -> np.ndarray:
    return r[:, :-2] - 2 * r[:, 1:-1] + r[:, 2:]


def pairs(y: np.ndarray) -> float:
    y = y.astype(np.int32)
    h = y.shape[0] // 2 * 2
    return float(K * np.abs(dxx(y[1:h:2]) - dxx(y[0:h:2])).mean() / np.sqrt(12))


def pairsums(y: np.ndarray) -> float:
    y = y.astype(np.int32)
    h, w = y.shape[0] // 2 * 2, y.shape[1] // 2 * 2
    s = y[:h, 0:w:2] + y[:h, 1:w:2]  # horizontal pair sums, as the 2×2 binning holds them
    v = s[1:h:2] - s[0:h:2]
    return float(K * np.abs(dxx(v)).mean() / np.sqrt(24))


def row1d(y: np.ndarray) -> float:
    return float(K * np.abs(dxx(y.astype(np.int32)[::2])).mean() / np.sqrt(6))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frames", type=int, default=40)
    ap.add_argument("--out", default=str(ROOT / "build" / "bench"))
    args = ap.parse_args()
    clips = {c.name: c for c in samples.sample_clips()}
    paths = [clips[n] for n in ("carphone_pristine.mp4", "bikes.mp4", "bigbuckbunny.mp4")]
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    from bench_rank import make_clip

    paths.append(make_clip(pathlib.Path(args.out) / "bbb_1080p_10s.mp4", clips["bigbuckbunny.mp4"], (1920, 1080)))
    for path in paths:
        frames, _ = decode_yuv(path, args.frames)
        ys = [f[0] for f in frames[::4]]
        print(f"{path.name} {ys[0].shape[1]}×{ys[0].shape[0]}")
        for sigma in (0, 3, 5, 7, 10):
            rng = np.random.default_rng(2)
            noisy = [inject._u8(y + rng.normal(0, sigma, y.shape)) if sigma else y for y in ys]

            def med(f) -> float:
                return float(np.median([f(y) for y in noisy]))

            b = med(lambda y: immerkaer(binned(y)))
            print(
                f"  σ {sigma:>2}: immerkaer {med(immerkaer):5.2f}  binned {b:5.2f} (×2 {2 * b:5.2f})"
                f"  pairs {med(pairs):5.2f}  pairsums {med(pairsums):5.2f}  row1d {med(row1d):5.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
