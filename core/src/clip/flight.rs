//! Objects in flight, model-free: small objects moving against the camera are tracked on the
//! working copy and its path judged against physics ([`super::tracks`]), in fixed memory.
//!
//! Per frame, cells whose difference after the global translation reaches [`FLIGHT_MOVE`] +
//! [`FLIGHT_MOVE_TEXTURE`] × texture move; 8-connected groups of them are candidate objects,
//! located by the moments of their strong pixels (over the group and the cells around it) ([`super::residual`]). Only frames where
//! little moves (≤ [`FLIGHT_MAX_MOVING`] cells) and groups of ≤ [`FLIGHT_MAX_CELLS`] cells are
//! tracked: a ball against a scene, not a crowd. Up to [`MAX_TRACKS`] objects are followed at
//! once (the nearest within a gate around each one's predicted place); one that stays put is a
//! still place (a misregistered edge) and starts no track again. The difference of two frames shows the object
//! at both positions, so the track follows the midpoint of consecutive positions, which has the
//! object's own acceleration.
//!
//! - **falls upward**: a segment tracked for [`FLIGHT_MIN_SECONDS`], travelling
//!   [`FLIGHT_MIN_TRAVEL`] of the width and following one constant-acceleration path (RMS within
//!   [`FLIGHT_FIT_RMS`] of the width), whose vertical acceleration points up by at least
//!   [`FLIGHT_UP_ACCEL`] frame heights/s². Hovering is not judged: nothing here tells a thrown
//!   ball from one that is carried.
//! - **teleports**: the object vanishes near its predicted place (inside the frame: one that
//!   flies out has left) while one of the same kind
//!   appears [`FLIGHT_JUMP`] of the width away, [`TELEPORT_RATIO`] × its usual step, and flies
//!   on from there for two more frames; nothing was moving where it lands two frames before.
//!
//! The positions themselves go to a [`FlightLog`] the caller hands in ([`super::flight_paths`]:
//! the paths behind the verdicts), with each flight's verdict when it ends.

use super::config::{
    FLIGHT_FIT_RMS, FLIGHT_JUMP, FLIGHT_MAX_CELLS, FLIGHT_MAX_MOVING, FLIGHT_MIN_TRAVEL,
    FLIGHT_MOVE, FLIGHT_MOVE_TEXTURE, FLIGHT_UP_ACCEL,
};
use super::flight_paths::{FlightLog, FlightVerdict, PathPoint, to_frame};
use super::residual::{CellBox, CellFrame, RES_CELLS, RES_GRID, for_each_group};
use super::tracks::{QuadraticFit, TELEPORT_RATIO};

/// Most implausible flights remembered per clip.
pub const MAX_FLIGHT_EVENTS: usize = 4;
/// Most candidate objects considered per frame.
const MAX_OBJECTS: usize = 8;
/// Frames a track survives without a match.
const MAX_MISSES: u8 = 2;
/// Frames a new segment must fly on after a jump for the jump to count.
const CONFIRM_FRAMES: u8 = 2;
/// Longest segment fitted at once (longer ones are judged and restarted).
const MAX_SEGMENT: u32 = 256;

/// What was implausible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlightFault {
    /// Accelerates upward in free flight.
    FallsUpward,
    /// Jumps across the frame between two frames.
    Teleports,
}

/// One implausible flight: frames `start..=end`, severity 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlightEvent {
    /// What was wrong.
    pub fault: FlightFault,
    /// First frame.
    pub start: u32,
    /// Last frame (inclusive).
    pub end: u32,
    /// How bad, 0–1.
    pub severity: f32,
    /// The cells the object crossed over the event (first and last positions).
    pub place: CellBox,
}

/// A candidate object: its cell count and position (working pixels).
#[derive(Debug, Clone, Copy, Default)]
struct Object {
    cells: u16,
    x: f32,
    y: f32,
}

