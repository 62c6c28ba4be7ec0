#!/usr/bin/env python3
"""Rows per second of reelscore's Spark pandas UDFs against the same formula in Spark SQL.

    python python/benchmarks/bench_scale_spark.py [--rows 4000000] [--repeat 5] [--cores 2]

A cached DataFrame of ``--rows`` synthetic rows on ``local[cores]``. For each formula that
Spark SQL expressions can state (Wilson lower bound, Bayesian average, half-life decay, reddit
hot, Hacker News rank), the time of ``df.select(formula).agg(sum)`` with the reelscore UDF and
with the SQL expression and with an identity pandas UDF (the cost of moving the columns to
Python and back, which every pandas UDF pays), back to back, ``--repeat`` times; also a scan
alone (sum of one input column) and the UDF-only jobs (the two-pass watch percentile,
Bradley–Terry per prompt). Printed: median rows/s, and the median per-round throughput ratios
UDF/SQL and UDF/identity.
The SQL expressions are checked against the UDFs first (largest difference, relative above 1).

The SQL forms are written here for the comparison only; the library has one implementation of
each formula, in the Rust core.
"""

import argparse
import os
import statistics
import time
import warnings

import pandas as pd
from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T
from pyspark.sql.functions import pandas_udf

from reelscore import engage
from reelscore.scale import spark as rs

# pyspark 4.3 warns on every pandas UDF that it does not fully support pandas 3 yet.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

Z = engage.Z_95
HALF_LIFE = 24.0
PRIOR_WEIGHT, PRIOR_MEAN = 20.0, 3.2
REDDIT_EPOCH = engage.REDDIT_EPOCH_SECONDS


def sql_wilson(s: Column, n: Column) -> Column:
    z2 = Z * Z
    p = s / n
    lo = (p + z2 / (2 * n) - Z * F.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n)
    return F.when(n == 0, F.lit(0.0)).otherwise(F.greatest(F.lit(0.0), lo))


def sql_bayes(r: Column, v: Column) -> Column:
    return (v * r + PRIOR_WEIGHT * PRIOR_MEAN) / (v + PRIOR_WEIGHT)


def sql_decay(age: Column) -> Column:
    return F.pow(F.lit(2.0), -age / HALF_LIFE)


def sql_reddit_hot(ups: Column, downs: Column, date: Column) -> Column:
    s = ups - downs
    order = F.log10(F.greatest(F.abs(s), F.lit(1.0)))
    sign = F.signum(s)
    return F.round(sign * order + (date - REDDIT_EPOCH) / 45000.0, 7)


def sql_hn(points: Column, age: Column) -> Column:
    return F.pow(points - 1, 0.8) / F.pow((age + 120) / 60, engage.HN_GRAVITY)


@pandas_udf(T.DoubleType())
def identity(a: pd.Series, b: pd.Series) -> pd.Series:
    return a


def data(spark, rows: int) -> DataFrame:
    df = (
        spark.range(rows)
        .withColumn("views", F.floor(F.rand(1) * 1000).cast("double"))
        .withColumn("likes", F.floor(F.col("views") * F.rand(2)).cast("double"))
        .withColumn("downs", F.floor(F.col("views") * F.rand(3) * 0.2).cast("double"))
        .withColumn("mean", 1 + 4 * F.rand(4))
        .withColumn("votes", F.floor(F.rand(5) * 200).cast("double"))
        .withColumn("age", F.rand(6) * 240)
        .withColumn("date", 1.7e9 + F.rand(7) * 1e7)
        .withColumn("duration", F.exp(3 + F.randn(8)))
        .withColumn("watch", F.col("duration") * F.rand(9) * 1.2)
    )
    return df.cache()


