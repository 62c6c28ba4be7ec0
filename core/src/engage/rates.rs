//! Rates with confidence: Wilson score bounds, Bayesian (IMDb) average, additive smoothing and
//! Evan Miller's star-rating sort.
//!
//! A clip with 2 likes out of 2 views should not outrank one with 9,000 out of 10,000. Each
//! function here shrinks a raw rate towards what the evidence supports.
//!
//! * **Wilson score interval** (E. B. Wilson, *JASA* 22 (1927) 209–212), as statsmodels'
//!   `proportion_confint(count, nobs, alpha, method="wilson")` computes it, with the critical
//!   value `z` a parameter ([`Z_95`](super::normal::Z_95) for 95% two-sided; see
//!   [`z_for_confidence`](super::normal::z_for_confidence)):
//!   `lower = (s + z²/2 − z·sqrt(s(n − s)/n + z²/4)) / (n + z²)`, algebraically identical to
//!   statsmodels' `(p̂ + z²/2n − z·sqrt(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)` and equal to it to
//!   1e-12 on a grid up to `n = 1e9` (vectors group `wilson`).
//! * **Bayesian average** (IMDb Top-250 form): `v/(v+m)·R + m/(v+m)·C`.
//! * **Additive (Lidstone/Laplace) smoothing**: `(x + α) / (N + α·d)`.
//! * **Star-rating sort**: E. Miller, "Ranking Items With Star Ratings" (2016): the lower
//!   normal bound of the posterior mean rating under a Dirichlet(1, …, 1) prior.
//!
//! Counts are `f64` so weighted (fractional) counts work; they must be finite and
//! non-negative, and successes may not exceed totals. Zero totals give 0 (no evidence yet).
//!
//! **Extreme values.** Every function is evaluated so that any finite input (counts up to
//! `f64::MAX`, subnormals) either gives the finite, correctly limited answer or an
//! [`Error::InvalidValue`] naming the overflowing computation — never ±∞ or NaN. The critical
//! value `z` must have a finite square (`z ≤ 1.3e154`).

use crate::error::{Error, Rule, check_finite, check_range, finite_result};

fn check_count(name: &'static str, value: f64) -> Result<f64, Error> {
    check_range(name, value, 0.0, f64::MAX)
}

/// `z ≥ 0` with a finite `z²` (every formula here squares it).
fn check_z(z: f64) -> Result<f64, Error> {
    check_range("z", z, 0.0, f64::MAX)?;
    finite_result("z", z * z).map(|_| z)
}

fn check_pair(successes: f64, totals: f64) -> Result<(), Error> {
    check_count("successes", successes)?;
    check_count("totals", totals)?;
    if successes > totals {
        return Err(Error::invalid(
            "successes",
            successes,
            Rule::AtMost {
                other: "totals",
                limit: totals,
            },
        ));
    }
    Ok(())
}

/// Wilson bounds without validation, `0 ≤ s ≤ n`, `n > 0`, clamped to `[0, p̂]` and `[p̂, 1]`.
///
/// Written for the whole finite range: `s(n − s)/n` is formed as `s · ((n − s)/n)` (no `n²`,
/// which overflows from `n ≈ 1.3e154` and underflows for subnormal `n`), so only `s + z²/2`
/// and `n + z²` can overflow (counts near `f64::MAX` with a huge `z`). Then both bounds are
/// NaN, which the callers turn into an error (the clamps alone would hide it).
#[inline(always)]
fn wilson_core(s: f64, n: f64, z: f64, half_z2: f64, quarter_z2: f64, z2: f64) -> (f64, f64) {
    let p = s / n;
    let spread = z * libm::sqrt(s * ((n - s) / n) + quarter_z2);
    let centre = s + half_z2;
    let denom = n + z2;
    let lo = ((centre - spread) / denom).max(0.0).min(p);
    let hi = ((centre + spread) / denom).min(1.0).max(p);
    if (centre <= f64::MAX) & (denom <= f64::MAX) {
        (lo, hi)
    } else {
        (f64::NAN, f64::NAN)
    }
}

