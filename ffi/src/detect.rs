//! Detector outputs for C: OCR text stability, face blinks and expression, subject appearance
//! across shots. Each tracker is a heap handle (`_new`/`_free`) or lives in caller memory
//! (`_size`/`_align` bytes handed to `_init`); reports come back through out-parameters.
//!
//! # Safety (all functions)
//! Handles must come from `_new` or `_init` and be used by one thread at a time; array
//! pointers must be readable for the given counts; out-pointers must be valid for writes (NULL
//! returns a status).

use crate::guard::{get, get_mut, guard, null, put, slice};
use crate::status::reel_status;
use crate::types::ReelRgb;
use reelscore::detect::{
    DetectDefect, FaceTracker, OcrItem, SIGNATURE_BINS, SubjectObservation, SubjectTracker,
    TextTracker, chroma_signature, subject::MAX_SUBJECTS, text::MAX_TEXT_REGIONS,
};

/// Detector defect kind codes, as stored in `ReelDetectDefect.kind`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)] // C naming
pub enum reel_detect_defect_kind {
    /// Text whose reading is unreliable or morphs between frames.
    REEL_DETECT_DEFECT_GARBLED_TEXT = 0,
    /// A face that does not blink and barely moves its expression.
    REEL_DETECT_DEFECT_STIFF_FACE = 1,
    /// A subject whose colours or identity change across a cut or within a shot.
    REEL_DETECT_DEFECT_APPEARANCE_SHIFT = 2,
}

/// One located detector defect: frames `start..=end`, severity 0–1, `kind` a
/// `reel_detect_defect_kind`, `id` the text region, face or subject track.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct ReelDetectDefect {
    /// A `reel_detect_defect_kind` value.
    pub kind: u32,
    /// Region, face or track id.
    pub id: u32,
    /// First frame (0-based).
    pub start: u32,
    /// Last frame (inclusive).
    pub end: u32,
    /// Severity, 0–1.
    pub severity: f64,
}

fn c_defect(d: &DetectDefect) -> ReelDetectDefect {
    ReelDetectDefect {
        kind: d.kind as u32,
        id: d.id,
        start: d.start,
        end: d.end,
        severity: d.severity,
    }
}

/// Writes up to `cap` defects to `out` (may be NULL when `cap` is 0) and their total to `*n`.
///
/// # Safety
/// `out` is valid for `cap` writes when non-NULL.
unsafe fn put_defects(
    ds: &[DetectDefect],
    out: *mut ReelDetectDefect,
    cap: usize,
    n: *mut u32,
) -> Result<(), reel_status> {
    if cap > 0 && out.is_null() {
        return Err(null("out"));
    }
    for (i, d) in ds.iter().take(cap).enumerate() {
        // SAFETY: `i < cap` and `out` is valid for `cap` writes.
        unsafe { out.add(i).write(c_defect(d)) };
    }
    // SAFETY: per the caller's contract.
    unsafe { put(n, ds.len() as u32, "n") }
}

/// Text-tracker figures.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct ReelTextSummary {
    /// Frames pushed.
    pub frames: u32,
    /// Regions seen.
    pub regions: u32,
    /// Mean OCR confidence.
    pub mean_confidence: f64,
    /// Share of still-region readings that changed.
    pub instability: f64,
    /// Mean normalised edit distance between consecutive still readings.
    pub mean_edit_distance: f64,
}

/// Face-tracker figures.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct ReelFaceSummary {
    /// Frames with the face.
    pub frames: u32,
    /// Blinks.
    pub blinks: u32,
    /// Blinks per minute.
    pub blink_rate: f64,
    /// Mean eye aspect ratio.
    pub mean_ear: f64,
    /// Mouth-opening standard deviation (inter-ocular units).
    pub mouth_spread: f64,
    /// Brow-height standard deviation (inter-ocular units).
    pub brow_spread: f64,
    /// 0–1.
    pub stiffness: f64,
    /// Whether `stiff_face` was found (then `defect` holds it).
    pub has_defect: bool,
    /// The `stiff_face` defect when `has_defect`.
    pub defect: ReelDetectDefect,
}

