//! Pairwise preference between takes: Elo, Glicko-2, Bradley–Terry (with bootstrap intervals)
//! and a picker for the next pair to show a person.
//!
//! * **Elo**: expected score `E_A = 1/(1 + 10^((R_B − R_A)/400))`, update
//!   `R_A' = R_A + K(S_A − E_A)`. 1500 beating 1700 with `K = 32` → `1524.3119016527346`.
//! * **Glicko-2**: M. E. Glickman, "Example of the Glicko-2 system" (2022 revision), steps 2–8,
//!   with the Illinois (regula falsi) volatility iteration of step 5 and convergence tolerance
//!   [`GLICKO2_EPSILON`]. Glickman's worked example computed exactly in `f64` gives
//!   `r' = 1464.0506705393013`, `RD' = 151.51652412385727`, `σ' = 0.059995984286488495`
//!   (the paper prints 1464.06 because it rounds intermediate steps).
//! * **Bradley–Terry**: `P(i beats j) = γᵢ/(γᵢ + γⱼ)`, `θ = ln γ`, fitted from an `n × n`
//!   win-count matrix by Hunter's MM iteration (D. R. Hunter, "MM algorithms for generalized
//!   Bradley–Terry models", *Ann. Statist.* 32 (2004)), in exactly the form of `choix`'s
//!   `mm_pairwise(alpha=α)`:
//!   `γᵢ ← (Wᵢ + α) / (Σⱼ Nᵢⱼ/(γᵢ + γⱼ) + α)` with the weights rescaled to mean 1 before each
//!   step and `θ` centred to mean 0 after it (`Wᵢ` wins of `i`, `Nᵢⱼ` games between `i` and `j`).
//!   With `α = 0` this is the maximum-likelihood estimate, which exists only when every item
//!   has won and lost at least once and the comparison graph is connected. **Undefeated or
//!   winless items**: pass `α > 0` (e.g. [`BT_DEFAULT_ALPHA`]); `α` acts as `α` virtual wins
//!   against, and losses to, an item of average strength (choix's regulariser, a MAP estimate
//!   under a gamma-type prior), which keeps every `θ` finite and pulls items with little
//!   evidence towards the mean. Ratings on the Arena scale: `400·θ/ln 10 + 1000`.
//! * **Bootstrap intervals**: votes are resampled with replacement (a multinomial draw of the
//!   same number of votes from the observed win-count cells), each replicate is refitted with
//!   the same `α`, and the percentile interval (numpy `quantile` "linear" interpolation) of each
//!   item's centred `θ` is reported. Randomness is [`SplitMix64`] seeded by the caller, so the
//!   same seed gives the same intervals everywhere.
//! * **Next pair**: see [`next_pair`].
//!
//! No allocation: the caller passes the win matrix, the outputs and scratch space whose size
//! [`bradley_terry_scratch_len`] / [`bradley_terry_bootstrap_scratch_len`] give.

use super::prng::SplitMix64;
use crate::error::{Error, Rule, check_finite, check_len, check_range, finite_result};

/// Elo's logistic scale: a 400-point gap means 10:1 odds.
pub const ELO_SCALE: f64 = 400.0;
/// A common Elo K-factor (FIDE uses 10–40; chess.com and many feeds 32).
pub const ELO_DEFAULT_K: f64 = 32.0;

/// Glicko-2 conversion factor between the Glicko and Glicko-2 scales (`400/ln 10`, rounded
/// as in Glickman's paper).
pub const GLICKO2_SCALE: f64 = 173.7178;
/// Glicko rating of a new player.
pub const GLICKO2_DEFAULT_RATING: f64 = 1500.0;
/// Rating deviation of a new player.
pub const GLICKO2_DEFAULT_RD: f64 = 350.0;
/// Volatility of a new player.
pub const GLICKO2_DEFAULT_VOLATILITY: f64 = 0.06;
/// System constant τ of Glickman's example (reasonable range 0.3–1.2).
pub const GLICKO2_DEFAULT_TAU: f64 = 0.5;
/// Convergence tolerance of the volatility iteration (Glickman's ε).
pub const GLICKO2_EPSILON: f64 = 1e-6;
/// Iteration cap of each loop of step 5 (convergence normally takes fewer than 20).
pub const GLICKO2_MAX_ITERATIONS: usize = 10_000;