/// The error for a Wilson interval whose `s + z²/2` or `n + z²` overflows.
fn wilson_overflow(s: f64, n: f64, z2: f64) -> Error {
    let centre = s + 0.5 * z2;
    Error::invalid(
        "wilson interval (overflow)",
        if centre.is_finite() { n + z2 } else { centre },
        Rule::NO_OVERFLOW,
    )
}

/// Lower bound of the Wilson score interval for `successes` out of `totals` at critical
/// value `z` (statsmodels `proportion_confint(method="wilson")[0]`).
///
/// Formula: `(s + z²/2 − z·sqrt(s(n − s)/n + z²/4)) / (n + z²)`; result in `[0, s/n]`
/// (clamped to that range against rounding). `totals = 0` gives `0`.
///
/// Errors ([`Error::InvalidValue`]): NaN, infinite or negative counts (`successes`,
/// `totals`), `successes > totals` (`successes`), `z` negative, not finite or with an
/// infinite square (`z`), `successes + z²/2` overflowing (`wilson interval (overflow)`).
pub fn wilson_lower_bound(successes: f64, totals: f64, z: f64) -> Result<f64, Error> {
    Ok(wilson_interval(successes, totals, z)?.0)
}

/// Both ends of the Wilson score interval `(lower, upper)`, see [`wilson_lower_bound`].
///
/// `0 ≤ lower ≤ s/n ≤ upper ≤ 1` always holds (clamped against rounding). `totals = 0`
/// gives `(0, 1)` (nothing is known). Errors as [`wilson_lower_bound`].
pub fn wilson_interval(successes: f64, totals: f64, z: f64) -> Result<(f64, f64), Error> {
    check_pair(successes, totals)?;
    let z = check_z(z)?;
    if totals == 0.0 {
        return Ok((0.0, 1.0));
    }
    let z2 = z * z;
    let (lo, hi) = wilson_core(successes, totals, z, 0.5 * z2, 0.25 * z2, z2);
    if lo.is_nan() || hi.is_nan() {
        return Err(wilson_overflow(successes, totals, z2));
    }
    Ok((lo, hi))
}

/// Wilson lower bound over slices: `out[i] = wilson_lower_bound(successes[i], totals[i], z)`.
///
/// The fast path for millions of rows: one pass, no branches in the loop body (validity is
/// accumulated as a flag, zero totals selected away), so the compiler vectorises it.
/// Results equal the scalar [`wilson_lower_bound`] bit for bit.
///
/// Errors: [`Error::LengthMismatch`] if `totals` or `out` differ in length from `successes`;
/// [`Error::InvalidValue`] naming the first offending value as in [`wilson_lower_bound`]
/// (then the contents of `out` are unspecified). Empty slices are fine (nothing to do).
pub fn wilson_lower_bound_slice(
    successes: &[f64],
    totals: &[f64],
    z: f64,
    out: &mut [f64],
) -> Result<(), Error> {
    check_lengths(successes.len(), totals.len(), out.len())?;
    let z = check_z(z)?;
    let z2 = z * z;
    let half_z2 = 0.5 * z2;
    let quarter_z2 = 0.25 * z2;
    let mut bad = false;
    for ((o, &s), &n) in out.iter_mut().zip(successes).zip(totals) {
        // `!(x >= 0)` is true for NaN too; `n <= MAX` rejects +inf and NaN; a NaN bound is an
        // overflow (see `wilson_core`).
        let (lo, _) = wilson_core(s, n, z, half_z2, quarter_z2, z2);
        let ok = (s >= 0.0) & (s <= n) & (n <= f64::MAX) & !lo.is_nan();
        bad |= !ok;
        *o = if n > 0.0 { lo } else { 0.0 };
    }
    if bad {
        for (i, (&s, &n)) in successes.iter().zip(totals).enumerate() {
            check_pair(s, n).map_err(|e| e.at(i))?;
        }
        for (i, ((&s, &n), &o)) in successes.iter().zip(totals).zip(out.iter()).enumerate() {
            if o.is_nan() {
                return Err(wilson_overflow(s, n, z2).at(i));
            }
        }
    }
    Ok(())
}

