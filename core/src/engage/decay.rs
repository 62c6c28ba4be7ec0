//! Decay and hotness: half-life decay, Reddit `hot` and `confidence`, Hacker News rank, EWMA
//! and a trending z-score.
//!
//! * **Half-life decay**: `2^(−age / half_life)`.
//! * **Reddit hot**, exactly as reddit's `r2/lib/db/_sorts.pyx`:
//!   `round(sign(s)·log10(max(|s|, 1)) + (date − 1134028003)/45000, 7)` with `s = ups − downs`;
//!   `round` is Python 2.7's (reddit's runtime): correctly rounded from the exact binary value,
//!   halfway cases away from zero. `hot(1000, 0, 1134028003 + 45000) = 4.0`.
//! * **Reddit confidence** (`_confidence`): the Wilson lower bound at `z = 1.281551565545`
//!   (80%), evaluated like the Cython source — `n`, `z`, `p` are C `float`s and `left`,
//!   `under` and the square root's argument are single-precision expressions — so results
//!   equal reddit's to the last bit, float rounding included.
//! * **Hacker News** `news.arc` `frontpage-rank`:
//!   `base / ((age_minutes + 120)/60)^gravity · penalty` with `base = (points − 1)^0.8` when
//!   `points − 1 > 0`, else `points − 1` unchanged; gravity 1.8. 100 points at 60 minutes →
//!   `5.466255120567193`.
//! * **EWMA**: `m₀ = x₀`, `mₜ = mₜ₋₁ + α(xₜ − mₜ₋₁)` (pandas `ewm(alpha, adjust=False).mean()`).
//! * **Trending z-score**: exponentially weighted mean and variance (T. Finch, "Incremental
//!   calculation of weighted mean and variance", 2009: `d = x − m; m += α d;
//!   v = (1 − α)(v + α d²)`, equal to pandas `ewm(adjust=False).var(bias=True)`); the score of
//!   `xₜ` is `(xₜ − mₜ₋₁)/sqrt(vₜ₋₁)`, `0` while the variance is still 0.

use crate::error::{Error, Rule, check_finite, check_len, check_range, finite_result};

/// Reddit's epoch offset in `hot`: 2005-12-08 07:46:43 UTC, in Unix seconds.
pub const REDDIT_EPOCH_SECONDS: f64 = 1_134_028_003.0;
/// Seconds per unit of `hot` (12.5 hours): an order of magnitude of votes buys this much time.
pub const REDDIT_HOT_SECONDS_PER_UNIT: f64 = 45_000.0;
/// Decimal places `hot` is rounded to.
pub const REDDIT_HOT_DECIMALS: i32 = 7;
/// `z` of reddit's `_confidence` (80% two-sided), stored as the C `float` it is in `_sorts.pyx`.
pub const REDDIT_CONFIDENCE_Z: f32 = 1.281_551_6;
/// Hacker News gravity (`gravity*` in `news.arc`).
pub const HN_GRAVITY: f64 = 1.8;
/// Hacker News time base in minutes (`timebase*`), added to the item age.
pub const HN_TIMEBASE_MINUTES: f64 = 120.0;
/// Exponent applied to `points − 1` in `frontpage-rank`.
pub const HN_SCORE_EXPONENT: f64 = 0.8;
/// `news.arc` penalty for stories without a URL (`nourl-factor*`).
pub const HN_NOURL_FACTOR: f64 = 0.4;
/// `news.arc` cap for "lightweight" stories (`lightweight-factor*`).
pub const HN_LIGHTWEIGHT_FACTOR: f64 = 0.17;
/// `news.arc` penalty for gagged stories (`gag-factor*`).
pub const HN_GAG_FACTOR: f64 = 0.1;
/// Largest count accepted where reddit's code takes an integer (2⁵³, exact in `f64`).
pub const MAX_EXACT_COUNT: f64 = 9_007_199_254_740_992.0;

/// Half-life decay factor `2^(−age / half_life)` in `(0, 1]` (underflows to 0 for huge ages).
///
/// Errors ([`Error::InvalidValue`]): `age` negative or not finite; `half_life ≤ 0` or not
/// finite.
pub fn half_life_decay(age: f64, half_life: f64) -> Result<f64, Error> {
    check_range("age", age, 0.0, f64::MAX)?;
    check_half_life(half_life)?;
    Ok(libm::exp2(-age / half_life))
}