/// Scale of Arena (LMSYS Chatbot Arena) ratings per unit of `θ`: `400 / ln 10`.
pub const ARENA_SCALE: f64 = 400.0 / core::f64::consts::LN_10;
/// Offset of Arena ratings: `θ = 0` (the average item) is 1000.
pub const ARENA_OFFSET: f64 = 1000.0;
/// A small regulariser for data with undefeated or winless items (see the module doc).
pub const BT_DEFAULT_ALPHA: f64 = 0.01;
/// Default convergence tolerance of the MM iteration: the mean absolute change of `θ`
/// between iterations (choix's `NormOfDifferenceTest`, L1 norm divided by `n`).
pub const BT_DEFAULT_TOLERANCE: f64 = 1e-12;
/// Default iteration cap of the MM iteration.
pub const BT_DEFAULT_MAX_ITERATIONS: usize = 100_000;
/// Largest total number of votes the bootstrap resamples (one draw per vote).
pub const BT_BOOTSTRAP_MAX_VOTES: f64 = 1e9;

// ------------------------------------------------------------------------------------ Elo

/// Elo expected score of A against B: `1/(1 + 10^((R_B − R_A)/400))`, in `(0, 1)`.
///
/// Errors ([`Error::InvalidValue`]): non-finite ratings.
pub fn elo_expected(rating_a: f64, rating_b: f64) -> Result<f64, Error> {
    check_finite("rating_a", rating_a)?;
    check_finite("rating_b", rating_b)?;
    Ok(1.0 / (1.0 + libm::pow(10.0, (rating_b - rating_a) / ELO_SCALE)))
}

/// One Elo game: returns the new `(R_A, R_B)` after A scored `score_a` (1 win, 0.5 draw,
/// 0 loss) against B, with K-factor `k`.
///
/// Errors ([`Error::InvalidValue`]): non-finite ratings, `score_a` outside `[0, 1]`, `k`
/// negative or not finite, a new rating overflowing `f64` (ratings or `k` near `f64::MAX`:
/// `elo rating (overflow)`).
pub fn elo_update(rating_a: f64, rating_b: f64, score_a: f64, k: f64) -> Result<(f64, f64), Error> {
    let ea = elo_expected(rating_a, rating_b)?;
    check_range("score_a", score_a, 0.0, 1.0)?;
    check_range("k", k, 0.0, f64::MAX)?;
    Ok((
        finite_result("elo rating (overflow)", rating_a + k * (score_a - ea))?,
        finite_result(
            "elo rating (overflow)",
            rating_b + k * ((1.0 - score_a) - (1.0 - ea)),
        )?,
    ))
}

// ------------------------------------------------------------------------------- Glicko-2

/// A Glicko-2 rating on the Glicko scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glicko2Rating {
    /// Rating `r` (1500 for a new player).
    pub rating: f64,
    /// Rating deviation `RD` (> 0; 350 for a new player).
    pub rd: f64,
    /// Volatility `σ` (> 0; 0.06 for a new player).
    pub volatility: f64,
}

impl Default for Glicko2Rating {
    fn default() -> Self {
        Self {
            rating: GLICKO2_DEFAULT_RATING,
            rd: GLICKO2_DEFAULT_RD,
            volatility: GLICKO2_DEFAULT_VOLATILITY,
        }
    }
}

fn check_positive(name: &'static str, v: f64) -> Result<f64, Error> {
    if v > 0.0 && v <= f64::MAX {
        Ok(v)
    } else {
        Err(Error::invalid(name, v, Rule::POSITIVE))
    }
}

fn glicko_g(phi: f64) -> f64 {
    let pi = core::f64::consts::PI;
    1.0 / libm::sqrt(1.0 + 3.0 * phi * phi / (pi * pi))
}

