//! Full-size frames, built from a short input, into the clip scorer: the geometries users feed
//! (1080p, 720p, portrait, 1440p, DCI, 4K sparingly, their odd neighbours, extreme strips and
//! free sizes up to 9 Mpx), luma / YUV 4:2:0 full and limited range / RGB, whole frames or row by
//! row, packed or strided, under the default, fast, full-resolution and smallest analysis
//! budgets, in the default and the device scorer. So binning at every factor, the k = 2 pair
//! noise, the working copy's strips and row feeding at every width are reached, which the
//! small-frame `clip_scorer` target never does.
//!
//! Input: byte 0 the geometry, byte 1 the mode bits, byte 2 the generator and its parameter,
//! byte 3 the seed, then one byte per frame (a shift of the canvas right or down, the same
//! frame again, or a cut to a new picture). Pixels come from a seeded generator (constant,
//! noise, tiles, gradients, 8×8 blocks, a mixture) over a canvas 8 pixels larger than the
//! frame each way, generated once per picture; frames are views into it. Inputs push at most
//! [`PIXEL_BUDGET`] pixels (three 1080p frames) and at least two frames (so 4K inputs push
//! two), so an input costs what a few decoded frames cost: this target runs a few executions a
//! second, not thousands, and long runs of it are measured in hours, not executions.
//!
//! Checks, each true by construction: every well-formed frame is accepted (row feeding is
//! refused exactly when the analysis rows are wider than the feeder); row-fed frames observe
//! exactly what a twin fed the same frames whole observes; a constant picture reads as
//! constant (mean = p10 = p90 = the value, or its full-range expansion for limited luma; no
//! contrast, sharpness, gradient, noise or entropy; no motion from the frame before); the same
//! frame pushed again shows no change; every figure is finite; the report's score, defect
//! spans and cuts are in range and its deductions add up.
#![no_main]

use core_rs::clip::config::{ANALYSIS_MAX_WIDTH, FREEZE_NOISE};
use core_rs::clip::{
    ClipConfig, ClipScorerWith, DeviceClipScorer, FrameObservation, RowFeeder,
    config::{FAST_ANALYSIS_PIXELS, SERIES_RECORDS, WORK_PIXELS},
};
use core_rs::clip::flight_paths::FlightLog;
use core_rs::detect::salient::SalientSlot;
use core_rs::{Plane, RgbImage, Yuv420};
use libfuzzer_sys::fuzz_target;

/// The geometries of byte 0 below 200 (taken modulo the table's length).
const GEOMETRIES: &[(usize, usize)] = &[
    (1920, 1080),
    (1080, 1920),
    (1280, 720),
    (720, 1280),
    (1281, 721),
    (1279, 719),
    (1919, 1079),
    (1921, 1081),
    (1081, 1919),
    (854, 480),
    (480, 854),
    (640, 480),
    (640, 360),
    (1366, 768),
    (1440, 1080),
    (2048, 1080),
    (2560, 1440),
    (1440, 2560),
    (1000, 1000),
    (1024, 1024),
    (176, 144),
    (33, 17),
    (3, 3),
    (1, 1),
    (7, 4099),
    (4097, 9),
    (16384, 3),
    (8200, 40),
    (2, 16384),
    (641, 481),
];

/// The geometries of byte 0 ≥ 248: 4K and its neighbours (8 of 256 first bytes).
const LARGE: &[(usize, usize)] = &[
    (3840, 2160),
    (2160, 3840),
    (4096, 2160),
    (3839, 2159),
    (3841, 2161),
    (4096, 4096),
    (3840, 1600),
    (5120, 2160),
];

/// Pixels one input pushes at most (frames beyond are dropped; the first two always go in).
const PIXEL_BUDGET: usize = 3 * 1920 * 1080;
/// Canvas margin each way: the largest shift a frame op makes.
const PAD: usize = 8;
/// Widest analysis row the row feeder takes ([`ANALYSIS_MAX_WIDTH`]: every binned frame fits,
/// frames measured whole fit up to that width).
type Feeder = RowFeeder<ANALYSIS_MAX_WIDTH>;

/// The default scorer's capacities ([`core_rs::clip::ClipScorer`]).
type Full = ClipScorerWith<WORK_PIXELS, SERIES_RECORDS>;

