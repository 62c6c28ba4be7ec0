//! The streaming clip scorer: push frames one at a time, then `finish` for the verdict.
//!
//! State is a fixed-size struct (no allocation): four working frames of `PIXELS` bytes, one
//! blurred frame of `PIXELS` `u16`, brightness profiles, a chroma grid, the paths of judged
//! flights ([`super::flight_paths`], about 8 KiB) and a series of `RECORDS` per-frame records. [`ClipScorer`] (192×108 working pixels, 1024 records) takes
//! [`ClipScorer::STATE_BYTES`] ≈ 200 KiB for any input up to 16384×16384; a test asserts it
//! stays ≤ 256 KiB. [`ClipScorerWith`] picks other capacities: [`DeviceClipScorer`]
//! (64×48 working pixels, 128 records, ≤ 32 KiB) is sized for microcontrollers.
//!
//! Frames arrive whole ([`ClipScorerWith::push`]) or row by row
//! ([`ClipScorerWith::begin_frame`], [`ClipScorerWith::push_row`],
//! [`ClipScorerWith::end_frame`] with a [`RowFeeder`], which holds the O(width) row state:
//! the frame statistics' last two rows and the downsampling column sums). Both paths share the
//! per-row kernels and everything after the working copy, and give equal observations and
//! reports, bit for bit.
//!
//! Scene cuts follow FFmpeg `scdet` on the working copy, with flash suppression
//! ([`super::cuts`]).
//! Freezes follow FFmpeg `freezedetect`: each frame is compared with the first of the current
//! still run ([`super::freeze`]).

#[cfg(doc)]
use super::analysis;
#[cfg(feature = "artefacts")]
use super::artefacts::Artefacts;
use super::artefacts::{MAX_POP_EVENTS, PopEvent};
use super::chroma::{CELLS, CellChanges, Chroma, ChromaTracker};
use super::config::*;
use super::cuts::CutTracker;
use super::defects::{Context, analyze};
#[cfg(feature = "artefacts")]
use super::flight::FlightFrame;
use super::flight::{FlightEvent, MAX_FLIGHT_EVENTS};
use super::flight_paths::{FlightLog, FlightPath, FlightPaths, NoFlightPaths};
use super::freeze::FreezeTracker;
use super::shift::ShiftTracker;

/// What the artefact trackers found over a clip: implausible flights and pops.
type ArtefactEvents = (
    heapless::Vec<FlightEvent, MAX_FLIGHT_EVENTS>,
    heapless::Vec<PopEvent, MAX_POP_EVENTS>,
);
use super::pass::{self, FrameRows};
use super::report::{ClipReport, FrameObservation};
use super::series::{Record, Series};
use super::working::{self, WHOLE_COLS, WorkGeometry};
use crate::color::{LumaMatrix, Range, expand_limited_range, rgb_to_luma};
use crate::detect::salient::{self, NoSalient, SalientSlot, SalientTracker};
use crate::error::Error;
use crate::metrics::FrameStats;
use crate::plane::{Plane, PlaneMut, RgbImage, Yuv420};

/// The default scorer: 192×108 working pixels and 1024 exact records.
pub type ClipScorer = ClipScorerWith<WORK_PIXELS, SERIES_RECORDS>;

/// The microcontroller scorer: [`DEVICE_WORK_PIXELS`] (64×48: 320×240 at 1/5, 640×480 at 1/10)
/// working pixels and [`DEVICE_SERIES_RECORDS`] records (4.3 s exact at 30 fps, decimated
/// 2:1 beyond); [`DeviceClipScorer::STATE_BYTES`] ≤ 32 KiB whatever the input size (asserted
/// at compile time). Frames up to 64×48 are scored exactly as by [`ClipScorer`]; it keeps no
/// flight paths ([`NoFlightPaths`]).
pub type DeviceClipScorer =
    ClipScorerWith<DEVICE_WORK_PIXELS, DEVICE_SERIES_RECORDS, NoSalient, NoFlightPaths>;

