//! Checks the engagement core against the shared vectors `tests/vectors/engagement.json`
//! (expected values from independent oracles, written by `tests/gen_engagement_vectors.py`),
//! plus property tests and bad-input tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests: failures abort the test
#![allow(missing_docs)] // test binary

use proptest::prelude::*;
use reelscore::Error;
use reelscore::engage::*;
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/engagement.json"
    );
    let text = std::fs::read_to_string(path).expect("read engagement.json");
    serde_json::from_str(&text).expect("parse engagement.json")
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn fs(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

fn close(what: &str, got: f64, want: f64, tol: &Value) {
    let abs = f(&tol["abs"]);
    let rel = f(&tol["rel"]);
    assert!(
        got.is_finite() && (got - want).abs() <= abs + rel * want.abs(),
        "{what}: got {got:?}, want {want:?} (abs {abs}, rel {rel}, diff {})",
        (got - want).abs()
    );
}

#[test]
fn generator_hash_is_recorded() {
    let v = vectors();
    let h = v["generator_sha256"].as_str().unwrap();
    assert_eq!(h.len(), 64);
    assert_eq!(v["generator"], "tests/gen_engagement_vectors.py");
}

#[test]
fn normal_vectors() {
    let v = &vectors()["normal"];
    let tol = &v["tolerance"];
    for c in v["isf"].as_array().unwrap() {
        close(
            &format!("isf {c}"),
            normal_isf(f(&c["q"])).unwrap(),
            f(&c["z"]),
            tol,
        );
    }
    for c in v["two_sided"].as_array().unwrap() {
        close(
            &format!("z {c}"),
            z_for_confidence(f(&c["confidence"])).unwrap(),
            f(&c["z"]),
            tol,
        );
    }
    assert!((z_for_confidence(0.95).unwrap() - Z_95).abs() <= 4.0 * f64::EPSILON);
}

#[test]
fn wilson_vectors() {
    let v = &vectors()["wilson"];
    let tol = &v["tolerance"];
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() > 200);
    let (mut s, mut n, mut want) = (vec![], vec![], vec![]);
    let z95 = f(&cases[cases.len() - 1]["z"]);
    for c in cases {
        let (sc, nc, z) = (f(&c["successes"]), f(&c["totals"]), f(&c["z"]));
        let (lo, hi) = wilson_interval(sc, nc, z).unwrap();
        close(&format!("wilson lower {c}"), lo, f(&c["lower"]), tol);
        close(&format!("wilson upper {c}"), hi, f(&c["upper"]), tol);
        assert_eq!(wilson_lower_bound(sc, nc, z).unwrap(), lo);
        if z == z95 {
            s.push(sc);
            n.push(nc);
            want.push(f(&c["lower"]));
        }
    }
    let mut out = vec![0.0; s.len()];
    wilson_lower_bound_slice(&s, &n, z95, &mut out).unwrap();
    for (i, (&got, &w)) in out.iter().zip(&want).enumerate() {
        close(&format!("wilson slice {i}"), got, w, tol);
        assert_eq!(got, wilson_lower_bound(s[i], n[i], z95).unwrap());
    }
    let zt = &v["zero_total"];
    assert_eq!(
        wilson_lower_bound(0.0, 0.0, f(&zt["z"])).unwrap(),
        f(&zt["lower"])
    );
}

#[test]
fn rate_vectors() {
    let all = vectors();
    let v = &all["bayesian_average"];
    for c in v["cases"].as_array().unwrap() {
        let got = bayesian_average(
            f(&c["mean"]),
            f(&c["votes"]),
            f(&c["prior_weight"]),
            f(&c["prior_mean"]),
        )
        .unwrap();
        close(
            &format!("bayes {c}"),
            got,
            f(&c["expected"]),
            &v["tolerance"],
        );
        let mut out = [0.0];
        bayesian_average_slice(
            &[f(&c["mean"])],
            &[f(&c["votes"])],
            f(&c["prior_weight"]),
            f(&c["prior_mean"]),
            &mut out,
        )
        .unwrap();
        assert_eq!(out[0], got);
    }
    let v = &all["additive_smoothing"];
    for c in v["cases"].as_array().unwrap() {
        let got = additive_smoothing(
            f(&c["count"]),
            f(&c["total"]),
            f(&c["alpha"]),
            f(&c["categories"]),
        )
        .unwrap();
        close(
            &format!("additive {c}"),
            got,
            f(&c["expected"]),
            &v["tolerance"],
        );
    }
    let v = &all["star_rating"];
    for c in v["cases"].as_array().unwrap() {
        let got = star_rating_sort(&fs(&c["counts_high_to_low"]), f(&c["z"])).unwrap();
        close(
            &format!("star {c}"),
            got,
            f(&c["expected"]),
            &v["tolerance"],
        );
    }
    assert_eq!(
        star_rating_sort(&[60.0, 80.0, 75.0, 20.0, 25.0], 1.65).unwrap(),
        3.3684307456209077
    );
}

