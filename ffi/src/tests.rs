//! The C ABI called from Rust, as C calls it: every handle kind through `_new`/`_free` and
//! `_init` on caller memory (too short, misaligned, NULL), pushes, finish and reads, NULL
//! handles and outs, and the zero-initialisation contract ([`Zeroable`]). Run natively by
//! `cargo test` and under Miri by scripts/test.sh, which checks the `unsafe` here (raw
//! pointers, caller memory, zeroed handles, the watch distribution's storage casts) for
//! undefined behaviour: out-of-bounds or misaligned accesses, uninitialised reads, invalid
//! values, aliasing violations and leaks.

use crate::audio::*;
use crate::clip::*;
use crate::detect::*;
use crate::device::*;
use crate::engage::*;
use crate::guard::Zeroable;
use crate::status::reel_status::{self, *};
use crate::types::{ReelPlane, ReelRgb};
use crate::verdict::*;
use core::ffi::c_void;
use core::mem::{ManuallyDrop, size_of};
use core::ptr::{null, null_mut};
use reelscore::audio::AudioMetrics;
use reelscore::clip::FrameObservation;

/// Caller memory: `size` bytes aligned to 16 (every handle's alignment divides it), plus one
/// spare byte so a pointer one past the aligned start is in bounds.
struct Mem(Vec<u128>);

impl Mem {
    fn new(size: usize) -> Self {
        Mem(vec![0; size / 16 + 2])
    }
    fn ptr(&mut self) -> *mut c_void {
        self.0.as_mut_ptr().cast()
    }
    /// One byte past the aligned start: misaligned for every handle of alignment > 1.
    fn misaligned(&mut self) -> *mut c_void {
        self.0.as_mut_ptr().cast::<u8>().wrapping_add(1).cast()
    }
}

/// Reads a zeroed `T` as a typed value: under Miri every field is validated (a `bool` must be
/// 0 or 1, an enum a valid discriminant, no reference or `NonZero` may be 0), so a `Zeroable`
/// impl that does not hold fails here. `ManuallyDrop`: nothing is dropped (zeroed heapless
/// vectors have nothing to drop anyway).
fn zeroed_value_is_valid<T: Zeroable>() {
    let b = Box::<T>::new_zeroed();
    // SAFETY: this is the claim under test; `T: Zeroable` asserts it.
    let v = ManuallyDrop::new(unsafe { b.as_ptr().read() });
    // Also through a reference, as the `_init` functions hand it on.
    let r: &T = &v;
    assert!(core::ptr::eq(r, &*v));
}

#[test]
fn zeroed_handles_are_valid() {
    zeroed_value_is_valid::<ReelClipScorer>();
    zeroed_value_is_valid::<ReelDeviceClipScorer>();
    zeroed_value_is_valid::<ReelAudioScorer>();
    zeroed_value_is_valid::<ReelWatchDistribution>();
}

/// A zeroed handle (what `_init` starts from) is an unconfigured one: it refuses frames and
/// finishing with `INVALID_STATE` until configured, and does not fault.
#[test]
fn zeroed_clip_handles_are_unconfigured() {
    let mut mem = Mem::new(reel_clip_scorer_size());
    let s = mem.ptr().cast::<ReelClipScorer>();
    let px = [7u8; 4 * 3];
    let plane = ReelPlane {
        data: px.as_ptr(),
        width: 4,
        height: 3,
        stride: 4,
    };
    let mut sum = ReelClipSummary::default();
    unsafe {
        assert_eq!(
            reel_clip_scorer_push(s, &plane, null_mut()),
            REEL_STATUS_INVALID_STATE
        );
        assert_eq!(
            reel_clip_scorer_finish(s, &mut sum),
            REEL_STATUS_INVALID_STATE
        );
        let mut d = ReelDefect::default();
        assert_eq!(
            reel_clip_scorer_defect(s, 0, &mut d),
            REEL_STATUS_INVALID_STATE
        );
        // Its verdict is the rules' (all-zero bytes: no weight set), and it takes settings.
        let mut w = -1.0;
        assert_eq!(reel_clip_scorer_weight(s, 3, &mut w), REEL_STATUS_OK);
        assert_eq!(w, reel_defect_weight(3));
        assert_eq!(reel_clip_scorer_set_weight(s, 3, 0.25), REEL_STATUS_OK);
        assert_eq!(reel_clip_scorer_ignore_kind(s, 4), REEL_STATUS_OK);
        assert_eq!(reel_clip_scorer_weight(s, 4, &mut w), REEL_STATUS_OK);
        assert_eq!(w, 0.0);
        assert_eq!(
            reel_clip_scorer_summary(s, &mut sum),
            REEL_STATUS_INVALID_STATE
        );
        // Configuring it in place makes it a scorer, keeping the verdict.
        assert_eq!(reel_clip_scorer_reset(s, 4, 3, 30.0), REEL_STATUS_OK);
        assert_eq!(reel_clip_scorer_push(s, &plane, null_mut()), REEL_STATUS_OK);
        assert_eq!(reel_clip_scorer_weight(s, 3, &mut w), REEL_STATUS_OK);
        assert_eq!(w, 0.25);
    }
    let mut mem = Mem::new(reel_device_clip_scorer_size());
    let d = mem.ptr().cast::<ReelDeviceClipScorer>();
    unsafe {
        assert_eq!(
            reel_device_clip_scorer_push(d, &plane, null_mut()),
            REEL_STATUS_INVALID_STATE
        );
        assert_eq!(
            reel_device_clip_scorer_finish(d, &mut sum),
            REEL_STATUS_INVALID_STATE
        );
    }
}

