//! The one error type of the core: every fallible call returns `Result<T, Error>`.
//!
//! Variants carry the offending values so each binding can print a message a person can act on:
//! [`Error::InvalidValue`] names the argument, its value, the [`Rule`] a valid value follows and,
//! for an element of a slice, its index. `Display` formats the whole message (no allocation), e.g.
//! `half_life = 0 is invalid: must be finite and > 0` or
//! `successes (index 3) = 12 exceeds totals = 10`; [`Error::in_shape`] prints the index of an
//! element of a row-major n-D array as `(1, 0)`. The enum is `#[non_exhaustive]`: new checks may
//! add variants without breaking callers.

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
        /// Name of the parameter (or of the computation that overflowed).
        name: &'static str,
        /// The value given.
        value: f64,
        /// What a valid value looks like.
        rule: Rule,
        /// Index of the offending element when the argument is a slice.
        index: Option<usize>,
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

/// What a valid value of an argument looks like; completes the phrase "must be …".
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Finite and within `[lo, hi]`; a bound of ±`f64::MAX` or ±infinity means that side is
    /// open, and `lo = f64::MIN_POSITIVE` reads as "> 0".
    Range {
        /// Smallest accepted value.
        lo: f64,
        /// Largest accepted value.
        hi: f64,
    },
    /// A whole number within `[lo, hi]`.
    Whole {
        /// Smallest accepted value.
        lo: f64,
        /// Largest accepted value.
        hi: f64,
    },
    /// At most the value of another argument (a part of a whole, e.g. successes of totals).
    AtMost {
        /// Name of the other argument.
        other: &'static str,
        /// Its value.
        limit: f64,
    },
    /// An index of one of `items` items: a whole number in `[0, items − 1]`.
    ItemIndex {
        /// Number of items.
        items: usize,
    },
    /// Any other rule, as a phrase completing "must be …" (e.g. "strictly between 0 and 1").
    Text(&'static str),
}

/// cbindgen:ignore
impl Rule {
    /// Finite, any value.
    pub const FINITE: Rule = Rule::Range {
        lo: f64::NEG_INFINITY,
        hi: f64::INFINITY,
    };
    /// Finite and ≥ 0.
    pub const NON_NEGATIVE: Rule = Rule::Range {
        lo: 0.0,
        hi: f64::INFINITY,
    };
    /// Finite and > 0.
    pub const POSITIVE: Rule = Rule::Range {
        lo: f64::MIN_POSITIVE,
        hi: f64::INFINITY,
    };
    /// In `[0, 1]`.
    pub const UNIT: Rule = Rule::Range { lo: 0.0, hi: 1.0 };
    /// The result of a computation overflowed (the "value" is the non-finite result).
    pub const NO_OVERFLOW: Rule = Rule::Text("finite (the result overflowed)");
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Rule::Range { lo, hi } => {
                let open_lo = lo <= -f64::MAX;
                let open_hi = hi >= f64::MAX;
                match (open_lo, open_hi) {
                    (true, true) => f.write_str("finite"),
                    (false, true) if lo == f64::MIN_POSITIVE => f.write_str("finite and > 0"),
                    (false, true) => write!(f, "finite and >= {lo}"),
                    (true, false) => write!(f, "finite and <= {hi}"),
                    (false, false) if lo == f64::MIN_POSITIVE => write!(f, "in (0, {hi}]"),
                    (false, false) => write!(f, "in [{lo}, {hi}]"),
                }
            }
            Rule::Whole { lo, hi } => write!(f, "a whole number in [{lo}, {hi}]"),
            Rule::AtMost { other, limit } => write!(f, "at most {other} = {limit}"),
            Rule::ItemIndex { items } => write!(f, "an item index (0 to {})", items as i128 - 1),
            Rule::Text(t) => f.write_str(t),
        }
    }
}

impl Error {
    /// An [`Error::InvalidValue`] for the scalar argument `name`.
    pub const fn invalid(name: &'static str, value: f64, rule: Rule) -> Error {
        Error::InvalidValue {
            name,
            value,
            rule,
            index: None,
        }
    }

    /// The same error located at element `index` of a slice argument (other variants are
    /// returned unchanged). An index already set is kept: the innermost call knows best.
    #[must_use]
    pub const fn at(self, index: usize) -> Error {
        match self {
            Error::InvalidValue {
                name,
                value,
                rule,
                index: None,
            } => Error::InvalidValue {
                name,
                value,
                rule,
                index: Some(index),
            },
            other => other,
        }
    }

    /// The same error with its element index moved on by `base`: the index of an element of a
    /// row that starts at `base` in a larger array (`base` itself when no index is set). Other
    /// variants are returned unchanged.
    #[must_use]
    pub const fn at_offset(self, base: usize) -> Error {
        match self {
            Error::InvalidValue {
                name,
                value,
                rule,
                index,
            } => Error::InvalidValue {
                name,
                value,
                rule,
                index: Some(match index {
                    Some(i) => base.saturating_add(i),
                    None => base,
                }),
            },
            other => other,
        }
    }

