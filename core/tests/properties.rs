//! Property tests (proptest): invariants every input must keep, complementing the fixed
//! vectors. Frame metrics: SSIM(a, a) = 1, symmetry and range; PSNR of identical planes is
//! the documented cap; sharpness and noise never negative. Engagement: Wilson in `[0, p̂]` and
//! monotone in successes; reddit `hot` monotone in votes and time; Bradley–Terry invariant
//! under relabelling. Clip scorer: deterministic, and row-streamed frames score exactly as
//! whole frames (packed or with padded strides).

use proptest::prelude::*;
use reelscore::Plane;
use reelscore::clip::{ClipConfig, ClipReport, ClipScorerWith, RowFeeder};
use reelscore::engage::*;
use reelscore::metrics::blockiness::blockiness;
use reelscore::metrics::contrast::rms_contrast;
use reelscore::metrics::frame_stats;
use reelscore::metrics::mse::{PSNR_CAP_8BIT, mse, psnr};
use reelscore::metrics::noise::noise_sigma;
use reelscore::metrics::sharpness::{laplacian_variance, tenengrad};
use reelscore::metrics::ssim::{SSIM_WINDOW, ssim};

/// A random `w × h` plane with `pad` extra samples per row (stride = w + pad).
fn plane_data(max: usize, min: usize) -> impl Strategy<Value = (usize, usize, usize, Vec<u8>)> {
    (min..=max, min..=max, 0usize..4).prop_flat_map(|(w, h, pad)| {
        let len = (h - 1) * (w + pad) + w;
        (
            Just(w),
            Just(h),
            Just(w + pad),
            proptest::collection::vec(any::<u8>(), len),
        )
    })
}

