"""Hypothesis properties: any array — every dtype, shape, stride and memory order — gets a
result or ``ReelscoreError``/``TypeError``, never a crash, a panic or a non-finite number; and
the Python binding, the C ABI (``libreelscore.so`` through ctypes) and an independent numpy
reference agree on random inputs.

The C library is ``target/debug/libreelscore.so`` (``cargo build -p reelscore-ffi``, as
``scripts/test.sh`` does before pytest) or ``$REELSCORE_CLIB``; the agreement tests skip
without it.
"""

from __future__ import annotations

import ctypes
import math
import os
import pathlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import reelscore
from reelscore import ReelscoreError
from reelscore import engage

ROOT = pathlib.Path(__file__).resolve().parents[2]
# No example database: nothing is written into the work tree, and CI runs stay independent.
FAST = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- any array, no crash

DTYPES = st.sampled_from(
    [np.uint8, np.uint16, np.int8, np.int16, np.int32, np.uint32, np.int64, np.float32, np.float64, np.bool_]
)


@st.composite
def any_array(draw, max_side: int = 24, max_dims: int = 3) -> np.ndarray:
    """Arrays of any dtype and shape (empty ones too), then a random view of them: reversed or
    stepped axes, transposed (Fortran order), read-only, or a 0-d array."""
    dtype = draw(DTYPES)
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=max_dims, min_side=0, max_side=max_side))
    a = draw(hnp.arrays(dtype, shape, elements=hnp.from_dtype(np.dtype(dtype), allow_nan=True)))
    for axis in range(a.ndim):
        step = draw(st.sampled_from([1, 1, 1, 2, -1, 3]))
        index = [slice(None)] * a.ndim
        index[axis] = slice(None, None, step)
        a = a[tuple(index)]
    if a.ndim >= 2 and draw(st.booleans()):
        a = a.T
    if draw(st.booleans()):
        a.flags.writeable = False
    return a


def check_result(value) -> None:
    """Floats that come back are finite or the documented +inf of psnr_uncapped."""
    if isinstance(value, float):
        assert not math.isnan(value)
    elif isinstance(value, dict):
        for v in value.values():
            check_result(v)
    elif isinstance(value, np.ndarray) and value.dtype.kind == "f":
        assert not np.isnan(value).any()


ONE_PLANE = [
    reelscore.sharpness,
    reelscore.tenengrad,
    reelscore.rms_contrast,
    reelscore.noise_sigma,
    reelscore.blockiness,
    reelscore.entropy,
    reelscore.exposure,
    reelscore.histogram,
    reelscore.frame_stats,
]
TWO_PLANES = [reelscore.mse, reelscore.psnr, reelscore.ssim, reelscore.psnr_uncapped]


@FAST
@given(a=any_array(), bits=st.sampled_from([None, None, 8, 10, 12, 16, 0, 20]), data=st.data())
def test_frame_metrics_any_array_result_or_error(a, bits, data):
    f = data.draw(st.sampled_from(ONE_PLANE))
    kw = {} if bits is None else {"bits": bits}
    try:
        check_result(f(a, **kw))
    except (ReelscoreError, TypeError):
        pass


@FAST
@given(a=any_array(max_side=40, max_dims=2), b=any_array(max_side=40, max_dims=2), same=st.booleans(), data=st.data())
def test_full_reference_any_pair_result_or_error(a, b, same, data):
    f = data.draw(st.sampled_from(TWO_PLANES))
    if same:
        b = a.copy()
    try:
        check_result(f(a, b))
    except (ReelscoreError, TypeError):
        pass


@FAST
@given(img=any_array(max_side=16, max_dims=3), matrix=st.sampled_from(["bt601", "bt709", "xyz"]))
def test_rgb_any_array_result_or_error(img, matrix):
    for call in (lambda: reelscore.colorfulness(img), lambda: reelscore.rgb_to_luma(img, matrix=matrix)):
        try:
            check_result(call())
        except (ReelscoreError, TypeError):
            pass
    try:
        reelscore.expand_limited_range(img)
    except (ReelscoreError, TypeError):
        pass


