//! Engagement kernels for `reelscore.engage`: rates, watch time, actions, decay, pairwise
//! ratings and ranking over numpy arrays.
//!
//! These are the compiled halves of `reelscore.engage`; call that module, which broadcasts its
//! inputs. Here every array argument of one call must already have the same shape and be a
//! C-contiguous float64 array (the broadcast inputs of `reelscore.engage`); such arrays are
//! borrowed without copying and the outputs are new float64 arrays of that shape. Work on
//! [`DETACH_MIN`] elements or more runs with the GIL released.
//!
//! The element-wise functions and the constants are written from the core's table
//! (`reelscore::engage_surface!`, expanded by `crate::table`); this file holds their helpers
//! and what is not element-wise.
//!
//! Errors name the argument, the (multi-)index and the value, e.g.
//! `successes (index 3) = 12 exceeds totals = 10`.

use numpy::ndarray::{Array2, IxDyn};
use numpy::{
    IntoPyArray, PyArray1, PyArray2, PyArrayDyn, PyArrayMethods, PyReadonlyArray1,
    PyReadonlyArray2, PyReadonlyArrayDyn, PyUntypedArrayMethods,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use reelscore::Error;
use reelscore::engage::{self as e, BradleyTerryOptions, Glicko2Rating, PairStrategy};

use crate::arrays::view;
use crate::errors::{self, core_error, msg};

/// Arrays with at least this many elements are processed with the GIL released.
pub const DETACH_MIN: usize = 4096;

/// Runs `f`, without the GIL when `n ≥ DETACH_MIN`.
fn maybe_detach<T: Send>(py: Python<'_>, n: usize, f: impl FnOnce() -> T + Send) -> T {
    if n >= DETACH_MIN { py.detach(f) } else { f() }
}

type OutArray<'py> = Bound<'py, PyArrayDyn<f64>>;

reelscore::engage_surface!(py_table);

/// One borrowed input column: its argument name, shape and contiguous data.
struct Col<'a> {
    name: &'static str,
    shape: &'a [usize],
    data: &'a [f64],
}

fn col<'a>(name: &'static str, a: &'a PyReadonlyArrayDyn<'_, f64>) -> PyResult<Col<'a>> {
    let data = a.as_slice().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be C-contiguous (shape {:?}); reelscore.engage passes contiguous views",
            a.shape()
        ))
    })?;
    Ok(Col {
        name,
        shape: a.shape(),
        data,
    })
}

/// Checks that every column has the shape of the first; returns it.
fn same_shape<'a>(cols: &[Col<'a>]) -> PyResult<&'a [usize]> {
    let first = &cols[0];
    for c in &cols[1..] {
        if c.shape != first.shape {
            return Err(msg(format!(
                "{} has shape {:?} but {} has shape {:?} (they must be equal here; \
                 reelscore.engage broadcasts them)",
                first.name, first.shape, c.name, c.shape
            )));
        }
    }
    Ok(first.shape)
}

/// A zeroed float64 array of `shape` allocated by numpy (whose allocator asks for huge pages,
/// so a fresh 80 MB output costs a fraction of the page faults of a `Vec`).
fn zeros<'py>(py: Python<'py>, shape: &[usize]) -> OutArray<'py> {
    PyArrayDyn::<f64>::zeros(py, IxDyn(shape), false)
}

