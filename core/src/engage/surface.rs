//! The engagement formulas the bindings expose, as one table: [`engage_surface!`](crate::engage_surface).
//!
//! Each entry names a formula's inputs and outputs, the core functions that compute it, and
//! the entry points each binding makes of it. The C crate (`ffi/src/table.rs`) and the
//! Python extension (`python/src/table.rs`) each expand the table with a macro of their own:
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
//!     c_reduce: reel_name(len),                          // optional: C, arrays to one value
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
//! * `c_reduce` takes every input as an array of the named length (`len`, `levels`…) and
//!   passes the slices to `scalar`, which reduces them to one value (a star rating from its
//!   counts, a weighted sum).
//! * The keys appear in this order, at most one of `py` and `py_rows`; each binding picks the
//!   keys it expands.

/// The engagement table (see [the module doc](crate::engage::surface)), expanded by a
/// binding's own `$then` macro: one `$then! { entry … }` call per entry, then one
/// `$then! { all … }` (the shapes are described at the parsing rule below).
#[macro_export]
macro_rules! engage_surface {
    ($then:ident) => {
        $crate::engage_surface! { @entries $then [$crate::engage]

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

            /// Evan Miller's star-rating sort of one item: `counts_high_to_low[0]` is the
            /// number of top-star ratings, `counts_high_to_low[levels − 1]` the number of
            /// 1-star ratings. `levels = 0` gives `REEL_STATUS_EMPTY_INPUT`.
            fn star_rating_sort(counts_high_to_low; z) -> (out) {
                scalar: star_rating_sort(counts_high_to_low, z),
                c_reduce: reel_star_rating_sort(levels),
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

            /// Hook retention: the share of the `len` views whose watch time is at least `t`
            /// seconds. `len = 0` gives `REEL_STATUS_EMPTY_INPUT`.
            fn hook_retention(watch_times; t) -> (out) {
                scalar: hook_retention(watch_times, t),
                c_reduce: reel_hook_retention(len),
            }

            /// Mean retention of a sampled retention curve: trapezoidal area under `retention`
            /// against strictly increasing `times` (`len ≥ 2` points each), divided by the
            /// time span.
            fn retention_curve_area(times, retention) -> (out) {
                scalar: retention_curve_area(times, retention),
                c_reduce: reel_retention_curve_area(len),
            }

            /// Rewatch ratio `views / unique_viewers` (≥ 1); `views = 0` gives 0.
            fn rewatch_ratio(views, unique_viewers) -> (out) {
                scalar: rewatch_ratio(views, unique_viewers),
                c: reel_rewatch_ratio,
                c_array: reel_rewatch_ratio_array(views, unique_viewers),
                py: rewatch_ratio,
            }

            // ------------------------------------------------------------------ actions

            /// Plain weighted sum `Σ predictions[i]·weights[i]` of `len` action rates in
            /// `[0, 1]`.
            fn weighted_action_sum(predictions, weights) -> (out) {
                scalar: weighted_action_sum(predictions, weights),
                c_reduce: reel_weighted_action_sum(len),
            }

            /// Action-weighted score with the negative-total handling of twitter's
            /// `WeightedScoresSumScorer` (negative totals land in `[0,
            /// REEL_WEIGHTED_SCORES_EPSILON)`). With the X recap preset
            /// ([`reel_x_recap_weights`]) and issue 4's rates: 0.7616.
            fn weighted_scores_sum(predictions, weights) -> (out) {
                scalar: weighted_scores_sum(predictions, weights),
                c_reduce: reel_weighted_scores_sum(len),
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

            // Constants: `NAME: type = literal` (the core's constant, checked equal at compile
            // time below), then its C name and whether Python exports it.
            constants {
                /// Two-sided 95% critical value `z = Φ⁻¹(0.975)` (statsmodels' `alpha = 0.05`).
                Z_95: f64 = 1.959963984540054 => c REEL_Z_95, py;
                /// `Epsilon` of twitter's `WeightedScoresSumScorer`: offset of non-negative
                /// totals and width of the band negative totals are squeezed into.
                WEIGHTED_SCORES_EPSILON: f64 = 0.001 => c REEL_WEIGHTED_SCORES_EPSILON, py;
                /// Number of actions in the X recap preset (`reel_x_recap_weights`).
                X_RECAP_ACTIONS: usize = 10 => c REEL_X_RECAP_ACTIONS;
                /// X recap weight of `fav` (the-algorithm-ml recap README, 2023-04-05).
                X_RECAP_WEIGHTS[0]: f64 = 0.5 => c REEL_X_RECAP_WEIGHT_FAV;
                /// X recap weight of `retweet`.
                X_RECAP_WEIGHTS[1]: f64 = 1.0 => c REEL_X_RECAP_WEIGHT_RETWEET;
                /// X recap weight of `reply`.
                X_RECAP_WEIGHTS[2]: f64 = 13.5 => c REEL_X_RECAP_WEIGHT_REPLY;
                /// X recap weight of `good_profile_click`.
                X_RECAP_WEIGHTS[3]: f64 = 12.0 => c REEL_X_RECAP_WEIGHT_GOOD_PROFILE_CLICK;
                /// X recap weight of `video_playback50`.
                X_RECAP_WEIGHTS[4]: f64 = 0.005 => c REEL_X_RECAP_WEIGHT_VIDEO_PLAYBACK50;
                /// X recap weight of `reply_engaged_by_author`.
                X_RECAP_WEIGHTS[5]: f64 = 75.0 => c REEL_X_RECAP_WEIGHT_REPLY_ENGAGED_BY_AUTHOR;
                /// X recap weight of `good_click`.
                X_RECAP_WEIGHTS[6]: f64 = 11.0 => c REEL_X_RECAP_WEIGHT_GOOD_CLICK;
                /// X recap weight of `good_click_v2`.
                X_RECAP_WEIGHTS[7]: f64 = 10.0 => c REEL_X_RECAP_WEIGHT_GOOD_CLICK_V2;
                /// X recap weight of `negative_feedback_v2`.
                X_RECAP_WEIGHTS[8]: f64 = -74.0 => c REEL_X_RECAP_WEIGHT_NEGATIVE_FEEDBACK_V2;
                /// X recap weight of `report`.
                X_RECAP_WEIGHTS[9]: f64 = -369.0 => c REEL_X_RECAP_WEIGHT_REPORT;
                /// Reddit's epoch offset in `hot`: 2005-12-08 07:46:43 UTC, Unix seconds.
                REDDIT_EPOCH_SECONDS: f64 = 1134028003.0 => c REEL_REDDIT_EPOCH_SECONDS, py;
                /// Seconds per unit of Reddit `hot` (12.5 hours).
                REDDIT_HOT_SECONDS_PER_UNIT: f64 = 45000.0 => c REEL_REDDIT_HOT_SECONDS_PER_UNIT, py;
                /// Decimal places Reddit `hot` is rounded to.
                REDDIT_HOT_DECIMALS: i32 = 7 => c REEL_REDDIT_HOT_DECIMALS;
                /// `z` of Reddit's `_confidence` (80% two-sided), a C `float` as in `_sorts.pyx`.
                REDDIT_CONFIDENCE_Z: f32 = 1.2815516 => c REEL_REDDIT_CONFIDENCE_Z, py;
                /// Largest count Reddit `hot` accepts (2⁵³, exact in a double).
                MAX_EXACT_COUNT: f64 = 9007199254740992.0 => c REEL_MAX_EXACT_COUNT;
                /// Hacker News gravity (`news.arc` `gravity*`).
                HN_GRAVITY: f64 = 1.8 => c REEL_HN_GRAVITY, py;
                /// Hacker News time base in minutes (`timebase*`), added to the item's age.
                HN_TIMEBASE_MINUTES: f64 = 120.0 => c REEL_HN_TIMEBASE_MINUTES, py;
                /// Exponent applied to `points − 1` in `frontpage-rank`.
                HN_SCORE_EXPONENT: f64 = 0.8 => c REEL_HN_SCORE_EXPONENT, py;
                /// `news.arc` penalty for stories without a URL (`nourl-factor*`).
                HN_NOURL_FACTOR: f64 = 0.4 => c REEL_HN_NOURL_FACTOR, py;
                /// `news.arc` cap for "lightweight" stories (`lightweight-factor*`).
                HN_LIGHTWEIGHT_FACTOR: f64 = 0.17 => c REEL_HN_LIGHTWEIGHT_FACTOR, py;
                /// `news.arc` penalty for gagged stories (`gag-factor*`).
                HN_GAG_FACTOR: f64 = 0.1 => c REEL_HN_GAG_FACTOR, py;
                /// Elo's logistic scale: a 400-point gap means 10:1 odds.
                ELO_SCALE: f64 = 400.0 => c REEL_ELO_SCALE, py;
                /// A common Elo K-factor.
                ELO_DEFAULT_K: f64 = 32.0 => c REEL_ELO_DEFAULT_K, py;
                /// Glicko-2 scale factor (`400/ln 10` rounded as in Glickman's paper).
                GLICKO2_SCALE: f64 = 173.7178 => c REEL_GLICKO2_SCALE, py;
                /// Glicko rating of a new player.
                GLICKO2_DEFAULT_RATING: f64 = 1500.0 => c REEL_GLICKO2_DEFAULT_RATING, py;
                /// Rating deviation of a new player.
                GLICKO2_DEFAULT_RD: f64 = 350.0 => c REEL_GLICKO2_DEFAULT_RD, py;
                /// Volatility of a new player.
                GLICKO2_DEFAULT_VOLATILITY: f64 = 0.06 => c REEL_GLICKO2_DEFAULT_VOLATILITY, py;
                /// Glicko-2 system constant τ of Glickman's example (reasonable range 0.3–1.2).
                GLICKO2_DEFAULT_TAU: f64 = 0.5 => c REEL_GLICKO2_DEFAULT_TAU, py;
                /// Convergence tolerance of the Glicko-2 volatility iteration.
                GLICKO2_EPSILON: f64 = 1e-6 => c REEL_GLICKO2_EPSILON;
                /// Iteration cap of each loop of the Glicko-2 volatility step.
                GLICKO2_MAX_ITERATIONS: usize = 10000 => c REEL_GLICKO2_MAX_ITERATIONS;
                /// Arena ratings per unit of Bradley–Terry `θ`: `400 / ln 10`.
                ARENA_SCALE: f64 = 173.71779276130073 => c REEL_ARENA_SCALE, py;
                /// Arena rating of the average item (`θ = 0`).
                ARENA_OFFSET: f64 = 1000.0 => c REEL_ARENA_OFFSET, py;
                /// A small Bradley–Terry regulariser for undefeated or winless items.
                BT_DEFAULT_ALPHA: f64 = 0.01 => c REEL_BT_DEFAULT_ALPHA, py;
                /// Default convergence tolerance of the Bradley–Terry MM iteration.
                BT_DEFAULT_TOLERANCE: f64 = 1e-12 => c REEL_BT_DEFAULT_TOLERANCE, py;
                /// Default iteration cap of the Bradley–Terry MM iteration.
                BT_DEFAULT_MAX_ITERATIONS: usize = 100000 => c REEL_BT_DEFAULT_MAX_ITERATIONS, py;
                /// Largest total number of votes the Bradley–Terry bootstrap resamples.
                BT_BOOTSTRAP_MAX_VOTES: f64 = 1e9 => c REEL_BT_BOOTSTRAP_MAX_VOTES;
            }
        }
    };
    // Each entry, parsed once here, goes to `$then` in one shape: `entry [docs] [core path]
    // [scalar call] [slice fn] (inputs) (options) (outputs)` followed by every key as
    // `key [value]` (`[]` when the entry lacks it); each constant as `constant [docs]
    // [core path] NAME [index] type literal c [C name] py [py]`; then one `all` call lists
    // the Python names, each with `(columns (inputs) (options) (outputs))`, and the constants
    // with their core path (for registering and stubs).
    (@entries $then:ident $core:tt $(
        $(#[doc = $doc:literal])*
        fn $name:ident($($col:ident),* $(; $($opt:ident),+)?) -> ($($out:ident),+) {
            $(scalar: $f:ident($($arg:expr),*),)?
            $(slice: $slice:ident,)?
            $(c: $c:ident,)?
            $(c_array: $c_array:ident($($acol:ident),+),)?
            $(c_reduce: $c_reduce:ident($len:ident),)?
            $(py: $py:ident,)?
            $(py_rows: $py_rows:ident,)?
        }
    )* constants {$(
        $(#[doc = $cdoc:literal])*
        $cname:ident $([$index:literal])?: $ty:ident = $value:literal
            => $(c $cc:ident)? $(, $cpy:ident)?;
    )*}) => {
        $($then! {
            entry [$(#[doc = $doc])*] $core [$($f($($arg),*))?] [$($slice)?]
            ($($col),*) ($($($opt),+)?) ($($out),+)
            c [$($c)?] c_array [$($c_array($($acol),+))?] c_reduce [$($c_reduce($len))?]
            py [$($py)?] py_rows [$($py_rows)?]
        })*
        $($then! {
            constant [$(#[doc = $cdoc])*] $core $cname [$($index)?] $ty $value
            c [$($cc)?] py [$($cpy)?]
        })*
        $then! {
            all functions $([$($py)? $($py_rows)?] (columns ($($col),*) ($($($opt),+)?) ($($out),+)))*
            constants $([$($cpy)?] $core $cname $ty)*
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

/// Checks each constant of a bindings table against the core's definition, at compile time
/// (here and in [`crate::metrics::surface`]).
macro_rules! check_constant {
    (constant $doc:tt [$($core:tt)*] $name:ident [$($index:literal)?] $ty:ident $value:literal
     $($targets:tt)*) => {
        const _: () = assert!(
            $($core)*::$name$([$index])? == $value,
            concat!("the bindings' table gives ", stringify!($name), " another value")
        );
    };
    ($($other:tt)*) => {};
}

pub(crate) use check_constant;

crate::engage_surface!(check_constant);
