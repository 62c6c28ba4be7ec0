//! The 0–100 score of a take and its deductions, in two tiers: a take with a defect always
//! scores below a take without one, and near misses order the takes without one.
//!
//! Each defect `i` has a factor `f_i = 1 − weight_i · severity_i · (0.5 + 0.5 · coverage_i)`
//! (weight from [`super::rules`] unless a [`VerdictConfig`] changes it; coverage = share of the
//! take's frames the defect spans). Each near-miss kind `k` has a factor `g_k = 1 − m_k · c_k`,
//! where `c_k` ∈ [0, 1] is how near the take came to the kind's threshold without a defect
//! ([`NearMisses`]) and `m_k = s_k · w_k / w_k⁰` the kind's near-miss share
//! ([`super::rules::near_share`]) scaled by the configured weight over the rule's. With
//! `F = Π_k (1 − m_k)` (every near miss at its threshold at once):
//!
//! - a take with a defect scores `100 · F · Π f_i`, and the defects share its loss;
//! - a take without one scores `100 · Π g_k` (in `[100 · F, 100]`), and the near misses share
//!   its loss.
//!
//! So a defect never raises a score (`F · Π f_i < F ≤ Π g_k`), a stronger or longer defect
//! never scores above a weaker or shorter one, two defects score below either alone, and a take
//! that came nearer a threshold scores below one that stayed far. The shares are in proportion
//! to the log factors (the order does not matter):
//! `points_i = (100 − score) · ln f_i / Σ_j ln f_j` (likewise `ln g_k / Σ ln g`), so the points
//! add up to `100 − score`.
//!
//! There is no term for absolute sharpness (noise read as detail would raise it): a take with
//! no defect and no near miss scores 100.

use super::config::{MAX_DEFECTS, VerdictConfig};
use super::report::{Defect, DefectKind};
use super::rules::{near_from, near_share, weight};

/// The kinds a take can come near without a defect: the whole-picture video kinds
/// (`DefectKind` codes `0..NEAR_KINDS`).
pub const NEAR_KINDS: usize = 11;

/// How near a take came to each near-miss kind's threshold, per kind code below
/// [`NEAR_KINDS`]: `0` = far (a rule's signal at most `a` = [`near_from`] of its threshold),
/// `255` = at or past it, and in between `255 · ln(x / a) / ln(1 / a)` for a signal at
/// `x` of its threshold (rounded; a log scale, since the signals span decades). Quantised so
/// that a C device keeps it in 11 bytes and every binding scores it bit for bit alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NearMisses(pub [u8; NEAR_KINDS]);

impl NearMisses {
    /// No kind came near.
    pub const NONE: NearMisses = NearMisses([0; NEAR_KINDS]);

    /// Records that the take's signal for `kind` reached `x` of its threshold (the largest
    /// reading is kept; NaN and kinds without a near-miss slot are ignored).
    pub fn note(&mut self, kind: DefectKind, x: f64) {
        let Some(slot) = self.0.get_mut(kind as usize) else {
            return;
        };
        let from = near_from(kind);
        if x.is_nan() || x <= from {
            return;
        }
        let c = if x >= 1.0 {
            1.0
        } else {
            libm::log(x / from) / libm::log(1.0 / from)
        };
        let q = libm::round(c.clamp(0.0, 1.0) * 255.0) as u8;
        *slot = (*slot).max(q);
    }

    /// Forgets `kind`'s near miss (the take has a defect of that kind).
    pub fn clear(&mut self, kind: DefectKind) {
        if let Some(slot) = self.0.get_mut(kind as usize) {
            *slot = 0;
        }
    }

    /// How near the take came to `kind`'s threshold, in [0, 1] (0 for kinds without a slot).
    pub fn closeness(&self, kind: DefectKind) -> f64 {
        self.0
            .get(kind as usize)
            .map_or(0.0, |&q| f64::from(q) / 255.0)
    }

    /// The factor `g_k` of `kind` under `verdict` (module docs), in (0, 1].
    pub fn factor(&self, kind: DefectKind, verdict: &VerdictConfig) -> f64 {
        1.0 - clamp01(most_near(kind, verdict) * self.closeness(kind))
    }
}

/// The most a near miss of `kind` costs under `verdict`: its share scaled by the configured
/// weight over the rule's (0 for an ignored kind).
fn most_near(kind: DefectKind, verdict: &VerdictConfig) -> f64 {
    if weight(kind) > 0.0 {
        near_share(kind) * verdict.weight(kind) / weight(kind)
    } else {
        0.0
    }
}

