//! Engagement kernels for `reelscore.engage`: rates, watch time, actions, decay, pairwise
//! ratings and ranking over numpy arrays.
//!
//! These are the compiled halves of `reelscore.engage`; call that module, which broadcasts its
//! inputs. Here every array argument of one call must already have the same shape and be a
//! C-contiguous float64 array (the broadcast inputs of `reelscore.engage`); such arrays are
//! borrowed without copying and the outputs are new float64 arrays of that shape. Work on
//! [`DETACH_MIN`] elements or more runs with the GIL released.
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
use reelscore::engage::{self as e, BradleyTerryOptions, Glicko2Rating, PairStrategy};
use reelscore::{Error, Rule};

use crate::errors::{core_error, msg};

/// Arrays with at least this many elements are processed with the GIL released.
pub const DETACH_MIN: usize = 4096;

/// Runs `f`, without the GIL when `n ≥ DETACH_MIN`.
fn maybe_detach<T: Send>(py: Python<'_>, n: usize, f: impl FnOnce() -> T + Send) -> T {
    if n >= DETACH_MIN { py.detach(f) } else { f() }
}

type OutArray<'py> = Bound<'py, PyArrayDyn<f64>>;

/// Expands the shared engagement table ([`reelscore::engage_surface`]) into Python functions:
/// for each entry its `py` form (element-wise over arrays of one shape, options keyword-only)
/// and its `py_rows` form (a series function along the last axis); [`add_table`] registers
/// them and [`TABLE_STUBS`] holds their `.pyi` lines.
macro_rules! py_functions {
    (core: $core:tt; $(
        $(#[doc = $doc:literal])*
        fn $name:ident($($col:ident),* $(; $($opt:ident),+)?) -> ($($out:ident),+) {
            $(scalar: $f:ident($($arg:expr),*),)?
            $(slice: $slice:ident,)?
            $(c: $c:ident,)?
            $(c_array: $c_array:ident($($acol:ident),+),)?
            $(py: $py:ident,)?
            $(py_rows: $py_rows:ident,)?
        }
    )*) => {
        $(
            py_columns! {
                [$($py)?] [$(#[doc = $doc])*] $core [$($slice)?] [$($f($($arg),*))?]
                ($($col,)* / $(, *, $($opt),+)?) ($($col),*) ($($($opt),+)?) ($($out),+)
            }
            py_rows! {
                [$($py_rows)?] [$(#[doc = $doc])*] $core [$($slice)?]
                ($($col,)* / $(, *, $($opt),+)?) ($($col),*) ($($($opt),+)?) ($($out),+)
            }
        )*

        /// Adds the table's functions to the module.
        fn add_table(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(
                $(m.add_function(wrap_pyfunction!($py, m)?)?;)?
                $(m.add_function(wrap_pyfunction!($py_rows, m)?)?;)?
            )*
            Ok(())
        }

        /// The `.pyi` line of each function of the table (`""` for entries without one).
        const TABLE_STUBS: &[&str] = &[$(
            py_stub!([$($py)?] [$(stringify!($col), ": _F64, ",)* "/" $(, ", *" $(, ", ", stringify!($opt), ": float")+)?] ($($out),+)),
            py_stub!([$($py_rows)?] [$(stringify!($col), ": _F64, ",)* "/" $(, ", *" $(, ", ", stringify!($opt), ": float")+)?] ($($out),+)),
        )*];
    };
}

/// The `py` function of one table entry (nothing without one).
macro_rules! py_columns {
    ([] $($entry:tt)*) => {};
    ([$py:ident] [$($doc:tt)*] $core:tt $slice:tt $scalar:tt
     $signature:tt ($($col:ident),*) ($($opt:ident),*) ($($out:ident),+)) => {
        $($doc)*
        #[pyfunction]
        #[pyo3(signature = $signature)]
        fn $py<'py>(
            py: Python<'py>,
            $($col: Arr<'py>,)*
            $($opt: f64,)*
        ) -> PyResult<py_outputs!(type $($out),+)> {
            let [$($out),+] = columns(
                py,
                stringify!($py),
                [$(col(stringify!($col), &$col)?),*],
                |[$($col),*], [$($out),+]| {
                    reelscore::engage_columns!(
                        $core $slice $scalar ($($col),*) ($($col),*) ($($opt),*) ($($out),+)
                    )
                },
            )?;
            Ok(py_outputs!(value $($out),+))
        }
    };
}

/// The `py_rows` function of one table entry (nothing without one).
macro_rules! py_rows {
    ([] $($entry:tt)*) => {};
    ([$py:ident] [$($doc:tt)*] $core:tt $slice:tt
     $signature:tt ($col:ident) ($($opt:ident),*) ($out:ident)) => {
        $($doc)*
        #[pyfunction]
        #[pyo3(signature = $signature)]
        fn $py<'py>(py: Python<'py>, $col: Arr<'py>, $($opt: f64,)*) -> PyResult<OutArray<'py>> {
            rows(py, stringify!($py), col(stringify!($col), &$col)?, |$col, $out| {
                reelscore::engage_columns!($core $slice [] ($col) ($col) ($($opt),*) ($out))
            })
        }
    };
}

/// The return type (`type`) or value (`value`) of a function with these outputs: one array,
/// or a tuple of two.
macro_rules! py_outputs {
    (type $one:ident) => { OutArray<'py> };
    (type $a:ident, $b:ident) => { (OutArray<'py>, OutArray<'py>) };
    (value $one:ident) => { $one };
    (value $a:ident, $b:ident) => { ($a, $b) };
}

/// The `.pyi` line of one table function (`""` without one).
macro_rules! py_stub {
    ([] $($entry:tt)*) => { "" };
    ([$py:ident] [$($args:tt)*] ($($out:ident),+)) => {
        concat!("def ", stringify!($py), "(", $($args)*, ") -> ", py_stub!(@ $($out),+), ": ...")
    };
    (@ $one:ident) => { "_F64" };
    (@ $a:ident, $b:ident) => { "tuple[_F64, _F64]" };
}

reelscore::engage_surface!(py_functions);

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

/// `out[i] = f(cols[0][i], …)` for `M` outputs, with per-element errors located.
fn map_elems<'py, const N: usize, const M: usize>(
    py: Python<'py>,
    func: &str,
    cols: [Col<'_>; N],
    f: impl Fn([f64; N]) -> Result<[f64; M], Error> + Send + Sync,
) -> PyResult<[OutArray<'py>; M]> {
    let names = cols.each_ref().map(|c| c.name);
    columns(py, func, cols, |ins, outs| {
        e::columns::map(names, ins, outs, f)
    })
}

/// Runs a core slice function over the columns (which locates a failing element itself).
fn map_slice<'py, const N: usize>(
    py: Python<'py>,
    func: &str,
    cols: [Col<'_>; N],
    slice_fn: impl FnOnce([&[f64]; N], &mut [f64]) -> Result<(), Error> + Send,
) -> PyResult<OutArray<'py>> {
    let [o] = columns(py, func, cols, |ins, [out]| slice_fn(ins, out))?;
    Ok(o)
}

/// A `ReelscoreError` for element `i` of the columns that failed with `e`.
fn element_error(func: &str, cols: &[Col<'_>], i: usize, e: Error) -> PyErr {
    let shape = cols.first().map_or(&[][..], |c| c.shape);
    match e {
        Error::InvalidValue { name, .. } if cols.iter().any(|c| c.name == name) => {
            core_error(func, e.at(i), shape)
        }
        other => core_error(func, other, &[]),
    }
}

/// A `ReelscoreError` for a scalar option or a whole-array failure.
fn call_error(func: &str, e: Error) -> PyErr {
    core_error(func, e, &[])
}

type Arr<'py> = PyReadonlyArrayDyn<'py, f64>;
type Vec1<'py> = Bound<'py, PyArray1<f64>>;

// ------------------------------------------------------------------------------ normal

/// Standard normal quantile Φ⁻¹(p) (scipy `norm.ppf`, AS 241), element-wise.
#[pyfunction]
#[pyo3(signature = (p, /))]
fn normal_ppf<'py>(py: Python<'py>, p: Arr<'py>) -> PyResult<OutArray<'py>> {
    let [o] = map_elems(py, "normal_ppf", [col("p", &p)?], |[p]| {
        Ok([e::normal_ppf(p)?])
    })?;
    Ok(o)
}

/// Standard normal inverse survival function (scipy `norm.isf`), element-wise.
#[pyfunction]
#[pyo3(signature = (q, /))]
fn normal_isf<'py>(py: Python<'py>, q: Arr<'py>) -> PyResult<OutArray<'py>> {
    let [o] = map_elems(py, "normal_isf", [col("q", &q)?], |[q]| {
        Ok([e::normal_isf(q)?])
    })?;
    Ok(o)
}

/// Two-sided critical value z for a confidence level, element-wise.
#[pyfunction]
#[pyo3(signature = (confidence, /))]
fn z_for_confidence<'py>(py: Python<'py>, confidence: Arr<'py>) -> PyResult<OutArray<'py>> {
    let c = col("confidence", &confidence)?;
    let [o] = map_elems(py, "z_for_confidence", [c], |[c]| {
        Ok([e::z_for_confidence(c)?])
    })?;
    Ok(o)
}

// ------------------------------------------------------------------------------- rates

/// Wilson intervals: `(lower, upper)`.
#[pyfunction]
#[pyo3(signature = (successes, totals, /, *, z))]
fn wilson_interval<'py>(
    py: Python<'py>,
    successes: Arr<'py>,
    totals: Arr<'py>,
    z: f64,
) -> PyResult<(OutArray<'py>, OutArray<'py>)> {
    let cols = [col("successes", &successes)?, col("totals", &totals)?];
    let [lo, hi] = map_elems(py, "wilson_interval", cols, |[s, n]| {
        let (lo, hi) = e::wilson_interval(s, n, z)?;
        Ok([lo, hi])
    })?;
    Ok((lo, hi))
}

/// Bayesian (IMDb) averages sharing one prior.
#[pyfunction]
#[pyo3(signature = (mean, votes, /, *, prior_weight, prior_mean))]
fn bayesian_average<'py>(
    py: Python<'py>,
    mean: Arr<'py>,
    votes: Arr<'py>,
    prior_weight: f64,
    prior_mean: f64,
) -> PyResult<OutArray<'py>> {
    map_slice(
        py,
        "bayesian_average",
        [col("mean", &mean)?, col("votes", &votes)?],
        |[m, v], out| e::bayesian_average_slice(m, v, prior_weight, prior_mean, out),
    )
}

/// Additive (Lidstone/Laplace) smoothing.
#[pyfunction]
#[pyo3(signature = (count, total, /, *, alpha, categories))]
fn additive_smoothing<'py>(
    py: Python<'py>,
    count: Arr<'py>,
    total: Arr<'py>,
    alpha: f64,
    categories: f64,
) -> PyResult<OutArray<'py>> {
    let cols = [col("count", &count)?, col("total", &total)?];
    let [o] = map_elems(py, "additive_smoothing", cols, |[c, t]| {
        Ok([e::additive_smoothing(c, t, alpha, categories)?])
    })?;
    Ok(o)
}

/// Evan Miller's star-rating sort of each row of a `(rows, levels)` count matrix (top star
/// first).
#[pyfunction]
#[pyo3(signature = (counts, /, *, z))]
fn star_rating_sort<'py>(
    py: Python<'py>,
    counts: PyReadonlyArray2<'py, f64>,
    z: f64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let (rows, levels) = counts.as_array().dim();
    let data = contiguous2(&counts, "counts")?;
    if levels == 0 {
        return Err(msg(format!(
            "counts has shape ({rows}, 0): at least one star level is needed"
        )));
    }
    let res = maybe_detach(py, data.len(), || {
        data.chunks_exact(levels)
            .enumerate()
            .map(|(r, row)| e::star_rating_sort(row, z).map_err(|e| (r, e)))
            .collect::<Result<Vec<f64>, _>>()
    });
    match res {
        Ok(v) => Ok(v.into_pyarray(py)),
        Err((r, err)) => Err(core_error(
            "star_rating_sort",
            err.at_offset(r * levels),
            &[rows, levels],
        )),
    }
}

