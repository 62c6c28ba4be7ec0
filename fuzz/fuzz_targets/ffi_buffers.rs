//! The C ABI functions that take buffers (frame metrics, the clip scorer handle, engagement
//! arrays, Bradley–Terry, top-k, MMR, the audio scorer, the text / face / subject trackers,
//! the device scorer in caller memory, the fold-in of audio and detector defects), with random
//! sizes, strides, bit depths, enum values, rates, channel counts, scratch and buffer lengths,
//! raw `f32`/`f64` bit patterns and NULLs. Memory passed is always as large as the geometry
//! claims (the C contract); everything else is the library's to reject with a status.
//!
//! Inputs of up to 1024 bytes reach every path (`-max_len=1024`, as scripts/test.sh runs it):
//! the longest need is the fold-in's 33 detector defects of 24 bytes, past the clip's 32.
#![no_main]

use ffi_rs::audio::*;
use ffi_rs::clip::*;
use ffi_rs::detect::*;
use ffi_rs::device::*;
use ffi_rs::engage::*;
use ffi_rs::metrics::*;
use ffi_rs::status::reel_status;
use ffi_rs::types::{ReelPlane, ReelPlane16, ReelRgb};
use libfuzzer_sys::fuzz_target;
use std::ffi::{CStr, c_void};
use std::ptr;

/// Number of operations (`op % OPS`); 0–14 are the original ones, so old seeds keep their op.
const OPS: u8 = 22;

/// Caller memory for an `_init`: `size` bytes at `align`, or (by `how % 8`) one byte short,
/// empty, misaligned by one, NULL, a length of `usize::MAX` (the buffer is big enough for the
/// real size; the library must only check `len ≥ size`).
fn caller_buf(store: &mut Vec<u8>, size: usize, align: usize, how: u8) -> (*mut c_void, usize) {
    store.clear();
    store.resize(size + align + 1, 0);
    let off = store.as_ptr().align_offset(align);
    let p = store[off..].as_mut_ptr();
    match how % 8 {
        0 => (ptr::null_mut(), size),
        1 => (p.cast(), size - 1),
        2 => (p.cast(), 0),
        3 => (p.wrapping_add(1).cast(), size),
        4 => (p.cast(), usize::MAX),
        _ => (p.cast(), size),
    }
}

/// A handle from `_new` (`on_heap`) or from `_init` in caller memory held by `store`
/// ([`caller_buf`] of `size`, `align` and `how`), and the status of the call that made it.
fn new_or_init<T>(
    store: &mut Vec<u8>,
    on_heap: bool,
    (size, align, how): (usize, usize, u8),
    new: impl FnOnce(*mut *mut T) -> reel_status,
    init: impl FnOnce(*mut c_void, usize, *mut *mut T) -> reel_status,
) -> (reel_status, *mut T) {
    let mut t = ptr::null_mut();
    let st = if on_heap {
        new(&mut t)
    } else {
        let (buf, len) = caller_buf(store, size, align, how);
        init(buf, len, &mut t)
    };
    (st, t)
}

fn no_panic(st: reel_status, what: &str) -> bool {
    assert_ne!(
        st,
        reel_status::REEL_STATUS_PANIC,
        "panic caught at the boundary ({what})"
    );
    st == reel_status::REEL_STATUS_OK
}

fn check_detect_defects(ds: &[ReelDetectDefect]) {
    for d in ds {
        assert!(
            d.start <= d.end && (0.0..=1.0).contains(&d.severity),
            "{d:?}"
        );
        assert!(d.kind <= 2, "{d:?}");
    }
}

/// `len` bytes of `src` (not empty) over and over.
fn cycled(src: &[u8], len: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(len);
    while v.len() < len {
        let n = (len - v.len()).min(src.len());
        v.extend_from_slice(&src[..n]);
    }
    v
}