fn check_half_life(h: f64) -> Result<f64, Error> {
    if h > 0.0 && h <= f64::MAX {
        Ok(h)
    } else {
        Err(Error::invalid("half_life", h, Rule::POSITIVE))
    }
}

/// Decayed values: `out[i] = values[i] · 2^(−ages[i] / half_life)`.
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] for a non-finite value, a
/// negative or non-finite age, or a bad half-life.
pub fn half_life_decay_slice(
    values: &[f64],
    ages: &[f64],
    half_life: f64,
    out: &mut [f64],
) -> Result<(), Error> {
    lengths(values.len(), ages.len(), out.len())?;
    let h = check_half_life(half_life)?;
    for (i, ((o, &v), &a)) in out.iter_mut().zip(values).zip(ages).enumerate() {
        check_finite("values", v).map_err(|e| e.at(i))?;
        check_range("age", a, 0.0, f64::MAX).map_err(|e| e.at(i))?;
        *o = v * libm::exp2(-a / h);
    }
    Ok(())
}

fn lengths(first: usize, second: usize, out: usize) -> Result<(), Error> {
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

fn check_whole(name: &'static str, v: f64, max: f64) -> Result<f64, Error> {
    if v >= 0.0 && v <= max && libm::trunc(v) == v {
        Ok(v)
    } else {
        Err(Error::invalid(name, v, Rule::Whole { lo: 0.0, hi: max }))
    }
}

/// Python 2.7 `round(x, 7)`: the exact binary value of `x` rounded to 7 decimals, halfway
/// cases away from zero, converted back to the nearest `f64`.
fn py2_round7(x: f64) -> f64 {
    const SCALE: f64 = 1e7;
    let a = x.abs();
    let p = a * SCALE;
    if p.is_nan() || p >= 4.5e15 {
        // |x|·10⁷ ≥ 2⁵²: x has no digits beyond the 7th decimal that f64 can hold.
        return x;
    }
    // a·10⁷ = p + e exactly (Dekker's product error): `a` split into two 26-bit halves
    // (Veltkamp; no overflow for a < 4.5e8), 10⁷ = 2⁷·78125 needs no split, so every partial
    // product is exact. The same `e` as `libm::fma(a, SCALE, -p)` (only for a < 2⁻⁹⁰⁰ can a
    // partial product underflow, and then p < 1 and `d` is nowhere near 0.5), without `fma`'s
    // run-time CPU dispatch through a function pointer, which the no-panic proof cannot see
    // through.
    const SPLIT: f64 = 134_217_729.0; // 2²⁷ + 1
    let t = SPLIT * a;
    let hi = t - (t - a);
    let e = (hi * SCALE - p) + (a - hi) * SCALE;
    let k = libm::floor(p);
    let d = (p - k) + e; // fractional part of a·10⁷, in [−0.25, 1.25)
    let mag = if d >= 0.5 { k + 1.0 } else { k };
    let r = mag / SCALE; // correctly rounded, like float(Decimal)
    if x < 0.0 { -r } else { r }
}

/// Reddit `hot(ups, downs, date)` exactly as `_sorts.pyx` (see the module doc). `date` is in
/// Unix seconds (`epoch_seconds` of the post time).
///
/// Errors ([`Error::InvalidValue`]): `ups`/`downs` not whole numbers in `[0, 2⁵³]` (they are
/// `long`s in reddit's code); `date` not finite.
pub fn reddit_hot(ups: f64, downs: f64, date: f64) -> Result<f64, Error> {
    check_whole("ups", ups, MAX_EXACT_COUNT)?;
    check_whole("downs", downs, MAX_EXACT_COUNT)?;
    check_finite("date", date)?;
    Ok(hot_core(ups, downs, date))
}

fn hot_core(ups: f64, downs: f64, date: f64) -> f64 {
    let s = ups - downs;
    let order = libm::log10(s.abs().max(1.0));
    let sign = if s > 0.0 {
        1.0
    } else if s < 0.0 {
        -1.0
    } else {
        0.0
    };
    let seconds = date - REDDIT_EPOCH_SECONDS;
    py2_round7(sign * order + seconds / REDDIT_HOT_SECONDS_PER_UNIT)
}

/// [`reddit_hot`] over slices: `out[i] = reddit_hot(ups[i], downs[i], dates[i])`.
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] as [`reddit_hot`].
pub fn reddit_hot_slice(
    ups: &[f64],
    downs: &[f64],
    dates: &[f64],
    out: &mut [f64],
) -> Result<(), Error> {
    lengths(ups.len(), downs.len(), out.len())?;
    lengths(ups.len(), dates.len(), out.len())?;
    let rows = out.iter_mut().zip(ups).zip(downs).zip(dates);
    for (i, (((o, &u), &d), &t)) in rows.enumerate() {
        *o = reddit_hot(u, d, t).map_err(|e| e.at(i))?;
    }
    Ok(())
}

