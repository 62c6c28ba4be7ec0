//! The paths behind the flight tracker's verdicts ([`super::flight`]), in fixed memory: the
//! points of every tracked object whose flight was judged, with what the judgement was.
//!
//! The tracker follows an object's positions but keeps only the running sums of their fit; a
//! [`FlightLog`] it is handed records the positions as well. [`FlightPaths`] keeps them:
//!
//! - per followed object, at most [`PATH_HALF`] − 1 points while it flies, thinned 2:1 (every
//!   other one kept, then every second point taken) whenever they would overflow, so the kept
//!   points stay evenly spread over the whole flight; its last point is added when it ends;
//! - a flight that ends judged ([`FlightVerdict`]) or with a confirmed jump is kept, up to
//!   [`MAX_FLIGHT_PATHS`]; when full, an implausible one replaces the oldest plausible one
//!   (plausible ones beyond the capacity are not kept), so the flights behind the tracker's
//!   `impossible_motion` findings are never crowded out;
//! - a teleporting flight's points are those of the flight before the jump, then those after
//!   it (the flight before the jump, if judged, is kept on its own as well).
//!
//! Points are `(frame, x, y)`: the frame index and the object's place in pixels of the frame
//! as pushed (index coordinates: the top-left pixel's centre is `(0, 0)`). A working pixel `i`
//! averages frame pixels `i·F … i·F + F − 1` (`F`: the working copy's factor times the analysis
//! binning factor), so its centre is `x = (i + ½)·F − ½`.
//!
//! [`NoFlightPaths`] keeps nothing (zero bytes): the device scorer's choice, whose state budget
//! has no room for paths.

/// Points of one half of a kept path (the flight before a jump, the flight after it).
pub const PATH_HALF: usize = 32;
/// Most points of one kept path.
pub const PATH_POINTS: usize = 2 * PATH_HALF;
/// Most flights kept per clip.
pub const MAX_FLIGHT_PATHS: usize = 8;

/// What the tracker judged a flight to be ([`super::flight`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlightVerdict {
    /// One constant-acceleration path, not accelerating upward.
    Plausible,
    /// Accelerates upward in free flight.
    FallsUpward,
    /// Jumps across the frame between two frames.
    Teleports,
}

impl FlightVerdict {
    /// Every verdict, in code order.
    pub const ALL: [FlightVerdict; 3] = [
        FlightVerdict::Plausible,
        FlightVerdict::FallsUpward,
        FlightVerdict::Teleports,
    ];

    /// Its name: `plausible`, `falls_upward`, `teleports`.
    pub const fn name(self) -> &'static str {
        match self {
            FlightVerdict::Plausible => "plausible",
            FlightVerdict::FallsUpward => "falls_upward",
            FlightVerdict::Teleports => "teleports",
        }
    }
}

/// One point of a path: the frame and the object's place, frame pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PathPoint {
    /// Frame index.
    pub frame: u32,
    /// Horizontal place, pixels of the frame (index coordinates).
    pub x: f32,
    /// Vertical place, pixels of the frame (+y down).
    pub y: f32,
}

/// A judged flight: its verdict and its points, in frame order.
#[derive(Debug, Clone, PartialEq)]
pub struct FlightPath {
    /// What the tracker judged it to be.
    pub verdict: FlightVerdict,
    /// Its points (at least two), first frame first.
    pub points: heapless::Vec<PathPoint, PATH_POINTS>,
}

impl FlightPath {
    /// First and last frame of its points.
    pub fn frames(&self) -> (u32, u32) {
        let first = self.points.first().map_or(0, |p| p.frame);
        (first, self.points.last().map_or(first, |p| p.frame))
    }
}

/// What a flight tracker reports about the objects it follows (slot `t` of its tracks), their
/// places already in frame pixels ([`to_frame`]).
pub trait FlightLog: Clone + core::fmt::Debug {
    /// A log that has seen nothing.
    fn fresh() -> Self;
    /// Object `t` starts a flight at `point`; `jumped`: it continues, after a jump, the flight
    /// slot `t` just ended.
    fn start(&mut self, t: usize, point: PathPoint, jumped: bool);
    /// Object `t` is seen at `point`.
    fn extend(&mut self, t: usize, point: PathPoint);
    /// Object `t`'s jump was confirmed (a teleport).
    fn teleported(&mut self, t: usize);
    /// Object `t`'s flight ends, judged (`Some`) or not; ignored for a slot with no flight.
    fn end(&mut self, t: usize, judged: Option<FlightVerdict>);
    /// The flights kept.
    fn paths(&self) -> &[FlightPath];
}

