//! YIN pitch estimation (de Cheveigné & Kawahara 2002, "YIN, a fundamental frequency estimator
//! for speech and music", JASA 111(4)) and prosody statistics.
//!
//! Per frame of `W + τmax + 2` samples (window `W`, lags up to `τmax`):
//! 1. difference function (paper eq. 6) `d(τ) = Σ_{j<W} (x_j − x_{j+τ})²`, τ = 1..;
//! 2. cumulative mean normalised difference (eq. 8) `d′(τ) = d(τ) · τ / Σ_{k=1..τ} d(k)`,
//!    `d′(0) = 1`;
//! 3. absolute threshold (step 4): the first τ ≥ τmin with `d′(τ) <` [`YIN_THRESHOLD`], then
//!    walked down to the local minimum of `d′`; no such τ ≤ τmax means the frame is unvoiced
//!    (aperiodic);
//! 4. parabolic interpolation (step 5) of the **raw** `d` — the paper notes that interpolating
//!    `d′` is slightly biased and takes the abscissa of the raw difference function's minimum
//!    instead: with `τ̃` the lag of the smallest `d` among τ − 1, τ, τ + 1,
//!    `τ̂ = τ̃ + ½ (d(τ̃−1) − d(τ̃+1)) / (d(τ̃−1) − 2 d(τ̃) + d(τ̃+1))`, `F0 = rate / τ̂`.
//!    (librosa interpolates `d′`; at 8 kHz that reads up to +8 cents sharp on a 790 Hz tone,
//!    the raw `d` under 1 cent.)
//!
//! `d` is computed lag by lag and the search stops once the dip is found (its minimum and one
//! lag past the parabola's right point), so voiced frames cost about `W · τ` multiply-adds
//! rather than `W · τmax`; the result is the same as computing every lag.
//!
//! The stream is a mono downmix decimated to 8–16 kHz (see [`YIN_TARGET_RATE`]) by a triangular
//! (two-boxcar) filter of length `2D − 1`, then low-passed (4th-order Butterworth) at the
//! decimated rate, so the cost per
//! second is fixed whatever the input rate. Prosody keeps, in fixed memory, the voiced-frame
//! count, a Welford mean and variance of F0 in semitones (spread) and an F0 histogram of
//! [`F0_HIST_STEP_SEMITONES`] bins holding each bin's count and the sum of its values' offsets
//! into the bin (median). The median is numpy's: the middle order statistic, or the mean of the
//! two middle ones for an even count. Order statistic `j` of the `c` in a bin whose values average
//! `m` (in bin widths from its lower edge) is read as `m + (j − (c + 1)/2)/c`, clamped to the bin:
//! exact for one value per bin (a fast glide) or equal values (a steady tone), and the uniform
//! spread of the bin when it is full; never off by more than one bin (0.29 %).

use super::config::*;
use super::filters::{Biquad, butterworth_lowpass4};

/// Largest lag + 2 (scratch length of the difference function).
const LAGS: usize = YIN_BUFFER;

