//! SSIM — structural similarity (Wang, Bovik, Sheikh & Simoncelli, IEEE TIP 2004).
//!
//! Local statistics use an 11×11 Gaussian window (σ = [`SSIM_SIGMA`] = 1.5, weights
//! `exp(−x²/2σ²)` normalised to sum 1, separable); with `L = 2^bits − 1`,
//! `C1 = (K1·L)²`, `C2 = (K2·L)²` (K1 = 0.01, K2 = 0.03):
//!
//! `SSIM(x) = (2μaμb + C1)(2σab + C2) / ((μa² + μb² + C1)(σa² + σb² + C2))`,
//! `CS(x) = (2σab + C2) / (σa² + σb² + C2)`,
//!
//! with population (not sample) covariances, averaged over every position where the window
//! fits inside the frame (the `(W−10)×(H−10)` "valid" region). This is exactly scikit-image's
//! `structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
//! data_range=L)`, whose mean crops the 5-pixel border, so no padding convention enters.
//!
//! Range: [−1, 1]; identical planes give exactly 1. Planes smaller than 11×11 are an error.
//! All arithmetic is `f64`; memory is a fixed ~6 KiB of stack (the frame is processed in
//! vertical strips of [`STRIP`] output columns), whatever the frame size.

use super::grid::{Grid, ToF64};
use crate::error::Error;
use crate::plane::{Plane, Sample};

/// Luminance stabiliser constant K1.
pub const SSIM_K1: f64 = 0.01;
/// Contrast stabiliser constant K2.
pub const SSIM_K2: f64 = 0.03;
/// Gaussian window standard deviation, pixels.
pub const SSIM_SIGMA: f64 = 1.5;
/// Gaussian window side, pixels (radius 5 = `int(3.5·σ + 0.5)`, scikit-image's truncation).
pub const SSIM_WINDOW: usize = 11;
const RADIUS: usize = SSIM_WINDOW / 2;
/// Output columns processed per strip (bounds the stack buffers).
pub const STRIP: usize = 128;
const SPAN: usize = STRIP + SSIM_WINDOW - 1;

/// Mean SSIM and mean contrast-structure term over the valid region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SsimParts {
    /// Mean SSIM.
    pub ssim: f64,
    /// Mean CS (the SSIM formula without the luminance factor), used by MS-SSIM.
    pub cs: f64,
}

/// The normalised 1-D Gaussian window.
pub fn gaussian_window() -> [f64; SSIM_WINDOW] {
    let mut w = [0.0; SSIM_WINDOW];
    let mut sum = 0.0;
    for (i, v) in w.iter_mut().enumerate() {
        let x = i as f64 - RADIUS as f64;
        *v = libm::exp(-0.5 * x * x / (SSIM_SIGMA * SSIM_SIGMA));
        sum += *v;
    }
    for v in w.iter_mut() {
        *v /= sum;
    }
    w
}

/// Mean SSIM of two planes of the same size and bit depth (see the module docs).
pub fn ssim<T: Sample + ToF64>(a: &Plane<'_, T>, b: &Plane<'_, T>) -> Result<f64, Error> {
    Ok(ssim_parts(a, b)?.ssim)
}

/// Mean SSIM and CS of two planes.
pub fn ssim_parts<T: Sample + ToF64>(a: &Plane<'_, T>, b: &Plane<'_, T>) -> Result<SsimParts, Error> {
    a.check_pair(b)?;
    a.check_min_size(SSIM_WINDOW)?;
    Ok(ssim_grid(Grid::from(a), Grid::from(b), f64::from(a.max_value())))
}

