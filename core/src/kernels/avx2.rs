//! AVX2 (+ FMA) kernels: 32 bytes or four `f64` per instruction. Same results as
//! [`super::portable`]: exact for the integer kernels, within [`super::FMA_REL_TOL`] for the
//! fused `f64` filter.
//!
//! Every function is `unsafe` only because it requires AVX2 and FMA (the caller checks
//! [`super::available`]); the loads read inside the slices, as each `// SAFETY:` says.

use core::arch::x86_64::*;

use super::{Means, StencilSums, portable, sse41};

/// Horizontal sum of eight non-negative `i32` lanes.
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn hsum_u32(v: __m256i) -> u64 {
    let mut lanes = [0u32; 8];
    // SAFETY: `lanes` is 32 writable bytes; the store is unaligned.
    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), v) };
    lanes.iter().map(|&l| u64::from(l)).sum()
}

/// Horizontal sum of eight `i32` lanes.
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn hsum_i32(v: __m256i) -> i64 {
    let mut lanes = [0i32; 8];
    // SAFETY: `lanes` is 32 writable bytes; the store is unaligned.
    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), v) };
    lanes.iter().map(|&l| i64::from(l)).sum()
}

/// Blocks of 32 per `i32` flush in [`sse_u8`]: a lane gains at most `2 · 2 · 255²` per block.
const SSE_BLOCKS: usize = 4096;

/// `Σ (a − b)²`; `a` and `b` have the same length.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn sse_u8(a: &[u8], b: &[u8]) -> u64 {
    let n = a.len().min(b.len());
    let blocks = n / 32;
    let zero = _mm256_setzero_si256();
    let mut total = 0u64;
    let mut i = 0;
    while i < blocks {
        let end = (i + SSE_BLOCKS).min(blocks);
        let mut acc = zero;
        while i < end {
            // SAFETY: block `i < n / 32`, so bytes `32i..32i + 32` are inside both slices.
            let (x, y) = unsafe {
                (
                    _mm256_loadu_si256(a.as_ptr().add(32 * i).cast()),
                    _mm256_loadu_si256(b.as_ptr().add(32 * i).cast()),
                )
            };
            // |x − y| in bytes, then widened to i16 and squared-and-paired by `pmaddwd`.
            let d = _mm256_or_si256(_mm256_subs_epu8(x, y), _mm256_subs_epu8(y, x));
            let lo = _mm256_unpacklo_epi8(d, zero);
            let hi = _mm256_unpackhi_epi8(d, zero);
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(lo, lo));
            acc = _mm256_add_epi32(acc, _mm256_madd_epi16(hi, hi));
            i += 1;
        }
        total += hsum_u32(acc);
    }
    let (ta, tb) = (a.get(32 * blocks..n), b.get(32 * blocks..n));
    total + portable::sse_plain(ta.unwrap_or(&[]), tb.unwrap_or(&[]))
}

/// Blocks of 16 outputs per `i32` flush in [`laplacian_u8`]: a lane of the squares gains at
/// most `2 · 1020²` per block.
const LAP_BLOCKS: usize = 512;