fn contiguous2<'a>(a: &'a PyReadonlyArray2<'_, f64>, name: &str) -> PyResult<&'a [f64]> {
    a.as_slice().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name} must be C-contiguous (shape {:?})",
            a.shape()
        ))
    })
}

// ------------------------------------------------------------------------------- watch

/// Average view durations `total_watch_seconds / views`.
#[pyfunction]
#[pyo3(signature = (total_watch_seconds, views, /))]
fn average_view_duration<'py>(
    py: Python<'py>,
    total_watch_seconds: Arr<'py>,
    views: Arr<'py>,
) -> PyResult<OutArray<'py>> {
    let cols = [
        col("total_watch_seconds", &total_watch_seconds)?,
        col("views", &views)?,
    ];
    let [o] = map_elems(py, "average_view_duration", cols, |[t, v]| {
        Ok([e::average_view_duration(t, v)?])
    })?;
    Ok(o)
}

/// Fractions viewed `average_view_duration / duration_seconds`.
#[pyfunction]
#[pyo3(signature = (average_view_duration, duration_seconds, /))]
fn fraction_viewed<'py>(
    py: Python<'py>,
    average_view_duration: Arr<'py>,
    duration_seconds: Arr<'py>,
) -> PyResult<OutArray<'py>> {
    let cols = [
        col("average_view_duration", &average_view_duration)?,
        col("duration_seconds", &duration_seconds)?,
    ];
    let [o] = map_elems(py, "fraction_viewed", cols, |[a, d]| {
        Ok([e::fraction_viewed(a, d)?])
    })?;
    Ok(o)
}

