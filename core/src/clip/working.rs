//! The scorer's working copy of each frame and the temporal measurements made on it.
//!
//! A frame (for frames over 720p: its binned analysis copy, [`super::analysis`]) is
//! box-averaged by an integer factor `f` into at most the scorer's working pixels (192×108 by
//! default: 720p at f = 7, 1080p's 960×540 analysis copy at f = 5), rounded to the nearest code
//! value. On that copy the scorer measures, against the previous frame:
//!
//! - **motion** — libvmaf's motion feature: both frames blurred with the 5-tap filter
//!   `{3571, 16004, 26386, 16004, 3571}/65536` (reflect-101 borders), then the mean absolute
//!   difference, in code values. On the working copy it is smaller than libvmaf's full-size value
//!   by roughly the downsampling factor's smoothing of fine texture; it orders clips the same way.
//! - **mafd** — mean absolute frame difference (FFmpeg `scdet`'s `mafd` before its ×100/256).
//! - **translation** — the global shift that best aligns the column and row brightness profiles
//!   (mean absolute difference of mean-removed profiles, ±1/8 of the side), in working pixels.
//! - **cell changes** — per cell of a [`GRID`]×[`GRID`] grid, the mean absolute luma change,
//!   so a colour change can be told apart from moving content.

use super::config::{GRID, MAX_WORK_HEIGHT, MAX_WORK_WIDTH};
use crate::divide::Divider;
use crate::kernels;
use crate::plane::Plane;

/// libvmaf's integer 5-tap motion blur filter (sums to 65536).
pub const MOTION_FILTER: [u64; 5] = [3571, 16004, 26386, 16004, 3571];
const _: () = assert!(MOTION_FILTER[0] == MOTION_FILTER[4] && MOTION_FILTER[1] == MOTION_FILTER[3]);

/// Working size and downsampling factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkGeometry {
    /// Downsampling factor (≥ 1).
    pub factor: usize,
    /// Working width.
    pub width: usize,
    /// Working height.
    pub height: usize,
}

impl WorkGeometry {
    /// The smallest factor whose working frame fits `pixels` and the side limits.
    pub fn new(width: usize, height: usize, pixels: usize) -> Self {
        let mut f = width
            .div_ceil(MAX_WORK_WIDTH)
            .max(height.div_ceil(MAX_WORK_HEIGHT))
            .max(1);
        loop {
            let (w, h) = ((width / f).max(1), (height / f).max(1));
            if w * h <= pixels || (w == 1 && h == 1) {
                return WorkGeometry {
                    factor: f,
                    width: w,
                    height: h,
                };
            }
            f += 1;
        }
    }
    /// Working pixels.
    pub fn len(&self) -> usize {
        self.width * self.height
    }
    /// Never true.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Box-averages `src` into `dst` (`g.len()` bytes), rounding half up: [`add_row`] over every
/// row, with the column sums of rows up to [`WHOLE_COLS`] wide on the stack.
pub fn downsample(src: &Plane<'_, u8>, g: &WorkGeometry, dst: &mut [u8]) {
    let mut cols = [0u16; WHOLE_COLS];
    let mut acc = [0u32; MAX_WORK_WIDTH];
    for y in 0..src.height() {
        add_row(src.row(y), y, src.height(), g, &mut cols, &mut acc, dst);
    }
}

/// Adds source row `y` (of `src_height`, full source width) to the block sums `acc`
/// (`MAX_WORK_WIDTH` or more, zero before a frame's first row) and, on the last source row of
/// a block, writes working row `y / factor` of `dst` and clears `acc`: [`add_row`] without
/// column sums. Rows below the last whole block are ignored.
pub fn downsample_row(
    row: &[u8],
    y: usize,
    src_height: usize,
    g: &WorkGeometry,
    acc: &mut [u32],
    dst: &mut [u8],
) {
    add_row(row, y, src_height, g, &mut [], acc, dst);
}

/// The working copy's one downsampler, a source row at a time (whole frames are
/// [`downsample`], row-fed and binned frames call it as their rows arrive).
///
/// Row `y` of `src_height` is added to the column sums `cols` (`u16`, one per source column,
/// zero before a block row's first row) when `cols` covers the row and the factor is at most
/// [`STRIP_MAX_FACTOR`] (each row is one vector add); otherwise each block's share of the row
/// goes straight into the block sums `acc` (`u32`, `MAX_WORK_WIDTH` or more, zero before a
/// frame's first row). On a block row's last source row the column sums are summed across each
/// block into `acc`, working row `y / factor` of `dst` is written (rounded half up) and both
/// are cleared. Rows below the last whole block are ignored.
pub(crate) fn add_row(
    row: &[u8],
    y: usize,
    src_height: usize,
    g: &WorkGeometry,
    cols: &mut [u16],
    acc: &mut [u32],
    dst: &mut [u8],
) {
    let f = g.factor.max(1);
    let Some(block) = BlockRow::of(y, src_height, g) else {
        return;
    };
    let sw = row.len();
    // Columns in blocks: all whole ones, or the one block of a frame narrower than a factor.
    let used = (g.width * f).min(sw);
    let (Some(row), Some(acc)) = (row.get(..used), acc.get_mut(..g.width)) else {
        return;
    };
    let columns = f <= STRIP_MAX_FACTOR && cols.len() >= used;
    if columns {
        kernels::add_cols(row, cols);
    } else {
        fold(row, f, acc);
    }
    if !block.last {
        return;
    }
    if let Some(cols) = cols.get_mut(..used)
        && columns
    {
        fold(cols, f, acc);
        cols.fill(0);
    }
    let Some(out) = row_mut(dst, block.index, g.width) else {
        return;
    };
    // Every block has `min(f, sw)` columns (only a frame narrower than `f` has a short one).
    let n = block.rows * f.min(sw) as u32;
    if f <= STRIP_MAX_FACTOR {
        let mean = RoundedMean::new(n);
        for (o, a) in out.iter_mut().zip(acc.iter_mut()) {
            *o = mean.of(*a);
            *a = 0;
        }
    } else {
        // Never 0 (every block has a row and a column); `max(1)` spares the panic path.
        let n = n.max(1);
        for (o, a) in out.iter_mut().zip(acc.iter_mut()) {
            *o = ((*a + n / 2) / n) as u8;
            *a = 0;
        }
    }
}

/// Adds each `f`-wide block of `vals` (the last one possibly cut short) to its sum in `acc`.
/// The factors of 1080p measured whole (10) and, on 64-bit hosts, of 720p (7) and of 1080p's
/// binned copy (5) unroll (each specialisation costs flash on a microcontroller).
fn fold<T: Copy + Into<u32>>(vals: &[T], f: usize, acc: &mut [u32]) {
    match f {
        10 => fold_by::<T, 10>(vals, acc),
        #[cfg(target_pointer_width = "64")]
        7 => fold_by::<T, 7>(vals, acc),
        #[cfg(target_pointer_width = "64")]
        5 => fold_by::<T, 5>(vals, acc),
        _ => {
            for (a, b) in acc.iter_mut().zip(vals.chunks(f.max(1))) {
                *a += b.iter().map(|&v| v.into()).sum::<u32>();
            }
        }
    }
}

/// [`fold`] with the factor `F` known at compile time.
#[inline(always)]
fn fold_by<T: Copy + Into<u32>, const F: usize>(vals: &[T], acc: &mut [u32]) {
    let mut blocks = vals.chunks_exact(F);
    for (a, b) in acc.iter_mut().zip(&mut blocks) {
        *a += b.iter().map(|&v| v.into()).sum::<u32>();
    }
    let rest = blocks.remainder();
    if let Some(a) = acc.get_mut(vals.len() / F)
        && !rest.is_empty()
    {
        *a += rest.iter().map(|&v| v.into()).sum::<u32>();
    }
}

/// `⌊(sum + n/2) / n⌋` for a fixed `n` ([`Divider`]: a `u32` division per working pixel was
/// 40 % of [`downsample`] at 720p); sums stay below `257² · 255 + n/2 < 2²⁵`.
#[derive(Clone, Copy)]
struct RoundedMean {
    half: u32,
    div: Divider,
}

impl RoundedMean {
    fn new(n: u32) -> Self {
        RoundedMean {
            half: n / 2,
            div: Divider::new(n),
        }
    }