/// Row state for frames up to `MAX_WIDTH` pixels wide pushed row by row
/// ([`ClipScorerWith::begin_frame`]): the frame statistics' last two rows and sums, the working
/// copy's column sums and the analysis binning's buffer ([`pass::FrameRows`]). One feeder
/// serves any scorer, one frame at a time.
#[derive(Debug, Clone)]
pub struct RowFeeder<const MAX_WIDTH: usize> {
    rows: FrameRows<MAX_WIDTH>,
}

impl<const MAX_WIDTH: usize> Default for RowFeeder<MAX_WIDTH> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const MAX_WIDTH: usize> RowFeeder<MAX_WIDTH> {
    /// Size of the feeder in bytes.
    pub const STATE_BYTES: usize = core::mem::size_of::<Self>();

    /// An idle feeder.
    pub const fn new() -> Self {
        RowFeeder {
            rows: FrameRows::new(),
        }
    }
}

/// A clip scorer with `PIXELS` working pixels, a `RECORDS`-record series, a salient-region
/// slot `S` ([`SalientTracker`] compares the subject across cuts; [`NoSalient`] does not) and
/// a flight log `P` ([`FlightPaths`] keeps the paths of judged flights; [`NoFlightPaths`] does
/// not).
/// All-zero bytes are a valid (unconfigured) state; [`ClipScorerWith::reset`] configures one in
/// place, so callers can place the state in their own memory.
#[derive(Debug, Clone)]
pub struct ClipScorerWith<
    const PIXELS: usize,
    const RECORDS: usize,
    S = SalientTracker,
    P = FlightPaths,
> {
    cfg: ClipConfig,
    geom: WorkGeometry,
    /// Analysis binning factor ([`analysis::analysis_factor`]).
    analysis: usize,
    cur: [u8; PIXELS],
    prev: [u8; PIXELS],
    /// The reference frame of the current still run ([`super::freeze`]).
    freeze: FreezeTracker<PIXELS>,
    blur: [u16; PIXELS],
    /// The camera's translation between frames ([`super::shift`]).
    shift: ShiftTracker,
    /// The chroma grids of the last two frames and their jumps ([`super::chroma`]).
    chroma: ChromaTracker,
    /// The salient region's colours across cuts ([`salient`]).
    salient: S,
    /// Generative-artefact trackers on the per-cell residual ([`super::artefacts`]; the
    /// `artefacts` feature, on by default in the C library and the Python extension).
    #[cfg(feature = "artefacts")]
    artefacts: Artefacts,
    /// The paths of the flights the artefact trackers judged ([`super::flight_paths`]).
    flights: P,
    series: Series<RECORDS>,
    /// Scene cuts and flashes ([`super::cuts`]); per cut also how many grid cells of the new
    /// shot show colours the frame before it never showed ([`super::shots`]).
    cuts: CutTracker<PIXELS>,
    frames: u32,
    configured: bool,
    finished: bool,
    /// Between `begin_frame` and `end_frame` (`cur` is half written).
    in_frame: bool,
}