/// The path being followed.
#[derive(Debug, Clone, Copy, Default)]
struct Segment {
    active: bool,
    start: u32,
    /// First position.
    first: (f32, f32),
    /// Last position and frame, and the one before.
    last: (f32, f32, u32),
    before: (f32, f32, u32),
    cells: u16,
    misses: u8,
    points: u32,
    travel: f64,
    fit_x: QuadraticFit,
    fit_y: QuadraticFit,
    /// This segment began with a jump (all-zero bytes stay a valid state: no `Option`).
    jumped: bool,
    /// The frame before the jump, its length in working pixels, frames flown since.
    jump_at: u32,
    jump_len: f32,
    /// Velocity before the jump, working pixels per frame.
    jump_v: (f32, f32),
    flown: u8,
}

/// Fixed-memory tracker of up to [`MAX_TRACKS`] small moving objects at a time.
#[derive(Debug, Clone)]
pub struct FlightTracker {
    segs: [Segment; MAX_TRACKS],
    /// Places where a "mover" stayed put (a misregistered edge, a blinking light): nothing
    /// starts a track there. Oldest replaced first.
    still: [(f32, f32); MAX_STILL],
    still_len: u8,
    still_next: u8,
    /// Moving cells of the last two frames (bit `c % 32` of word `c / 32`; newest first): a
    /// jump must land where nothing was moving before it.
    moving: [[u32; RES_CELLS / 32]; 2],
    events: heapless::Vec<FlightEvent, MAX_FLIGHT_EVENTS>,
}

/// Objects followed at once.
pub const MAX_TRACKS: usize = 2;
/// Still places remembered.
const MAX_STILL: usize = 4;
/// A track that has not left a disc of this share of the width after [`STILL_FRAMES`] is a
/// still place, not an object in flight.
const STILL_RADIUS: f32 = 0.04;
/// See [`STILL_RADIUS`].
const STILL_FRAMES: u32 = 8;

impl Default for FlightTracker {
    fn default() -> Self {
        Self::new()
    }
}

/// Working geometry and rate the tracker judges in.
#[derive(Debug, Clone, Copy)]
pub struct FlightFrame {
    /// Working width and height, pixels.
    pub width: usize,
    /// See `width`.
    pub height: usize,
    /// Frames per second.
    pub fps: f64,
    /// Fewest frames a judged segment spans.
    pub min_frames: u32,
    /// Frame pixels per working pixel (the working copy's factor times the analysis binning
    /// factor), for the positions a [`FlightLog`] receives.
    pub scale: f32,
}

impl FlightFrame {
    /// Object `o` at frame `index` in frame pixels.
    fn point(&self, index: u32, o: &Object) -> PathPoint {
        PathPoint {
            frame: index,
            x: to_frame(o.x, self.scale),
            y: to_frame(o.y, self.scale),
        }
    }
}

const IDLE: Segment = Segment {
    active: false,
    start: 0,
    first: (0.0, 0.0),
    last: (0.0, 0.0, 0),
    before: (0.0, 0.0, 0),
    cells: 0,
    misses: 0,
    points: 0,
    travel: 0.0,
    fit_x: QuadraticFit::EMPTY,
    fit_y: QuadraticFit::EMPTY,
    jumped: false,
    jump_at: 0,
    jump_len: 0.0,
    jump_v: (0.0, 0.0),
    flown: 0,
};

impl Segment {
    /// Mean velocity since the first point, working pixels per frame.
    fn velocity(&self) -> (f32, f32) {
        let frames = self.last.2.saturating_sub(self.start).max(1) as f32;
        (
            (self.last.0 - self.first.0) / frames,
            (self.last.1 - self.first.1) / frames,
        )
    }

    /// Tracked long enough, travelled far enough and on one constant-acceleration path: the
    /// segments that are judged, and the only ones whose jumps count.
    fn smooth_flight(&self, g: &FlightFrame) -> Option<(f64, f64)> {
        let w = g.width.max(1) as f64;
        if !self.active || self.points < g.min_frames.max(6) || self.travel < FLIGHT_MIN_TRAVEL * w
        {
            return None;
        }
        let ((_, ex), (cy, ey)) = (self.fit_x.solve()?, self.fit_y.solve()?);
        let rms = libm::sqrt((ex + ey) / f64::from(self.points));
        (rms <= FLIGHT_FIT_RMS * w).then_some((cy[2], rms))
    }

