"""Engagement scoring over numpy arrays: confidence-aware rates, watch time, action-weighted
scores, decay and hotness, pairwise ratings between takes, and ranking.

Every element-wise function broadcasts its array arguments against each other (numpy rules)
and returns float64: an array of the broadcast shape, or a ``float`` when every array argument
was a scalar. pandas Series and DataFrame columns work as inputs (the result is a numpy array;
assign it back with ``df["score"] = ...``).

**No copies.** Inputs are broadcast with :func:`numpy.broadcast_arrays` and passed to the Rust
core as C-contiguous float64 views: arrays that are already contiguous float64 of the broadcast
shape are borrowed as they are; only other dtypes, strided views and broadcast (stretched)
inputs are converted first. Work on 4096 elements or more runs with the GIL released.
Columns of other libraries are borrowed the same way when their values are float64 without
nulls: a pandas Series (numpy- or ``double[pyarrow]``-backed), a pyarrow ``Array`` or
one-chunk ``ChunkedArray`` (``table["likes"]``), a Polars Series (``df["likes"]``) — the
Rust core reads the column's own buffer (``python/tests/test_zero_copy.py`` checks the
addresses and the peak memory). Converted once, by numpy/pyarrow, are integer columns (cast
to float64 in your engine to avoid it), several-chunk Arrow columns (``combine_chunks()``),
columns with nulls (which fail: NaN is not a count) and ``Table.to_pandas()`` without
``split_blocks=True`` (pyarrow consolidates, a copy).

**Units.** Arguments that are times take numbers in the unit their name says (seconds; minutes
for ``age_minutes``) or time types, converted here: durations (``age``, watch times, clip
durations, ``half_life``…) accept ``numpy.timedelta64`` arrays, pandas ``Timedelta`` and
timedelta columns, and ``datetime.timedelta``; points in time (``date`` of :func:`reddit_hot`)
accept ``numpy.datetime64``, pandas ``Timestamp`` and datetime columns (time-zone aware ones
too) and ``datetime.datetime`` as Unix seconds (naive ones read as UTC). NaT becomes NaN and
is refused by the core like any NaN. A time type where a count or a score is meant is
refused, and so are booleans and strings anywhere a number is meant (``True`` is not a count
of 1; ``"12"`` is not 12): :class:`ReelscoreError` naming the argument. One function,
:func:`_float64`, applies this rule to every array argument of every function here.

**Errors.** Invalid input raises :class:`reelscore.ReelscoreError` (a ``ValueError``) naming the
argument, the index and the value, e.g. ``successes (index 3) = 12 exceeds totals = 10``.
Shapes that do not broadcast are named too.

The formulas, their sources and edge cases are documented in the Rust core
(``reelscore::engage``); this module only moves arguments. Expected values live in
``tests/vectors/engagement.json``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Callable, Literal, Union

import numpy as np
import numpy.typing as npt

from reelscore import _native
from reelscore._native import (
    ARENA_OFFSET,
    ARENA_SCALE,
    BT_DEFAULT_ALPHA,
    BT_DEFAULT_MAX_ITERATIONS,
    BT_DEFAULT_TOLERANCE,
    D2Q_BINS,
    D2Q_MAX_BUCKETS,
    DETACH_MIN,
    ELO_DEFAULT_K,
    ELO_SCALE,
    GLICKO2_DEFAULT_RATING,
    GLICKO2_DEFAULT_RD,
    GLICKO2_DEFAULT_TAU,
    GLICKO2_DEFAULT_VOLATILITY,
    GLICKO2_SCALE,
    HN_GAG_FACTOR,
    HN_GRAVITY,
    HN_LIGHTWEIGHT_FACTOR,
    HN_NOURL_FACTOR,
    HN_SCORE_EXPONENT,
    HN_TIMEBASE_MINUTES,
    REDDIT_CONFIDENCE_Z,
    REDDIT_EPOCH_SECONDS,
    REDDIT_HOT_SECONDS_PER_UNIT,
    WEIGHTED_SCORES_EPSILON,
    X_RECAP_ACTION_NAMES,
    X_RECAP_WEIGHTS,
    Z_95,
    ReelscoreError,
)

__all__ = [
    "ARENA_OFFSET",
    "ARENA_SCALE",
    "BT_DEFAULT_ALPHA",
    "BT_DEFAULT_MAX_ITERATIONS",
    "BT_DEFAULT_TOLERANCE",
    "D2Q_BINS",
    "D2Q_MAX_BUCKETS",
    "DETACH_MIN",
    "ELO_DEFAULT_K",
    "ELO_SCALE",
    "GLICKO2_DEFAULT_RATING",
    "GLICKO2_DEFAULT_RD",
    "GLICKO2_DEFAULT_TAU",
    "GLICKO2_DEFAULT_VOLATILITY",
    "GLICKO2_SCALE",
    "HN_GAG_FACTOR",
    "HN_GRAVITY",
    "HN_LIGHTWEIGHT_FACTOR",
    "HN_NOURL_FACTOR",
    "HN_SCORE_EXPONENT",
    "HN_TIMEBASE_MINUTES",
    "REDDIT_CONFIDENCE_Z",
    "REDDIT_EPOCH_SECONDS",
    "REDDIT_HOT_SECONDS_PER_UNIT",
    "STAR_SORT_Z",
    "WEIGHTED_SCORES_EPSILON",
    "X_RECAP_ACTION_NAMES",
    "X_RECAP_WEIGHTS",
    "Z_95",
    "BradleyTerry",
    "Elo",
    "Glicko2Player",
    "ReelscoreError",
    "WatchTimeDistribution",
    "additive_smoothing",
    "arena_rating",
    "author_diversity_multiplier",
    "author_diversity_multipliers",
    "average_view_duration",
    "bayesian_average",
    "bradley_terry_fit",
    "bradley_terry_win_probability",
    "completion_rate",
    "elo_expected",
    "elo_update",
    "ewm_variance",
    "ewma",
    "fraction_viewed",
    "glicko2_update",
    "hacker_news_rank",
    "half_life_decay",
    "hook_retention",
    "mmr",
    "normal_isf",
    "normal_ppf",
    "reddit_confidence",
    "reddit_hot",
    "retention_curve_area",
    "rewatch_ratio",
    "splitmix64",
    "star_rating_sort",
    "top_k",
    "trending_z",
    "weighted_action_sum",
    "weighted_scores_sum",
    "wilson_interval",
    "wilson_lower_bound",
    "z_for_confidence",
]

FloatArray = npt.NDArray[np.float64]
#: A float when every array argument was a scalar, else a float64 array.
FloatOrArray = Union[float, FloatArray]
IndexArray = npt.NDArray[np.int64]

#: ``z`` of Evan Miller's star-rating example (about a 90% one-sided bound).
STAR_SORT_Z = 1.65


# ------------------------------------------------------------------------------ plumbing


#: Arguments that are durations, and the seconds in their unit: timedeltas are converted to it.
DURATION_ARGUMENTS = {
    "age": 1.0,
    "age_minutes": 60.0,
    "half_life": 1.0,
    "total_watch_seconds": 1.0,
    "average_view_duration": 1.0,
    "duration_seconds": 1.0,
    "watch_times": 1.0,
    "watch_time": 1.0,
    "t": 1.0,
    "times": 1.0,
    "duration": 1.0,
    "duration_edges": 1.0,
}
#: Arguments that are points in time: datetimes are converted to Unix seconds.
INSTANT_ARGUMENTS = frozenset({"date"})

_SECOND = np.timedelta64(1, "s")
_EPOCH = np.datetime64(0, "s")


def _float64(name: str, value: Any) -> np.ndarray:
    """``value`` as a float64 array (a view when it already is one), by the module's rule:
    numbers as they are; timedeltas (for duration arguments) in the argument's unit;
    datetimes (for points in time) as Unix seconds; booleans, strings and any other time
    type refused with :class:`ReelscoreError`."""
    if isinstance(value, (list, tuple)):
        _refuse_nested(name, value)
    tz = getattr(getattr(value, "dtype", None), "tz", None)
    if tz is not None:  # a time-zone aware pandas column or index: to naive UTC, vectorised
        value = value.dt.tz_convert(None) if hasattr(value, "dt") else value.tz_convert(None)
    try:
        a = np.asarray(value)
    except (TypeError, ValueError) as e:
        raise ReelscoreError(f"{name} must be numeric: {e}") from None
    kind = a.dtype.kind
    if kind == "f":
        return a if a.dtype == np.float64 else a.astype(np.float64)
    if kind in "iu":
        return a.astype(np.float64)
    if kind == "b":
        raise ReelscoreError(
            f"{name} must be numbers, got booleans (dtype {a.dtype}); if you mean 0 and 1, convert with .astype(float)"
        )
    if kind in "USa":
        first = a.flat[0] if a.size else ""
        raise ReelscoreError(f"{name} must be numbers, got strings (dtype {a.dtype}, e.g. {str(first)!r}); convert them first")
    if kind == "m":
        return _duration(name, a / _SECOND, a.dtype)
    if kind == "M":
        return _instant(name, (a - _EPOCH) / _SECOND, a.dtype)
    if kind == "O":
        return _objects(name, a)
    raise ReelscoreError(f"{name} must be numbers, got dtype {a.dtype}")


def _duration(name: str, seconds: Any, what: Any) -> Any:
    unit = DURATION_ARGUMENTS.get(name)
    if unit is None:
        raise ReelscoreError(f"{name} must be numbers, got durations ({what}); {name} is not a time")
    return seconds / unit if unit != 1.0 else seconds


def _instant(name: str, seconds: Any, what: Any) -> Any:
    if name not in INSTANT_ARGUMENTS:
        hint = " (a duration: pass now minus the time, or seconds)" if name in DURATION_ARGUMENTS else ""
        raise ReelscoreError(f"{name} must be numbers, got points in time ({what}){hint}")
    return seconds


def _refuse_nested(name: str, value: Any) -> None:
    """Booleans and strings inside lists (numpy would read ``[1, True]`` as integers)."""
    for i, x in enumerate(value):
        if isinstance(x, (list, tuple)):
            _refuse_nested(name, x)
        elif isinstance(x, (bool, np.bool_, str, bytes)):
            raise ReelscoreError(f"{name} must be numbers, got {type(x).__name__} {x!r} at index {i}")


def _objects(name: str, a: np.ndarray) -> np.ndarray:
    """An object array element by element: numbers, Python/pandas/numpy times, None/NA/NaT as NaN."""
    out = np.empty(a.shape, dtype=np.float64)
    flat = out.reshape(-1)
    for i, x in enumerate(a.reshape(-1)):
        if isinstance(x, (bool, np.bool_, str, bytes)):
            raise ReelscoreError(f"{name} must be numbers, got {type(x).__name__} {x!r} at index {i}")
        if isinstance(x, datetime.datetime):  # pandas Timestamp too
            aware = x if x.tzinfo is not None else x.replace(tzinfo=datetime.timezone.utc)
            flat[i] = _instant(name, np.float64(aware.timestamp()), type(x).__name__)
        elif isinstance(x, datetime.timedelta):  # pandas Timedelta too
            flat[i] = _duration(name, np.float64(x / datetime.timedelta(seconds=1)), type(x).__name__)
        elif isinstance(x, np.timedelta64):
            flat[i] = _duration(name, np.float64(x / _SECOND), "timedelta64")
        elif isinstance(x, np.datetime64):
            flat[i] = _instant(name, np.float64((x - _EPOCH) / _SECOND), "datetime64")
        elif x is None or type(x).__name__ in ("NAType", "NaTType"):
            flat[i] = np.nan
        else:
            try:
                flat[i] = float(x)
            except (TypeError, ValueError):
                raise ReelscoreError(f"{name} must be numbers, got {type(x).__name__} {x!r} at index {i}") from None
    return out


def _option(name: str, value: Any) -> float:
    """A scalar keyword option (``half_life``, ``z``…) by the same rule, as a float."""
    a = _float64(name, value)
    if a.ndim != 0:
        raise ReelscoreError(f"{name} must be a single number, got shape {a.shape}")
    return float(a)


def _broadcast(**arrays: Any) -> tuple[list[np.ndarray], bool]:
    """Broadcasts the named arguments; returns C-contiguous float64 views and whether all were
    scalars. Contiguous float64 inputs of the broadcast shape are not copied."""
    names = list(arrays)
    conv = [_float64(n, v) for n, v in arrays.items()]
    try:
        views = np.broadcast_arrays(*conv)
    except ValueError:
        shapes = ", ".join(f"{n} shape {a.shape}" for n, a in zip(names, conv))
        raise ReelscoreError(f"{shapes} cannot be broadcast together") from None
    # `ascontiguousarray` would turn 0-d into 1-d; contiguous views (0-d ones included) pass as is.
    return [v if v.flags.c_contiguous else np.ascontiguousarray(v) for v in views], all(a.ndim == 0 for a in conv)


def _result(out: FloatArray, scalar: bool) -> FloatOrArray:
    return out.item() if scalar else out


def _elementwise(kernel: Callable[..., FloatArray], /, **arrays: Any) -> Callable[..., FloatOrArray]:
    views, scalar = _broadcast(**arrays)

    def call(**options: Any) -> FloatOrArray:
        return _result(kernel(*views, **{k: _option(k, v) for k, v in options.items()}), scalar)

    return call


# --------------------------------------------------------------------------------- normal


def normal_ppf(p: npt.ArrayLike, /) -> FloatOrArray:
    """Standard normal quantile Φ⁻¹(p) (scipy ``norm.ppf``, Wichura AS 241); p in (0, 1)."""
    return _elementwise(_native.normal_ppf, p=p)()


def normal_isf(q: npt.ArrayLike, /) -> FloatOrArray:
    """The z with P(Z > z) = q (scipy ``norm.isf``), accurate for tiny q (down to 1e-300)."""
    return _elementwise(_native.normal_isf, q=q)()


def z_for_confidence(confidence: npt.ArrayLike, /) -> FloatOrArray:
    """Two-sided critical value ``Φ⁻¹(1 − (1 − confidence)/2)``; 0.95 gives :data:`Z_95`."""
    return _elementwise(_native.z_for_confidence, confidence=confidence)()


# ---------------------------------------------------------------------------------- rates


def wilson_lower_bound(successes: npt.ArrayLike, totals: npt.ArrayLike, /, *, z: float = Z_95) -> FloatOrArray:
    """Lower bound of the Wilson score interval (statsmodels ``proportion_confint(method="wilson")``).

    ``totals = 0`` gives 0. Counts must be finite, ``0 <= successes <= totals`` (fractional,
    weighted counts are fine). One vectorised pass in Rust; 10 million rows take tens of ms.
    """
    return _elementwise(_native.wilson_lower_bound, successes=successes, totals=totals)(z=z)


def wilson_interval(
    successes: npt.ArrayLike, totals: npt.ArrayLike, /, *, z: float = Z_95
) -> tuple[FloatOrArray, FloatOrArray]:
    """Both ends ``(lower, upper)`` of the Wilson score interval; ``totals = 0`` gives (0, 1)."""
    (s, n), scalar = _broadcast(successes=successes, totals=totals)
    lo, hi = _native.wilson_interval(s, n, z=z)
    return _result(lo, scalar), _result(hi, scalar)


def bayesian_average(
    mean: npt.ArrayLike, votes: npt.ArrayLike, /, *, prior_weight: float, prior_mean: float
) -> FloatOrArray:
    """Bayesian (IMDb) average ``v/(v+m)·R + m/(v+m)·C`` of mean ratings R over v votes, with
    ``prior_weight`` m votes of ``prior_mean`` C. ``v + m = 0`` gives C."""
    return _elementwise(_native.bayesian_average, mean=mean, votes=votes)(
        prior_weight=prior_weight, prior_mean=prior_mean
    )


def additive_smoothing(
    count: npt.ArrayLike, total: npt.ArrayLike, /, *, alpha: float = 1.0, categories: float = 2.0
) -> FloatOrArray:
    """Additive (Lidstone; Laplace for alpha = 1) smoothing ``(count + α)/(total + α·categories)``."""
    return _elementwise(_native.additive_smoothing, count=count, total=total)(alpha=alpha, categories=categories)


def star_rating_sort(counts: npt.ArrayLike, /, *, z: float = STAR_SORT_Z) -> FloatOrArray:
    """Evan Miller's star-rating sort. ``counts[..., 0]`` is the number of top-star ratings,
    ``counts[..., -1]`` the number of 1-star ratings; one score per leading index (a float for
    a 1-D ``counts``). ``(60, 80, 75, 20, 25)`` with z = 1.65 gives 3.3684307456209077."""
    c = _float64("counts", counts)
    if c.ndim == 0:
        raise ReelscoreError("counts must have at least one axis (star levels), got a scalar")
    rows = np.ascontiguousarray(c.reshape(int(np.prod(c.shape[:-1], dtype=np.int64)), c.shape[-1]))
    out = _native.star_rating_sort(rows, z=z)
    return float(out[0]) if c.ndim == 1 else out.reshape(c.shape[:-1])


# ---------------------------------------------------------------------------------- watch


def completion_rate(completions: npt.ArrayLike, views: npt.ArrayLike, /) -> FloatOrArray:
    """``completions / views`` in [0, 1]; no views gives 0."""
    return _elementwise(_native.completion_rate, completions=completions, views=views)()


def average_view_duration(total_watch_seconds: npt.ArrayLike, views: npt.ArrayLike, /) -> FloatOrArray:
    """``total_watch_seconds / views`` in seconds; no views gives 0."""
    return _elementwise(_native.average_view_duration, total_watch_seconds=total_watch_seconds, views=views)()


def fraction_viewed(average_view_duration: npt.ArrayLike, duration_seconds: npt.ArrayLike, /) -> FloatOrArray:
    """Average fraction of the clip viewed (YouTube's average percentage viewed / 100; above 1
    with rewatches); ``duration_seconds`` must be > 0."""
    return _elementwise(
        _native.fraction_viewed, average_view_duration=average_view_duration, duration_seconds=duration_seconds
    )()


def hook_retention(watch_times: npt.ArrayLike, /, *, t: npt.ArrayLike) -> FloatOrArray:
    """Share of the views in ``watch_times`` (one clip's sample, 1-D) that lasted at least
    ``t`` seconds; ``t`` may be an array of thresholds (one result each)."""
    w = np.ascontiguousarray(_float64("watch_times", watch_times).ravel())
    return _elementwise(lambda tt: _native.hook_retention(w, tt), t=t)()


def retention_curve_area(times: npt.ArrayLike, retention: npt.ArrayLike, /) -> float:
    """Mean retention of a sampled retention curve: ``trapezoid(retention, times) / span``;
    ``times`` strictly increasing, at least two points."""
    t = np.ascontiguousarray(_float64("times", times).ravel())
    r = np.ascontiguousarray(_float64("retention", retention).ravel())
    return _native.retention_curve_area(t, r)


def rewatch_ratio(views: npt.ArrayLike, unique_viewers: npt.ArrayLike, /) -> FloatOrArray:
    """``views / unique_viewers`` (>= 1); no views gives 0."""
    return _elementwise(_native.rewatch_ratio, views=views, unique_viewers=unique_viewers)()


class WatchTimeDistribution:
    """Duration-debiased watch score (the D2Q idea, Zhan et al. KDD 2022) in fixed memory.

    ``duration_edges`` are 1 to :data:`D2Q_MAX_BUCKETS` increasing upper edges (seconds) of
    clip-duration buckets; longer clips go to the last bucket. Each bucket keeps a
    :data:`D2Q_BINS`-bin histogram of watch times, so :meth:`percentile` is within one bin's
    mass of the exact empirical percentile.
    """

    def __init__(self, duration_edges: npt.ArrayLike, /) -> None:
        edges = [float(e) for e in _float64("duration_edges", duration_edges).ravel()]
        self._dist = _native.WatchTimeDistribution(edges)

    @property
    def duration_edges(self) -> list[float]:
        """The bucket upper edges, seconds."""
        return self._dist.duration_edges

    @property
    def bins(self) -> int:
        """Histogram bins per bucket."""
        return self._dist.bins

    def add(self, durations: npt.ArrayLike, watch_times: npt.ArrayLike, /) -> None:
        """Records views (broadcast): clips of ``durations`` seconds watched ``watch_times``
        seconds. On error the views before the offending one are recorded."""
        (d, w), _ = _broadcast(duration=durations, watch_time=watch_times)
        self._dist.add(d, w)

    def percentile(self, durations: npt.ArrayLike, watch_times: npt.ArrayLike, /) -> FloatOrArray:
        """Share in [0, 1] of recorded views of similar-length clips that watched less."""
        return _elementwise(self._dist.percentile, duration=durations, watch_time=watch_times)()

    def count(self, duration: float, /) -> int:
        """Views recorded in the bucket of ``duration``."""
        return self._dist.count(float(duration))

    def bucket_of(self, duration: float, /) -> int:
        """The bucket index of a clip duration."""
        return self._dist.bucket_of(float(duration))

    def counts(self) -> npt.NDArray[np.uint64]:
        """The histograms, a new ``(buckets, bins)`` uint64 array. Distributions built on parts
        of the data with the same edges merge exactly: ``whole.add_counts(part.counts())``
        (how ``reelscore.scale.spark`` builds one distribution from many partitions)."""
        return self._dist.counts()

    def add_counts(self, counts: npt.ArrayLike, /) -> None:
        """Adds ``(buckets, bins)`` non-negative integer counters, e.g. another
        distribution's :meth:`counts` (same ``duration_edges``)."""
        c = np.asarray(counts)
        if c.size and (c.dtype.kind not in "iu" or (c.dtype.kind == "i" and c.min() < 0)):
            raise ReelscoreError(f"counts must be non-negative integers, got dtype {c.dtype}")
        self._dist.add_counts(np.ascontiguousarray(c, dtype=np.uint64))

    def __repr__(self) -> str:
        return repr(self._dist)


# -------------------------------------------------------------------------------- actions


def _action_matrix(
    predictions: npt.ArrayLike | Mapping[str, npt.ArrayLike],
    weights: npt.ArrayLike | Mapping[str, float] | None,
) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """Predictions as a contiguous ``(rows, actions)`` matrix, the weights, the leading shape."""
    if isinstance(predictions, Mapping):
        if weights is None:
            weights = dict(zip(X_RECAP_ACTION_NAMES, X_RECAP_WEIGHTS))
        if not isinstance(weights, Mapping):
            raise ReelscoreError("with predictions given by action name, weights must be a mapping too (or None)")
        missing = sorted(set(weights) - set(predictions))
        extra = sorted(set(predictions) - set(weights))
        if missing or extra:
            raise ReelscoreError(f"predictions and weights name different actions: missing {missing}, unknown {extra}")
        names = list(weights)
        cols, _ = _broadcast(**{n: predictions[n] for n in names})
        p = np.stack(cols, axis=-1)
        w = np.array([float(weights[n]) for n in names])
    else:
        p = _float64("predictions", predictions)
        w = _float64("weights", X_RECAP_WEIGHTS if weights is None else weights)
        if isinstance(weights, Mapping):
            raise ReelscoreError("weights by action name need predictions by action name")
    if w.ndim != 1:
        raise ReelscoreError(f"weights must be 1-D, got shape {w.shape}")
    if p.ndim == 0 or p.shape[-1] != w.shape[0]:
        raise ReelscoreError(
            f"predictions shape {p.shape} must end with one column per action ({w.shape[0]} weights)"
        )
    lead = p.shape[:-1]
    rows = int(np.prod(lead, dtype=np.int64))
    return np.ascontiguousarray(p.reshape(rows, w.shape[0])), np.ascontiguousarray(w), lead


def weighted_scores_sum(
    predictions: npt.ArrayLike | Mapping[str, npt.ArrayLike],
    /,
    *,
    weights: npt.ArrayLike | Mapping[str, float] | None = None,
) -> FloatOrArray:
    """Action-weighted score with the negative-total handling of twitter's
    ``WeightedScoresSumScorer`` (negative totals land in [0, ε)).

    ``predictions[..., a]`` is the rate of action ``a`` in [0, 1] — or a mapping from action
    name to rates (e.g. DataFrame columns). ``weights`` defaults to the X recap preset
    (:data:`X_RECAP_WEIGHTS`, in the order of :data:`X_RECAP_ACTION_NAMES`). One score per
    leading index (a float for one row).
    """
    p, w, lead = _action_matrix(predictions, weights)
    out = _native.weighted_scores_sum(p, w)
    return float(out[0]) if lead == () else out.reshape(lead)


def weighted_action_sum(
    predictions: npt.ArrayLike | Mapping[str, npt.ArrayLike],
    /,
    *,
    weights: npt.ArrayLike | Mapping[str, float] | None = None,
) -> FloatOrArray:
    """Plain weighted sum ``Σ p·w`` over the last axis (no negative-total handling)."""
    p, w, lead = _action_matrix(predictions, weights)
    out = _native.weighted_action_sum(p, w)
    return float(out[0]) if lead == () else out.reshape(lead)


# ---------------------------------------------------------------------------------- decay


def half_life_decay(age: npt.ArrayLike, values: npt.ArrayLike = 1.0, /, *, half_life: float) -> FloatOrArray:
    """``values · 2^(−age / half_life)``: the decay factor itself with the default values 1."""
    return _elementwise(_native.half_life_decay, values=values, age=age)(half_life=half_life)


def reddit_hot(ups: npt.ArrayLike, downs: npt.ArrayLike, date: npt.ArrayLike, /) -> FloatOrArray:
    """Reddit ``hot`` exactly as ``_sorts.pyx`` (rounded to 7 decimals as Python 2.7 rounds);
    ``date`` in Unix seconds; ``hot(1000, 0, 1134028003 + 45000) = 4.0``."""
    return _elementwise(_native.reddit_hot, ups=ups, downs=downs, date=date)()


def reddit_confidence(ups: npt.ArrayLike, downs: npt.ArrayLike, /) -> FloatOrArray:
    """Reddit's comment "best" sort ``_confidence`` (Wilson at 80% in single precision, as reddit)."""
    return _elementwise(_native.reddit_confidence, ups=ups, downs=downs)()


def hacker_news_rank(
    points: npt.ArrayLike,
    age_minutes: npt.ArrayLike,
    /,
    *,
    gravity: float = HN_GRAVITY,
    penalty: npt.ArrayLike = 1.0,
) -> FloatOrArray:
    """Hacker News ``frontpage-rank`` (``news.arc``): ``(points − 1)^0.8 / ((age + 120)/60)^gravity
    · penalty``; ``penalty`` broadcasts (e.g. :data:`HN_NOURL_FACTOR` per story)."""
    return _elementwise(_native.hacker_news_rank, points=points, age_minutes=age_minutes, penalty=penalty)(
        gravity=gravity
    )


def _along(kernel: Callable[..., FloatArray], x: npt.ArrayLike, axis: int, alpha: float) -> FloatArray:
    a = _float64("x", x)
    if a.ndim == 0:
        raise ReelscoreError("x must be a series (at least 1-D), got a scalar")
    moved = np.ascontiguousarray(np.moveaxis(a, axis, -1))
    return np.moveaxis(kernel(moved, alpha=alpha), -1, axis)


def ewma(x: npt.ArrayLike, /, *, alpha: float, axis: int = -1) -> FloatArray:
    """Exponentially weighted moving average along ``axis`` (pandas ``ewm(alpha=alpha,
    adjust=False).mean()``), each series seeded by its first value; ``0 < alpha <= 1``."""
    return _along(_native.ewma, x, axis, alpha)


def trending_z(x: npt.ArrayLike, /, *, alpha: float, axis: int = -1) -> FloatArray:
    """Trending z-score of each value against the exponentially weighted mean and variance of
    the values before it (0 while that variance is 0)."""
    return _along(_native.trending_z, x, axis, alpha)


def ewm_variance(x: npt.ArrayLike, /, *, alpha: float, axis: int = -1) -> FloatArray:
    """Exponentially weighted (biased) variance after each value (pandas ``ewm(alpha,
    adjust=False).var(bias=True)``), as :func:`trending_z` tracks it."""
    return _along(_native.ewm_variance, x, axis, alpha)


# ------------------------------------------------------------------------------- pairwise


def elo_expected(rating_a: npt.ArrayLike, rating_b: npt.ArrayLike, /) -> FloatOrArray:
    """Elo expected score of A against B: ``1/(1 + 10^((R_B − R_A)/400))``."""
    return _elementwise(_native.elo_expected, rating_a=rating_a, rating_b=rating_b)()


def elo_update(
    rating_a: npt.ArrayLike, rating_b: npt.ArrayLike, score_a: npt.ArrayLike = 1.0, /, *, k: float = ELO_DEFAULT_K
) -> tuple[FloatOrArray, FloatOrArray]:
    """New ``(R_A, R_B)`` after independent games in which A scored ``score_a`` (1 win, 0.5
    draw, 0 loss). 1500 beating 1700 with k = 32 gives 1524.3119016527346."""
    (a, b, s), scalar = _broadcast(rating_a=rating_a, rating_b=rating_b, score_a=score_a)
    x, y = _native.elo_update(a, b, s, k=k)
    return _result(x, scalar), _result(y, scalar)


class Elo:
    """Elo ratings of ``n`` items (or of the given initial ratings), updated game by game."""

    def __init__(self, ratings: int | npt.ArrayLike, /, *, k: float = ELO_DEFAULT_K, initial: float = 1500.0) -> None:
        if isinstance(ratings, (int, np.integer)):
            r = np.full(int(ratings), float(initial))
        else:
            r = np.array(_float64("ratings", ratings).ravel(), dtype=np.float64)
        self.ratings: FloatArray = r
        self.k = float(k)

    def expected(self, i: npt.ArrayLike, j: npt.ArrayLike, /) -> FloatOrArray:
        """Expected score of item ``i`` against item ``j``."""
        return elo_expected(self.ratings[np.asarray(i)], self.ratings[np.asarray(j)])

    def play(self, a: npt.ArrayLike, b: npt.ArrayLike, score_a: npt.ArrayLike = 1.0, /) -> FloatArray:
        """Plays games in order: item ``a[g]`` scores ``score_a[g]`` against item ``b[g]``
        (scalars for one game). Updates and returns :attr:`ratings`."""
        ia, ib = np.atleast_1d(np.asarray(a)), np.atleast_1d(np.asarray(b))
        if ia.dtype.kind not in "iu" or ib.dtype.kind not in "iu":
            raise ReelscoreError(f"a and b must be integer item indices, got {ia.dtype} and {ib.dtype}")
        s = _float64("score_a", score_a)
        try:
            ga, gb, gs = np.broadcast_arrays(ia, ib, s)
        except ValueError:
            raise ReelscoreError(f"a shape {ia.shape}, b shape {ib.shape}, score_a shape {s.shape} cannot be broadcast together") from None
        self.ratings = _native.elo_replay(
            self.ratings,
            np.ascontiguousarray(ga, dtype=np.int64).ravel(),
            np.ascontiguousarray(gb, dtype=np.int64).ravel(),
            np.ascontiguousarray(gs).ravel(),
            k=self.k,
        )
        return self.ratings


@dataclass(frozen=True)
class Glicko2Player:
    """A Glicko-2 rating (Glickman's paper, Illinois volatility iteration) on the Glicko scale."""

    rating: float = GLICKO2_DEFAULT_RATING
    rd: float = GLICKO2_DEFAULT_RD
    volatility: float = GLICKO2_DEFAULT_VOLATILITY

    def update(
        self,
        opponents: Sequence[Glicko2Player] | npt.ArrayLike,
        scores: npt.ArrayLike,
        /,
        *,
        tau: float = GLICKO2_DEFAULT_TAU,
    ) -> Glicko2Player:
        """The rating after one period of games against ``opponents`` (players, or an
        ``(m, 2)`` array of rating and RD) with ``scores`` (1 win, 0.5 draw, 0 loss)."""
        players = [o for o in opponents if isinstance(o, Glicko2Player)] if isinstance(opponents, Sequence) else []
        if players and len(players) == len(opponents):  # type: ignore[arg-type]
            r = [o.rating for o in players]
            d = [o.rd for o in players]
        else:
            a = _float64("opponents", opponents)
            m = a.reshape(-1, 2) if a.size else np.zeros((0, 2))
            r, d = list(m[:, 0]), list(m[:, 1])
        return glicko2_update(self, r, d, scores, tau=tau)


def glicko2_update(
    player: Glicko2Player,
    opponent_ratings: npt.ArrayLike,
    opponent_rds: npt.ArrayLike,
    scores: npt.ArrayLike,
    /,
    *,
    tau: float = GLICKO2_DEFAULT_TAU,
) -> Glicko2Player:
    """One Glicko-2 rating period for ``player``; with no games only the RD grows."""
    arrays = [
        np.ascontiguousarray(_float64(n, v).ravel())
        for n, v in (("opponent_ratings", opponent_ratings), ("opponent_rds", opponent_rds), ("scores", scores))
    ]
    r, d, v = _native.glicko2_update(player.rating, player.rd, player.volatility, *arrays, tau=tau)
    return Glicko2Player(r, d, v)


def arena_rating(theta: npt.ArrayLike, /) -> FloatOrArray:
    """Arena (Chatbot Arena) rating ``400·θ/ln 10 + 1000`` of Bradley–Terry strengths."""
    return _elementwise(_native.arena_ratings, theta=theta)()


def bradley_terry_win_probability(theta_i: npt.ArrayLike, theta_j: npt.ArrayLike, /) -> FloatOrArray:
    """``P(i beats j) = 1/(1 + exp(θⱼ − θᵢ))``."""
    return _elementwise(_native.bradley_terry_win_probability, theta_i=theta_i, theta_j=theta_j)()


class BradleyTerry:
    """A Bradley–Terry fit (choix's MM iteration; MLE for ``alpha = 0``).

    ``theta`` are natural-log strengths centred on 0; ``ratings`` the same on the Arena scale
    ``400·θ/ln 10 + 1000``. Build one with :func:`bradley_terry_fit` or :meth:`from_votes`.
    """

    def __init__(self, wins: FloatArray, theta: FloatArray, iterations: int, *, alpha: float, tolerance: float,
                 max_iterations: int) -> None:
        self.wins = wins
        self.theta = theta
        self.iterations = iterations
        self.alpha = alpha
        self.tolerance = tolerance
        self.max_iterations = max_iterations
        self.ratings: FloatArray = _native.arena_ratings(theta)

    @classmethod
    def from_votes(
        cls,
        winners: npt.ArrayLike,
        losers: npt.ArrayLike,
        /,
        *,
        n: int | None = None,
        alpha: float = 0.0,
        tolerance: float = BT_DEFAULT_TOLERANCE,
        max_iterations: int = BT_DEFAULT_MAX_ITERATIONS,
    ) -> BradleyTerry:
        """Fits votes ``winners[v]`` beat ``losers[v]`` (item indices; ``n`` defaults to the
        largest index + 1)."""
        w = np.ascontiguousarray(np.asarray(winners).ravel())
        lo = np.ascontiguousarray(np.asarray(losers).ravel())
        for name, a in (("winners", w), ("losers", lo)):
            if a.size and a.dtype.kind not in "iu":
                raise ReelscoreError(f"{name} must be integer item indices, got dtype {a.dtype}")
        if n is None:
            n = int(max(w.max(initial=-1), lo.max(initial=-1))) + 1
        wins = _native.bradley_terry_count_votes(w.astype(np.int64), lo.astype(np.int64), n=n)
        return bradley_terry_fit(wins, alpha=alpha, tolerance=tolerance, max_iterations=max_iterations)

    def win_probability(self, i: npt.ArrayLike, j: npt.ArrayLike, /) -> FloatOrArray:
        """Probability that item ``i`` beats item ``j`` (index arrays broadcast)."""
        return bradley_terry_win_probability(self.theta[np.asarray(i)], self.theta[np.asarray(j)])

    def intervals(
        self,
        *,
        replicates: int = 200,
        confidence: float = 0.95,
        seed: int = 0,
        alpha: float | None = None,
        scale: Literal["arena", "theta"] = "arena",
    ) -> tuple[FloatArray, FloatArray]:
        """Percentile bootstrap intervals ``(lower, upper)`` per item: votes resampled with
        replacement ``replicates`` times (SplitMix64 seeded by ``seed``: the same everywhere),
        each refitted. ``alpha`` defaults to the fit's, or :data:`BT_DEFAULT_ALPHA` when that is
        0 (a resample may leave an item without a win)."""
        if scale not in ("arena", "theta"):
            raise ReelscoreError(f"scale must be 'arena' or 'theta', got {scale!r}")
        a = (self.alpha or BT_DEFAULT_ALPHA) if alpha is None else alpha
        lo, hi = _native.bradley_terry_bootstrap(
            self.wins,
            self.theta,
            alpha=a,
            tolerance=self.tolerance,
            max_iterations=self.max_iterations,
            replicates=replicates,
            seed=seed,
            confidence=confidence,
        )
        if scale == "arena":
            return _native.arena_ratings(lo), _native.arena_ratings(hi)
        return lo, hi

    def next_pair(self, *, strategy: Literal["uncertain", "leader"] = "uncertain") -> tuple[int, int]:
        """The pair ``(i, j)``, ``i < j``, to show a person next: the least certain outcome
        (``"uncertain"``) or the leader against its least certain challenger (``"leader"``)."""
        return _native.bradley_terry_next_pair(self.theta, self.wins, strategy=strategy)

    def __repr__(self) -> str:
        return f"BradleyTerry(n={len(self.theta)}, ratings={np.round(self.ratings, 1).tolist()})"


def bradley_terry_fit(
    wins: npt.ArrayLike,
    /,
    *,
    alpha: float = 0.0,
    tolerance: float = BT_DEFAULT_TOLERANCE,
    max_iterations: int = BT_DEFAULT_MAX_ITERATIONS,
) -> BradleyTerry:
    """Fits Bradley–Terry strengths to an ``(n, n)`` win matrix (``wins[i, j]`` = times i beat
    j; the diagonal is ignored). ``alpha = 0`` is the MLE and needs every item to have won and
    lost; use ``alpha > 0`` (e.g. :data:`BT_DEFAULT_ALPHA`) for undefeated or winless items."""
    w = np.ascontiguousarray(_float64("wins", wins))
    if w.ndim != 2:
        raise ReelscoreError(f"wins must be an (n, n) matrix, got shape {w.shape}")
    theta, it = _native.bradley_terry_fit(w, alpha=alpha, tolerance=tolerance, max_iterations=max_iterations)
    return BradleyTerry(w, theta, it, alpha=alpha, tolerance=tolerance, max_iterations=max_iterations)


def splitmix64(seed: int, count: int, /) -> npt.NDArray[np.uint64]:
    """The first ``count`` outputs of SplitMix64 seeded with ``seed`` (the bootstrap's generator)."""
    return _native.splitmix64(seed, count)


# -------------------------------------------------------------------------------- ranking


def top_k(scores: npt.ArrayLike, /, *, k: int, ids: npt.ArrayLike | None = None) -> IndexArray:
    """Indices of the ``min(k, n)`` highest scores, best first; ties go to the smaller id
    (``ids``, non-negative integers; default the index), then the smaller index. NaN refused."""
    s = np.ascontiguousarray(_float64("scores", scores).ravel())
    u = None
    if ids is not None:
        i = np.asarray(ids).ravel()
        if i.size and i.dtype.kind not in "iu":
            raise ReelscoreError(f"ids must be integers, got dtype {i.dtype}")
        if i.size and i.dtype.kind == "i" and i.min() < 0:
            j = int(np.argmax(i < 0))
            raise ReelscoreError(f"ids (index {j}) = {i[j]} is invalid: must be >= 0")
        u = np.ascontiguousarray(i.astype(np.uint64))
    return _native.top_k(s, u, k=k)


def mmr(query: npt.ArrayLike, embeddings: npt.ArrayLike, /, *, k: int, lambda_mult: float = 0.5) -> IndexArray:
    """Maximal marginal relevance (Carbonell & Goldstein 1998) exactly as LangChain's
    ``maximal_marginal_relevance``: indices of ``min(k, n)`` rows of ``embeddings`` ``(n, d)``
    in pick order; ``lambda_mult`` 1 is relevance only, 0 diversity only."""
    q = np.ascontiguousarray(_float64("query", query).ravel())
    e = np.ascontiguousarray(_float64("embeddings", embeddings))
    if e.ndim != 2:
        raise ReelscoreError(f"embeddings must be an (n, d) matrix, got shape {e.shape}")
    return _native.mmr(q, e, k=k, lambda_mult=lambda_mult)


def author_diversity_multiplier(k: npt.ArrayLike, /, *, decay: float, floor: float) -> FloatOrArray:
    """``(1 − floor)·decay^k + floor`` for the k-th (0-based) item of the same author."""
    return _elementwise(_native.author_diversity_multiplier, k=k)(decay=decay, floor=floor)


def author_diversity_multipliers(authors: npt.ArrayLike, /, *, decay: float, floor: float) -> FloatArray:
    """Multipliers for a list in rank order: item i gets k = the number of earlier items by
    ``authors[i]`` (any hashable labels: ids, names, a pandas column)."""
    labels = np.asarray(authors).ravel()
    _, ids = np.unique(labels, return_inverse=True)
    return _native.author_diversity_multipliers(
        np.ascontiguousarray(ids.astype(np.uint64)), decay=decay, floor=floor
    )