/// Laplacian sums over columns `1..n−1`; `u`, `c`, `d` have the same length `n ≥ 3`.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn laplacian_u8(u: &[u8], c: &[u8], d: &[u8]) -> (i64, i64) {
    let n = c.len().min(u.len()).min(d.len());
    // Outputs x = 1 + 16k .. 1 + 16k + 16 read c[x − 1 .. x + 17], so need 16k + 18 ≤ n.
    let blocks = if n >= 18 { (n - 2) / 16 } else { 0 };
    let ones = _mm256_set1_epi16(1);
    let (mut s, mut ss) = (0i64, 0i64);
    let mut k = 0;
    while k < blocks {
        let end = (k + LAP_BLOCKS).min(blocks);
        let (mut acc_s, mut acc_ss) = (_mm256_setzero_si256(), _mm256_setzero_si256());
        while k < end {
            let x = 1 + 16 * k;
            // SAFETY: x − 1 + 16 + 2 = 16k + 18 ≤ n, so every 16-byte load (at x − 1, x,
            // x + 1 of `c`; at x of `u`, `d`) stays inside the slices.
            let (l, r, m, up, dn) = unsafe {
                (
                    _mm_loadu_si128(c.as_ptr().add(x - 1).cast()),
                    _mm_loadu_si128(c.as_ptr().add(x + 1).cast()),
                    _mm_loadu_si128(c.as_ptr().add(x).cast()),
                    _mm_loadu_si128(u.as_ptr().add(x).cast()),
                    _mm_loadu_si128(d.as_ptr().add(x).cast()),
                )
            };
            let w = |v| _mm256_cvtepu8_epi16(v);
            let sum4 =
                _mm256_add_epi16(_mm256_add_epi16(w(l), w(r)), _mm256_add_epi16(w(up), w(dn)));
            let lap = _mm256_sub_epi16(sum4, _mm256_slli_epi16(w(m), 2));
            acc_s = _mm256_add_epi32(acc_s, _mm256_madd_epi16(lap, ones));
            acc_ss = _mm256_add_epi32(acc_ss, _mm256_madd_epi16(lap, lap));
            k += 1;
        }
        s += hsum_i32(acc_s);
        ss += hsum_u32(acc_ss) as i64;
    }
    let (ts, tss) = portable::laplacian_from(u, c, d, 1 + 16 * blocks);
    (s + ts, ss + tss)
}

/// Blocks of 32 outputs per `i32` flush in [`stencil_row`]: per block a lane gains at most
/// `8 · 1020²` (the Sobel squares of four pixels, two products each), so 128 blocks stay
/// below `2³¹`.
pub(super) const STENCIL_BLOCKS: usize = 128;

/// The 3×3 stencil sums over columns `1..n−1`; `u`, `c`, `d` have the same length `n ≥ 3`;
/// `block ≥ 1`.
///
/// 32 outputs per block, as two sets of sixteen `i16` lanes: the even columns `x0 + 2i` and
/// the odd ones `x0 + 2i + 1`. Each row is loaded twice, 32 bytes at `x0 − 1` (`a`) and at
/// `x0 + 1` (`b`); read as 16-bit words, their low and high bytes are the samples left of,
/// at and right of every output (even: `lo a`, `hi a`, `lo b`; odd: `hi a`, `lo b`, `hi b`),
/// so a mask and a shift replace the widening shuffles. Sums do not depend on the order of
/// the columns, so each set is summed on its own (`pmaddwd`); the steps are `psadbw` of the
/// absolute differences of the rows at `x0` and `x0 − 1` (and at `x0` of the row above), the
/// block-boundary steps the same differences masked to the columns `x ≡ 0 (mod block)` when
/// `block` divides 32 (else counted by the portable loop). The columns left over after the
/// whole blocks are one more block ending at the last interior column, with the lanes already
/// counted masked off. The AVX-512 path runs this kernel compiled with AVX-512VL
/// (`avx512::stencil_row`, from [`stencil_kernel!`]): 32 vector registers, no spills; the same
/// scheme 64 bytes wide measured no faster on the project's AVX-512 machine.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn stencil_row(
    u: &[u8],
    c: &[u8],
    d: &[u8],
    ten: bool,
    block: usize,
) -> StencilSums {
    if ten {
        // SAFETY: the caller's contract, passed on; AVX2 is enabled here as there.
        unsafe { stencil::<true>(u, c, d, block, None) }
    } else {
        // SAFETY: as above.
        unsafe { stencil::<false>(u, c, d, block, None) }
    }
}

