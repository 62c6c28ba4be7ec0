//! The blur rule's threshold as a sharpness level per frame, so a plot of sharpness can draw
//! the line the rule decides by.
//!
//! The rule ([`super::defects`]) reads a frame's *detail*: its sharpness `s` (variance of the
//! Laplacian) less what noise of σ adds, per unit of the picture's own variance
//! `v = (255 · rms_contrast)²` less the noise's share,
//!
//! ```text
//! detail = max(0, s − g·σ²) / (max(0, v − σ²·g/20) + 1)
//! ```
//!
//! with `g` = [`LAPLACIAN_NOISE_GAIN`] (20, the Laplacian kernel's squared weights), or a
//! quarter of it when the statistics are 2×-binned (binning divides white noise's variance by 4
//! while σ is read at full resolution). A frame is blurred when its detail falls below
//! [`BLUR_DROP`] × the median detail of its shot (nearest rank), or when `s / (v + 1)` falls
//! below [`BLUR_ABSOLUTE`]. Solved for `s`, the frame is flagged when its sharpness is below
//!
//! ```text
//! level = max(BLUR_DROP · m · (max(0, v − σ²·g/20) + 1) + g·σ²,  BLUR_ABSOLUTE · (v + 1))
//! ```
//!
//! where `m` is the shot's median detail (the first term is 0 when `m` is 0: the relative rule
//! then flags nothing). A defect needs such frames for at least
//! [`MIN_DEFECT_SECONDS`](super::config::MIN_DEFECT_SECONDS). Takes longer than
//! [`SERIES_RECORDS`](super::config::SERIES_RECORDS) frames are judged on merged pairs of
//! frames; the level per frame is then what the rule reads from their means.

use super::config::{BLUR_ABSOLUTE, BLUR_DROP, LAPLACIAN_NOISE_GAIN};
use super::report::FrameObservation;
use crate::error::{Error, check_finite};

/// `g`, the Laplacian variance that noise of σ = 1 adds at the statistics' resolution.
pub fn noise_gain(analysis_factor: usize) -> f64 {
    if analysis_factor == 2 {
        LAPLACIAN_NOISE_GAIN / 4.0
    } else {
        LAPLACIAN_NOISE_GAIN
    }
}

/// The picture's variance less the noise's share, `max(0, v − σ²·g/20)`.
fn signal(variance: f64, sigma: f64, gain: f64) -> f64 {
    (variance - sigma * sigma * gain / LAPLACIAN_NOISE_GAIN).max(0.0)
}

/// A frame's detail as the blur rule reads it (module docs), from its sharpness, luma
/// variance and noise σ.
pub fn detail(sharpness: f64, variance: f64, sigma: f64, gain: f64) -> f64 {
    (sharpness - gain * sigma * sigma).max(0.0) / (signal(variance, sigma, gain) + 1.0)
}

/// The sharpness below which the blur rule flags a frame of luma variance `variance` and noise
/// `sigma` in a shot of median detail `shot_median` (module docs).
pub fn level(shot_median: f64, variance: f64, sigma: f64, gain: f64) -> f64 {
    let relative = if shot_median > 0.0 {
        BLUR_DROP * shot_median * (signal(variance, sigma, gain) + 1.0) + gain * sigma * sigma
    } else {
        0.0
    };
    relative.max(BLUR_ABSOLUTE * (variance + 1.0))
}

/// Luma variance of an observed frame, code values².
fn variance(o: &FrameObservation) -> f64 {
    let sd = o.stats.rms_contrast * 255.0;
    sd * sd
}

