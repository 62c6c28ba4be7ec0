"""Reliability of the Python binding: thread safety (many threads calling the same functions,
and separate scorers, concurrently give the results a single thread gives; the GIL really is
released during frame-sized work), and no leak (resident memory stable over 100,000 calls,
read from /proc/self/statm)."""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import reelscore
from reelscore import ReelscoreError
from reelscore import engage

THREADS = 8


def frames(seed: int, n: int = 6, shape: tuple[int, int] = (72, 96)) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    base = rng.integers(0, 256, shape, dtype=np.uint8)
    return [np.roll(base, k * 3, axis=1) ^ rng.integers(0, 8, shape, dtype=np.uint8) for k in range(n)]


def work(seed: int) -> tuple:
    """One thread's share: frame metrics, engagement arrays (large enough to run without the
    GIL), a fit and a whole clip through its own scorer."""
    fs = frames(seed)
    a, b = fs[0], fs[1]
    rng = np.random.default_rng(seed)
    n = rng.integers(1, 10_000, 20_000).astype(np.float64)
    s = np.floor(n * rng.random(20_000))
    scorer = reelscore.ClipScorer(a.shape[1], a.shape[0], fps=30.0)
    obs = [scorer.push(f) for f in fs]
    report = scorer.finish()
    wins = rng.integers(0, 20, (5, 5)).astype(np.float64)
    return (
        reelscore.ssim(a, b),
        reelscore.psnr(a, b),
        tuple(sorted(reelscore.frame_stats(a).items())),
        engage.wilson_lower_bound(s, n).tobytes(),
        engage.reddit_hot(s, n - s, 1.2e9 + n).tobytes(),
        engage.bradley_terry_fit(wins, alpha=0.01).theta.tobytes(),
        [tuple(sorted(o.items())) for o in obs],
        report.score,
        [(d.kind, d.start, d.end, d.severity) for d in report.defects],
    )


def test_threads_agree_with_one_thread():
    seeds = list(range(THREADS * 3))
    want = {s: work(s) for s in seeds}
    with ThreadPoolExecutor(THREADS) as pool:
        # Every seed run three times at once, on different threads, interleaved with the others.
        got = list(pool.map(lambda s: (s, work(s)), seeds * 3))
    for s, result in got:
        assert result == want[s], f"seed {s} differs under threads"


def test_shared_inputs_read_concurrently():
    """Many threads borrowing the very same arrays (no copies are made) read them safely."""
    a, b = frames(7)[:2]
    big = np.ascontiguousarray(np.tile(a, (8, 8)))
    want = (reelscore.ssim(a, b), reelscore.sharpness(big), reelscore.ms_ssim(big, big))
    barrier = threading.Barrier(THREADS)

    def one(_):
        barrier.wait()
        return reelscore.ssim(a, b), reelscore.sharpness(big), reelscore.ms_ssim(big, big)

    with ThreadPoolExecutor(THREADS) as pool:
        assert all(r == want for r in pool.map(one, range(THREADS)))


def test_gil_is_released_during_frame_work():
    """While one thread is inside a long SSIM call, another thread keeps running Python code.
    Were the GIL held, the main thread could not execute a single bytecode for the whole call."""
    rng = np.random.default_rng(3)
    a = rng.integers(0, 256, (1080, 1920), dtype=np.uint8)
    b = rng.integers(0, 256, (1080, 1920), dtype=np.uint8)
    window: list[float] = []
    done = threading.Event()

    def native():
        t0 = time.perf_counter()
        reelscore.ssim(a, b)
        window.extend([t0, time.perf_counter()])
        done.set()

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-4)  # hand the GIL over quickly once it is released
    try:
        ticks: list[float] = []
        t = threading.Thread(target=native)
        t.start()
        while not done.is_set():
            ticks.append(time.perf_counter())
        t.join()
    finally:
        sys.setswitchinterval(old)
    t0, t1 = window
    inside = [x for x in ticks if t0 < x < t1]
    assert t1 - t0 > 0.01, "the call was too short to tell"
    # With the GIL held during the call, `inside` would hold at most a handful of ticks taken
    # before the worker entered the native code.
    assert len(inside) > 100, f"only {len(inside)} Python ticks during a {t1 - t0:.3f} s native call"


def test_engagement_gil_release_threshold_gives_same_results():
    """Arrays below and above the 4096-element GIL-release threshold give the same numbers."""
    rng = np.random.default_rng(11)
    n = rng.integers(1, 1000, 10_000).astype(np.float64)
    s = np.floor(n * rng.random(10_000))
    whole = engage.wilson_lower_bound(s, n)
    parts = np.concatenate([engage.wilson_lower_bound(s[i : i + 100], n[i : i + 100]) for i in range(0, 10_000, 100)])
    np.testing.assert_array_equal(whole, parts)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc (Linux)")
def test_no_leak_over_100k_calls():
    """100,000 calls — successes and errors, frame metrics, engagement arrays, scorers created
    and dropped — leave resident memory where it was after a warm-up."""
    a, b = frames(5, n=2, shape=(16, 16))
    tiny = np.zeros((4, 4), np.uint8)
    counts = np.arange(1.0, 65.0)
    succ = np.floor(counts / 3)

    def batch(k: int) -> None:
        for i in range(k):
            r = i % 10
            if r == 0:
                reelscore.psnr(a, b)
            elif r == 1:
                reelscore.frame_stats(a)
            elif r == 2:
                engage.wilson_lower_bound(succ, counts)
            elif r == 3:
                try:
                    reelscore.ssim(tiny, tiny)  # error path: the message string must be freed too
                except ReelscoreError:
                    pass
            elif r == 4:
                try:
                    engage.wilson_lower_bound(counts, succ)
                except ReelscoreError:
                    pass
            elif r == 5:
                s = reelscore.ClipScorer(16, 16, fps=30.0)
                s.push(a)
                s.finish()
            elif r == 6:
                reelscore.histogram(a)
            elif r == 7:
                engage.reddit_hot(counts, succ, 1.2e9)
            elif r == 8:
                try:
                    reelscore.sharpness(a.astype(np.float32))  # TypeError path
                except TypeError:
                    pass
            else:
                reelscore.rgb_to_luma(np.dstack([a, b, a]))

    batch(10_000)  # warm-up: allocator pools, interned strings, numpy caches
    before = rss_bytes()
    batch(100_000)
    after = rss_bytes()
    # A leak of even 64 bytes per call would be 6.4 MB; allow 2 MB of allocator noise.
    assert after - before < 2 * 1024 * 1024, f"RSS grew {(after - before) / 1024:.0f} KiB over 100,000 calls"