/// splitmix64: the generator's noise (fast, and every seed gives a different stream).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A picture generator: `kind` 0–7, `param` 0–31, `seed` any.
#[derive(Clone, Copy)]
struct Gen {
    kind: u8,
    param: u8,
    seed: u8,
}

impl Gen {
    fn is_constant(self) -> bool {
        self.kind == 0
    }

    /// Sample `c` (channel) at `(x, y)` of a canvas `w` wide and `h` high.
    fn at(self, x: usize, y: usize, c: usize, w: usize, h: usize) -> u8 {
        let s = self.seed as usize + 37 * c;
        let p = self.param as usize;
        let noise = |amp: usize| {
            let r = mix(((y * w + x) as u64) << 8 | (s as u64 & 0xFF)) as usize;
            r % (2 * amp + 1)
        };
        let v = match self.kind {
            0 => s,
            1 => noise(127), // (the canvas draws kind 1 faster, see `canvas`)
            2 => {
                let t = 1 + p * 2;
                if (x / t + y / t) % 2 == 0 { s } else { s + 128 }
            }
            3 => x * 255 / w.max(2) + s,
            4 => y * 255 / h.max(2) + s,
            5 => (x + y) * 255 / (w + h).max(2) + noise(p % 16) + s,
            6 => mix((((y / 8) * w.div_ceil(8) + x / 8) as u64) << 8 | s as u64) as usize,
            _ => {
                let t = 4 + p;
                x * 128 / w.max(2) + if (x / t + y / t) % 2 == 0 { 0 } else { 64 } + noise(3)
            }
        };
        v as u8
    }

