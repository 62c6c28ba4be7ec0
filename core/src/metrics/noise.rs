//! Noise σ — Immerkær, "Fast noise variance estimation", CVIU 64(2), 1996.
//!
//! `σ = sqrt(π/2) · (1 / (6 (W−2)(H−2))) · Σ |(I ∗ N)(x, y)|` over interior pixels only
//! (no border handling), with `N = [1 −2 1; −2 4 −2; 1 −2 1]`. Units: code values.
//! Range ≥ 0; a flat or linear-ramp plane gives 0. Planes smaller than 3×3 give 0 (no interior).

//! The sum is exact in integers (8-bit planes via [`super::stencil`]; row pairs via
//! [`crate::kernels::bin2_row`], which bins the pair in the same pass).
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
                    let mut binned = std::vec![0u8; w / 2];
                    u64::from(crate::kernels::bin2_row(t, b, &mut binned, false))
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
