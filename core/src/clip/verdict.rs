//! The 0–100 score of a take and its deductions.
//!
//! Each defect `i` keeps a factor `f_i = 1 − weight_i · severity_i · (0.5 + 0.5 · coverage_i)`
//! (weight from [`super::rules`] unless a [`VerdictConfig`] changes it, coverage = share of the take's frames the defect spans) and
//! the score is `100 · Π f_i`. Every factor is in (0, 1], so a defect never raises the score,
//! a stronger or longer one never scores above a weaker or shorter one, and two defects score
//! below either alone. The points a defect costs are its share of the loss in proportion to
//! `ln f_i` (the order of the list does not matter): `points_i = (100 − score) · ln f_i / Σ ln f_j`,
//! so the points add up to `100 − score`.
//!
//! Only defects cost points: there is no term for absolute sharpness (noise read as detail
//! would raise it), so a take with no defect scores 100.

use super::config::{MAX_DEFECTS, VerdictConfig};
use super::report::Defect;

fn clamp01(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// Factor of one defect in a take of `frames` frames (in (0, 1]).
fn factor(d: &Defect, frames: u32, verdict: &VerdictConfig) -> f64 {
    let frames = f64::from(frames.max(1));
    let coverage = clamp01(f64::from(d.end.saturating_sub(d.start) + 1) / frames);
    1.0 - verdict.weight(d.kind) * clamp01(d.severity) * (0.5 + 0.5 * coverage)
}

/// Scores a take of `frames` frames with `defects` (at most `MAX_DEFECTS` count), writing each
/// defect's `points`; returns the score (module docs). Deterministic: the same defects in the
/// same order give the same bits.
pub fn score_and_points(frames: u32, defects: &mut [Defect]) -> f64 {
    score_and_points_with(frames, defects, &VerdictConfig::DEFAULT)
}

/// [`score_and_points`] with `verdict`'s weights (an ignored kind weighs 0 here; dropping its
/// defects is [`ClipReport::set_verdict`](super::ClipReport::set_verdict)'s part).
pub fn score_and_points_with(frames: u32, defects: &mut [Defect], verdict: &VerdictConfig) -> f64 {
    let mut logs = [0f64; MAX_DEFECTS];
    let mut total_log = 0.0;
    for (l, d) in logs.iter_mut().zip(defects.iter()) {
        *l = libm::log(factor(d, frames, verdict));
        total_log += *l;
    }
    let score = 100.0 * clamp01(libm::exp(total_log));
    let loss = 100.0 - score;
    for (d, l) in defects.iter_mut().zip(logs) {
        d.points = if total_log < 0.0 {
            loss * (l / total_log)
        } else {
            0.0
        };
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clip::DefectKind;

    fn d(kind: DefectKind, start: u32, end: u32, severity: f64) -> Defect {
        Defect::of(kind, start, end, severity)
    }

    #[test]
    fn points_add_up_and_defects_only_lower_the_score() {
        let mut none: [Defect; 0] = [];
        assert_eq!(score_and_points(100, &mut none), 100.0);
        let mut blur = [d(DefectKind::Blur, 10, 29, 0.6)];
        let one = score_and_points(100, &mut blur);
        // 1 − 0.5 · 0.6 · (0.5 + 0.5 · 0.2), written out.
        assert!((one - 100.0 * (1.0 - 0.5 * 0.6 * 0.6)).abs() < 1e-12);
        assert!((blur[0].points - (100.0 - one)).abs() < 1e-12);
        let mut two = [
            d(DefectKind::Blur, 10, 29, 0.6),
            d(DefectKind::Noise, 50, 99, 0.3),
        ];
        let both = score_and_points(100, &mut two);
        let mut noise = [d(DefectKind::Noise, 50, 99, 0.3)];
        let alone = score_and_points(100, &mut noise);
        assert!(both < one && both < alone);
        assert!((two[0].points + two[1].points - (100.0 - both)).abs() < 1e-9);
        // Order does not change the points.
        let mut swapped = [two[1], two[0]];
        score_and_points(100, &mut swapped);
        assert!((swapped[1].points - two[0].points).abs() < 1e-9);
        // Stronger never scores above weaker.
        let mut strong = [d(DefectKind::Blur, 10, 29, 0.9)];
        assert!(score_and_points(100, &mut strong) < one);
        // The heaviest kind at full severity over the whole take still leaves a share.
        let mut short = [d(DefectKind::TooShort, 0, 0, 1.0)];
        let s = score_and_points(1, &mut short);
        assert!(s > 0.0 && s < 10.0 && (short[0].points - (100.0 - s)).abs() < 1e-9);
    }

    #[test]
    fn weights_follow_the_verdict_config() {
        let v = VerdictConfig::DEFAULT
            .with_weight(DefectKind::Blur, 0.2)
            .unwrap()
            .with_weight(DefectKind::Noise, 0.0)
            .unwrap();
        let mut two = [
            d(DefectKind::Blur, 10, 29, 0.6),
            d(DefectKind::Noise, 50, 99, 0.3),
        ];
        let s = score_and_points_with(100, &mut two, &v);
        // Blur weighs 0.2 instead of 0.5; noise weighs nothing, costs no point, stays listed.
        assert!((s - 100.0 * (1.0 - 0.2 * 0.6 * 0.6)).abs() < 1e-12);
        assert_eq!(two[1].points, 0.0);
        assert!((two[0].points - (100.0 - s)).abs() < 1e-12);
        // An ignored kind weighs nothing here either.
        let ignored = VerdictConfig::DEFAULT.ignoring(DefectKind::Blur);
        assert!(ignored.ignores(DefectKind::Blur) && !ignored.ignores(DefectKind::Noise));
        assert_eq!(ignored.weight(DefectKind::Blur), 0.0);
        let mut blur = [d(DefectKind::Blur, 0, 99, 1.0)];
        assert_eq!(score_and_points_with(100, &mut blur, &ignored), 100.0);
        // The defaults are the rules' weights.
        for k in DefectKind::ALL {
            assert_eq!(
                VerdictConfig::default().weight(k),
                super::super::rules::weight(k)
            );
        }
        // Weights outside [0, 1) are refused.
        for bad in [1.0, -0.1, f64::NAN, f64::INFINITY] {
            assert!(
                VerdictConfig::DEFAULT
                    .with_weight(DefectKind::Blur, bad)
                    .is_err(),
                "{bad}"
            );
        }
        assert_eq!(
            DefectKind::from_name("color_shift"),
            Some(DefectKind::ColorShift)
        );
        assert_eq!(DefectKind::from_name("Blur"), None);
    }
}
