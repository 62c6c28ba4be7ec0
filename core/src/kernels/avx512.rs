//! AVX-512F + AVX-512BW kernels: 64 bytes or eight `f64` per instruction. Same results as
//! [`super::portable`]: exact for the integer kernels, within [`super::FMA_REL_TOL`] for the
//! fused `f64` filter.
//!
//! Every function is `unsafe` only because it requires AVX-512F and AVX-512BW (the caller checks
//! [`super::available`]); the loads read inside the slices, as each `// SAFETY:` says.

use core::arch::x86_64::*;

use super::avx2::{
    STENCIL_BLOCKS, hsum_i32 as hsum256_i32, hsum_u32 as hsum256_u32, hsum_u64, stencil_kernel,
};
use super::{Means, StencilSums, portable};

/// The 3×3 stencil sums of `avx2::stencil_row`: the same 256-bit kernel (`stencil_kernel!`)
/// compiled with AVX-512VL, whose 32 vector registers hold every widened row and running sum
/// (with 16 the Sobel sums spill to the stack; measured 8 % of a 720p push). Same contract
/// and results.
#[target_feature(enable = "avx2,fma,avx512f,avx512bw,avx512vl")]
pub(super) unsafe fn stencil_row(
    u: &[u8],
    c: &[u8],
    d: &[u8],
    ten: bool,
    block: usize,
) -> StencilSums {
    if ten {
        // SAFETY: the caller's contract, passed on.
        unsafe { stencil::<true>(u, c, d, block, None) }
    } else {
        // SAFETY: as above.
        unsafe { stencil::<false>(u, c, d, block, None) }
    }
}

mod vl {
    use super::*;
    use super::{hsum256_i32 as hsum_i32, hsum256_u32 as hsum_u32};
    stencil_kernel!("avx2,fma,avx512f,avx512bw,avx512vl");
}
use vl::stencil;

/// Horizontal sum of sixteen non-negative `i32` lanes.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn hsum_u32(v: __m512i) -> u64 {
    let mut lanes = [0u32; 16];
    // SAFETY: `lanes` is 64 writable bytes; the store is unaligned.
    unsafe { _mm512_storeu_si512(lanes.as_mut_ptr().cast(), v) };
    lanes.iter().map(|&l| u64::from(l)).sum()
}

/// Horizontal sum of sixteen `i32` lanes.
#[inline]
#[target_feature(enable = "avx512f,avx512bw")]
fn hsum_i32(v: __m512i) -> i64 {
    let mut lanes = [0i32; 16];
    // SAFETY: `lanes` is 64 writable bytes; the store is unaligned.
    unsafe { _mm512_storeu_si512(lanes.as_mut_ptr().cast(), v) };
    lanes.iter().map(|&l| i64::from(l)).sum()
}

/// Blocks of 64 per `i32` flush in [`sse_u8`]: a lane gains at most `2 · 2 · 255²` per block.
const SSE_BLOCKS: usize = 4096;

/// `Σ (a − b)²`; `a` and `b` have the same length.
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) unsafe fn sse_u8(a: &[u8], b: &[u8]) -> u64 {
    let n = a.len().min(b.len());
    let blocks = n / 64;
    let zero = _mm512_setzero_si512();
    let mut total = 0u64;
    let mut i = 0;
    while i < blocks {
        let end = (i + SSE_BLOCKS).min(blocks);
        let mut acc = zero;
        while i < end {
            // SAFETY: block `i < n / 64`, so bytes `64i..64i + 64` are inside both slices.
            let (x, y) = unsafe {
                (
                    _mm512_loadu_si512(a.as_ptr().add(64 * i).cast()),
                    _mm512_loadu_si512(b.as_ptr().add(64 * i).cast()),
                )
            };
            // |x − y| in bytes, then widened to i16 and squared-and-paired by `pmaddwd`.
            let d = _mm512_or_si512(_mm512_subs_epu8(x, y), _mm512_subs_epu8(y, x));
            let lo = _mm512_unpacklo_epi8(d, zero);
            let hi = _mm512_unpackhi_epi8(d, zero);
            acc = _mm512_add_epi32(acc, _mm512_madd_epi16(lo, lo));
            acc = _mm512_add_epi32(acc, _mm512_madd_epi16(hi, hi));
            i += 1;
        }
        total += hsum_u32(acc);
    }
    let (ta, tb) = (a.get(64 * blocks..n), b.get(64 * blocks..n));
    total + portable::sse_plain(ta.unwrap_or(&[]), tb.unwrap_or(&[]))
}