fn plane(px: &[u8], w: usize, h: usize) -> ReelPlane {
    assert!(px.len() >= w * h);
    ReelPlane {
        data: px.as_ptr(),
        width: w,
        height: h,
        stride: w,
    }
}

/// A small frame `i`: a moving diagonal ramp, or under Miri a flat grey of its own level (the
/// scorer's motion searches over texture take minutes interpreted; the C ABI's paths are the
/// same for either).
fn frame(w: usize, h: usize, i: usize) -> Vec<u8> {
    if cfg!(miri) {
        return vec![(40 + 30 * i % 200) as u8; w * h];
    }
    (0..w * h)
        .map(|p| ((p % w + p / w + 3 * i) * 9 % 256) as u8)
        .collect()
}

/// `_init` refuses NULL, short and misaligned memory and NULL outs, each with its status.
fn init_refusals(
    size: usize,
    align: usize,
    init: impl Fn(*mut c_void, usize, bool) -> reel_status,
) {
    let mut mem = Mem::new(size);
    assert_eq!(init(null_mut(), size, false), REEL_STATUS_NULL_POINTER);
    assert_eq!(init(mem.ptr(), size, true), REEL_STATUS_NULL_POINTER);
    assert_eq!(
        init(mem.ptr(), size - 1, false),
        REEL_STATUS_BUFFER_TOO_SHORT
    );
    if align > 1 {
        assert_eq!(
            init(mem.misaligned(), size, false),
            REEL_STATUS_INVALID_VALUE
        );
    }
}

/// [`init_refusals`] for an `_init` taking `(buffer, len, out)`, then one handle placed by
/// `_init` in caller memory (alive as long as the returned `Mem`) and one from `_new`.
unsafe fn init_and_new<T>(
    size: usize,
    align: usize,
    init: impl Fn(*mut c_void, usize, *mut *mut T) -> reel_status,
    new: impl FnOnce(*mut *mut T) -> reel_status,
) -> (Mem, *mut T, *mut T) {
    init_refusals(size, align, |b, n, null_out| {
        let mut out = null_mut();
        init(b, n, if null_out { null_mut() } else { &mut out })
    });
    let mut mem = Mem::new(size);
    let (mut placed, mut heap) = (null_mut(), null_mut());
    assert_eq!(init(mem.ptr(), size, &mut placed), REEL_STATUS_OK);
    assert_eq!(new(&mut heap), REEL_STATUS_OK);
    (mem, placed, heap)
}