/// Runs `run` on the columns' data and `M` new float64 arrays of their common shape (without
/// the GIL for large inputs) and returns the arrays. `func` names the function in messages.
fn columns<'py, const N: usize, const M: usize>(
    py: Python<'py>,
    func: &str,
    cols: [Col<'_>; N],
    run: impl FnOnce([&[f64]; N], [&mut [f64]; M]) -> Result<(), Error> + Send,
) -> PyResult<[OutArray<'py>; M]> {
    let shape = same_shape(&cols)?;
    let arrays: [OutArray<'py>; M] = core::array::from_fn(|_| zeros(py, shape));
    let mut guards = arrays.each_ref().map(|a| a.readwrite());
    let outs = guards.each_mut().map(|g| g.as_slice_mut().ok());
    if outs.iter().any(Option::is_none) {
        return Err(msg(format!(
            "{func}: numpy returned a non-contiguous array"
        )));
    }
    let outs = outs.map(Option::unwrap_or_default);
    let data = cols.each_ref().map(|c| c.data);
    maybe_detach(py, data[0].len(), || run(data, outs))
        .map_err(|err| core_error(func, err, shape))?;
    drop(guards);
    Ok(arrays)
}

/// Runs the series function `run` on each row along the last axis of `series` into a new
/// float64 array of its shape (see `reelscore::engage::columns::per_row`).
fn rows<'py>(
    py: Python<'py>,
    func: &str,
    series: Col<'_>,
    run: impl Fn(&[f64], &mut [f64]) -> Result<(), Error> + Send + Sync,
) -> PyResult<OutArray<'py>> {
    let len = series.shape.last().copied().unwrap_or(1);
    let [out] = columns(py, func, [series], |[data], [out]| {
        e::columns::per_row(data, len, out, run)
    })?;
    Ok(out)
}

type Arr<'py> = PyReadonlyArrayDyn<'py, f64>;
type Vec1<'py> = Bound<'py, PyArray1<f64>>;

// ------------------------------------------------------------------------------- rates

/// Evan Miller's star-rating sort of each row of a `(rows, levels)` count matrix (top star
/// first).
#[pyfunction]
#[pyo3(signature = (counts, /, *, z))]
fn star_rating_sort<'py>(
    py: Python<'py>,
    counts: PyReadonlyArray2<'py, f64>,
    z: f64,
) -> PyResult<Vec1<'py>> {
    let (rows, levels) = view(&counts, "counts")?.dim();
    let data = contiguous(&counts, "counts")?;
    if levels == 0 {
        return Err(msg(format!(
            "counts has shape ({rows}, 0): at least one star level is needed"
        )));
    }
    let mut out = vec![0.0; rows];
    maybe_detach(py, data.len(), || {
        e::star_rating_sort_rows(data, levels, z, &mut out)
    })
    .map_err(|err| core_error("star_rating_sort", err, &[rows, levels]))?;
    Ok(out.into_pyarray(py))
}

/// The elements of a C-contiguous array, borrowed; `TypeError` naming `name` otherwise.
fn contiguous<'a, T: numpy::Element, D: numpy::ndarray::Dimension>(
    a: &'a numpy::PyReadonlyArray<'_, T, D>,
    name: &str,
) -> PyResult<&'a [T]> {
    crate::arrays::c_slice(a).ok_or_else(|| {
        PyTypeError::new_err(format!(
            "{name} must be C-contiguous (shape {:?})",
            a.shape()
        ))
    })
}

/// Item indices as a new int64 array.
fn indices<'py>(py: Python<'py>, idx: &[usize]) -> Bound<'py, PyArray1<i64>> {
    idx.iter()
        .map(|&i| i as i64)
        .collect::<Vec<i64>>()
        .into_pyarray(py)
}

// ------------------------------------------------------------------------------- watch

/// Hook retention of one sample of watch times at each threshold of `t`.
#[pyfunction]
#[pyo3(signature = (watch_times, t, /))]
fn hook_retention<'py>(
    py: Python<'py>,
    watch_times: PyReadonlyArray1<'py, f64>,
    t: Arr<'py>,
) -> PyResult<OutArray<'py>> {
    let w = contiguous(&watch_times, "watch_times")?;
    if w.is_empty() {
        return Err(msg("hook_retention: watch_times is empty".into()));
    }
    // Checks every watch time once (t = 0 counts them all), so an error names its element
    // of `watch_times` rather than of `t`.
    e::hook_retention(w, 0.0).map_err(|err| core_error("hook_retention", err, &[]))?;
    let [o] = columns(py, "hook_retention", [col("t", &t)?], |[t], [out]| {
        e::columns::map(["t"], [t], [out], |[t]| Ok([e::hook_retention(w, t)?]))
    })?;
    Ok(o)
}

