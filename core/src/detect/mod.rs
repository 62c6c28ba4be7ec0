//! Scoring the outputs of detectors the caller ran elsewhere (OCR, face landmarks, trackers).
//!
//! Models stay outside; reelscore does the scoring math in fixed memory:
//! - [`text`]: OCR readings matched across frames by IoU; reading confidence and temporal
//!   stability (edit distance between readings of a still region); defect `garbled_text`;
//! - [`face`]: eye aspect ratio and blinks (Soukupová & Čech 2016), blink rate, mouth and brow
//!   dynamics normalised by inter-ocular distance, from 68-point or 468/478-point landmarks or
//!   MediaPipe blendshapes; defect `stiff_face`;
//! - [`subject`]: each tracked subject's chroma signature (and optional embedding) per shot;
//!   defect `appearance_shift` when it changes across a cut or within a shot (new subjects are
//!   never penalised);
//! - [`salient`]: model-free, inside the clip scorer: the salient region's colours across a
//!   cut (frequency-tuned saliency, Achanta et al. 2009), for takes scored without a detector.
//!
//! Defects carry frame indices (0-based, inclusive) like the clip scorer's, plus the id of the
//! region, face or subject they concern.

pub mod face;
pub mod salient;
pub mod subject;
pub mod text;

pub use face::{FaceReport, FaceTracker, LandmarkLayout};
pub use subject::{SIGNATURE_BINS, SubjectObservation, SubjectTracker, chroma_signature};
pub use text::{OcrItem, TextReport, TextTracker};

/// Most defects a detector report keeps (later ones are counted as dropped).
pub const MAX_DETECT_DEFECTS: usize = 32;

/// The detector defect kinds, spelled the same in Rust ([`DetectDefectKind::name`]), C and
/// Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(u32)]
pub enum DetectDefectKind {
    /// Text whose reading is unreliable or morphs from frame to frame.
    #[default]
    GarbledText = 0,
    /// A face that does not blink and barely moves its expression.
    StiffFace = 1,
    /// A subject whose colours or identity change across a cut or within a shot.
    AppearanceShift = 2,
}

impl DetectDefectKind {
    /// Every kind, in code order.
    pub const ALL: [DetectDefectKind; 3] = [
        DetectDefectKind::GarbledText,
        DetectDefectKind::StiffFace,
        DetectDefectKind::AppearanceShift,
    ];

    /// The kind with code `code`, if any.
    pub fn from_code(code: u32) -> Option<DetectDefectKind> {
        DetectDefectKind::ALL.get(code as usize).copied()
    }

    /// `garbled_text`, `stiff_face`, `appearance_shift`.
    pub const fn name(self) -> &'static str {
        match self {
            DetectDefectKind::GarbledText => "garbled_text",
            DetectDefectKind::StiffFace => "stiff_face",
            DetectDefectKind::AppearanceShift => "appearance_shift",
        }
    }
}

/// One located detector defect: frames `start..=end`, the region/face/subject `id`, severity.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct DetectDefect {
    /// What is wrong.
    pub kind: DetectDefectKind,
    /// Text region id, face id (0) or subject track id.
    pub id: u32,
    /// First affected frame.
    pub start: u32,
    /// Last affected frame (inclusive).
    pub end: u32,
    /// How bad, 0–1.
    pub severity: f64,
}

/// Intersection over union of two `[x0, y0, x1, y1]` boxes (0 when either is empty).
pub fn iou(a: [f32; 4], b: [f32; 4]) -> f64 {
    let area = |r: [f32; 4]| f64::from((r[2] - r[0]).max(0.0)) * f64::from((r[3] - r[1]).max(0.0));
    let ix = f64::from((a[2].min(b[2]) - a[0].max(b[0])).max(0.0));
    let iy = f64::from((a[3].min(b[3]) - a[1].max(b[1])).max(0.0));
    let inter = ix * iy;
    let union = area(a) + area(b) - inter;
    if union > 0.0 { inter / union } else { 0.0 }
}

/// Checks a box: finite, `x0 ≤ x1`, `y0 ≤ y1`.
pub(crate) fn check_box(b: [f32; 4]) -> Result<(), crate::Error> {
    for v in b {
        crate::error::check_finite("box coordinate", f64::from(v))?;
    }
    if b[2] < b[0] || b[3] < b[1] {
        return Err(crate::Error::invalid(
            "box",
            f64::from(b[2] - b[0]).min(f64::from(b[3] - b[1])),
            crate::Rule::Text("ordered: x0 <= x1 and y0 <= y1"),
        ));
    }
    Ok(())
}