/// The stencil kernel's body for the features `$features` (AVX2 and more): `avx2.rs` and
/// `avx512.rs` instantiate it, the latter with AVX-512VL for its 32 vector registers.
macro_rules! stencil_kernel {
    ($features:literal) => {
        /// The running sums of [`stencil`]: `i32` lanes (flushed every [`STENCIL_BLOCKS`]) and the
        /// `u64` lanes of the steps.
        struct Acc {
            lap: __m256i,
            sq: __m256i,
            nz: __m256i,
            sobel: __m256i,
            h: __m256i,
            v: __m256i,
            hb: __m256i,
        }

        /// Lane masks of one block: which outputs count (all but those already counted) and which
        /// of its steps are block-boundary steps.
        #[derive(Clone, Copy)]
        struct Masks {
            even: __m256i,
            odd: __m256i,
            bytes: __m256i,
            boundary: __m256i,
        }

        /// [`stencil_row`] with `ten` known.
        ///
        /// # Safety
        /// AVX2 is available.
        #[inline]
        #[target_feature(enable = $features)]
        pub(super) unsafe fn stencil<const TEN: bool>(
            u: &[u8],
            c: &[u8],
            d: &[u8],
            block: usize,
            mut hist: Option<&mut [[u32; 256]; 8]>,
        ) -> StencilSums {
            let n = c.len().min(u.len()).min(d.len());
            if n < 34 {
                if let Some(t) = hist {
                    portable::histogram(c, t);
                }
                return portable::stencil_row(u, c, d, TEN, block);
            }
            // Block k has outputs x0 = 1 + 32k .. x0 + 32 and reads bytes x0 − 1 ..= x0 + 32 of each
            // row, so it needs 32k + 34 ≤ n.
            let blocks = (n - 2) / 32;
            let zero = _mm256_setzero_si256();
            let all = _mm256_set1_epi8(-1);
            // Byte j of a block at x0 is column x0 + j; x0 ≡ 1 (mod 32) for the whole blocks.
            let bytes = _mm256_setr_epi8(
                0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                23, 24, 25, 26, 27, 28, 29, 30, 31,
            );
            let boundary_at = |x0: usize| {
                if 32 % block.max(1) != 0 {
                    return zero;
                }
                // Column x0 + j is on the grid when (x0 + j) mod block = 0.
                let first = ((block - x0 % block) % block) as i8;
                let rel = _mm256_sub_epi8(bytes, _mm256_set1_epi8(first));
                let on = _mm256_and_si256(rel, _mm256_set1_epi8(block as i8 - 1));
                // `rel ≥ 0` and a multiple of `block` (a power of two dividing 32).
                _mm256_andnot_si256(_mm256_cmpgt_epi8(zero, rel), _mm256_cmpeq_epi8(on, zero))
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
                    // SAFETY: k < blocks, so 32k + 34 ≤ n (see above).
                    unsafe { stencil_block::<TEN, false>(u, c, d, 1 + 32 * k, whole, &mut acc) };
                    if let Some(t) = hist.as_deref_mut() {
                        // SAFETY: k < blocks: bytes 1 + 32k .. 33 + 32k ≤ n of `c`.
                        unsafe { count32(c, 1 + 32 * k, t) };
                    }
                    k += 1;
                }
                flush(&mut acc, &mut out);
            }
            let done = 1 + 32 * blocks;
            if let Some(t) = hist {
                let [t0, ..] = t;
                for &v in c.get(..1).unwrap_or_default() {
                    t0[usize::from(v)] += 1;
                }
                for &v in c.get(done..n).unwrap_or_default() {
                    t0[usize::from(v)] += 1;
                }
            }
            if done < n - 1 {
                // The last block ends at column n − 2: x0 = n − 33 < done, and its first
                // `done − x0` (1 to 31) outputs were counted already.
                let x0 = n - 33;
                let skip = _mm256_set1_epi8((done - x0) as i8 - 1);
                let keep = _mm256_cmpgt_epi8(bytes, skip);
                // Word lane i of the even set is column x0 + 2i, of the odd set x0 + 2i + 1: byte 2i
                // and 2i + 1 of `keep`, spread over both bytes of the lane.
                let even = _mm256_srai_epi16::<8>(_mm256_slli_epi16::<8>(keep));
                let odd = _mm256_srai_epi16::<8>(keep);
                let masks = Masks {
                    even,
                    odd,
                    bytes: keep,
                    boundary: _mm256_and_si256(keep, boundary_at(x0)),
                };
                // SAFETY: x0 = n − 33 ≥ 1 reads bytes x0 − 1 ..= x0 + 32 = n − 1 of each row.
                unsafe { stencil_block::<TEN, true>(u, c, d, x0, masks, &mut acc) };
                flush(&mut acc, &mut out);
            }
            out.h = hsum_u64(acc.h);
            out.v = hsum_u64(acc.v);
            out.hb = if 32 % block.max(1) == 0 {
                hsum_u64(acc.hb)
            } else {
                portable::boundary_steps(c, block)
            };
            out
        }

        /// Counts bytes `x0 .. x0 + 32` of `c` into the tables, byte `j` into table `j mod 8`.
        ///
        /// # Safety
        /// `x0 + 32 ≤ c.len()`.
        #[inline(always)]
        unsafe fn count32(c: &[u8], x0: usize, t: &mut [[u32; 256]; 8]) {
            for q in 0..4 {
                // SAFETY: bytes x0 + 8q .. x0 + 8q + 8 ≤ x0 + 32 ≤ c.len().
                let v =
                    unsafe { core::ptr::read_unaligned(c.as_ptr().add(x0 + 8 * q).cast::<u64>()) };
                let v = u64::from_le(v);
                for (j, tab) in t.iter_mut().enumerate() {
                    tab[usize::from((v >> (8 * j)) as u8)] += 1;
                }
            }
        }

        /// Moves the `i32` lanes of `acc` into `out`.
        #[inline]
        #[target_feature(enable = $features)]
        fn flush(acc: &mut Acc, out: &mut StencilSums) {
            let zero = _mm256_setzero_si256();
            out.lap += hsum_i32(acc.lap);
            out.lap_sq += hsum_u32(acc.sq);
            out.noise += hsum_u32(acc.nz);
            out.ten += hsum_u32(acc.sobel);
            (acc.lap, acc.sq, acc.nz, acc.sobel) = (zero, zero, zero, zero);
        }

        /// Adds the 32 outputs `x0 .. x0 + 32` to `acc`; when `MASKED`, only those that `m` keeps.
        ///
        /// # Safety
        /// AVX2 is available, `x0 ≥ 1` and `x0 + 33 ≤ n` for rows `u`, `c`, `d` of at least `n`
        /// samples (the loads read bytes `x0 − 1 ..= x0 + 32`).
        #[inline]
        #[target_feature(enable = $features)]
        unsafe fn stencil_block<const TEN: bool, const MASKED: bool>(
            u: &[u8],
            c: &[u8],
            d: &[u8],
            x0: usize,
            m: Masks,
            acc: &mut Acc,
        ) {
            // SAFETY: the caller's contract: the 32-byte loads at x0 − 1, x0 and x0 + 1 end at byte
            // x0 + 32 ≤ n − 1 of each row.
            let ([ua, ub, um], [ca, cb, cm], [da, db]) = unsafe {
                let at = |p: *const u8| {
                    [
                        _mm256_loadu_si256(p.add(x0 - 1).cast()),
                        _mm256_loadu_si256(p.add(x0 + 1).cast()),
                        _mm256_loadu_si256(p.add(x0).cast()),
                    ]
                };
                let [da, db, _] = at(d.as_ptr());
                (at(u.as_ptr()), at(c.as_ptr()), [da, db])
            };
            let mask = _mm256_set1_epi16(0xff);
            let ones = _mm256_set1_epi16(1);
            let zero = _mm256_setzero_si256();
            let lo = |x| _mm256_and_si256(x, mask);
            let hi = |x| _mm256_srli_epi16::<8>(x);
            let (u0, u1, u2, u3) = (lo(ua), hi(ua), lo(ub), hi(ub));
            let (c0, c1, c2, c3) = (lo(ca), hi(ca), lo(cb), hi(cb));
            let (d0, d1, d2, d3) = (lo(da), hi(da), lo(db), hi(db));
            // One set of sixteen outputs from its left, centre and right samples per row; `keep`
            // zeroes the responses of the outputs not counted here.
            let mut set = |[ul, uc, ur]: [__m256i; 3],
                           [cl, cc, cr]: [__m256i; 3],
                           [dl, dc, dr]: [__m256i; 3],
                           keep: __m256i| {
                let (su, sc, sd) = (
                    _mm256_add_epi16(ul, ur),
                    _mm256_add_epi16(cl, cr),
                    _mm256_add_epi16(dl, dr),
                );
                let edges = _mm256_add_epi16(_mm256_add_epi16(uc, dc), sc);
                let l = _mm256_sub_epi16(edges, _mm256_slli_epi16::<2>(cc));
                // Immerkær: corners − 2·edges + 4c = corners − edges − Laplacian.
                let corners = _mm256_add_epi16(su, sd);
                let e = _mm256_abs_epi16(_mm256_sub_epi16(_mm256_sub_epi16(corners, edges), l));
                let (l, e) = if MASKED {
                    (_mm256_and_si256(l, keep), _mm256_and_si256(e, keep))
                } else {
                    (l, e)
                };
                acc.lap = _mm256_add_epi32(acc.lap, _mm256_madd_epi16(l, ones));
                acc.sq = _mm256_add_epi32(acc.sq, _mm256_madd_epi16(l, l));
                acc.nz = _mm256_add_epi32(acc.nz, _mm256_madd_epi16(e, ones));
                if TEN {
                    let gx = _mm256_add_epi16(
                        _mm256_sub_epi16(_mm256_add_epi16(ur, dr), _mm256_add_epi16(ul, dl)),
                        _mm256_slli_epi16::<1>(_mm256_sub_epi16(cr, cl)),
                    );
                    let gy = _mm256_add_epi16(
                        _mm256_sub_epi16(sd, su),
                        _mm256_slli_epi16::<1>(_mm256_sub_epi16(dc, uc)),
                    );
                    let (gx, gy) = if MASKED {
                        (_mm256_and_si256(gx, keep), _mm256_and_si256(gy, keep))
                    } else {
                        (gx, gy)
                    };
                    let g2 = _mm256_add_epi32(_mm256_madd_epi16(gx, gx), _mm256_madd_epi16(gy, gy));
                    acc.sobel = _mm256_add_epi32(acc.sobel, g2);
                }
            };
            set([u0, u1, u2], [c0, c1, c2], [d0, d1, d2], m.even);
            set([u1, u2, u3], [c1, c2, c3], [d1, d2, d3], m.odd);
            let absdiff = |a, b| _mm256_or_si256(_mm256_subs_epu8(a, b), _mm256_subs_epu8(b, a));
            let dh = absdiff(cm, ca);
            let (h, v) = if MASKED {
                let dv = _mm256_and_si256(absdiff(cm, um), m.bytes);
                (
                    _mm256_sad_epu8(_mm256_and_si256(dh, m.bytes), zero),
                    _mm256_sad_epu8(dv, zero),
                )
            } else {
                (_mm256_sad_epu8(cm, ca), _mm256_sad_epu8(cm, um))
            };
            acc.h = _mm256_add_epi64(acc.h, h);
            acc.v = _mm256_add_epi64(acc.v, v);
            let db = _mm256_and_si256(dh, m.boundary);
            acc.hb = _mm256_add_epi64(acc.hb, _mm256_sad_epu8(db, zero));
        }
    };
}
pub(super) use stencil_kernel;