/// Sum of squared differences of two equal-length slices, eight lanes at a time.
#[inline]
fn sq_diff(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..8 {
            let d = x[k] - y[k];
            acc[k] += d * d;
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ra.iter().zip(rb) {
        let d = x - y;
        s += d * d;
    }
    s
}

/// Runs YIN on `x` (length ≥ `w + tau_max + 2`) and returns the interpolated period in samples,
/// or `None` when no lag in `tau_min..=tau_max` dips below `threshold`. `d` is scratch of at
/// least `tau_max + 2` floats; on return it holds `d(τ)` for the lags computed.
pub fn yin_period(
    x: &[f32],
    w: usize,
    tau_min: usize,
    tau_max: usize,
    threshold: f64,
    d: &mut [f32],
) -> Option<f64> {
    if tau_min < 2 || tau_max < tau_min || x.len() < w + tau_max + 2 || d.len() < tau_max + 2 {
        return None;
    }
    let (Some(head), Some(d)) = (x.get(..w), d.get_mut(..tau_max + 2)) else {
        return None;
    };
    *d.first_mut()? = 0.0;
    // Steps 1–3, lag by lag: `cum` = Σ d(1..=τ), `prev` = d′(τ − 1).
    let mut cum = 0.0f64;
    let mut prev = 1.0f64;
    let mut below = false;
    let mut tau = 0;
    for (t, dt) in d.iter_mut().enumerate().skip(1) {
        let raw = sq_diff(head, x.get(t..t + w)?);
        *dt = raw;
        cum += f64::from(raw);
        let dn = if cum > 0.0 {
            f64::from(raw) * t as f64 / cum
        } else {
            1.0
        };
        if below {
            // Walking down the dip: τ − 1 is its minimum once d′ stops falling (or at τmax).
            if dn >= prev || t > tau_max {
                tau = t - 1;
                break;
            }
        } else if t >= tau_min && t <= tau_max && dn < threshold {
            below = true;
        }
        prev = dn;
    }
    if tau == 0 {
        return None;
    }
    // Step 5 on the raw d: d(1..=τ+1) are known; one more lag when the minimum moves right.
    let at = |d: &[f32], t: usize| d.get(t).copied().unwrap_or(0.0);
    let mut c = tau;
    if tau >= 3 && at(d, tau - 1) < at(d, c) {
        c = tau - 1;
    }
    if at(d, tau + 1) < at(d, c) && tau < tau_max {
        c = tau + 1;
        *d.get_mut(c + 1)? = sq_diff(head, x.get(c + 1..c + 1 + w)?);
    }
    let (a, b, e) = (
        f64::from(at(d, c - 1)),
        f64::from(at(d, c)),
        f64::from(at(d, c + 1)),
    );
    let den = a - 2.0 * b + e;
    let shift = if den > 0.0 {
        (0.5 * (a - e) / den).clamp(-1.0, 1.0)
    } else {
        0.0
    };
    Some(c as f64 + shift)
}

/// Streaming pitch tracker with prosody statistics.
#[derive(Debug, Clone)]
pub struct PitchTracker {
    decim: usize,
    phase: usize,
    up: f64,
    down: f64,
    prev_down: f64,
    lowpass: [Biquad; 2],
    lp_state: [[f64; 2]; 2],
    rate: f64,
    w: usize,
    tau_min: usize,
    tau_max: usize,
    hop: usize,
    buf: [f32; YIN_BUFFER],
    fill: usize,
    frames: u32,
    voiced: u32,
    /// Runs of consecutive voiced frames.
    runs: u32,
    first_voiced: u32,
    last_voiced: u32,
    mean: f64,
    m2: f64,
    hist: [u32; F0_HIST_BINS],
    hist_offset: [f32; F0_HIST_BINS],
    scratch: [f32; LAGS],
}

/// Prosody over the stream so far.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prosody {
    /// Pitch frames analysed.
    pub frames: u32,
    /// Frames with a YIN dip below the threshold.
    pub voiced: u32,
    /// Runs of consecutive voiced frames (speech: about one per voiced syllable).
    pub voiced_runs: u32,
    /// Median F0 of voiced frames, Hz (0 if none).
    pub median_hz: f64,
    /// Standard deviation of F0 over voiced frames, semitones.
    pub spread_semitones: f64,
    /// Time of the first voiced frame's centre, seconds.
    pub first_voiced_s: f64,
    /// Time of the last voiced frame's centre, seconds.
    pub last_voiced_s: f64,
    /// Seconds between pitch frames.
    pub hop_s: f64,
}

impl PitchTracker {
    /// A tracker for input at `sample_rate` Hz.
    pub fn new(sample_rate: u32) -> Self {
        let mut p = PitchTracker {
            decim: 1,
            phase: 0,
            up: 0.0,
            down: 0.0,
            prev_down: 0.0,
            lowpass: [Biquad::default(); 2],
            lp_state: [[0.0; 2]; 2],
            rate: 8000.0,
            w: 0,
            tau_min: 2,
            tau_max: 2,
            hop: 1,
            buf: [0.0; YIN_BUFFER],
            fill: 0,
            frames: 0,
            voiced: 0,
            runs: 0,
            first_voiced: 0,
            last_voiced: 0,
            mean: 0.0,
            m2: 0.0,
            hist: [0; F0_HIST_BINS],
            hist_offset: [0.0; F0_HIST_BINS],
            scratch: [0.0; LAGS],
        };
        p.reset(sample_rate);
        p
    }

    /// Forgets everything and configures for `sample_rate` Hz.
    pub fn reset(&mut self, sample_rate: u32) {
        let decim = (sample_rate / YIN_TARGET_RATE).max(1) as usize;
        let rate = f64::from(sample_rate) / decim as f64;
        self.decim = decim;
        self.phase = 0;
        self.up = 0.0;
        self.down = 0.0;
        self.prev_down = 0.0;
        self.lowpass = butterworth_lowpass4(YIN_LOWPASS_HZ.min(0.4 * rate), rate);
        self.lp_state = [[0.0; 2]; 2];
        self.rate = rate;
        self.w = libm::round(YIN_WINDOW_SECONDS * rate) as usize;
        self.tau_min = (libm::floor(rate / YIN_FMAX) as usize).max(2);
        self.tau_max = libm::ceil(rate / YIN_FMIN) as usize;
        self.hop = (libm::round(YIN_HOP_SECONDS * rate) as usize).max(1);
        self.buf.fill(0.0);
        self.fill = 0;
        self.frames = 0;
        self.voiced = 0;
        self.runs = 0;
        self.first_voiced = 0;
        self.last_voiced = 0;
        self.mean = 0.0;
        self.m2 = 0.0;
        self.hist.fill(0);
        self.hist_offset.fill(0.0);
    }

