//! Motion-compensated residual per cell of a [`RES_GRID`]×[`RES_GRID`] grid on the working copy:
//! the per-frame measurement behind the generative-artefact rules ([`super::artefacts`]).
//!
//! For each cell, against the previous working frame:
//!
//! - **residual** — the warping error of temporal-consistency studies (Lai et al., "Learning
//!   Blind Video Temporal Consistency", ECCV 2018: `|I_t − warp(I_{t−1})|` after optical flow),
//!   with the flow replaced by block matching: the mean absolute difference to the previous
//!   frame moved by the best integer shift within ±[`RESIDUAL_SEARCH`] working pixels of the
//!   global translation. Rigid motion, pans and slow deformation leave it near the noise;
//!   texture re-drawn every frame or content that pops in does not.
//! - **moved** — the mean absolute difference after the global translation only (what moves
//!   against the camera), with the first moments of its strong pixels (≥
//!   [`MOVED_PIXEL`](super::config::MOVED_PIXEL)) so a small moving object can be located to
//!   a fraction of a pixel.
//! - **texture** — the mean absolute deviation of the cell about its mean (code values): how
//!   much the cell has to boil with.
//!
//! Every difference is taken after the frame's change of brightness (the median of the cells'
//! mean changes: flicker and exposure changes have rules of their own, and do not read as
//! content that changes; an object that appears moves its own cells only).
//!
//! Cells span `[⌈c·w/16⌉, ⌈(c+1)·w/16⌉)` like the chroma grid's; a cell that one of the near
//! shifts moves partly outside the previous frame has no residual (0): content entering at
//! the border cannot be judged.

use super::config::{MAX_WORK_HEIGHT, MAX_WORK_WIDTH, MOVED_PIXEL, RESIDUAL_SEARCH, RESIDUAL_WIDE};
use crate::kernels;

/// Cells per side of the residual grid.
pub const RES_GRID: usize = 16;
/// Cells of the residual grid.
pub const RES_CELLS: usize = RES_GRID * RES_GRID;
/// Most cells searched wide per frame (bounds the cost; frames where more cells change than
/// this are cuts or whole-frame motion).
pub const WIDE_MAX_CELLS: usize = 64;

/// A box of grid cells, inclusive corners packed 4 bits each (`x = x0 << 4 | x1`, the same for
/// `y`), so events can say where they happened in two bytes. [`CellBox::EMPTY`] holds none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellBox {
    x: u8,
    y: u8,
}

const _: () = assert!(RES_GRID == 16);

impl CellBox {
    /// No cell.
    pub const EMPTY: CellBox = CellBox { x: 0xF0, y: 0xF0 };

    /// Whether the box holds no cell.
    pub fn is_empty(self) -> bool {
        (self.x >> 4) > (self.x & 15)
    }

    /// The box grown to hold grid cell `c` (`y · RES_GRID + x`).
    pub fn with_cell(self, c: usize) -> Self {
        self.with((c % RES_GRID) as u8, ((c / RES_GRID) % RES_GRID) as u8)
    }

    /// The box grown to hold the cell under working pixel `(x, y)` of a `w×h` working frame.
    pub fn with_point(self, x: f32, y: f32, w: usize, h: usize) -> Self {
        let cell = |v: f32, n: usize| {
            let c = libm::floorf(v.max(0.0) * RES_GRID as f32 / n.max(1) as f32);
            (c as usize).min(RES_GRID - 1) as u8
        };
        self.with(cell(x, w), cell(y, h))
    }

    fn with(self, cx: u8, cy: u8) -> Self {
        if self.is_empty() {
            return CellBox {
                x: cx << 4 | cx,
                y: cy << 4 | cy,
            };
        }
        CellBox {
            x: (self.x >> 4).min(cx) << 4 | (self.x & 15).max(cx),
            y: (self.y >> 4).min(cy) << 4 | (self.y & 15).max(cy),
        }
    }

    /// The smallest box holding both.
    pub fn union(self, other: Self) -> Self {
        if other.is_empty() {
            return self;
        }
        self.with(other.x >> 4, other.y >> 4)
            .with(other.x & 15, other.y & 15)
    }

