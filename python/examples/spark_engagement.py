"""Engagement over an event table on Spark: rates, hotness, watch percentile, ratings per prompt.

    pip install "reelscore[spark]"          # and a Java 17+ runtime for Spark
    python python/examples/spark_engagement.py [--events events.parquet] [--votes votes.parquet]
        [--rows 1000000] [--cores 2]

Without ``--events`` it makes a synthetic table of ``--rows`` events. The tables it expects:

* events: ``clip_id`` (long), ``event`` (``view``/``like``/``dislike``/``rating``), ``ts``
  (Unix seconds), ``stars`` (1–5 for ratings), ``duration`` and ``watch_time`` (seconds, views);
* votes: ``prompt``, ``winner``, ``loser`` (take ids) — one row per pairwise preference.

Spark does the counting and grouping; every formula is a pandas UDF from
``reelscore.scale.spark`` around ``reelscore.engage`` (the Rust core), so a clip's numbers are
the ones a single machine computes.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from reelscore import engage
from reelscore.scale import spark as rs

# pyspark 4.3 warns on every pandas UDF that it does not fully support pandas 3 yet.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

DURATION_EDGES = [15.0, 60.0, 180.0, 600.0]  # clip-length buckets for the watch percentile


def synthetic_events(spark: SparkSession, rows: int, clips: int = 5000, seed: int = 7) -> DataFrame:
    rng = np.random.default_rng(seed)
    clip = rng.zipf(1.5, rows) % clips
    length = np.round(rng.lognormal(3.3, 1.0, clips), 1)[clip]
    kind = rng.choice(["view", "like", "dislike", "rating"], rows, p=[0.75, 0.15, 0.04, 0.06])
    pdf = pd.DataFrame(
        {
            "clip_id": clip.astype(np.int64),
            "event": kind,
            "ts": time.time() - rng.uniform(0, 14 * 86400, rows),
            "stars": np.where(kind == "rating", rng.integers(1, 6, rows), 0),
            "duration": length,
            "watch_time": np.where(kind == "view", np.minimum(length * 2, rng.exponential(length * 0.5 + 1)), 0.0),
        }
    )
    return spark.createDataFrame(pdf)


def synthetic_votes(spark: SparkSession, prompts: int = 50, seed: int = 9) -> DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(prompts):
        takes = int(rng.integers(3, 12))
        strength = rng.normal(0, 1, takes)
        for _ in range(40 * takes):
            i, j = rng.choice(takes, 2, replace=False)
            if rng.random() >= 1 / (1 + np.exp(strength[j] - strength[i])):
                i, j = j, i
            rows.append((f"prompt-{p}", f"p{p}-take{i}", f"p{p}-take{j}"))
    return spark.createDataFrame(pd.DataFrame(rows, columns=["prompt", "winner", "loser"]))


def per_clip(events: DataFrame, now: float) -> DataFrame:
    is_ = lambda kind: (F.col("event") == kind).cast("long")  # noqa: E731
    counts = events.groupBy("clip_id").agg(
        F.sum(is_("view")).alias("views"),
        F.sum(is_("like")).alias("likes"),
        F.sum(is_("dislike")).alias("dislikes"),
        F.sum(is_("rating")).alias("votes"),
        F.sum(F.when(F.col("event") == "rating", F.col("stars")).otherwise(0)).alias("star_sum"),
        F.min("ts").alias("first_seen"),
        # Likes decayed with a one-day half-life: the factor per event, summed per clip.
        F.sum(F.when(F.col("event") == "like", rs.half_life_decay((F.lit(now) - F.col("ts")) / 3600, half_life=24.0)).otherwise(0.0)).alias(
            "decayed_likes"
        ),
    )
    counts = counts.withColumn("likes", F.least("likes", "views"))
    prior = events.where(F.col("event") == "rating").agg(F.avg("stars")).first()[0] or 0.0
    mean = F.when(F.col("votes") > 0, F.col("star_sum") / F.col("votes")).otherwise(0.0)
    return counts.select(
        "clip_id",
        "views",
        "likes",
        "votes",
        "decayed_likes",
        rs.wilson_lower_bound("likes", "views").alias("like_rate_lb"),
        rs.bayesian_average(mean, "votes", prior_weight=20.0, prior_mean=float(prior)).alias("stars_bayes"),
        rs.reddit_hot("likes", "dislikes", "first_seen").alias("hot"),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", help="Parquet event table (default: synthetic)")
    ap.add_argument("--votes", help="Parquet vote table (default: synthetic)")
    ap.add_argument("--rows", type=int, default=1_000_000, help="synthetic events (default 1,000,000)")
    ap.add_argument("--cores", type=int, default=2, help="local[N] (default 2)")
    args = ap.parse_args()

    spark = rs.local_session(args.cores, app="reelscore-engagement")
    events = spark.read.parquet(args.events) if args.events else synthetic_events(spark, args.rows)
    votes = spark.read.parquet(args.votes) if args.votes else synthetic_votes(spark)
    events = events.cache()
    now = time.time()

    t0 = time.perf_counter()
    clips = per_clip(events, now).cache()
    print(f"per-clip rates over {events.count():,} events, {clips.count():,} clips: {time.perf_counter() - t0:.1f} s")
    print("\ntop clips by like-rate lower bound (Wilson, 95%):")
    clips.orderBy(F.desc("like_rate_lb")).show(5)
    print("hottest (reddit hot) and most liked lately (likes with a one-day half-life):")
    clips.orderBy(F.desc("hot")).select("clip_id", "hot", "decayed_likes").show(5)

    t0 = time.perf_counter()
    views = events.where(F.col("event") == "view")
    scored = rs.watch_percentile(views, duration_edges=DURATION_EDGES)
    watch = scored.groupBy("clip_id").agg(F.avg("watch_percentile").alias("debiased_watch"), F.count("*").alias("views"))
    print(f"duration-debiased watch percentile (two passes): {time.perf_counter() - t0:.1f} s")
    watch.where(F.col("views") >= 50).orderBy(F.desc("debiased_watch")).show(5)

    ratings = rs.bradley_terry(votes, alpha=engage.BT_DEFAULT_ALPHA)
    print("Bradley–Terry ratings per prompt (Arena scale), best take of the first prompts:")
    best = ratings.groupBy("prompt").agg(F.max_by("item", "rating").alias("best_take"), F.max("rating").alias("rating"))
    best.orderBy("prompt").show(5)
    spark.stop()


if __name__ == "__main__":
    main()
