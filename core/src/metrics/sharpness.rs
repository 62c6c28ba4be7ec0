//! Sharpness: variance of the Laplacian, and Tenengrad.
//!
//! **Variance of the Laplacian** (Pech-Pacheco et al., ICPR 2000): the Laplacian with OpenCV's
//! `ksize=1` kernel `[0 1 0; 1 −4 1; 0 1 0]` at every pixel, borders mirrored without repeating
//! the edge (OpenCV's default `BORDER_REFLECT_101`: index −1 reads 1, index W reads W−2), then the
//! population variance over all W·H responses. Equals `cv2.Laplacian(img, cv2.CV_64F).var()`.
//! Computed exactly in integers (sums in `i128`), then one division. Units: code values².
//! Flat planes and 1×1 planes give 0. Higher = sharper; blur lowers it sharply.
//!
//! **Tenengrad** (Tenenbaum 1970; Krotkov 1987): the mean of `Gx² + Gy²` over all pixels with the
//! 3×3 Sobel kernels (`cv2.Sobel(img, CV_64F, 1, 0, ksize=3)` and `(0, 1)`, same border rule).
//! Units: code values². Flat planes give 0.

//!
//! 8-bit planes take the kernels of [`crate::kernels`] (row by row, exact: the Laplacian
//! kernel for sharpness, the shared 3×3 pass of [`super::stencil`] for Tenengrad); deeper
//! planes the `i64` loops below. All give identical sums.

use super::stencil::{self, reflect101};
use crate::kernels;
use crate::plane::{Plane, Sample};

/// The three rows (above, here, below) of row `y` under reflect-101.
#[inline]
fn rows3<'a, T: Sample>(p: &Plane<'a, T>, y: usize) -> (&'a [T], &'a [T], &'a [T]) {
    let h = p.height();
    let up = reflect101(y as isize - 1, h);
    let down = reflect101(y as isize + 1, h);
    (p.row(up), p.row(y), p.row(down))
}

#[inline(always)]
fn v<T: Sample>(s: T) -> i64 {
    i64::from(s.to_u32())
}

/// Variance of the Laplacian (see the module docs).
pub fn laplacian_variance<T: Sample>(p: &Plane<'_, T>) -> f64 {
    if core::mem::size_of::<T>() == 1 {
        return laplacian_variance_8(p);
    }
    laplacian_variance_wide(p)
}

/// [`laplacian_variance`] of an 8-bit plane: the interior columns of each row through the
/// dispatched kernel ([`kernels::laplacian_u8`]), the two reflected edge columns here.
// Not inlined: keeps the callers small enough for the optimiser to inline the rest (which
// `tests/no_panic` depends on).
#[inline(never)]
fn laplacian_variance_8<T: Sample>(p: &Plane<'_, T>) -> f64 {
    let w = p.width();
    let mut sum: i128 = 0;
    let mut sum_sq: i128 = 0;
    for y in 0..p.height() {
        let (u, c, d) = rows3(p, y);
        let (Some(u), Some(c), Some(d)) = (T::as_bytes(u), T::as_bytes(c), T::as_bytes(d)) else {
            continue;
        };
        let (Some(u), Some(c), Some(d)) = (u.get(..w), c.get(..w), d.get(..w)) else {
            continue;
        };
        if w == 0 {
            // Planes are at least one sample wide.
            continue;
        }
        let (mut s, mut ss) = kernels::laplacian_u8(u, c, d);
        let mut edge = |x: usize, l: usize, r: usize| {
            let (Some(&cl), Some(&cr), Some(&cx), Some(&ux), Some(&dx)) =
                (c.get(l), c.get(r), c.get(x), u.get(x), d.get(x))
            else {
                return;
            };
            let val =
                i64::from(cl) + i64::from(cr) + i64::from(ux) + i64::from(dx) - 4 * i64::from(cx);
            s += val;
            ss += val * val;
        };
        if w == 1 {
            edge(0, 0, 0);
        } else {
            edge(0, 1, 1);
            edge(w - 1, w - 2, w - 2);
        }
        sum += i128::from(s);
        sum_sq += i128::from(ss);
    }
    variance_exact(sum, sum_sq, p.len())
}

