//! Every kernel path against the portable one on the same 1080p luma pair, interleaved
//! (round-robin over the paths, so drift of a shared machine hits them alike), one core.
//! Prints the median time and frames per second of each metric under each path and the ratio
//! to portable. Run: `cargo bench -p reelscore --bench kernels_ab [-- ROUNDS [METRIC...]]`.

use reelscore::Plane;
use reelscore::kernels::{self, Path};
use reelscore::metrics::{self, ms_ssim::MsSsimConvention};
use std::hint::black_box;
use std::time::Instant;

const W: usize = 1920;
const H: usize = 1080;

/// The same frames as `frame_metrics.rs`: a gradient with noise, and a noisier copy.
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

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let rounds: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(15);
    let only: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    let (a, b) = frames();
    let pa = Plane::packed(&a, W, H).unwrap();
    let pb = Plane::packed(&b, W, H).unwrap();
    let mut scratch = vec![0f32; metrics::ms_ssim::ms_ssim_scratch_len(W, H)];
    let paths: Vec<Path> = Path::ALL
        .into_iter()
        .filter(|&p| kernels::available(p))
        .collect();
    type Run<'a> = Box<dyn FnMut() -> f64 + 'a>;
    let mut metrics_list: Vec<(&str, Run)> = vec![
        ("psnr", Box::new(|| metrics::mse::psnr(&pa, &pb).unwrap())),
        (
            "sharpness",
            Box::new(|| metrics::sharpness::laplacian_variance(&pa)),
        ),
        ("ssim", Box::new(|| metrics::ssim::ssim(&pa, &pb).unwrap())),
        (
            "ms_ssim",
            Box::new(|| {
                metrics::ms_ssim::ms_ssim(&pa, &pb, MsSsimConvention::Standard, &mut scratch)
                    .unwrap()
            }),
        ),
    ];
    println!(
        "1920x1080 luma, {rounds} interleaved rounds, median per path; detected: {}",
        kernels::detect().name()
    );
    for (name, run) in metrics_list.iter_mut() {
        if !only.is_empty() && !only.contains(name) {
            continue;
        }
        let mut times = vec![Vec::new(); paths.len()];
        let mut values = vec![0.0; paths.len()];
        for _ in 0..rounds {
            for (j, &p) in paths.iter().enumerate() {
                kernels::force(p).unwrap();
                let t = Instant::now();
                values[j] = black_box(run());
                times[j].push(t.elapsed().as_secs_f64());
            }
        }
        let base = median(&mut times[0].clone());
        for (j, &p) in paths.iter().enumerate() {
            let m = median(&mut times[j]);
            println!(
                "{name:>10} {:>9}: {:>9.3} ms {:>8.1} fps  {:>5.2}x portable  (value {:.12})",
                p.name(),
                m * 1e3,
                1.0 / m,
                base / m,
                values[j]
            );
        }
    }
    kernels::force(kernels::detect()).unwrap();
}
