//! The engagement formulas the bindings expose, as one table: [`engage_surface!`](crate::engage_surface).
//!
//! Each entry names a formula's inputs and outputs, the core functions that compute it, and
//! the entry points each binding makes of it. The C crate (`ffi/src/engage.rs`) and the
//! Python extension (`python/src/engage.rs`) each expand the table with a macro of their own:
//! the C scalar and `_array` entry points, the Python functions and their `.pyi` stubs are
//! written from it, so a formula's bindings are never typed out by hand. The recipe for adding
//! a formula is in `CONTRIBUTING.md`.
//!
//! An entry reads
//!
//! ```text
//! /// Doc comment: the formula, its source, its range (shared by every binding).
//! fn completion_rate(completions, views) -> (out) {
//!     scalar: completion_rate(completions, views),       // the core call for one row
//!     slice: some_slice_fn,                              // optional: a columnar core twin
//!     c: reel_completion_rate,                           // optional: C scalar entry point
//!     c_array: reel_completion_rate_array(completions, views), // optional: C array form
//!     py: completion_rate,                               // optional: Python, element-wise
//!     py_rows: name,                                     // optional: Python, along the last axis
//! }
//! ```
//!
//! * The inputs are the array arguments ("columns", named as the core's errors name them, so an
//!   error is located at its element); after `;` come the scalar options (keyword-only in
//!   Python). All are `f64`. The outputs are one or two `f64` columns.
//! * `scalar` is a call of a function of [`crate::engage`] on the inputs and options; it
//!   returns `Result<f64>` or `Result<(f64, f64)>`. The C scalar form passes the inputs and
//!   options in the order listed, then the outputs as out-pointers.
//! * Array forms (`c_array`, `py`, `py_rows`) call `slice` when given — a core function
//!   `(inputs…, options…, outputs…)` over slices, e.g. a vectorised twin or a series function —
//!   and otherwise map `scalar` over the rows with [`columns::map`](super::columns::map), which
//!   reports the first bad element. `c_array` renames the inputs for C (`counts` for the scalar
//!   `count`); its length parameter `len` follows the inputs. `py_rows` applies `slice` to each
//!   row along the last axis of one input.
//! * The keys appear in this order; each binding picks the keys it expands.

/// The engagement table (see [the module doc](crate::engage::surface)): expands to
/// `$then! { core: [$crate::engage]; entries… }` for a binding's own `$then` macro.
#[macro_export]
macro_rules! engage_surface {
    ($then:ident) => {
        $then! {
            core: [$crate::engage];

            /// Lower bound of the Wilson score interval for `successes` of `totals` at critical
            /// value `z` (statsmodels `proportion_confint(method="wilson")[0]`); `totals = 0`
            /// gives 0. Counts must be finite, non-negative, with `successes ≤ totals`.
            fn wilson_lower_bound(successes, totals; z) -> (out) {
                scalar: wilson_lower_bound(successes, totals, z),
                slice: wilson_lower_bound_slice,
                c: reel_wilson_lower_bound,
                c_array: reel_wilson_lower_bound_array(successes, totals),
                py: wilson_lower_bound,
            }

            /// Completion rate `completions / views` in `[0, 1]`; `views = 0` gives 0.
            fn completion_rate(completions, views) -> (out) {
                scalar: completion_rate(completions, views),
                c: reel_completion_rate,
                c_array: reel_completion_rate_array(completions, views),
                py: completion_rate,
            }
        }
    };
}

/// The array form of one table entry, for the bindings' expansions: the entry's `slice`
/// function when it has one, else its `scalar` call mapped over the rows
/// ([`columns::map`](super::columns::map)). `inputs` and `outputs` are slice variables;
/// `columns` are the entry's input names (for locating errors).
#[doc(hidden)]
#[macro_export]
macro_rules! engage_columns {
    ([$($core:tt)*] [$slice:ident] [$($scalar:tt)*]
     ($($input:ident),*) ($($column:ident),*) ($($opt:ident),*) ($($output:ident),+)) => {
        $($core)*::$slice($($input,)* $($opt,)* $($output),+)
    };
    ([$($core:tt)*] [] [$f:ident($($arg:expr),*)]
     ($($input:ident),*) ($($column:ident),*) ($($opt:ident),*) ($($output:ident),+)) => {
        $($core)*::columns::map(
            [$(stringify!($column)),*],
            [$($input),*],
            [$($output),+],
            |[$($column),*]| {
                Ok($($core)*::columns::IntoRow::into_row($($core)*::$f($($arg),*)?))
            },
        )
    };
}