/// Blocks of 32 outputs per `i32` flush in [`laplacian_u8`]: a lane of the squares gains at
/// most `2 · 1020²` per block.
const LAP_BLOCKS: usize = 512;

/// Laplacian sums over columns `1..n−1`; `u`, `c`, `d` have the same length `n ≥ 3`.
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) unsafe fn laplacian_u8(u: &[u8], c: &[u8], d: &[u8]) -> (i64, i64) {
    let n = c.len().min(u.len()).min(d.len());
    // Outputs x = 1 + 32k .. 1 + 32k + 32 read c[x − 1 .. x + 33], so need 32k + 34 ≤ n.
    let blocks = if n >= 34 { (n - 2) / 32 } else { 0 };
    let ones = _mm512_set1_epi16(1);
    let (mut s, mut ss) = (0i64, 0i64);
    let mut k = 0;
    while k < blocks {
        let end = (k + LAP_BLOCKS).min(blocks);
        let (mut acc_s, mut acc_ss) = (_mm512_setzero_si512(), _mm512_setzero_si512());
        while k < end {
            let x = 1 + 32 * k;
            // SAFETY: x − 1 + 32 + 2 = 32k + 34 ≤ n, so every 32-byte load (at x − 1, x,
            // x + 1 of `c`; at x of `u`, `d`) stays inside the slices.
            let (l, r, m, up, dn) = unsafe {
                (
                    _mm256_loadu_si256(c.as_ptr().add(x - 1).cast()),
                    _mm256_loadu_si256(c.as_ptr().add(x + 1).cast()),
                    _mm256_loadu_si256(c.as_ptr().add(x).cast()),
                    _mm256_loadu_si256(u.as_ptr().add(x).cast()),
                    _mm256_loadu_si256(d.as_ptr().add(x).cast()),
                )
            };
            let w = |v| _mm512_cvtepu8_epi16(v);
            let sum4 =
                _mm512_add_epi16(_mm512_add_epi16(w(l), w(r)), _mm512_add_epi16(w(up), w(dn)));
            let lap = _mm512_sub_epi16(sum4, _mm512_slli_epi16(w(m), 2));
            acc_s = _mm512_add_epi32(acc_s, _mm512_madd_epi16(lap, ones));
            acc_ss = _mm512_add_epi32(acc_ss, _mm512_madd_epi16(lap, lap));
            k += 1;
        }
        s += hsum_i32(acc_s);
        ss += hsum_u32(acc_ss) as i64;
    }
    let (ts, tss) = portable::laplacian_from(u, c, d, 1 + 32 * blocks);
    (s + ts, ss + tss)
}

/// The folded 11-tap filter, eight outputs at a time with fused multiply-adds.
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) unsafe fn filter11(t: &[&[f64]; 11], w: &[f64; 11], out: &mut [f64]) {
    let n = out.len();
    let wv: [__m512d; 6] = core::array::from_fn(|k| _mm512_set1_pd(w[k]));
    let p: [*const f64; 11] = core::array::from_fn(|k| t[k].as_ptr());
    let o = out.as_mut_ptr();
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: every tap holds at least `n` values (the caller's contract) and
        // `i + 8 ≤ n`, so each 8-lane load and the store stay inside their slices.
        unsafe {
            let ld = |k: usize| _mm512_loadu_pd(p[k].add(i));
            let mut acc = _mm512_mul_pd(wv[5], ld(5));
            acc = _mm512_fmadd_pd(wv[4], _mm512_add_pd(ld(4), ld(6)), acc);
            acc = _mm512_fmadd_pd(wv[3], _mm512_add_pd(ld(3), ld(7)), acc);
            acc = _mm512_fmadd_pd(wv[2], _mm512_add_pd(ld(2), ld(8)), acc);
            acc = _mm512_fmadd_pd(wv[1], _mm512_add_pd(ld(1), ld(9)), acc);
            acc = _mm512_fmadd_pd(wv[0], _mm512_add_pd(ld(0), ld(10)), acc);
            _mm512_storeu_pd(o.add(i), acc);
        }
        i += 8;
    }
    portable::filter11_from(t, w, out, i);
}

