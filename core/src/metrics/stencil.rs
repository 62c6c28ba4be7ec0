//! The shared 3×3 pass behind the no-reference metrics of 8-bit planes.
//!
//! One sweep over each row triple (above, here, below; rows mirrored at the top and bottom edge
//! as OpenCV's `BORDER_REFLECT_101`) yields, exactly and in integers, everything
//! [`super::sharpness`], [`super::noise`] and [`super::blockiness`] sum per row: the Laplacian's
//! sum and sum of squares, the Sobel `Gx² + Gy²` sum (when asked for), the Immerkær `|I ∗ N|`
//! sum, and the absolute horizontal and vertical neighbour steps. Each metric's own file
//! documents its formula; this file only fixes how the sums are formed.
//!
//! The interior columns of a row go through the dispatched SIMD kernel
//! [`kernels::stencil_row`] (its portable form: tiles of `i16` responses that LLVM vectorises
//! on plain SSE2); the two edge columns use the scalar [`pixel`] with the reflect-101
//! neighbours. Results equal the plain per-pixel sums exactly, on every kernel path.
//! Only `u8` samples come here (callers dispatch on the sample size); deeper planes keep the
//! per-metric `i64` loops.

use crate::kernels::{self, StencilSums};
use crate::plane::{Plane, Sample};

/// Exact plane-wide sums.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sums {
    /// Σ Laplacian.
    pub lap: i128,
    /// Σ Laplacian².
    pub lap_sq: i128,
    /// Σ (Gx² + Gy²) (0 unless asked for).
    pub ten: u128,
    /// Σ |Immerkær response| over interior pixels.
    pub noise: u128,
    /// Σ |step| across block boundaries (both directions).
    pub steps_boundary: u128,
    /// Σ |step| between all other neighbours.
    pub steps_inner: u128,
}

/// OpenCV's `BORDER_REFLECT_101` index mapping for `i ∈ [−1, n]`.
#[inline]
pub(crate) fn reflect101(i: isize, n: usize) -> usize {
    if n == 1 {
        return 0;
    }
    if i < 0 {
        (-i) as usize
    } else if i as usize >= n {
        2 * n - 2 - i as usize
    } else {
        i as usize
    }
}

/// The responses at the edge pixel `x` with left/right neighbour columns `l`, `r` (its
/// Immerkær response is never used: noise is measured on interior pixels only).
#[inline(always)]
fn pixel(u: &[u8], c: &[u8], d: &[u8], [x, l, r]: [usize; 3], ten: bool, acc: &mut StencilSums) {
    let g = |s: &[u8], i: usize| s.get(i).map_or(0, |&v| i64::from(v));
    let v = g(c, l) + g(c, r) + g(u, x) + g(d, x) - 4 * g(c, x);
    acc.lap += v;
    acc.lap_sq += (v * v) as u64;
    if ten {
        let gx = (g(u, r) - g(u, l)) + 2 * (g(c, r) - g(c, l)) + (g(d, r) - g(d, l));
        let gy = (g(d, l) - g(u, l)) + 2 * (g(d, x) - g(u, x)) + (g(d, r) - g(u, r));
        acc.ten += (gx * gx + gy * gy) as u64;
    }
    acc.h += (g(c, x) - g(c, l)).unsigned_abs();
    acc.v += (g(c, x) - g(u, x)).unsigned_abs();
}

/// `Σ s` of bytes, reduced per 16-byte block: the shape LLVM matches to one `psadbw` (against
/// zero) per block; a flat widening sum unpacks to `u32` lanes instead, about 4× the work.
/// Exact for `s.len() ≤ 2²⁴` (the sum stays below `2³²`).
#[inline(never)]
pub(crate) fn byte_sum(s: &[u8]) -> u32 {
    // |x| of the widened sample is x; spelled so, the block sum matches `psadbw`.
    let d = |x: u8| i32::from(x).unsigned_abs();
    let blocks = s.chunks_exact(16);
    let mut total: u32 = blocks.remainder().iter().map(|&x| d(x)).sum();
    for b in blocks {
        let mut t = 0;
        for &x in b {
            t += d(x);
        }
        total += t;
    }
    total
}

