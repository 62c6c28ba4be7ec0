#!/usr/bin/env python3
"""Generate tests/vectors/engagement.json, the shared engagement vectors.

Every expected value here comes from an oracle that is independent of reelscore's Rust code:

* statsmodels ``proportion_confint(method="wilson")`` for Wilson bounds,
* ``scipy.stats.norm.isf`` for the inverse normal,
* ``choix.mm_pairwise`` / ``choix.ilsr_pairwise`` for Bradley-Terry,
* ``langchain_core.vectorstores.utils.maximal_marginal_relevance`` for MMR,
* ``pandas`` ``ewm(adjust=False)`` for EWMA and the exponentially weighted variance,
* reddit's ``r2/lib/db/_sorts.pyx`` (hot, confidence) and Hacker News' ``news.arc``
  (frontpage-rank), Evan Miller's star-rating sort and twitter's ``WeightedScoresSumScorer``
  reimplemented below in plain Python from their published source,
* Glicko-2 written below straight from Glickman's paper ("Example of the Glicko-2 system"),
* the worked values quoted in issue 4 (checked below against the oracles before writing).

Usage:  python3 tests/gen_engagement_vectors.py          (rewrites the JSON)
        python3 tests/gen_engagement_vectors.py --check  (exits 1 if the JSON is stale)

Needs: pip install numpy scipy statsmodels choix pandas langchain-core
"""

from __future__ import annotations

import decimal
import hashlib
import importlib.metadata
import json
import math
import pathlib
import sys

import choix
import numpy as np
import pandas as pd
import scipy
import scipy.stats
import statsmodels
from langchain_core.vectorstores.utils import maximal_marginal_relevance
from statsmodels.stats.proportion import proportion_confint

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "vectors" / "engagement.json"
LN10 = math.log(10.0)


def tol(abs_: float, rel: float) -> dict:
    """A tolerance: |actual - expected| <= abs + rel * |expected|."""
    return {"abs": abs_, "rel": rel}


# --------------------------------------------------------------------------- normal
def gen_normal() -> dict:
    qs = [0.5, 0.4, 0.25, 0.1, 0.05, 0.025, 0.02425, 0.01, 1e-3, 1e-5, 1e-8, 1e-10, 1e-20,
          1e-50, 1e-100, 1e-300, 0.6, 0.9, 0.975, 0.99, 0.999999]
    isf = [{"q": q, "z": float(scipy.stats.norm.isf(q))} for q in qs]
    confs = [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.999999]
    two_sided = [{"confidence": c, "z": float(scipy.stats.norm.isf((1.0 - c) / 2.0))}
                 for c in confs]
    # The DESIGN's 95% constant.
    assert two_sided[3]["z"] == 1.959963984540054
    return {
        "source": "scipy.stats.norm.isf; two_sided z = isf((1 - confidence) / 2)",
        "tolerance": tol(1e-15, 1e-12),
        "isf": isf,
        "two_sided": two_sided,
    }


