//! Engagement benchmarks: Wilson lower bound over 10 million rows, and a Bradley–Terry fit of
//! 100 items from 100,000 votes (issue 4 target: under 100 ms).
#![allow(missing_docs)] // criterion's macros generate undocumented items
#![allow(clippy::unwrap_used)] // benchmarks: a failure should abort the run

use criterion::{Criterion, criterion_group, criterion_main};
use reelscore::engage::{
    BradleyTerryOptions, SplitMix64, Z_95, bradley_terry_fit, bradley_terry_scratch_len,
    wilson_lower_bound_slice,
};
use std::hint::black_box;

fn wilson_10m(c: &mut Criterion) {
    let rows = 10_000_000;
    let mut g = SplitMix64::new(1);
    let totals: Vec<f64> = (0..rows).map(|_| (g.next_u64() % 100_000) as f64).collect();
    let successes: Vec<f64> = totals.iter().map(|&n| (g.next_f64() * n).floor()).collect();
    let mut out = vec![0.0; rows];
    let mut group = c.benchmark_group("engage");
    group.sample_size(20);
    group.bench_function("wilson_lower_bound_slice_10M", |b| {
        b.iter(|| {
            wilson_lower_bound_slice(black_box(&successes), black_box(&totals), Z_95, &mut out)
                .unwrap();
        })
    });
    group.finish();
}

/// 100 items with strengths spread over ±2 and 100,000 random votes between random pairs.
fn votes(n: usize, count: usize) -> Vec<f64> {
    let mut g = SplitMix64::new(7);
    let strengths: Vec<f64> = (0..n).map(|_| 4.0 * g.next_f64() - 2.0).collect();
    let mut wins = vec![0.0; n * n];
    for _ in 0..count {
        let i = (g.next_u64() % n as u64) as usize;
        let mut j = (g.next_u64() % (n as u64 - 1)) as usize;
        if j >= i {
            j += 1;
        }
        let p = 1.0 / (1.0 + (strengths[j] - strengths[i]).exp());
        if g.next_f64() < p {
            wins[i * n + j] += 1.0;
        } else {
            wins[j * n + i] += 1.0;
        }
    }
    wins
}

fn bt_fit(c: &mut Criterion) {
    let n = 100;
    let wins = votes(n, 100_000);
    let mut scratch = vec![0.0; bradley_terry_scratch_len(n)];
    let mut theta = vec![0.0; n];
    let opts = BradleyTerryOptions::default();
    let iterations = bradley_terry_fit(n, &wins, &opts, &mut scratch, &mut theta).unwrap();
    eprintln!("bradley-terry 100 items / 100k votes: {iterations} MM iterations");
    let mut group = c.benchmark_group("engage");
    group.sample_size(20);
    group.bench_function("bradley_terry_fit_100_items_100k_votes", |b| {
        b.iter(|| {
            bradley_terry_fit(n, black_box(&wins), &opts, &mut scratch, &mut theta).unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, wilson_10m, bt_fit);
criterion_main!(benches);
