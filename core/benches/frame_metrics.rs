//! Frame metrics on one 1920×1080 luma pair, one core, under every kernel path this CPU has
//! (`<metric>/<path>`, so each SIMD figure sits beside the portable one of the same run).
//! Targets (issue 19): Gaussian SSIM ≥ 300 fps; PSNR and sharpness against OpenCV in
//! `python/benchmarks/bench_metrics_cv2.py`. Run: `cargo bench -p reelscore --bench frame_metrics`
//! (a filter such as `-- ssim/` picks metrics).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use reelscore::Plane;
use reelscore::kernels::{self, Path};
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
    let mut scratch = vec![0f32; metrics::ms_ssim::ms_ssim_scratch_len(W, H)];
    let paths: Vec<Path> = Path::ALL
        .into_iter()
        .filter(|&p| kernels::available(p))
        .collect();
    let mut g = c.benchmark_group("1080p");
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    for &p in &paths {
        kernels::force(p).unwrap();
        let name = p.name();
        g.bench_function(format!("psnr/{name}"), |bn| {
            bn.iter(|| metrics::mse::psnr(black_box(&pa), black_box(&pb)).unwrap())
        });
        g.bench_function(format!("ssim/{name}"), |bn| {
            bn.iter(|| metrics::ssim::ssim(black_box(&pa), black_box(&pb)).unwrap())
        });
        g.bench_function(format!("ms_ssim/{name}"), |bn| {
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
        g.bench_function(format!("sharpness/{name}"), |bn| {
            bn.iter(|| metrics::sharpness::laplacian_variance(black_box(&pa)))
        });
    }
    kernels::force(kernels::detect()).unwrap();
    g.bench_function("frame_stats", |bn| {
        bn.iter(|| metrics::frame_stats(black_box(&pa)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