/// Mean retention of one sampled retention curve.
#[pyfunction]
#[pyo3(signature = (times, retention, /))]
fn retention_curve_area(
    times: PyReadonlyArray1<'_, f64>,
    retention: PyReadonlyArray1<'_, f64>,
) -> PyResult<f64> {
    let t = contiguous(&times, "times")?;
    let r = contiguous(&retention, "retention")?;
    e::retention_curve_area(t, r).map_err(|err| match err {
        Error::LengthMismatch { .. } => msg(format!(
            "times has {} points but retention has {}",
            t.len(),
            r.len()
        )),
        Error::Empty { .. } => msg(format!(
            "times has {} points: a retention curve needs at least 2",
            t.len()
        )),
        other => errors::err("retention_curve_area", other),
    })
}

/// Largest number of duration buckets of a `WatchTimeDistribution`.
pub const D2Q_MAX_BUCKETS: usize = 8;
/// Histogram bins per duration bucket.
pub const D2Q_BINS: usize = 256;

/// Duration-debiased watch score (D2Q, Zhan et al. KDD 2022): a fixed-memory histogram of
/// watch times per clip-duration bucket (1–8 buckets, 256 bins each); `percentile` scores a
/// watch time against views of clips of similar duration.
#[pyclass(module = "reelscore._native")]
pub struct WatchTimeDistribution {
    dist: Box<e::WatchTimeDistribution<D2Q_MAX_BUCKETS, D2Q_BINS>>,
}

#[pymethods]
impl WatchTimeDistribution {
    #[new]
    #[pyo3(signature = (duration_edges, /))]
    fn new(duration_edges: Vec<f64>) -> PyResult<Self> {
        let n = duration_edges.len();
        let dist = e::WatchTimeDistribution::new(&duration_edges).map_err(|err| match err {
            Error::CapacityExceeded { .. } => msg(format!(
                "duration_edges has {n} edges: capacity exceeded (at most {D2Q_MAX_BUCKETS} buckets)"
            )),
            other => core_error("WatchTimeDistribution", other, &[n]),
        })?;
        Ok(Self {
            dist: Box::new(dist),
        })
    }

    /// The duration bucket upper edges, seconds.
    #[getter]
    fn duration_edges(&self) -> Vec<f64> {
        self.dist.duration_edges().to_vec()
    }

    /// Histogram bins per bucket.
    #[getter]
    fn bins(&self) -> usize {
        D2Q_BINS
    }