/// Reddit's comment "best" sort, `_confidence(ups, downs)` from `_sorts.pyx`, reproduced with
/// its single-precision intermediates (see the module doc). `ups + downs = 0` gives `0`.
///
/// Range `[0, 1)` (tiny positive values can appear for `ups = 0`, as in reddit's own output).
///
/// Errors ([`Error::InvalidValue`]): counts that are not whole numbers in `[0, 2³¹ − 1]` (C
/// `int`s in reddit's code), or whose sum exceeds `2³¹ − 1`.
pub fn reddit_confidence(ups: f64, downs: f64) -> Result<f64, Error> {
    const INT_MAX: f64 = 2_147_483_647.0;
    check_whole("ups", ups, INT_MAX)?;
    check_whole("downs", downs, INT_MAX)?;
    if ups + downs > INT_MAX {
        return Err(Error::invalid(
            "downs",
            downs,
            Rule::Text("a whole number with ups + downs <= 2147483647"),
        ));
    }
    let n = (ups + downs) as f32;
    if n == 0.0 {
        return Ok(0.0);
    }
    let z = REDDIT_CONFIDENCE_Z;
    let p = (ups / f64::from(n)) as f32;
    let left = f64::from(p + 1.0 / (2.0 * n) * z * z);
    let right = f64::from(z) * libm::sqrt(f64::from(p * (1.0 - p) / n + z * z / (4.0 * n * n)));
    let under = f64::from(1.0 + 1.0 / n * z * z);
    Ok((left - right) / under)
}

/// Hacker News `frontpage-rank` from `news.arc` (see the module doc): `points` is the item's
/// score, `age_minutes` its age, `gravity` usually [`HN_GRAVITY`], `penalty` the product of
/// any `news.arc` factors ([`HN_NOURL_FACTOR`], …) or `1`.
///
/// Errors ([`Error::InvalidValue`]): `points` not finite; `age_minutes` negative or not
/// finite; `gravity` or `penalty` negative or not finite.
pub fn hacker_news_rank(
    points: f64,
    age_minutes: f64,
    gravity: f64,
    penalty: f64,
) -> Result<f64, Error> {
    check_finite("points", points)?;
    check_range("age_minutes", age_minutes, 0.0, f64::MAX)?;
    check_range("gravity", gravity, 0.0, f64::MAX)?;
    check_range("penalty", penalty, 0.0, f64::MAX)?;
    finite_result(
        "hacker news rank (overflow)",
        hn_core(points, age_minutes, gravity) * penalty,
    )
}

fn hn_core(points: f64, age: f64, gravity: f64) -> f64 {
    let mut base = points - 1.0;
    if base > 0.0 {
        base = libm::pow(base, HN_SCORE_EXPONENT);
    }
    base / libm::pow((age + HN_TIMEBASE_MINUTES) / 60.0, gravity)
}

/// [`hacker_news_rank`] over slices with penalty 1: `out[i] = rank(points[i], ages[i])`.
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] as [`hacker_news_rank`].
pub fn hacker_news_rank_slice(
    points: &[f64],
    age_minutes: &[f64],
    gravity: f64,
    out: &mut [f64],
) -> Result<(), Error> {
    lengths(points.len(), age_minutes.len(), out.len())?;
    check_range("gravity", gravity, 0.0, f64::MAX)?;
    for (i, ((o, &p), &a)) in out.iter_mut().zip(points).zip(age_minutes).enumerate() {
        check_finite("points", p).map_err(|e| e.at(i))?;
        check_range("age_minutes", a, 0.0, f64::MAX).map_err(|e| e.at(i))?;
        // `hn_core` divides by `((age + 120)/60)^gravity ≥ 1`, so it stays finite; checked
        // anyway so no future change can let ±∞ or NaN out.
        *o = finite_result("hacker news rank (overflow)", hn_core(p, a, gravity))
            .map_err(|e| e.at(i))?;
    }
    Ok(())
}

