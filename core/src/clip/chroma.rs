//! Colour, one tracker: the mean chroma of each cell of a [`GRID`]×[`GRID`] grid over the
//! frame, the largest colour jump of a still cell between two frames, and at a cut candidate
//! how many cells of the new shot show colours the frame before never showed ([`shots`]).
//!
//! A cell's chroma is its mean `(U, V)` (for RGB frames `(Cb, Cr)`, full-range BT.601 as in
//! JFIF: `Cb = 128 − 0.168736 R − 0.331264 G + 0.5 B`, `Cr = 128 + 0.5 R − 0.418688 G −
//! 0.081312 B`). Its jump is `√(ΔU² + ΔV²)`, counted only where the luma is still: the cell's
//! mean absolute change `sad` and mean signed change `mean` against the frame's mean signed
//! change `step` satisfy `sad − |step| ≤ COLOR_STILL_SAD` and `|mean − step| ≤ COLOR_STILL_SAD`
//! (unchanged but for a uniform brightness step, so flicker hides no shift), or its change
//! with the camera's translation compensated is at most [`COLOR_STILL_SAD`] (a pan hides none
//! either; such a cell's jump is the smaller of its change in place and its change against
//! where its content was, the grid before read bilinearly at the cell's centre moved by the
//! pan, so neither content carried in nor content carried past a colour fixed to the frame
//! reads as a shift). Still cells jumping by [`COLOR_SHIFT_JUMP`] or more mark where the
//! colour shifted.
//! Luma-only frames carry no chroma: the frame after one has nothing to compare with.

use super::config::{COLOR_SHIFT_JUMP, COLOR_STILL_SAD, GRID};
use super::residual::{CellBox, RES_GRID};
use super::{shots, working};
use crate::plane::{Plane, RgbImage, Yuv420};

/// Cells of the chroma grid.
pub const CELLS: usize = GRID * GRID;

/// Where a frame's chroma comes from.
pub(super) enum Chroma<'a, 'b> {
    None,
    Yuv(&'a Yuv420<'b>),
    Rgb(&'a RgbImage<'b>),
}

/// How each grid cell's luma changed since the frame before ([`working::cell_changes`]).
#[derive(Debug, Clone, Copy)]
pub struct CellChanges<'a> {
    /// Per cell, the mean absolute change.
    pub sad: &'a [f32; CELLS],
    /// Per cell, the mean signed change.
    pub signed: &'a [f32; CELLS],
    /// The frame's mean signed change.
    pub step: f64,
    /// The camera's translation since the frame before in grid cells, `(0, 0)` if none is
    /// known: cell content at `x` now was at `x + pan` before ([`working::cell_changes_shifted`]).
    pub pan: (f64, f64),
}

/// What one frame showed of colour ([`ChromaTracker::observe`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChromaStep {
    /// The largest chroma jump of a still cell, chroma code values.
    pub jump: f64,
    /// The still cells that jumped by [`COLOR_SHIFT_JUMP`] or more, on the residual grid.
    pub place: CellBox,
    /// At a cut candidate, the new shot's cells with colours the frame before never showed.
    pub palette: u8,
}

impl Default for ChromaStep {
    fn default() -> Self {
        ChromaStep {
            jump: 0.0,
            place: CellBox::EMPTY,
            palette: 0,
        }
    }
}

/// Chroma grids of the last two frames (fixed size). A frame without chroma leaves NaN in its
/// grid's first value (chroma means are never NaN): a flag there adds no padding to the
/// device scorer's state.
#[derive(Debug, Clone)]
pub struct ChromaTracker {
    /// `[current, previous]` grids, interleaved `u, v` per cell.
    grids: [[f32; 2 * CELLS]; 2],
}

impl Default for ChromaTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl ChromaTracker {
    /// A tracker that has seen no frame.
    pub const fn new() -> Self {
        let mut grids = [[0.0; 2 * CELLS]; 2];
        grids[0][0] = f32::NAN;
        ChromaTracker { grids }
    }

    /// Forgets the frames seen (the next frame has nothing to compare with).
    pub fn reset(&mut self) {
        self.grids[0][0] = f32::NAN;
    }

    /// Whether the last frame observed had chroma.
    fn has(&self) -> bool {
        !self.grids[0][0].is_nan()
    }

