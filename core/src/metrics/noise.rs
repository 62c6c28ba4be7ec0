//! Noise σ — Immerkær, "Fast noise variance estimation", CVIU 64(2), 1996.
//!
//! `σ = sqrt(π/2) · (1 / (6 (W−2)(H−2))) · Σ |(I ∗ N)(x, y)|` over interior pixels only
//! (no border handling), with `N = [1 −2 1; −2 4 −2; 1 −2 1]`. Units: code values.
//! Range ≥ 0; a flat or linear-ramp plane gives 0. Planes smaller than 3×3 give 0 (no interior).

//! The sum is exact in integers (8-bit planes via [`super::stencil`]).
//!
//! **Row pairs** (frames the clip scorer bins 2×2, [`crate::clip::analysis`]): binning halves
//! white noise, so Immerkær on the binned copy reads σ 5 as about 2.5. The pair estimator
//! reads the source instead, one pair of rows `(2i, 2i + 1)` at a time, as a 2-row block holds
//! them: `e(x) = r(x−1) − 2 r(x) + r(x+1)` with `r = row₂ᵢ₊₁ − row₂ᵢ` (the second difference
//! along x of the difference down y, which annihilates planes and bilinear surfaces as
//! Immerkær's mask does), and for white noise of σ, `e` has variance `12 σ²`, so
//! `σ = sqrt(π/2) · Σ |e| / (√12 · N)` over the `N = ⌊h/2⌋ · (2⌊w/2⌋ − 2)` interior positions of
//! the block-aligned part (the trailing odd row and column are left out, as the binning leaves
//! them out). Measured on the sample clips it reads what full-resolution Immerkær reads, clean
//! (bikes 0.30 vs 0.28, 1080p 0.69 vs 0.62) and with σ 5 added (5.03–5.18 vs 5.02–5.10):
//! `python/benchmarks/bench_noise_estimators.py`.

use super::stencil;
use crate::plane::{Plane, Sample};

/// Noise standard deviation estimate (see the module docs).
pub fn noise_sigma<T: Sample>(p: &Plane<'_, T>) -> f64 {
    let (w, h) = p.size();
    if w < 3 || h < 3 {
        return 0.0;
    }
    if core::mem::size_of::<T>() == 1 {
        return sigma_from_sum(stencil::sums(p, false).noise, w, h);
    }
    noise_sigma_wide(p)
}

/// `σ` from the exact `Σ |I ∗ N|` of a `w × h` plane (`w, h ≥ 3`).
pub(crate) fn sigma_from_sum(total: u128, w: usize, h: usize) -> f64 {
    let norm = 6.0 * ((w - 2) * (h - 2)) as f64;
    libm::sqrt(core::f64::consts::FRAC_PI_2) * total as f64 / norm
}

/// `Σ |e|` of the row pair `top`, `bottom` (see the module docs) over the columns
/// `1..n − 1`, `n` the shorter length: `|e| ≤ 1020`, so rows up to 4 million samples fit.
/// On 64-bit hosts in vector-shaped blocks; on microcontrollers a plain loop (the blocks
/// unroll to about 4 KB of flash there, with no vector unit to use them). Equal results.
pub(crate) fn pair_residual(top: &[u8], bottom: &[u8]) -> u32 {
    #[cfg(target_pointer_width = "64")]
    return pair_residual_blocks(top, bottom);
    #[cfg(not(target_pointer_width = "64"))]
    return pair_residual_plain(top, bottom);
}

/// [`pair_residual`], one position at a time.
#[cfg(any(test, not(target_pointer_width = "64")))]
#[inline(never)]
fn pair_residual_plain(top: &[u8], bottom: &[u8]) -> u32 {
    let n = top.len().min(bottom.len());
    let r = |x: usize| i32::from(bottom[x]) - i32::from(top[x]);
    (1..n.saturating_sub(1))
        .map(|x| (r(x - 1) - 2 * r(x) + r(x + 1)).unsigned_abs())
        .sum()
}