impl<const PIXELS: usize, const RECORDS: usize, S: SalientSlot, P: FlightLog>
    ClipScorerWith<PIXELS, RECORDS, S, P>
{
    /// Size of the scorer state in bytes.
    pub const STATE_BYTES: usize = core::mem::size_of::<Self>();

    /// A scorer for frames of `cfg`'s size.
    pub fn new(cfg: ClipConfig) -> Result<Self, Error> {
        let mut s = ClipScorerWith {
            cfg,
            geom: WorkGeometry::new(1, 1, 1),
            analysis: 1,
            cur: [0; PIXELS],
            prev: [0; PIXELS],
            freeze: FreezeTracker::new(),
            blur: [0; PIXELS],
            shift: ShiftTracker::new(),
            chroma: ChromaTracker::new(),
            salient: S::fresh(),
            #[cfg(feature = "artefacts")]
            artefacts: Artefacts::new(),
            flights: P::fresh(),
            series: Series::default(),
            cuts: CutTracker::new(),
            frames: 0,
            configured: false,
            finished: false,
            in_frame: false,
        };
        s.reset(cfg)?;
        Ok(s)
    }

    /// (Re)configures the scorer in place for a new clip, forgetting every frame pushed.
    pub fn reset(&mut self, cfg: ClipConfig) -> Result<(), Error> {
        let cfg = ClipConfig::new(cfg.width, cfg.height, cfg.fps)?
            .with_analysis_pixels(cfg.analysis_pixels)?;
        if PIXELS == 0 || RECORDS < 2 || !RECORDS.is_multiple_of(2) {
            return Err(Error::InvalidState {
                reason: "scorer capacities must be PIXELS > 0 and an even RECORDS >= 2",
            });
        }
        self.cfg = cfg;
        let k = cfg.analysis_factor();
        self.analysis = k;
        // The working copy is made from the analysis copy (the binned frame when k ≥ 2).
        self.geom = WorkGeometry::new(cfg.width / k, cfg.height / k, PIXELS);
        self.series = Series::default();
        self.cuts.reset();
        self.chroma.reset();
        self.salient.reset();
        self.flights = P::fresh();
        #[cfg(feature = "artefacts")]
        {
            self.artefacts = Artefacts::new();
        }
        self.frames = 0;
        self.configured = true;
        self.finished = false;
        self.in_frame = false;
        Ok(())
    }

    /// The configuration.
    pub fn config(&self) -> ClipConfig {
        self.cfg
    }

    /// The factor frames are binned by before their statistics are measured (1 up to the
    /// configuration's `analysis_pixels`, by default [`ANALYSIS_PIXELS`]; see [`analysis`]).
    pub fn analysis_factor(&self) -> usize {
        self.analysis
    }

    /// Working size and downsampling factor.
    pub fn geometry(&self) -> WorkGeometry {
        self.geom
    }

    /// Frames pushed so far.
    pub fn frames(&self) -> u32 {
        self.frames
    }

    /// Scene cuts confirmed so far (after [`ClipScorerWith::finish`]: the report's cuts).
    pub fn cuts(&self) -> &[u32] {
        self.cuts.cuts()
    }

    /// The cuts whose new shot showed new colours in its salient region
    /// ([`salient`]; complete after [`finish`](Self::finish); none with [`NoSalient`]).
    pub fn salient_shifts(&self) -> &[salient::SalientShift] {
        self.salient.events()
    }

    /// The flights of small moving objects the scorer judged ([`super::flight_paths`]): each
    /// with its verdict (plausible, falls upward, teleports) and its points (frame, x, y in
    /// pixels of the frame), in the order they ended; every `impossible_motion` defect has the
    /// flight(s) behind it here. Complete after [`finish`](Self::finish); none without the
    /// `artefacts` feature or with [`NoFlightPaths`] ([`DeviceClipScorer`]).
    pub fn flights(&self) -> &[FlightPath] {
        self.flights.paths()
    }

    /// The cuts [`ClipScorerWith::finish`] would report if the clip ended now: the confirmed
    /// ones and a candidate still waiting out flash suppression (which `finish` confirms). For
    /// callers that need the shots before the report, e.g. to replay detector outputs per shot.
    pub fn cuts_if_ended(&self) -> heapless::Vec<u32, MAX_CUTS> {
        self.cuts.if_ended()
    }

    /// Pushes one luma frame (8-bit, full range preferred).
    pub fn push(&mut self, luma: &Plane<'_, u8>) -> Result<FrameObservation, Error> {
        self.push_inner(luma, Chroma::None, Range::Full)
    }

    /// Pushes one YUV 4:2:0 frame; its chroma enables colour-shift detection.
    pub fn push_yuv420(&mut self, frame: &Yuv420<'_>) -> Result<FrameObservation, Error> {
        self.push_inner(&frame.y, Chroma::Yuv(frame), Range::Full)
    }

    /// Pushes one YUV 4:2:0 frame whose luma is limited ("video") range, 16–235, as most
    /// decoders deliver it. Frames measured at full resolution
    /// ([`analysis_factor`](Self::analysis_factor) 1) are expanded exactly as
    /// [`crate::color::expand_limited_range`] does, row by row as they are measured;
    /// `luma_scratch` (`width · height` bytes, required for them) holds the expanded frame only
    /// for rows wider than 4096 samples. Larger frames are binned from the limited codes and
    /// each binned pixel is expanded from its block's exact mean ([`analysis`]), so
    /// `luma_scratch` is not used (it may be empty).
    pub fn push_yuv420_limited(
        &mut self,
        frame: &Yuv420<'_>,
        luma_scratch: &mut [u8],
    ) -> Result<FrameObservation, Error> {
        if self.analysis > 1 {
            return self.push_inner(&frame.y, Chroma::Yuv(frame), Range::Limited);
        }
        self.check_frame(frame.y.size())?;
        let (w, h) = frame.y.size();
        let got = luma_scratch.len();
        let scratch = luma_scratch.get_mut(..w * h).ok_or(Error::LengthMismatch {
            expected: w * h,
            got,
        })?;
        if w <= WHOLE_COLS {
            return self.push_inner(&frame.y, Chroma::Yuv(frame), Range::Limited);
        }
        expand_limited_range(&frame.y, &mut PlaneMut::new(scratch, w, h, w)?)?;
        let full = Yuv420::new(Plane::packed(scratch, w, h)?, frame.u, frame.v)?;
        self.push_inner(&full.y, Chroma::Yuv(&full), Range::Full)
    }

    /// Pushes one RGB frame; its luma (BT.601) is written to `luma_scratch` (width·height bytes).
    pub fn push_rgb(
        &mut self,
        rgb: &RgbImage<'_>,
        luma_scratch: &mut [u8],
    ) -> Result<FrameObservation, Error> {
        let (w, h) = rgb.size();
        let mut out = PlaneMut::new(luma_scratch, w, h, w)?;
        rgb_to_luma(rgb, LumaMatrix::Bt601, &mut out)?;
        let luma = Plane::packed(luma_scratch, w, h)?;
        self.push_inner(&luma, Chroma::Rgb(rgb), Range::Full)
    }

    /// Working pixels (`geom.len()`, never above `PIXELS`: the geometry is made to fit them;
    /// the `min` shows the optimiser so, and `[..n]` of the working frames has no panic path).
    fn work_len(&self) -> usize {
        self.geom.len().min(PIXELS)
    }

    fn check_frame(&self, size: (usize, usize)) -> Result<(), Error> {
        if !self.configured {
            return Err(Error::InvalidState {
                reason: "scorer not configured (call reset)",
            });
        }
        if self.finished {
            return Err(Error::InvalidState {
                reason: "push after finish (reset the scorer for a new clip)",
            });
        }
        if self.in_frame {
            return Err(Error::InvalidState {
                reason: "a row-by-row frame is open (end_frame first)",
            });
        }
        if size != (self.cfg.width, self.cfg.height) {
            return Err(Error::SizeMismatch {
                expected: (self.cfg.width, self.cfg.height),
                got: size,
            });
        }
        Ok(())
    }

    /// `range` is [`Range::Limited`] only for binned frames (`analysis > 1`) and for frames
    /// measured whole at most [`WHOLE_COLS`] wide.
    fn push_inner(
        &mut self,
        luma: &Plane<'_, u8>,
        chroma: Chroma<'_, '_>,
        range: Range,
    ) -> Result<FrameObservation, Error> {
        self.check_frame(luma.size())?;
        if let Chroma::Rgb(rgb) = &chroma {
            self.check_frame(rgb.size())?;
        }
        let n = self.work_len();
        let stats = match self.analysis {
            1 => {
                core::mem::swap(&mut self.cur, &mut self.prev);
                match range {
                    Range::Full => pass::whole(luma, &self.geom, &mut self.cur[..n]),
                    Range::Limited => pass::whole_limited(luma, &self.geom, &mut self.cur[..n]),
                }
            }
            k => {
                core::mem::swap(&mut self.cur, &mut self.prev);
                let stats = pass::binned(luma, k, range, &self.geom, &mut self.cur[..n]);
                if stats.is_err() {
                    // Nothing was observed: the previous frame stays the previous one.
                    core::mem::swap(&mut self.cur, &mut self.prev);
                }
                stats?
            }
        };
        Ok(self.observe(stats, chroma))
    }

    /// Starts a frame delivered row by row through `feeder` (analysis rows ≤ `MAX_WIDTH`: the
    /// frame width, or its width / [`analysis_factor`](Self::analysis_factor) for large frames).
    /// Calling it again before [`end_frame`](Self::end_frame) restarts the frame.
    pub fn begin_frame<const MAX_WIDTH: usize>(
        &mut self,
        feeder: &mut RowFeeder<MAX_WIDTH>,
    ) -> Result<(), Error> {
        let reopen = self.in_frame;
        self.in_frame = false;
        let k = self.analysis;
        let size = (self.cfg.width, self.cfg.height);
        let ready = self
            .check_frame(size)
            .and_then(|()| feeder.rows.begin(size, k, Range::Full));
        if let Err(e) = ready {
            // A refused restart leaves the open frame open (`cur` stays the half-written one).
            self.in_frame = reopen;
            return Err(e);
        }
        if !reopen {
            core::mem::swap(&mut self.cur, &mut self.prev);
        }
        self.in_frame = true;
        Ok(())
    }

    /// Adds the next row of the open frame (exactly `width` luma samples).
    pub fn push_row<const MAX_WIDTH: usize>(
        &mut self,
        feeder: &mut RowFeeder<MAX_WIDTH>,
        row: &[u8],
    ) -> Result<(), Error> {
        if !self.in_frame || feeder.rows.size() != (self.cfg.width, self.cfg.height) {
            return Err(Error::InvalidState {
                reason: "push_row outside begin_frame/end_frame",
            });
        }
        let w = self.cfg.width;
        if row.len() != w {
            return Err(Error::LengthMismatch {
                expected: w,
                got: row.len(),
            });
        }
        if feeder.rows.rows_received() >= self.cfg.height {
            return Err(Error::InvalidState {
                reason: "more rows than the frame's height",
            });
        }
        let n = self.work_len();
        feeder.rows.push_row(row, &self.geom, &mut self.cur[..n])
    }

    /// Ends the open frame once all its rows arrived; the observation equals
    /// [`push`](Self::push) of the whole frame.
    pub fn end_frame<const MAX_WIDTH: usize>(
        &mut self,
        feeder: &mut RowFeeder<MAX_WIDTH>,
    ) -> Result<FrameObservation, Error> {
        if !self.in_frame {
            return Err(Error::InvalidState {
                reason: "end_frame without begin_frame",
            });
        }
        if feeder.rows.rows_received() != self.cfg.height
            || feeder.rows.size() != (self.cfg.width, self.cfg.height)
        {
            return Err(Error::InvalidState {
                reason: "end_frame before the frame's last row",
            });
        }
        let stats = feeder.rows.finish()?;
        self.in_frame = false;
        Ok(self.observe(stats, Chroma::None))
    }

    /// Everything after the working copy of the new frame is in `cur`.
    fn observe(&mut self, stats: FrameStats, chroma: Chroma<'_, '_>) -> FrameObservation {
        let g = self.geom;
        let n = self.work_len();
        let first = self.frames == 0;
        let motion = working::blur_motion(
            &self.cur[..n],
            g.width,
            g.height,
            &mut self.blur[..n],
            !first,
        );

        let mut cells = [0f32; CELLS];
        let mut signed = [0f32; CELLS];
        let (mafd, step) = if first {
            (0.0, 0.0)
        } else {
            working::cell_changes(
                &self.cur[..n],
                &self.prev[..n],
                g.width,
                g.height,
                &mut cells,
                &mut signed,
            )
        };
        let mafd_pct = mafd * 100.0 / 256.0;
        let scene_score = self.cuts.scene_score(mafd_pct, first);

        // Freeze: the difference from the still run's first frame.
        let freeze_diff = self.freeze.observe(&self.cur[..n], first);

        // Global translation from the brightness profiles.
        let ((shift_x, ok_x), (shift_y, ok_y)) =
            self.shift.observe(&self.cur[..n], g.width, g.height, first);
        // Each profile is matched alone, and a large move along the other axis (shake moves
        // both) can leave it unalignable: the pair is then checked on the frames themselves.
        let shift_reliable = (ok_x && ok_y)
            || ((shift_x, shift_y) != (0, 0) && {
                let cur = self.cur.get(..n).unwrap_or_default();
                let prev = self.prev.get(..n).unwrap_or_default();
                let at = |sx, sy| working::correlation(cur, prev, g.width, g.height, sx, sy);
                let moved = at(shift_x, shift_y);
                moved >= SAME_PICTURE_CORRELATION && moved > at(0, 0)
            });

        // Generative artefacts: the per-cell residual around the camera's translation.
        let artefacts = if first {
            (0, 0)
        } else {
            let global = shift_reliable.then_some((shift_x, shift_y));
            self.observe_artefacts(global, scene_score >= SCENE_THRESHOLD)
        };

        // Colour: the largest chroma jump of a still cell, and at a cut candidate the new
        // shot's new colours.
        let (cur, prev) = (&self.cur[..n], &self.prev[..n]);
        let pan = if shift_reliable {
            let cells = |s: i32, len: usize| f64::from(s) * GRID as f64 / len.max(1) as f64;
            (cells(shift_x, g.width), cells(shift_y, g.height))
        } else {
            (0.0, 0.0)
        };
        let changes = CellChanges {
            sad: &cells,
            signed: &signed,
            step,
            pan,
        };
        let color = self.chroma.observe(
            &chroma,
            &changes,
            scene_score >= SCENE_THRESHOLD,
            |panned| {
                if shift_reliable && (shift_x, shift_y) != (0, 0) {
                    let shift = (shift_x, shift_y);
                    working::cell_changes_shifted(cur, prev, g.width, g.height, shift, panned);
                }
            },
        );
        if S::ENABLED {
            self.observe_salient(&chroma, scene_score);
        }

        // A cut candidate that is the same picture relit is no cut (a flash if it returns).
        // (The translation is read from brightness profiles, which a relighting also changes:
        // the frames are compared both where it puts them and in place.)
        let relit = scene_score >= SCENE_THRESHOLD && {
            let cur = self.cur.get(..n).unwrap_or_default();
            let prev = self.prev.get(..n).unwrap_or_default();
            let same = |sx, sy| {
                working::correlation(cur, prev, g.width, g.height, sx, sy)
                    >= SAME_PICTURE_CORRELATION
            };
            same(0, 0)
                || (shift_reliable && (shift_x, shift_y) != (0, 0) && same(shift_x, shift_y))
                // A relighting can also hide the translation from the profiles: a small
                // search around the frame's place (only at cut candidates, which are rare;
                // not on working frames so small that a shifted overlap means little).
                || (g.width.min(g.height) >= 8 * RELIT_SEARCH as usize
                    && (-RELIT_SEARCH..=RELIT_SEARCH).any(|dy| {
                    (-RELIT_SEARCH..=RELIT_SEARCH).any(|dx| (dx, dy) != (0, 0) && same(dx, dy))
                }))
        };
        let index = self.frames;
        self.track_cut(index, scene_score, color.palette, relit);
        self.frames += 1;
        let rec = record(
            &stats,
            motion,
            mafd,
            freeze_diff,
            shift_reliable.then_some((shift_x, shift_y)),
            (color.jump, color.place),
            artefacts,
        );
        self.series.push(rec);
        let f = g.factor as f64;
        FrameObservation {
            index,
            stats,
            motion,
            mafd,
            scene_score,
            shift_x: f64::from(shift_x) * f,
            shift_y: f64::from(shift_y) * f,
            chroma_jump: color.jump,
            freeze_diff,
        }
    }

    /// Feeds the salient tracker the new frame's chroma map; at a cut candidate (as
    /// [`track_cut`](Self::track_cut) opens one) it compares the two shots.
    #[inline(never)]
    fn observe_salient(&mut self, chroma: &Chroma<'_, '_>, scene_score: f64) {
        let mut map = [[128u8; 2]; salient::MAP_CELLS];
        let map = match chroma {
            Chroma::Yuv(f) => {
                salient::chroma_map_planes(&f.u, &f.v, &mut map);
                Some(&map)
            }
            Chroma::Rgb(rgb) => {
                salient::chroma_map_rgb(rgb, &mut map);
                Some(&map)
            }
            Chroma::None => None,
        };
        let cut = self.cuts.opens(self.frames, scene_score);
        let (g, n) = (self.geom, self.work_len());
        let (prev, cur) = (
            self.prev.get(..n).unwrap_or_default(),
            self.cur.get(..n).unwrap_or_default(),
        );
        let luma = (prev, cur, g.width, g.height);
        self.salient.push(self.frames, map, cut, luma);
    }

    /// Cut candidates, flash suppression and confirmation ([`CutTracker::track`]); a confirmed
    /// cut confirms the salient tracker's comparison there.
    fn track_cut(&mut self, index: u32, score: f64, palette: u8, relit: bool) {
        let n = self.work_len();
        let (cur, prev) = (&self.cur[..n], &self.prev[..n]);
        if let Some(frame) = self.cuts.track(index, (score, palette, relit), cur, prev) {
            self.salient.confirm(frame);
        }
    }

    /// Feeds the artefact trackers the new working frame; the record's boiling and popping
    /// counts.
    #[cfg(feature = "artefacts")]
    fn observe_artefacts(&mut self, global: Option<(i32, i32)>, cut: bool) -> (u8, u8) {
        let (g, n) = (self.geom, self.work_len());
        let boil_frames = self.cfg.frames(BOIL_MIN_SECONDS).min(255) as u8;
        let pop_join = self.cfg.frames(POP_JOIN_SECONDS).min(255) as u8;
        let flight = self.flight_frame();
        self.artefacts.observe(
            self.frames,
            &self.cur[..n],
            &self.prev[..n],
            (g.width, g.height),
            global,
            cut,
            (boil_frames, pop_join),
            &flight,
            &mut self.flights,
        )
    }

    /// Without the `artefacts` feature nothing is measured.
    #[cfg(not(feature = "artefacts"))]
    fn observe_artefacts(&mut self, _global: Option<(i32, i32)>, _cut: bool) -> (u8, u8) {
        (0, 0)
    }

    /// The implausible flights and the pops of the clip (call once, at its end).
    fn finish_artefacts(&mut self) -> ArtefactEvents {
        #[cfg(feature = "artefacts")]
        {
            let flight = self.flight_frame();
            let (flights, pops) = self.artefacts.finish(&flight, &mut self.flights);
            (
                heapless::Vec::from_slice(flights).unwrap_or_default(),
                heapless::Vec::from_slice(pops).unwrap_or_default(),
            )
        }
        #[cfg(not(feature = "artefacts"))]
        {
            (heapless::Vec::new(), heapless::Vec::new())
        }
    }

    /// Where cells boiled so far (none without the `artefacts` feature).
    fn boil_place(&self) -> super::residual::CellBox {
        #[cfg(feature = "artefacts")]
        {
            self.artefacts.boil_place()
        }
        #[cfg(not(feature = "artefacts"))]
        {
            super::residual::CellBox::EMPTY
        }
    }

    /// The working geometry and rate flights are judged in.
    #[cfg(feature = "artefacts")]
    fn flight_frame(&self) -> FlightFrame {
        FlightFrame {
            width: self.geom.width,
            height: self.geom.height,
            fps: self.cfg.fps,
            min_frames: self.cfg.frames(FLIGHT_MIN_SECONDS) as u32,
            scale: (self.geom.factor * self.analysis) as f32,
        }
    }

    /// Ends the clip and returns its verdict. Errors if no frame was pushed or it was already
    /// finished.
    pub fn finish(&mut self) -> Result<ClipReport, Error> {
        if !self.configured || self.finished || self.in_frame {
            return Err(Error::InvalidState {
                reason: "finish called twice, before configuration or inside a frame",
            });
        }
        if self.frames == 0 {
            return Err(Error::Empty {
                name: "clip (no frames pushed)",
            });
        }
        if let Some(frame) = self.cuts.finish() {
            self.salient.confirm(frame);
        }
        self.finished = true;
        let (flights, pops) = self.finish_artefacts();
        let ctx = Context {
            cfg: &self.cfg,
            frames: self.frames as usize,
            cuts: self.cuts.cuts(),
            cut_palette: self.cuts.palette(),
            flashes: self.cuts.flashes(),
            work_width: self.geom.width,
            analysis_factor: self.analysis_factor(),
            flights: &flights,
            pops: &pops,
            boil_place: self.boil_place(),
            salient: self.salient.events(),
        };
        let (defects, near, metrics, score) = analyze(&self.series, &ctx);
        Ok(ClipReport {
            score,
            defects,
            near,
            cuts: self.cuts.cuts().clone(),
            metrics,
            audio: None,
            verdict: super::config::VerdictConfig::DEFAULT,
        })
    }
}

