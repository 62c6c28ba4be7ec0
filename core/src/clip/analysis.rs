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
//! estimator reads what Immerkær reads at full resolution for one more pass over the source
//! rows (about 10 % of a 1080p push). Limited-range codes are read as they are and the result
//! scaled by 255/219. Row-fed frames keep each pair's top row packed in the binning sums until
//! the row below arrives, so the row state grows only by the 8-byte sum. Larger factors (4K
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
//! Binning is streamed: `k` source rows are summed into one binned row (column sums in `u16`,
//! `k ≤ MAX_ANALYSIS_FACTOR`), which goes to [`FrameStatsRows`] and the working copy, so whole
//! frames and frames pushed row by row give the same statistics bit for bit.

#[cfg(doc)]
use super::config::FAST_ANALYSIS_PIXELS;
use super::config::{ANALYSIS_MAX_WIDTH, ANALYSIS_PIXELS, MAX_ANALYSIS_FACTOR, MAX_WORK_WIDTH};
use super::working::{STRIP_MAX_FACTOR, WorkGeometry, downsample_row, downsample_row_cols};
use crate::color::{LimitedSums, Range, expand_limited_sum4};
use crate::error::{Error, Rule};
use crate::metrics::FrameStats;
use crate::metrics::blockiness::BLOCK_SIZE;
use crate::metrics::noise::{self, pair_residual};
use crate::metrics::rows::FrameStatsRows;
use crate::plane::Plane;

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

/// Adds each `K`-wide block of `row` to its column sum (`K` known at compile time, so the
/// block sum unrolls; pairs are read as little-endian `u16`s and split with a mask and a shift,
/// which vectorises on plain SSE2).
fn add_blocks<const K: usize>(sums: &mut [u16], row: &[u8]) {
    if K == 2 {
        // Eight samples as one little-endian word: even and odd bytes split by a mask and a
        // shift give four pair sums in 16-bit lanes at once.
        const LO: u64 = 0x00ff_00ff_00ff_00ff;
        let mut sums4 = sums.chunks_exact_mut(4);
        let mut words = row.chunks_exact(8);
        for (s, w) in (&mut sums4).zip(&mut words) {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            let v = u64::from_le_bytes(b);
            let pairs = (v & LO) + ((v >> 8) & LO);
            for (l, x) in s.iter_mut().enumerate() {
                *x += (pairs >> (16 * l)) as u16;
            }
        }
        for (x, pair) in sums4
            .into_remainder()
            .iter_mut()
            .zip(words.remainder().chunks_exact(2))
        {
            *x += u16::from(pair[0]) + u16::from(pair[1]);
        }
        return;
    }
    for (s, block) in sums.iter_mut().zip(row.chunks_exact(K)) {
        *s += block.iter().map(|&v| u16::from(v)).sum::<u16>();
    }
}

/// Adds source row `row` to the binned column sums `sums` (`width / k` of them).
pub(crate) fn add_row(sums: &mut [u16], row: &[u8], k: usize) {
    match k {
        2 => add_blocks::<2>(sums, row),
        4 => add_blocks::<4>(sums, row),
        0 => {} // (no blocks: callers validated `k ≥ 2`)
        _ => {
            for (s, block) in sums.iter_mut().zip(row.chunks_exact(k)) {
                *s += block.iter().map(|&v| u16::from(v)).sum::<u16>();
            }
        }
    }
}

/// [`add_row`] for `k = 2` on rows fed one at a time, with the pair's noise residual
/// ([`with_pair_noise`]): the `top` row of a pair waits packed two samples per `u16` in `sums`
/// (which it would otherwise only have added to, from zero) until the row below arrives, which
/// adds the residual of the two rows and leaves the 2×2 sums. Returns the residual (0 for a
/// top row).
pub(crate) fn add_pair_row(sums: &mut [u16], row: &[u8], top: bool) -> u32 {
    let Some(src) = row.get(..2 * sums.len()) else {
        return 0;
    };
    if top {
        for (s, p) in sums.iter_mut().zip(src.chunks_exact(2)) {
            *s = u16::from_le_bytes([p[0], p[1]]);
        }
        return 0;
    }
    let residual = noise::pair_residual_packed(sums, src);
    for (s, p) in sums.iter_mut().zip(src.chunks_exact(2)) {
        *s = (*s & 0xff) + (*s >> 8) + u16::from(p[0]) + u16::from(p[1]);
    }
    residual
}