    /// Records views: `durations[i]` seconds long, watched `watch_times[i]` seconds (same
    /// shape). On error the views before the offending one are recorded.
    #[pyo3(signature = (durations, watch_times, /))]
    fn add(&mut self, py: Python<'_>, durations: Arr<'_>, watch_times: Arr<'_>) -> PyResult<()> {
        let cols = [
            col("duration", &durations)?,
            col("watch_time", &watch_times)?,
        ];
        let dist = &mut self.dist;
        let _: [OutArray<'_>; 0] = columns(py, "WatchTimeDistribution.add", cols, |[d, w], []| {
            dist.add_slice(d, w)
        })?;
        Ok(())
    }

    /// Duration-debiased watch scores in [0, 1] (same shape as the inputs).
    #[pyo3(signature = (durations, watch_times, /))]
    fn percentile<'py>(
        &self,
        py: Python<'py>,
        durations: Arr<'py>,
        watch_times: Arr<'py>,
    ) -> PyResult<OutArray<'py>> {
        let cols = [
            col("duration", &durations)?,
            col("watch_time", &watch_times)?,
        ];
        let [o] = columns(
            py,
            "WatchTimeDistribution.percentile",
            cols,
            |[d, w], [out]| self.dist.percentile_slice(d, w, out),
        )?;
        Ok(o)
    }

    /// The histograms as a new `(buckets, bins)` uint64 array.
    fn counts<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<u64>> {
        let c = self.dist.counts();
        Array2::from_shape_fn((c.len(), D2Q_BINS), |(b, k)| c[b][k]).into_pyarray(py)
    }

    /// Adds `(buckets, bins)` uint64 counters (another distribution's `counts()`, same edges).
    #[pyo3(signature = (counts, /))]
    fn add_counts(&mut self, counts: PyReadonlyArray2<'_, u64>) -> PyResult<()> {
        let (shape, want) = (counts.shape(), [self.dist.buckets(), D2Q_BINS]);
        let rows = counts
            .as_slice()
            .ok()
            .filter(|_| shape == want)
            .map(|data| data.as_chunks::<D2Q_BINS>().0)
            .ok_or_else(|| {
                msg(format!(
                    "counts must be a C-contiguous uint64 array of shape {want:?} (buckets, bins), \
                 got shape {shape:?}"
                ))
            })?;
        self.dist
            .add_counts(rows)
            .map_err(|e| core_error("WatchTimeDistribution.add_counts", e, &[]))
    }

    /// Views recorded in the bucket of `duration`.
    #[pyo3(signature = (duration, /))]
    fn count(&self, duration: f64) -> PyResult<u64> {
        self.dist
            .count(duration)
            .map_err(|e| core_error("WatchTimeDistribution.count", e, &[]))
    }

    /// The bucket index of a clip duration.
    #[pyo3(signature = (duration, /))]
    fn bucket_of(&self, duration: f64) -> PyResult<usize> {
        self.dist
            .bucket_of(duration)
            .map_err(|e| core_error("WatchTimeDistribution.bucket_of", e, &[]))
    }

    fn __repr__(&self) -> String {
        format!(
            "WatchTimeDistribution(duration_edges={:?}, bins={D2Q_BINS})",
            self.dist.duration_edges()
        )
    }
}

// ----------------------------------------------------------------------------- actions

/// A `(rows, actions)` prediction matrix and its `actions` weights, borrowed.
fn action_matrix<'a>(
    predictions: &'a PyReadonlyArray2<'_, f64>,
    weights: &'a PyReadonlyArray1<'_, f64>,
) -> PyResult<(usize, usize, &'a [f64], &'a [f64])> {
    let (rows, k) = view(predictions, "predictions")?.dim();
    let p = contiguous(predictions, "predictions")?;
    let w = contiguous(weights, "weights")?;
    if w.len() != k {
        return Err(msg(format!(
            "predictions has shape ({rows}, {k}) but weights has {} entries (one per action)",
            w.len()
        )));
    }
    if k == 0 {
        return Err(msg("weights is empty: give at least one action".into()));
    }
    Ok((rows, k, p, w))
}

/// Runs a core `*_rows` action function on the matrix; errors about `predictions` are
/// located by row and column.
fn action_rows<'py>(
    py: Python<'py>,
    func: &str,
    predictions: PyReadonlyArray2<'py, f64>,
    weights: PyReadonlyArray1<'py, f64>,
    run: impl FnOnce(&[f64], &[f64], &mut [f64]) -> Result<(), Error> + Send,
) -> PyResult<Vec1<'py>> {
    let (rows, k, p, w) = action_matrix(&predictions, &weights)?;
    let mut out = vec![0.0; rows];
    maybe_detach(py, p.len(), || run(p, w, &mut out)).map_err(|err| match err {
        Error::InvalidValue {
            name: "predictions",
            ..
        } => core_error(func, err, &[rows, k]),
        other => core_error(func, other, &[]),
    })?;
    Ok(out.into_pyarray(py))
}

/// The action-weighted functions over a `(rows, actions)` prediction matrix and `actions`
/// weights: one score per row, from the core's `*_rows` function.
macro_rules! action_functions {
    ($($(#[doc = $doc:literal])* fn $name:ident = $rows:path;)*) => {$(
        $(#[doc = $doc])*
        #[pyfunction]
        #[pyo3(signature = (predictions, weights, /))]
        fn $name<'py>(
            py: Python<'py>,
            predictions: PyReadonlyArray2<'py, f64>,
            weights: PyReadonlyArray1<'py, f64>,
        ) -> PyResult<Vec1<'py>> {
            action_rows(py, stringify!($name), predictions, weights, $rows)
        }
    )*};
}