@FAST
@given(
    w=st.integers(0, 40), h=st.integers(0, 30), fps=st.floats(allow_nan=True, allow_infinity=True),
    frames=st.lists(any_array(max_side=40, max_dims=3), max_size=4),
)
def test_clip_scorer_any_frames_result_or_error(w, h, fps, frames):
    try:
        s = reelscore.ClipScorer(w, h, fps=fps)
    except (ReelscoreError, TypeError, OverflowError):
        return
    for f in frames:
        try:
            check_result(s.push(f))
        except (ReelscoreError, TypeError):
            pass
    try:
        r = s.finish()
        assert 0.0 <= r.score <= 100.0
    except ReelscoreError:
        pass
    with pytest.raises(ReelscoreError):
        s.finish()  # finishing twice is refused, not a crash


EXTREME = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
    st.sampled_from([0.0, -0.0, 1.0, 5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 1e154, 2.0**53]),
)
ENGAGE_2 = [
    lambda a, b: engage.wilson_lower_bound(a, b),
    lambda a, b: engage.wilson_interval(a, b),
    lambda a, b: engage.completion_rate(a, b),
    lambda a, b: engage.average_view_duration(a, b),
    lambda a, b: engage.fraction_viewed(a, b),
    lambda a, b: engage.rewatch_ratio(a, b),
    lambda a, b: engage.reddit_confidence(a, b),
    lambda a, b: engage.elo_expected(a, b),
    lambda a, b: engage.bradley_terry_win_probability(a, b),
    lambda a, b: engage.hacker_news_rank(a, b),
    lambda a, b: engage.reddit_hot(a, b, 1.2e9),
    lambda a, b: engage.bayesian_average(a, b, prior_weight=10.0, prior_mean=3.0),
    lambda a, b: engage.additive_smoothing(a, b, alpha=1.0, categories=2.0),
    lambda a, b: engage.half_life_decay(a, b, half_life=3.0),
    lambda a, b: engage.star_rating_sort(np.hstack([a, b, 1.0])),
    lambda a, b: engage.arena_rating(np.hstack([a, b])),
    lambda a, b: engage.ewma(np.hstack([a, b, a]), alpha=0.5),
    lambda a, b: engage.trending_z(np.hstack([a, b, a]), alpha=0.5),
    lambda a, b: engage.ewm_variance(np.hstack([a, b, a]), alpha=0.5),
]


@settings(max_examples=400, deadline=None, database=None)
@given(a=EXTREME, b=EXTREME, n=st.integers(0, 5), data=st.data())
def test_engagement_extreme_values_finite_or_error(a, b, n, data):
    """NaN, ±inf, subnormals, huge counts: a finite answer or ReelscoreError, as scalars and as
    arrays (the vectorised slice paths)."""
    f = data.draw(st.sampled_from(ENGAGE_2))
    for x, y in ((a, b), (np.full(n, a), np.full(n, b))):
        try:
            out = f(x, y)
        except ReelscoreError:
            continue
        for part in out if isinstance(out, tuple) else (out,):
            assert np.isfinite(np.asarray(part, dtype=np.float64)).all(), (a, b, out)


# -------------------------------------------------------------- Python, C and numpy agree


def _clib() -> ctypes.CDLL | None:
    path = os.environ.get("REELSCORE_CLIB") or str(ROOT / "target" / "debug" / "libreelscore.so")
    if not pathlib.Path(path).exists():
        return None
    lib = ctypes.CDLL(path)
    lib.reel_status_str.restype = ctypes.c_char_p
    return lib


CLIB = _clib()
needs_c = pytest.mark.skipif(CLIB is None, reason="target/debug/libreelscore.so not built")
_dbl = ctypes.POINTER(ctypes.c_double)


class ReelPlane(ctypes.Structure):
    _fields_ = [
        ("data", ctypes.POINTER(ctypes.c_uint8)),
        ("width", ctypes.c_size_t),
        ("height", ctypes.c_size_t),
        ("stride", ctypes.c_size_t),
    ]


