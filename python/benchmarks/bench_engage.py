#!/usr/bin/env python3
"""Engagement benchmarks: Wilson lower bound over 10 million rows and a Bradley–Terry fit of
100 items from 100,000 votes.

    python3 python/benchmarks/bench_engage.py [--rows 10000000] [--runs 7] [--choix]

Every figure is the median of ``--runs`` timed runs (after one warm-up), and every ratio is
taken between figures measured in this same run. Targets (issue 4): reelscore's Wilson at least
2x faster than the numpy-vectorised formula; the Bradley–Terry fit under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Callable

import numpy as np

from reelscore import engage

Z = engage.Z_95


def median_seconds(f: Callable[[], object], runs: int) -> float:
    f()  # warm-up: page faults, caches, lazy imports
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def wilson_numpy(s: np.ndarray, n: np.ndarray, z: float = Z) -> np.ndarray:
    """The Wilson lower bound as one would write it in numpy (statsmodels' formula, vectorised),
    with totals = 0 mapped to 0 as reelscore does."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = s / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = p + z2 / (2 * n)
        spread = z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
        lo = (centre - spread) / denom
    return np.where(n > 0, np.maximum(lo, 0.0), 0.0)


def bench_wilson(rows: int, runs: int) -> None:
    rng = np.random.default_rng(42)
    n = rng.integers(0, 100_000, rows).astype(np.float64)
    s = np.floor(rng.uniform(0, 1, rows) * (n + 1)).clip(max=n)
    ours = median_seconds(lambda: engage.wilson_lower_bound(s, n), runs)
    ref = median_seconds(lambda: wilson_numpy(s, n), runs)
    got, want = engage.wilson_lower_bound(s, n), wilson_numpy(s, n)
    assert np.max(np.abs(got - want)) < 1e-12, "reelscore and the numpy formula disagree"
    print(f"Wilson lower bound, {rows:,} rows (median of {runs})")
    print(f"  reelscore.engage.wilson_lower_bound  {ours * 1e3:9.1f} ms  ({rows / ours / 1e6:7.1f} M rows/s)")
    print(f"  numpy-vectorised formula             {ref * 1e3:9.1f} ms  ({rows / ref / 1e6:7.1f} M rows/s)")
    try:
        from statsmodels.stats.proportion import proportion_confint
    except ImportError:
        print("  statsmodels not installed: proportion_confint skipped")
        sm = None
    else:
        pos = n > 0  # statsmodels divides by n
        sp, np_ = s[pos], n[pos]
        sm = median_seconds(lambda: proportion_confint(sp, np_, alpha=0.05, method="wilson"), max(3, runs // 2))
        print(f"  statsmodels proportion_confint       {sm * 1e3:9.1f} ms  ({pos.sum() / sm / 1e6:7.1f} M rows/s)")
    print(f"  speed-up vs numpy: {ref / ours:.2f}x (target >= 2x)")
    if sm is not None:
        print(f"  speed-up vs statsmodels: {sm / ours:.2f}x")


def bench_bradley_terry(items: int, votes: int, runs: int, with_choix: bool) -> None:
    rng = np.random.default_rng(7)
    strength = rng.normal(0, 1, items)
    i = rng.integers(0, items, votes)
    j = (i + rng.integers(1, items, votes)) % items
    p = 1 / (1 + np.exp(strength[j] - strength[i]))
    win = rng.uniform(size=votes) < p
    winners, losers = np.where(win, i, j), np.where(win, j, i)
    alpha = engage.BT_DEFAULT_ALPHA
    fit = engage.BradleyTerry.from_votes(winners, losers, n=items, alpha=alpha)
    total = median_seconds(lambda: engage.BradleyTerry.from_votes(winners, losers, n=items, alpha=alpha), runs)
    fit_only = median_seconds(lambda: engage.bradley_terry_fit(fit.wins, alpha=alpha), runs)
    corr = np.corrcoef(fit.theta, strength - strength.mean())[0, 1]
    print(f"Bradley-Terry, {items} items x {votes:,} votes (alpha {alpha}, median of {runs})")
    print(f"  count votes + fit   {total * 1e3:8.1f} ms  (target < 100 ms)")
    print(f"  fit of the matrix   {fit_only * 1e3:8.1f} ms  ({fit.iterations} MM iterations)")
    print(f"  correlation of fitted and true strengths: {corr:.4f}")
    if not with_choix:
        return
    import choix

    data = list(zip(winners.tolist(), losers.tolist()))
    t0 = time.perf_counter()
    ref = choix.mm_pairwise(items, data, alpha=alpha, tol=1e-12)
    ch = time.perf_counter() - t0
    diff = np.max(np.abs((ref - ref.mean()) - fit.theta))
    print(f"  choix.mm_pairwise   {ch * 1e3:8.1f} ms  (one run; max |dtheta| vs reelscore {diff:.1e})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--items", type=int, default=100)
    ap.add_argument("--votes", type=int, default=100_000)
    ap.add_argument("--choix", action="store_true", help="also time choix.mm_pairwise (pure Python; ~20 s)")
    args = ap.parse_args()
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs")
    bench_wilson(args.rows, args.runs)
    bench_bradley_terry(args.items, args.votes, args.runs, args.choix)


if __name__ == "__main__":
    main()