stencil_kernel!("avx2,fma");

/// Blocks of 16 pairs per `i32` flush in [`bin2_row`]: a lane gains at most `2 · 2040`.
const BIN2_BLOCKS: usize = 4096;

/// One 2×2-binned row and its pair residual (see [`super::bin2_row`]); `top` and `bottom`
/// hold exactly `2 · out.len()` bytes.
///
/// Blocks of 16 pairs `j0 .. j0 + 16` (`j0 = 1 + 16k`, source column `x = 2·j0`): each row is
/// loaded at `x − 2`, `x` and `x + 2`, and the low and high bytes of the 16-bit words are the
/// even and odd columns, so `r = bottom − top` of the pair's two columns and of the columns
/// either side come without shuffles; the block sums are the four bytes of each pair added,
/// rounded (or expanded from limited range in 16-bit fixed point) and packed. Pair 0 and the
/// pairs after the last whole block go through the portable code ([`portable::bin2_edges`]).
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn bin2_row(top: &[u8], bottom: &[u8], out: &mut [u8], limited: bool) -> u32 {
    let n = out.len().min(top.len() / 2).min(bottom.len() / 2);
    if n < 18 {
        return portable::bin2_row(top, bottom, out, limited);
    }
    // Block k reads source bytes 2 + 32k − 2 ..= 2 + 32k + 33, so it needs 16k + 18 ≤ n.
    let blocks = (n - 2) / 16;
    let mask = _mm256_set1_epi16(0xff);
    let ones = _mm256_set1_epi16(1);
    let (two, floor, top_code) = (
        _mm256_set1_epi16(2),
        _mm256_set1_epi16(64),
        _mm256_set1_epi16(876),
    );
    let (mul, carry_at) = (_mm256_set1_epi16(19077), _mm256_set1_epi16(32578u16 as i16));
    let o = out.as_mut_ptr();
    let mut residual = 0u64;
    let mut k = 0;
    while k < blocks {
        let end = (k + BIN2_BLOCKS).min(blocks);
        let mut acc = _mm256_setzero_si256();
        while k < end {
            let j0 = 1 + 16 * k;
            let x = 2 * j0;
            // SAFETY: 16k + 18 ≤ n, so the 32-byte loads at x − 2 ≥ 0, x and x + 2 end at byte
            // x + 33 = 32k + 35 ≤ 2n − 1 of each row, and the 16-byte store at j0 ends at
            // j0 + 15 ≤ n − 1.
            unsafe {
                let ld = |p: *const u8, at: usize| _mm256_loadu_si256(p.add(at).cast());
                let (t, b) = (top.as_ptr(), bottom.as_ptr());
                let (tx, bx) = (ld(t, x), ld(b, x));
                let (tm, bm) = (ld(t, x - 2), ld(b, x - 2));
                let (tp, bp) = (ld(t, x + 2), ld(b, x + 2));
                let lo = |v| _mm256_and_si256(v, mask);
                let hi = |v| _mm256_srli_epi16::<8>(v);
                let r_even = _mm256_sub_epi16(lo(bx), lo(tx));
                let r_odd = _mm256_sub_epi16(hi(bx), hi(tx));
                let r_odd_before = _mm256_sub_epi16(hi(bm), hi(tm));
                let r_even_after = _mm256_sub_epi16(lo(bp), lo(tp));
                let e_even = _mm256_sub_epi16(
                    _mm256_add_epi16(r_odd_before, r_odd),
                    _mm256_slli_epi16::<1>(r_even),
                );
                let e_odd = _mm256_sub_epi16(
                    _mm256_add_epi16(r_even, r_even_after),
                    _mm256_slli_epi16::<1>(r_odd),
                );
                let e = _mm256_add_epi16(_mm256_abs_epi16(e_even), _mm256_abs_epi16(e_odd));
                acc = _mm256_add_epi32(acc, _mm256_madd_epi16(e, ones));
                let sum = _mm256_add_epi16(
                    _mm256_add_epi16(lo(tx), hi(tx)),
                    _mm256_add_epi16(lo(bx), hi(bx)),
                );
                let v = if limited {
                    // ⌊(v · 19077 + 32958) / 2¹⁶⌋, v = min(876, max(0, S − 64)): the high
                    // half of the product plus the carry of adding 32958 to its low half.
                    let v = _mm256_min_epu16(_mm256_subs_epu16(sum, floor), top_code);
                    let (h, l) = (_mm256_mulhi_epu16(v, mul), _mm256_mullo_epi16(v, mul));
                    let carry = _mm256_cmpeq_epi16(_mm256_max_epu16(l, carry_at), l);
                    _mm256_sub_epi16(h, carry)
                } else {
                    _mm256_srli_epi16::<2>(_mm256_add_epi16(sum, two))
                };
                let packed = _mm256_permute4x64_epi64::<0b1000>(_mm256_packus_epi16(v, v));
                _mm_storeu_si128(o.add(j0).cast(), _mm256_castsi256_si128(packed));
            }
            k += 1;
        }
        residual += hsum_u32(acc);
    }
    residual as u32 + portable::bin2_edges(top, bottom, out, limited, 1 + 16 * blocks)
}

