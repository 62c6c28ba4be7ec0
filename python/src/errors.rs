//! The one exception class and the conversion of core errors into it.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    reelscore,
    ReelscoreError,
    PyValueError,
    "Invalid input to reelscore: sizes, values or state. Subclasses ValueError."
);

/// A `ReelscoreError` whose message is `context: core message`.
pub fn err(context: impl core::fmt::Display, e: reelscore::Error) -> PyErr {
    ReelscoreError::new_err(format!("{context}: {e}"))
}

/// A `ReelscoreError` with a free-form message.
pub fn msg(text: String) -> PyErr {
    ReelscoreError::new_err(text)
}