/// Hook retention of one sample of watch times at each threshold of `t`.
#[pyfunction]
#[pyo3(signature = (watch_times, t, /))]
fn hook_retention<'py>(
    py: Python<'py>,
    watch_times: PyReadonlyArray1<'py, f64>,
    t: Arr<'py>,
) -> PyResult<OutArray<'py>> {
    let w = watch_times
        .as_slice()
        .map_err(|_| PyTypeError::new_err("watch_times must be C-contiguous"))?;
    if w.is_empty() {
        return Err(msg("hook_retention: watch_times is empty".into()));
    }
    // Checks every watch time once (t = 0 counts them all), so an error names its element
    // of `watch_times` rather than of `t`.
    e::hook_retention(w, 0.0).map_err(|err| call_error("hook_retention", err))?;
    let [o] = map_elems(py, "hook_retention", [col("t", &t)?], |[t]| {
        Ok([e::hook_retention(w, t)?])
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
    let t = times
        .as_slice()
        .map_err(|_| PyTypeError::new_err("times must be C-contiguous"))?;
    let r = retention
        .as_slice()
        .map_err(|_| PyTypeError::new_err("retention must be C-contiguous"))?;
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
        other => call_error("retention_curve_area", other),
    })
}

/// Rewatch ratios `views / unique_viewers`.
#[pyfunction]
#[pyo3(signature = (views, unique_viewers, /))]
fn rewatch_ratio<'py>(
    py: Python<'py>,
    views: Arr<'py>,
    unique_viewers: Arr<'py>,
) -> PyResult<OutArray<'py>> {
    let cols = [
        col("views", &views)?,
        col("unique_viewers", &unique_viewers)?,
    ];
    let [o] = map_elems(py, "rewatch_ratio", cols, |[v, u]| {
        Ok([e::rewatch_ratio(v, u)?])
    })?;
    Ok(o)
}

