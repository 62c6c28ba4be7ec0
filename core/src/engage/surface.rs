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

            // ------------------------------------------------------------------- normal

            /// Standard normal quantile `Φ⁻¹(p)` (scipy `norm.ppf`, AS 241); `p` in `(0, 1)`.
            fn normal_ppf(p) -> (out) {
                scalar: normal_ppf(p),
                c: reel_normal_ppf,
                py: normal_ppf,
            }

            /// Standard normal inverse survival function: the `z` with `P(Z > z) = q` (scipy
            /// `norm.isf`); `q` in `(0, 1)`, accurate down to `q = 1e-300`.
            fn normal_isf(q) -> (out) {
                scalar: normal_isf(q),
                c: reel_normal_isf,
                py: normal_isf,
            }

            /// Two-sided critical value for a confidence level in `(0, 1)`:
            /// `z = Φ⁻¹(1 − (1 − confidence)/2)`; `0.95` gives `Z_95`.
            fn z_for_confidence(confidence) -> (out) {
                scalar: z_for_confidence(confidence),
                c: reel_z_for_confidence,
                py: z_for_confidence,
            }

            // -------------------------------------------------------------------- rates

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

            /// Both ends of the Wilson score interval, `(lower, upper)`; `totals = 0` gives
            /// `(0, 1)`.
            fn wilson_interval(successes, totals; z) -> (lower, upper) {
                scalar: wilson_interval(successes, totals, z),
                c: reel_wilson_interval,
                c_array: reel_wilson_interval_array(successes, totals),
                py: wilson_interval,
            }

            /// Bayesian (IMDb) average `v/(v+m)·R + m/(v+m)·C` of an item's `mean` rating over
            /// `votes`, with `prior_weight` (m) votes of `prior_mean` (C); `v + m = 0` gives C.
            fn bayesian_average(mean, votes; prior_weight, prior_mean) -> (out) {
                scalar: bayesian_average(mean, votes, prior_weight, prior_mean),
                slice: bayesian_average_slice,
                c: reel_bayesian_average,
                c_array: reel_bayesian_average_array(means, votes),
                py: bayesian_average,
            }

            /// Additive (Lidstone; Laplace for `alpha = 1`) smoothing
            /// `(count + alpha) / (total + alpha·categories)`; a zero denominator gives
            /// `1/categories`.
            fn additive_smoothing(count, total; alpha, categories) -> (out) {
                scalar: additive_smoothing(count, total, alpha, categories),
                c: reel_additive_smoothing,
                c_array: reel_additive_smoothing_array(counts, totals),
                py: additive_smoothing,
            }

            // -------------------------------------------------------------------- watch

            /// Completion rate `completions / views` in `[0, 1]`; `views = 0` gives 0.
            fn completion_rate(completions, views) -> (out) {
                scalar: completion_rate(completions, views),
                c: reel_completion_rate,
                c_array: reel_completion_rate_array(completions, views),
                py: completion_rate,
            }

            /// Average view duration `total_watch_seconds / views`, seconds; `views = 0`
            /// gives 0.
            fn average_view_duration(total_watch_seconds, views) -> (out) {
                scalar: average_view_duration(total_watch_seconds, views),
                c: reel_average_view_duration,
                c_array: reel_average_view_duration_array(total_watch_seconds, views),
                py: average_view_duration,
            }

            /// Fraction of the clip viewed on average, `average_view_duration /
            /// duration_seconds` (above 1 with rewatches); `duration_seconds` must be > 0.
            fn fraction_viewed(average_view_duration, duration_seconds) -> (out) {
                scalar: fraction_viewed(average_view_duration, duration_seconds),
                c: reel_fraction_viewed,
                c_array: reel_fraction_viewed_array(average_view_duration, duration_seconds),
                py: fraction_viewed,
            }

            /// Rewatch ratio `views / unique_viewers` (≥ 1); `views = 0` gives 0.
            fn rewatch_ratio(views, unique_viewers) -> (out) {
                scalar: rewatch_ratio(views, unique_viewers),
                c: reel_rewatch_ratio,
                c_array: reel_rewatch_ratio_array(views, unique_viewers),
                py: rewatch_ratio,
            }

            // -------------------------------------------------------------------- decay

            /// Half-life decay factor `2^(−age / half_life)` in `(0, 1]`.
            fn half_life_decay(age; half_life) -> (out) {
                scalar: half_life_decay(age, half_life),
                c: reel_half_life_decay,
            }

            /// Decayed values `values · 2^(−age / half_life)`.
            fn half_life_decay(values, age; half_life) -> (out) {
                slice: half_life_decay_slice,
                c_array: reel_half_life_decay_array(values, ages),
                py: half_life_decay,
            }

            /// Reddit `hot(ups, downs, date)` exactly as `_sorts.pyx` (rounded to 7 decimals
            /// the way Python 2.7 does); `date` in Unix seconds; counts whole numbers in
            /// `[0, 2⁵³]`.
            fn reddit_hot(ups, downs, date) -> (out) {
                scalar: reddit_hot(ups, downs, date),
                slice: reddit_hot_slice,
                c: reel_reddit_hot,
                c_array: reel_reddit_hot_array(ups, downs, dates),
                py: reddit_hot,
            }

            /// Reddit's comment "best" sort `_confidence(ups, downs)`, with its
            /// single-precision intermediates; counts whole numbers with
            /// `ups + downs ≤ 2³¹ − 1`.
            fn reddit_confidence(ups, downs) -> (out) {
                scalar: reddit_confidence(ups, downs),
                c: reel_reddit_confidence,
                c_array: reel_reddit_confidence_array(ups, downs),
                py: reddit_confidence,
            }

            /// Hacker News `frontpage-rank` (`news.arc`): `(points − 1)^0.8 /
            /// ((age + 120)/60)^gravity · penalty` (`gravity` usually `HN_GRAVITY`, `penalty`
            /// a product of the `HN_*_FACTOR`s or 1).
            fn hacker_news_rank(points, age_minutes; gravity, penalty) -> (out) {
                scalar: hacker_news_rank(points, age_minutes, gravity, penalty),
                c: reel_hacker_news_rank,
            }

            /// Hacker News rank of stories with penalty 1.
            fn hacker_news_rank(points, age_minutes; gravity) -> (out) {
                slice: hacker_news_rank_slice,
                c_array: reel_hacker_news_rank_array(points, age_minutes),
            }

            /// Hacker News `frontpage-rank` with a per-story `penalty`.
            fn hacker_news_rank(points, age_minutes, penalty; gravity) -> (out) {
                scalar: hacker_news_rank(points, age_minutes, gravity, penalty),
                py: hacker_news_rank,
            }

            /// EWMA of a series with smoothing `alpha ∈ (0, 1]`, seeded by the first value
            /// (pandas `ewm(alpha, adjust=False).mean()`): output `t` is the average after
            /// value `t`.
            fn ewma(x; alpha) -> (out) {
                slice: ewma_slice,
                c_array: reel_ewma_array(xs),
                py_rows: ewma,
            }

            /// Trending z-scores of a series: `(x[t] − m)/sqrt(v)` against the exponentially
            /// weighted mean `m` and variance `v` of the values before `x[t]` (0 while
            /// `v = 0`).
            fn trending_z(x; alpha) -> (out) {
                slice: trending_z_slice,
                c_array: reel_trending_z_array(xs),
                py_rows: trending_z,
            }

            /// The exponentially weighted (biased) variance after each value of a series, as
            /// the trending z-score tracks it (pandas `ewm(alpha, adjust=False)
            /// .var(bias=True)`).
            fn ewm_variance(x; alpha) -> (out) {
                slice: ewm_variance_slice,
                c_array: reel_ewm_variance_array(xs),
                py_rows: ewm_variance,
            }

            // ----------------------------------------------------------------- pairwise

            /// Elo expected score of A against B: `1/(1 + 10^((R_B − R_A)/400))`.
            fn elo_expected(rating_a, rating_b) -> (out) {
                scalar: elo_expected(rating_a, rating_b),
                c: reel_elo_expected,
                py: elo_expected,
            }

            /// One Elo game: the new ratings of A and B after A scored `score_a` (1 win, 0.5
            /// draw, 0 loss) with K-factor `k`.
            fn elo_update(rating_a, rating_b, score_a; k) -> (out_a, out_b) {
                scalar: elo_update(rating_a, rating_b, score_a, k),
                c: reel_elo_update,
                py: elo_update,
            }

            /// Arena rating `400·θ/ln 10 + 1000` of a finite Bradley–Terry strength.
            fn arena_rating(theta) -> (out) {
                scalar: try_arena_rating(theta),
                slice: arena_ratings,
                c: reel_arena_rating,
                c_array: reel_arena_rating_array(theta),
                py: arena_ratings,
            }

            /// Probability that item `i` beats item `j`: `1/(1 + exp(θⱼ − θᵢ))`.
            fn bradley_terry_win_probability(theta_i, theta_j) -> (out) {
                scalar: bradley_terry_win_probability(theta_i, theta_j),
                c: reel_bradley_terry_win_probability,
                py: bradley_terry_win_probability,
            }

            // ------------------------------------------------------------------ ranking

            /// Author-diversity multiplier `(1 − floor)·decay^k + floor` of the `k`-th
            /// (0-based) item by the same author.
            fn author_diversity_multiplier(k; decay, floor) -> (out) {
                scalar: author_diversity_multiplier_f64(k, decay, floor),
                py: author_diversity_multiplier,
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
