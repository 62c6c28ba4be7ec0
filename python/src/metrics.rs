//! Frame metrics for numpy arrays: `(H, W)` uint8, or uint16 with `bits=`; RGB as `(H, W, 3)`.

use numpy::{IntoPyArray, PyArray1, PyArray2, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use reelscore::color::{self, LumaMatrix};
use reelscore::metrics::{self, ms_ssim::MsSsimConvention};
use reelscore::{Error, PlaneMut};

use crate::arrays::{Gray, describe, gray, plane8, plane16, rgb, rgb_array};
use crate::errors::{choice, err, msg};

/// Runs `$body` on the plane `$p` of a [`Gray`] with the GIL released.
macro_rules! on_plane {
    ($py:expr, $g:expr, $name:expr, |$p:ident| $body:expr) => {
        match &$g {
            Gray::U8(arr) => {
                let $p = plane8(arr, $name)?;
                $py.detach(|| $body)
            }
            Gray::U16(arr, bits) => {
                let $p = plane16(arr, $name, *bits)?;
                $py.detach(|| $body)
            }
        }
    };
}

/// Runs `$body` on the planes `$a`, `$b` of two same-dtype arrays with the GIL released.
macro_rules! on_pair {
    ($py:expr, $a:expr, $b:expr, $bits:expr, |$pa:ident, $pb:ident| $body:expr) => {{
        let ga = gray($a, "a", $bits)?;
        let gb = gray($b, "b", $bits)?;
        match (&ga, &gb) {
            (Gray::U8(x), Gray::U8(y)) => {
                let ($pa, $pb) = (plane8(x, "a")?, plane8(y, "b")?);
                $py.detach(|| $body)
            }
            (Gray::U16(x, bx), Gray::U16(y, by)) => {
                let ($pa, $pb) = (plane16(x, "a", *bx)?, plane16(y, "b", *by)?);
                $py.detach(|| $body)
            }
            _ => {
                return Err(msg(format!(
                    "a and b must have the same dtype: a is {}, b is {}",
                    describe($a),
                    describe($b)
                )));
            }
        }
        .map_err(|e: Error| err(format!("a {}, b {}", describe($a), describe($b)), e))
    }};
}

/// MS-SSIM over 5 scales; `convention` is "standard" (Wang 2003) or "skvideo".
#[pyfunction]
#[pyo3(signature = (a, b, /, *, convention="standard", bits=None))]
fn ms_ssim(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    convention: &str,
    bits: Option<u32>,
) -> PyResult<f64> {
    let options = [
        ("standard", MsSsimConvention::Standard),
        ("skvideo", MsSsimConvention::Skvideo),
    ];
    let conv = choice("convention", convention, &options)?;
    on_pair!(py, a, b, bits, |pa, pb| {
        let mut scratch =
            vec![0f32; metrics::ms_ssim::ms_ssim_scratch_len(pa.width(), pa.height())];
        metrics::ms_ssim::ms_ssim(&pa, &pb, conv, &mut scratch)
    })
}

reelscore::metrics_surface!(py_table);

/// Named statistics as a dict of floats.
/// The statistics of `reel_frame_stats` by name, in the order of the core's `FrameStats`.
pub(crate) fn stats_fields(s: &metrics::FrameStats) -> [(&'static str, f64); 11] {
    [
        ("sharpness", s.sharpness),
        ("tenengrad", s.tenengrad),
        ("mean", s.mean),
        ("p10", s.p10),
        ("p90", s.p90),
        ("black_fraction", s.black_fraction),
        ("white_fraction", s.white_fraction),
        ("rms_contrast", s.rms_contrast),
        ("noise_sigma", s.noise_sigma),
        ("blockiness", s.blockiness),
        ("entropy", s.entropy),
    ]
}

fn float_dict<'py>(py: Python<'py>, items: &[(&str, f64)]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for &(k, v) in items {
        d.set_item(k, v)?;
    }
    Ok(d)
}

/// Functions `fn(a, /, *, bits=None)` of one plane whose result is not a float: `compute`
/// runs on the borrowed plane `p` with the GIL released, `convert` turns its value `v` into
/// the Python result.
macro_rules! plane_functions {
    ($($(#[doc = $doc:literal])* fn $name:ident -> $ret:ty = |$py:ident, $a:ident, $p:ident|
        $compute:expr => |$v:ident| $convert:expr;)*) => {$(
        $(#[doc = $doc])*
        #[pyfunction]
        #[pyo3(signature = (a, /, *, bits=None))]
        fn $name<'py>($py: Python<'py>, $a: &Bound<'py, PyAny>, bits: Option<u32>) -> PyResult<$ret> {
            let g = gray($a, "a", bits)?;
            let $v = on_plane!($py, g, "a", |$p| $compute);
            $convert
        }
    )*};
}

plane_functions! {
    /// Every no-reference statistic of one plane, as a dict of floats.
    fn frame_stats -> Bound<'py, PyDict> = |py, a, p| metrics::frame_stats(&p) => |s| {
        let s = s.map_err(|e| err(describe(a), e))?;
        float_dict(py, &stats_fields(&s))
    };
    /// Exposure: mean, p10/p90 (FFmpeg signalstats YLOW/YHIGH) and clipped fractions, as a dict.
    fn exposure -> Bound<'py, PyDict> = |py, a, p| metrics::exposure::exposure(&p) => |e| {
        float_dict(py, &[
            ("mean", e.mean),
            ("p10", e.p10),
            ("p90", e.p90),
            ("black_fraction", e.black_fraction),
            ("white_fraction", e.white_fraction),
        ])
    };
    /// The 256-bin histogram as a uint64 array (deeper planes binned by their top 8 bits).
    fn histogram -> Bound<'py, PyArray1<u64>> =
        |py, a, p| metrics::histogram::Histogram::of(&p) => |h| Ok(h.bins.to_vec().into_pyarray(py));
}