/// Largest number of duration buckets of a `WatchTimeDistribution`.
pub const D2Q_MAX_BUCKETS: usize = 8;
/// Histogram bins per duration bucket.
pub const D2Q_BINS: usize = 256;

type D2q<const B: usize> = Box<e::WatchTimeDistribution<B, D2Q_BINS>>;

/// The core distribution with 1 to 8 buckets.
enum Dist {
    B1(D2q<1>),
    B2(D2q<2>),
    B3(D2q<3>),
    B4(D2q<4>),
    B5(D2q<5>),
    B6(D2q<6>),
    B7(D2q<7>),
    B8(D2q<8>),
}

/// Evaluates `$body` with `$d` bound to the distribution inside `$dist`.
macro_rules! with_dist {
    ($dist:expr, |$d:ident| $body:expr) => {
        match $dist {
            Dist::B1($d) => $body,
            Dist::B2($d) => $body,
            Dist::B3($d) => $body,
            Dist::B4($d) => $body,
            Dist::B5($d) => $body,
            Dist::B6($d) => $body,
            Dist::B7($d) => $body,
            Dist::B8($d) => $body,
        }
    };
}

fn make<const B: usize>(edges: &[f64]) -> Result<D2q<B>, Error> {
    let mut a = [0.0; B];
    a.copy_from_slice(edges);
    Ok(Box::new(e::WatchTimeDistribution::new(a)?))
}

/// Duration-debiased watch score (D2Q, Zhan et al. KDD 2022): a fixed-memory histogram of
/// watch times per clip-duration bucket (1–8 buckets, 256 bins each); `percentile` scores a
/// watch time against views of clips of similar duration.
#[pyclass(module = "reelscore._native")]
pub struct WatchTimeDistribution {
    dist: Dist,
    edges: Vec<f64>,
}

#[pymethods]
impl WatchTimeDistribution {
    #[new]
    #[pyo3(signature = (duration_edges, /))]
    fn new(duration_edges: Vec<f64>) -> PyResult<Self> {
        let ed = &duration_edges;
        let built = match ed.len() {
            0 => {
                return Err(msg(
                    "duration_edges is empty: give 1 to 8 bucket edges".into()
                ));
            }
            1 => make::<1>(ed).map(Dist::B1),
            2 => make::<2>(ed).map(Dist::B2),
            3 => make::<3>(ed).map(Dist::B3),
            4 => make::<4>(ed).map(Dist::B4),
            5 => make::<5>(ed).map(Dist::B5),
            6 => make::<6>(ed).map(Dist::B6),
            7 => make::<7>(ed).map(Dist::B7),
            8 => make::<8>(ed).map(Dist::B8),
            n => {
                return Err(msg(format!(
                    "duration_edges has {n} edges: capacity exceeded (at most {D2Q_MAX_BUCKETS} buckets)"
                )));
            }
        };
        let dist = built.map_err(|_| {
            msg(format!(
                "duration_edges {duration_edges:?} must be finite, positive and strictly increasing"
            ))
        })?;
        Ok(Self {
            dist,
            edges: duration_edges,
        })
    }

    /// The duration bucket upper edges, seconds.
    #[getter]
    fn duration_edges(&self) -> Vec<f64> {
        self.edges.clone()
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
        same_shape(&cols)?;
        let (ds, ws) = (cols[0].data, cols[1].data);
        let dist = &mut self.dist;
        let res = maybe_detach(py, ds.len(), || {
            with_dist!(dist, |d| {
                for (i, (&du, &w)) in ds.iter().zip(ws).enumerate() {
                    d.add(du, w).map_err(|e| (i, e))?;
                }
                Ok(())
            })
        });
        res.map_err(|(i, err)| element_error("WatchTimeDistribution.add", &cols, i, err))
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
        let dist = &self.dist;
        let [o] = with_dist!(dist, |d| map_elems(
            py,
            "WatchTimeDistribution.percentile",
            cols,
            |[du, w]| Ok([d.percentile(du, w)?])
        ))?;
        Ok(o)
    }

    /// The histograms as a new `(buckets, bins)` uint64 array.
    fn counts<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<u64>> {
        with_dist!(&self.dist, |d| {
            let c = d.counts();
            Array2::from_shape_fn((c.len(), D2Q_BINS), |(b, k)| c[b][k]).into_pyarray(py)
        })
    }

    /// Adds `(buckets, bins)` uint64 counters (another distribution's `counts()`, same edges).
    #[pyo3(signature = (counts, /))]
    fn add_counts(&mut self, counts: PyReadonlyArray2<'_, u64>) -> PyResult<()> {
        let (shape, want) = (counts.shape(), [self.edges.len(), D2Q_BINS]);
        let data = counts
            .as_slice()
            .ok()
            .filter(|_| shape == want)
            .ok_or_else(|| {
                msg(format!(
                    "counts must be a C-contiguous uint64 array of shape {want:?} (buckets, bins), \
                 got shape {shape:?}"
                ))
            })?;
        with_dist!(&mut self.dist, |d| {
            let mut add = *d.counts();
            for (row, src) in add.iter_mut().zip(data.chunks_exact(D2Q_BINS)) {
                row.copy_from_slice(src);
            }
            d.add_counts(&add);
        });
        Ok(())
    }