action_functions! {
    /// Plain weighted sums of each row of `predictions` (`(rows, actions)`).
    fn weighted_action_sum = e::weighted_action_sum_rows;
    /// Action-weighted scores with twitter's negative-total handling, one per row.
    fn weighted_scores_sum = e::weighted_scores_sum_rows;
}

// ---------------------------------------------------------------------------- pairwise

/// A `ReelscoreError` unless the three per-game arrays `names` have one length.
fn same_games(names: &str, lens: [usize; 3]) -> PyResult<()> {
    if lens[1] != lens[0] || lens[2] != lens[0] {
        let [x, y, z] = lens;
        return Err(msg(format!(
            "{names} have {x}, {y} and {z} games; they must match"
        )));
    }
    Ok(())
}

/// Plays Elo games in order on a copy of `ratings`: game `g` is item `a[g]` scoring
/// `score_a[g]` against item `b[g]`. Returns the final ratings.
#[pyfunction]
#[pyo3(signature = (ratings, a, b, score_a, /, *, k))]
fn elo_replay<'py>(
    py: Python<'py>,
    ratings: PyReadonlyArray1<'py, f64>,
    a: PyReadonlyArray1<'py, i64>,
    b: PyReadonlyArray1<'py, i64>,
    score_a: PyReadonlyArray1<'py, f64>,
    k: f64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let mut r = view(&ratings, "ratings")?.to_vec();
    let (a, b, s) = (view(&a, "a")?, view(&b, "b")?, view(&score_a, "score_a")?);
    same_games("a, b and score_a", [a.len(), b.len(), s.len()])?;
    let n = r.len() as i64;
    for g in 0..a.len() {
        let (i, j) = (a[g], b[g]);
        for (name, x) in [("a", i), ("b", j)] {
            if !(0..n).contains(&x) {
                return Err(msg(format!(
                    "{name} (game {g}) = {x} is not an item index (0 to {})",
                    n - 1
                )));
            }
        }
        if i == j {
            return Err(msg(format!(
                "game {g}: item {i} cannot play against itself"
            )));
        }
        let (i, j) = (i as usize, j as usize);
        let (x, y) = e::elo_update(r[i], r[j], s[g], k).map_err(|err| match err {
            Error::InvalidValue {
                name: "score_a", ..
            } => core_error("Elo.play", err.at(g), &[]),
            other => errors::err("Elo.play", other),
        })?;
        r[i] = x;
        r[j] = y;
    }
    Ok(r.into_pyarray(py))
}

/// One Glicko-2 rating period; returns `(rating, rd, volatility)`.
#[pyfunction]
#[pyo3(signature = (rating, rd, volatility, opponent_ratings, opponent_rds, scores, /, *, tau))]
#[allow(clippy::too_many_arguments)] // mirrors the core call: the player, the games, tau
fn glicko2_update(
    rating: f64,
    rd: f64,
    volatility: f64,
    opponent_ratings: PyReadonlyArray1<'_, f64>,
    opponent_rds: PyReadonlyArray1<'_, f64>,
    scores: PyReadonlyArray1<'_, f64>,
    tau: f64,
) -> PyResult<(f64, f64, f64)> {
    let (r, d, s) = (
        view(&opponent_ratings, "opponent_ratings")?.to_vec(),
        view(&opponent_rds, "opponent_rds")?.to_vec(),
        view(&scores, "scores")?.to_vec(),
    );
    same_games(
        "opponent_ratings, opponent_rds and scores",
        [r.len(), d.len(), s.len()],
    )?;
    let p = Glicko2Rating {
        rating,
        rd,
        volatility,
    };
    let out =
        e::glicko2_update(p, &r, &d, &s, tau).map_err(|err| errors::err("glicko2_update", err))?;
    Ok((out.rating, out.rd, out.volatility))
}

