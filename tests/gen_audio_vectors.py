"""Writes tests/vectors/audio.json: audio recipes, expected outputs from independent oracles.

Oracles (never reelscore itself):
- pyloudnorm (ITU-R BS.1770-4 integrated loudness; 5.1 fed without its LFE channel, since
  pyloudnorm weights channels by position and knows no LFE);
- FFmpeg's ``ebur128`` filter (``peak=true``) through PyAV's filter graph: integrated loudness,
  loudness range, true peak, and the largest momentary and short-term loudness it reports;
- YIN written here from de Cheveigné & Kawahara (2002) in numpy, at the input rate (reelscore
  decimates to 8–16 kHz first, so this also checks the decimation): difference function,
  cumulative mean normalised difference, absolute threshold 0.1 with the walk to the local
  minimum of d', parabolic interpolation of the raw difference function d (the paper's step 5:
  interpolating d' is slightly biased) around the smallest d among the three lags nearest that
  minimum; frames of ``W + τmax + 2`` samples every 20 ms on the mono downmix (LFE excluded),
  frames with RMS < 1e-3 unvoiced. The median is numpy's (exact).

Below 44.1 kHz pyloudnorm's K-weighting (RBJ-cookbook shelves at 1500 Hz and 38 Hz) drifts from
BS.1770's (up to 0.13 LU on a clipped 200 Hz tone at 16 kHz, whose harmonics reach Nyquist),
while FFmpeg resamples to 48 kHz and filters there; so pyloudnorm's bar is 0.1 LU at 44.1 kHz
and above and ``pyloudnorm_low_rate_lu`` below, FFmpeg's is 0.1 LU at every rate.

Run: python3 tests/gen_audio_vectors.py (the Python suite fails if the file is stale).
"""

from __future__ import annotations

import hashlib
import json
import math
import pathlib
import sys

import av
import av.filter
import numpy as np
import pyloudnorm

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import audio_recipes  # noqa: E402

OUT = HERE / "vectors" / "audio.json"
LAYOUTS = {1: "mono", 2: "stereo", 6: "5.1"}
LFE = 3

# reelscore's YIN settings (core/src/audio/config.rs), re-stated so the oracle is self-contained.
YIN_FMIN, YIN_FMAX, YIN_THRESHOLD = 50.0, 800.0, 0.1
YIN_WINDOW_S, YIN_HOP_S, YIN_MIN_RMS = 0.025, 0.02, 1e-3


def source_digest() -> str:
    h = hashlib.sha256()
    for name in ("gen_audio_vectors.py", "audio_recipes.py", "recipes.py"):
        h.update((HERE / name).read_bytes())
    return h.hexdigest()


def non_lfe(x: np.ndarray) -> np.ndarray:
    return np.delete(x, LFE, axis=1) if x.shape[1] == 6 else x


def ffmpeg_true_peak(x: np.ndarray, rate: int) -> float:
    """FFmpeg's true peak, dBTP. Its metadata prints the linear peak to 3 decimals, so the input
    is scaled to a sample peak of 0.5 first (true peak is linear in the gain) and scaled back."""
    k = 0.5 / float(np.abs(x).max())
    _, md = _ebur128_frames(x * k, rate)
    last = [d for _, _, d in md if "lavfi.r128.true_peak" in d][-1]
    return 20 * math.log10(float(last["lavfi.r128.true_peak"])) - 20 * math.log10(k)


def ffmpeg_ebur128(x: np.ndarray, rate: int) -> dict:
    """FFmpeg ebur128 (peak=true, metadata=1) on (N, ch) float64 samples, via PyAV."""
    md = _ebur128_frames(x, rate)[1]
    return _summary(md, rate) | {"true_peak_dbtp": ffmpeg_true_peak(x, rate)}


def _ebur128_frames(x: np.ndarray, rate: int):
    ch = x.shape[1]
    layout = LAYOUTS[ch]
    g = av.filter.Graph()
    src = g.add_abuffer(sample_rate=rate, format="fltp", layout=layout)
    meter = g.add("ebur128", "peak=true:metadata=1")
    sink = g.add("abuffersink")
    src.link_to(meter)
    meter.link_to(sink)
    g.configure()
    planar = np.ascontiguousarray(x.T.astype(np.float32))
    frames = []

    def drain():
        while True:
            try:
                frames.append(g.pull())
            except (av.BlockingIOError, av.EOFError, BlockingIOError):
                return

    step = 1024
    for i in range(0, planar.shape[1], step):
        f = av.AudioFrame.from_ndarray(np.ascontiguousarray(planar[:, i : i + step]), format="fltp", layout=layout)
        f.sample_rate = rate
        f.pts = i
        g.push(f)
        drain()
    g.push(None)
    drain()
    md = [(f.pts, f.samples, f.metadata) for f in frames]
    return frames, md


