"""Typical generation defects, injected into real footage to build test and demo take sets.

A clip is a list of YUV 4:2:0 frames ``(y, u, v)`` of uint8 arrays (full-range luma). Each
injector returns a new list, changing frames ``start..end`` (end exclusive) the way the defect
looks in generated video; strengths are realistic, not extreme.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Frame = tuple[np.ndarray, np.ndarray, np.ndarray]
Clip = list[Frame]

KINDS = (
    "flicker",
    "freeze",
    "static",
    "blur",
    "noise",
    "blockiness",
    "overexposed",
    "underexposed",
    "low_contrast",
    "shake",
    "color_shift",
)


def _u8(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)


def gaussian_blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur (reflect borders), float64 out."""
    r = int(3 * sigma + 0.5)
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    x = np.pad(img.astype(np.float64), r, mode="reflect")
    x = np.apply_along_axis(lambda v: np.convolve(v, k, mode="valid"), 0, x)
    return np.apply_along_axis(lambda v: np.convolve(v, k, mode="valid"), 1, x)


def _luma_only(clip: Clip, start: int, end: int, f: Callable[[np.ndarray, int], np.ndarray]) -> Clip:
    return [(f(y, i) if start <= i < end else y, u, v) for i, (y, u, v) in enumerate(clip)]


def inject(clip: Clip, kind: str, start: int, end: int, *, seed: int = 0) -> Clip:
    """``clip`` with the defect ``kind`` over frames ``start..end``."""
    rng = np.random.default_rng(seed)
    end = min(end, len(clip))
    if kind == "flicker":
        # Brightness pumping: +-10 code values frame to frame.
        return _luma_only(clip, start, end, lambda y, i: _u8(y.astype(np.float64) + (10 if i % 2 else -10)))
    if kind == "freeze":
        return [clip[start] if start <= i < end else f for i, f in enumerate(clip)]
    if kind == "static":
        return [clip[0] for _ in clip]
    if kind == "blur":
        return _luma_only(clip, start, end, lambda y, i: _u8(gaussian_blur(y, 2.5)))
    if kind == "noise":
        return _luma_only(clip, start, end, lambda y, i: _u8(y + rng.normal(0, 10, y.shape)))
    if kind == "blockiness":
        def blocks(y: np.ndarray, i: int) -> np.ndarray:
            h, w = y.shape[0] // 8 * 8, y.shape[1] // 8 * 8
            out = y.astype(np.float64)
            cells = out[:h, :w].reshape(h // 8, 8, w // 8, 8).mean(axis=(1, 3))
            out[:h, :w] = 0.25 * out[:h, :w] + 0.75 * np.repeat(np.repeat(cells, 8, 0), 8, 1)
            return _u8(out)
        return _luma_only(clip, start, end, blocks)
    if kind == "overexposed":
        return _luma_only(clip, start, end, lambda y, i: _u8(y.astype(np.float64) * 2.0 + 40))
    if kind == "underexposed":
        return _luma_only(clip, start, end, lambda y, i: _u8(y.astype(np.float64) * 0.2))
    if kind == "low_contrast":
        return _luma_only(clip, start, end, lambda y, i: _u8((y - y.mean()) * 0.12 + y.mean()))
    if kind == "shake":
        def shake(y: np.ndarray, i: int) -> np.ndarray:
            amp = max(3, y.shape[1] // 40)
            dx, dy = rng.integers(-amp, amp + 1, 2)
            return np.roll(np.roll(y, int(dx), axis=1), int(dy), axis=0)
        return _luma_only(clip, start, end, shake)
    if kind == "color_shift":
        # The subject's clothes change colour: the central region's chroma jumps and stays.
        out = []
        for i, (y, u, v) in enumerate(clip):
            if start <= i:
                h, w = u.shape
                u, v = u.copy(), v.copy()
                box = (slice(h // 4, 3 * h // 4), slice(w // 4, 3 * w // 4))
                u[box] = _u8(u[box].astype(np.float64) + 35)
                v[box] = _u8(v[box].astype(np.float64) - 30)
            out.append((y, u, v))
        return out
    raise ValueError(f"unknown defect kind {kind!r}; expected one of {KINDS}")


#: Sound defects :func:`inject_sound` makes (named like the verdict's defect kinds).
SOUND_KINDS = ("silence", "too_loud")


def master(sound: np.ndarray, drive: float = 10.0, ceiling: float = 0.9) -> np.ndarray:
    """A quiet mix made loud the way a soft limiter does: ``ceiling · tanh(drive · x)``.

    The trailer's 5.1 track (about -34 LUFS, peaks at -10.7 dBFS) comes out near -15.8 LUFS
    with its true peak near -1 dBTP: inside a -14 LUFS target's tolerance and clean.
    """
    return ceiling * np.tanh(drive * sound)


def inject_sound(sound: np.ndarray, rate: int, kind: str, start: float, end: float) -> np.ndarray:
    """``sound`` (``(samples, channels)`` float) with the defect ``kind`` over ``start..end``
    seconds: ``silence`` drops the sound out (a generator that lost the track), ``too_loud``
    over-drives the span (a mix pushed far past the platform's loudness target)."""
    out = np.array(sound, dtype=np.float64, copy=True)
    a, b = int(start * rate), int(end * rate)
    if kind == "silence":
        out[a:b] = 0.0
        return out
    if kind == "too_loud":
        out[a:b] = master(out[a:b], drive=4.0, ceiling=0.95)
        return out
    raise ValueError(f"unknown sound defect {kind!r}; choose one of {', '.join(SOUND_KINDS)}")
