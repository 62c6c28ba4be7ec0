//! aarch64 NEON kernels: 16 bytes or two `f64` per instruction. NEON is part of the aarch64
//! baseline (this module is built only under `cfg(target_feature = "neon")`); the functions are
//! `unsafe` only because Rust asks it of `#[target_feature]` functions called from code without
//! the attribute. The raw loads and stores stay inside their slices, as each `// SAFETY:` says. Results equal
//! [`super::portable`]: exact for the integer kernels, within [`super::FMA_REL_TOL`] for the
//! fused `f64` filter.

use core::arch::aarch64::*;

use super::{Means, StencilSums, portable};

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

/// Blocks of 16 outputs per flush in [`stencil_row`]: per block an `i32` lane gains at most
/// `8 · 1020²` (see `avx2.rs`) and a `u16` step lane at most `2 · 255`, so 128 blocks fit both.
const STENCIL_BLOCKS: usize = 128;

/// The 3×3 stencil sums over columns `1..n−1`; `u`, `c`, `d` have the same length `n ≥ 3`;
/// `block ≥ 1`. The scheme of the x86-64 kernels (`avx2::stencil_row`) on 16-byte rows: 16
/// outputs per block, even and odd columns in two sets of eight `i16` lanes, block-boundary
/// steps masked when `block` divides 16, the leftover columns one masked block ending at the
/// last interior column.
#[target_feature(enable = "neon")]
pub(super) unsafe fn stencil_row(
    u: &[u8],
    c: &[u8],
    d: &[u8],
    ten: bool,
    block: usize,
) -> StencilSums {
    if ten {
        // SAFETY: the caller's contract, passed on.
        unsafe { stencil::<true>(u, c, d, block) }
    } else {
        // SAFETY: as above.
        unsafe { stencil::<false>(u, c, d, block) }
    }
}

/// The running sums of [`stencil`], flushed every [`STENCIL_BLOCKS`].
struct Acc {
    lap: int32x4_t,
    sq: int32x4_t,
    nz: uint32x4_t,
    sobel: uint32x4_t,
    h: uint16x8_t,
    v: uint16x8_t,
    hb: uint16x8_t,
}

/// Lane masks of one block (see `avx2.rs`).
#[derive(Clone, Copy)]
struct Masks {
    even: int16x8_t,
    odd: int16x8_t,
    bytes: uint8x16_t,
    boundary: uint8x16_t,
}

#[inline]
#[target_feature(enable = "neon")]
fn zero_acc() -> Acc {
    Acc {
        lap: vdupq_n_s32(0),
        sq: vdupq_n_s32(0),
        nz: vdupq_n_u32(0),
        sobel: vdupq_n_u32(0),
        h: vdupq_n_u16(0),
        v: vdupq_n_u16(0),
        hb: vdupq_n_u16(0),
    }
}