/// Drives a default-size clip scorer through every entry point and checks the summary.
unsafe fn drive_clip(s: *mut ReelClipScorer) {
    let (w, h) = (16, 12);
    unsafe {
        let mut factor = 0usize;
        assert_eq!(
            reel_clip_scorer_analysis_factor(s, &mut factor),
            REEL_STATUS_OK
        );
        assert_eq!(factor, 1);
        for i in 0..4 {
            let px = frame(w, h, i);
            let mut obs = FrameObservation::default();
            assert_eq!(
                reel_clip_scorer_push(s, &plane(&px, w, h), &mut obs),
                REEL_STATUS_OK
            );
            assert_eq!(obs.index, i as u32);
        }
        // YUV (full and limited range) and RGB, with their chroma and scratch.
        let y = frame(w, h, 5);
        let c = vec![128u8; (w / 2) * (h / 2)];
        let (yp, cp) = (plane(&y, w, h), plane(&c, w / 2, h / 2));
        assert_eq!(
            reel_clip_scorer_push_yuv420(s, &yp, &cp, &cp, null_mut()),
            REEL_STATUS_OK
        );
        let mut scratch = vec![0u8; w * h];
        assert_eq!(
            reel_clip_scorer_push_yuv420_limited(
                s,
                &yp,
                &cp,
                &cp,
                scratch.as_mut_ptr(),
                scratch.len(),
                null_mut()
            ),
            REEL_STATUS_OK
        );
        assert_ne!(
            reel_clip_scorer_push_yuv420_limited(
                s,
                &yp,
                &cp,
                &cp,
                scratch.as_mut_ptr(),
                scratch.len() - 1,
                null_mut()
            ),
            REEL_STATUS_OK
        );
        let rgb: Vec<u8> = frame(3 * w, h, 6);
        let img = ReelRgb {
            data: rgb.as_ptr(),
            width: w,
            height: h,
            stride: 3 * w,
        };
        assert_eq!(
            reel_clip_scorer_push_rgb(s, &img, scratch.as_mut_ptr(), scratch.len(), null_mut()),
            REEL_STATUS_OK
        );
        // Wrong sizes and NULLs.
        let px = frame(w + 1, h, 0);
        assert_eq!(
            reel_clip_scorer_push(s, &plane(&px, w + 1, h), null_mut()),
            REEL_STATUS_SIZE_MISMATCH
        );
        assert_eq!(
            reel_clip_scorer_push(s, null(), null_mut()),
            REEL_STATUS_NULL_POINTER
        );
        let bad = ReelPlane {
            data: null(),
            width: w,
            height: h,
            stride: w,
        };
        assert_eq!(
            reel_clip_scorer_push(s, &bad, null_mut()),
            REEL_STATUS_NULL_POINTER
        );
        let mut cut = 0u32;
        assert_eq!(
            reel_clip_scorer_cut(s, 0, &mut cut),
            REEL_STATUS_INVALID_STATE
        );
        assert_eq!(
            reel_clip_scorer_finish(s, null_mut()),
            REEL_STATUS_NULL_POINTER
        );
        let mut sum = ReelClipSummary::default();
        assert_eq!(reel_clip_scorer_finish(s, &mut sum), REEL_STATUS_OK);
        assert_eq!(sum.metrics.frames, 7);
        assert!((0.0..=100.0).contains(&sum.score));
        let mut points = 0.0;
        for i in 0..sum.defects as usize {
            let mut d = ReelDefect::default();
            assert_eq!(reel_clip_scorer_defect(s, i, &mut d), REEL_STATUS_OK);
            assert!(d.start <= d.end && d.end < 7);
            points += d.points;
        }
        assert!((points - (100.0 - sum.score)).abs() < 1e-9);
        let mut d = ReelDefect::default();
        assert_eq!(
            reel_clip_scorer_defect(s, sum.defects as usize, &mut d),
            REEL_STATUS_INVALID_VALUE
        );
        assert_ne!(reel_clip_scorer_defect(s, 0, null_mut()), REEL_STATUS_OK);
        assert_eq!(
            reel_clip_scorer_cut(s, usize::MAX, &mut cut),
            REEL_STATUS_INVALID_VALUE
        );
        // Pushing after finish is refused; the detectors' defects fold in.
        let px = frame(w, h, 0);
        assert_eq!(
            reel_clip_scorer_push(s, &plane(&px, w, h), null_mut()),
            REEL_STATUS_INVALID_STATE
        );
        let det = [ReelDetectDefect {
            kind: 0,
            id: 1,
            start: 1,
            end: 3,
            severity: 0.5,
        }];
        let mut with = ReelClipSummary::default();
        let st = reel_clip_scorer_add_detections(s, det.as_ptr(), det.len(), &mut with);
        assert_eq!(st, REEL_STATUS_OK);
        assert!(with.score <= sum.score);
        assert_eq!(
            reel_clip_scorer_add_detections(s, null(), 1, &mut with),
            REEL_STATUS_NULL_POINTER
        );
        // A new clip: binned by 2 (16×12 within 48 pixels).
        assert_eq!(reel_clip_scorer_reset(s, w, h, 30.0), REEL_STATUS_OK);
        assert_eq!(reel_clip_scorer_set_analysis_pixels(s, 48), REEL_STATUS_OK);
        assert_eq!(
            reel_clip_scorer_analysis_factor(s, &mut factor),
            REEL_STATUS_OK
        );
        assert_eq!(factor, 2);
        assert_eq!(
            reel_clip_scorer_set_analysis_pixels(s, 0),
            REEL_STATUS_INVALID_VALUE
        );
        assert_eq!(
            reel_clip_scorer_push(s, &plane(&px, w, h), null_mut()),
            REEL_STATUS_OK
        );
        assert_eq!(
            reel_clip_scorer_reset(s, 0, h, 30.0),
            REEL_STATUS_EMPTY_PLANE
        );
        assert_eq!(
            reel_clip_scorer_reset(s, w, h, f64::NAN),
            REEL_STATUS_INVALID_VALUE
        );
    }
}