/// Opaque OCR-text tracker.
pub struct ReelTextTracker(TextTracker);
/// Opaque face tracker.
pub struct ReelFaceTracker(FaceTracker);
/// Opaque subject tracker.
pub struct ReelSubjectTracker(SubjectTracker);

// ------------------------------------------------------------------------------------ text

handle_fns! {
    ReelTextTracker, () => ReelTextTracker(TextTracker::new()),
    /// Places an empty text tracker in the caller's `buffer`; `*out` receives it (no `_free`).
    init reel_text_tracker_init,
    /// Allocates an empty text tracker; free it with `reel_text_tracker_free`.
    new reel_text_tracker_new,
    size reel_text_tracker_size, align reel_text_tracker_align, free reel_text_tracker_free,
}

/// Adds one frame's `count` OCR items: `boxes` holds `4·count` floats (`x0 y0 x1 y1` each),
/// `texts[i]` points to `text_lens[i]` UTF-8 bytes, `confidences[i]` is 0–1. `count` may be 0
/// (then the arrays may be NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_text_tracker_push(
    t: *mut ReelTextTracker,
    count: usize,
    boxes: *const f32,
    texts: *const *const u8,
    text_lens: *const usize,
    confidences: *const f32,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let t = get_mut(t, "t")?;
        if count == 0 {
            return Ok(t.0.push(&[])?);
        }
        if count > MAX_TEXT_REGIONS {
            return Err(reel_status::REEL_STATUS_CAPACITY_EXCEEDED);
        }
        let b = slice(boxes, 4 * count, "boxes")?;
        let tx = slice(texts, count, "texts")?;
        let tl = slice(text_lens, count, "text_lens")?;
        let cf = slice(confidences, count, "confidences")?;
        let mut items = [OcrItem {
            bbox: [0.0; 4],
            text: &[],
            confidence: 0.0,
        }; MAX_TEXT_REGIONS];
        for i in 0..count {
            items[i] = OcrItem {
                bbox: [b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]],
                text: slice(tx[i], tl[i], "texts[i]")?,
                confidence: cf[i],
            };
        }
        Ok(t.0.push(&items[..count])?)
    })
}

/// The report so far: figures into `*summary`, up to `cap` defects into `defects` and their
/// total into `*defect_count`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_text_tracker_report(
    t: *const ReelTextTracker,
    summary: *mut ReelTextSummary,
    defects: *mut ReelDetectDefect,
    cap: usize,
    defect_count: *mut u32,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let r = get(t, "t")?.0.report();
        if summary.is_null() || defect_count.is_null() {
            let name = if summary.is_null() {
                "summary"
            } else {
                "defect_count"
            };
            return Err(null(name));
        }
        put_defects(&r.defects, defects, cap, defect_count)?;
        put(
            summary,
            ReelTextSummary {
                frames: r.frames,
                regions: r.regions,
                mean_confidence: r.mean_confidence,
                instability: r.instability,
                mean_edit_distance: r.mean_edit_distance,
            },
            "summary",
        )
    })
}

// ------------------------------------------------------------------------------------ face

handle_fns! {
    ReelFaceTracker, (fps: f64, id: u32) => ReelFaceTracker(FaceTracker::new(fps, id)?),
    /// Places a tracker for face `id` at `fps` in the caller's `buffer` (no `_free`).
    init reel_face_tracker_init,
    /// Allocates a tracker for face `id` at `fps`; free it with `reel_face_tracker_free`.
    new reel_face_tracker_new,
    size reel_face_tracker_size, align reel_face_tracker_align, free reel_face_tracker_free,
}

