"""Spark adapter (issue 8, part 2): engagement UDFs on a local Spark (``local[2]``) equal the
single-machine :mod:`reelscore.engage` functions on the same pandas data, bit for bit.

One Spark session for the module (JVM start-up is most of the ~40 s); needs ``java`` (a
headless JRE: ``scripts/test.sh`` installs Debian's when missing).
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from reelscore import ReelscoreError, engage

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")
if shutil.which("java") is None:
    pytest.skip("no java on PATH for a local Spark", allow_module_level=True)

from pyspark.errors import PythonException  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from reelscore.scale import spark as rs  # noqa: E402

pytestmark = [
    # pyspark 4.3 warns that pandas 3 (pinned for the rest of the suite) is not fully supported,
    # and its own Arrow → pandas conversion passes the `copy` keyword pandas 3 deprecated.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning:pyspark"),
]

NOW = 1_767_000_000.0  # Unix seconds, "now" for the decay columns


@pytest.fixture(scope="module")
def spark():
    session = rs.local_session(2, app="reelscore-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    """A synthetic event table: views, likes, dislikes and 1–5 star ratings of 300 clips."""
    rng = np.random.default_rng(8)
    n = 40_000
    clip = rng.zipf(1.6, n) % 300
    kind = rng.choice(["view", "like", "dislike", "rating"], n, p=[0.7, 0.15, 0.05, 0.1])
    stars = np.where(kind == "rating", rng.integers(1, 6, n), 0)
    ts = NOW - rng.uniform(0, 7 * 86400, n)
    return pd.DataFrame({"clip_id": clip.astype(np.int64), "event": kind, "stars": stars.astype(np.int64), "ts": ts})


def _per_clip_pandas(ev: pd.DataFrame) -> pd.DataFrame:
    counts = pd.crosstab(ev["clip_id"], ev["event"]).reindex(columns=["view", "like", "dislike", "rating"], fill_value=0)
    out = counts.rename(columns={"view": "views", "like": "likes", "dislike": "dislikes", "rating": "votes"})
    out["star_sum"] = ev[ev["event"] == "rating"].groupby("clip_id")["stars"].sum().reindex(out.index, fill_value=0)
    out["first_ts"] = ev.groupby("clip_id")["ts"].min()
    out = out.reset_index().sort_values("clip_id", ignore_index=True)
    out["likes"] = np.minimum(out["likes"], out["views"])  # a like counts for a view that was seen
    return out


def _per_clip_spark(sdf):
    agg = sdf.groupBy("clip_id").agg(
        F.sum((F.col("event") == "view").cast("long")).alias("views"),
        F.sum((F.col("event") == "like").cast("long")).alias("likes"),
        F.sum((F.col("event") == "dislike").cast("long")).alias("dislikes"),
        F.sum((F.col("event") == "rating").cast("long")).alias("votes"),
        F.sum(F.when(F.col("event") == "rating", F.col("stars")).otherwise(0)).alias("star_sum"),
        F.min("ts").alias("first_ts"),
    )
    return agg.withColumn("likes", F.least("likes", "views"))


def test_rates_per_clip_equal_engage(spark, events):
    local = _per_clip_pandas(events)
    sdf = spark.createDataFrame(events)
    prior_mean = float(events.loc[events.event == "rating", "stars"].mean())
    # Integer star sums: the per-clip mean is sum / count in both engines, bit for bit.
    got = (
        _per_clip_spark(sdf)
        .withColumn("mean_stars", F.when(F.col("votes") > 0, F.col("star_sum") / F.col("votes")).otherwise(0.0))
        .select(
            "clip_id",
            rs.wilson_lower_bound("likes", "views").alias("wilson"),
            rs.wilson_lower_bound("likes", "views", z=1.0).alias("wilson_z1"),
            rs.bayesian_average("mean_stars", "votes", prior_weight=25.0, prior_mean=prior_mean).alias("bayes"),
            rs.additive_smoothing("likes", "views", alpha=2.0).alias("smooth"),
        )
        .orderBy("clip_id")
        .collect()
    )
    got_df = pd.DataFrame([r.asDict() for r in got])
    assert got_df["clip_id"].tolist() == local["clip_id"].tolist()
    mean = np.where(local.votes > 0, local.star_sum / local.votes.where(local.votes > 0, 1), 0.0)
    np.testing.assert_array_equal(got_df["wilson"], engage.wilson_lower_bound(local.likes, local.views))
    np.testing.assert_array_equal(got_df["wilson_z1"], engage.wilson_lower_bound(local.likes, local.views, z=1.0))
    np.testing.assert_array_equal(got_df["bayes"], engage.bayesian_average(mean, local.votes, prior_weight=25.0, prior_mean=prior_mean))
    np.testing.assert_array_equal(got_df["smooth"], engage.additive_smoothing(local.likes, local.views, alpha=2.0))
    assert (got_df["wilson"] > 0).any()


def test_hot_and_decay_equal_engage(spark, events):
    local = _per_clip_pandas(events)
    sdf = spark.createDataFrame(events)
    got = (
        _per_clip_spark(sdf)
        .select(
            "clip_id",
            rs.reddit_hot("likes", "dislikes", "first_ts").alias("hot"),
            rs.hacker_news_rank(F.col("likes") + 1, (F.lit(NOW) - F.col("first_ts")) / 60).alias("hn"),
            rs.hacker_news_rank("likes", (F.lit(NOW) - F.col("first_ts")) / 60, F.lit(engage.HN_NOURL_FACTOR), gravity=1.5).alias("hn_pen"),
        )
        .orderBy("clip_id")
        .toPandas()
    )
    age_min = (NOW - local.first_ts) / 60
    np.testing.assert_array_equal(got["hot"], engage.reddit_hot(local.likes, local.dislikes, local.first_ts))
    np.testing.assert_array_equal(got["hn"], engage.hacker_news_rank(local.likes + 1, age_min))
    np.testing.assert_array_equal(got["hn_pen"], engage.hacker_news_rank(local.likes, age_min, gravity=1.5, penalty=engage.HN_NOURL_FACTOR))
    # Decayed likes: the per-event factor is engage's, bit for bit; Spark sums it per clip.
    likes = events[events.event == "like"].reset_index(drop=True).reset_index(names="row")
    per_event = (
        spark.createDataFrame(likes)
        .select("row", rs.half_life_decay((F.lit(NOW) - F.col("ts")) / 3600, half_life=24.0).alias("w"))
        .orderBy("row")
        .toPandas()
    )
    np.testing.assert_array_equal(per_event["w"], engage.half_life_decay((NOW - likes.ts) / 3600, half_life=24.0))
    decayed = (
        spark.createDataFrame(likes)
        .groupBy("clip_id")
        .agg(F.sum(rs.half_life_decay((F.lit(NOW) - F.col("ts")) / 3600, F.lit(2.0), half_life=24.0)).alias("d"))
        .orderBy("clip_id")
        .toPandas()
    )
    want = (
        likes.assign(d=engage.half_life_decay((NOW - likes.ts) / 3600, 2.0, half_life=24.0)).groupby("clip_id")["d"].sum()
    )
    np.testing.assert_allclose(decayed["d"], want.to_numpy(), rtol=1e-12)  # summation order differs


@pytest.fixture(scope="module")
def views() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    n = 60_000
    duration = np.round(rng.lognormal(3.2, 1.0, n), 1)
    watch = np.minimum(duration * 1.5, rng.exponential(duration * 0.4 + 2.0))
    return pd.DataFrame({"view_id": np.arange(n), "duration": duration, "watch_time": watch})


def test_watch_percentile_two_pass_equals_one_distribution(spark, views):
    edges = [10.0, 30.0, 60.0, 180.0, 600.0]
    local = engage.WatchTimeDistribution(edges)
    local.add(views.duration, views.watch_time)
    sdf = spark.createDataFrame(views).repartition(5)  # five partial distributions in pass 1
    dist = rs.watch_distribution(sdf, duration_edges=edges)
    np.testing.assert_array_equal(dist.counts(), local.counts())
    got = rs.watch_percentile(sdf, distribution=dist).orderBy("view_id").toPandas()
    np.testing.assert_array_equal(got["watch_percentile"], local.percentile(views.duration, views.watch_time))
    # Both passes in one call give the same column.
    again = rs.watch_percentile(sdf, duration_edges=edges, output="p").orderBy("view_id").toPandas()
    np.testing.assert_array_equal(again["p"], got["watch_percentile"])


@pytest.fixture(scope="module")
def votes() -> pd.DataFrame:
    """Pairwise votes between takes of four prompts, plus one prompt whose take is undefeated."""
    rng = np.random.default_rng(5)
    rows = []
    for prompt, n_takes in (("cat", 5), ("dog", 8), ("sea", 3), ("sky", 12)):
        strength = rng.normal(0, 1, n_takes)
        for _ in range(60 * n_takes):
            i, j = rng.choice(n_takes, 2, replace=False)
            win = rng.random() < 1 / (1 + np.exp(strength[j] - strength[i]))
            a, b = (i, j) if win else (j, i)
            rows.append((prompt, f"{prompt}-{a:02d}", f"{prompt}-{b:02d}"))
    rows += [("sun", "sun-a", "sun-b"), ("sun", "sun-a", "sun-c"), ("sun", "sun-c", "sun-b")]
    return pd.DataFrame(rows, columns=["prompt", "winner", "loser"])


def test_bradley_terry_per_prompt_equals_engage(spark, votes):
    got = rs.bradley_terry(spark.createDataFrame(votes).repartition(3)).orderBy("prompt", "item").toPandas()
    assert sorted(got.prompt.unique()) == ["cat", "dog", "sea", "sky", "sun"]
    for prompt, v in votes.groupby("prompt"):
        items = sorted(set(v.winner) | set(v.loser))
        index = {s: k for k, s in enumerate(items)}
        rows = got[got.prompt == prompt]
        assert rows["item"].tolist() == items
        assert rows["wins"].tolist() == [int((v.winner == s).sum()) for s in items]
        assert rows["losses"].tolist() == [int((v.loser == s).sum()) for s in items]
        w, lo = v.winner.map(index).to_numpy(), v.loser.map(index).to_numpy()
        if prompt == "sun":  # sun-a never lost: no maximum-likelihood fit with alpha = 0
            with pytest.raises(ReelscoreError) as e:
                engage.BradleyTerry.from_votes(w, lo, n=len(items))
            assert rows["error"].tolist() == [str(e.value)] * len(items)
            assert rows["rating"].isna().all()
            continue
        bt = engage.BradleyTerry.from_votes(w, lo, n=len(items))
        assert rows["error"].isna().all()
        np.testing.assert_array_equal(rows["theta"], bt.theta)
        np.testing.assert_array_equal(rows["rating"], bt.ratings)
        assert (rows["iterations"] == bt.iterations).all()
    # With a prior (alpha > 0) the undefeated take gets a rating too.
    smoothed = rs.bradley_terry(spark.createDataFrame(votes), alpha=engage.BT_DEFAULT_ALPHA).toPandas()
    assert smoothed["error"].isna().all()
    sun = smoothed[smoothed.prompt == "sun"].sort_values("item")
    bt = engage.BradleyTerry.from_votes(np.array([0, 0, 2]), np.array([1, 2, 1]), n=3, alpha=engage.BT_DEFAULT_ALPHA)
    np.testing.assert_array_equal(sun["rating"], bt.ratings)


def test_invalid_values_fail_the_job_with_reelscore_message(spark):
    df = spark.createDataFrame(pd.DataFrame({"likes": [3.0, 12.0], "views": [10.0, 10.0]}))
    with pytest.raises(PythonException, match=r"successes \(index \d+\) = 12 exceeds totals = 10"):
        df.select(rs.wilson_lower_bound("likes", "views")).collect()
    with pytest.raises(ReelscoreError, match="duration_edges or a distribution"):
        rs.watch_percentile(df)