    /// Views recorded in the bucket of `duration`.
    #[pyo3(signature = (duration, /))]
    fn count(&self, duration: f64) -> PyResult<u64> {
        with_dist!(&self.dist, |d| d.count(duration))
            .map_err(|e| call_error("WatchTimeDistribution.count", e))
    }

    /// The bucket index of a clip duration.
    #[pyo3(signature = (duration, /))]
    fn bucket_of(&self, duration: f64) -> PyResult<usize> {
        with_dist!(&self.dist, |d| d.bucket_of(duration))
            .map_err(|e| call_error("WatchTimeDistribution.bucket_of", e))
    }

    fn __repr__(&self) -> String {
        format!(
            "WatchTimeDistribution(duration_edges={:?}, bins={D2Q_BINS})",
            self.edges
        )
    }
}

// ----------------------------------------------------------------------------- actions

/// Plain weighted sums of each row of `predictions` (`(rows, actions)`).
#[pyfunction]
#[pyo3(signature = (predictions, weights, /))]
fn weighted_action_sum<'py>(
    py: Python<'py>,
    predictions: PyReadonlyArray2<'py, f64>,
    weights: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let (rows, k) = predictions.as_array().dim();
    let p = contiguous2(&predictions, "predictions")?;
    let w = weights
        .as_slice()
        .map_err(|_| PyTypeError::new_err("weights must be C-contiguous"))?;
    check_actions(rows, k, w.len())?;
    let res = maybe_detach(py, p.len(), || {
        p.chunks_exact(k)
            .enumerate()
            .map(|(r, row)| e::weighted_action_sum(row, w).map_err(|e| (r, e)))
            .collect::<Result<Vec<f64>, _>>()
    });
    match res {
        Ok(v) => Ok(v.into_pyarray(py)),
        Err((r, err)) => {
            // The core checked row `r`: move an element index of `predictions` to that row,
            // and locate a row's own failure (an overflow) at the row.
            let err = match err {
                Error::InvalidValue {
                    name: "predictions",
                    ..
                } => err.at_offset(r * k),
                Error::InvalidValue {
                    name: "weights", ..
                } => err,
                other => other.at(r),
            };
            Err(actions_error("weighted_action_sum", rows, k, err))
        }
    }
}

/// A `ReelscoreError` for the `(rows, k)` predictions or the `k` weights.
fn actions_error(func: &str, rows: usize, k: usize, err: Error) -> PyErr {
    match err {
        Error::InvalidValue {
            name: "predictions",
            ..
        } => core_error(func, err, &[rows, k]),
        other => core_error(func, other, &[]),
    }
}

fn check_actions(rows: usize, k: usize, weights: usize) -> PyResult<()> {
    if weights != k {
        return Err(msg(format!(
            "predictions has shape ({rows}, {k}) but weights has {weights} entries (one per action)"
        )));
    }
    if k == 0 {
        return Err(msg("weights is empty: give at least one action".into()));
    }
    Ok(())
}

/// Action-weighted scores with twitter's negative-total handling, one per row.
#[pyfunction]
#[pyo3(signature = (predictions, weights, /))]
fn weighted_scores_sum<'py>(
    py: Python<'py>,
    predictions: PyReadonlyArray2<'py, f64>,
    weights: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let (rows, k) = predictions.as_array().dim();
    let p = contiguous2(&predictions, "predictions")?;
    let w = weights
        .as_slice()
        .map_err(|_| PyTypeError::new_err("weights must be C-contiguous"))?;
    check_actions(rows, k, w.len())?;
    let mut out = vec![0.0; rows];
    let res = maybe_detach(py, p.len(), || e::weighted_scores_sum_rows(p, w, &mut out));
    res.map_err(|err| actions_error("weighted_scores_sum", rows, k, err))?;
    Ok(out.into_pyarray(py))
}

// ------------------------------------------------------------------------------- decay

/// Decayed values `values · 2^(−age / half_life)` (the core's slice path).
#[pyfunction]
#[pyo3(signature = (values, age, /, *, half_life))]
fn half_life_decay<'py>(
    py: Python<'py>,
    values: Arr<'py>,
    age: Arr<'py>,
    half_life: f64,
) -> PyResult<OutArray<'py>> {
    map_slice(
        py,
        "half_life_decay",
        [col("values", &values)?, col("age", &age)?],
        |[v, a], out| e::half_life_decay_slice(v, a, half_life, out),
    )
}

/// Reddit hot, exactly as `_sorts.pyx`.
#[pyfunction]
#[pyo3(signature = (ups, downs, date, /))]
fn reddit_hot<'py>(
    py: Python<'py>,
    ups: Arr<'py>,
    downs: Arr<'py>,
    date: Arr<'py>,
) -> PyResult<OutArray<'py>> {
    map_slice(
        py,
        "reddit_hot",
        [
            col("ups", &ups)?,
            col("downs", &downs)?,
            col("date", &date)?,
        ],
        |[u, d, t], out| e::reddit_hot_slice(u, d, t, out),
    )
}

/// Reddit's comment "best" sort `_confidence`.
#[pyfunction]
#[pyo3(signature = (ups, downs, /))]
fn reddit_confidence<'py>(
    py: Python<'py>,
    ups: Arr<'py>,
    downs: Arr<'py>,
) -> PyResult<OutArray<'py>> {
    let cols = [col("ups", &ups)?, col("downs", &downs)?];
    let [o] = map_elems(py, "reddit_confidence", cols, |[u, d]| {
        Ok([e::reddit_confidence(u, d)?])
    })?;
    Ok(o)
}

