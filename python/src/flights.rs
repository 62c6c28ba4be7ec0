//! Objects in flight for Python: the paths behind the clip scorer's flight verdicts
//! (`reelscore::clip::flight_paths`), one dict of numpy arrays per judged flight. The binding
//! only converts; tracking and judging live in the core.

use numpy::IntoPyArray;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use reelscore::clip::flight_paths::{self, FlightPath, FlightVerdict};

/// A judged flight as a dict: `verdict` (`FLIGHT_VERDICTS`), `start` and `end` (its first and
/// last frame) and `frames` (uint32), `x` and `y` (float64, pixels of the frame, the top-left
/// pixel's centre at 0) per point.
fn flight_dict<'py>(py: Python<'py>, f: &FlightPath) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let (start, end) = f.frames();
    d.set_item("verdict", f.verdict.name())?;
    d.set_item("start", start)?;
    d.set_item("end", end)?;
    let frames: Vec<u32> = f.points.iter().map(|p| p.frame).collect();
    let x: Vec<f64> = f.points.iter().map(|p| f64::from(p.x)).collect();
    let y: Vec<f64> = f.points.iter().map(|p| f64::from(p.y)).collect();
    d.set_item("frames", frames.into_pyarray(py))?;
    d.set_item("x", x.into_pyarray(py))?;
    d.set_item("y", y.into_pyarray(py))?;
    Ok(d)
}

/// The dicts of `paths`, in order.
pub fn flight_dicts<'py>(
    py: Python<'py>,
    paths: &[FlightPath],
) -> PyResult<Vec<Bound<'py, PyDict>>> {
    paths.iter().map(|f| flight_dict(py, f)).collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("MAX_FLIGHT_PATHS", flight_paths::MAX_FLIGHT_PATHS)?;
    m.add("FLIGHT_PATH_POINTS", flight_paths::PATH_POINTS)?;
    let names: Vec<&str> = FlightVerdict::ALL.iter().map(|v| v.name()).collect();
    m.add("FLIGHT_VERDICTS", names)?;
    Ok(())
}
