//! Arbitrary f64s (NaN, ±inf, subnormals, huge counts) into every engagement function:
//! each returns a finite result or an error, never panics and never a NaN.
#![no_main]

use libfuzzer_sys::fuzz_target;
use core_rs::engage::*;

fn finite(name: &str, r: Result<f64, core_rs::Error>) {
    if let Ok(v) = r {
        assert!(v.is_finite(), "{name}: non-finite result {v}");
    }
}

fuzz_target!(|data: &[u8]| {
    let v: Vec<f64> = data.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect();
    if v.len() < 4 {
        return;
    }
    let (a, b, c, d) = (v[0], v[1], v[2], v[3]);
    finite("wilson_lower_bound", wilson_lower_bound(a, b, c));
    if let Ok((lo, hi)) = wilson_interval(a, b, c) {
        assert!(lo.is_finite() && hi.is_finite() && lo <= hi);
    }
    finite("bayesian_average", bayesian_average(a, b, c, d));
    finite("additive_smoothing", additive_smoothing(a, b, c, d));
    finite("star_rating_sort", star_rating_sort(&v[..v.len().min(10)], a.abs().min(10.0)));
    finite("normal_ppf", normal_ppf(a));
    finite("normal_isf", normal_isf(a));
    finite("z_for_confidence", z_for_confidence(a));
    finite("completion_rate", completion_rate(a, b));
    finite("average_view_duration", average_view_duration(a, b));
    finite("fraction_viewed", fraction_viewed(a, b));
    finite("hook_retention", hook_retention(&v[1..], a));
    let half = v.len() / 2;
    finite("retention_curve_area", retention_curve_area(&v[..half], &v[half..2 * half]));
    finite("rewatch_ratio", rewatch_ratio(a, b));
    finite("weighted_action_sum", weighted_action_sum(&v[..half], &v[half..2 * half]));
    finite("weighted_scores_sum", weighted_scores_sum(&v[..half], &v[half..2 * half]));
    finite("half_life_decay", half_life_decay(a, b));
    finite("reddit_hot", reddit_hot(a, b, c));
    finite("reddit_confidence", reddit_confidence(a, b));
    finite("hacker_news_rank", hacker_news_rank(a, b, c, d));
    finite("elo_expected", elo_expected(a, b));
    if let Ok((x, y)) = elo_update(a, b, c, d) {
        assert!(x.is_finite() && y.is_finite());
    }
    finite("bradley_terry_win_probability", bradley_terry_win_probability(a, b));
    finite("author_diversity_multiplier", author_diversity_multiplier((a.abs() as usize) % 1000, b, c));
    let q = (v.len() - 1) / 3;
    if q > 0 {
        let r = glicko2_update(
            Glicko2Rating { rating: a, rd: b.abs(), volatility: c.abs() },
            &v[1..1 + q],
            &v[1 + q..1 + 2 * q],
            &v[1 + 2 * q..1 + 3 * q],
            d,
        );
        if let Ok(g) = r {
            assert!(g.rating.is_finite() && g.rd.is_finite() && g.volatility.is_finite());
        }
    }
    // Slice forms and Bradley–Terry on a small matrix taken from the input.
    let mut out = vec![0.0; half];
    if wilson_lower_bound_slice(&v[..half], &v[half..2 * half], a, &mut out).is_ok() {
        assert!(out.iter().all(|x| x.is_finite()));
    }
    let n = ((v.len() as f64).sqrt() as usize).clamp(2, 6);
    if v.len() >= n * n {
        let wins: Vec<f64> = v[..n * n].to_vec();
        let opts = BradleyTerryOptions { alpha: 0.01, ..BradleyTerryOptions::default() };
        let mut scratch = vec![0.0; bradley_terry_scratch_len(n)];
        let mut theta = vec![0.0; n];
        if bradley_terry_fit(n, &wins, &opts, &mut scratch, &mut theta).is_ok() {
            assert!(theta.iter().all(|x| x.is_finite()));
            let _ = next_pair(&theta, &wins, PairStrategy::MostUncertain);
        }
    }
    let mut order = vec![0usize; 3];
    if let Ok(k) = top_k(&v, None, &mut order) {
        assert!(k <= 3 && order[..k].iter().all(|&i| i < v.len()));
    }
});