/// Hacker News `frontpage-rank` with a per-item penalty.
#[pyfunction]
#[pyo3(signature = (points, age_minutes, penalty, /, *, gravity))]
fn hacker_news_rank<'py>(
    py: Python<'py>,
    points: Arr<'py>,
    age_minutes: Arr<'py>,
    penalty: Arr<'py>,
    gravity: f64,
) -> PyResult<OutArray<'py>> {
    let cols = [
        col("points", &points)?,
        col("age_minutes", &age_minutes)?,
        col("penalty", &penalty)?,
    ];
    let [o] = map_elems(py, "hacker_news_rank", cols, |[p, a, pen]| {
        Ok([e::hacker_news_rank(p, a, gravity, pen)?])
    })?;
    Ok(o)
}

/// Applies a per-series core function along the last axis of `series`.
fn per_series<'py>(
    py: Python<'py>,
    func: &str,
    series: &Arr<'py>,
    f: impl Fn(&[f64], &mut [f64]) -> Result<(), Error> + Send + Sync,
) -> PyResult<OutArray<'py>> {
    rows(py, func, col("x", series)?, f)
}

/// EWMA along the last axis (pandas `ewm(alpha, adjust=False).mean()`).
#[pyfunction]
#[pyo3(signature = (x, /, *, alpha))]
fn ewma<'py>(py: Python<'py>, x: Arr<'py>, alpha: f64) -> PyResult<OutArray<'py>> {
    per_series(py, "ewma", &x, |xs, o| e::ewma_slice(xs, alpha, o))
}

/// Trending z-scores along the last axis.
#[pyfunction]
#[pyo3(signature = (x, /, *, alpha))]
fn trending_z<'py>(py: Python<'py>, x: Arr<'py>, alpha: f64) -> PyResult<OutArray<'py>> {
    per_series(py, "trending_z", &x, |xs, o| {
        e::trending_z_slice(xs, alpha, o)
    })
}

/// Exponentially weighted (biased) variance along the last axis, as the trending z-score
/// tracks it (pandas `ewm(alpha, adjust=False).var(bias=True)`).
#[pyfunction]
#[pyo3(signature = (x, /, *, alpha))]
fn ewm_variance<'py>(py: Python<'py>, x: Arr<'py>, alpha: f64) -> PyResult<OutArray<'py>> {
    per_series(py, "ewm_variance", &x, |xs, o| {
        let mut t = e::TrendingZ::new(alpha)?;
        for (o, &x) in o.iter_mut().zip(xs) {
            t.update(x)?;
            *o = t.variance().unwrap_or(0.0);
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------- pairwise

/// Elo expected scores of A against B.
#[pyfunction]
#[pyo3(signature = (rating_a, rating_b, /))]
fn elo_expected<'py>(
    py: Python<'py>,
    rating_a: Arr<'py>,
    rating_b: Arr<'py>,
) -> PyResult<OutArray<'py>> {
    let cols = [col("rating_a", &rating_a)?, col("rating_b", &rating_b)?];
    let [o] = map_elems(py, "elo_expected", cols, |[a, b]| {
        Ok([e::elo_expected(a, b)?])
    })?;
    Ok(o)
}

/// Independent Elo games: the new `(rating_a, rating_b)`.
#[pyfunction]
#[pyo3(signature = (rating_a, rating_b, score_a, /, *, k))]
fn elo_update<'py>(
    py: Python<'py>,
    rating_a: Arr<'py>,
    rating_b: Arr<'py>,
    score_a: Arr<'py>,
    k: f64,
) -> PyResult<(OutArray<'py>, OutArray<'py>)> {
    let cols = [
        col("rating_a", &rating_a)?,
        col("rating_b", &rating_b)?,
        col("score_a", &score_a)?,
    ];
    let [a, b] = map_elems(py, "elo_update", cols, |[a, b, s]| {
        let (x, y) = e::elo_update(a, b, s, k)?;
        Ok([x, y])
    })?;
    Ok((a, b))
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
    let mut r = ratings.as_array().to_vec();
    let (a, b, s) = (a.as_array(), b.as_array(), score_a.as_array());
    if a.len() != b.len() || a.len() != s.len() {
        return Err(msg(format!(
            "a, b and score_a have {}, {} and {} games; they must match",
            a.len(),
            b.len(),
            s.len()
        )));
    }
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
            other => call_error("Elo.play", other),
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
        opponent_ratings.as_array().to_vec(),
        opponent_rds.as_array().to_vec(),
        scores.as_array().to_vec(),
    );
    if r.len() != d.len() || r.len() != s.len() {
        return Err(msg(format!(
            "opponent_ratings, opponent_rds and scores have {}, {} and {} games; they must match",
            r.len(),
            d.len(),
            s.len()
        )));
    }
    let p = Glicko2Rating {
        rating,
        rd,
        volatility,
    };
    let out =
        e::glicko2_update(p, &r, &d, &s, tau).map_err(|err| call_error("glicko2_update", err))?;
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
    let (r, c) = wins.as_array().dim();
    if r != c {
        return Err(msg(format!(
            "wins must be a square (n, n) matrix, got shape ({r}, {c})"
        )));
    }
    Ok((r, contiguous2(wins, "wins")?))
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
    let (w, l) = (winners.as_array(), losers.as_array());
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
    for v in 0..w.len() {
        let (a, b) = (w[v], l[v]);
        for (name, x) in [("winners", a), ("losers", b)] {
            if x < 0 || x as u64 >= n as u64 {
                return Err(msg(format!(
                    "{name} (index {v}) = {x} is not an item index (0 to {})",
                    n as i64 - 1
                )));
            }
        }
        if a == b {
            return Err(msg(format!("vote {v}: item {a} cannot beat itself")));
        }
        m[a as usize * n + b as usize] += 1.0;
    }
    numpy::ndarray::Array2::from_shape_vec((n, n), m)
        .map(|a| a.into_pyarray(py))
        .map_err(|e| msg(e.to_string()))
}