/// Per-pixel SSIM and CS terms, eight at a time (no fusion: the same roundings as portable).
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) unsafe fn ssim_terms(
    m: &Means<'_>,
    (c1, c2): (f64, f64),
    mut ssim: Option<&mut [f64]>,
    mut cs: Option<&mut [f64]>,
) {
    let n = m.a.len();
    let (c1v, c2v, two) = (_mm512_set1_pd(c1), _mm512_set1_pd(c2), _mm512_set1_pd(2.0));
    let so = ssim.as_deref_mut().map(|s| s.as_mut_ptr());
    let co = cs.as_deref_mut().map(|s| s.as_mut_ptr());
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: all slices have exactly `n` values (the caller's contract) and `i + 8 ≤ n`.
        unsafe {
            let mu_a = _mm512_loadu_pd(m.a.as_ptr().add(i));
            let mu_b = _mm512_loadu_pd(m.b.as_ptr().add(i));
            let sq = _mm512_loadu_pd(m.sq.as_ptr().add(i));
            let ab = _mm512_loadu_pd(m.ab.as_ptr().add(i));
            let mab = _mm512_mul_pd(mu_a, mu_b);
            let msq = _mm512_add_pd(_mm512_mul_pd(mu_a, mu_a), _mm512_mul_pd(mu_b, mu_b));
            let cs_num = _mm512_add_pd(_mm512_mul_pd(two, _mm512_sub_pd(ab, mab)), c2v);
            let cs_den = _mm512_add_pd(_mm512_sub_pd(sq, msq), c2v);
            if let Some(so) = so {
                let l_num = _mm512_add_pd(_mm512_mul_pd(two, mab), c1v);
                let l_den = _mm512_add_pd(msq, c1v);
                let v = _mm512_div_pd(_mm512_mul_pd(l_num, cs_num), _mm512_mul_pd(l_den, cs_den));
                _mm512_storeu_pd(so.add(i), v);
            }
            if let Some(co) = co {
                _mm512_storeu_pd(co.add(i), _mm512_div_pd(cs_num, cs_den));
            }
        }
        i += 8;
    }
    portable::ssim_terms_from(m, (c1, c2), ssim, cs, i);
}

/// Bytes to `f64`, 8 at a time; both slices have the same length.
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) unsafe fn widen_u8(src: &[u8], dst: &mut [f64]) {
    let n = src.len().min(dst.len());
    let d = dst.as_mut_ptr();
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: `i + 8 ≤ n`: the 8-byte load and the 8-value store stay inside the slices.
        unsafe {
            let v = _mm_loadl_epi64(src.as_ptr().add(i).cast());
            _mm512_storeu_pd(d.add(i), _mm512_cvtepi32_pd(_mm256_cvtepu8_epi32(v)));
        }
        i += 8;
    }
    portable::widen_u8_from(src, dst, i);
}

/// `sq = a² + b²`, `ab = a·b`, 8 at a time (exact, see the parent module); equal lengths.
#[target_feature(enable = "avx512f,avx512bw")]
pub(super) unsafe fn products(a: &[f64], b: &[f64], sq: &mut [f64], ab: &mut [f64]) {
    let n = a.len().min(b.len()).min(sq.len()).min(ab.len());
    let (ps, pp) = (sq.as_mut_ptr(), ab.as_mut_ptr());
    let mut i = 0;
    while i + 8 <= n {
        // SAFETY: all four slices hold at least `n` values and `i + 8 ≤ n`.
        unsafe {
            let p = _mm512_loadu_pd(a.as_ptr().add(i));
            let q = _mm512_loadu_pd(b.as_ptr().add(i));
            _mm512_storeu_pd(
                ps.add(i),
                _mm512_add_pd(_mm512_mul_pd(p, p), _mm512_mul_pd(q, q)),
            );
            _mm512_storeu_pd(pp.add(i), _mm512_mul_pd(p, q));
        }
        i += 8;
    }
    portable::products_from(a, b, sq, ab, i);
}
