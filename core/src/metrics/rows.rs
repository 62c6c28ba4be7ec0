//! Frame statistics from a frame delivered row by row (camera sensors and ISPs deliver lines).
//!
//! [`FrameStatsRows`] keeps the two previous rows the 3×3 stencils need (the rows above and
//! below a row, mirrored reflect-101 at the top and bottom edge as in [`super::frame_stats`]),
//! the 256-bin histogram and the exact integer sums: O(width) memory, at most `MAX_WIDTH`
//! samples per row. Row `y` is measured when row `y + 1` arrives (the last row at
//! [`FrameStatsRows::finish`]) by the same per-row function as the whole-frame path, so the
//! result equals [`super::frame_stats`] of the assembled 8-bit plane exactly (bit for bit).
//!
//! Memory: `2 · MAX_WIDTH` bytes of rows, 2 KiB of histogram, 4 KiB of tile scratch and the
//! sums: [`FrameStatsRows::STATE_BYTES`] (about 7 KiB for 320 or 640 samples per row).
//! 8-bit luma only (deeper samples go through [`super::frame_stats`] on whole planes).

use super::blockiness::BLOCK_SIZE;
use super::histogram::{HISTOGRAM_BINS, Histogram};
use super::stencil::{self, RowBuffers, Sums};
use super::{FrameStats, stats_from_sums};
use crate::error::{Error, Rule};

/// The sums every statistic needs.
const ALL: u8 = stencil::LAP | stencil::TEN | stencil::NOISE | stencil::STEPS;

/// Row-by-row accumulator of [`FrameStats`] for frames up to `MAX_WIDTH` samples wide.
/// Sequence: [`begin`](Self::begin), `height` × [`push_row`](Self::push_row),
/// [`finish`](Self::finish); then `begin` again for the next frame.
#[derive(Debug, Clone)]
pub struct FrameStatsRows<const MAX_WIDTH: usize> {
    /// The two latest rows: row `y` lives in `rows[y % 2]`.
    rows: [[u8; MAX_WIDTH]; 2],
    core: RowsCore,
}

/// Everything but the row buffers.
#[derive(Debug, Clone)]
struct RowsCore {
    hist: Histogram,
    sums: Sums,
    buf: RowBuffers,
    width: usize,
    height: usize,
    /// Block grid pitch of the blockiness step sums.
    block: usize,
    /// Rows received so far.
    next: usize,
}

impl<const MAX_WIDTH: usize> Default for FrameStatsRows<MAX_WIDTH> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const MAX_WIDTH: usize> FrameStatsRows<MAX_WIDTH> {
    /// Size of the accumulator in bytes.
    pub const STATE_BYTES: usize = core::mem::size_of::<Self>();

    /// An idle accumulator (call [`begin`](Self::begin) before the first row).
    pub const fn new() -> Self {
        FrameStatsRows {
            rows: [[0; MAX_WIDTH]; 2],
            core: RowsCore {
                hist: Histogram {
                    bins: [0; HISTOGRAM_BINS],
                    total: 0,
                },
                sums: Sums {
                    lap: 0,
                    lap_sq: 0,
                    ten: 0,
                    noise: 0,
                    steps_boundary: 0,
                    steps_inner: 0,
                },
                buf: stencil::row_buffers(),
                width: 0,
                height: 0,
                block: BLOCK_SIZE,
                next: 0,
            },
        }
    }

    /// Starts a `width × height` frame, forgetting any unfinished one. Errors on zero sizes
    /// or `width > MAX_WIDTH`.
    pub fn begin(&mut self, width: usize, height: usize) -> Result<(), Error> {
        self.begin_with_grid(width, height, BLOCK_SIZE)
    }

