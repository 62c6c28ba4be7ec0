//! Arbitrary f64s (NaN, ±inf, subnormals, huge counts) into every engagement function, scalar
//! and slice: each returns a finite result or an error, never panics and never ±inf or NaN;
//! slice forms agree with their scalar forms; documented ranges hold.
#![no_main]

use core_rs::engage::*;
use libfuzzer_sys::fuzz_target;

fn finite(name: &str, r: Result<f64, core_rs::Error>) {
    if let Ok(v) = r {
        assert!(v.is_finite(), "{name}: non-finite result {v}");
    }
}

fn all_finite(name: &str, r: Result<(), core_rs::Error>, out: &[f64]) {
    if r.is_ok() {
        assert!(
            out.iter().all(|x| x.is_finite()),
            "{name}: non-finite output {out:?}"
        );
    }
}

/// The slice form must equal the scalar form element by element (same Ok/Err, same bits).
fn same_as_scalar(
    name: &str,
    r: Result<(), core_rs::Error>,
    out: &[f64],
    scalar: &[Result<f64, core_rs::Error>],
) {
    if scalar.is_empty() {
        return; // an empty slice still validates its shared parameters; nothing to compare
    }
    assert_eq!(
        r.is_ok(),
        scalar.iter().all(Result::is_ok),
        "{name}: slice and scalar disagree on Ok"
    );
    if r.is_ok() {
        for (o, s) in out.iter().zip(scalar) {
            assert_eq!(
                o.to_bits(),
                s.unwrap().to_bits(),
                "{name}: slice {o} vs scalar {s:?}"
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let v: Vec<f64> = data
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    if v.len() < 4 {
        return;
    }
    let (a, b, c, d) = (v[0], v[1], v[2], v[3]);
    let half = v.len() / 2;
    let (xs, ys) = (&v[..half], &v[half..2 * half]);
    let zs = &v[v.len() - half..];

    // ---- rates
    finite("wilson_lower_bound", wilson_lower_bound(a, b, c));
    if let Ok((lo, hi)) = wilson_interval(a, b, c) {
        assert!(lo.is_finite() && hi.is_finite(), "wilson ({lo}, {hi})");
        let p = if b > 0.0 { a / b } else { 0.0 };
        assert!(
            0.0 <= lo && lo <= hi && hi <= 1.0,
            "wilson ({lo}, {hi}) for {a}/{b} z={c}"
        );
        if b > 0.0 {
            assert!(lo <= p && p <= hi, "wilson ({lo}, {hi}) misses p̂ {p}");
        }
        assert_eq!(wilson_lower_bound(a, b, c).unwrap().to_bits(), lo.to_bits());
    }
    let mut out = vec![0.0; half];
    let r = wilson_lower_bound_slice(xs, ys, a, &mut out);
    let scalar: Vec<_> = xs
        .iter()
        .zip(ys)
        .map(|(&s, &n)| wilson_lower_bound(s, n, a))
        .collect();
    same_as_scalar("wilson_lower_bound_slice", r, &out, &scalar);
    finite("bayesian_average", bayesian_average(a, b, c, d));
    let r = bayesian_average_slice(xs, ys, c, d, &mut out);
    let scalar: Vec<_> = xs
        .iter()
        .zip(ys)
        .map(|(&m, &n)| bayesian_average(m, n, c, d))
        .collect();
    same_as_scalar("bayesian_average_slice", r, &out, &scalar);
    finite("additive_smoothing", additive_smoothing(a, b, c, d));
    if let Ok(x) = additive_smoothing(a, b, c, d) {
        assert!((0.0..=1.0).contains(&x), "additive smoothing {x}");
    }
    finite(
        "star_rating_sort",
        star_rating_sort(&v[..v.len().min(10)], a.abs().min(10.0)),
    );
    finite(
        "star_rating_sort z",
        star_rating_sort(&v[1..v.len().min(8)], a),
    );

    // ---- normal
    finite("normal_ppf", normal_ppf(a));
    finite("normal_isf", normal_isf(a));
    finite("z_for_confidence", z_for_confidence(a));

    // ---- watch
    finite("completion_rate", completion_rate(a, b));
    finite("average_view_duration", average_view_duration(a, b));
    finite("fraction_viewed", fraction_viewed(a, b));
    finite("hook_retention", hook_retention(&v[1..], a));
    finite("retention_curve_area", retention_curve_area(xs, ys));
    finite("rewatch_ratio", rewatch_ratio(a, b));
    if let Ok(mut dist) = WatchTimeDistribution::<2, 8>::new(&[a.abs(), a.abs() + b.abs()]) {
        for pair in v[2..].chunks_exact(2) {
            let _ = dist.add(pair[0], pair[1]);
        }
        if let Ok(p) = dist.percentile(c, d) {
            assert!((0.0..=1.0).contains(&p), "percentile {p}");
        }
    }

    // ---- actions
    finite("weighted_action_sum", weighted_action_sum(xs, ys));
    finite("weighted_scores_sum", weighted_scores_sum(xs, ys));
    let weights = &ys[..ys.len().min(3)];
    if !weights.is_empty() {
        let rows = zs.len() / weights.len();
        let preds = &zs[..rows * weights.len()];
        let mut out = vec![0.0; rows];
        let r = weighted_scores_sum_rows(preds, weights, &mut out);
        let scalar: Vec<_> = preds
            .chunks_exact(weights.len())
            .map(|row| weighted_scores_sum(row, weights))
            .collect();
        same_as_scalar("weighted_scores_sum_rows", r, &out, &scalar);
    }

    // ---- decay
    finite("half_life_decay", half_life_decay(a, b));
    let r = half_life_decay_slice(xs, ys, c, &mut out);
    all_finite("half_life_decay_slice", r, &out);
    finite("reddit_hot", reddit_hot(a, b, c));
    let r = reddit_hot_slice(xs, ys, zs, &mut out);
    let scalar: Vec<_> = xs
        .iter()
        .zip(ys)
        .zip(zs)
        .map(|((&u, &w), &t)| reddit_hot(u, w, t))
        .collect();
    same_as_scalar("reddit_hot_slice", r, &out, &scalar);
    finite("reddit_confidence", reddit_confidence(a, b));
    finite("hacker_news_rank", hacker_news_rank(a, b, c, d));
    let r = hacker_news_rank_slice(xs, ys, c, &mut out);
    let scalar: Vec<_> = xs
        .iter()
        .zip(ys)
        .map(|(&p, &t)| hacker_news_rank(p, t, c, 1.0))
        .collect();
    same_as_scalar("hacker_news_rank_slice", r, &out, &scalar);
    let mut series = vec![0.0; v.len() - 1];
    all_finite("ewma_slice", ewma_slice(&v[1..], a, &mut series), &series);
    all_finite(
        "trending_z_slice",
        trending_z_slice(&v[1..], a, &mut series),
        &series,
    );
    if let Ok(mut t) = TrendingZ::new(a) {
        for &x in &v[1..] {
            let before = t;
            match t.update(x) {
                Ok(z) => assert!(z.is_finite()),
                Err(_) => assert_eq!(before, t, "state changed on error"),
            }
            assert!(
                t.mean().is_none_or(f64::is_finite)
                    && t.variance().is_none_or(|s| s.is_finite() && s >= 0.0)
            );
        }
    }

    // ---- pairwise
    finite("elo_expected", elo_expected(a, b));
    if let Ok((x, y)) = elo_update(a, b, c, d) {
        assert!(x.is_finite() && y.is_finite());
    }
    finite(
        "bradley_terry_win_probability",
        bradley_terry_win_probability(a, b),
    );
    let mut ratings = vec![0.0; v.len()];
    all_finite("arena_ratings", arena_ratings(&v, &mut ratings), &ratings);
    let q = (v.len() - 1) / 3;
    for m in [0, q] {
        let r = glicko2_update(
            Glicko2Rating {
                rating: a,
                rd: b.abs(),
                volatility: c.abs(),
            },
            &v[1..1 + m],
            &v[1 + q..1 + q + m],
            &v[1 + 2 * q..1 + 2 * q + m],
            d,
        );
        if let Ok(g) = r {
            assert!(
                g.rating.is_finite() && g.rd.is_finite() && g.volatility.is_finite(),
                "{g:?}"
            );
        }
    }
    let n = ((v.len() as f64).sqrt() as usize).clamp(2, 6);
    if v.len() >= n * n {
        let wins: Vec<f64> = v[..n * n].to_vec();
        let opts = BradleyTerryOptions {
            alpha: 0.01,
            max_iterations: 2000,
            ..BradleyTerryOptions::default()
        };
        let mut scratch = vec![0.0; bradley_terry_scratch_len(n)];
        let mut theta = vec![0.0; n];
        if bradley_terry_fit(n, &wins, &opts, &mut scratch, &mut theta).is_ok() {
            assert!(theta.iter().all(|x| x.is_finite()));
            let _ = next_pair(&theta, &wins, PairStrategy::MostUncertain);
            let _ = next_pair(&theta, &wins, PairStrategy::ChallengeLeader);
            // Bootstrap only on small whole vote counts (it draws one sample per vote).
            if wins
                .iter()
                .all(|&w| w.fract() == 0.0 && (0.0..50.0).contains(&w))
            {
                let reps = 1 + (a.to_bits() % 4) as usize;
                let mut scratch = vec![0.0; bradley_terry_bootstrap_scratch_len(n, reps)];
                let (mut lo, mut hi) = (vec![0.0; n], vec![0.0; n]);
                if bradley_terry_bootstrap(
                    n,
                    &wins,
                    &theta,
                    &opts,
                    reps,
                    7,
                    0.9,
                    &mut scratch,
                    &mut lo,
                    &mut hi,
                )
                .is_ok()
                {
                    assert!(
                        lo.iter()
                            .zip(&hi)
                            .all(|(l, h)| l.is_finite() && h.is_finite() && l <= h)
                    );
                }
            }
        }
    }
    // Absurd sizes saturate instead of wrapping.
    let huge = a.to_bits() as usize;
    let _ = (
        bradley_terry_scratch_len(huge),
        bradley_terry_bootstrap_scratch_len(huge, b.to_bits() as usize),
        mmr_scratch_len(huge),
    );

    // ---- ranking
    let mut order = vec![0usize; 3];
    if let Ok(k) = top_k(&v, None, &mut order) {
        assert!(k <= 3 && order[..k].iter().all(|&i| i < v.len()));
    }
    let dims = 1 + (d.to_bits() % 3) as usize;
    if v.len() > dims {
        let emb = &v[dims..dims + (v.len() - dims) / dims * dims];
        let cands = emb.len() / dims;
        let mut scratch = vec![0.0; mmr_scratch_len(cands)];
        let mut picks = vec![0usize; 4];
        if let Ok(k) = mmr(&v[..dims], emb, b, &mut scratch, &mut picks) {
            assert!(k <= 4.min(cands) && picks[..k].iter().all(|&i| i < cands));
        }
    }
    finite(
        "author_diversity_multiplier",
        author_diversity_multiplier((a.abs() as usize) % 1000, b, c),
    );
    let authors: Vec<u64> = v.iter().map(|x| x.to_bits() % 3).collect();
    let mut mult = vec![0.0; v.len()];
    all_finite(
        "author_diversity_multipliers",
        author_diversity_multipliers(&authors, b, c, &mut mult),
        &mult,
    );
});