fn bt_options(alpha: f64, tolerance: f64, max_iterations: usize) -> BradleyTerryOptions {
    BradleyTerryOptions {
        alpha,
        tolerance,
        max_iterations,
        warm_start: false,
    }
}

fn square_wins<'a>(wins: &'a PyReadonlyArray2<'_, f64>) -> PyResult<(usize, &'a [f64])> {
    let (r, c) = view(wins, "wins")?.dim();
    if r != c {
        return Err(msg(format!(
            "wins must be a square (n, n) matrix, got shape ({r}, {c})"
        )));
    }
    Ok((r, contiguous(wins, "wins")?))
}

/// A `ReelscoreError` for a Bradley–Terry call on an `(n, n)` win matrix.
fn bt_error(func: &str, n: usize, err: Error) -> PyErr {
    match err {
        Error::Empty { .. } => msg(format!("{func}: wins is empty (0 items)")),
        other => core_error(func, other, &[n, n]),
    }
}

/// Bradley–Terry fit of an `(n, n)` win matrix; returns `(theta, iterations)`.
#[pyfunction]
#[pyo3(signature = (wins, /, *, alpha, tolerance, max_iterations))]
fn bradley_terry_fit<'py>(
    py: Python<'py>,
    wins: PyReadonlyArray2<'py, f64>,
    alpha: f64,
    tolerance: f64,
    max_iterations: usize,
) -> PyResult<(Bound<'py, PyArray1<f64>>, usize)> {
    let (n, w) = square_wins(&wins)?;
    let o = bt_options(alpha, tolerance, max_iterations);
    let mut theta = vec![0.0; n];
    let mut scratch = vec![0.0; e::bradley_terry_scratch_len(n)];
    let it = py
        .detach(|| e::bradley_terry_fit(n, w, &o, &mut scratch, &mut theta))
        .map_err(|err| bt_error("bradley_terry_fit", n, err))?;
    Ok((theta.into_pyarray(py), it))
}

/// Counts votes into an `(n, n)` win matrix: `wins[winners[v], losers[v]] += 1`.
#[pyfunction]
#[pyo3(signature = (winners, losers, /, *, n))]
fn bradley_terry_count_votes<'py>(
    py: Python<'py>,
    winners: PyReadonlyArray1<'py, i64>,
    losers: PyReadonlyArray1<'py, i64>,
    n: usize,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let (w, l) = (
        view(&winners, "winners")?.to_vec(),
        view(&losers, "losers")?.to_vec(),
    );
    if w.len() != l.len() {
        return Err(msg(format!(
            "winners has {} votes but losers has {}",
            w.len(),
            l.len()
        )));
    }
    let cells = n
        .checked_mul(n)
        .ok_or_else(|| msg(format!("n = {n} items is too many")))?;
    let mut m = vec![0.0; cells];
    e::bradley_terry_count_votes(n, &w, &l, &mut m)
        .map_err(|err| core_error("bradley_terry_count_votes", err, &[]))?;
    Array2::from_shape_vec((n, n), m)
        .map(|a| a.into_pyarray(py))
        .map_err(|e| msg(e.to_string()))
}