    /// Where it should be at `index`, and how far from there a match may lie.
    fn predict(&self, index: u32, width: usize) -> (f32, f32, f32, f32) {
        let (lx, ly, lt) = self.last;
        let steps = index.saturating_sub(lt).max(1) as f32;
        let (vx, vy) = if self.points >= 2 {
            let dt = (lt - self.before.2).max(1) as f32;
            ((lx - self.before.0) / dt, (ly - self.before.1) / dt)
        } else {
            (0.0, 0.0)
        };
        let speed = dist(vx, vy);
        let gate = 2.0 * speed * steps + 0.05 * width as f32 + 1.0;
        (lx + vx * steps, ly + vy * steps, gate, speed)
    }
}

impl FlightTracker {
    /// A tracker that has seen nothing.
    pub const fn new() -> Self {
        FlightTracker {
            segs: [IDLE; MAX_TRACKS],
            still: [(0.0, 0.0); MAX_STILL],
            still_len: 0,
            still_next: 0,
            moving: [[0; RES_CELLS / 32]; 2],
            events: heapless::Vec::new(),
        }
    }

    /// The implausible flights found so far (call [`end`](Self::end) first at the clip's end).
    pub fn events(&self) -> &[FlightEvent] {
        &self.events
    }

    fn near_still(&self, o: &Object, width: usize) -> bool {
        let r = STILL_RADIUS * width as f32;
        self.still
            .iter()
            .take(usize::from(self.still_len))
            .any(|&(x, y)| dist(o.x - x, o.y - y) <= r)
    }

