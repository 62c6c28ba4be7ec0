//! The full ClipScorer on 1920×1080 frames, one core (target ≥ 300 fps).
//! Run: `cargo bench -p reelscore --bench clip_scorer`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use reelscore::Plane;
use reelscore::clip::{ClipConfig, ClipScorer};
use reelscore::metrics::frame_stats;
use std::hint::black_box;

const W: usize = 1920;
const H: usize = 1080;

fn frames() -> Vec<Vec<u8>> {
    let mut s = 0x9e37_79b9u64;
    (0..8)
        .map(|t| {
            (0..W * H)
                .map(|i| {
                    s ^= s << 13;
                    s ^= s >> 7;
                    s ^= s << 17;
                    let (x, y) = (i % W + 4 * t, i / W);
                    (((x / 3 + y / 2) % 200) as u8).wrapping_add((s >> 61) as u8)
                })
                .collect()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