/// Arena ratings `400·θ/ln 10 + 1000`.
#[pyfunction]
#[pyo3(signature = (theta, /))]
fn arena_ratings<'py>(py: Python<'py>, theta: Arr<'py>) -> PyResult<OutArray<'py>> {
    map_slice(py, "arena_ratings", [col("theta", &theta)?], |[t], out| {
        e::arena_ratings(t, out)
    })
}

/// Probabilities that item i beats item j, element-wise over strengths.
#[pyfunction]
#[pyo3(signature = (theta_i, theta_j, /))]
fn bradley_terry_win_probability<'py>(
    py: Python<'py>,
    theta_i: Arr<'py>,
    theta_j: Arr<'py>,
) -> PyResult<OutArray<'py>> {
    let cols = [col("theta_i", &theta_i)?, col("theta_j", &theta_j)?];
    let [o] = map_elems(py, "bradley_terry_win_probability", cols, |[a, b]| {
        Ok([e::bradley_terry_win_probability(a, b)?])
    })?;
    Ok(o)
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
    let t = theta.as_array().to_vec();
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
    let s = match strategy {
        "uncertain" => PairStrategy::MostUncertain,
        "leader" => PairStrategy::ChallengeLeader,
        other => {
            return Err(msg(format!(
                "strategy must be 'uncertain' or 'leader', got {other:?}"
            )));
        }
    };
    let (n, w) = square_wins(&wins)?;
    let t = theta.as_array().to_vec();
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
    let s = scores
        .as_slice()
        .map_err(|_| PyTypeError::new_err("scores must be C-contiguous"))?;
    let ids_v = ids.as_ref().map(|a| a.as_array().to_vec());
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
        .map_err(|err| call_error("top_k", err))?;
    Ok(out[..got]
        .iter()
        .map(|&i| i as i64)
        .collect::<Vec<i64>>()
        .into_pyarray(py))
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
    let q = query
        .as_slice()
        .map_err(|_| PyTypeError::new_err("query must be C-contiguous"))?;
    let (n, d) = embeddings.as_array().dim();
    let em = contiguous2(&embeddings, "embeddings")?;
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
        other => call_error("mmr", other),
    })?;
    Ok(out[..got]
        .iter()
        .map(|&i| i as i64)
        .collect::<Vec<i64>>()
        .into_pyarray(py))
}

