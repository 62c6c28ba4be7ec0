"""Deterministic input recipes shared by every test suite (Rust, C and Python re-implement them).

A recipe is a small JSON object; the same object always yields the same samples:

- ``{"kind": "noise", "seed": s, "width": w, "height": h}``: 8-bit samples, each the top byte of
  successive SplitMix64 outputs seeded with ``s``, row-major.
- ``{"kind": "noise16", "seed": s, "width": w, "height": h, "bits": b}``: 16-bit samples
  ``next() >> (64 - b)``.
- ``{"kind": "scene", "seed": s, "width": w, "height": h, "amp": a}``: structured content
  ``((x*x + 3*y*y + 5*x*y) >> 6) & 255`` plus noise ``next() % (2a+1) - a``, clamped to 0..255.
- ``{"kind": "distort", "seed": s, "amp": a, "base": recipe}``: ``base`` plus noise as above.
- ``{"kind": "blocky", "width": w, "height": h}``: 8x8 blocks of constant value
  ``((bx*37 + by*91) % 200) + 28`` — a pure coding-block grid.
- ``{"kind": "rgb_noise", "seed": s, "width": w, "height": h}``: ``w*h*3`` noise bytes (R, G, B).
- ``{"kind": "rgb_tint", "seed": s, "width": w, "height": h, "amp": a}``: R = scene, G = scene/2,
  B = 255 - scene, from the "scene" recipe.

SplitMix64 (Steele, Lea & Flood 2014): ``state += 0x9E3779B97F4A7C15; z = state;
z = (z ^ z>>30) * 0xBF58476D1CE4E5B9; z = (z ^ z>>27) * 0x94D049BB133111EB; return z ^ z>>31``
(all modulo 2^64).
"""

from __future__ import annotations

import numpy as np

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed: int) -> None:
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def _noise(rng: SplitMix64, n: int, amp: int) -> np.ndarray:
    return np.array([rng.next() % (2 * amp + 1) - amp for _ in range(n)], dtype=np.int64)


def build(recipe: dict) -> np.ndarray:
    """The samples of ``recipe``: (H, W) uint8/uint16, or (H, W, 3) uint8 for RGB kinds."""
    kind = recipe["kind"]
    if kind == "distort":
        base = build(recipe["base"]).astype(np.int64)
        rng = SplitMix64(recipe["seed"])
        out = base + _noise(rng, base.size, recipe["amp"]).reshape(base.shape)
        return np.clip(out, 0, 255).astype(np.uint8)
    w, h = recipe["width"], recipe["height"]
    if kind == "noise":
        rng = SplitMix64(recipe["seed"])
        return np.array([rng.next() >> 56 for _ in range(w * h)], dtype=np.uint8).reshape(h, w)
    if kind == "noise16":
        rng = SplitMix64(recipe["seed"])
        b = recipe["bits"]
        return np.array([rng.next() >> (64 - b) for _ in range(w * h)], dtype=np.uint16).reshape(h, w)
    if kind == "scene":
        y, x = np.mgrid[0:h, 0:w].astype(np.int64)
        base = ((x * x + 3 * y * y + 5 * x * y) >> 6) & 255
        rng = SplitMix64(recipe["seed"])
        out = base + _noise(rng, w * h, recipe["amp"]).reshape(h, w)
        return np.clip(out, 0, 255).astype(np.uint8)
    if kind == "blocky":
        y, x = np.mgrid[0:h, 0:w].astype(np.int64)
        return (((x // 8) * 37 + (y // 8) * 91) % 200 + 28).astype(np.uint8)
    if kind == "rgb_noise":
        rng = SplitMix64(recipe["seed"])
        return np.array([rng.next() >> 56 for _ in range(w * h * 3)], dtype=np.uint8).reshape(h, w, 3)
    if kind == "rgb_tint":
        s = build({"kind": "scene", "seed": recipe["seed"], "width": w, "height": h, "amp": recipe["amp"]})
        s = s.astype(np.int64)
        return np.stack([s, s // 2, 255 - s], axis=-1).astype(np.uint8)
    raise ValueError(f"unknown recipe kind {kind!r}")