    /// A `w × h` canvas of `channels` interleaved samples per pixel.
    /// A `w × h` canvas of `channels` interleaved samples per pixel. Rows are computed once
    /// and copied wherever the pattern repeats them (a 4K canvas is 25 M samples), and noise
    /// takes 8 samples per generator call.
    fn canvas(self, w: usize, h: usize, channels: usize) -> Vec<u8> {
        let rw = w * channels;
        let mut buf = vec![0u8; rw * h];
        let row_of = |y: usize, row: &mut [u8]| {
            for (i, v) in row.iter_mut().enumerate() {
                *v = self.at(i / channels, y, i % channels, w, h);
            }
        };
        // Rows equal to the row above except every `period` rows.
        let period = match self.kind {
            0 | 3 => h,
            2 => 1 + usize::from(self.param) * 2,
            6 => 8,
            1 => {
                let salt = u64::from(self.seed) << 56;
                for (i, chunk) in buf.chunks_mut(8).enumerate() {
                    let r = mix(i as u64 ^ salt).to_le_bytes();
                    chunk.copy_from_slice(&r[..chunk.len()]);
                }
                return buf;
            }
            _ => 1,
        };
        for y in 0..h {
            let (done, rest) = buf.split_at_mut(y * rw);
            let row = &mut rest[..rw];
            if y % period == 0 {
                if self.kind == 4 {
                    // One pixel, repeated along the row.
                    row_of(y, &mut row[..channels]);
                    for x in 1..w {
                        row.copy_within(..channels, x * channels);
                    }
                } else {
                    row_of(y, row);
                }
            } else {
                row.copy_from_slice(&done[(y - 1) * rw..]);
            }
        }
        buf
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Colour {
    Luma,
    Yuv,
    YuvLimited,
    Rgb,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Feed {
    Whole,
    Rows,
    /// Rows on even frames, whole on odd ones.
    Alternate,
}

/// One picture and the views frames take of it.
struct Picture {
    pattern: Gen,
    /// Luma (or RGB, interleaved) canvas, `(w + PAD) × (h + PAD)`.
    main: Vec<u8>,
    /// Chroma canvases, `(⌈w/2⌉ + PAD/2) × (⌈h/2⌉ + PAD/2)` each (YUV only).
    u: Vec<u8>,
    v: Vec<u8>,
}

impl Picture {
    fn new(pattern: Gen, w: usize, h: usize, colour: Colour) -> Self {
        let (cw, ch) = (w + PAD, h + PAD);
        let channels = if colour == Colour::Rgb { 3 } else { 1 };
        let (uw, uh) = (w.div_ceil(2) + PAD / 2, h.div_ceil(2) + PAD / 2);
        let yuv = matches!(colour, Colour::Yuv | Colour::YuvLimited);
        let chroma = |k: u8| {
            if yuv {
                Gen {
                    seed: pattern.seed.wrapping_add(k),
                    ..pattern
                }
                .canvas(uw, uh, 1)
            } else {
                Vec::new()
            }
        };
        Picture {
            pattern,
            main: pattern.canvas(cw, ch, channels),
            u: chroma(85),
            v: chroma(170),
        }
    }
}

fn finite(o: &FrameObservation) {
    let s = &o.stats;
    for (name, v) in [
        ("sharpness", s.sharpness),
        ("tenengrad", s.tenengrad),
        ("mean", s.mean),
        ("p10", s.p10),
        ("p90", s.p90),
        ("black", s.black_fraction),
        ("white", s.white_fraction),
        ("contrast", s.rms_contrast),
        ("noise", s.noise_sigma),
        ("blockiness", s.blockiness),
        ("entropy", s.entropy),
        ("motion", o.motion),
        ("mafd", o.mafd),
        ("scene", o.scene_score),
        ("shift_x", o.shift_x),
        ("shift_y", o.shift_y),
        ("chroma_jump", o.chroma_jump),
        ("freeze_diff", o.freeze_diff),
    ] {
        assert!(v.is_finite(), "{name} = {v} in {o:?}");
    }
    assert!((0.0..=255.0).contains(&s.mean) && s.p10 <= s.p90, "{o:?}");
    assert!((0.0..=100.0).contains(&o.scene_score), "{o:?}");
}

/// The full-range code a limited-range (16–235) luma code stands for, rounded to nearest
/// (no code lands on a half: 255/219 · v is a half only for v = 73·k/2, never an integer).
fn expand(y: u8) -> f64 {
    let v = u32::from(y.clamp(16, 235) - 16);
    f64::from((v * 255 + 109) / 219)
}

struct Run {
    w: usize,
    h: usize,
    colour: Colour,
    feed: Feed,
    packed: bool,
}

/// Pushes frame `i` (the view at `(dx, dy)` of `pic`) into `s`, and whole into `twin` when
/// the frame goes in row by row. Returns `s`'s observation.
fn push_frame<const P: usize, const R: usize, S: SalientSlot, L: FlightLog>(
    run: &Run,
    pic: &Picture,
    (dx, dy): (usize, usize),
    i: usize,
    s: &mut ClipScorerWith<P, R, S, L>,
    twin: &mut ClipScorerWith<P, R, S, L>,
    feeder: &mut Feeder,
    scratch: &mut Vec<u8>,
) -> FrameObservation {
    let (w, h) = (run.w, run.h);
    let stride = w + PAD;
    match run.colour {
        Colour::Luma => {
            let packed: Vec<u8>;
            let view = &pic.main[dy * stride + dx..];
            let p = if run.packed {
                packed = (0..h)
                    .flat_map(|y| &view[y * stride..y * stride + w])
                    .copied()
                    .collect();
                Plane::packed(&packed, w, h).unwrap()
            } else {
                Plane::new(view, w, h, stride).unwrap()
            };
            let rows = match run.feed {
                Feed::Whole => false,
                Feed::Rows => true,
                Feed::Alternate => i % 2 == 0,
            };
            if !rows {
                let a = s.push(&p).expect("whole luma frame refused");
                if run.feed != Feed::Whole {
                    let b = twin.push(&p).expect("twin refused a whole frame");
                    assert_eq!(format!("{a:?}"), format!("{b:?}"), "twins differ");
                }
                return a;
            }
            let k = s.analysis_factor();
            let fits = w / k <= ANALYSIS_MAX_WIDTH;
            let began = s.begin_frame(feeder);
            assert_eq!(began.is_ok(), fits, "{w}×{h} k {k}: {began:?}");
            let b = twin.push(&p).expect("twin refused a whole frame");
            if !fits {
                // Too wide to stream: the frame goes in whole (as callers then must).
                let a = s.push(&p).expect("whole luma frame refused");
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "twins differ");
                return a;
            }
            for row in p.rows() {
                s.push_row(feeder, row).expect("row refused");
            }
            let a = s.end_frame(feeder).expect("end_frame refused");
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "rows vs whole");
            a
        }
        Colour::Yuv | Colour::YuvLimited => {
            let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
            let cs = cw + PAD / 2;
            let y = Plane::new(&pic.main[dy * stride + dx..], w, h, stride).unwrap();
            let at = dy / 2 * cs + dx / 2;
            let u = Plane::new(&pic.u[at..], cw, ch, cs).unwrap();
            let v = Plane::new(&pic.v[at..], cw, ch, cs).unwrap();
            let f = Yuv420::new(y, u, v).unwrap();
            if run.colour == Colour::Yuv {
                s.push_yuv420(&f).expect("YUV frame refused")
            } else {
                scratch.resize(w * h, 0);
                s.push_yuv420_limited(&f, scratch)
                    .expect("limited YUV frame refused")
            }
        }
        Colour::Rgb => {
            let rs = 3 * stride;
            let img = RgbImage::new(&pic.main[dy * rs + 3 * dx..], w, h, rs).unwrap();
            scratch.resize(w * h, 0);
            s.push_rgb(&img, scratch).expect("RGB frame refused")
        }
    }
}

fn score<const P: usize, const R: usize, S: SalientSlot, L: FlightLog>(
    data: &[u8],
    run: &Run,
    cfg: ClipConfig,
    s: &mut ClipScorerWith<P, R, S, L>,
    twin: &mut ClipScorerWith<P, R, S, L>,
    feeder: &mut Feeder,
) {
    s.reset(cfg).unwrap();
    twin.reset(cfg).unwrap();
    let (w, h) = (run.w, run.h);
    let mut pattern = Gen {
        kind: data[2] % 8,
        param: data[2] >> 3,
        seed: data[3],
    };
    let mut pic = Picture::new(pattern, w, h, run.colour);
    let mut scratch = Vec::new();
    let frames = (PIXEL_BUDGET / (w * h)).max(2);
    let ops = data.get(4..).unwrap_or(&[]);
    let mut pos = (0, 0);
    let mut pushed = 0u32;
    for (i, &op) in [0u8].iter().chain(ops).take(frames).enumerate() {
        // Whether this frame equals the one before: pushed again, or a shifted view of a
        // constant picture.
        let mut same = i > 0;
        match (op & 3, i) {
            (_, 0) => {}
            (0, _) => {
                pos.0 = (pos.0 + 1 + usize::from(op >> 2) % PAD) % (PAD + 1);
                same = pic.pattern.is_constant();
            }
            (1, _) => {
                pos.1 = (pos.1 + 1 + usize::from(op >> 2) % PAD) % (PAD + 1);
                same = pic.pattern.is_constant();
            }
            (2, _) => {}
            _ => {
                pattern = Gen {
                    kind: (op >> 2) % 8,
                    param: op >> 5,
                    seed: pattern.seed.wrapping_add(op),
                };
                pic = Picture::new(pattern, w, h, run.colour);
                same = false;
            }
        }
        let o = push_frame(run, &pic, pos, i, s, twin, feeder, &mut scratch);
        pushed += 1;
        finite(&o);
        assert_eq!(o.index as usize, i);
        if same {
            assert!(
                o.mafd == 0.0 && o.motion == 0.0 && o.scene_score == 0.0,
                "a frame pushed again changed: {o:?}"
            );
            // The freeze reference is this frame or one within the freeze noise of it.
            assert!(o.freeze_diff <= FREEZE_NOISE, "{o:?}");
        }
        if pic.pattern.is_constant() {
            let st = &o.stats;
            let want = match run.colour {
                Colour::Luma | Colour::Yuv => Some(f64::from(pic.pattern.at(0, 0, 0, 1, 1))),
                Colour::YuvLimited => Some(expand(pic.pattern.at(0, 0, 0, 1, 1))),
                Colour::Rgb => None, // the BT.601 luma of the colour, whatever it rounds to
            };
            if let Some(v) = want {
                assert_eq!(st.mean, v, "constant {v}: {o:?}");
            }
            // signalstats percentiles: the first bin whose running count reaches
            // round(n · q) of the n analysis pixels, bin 0 when that is 0 (p10 of n ≤ 5).
            let k = s.analysis_factor();
            let n = (w / k) * (h / k);
            let p10 = if n > 5 { st.mean } else { 0.0 };
            assert!(st.p10 == p10 && st.p90 == st.mean, "{n} px: {o:?}");
            assert!(
                st.rms_contrast == 0.0
                    && st.sharpness == 0.0
                    && st.tenengrad == 0.0
                    && st.noise_sigma == 0.0
                    && st.entropy == 0.0,
                "a constant frame has no structure: {o:?}"
            );
        }
    }
    let r = s.finish().expect("finish refused");
    assert!(
        r.score.is_finite() && (0.0..=100.0).contains(&r.score),
        "{r:?}"
    );
    assert_eq!(r.metrics.frames, pushed);
    for d in &r.defects {
        assert!(d.start <= d.end && d.end < pushed && (0.0..=1.0).contains(&d.severity));
        assert!(d.points.is_finite() && d.points >= 0.0, "{d:?}");
    }
    let points: f64 = r.defects.iter().map(|d| d.points).sum();
    assert!(
        (points - (100.0 - r.score)).abs() < 1e-9,
        "{points} vs {}",
        r.score
    );
    assert!(r.cuts.iter().all(|&c| c < pushed));
    if run.feed != Feed::Whole && run.colour == Colour::Luma {
        let t = twin.finish().expect("twin finish refused");
        assert_eq!(format!("{r:?}"), format!("{t:?}"), "rows vs whole: reports");
    }
}

/// Scorers and the feeder, kept across inputs (reset per input; boxed: the default scorer's
/// state is about 200 KiB).
struct State {
    default: Box<[Full; 2]>,
    device: Box<[DeviceClipScorer; 2]>,
    feeder: Box<Feeder>,
}

thread_local! {
    static STATE: std::cell::RefCell<Option<State>> = const { std::cell::RefCell::new(None) };
}

fn geometry(data: &[u8]) -> Option<(usize, usize)> {
    let b = data[0];
    if b >= 248 {
        return Some(LARGE[usize::from(b - 248)]);
    }
    if b < 200 {
        return Some(GEOMETRIES[usize::from(b) % GEOMETRIES.len()]);
    }
    // A free size: width and height from the seed and parameter bytes, at most 9 Mpx.
    let w = 1 + (usize::from(data[3]) << 4 | usize::from(b - 200) % 16) % 4352;
    let h = 1 + (usize::from(data[2]) << 3 | usize::from(b - 200) / 16) % 2448;
    (w * h <= 9_000_000).then_some((w, h))
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let Some((w, h)) = geometry(data) else {
        return;
    };
    let m = data[1];
    let colour = [Colour::Luma, Colour::Yuv, Colour::YuvLimited, Colour::Rgb][usize::from(m & 3)];
    let feed = [Feed::Whole, Feed::Rows, Feed::Alternate, Feed::Rows][usize::from(m >> 2 & 3)];
    let run = Run {
        w,
        h,
        colour,
        // Row feeding takes luma only.
        feed: if colour == Colour::Luma {
            feed
        } else {
            Feed::Whole
        },
        packed: m & 0x80 != 0,
    };
    let cfg = ClipConfig::new(w, h, 30.0).unwrap();
    let cfg = match m >> 4 & 3 {
        0 => cfg,
        1 => cfg.with_analysis_pixels(FAST_ANALYSIS_PIXELS).unwrap(),
        2 => cfg.with_analysis_pixels(w * h).unwrap(),
        _ => cfg.with_analysis_pixels(1).unwrap(),
    };
    STATE.with(|st| {
        let mut st = st.borrow_mut();
        let st = st.get_or_insert_with(|| {
            let c = ClipConfig::new(1, 1, 30.0).unwrap();
            State {
                default: Box::new([Full::new(c).unwrap(), Full::new(c).unwrap()]),
                device: Box::new([
                    DeviceClipScorer::new(c).unwrap(),
                    DeviceClipScorer::new(c).unwrap(),
                ]),
                feeder: Box::new(Feeder::new()),
            }
        });
        if m & 0x40 != 0 {
            let [s, t] = &mut *st.device;
            score(data, &run, cfg, s, t, &mut st.feeder);
        } else {
            let [s, t] = &mut *st.default;
            score(data, &run, cfg, s, t, &mut st.feeder);
        }
    });
});