/// The sums over a whole 8-bit plane (see the module docs), Sobel only when `ten`; zero for
/// deeper samples (callers dispatch on the sample size).
pub(crate) fn sums<T: Sample>(p: &Plane<'_, T>, ten: bool) -> Sums {
    let h = p.height();
    let mut out = Sums::default();
    for y in 0..h {
        let u = T::as_bytes(p.row(reflect101(y as isize - 1, h)));
        let c = T::as_bytes(p.row(y));
        let d = T::as_bytes(p.row(reflect101(y as isize + 1, h)));
        let (Some(u), Some(c), Some(d)) = (u, c, d) else {
            return out;
        };
        add_row(u, c, d, [y, h], BLOCK_SIZE, ten, &mut out, None);
    }
    out
}

/// Adds row `y` of a plane of `h` rows (`[y, h]`) to `out`: `c` is the row, `u` and `d` the
/// rows above and below it after the reflect-101 mapping (all of the plane's width); `block`
/// is the pitch of the block grid the step sums are split by (≥ 1); Sobel only when `ten`.
/// The whole-plane [`sums`] and the row engine ([`super::rows`]) both go through here, so
/// they agree exactly. With `hist`, row `c` is also counted into those histogram tables, in
/// the stencil's loop ([`kernels::stencil_hist_row`]).
#[inline]
#[allow(clippy::too_many_arguments)] // the row, its neighbours, and where its sums go
pub(crate) fn add_row(
    u: &[u8],
    c: &[u8],
    d: &[u8],
    [y, h]: [usize; 2],
    block: usize,
    ten: bool,
    out: &mut Sums,
    hist: Option<&mut [[u32; 256]; 8]>,
) {
    let w = c.len();
    // Callers pass rows of one plane, all `w` long; saying so lets the optimiser drop every
    // bounds check below (the no-panic proof of the 8-bit metrics rests on it).
    let (Some(u), Some(d)) = (u.get(..w), d.get(..w)) else {
        return;
    };
    if w == 0 {
        // Planes are at least one sample wide.
        return;
    }
    let block = block.max(1);
    let row = match hist {
        Some(t) => kernels::stencil_hist_row(u, c, d, ten, block, t),
        None => kernels::stencil_row(u, c, d, ten, block),
    };
    // Edge columns (reflect-101).
    let mut edge = StencilSums::default();
    if w == 1 {
        pixel(u, c, d, [0, 0, 0], ten, &mut edge);
    } else {
        pixel(u, c, d, [0, 1, 1], ten, &mut edge);
        pixel(u, c, d, [w - 1, w - 2, w - 2], ten, &mut edge);
        // Column 0 has no left neighbour: drop its mirrored `l = 1` step. Column w − 1's step
        // (with `l = w − 2`) is real.
        if let (Some(&a), Some(&b)) = (c.first(), c.get(1)) {
            edge.h -= u64::from(a.abs_diff(b));
        }
    }
    out.lap += i128::from(row.lap + edge.lap);
    out.lap_sq += i128::from(row.lap_sq + edge.lap_sq);
    out.ten += u128::from(row.ten + edge.ten);
    // Immerkær uses interior rows only (the top and bottom rows' sums are dropped).
    if y > 0 && y + 1 < h {
        out.noise += u128::from(row.noise);
    }
    // The steps `c[x − 1] → c[x]` at x = block, 2·block, … < w: the kernel's interior ones,
    // and the last column's.
    let mut boundary = row.hb;
    if w >= 2
        && (w - 1).is_multiple_of(block)
        && let (Some(&a), Some(&b)) = (c.get(w - 2), c.get(w - 1))
    {
        boundary += u64::from(a.abs_diff(b));
    }
    let h_all = row.h + edge.h;
    out.steps_boundary += u128::from(boundary);
    out.steps_inner += u128::from(h_all - boundary);
    if y > 0 {
        let v_all = u128::from(row.v + edge.v);
        if y.is_multiple_of(block) {
            out.steps_boundary += v_all;
        } else {
            out.steps_inner += v_all;
        }
    }
}

/// Block grid pitch of whole planes' step sums (the coding block size).
const BLOCK_SIZE: usize = super::blockiness::BLOCK_SIZE;

#[cfg(test)]
mod tests {
    use super::super::{blockiness, frame_stats, noise, sharpness};
    use super::*;

