//! Frame metrics on one 1920×1080 luma pair, one core. Targets (issue 2): SSIM ≥ 100 fps,
//! PSNR ≥ 3000 fps, sharpness ≥ 1000 fps. Run: `cargo bench -p reelscore --bench frame_metrics`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use reelscore::Plane;
use reelscore::metrics::{self, ms_ssim::MsSsimConvention};
use std::hint::black_box;

const W: usize = 1920;
const H: usize = 1080;

fn frames() -> (Vec<u8>, Vec<u8>) {
    let mut s = 0x1234_5678u64;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 56) as u8
    };
    let a: Vec<u8> = (0..W * H)
        .map(|i| (((i % W) / 3 + (i / W) / 2) as u8).wrapping_add(next() / 16))
        .collect();
    let b: Vec<u8> = a.iter().map(|&v| v.saturating_add(next() / 32)).collect();
    (a, b)
}

fn bench(c: &mut Criterion) {
    let (a, b) = frames();
    let pa = Plane::packed(&a, W, H).unwrap();
    let pb = Plane::packed(&b, W, H).unwrap();
    let mut g = c.benchmark_group("1080p");
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    g.bench_function("psnr", |bn| {
        bn.iter(|| metrics::mse::psnr(black_box(&pa), black_box(&pb)).unwrap())
    });
    g.bench_function("ssim", |bn| {
        bn.iter(|| metrics::ssim::ssim(black_box(&pa), black_box(&pb)).unwrap())
    });
    let mut scratch = vec![0f32; metrics::ms_ssim::ms_ssim_scratch_len(W, H)];
    g.bench_function("ms_ssim", |bn| {
        bn.iter(|| {
            metrics::ms_ssim::ms_ssim(
                black_box(&pa),
                black_box(&pb),
                MsSsimConvention::Standard,
                &mut scratch,
            )
            .unwrap()
        })
    });
    g.bench_function("sharpness", |bn| {
        bn.iter(|| metrics::sharpness::laplacian_variance(black_box(&pa)))
    });
    g.bench_function("frame_stats", |bn| {
        bn.iter(|| metrics::frame_stats(black_box(&pa)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
