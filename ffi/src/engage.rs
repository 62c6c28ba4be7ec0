//! Engagement scoring: confidence-aware rates, watch time, action-weighted scores, decay,
//! pairwise ratings (Elo, Glicko-2, Bradley–Terry) and ranking.
//!
//! Each element-wise formula has a scalar entry point (`reel_<function>`) and, where feeds
//! apply it to many items, an array entry point (`reel_<function>_array`) taking pointer +
//! length pairs; both are written from the core's table (`reelscore::engage_surface!`, expanded
//! by [`crate::table`]), with the engagement constants. This file holds what is not
//! element-wise: the watch-time distribution handle, matrices, scratch areas and ranking. The
//! formulas, sources and edge cases are documented in the core (`reelscore::engage`); these
//! functions only move arguments across the boundary.
//!
//! # Safety (all functions)
//! Every pointer must be NULL (an error, reported as `REEL_STATUS_NULL_POINTER`, except where a
//! parameter is documented as optional) or valid for the number of elements the call implies.
//! Output arrays must not overlap input arrays. Scalar out-parameters are written only on
//! success; on error the contents of output *arrays* are unspecified (the core's slice
//! contract: one pass, validity checked along the way).

use crate::guard::{get, get_mut, guard, null, put, slice, slice_mut, with_scratch};
use crate::status::reel_status;
use crate::table::{put_row, with_columns};
use core::ffi::c_char;
use reelscore::engage::{self, BradleyTerryOptions, Glicko2Rating, PairStrategy, SplitMix64};

reelscore::engage_surface!(c_table);

/// `rows · columns` (the cells of a matrix), or `REEL_STATUS_CAPACITY_EXCEEDED` when it
/// overflows.
fn cells(rows: usize, columns: usize) -> Result<usize, reel_status> {
    rows.checked_mul(columns)
        .ok_or(reel_status::REEL_STATUS_CAPACITY_EXCEEDED)
}

// ------------------------------------------------------- duration-debiased watch (D2Q)

/// Largest number of duration buckets a [`ReelWatchDistribution`] holds.
pub const REEL_D2Q_MAX_BUCKETS: usize = 8;
/// Histogram bins per duration bucket (percentile error ≤ the mass of one bin).
pub const REEL_D2Q_BINS: usize = 256;
/// 64-bit words of opaque storage in a [`ReelWatchDistribution`]: room for the core's
/// `WatchTimeDistribution<8, 256>` (edges, counters, totals).
pub const REEL_D2Q_STORAGE_WORDS: usize = 2064;
/// Marks an initialised [`ReelWatchDistribution`] (`"reelD2Q\0"` read little-endian).
const D2Q_MAGIC: u64 = 0x0051_3244_6C65_6572;

/// A fixed-memory, duration-bucketed distribution of watch times (the core's
/// `WatchTimeDistribution`, D2Q), allocated by the caller — statically, on the stack
/// (about 16.5 KB) or with `malloc` — or by [`reel_watch_distribution_new`].
///
/// Initialise it with [`reel_watch_distribution_init`] before any other call; the fields are
/// opaque. It holds no pointers: copying it with `memcpy` copies the distribution.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ReelWatchDistribution {
    /// Set by `reel_watch_distribution_init`; any other value means "not initialised".
    pub magic: u64,
    /// Number of duration buckets (1 to `REEL_D2Q_MAX_BUCKETS`).
    pub buckets: usize,
    /// Opaque state. Do not read or write.
    pub storage: [u64; REEL_D2Q_STORAGE_WORDS],
}

// SAFETY: integers only (zeroed, it is the "not initialised" state: `magic` 0).
unsafe impl crate::guard::Zeroable for ReelWatchDistribution {}

/// The core distribution the opaque storage holds (its bucket count is chosen at run time).
type D2q = engage::WatchTimeDistribution<REEL_D2Q_MAX_BUCKETS, REEL_D2Q_BINS>;
type Storage = [u64; REEL_D2Q_STORAGE_WORDS];

const _: () = assert!(
    size_of::<D2q>() == size_of::<Storage>() && align_of::<D2q>() <= align_of::<Storage>(),
    "REEL_D2Q_STORAGE_WORDS must hold the core distribution exactly"
);

