//! The 0–100 score of a take and its deductions.
//!
//! Each defect `i` keeps a factor `f_i = 1 − weight_i · severity_i · (0.5 + 0.5 · coverage_i)`
//! (weight from [`super::rules`], coverage = share of the take's frames the defect spans) and
//! the score is `100 · Π f_i`. Every factor is in (0, 1], so a defect never raises the score,
//! a stronger or longer one never scores above a weaker or shorter one, and two defects score
//! below either alone. The points a defect costs are its share of the loss in proportion to
//! `ln f_i` (the order of the list does not matter): `points_i = (100 − score) · ln f_i / Σ ln f_j`,
//! so the points add up to `100 − score`.
//!
//! Only defects cost points: there is no term for absolute sharpness (noise read as detail
//! would raise it), so a take with no defect scores 100.

use super::config::MAX_DEFECTS;
use super::report::Defect;
use super::rules::weight;

fn clamp01(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// Factor of one defect in a take of `frames` frames (in (0, 1]).
fn factor(d: &Defect, frames: u32) -> f64 {
    let frames = f64::from(frames.max(1));
    let coverage = clamp01(f64::from(d.end.saturating_sub(d.start) + 1) / frames);
    1.0 - weight(d.kind) * clamp01(d.severity) * (0.5 + 0.5 * coverage)
}

/// Scores a take of `frames` frames with `defects` (at most `MAX_DEFECTS` count), writing each
/// defect's `points`; returns the score (module docs). Deterministic: the same defects in the
/// same order give the same bits.
pub fn score_and_points(frames: u32, defects: &mut [Defect]) -> f64 {
    let mut logs = [0f64; MAX_DEFECTS];
    let mut total_log = 0.0;
    for (l, d) in logs.iter_mut().zip(defects.iter()) {
        *l = libm::log(factor(d, frames));
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
        Defect {
            kind,
            start,
            end,
            severity,
            points: 0.0,
        }
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
}