/// Working pixel coordinate `v` in frame pixels: `(v + ½)·scale − ½` (see the module docs).
pub fn to_frame(v: f32, scale: f32) -> f32 {
    (v + 0.5) * scale - 0.5
}

/// Keeps no path (zero bytes).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFlightPaths;

impl FlightLog for NoFlightPaths {
    fn fresh() -> Self {
        NoFlightPaths
    }
    fn start(&mut self, _: usize, _: PathPoint, _: bool) {}
    fn extend(&mut self, _: usize, _: PathPoint) {}
    fn teleported(&mut self, _: usize) {}
    fn end(&mut self, _: usize, _: Option<FlightVerdict>) {}
    fn paths(&self) -> &[FlightPath] {
        &[]
    }
}

/// The flight being followed in one track slot. All-zero bytes: no flight.
#[derive(Debug, Clone)]
struct Tracing {
    open: bool,
    /// The points before a jump this flight continues (empty without one).
    pre: heapless::Vec<PathPoint, PATH_HALF>,
    /// Points kept since the flight (or its jump) began: ordinals `0, step, 2·step, …`.
    cur: heapless::Vec<PathPoint, PATH_HALF>,
    /// Points seen since then, and the last of them.
    seen: u32,
    step: u32,
    last: PathPoint,
    teleported: bool,
}

impl Tracing {
    const IDLE: Tracing = Tracing {
        open: false,
        pre: heapless::Vec::new(),
        cur: heapless::Vec::new(),
        seen: 0,
        step: 1,
        last: PathPoint {
            frame: 0,
            x: 0.0,
            y: 0.0,
        },
        teleported: false,
    };

    fn add(&mut self, p: PathPoint) {
        let k = self.seen;
        self.seen = self.seen.saturating_add(1);
        self.last = p;
        let step = self.step.max(1);
        if !k.is_multiple_of(step) {
            return;
        }
        // One slot stays free for the last point.
        if self.cur.len() + 1 >= PATH_HALF {
            let mut i = 0;
            self.cur.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.step = step.saturating_mul(2);
            if !k.is_multiple_of(self.step) {
                return;
            }
        }
        let _ = self.cur.push(p);
    }

    /// The flight's points up to its last one.
    fn closed(&self) -> heapless::Vec<PathPoint, PATH_HALF> {
        let mut out = self.cur.clone();
        if out.last() != Some(&self.last) && self.seen > 0 {
            let _ = out.push(self.last);
        }
        out
    }
}

/// Keeps the paths of up to [`MAX_FLIGHT_PATHS`] judged flights (about 8 KiB; see the module
/// docs). All-zero bytes are a valid empty state.
#[derive(Debug, Clone)]
pub struct FlightPaths {
    tracing: [Tracing; super::flight::MAX_TRACKS],
    kept: heapless::Vec<FlightPath, MAX_FLIGHT_PATHS>,
}

impl Default for FlightPaths {
    fn default() -> Self {
        Self::fresh()
    }
}

impl FlightPaths {
    fn keep(&mut self, path: FlightPath) {
        if self.kept.is_full() {
            if path.verdict == FlightVerdict::Plausible {
                return;
            }
            let Some(i) = self
                .kept
                .iter()
                .position(|p| p.verdict == FlightVerdict::Plausible)
            else {
                return;
            };
            self.kept.remove(i);
        }
        let _ = self.kept.push(path);
    }
}

impl FlightLog for FlightPaths {
    fn fresh() -> Self {
        FlightPaths {
            tracing: [Tracing::IDLE, Tracing::IDLE],
            kept: heapless::Vec::new(),
        }
    }

    fn start(&mut self, t: usize, point: PathPoint, jumped: bool) {
        let Some(slot) = self.tracing.get_mut(t) else {
            return;
        };
        let pre = if jumped {
            slot.closed()
        } else {
            heapless::Vec::new()
        };
        *slot = Tracing::IDLE;
        slot.open = true;
        slot.pre = pre;
        slot.add(point);
    }

    fn extend(&mut self, t: usize, point: PathPoint) {
        if let Some(slot) = self.tracing.get_mut(t).filter(|s| s.open) {
            slot.add(point);
        }
    }

    fn teleported(&mut self, t: usize) {
        if let Some(slot) = self.tracing.get_mut(t).filter(|s| s.open) {
            slot.teleported = true;
        }
    }