# --------------------------------------------------------------------------- rates
def gen_wilson() -> dict:
    cases = []
    ns = [1, 2, 3, 5, 10, 37, 100, 600, 1000, 12345, 10**5, 10**6, 10**7, 10**8, 10**9]
    for alpha in (0.05, 0.2, 0.01):
        z = float(scipy.stats.norm.isf(alpha / 2.0))
        for n in ns:
            for s in sorted({0, 1, n // 7, n // 3, n // 2, n - 1, n}):
                if s < 0 or s > n:
                    continue
                lo, hi = proportion_confint(s, n, alpha=alpha, method="wilson")
                cases.append({"successes": s, "totals": n, "z": z,
                              "lower": float(lo), "upper": float(hi)})
    z95 = float(scipy.stats.norm.isf(0.025))
    # The issue's examples.
    lo, _ = proportion_confint(234, 600, alpha=0.05, method="wilson")
    assert abs(lo - 0.3517904261149445) <= 1e-15, lo
    lo, _ = proportion_confint(2, 5, alpha=0.05, method="wilson")
    assert abs(lo - 0.11762077423264788) <= 1e-15, lo
    for s, n, lo in ((234, 600, 0.3517904261149445), (2, 5, 0.11762077423264788)):
        cases.append({"successes": s, "totals": n, "z": z95, "lower": lo,
                      "upper": float(proportion_confint(s, n, alpha=0.05, method="wilson")[1])})
    return {
        "source": "statsmodels.stats.proportion.proportion_confint(method='wilson'); "
                  "totals = 0 gives 0 by reelscore's contract (issue 4)",
        "tolerance": tol(1e-12, 0.0),
        "cases": cases,
        "zero_total": {"successes": 0, "totals": 0, "z": z95, "lower": 0.0},
    }


def gen_bayesian_average() -> dict:
    cases = []
    for mean, votes, m, c in ((8.9, 1000, 25000, 6.9), (9.2, 2_500_000, 25000, 7.0),
                              (4.0, 0, 10, 3.0), (5.0, 3, 0, 2.5), (1.0, 12, 7.5, 4.25)):
        cases.append({"mean": mean, "votes": votes, "prior_weight": m, "prior_mean": c,
                      "expected": votes / (votes + m) * mean + m / (votes + m) * c})
    return {"source": "IMDb weighted rating v/(v+m)*R + m/(v+m)*C", "tolerance": tol(0, 1e-14),
            "cases": cases}


def gen_additive() -> dict:
    cases = []
    for x, n, a, d in ((3, 10, 1, 2), (0, 0, 1, 2), (7, 7, 0.5, 2), (10, 100, 1, 5), (0, 4, 0, 3),
                       (0, 0, 0, 4)):
        cases.append({"count": x, "total": n, "alpha": a, "categories": d,
                      "expected": (x + a) / (n + a * d) if n + a * d > 0 else 1.0 / d})
    return {"source": "Lidstone/Laplace (x + alpha) / (N + alpha d); N + alpha d = 0 gives the "
                      "uniform 1/d (its limit as alpha -> 0)", "tolerance": tol(0, 1e-15),
            "cases": cases}


def starsort(ns, z):
    """Evan Miller, 'Ranking Items With Star Ratings' (2016), published Python."""
    n_total = sum(ns)
    k = len(ns)
    s = list(range(k, 0, -1))
    s2 = [sk ** 2 for sk in s]

    def f(s, ns):
        n_total = sum(ns)
        k = len(ns)
        return sum(sk * (nk + 1) for sk, nk in zip(s, ns)) / (n_total + k)

    fsns = f(s, ns)
    return fsns - z * math.sqrt((f(s2, ns) - fsns ** 2) / (n_total + k + 1))


def gen_star() -> dict:
    cases = []
    issue = starsort([60, 80, 75, 20, 25], 1.65)
    assert issue == 3.3684307456209077, issue
    for ns, z in (([60, 80, 75, 20, 25], 1.65), ([0, 0, 0, 0, 0], 1.65), ([1, 0, 0, 0, 0], 1.65),
                  ([0, 0, 0, 0, 9], 1.96), ([5, 0, 3], 1.0), ([1000, 10, 10, 10, 1000], 1.65),
                  ([2, 1], 1.65)):
        cases.append({"counts_high_to_low": ns, "z": z, "expected": starsort(ns, z)})
    return {"source": "Evan Miller, Ranking Items With Star Ratings; counts from K stars down to 1",
            "tolerance": tol(1e-14, 1e-14), "cases": cases}


# --------------------------------------------------------------------------- watch
def gen_watch() -> dict:
    rng = np.random.default_rng(7)
    watch = [float(x) for x in np.round(rng.exponential(12.0, 40), 3)]
    hooks = [{"watch_times": watch, "t": t,
              "expected": float(np.mean(np.asarray(watch) >= t))} for t in (0.0, 3.0, 10.0, 60.0)]
    times = [0.0, 1.0, 2.5, 5.0, 10.0, 20.0]
    ret = [1.0, 0.9, 0.7, 0.55, 0.4, 0.3]
    area = float(np.trapezoid(ret, times) / (times[-1] - times[0]))
    return {
        "source": "numpy: mean(watch >= t), trapezoid(retention, times) / span",
        "tolerance": tol(1e-15, 1e-14),
        "hook_retention": hooks,
        "retention_area": [{"times": times, "retention": ret, "expected": area}],
        "completion_rate": [{"completions": 37, "views": 120, "expected": 37 / 120},
                            {"completions": 0, "views": 0, "expected": 0.0}],
        "average_view_duration": [{"total_watch_seconds": 5400.0, "views": 480,
                                   "duration_seconds": 30.0, "avd": 5400.0 / 480,
                                   "fraction_viewed": 5400.0 / 480 / 30.0}],
        "rewatch_ratio": [{"views": 150, "unique_viewers": 120, "expected": 150 / 120},
                          {"views": 0, "unique_viewers": 0, "expected": 0.0}],
    }


# --------------------------------------------------------------------------- actions
X_WEIGHTS = [  # twitter/the-algorithm-ml projects/home/recap/README.md (2023-04-05)
    ("fav", 0.5), ("retweet", 1.0), ("reply", 13.5), ("good_profile_click", 12.0),
    ("video_playback50", 0.005), ("reply_engaged_by_author", 75.0), ("good_click", 11.0),
    ("good_click_v2", 10.0), ("negative_feedback_v2", -74.0), ("report", -369.0),
]


def weighted_scores_sum(preds, weights):
    """twitter/the-algorithm home-mixer WeightedScoresSumScorer.weightedModelScore."""
    epsilon = 0.001
    combined = sum(p * w for p, w in zip(preds, weights))
    pos = sum(w for w in weights if w > 0.0)
    neg = abs(sum(w for w in weights if w < 0))
    total = pos + neg
    if total == 0:
        return max(combined, 0.0)
    if combined < 0:
        return (combined + neg) / total * epsilon
    return combined + epsilon


def gen_actions() -> dict:
    names = [n for n, _ in X_WEIGHTS]
    weights = [w for _, w in X_WEIGHTS]
    issue = dict(fav=.1, retweet=.02, reply=.01, good_profile_click=.005, video_playback50=.3,
                 reply_engaged_by_author=.001, good_click=.03, good_click_v2=.02,
                 negative_feedback_v2=.001, report=.0001)
    cases = []
    for p in (issue,
              dict.fromkeys(names, 0.0),
              dict(issue, negative_feedback_v2=0.2, report=0.05),
              dict(issue, fav=0.9, report=0.0)):
        preds = [p[n] for n in names]
        cases.append({"predictions": preds, "weights": weights,
                      "expected": weighted_scores_sum(preds, weights)})
    assert abs(cases[0]["expected"] - 0.7616) < 1e-12
    cases.append({"predictions": [0.5, 0.5], "weights": [0.0, 0.0], "expected": 0.0})
    return {"source": "twitter/the-algorithm WeightedScoresSumScorer; weights from "
                      "the-algorithm-ml projects/home/recap/README.md (2023-04-05)",
            "x_preset_names": names, "x_preset_weights": weights,
            "tolerance": tol(1e-15, 1e-13), "cases": cases}


# --------------------------------------------------------------------------- decay
def py2_round(x: float, nd: int) -> float:
    """Python 2.7 round(): correctly rounded, halfway cases away from zero (reddit ran 2.7)."""
    d = decimal.Decimal(x).quantize(decimal.Decimal(1).scaleb(-nd), rounding=decimal.ROUND_HALF_UP)
    return float(d)


def reddit_hot(ups: int, downs: int, date: float) -> float:
    """reddit r2/lib/db/_sorts.pyx hot()."""
    s = float(ups - downs)
    order = math.log10(max(abs(s), 1))
    sign = 1 if s > 0 else (-1 if s < 0 else 0)
    seconds = date - 1134028003
    return py2_round(sign * order + seconds / 45000, 7)


def reddit_confidence(ups: int, downs: int) -> float:
    """reddit _sorts.pyx _confidence(): n, z, p are C floats; left/under evaluated in float."""
    f = np.float32
    n = f(ups + downs)
    if n == 0:
        return 0.0
    z = f(1.281551565545)
    p = f(float(ups) / float(n))
    left = float(p + f(1) / (f(2) * n) * z * z)
    right = float(z) * math.sqrt(float(p * (f(1) - p) / n + z * z / (f(4) * n * n)))
    under = float(f(1) + f(1) / n * z * z)
    return (left - right) / under


def hn_rank(points, age_minutes, gravity=1.8, timebase=120.0, penalty=1.0):
    """news.arc frontpage-rank: (base / ((age + timebase)/60)^gravity) * penalty."""
    base = points - 1
    if base > 0:
        base = base ** 0.8
    return base / ((age_minutes + timebase) / 60) ** gravity * penalty


def gen_decay() -> dict:
    assert reddit_hot(1000, 0, 1134028003 + 45000) == 4.0
    hot = []
    for u, d, t in ((1000, 0, 1134028003 + 45000), (0, 0, 1134028003), (1, 0, 1134028003),
                    (5, 10, 1700000000.5), (123456, 2345, 1609459200.0), (7, 7, 1500000000.0),
                    (2, 1, 1262304000.25), (0, 50, 1300000000.0), (99999, 0, 1735689600.0)):
        hot.append({"ups": u, "downs": d, "date": t, "expected": reddit_hot(u, d, t)})
    conf = []
    for u, d in ((0, 0), (1, 0), (0, 1), (10, 2), (2, 10), (100, 100), (399, 99), (5000, 12),
                 (1, 1), (123456, 654321)):
        conf.append({"ups": u, "downs": d, "expected": reddit_confidence(u, d)})
    hn = []
    hn_issue = hn_rank(100, 60)
    assert abs(hn_issue - 5.466255120567193) < 1e-14, hn_issue
    for pts, age, g, pen in ((100, 60, 1.8, 1.0), (1, 0, 1.8, 1.0), (0, 30, 1.8, 1.0),
                             (2, 5, 1.8, 1.0), (500, 1440, 1.8, 0.4), (50, 90, 1.5, 0.17),
                             (3000, 10000, 1.8, 1.0)):
        hn.append({"points": pts, "age_minutes": age, "gravity": g, "penalty": pen,
                   "expected": hn_rank(pts, age, g, 120.0, pen)})
    series = [3.0, 5.0, 4.0, 10.0, 2.0, 2.0, 8.0, 30.0, 6.0, 5.5]
    ew = []
    for alpha in (0.1, 0.3, 0.5):
        s = pd.Series(series)
        mean = s.ewm(alpha=alpha, adjust=False).mean()
        var = s.ewm(alpha=alpha, adjust=False).var(bias=True)
        z = [0.0]
        for t in range(1, len(series)):
            v = float(var[t - 1])
            z.append(0.0 if v <= 0.0 else (series[t] - float(mean[t - 1])) / math.sqrt(v))
        ew.append({"alpha": alpha, "series": series, "ewma": [float(x) for x in mean],
                   "ewvar": [float(x) for x in var], "trending_z": z})
    half = [{"age": a, "half_life": h, "expected": 2.0 ** (-a / h)}
            for a, h in ((0, 10), (10, 10), (25, 10), (3600, 86400), (1e6, 3.0))]
    return {
        "source": "reddit _sorts.pyx (Python 2.7 rounding), news.arc frontpage-rank, "
                  "pandas ewm(adjust=False).mean()/var(bias=True)",
        "hot": {"tolerance": tol(0.0, 0.0), "cases": hot},
        "confidence": {"tolerance": tol(1e-15, 1e-14), "cases": conf},
        "hacker_news": {"tolerance": tol(1e-15, 1e-13), "cases": hn},
        "ewm": {"tolerance": tol(1e-12, 1e-12), "cases": ew},
        "half_life": {"tolerance": tol(1e-300, 1e-14), "cases": half},
    }


# --------------------------------------------------------------------------- pairwise
def elo(ra, rb, sa, k):
    ea = 1.0 / (1.0 + 10.0 ** ((rb - ra) / 400.0))
    return ra + k * (sa - ea), rb + k * ((1.0 - sa) - (1.0 - ea))


GLICKO_SCALE = 173.7178


def glicko2(r, rd, sigma, opps, tau, eps=1e-6):
    """Glicko-2 from Glickman's 'Example of the Glicko-2 system', steps 2-8, Illinois step 5."""
    mu = (r - 1500.0) / GLICKO_SCALE
    phi = rd / GLICKO_SCALE
    if not opps:
        return r, GLICKO_SCALE * math.sqrt(phi * phi + sigma * sigma), sigma

    def g(p):
        return 1.0 / math.sqrt(1.0 + 3.0 * p * p / (math.pi * math.pi))

    vinv = 0.0
    dsum = 0.0
    for rj, rdj, s in opps:
        muj = (rj - 1500.0) / GLICKO_SCALE
        phij = rdj / GLICKO_SCALE
        gj = g(phij)
        e = 1.0 / (1.0 + math.exp(-gj * (mu - muj)))
        vinv += gj * gj * e * (1.0 - e)
        dsum += gj * (s - e)
    v = 1.0 / vinv
    delta = v * dsum
    a = math.log(sigma * sigma)

    def f(x):
        ex = math.exp(x)
        return (ex * (delta * delta - phi * phi - v - ex) / (2.0 * (phi * phi + v + ex) ** 2)
                - (x - a) / (tau * tau))

    big_a = a
    if delta * delta > phi * phi + v:
        big_b = math.log(delta * delta - phi * phi - v)
    else:
        k = 1
        while f(a - k * tau) < 0:
            k += 1
        big_b = a - k * tau
    fa, fb = f(big_a), f(big_b)
    while abs(big_b - big_a) > eps:
        c = big_a + (big_a - big_b) * fa / (fb - fa)
        fc = f(c)
        if fc * fb <= 0:
            big_a, fa = big_b, fb
        else:
            fa = fa / 2.0
        big_b, fb = c, fc
    sigma2 = math.exp(big_a / 2.0)
    phistar = math.sqrt(phi * phi + sigma2 * sigma2)
    phi2 = 1.0 / math.sqrt(1.0 / (phistar * phistar) + 1.0 / v)
    mu2 = mu + phi2 * phi2 * dsum
    return GLICKO_SCALE * mu2 + 1500.0, GLICKO_SCALE * phi2, sigma2


def gen_pairwise() -> dict:
    e = elo(1500.0, 1700.0, 1.0, 32.0)
    assert e[0] == 1524.3119016527346, e
    elo_cases = [{"ra": ra, "rb": rb, "score_a": s, "k": k, "expected_a": elo(ra, rb, s, k)[0],
                  "expected_b": elo(ra, rb, s, k)[1]}
                 for ra, rb, s, k in ((1500, 1700, 1.0, 32), (1500, 1500, 0.5, 32),
                                      (2400, 1000, 0.0, 16), (1200, 1300, 0.5, 24))]
    ex = glicko2(1500, 200, 0.06, [(1400, 30, 1), (1550, 100, 0), (1700, 300, 0)], 0.5)
    assert ex == (1464.0506705393013, 151.51652412385727, 0.059995984286488495), ex
    ex2 = glicko2(1500, 350, 0.06, [(2000, 70, 0)], 0.5)
    assert ex2 == (1467.5878493169462, 318.6617548537152, 0.059999457650202655), ex2
    gcases = []
    for (r, rd, sig), opps, tau in (
        ((1500, 200, 0.06), [(1400, 30, 1), (1550, 100, 0), (1700, 300, 0)], 0.5),
        ((1500, 350, 0.06), [(2000, 70, 0)], 0.5),
        # A highly rated, settled player who loses to much weaker ones: volatility moves.
        ((2200, 50, 0.06), [(1400, 40, 0), (1500, 40, 0), (1450, 60, 0), (1300, 30, 0)], 1.2),
        ((2200, 50, 0.06), [(1400, 40, 0), (1500, 40, 0), (1450, 60, 0), (1300, 30, 0)], 0.3),
        ((1800, 80, 0.05), [(1790, 80, 0.5), (1810, 60, 1)], 0.5),
        ((1500, 200, 0.06), [], 0.5),
    ):
        out = glicko2(r, rd, sig, opps, tau)
        gcases.append({"rating": r, "rd": rd, "volatility": sig, "tau": tau,
                       "opponents": [[o[0], o[1], o[2]] for o in opps],
                       "expected": list(out)})
    assert abs(gcases[2]["expected"][2] - 0.06) > 1e-3, gcases[2]

    # Bradley-Terry.
    toy = [(0, 1)] * 7 + [(1, 0)] * 3 + [(1, 2)] * 6 + [(2, 1)] * 4 + [(0, 2)] * 8 + [(2, 0)] * 2
    theta = choix.mm_pairwise(3, toy, alpha=0.0, max_iter=100000, tol=1e-14)
    assert np.allclose(theta, [0.74056994, -0.14910226, -0.59146768], atol=1e-8), theta
    ilsr = choix.ilsr_pairwise(3, toy, alpha=0.0, max_iter=1000, tol=1e-14)
    assert np.allclose(theta, ilsr, atol=1e-10)
    bt = []

    def add_bt(n, data, alpha, note):
        th = choix.mm_pairwise(n, data, alpha=alpha, max_iter=1_000_000, tol=1e-14)
        wins = [[0] * n for _ in range(n)]
        for w, l in data:
            wins[w][l] += 1
        arena = [400.0 * t / LN10 + 1000.0 for t in th]
        probs = [[float(choix.probabilities([i, j], th)[0]) for j in range(n)] for i in range(n)]
        bt.append({"note": note, "n": n, "wins": wins, "alpha": alpha,
                   "theta": [float(t) for t in th], "arena": arena, "win_probability": probs})

    add_bt(3, toy, 0.0, "issue 4 toy data")
    rng = np.random.default_rng(20240604)
    true = rng.normal(0, 1, 8)
    data = []
    for _ in range(400):
        i, j = rng.choice(8, 2, replace=False)
        p = 1 / (1 + math.exp(true[j] - true[i]))
        data.append((int(i), int(j)) if rng.random() < p else (int(j), int(i)))
    add_bt(8, data, 0.0, "8 items, 400 random votes")
    add_bt(8, data, 0.5, "same data, alpha = 0.5")
    # Item 0 undefeated, item 3 winless: needs alpha > 0.
    data2 = [(0, 1), (0, 2), (0, 3), (0, 1), (1, 2), (2, 1), (1, 3), (2, 3), (2, 3), (1, 2)]
    add_bt(4, data2, 0.1, "undefeated item 0 and winless item 3, alpha = 0.1")
    return {
        "elo": {"source": "Elo expected 1/(1+10^((rb-ra)/400))", "tolerance": tol(0, 1e-15),
                "cases": elo_cases},
        "glicko2": {"source": "Glickman, Example of the Glicko-2 system (Illinois step 5), "
                              "epsilon 1e-6, scale 173.7178",
                    "tolerance": tol(0.0, 1e-13), "cases": gcases},
        "bradley_terry": {"source": "choix.mm_pairwise(alpha, tol=1e-14) (MAP under its "
                                    "alpha regulariser; MLE when alpha = 0); theta centred; "
                                    "arena = 400 theta / ln 10 + 1000",
                          "tolerance_theta": tol(1e-9, 0.0), "tolerance_arena": tol(1e-7, 0.0),
                          "tolerance_probability": tol(1e-10, 0.0), "cases": bt},
    }


# --------------------------------------------------------------------------- ranking
def gen_ranking() -> dict:
    topk = []
    scores = [0.5, 0.9, 0.1, 0.9, 0.7, 0.5, -1.0, 0.9]
    ids = [10, 42, 3, 7, 99, 1, 5, 8]
    for k in (1, 3, 5, 8):
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], ids[i]))[:k]
        topk.append({"scores": scores, "ids": ids, "k": k, "expected_indices": order})
    mmr = []
    rng = np.random.default_rng(11)
    for n, d, lam, k in ((10, 4, 0.5, 4), (25, 8, 0.3, 6), (25, 8, 0.9, 10), (6, 3, 0.0, 6),
                         (6, 3, 1.0, 3)):
        emb = np.round(rng.normal(size=(n, d)), 4)
        q = np.round(rng.normal(size=d), 4)
        idx = maximal_marginal_relevance(q, emb.tolist(), lambda_mult=lam, k=k)
        mmr.append({"query": q.tolist(), "embeddings": emb.tolist(), "lambda": lam, "k": k,
                    "expected_indices": [int(i) for i in idx]})
    mult = [(1 - 0.25) * 0.5 ** k + 0.25 for k in range(5)]
    assert mult == [1, 0.625, 0.4375, 0.34375, 0.296875]
    authors = [1, 1, 1, 1, 1, 2, 3, 2, 1]
    exp = []
    seen: dict = {}
    for a in authors:
        k = seen.get(a, 0)
        exp.append((1 - 0.25) * 0.5 ** k + 0.25)
        seen[a] = k + 1
    return {
        "top_k": {"source": "Python sorted(key=(-score, id))", "cases": topk},
        "mmr": {"source": "langchain_core.vectorstores.utils.maximal_marginal_relevance",
                "cases": mmr},
        "author_diversity": {"source": "(1 - floor) * decay^k + floor, k = earlier items by the "
                                       "same author", "tolerance": tol(0, 1e-15),
                             "decay": 0.5, "floor": 0.25, "multipliers_k0_to_4": mult,
                             "authors": authors, "expected": exp},
    }


