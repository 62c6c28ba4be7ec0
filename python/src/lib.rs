//! `reelscore._native`: thin PyO3 bindings over the `reelscore` core.
//!
//! Arrays come in positional-only and are borrowed without copying; options are keyword-only;
//! frame-sized work runs with the GIL released (`py.detach`). Every core error becomes one
//! exception class, `ReelscoreError(ValueError)`, whose message names the offending values.

#[macro_use]
mod table;

mod arrays;
mod audio;
mod borrow;
mod clip;
mod detect;
mod engage;
mod errors;
mod flights;
mod kernels;
mod metrics;
mod subjects;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add(
        "ReelscoreError",
        m.py().get_type::<errors::ReelscoreError>(),
    )?;
    m.add("__version__", reelscore::VERSION)?;
    metrics::register(m)?;
    kernels::register(m)?;
    engage::register(m)?;
    let stubs = table::stubs(&[metrics::TABLE_STUBS, engage::TABLE_STUBS]);
    m.setattr("_TABLE_STUBS", stubs)?;
    clip::register(m)?;
    audio::register(m)?;
    detect::register(m)?;
    subjects::register(m)?;
    flights::register(m)?;
    Ok(())
}
