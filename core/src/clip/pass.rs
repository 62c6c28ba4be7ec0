//! One pass per frame: everything the clip scorer measures of a frame, read once, row by row.
//!
//! Each row is visited once and all the per-frame sums are accumulated from it while it is in
//! cache: the frame statistics of the row engine ([`crate::metrics::rows`]: histogram and 3×3
//! stencil), the working copy's column
//! sums ([`super::working::add_row`]) and, for frames binned k×k ([`super::analysis`]), the
//! binning sums and at k = 2 the row pairs' noise residual ([`crate::metrics::noise`]).
//!
//! Frames measured as they are read the plane's rows in place ([`whole`]); binned frames and
//! frames delivered row by row go through [`FrameRows`], which keeps the O(width) row state.
//! Each path calls the same row steps ([`FrameSums::row`] and [`working::add_row`], and the
//! binning of [`bin_add`], [`bin2`] and [`bin_take`]), so a frame gives the same observation
//! bit for bit whichever way it arrives.
//!
//! Binning: `k` source rows are summed into one binned row (column sums in `u16`,
//! `k ≤ MAX_ANALYSIS_FACTOR`), binned pixel `⌊(Σ k×k block + k²/2) / k²⌋`, the trailing
//! `w mod k` columns and `h mod k` rows left out; limited-range codes are binned as they are
//! and each binned pixel expanded to full range from its block's exact mean
//! ([`crate::color::LimitedSums`]). At k = 2 the top row of each pair waits as it is (row-fed
//! frames keep it in the binning buffer) until the row below arrives: the pair gives its
//! binned row and its noise residual in one step ([`bin2`]).

use super::analysis::blockiness_grid;
use super::config::{ANALYSIS_MAX_WIDTH, MAX_ANALYSIS_FACTOR, MAX_WORK_WIDTH};
use super::working::{self, WHOLE_COLS, WorkGeometry};
use crate::color::{LimitedSums, Range, expand_limited_row};
use crate::error::{Error, Rule};
use crate::kernels;
use crate::metrics::FrameStats;
use crate::metrics::blockiness::BLOCK_SIZE;
use crate::metrics::noise;
use crate::metrics::rows::{FrameStatsRows, WholeSums};
use crate::metrics::stencil::reflect101;
use crate::plane::Plane;

/// Whether the scorer measures Tenengrad: no. Its verdict does not use it, and the Sobel sums of
/// the 3×3 kernel are a good part of a push's time; an observation's `stats.tenengrad` is 0
/// ([`crate::metrics::frame_stats`] and [`FrameStatsRows`] still measure it).
const TENENGRAD: bool = false;

/// The statistics of `luma` measured as it is, and its working copy box-averaged into `work`
/// (geometry `g`): one pass over the rows. Full-range luma only.
pub(crate) fn whole(luma: &Plane<'_, u8>, g: &WorkGeometry, work: &mut [u8]) -> FrameStats {
    let (w, h) = luma.size();
    let mut sums = WholeSums::new();
    sums.begin(w, h, BLOCK_SIZE, TENENGRAD);
    let mut cols = [0u16; WHOLE_COLS];
    let mut acc = [0u32; MAX_WORK_WIDTH];
    for y in 0..h {
        let u = luma.row(reflect101(y as isize - 1, h));
        let c = luma.row(y);
        let d = luma.row(reflect101(y as isize + 1, h));
        sums.row(u, c, d, y);
        working::add_row(c, y, h, g, &mut cols, &mut acc, work);
    }
    sums.finish()
}