    /// Adds frame `index` (measured against the previous one); `cut`: a scene cut or an
    /// unreliable camera translation, which ends every track. The objects' positions go to
    /// `log`.
    #[inline(never)]
    pub fn push<L: FlightLog>(
        &mut self,
        index: u32,
        f: &CellFrame,
        cut: bool,
        g: &FlightFrame,
        log: &mut L,
    ) {
        let mut objects = [Object::default(); MAX_OBJECTS];
        let mut moving = [0u32; RES_CELLS / 32];
        let found = if cut {
            None
        } else {
            objects_in(f, &mut objects, &mut moving)
        };
        // `before` is the mask of frame `index − 2`: where a jump's landing must have been still.
        let before = self.moving[1];
        self.moving = [moving, self.moving[0]];
        let Some(count) = found else {
            self.end(g, log);
            return;
        };
        let objects = objects.get(..count).unwrap_or_default();
        let count = objects.len();
        let mut claimed = [false; MAX_OBJECTS];
        let mut owner: [Option<usize>; MAX_OBJECTS] = [None; MAX_OBJECTS];
        let mut matched = [false; MAX_TRACKS];
        // Longest tracks choose first: the nearest unclaimed object inside their gate.
        let mut order: [usize; MAX_TRACKS] = core::array::from_fn(|i| i);
        let points = |t: usize| self.segs.get(t).map_or(0, |s| s.points);
        crate::sort::insertion_sort(&mut order, |&a, &b| points(a) < points(b));
        for &t in &order {
            let Some(&s) = self.segs.get(t) else {
                continue;
            };
            if !s.active {
                continue;
            }
            let (px, py, gate, _) = s.predict(index, g.width);
            let best = objects
                .iter()
                .zip(&claimed)
                .enumerate()
                .filter(|&(_, (_, &taken))| !taken)
                .map(|(k, (&o, _))| (k, o, dist(o.x - px, o.y - py)))
                .min_by(|a, b| a.2.total_cmp(&b.2));
            if let Some((k, o, d)) = best
                && d <= gate
            {
                if let (Some(taken), Some(by)) = (claimed.get_mut(k), owner.get_mut(k)) {
                    (*taken, *by) = (true, Some(t));
                }
                matched[t] = true;
                self.extend(t, index, o, g, log);
            }
        }
        // A track that flew smoothly and lost its object while one like it appeared far away
        // (unclaimed, or just picked up by a new track): a jump.
        for &t in &order {
            let Some(&s) = self.segs.get(t) else {
                continue;
            };
            if !s.active || matched[t] {
                continue;
            }
            let (lx, ly, lt) = s.last;
            let (px, py, _, speed) = s.predict(index, g.width);
            // Predicted outside the frame: it flew out, and one appearing elsewhere is another.
            let left = px < 0.0 || py < 0.0 || px > g.width as f32 || py > g.height as f32;
            let steps = index.saturating_sub(lt).max(1) as f32;
            let mut jump = None;
            let mut candidates = 0;
            for k in 0..count {
                let young = owner[k]
                    .filter(|&o| self.segs.get(o).is_some_and(|y| y.points <= 2 && !y.jumped));
                if claimed[k] && young.is_none() {
                    continue;
                }
                let o = objects[k];
                let len = dist(o.x - lx, o.y - ly);
                if len >= (FLIGHT_JUMP * g.width as f64) as f32
                    && len > TELEPORT_RATIO as f32 * speed.max(0.5) * steps
                    && o.cells <= 2 * s.cells + 2
                    && 2 * o.cells + 2 >= s.cells
                    && !self.near_still(&o, g.width)
                    && landed_on_still(&o, &before, g)
                {
                    candidates += 1;
                    jump = Some((k, o, len, young));
                }
            }
            match jump {
                Some((k, o, len, young))
                    if candidates == 1 && s.smooth_flight(g).is_some() && !s.jumped && !left =>
                {
                    claimed[k] = true;
                    if let Some(y) = young {
                        if let Some(seg) = self.segs.get_mut(y) {
                            *seg = IDLE;
                        }
                        log.end(y, None);
                    }
                    let v = s.velocity();
                    self.end_track(t, g, log);
                    self.start(t, index, o, Some((lt, len, v)), g, log);
                }
                _ => {
                    self.segs[t].misses += 1;
                    if self.segs[t].misses > MAX_MISSES {
                        self.end_track(t, g, log);
                    }
                }
            }
        }
        // New objects start tracks in free slots.
        for k in 0..count {
            if claimed[k] || self.near_still(&objects[k], g.width) {
                continue;
            }
            if let Some(t) = self.segs.iter().position(|s| !s.active) {
                self.start(t, index, objects[k], None, g, log);
                claimed[k] = true;
            }
        }
    }

    fn start<L: FlightLog>(
        &mut self,
        t: usize,
        index: u32,
        o: Object,
        jump: Option<(u32, f32, (f32, f32))>,
        g: &FlightFrame,
        log: &mut L,
    ) {
        log.start(t, g.point(index, &o), jump.is_some());
        let mut seg = IDLE;
        seg.active = true;
        seg.start = index;
        seg.first = (o.x, o.y);
        seg.last = (o.x, o.y, index);
        seg.before = seg.last;
        seg.cells = o.cells;
        seg.points = 1;
        seg.fit_x.add(0.0, f64::from(o.x));
        seg.fit_y.add(0.0, f64::from(o.y));
        if let Some((at, len, v)) = jump {
            (seg.jumped, seg.jump_at, seg.jump_len, seg.jump_v) = (true, at, len, v);
        }
        self.segs[t] = seg;
    }

