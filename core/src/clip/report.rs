//! What the clip scorer returns: per-frame observations, defects, and the final report.

use super::config::{MAX_CUTS, MAX_DEFECTS, VerdictConfig};
use super::verdict::NearMisses;
use crate::audio::AudioMetrics;
use crate::metrics::FrameStats;

/// The defect kinds, spelled the same in Rust ([`DefectKind::name`]), C and Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(u32)]
pub enum DefectKind {
    /// Brightness pumping from frame to frame that motion does not explain.
    #[default]
    Flicker = 0,
    /// The picture stops changing for a while (FFmpeg `freezedetect` rule).
    Freeze = 1,
    /// The whole take barely moves.
    Static = 2,
    /// Frames much softer than the rest of their shot, or soft outright.
    Blur = 3,
    /// Sensor or generation noise (Immerkær σ).
    Noise = 4,
    /// Visible 8×8 coding-block grid.
    Blockiness = 5,
    /// Large share of blown highlights.
    Overexposed = 6,
    /// Crushed or very dark picture.
    Underexposed = 7,
    /// Washed-out, flat picture.
    LowContrast = 8,
    /// Jittery global translation (camera shake).
    Shake = 9,
    /// A region's colour jumps with no cut and no matching motion.
    ColorShift = 10,
    /// Audio: runs of full-scale samples ([`crate::audio`]).
    Clipping = 11,
    /// Audio: integrated loudness far below the target.
    TooQuiet = 12,
    /// Audio: integrated loudness far above the target.
    TooLoud = 13,
    /// Audio: a stretch of (near) digital silence.
    Silence = 14,
    /// Audio: voiced sound with almost no pitch movement.
    MonotoneVoice = 15,
    /// OCR readings that are unreliable or morph between frames ([`crate::detect::text`]).
    GarbledText = 16,
    /// A face that does not blink and barely moves its expression ([`crate::detect::face`]).
    StiffFace = 17,
    /// A subject whose colours or identity change ([`crate::detect::subject`]).
    AppearanceShift = 18,
    /// Too short to judge: a still image or a handful of frames.
    TooShort = 19,
    /// Texture re-drawn from frame to frame instead of moving ([`super::artefacts`]).
    Boiling = 20,
    /// Content that appears at once and vanishes again, without a cut or motion.
    Popping = 21,
    /// An object moving against physics: falls upward, or jumps across the frame
    /// ([`super::flight`]).
    ImpossibleMotion = 22,
}

impl DefectKind {
    /// Every kind, in code order.
    pub const ALL: [DefectKind; 23] = [
        DefectKind::Flicker,
        DefectKind::Freeze,
        DefectKind::Static,
        DefectKind::Blur,
        DefectKind::Noise,
        DefectKind::Blockiness,
        DefectKind::Overexposed,
        DefectKind::Underexposed,
        DefectKind::LowContrast,
        DefectKind::Shake,
        DefectKind::ColorShift,
        DefectKind::Clipping,
        DefectKind::TooQuiet,
        DefectKind::TooLoud,
        DefectKind::Silence,
        DefectKind::MonotoneVoice,
        DefectKind::GarbledText,
        DefectKind::StiffFace,
        DefectKind::AppearanceShift,
        DefectKind::TooShort,
        DefectKind::Boiling,
        DefectKind::Popping,
        DefectKind::ImpossibleMotion,
    ];

    /// The kind's name: `flicker`, `freeze`, `static`, `blur`, `noise`, `blockiness`,
    /// `overexposed`, `underexposed`, `low_contrast`, `shake`, `color_shift`; the audio kinds
    /// `clipping`, `too_quiet`, `too_loud`, `silence`, `monotone_voice`; the detector kinds
    /// `garbled_text`, `stiff_face`, `appearance_shift`; `too_short`; and the generative
    /// artefacts `boiling`, `popping`, `impossible_motion`.
    pub const fn name(self) -> &'static str {
        match self.c_name().to_str() {
            Ok(s) => s,
            Err(_) => "",
        }
    }

    /// [`DefectKind::name`] as a NUL-terminated C string (static).
    pub const fn c_name(self) -> &'static core::ffi::CStr {
        match self {
            DefectKind::Flicker => c"flicker",
            DefectKind::Freeze => c"freeze",
            DefectKind::Static => c"static",
            DefectKind::Blur => c"blur",
            DefectKind::Noise => c"noise",
            DefectKind::Blockiness => c"blockiness",
            DefectKind::Overexposed => c"overexposed",
            DefectKind::Underexposed => c"underexposed",
            DefectKind::LowContrast => c"low_contrast",
            DefectKind::Shake => c"shake",
            DefectKind::ColorShift => c"color_shift",
            DefectKind::Clipping => c"clipping",
            DefectKind::TooQuiet => c"too_quiet",
            DefectKind::TooLoud => c"too_loud",
            DefectKind::Silence => c"silence",
            DefectKind::MonotoneVoice => c"monotone_voice",
            DefectKind::GarbledText => c"garbled_text",
            DefectKind::StiffFace => c"stiff_face",
            DefectKind::AppearanceShift => c"appearance_shift",
            DefectKind::TooShort => c"too_short",
            DefectKind::Boiling => c"boiling",
            DefectKind::Popping => c"popping",
            DefectKind::ImpossibleMotion => c"impossible_motion",
        }
    }

    /// The kind named `name` ([`DefectKind::name`]), if any.
    pub fn from_name(name: &str) -> Option<DefectKind> {
        DefectKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind with code `code`, if any.
    pub fn from_code(code: u32) -> Option<DefectKind> {
        DefectKind::ALL.get(code as usize).copied()
    }
}

