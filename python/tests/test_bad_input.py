"""Bad input gets a clear error naming what is wrong, never a crash or a silent NaN."""

from __future__ import annotations

import numpy as np
import pytest

import reelscore
from reelscore import ReelscoreError

A = np.zeros((20, 30), np.uint8)


def test_error_is_a_value_error():
    assert issubclass(ReelscoreError, ValueError)


def test_mismatched_sizes_name_both_shapes():
    with pytest.raises(ReelscoreError, match=r"a shape \[20, 30\] uint8, b shape \[20, 29\] uint8"):
        reelscore.ssim(A, A[:, :29].copy())


@pytest.mark.parametrize("shape", [(0, 5), (5, 0), (0, 0)])
def test_empty_planes(shape):
    with pytest.raises(ReelscoreError, match="empty"):
        reelscore.sharpness(np.zeros(shape, np.uint8))


def test_rgb_functions_say_what_shape_and_dtype_they_want():
    grey = np.zeros((8, 8), np.uint8)
    for f in (reelscore.colorfulness, reelscore.rgb_to_luma):
        with pytest.raises(TypeError, match=r"image must be a \(height, width, 3\) uint8 RGB array, got shape \[8, 8\] uint8$"):
            f(grey)
        with pytest.raises(TypeError, match=r"got shape \[8, 8, 4\] uint8$"):
            f(np.zeros((8, 8, 4), np.uint8))
        # Float frames in [0, 1] get the conversion.
        with pytest.raises(TypeError, match=r"float32; for float frames in \[0, 1\] use \(frame \* 255\)"):
            f(np.zeros((8, 8, 3), np.float32))
        with pytest.raises(TypeError, match="RGB array, got a list$"):
            f([[[1, 2, 3]]])
    # The hint follows its own advice: the converted frame is accepted.
    frame = np.full((8, 8, 3), 0.5, np.float32)
    assert reelscore.colorfulness((frame * 255).round().astype(np.uint8)) == 0.0
    with pytest.raises(TypeError, match=r"float64; for float frames in \[0, 1\]"):
        reelscore.sharpness(np.zeros((8, 8)))


def test_wrong_dtype_and_ndim_are_type_errors():
    with pytest.raises(TypeError, match="dtype uint8 or uint16, got shape \\[20, 30\\] float64"):
        reelscore.psnr(A.astype(np.float64), A.astype(np.float64))
    with pytest.raises(TypeError, match="2-D"):
        reelscore.sharpness(np.zeros((2, 3, 4), np.uint8))
    with pytest.raises(TypeError, match="numpy array"):
        reelscore.sharpness([[1, 2], [3, 4]])


def test_non_contiguous_rows_are_refused():
    with pytest.raises(TypeError, match="rows must be contiguous"):
        reelscore.sharpness(A[:, ::2])
    with pytest.raises(TypeError, match="rows must be contiguous"):
        reelscore.sharpness(np.asfortranarray(A))


def test_row_padded_views_are_borrowed_not_refused():
    big = np.arange(40 * 50, dtype=np.uint32).astype(np.uint8).reshape(40, 50)
    view = big[5:25, 3:33]
    assert reelscore.sharpness(view) == reelscore.sharpness(np.ascontiguousarray(view))


def test_misaligned_samples_are_refused():
    # A uint16 view one byte into a buffer: numpy allows it, a Rust slice may not point there.
    odd = np.frombuffer(bytearray(2 * 64 + 1), dtype=np.uint16, offset=1, count=64).reshape(8, 8)
    assert not odd.flags["ALIGNED"]
    with pytest.raises(TypeError, match="not aligned"):
        reelscore.sharpness(odd, bits=10)
    assert reelscore.sharpness(odd.copy(), bits=10) == 0.0


def _misaligned(dtype, shape):
    """An array one byte into a buffer: numpy flags it unaligned."""
    dtype = np.dtype(dtype)
    n = int(np.prod(shape))
    a = np.frombuffer(bytearray(dtype.itemsize * n + 1), dtype=dtype, offset=1, count=n).reshape(shape)
    assert not a.flags["ALIGNED"]
    return a


def test_misaligned_float_arrays_are_refused_before_they_are_read():
    # rust-numpy would view these through misaligned pointers; every array argument refuses
    # them by name, and the aligned copy of the same values is accepted.
    emb = _misaligned(np.float32, (4, 8))
    with pytest.raises(TypeError, match="embeddings: samples are not aligned"):
        reelscore.subject_consistency(emb)
    emb[...] = 1.0
    assert reelscore.subject_consistency(emb.copy()) == pytest.approx(1.0)
    ratings = _misaligned(np.float64, (3,))
    games = np.array([0], np.int64), np.array([1], np.int64), np.array([1.0])
    with pytest.raises(TypeError, match="ratings: samples are not aligned"):
        reelscore._native.elo_replay(ratings, *games, k=32.0)
    ratings[...] = 1500.0
    after = reelscore._native.elo_replay(ratings.copy(), *games, k=32.0)
    assert after.tolist() == [1516.0, 1484.0, 1500.0]  # equal ratings: the winner gains K/2
    scorer = reelscore.AudioScorer(48000, 1)
    with pytest.raises(TypeError, match="samples: samples are not aligned"):
        scorer.push(_misaligned(np.float64, (480,)))
    with pytest.raises(TypeError, match="samples: samples are not aligned"):
        scorer.push(_misaligned(np.float32, (480,))[::2])


def test_mixed_dtypes_and_bits():
    with pytest.raises(ReelscoreError, match="same dtype"):
        reelscore.mse(A, A.astype(np.uint16), bits=8)
    with pytest.raises(ReelscoreError, match="pass bits="):
        reelscore.sharpness(A.astype(np.uint16))
    with pytest.raises(ReelscoreError, match="exceeds the 10-bit maximum"):
        reelscore.sharpness(np.full((4, 4), 1024, np.uint16), bits=10)
    with pytest.raises(ReelscoreError, match="unsupported bit depth 20"):
        reelscore.sharpness(np.zeros((4, 4), np.uint16), bits=20)
    with pytest.raises(ReelscoreError, match="uint8 is 8-bit"):
        reelscore.sharpness(A, bits=10)


def test_windows_and_options():
    with pytest.raises(ReelscoreError, match="10x30 is smaller than the 11x11 window"):
        reelscore.ssim(np.zeros((30, 10), np.uint8), np.zeros((30, 10), np.uint8))
    with pytest.raises(ReelscoreError, match="176x176"):
        reelscore.ms_ssim(A, A)
    with pytest.raises(ReelscoreError, match="convention"):
        reelscore.ms_ssim(A, A, convention="tf")
    with pytest.raises(ReelscoreError, match="matrix"):
        reelscore.rgb_to_luma(np.zeros((2, 2, 3), np.uint8), matrix="bt2020")
    with pytest.raises(TypeError, match="height, width, 3"):
        reelscore.colorfulness(np.zeros((2, 2, 4), np.uint8))


def test_options_are_keyword_only_and_arrays_positional_only():
    with pytest.raises(TypeError):
        reelscore.ssim(a=A, b=A)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        reelscore.ms_ssim(A, A, "skvideo")  # type: ignore[misc]


def test_identical_planes_are_finite():
    assert reelscore.psnr(A, A) == reelscore.PSNR_CAP_8BIT
    assert reelscore.psnr_uncapped(A, A) == float("inf")
    assert reelscore.ssim(A, A) == 1.0
