"""The two-shot carphone takes of issue #23, shared by the subject tests (face-anchored and
model-free): frames 0-59, then 60-119 reframed (a clean cut at frame 60), with the second shot's
clothes recoloured, relit or replaced, built in YUV 4:2:0 and encoded to H.264."""

from __future__ import annotations

import math
import pathlib
from fractions import Fraction

import av
import h264
import numpy as np
from conftest import clip_dir

from reelscore.inject import _u8

CUT = 60


def reframe(plane: np.ndarray, zoom: float, dx: int = 0) -> np.ndarray:
    """Centre crop by ``zoom`` (moved ``dx`` samples right), scaled back to the plane's size
    (nearest neighbour)."""
    h, w = plane.shape
    ch, cw = int(h / zoom), int(w / zoom)
    y0, x0 = (h - ch) // 2, min(max((w - cw) // 2 + dx, 0), w - cw)
    return np.ascontiguousarray(plane[y0 + np.arange(h) * ch // h][:, x0 + np.arange(w) * cw // w])


def tie_mask(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The red bow tie in carphone's chroma planes: reddish (Cr − 128 > 12, Cb − 128 > −9,
    which leaves out his skin) in the lower third, grown by one chroma pixel."""
    rows = np.arange(u.shape[0])[:, None]
    m = (v.astype(int) - 128 > 12) & (u.astype(int) - 128 > -9) & (rows >= u.shape[0] * 2 // 3)
    p = np.pad(m, 1)
    return m | p[:-2, 1:-1] | p[2:, 1:-1] | p[1:-1, :-2] | p[1:-1, 2:]


def astronaut_shot(n: int, size: tuple[int, int]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Another person: the astronaut photo's head and shoulders at carphone's size, panned
    one pixel a frame (luma scaled to video range, like the carphone planes)."""
    import skimage.data
    from PIL import Image

    import takes

    w, h = size
    photo = skimage.data.astronaut()[20:330, 60:440]
    small = np.asarray(Image.fromarray(photo).resize((w + n, h + n * h // w), Image.LANCZOS))
    shots = [takes.rgb_to_yuv420(np.ascontiguousarray(small[:h, i : i + w])) for i in range(n)]
    return [(_u8(16 + y * (219 / 255)), u, v) for y, u, v in shots]


def decode_yuv(name: str) -> tuple[list[tuple[np.ndarray, np.ndarray, np.ndarray]], float]:
    """The clip's own Y, U and V planes (luma left in video range: it is re-encoded as is)."""
    out = []
    with av.open(str(clip_dir() / name)) as c:
        fps = float(c.streams.video[0].average_rate)
        for f in c.decode(video=0):
            a, h, w = f.to_ndarray(format="yuv420p"), f.height, f.width
            out.append((a[:h], a[h : h + h // 4].reshape(h // 2, w // 2), a[h + h // 4 :].reshape(h // 2, w // 2)))
    return out, fps


def two_shots(variant: str, zoom: float = 1.2, dx: int = 0) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The take ``variant``: "as is", "purple suit" / "green suit" / "red suit" (the lower
    middle of the frame pushed in U and V, as test_shots.py does), "green tie" (the tie's
    chroma turned 126°), "luma K" (luma times K), "gain K" (R, G and B times K) or
    "other person"; the second shot reframed by ``zoom`` and moved ``dx`` chroma samples."""
    clip, _ = decode_yuv("carphone_pristine.mp4")
    out = list(clip[:CUT])
    if variant == "other person":
        h, w = clip[0][0].shape
        return out + astronaut_shot(len(clip) - CUT, (w, h))
    suits = {"purple suit": (30, 30), "green suit": (-25, -30), "red suit": (-10, 40)}
    for y, u, v in clip[CUT:]:
        y, u, v = (reframe(p, zoom, dx * k).astype(np.float64) for p, k in ((y, 2), (u, 1), (v, 1)))
        h, w = u.shape
        if variant in suits:
            du, dv = suits[variant]
            u[h // 2 :, w // 4 : 3 * w // 4] += du
            v[h // 2 :, w // 4 : 3 * w // 4] += dv
        elif variant == "green tie":  # chroma turned 126°: red to green
            m = tie_mask(u, v)
            cu, cv, a = u - 128, v - 128, math.radians(126)
            u = np.where(m, 128 + cu * math.cos(a) - cv * math.sin(a), u)
            v = np.where(m, 128 + cu * math.sin(a) + cv * math.cos(a), v)
        elif variant.startswith("luma"):  # lighting on luma only
            y *= float(variant.split()[1])
        elif variant.startswith("gain"):  # the same gain on R, G and B
            k = float(variant.split()[1])
            y, u, v = y * k, 128 + (u - 128) * k, 128 + (v - 128) * k
        out.append((_u8(y), _u8(u), _u8(v)))
    return out


def encode(path: pathlib.Path, frames, fps: float) -> pathlib.Path:
    """H.264 (CRF 16) of 4:2:0 frames."""
    h, w = frames[0][0].shape
    with av.open(str(path), mode="w") as c:
        s = h264.add_stream(c, w, h, Fraction(fps).limit_denominator(1001))
        planes = (np.concatenate([y.ravel(), u.ravel(), v.ravel()]).reshape(h * 3 // 2, w) for y, u, v in frames)
        h264.mux(c, s, (av.VideoFrame.from_ndarray(p, format="yuv420p") for p in planes))
    return path