    #[inline(always)]
    fn of(&self, sum: u32) -> u8 {
        self.div.div(sum + self.half) as u8
    }
}

/// Widest rows whose column sums [`downsample`] keeps on the stack (8 KiB); wider rows (only
/// frames measured whole past 4096 columns) go block by block.
pub(crate) const WHOLE_COLS: usize = 4096;
/// Largest factor of the `u16` column sums (`257 · 255 < 2¹⁶`); larger ones go row by row.
pub(crate) const STRIP_MAX_FACTOR: usize = 257;

/// Where source row `y` falls in the working copy's block rows.
struct BlockRow {
    /// The working row it adds to.
    index: usize,
    /// Source rows in that block (fewer than the factor at a cut-short bottom block).
    rows: u32,
    /// Whether `y` is the block's last row (the working row is then written).
    last: bool,
}

impl BlockRow {
    /// `None` for rows below the last whole block (ignored).
    fn of(y: usize, src_height: usize, g: &WorkGeometry) -> Option<Self> {
        let f = g.factor.max(1);
        let index = y / f;
        if index >= g.height {
            return None;
        }
        let (y0, y1) = (index * f, (index * f + f).min(src_height));
        Some(BlockRow {
            index,
            rows: (y1 - y0) as u32,
            last: y + 1 == y1,
        })
    }
}

#[inline]
fn reflect101(i: isize, n: usize) -> usize {
    if n == 1 {
        0
    } else if i < 0 {
        ((-i) as usize).min(n - 1)
    } else if i as usize >= n {
        (2 * n - 2).saturating_sub(i as usize)
    } else {
        i as usize
    }
}

/// Row `y` of a `w`-wide frame stored row after row (empty past the end).
#[inline(always)]
fn row_of<T>(frame: &[T], y: usize, w: usize) -> &[T] {
    frame
        .get(y * w..)
        .and_then(|r| r.get(..w))
        .unwrap_or_default()
}

/// Row `y` of a `w`-wide frame stored row after row, exactly `w` long (`None` past the end).
#[inline(always)]
fn row_mut<T>(frame: &mut [T], y: usize, w: usize) -> Option<&mut [T]> {
    frame.get_mut(y * w..)?.get_mut(..w)
}

/// Blurs `frame` (w×h) with [`MOTION_FILTER`], compares each blurred value with `prev_blur`
/// (×256 fixed point), stores the new blurred frame there, and returns the mean absolute
/// difference in code values (0 when `compare` is false, e.g. for the first frame).
pub fn blur_motion(frame: &[u8], w: usize, h: usize, prev_blur: &mut [u16], compare: bool) -> f64 {
    // Exact integer sums, arranged to vectorise: the vertical pass fits `u32`
    // (Σ taps · 255 = 65536 · 255 < 2³²), the horizontal pass multiplies `u32` by `u32` into
    // `u64`; interior columns index directly, only the two columns at each edge reflect.
    const TAPS: [u32; 5] = {
        let mut t = [0u32; 5];
        let mut k = 0;
        while k < 5 {
            t[k] = MOTION_FILTER[k] as u32;
            k += 1;
        }
        t
    };
    let mut vert = [0u32; MAX_WORK_WIDTH];
    let mut total: u64 = 0;
    // Working frames are at most `MAX_WORK_WIDTH` wide: the clamp changes nothing.
    let w = w.min(MAX_WORK_WIDTH);
    for y in 0..h {
        let vert = &mut vert[..w];
        vert.fill(0);
        for (k, &wk) in TAPS.iter().enumerate() {
            let r = reflect101(y as isize + k as isize - 2, h);
            for (v, &p) in vert.iter_mut().zip(row_of(frame, r, w)) {
                *v += wk * u32::from(p);
            }
        }
        let vert = &*vert;
        let edge = |x: usize| -> u64 {
            let mut s = 0u64;
            for (k, &wk) in TAPS.iter().enumerate() {
                let v = vert.get(reflect101(x as isize + k as isize - 2, w));
                s += u64::from(wk) * u64::from(v.copied().unwrap_or(0));
            }
            s
        };
        // 2^32 is the filter's total gain; keep 8 fractional bits.
        let round = |s: u64| ((s + (1 << 23)) >> 24) as u16;
        let mut row = [0u16; MAX_WORK_WIDTH];
        let row = &mut row[..w];
        if w >= 5 {
            let n = w - 4;
            let taps = vert[..n]
                .iter()
                .zip(&vert[1..=n])
                .zip(&vert[2..n + 2])
                .zip(&vert[3..n + 3])
                .zip(&vert[4..n + 4]);
            // The filter is symmetric: three products instead of five (a + e < 2²⁵).
            for (o, ((((&a, &b), &c), &d), &e)) in row[2..w - 2].iter_mut().zip(taps) {
                let t = |k: usize, v: u32| u64::from(TAPS[k]) * u64::from(v);
                *o = round(t(0, a + e) + t(1, b + d) + t(2, c));
            }
            for x in [0, 1, w - 2, w - 1] {
                row[x] = round(edge(x));
            }
        } else {
            for (x, o) in row.iter_mut().enumerate() {
                *o = round(edge(x));
            }
        }
        let Some(out) = row_mut(prev_blur, y, w) else {
            continue;
        };
        if compare {
            total += out
                .iter()
                .zip(row.iter())
                .map(|(&o, &b)| u64::from(o.abs_diff(b)))
                .sum::<u64>();
        }
        out.copy_from_slice(row);
    }
    total as f64 / (256.0 * (w * h) as f64)
}

/// Mean absolute difference of working frame `a` from the tone change of `b` that matches it
/// best, `mean|a − (α·b + β)|` with `α, β` the least-squares fit of `a` on `b` (a flat `b`
/// fits `β` alone), over the pixels clipped (0 or 255) in neither frame, code values. A
/// picture that only changed brightness or contrast (flicker, a fade, a gain, clipped or not)
/// reads 0 but for rounding, a picture against a flat frame reads its own mean deviation, and a
/// flat frame reads 0 (a fade completed). `None` if every pixel is clipped, or if the reading
/// surely exceeds `limit`: `mean|r| ≥ mean r² / max|r|`, and the fit's `mean r²` (from the
/// sums) and `max|r|` (at a corner of the 8-bit square) are known before the second pass.
pub fn tone_fit_diff(a: &[u8], b: &[u8], limit: f64) -> Option<f64> {
    // Blocks of 4,096 pixels keep the sums in 32 bits (4,096 · 255² < 2³²; cheap on the
    // device) and each block's f32 sum of misses within a millionth of a code value's mean.
    const BLOCK: usize = 4096;
    // Branch-free weights (1 unclipped, 0 clipped) so the first pass vectorises.
    let unclipped = |x: u8, y: u8| u32::from(x.wrapping_sub(1) < 254 && y.wrapping_sub(1) < 254);
    let blocks = || a.chunks(BLOCK).zip(b.chunks(BLOCK));
    let mut sums = [0u64; 6];
    for (ba, bb) in blocks() {
        let (mut n, mut sa, mut sb, mut saa, mut sbb, mut sab) = (0u32, 0u32, 0, 0, 0, 0);
        for (&x, &y) in ba.iter().zip(bb) {
            let m = unclipped(x, y);
            let (x, y) = (m * u32::from(x), m * u32::from(y));
            n += m;
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
            sab += x * y;
        }
        for (t, v) in sums.iter_mut().zip([n, sa, sb, saa, sbb, sab]) {
            *t += u64::from(v);
        }
    }
    let [n, sa, sb, saa, sbb, sab] = sums.map(|v| v as f64);
    if n == 0.0 {
        return None;
    }
    let (ma, mb) = (sa / n, sb / n);
    let (var_a, var_b, cov) = (saa / n - ma * ma, sbb / n - mb * mb, sab / n - ma * mb);
    let alpha = if var_b > 1e-9 { cov / var_b } else { 0.0 };
    let beta = ma - alpha * mb;
    let mean_sq = (var_a - alpha * cov).max(0.0);
    let max_miss = [(0.0, 0.0), (0.0, 255.0), (255.0, 0.0), (255.0, 255.0)]
        .iter()
        .map(|&(x, y)| libm::fabs(x - alpha * y - beta))
        .fold(0.0, f64::max);
    if max_miss > 0.0 && mean_sq / max_miss > limit {
        return None;
    }
    let (alpha, beta) = (alpha as f32, beta as f32);
    let miss = |x: u8, y: u8| {
        (unclipped(x, y) as f32) * libm::fabsf(f32::from(x) - (alpha * f32::from(y) + beta))
    };
    // Only frames near a tone change of the reference get here: a plain loop is enough.
    let sum: f64 = blocks()
        .map(|(ba, bb)| f64::from(ba.iter().zip(bb).map(|(&x, &y)| miss(x, y)).sum::<f32>()))
        .sum();
    Some(sum / n)
}

/// Mean absolute difference of two working frames, code values.
pub fn mean_abs_diff(a: &[u8], b: &[u8]) -> f64 {
    let s: u64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| u64::from(x.abs_diff(y)))
        .sum();
    s as f64 / a.len().max(1) as f64
}

