//! Engagement scoring: confidence-aware rates, watch time, decay, pairwise ratings and ranking.
//!
//! One file per formula family, each opening with its formulas, sources and edge cases:
//!
//! - [`normal`]: inverse normal (AS 241), `confidence → z`;
//! - [`rates`]: Wilson bounds (scalar and a vectorising slice path), Bayesian average,
//!   additive smoothing, star-rating sort;
//! - [`watch`]: completion, view duration, hook retention, retention area, rewatch ratio and
//!   the duration-debiased (D2Q) watch percentile;
//! - [`actions`]: action-weighted scores with twitter's negative-total handling and the X recap
//!   preset;
//! - [`decay`]: half-life decay, Reddit hot and confidence, Hacker News rank, EWMA, trending
//!   z-score;
//! - [`pairwise`]: Elo, Glicko-2, Bradley–Terry (fit, Arena scale, win probability, bootstrap)
//!   and the next pair to ask about;
//! - [`ranking`]: deterministic top-k, MMR, author-diversity decay;
//! - [`prng`]: the seeded SplitMix64 generator the bootstrap uses.
//!
//! Everything is re-exported here, so `reelscore::engage::wilson_lower_bound` works.
//! Expected values live in `tests/vectors/engagement.json`, produced from independent oracles
//! by `tests/gen_engagement_vectors.py`.

pub mod actions;
pub mod decay;
pub mod normal;
pub mod pairwise;
pub mod prng;
pub mod ranking;
pub mod rates;
pub mod watch;

pub use actions::*;
pub use decay::*;
pub use normal::*;
pub use pairwise::*;
pub use prng::*;
pub use ranking::*;
pub use rates::*;
pub use watch::*;

/// Applies a two-argument scalar function element-wise: `out[i] = f(a[i], b[i])`, so every
/// binding's array form has one loop and one error convention.
///
/// Errors: [`crate::Error::LengthMismatch`] unless the three lengths agree; the first error
/// of `f`, located at its element ([`crate::Error::at`]). On error `out` is partly written.
pub fn map2_slice(
    a: &[f64],
    b: &[f64],
    out: &mut [f64],
    f: impl Fn(f64, f64) -> Result<f64, crate::Error>,
) -> Result<(), crate::Error> {
    for got in [b.len(), out.len()] {
        if got != a.len() {
            return Err(crate::Error::LengthMismatch {
                expected: a.len(),
                got,
            });
        }
    }
    for (i, ((o, &x), &y)) in out.iter_mut().zip(a).zip(b).enumerate() {
        *o = f(x, y).map_err(|e| e.at(i))?;
    }
    Ok(())
}
