//! The full ClipScorer on 1920×1080 frames (full-range luma, and video-range YUV as decoders
//! deliver it) and on 1280×720 (luma and video-range YUV), one core, under the default analysis
//! budget (1080p binned 2×2, 720p measured whole), the fast one, and with 1080p measured whole
//! (`clip_1080p_whole`; issue 19's targets: 720p whole ≤ 0.45 ms, 1080p whole ≤ 1.0 ms a frame).
//! Run: `cargo bench -p reelscore --bench clip_scorer`. On a machine shared with other work,
//! `REELSCORE_BENCH_CLOCK=cpu` times the benchmark thread's CPU time instead of the wall clock
//! (Linux `CLOCK_THREAD_CPUTIME_ID`), so time spent descheduled is not counted.

use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{Criterion, Throughput};
use reelscore::clip::config::FAST_ANALYSIS_PIXELS;
use reelscore::clip::{ClipConfig, ClipScorer};
use reelscore::metrics::frame_stats;
use reelscore::{Plane, Yuv420};
use std::hint::black_box;

const W: usize = 1920;
const H: usize = 1080;

fn frames() -> Vec<Vec<u8>> {
    frames_of(W, H)
}

/// Eight textured frames drifting four pixels per frame, with a little noise.
fn frames_of(w: usize, h: usize) -> Vec<Vec<u8>> {
    let mut s = 0x9e37_79b9u64;
    (0..8)
        .map(|t| {
            (0..w * h)
                .map(|i| {
                    s ^= s << 13;
                    s ^= s >> 7;
                    s ^= s << 17;
                    let (x, y) = (i % w + 4 * t, i / w);
                    (((x / 3 + y / 2) % 200) as u8).wrapping_add((s >> 61) as u8)
                })
                .collect()
        })
        .collect()
}

fn bench<M: Measurement>(c: &mut Criterion<M>) {
    let frames = frames();
    let mut g = c.benchmark_group("clip_1080p");
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    let cfg = ClipConfig::new(W, H, 30.0).unwrap();
    let mut scorer: Box<ClipScorer> = Box::new(ClipScorer::new(cfg).unwrap());
    let mut i = 0usize;
    g.bench_function("push", |b| {
        b.iter(|| {
            if scorer.frames() >= 900 {
                scorer.reset(cfg).unwrap();
            }
            let f = &frames[i % frames.len()];
            i += 1;
            scorer
                .push(black_box(&Plane::packed(f, W, H).unwrap()))
                .unwrap()
        })
    });
    g.bench_function("frame_stats_only", |b| {
        b.iter(|| frame_stats(black_box(&Plane::packed(&frames[0], W, H).unwrap())).unwrap())
    });
    g.finish();
    luma(c, "clip_720p", 1280, 720, None);
    luma(c, "clip_1080p_whole", W, H, Some(W * H));
    limited(c, "clip_1080p", W, H, None);
    limited(c, "clip_1080p_whole", W, H, Some(W * H));
    limited(c, "clip_720p", 1280, 720, None);
    limited(c, "clip_720p_fast", 1280, 720, Some(FAST_ANALYSIS_PIXELS));
}

/// `push` of full-range luma frames of `w × h` under the default analysis budget or `budget`.
fn luma<M: Measurement>(
    c: &mut Criterion<M>,
    group: &str,
    w: usize,
    h: usize,
    budget: Option<usize>,
) {
    let frames = frames_of(w, h);
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    let cfg = ClipConfig::new(w, h, 30.0).unwrap();
    let cfg = budget.map_or(cfg, |n| cfg.with_analysis_pixels(n).unwrap());
    let mut scorer: Box<ClipScorer> = Box::new(ClipScorer::new(cfg).unwrap());
    let mut i = 0usize;
    g.bench_function("push", |b| {
        b.iter(|| {
            if scorer.frames() >= 900 {
                scorer.reset(cfg).unwrap();
            }
            let f = &frames[i % frames.len()];
            i += 1;
            scorer
                .push(black_box(&Plane::packed(f, w, h).unwrap()))
                .unwrap()
        })
    });
    g.finish();
}

/// `push_yuv420_limited` of video-range frames (luma 16–235, flat chroma) of `w × h`, under the
/// default analysis budget or `budget`.
fn limited<M: Measurement>(
    c: &mut Criterion<M>,
    group: &str,
    w: usize,
    h: usize,
    budget: Option<usize>,
) {
    let frames: Vec<Vec<u8>> = frames_of(w, h)
        .into_iter()
        .map(|f| {
            f.into_iter()
                .map(|v| 16 + (u16::from(v) * 219 / 255) as u8)
                .collect()
        })
        .collect();
    let chroma = vec![128u8; w.div_ceil(2) * h.div_ceil(2)];
    let cp = Plane::packed(&chroma, w.div_ceil(2), h.div_ceil(2)).unwrap();
    let mut scratch = vec![0u8; w * h];
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    let cfg = ClipConfig::new(w, h, 30.0).unwrap();
    let cfg = budget.map_or(cfg, |n| cfg.with_analysis_pixels(n).unwrap());
    let mut scorer: Box<ClipScorer> = Box::new(ClipScorer::new(cfg).unwrap());
    let mut i = 0usize;
    g.bench_function("push_yuv420_limited", |b| {
        b.iter(|| {
            if scorer.frames() >= 900 {
                scorer.reset(cfg).unwrap();
            }
            let f = &frames[i % frames.len()];
            i += 1;
            let y = Plane::packed(f, w, h).unwrap();
            scorer
                .push_yuv420_limited(black_box(&Yuv420::new(y, cp, cp).unwrap()), &mut scratch)
                .unwrap()
        })
    });
    g.finish();
}

/// The calling thread's CPU time (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`), in nanoseconds.
struct ThreadCpu;

#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}

unsafe extern "C" {
    fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
}

/// Linux's `CLOCK_THREAD_CPUTIME_ID`.
const CLOCK_THREAD_CPUTIME_ID: i32 = 3;

fn thread_cpu_ns() -> u64 {
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes it.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    ts.sec as u64 * 1_000_000_000 + ts.nsec as u64
}

impl Measurement for ThreadCpu {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns() - start
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanoseconds
    }
}

/// Values in nanoseconds, shown as ns/µs/ms (CPU time).
struct Nanoseconds;

impl ValueFormatter for Nanoseconds {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = if typical < 1e3 {
            (1.0, "ns cpu")
        } else if typical < 1e6 {
            (1e3, "µs cpu")
        } else {
            (1e6, "ms cpu")
        };
        values.iter_mut().for_each(|v| *v /= div);
        unit
    }
    fn scale_throughputs(&self, _: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let n = match t {
            Throughput::Elements(n) | Throughput::Bytes(n) | Throughput::BytesDecimal(n) => *n,
            _ => 1,
        } as f64;
        values.iter_mut().for_each(|v| *v = n * 1e9 / *v);
        "elem/s cpu"
    }
    fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn main() {
    if std::env::var("REELSCORE_BENCH_CLOCK").as_deref() == Ok("cpu") {
        let mut c = Criterion::default()
            .with_measurement(ThreadCpu)
            .configure_from_args();
        bench(&mut c);
        c.final_summary();
    } else {
        let mut c = Criterion::default().configure_from_args();
        bench(&mut c);
        c.final_summary();
    }
}
