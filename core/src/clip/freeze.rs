//! Freezes, one tracker: FFmpeg `freezedetect`'s comparison on the working copy.
//!
//! Each frame is compared with a reference, the first frame of the current still run:
//! `diff = mean|cur − ref| / 255` (mean absolute difference as a share of full scale). While
//! `diff ≤ FREEZE_NOISE` the frame is frozen and the reference stays, so a slow drift adds up
//! until it counts as a change; a larger difference makes the frame the new reference
//! (`libavfilter/vf_freezedetect.c`, which also compares with the first frame of the run and
//! whose `noise` is the same share). The first frame has no reference: its `diff` is 1.
//! Unlike FFmpeg, a changed frame is also compared with the reference's best tone change
//! ([`working::tone_fit_diff`]), and where that reading is within `FREEZE_NOISE` it is `diff`:
//! a frozen picture whose brightness flickers or fades is still frozen, as a viewer sees it.
//! The defect rules read `diff` per frame ([`super::defects`]).

use super::config::FREEZE_NOISE;
use super::working;

/// The reference frame of the current still run (fixed size; all zeros is a valid fresh state).
#[derive(Debug, Clone)]
pub struct FreezeTracker<const PIXELS: usize> {
    reference: [u8; PIXELS],
}

impl<const PIXELS: usize> Default for FreezeTracker<PIXELS> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const PIXELS: usize> FreezeTracker<PIXELS> {
    /// A tracker that has seen no frame.
    pub const fn new() -> Self {
        FreezeTracker {
            reference: [0; PIXELS],
        }
    }

    /// Takes working frame `cur` (at most `PIXELS` pixels) and returns its difference from the
    /// reference, a share of full scale (1 for the `first` frame); a frame that differs by more
    /// than [`FREEZE_NOISE`] becomes the reference.
    pub fn observe(&mut self, cur: &[u8], first: bool) -> f64 {
        let diff = if first {
            1.0
        } else {
            let plain = working::mean_abs_diff(cur, &self.reference) / 255.0;
            if plain > FREEZE_NOISE {
                let n = cur.len().min(PIXELS);
                let reference = self.reference.get(..n).unwrap_or_default();
                match working::tone_fit_diff(cur, reference, FREEZE_NOISE * 255.0) {
                    Some(fit) if fit / 255.0 <= FREEZE_NOISE => fit / 255.0,
                    _ => plain,
                }
            } else {
                plain
            }
        };
        if diff > FREEZE_NOISE {
            for (r, &c) in self.reference.iter_mut().zip(cur) {
                *r = c;
            }
        }
        diff
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_compare_with_the_first_of_the_still_run() {
        let mut t = FreezeTracker::<4>::new();
        assert_eq!(t.observe(&[10, 10, 10, 10], true), 1.0);
        // One code value in one of four pixels: 0.25 / 255 ≈ 0.00098 ≤ 0.001, frozen.
        let one = 0.25 / 255.0;
        assert!(one <= FREEZE_NOISE);
        assert_eq!(t.observe(&[10, 10, 10, 11], false), one);
        // The reference stayed the run's first frame: the drift adds up to 0.5 / 255, a change.
        assert_eq!(t.observe(&[10, 10, 10, 12], false), 0.5 / 255.0);
        // ... which is the new reference.
        assert_eq!(t.observe(&[10, 10, 10, 12], false), 0.0);
        // A cut: mean |Δ| = (90 + 90 + 0 + 88) / 4 = 67, and no tone change of the reference
        // comes within the noise (the closest misses by 30, `working` tests).
        assert_eq!(t.observe(&[100, 100, 10, 100], false), 67.0 / 255.0);
        assert_eq!(t.observe(&[100, 100, 10, 100], false), 0.0);
    }

    #[test]
    fn a_frozen_picture_under_flicker_stays_frozen() {
        let picture = [20u8, 80, 140, 200];
        let mut t = FreezeTracker::<4>::new();
        t.observe(&picture, true);
        // Brighter by 10 and by a gain of 1.25 (exact in integers): the same picture.
        assert_eq!(t.observe(&[30, 90, 150, 210], false), 0.0);
        assert_eq!(t.observe(&[25, 100, 175, 250], false), 0.0);
        // Moved (two pixels swapped) and brighter: mean |Δ| = (70 + 50 + 70 + 50) / 4 = 60 (the
        // closest tone change misses by 48).
        assert_eq!(t.observe(&[90, 30, 210, 150], false), 60.0 / 255.0);
    }

    #[test]
    fn a_picture_after_a_flat_frame_is_no_freeze() {
        let mut t = FreezeTracker::<4>::new();
        t.observe(&[10, 10, 10, 10], true);
        // Against a flat reference only the mean is fitted, missing by 60: the plain 100 stands.
        assert_eq!(t.observe(&[20, 80, 140, 200], false), 100.0 / 255.0);
        // Every pixel of a black reference is clipped: no fit.
        let mut t = FreezeTracker::<4>::new();
        t.observe(&[0, 0, 0, 0], true);
        assert_eq!(t.observe(&[20, 80, 140, 200], false), 110.0 / 255.0);
    }

    #[test]
    fn clipped_pixels_are_left_out_of_the_fit() {
        let mut t = FreezeTracker::<4>::new();
        t.observe(&[5, 80, 140, 250], true);
        // Darker by 10: the 5 clips to 0, which says nothing of the tone change; the other
        // three fit exactly.
        assert_eq!(t.observe(&[0, 70, 130, 240], false), 0.0);
    }

    #[test]
    fn a_smaller_working_frame_compares_its_own_pixels() {
        // A scorer whose working frame is smaller than its capacity (`PIXELS`).
        let mut t = FreezeTracker::<8>::new();
        t.observe(&[50, 60, 70], true);
        // Plain mean |Δ| 2/3 (the fit, α = 1, β = 2/3, misses by 8/9).
        assert_eq!(t.observe(&[50, 62, 70], false), 2.0 / 3.0 / 255.0);
        assert_eq!(t.observe(&[50, 62, 70], false), 0.0);
    }
}
