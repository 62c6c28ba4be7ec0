//! Mean squared error and PSNR.
//!
//! `MSE = (1/N) Σ (a − b)²` over the visible samples, summed exactly in integers.
//! `PSNR = 10 · log10(MAX² / MSE)` dB with `MAX = 2^bits − 1`, capped at
//! [`psnr_cap`]`(bits) = 6·bits + 12` dB (60 dB at 8 bits), the cap libvmaf applies; identical
//! planes (MSE = 0) give exactly the cap. Range: [0, cap].
//! [`psnr_uncapped`] returns the plain formula (+∞ for identical planes), which is what
//! scikit-video's `skvideo.measure.psnr` reports.

use crate::error::Error;
use crate::kernels;
use crate::plane::{Plane, Sample};

/// PSNR cap in dB for `bits`-bit samples: `6·bits + 12` (libvmaf's `psnr_max`).
pub const fn psnr_cap(bits: u32) -> f64 {
    (6 * bits + 12) as f64
}

/// PSNR cap for 8-bit planes, dB.
pub const PSNR_CAP_8BIT: f64 = psnr_cap(8);

/// Exact sum of squared differences. 8-bit rows go through the dispatched
/// [`kernels`](crate::kernels) (exact on every path); deeper samples through an `i64` loop.
pub fn sse<T: Sample>(a: &Plane<'_, T>, b: &Plane<'_, T>) -> Result<u128, Error> {
    a.check_pair(b)?;
    let mut total: u128 = 0;
    for y in 0..a.height() {
        let (ra, rb) = (a.row(y), b.row(y));
        let row = match (T::as_bytes(ra), T::as_bytes(rb)) {
            (Some(ra), Some(rb)) => kernels::sse_u8(ra, rb),
            _ => sse_row_wide(ra, rb),
        };
        total += u128::from(row);
    }
    Ok(total)
}

/// One row's SSE with `i64` differences (any depth; the 8-bit kernels' oracle in tests).
fn sse_row_wide<T: Sample>(a: &[T], b: &[T]) -> u64 {
    let mut row: u64 = 0;
    for (x, z) in a.iter().zip(b) {
        let d = i64::from(x.to_u32()) - i64::from(z.to_u32());
        row += (d * d) as u64;
    }
    row
}

/// Mean squared error in squared code values. Errors on mismatched size or bit depth.
pub fn mse<T: Sample>(a: &Plane<'_, T>, b: &Plane<'_, T>) -> Result<f64, Error> {
    let s = sse(a, b)?;
    Ok(s as f64 / a.len() as f64)
}

/// PSNR in dB, capped at [`psnr_cap`] (see the module docs).
pub fn psnr<T: Sample>(a: &Plane<'_, T>, b: &Plane<'_, T>) -> Result<f64, Error> {
    let cap = psnr_cap(a.bits());
    let p = psnr_uncapped(a, b)?;
    Ok(if p > cap { cap } else { p })
}

/// PSNR in dB without a cap: `+∞` for identical planes.
pub fn psnr_uncapped<T: Sample>(a: &Plane<'_, T>, b: &Plane<'_, T>) -> Result<f64, Error> {
    let m = mse(a, b)?;
    let max = f64::from(a.max_value());
    if m == 0.0 {
        return Ok(f64::INFINITY);
    }
    Ok(10.0 * libm::log10(max * max / m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_planes_hit_the_cap() {
        let a = [7u8; 16];
        let p = Plane::packed(&a, 4, 4).unwrap();
        assert_eq!(psnr(&p, &p).unwrap(), 60.0);
        assert_eq!(mse(&p, &p).unwrap(), 0.0);
    }

    #[test]
    fn one_code_everywhere() {
        // MSE 1 → PSNR = 20·log10(255) = 48.1308... dB.
        let a = [10u8; 4];
        let b = [11u8; 4];
        let (pa, pb) = (
            Plane::packed(&a, 2, 2).unwrap(),
            Plane::packed(&b, 2, 2).unwrap(),
        );
        let want = 20.0 * libm::log10(255.0);
        assert!((psnr(&pa, &pb).unwrap() - want).abs() < 1e-12);
    }

    /// The dispatched 8-bit kernel equals the `i64` loop on every length around the block sizes
    /// and on extreme differences (0 vs 255 everywhere).
    #[test]
    fn narrow_rows_equal_wide_rows() {
        let mut s = 0x2545_f491_4f6c_dd1du64;
        let mut a = [0u8; 300];
        let mut b = [0u8; 300];
        for (x, z) in a.iter_mut().zip(b.iter_mut()) {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (*x, *z) = ((s >> 56) as u8, (s >> 48) as u8);
        }
        for n in 0..a.len() {
            assert_eq!(
                kernels::sse_u8(&a[..n], &b[..n]),
                sse_row_wide(&a[..n], &b[..n])
            );
        }
        let (lo, hi) = ([0u8; 300], [255u8; 300]);
        assert_eq!(kernels::sse_u8(&lo, &hi), 300 * 255 * 255);
        assert_eq!(kernels::sse_u8(&hi, &lo), 300 * 255 * 255);
    }

    #[test]
    fn mismatch_is_an_error() {
        let a = [0u8; 6];
        let pa = Plane::packed(&a, 3, 2).unwrap();
        let pb = Plane::packed(&a, 2, 3).unwrap();
        assert!(matches!(mse(&pa, &pb), Err(Error::SizeMismatch { .. })));
    }
}