/// Glicko-2 rating-period update of `player` from games against opponents
/// `(opponent_ratings[j], opponent_rds[j])` with `scores[j]` (1 win, 0.5 draw, 0 loss),
/// system constant `tau` (Glickman, steps 2–8; see the module doc).
///
/// With no games only the deviation grows: `RD' = 173.7178·sqrt(φ² + σ²)`.
///
/// Errors: [`Error::LengthMismatch`] for slices of different lengths;
/// [`Error::InvalidValue`] for a non-finite rating, a non-positive RD, volatility or `tau`, or
/// a score outside `[0, 1]`; [`Error::InvalidState`] if the volatility iteration fails to
/// converge within [`GLICKO2_MAX_ITERATIONS`].
pub fn glicko2_update(
    player: Glicko2Rating,
    opponent_ratings: &[f64],
    opponent_rds: &[f64],
    scores: &[f64],
    tau: f64,
) -> Result<Glicko2Rating, Error> {
    let m = opponent_ratings.len();
    if opponent_rds.len() != m {
        return Err(Error::LengthMismatch {
            expected: m,
            got: opponent_rds.len(),
        });
    }
    if scores.len() != m {
        return Err(Error::LengthMismatch {
            expected: m,
            got: scores.len(),
        });
    }
    check_finite("rating", player.rating)?;
    check_positive("rd", player.rd)?;
    let sigma = check_positive("volatility", player.volatility)?;
    let tau = check_positive("tau", tau)?;
    let mu = (player.rating - 1500.0) / GLICKO2_SCALE;
    let phi = player.rd / GLICKO2_SCALE;
    if m == 0 {
        // Step 6 alone; `φ² + σ²` overflows from RD ≈ 2e156 or σ ≈ 1.3e154.
        return Ok(Glicko2Rating {
            rating: player.rating,
            rd: finite_result(
                "glicko-2 RD (overflow)",
                GLICKO2_SCALE * libm::sqrt(phi * phi + sigma * sigma),
            )?,
            volatility: sigma,
        });
    }
    // Steps 3 and 4: v and Δ.
    let mut vinv = 0.0;
    let mut dsum = 0.0;
    let games = opponent_ratings.iter().zip(opponent_rds).zip(scores);
    for (i, ((&rj, &rdj), &s)) in games.enumerate() {
        check_finite("opponent_ratings", rj).map_err(|e| e.at(i))?;
        check_positive("opponent_rds", rdj).map_err(|e| e.at(i))?;
        check_range("scores", s, 0.0, 1.0).map_err(|e| e.at(i))?;
        let muj = (rj - 1500.0) / GLICKO2_SCALE;
        let gj = glicko_g(rdj / GLICKO2_SCALE);
        let e = 1.0 / (1.0 + libm::exp(-gj * (mu - muj)));
        vinv += gj * gj * e * (1.0 - e);
        dsum += gj * (s - e);
    }
    let v = 1.0 / vinv;
    let delta = v * dsum;
    // Step 5: new volatility by the Illinois algorithm.
    let a = libm::log(sigma * sigma);
    let phi2 = phi * phi;
    let f = |x: f64| {
        let ex = libm::exp(x);
        let den = phi2 + v + ex;
        ex * (delta * delta - phi2 - v - ex) / (2.0 * (den * den)) - (x - a) / (tau * tau)
    };
    let not_converged = Error::InvalidState {
        reason: "glicko-2 volatility iteration did not converge",
    };
    let mut big_a = a;
    let mut big_b;
    if delta * delta > phi2 + v {
        big_b = libm::log(delta * delta - phi2 - v);
    } else {
        let mut k = 1.0;
        let mut iterations = 0;
        while f(a - k * tau) < 0.0 {
            k += 1.0;
            iterations += 1;
            if iterations > GLICKO2_MAX_ITERATIONS {
                return Err(not_converged);
            }
        }
        big_b = a - k * tau;
    }
    let mut fa = f(big_a);
    let mut fb = f(big_b);
    let mut iterations = 0;
    while (big_b - big_a).abs() > GLICKO2_EPSILON {
        let c = big_a + (big_a - big_b) * fa / (fb - fa);
        let fc = f(c);
        if fc * fb <= 0.0 {
            big_a = big_b;
            fa = fb;
        } else {
            fa /= 2.0;
        }
        big_b = c;
        fb = fc;
        iterations += 1;
        if iterations > GLICKO2_MAX_ITERATIONS || !big_b.is_finite() {
            return Err(not_converged);
        }
    }
    let sigma_new = libm::exp(big_a / 2.0);
    // Steps 6–8.
    let phistar = libm::sqrt(phi2 + sigma_new * sigma_new);
    let phi_new = 1.0 / libm::sqrt(1.0 / (phistar * phistar) + 1.0 / v);
    let mu_new = mu + phi_new * phi_new * dsum;
    Ok(Glicko2Rating {
        rating: finite_result(
            "glicko-2 rating (overflow)",
            GLICKO2_SCALE * mu_new + 1500.0,
        )?,
        rd: finite_result("glicko-2 RD (overflow)", GLICKO2_SCALE * phi_new)?,
        volatility: finite_result("glicko-2 volatility (overflow)", sigma_new)?,
    })
}

// -------------------------------------------------------------------------- Bradley–Terry

/// Arena rating of a Bradley–Terry strength: `400·θ/ln 10 + 1000`.
///
/// A plain map with no checks: `|θ| > 1.0e306` overflows to ±∞ (and NaN maps to NaN);
/// [`arena_ratings`], which the bindings call, refuses both.
pub fn arena_rating(theta: f64) -> f64 {
    ARENA_SCALE * theta + ARENA_OFFSET
}