#[test]
fn watch_vectors() {
    let v = &vectors()["watch"];
    let tol = &v["tolerance"];
    for c in v["hook_retention"].as_array().unwrap() {
        let got = hook_retention(&fs(&c["watch_times"]), f(&c["t"])).unwrap();
        close("hook", got, f(&c["expected"]), tol);
    }
    for c in v["retention_area"].as_array().unwrap() {
        let got = retention_curve_area(&fs(&c["times"]), &fs(&c["retention"])).unwrap();
        close("area", got, f(&c["expected"]), tol);
    }
    for c in v["completion_rate"].as_array().unwrap() {
        close(
            "completion",
            completion_rate(f(&c["completions"]), f(&c["views"])).unwrap(),
            f(&c["expected"]),
            tol,
        );
    }
    for c in v["average_view_duration"].as_array().unwrap() {
        let avd = average_view_duration(f(&c["total_watch_seconds"]), f(&c["views"])).unwrap();
        close("avd", avd, f(&c["avd"]), tol);
        close(
            "fraction",
            fraction_viewed(avd, f(&c["duration_seconds"])).unwrap(),
            f(&c["fraction_viewed"]),
            tol,
        );
    }
    for c in v["rewatch_ratio"].as_array().unwrap() {
        close(
            "rewatch",
            rewatch_ratio(f(&c["views"]), f(&c["unique_viewers"])).unwrap(),
            f(&c["expected"]),
            tol,
        );
    }
}