/// Per-cell mean absolute luma change on the `GRID×GRID` grid (`cells`), per-cell mean signed
/// change `a − b` (`signed`), and the overall mean absolute and mean signed changes.
pub fn cell_changes(
    a: &[u8],
    b: &[u8],
    w: usize,
    h: usize,
    cells: &mut [f32; GRID * GRID],
    signed: &mut [f32; GRID * GRID],
) -> (f64, f64) {
    let cols = grid_edges(w);
    let mut sums = [0u64; GRID * GRID];
    let mut sums_signed = [0i64; GRID * GRID];
    let mut counts = [0u64; GRID * GRID];
    for y in 0..h {
        // `y < h`, so `gy < GRID`: the clamp changes nothing.
        let gy = (y * GRID / h).min(GRID - 1);
        let (ra, rb) = (row_of(a, y, w), row_of(b, y, w));
        for gx in 0..GRID {
            let (x0, x1) = (cols[gx], cols[gx + 1]);
            let (mut d, mut s) = (0u32, 0i32);
            let (ra, rb) = (ra.get(x0..x1), rb.get(x0..x1));
            for (&p, &q) in ra.unwrap_or_default().iter().zip(rb.unwrap_or_default()) {
                d += u32::from(p.abs_diff(q));
                s += i32::from(p) - i32::from(q);
            }
            let c = gy * GRID + gx;
            sums[c] += u64::from(d);
            sums_signed[c] += i64::from(s);
            counts[c] += (x1 - x0) as u64;
        }
    }
    for c in 0..GRID * GRID {
        let n = counts[c];
        (cells[c], signed[c]) = if n == 0 {
            (0.0, 0.0)
        } else {
            (sums[c] as f32 / n as f32, sums_signed[c] as f32 / n as f32)
        };
    }
    let pixels = (w * h) as f64;
    (
        sums.iter().sum::<u64>() as f64 / pixels,
        sums_signed.iter().sum::<i64>() as f64 / pixels,
    )
}

