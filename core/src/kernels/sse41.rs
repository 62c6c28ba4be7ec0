//! SSE4.1 kernels: 16 bytes or two `f64` per instruction, no fused multiply-add, so every
//! result equals [`super::portable`] bit for bit.
//!
//! Every function is `unsafe` only because it requires SSE4.1 (the caller checks
//! [`super::available`]); the loads read inside the slices, as each `// SAFETY:` says.

use core::arch::x86_64::*;

use super::{Means, StencilSums, portable};

/// Horizontal sum of four non-negative `i32` lanes.
#[inline]
#[target_feature(enable = "sse4.1")]
fn hsum_u32(v: __m128i) -> u64 {
    let mut lanes = [0u32; 4];
    // SAFETY: `lanes` is 16 writable bytes; the store is unaligned.
    unsafe { _mm_storeu_si128(lanes.as_mut_ptr().cast(), v) };
    lanes.iter().map(|&l| u64::from(l)).sum()
}

/// Horizontal sum of four `i32` lanes.
#[inline]
#[target_feature(enable = "sse4.1")]
fn hsum_i32(v: __m128i) -> i64 {
    let mut lanes = [0i32; 4];
    // SAFETY: `lanes` is 16 writable bytes; the store is unaligned.
    unsafe { _mm_storeu_si128(lanes.as_mut_ptr().cast(), v) };
    lanes.iter().map(|&l| i64::from(l)).sum()
}

/// Blocks of 16 per `i32` flush in [`sse_u8`]: a lane gains at most `2 · 2 · 255²` per block.
const SSE_BLOCKS: usize = 4096;

/// `Σ (a − b)²`; `a` and `b` have the same length.
#[target_feature(enable = "sse4.1")]
pub(super) unsafe fn sse_u8(a: &[u8], b: &[u8]) -> u64 {
    let n = a.len().min(b.len());
    let blocks = n / 16;
    let zero = _mm_setzero_si128();
    let mut total = 0u64;
    let mut i = 0;
    while i < blocks {
        let end = (i + SSE_BLOCKS).min(blocks);
        let mut acc = zero;
        while i < end {
            // SAFETY: block `i < n / 16`, so bytes `16i..16i + 16` are inside both slices.
            let (x, y) = unsafe {
                (
                    _mm_loadu_si128(a.as_ptr().add(16 * i).cast()),
                    _mm_loadu_si128(b.as_ptr().add(16 * i).cast()),
                )
            };
            // |x − y| in bytes, then widened to i16 and squared-and-paired by `pmaddwd`.
            let d = _mm_or_si128(_mm_subs_epu8(x, y), _mm_subs_epu8(y, x));
            let lo = _mm_unpacklo_epi8(d, zero);
            let hi = _mm_unpackhi_epi8(d, zero);
            acc = _mm_add_epi32(acc, _mm_madd_epi16(lo, lo));
            acc = _mm_add_epi32(acc, _mm_madd_epi16(hi, hi));
            i += 1;
        }
        total += hsum_u32(acc);
    }
    let (ta, tb) = (a.get(16 * blocks..n), b.get(16 * blocks..n));
    total + portable::sse_plain(ta.unwrap_or(&[]), tb.unwrap_or(&[]))
}

/// Blocks of 8 outputs per `i32` flush in [`laplacian_u8`]: a lane of the squares gains at
/// most `2 · 1020²` per block.
const LAP_BLOCKS: usize = 512;