/// [`whole`] of limited-range (16–235) luma: each row is expanded to full range once as it is
/// needed, exactly as [`crate::color::expand_limited_range`] expands it, into a ring of three
/// rows on the stack (12 KiB), so the expanded frame is never written out. Rows at most
/// [`WHOLE_COLS`] wide (callers check; wider ones are expanded into a frame first).
pub(crate) fn whole_limited(luma: &Plane<'_, u8>, g: &WorkGeometry, work: &mut [u8]) -> FrameStats {
    let (w, h) = luma.size();
    let mut sums = WholeSums::new();
    sums.begin(w, h, BLOCK_SIZE, TENENGRAD);
    let mut cols = [0u16; WHOLE_COLS];
    let mut acc = [0u32; MAX_WORK_WIDTH];
    // Row r lives in ring[r % 3] from when row r − 1 is measured until row r + 1 is.
    let mut ring = [[0u8; WHOLE_COLS]; 3];
    let expand = |ring: &mut [[u8; WHOLE_COLS]; 3], r: usize| {
        if let Some(dst) = ring.get_mut(r % 3).and_then(|s| s.get_mut(..w)) {
            expand_limited_row(luma.row(r), dst);
        }
    };
    expand(&mut ring, 0);
    if h > 1 {
        expand(&mut ring, 1);
    }
    for y in 0..h {
        if y >= 1 && y + 1 < h {
            expand(&mut ring, y + 1);
        }
        let row = |r: usize| ring.get(r % 3).and_then(|s| s.get(..w)).unwrap_or_default();
        let (u, c, d) = (
            row(reflect101(y as isize - 1, h)),
            row(y),
            row(reflect101(y as isize + 1, h)),
        );
        sums.row(u, c, d, y);
        working::add_row(c, y, h, g, &mut cols, &mut acc, work);
    }
    sums.finish()
}

/// [`FrameStats`] of `luma` binned by `k ≥ 2` (see the module docs), and the working copy
/// box-averaged from the binned rows into `work` (geometry `g`, set for the binned size):
/// [`FrameRows`] fed the plane's rows. `range`: the codes' range. Not inlined: its ~34 KiB of
/// row state live on the stack only while it runs, never in callers that do not bin.
#[inline(never)]
pub(crate) fn binned(
    luma: &Plane<'_, u8>,
    k: usize,
    range: Range,
    g: &WorkGeometry,
    work: &mut [u8],
) -> Result<FrameStats, Error> {
    if k < 2 {
        return Err(Error::invalid(
            "analysis binning factor",
            k as f64,
            Rule::Whole {
                lo: 2.0,
                hi: MAX_ANALYSIS_FACTOR as f64,
            },
        ));
    }
    let mut rows = FrameRows::<ANALYSIS_MAX_WIDTH>::new();
    rows.begin(luma.size(), k, range)?;
    let h = luma.height();
    if k == 2 {
        // Whole pairs straight from the plane (no copy of the top rows); the trailing odd row
        // is left out as the row path leaves it out.
        for i in 0..h / 2 {
            rows.pair(luma.row(2 * i), luma.row(2 * i + 1), g, work);
        }
        rows.next = h;
    } else {
        for y in 0..h {
            rows.push_row(luma.row(y), g, work)?;
        }
    }
    rows.finish()
}

/// The row state of one frame whose analysis rows (the frame's width, or its width / k when
/// binned) are at most `MAX_WIDTH` samples: the row engine's two previous rows and sums, the
/// working copy's column sums, and the binning buffer.
#[derive(Debug, Clone)]
pub(crate) struct FrameRows<const MAX_WIDTH: usize> {
    stats: FrameStatsRows<MAX_WIDTH>,
    /// Column sums of the working copy (analysis columns).
    cols: [u16; MAX_WIDTH],
    /// Block sums of the working copy.
    acc: [u32; MAX_WORK_WIDTH],
    /// k = 2: the open pair's top row (`2 · width / 2` bytes); k ≥ 3: the binned column sums
    /// (little-endian `u16`s).
    bin: [[u8; 2]; MAX_WIDTH],
    /// The binned row just taken.
    bin_row: [u8; MAX_WIDTH],
    /// The frame's row-pair noise sum (k = 2).
    pairs: u64,
    /// Source rows received.
    next: usize,
    /// Source frame size (0 × 0: no frame open).
    size: (usize, usize),
    k: usize,
    range: Range,
}

