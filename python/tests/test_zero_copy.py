"""Arrow, pandas and Polars columns reach the Rust core without a copy (issue 8, part 3).

Two independent checks:
* the address of the array ``reelscore.engage`` hands to the compiled kernel is the address of
  the column's own buffer (the Arrow data buffer, the pandas/numpy block), caught by a spy on
  ``reelscore._native``;
* the peak resident memory of a fresh interpreter (Linux ``VmHWM``, reset through
  ``/proc/self/clear_refs``) grows during a call on large columns by the output alone: a copy
  of either input anywhere — numpy, pyarrow, Polars or the Rust side — would add as much
  again. A float32 column, which must be converted, is the control that shows the measurement
  sees copies.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from reelscore import _native, engage

pa = pytest.importorskip("pyarrow")


def _address(a: np.ndarray) -> int:
    return a.__array_interface__["data"][0]


def _arrow_address(arr) -> int:
    """Address of the values buffer of a float64 Arrow array (or a one-chunk ChunkedArray)."""
    if isinstance(arr, pa.ChunkedArray):
        (arr,) = arr.chunks
    return arr.buffers()[1].address + arr.offset * 8


@pytest.fixture
def spy(monkeypatch):
    """Records the data addresses of the arrays each kernel receives."""
    seen: dict[str, list[int]] = {}

    def wrap(name):
        real = getattr(_native, name)

        def kernel(*args, **kwargs):
            seen[name] = [_address(a) for a in args if isinstance(a, np.ndarray)]
            return real(*args, **kwargs)

        monkeypatch.setattr(_native, name, kernel)

    for name in ("wilson_lower_bound", "bayesian_average", "reddit_hot", "half_life_decay"):
        wrap(name)
    return seen


def _columns():
    """(likes, views) as float64 numpy arrays, with likes <= views."""
    rng = np.random.default_rng(8)
    views = rng.integers(0, 10_000, 50_000).astype(np.float64)
    likes = np.floor(views * rng.uniform(0, 1, views.size))
    return likes, views


def test_arrow_arrays_and_chunked_columns_are_borrowed(spy):
    likes, views = _columns()
    table = pa.table({"likes": likes, "views": views})  # from numpy: Arrow wraps the same memory
    for s, n in [
        (table.column("likes").chunk(0), table.column("views").chunk(0)),  # pa.Array
        (table.column("likes"), table.column("views")),  # one-chunk ChunkedArray
        (table.slice(1000, 20_000).column("likes"), table.slice(1000, 20_000).column("views")),  # offset view
    ]:
        out = engage.wilson_lower_bound(s, n)
        assert spy["wilson_lower_bound"] == [_arrow_address(s), _arrow_address(n)]
        np.testing.assert_array_equal(out, engage.wilson_lower_bound(np.asarray(s).copy(), np.asarray(n).copy()))


def test_pandas_columns_are_borrowed(spy):
    likes, views = _columns()
    df = pd.DataFrame({"likes": likes, "views": views})
    engage.wilson_lower_bound(df["likes"], df["views"])
    assert spy["wilson_lower_bound"] == [_address(df["likes"].to_numpy()), _address(df["views"].to_numpy())]
    # Arrow-backed pandas columns (``dtype="double[pyarrow]"``) borrow the Arrow buffer.
    a_likes, a_views = pa.array(likes), pa.array(views)
    arrow = pd.DataFrame({"likes": pd.Series(a_likes, dtype=pd.ArrowDtype(pa.float64())), "views": pd.Series(a_views, dtype=pd.ArrowDtype(pa.float64()))})
    engage.bayesian_average(arrow["likes"], arrow["views"], prior_weight=10, prior_mean=3)
    assert spy["bayesian_average"] == [_arrow_address(a_likes), _arrow_address(a_views)]
    # An Arrow table converted with split_blocks keeps its buffers (the default consolidates: a copy by pyarrow).
    t = pa.table({"ups": likes, "downs": views - likes, "date": np.full(likes.size, 1.7e9)})
    pdf = t.to_pandas(split_blocks=True)
    engage.reddit_hot(pdf["ups"], pdf["downs"], pdf["date"])
    assert spy["reddit_hot"] == [_arrow_address(t.column(c)) for c in ("ups", "downs", "date")]


def test_polars_columns_are_borrowed(spy):
    pl = pytest.importorskip("polars")
    likes, views = _columns()
    df = pl.DataFrame({"likes": likes, "age": views})
    engage.half_life_decay(df["age"], df["likes"], half_life=3600.0)
    buffers = [_arrow_address(df[c].to_arrow()) for c in ("likes", "age")]
    assert spy["half_life_decay"] == buffers  # values, age: the kernel's argument order


def test_what_is_converted_is_documented(spy):
    """Integer columns and several-chunk Arrow columns are converted (once) — the documented cost."""
    likes, views = _columns()
    engage.wilson_lower_bound(likes.astype(np.int64), views)
    assert spy["wilson_lower_bound"][1] == _address(views)
    assert spy["wilson_lower_bound"][0] != _address(likes)
    two_chunks = pa.chunked_array([likes[:100], likes[100:]])
    engage.wilson_lower_bound(two_chunks, views)
    assert spy["wilson_lower_bound"][0] not in {_arrow_address(c) for c in two_chunks.chunks}


#: Run in a fresh interpreter: in the test process, threads and allocator caches left by earlier
#: tests (decoders, thread pools, Arrow's pool) can free or take memory during a measurement,
#: which moves ``VmHWM`` by as much as the copy the control must show.
_PEAK_SCRIPT = r"""
import json, pathlib, re, sys
import numpy as np, pandas as pd, polars as pl, pyarrow as pa
from reelscore import engage

def peak():
    return int(re.search(r"VmHWM:\s+(\d+) kB", pathlib.Path("/proc/self/status").read_text()).group(1)) * 1024

def growth(fn):
    pathlib.Path("/proc/self/clear_refs").write_text("5")
    before = peak()
    fn()
    return peak() - before

n = int(sys.argv[1])
rng = np.random.default_rng(1)
views = np.floor(rng.uniform(0, 1000, n))
likes = np.floor(views * 0.25)
table = pa.table({"likes": likes, "views": views})
inputs = {
    "arrow": (table.column("likes"), table.column("views")),
    "pandas": (pd.Series(likes, copy=False), pd.Series(views, copy=False)),
    "polars": (pl.Series(likes), pl.Series(views)),
}
engage.wilson_lower_bound(likes[:10], views[:10])  # warm up
out = {name: growth(lambda: engage.wilson_lower_bound(s, v)) for name, (s, v) in inputs.items()}
# Control: a float32 column has to be converted; the same measurement sees that copy.
f32 = likes.astype(np.float32)
out["control"] = growth(lambda: engage.wilson_lower_bound(f32, views))
print(json.dumps(out))
"""


@pytest.mark.skipif(not pathlib.Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc peak-RSS reset")
def test_peak_memory_is_the_output_alone():
    pytest.importorskip("polars")
    n = 8_000_000  # 64 MB per float64 column
    out_bytes = n * 8
    run = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT, str(n)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    grew = json.loads(run.stdout)
    for name in ("arrow", "pandas", "polars"):
        assert grew[name] < 1.25 * out_bytes, f"{name}: peak grew {grew[name] / 1e6:.0f} MB for a {out_bytes / 1e6:.0f} MB output"
    assert grew["control"] > 1.75 * out_bytes, f"control: peak grew only {grew['control'] / 1e6:.0f} MB"