    fn extend<L: FlightLog>(
        &mut self,
        t: usize,
        index: u32,
        o: Object,
        g: &FlightFrame,
        log: &mut L,
    ) {
        log.extend(t, g.point(index, &o));
        let s = &mut self.segs[t];
        let (lx, ly, _) = s.last;
        s.travel += f64::from(dist(o.x - lx, o.y - ly));
        s.before = s.last;
        s.last = (o.x, o.y, index);
        s.cells = o.cells;
        s.misses = 0;
        s.points += 1;
        let tau = f64::from(index - s.start);
        s.fit_x.add(tau, f64::from(o.x));
        s.fit_y.add(tau, f64::from(o.y));
        if s.jumped {
            s.flown = s.flown.saturating_add(1);
            // It flies on as before the jump: about the same velocity.
            let (vx, vy) = s.velocity();
            let (ux, uy) = s.jump_v;
            let same = dist(vx - ux, vy - uy) <= 0.5 * dist(ux, uy) + 1.0;
            if s.flown == CONFIRM_FRAMES && same {
                log.teleported(t);
                let severity = (0.5 + f64::from(s.jump_len) / g.width.max(1) as f64).min(1.0);
                let _ = self.events.push(FlightEvent {
                    fault: FlightFault::Teleports,
                    start: s.jump_at,
                    end: index - u32::from(CONFIRM_FRAMES),
                    severity: severity as f32,
                    place: CellBox::EMPTY
                        .with_point(s.first.0, s.first.1, g.width, g.height)
                        .with_point(o.x, o.y, g.width, g.height),
                });
            }
        }
        let s = self.segs[t];
        let put = dist(s.last.0 - s.first.0, s.last.1 - s.first.1) <= STILL_RADIUS * g.width as f32;
        if s.points >= STILL_FRAMES && put && !s.jumped {
            // A still place: remember it and free the slot.
            let i = usize::from(self.still_next);
            if let Some(place) = self.still.get_mut(i) {
                *place = s.first;
            }
            self.still_next = ((i + 1) % MAX_STILL) as u8;
            self.still_len = (usize::from(self.still_len) + 1).min(MAX_STILL) as u8;
            self.segs[t] = IDLE;
            log.end(t, None);
        } else if s.points >= MAX_SEGMENT {
            self.end_track(t, g, log);
        }
    }

    /// Ends every track (a cut, the clip's end) and judges them.
    pub fn end<L: FlightLog>(&mut self, g: &FlightFrame, log: &mut L) {
        for t in 0..MAX_TRACKS {
            self.end_track(t, g, log);
        }
    }

    /// Ends track `t` (lost, a jump, a cut, the clip's end) and judges it.
    #[inline(never)]
    fn end_track<L: FlightLog>(&mut self, t: usize, g: &FlightFrame, log: &mut L) {
        let s = self.segs[t];
        self.segs[t].active = false;
        let Some((ay, _)) = s.smooth_flight(g) else {
            log.end(t, None);
            return;
        };
        // px/frame² → frame heights/s²; +y points down, so upward is negative.
        let accel = ay * g.fps * g.fps / g.height.max(1) as f64;
        let upward = accel <= -FLIGHT_UP_ACCEL;
        log.end(
            t,
            Some(if upward {
                FlightVerdict::FallsUpward
            } else {
                FlightVerdict::Plausible
            }),
        );
        if upward {
            let severity =
                (0.3 + 0.7 * (-accel - FLIGHT_UP_ACCEL) / (3.0 * FLIGHT_UP_ACCEL)).min(1.0);
            let _ = self.events.push(FlightEvent {
                fault: FlightFault::FallsUpward,
                start: s.start.saturating_sub(1),
                end: s.last.2,
                severity: severity as f32,
                place: CellBox::EMPTY
                    .with_point(s.first.0, s.first.1, g.width, g.height)
                    .with_point(s.last.0, s.last.1, g.width, g.height),
            });
        }
    }
}

/// Length of `(dx, dy)` (the FPU's square root; no overflow at working-frame sizes).
fn dist(dx: f32, dy: f32) -> f32 {
    libm::sqrtf(dx * dx + dy * dy)
}

/// Whether nothing moved two frames before around where object `o` is now: a jump lands out of
/// nowhere, while another mover already on its way there (busy footage) does not count.
fn landed_on_still(o: &Object, before: &[u32; RES_CELLS / 32], g: &FlightFrame) -> bool {
    let cell = |v: f32, n: usize| ((v.max(0.0) as usize * RES_GRID) / n.max(1)).min(RES_GRID - 1);
    let (x, y) = (cell(o.x, g.width), cell(o.y, g.height));
    for ny in y.saturating_sub(1)..=(y + 1).min(RES_GRID - 1) {
        for nx in x.saturating_sub(1)..=(x + 1).min(RES_GRID - 1) {
            let c = ny * RES_GRID + nx;
            if before[c / 32] >> (c % 32) & 1 == 1 {
                return false;
            }
        }
    }
    true
}