/// Horizontal sum of four `u64` lanes.
#[inline]
#[target_feature(enable = "avx2")]
pub(super) fn hsum_u64(v: __m256i) -> u64 {
    let mut lanes = [0u64; 4];
    // SAFETY: `lanes` is 32 writable bytes; the store is unaligned.
    unsafe { _mm256_storeu_si256(lanes.as_mut_ptr().cast(), v) };
    lanes.iter().sum()
}

/// The folded 11-tap filter, four outputs at a time with fused multiply-adds.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn filter11(t: &[&[f64]; 11], w: &[f64; 11], out: &mut [f64]) {
    let n = out.len();
    let wv: [__m256d; 6] = core::array::from_fn(|k| _mm256_set1_pd(w[k]));
    let p: [*const f64; 11] = core::array::from_fn(|k| t[k].as_ptr());
    let o = out.as_mut_ptr();
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: every tap holds at least `n` values (the caller's contract) and
        // `i + 4 ≤ n`, so each 4-lane load and the store stay inside their slices.
        unsafe {
            let ld = |k: usize| _mm256_loadu_pd(p[k].add(i));
            let mut acc = _mm256_mul_pd(wv[5], ld(5));
            acc = _mm256_fmadd_pd(wv[4], _mm256_add_pd(ld(4), ld(6)), acc);
            acc = _mm256_fmadd_pd(wv[3], _mm256_add_pd(ld(3), ld(7)), acc);
            acc = _mm256_fmadd_pd(wv[2], _mm256_add_pd(ld(2), ld(8)), acc);
            acc = _mm256_fmadd_pd(wv[1], _mm256_add_pd(ld(1), ld(9)), acc);
            acc = _mm256_fmadd_pd(wv[0], _mm256_add_pd(ld(0), ld(10)), acc);
            _mm256_storeu_pd(o.add(i), acc);
        }
        i += 4;
    }
    portable::filter11_from(t, w, out, i);
}