/// [`arena_rating`] with its checks: the rating of a finite `θ`.
///
/// Errors ([`Error::InvalidValue`]): a non-finite `θ` (`theta`) or one whose rating overflows
/// `f64` (`|θ| > 1.0e306`: `arena rating (overflow)`).
pub fn try_arena_rating(theta: f64) -> Result<f64, Error> {
    let t = check_finite("theta", theta)?;
    finite_result("arena rating (overflow)", arena_rating(t))
}

/// Arena ratings of many strengths: `out[i] = arena_rating(theta[i])`.
///
/// Errors: [`Error::LengthMismatch`]; [`Error::InvalidValue`] for a non-finite `θ` or one
/// whose rating overflows `f64` (`|θ| > 1.0e306`: `arena rating (overflow)`).
pub fn arena_ratings(theta: &[f64], out: &mut [f64]) -> Result<(), Error> {
    if out.len() != theta.len() {
        return Err(Error::LengthMismatch {
            expected: theta.len(),
            got: out.len(),
        });
    }
    for (i, (o, &t)) in out.iter_mut().zip(theta).enumerate() {
        *o = try_arena_rating(t).map_err(|e| e.at(i))?;
    }
    Ok(())
}

/// Probability that item `i` beats item `j`: `1/(1 + exp(θⱼ − θᵢ))`.
///
/// Errors: [`Error::InvalidValue`] for a non-finite strength.
pub fn bradley_terry_win_probability(theta_i: f64, theta_j: f64) -> Result<f64, Error> {
    check_finite("theta_i", theta_i)?;
    check_finite("theta_j", theta_j)?;
    Ok(logistic(theta_i - theta_j))
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + libm::exp(-x))
}

/// Options of [`bradley_terry_fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BradleyTerryOptions {
    /// Regulariser `α ≥ 0` (choix's `alpha`); `0` gives the MLE. See the module doc.
    pub alpha: f64,
    /// Stop when the mean absolute change of `θ` is at most this (> 0).
    pub tolerance: f64,
    /// Iteration cap; reaching it is an error.
    pub max_iterations: usize,
    /// Start from the `θ` already in the output slice instead of from zeros.
    pub warm_start: bool,
}

impl Default for BradleyTerryOptions {
    fn default() -> Self {
        Self {
            alpha: 0.0,
            tolerance: BT_DEFAULT_TOLERANCE,
            max_iterations: BT_DEFAULT_MAX_ITERATIONS,
            warm_start: false,
        }
    }
}

/// Scratch length (in `f64`s) [`bradley_terry_fit`] needs for `n` items: `3n` (saturating at
/// `usize::MAX`, a length no slice has, so absurd sizes are refused rather than wrapped).
pub const fn bradley_terry_scratch_len(n: usize) -> usize {
    n.saturating_mul(3)
}

/// Scratch length [`bradley_terry_bootstrap`] needs: `2n² + 4n + replicates·n` (saturating
/// at `usize::MAX`, as [`bradley_terry_scratch_len`]).
pub const fn bradley_terry_bootstrap_scratch_len(n: usize, replicates: usize) -> usize {
    n.saturating_mul(n)
        .saturating_mul(2)
        .saturating_add(n.saturating_mul(4))
        .saturating_add(replicates.saturating_mul(n))
}

/// An item index as a caller holds it: `usize` (C), `i64` (numpy).
pub trait ItemIndex: Copy {
    /// The index, or `None` for a negative value.
    fn index(self) -> Option<usize>;
    /// The value, for an error message.
    fn value(self) -> f64;
}

impl ItemIndex for usize {
    fn index(self) -> Option<usize> {
        Some(self)
    }
    fn value(self) -> f64 {
        self as f64
    }
}

impl ItemIndex for i64 {
    fn index(self) -> Option<usize> {
        usize::try_from(self).ok()
    }
    fn value(self) -> f64 {
        self as f64
    }
}