/// Rounded block means with the divisor `K²` known at compile time (a multiply, not a divide).
fn take_blocks<const K: usize>(sums: &mut [u16], out: &mut [u8]) {
    let n = (K * K) as u32;
    for (o, s) in out.iter_mut().zip(sums.iter_mut()) {
        *o = ((u32::from(*s) + n / 2) / n) as u8;
        *s = 0;
    }
}

/// Writes the binned row (rounded block means) into `out` and clears `sums`.
pub(crate) fn take_row(sums: &mut [u16], out: &mut [u8], k: usize) {
    match k {
        2 => take_blocks::<2>(sums, out),
        4 => take_blocks::<4>(sums, out),
        _ => {
            let n = (k * k) as u32;
            for (o, s) in out.iter_mut().zip(sums.iter_mut()) {
                *o = ((u32::from(*s) + n / 2) / n) as u8;
                *s = 0;
            }
        }
    }
}

/// The 2×2 block sums of the source rows `top` and `bottom` (each at least `2 · sums.len()`
/// long) into `sums`, as [`add_row`] twice gives from zero, in one pass: eight source bytes per
/// row are read as a little-endian word and masks and shifts give four pair sums in 16-bit
/// lanes (each at most `4 · 255`, so no lane carries into the next).
fn bin2_sums(top: &[u8], bottom: &[u8], sums: &mut [u16]) {
    const LO: u64 = 0x00ff_00ff_00ff_00ff;
    let n = sums.len();
    let (Some(top), Some(bottom)) = (top.get(..2 * n), bottom.get(..2 * n)) else {
        return;
    };
    let word = |b: &[u8]| {
        let mut x = [0u8; 8];
        x.copy_from_slice(b);
        u64::from_le_bytes(x)
    };
    let mut outs = sums.chunks_exact_mut(4);
    let (mut tw, mut bw) = (top.chunks_exact(8), bottom.chunks_exact(8));
    for ((o, t), b) in (&mut outs).zip(&mut tw).zip(&mut bw) {
        let (t, b) = (word(t), word(b));
        let s = (t & LO) + ((t >> 8) & LO) + (b & LO) + ((b >> 8) & LO);
        for (l, v) in o.iter_mut().enumerate() {
            *v = (s >> (16 * l)) as u16;
        }
    }
    let rest = outs.into_remainder();
    let pairs = tw
        .remainder()
        .chunks_exact(2)
        .zip(bw.remainder().chunks_exact(2));
    for (o, (t, b)) in rest.iter_mut().zip(pairs) {
        *o = u16::from(t[0]) + u16::from(t[1]) + u16::from(b[0]) + u16::from(b[1]);
    }
}

/// One 2×-binned row from the source rows `top` and `bottom`: `out[i] = ⌊(Σ 2×2 block + 2) / 4⌋`,
/// as [`add_row`] twice and [`take_row`] give ([`bin2_sums`], then the rounded means, which
/// vectorise; 2× faster than the two-pass form at 1080p). `sums`: scratch of `out.len()`.
fn bin2_rows(top: &[u8], bottom: &[u8], sums: &mut [u16], out: &mut [u8]) {
    bin2_sums(top, bottom, sums);
    for (o, &s) in out.iter_mut().zip(sums.iter()) {
        *o = ((s + 2) >> 2) as u8;
    }
}

/// Writes the binned row of limited-range column sums (blocks of `k²`), expanded to full range
/// from each block's exact mean ([`LimitedSums`]), and clears `sums`.
pub(crate) fn take_row_limited(sums: &mut [u16], out: &mut [u8], k: usize) {
    if k == 2 {
        for (o, s) in out.iter_mut().zip(sums.iter_mut()) {
            *o = expand_limited_sum4(*s);
            *s = 0;
        }
        return;
    }
    let e = LimitedSums::new((k * k) as u32);
    for (o, s) in out.iter_mut().zip(sums.iter_mut()) {
        *o = e.expand(u32::from(*s));
        *s = 0;
    }
}

/// The binned row `by` of `luma` (rows `by·k .. by·k + k`) into `out`, from full-range or
/// limited-range codes; returns the row pair's noise sum at `k = 2` (else 0).
fn binned_row(
    luma: &Plane<'_, u8>,
    by: usize,
    k: usize,
    range: Range,
    sums: &mut [u16],
    out: &mut [u8],
) -> u32 {
    if k == 2 {
        let (top, bottom) = (luma.row(2 * by), luma.row(2 * by + 1));
        let n = 2 * out.len();
        // (Rows of a binned frame hold at least `n` samples.)
        let (top_n, bottom_n) = (top.get(..n), bottom.get(..n));
        let pairs = pair_residual(top_n.unwrap_or_default(), bottom_n.unwrap_or_default());
        match range {
            Range::Full => bin2_rows(top, bottom, sums, out),
            Range::Limited => {
                bin2_sums(top, bottom, sums);
                for (o, &s) in out.iter_mut().zip(sums.iter()) {
                    *o = expand_limited_sum4(s);
                }
            }
        }
        return pairs;
    }
    for y in by * k..by * k + k {
        add_row(sums, luma.row(y), k);
    }
    match range {
        Range::Full => take_row(sums, out, k),
        Range::Limited => take_row_limited(sums, out, k),
    }
    0
}