/// Per-pixel SSIM and CS terms, four at a time (no fusion: the same roundings as portable).
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn ssim_terms(
    m: &Means<'_>,
    (c1, c2): (f64, f64),
    mut ssim: Option<&mut [f64]>,
    mut cs: Option<&mut [f64]>,
) {
    let n = m.a.len();
    let (c1v, c2v, two) = (_mm256_set1_pd(c1), _mm256_set1_pd(c2), _mm256_set1_pd(2.0));
    let so = ssim.as_deref_mut().map(|s| s.as_mut_ptr());
    let co = cs.as_deref_mut().map(|s| s.as_mut_ptr());
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: all slices have exactly `n` values (the caller's contract) and `i + 4 ≤ n`.
        unsafe {
            let mu_a = _mm256_loadu_pd(m.a.as_ptr().add(i));
            let mu_b = _mm256_loadu_pd(m.b.as_ptr().add(i));
            let sq = _mm256_loadu_pd(m.sq.as_ptr().add(i));
            let ab = _mm256_loadu_pd(m.ab.as_ptr().add(i));
            let mab = _mm256_mul_pd(mu_a, mu_b);
            let msq = _mm256_add_pd(_mm256_mul_pd(mu_a, mu_a), _mm256_mul_pd(mu_b, mu_b));
            let cs_num = _mm256_add_pd(_mm256_mul_pd(two, _mm256_sub_pd(ab, mab)), c2v);
            let cs_den = _mm256_add_pd(_mm256_sub_pd(sq, msq), c2v);
            if let Some(so) = so {
                let l_num = _mm256_add_pd(_mm256_mul_pd(two, mab), c1v);
                let l_den = _mm256_add_pd(msq, c1v);
                let v = _mm256_div_pd(_mm256_mul_pd(l_num, cs_num), _mm256_mul_pd(l_den, cs_den));
                _mm256_storeu_pd(so.add(i), v);
            }
            if let Some(co) = co {
                _mm256_storeu_pd(co.add(i), _mm256_div_pd(cs_num, cs_den));
            }
        }
        i += 4;
    }
    portable::ssim_terms_from(m, (c1, c2), ssim, cs, i);
}

