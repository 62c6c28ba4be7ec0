//! Regression tests from fuzzing the engagement functions with extreme finite inputs
//! (`fuzz/fuzz_targets/engage_values.rs`): each case once returned ±∞, NaN or a silently wrong
//! finite number, or panicked. Now every call gives a finite, correctly limited answer or an
//! `Error::InvalidValue` naming the overflowing computation.

use reelscore::Error;
use reelscore::engage::*;

const MAX: f64 = f64::MAX;
const TINY: f64 = 5e-324; // smallest subnormal

fn overflow_name<T: core::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    match r {
        Err(Error::InvalidValue { name, .. }) => name,
        other => panic!("expected InvalidValue, got {other:?}"),
    }
}

#[test]
fn star_rating_sort_huge_counts() {
    // Σ counts overflows: was ±inf / NaN.
    assert_eq!(
        overflow_name(star_rating_sort(&[MAX, MAX, 1.0], 1.65)),
        "counts total (overflow)"
    );
    // The weighted sums overflow but the total does not: a finite score in [1, K].
    let s = star_rating_sort(&[1e308, 1e307, 0.0, 0.0, 0.0], 1.65).unwrap();
    assert!((1.0..=5.0).contains(&s), "{s}");
    assert!(s > 4.5, "mostly 5-star ratings: {s}");
    // A z whose square overflows: was -inf.
    assert_eq!(overflow_name(star_rating_sort(&[1.0, 2.0], 1e155)), "z");
    // Published value unchanged.
    assert_eq!(
        star_rating_sort(&[60.0, 80.0, 75.0, 20.0, 25.0], 1.65).unwrap(),
        3.3684307456209077
    );
}

#[test]
fn wilson_extreme_counts_and_z() {
    // n(n + z²) overflowed: (0, 0) for a 100% rate.
    let (lo, hi) = wilson_interval(1e300, 1e300, Z_95).unwrap();
    assert!(lo > 0.999_999 && hi == 1.0, "({lo}, {hi})");
    let (lo, hi) = wilson_interval(MAX / 2.0, MAX, Z_95).unwrap();
    assert!(
        (lo - 0.5).abs() < 1e-12 && (hi - 0.5).abs() < 1e-12,
        "({lo}, {hi})"
    );
    // Subnormal totals: n(n + z²) underflowed, NaN came out.
    let (lo, hi) = wilson_interval(0.0, TINY, Z_95).unwrap();
    assert!(lo == 0.0 && (0.0..=1.0).contains(&hi), "({lo}, {hi})");
    let (lo, hi) = wilson_interval(TINY, TINY, Z_95).unwrap();
    assert!(lo <= 1.0 && hi == 1.0 && lo <= hi);
    // z² overflows: refused up front.
    assert_eq!(overflow_name(wilson_interval(1.0, 2.0, 1e200)), "z");
    // s + z²/2 and n + z² overflow: an error, not a clamped guess.
    assert_eq!(
        overflow_name(wilson_interval(MAX, MAX, 1.3e154)),
        "wilson interval (overflow)"
    );
    assert_eq!(
        overflow_name(wilson_interval(0.0, MAX, 1.3e154)),
        "wilson interval (overflow)"
    );
    // The slice form refuses the same row, and equals the scalar form bit for bit elsewhere.
    let mut out = [0.0; 3];
    assert_eq!(
        overflow_name(wilson_lower_bound_slice(
            &[1.0, MAX, 0.0],
            &[2.0, MAX, 0.0],
            1.3e154,
            &mut out
        )),
        "wilson interval (overflow)"
    );
    let (s, n) = ([1e300, 0.0, TINY, 3.0], [1e300, TINY, TINY, 7.0]);
    let mut out = [0.0; 4];
    wilson_lower_bound_slice(&s, &n, Z_95, &mut out).unwrap();
    for i in 0..4 {
        let want = wilson_lower_bound(s[i], n[i], Z_95).unwrap();
        assert_eq!(out[i].to_bits(), want.to_bits());
    }
}

#[test]
fn wilson_stays_inside_zero_phat_one() {
    // lo ≤ p̂ ≤ hi also where rounding used to nudge a bound past p̂ (z = 0 and tiny z).
    for &(s, n) in &[
        (1.0, 3.0),
        (2.0, 7.0),
        (1e-300, 3e-300),
        (5.0, 5.0),
        (0.0, 9.0),
    ] {
        for &z in &[0.0, 1e-300, 1e-8, Z_95, 40.0, 1e150] {
            let (lo, hi) = wilson_interval(s, n, z).unwrap();
            let p = s / n;
            assert!(
                0.0 <= lo && lo <= p && p <= hi && hi <= 1.0,
                "{s}/{n} z={z}: ({lo}, {hi})"
            );
        }
    }
}

#[test]
fn bayesian_average_weights_overflow() {
    // v + m overflowed to inf and both weights became 0: the result was 0.
    assert_eq!(bayesian_average(1.0, MAX, MAX, 3.0).unwrap(), 2.0);
    let mut out = [0.0; 2];
    bayesian_average_slice(&[1.0, 5.0], &[MAX, 0.0], MAX, 3.0, &mut out).unwrap();
    assert_eq!(out, [2.0, 3.0]);
    assert_eq!(bayesian_average(MAX, 1.0, 1.0, MAX).unwrap(), MAX);
}

#[test]
fn additive_smoothing_overflow_is_an_error() {
    // (count + α)/(total + α·K) was inf/inf = NaN.
    assert_eq!(
        overflow_name(additive_smoothing(MAX, MAX, MAX, 2.0)),
        "additive smoothing (overflow)"
    );
    assert_eq!(
        overflow_name(additive_smoothing(1.0, 2.0, 1e300, 1e300)),
        "additive smoothing (overflow)"
    );
}

