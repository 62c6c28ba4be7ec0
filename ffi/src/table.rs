//! The C entry points written from the core's tables: [`reelscore::engage_surface`] (used in
//! [`crate::engage`]) and [`reelscore::metrics_surface`] (in [`crate::metrics`]).
//!
//! `c_table!` expands one call of a table: an engagement entry into its `c` scalar form
//! (inputs and options by value, results through out-pointers), its `c_array` form (inputs as
//! pointer + shared `len`, then the options, then output arrays) and its `c_reduce` form
//! (input arrays to one result); a metric into its 8-bit and 9–16-bit plane forms; a constant
//! into a `pub const` (cbindgen writes only literal values, which is why the tables hold the
//! literal). Each function checks every pointer first and writes nothing unless the core
//! succeeds (an array form may have written part of its outputs when an element fails), and
//! carries a `# Safety` section that lands in the header.

use crate::guard::{null, slice};
use crate::status::reel_status;
use reelscore::Error;

/// Expands one call of a core table into C entry points (see the module doc).
macro_rules! c_table {
    (entry $doc:tt $core:tt $scalar:tt $slice:tt $cols:tt $opts:tt $outs:tt
     c $c:tt c_array $c_array:tt c_reduce $c_reduce:tt py $py:tt py_rows $py_rows:tt) => {
        c_scalar! { $c $doc $core $scalar $cols $opts $outs }
        c_array! { $c_array $doc $core $slice $scalar $cols $opts $outs }
        c_reduce! { $c_reduce $doc $core $scalar $cols $opts $outs }
    };
    (metric $doc:tt $f:tt $planes:tt out $out:tt c $c:tt c16 $c16:tt py $py:tt) => {
        c_metric! { $c ReelPlane $doc $f $planes $out }
        c_metric! { $c16 ReelPlane16 $doc $f $planes $out }
    };
    (constant $doc:tt $core:tt $name:ident $index:tt $ty:ident $value:literal c $c:tt py $py:tt) => {
        c_constant! { $c $doc $ty $value }
    };
    (all $($python:tt)*) => {};
}

/// The C constant of one table constant (nothing without a C name). cbindgen writes only
/// literal values into the header, which is why the table holds the literal.
macro_rules! c_constant {
    ([] $($constant:tt)*) => {};
    ([$c:ident] [$($doc:tt)*] $ty:ident $value:literal) => {
        $($doc)*
        pub const $c: $ty = $value;
    };
}

/// The `c` scalar entry point of one table entry (nothing without one).
macro_rules! c_scalar {
    ([] $($entry:tt)*) => {};
    ([$c:ident] [$($doc:tt)*] [$($core:tt)*] [$f:ident($($arg:expr),*)]
     ($($col:ident),*) ($($opt:ident),*) ($($out:ident),+)) => {
        $($doc)*
        ///
        /// # Safety
        $(#[doc = concat!(" - `", stringify!($out), "`: NULL or valid for writing one double.")])+
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $c($($col: f64,)* $($opt: f64,)* $($out: *mut f64),+) -> $crate::status::reel_status {
            // SAFETY: the caller's contract (`# Safety`).
            $crate::guard::guard(|| unsafe {
                $crate::table::put_row([$(($out, stringify!($out))),+], || {
                    Ok(reelscore::engage::columns::IntoRow::into_row($($core)*::$f($($arg),*)?))
                })
            })
        }
    };
}

/// The `c_array` entry point of one table entry (nothing without one).
macro_rules! c_array {
    ([] $($entry:tt)*) => {};
    ([$c:ident($($acol:ident),+)] [$($doc:tt)*] $core:tt $slice:tt $scalar:tt
     ($($col:ident),*) ($($opt:ident),*) ($($out:ident),+)) => {
        $($doc)*
        ///
        /// Array form: `len` rows, output `i` computed from element `i` of every input.
        ///
        /// # Safety
        $(#[doc = concat!(" - `", stringify!($acol), "`: NULL or valid for reading `len` doubles.")])+
        $(#[doc = concat!(" - `", stringify!($out), "`: NULL or valid for writing `len` doubles, \
            overlapping no input.")])+
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $c(
            $($acol: *const f64,)+ len: usize, $($opt: f64,)* $($out: *mut f64),+
        ) -> $crate::status::reel_status {
            // SAFETY: the caller's contract (`# Safety`).
            $crate::guard::guard(|| unsafe {
                $crate::table::with_columns(
                    [$(($acol, stringify!($acol))),+],
                    len,
                    [$(($out, stringify!($out))),+],
                    |[$($acol),+], [$($out),+]| {
                        Ok(reelscore::engage_columns!(
                            $core $slice $scalar ($($acol),+) ($($col),*) ($($opt),*) ($($out),+)
                        )?)
                    },
                )
            })
        }
    };
}

/// The `c_reduce` entry point of one table entry (nothing without one): input arrays of
/// `$len` elements, the options, one result.
macro_rules! c_reduce {
    ([] $($entry:tt)*) => {};
    ([$c:ident($len:ident)] [$($doc:tt)*] [$($core:tt)*] [$f:ident($($arg:expr),*)]
     ($($col:ident),+) ($($opt:ident),*) ($out:ident)) => {
        $($doc)*
        ///
        /// # Safety
        $(#[doc = concat!(
            " - `", stringify!($col), "`: NULL or valid for reading `", stringify!($len),
            "` doubles."
        )])+
        #[doc = concat!(" - `", stringify!($out), "`: NULL or valid for writing one double.")]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $c(
            $($col: *const f64,)+ $len: usize, $($opt: f64,)* $out: *mut f64
        ) -> $crate::status::reel_status {
            // SAFETY: the caller's contract (`# Safety`).
            $crate::guard::guard(|| unsafe {
                $crate::table::with_columns([$(($col, stringify!($col))),+], $len, [], |[$($col),+], []| {
                    $crate::table::put_row([($out, stringify!($out))], || Ok([$($core)*::$f($($arg),*)?]))
                })
            })
        }
    };
}

