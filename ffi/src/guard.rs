//! The panic boundary and pointer helpers shared by every entry point.
//!
//! With the `std` feature (hosts) [`guard`] catches panics (`catch_unwind`) and returns
//! `REEL_STATUS_PANIC`. Without it (bare metal, `panic = "abort"`) there is nothing to unwind:
//! a panic reaches the crate's `#[panic_handler]` (see `lib.rs`), which stops the core with a
//! permanently undefined instruction, so the firmware's HardFault handler sees it.
//! [`into_heap`] and [`free_heap`] are the only heap users: `_new`/`_free` go through them, and
//! bare-metal builds return `REEL_STATUS_ALLOCATION_FAILED` / do nothing.

use crate::status::reel_status;
#[cfg(feature = "std")]
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs `f`, turning `Err` into its status and a panic into `REEL_STATUS_PANIC`. The first call
/// applies `REELSCORE_KERNELS` (see [`crate::kernels`]).
#[cfg(feature = "std")]
pub(crate) fn guard(f: impl FnOnce() -> Result<(), reel_status>) -> reel_status {
    crate::kernels::apply_env_once();
    record(guard_quiet(f))
}

/// [`guard`] without touching the last-error record (the message functions themselves).
#[cfg(feature = "std")]
pub(crate) fn guard_quiet(f: impl FnOnce() -> Result<(), reel_status>) -> reel_status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => reel_status::REEL_STATUS_OK,
        Ok(Err(s)) => s,
        Err(_) => reel_status::REEL_STATUS_PANIC,
    }
}

/// Runs `f`, turning `Err` into its status (bare metal: a panic aborts, see the module docs).
#[cfg(not(feature = "std"))]
pub(crate) fn guard(f: impl FnOnce() -> Result<(), reel_status>) -> reel_status {
    record(guard_quiet(f))
}

/// [`guard`] without touching the last-error record (the message functions themselves).
#[cfg(not(feature = "std"))]
pub(crate) fn guard_quiet(f: impl FnOnce() -> Result<(), reel_status>) -> reel_status {
    match f() {
        Ok(()) => reel_status::REEL_STATUS_OK,
        Err(s) => s,
    }
}

/// Keeps the last-error record of a call that returned `s` (see [`crate::last_error`]).
fn record(s: reel_status) -> reel_status {
    if s == reel_status::REEL_STATUS_OK {
        crate::last_error::succeeded();
    } else {
        crate::last_error::failed(s);
    }
    s
}

/// `REEL_STATUS_NULL_POINTER`, noting the argument `name` for the message.
pub(crate) fn null(name: &'static str) -> reel_status {
    crate::last_error::note(crate::last_error::Detail::Null(name));
    reel_status::REEL_STATUS_NULL_POINTER
}

/// `REEL_STATUS_INVALID_ENUM`, noting that the argument `name` got `value`, outside the
/// `count` codes of the C enum `of`.
pub(crate) fn bad_enum(
    name: &'static str,
    of: &'static str,
    value: u32,
    count: u32,
) -> reel_status {
    crate::last_error::note(crate::last_error::Detail::Enum {
        name,
        of,
        value,
        count,
    });
    reel_status::REEL_STATUS_INVALID_ENUM
}

/// Moves `v` to the heap and returns the owning pointer (free it with [`free_heap`]).
/// Without the `std` feature there is no heap: `REEL_STATUS_ALLOCATION_FAILED`.
#[allow(dead_code)] // not every build exports a `_new` that uses it
pub(crate) fn into_heap<T>(v: T) -> Result<*mut T, reel_status> {
    #[cfg(feature = "std")]
    {
        Ok(Box::into_raw(Box::new(v)))
    }
    #[cfg(not(feature = "std"))]
    {
        drop(v);
        Err(reel_status::REEL_STATUS_ALLOCATION_FAILED)
    }
}

/// Drops and frees a pointer from [`into_heap`]; NULL is a no-op (so is everything on bare
/// metal, where [`into_heap`] never succeeds).
///
/// # Safety
/// `p` is NULL or came from [`into_heap`] and is freed once.
#[allow(dead_code)] // see `into_heap`
pub(crate) unsafe fn free_heap<T>(p: *mut T) {
    #[cfg(feature = "std")]
    if !p.is_null() {
        // SAFETY: per the contract, `p` came from `Box::into_raw` and is freed once.
        drop(unsafe { Box::from_raw(p) });
    }
    #[cfg(not(feature = "std"))]
    let _ = p;
}