    /// The message with an element index printed as a multi-index of a row-major array of
    /// `shape` (`(1, 0)` for flat index 2 of shape `[2, 2]`); an empty or 1-D shape prints the
    /// flat index, as `Display` does.
    pub fn in_shape<'a>(&'a self, shape: &'a [usize]) -> impl fmt::Display + 'a {
        InShape { error: self, shape }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, shape: &[usize]) -> fmt::Result {
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
            Error::InvalidValue {
                name,
                value,
                rule,
                index,
            } => {
                f.write_str(name)?;
                if let Some(i) = index {
                    f.write_str(" (index ")?;
                    write_index(f, i, shape)?;
                    f.write_str(")")?;
                }
                match rule {
                    Rule::AtMost { other, limit } if value > limit => {
                        write!(f, " = {value} exceeds {other} = {limit}")
                    }
                    Rule::ItemIndex { .. } => write!(f, " = {value} is not {rule}"),
                    _ => write!(f, " = {value} is invalid: must be {rule}"),
                }
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

/// Writes flat index `i` as `3`, or as `(1, 0)` for a row-major `shape` of 2 or more axes.
fn write_index(f: &mut fmt::Formatter<'_>, i: usize, shape: &[usize]) -> fmt::Result {
    if shape.len() <= 1 {
        return write!(f, "{i}");
    }
    f.write_str("(")?;
    for k in 0..shape.len() {
        // The stride of axis k is the product of the later axes' lengths.
        let stride = shape[k + 1..]
            .iter()
            .fold(1usize, |a, &d| a.saturating_mul(d.max(1)));
        let at = (i / stride) % shape[k].max(1);
        if k > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{at}")?;
    }
    f.write_str(")")
}

struct InShape<'a> {
    error: &'a Error,
    shape: &'a [usize],
}

impl fmt::Display for InShape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.write(f, self.shape)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, &[])
    }
}

impl core::error::Error for Error {}

/// Checks that `value` is finite and within `[lo, hi]`.
pub(crate) fn check_range(name: &'static str, value: f64, lo: f64, hi: f64) -> Result<f64, Error> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(value)
    } else {
        Err(Error::invalid(name, value, Rule::Range { lo, hi }))
    }
}

/// [`Error::LengthMismatch`] unless a slice of length `got` has the `expected` length.
pub(crate) fn check_len(expected: usize, got: usize) -> Result<(), Error> {
    if got == expected {
        Ok(())
    } else {
        Err(Error::LengthMismatch { expected, got })
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
        Err(Error::invalid(name, value, Rule::NO_OVERFLOW))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;
    use core::fmt::Write;

    fn text(d: impl fmt::Display) -> heapless::String<160> {
        let mut s = heapless::String::new();
        write!(s, "{d}").unwrap();
        s
    }

    #[test]
    fn messages_name_the_argument_value_rule_and_index() {
        let e = Error::invalid("half_life", 0.0, Rule::POSITIVE);
        assert_eq!(text(e), "half_life = 0 is invalid: must be finite and > 0");
        let e = check_range("views", f64::NAN, 0.0, f64::MAX)
            .unwrap_err()
            .at(3);
        assert_eq!(
            text(e),
            "views (index 3) = NaN is invalid: must be finite and >= 0"
        );
        // The innermost index wins; other variants pass through `at` unchanged.
        let e = Error::invalid("views", -1.0, Rule::NON_NEGATIVE).at(3);
        assert_eq!(e.at(7), e);
        let empty = Error::Empty { name: "times" };
        assert_eq!(empty.at(2), empty);
        let rule = Rule::AtMost {
            other: "totals",
            limit: 10.0,
        };
        let e = Error::invalid("successes", 12.0, rule).at(4);
        assert_eq!(text(e), "successes (index 4) = 12 exceeds totals = 10");
        assert_eq!(
            text(e.in_shape(&[2, 3])),
            "successes (index (1, 1)) = 12 exceeds totals = 10"
        );
        assert_eq!(text(e.in_shape(&[5])), text(e));
        assert_eq!(
            e.at_offset(6),
            Error::invalid("successes", 12.0, rule).at(10)
        );
        let e = Error::invalid("winners", 7.0, Rule::ItemIndex { items: 3 }).at(1);
        assert_eq!(
            text(e),
            "winners (index 1) = 7 is not an item index (0 to 2)"
        );
    }

    #[test]
    fn rules_read_as_the_end_of_a_sentence() {
        let cases: [(Rule, &str); 9] = [
            (Rule::FINITE, "finite"),
            (Rule::NON_NEGATIVE, "finite and >= 0"),
            (
                Rule::Range {
                    lo: 0.0,
                    hi: f64::MAX,
                },
                "finite and >= 0",
            ),
            (Rule::POSITIVE, "finite and > 0"),
            (Rule::UNIT, "in [0, 1]"),
            (
                Rule::Range {
                    lo: f64::MIN_POSITIVE,
                    hi: 1.0,
                },
                "in (0, 1]",
            ),
            (
                Rule::Whole {
                    lo: 0.0,
                    hi: 2147483647.0,
                },
                "a whole number in [0, 2147483647]",
            ),
            (Rule::Text("1, 2 or 6"), "1, 2 or 6"),
            (Rule::ItemIndex { items: 3 }, "an item index (0 to 2)"),
        ];
        for (rule, want) in cases {
            assert_eq!(text(rule), want);
        }
    }
}
