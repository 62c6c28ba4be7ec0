//! # reelscore — the scoring core
//!
//! A small, fast, dependency-light core for scoring video clips and the engagement they earn:
//!
//! - [`plane`]: borrowed, validated image planes (8-bit and 9–16-bit), RGB and YUV 4:2:0 frames;
//! - [`color`]: RGB → luma (BT.601, BT.709) and limited → full range expansion;
//! - [`kernels`]: the per-pixel SIMD kernels behind the metrics, with run-time dispatch;
//! - [`metrics`]: full-reference (MSE, PSNR, SSIM, MS-SSIM) and no-reference frame metrics
//!   (sharpness, Tenengrad, exposure, contrast, colourfulness, noise, blockiness, entropy);
//! - [`engage`]: engagement math (confidence-aware rates, watch time, decay, pairwise ratings,
//!   ranking).
//!
//! The crate is `#![no_std]` and never allocates: state lives in fixed-size structs, scratch
//! memory is passed in by the caller, and every invalid input returns an [`Error`].
#![no_std]
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod audio;
pub mod clip;
pub mod color;
pub mod detect;
mod divide;
pub mod engage;
pub mod error;
// The SIMD kernels are the crate's only unsafe code (intrinsics), each block with a SAFETY note.
#[allow(unsafe_code)]
pub mod kernels;
pub mod metrics;
pub mod plane;
mod sort;

pub use error::{Error, Rule};
pub use plane::{Plane, PlaneMut, RgbImage, Sample, Yuv420};

/// The crate version, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
