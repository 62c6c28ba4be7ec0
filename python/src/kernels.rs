//! The SIMD kernel path: report it, force it, and apply `REELSCORE_KERNELS` at import.

use pyo3::prelude::*;
use reelscore::kernels::{self as core_kernels, Path};

use crate::errors;

/// The kernel path the metrics run: "portable", "sse41", "avx2", "avx512" or "neon".
#[pyfunction]
fn kernels() -> &'static str {
    core_kernels::path().name()
}

/// The kernel paths this CPU and build can run, worst first.
#[pyfunction]
fn available_kernels() -> Vec<&'static str> {
    Path::ALL
        .into_iter()
        .filter(|&p| core_kernels::available(p))
        .map(Path::name)
        .collect()
}

/// Makes every later metric call run `path` (process-wide; for tests and benchmarks).
/// Raises ReelscoreError for an unknown name or a path this CPU cannot run.
#[pyfunction]
#[pyo3(signature = (path, /))]
fn force_kernels(path: &str) -> PyResult<()> {
    let p = Path::from_name(path).ok_or_else(|| {
        errors::msg(format!(
            "unknown kernel path {path:?}: expected one of portable, sse41, avx2, avx512, neon"
        ))
    })?;
    core_kernels::force(p).map_err(|_| {
        errors::msg(format!(
            "kernel path {path:?} is not available on this CPU (available: {})",
            available_kernels().join(", ")
        ))
    })
}

/// Registers the functions and applies `REELSCORE_KERNELS` (an unknown or unavailable value
/// makes the import fail with ReelscoreError naming it).
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(kernels, m)?)?;
    m.add_function(wrap_pyfunction!(available_kernels, m)?)?;
    m.add_function(wrap_pyfunction!(force_kernels, m)?)?;
    if let Ok(v) = std::env::var("REELSCORE_KERNELS") {
        force_kernels(v.trim())
            .map_err(|e| errors::msg(format!("REELSCORE_KERNELS={v:?}: {}", e.value(m.py()))))?;
    }
    Ok(())
}
