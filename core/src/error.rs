//! The one error type of the core: every fallible call returns `Result<T, Error>`.
//!
//! Variants carry the offending values so each binding can print a message a person can act on.
//! The enum is `#[non_exhaustive]`: new checks may add variants without breaking callers.

use core::fmt;

/// Why a call was refused. Nothing is ever computed from invalid input.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Error {
    /// A plane or buffer has zero width or height.
    EmptyPlane {
        /// Width given.
        width: usize,
        /// Height given.
        height: usize,
    },
    /// Row stride (in samples) is smaller than the width.
    StrideTooSmall {
        /// Stride given.
        stride: usize,
        /// Width given.
        width: usize,
    },
    /// A buffer holds fewer samples than its geometry needs.
    BufferTooShort {
        /// Samples needed.
        needed: usize,
        /// Samples present.
        got: usize,
    },
    /// Two inputs that must have the same size do not.
    SizeMismatch {
        /// Width and height of the first input.
        expected: (usize, usize),
        /// Width and height of the other input.
        got: (usize, usize),
    },
    /// A plane is smaller than the metric's window (e.g. 11×11 for SSIM).
    TooSmall {
        /// Smallest width and height accepted.
        min: usize,
        /// Width given.
        width: usize,
        /// Height given.
        height: usize,
    },
    /// A 16-bit plane declared an unsupported bit depth, or holds a sample above it.
    BitDepth {
        /// Bit depth declared.
        bits: u32,
        /// Largest sample found (0 if the depth itself is invalid).
        sample: u32,
    },
    /// A numeric parameter or input value is NaN, infinite or out of its range.
    InvalidValue {
        /// Name of the parameter.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// Two arrays that must have the same length do not.
    LengthMismatch {
        /// Length expected.
        expected: usize,
        /// Length given.
        got: usize,
    },
    /// A fixed-capacity container is full.
    CapacityExceeded {
        /// The capacity.
        capacity: usize,
    },
    /// The call is not valid in the object's current state (e.g. push after finish).
    InvalidState {
        /// What was wrong.
        reason: &'static str,
    },
    /// An input sequence is empty where at least one item is needed.
    Empty {
        /// Name of the input.
        name: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::EmptyPlane { width, height } => {
                write!(
                    f,
                    "plane is empty: width {width}, height {height} (both must be > 0)"
                )
            }
            Error::StrideTooSmall { stride, width } => {
                write!(f, "stride {stride} is smaller than width {width}")
            }
            Error::BufferTooShort { needed, got } => {
                write!(f, "buffer too short: needs {needed} samples, got {got}")
            }
            Error::SizeMismatch { expected, got } => write!(
                f,
                "size mismatch: expected {}x{} (width x height), got {}x{}",
                expected.0, expected.1, got.0, got.1
            ),
            Error::TooSmall { min, width, height } => write!(
                f,
                "plane {width}x{height} is smaller than the {min}x{min} window this metric needs"
            ),
            Error::BitDepth { bits, sample } => {
                if sample == 0 {
                    write!(
                        f,
                        "unsupported bit depth {bits} (9 to 16 for 16-bit planes)"
                    )
                } else {
                    write!(f, "sample {sample} exceeds the {bits}-bit maximum")
                }
            }
            Error::InvalidValue { name, value } => {
                write!(f, "invalid value for {name}: {value}")
            }
            Error::LengthMismatch { expected, got } => {
                write!(f, "length mismatch: expected {expected}, got {got}")
            }
            Error::CapacityExceeded { capacity } => {
                write!(f, "capacity exceeded: at most {capacity} items")
            }
            Error::InvalidState { reason } => write!(f, "invalid state: {reason}"),
            Error::Empty { name } => write!(f, "{name} is empty"),
        }
    }
}

impl core::error::Error for Error {}

/// Checks that `value` is finite and within `[lo, hi]`.
pub(crate) fn check_range(name: &'static str, value: f64, lo: f64, hi: f64) -> Result<f64, Error> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(value)
    } else {
        Err(Error::InvalidValue { name, value })
    }
}

/// Checks that `value` is finite.
pub(crate) fn check_finite(name: &'static str, value: f64) -> Result<f64, Error> {
    check_range(name, value, f64::NEG_INFINITY, f64::INFINITY)
}

/// Passes a computed result through if finite; an overflow (±inf) or NaN becomes an error
/// naming the computation, so no binding ever sees a non-finite number.
pub(crate) fn finite_result(name: &'static str, value: f64) -> Result<f64, Error> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::InvalidValue { name, value })
    }
}