#[test]
fn retention_area_span_overflow() {
    // The span t[last] − t[0] overflowed and divided a finite area down to 0.
    assert_eq!(
        overflow_name(retention_curve_area(
            &[-MAX, 0.0, MAX],
            &[1e-300, 1e-300, 1e-300]
        )),
        "times span (overflow)"
    );
    // Huge retention values no longer overflow r0 + r1 on the way.
    let a = retention_curve_area(&[0.0, 1.0], &[MAX, MAX]).unwrap();
    assert_eq!(a, MAX);
}

#[test]
fn watch_distribution_subnormal_edge() {
    // edge / BINS underflowed to 0 and 0/0 gave a NaN percentile.
    let mut d = WatchTimeDistribution::<1, 4>::new(&[TINY]).unwrap();
    d.add(0.0, 0.0).unwrap();
    d.add(0.0, 1.0).unwrap();
    for w in [0.0, TINY, 1.0, MAX] {
        let p = d.percentile(0.0, w).unwrap();
        assert!((0.0..=1.0).contains(&p), "{w}: {p}");
    }
}

#[test]
fn weighted_sums_overflow() {
    // Σ p·w overflowed: Ok(inf).
    assert_eq!(
        overflow_name(weighted_action_sum(&[1.0, 1.0], &[MAX, MAX])),
        "weighted sum (overflow)"
    );
    assert_eq!(
        overflow_name(weighted_scores_sum(&[0.0, 1.0], &[MAX, -MAX])),
        "weight sums (overflow)"
    );
    let mut out = [0.0; 1];
    assert_eq!(
        overflow_name(weighted_scores_sum_rows(&[1.0, 1.0], &[MAX, MAX], &mut out)),
        "weight sums (overflow)"
    );
}

#[test]
fn ewma_opposite_extremes() {
    // x − m overflowed: the average became +inf.
    let mut out = [0.0; 3];
    ewma_slice(&[-MAX, MAX, MAX], 0.5, &mut out).unwrap();
    assert_eq!(out[0], -MAX);
    assert_eq!(out[1], 0.0);
    assert!(out[2].is_finite() && out[2] > 0.0);
}

#[test]
fn trending_z_overflow_refused_state_kept() {
    // The squared deviation overflowed: variance +inf (exported by reel_ewm_variance_array).
    let mut t = TrendingZ::new(0.5).unwrap();
    t.update(0.0).unwrap();
    let before = t;
    assert_eq!(overflow_name(t.update(1e200)), "trending z (overflow)");
    assert_eq!(t, before, "state unchanged on error");
    // A subnormal variance made the score itself overflow: Ok(inf).
    let mut t = TrendingZ::new(0.5).unwrap();
    t.update(0.0).unwrap();
    t.update(1e-160).unwrap();
    assert!(t.variance().unwrap() < 1e-300);
    assert_eq!(overflow_name(t.update(1e150)), "trending z (overflow)");
    let mut out = [0.0; 3];
    assert!(trending_z_slice(&[0.0, 1e200, 0.0], 0.5, &mut out).is_err());
}

#[test]
fn elo_glicko_arena_overflow() {
    assert_eq!(
        overflow_name(elo_update(MAX, MAX, 1.0, MAX)),
        "elo rating (overflow)"
    );
    // No games: RD' = 173.7·sqrt(φ² + σ²) overflowed.
    let p = Glicko2Rating {
        rating: 1500.0,
        rd: 1e300,
        volatility: 0.06,
    };
    assert_eq!(
        overflow_name(glicko2_update(p, &[], &[], &[], 0.5)),
        "glicko-2 RD (overflow)"
    );
    let mut out = [0.0; 2];
    assert_eq!(
        overflow_name(arena_ratings(&[0.0, 1e307], &mut out)),
        "arena rating (overflow)"
    );
}

#[test]
fn scratch_lengths_saturate_instead_of_panicking() {
    // 2n² + 4n + replicates·n overflowed: a panic in debug builds, a wrapped (too small)
    // length and an out-of-bounds index in release.
    assert_eq!(
        bradley_terry_bootstrap_scratch_len(2, usize::MAX / 2),
        usize::MAX
    );
    assert_eq!(bradley_terry_scratch_len(usize::MAX), usize::MAX);
    assert_eq!(mmr_scratch_len(usize::MAX), usize::MAX);
    let wins = [0.0, 1.0, 1.0, 0.0];
    let mut scratch = [0.0; 64];
    let (mut lo, mut hi) = ([0.0; 2], [0.0; 2]);
    let r = bradley_terry_bootstrap(
        2,
        &wins,
        &[0.0, 0.0],
        &BradleyTerryOptions {
            alpha: BT_DEFAULT_ALPHA,
            ..BradleyTerryOptions::default()
        },
        usize::MAX / 2,
        1,
        0.9,
        &mut scratch,
        &mut lo,
        &mut hi,
    );
    assert!(matches!(r, Err(Error::LengthMismatch { .. })), "{r:?}");
}

#[test]
fn hacker_news_slice_matches_scalar_at_extremes() {
    let pts = [-MAX, MAX, 0.0, 1.0, TINY];
    let ages = [0.0, MAX, TINY, 1e300, 60.0];
    let mut out = [0.0; 5];
    hacker_news_rank_slice(&pts, &ages, HN_GRAVITY, &mut out).unwrap();
    for i in 0..5 {
        let want = hacker_news_rank(pts[i], ages[i], HN_GRAVITY, 1.0).unwrap();
        assert_eq!(out[i].to_bits(), want.to_bits());
        assert!(out[i].is_finite());
    }
}