    /// As a region of the frame, `[left, top, right, bottom]` in 255ths of its width and height
    /// ([`Defect::region`](super::report::Defect::region)); `[0; 4]` when empty.
    pub fn region(self) -> [u8; 4] {
        if self.is_empty() {
            return [0; 4];
        }
        let lo = |c: u8| (u16::from(c) * 255 / 16) as u8;
        let hi = |c: u8| (u16::from(c + 1) * 255).div_ceil(16) as u8;
        [
            lo(self.x >> 4),
            lo(self.y >> 4),
            hi(self.x & 15),
            hi(self.y & 15),
        ]
    }
}

impl Default for CellBox {
    /// [`CellBox::EMPTY`].
    fn default() -> Self {
        CellBox::EMPTY
    }
}

/// Cell `c` and its neighbours: the 3×3 block around it cut at the grid's edge, row by row.
/// (Cells as `u8`: one indexes any `[T; RES_CELLS]` without a bounds check.)
pub fn neighbourhood(c: u8) -> impl Iterator<Item = u8> {
    const G: u8 = RES_GRID as u8;
    let (x, y) = (c % G, c / G);
    (y.saturating_sub(1)..=(y + 1).min(G - 1))
        .flat_map(move |ny| (x.saturating_sub(1)..=(x + 1).min(G - 1)).map(move |nx| ny * G + nx))
}

/// Calls `group` with the cells of each 8-connected group of `mask` (in scan order of their
/// first cell) and a mask of those cells and their neighbours.
pub fn for_each_group(mask: &[bool; RES_CELLS], mut group: impl FnMut(&[u16], &[bool; RES_CELLS])) {
    let mut seen = [false; RES_CELLS];
    let mut cells = [0u16; RES_CELLS];
    for c0 in 0..RES_CELLS {
        if !mask[c0] || seen[c0] {
            continue;
        }
        // Flood fill: `cells[..done]` are visited, `cells[done..len]` wait.
        let mut ring = [false; RES_CELLS];
        let (mut done, mut len) = (0usize, 1usize);
        cells[0] = c0 as u16;
        seen[c0] = true;
        while done < len
            && let Some(&c) = cells.get(done)
        {
            done += 1;
            for n in neighbourhood(c as u8).map(usize::from) {
                ring[n] = true;
                if mask[n] && !seen[n] {
                    seen[n] = true;
                    if let Some(slot) = cells.get_mut(len) {
                        *slot = n as u16;
                        len += 1;
                    }
                }
            }
        }
        group(cells.get(..len).unwrap_or_default(), &ring);
    }
}

/// One frame's per-cell measurements (on the stack; see the module docs).
#[derive(Debug, Clone)]
pub struct CellFrame {
    /// Best-shift mean absolute difference, code values (0 where no shift could be tried).
    pub residual: [f32; RES_CELLS],
    /// The same over the near shifts only (±[`RESIDUAL_SEARCH`]): what popping reads, since the
    /// wide search can match a small object's cells with the background beside it.
    pub near: [f32; RES_CELLS],
    /// Mean absolute difference after the global translation, code values.
    pub moved: [f32; RES_CELLS],
    /// Mean absolute deviation about the cell mean, code values.
    pub texture: [f32; RES_CELLS],
    /// Sum of the strong moved differences.
    pub mass: [f32; RES_CELLS],
    /// Their first moments along x and y (working pixels × difference).
    pub moment: [[f32; 2]; RES_CELLS],
}

/// First index of each of the `RES_GRID` spans of `0..n`, and the end.
fn edges(n: usize) -> [usize; RES_GRID + 1] {
    let mut e = [0usize; RES_GRID + 1];
    for (c, x) in e.iter_mut().enumerate() {
        *x = (c * n).div_ceil(RES_GRID);
    }
    e
}

