//! The frame metrics the bindings expose, as one table:
//! [`metrics_surface!`](crate::metrics_surface), the twin of the engagement table
//! ([`crate::engage::surface`]) for metrics of one plane or of a pair of planes.
//!
//! An entry reads
//!
//! ```text
//! /// Doc comment (shared by every binding).
//! fn mse(a, b) = mse::mse { c: reel_mse, c16: reel_mse16, py: mse, }
//! ```
//!
//! `(a, b)` is a full-reference metric of two planes of one size (the core function returns
//! `Result<f64>`), `(p)` a no-reference metric of one plane (`f64`, or the type after `->`,
//! e.g. `-> FrameStats`, C only); the path is the core function under [`crate::metrics`]. `c` names the C function over 8-bit `ReelPlane`s, `c16`
//! the one over 9–16-bit `ReelPlane16`s, `py` the Python function (`uint8` arrays, or `uint16`
//! with `bits=`). Constants follow as in the engagement table, with their module.

use crate::Error;
use crate::engage::surface::check_constant;

/// A metric's value as a `Result`: full-reference metrics can fail (planes of different
/// sizes), no-reference ones cannot.
pub trait MetricValue {
    /// The value's type.
    type Value;
    /// The value, or the metric's error.
    fn into_result(self) -> Result<Self::Value, Error>;
}

impl MetricValue for f64 {
    type Value = f64;
    fn into_result(self) -> Result<f64, Error> {
        Ok(self)
    }
}

impl MetricValue for super::exposure::Exposure {
    type Value = Self;
    fn into_result(self) -> Result<Self, Error> {
        Ok(self)
    }
}

impl<T> MetricValue for Result<T, Error> {
    type Value = T;
    fn into_result(self) -> Result<T, Error> {
        self
    }
}