/// Laplacian sums over columns `1..n−1`; `u`, `c`, `d` have the same length `n ≥ 3`.
#[target_feature(enable = "sse4.1")]
pub(super) unsafe fn laplacian_u8(u: &[u8], c: &[u8], d: &[u8]) -> (i64, i64) {
    let n = c.len().min(u.len()).min(d.len());
    // Outputs x = 1 + 8k .. 1 + 8k + 8 read c[x − 1 .. x + 9], so need 8k + 10 ≤ n.
    let blocks = if n >= 10 { (n - 2) / 8 } else { 0 };
    let ones = _mm_set1_epi16(1);
    let (mut s, mut ss) = (0i64, 0i64);
    let mut k = 0;
    while k < blocks {
        let end = (k + LAP_BLOCKS).min(blocks);
        let (mut acc_s, mut acc_ss) = (_mm_setzero_si128(), _mm_setzero_si128());
        while k < end {
            let x = 1 + 8 * k;
            // SAFETY: x − 1 + 8 + 2 = 8k + 10 ≤ n, so every 8-byte load (at x − 1, x,
            // x + 1 of `c`; at x of `u`, `d`) stays inside the slices.
            let (l, r, m, up, dn) = unsafe {
                (
                    _mm_loadl_epi64(c.as_ptr().add(x - 1).cast()),
                    _mm_loadl_epi64(c.as_ptr().add(x + 1).cast()),
                    _mm_loadl_epi64(c.as_ptr().add(x).cast()),
                    _mm_loadl_epi64(u.as_ptr().add(x).cast()),
                    _mm_loadl_epi64(d.as_ptr().add(x).cast()),
                )
            };
            let w = |v| _mm_cvtepu8_epi16(v);
            let sum4 = _mm_add_epi16(_mm_add_epi16(w(l), w(r)), _mm_add_epi16(w(up), w(dn)));
            let lap = _mm_sub_epi16(sum4, _mm_slli_epi16(w(m), 2));
            acc_s = _mm_add_epi32(acc_s, _mm_madd_epi16(lap, ones));
            acc_ss = _mm_add_epi32(acc_ss, _mm_madd_epi16(lap, lap));
            k += 1;
        }
        s += hsum_i32(acc_s);
        ss += hsum_u32(acc_ss) as i64;
    }
    let (ts, tss) = portable::laplacian_from(u, c, d, 1 + 8 * blocks);
    (s + ts, ss + tss)
}

/// Blocks of 16 outputs per `i32` flush in [`stencil_row`]: per block a lane gains at most
/// `8 · 1020²` (see `avx2.rs`).
const STENCIL_BLOCKS: usize = 128;

/// The 3×3 stencil sums over columns `1..n−1`; `u`, `c`, `d` have the same length `n ≥ 3`;
/// `block ≥ 1`. The scheme of `avx2::stencil_row` on 16-byte rows: 16 outputs per block, even
/// and odd columns in two sets of eight `i16` lanes, block-boundary steps masked when `block`
/// divides 16, the leftover columns one masked block ending at the last interior column.
#[target_feature(enable = "sse4.1")]
pub(super) unsafe fn stencil_row(
    u: &[u8],
    c: &[u8],
    d: &[u8],
    ten: bool,
    block: usize,
) -> StencilSums {
    if ten {
        // SAFETY: the caller's contract, passed on; SSE4.1 is enabled here as there.
        unsafe { stencil::<true>(u, c, d, block) }
    } else {
        // SAFETY: as above.
        unsafe { stencil::<false>(u, c, d, block) }
    }
}

/// The running sums of [`stencil`] (see `avx2.rs`).
struct Acc {
    lap: __m128i,
    sq: __m128i,
    nz: __m128i,
    sobel: __m128i,
    h: __m128i,
    v: __m128i,
    hb: __m128i,
}

/// Lane masks of one block (see `avx2.rs`).
#[derive(Clone, Copy)]
struct Masks {
    even: __m128i,
    odd: __m128i,
    bytes: __m128i,
    boundary: __m128i,
}