/// Per cell of one band of grid rows, `Σ |a[x] − b[x] − off|` over the rows `rows` and the
/// columns `x_lo..x_hi` (`pair(y)`: row `y`'s two spans of those columns, `a[0]` at column
/// `x_lo`): the rows are added up by column ([`kernels::sad_acc`]; a band has at most
/// `⌈MAX_WORK_HEIGHT / RES_GRID⌉` rows, so the `u16` column sums cannot wrap), then by cell.
/// Integer sums, so the order of additions does not change them.
fn band_sums<'r>(
    rows: core::ops::Range<usize>,
    (x_lo, x_hi): (usize, usize),
    xe: &[usize; RES_GRID + 1],
    off: i16,
    pair: impl Fn(usize) -> Option<(&'r [u8], &'r [u8])>,
) -> [u32; RES_GRID] {
    let mut cols = [0u16; MAX_WORK_WIDTH];
    let cols = cols
        .get_mut(..x_hi.saturating_sub(x_lo))
        .unwrap_or_default();
    for y in rows {
        if let Some((a, b)) = pair(y) {
            kernels::sad_acc(a, b, off, cols);
        }
    }
    let mut out = [0u32; RES_GRID];
    for (gx, o) in out.iter_mut().enumerate() {
        let (a, b) = (xe[gx].max(x_lo), xe[gx + 1].min(x_hi));
        if a < b {
            let span = cols.get(a - x_lo..b - x_lo).unwrap_or_default();
            *o = span.iter().map(|&v| u32::from(v)).sum();
        }
    }
    out
}

/// Adds the strong moved differences (`|a − b − off| ≥` [`MOVED_PIXEL`]) of band `gy`'s rows
/// `rows` (`pair` as for [`band_sums`]) to its cells' mass and first moments, pixel by pixel in
/// scan order: `f32` sums, whose order is part of the result.
fn moved_mass<'r>(
    f: &mut CellFrame,
    rows: core::ops::Range<usize>,
    (x_lo, x_hi): (usize, usize),
    xe: &[usize; RES_GRID + 1],
    gy: usize,
    off: i16,
    pair: impl Fn(usize) -> Option<(&'r [u8], &'r [u8])>,
) {
    for y in rows {
        let Some((cur, prev)) = pair(y) else {
            continue;
        };
        for gx in 0..RES_GRID {
            let (a, b) = (xe[gx].max(x_lo), xe[gx + 1].min(x_hi));
            let c = gy * RES_GRID + gx;
            let (Some(span), Some(pspan), Some(mass), Some(moment)) = (
                cur.get(a.saturating_sub(x_lo)..b.saturating_sub(x_lo)),
                prev.get(a.saturating_sub(x_lo)..b.saturating_sub(x_lo)),
                f.mass.get_mut(c),
                f.moment.get_mut(c),
            ) else {
                continue;
            };
            for (x, (&p, &q)) in span.iter().zip(pspan).enumerate() {
                let d = (i16::from(p) - i16::from(q) - off).unsigned_abs();
                if d >= u16::from(MOVED_PIXEL) {
                    let d = f32::from(d);
                    *mass += d;
                    moment[0] += d * (a + x) as f32;
                    moment[1] += d * y as f32;
                }
            }
        }
    }
}

/// Mean absolute difference of cell `x0..x1 × y0..y1` of `cur` to `prev` moved by `(sx, sy)`,
/// `None` unless every pixel's match lies inside `prev`.
#[allow(clippy::too_many_arguments)]
fn cell_mad(
    cur: &[u8],
    prev: &[u8],
    (w, h): (usize, usize),
    (x0, x1): (usize, usize),
    (y0, y1): (usize, usize),
    (sx, sy): (i32, i32),
    off: i16,
) -> Option<f32> {
    let (wi, hi) = (w as i32, h as i32);
    let xa = (x0 as i32).max(-sx).max(0);
    let xb = (x1 as i32).min(wi - sx).min(wi);
    let ya = (y0 as i32).max(-sy).max(0);
    let yb = (y1 as i32).min(hi - sy).min(hi);
    if xa >= xb || ya >= yb {
        return None;
    }
    let (xa, xb) = (xa as usize, xb as usize);
    let (pa, pb) = ((xa as i32 + sx) as usize, (xb as i32 + sx) as usize);
    // The cell's rows added up by column (a cell has at most ⌈MAX_WORK_HEIGHT / RES_GRID⌉
    // rows of at most ⌈MAX_WORK_WIDTH / RES_GRID⌉ columns: no `u16` sum wraps).
    let mut cols = [0u16; MAX_WORK_WIDTH / RES_GRID + 1];
    let cols = cols.get_mut(..xb - xa)?;
    for y in ya as usize..yb as usize {
        let py = (y as i32 + sy) as usize;
        kernels::sad_acc(
            cur.get(y * w + xa..y * w + xb)?,
            prev.get(py * w + pa..py * w + pb)?,
            off,
            cols,
        );
    }
    let total: u32 = cols.iter().map(|&v| u32::from(v)).sum();
    let count = ((yb - ya) as usize * (xb - xa)) as u32;
    let cell = ((x1 - x0) * (y1 - y0)) as u32;
    (count == cell && count > 0).then(|| total as f32 / count as f32)
}