#[test]
fn clip_scorer_new_and_free() {
    unsafe {
        let mut s = null_mut();
        assert_eq!(
            reel_clip_scorer_new(16, 12, 30.0, null_mut()),
            REEL_STATUS_NULL_POINTER
        );
        assert_eq!(
            reel_clip_scorer_new(0, 12, 30.0, &mut s),
            REEL_STATUS_EMPTY_PLANE
        );
        assert!(s.is_null(), "out written on failure");
        assert_eq!(reel_clip_scorer_new(16, 12, 30.0, &mut s), REEL_STATUS_OK);
        drive_clip(s);
        reel_clip_scorer_free(s);
        reel_clip_scorer_free(null_mut());
        // NULL handles everywhere.
        let mut sum = ReelClipSummary::default();
        assert_eq!(
            reel_clip_scorer_push(null_mut(), null(), null_mut()),
            REEL_STATUS_NULL_POINTER
        );
        assert_eq!(
            reel_clip_scorer_finish(null_mut(), &mut sum),
            REEL_STATUS_NULL_POINTER
        );
        assert_eq!(
            reel_clip_scorer_reset(null_mut(), 4, 4, 30.0),
            REEL_STATUS_NULL_POINTER
        );
        let mut d = ReelDefect::default();
        assert_eq!(
            reel_clip_scorer_defect(null(), 0, &mut d),
            REEL_STATUS_NULL_POINTER
        );
    }
}

#[test]
fn clip_scorer_init_on_caller_memory() {
    let size = reel_clip_scorer_size();
    assert_eq!(size, size_of::<ReelClipScorer>());
    assert!(16 % reel_clip_scorer_align() == 0);
    init_refusals(size, reel_clip_scorer_align(), |b, n, null_out| unsafe {
        let mut out = null_mut();
        reel_clip_scorer_init(
            b,
            n,
            16,
            12,
            30.0,
            if null_out { null_mut() } else { &mut out },
        )
    });
    // Memory full of garbage (not zeroed): `_init` overwrites all of it.
    let mut mem = Mem::new(size);
    mem.0.fill(u128::MAX);
    let mut s = null_mut();
    unsafe {
        assert_eq!(
            reel_clip_scorer_init(mem.ptr(), size, 16, 12, 0.0, &mut s),
            REEL_STATUS_INVALID_VALUE
        );
        assert!(s.is_null());
        assert_eq!(
            reel_clip_scorer_init(mem.ptr(), size, 16, 12, 30.0, &mut s),
            REEL_STATUS_OK
        );
        assert_eq!(s.cast::<c_void>(), mem.ptr());
        if cfg!(miri) {
            // The handle from caller memory through a push and a finish (every entry point
            // runs on the `_new` handle above; the core below the handle is the same).
            let px = frame(16, 12, 0);
            assert_eq!(
                reel_clip_scorer_push(s, &plane(&px, 16, 12), null_mut()),
                REEL_STATUS_OK
            );
            let mut sum = ReelClipSummary::default();
            assert_eq!(reel_clip_scorer_finish(s, &mut sum), REEL_STATUS_OK);
            assert_eq!(sum.metrics.frames, 1);
        } else {
            drive_clip(s);
        }
        // Re-initialising the same memory starts over.
        assert_eq!(
            reel_clip_scorer_init(mem.ptr(), size, 16, 12, 30.0, &mut s),
            REEL_STATUS_OK
        );
        let px = frame(16, 12, 0);
        assert_eq!(
            reel_clip_scorer_push(s, &plane(&px, 16, 12), null_mut()),
            REEL_STATUS_OK
        );
    }
}

