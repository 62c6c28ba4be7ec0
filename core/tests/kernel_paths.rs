//! Every kernel path this CPU has against the portable one, through the public metrics: MSE,
//! PSNR, sharpness, the frame statistics (the row engine's 3×3 stencil), the clip scorer's
//! residual search and its observations of whole frames bit for bit, SSIM and MS-SSIM within
//! `FMA_REL_TOL`-scale relative error, on random planes of every width 1–130 at odd strides
//! (and identical/extreme content).
//!
//! `kernels::force` is process-wide, so this file holds a single test: its own binary, nothing
//! else runs while it switches paths.

use reelscore::Plane;
use reelscore::clip::{ClipConfig, ClipScorer, residual};
use reelscore::kernels::{self, Path};
use reelscore::metrics::{FrameStats, frame_stats, ms_ssim, mse, sharpness, ssim};

fn xorshift(s: &mut u64) -> u8 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    (*s >> 56) as u8
}

#[derive(Debug, PartialEq)]
struct Results {
    mse: f64,
    psnr: f64,
    sharpness: f64,
    stats: FrameStats,
    ssim: Option<f64>,
}

fn results(a: &Plane<'_, u8>, b: &Plane<'_, u8>) -> Results {
    Results {
        mse: mse::mse(a, b).unwrap(),
        psnr: mse::psnr(a, b).unwrap(),
        sharpness: sharpness::laplacian_variance(a),
        stats: frame_stats(a).unwrap(),
        ssim: ssim::ssim(a, b).ok(),
    }
}