    fn end(&mut self, t: usize, judged: Option<FlightVerdict>) {
        let Some(slot) = self.tracing.get_mut(t).filter(|s| s.open) else {
            return;
        };
        // Closed, but its points stay for a jump that continues it (`start`).
        slot.open = false;
        let verdict = if slot.teleported {
            FlightVerdict::Teleports
        } else if let Some(v) = judged {
            v
        } else {
            return;
        };
        let mut points = heapless::Vec::new();
        if slot.teleported {
            let _ = points.extend_from_slice(&slot.pre);
        }
        let _ = points.extend_from_slice(&slot.closed());
        if points.len() >= 2 {
            self.keep(FlightPath { verdict, points });
        }
    }

    fn paths(&self) -> &[FlightPath] {
        &self.kept
    }
}

const _: () = assert!(super::flight::MAX_TRACKS == 2);

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    fn p(frame: u32) -> PathPoint {
        PathPoint {
            frame,
            x: frame as f32,
            y: 2.0 * frame as f32,
        }
    }

    #[test]
    fn long_flights_are_thinned_evenly_and_keep_their_ends() {
        for n in [2u32, 5, 31, 32, 33, 100, 257, 1000] {
            let mut log = FlightPaths::fresh();
            log.start(0, p(0), false);
            for f in 1..n {
                log.extend(0, p(f));
            }
            log.end(0, Some(FlightVerdict::Plausible));
            let got = &log.paths()[0].points;
            assert!(got.len() <= PATH_HALF, "{n}: {}", got.len());
            assert_eq!(got.first(), Some(&p(0)));
            assert_eq!(got.last(), Some(&p(n - 1)));
            // Evenly spaced, but for the last point.
            let step = got.get(1).map_or(1, |q| q.frame - got[0].frame);
            for w in got[..got.len() - 1].windows(2) {
                assert_eq!(w[1].frame - w[0].frame, step, "{n}");
            }
            assert!(n < PATH_HALF as u32 || got.len() >= PATH_HALF / 2, "{n}");
        }
    }

    #[test]
    fn unjudged_flights_go_and_implausible_ones_crowd_out_plausible_ones() {
        let mut log = FlightPaths::fresh();
        let flight = |log: &mut FlightPaths, at: u32, v: Option<FlightVerdict>| {
            log.start(1, p(at), false);
            log.extend(1, p(at + 1));
            log.end(1, v);
        };
        flight(&mut log, 0, None);
        assert!(log.paths().is_empty());
        for k in 0..MAX_FLIGHT_PATHS as u32 {
            flight(&mut log, 10 * k, Some(FlightVerdict::Plausible));
        }
        flight(&mut log, 500, Some(FlightVerdict::Plausible));
        assert_eq!(log.paths().len(), MAX_FLIGHT_PATHS);
        assert_eq!(log.paths()[MAX_FLIGHT_PATHS - 1].frames(), (70, 71));
        flight(&mut log, 600, Some(FlightVerdict::FallsUpward));
        assert_eq!(log.paths()[0].frames(), (10, 11));
        let last = &log.paths()[MAX_FLIGHT_PATHS - 1];
        assert_eq!(
            (last.verdict, last.frames()),
            (FlightVerdict::FallsUpward, (600, 601))
        );
        // Ending a slot twice, or one never started, keeps nothing more.
        log.end(1, Some(FlightVerdict::FallsUpward));
        log.end(0, Some(FlightVerdict::FallsUpward));
        assert_eq!(log.paths().len(), MAX_FLIGHT_PATHS);
    }

    #[test]
    fn a_teleport_keeps_the_flight_before_its_jump() {
        let mut log = FlightPaths::fresh();
        log.start(0, p(0), false);
        for f in 1..10 {
            log.extend(0, p(f));
        }
        log.end(0, Some(FlightVerdict::Plausible));
        log.start(0, p(10), true);
        log.extend(0, p(11));
        log.teleported(0);
        log.extend(0, p(12));
        log.end(0, None);
        let frames = |i: usize| -> std::vec::Vec<u32> {
            log.paths()[i].points.iter().map(|q| q.frame).collect()
        };
        assert_eq!(log.paths()[0].verdict, FlightVerdict::Plausible);
        assert_eq!(frames(0), (0..10).collect::<std::vec::Vec<_>>());
        assert_eq!(log.paths()[1].verdict, FlightVerdict::Teleports);
        assert_eq!(frames(1), (0..13).collect::<std::vec::Vec<_>>());
        // A jump not confirmed keeps only what came after it.
        log.start(1, p(20), false);
        log.extend(1, p(21));
        log.end(1, None);
        log.start(1, p(30), true);
        log.extend(1, p(31));
        log.end(1, Some(FlightVerdict::Plausible));
        assert_eq!(log.paths()[2].frames(), (30, 31));
    }
}
