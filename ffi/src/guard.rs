//! The panic boundary and pointer helpers shared by every entry point.

use crate::status::reel_status;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs `f`, turning `Err` into its status and a panic into `REEL_STATUS_PANIC`.
pub(crate) fn guard(f: impl FnOnce() -> Result<(), reel_status>) -> reel_status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => reel_status::REEL_STATUS_OK,
        Ok(Err(s)) => s,
        Err(_) => reel_status::REEL_STATUS_PANIC,
    }
}

/// Dereferences a non-NULL pointer for reading.
///
/// # Safety
/// `p` is NULL or points to a valid, initialised `T` for the call's duration.
pub(crate) unsafe fn get<'a, T>(p: *const T) -> Result<&'a T, reel_status> {
    // SAFETY: the caller guarantees validity when non-NULL.
    unsafe { p.as_ref() }.ok_or(reel_status::REEL_STATUS_NULL_POINTER)
}

/// Writes `v` through a non-NULL out-pointer.
///
/// # Safety
/// `p` is NULL or valid for a write of `T`.
pub(crate) unsafe fn put<T>(p: *mut T, v: T) -> Result<(), reel_status> {
    if p.is_null() {
        return Err(reel_status::REEL_STATUS_NULL_POINTER);
    }
    // SAFETY: non-NULL and valid per the caller's contract.
    unsafe { p.write(v) };
    Ok(())
}

/// Borrows `len` elements at `p` (NULL is an error even when `len` is 0).
///
/// # Safety
/// `p` is NULL or valid for reads of `len` elements for the call's duration.
pub(crate) unsafe fn slice<'a, T>(p: *const T, len: usize) -> Result<&'a [T], reel_status> {
    if p.is_null() {
        return Err(reel_status::REEL_STATUS_NULL_POINTER);
    }
    // SAFETY: non-NULL, and the caller guarantees `len` readable elements.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Mutably borrows `len` elements at `p`.
///
/// # Safety
/// `p` is NULL or valid for reads and writes of `len` elements, not aliased during the call.
pub(crate) unsafe fn slice_mut<'a, T>(p: *mut T, len: usize) -> Result<&'a mut [T], reel_status> {
    if p.is_null() {
        return Err(reel_status::REEL_STATUS_NULL_POINTER);
    }
    // SAFETY: as above.
    Ok(unsafe { std::slice::from_raw_parts_mut(p, len) })
}