#[test]
fn device_scorer_and_row_feeder() {
    let (w, h) = (16, 12);
    let (size, fsize) = (reel_device_clip_scorer_size(), reel_row_feeder_size());
    init_refusals(
        size,
        reel_device_clip_scorer_align(),
        |b, n, null_out| unsafe {
            let mut out = null_mut();
            reel_device_clip_scorer_init(
                b,
                n,
                w,
                h,
                30.0,
                if null_out { null_mut() } else { &mut out },
            )
        },
    );
    init_refusals(fsize, reel_row_feeder_align(), |b, n, null_out| unsafe {
        let mut out = null_mut();
        reel_row_feeder_init(b, n, if null_out { null_mut() } else { &mut out })
    });
    let (mut mem, mut fmem, mut tmem) = (Mem::new(size), Mem::new(fsize), Mem::new(size));
    let (mut d, mut f, mut t) = (null_mut(), null_mut(), null_mut());
    unsafe {
        assert_eq!(
            reel_device_clip_scorer_init(mem.ptr(), size, w, h, 30.0, &mut d),
            REEL_STATUS_OK
        );
        assert_eq!(
            reel_device_clip_scorer_init(tmem.ptr(), size, w, h, 30.0, &mut t),
            REEL_STATUS_OK
        );
        assert_eq!(
            reel_row_feeder_init(fmem.ptr(), fsize, &mut f),
            REEL_STATUS_OK
        );
        for i in 0..4 {
            // `d` gets the frame in bands of 5 rows, `t` whole: equal observations.
            let px = frame(w, h, i);
            let mut a = FrameObservation::default();
            let mut b = FrameObservation::default();
            assert_eq!(reel_device_clip_scorer_begin_frame(d, f), REEL_STATUS_OK);
            for y in (0..h).step_by(5) {
                let band = plane(&px[y * w..], w, 5.min(h - y));
                assert_eq!(
                    reel_device_clip_scorer_push_rows(d, f, &band),
                    REEL_STATUS_OK
                );
            }
            assert_eq!(
                reel_device_clip_scorer_end_frame(d, f, &mut a),
                REEL_STATUS_OK
            );
            assert_eq!(
                reel_device_clip_scorer_push(t, &plane(&px, w, h), &mut b),
                REEL_STATUS_OK
            );
            assert_eq!(a, b);
        }
        // Misuse: end without begin, rows of the wrong width, NULL feeder.
        assert_eq!(
            reel_device_clip_scorer_end_frame(d, f, null_mut()),
            REEL_STATUS_INVALID_STATE
        );
        assert_eq!(
            reel_device_clip_scorer_begin_frame(d, null_mut()),
            REEL_STATUS_NULL_POINTER
        );
        let px = frame(w + 1, 1, 0);
        assert_eq!(reel_device_clip_scorer_begin_frame(d, f), REEL_STATUS_OK);
        assert_ne!(
            reel_device_clip_scorer_push_rows(d, f, &plane(&px, w + 1, 1)),
            REEL_STATUS_OK
        );
        assert_eq!(
            reel_device_clip_scorer_push_rows(d, f, null()),
            REEL_STATUS_NULL_POINTER
        );
        assert_eq!(
            reel_device_clip_scorer_end_frame(d, f, null_mut()),
            REEL_STATUS_INVALID_STATE
        );
        // Restart the open frame and finish it properly, then the clip.
        assert_eq!(reel_device_clip_scorer_begin_frame(d, f), REEL_STATUS_OK);
        let px = frame(w, h, 4);
        assert_eq!(
            reel_device_clip_scorer_push_rows(d, f, &plane(&px, w, h)),
            REEL_STATUS_OK
        );
        assert_eq!(
            reel_device_clip_scorer_end_frame(d, f, null_mut()),
            REEL_STATUS_OK
        );
        let c = vec![128u8; (w / 2) * (h / 2)];
        let cp = plane(&c, w / 2, h / 2);
        assert_eq!(
            reel_device_clip_scorer_push_yuv420(d, &plane(&px, w, h), &cp, &cp, null_mut()),
            REEL_STATUS_OK
        );
        let mut sum = ReelClipSummary::default();
        assert_eq!(reel_device_clip_scorer_finish(d, &mut sum), REEL_STATUS_OK);
        assert_eq!(sum.metrics.frames, 6);
        for i in 0..sum.defects as usize {
            let mut x = ReelDefect::default();
            assert_eq!(reel_device_clip_scorer_defect(d, i, &mut x), REEL_STATUS_OK);
        }
        let mut cut = 0;
        for i in 0..sum.cuts as usize {
            assert_eq!(reel_device_clip_scorer_cut(d, i, &mut cut), REEL_STATUS_OK);
        }
        assert_eq!(
            reel_device_clip_scorer_cut(d, sum.cuts as usize, &mut cut),
            REEL_STATUS_INVALID_VALUE
        );
        // Verdict settings in the caller's (here uninitialised) memory, read with the clip.
        let mut v = core::mem::MaybeUninit::<ReelVerdictSettings>::uninit();
        assert_eq!(reel_verdict_settings_init(v.as_mut_ptr()), REEL_STATUS_OK);
        let mut v = v.assume_init();
        let mut with = ReelClipSummary::default();
        assert_eq!(
            reel_device_clip_scorer_summary_with(d, &v, &mut with),
            REEL_STATUS_OK
        );
        assert_eq!((with.score, with.defects), (sum.score, sum.defects));
        assert_eq!(reel_verdict_settings_ignore_kind(&mut v, 3), REEL_STATUS_OK);
        let (mut n, mut x) = (ReelNearMiss::default(), ReelDefect::default());
        assert_eq!(
            reel_device_clip_scorer_near_miss_with(d, &v, 3, &mut n),
            REEL_STATUS_OK
        );
        assert_eq!(
            reel_device_clip_scorer_defect_with(d, &v, sum.defects as usize, &mut x),
            REEL_STATUS_INVALID_VALUE
        );
        assert_eq!(
            reel_device_clip_scorer_summary_with(d, null(), &mut with),
            REEL_STATUS_NULL_POINTER
        );
        let mut k = 0;
        assert_eq!(
            reel_device_clip_scorer_analysis_factor(d, &mut k),
            REEL_STATUS_OK
        );
        assert_eq!(reel_device_clip_scorer_reset(d, w, h, 25.0), REEL_STATUS_OK);
        assert_eq!(
            reel_device_clip_scorer_set_analysis_pixels(d, 1),
            REEL_STATUS_OK
        );
        assert_eq!(
            reel_device_clip_scorer_add_detections(d, null(), 0, null_mut()),
            REEL_STATUS_NULL_POINTER
        );
        assert_eq!(
            reel_device_clip_scorer_push(null_mut(), null(), null_mut()),
            REEL_STATUS_NULL_POINTER
        );
    }
}