/// Author-diversity multipliers of `k`-th items by the same author, element-wise.
#[pyfunction]
#[pyo3(signature = (k, /, *, decay, floor))]
fn author_diversity_multiplier<'py>(
    py: Python<'py>,
    k: Arr<'py>,
    decay: f64,
    floor: f64,
) -> PyResult<OutArray<'py>> {
    let [o] = map_elems(py, "author_diversity_multiplier", [col("k", &k)?], |[k]| {
        if !(k >= 0.0 && k.fract() == 0.0 && k <= 1e18) {
            return Err(Error::invalid("k", k, Rule::Whole { lo: 0.0, hi: 1e18 }));
        }
        Ok([e::author_diversity_multiplier(k as usize, decay, floor)?])
    })?;
    Ok(o)
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
    let a = authors.as_array().to_vec();
    let mut out = vec![0.0; a.len()];
    maybe_detach(py, a.len(), || {
        e::author_diversity_multipliers(&a, decay, floor, &mut out)
    })
    .map_err(|err| call_error("author_diversity_multipliers", err))?;
    Ok(out.into_pyarray(py))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add_table(m)?;
    let stubs: Vec<&str> = TABLE_STUBS
        .iter()
        .copied()
        .filter(|s| !s.is_empty())
        .collect();
    m.setattr("_TABLE_STUBS", stubs)?;
    m.add_function(wrap_pyfunction!(normal_ppf, m)?)?;
    m.add_function(wrap_pyfunction!(normal_isf, m)?)?;
    m.add_function(wrap_pyfunction!(z_for_confidence, m)?)?;
    m.add_function(wrap_pyfunction!(wilson_interval, m)?)?;
    m.add_function(wrap_pyfunction!(bayesian_average, m)?)?;
    m.add_function(wrap_pyfunction!(additive_smoothing, m)?)?;
    m.add_function(wrap_pyfunction!(star_rating_sort, m)?)?;
    m.add_function(wrap_pyfunction!(average_view_duration, m)?)?;
    m.add_function(wrap_pyfunction!(fraction_viewed, m)?)?;
    m.add_function(wrap_pyfunction!(hook_retention, m)?)?;
    m.add_function(wrap_pyfunction!(retention_curve_area, m)?)?;
    m.add_function(wrap_pyfunction!(rewatch_ratio, m)?)?;
    m.add_class::<WatchTimeDistribution>()?;
    m.add_function(wrap_pyfunction!(weighted_action_sum, m)?)?;
    m.add_function(wrap_pyfunction!(weighted_scores_sum, m)?)?;
    m.add_function(wrap_pyfunction!(half_life_decay, m)?)?;
    m.add_function(wrap_pyfunction!(reddit_hot, m)?)?;
    m.add_function(wrap_pyfunction!(reddit_confidence, m)?)?;
    m.add_function(wrap_pyfunction!(hacker_news_rank, m)?)?;
    m.add_function(wrap_pyfunction!(ewma, m)?)?;
    m.add_function(wrap_pyfunction!(trending_z, m)?)?;
    m.add_function(wrap_pyfunction!(ewm_variance, m)?)?;
    m.add_function(wrap_pyfunction!(elo_expected, m)?)?;
    m.add_function(wrap_pyfunction!(elo_update, m)?)?;
    m.add_function(wrap_pyfunction!(elo_replay, m)?)?;
    m.add_function(wrap_pyfunction!(glicko2_update, m)?)?;
    m.add_function(wrap_pyfunction!(bradley_terry_fit, m)?)?;
    m.add_function(wrap_pyfunction!(bradley_terry_count_votes, m)?)?;
    m.add_function(wrap_pyfunction!(arena_ratings, m)?)?;
    m.add_function(wrap_pyfunction!(bradley_terry_win_probability, m)?)?;
    m.add_function(wrap_pyfunction!(bradley_terry_bootstrap, m)?)?;
    m.add_function(wrap_pyfunction!(bradley_terry_next_pair, m)?)?;
    m.add_function(wrap_pyfunction!(splitmix64, m)?)?;
    m.add_function(wrap_pyfunction!(top_k, m)?)?;
    m.add_function(wrap_pyfunction!(mmr, m)?)?;
    m.add_function(wrap_pyfunction!(author_diversity_multiplier, m)?)?;
    m.add_function(wrap_pyfunction!(author_diversity_multipliers, m)?)?;
    m.add("DETACH_MIN", DETACH_MIN)?;
    m.add("D2Q_MAX_BUCKETS", D2Q_MAX_BUCKETS)?;
    m.add("D2Q_BINS", D2Q_BINS)?;
    m.add("Z_95", e::Z_95)?;
    m.add("WEIGHTED_SCORES_EPSILON", e::WEIGHTED_SCORES_EPSILON)?;
    m.add("X_RECAP_ACTION_NAMES", e::X_RECAP_ACTION_NAMES.to_vec())?;
    m.add("X_RECAP_WEIGHTS", e::X_RECAP_WEIGHTS.to_vec())?;
    m.add("REDDIT_EPOCH_SECONDS", e::REDDIT_EPOCH_SECONDS)?;
    m.add(
        "REDDIT_HOT_SECONDS_PER_UNIT",
        e::REDDIT_HOT_SECONDS_PER_UNIT,
    )?;
    m.add("REDDIT_CONFIDENCE_Z", f64::from(e::REDDIT_CONFIDENCE_Z))?;
    m.add("HN_GRAVITY", e::HN_GRAVITY)?;
    m.add("HN_TIMEBASE_MINUTES", e::HN_TIMEBASE_MINUTES)?;
    m.add("HN_SCORE_EXPONENT", e::HN_SCORE_EXPONENT)?;
    m.add("HN_NOURL_FACTOR", e::HN_NOURL_FACTOR)?;
    m.add("HN_LIGHTWEIGHT_FACTOR", e::HN_LIGHTWEIGHT_FACTOR)?;
    m.add("HN_GAG_FACTOR", e::HN_GAG_FACTOR)?;
    m.add("ELO_SCALE", e::ELO_SCALE)?;
    m.add("ELO_DEFAULT_K", e::ELO_DEFAULT_K)?;
    m.add("GLICKO2_SCALE", e::GLICKO2_SCALE)?;
    m.add("GLICKO2_DEFAULT_RATING", e::GLICKO2_DEFAULT_RATING)?;
    m.add("GLICKO2_DEFAULT_RD", e::GLICKO2_DEFAULT_RD)?;
    m.add("GLICKO2_DEFAULT_VOLATILITY", e::GLICKO2_DEFAULT_VOLATILITY)?;
    m.add("GLICKO2_DEFAULT_TAU", e::GLICKO2_DEFAULT_TAU)?;
    m.add("ARENA_SCALE", e::ARENA_SCALE)?;
    m.add("ARENA_OFFSET", e::ARENA_OFFSET)?;
    m.add("BT_DEFAULT_ALPHA", e::BT_DEFAULT_ALPHA)?;
    m.add("BT_DEFAULT_TOLERANCE", e::BT_DEFAULT_TOLERANCE)?;
    m.add("BT_DEFAULT_MAX_ITERATIONS", e::BT_DEFAULT_MAX_ITERATIONS)?;
    Ok(())
}