def timed(df: DataFrame, col: Column) -> float:
    t0 = time.perf_counter()
    df.select(col.alias("x")).agg(F.sum("x")).collect()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=4_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cores", type=int, default=2)
    ap.add_argument("--arrow-batch", type=int, default=10_000, help="spark.sql.execution.arrow.maxRecordsPerBatch (Spark's default 10000)")
    ap.add_argument("--only", default=None, help="comma-separated formula names (default: all, and the UDF-only jobs)")
    args = ap.parse_args()

    spark = rs.local_session(args.cores, app="reelscore-bench", **{"spark.sql.execution.arrow.maxRecordsPerBatch": str(args.arrow_batch)})
    df = data(spark, args.rows)
    n = df.count()
    print(f"{n:,} rows cached on local[{args.cores}], Arrow batches of {args.arrow_batch:,} rows; load average {os.getloadavg()[0]:.2f}")

    formulas = {
        "wilson_lower_bound": (rs.wilson_lower_bound("likes", "views"), sql_wilson(F.col("likes"), F.col("views"))),
        "bayesian_average": (
            rs.bayesian_average("mean", "votes", prior_weight=PRIOR_WEIGHT, prior_mean=PRIOR_MEAN),
            sql_bayes(F.col("mean"), F.col("votes")),
        ),
        "half_life_decay": (rs.half_life_decay("age", half_life=HALF_LIFE), sql_decay(F.col("age"))),
        "reddit_hot": (rs.reddit_hot("likes", "downs", "date"), sql_reddit_hot(F.col("likes"), F.col("downs"), F.col("date"))),
        "hacker_news_rank": (
            rs.hacker_news_rank(F.col("likes") + 1, "age"),
            sql_hn(F.col("likes") + 1, F.col("age")),
        ),
    }

    if args.only:
        formulas = {k: v for k, v in formulas.items() if k in args.only.split(",")}

    # The SQL forms compute the same numbers (so the comparison is fair).
    for name, (udf, sql) in formulas.items():
        diff = df.select((F.abs(udf - sql) / F.greatest(F.abs(udf), F.lit(1.0))).alias("d")).agg(F.max("d")).first()[0]
        print(f"  {name:20s} max |UDF - SQL| / max(|UDF|, 1): {diff:.1e}")
        assert diff < 1e-9, name

    scan = [timed(df, F.col("views")) for _ in range(args.repeat)]
    print(f"\nscan alone (sum of a column): {n / statistics.median(scan) / 1e6:6.2f} M rows/s")
    print("per round, back to back: the reelscore UDF, the SQL expression, and an identity pandas UDF")
    print("(two columns in, one out: Spark <-> Python Arrow transfer alone, the floor of any pandas UDF)")
    print(f"{'formula':20s} {'UDF':>7s} {'SQL':>7s} {'ident.':>7s}  M rows/s   {'UDF/SQL':>7s} {'UDF/ident.':>10s}")
    ident = identity(F.col("likes"), F.col("views"))
    for name, (udf, sql) in formulas.items():
        timed(df, udf)  # warm-up: Python workers, imports
        u, q, i, r_sql, r_id = [], [], [], [], []
        for _ in range(args.repeat):
            a, b, c = timed(df, udf), timed(df, sql), timed(df, ident)
            u.append(a)
            q.append(b)
            i.append(c)
            r_sql.append(b / a)
            r_id.append(c / a)
        med = statistics.median
        print(
            f"{name:20s} {n / med(u) / 1e6:7.2f} {n / med(q) / 1e6:7.2f} {n / med(i) / 1e6:7.2f}"
            f"             {med(r_sql):7.2f} {med(r_id):10.2f}"
        )

    if args.only:
        spark.stop()
        return
    # Jobs with no SQL equivalent: the two-pass watch percentile, Bradley–Terry per prompt.
    w = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        rs.watch_percentile(df, duration_edges=[15.0, 60.0, 180.0, 600.0], duration="duration", watch_time="watch").agg(
            F.sum("watch_percentile")
        ).collect()
        w.append(time.perf_counter() - t0)
    print(f"\nwatch_percentile (two passes)  {n / statistics.median(w) / 1e6:.2f} M rows/s")
    prompts = max(1, n // 2000)
    votes = (
        df.select(
            (F.col("id") % prompts).cast("string").alias("prompt"),
            (F.floor(F.col("views") / 100)).cast("long").alias("a"),
            (F.floor(F.col("likes") / 100)).cast("long").alias("b"),
        )
        .where(F.col("a") != F.col("b"))
        .withColumn("a_wins", F.rand(10) < 0.4 + 0.05 * F.col("a"))  # higher ids win more often
        .select("prompt", F.when(F.col("a_wins"), F.col("a")).otherwise(F.col("b")).alias("winner"),
                F.when(F.col("a_wins"), F.col("b")).otherwise(F.col("a")).alias("loser"))
        .cache()
    )
    nv = votes.count()
    b = []
    for _ in range(max(1, args.repeat // 2)):
        t0 = time.perf_counter()
        rs.bradley_terry(votes, alpha=engage.BT_DEFAULT_ALPHA).agg(F.count("*")).collect()
        b.append(time.perf_counter() - t0)
    print(f"bradley_terry ({prompts:,} prompts, {nv:,} votes)  {nv / statistics.median(b) / 1e6:.2f} M votes/s")
    print(f"load average now {os.getloadavg()[0]:.2f}")
    spark.stop()


if __name__ == "__main__":
    main()
