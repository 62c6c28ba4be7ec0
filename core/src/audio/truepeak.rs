//! True peak by oversampling (ITU-R BS.1770-4 Annex 2), with libebur128's interpolator.
//!
//! The signal is upsampled 4× below 96 kHz, 2× below 192 kHz and not at all at 192 kHz, by a
//! 49-tap Hann-windowed sinc `h[j] = sinc((j − 24)/F) · ½(1 − cos(2πj/48))` split into `F`
//! polyphase branches: branch `f` outputs `Σ_t h[tF + f] · x[n − t]`. Branch 0 is the input
//! itself (delayed), so the true peak is never below the sample peak. The result is the largest
//! `|y|` over every branch and channel, reported in dBTP.
//!
//! Exact skipping: with `B = max_f Σ_t |h[tF + f]|`, no output of a run of inputs can exceed
//! `B · max|x|` over the run and its 12-sample history; runs whose bound does not beat the
//! current peak are not interpolated (the result is the same, it is just cheaper).

use super::config::{MAX_CHANNELS, TRUE_PEAK_OVERSAMPLING, TRUE_PEAK_TAPS};

/// Taps per polyphase branch, at most (2× oversampling: ⌈49/2⌉).
const BRANCH_TAPS: usize = TRUE_PEAK_TAPS.div_ceil(2);
/// History kept per channel (taps per branch − 1).
pub(crate) const HISTORY: usize = BRANCH_TAPS - 1;

/// Streaming true-peak meter for up to [`MAX_CHANNELS`] channels.
#[derive(Debug, Clone)]
pub struct TruePeak {
    factor: usize,
    taps: usize,
    /// `coef[t][f] = h[t·F + f]` (0 past the filter's end or for unused branches).
    coef: [[f32; TRUE_PEAK_OVERSAMPLING]; BRANCH_TAPS],
    bound: f32,
    hist: [[f32; HISTORY]; MAX_CHANNELS],
    peak: [f32; MAX_CHANNELS],
}

impl TruePeak {
    /// A meter for `rate` Hz.
    pub fn new(rate: u32) -> Self {
        let mut t = TruePeak {
            factor: 1,
            taps: 1,
            coef: [[0.0; TRUE_PEAK_OVERSAMPLING]; BRANCH_TAPS],
            bound: 1.0,
            hist: [[0.0; HISTORY]; MAX_CHANNELS],
            peak: [0.0; MAX_CHANNELS],
        };
        t.reset(rate);
        t
    }

    /// Forgets everything and configures for `rate` Hz.
    pub fn reset(&mut self, rate: u32) {
        let factor = if rate < 96_000 {
            TRUE_PEAK_OVERSAMPLING
        } else if rate < 192_000 {
            2
        } else {
            1
        };
        self.factor = factor;
        self.taps = TRUE_PEAK_TAPS.div_ceil(factor);
        self.coef = [[0.0; TRUE_PEAK_OVERSAMPLING]; BRANCH_TAPS];
        let pi = core::f64::consts::PI;
        let centre = (TRUE_PEAK_TAPS - 1) as f64 / 2.0;
        for j in 0..TRUE_PEAK_TAPS {
            if factor == 1 {
                break;
            }
            let m = j as f64 - centre;
            let mut c = if libm::fabs(m) > 1e-9 {
                let a = m * pi / factor as f64;
                libm::sin(a) / a
            } else {
                1.0
            };
            c *= 0.5 * (1.0 - libm::cos(2.0 * pi * j as f64 / (TRUE_PEAK_TAPS - 1) as f64));
            self.coef[j / factor][j % factor] = c as f32;
        }
        let mut bound = 0.0f32;
        for f in 0..factor {
            let s: f32 = self.coef.iter().map(|c| libm::fabsf(c[f])).sum();
            bound = bound.max(s);
        }
        self.bound = bound;
        self.hist = [[0.0; HISTORY]; MAX_CHANNELS];
        self.peak = [0.0; MAX_CHANNELS];
    }