#[inline]
#[target_feature(enable = "sse4.1")]
unsafe fn stencil<const TEN: bool>(u: &[u8], c: &[u8], d: &[u8], block: usize) -> StencilSums {
    let n = c.len().min(u.len()).min(d.len());
    if n < 18 {
        return portable::stencil_row(u, c, d, TEN, block);
    }
    // Block k has outputs x0 = 1 + 16k .. x0 + 16 and reads bytes x0 − 1 ..= x0 + 16 of each
    // row, so it needs 16k + 18 ≤ n.
    let blocks = (n - 2) / 16;
    let zero = _mm_setzero_si128();
    let all = _mm_set1_epi8(-1);
    let grid = 16 % block.max(1) == 0;
    let bytes = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    let boundary_at = |x0: usize| {
        if !grid {
            return zero;
        }
        let first = ((block - x0 % block) % block) as i8;
        let rel = _mm_sub_epi8(bytes, _mm_set1_epi8(first));
        let on = _mm_and_si128(rel, _mm_set1_epi8(block as i8 - 1));
        _mm_andnot_si128(_mm_cmpgt_epi8(zero, rel), _mm_cmpeq_epi8(on, zero))
    };
    let whole = Masks {
        even: all,
        odd: all,
        bytes: all,
        boundary: boundary_at(1),
    };
    let mut acc = Acc {
        lap: zero,
        sq: zero,
        nz: zero,
        sobel: zero,
        h: zero,
        v: zero,
        hb: zero,
    };
    let mut out = StencilSums::default();
    let mut k = 0;
    while k < blocks {
        let end = (k + STENCIL_BLOCKS).min(blocks);
        while k < end {
            // SAFETY: k < blocks, so 16k + 18 ≤ n (see above).
            unsafe { stencil_block::<TEN, false>(u, c, d, 1 + 16 * k, whole, &mut acc) };
            k += 1;
        }
        flush(&mut acc, &mut out);
    }
    let done = 1 + 16 * blocks;
    if done < n - 1 {
        // The last block ends at column n − 2: x0 = n − 17 < done (see `avx2.rs`).
        let x0 = n - 17;
        let keep = _mm_cmpgt_epi8(bytes, _mm_set1_epi8((done - x0) as i8 - 1));
        let masks = Masks {
            even: _mm_srai_epi16::<8>(_mm_slli_epi16::<8>(keep)),
            odd: _mm_srai_epi16::<8>(keep),
            bytes: keep,
            boundary: _mm_and_si128(keep, boundary_at(x0)),
        };
        // SAFETY: x0 = n − 17 ≥ 1 reads bytes x0 − 1 ..= x0 + 16 = n − 1 of each row.
        unsafe { stencil_block::<TEN, true>(u, c, d, x0, masks, &mut acc) };
        flush(&mut acc, &mut out);
    }
    let sum64 = |v: __m128i| {
        let mut lanes = [0u64; 2];
        // SAFETY: `lanes` is 16 writable bytes; the store is unaligned.
        unsafe { _mm_storeu_si128(lanes.as_mut_ptr().cast(), v) };
        lanes[0] + lanes[1]
    };
    out.h = sum64(acc.h);
    out.v = sum64(acc.v);
    out.hb = if grid {
        sum64(acc.hb)
    } else {
        portable::boundary_steps(c, block)
    };
    out
}

/// Moves the `i32` lanes of `acc` into `out`.
#[inline]
#[target_feature(enable = "sse4.1")]
fn flush(acc: &mut Acc, out: &mut StencilSums) {
    let zero = _mm_setzero_si128();
    out.lap += hsum_i32(acc.lap);
    out.lap_sq += hsum_u32(acc.sq);
    out.noise += hsum_u32(acc.nz);
    out.ten += hsum_u32(acc.sobel);
    (acc.lap, acc.sq, acc.nz, acc.sobel) = (zero, zero, zero, zero);
}