fn record(
    s: &FrameStats,
    motion: f64,
    mafd: f64,
    freeze_diff: f64,
    shift: Option<(i32, i32)>,
    (jump, chroma_place): (f64, super::residual::CellBox),
    (boil, pop): (u8, u8),
) -> Record {
    let var = s.rms_contrast * 255.0;
    Record {
        mean: s.mean as f32,
        sharpness: s.sharpness as f32,
        variance: (var * var) as f32,
        noise: s.noise_sigma as f32,
        blockiness: s.blockiness as f32,
        contrast: s.rms_contrast as f32,
        black: s.black_fraction as f32,
        white: s.white_fraction as f32,
        p90: s.p90 as f32,
        motion: motion as f32,
        mafd: mafd as f32,
        freeze_diff: freeze_diff as f32,
        // NaN marks a translation the profiles could not explain (see `best_shift`).
        shift_x: shift.map_or(f32::NAN, |s| s.0 as f32),
        shift_y: shift.map_or(f32::NAN, |s| s.1 as f32),
        chroma_jump: jump as f32,
        chroma_place,
        boil,
        pop,
    }
}

// State budgets, checked at compile time (the "On-device budgets" table of docs/device.md).
const _: () = assert!(ClipScorer::STATE_BYTES <= 256 * 1024);
const _: () = assert!(DeviceClipScorer::STATE_BYTES <= 32 * 1024);
const _: () = assert!(RowFeeder::<320>::STATE_BYTES <= 9 * 1024);
const _: () = assert!(RowFeeder::<640>::STATE_BYTES <= 11 * 1024);