/// Counts pairwise votes into the win matrix of `n` items: `wins[w·n + l] += 1` for each vote
/// `(winners[v], losers[v])`. `wins` (row-major `n × n`) is added to, not cleared; on error
/// the votes before the offending one are counted.
///
/// Errors: [`Error::LengthMismatch`] if `losers` differs in length from `winners` or `wins`
/// is not `n²` long; [`Error::InvalidValue`] located at the vote for an index outside
/// `[0, n)` (`winners` or `losers`) or a vote of an item against itself (`losers`).
pub fn bradley_terry_count_votes<I: ItemIndex>(
    n: usize,
    winners: &[I],
    losers: &[I],
    wins: &mut [f64],
) -> Result<(), Error> {
    check_len(winners.len(), losers.len())?;
    super::rates::rows_of(wins.len(), n, n)?;
    let item = |name: &'static str, x: I, v: usize| {
        x.index()
            .filter(|&i| i < n)
            .ok_or_else(|| Error::invalid(name, x.value(), Rule::ItemIndex { items: n }).at(v))
    };
    for (v, (&a, &b)) in winners.iter().zip(losers).enumerate() {
        let (w, l) = (item("winners", a, v)?, item("losers", b, v)?);
        if w == l {
            let rule = Rule::Text("another item than the winner (an item cannot beat itself)");
            return Err(Error::invalid("losers", b.value(), rule).at(v));
        }
        wins[w * n + l] += 1.0;
    }
    Ok(())
}

fn check_matrix(n: usize, wins: &[f64]) -> Result<(), Error> {
    if n == 0 {
        return Err(Error::Empty { name: "items" });
    }
    let cells = n.checked_mul(n).ok_or(Error::CapacityExceeded {
        capacity: usize::MAX,
    })?;
    if wins.len() != cells {
        return Err(Error::LengthMismatch {
            expected: cells,
            got: wins.len(),
        });
    }
    for (i, &w) in wins.iter().enumerate() {
        check_range("wins", w, 0.0, f64::MAX).map_err(|e| e.at(i))?;
    }
    Ok(())
}

/// Fits Bradley–Terry strengths `θ` (natural log, centred on 0) to the win-count matrix
/// `wins` (row-major `n × n`, `wins[i·n + j]` = times `i` beat `j`; the diagonal is ignored)
/// with choix's MM iteration (see the module doc). Writes `θ` to `theta` and returns the
/// number of iterations.
///
/// Matches `choix.mm_pairwise(n, data, alpha=α)` to 1e-9 in the shared vectors, e.g. the
/// issue-4 toy data gives `[0.74056994, −0.14910226, −0.59146768]` (Arena
/// `[1128.650, 974.098, 897.252]`). Cost: `O(n²)` per iteration, independent of the number
/// of votes.
///
/// Errors: [`Error::Empty`] (`items`) for `n = 0`; [`Error::LengthMismatch`] if `wins` is not
/// `n²` long, `theta` not `n` or `scratch` shorter than [`bradley_terry_scratch_len`];
/// [`Error::InvalidValue`] for a negative or non-finite count (`wins`), a bad `alpha` or
/// `tolerance`, a non-finite warm start (`theta`), or — with `α = 0` — an item that never won
/// or never lost (`alpha`: use `α > 0`); [`Error::InvalidState`] if the iteration does not
/// converge (e.g. a disconnected comparison graph with `α = 0`).
pub fn bradley_terry_fit(
    n: usize,
    wins: &[f64],
    options: &BradleyTerryOptions,
    scratch: &mut [f64],
    theta: &mut [f64],
) -> Result<usize, Error> {
    check_matrix(n, wins)?;
    if theta.len() != n {
        return Err(Error::LengthMismatch {
            expected: n,
            got: theta.len(),
        });
    }
    let need = bradley_terry_scratch_len(n);
    if scratch.len() < need {
        return Err(Error::LengthMismatch {
            expected: need,
            got: scratch.len(),
        });
    }
    check_range("alpha", options.alpha, 0.0, f64::MAX)?;
    check_positive("tolerance", options.tolerance)?;
    if options.warm_start {
        for (i, &t) in theta.iter().enumerate() {
            check_finite("theta", t).map_err(|e| e.at(i))?;
        }
    }
    if options.alpha == 0.0 {
        for i in 0..n {
            let (won, lost) = row_col_sums(n, wins, i);
            if !(won > 0.0 && lost > 0.0) {
                return Err(Error::invalid(
                    "alpha",
                    0.0,
                    Rule::Text("> 0 when an item never wins or never loses (pass alpha > 0)"),
                ));
            }
        }
    }
    fit_unchecked(n, wins, options, &mut scratch[..need], theta)
}

/// Wins (row sum) and losses (column sum) of item `i`, diagonal excluded.
fn row_col_sums(n: usize, wins: &[f64], i: usize) -> (f64, f64) {
    let mut won = 0.0;
    let mut lost = 0.0;
    for j in (0..n).filter(|&j| j != i) {
        won += wins[i * n + j];
        lost += wins[j * n + i];
    }
    (won, lost)
}