#[inline]
#[target_feature(enable = "neon")]
unsafe fn stencil<const TEN: bool>(u: &[u8], c: &[u8], d: &[u8], block: usize) -> StencilSums {
    let n = c.len().min(u.len()).min(d.len());
    if n < 18 {
        return portable::stencil_row(u, c, d, TEN, block);
    }
    // Block k has outputs x0 = 1 + 16k .. x0 + 16 and reads bytes x0 − 1 ..= x0 + 16 of each
    // row, so it needs 16k + 18 ≤ n.
    let blocks = (n - 2) / 16;
    let grid = 16 % block.max(1) == 0;
    const BYTES: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
    // SAFETY: `BYTES` is 16 readable bytes.
    let bytes = unsafe { vld1q_u8(BYTES.as_ptr()) };
    let boundary_at = |x0: usize| {
        if !grid {
            return vdupq_n_u8(0);
        }
        // Column x0 + j is on the grid when (j − first) is a non-negative multiple of block.
        let first = ((block - x0 % block) % block) as u8;
        let on = vandq_u8(
            vsubq_u8(bytes, vdupq_n_u8(first)),
            vdupq_n_u8(block as u8 - 1),
        );
        vandq_u8(
            vcgeq_u8(bytes, vdupq_n_u8(first)),
            vceqq_u8(on, vdupq_n_u8(0)),
        )
    };
    let whole = Masks {
        even: vdupq_n_s16(-1),
        odd: vdupq_n_s16(-1),
        bytes: vdupq_n_u8(0xff),
        boundary: boundary_at(1),
    };
    let mut out = StencilSums::default();
    let mut k = 0;
    while k < blocks {
        let end = (k + STENCIL_BLOCKS).min(blocks);
        let mut acc = zero_acc();
        while k < end {
            // SAFETY: k < blocks, so 16k + 18 ≤ n (see above).
            unsafe { stencil_block::<TEN, false>(u, c, d, 1 + 16 * k, whole, &mut acc) };
            k += 1;
        }
        flush(&acc, &mut out);
    }
    let done = 1 + 16 * blocks;
    if done < n - 1 {
        // The last block ends at column n − 2: x0 = n − 17 < done (see `avx2.rs`).
        let x0 = n - 17;
        let keep = vcgeq_u8(bytes, vdupq_n_u8((done - x0) as u8));
        let keep16 = vreinterpretq_s16_u8(keep);
        let masks = Masks {
            even: vshrq_n_s16::<8>(vshlq_n_s16::<8>(keep16)),
            odd: vshrq_n_s16::<8>(keep16),
            bytes: keep,
            boundary: vandq_u8(keep, boundary_at(x0)),
        };
        let mut acc = zero_acc();
        // SAFETY: x0 = n − 17 ≥ 1 reads bytes x0 − 1 ..= x0 + 16 = n − 1 of each row.
        unsafe { stencil_block::<TEN, true>(u, c, d, x0, masks, &mut acc) };
        flush(&acc, &mut out);
    }
    if !grid {
        out.hb = portable::boundary_steps(c, block);
    }
    out
}

/// Adds the lanes of `acc` to `out`.
#[inline]
#[target_feature(enable = "neon")]
fn flush(acc: &Acc, out: &mut StencilSums) {
    out.lap += vaddlvq_s32(acc.lap);
    out.lap_sq += vaddlvq_s32(acc.sq) as u64;
    out.noise += vaddlvq_u32(acc.nz);
    out.ten += vaddlvq_u32(acc.sobel);
    out.h += u64::from(vaddlvq_u16(acc.h));
    out.v += u64::from(vaddlvq_u16(acc.v));
    out.hb += u64::from(vaddlvq_u16(acc.hb));
}