impl ReelWatchDistribution {
    /// The distribution, or `REEL_STATUS_INVALID_STATE` unless it was initialised.
    fn live(&self) -> Result<&D2q, reel_status> {
        if self.magic != D2Q_MAGIC || !(1..=REEL_D2Q_MAX_BUCKETS).contains(&self.buckets) {
            return Err(reel_status::REEL_STATUS_INVALID_STATE);
        }
        // SAFETY: size and alignment fit (checked at compile time); the distribution is made
        // only of `f64` and `u64` arrays, so every bit pattern of the storage is a valid value.
        Ok(unsafe { &*(&raw const self.storage).cast::<D2q>() })
    }

    /// [`Self::live`], mutably.
    fn live_mut(&mut self) -> Result<&mut D2q, reel_status> {
        self.live()?;
        // SAFETY: as in `live`, with the exclusive borrow of the storage handed on.
        Ok(unsafe { &mut *(&raw mut self.storage).cast::<D2q>() })
    }

    /// An initialised distribution with these bucket edges.
    fn new(edges: &[f64]) -> Result<Self, reel_status> {
        let d = D2q::new(edges)?;
        let mut fresh = Self {
            magic: D2Q_MAGIC,
            buckets: edges.len(),
            storage: [0; REEL_D2Q_STORAGE_WORDS],
        };
        *fresh.live_mut()? = d;
        Ok(fresh)
    }
}

/// Initialises `dist` (empty) with `buckets` duration-bucket upper edges in seconds
/// (finite, positive, strictly increasing). Bucket `b` holds durations in
/// `(edges[b−1], edges[b]]`; longer clips go to the last bucket.
/// `buckets = 0` gives `REEL_STATUS_EMPTY_INPUT`, more than `REEL_D2Q_MAX_BUCKETS`
/// `REEL_STATUS_CAPACITY_EXCEEDED`. Does not allocate.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_watch_distribution_init(
    dist: *mut ReelWatchDistribution,
    duration_edges: *const f64,
    buckets: usize,
) -> reel_status {
    // SAFETY: see the module docs; `dist` may be uninitialised memory.
    guard(|| unsafe {
        if dist.is_null() {
            return Err(null("dist"));
        }
        let edges = slice(duration_edges, buckets, "duration_edges")?;
        dist.write(ReelWatchDistribution::new(edges)?);
        Ok(())
    })
}

/// Allocates and initialises a distribution (as [`reel_watch_distribution_init`]); release it
/// with [`reel_watch_distribution_free`]. `*out` is written only on success. Bare-metal builds
/// (no `std` feature) have no heap and return `REEL_STATUS_ALLOCATION_FAILED`: use
/// [`reel_watch_distribution_init`] on caller memory there.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_watch_distribution_new(
    duration_edges: *const f64,
    buckets: usize,
    out: *mut *mut ReelWatchDistribution,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        if out.is_null() {
            return Err(null("out"));
        }
        let edges = slice(duration_edges, buckets, "duration_edges")?;
        #[cfg(feature = "std")]
        {
            let mut boxed = crate::guard::boxed_zeroed::<ReelWatchDistribution>();
            *boxed = ReelWatchDistribution::new(edges)?;
            put(out, Box::into_raw(boxed), "out")
        }
        #[cfg(not(feature = "std"))]
        {
            let _ = edges;
            Err(reel_status::REEL_STATUS_ALLOCATION_FAILED)
        }
    })
}

/// Frees a distribution from [`reel_watch_distribution_new`]. `NULL` is a no-op. Never pass
/// a caller-allocated distribution.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_watch_distribution_free(dist: *mut ReelWatchDistribution) {
    // SAFETY: per the contract, `dist` is NULL or came from `reel_watch_distribution_new` (a
    // `Box`). A panic in drop is impossible (plain data), so no guard is needed.
    unsafe { crate::guard::free_heap(dist) }
}

/// Records one view of a clip of `duration` seconds watched for `watch_time` seconds.
/// An uninitialised `dist` gives `REEL_STATUS_INVALID_STATE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_watch_distribution_add(
    dist: *mut ReelWatchDistribution,
    duration: f64,
    watch_time: f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let d = get_mut(dist, "dist")?.live_mut()?;
        Ok(d.add(duration, watch_time)?)
    })
}