fn fit_unchecked(
    n: usize,
    wins: &[f64],
    options: &BradleyTerryOptions,
    scratch: &mut [f64],
    theta: &mut [f64],
) -> Result<usize, Error> {
    let (weights, rest) = scratch.split_at_mut(n);
    let (denoms, nums) = rest.split_at_mut(n);
    for (i, num) in nums.iter_mut().enumerate() {
        *num = row_col_sums(n, wins, i).0 + options.alpha;
    }
    if !options.warm_start {
        theta.fill(0.0);
    }
    let nf = n as f64;
    let alpha = options.alpha;
    for iteration in 1..=options.max_iterations {
        // choix exp_transform: w = exp(θ − mean θ), rescaled to mean 1.
        let mean = theta.iter().sum::<f64>() / nf;
        let mut total = 0.0;
        for (w, &t) in weights.iter_mut().zip(theta.iter()) {
            *w = libm::exp(t - mean);
            total += *w;
        }
        let scale = nf / total;
        for w in weights.iter_mut() {
            *w *= scale;
        }
        // Σⱼ Nᵢⱼ/(wᵢ + wⱼ), each unordered pair once.
        denoms.fill(0.0);
        for i in 0..n {
            let wi = weights[i];
            let row = &wins[i * n..(i + 1) * n];
            let mut di = 0.0;
            for j in (i + 1)..n {
                let games = row[j] + wins[j * n + i];
                if games > 0.0 {
                    let v = games / (wi + weights[j]);
                    di += v;
                    denoms[j] += v;
                }
            }
            denoms[i] += di;
        }
        // choix log_transform of (W + α)/(D + α), centred; L1 change for convergence.
        let mut new_mean = 0.0;
        for (d, &num) in denoms.iter_mut().zip(nums.iter()) {
            *d = libm::log(num / (*d + alpha));
            new_mean += *d;
        }
        new_mean /= nf;
        let old_mean = mean;
        let mut change = 0.0;
        for (t, &d) in theta.iter_mut().zip(denoms.iter()) {
            let new = d - new_mean;
            if !new.is_finite() {
                return Err(Error::InvalidState {
                    reason: "bradley-terry iteration diverged",
                });
            }
            change += ((*t - old_mean) - new).abs();
            *t = new;
        }
        if change <= options.tolerance * nf {
            return Ok(iteration);
        }
    }
    Err(Error::InvalidState {
        reason: "bradley-terry iteration did not converge",
    })
}