fn clamp01(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

/// Factor of one defect in a take of `frames` frames (in (0, 1]).
fn factor(d: &Defect, frames: u32, verdict: &VerdictConfig) -> f64 {
    let frames = f64::from(frames.max(1));
    let coverage = clamp01(f64::from(d.end.saturating_sub(d.start) + 1) / frames);
    1.0 - verdict.weight(d.kind) * clamp01(d.severity) * (0.5 + 0.5 * coverage)
}

/// The floor `F = Π_k (1 − m_k)`: what a take keeps at every near-miss threshold at once, and
/// so the most a take with a defect can score (module docs).
pub fn near_floor(verdict: &VerdictConfig) -> f64 {
    DefectKind::ALL
        .iter()
        .take(NEAR_KINDS)
        .map(|&k| 1.0 - clamp01(most_near(k, verdict)))
        .product()
}

/// Scores a take of `frames` frames with `defects` (at most `MAX_DEFECTS` count) and no near
/// miss, writing each defect's `points`; returns the score (module docs). Deterministic: the
/// same defects in the same order give the same bits.
pub fn score_and_points(frames: u32, defects: &mut [Defect]) -> f64 {
    score_and_points_with(frames, defects, &VerdictConfig::DEFAULT)
}

/// [`score_and_points`] with `verdict`'s weights (an ignored kind weighs 0 here; dropping its
/// defects is [`ClipReport::set_verdict`](super::ClipReport::set_verdict)'s part).
pub fn score_and_points_with(frames: u32, defects: &mut [Defect], verdict: &VerdictConfig) -> f64 {
    score_and_points_near(frames, defects, &NearMisses::NONE, verdict)
}

/// The log factors of the near misses, per kind code.
fn near_logs(near: &NearMisses, verdict: &VerdictConfig) -> [f64; NEAR_KINDS] {
    let mut out = [0f64; NEAR_KINDS];
    for (l, kind) in out.iter_mut().zip(DefectKind::ALL) {
        *l = libm::log(near.factor(kind, verdict));
    }
    out
}

/// The full score (module docs): `defects` and the take's `near` misses under `verdict`,
/// writing each defect's `points`. With a defect that costs anything the score is
/// `100 · F · Π f_i` and the defects share its loss; otherwise it is `100 · Π g_k`.
pub fn score_and_points_near(
    frames: u32,
    defects: &mut [Defect],
    near: &NearMisses,
    verdict: &VerdictConfig,
) -> f64 {
    let mut logs = [0f64; MAX_DEFECTS];
    let mut defect_log = 0.0;
    for (l, d) in logs.iter_mut().zip(defects.iter()) {
        *l = libm::log(factor(d, frames, verdict));
        defect_log += *l;
    }
    let score = if defect_log < 0.0 {
        100.0 * clamp01(near_floor(verdict) * libm::exp(defect_log))
    } else {
        100.0 * clamp01(libm::exp(near_logs(near, verdict).iter().sum()))
    };
    let loss = 100.0 - score;
    for (d, l) in defects.iter_mut().zip(logs) {
        d.points = if defect_log < 0.0 {
            loss * (l / defect_log)
        } else {
            0.0
        };
    }
    score
}

/// The points each near miss costs (per kind code; module docs) for a take scored `score`
/// with `defects` and `near` under `verdict`: all of `100 − score` shared by the near misses'
/// log factors when no defect costs anything, none otherwise.
pub fn near_points(
    frames: u32,
    defects: &[Defect],
    near: &NearMisses,
    verdict: &VerdictConfig,
    score: f64,
) -> [f64; NEAR_KINDS] {
    let mut out = [0f64; NEAR_KINDS];
    if defects.iter().any(|d| factor(d, frames, verdict) < 1.0) {
        return out;
    }
    let logs = near_logs(near, verdict);
    let total_log: f64 = logs.iter().sum();
    if total_log < 0.0 {
        for (p, l) in out.iter_mut().zip(logs) {
            *p = (100.0 - score) * (l / total_log);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clip::DefectKind;
    use crate::clip::config::{NEAR_FROM, STATIC_NEAR_FROM};

    fn d(kind: DefectKind, start: u32, end: u32, severity: f64) -> Defect {
        Defect::of(kind, start, end, severity)
    }

    #[test]
    fn points_add_up_and_defects_only_lower_the_score() {
        let mut none: [Defect; 0] = [];
        assert_eq!(score_and_points(100, &mut none), 100.0);
        let mut blur = [d(DefectKind::Blur, 10, 29, 0.6)];
        let one = score_and_points(100, &mut blur);
        // F · (1 − 0.5 · 0.6 · (0.5 + 0.5 · 0.2)), written out.
        let floor = near_floor(&VerdictConfig::DEFAULT);
        assert!((one - 100.0 * floor * (1.0 - 0.5 * 0.6 * 0.6)).abs() < 1e-12);
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
        // The floor scales blur's near-miss share by 0.2 / 0.5 too, and noise's by 0.
        let floor: f64 = DefectKind::ALL[..NEAR_KINDS]
            .iter()
            .map(|&k| {
                let scale = match k {
                    DefectKind::Blur => 0.4,
                    DefectKind::Noise => 0.0,
                    _ => 1.0,
                };
                1.0 - near_share(k) * scale
            })
            .product();
        assert!((near_floor(&v) - floor).abs() < 1e-15);
        assert!((s - 100.0 * floor * (1.0 - 0.2 * 0.6 * 0.6)).abs() < 1e-12);
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

    #[test]
    fn near_misses_cost_a_little_and_never_more_than_the_defect() {
        let mut near = NearMisses::NONE;
        // Far from the threshold: nothing; at or past it: all; between: on a log scale.
        near.note(DefectKind::Static, near_from(DefectKind::Static));
        assert_eq!(near.closeness(DefectKind::Static), 0.0);
        near.note(DefectKind::Flicker, 0.5);
        // ln(0.5 / 0.25) / ln(1 / 0.25) = 1/2, quantised to 255ths (127.5 rounds up).
        assert_eq!(NEAR_FROM, 0.25);
        assert_eq!(near.0[DefectKind::Flicker as usize], 128);
        near.note(DefectKind::Flicker, 0.3); // the largest reading stays
        assert_eq!(near.0[DefectKind::Flicker as usize], 128);
        // A still take's scale: ln(0.1 / 0.005) / ln(1 / 0.005) = 0.5654…, 144.2 → 144.
        assert_eq!(STATIC_NEAR_FROM, 0.005);
        near.note(DefectKind::Static, 0.1);
        assert_eq!(near.0[DefectKind::Static as usize], 144);
        near.note(DefectKind::Blur, f64::INFINITY);
        near.note(DefectKind::Shake, f64::NAN);
        near.note(DefectKind::Blockiness, 0.9); // a level kind: noted, but it costs nothing
        near.note(DefectKind::Boiling, 2.0); // no slot: ignored
        assert_eq!(near.closeness(DefectKind::Blur), 1.0);
        assert_eq!(near.closeness(DefectKind::Shake), 0.0);
        assert_eq!(near.closeness(DefectKind::Boiling), 0.0);

        let v = VerdictConfig::DEFAULT;
        let mut none: [Defect; 0] = [];
        let s = score_and_points_near(100, &mut none, &near, &v);
        let (c, cs) = (128.0 / 255.0, 144.0 / 255.0);
        let want = 100.0
            * (1.0 - near_share(DefectKind::Flicker) * c)
            * (1.0 - near_share(DefectKind::Static) * cs)
            * (1.0 - near_share(DefectKind::Blur));
        assert!((s - want).abs() < 1e-12, "{s} vs {want}");
        let points = near_points(100, &none, &near, &v, s);
        assert!((points.iter().sum::<f64>() - (100.0 - s)).abs() < 1e-9);
        assert_eq!(points[DefectKind::Blockiness as usize], 0.0);
        assert!(points[DefectKind::Static as usize] > points[DefectKind::Flicker as usize]);

        // With a defect the near misses cost nothing and the score is 100 · F · f.
        let mut one = [d(DefectKind::Flicker, 10, 19, 0.5)];
        let s1 = score_and_points_near(100, &mut one, &near, &v);
        assert_eq!(near_points(100, &one, &near, &v, s1), [0.0; NEAR_KINDS]);
        let f = 1.0 - weight(DefectKind::Flicker) * 0.5 * (0.5 + 0.5 * 0.1);
        assert!((s1 - 100.0 * near_floor(&v) * f).abs() < 1e-12);
        assert!((one[0].points - (100.0 - s1)).abs() < 1e-12);
        // F is every near miss at its threshold at once: the lowest a take without defects
        // scores, and above the weakest, shortest defect.
        let mut all = NearMisses::NONE;
        for k in DefectKind::ALL {
            all.note(k, 1.0);
        }
        let lowest = score_and_points_near(1000, &mut [], &all, &v);
        assert!((lowest - 100.0 * near_floor(&v)).abs() < 1e-9);
        let mut tiny = [d(DefectKind::Shake, 5, 5, 0.01)];
        assert!(score_and_points_near(1000, &mut tiny, &NearMisses::NONE, &v) < lowest);

        // An ignored kind's near miss costs nothing; a lighter weight costs proportionally less.
        let ignored = v.ignoring(DefectKind::Blur);
        let only_blur = {
            let mut n = NearMisses::NONE;
            n.note(DefectKind::Blur, 1.0);
            n
        };
        assert_eq!(
            score_and_points_near(10, &mut [], &only_blur, &ignored),
            100.0
        );
        let half = v
            .with_weight(DefectKind::Blur, weight(DefectKind::Blur) / 2.0)
            .unwrap();
        let s_half = score_and_points_near(10, &mut [], &only_blur, &half);
        assert!((s_half - 100.0 * (1.0 - near_share(DefectKind::Blur) / 2.0)).abs() < 1e-12);
    }
}
