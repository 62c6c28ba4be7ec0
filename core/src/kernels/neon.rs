//! aarch64 NEON kernels: 16 bytes or two `f64` per instruction. NEON is part of the aarch64
//! baseline (this module is built only under `cfg(target_feature = "neon")`); the functions are
//! `unsafe` only because Rust asks it of `#[target_feature]` functions called from code without
//! the attribute. The raw loads and stores stay inside their slices, as each `// SAFETY:` says. Results equal
//! [`super::portable`]: exact for the integer kernels, within [`super::FMA_REL_TOL`] for the
//! fused `f64` filter.

use core::arch::aarch64::*;

use super::{Means, portable};

/// Blocks of 16 per `u32` flush in [`sse_u8`]: a lane gains at most `2 · 2 · 255²` per block.
const SSE_BLOCKS: usize = 4096;

/// `Σ (a − b)²`; `a` and `b` have the same length.
#[target_feature(enable = "neon")]
pub(super) unsafe fn sse_u8(a: &[u8], b: &[u8]) -> u64 {
    let n = a.len().min(b.len());
    let blocks = n / 16;
    let mut total = 0u64;
    let mut i = 0;
    while i < blocks {
        let end = (i + SSE_BLOCKS).min(blocks);
        let mut acc = vdupq_n_u32(0);
        while i < end {
            // SAFETY: block `i < n / 16`, so bytes `16i..16i + 16` are inside both slices.
            let (x, y) = unsafe {
                (
                    vld1q_u8(a.as_ptr().add(16 * i)),
                    vld1q_u8(b.as_ptr().add(16 * i)),
                )
            };
            let d = vabdq_u8(x, y);
            acc = vpadalq_u16(acc, vmull_u8(vget_low_u8(d), vget_low_u8(d)));
            acc = vpadalq_u16(acc, vmull_high_u8(d, d));
            i += 1;
        }
        total += vaddlvq_u32(acc);
    }
    let (ta, tb) = (a.get(16 * blocks..n), b.get(16 * blocks..n));
    total + portable::sse_plain(ta.unwrap_or(&[]), tb.unwrap_or(&[]))
}

/// Blocks of 8 outputs per `i32` flush in [`laplacian_u8`]: a lane of the squares gains at
/// most `2 · 1020²` per block.
const LAP_BLOCKS: usize = 512;

/// Laplacian sums over columns `1..n−1`; `u`, `c`, `d` have the same length `n ≥ 3`.
#[target_feature(enable = "neon")]
pub(super) unsafe fn laplacian_u8(u: &[u8], c: &[u8], d: &[u8]) -> (i64, i64) {
    let n = c.len().min(u.len()).min(d.len());
    // Outputs x = 1 + 8k .. 1 + 8k + 8 read c[x − 1 .. x + 9], so need 8k + 10 ≤ n.
    let blocks = if n >= 10 { (n - 2) / 8 } else { 0 };
    let (mut s, mut ss) = (0i64, 0i64);
    let mut k = 0;
    while k < blocks {
        let end = (k + LAP_BLOCKS).min(blocks);
        let (mut acc_s, mut acc_ss) = (vdupq_n_s32(0), vdupq_n_s32(0));
        while k < end {
            let x = 1 + 8 * k;
            // SAFETY: x − 1 + 8 + 2 = 8k + 10 ≤ n, so every 8-byte load (at x − 1, x, x + 1 of
            // `c`; at x of `u`, `d`) stays inside the slices.
            let (l, r, m, up, dn) = unsafe {
                (
                    vld1_u8(c.as_ptr().add(x - 1)),
                    vld1_u8(c.as_ptr().add(x + 1)),
                    vld1_u8(c.as_ptr().add(x)),
                    vld1_u8(u.as_ptr().add(x)),
                    vld1_u8(d.as_ptr().add(x)),
                )
            };
            let w = |v| vreinterpretq_s16_u16(vmovl_u8(v));
            let sum4 = vaddq_s16(vaddq_s16(w(l), w(r)), vaddq_s16(w(up), w(dn)));
            let lap = vsubq_s16(sum4, vshlq_n_s16::<2>(w(m)));
            acc_s = vpadalq_s16(acc_s, lap);
            acc_ss = vaddq_s32(acc_ss, vmull_s16(vget_low_s16(lap), vget_low_s16(lap)));
            acc_ss = vaddq_s32(acc_ss, vmull_high_s16(lap, lap));
            k += 1;
        }
        s += vaddlvq_s32(acc_s);
        ss += vaddlvq_s32(acc_ss);
    }
    let (ts, tss) = portable::laplacian_from(u, c, d, 1 + 8 * blocks);
    (s + ts, ss + tss)
}

