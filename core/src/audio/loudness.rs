//! Loudness, one tracker: ITU-R BS.1770-4 momentary, short-term and gated integrated loudness
//! and EBU Tech 3342 loudness range, in fixed memory.
//!
//! Each channel `i` is K-weighted ([`k_weighting`]) and its mean square `z_i` summed per 100 ms
//! sub-block; a sub-block's energy is `Σ G_i · z_i` (channel weights `G_i`:
//! [`AudioConfig::weight`], the LFE channel 0) and a loudness `L = −0.691 + 10 log10(energy)`
//! ([`lufs`]). Every sub-block closes a momentary block (the mean energy of the last
//! [`MOMENTARY_SUBBLOCKS`], 400 ms) and a short-term block (the last
//! [`SHORT_TERM_SUBBLOCKS`], 3 s), from the first full one on. Momentary blocks feed the gated
//! integrated loudness (absolute gate −70 LUFS, relative gate [`RELATIVE_GATE_LU`]), short-term
//! blocks the loudness range (Tech 3342: relative gate [`LRA_RELATIVE_GATE_LU`], the spread
//! between the [`LRA_LOW_PERCENTILE`] and [`LRA_HIGH_PERCENTILE`] points), both through
//! [`GateHistogram`]s; the largest of each kind is kept.

use super::config::*;
use super::filters::{Biquad, k_weighting};
use super::gating::{GateHistogram, lufs};

/// The loudness of mean K-weighted energy `e`, LUFS, at least [`LOUDNESS_FLOOR_LUFS`].
pub(super) fn floor_lufs(e: f64) -> f64 {
    let l = lufs(e);
    if l.is_finite() && l > LOUDNESS_FLOOR_LUFS {
        l
    } else {
        LOUDNESS_FLOOR_LUFS
    }
}

/// K-weighting state, sub-block sums and block histograms of a stream (fixed size).
#[derive(Debug, Clone)]
pub(super) struct Loudness {
    /// Per channel, `G_i` (0 beyond the stream's channels).
    weights: [f64; MAX_CHANNELS],
    /// The K-weighting stages (pre-filter, RLB high-pass).
    kw: [Biquad; 2],
    /// Per channel, both stages' filter state.
    kz: [[[f64; 2]; 2]; MAX_CHANNELS],
    /// Per channel, `Σ y²` of the open sub-block.
    sums: [f64; MAX_CHANNELS],
    /// Energies of the last [`SHORT_TERM_SUBBLOCKS`] sub-blocks, a ring.
    ring: [f64; SHORT_TERM_SUBBLOCKS],
    /// Sub-blocks closed.
    subblocks: u64,
    /// Momentary blocks, for integrated loudness.
    integrated: GateHistogram<EXACT_GATE_BLOCKS>,
    /// Short-term blocks, for loudness range.
    range: GateHistogram,
    /// Largest momentary and short-term block energies.
    momentary_max: f64,
    short_term_max: f64,
}

impl Loudness {
    /// A meter with no channel (every weight 0); [`reset`](Self::reset) configures it.
    pub(super) fn new() -> Self {
        Loudness {
            weights: [0.0; MAX_CHANNELS],
            kw: [Biquad::default(); 2],
            kz: [[[0.0; 2]; 2]; MAX_CHANNELS],
            sums: [0.0; MAX_CHANNELS],
            ring: [0.0; SHORT_TERM_SUBBLOCKS],
            subblocks: 0,
            integrated: GateHistogram::default(),
            range: GateHistogram::default(),
            momentary_max: 0.0,
            short_term_max: 0.0,
        }
    }

    /// Forgets every sample and configures the meter for `cfg`'s rate and channels, in place.
    pub(super) fn reset(&mut self, cfg: &AudioConfig) {
        let channels = cfg.channels as usize;
        for (c, w) in self.weights.iter_mut().enumerate() {
            *w = if c < channels { cfg.weight(c) } else { 0.0 };
        }
        self.kw = k_weighting(f64::from(cfg.sample_rate));
        self.kz = [[[0.0; 2]; 2]; MAX_CHANNELS];
        self.sums = [0.0; MAX_CHANNELS];
        self.ring = [0.0; SHORT_TERM_SUBBLOCKS];
        self.subblocks = 0;
        self.integrated.clear();
        self.range.clear();
        self.momentary_max = 0.0;
        self.short_term_max = 0.0;
    }