/// Adds the 16 outputs `x0 .. x0 + 16` to `acc`; when `MASKED`, only those that `m` keeps.
///
/// # Safety
/// `x0 ≥ 1` and `x0 + 17 ≤ n` for rows `u`, `c`, `d` of at least `n` samples (the loads
/// read bytes `x0 − 1 ..= x0 + 16`).
#[inline]
#[target_feature(enable = "neon")]
unsafe fn stencil_block<const TEN: bool, const MASKED: bool>(
    u: &[u8],
    c: &[u8],
    d: &[u8],
    x0: usize,
    m: Masks,
    acc: &mut Acc,
) {
    // SAFETY: the caller's contract: the 16-byte loads at x0 − 1, x0 and x0 + 1 end at byte
    // x0 + 16 ≤ n − 1 of each row.
    let ([ua, ub, um], [ca, cb, cm], [da, db]) = unsafe {
        let at = |p: *const u8| {
            [
                vld1q_u8(p.add(x0 - 1)),
                vld1q_u8(p.add(x0 + 1)),
                vld1q_u8(p.add(x0)),
            ]
        };
        let [da, db, _] = at(d.as_ptr());
        (at(u.as_ptr()), at(c.as_ptr()), [da, db])
    };
    let mask = vdupq_n_u16(0xff);
    let lo = |x| vreinterpretq_s16_u16(vandq_u16(vreinterpretq_u16_u8(x), mask));
    let hi = |x| vreinterpretq_s16_u16(vshrq_n_u16::<8>(vreinterpretq_u16_u8(x)));
    let (u0, u1, u2, u3) = (lo(ua), hi(ua), lo(ub), hi(ub));
    let (c0, c1, c2, c3) = (lo(ca), hi(ca), lo(cb), hi(cb));
    let (d0, d1, d2, d3) = (lo(da), hi(da), lo(db), hi(db));
    let mut set = |[ul, uc, ur]: [int16x8_t; 3],
                   [cl, cc, cr]: [int16x8_t; 3],
                   [dl, dc, dr]: [int16x8_t; 3],
                   keep: int16x8_t| {
        let (su, sc, sd) = (vaddq_s16(ul, ur), vaddq_s16(cl, cr), vaddq_s16(dl, dr));
        let edges = vaddq_s16(vaddq_s16(uc, dc), sc);
        let l = vsubq_s16(edges, vshlq_n_s16::<2>(cc));
        let corners = vaddq_s16(su, sd);
        let e = vabsq_s16(vsubq_s16(vsubq_s16(corners, edges), l));
        let (l, e) = if MASKED {
            (vandq_s16(l, keep), vandq_s16(e, keep))
        } else {
            (l, e)
        };
        acc.lap = vpadalq_s16(acc.lap, l);
        acc.sq = vmlal_s16(acc.sq, vget_low_s16(l), vget_low_s16(l));
        acc.sq = vmlal_high_s16(acc.sq, l, l);
        acc.nz = vpadalq_u16(acc.nz, vreinterpretq_u16_s16(e));
        if TEN {
            let gx = vaddq_s16(
                vsubq_s16(vaddq_s16(ur, dr), vaddq_s16(ul, dl)),
                vshlq_n_s16::<1>(vsubq_s16(cr, cl)),
            );
            let gy = vaddq_s16(vsubq_s16(sd, su), vshlq_n_s16::<1>(vsubq_s16(dc, uc)));
            let (gx, gy) = if MASKED {
                (vandq_s16(gx, keep), vandq_s16(gy, keep))
            } else {
                (gx, gy)
            };
            let mut g2 = vmull_s16(vget_low_s16(gx), vget_low_s16(gx));
            g2 = vmlal_high_s16(g2, gx, gx);
            g2 = vmlal_s16(g2, vget_low_s16(gy), vget_low_s16(gy));
            g2 = vmlal_high_s16(g2, gy, gy);
            acc.sobel = vaddq_u32(acc.sobel, vreinterpretq_u32_s32(g2));
        }
    };
    set([u0, u1, u2], [c0, c1, c2], [d0, d1, d2], m.even);
    set([u1, u2, u3], [c1, c2, c3], [d1, d2, d3], m.odd);
    let dh = vandq_u8(vabdq_u8(cm, ca), m.bytes);
    let dv = vandq_u8(vabdq_u8(cm, um), m.bytes);
    acc.h = vpadalq_u8(acc.h, dh);
    acc.v = vpadalq_u8(acc.v, dv);
    acc.hb = vpadalq_u8(acc.hb, vandq_u8(dh, m.boundary));
}