fn check_alpha(alpha: f64) -> Result<f64, Error> {
    if alpha > 0.0 && alpha <= 1.0 {
        Ok(alpha)
    } else {
        Err(Error::invalid(
            "alpha",
            alpha,
            Rule::Range {
                lo: f64::MIN_POSITIVE,
                hi: 1.0,
            },
        ))
    }
}

/// Exponentially weighted moving average with smoothing `alpha ∈ (0, 1]`, seeded by the first
/// value (pandas `ewm(alpha=alpha, adjust=False).mean()`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ewma {
    alpha: f64,
    value: f64,
    started: bool,
}

impl Ewma {
    /// A new average. Errors: [`Error::InvalidValue`] unless `0 < alpha ≤ 1`.
    pub fn new(alpha: f64) -> Result<Self, Error> {
        Ok(Self {
            alpha: check_alpha(alpha)?,
            value: 0.0,
            started: false,
        })
    }

    /// Adds `x` and returns the updated average. Errors: [`Error::InvalidValue`] for a
    /// non-finite `x` (the state is unchanged).
    ///
    /// The average is a convex combination of finite values, so it is finite for any finite
    /// `x`: when `x − mₜ₋₁` overflows (values of opposite sign near `f64::MAX`), the step is
    /// taken on halved values instead.
    pub fn update(&mut self, x: f64) -> Result<f64, Error> {
        check_finite("x", x)?;
        if self.started {
            let d = x - self.value;
            let next = if d.is_finite() {
                self.value + self.alpha * d
            } else {
                let half = 0.5 * self.value;
                2.0 * (half + self.alpha * (0.5 * x - half))
            };
            self.value = finite_result("ewma (overflow)", next)?;
        } else {
            self.value = x;
            self.started = true;
        }
        Ok(self.value)
    }

    /// The current average (`None` before the first value).
    pub fn value(&self) -> Option<f64> {
        self.started.then_some(self.value)
    }
}

/// EWMA of a series: `out[t]` is the average after `xs[t]`.
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] for a bad `alpha` or value.
pub fn ewma_slice(xs: &[f64], alpha: f64, out: &mut [f64]) -> Result<(), Error> {
    series(xs, out, || Ewma::new(alpha), Ewma::update)
}

/// Runs a tracker made by `start` along a series: `out[t] = step(tracker, xs[t])`, the first
/// error located at its element.
fn series<T>(
    xs: &[f64],
    out: &mut [f64],
    start: impl FnOnce() -> Result<T, Error>,
    mut step: impl FnMut(&mut T, f64) -> Result<f64, Error>,
) -> Result<(), Error> {
    check_len(xs.len(), out.len())?;
    let mut tracker = start()?;
    for (i, (o, &x)) in out.iter_mut().zip(xs).enumerate() {
        *o = step(&mut tracker, x).map_err(|e| e.at(i))?;
    }
    Ok(())
}

/// Trending z-score against an exponentially weighted mean and variance (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendingZ {
    alpha: f64,
    mean: f64,
    variance: f64,
    started: bool,
}

impl TrendingZ {
    /// A new tracker. Errors: [`Error::InvalidValue`] unless `0 < alpha ≤ 1`.
    pub fn new(alpha: f64) -> Result<Self, Error> {
        Ok(Self {
            alpha: check_alpha(alpha)?,
            mean: 0.0,
            variance: 0.0,
            started: false,
        })
    }

