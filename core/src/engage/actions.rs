//! Action-weighted score: a weighted sum of predicted (or observed) action rates.
//!
//! Formula and negative-total handling follow twitter/the-algorithm's home-mixer
//! `WeightedScoresSumScorer.weightedModelScore` (2023):
//!
//! ```text
//! combined = Σ pᵢ·wᵢ
//! P = Σ_{wᵢ>0} wᵢ,  N = |Σ_{wᵢ<0} wᵢ|
//! score = max(combined, 0)                 if P + N = 0
//!       = (combined + N) / (P + N) · ε     if combined < 0
//!       = combined + ε                     otherwise,          ε = 0.001
//! ```
//!
//! so every negative total maps into `[0, ε)` below every positive one while keeping the
//! order among negatives. [`X_RECAP_WEIGHTS`] is the preset published in
//! twitter/the-algorithm-ml `projects/home/recap/README.md` (2023-04-05).

use crate::error::{Error, check_finite, check_range, finite_result};

/// `Epsilon` of `WeightedScoresSumScorer`: the offset added to non-negative totals and the
/// width of the band negative totals are squeezed into.
pub const WEIGHTED_SCORES_EPSILON: f64 = 0.001;

/// Number of actions in the X (Twitter) recap preset.
pub const X_RECAP_ACTIONS: usize = 10;

/// Action names of the X recap preset, in the order of [`X_RECAP_WEIGHTS`].
pub const X_RECAP_ACTION_NAMES: [&str; X_RECAP_ACTIONS] = [
    "fav",
    "retweet",
    "reply",
    "good_profile_click",
    "video_playback50",
    "reply_engaged_by_author",
    "good_click",
    "good_click_v2",
    "negative_feedback_v2",
    "report",
];

/// Weights `scored_tweets_model_weight_*` from twitter/the-algorithm-ml
/// `projects/home/recap/README.md` (2023-04-05), in the order of [`X_RECAP_ACTION_NAMES`].
pub const X_RECAP_WEIGHTS: [f64; X_RECAP_ACTIONS] =
    [0.5, 1.0, 13.5, 12.0, 0.005, 75.0, 11.0, 10.0, -74.0, -369.0];

/// Plain weighted sum `Σ pᵢ·wᵢ` of action rates (no negative-total handling).
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] if a rate is outside `[0, 1]`
/// (`predictions`), a weight is not finite (`weights`), or the sum overflows `f64` (weights
/// near `f64::MAX`: `weighted sum (overflow)`).
pub fn weighted_action_sum(predictions: &[f64], weights: &[f64]) -> Result<f64, Error> {
    if weights.len() != predictions.len() {
        return Err(Error::LengthMismatch {
            expected: predictions.len(),
            got: weights.len(),
        });
    }
    let mut sum = 0.0;
    for (i, (&p, &w)) in predictions.iter().zip(weights).enumerate() {
        check_range("predictions", p, 0.0, 1.0).map_err(|e| e.at(i))?;
        check_finite("weights", w).map_err(|e| e.at(i))?;
        sum += p * w;
    }
    finite_result("weighted sum (overflow)", sum)
}

/// Action-weighted score with `WeightedScoresSumScorer`'s negative-total handling (see the
/// module doc). With [`X_RECAP_WEIGHTS`] and the issue-4 example rates the result is `0.7616`.
///
/// Range: `[0, f64::MAX]`; negative totals land in `[0, ε)`. Errors as
/// [`weighted_action_sum`], plus [`Error::InvalidValue`] (`weight sums (overflow)`) when
/// `P + N` overflows `f64`.
pub fn weighted_scores_sum(predictions: &[f64], weights: &[f64]) -> Result<f64, Error> {
    let combined = weighted_action_sum(predictions, weights)?;
    let (pos, neg) = weight_sums(weights)?;
    finite_result("weighted score (overflow)", finish(combined, pos, neg))
}

/// `(P, N)` of the module doc; `P + N` must be finite (then so are `P`, `N` and every
/// `(combined + N)/(P + N)`, as `combined ∈ [−N, P]`).
fn weight_sums(weights: &[f64]) -> Result<(f64, f64), Error> {
    let pos: f64 = weights.iter().filter(|&&w| w > 0.0).sum();
    let neg: f64 = weights.iter().filter(|&&w| w < 0.0).sum();
    finite_result("weight sums (overflow)", pos - neg)?;
    Ok((pos, neg.abs()))
}

