//! Generative artefacts read from the per-cell residual ([`super::residual`]), in fixed memory:
//!
//! - **boiling** ([`BoilTracker`]): a textured cell that no nearby shift of the previous frame
//!   explains (best-shift residual ≥ [`BOIL_RATIO`] · √2 · its texture, and ≥
//!   [`BOIL_MIN_RESIDUAL`]) frame after frame for [`BOIL_MIN_SECONDS`]: texture re-drawn
//!   every frame, where real footage only moves. Two unrelated draws of one texture differ by
//!   about √2 × its mean absolute deviation; motion the search follows leaves the noise.
//! - **popping** ([`PopTracker`]): a cell whose near-search residual steps up by [`POP_STEP`] for one frame
//!   between still ones (two before, two after): content that appears or vanishes at once and
//!   then stays put, which nothing moving does. Steps in more than [`POP_MAX_CELLS`] cells
//!   or [`POP_MAX_GROUPS`] separate groups at once are changes of the whole picture (cuts,
//!   flashes, exposure, blur setting in) and left to other rules. A step pairs with one in the
//!   same place within `POP_JOIN_SECONDS` before it: an object that popped in and out
//!   ([`PopTracker::push`]).
//!
//! The rules that turn the per-frame counts into located defects are in [`super::defects`].

use super::config::{
    BOIL_MIN_RESIDUAL, BOIL_MIN_TEXTURE, BOIL_RATIO, POP_FAINT_STEP, POP_ISOLATION, POP_MAX_CELLS,
    POP_MAX_GROUPS, POP_STEP,
};
use super::flight::{FlightEvent, FlightFrame, FlightTracker};
use super::flight_paths::FlightLog;
use super::residual::{
    self, CellBox, CellFrame, RES_CELLS, RES_GRID, for_each_group, neighbourhood,
};

/// Every generative-artefact tracker of one clip (about 1.5 KiB), fed by the scorer each frame.
#[derive(Debug, Clone)]
pub struct Artefacts {
    boil: BoilTracker,
    pop: PopTracker,
    flight: FlightTracker,
}

impl Default for Artefacts {
    fn default() -> Self {
        Self::new()
    }
}

impl Artefacts {
    /// Trackers that have seen nothing.
    pub const fn new() -> Self {
        Artefacts {
            boil: BoilTracker::new(),
            pop: PopTracker::new(),
            flight: FlightTracker::new(),
        }
    }

    /// Measures working frame `cur` (frame `index`, `w×h`) against `prev` around the camera's
    /// translation `global` (`None`: unreliable) and feeds every tracker; `cut`: the frame
    /// starts a shot; boiling counts after `boil_frames` frames, pops pair within `pop_join`
    /// frames; the flight tracker's objects go to `log`. Returns the boiling and popping cell
    /// counts for the frame's record.
    #[allow(clippy::too_many_arguments)]
    pub fn observe<L: FlightLog>(
        &mut self,
        index: u32,
        cur: &[u8],
        prev: &[u8],
        (w, h): (usize, usize),
        global: Option<(i32, i32)>,
        cut: bool,
        (boil_frames, pop_join): (u8, u8),
        flight: &FlightFrame,
        log: &mut L,
    ) -> (u8, u8) {
        let cells = residual::measure(
            cur,
            prev,
            w,
            h,
            global.unwrap_or((0, 0)),
            BoilTracker::redrawn,
        );
        if cut {
            self.boil.clear();
        }
        let boiling = self.boil.push(&cells, boil_frames);
        let popping = self.pop.push(&cells, index, pop_join);
        self.flight
            .push(index, &cells, cut || global.is_none(), flight, log);
        (boiling, popping)
    }

    /// Ends the clip: judges the flights still being tracked; every implausible flight and every
    /// object that popped in and out.
    pub fn finish<L: FlightLog>(
        &mut self,
        flight: &FlightFrame,
        log: &mut L,
    ) -> (&[FlightEvent], &[PopEvent]) {
        self.flight.end(flight, log);
        (self.flight.events(), self.pop.events())
    }

    /// Every cell that has boiled so far.
    pub fn boil_place(&self) -> CellBox {
        self.boil.place()
    }
}

/// Per cell, how many frames in a row it has boiled (all zero: nothing seen).
#[derive(Debug, Clone)]
pub struct BoilTracker {
    streak: [u8; RES_CELLS],
    place: CellBox,
}

impl Default for BoilTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl BoilTracker {
    /// A tracker that has seen nothing.
    pub const fn new() -> Self {
        BoilTracker {
            streak: [0; RES_CELLS],
            place: CellBox::EMPTY,
        }
    }