    /// K-weights the first `n` samples of each channel's lane (one lane per channel, in order)
    /// into the open sub-block's sums. Channels of weight 0 are skipped.
    pub(super) fn weigh<const N: usize>(&mut self, lanes: &[[f32; N]; MAX_CHANNELS], n: usize) {
        let n = n.min(N);
        // Two channels per loop so their recursions overlap in the pipeline.
        let [k0, k1] = self.kw;
        let mut active = lanes
            .iter()
            .zip(self.kz.iter_mut().zip(self.sums.iter_mut()))
            .zip(&self.weights)
            .filter(|&(_, &w)| w > 0.0)
            .map(|(lane, _)| lane);
        loop {
            match (active.next(), active.next()) {
                (Some((xa, (za, suma))), Some((xb, (zb, sumb)))) => {
                    let [mut a0, mut a1] = *za;
                    let [mut b0, mut b1] = *zb;
                    let (mut sa, mut sb) = (0.0f64, 0.0f64);
                    for (&va, &vb) in xa[..n].iter().zip(&xb[..n]) {
                        let ya = k1.step(&mut a1, k0.step(&mut a0, f64::from(va)));
                        let yb = k1.step(&mut b1, k0.step(&mut b0, f64::from(vb)));
                        sa += ya * ya;
                        sb += yb * yb;
                    }
                    *za = [a0, a1];
                    *zb = [b0, b1];
                    *suma += sa;
                    *sumb += sb;
                }
                (Some((xa, (za, suma))), None) => {
                    let [mut a0, mut a1] = *za;
                    let mut sa = 0.0f64;
                    for &va in &xa[..n] {
                        let ya = k1.step(&mut a1, k0.step(&mut a0, f64::from(va)));
                        sa += ya * ya;
                    }
                    *za = [a0, a1];
                    *suma += sa;
                    break;
                }
                _ => break,
            }
        }
        // Denormal filter states (a decaying tail) are flushed: they would slow every step.
        for z in self.kz.iter_mut().flatten().flatten() {
            if libm::fabs(*z) < 1e-30 {
                *z = 0.0;
            }
        }
    }

    /// Closes the open sub-block of `len` samples per channel: returns its energy
    /// `Σ G_i · z_i` and the momentary energy ending with it (the mean of the last
    /// [`MOMENTARY_SUBBLOCKS`] sub-blocks, fewer at the very start).
    pub(super) fn close_subblock(&mut self, len: usize) -> (f64, f64) {
        let len = len as f64;
        let mut e = 0.0;
        for (w, sum) in self.weights.iter().zip(&self.sums) {
            e += w * sum / len;
        }
        self.sums = [0.0; MAX_CHANNELS];
        (e, self.add(e))
    }

    /// Adds a sub-block of energy `e`: the blocks it closes; returns the momentary energy.
    fn add(&mut self, e: f64) -> f64 {
        let slot = (self.subblocks % SHORT_TERM_SUBBLOCKS as u64) as usize;
        self.ring[slot] = e;
        self.subblocks += 1;
        let mean_of_last = |k: usize| {
            let mut s = 0.0;
            for j in 0..k {
                s += self.ring[(slot + SHORT_TERM_SUBBLOCKS - j) % SHORT_TERM_SUBBLOCKS];
            }
            s / k as f64
        };
        if self.subblocks >= MOMENTARY_SUBBLOCKS as u64 {
            let m = mean_of_last(MOMENTARY_SUBBLOCKS);
            self.momentary_max = self.momentary_max.max(m);
            self.integrated.add(m);
        }
        if self.subblocks >= SHORT_TERM_SUBBLOCKS as u64 {
            let s = mean_of_last(SHORT_TERM_SUBBLOCKS);
            self.short_term_max = self.short_term_max.max(s);
            self.range.add(s);
        }
        mean_of_last((self.subblocks as usize).min(MOMENTARY_SUBBLOCKS))
    }

    /// Sub-blocks closed.
    pub(super) fn subblocks(&self) -> u64 {
        self.subblocks
    }

    /// Gated integrated loudness, LUFS, and the momentary blocks that passed both gates
    /// ([`LOUDNESS_FLOOR_LUFS`] and 0 when none did).
    pub(super) fn integrated(&self) -> (f64, u64) {
        self.integrated
            .gated_loudness(RELATIVE_GATE_LU)
            .unwrap_or((LOUDNESS_FLOOR_LUFS, 0))
    }

    /// Largest momentary loudness, LUFS (the floor before the first 400 ms block).
    pub(super) fn momentary_max(&self) -> f64 {
        floor_lufs(self.momentary_max)
    }

    /// Largest short-term loudness, LUFS (the floor before the first 3 s block).
    pub(super) fn short_term_max(&self) -> f64 {
        floor_lufs(self.short_term_max)
    }