/// Percentile bootstrap intervals of θ; returns `(lower, upper)`.
#[pyfunction]
#[pyo3(signature = (wins, theta, /, *, alpha, tolerance, max_iterations, replicates, seed, confidence))]
#[allow(clippy::too_many_arguments)] // mirrors the core call
fn bradley_terry_bootstrap<'py>(
    py: Python<'py>,
    wins: PyReadonlyArray2<'py, f64>,
    theta: PyReadonlyArray1<'py, f64>,
    alpha: f64,
    tolerance: f64,
    max_iterations: usize,
    replicates: usize,
    seed: u64,
    confidence: f64,
) -> PyResult<(Vec1<'py>, Vec1<'py>)> {
    let (n, w) = square_wins(&wins)?;
    let t = view(&theta, "theta")?.to_vec();
    if t.len() != n {
        return Err(msg(format!(
            "theta has {} items but wins is ({n}, {n})",
            t.len()
        )));
    }
    let o = bt_options(alpha, tolerance, max_iterations);
    let need = e::bradley_terry_bootstrap_scratch_len(n, replicates);
    let mut scratch = Vec::new();
    scratch.try_reserve_exact(need).map_err(|_| {
        msg(format!(
            "bootstrap needs {need} doubles of scratch: too many replicates ({replicates})"
        ))
    })?;
    scratch.resize(need, 0.0);
    let (mut lo, mut hi) = (vec![0.0; n], vec![0.0; n]);
    py.detach(|| {
        e::bradley_terry_bootstrap(
            n,
            w,
            &t,
            &o,
            replicates,
            seed,
            confidence,
            &mut scratch,
            &mut lo,
            &mut hi,
        )
    })
    .map_err(|err| match err {
        Error::Empty { name: "replicates" } => {
            msg("bradley_terry_bootstrap: replicates must be at least 1".into())
        }
        other => bt_error("bradley_terry_bootstrap", n, other),
    })?;
    Ok((lo.into_pyarray(py), hi.into_pyarray(py)))
}

/// The next pair `(i, j)` to show; `strategy` is "uncertain" or "leader".
#[pyfunction]
#[pyo3(signature = (theta, wins, /, *, strategy))]
fn bradley_terry_next_pair(
    theta: PyReadonlyArray1<'_, f64>,
    wins: PyReadonlyArray2<'_, f64>,
    strategy: &str,
) -> PyResult<(usize, usize)> {
    let options = [
        ("uncertain", PairStrategy::MostUncertain),
        ("leader", PairStrategy::ChallengeLeader),
    ];
    let s = errors::choice("strategy", strategy, &options)?;
    let (n, w) = square_wins(&wins)?;
    let t = view(&theta, "theta")?.to_vec();
    if t.len() != n {
        return Err(msg(format!(
            "theta has {} items but wins is ({n}, {n})",
            t.len()
        )));
    }
    e::next_pair(&t, w, s).map_err(|err| match err {
        Error::Empty { .. } => msg(format!("next_pair needs at least 2 items, got {n}")),
        other => bt_error("next_pair", n, other),
    })
}

/// The first `count` outputs of SplitMix64 seeded with `seed` (the bootstrap's generator).
#[pyfunction]
#[pyo3(signature = (seed, count, /))]
fn splitmix64(py: Python<'_>, seed: u64, count: usize) -> Bound<'_, PyArray1<u64>> {
    let mut g = e::SplitMix64::new(seed);
    (0..count)
        .map(|_| g.next_u64())
        .collect::<Vec<u64>>()
        .into_pyarray(py)
}

// ----------------------------------------------------------------------------- ranking

/// Deterministic top-k indices (ties by `ids`, then index).
#[pyfunction]
#[pyo3(signature = (scores, ids, /, *, k))]
fn top_k<'py>(
    py: Python<'py>,
    scores: PyReadonlyArray1<'py, f64>,
    ids: Option<PyReadonlyArray1<'py, u64>>,
    k: usize,
) -> PyResult<Bound<'py, PyArray1<i64>>> {
    let s = contiguous(&scores, "scores")?;
    let ids_v = match ids.as_ref() {
        Some(a) => Some(view(a, "ids")?.to_vec()),
        None => None,
    };
    if let Some(v) = &ids_v
        && v.len() != s.len()
    {
        return Err(msg(format!(
            "scores has {} items but ids has {}",
            s.len(),
            v.len()
        )));
    }
    let mut out = vec![0usize; k.min(s.len())];
    let got = maybe_detach(py, s.len(), || e::top_k(s, ids_v.as_deref(), &mut out))
        .map_err(|err| errors::err("top_k", err))?;
    Ok(indices(py, &out[..got]))
}