/// Records `len` views (`durations[i]`, `watch_times[i]`). On error the views before the
/// offending one have been recorded.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_watch_distribution_add_array(
    dist: *mut ReelWatchDistribution,
    durations: *const f64,
    watch_times: *const f64,
    len: usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let dist = get_mut(dist, "dist")?;
        let inputs = [(durations, "durations"), (watch_times, "watch_times")];
        with_columns(inputs, len, [], |[ds, ws], []| {
            Ok(dist.live_mut()?.add_slice(ds, ws)?)
        })
    })
}

/// Number of views recorded in the bucket of `duration`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_watch_distribution_count(
    dist: *const ReelWatchDistribution,
    duration: f64,
    out: *mut u64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe { put(out, get(dist, "dist")?.live()?.count(duration)?, "out") })
}

/// Duration-debiased watch score: the share of recorded views in the bucket of `duration`
/// that watched less than `watch_time`, in `[0, 1]`. A bucket without views gives
/// `REEL_STATUS_INVALID_STATE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_watch_distribution_percentile(
    dist: *const ReelWatchDistribution,
    duration: f64,
    watch_time: f64,
    out: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let d = get(dist, "dist")?.live()?;
        put_row([(out, "out")], || Ok([d.percentile(duration, watch_time)?]))
    })
}

/// Watch scores of `len` views: `out[i]` = percentile of `watch_times[i]` for `durations[i]`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_watch_distribution_percentile_array(
    dist: *const ReelWatchDistribution,
    durations: *const f64,
    watch_times: *const f64,
    len: usize,
    out: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let d = get(dist, "dist")?.live()?;
        let inputs = [(durations, "durations"), (watch_times, "watch_times")];
        with_columns(inputs, len, [(out, "out")], |[ds, ws], [o]| {
            Ok(d.percentile_slice(ds, ws, o)?)
        })
    })
}

// ---------------------------------------------------------------------------- actions

/// [`reel_weighted_scores_sum`] for `rows` items: `predictions` is row-major
/// `rows × actions`, `weights` has `actions` entries, `out` receives `rows` scores.
/// `actions = 0` gives `REEL_STATUS_EMPTY_INPUT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_weighted_scores_sum_rows(
    predictions: *const f64,
    rows: usize,
    weights: *const f64,
    actions: usize,
    out: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let cells = cells(rows, actions)?;
        let (p, w, o) = (
            slice(predictions, cells, "predictions")?,
            slice(weights, actions, "weights")?,
            slice_mut(out, rows, "out")?,
        );
        Ok(engage::weighted_scores_sum_rows(p, w, o)?)
    })
}

/// Writes the `REEL_X_RECAP_ACTIONS` (10) weights of the X recap preset (twitter/the-algorithm-ml
/// `projects/home/recap/README.md`, 2023-04-05) to `out`, in the order of
/// [`reel_x_recap_action_name`]. `len` below 10 gives `REEL_STATUS_BUFFER_TOO_SHORT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_x_recap_weights(out: *mut f64, len: usize) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let o = slice_mut(out, len, "out")?;
        let w = &engage::X_RECAP_WEIGHTS;
        if o.len() < w.len() {
            return Err(reel_status::REEL_STATUS_BUFFER_TOO_SHORT);
        }
        o[..w.len()].copy_from_slice(w);
        Ok(())
    })
}

/// The name of action `index` of the X recap preset (`"fav"`, `"retweet"`, …) as a static
/// NUL-terminated string, or NULL for `index ≥ REEL_X_RECAP_ACTIONS`.
#[unsafe(no_mangle)]
pub extern "C" fn reel_x_recap_action_name(index: usize) -> *const c_char {
    const NAMES: [&core::ffi::CStr; engage::X_RECAP_ACTIONS] = [
        c"fav",
        c"retweet",
        c"reply",
        c"good_profile_click",
        c"video_playback50",
        c"reply_engaged_by_author",
        c"good_click",
        c"good_click_v2",
        c"negative_feedback_v2",
        c"report",
    ];
    NAMES.get(index).map_or(core::ptr::null(), |s| s.as_ptr())
}

// --------------------------------------------------------------------------- pairwise