/// Writes to `out[i]` the blur level of frame `i` of a take (module docs): `observations` as the
/// scorer returned them, `cuts` the report's (first frames of new shots, ascending) and
/// `analysis_factor` the scorer's. `scratch` and `out` hold at least as many values as there are
/// observations. Errors on a non-finite statistic (naming it and the frame) or short buffers.
pub fn blur_levels(
    observations: &[FrameObservation],
    cuts: &[u32],
    analysis_factor: usize,
    scratch: &mut [f64],
    out: &mut [f64],
) -> Result<(), Error> {
    let n = observations.len();
    for (len, _) in [(scratch.len(), "scratch"), (out.len(), "out")] {
        if len < n {
            return Err(Error::BufferTooShort {
                needed: n,
                got: len,
            });
        }
    }
    for (i, o) in observations.iter().enumerate() {
        check_finite("sharpness", o.stats.sharpness).map_err(|e| e.at(i))?;
        check_finite("rms_contrast", o.stats.rms_contrast).map_err(|e| e.at(i))?;
        check_finite("noise_sigma", o.stats.noise_sigma).map_err(|e| e.at(i))?;
    }
    let gain = noise_gain(analysis_factor);
    let shot_of = |i: usize| cuts.iter().filter(|&&c| c as usize <= i).count();
    let mut start = 0;
    while start < n {
        let shot = shot_of(start);
        let mut end = start;
        while end + 1 < n && shot_of(end + 1) == shot {
            end += 1;
        }
        let frames = &observations[start..=end];
        let values = &mut scratch[..frames.len()];
        for (v, o) in values.iter_mut().zip(frames) {
            *v = detail(o.stats.sharpness, variance(o), o.stats.noise_sigma, gain);
        }
        values.sort_unstable_by(f64::total_cmp);
        // Nearest rank, round(0.5 · (n − 1)), as the rule takes its shot quantiles.
        let median = values[libm::round(0.5 * (values.len() - 1) as f64) as usize];
        for (l, o) in out[start..=end].iter_mut().zip(frames) {
            *l = level(median, variance(o), o.stats.noise_sigma, gain);
        }
        start = end + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::clip::{ClipConfig, ClipScorer, DefectKind};
    use crate::plane::Plane;

    fn obs(sharpness: f64, rms_contrast: f64, noise_sigma: f64) -> FrameObservation {
        let mut o = FrameObservation::default();
        o.stats.sharpness = sharpness;
        o.stats.rms_contrast = rms_contrast;
        o.stats.noise_sigma = noise_sigma;
        o
    }

    #[test]
    fn level_is_where_the_detail_crosses_its_share_of_the_median() {
        // Constructed: v = (255 · 0.2)² = 2601, σ = 2, g = 20: signal = 2601 − 4 = 2597.
        let (v, sigma, m) = (2601.0, 2.0, 0.5);
        let l = level(m, v, sigma, 20.0);
        assert!((l - (BLUR_DROP * 0.5 * 2598.0 + 80.0)).abs() < 1e-9, "{l}");
        // Just below the level the frame's detail is below BLUR_DROP · m, just above it is not.
        assert!(detail(l * (1.0 - 1e-9), v, sigma, 20.0) < BLUR_DROP * m);
        assert!(detail(l * (1.0 + 1e-9), v, sigma, 20.0) > BLUR_DROP * m);
        // A soft shot (median 0) leaves the absolute rule alone.
        assert_eq!(level(0.0, v, sigma, 20.0), BLUR_ABSOLUTE * (v + 1.0));
        // 2×-binned statistics: a quarter of the gain.
        assert_eq!(noise_gain(2), LAPLACIAN_NOISE_GAIN / 4.0);
        assert_eq!(noise_gain(1), LAPLACIAN_NOISE_GAIN);
        assert_eq!(noise_gain(4), LAPLACIAN_NOISE_GAIN);
    }

    #[test]
    fn each_shot_has_its_own_median_and_bad_input_is_refused() {
        // Two shots (cut at 3): details are s / (v + 1) with σ = 0; medians of the nearest rank.
        let c = 0.1; // v = 25.5² = 650.25
        let v = 650.25;
        let s = [100.0, 300.0, 200.0, 40.0, 80.0, 60.0, 20.0];
        let o: [FrameObservation; 7] = core::array::from_fn(|i| obs(s[i], c, 0.0));
        let (mut scratch, mut out) = ([0.0; 7], [0.0; 7]);
        blur_levels(&o, &[3], 1, &mut scratch, &mut out).unwrap();
        let first = BLUR_DROP * (200.0 / (v + 1.0)) * (v + 1.0); // median of 100, 300, 200
        let second = BLUR_DROP * (60.0 / (v + 1.0)) * (v + 1.0); // round(1.5) = rank 2 of 20 40 60 80
        for (i, l) in out.iter().enumerate() {
            let want = if i < 3 { first } else { second }.max(BLUR_ABSOLUTE * (v + 1.0));
            assert!((l - want).abs() < 1e-9 * want, "{i}: {l} vs {want}");
        }
        let mut bad = o;
        bad[4].stats.noise_sigma = f64::NAN;
        let e = blur_levels(&bad, &[3], 1, &mut scratch, &mut out).unwrap_err();
        assert!(
            matches!(
                e,
                Error::InvalidValue {
                    name: "noise_sigma",
                    index: Some(4),
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(matches!(
            blur_levels(&o, &[], 1, &mut scratch[..6], &mut out),
            Err(Error::BufferTooShort { needed: 7, got: 6 })
        ));
    }

    /// The scorer's blur defects lie exactly on the runs of frames under the level: a textured
    /// pan whose middle third is box-blurred.
    #[test]
    fn the_blur_defect_is_where_sharpness_falls_below_the_level() {
        const W: usize = 96;
        const H: usize = 64;
        const N: usize = 60;
        // Broad shapes (most of the variance) and fine ripples (most of the Laplacian).
        let pattern = |x: f64, y: f64| {
            128.0
                + 45.0 * libm::sin(0.13 * x + 0.09 * y)
                + 30.0 * libm::sin(0.11 * x - 0.17 * y)
                + 14.0 * libm::sin(1.9 * x + 0.7 * y)
                + 10.0 * libm::sin(0.8 * x - 2.1 * y)
        };
        // The share of a 5×5 box blur mixed in: 0 to frame 10, up to 1 at frame 30, back to 0
        // at frame 50, so the rule's span ends where the level crosses the sharpness.
        let share: [f64; N] =
            core::array::from_fn(|k| (1.0 - (k as f64 - 30.0).abs() / 20.0).max(0.0));
        let cfg = ClipConfig::new(W, H, 30.0).unwrap();
        let mut scorer = std::boxed::Box::new(ClipScorer::new(cfg).unwrap());
        let mut seen = [FrameObservation::default(); N];
        let mut frame = [0u8; W * H];
        for (k, o) in seen.iter_mut().enumerate() {
            for y in 0..H {
                for x in 0..W {
                    let at = |dx: f64, dy: f64| pattern(x as f64 + k as f64 + dx, y as f64 + dy);
                    let mut blurred = 0.0;
                    for dy in -2..=2 {
                        for dx in -2..=2 {
                            blurred += at(f64::from(dx), f64::from(dy)) / 25.0;
                        }
                    }
                    let v = (1.0 - share[k]) * at(0.0, 0.0) + share[k] * blurred;
                    frame[y * W + x] = libm::round(v) as u8;
                }
            }
            *o = scorer.push(&Plane::new(&frame, W, H, W).unwrap()).unwrap();
        }
        let r = scorer.finish().unwrap();
        let (mut scratch, mut level) = ([0.0; N], [0.0; N]);
        blur_levels(
            &seen,
            &r.cuts,
            scorer.analysis_factor(),
            &mut scratch,
            &mut level,
        )
        .unwrap();
        let under: [bool; N] = core::array::from_fn(|i| seen[i].stats.sharpness < level[i]);
        let blur: heapless::Vec<_, 4> = r
            .defects
            .iter()
            .filter(|d| d.kind == DefectKind::Blur)
            .collect();
        assert_eq!(blur.len(), 1, "{:?}", r.defects);
        let (a, b) = (blur[0].start as usize, blur[0].end as usize);
        // The span starts and ends inside the ramps, not at their ends.
        assert!(a > 12 && a < 30 && b > 30 && b < 48, "blur {a}..={b}");
        for (i, u) in under.iter().enumerate() {
            let l = level[i];
            assert_eq!(
                *u,
                (a..=b).contains(&i),
                "frame {i}: sharpness {} level {l}",
                seen[i].stats.sharpness
            );
        }
    }
}