/// The C function over one kind of plane (`ReelPlane` or `ReelPlane16`) of one metric
/// (nothing without a name).
macro_rules! c_metric {
    ([] $($entry:tt)*) => {};
    ([$c:ident] $plane:ident [$($doc:tt)*] [$($f:tt)*] ($($p:ident),+) [$($out:tt)*]) => {
        $($doc)*
        ///
        #[doc = concat!(" Planes: `", stringify!($plane), "`.")]
        ///
        /// # Safety
        $(#[doc = concat!(" - `", stringify!($p), "`: NULL or a valid `", stringify!($plane), "`.")])+
        /// - `out`: NULL or valid for writing one result.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn $c(
            $($p: *const $crate::types::$plane,)+ out: *mut c_metric!(@ $($out)*)
        ) -> $crate::status::reel_status {
            // SAFETY: the caller's contract (`# Safety`).
            $crate::guard::guard(|| unsafe {
                $(let $p = $crate::guard::get($p, stringify!($p))?.plane()?;)+
                if out.is_null() {
                    return Err($crate::guard::null("out"));
                }
                let value = reelscore::metrics::surface::MetricValue::into_result($($f)*($(&$p),+))?;
                Ok(out.write(value))
            })
        }
    };
    (@) => { f64 };
    (@ $($out:tt)+) => { $($out)+ };
}

/// Runs `row` and writes its values through `outs` (out-pointers with their argument names):
/// every pointer is checked first, and nothing is written unless `row` succeeds.
///
/// # Safety
/// Each pointer is NULL or valid for writing one `f64`.
pub(crate) unsafe fn put_row<const M: usize>(
    outs: [(*mut f64, &'static str); M],
    row: impl FnOnce() -> Result<[f64; M], Error>,
) -> Result<(), reel_status> {
    if let Some((_, name)) = outs.iter().find(|(p, _)| p.is_null()) {
        return Err(null(name));
    }
    for ((p, _), v) in outs.into_iter().zip(row()?) {
        // SAFETY: non-NULL (checked above) and valid per the contract.
        unsafe { p.write(v) };
    }
    Ok(())
}

/// Borrows `len` elements of every input and output (NULL checked in argument order) and
/// runs `f` on them.
///
/// # Safety
/// Each input is NULL or valid for reading `len` elements, each output NULL or valid for
/// writing `len` elements and overlapping no other argument.
pub(crate) unsafe fn with_columns<const N: usize, const M: usize>(
    inputs: [(*const f64, &'static str); N],
    len: usize,
    outputs: [(*mut f64, &'static str); M],
    f: impl FnOnce([&[f64]; N], [&mut [f64]; M]) -> Result<(), reel_status>,
) -> Result<(), reel_status> {
    let mut ins: [&[f64]; N] = [&[]; N];
    for (slot, (p, name)) in ins.iter_mut().zip(inputs) {
        // SAFETY: forwarded caller contract.
        *slot = unsafe { slice(p, len, name)? };
    }
    if let Some((_, name)) = outputs.iter().find(|(p, _)| p.is_null()) {
        return Err(null(name));
    }
    // SAFETY: non-NULL (checked above), valid and unaliased per the contract.
    let outs = outputs.map(|(p, _)| unsafe { core::slice::from_raw_parts_mut(p, len) });
    f(ins, outs)
}