fn finish(combined: f64, pos: f64, neg: f64) -> f64 {
    let total = pos + neg;
    if total == 0.0 {
        combined.max(0.0)
    } else if combined < 0.0 {
        (combined + neg) / total * WEIGHTED_SCORES_EPSILON
    } else {
        combined + WEIGHTED_SCORES_EPSILON
    }
}

/// [`weighted_scores_sum`] for many items: `predictions` is row-major `rows × weights.len()`
/// and `out[r]` receives the score of row `r`.
///
/// Errors: [`Error::Empty`] (`weights`); [`Error::LengthMismatch`] if `predictions.len()` is
/// not `out.len() × weights.len()`; [`Error::InvalidValue`] as [`weighted_scores_sum`].
pub fn weighted_scores_sum_rows(
    predictions: &[f64],
    weights: &[f64],
    out: &mut [f64],
) -> Result<(), Error> {
    for (j, &w) in weights.iter().enumerate() {
        check_finite("weights", w).map_err(|e| e.at(j))?;
    }
    let (pos, neg) = weight_sums(weights)?;
    weighted_action_sum_rows(predictions, weights, out)?;
    for (r, o) in out.iter_mut().enumerate() {
        *o = finite_result("weighted score (overflow)", finish(*o, pos, neg))
            .map_err(|e| e.at(r))?;
    }
    Ok(())
}

/// [`weighted_action_sum`] for many items: `predictions` is row-major `rows × weights.len()`
/// and `out[r]` receives the plain weighted sum of row `r`.
///
/// Errors: [`Error::Empty`] (`weights`); [`Error::LengthMismatch`] if `predictions.len()` is
/// not `out.len() × weights.len()`; [`Error::InvalidValue`] as [`weighted_action_sum`], a
/// rate's index counted in the whole matrix, an overflowing sum located at its row.
pub fn weighted_action_sum_rows(
    predictions: &[f64],
    weights: &[f64],
    out: &mut [f64],
) -> Result<(), Error> {
    if weights.is_empty() {
        return Err(Error::Empty { name: "weights" });
    }
    let k = weights.len();
    super::rates::rows_of(predictions.len(), k, out.len())?;
    for (r, (o, row)) in out.iter_mut().zip(predictions.chunks_exact(k)).enumerate() {
        *o = weighted_action_sum(row, weights).map_err(|e| match e {
            Error::InvalidValue {
                name: "predictions",
                ..
            } => e.at_offset(r * k),
            Error::InvalidValue {
                name: "weights", ..
            } => e,
            other => other.at(r),
        })?;
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn engage_actions_negative_band() {
        let w = [1.0, -10.0];
        let a = weighted_scores_sum(&[0.0, 1.0], &w).unwrap();
        let b = weighted_scores_sum(&[0.5, 0.5], &w).unwrap();
        let c = weighted_scores_sum(&[0.1, 0.0], &w).unwrap();
        assert!(a < b && b < WEIGHTED_SCORES_EPSILON && c > WEIGHTED_SCORES_EPSILON);
        assert!(weighted_scores_sum(&[1.5, 0.0], &w).is_err());
        assert!(weighted_scores_sum(&[0.5], &w).is_err());
    }

    #[test]
    fn engage_actions_plain_sum_rows() {
        let mut out = [0.0; 2];
        weighted_action_sum_rows(&[0.5, 1.0, 0.0, 0.25], &[2.0, -4.0], &mut out).unwrap();
        assert_eq!(out, [-3.0, -1.0]);
        let e = weighted_action_sum_rows(&[0.5, 1.0, 0.0, 1.5], &[2.0, -4.0], &mut out);
        assert!(matches!(
            e,
            Err(Error::InvalidValue {
                name: "predictions",
                index: Some(3),
                ..
            })
        ));
        let e = weighted_action_sum_rows(&[0.5, 1.0, 0.0, 1.0], &[2.0, f64::NAN], &mut out);
        assert!(matches!(
            e,
            Err(Error::InvalidValue {
                name: "weights",
                index: Some(1),
                ..
            })
        ));
        let e = weighted_action_sum_rows(&[], &[], &mut []);
        assert_eq!(e, Err(Error::Empty { name: "weights" }));
    }
}
