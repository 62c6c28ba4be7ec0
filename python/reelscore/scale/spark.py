"""Engagement over Spark DataFrames: pandas (Arrow) UDFs around :mod:`reelscore.engage`.

Spark moves column batches to Python workers as Arrow; each function here hands those
batches, as float64 numpy views, to the same :mod:`reelscore.engage` function a single
machine calls (no formula is written again here), so the results equal the single-machine
ones exactly. Counting, grouping and joining stay in Spark.

Column functions (arguments: column names or ``Column`` expressions; each is cast to
``double`` in Spark, so the Arrow batch is float64 and reelscore borrows it without a copy):

* :func:`wilson_lower_bound` ``(successes, totals)``, :func:`bayesian_average`
  ``(mean, votes)``, :func:`additive_smoothing` ``(count, total)`` — rates with confidence;
* :func:`reddit_hot` ``(ups, downs, date)``, :func:`hacker_news_rank` ``(points,
  age_minutes[, penalty])``, :func:`half_life_decay` ``(age[, values])`` — hot and decayed.

Jobs:

* :func:`watch_percentile` — the duration-debiased watch percentile (D2Q) in two passes: each
  partition fills a :class:`reelscore.engage.WatchTimeDistribution`, Spark sums their
  histogram counters (at most 8 × 256 numbers), then every view is scored against the merged
  distribution. Equal to one distribution fed every view (:func:`watch_distribution` returns
  it, for reuse or inspection).
* :func:`bradley_terry` — Bradley–Terry ratings per prompt from pairwise votes, one fit per
  group with ``applyInPandas``; a prompt whose fit fails gets rows with ``error`` set.

Input values follow :mod:`reelscore.engage`'s rules: a null or invalid value (a count
below 0, ``successes > totals``…) fails the task with the :class:`reelscore.ReelscoreError`
message naming the value; fill or filter nulls first.

Python workers must import reelscore: install the wheel on every node, and point Spark at that
interpreter (``PYSPARK_PYTHON``, or ``spark.pyspark.python``).
"""

# No `from __future__ import annotations`: pyspark reads the pandas UDFs' type hints at
# definition time and needs them as classes.

import os
import sys
from collections.abc import Iterator
from typing import Any, Optional, Union

import numpy as np
import pandas as pd
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T
from pyspark.sql.functions import pandas_udf

from reelscore import engage
from reelscore._native import ReelscoreError

__all__ = [
    "additive_smoothing",
    "bayesian_average",
    "bradley_terry",
    "hacker_news_rank",
    "half_life_decay",
    "local_session",
    "reddit_hot",
    "watch_distribution",
    "watch_percentile",
    "wilson_lower_bound",
]

ColumnOrName = Union[Column, str]


def _double(c: ColumnOrName) -> Column:
    return (F.col(c) if isinstance(c, str) else c).cast("double")


def _series(values: Any, like: pd.Series) -> pd.Series:
    """A float64 result as a Series without copying it (pandas ≥ 3 copies arrays by default)."""
    return pd.Series(np.asarray(values, dtype=np.float64), index=like.index, copy=False)


def _view(s: pd.Series) -> np.ndarray:
    """The values of a float64 Series: a view of its buffer, not a copy."""
    return s.to_numpy(dtype=np.float64, copy=False)