/// 0.05 s of a 1 kHz tone at 8 kHz, stereo (short: Miri interprets every sample).
fn tone() -> Vec<f32> {
    (0..400)
        .flat_map(|i| {
            let x = 0.5 * (i as f32 * core::f32::consts::TAU / 8.0).sin();
            [x, x]
        })
        .collect()
}

unsafe fn drive_audio(a: *mut ReelAudioScorer) {
    unsafe {
        let x = tone();
        assert_eq!(
            reel_audio_scorer_push_f32(a, x.as_ptr(), x.len()),
            REEL_STATUS_OK
        );
        let i: Vec<i16> = x.iter().map(|&v| (v * 32767.0) as i16).collect();
        assert_eq!(
            reel_audio_scorer_push_i16(a, i.as_ptr(), i.len()),
            REEL_STATUS_OK
        );
        assert_ne!(reel_audio_scorer_push_i16(a, i.as_ptr(), 3), REEL_STATUS_OK);
        assert_eq!(
            reel_audio_scorer_push_f32(a, null(), 2),
            REEL_STATUS_NULL_POINTER
        );
        let mut m = AudioMetrics::default();
        let mut n = 0u32;
        assert_eq!(reel_audio_scorer_report(a, &mut m, &mut n), REEL_STATUS_OK);
        assert_eq!(
            reel_audio_scorer_report(a, null_mut(), &mut n),
            REEL_STATUS_NULL_POINTER
        );
        for k in 0..n {
            let mut d = ReelAudioDefect::default();
            assert_eq!(reel_audio_scorer_defect(a, k, &mut d), REEL_STATUS_OK);
        }
        let mut d = ReelAudioDefect::default();
        assert_eq!(
            reel_audio_scorer_defect(a, n, &mut d),
            REEL_STATUS_INVALID_VALUE
        );
    }
}

#[test]
fn audio_scorer_new_init_and_fold_in() {
    let size = reel_audio_scorer_size();
    init_refusals(size, reel_audio_scorer_align(), |b, n, null_out| unsafe {
        let mut out = null_mut();
        reel_audio_scorer_init(
            b,
            n,
            8000,
            2,
            -14.0,
            if null_out { null_mut() } else { &mut out },
        )
    });
    unsafe {
        let mut a = null_mut();
        assert_eq!(
            reel_audio_scorer_new(8000, 3, -14.0, &mut a),
            REEL_STATUS_INVALID_VALUE
        );
        assert_eq!(
            reel_audio_scorer_new(8000, 2, -14.0, &mut a),
            REEL_STATUS_OK
        );
        drive_audio(a);
        // A finished clip takes the sound track's defects once.
        let mut s = null_mut();
        assert_eq!(reel_clip_scorer_new(8, 8, 30.0, &mut s), REEL_STATUS_OK);
        let px = frame(8, 8, 0);
        assert_eq!(
            reel_clip_scorer_push(s, &plane(&px, 8, 8), null_mut()),
            REEL_STATUS_OK
        );
        let mut sum = ReelClipSummary::default();
        assert_eq!(
            reel_clip_scorer_add_audio(s, a, &mut sum),
            REEL_STATUS_INVALID_STATE
        );
        assert_eq!(reel_clip_scorer_finish(s, &mut sum), REEL_STATUS_OK);
        assert_eq!(
            reel_clip_scorer_add_audio(s, null(), &mut sum),
            REEL_STATUS_NULL_POINTER
        );
        assert_eq!(reel_clip_scorer_add_audio(s, a, &mut sum), REEL_STATUS_OK);
        reel_clip_scorer_free(s);
        assert_eq!(reel_audio_scorer_reset(a, 16000, 1, -23.0), REEL_STATUS_OK);
        assert_eq!(
            reel_audio_scorer_reset(null_mut(), 16000, 1, -23.0),
            REEL_STATUS_NULL_POINTER
        );
        reel_audio_scorer_free(a);
        reel_audio_scorer_free(null_mut());

        let mut mem = Mem::new(size);
        mem.0.fill(u128::MAX);
        assert_eq!(
            reel_audio_scorer_init(mem.ptr(), size, 8000, 2, -14.0, &mut a),
            REEL_STATUS_OK
        );
        drive_audio(a);
    }
}