impl<const MAX_WIDTH: usize> FrameRows<MAX_WIDTH> {
    /// An idle state.
    pub(crate) const fn new() -> Self {
        FrameRows {
            stats: FrameStatsRows::new(),
            cols: [0; MAX_WIDTH],
            acc: [0; MAX_WORK_WIDTH],
            bin: [[0; 2]; MAX_WIDTH],
            bin_row: [0; MAX_WIDTH],
            pairs: 0,
            next: 0,
            size: (0, 0),
            k: 1,
            range: Range::Full,
        }
    }

    /// Starts a `size` frame measured at factor `k` (1 ≤ k ≤ [`MAX_ANALYSIS_FACTOR`]) from
    /// `range` codes (binned frames only: rows measured as they are must be full range).
    /// Errors on an analysis size of zero or wider than `MAX_WIDTH`.
    pub(crate) fn begin(
        &mut self,
        size: (usize, usize),
        k: usize,
        range: Range,
    ) -> Result<(), Error> {
        if !(1..=MAX_ANALYSIS_FACTOR).contains(&k) {
            return Err(Error::invalid(
                "analysis binning factor",
                k as f64,
                Rule::Whole {
                    lo: 1.0,
                    hi: MAX_ANALYSIS_FACTOR as f64,
                },
            ));
        }
        let (w, h) = (size.0 / k, size.1 / k);
        self.stats.begin_with(w, h, blockiness_grid(k), TENENGRAD)?;
        self.cols = [0; MAX_WIDTH];
        self.acc = [0; MAX_WORK_WIDTH];
        self.bin = [[0; 2]; MAX_WIDTH];
        self.pairs = 0;
        self.next = 0;
        (self.size, self.k, self.range) = (size, k, range);
        Ok(())
    }

    /// The source size of the open frame (0 × 0 when none is open).
    pub(crate) fn size(&self) -> (usize, usize) {
        self.size
    }

    /// Source rows received since [`begin`](Self::begin).
    pub(crate) fn rows_received(&self) -> usize {
        self.next
    }

    /// Adds the next source row (its length checked by the caller), measuring what it
    /// completes into the working copy `work` (geometry `g`).
    pub(crate) fn push_row(
        &mut self,
        row: &[u8],
        g: &WorkGeometry,
        work: &mut [u8],
    ) -> Result<(), Error> {
        // `k ≥ 1` since `begin`; `max(1)` spares the panic path.
        let (y, k) = (self.next, self.k.max(1));
        let (w, h) = (self.size.0 / k, self.size.1 / k);
        if k == 1 {
            working::add_row(row, y, h, g, &mut self.cols, &mut self.acc, work);
            self.stats.push_row(row)?;
        } else if y < h * k {
            if k == 2 {
                if y.is_multiple_of(2) {
                    // The top row waits in the binning buffer for the row below.
                    for (b, p) in self.bin.iter_mut().zip(row.chunks_exact(2)) {
                        b.copy_from_slice(p);
                    }
                } else {
                    let top = self.bin.as_flattened().get(..2 * w).unwrap_or_default();
                    let bin_row = self.bin_row.get_mut(..w).unwrap_or_default();
                    self.pairs += u64::from(bin2(top, row, bin_row, self.range));
                    self.binned_row(g, work)?;
                }
            } else {
                let sums = self.bin.get_mut(..w).unwrap_or_default();
                bin_add(sums, row, k);
                if (y + 1).is_multiple_of(k) {
                    bin_take(
                        sums,
                        self.bin_row.get_mut(..w).unwrap_or_default(),
                        k,
                        self.range,
                    );
                    self.binned_row(g, work)?;
                }
            }
        }
        self.next += 1;
        Ok(())
    }

    /// Adds a whole source row pair of a frame binned by 2 (`top` and `bottom` at least
    /// `2 · width / 2` long): what [`push_row`](Self::push_row) does with the two rows, without
    /// holding the top row.
    fn pair(&mut self, top: &[u8], bottom: &[u8], g: &WorkGeometry, work: &mut [u8]) {
        let w = self.size.0 / 2;
        let bin_row = self.bin_row.get_mut(..w).unwrap_or_default();
        self.pairs += u64::from(bin2(top, bottom, bin_row, self.range));
        // The only error of a binned row is a frame already complete: not reachable here.
        let _ = self.binned_row(g, work);
        self.next += 2;
    }