def _summary(md, rate: int) -> dict:
    last = [d for _, _, d in md if "lavfi.r128.I" in d][-1]
    # Momentary values once a full 400 ms block exists; short-term once a full 3 s block exists.
    m = [float(d["lavfi.r128.M"]) for p, n, d in md if "lavfi.r128.M" in d and (p + n) >= 0.4 * rate]
    s = [float(d["lavfi.r128.S"]) for p, n, d in md if "lavfi.r128.S" in d and (p + n) >= 3.0 * rate]
    return {
        "integrated": float(last["lavfi.r128.I"]),
        "lra": float(last["lavfi.r128.LRA"]),
        "momentary_max": max(m) if m else None,
        "short_term_max": max(s) if s else None,
    }


def yin_oracle(x: np.ndarray, rate: int) -> dict:
    mono = non_lfe(x).mean(axis=1)
    w = int(round(YIN_WINDOW_S * rate))
    tau_min = max(2, int(math.floor(rate / YIN_FMAX)))
    tau_max = int(math.ceil(rate / YIN_FMIN))
    hop = int(round(YIN_HOP_S * rate))
    n = w + tau_max + 2
    f0s, frames = [], 0
    taus = np.arange(1, tau_max + 2)
    for start in range(0, len(mono) - n + 1, hop):
        frames += 1
        fr = mono[start : start + n]
        if math.sqrt(float(np.mean(fr * fr))) < YIN_MIN_RMS:
            continue
        head = fr[:w]
        lagged = np.lib.stride_tricks.sliding_window_view(fr[1:], w)[: tau_max + 1]
        d = np.concatenate([[0.0], ((lagged - head) ** 2).sum(axis=1)])
        cum = np.cumsum(d[1:])
        dn = np.ones_like(d)
        dn[1:] = np.where(cum > 0, d[1:] * taus / np.where(cum > 0, cum, 1), 1.0)
        below = np.nonzero(dn[tau_min : tau_max + 1] < YIN_THRESHOLD)[0]
        if len(below) == 0:
            continue
        tau = tau_min + int(below[0])
        while tau < tau_max and dn[tau + 1] < dn[tau]:
            tau += 1
        # Step 5: parabolic interpolation of the raw d (the paper: d' is slightly biased), around
        # the smallest d among tau - 1, tau, tau + 1.
        c = tau
        if tau >= 3 and d[tau - 1] < d[c]:
            c = tau - 1
        if tau < tau_max and d[tau + 1] < d[c]:
            c = tau + 1
        a, b, e = d[c - 1], d[c], d[c + 1]
        den = a - 2 * b + e
        shift = float(np.clip(0.5 * (a - e) / den, -1, 1)) if den > 0 else 0.0
        f0s.append(rate / (c + shift))
    f0 = np.array(f0s)
    st = 12 * np.log2(f0 / YIN_FMIN) if len(f0) else np.array([])
    return {
        "median_f0": float(np.median(f0)) if len(f0) else 0.0,
        "voiced_fraction": len(f0) / frames if frames else 0.0,
        "spread_semitones": float(st.std()) if len(st) else 0.0,
    }


def sine(freq, amp, seconds, phase=0.0):
    return {"kind": "sine", "freq": freq, "amp": amp, "phase": phase, "seconds": seconds}