/// A Glicko-2 rating on the Glicko scale (new players: 1500, 350, 0.06).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReelGlicko2Rating {
    /// Rating `r`.
    pub rating: f64,
    /// Rating deviation `RD` (> 0).
    pub rd: f64,
    /// Volatility `σ` (> 0).
    pub volatility: f64,
}

/// Glicko-2 rating-period update (Glickman, steps 2–8, Illinois volatility iteration) of
/// `player` after `games` games against `(opponent_ratings[j], opponent_rds[j])` with
/// `scores[j]` (1 win, 0.5 draw, 0 loss) and system constant `tau`. With `games = 0` only
/// the deviation grows (the pointers must still be non-NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_glicko2_update(
    player: *const ReelGlicko2Rating,
    opponent_ratings: *const f64,
    opponent_rds: *const f64,
    scores: *const f64,
    games: usize,
    tau: f64,
    out: *mut ReelGlicko2Rating,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let p = get(player, "player")?;
        let r = engage::glicko2_update(
            Glicko2Rating {
                rating: p.rating,
                rd: p.rd,
                volatility: p.volatility,
            },
            slice(opponent_ratings, games, "opponent_ratings")?,
            slice(opponent_rds, games, "opponent_rds")?,
            slice(scores, games, "scores")?,
            tau,
        )?;
        put(
            out,
            ReelGlicko2Rating {
                rating: r.rating,
                rd: r.rd,
                volatility: r.volatility,
            },
            "out",
        )
    })
}

/// Options of the Bradley–Terry fit (fill with [`reel_bradley_terry_default_options`]).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReelBradleyTerryOptions {
    /// Regulariser `α ≥ 0` (choix's `alpha`); 0 gives the maximum-likelihood estimate, which
    /// needs every item to have won and lost. `REEL_BT_DEFAULT_ALPHA` handles undefeated or
    /// winless items.
    pub alpha: f64,
    /// Stop when the mean absolute change of `θ` is at most this (> 0).
    pub tolerance: f64,
    /// Iteration cap; reaching it gives `REEL_STATUS_INVALID_STATE`.
    pub max_iterations: usize,
    /// Nonzero: start from the `θ` already in the output array instead of zeros.
    pub warm_start: u32,
}

impl From<&ReelBradleyTerryOptions> for BradleyTerryOptions {
    fn from(o: &ReelBradleyTerryOptions) -> Self {
        Self {
            alpha: o.alpha,
            tolerance: o.tolerance,
            max_iterations: o.max_iterations,
            warm_start: o.warm_start != 0,
        }
    }
}

/// Writes the default options: `alpha = 0` (MLE), tolerance `REEL_BT_DEFAULT_TOLERANCE`,
/// `REEL_BT_DEFAULT_MAX_ITERATIONS`, no warm start.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_bradley_terry_default_options(
    out: *mut ReelBradleyTerryOptions,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let d = BradleyTerryOptions::default();
        put(
            out,
            ReelBradleyTerryOptions {
                alpha: d.alpha,
                tolerance: d.tolerance,
                max_iterations: d.max_iterations,
                warm_start: u32::from(d.warm_start),
            },
            "out",
        )
    })
}

/// Doubles of scratch [`reel_bradley_terry_fit`] needs for `n` items (`3n`).
#[unsafe(no_mangle)]
pub extern "C" fn reel_bradley_terry_scratch_len(n: usize) -> usize {
    engage::bradley_terry_scratch_len(n)
}

/// Doubles of scratch [`reel_bradley_terry_bootstrap`] needs (`2n² + 4n + replicates·n`).
#[unsafe(no_mangle)]
pub extern "C" fn reel_bradley_terry_bootstrap_scratch_len(n: usize, replicates: usize) -> usize {
    engage::bradley_terry_bootstrap_scratch_len(n, replicates)
}

/// Counts `votes` pairwise votes into a win matrix: `wins[w·n + l] += 1` for each
/// `(winners[v], losers[v])`. `wins` (`n × n`) is added to, not cleared. An index `≥ n` or a
/// vote of an item against itself gives `REEL_STATUS_INVALID_VALUE` (the votes before it are
/// counted).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_bradley_terry_count_votes(
    n: usize,
    winners: *const usize,
    losers: *const usize,
    votes: usize,
    wins: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let (w, l) = (
            slice(winners, votes, "winners")?,
            slice(losers, votes, "losers")?,
        );
        let m = slice_mut(wins, cells(n, n)?, "wins")?;
        Ok(engage::bradley_terry_count_votes(n, w, l, m)?)
    })
}