/// Percentile bootstrap intervals of Bradley–Terry strengths (see the module doc): draws
/// `replicates` resamples of all votes with [`SplitMix64`] seeded by `seed`, refits each with
/// `options` (warm-started from `theta`, the caller's fit of the full data), and writes the
/// two-sided `confidence` interval of each item's centred `θ` to `lower` and `upper`.
///
/// `wins` must hold whole numbers (votes) totalling at most [`BT_BOOTSTRAP_MAX_VOTES`].
/// Cost: `O(replicates · (votes · log n + iterations · n²))`.
///
/// Errors: as [`bradley_terry_fit`], plus [`Error::Empty`] (`replicates`) for 0 replicates,
/// [`Error::LengthMismatch`] for `lower`/`upper` not `n` long or `scratch` shorter than
/// [`bradley_terry_bootstrap_scratch_len`], [`Error::InvalidValue`] for a non-whole vote
/// count (`wins`), a total beyond the cap, `confidence` outside `(0, 1)`, or — with `α = 0` —
/// a resample in which some item never wins or never loses (`alpha`: use `α > 0`).
#[allow(clippy::too_many_arguments)] // mirrors the C entry point: data, options, outputs, scratch
pub fn bradley_terry_bootstrap(
    n: usize,
    wins: &[f64],
    theta: &[f64],
    options: &BradleyTerryOptions,
    replicates: usize,
    seed: u64,
    confidence: f64,
    scratch: &mut [f64],
    lower: &mut [f64],
    upper: &mut [f64],
) -> Result<(), Error> {
    check_matrix(n, wins)?;
    if replicates == 0 {
        return Err(Error::Empty { name: "replicates" });
    }
    for (len, name_len) in [(theta.len(), n), (lower.len(), n), (upper.len(), n)] {
        if len != name_len {
            return Err(Error::LengthMismatch {
                expected: n,
                got: len,
            });
        }
    }
    for (i, &t) in theta.iter().enumerate() {
        check_finite("theta", t).map_err(|e| e.at(i))?;
    }
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(Error::invalid(
            "confidence",
            confidence,
            Rule::Text("strictly between 0 and 1"),
        ));
    }
    check_range("alpha", options.alpha, 0.0, f64::MAX)?;
    check_positive("tolerance", options.tolerance)?;
    let need = bradley_terry_bootstrap_scratch_len(n, replicates);
    if scratch.len() < need {
        return Err(Error::LengthMismatch {
            expected: need,
            got: scratch.len(),
        });
    }
    let nn = n * n;
    let (resampled, rest) = scratch.split_at_mut(nn);
    let (cumulative, rest) = rest.split_at_mut(nn);
    let (fit_scratch, rest) = rest.split_at_mut(3 * n);
    let (rep_theta, rest) = rest.split_at_mut(n);
    let samples = &mut rest[..replicates * n];

    let mut total = 0.0;
    for (i, (c, &w)) in cumulative.iter_mut().zip(wins).enumerate() {
        if libm::trunc(w) != w {
            let rule = Rule::Text("whole votes for the bootstrap");
            return Err(Error::invalid("wins", w, rule).at(i));
        }
        total += w;
        *c = total;
    }
    if total > BT_BOOTSTRAP_MAX_VOTES {
        return Err(Error::invalid(
            "wins total",
            total,
            Rule::Range {
                lo: 0.0,
                hi: BT_BOOTSTRAP_MAX_VOTES,
            },
        ));
    }
    let votes = total as u64;
    let mut rng = SplitMix64::new(seed);
    let rep_options = BradleyTerryOptions {
        warm_start: true,
        ..*options
    };
    for r in 0..replicates {
        resampled.fill(0.0);
        for _ in 0..votes {
            let t = libm::floor(rng.next_f64() * total);
            // First cell whose cumulative count exceeds t.
            let cell = cumulative.partition_point(|&c| c <= t).min(nn - 1);
            resampled[cell] += 1.0;
        }
        if options.alpha == 0.0 {
            for i in 0..n {
                let (won, lost) = row_col_sums(n, resampled, i);
                if !(won > 0.0 && lost > 0.0) {
                    return Err(Error::invalid(
                        "alpha",
                        0.0,
                        Rule::Text("> 0 when an item never wins or never loses (pass alpha > 0)"),
                    ));
                }
            }
        }
        rep_theta.copy_from_slice(theta);
        fit_unchecked(n, resampled, &rep_options, fit_scratch, rep_theta)?;
        for (i, &t) in rep_theta.iter().enumerate() {
            samples[i * replicates + r] = t;
        }
    }
    let q_lo = (1.0 - confidence) / 2.0;
    let q_hi = 1.0 - q_lo;
    for (i, column) in samples.chunks_exact_mut(replicates).enumerate() {
        column.sort_unstable_by(f64::total_cmp);
        lower[i] = quantile_sorted(column, q_lo);
        upper[i] = quantile_sorted(column, q_hi);
    }
    Ok(())
}

/// numpy `quantile(method="linear")` of a sorted, non-empty slice.
fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = libm::floor(h) as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

// ------------------------------------------------------------------------------ next pair

/// How [`next_pair`] chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairStrategy {
    /// Over all pairs, the one maximising `p(1 − p)/(1 + games)`: the outcome the model is
    /// least sure of (`p(1 − p)` is the Fisher information of one Bradley–Terry comparison in
    /// `θᵢ − θⱼ`), discounted by how often the pair was already shown.
    MostUncertain,
    /// The current leader (highest `θ`, lowest index on ties) against the challenger
    /// maximising the same score: spends votes where they decide which take is best.
    ChallengeLeader,
}