    /// Takes a frame's chroma `src` with its luma `changes` since the frame before, and returns
    /// its colour jump (nothing when this frame or the one before had no chroma); `cut` asks
    /// for the palette comparison. `panned` fills each cell's change with the camera's
    /// translation compensated, if there is one (left at infinity otherwise); it is called
    /// only when the jumps are measured.
    pub(super) fn observe(
        &mut self,
        src: &Chroma<'_, '_>,
        changes: &CellChanges<'_>,
        cut: bool,
        panned: impl FnOnce(&mut [f32; CELLS]),
    ) -> ChromaStep {
        let has_prev = self.has();
        match src {
            Chroma::None => {
                self.reset();
                return ChromaStep::default();
            }
            Chroma::Yuv(f) => {
                self.grids.swap(0, 1);
                grid_planes(&f.u, &f.v, &mut self.grids[0]);
            }
            Chroma::Rgb(rgb) => {
                self.grids.swap(0, 1);
                grid_rgb(rgb, &mut self.grids[0]);
            }
        }
        if !has_prev {
            return ChromaStep::default();
        }
        let mut moved = [f32::INFINITY; CELLS];
        panned(&mut moved);
        let [now, before] = &self.grids;
        let mut step = ChromaStep::default();
        for (c, ((&sad, &mean), &moved)) in changes
            .sad
            .iter()
            .zip(changes.signed)
            .zip(&moved)
            .enumerate()
        {
            let unlit = f64::from(sad) - libm::fabs(changes.step) <= COLOR_STILL_SAD
                && libm::fabs(f64::from(mean) - changes.step) <= COLOR_STILL_SAD;
            // A cell still but for the pan counts a jump only where its colour changed both in
            // place and against where its content was (the grid before, read at the cell's
            // centre moved by the pan): a pan that carries other content in, or content past a
            // colour fixed to the frame, changes one reading but not the other.
            let dist = |(u, v): (f32, f32)| {
                let (du, dv) = (f64::from(now[2 * c] - u), f64::from(now[2 * c + 1] - v));
                libm::sqrt(du * du + dv * dv)
            };
            let in_place = dist((before[2 * c], before[2 * c + 1]));
            let (dx, dy) = changes.pan;
            let jump = if unlit {
                Some(in_place)
            } else if f64::from(moved) <= COLOR_STILL_SAD {
                match chroma_at(before, c, changes.pan) {
                    Some(was) => Some(in_place.min(dist(was))),
                    // Content from outside the grid: in place while the cell keeps most of it.
                    None => (libm::fabs(dx).max(libm::fabs(dy)) < 0.5).then_some(in_place),
                }
            } else {
                None
            };
            if let Some(jump) = jump {
                step.jump = step.jump.max(jump);
                if jump >= COLOR_SHIFT_JUMP {
                    step.place = step.place.union(color_cell(c));
                }
            }
        }
        if cut {
            step.palette = shots::new_colours(before, now);
        }
        step
    }
}

/// `grid` read bilinearly between cell centres at cell `c`'s centre moved by `(dx, dy)` cells;
/// `None` outside the outermost centres (no extrapolation: that content was at the frame's
/// edge or outside it).
fn chroma_at(grid: &[f32; 2 * CELLS], c: usize, (dx, dy): (f64, f64)) -> Option<(f32, f32)> {
    let last = (GRID - 1) as f64;
    let (fx, fy) = ((c % GRID) as f64 + dx, (c / GRID) as f64 + dy);
    let inside = 0.0..=last;
    if !inside.contains(&fx) || !inside.contains(&fy) {
        return None;
    }
    // `fx, fy ∈ [0, GRID − 1]`: both corners lie inside the grid (`get` spares panic paths).
    let (x0, y0) = ((fx as usize).min(GRID - 2), (fy as usize).min(GRID - 2));
    let (tx, ty) = ((fx - x0 as f64) as f32, (fy - y0 as f64) as f32);
    let at =
        |x: usize, y: usize, k: usize| grid.get(2 * (y * GRID + x) + k).copied().unwrap_or(0.0);
    let lerp = |k: usize| {
        let top = at(x0, y0, k) * (1.0 - tx) + at(x0 + 1, y0, k) * tx;
        let bottom = at(x0, y0 + 1, k) * (1.0 - tx) + at(x0 + 1, y0 + 1, k) * tx;
        top * (1.0 - ty) + bottom * ty
    };
    Some((lerp(0), lerp(1)))
}

/// Chroma-grid cell `c` as a box of the residual grid (twice as fine: cell `(x, y)` covers
/// residual cells `2x..=2x+1 × 2y..=2y+1`, the same shares of the frame).
fn color_cell(c: usize) -> CellBox {
    const _: () = assert!(2 * GRID == RES_GRID);
    let (x, y) = (2 * (c % GRID), 2 * (c / GRID));
    let at = |x: usize, y: usize| y * RES_GRID + x;
    CellBox::EMPTY
        .with_cell(at(x, y))
        .with_cell(at(x + 1, y + 1))
}

