//! The defect kinds as data: for each, what a person sees, what it is measured from, and its
//! weight in the verdict ([`super::verdict`]). Thresholds and severity ramps are the named
//! constants of [`super::config`] that each rule's doc names; the README's table of defect
//! kinds is checked against this one (python/tests/test_rules_table.py).
//!
//! Weights are how much a defect of severity 1 covering the whole take removes. Freezes,
//! static takes and flicker ruin a take outright; blur, colour shifts and shake are usually
//! fatal; noise, blocking and exposure faults can be graded in post. Sound: clipping and
//! silence need a new take or a re-dub; loudness is fixed by normalising, so it weighs least; a
//! flat voice is a performance fault. Boiling texture, popping objects and impossible motion are
//! the generation failures that make a take unusable whatever its polish. Detector kinds: morphing text and a subject whose clothes
//! change are the generation failures viewers notice first; a stiff face reads as uncanny. A
//! take too short to judge is never a keeper. These are judgement weights (like VBench's equal
//! weighting, not fitted to ratings); a clip without sound, text or faces is never penalised for
//! their absence. Every weight is below 1, so every defect keeps a share of the score to explain.

use super::report::DefectKind;

/// One defect kind's rule as data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindRule {
    /// The kind.
    pub kind: DefectKind,
    /// Share of the score a severity-1 defect over the whole take removes, in (0, 1).
    pub weight: f64,
    /// What a person sees.
    pub meaning: &'static str,
    /// What the scorer measures to find it, and the thresholds that decide.
    pub measured_from: &'static str,
}

const fn r(
    kind: DefectKind,
    weight: f64,
    meaning: &'static str,
    measured_from: &'static str,
) -> KindRule {
    KindRule {
        kind,
        weight,
        meaning,
        measured_from,
    }
}

/// The rule of `kind`.
pub const fn rule(kind: DefectKind) -> KindRule {
    use DefectKind as K;
    match kind {
        K::Flicker => r(
            K::Flicker,
            0.6,
            "brightness pumps from frame to frame",
            "frame mean luma off the mean of its neighbours within a shot (FLICKER_MIN_STEP)",
        ),
        K::Freeze => r(
            K::Freeze,
            0.6,
            "the picture stops moving for a while",
            "mean absolute difference to a reference frame, or to its closest brightness and contrast change, <= 0.001 of full scale (FFmpeg freezedetect's rule) for FREEZE_MIN_SECONDS",
        ),
        K::Static => r(
            K::Static,
            0.9,
            "the whole take barely moves: a still image",
            "share of frozen frames (STATIC_FROZEN_SHARE) or mean motion net of uniform brightness steps (STATIC_MOTION)",
        ),
        K::Blur => r(
            K::Blur,
            0.5,
            "frames softer than the rest of their shot, or soft outright",
            "Laplacian variance less the noise's share (20 sigma^2) against the shot median (BLUR_DROP), and per unit of variance (BLUR_ABSOLUTE)",
        ),
        K::Noise => r(
            K::Noise,
            0.35,
            "grain or generation noise",
            "Immerkaer noise sigma (NOISE_SIGMA), or NOISE_RELATIVE_RATIO times its shot's quietest frames",
        ),
        K::Blockiness => r(
            K::Blockiness,
            0.35,
            "a visible 8x8 coding-block grid",
            "luma steps on the 8-pixel grid against steps off it (BLOCKINESS_THRESHOLD)",
        ),
        K::Overexposed => r(
            K::Overexposed,
            0.4,
            "blown-out highlights",
            "share of pixels at full white (OVEREXPOSED_WHITE), or mean luma OVEREXPOSED_GAIN times its shot's darker frames",
        ),
        K::Underexposed => r(
            K::Underexposed,
            0.4,
            "a crushed or very dark picture",
            "share of pixels at black (UNDEREXPOSED_BLACK) or 90th percentile (UNDEREXPOSED_P90), or a 90th percentile UNDEREXPOSED_DROP below its shot's brighter frames",
        ),
        K::LowContrast => r(
            K::LowContrast,
            0.3,
            "a washed-out, flat picture",
            "RMS contrast (LOW_CONTRAST_RMS), or contrast per unit of brightness LOW_CONTRAST_DROP below its shot's; not where blown whites make a record overexposed, and only per unit of brightness where it is underexposed",
        ),
        K::Shake => r(
            K::Shake,
            0.45,
            "the camera jitters",
            "global translation off the mean of its neighbours, share of the width (SHAKE_JITTER)",
        ),
        K::ColorShift => r(
            K::ColorShift,
            0.5,
            "a region changes colour with no cut and no motion",
            "chroma jump of an 8x8 grid cell still but for flicker or the camera's pan (COLOR_SHIFT_JUMP), until it changes back",
        ),
        K::Clipping => r(
            K::Clipping,
            0.5,
            "sound distorts at full scale",
            "runs of full-scale samples, or pinned near full scale",
        ),
        K::TooQuiet => r(
            K::TooQuiet,
            0.25,
            "sound far too quiet",
            "BS.1770 integrated loudness below the target by LOUDNESS_TOLERANCE_LU",
        ),
        K::TooLoud => r(
            K::TooLoud,
            0.3,
            "sound far too loud",
            "BS.1770 integrated loudness above the target by LOUDNESS_TOLERANCE_LU",
        ),
        K::Silence => r(
            K::Silence,
            0.4,
            "the sound drops out",
            "100 ms sub-blocks below SILENCE_LUFS for SILENCE_MIN_SECONDS",
        ),
        K::MonotoneVoice => r(
            K::MonotoneVoice,
            0.3,
            "a flat, robotic voice",
            "YIN pitch spread of voiced speech",
        ),
        K::GarbledText => r(
            K::GarbledText,
            0.5,
            "letters that garble or morph",
            "OCR confidence and reading changes between frames (detector outputs)",
        ),
        K::StiffFace => r(
            K::StiffFace,
            0.4,
            "a face that never blinks or moves its expression",
            "eye openness and expression series from face landmarks (detector outputs)",
        ),
        K::AppearanceShift => r(
            K::AppearanceShift,
            0.6,
            "a subject whose clothes or identity change, or new colours at a cut in the same scene",
            "colours of the new shot unseen in the frame before the cut (PALETTE_NEW_MIN), or in its salient region when the two frames show the same scene (SALIENT_NEW_MIN, SALIENT_SAME_SCENE); a subject's colour signature or embedding across shots (detector outputs)",
        ),
        K::TooShort => r(
            K::TooShort,
            0.95,
            "too short to judge: a still image or a few frames",
            "fewer than MIN_JUDGE_FRAMES frames or MIN_JUDGE_SECONDS seconds",
        ),
        K::Boiling => r(
            K::Boiling,
            0.5,
            "texture that boils or crawls: re-drawn every frame instead of moving",
            "best-shift residual of a 16x16 grid cell (block matching around the camera's motion) against its texture (BOIL_RATIO), sustained for BOIL_MIN_SECONDS",
        ),
        K::Popping => r(
            K::Popping,
            0.5,
            "something appears at once and vanishes again, without a cut or motion",
            "a grid cell's residual steps by POP_STEP for one frame between still ones, and again where it vanishes within POP_JOIN_SECONDS; never in more than POP_MAX_CELLS cells at once",
        ),
        K::ImpossibleMotion => r(
            K::ImpossibleMotion,
            0.5,
            "an object moves against physics: falls upward or jumps across the frame",
            "a small object tracked against the camera: upward acceleration in free flight (FLIGHT_UP_ACCEL) or a jump of FLIGHT_JUMP of the width",
        ),
    }
}