/// A pair of same-geometry planes; the second is the first plus bounded noise, so SSIM spans
/// its whole range rather than sitting near 0 for independent noise.
fn plane_pair(
    max: usize,
    min: usize,
) -> impl Strategy<Value = (usize, usize, usize, Vec<u8>, Vec<u8>)> {
    plane_data(max, min).prop_flat_map(|(w, h, s, a)| {
        let n = a.len();
        (
            Just((w, h, s, a)),
            proptest::collection::vec(-255i32..=255, n),
            0i32..=255,
        )
            .prop_map(|((w, h, s, a), noise, amp)| {
                let b = a
                    .iter()
                    .zip(&noise)
                    .map(|(&x, &d)| (i32::from(x) + d * amp / 255).clamp(0, 255) as u8)
                    .collect();
                (w, h, s, a, b)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn ssim_identity_symmetry_range((w, h, s, a, b) in plane_pair(40, SSIM_WINDOW)) {
        let pa = Plane::new(&a, w, h, s).unwrap();
        let pb = Plane::new(&b, w, h, s).unwrap();
        prop_assert_eq!(ssim(&pa, &pa).unwrap(), 1.0);
        let ab = ssim(&pa, &pb).unwrap();
        let ba = ssim(&pb, &pa).unwrap();
        prop_assert!((ab - ba).abs() <= 1e-12, "{} vs {}", ab, ba);
        prop_assert!((-1.0..=1.0).contains(&ab), "{}", ab);
    }

    #[test]
    fn psnr_identical_is_cap_and_in_range((w, h, s, a, b) in plane_pair(48, 1)) {
        let pa = Plane::new(&a, w, h, s).unwrap();
        let pb = Plane::new(&b, w, h, s).unwrap();
        prop_assert_eq!(psnr(&pa, &pa).unwrap(), PSNR_CAP_8BIT);
        prop_assert_eq!(mse(&pa, &pa).unwrap(), 0.0);
        let p = psnr(&pa, &pb).unwrap();
        prop_assert!((0.0..=PSNR_CAP_8BIT).contains(&p), "{}", p);
        // Padding never leaks in: the packed copy scores the same.
        let packed: Vec<u8> = pa.rows().flatten().copied().collect();
        let pp = Plane::packed(&packed, w, h).unwrap();
        prop_assert_eq!(psnr(&pp, &pb).unwrap(), p);
    }

    #[test]
    fn sharpness_and_noise_never_negative((w, h, s, a) in plane_data(48, 1)) {
        let p = Plane::new(&a, w, h, s).unwrap();
        for (name, v) in [
            ("laplacian_variance", laplacian_variance(&p)),
            ("tenengrad", tenengrad(&p)),
            ("noise_sigma", noise_sigma(&p)),
            ("rms_contrast", rms_contrast(&p)),
            ("blockiness", blockiness(&p)),
        ] {
            prop_assert!(v.is_finite() && v >= 0.0, "{} = {}", name, v);
        }
        let st = frame_stats(&p).unwrap();
        prop_assert!(st.sharpness >= 0.0 && st.noise_sigma >= 0.0 && st.tenengrad >= 0.0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn wilson_in_zero_phat_and_monotone(
        n in 1u32..2_000_000,
        f1 in 0.0f64..=1.0,
        f2 in 0.0f64..=1.0,
        z in prop_oneof![Just(Z_95), 0.0f64..10.0],
    ) {
        let n = f64::from(n);
        let (s1, s2) = {
            let (x, y) = ((f1 * n).floor(), (f2 * n).floor());
            (x.min(y), x.max(y))
        };
        let lo1 = wilson_lower_bound(s1, n, z).unwrap();
        let lo2 = wilson_lower_bound(s2, n, z).unwrap();
        prop_assert!(0.0 <= lo1 && lo1 <= s1 / n, "lo {} vs p̂ {}", lo1, s1 / n);
        prop_assert!(lo1 <= lo2, "not monotone: lo({}) = {} > lo({}) = {}", s1, lo1, s2, lo2);
        let (lo, hi) = wilson_interval(s1, n, z).unwrap();
        prop_assert!(lo == lo1 && lo <= hi && hi <= 1.0);
    }

    #[test]
    fn wilson_any_finite_counts_stay_in_range(
        s in prop_oneof![any::<f64>(), Just(f64::MAX), Just(5e-324)],
        n in prop_oneof![any::<f64>(), Just(f64::MAX), Just(5e-324)],
        z in any::<f64>(),
    ) {
        // Any input: an error or a finite interval around p̂.
        if let Ok((lo, hi)) = wilson_interval(s, n, z) {
            let p = if n > 0.0 { s / n } else { 0.0 };
            prop_assert!(lo.is_finite() && hi.is_finite());
            prop_assert!(0.0 <= lo && lo <= hi && hi <= 1.0);
            if n > 0.0 {
                prop_assert!(lo <= p && p <= hi);
            }
        }
    }

    #[test]
    fn reddit_hot_monotone_in_votes_and_time(
        ups in 0u32..1_000_000,
        downs in 0u32..1_000_000,
        extra in 0u32..1_000_000,
        date in 1.0e9f64..2.0e9,
        later in 0.0f64..1.0e8,
    ) {
        let (u, d) = (f64::from(ups), f64::from(downs));
        let h = reddit_hot(u, d, date).unwrap();
        prop_assert!(reddit_hot(u + f64::from(extra), d, date).unwrap() >= h);
        prop_assert!(reddit_hot(u, d + f64::from(extra), date).unwrap() <= h);
        prop_assert!(reddit_hot(u, d, date + later).unwrap() >= h);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn bradley_terry_invariant_under_relabelling(
        (n, wins, perm) in (2usize..7).prop_flat_map(|n| (
            Just(n),
            proptest::collection::vec(0u8..20, n * n),
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        ))
    ) {
        let wins: Vec<f64> = wins.iter().map(|&w| f64::from(w)).collect();
        // Item i is called perm[i] after relabelling.
        let mut relabelled = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                relabelled[perm[i] * n + perm[j]] = wins[i * n + j];
            }
        }
        let opts = BradleyTerryOptions { alpha: BT_DEFAULT_ALPHA, ..BradleyTerryOptions::default() };
        let mut scratch = vec![0.0; bradley_terry_scratch_len(n)];
        let (mut t1, mut t2) = (vec![0.0; n], vec![0.0; n]);
        bradley_terry_fit(n, &wins, &opts, &mut scratch, &mut t1).unwrap();
        bradley_terry_fit(n, &relabelled, &opts, &mut scratch, &mut t2).unwrap();
        for i in 0..n {
            prop_assert!((t1[i] - t2[perm[i]]).abs() < 1e-8, "item {}: {} vs {}", i, t1[i], t2[perm[i]]);
        }
    }
}

type Small = ClipScorerWith<{ 32 * 24 }, 64>;

fn report_bits(r: &ClipReport) -> String {
    format!("{r:?}")
}

/// A clip: `frames` frames of `w × h` (stride `w + pad`), each a moving gradient plus noise,
/// with an occasional hard cut.
fn clip() -> impl Strategy<Value = (usize, usize, usize, Vec<Vec<u8>>)> {
    (1usize..=48, 1usize..=36, 0usize..3, 1usize..10).prop_flat_map(|(w, h, pad, frames)| {
        let len = (h - 1) * (w + pad) + w;
        (
            Just(w),
            Just(h),
            Just(w + pad),
            proptest::collection::vec(proptest::collection::vec(any::<u8>(), len), frames),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn clip_scorer_deterministic_and_row_split_independent(
        (w, h, stride, frames) in clip(),
        fps in prop_oneof![Just(24.0), Just(30.0), 1.0f64..120.0],
    ) {
        let cfg = ClipConfig::new(w, h, fps).unwrap();
        let mut whole = Box::new(Small::new(cfg).unwrap());
        let mut again = Box::new(Small::new(cfg).unwrap());
        let mut rows = Box::new(Small::new(cfg).unwrap());
        let mut feeder: Box<RowFeeder<64>> = Box::default();
        for data in &frames {
            let p = Plane::new(data, w, h, stride).unwrap();
            let a = whole.push(&p).unwrap();
            // Deterministic: a second scorer given the same frame, packed this time.
            let packed: Vec<u8> = p.rows().flatten().copied().collect();
            let b = again.push(&Plane::packed(&packed, w, h).unwrap()).unwrap();
            prop_assert_eq!(a, b);
            rows.begin_frame(&mut feeder).unwrap();
            for row in p.rows() {
                rows.push_row(&mut feeder, row).unwrap();
            }
            let c = rows.end_frame(&mut feeder).unwrap();
            prop_assert_eq!(a, c, "row-streamed frame differs");
        }
        let (ra, rb, rc) = (whole.finish().unwrap(), again.finish().unwrap(), rows.finish().unwrap());
        prop_assert_eq!(report_bits(&ra), report_bits(&rb));
        prop_assert_eq!(report_bits(&ra), report_bits(&rc));
        prop_assert!(ra.score.is_finite() && (0.0..=100.0).contains(&ra.score));
        // And again after a reset: the same clip, the same verdict.
        whole.reset(cfg).unwrap();
        for data in &frames {
            whole.push(&Plane::new(data, w, h, stride).unwrap()).unwrap();
        }
        prop_assert_eq!(report_bits(&whole.finish().unwrap()), report_bits(&ra));
    }
}
