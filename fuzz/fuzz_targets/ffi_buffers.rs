//! The C ABI functions that take buffers, with random sizes, strides, bit depths, enum values,
//! scratch lengths and NULLs. Memory passed is always as large as the geometry claims (the C
//! contract); everything else is the library's to reject with a status.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ffi_rs::clip::*;
use ffi_rs::metrics::*;
use ffi_rs::status::reel_status;
use ffi_rs::types::{ReelPlane, ReelPlane16, ReelRgb};
use std::ptr;

fn need(w: usize, h: usize, stride: usize) -> usize {
    if w == 0 || h == 0 { 0 } else { (h - 1) * stride + w }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let w = data[0] as usize % 200;
    let h = data[1] as usize % 200;
    let stride = (w as isize + (data[2] as i8 as isize) % 8).max(0) as usize;
    let op = data[3];
    let nulls = data[4];
    let len = need(w, h, stride.max(w)).max(1);
    let a: Vec<u8> = data.iter().cycle().take(len).copied().collect();
    let b: Vec<u8> = data.iter().rev().cycle().take(len).copied().collect();
    let pa = ReelPlane { data: if nulls & 1 == 1 { ptr::null() } else { a.as_ptr() }, width: w, height: h, stride };
    let pb = ReelPlane { data: b.as_ptr(), width: w, height: if nulls & 2 == 2 { h / 2 } else { h }, stride };
    let mut out = 0.0f64;
    let outp: *mut f64 = if nulls & 4 == 4 { ptr::null_mut() } else { &mut out };
    unsafe {
        let st = match op % 10 {
            0 => reel_mse(&pa, &pb, outp),
            1 => reel_psnr(&pa, &pb, outp),
            2 => reel_ssim(&pa, &pb, outp),
            3 => {
                let n = reel_ms_ssim_scratch_len(w, h).min(1 << 20);
                let mut scratch = vec![0f32; n.saturating_sub(data[5] as usize % 3)];
                reel_ms_ssim(&pa, &pb, u32::from(data[6] % 3), scratch.as_mut_ptr(), scratch.len(), outp)
            }
            4 => {
                let mut fs = std::mem::zeroed();
                reel_frame_stats(&pa, if nulls & 4 == 4 { ptr::null_mut() } else { &mut fs })
            }
            5 => {
                let wide: Vec<u16> = a.iter().map(|&v| u16::from(v) << (data[5] % 9)).collect();
                let p16 = ReelPlane16 { data: wide.as_ptr(), width: w.min(len), height: 1, stride: w.min(len), bits: u32::from(data[6] % 20) };
                let mut fs = std::mem::zeroed();
                reel_frame_stats16(&p16, &mut fs)
            }
            6 => {
                let rw = (len / 3).min(w);
                let rgb = ReelRgb { data: a.as_ptr(), width: rw, height: 1, stride: 3 * rw };
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
            _ => {
                let mut bins = [0u64; 256];
                reel_histogram(&pa, if nulls & 4 == 4 { ptr::null_mut() } else { bins.as_mut_ptr() })
            }
        };
        assert_ne!(st, reel_status::REEL_STATUS_PANIC, "panic caught at the boundary (op {op})");
        if st == reel_status::REEL_STATUS_OK && !outp.is_null() && op % 10 < 4 {
            assert!(!out.is_nan());
        }
    }
});