#[test]
fn every_path_matches_portable_through_the_metrics() {
    let paths: Vec<Path> = Path::ALL
        .into_iter()
        .filter(|&p| kernels::available(p))
        .collect();
    let rel = 1e-12;
    let mut seed = 0x5eed_1234_u64;
    for w in 1..=130usize {
        let h = if w % 3 == 0 { 11 } else { 13 };
        let stride = if w % 2 == 0 { w + 1 } else { w + 2 }; // odd, > w
        for content in 0..3 {
            let mut a = vec![0u8; stride * h];
            let mut b = vec![0u8; stride * h];
            for i in 0..a.len() {
                (a[i], b[i]) = match content {
                    0 => (xorshift(&mut seed), xorshift(&mut seed)),
                    1 => (
                        [0, 255][(i + i / stride) % 2],
                        [255, 0][(i + i / stride) % 2],
                    ),
                    _ => {
                        let v = xorshift(&mut seed);
                        (v, v)
                    }
                };
            }
            let pa = Plane::new(&a, w, h, stride).unwrap();
            let pb = Plane::new(&b, w, h, stride).unwrap();
            kernels::force(Path::Portable).unwrap();
            let want = results(&pa, &pb);
            for &p in &paths[1..] {
                kernels::force(p).unwrap();
                let got = results(&pa, &pb);
                assert_eq!(got.mse.to_bits(), want.mse.to_bits(), "{p:?} w {w}");
                assert_eq!(got.psnr.to_bits(), want.psnr.to_bits(), "{p:?} w {w}");
                assert_eq!(
                    got.sharpness.to_bits(),
                    want.sharpness.to_bits(),
                    "{p:?} w {w}"
                );
                // Integer sums, one finish: the same bits (compared as bits: -0.0 ≠ 0.0).
                let bits = |s: &FrameStats| {
                    [
                        s.sharpness,
                        s.tenengrad,
                        s.mean,
                        s.p10,
                        s.p90,
                        s.black_fraction,
                        s.white_fraction,
                        s.rms_contrast,
                        s.noise_sigma,
                        s.blockiness,
                        s.entropy,
                    ]
                    .map(f64::to_bits)
                };
                assert_eq!(bits(&got.stats), bits(&want.stats), "{p:?} w {w}");
                match (got.ssim, want.ssim) {
                    (Some(g), Some(s)) => {
                        assert!(
                            (g - s).abs() <= rel * s.abs().max(1.0),
                            "{p:?} w {w}: {g} {s}"
                        )
                    }
                    (None, None) => assert!(w < 11),
                    other => panic!("{p:?} w {w}: {other:?}"),
                }
            }
        }
    }
    // The residual search on working frames of every width 1–130: the texture moved by a few
    // pixels and brightened, so the near and wide searches, the brightness change and the moved
    // mass all see content. Integer sums, then one division: the same bits.
    for w in 1..=130usize {
        let h = if w % 3 == 0 { 11 } else { 37 };
        let prev: Vec<u8> = (0..w * h).map(|_| xorshift(&mut seed)).collect();
        let cur: Vec<u8> = (0..w * h)
            .map(|i| {
                let (x, y) = ((i % w + 3).min(w - 1), (i / w + 1).min(h - 1));
                prev[y * w + x].saturating_add(7) ^ (xorshift(&mut seed) & 3)
            })
            .collect();
        let run = |p: Path| {
            kernels::force(p).unwrap();
            let f = residual::measure(&cur, &prev, w, h, (2, 1), |r, _| r > 8.0);
            let mut v: Vec<u32> = [f.residual, f.near, f.moved, f.texture, f.mass]
                .iter()
                .flat_map(|a| a.map(f32::to_bits))
                .collect();
            v.extend(f.moment.iter().flat_map(|m| m.map(f32::to_bits)));
            v
        };
        let want = run(Path::Portable);
        for &p in &paths[1..] {
            assert_eq!(run(p), want, "residual {p:?} w {w}");
        }
    }
    // The clip scorer measuring frames whole (the row histogram and stencil, the working
    // copy's column sums, the residual search) on frames of every width 1–130 at odd strides:
    // the same observations, frame after frame.
    let mut scored = 0;
    for w in 1..=130usize {
        let h = 9 + w % 5;
        let stride = if w % 2 == 0 { w + 1 } else { w + 2 };
        let frames: Vec<Vec<u8>> = (0..3)
            .map(|t| {
                (0..stride * h)
                    .map(|i| {
                        ((i % stride + 2 * t) as u8 / 3).wrapping_add(xorshift(&mut seed) / 32)
                    })
                    .collect()
            })
            .collect();
        let Ok(cfg) = ClipConfig::new(w, h, 30.0) else {
            continue;
        };
        let run = |p: Path| {
            kernels::force(p).unwrap();
            let mut s: Box<ClipScorer> = Box::new(ClipScorer::new(cfg).unwrap());
            assert_eq!(s.analysis_factor(), 1, "w {w}");
            frames
                .iter()
                .map(|f| s.push(&Plane::new(f, w, h, stride).unwrap()).unwrap())
                .collect::<Vec<_>>()
        };
        let want = run(Path::Portable);
        for &p in &paths[1..] {
            assert_eq!(run(p), want, "clip scorer {p:?} w {w}");
        }
        scored += 1;
    }
    assert!(scored >= 120, "{scored} widths scored");
    // MS-SSIM on one frame big enough for five scales, odd stride.
    let (w, h, stride) = (181, 177, 183);
    let a: Vec<u8> = (0..stride * h).map(|_| xorshift(&mut seed)).collect();
    let b: Vec<u8> = a
        .iter()
        .map(|&v| v.saturating_add(xorshift(&mut seed) / 16))
        .collect();
    let pa = Plane::new(&a, w, h, stride).unwrap();
    let pb = Plane::new(&b, w, h, stride).unwrap();
    let mut scratch = vec![0f32; ms_ssim::ms_ssim_scratch_len(w, h)];
    let mut run = |p: Path| {
        kernels::force(p).unwrap();
        ms_ssim::ms_ssim(&pa, &pb, ms_ssim::MsSsimConvention::Standard, &mut scratch).unwrap()
    };
    let want = run(Path::Portable);
    for &p in &paths[1..] {
        let got = run(p);
        assert!(
            (got - want).abs() <= rel * want.abs(),
            "{p:?}: {got} {want}"
        );
    }
    kernels::force(kernels::detect()).unwrap();
    println!("paths compared with portable: {paths:?}");
}
