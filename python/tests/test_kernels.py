"""The SIMD kernel paths from Python: reporting and forcing the path, equal results on every
path, REELSCORE_KERNELS at import, and the CI speed smoke (dispatched vs portable)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import numpy as np
import pytest

import reelscore

PATHS = reelscore.available_kernels()
DETECTED = reelscore.kernels()


@pytest.fixture(autouse=True)
def _restore_path():
    yield
    reelscore.force_kernels(DETECTED)


def test_path_is_reported_and_forcible():
    assert PATHS[0] == "portable"
    assert DETECTED in PATHS
    for p in PATHS:
        reelscore.force_kernels(p)
        assert reelscore.kernels() == p
    with pytest.raises(reelscore.ReelscoreError, match="unknown kernel path"):
        reelscore.force_kernels("sse2")
    for p in {"sse41", "avx2", "avx512", "neon"} - set(PATHS):
        with pytest.raises(reelscore.ReelscoreError, match="not available"):
            reelscore.force_kernels(p)


@pytest.mark.parametrize("width", [1, 2, 3, 11, 17, 31, 33, 64, 65, 127, 130, 200])
def test_every_path_gives_the_portable_results(width):
    """Integer metrics bit for bit, SSIM within 1e-12 relative (the FMA paths), on planes that
    are column slices of a wider array (row stride ≠ width)."""
    rng = np.random.default_rng(width)
    h = max(11, width // 2 + 3)
    wide_a = rng.integers(0, 256, (h, width + 7), dtype=np.uint8)
    wide_b = np.clip(wide_a.astype(int) + rng.integers(-9, 10, wide_a.shape), 0, 255).astype(np.uint8)
    a, b = wide_a[:, 3 : 3 + width], wide_b[:, 3 : 3 + width]
    got = {}
    for p in PATHS:
        reelscore.force_kernels(p)
        got[p] = (
            reelscore.mse(a, b),
            reelscore.psnr(a, b),
            reelscore.sharpness(a),
            reelscore.ssim(wide_a, wide_b) if width + 7 >= 11 else 0.0,
        )
    want = got["portable"]
    for p, v in got.items():
        assert v[:3] == want[:3], p
        assert v[3] == pytest.approx(want[3], rel=1e-12, abs=1e-15), p


def _run(env_value: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, REELSCORE_KERNELS=env_value)
    code = "import reelscore; print(reelscore.kernels())"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


def test_environment_variable_forces_the_path_at_import():
    for p in PATHS:
        r = _run(p)
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip() == p
    r = _run("fastest")
    assert r.returncode != 0
    assert "REELSCORE_KERNELS" in r.stderr and "fastest" in r.stderr


# Speed smoke: the dispatched path against portable on the same 1080p frames, interleaved in
# one process (machine drift hits both alike), median of ROUNDS. The floors are set from
# measurement well below what was measured (AVX-512: PSNR 2.1–2.3x, sharpness 1.9–2.3x,
# SSIM 1.5–1.7x; AVX2 SSIM 1.26–1.5x): they catch a dispatch that silently falls back to
# portable, not small regressions.
SPEED_FLOORS = {"psnr": 1.5, "sharpness": 1.3, "ssim": 1.15}
ROUNDS = 9


@pytest.mark.skipif(len(PATHS) < 2, reason="only the portable path on this CPU")
def test_speed_smoke_dispatched_beats_portable():
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:1080, 0:1920]
    a = ((x // 3 + y // 2) % 256 + rng.integers(0, 16, x.shape)).astype(np.uint8)
    b = np.minimum(a.astype(np.int32) + rng.integers(0, 8, x.shape), 255).astype(np.uint8)
    runs = {
        "psnr": lambda: reelscore.psnr(a, b),
        "sharpness": lambda: reelscore.sharpness(a),
        "ssim": lambda: reelscore.ssim(a, b),
    }
    report = []
    for name, run in runs.items():
        t = {"portable": [], DETECTED: []}
        for _ in range(ROUNDS):
            for p in t:
                reelscore.force_kernels(p)
                s = time.perf_counter()
                run()
                t[p].append(time.perf_counter() - s)
        ratio = statistics.median(t["portable"]) / statistics.median(t[DETECTED])
        report.append(f"{name} {DETECTED} {ratio:.2f}x portable (floor {SPEED_FLOORS[name]})")
    print("; ".join(report))
    for line, (name, floor) in zip(report, SPEED_FLOORS.items()):
        ratio = float(line.split()[2].rstrip("x"))
        assert ratio >= floor, line
