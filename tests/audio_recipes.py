"""Deterministic audio recipes shared by the Rust, C and Python audio tests.

A recipe is ``{"rate": r, "format": "f32" | "i16", "channels": [channel, ...]}``; a channel is a
list of segments played one after another (every channel must add up to the same length):

- ``{"kind": "sine", "freq": f, "amp": a, "phase": p, "seconds": s, "fade": d}``:
  ``a·sin(2π·f·n/r + p)``, ``n`` counting from 0 in the segment (``phase`` defaults to 0); with
  ``fade``, multiplied by ``½(1 − cos(π·m/F))`` over the first and last ``F = floor(d·r + 0.5)``
  samples (``m`` = samples from the nearer end), so the onset rings no interpolator;
- ``{"kind": "harmonic", "freq": f, "amps": [a1, a2, ...], "seconds": s}``:
  ``Σ_k a_k·sin(2π·k·f·n/r)``, k = 1, 2, ...;
- ``{"kind": "vibrato", "freq": f, "depth": d, "rate_hz": v, "amps": [...], "seconds": s}``:
  a harmonic tone whose F0 is ``f·2^(d/12·sin(2π·v·n/r))``; its phase ``φ`` starts at 0 and
  after each sample grows by ``2π·F0(n)/r``; the sample is ``Σ_k a_k·sin(k·φ)`` before the step;
- ``{"kind": "sweep", "f0": f0, "f1": f1, "amp": a, "seconds": s}``: linear chirp
  ``a·sin(2π·(f0·t + (f1 − f0)·t²/(2s)))``, ``t = n/r``;
- ``{"kind": "noise", "seed": k, "amp": a, "seconds": s}``: ``a·(2u − 1)`` with
  ``u = (next() >> 11) · 2⁻⁵³`` from SplitMix64 seeded with ``k`` (see recipes.py);
- ``{"kind": "silence", "seconds": s}``.

A segment has ``floor(s·r + 0.5)`` samples. Samples are computed in float64, then stored as
float32 (``"f32"``, round to nearest) or int16 (``"i16"``: ``clamp(floor(x·32768 + 0.5),
−32768, 32767)``), interleaved. Oracles get the stored samples back as float64 (int16 / 32768).
"""

from __future__ import annotations

import math

import numpy as np

from recipes import SplitMix64


def _segment(seg: dict, rate: int) -> np.ndarray:
    n = int(math.floor(seg["seconds"] * rate + 0.5))
    i = np.arange(n, dtype=np.float64)
    kind = seg["kind"]
    if kind == "sine":
        out = seg["amp"] * np.sin(2 * np.pi * seg["freq"] * i / rate + seg.get("phase", 0.0))
        if "fade" in seg:
            f = int(math.floor(seg["fade"] * rate + 0.5))
            m = np.minimum(i, n - 1 - i)
            out = np.where(m < f, out * 0.5 * (1 - np.cos(np.pi * m / f)), out)
        return out
    if kind == "harmonic":
        out = np.zeros(n)
        for k, a in enumerate(seg["amps"], start=1):
            out += a * np.sin(2 * np.pi * k * seg["freq"] * i / rate)
        return out
    if kind == "vibrato":
        f0 = seg["freq"] * np.exp2(seg["depth"] / 12 * np.sin(2 * np.pi * seg["rate_hz"] * i / rate))
        step = 2 * np.pi * f0 / rate
        phi = np.zeros(n)
        acc = 0.0
        for j in range(n):  # sequential sum, as the Rust and C builders do
            phi[j] = acc
            acc += step[j]
        out = np.zeros(n)
        for k, a in enumerate(seg["amps"], start=1):
            out += a * np.sin(k * phi)
        return out
    if kind == "sweep":
        t = i / rate
        s = seg["seconds"]
        return seg["amp"] * np.sin(2 * np.pi * (seg["f0"] * t + (seg["f1"] - seg["f0"]) * t * t / (2 * s)))
    if kind == "noise":
        rng = SplitMix64(seg["seed"])
        u = np.array([(rng.next() >> 11) for _ in range(n)], dtype=np.float64) * 2.0**-53
        return seg["amp"] * (2 * u - 1)
    if kind == "silence":
        return np.zeros(n)
    raise ValueError(f"unknown segment kind {kind!r}")


def build(recipe: dict):
    """(interleaved samples as float32 or int16, the same as float64 of shape (N, channels))."""
    rate = recipe["rate"]
    chans = [np.concatenate([_segment(s, rate) for s in ch]) for ch in recipe["channels"]]
    lens = {len(c) for c in chans}
    if len(lens) != 1:
        raise ValueError(f"channel lengths differ: {lens}")
    x = np.stack(chans, axis=1)
    if recipe["format"] == "f32":
        stored = x.astype(np.float32)
        return stored.reshape(-1), stored.astype(np.float64)
    q = np.clip(np.floor(x * 32768 + 0.5), -32768, 32767).astype(np.int16)
    return q.reshape(-1), q.astype(np.float64) / 32768
