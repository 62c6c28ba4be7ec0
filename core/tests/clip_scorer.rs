//! The streaming clip scorer on synthetic clips: memory bound, errors, determinism, cuts,
//! freezes and flicker placed at known frames.

mod common;

use common::SplitMix64;
use reelscore::Plane;
use reelscore::clip::{ClipConfig, ClipScorer, DefectKind};

/// A smooth frame with mild texture whose content drifts by `t` pixels (a slow pan); scene `s`
/// picks the texture and the pattern's slope.
fn frame(w: usize, h: usize, t: usize, s: u64, gain: i32) -> Vec<u8> {
    let mut rng = SplitMix64(s);
    let tex: Vec<i32> = (0..(w + 200) * h)
        .map(|_| (rng.next() >> 61) as i32)
        .collect();
    let slope = 3 + (s % 5) as usize;
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let xx = x + t;
            let ramp = ((xx * slope + y * 2) / 3 % 120) as i32;
            let v = 60 + ramp + tex[y * (w + 200) + xx] + gain;
            out[y * w + x] = v.clamp(0, 255) as u8;
        }
    }
    out
}

fn score(frames: &[Vec<u8>], w: usize, h: usize) -> reelscore::clip::ClipReport {
    let mut s = ClipScorer::new(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
    for f in frames {
        s.push(&Plane::packed(f, w, h).unwrap()).unwrap();
    }
    s.finish().unwrap()
}

#[test]
fn state_stays_within_256_kib() {
    println!("ClipScorer state: {} bytes", ClipScorer::STATE_BYTES);
    const { assert!(ClipScorer::STATE_BYTES <= 256 * 1024) };
    // The working copy of a 4K frame fits the same state.
    let s = ClipScorer::new(ClipConfig::new(3840, 2160, 30.0).unwrap()).unwrap();
    assert!(s.geometry().len() <= reelscore::clip::config::WORK_PIXELS);
}

#[test]
fn misuse_is_an_error_not_a_panic() {
    let (w, h) = (64, 48);
    assert!(ClipConfig::new(0, 48, 30.0).is_err());
    assert!(ClipConfig::new(64, 48, f64::NAN).is_err());
    assert!(ClipConfig::new(64, 48, 0.0).is_err());
    let mut s = ClipScorer::new(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
    assert!(s.finish().is_err(), "zero-length clip");
    let mut s = ClipScorer::new(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
    let f = frame(w, h, 0, 1, 0);
    let small = frame(32, 48, 0, 1, 0);
    assert!(
        s.push(&Plane::packed(&small, 32, 48).unwrap()).is_err(),
        "wrong size"
    );
    s.push(&Plane::packed(&f, w, h).unwrap()).unwrap();
    s.finish().unwrap();
    assert!(
        s.push(&Plane::packed(&f, w, h).unwrap()).is_err(),
        "push after finish"
    );
    assert!(s.finish().is_err(), "finish twice");
    s.reset(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
    s.push(&Plane::packed(&f, w, h).unwrap()).unwrap();
    assert_eq!(s.finish().unwrap().metrics.frames, 1);
}

#[test]
fn zeroed_state_configured_in_place_behaves_like_new() {
    let (w, h) = (80, 60);
    let frames: Vec<Vec<u8>> = (0..20).map(|t| frame(w, h, t, 3, 0)).collect();
    // SAFETY: the scorer documents all-zero bytes as a valid unconfigured state.
    let mut b: Box<ClipScorer> = unsafe { Box::new_zeroed().assume_init() };
    assert!(
        b.push(&Plane::packed(&frames[0], w, h).unwrap()).is_err(),
        "unconfigured"
    );
    b.reset(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
    for f in &frames {
        b.push(&Plane::packed(f, w, h).unwrap()).unwrap();
    }
    assert_eq!(b.finish().unwrap(), score(&frames, w, h));
}

#[test]
fn deterministic_and_clean_pan_has_no_defect() {
    let (w, h) = (160, 90);
    let frames: Vec<Vec<u8>> = (0..45).map(|t| frame(w, h, t, 5, 0)).collect();
    let a = score(&frames, w, h);
    assert_eq!(a, score(&frames, w, h));
    assert!(a.defects.is_empty(), "{:?}", a.defects);
    assert!(a.cuts.is_empty());
    assert!(a.score > 90.0);
}

#[test]
fn cut_freeze_and_flicker_are_located() {
    let (w, h) = (160, 90);
    let mut frames: Vec<Vec<u8>> = (0..30).map(|t| frame(w, h, t, 7, 0)).collect();
    frames.extend((0..40).map(|t| frame(w, h, t, 99, 0)));
    // Freeze frames 50..70 (copies of 50, to the end); flicker ±12 over frames 8..20.
    for i in 51..70 {
        frames[i] = frames[50].clone();
    }
    for (i, f) in frames.iter_mut().enumerate().take(20).skip(8) {
        let g = if i % 2 == 0 { 12 } else { -12 };
        *f = frame(w, h, i, 7, g);
    }
    let r = score(&frames, w, h);
    assert_eq!(r.cuts.as_slice(), &[30]);
    let find = |k| r.defects.iter().find(|d| d.kind == k).copied();
    let freeze = find(DefectKind::Freeze).expect("freeze");
    assert_eq!((freeze.start, freeze.end), (50, 69));
    let flicker = find(DefectKind::Flicker).expect("flicker");
    assert!(
        flicker.start <= 9 && flicker.end >= 18 && flicker.end <= 21,
        "{flicker:?}"
    );
    assert_eq!(r.defects.len(), 2, "{:?}", r.defects);
}

#[test]
fn long_clips_decimate_without_growing() {
    let (w, h) = (32, 24);
    let mut s = ClipScorer::new(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
    let frames: Vec<Vec<u8>> = (0..8).map(|t| frame(w, h, t, 11, 0)).collect();
    for i in 0..3000 {
        s.push(&Plane::packed(&frames[i % 8], w, h).unwrap())
            .unwrap();
    }
    let r = s.finish().unwrap();
    assert_eq!(r.metrics.frames, 3000);
    assert!(r.defects.iter().all(|d| d.end < 3000));
}

/// Video-range pushes: a short scratch or a wrong size is an error that leaves the clip as it
/// was, the next good push carries on, and the result equals expanding the luma first
/// (`expand_limited_range`, tested against the real-valued formula in `color`).
#[test]
fn video_range_push_refuses_bad_input_and_loses_nothing() {
    use reelscore::color::expand_limited_range;
    use reelscore::{Error, PlaneMut, Yuv420};
    let (w, h) = (64, 48);
    let cfg = ClipConfig::new(w, h, 25.0).unwrap();
    let mut a = Box::new(ClipScorer::new(cfg).unwrap());
    let mut b = Box::new(ClipScorer::new(cfg).unwrap());
    let chroma = vec![128u8; (w / 2) * (h / 2)];
    let c = Plane::packed(&chroma, w / 2, h / 2).unwrap();
    let mut scratch = vec![0u8; w * h];
    let mut full = vec![0u8; w * h];
    for t in 0..6 {
        let luma: Vec<u8> = frame(w, h, t, 3, 0)
            .iter()
            .map(|&v| 16 + (u16::from(v) * 219 / 255) as u8)
            .collect();
        let y = Plane::packed(&luma, w, h).unwrap();
        let frame_yuv = Yuv420::new(y, c, c).unwrap();
        assert_eq!(
            a.push_yuv420_limited(&frame_yuv, &mut scratch[..w * h - 1])
                .unwrap_err(),
            Error::LengthMismatch {
                expected: w * h,
                got: w * h - 1
            }
        );
        let small = Plane::packed(&luma[..(w - 2) * h], w - 2, h).unwrap();
        let sc = Plane::packed(&chroma[..(w / 2 - 1) * (h / 2)], w / 2 - 1, h / 2).unwrap();
        let wrong = Yuv420::new(small, sc, sc).unwrap();
        assert!(matches!(
            a.push_yuv420_limited(&wrong, &mut scratch),
            Err(Error::SizeMismatch { .. })
        ));
        assert_eq!(
            a.frames(),
            t as u32,
            "refused pushes leave the clip as it was"
        );
        let got = a.push_yuv420_limited(&frame_yuv, &mut scratch).unwrap();
        expand_limited_range(&y, &mut PlaneMut::new(&mut full, w, h, w).unwrap()).unwrap();
        let want = b
            .push_yuv420(&Yuv420::new(Plane::packed(&full, w, h).unwrap(), c, c).unwrap())
            .unwrap();
        assert_eq!(got, want);
    }
    assert_eq!(a.finish().unwrap().score, b.finish().unwrap().score);
}

#[test]
fn cuts_if_ended_are_the_cuts_finish_reports() {
    // One shot, then a cut three frames before the end: the candidate is still waiting out
    // flash suppression when the last frame is pushed, and `finish` confirms it.
    let (w, h) = (96, 64);
    let mut frames: Vec<Vec<u8>> = (0..30).map(|t| frame(w, h, t, 5, 0)).collect();
    frames.extend((0..3).map(|t| frame(w, h, t, 9, 40)));
    let mut s = ClipScorer::new(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
    for f in &frames {
        s.push(&Plane::packed(f, w, h).unwrap()).unwrap();
    }
    assert!(s.cuts().is_empty(), "not confirmed yet: {:?}", s.cuts());
    let early = s.cuts_if_ended();
    assert_eq!(early.as_slice(), &[30]);
    assert_eq!(s.finish().unwrap().cuts, early);
    assert_eq!(s.cuts_if_ended().as_slice(), &[30]);
}

/// A per-pixel remapping `(value, frame mean) -> value`.
type Remap = Box<dyn Fn(u8, f64) -> f64>;

/// The pan of [`frame`] with frames `15..30` of 45 remapped by `f` (per pixel).
fn pan_with_span(f: impl Fn(u8, f64) -> f64) -> Vec<Vec<u8>> {
    let (w, h) = (160, 90);
    (0..45)
        .map(|t| {
            let p = frame(w, h, t, 5, 0);
            if !(15..30).contains(&t) {
                return p;
            }
            let mean = p.iter().map(|&v| f64::from(v)).sum::<f64>() / p.len() as f64;
            p.iter()
                .map(|&v| f(v, mean).round().clamp(0.0, 255.0) as u8)
                .collect()
        })
        .collect()
}

#[test]
fn exposure_and_contrast_are_judged_against_their_own_shot() {
    let (w, h) = (160, 90);
    // Darker by 0.4, brighter by 1.4 + 25, contrast about the frame mean × 0.3: each a
    // relighting of the same picture (no cut), none far enough for the absolute rules alone.
    let cases: [(DefectKind, Remap); 3] = [
        (
            DefectKind::Underexposed,
            Box::new(|v, _| f64::from(v) * 0.4),
        ),
        (
            DefectKind::Overexposed,
            Box::new(|v, _| f64::from(v) * 1.4 + 25.0),
        ),
        (
            DefectKind::LowContrast,
            Box::new(|v, m| m + (f64::from(v) - m) * 0.3),
        ),
    ];
    for (kind, f) in cases {
        let r = score(&pan_with_span(f), w, h);
        assert!(r.cuts.is_empty(), "{kind:?}: {:?}", r.cuts);
        let d = r
            .defects
            .iter()
            .find(|d| d.kind == kind)
            .unwrap_or_else(|| panic!("{kind:?} not found: {:?}", r.defects));
        assert!(
            (14..=16).contains(&d.start) && (28..=30).contains(&d.end),
            "{kind:?}: {d:?}"
        );
        assert!(r.score < 95.0, "{kind:?}: {}", r.score);
    }
    // The same relighting by a tenth stays within the shot's own variation.
    let r = score(&pan_with_span(|v, _| f64::from(v) * 0.9), w, h);
    assert!(r.defects.is_empty() && r.cuts.is_empty(), "{:?}", r.defects);
}

/// Chroma-grid cells (`(x, y)` of 8×8) whose colour shifts over a span of frames.
type Tint<'a> = (&'a [(usize, usize)], core::ops::Range<usize>);

/// A pan whose chroma is flat but for the cells of each tint, shifted by (+30, −30) over its
/// frames.
fn tinted_pan(w: usize, h: usize, frames: usize, shifts: &[Tint<'_>]) -> Vec<[Vec<u8>; 3]> {
    let (cw, ch) = (w / 2, h / 2);
    (0..frames)
        .map(|t| {
            let (mut u, mut v) = (vec![120u8; cw * ch], vec![136u8; cw * ch]);
            for (cells, span) in shifts {
                if !span.contains(&t) {
                    continue;
                }
                for y in 0..ch {
                    for x in 0..cw {
                        if cells.contains(&(x * 8 / cw, y * 8 / ch)) {
                            u[y * cw + x] += 30;
                            v[y * cw + x] -= 30;
                        }
                    }
                }
            }
            [frame(w, h, t, 5, 0), u, v]
        })
        .collect()
}

#[test]
fn a_local_colour_shift_is_located_where_its_cells_changed() {
    use reelscore::Yuv420;
    let (w, h) = (160, 90);
    // A 2×2-cell patch changes colour over frames 15..30 and changes back; one cell elsewhere
    // changes at frame 45 and stays.
    let patch: &[(usize, usize)] = &[(2, 4), (3, 4), (2, 5), (3, 5)];
    let single: &[(usize, usize)] = &[(6, 1)];
    let clip = tinted_pan(w, h, 60, &[(patch, 15..30), (single, 45..60)]);
    let mut s = ClipScorer::new(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
    for [y, u, v] in &clip {
        let c = |p| Plane::packed(p, w / 2, h / 2).unwrap();
        let f = Yuv420::new(Plane::packed(y, w, h).unwrap(), c(u), c(v)).unwrap();
        s.push_yuv420(&f).unwrap();
    }
    let r = s.finish().unwrap();
    let shifts: Vec<_> = r
        .defects
        .iter()
        .filter(|d| d.kind == DefectKind::ColorShift)
        .collect();
    assert_eq!(shifts.len(), 2, "{:?}", r.defects);
    // Regions in 255ths: chroma-grid cell x spans [x/8, (x+1)/8) of the width, rounded out.
    let expect = |x0: f64, y0: f64, x1: f64, y1: f64| {
        let lo = |v: f64| (v * 255.0).floor() as u8;
        let hi = |v: f64| (v * 255.0).ceil() as u8;
        [lo(x0 / 8.0), lo(y0 / 8.0), hi(x1 / 8.0), hi(y1 / 8.0)]
    };
    assert_eq!((shifts[0].start, shifts[0].end), (15, 29));
    assert_eq!(shifts[0].region, expect(2.0, 4.0, 4.0, 6.0));
    assert_eq!((shifts[1].start, shifts[1].end), (45, 59));
    assert_eq!(shifts[1].region, expect(6.0, 1.0, 7.0, 2.0));
}

#[test]
fn a_still_picture_that_flickers_is_still_static() {
    // Frames 10..30 of 45 alternate ±12 code values. Over a still picture the take is static
    // (motion net of the uniform step is 0) and flickers; over a pan it only flickers.
    let (w, h) = (160, 90);
    let flicker = |i: usize| match i {
        10..30 if i.is_multiple_of(2) => 12,
        10..30 => -12,
        _ => 0,
    };
    let still: Vec<Vec<u8>> = (0..45).map(|i| frame(w, h, 0, 5, flicker(i))).collect();
    let pan: Vec<Vec<u8>> = (0..45).map(|i| frame(w, h, i, 5, flicker(i))).collect();
    let kinds =
        |r: &reelscore::clip::ClipReport| r.defects.iter().map(|d| d.kind).collect::<Vec<_>>();
    let r = score(&still, w, h);
    assert!(
        r.metrics.motion > 1.0,
        "the raw motion reads the steps: {}",
        r.metrics.motion
    );
    assert!(kinds(&r).contains(&DefectKind::Static), "{:?}", r.defects);
    assert!(kinds(&r).contains(&DefectKind::Flicker), "{:?}", r.defects);
    let r = score(&pan, w, h);
    assert!(!kinds(&r).contains(&DefectKind::Static), "{:?}", r.defects);
    assert!(kinds(&r).contains(&DefectKind::Flicker), "{:?}", r.defects);
}

#[test]
fn a_freeze_that_flickers_or_fades_is_still_a_freeze() {
    // A pan frozen over frames 20..44 of 60. Over the freeze the picture alternates ±12 code
    // values (clipping where it meets 0 or 255), or fades by a gain of 1 − (i − 20)/40: the
    // content stands still in both, so both are a freeze, and the flicker is flicker too.
    let (w, h) = (160, 90);
    let tone = |f: &[u8], t: &dyn Fn(f64) -> f64| -> Vec<u8> {
        f.iter()
            .map(|&v| t(f64::from(v)).round().clamp(0.0, 255.0) as u8)
            .collect()
    };
    let frozen = frame(w, h, 20, 5, 0);
    let take = |t: &dyn Fn(usize, f64) -> f64| -> Vec<Vec<u8>> {
        (0..60)
            .map(|i| match i {
                20..45 => tone(&frozen, &|v| t(i, v)),
                _ => frame(w, h, i, 5, 0),
            })
            .collect()
    };
    let flicker = take(&|i, v| if i % 2 == 0 { v + 12.0 } else { v - 12.0 });
    let fade = take(&|i, v| v * (1.0 - (i as f64 - 20.0) / 40.0));
    for (name, frames, also) in [
        ("flicker", flicker, Some(DefectKind::Flicker)),
        ("fade", fade, None),
    ] {
        let r = score(&frames, w, h);
        let freeze = r.defects.iter().find(|d| d.kind == DefectKind::Freeze);
        let freeze = freeze.unwrap_or_else(|| panic!("{name}: no freeze in {:?}", r.defects));
        assert!(freeze.start <= 21 && freeze.end >= 43, "{name}: {freeze:?}");
        if let Some(k) = also {
            assert!(
                r.defects.iter().any(|d| d.kind == k),
                "{name}: {:?}",
                r.defects
            );
        }
    }
}

#[test]
fn exposure_that_costs_contrast_is_one_fault() {
    // ×2 + 40 clips most of the picture to white: overexposed, and flat as a result; ×0.15 is
    // dim, with little contrast in code values but as much per unit of brightness. The
    // contrast either costs is the exposure's, so it is not reported a second time.
    let (w, h) = (160, 90);
    for f in [
        Box::new(|v: u8, _: f64| f64::from(v) * 2.0 + 40.0) as Remap,
        Box::new(|v: u8, _: f64| f64::from(v) * 0.15),
    ] {
        let r = score(&pan_with_span(f), w, h);
        let kinds: Vec<_> = r.defects.iter().map(|d| d.kind).collect();
        assert!(
            kinds.contains(&DefectKind::Overexposed) || kinds.contains(&DefectKind::Underexposed),
            "{:?}",
            r.defects
        );
        assert!(!kinds.contains(&DefectKind::LowContrast), "{:?}", r.defects);
    }
    // Squeezed to 0.06 of its contrast about half its mean: dim, and flat by any measure.
    let r = score(
        &pan_with_span(|v, m| 0.5 * m + (f64::from(v) - m) * 0.06),
        w,
        h,
    );
    let kinds: Vec<_> = r.defects.iter().map(|d| d.kind).collect();
    assert!(kinds.contains(&DefectKind::LowContrast), "{:?}", r.defects);
}

#[test]
fn a_pan_that_jumps_after_a_freeze_keeps_its_colours() {
    use reelscore::Yuv420;
    // A pan whose chroma is a ramp across the scene, moving with it, stops for frames 10..28
    // and then jumps 18 frames' worth of pan (18 pixels, most of a chroma-grid cell). Every
    // cell still matches its content after the shift, and that content has the colour it had:
    // a freeze, no colour shift.
    let (w, h) = (160, 90);
    let at = |i: usize| if (10..28).contains(&i) { 10 } else { i };
    let mut s = ClipScorer::new(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
    for i in 0..45 {
        let t = at(i);
        let y: Vec<u8> = (0..w * h)
            .map(|k| {
                let (x, y) = (((k % w) + t) as f64, (k / w) as f64);
                let v = 128.0
                    + 50.0 * (x * 0.07 + 2.0 * (y * 0.05).sin()).sin()
                    + 30.0 * (y * 0.11 + x * 0.013).sin();
                v as u8
            })
            .collect();
        let u: Vec<u8> = (0..(w / 2) * (h / 2))
            .map(|k| (20 + (2 * (k % (w / 2)) + t) * 220 / (w + 100)) as u8)
            .collect();
        let v: Vec<u8> = u.iter().map(|&x| 255 - x).collect();
        let c = |p| Plane::packed(p, w / 2, h / 2).unwrap();
        let f = Yuv420::new(Plane::packed(&y, w, h).unwrap(), c(&u), c(&v)).unwrap();
        s.push_yuv420(&f).unwrap();
    }
    let r = s.finish().unwrap();
    let kinds: Vec<_> = r.defects.iter().map(|d| d.kind).collect();
    assert!(kinds.contains(&DefectKind::Freeze), "{:?}", r.defects);
    assert!(!kinds.contains(&DefectKind::ColorShift), "{:?}", r.defects);
}

#[test]
fn shake_along_both_axes_is_shake() {
    // A still scene jerked by up to ±16 columns and ±10 rows at once on frames 15..35, the
    // uncovered border repeating the edge (as stabilisers and the verdict corpus do). Each
    // brightness profile alone is spoiled by the move along the other axis; the pair still
    // aligns the frames, so the camera's jitter is measured and reported.
    let (w, h) = (160, 90);
    let mut rng = SplitMix64(17);
    let base = frame(w, h, 0, 5, 0);
    let moved = |dx: i64, dy: i64| -> Vec<u8> {
        (0..w * h)
            .map(|k| {
                let x = ((k % w) as i64 - dx).clamp(0, w as i64 - 1) as usize;
                let y = ((k / w) as i64 - dy).clamp(0, h as i64 - 1) as usize;
                base[y * w + x]
            })
            .collect()
    };
    let frames: Vec<Vec<u8>> = (0..45)
        .map(|i| {
            if (15..35).contains(&i) {
                let dx = (rng.next() % 33) as i64 - 16;
                let dy = (rng.next() % 21) as i64 - 10;
                moved(dx, dy)
            } else {
                moved(0, 0)
            }
        })
        .collect();
    let r = score(&frames, w, h);
    let shake = r.defects.iter().find(|d| d.kind == DefectKind::Shake);
    let shake = shake.unwrap_or_else(|| panic!("{:?}", r.defects));
    assert!(shake.start >= 14 && shake.end <= 36, "{shake:?}");
}
