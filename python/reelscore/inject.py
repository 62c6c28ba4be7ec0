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
    if kind in ARTEFACTS:
        return inject_artefact(clip, kind, start, end, seed=seed)
    raise ValueError(f"unknown defect kind {kind!r}; expected one of {KINDS + ARTEFACTS}")


#: Generative artefacts :func:`inject_artefact` makes (named like the verdict's defect kinds).
ARTEFACTS = ("boiling", "popping")


def _band_noise(rng: np.random.Generator, shape: tuple[int, int], sigma: float) -> np.ndarray:
    """Unit-variance Gaussian noise low-passed at ``sigma`` px: blobs of about that size."""
    n = gaussian_blur(rng.normal(0.0, 1.0, shape), sigma)
    return n / max(float(n.std()), 1e-9)


def inject_artefact(clip: Clip, kind: str, start: int, end: int, *, seed: int = 0, strength: float = 1.0,
                    box: tuple[float, float, float, float] | None = None) -> Clip:
    """``clip`` with a generative artefact over frames ``start..end`` inside ``box``
    (``x0, y0, x1, y1`` as shares of the frame).

    - ``boiling``: the box's detail (the frame less its blur at the blob scale) is re-drawn
      every frame as band-limited noise of ``strength`` × the detail's own spread, over the
      kept coarse picture — texture that shimmers in place instead of moving. The blob scale
      is 1/100 of the short side (at least 1.5 px): the mid frequencies a viewer sees crawl.
    - ``popping``: a patch of the first frame (the same size as the box, from its opposite
      corner) appears in the box for frames ``start..end`` and vanishes after, with
      ``strength`` as its opacity.

    The box defaults to the central 40 % × 40 % for boiling and a central 20 % × 20 % object
    for popping.
    """
    if box is None:
        box = (0.3, 0.3, 0.7, 0.7) if kind == "boiling" else (0.4, 0.4, 0.6, 0.6)
    rng = np.random.default_rng(seed)
    end = min(end, len(clip))
    h, w = clip[0][0].shape
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)
    region = (slice(y0, y1), slice(x0, x1))
    if kind == "boiling":
        sigma = max(1.5, min(h, w) / 100.0)

        def boil(y: np.ndarray, i: int) -> np.ndarray:
            out = y.astype(np.float64)
            patch = out[region]
            coarse = gaussian_blur(patch, 2.0 * sigma)
            spread = float((patch - coarse).std()) + 4.0
            out[region] = coarse + strength * spread * 1.4 * _band_noise(rng, patch.shape, sigma)
            return _u8(out)

        return _luma_only(clip, start, end, boil)
    if kind == "popping":
        ph, pw = y1 - y0, x1 - x0
        src = clip[0][0][h - ph :, w - pw :].astype(np.float64) if (h - ph, w - pw) >= (0, 0) else None
        if src is None or src.shape != (ph, pw):
            src = np.full((ph, pw), 255.0 - float(clip[0][0][region].mean()))
        # Keep it visible against any background: lift or drop it away from the box's mean.
        src = src + (60.0 if src.mean() < clip[0][0][region].mean() else -60.0) * (abs(src.mean() - clip[0][0][region].mean()) < 30)

        def paste(y: np.ndarray, i: int) -> np.ndarray:
            out = y.astype(np.float64)
            out[region] = (1.0 - strength) * out[region] + strength * src
            return _u8(out)

        return _luma_only(clip, start, end, paste)
    raise ValueError(f"unknown artefact {kind!r}; expected one of {ARTEFACTS}")


#: Flights :func:`throw_ball` composites: ``thrown`` is physical, the others are not.
FLIGHTS = ("thrown", "falls_upward", "teleports")


def throw_ball(clip: Clip, flight: str, start: int, end: int, *, fps: float = 30.0,
               gravity: float = 2.5) -> Clip:
    """``clip`` with a ball flying across frames ``start..end``.

    The ball (radius 1/24 of the short side, orange, shaded) travels from 10 % to 90 % of the
    width; vertically it follows ``y(t) = y0 + v·t + ½·a·t²`` with ``a = gravity`` frame
    heights/s² downward for ``thrown`` (launched upward from 80 % of the height so it rises,
    peaks and falls), the mirror path with ``a`` pointing up for ``falls_upward``, and for
    ``teleports`` the thrown path with a jump of 30 % of the width halfway.
    """
    if flight not in FLIGHTS:
        raise ValueError(f"unknown flight {flight!r}; expected one of {FLIGHTS}")
    end = min(end, len(clip))
    h, w = clip[0][0].shape
    r = max(2.0, min(h, w) / 24.0)
    n = max(end - start, 2)
    dur = (n - 1) / fps
    a = gravity * h * (1 if flight != "falls_upward" else -1)
    # Rise 55 % of the height and come back down by the end (mirrored for falls_upward).
    y0 = 0.8 * h if a > 0 else 0.2 * h
    v = -a * dur / 2.0
    out = []
    yy, xx = np.mgrid[0:h, 0:w]
    for i, (y, u, vv) in enumerate(clip):
        if not start <= i < end:
            out.append((y, u, vv))
            continue
        t = (i - start) / fps
        cx = w * (0.1 + 0.8 * (i - start) / (n - 1))
        if flight == "teleports" and i - start >= n // 2:
            cx -= 0.3 * w
        cy = y0 + v * t + 0.5 * a * t * t
        d2 = (xx - cx) ** 2 + (yy - cy) ** 2
        inside = d2 <= r * r
        shade = 1.0 - 0.35 * np.sqrt(np.clip(d2 / (r * r), 0, 1))
        y = y.copy()
        y[inside] = _u8(200.0 * shade[inside])
        u, vv = u.copy(), vv.copy()
        cin = inside[::2, ::2][: u.shape[0], : u.shape[1]]
        u[cin] = 60
        vv[cin] = 200
        out.append((y, u, vv))
    return out


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