/// Per-cell mean absolute luma change on the `GRID×GRID` grid after the camera's translation:
/// `cur[x, y]` against `prev[x + sx, y + sy]` over the pixels both frames share (cells of `cur`
/// with none are `f32::INFINITY`). A panned cell whose content only moved reads as unchanged.
pub fn cell_changes_shifted(
    cur: &[u8],
    prev: &[u8],
    w: usize,
    h: usize,
    (sx, sy): (i32, i32),
    cells: &mut [f32; GRID * GRID],
) {
    let cols = grid_edges(w);
    let mut sums = [0u64; GRID * GRID];
    let mut counts = [0u64; GRID * GRID];
    for y in 0..h {
        let py = y as i64 + i64::from(sy);
        if py < 0 || py >= h as i64 {
            continue;
        }
        // `y < h`, so `gy < GRID`: the clamp changes nothing.
        let gy = (y * GRID / h).min(GRID - 1);
        let (ra, rb) = (row_of(cur, y, w), row_of(prev, py as usize, w));
        for gx in 0..GRID {
            // Columns of this cell whose shifted partner lies inside the frame.
            let lo = (cols[gx] as i64).max(-i64::from(sx)).max(0);
            let hi = (cols[gx + 1] as i64).min(w as i64 - i64::from(sx));
            if hi <= lo {
                continue;
            }
            let (lo, hi) = (lo as usize, hi as usize);
            let start = (lo as i64 + i64::from(sx)) as usize;
            // (Both spans lie inside their rows: `get` only spares the bounds checks.)
            let (a, b) = (ra.get(lo..hi), rb.get(start..start + (hi - lo)));
            let d: u32 = a
                .unwrap_or_default()
                .iter()
                .zip(b.unwrap_or_default())
                .map(|(&p, &q)| u32::from(p.abs_diff(q)))
                .sum();
            sums[gy * GRID + gx] += u64::from(d);
            counts[gy * GRID + gx] += (hi - lo) as u64;
        }
    }
    for ((c, s), n) in cells.iter_mut().zip(sums).zip(counts) {
        *c = if n == 0 {
            f32::INFINITY
        } else {
            s as f32 / n as f32
        };
    }
}

