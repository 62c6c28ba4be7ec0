//! Frame metrics.
//!
//! Full-reference (two planes of the same size): [`mse`](mse::mse), [`psnr`](mse::psnr),
//! [`ssim`](ssim::ssim), [`ms_ssim`](ms_ssim::ms_ssim).
//! No-reference (one plane): [`sharpness`](sharpness::laplacian_variance),
//! [`tenengrad`](sharpness::tenengrad), [`exposure`](exposure::exposure),
//! [`rms_contrast`](contrast::rms_contrast), [`colorfulness`](colorfulness::colorfulness),
//! [`noise_sigma`](noise::noise_sigma), [`blockiness`](blockiness::blockiness),
//! [`Histogram`](histogram::Histogram) and [`entropy`](histogram::Histogram::entropy),
//! and [`frame_stats`] bundling the per-frame ones; [`rows::FrameStatsRows`] computes the same
//! statistics from a frame delivered row by row.
//!
//! ## Where `f64` is used (it is software-emulated on Cortex-M4F)
//! Per pixel, 8-bit [`frame_stats`] and the clip scorer's working-copy kernels
//! ([`crate::clip::working`]) run in integers only (`u8`/`i16`/`i32` tiles, `u64`/`i128` totals);
//! `f64` appears once per frame to turn the exact sums into statistics (a few divisions and
//! square roots, 256 `log2` for the entropy, the percentiles), and per grid cell (64) in `f32`.
//! Paths that are `f64` per pixel, so slow without a double-precision FPU: SSIM and MS-SSIM
//! (Gaussian windows in `f64`), 16-bit planes' per-metric loops, colourfulness, and RGB → luma
//! (`rgb_to_luma`, hence `ClipScorer::push_rgb`). The engagement formulas are `f64` throughout
//! (they are per item, not per pixel). Instruction counts measured under QEMU are in the
//! "On-device budgets" section of `docs/device.md`.

pub mod blockiness;
pub mod colorfulness;
pub mod contrast;
pub mod exposure;
pub mod grid;
pub mod histogram;
pub mod ms_ssim;
pub mod mse;
pub mod noise;
pub mod rows;
pub mod sharpness;
pub mod ssim;
pub(crate) mod stencil;
pub mod surface;

use crate::error::Error;
use crate::plane::{Plane, Sample};

/// The no-reference statistics of one luma plane, computed together.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct FrameStats {
    /// Variance of the Laplacian (see [`sharpness::laplacian_variance`]).
    pub sharpness: f64,
    /// Mean squared Sobel gradient (see [`sharpness::tenengrad`]).
    pub tenengrad: f64,
    /// Mean sample value, in code values.
    pub mean: f64,
    /// 10th percentile (FFmpeg `signalstats` YLOW), in code values.
    pub p10: f64,
    /// 90th percentile (FFmpeg `signalstats` YHIGH), in code values.
    pub p90: f64,
    /// Fraction of samples at or below [`exposure::BLACK_CLIP_FRACTION`] of full scale.
    pub black_fraction: f64,
    /// Fraction of samples at or above `1 −` [`exposure::WHITE_CLIP_FRACTION`] of full scale.
    pub white_fraction: f64,
    /// RMS contrast: population standard deviation over full scale, 0–0.5.
    pub rms_contrast: f64,
    /// Immerkær noise σ, in code values.
    pub noise_sigma: f64,
    /// 8×8 grid blockiness ratio (1 = no grid structure).
    pub blockiness: f64,
    /// Shannon entropy of the 256-bin histogram, bits.
    pub entropy: f64,
}

/// All no-reference statistics of `plane`. Noise needs at least 3×3 (it is 0 below);
/// everything else accepts 1×1.
///
/// 8-bit planes take one pass, row by row through the row engine ([`rows`]): each row's
/// histogram (which also gives the exact mean and variance, since every bin is one code value)
/// and its 3×3 stencil sums ([`stencil`]: sharpness, Tenengrad, noise and blockiness), so a
/// row is read while it is in cache. Results equal the per-metric functions exactly.
pub fn frame_stats<T: Sample>(plane: &Plane<'_, T>) -> Result<FrameStats, Error> {
    if core::mem::size_of::<T>() == 1 {
        let mut sums = rows::WholeSums::new();
        let (w, h) = plane.size();
        sums.begin(w, h, blockiness::BLOCK_SIZE, true);
        for y in 0..h {
            let u = T::as_bytes(plane.row(stencil::reflect101(y as isize - 1, h)));
            let c = T::as_bytes(plane.row(y));
            let d = T::as_bytes(plane.row(stencil::reflect101(y as isize + 1, h)));
            if let (Some(u), Some(c), Some(d)) = (u, c, d) {
                sums.row(u, c, d, y);
            }
        }
        return Ok(sums.finish());
    }
    let hist = histogram::Histogram::of(plane);
    let exp = exposure::exposure_from_histogram(&hist, plane.bits());
    Ok(FrameStats {
        sharpness: sharpness::laplacian_variance(plane),
        tenengrad: sharpness::tenengrad(plane),
        mean: contrast::mean(plane),
        p10: exp.p10,
        p90: exp.p90,
        black_fraction: exp.black_fraction,
        white_fraction: exp.white_fraction,
        rms_contrast: contrast::rms_contrast(plane),
        noise_sigma: noise::noise_sigma(plane),
        blockiness: blockiness::blockiness(plane),
        entropy: hist.entropy(),
    })
}

/// The 8-bit statistics from the histogram and the stencil sums of the row engine
/// ([`rows::FrameSums`]); `block` is the grid the step sums were split by.
pub(crate) fn stats_from_sums(
    hist: &histogram::Histogram,
    s: &stencil::Sums,
    (w, h): (usize, usize),
    bits: u32,
    block: usize,
) -> FrameStats {
    let n = w * h;
    let exp = exposure::exposure_from_histogram(hist, bits);
    let max = (1u32 << bits) - 1;
    let (sum, sum_sq) = hist
        .bins
        .iter()
        .enumerate()
        .fold((0i128, 0i128), |(a, b), (i, &c)| {
            let (i, c) = (i as i128, i128::from(c));
            (a + i * c, b + i * i * c)
        });
    FrameStats {
        sharpness: sharpness::variance_exact(s.lap, s.lap_sq, n),
        tenengrad: s.ten as f64 / n as f64,
        mean: sum as f64 / n as f64,
        p10: exp.p10,
        p90: exp.p90,
        black_fraction: exp.black_fraction,
        white_fraction: exp.white_fraction,
        rms_contrast: contrast::rms_from_sums(sum, sum_sq, n, max),
        noise_sigma: if w < 3 || h < 3 {
            0.0
        } else {
            noise::sigma_from_sum(s.noise, w, h)
        },
        blockiness: blockiness::ratio_sized(w, h, max, block, s.steps_boundary, s.steps_inner),
        entropy: hist.entropy(),
    }
}