/// Mean U and V per grid cell from chroma planes (interleaved `u, v` per cell). Each row is
/// summed per grid column over contiguous slices (vectorised), not pixel by pixel.
fn grid_planes(u: &Plane<'_, u8>, v: &Plane<'_, u8>, out: &mut [f32; 2 * CELLS]) {
    let (w, h) = u.size();
    let cols = working::grid_edges(w);
    let mut sums = [0u64; 2 * CELLS];
    let mut counts = [0u64; CELLS];
    let sum = crate::metrics::stencil::byte_sum;
    for y in 0..h {
        // `y < h`, so `gy < GRID` (the clamp, like the `get`s below, only spares panic paths).
        let gy = (y * GRID / h).min(GRID - 1);
        let (ur, vr) = (u.row(y), v.row(y));
        for gx in 0..GRID {
            let (a, b) = (cols[gx], cols[gx + 1]);
            let c = gy * GRID + gx;
            // A row slice is at most 16384 / 2 samples: its sum fits `u32`.
            sums[2 * c] += u64::from(sum(ur.get(a..b).unwrap_or_default()));
            sums[2 * c + 1] += u64::from(sum(vr.get(a..b).unwrap_or_default()));
            counts[c] += (b - a) as u64;
        }
    }
    for c in 0..CELLS {
        let n = counts[c].max(1) as f32;
        out[2 * c] = sums[2 * c] as f32 / n;
        out[2 * c + 1] = sums[2 * c + 1] as f32 / n;
    }
}

