//! The device-sized clip scorer for C: `ReelDeviceClipScorer` wraps the core's
//! `DeviceClipScorer` (64×48 working pixels, 128 exact records), whose state stays within the
//! 32 KiB budget whatever the input size (asserted below at compile time), for callers with
//! no heap and little RAM. Memory is always the caller's: `reel_device_clip_scorer_size()` /
//! `_align()` bytes handed to `reel_device_clip_scorer_init` (a static array does); there is no
//! `_new`/`_free`.
//!
//! Frames arrive whole (`_push`, `_push_yuv420`) or as bands of rows through a
//! `ReelRowFeeder` (`_begin_frame`, `_push_rows`, `_end_frame`), which holds the O(width) row
//! state for frames up to [`REEL_ROW_FEEDER_MAX_WIDTH`] pixels wide, so the caller never needs a
//! whole frame in memory. Rows and whole frames give equal observations, bit for bit. There is
//! no `_push_rgb`: RGB → luma is `f64` per pixel, too slow for the per-frame device path.
//!
//! Results equal the default `ReelClipScorer`'s for frames up to 64×48 in clips of up to 128
//! frames; beyond that, the per-frame statistics (`obs.stats`) stay equal and the motion,
//! scene and freeze figures come from the smaller working copy. Finish, defects and cuts share
//! `clip.rs`'s implementation (its generic `Handle`). The handle keeps the rules' verdict
//! (weights as `reel_defect_weight` gives them, no kind ignored): a weight table would not fit
//! the budget. Other weights and ignored kinds live in a caller's `ReelVerdictSettings`
//! (`verdict.rs`), read through `_summary_with`, `_defect_with` and `_near_miss_with`.
//!
//! # Safety (all functions)
//! As in `clip.rs`: handles come from `_init` and are used by one thread at a time; plane
//! structs describe readable memory; out-pointers are valid for writes (NULL returns a status).

use crate::clip::{Handle, RulesVerdict, observe};
use crate::guard::{Zeroable, get, get_mut, guard, place};
use crate::status::reel_status;
use crate::types::ReelPlane;
use reelscore::clip::config::{DEVICE_SERIES_RECORDS, DEVICE_WORK_PIXELS};
use reelscore::clip::flight_paths::NoFlightPaths;
use reelscore::clip::{FrameObservation, RowFeeder};
use reelscore::detect::salient::NoSalient;

/// Widest frame a `ReelRowFeeder` accepts, in pixels (wider frames are pushed whole).
pub const REEL_ROW_FEEDER_MAX_WIDTH: usize = 640;

/// Opaque device-sized clip-scorer handle (≤ 32 KiB). All-zero bytes are a valid unconfigured
/// state.
pub struct ReelDeviceClipScorer(pub(crate) DeviceHandle);

/// The device capacities, the rules' verdict, no salient slot and no flight paths.
type DeviceHandle =
    Handle<DEVICE_WORK_PIXELS, DEVICE_SERIES_RECORDS, RulesVerdict, NoSalient, NoFlightPaths>;

// SAFETY: a `Handle` (`clip.rs`) of the device capacities.
unsafe impl Zeroable for ReelDeviceClipScorer {}

/// Opaque row state for frames pushed row by row (up to `REEL_ROW_FEEDER_MAX_WIDTH` wide).
/// One feeder serves any device scorer, one frame at a time.
pub struct ReelRowFeeder(RowFeeder<REEL_ROW_FEEDER_MAX_WIDTH>);

// The state budgets of docs/device.md's "On-device budgets" table, checked on every build.
const _: () = assert!(core::mem::size_of::<ReelDeviceClipScorer>() <= 32 * 1024);
const _: () = assert!(core::mem::size_of::<ReelRowFeeder>() <= 11 * 1024);

