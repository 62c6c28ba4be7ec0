//! Status codes, their strings, and the library version.

use core::ffi::c_char;
use reelscore::Error;

/// Result of every fallible call. Values are stable: new codes are only ever appended.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)] // C naming: the header calls it `reel_status`
pub enum reel_status {
    /// Success; out-parameters were written.
    REEL_STATUS_OK = 0,
    /// A required pointer argument was NULL.
    REEL_STATUS_NULL_POINTER = 1,
    /// A width or height was zero.
    REEL_STATUS_EMPTY_PLANE = 2,
    /// A stride was smaller than the row width.
    REEL_STATUS_STRIDE_TOO_SMALL = 3,
    /// A buffer (or scratch area) was too short for its declared size.
    REEL_STATUS_BUFFER_TOO_SHORT = 4,
    /// Two inputs that must match in size do not.
    REEL_STATUS_SIZE_MISMATCH = 5,
    /// The input is smaller than the metric's window.
    REEL_STATUS_TOO_SMALL = 6,
    /// Unsupported bit depth, or a sample above it.
    REEL_STATUS_BIT_DEPTH = 7,
    /// A parameter or value was NaN, infinite or out of range.
    REEL_STATUS_INVALID_VALUE = 8,
    /// Two arrays that must have the same length do not.
    REEL_STATUS_LENGTH_MISMATCH = 9,
    /// A fixed capacity was exceeded.
    REEL_STATUS_CAPACITY_EXCEEDED = 10,
    /// The object is not in a state that allows this call.
    REEL_STATUS_INVALID_STATE = 11,
    /// An input sequence was empty.
    REEL_STATUS_EMPTY_INPUT = 12,
    /// An internal error (a Rust panic) was caught at the boundary. Please report it.
    REEL_STATUS_PANIC = 13,
    /// An enum argument had a value outside its range.
    REEL_STATUS_INVALID_ENUM = 14,
    /// Memory allocation failed (only `_new` functions allocate).
    REEL_STATUS_ALLOCATION_FAILED = 15,
}

impl From<Error> for reel_status {
    /// The status of `e`; `e` is kept as the detail of the failure being returned (see
    /// [`crate::last_error`]).
    fn from(e: Error) -> Self {
        crate::last_error::note(crate::last_error::Detail::Core(e));
        status_of(&e)
    }
}

/// The status a core error is reported as.
pub(crate) fn status_of(e: &Error) -> reel_status {
    use reel_status::*;
    match e {
        Error::EmptyPlane { .. } => REEL_STATUS_EMPTY_PLANE,
        Error::StrideTooSmall { .. } => REEL_STATUS_STRIDE_TOO_SMALL,
        Error::BufferTooShort { .. } => REEL_STATUS_BUFFER_TOO_SHORT,
        Error::SizeMismatch { .. } => REEL_STATUS_SIZE_MISMATCH,
        Error::TooSmall { .. } => REEL_STATUS_TOO_SMALL,
        Error::BitDepth { .. } => REEL_STATUS_BIT_DEPTH,
        Error::InvalidValue { .. } => REEL_STATUS_INVALID_VALUE,
        Error::LengthMismatch { .. } => REEL_STATUS_LENGTH_MISMATCH,
        Error::CapacityExceeded { .. } => REEL_STATUS_CAPACITY_EXCEEDED,
        Error::InvalidState { .. } => REEL_STATUS_INVALID_STATE,
        Error::Empty { .. } => REEL_STATUS_EMPTY_INPUT,
        _ => REEL_STATUS_INVALID_VALUE,
    }
}

/// A static, NUL-terminated English description of `status` ("unknown status" for values
/// outside the enum). Never NULL; the caller must not free it.
#[unsafe(no_mangle)]
pub extern "C" fn reel_status_str(status: u32) -> *const c_char {
    status_cstr(status).as_ptr()
}

/// The text of [`reel_status_str`] without its NUL.
pub(crate) fn status_text(status: u32) -> &'static str {
    status_cstr(status).to_str().unwrap_or("unknown status")
}

fn status_cstr(status: u32) -> &'static core::ffi::CStr {
    match status {
        0 => c"ok",
        1 => c"a required pointer was NULL",
        2 => c"width or height is zero",
        3 => c"stride is smaller than the row width",
        4 => c"buffer too short for its declared size",
        5 => c"inputs differ in size",
        6 => c"input smaller than the metric's window",
        7 => c"unsupported bit depth or sample out of range",
        8 => c"parameter or value is NaN, infinite or out of range",
        9 => c"array lengths differ",
        10 => c"fixed capacity exceeded",
        11 => c"call not valid in the object's current state",
        12 => c"input is empty",
        13 => c"internal error (panic caught at the C boundary)",
        14 => c"enum argument out of range",
        15 => c"allocation failed",
        _ => c"unknown status",
    }
}

/// The library version as a static NUL-terminated string, e.g. `"0.1.0"`.
#[unsafe(no_mangle)]
pub extern "C" fn reel_version() -> *const c_char {
    const V: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    V.as_ptr().cast()
}