/// Adds the 16 outputs `x0 .. x0 + 16` to `acc`; when `MASKED`, only those that `m` keeps.
///
/// # Safety
/// SSE4.1 is available, `x0 ≥ 1` and `x0 + 17 ≤ n` for rows `u`, `c`, `d` of at least `n`
/// samples (the loads read bytes `x0 − 1 ..= x0 + 16`).
#[inline]
#[target_feature(enable = "sse4.1")]
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
                _mm_loadu_si128(p.add(x0 - 1).cast()),
                _mm_loadu_si128(p.add(x0 + 1).cast()),
                _mm_loadu_si128(p.add(x0).cast()),
            ]
        };
        let [da, db, _] = at(d.as_ptr());
        (at(u.as_ptr()), at(c.as_ptr()), [da, db])
    };
    let mask = _mm_set1_epi16(0xff);
    let ones = _mm_set1_epi16(1);
    let zero = _mm_setzero_si128();
    let lo = |x| _mm_and_si128(x, mask);
    let hi = |x| _mm_srli_epi16::<8>(x);
    let (u0, u1, u2, u3) = (lo(ua), hi(ua), lo(ub), hi(ub));
    let (c0, c1, c2, c3) = (lo(ca), hi(ca), lo(cb), hi(cb));
    let (d0, d1, d2, d3) = (lo(da), hi(da), lo(db), hi(db));
    let mut set = |[ul, uc, ur]: [__m128i; 3],
                   [cl, cc, cr]: [__m128i; 3],
                   [dl, dc, dr]: [__m128i; 3],
                   keep: __m128i| {
        let (su, sc, sd) = (
            _mm_add_epi16(ul, ur),
            _mm_add_epi16(cl, cr),
            _mm_add_epi16(dl, dr),
        );
        let edges = _mm_add_epi16(_mm_add_epi16(uc, dc), sc);
        let l = _mm_sub_epi16(edges, _mm_slli_epi16::<2>(cc));
        let corners = _mm_add_epi16(su, sd);
        let e = _mm_abs_epi16(_mm_sub_epi16(_mm_sub_epi16(corners, edges), l));
        let (l, e) = if MASKED {
            (_mm_and_si128(l, keep), _mm_and_si128(e, keep))
        } else {
            (l, e)
        };
        acc.lap = _mm_add_epi32(acc.lap, _mm_madd_epi16(l, ones));
        acc.sq = _mm_add_epi32(acc.sq, _mm_madd_epi16(l, l));
        acc.nz = _mm_add_epi32(acc.nz, _mm_madd_epi16(e, ones));
        if TEN {
            let gx = _mm_add_epi16(
                _mm_sub_epi16(_mm_add_epi16(ur, dr), _mm_add_epi16(ul, dl)),
                _mm_slli_epi16::<1>(_mm_sub_epi16(cr, cl)),
            );
            let gy = _mm_add_epi16(
                _mm_sub_epi16(sd, su),
                _mm_slli_epi16::<1>(_mm_sub_epi16(dc, uc)),
            );
            let (gx, gy) = if MASKED {
                (_mm_and_si128(gx, keep), _mm_and_si128(gy, keep))
            } else {
                (gx, gy)
            };
            let g2 = _mm_add_epi32(_mm_madd_epi16(gx, gx), _mm_madd_epi16(gy, gy));
            acc.sobel = _mm_add_epi32(acc.sobel, g2);
        }
    };
    set([u0, u1, u2], [c0, c1, c2], [d0, d1, d2], m.even);
    set([u1, u2, u3], [c1, c2, c3], [d1, d2, d3], m.odd);
    let absdiff = |a, b| _mm_or_si128(_mm_subs_epu8(a, b), _mm_subs_epu8(b, a));
    let dh = absdiff(cm, ca);
    let (h, v) = if MASKED {
        let dv = _mm_and_si128(absdiff(cm, um), m.bytes);
        (
            _mm_sad_epu8(_mm_and_si128(dh, m.bytes), zero),
            _mm_sad_epu8(dv, zero),
        )
    } else {
        (_mm_sad_epu8(cm, ca), _mm_sad_epu8(cm, um))
    };
    acc.h = _mm_add_epi64(acc.h, h);
    acc.v = _mm_add_epi64(acc.v, v);
    let db = _mm_and_si128(dh, m.boundary);
    acc.hb = _mm_add_epi64(acc.hb, _mm_sad_epu8(db, zero));
}

/// One 2×2-binned row and its pair residual (see [`super::bin2_row`]); `top` and `bottom`
/// hold exactly `2 · out.len()` bytes. The scheme of `avx2::bin2_row` on 16-byte loads: blocks
/// of 8 pairs.
#[target_feature(enable = "sse4.1")]
pub(super) unsafe fn bin2_row(top: &[u8], bottom: &[u8], out: &mut [u8], limited: bool) -> u32 {
    let n = out.len().min(top.len() / 2).min(bottom.len() / 2);
    if n < 10 {
        return portable::bin2_row(top, bottom, out, limited);
    }
    // Block k reads source bytes 2 + 16k − 2 ..= 2 + 16k + 17, so it needs 8k + 10 ≤ n.
    let blocks = (n - 2) / 8;
    let mask = _mm_set1_epi16(0xff);
    let ones = _mm_set1_epi16(1);
    let (two, floor, top_code) = (_mm_set1_epi16(2), _mm_set1_epi16(64), _mm_set1_epi16(876));
    let (mul, carry_at) = (_mm_set1_epi16(19077), _mm_set1_epi16(32578u16 as i16));
    let o = out.as_mut_ptr();
    let mut acc = _mm_setzero_si128();
    for k in 0..blocks {
        let j0 = 1 + 8 * k;
        let x = 2 * j0;
        // SAFETY: 8k + 10 ≤ n, so the 16-byte loads at x − 2 ≥ 0, x and x + 2 end at byte
        // x + 17 = 16k + 19 ≤ 2n − 1 of each row, and the 8-byte store at j0 ends at
        // j0 + 7 ≤ n − 1.
        unsafe {
            let ld = |p: *const u8, at: usize| _mm_loadu_si128(p.add(at).cast());
            let (t, b) = (top.as_ptr(), bottom.as_ptr());
            let (tx, bx) = (ld(t, x), ld(b, x));
            let (tm, bm) = (ld(t, x - 2), ld(b, x - 2));
            let (tp, bp) = (ld(t, x + 2), ld(b, x + 2));
            let lo = |v| _mm_and_si128(v, mask);
            let hi = |v| _mm_srli_epi16::<8>(v);
            let r_even = _mm_sub_epi16(lo(bx), lo(tx));
            let r_odd = _mm_sub_epi16(hi(bx), hi(tx));
            let r_odd_before = _mm_sub_epi16(hi(bm), hi(tm));
            let r_even_after = _mm_sub_epi16(lo(bp), lo(tp));
            let e_even = _mm_sub_epi16(
                _mm_add_epi16(r_odd_before, r_odd),
                _mm_slli_epi16::<1>(r_even),
            );
            let e_odd = _mm_sub_epi16(
                _mm_add_epi16(r_even, r_even_after),
                _mm_slli_epi16::<1>(r_odd),
            );
            let e = _mm_add_epi16(_mm_abs_epi16(e_even), _mm_abs_epi16(e_odd));
            // A lane gains at most 2 · 2040 per block: no flush needed for any row.
            acc = _mm_add_epi32(acc, _mm_madd_epi16(e, ones));
            let sum = _mm_add_epi16(_mm_add_epi16(lo(tx), hi(tx)), _mm_add_epi16(lo(bx), hi(bx)));
            let v = if limited {
                let v = _mm_min_epu16(_mm_subs_epu16(sum, floor), top_code);
                let (h, l) = (_mm_mulhi_epu16(v, mul), _mm_mullo_epi16(v, mul));
                _mm_sub_epi16(h, _mm_cmpeq_epi16(_mm_max_epu16(l, carry_at), l))
            } else {
                _mm_srli_epi16::<2>(_mm_add_epi16(sum, two))
            };
            _mm_storel_epi64(o.add(j0).cast(), _mm_packus_epi16(v, v));
        }
    }
    hsum_u32(acc) as u32 + portable::bin2_edges(top, bottom, out, limited, 1 + 8 * blocks)
}