    /// [`begin`](Self::begin) with blockiness measured on a `block`-pixel grid (≥ 1) instead of
    /// the 8-pixel coding grid: a frame binned k× has its source's 8-pixel blocks on an
    /// `8 / k` grid.
    pub fn begin_with_grid(
        &mut self,
        width: usize,
        height: usize,
        block: usize,
    ) -> Result<(), Error> {
        if block == 0 {
            return Err(Error::invalid(
                "block grid",
                0.0,
                Rule::Text("a block size >= 1"),
            ));
        }
        if width == 0 || height == 0 {
            return Err(Error::EmptyPlane { width, height });
        }
        if width > MAX_WIDTH {
            return Err(Error::CapacityExceeded {
                capacity: MAX_WIDTH,
            });
        }
        let c = &mut self.core;
        c.hist.bins = [0; HISTOGRAM_BINS];
        c.hist.total = 0;
        c.sums = Sums::default();
        c.width = width;
        c.height = height;
        c.block = block;
        c.next = 0;
        Ok(())
    }

    /// Rows received since [`begin`](Self::begin).
    pub fn rows_received(&self) -> usize {
        self.core.next
    }

    /// Adds the next row (exactly `width` samples). Errors before `begin`, on a wrong length
    /// or past the last row.
    pub fn push_row(&mut self, row: &[u8]) -> Result<(), Error> {
        let [r0, r1] = &mut self.rows;
        self.core.push_row(r0, r1, row)
    }

    /// Measures the last row and returns the frame's statistics (equal to
    /// [`super::frame_stats`] of the whole plane). Errors unless all `height` rows arrived;
    /// the accumulator is idle afterwards.
    pub fn finish(&mut self) -> Result<FrameStats, Error> {
        let [r0, r1] = &self.rows;
        self.core.finish(r0, r1)
    }
}

impl RowsCore {
    /// [`FrameStatsRows::push_row`] on the two row buffers (not generic over the row capacity,
    /// so every capacity shares one copy of the code: flash matters on microcontrollers).
    fn push_row(&mut self, r0: &mut [u8], r1: &mut [u8], row: &[u8]) -> Result<(), Error> {
        if self.width == 0 {
            return Err(Error::InvalidState {
                reason: "push_row before begin",
            });
        }
        if row.len() != self.width {
            return Err(Error::LengthMismatch {
                expected: self.width,
                got: row.len(),
            });
        }
        if self.next == self.height {
            return Err(Error::InvalidState {
                reason: "more rows than the frame's height",
            });
        }
        let y = self.next;
        for &v in row {
            self.hist.bins[usize::from(v)] += 1;
        }
        let w = self.width;
        if y >= 1 {
            // Row y − 1 now has both neighbours: above is y − 2 (row 1, i.e. this one, when
            // y − 1 is the top row), below is this row.
            let (prev, prev2): (&[u8], &[u8]) = if y.is_multiple_of(2) {
                (r1, r0)
            } else {
                (r0, r1)
            };
            let above = if y == 1 { row } else { &prev2[..w] };
            stencil::add_row::<u8, ALL>(
                above,
                &prev[..w],
                row,
                y - 1,
                self.height,
                self.block,
                &mut self.buf,
                &mut self.sums,
            );
        }
        let dst = if y.is_multiple_of(2) { r0 } else { r1 };
        dst[..w].copy_from_slice(row);
        self.next += 1;
        Ok(())
    }

    /// [`FrameStatsRows::finish`] on the two row buffers.
    fn finish(&mut self, r0: &[u8], r1: &[u8]) -> Result<FrameStats, Error> {
        if self.width == 0 || self.next != self.height {
            return Err(Error::InvalidState {
                reason: "finish before the frame's last row",
            });
        }
        let (w, h) = (self.width, self.height);
        let rows = [r0, r1];
        let last = &rows[(h - 1) % 2][..w];
        // Reflect-101 below the last row is the row above it (itself for a one-row frame).
        let above = if h == 1 {
            last
        } else {
            &rows[(h - 2) % 2][..w]
        };
        stencil::add_row::<u8, ALL>(
            above,
            last,
            above,
            h - 1,
            h,
            self.block,
            &mut self.buf,
            &mut self.sums,
        );
        self.hist.total = (w * h) as u64;
        self.width = 0;
        Ok(stats_from_sums(
            &self.hist,
            &self.sums,
            (w, h),
            8,
            self.block,
        ))
    }
}
