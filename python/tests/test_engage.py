"""The shared engagement vectors through ``reelscore.engage``; broadcasting, pandas, bad input,
the no-copy and GIL contracts, and the staleness check of the vector file."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
import threading

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, VECTORS

from reelscore import ReelscoreError, _native
from reelscore import engage as e

GENERATOR = ROOT / "tests" / "gen_engagement_vectors.py"


@pytest.fixture(scope="module")
def vec() -> dict:
    return json.loads((VECTORS / "engagement.json").read_text())


def close(got, want, tol) -> bool:
    got, want = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return bool(np.all(np.abs(got - want) <= tol["abs"] + tol["rel"] * np.abs(want)))


# ----------------------------------------------------------------------------- vectors


def test_normal(vec):
    g = vec["normal"]
    t = g["tolerance"]
    q = np.array([c["q"] for c in g["isf"]])
    z = np.array([c["z"] for c in g["isf"]])
    assert close(e.normal_isf(q), z, t)
    assert close(-e.normal_ppf(q), z, t)
    for c in g["isf"]:
        assert close(e.normal_isf(c["q"]), c["z"], t), c
    conf = np.array([c["confidence"] for c in g["two_sided"]])
    assert close(e.z_for_confidence(conf), [c["z"] for c in g["two_sided"]], t)
    assert e.z_for_confidence(0.95) == pytest.approx(e.Z_95, abs=1e-15)


def test_wilson_every_case(vec):
    g = vec["wilson"]
    t = g["tolerance"]
    cases = g["cases"]
    s = np.array([c["successes"] for c in cases], dtype=float)
    n = np.array([c["totals"] for c in cases], dtype=float)
    z = np.array([c["z"] for c in cases])
    lo = np.array([c["lower"] for c in cases])
    hi = np.array([c["upper"] for c in cases])
    for zv in np.unique(z):
        m = z == zv
        assert close(e.wilson_lower_bound(s[m], n[m], z=zv), lo[m], t)
        got_lo, got_hi = e.wilson_interval(s[m], n[m], z=zv)
        assert close(got_lo, lo[m], t) and close(got_hi, hi[m], t)
    for c in cases:
        assert close(e.wilson_lower_bound(c["successes"], c["totals"], z=c["z"]), c["lower"], t), c
    zt = g["zero_total"]
    assert e.wilson_lower_bound(zt["successes"], zt["totals"], z=zt["z"]) == zt["lower"]
    assert e.wilson_interval(0, 0) == (0.0, 1.0)
    # The worked values.
    assert e.wilson_lower_bound(234, 600) == pytest.approx(0.3517904261149445, abs=1e-12)
    assert e.wilson_lower_bound(2, 5) == pytest.approx(0.11762077423264788, abs=1e-12)


def test_bayesian_additive_star(vec):
    g = vec["bayesian_average"]
    for c in g["cases"]:
        got = e.bayesian_average(c["mean"], c["votes"], prior_weight=c["prior_weight"], prior_mean=c["prior_mean"])
        assert close(got, c["expected"], g["tolerance"]), c
    g = vec["additive_smoothing"]
    for c in g["cases"]:
        got = e.additive_smoothing(c["count"], c["total"], alpha=c["alpha"], categories=c["categories"])
        assert close(got, c["expected"], g["tolerance"]), c
    g = vec["star_rating"]
    for c in g["cases"]:
        assert close(e.star_rating_sort(c["counts_high_to_low"], z=c["z"]), c["expected"], g["tolerance"]), c
    same_z = [c for c in g["cases"] if c["z"] == g["cases"][0]["z"] and len(c["counts_high_to_low"]) == 5]
    rows = e.star_rating_sort([c["counts_high_to_low"] for c in same_z], z=same_z[0]["z"])
    assert close(rows, [c["expected"] for c in same_z], g["tolerance"])


def test_watch(vec):
    g = vec["watch"]
    t = g["tolerance"]
    for c in g["hook_retention"]:
        assert close(e.hook_retention(c["watch_times"], t=c["t"]), c["expected"], t), c["t"]
    sample = g["hook_retention"][0]["watch_times"]
    thresholds = [c["t"] for c in g["hook_retention"]]
    assert close(e.hook_retention(sample, t=thresholds), [c["expected"] for c in g["hook_retention"]], t)
    for c in g["retention_area"]:
        assert close(e.retention_curve_area(c["times"], c["retention"]), c["expected"], t)
    for c in g["completion_rate"]:
        assert close(e.completion_rate(c["completions"], c["views"]), c["expected"], t)
    for c in g["average_view_duration"]:
        avd = e.average_view_duration(c["total_watch_seconds"], c["views"])
        assert close(avd, c["avd"], t)
        assert close(e.fraction_viewed(avd, c["duration_seconds"]), c["fraction_viewed"], t)
    for c in g["rewatch_ratio"]:
        assert close(e.rewatch_ratio(c["views"], c["unique_viewers"]), c["expected"], t)


def test_actions(vec):
    g = vec["actions"]
    assert list(e.X_RECAP_ACTION_NAMES) == g["x_preset_names"]
    assert list(e.X_RECAP_WEIGHTS) == g["x_preset_weights"]
    for c in g["cases"]:
        assert close(e.weighted_scores_sum(c["predictions"], weights=c["weights"]), c["expected"], g["tolerance"]), c
    preset = [c for c in g["cases"] if c["weights"] == g["x_preset_weights"]]
    rows = e.weighted_scores_sum([c["predictions"] for c in preset])
    assert close(rows, [c["expected"] for c in preset], g["tolerance"])
    # By action name, as DataFrame columns.
    df = pd.DataFrame([c["predictions"] for c in preset], columns=g["x_preset_names"])
    by_name = e.weighted_scores_sum({k: df[k] for k in df.columns})
    assert close(by_name, [c["expected"] for c in preset], g["tolerance"])
    p = preset[0]["predictions"]
    assert e.weighted_action_sum(p, weights=preset[0]["weights"]) == pytest.approx(0.7616 - e.WEIGHTED_SCORES_EPSILON)


def test_decay(vec):
    g = vec["decay"]
    for c in g["hot"]["cases"]:
        assert e.reddit_hot(c["ups"], c["downs"], c["date"]) == c["expected"], c
    cs = g["hot"]["cases"]
    got = e.reddit_hot([c["ups"] for c in cs], [c["downs"] for c in cs], [c["date"] for c in cs])
    assert got.tolist() == [c["expected"] for c in cs]
    cs = g["confidence"]["cases"]
    got = e.reddit_confidence([c["ups"] for c in cs], [c["downs"] for c in cs])
    assert close(got, [c["expected"] for c in cs], g["confidence"]["tolerance"])
    cs = g["hacker_news"]["cases"]
    for c in cs:
        got = e.hacker_news_rank(c["points"], c["age_minutes"], gravity=c["gravity"], penalty=c["penalty"])
        assert close(got, c["expected"], g["hacker_news"]["tolerance"]), c
    hn = [c for c in cs if c["gravity"] == e.HN_GRAVITY]
    got = e.hacker_news_rank(
        [c["points"] for c in hn], [c["age_minutes"] for c in hn], penalty=[c["penalty"] for c in hn]
    )
    assert close(got, [c["expected"] for c in hn], g["hacker_news"]["tolerance"])
    t = g["ewm"]["tolerance"]
    for c in g["ewm"]["cases"]:
        assert close(e.ewma(c["series"], alpha=c["alpha"]), c["ewma"], t)
        assert close(e.ewm_variance(c["series"], alpha=c["alpha"]), c["ewvar"], t)
        assert close(e.trending_z(c["series"], alpha=c["alpha"]), c["trending_z"], t)
    for c in g["half_life"]["cases"]:
        assert close(e.half_life_decay(c["age"], half_life=c["half_life"]), c["expected"], g["half_life"]["tolerance"])


def test_pairwise(vec):
    g = vec["pairwise"]
    t = g["elo"]["tolerance"]
    for c in g["elo"]["cases"]:
        a, b = e.elo_update(c["ra"], c["rb"], c["score_a"], k=c["k"])
        assert close(a, c["expected_a"], t) and close(b, c["expected_b"], t), c
    t = g["glicko2"]["tolerance"]
    for c in g["glicko2"]["cases"]:
        p = e.Glicko2Player(c["rating"], c["rd"], c["volatility"])
        opp = [e.Glicko2Player(r, rd) for r, rd, _ in c["opponents"]]
        got = p.update(opp, [s for _, _, s in c["opponents"]], tau=c["tau"])
        assert close([got.rating, got.rd, got.volatility], c["expected"], t), c
    bt = g["bradley_terry"]
    for c in bt["cases"]:
        fit = e.bradley_terry_fit(c["wins"], alpha=c["alpha"])
        assert close(fit.theta, c["theta"], bt["tolerance_theta"]), c["note"]
        assert close(fit.ratings, c["arena"], bt["tolerance_arena"]), c["note"]
        n = c["n"]
        i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        assert close(fit.win_probability(i, j), c["win_probability"], bt["tolerance_probability"]), c["note"]
        a, b = fit.next_pair()
        assert 0 <= a < b < n


def test_ranking(vec):
    g = vec["ranking"]
    for c in g["top_k"]["cases"]:
        assert e.top_k(c["scores"], k=c["k"], ids=c["ids"]).tolist() == c["expected_indices"]
    for c in g["mmr"]["cases"]:
        got = e.mmr(c["query"], c["embeddings"], k=c["k"], lambda_mult=c["lambda"])
        assert got.tolist() == c["expected_indices"], c["lambda"]
    ad = g["author_diversity"]
    assert close(e.author_diversity_multiplier(np.arange(5), decay=ad["decay"], floor=ad["floor"]),
                 ad["multipliers_k0_to_4"], ad["tolerance"])
    assert close(e.author_diversity_multipliers(ad["authors"], decay=ad["decay"], floor=ad["floor"]),
                 ad["expected"], ad["tolerance"])


def test_splitmix64(vec):
    for c in vec["splitmix64"]["cases"]:
        got = e.splitmix64(int(c["seed"]), len(c["outputs"]))
        assert got.dtype == np.uint64 and [str(v) for v in got.tolist()] == c["outputs"]


def test_engagement_constants_match_vectors(vec):
    assert e.X_RECAP_WEIGHTS == vec["actions"]["x_preset_weights"]
    assert e.REDDIT_EPOCH_SECONDS + e.REDDIT_HOT_SECONDS_PER_UNIT == vec["decay"]["hot"]["cases"][0]["date"]
    assert e.ARENA_SCALE == pytest.approx(400 / np.log(10), rel=1e-15)


# ------------------------------------------------------------- broadcasting and pandas


def test_broadcasting_shapes_and_scalars():
    s = np.arange(12.0).reshape(3, 4)
    got = e.wilson_lower_bound(s, 20)
    assert got.shape == (3, 4) and got.dtype == np.float64
    assert got[2, 3] == e.wilson_lower_bound(11.0, 20.0)
    col = e.wilson_lower_bound(np.array([[1.0], [2.0]]), np.array([5.0, 10.0, 20.0]))
    assert col.shape == (2, 3) and col[1, 2] == e.wilson_lower_bound(2, 20)
    assert isinstance(e.completion_rate(3, 4), float)
    assert isinstance(e.completion_rate(np.float32(3), 4), float)
    assert e.completion_rate([3], 4).shape == (1,)
    lo, hi = e.wilson_interval([[1, 2]], [[4], [8]])
    assert lo.shape == hi.shape == (2, 2)
    a, b = e.elo_update([1500, 1600], 1700, [1.0, 0.0])
    assert a.shape == b.shape == (2,)
    assert e.half_life_decay([0, 10], [3.0, 4.0], half_life=10).tolist() == [3.0, 2.0]
    assert e.ewma(np.array([[3.0, 5.0], [1.0, 1.0]]).T, alpha=0.5, axis=0).tolist() == [[3.0, 1.0], [4.0, 1.0]]
    assert e.star_rating_sort(np.ones((2, 3, 5))).shape == (2, 3)
    assert e.weighted_scores_sum(np.zeros((2, 3, 10))).shape == (2, 3)


def test_integer_and_strided_inputs_convert():
    s = np.array([1, 2, 3], dtype=np.int32)
    n = np.array([10, 10, 10], dtype=np.uint64)
    want = e.wilson_lower_bound(s.astype(float), n.astype(float))
    assert np.array_equal(e.wilson_lower_bound(s, n), want)
    big = np.arange(20.0)
    assert np.array_equal(e.wilson_lower_bound(big[::2], 40.0), e.wilson_lower_bound(big[::2].copy(), 40.0))
    with pytest.raises(e.ReelscoreError, match="completions must be numbers, got booleans"):
        e.completion_rate(np.array([True, False]), 2)  # refused since issue 21: not a count


def test_pandas_series_in():
    df = pd.DataFrame({"likes": [2, 9000, 0, 5], "views": [2, 10000, 0, 50], "author": ["a", "b", "a", "a"]})
    df["score"] = e.wilson_lower_bound(df["likes"], df["views"])
    assert df["score"].iloc[1] > df["score"].iloc[0] > 0 and df["score"].iloc[2] == 0
    assert np.array_equal(e.wilson_lower_bound(df.likes, df.views), e.wilson_lower_bound(df.likes.values, df.views.values))
    assert e.author_diversity_multipliers(df["author"], decay=0.5, floor=0.25).tolist() == [1.0, 1.0, 0.625, 0.4375]
    assert e.top_k(df["score"], k=2).tolist() == [1, 0]
    ts = pd.Series([3.0, 5.0, 4.0, 10.0])
    assert np.allclose(e.ewma(ts, alpha=0.1), ts.ewm(alpha=0.1, adjust=False).mean().to_numpy(), rtol=1e-12)
    with pytest.raises(ReelscoreError, match=r"successes \(index 1\) = NaN"):
        e.wilson_lower_bound(pd.Series([1, None], dtype="Int64"), 3)


def test_contiguous_float64_inputs_are_not_copied(monkeypatch):
    seen = []
    real = _native.wilson_lower_bound

    def spy(s, n, *, z):
        seen.extend([s, n])
        return real(s, n, z=z)

    monkeypatch.setattr(_native, "wilson_lower_bound", spy)
    s = np.linspace(0, 5, 1000)
    n = np.full(1000, 10.0)
    e.wilson_lower_bound(s, n)
    assert np.shares_memory(seen[0], s) and np.shares_memory(seen[1], n)
    seen.clear()
    e.wilson_lower_bound(s[::2], n[::2])  # strided: converted, so not shared
    assert not np.shares_memory(seen[0], s)


def test_gil_released_for_large_arrays():
    """Another Python thread runs *inside* the window of one large native call."""
    import time

    stamps: list[float] = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            stamps.append(time.perf_counter())

    s = np.random.default_rng(0).uniform(0, 1000, 4_000_000)
    n = s + 1000
    windows = []
    th = threading.Thread(target=ticker)
    th.start()
    try:
        for _ in range(3):
            t0 = time.perf_counter()
            _native.wilson_lower_bound(s, n, z=e.Z_95)
            windows.append((t0, time.perf_counter()))
    finally:
        stop.set()
        th.join()
    inside = sum(1 for t in stamps for a, b in windows if a + 0.1 * (b - a) < t < b - 0.1 * (b - a))
    assert inside > 0, "the GIL was held for the whole call"
    assert e.DETACH_MIN == 4096


# ------------------------------------------------------------------------------ classes


def test_elo_class():
    elo = e.Elo(3)
    assert elo.ratings.tolist() == [1500.0] * 3
    elo.play(0, 1)
    assert elo.ratings[0] == 1516.0 and elo.ratings[1] == 1484.0
    elo.play([1, 2], [2, 0], [0.5, 1.0])
    assert elo.expected(0, 1) == e.elo_expected(elo.ratings[0], elo.ratings[1])
    with pytest.raises(ReelscoreError, match=r"a \(game 0\) = 5 is not an item index"):
        elo.play(5, 0)
    with pytest.raises(ReelscoreError, match="against itself"):
        elo.play(1, 1)
    with pytest.raises(ReelscoreError, match=r"score_a \(index 0\) = 2 is invalid: must be in \[0, 1\]"):
        elo.play(0, 1, 2.0)


def test_bradley_terry_votes_intervals_and_next_pair():
    rng = np.random.default_rng(1)
    strength = np.linspace(-1, 1, 6)
    i = rng.integers(0, 6, 3000)
    j = (i + rng.integers(1, 6, 3000)) % 6
    p = 1 / (1 + np.exp(strength[j] - strength[i]))
    win = rng.uniform(size=3000) < p
    winners, losers = np.where(win, i, j), np.where(win, j, i)
    fit = e.BradleyTerry.from_votes(winners, losers)
    assert fit.wins.sum() == 3000 and np.argmax(fit.theta) == 5
    assert np.allclose(fit.ratings, e.arena_rating(fit.theta))
    lo, hi = fit.intervals(replicates=50, seed=3)
    lo2, hi2 = fit.intervals(replicates=50, seed=3)
    assert np.array_equal(lo, lo2) and np.array_equal(hi, hi2)
    assert np.all(lo <= fit.ratings + 1e-9) and np.all(fit.ratings <= hi + 1e-9)
    tlo, thi = fit.intervals(replicates=50, seed=3, scale="theta")
    assert np.allclose(e.arena_rating(tlo), lo)
    a, b = fit.next_pair(strategy="leader")
    assert 5 in (a, b)
    fresh = e.bradley_terry_fit(np.zeros((4, 4)), alpha=e.BT_DEFAULT_ALPHA)
    assert fresh.next_pair() == (0, 1)
    with pytest.raises(ReelscoreError, match="strategy must be"):
        fit.next_pair(strategy="random")  # type: ignore[arg-type]
    with pytest.raises(ReelscoreError, match="scale must be"):
        fit.intervals(scale="elo")  # type: ignore[arg-type]


def test_undefeated_item_needs_alpha():
    wins = [[0, 3, 2], [0, 0, 1], [0, 1, 0]]
    with pytest.raises(ReelscoreError, match="pass alpha > 0"):
        e.bradley_terry_fit(wins)
    fit = e.bradley_terry_fit(wins, alpha=e.BT_DEFAULT_ALPHA)
    assert np.all(np.isfinite(fit.theta)) and np.argmax(fit.theta) == 0


def test_watch_time_distribution():
    d = e.WatchTimeDistribution([15, 60, 600])
    assert d.bins == e.D2Q_BINS and d.duration_edges == [15.0, 60.0, 600.0]
    watch = ((np.arange(1000) * 7919) % 1000) * 0.06
    d.add(45.0, watch)
    assert d.count(30) == 1000 and d.bucket_of(30) == 1 and d.bucket_of(1e6) == 2
    ws = np.array([0.0, 5.0, 17.3, 30.0, 59.9, 80.0])
    exact = (watch[None, :] < ws[:, None]).mean(axis=1)
    got = d.percentile(30.0, ws)
    assert np.all(np.abs(got - exact) <= 1 / d.bins + 1e-3)
    assert isinstance(d.percentile(30.0, 30.0), float)
    with pytest.raises(ReelscoreError, match="no views recorded"):
        d.percentile(5.0, 1.0)
    with pytest.raises(ReelscoreError, match=r"watch_time \(index 1\) = -1"):
        d.add(10.0, [1.0, -1.0])
    assert d.count(10.0) == 1  # the view before the bad one was recorded
    with pytest.raises(ReelscoreError, match="capacity exceeded"):
        e.WatchTimeDistribution(np.arange(1.0, 10.0))
    with pytest.raises(ReelscoreError, match="strictly increasing"):
        e.WatchTimeDistribution([10, 5])
    with pytest.raises(ReelscoreError, match="empty"):
        e.WatchTimeDistribution([])


# ---------------------------------------------------------------------------- bad input


def test_error_is_value_error():
    assert issubclass(ReelscoreError, ValueError)


def test_likes_exceeding_views_names_index_and_values():
    with pytest.raises(ReelscoreError, match=r"^successes \(index 3\) = 12 exceeds totals = 10$"):
        e.wilson_lower_bound([1, 2, 3, 12], [10, 10, 10, 10])
    with pytest.raises(ReelscoreError, match=r"successes \(index \(1, 0\)\) = 12 exceeds totals = 10"):
        e.wilson_lower_bound([[1], [12]], 10)
    with pytest.raises(ReelscoreError, match=r"completions \(index 0\) = 5 exceeds views = 4"):
        e.completion_rate(5, 4)
    with pytest.raises(ReelscoreError, match=r"count \(index 0\) = 3 exceeds total = 2"):
        e.additive_smoothing(3, 2)
    with pytest.raises(ReelscoreError, match="views need at least one viewer"):
        e.rewatch_ratio(3, 0)


@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda: e.wilson_lower_bound([1, -2], 5), r"successes \(index 1\) = -2 is invalid"),
        (lambda: e.wilson_lower_bound(1, [5, -5]), r"totals \(index 1\) = -5"),
        (lambda: e.bayesian_average(3, -1, prior_weight=1, prior_mean=3), r"votes \(index 0\) = -1"),
        (lambda: e.reddit_confidence(-1, 0), r"ups \(index 0\) = -1 is invalid: must be a whole number"),
        (lambda: e.average_view_duration(-5, 2), r"total_watch_seconds \(index 0\) = -5"),
        (lambda: e.hacker_news_rank(10, -1), r"age_minutes \(index 0\) = -1"),
        (lambda: e.elo_update(1500, 1500, 2), r"score_a \(index 0\) = 2 is invalid: must be in \[0, 1\]"),
    ],
)
def test_negative_and_out_of_range_values(call, pattern):
    with pytest.raises(ReelscoreError, match=pattern):
        call()


@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda: e.wilson_lower_bound([1, np.nan], 5), r"successes \(index 1\) = NaN"),
        (lambda: e.wilson_lower_bound(1, np.inf), r"totals \(index 0\) = inf"),
        (lambda: e.wilson_lower_bound(1, 5, z=np.nan), r"z = NaN is invalid"),
        (lambda: e.bayesian_average(np.nan, 5, prior_weight=1, prior_mean=3), r"mean \(index 0\) = NaN"),
        (lambda: e.reddit_hot(1, 0, np.nan), r"date \(index 0\) = NaN"),
        (lambda: e.ewma([1.0, np.nan, 2.0], alpha=0.5), r"x \(index 1\) = NaN"),
        (lambda: e.trending_z([[1.0, 2.0], [3.0, np.nan]], alpha=0.5), r"x \(index \(1, 1\)\) = NaN"),
        (lambda: e.top_k([0.1, np.nan], k=1), r"scores \(index 1\) = NaN is invalid: must be a number \(not NaN\)"),
        (lambda: e.mmr([1.0, np.nan], [[1.0, 0.0]], k=1), r"query \(index 1\)"),
        (lambda: e.mmr([1.0, 0.0], [[1.0, 0.0], [np.nan, 0.0]], k=1), r"embeddings \(index \(1, 0\)\)"),
        (lambda: e.bradley_terry_fit([[0, np.nan], [1, 0]]), r"wins \(index \(0, 1\)\) = NaN is invalid: must be finite and >= 0"),
        (lambda: e.Glicko2Player().update([[1500, 30]], [np.nan]), r"scores \(index 0\) = NaN is invalid: must be in \[0, 1\]"),
        (lambda: e.normal_isf([0.5, 0.0]), r"q \(index 1\) = 0 is invalid: must be strictly between 0 and 1"),
        (lambda: e.z_for_confidence(1.0), r"confidence \(index 0\) = 1"),
    ],
)
def test_nan_and_infinite_values(call, pattern):
    with pytest.raises(ReelscoreError, match=pattern):
        call()


@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda: e.wilson_lower_bound([1, 2, 3], [4, 5]), r"successes shape \(3,\), totals shape \(2,\) cannot be broadcast"),
        (lambda: e.reddit_hot([1, 2], [1, 2, 3], 0), r"ups shape \(2,\), downs shape \(3,\)"),
        (lambda: e.retention_curve_area([0, 1, 2], [1, 0.5]), "times has 3 points but retention has 2"),
        (lambda: e.weighted_scores_sum(np.zeros((2, 9))), r"predictions shape \(2, 9\) must end with one column per action \(10 weights\)"),
        (lambda: e.weighted_scores_sum({"fav": 0.1}), r"missing \['good_click'"),
        (lambda: e.mmr([1.0, 0.0, 0.0], [[1.0, 0.0]], k=1), r"embeddings has shape \(1, 2\) but query has 3 dimensions"),
        (lambda: e.bradley_terry_fit(np.zeros((2, 3))), r"square \(n, n\) matrix, got shape \(2, 3\)"),
        (lambda: e.Glicko2Player().update([[1500, 30], [1600, 40]], [1.0]), "2, 2 and 1 games"),
        (lambda: e.Elo(3).play([0, 1], [1, 2, 0]), "cannot be broadcast"),
        (lambda: e.BradleyTerry.from_votes([0, 1], [1]), "winners has 2 votes but losers has 1"),
    ],
)
def test_mismatched_lengths(call, pattern):
    with pytest.raises(ReelscoreError, match=pattern):
        call()


@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda: e.hook_retention([], t=3), "watch_times is empty"),
        (lambda: e.retention_curve_area([1.0], [1.0]), "at least 2"),
        (lambda: e.star_rating_sort(np.zeros((3, 0))), "at least one star level"),
        (lambda: e.weighted_scores_sum(np.zeros((2, 0)), weights=[]), "weights is empty"),
        (lambda: e.bradley_terry_fit(np.zeros((0, 0))), "wins is empty"),
        (lambda: e.bradley_terry_fit([[0.0]], alpha=0.1).next_pair(), "at least 2 items"),
        (lambda: e.mmr([], np.zeros((3, 0)), k=1), "query is empty"),
    ],
)
def test_empty_inputs(call, pattern):
    with pytest.raises(ReelscoreError, match=pattern):
        call()


def test_empty_arrays_are_fine_where_nothing_is_needed():
    assert e.wilson_lower_bound([], []).shape == (0,)
    assert e.top_k([], k=3).tolist() == []
    assert e.ewma(np.zeros((2, 0)), alpha=0.5).shape == (2, 0)


def test_capacity_and_counts():
    with pytest.raises(ReelscoreError, match="at most 8 buckets"):
        e.WatchTimeDistribution(np.arange(1.0, 10.0))
    with pytest.raises(ReelscoreError, match="whole votes for the bootstrap"):
        e.bradley_terry_fit([[0, 1.5], [1, 0]], alpha=0.1).intervals(replicates=2)
    with pytest.raises(ReelscoreError, match="replicates must be at least 1"):
        e.bradley_terry_fit([[0, 1], [1, 0]]).intervals(replicates=0)
    with pytest.raises(ReelscoreError, match=r"winners \(index 1\) = 7 is not an item index \(0 to 2\)"):
        e.BradleyTerry.from_votes([0, 7], [1, 2], n=3)
    with pytest.raises(ReelscoreError, match=r"ids \(index 1\) = -4 is invalid"):
        e.top_k([1.0, 2.0], k=1, ids=[1, -4])


def test_options_are_keyword_only_and_arrays_positional_only():
    with pytest.raises(TypeError):
        e.wilson_lower_bound(successes=1, totals=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        e.wilson_lower_bound(1, 2, 1.96)  # type: ignore[misc]
    with pytest.raises(TypeError):
        e.bayesian_average(1, 2, 3, 4)  # type: ignore[misc]


def test_native_kernels_refuse_unequal_shapes():
    with pytest.raises(ReelscoreError, match=r"successes has shape \[3\] but totals has shape \[2\]"):
        _native.wilson_lower_bound(np.ones(3), np.ones(2), z=1.96)
    with pytest.raises(TypeError, match="C-contiguous"):
        _native.completion_rate(np.ones(6)[::2], np.ones(3))


# ------------------------------------------------------------------------------ freshness


def test_engagement_vectors_are_fresh(vec):
    """Fails when the generator changed without regenerating, or its oracles now disagree."""
    digest = hashlib.sha256(GENERATOR.read_bytes()).hexdigest()
    assert vec["generator_sha256"] == digest, (
        "tests/vectors/engagement.json is stale: run python3 tests/gen_engagement_vectors.py"
    )
    for mod in ("choix", "pandas", "langchain_core", "statsmodels", "scipy"):
        if importlib.util.find_spec(mod) is None:
            pytest.fail(f"{mod} is needed to re-run the generator check (tests/requirements.txt)")
    run = subprocess.run([sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
