//! The synthetic clip (tests/firmware/clip.json, from its tape) through [`DeviceClipScorer`]:
//! row by row as a camera would deliver it, and, in the test bench, also as whole frames —
//! the two must agree exactly (checked here).

use crate::Must;
use crate::out::Out;
use crate::recipes::build;
use crate::stats;
use crate::tape;
#[cfg(feature = "vectors")]
use reelscore::Plane;
use reelscore::clip::{ClipConfig, DeviceClipScorer, FrameObservation, RowFeeder};

/// Widest clip frame, and most pixels (64 × 48).
const MAX_WIDTH: usize = 64;
const MAX_PIXELS: usize = MAX_WIDTH * 48;
/// Room for the clip's tape (1.8 KB today).
const TAPE_BYTES: usize = 4096;

fn frame_line<'o>(o: &'o mut Out, k: usize, key: &str) -> &'o mut Out {
    o.s("clip:frames[").u(k as u64).s("].").s(key)
}

fn print_observation(o: &mut Out, k: usize, ob: &FrameObservation) {
    let fields = [
        ("motion", ob.motion),
        ("mafd", ob.mafd),
        ("scene_score", ob.scene_score),
        ("shift_x", ob.shift_x),
        ("shift_y", ob.shift_y),
        ("chroma_jump", ob.chroma_jump),
        ("freeze_diff", ob.freeze_diff),
    ];
    for (name, v) in fields {
        frame_line(o, k, name).value::<()>(Ok(v));
    }
    for (name, v) in stats::NAMES.iter().zip(stats::values(&ob.stats)) {
        frame_line(o, k, name).value::<()>(Ok(v));
    }
}

#[inline(never)] // its own symbol, so `nm --size-sort` attributes flash per section
pub fn run(o: &mut Out) {
    let mut tape_buf = [0u8; TAPE_BYTES];
    let mut t = tape::load(tape::CLIP, &mut tape_buf);
    let (w, h, fps) = (t.u32(), t.u32(), t.f64());
    let n = w * h;
    assert!(n <= MAX_PIXELS, "clip frames larger than the buffer");
    let cfg = ClipConfig::new(w, h, fps).must();
    // The whole-frame scorer is the reference; the scorer firmware (no `vectors`) streams rows
    // only.
    #[cfg(feature = "vectors")]
    let mut whole = DeviceClipScorer::new(cfg).must();
    let mut rows = DeviceClipScorer::new(cfg).must();
    let mut feeder = RowFeeder::<MAX_WIDTH>::new();
    let samples = &mut [0u16; MAX_PIXELS];
    let frame = &mut [0u8; MAX_PIXELS];
    for k in 0..t.u32() {
        build(&mut t, samples);
        for (d, s) in frame[..n].iter_mut().zip(&samples[..n]) {
            *d = *s as u8;
        }
        rows.begin_frame(&mut feeder).must();
        for row in frame[..n].chunks_exact(w) {
            rows.push_row(&mut feeder, row).must();
        }
        let b = rows.end_frame(&mut feeder).must();
        #[cfg(feature = "vectors")]
        {
            let a = whole.push(&Plane::packed(&frame[..n], w, h).must()).must();
            assert!(a == b, "row-streamed observation differs");
        }
        print_observation(o, k, &b);
    }
    t.finish();
    let report = rows.finish().must();
    #[cfg(feature = "vectors")]
    {
        assert!(
            report == whole.finish().must(),
            "row-streamed report differs"
        );
        o.s("rows:clip equal").end();
    }
    print_report(o, &report);
}

fn print_report(o: &mut Out, report: &reelscore::clip::ClipReport) {
    o.s("clip:score").value::<()>(Ok(report.score));
    for (i, d) in report.defects.iter().enumerate() {
        let line = |o: &mut Out, key: &str| {
            o.s("clip:defects[").u(i as u64).s("].").s(key).s(" ");
        };
        line(o, "kind");
        o.s(d.kind.name()).end();
        line(o, "start");
        o.u(d.start.into()).end();
        line(o, "end");
        o.u(d.end.into()).end();
        o.s("clip:defects[")
            .u(i as u64)
            .s("].severity")
            .value::<()>(Ok(d.severity));
    }
    for (i, c) in report.cuts.iter().enumerate() {
        o.s("clip:cuts[").u(i as u64).s("] ").u((*c).into()).end();
    }
    let m = &report.metrics;
    o.s("clip:metrics.frames ").u(m.frames.into()).end();
    o.s("clip:metrics.shots ").u(m.shots.into()).end();
    o.s("clip:metrics.flashes ").u(m.flashes.into()).end();
    for (k, v) in [
        ("duration", m.duration),
        ("motion", m.motion),
        ("dynamic_degree", m.dynamic_degree),
        ("vbench_flicker", m.vbench_flicker),
        ("sharpness", m.sharpness),
        ("noise", m.noise),
        ("blockiness", m.blockiness),
        ("brightness", m.brightness),
        ("contrast", m.contrast),
        ("frozen_share", m.frozen_share),
        ("max_chroma_jump", m.max_chroma_jump),
    ] {
        o.s("clip:metrics.").s(k).value::<()>(Ok(v));
    }
}