/// Bytes to `f64`, 4 at a time; both slices have the same length.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn widen_u8(src: &[u8], dst: &mut [f64]) {
    let n = src.len().min(dst.len());
    let d = dst.as_mut_ptr();
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: `i + 4 ≤ n`: the 4-byte load and the 4-value store stay inside the slices.
        unsafe {
            let v = _mm_loadu_si32(src.as_ptr().add(i).cast());
            _mm256_storeu_pd(d.add(i), _mm256_cvtepi32_pd(_mm_cvtepu8_epi32(v)));
        }
        i += 4;
    }
    portable::widen_u8_from(src, dst, i);
}

/// `sq = a² + b²`, `ab = a·b`, 4 at a time (exact, see the parent module); equal lengths.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn products(a: &[f64], b: &[f64], sq: &mut [f64], ab: &mut [f64]) {
    let n = a.len().min(b.len()).min(sq.len()).min(ab.len());
    let (ps, pp) = (sq.as_mut_ptr(), ab.as_mut_ptr());
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: all four slices hold at least `n` values and `i + 4 ≤ n`.
        unsafe {
            let p = _mm256_loadu_pd(a.as_ptr().add(i));
            let q = _mm256_loadu_pd(b.as_ptr().add(i));
            _mm256_storeu_pd(
                ps.add(i),
                _mm256_add_pd(_mm256_mul_pd(p, p), _mm256_mul_pd(q, q)),
            );
            _mm256_storeu_pd(pp.add(i), _mm256_mul_pd(p, q));
        }
        i += 4;
    }
    portable::products_from(a, b, sq, ab, i);
}