    /// Whether cell measurements look re-drawn rather than moved.
    pub fn redrawn(residual: f32, texture: f32) -> bool {
        let (r, t) = (f64::from(residual), f64::from(texture));
        t >= BOIL_MIN_TEXTURE
            && r >= BOIL_MIN_RESIDUAL
            && r >= BOIL_RATIO * core::f64::consts::SQRT_2 * t
    }

    /// Adds one frame; returns how many cells have boiled for at least `min_frames` frames in
    /// a row up to it.
    #[inline(never)]
    pub fn push(&mut self, f: &CellFrame, min_frames: u8) -> u8 {
        let mut n = 0u8;
        for (c, s) in self.streak.iter_mut().enumerate() {
            *s = if Self::redrawn(f.residual[c], f.texture[c]) {
                s.saturating_add(1)
            } else {
                0
            };
            if *s >= min_frames.max(1) {
                n = n.saturating_add(1);
                self.place = self.place.with_cell(c);
            }
        }
        n
    }

    /// Every cell that has boiled so far in the clip.
    pub fn place(&self) -> CellBox {
        self.place
    }

    /// Forgets every streak (a cut: the new shot starts afresh).
    pub fn clear(&mut self) {
        self.streak = [0; RES_CELLS];
    }
}

/// Upper bounds of levels 0..=14 of [`level`]: `2^((k + ½)/2) − 1`.
const LEVEL_BOUNDS: [f32; 15] = {
    let mut b = [0f32; 15];
    // 2^(1/4) and 2^(1/2), so bound k is 2^(1/4) · 2^(k/2) − 1.
    let (quarter, half) = (1.189_207_1_f64, core::f64::consts::SQRT_2);
    let mut k = 0;
    let mut p = quarter;
    while k < 15 {
        b[k] = (p - 1.0) as f32;
        p *= half;
        k += 1;
    }
    b
};

/// A residual on a 16-level logarithmic scale, `round(2·log2(1 + r))` capped at 15: one level
/// is a factor √2, so "a quarter of" is four levels down.
fn level(r: f32) -> u16 {
    LEVEL_BOUNDS.iter().take_while(|&&b| r >= b).count() as u16
}

/// Levels one residual must rise above its neighbours to be isolated: `2·log2(POP_ISOLATION)`.
const ISOLATION_LEVELS: u16 = {
    let mut k = 0u16;
    let mut p = 1.0f64;
    while p * 1.189_207_1 < POP_ISOLATION {
        p *= core::f64::consts::SQRT_2;
        k += 1;
    }
    k
};

/// Per cell, the residual levels of the last four frames (4 bits each, newest lowest).
#[derive(Debug, Clone)]
pub struct PopTracker {
    history: [u16; RES_CELLS],
    /// Frames seen, up to 4.
    seen: u8,
    /// Per cell, frames since something last appeared there (255: long ago or never).
    since: [u8; RES_CELLS],
    /// Objects that appeared and vanished: first and last frame, cells.
    events: heapless::Vec<PopEvent, MAX_POP_EVENTS>,
}

/// Most pops remembered per clip.
pub const MAX_POP_EVENTS: usize = 4;

/// Something that popped in and out: visible over frames `start..=end`, over `cells` cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PopEvent {
    /// First frame it is there.
    pub start: u32,
    /// Last frame it is there.
    pub end: u32,
    /// Grid cells that stepped when it vanished.
    pub cells: u8,
    /// Those cells.
    pub place: CellBox,
}

impl Default for PopTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl PopTracker {
    /// A tracker that has seen nothing.
    pub const fn new() -> Self {
        PopTracker {
            history: [0; RES_CELLS],
            seen: 0,
            since: [u8::MAX; RES_CELLS],
            events: heapless::Vec::new(),
        }
    }