    fn frame_len(&self) -> usize {
        self.w + self.tau_max + 2
    }

    /// Feeds mono samples at the input rate.
    pub fn push(&mut self, x: &[f32]) {
        // `reset` sized the frame to fit the buffer, and the hop to fit the frame.
        let need = self.frame_len().min(YIN_BUFFER);
        let hop = self.hop.min(need);
        let d = self.decim;
        let norm = 1.0 / (d * d) as f64;
        // Hot state in locals so it stays in registers.
        let (mut phase, mut up, mut down, mut prev_down) =
            (self.phase, self.up, self.down, self.prev_down);
        let [mut za, mut zb] = self.lp_state;
        let [lp0, lp1] = self.lowpass;
        for &v in x {
            let mut s = f64::from(v);
            if d > 1 {
                // Triangular (two-boxcar) anti-alias filter of length 2D − 1, evaluated only at
                // the decimated instants: weights 1..D on this block, D−1..0 on the previous.
                up += (phase + 1) as f64 * s;
                down += (d - 1 - phase) as f64 * s;
                phase += 1;
                if phase < d {
                    continue;
                }
                s = (up + prev_down) * norm;
                prev_down = down;
                up = 0.0;
                down = 0.0;
                phase = 0;
            }
            s = lp1.step(&mut zb, lp0.step(&mut za, s));
            if let Some(slot) = self.buf[..need].get_mut(self.fill) {
                *slot = s as f32;
                self.fill += 1;
            }
            if self.fill == need {
                self.analyse();
                self.buf.copy_within(hop..need, 0);
                self.fill = need - hop;
            }
        }
        for z in za.iter_mut().chain(zb.iter_mut()) {
            if libm::fabs(*z) < 1e-30 {
                *z = 0.0;
            }
        }
        (self.phase, self.up, self.down, self.prev_down) = (phase, up, down, prev_down);
        self.lp_state = [za, zb];
    }

    fn analyse(&mut self) {
        let n = self.frame_len().min(YIN_BUFFER);
        let x = &self.buf[..n];
        let energy: f64 = x.iter().map(|&v| f64::from(v) * f64::from(v)).sum();
        let index = self.frames;
        self.frames += 1;
        if libm::sqrt(energy / n as f64) < YIN_MIN_RMS {
            return;
        }
        let Some(period) = yin_period(
            x,
            self.w,
            self.tau_min,
            self.tau_max,
            YIN_THRESHOLD,
            &mut self.scratch,
        ) else {
            return;
        };
        let f0 = self.rate / period;
        let st = 12.0 * libm::log2(f0 / YIN_FMIN);
        if self.voiced == 0 {
            self.first_voiced = index;
        }
        if self.voiced == 0 || index != self.last_voiced + 1 {
            self.runs += 1;
        }
        self.last_voiced = index;
        self.voiced += 1;
        let delta = st - self.mean;
        self.mean += delta / f64::from(self.voiced);
        self.m2 += delta * (st - self.mean);
        let pos = (st / F0_HIST_STEP_SEMITONES).clamp(0.0, F0_HIST_BINS as f64 - 1e-9);
        let b = libm::floor(pos);
        // `pos` is clamped below F0_HIST_BINS: the bin is in range.
        let bin = (b as usize).min(F0_HIST_BINS - 1);
        self.hist[bin] += 1;
        self.hist_offset[bin] += (pos - b) as f32;
    }

    /// The `k`-th smallest voiced F0 (1-based, `1 ≤ k ≤ voiced`), semitones above
    /// [`YIN_FMIN`], read from its histogram bin (see the module notes).
    fn order_statistic(&self, k: u32) -> f64 {
        let mut below = 0u32;
        for (b, (&c, &off)) in self.hist.iter().zip(&self.hist_offset).enumerate() {
            if c > 0 && below + c >= k {
                let c = f64::from(c);
                let j = f64::from(k - below);
                let pos = f64::from(off) / c + (j - (c + 1.0) / 2.0) / c;
                return (b as f64 + pos.clamp(0.0, 1.0)) * F0_HIST_STEP_SEMITONES;
            }
            below += c;
        }
        (F0_HIST_BINS as f64) * F0_HIST_STEP_SEMITONES
    }

