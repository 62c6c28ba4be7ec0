//! The fast paths against slow, obviously-correct f64 reference implementations written here
//! from the formulas, on seeded random planes and boundary sizes (1×1, window−1, window,
//! strip edges, odd strides).

mod common;

use common::SplitMix64;
use proptest::prelude::*;
use reelscore::Plane;
use reelscore::metrics::{self, ssim::SSIM_WINDOW};

fn random_plane(seed: u64, w: usize, h: usize, smooth: bool) -> Vec<u8> {
    let mut rng = SplitMix64(seed);
    (0..w * h)
        .map(|i| {
            let r = (rng.next() >> 56) as usize;
            if smooth {
                ((i % w) * 2 + (i / w) + r / 16) as u8
            } else {
                r as u8
            }
        })
        .collect()
}

/// Direct 11×11 Gaussian-window SSIM, no separability, no strips.
fn ssim_reference(a: &[u8], b: &[u8], w: usize, h: usize) -> f64 {
    let g = metrics::ssim::gaussian_window();
    let (c1, c2) = ((0.01f64 * 255.0).powi(2), (0.03f64 * 255.0).powi(2));
    let mut total = 0.0;
    for y in 0..=h - SSIM_WINDOW {
        for x in 0..=w - SSIM_WINDOW {
            let (mut ma, mut mb, mut saa, mut sbb, mut sab) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for j in 0..SSIM_WINDOW {
                for i in 0..SSIM_WINDOW {
                    let wt = g[i] * g[j];
                    let p = f64::from(a[(y + j) * w + x + i]);
                    let q = f64::from(b[(y + j) * w + x + i]);
                    ma += wt * p;
                    mb += wt * q;
                    saa += wt * p * p;
                    sbb += wt * q * q;
                    sab += wt * p * q;
                }
            }
            let (va, vb, cov) = (saa - ma * ma, sbb - mb * mb, sab - ma * mb);
            total += (2.0 * ma * mb + c1) * (2.0 * cov + c2)
                / ((ma * ma + mb * mb + c1) * (va + vb + c2));
        }
    }
    total / ((w - SSIM_WINDOW + 1) * (h - SSIM_WINDOW + 1)) as f64
}

fn reflect(i: isize, n: usize) -> usize {
    if n == 1 {
        0
    } else if i < 0 {
        (-i) as usize
    } else if i as usize >= n {
        2 * n - 2 - i as usize
    } else {
        i as usize
    }
}

/// Laplacian response per pixel then a two-pass f64 variance.
fn laplacian_var_reference(a: &[u8], w: usize, h: usize) -> f64 {
    let at = |x: isize, y: isize| f64::from(a[reflect(y, h) * w + reflect(x, w)]);
    let mut vals = Vec::with_capacity(w * h);
    for y in 0..h as isize {
        for x in 0..w as isize {
            vals.push(at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4.0 * at(x, y));
        }
    }
    let mean = vals.iter().sum::<f64>() / vals.len() as f64;
    vals.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / vals.len() as f64
}

fn rel_close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs().max(1e-12)
}

#[test]
fn ssim_matches_reference_on_boundary_sizes() {
    let sizes = [
        (11, 11),
        (12, 11),
        (11, 30),
        (139, 12),
        (128 + 10, 11),
        (128 + 11, 13),
        (257 + 10, 12),
    ];
    for (k, &(w, h)) in sizes.iter().enumerate() {
        for smooth in [false, true] {
            let a = random_plane(k as u64, w, h, smooth);
            let b = random_plane(1000 + k as u64, w, h, smooth);
            for pad in [0, 1, 7] {
                let (pa, stride) = common::with_stride(&a, w, pad, 0x5A);
                let (pb, _) = common::with_stride(&b, w, pad, 0xA5);
                let got = metrics::ssim::ssim(
                    &Plane::new(&pa, w, h, stride).unwrap(),
                    &Plane::new(&pb, w, h, stride).unwrap(),
                )
                .unwrap();
                let want = ssim_reference(&a, &b, w, h);
                assert!(
                    rel_close(got, want, 1e-11),
                    "{w}x{h} pad {pad}: {got} vs {want}"
                );
            }
        }
    }
}

#[test]
fn window_minus_one_is_refused() {
    let a = vec![0u8; 10 * 40];
    let p = Plane::packed(&a, 10, 40).unwrap();
    assert!(metrics::ssim::ssim(&p, &p).is_err());
    let q = Plane::packed(&a, 40, 10).unwrap();
    assert!(metrics::ssim::ssim(&q, &q).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn laplacian_matches_reference(seed in any::<u64>(), w in 1usize..40, h in 1usize..40) {
        let a = random_plane(seed, w, h, seed % 2 == 0);
        let got = metrics::sharpness::laplacian_variance(&Plane::packed(&a, w, h).unwrap());
        let want = laplacian_var_reference(&a, w, h);
        prop_assert!((got - want).abs() <= 1e-9 * want.max(1.0), "{} vs {}", got, want);
        prop_assert!(got >= 0.0);
    }

    #[test]
    fn ssim_is_symmetric_bounded_and_one_on_itself(seed in any::<u64>(), w in 11usize..48, h in 11usize..30) {
        let a = random_plane(seed, w, h, true);
        let b = random_plane(seed ^ 0xFFFF, w, h, false);
        let (pa, pb) = (Plane::packed(&a, w, h).unwrap(), Plane::packed(&b, w, h).unwrap());
        let ab = metrics::ssim::ssim(&pa, &pb).unwrap();
        let ba = metrics::ssim::ssim(&pb, &pa).unwrap();
        prop_assert!((ab - ba).abs() < 1e-12);
        prop_assert!((-1.0..=1.0).contains(&ab));
        prop_assert!((metrics::ssim::ssim(&pa, &pa).unwrap() - 1.0).abs() < 1e-12);
        prop_assert_eq!(metrics::mse::psnr(&pa, &pa).unwrap(), metrics::mse::PSNR_CAP_8BIT);
    }

    #[test]
    fn no_reference_stats_are_finite_and_in_range(seed in any::<u64>(), w in 1usize..30, h in 1usize..30) {
        let a = random_plane(seed, w, h, seed % 3 == 0);
        let s = metrics::frame_stats(&Plane::packed(&a, w, h).unwrap()).unwrap();
        for v in [s.sharpness, s.tenengrad, s.mean, s.p10, s.p90, s.rms_contrast, s.noise_sigma, s.blockiness, s.entropy] {
            prop_assert!(v.is_finite() && v >= 0.0);
        }
        prop_assert!(s.p10 <= s.p90 && s.p90 <= 255.0);
        prop_assert!(s.rms_contrast <= 0.5 && s.entropy <= 8.0);
        prop_assert!((0.0..=1.0).contains(&s.black_fraction) && (0.0..=1.0).contains(&s.white_fraction));
    }
}