/// The small moving objects of a frame, or `None` when too much moves to track anything; the
/// moving cells go to `mask` (bit `c % 32` of word `c / 32`).
fn objects_in(
    f: &CellFrame,
    out: &mut [Object; MAX_OBJECTS],
    mask: &mut [u32; RES_CELLS / 32],
) -> Option<usize> {
    let mut moving = [false; RES_CELLS];
    let mut total = 0usize;
    for (c, m) in moving.iter_mut().enumerate() {
        *m = f64::from(f.moved[c]) >= FLIGHT_MOVE + FLIGHT_MOVE_TEXTURE * f64::from(f.texture[c])
            && f.mass[c] > 0.0;
        total += usize::from(*m);
        mask[c / 32] |= u32::from(*m) << (c % 32);
    }
    if total > FLIGHT_MAX_MOVING {
        return None;
    }
    // Each group's position is the centre of the strong differences in the group and the ring
    // of cells around it (a crescent of the object may fall in a cell under the threshold).
    let mut count = 0;
    for_each_group(&moving, |cells, ring| {
        let (mut mass, mut mx, mut my) = (0f32, 0f32, 0f32);
        for ((&m, &[x, y]), _) in f.mass.iter().zip(&f.moment).zip(ring).filter(|(_, r)| **r) {
            mass += m;
            mx += x;
            my += y;
        }
        if cells.len() <= FLIGHT_MAX_CELLS
            && mass > 0.0
            && let Some(slot) = out.get_mut(count)
        {
            *slot = Object {
                cells: cells.len() as u16,
                x: mx / mass,
                y: my / mass,
            };
            count += 1;
        }
    });
    Some(count)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::super::flight_paths::{FlightLog, FlightPaths, NoFlightPaths, PATH_HALF};
    use super::super::residual::measure;
    use super::*;

    /// A 4×4 bright square on a flat grey 96×64 frame at (x, y).
    fn scene(x: f64, y: f64) -> std::vec::Vec<u8> {
        let (w, h) = (96usize, 64usize);
        let mut f = std::vec![90u8; w * h];
        let (x0, y0) = (libm::round(x) as usize, libm::round(y) as usize);
        for yy in y0..(y0 + 4).min(h) {
            for xx in x0..(x0 + 4).min(w) {
                f[yy * w + xx] = 220;
            }
        }
        f
    }

    /// The tracker's events for a 4×4 square following `path`, its objects logged to `log`.
    fn track<L: FlightLog>(
        path: &impl Fn(f64) -> (f64, f64),
        frames: u32,
        log: &mut L,
    ) -> std::vec::Vec<FlightEvent> {
        let g = FlightFrame {
            width: 96,
            height: 64,
            fps: 30.0,
            min_frames: 9,
            scale: 1.0,
        };
        let mut t = FlightTracker::new();
        let mut prev = scene(path(0.0).0, path(0.0).1);
        for i in 1..frames {
            let (x, y) = path(f64::from(i));
            let cur = scene(x, y);
            let f = measure(&cur, &prev, 96, 64, (0, 0), |_, _| false);
            t.push(i, &f, false, &g, log);
            prev = cur;
        }
        t.end(&g, log);
        t.events().to_vec()
    }

    /// The tracker's events and the paths it logged for a 4×4 square following `path`.
    fn run_logged(
        path: impl Fn(f64) -> (f64, f64),
        frames: u32,
    ) -> (std::vec::Vec<FlightEvent>, FlightPaths) {
        let mut log = FlightPaths::fresh();
        let events = track(&path, frames, &mut log);
        (events, log)
    }

    fn run(path: impl Fn(f64) -> (f64, f64), frames: u32) -> std::vec::Vec<FlightEvent> {
        let (events, logged) = run_logged(&path, frames);
        // Logging changes nothing the tracker finds.
        assert_eq!(track(&path, frames, &mut NoFlightPaths), events);
        // Each implausible flight found has a logged path of that verdict over its frames.
        for e in &events {
            let verdict = match e.fault {
                FlightFault::FallsUpward => FlightVerdict::FallsUpward,
                FlightFault::Teleports => FlightVerdict::Teleports,
            };
            assert!(
                logged.paths().iter().any(|p| p.verdict == verdict
                    && p.frames().0 <= e.end
                    && e.start <= p.frames().1),
                "{e:?} {:?}",
                logged.paths()
            );
        }
        events
    }

    /// Where the tracker should see the square at frame `i`: midway between its centres in
    /// frames `i − 1` and `i` (the difference of the two frames shows it at both).
    fn midpoint(path: &impl Fn(f64) -> (f64, f64), i: u32) -> (f64, f64) {
        let centre = |i: u32| {
            let (x, y) = path(f64::from(i));
            (libm::round(x) + 1.5, libm::round(y) + 1.5)
        };
        let (a, b) = (centre(i - 1), centre(i));
        ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0)
    }

    #[test]
    fn logged_points_follow_the_drawn_path() {
        let thrown = |i: f64| (8.0 + 2.0 * i, 50.0 - 2.0 * i + 0.05 * i * i);
        let (events, log) = run_logged(thrown, 36);
        assert!(events.is_empty());
        let paths = log.paths();
        assert_eq!(paths.len(), 1, "{paths:?}");
        assert_eq!(paths[0].verdict, FlightVerdict::Plausible);
        // 35 frames: thinned once to every other point (see `flight_paths`).
        assert!(paths[0].points.len() >= PATH_HALF / 2, "{paths:?}");
        for p in &paths[0].points {
            let (x, y) = midpoint(&thrown, p.frame);
            let err = libm::hypot(f64::from(p.x) - x, f64::from(p.y) - y);
            assert!(
                err <= 0.75,
                "frame {}: ({}, {}) vs ({x}, {y})",
                p.frame,
                p.x,
                p.y
            );
        }
        let upward = |i: f64| (8.0 + 2.0 * i, 20.0 + 1.5 * i - 0.05 * i * i);
        let (_, log) = run_logged(upward, 36);
        assert!(
            log.paths()
                .iter()
                .any(|p| p.verdict == FlightVerdict::FallsUpward),
            "{:?}",
            log.paths()
        );
    }

    #[test]
    fn a_thrown_ball_is_fine_one_falling_upward_or_jumping_is_not() {
        // 30 fps; x moves 2 px a frame; gravity 0.1 px/frame² = 90 px/s² = 1.4 heights/s².
        let thrown = |i: f64| (8.0 + 2.0 * i, 50.0 - 2.0 * i + 0.05 * i * i);
        assert!(run(thrown, 36).is_empty(), "{:?}", run(thrown, 36));
        let upward = |i: f64| (8.0 + 2.0 * i, 20.0 + 1.5 * i - 0.05 * i * i);
        let ev = run(upward, 36);
        assert!(
            ev.iter().any(|e| e.fault == FlightFault::FallsUpward),
            "{ev:?}"
        );
        let jumping = |i: f64| {
            let x = 8.0 + 1.5 * i + if i >= 15.0 { 40.0 } else { 0.0 };
            (x, 30.0 + 0.02 * i * i)
        };
        let ev = run(jumping, 30);
        assert!(
            ev.iter()
                .any(|e| e.fault == FlightFault::Teleports && (13..=16).contains(&e.start)),
            "{ev:?}"
        );
        // One that flies out of the right edge at frame 12 while another of its kind comes in
        // at the left two frames later, on the same line: two objects, no teleport.
        let out_and_in = |i: f64| {
            let x = if i < 14.0 {
                60.0 + 3.0 * i
            } else {
                4.0 + 3.0 * (i - 14.0)
            };
            (x, 30.0 + 0.02 * i * i)
        };
        let ev = run(out_and_in, 30);
        assert!(ev.is_empty(), "{ev:?}");
    }
}