def cases() -> list[dict]:
    tone_5_1 = [
        [sine(997, 0.1, 5)],
        [sine(440, 0.08, 5)],
        [sine(2000, 0.05, 5)],
        [sine(60, 0.9, 5)],  # loud LFE: must not count
        [{"kind": "noise", "seed": 5, "amp": 0.05, "seconds": 5}],
        [sine(3000, 0.03, 5)],
    ]
    return [
        {"name": "sine997_mono_48k", "compare_pitch": True, "recipe": {"rate": 48000, "format": "f32", "channels": [[sine(997, 0.1, 5)]]}, "designed_defects": ["too_quiet"]},
        {"name": "sine1k_stereo_44k1_i16", "compare_pitch": True, "recipe": {"rate": 44100, "format": "i16", "channels": [[sine(1000, 0.25, 6)], [sine(1000, 0.25, 6, 0.5)]]}, "designed_defects": []},
        {"name": "five_one_48k", "recipe": {"rate": 48000, "format": "f32", "channels": tone_5_1}, "designed_defects": ["too_quiet"]},
        {"name": "ebu3342_case1_lra10", "compare_pitch": True, "compare_lra": True, "recipe": {"rate": 48000, "format": "f32", "channels": [[sine(1000, 0.1, 10), sine(1000, 0.031622776601683794, 10)]] * 2}, "designed_defects": ["too_quiet"]},
        {"name": "noise_stereo_32k_i16", "skip_true_peak": "full-band white noise: inter-sample peaks near Nyquist depend on the interpolation filter (FFmpeg resamples 32 to 48 kHz, then oversamples to 192 kHz)", "recipe": {"rate": 32000, "format": "i16", "channels": [[{"kind": "noise", "seed": 1, "amp": 0.3, "seconds": 4}], [{"kind": "noise", "seed": 2, "amp": 0.3, "seconds": 4}]]}, "designed_defects": ["too_loud"]},
        {"name": "sweep_96k", "recipe": {"rate": 96000, "format": "f32", "channels": [[{"kind": "sweep", "f0": 20, "f1": 20000, "amp": 0.5, "seconds": 4}]]}, "designed_defects": ["too_loud"]},
        {"name": "intersample_48k", "recipe": {"rate": 48000, "format": "f32", "channels": [[sine(8000, 0.9, 3, 0.3) | {"fade": 0.05}], [sine(5000, 0.8, 3, 1.0) | {"fade": 0.05}]]}, "designed_defects": ["too_loud"]},
        {"name": "sine_192k", "compare_pitch": True, "recipe": {"rate": 192000, "format": "f32", "channels": [[sine(1234, 0.5, 2)]]}, "designed_defects": ["too_loud"]},
        {"name": "clipped_16k_i16", "compare_pitch": True, "recipe": {"rate": 16000, "format": "i16", "channels": [[sine(200, 1.4, 3)]]}, "designed_defects": ["clipping", "too_loud"]},
        {"name": "gap_8k", "compare_pitch": True, "recipe": {"rate": 8000, "format": "f32", "channels": [[sine(440, 0.3, 1.5), {"kind": "silence", "seconds": 2}, sine(440, 0.3, 1.5)]]}, "designed_defects": ["silence"]},
        # Steady tones above are held notes, one voiced run each: no monotone voice. A flat
        # voice speaks in syllables: 250 ms of a 120 Hz harmonic tone, 100 ms of silence.
        {"name": "flat_voice_22k", "compare_pitch": True, "recipe": {"rate": 22050, "format": "f32", "channels": [[{"kind": "harmonic", "freq": 120, "amps": [0.3, 0.2, 0.1, 0.05], "seconds": 3}]]}, "designed_defects": []},
        {"name": "flat_syllables_22k", "compare_pitch": True, "recipe": {"rate": 22050, "format": "f32", "channels": [[{"kind": "harmonic", "freq": 120, "amps": [0.3, 0.2, 0.1, 0.05], "seconds": 0.25}, {"kind": "silence", "seconds": 0.1}] * 10]}, "designed_defects": ["monotone_voice"]},
        {"name": "lively_voice_22k", "compare_pitch": True, "recipe": {"rate": 22050, "format": "f32", "channels": [[{"kind": "vibrato", "freq": 160, "depth": 4, "rate_hz": 1.5, "amps": [0.3, 0.2, 0.1, 0.05], "seconds": 3}]]}, "designed_defects": []},
        {"name": "lively_voice_11k_i16", "compare_pitch": True, "recipe": {"rate": 11025, "format": "i16", "channels": [[{"kind": "vibrato", "freq": 220, "depth": 3, "rate_hz": 2, "amps": [0.4, 0.2], "seconds": 2}]]}, "designed_defects": []},
    ]


def build_doc() -> dict:
    out = []
    for case in cases():
        r = case["recipe"]
        _, x = audio_recipes.build(r)
        rate = r["rate"]
        meter = pyloudnorm.Meter(rate)
        pyln = float(meter.integrated_loudness(non_lfe(x)))
        expected = {
            "pyloudnorm_integrated": pyln,
            "ffmpeg": ffmpeg_ebur128(x, rate),
            "yin": yin_oracle(x, rate),
            "sample_peak_dbfs": 20 * math.log10(float(np.abs(x).max())),
        }
        out.append({**case, "expected": expected})
        print(f"{case['name']}: {expected}", file=sys.stderr)
    return {
        "generator_sha256": source_digest(),
        "description": "Audio loudness, true peak and YIN cases; see tests/gen_audio_vectors.py.",
        "tolerances": {
            "integrated_lu": 0.1,
            "pyloudnorm_full_bar_min_rate": 44100,
            "pyloudnorm_low_rate_lu": 0.3,
            "true_peak_db": 0.2,
            "lra_lu": 0.2,
            "momentary_lu": 0.1,
            "sample_peak_db": 1e-6,
            "f0_rel": 0.01,
            "voiced_fraction_abs": 0.1,
            "spread_semitones_abs": 0.15,
        },
        "constants": {
            "ABSOLUTE_GATE_LUFS": -70.0,
            "RELATIVE_GATE_LU": -10.0,
            "LRA_RELATIVE_GATE_LU": -20.0,
            "LOUDNESS_OFFSET": -0.691,
            "CHANNEL_WEIGHTS_5_1": [1.0, 1.0, 1.0, 0.0, 1.41, 1.41],
            "YIN_THRESHOLD": YIN_THRESHOLD,
            "YIN_FMIN": YIN_FMIN,
            "YIN_FMAX": YIN_FMAX,
            "YIN_WINDOW_SECONDS": YIN_WINDOW_S,
            "YIN_HOP_SECONDS": YIN_HOP_S,
            "DEFAULT_TARGET_LUFS": -14.0,
        },
        "cases": out,
    }


def main() -> None:
    doc = build_doc()
    OUT.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
