"""Engagement inputs with units (issue 21 item 5): numpy/pandas/Python times converted to the
unit an argument's name says, booleans and strings refused, the same rule in every function.

Expected values are computed by hand: ``2^(−3600/3600) = 0.5``; Reddit ``hot(1000, 0,
1134028003 + 45000) = 4.0`` (its own docstring example: log10(1000) + 45000/45000 = 3 + 1);
Hacker News at 60 minutes is the same as the number 60.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest

from reelscore import ReelscoreError
from reelscore import engage as e

HOT_AT = 1134028003 + 45000  # Unix seconds where hot(1000, 0, ·) = 4.0
UTC = datetime.timezone.utc


@pytest.mark.parametrize(
    "ages, half_life",
    [
        (np.array([0, 3600], dtype="timedelta64[s]"), 3600.0),
        (np.array([0, 3_600_000], dtype="timedelta64[ms]"), np.timedelta64(1, "h")),
        (pd.Series(pd.to_timedelta(["0h", "1h"])), pd.Timedelta(hours=1)),
        (pd.to_timedelta(["0s", "3600s"]), datetime.timedelta(hours=1)),  # a TimedeltaIndex
        ([datetime.timedelta(0), datetime.timedelta(hours=1)], 3600),
        ([pd.Timedelta(0), np.timedelta64(60, "m")], 3600.0),
    ],
)
def test_half_life_decay_of_timedeltas_is_in_seconds(ages, half_life):
    assert e.half_life_decay(ages, half_life=half_life).tolist() == [1.0, 0.5]


@pytest.mark.parametrize(
    "date",
    [
        pd.Timestamp(HOT_AT, unit="s"),
        pd.Timestamp(HOT_AT, unit="s", tz="UTC").tz_convert("America/Los_Angeles"),
        np.datetime64(HOT_AT, "s"),
        np.datetime64(HOT_AT * 1000, "ms"),
        datetime.datetime.fromtimestamp(HOT_AT, UTC),
        datetime.datetime.fromtimestamp(HOT_AT, UTC).replace(tzinfo=None),  # naive: read as UTC
    ],
)
def test_reddit_hot_of_a_timestamp_reads_unix_seconds(date):
    assert e.reddit_hot(1000, 0, date) == 4.0


def test_datetime_columns_convert_vectorised():
    naive = pd.Series(pd.to_datetime([HOT_AT, HOT_AT - 45000], unit="s"))
    aware = naive.dt.tz_localize("UTC").dt.tz_convert("Asia/Tokyo")
    want = [4.0, 3.0]
    assert e.reddit_hot([1000, 1000], [0, 0], naive).tolist() == want
    assert e.reddit_hot([1000, 1000], [0, 0], aware).tolist() == want
    assert e.reddit_hot([1000, 1000], [0, 0], pd.DatetimeIndex(aware)).tolist() == want
    assert e.reddit_hot([1000, 1000], [0, 0], naive.to_numpy()).tolist() == want


def test_minutes_where_the_name_says_minutes():
    assert e.hacker_news_rank(11, pd.Timedelta(minutes=60)) == e.hacker_news_rank(11, 60)
    assert e.hacker_news_rank(11, np.timedelta64(2, "h")) == e.hacker_news_rank(11, 120)


def test_watch_times_in_seconds():
    assert e.average_view_duration(pd.Timedelta(minutes=2), 4) == 30.0
    assert e.fraction_viewed(np.timedelta64(15, "s"), pd.Timedelta(seconds=30)) == 0.5
    watch = pd.Series(pd.to_timedelta([1, 2, 3, 4], unit="s"))
    assert e.hook_retention(watch, t=pd.Timedelta(seconds=3)) == 0.5
    assert e.retention_curve_area(pd.to_timedelta([0, 10], unit="s"), [1.0, 0.0]) == 0.5
    d = e.WatchTimeDistribution(pd.to_timedelta([10, 60], unit="s"))
    assert d.duration_edges == [10.0, 60.0]


def test_nat_is_a_missing_value_and_refused():
    with pytest.raises(ReelscoreError):
        e.half_life_decay(np.array([0, "NaT"], dtype="timedelta64[s]"), half_life=1.0)


def test_a_time_where_a_count_is_meant_is_refused():
    with pytest.raises(ReelscoreError, match=r"successes must be numbers, got durations .*not a time"):
        e.wilson_lower_bound(pd.Series(pd.to_timedelta([1], unit="s")), 3)
    with pytest.raises(ReelscoreError, match=r"age must be numbers, got points in time .*a duration"):
        e.half_life_decay(pd.Timestamp("2024-01-01"), half_life=1.0)
    with pytest.raises(ReelscoreError, match=r"date must be numbers, got durations"):
        e.reddit_hot(1, 0, pd.Timedelta(seconds=1))


# Every vectorised function, with one numeric argument replaced by ``bad``.
EVERY = {
    "normal_ppf": lambda b: e.normal_ppf(b),
    "normal_isf": lambda b: e.normal_isf(b),
    "z_for_confidence": lambda b: e.z_for_confidence(b),
    "wilson_lower_bound": lambda b: e.wilson_lower_bound(b, 10),
    "wilson_interval": lambda b: e.wilson_interval(1, b),
    "bayesian_average": lambda b: e.bayesian_average(b, 10, prior_weight=1, prior_mean=3),
    "additive_smoothing": lambda b: e.additive_smoothing(1, b),
    "star_rating_sort": lambda b: e.star_rating_sort(b),
    "completion_rate": lambda b: e.completion_rate(b, 10),
    "average_view_duration": lambda b: e.average_view_duration(10, b),
    "fraction_viewed": lambda b: e.fraction_viewed(b, 10),
    "hook_retention": lambda b: e.hook_retention(b, t=1),
    "retention_curve_area": lambda b: e.retention_curve_area([0, 1], b),
    "rewatch_ratio": lambda b: e.rewatch_ratio(b, 1),
    "weighted_scores_sum": lambda b: e.weighted_scores_sum(b, weights=[1.0]),
    "weighted_action_sum": lambda b: e.weighted_action_sum({"a": b}, weights={"a": 1.0}),
    "half_life_decay": lambda b: e.half_life_decay(1.0, b, half_life=1.0),
    "half_life_decay half_life": lambda b: e.half_life_decay(1.0, half_life=b),
    "reddit_hot": lambda b: e.reddit_hot(b, 0, HOT_AT),
    "reddit_confidence": lambda b: e.reddit_confidence(1, b),
    "hacker_news_rank": lambda b: e.hacker_news_rank(b, 60),
    "ewma": lambda b: e.ewma(b, alpha=0.5),
    "trending_z": lambda b: e.trending_z(b, alpha=0.5),
    "ewm_variance": lambda b: e.ewm_variance(b, alpha=0.5),
    "elo_expected": lambda b: e.elo_expected(b, 1500),
    "elo_update": lambda b: e.elo_update(1500, 1500, b),
    "glicko2_update": lambda b: e.glicko2_update(e.Glicko2Player(), [1500], [200], b),
    "arena_rating": lambda b: e.arena_rating(b),
    "bradley_terry_win_probability": lambda b: e.bradley_terry_win_probability(0.0, b),
    "bradley_terry_fit": lambda b: e.bradley_terry_fit(b),
    "top_k": lambda b: e.top_k(b, k=1),
    "mmr": lambda b: e.mmr([1.0], b, k=1),
    "author_diversity_multiplier": lambda b: e.author_diversity_multiplier(b, decay=0.5, floor=0.1),
    "WatchTimeDistribution.add": lambda b: e.WatchTimeDistribution([10.0]).add(5.0, b),
}
BAD = {
    "bool": True,
    "numpy bool array": np.array([True]),
    "bool in a list": [1, True],
    "pandas bool column": pd.Series([True, False]),
    "str": "12",
    "numpy str array": np.array(["12"]),
    "str in an object array": np.array([1, "12"], dtype=object),
}


@pytest.mark.parametrize("bad", list(BAD.values()), ids=list(BAD))
@pytest.mark.parametrize("call", list(EVERY.values()), ids=list(EVERY))
def test_booleans_and_strings_are_refused_everywhere(call, bad):
    with pytest.raises(ReelscoreError, match=r"must be numbers, got (booleans|strings|bool |str )"):
        call(bad)


GOOD = {  # a number (or array of numbers) that each call above accepts in place of ``bad``
    "star_rating_sort": [1, 2, 3, 4, 5],
    "hook_retention": [1.0, 2.0],
    "retention_curve_area": [1.0, 0.5],
    "weighted_scores_sum": [0.5],
    "ewma": [1.0, 2.0],
    "trending_z": [1.0, 2.0],
    "ewm_variance": [1.0, 2.0],
    "bradley_terry_fit": [[0, 1], [1, 0]],
    "top_k": [1.0, 2.0],
    "mmr": [[1.0]],
    "glicko2_update": [1.0],
    "normal_ppf": 0.5,
    "normal_isf": 0.5,
    "z_for_confidence": 0.5,
    "elo_update": 0.5,
    "weighted_action_sum": 0.5,
}


@pytest.mark.parametrize("name", list(EVERY))
def test_the_same_calls_accept_numbers(name):
    """The table above fails for the right reason: with numbers in place of ``bad`` each call works."""
    EVERY[name](GOOD.get(name, 2))
