//! Colour continuity across a cut: does the new shot bring colours the last shot never showed?
//!
//! Clothes that change colour from one shot to the next are the generation failure viewers
//! notice first. Model-free, per cut: the chroma grid of the first frame of the new shot
//! (`GRID × GRID` cells, mean U and V) is compared with the grid of the frame before the cut
//! as a set of colours (positions ignored, so reframing and camera moves do not count): the
//! share of new cells whose nearest old cell is more than [`PALETTE_MATCH`] chroma code values
//! away. A recoloured subject in a reframed shot of the same scene leaves most colours matched
//! and a minority new; a relit shot keeps its chroma (lighting moves luma); a cut to another
//! scene changes most colours, and is left to the cut detector ([`PALETTE_NEW_MAX`]).

use super::config::{GRID, PALETTE_MATCH};

const CELLS: usize = GRID * GRID;

/// How many of `after`'s cells (of `GRID²`) have a chroma `(u, v)` with no cell of `before`
/// within [`PALETTE_MATCH`] (interleaved `u, v` per cell, as the scorer's chroma grid).
pub fn new_colours(before: &[f32; 2 * CELLS], after: &[f32; 2 * CELLS]) -> u8 {
    let limit = (PALETTE_MATCH * PALETTE_MATCH) as f32;
    let mut new = 0usize;
    for a in after.chunks_exact(2) {
        let matched = before.chunks_exact(2).any(|b| {
            let (du, dv) = (a[0] - b[0], a[1] - b[1]);
            du * du + dv * dv <= limit
        });
        if !matched {
            new += 1;
        }
    }
    new as u8
}

/// [`new_colours`] as a share of the grid, 0–1.
pub fn share(new_colours: u8) -> f64 {
    f64::from(new_colours) / CELLS as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_colours_count_wherever_they_are() {
        let grey = [128f32; 2 * CELLS];
        assert_eq!(share(new_colours(&grey, &grey)), 0.0);
        // Reframed: the same colours at other positions are matched.
        let mut before = grey;
        before[..16].copy_from_slice(&[100.0; 16]);
        let mut moved = grey;
        moved[64..80].copy_from_slice(&[100.0; 16]);
        assert_eq!(share(new_colours(&before, &moved)), 0.0);
        // 16 of 64 cells turn purple (u and v up by 30): a quarter of the palette is new.
        let mut purple = before;
        for c in 40..56 {
            purple[2 * c] += 30.0;
            purple[2 * c + 1] += 30.0;
        }
        assert_eq!(share(new_colours(&before, &purple)), 0.25);
        // Just within the match distance is the same colour.
        let mut near = before;
        near[0] += PALETTE_MATCH as f32 - 0.5;
        assert_eq!(share(new_colours(&before, &near)), 0.0);
    }
}
