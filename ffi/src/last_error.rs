//! The detail of the last failed call, and the two functions that print it.
//!
//! Every entry point returns only a status; what went wrong (which argument, its value, the
//! rule it broke, the element index) is kept on the side, errno-style, and printed on request
//! by [`reel_last_error_message`] and [`reel_error_message`] into the caller's buffer: no heap,
//! no allocation, and no signature changed.
//!
//! How: the core's [`Error`] is `Copy` and formats itself (`Display`). Converting it into a
//! status ([`crate::status`]) notes it as *pending*; when the entry point returns, [`crate::guard`]
//! records the pending error as the call's detail if it produced the returned status (a status
//! raised by the binding itself, e.g. a NULL pointer or an enum code out of range, is recorded
//! with the argument name its helper was given, or bare). A successful call drops any pending note and leaves
//! the last record alone, as `errno` does.
//!
//! Where it is kept: hosts (`std`) keep one record per thread (`thread_local!`). Bare metal
//! keeps one record for the program behind an atomic try-lock: a call that finds it busy (an
//! interrupt handler failing while the main loop records its own failure) skips recording, so
//! the message may then be the plain status text, never a torn one.

use crate::guard::guard_quiet;
use crate::status::{reel_status, status_text};
use core::ffi::c_char;
use core::fmt::{self, Write};
use reelscore::Error;

/// What the binding knows about a failure beyond its status.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Detail {
    /// A core error (its `Display` names the argument, value, rule and index).
    Core(Error),
    /// A NULL pointer passed for the argument of this name.
    Null(&'static str),
    /// An enum argument outside its codes `0..count`.
    Enum {
        /// The argument's name.
        name: &'static str,
        /// The C enum it takes its values from.
        of: &'static str,
        /// The value given.
        value: u32,
        /// How many codes the enum has.
        count: u32,
    },
}

/// The last failed call: its status and, when known, its detail.
#[derive(Debug, Clone, Copy)]
struct Record {
    status: reel_status,
    detail: Option<Detail>,
}

impl Detail {
    fn status(&self) -> reel_status {
        match self {
            Detail::Core(e) => crate::status::status_of(e),
            Detail::Null(_) => reel_status::REEL_STATUS_NULL_POINTER,
            Detail::Enum { .. } => reel_status::REEL_STATUS_INVALID_ENUM,
        }
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.detail {
            Some(Detail::Core(e)) => write!(f, "{e}"),
            Some(Detail::Null(name)) => write!(f, "{name} is NULL (a required pointer)"),
            Some(Detail::Enum {
                name,
                of,
                value,
                count,
            }) => write!(
                f,
                "{name} = {value} is invalid: must be a {of} value, 0 to {}",
                count.saturating_sub(1)
            ),
            None => f.write_str(status_text(self.status as u32)),
        }
    }
}

#[cfg(feature = "std")]
mod slot {
    use super::{Detail, Record};
    use core::cell::Cell;

    std::thread_local! {
        static PENDING: Cell<Option<Detail>> = const { Cell::new(None) };
        static LAST: Cell<Option<Record>> = const { Cell::new(None) };
    }

    pub(super) fn set_pending(d: Option<Detail>) {
        // `try_with`: a call made while the thread's locals are being destroyed records nothing.
        let _ = PENDING.try_with(|p| p.set(d));
    }

    pub(super) fn take_pending() -> Option<Detail> {
        PENDING.try_with(Cell::take).ok().flatten()
    }

    pub(super) fn set_last(r: Record) {
        let _ = LAST.try_with(|l| l.set(Some(r)));
    }

    pub(super) fn last() -> Option<Record> {
        LAST.try_with(Cell::get).ok().flatten()
    }
}

#[cfg(not(feature = "std"))]
mod slot {
    use super::{Detail, Record};
    use core::cell::UnsafeCell;
    use core::sync::atomic::{AtomicBool, Ordering};

    /// The program's one record, guarded by `busy`.
    struct Slot {
        busy: AtomicBool,
        cell: UnsafeCell<(Option<Detail>, Option<Record>)>,
    }

    // SAFETY: `cell` is only touched by `with`, which holds `busy` for the access, so no two
    // contexts (threads, or an interrupt and the code it interrupted) touch it at once.
    unsafe impl Sync for Slot {}

    static SLOT: Slot = Slot {
        busy: AtomicBool::new(false),
        cell: UnsafeCell::new((None, None)),
    };

    /// Runs `f` on the slot, or returns `None` without waiting when another context holds it.
    fn with<R>(f: impl FnOnce(&mut (Option<Detail>, Option<Record>)) -> R) -> Option<R> {
        if SLOT
            .busy
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            return None;
        }
        // SAFETY: `busy` was false and is now ours: no other reference to the cell exists.
        let r = f(unsafe { &mut *SLOT.cell.get() });
        SLOT.busy.store(false, Ordering::Release);
        Some(r)
    }

    pub(super) fn set_pending(d: Option<Detail>) {
        with(|s| s.0 = d);
    }

    pub(super) fn take_pending() -> Option<Detail> {
        with(|s| s.0.take()).flatten()
    }

    pub(super) fn set_last(r: Record) {
        with(|s| s.1 = Some(r));
    }

    pub(super) fn last() -> Option<Record> {
        with(|s| s.1).flatten()
    }
}

