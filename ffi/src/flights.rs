//! Objects in flight for C: the paths behind the clip scorer's flight verdicts
//! (`reelscore::clip::flight_paths`).
//!
//! The scorer tracks small objects moving against the camera and judges their flights; the
//! implausible ones reach its verdict as `impossible_motion` defects. These entry points give
//! the flights themselves: each judged flight's verdict (a `reel_flight_verdict`), its frames
//! and its points (frame, x, y in pixels of the frame, the top-left pixel's centre at (0, 0)),
//! at most `REEL_FLIGHT_PATH_POINTS` per flight and `REEL_MAX_FLIGHT_PATHS` per clip. The
//! device scorer keeps no paths (its state budget has no room for them).
//!
//! # Safety (every function)
//! Pointers are NULL (an error) or valid for the access named; `points` is valid for writes of
//! `capacity` points.

use reelscore::clip::flight_paths::{self, FlightPath, FlightVerdict};

use crate::clip::ReelClipScorer;
use crate::guard::{get, guard, null, put, slice_mut};
use crate::status::reel_status;

/// Most flights kept per clip (core `MAX_FLIGHT_PATHS`).
pub const REEL_MAX_FLIGHT_PATHS: usize = 8;
/// Most points of one flight (core `PATH_POINTS`).
pub const REEL_FLIGHT_PATH_POINTS: usize = 64;

// The literals above are the core's (cbindgen writes only literals).
const _: () = assert!(REEL_MAX_FLIGHT_PATHS == flight_paths::MAX_FLIGHT_PATHS);
const _: () = assert!(REEL_FLIGHT_PATH_POINTS == flight_paths::PATH_POINTS);

/// What the scorer judged a flight to be, as stored in `ReelFlight.verdict`.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)] // C naming
pub enum reel_flight_verdict {
    /// One constant-acceleration path, not accelerating upward.
    REEL_FLIGHT_PLAUSIBLE = 0,
    /// Accelerates upward in free flight (an `impossible_motion` defect).
    REEL_FLIGHT_FALLS_UPWARD = 1,
    /// Jumps across the frame between two frames (an `impossible_motion` defect).
    REEL_FLIGHT_TELEPORTS = 2,
}

impl From<FlightVerdict> for reel_flight_verdict {
    fn from(v: FlightVerdict) -> Self {
        match v {
            FlightVerdict::Plausible => reel_flight_verdict::REEL_FLIGHT_PLAUSIBLE,
            FlightVerdict::FallsUpward => reel_flight_verdict::REEL_FLIGHT_FALLS_UPWARD,
            FlightVerdict::Teleports => reel_flight_verdict::REEL_FLIGHT_TELEPORTS,
        }
    }
}

/// One judged flight: its verdict, its first and last frame and how many points it has (read
/// them with `reel_clip_scorer_flight_points`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReelFlight {
    /// A `reel_flight_verdict` value.
    pub verdict: u32,
    /// Frame of the first point.
    pub start: u32,
    /// Frame of the last point (inclusive).
    pub end: u32,
    /// Number of points (2 ≤ points ≤ `REEL_FLIGHT_PATH_POINTS`).
    pub points: u32,
}

/// One point of a flight: the frame and the object's place in pixels of the frame (+y down).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReelFlightPoint {
    /// Frame index.
    pub frame: u32,
    /// Horizontal place, pixels (the top-left pixel's centre is 0).
    pub x: f64,
    /// Vertical place, pixels.
    pub y: f64,
}

/// Flight `index` of `s`, or `REEL_STATUS_INVALID_VALUE` beyond the count.
unsafe fn flight<'a>(
    s: *const ReelClipScorer,
    index: usize,
) -> Result<&'a FlightPath, reel_status> {
    // SAFETY: forwarded caller contract.
    let all = unsafe { get(s, "s") }?.0.scorer.flights();
    all.get(index).ok_or(reel_status::REEL_STATUS_INVALID_VALUE)
}

/// How many flights the scorer judged so far (complete after `reel_clip_scorer_finish`; at
/// most `REEL_MAX_FLIGHT_PATHS`, implausible ones kept first).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_flight_count(
    s: *const ReelClipScorer,
    out: *mut usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let n = get(s, "s")?.0.scorer.flights().len();
        put(out, n, "out")
    })
}

/// Flight `index` (0 ≤ index < count), in the order the flights ended;
/// `REEL_STATUS_INVALID_VALUE` beyond.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_flight(
    s: *const ReelClipScorer,
    index: usize,
    out: *mut ReelFlight,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let f = flight(s, index)?;
        let (start, end) = f.frames();
        let one = ReelFlight {
            verdict: reel_flight_verdict::from(f.verdict) as u32,
            start,
            end,
            points: f.points.len() as u32,
        };
        put(out, one, "out")
    })
}

/// Writes the points of flight `index` to `points` (room for `capacity`), first frame first,
/// and their number to `*written`. `REEL_STATUS_BUFFER_TOO_SHORT` (nothing written) when
/// `capacity` is below the flight's `points` (`REEL_FLIGHT_PATH_POINTS` always suffices);
/// `REEL_STATUS_INVALID_VALUE` for an index beyond the count.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_clip_scorer_flight_points(
    s: *const ReelClipScorer,
    index: usize,
    points: *mut ReelFlightPoint,
    capacity: usize,
    written: *mut usize,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        if written.is_null() {
            return Err(null("written"));
        }
        let out = slice_mut(points, capacity, "points")?;
        let f = flight(s, index)?;
        let n = f.points.len();
        let out = out
            .get_mut(..n)
            .ok_or(reel_status::REEL_STATUS_BUFFER_TOO_SHORT)?;
        for (o, p) in out.iter_mut().zip(&f.points) {
            *o = ReelFlightPoint {
                frame: p.frame,
                x: f64::from(p.x),
                y: f64::from(p.y),
            };
        }
        put(written, n, "written")
    })
}
