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
//! All arithmetic is `f64`. The kernel is horizontal-first: each input row is widened once,
//! its products `a² + b²` and `ab` formed once (only `σa² + σb²` and `σab` enter the formula),
//! the four channels filtered with the symmetric window folded (`w_k·(x_k + x_{10−k})`), and kept
//! in a ring of the last 11 filtered rows from which the vertical filter gives each output row.
//! The filter and the per-pixel terms run in the dispatched SIMD [`kernels`] (the portable path
//! is this description, operation for operation; the FMA paths round within
//! [`kernels::FMA_REL_TOL`] of it).
//! Memory is a fixed ~28 KiB of stack (the frame is processed in vertical strips of [`STRIP`]
//! output columns), whatever the frame size. Results agree with the plain double loop to ~1e-13.

use super::grid::{Grid, ToF64};
use crate::error::Error;
use crate::kernels::{self, Means};
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
pub const STRIP: usize = 64;
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
    a.check_pair(b)?;
    a.check_min_size(SSIM_WINDOW)?;
    Ok(ssim_grid(
        Grid::from(a),
        Grid::from(b),
        f64::from(a.max_value()),
        Want::Ssim,
    )
    .ssim)
}

/// Mean SSIM and CS of two planes.
pub fn ssim_parts<T: Sample + ToF64>(
    a: &Plane<'_, T>,
    b: &Plane<'_, T>,
) -> Result<SsimParts, Error> {
    a.check_pair(b)?;
    a.check_min_size(SSIM_WINDOW)?;
    Ok(ssim_grid(
        Grid::from(a),
        Grid::from(b),
        f64::from(a.max_value()),
        Want::Both,
    ))
}

/// Which per-pixel terms a pass sums (the other field of [`SsimParts`] is then 0).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// SSIM only (one division per pixel).
    Ssim,
    /// CS only (one division per pixel).
    Cs,
    /// Both.
    Both,
}

/// SSIM on two grids already checked to be equal-sized and at least 11×11.
pub(crate) fn ssim_grid<S: ToF64>(
    a: Grid<'_, S>,
    b: Grid<'_, S>,
    data_range: f64,
    want: Want,
) -> SsimParts {
    match want {
        Want::Ssim => ssim_grid_impl::<S, true, false>(a, b, data_range),
        Want::Cs => ssim_grid_impl::<S, false, true>(a, b, data_range),
        Want::Both => ssim_grid_impl::<S, true, true>(a, b, data_range),
    }
}

/// Channels filtered per pixel: `a`, `b`, `a² + b²`, `a·b` (SSIM only needs `σa² + σb²`).
const CHANNELS: usize = 4;

/// Sum of a slice with four independent accumulators (so it vectorises).
#[inline(always)]
fn sum4(v: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let chunks = v.chunks_exact(4);
    let rest = chunks.remainder();
    for ch in chunks {
        for (a, x) in acc.iter_mut().zip(ch) {
            *a += x;
        }
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for x in rest {
        s += x;
    }
    s
}

/// The strip kernel: horizontal-first. Each input row is widened to `f64` once, its products
/// formed once, and the four channels filtered horizontally into a ring of the last 11 rows;
/// once 11 rows are in, the vertical filter over the ring gives one output row.
#[inline(always)]
fn ssim_grid_impl<S: ToF64, const SSIM: bool, const CS: bool>(
    a: Grid<'_, S>,
    b: Grid<'_, S>,
    data_range: f64,
) -> SsimParts {
    let w = gaussian_window();
    let c1 = (SSIM_K1 * data_range) * (SSIM_K1 * data_range);
    let c2 = (SSIM_K2 * data_range) * (SSIM_K2 * data_range);
    let out_w = a.width - (SSIM_WINDOW - 1);
    let out_h = a.height - (SSIM_WINDOW - 1);

    // One input row of the strip: a, b, a² + b², ab.
    let mut row = [[0.0f64; SPAN]; CHANNELS];
    // Horizontally filtered rows, ring-indexed by input row modulo 11.
    let mut ring = [[[0.0f64; STRIP]; SSIM_WINDOW]; CHANNELS];
    // Vertically filtered (final local means) for the current output row.
    let mut mean = [[0.0f64; STRIP]; CHANNELS];
    let mut terms = [[0.0f64; STRIP]; 2];

    let mut sum_ssim = 0.0;
    let mut sum_cs = 0.0;
    let mut x0 = 0;
    while x0 < out_w {
        let sw = STRIP.min(out_w - x0);
        let iw = sw + SSIM_WINDOW - 1;
        for y in 0..a.height {
            // In bounds (`x0 + iw ≤ width`); `get` spares the panic path.
            let (Some(ra), Some(rb)) = (a.row(y).get(x0..x0 + iw), b.row(y).get(x0..x0 + iw))
            else {
                continue;
            };
            let [fa, fb, fs, fp] = &mut row;
            let (fa, fb, fs, fp) = (&mut fa[..iw], &mut fb[..iw], &mut fs[..iw], &mut fp[..iw]);
            S::widen(ra, fa);
            S::widen(rb, fb);
            kernels::products(fa, fb, fs, fp);
            let slot = y % SSIM_WINDOW;
            for (src, ring_ch) in row.iter().zip(ring.iter_mut()) {
                let src = &src[..iw];
                let taps: [&[f64]; SSIM_WINDOW] = core::array::from_fn(|k| &src[k..k + sw]);
                kernels::filter11(&taps, &w, &mut ring_ch[slot][..sw]);
            }
            if y + 1 < SSIM_WINDOW {
                continue;
            }
            let first = y + 1 - SSIM_WINDOW;
            for (ring_ch, out) in ring.iter().zip(mean.iter_mut()) {
                let taps: [&[f64]; SSIM_WINDOW] =
                    core::array::from_fn(|k| &ring_ch[(first + k) % SSIM_WINDOW][..sw]);
                kernels::filter11(&taps, &w, &mut out[..sw]);
            }
            let [ma, mb, ms, mp] = &mean;
            let means = Means {
                a: &ma[..sw],
                b: &mb[..sw],
                sq: &ms[..sw],
                ab: &mp[..sw],
            };
            let [ts, tc] = &mut terms;
            let (ts, tc) = (&mut ts[..sw], &mut tc[..sw]);
            kernels::ssim_terms(
                &means,
                (c1, c2),
                if SSIM { Some(&mut *ts) } else { None },
                if CS { Some(&mut *tc) } else { None },
            );
            if SSIM {
                sum_ssim += sum4(ts);
            }
            if CS {
                sum_cs += sum4(tc);
            }
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
