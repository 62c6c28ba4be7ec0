//! SSE4.1 kernels: 16 bytes or two `f64` per instruction, no fused multiply-add, so every
//! result equals [`super::portable`] bit for bit.
//!
//! Every function is `unsafe` only because it requires SSE4.1 (the caller checks
//! [`super::available`]); the loads read inside the slices, as each `// SAFETY:` says.

use core::arch::x86_64::*;

use super::{Means, portable};

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