class BtOptions(ctypes.Structure):
    _fields_ = [
        ("alpha", ctypes.c_double),
        ("tolerance", ctypes.c_double),
        ("max_iterations", ctypes.c_size_t),
        ("warm_start", ctypes.c_uint32),
    ]


def c_plane(a: np.ndarray) -> ReelPlane:
    """A ReelPlane borrowing a row-contiguous uint8 view (stride from numpy)."""
    assert a.dtype == np.uint8 and a.strides[1] == 1
    return ReelPlane(a.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)), a.shape[1], a.shape[0], a.strides[0])


def c_call(name: str, *args) -> tuple[int, float]:
    out = ctypes.c_double(-12345.0)
    status = getattr(CLIB, name)(*args, ctypes.byref(out))
    return status, out.value


@st.composite
def padded_planes(draw, min_side: int = 1, max_side: int = 48):
    """Two same-size uint8 planes, the first a row-padded view of a bigger buffer."""
    h = draw(st.integers(min_side, max_side))
    w = draw(st.integers(min_side, max_side))
    pad = draw(st.integers(0, 5))
    big = draw(hnp.arrays(np.uint8, (h, w + pad)))
    b = draw(hnp.arrays(np.uint8, (h, w)))
    if draw(st.booleans()):
        b = np.clip(big[:, :w].astype(np.int16) + draw(st.integers(-20, 20)), 0, 255).astype(np.uint8)
    return big[:, :w], b


@needs_c
@FAST
@given(planes=padded_planes())
def test_mse_psnr_python_c_numpy_agree(planes):
    a, b = planes
    diff = a.astype(np.float64) - b.astype(np.float64)
    ref = float(np.mean(diff * diff))
    py = reelscore.mse(a, b)
    st_c, c = c_call("reel_mse", ctypes.byref(c_plane(a)), ctypes.byref(c_plane(b)))
    assert st_c == 0
    assert py == c  # same Rust core: bit-identical
    assert math.isclose(py, ref, rel_tol=1e-12, abs_tol=1e-12)
    st_c, c = c_call("reel_psnr", ctypes.byref(c_plane(a)), ctypes.byref(c_plane(b)))
    assert st_c == 0 and c == reelscore.psnr(a, b)
    want = reelscore.PSNR_CAP_8BIT if ref == 0 else min(10 * math.log10(255.0**2 / ref), reelscore.PSNR_CAP_8BIT)
    assert math.isclose(c, want, rel_tol=1e-12)


@needs_c
@FAST
@given(planes=padded_planes(min_side=11, max_side=40))
def test_ssim_and_no_reference_metrics_python_c_agree(planes):
    a, b = planes
    st_c, c = c_call("reel_ssim", ctypes.byref(c_plane(a)), ctypes.byref(c_plane(b)))
    assert st_c == 0 and c == reelscore.ssim(a, b)
    for name, f in (
        ("reel_sharpness", reelscore.sharpness),
        ("reel_tenengrad", reelscore.tenengrad),
        ("reel_noise_sigma", reelscore.noise_sigma),
        ("reel_rms_contrast", reelscore.rms_contrast),
        ("reel_blockiness", reelscore.blockiness),
        ("reel_entropy", reelscore.entropy),
    ):
        st_c, c = c_call(name, ctypes.byref(c_plane(a)))
        assert st_c == 0 and c == f(a), name
    # Independent reference for one of them: RMS contrast is the population std over 255.
    ref = float(np.std(a.astype(np.float64))) / 255.0
    assert math.isclose(reelscore.rms_contrast(a), ref, rel_tol=1e-9, abs_tol=1e-12)


def _wilson_ref(s: float, n: float, z: float) -> float:
    """statsmodels' form of the Wilson lower bound, as a plain-Python oracle."""
    if n == 0:
        return 0.0
    p = s / n
    return max(0.0, (p + z * z / (2 * n) - z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n))