/// Every kind's rule, in code order.
pub const RULES: [KindRule; DefectKind::ALL.len()] = {
    let mut out = [rule(DefectKind::Flicker); DefectKind::ALL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = rule(DefectKind::ALL[i]);
        i += 1;
    }
    out
};

/// The share of the score a take without defects loses at most for coming near `kind`'s
/// threshold ([`super::verdict`]): for the kinds whose signal is a departure from the take's
/// own motion or from the rest of its shot (still takes, softening, jitter, pumping, stalls,
/// colour jumps), where a weaker fault than the threshold still shows, and for noise, which
/// would otherwise pass for motion (it lowers a take's nearness to a still one). The other
/// level kinds (blocking, exposure, contrast) measure the content as much as a fault, so being
/// near their thresholds costs nothing. Set on the calibration split
/// (python/benchmarks/verdict_eval.py).
pub const fn near_share(kind: DefectKind) -> f64 {
    use DefectKind as K;
    match kind {
        K::Static => 0.06,
        K::Shake => 0.04,
        K::Blur | K::Noise => 0.02,
        K::Freeze => 0.015,
        K::Flicker | K::ColorShift => 0.01,
        _ => 0.0,
    }
}

/// The share of `kind`'s threshold below which its signal is far from it (no near miss):
/// [`NEAR_FROM`](super::config::NEAR_FROM), but for a still take, whose signal (the threshold
/// motion over the take's mean motion) spans decades between clean takes,
/// [`STATIC_NEAR_FROM`](super::config::STATIC_NEAR_FROM).
pub const fn near_from(kind: DefectKind) -> f64 {
    match kind {
        DefectKind::Static => super::config::STATIC_NEAR_FROM,
        _ => super::config::NEAR_FROM,
    }
}

/// The verdict weight of `kind`.
pub const fn weight(kind: DefectKind) -> f64 {
    rule(kind).weight
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_rule_with_a_weight_below_one() {
        for (k, rule) in DefectKind::ALL.iter().zip(RULES) {
            assert_eq!(rule.kind, *k);
            assert!(rule.weight > 0.0 && rule.weight < 1.0, "{k:?}");
            assert!(!rule.meaning.is_empty() && !rule.measured_from.is_empty());
        }
    }
}