/// The folded 11-tap filter, two outputs at a time, multiplies and adds in the portable order.
#[target_feature(enable = "sse4.1")]
pub(super) unsafe fn filter11(t: &[&[f64]; 11], w: &[f64; 11], out: &mut [f64]) {
    let n = out.len();
    let wv: [__m128d; 6] = core::array::from_fn(|k| _mm_set1_pd(w[k]));
    let p: [*const f64; 11] = core::array::from_fn(|k| t[k].as_ptr());
    let o = out.as_mut_ptr();
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: every tap holds at least `n` values (the caller's contract) and
        // `i + 2 ≤ n`, so each 2-lane load and the store stay inside their slices.
        unsafe {
            let ld = |k: usize| _mm_loadu_pd(p[k].add(i));
            let mut acc = _mm_mul_pd(wv[5], ld(5));
            acc = _mm_add_pd(acc, _mm_mul_pd(wv[4], _mm_add_pd(ld(4), ld(6))));
            acc = _mm_add_pd(acc, _mm_mul_pd(wv[3], _mm_add_pd(ld(3), ld(7))));
            acc = _mm_add_pd(acc, _mm_mul_pd(wv[2], _mm_add_pd(ld(2), ld(8))));
            acc = _mm_add_pd(acc, _mm_mul_pd(wv[1], _mm_add_pd(ld(1), ld(9))));
            acc = _mm_add_pd(acc, _mm_mul_pd(wv[0], _mm_add_pd(ld(0), ld(10))));
            _mm_storeu_pd(o.add(i), acc);
        }
        i += 2;
    }
    portable::filter11_from(t, w, out, i);
}