#[test]
fn detectors_new_and_init() {
    unsafe {
        // Text tracker: one region, read twice.
        let (_mem, t, h) = init_and_new(
            reel_text_tracker_size(),
            reel_text_tracker_align(),
            |b, n, out| reel_text_tracker_init(b, n, out),
            |out| reel_text_tracker_new(out),
        );
        let boxes = [10.0f32, 10.0, 60.0, 30.0];
        let text = b"SALE";
        let texts = [text.as_ptr()];
        let lens = [text.len()];
        let conf = [0.9f32];
        for tr in [t, h] {
            for _ in 0..3 {
                let st = reel_text_tracker_push(
                    tr,
                    1,
                    boxes.as_ptr(),
                    texts.as_ptr(),
                    lens.as_ptr(),
                    conf.as_ptr(),
                );
                assert_eq!(st, REEL_STATUS_OK);
            }
            assert_eq!(
                reel_text_tracker_push(tr, 0, null(), null(), null(), null()),
                REEL_STATUS_OK
            );
            assert_eq!(
                reel_text_tracker_push(tr, 1, null(), null(), null(), null()),
                REEL_STATUS_NULL_POINTER
            );
            let mut sum = ReelTextSummary::default();
            let mut ds = [ReelDetectDefect::default(); 2];
            let mut n = 0u32;
            assert_eq!(
                reel_text_tracker_report(tr, &mut sum, ds.as_mut_ptr(), ds.len(), &mut n),
                REEL_STATUS_OK
            );
            assert_eq!(sum.frames, 4);
        }
        reel_text_tracker_free(h);

        // Face tracker: 68 landmarks and blendshapes.
        let (_mem, f, g) = init_and_new(
            reel_face_tracker_size(),
            reel_face_tracker_align(),
            |b, n, out| reel_face_tracker_init(b, n, 30.0, 1, out),
            |out| reel_face_tracker_new(30.0, 2, out),
        );
        let xy: Vec<f32> = (0..136).map(|i| 100.0 + (i * 7 % 50) as f32).collect();
        let bs = [0.1f32; crate::constants::REEL_BLENDSHAPES];
        for tr in [f, g] {
            assert_eq!(
                reel_face_tracker_push_landmarks(tr, xy.as_ptr(), 68),
                REEL_STATUS_OK
            );
            assert_ne!(
                reel_face_tracker_push_landmarks(tr, xy.as_ptr(), 67),
                REEL_STATUS_OK
            );
            assert_eq!(
                reel_face_tracker_push_blendshapes(tr, bs.as_ptr(), bs.len()),
                REEL_STATUS_OK
            );
            assert_eq!(reel_face_tracker_skip(tr), REEL_STATUS_OK);
            let mut sum = ReelFaceSummary::default();
            assert_eq!(reel_face_tracker_report(tr, &mut sum), REEL_STATUS_OK);
        }
        reel_face_tracker_free(g);
        assert_eq!(reel_face_tracker_skip(null_mut()), REEL_STATUS_NULL_POINTER);

        // Subject tracker: one subject on a small RGB frame.
        let (_mem, s, u) = init_and_new(
            reel_subject_tracker_size(),
            reel_subject_tracker_align(),
            |b, n, out| reel_subject_tracker_init(b, n, out),
            |out| reel_subject_tracker_new(out),
        );
        let rgb = frame(3 * 8, 8, 1);
        let img = ReelRgb {
            data: rgb.as_ptr(),
            width: 8,
            height: 8,
            stride: 24,
        };
        let ids = [3u32];
        let b = [1.0f32, 1.0, 6.0, 6.0];
        for tr in [s, u] {
            assert_eq!(
                reel_subject_tracker_push(tr, &img, false, 1, ids.as_ptr(), b.as_ptr()),
                REEL_STATUS_OK
            );
            assert_eq!(
                reel_subject_tracker_push(tr, &img, true, 0, null(), null()),
                REEL_STATUS_OK
            );
            assert_eq!(
                reel_subject_tracker_push(tr, null(), false, 0, null(), null()),
                REEL_STATUS_NULL_POINTER
            );
            let mut n = 0u32;
            assert_eq!(
                reel_subject_tracker_report(tr, null_mut(), 0, &mut n),
                REEL_STATUS_OK
            );
        }
        reel_subject_tracker_free(u);
    }
}