    /// Adds frame `index`, pairing appearances with vanishings `join_frames` apart at most into
    /// [`events`](Self::events); returns how many cells stepped at the frame two before this one between
    /// still frames (two still ones after an appearance, two before a vanishing), its eight
    /// neighbours still the frame before and after (0 when more than [`POP_MAX_CELLS`] cells stepped by
    /// [`POP_FAINT_STEP`] or more, or the steps form more than [`POP_MAX_GROUPS`] groups). Two
    /// still frames on each side tell an object that pops from footage whose frames are
    /// doubled; still neighbours tell it from something crossing the cell in one frame. Cells
    /// on the frame's border are not judged (things enter there).
    #[inline(never)]
    pub fn push(&mut self, f: &CellFrame, index: u32, join_frames: u8) -> u8 {
        let step = level(POP_STEP as f32);
        let faint = level(POP_FAINT_STEP as f32);
        let iso = ISOLATION_LEVELS;
        // Steps after which the cell stays still (something appeared and stays) and steps the
        // cell was still before (something that stayed vanished).
        let mut appeared = [false; RES_CELLS];
        let mut vanished = [false; RES_CELLS];
        // Cells with a step of any visible size: a change of the whole picture (blur or a
        // contrast change setting in) steps in most textured cells at once, an object in its own.
        let mut faint_steps = 0usize;
        if self.seen >= 4 {
            // Level of cell `c`, `age` frames before this one (1..=4).
            let at = |c: usize, age: u32| (self.history[c] >> (4 * (age - 1))) & 15;
            for c in 0..RES_CELLS {
                let b = at(c, 2);
                let quiet = |x: u16| x + iso <= b;
                // A step between still frames, two still ones on the side where it stays.
                let one_each = quiet(at(c, 3)) && quiet(at(c, 1));
                let stays = one_each && quiet(level(f.near[c]));
                let stayed = one_each && quiet(at(c, 4));
                if b < faint || !(stays || stayed) {
                    continue;
                }
                faint_steps += 1;
                let (x, y) = (c % RES_GRID, c / RES_GRID);
                // Border cells are left out: things enter the frame there.
                let border = x == 0 || y == 0 || x == RES_GRID - 1 || y == RES_GRID - 1;
                if b < step || border {
                    continue;
                }
                // No neighbour changing just before or after it (something moving through
                // steps in a neighbour next).
                let mut isolated = true;
                for o in neighbourhood(c as u8).map(usize::from) {
                    if o != c {
                        isolated &= quiet(at(o, 3)) && quiet(at(o, 1));
                    }
                }
                appeared[c] = isolated && stays;
                vanished[c] = isolated && stayed;
            }
        }
        for (c, h) in self.history.iter_mut().enumerate() {
            *h = (*h << 4) | level(f.near[c]);
        }
        self.seen = (self.seen + 1).min(4);
        // An object is one or two compact groups; steps scattered over the frame are a change of
        // the whole picture (blur, contrast or a freeze setting in), not something popping.
        let mut either = [false; RES_CELLS];
        for ((e, &a), &v) in either.iter_mut().zip(&appeared).zip(&vanished) {
            *e = a || v;
        }
        let groups = {
            let mut g = 0usize;
            for_each_group(&either, |_, _| g += 1);
            g
        };
        if faint_steps > usize::from(POP_MAX_CELLS) || groups > POP_MAX_GROUPS {
            self.pair(index, join_frames, &[false; RES_CELLS], &[false; RES_CELLS]);
            0
        } else {
            self.pair(index, join_frames, &appeared, &vanished);
            either.iter().filter(|&&e| e).count() as u8
        }
    }

    /// Pairs the cells where something vanished at frame `index − 2` with an appearance in the
    /// same or a neighbouring cell within `join_frames` before — an object that appeared, stayed
    /// put and vanished — and records it.
    fn pair(
        &mut self,
        index: u32,
        join_frames: u8,
        appeared: &[bool; RES_CELLS],
        vanished: &[bool; RES_CELLS],
    ) {
        let judged = index.saturating_sub(2);
        for a in self.since.iter_mut() {
            *a = a.saturating_add(1);
        }
        let (mut cells, mut longest, mut place) = (0u8, 0u8, CellBox::EMPTY);
        for c in (0..RES_CELLS).filter(|&c| vanished[c]) {
            let mut age = u8::MAX;
            for n in neighbourhood(c as u8) {
                let a = self.since[usize::from(n)];
                if a <= join_frames {
                    age = age.min(a);
                }
            }
            if age != u8::MAX {
                cells = cells.saturating_add(1);
                longest = longest.max(age);
                place = place.with_cell(c);
            }
        }
        for (a, &st) in self.since.iter_mut().zip(appeared) {
            if st {
                *a = 0;
            }
        }
        if cells > 0 {
            let start = judged.saturating_sub(u32::from(longest));
            let end = judged.saturating_sub(1).max(start);
            // A pop that goes on from the last one (more of the object vanishing) extends it.
            match self.events.last_mut() {
                Some(e) if e.start == start => {
                    e.end = end;
                    e.cells = e.cells.max(cells);
                    e.place = e.place.union(place);
                }
                _ => {
                    let _ = self.events.push(PopEvent {
                        start,
                        end,
                        cells,
                        place,
                    });
                }
            }
        }
    }