/// One located defect: frames `start..=end` (0-based), severity in [0, 1], and the points it
/// costs the take's score ([`super::verdict`]: the points of a report add up to `100 − score`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct Defect {
    /// What is wrong.
    pub kind: DefectKind,
    /// First affected frame.
    pub start: u32,
    /// Last affected frame (inclusive).
    pub end: u32,
    /// Where in the picture, when the defect is local: `[left, top, right, bottom]` in 255ths
    /// of the frame's width and height (`[0, 0, 255, 255]` is all of it); `[0; 4]` when it
    /// concerns the whole picture or its place is not known.
    pub region: [u8; 4],
    /// How bad, 0–1.
    pub severity: f64,
    /// Points of the 0–100 score this defect costs.
    pub points: f64,
}

#[cfg(test)]
impl Defect {
    /// A defect of the whole picture with no points yet (for tests).
    pub(crate) fn of(kind: DefectKind, start: u32, end: u32, severity: f64) -> Defect {
        Defect {
            kind,
            start,
            end,
            region: [0; 4],
            severity,
            points: 0.0,
        }
    }
}

/// What one pushed frame measured.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct FrameObservation {
    /// Frame index, 0-based.
    pub index: u32,
    /// No-reference statistics at analysis resolution: the frame itself up to the
    /// configuration's `analysis_pixels` (by default
    /// [`ANALYSIS_PIXELS`](super::config::ANALYSIS_PIXELS)), a k×k-binned copy above
    /// ([`super::analysis`]; at k = 2 the noise σ comes from the source's row pairs).
    /// `tenengrad` is not measured (0): the verdict does not use it, and
    /// [`crate::metrics::frame_stats`] gives it.
    pub stats: FrameStats,
    /// libvmaf-style motion to the previous frame (working resolution), code values.
    pub motion: f64,
    /// Mean absolute difference to the previous frame (working resolution), code values.
    pub mafd: f64,
    /// FFmpeg `scdet` score, 0–100 (≥ 10: a cut candidate).
    pub scene_score: f64,
    /// Global horizontal translation to the previous frame, full-resolution pixels.
    pub shift_x: f64,
    /// Global vertical translation to the previous frame, full-resolution pixels.
    pub shift_y: f64,
    /// Largest chroma jump of a still grid cell (0 without colour input).
    pub chroma_jump: f64,
    /// Mean absolute difference to the freeze reference frame, share of full scale.
    pub freeze_diff: f64,
}

/// Whole-clip figures.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct ClipMetrics {
    /// Frames scored.
    pub frames: u32,
    /// Shots (cuts + 1).
    pub shots: u32,
    /// Camera flashes suppressed as cut candidates.
    pub flashes: u32,
    /// Duration, seconds.
    pub duration: f64,
    /// Mean motion, code values.
    pub motion: f64,
    /// Share of frames with motion ≥ `DYNAMIC_MOTION` (VBench's dynamic-degree idea).
    pub dynamic_degree: f64,
    /// VBench temporal flickering `(255 − mean consecutive-frame MAE) / 255`, working resolution.
    pub vbench_flicker: f64,
    /// Median sharpness (variance of the Laplacian).
    pub sharpness: f64,
    /// Mean Immerkær noise σ.
    pub noise: f64,
    /// Mean blockiness ratio.
    pub blockiness: f64,
    /// Mean luma, code values.
    pub brightness: f64,
    /// Mean RMS contrast.
    pub contrast: f64,
    /// Share of frames inside a freeze.
    pub frozen_share: f64,
    /// Largest chroma jump of a still grid cell.
    pub max_chroma_jump: f64,
}

/// The verdict on one clip.
#[derive(Debug, Clone, PartialEq)]
pub struct ClipReport {
    /// 0–100, higher = more usable: `100 − Σ defects' points` ([`super::verdict`]).
    pub score: f64,
    /// Located defects, ordered by first frame.
    pub defects: heapless::Vec<Defect, MAX_DEFECTS>,
    /// How near the take came to the thresholds of the kinds it has no defect of; each near
    /// miss costs a few points ([`super::verdict`], [`ClipReport::near_points`]).
    pub near: NearMisses,
    /// Frames that start a new shot (cuts are not defects).
    pub cuts: heapless::Vec<u32, MAX_CUTS>,
    /// Whole-clip figures.
    pub metrics: ClipMetrics,
    /// The sound track's figures, once [`ClipReport::add_audio`] folded them in.
    pub audio: Option<AudioMetrics>,
    /// The weights and ignored kinds the score follows ([`ClipReport::set_verdict`]).
    pub verdict: VerdictConfig,
}

/// Orders reports best first (score descending, ties by input order) into `out`, returning how
/// many were written (`min(k, reports.len(), out.len())`).
pub fn rank_reports(scores: &[f64], out: &mut [usize]) -> Result<usize, crate::Error> {
    crate::engage::top_k(scores, None, out)
}
