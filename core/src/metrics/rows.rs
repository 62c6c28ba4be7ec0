//! The row engine: the 8-bit frame statistics accumulated one row at a time.
//!
//! [`FrameSums`] takes each row with the rows above and below it (mirrored reflect-101 at the
//! top and bottom edge as in [`super::frame_stats`]) and adds, from that one visit, everything
//! the statistics need: the row's histogram (on 64-bit hosts eight interleaved `u32`
//! sub-histograms, so runs of equal samples do not serialise on one counter) and the 3×3
//! stencil sums of
//! [`super::stencil`] (Laplacian, Immerkær noise, blockiness steps; Sobel for Tenengrad when
//! asked). Whole planes are these rows in a loop ([`super::frame_stats`] and the clip scorer);
//! [`FrameStatsRows`] keeps the two previous rows of a frame delivered row by row (camera
//! sensors and ISPs deliver lines) and calls the same [`FrameSums::row`], so both give the
//! same statistics bit for bit.
//!
//! Memory of [`FrameStatsRows`]: `2 · MAX_WIDTH` bytes of rows, the histogram (8 KiB of
//! sub-histograms on 64-bit hosts, 1 KiB elsewhere) and the sums:
//! [`FrameStatsRows::STATE_BYTES`] (about 2 KiB + 2 · `MAX_WIDTH` bytes on a microcontroller).
//! 8-bit luma only (deeper samples go through [`super::frame_stats`] on
//! whole planes).

use super::blockiness::BLOCK_SIZE;
use super::histogram::{HISTOGRAM_BINS, Histogram};
use super::stencil::{self, Sums};
use super::{FrameStats, stats_from_sums};
use crate::error::{Error, Rule};

/// Interleaved sub-histograms of [`FrameSums`] on whole planes ([`WholeSums`]): eight on
/// 64-bit hosts, whose out-of-order cores would otherwise wait on the store and reload of one
/// counter when neighbouring samples are equal; one on 32-bit targets (microcontrollers:
/// in-order cores, scarce memory).
#[cfg(target_pointer_width = "64")]
pub(crate) const SUB_WHOLE: usize = 8;
#[cfg(not(target_pointer_width = "64"))]
pub(crate) const SUB_WHOLE: usize = 1;

/// Sub-histograms of the row-fed state ([`FrameStatsRows`]), which lives as long as its owner:
/// four on 64-bit hosts (4 KiB, nearly all of the eight's speed), one elsewhere.
#[cfg(target_pointer_width = "64")]
const SUB_ROWS: usize = 4;
#[cfg(not(target_pointer_width = "64"))]
const SUB_ROWS: usize = 1;

/// [`FrameSums`] of whole planes, held on the stack while a frame is measured.
pub(crate) type WholeSums = FrameSums<SUB_WHOLE>;

/// The statistics of one 8-bit frame, accumulated row by row (see the module docs).
/// Sequence: [`begin`](Self::begin), [`row`](Self::row) for every row `0..height` in order,
/// [`finish`](Self::finish). `SUB` interleaved sub-histograms (≥ 1).
#[derive(Debug, Clone)]
pub(crate) struct FrameSums<const SUB: usize> {
    /// Sub-histogram `j` counts the samples at columns `i · SUB + j` (and the row
    /// tails), summed at [`finish`](Self::finish). `u32`, not `u16`: a frame has at most
    /// 16384² < 2³² samples, so no counter wraps and none needs flushing, and x86-64 updates a
    /// 32-bit counter in memory faster than a 16-bit one.
    sub: [[u32; HISTOGRAM_BINS]; SUB],
    sums: Sums,
    width: usize,
    height: usize,
    /// Block grid pitch of the blockiness step sums.
    block: usize,
    /// Whether the Sobel sum (Tenengrad) is formed.
    ten: bool,
}

impl<const SUB: usize> FrameSums<SUB> {
    /// An idle accumulator.
    pub(crate) const fn new() -> Self {
        FrameSums {
            sub: [[0; HISTOGRAM_BINS]; SUB],
            sums: Sums {
                lap: 0,
                lap_sq: 0,
                ten: 0,
                noise: 0,
                steps_boundary: 0,
                steps_inner: 0,
            },
            width: 0,
            height: 0,
            block: BLOCK_SIZE,
            ten: true,
        }
    }