/// [`laplacian_variance`] with `i64` responses (any depth; the 8-bit path's oracle in tests).
pub(crate) fn laplacian_variance_wide<T: Sample>(p: &Plane<'_, T>) -> f64 {
    let w = p.width();
    let mut sum: i128 = 0;
    let mut sum_sq: i128 = 0;
    for y in 0..p.height() {
        let (u, c, d) = rows3(p, y);
        // Every row of a valid plane has `w` samples; saying so lets the optimiser drop the
        // bounds checks below (and the no-panic proof see there are none).
        let (Some(u), Some(c), Some(d)) = (u.get(..w), c.get(..w), d.get(..w)) else {
            continue;
        };
        if w == 0 {
            // Planes are at least one sample wide.
            continue;
        }
        let mut s: i64 = 0;
        let mut ss: i64 = 0;
        let mut lap = |x: usize, l: usize, r: usize| {
            let val = v(c[l]) + v(c[r]) + v(u[x]) + v(d[x]) - 4 * v(c[x]);
            s += val;
            ss += val * val;
        };
        if w == 1 {
            lap(0, 0, 0);
        } else {
            lap(0, 1, 1);
            for x in 1..w - 1 {
                lap(x, x - 1, x + 1);
            }
            lap(w - 1, w - 2, w - 2);
        }
        sum += i128::from(s);
        sum_sq += i128::from(ss);
    }
    variance_exact(sum, sum_sq, p.len())
}

/// Population variance from exact sums: `(n·Σx² − (Σx)²) / n²`.
pub(crate) fn variance_exact(sum: i128, sum_sq: i128, n: usize) -> f64 {
    let n = n as i128;
    let num = n * sum_sq - sum * sum;
    let num = if num < 0 { 0 } else { num };
    (num as f64) / ((n as f64) * (n as f64))
}

/// Tenengrad: mean squared Sobel gradient magnitude (see the module docs).
pub fn tenengrad<T: Sample>(p: &Plane<'_, T>) -> f64 {
    if core::mem::size_of::<T>() == 1 {
        let s = stencil::sums(p, true);
        return s.ten as f64 / p.len() as f64;
    }
    tenengrad_wide(p)
}

/// [`tenengrad`] with `i64` responses (any depth; the 8-bit path's oracle in tests).
pub(crate) fn tenengrad_wide<T: Sample>(p: &Plane<'_, T>) -> f64 {
    let w = p.width();
    let mut total: u128 = 0;
    for y in 0..p.height() {
        let (u, c, d) = rows3(p, y);
        let mut row: u64 = 0;
        for x in 0..w {
            let l = reflect101(x as isize - 1, w);
            let r = reflect101(x as isize + 1, w);
            let gx = (v(u[r]) - v(u[l])) + 2 * (v(c[r]) - v(c[l])) + (v(d[r]) - v(d[l]));
            let gy = (v(d[l]) - v(u[l])) + 2 * (v(d[x]) - v(u[x])) + (v(d[r]) - v(u[r]));
            row += (gx * gx + gy * gy) as u64;
        }
        total += u128::from(row);
    }
    total as f64 / p.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_and_tiny_planes_are_zero() {
        let a = [9u8; 12];
        assert_eq!(laplacian_variance(&Plane::packed(&a, 4, 3).unwrap()), 0.0);
        assert_eq!(laplacian_variance(&Plane::packed(&a, 1, 1).unwrap()), 0.0);
        assert_eq!(tenengrad(&Plane::packed(&a, 4, 3).unwrap()), 0.0);
        assert_eq!(tenengrad(&Plane::packed(&a, 1, 1).unwrap()), 0.0);
    }

    #[test]
    fn reflect101_matches_opencv() {
        assert_eq!(reflect101(-1, 5), 1);
        assert_eq!(reflect101(5, 5), 3);
        assert_eq!(reflect101(-1, 2), 1);
        assert_eq!(reflect101(2, 2), 0);
    }
}
