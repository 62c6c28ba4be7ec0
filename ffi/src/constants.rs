//! Tuning constants for C. cbindgen only emits literal values, so each is written out here and
//! the test below asserts it equals the core's definition — the core stays the single source.

/// SSIM luminance constant K1.
pub const REEL_SSIM_K1: f64 = 0.01;
/// SSIM contrast constant K2.
pub const REEL_SSIM_K2: f64 = 0.03;
/// SSIM Gaussian window σ, pixels.
pub const REEL_SSIM_SIGMA: f64 = 1.5;
/// SSIM window side, pixels (planes must be at least this large).
pub const REEL_SSIM_WINDOW: usize = 11;
/// Smallest width and height MS-SSIM accepts.
pub const REEL_MS_SSIM_MIN_SIZE: usize = 176;
/// PSNR cap for 8-bit planes, dB (libvmaf's).
pub const REEL_PSNR_CAP_8BIT: f64 = 60.0;
/// Histogram bins written by `reel_histogram`.
pub const REEL_HISTOGRAM_BINS: usize = 256;
/// Coding block size used by the blockiness metric.
pub const REEL_BLOCK_SIZE: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;
    use reelscore::metrics::{blockiness, histogram, ms_ssim, mse, ssim};

    #[test]
    fn header_constants_equal_core() {
        assert_eq!(REEL_SSIM_K1, ssim::SSIM_K1);
        assert_eq!(REEL_SSIM_K2, ssim::SSIM_K2);
        assert_eq!(REEL_SSIM_SIGMA, ssim::SSIM_SIGMA);
        assert_eq!(REEL_SSIM_WINDOW, ssim::SSIM_WINDOW);
        assert_eq!(REEL_MS_SSIM_MIN_SIZE, ms_ssim::MS_SSIM_MIN_SIZE);
        assert_eq!(REEL_PSNR_CAP_8BIT, mse::PSNR_CAP_8BIT);
        assert_eq!(REEL_HISTOGRAM_BINS, histogram::HISTOGRAM_BINS);
        assert_eq!(REEL_BLOCK_SIZE, blockiness::BLOCK_SIZE);
    }
}