    /// Starts a `width × height` frame (both ≥ 1, checked by the callers) with blockiness on a
    /// `block`-pixel grid, Tenengrad measured only when `ten`.
    pub(crate) fn begin(&mut self, width: usize, height: usize, block: usize, ten: bool) {
        self.sub = [[0; HISTOGRAM_BINS]; SUB];
        self.sums = Sums::default();
        (self.width, self.height, self.block, self.ten) = (width, height, block.max(1), ten);
    }

    /// Adds row `y`: `c` is the row, `u` and `d` the rows above and below it after the
    /// reflect-101 mapping (all `width` long).
    #[inline]
    pub(crate) fn row(&mut self, u: &[u8], c: &[u8], d: &[u8], y: usize) {
        let (block, ten, height) = (self.block, self.ten, self.height);
        // Eight tables: the histogram is counted inside the stencil kernel's loop, where its
        // counter stores overlap the kernel's vector work.
        if let Ok(t) = <&mut [[u32; HISTOGRAM_BINS]; 8]>::try_from(self.sub.as_mut_slice()) {
            stencil::add_row(u, c, d, [y, height], block, ten, &mut self.sums, Some(t));
            return;
        }
        let blocks = c.chunks_exact(SUB);
        if let Some(first) = self.sub.first_mut() {
            for &v in blocks.remainder() {
                first[usize::from(v)] += 1;
            }
        }
        for q in blocks {
            for (h, &v) in self.sub.iter_mut().zip(q) {
                h[usize::from(v)] += 1;
            }
        }
        stencil::add_row(u, c, d, [y, height], block, ten, &mut self.sums, None);
    }

    /// The frame's statistics (Tenengrad 0 unless it was asked for).
    pub(crate) fn finish(&mut self) -> FrameStats {
        let (w, h) = (self.width, self.height);
        let mut bins = [0u64; HISTOGRAM_BINS];
        for sub in &self.sub {
            for (b, &c) in bins.iter_mut().zip(sub) {
                *b += u64::from(c);
            }
        }
        let hist = Histogram {
            bins,
            total: (w * h) as u64,
        };
        stats_from_sums(&hist, &self.sums, (w, h), 8, self.block)
    }
}

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
    sums: FrameSums<SUB_ROWS>,
    width: usize,
    height: usize,
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
                sums: FrameSums::new(),
                width: 0,
                height: 0,
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
        self.begin_with(width, height, block, true)
    }

    /// [`begin_with_grid`](Self::begin_with_grid), with the Sobel sum (Tenengrad) formed only
    /// when `ten` (else `tenengrad` is 0).
    pub(crate) fn begin_with(
        &mut self,
        width: usize,
        height: usize,
        block: usize,
        ten: bool,
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
        c.sums.begin(width, height, block, ten);
        c.width = width;
        c.height = height;
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
        let (y, w) = (self.next, self.width);
        // `r0` holds the even rows, `r1` the odd ones.
        let (cur, other) = if y.is_multiple_of(2) {
            (r0, r1)
        } else {
            (r1, r0)
        };
        if y >= 1 {
            // Row y − 1 now has both neighbours: above is y − 2 (this row's buffer, not yet
            // overwritten; this very row when y − 1 is the top row), below is this row.
            let prev = other.get(..w).unwrap_or_default();
            let above = if y == 1 {
                row
            } else {
                cur.get(..w).unwrap_or_default()
            };
            self.sums.row(above, prev, row, y - 1);
        }
        if let Some(dst) = cur.get_mut(..w) {
            dst.copy_from_slice(row);
        }
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
        let (last, other) = if (h - 1).is_multiple_of(2) {
            (r0, r1)
        } else {
            (r1, r0)
        };
        let last = last.get(..w).unwrap_or_default();
        // Reflect-101 below the last row is the row above it (itself for a one-row frame).
        let above = if h == 1 {
            last
        } else {
            other.get(..w).unwrap_or_default()
        };
        self.sums.row(above, last, above, h - 1);
        self.width = 0;
        Ok(self.sums.finish())
    }
}
