//! Who is in the shot across cuts, for Python: the clip scorer's salient-region findings
//! (`reelscore::detect::salient`) and the same comparison for two frames the caller holds.
//! The binding only borrows the planes and converts; the comparison lives in the core.

use numpy::PyReadonlyArray2;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use reelscore::detect::salient::{self, SalientShift};

use crate::arrays::plane8;
use crate::clip::ClipScorer;
use crate::errors::err;

/// A finding as a dict: `frame`, `new_cells`, `region` (left, top, right, bottom shares of the
/// frame) and `same_scene` (0–1).
fn shift_dict<'py>(py: Python<'py>, s: &SalientShift) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("frame", s.frame)?;
    d.set_item("new_cells", s.new_cells)?;
    let r = s.region.map(|v| f64::from(v) / 255.0);
    d.set_item("region", (r[0], r[1], r[2], r[3]))?;
    d.set_item("same_scene", f64::from(s.same_scene) / 100.0)?;
    Ok(d)
}

/// The cuts of `scorer`'s clip whose new shot showed new colours in its salient region
/// (complete after `finish()`; colour input only), one dict each.
#[pyfunction]
fn salient_shifts<'py>(
    py: Python<'py>,
    scorer: PyRef<'py, ClipScorer>,
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    scorer
        .inner
        .salient_shifts()
        .iter()
        .map(|s| shift_dict(py, s))
        .collect()
}

/// Compares the last frame of a shot (`before_y, before_u, before_v`: uint8 planes) with the
/// first of the next as the scorer does at a cut: a dict (`frame` 0) when they show the same
/// scene with new salient colours, else None.
#[pyfunction]
#[pyo3(signature = (before_y, before_u, before_v, after_y, after_u, after_v, /))]
fn salient_compare<'py>(
    py: Python<'py>,
    before_y: PyReadonlyArray2<'py, u8>,
    before_u: PyReadonlyArray2<'py, u8>,
    before_v: PyReadonlyArray2<'py, u8>,
    after_y: PyReadonlyArray2<'py, u8>,
    after_u: PyReadonlyArray2<'py, u8>,
    after_v: PyReadonlyArray2<'py, u8>,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    let b = [
        plane8(&before_y, "before_y")?,
        plane8(&before_u, "before_u")?,
        plane8(&before_v, "before_v")?,
    ];
    let a = [
        plane8(&after_y, "after_y")?,
        plane8(&after_u, "after_u")?,
        plane8(&after_v, "after_v")?,
    ];
    let got = salient::compare_frames([&b[0], &b[1], &b[2]], [&a[0], &a[1], &a[2]])
        .map_err(|e| err("salient_compare", e))?;
    got.map(|s| shift_dict(py, &s)).transpose()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(salient_shifts, m)?)?;
    m.add_function(wrap_pyfunction!(salient_compare, m)?)?;
    use reelscore::clip::config as c;
    m.add("SALIENT_NEW_MIN", c::SALIENT_NEW_MIN)?;
    m.add("SALIENT_SAME_SCENE", c::SALIENT_SAME_SCENE)?;
    Ok(())
}