#[test]
fn watch_distribution_every_bucket_count() {
    // Every bucket count views the opaque storage as a different core type.
    for b in 1..=REEL_D2Q_MAX_BUCKETS {
        let edges: Vec<f64> = (1..=b).map(|i| 10.0 * i as f64).collect();
        unsafe {
            // `_init` on uninitialised caller memory.
            let mut mem = Box::<ReelWatchDistribution>::new_uninit();
            let d = mem.as_mut_ptr();
            assert_eq!(
                reel_watch_distribution_init(d, edges.as_ptr(), b),
                REEL_STATUS_OK
            );
            let mut h = null_mut();
            assert_eq!(
                reel_watch_distribution_new(edges.as_ptr(), b, &mut h),
                REEL_STATUS_OK
            );
            for dist in [d, h] {
                for k in 0..6 {
                    let dur = 5.0 + 7.0 * k as f64;
                    assert_eq!(
                        reel_watch_distribution_add(dist, dur, dur / 2.0),
                        REEL_STATUS_OK
                    );
                }
                let (durs, watch) = ([5.0, 12.0], [1.0, 6.0]);
                assert_eq!(
                    reel_watch_distribution_add_array(dist, durs.as_ptr(), watch.as_ptr(), 2),
                    REEL_STATUS_OK
                );
                let mut n = 0u64;
                assert_eq!(
                    reel_watch_distribution_count(dist, 5.0, &mut n),
                    REEL_STATUS_OK
                );
                assert!(n >= 2);
                let mut p = 0.0;
                assert_eq!(
                    reel_watch_distribution_percentile(dist, 5.0, 2.5, &mut p),
                    REEL_STATUS_OK
                );
                assert!((0.0..=1.0).contains(&p));
                let mut ps = [0.0; 2];
                assert_eq!(
                    reel_watch_distribution_percentile_array(
                        dist,
                        durs.as_ptr(),
                        watch.as_ptr(),
                        2,
                        ps.as_mut_ptr()
                    ),
                    REEL_STATUS_OK
                );
            }
            reel_watch_distribution_free(h);
        }
    }
    unsafe {
        // Refusals; a zeroed distribution is "not initialised".
        let edges = [1.0; 9];
        let mut h = null_mut();
        assert_eq!(
            reel_watch_distribution_new(edges.as_ptr(), 0, &mut h),
            REEL_STATUS_EMPTY_INPUT
        );
        assert_eq!(
            reel_watch_distribution_new(edges.as_ptr(), 9, &mut h),
            REEL_STATUS_CAPACITY_EXCEEDED
        );
        assert_eq!(
            reel_watch_distribution_new(edges.as_ptr(), 2, &mut h),
            REEL_STATUS_INVALID_VALUE
        );
        assert!(h.is_null());
        let mut z = crate::guard::boxed_zeroed::<ReelWatchDistribution>();
        assert_eq!(
            reel_watch_distribution_add(&mut *z, 1.0, 1.0),
            REEL_STATUS_INVALID_STATE
        );
        assert_eq!(
            reel_watch_distribution_init(null_mut(), edges.as_ptr(), 1),
            REEL_STATUS_NULL_POINTER
        );
    }
}

#[test]
fn consistency_and_tracks() {
    unsafe {
        let text = [1.0f32, 0.0, 0.0, 0.0];
        let mut c = null_mut();
        assert_eq!(
            reel_consistency_new(4, text.as_ptr(), &mut c),
            REEL_STATUS_OK
        );
        for e in [
            [1.0f32, 0.1, 0.0, 0.0],
            [0.9, 0.2, 0.1, 0.0],
            [1.0, 0.0, 0.1, 0.1],
        ] {
            let mut term = 0.0;
            assert_eq!(
                reel_consistency_push(c, e.as_ptr(), 4, &mut term),
                REEL_STATUS_OK
            );
        }
        let mut v = 0.0;
        assert_eq!(reel_consistency_subject(c, &mut v), REEL_STATUS_OK);
        assert_eq!(reel_consistency_prompt_alignment(c, &mut v), REEL_STATUS_OK);
        assert_ne!(
            reel_consistency_push(c, text.as_ptr(), 3, null_mut()),
            REEL_STATUS_OK
        );
        reel_consistency_free(c);
        reel_consistency_free(null_mut());
    }
}

#[test]
fn statuses_and_names_are_static_strings() {
    for code in 0..40u32 {
        let s = unsafe { core::ffi::CStr::from_ptr(crate::status::reel_status_str(code)) };
        assert!(!s.to_bytes().is_empty());
        let k = unsafe { core::ffi::CStr::from_ptr(reel_defect_kind_str(code)) };
        assert!(!k.to_bytes().is_empty());
    }
    let v = unsafe { core::ffi::CStr::from_ptr(crate::status::reel_version()) };
    assert!(!v.to_bytes().is_empty());
}