fn check_lengths(first: usize, second: usize, out: usize) -> Result<(), Error> {
    if second != first {
        return Err(Error::LengthMismatch {
            expected: first,
            got: second,
        });
    }
    if out != first {
        return Err(Error::LengthMismatch {
            expected: first,
            got: out,
        });
    }
    Ok(())
}

/// Bayesian average in the IMDb form `v/(v+m)·R + m/(v+m)·C`: the item's mean rating `R`
/// over `v` votes, pulled towards the prior mean `C` with the weight of `m` votes.
///
/// Result lies between `R` and `C`. With `v + m = 0` (no votes, no prior weight) the prior
/// mean `C` is returned.
///
/// Errors ([`Error::InvalidValue`]): `mean` or `prior_mean` not finite; `votes` or
/// `prior_weight` negative or not finite; a result that rounds past `±f64::MAX` (means near
/// `f64::MAX`: `bayesian average (overflow)`).
pub fn bayesian_average(
    mean: f64,
    votes: f64,
    prior_weight: f64,
    prior_mean: f64,
) -> Result<f64, Error> {
    check_finite("mean", mean)?;
    check_count("votes", votes)?;
    check_count("prior_weight", prior_weight)?;
    check_finite("prior_mean", prior_mean)?;
    finite_result(
        "bayesian average (overflow)",
        bayes_core(mean, votes, prior_weight, prior_mean),
    )
}

/// `v/(v+m)·r + m/(v+m)·c`; when `v + m` overflows, both weights are halved first (the
/// quotients are unchanged), so the result is the true convex combination, not `0`.
#[inline(always)]
fn bayes_core(r: f64, v: f64, m: f64, c: f64) -> f64 {
    let t = v + m;
    let (v, m, t) = if t <= f64::MAX {
        (v, m, t)
    } else {
        (0.5 * v, 0.5 * m, 0.5 * v + 0.5 * m)
    };
    if t > 0.0 { v / t * r + m / t * c } else { c }
}