/// [`pair_residual`] in blocks of 16 positions from 16-byte loads of the six shifted views,
/// `i16` arithmetic, and `|e|` summed in sixteen `u16` lanes for up to [`PAIR_BLOCKS`] blocks
/// (`64 · 1020 < 2¹⁶`): the shape that vectorises at full width on plain SSE2.
#[cfg(any(test, target_pointer_width = "64"))]
fn pair_residual_blocks(top: &[u8], bottom: &[u8]) -> u32 {
    let n = top.len().min(bottom.len());
    if n < 3 {
        return 0;
    }
    let (top, bottom) = (&top[..n], &bottom[..n]);
    let e = |t: [u8; 3], b: [u8; 3]| {
        let r = |k: usize| i16::from(b[k]) - i16::from(t[k]);
        (r(0) + r(2) - 2 * r(1)).unsigned_abs()
    };
    let m = n - 2;
    let whole = m / 16 * 16;
    let mut total = 0u32;
    let mut lanes = [0u16; 16];
    let mut blocks = 0;
    for i in (0..whole).step_by(16) {
        let load = |s: &[u8], o: usize| {
            let mut a = [0u8; 16];
            a.copy_from_slice(&s[i + o..i + o + 16]);
            a
        };
        let (t0, t1, t2) = (load(top, 0), load(top, 1), load(top, 2));
        let (b0, b1, b2) = (load(bottom, 0), load(bottom, 1), load(bottom, 2));
        for j in 0..16 {
            lanes[j] += e([t0[j], t1[j], t2[j]], [b0[j], b1[j], b2[j]]);
        }
        blocks += 1;
        if blocks == PAIR_BLOCKS {
            total += lanes.iter().map(|&l| u32::from(l)).sum::<u32>();
            lanes = [0; 16];
            blocks = 0;
        }
    }
    total += lanes.iter().map(|&l| u32::from(l)).sum::<u32>();
    for i in whole..m {
        total += u32::from(e(
            [top[i], top[i + 1], top[i + 2]],
            [bottom[i], bottom[i + 1], bottom[i + 2]],
        ));
    }
    total
}

/// Blocks of 16 per `u16` partial sum in [`pair_residual_blocks`].
#[cfg(any(test, target_pointer_width = "64"))]
const PAIR_BLOCKS: usize = 64;

/// [`pair_residual`] with the top row packed two samples per `u16` (little-endian: sample
/// `2j` in the low byte of `top[j]`), as the row-fed scorer keeps it in its binning sums
/// until the row below arrives. Unpacked in chunks on the stack; equal results.
#[inline(never)]
pub(crate) fn pair_residual_packed(top: &[u16], bottom: &[u8]) -> u32 {
    const CHUNK: usize = 64;
    let n = bottom.len().min(2 * top.len());
    let mut buf = [0u8; CHUNK + 2];
    let mut total = 0;
    let mut c = 0;
    // Chunk `[c, end)` covers the positions `c + 1 ..= end − 2`; the next starts at `c + 64`.
    while c + 2 < n {
        let end = (c + CHUNK + 2).min(n);
        for (x, b) in (c..end).zip(buf.iter_mut()) {
            *b = (top[x / 2] >> (8 * (x % 2))) as u8;
        }
        total += pair_residual(&buf[..end - c], &bottom[c..end]);
        c += CHUNK;
    }
    total
}

/// `σ` from the pair sum `total` of a `w × h` frame (0 when it has no interior position);
/// `scale` converts code values (255/219 for limited-range codes, else 1).
pub(crate) fn sigma_from_pair_sum(total: u64, w: usize, h: usize, scale: f64) -> f64 {
    let cols = 2 * (w / 2);
    let n = (h / 2) * cols.saturating_sub(2);
    if n == 0 {
        return 0.0;
    }
    scale * PAIR_NORM * total as f64 / n as f64
}

/// `sqrt(π/2) / √12 = sqrt(π/24)`, the pair estimator's normalisation (a literal: no square
/// root at run time on microcontrollers).
pub(crate) const PAIR_NORM: f64 = 0.361_800_627_279_133_8;