/// Notes `d` as the detail of the failure now being returned (see the module docs).
pub(crate) fn note(d: Detail) {
    slot::set_pending(Some(d));
}

/// Called by the guard when an entry point succeeded: drops any pending note.
pub(crate) fn succeeded() {
    slot::set_pending(None);
}

/// Called by the guard when an entry point failed with `status`: records it with its detail.
pub(crate) fn failed(status: reel_status) {
    let detail = slot::take_pending().filter(|d| d.status() == status);
    slot::set_last(Record { status, detail });
}

/// Writes `text` into `buf` (as much as fits before a NUL, cut at a character boundary), like
/// `snprintf`: returns the full length in bytes.
struct Truncating<'a> {
    buf: &'a mut [u8],
    used: usize,
    full: usize,
}

impl Write for Truncating<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.full += s.len();
        // Room for the text; the last byte of `buf` is kept for the NUL.
        let room = self.buf.len().saturating_sub(1).saturating_sub(self.used);
        let mut take = s.len().min(room);
        while !s.is_char_boundary(take) {
            take -= 1;
        }
        self.buf[self.used..self.used + take].copy_from_slice(&s.as_bytes()[..take]);
        self.used += take;
        Ok(())
    }
}

/// Prints `what` into the caller's buffer (see [`reel_last_error_message`] for the contract).
///
/// # Safety
/// As [`reel_last_error_message`].
unsafe fn print(
    what: &dyn fmt::Display,
    buf: *mut c_char,
    len: usize,
    written: *mut usize,
) -> Result<(), reel_status> {
    let bytes: &mut [u8] = if len == 0 {
        &mut []
    } else if buf.is_null() {
        // Not through `guard::null`: these functions leave the record alone.
        return Err(reel_status::REEL_STATUS_NULL_POINTER);
    } else {
        // SAFETY: non-NULL, and the caller guarantees `len` writable bytes at `buf`.
        unsafe { core::slice::from_raw_parts_mut(buf.cast::<u8>(), len) }
    };
    let mut w = Truncating {
        buf: bytes,
        used: 0,
        full: 0,
    };
    // `Truncating` never fails, and the messages' `Display` impls only fail when it does.
    let _ = write!(w, "{what}");
    let (used, full) = (w.used, w.full);
    if let Some(nul) = w.buf.get_mut(used) {
        *nul = 0;
    }
    if !written.is_null() {
        // SAFETY: non-NULL and valid for a write per the contract.
        unsafe { written.write(full) };
    }
    if full > used || len == 0 {
        Err(reel_status::REEL_STATUS_BUFFER_TOO_SHORT)
    } else {
        Ok(())
    }
}

/// A placeholder when no call has failed yet on this thread.
struct NoError;

impl fmt::Display for NoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no call has failed")
    }
}

/// The message of the calling thread's most recent failed call (on bare metal: the program's),
/// naming the argument, its value, the rule it broke and, for an array, the element index,
/// e.g. `half_life = 0 is invalid: must be finite and > 0` or
/// `successes (index 3) = 12 exceeds totals = 10`; a NULL pointer names its argument
/// (`out is NULL (a required pointer)`). Statuses without such detail give the
/// `reel_status_str` text. Successful calls do not change
/// it; these two message functions never do.
///
/// Writes at most `len − 1` bytes of UTF-8 and a terminating NUL to `buf` (cut at a character
/// boundary) and, when `written` is not NULL, the message's full length in bytes (without
/// the NUL) to `*written`, as `snprintf` counts: call with `len = 0` (then `buf` may be NULL)
/// to size a buffer. Returns `REEL_STATUS_OK`, or `REEL_STATUS_BUFFER_TOO_SHORT` when the
/// message was cut (the cut text is still written and terminated).
///
/// # Safety
/// `buf` is valid for writes of `len` bytes (NULL only when `len` is 0); `written` is NULL or
/// valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_last_error_message(
    buf: *mut c_char,
    len: usize,
    written: *mut usize,
) -> reel_status {
    guard_quiet(|| {
        let last = slot::last();
        let what: &dyn fmt::Display = match &last {
            Some(r) => r,
            None => &NoError,
        };
        // SAFETY: forwarded caller contract.
        unsafe { print(what, buf, len, written) }
    })
}

/// The message for `status` (a value a call returned): the detailed message of the calling
/// thread's last failed call when that call returned `status` (see
/// `reel_last_error_message`), else the status's static text. Every status thus has a
/// message; `REEL_STATUS_OK` gives `ok`. `buf`, `len`, `written` and the return value are as
/// for `reel_last_error_message`.
///
/// # Safety
/// As `reel_last_error_message`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_error_message(
    status: u32,
    buf: *mut c_char,
    len: usize,
    written: *mut usize,
) -> reel_status {
    guard_quiet(|| {
        let last = slot::last().filter(|r| r.status as u32 == status && status != 0);
        let plain = Plain(status);
        let what: &dyn fmt::Display = match &last {
            Some(r) => r,
            None => &plain,
        };
        // SAFETY: forwarded caller contract.
        unsafe { print(what, buf, len, written) }
    })
}

/// The static text of a status value.
struct Plain(u32);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(status_text(self.0))
    }
}
