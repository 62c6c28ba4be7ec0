//! 256-bin luma histogram and Shannon entropy.
//!
//! 8-bit planes get one bin per code value. Deeper planes are binned by their top 8 bits
//! (`v >> (bits − 8)`), so percentiles and entropy of 10/12-bit planes are those of the
//! 8-bit quantisation (documented approximation; the mean is always exact).
//!
//! Entropy: `H = −Σ p_i · log2 p_i` over non-empty bins, in bits, range [0, 8]; a flat plane gives 0.
//! For 8-bit planes it equals `skimage.measure.shannon_entropy(img, base=2)`.

use crate::plane::{Plane, Sample};

/// Number of histogram bins.
pub const HISTOGRAM_BINS: usize = 256;

/// Interleaved sub-histograms in [`Histogram::of`].
const SUB_HISTOGRAMS: usize = 8;

/// A 256-bin histogram of one plane.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    /// Sample counts per bin.
    pub bins: [u64; HISTOGRAM_BINS],
    /// Total number of samples.
    pub total: u64,
}

impl Histogram {
    /// Histogram of the visible samples of `plane`.
    pub fn of<T: Sample>(plane: &Plane<'_, T>) -> Self {
        // A constant 0 for `u8`, so the 8-bit loop has no variable shift.
        let shift = if core::mem::size_of::<T>() == 1 {
            0
        } else {
            plane.bits() - 8
        };
        // Eight interleaved sub-histograms, so runs of equal samples do not serialise on one
        // counter's store-to-load latency; merged at the end. `u32` counters (8 KiB, half the
        // L1 footprint of `u64`), flushed into the `u64` totals every `flush_rows` rows, before
        // any counter could wrap.
        let mut sub = [[0u32; HISTOGRAM_BINS]; SUB_HISTOGRAMS];
        let mut bins = [0u64; HISTOGRAM_BINS];
        let flush_rows = (u32::MAX as usize / plane.width().max(1)).max(1);
        let bin = |s: &T| ((s.to_u32() >> shift) & 0xff) as usize;
        let mut flush = |sub: &mut [[u32; HISTOGRAM_BINS]; SUB_HISTOGRAMS]| {
            for (i, b) in bins.iter_mut().enumerate() {
                *b += sub.iter().map(|h| u64::from(h[i])).sum::<u64>();
            }
            *sub = [[0; HISTOGRAM_BINS]; SUB_HISTOGRAMS];
        };
        for (y, row) in plane.rows().enumerate() {
            if y > 0 && y % flush_rows == 0 {
                flush(&mut sub);
            }
            let blocks = row.chunks_exact(SUB_HISTOGRAMS);
            for s in blocks.remainder() {
                sub[0][bin(s)] += 1;
            }
            for q in blocks {
                for (h, s) in sub.iter_mut().zip(q) {
                    h[bin(s)] += 1;
                }
            }
        }
        flush(&mut sub);
        Histogram {
            bins,
            total: plane.len() as u64,
        }
    }

    /// Shannon entropy in bits (see the module docs).
    pub fn entropy(&self) -> f64 {
        let n = self.total as f64;
        let mut h = 0.0;
        for &c in self.bins.iter().filter(|&&c| c > 0) {
            let p = c as f64 / n;
            h -= p * libm::log2(p);
        }
        if h > 0.0 { h } else { 0.0 }
    }

    /// The FFmpeg `signalstats` percentile: the first bin where the running count reaches
    /// `lrint(total · pct / 100)` (round half to even).
    pub fn signalstats_percentile(&self, pct: u32) -> usize {
        let target = lrint_ratio(self.total * u64::from(pct), 100);
        let mut acc = 0u64;
        for (i, &c) in self.bins.iter().enumerate() {
            acc += c;
            if acc >= target {
                return i;
            }
        }
        HISTOGRAM_BINS - 1
    }
}

/// `lrint(num / den)` with round-half-to-even, in integers.
fn lrint_ratio(num: u64, den: u64) -> u64 {
    let (q, r) = (num / den, num % den);
    match (2 * r).cmp(&den) {
        core::cmp::Ordering::Less => q,
        core::cmp::Ordering::Greater => q + 1,
        core::cmp::Ordering::Equal => q + (q & 1),
    }
}

/// Shannon entropy in bits of the 256-bin histogram of `plane` (see the module docs).
pub fn entropy<T: Sample>(plane: &Plane<'_, T>) -> f64 {
    Histogram::of(plane).entropy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_of_two_equal_halves_is_one_bit() {
        let a = [0u8, 255, 0, 255];
        let h = Histogram::of(&Plane::packed(&a, 2, 2).unwrap());
        assert_eq!(h.entropy(), 1.0);
        let flat = [5u8; 4];
        assert_eq!(
            Histogram::of(&Plane::packed(&flat, 2, 2).unwrap()).entropy(),
            0.0
        );
    }

    #[test]
    fn lrint_is_half_even() {
        assert_eq!(lrint_ratio(5, 10), 0);
        assert_eq!(lrint_ratio(15, 10), 2);
        assert_eq!(lrint_ratio(25, 10), 2);
        assert_eq!(lrint_ratio(26, 10), 3);
    }
}