def local_session(cores: int = 2, /, *, app: str = "reelscore", **conf: str) -> SparkSession:
    """A local Spark (``local[cores]``) for tests, examples and notebooks: bound to loopback,
    no web UI or console progress bars, ``cores`` shuffle partitions, Arrow transfers on, and
    Python workers running this interpreter (so they import the same reelscore). ``conf``:
    more settings (``spark.driver.memory="4g"``, …). Clusters are configured as usual instead."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(f"local[{int(cores)}]").appName(app)
    settings = {
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(int(cores)),
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.pyspark.python": sys.executable,
        "spark.pyspark.driver.python": sys.executable,
        **conf,
    }
    for k, v in settings.items():
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


# ------------------------------------------------------------------------------- columns


def wilson_lower_bound(successes: ColumnOrName, totals: ColumnOrName, /, *, z: float = engage.Z_95) -> Column:
    """Wilson lower bound of ``successes / totals`` (:func:`reelscore.engage.wilson_lower_bound`)."""

    @pandas_udf("double")
    def wilson(s: pd.Series, n: pd.Series) -> pd.Series:
        return _series(engage.wilson_lower_bound(_view(s), _view(n), z=z), s)

    return wilson(_double(successes), _double(totals))


def bayesian_average(
    mean: ColumnOrName, votes: ColumnOrName, /, *, prior_weight: float, prior_mean: float
) -> Column:
    """Bayesian (IMDb) average of mean ratings over ``votes`` (:func:`reelscore.engage.bayesian_average`);
    ``prior_mean`` is typically the mean over all clips, computed in Spark first."""

    @pandas_udf("double")
    def bayes(r: pd.Series, v: pd.Series) -> pd.Series:
        return _series(engage.bayesian_average(_view(r), _view(v), prior_weight=prior_weight, prior_mean=prior_mean), r)

    return bayes(_double(mean), _double(votes))


def additive_smoothing(
    count: ColumnOrName, total: ColumnOrName, /, *, alpha: float = 1.0, categories: float = 2.0
) -> Column:
    """``(count + α)/(total + α·categories)`` (:func:`reelscore.engage.additive_smoothing`)."""

    @pandas_udf("double")
    def smooth(c: pd.Series, n: pd.Series) -> pd.Series:
        return _series(engage.additive_smoothing(_view(c), _view(n), alpha=alpha, categories=categories), c)

    return smooth(_double(count), _double(total))


def reddit_hot(ups: ColumnOrName, downs: ColumnOrName, date: ColumnOrName, /) -> Column:
    """Reddit ``hot`` (:func:`reelscore.engage.reddit_hot`); ``date`` in Unix seconds."""

    @pandas_udf("double")
    def hot(u: pd.Series, d: pd.Series, t: pd.Series) -> pd.Series:
        return _series(engage.reddit_hot(_view(u), _view(d), _view(t)), u)

    return hot(_double(ups), _double(downs), _double(date))


def hacker_news_rank(
    points: ColumnOrName,
    age_minutes: ColumnOrName,
    penalty: Optional[ColumnOrName] = None,
    /,
    *,
    gravity: float = engage.HN_GRAVITY,
) -> Column:
    """Hacker News rank (:func:`reelscore.engage.hacker_news_rank`); ``penalty`` per row (1 if omitted)."""

    @pandas_udf("double")
    def hn(p: pd.Series, a: pd.Series, f: pd.Series) -> pd.Series:
        return _series(engage.hacker_news_rank(_view(p), _view(a), gravity=gravity, penalty=_view(f)), p)

    return hn(_double(points), _double(age_minutes), _double(F.lit(1.0) if penalty is None else penalty))


def half_life_decay(age: ColumnOrName, values: Optional[ColumnOrName] = None, /, *, half_life: float) -> Column:
    """``values · 2^(−age / half_life)`` (:func:`reelscore.engage.half_life_decay`); the factor alone
    without ``values``. Sum it per clip for a decayed count."""

    @pandas_udf("double")
    def decay(a: pd.Series, v: pd.Series) -> pd.Series:
        return _series(engage.half_life_decay(_view(a), _view(v), half_life=half_life), a)

    return decay(_double(age), _double(F.lit(1.0) if values is None else values))


# ------------------------------------------------------------------------- watch (D2Q)

_COUNTS = T.StructType(
    [T.StructField("bucket", T.IntegerType()), T.StructField("bin", T.IntegerType()), T.StructField("count", T.LongType())]
)


def watch_distribution(
    views: DataFrame, /, *, duration_edges: Any, duration: ColumnOrName = "duration", watch_time: ColumnOrName = "watch_time"
) -> engage.WatchTimeDistribution:
    """Pass 1: the :class:`reelscore.engage.WatchTimeDistribution` of every view in ``views``.

    Each partition fills its own distribution; Spark sums their counters per (bucket, bin);
    the driver adds the sums into one distribution (:meth:`~reelscore.engage.WatchTimeDistribution.add_counts`).
    Counters are integers, so this is exactly the distribution a single machine would build.
    """
    edges = [float(e) for e in np.asarray(duration_edges, dtype=np.float64).ravel()]
    result = engage.WatchTimeDistribution(edges)  # checks the edges before any Spark work

    def partial(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        dist = engage.WatchTimeDistribution(edges)
        for b in batches:
            dist.add(_view(b["d"]), _view(b["w"]))
        bucket, bin_ = np.nonzero(dist.counts())
        yield pd.DataFrame(
            {"bucket": bucket.astype(np.int32), "bin": bin_.astype(np.int32), "count": dist.counts()[bucket, bin_].astype(np.int64)}
        )

    sums = (
        views.select(_double(duration).alias("d"), _double(watch_time).alias("w"))
        .mapInPandas(partial, _COUNTS)
        .groupBy("bucket", "bin")
        .agg(F.sum("count").alias("count"))
        .collect()
    )
    counts = np.zeros((len(edges), result.bins), dtype=np.uint64)
    for r in sums:
        counts[r["bucket"], r["bin"]] = r["count"]
    result.add_counts(counts)
    return result


def watch_percentile(
    views: DataFrame,
    /,
    *,
    duration_edges: Any = None,
    distribution: Optional[engage.WatchTimeDistribution] = None,
    duration: ColumnOrName = "duration",
    watch_time: ColumnOrName = "watch_time",
    output: str = "watch_percentile",
) -> DataFrame:
    """``views`` with a column ``output``: each view's duration-debiased watch percentile in
    [0, 1] (:meth:`reelscore.engage.WatchTimeDistribution.percentile`).

    Pass 1 (:func:`watch_distribution`) runs unless ``distribution`` is given (e.g. built
    yesterday, or on a larger table); pass 2 scores every row with a pandas UDF against it.
    ``views`` is read by both passes: ``cache()`` it first if it is costly to compute.
    """
    if distribution is None:
        if duration_edges is None:
            raise ReelscoreError("watch_percentile needs duration_edges or a distribution")
        distribution = watch_distribution(views, duration_edges=duration_edges, duration=duration, watch_time=watch_time)
    edges, counts = distribution.duration_edges, distribution.counts()  # 16 KiB at most, shipped with the UDF

    @pandas_udf("double")
    def percentile(d: pd.Series, w: pd.Series) -> pd.Series:
        dist = engage.WatchTimeDistribution(edges)
        dist.add_counts(counts)
        return _series(dist.percentile(_view(d), _view(w)), d)

    return views.withColumn(output, percentile(_double(duration), _double(watch_time)))


# --------------------------------------------------------------------- Bradley–Terry


def bradley_terry(
    votes: DataFrame,
    /,
    *,
    group: str = "prompt",
    winner: str = "winner",
    loser: str = "loser",
    alpha: float = 0.0,
    tolerance: float = engage.BT_DEFAULT_TOLERANCE,
    max_iterations: int = engage.BT_DEFAULT_MAX_ITERATIONS,
) -> DataFrame:
    """Bradley–Terry ratings per ``group`` from votes ``winner`` beat ``loser`` (one row each).

    One fit per group (``groupBy(group).applyInPandas``) with
    :meth:`reelscore.engage.BradleyTerry.from_votes`, the items of a group indexed in sorted
    order of their ids. Rows: ``group``, ``item`` (the winner/loser id type), ``theta``
    (natural-log strength, centred), ``rating`` (Arena scale), ``wins``, ``losses``,
    ``iterations`` and ``error`` (the fit's message, with null ratings, when it failed, e.g. an
    undefeated item with ``alpha = 0``: pass ``alpha=engage.BT_DEFAULT_ALPHA`` then).
    A whole group must fit in one worker's memory (votes per prompt, not per platform).
    """
    item_type = votes.schema[winner].dataType
    if votes.schema[loser].dataType != item_type:
        raise ReelscoreError(f"{winner} is {item_type.simpleString()} but {loser} is {votes.schema[loser].dataType.simpleString()}")
    schema = T.StructType(
        [
            T.StructField(group, votes.schema[group].dataType),
            T.StructField("item", item_type),
            T.StructField("theta", T.DoubleType()),
            T.StructField("rating", T.DoubleType()),
            T.StructField("wins", T.LongType()),
            T.StructField("losses", T.LongType()),
            T.StructField("iterations", T.LongType()),
            T.StructField("error", T.StringType()),
        ]
    )

    def fit(pdf: pd.DataFrame) -> pd.DataFrame:
        w, lo = pdf[winner].to_numpy(), pdf[loser].to_numpy()
        items, idx = np.unique(np.concatenate([w, lo]), return_inverse=True)
        wi, li = idx[: len(w)], idx[len(w):]
        wins = np.bincount(wi, minlength=len(items)).astype(np.int64)
        losses = np.bincount(li, minlength=len(items)).astype(np.int64)
        key = pdf[group].iloc[0]
        theta: Any = np.full(len(items), np.nan)
        rating: Any = np.full(len(items), np.nan)
        iterations, error = 0, None
        try:
            bt = engage.BradleyTerry.from_votes(
                wi, li, n=len(items), alpha=alpha, tolerance=tolerance, max_iterations=max_iterations
            )
            theta, rating, iterations = bt.theta, bt.ratings, bt.iterations
        except ReelscoreError as e:
            error = str(e)
        return pd.DataFrame(
            {
                group: [key] * len(items),
                "item": items,
                "theta": theta,
                "rating": rating,
                "wins": wins,
                "losses": losses,
                "iterations": iterations,
                "error": error,
            }
        )

    return votes.select(group, winner, loser).groupBy(group).applyInPandas(fit, schema)