#[test]
fn action_vectors() {
    let v = &vectors()["actions"];
    assert_eq!(fs(&v["x_preset_weights"]), X_RECAP_WEIGHTS.to_vec());
    let names: Vec<&str> = v["x_preset_names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(names, X_RECAP_ACTION_NAMES.to_vec());
    let mut rows = vec![];
    let mut wants = vec![];
    for c in v["cases"].as_array().unwrap() {
        let p = fs(&c["predictions"]);
        let w = fs(&c["weights"]);
        let got = weighted_scores_sum(&p, &w).unwrap();
        close(
            &format!("actions {c}"),
            got,
            f(&c["expected"]),
            &v["tolerance"],
        );
        if w.len() == X_RECAP_ACTIONS {
            rows.extend(p);
            wants.push(got);
        }
    }
    let mut out = vec![0.0; wants.len()];
    weighted_scores_sum_rows(&rows, &X_RECAP_WEIGHTS, &mut out).unwrap();
    assert_eq!(out, wants);
    let first = &v["cases"][0];
    close(
        "x preset 0.7616",
        weighted_scores_sum(&fs(&first["predictions"]), &X_RECAP_WEIGHTS).unwrap(),
        0.7616,
        &serde_json::json!({"abs": 1e-12, "rel": 0.0}),
    );
}

#[test]
fn decay_vectors() {
    let v = &vectors()["decay"];
    let t = &v["hot"];
    let (mut u, mut d, mut dt, mut want) = (vec![], vec![], vec![], vec![]);
    for c in t["cases"].as_array().unwrap() {
        let got = reddit_hot(f(&c["ups"]), f(&c["downs"]), f(&c["date"])).unwrap();
        close(&format!("hot {c}"), got, f(&c["expected"]), &t["tolerance"]);
        u.push(f(&c["ups"]));
        d.push(f(&c["downs"]));
        dt.push(f(&c["date"]));
        want.push(got);
    }
    let mut out = vec![0.0; u.len()];
    reddit_hot_slice(&u, &d, &dt, &mut out).unwrap();
    assert_eq!(out, want);
    let t = &v["confidence"];
    for c in t["cases"].as_array().unwrap() {
        let got = reddit_confidence(f(&c["ups"]), f(&c["downs"])).unwrap();
        close(
            &format!("confidence {c}"),
            got,
            f(&c["expected"]),
            &t["tolerance"],
        );
    }
    let t = &v["hacker_news"];
    for c in t["cases"].as_array().unwrap() {
        let got = hacker_news_rank(
            f(&c["points"]),
            f(&c["age_minutes"]),
            f(&c["gravity"]),
            f(&c["penalty"]),
        )
        .unwrap();
        close(&format!("hn {c}"), got, f(&c["expected"]), &t["tolerance"]);
        let mut out = [0.0];
        hacker_news_rank_slice(
            &[f(&c["points"])],
            &[f(&c["age_minutes"])],
            f(&c["gravity"]),
            &mut out,
        )
        .unwrap();
        close(
            "hn slice",
            out[0] * f(&c["penalty"]),
            f(&c["expected"]),
            &t["tolerance"],
        );
    }
    let t = &v["ewm"];
    for c in t["cases"].as_array().unwrap() {
        let xs = fs(&c["series"]);
        let alpha = f(&c["alpha"]);
        let mut out = vec![0.0; xs.len()];
        ewma_slice(&xs, alpha, &mut out).unwrap();
        for (g, w) in out.iter().zip(fs(&c["ewma"])) {
            close("ewma", *g, w, &t["tolerance"]);
        }
        trending_z_slice(&xs, alpha, &mut out).unwrap();
        for (g, w) in out.iter().zip(fs(&c["trending_z"])) {
            close("trending z", *g, w, &t["tolerance"]);
        }
        let mut tz = TrendingZ::new(alpha).unwrap();
        for (x, w) in xs.iter().zip(fs(&c["ewvar"])) {
            tz.update(*x).unwrap();
            close("ewvar", tz.variance().unwrap(), w, &t["tolerance"]);
        }
    }
    let t = &v["half_life"];
    for c in t["cases"].as_array().unwrap() {
        close(
            "half-life",
            half_life_decay(f(&c["age"]), f(&c["half_life"])).unwrap(),
            f(&c["expected"]),
            &t["tolerance"],
        );
    }
}

#[test]
fn elo_and_glicko_vectors() {
    let v = &vectors()["pairwise"];
    let t = &v["elo"];
    for c in t["cases"].as_array().unwrap() {
        let (a, b) = elo_update(f(&c["ra"]), f(&c["rb"]), f(&c["score_a"]), f(&c["k"])).unwrap();
        close("elo a", a, f(&c["expected_a"]), &t["tolerance"]);
        close("elo b", b, f(&c["expected_b"]), &t["tolerance"]);
    }
    assert_eq!(
        elo_update(1500.0, 1700.0, 1.0, 32.0).unwrap().0,
        1524.3119016527346
    );
    let t = &v["glicko2"];
    for c in t["cases"].as_array().unwrap() {
        let p = Glicko2Rating {
            rating: f(&c["rating"]),
            rd: f(&c["rd"]),
            volatility: f(&c["volatility"]),
        };
        let opps = c["opponents"].as_array().unwrap();
        let r: Vec<f64> = opps.iter().map(|o| f(&o[0])).collect();
        let rd: Vec<f64> = opps.iter().map(|o| f(&o[1])).collect();
        let s: Vec<f64> = opps.iter().map(|o| f(&o[2])).collect();
        let got = glicko2_update(p, &r, &rd, &s, f(&c["tau"])).unwrap();
        let want = fs(&c["expected"]);
        close(
            &format!("glicko r {c}"),
            got.rating,
            want[0],
            &t["tolerance"],
        );
        close(&format!("glicko rd {c}"), got.rd, want[1], &t["tolerance"]);
        close(
            &format!("glicko sigma {c}"),
            got.volatility,
            want[2],
            &t["tolerance"],
        );
    }
}

#[test]
fn glicko2_issue_values_exact() {
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
    assert_eq!(
        (r.rating, r.rd, r.volatility),
        (1464.0506705393013, 151.51652412385727, 0.059995984286488495)
    );
    let p = Glicko2Rating {
        rating: 1500.0,
        rd: 350.0,
        volatility: 0.06,
    };
    let r = glicko2_update(p, &[2000.0], &[70.0], &[0.0], 0.5).unwrap();
    assert_eq!(
        (r.rating, r.rd, r.volatility),
        (1467.5878493169462, 318.6617548537152, 0.059999457650202655)
    );
}

fn matrix(c: &Value) -> (usize, Vec<f64>) {
    let n = c["n"].as_u64().unwrap() as usize;
    let wins: Vec<f64> = c["wins"].as_array().unwrap().iter().flat_map(fs).collect();
    (n, wins)
}

#[test]
fn bradley_terry_vectors() {
    let v = &vectors()["pairwise"]["bradley_terry"];
    for c in v["cases"].as_array().unwrap() {
        let (n, wins) = matrix(c);
        let opts = BradleyTerryOptions {
            alpha: f(&c["alpha"]),
            ..Default::default()
        };
        let mut scratch = vec![0.0; bradley_terry_scratch_len(n)];
        let mut theta = vec![0.0; n];
        bradley_terry_fit(n, &wins, &opts, &mut scratch, &mut theta).unwrap();
        let note = c["note"].as_str().unwrap();
        for (g, w) in theta.iter().zip(fs(&c["theta"])) {
            close(&format!("bt theta {note}"), *g, w, &v["tolerance_theta"]);
        }
        let mut arena = vec![0.0; n];
        arena_ratings(&theta, &mut arena).unwrap();
        for (g, w) in arena.iter().zip(fs(&c["arena"])) {
            close(&format!("bt arena {note}"), *g, w, &v["tolerance_arena"]);
        }
        for (i, row) in c["win_probability"].as_array().unwrap().iter().enumerate() {
            for (j, w) in fs(row).into_iter().enumerate() {
                let p = bradley_terry_win_probability(theta[i], theta[j]).unwrap();
                close("bt p", p, w, &v["tolerance_probability"]);
            }
        }
    }
    // Issue 4: Arena [1128.650, 974.098, 897.252].
    let (n, wins) = matrix(&v["cases"][0]);
    let mut scratch = vec![0.0; bradley_terry_scratch_len(n)];
    let mut theta = vec![0.0; n];
    bradley_terry_fit(
        n,
        &wins,
        &BradleyTerryOptions::default(),
        &mut scratch,
        &mut theta,
    )
    .unwrap();
    for (t, a) in theta.iter().zip([1128.650, 974.098, 897.252]) {
        assert!((arena_rating(*t) - a).abs() < 5e-4);
    }
}

#[test]
fn ranking_vectors() {
    let v = &vectors()["ranking"];
    for c in v["top_k"]["cases"].as_array().unwrap() {
        let scores = fs(&c["scores"]);
        let ids: Vec<u64> = c["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect();
        let k = c["k"].as_u64().unwrap() as usize;
        let mut out = vec![0usize; k];
        let got = top_k(&scores, Some(&ids), &mut out).unwrap();
        let want: Vec<usize> = c["expected_indices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(&out[..got], &want[..]);
    }
    for c in v["mmr"]["cases"].as_array().unwrap() {
        let q = fs(&c["query"]);
        let emb: Vec<f64> = c["embeddings"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(fs)
            .collect();
        let k = c["k"].as_u64().unwrap() as usize;
        let mut out = vec![0usize; k];
        let mut scratch = vec![0.0; mmr_scratch_len(emb.len() / q.len())];
        let got = mmr(&q, &emb, f(&c["lambda"]), &mut scratch, &mut out).unwrap();
        let want: Vec<usize> = c["expected_indices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(&out[..got], &want[..], "mmr lambda {}", c["lambda"]);
    }
    let a = &v["author_diversity"];
    let (decay, floor) = (f(&a["decay"]), f(&a["floor"]));
    for (k, w) in fs(&a["multipliers_k0_to_4"]).into_iter().enumerate() {
        close(
            "author k",
            author_diversity_multiplier(k, decay, floor).unwrap(),
            w,
            &a["tolerance"],
        );
    }
    let authors: Vec<u64> = a["authors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    let mut out = vec![0.0; authors.len()];
    author_diversity_multipliers(&authors, decay, floor, &mut out).unwrap();
    for (g, w) in out.iter().zip(fs(&a["expected"])) {
        close("author list", *g, w, &a["tolerance"]);
    }
}

#[test]
fn splitmix64_vectors() {
    for c in vectors()["splitmix64"]["cases"].as_array().unwrap() {
        let seed: u64 = c["seed"].as_str().unwrap().parse().unwrap();
        let mut g = SplitMix64::new(seed);
        for o in c["outputs"].as_array().unwrap() {
            assert_eq!(g.next_u64(), o.as_str().unwrap().parse::<u64>().unwrap());
        }
    }
}

// ---------------------------------------------------------------------------- properties

/// 100 items, strengths spread over ±2, `votes` random votes; deterministic per seed.
fn synthetic_votes(n: usize, votes: usize, seed: u64) -> Vec<f64> {
    let mut g = SplitMix64::new(seed);
    let strengths: Vec<f64> = (0..n).map(|_| 4.0 * g.next_f64() - 2.0).collect();
    let mut wins = vec![0.0; n * n];
    for _ in 0..votes {
        let i = (g.next_u64() % n as u64) as usize;
        let mut j = (g.next_u64() % (n as u64 - 1)) as usize;
        if j >= i {
            j += 1;
        }
        let p = 1.0 / (1.0 + (strengths[j] - strengths[i]).exp());
        if g.next_f64() < p {
            wins[i * n + j] += 1.0
        } else {
            wins[j * n + i] += 1.0
        }
    }
    wins
}

#[test]
fn bradley_terry_relabelling_invariance() {
    let n = 12;
    let wins = synthetic_votes(n, 3000, 5);
    let opts = BradleyTerryOptions {
        alpha: 0.1,
        ..Default::default()
    };
    let mut scratch = vec![0.0; bradley_terry_scratch_len(n)];
    let mut theta = vec![0.0; n];
    bradley_terry_fit(n, &wins, &opts, &mut scratch, &mut theta).unwrap();
    // Permutation i -> (7 i + 3) mod 12 (7 is coprime with 12).
    let perm: Vec<usize> = (0..n).map(|i| (7 * i + 3) % n).collect();
    let mut pw = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            pw[perm[i] * n + perm[j]] = wins[i * n + j];
        }
    }
    let mut ptheta = vec![0.0; n];
    bradley_terry_fit(n, &pw, &opts, &mut scratch, &mut ptheta).unwrap();
    for i in 0..n {
        assert!((theta[i] - ptheta[perm[i]]).abs() < 1e-9, "item {i}");
    }
}

#[test]
fn bradley_terry_bootstrap_brackets_fit() {
    let n = 6;
    let wins = synthetic_votes(n, 600, 9);
    let opts = BradleyTerryOptions {
        alpha: BT_DEFAULT_ALPHA,
        ..Default::default()
    };
    let mut scratch = vec![0.0; bradley_terry_scratch_len(n)];
    let mut theta = vec![0.0; n];
    bradley_terry_fit(n, &wins, &opts, &mut scratch, &mut theta).unwrap();
    let reps = 200;
    let mut bs = vec![0.0; bradley_terry_bootstrap_scratch_len(n, reps)];
    let (mut lo, mut hi) = (vec![0.0; n], vec![0.0; n]);
    bradley_terry_bootstrap(
        n, &wins, &theta, &opts, reps, 42, 0.95, &mut bs, &mut lo, &mut hi,
    )
    .unwrap();
    for i in 0..n {
        assert!(
            lo[i] < theta[i] && theta[i] < hi[i],
            "item {i}: {} {} {}",
            lo[i],
            theta[i],
            hi[i]
        );
        assert!(hi[i] - lo[i] < 1.5);
    }
    // Same seed, same intervals.
    let (mut lo2, mut hi2) = (vec![0.0; n], vec![0.0; n]);
    bradley_terry_bootstrap(
        n, &wins, &theta, &opts, reps, 42, 0.95, &mut bs, &mut lo2, &mut hi2,
    )
    .unwrap();
    assert_eq!((lo, hi), (lo2, hi2));
}

#[test]
fn bradley_terry_undefeated_needs_alpha() {
    // Item 0 beat everyone, item 2 never won.
    let wins = [0.0, 3.0, 2.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0];
    let mut scratch = [0.0; 9];
    let mut theta = [0.0; 3];
    assert!(matches!(
        bradley_terry_fit(
            3,
            &wins,
            &BradleyTerryOptions::default(),
            &mut scratch,
            &mut theta
        ),
        Err(Error::InvalidValue {
            name: "alpha",
            value: 0.0,
            ..
        })
    ));
    let opts = BradleyTerryOptions {
        alpha: BT_DEFAULT_ALPHA,
        ..Default::default()
    };
    bradley_terry_fit(3, &wins, &opts, &mut scratch, &mut theta).unwrap();
    assert!(theta.iter().all(|t| t.is_finite()));
    assert!(theta[0] > theta[1] && theta[1] > theta[2]);
}

#[test]
fn next_pair_prefers_close_unseen_pairs() {
    let theta = [2.0, 0.1, 0.0, -3.0];
    let wins = [0.0; 16];
    assert_eq!(
        next_pair(&theta, &wins, PairStrategy::MostUncertain).unwrap(),
        (1, 2)
    );
    assert_eq!(
        next_pair(&theta, &wins, PairStrategy::ChallengeLeader).unwrap(),
        (0, 1)
    );
    let mut seen = wins;
    seen[4 + 2] = 50.0; // (1, 2) already shown 50 times
    assert_eq!(
        next_pair(&theta, &seen, PairStrategy::MostUncertain).unwrap(),
        (0, 1)
    );
}

proptest! {
    #[test]
    fn wilson_within_zero_and_phat(n in 1u32..1_000_000, frac in 0.0f64..=1.0, z in 0.0f64..5.0) {
        let s = (frac * n as f64).floor();
        let n = n as f64;
        let lo = wilson_lower_bound(s, n, z).unwrap();
        prop_assert!(lo >= 0.0);
        prop_assert!(lo <= s / n + 1e-12);
        if s < n {
            let lo2 = wilson_lower_bound(s + 1.0, n, z).unwrap();
            prop_assert!(lo2 >= lo);
        }
    }

    #[test]
    fn wilson_slice_equals_scalar(rows in proptest::collection::vec((0u32..10_000, 0u32..10_000), 0..50)) {
        let s: Vec<f64> = rows.iter().map(|&(a, b)| a.min(b) as f64).collect();
        let n: Vec<f64> = rows.iter().map(|&(a, b)| a.max(b) as f64).collect();
        let mut out = vec![0.0; s.len()];
        wilson_lower_bound_slice(&s, &n, Z_95, &mut out).unwrap();
        for i in 0..s.len() {
            prop_assert_eq!(out[i], wilson_lower_bound(s[i], n[i], Z_95).unwrap());
        }
    }

    #[test]
    fn hot_monotone_in_votes_and_time(ups in 0u32..1_000_000, downs in 0u32..1_000_000,
                                       t in 1.2e9f64..1.8e9, dt in 0.0f64..1e6) {
        let (u, d) = (ups as f64, downs as f64);
        let h = reddit_hot(u, d, t).unwrap();
        prop_assert!(reddit_hot(u + 1.0, d, t).unwrap() >= h);
        prop_assert!(reddit_hot(u, d + 1.0, t).unwrap() <= h);
        prop_assert!(reddit_hot(u, d, t + dt).unwrap() >= h);
    }

    #[test]
    fn hacker_news_monotone(points in 0.0f64..10_000.0, age in 0.0f64..100_000.0, dp in 0.0f64..100.0, da in 0.0f64..1000.0) {
        let r = hacker_news_rank(points, age, HN_GRAVITY, 1.0).unwrap();
        prop_assert!(hacker_news_rank(points + dp, age, HN_GRAVITY, 1.0).unwrap() >= r);
        if points > 1.0 {
            prop_assert!(hacker_news_rank(points, age + da, HN_GRAVITY, 1.0).unwrap() <= r);
        }
    }

    #[test]
    fn top_k_matches_sort(scores in proptest::collection::vec(-5i32..5, 0..40), k in 0usize..12) {
        let s: Vec<f64> = scores.iter().map(|&x| x as f64).collect();
        let ids: Vec<u64> = (0..s.len() as u64).map(|i| (i * 37) % 11).collect();
        let mut want: Vec<usize> = (0..s.len()).collect();
        want.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(ids[a].cmp(&ids[b])).then(a.cmp(&b)));
        want.truncate(k);
        let mut out = vec![0usize; k];
        let got = top_k(&s, Some(&ids), &mut out).unwrap();
        prop_assert_eq!(&out[..got], &want[..]);
    }
}

// ---------------------------------------------------------------------------- bad input

#[test]
fn bad_inputs_are_errors() {
    let mut out = [0.0; 2];
    assert!(matches!(
        wilson_lower_bound(5.0, 4.0, Z_95),
        Err(Error::InvalidValue {
            name: "successes",
            ..
        })
    ));
    assert!(matches!(
        wilson_lower_bound(-1.0, 4.0, Z_95),
        Err(Error::InvalidValue { .. })
    ));
    assert!(matches!(
        wilson_lower_bound(f64::NAN, 4.0, Z_95),
        Err(Error::InvalidValue { .. })
    ));
    assert!(matches!(
        wilson_lower_bound_slice(&[1.0], &[1.0, 2.0], Z_95, &mut out),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        wilson_lower_bound_slice(&[1.0, f64::NAN], &[1.0, 2.0], Z_95, &mut out),
        Err(Error::InvalidValue { .. })
    ));
    assert!(matches!(
        star_rating_sort(&[], 1.65),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(hook_retention(&[], 1.0), Err(Error::Empty { .. })));
    assert!(matches!(
        completion_rate(3.0, 2.0),
        Err(Error::InvalidValue { .. })
    ));
    assert!(matches!(
        weighted_scores_sum(&[0.1], &[1.0, 2.0]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        reddit_confidence(-1.0, 2.0),
        Err(Error::InvalidValue { .. })
    ));
    assert!(matches!(
        glicko2_update(Glicko2Rating::default(), &[1500.0], &[0.0], &[1.0], 0.5),
        Err(Error::InvalidValue { .. })
    ));
    assert!(matches!(
        glicko2_update(
            Glicko2Rating::default(),
            &[1500.0],
            &[50.0],
            &[1.0, 0.0],
            0.5
        ),
        Err(Error::LengthMismatch { .. })
    ));
    let mut scratch = [0.0; 6];
    let mut theta = [0.0; 2];
    assert!(matches!(
        bradley_terry_fit(
            2,
            &[0.0, -1.0, 1.0, 0.0],
            &BradleyTerryOptions::default(),
            &mut scratch,
            &mut theta
        ),
        Err(Error::InvalidValue { .. })
    ));
    assert!(matches!(
        bradley_terry_fit(
            2,
            &[0.0, 1.0, 1.0],
            &BradleyTerryOptions::default(),
            &mut scratch,
            &mut theta
        ),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        bradley_terry_fit(
            0,
            &[],
            &BradleyTerryOptions::default(),
            &mut scratch,
            &mut theta
        ),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        bradley_terry_fit(
            2,
            &[0.0, 1.0, 1.0, 0.0],
            &BradleyTerryOptions::default(),
            &mut scratch[..3],
            &mut theta
        ),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        top_k(&[1.0, f64::NAN], None, &mut [0usize; 1]),
        Err(Error::InvalidValue { .. })
    ));
    assert!(matches!(
        mmr(
            &[1.0, 0.0],
            &[1.0, 0.0, 1.0],
            0.5,
            &mut [0.0; 4],
            &mut [0usize; 1]
        ),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        author_diversity_multipliers(&[1, 2], 1.5, 0.25, &mut out),
        Err(Error::InvalidValue { .. })
    ));
    let mut d = WatchTimeDistribution::<2, 8>::new(&[10.0, 60.0]).unwrap();
    assert!(matches!(
        d.add(f64::NAN, 1.0),
        Err(Error::InvalidValue { .. })
    ));
    assert!(matches!(
        d.percentile(5.0, 1.0),
        Err(Error::InvalidState { .. })
    ));
}