    /// Loudness range of the short-term blocks, LU.
    pub(super) fn range(&self) -> f64 {
        self.range.range(
            LRA_RELATIVE_GATE_LU,
            LRA_LOW_PERCENTILE,
            LRA_HIGH_PERCENTILE,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        libm::fabs(a - b) < 1e-9
    }

    #[test]
    fn momentary_blocks_and_the_two_gates() {
        let mut m = Loudness::new();
        m.reset(&AudioConfig::new(48_000, 1).unwrap());
        // Before 400 ms: no block; the reading is the mean of the sub-blocks so far.
        assert_eq!(m.add(1.0), 1.0);
        assert_eq!(m.add(0.0), 0.5);
        assert_eq!(m.add(1.0), 2.0 / 3.0);
        assert_eq!(m.integrated(), (LOUDNESS_FLOOR_LUFS, 0));
        assert_eq!(m.momentary_max(), LOUDNESS_FLOOR_LUFS);
        // Sub-block energies 1, 0, 1, 1, then four of 0.01: momentary blocks (means of four)
        // 0.75, 0.5025, 0.505, 0.2575, 0.01.
        m.add(1.0);
        for _ in 0..4 {
            m.add(0.01);
        }
        assert_eq!(m.subblocks(), 8);
        // Largest block 0.75: L = −0.691 + 10 log10(0.75).
        assert!(close(m.momentary_max(), -0.691 + 10.0 * libm::log10(0.75)));
        // All five pass the absolute gate (0.01 is −20.7 LUFS). Their mean 2.025 / 5 = 0.405
        // puts the relative gate at L(0.405) − 10 LU, an energy of 0.0405: the 0.01 block
        // falls below it, the other four average 2.015 / 4 (kept as `f32`: within 1e-6 LU).
        let (l, n) = m.integrated();
        assert_eq!(n, 4);
        let want = -0.691 + 10.0 * libm::log10(2.015 / 4.0);
        assert!(libm::fabs(l - want) < 1e-6, "{l} {want}");
        // No 3 s block yet.
        assert_eq!(m.short_term_max(), LOUDNESS_FLOOR_LUFS);
    }

    #[test]
    fn short_term_blocks_and_a_steady_range() {
        let mut m = Loudness::new();
        m.reset(&AudioConfig::new(48_000, 1).unwrap());
        for _ in 0..SHORT_TERM_SUBBLOCKS - 1 {
            m.add(0.5);
        }
        assert_eq!(m.short_term_max(), LOUDNESS_FLOOR_LUFS);
        m.add(0.5);
        m.add(0.5);
        assert!(close(m.short_term_max(), -0.691 + 10.0 * libm::log10(0.5)));
        // Every short-term block at the same loudness: no range.
        assert!(m.range().abs() < 0.11, "{}", m.range());
        // The reset forgets them.
        m.reset(&AudioConfig::new(48_000, 1).unwrap());
        assert_eq!(
            (m.subblocks(), m.short_term_max()),
            (0, LOUDNESS_FLOOR_LUFS)
        );
    }

    #[test]
    fn a_subblocks_energy_weighs_each_channel() {
        // The same 8 samples in each channel: each K-weighted mean square is the same `z`.
        let x = [0.5f32, -0.25, 0.75, -1.0, 0.0, 0.3, -0.6, 0.9];
        let lanes = [x; MAX_CHANNELS];
        let energy = |channels: u32, only: Option<usize>| {
            let mut m = Loudness::new();
            m.reset(&AudioConfig::new(48_000, channels).unwrap());
            let mut lanes = lanes;
            if let Some(c) = only {
                for (i, l) in lanes.iter_mut().enumerate() {
                    if i != c {
                        *l = [0.0; 8];
                    }
                }
            }
            m.weigh(&lanes, 8);
            m.close_subblock(8).0
        };
        let z = energy(1, None);
        assert!(z > 0.0);
        // Stereo: G = 1 each, 2z; 5.1: L, R, C at 1, the surrounds at 1.41, the LFE at 0.
        assert!(close(energy(2, None), 2.0 * z));
        assert!(close(energy(6, Some(0)), z));
        assert!(close(energy(6, Some(4)), 1.41 * z));
        assert_eq!(energy(6, Some(LFE_CHANNEL)), 0.0);
        assert!(close(energy(6, None), (3.0 + 2.0 * 1.41) * z));
        // Only the first n samples count, and the sums start again after a close.
        let mut m = Loudness::new();
        m.reset(&AudioConfig::new(48_000, 1).unwrap());
        m.weigh(&lanes, 8);
        m.weigh(&[[0.0; 8]; MAX_CHANNELS], 0);
        assert!(close(m.close_subblock(8).0, z));
    }
}
