//! Formulas over columns: the one loop behind every binding's array form.
//!
//! [`map`] applies a scalar formula row by row to `N` input columns and writes `M` output
//! columns of the same length; [`per_row`] applies a series function to each row of a
//! row-major matrix. Both stop at the first failing element and say where it is:
//!
//! * [`map`]: an [`Error::InvalidValue`] naming one of the input columns is located at its row
//!   ([`Error::at`], e.g. `successes (index 3) = 12 exceeds totals = 10`); an error about
//!   anything else (a scalar option such as `z`, an overflowing result) is returned as it is,
//!   since no element of a column is to blame;
//! * [`per_row`]: an index the series function reports (within its row) is moved on to the
//!   element's index in the whole matrix ([`Error::at_offset`]).
//!
//! On error the outputs are partly written.

use crate::Error;
use crate::error::check_len;

/// A formula's result as a row of output columns: `f64` is one column, `(f64, f64)` two.
pub trait IntoRow<const M: usize> {
    /// The output values, in column order.
    fn into_row(self) -> [f64; M];
}

impl IntoRow<1> for f64 {
    fn into_row(self) -> [f64; 1] {
        [self]
    }
}

impl IntoRow<2> for (f64, f64) {
    fn into_row(self) -> [f64; 2] {
        [self.0, self.1]
    }
}

/// `outputs[·][i] = f([inputs[0][i], …])` for every row `i`.
///
/// `names[k]` is the name the formula's errors give `inputs[k]` (its argument name), so an
/// error about an element is located at its row.
///
/// Errors: [`Error::LengthMismatch`] unless every column has the length of `inputs[0]` (of
/// `outputs[0]` when there are no inputs); the first error of `f`, located as the module doc
/// says.
pub fn map<const N: usize, const M: usize>(
    names: [&'static str; N],
    inputs: [&[f64]; N],
    mut outputs: [&mut [f64]; M],
    f: impl Fn([f64; N]) -> Result<[f64; M], Error>,
) -> Result<(), Error> {
    let len = inputs
        .first()
        .map_or_else(|| outputs.first().map_or(0, |o| o.len()), |c| c.len());
    let lengths = inputs.iter().map(|c| c.len());
    for got in lengths.chain(outputs.iter().map(|o| o.len())) {
        check_len(len, got)?;
    }
    for i in 0..len {
        let row = f(core::array::from_fn(|k| inputs[k][i])).map_err(|e| match e {
            Error::InvalidValue { name, .. } if names.contains(&name) => e.at(i),
            other => other,
        })?;
        for (o, v) in outputs.iter_mut().zip(row) {
            o[i] = v;
        }
    }
    Ok(())
}

/// Applies a series function to each row of `row_len` elements of the row-major `data`,
/// writing the matching row of `out`: `f(&data[r·row_len..][..row_len], &mut out[…])`.
///
/// `row_len = 0` means there is nothing to do (every row is empty).
///
/// Errors: [`Error::LengthMismatch`] if `out` differs in length from `data` or `data` is not
/// a whole number of rows; the first error of `f`, located as the module doc says.
pub fn per_row(
    data: &[f64],
    row_len: usize,
    out: &mut [f64],
    mut f: impl FnMut(&[f64], &mut [f64]) -> Result<(), Error>,
) -> Result<(), Error> {
    check_len(data.len(), out.len())?;
    if row_len == 0 {
        return Ok(());
    }
    if !data.len().is_multiple_of(row_len) {
        return Err(Error::LengthMismatch {
            expected: data.len() - data.len() % row_len,
            got: data.len(),
        });
    }
    let rows = data
        .chunks_exact(row_len)
        .zip(out.chunks_exact_mut(row_len));
    for (r, (xs, o)) in rows.enumerate() {
        f(xs, o).map_err(|e| match e {
            Error::InvalidValue { index: Some(_), .. } => e.at_offset(r * row_len),
            other => other,
        })?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::Rule;

    fn ratio(a: f64, b: f64) -> Result<f64, Error> {
        let a = crate::error::check_range("a", a, 0.0, f64::INFINITY)?;
        let b = crate::error::check_range("b", b, f64::MIN_POSITIVE, f64::INFINITY)?;
        Ok(a / b)
    }

    #[test]
    fn map_locates_the_first_bad_element_of_a_named_column() {
        let mut out = [0.0; 3];
        map(
            ["a", "b"],
            [&[1.0, 2.0, 3.0], &[2.0, 4.0, 1.0]],
            [&mut out],
            |[a, b]| Ok(ratio(a, b)?.into_row()),
        )
        .unwrap();
        assert_eq!(out, [0.5, 0.5, 3.0]);
        let err = map(
            ["a", "b"],
            [&[1.0, -2.0, -3.0], &[2.0; 3]],
            [&mut out],
            |[a, b]| Ok([ratio(a, b)?]),
        );
        assert_eq!(
            err,
            Err(Error::invalid("a", -2.0, Rule::NON_NEGATIVE).at(1))
        );
    }

    #[test]
    fn map_leaves_errors_about_other_arguments_unlocated() {
        let mut out = [0.0; 2];
        // The column is called "x" here, so the formula's "a" is not one of its elements.
        let err = map(["x"], [&[1.0, -1.0]], [&mut out], |[x]| {
            Ok([ratio(x, 1.0)?])
        });
        assert_eq!(err, Err(Error::invalid("a", -1.0, Rule::NON_NEGATIVE)));
    }

    #[test]
    fn map_writes_two_outputs_and_checks_every_length() {
        let (mut lo, mut hi) = ([0.0; 2], [0.0; 2]);
        map(["x"], [&[1.0, 2.0]], [&mut lo, &mut hi], |[x]| {
            Ok((x - 1.0, x + 1.0).into_row())
        })
        .unwrap();
        assert_eq!((lo, hi), ([0.0, 1.0], [2.0, 3.0]));
        let mut short = [0.0; 1];
        let err = map(["x"], [&[1.0, 2.0]], [&mut lo, &mut short], |[x]| {
            Ok([x, x])
        });
        assert_eq!(
            err,
            Err(Error::LengthMismatch {
                expected: 2,
                got: 1
            })
        );
    }

    #[test]
    fn per_row_moves_an_index_to_the_whole_matrix() {
        let data = [1.0, 2.0, 3.0, 4.0, -5.0, 6.0];
        let mut out = [0.0; 6];
        let running = |xs: &[f64], o: &mut [f64]| {
            let mut sum = 0.0;
            for (i, (o, &x)) in o.iter_mut().zip(xs).enumerate() {
                sum +=
                    crate::error::check_range("x", x, 0.0, f64::INFINITY).map_err(|e| e.at(i))?;
                *o = sum;
            }
            Ok(())
        };
        let err = per_row(&data, 3, &mut out, running);
        assert_eq!(
            err,
            Err(Error::invalid("x", -5.0, Rule::NON_NEGATIVE).at(4))
        );
        per_row(&data[..3], 3, &mut out[..3], running).unwrap();
        assert_eq!(out[..3], [1.0, 3.0, 6.0]);
        assert!(per_row(&data[..4], 3, &mut out[..4], running).is_err());
        assert_eq!(per_row(&[], 0, &mut [], running), Ok(()));
    }
}