    /// Prosody so far.
    pub fn prosody(&self) -> Prosody {
        let hop_s = self.hop as f64 / self.rate;
        let centre = |k: u32| (f64::from(k) * self.hop as f64 + self.w as f64 / 2.0) / self.rate;
        let mut p = Prosody {
            frames: self.frames,
            voiced: self.voiced,
            voiced_runs: self.runs,
            hop_s,
            ..Prosody::default()
        };
        if self.voiced == 0 {
            return p;
        }
        p.spread_semitones = libm::sqrt(self.m2 / f64::from(self.voiced));
        p.first_voiced_s = centre(self.first_voiced);
        p.last_voiced_s = centre(self.last_voiced);
        let n = self.voiced;
        let st = if n % 2 == 1 {
            self.order_statistic(n / 2 + 1)
        } else {
            0.5 * (self.order_statistic(n / 2) + self.order_statistic(n / 2 + 1))
        };
        p.median_hz = YIN_FMIN * libm::exp2(st / 12.0);
        p
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    fn tone(f: f64, rate: u32, secs: f64) -> Vec<f32> {
        let n = (f64::from(rate) * secs) as usize;
        (0..n)
            .map(|i| {
                let t = i as f64 / f64::from(rate);
                (0.5 * libm::sin(2.0 * core::f64::consts::PI * f * t)
                    + 0.2 * libm::sin(4.0 * core::f64::consts::PI * f * t)) as f32
            })
            .collect()
    }

    #[test]
    fn steady_tones_are_found_at_every_rate() {
        for rate in [8_000, 11_025, 44_100, 48_000, 96_000, 192_000] {
            for f in [90.0, 220.0, 440.0] {
                let mut p = PitchTracker::new(rate);
                p.push(&tone(f, rate, 1.0));
                let s = p.prosody();
                assert!(s.voiced > 40, "{rate} {f}: {s:?}");
                assert!((s.median_hz / f - 1.0).abs() < 0.005, "{rate} {f}: {s:?}");
                assert!(s.spread_semitones < 0.05, "{rate} {f}: {s:?}");
            }
        }
    }

    #[test]
    fn steady_pitch_is_within_two_cents_up_to_fmax() {
        // Interpolating the raw d (not d′) keeps the 8 kHz estimate within 2 cents up to 790 Hz
        // (d′ read this tone 8 cents sharp), and the median reads the bin's mean rather than its
        // centre (up to 0.025 semitone = 1.4 ‰ off before).
        for rate in [8_000, 44_100, 48_000] {
            for f in [100.0, 220.0, 330.0, 440.0, 555.0, 700.0, 790.0] {
                let mut p = PitchTracker::new(rate);
                p.push(&tone(f, rate, 1.0));
                let s = p.prosody();
                assert!((s.median_hz / f - 1.0).abs() < 1.2e-3, "{rate} {f}: {s:?}");
            }
        }
    }

    #[test]
    fn median_of_a_glide_is_the_middle_frame() {
        // Two octaves in 3 s: frames 0.13 semitone apart, one per histogram bin. The median is
        // the middle frames' F0 (the mean of the two for an even count), i.e. the glide's F0 at
        // the middle frame's instant (its centre plus half a period: YIN integrates
        // `x[s, s + W + T)`); the bin-uniform reading was up to half a bin off.
        let rate = 16_000u32;
        let n = 3 * rate as usize;
        let (f0, f1) = (100.0f64, 400.0f64);
        let mut phase = 0.0f64;
        let x: Vec<f32> = (0..n)
            .map(|i| {
                let f = f0 * libm::pow(f1 / f0, i as f64 / n as f64);
                phase += 2.0 * core::f64::consts::PI * f / f64::from(rate);
                (0.4 * libm::sin(phase) + 0.2 * libm::sin(2.0 * phase)) as f32
            })
            .collect();
        let mut p = PitchTracker::new(rate);
        p.push(&x);
        let s = p.prosody();
        assert_eq!(s.voiced, s.frames, "{s:?}");
        let mid = (s.first_voiced_s + s.last_voiced_s) / 2.0 + 0.5 / s.median_hz;
        let expect = f0 * libm::pow(f1 / f0, mid / 3.0);
        assert!(
            (s.median_hz / expect - 1.0).abs() < 1e-3,
            "{s:?} vs {expect}"
        );
    }

    #[test]
    fn silence_and_noise_are_unvoiced() {
        let mut p = PitchTracker::new(48_000);
        p.push(&[0.0; 48_000]);
        let mut s = 1u64;
        let noise: Vec<f32> = (0..48_000)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                (s >> 40) as f32 / (1u64 << 24) as f32 - 0.5
            })
            .collect();
        p.push(&noise);
        let r = p.prosody();
        assert!(r.frames > 80 && r.voiced < r.frames / 10, "{r:?}");
    }
}
