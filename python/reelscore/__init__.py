"""reelscore: score video clips and the engagement they earn.

Frame metrics take numpy arrays: ``(H, W)`` uint8 luma (or uint16 with ``bits=``), and
``(H, W, 3)`` uint8 RGB. Arrays are borrowed without copying and the GIL is released while the
Rust core works. Every invalid input raises :class:`ReelscoreError` (a ``ValueError``) or
``TypeError`` for the wrong kind of array, with a message naming the shapes and values.
"""

from reelscore._native import (
    MS_SSIM_MIN_SIZE,
    MS_SSIM_WEIGHTS,
    PSNR_CAP_8BIT,
    SSIM_K1,
    SSIM_K2,
    SSIM_SIGMA,
    SSIM_WINDOW,
    ReelscoreError,
    __version__,
    blockiness,
    colorfulness,
    entropy,
    expand_limited_range,
    exposure,
    frame_stats,
    histogram,
    ms_ssim,
    mse,
    noise_sigma,
    psnr,
    psnr_uncapped,
    rgb_to_luma,
    rms_contrast,
    sharpness,
    ssim,
    tenengrad,
)

__all__ = [
    "MS_SSIM_MIN_SIZE",
    "MS_SSIM_WEIGHTS",
    "PSNR_CAP_8BIT",
    "SSIM_K1",
    "SSIM_K2",
    "SSIM_SIGMA",
    "SSIM_WINDOW",
    "ReelscoreError",
    "__version__",
    "blockiness",
    "colorfulness",
    "entropy",
    "expand_limited_range",
    "exposure",
    "frame_stats",
    "histogram",
    "ms_ssim",
    "mse",
    "noise_sigma",
    "psnr",
    "psnr_uncapped",
    "rgb_to_luma",
    "rms_contrast",
    "sharpness",
    "ssim",
    "tenengrad",
]