    /// Measures the binned row in `bin_row`: the statistics and the working copy.
    fn binned_row(&mut self, g: &WorkGeometry, work: &mut [u8]) -> Result<(), Error> {
        let k = self.k.max(1);
        let (w, h) = (self.size.0 / k, self.size.1 / k);
        let row = self.bin_row.get(..w).unwrap_or_default();
        let by = self.next / k;
        working::add_row(row, by, h, g, &mut self.cols, &mut self.acc, work);
        self.stats.push_row(row)
    }

    /// The frame's statistics once all its rows arrived (at k = 2 with the source row pairs'
    /// noise, [`with_pair_noise`]); the state is idle afterwards.
    pub(crate) fn finish(&mut self) -> Result<FrameStats, Error> {
        let stats = self.stats.finish()?;
        let (size, k) = (self.size, self.k);
        self.size = (0, 0);
        Ok(with_pair_noise(stats, k, self.pairs, size, self.range))
    }
}

/// Adds source row `row` to the binned column sums `sums` (`width / k` little-endian `u16`s;
/// `k ≥ 3`, each sum at most `k² · 255 < 2¹⁶`).
pub(crate) fn bin_add(sums: &mut [[u8; 2]], row: &[u8], k: usize) {
    let add = |s: &mut [u8; 2], block: &[u8]| {
        let v = u16::from_le_bytes(*s) + block.iter().map(|&v| u16::from(v)).sum::<u16>();
        *s = v.to_le_bytes();
    };
    if k == 4 {
        // A known width unrolls.
        for (s, block) in sums.iter_mut().zip(row.chunks_exact(4)) {
            add(s, block);
        }
        return;
    }
    for (s, block) in sums.iter_mut().zip(row.chunks_exact(k.max(1))) {
        add(s, block);
    }
}

/// Writes the binned row of the column sums `sums` (blocks of `k²`) into `out` and clears
/// `sums`: rounded block means, or for limited-range codes each block's exact mean expanded to
/// full range ([`LimitedSums`]).
pub(crate) fn bin_take(sums: &mut [[u8; 2]], out: &mut [u8], k: usize, range: Range) {
    let n = (k * k) as u32;
    match range {
        Range::Full => {
            for (o, s) in out.iter_mut().zip(sums.iter_mut()) {
                *o = ((u32::from(u16::from_le_bytes(*s)) + n / 2) / n.max(1)) as u8;
                *s = [0; 2];
            }
        }
        Range::Limited => {
            let e = LimitedSums::new(n);
            for (o, s) in out.iter_mut().zip(sums.iter_mut()) {
                *o = e.expand(u32::from(u16::from_le_bytes(*s)));
                *s = [0; 2];
            }
        }
    }
}

/// One row pair binned 2×2 into `out` (`top` and `bottom` at least `2 · out.len()` long),
/// from `range` codes; returns the pair's noise residual ([`kernels::bin2_row`]).
pub(crate) fn bin2(top: &[u8], bottom: &[u8], out: &mut [u8], range: Range) -> u32 {
    kernels::bin2_row(top, bottom, out, range == Range::Limited)
}