    /// xorshift bytes; `smooth` mixes in a ramp so responses are not all extreme.
    fn bytes(seed: u64, n: usize, smooth: bool) -> [u8; 4096] {
        let mut s = seed | 1;
        let mut out = [0u8; 4096];
        for (i, v) in out.iter_mut().take(n).enumerate() {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let r = (s >> 56) as u8;
            *v = if smooth {
                ((i % 61) as u8).wrapping_mul(3).wrapping_add(r / 16)
            } else {
                r
            };
        }
        out
    }

    /// The 8-bit path equals the `i64` per-metric loops exactly, on boundary sizes
    /// (1, 2, 3, block ± 1 columns, several chunks) and padded strides.
    #[test]
    fn byte_sum_is_the_plain_sum() {
        extern crate std;
        let lens: &[usize] = if cfg!(miri) {
            &[0, 1, 15, 16, 17, 33]
        } else {
            &[0, 1, 15, 16, 17, 31, 32, 33, 40, 4095, 8192]
        };
        for &n in lens {
            let v: std::vec::Vec<u8> = (0..n).map(|i| (i * 97 % 256) as u8).collect();
            let plain: u32 = v.iter().map(|&x| u32::from(x)).sum();
            assert_eq!(byte_sum(&v), plain, "{n}");
            assert_eq!(byte_sum(&std::vec![255u8; n]), 255 * n as u32, "{n} × 255");
        }
    }

    #[test]
    fn narrow_path_equals_wide_loops() {
        let sizes = [
            (1, 1),
            (2, 1),
            (1, 5),
            (2, 2),
            (3, 3),
            (17, 4),
            (18, 9),
            (19, 3),
            (35, 17),
            (64, 40),
            (100, 33),
            (513, 2),
            (514, 3),
            (515, 3),
            (1043, 2),
        ];
        for (seed, &(w, h)) in sizes.iter().enumerate() {
            for pad in [0, 3] {
                for smooth in [false, true] {
                    let stride = w + pad;
                    let buf = bytes(seed as u64 + 7, stride * h, smooth);
                    let p = Plane::new(&buf[..stride * h], w, h, stride).unwrap();
                    let ctx = (w, h, pad, smooth);
                    assert_eq!(
                        sharpness::laplacian_variance(&p),
                        sharpness::laplacian_variance_wide(&p),
                        "{ctx:?}"
                    );
                    assert_eq!(
                        sharpness::tenengrad(&p),
                        sharpness::tenengrad_wide(&p),
                        "{ctx:?}"
                    );
                    assert_eq!(
                        noise::noise_sigma(&p),
                        noise::noise_sigma_wide(&p),
                        "{ctx:?}"
                    );
                    assert_eq!(
                        blockiness::blockiness(&p),
                        blockiness::blockiness_wide(&p, blockiness::BLOCK_SIZE),
                        "{ctx:?}"
                    );
                    let f = frame_stats(&p).unwrap();
                    assert_eq!(
                        f.sharpness,
                        sharpness::laplacian_variance_wide(&p),
                        "{ctx:?}"
                    );
                    assert_eq!(f.tenengrad, sharpness::tenengrad_wide(&p), "{ctx:?}");
                    assert_eq!(f.noise_sigma, noise::noise_sigma_wide(&p), "{ctx:?}");
                    assert_eq!(
                        f.blockiness,
                        blockiness::blockiness_wide(&p, blockiness::BLOCK_SIZE),
                        "{ctx:?}"
                    );
                    assert_eq!(f.mean, super::super::contrast::mean(&p), "{ctx:?}");
                    assert_eq!(
                        f.rms_contrast,
                        super::super::contrast::rms_contrast(&p),
                        "{ctx:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn extreme_checkerboard_does_not_overflow() {
        let (w, h) = (600, 6);
        let mut buf = [0u8; 3600];
        for (i, v) in buf.iter_mut().enumerate() {
            *v = if (i % w + i / w) % 2 == 0 { 255 } else { 0 };
        }
        let p = Plane::packed(&buf, w, h).unwrap();
        assert_eq!(
            sharpness::laplacian_variance(&p),
            sharpness::laplacian_variance_wide(&p)
        );
        assert_eq!(sharpness::tenengrad(&p), sharpness::tenengrad_wide(&p));
        assert_eq!(noise::noise_sigma(&p), noise::noise_sigma_wide(&p));
    }
}