/// Mean Cb and Cr (BT.601, full range) per grid cell of an RGB image.
fn grid_rgb(rgb: &RgbImage<'_>, out: &mut [f32; 2 * CELLS]) {
    let (w, h) = rgb.size();
    let mut sums = [0i64; 2 * CELLS];
    let mut counts = [0i64; CELLS];
    for y in 0..h {
        // `y < h` and `x < w`: the clamps change nothing but spare the panic paths.
        let gy = (y * GRID / h).min(GRID - 1);
        for (x, px) in rgb.row(y).chunks_exact(3).enumerate() {
            let (r, g, b) = (i64::from(px[0]), i64::from(px[1]), i64::from(px[2]));
            let c = gy * GRID + (x * GRID / w).min(GRID - 1);
            // Cb = 128 − 0.168736 R − 0.331264 G + 0.5 B;  Cr = 128 + 0.5 R − 0.418688 G − 0.081312 B
            sums[2 * c] += (-11058 * r - 21709 * g + 32768 * b) >> 8;
            sums[2 * c + 1] += (32768 * r - 27439 * g - 5328 * b) >> 8;
            counts[c] += 1;
        }
    }
    for c in 0..CELLS {
        let n = counts[c].max(1) as f32 * 256.0;
        out[2 * c] = 128.0 + sums[2 * c] as f32 / n;
        out[2 * c + 1] = 128.0 + sums[2 * c + 1] as f32 / n;
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn chroma_grid_equals_the_per_pixel_definition() {
        // Widths below, at and off multiples of GRID; strides wider than the rows.
        let sizes: &[(usize, usize)] = if cfg!(miri) {
            &[(3, 2), (13, 11)]
        } else {
            &[(960, 540), (3, 2), (8, 8), (13, 11), (641, 3)]
        };
        for &(w, h) in sizes {
            let stride = w + 5;
            let mut state = 0x1234_5678_u32;
            let mut data = std::vec![0u8; 2 * stride * h];
            for v in data.iter_mut() {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                *v = (state >> 24) as u8;
            }
            let (ud, vd) = data.split_at(stride * h);
            let u = Plane::new(ud, w, h, stride).unwrap();
            let v = Plane::new(vd, w, h, stride).unwrap();
            let mut got = [0f32; 2 * CELLS];
            grid_planes(&u, &v, &mut got);
            let mut sums = [0u64; 2 * CELLS];
            let mut counts = [0u64; CELLS];
            for y in 0..h {
                for x in 0..w {
                    let c = (y * GRID / h) * GRID + x * GRID / w;
                    sums[2 * c] += u64::from(u.row(y)[x]);
                    sums[2 * c + 1] += u64::from(v.row(y)[x]);
                    counts[c] += 1;
                }
            }
            for c in 0..CELLS {
                let n = counts[c].max(1) as f32;
                assert_eq!(got[2 * c], sums[2 * c] as f32 / n, "{w}×{h} cell {c} u");
                assert_eq!(
                    got[2 * c + 1],
                    sums[2 * c + 1] as f32 / n,
                    "{w}×{h} cell {c} v"
                );
            }
        }
    }

    /// A 16×16 YUV 4:2:0 frame whose 8×8 chroma planes put one sample in each grid cell.
    fn frame<'a>(y: &'a [u8; 256], u: &'a [u8; CELLS], v: &'a [u8; CELLS]) -> Yuv420<'a> {
        Yuv420::new(
            Plane::packed(y, 16, 16).unwrap(),
            Plane::packed(u, 8, 8).unwrap(),
            Plane::packed(v, 8, 8).unwrap(),
        )
        .unwrap()
    }

    const STILL: CellChanges<'static> = CellChanges {
        sad: &[0.0; CELLS],
        signed: &[0.0; CELLS],
        step: 0.0,
        pan: (0.0, 0.0),
    };

    /// Observes `(u, v)` planes with luma `changes`; `cut` asks for the palette. Also returns
    /// whether `panned` was asked for.
    fn see(
        t: &mut ChromaTracker,
        (u, v): (&[u8; CELLS], &[u8; CELLS]),
        changes: &CellChanges<'_>,
        cut: bool,
        panned: Option<f32>,
    ) -> (ChromaStep, bool) {
        let y = [0u8; 256];
        let f = frame(&y, u, v);
        let mut asked = false;
        let step = t.observe(&Chroma::Yuv(&f), changes, cut, |m| {
            asked = true;
            if let Some(p) = panned {
                m.fill(p);
            }
        });
        (step, asked)
    }

    #[test]
    fn a_still_cells_jump_is_its_chroma_distance() {
        let mut t = ChromaTracker::new();
        let (mut u, mut v) = ([128u8; CELLS], [128u8; CELLS]);
        // The first frame has nothing to compare with.
        assert_eq!(
            see(&mut t, (&u, &v), &STILL, false, None),
            (ChromaStep::default(), false)
        );
        // Cell 0 moves by (3, 4): √(9 + 16) = 5, below COLOR_SHIFT_JUMP; cell 9, grid (1, 1),
        // by (9, 12): 15, the jump, at residual cells (2..=3, 2..=3).
        (u[0], v[0], u[9], v[9]) = (131, 132, 137, 140);
        let (step, asked) = see(&mut t, (&u, &v), &STILL, false, None);
        assert!(asked);
        let place = CellBox::EMPTY.with_cell(2 * 16 + 2).with_cell(3 * 16 + 3);
        assert_eq!(
            step,
            ChromaStep {
                jump: 15.0,
                place,
                palette: 0
            }
        );
        // Cell 9 jumps by (30, 40) = 50 but its luma moved (sad 10): not counted; cell 0 goes
        // back by 5.
        let mut sad = [0.0; CELLS];
        sad[9] = 10.0;
        let moving = CellChanges { sad: &sad, ..STILL };
        (u[0], v[0], u[9], v[9]) = (128, 128, 167, 180);
        let (step, _) = see(&mut t, (&u, &v), &moving, false, None);
        assert_eq!((step.jump, step.place), (5.0, CellBox::EMPTY));
        // ... unless the camera's translation explains the luma change.
        (u[9], v[9]) = (137, 140);
        let (step, _) = see(
            &mut t,
            (&u, &v),
            &moving,
            false,
            Some(COLOR_STILL_SAD as f32),
        );
        assert_eq!((step.jump, step.place), (50.0, place));
    }

    #[test]
    fn a_panned_cell_is_compared_with_where_its_content_was() {
        // U is a ramp of 10 per grid column moving with the scene: the camera pans one cell,
        // so cell x now shows what cell x + 1 showed. Every cell's luma moved (sad 10) but
        // matches after the pan. Read where it was, cells 0..=6 did not change colour; cell
        // 7's content was outside the frame. In place, each would read the ramp's step of 10.
        let mut t = ChromaTracker::new();
        let ramp = |d: f64| core::array::from_fn(|c| (40.0 + 10.0 * ((c % GRID) as f64 + d)) as u8);
        let v = [128u8; CELLS];
        see(&mut t, (&ramp(0.0), &v), &STILL, false, None);
        let one = CellChanges {
            sad: &[10.0; CELLS],
            pan: (1.0, 0.0),
            ..STILL
        };
        let (step, _) = see(&mut t, (&ramp(1.0), &v), &one, false, Some(0.0));
        assert_eq!(step.jump, 0.0);
        // Half a cell more: the colour between two cell centres, within a code value (the
        // grids hold whole U values); cells 6 and 7 would be read beyond the last centre.
        let moved = CellChanges {
            pan: (1.5, 0.0),
            ..one
        };
        let (step, _) = see(&mut t, (&ramp(2.5), &v), &moved, false, Some(0.0));
        assert!(step.jump <= 1.0, "{}", step.jump);
        // Without a known pan the same luma change hides the cells: nothing is measured.
        let unknown = CellChanges {
            pan: (0.0, 0.0),
            ..moved
        };
        let (step, _) = see(&mut t, (&ramp(3.0), &v), &unknown, false, None);
        assert_eq!(step.jump, 0.0);
        // Colours fixed to the frame while the scene pans a cell: unchanged in place, though
        // each cell's content came from a cell of another colour. No jump either.
        let (step, _) = see(&mut t, (&ramp(3.0), &v), &one, false, Some(0.0));
        assert_eq!(step.jump, 0.0);
        // A real change reads in both frames of reference: the ramp 20 up in place is 10 up
        // against where the content was, and the smaller counts.
        let (step, _) = see(&mut t, (&ramp(5.0), &v), &one, false, Some(0.0));
        assert_eq!(step.jump, 10.0);
    }

    #[test]
    fn a_uniform_brightness_step_leaves_cells_still() {
        let mut t = ChromaTracker::new();
        let (mut u, v) = ([100u8; CELLS], [100u8; CELLS]);
        see(&mut t, (&u, &v), &STILL, false, None);
        // Every cell brightens by 6 (sad − |step| = 0, |mean − step| = 0) but cell 5, which
        // darkens by 6 (|mean − step| = 12): cell 5's jump of 30 is not counted, cell 4's 20 is.
        let mut signed = [6.0; CELLS];
        signed[5] = -6.0;
        let flicker = CellChanges {
            sad: &[6.0; CELLS],
            signed: &signed,
            step: 6.0,
            ..STILL
        };
        (u[4], u[5]) = (120, 130);
        let (step, _) = see(&mut t, (&u, &v), &flicker, false, None);
        assert_eq!(step.jump, 20.0);
    }

    #[test]
    fn luma_only_frames_and_cut_palettes() {
        let mut t = ChromaTracker::new();
        let (mut u, v) = ([128u8; CELLS], [128u8; CELLS]);
        see(&mut t, (&u, &v), &STILL, false, None);
        // A luma-only frame: nothing measured, and the next frame has nothing to compare with.
        let none = t.observe(&Chroma::None, &STILL, true, |_| panic!("no comparison"));
        assert_eq!(none, ChromaStep::default());
        u[..16].fill(178);
        assert_eq!(
            see(&mut t, (&u, &v), &STILL, true, None),
            (ChromaStep::default(), false)
        );
        // At a cut, the two top rows' (178, 128), 50 from the grey before it, are new colours;
        // a grey cell matches the grey that stayed.
        u[..16].fill(128);
        see(&mut t, (&u, &v), &STILL, false, None);
        u[..16].fill(178);
        let (cut, _) = see(&mut t, (&u, &v), &STILL, true, None);
        assert_eq!((cut.jump, cut.palette), (50.0, 16));
        // The reset forgets the frame before.
        t.reset();
        assert_eq!(
            see(&mut t, (&u, &v), &STILL, true, None),
            (ChromaStep::default(), false)
        );
    }

    #[test]
    fn rgb_cells_are_full_range_bt601_chroma() {
        // An 8×8 grey image (Cb = Cr = 128) with one pure red pixel in cell 0:
        // Cb = 128 − 0.168736 · 255 ≈ 84.97, Cr = 128 + 0.5 · 255 = 255.5 (JFIF).
        let mut px = [90u8; 8 * 8 * 3];
        px[..3].copy_from_slice(&[255, 0, 0]);
        let rgb = RgbImage::new(&px, 8, 8, 24).unwrap();
        let mut out = [0f32; 2 * CELLS];
        grid_rgb(&rgb, &mut out);
        assert!((f64::from(out[0]) - (128.0 - 0.168736 * 255.0)).abs() < 0.01);
        assert!((f64::from(out[1]) - 255.5).abs() < 0.01);
        assert!(out[2..].iter().all(|&c| (c - 128.0).abs() < 0.01));
    }
}