/// `stats` of a frame binned by `k`, with the noise σ of its source row pairs at `k = 2`
/// (`pairs`: their summed residuals, [`noise`]'s module docs); other factors keep Immerkær on
/// the binned copy. Limited-range codes are scaled to full range (× 255/219).
pub(crate) fn with_pair_noise(
    mut stats: FrameStats,
    k: usize,
    pairs: u64,
    (w, h): (usize, usize),
    range: Range,
) -> FrameStats {
    if k == 2 {
        let scale = match range {
            Range::Full => 1.0,
            Range::Limited => 255.0 / 219.0,
        };
        stats.noise_sigma = noise::sigma_from_pair_sum(pairs, w, h, scale);
    }
    stats
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::clip::analysis::analysis_factor;
    use crate::clip::working::downsample;
    use crate::metrics::blockiness::{blockiness, blockiness_wide};
    use crate::metrics::frame_stats;

    /// [`binned`] with a working copy of the default budget: (stats, working copy).
    fn binned_stats(
        luma: &Plane<'_, u8>,
        k: usize,
        range: Range,
    ) -> Result<(FrameStats, std::vec::Vec<u8>), Error> {
        let (w, h) = luma.size();
        let g = WorkGeometry::new(
            (w / k).max(1),
            (h / k).max(1),
            crate::clip::config::WORK_PIXELS,
        );
        let mut work = std::vec![0u8; g.len()];
        let stats = binned(luma, k, range, &g, &mut work)?;
        Ok((stats, work))
    }

    /// A frame coded in flat-ish 8×8 blocks: each block's level plus a gentle in-block ramp.
    fn blocky(w: usize, h: usize) -> std::vec::Vec<u8> {
        let mut state = 0x2545_f491_u32;
        let mut level = std::vec![0u8; (w / 8 + 1) * (h / 8 + 1)];
        for l in level.iter_mut() {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            *l = 60 + (state >> 26) as u8; // 60..124: steps between blocks
        }
        (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                level[(y / 8) * (w / 8 + 1) + x / 8] + (x % 8) as u8 / 2 + (y % 8) as u8 / 2
            })
            .collect()
    }

    #[test]
    fn binned_blockiness_keeps_the_source_grid() {
        let (w, h) = if cfg!(miri) { (64, 48) } else { (1920, 1080) };
        let src = blocky(w, h);
        let plane = Plane::packed(&src, w, h).unwrap();
        let full = blockiness(&plane);
        assert!(full > 2.0, "{full}");
        // Binned 2×: the 4-pixel grid of the binned copy holds every 8-pixel edge, where the
        // binned copy's own 8-pixel grid sees only every other one (and counts the rest as
        // texture).
        let binned = binned_stats(&plane, 2, Range::Full).unwrap().0.blockiness;
        let (bw, bh) = (w / 2, h / 2);
        let mut half = std::vec![0u8; bw * bh];
        for (i, v) in half.iter_mut().enumerate() {
            let (x, y) = (2 * (i % bw), 2 * (i / bw));
            let s: u32 = [(0, 0), (1, 0), (0, 1), (1, 1)]
                .iter()
                .map(|&(dx, dy)| u32::from(src[(y + dy) * w + x + dx]))
                .sum();
            *v = ((s + 2) / 4) as u8;
        }
        let old = blockiness(&Plane::packed(&half, bw, bh).unwrap());
        assert!(
            binned > 2.0 * old && (full - binned).abs() < 0.5 * (full - old),
            "full {full}, grid 4 {binned}, grid 8 {old}"
        );
    }

    /// 4K is binned by 4 (a power of two), so its source grid lands on the binned copy's 2-pixel
    /// grid; a factor of 3 would meet it only every third block.
    #[test]
    fn binned_4k_blockiness_keeps_the_source_grid() {
        if cfg!(miri) {
            return; // 33 MB of frames: natively only
        }
        let (w, h) = (3840, 2160);
        let k = analysis_factor(w, h);
        assert_eq!(k, 4);
        let src = blocky(w, h);
        let plane = Plane::packed(&src, w, h).unwrap();
        let full = blockiness(&plane);
        let four = binned_stats(&plane, k, Range::Full).unwrap().0.blockiness;
        let three = binned_stats(&plane, 3, Range::Full).unwrap().0.blockiness;
        // Measured: full 15.7, k = 4 7.5, k = 3 2.9 (the in-block ramps average out when binned).
        assert!(
            four > 2.0 * three && four > 2.0 * super::super::config::BLOCKINESS_FULL,
            "full {full}, k = 4 {four}, k = 3 {three}"
        );
    }

    /// A scorer configured with a budget measures what that budget says: a 720p frame under
    /// the fast budget is measured on its 2×2-binned copy, a 1080p frame under a budget of its
    /// own area at full resolution; `reset` keeps the budget of the configuration it is given.
    #[test]
    fn scorer_follows_its_budget() {
        use crate::clip::config::FAST_ANALYSIS_PIXELS;
        use crate::clip::{ClipConfig, ClipScorer};
        let cases: &[(usize, usize, usize, usize)] = if cfg!(miri) {
            &[(40, 24, 240, 2), (40, 24, 960, 1)]
        } else {
            &[
                (1280, 720, FAST_ANALYSIS_PIXELS, 2),
                (1920, 1080, 1920 * 1080, 1),
            ]
        };
        for &(w, h, budget, k) in cases {
            let src: std::vec::Vec<u8> = (0..w * h)
                .map(|i| ((i % w) / 3 + (i / w) / 2 + (i * 7919) % 23) as u8)
                .collect();
            let plane = Plane::packed(&src, w, h).unwrap();
            let cfg = ClipConfig::new(w, h, 30.0)
                .unwrap()
                .with_analysis_pixels(budget)
                .unwrap();
            let mut s: std::boxed::Box<ClipScorer> =
                std::boxed::Box::new(ClipScorer::new(cfg).unwrap());
            assert_eq!(
                (s.analysis_factor(), s.config().analysis_pixels),
                (k, budget)
            );
            let got = s.push(&plane).unwrap().stats;
            let want = if k == 1 {
                frame_stats(&plane).unwrap()
            } else {
                binned_stats(&plane, k, Range::Full).unwrap().0
            };
            // Everything but Tenengrad, which the scorer does not measure.
            let want = FrameStats {
                tenengrad: 0.0,
                ..want
            };
            assert_eq!(got, want, "{w}×{h} budget {budget}");
            s.reset(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
            assert_eq!(s.analysis_factor(), analysis_factor(w, h));
        }
    }

    #[test]
    fn binned_stats_are_the_stats_of_the_binned_plane() {
        for range in [Range::Full, Range::Limited] {
            binned_cases(range);
        }
        let one = std::vec![0u8; 4];
        assert!(binned_stats(&Plane::packed(&one, 2, 2).unwrap(), 1, Range::Full).is_err());
        assert!(binned_stats(&Plane::packed(&one, 2, 2).unwrap(), 3, Range::Full).is_err());
    }

    /// The statistics and the working copy of a binned frame are those of the plainly binned
    /// plane: block means rounded half up, or for limited-range codes the rounded expansion of
    /// the exact block mean, `⌊(S/n − 16) · 255/219 + 1/2⌋` clamped (as one fraction in `i64`).
    fn binned_cases(range: Range) {
        let cases: &[(usize, usize, usize)] = if cfg!(miri) {
            &[(41, 23, 2), (13, 9, 3)]
        } else {
            &[(1923, 1081, 2), (101, 67, 3), (64, 64, 16), (40, 9, 4)]
        };
        for &(w, h, k) in cases {
            let mut state = 0x51ed_270b_u32;
            let src: std::vec::Vec<u8> = (0..w * h)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    // Smooth structure plus noise, so every statistic is non-trivial.
                    ((i % w) as u32 / 3 + (i / w) as u32 / 2 + (state >> 28)) as u8
                })
                .collect();
            let plane = Plane::packed(&src, w, h).unwrap();
            let (bw, bh) = (w / k, h / k);
            // The binned plane, the plain way.
            let mut binned = std::vec![0u8; bw * bh];
            for by in 0..bh {
                for bx in 0..bw {
                    let mut s = 0u32;
                    for y in by * k..by * k + k {
                        for x in bx * k..bx * k + k {
                            s += u32::from(src[y * w + x]);
                        }
                    }
                    let n = (k * k) as u32;
                    binned[by * bw + bx] = match range {
                        Range::Full => ((s + n / 2) / n) as u8,
                        Range::Limited => {
                            // Exact in rationals: (510 (S − 16n) + 219n) / 438n, floored.
                            let num = 510 * (i64::from(s) - 16 * i64::from(n)) + 219 * i64::from(n);
                            num.div_euclid(438 * i64::from(n)).clamp(0, 255) as u8
                        }
                    };
                }
            }
            let bp = Plane::packed(&binned, bw, bh).unwrap();
            let mut want = frame_stats(&bp).unwrap();
            want.blockiness = blockiness_wide(&bp, blockiness_grid(k));
            // The scorer does not measure Tenengrad.
            want.tenengrad = 0.0;
            if k == 2 {
                // Noise from the source row pairs, the plain way (noise.rs module docs).
                let cols = 2 * (w / 2);
                let mut total: i64 = 0;
                for i in 0..h / 2 {
                    let r = |x: usize| {
                        i64::from(src[(2 * i + 1) * w + x]) - i64::from(src[2 * i * w + x])
                    };
                    for x in 1..cols - 1 {
                        total += (r(x - 1) - 2 * r(x) + r(x + 1)).abs();
                    }
                }
                let scale = match range {
                    Range::Full => 1.0,
                    Range::Limited => 255.0 / 219.0,
                };
                let n = ((h / 2) * (cols - 2)) as f64;
                want.noise_sigma = scale * noise::PAIR_NORM * total as f64 / n;
            }
            let g = WorkGeometry::new(bw, bh, crate::clip::config::WORK_PIXELS);
            let mut want_work = std::vec![0u8; g.len()];
            downsample(&bp, &g, &mut want_work);
            let (stats, work) = binned_stats(&plane, k, range).unwrap();
            assert_eq!(stats, want, "{w}×{h} k={k} {range:?}");
            assert_eq!(work, want_work, "{w}×{h} k={k} {range:?}");
        }
    }

    /// Limited-range frames measured whole, expanded row by row, equal expanding the frame
    /// first (`expand_limited_range`) and measuring that: tiny heights, odd widths, and rows
    /// too wide for the ring (the scorer expands those into its scratch first).
    #[test]
    fn limited_rows_equal_the_expanded_frame() {
        use crate::clip::{ClipConfig, ClipScorer};
        use crate::color::expand_limited_range;
        use crate::plane::{PlaneMut, Yuv420};
        let sizes: &[(usize, usize)] = if cfg!(miri) {
            &[(5, 1), (7, 2), (9, 5)]
        } else {
            &[(5, 1), (7, 2), (9, 5), (641, 37), (4096, 3), (9000, 3)]
        };
        for &(w, h) in sizes {
            let src: std::vec::Vec<u8> = (0..w * h).map(|i| (i * 7919 % 251) as u8).collect();
            let luma = Plane::packed(&src, w, h).unwrap();
            let mut full = std::vec![0u8; w * h];
            expand_limited_range(&luma, &mut PlaneMut::new(&mut full, w, h, w).unwrap()).unwrap();
            let expanded = Plane::packed(&full, w, h).unwrap();
            if w <= WHOLE_COLS {
                let g = WorkGeometry::new(w, h, crate::clip::config::WORK_PIXELS);
                let (mut a, mut b) = (std::vec![0u8; g.len()], std::vec![0u8; g.len()]);
                let got = whole_limited(&luma, &g, &mut a);
                assert_eq!(got, whole(&expanded, &g, &mut b), "{w}×{h}");
                assert_eq!(a, b, "{w}×{h}");
            }
            let chroma = std::vec![128u8; w.div_ceil(2) * h.div_ceil(2)];
            let c = Plane::packed(&chroma, w.div_ceil(2), h.div_ceil(2)).unwrap();
            let cfg = ClipConfig::new(w, h, 30.0).unwrap();
            let mut s: std::boxed::Box<ClipScorer> =
                std::boxed::Box::new(ClipScorer::new(cfg).unwrap());
            let mut t: std::boxed::Box<ClipScorer> =
                std::boxed::Box::new(ClipScorer::new(cfg).unwrap());
            assert_eq!(s.analysis_factor(), 1, "{w}×{h}");
            let mut scratch = std::vec![0u8; w * h];
            let got = s
                .push_yuv420_limited(&Yuv420::new(luma, c, c).unwrap(), &mut scratch)
                .unwrap();
            let want = t
                .push_yuv420(&Yuv420::new(expanded, c, c).unwrap())
                .unwrap();
            assert_eq!(got, want, "{w}×{h}");
        }
    }
}