/// Types whose all-zero bytes are a valid value: the handles `_init` zeroes in the caller's
/// memory and `_new` allocates zeroed (the scorers' states are far too large to build on a
/// microcontroller's stack and move into place).
///
/// # Safety
/// Implement it only for types every field of which is valid as all-zero bytes: integers,
/// floats, `bool` (`false`), arrays and structs of those, and `heapless::Vec` (length 0, its
/// buffer `MaybeUninit`). No references, `NonNull`/`NonZero*`, function pointers, `char`, or
/// enums (`Option` included) anywhere inside. Each `impl` lists why in its `SAFETY` comment; the
/// crate's `miri` tests (`tests::zeroed_handles_are_valid`) read every implementor from zeroed
/// memory as a typed value, which Miri validates field by field, so a dependency that changes
/// its layout fails there.
pub(crate) unsafe trait Zeroable: Sized {}

/// Zeroes the `T` at `p` and returns it: the only way `_init` functions build a handle in the
/// caller's memory.
///
/// # Safety
/// `p` is non-NULL, aligned for `T`, valid for writes of `size_of::<T>()` bytes and not
/// otherwise borrowed for `'a`.
pub(crate) unsafe fn zeroed_in<'a, T: Zeroable>(p: *mut T) -> &'a mut T {
    // SAFETY: `p` is valid for the write per the contract; all-zero bytes are a valid `T`
    // (`Zeroable`), so the reference that follows points to an initialised value.
    unsafe {
        p.write_bytes(0, 1);
        &mut *p
    }
}

/// A zeroed `T` on the heap (the `_new` functions; never built on the stack).
#[cfg(feature = "std")]
pub(crate) fn boxed_zeroed<T: Zeroable>() -> Box<T> {
    // SAFETY: all-zero bytes are a valid `T` (`Zeroable`).
    unsafe { Box::<T>::new_zeroed().assume_init() }
}

/// Dereferences a non-NULL pointer for reading (`name`: the argument, for the message).
///
/// # Safety
/// `p` is NULL or points to a valid, initialised `T` for the call's duration.
pub(crate) unsafe fn get<'a, T>(p: *const T, name: &'static str) -> Result<&'a T, reel_status> {
    // SAFETY: the caller guarantees validity when non-NULL.
    unsafe { p.as_ref() }.ok_or_else(|| null(name))
}

/// Dereferences a non-NULL pointer for writing (`name`: the argument, for the message).
///
/// # Safety
/// `p` is NULL or points to a valid `T`, not otherwise borrowed for `'a`.
pub(crate) unsafe fn get_mut<'a, T>(
    p: *mut T,
    name: &'static str,
) -> Result<&'a mut T, reel_status> {
    // SAFETY: the caller guarantees validity when non-NULL.
    unsafe { p.as_mut() }.ok_or_else(|| null(name))
}

/// The caller's memory as a `*mut T`, once it is non-NULL, at least `size_of::<T>()` bytes long
/// (`REEL_STATUS_BUFFER_TOO_SHORT`) and aligned for `T` (`REEL_STATUS_INVALID_VALUE`).
pub(crate) fn caller_memory<T>(
    buffer: *mut core::ffi::c_void,
    buffer_len: usize,
) -> Result<*mut T, reel_status> {
    if buffer.is_null() {
        return Err(null("buffer"));
    }
    if buffer_len < core::mem::size_of::<T>() {
        return Err(reel_status::REEL_STATUS_BUFFER_TOO_SHORT);
    }
    if !(buffer as usize).is_multiple_of(core::mem::align_of::<T>()) {
        return Err(reel_status::REEL_STATUS_INVALID_VALUE);
    }
    Ok(buffer.cast())
}

/// The body of every `_init`: checks `out`, then the caller's memory (`caller_memory`), builds
/// the value there with `build` and writes its address to `*out`.
///
/// # Safety
/// `buffer` is NULL or valid for writes of `buffer_len` bytes and not otherwise borrowed;
/// `out` is NULL or valid for a write.
pub(crate) unsafe fn place<T>(
    buffer: *mut core::ffi::c_void,
    buffer_len: usize,
    out: *mut *mut T,
    build: impl FnOnce(*mut T) -> Result<(), reel_status>,
) -> Result<(), reel_status> {
    if out.is_null() {
        return Err(null("out"));
    }
    let p = caller_memory::<T>(buffer, buffer_len)?;
    build(p)?;
    // SAFETY: `out` is non-NULL and valid for a write (caller contract).
    unsafe { put(out, p, "out") }
}

/// `_size` and `_align` for a handle type placed by `_init` in caller memory, and `_free` for
/// one `_new` puts on the heap ([`free_heap`]).
macro_rules! memory_fns {
    ($T:ty, $init:ident, $size:ident, $align:ident $(, $free:ident($p:ident), $new:ident)?) => {
        #[doc = concat!(" Bytes a caller must provide to `", stringify!($init), "`.")]
        #[unsafe(no_mangle)]
        pub extern "C" fn $size() -> usize {
            core::mem::size_of::<$T>()
        }

        #[doc = concat!(" Alignment the memory given to `", stringify!($init), "` must have.")]
        #[unsafe(no_mangle)]
        pub extern "C" fn $align() -> usize {
            core::mem::align_of::<$T>()
        }
        $(
            #[doc = concat!(" Frees a handle from `", stringify!($new), "`. `NULL` is a no-op.")]
            #[unsafe(no_mangle)]
            pub unsafe extern "C" fn $free($p: *mut $T) {
                // SAFETY: NULL or from `_new` (a `Box`), freed once (the caller contract).
                unsafe { $crate::guard::free_heap($p) }
            }
        )?
    };
}

