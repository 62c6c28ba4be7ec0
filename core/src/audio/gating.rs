//! Block-loudness histograms for gated integrated loudness and loudness range (fixed memory).
//!
//! As libebur128, blocks are binned by loudness in [`HISTOGRAM_STEP_LU`] bins from
//! [`HISTOGRAM_MIN_LUFS`]; unlike it, each bin also sums its blocks' energies, and a histogram
//! may keep its first `EXACT` block energies. BS.1770-4 integrated loudness is the mean energy
//! of the blocks with `l_j > Γ_r`, `Γ_r = L(mean of blocks with l_j > −70) − 10 LU`; while
//! every block is kept, that is computed as written. Past `EXACT` blocks the histogram answers:
//! every bin above `Γ_r` adds its exact sum, and the one bin holding `Γ_r` is kept whole when
//! its mean loudness is above the gate (≤ 0.1 LU effect, see [`HISTOGRAM_STEP_LU`]).

use super::config::{
    ABSOLUTE_GATE_LUFS, HISTOGRAM_BINS, HISTOGRAM_MIN_LUFS, HISTOGRAM_STEP_LU, LOUDNESS_OFFSET,
};
use heapless::Vec;

/// Loudness of a K-weighted, channel-weighted mean-square energy, LUFS (−∞ for 0).
pub fn lufs(energy: f64) -> f64 {
    LOUDNESS_OFFSET + 10.0 * libm::log10(energy)
}

/// Counts and energy sums of absolutely gated blocks, and the first `EXACT` block energies.
#[derive(Debug, Clone)]
pub struct GateHistogram<const EXACT: usize = 0> {
    count: [u32; HISTOGRAM_BINS],
    energy: [f64; HISTOGRAM_BINS],
    blocks: u64,
    sum: f64,
    kept: Vec<f32, EXACT>,
}

impl<const EXACT: usize> Default for GateHistogram<EXACT> {
    fn default() -> Self {
        GateHistogram {
            count: [0; HISTOGRAM_BINS],
            energy: [0.0; HISTOGRAM_BINS],
            blocks: 0,
            sum: 0.0,
            kept: Vec::new(),
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

impl<const EXACT: usize> GateHistogram<EXACT> {
    /// Empties the histogram.
    pub fn clear(&mut self) {
        self.count.fill(0);
        self.energy.fill(0.0);
        self.blocks = 0;
        self.sum = 0.0;
        self.kept.clear();
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
        // Full past `EXACT` blocks: the histogram answers then (module docs).
        let _ = self.kept.push(energy as f32);
    }

    /// Whether every block's energy is kept, so the relative gate splits its bin exactly.
    pub fn exact(&self) -> bool {
        self.blocks <= self.kept.len() as u64
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
        let (mut n, mut e) = (0u64, 0.0);
        if self.exact() {
            // BS.1770-4 as written: the mean energy of the blocks with `l_j > Γ_r`.
            let gate = lufs(self.sum / self.blocks as f64) + rel;
            for &k in &self.kept {
                let k = f64::from(k);
                if lufs(k) > gate {
                    n += 1;
                    e += k;
                }
            }
        } else {
            let (g, _) = self.gate(rel);
            for b in g..HISTOGRAM_BINS {
                n += u64::from(self.count[b]);
                e += self.energy[b];
            }
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
        let mut h = GateHistogram::<0>::default();
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
        let mut h = GateHistogram::<0>::default();
        let e = |l: f64| libm::pow(10.0, (l - LOUDNESS_OFFSET) / 10.0);
        for _ in 0..10 {
            h.add(e(-20.0));
            h.add(e(-40.0));
        }
        let (l, n) = h.gated_loudness(-10.0).unwrap();
        assert!((l + 20.0).abs() < 1e-9 && n == 10);
        assert!((h.range(-20.0, 0.1, 0.95) - 20.0).abs() < 1e-9);
        assert!(
            GateHistogram::<0>::default()
                .gated_loudness(-10.0)
                .is_none()
        );
    }

    /// BS.1770-4 gating written out over a list of block energies (the oracle).
    fn gated_by_definition(blocks: &[f64], rel: f64) -> f64 {
        let abs: Vec<f64, 64> = blocks
            .iter()
            .copied()
            .filter(|&e| lufs(e) > ABSOLUTE_GATE_LUFS)
            .collect();
        let gate = lufs(abs.iter().sum::<f64>() / abs.len() as f64) + rel;
        let kept = abs.iter().copied().filter(|&e| lufs(e) > gate);
        let (n, e) = kept.fold((0usize, 0.0), |(n, s), e| (n + 1, s + e));
        lufs(e / n as f64)
    }

    #[test]
    fn the_bin_holding_the_relative_gate_is_split_block_by_block() {
        // Loud blocks set the gate; quiet ones sit 0.01 LU above it and 0.05 LU below it, all
        // in the bin that holds the gate. That bin's mean loudness is below the gate, so gating
        // bins whole drops the blocks above it too; BS.1770 keeps exactly those.
        let e = |l: f64| libm::pow(10.0, (l - LOUDNESS_OFFSET) / 10.0);
        let (loud, each) = (5usize, 15usize);
        let mut found = None;
        for step in 0..400 {
            let level = -20.0 + 0.001 * step as f64;
            // The gate with the quiet blocks placed relative to it (a fixed point).
            let mut gate = level - 10.0;
            for _ in 0..100 {
                let total =
                    loud as f64 * e(level) + each as f64 * (e(gate + 0.01) + e(gate - 0.05));
                gate = lufs(total / (loud + 2 * each) as f64) - 10.0;
            }
            let bin = |l: f64| libm::floor((l - HISTOGRAM_MIN_LUFS) / HISTOGRAM_STEP_LU);
            if bin(gate + 0.01) == bin(gate) && bin(gate - 0.05) == bin(gate) {
                found = Some((level, gate));
                break;
            }
        }
        let (level, gate) = found.expect("a loud level that puts both quiet levels in one bin");
        let mut blocks: Vec<f64, 64> = Vec::new();
        for i in 0..loud + 2 * each {
            let l = match i {
                i if i < loud => level,
                i if i < loud + each => gate + 0.01,
                _ => gate - 0.05,
            };
            blocks.push(e(l)).unwrap();
        }
        let oracle = gated_by_definition(&blocks, -10.0);
        let mut exact = GateHistogram::<64>::default();
        let mut binned = GateHistogram::<0>::default();
        for &b in &blocks {
            exact.add(b);
            binned.add(b);
        }
        let (l, n) = exact.gated_loudness(-10.0).unwrap();
        assert!(exact.exact() && n == (loud + each) as u64, "kept {n}");
        assert!((l - oracle).abs() < 1e-6, "{l} vs {oracle}");
        // The histogram alone drops the 15 blocks above the gate: several LU off.
        let (lb, nb) = binned.gated_loudness(-10.0).unwrap();
        assert!(
            !binned.exact() && nb == loud as u64 && (lb - oracle).abs() > 1.0,
            "{lb} {nb}"
        );
    }
}