# --------------------------------------------------------------------------- prng
def splitmix64(seed: int, count: int) -> list:
    """Vigna's splitmix64.c."""
    mask = (1 << 64) - 1
    out = []
    x = seed & mask
    for _ in range(count):
        x = (x + 0x9E3779B97F4A7C15) & mask
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        out.append(z ^ (z >> 31))
    return out


def gen_prng() -> dict:
    return {"source": "SplitMix64 (Vigna, splitmix64.c); outputs as decimal strings",
            "cases": [{"seed": str(s), "outputs": [str(v) for v in splitmix64(s, 6)]}
                      for s in (0, 1234567, 0xFFFFFFFFFFFFFFFF)]}


def build() -> dict:
    src = pathlib.Path(__file__).read_bytes()
    return {
        "about": "Engagement vectors for reelscore. Generated by tests/gen_engagement_vectors.py "
                 "from independent oracles; do not edit by hand. A tolerance {abs, rel} means "
                 "|actual - expected| <= abs + rel * |expected|.",
        "generator": "tests/gen_engagement_vectors.py",
        "generator_sha256": hashlib.sha256(src).hexdigest(),
        # The Cortex-M4F firmware (tests/firmware, python/tests/test_firmware.py) is checked at
        # the larger of each section's tolerance and this one.
        "device_tolerance": {"abs": 1e-12, "rel": 1e-6},
        "oracle_versions": {"numpy": np.__version__, "scipy": scipy.__version__,
                            "statsmodels": statsmodels.__version__, "choix": importlib.metadata.version("choix"),
                            "pandas": pd.__version__,
                            "langchain-core": importlib.metadata.version("langchain-core")},
        "normal": gen_normal(),
        "wilson": gen_wilson(),
        "bayesian_average": gen_bayesian_average(),
        "additive_smoothing": gen_additive(),
        "star_rating": gen_star(),
        "watch": gen_watch(),
        "actions": gen_actions(),
        "decay": gen_decay(),
        "pairwise": gen_pairwise(),
        "ranking": gen_ranking(),
        "splitmix64": gen_prng(),
    }


def same(a, b, rel: float = 1e-12) -> bool:
    """Equal documents, floats to within ``rel``: the iterative oracles (choix's optimiser on
    BLAS) differ in the last few ulps from one CPU's BLAS kernel to another's."""
    if isinstance(a, float) or isinstance(b, float):
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or isinstance(a, bool) or isinstance(b, bool):
            return False
        return a == b or abs(a - b) <= rel * max(abs(a), abs(b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k], rel) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y, rel) for x, y in zip(a, b))
    return a == b


def main() -> int:
    doc = build()
    text = json.dumps(doc, indent=1) + "\n"
    if "--check" in sys.argv:
        current = json.loads(OUT.read_text()) if OUT.exists() else None
        if current is None or not same(current, doc):
            print(f"{OUT} is stale: run python3 {__file__}", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
