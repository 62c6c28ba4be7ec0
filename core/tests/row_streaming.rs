//! Row streaming equals the whole-frame calls exactly: frame statistics
//! ([`FrameStatsRows`] vs `frame_stats`) and the clip scorer (`begin_frame`/`push_row`/
//! `end_frame` vs `push`), on the shared vectors' 8-bit recipes and on boundary sizes.

mod common;

use common::{SplitMix64, build, vectors};
use reelscore::Plane;
use reelscore::clip::{
    ClipConfig, ClipScorer, ClipScorerWith, DeviceClipScorer, RowFeeder, config,
};
use reelscore::metrics::frame_stats;
use reelscore::metrics::rows::FrameStatsRows;

fn rows_stats<const M: usize>(acc: &mut FrameStatsRows<M>, p: &Plane<'_, u8>) {
    acc.begin(p.width(), p.height()).unwrap();
    for row in p.rows() {
        acc.push_row(row).unwrap();
    }
    let got = acc.finish().unwrap();
    let want = frame_stats(p).unwrap();
    // Bit-for-bit equality (PartialEq on f64 fields would also accept -0.0 == 0.0).
    let bits = |s: &reelscore::metrics::FrameStats| {
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
    assert_eq!(bits(&got), bits(&want), "{}x{}", p.width(), p.height());
}

#[test]
fn frame_stats_rows_equal_whole_frame_on_vectors() {
    let doc = vectors("frame_metrics.json");
    let mut acc: Box<FrameStatsRows<1024>> = Box::default();
    let mut n = 0;
    for case in doc["cases"].as_array().unwrap() {
        if case["bits"].as_u64().unwrap() != 8 {
            continue;
        }
        for key in ["a", "b"] {
            let (w, h, _, s) = build(&case[key]);
            let bytes: Vec<u8> = s.iter().map(|&v| v as u8).collect();
            rows_stats(&mut acc, &Plane::packed(&bytes, w, h).unwrap());
            n += 1;
        }
    }
    assert!(n >= 20);
}

#[test]
fn frame_stats_rows_equal_whole_frame_on_boundary_sizes() {
    let mut rng = SplitMix64(99);
    let mut acc = FrameStatsRows::<1100>::new();
    for &(w, h) in &[
        (1, 1),
        (1, 2),
        (2, 1),
        (3, 3),
        (1, 9),
        (9, 1),
        (8, 8),
        (17, 9),
        (513, 4),
        (514, 3),
        (1100, 5),
    ] {
        let data: Vec<u8> = (0..w * h).map(|_| (rng.next() >> 56) as u8).collect();
        rows_stats(&mut acc, &Plane::packed(&data, w, h).unwrap());
        let smooth: Vec<u8> = (0..w * h).map(|i| ((i % w) * 3 + i / w) as u8).collect();
        rows_stats(&mut acc, &Plane::packed(&smooth, w, h).unwrap());
    }
}

#[test]
fn frame_stats_rows_misuse_is_an_error() {
    let mut acc = FrameStatsRows::<8>::new();
    assert!(acc.push_row(&[1, 2]).is_err());
    assert!(acc.finish().is_err());
    assert!(acc.begin(9, 2).is_err());
    assert!(acc.begin(0, 2).is_err());
    acc.begin(2, 2).unwrap();
    assert!(acc.push_row(&[1, 2, 3]).is_err());
    acc.push_row(&[1, 2]).unwrap();
    assert!(acc.finish().is_err());
    acc.push_row(&[3, 4]).unwrap();
    assert!(acc.push_row(&[3, 4]).is_err());
    acc.finish().unwrap();
    assert!(acc.finish().is_err());
}

/// A short clip with motion, a cut and a freeze: `n` frames of `w × h`.
fn clip(w: usize, h: usize, n: usize) -> Vec<Vec<u8>> {
    let mut rng = SplitMix64(5);
    (0..n)
        .map(|k| {
            let shift = if k < n / 2 { k * 2 } else { 0 };
            let frozen = k >= 3 * n / 4;
            (0..w * h)
                .map(|i| {
                    let (x, y) = (i % w + shift, i / w);
                    let base = if k < n / 2 {
                        (x * x + 3 * y * y + 5 * x * y) >> 6
                    } else {
                        ((x / 8) * 37 + (y / 8) * 91) % 200 + 28
                    };
                    let noise = if frozen { 0 } else { (rng.next() % 7) as usize };
                    (base + noise).min(255) as u8
                })
                .collect()
        })
        .collect()
}

fn scorers_agree<const P: usize, const R: usize, const M: usize>(w: usize, h: usize, n: usize) {
    scorers_agree_within::<P, R, M>(w, h, n, config::ANALYSIS_PIXELS);
}

/// [`scorers_agree`] under the analysis budget `budget`.
fn scorers_agree_within<const P: usize, const R: usize, const M: usize>(
    w: usize,
    h: usize,
    n: usize,
    budget: usize,
) {
    let cfg = ClipConfig::new(w, h, 30.0)
        .unwrap()
        .with_analysis_pixels(budget)
        .unwrap();
    let mut whole: Box<ClipScorerWith<P, R>> = Box::new(ClipScorerWith::new(cfg).unwrap());
    let mut rows: Box<ClipScorerWith<P, R>> = Box::new(ClipScorerWith::new(cfg).unwrap());
    let mut feeder: Box<RowFeeder<M>> = Box::default();
    for (k, f) in clip(w, h, n).iter().enumerate() {
        let a = whole.push(&Plane::packed(f, w, h).unwrap()).unwrap();
        if k == 1 {
            // A restarted frame is forgotten.
            rows.begin_frame(&mut feeder).unwrap();
            rows.push_row(&mut feeder, &f[..w]).unwrap();
        }
        rows.begin_frame(&mut feeder).unwrap();
        assert!(rows.push(&Plane::packed(f, w, h).unwrap()).is_err());
        for row in f.chunks_exact(w) {
            rows.push_row(&mut feeder, row).unwrap();
        }
        let b = rows.end_frame(&mut feeder).unwrap();
        assert_eq!(format!("{a:?}"), format!("{b:?}"), "frame {k}");
        assert_eq!(a, b);
    }
    let (a, b) = (whole.finish().unwrap(), rows.finish().unwrap());
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    assert!(!a.cuts.is_empty() && !a.defects.is_empty(), "{a:?}");
}

#[test]
fn clip_scorer_rows_equal_whole_frames() {
    scorers_agree::<{ config::WORK_PIXELS }, { config::SERIES_RECORDS }, 640>(320, 240, 40);
    scorers_agree::<{ config::DEVICE_WORK_PIXELS }, { config::DEVICE_SERIES_RECORDS }, 320>(
        320, 240, 40,
    );
    scorers_agree::<{ config::DEVICE_WORK_PIXELS }, 8, 640>(641 - 1, 7, 30);
    scorers_agree::<16, 4, 64>(37, 23, 20);
    // Over the analysis area: statistics on the 2×2-binned frame (641×361, the last column and
    // row left out), whole frames and rows alike.
    scorers_agree::<{ config::WORK_PIXELS }, { config::SERIES_RECORDS }, 700>(1283, 723, 40);
}

/// A lower budget on the device: a 640×480 camera under 320×240 pixels is binned 2×2 and fed
/// through a 320-sample row feeder (the example in docs/device.md), rows equal to whole frames.
#[test]
fn device_rows_under_a_lower_budget() {
    let cfg = ClipConfig::new(640, 480, 30.0)
        .unwrap()
        .with_analysis_pixels(320 * 240)
        .unwrap();
    assert_eq!(DeviceClipScorer::new(cfg).unwrap().analysis_factor(), 2);
    scorers_agree_within::<{ config::DEVICE_WORK_PIXELS }, { config::DEVICE_SERIES_RECORDS }, 320>(
        640,
        480,
        24,
        320 * 240,
    );
}

#[test]
fn row_protocol_errors() {
    let cfg = ClipConfig::new(4, 2, 30.0).unwrap();
    let mut s = DeviceClipScorer::new(cfg).unwrap();
    let mut small = RowFeeder::<3>::new();
    assert!(s.begin_frame(&mut small).is_err());
    let mut f = RowFeeder::<4>::new();
    assert!(s.push_row(&mut f, &[0; 4]).is_err());
    assert!(s.end_frame(&mut f).is_err());
    s.begin_frame(&mut f).unwrap();
    s.push_row(&mut f, &[0; 4]).unwrap();
    assert!(s.end_frame(&mut f).is_err());
    assert!(s.finish().is_err());
    s.push_row(&mut f, &[0; 4]).unwrap();
    assert!(s.push_row(&mut f, &[0; 4]).is_err());
    s.end_frame(&mut f).unwrap();
    s.finish().unwrap();
}

#[test]
fn state_budgets() {
    // The budget table of docs/device.md; the compile-time asserts in the core hold the same bounds.
    println!("ClipScorer {}", ClipScorer::STATE_BYTES);
    println!("DeviceClipScorer {}", DeviceClipScorer::STATE_BYTES);
    println!("RowFeeder<320> {}", RowFeeder::<320>::STATE_BYTES);
    println!("RowFeeder<640> {}", RowFeeder::<640>::STATE_BYTES);
    println!("FrameStatsRows<320> {}", FrameStatsRows::<320>::STATE_BYTES);
    println!("FrameStatsRows<640> {}", FrameStatsRows::<640>::STATE_BYTES);
    const { assert!(DeviceClipScorer::STATE_BYTES <= 32 * 1024) };
    const { assert!(RowFeeder::<320>::STATE_BYTES <= 9 * 1024) };
    const { assert!(RowFeeder::<640>::STATE_BYTES <= 11 * 1024) };
}