/// Colourfulness (Hasler & Süsstrunk 2003) of an `(H, W, 3)` uint8 RGB array.
#[pyfunction]
#[pyo3(signature = (image, /))]
fn colorfulness(py: Python<'_>, image: &Bound<'_, PyAny>) -> PyResult<f64> {
    let image = rgb_array(image, "image")?;
    let img = rgb(&image, "image")?;
    Ok(py.detach(|| metrics::colorfulness::colorfulness(&img)))
}

/// Luma of an `(H, W, 3)` uint8 RGB array; `matrix` is "bt601" or "bt709".
#[pyfunction]
#[pyo3(signature = (image, /, *, matrix="bt601"))]
fn rgb_to_luma<'py>(
    py: Python<'py>,
    image: &Bound<'py, PyAny>,
    matrix: &str,
) -> PyResult<Bound<'py, PyArray2<u8>>> {
    let image = rgb_array(image, "image")?;
    let options = [("bt601", LumaMatrix::Bt601), ("bt709", LumaMatrix::Bt709)];
    let m = choice("matrix", matrix, &options)?;
    let img = rgb(&image, "image")?;
    let (w, h) = img.size();
    let mut out = vec![0u8; w * h];
    py.detach(|| color::rgb_to_luma(&img, m, &mut PlaneMut::new(&mut out, w, h, w)?))
        .map_err(|e| err("image", e))?;
    numpy::ndarray::Array2::from_shape_vec((h, w), out)
        .map(|a| a.into_pyarray(py))
        .map_err(|e| msg(e.to_string()))
}

/// Limited-range (16–235) uint8 luma expanded to full range: `round((Y−16)·255/219)`,
/// as FFmpeg's `-pix_fmt gray` does.
#[pyfunction]
#[pyo3(signature = (a, /))]
fn expand_limited_range<'py>(
    py: Python<'py>,
    a: PyReadonlyArray2<'py, u8>,
) -> PyResult<Bound<'py, PyArray2<u8>>> {
    let p = plane8(&a, "a")?;
    let (w, h) = p.size();
    let mut out = vec![0u8; w * h];
    py.detach(|| color::expand_limited_range(&p, &mut PlaneMut::new(&mut out, w, h, w)?))
        .map_err(|e| err("a", e))?;
    numpy::ndarray::Array2::from_shape_vec((h, w), out)
        .map(|a| a.into_pyarray(py))
        .map_err(|e| msg(e.to_string()))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add_table(m)?;
    m.add_function(wrap_pyfunction!(ms_ssim, m)?)?;
    m.add_function(wrap_pyfunction!(frame_stats, m)?)?;
    m.add_function(wrap_pyfunction!(exposure, m)?)?;
    m.add_function(wrap_pyfunction!(histogram, m)?)?;
    m.add_function(wrap_pyfunction!(colorfulness, m)?)?;
    m.add_function(wrap_pyfunction!(rgb_to_luma, m)?)?;
    m.add_function(wrap_pyfunction!(expand_limited_range, m)?)?;
    m.add(
        "MS_SSIM_WEIGHTS",
        metrics::ms_ssim::MS_SSIM_WEIGHTS.to_vec(),
    )?;
    Ok(())
}