    /// The objects that popped in and out so far.
    pub fn events(&self) -> &[PopEvent] {
        &self.events
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::super::residual::RES_CELLS;
    use super::*;

    fn frame(residual: f32, texture: f32) -> CellFrame {
        CellFrame {
            residual: [residual; RES_CELLS],
            near: [residual; RES_CELLS],
            moved: [0.0; RES_CELLS],
            texture: [texture; RES_CELLS],
            mass: [0.0; RES_CELLS],
            moment: [[0.0; 2]; RES_CELLS],
        }
    }

    #[test]
    fn boiling_needs_texture_a_large_residual_and_time() {
        let mut b = BoilTracker::new();
        for i in 1..=5u8 {
            let n = b.push(&frame(20.0, 20.0), 4);
            assert_eq!(n, if i >= 4 { 255 } else { 0 }, "frame {i}");
        }
        // Motion the search followed: residual at the noise.
        assert_eq!(b.push(&frame(2.0, 20.0), 1), 0);
        // Flat cells cannot boil; a residual far below the texture's own spread is motion.
        assert!(!BoilTracker::redrawn(10.0, 3.0));
        assert!(!BoilTracker::redrawn(6.0, 20.0));
        assert!(BoilTracker::redrawn(15.0, 20.0));
    }

    /// Pushes frames whose cell 17 has the given residuals (the rest 1.0); the counts.
    fn pops(residuals: &[f32]) -> std::vec::Vec<u8> {
        let mut p = PopTracker::new();
        residuals
            .iter()
            .map(|&r| {
                let mut f = frame(1.0, 10.0);
                f.residual[17] = r;
                f.near[17] = r;
                p.push(&f, 0, 30)
            })
            .collect()
    }

    #[test]
    fn an_appearance_and_its_vanishing_pair_into_one_pop() {
        // Cell 40 steps at frames 5 (appears) and 11 (vanishes); cell 90 steps once (stays).
        let mut p = PopTracker::new();
        for t in 0..20u32 {
            let mut f = frame(1.0, 10.0);
            if t == 5 || t == 11 {
                f.near[40] = 50.0;
            }
            if t == 8 {
                f.near[90] = 50.0;
            }
            p.push(&f, t, 30);
        }
        assert_eq!(
            p.events(),
            [PopEvent {
                start: 5,
                end: 10,
                cells: 1,
                place: CellBox::EMPTY.with_cell(40),
            }]
        );
        // Further apart than the join: no pop.
        let mut q = PopTracker::new();
        for t in 0..40u32 {
            let mut f = frame(1.0, 10.0);
            if t == 5 || t == 30 {
                f.near[40] = 50.0;
            }
            q.push(&f, t, 20);
        }
        assert!(q.events().is_empty());
    }

    #[test]
    fn levels_are_rounded_half_log2_steps() {
        for r in [
            0.0f32, 0.3, 1.0, 3.0, 12.0, 19.9, 20.0, 40.0, 100.0, 255.0, 1e6,
        ] {
            let exact = libm::round(2.0 * libm::log2(1.0 + f64::from(r))).min(15.0) as u16;
            assert_eq!(level(r), exact, "{r}");
        }
        assert_eq!(ISOLATION_LEVELS, 4);
    }

    #[test]
    fn a_pop_is_one_isolated_step() {
        // Judged two frames late, with two still frames on each side.
        assert_eq!(
            pops(&[1.0, 1.0, 1.0, 40.0, 1.0, 1.0, 1.0]),
            [0, 0, 0, 0, 0, 1, 0]
        );
        // Too small a step, or one a quarter of it away from its neighbours, is none.
        assert_eq!(pops(&[1.0, 1.0, 1.0, 8.0, 1.0, 1.0]).iter().sum::<u8>(), 0);
        assert_eq!(
            pops(&[1.0, 1.0, 15.0, 40.0, 1.0, 1.0]).iter().sum::<u8>(),
            0
        );
        // Doubled frames (a step every other frame) and motion going on are not pops.
        assert_eq!(
            pops(&[1.0, 30.0, 1.0, 30.0, 1.0, 30.0, 1.0, 30.0])
                .iter()
                .sum::<u8>(),
            0
        );
        assert_eq!(
            pops(&[1.0, 1.0, 40.0, 40.0, 40.0, 1.0, 1.0])
                .iter()
                .sum::<u8>(),
            0
        );
        // Something crossing cells 16, 17, 18 one frame each is motion, not three pops.
        let mut p = PopTracker::new();
        let mut total = 0;
        for t in 0..9 {
            let mut f = frame(1.0, 10.0);
            if (3..6).contains(&t) {
                f.residual[16 + t - 3] = 40.0;
                f.near[16 + t - 3] = 40.0;
            }
            total += p.push(&f, t as u32, 30);
        }
        assert_eq!(total, 0);
        // A global step is left to the cut and flash rules.
        let mut q = PopTracker::new();
        let counts: std::vec::Vec<u8> = [1.0, 1.0, 40.0, 1.0, 1.0]
            .iter()
            .map(|&r| q.push(&frame(r, 10.0), 0, 30))
            .collect();
        assert_eq!(counts, [0, 0, 0, 0, 0]);
    }
}
