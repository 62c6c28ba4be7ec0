"""Frame metrics against OpenCV on 1080p luma, one core, side by side in one run.

  python python/benchmarks/bench_metrics_cv2.py [--rounds N]

For each metric, reelscore under every kernel path this CPU has (``reelscore.force_kernels``)
and its OpenCV baseline run round-robin, ``--rounds`` times each (so the drift of a shared
machine hits them alike), and the median time of each is printed with frames per second and
the ratio to the OpenCV baseline:

  psnr       ``cv2.PSNR(a, b)``
  sharpness  ``cv2.Laplacian(a, cv2.CV_64F).var()``
  ssim       OpenCV's Gaussian SSIM recipe in f32 (the tutorial "Similarity check (PNSR and
             SSIM) on the GPU", CPU version: ``cv2.GaussianBlur(x, (11, 11), 1.5)`` of the
             images, squares and product, then the SSIM map and its mean)

Targets (issue 19): SSIM ≥ 300 fps and ≥ 12× the recipe; PSNR ≥ 1.0× ``cv2.PSNR``;
sharpness ≥ 10× ``cv2.Laplacian().var()``. Frames: a horizontal-and-vertical gradient with
noise and a noisier copy (the same recipe as ``core/benches/frame_metrics.rs``), so the
values are comparable (printed beside the times: they agree to OpenCV's f32 precision).
"""

from __future__ import annotations

import argparse
import statistics
import time

import cv2
import numpy as np

import reelscore

W, H = 1920, 1080


def frames() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    y, x = np.mgrid[0:H, 0:W]
    a = ((x // 3 + y // 2) % 256 + rng.integers(0, 16, (H, W))).astype(np.uint8)
    b = np.minimum(a.astype(np.int32) + rng.integers(0, 8, (H, W)), 255).astype(np.uint8)
    return np.ascontiguousarray(a), np.ascontiguousarray(b)


def cv2_ssim(a: np.ndarray, b: np.ndarray) -> float:
    """OpenCV's Gaussian SSIM recipe in f32 (see the module docs)."""
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    i1, i2 = a.astype(np.float32), b.astype(np.float32)
    blur = lambda x: cv2.GaussianBlur(x, (11, 11), 1.5)  # noqa: E731
    mu1, mu2 = blur(i1), blur(i2)
    mu1_2, mu2_2, mu12 = mu1 * mu1, mu2 * mu2, mu1 * mu2
    s1 = blur(i1 * i1) - mu1_2
    s2 = blur(i2 * i2) - mu2_2
    s12 = blur(i1 * i2) - mu12
    t3 = (2 * mu12 + c1) * (2 * s12 + c2)
    t1 = (mu1_2 + mu2_2 + c1) * (s1 + s2 + c2)
    return float(cv2.mean(cv2.divide(t3, t1))[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    cv2.setNumThreads(1)
    a, b = frames()
    paths = reelscore.available_kernels()
    detected = reelscore.kernels()
    cases = {
        "psnr": (lambda: reelscore.psnr(a, b), lambda: cv2.PSNR(a, b), "cv2.PSNR"),
        "sharpness": (
            lambda: reelscore.sharpness(a),
            lambda: float(cv2.Laplacian(a, cv2.CV_64F).var()),
            "cv2.Laplacian.var",
        ),
        "ssim": (lambda: reelscore.ssim(a, b), lambda: cv2_ssim(a, b), "cv2 Gaussian SSIM f32"),
    }
    print(
        f"1920x1080 luma, one core (cv2.setNumThreads(1)), {args.rounds} interleaved rounds, medians; "
        f"OpenCV {cv2.__version__}; kernel paths {paths}, detected {detected}"
    )
    for name, (ours, theirs, label) in cases.items():
        times: dict[str, list[float]] = {p: [] for p in paths}
        times[label] = []
        values: dict[str, float] = {}
        for _ in range(args.rounds):
            for p in paths:
                reelscore.force_kernels(p)
                t = time.perf_counter()
                values[p] = ours()
                times[p].append(time.perf_counter() - t)
            t = time.perf_counter()
            values[label] = theirs()
            times[label].append(time.perf_counter() - t)
        reelscore.force_kernels(detected)
        base = statistics.median(times[label])
        for key in [*paths, label]:
            m = statistics.median(times[key])
            who = f"reelscore[{key}]" if key in paths else key
            print(
                f"{name:>9}  {who:<24} {m * 1e3:9.3f} ms {1 / m:9.1f} fps  {base / m:6.2f}x {label}"
                f"   value {values[key]:.9g}"
            )


if __name__ == "__main__":
    main()