    /// Scores `x` against the history so far, then adds it. Returns
    /// `(x − mean)/sqrt(variance)` of the state *before* `x`, or `0` while that variance is 0
    /// (the first value, or a constant history).
    ///
    /// Errors ([`Error::InvalidValue`], the state is unchanged): a non-finite `x` (`x`); an `x`
    /// so far from the mean that the squared deviation, the new variance or the score
    /// overflows `f64` (`|x − mean| ≳ 1.3e154`, or a tiny variance: `trending z (overflow)`).
    pub fn update(&mut self, x: f64) -> Result<f64, Error> {
        check_finite("x", x)?;
        if !self.started {
            self.mean = x;
            self.started = true;
            return Ok(0.0);
        }
        let d = x - self.mean;
        let z = if self.variance > 0.0 {
            d / libm::sqrt(self.variance)
        } else {
            0.0
        };
        let incr = self.alpha * d;
        let mean = self.mean + incr;
        let variance = (1.0 - self.alpha) * (self.variance + d * incr);
        if !(z.is_finite() && mean.is_finite() && variance.is_finite()) {
            return Err(Error::invalid(
                "trending z (overflow)",
                x,
                Rule::NO_OVERFLOW,
            ));
        }
        self.mean = mean;
        self.variance = variance;
        Ok(z)
    }

    /// Current exponentially weighted mean (`None` before the first value).
    pub fn mean(&self) -> Option<f64> {
        self.started.then_some(self.mean)
    }

    /// Current exponentially weighted (biased) variance (`None` before the first value).
    pub fn variance(&self) -> Option<f64> {
        self.started.then_some(self.variance)
    }
}

/// Trending z-scores of a series: `out[t]` is [`TrendingZ::update`] of `xs[t]`.
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] for a bad `alpha` or value.
pub fn trending_z_slice(xs: &[f64], alpha: f64, out: &mut [f64]) -> Result<(), Error> {
    series(xs, out, || TrendingZ::new(alpha), TrendingZ::update)
}

/// The exponentially weighted (biased) variance after each value of a series, as
/// [`TrendingZ`] tracks it (pandas `ewm(alpha, adjust=False).var(bias=True)`): `out[t]` is
/// [`TrendingZ::variance`] after `xs[t]`.
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] for a bad `alpha` or value.
pub fn ewm_variance_slice(xs: &[f64], alpha: f64, out: &mut [f64]) -> Result<(), Error> {
    series(
        xs,
        out,
        || TrendingZ::new(alpha),
        |t, x| {
            t.update(x)?;
            Ok(t.variance().unwrap_or(0.0))
        },
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn engage_decay_issue_values() {
        assert_eq!(
            reddit_hot(1000.0, 0.0, REDDIT_EPOCH_SECONDS + 45000.0).unwrap(),
            4.0
        );
        let hn = hacker_news_rank(100.0, 60.0, HN_GRAVITY, 1.0).unwrap();
        assert!((hn - 5.466255120567193).abs() < 1e-14);
    }

    #[test]
    fn engage_decay_py2_round() {
        assert_eq!(py2_round7(0.00390625), 0.0039063); // exact tie: away from zero
        assert_eq!(py2_round7(-0.00390625), -0.0039063);
        assert_eq!(py2_round7(1.23456785), 1.2345678); // binary value is below the tie
        assert_eq!(py2_round7(2.5), 2.5);
    }

    #[test]
    fn engage_decay_bad_input() {
        assert!(reddit_hot(1.5, 0.0, 0.0).is_err());
        assert!(reddit_hot(-1.0, 0.0, 0.0).is_err());
        assert!(reddit_hot(1.0, 0.0, f64::NAN).is_err());
        assert!(hacker_news_rank(1.0, -1.0, 1.8, 1.0).is_err());
        assert!(Ewma::new(0.0).is_err());
        assert!(half_life_decay(1.0, 0.0).is_err());
    }

    #[test]
    fn engage_decay_ewm_variance_of_a_constructed_series() {
        // α = 1/2 on 1, 3, 3: mean 1 → 2 → 2.5; biased variance 0 → ½(0 + 2·1) = 1 →
        // ½(1 + 1·½) = 0.75 (pandas ewm(alpha=0.5, adjust=False).var(bias=True)).
        let mut out = [9.0; 3];
        ewm_variance_slice(&[1.0, 3.0, 3.0], 0.5, &mut out).unwrap();
        assert_eq!(out, [0.0, 1.0, 0.75]);
        let bad = ewm_variance_slice(&[1.0, f64::INFINITY, 3.0], 0.5, &mut out);
        assert!(matches!(
            bad,
            Err(Error::InvalidValue {
                name: "x",
                index: Some(1),
                ..
            })
        ));
        assert!(ewm_variance_slice(&[1.0], 0.5, &mut out).is_err());
    }
}