/// [`FrameStats`] of `luma` binned by `k ≥ 2` (see the module docs), and the scorer's working
/// copy box-averaged from the binned rows into `work` (geometry `g`, set for the binned size).
/// `range`: the codes' range (limited codes are expanded per binned pixel). Not inlined: its
/// ~36 KiB of row state live on the stack only while it runs, never in callers that do not bin.
#[inline(never)]
pub(crate) fn binned_frame(
    luma: &Plane<'_, u8>,
    k: usize,
    range: Range,
    g: &WorkGeometry,
    work: &mut [u8],
) -> Result<FrameStats, Error> {
    let (w, h) = luma.size();
    // (`k = 0` bins to nothing, refused below with every other bad factor.)
    let (bw, bh) = (w.checked_div(k).unwrap_or(0), h.checked_div(k).unwrap_or(0));
    if !(2..=MAX_ANALYSIS_FACTOR).contains(&k) || bw == 0 || bh == 0 || bw > ANALYSIS_MAX_WIDTH {
        return Err(Error::invalid(
            "analysis binning factor",
            k as f64,
            Rule::Whole {
                lo: 2.0,
                hi: MAX_ANALYSIS_FACTOR as f64,
            },
        ));
    }
    let mut sums = [0u16; ANALYSIS_MAX_WIDTH];
    let mut binned = [0u8; ANALYSIS_MAX_WIDTH];
    let mut acc = [0u32; MAX_WORK_WIDTH];
    let mut cols = [0u16; ANALYSIS_MAX_WIDTH];
    let mut rows = FrameStatsRows::<ANALYSIS_MAX_WIDTH>::new();
    rows.begin_with_grid(bw, bh, blockiness_grid(k))?;
    let mut pairs: u64 = 0;
    for by in 0..bh {
        pairs += u64::from(binned_row(
            luma,
            by,
            k,
            range,
            &mut sums[..bw],
            &mut binned[..bw],
        ));
        rows.push_row(&binned[..bw])?;
        if g.factor <= STRIP_MAX_FACTOR {
            downsample_row_cols(&binned[..bw], by, bh, g, &mut cols, work);
        } else {
            downsample_row(&binned[..bw], by, bh, g, &mut acc, work);
        }
    }
    let stats = rows.finish()?;
    Ok(with_pair_noise(stats, k, pairs, (w, h), range))
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
    use crate::clip::working::downsample;
    use crate::metrics::blockiness::{blockiness, blockiness_wide};
    use crate::metrics::frame_stats;

    /// `binned_frame` with a working copy of the default budget: (stats, working copy).
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
        let stats = binned_frame(luma, k, range, &g, &mut work)?;
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

    /// The one-pass 2× binning equals the two-pass column sums on every width remainder.
    #[test]
    fn bin2_rows_equals_column_sums() {
        let mut state = 0x9e37_79b9_u32;
        for w in [2usize, 3, 8, 9, 15, 16, 17, 30, 64, 101] {
            let (top, bottom): (std::vec::Vec<u8>, std::vec::Vec<u8>) = (0..w)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    (state as u8, (state >> 8) as u8)
                })
                .unzip();
            let bw = w / 2;
            let (mut sums, mut want, mut got) =
                (std::vec![0u16; bw], std::vec![0u8; bw], std::vec![0u8; bw]);
            add_row(&mut sums, &top, 2);
            add_row(&mut sums, &bottom, 2);
            take_row(&mut sums, &mut want, 2);
            let mut scratch = std::vec![0u16; bw];
            bin2_rows(&top, &bottom, &mut scratch, &mut got);
            assert_eq!(got, want, "width {w}");
        }
        let ones = [255u8; 16];
        let (mut out, mut scratch) = ([0u8; 8], [0u16; 8]);
        bin2_rows(&ones, &ones, &mut scratch, &mut out);
        assert_eq!(out, [255; 8]);
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
            assert_eq!(got, want, "{w}×{h} budget {budget}");
            s.reset(ClipConfig::new(w, h, 30.0).unwrap()).unwrap();
            assert_eq!(s.analysis_factor(), analysis_factor(w, h));
        }
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
}