/// Adds one frame of `count` landmarks (68, 468 or 478) as `2·count` floats `x y x y …`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_face_tracker_push_landmarks(
    t: *mut ReelFaceTracker,
    xy: *const f32,
    count: usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let t = get_mut(t, "t")?;
        let mut pts = [[0.0f32; 2]; 478];
        // Refused before `2 · count` is formed: a huge count would overflow it.
        if count > pts.len() {
            return Err(reel_status::REEL_STATUS_INVALID_VALUE);
        }
        let v = slice(xy, 2 * count, "xy")?;
        // Beyond ±f32::MAX / 2 the core's `f32` point differences can overflow to ∞ and its
        // distance ratios become NaN; no image has such coordinates.
        if v.iter().any(|c| c.abs() > f32::MAX / 2.0) {
            return Err(reel_status::REEL_STATUS_INVALID_VALUE);
        }
        for (i, p) in pts.iter_mut().take(count).enumerate() {
            *p = [v[2 * i], v[2 * i + 1]];
        }
        t.0.push_landmarks(&pts[..count])?;
        Ok(())
    })
}

/// Adds one frame of MediaPipe's 52 blendshape scores.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_face_tracker_push_blendshapes(
    t: *mut ReelFaceTracker,
    scores: *const f32,
    count: usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let t = get_mut(t, "t")?;
        t.0.push_blendshapes(slice(scores, count, "scores")?)?;
        Ok(())
    })
}

/// A frame without the face.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_face_tracker_skip(t: *mut ReelFaceTracker) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        get_mut(t, "t")?.0.skip();
        Ok(())
    })
}

/// The report so far.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_face_tracker_report(
    t: *const ReelFaceTracker,
    out: *mut ReelFaceSummary,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let r = get(t, "t")?.0.report();
        put(
            out,
            ReelFaceSummary {
                frames: r.frames,
                blinks: r.blinks,
                blink_rate: r.blink_rate,
                mean_ear: r.mean_ear,
                mouth_spread: r.mouth_spread,
                brow_spread: r.brow_spread,
                stiffness: r.stiffness,
                has_defect: r.defect.is_some(),
                defect: r.defect.as_ref().map(c_defect).unwrap_or_default(),
            },
            "out",
        )
    })
}

// --------------------------------------------------------------------------------- subject

handle_fns! {
    ReelSubjectTracker, () => ReelSubjectTracker(SubjectTracker::new()),
    /// Places an empty subject tracker in the caller's `buffer` (no `_free`).
    init reel_subject_tracker_init,
    /// Allocates an empty subject tracker; free it with `reel_subject_tracker_free`.
    new reel_subject_tracker_new,
    size reel_subject_tracker_size, align reel_subject_tracker_align, free reel_subject_tracker_free,
}

/// Adds one frame: `count` subjects with `track_ids[i]` and boxes `boxes[4i..4i+4]`
/// (`x0 y0 x1 y1`, pixels of `frame`); `new_shot` when a cut precedes the frame. Signatures
/// are computed from the RGB frame inside each box.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_subject_tracker_push(
    t: *mut ReelSubjectTracker,
    frame: *const ReelRgb,
    new_shot: bool,
    count: usize,
    track_ids: *const u32,
    boxes: *const f32,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let t = get_mut(t, "t")?;
        let img = get(frame, "frame")?.image()?;
        if count > MAX_SUBJECTS {
            return Err(reel_status::REEL_STATUS_CAPACITY_EXCEEDED);
        }
        let mut obs = [SubjectObservation {
            track_id: 0,
            signature: [0.0; SIGNATURE_BINS],
            embedding: None,
        }; MAX_SUBJECTS];
        if count > 0 {
            let ids = slice(track_ids, count, "track_ids")?;
            let b = slice(boxes, 4 * count, "boxes")?;
            for i in 0..count {
                obs[i].track_id = ids[i];
                obs[i].signature =
                    chroma_signature(&img, [b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]])?;
            }
        }
        Ok(t.0.push(new_shot, &obs[..count])?)
    })
}

/// Up to `cap` `appearance_shift` defects so far into `defects`, their total into `*count`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_subject_tracker_report(
    t: *const ReelSubjectTracker,
    defects: *mut ReelDetectDefect,
    cap: usize,
    count: *mut u32,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let (ds, _) = get(t, "t")?.0.report();
        put_defects(&ds, defects, cap, count)
    })
}