    /// Feeds `x`, the next samples of channel `ch` (at most `MAX_RUN` at a time).
    pub fn push(&mut self, ch: usize, x: &[f32]) {
        let (Some(hist), Some(peak)) = (self.hist.get_mut(ch), self.peak.get_mut(ch)) else {
            return;
        };
        if self.factor == 1 {
            *peak = peak.max(abs_max(x));
            return;
        }
        let mut ext = [0.0f32; HISTORY + MAX_RUN];
        let x = &x[..x.len().min(MAX_RUN)];
        let n = x.len();
        ext[..HISTORY].copy_from_slice(hist);
        ext[HISTORY..HISTORY + n].copy_from_slice(x);
        let mut best = peak.max(abs_max(x));
        // Sub-runs of SKIP_RUN outputs: each is interpolated only if its bound beats the peak.
        let mut s = 0;
        for sub in x.chunks(SKIP_RUN) {
            let e = s + sub.len();
            // The sub-run's outputs with their history (always inside `ext`).
            let Some(run) = ext.get(s..HISTORY + e) else {
                break;
            };
            let local = abs_max(run);
            if local * self.bound > best {
                const T4: usize = TRUE_PEAK_TAPS.div_ceil(4);
                best = if self.factor == 4 {
                    let run = run.get(HISTORY + 1 - T4..).unwrap_or_default();
                    interpolate::<T4>(&self.coef, 4, run, best)
                } else {
                    interpolate::<BRANCH_TAPS>(&self.coef, 2, run, best)
                };
            }
            s = e;
        }
        *peak = best;
        hist.copy_from_slice(&ext[n..n + HISTORY]);
    }

    /// Largest oversampled magnitude seen on channel `ch` (linear, full scale 1).
    pub fn peak(&self, ch: usize) -> f32 {
        self.peak.get(ch).copied().unwrap_or(0.0)
    }
}

/// Longest run [`TruePeak::push`] takes at once.
pub const MAX_RUN: usize = 512;
/// Outputs per skip decision.
const SKIP_RUN: usize = 64;

/// Largest `|y|` over branches `1..factor` for the outputs of `run[T - 1..]` (with
/// `run[..T - 1]` as history), at least `best`; branch 0 is the input itself (the sample peak).
/// `T` taps per branch (13 for 4×, 25 for 2×). Eight outputs are computed together so the loop
/// vectorises.
#[inline]
fn interpolate<const T: usize>(
    coef: &[[f32; TRUE_PEAK_OVERSAMPLING]; BRANCH_TAPS],
    factor: usize,
    run: &[f32],
    best: f32,
) -> f32 {
    let outs = (run.len() + 1).saturating_sub(T);
    let mut m = [best; 8];
    for f in 1..factor {
        let mut c = [0.0f32; T];
        for (ct, row) in c.iter_mut().zip(coef) {
            *ct = row.get(f).copied().unwrap_or(0.0);
        }
        let mut i = 0;
        // Eight outputs from the `T + 7` inputs ending at output `i + 7`: tap `t` reads the
        // window of eight starting `T − 1 − t` in.
        while i + 8 <= outs {
            let Some(inputs) = run.get(i..i + T + 7) else {
                return best;
            };
            let mut acc = [0.0f32; 8];
            for (&ct, w) in c.iter().zip(inputs.windows(8).rev()) {
                for (a, &v) in acc.iter_mut().zip(w) {
                    *a += ct * v;
                }
            }
            for k in 0..8 {
                let a = libm::fabsf(acc[k]);
                if a > m[k] {
                    m[k] = a;
                }
            }
            i += 8;
        }
        while i < outs {
            let Some(inputs) = run.get(i..i + T) else {
                break;
            };
            let mut acc = 0.0f32;
            for (&ct, &v) in c.iter().zip(inputs.iter().rev()) {
                acc += ct * v;
            }
            let a = libm::fabsf(acc);
            if a > m[0] {
                m[0] = a;
            }
            i += 1;
        }
    }
    m.iter().fold(best, |b, &v| if v > b { v } else { b })
}

/// Largest `|x|` of a slice (0 for an empty one), eight lanes at a time.
#[inline]
pub(crate) fn abs_max(x: &[f32]) -> f32 {
    let mut m = [0.0f32; 8];
    let chunks = x.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for k in 0..8 {
            let a = libm::fabsf(c[k]);
            if a > m[k] {
                m[k] = a;
            }
        }
    }
    for &v in rest {
        let a = libm::fabsf(v);
        if a > m[0] {
            m[0] = a;
        }
    }
    m.iter().fold(0.0, |b, &v| if v > b { v } else { b })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarter_rate_sine_between_samples_reaches_its_amplitude() {
        // fs/4 at 45°: every sample is ±0.707, the waveform peaks at 1 between them.
        let mut tp = TruePeak::new(48_000);
        let x: [f32; 480] = core::array::from_fn(|n| {
            libm::sin(core::f64::consts::FRAC_PI_2 * n as f64 + core::f64::consts::FRAC_PI_4) as f32
        });
        tp.push(0, &x);
        let p = tp.peak(0);
        assert!((20.0 * libm::log10f(p)).abs() < 0.5, "{p}");
    }

    #[test]
    fn branch_zero_is_the_input() {
        let tp = TruePeak::new(48_000);
        for (t, c) in tp.coef.iter().enumerate() {
            let want = if t == 6 { 1.0 } else { 0.0 };
            assert!((c[0] - want).abs() < 1e-6);
        }
    }
}
