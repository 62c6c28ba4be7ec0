//! The C ABI functions that take buffers (frame metrics, the clip scorer handle, engagement
//! arrays, Bradley–Terry, top-k, MMR), with random sizes, strides, bit depths, enum values,
//! scratch lengths and NULLs. Memory passed is always as large as the geometry claims (the C
//! contract); everything else is the library's to reject with a status.
#![no_main]

use ffi_rs::clip::*;
use ffi_rs::engage::*;
use ffi_rs::metrics::*;
use ffi_rs::status::reel_status;
use ffi_rs::types::{ReelPlane, ReelPlane16, ReelRgb};
use libfuzzer_sys::fuzz_target;
use std::ptr;

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
    let a: Vec<u8> = data.iter().cycle().take(len).copied().collect();
    let b: Vec<u8> = data.iter().rev().cycle().take(len).copied().collect();
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
        let st = match op % 15 {
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
        if st == reel_status::REEL_STATUS_OK && !outp.is_null() && op % 15 < 4 {
            assert!(!out.is_nan());
        }
        if st == reel_status::REEL_STATUS_OK && (10..12).contains(&(op % 15)) {
            assert!(
                outs[..m].iter().all(|x| x.is_finite()),
                "op {op}: non-finite output"
            );
        }
    }
});