/// Fits Bradley–Terry strengths `θ` (natural log, centred on 0) of `n` items to the win
/// matrix `wins` (row-major `n × n`, `wins[i·n + j]` = times `i` beat `j`) by Hunter's MM
/// iteration as `choix.mm_pairwise`; writes `n` values to `theta` and the iteration count to
/// `iterations`. `scratch` may be NULL (the library allocates; bare metal:
/// `REEL_STATUS_ALLOCATION_FAILED`) or hold
/// `scratch_len ≥ reel_bradley_terry_scratch_len(n)` doubles (no heap use).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_bradley_terry_fit(
    n: usize,
    wins: *const f64,
    options: *const ReelBradleyTerryOptions,
    scratch: *mut f64,
    scratch_len: usize,
    theta: *mut f64,
    iterations: *mut usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let w = slice(wins, cells(n, n)?, "wins")?;
        let o = BradleyTerryOptions::from(get(options, "options")?);
        if iterations.is_null() {
            return Err(null("iterations"));
        }
        let t = slice_mut(theta, n, "theta")?;
        let need = engage::bradley_terry_scratch_len(n);
        let it = with_scratch(scratch, scratch_len, need, |s| {
            engage::bradley_terry_fit(n, w, &o, s, t)
        })?;
        put(iterations, it, "iterations")
    })
}

/// Percentile bootstrap intervals of Bradley–Terry strengths: `replicates` resamples of all
/// votes (SplitMix64 seeded by `seed`, identical on every platform), each refitted with
/// `options` warm-started from `theta` (the fit of the full data), and the two-sided
/// `confidence` interval of each item's centred `θ` written to `lower` and `upper` (`n` each).
/// `wins` must hold whole numbers. `scratch` may be NULL (the library allocates; bare metal:
/// `REEL_STATUS_ALLOCATION_FAILED`) or hold
/// `reel_bradley_terry_bootstrap_scratch_len(n, replicates)` doubles.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_bradley_terry_bootstrap(
    n: usize,
    wins: *const f64,
    theta: *const f64,
    options: *const ReelBradleyTerryOptions,
    replicates: usize,
    seed: u64,
    confidence: f64,
    scratch: *mut f64,
    scratch_len: usize,
    lower: *mut f64,
    upper: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let w = slice(wins, cells(n, n)?, "wins")?;
        let t = slice(theta, n, "theta")?;
        let o = BradleyTerryOptions::from(get(options, "options")?);
        let (lo, hi) = (slice_mut(lower, n, "lower")?, slice_mut(upper, n, "upper")?);
        let need = engage::bradley_terry_bootstrap_scratch_len(n, replicates);
        with_scratch(scratch, scratch_len, need, |s| {
            engage::bradley_terry_bootstrap(n, w, t, &o, replicates, seed, confidence, s, lo, hi)
        })
    })
}

/// [`reel_bradley_terry_next_pair`] strategy: the pair whose outcome is least certain,
/// discounted by how often it was already shown.
pub const REEL_PAIR_MOST_UNCERTAIN: u32 = 0;
/// [`reel_bradley_terry_next_pair`] strategy: the current leader against its most uncertain
/// challenger (spends votes where they decide which take is best).
pub const REEL_PAIR_CHALLENGE_LEADER: u32 = 1;

/// Picks the next pair `(*i, *j)`, `i < j`, of the `n` items to show a person, from current
/// strengths `theta` and the win matrix `wins` (`n × n`). `strategy` is
/// `REEL_PAIR_MOST_UNCERTAIN` or `REEL_PAIR_CHALLENGE_LEADER`; other values give
/// `REEL_STATUS_INVALID_ENUM`. Fewer than 2 items give `REEL_STATUS_EMPTY_INPUT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_bradley_terry_next_pair(
    n: usize,
    theta: *const f64,
    wins: *const f64,
    strategy: u32,
    i: *mut usize,
    j: *mut usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let s = match strategy {
            REEL_PAIR_MOST_UNCERTAIN => PairStrategy::MostUncertain,
            REEL_PAIR_CHALLENGE_LEADER => PairStrategy::ChallengeLeader,
            _ => return Err(reel_status::REEL_STATUS_INVALID_ENUM),
        };
        if i.is_null() || j.is_null() {
            let name = if i.is_null() { "i" } else { "j" };
            return Err(null(name));
        }
        let (a, b) = engage::next_pair(
            slice(theta, n, "theta")?,
            slice(wins, cells(n, n)?, "wins")?,
            s,
        )?;
        put(i, a, "i")?;
        put(j, b, "j")
    })
}