/// Per-pixel SSIM and CS terms, two at a time (the same roundings as portable).
#[target_feature(enable = "sse4.1")]
pub(super) unsafe fn ssim_terms(
    m: &Means<'_>,
    (c1, c2): (f64, f64),
    mut ssim: Option<&mut [f64]>,
    mut cs: Option<&mut [f64]>,
) {
    let n = m.a.len();
    let (c1v, c2v, two) = (_mm_set1_pd(c1), _mm_set1_pd(c2), _mm_set1_pd(2.0));
    let so = ssim.as_deref_mut().map(|s| s.as_mut_ptr());
    let co = cs.as_deref_mut().map(|s| s.as_mut_ptr());
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: all slices have exactly `n` values (the caller's contract) and `i + 2 ≤ n`.
        unsafe {
            let mu_a = _mm_loadu_pd(m.a.as_ptr().add(i));
            let mu_b = _mm_loadu_pd(m.b.as_ptr().add(i));
            let sq = _mm_loadu_pd(m.sq.as_ptr().add(i));
            let ab = _mm_loadu_pd(m.ab.as_ptr().add(i));
            let mab = _mm_mul_pd(mu_a, mu_b);
            let msq = _mm_add_pd(_mm_mul_pd(mu_a, mu_a), _mm_mul_pd(mu_b, mu_b));
            let cs_num = _mm_add_pd(_mm_mul_pd(two, _mm_sub_pd(ab, mab)), c2v);
            let cs_den = _mm_add_pd(_mm_sub_pd(sq, msq), c2v);
            if let Some(so) = so {
                let l_num = _mm_add_pd(_mm_mul_pd(two, mab), c1v);
                let l_den = _mm_add_pd(msq, c1v);
                let v = _mm_div_pd(_mm_mul_pd(l_num, cs_num), _mm_mul_pd(l_den, cs_den));
                _mm_storeu_pd(so.add(i), v);
            }
            if let Some(co) = co {
                _mm_storeu_pd(co.add(i), _mm_div_pd(cs_num, cs_den));
            }
        }
        i += 2;
    }
    portable::ssim_terms_from(m, (c1, c2), ssim, cs, i);
}

/// Bytes to `f64`, 2 at a time; both slices have the same length.
#[target_feature(enable = "sse4.1")]
pub(super) unsafe fn widen_u8(src: &[u8], dst: &mut [f64]) {
    let n = src.len().min(dst.len());
    let d = dst.as_mut_ptr();
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: `i + 2 ≤ n`: the 2-byte load and the 2-value store stay inside the slices.
        unsafe {
            let v = _mm_loadu_si16(src.as_ptr().add(i));
            _mm_storeu_pd(d.add(i), _mm_cvtepi32_pd(_mm_cvtepu8_epi32(v)));
        }
        i += 2;
    }
    portable::widen_u8_from(src, dst, i);
}

/// `sq = a² + b²`, `ab = a·b`, 2 at a time (exact, see the parent module); equal lengths.
#[target_feature(enable = "sse4.1")]
pub(super) unsafe fn products(a: &[f64], b: &[f64], sq: &mut [f64], ab: &mut [f64]) {
    let n = a.len().min(b.len()).min(sq.len()).min(ab.len());
    let (ps, pp) = (sq.as_mut_ptr(), ab.as_mut_ptr());
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: all four slices hold at least `n` values and `i + 2 ≤ n`.
        unsafe {
            let p = _mm_loadu_pd(a.as_ptr().add(i));
            let q = _mm_loadu_pd(b.as_ptr().add(i));
            _mm_storeu_pd(ps.add(i), _mm_add_pd(_mm_mul_pd(p, p), _mm_mul_pd(q, q)));
            _mm_storeu_pd(pp.add(i), _mm_mul_pd(p, q));
        }
        i += 2;
    }
    portable::products_from(a, b, sq, ab, i);
}

/// [`super::sad_acc`]: 8 columns per step in `i16` lanes (`|a − b − off| ≤ 510`), the portable
/// code for the last few; the adds wrap as the portable ones do.
#[target_feature(enable = "sse4.1")]
pub(super) unsafe fn sad_acc(a: &[u8], b: &[u8], off: i16, acc: &mut [u16]) {
    let n = a.len().min(b.len()).min(acc.len());
    let o = _mm_set1_epi16(off);
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: `i + 8 ≤ n`: bytes `i..i + 8` of `a` and `b` and `u16`s `i..i + 8` of `acc`
        // are inside the slices.
        unsafe {
            let x = _mm_cvtepu8_epi16(_mm_loadl_epi64(a.as_ptr().add(i).cast()));
            let y = _mm_cvtepu8_epi16(_mm_loadl_epi64(b.as_ptr().add(i).cast()));
            let d = _mm_abs_epi16(_mm_sub_epi16(_mm_sub_epi16(x, y), o));
            let p = acc.as_mut_ptr().add(i).cast::<__m128i>();
            _mm_storeu_si128(p, _mm_add_epi16(_mm_loadu_si128(p), d));
        }
        i += 8;
    }
    let (a, b) = (
        a.get(i..n).unwrap_or_default(),
        b.get(i..n).unwrap_or_default(),
    );
    portable::sad_acc(a, b, off, acc.get_mut(i..n).unwrap_or_default());
}