/// One 2×2-binned row and its pair residual (see [`super::bin2_row`]); `top` and `bottom`
/// hold exactly `2 · out.len()` bytes. The scheme of `avx2::bin2_row` on 16-byte loads: blocks
/// of 8 pairs; the limited-range expansion widens to 32 bits.
#[target_feature(enable = "neon")]
pub(super) unsafe fn bin2_row(top: &[u8], bottom: &[u8], out: &mut [u8], limited: bool) -> u32 {
    let n = out.len().min(top.len() / 2).min(bottom.len() / 2);
    if n < 10 {
        return portable::bin2_row(top, bottom, out, limited);
    }
    // Block k reads source bytes 2 + 16k − 2 ..= 2 + 16k + 17, so it needs 8k + 10 ≤ n.
    let blocks = (n - 2) / 8;
    let mask = vdupq_n_u16(0xff);
    let o = out.as_mut_ptr();
    let mut acc = vdupq_n_u32(0);
    for k in 0..blocks {
        let j0 = 1 + 8 * k;
        let x = 2 * j0;
        // SAFETY: 8k + 10 ≤ n, so the 16-byte loads at x − 2 ≥ 0, x and x + 2 end at byte
        // x + 17 = 16k + 19 ≤ 2n − 1 of each row, and the 8-byte store at j0 ends at
        // j0 + 7 ≤ n − 1.
        unsafe {
            let ld = |p: *const u8, at: usize| vreinterpretq_u16_u8(vld1q_u8(p.add(at)));
            let (t, b) = (top.as_ptr(), bottom.as_ptr());
            let (tx, bx) = (ld(t, x), ld(b, x));
            let (tm, bm) = (ld(t, x - 2), ld(b, x - 2));
            let (tp, bp) = (ld(t, x + 2), ld(b, x + 2));
            let lo = |v| vandq_u16(v, mask);
            let hi = |v| vshrq_n_u16::<8>(v);
            let d = |a: uint16x8_t, b: uint16x8_t| {
                vsubq_s16(vreinterpretq_s16_u16(a), vreinterpretq_s16_u16(b))
            };
            let r_even = d(lo(bx), lo(tx));
            let r_odd = d(hi(bx), hi(tx));
            let r_odd_before = d(hi(bm), hi(tm));
            let r_even_after = d(lo(bp), lo(tp));
            let e_even = vsubq_s16(vaddq_s16(r_odd_before, r_odd), vshlq_n_s16::<1>(r_even));
            let e_odd = vsubq_s16(vaddq_s16(r_even, r_even_after), vshlq_n_s16::<1>(r_odd));
            let e = vaddq_s16(vabsq_s16(e_even), vabsq_s16(e_odd));
            acc = vpadalq_u16(acc, vreinterpretq_u16_s16(e));
            let sum = vaddq_u16(vaddq_u16(lo(tx), hi(tx)), vaddq_u16(lo(bx), hi(bx)));
            let v = if limited {
                let v = vminq_u16(vqsubq_u16(sum, vdupq_n_u16(64)), vdupq_n_u16(876));
                let m = vdupq_n_u32(32958);
                let low = vmlal_u16(m, vget_low_u16(v), vdup_n_u16(19077));
                let high = vmlal_high_u16(m, v, vdupq_n_u16(19077));
                vcombine_u16(vshrn_n_u32::<16>(low), vshrn_n_u32::<16>(high))
            } else {
                vshrq_n_u16::<2>(vaddq_u16(sum, vdupq_n_u16(2)))
            };
            vst1_u8(o.add(j0), vmovn_u16(v));
        }
    }
    vaddvq_u32(acc) + portable::bin2_edges(top, bottom, out, limited, 1 + 8 * blocks)
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

/// [`super::sad_acc`]: 8 columns per step in `i16` lanes (`|a − b − off| ≤ 510`), the portable
/// code for the last few; the adds wrap as the portable ones do.
#[target_feature(enable = "neon")]
pub(super) unsafe fn sad_acc(a: &[u8], b: &[u8], off: i16, acc: &mut [u16]) {
    let n = a.len().min(b.len()).min(acc.len());
    let o = vdupq_n_s16(off);
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: `i + 8 ≤ n`: bytes `i..i + 8` of `a` and `b` and `u16`s `i..i + 8` of `acc`
        // are inside the slices.
        unsafe {
            let x = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(a.as_ptr().add(i))));
            let y = vreinterpretq_s16_u16(vmovl_u8(vld1_u8(b.as_ptr().add(i))));
            let d = vreinterpretq_u16_s16(vabsq_s16(vsubq_s16(vsubq_s16(x, y), o)));
            let p = acc.as_mut_ptr().add(i);
            vst1q_u16(p, vaddq_u16(vld1q_u16(p), d));
        }
        i += 8;
    }
    let (a, b) = (
        a.get(i..n).unwrap_or_default(),
        b.get(i..n).unwrap_or_default(),
    );
    portable::sad_acc(a, b, off, acc.get_mut(i..n).unwrap_or_default());
}