/// Pearson correlation of `cur[x, y]` with `prev[x + sx, y + sy]` over the pixels both frames
/// share (`w×h` working frames): 1 when one is a brightness and contrast change of the other
/// (`a·prev + b`), low across a cut to another picture. Pixels clipped in either frame (code
/// values within [`CLIPPED_MARGIN`] of 0 or 255) are left out, since a gain that blows the
/// highlights or crushes the shadows is not linear there; when fewer than a quarter of the
/// shared pixels remain, all of them count. Flat frames: 1 when both are flat, else 0.
pub fn correlation(cur: &[u8], prev: &[u8], w: usize, h: usize, sx: i32, sy: i32) -> f64 {
    let span = |n: usize, s: i32| {
        let n = n as i64;
        let s = i64::from(s);
        ((-s).max(0).min(n) as usize, (n - s).min(n).max(0) as usize)
    };
    let ((x0, x1), (y0, y1)) = (span(w, sx), span(h, sy));
    if x1 <= x0 || y1 <= y0 {
        return 0.0;
    }
    // Sums over every shared pixel ([0]) and over the unclipped ones ([1]).
    let mut sums = [Moments::default(); 2];
    let lit = |v: u8| v > CLIPPED_MARGIN && v < 255 - CLIPPED_MARGIN;
    for y in y0..y1 {
        let py = (y as i64 + i64::from(sy)) as usize;
        let ra = row_of(cur, y, w).get(x0..x1).unwrap_or_default();
        let start = (x0 as i64 + i64::from(sx)) as usize;
        let rb = row_of(prev, py, w).get(start..start + (x1 - x0));
        let rb = rb.unwrap_or_default();
        for (&a, &b) in ra.iter().zip(rb) {
            sums[0].add(a, b);
            if lit(a) && lit(b) {
                sums[1].add(a, b);
            }
        }
    }
    let [all, unclipped] = sums;
    if unclipped.count * 4 >= all.count {
        unclipped.pearson()
    } else {
        all.pearson()
    }
}

/// Code values this near 0 or 255 count as clipped in [`correlation`].
pub const CLIPPED_MARGIN: u8 = 5;

/// Sums for a Pearson correlation of pixel pairs.
#[derive(Clone, Copy, Default)]
struct Moments {
    sa: u64,
    sb: u64,
    saa: u64,
    sbb: u64,
    sab: u64,
    count: u64,
}

impl Moments {
    fn add(&mut self, a: u8, b: u8) {
        let (a, b) = (u64::from(a), u64::from(b));
        self.sa += a;
        self.sb += b;
        self.saa += a * a;
        self.sbb += b * b;
        self.sab += a * b;
        self.count += 1;
    }

    /// Pearson's r (flat frames: 1 when both are flat, else 0; no pixels: 0).
    fn pearson(&self) -> f64 {
        if self.count == 0 {
            return 0.0;
        }
        let n = self.count as f64;
        let (sa, sb) = (self.sa as f64, self.sb as f64);
        let va = self.saa as f64 - sa * sa / n;
        let vb = self.sbb as f64 - sb * sb / n;
        let cov = self.sab as f64 - sa * sb / n;
        let flat = |v: f64| v <= 1e-9 * n;
        match (flat(va), flat(vb)) {
            (true, true) => 1.0,
            (true, _) | (_, true) => 0.0,
            _ => (cov / libm::sqrt(va * vb)).clamp(-1.0, 1.0),
        }
    }
}

/// First column of each grid column, and the end: column `x` of a `w`-wide frame lies in grid
/// column `x · GRID / w`, i.e. grid column `c` spans `[⌈c·w/GRID⌉, ⌈(c+1)·w/GRID⌉)`.
pub(crate) fn grid_edges(w: usize) -> [usize; GRID + 1] {
    let mut e = [0usize; GRID + 1];
    for (c, x) in e.iter_mut().enumerate() {
        *x = (c * w).div_ceil(GRID);
    }
    e
}

const _: () = assert!(MAX_WORK_WIDTH * 255 <= u16::MAX as usize);
const _: () = assert!(MAX_WORK_HEIGHT * 255 <= u16::MAX as usize);

/// Column (`cols[x]`) and row (`rows[y]`) sums of a working frame.
pub fn profiles(frame: &[u8], w: usize, h: usize, cols: &mut [u16], rows: &mut [u16]) {
    cols.iter_mut().take(w).for_each(|c| *c = 0);
    for y in 0..h {
        let r = row_of(frame, y, w);
        let mut s = 0u16;
        // At most 256 × 255 = 65280 per sum (MAX_WORK_WIDTH/HEIGHT): `u16` never overflows.
        for (c, &v) in cols.iter_mut().zip(r) {
            *c += u16::from(v);
            s += u16::from(v);
        }
        if let Some(r) = rows.get_mut(y) {
            *r = s;
        }
    }
}

/// The integer shift `s` (|s| ≤ n/8) minimising the mean absolute difference between
/// mean-removed `cur[i]` and `prev[i + s]`; ties go to the smaller |s|. The second value says
/// whether the match explains the change: a non-zero shift counts only when it lowers the
/// zero-shift cost to at most [`SHIFT_RELIABLE_RATIO`] of it (moving objects on a still
/// background, or a cut, leave the profiles unalignable and the shift unreliable).
pub fn best_shift(cur: &[u16], prev: &[u16]) -> (i32, bool) {
    let n = cur.len();
    if n < 8 {
        return (0, true);
    }
    let max = (n / 8) as isize;
    // `n ≥ 8`; `max(1)` spares the panic path of a negative `n as i64`.
    let mc = cur.iter().map(|&v| i64::from(v)).sum::<i64>() / (n as i64).max(1);
    let mp = prev.iter().map(|&v| i64::from(v)).sum::<i64>() / (n as i64).max(1);
    let mut best = (i64::MAX, 0isize);
    let mut zero = 0i64;
    for m in 0..=2 * max {
        // Order 0, 1, −1, 2, −2, … so equal costs keep the smaller shift.
        let s = if m % 2 == 1 { (m + 1) / 2 } else { -(m / 2) };
        let (lo, hi) = ((-s).max(0) as usize, (n as isize - s.max(0)) as usize);
        let shifted = prev.get((lo as isize + s) as usize..(hi as isize + s) as usize);
        let cost: i64 = cur
            .get(lo..hi)
            .unwrap_or_default()
            .iter()
            .zip(shifted.unwrap_or_default())
            .map(|(&c, &p)| ((i64::from(c) - mc) - (i64::from(p) - mp)).abs())
            .sum();
        // Normalise by the overlap so larger shifts are not favoured; scale keeps integers.
        // The overlap is at least 7/8 of `n`: `max(1)` changes nothing.
        let cost = cost * 1024 / ((hi - lo) as i64).max(1);
        if s == 0 {
            zero = cost;
        }
        if cost < best.0 {
            best = (cost, s);
        }
    }
    let reliable = best.1 == 0 || (best.0 as f64) <= SHIFT_RELIABLE_RATIO * zero as f64;
    (best.1 as i32, reliable)
}

