//! Block-loudness histograms for gated integrated loudness and loudness range (fixed memory).
//!
//! As libebur128, blocks are binned by loudness in [`HISTOGRAM_STEP_LU`] bins from
//! [`HISTOGRAM_MIN_LUFS`]; unlike it, each bin also sums its blocks' energies, so the gated mean
//! is exact except for the bin holding the relative gate (kept whole when that bin's mean
//! loudness is above the gate). See [`HISTOGRAM_STEP_LU`] for the effect (≤ 0.1 LU).

use super::config::{
    ABSOLUTE_GATE_LUFS, HISTOGRAM_BINS, HISTOGRAM_MIN_LUFS, HISTOGRAM_STEP_LU, LOUDNESS_OFFSET,
};

/// Loudness of a K-weighted, channel-weighted mean-square energy, LUFS (−∞ for 0).
pub fn lufs(energy: f64) -> f64 {
    LOUDNESS_OFFSET + 10.0 * libm::log10(energy)
}

/// Counts and energy sums of absolutely gated blocks.
#[derive(Debug, Clone)]
pub struct GateHistogram {
    count: [u32; HISTOGRAM_BINS],
    energy: [f64; HISTOGRAM_BINS],
    blocks: u64,
    sum: f64,
}

impl Default for GateHistogram {
    fn default() -> Self {
        GateHistogram {
            count: [0; HISTOGRAM_BINS],
            energy: [0.0; HISTOGRAM_BINS],
            blocks: 0,
            sum: 0.0,
        }
    }
}

fn bin_of(l: f64) -> usize {
    let i = (l - HISTOGRAM_MIN_LUFS) / HISTOGRAM_STEP_LU;
    if i <= 0.0 {
        0
    } else {
        (i as usize).min(HISTOGRAM_BINS - 1)
    }
}

impl GateHistogram {
    /// Empties the histogram.
    pub fn clear(&mut self) {
        self.count.fill(0);
        self.energy.fill(0.0);
        self.blocks = 0;
        self.sum = 0.0;
    }

    /// Adds a block of mean-square `energy` if it passes the absolute gate (`L > −70 LUFS`).
    pub fn add(&mut self, energy: f64) {
        let l = lufs(energy);
        if l.is_nan() || l <= ABSOLUTE_GATE_LUFS {
            return;
        }
        let b = bin_of(l);
        self.count[b] += 1;
        self.energy[b] += energy;
        self.blocks += 1;
        self.sum += energy;
    }

    /// Blocks past the absolute gate.
    pub fn blocks(&self) -> u64 {
        self.blocks
    }

    /// First bin kept by a relative gate `rel` LU below the absolutely gated mean, and the gate.
    fn gate(&self, rel: f64) -> (usize, f64) {
        let gate = lufs(self.sum / self.blocks as f64) + rel;
        let mut g = bin_of(gate);
        if gate >= HISTOGRAM_MIN_LUFS && self.count[g] > 0 {
            let mean = lufs(self.energy[g] / f64::from(self.count[g]));
            if mean <= gate {
                g += 1;
            }
        } else if gate >= HISTOGRAM_MIN_LUFS {
            g += 1;
        }
        (g, gate)
    }

    /// Relatively gated mean loudness (integrated loudness) and the blocks kept, or `None` when
    /// no block passed the absolute gate.
    pub fn gated_loudness(&self, rel: f64) -> Option<(f64, u64)> {
        if self.blocks == 0 {
            return None;
        }
        let (g, _) = self.gate(rel);
        let (mut n, mut e) = (0u64, 0.0);
        for b in g..HISTOGRAM_BINS {
            n += u64::from(self.count[b]);
            e += self.energy[b];
        }
        if n == 0 {
            return None;
        }
        Some((lufs(e / n as f64), n))
    }

    /// `P_high − P_low` of the relatively gated blocks (EBU Tech 3342 loudness range), 0 if none.
    pub fn range(&self, rel: f64, low: f64, high: f64) -> f64 {
        if self.blocks == 0 {
            return 0.0;
        }
        let (g, _) = self.gate(rel);
        let n: u64 = self.count[g.min(HISTOGRAM_BINS)..]
            .iter()
            .map(|&c| u64::from(c))
            .sum();
        if n == 0 {
            return 0.0;
        }
        let pick = |p: f64| {
            let idx = ((n - 1) as f64 * p + 0.5) as u64;
            let mut cum = 0u64;
            for b in g..HISTOGRAM_BINS {
                let c = u64::from(self.count[b]);
                if c > 0 && cum + c > idx {
                    return lufs(self.energy[b] / c as f64);
                }
                cum += c;
            }
            0.0
        };
        (pick(high) - pick(low)).max(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_blocks_give_their_loudness() {
        let mut h = GateHistogram::default();
        let e = libm::pow(10.0, (-23.0 - LOUDNESS_OFFSET) / 10.0);
        for _ in 0..50 {
            h.add(e);
        }
        h.add(0.0);
        let (l, n) = h.gated_loudness(-10.0).unwrap();
        assert!((l + 23.0).abs() < 1e-9 && n == 50);
        assert!(h.range(-20.0, 0.1, 0.95).abs() < 1e-9);
    }

    #[test]
    fn relative_gate_drops_quiet_blocks() {
        let mut h = GateHistogram::default();
        let e = |l: f64| libm::pow(10.0, (l - LOUDNESS_OFFSET) / 10.0);
        for _ in 0..10 {
            h.add(e(-20.0));
            h.add(e(-40.0));
        }
        let (l, n) = h.gated_loudness(-10.0).unwrap();
        assert!((l + 20.0).abs() < 1e-9 && n == 10);
        assert!((h.range(-20.0, 0.1, 0.95) - 20.0).abs() < 1e-9);
        assert!(GateHistogram::default().gated_loudness(-10.0).is_none());
    }
}