fn need(w: usize, h: usize, stride: usize) -> usize {
    if w == 0 || h == 0 {
        0
    } else {
        (h - 1) * stride + w
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    // Mostly small planes (fast), one byte value in eight a large one (MS-SSIM needs 176×176).
    let dim = |x: u8| {
        if x >= 224 {
            150 + x as usize % 50
        } else {
            x as usize % 64
        }
    };
    let w = dim(data[0]);
    let h = dim(data[1]);
    let stride = (w as isize + (data[2] as i8 as isize) % 8).max(0) as usize;
    let op = data[3];
    let nulls = data[4];
    let len = need(w, h, stride.max(w)).max(1);
    // The input repeated (and reversed, repeated), copied a whole input at a time: up to
    // 40 KB per plane for the large sizes.
    let a = cycled(data, len);
    let rev: Vec<u8> = data.iter().rev().copied().collect();
    let b = cycled(&rev, len);
    let pa = ReelPlane {
        data: if nulls & 1 == 1 {
            ptr::null()
        } else {
            a.as_ptr()
        },
        width: w,
        height: h,
        stride,
    };
    let pb = ReelPlane {
        data: b.as_ptr(),
        width: w,
        height: if nulls & 2 == 2 { h / 2 } else { h },
        stride,
    };
    let mut out = 0.0f64;
    let outp: *mut f64 = if nulls & 4 == 4 {
        ptr::null_mut()
    } else {
        &mut out
    };
    unsafe {
        // Doubles for the engagement arrays: raw bit patterns (NaN, ±inf, subnormals included).
        let f: Vec<f64> = data[8..]
            .chunks_exact(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let m = f.len();
        // Raw `f32` bit patterns for the audio samples, boxes, landmarks and scores.
        let g: Vec<f32> = data[8..]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let fp = |bit: u8| {
            if nulls & bit == bit {
                ptr::null()
            } else {
                f.as_ptr()
            }
        };
        let mut outs = vec![0.0f64; m.max(1)];
        let op_out = if nulls & 8 == 8 {
            ptr::null_mut()
        } else {
            outs.as_mut_ptr()
        };
        let st = match op % OPS {
            0 => reel_mse(&pa, &pb, outp),
            1 => reel_psnr(&pa, &pb, outp),
            2 => reel_ssim(&pa, &pb, outp),
            3 => {
                let n = reel_ms_ssim_scratch_len(w, h).min(1 << 20);
                let mut scratch = vec![0f32; n.saturating_sub(data[5] as usize % 3)];
                reel_ms_ssim(
                    &pa,
                    &pb,
                    u32::from(data[6] % 3),
                    scratch.as_mut_ptr(),
                    scratch.len(),
                    outp,
                )
            }
            4 => {
                let mut fs = std::mem::zeroed();
                reel_frame_stats(
                    &pa,
                    if nulls & 4 == 4 {
                        ptr::null_mut()
                    } else {
                        &mut fs
                    },
                )
            }
            5 => {
                let wide: Vec<u16> = a.iter().map(|&v| u16::from(v) << (data[5] % 9)).collect();
                let p16 = ReelPlane16 {
                    data: wide.as_ptr(),
                    width: w.min(len),
                    height: 1,
                    stride: w.min(len),
                    bits: u32::from(data[6] % 20),
                };
                let mut fs = std::mem::zeroed();
                reel_frame_stats16(&p16, &mut fs)
            }
            6 => {
                let rw = (len / 3).min(w);
                let rgb = ReelRgb {
                    data: a.as_ptr(),
                    width: rw,
                    height: 1,
                    stride: 3 * rw,
                };
                let mut luma = vec![0u8; rw.max(1)];
                reel_rgb_to_luma(&rgb, u32::from(data[6] % 3), luma.as_mut_ptr(), rw)
            }
            7 => {
                let mut dst = vec![0u8; len];
                reel_expand_limited_range(&pa, dst.as_mut_ptr(), stride)
            }
            8 => {
                let mut s = ptr::null_mut();
                let st = reel_clip_scorer_new(w, h, f64::from(data[5]), &mut s);
                if st == reel_status::REEL_STATUS_OK {
                    let _ = reel_clip_scorer_push(s, &pa, ptr::null_mut());
                    let _ = reel_clip_scorer_push(s, &pb, ptr::null_mut());
                    let mut sum = std::mem::zeroed();
                    let _ = reel_clip_scorer_finish(s, &mut sum);
                    let mut d = std::mem::zeroed();
                    let _ = reel_clip_scorer_defect(s, data[6] as usize, &mut d);
                    reel_clip_scorer_free(s);
                }
                st
            }
            10 => {
                reel_wilson_lower_bound_array(fp(16), fp(32), m, f64::from(data[5]) / 50.0, op_out)
            }
            11 => reel_hacker_news_rank_array(fp(16), fp(32), m, f64::from(data[5]) / 50.0, op_out),
            12 => {
                // Bradley–Terry on an n×n corner of the doubles (n from the input, maybe 0).
                let n = (data[5] as usize % 5).min((m as f64).sqrt() as usize);
                let opts = ReelBradleyTerryOptions {
                    alpha: f64::from(data[6] % 4) * 0.01,
                    tolerance: 1e-9,
                    max_iterations: 500,
                    warm_start: u32::from(data[7] & 1),
                };
                let mut theta = vec![0.0f64; n.max(1)];
                let scratch_len =
                    reel_bradley_terry_scratch_len(n).saturating_sub(usize::from(data[7] >> 6));
                let mut scratch = vec![0.0f64; scratch_len.max(1)];
                let sp = if nulls & 64 == 64 {
                    ptr::null_mut()
                } else {
                    scratch.as_mut_ptr()
                };
                let mut iters = 0usize;
                let st = reel_bradley_terry_fit(
                    n,
                    fp(16),
                    &opts,
                    sp,
                    scratch_len,
                    theta.as_mut_ptr(),
                    &mut iters,
                );
                if st == reel_status::REEL_STATUS_OK {
                    assert!(theta[..n].iter().all(|t| t.is_finite()));
                }
                st
            }
            13 => {
                let k = data[5] as usize % 8;
                let mut idx = vec![0usize; k.max(1)];
                let mut written = 0usize;
                let ids: Vec<u64> = f.iter().map(|x| x.to_bits() % 7).collect();
                let idp = if nulls & 32 == 32 {
                    ptr::null()
                } else {
                    ids.as_ptr()
                };
                let st = reel_top_k(fp(16), idp, m, idx.as_mut_ptr(), k, &mut written);
                if st == reel_status::REEL_STATUS_OK {
                    assert!(written <= k.min(m) && idx[..written].iter().all(|&i| i < m));
                }
                st
            }
            14 => {
                let dims = 1 + data[5] as usize % 4;
                let n = m.saturating_sub(dims) / dims;
                let k = data[6] as usize % 6;
                let mut idx = vec![0usize; k.max(1)];
                let scratch_len = reel_mmr_scratch_len(n).saturating_sub(usize::from(data[7] >> 6));
                let mut scratch = vec![0.0f64; scratch_len.max(1)];
                let sp = if nulls & 64 == 64 {
                    ptr::null_mut()
                } else {
                    scratch.as_mut_ptr()
                };
                let mut written = 0usize;
                let lambda = f64::from(data[7] % 12) / 10.0;
                let qp = if m < dims { ptr::null() } else { f.as_ptr() };
                let st = reel_mmr(
                    qp,
                    dims,
                    f.as_ptr().wrapping_add(dims.min(m)),
                    n,
                    lambda,
                    sp,
                    scratch_len,
                    idx.as_mut_ptr(),
                    k,
                    &mut written,
                );
                if st == reel_status::REEL_STATUS_OK {
                    assert!(written <= k.min(n) && idx[..written].iter().all(|&i| i < n));
                }
                st
            }
            15 => audio_op(data, &g, nulls),
            16 => text_op(data, &g, nulls),
            17 => face_op(data, &g, nulls),
            18 => subject_op(data, &g, nulls, w, h),
            19 => device_op(data, &f, nulls, &pa, &pb),
            20 => fold_in_op(data, &g, nulls, &pa),
            21 => {
                // Names and weights of raw kind codes, and every size/align pair.
                let kind = u32::from_le_bytes([data[5], data[6], data[7], data[2]]);
                let wgt = reel_defect_weight(kind);
                let name = CStr::from_ptr(reel_defect_kind_str(kind));
                assert_eq!(wgt == -1.0, name.to_bytes() == b"unknown", "kind {kind}");
                assert!(wgt == -1.0 || (wgt > 0.0 && wgt <= 1.0));
                for (size, align) in [
                    (
                        reel_device_clip_scorer_size(),
                        reel_device_clip_scorer_align(),
                    ),
                    (reel_row_feeder_size(), reel_row_feeder_align()),
                    (reel_audio_scorer_size(), reel_audio_scorer_align()),
                    (reel_text_tracker_size(), reel_text_tracker_align()),
                    (reel_face_tracker_size(), reel_face_tracker_align()),
                    (reel_subject_tracker_size(), reel_subject_tracker_align()),
                ] {
                    assert!(size > 0 && align.is_power_of_two() && size % align == 0);
                }
                reel_status::REEL_STATUS_OK
            }
            _ => {
                let mut bins = [0u64; 256];
                reel_histogram(
                    &pa,
                    if nulls & 4 == 4 {
                        ptr::null_mut()
                    } else {
                        bins.as_mut_ptr()
                    },
                )
            }
        };
        assert_ne!(
            st,
            reel_status::REEL_STATUS_PANIC,
            "panic caught at the boundary (op {op})"
        );
        if st == reel_status::REEL_STATUS_OK && !outp.is_null() && op % OPS < 4 {
            assert!(!out.is_nan());
        }
        if st == reel_status::REEL_STATUS_OK && (10..12).contains(&(op % OPS)) {
            assert!(
                outs[..m].iter().all(|x| x.is_finite()),
                "op {op}: non-finite output"
            );
        }
    }
});

/// A byte of `data` at any index (cycled).
fn at(data: &[u8], i: usize) -> u8 {
    data[i % data.len()]
}

/// Audio scorer (caller memory or heap) at a random rate, channel count and target; raw `f32`
/// and `i16` pushes of any length (ragged included), NULLs, reports and defect reads.
unsafe fn audio_op(data: &[u8], g: &[f32], nulls: u8) -> reel_status {
    let rate = match data[5] % 8 {
        0 => 8000,
        1 => 192_000,
        2 => 7999,
        3 => 192_001,
        4 => u32::from_le_bytes([data[6], data[7], data[2], 0]),
        5 => 44100,
        6 => 0,
        _ => 8000 + u32::from(data[6]) * 700,
    };
    let channels = u32::from(data[6] % 8);
    let target = match data[7] % 4 {
        0 => -14.0,
        1 => f64::from(g.first().copied().unwrap_or(0.0)),
        2 => f64::NAN,
        _ => -70.0 - f64::from(data[7]),
    };
    let mut store = Vec::new();
    unsafe {
        let (st, a) = new_or_init(
            &mut store,
            nulls & 128 == 128,
            (
                reel_audio_scorer_size(),
                reel_audio_scorer_align(),
                data[2] >> 5,
            ),
            |out| reel_audio_scorer_new(rate, channels, target, out),
            |buf, len, out| reel_audio_scorer_init(buf, len, rate, channels, target, out),
        );
        if !no_panic(st, "audio init") {
            assert!(a.is_null());
            return st;
        }
        let i16s: Vec<i16> = data
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        // Sample runs: raw floats (NaN, ±inf, > 1), i16 (full scale included), a repeated
        // block (long silence or clipping runs), a ragged length, NULL.
        for round in 0..1 + (data[3] >> 5) as usize {
            let n = match (round + usize::from(data[4])) % 4 {
                0 => g.len(),
                1 => g.len().saturating_sub(1),
                2 => channels as usize * 600,
                _ => 0,
            };
            let floats: Vec<f32> = (0..n)
                .map(|i| {
                    if round % 2 == 1 {
                        1.0
                    } else {
                        g.get(i).copied().unwrap_or(0.0)
                    }
                })
                .collect();
            let fp = if nulls & 16 == 16 {
                ptr::null()
            } else {
                floats.as_ptr()
            };
            let _ = no_panic(reel_audio_scorer_push_f32(a, fp, floats.len()), "push_f32");
            let ip = if nulls & 32 == 32 {
                ptr::null()
            } else {
                i16s.as_ptr()
            };
            let _ = no_panic(reel_audio_scorer_push_i16(a, ip, i16s.len()), "push_i16");
            let _ = no_panic(
                reel_audio_scorer_push_i16(ptr::null_mut(), ip, i16s.len()),
                "push_i16 NULL",
            );
            let mut metrics = std::mem::zeroed();
            let mut count = 0u32;
            let mp = if nulls & 4 == 4 {
                ptr::null_mut()
            } else {
                &mut metrics
            };
            if no_panic(reel_audio_scorer_report(a, mp, &mut count), "report") {
                for i in 0..=count {
                    let mut d = ReelAudioDefect::default();
                    let st = reel_audio_scorer_defect(a, i, &mut d);
                    if i == count {
                        assert_eq!(st, reel_status::REEL_STATUS_INVALID_VALUE);
                    } else {
                        assert!(no_panic(st, "audio defect"));
                        assert!(d.kind <= 4 && d.start.is_finite() && d.start <= d.end);
                        assert!((0.0..=1.0).contains(&d.severity), "{d:?}");
                    }
                }
            }
            let _ = no_panic(
                reel_audio_scorer_defect(a, u32::MAX, ptr::null_mut()),
                "defect",
            );
        }
        let st = reel_audio_scorer_reset(a, rate ^ u32::from(data[5]), channels, target);
        let _ = no_panic(st, "audio reset");
        if nulls & 128 == 128 {
            reel_audio_scorer_free(a);
        }
        reel_status::REEL_STATUS_OK
    }
}

/// Text tracker: frames of OCR items with stable or raw boxes, texts of any bytes and lengths
/// (over `MAX_TEXT_BYTES`, invalid UTF-8), confidences, counts over capacity, NULL arrays.
unsafe fn text_op(data: &[u8], g: &[f32], nulls: u8) -> reel_status {
    let mut store = Vec::new();
    unsafe {
        let (st, t) = new_or_init(
            &mut store,
            nulls & 128 == 128,
            (
                reel_text_tracker_size(),
                reel_text_tracker_align(),
                data[2] >> 5,
            ),
            |out| reel_text_tracker_new(out),
            |buf, len, out| reel_text_tracker_init(buf, len, out),
        );
        if !no_panic(st, "text init") {
            return st;
        }
        for fr in 0..1 + usize::from(data[6] % 16) {
            let count = if data[7] & 1 == 1 {
                usize::from(data[5]) % 36
            } else {
                (usize::from(data[5]) + fr) % 4
            };
            let boxes: Vec<f32> = (0..4 * count)
                .map(|i| {
                    if data[7] & 2 == 2 {
                        g.get(i + fr).copied().unwrap_or(f32::NAN)
                    } else {
                        // Stable boxes (still regions) that jitter with the frame.
                        let base = f32::from(at(data, 8 + i / 4) % 8) * 40.0;
                        let jitter = f32::from(at(data, fr * 3 + i) % 4) * 0.5;
                        base + jitter + if i % 4 >= 2 { 30.0 } else { 0.0 }
                    }
                })
                .collect();
            let lens: Vec<usize> = (0..count)
                .map(|i| usize::from(at(data, 9 + i + fr)) % 72)
                .collect();
            let texts: Vec<*const u8> = (0..count)
                .map(|i| {
                    if nulls & 64 == 64 && i == 1 {
                        ptr::null()
                    } else {
                        // Windows of the input (any bytes); fixed per region unless the
                        // frame's byte says the reading morphs.
                        let start =
                            (i * 5 + if at(data, fr) & 1 == 1 { fr } else { 0 }) % data.len();
                        data[start..].as_ptr()
                    }
                })
                .collect();
            // Every text window must be readable for its length: clamp to the input's end.
            let lens: Vec<usize> = lens
                .iter()
                .zip(&texts)
                .map(|(&l, &p)| {
                    if p.is_null() {
                        l
                    } else {
                        l.min(data.len() - (p as usize - data.as_ptr() as usize))
                    }
                })
                .collect();
            let conf: Vec<f32> = (0..count)
                .map(|i| {
                    if data[7] & 4 == 4 {
                        g.get(i).copied().unwrap_or(2.0)
                    } else {
                        f32::from(at(data, i + 11)) / 250.0
                    }
                })
                .collect();
            let nz = |bit: u8, p: *const f32| if nulls & bit == bit { ptr::null() } else { p };
            let st = reel_text_tracker_push(
                t,
                count,
                nz(16, boxes.as_ptr()),
                if nulls & 32 == 32 {
                    ptr::null()
                } else {
                    texts.as_ptr()
                },
                lens.as_ptr(),
                nz(8, conf.as_ptr()),
            );
            let _ = no_panic(st, "text push");
        }
        let cap = usize::from(data[4] % 40);
        let mut ds = vec![ReelDetectDefect::default(); cap.max(1)];
        let mut sum = ReelTextSummary::default();
        let mut n = 0u32;
        let dp = if nulls & 2 == 2 {
            ptr::null_mut()
        } else {
            ds.as_mut_ptr()
        };
        let sp = if nulls & 4 == 4 {
            ptr::null_mut()
        } else {
            &mut sum
        };
        if no_panic(
            reel_text_tracker_report(t, sp, dp, cap, &mut n),
            "text report",
        ) {
            check_detect_defects(&ds[..(n as usize).min(cap)]);
            assert!(sum.mean_confidence.is_finite() && sum.instability.is_finite());
            assert!(sum.mean_edit_distance.is_finite(), "{sum:?}");
        }
        if nulls & 128 == 128 {
            reel_text_tracker_free(t);
        }
        reel_status::REEL_STATUS_OK
    }
}

/// Face tracker at a random fps: landmark frames of every accepted and refused count (eyes
/// opening and closing, or raw floats), blendshape frames, skips, NULLs.
unsafe fn face_op(data: &[u8], g: &[f32], nulls: u8) -> reel_status {
    let fps = match data[5] % 4 {
        0 => 30.0,
        1 => f64::from(data[6]) / 16.0,
        2 => f64::from(g.first().copied().unwrap_or(0.0)),
        _ => 1000.0 / (1.0 + f64::from(data[6])),
    };
    let mut store = Vec::new();
    unsafe {
        let (st, t) = new_or_init(
            &mut store,
            nulls & 128 == 128,
            (
                reel_face_tracker_size(),
                reel_face_tracker_align(),
                data[2] >> 5,
            ),
            |out| reel_face_tracker_new(fps, u32::from(data[7]), out),
            |buf, len, out| reel_face_tracker_init(buf, len, fps, u32::from(data[7]), out),
        );
        if !no_panic(st, "face init") {
            return st;
        }
        let frames = 1 + usize::from(at(data, 8)) % 200;
        for fr in 0..frames {
            let sel = at(data, 9 + fr / 8);
            match sel % 8 {
                0..=3 => {
                    let count = [68usize, 468, 478, 68, 0, 67, 479, 1000][usize::from(sel >> 5)];
                    // Points on a fixed layout whose heights scale with the eye opening:
                    // closed for 3 frames every `period` (7 frames: blinking a lot; 10,000:
                    // never, a stiff face), moving a little with the input when bit 5 of the
                    // id byte is set (expression).
                    let period = [7usize, 40, 150, 10_000][usize::from(data[7] >> 6)];
                    let open = if (fr / 3) % (period / 3) == 0 {
                        0.2
                    } else {
                        1.0
                    };
                    let moves = if data[7] & 32 == 32 { 1.0 } else { 0.0 };
                    let xy: Vec<f32> = (0..2 * count)
                        .map(|i| {
                            if sel & 16 == 16 {
                                g.get((i + fr) % g.len().max(1)).copied().unwrap_or(0.0)
                            } else if i % 2 == 0 {
                                (i / 2 % 17) as f32 * 6.0 + f32::from(at(data, i) % 3) * 0.1
                            } else {
                                ((i / 2 * 7) % 13) as f32 * 4.0 * open
                                    + 100.0
                                    + f32::from(at(data, i / 2 + fr) % 3) * moves
                            }
                        })
                        .collect();
                    let p = if nulls & 16 == 16 && fr == 1 {
                        ptr::null()
                    } else {
                        xy.as_ptr()
                    };
                    let _ = no_panic(reel_face_tracker_push_landmarks(t, p, count), "landmarks");
                }
                4 | 5 => {
                    let count = if sel & 32 == 32 {
                        52
                    } else {
                        usize::from(sel) % 60
                    };
                    let scores: Vec<f32> = (0..count)
                        .map(|i| {
                            if sel & 64 == 64 {
                                g.get(i).copied().unwrap_or(0.5)
                            } else {
                                f32::from(at(data, i + fr)) / 255.0
                            }
                        })
                        .collect();
                    let p = if nulls & 32 == 32 {
                        ptr::null()
                    } else {
                        scores.as_ptr()
                    };
                    let _ = no_panic(
                        reel_face_tracker_push_blendshapes(t, p, count),
                        "blendshapes",
                    );
                }
                6 => {
                    let _ = no_panic(reel_face_tracker_skip(t), "skip");
                }
                _ => {
                    let _ = no_panic(reel_face_tracker_skip(ptr::null_mut()), "skip NULL");
                }
            }
        }
        let mut r = ReelFaceSummary::default();
        let rp = if nulls & 4 == 4 {
            ptr::null_mut()
        } else {
            &mut r
        };
        if no_panic(reel_face_tracker_report(t, rp), "face report") {
            assert!(r.blink_rate.is_finite() && r.mean_ear.is_finite(), "{r:?}");
            assert!(
                r.mouth_spread.is_finite() && r.brow_spread.is_finite(),
                "{r:?}"
            );
            assert!((0.0..=1.0).contains(&r.stiffness), "{r:?}");
            if r.has_defect {
                check_detect_defects(&[r.defect]);
            }
        }
        if nulls & 128 == 128 {
            reel_face_tracker_free(t);
        }
        reel_status::REEL_STATUS_OK
    }
}

/// Subject tracker: small RGB frames (any stride), subjects with repeated or distinct ids,
/// boxes inside, outside, inverted or raw, counts over capacity, cuts, colours that change.
unsafe fn subject_op(data: &[u8], g: &[f32], nulls: u8, w: usize, h: usize) -> reel_status {
    let (w, h) = (w.min(32), h.min(32));
    let stride = 3 * w + usize::from(data[2] % 4);
    let mut store = Vec::new();
    unsafe {
        let (st, t) = new_or_init(
            &mut store,
            nulls & 128 == 128,
            (
                reel_subject_tracker_size(),
                reel_subject_tracker_align(),
                data[2] >> 5,
            ),
            |out| reel_subject_tracker_new(out),
            |buf, len, out| reel_subject_tracker_init(buf, len, out),
        );
        if !no_panic(st, "subject init") {
            return st;
        }
        let frames = 1 + usize::from(data[6] % 24);
        let mut shot = 0u8;
        for fr in 0..frames {
            let cut = at(data, 8 + fr) & 7 == 0;
            shot = shot.wrapping_add(u8::from(cut));
            let pixels: Vec<u8> = (0..stride * h.max(1))
                .map(|i| at(data, i % 3 + usize::from(shot) * 3).wrapping_add((i / stride) as u8))
                .collect();
            let frame = ReelRgb {
                data: pixels.as_ptr(),
                width: w,
                height: h,
                stride,
            };
            let count = if data[7] & 1 == 1 {
                usize::from(data[5]) % 10
            } else {
                usize::from(data[5]) % 3
            };
            let ids: Vec<u32> = (0..count)
                .map(|i| {
                    if data[7] & 2 == 2 {
                        u32::from(at(data, i) % 2)
                    } else {
                        i as u32
                    }
                })
                .collect();
            let boxes: Vec<f32> = (0..4 * count)
                .map(|i| {
                    if data[7] & 4 == 4 {
                        g.get(i + fr).copied().unwrap_or(-1.0)
                    } else {
                        let v = f32::from(at(data, 16 + i) % 20);
                        if i % 4 >= 2 { v + 4.0 } else { v }
                    }
                })
                .collect();
            let fp: *const ReelRgb = if nulls & 8 == 8 && fr == 0 {
                ptr::null()
            } else {
                &frame
            };
            let ip = if nulls & 16 == 16 {
                ptr::null()
            } else {
                ids.as_ptr()
            };
            let bp = if nulls & 32 == 32 {
                ptr::null()
            } else {
                boxes.as_ptr()
            };
            let _ = no_panic(
                reel_subject_tracker_push(t, fp, cut, count, ip, bp),
                "subject push",
            );
        }
        let cap = usize::from(data[4] % 40);
        let mut ds = vec![ReelDetectDefect::default(); cap.max(1)];
        let mut n = 0u32;
        let dp = if nulls & 2 == 2 {
            ptr::null_mut()
        } else {
            ds.as_mut_ptr()
        };
        let np = if nulls & 4 == 4 {
            ptr::null_mut()
        } else {
            &mut n
        };
        if no_panic(
            reel_subject_tracker_report(t, dp, cap, np),
            "subject report",
        ) {
            check_detect_defects(&ds[..(n as usize).min(cap)]);
        }
        if nulls & 128 == 128 {
            reel_subject_tracker_free(t);
        }
        reel_status::REEL_STATUS_OK
    }
}

/// Device scorer in caller memory of any length / alignment, any geometry and raw fps; whole,
/// YUV and row pushes of the fuzzed planes, finish, defect and cut reads.
unsafe fn device_op(
    data: &[u8],
    f: &[f64],
    nulls: u8,
    pa: &ReelPlane,
    pb: &ReelPlane,
) -> reel_status {
    let fps = if data[5] & 1 == 1 {
        f.first().copied().unwrap_or(0.0)
    } else {
        f64::from(data[5]) / 2.0
    };
    let mut store = Vec::new();
    let mut fstore = Vec::new();
    let mut d = ptr::null_mut();
    let mut feeder = ptr::null_mut();
    unsafe {
        let (buf, len) = caller_buf(
            &mut store,
            reel_device_clip_scorer_size(),
            reel_device_clip_scorer_align(),
            data[6],
        );
        let st = reel_device_clip_scorer_init(buf, len, pa.width, pa.height, fps, &mut d);
        if !no_panic(st, "device init") {
            assert!(d.is_null());
            return st;
        }
        let (buf, len) = caller_buf(
            &mut fstore,
            reel_row_feeder_size(),
            reel_row_feeder_align(),
            data[6] >> 3,
        );
        let _ = no_panic(reel_row_feeder_init(buf, len, &mut feeder), "feeder init");
        let mut obs = std::mem::zeroed();
        let op: *mut _ = if nulls & 8 == 8 {
            ptr::null_mut()
        } else {
            &mut obs
        };
        for round in 0..1 + usize::from(data[7] % 4) {
            let _ = no_panic(reel_device_clip_scorer_push(d, pa, op), "device push");
            let _ = no_panic(reel_device_clip_scorer_push(d, pb, op), "device push");
            let _ = no_panic(
                reel_device_clip_scorer_push_yuv420(d, pa, pb, pb, op),
                "device yuv",
            );
            let _ = no_panic(reel_device_clip_scorer_begin_frame(d, feeder), "begin");
            let _ = no_panic(reel_device_clip_scorer_push_rows(d, feeder, pa), "rows");
            if round == 1 {
                let _ = no_panic(reel_device_clip_scorer_push_rows(d, feeder, pb), "rows");
            }
            let _ = no_panic(reel_device_clip_scorer_end_frame(d, feeder, op), "end");
        }
        let mut sum = ReelClipSummary::default();
        if no_panic(reel_device_clip_scorer_finish(d, &mut sum), "device finish") {
            assert!((0.0..=100.0).contains(&sum.score));
            for i in 0..sum.defects as usize + 1 {
                let mut dd = ReelDefect::default();
                let st = reel_device_clip_scorer_defect(d, i, &mut dd);
                assert_eq!(st == reel_status::REEL_STATUS_OK, i < sum.defects as usize);
            }
            for i in 0..sum.cuts as usize + 1 {
                let mut c = 0u32;
                let st = reel_device_clip_scorer_cut(d, i, &mut c);
                assert_eq!(st == reel_status::REEL_STATUS_OK, i < sum.cuts as usize);
            }
        }
        reel_status::REEL_STATUS_OK
    }
}

/// The fold-in on a heap clip scorer: detector defects as raw bytes (any kind, frames,
/// severity bit pattern), any count, NULLs; an audio scorer fed raw floats; each in any order
/// relative to finish.
unsafe fn fold_in_op(data: &[u8], g: &[f32], nulls: u8, pa: &ReelPlane) -> reel_status {
    let mut s = ptr::null_mut();
    unsafe {
        let st = reel_clip_scorer_new(pa.width, pa.height, 1.0 + f64::from(data[5]), &mut s);
        if !no_panic(st, "clip new") {
            return st;
        }
        let pushes = usize::from(data[6] % 6);
        for _ in 0..pushes {
            let _ = no_panic(reel_clip_scorer_push(s, pa, ptr::null_mut()), "push");
        }
        let mut sum = ReelClipSummary::default();
        let early = data[7] & 1 == 1; // fold before finishing: INVALID_STATE
        if !early {
            let _ = no_panic(reel_clip_scorer_finish(s, &mut sum), "finish");
        }
        let ds: Vec<ReelDetectDefect> = data[8..]
            .chunks_exact(24)
            .map(|c| ReelDetectDefect {
                kind: u32::from_le_bytes(c[0..4].try_into().unwrap()) % 5,
                id: u32::from_le_bytes(c[4..8].try_into().unwrap()),
                start: u32::from(c[8]) % 8,
                end: u32::from_le_bytes(c[12..16].try_into().unwrap()),
                severity: if c[9] & 1 == 1 {
                    f64::from_le_bytes(c[16..24].try_into().unwrap())
                } else {
                    f64::from(c[10]) / 255.0
                },
            })
            .collect();
        let n = ds.len().saturating_sub(usize::from(data[4] & 1));
        let dp = if nulls & 16 == 16 {
            ptr::null()
        } else {
            ds.as_ptr()
        };
        let out: *mut ReelClipSummary = if nulls & 4 == 4 {
            ptr::null_mut()
        } else {
            &mut sum
        };
        let mut a = ptr::null_mut();
        let rate = 8000 + 1000 * u32::from(data[4] >> 4);
        let _ = no_panic(
            reel_audio_scorer_new(rate, 1 + u32::from(data[4] >> 3 & 1), -14.0, &mut a),
            "audio new",
        );
        if !a.is_null() {
            let n = g.len() & !1;
            let _ = no_panic(reel_audio_scorer_push_f32(a, g.as_ptr(), n), "audio push");
        }
        for step in 0..3 {
            if (data[3] >> (2 * step)) & 1 == 1 {
                let _ = no_panic(
                    reel_clip_scorer_add_detections(s, dp, n, out),
                    "add_detections",
                );
            } else {
                let ap = if nulls & 32 == 32 {
                    ptr::null()
                } else {
                    a.cast_const()
                };
                let _ = no_panic(reel_clip_scorer_add_audio(s, ap, out), "add_audio");
            }
            if !out.is_null() {
                assert!((0.0..=100.0).contains(&sum.score), "{sum:?}");
            }
        }
        let mut dd = ReelDefect::default();
        let mut i = 0;
        while no_panic(reel_clip_scorer_defect(s, i, &mut dd), "defect") {
            assert!(
                dd.start <= dd.end && (0.0..=1.0).contains(&dd.severity),
                "{dd:?}"
            );
            assert!(reel_defect_weight(dd.kind) > 0.0);
            i += 1;
        }
        reel_audio_scorer_free(a);
        reel_clip_scorer_free(s);
        reel_status::REEL_STATUS_OK
    }
}