/// [`super::sad_acc`]: 16 columns per step in `i16` lanes (`|a − b − off| ≤ 510`), then the
/// SSE4.1 kernel (one step of 8, then the portable code) for the last few; the adds wrap as the
/// portable ones do.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn sad_acc(a: &[u8], b: &[u8], off: i16, acc: &mut [u16]) {
    let n = a.len().min(b.len()).min(acc.len());
    let o = _mm256_set1_epi16(off);
    let mut i = 0;
    while i + 16 <= n {
        // SAFETY: `i + 16 ≤ n`: bytes `i..i + 16` of `a` and `b` and `u16`s `i..i + 16` of `acc`
        // are inside the slices.
        unsafe {
            let x = _mm256_cvtepu8_epi16(_mm_loadu_si128(a.as_ptr().add(i).cast()));
            let y = _mm256_cvtepu8_epi16(_mm_loadu_si128(b.as_ptr().add(i).cast()));
            let d = _mm256_abs_epi16(_mm256_sub_epi16(_mm256_sub_epi16(x, y), o));
            let p = acc.as_mut_ptr().add(i).cast::<__m256i>();
            _mm256_storeu_si256(p, _mm256_add_epi16(_mm256_loadu_si256(p), d));
        }
        i += 16;
    }
    let (a, b) = (
        a.get(i..n).unwrap_or_default(),
        b.get(i..n).unwrap_or_default(),
    );
    // SAFETY: AVX2 implies SSE4.1, so the SSE4.1 kernel may run (and inlines here).
    unsafe { sse41::sad_acc(a, b, off, acc.get_mut(i..n).unwrap_or_default()) }
}

/// [`super::add_cols`]: 32 columns per step (bytes widened to `u16` lanes), the portable code
/// for the last few; the adds wrap as the portable ones do.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn add_cols(row: &[u8], cols: &mut [u16]) {
    let n = row.len().min(cols.len());
    let mut i = 0;
    while i + 32 <= n {
        // SAFETY: `i + 32 ≤ n`: bytes `i..i + 32` of `row` and `u16`s `i..i + 32` of `cols` are
        // inside the slices.
        unsafe {
            let r = row.as_ptr().add(i);
            let lo = _mm256_cvtepu8_epi16(_mm_loadu_si128(r.cast()));
            let hi = _mm256_cvtepu8_epi16(_mm_loadu_si128(r.add(16).cast()));
            let p = cols.as_mut_ptr().add(i).cast::<__m256i>();
            _mm256_storeu_si256(p, _mm256_add_epi16(_mm256_loadu_si256(p), lo));
            let q = p.add(1);
            _mm256_storeu_si256(q, _mm256_add_epi16(_mm256_loadu_si256(q), hi));
        }
        i += 32;
    }
    portable::add_cols(
        row.get(i..n).unwrap_or_default(),
        cols.get_mut(i..n).unwrap_or_default(),
    );
}

/// [`super::stencil_hist_row`] (AVX-512 runs it too).
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn stencil_hist(
    u: &[u8],
    c: &[u8],
    d: &[u8],
    ten: bool,
    block: usize,
    hist: &mut [[u32; 256]; 8],
) -> StencilSums {
    if ten {
        // SAFETY: the caller's contract, passed on.
        unsafe { stencil::<true>(u, c, d, block, Some(hist)) }
    } else {
        // SAFETY: as above.
        unsafe { stencil::<false>(u, c, d, block, Some(hist)) }
    }
}
