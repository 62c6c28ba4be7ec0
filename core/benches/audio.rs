//! The AudioScorer on 48 kHz stereo, one core (target ≥ 500× real time, i.e. ≤ 2 ms per
//! second of audio). Run: `cargo bench -p reelscore --bench audio`.
//! Criterion's throughput is in samples per channel: divide by 48 000 for × real time.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use reelscore::audio::{AudioConfig, AudioScorer};
use std::hint::black_box;

const RATE: u32 = 48_000;

/// Ten seconds of "speech-like" stereo: a gliding harmonic tone, syllable gating and noise.
fn signal(seconds: usize) -> Vec<f32> {
    let n = RATE as usize * seconds;
    let mut s = 0x9e37_79b9u64;
    let mut v = Vec::with_capacity(2 * n);
    let mut phase = 0.0f64;
    for i in 0..n {
        let t = i as f64 / f64::from(RATE);
        let f0 = 140.0 * (1.0 + 0.2 * (2.0 * std::f64::consts::PI * 0.7 * t).sin());
        phase += 2.0 * std::f64::consts::PI * f0 / f64::from(RATE);
        let gate = if (t * 4.0).fract() < 0.7 { 1.0 } else { 0.05 };
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let noise = ((s >> 40) as f64 / (1u64 << 24) as f64 - 0.5) * 0.02;
        let x = gate * (0.3 * phase.sin() + 0.1 * (2.0 * phase).sin() + 0.05 * (3.0 * phase).sin())
            + noise;
        v.push(x as f32);
        v.push((0.8 * x) as f32);
    }
    v
}

fn bench(c: &mut Criterion) {
    let x = signal(10);
    let xi: Vec<i16> = x.iter().map(|v| (v * 32767.0) as i16).collect();
    let cfg = AudioConfig::new(RATE, 2).unwrap();
    let mut scorer = Box::new(AudioScorer::new(cfg).unwrap());
    let mut g = c.benchmark_group("audio_48k_stereo_10s");
    g.throughput(Throughput::Elements(x.len() as u64 / 2));
    g.sample_size(20);
    g.bench_function("push_f32_and_report", |b| {
        b.iter(|| {
            scorer.reset(cfg).unwrap();
            for block in x.chunks(2 * 1024) {
                scorer.push_f32(black_box(block)).unwrap();
            }
            black_box(scorer.report())
        })
    });
    g.bench_function("push_i16_and_report", |b| {
        b.iter(|| {
            scorer.reset(cfg).unwrap();
            for block in xi.chunks(2 * 1024) {
                scorer.push_i16(black_box(block)).unwrap();
            }
            black_box(scorer.report())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
