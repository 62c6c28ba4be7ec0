//! The one exception class and the one conversion of core errors into it.
//!
//! The core's error formats its own message: the argument, its value, the rule it broke and,
//! for an element of an array, its index (see `reelscore::Error`). The bindings add only
//! what the core cannot know: the function's name, and the shape an element index is printed
//! in (`(1, 0)` for a 2-D array).

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

create_exception!(
    reelscore,
    ReelscoreError,
    PyValueError,
    "Invalid input to reelscore: sizes, values or state. Subclasses ValueError."
);

/// A `ReelscoreError` from a core error: the core's message with an element index printed for
/// an array of `shape`; prefixed by `context: ` unless it locates an element (the argument and
/// index say where).
pub fn core_error(context: &str, e: reelscore::Error, shape: &[usize]) -> PyErr {
    let located = matches!(e, reelscore::Error::InvalidValue { index: Some(_), .. });
    let text = e.in_shape(shape);
    if located || context.is_empty() {
        ReelscoreError::new_err(text.to_string())
    } else {
        ReelscoreError::new_err(format!("{context}: {text}"))
    }
}

/// [`core_error`] for a scalar or 1-D argument.
pub fn err(context: impl core::fmt::Display, e: reelscore::Error) -> PyErr {
    core_error(&context.to_string(), e, &[])
}

/// A `ReelscoreError` with a free-form message.
pub fn msg(text: String) -> PyErr {
    ReelscoreError::new_err(text)
}

/// The value of the option named `given` among `options` (`(name, value)` pairs), or a
/// `ReelscoreError` listing the names: `convention must be 'standard' or 'skvideo', got "x"`.
pub fn choice<T: Copy>(what: &str, given: &str, options: &[(&str, T)]) -> PyResult<T> {
    if let Some(&(_, v)) = options.iter().find(|(name, _)| *name == given) {
        return Ok(v);
    }
    let names: Vec<String> = options.iter().map(|(n, _)| format!("'{n}'")).collect();
    Err(msg(format!(
        "{what} must be {}, got {given:?}",
        names.join(" or ")
    )))
}