/// A non-zero global shift must cut the profile mismatch to at most this share of the
/// zero-shift mismatch to count as camera motion.
pub const SHIFT_RELIABLE_RATIO: f64 = 0.9;
#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    /// The fit's readings, each checked with numpy's `lstsq` on the same values.
    #[test]
    fn the_closest_tone_change_is_the_least_squares_fit() {
        let near = |a: &[u8], b: &[u8], want: f64| {
            let got = tone_fit_diff(a, b, f64::INFINITY).expect("unclipped pixels");
            assert!((got - want).abs() < 1e-5, "{a:?} on {b:?}: {got} ≠ {want}");
        };
        // A gain of 1.25 and an offset of +10: exact.
        near(&[25, 100, 175, 250], &[20, 80, 140, 200], 0.0);
        near(&[30, 90, 150, 210], &[20, 80, 140, 200], 0.0);
        // α = 0.6, β = 54: [66, 102, 138, 174], missing by (24 + 72 + 72 + 24) / 4.
        near(&[90, 30, 210, 150], &[20, 80, 140, 200], 48.0);
        // α = 15, β = −80: [70, 70, 70, 100], missing by (30 + 30 + 60 + 0) / 4.
        near(&[100, 100, 10, 100], &[10, 10, 10, 12], 30.0);
        // A flat `b` fits the mean 110 alone.
        near(&[20, 80, 140, 200], &[10, 10, 10, 10], 60.0);
        // Clipped pixels are left out: the 0 in `a` and the 255 in `b`.
        near(&[0, 70, 130, 240, 9], &[5, 80, 140, 250, 255], 0.0);
        assert_eq!(tone_fit_diff(&[0, 255], &[3, 4], f64::INFINITY), None);
        // The early exit: the fit's mean r² = (24² + 72² + 72² + 24²) / 4 = 2,880 and its
        // largest possible miss 207 (at a = 0, b = 255) put the reading at least 13.9, so a
        // limit of 1 stops before the second pass; one of 20 does not.
        let stopped = tone_fit_diff(&[90, 30, 210, 150], &[20, 80, 140, 200], 1.0);
        assert_eq!(stopped, None);
        let read = tone_fit_diff(&[90, 30, 210, 150], &[20, 80, 140, 200], 20.0);
        assert!(read.is_some_and(|v| (v - 48.0).abs() < 1e-5), "{read:?}");
    }

    /// The motion blur written the plain way: `u64` taps, reflect-101 on every tap.
    fn blur_reference(frame: &[u8], w: usize, h: usize) -> std::vec::Vec<u16> {
        let mut out = std::vec![0u16; w * h];
        for y in 0..h {
            for x in 0..w {
                let mut s = 0u64;
                for (i, &wi) in MOTION_FILTER.iter().enumerate() {
                    let r = reflect101(y as isize + i as isize - 2, h);
                    for (j, &wj) in MOTION_FILTER.iter().enumerate() {
                        let c = reflect101(x as isize + j as isize - 2, w);
                        s += wi * wj * u64::from(frame[r * w + c]);
                    }
                }
                out[y * w + x] = ((s + (1 << 23)) >> 24) as u16;
            }
        }
        out
    }

    #[test]
    fn shifted_cell_changes_see_a_pan_as_no_change() {
        let (w, h) = (48usize, 32usize);
        let pic = |dx: usize| -> std::vec::Vec<u8> {
            (0..w * h)
                .map(|i| ((((i % w) + dx) * 37 + (i / w) * 11) % 251) as u8)
                .collect()
        };
        // `cur` is `prev` moved 2 px left: cur[x] = prev[x + 2].
        let (prev, cur) = (pic(0), pic(2));
        let mut cells = [0f32; GRID * GRID];
        cell_changes_shifted(&cur, &prev, w, h, (2, 0), &mut cells);
        assert!(cells.iter().all(|&c| c == 0.0), "{cells:?}");
        let mut plain = [0f32; GRID * GRID];
        let mut signed = [0f32; GRID * GRID];
        cell_changes(&cur, &prev, w, h, &mut plain, &mut signed);
        assert!(plain.iter().all(|&c| c > 4.0));
        // Without a shift it is cell_changes.
        cell_changes_shifted(&cur, &prev, w, h, (0, 0), &mut cells);
        assert_eq!(cells, plain);
        // A shift past the frame leaves no shared pixels.
        cell_changes_shifted(&cur, &prev, w, h, (0, 40), &mut cells);
        assert!(cells.iter().all(|c| c.is_infinite()));
    }

    #[test]
    fn correlation_sees_through_a_relighting_but_not_a_cut() {
        let (w, h) = (40usize, 30usize);
        let pic: std::vec::Vec<u8> = (0..w * h)
            .map(|i| ((i % w) * 5 + (i / w) * 3 + (i * 7919 % 23)) as u8)
            .collect();
        assert!((correlation(&pic, &pic, w, h, 0, 0) - 1.0).abs() < 1e-12);
        // Darker and flatter: a·x + b correlates perfectly (no clipping here).
        let dim: std::vec::Vec<u8> = pic.iter().map(|&v| v / 4 + 10).collect();
        assert!(correlation(&dim, &pic, w, h, 0, 0) > 0.99);
        // Brighter with the highlights blown (`2·x + 40`, clipped at 255): linear where
        // neither frame is clipped, which is what counts.
        let blown: std::vec::Vec<u8> = pic
            .iter()
            .map(|&v| (2 * u32::from(v) + 40).min(255) as u8)
            .collect();
        assert!(correlation(&blown, &pic, w, h, 0, 0) > 0.999);
        // Moved 3 px right: aligned by the shift, the overlap matches exactly.
        let moved: std::vec::Vec<u8> = (0..w * h)
            .map(|i| if i % w >= 3 { pic[i - 3] } else { 0 })
            .collect();
        assert!((correlation(&moved, &pic, w, h, -3, 0) - 1.0).abs() < 1e-12);
        // Another picture: the mirror image.
        let mirror: std::vec::Vec<u8> = (0..w * h).map(|i| pic[w * h - 1 - i]).collect();
        assert!(correlation(&mirror, &pic, w, h, 0, 0) < 0.5);
        let flat = [7u8; 40 * 30];
        assert_eq!(correlation(&flat, &flat, w, h, 0, 0), 1.0);
        assert_eq!(correlation(&flat, &pic, w, h, 0, 0), 0.0);
        // Shifts beyond the frame share nothing.
        assert_eq!(correlation(&pic, &pic, w, h, 50, 0), 0.0);
    }

    #[test]
    fn cell_changes_equal_the_per_pixel_definition() {
        let mut state = 0x0bad_cafe_u32;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        };
        let sizes: &[(usize, usize)] = if cfg!(miri) {
            &[(3, 2), (13, 11)]
        } else {
            &[(192, 108), (3, 2), (8, 8), (13, 11), (160, 68)]
        };
        for &(w, h) in sizes {
            let a: std::vec::Vec<u8> = (0..w * h).map(|_| next()).collect();
            let b: std::vec::Vec<u8> = (0..w * h).map(|_| next()).collect();
            let mut got = [0f32; GRID * GRID];
            let mut signed_got = [0f32; GRID * GRID];
            let (mean, mean_signed) = cell_changes(&a, &b, w, h, &mut got, &mut signed_got);
            let (mut sums, mut signed, mut counts, mut total, mut total_signed) = (
                [0u64; GRID * GRID],
                [0i64; GRID * GRID],
                [0u64; GRID * GRID],
                0u64,
                0i64,
            );
            for y in 0..h {
                for x in 0..w {
                    let d = u64::from(a[y * w + x].abs_diff(b[y * w + x]));
                    let e = i64::from(a[y * w + x]) - i64::from(b[y * w + x]);
                    let c = (y * GRID / h) * GRID + x * GRID / w;
                    sums[c] += d;
                    signed[c] += e;
                    counts[c] += 1;
                    total += d;
                    total_signed += e;
                }
            }
            for c in 0..GRID * GRID {
                let (want, want_signed) = if counts[c] == 0 {
                    (0.0, 0.0)
                } else {
                    (
                        sums[c] as f32 / counts[c] as f32,
                        signed[c] as f32 / counts[c] as f32,
                    )
                };
                assert_eq!(got[c], want, "{w}×{h} cell {c}");
                assert_eq!(signed_got[c], want_signed, "{w}×{h} cell {c}");
            }
            assert_eq!(mean_signed, total_signed as f64 / (w * h) as f64);
            assert_eq!(mean, total as f64 / (w * h) as f64);
        }
    }

    #[test]
    fn motion_blur_equals_the_plain_definition() {
        let mut state = 0x2545_f491_u32;
        let sizes: &[(usize, usize)] = if cfg!(miri) {
            &[(1, 1), (2, 3), (7, 6)]
        } else {
            &[(192, 108), (1, 1), (2, 3), (5, 5), (7, 2), (33, 17)]
        };
        for &(w, h) in sizes {
            let frame: std::vec::Vec<u8> = (0..w * h)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    (state >> 24) as u8
                })
                .collect();
            let mut blur = std::vec![0u16; w * h];
            assert_eq!(blur_motion(&frame, w, h, &mut blur, false), 0.0);
            let first = blur_reference(&frame, w, h);
            assert_eq!(blur, first, "{w}×{h}");
            // The motion to the next frame: mean |blur difference| in code values.
            let next: std::vec::Vec<u8> = frame.iter().map(|&v| v.wrapping_mul(3) ^ 0x55).collect();
            let second = blur_reference(&next, w, h);
            let want = first
                .iter()
                .zip(&second)
                .map(|(&a, &b)| u64::from(a.abs_diff(b)))
                .sum::<u64>() as f64
                / (256.0 * (w * h) as f64);
            assert_eq!(blur_motion(&next, w, h, &mut blur, true), want, "{w}×{h}");
            assert_eq!(blur, second);
        }
    }

    #[test]
    fn whole_plane_downsample_equals_row_by_row() {
        let mut factors = std::vec::Vec::new();
        // Plain factors, partial right/bottom blocks, single rows/columns, f > STRIP.
        // Miri interprets every pixel: small sizes there, real ones natively.
        let all: &[(usize, usize, usize)] = &[
            (1920, 1080, 192 * 108),
            (1280, 720, 192 * 108),
            (3840, 2160, 192 * 108),
            (641, 273, 192 * 108),
            (960, 540, 192 * 108),
            (577, 325, 192 * 108),
            (1283, 721, 192 * 108),
            (176, 144, 192 * 108),
            (16384, 3, 192 * 108),
            (5, 4000, 64 * 48),
            (4000, 37, 8),
            (7, 5, 1),
            (16384, 2, 16), // factor 1024 > STRIP
        ];
        let small: &[(usize, usize, usize)] =
            &[(97, 61, 16 * 12), (40, 9, 8), (7, 5, 1), (3000, 2, 16)];
        for &(w, h, pixels) in if cfg!(miri) { small } else { all } {
            let g = WorkGeometry::new(w, h, pixels);
            factors.push(g.factor);
            let mut state = 0x9e37_79b9_u32;
            let mut src = std::vec![0u8; w * h];
            for v in src.iter_mut() {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                *v = (state >> 24) as u8;
            }
            let plane = Plane::packed(&src, w, h).unwrap();
            let (mut a, mut b) = ([0u8; 192 * 108], [0u8; 192 * 108]);
            downsample(&plane, &g, &mut a);
            // The plain definition: each block's mean, rounded half up.
            let f = g.factor;
            for (i, &got) in a[..g.len()].iter().enumerate() {
                let (sx, sy) = (i % g.width, i / g.width);
                let (xs, ys) = (sx * f..(sx * f + f).min(w), sy * f..(sy * f + f).min(h));
                let n = (xs.len() * ys.len()) as u64;
                let sum: u64 = ys
                    .flat_map(|y| xs.clone().map(move |x| (x, y)))
                    .map(|(x, y)| u64::from(src[y * w + x]))
                    .sum();
                assert_eq!(u64::from(got), (sum + n / 2) / n, "{w}×{h} pixel {i}");
            }
            let mut acc = [0u32; MAX_WORK_WIDTH];
            for y in 0..h {
                downsample_row(plane.row(y), y, h, &g, &mut acc, &mut b);
            }
            assert_eq!(a[..g.len()], b[..g.len()], "{w}×{h} factor {}", g.factor);
            // Column sums as wide as the rows, as a row feeder has them.
            let mut cols = std::vec![0u16; w];
            let mut c = [0u8; 192 * 108];
            for y in 0..h {
                add_row(plane.row(y), y, h, &g, &mut cols, &mut acc, &mut c);
            }
            assert_eq!(
                a[..g.len()],
                c[..g.len()],
                "{w}×{h} factor {} (columns)",
                g.factor
            );
        }
        for f in [2, 3, 7, 10, 20] {
            assert!(
                cfg!(miri) || factors.contains(&f),
                "factor {f} not covered: {factors:?}"
            );
        }
    }

    /// The multiply-and-shift mean equals the division for every divisor a block can have
    /// (1..=257²) on the sums that matter: all sums below 2¹⁶ for small divisors, and each
    /// divisor's multiples ± 1 and extremes.
    #[test]
    fn rounded_mean_equals_division() {
        let div = |s: u32, n: u32| ((s + n / 2) / n) as u8;
        let (s_step, step) = if cfg!(miri) { (97, 4099) } else { (1, 1) };
        for n in 1..=64u32 {
            let m = RoundedMean::new(n);
            for s in (0..=(n * 255)).step_by(s_step) {
                assert_eq!(m.of(s), div(s, n), "{s} / {n}");
            }
        }
        for n in (65..=257 * 257u32).step_by(step) {
            let m = RoundedMean::new(n);
            let max = n * 255;
            for q in 0..=255u32 {
                for s in [
                    q * n,
                    (q * n).saturating_sub(1),
                    q * n + n / 2,
                    (q * n + n / 2).saturating_sub(1),
                    q * n + n - 1,
                ] {
                    if s <= max {
                        assert_eq!(m.of(s), div(s, n), "{s} / {n}");
                    }
                }
            }
        }
    }

    #[test]
    fn geometry_fits_the_budget() {
        let g = WorkGeometry::new(1920, 1080, 192 * 108);
        assert_eq!((g.factor, g.width, g.height), (10, 192, 108));
        let g = WorkGeometry::new(3840, 2160, 192 * 108);
        assert_eq!((g.factor, g.width, g.height), (20, 192, 108));
        let g = WorkGeometry::new(176, 144, 192 * 108);
        assert_eq!((g.factor, g.width, g.height), (2, 88, 72));
        let g = WorkGeometry::new(16384, 1, 192 * 108);
        assert!(g.width * g.height <= 192 * 108 && g.height == 1);
        assert_eq!(WorkGeometry::new(1, 1, 4).len(), 1);
    }

    #[test]
    fn shift_of_a_translated_profile() {
        let base: [u16; 64] = core::array::from_fn(|i| ((i * 37) % 23 * 10) as u16);
        let moved: [u16; 64] = core::array::from_fn(|i| base[(i + 3).min(63)]);
        // cur[i] = prev[i + 3]  →  s = 3.
        assert_eq!(best_shift(&moved, &base), (3, true));
        assert_eq!(best_shift(&base, &base), (0, true));
    }

    #[test]
    fn blur_of_flat_frame_is_flat_and_still() {
        let f = [100u8; 12 * 9];
        let mut prev = [0u16; 12 * 9];
        blur_motion(&f, 12, 9, &mut prev, false);
        assert!(prev.iter().all(|&v| v == 100 * 256));
        assert_eq!(blur_motion(&f, 12, 9, &mut prev, true), 0.0);
    }
}
