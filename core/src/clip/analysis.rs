//! Analysis resolution: what resolution the clip scorer measures its no-reference statistics at.
//!
//! Sharpness, noise, blockiness, exposure and contrast of a frame up to the configuration's
//! `analysis_pixels` (by default [`ANALYSIS_PIXELS`], 1280×720) are measured on the frame
//! itself. A larger frame is first box-binned by the smallest power of two `k` that brings it
//! within that area (and its rows within [`ANALYSIS_MAX_WIDTH`]; never past its shorter side,
//! see [`analysis_factor_within`] for the frames no factor fits): binned pixel =
//! `⌊(Σ k×k block + k²/2) / k²⌋`, the trailing `w mod k` columns and `h mod k` rows left out. Two reasons: cost (a 1080p frame costs what a
//! 960×540 one does, which keeps scoring well below decoding time), and comparability (the
//! thresholds in [`super::config`] were set on ≤ 720p footage; sharpness and noise are per-pixel
//! figures, so a 4K frame measured at full resolution would look soft and clean next to the
//! same picture at 720p, the way viewers never see it). [`crate::metrics::frame_stats`] itself
//! always measures what it is given. [`super::ClipConfig::with_analysis_pixels`] moves the
//! budget per scorer: [`FAST_ANALYSIS_PIXELS`] (960×540) bins 720p too, for speed, at a
//! measured loss of sensitivity to slight blur.
//!
//! Noise at `k = 2` (1080p, 1440p, portrait 1080×1920; 720p under the fast budget) is read
//! from the source's row pairs instead of the binned copy ([`crate::metrics::noise`]): binning
//! halves white noise, which let noise of σ 5–7 in 1080p takes go unflagged, and the pair
//! estimator reads what Immerkær reads at full resolution from the row pairs the binning reads
//! anyway. Limited-range codes are read as they are and the result scaled by 255/219. Row-fed
//! frames keep each pair's top row in the binning buffer until the row below arrives, so the
//! row state grows only by the 8-byte sum. Larger factors (4K
//! and up) keep Immerkær on the binned copy: seen at display size their per-pixel noise is
//! divided too.
//!
//! Blockiness looks for the source's 8-pixel coding grid: with `k` = 2 or 4 (1080p and
//! portrait 1080×1920 at `k = 2`, 4K at `k = 4`) it is measured on the binned copy's `8 / k`
//! grid, which holds the source grid's edges exactly ([`blockiness_grid`]); 8K and larger
//! (`k ≥ 8`, a coding block within one binned pixel) keep the binned copy's own 8-pixel grid.
//!
//! The binned copy is the frame for everything else too: the scorer's working copy (motion,
//! cuts, freezes; [`super::working`]) is box-averaged from the binned rows, so a 1080p frame is
//! read once. Limited-range (16–235) codes are binned as they are and each binned pixel is
//! expanded to full range from its block's exact mean, rounded once
//! ([`crate::color::LimitedSums`]), so the full-size frame is never expanded.
//!
//! Binning is streamed ([`super::pass`]): `k` source rows are summed into one binned row
//! (column sums in `u16`, `k ≤ MAX_ANALYSIS_FACTOR`), which goes to the row engine and the
//! working copy, so whole frames and frames pushed row by row give the same statistics bit for
//! bit.

#[cfg(doc)]
use super::config::FAST_ANALYSIS_PIXELS;
use super::config::{ANALYSIS_MAX_WIDTH, ANALYSIS_PIXELS, MAX_ANALYSIS_FACTOR};
use crate::metrics::blockiness::BLOCK_SIZE;

/// The binning factor for `width × height` frames under the default budget (1: measured as
/// they are): the smallest power of two that fits ([`analysis_factor_within`]). Powers of two keep the source's 8-pixel coding grid on whole binned pixels
/// (see [`blockiness_grid`]) and give 1080p and 4K the same 960×540 analysis copy, so one
/// picture reads alike at either size.
pub fn analysis_factor(width: usize, height: usize) -> usize {
    analysis_factor_within(width, height, ANALYSIS_PIXELS)
}

/// [`analysis_factor`] for another budget than [`ANALYSIS_PIXELS`] (see
/// [`super::ClipConfig::with_analysis_pixels`]); at most [`MAX_ANALYSIS_FACTOR`], and never
/// past the shorter side (a binned frame keeps at least one row and one column, so a budget
/// too small to meet is met as closely as the frame allows). Frames whose binned rows would
/// still be wider than [`ANALYSIS_MAX_WIDTH`] at that factor (16384 × 3) are measured whole.
pub fn analysis_factor_within(width: usize, height: usize, pixels: usize) -> usize {
    let fits = |k: usize| (width / k) * (height / k) <= pixels && width / k <= ANALYSIS_MAX_WIDTH;
    let mut k = 1;
    while k < MAX_ANALYSIS_FACTOR && !fits(k) && 2 * k <= width.min(height) {
        k *= 2;
    }
    if width / k > ANALYSIS_MAX_WIDTH { 1 } else { k }
}