crate::clip::clip_family! {
    ReelDeviceClipScorer,
    size reel_device_clip_scorer_size, align reel_device_clip_scorer_align,
    /// Places a device scorer for `width × height` frames at `fps` in the caller's `buffer`
    /// (`buffer_len ≥ reel_device_clip_scorer_size()`, aligned to
    /// `reel_device_clip_scorer_align()`). `*out` receives the handle (which is `buffer`).
    init reel_device_clip_scorer_init,
    /// Forgets every frame and configures the scorer for a new clip (keeping the analysis budget
    /// set with `reel_device_clip_scorer_set_analysis_pixels`).
    reset reel_device_clip_scorer_reset,
    /// `reel_clip_scorer_set_analysis_pixels` for the device scorer.
    set_analysis_pixels reel_device_clip_scorer_set_analysis_pixels,
    /// `reel_clip_scorer_analysis_factor` for the device scorer: rows fed through a row feeder are
    /// `width / factor` samples wide once binned (a feeder holds rows up to its capacity).
    analysis_factor reel_device_clip_scorer_analysis_factor,
    /// Pushes one whole 8-bit luma frame. `obs` may be NULL.
    push reel_device_clip_scorer_push,
    /// Pushes one whole YUV 4:2:0 frame (chroma planes `ceil(w/2) × ceil(h/2)`). `obs` may be NULL.
    push_yuv420 reel_device_clip_scorer_push_yuv420,
    /// Ends the clip: writes the summary; defects and cuts become readable.
    finish reel_device_clip_scorer_finish,
    /// `reel_clip_scorer_add_audio` for the device scorer.
    add_audio reel_device_clip_scorer_add_audio,
    /// `reel_clip_scorer_add_detections` for the device scorer.
    add_detections reel_device_clip_scorer_add_detections,
    /// Defect `index` (0 ≤ index < summary.defects) of a finished clip.
    defect reel_device_clip_scorer_defect,
    /// The near miss of `kind` of a finished clip, as `reel_clip_scorer_near_miss`.
    near_miss reel_device_clip_scorer_near_miss,
    /// Cut `index` (0 ≤ index < summary.cuts): the first frame of a new shot.
    cut reel_device_clip_scorer_cut,
}

unsafe fn handle<'a>(
    s: *mut ReelDeviceClipScorer,
) -> Result<
    &'a mut Handle<
        DEVICE_WORK_PIXELS,
        DEVICE_SERIES_RECORDS,
        RulesVerdict,
        NoSalient,
        NoFlightPaths,
    >,
    reel_status,
> {
    // SAFETY: forwarded caller contract.
    Ok(&mut unsafe { get_mut(s, "s") }?.0)
}

unsafe fn feeder<'a>(
    f: *mut ReelRowFeeder,
) -> Result<&'a mut RowFeeder<REEL_ROW_FEEDER_MAX_WIDTH>, reel_status> {
    // SAFETY: forwarded caller contract.
    Ok(&mut unsafe { get_mut(f, "f") }?.0)
}

memory_fns!(
    ReelRowFeeder,
    reel_row_feeder_init,
    reel_row_feeder_size,
    reel_row_feeder_align
);

/// Places an idle row feeder in the caller's `buffer` (`buffer_len ≥ reel_row_feeder_size()`,
/// aligned to `reel_row_feeder_align()`). `*out` receives the handle (which is `buffer`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_row_feeder_init(
    buffer: *mut core::ffi::c_void,
    buffer_len: usize,
    out: *mut *mut ReelRowFeeder,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        place(buffer, buffer_len, out, |p: *mut ReelRowFeeder| {
            p.write(ReelRowFeeder(RowFeeder::new()));
            Ok(())
        })
    })
}

/// Opens a frame delivered as rows through `feeder` (frame width ≤ `REEL_ROW_FEEDER_MAX_WIDTH`,
/// else `REEL_STATUS_CAPACITY_EXCEEDED`). Calling it again before `_end_frame` restarts the
/// frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_device_clip_scorer_begin_frame(
    s: *mut ReelDeviceClipScorer,
    f: *mut ReelRowFeeder,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe { Ok(handle(s)?.scorer.begin_frame(feeder(f)?)?) })
}

/// Adds the next `rows->height` rows of the open frame (`rows->width` must be the frame width).
/// A refused row (a wrong width, more rows than the frame has) leaves the rows before it in.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_device_clip_scorer_push_rows(
    s: *mut ReelDeviceClipScorer,
    f: *mut ReelRowFeeder,
    rows: *const ReelPlane,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let (s, f) = (handle(s)?, feeder(f)?);
        for row in get(rows, "rows")?.plane()?.rows() {
            s.scorer.push_row(f, row)?;
        }
        Ok(())
    })
}

/// Ends the open frame once all its rows arrived; `obs` (may be NULL) receives the observation,
/// equal to `_push` of the whole frame.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_device_clip_scorer_end_frame(
    s: *mut ReelDeviceClipScorer,
    f: *mut ReelRowFeeder,
    obs: *mut FrameObservation,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let o = handle(s)?.scorer.end_frame(feeder(f)?)?;
        observe(o, obs)
    })
}
