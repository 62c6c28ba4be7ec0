//! Who is in the shot across cuts, for C: the clip scorer's salient-region findings
//! (`reelscore::detect::salient`), and the same comparison for two frames the caller holds.
//!
//! The scorer's findings also reach its verdict as `appearance_shift` defects; these entry
//! points give their evidence: the cut, how many salient cells (of 32 × 24) showed a colour the
//! shot before never did, where, and how well the two frames' luma maps correlated.
//!
//! # Safety (every function)
//! Pointers are NULL (an error) or valid for the access named; planes describe readable memory.

use reelscore::detect::salient::{self, SalientShift};

use crate::clip::ReelClipScorer;
use crate::guard::{get, guard, put};
use crate::status::reel_status;
use crate::types::ReelPlane;

/// Fewest salient cells (of 32 × 24) of a new colour for a shift (core `SALIENT_NEW_MIN`).
pub const REEL_SALIENT_NEW_MIN: u32 = 3;
/// Luma-map correlation at or above which the two frames of a cut are the same scene (core
/// `SALIENT_SAME_SCENE`).
pub const REEL_SALIENT_SAME_SCENE: f64 = 0.6;

// The literals above are the core's (cbindgen writes only literals).
const _: () = assert!(REEL_SALIENT_NEW_MIN as usize == reelscore::clip::config::SALIENT_NEW_MIN);
#[cfg(test)]
#[test]
fn constants_are_the_cores() {
    assert_eq!(
        REEL_SALIENT_SAME_SCENE,
        reelscore::clip::config::SALIENT_SAME_SCENE
    );
}

/// A cut whose new shot shows colours in its salient region that the shot before never did.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReelSalientShift {
    /// The cut: first frame of the new shot (0 from `reel_salient_compare`).
    pub frame: u32,
    /// Salient cells (of 32 × 24) with a new colour.
    pub new_cells: u32,
    /// Their bounding box, `{left, top, right, bottom}` in 255ths of the frame.
    pub region: [u8; 4],
    /// Pearson correlation of the two frames' luma maps at the best zoom, 0–1.
    pub same_scene: f64,
}

impl From<SalientShift> for ReelSalientShift {
    fn from(s: SalientShift) -> Self {
        ReelSalientShift {
            frame: s.frame,
            new_cells: u32::from(s.new_cells),
            region: s.region,
            same_scene: f64::from(s.same_scene) / 100.0,
        }
    }
}

/// How many cuts of the clip so far showed a salient shift (complete after
/// `reel_clip_scorer_finish`; colour input only: `_push_yuv420*`, `_push_rgb`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_salient_shift_count(
    s: *const ReelClipScorer,
    out: *mut usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let n = get(s, "s")?.0.scorer.salient_shifts().len();
        put(out, n, "out")
    })
}

/// Salient shift `index` (0 ≤ index < count); `REEL_STATUS_INVALID_VALUE` beyond.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_salient_shift(
    s: *const ReelClipScorer,
    index: usize,
    out: *mut ReelSalientShift,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let all = get(s, "s")?.0.scorer.salient_shifts();
        let one = all
            .get(index)
            .copied()
            .ok_or(reel_status::REEL_STATUS_INVALID_VALUE)?;
        put(out, one.into(), "out")
    })
}

/// Compares two frames as the scorer does at a cut: `before` (luma, Cb, Cr planes) is the last
/// frame of a shot, `after` the first of the next. `*found` is true when they show the same
/// scene with new salient colours; `*out` then holds the finding (else it is zeroed).
/// `REEL_STATUS_SIZE_MISMATCH` when a frame's two chroma planes differ in size.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // three planes a frame, then the out-parameters
pub unsafe extern "C" fn reel_salient_compare(
    before_y: *const ReelPlane,
    before_u: *const ReelPlane,
    before_v: *const ReelPlane,
    after_y: *const ReelPlane,
    after_u: *const ReelPlane,
    after_v: *const ReelPlane,
    out: *mut ReelSalientShift,
    found: *mut bool,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let plane = |p: *const ReelPlane, name| get(p, name)?.plane();
        let b = [
            plane(before_y, "before_y")?,
            plane(before_u, "before_u")?,
            plane(before_v, "before_v")?,
        ];
        let a = [
            plane(after_y, "after_y")?,
            plane(after_u, "after_u")?,
            plane(after_v, "after_v")?,
        ];
        let got = salient::compare_frames([&b[0], &b[1], &b[2]], [&a[0], &a[1], &a[2]])?;
        put(out, got.map(Into::into).unwrap_or_default(), "out")?;
        put(found, got.is_some(), "found")
    })
}