/// The blockiness grid of a frame binned by `k`: `8 / k` when `k` is 2 or 4 (the source's
/// 8-pixel block edges fall exactly between binned pixels), else 8.
pub fn blockiness_grid(k: usize) -> usize {
    if k == 2 || k == 4 {
        BLOCK_SIZE / k
    } else {
        BLOCK_SIZE
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::plane::Plane;

    #[test]
    fn factors() {
        assert_eq!(analysis_factor(1280, 720), 1);
        assert_eq!(analysis_factor(176, 144), 1);
        assert_eq!(analysis_factor(1920, 1080), 2);
        assert_eq!(analysis_factor(1080, 1920), 2);
        assert_eq!(analysis_factor(1281, 720), 2);
        assert_eq!(analysis_factor(3840, 2160), 4);
        assert_eq!(analysis_factor(2560, 1440), 2); // 1280×720 fits exactly
        assert_eq!(analysis_factor(2562, 1442), 4);
        assert_eq!(analysis_factor(7680, 4320), 8);
        assert_eq!(analysis_factor(16384, 64), 4); // rows within ANALYSIS_MAX_WIDTH
        assert_eq!(analysis_factor(16384, 16384), MAX_ANALYSIS_FACTOR);
    }

    #[test]
    fn budgets_move_the_factor() {
        use crate::clip::config::FAST_ANALYSIS_PIXELS;
        assert_eq!(analysis_factor_within(1280, 720, FAST_ANALYSIS_PIXELS), 2);
        assert_eq!(analysis_factor_within(960, 540, FAST_ANALYSIS_PIXELS), 1);
        assert_eq!(analysis_factor_within(1920, 1080, FAST_ANALYSIS_PIXELS), 2);
        assert_eq!(analysis_factor_within(3840, 2160, FAST_ANALYSIS_PIXELS), 4);
        assert_eq!(analysis_factor_within(640, 272, FAST_ANALYSIS_PIXELS), 1);
        assert_eq!(analysis_factor_within(1920, 1080, 1920 * 1080), 1);
        // Rows stay within ANALYSIS_MAX_WIDTH whatever the budget; the factor is capped.
        assert_eq!(analysis_factor_within(8192, 2, usize::MAX), 2);
        assert_eq!(analysis_factor_within(16384, 16384, 1), MAX_ANALYSIS_FACTOR);
        // Never past the shorter side; rows that cannot be binned narrow enough stay whole.
        assert_eq!(analysis_factor_within(40, 2, 1), 2);
        assert_eq!(analysis_factor_within(5, 5, 1), 4);
        assert_eq!(analysis_factor_within(1, 16384, 1), 1);
        assert_eq!(analysis_factor(16384, 1), 1);
        assert_eq!(analysis_factor(16384, 3), 1);
        assert_eq!(analysis_factor(16384, 4), 4);
        let cfg = crate::clip::ClipConfig::new(1280, 720, 30.0).unwrap();
        assert_eq!(cfg.analysis_pixels, ANALYSIS_PIXELS);
        assert!(cfg.with_analysis_pixels(0).is_err());
    }

    /// Frames the budget cannot be met for (tiny budgets, one-row frames, rows too wide to
    /// bin within the shorter side) are still measured: every push succeeds.
    #[test]
    fn every_size_and_budget_can_be_pushed() {
        use crate::clip::{ClipConfig, ClipScorer};
        let cases: &[(usize, usize, usize)] = if cfg!(miri) {
            &[(40, 2, 1), (5, 5, 1), (1, 9, 1)]
        } else {
            &[
                (40, 2, 1),
                (5, 5, 1),
                (1, 9, 1),
                (16384, 1, ANALYSIS_PIXELS),
                (16384, 3, ANALYSIS_PIXELS),
                (9000, 3, 1),
            ]
        };
        let mut s: std::boxed::Box<ClipScorer> =
            std::boxed::Box::new(ClipScorer::new(ClipConfig::new(1, 1, 30.0).unwrap()).unwrap());
        for &(w, h, budget) in cases {
            let src: std::vec::Vec<u8> = (0..w * h).map(|i| (i * 37 % 251) as u8).collect();
            let plane = Plane::packed(&src, w, h).unwrap();
            let cfg = ClipConfig::new(w, h, 30.0)
                .unwrap()
                .with_analysis_pixels(budget)
                .unwrap();
            s.reset(cfg).unwrap();
            for _ in 0..3 {
                let o = s.push(&plane);
                assert!(
                    o.is_ok(),
                    "{w}×{h} budget {budget} (k = {}): {o:?}",
                    s.analysis_factor()
                );
            }
            assert!(s.finish().is_ok(), "{w}×{h}");
        }
    }
}