/// The folded 11-tap filter, two outputs at a time with fused multiply-adds.
#[target_feature(enable = "neon")]
pub(super) unsafe fn filter11(t: &[&[f64]; 11], w: &[f64; 11], out: &mut [f64]) {
    let n = out.len();
    if t.iter().any(|s| s.len() < n) {
        return portable::filter11(t, w, out);
    }
    let wv: [float64x2_t; 6] = core::array::from_fn(|k| vdupq_n_f64(w[k]));
    let p: [*const f64; 11] = core::array::from_fn(|k| t[k].as_ptr());
    let o = out.as_mut_ptr();
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: every tap holds at least `n` values (checked above) and `i + 2 ≤ n`, so each
        // 2-lane load and the store stay inside their slices.
        unsafe {
            let ld = |k: usize| vld1q_f64(p[k].add(i));
            let mut acc = vmulq_f64(wv[5], ld(5));
            acc = vfmaq_f64(acc, wv[4], vaddq_f64(ld(4), ld(6)));
            acc = vfmaq_f64(acc, wv[3], vaddq_f64(ld(3), ld(7)));
            acc = vfmaq_f64(acc, wv[2], vaddq_f64(ld(2), ld(8)));
            acc = vfmaq_f64(acc, wv[1], vaddq_f64(ld(1), ld(9)));
            acc = vfmaq_f64(acc, wv[0], vaddq_f64(ld(0), ld(10)));
            vst1q_f64(o.add(i), acc);
        }
        i += 2;
    }
    portable::filter11_from(t, w, out, i);
}

/// Per-pixel SSIM and CS terms, two at a time (no fusion: the same roundings as portable).
#[target_feature(enable = "neon")]
pub(super) unsafe fn ssim_terms(
    m: &Means<'_>,
    (c1, c2): (f64, f64),
    mut ssim: Option<&mut [f64]>,
    mut cs: Option<&mut [f64]>,
) {
    let n = m.a.len().min(m.b.len()).min(m.sq.len()).min(m.ab.len());
    let n = ssim.as_deref().map_or(n, |s| n.min(s.len()));
    let n = cs.as_deref().map_or(n, |s| n.min(s.len()));
    let (c1v, c2v, two) = (vdupq_n_f64(c1), vdupq_n_f64(c2), vdupq_n_f64(2.0));
    let so = ssim.as_deref_mut().map(|s| s.as_mut_ptr());
    let co = cs.as_deref_mut().map(|s| s.as_mut_ptr());
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: every slice holds at least `n` values (the minimum taken above), `i + 2 ≤ n`.
        unsafe {
            let mu_a = vld1q_f64(m.a.as_ptr().add(i));
            let mu_b = vld1q_f64(m.b.as_ptr().add(i));
            let sq = vld1q_f64(m.sq.as_ptr().add(i));
            let ab = vld1q_f64(m.ab.as_ptr().add(i));
            let mab = vmulq_f64(mu_a, mu_b);
            let msq = vaddq_f64(vmulq_f64(mu_a, mu_a), vmulq_f64(mu_b, mu_b));
            let cs_num = vaddq_f64(vmulq_f64(two, vsubq_f64(ab, mab)), c2v);
            let cs_den = vaddq_f64(vsubq_f64(sq, msq), c2v);
            if let Some(so) = so {
                let l_num = vaddq_f64(vmulq_f64(two, mab), c1v);
                let l_den = vaddq_f64(msq, c1v);
                let v = vdivq_f64(vmulq_f64(l_num, cs_num), vmulq_f64(l_den, cs_den));
                vst1q_f64(so.add(i), v);
            }
            if let Some(co) = co {
                vst1q_f64(co.add(i), vdivq_f64(cs_num, cs_den));
            }
        }
        i += 2;
    }
    portable::ssim_terms_from(m, (c1, c2), ssim, cs, i);
}

/// Bytes to `f64`, eight at a time.
#[target_feature(enable = "neon")]
pub(super) unsafe fn widen_u8(src: &[u8], dst: &mut [f64]) {
    let n = src.len().min(dst.len());
    let d = dst.as_mut_ptr();
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: `i + 8 ≤ n`: the 8-byte load and the four 2-value stores stay inside the
        // slices.
        unsafe {
            let h = vmovl_u8(vld1_u8(src.as_ptr().add(i)));
            for (j, q) in [vmovl_u16(vget_low_u16(h)), vmovl_high_u16(h)]
                .into_iter()
                .enumerate()
            {
                let lo = vcvtq_f64_u64(vmovl_u32(vget_low_u32(q)));
                let hi = vcvtq_f64_u64(vmovl_high_u32(q));
                vst1q_f64(d.add(i + 4 * j), lo);
                vst1q_f64(d.add(i + 4 * j + 2), hi);
            }
        }
        i += 8;
    }
    portable::widen_u8_from(src, dst, i);
}

/// `sq = a² + b²`, `ab = a·b`, two at a time (exact); equal lengths.
#[target_feature(enable = "neon")]
pub(super) unsafe fn products(a: &[f64], b: &[f64], sq: &mut [f64], ab: &mut [f64]) {
    let n = a.len().min(b.len()).min(sq.len()).min(ab.len());
    let (ps, pp) = (sq.as_mut_ptr(), ab.as_mut_ptr());
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: all four slices hold at least `n` values and `i + 2 ≤ n`.
        unsafe {
            let p = vld1q_f64(a.as_ptr().add(i));
            let q = vld1q_f64(b.as_ptr().add(i));
            vst1q_f64(ps.add(i), vaddq_f64(vmulq_f64(p, p), vmulq_f64(q, q)));
            vst1q_f64(pp.add(i), vmulq_f64(p, q));
        }
        i += 2;
    }
    portable::products_from(a, b, sq, ab, i);
}