/// The `len / 2`-th smallest of `changes` (0 for none), each a cell's mean change of 8-bit
/// codes (within ±255), by counting: linear and without a panic path.
fn middle_change(changes: &[i16]) -> i16 {
    let mut counts = [0u16; 511];
    for &v in changes {
        counts[(v.clamp(-255, 255) + 255) as usize] += 1;
    }
    let mut seen = 0usize;
    for (v, &n) in (-255i16..=255).zip(&counts) {
        seen += usize::from(n);
        if seen > changes.len() / 2 {
            return v;
        }
    }
    0
}

/// Measures `cur` against `prev` (both `w×h` working frames) around the global `shift`
/// (`cur[x, y]` matches `prev[x + sx, y + sy]`). Cells for which `wide(residual, texture)`
/// holds after the near search (the first [`WIDE_MAX_CELLS`] of them) are searched again over
/// ±[`RESIDUAL_WIDE`] (every second shift, then the best one's neighbours), so fast motion is
/// not mistaken for texture that changes or content that pops. Frames larger than
/// [`MAX_WORK_WIDTH`] × [`MAX_WORK_HEIGHT`] (no working frame is) measure nothing (all 0).
///
/// Every sum of differences goes through the column sums of [`kernels::sad_acc`]: rows added
/// up by column per band of grid rows, then by cell.
#[inline(never)]
pub fn measure<'a>(
    cur: &'a [u8],
    prev: &'a [u8],
    w: usize,
    h: usize,
    shift: (i32, i32),
    wide: impl Fn(f32, f32) -> bool,
) -> CellFrame {
    let mut f = CellFrame {
        residual: [0.0; RES_CELLS],
        near: [0.0; RES_CELLS],
        moved: [0.0; RES_CELLS],
        texture: [0.0; RES_CELLS],
        mass: [0.0; RES_CELLS],
        moment: [[0.0; 2]; RES_CELLS],
    };
    if w == 0
        || h == 0
        || w > MAX_WORK_WIDTH
        || h > MAX_WORK_HEIGHT
        || cur.len() < w * h
        || prev.len() < w * h
    {
        return f;
    }
    let (Some(cur), Some(prev)) = (cur.get(..w * h), prev.get(..w * h)) else {
        return f;
    };
    let (xe, ye) = (edges(w), edges(h));
    let row = |s: &'a [u8], y: usize| s.get(y * w..(y + 1) * w);
    const ZERO: [u8; MAX_WORK_WIDTH] = [0; MAX_WORK_WIDTH];
    let zero = ZERO.get(..w).unwrap_or_default();

    // Texture: the cell means, then the mean absolute deviation about them; the brightness
    // change of the frame (flicker, exposure) is taken out of every difference. Band `gy`
    // holds the rows `ye[gy]..ye[gy + 1]` (those with `⌊16y / h⌋ = gy`).
    let mut sums = [0u32; RES_CELLS];
    let mut counts = [0u32; RES_CELLS];
    for gy in 0..RES_GRID {
        let rows = ye[gy]..ye[gy + 1];
        let band = band_sums(rows.clone(), (0, w), &xe, 0, |y| Some((row(cur, y)?, zero)));
        for gx in 0..RES_GRID {
            sums[gy * RES_GRID + gx] = band[gx];
            counts[gy * RES_GRID + gx] = (rows.len() * (xe[gx + 1] - xe[gx])) as u32;
        }
    }
    // The frame's change of brightness: the median, over the cells that stay inside the frame,
    // of each cell's mean change against the previous frame moved by the global shift, so an
    // object that appears does not count and a flicker or an exposure change does.
    let (wi, hi) = (w as i32, h as i32);
    let mut changes = [0i16; RES_CELLS];
    let mut cells = 0;
    for gy in 0..RES_GRID {
        // The rows and columns whose shifted position lies inside the previous frame: all of
        // those of an inside cell.
        let (y_lo, y_hi) = (
            (-shift.1).max(0) as usize,
            (hi - shift.1.max(0)).max(0) as usize,
        );
        let (x_lo, x_hi) = (
            (-shift.0).max(0) as usize,
            (wi - shift.0.max(0)).max(0) as usize,
        );
        let rows = ye[gy].max(y_lo)..ye[gy + 1].min(y_hi);
        let moved = band_sums(rows, (x_lo, x_hi), &xe, 0, |y| {
            let py = (y as i32 + shift.1) as usize * w;
            let span = py + (x_lo as i32 + shift.0) as usize..py + (x_hi as i32 + shift.0) as usize;
            Some((prev.get(span)?, zero))
        });
        for gx in 0..RES_GRID {
            let c = gy * RES_GRID + gx;
            let (x0, x1, y0, y1) = (
                xe[gx] as i32,
                xe[gx + 1] as i32,
                ye[gy] as i32,
                ye[gy + 1] as i32,
            );
            let inside =
                x0 + shift.0 >= 0 && x1 + shift.0 <= wi && y0 + shift.1 >= 0 && y1 + shift.1 <= hi;
            if counts[c] == 0 || !inside {
                continue;
            }
            let d = (f64::from(sums[c]) - f64::from(moved[gx])) / f64::from(counts[c]);
            if let Some(change) = changes.get_mut(cells) {
                *change = libm::round(d) as i16;
                cells += 1;
            }
        }
    }
    let off = middle_change(changes.get(..cells).unwrap_or_default());
    let mut means = [0u8; RES_CELLS];
    for c in 0..RES_CELLS {
        means[c] = (sums[c] + counts[c] / 2)
            .checked_div(counts[c])
            .unwrap_or(0)
            .min(255) as u8;
    }
    for gy in 0..RES_GRID {
        // Each column's cell mean, so the deviations are the column sums' kernel too.
        let mut mean_row = [0u8; MAX_WORK_WIDTH];
        for gx in 0..RES_GRID {
            let span = mean_row.get_mut(xe[gx]..xe[gx + 1]).unwrap_or_default();
            span.fill(means[gy * RES_GRID + gx]);
        }
        let mean_row = mean_row.get(..w).unwrap_or_default();
        let dev = band_sums(ye[gy]..ye[gy + 1], (0, w), &xe, 0, |y| {
            Some((row(cur, y)?, mean_row))
        });
        for (gx, &dev) in dev.iter().enumerate() {
            let c = gy * RES_GRID + gx;
            f.texture[c] = if counts[c] == 0 {
                0.0
            } else {
                dev as f32 / counts[c] as f32
            };
        }
    }

    // Residual: the best of the shifts around the global one; moved: the global one itself.
    let mut best = [f32::INFINITY; RES_CELLS];
    let mut unknown = [false; RES_CELLS];
    for dy in -RESIDUAL_SEARCH..=RESIDUAL_SEARCH {
        for dx in -RESIDUAL_SEARCH..=RESIDUAL_SEARCH {
            let (sx, sy) = (shift.0 + dx, shift.1 + dy);
            if sx.abs() >= wi || sy.abs() >= hi {
                unknown = [true; RES_CELLS];
                continue;
            }
            let global = dx == 0 && dy == 0;
            // Rows and columns whose shifted position lies inside the previous frame.
            let (y_lo, y_hi) = ((-sy).max(0) as usize, (hi - sy.max(0)) as usize);
            let (x_lo, x_hi) = ((-sx).max(0) as usize, (wi - sx.max(0)) as usize);
            let (pa, pb) = ((x_lo as i32 + sx) as usize, (x_hi as i32 + sx) as usize);
            let pair = |y: usize| {
                let py = (y as i32 + sy) as usize;
                Some((row(cur, y)?.get(x_lo..x_hi)?, row(prev, py)?.get(pa..pb)?))
            };
            for gy in 0..RES_GRID {
                let rows = ye[gy].max(y_lo)..ye[gy + 1].min(y_hi);
                let n_rows = rows.len();
                let sad = band_sums(rows.clone(), (x_lo, x_hi), &xe, off, pair);
                for gx in 0..RES_GRID {
                    let c = gy * RES_GRID + gx;
                    let cols = xe[gx + 1].min(x_hi).saturating_sub(xe[gx].max(x_lo));
                    let n_c = (n_rows * cols) as u32;
                    // Every shift tried must find the whole cell inside the previous frame:
                    // content entering at the border cannot be judged (nor can the shifts
                    // that remain be trusted to include the right one).
                    if n_c == 0 || n_c < counts[c] {
                        unknown[c] = true;
                        continue;
                    }
                    let mean = sad[gx] as f32 / n_c as f32;
                    if global {
                        f.moved[c] = mean;
                    }
                    best[c] = best[c].min(mean);
                }
                if global {
                    moved_mass(&mut f, rows, (x_lo, x_hi), &xe, gy, off, pair);
                }
            }
        }
    }
    let mut widened = 0;
    for ((b, &u), near) in best.iter_mut().zip(&unknown).zip(f.near.iter_mut()) {
        if u {
            *b = f32::INFINITY;
        }
        *near = if b.is_finite() { *b } else { 0.0 };
    }
    // Cells as `u8` (all of them: `RES_CELLS` is 256), so the grid row is in range by type.
    for (cell, (b, &texture)) in (0..=u8::MAX).zip(best.iter_mut().zip(&f.texture)) {
        if !b.is_finite() || !wide(*b, texture) || widened == WIDE_MAX_CELLS {
            continue;
        }
        widened += 1;
        let c = usize::from(cell);
        let cell = (c % RES_GRID, c / RES_GRID);
        let span = ((xe[cell.0], xe[cell.0 + 1]), (ye[cell.1], ye[cell.1 + 1]));
        let try_at = |dx: i32, dy: i32| {
            cell_mad(
                cur,
                prev,
                (w, h),
                span.0,
                span.1,
                (shift.0 + dx, shift.1 + dy),
                off,
            )
        };
        let mut coarse = (*b, 0, 0);
        for dy in (-RESIDUAL_WIDE..=RESIDUAL_WIDE).step_by(2) {
            for dx in (-RESIDUAL_WIDE..=RESIDUAL_WIDE).step_by(2) {
                if let Some(m) = try_at(dx, dy)
                    && m < coarse.0
                {
                    coarse = (m, dx, dy);
                }
            }
        }
        let mut fine = coarse.0;
        for (ddx, ddy) in [
            (-1, -1),
            (0, -1),
            (1, -1),
            (-1, 0),
            (1, 0),
            (-1, 1),
            (0, 1),
            (1, 1),
        ] {
            if let Some(m) = try_at(coarse.1 + ddx, coarse.2 + ddy) {
                fine = fine.min(m);
            }
        }
        *b = fine;
    }
    for (r, b) in f.residual.iter_mut().zip(best) {
        *r = if b.is_finite() { b } else { 0.0 };
    }
    f
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn cell_boxes_grow_and_map_to_frame_regions() {
        assert!(CellBox::EMPTY.is_empty());
        assert_eq!(CellBox::EMPTY.region(), [0; 4]);
        let one = CellBox::EMPTY.with_cell(5 * RES_GRID + 3);
        // Column 3 of 16 spans 3/16..4/16 of the width: 47.8..63.75 in 255ths.
        assert_eq!(one.region(), [47, 79, 64, 96]);
        let two = one.with_cell(9 * RES_GRID + 12);
        assert_eq!(two.region(), [47, 79, 208, 160]);
        assert_eq!(CellBox::EMPTY.union(two), two);
        assert_eq!(two.union(CellBox::EMPTY), two);
        assert_eq!(one.union(CellBox::EMPTY.with_cell(9 * RES_GRID + 12)), two);
        let all = CellBox::EMPTY.with_cell(0).with_cell(RES_CELLS - 1);
        assert_eq!(all.region(), [0, 0, 255, 255]);
        // Points in working pixels, clamped into the grid.
        let p = CellBox::EMPTY.with_point(-3.0, 200.0, 64, 48);
        assert_eq!(p, CellBox::EMPTY.with_cell((RES_GRID - 1) * RES_GRID));
        assert_eq!(
            CellBox::EMPTY.with_point(32.0, 0.0, 64, 48),
            CellBox::EMPTY.with_cell(8)
        );
    }

    #[test]
    fn middle_change_is_the_middle_of_the_sorted_changes() {
        let mut s = 12_345u32;
        for len in (0..=RES_CELLS).step_by(17).chain([1, 2, 255, 256]) {
            for spread in [1u32, 7, 511] {
                let mut v: std::vec::Vec<i16> = (0..len)
                    .map(|_| {
                        s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                        ((s >> 8) % spread) as i16 - (spread / 2) as i16
                    })
                    .collect();
                let got = middle_change(&v);
                v.sort_unstable();
                assert_eq!(got, v.get(len / 2).copied().unwrap_or(0), "len {len}");
            }
        }
    }

    fn texture(w: usize, h: usize, seed: u32) -> std::vec::Vec<u8> {
        let mut s = seed;
        (0..w * h)
            .map(|_| {
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (s >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn a_translated_texture_leaves_almost_no_residual_a_redrawn_one_does() {
        let (w, h) = (96, 64);
        let base = texture(w + 8, h + 8, 7);
        let window = |ox: usize, oy: usize| -> std::vec::Vec<u8> {
            (0..h)
                .flat_map(|y| base[(y + oy) * (w + 8) + ox..(y + oy) * (w + 8) + ox + w].to_vec())
                .collect()
        };
        let prev = window(4, 4);
        // The camera moved by (3, −1) and the content by one more pixel: the search finds it.
        let cur = window(8, 3);
        let f = measure(&cur, &prev, w, h, (3, -1), |_, _| false);
        let inner =
            |c: usize| (2..14).contains(&(c % RES_GRID)) && (2..14).contains(&(c / RES_GRID));
        for c in (0..RES_CELLS).filter(|&c| inner(c)) {
            // Up to the frame's brightness estimate (the median of the cells' mean changes).
            assert!(f.residual[c] <= 2.0, "cell {c}: {}", f.residual[c]);
            assert!(f.moved[c] > 40.0, "cell {c}: {}", f.moved[c]);
            assert!(f.texture[c] > 40.0);
        }
        let redrawn = texture(w, h, 99);
        let f = measure(&redrawn, &prev, w, h, (0, 0), |_, _| true);
        let border = |c: usize| {
            let (x, y) = (c % RES_GRID, c / RES_GRID);
            x == 0 || y == 0 || x == RES_GRID - 1 || y == RES_GRID - 1
        };
        for c in 0..RES_CELLS {
            if border(c) {
                // The ±2 search leaves the frame there: not judged.
                assert_eq!(f.residual[c], 0.0, "cell {c}");
                continue;
            }
            assert!(
                f.residual[c] > 0.5 * f.texture[c],
                "cell {c}: {} vs {}",
                f.residual[c],
                f.texture[c]
            );
        }
    }

    #[test]
    fn the_moved_mass_locates_a_small_object() {
        let (w, h) = (64, 48);
        let prev = std::vec![100u8; w * h];
        let mut cur = prev.clone();
        for y in 20..24 {
            for x in 30..34 {
                cur[y * w + x] = 200;
            }
        }
        let f = measure(&cur, &prev, w, h, (0, 0), |_, _| false);
        let mass: f32 = f.mass.iter().sum();
        let mx: f32 = f.moment.iter().map(|m| m[0]).sum::<f32>() / mass;
        let my: f32 = f.moment.iter().map(|m| m[1]).sum::<f32>() / mass;
        assert_eq!((mx, my), (31.5, 21.5));
        // Degenerate sizes measure nothing and do not panic.
        let f = measure(&[1, 2, 3], &[3, 2, 1], 3, 1, (0, 0), |_, _| true);
        assert!(f.residual.iter().all(|r| r.is_finite()));
    }
}