/// [`bayesian_average`] over slices of means and vote counts with one prior:
/// `out[i] = bayesian_average(means[i], votes[i], prior_weight, prior_mean)`.
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] for the first bad value (then
/// `out` is unspecified).
pub fn bayesian_average_slice(
    means: &[f64],
    votes: &[f64],
    prior_weight: f64,
    prior_mean: f64,
    out: &mut [f64],
) -> Result<(), Error> {
    check_lengths(means.len(), votes.len(), out.len())?;
    check_count("prior_weight", prior_weight)?;
    check_finite("prior_mean", prior_mean)?;
    let mut bad = false;
    for ((o, &r), &v) in out.iter_mut().zip(means).zip(votes) {
        *o = bayes_core(r, v, prior_weight, prior_mean);
        let ok = (r.abs() <= f64::MAX) & (0.0..=f64::MAX).contains(&v) & (o.abs() <= f64::MAX);
        bad |= !ok;
    }
    if bad {
        for (i, (&r, &v)) in means.iter().zip(votes).enumerate() {
            check_finite("mean", r).map_err(|e| e.at(i))?;
            check_count("votes", v).map_err(|e| e.at(i))?;
        }
        for (i, &o) in out.iter().enumerate() {
            finite_result("bayesian average (overflow)", o).map_err(|e| e.at(i))?;
        }
    }
    Ok(())
}

/// Additive (Lidstone; Laplace when `α = 1`) smoothing of a category count:
/// `(count + α) / (total + α·categories)`.
///
/// Result in `[0, 1]`. With `total + α·categories = 0` the uniform `1/categories` is returned
/// (the limit as `α → 0`).
///
/// Errors ([`Error::InvalidValue`]): negative or non-finite `count`, `total` or `alpha`;
/// `count > total`; `categories < 1` or not finite; `count + α` or `total + α·categories`
/// overflowing `f64` (`additive smoothing (overflow)`).
pub fn additive_smoothing(
    count: f64,
    total: f64,
    alpha: f64,
    categories: f64,
) -> Result<f64, Error> {
    check_count("count", count)?;
    check_count("total", total)?;
    if count > total {
        return Err(Error::invalid(
            "count",
            count,
            Rule::AtMost {
                other: "total",
                limit: total,
            },
        ));
    }
    check_count("alpha", alpha)?;
    check_range("categories", categories, 1.0, f64::MAX)?;
    let numer = finite_result("additive smoothing (overflow)", count + alpha)?;
    let denom = finite_result("additive smoothing (overflow)", total + alpha * categories)?;
    if denom > 0.0 {
        Ok(numer / denom)
    } else {
        Ok(1.0 / categories)
    }
}

/// Evan Miller's star-rating sort: `S − z·sqrt((S₂ − S²)/(N + K + 1))` with
/// `S = Σ s_k (n_k + 1)/(N + K)` and `S₂ = Σ s_k² (n_k + 1)/(N + K)` over `K` star levels.
///
/// `counts_high_to_low[0]` is the number of `K`-star ratings, the last entry the number of
/// 1-star ratings (Miller's `ns` order). Result in `[1 − …, K]`, typically `[1, K]`; with no
/// ratings the prior alone gives a low score. Source: E. Miller, "Ranking Items With Star
/// Ratings" (2016); `(60, 80, 75, 20, 25)`, `z = 1.65` → `3.3684307456209077`.
///
/// When the weighted sums overflow (counts near `f64::MAX`), the posterior weights
/// `(n_k + 1)/(N + K)` are formed first, so only a total `N` past `f64::MAX` is refused.
///
/// Errors: [`Error::Empty`] (`counts`) for no star levels; [`Error::InvalidValue`] for a
/// negative or non-finite count or `z` (or `z²` not finite), a total count overflowing `f64`
/// (`counts total (overflow)`).
pub fn star_rating_sort(counts_high_to_low: &[f64], z: f64) -> Result<f64, Error> {
    if counts_high_to_low.is_empty() {
        return Err(Error::Empty { name: "counts" });
    }
    let z = check_z(z)?;
    let k = counts_high_to_low.len() as f64;
    let mut n = 0.0;
    for (i, &c) in counts_high_to_low.iter().enumerate() {
        n += check_count("counts", c).map_err(|e| e.at(i))?;
    }
    let total = finite_result("counts total (overflow)", n + k)?;
    let mut s1 = 0.0;
    let mut s2 = 0.0;
    for (i, &c) in counts_high_to_low.iter().enumerate() {
        let star = k - i as f64;
        s1 += star * (c + 1.0);
        s2 += star * star * (c + 1.0);
    }
    let (mut f1, mut f2) = (s1 / total, s2 / total);
    if !s2.is_finite() {
        // Huge counts: the weights `(n_k + 1)/(N + K) ≤ 1` first, then the sums (s2 ≥ s1, so
        // this also covers s1); the common case keeps the published evaluation order.
        (f1, f2) = (0.0, 0.0);
        for (i, &c) in counts_high_to_low.iter().enumerate() {
            let star = k - i as f64;
            let weight = (c + 1.0) / total;
            f1 += star * weight;
            f2 += star * star * weight;
        }
    }
    let var = ((f2 - f1 * f1) / (total + 1.0)).max(0.0);
    // f1 ∈ [1, K] and var ≤ K²: the result is finite for any z with a finite square.
    finite_result("star rating (overflow)", f1 - z * libm::sqrt(var))
}

/// [`star_rating_sort`] of each row of a row-major `rows × levels` count matrix: `out[r]`
/// scores `counts[r·levels..][..levels]`.
///
/// Errors: [`Error::Empty`] (`counts`) for `levels = 0`; [`Error::LengthMismatch`] unless
/// `counts` has `out.len() × levels` entries; the first error of [`star_rating_sort`], an
/// element's index counted in the whole matrix.
pub fn star_rating_sort_rows(
    counts: &[f64],
    levels: usize,
    z: f64,
    out: &mut [f64],
) -> Result<(), Error> {
    if levels == 0 {
        return Err(Error::Empty { name: "counts" });
    }
    rows_of(counts.len(), levels, out.len())?;
    for (r, (o, row)) in out.iter_mut().zip(counts.chunks_exact(levels)).enumerate() {
        *o = star_rating_sort(row, z).map_err(|e| match e {
            Error::InvalidValue { index: Some(_), .. } => e.at_offset(r * levels),
            other => other,
        })?;
    }
    Ok(())
}

/// Checks that a row-major matrix of `cells` entries holds `rows` rows of `width`.
pub(crate) fn rows_of(cells: usize, width: usize, rows: usize) -> Result<(), Error> {
    crate::error::check_len(rows.saturating_mul(width), cells)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::engage::normal::Z_95;

    #[test]
    fn engage_rates_wilson_issue_values() {
        let a = wilson_lower_bound(234.0, 600.0, Z_95).unwrap();
        assert!((a - 0.3517904261149445).abs() < 1e-15);
        let b = wilson_lower_bound(2.0, 5.0, Z_95).unwrap();
        assert!((b - 0.11762077423264788).abs() < 1e-15);
        assert_eq!(wilson_lower_bound(0.0, 0.0, Z_95).unwrap(), 0.0);
    }

    #[test]
    fn engage_rates_bad_input() {
        assert!(wilson_lower_bound(3.0, 2.0, Z_95).is_err());
        assert!(wilson_lower_bound(-1.0, 2.0, Z_95).is_err());
        assert!(wilson_lower_bound(f64::NAN, 2.0, Z_95).is_err());
        assert!(wilson_lower_bound(1.0, f64::INFINITY, Z_95).is_err());
        assert!(wilson_lower_bound(1.0, 2.0, f64::NAN).is_err());
        let mut out = [0.0; 2];
        assert_eq!(
            wilson_lower_bound_slice(&[1.0, 2.0], &[3.0], Z_95, &mut out),
            Err(Error::LengthMismatch {
                expected: 2,
                got: 1
            })
        );
        let err = wilson_lower_bound_slice(&[1.0, 5.0], &[3.0, 4.0], Z_95, &mut out).unwrap_err();
        let rule = Rule::AtMost {
            other: "totals",
            limit: 4.0,
        };
        assert_eq!(err, Error::invalid("successes", 5.0, rule).at(1));
        let mut text = heapless::String::<64>::new();
        core::fmt::write(&mut text, format_args!("{err}")).unwrap();
        assert_eq!(text, "successes (index 1) = 5 exceeds totals = 4");
        assert!(star_rating_sort(&[], 1.65).is_err());
        assert!(additive_smoothing(2.0, 1.0, 1.0, 2.0).is_err());
        assert!(bayesian_average(1.0, -1.0, 1.0, 1.0).is_err());
    }

    #[test]
    fn engage_rates_star_rating_rows_match_the_scalar_and_locate_in_the_matrix() {
        let counts = [60.0, 80.0, 75.0, 20.0, 25.0, 0.0, 0.0, 0.0, 0.0, 1.0];
        let mut out = [0.0; 2];
        star_rating_sort_rows(&counts, 5, 1.65, &mut out).unwrap();
        assert_eq!(out[0], 3.3684307456209077); // Miller's example
        assert_eq!(out[1], star_rating_sort(&counts[5..], 1.65).unwrap());
        let bad = [3.0, 1.0, 0.0, 2.0, -1.0, 4.0];
        let e = star_rating_sort_rows(&bad, 3, 1.65, &mut out).unwrap_err();
        assert!(matches!(
            e,
            Error::InvalidValue {
                name: "counts",
                index: Some(4),
                ..
            }
        ));
        assert_eq!(
            star_rating_sort_rows(&bad, 0, 1.65, &mut out),
            Err(Error::Empty { name: "counts" })
        );
        assert!(star_rating_sort_rows(&bad[..5], 3, 1.65, &mut out).is_err());
    }
}
