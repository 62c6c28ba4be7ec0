//! The Python functions, constants and stub lines written from the core's tables:
//! [`reelscore::engage_surface`] (used in `engage.rs`) and [`reelscore::metrics_surface`] (in
//! `metrics.rs`).
//!
//! `py_table!` expands one call of a table: an engagement entry into its `py` function
//! (element-wise over arrays of one shape, options keyword-only) and its `py_rows` function (a
//! series function along the last axis), a metric into its function over one or two planes;
//! the final `all` call into `add_table` (registers the functions and constants) and
//! `TABLE_STUBS` (their `.pyi` lines, which `scripts/table_stubs.py` writes into
//! `_native.pyi`). The generated code uses the helpers of the module that expands the table
//! (`columns`, `col`, `rows` in `engage.rs`; `on_pair!`, `on_plane!`, `gray` in `metrics.rs`).

/// The stub lines of the given tables, without the empty ones.
pub fn stubs(tables: &[&[&'static str]]) -> Vec<&'static str> {
    tables
        .iter()
        .flat_map(|t| t.iter().copied())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Expands one call of a core table into Python functions, constants and stub lines (see
/// the module doc).
macro_rules! py_table {
    (entry $doc:tt $core:tt $scalar:tt $slice:tt $cols:tt $opts:tt $outs:tt
     c $c:tt c_array $c_array:tt c_reduce $c_reduce:tt py $py:tt py_rows $py_rows:tt) => {
        py_signature! { py_columns [$py $doc $core $slice $scalar $cols $opts $outs] $cols $opts }
        py_signature! { py_rows [$py_rows $doc $core $slice $cols $opts $outs] $cols $opts }
    };
    (metric $doc:tt $f:tt $planes:tt out $out:tt c $c:tt c16 $c16:tt py $py:tt) => {
        py_metric! { $py $doc $f $planes }
    };
    (constant $($c_only:tt)*) => {};
    (all functions $([$($py:ident)?] $kind:tt)*
     constants $([$($cpy:ident)?] $core:tt $cname:ident $ty:ident)*) => {
        /// Adds the table's functions and constants to the module.
        pub(crate) fn add_table(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $($(m.add_function(wrap_pyfunction!($py, m)?)?;)?)*
            $(py_constant!(m [$($cpy)?] $core $cname);)*
            Ok(())
        }

        /// The `.pyi` line of each function and constant of the table (`""` for entries
        /// without one).
        pub(crate) const TABLE_STUBS: &[&str] = &[
            $(py_stub!([$($py)?] $kind),)*
            $(py_stub!(constant [$($cpy)?] $cname $ty),)*
        ];
    };
}

/// Adds one table constant to the module (nothing unless Python exports it).
macro_rules! py_constant {
    ($m:ident [] $($constant:tt)*) => {};
    ($m:ident [$py:ident] [$($core:tt)*] $name:ident) => {
        $m.add(stringify!($name), $($core)*::$name)?
    };
}

/// Calls `$then! { (pyo3 signature) args… }`: the inputs positional-only, the options
/// keyword-only.
macro_rules! py_signature {
    ($then:ident [$($args:tt)*] ($($col:ident),*) ()) => {
        $then! { ($($col,)* /) $($args)* }
    };
    ($then:ident [$($args:tt)*] ($($col:ident),*) ($($opt:ident),+)) => {
        $then! { ($($col,)* /, *, $($opt),+) $($args)* }
    };
}

/// The `py` function of one table entry (nothing without one).
macro_rules! py_columns {
    ($signature:tt [] $($entry:tt)*) => {};
    ($signature:tt [$py:ident] [$($doc:tt)*] $core:tt $slice:tt $scalar:tt
     ($($col:ident),*) ($($opt:ident),*) ($($out:ident),+)) => {
        $($doc)*
        #[pyfunction]
        #[pyo3(signature = $signature)]
        fn $py<'py>(
            py: Python<'py>,
            $($col: Arr<'py>,)*
            $($opt: f64,)*
        ) -> PyResult<py_outputs!(type $($out),+)> {
            let [$($out),+] = columns(
                py,
                stringify!($py),
                [$(col(stringify!($col), &$col)?),*],
                |[$($col),*], [$($out),+]| {
                    reelscore::engage_columns!(
                        $core $slice $scalar ($($col),*) ($($col),*) ($($opt),*) ($($out),+)
                    )
                },
            )?;
            Ok(py_outputs!(value $($out),+))
        }
    };
}

/// The `py_rows` function of one table entry (nothing without one).
macro_rules! py_rows {
    ($signature:tt [] $($entry:tt)*) => {};
    ($signature:tt [$py:ident] [$($doc:tt)*] $core:tt $slice:tt
     ($col:ident) ($($opt:ident),*) ($out:ident)) => {
        $($doc)*
        #[pyfunction]
        #[pyo3(signature = $signature)]
        fn $py<'py>(py: Python<'py>, $col: Arr<'py>, $($opt: f64,)*) -> PyResult<OutArray<'py>> {
            rows(py, stringify!($py), col(stringify!($col), &$col)?, |$col, $out| {
                reelscore::engage_columns!($core $slice [] ($col) ($col) ($($opt),*) ($out))
            })
        }
    };
}

/// The Python function of one metric (nothing without a name): `fn(a, b, /, *, bits=None)`
/// for a pair of planes, `fn(a, /, *, bits=None)` for one; uint8 arrays, or uint16 with
/// `bits`; the GIL released.
macro_rules! py_metric {
    ([] $($entry:tt)*) => {};
    ([$py:ident] [$($doc:tt)*] [$($f:tt)*] ($a:ident, $b:ident)) => {
        $($doc)*
        #[pyfunction]
        #[pyo3(signature = (a, b, /, *, bits=None))]
        fn $py(
            py: Python<'_>,
            a: &Bound<'_, PyAny>,
            b: &Bound<'_, PyAny>,
            bits: Option<u32>,
        ) -> PyResult<f64> {
            on_pair!(py, a, b, bits, |pa, pb| $($f)*(&pa, &pb))
        }
    };
    ([$py:ident] [$($doc:tt)*] [$($f:tt)*] ($p:ident)) => {
        $($doc)*
        #[pyfunction]
        #[pyo3(signature = (a, /, *, bits=None))]
        fn $py(py: Python<'_>, a: &Bound<'_, PyAny>, bits: Option<u32>) -> PyResult<f64> {
            let g = gray(a, "a", bits)?;
            Ok(on_plane!(py, g, "a", |p| $($f)*(&p)))
        }
    };
}

/// The return type (`type`) or value (`value`) of a function with these outputs: one array,
/// or a tuple of two.
macro_rules! py_outputs {
    (type $one:ident) => { OutArray<'py> };
    (type $a:ident, $b:ident) => { (OutArray<'py>, OutArray<'py>) };
    (value $one:ident) => { $one };
    (value $a:ident, $b:ident) => { ($a, $b) };
}

/// The `.pyi` line of one table function or constant (`""` without one).
macro_rules! py_stub {
    ([] $($entry:tt)*) => { "" };
    ([$py:ident] (columns ($($col:ident),*) () $outs:tt)) => {
        concat!("def ", stringify!($py), "(", $(stringify!($col), ": _F64, ",)* "/) -> ",
            py_stub!(@ $outs), ": ...")
    };
    ([$py:ident] (columns ($($col:ident),*) ($($opt:ident),+) $outs:tt)) => {
        concat!("def ", stringify!($py), "(", $(stringify!($col), ": _F64, ",)* "/, *",
            $(", ", stringify!($opt), ": float",)+ ") -> ", py_stub!(@ $outs), ": ...")
    };
    ([$py:ident] (planes $a:ident, $b:ident)) => {
        concat!("def ", stringify!($py), "(a: _Gray, b: _Gray, /, *, bits: int | None = None) -> float: ...")
    };
    ([$py:ident] (planes $p:ident)) => {
        concat!("def ", stringify!($py), "(a: _Gray, /, *, bits: int | None = None) -> float: ...")
    };
    (constant [] $($constant:tt)*) => { "" };
    (constant [$py:ident] $name:ident $ty:ident) => {
        concat!(stringify!($name), ": ", py_stub!(@ $ty))
    };
    (@ f64) => { "float" };
    (@ f32) => { "float" };
    (@ usize) => { "int" };
    (@ ($one:ident)) => { "_F64" };
    (@ ($a:ident, $b:ident)) => { "tuple[_F64, _F64]" };
}