/// The life cycle of a handle built by value (`$make`, from the arguments `$arg`): `_init` in
/// caller memory, `_new` on the heap, and their `_size`, `_align` and `_free`.
macro_rules! handle_fns {
    ($T:ty, ($($arg:ident: $ty:ty),*) => $make:expr,
     $(#[$d_init:meta])* init $init:ident,
     $(#[$d_new:meta])* new $new:ident,
     size $size:ident, align $align:ident, free $free:ident $(,)?) => {
        memory_fns!($T, $init, $size, $align, $free(t), $new);

        $(#[$d_init])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $init(
            buffer: *mut core::ffi::c_void,
            buffer_len: usize,
            $($arg: $ty,)*
            out: *mut *mut $T,
        ) -> $crate::status::reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                $crate::guard::place(buffer, buffer_len, out, |p: *mut $T| {
                    p.write($make);
                    Ok(())
                })
            })
        }

        $(#[$d_new])*
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $new($($arg: $ty,)* out: *mut *mut $T) -> $crate::status::reel_status {
            // SAFETY: see the module docs.
            $crate::guard::guard(|| unsafe {
                if out.is_null() {
                    return Err($crate::guard::null("out"));
                }
                $crate::guard::put(out, $crate::guard::into_heap($make)?, "out")
            })
        }
    };
}

/// Writes `v` through a non-NULL out-pointer (`name`: the argument, for the message).
///
/// # Safety
/// `p` is NULL or valid for a write of `T`.
pub(crate) unsafe fn put<T>(p: *mut T, v: T, name: &'static str) -> Result<(), reel_status> {
    if p.is_null() {
        return Err(null(name));
    }
    // SAFETY: non-NULL and valid per the caller's contract.
    unsafe { p.write(v) };
    Ok(())
}

/// Borrows `len` elements at `p` (NULL is an error even when `len` is 0; `name`: the
/// argument, for the message).
///
/// # Safety
/// `p` is NULL or valid for reads of `len` elements for the call's duration.
pub(crate) unsafe fn slice<'a, T>(
    p: *const T,
    len: usize,
    name: &'static str,
) -> Result<&'a [T], reel_status> {
    if p.is_null() {
        return Err(null(name));
    }
    // SAFETY: non-NULL, and the caller guarantees `len` readable elements.
    Ok(unsafe { core::slice::from_raw_parts(p, len) })
}

/// Mutably borrows `len` elements at `p`.
///
/// # Safety
/// `p` is NULL or valid for reads and writes of `len` elements, not aliased during the call.
pub(crate) unsafe fn slice_mut<'a, T>(
    p: *mut T,
    len: usize,
    name: &'static str,
) -> Result<&'a mut [T], reel_status> {
    if p.is_null() {
        return Err(null(name));
    }
    // SAFETY: as above.
    Ok(unsafe { core::slice::from_raw_parts_mut(p, len) })
}

/// Borrows an optional scratch area, or allocates one of `need` elements when `scratch` is
/// NULL (bare metal: `REEL_STATUS_ALLOCATION_FAILED`), and runs `f` on it.
///
/// # Safety
/// `scratch` is NULL or valid for reads and writes of `scratch_len` elements.
pub(crate) unsafe fn with_scratch<T: Copy + Default, R>(
    scratch: *mut T,
    scratch_len: usize,
    need: usize,
    f: impl FnOnce(&mut [T]) -> Result<R, reelscore::Error>,
) -> Result<R, reel_status> {
    if scratch.is_null() {
        #[cfg(feature = "std")]
        {
            let mut owned = Vec::new();
            owned
                .try_reserve_exact(need)
                .map_err(|_| reel_status::REEL_STATUS_ALLOCATION_FAILED)?;
            owned.resize(need, T::default());
            return Ok(f(&mut owned)?);
        }
        // Bare metal: no heap to fall back on.
        #[cfg(not(feature = "std"))]
        return Err(reel_status::REEL_STATUS_ALLOCATION_FAILED);
    }
    // SAFETY: forwarded caller contract.
    let s = unsafe { slice_mut(scratch, scratch_len, "scratch")? };
    if s.len() < need {
        return Err(reel_status::REEL_STATUS_BUFFER_TOO_SHORT);
    }
    Ok(f(s)?)
}