@needs_c
@settings(max_examples=300, deadline=None, database=None)
@given(
    rows=st.lists(st.tuples(st.integers(0, 10**9), st.floats(0, 1)), min_size=1, max_size=40),
    z=st.one_of(st.just(1.959963984540054), st.floats(0, 8)),
)
def test_wilson_python_c_reference_agree(rows, z):
    n = np.array([float(t) for t, _ in rows])
    s = np.floor(n * np.array([f for _, f in rows]))
    py = engage.wilson_lower_bound(s, n, z=z)
    out = np.zeros(len(rows))
    status = CLIB.reel_wilson_lower_bound_array(
        s.ctypes.data_as(_dbl), n.ctypes.data_as(_dbl), ctypes.c_size_t(len(rows)), ctypes.c_double(z),
        out.ctypes.data_as(_dbl),
    )
    assert status == 0
    np.testing.assert_array_equal(py, out)
    for si, ni, oi in zip(s, n, out):
        assert abs(oi - _wilson_ref(si, ni, z)) <= 1e-12


@needs_c
@settings(max_examples=200, deadline=None, database=None)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 10**7), st.integers(0, 10**7), st.floats(1.0e9, 2.0e9)), min_size=1, max_size=30
    )
)
def test_reddit_hot_python_c_agree(rows):
    ups, downs, dates = (np.array([float(r[i]) for r in rows]) for i in range(3))
    py = engage.reddit_hot(ups, downs, dates)
    out = np.zeros(len(rows))
    status = CLIB.reel_reddit_hot_array(
        ups.ctypes.data_as(_dbl), downs.ctypes.data_as(_dbl), dates.ctypes.data_as(_dbl),
        ctypes.c_size_t(len(rows)), out.ctypes.data_as(_dbl),
    )
    assert status == 0
    np.testing.assert_array_equal(py, out)
    for u, d, t, o in zip(ups, downs, dates, out):
        s = u - d
        ref = (1 if s > 0 else -1 if s < 0 else 0) * math.log10(max(abs(s), 1)) + (t - 1134028003) / 45000
        assert abs(o - ref) <= 6e-8  # reddit rounds to 7 decimals


@needs_c
@settings(max_examples=100, deadline=None, database=None)
@given(n=st.integers(2, 6), data=st.data())
def test_bradley_terry_python_c_agree(n, data):
    wins = data.draw(hnp.arrays(np.float64, (n, n), elements=st.integers(0, 30).map(float)))
    opts = BtOptions(0.01, 1e-12, 100000, 0)
    theta = np.zeros(n)
    iterations = ctypes.c_size_t(0)
    status = CLIB.reel_bradley_terry_fit(
        ctypes.c_size_t(n), wins.ctypes.data_as(_dbl), ctypes.byref(opts), None, ctypes.c_size_t(0),
        theta.ctypes.data_as(_dbl), ctypes.byref(iterations),
    )
    assert status == 0
    fit = engage.bradley_terry_fit(wins, alpha=0.01)
    np.testing.assert_array_equal(fit.theta, theta)
    assert fit.iterations == iterations.value


@needs_c
def test_c_and_python_refuse_the_same_bad_input():
    a = np.zeros((20, 30), np.uint8)
    b = np.zeros((20, 29), np.uint8)
    status, out = c_call("reel_ssim", ctypes.byref(c_plane(a)), ctypes.byref(c_plane(b)))
    assert status == 5 and out == -12345.0  # SIZE_MISMATCH, out-parameter untouched
    with pytest.raises(ReelscoreError):
        reelscore.ssim(a, b)
    status, out = c_call("reel_sharpness", None)
    assert status == 1  # NULL_POINTER
    s = np.array([3.0])
    n = np.array([2.0])
    out = np.zeros(1)
    assert CLIB.reel_wilson_lower_bound_array(
        s.ctypes.data_as(_dbl), n.ctypes.data_as(_dbl), ctypes.c_size_t(1), ctypes.c_double(1.96),
        out.ctypes.data_as(_dbl),
    ) == 8  # INVALID_VALUE
    with pytest.raises(ReelscoreError, match="successes"):
        engage.wilson_lower_bound(s, n)