/// Writes the first `len` outputs of SplitMix64 seeded with `seed` (the generator the
/// bootstrap uses) to `out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_splitmix64_fill(seed: u64, out: *mut u64, len: usize) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let mut g = SplitMix64::new(seed);
        for o in slice_mut(out, len, "out")? {
            *o = g.next_u64();
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------- ranking

/// Deterministic top-k: writes the indices of the `min(k, len)` best of `len` scores to
/// `out` (room for `k`), best first, and their number to `written`. Ties go to the smaller
/// `ids[i]` — `ids` is optional (NULL: the index) — then the smaller index. A NaN score gives
/// `REEL_STATUS_INVALID_VALUE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_top_k(
    scores: *const f64,
    ids: *const u64,
    len: usize,
    out: *mut usize,
    k: usize,
    written: *mut usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let s = slice(scores, len, "scores")?;
        let ids = if ids.is_null() {
            None
        } else {
            Some(slice(ids, len, "ids")?)
        };
        if written.is_null() {
            return Err(null("written"));
        }
        let n = engage::top_k(s, ids, slice_mut(out, k, "out")?)?;
        put(written, n, "written")
    })
}

/// Doubles of scratch [`reel_mmr`] needs for `n` candidates (`2n`).
#[unsafe(no_mangle)]
pub extern "C" fn reel_mmr_scratch_len(n: usize) -> usize {
    engage::mmr_scratch_len(n)
}

/// Maximal marginal relevance (Carbonell & Goldstein 1998, in LangChain's form): picks
/// `min(k, n)` of the `n` candidate embeddings (row-major `n × dims`) for the `dims`-long
/// `query` with trade-off `lambda ∈ [0, 1]` (1 = relevance only), writes their indices in
/// pick order to `out` and their number to `written`. `scratch` may be NULL (the library
/// allocates; bare metal: `REEL_STATUS_ALLOCATION_FAILED`) or hold `reel_mmr_scratch_len(n)`
/// doubles. `dims = 0` gives
/// `REEL_STATUS_EMPTY_INPUT`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_mmr(
    query: *const f64,
    dims: usize,
    embeddings: *const f64,
    n: usize,
    lambda: f64,
    scratch: *mut f64,
    scratch_len: usize,
    out: *mut usize,
    k: usize,
    written: *mut usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let cells = cells(n, dims)?;
        let (q, e) = (
            slice(query, dims, "query")?,
            slice(embeddings, cells, "embeddings")?,
        );
        let o = slice_mut(out, k, "out")?;
        if written.is_null() {
            return Err(null("written"));
        }
        let need = engage::mmr_scratch_len(n);
        let got = with_scratch(scratch, scratch_len, need, |s| {
            engage::mmr(q, e, lambda, s, o)
        })?;
        put(written, got, "written")
    })
}

/// Author-diversity multiplier of the `k`-th (0-based) item by the same author:
/// `(1 − floor)·decay^k + floor`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_author_diversity_multiplier(
    k: usize,
    decay: f64,
    floor: f64,
    out: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        put(
            out,
            engage::author_diversity_multiplier(k, decay, floor)?,
            "out",
        )
    })
}

/// Author-diversity multipliers of a list of `len` items already in rank order: `out[i]` uses
/// `k` = the number of earlier items by `authors[i]`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_author_diversity_multipliers(
    authors: *const u64,
    len: usize,
    decay: f64,
    floor: f64,
    out: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        Ok(engage::author_diversity_multipliers(
            slice(authors, len, "authors")?,
            decay,
            floor,
            slice_mut(out, len, "out")?,
        )?)
    })
}