/// [`noise_sigma`] with `i64` responses (any depth; the 8-bit path's oracle in tests).
pub(crate) fn noise_sigma_wide<T: Sample>(p: &Plane<'_, T>) -> f64 {
    let (w, h) = p.size();
    if w < 3 || h < 3 {
        return 0.0;
    }
    let mut total: u128 = 0;
    for y in 1..h - 1 {
        let (u, c, d) = (p.row(y - 1), p.row(y), p.row(y + 1));
        let mut row: u64 = 0;
        for x in 1..w - 1 {
            let g = |r: &[T], i: usize| i64::from(r[i].to_u32());
            let corners = g(u, x - 1) + g(u, x + 1) + g(d, x - 1) + g(d, x + 1);
            let edges = g(u, x) + g(d, x) + g(c, x - 1) + g(c, x + 1);
            let resp = corners - 2 * edges + 4 * g(c, x);
            row += resp.unsigned_abs();
        }
        total += u128::from(row);
    }
    sigma_from_sum(total, w, h)
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    /// Deterministic bytes (xorshift32).
    fn bytes(seed: u32, n: usize) -> std::vec::Vec<u8> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                (s >> 24) as u8
            })
            .collect()
    }

    /// The sum the module docs define, in its other form: `e = Dxx(bottom) − Dxx(top)`, each
    /// row's own second difference, in `i64` (independent of the kernels' `r`-first form).
    fn plain(top: &[u8], bottom: &[u8]) -> u32 {
        let n = top.len().min(bottom.len());
        let dxx =
            |s: &[u8], x: usize| i64::from(s[x - 1]) - 2 * i64::from(s[x]) + i64::from(s[x + 1]);
        let mut total: i64 = 0;
        for x in 1..n.saturating_sub(1) {
            total += (dxx(bottom, x) - dxx(top, x)).abs();
        }
        total as u32
    }

    #[test]
    fn pair_residual_is_the_plain_sum_packed_or_not() {
        let lens: &[usize] = if cfg!(miri) {
            &[0, 1, 2, 3, 4, 5, 64, 65, 66, 67, 130, 131]
        } else {
            &[
                0, 1, 2, 3, 4, 5, 64, 65, 66, 67, 130, 131, 132, 1000, 1920, 4096,
            ]
        };
        for &n in lens {
            let (top, bottom) = (bytes(7 + n as u32, n), bytes(91 + n as u32, n));
            let want = plain(&top, &bottom);
            assert_eq!(pair_residual(&top, &bottom), want, "n = {n}");
            assert_eq!(pair_residual_blocks(&top, &bottom), want, "n = {n}");
            assert_eq!(pair_residual_plain(&top, &bottom), want, "n = {n}");
            // Packed: an odd n leaves the last sample out (it has no partner in a 2-wide block).
            let even = 2 * (n / 2);
            let packed: std::vec::Vec<u16> = top[..even]
                .chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]]))
                .collect();
            let want_even = plain(&top[..even], &bottom[..even]);
            assert_eq!(
                pair_residual_packed(&packed, &bottom[..even]),
                want_even,
                "n = {n}"
            );
        }
        // The extreme: a checkerboard against its inverse, every |e| = 1020.
        let n: u32 = if cfg!(miri) { 256 } else { 4096 };
        let top: std::vec::Vec<u8> = (0..n).map(|x| if x % 2 == 0 { 255 } else { 0 }).collect();
        let bottom: std::vec::Vec<u8> = top.iter().map(|&v| 255 - v).collect();
        assert_eq!(pair_residual(&top, &bottom), 1020 * (n - 2));
    }

    /// Planes and bilinear surfaces read 0; white noise of σ reads σ (Irwin–Hall normal
    /// deviates, rounded to codes: variance σ² + 1/12).
    #[test]
    fn pair_sigma_reads_white_noise_and_ignores_smooth_surfaces() {
        // 3.7 million uniform draws: full size natively only.
        let (w, h) = if cfg!(miri) { (32, 16) } else { (640, 480) };
        let surface =
            |x: usize, y: usize| 40.0 + 0.1 * x as f64 + 0.2 * y as f64 + 1e-4 * (x * y) as f64;
        let sigma = 5.0;
        let mut s = 0x1234_5678_u32;
        let mut uniform = || {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            f64::from(s) / f64::from(u32::MAX)
        };
        let mut clean = std::vec![0u8; w * h];
        let mut noisy = std::vec![0u8; w * h];
        for y in 0..h {
            for x in 0..w {
                let z: f64 = (0..12).map(|_| uniform()).sum::<f64>() - 6.0;
                clean[y * w + x] = libm::round(surface(x, y)) as u8;
                noisy[y * w + x] = libm::round(surface(x, y) + sigma * z).clamp(0.0, 255.0) as u8;
            }
        }
        let read = |p: &[u8]| {
            let total: u64 = (0..h / 2)
                .map(|i| {
                    let (t, b) = (
                        &p[2 * i * w..(2 * i + 1) * w],
                        &p[(2 * i + 1) * w..(2 * i + 2) * w],
                    );
                    u64::from(pair_residual(t, b))
                })
                .sum();
            sigma_from_pair_sum(total, w, h, 1.0)
        };
        // Rounding a smooth surface leaves sub-code steps: well under one code value.
        assert!(read(&clean) < 0.5, "{}", read(&clean));
        let want = libm::sqrt(sigma * sigma + 1.0 / 12.0);
        let got = read(&noisy);
        let tolerance = if cfg!(miri) { 0.3 } else { 0.03 };
        assert!((got - want).abs() < tolerance * want, "{got} vs {want}");
        assert_eq!(sigma_from_pair_sum(100, 3, 2, 1.0), 0.0); // 2 columns: no interior
        let norm = libm::sqrt(core::f64::consts::FRAC_PI_2) / libm::sqrt(12.0);
        assert!((PAIR_NORM - norm).abs() <= f64::EPSILON * norm);
    }
}
