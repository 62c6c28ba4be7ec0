"""The ``reelscore`` command line."""

from __future__ import annotations

import argparse
import sys

import numpy as np

import reelscore
from reelscore import samples, video


def _score_file(path) -> dict:
    stats = [reelscore.frame_stats(f) for f in video.luma_frames(path)]
    if not stats:
        raise reelscore.ReelscoreError(f"{path}: no video frames")
    return {k: float(np.mean([s[k] for s in stats])) for k in stats[0]} | {"frames": len(stats)}


def cmd_demo(_args: argparse.Namespace) -> int:
    paths = samples.sample_clips()
    print(f"{'clip':26} {'frames':>6} {'sharpness':>10} {'noise σ':>8} {'block':>6} {'mean':>6} {'entropy':>7}")
    for p in paths:
        r = _score_file(p)
        print(
            f"{p.name:26} {r['frames']:>6} {r['sharpness']:>10.1f} {r['noise_sigma']:>8.2f} "
            f"{r['blockiness']:>6.3f} {r['mean']:>6.1f} {r['entropy']:>7.3f}"
        )
    ref = list(video.luma_frames(paths[0]))
    dis = list(video.luma_frames(paths[1]))
    psnr = np.mean([reelscore.psnr(a, b) for a, b in zip(ref, dis)])
    ssim = np.mean([reelscore.ssim(a, b) for a, b in zip(ref, dis)])
    print(f"\ncarphone distorted vs pristine: PSNR {psnr:.3f} dB, SSIM {ssim:.4f} (mean of {len(ref)} frames)")
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            r = _score_file(path)
        except (OSError, ValueError) as e:  # av raises OSError subclasses for unreadable files
            print(f"{path}: error: {e}")
            failed += 1
            continue
        print(f"{path}: {r['frames']} frames, sharpness {r['sharpness']:.1f}, noise σ {r['noise_sigma']:.2f}")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reelscore", description=__doc__)
    parser.add_argument("--version", action="version", version=reelscore.__version__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("demo", help="score the real sample clips and print their metrics").set_defaults(func=cmd_demo)
    p = sub.add_parser("score", help="print frame metrics of video files")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_score)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
