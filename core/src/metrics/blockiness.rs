//! Blockiness: strength of an 8×8 coding-block grid.
//!
//! `B = (D_b + ε) / (D_n + ε)`, where `D_b` is the mean absolute step between neighbouring pixels
//! that straddle a block boundary (columns `x` with `x mod 8 = 0`, and rows likewise) and `D_n`
//! the mean absolute step between all other neighbours, both directions pooled; ε =
//! [`BLOCKINESS_EPS`] of full scale keeps flat planes at 1. The boundary-vs-interior
//! discontinuity idea is Wang, Sheikh & Bovik (ICIP 2002) and FFmpeg's `blockdetect`.
//! Range (0, ∞): 1 = no grid structure; JPEG/H.264 blocking at low bitrate gives ≳ 1.3.
//! Planes narrower and shorter than 9 pixels (no boundary) give 1.

//!
//! The step sums are exact integers (8-bit planes via [`super::stencil`]).

use super::stencil;
use crate::plane::{Plane, Sample};

/// Coding block size.
pub const BLOCK_SIZE: usize = 8;
/// Regulariser ε as a share of full scale (1 code value at 8 bits).
pub const BLOCKINESS_EPS: f64 = 1.0 / 255.0;

/// Blockiness ratio (see the module docs).
pub fn blockiness<T: Sample>(p: &Plane<'_, T>) -> f64 {
    if core::mem::size_of::<T>() == 1 {
        let s = stencil::sums(p, false);
        return ratio(p, s.steps_boundary, s.steps_inner);
    }
    blockiness_wide(p, BLOCK_SIZE)
}

/// Boundary and interior step counts of a `w × h` plane on a `block`-pixel grid.
fn counts(w: usize, h: usize, block: usize) -> (u64, u64) {
    let (w64, h64) = (w as u64, h as u64);
    let block = block.max(1);
    let bx = ((w - 1) / block) as u64;
    let by = ((h - 1) / block) as u64;
    let nb = h64 * bx + w64 * by;
    let nn = h64 * (w64 - 1 - bx) + w64 * (h64 - 1 - by);
    (nb, nn)
}

/// `B` from the exact step sums.
pub(crate) fn ratio<T: Sample>(p: &Plane<'_, T>, sb: u128, sn: u128) -> f64 {
    ratio_sized(p.width(), p.height(), p.max_value(), BLOCK_SIZE, sb, sn)
}

/// [`ratio`] for a `w × h` plane of full-scale value `max` on a `block`-pixel grid.
pub(crate) fn ratio_sized(w: usize, h: usize, max: u32, block: usize, sb: u128, sn: u128) -> f64 {
    let (nb, nn) = counts(w, h, block);
    if nb == 0 || nn == 0 {
        return 1.0;
    }
    let eps = BLOCKINESS_EPS * f64::from(max);
    let db = sb as f64 / nb as f64;
    let dn = sn as f64 / nn as f64;
    (db + eps) / (dn + eps)
}

/// [`blockiness`] on a `block`-pixel grid with per-row `u64` sums (any depth; the 8-bit path's
/// oracle in tests).
pub(crate) fn blockiness_wide<T: Sample>(p: &Plane<'_, T>, block: usize) -> f64 {
    let block = block.max(1);
    let (w, h) = p.size();
    let (mut sb, mut nb, mut sn, mut nn) = (0u128, 0u64, 0u128, 0u64);
    let d = |a: T, b: T| u64::from(a.to_u32().abs_diff(b.to_u32()));
    for y in 0..h {
        let r = p.row(y);
        let (mut rb, mut rn) = (0u64, 0u64);
        for x in 1..w {
            if x % block == 0 {
                rb += d(r[x], r[x - 1]);
            } else {
                rn += d(r[x], r[x - 1]);
            }
        }
        sb += u128::from(rb);
        sn += u128::from(rn);
        if w > 1 {
            let boundaries = ((w - 1) / block) as u64;
            nb += boundaries;
            nn += (w - 1) as u64 - boundaries;
        }
        if y > 0 {
            let up = p.row(y - 1);
            let s: u64 = r.iter().zip(up).map(|(&a, &b)| d(a, b)).sum();
            if y % block == 0 {
                sb += u128::from(s);
                nb += w as u64;
            } else {
                sn += u128::from(s);
                nn += w as u64;
            }
        }
    }
    if nb == 0 || nn == 0 {
        return 1.0;
    }
    let eps = BLOCKINESS_EPS * f64::from(p.max_value());
    let db = sb as f64 / nb as f64;
    let dn = sn as f64 / nn as f64;
    (db + eps) / (dn + eps)
}
