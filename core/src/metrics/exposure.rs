//! Exposure: mean level, 10th/90th percentiles, and the fractions clipped at black and white.
//!
//! - `p10`, `p90`: FFmpeg `signalstats` YLOW/YHIGH — the first histogram bin at which the running
//!   count reaches `lrint(N · 10/100)` (resp. 90/100). Code values (for deeper planes, the bin's
//!   lower edge `bin << (bits − 8)`).
//! - `black_fraction`: share of samples `≤ BLACK_CLIP_FRACTION · MAX` (≤ 2 at 8 bits);
//!   `white_fraction`: share `≥ (1 − WHITE_CLIP_FRACTION) · MAX` (≥ 253 at 8 bits).
//!   Both in [0, 1]. Limited-range video should be range-expanded first
//!   ([`crate::color::expand_limited_range`]), else its black sits at 16 and never clips.

use super::histogram::Histogram;
use crate::plane::{Plane, Sample};

/// Share of full scale at or below which a sample counts as crushed black.
pub const BLACK_CLIP_FRACTION: f64 = 0.01;
/// Share of full scale within which of the top a sample counts as blown white.
pub const WHITE_CLIP_FRACTION: f64 = 0.01;
/// Low percentile (FFmpeg `signalstats` YLOW).
pub const LOW_PERCENTILE: u32 = 10;
/// High percentile (FFmpeg `signalstats` YHIGH).
pub const HIGH_PERCENTILE: u32 = 90;

/// Exposure figures of one plane.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct Exposure {
    /// Mean sample value, code values.
    pub mean: f64,
    /// 10th percentile, code values.
    pub p10: f64,
    /// 90th percentile, code values.
    pub p90: f64,
    /// Fraction of samples crushed to black.
    pub black_fraction: f64,
    /// Fraction of samples blown to white.
    pub white_fraction: f64,
}

/// Black and white clip thresholds in 8-bit histogram bins: `(black_max_bin, white_min_bin)`.
fn clip_bins() -> (usize, usize) {
    let black = libm::floor(BLACK_CLIP_FRACTION * 255.0) as usize;
    let white = libm::ceil((1.0 - WHITE_CLIP_FRACTION) * 255.0) as usize;
    (black, white)
}

/// Exposure of `plane`.
pub fn exposure<T: Sample>(plane: &Plane<'_, T>) -> Exposure {
    let hist = Histogram::of(plane);
    let mut e = exposure_from_histogram(&hist, plane.bits());
    e.mean = super::contrast::mean(plane);
    e
}

/// Exposure figures except the exact mean (set to the histogram mean), from a histogram.
pub fn exposure_from_histogram(hist: &Histogram, bits: u32) -> Exposure {
    let n = hist.total as f64;
    let scale = f64::from(1u32 << (bits - 8));
    let (black, white) = clip_bins();
    let black_count: u64 = hist.bins[..=black].iter().sum();
    let white_count: u64 = hist.bins[white..].iter().sum();
    let weighted: u64 = hist
        .bins
        .iter()
        .enumerate()
        .map(|(i, &c)| i as u64 * c)
        .sum();
    Exposure {
        mean: weighted as f64 / n * scale,
        p10: hist.signalstats_percentile(LOW_PERCENTILE) as f64 * scale,
        p90: hist.signalstats_percentile(HIGH_PERCENTILE) as f64 * scale,
        black_fraction: black_count as f64 / n,
        white_fraction: white_count as f64 / n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_at_8_bits() {
        assert_eq!(clip_bins(), (2, 253));
    }

    #[test]
    fn ramp_percentiles() {
        // 0..=99: N = 100 → targets 10 and 90 → values 9 and 89.
        let a: [u8; 100] = core::array::from_fn(|i| i as u8);
        let e = exposure(&Plane::packed(&a, 10, 10).unwrap());
        assert_eq!((e.p10, e.p90), (9.0, 89.0));
        assert_eq!(e.black_fraction, 0.03);
        assert_eq!(e.white_fraction, 0.0);
        assert_eq!(e.mean, 49.5);
    }
}
