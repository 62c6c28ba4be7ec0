//! Freezes, one tracker: FFmpeg `freezedetect`'s comparison on the working copy.
//!
//! Each frame is compared with a reference, the first frame of the current still run:
//! `diff = mean|cur − ref| / 255` (mean absolute difference as a share of full scale). While
//! `diff ≤ FREEZE_NOISE` the frame is frozen and the reference stays, so a slow drift adds up
//! until it counts as a change; a larger difference makes the frame the new reference
//! (`libavfilter/vf_freezedetect.c`, which also compares with the first frame of the run and
//! whose `noise` is the same share). The first frame has no reference: its `diff` is 1.
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
            working::mean_abs_diff(cur, &self.reference) / 255.0
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
        // A cut: mean |Δ| = (90 + 90 + 90 + 88) / 4 = 89.5.
        assert_eq!(t.observe(&[100, 100, 100, 100], false), 89.5 / 255.0);
        assert_eq!(t.observe(&[100, 100, 100, 100], false), 0.0);
    }

    #[test]
    fn a_smaller_working_frame_compares_its_own_pixels() {
        // A scorer whose working frame is smaller than its capacity (`PIXELS`).
        let mut t = FreezeTracker::<8>::new();
        t.observe(&[50, 60], true);
        assert_eq!(t.observe(&[50, 62], false), 1.0 / 255.0);
        assert_eq!(t.observe(&[50, 62], false), 0.0);
    }
}
