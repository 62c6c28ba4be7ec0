"""Type stubs for the compiled extension ``reelscore._native``."""

from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = [
    "MS_SSIM_MIN_SIZE",
    "MS_SSIM_WEIGHTS",
    "PSNR_CAP_8BIT",
    "ReelscoreError",
    "SSIM_K1",
    "SSIM_K2",
    "SSIM_SIGMA",
    "SSIM_WINDOW",
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

__version__: str
PSNR_CAP_8BIT: float
SSIM_K1: float
SSIM_K2: float
SSIM_SIGMA: float
SSIM_WINDOW: int
MS_SSIM_WEIGHTS: list[float]
MS_SSIM_MIN_SIZE: int

_Gray: TypeAlias = npt.NDArray[np.uint8] | npt.NDArray[np.uint16]
_Rgb: TypeAlias = npt.NDArray[np.uint8]

class ReelscoreError(ValueError):
    """Invalid input to reelscore: sizes, values or state."""

def mse(a: _Gray, b: _Gray, /, *, bits: int | None = None) -> float: ...
def psnr(a: _Gray, b: _Gray, /, *, bits: int | None = None) -> float: ...
def psnr_uncapped(a: _Gray, b: _Gray, /, *, bits: int | None = None) -> float: ...
def ssim(a: _Gray, b: _Gray, /, *, bits: int | None = None) -> float: ...
def ms_ssim(
    a: _Gray, b: _Gray, /, *, convention: Literal["standard", "skvideo"] = "standard", bits: int | None = None
) -> float: ...
def frame_stats(a: _Gray, /, *, bits: int | None = None) -> dict[str, float]: ...
def sharpness(a: _Gray, /, *, bits: int | None = None) -> float: ...
def tenengrad(a: _Gray, /, *, bits: int | None = None) -> float: ...
def rms_contrast(a: _Gray, /, *, bits: int | None = None) -> float: ...
def noise_sigma(a: _Gray, /, *, bits: int | None = None) -> float: ...
def blockiness(a: _Gray, /, *, bits: int | None = None) -> float: ...
def entropy(a: _Gray, /, *, bits: int | None = None) -> float: ...
def exposure(a: _Gray, /, *, bits: int | None = None) -> dict[str, float]: ...
def histogram(a: _Gray, /, *, bits: int | None = None) -> npt.NDArray[np.uint64]: ...
def colorfulness(image: _Rgb, /) -> float: ...
def rgb_to_luma(image: _Rgb, /, *, matrix: Literal["bt601", "bt709"] = "bt601") -> npt.NDArray[np.uint8]: ...
def expand_limited_range(a: npt.NDArray[np.uint8], /) -> npt.NDArray[np.uint8]: ...