/// The metrics table (see [the module doc](crate::metrics::surface)), expanded by a binding's
/// own `$then` macro: `$then! { metric [docs] [core fn path] (planes) out [type] c [..] c16 [..]
/// py [..] }`
/// per entry, `$then! { constant … }` per constant (as in
/// [`engage_surface!`](crate::engage_surface)), then one `$then! { all … }`.
#[macro_export]
macro_rules! metrics_surface {
    ($then:ident) => {
        $crate::metrics_surface! { @entries $then
            /// Mean squared error of two planes of the same size (and bit depth), in squared
            /// code values.
            fn mse(a, b) = mse::mse { c: reel_mse, c16: reel_mse16, py: mse, }

            /// PSNR in dB, capped at `6·bits + 12` (60 dB for 8-bit planes, libvmaf's cap;
            /// identical planes give the cap).
            fn psnr(a, b) = mse::psnr { c: reel_psnr, c16: reel_psnr16, py: psnr, }

            /// PSNR in dB without the cap (`+inf` for identical planes), as scikit-video
            /// reports it.
            fn psnr_uncapped(a, b) = mse::psnr_uncapped { c: reel_psnr_uncapped, py: psnr_uncapped, }

            /// Mean SSIM (11×11 Gaussian window, σ 1.5, K1 0.01, K2 0.03; `L = 2^bits − 1`) of
            /// two planes of at least 11×11: scikit-image's `structural_similarity(
            /// gaussian_weights=True, use_sample_covariance=False)`.
            fn ssim(a, b) = ssim::ssim { c: reel_ssim, c16: reel_ssim16, py: ssim, }

            /// Variance of the Laplacian (OpenCV `ksize=1`, reflect-101 borders), code
            /// values²: `cv2.Laplacian(img, cv2.CV_64F).var()`.
            fn sharpness(p) = sharpness::laplacian_variance { c: reel_sharpness, py: sharpness, }

            /// Tenengrad: mean of the squared 3×3 Sobel gradient magnitude `Gx² + Gy²`
            /// (reflect-101 borders), code values².
            fn tenengrad(p) = sharpness::tenengrad { c: reel_tenengrad, py: tenengrad, }

            /// RMS contrast: population standard deviation over full scale, in `[0, 0.5]`.
            fn rms_contrast(p) = contrast::rms_contrast { c: reel_rms_contrast, py: rms_contrast, }

            /// Immerkær (1996) noise σ over interior pixels, code values (0 below 3×3).
            fn noise_sigma(p) = noise::noise_sigma { c: reel_noise_sigma, py: noise_sigma, }

            /// 8×8 blockiness ratio: boundary steps over interior steps (1 = no block grid).
            fn blockiness(p) = blockiness::blockiness { c: reel_blockiness, py: blockiness, }

            /// Shannon entropy of the 256-bin histogram, bits (0–8).
            fn entropy(p) = histogram::entropy { c: reel_entropy, py: entropy, }

            /// All no-reference statistics of a plane (sharpness, Tenengrad, exposure, RMS
            /// contrast, noise σ, blockiness, entropy) in one call; for 9–16-bit planes the
            /// percentiles and the entropy come from the top 8 bits.
            fn frame_stats(p) -> FrameStats = frame_stats { c: reel_frame_stats, c16: reel_frame_stats16, }

            /// Exposure: mean, 10th/90th percentile (FFmpeg signalstats), clipped fractions.
            fn exposure(p) -> exposure::Exposure = exposure::exposure { c: reel_exposure, }

            constants {
                /// SSIM luminance constant K1.
                ssim::SSIM_K1: f64 = 0.01 => c REEL_SSIM_K1, py;
                /// SSIM contrast constant K2.
                ssim::SSIM_K2: f64 = 0.03 => c REEL_SSIM_K2, py;
                /// SSIM Gaussian window σ, pixels.
                ssim::SSIM_SIGMA: f64 = 1.5 => c REEL_SSIM_SIGMA, py;
                /// SSIM window side, pixels (planes must be at least this large).
                ssim::SSIM_WINDOW: usize = 11 => c REEL_SSIM_WINDOW, py;
                /// Smallest width and height MS-SSIM accepts.
                ms_ssim::MS_SSIM_MIN_SIZE: usize = 176 => c REEL_MS_SSIM_MIN_SIZE, py;
                /// PSNR cap for 8-bit planes, dB (libvmaf's).
                mse::PSNR_CAP_8BIT: f64 = 60.0 => c REEL_PSNR_CAP_8BIT, py;
                /// Histogram bins written by `reel_histogram`.
                histogram::HISTOGRAM_BINS: usize = 256 => c REEL_HISTOGRAM_BINS;
                /// Coding block size used by the blockiness metric.
                blockiness::BLOCK_SIZE: usize = 8 => c REEL_BLOCK_SIZE;
            }
        }
    };
    (@entries $then:ident $(
        $(#[doc = $doc:literal])*
        fn $name:ident($($plane:ident),+) $(-> $($out:ident)::+)? = $($f:ident)::+ {
            $(c: $c:ident,)? $(c16: $c16:ident,)? $(py: $py:ident,)?
        }
    )* constants {$(
        $(#[doc = $cdoc:literal])*
        $cmodule:ident::$cname:ident: $ty:ident = $value:literal => $(c $cc:ident)? $(, $cpy:ident)?;
    )*}) => {
        $($then! {
            metric [$(#[doc = $doc])*] [$crate::metrics::$($f)::+] ($($plane),+)
            out [$($crate::metrics::$($out)::+)?] c [$($c)?] c16 [$($c16)?] py [$($py)?]
        })*
        $($then! {
            constant [$(#[doc = $cdoc])*] [$crate::metrics::$cmodule] $cname [] $ty $value
            c [$($cc)?] py [$($cpy)?]
        })*
        $then! {
            all functions $([$($py)?] (planes $($plane),+))*
            constants $([$($cpy)?] [$crate::metrics::$cmodule] $cname $ty)*
        }
    };
}

crate::metrics_surface!(check_constant);
