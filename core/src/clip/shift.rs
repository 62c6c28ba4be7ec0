//! The camera's global translation, one tracker: the brightness profiles (column and row sums)
//! of the last two working frames, matched by [`working::best_shift`] along each axis. A shift
//! counts as reliable only where it explains the change ([`SHIFT_RELIABLE_RATIO`]); shake,
//! the colour and artefact checks' compensation and the relit-cut test read it.
//!
//! [`SHIFT_RELIABLE_RATIO`]: super::config::SHIFT_RELIABLE_RATIO

use super::config::{MAX_WORK_HEIGHT, MAX_WORK_WIDTH};
use super::working;

/// The shift between the last two frames along x and y, each with whether it is reliable.
pub type Shift = ((i32, bool), (i32, bool));

/// Profiles of the last two working frames (fixed size; all zeros is a valid fresh state).
#[derive(Debug, Clone)]
pub struct ShiftTracker {
    /// `[current, previous]` column sums (≤ 256 × 255: `u16`).
    cols: [[u16; MAX_WORK_WIDTH]; 2],
    /// `[current, previous]` row sums.
    rows: [[u16; MAX_WORK_HEIGHT]; 2],
}

impl Default for ShiftTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl ShiftTracker {
    /// A tracker that has seen no frame.
    pub const fn new() -> Self {
        ShiftTracker {
            cols: [[0; MAX_WORK_WIDTH]; 2],
            rows: [[0; MAX_WORK_HEIGHT]; 2],
        }
    }

    /// Takes working frame `cur` (`w × h`, at most the working maximum each way) and returns
    /// its shift from the frame before (`((0, true), (0, true))` for the `first` frame).
    pub fn observe(&mut self, cur: &[u8], w: usize, h: usize, first: bool) -> Shift {
        self.cols.swap(0, 1);
        self.rows.swap(0, 1);
        {
            let [cols, _] = &mut self.cols;
            let [rows, _] = &mut self.rows;
            working::profiles(cur, w, h, cols, rows);
        }
        if first {
            return ((0, true), (0, true));
        }
        // (The working sides fit the profiles: the `min`s change nothing.)
        let (w, h) = (w.min(MAX_WORK_WIDTH), h.min(MAX_WORK_HEIGHT));
        let [cols, prev_cols] = &self.cols;
        let [rows, prev_rows] = &self.rows;
        (
            working::best_shift(&cols[..w], &prev_cols[..w]),
            working::best_shift(&rows[..h], &prev_rows[..h]),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 64×48 frame of smooth texture seen through a window moved by `(dx, dy)`.
    fn view(dx: i32, dy: i32) -> [u8; 64 * 48] {
        let mut f = [0u8; 64 * 48];
        for (i, p) in f.iter_mut().enumerate() {
            let (x, y) = ((i % 64) as i32 + dx, (i / 64) as i32 + dy);
            let v = 128.0
                + 60.0 * libm::sin(f64::from(x) * 0.37)
                + 50.0 * libm::cos(f64::from(y) * 0.29);
            *p = v as u8;
        }
        f
    }

    #[test]
    fn a_moved_window_reads_as_its_shift_and_a_cut_as_unreliable() {
        let mut t = ShiftTracker::new();
        assert_eq!(t.observe(&view(0, 0), 64, 48, true), ((0, true), (0, true)));
        // The window moved 2 right and 1 down: cur[i] = prev[i + s] at s = (2, 1).
        assert_eq!(
            t.observe(&view(2, 1), 64, 48, false),
            ((2, true), (1, true))
        );
        // Still: no shift.
        assert_eq!(
            t.observe(&view(2, 1), 64, 48, false),
            ((0, true), (0, true))
        );
        // Another picture: no shift explains it along x.
        let mut other = [0u8; 64 * 48];
        for (i, p) in other.iter_mut().enumerate() {
            *p = if (i % 64) % 9 < 2 { 250 } else { 10 };
        }
        assert!(!t.observe(&other, 64, 48, false).0.1);
    }
}
