//! Noise σ — Immerkær, "Fast noise variance estimation", CVIU 64(2), 1996.
//!
//! `σ = sqrt(π/2) · (1 / (6 (W−2)(H−2))) · Σ |(I ∗ N)(x, y)|` over interior pixels only
//! (no border handling), with `N = [1 −2 1; −2 4 −2; 1 −2 1]`. Units: code values.
//! Range ≥ 0; a flat or linear-ramp plane gives 0. Planes smaller than 3×3 give 0 (no interior).

//! The sum is exact in integers (8-bit planes via [`super::stencil`]).

use super::stencil;
use crate::plane::{Plane, Sample};

/// Noise standard deviation estimate (see the module docs).
pub fn noise_sigma<T: Sample>(p: &Plane<'_, T>) -> f64 {
    let (w, h) = p.size();
    if w < 3 || h < 3 {
        return 0.0;
    }
    if core::mem::size_of::<T>() == 1 {
        return sigma_from_sum(stencil::sums::<T, { stencil::NOISE }>(p).noise, w, h);
    }
    noise_sigma_wide(p)
}

/// `σ` from the exact `Σ |I ∗ N|` of a `w × h` plane (`w, h ≥ 3`).
pub(crate) fn sigma_from_sum(total: u128, w: usize, h: usize) -> f64 {
    let norm = 6.0 * ((w - 2) * (h - 2)) as f64;
    libm::sqrt(core::f64::consts::FRAC_PI_2) * total as f64 / norm
}

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