/// MMR pick order of `min(k, n)` rows of `embeddings` (`(n, d)`) for `query` (`(d,)`).
#[pyfunction]
#[pyo3(signature = (query, embeddings, /, *, k, lambda_mult))]
fn mmr<'py>(
    py: Python<'py>,
    query: PyReadonlyArray1<'py, f64>,
    embeddings: PyReadonlyArray2<'py, f64>,
    k: usize,
    lambda_mult: f64,
) -> PyResult<Bound<'py, PyArray1<i64>>> {
    let q = contiguous(&query, "query")?;
    let (n, d) = view(&embeddings, "embeddings")?.dim();
    let em = contiguous(&embeddings, "embeddings")?;
    if d != q.len() {
        return Err(msg(format!(
            "embeddings has shape ({n}, {d}) but query has {} dimensions",
            q.len()
        )));
    }
    if q.is_empty() {
        return Err(msg("query is empty (0 dimensions)".into()));
    }
    let mut scratch = vec![0.0; e::mmr_scratch_len(n)];
    let mut out = vec![0usize; k.min(n)];
    let got = maybe_detach(py, em.len(), || {
        e::mmr(q, em, lambda_mult, &mut scratch, &mut out)
    })
    .map_err(|err| match err {
        // The embeddings are an `(n, d)` matrix: print the element's row and column.
        Error::InvalidValue {
            name: "embeddings", ..
        } => core_error("mmr", err, &[n, d]),
        other => errors::err("mmr", other),
    })?;
    Ok(indices(py, &out[..got]))
}

/// Author-diversity multipliers for a ranked list of author ids.
#[pyfunction]
#[pyo3(signature = (authors, /, *, decay, floor))]
fn author_diversity_multipliers<'py>(
    py: Python<'py>,
    authors: PyReadonlyArray1<'py, u64>,
    decay: f64,
    floor: f64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let a = view(&authors, "authors")?.to_vec();
    let mut out = vec![0.0; a.len()];
    maybe_detach(py, a.len(), || {
        e::author_diversity_multipliers(&a, decay, floor, &mut out)
    })
    .map_err(|err| errors::err("author_diversity_multipliers", err))?;
    Ok(out.into_pyarray(py))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add_table(m)?;
    m.add_function(wrap_pyfunction!(star_rating_sort, m)?)?;
    m.add_function(wrap_pyfunction!(hook_retention, m)?)?;
    m.add_function(wrap_pyfunction!(retention_curve_area, m)?)?;
    m.add_class::<WatchTimeDistribution>()?;
    m.add_function(wrap_pyfunction!(weighted_action_sum, m)?)?;
    m.add_function(wrap_pyfunction!(weighted_scores_sum, m)?)?;
    m.add_function(wrap_pyfunction!(elo_replay, m)?)?;
    m.add_function(wrap_pyfunction!(glicko2_update, m)?)?;
    m.add_function(wrap_pyfunction!(bradley_terry_fit, m)?)?;
    m.add_function(wrap_pyfunction!(bradley_terry_count_votes, m)?)?;
    m.add_function(wrap_pyfunction!(bradley_terry_bootstrap, m)?)?;
    m.add_function(wrap_pyfunction!(bradley_terry_next_pair, m)?)?;
    m.add_function(wrap_pyfunction!(splitmix64, m)?)?;
    m.add_function(wrap_pyfunction!(top_k, m)?)?;
    m.add_function(wrap_pyfunction!(mmr, m)?)?;
    m.add_function(wrap_pyfunction!(author_diversity_multipliers, m)?)?;
    m.add("DETACH_MIN", DETACH_MIN)?;
    m.add("D2Q_MAX_BUCKETS", D2Q_MAX_BUCKETS)?;
    m.add("D2Q_BINS", D2Q_BINS)?;
    m.add("X_RECAP_ACTION_NAMES", e::X_RECAP_ACTION_NAMES.to_vec())?;
    m.add("X_RECAP_WEIGHTS", e::X_RECAP_WEIGHTS.to_vec())?;
    Ok(())
}