/// Picks the next pair `(i, j)`, `i < j`, to show a person, from current strengths `theta`
/// and the win-count matrix `wins` (`n × n`, as [`bradley_terry_fit`]). Ties go to the
/// lexicographically smallest pair, so the choice is deterministic.
///
/// With no votes yet (all `θ = 0`) the first pair is `(0, 1)`.
///
/// Errors: [`Error::Empty`] (`items`) with fewer than 2 items; [`Error::LengthMismatch`];
/// [`Error::InvalidValue`] for a non-finite `θ` or a bad count.
pub fn next_pair(
    theta: &[f64],
    wins: &[f64],
    strategy: PairStrategy,
) -> Result<(usize, usize), Error> {
    let n = theta.len();
    if n < 2 {
        return Err(Error::Empty { name: "items" });
    }
    check_matrix(n, wins)?;
    for (i, &t) in theta.iter().enumerate() {
        check_finite("theta", t).map_err(|e| e.at(i))?;
    }
    let score = |i: usize, j: usize| {
        let p = logistic(theta[i] - theta[j]);
        p * (1.0 - p) / (1.0 + wins[i * n + j] + wins[j * n + i])
    };
    let mut best = (0, 1);
    let mut best_score = f64::NEG_INFINITY;
    match strategy {
        PairStrategy::MostUncertain => {
            for i in 0..n {
                for j in (i + 1)..n {
                    let s = score(i, j);
                    if s > best_score {
                        best_score = s;
                        best = (i, j);
                    }
                }
            }
        }
        PairStrategy::ChallengeLeader => {
            let mut leader = 0;
            for (i, &t) in theta.iter().enumerate() {
                if t > theta[leader] {
                    leader = i;
                }
            }
            for j in (0..n).filter(|&j| j != leader) {
                let s = score(leader, j);
                if s > best_score {
                    best_score = s;
                    best = (leader.min(j), leader.max(j));
                }
            }
        }
    }
    Ok(best)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn engage_pairwise_elo_issue_value() {
        let (a, _) = elo_update(1500.0, 1700.0, 1.0, 32.0).unwrap();
        assert_eq!(a, 1524.3119016527346);
    }

    #[test]
    fn engage_pairwise_glicko2_worked_example() {
        let p = Glicko2Rating {
            rating: 1500.0,
            rd: 200.0,
            volatility: 0.06,
        };
        let r = glicko2_update(
            p,
            &[1400.0, 1550.0, 1700.0],
            &[30.0, 100.0, 300.0],
            &[1.0, 0.0, 0.0],
            0.5,
        )
        .unwrap();
        assert!((r.rating - 1464.0506705393013).abs() < 1e-9);
        assert!((r.rd - 151.51652412385727).abs() < 1e-9);
        assert!((r.volatility - 0.059995984286488495).abs() < 1e-12);
    }

    #[test]
    fn engage_pairwise_bt_toy() {
        let wins = [0.0, 7.0, 8.0, 3.0, 0.0, 6.0, 2.0, 4.0, 0.0];
        let mut scratch = [0.0; 9];
        let mut theta = [0.0; 3];
        bradley_terry_fit(
            3,
            &wins,
            &BradleyTerryOptions::default(),
            &mut scratch,
            &mut theta,
        )
        .unwrap();
        let want = [0.74056994, -0.14910226, -0.59146768];
        for (t, w) in theta.iter().zip(want) {
            assert!((t - w).abs() < 1e-8);
        }
    }

    #[test]
    fn engage_pairwise_next_pair_fresh() {
        let wins = [0.0; 9];
        assert_eq!(
            next_pair(&[0.0; 3], &wins, PairStrategy::MostUncertain).unwrap(),
            (0, 1)
        );
    }

    #[test]
    fn engage_pairwise_votes_count_into_the_win_matrix() {
        let mut wins = [0.0; 9];
        bradley_terry_count_votes(3, &[0usize, 0, 2], &[1usize, 1, 0], &mut wins).unwrap();
        assert_eq!(wins, [0.0, 2.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        let e = bradley_terry_count_votes(3, &[0i64, 7], &[1i64, 2], &mut wins).unwrap_err();
        assert_eq!(
            e,
            Error::invalid("winners", 7.0, Rule::ItemIndex { items: 3 }).at(1)
        );
        assert_eq!(wins[1], 3.0); // the vote before the bad one was counted
        let e = bradley_terry_count_votes(3, &[1i64], &[-1i64], &mut wins).unwrap_err();
        assert!(matches!(
            e,
            Error::InvalidValue {
                name: "losers",
                value: -1.0,
                index: Some(0),
                ..
            }
        ));
        let e = bradley_terry_count_votes(3, &[2usize], &[2usize], &mut wins).unwrap_err();
        assert!(matches!(
            e,
            Error::InvalidValue {
                name: "losers",
                index: Some(0),
                ..
            }
        ));
        assert!(bradley_terry_count_votes(3, &[0usize], &[], &mut wins).is_err());
        assert!(bradley_terry_count_votes(2, &[0usize], &[1usize], &mut wins).is_err());
    }

    #[test]
    fn engage_pairwise_checked_arena_rating() {
        assert_eq!(try_arena_rating(0.0).unwrap(), ARENA_OFFSET);
        assert_eq!(try_arena_rating(1.0).unwrap(), arena_rating(1.0));
        assert!(try_arena_rating(f64::NAN).is_err());
        assert!(try_arena_rating(1e307).is_err());
    }
}