/// SSIM on two grids already checked to be equal-sized and at least 11×11.
pub(crate) fn ssim_grid<S: ToF64>(a: Grid<'_, S>, b: Grid<'_, S>, data_range: f64) -> SsimParts {
    let w = gaussian_window();
    let c1 = (SSIM_K1 * data_range) * (SSIM_K1 * data_range);
    let c2 = (SSIM_K2 * data_range) * (SSIM_K2 * data_range);
    let out_w = a.width - (SSIM_WINDOW - 1);
    let out_h = a.height - (SSIM_WINDOW - 1);

    // Vertical sums of a, b, a², b², ab for one output row of one strip (SPAN input columns).
    let mut va = [0.0f64; SPAN];
    let mut vb = [0.0f64; SPAN];
    let mut vaa = [0.0f64; SPAN];
    let mut vbb = [0.0f64; SPAN];
    let mut vab = [0.0f64; SPAN];
    // Horizontal results for the strip's output columns.
    let mut ma = [0.0f64; STRIP];
    let mut mb = [0.0f64; STRIP];
    let mut maa = [0.0f64; STRIP];
    let mut mbb = [0.0f64; STRIP];
    let mut mab = [0.0f64; STRIP];

    let mut sum_ssim = 0.0;
    let mut sum_cs = 0.0;
    let mut x0 = 0;
    while x0 < out_w {
        let sw = STRIP.min(out_w - x0);
        let iw = sw + SSIM_WINDOW - 1;
        for oy in 0..out_h {
            let (va, vb, vaa, vbb, vab) = (
                &mut va[..iw],
                &mut vb[..iw],
                &mut vaa[..iw],
                &mut vbb[..iw],
                &mut vab[..iw],
            );
            va.fill(0.0);
            vb.fill(0.0);
            vaa.fill(0.0);
            vbb.fill(0.0);
            vab.fill(0.0);
            for (k, &wk) in w.iter().enumerate() {
                let ra = &a.row(oy + k)[x0..x0 + iw];
                let rb = &b.row(oy + k)[x0..x0 + iw];
                for c in 0..iw {
                    let p = ra[c].f();
                    let q = rb[c].f();
                    let wp = wk * p;
                    let wq = wk * q;
                    va[c] += wp;
                    vb[c] += wq;
                    vaa[c] += wp * p;
                    vbb[c] += wq * q;
                    vab[c] += wp * q;
                }
            }
            let (ma, mb, maa, mbb, mab) = (
                &mut ma[..sw],
                &mut mb[..sw],
                &mut maa[..sw],
                &mut mbb[..sw],
                &mut mab[..sw],
            );
            ma.fill(0.0);
            mb.fill(0.0);
            maa.fill(0.0);
            mbb.fill(0.0);
            mab.fill(0.0);
            for (k, &wk) in w.iter().enumerate() {
                let (sa, sb) = (&va[k..k + sw], &vb[k..k + sw]);
                let (saa, sbb, sab) = (&vaa[k..k + sw], &vbb[k..k + sw], &vab[k..k + sw]);
                for c in 0..sw {
                    ma[c] += wk * sa[c];
                    mb[c] += wk * sb[c];
                    maa[c] += wk * saa[c];
                    mbb[c] += wk * sbb[c];
                    mab[c] += wk * sab[c];
                }
            }
            let mut row_ssim = 0.0;
            let mut row_cs = 0.0;
            for c in 0..sw {
                let (mu_a, mu_b) = (ma[c], mb[c]);
                let var_a = maa[c] - mu_a * mu_a;
                let var_b = mbb[c] - mu_b * mu_b;
                let cov = mab[c] - mu_a * mu_b;
                let cs = (2.0 * cov + c2) / (var_a + var_b + c2);
                let lum = (2.0 * mu_a * mu_b + c1) / (mu_a * mu_a + mu_b * mu_b + c1);
                row_ssim += lum * cs;
                row_cs += cs;
            }
            sum_ssim += row_ssim;
            sum_cs += row_cs;
        }
        x0 += sw;
    }
    let n = (out_w * out_h) as f64;
    SsimParts {
        ssim: sum_ssim / n,
        cs: sum_cs / n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_is_one() {
        let mut a = [0u8; 400];
        for (i, v) in a.iter_mut().enumerate() {
            *v = (i * 37 % 251) as u8;
        }
        let p = Plane::packed(&a, 20, 20).unwrap();
        let s = ssim(&p, &p).unwrap();
        assert!((s - 1.0).abs() < 1e-12, "{s}");
    }

    #[test]
    fn too_small_is_an_error() {
        let a = [0u8; 100];
        let p = Plane::packed(&a, 10, 10).unwrap();
        assert!(matches!(ssim(&p, &p), Err(Error::TooSmall { min: 11, .. })));
    }

    #[test]
    fn window_is_normalised_and_symmetric() {
        let w = gaussian_window();
        let s: f64 = w.iter().sum();
        assert!((s - 1.0).abs() < 1e-15);
        for i in 0..SSIM_WINDOW {
            assert_eq!(w[i], w[SSIM_WINDOW - 1 - i]);
        }
    }
}
