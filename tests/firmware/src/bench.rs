//! Instruction counts of the hot kernels: SysTick (core clock, 24-bit, counting down) around
//! each kernel on a 320×240 frame. Under `qemu-system-arm -icount shift=0` one instruction is
//! 1 ns of virtual time and SysTick ticks at 25 MHz, so ticks · [`calibrate`]'s ratio are
//! instructions; without `-icount` the numbers are host-speed noise (the host test ignores
//! `bench:` lines). Printed per 1 KiB of input pixels.

use crate::out::Out;
use core::hint::black_box;
use cortex_m::peripheral::{SYST, syst::SystClkSource};
use reelscore::Plane;
use reelscore::clip::{ClipConfig, DeviceClipScorer, RowFeeder, working};
use reelscore::metrics::rows::FrameStatsRows;
use reelscore::metrics::{frame_stats, histogram::Histogram, mse, sharpness};

const W: usize = 320;
const H: usize = 240;

/// Ticks spent in `f` (must stay below 2^24 ticks).
fn measure(syst: &SYST, f: impl FnOnce()) -> u32 {
    let _ = syst;
    let t0 = SYST::get_current();
    f();
    let t1 = SYST::get_current();
    t0.wrapping_sub(t1) & 0x00FF_FFFF
}

/// Instructions per tick, from a loop of known length (2 instructions per iteration).
fn calibrate(syst: &SYST) -> f32 {
    const N: u32 = 200_000;
    let t = measure(syst, || unsafe {
        core::arch::asm!(
            "1:",
            "subs {n}, #1",
            "bne 1b",
            n = inout(reg) N => _,
            options(nomem, nostack)
        );
    });
    (2 * N) as f32 / t.max(1) as f32
}

pub fn run(o: &mut Out) {
    let Some(p) = cortex_m::Peripherals::take() else {
        panic!("peripherals taken")
    };
    let mut syst = p.SYST;
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(0x00FF_FFFF);
    syst.clear_current();
    syst.enable_counter();
    let per_tick = calibrate(&syst);
    o.line(format_args!("bench:instructions_per_tick {per_tick:.3}"));

    static mut FRAMES: [[u8; W * H]; 2] = [[0; W * H]; 2];
    // SAFETY: only used here, once.
    let frames = unsafe { &mut *core::ptr::addr_of_mut!(FRAMES) };
    let mut s = 0x1234_5678u32;
    for (k, f) in frames.iter_mut().enumerate() {
        for (i, v) in f.iter_mut().enumerate() {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            let (x, y) = (i % W + 3 * k, i / W);
            *v = (((x * x + 3 * y * y + 5 * x * y) >> 6) as u32 + (s >> 29)) as u8;
        }
    }
    let a = Plane::packed(&frames[0], W, H).unwrap();
    let b = Plane::packed(&frames[1], W, H).unwrap();
    let kib = (W * H) as f32 / 1024.0;
    let hist = Histogram::of(&a);
    let t = measure(&syst, || {
        let _ = black_box(black_box(&hist).entropy());
    });
    let n = t as f32 * per_tick;
    o.line(format_args!(
        "bench:entropy_f64_per_frame {t} ticks {n:.0} instructions"
    ));
    let mut report = |name: &str, t: u32| {
        let per_kib = t as f32 * per_tick / kib;
        o.line(format_args!(
            "bench:{name} {t} ticks {per_kib:.0} instructions/KiB"
        ));
    };

    report(
        "histogram",
        measure(&syst, || {
            let _ = black_box(Histogram::of(&a));
        }),
    );
    report(
        "laplacian_variance",
        measure(&syst, || {
            let _ = black_box(sharpness::laplacian_variance(&a));
        }),
    );
    report(
        "frame_stats",
        measure(&syst, || {
            let _ = black_box(frame_stats(&a));
        }),
    );
    let mut acc = FrameStatsRows::<W>::new();
    report(
        "frame_stats_rows",
        measure(&syst, || {
            acc.begin(W, H).unwrap();
            for r in a.rows() {
                acc.push_row(r).unwrap();
            }
            let _ = black_box(acc.finish());
        }),
    );
    report(
        "mse",
        measure(&syst, || {
            let _ = black_box(mse::mse(&a, &b));
        }),
    );
    let g = working::WorkGeometry::new(W, H, 64 * 48);
    let mut small = [0u8; 64 * 48];
    report(
        "downsample",
        measure(&syst, || working::downsample(&a, &g, &mut small)),
    );
    let cfg = ClipConfig::new(W, H, 30.0).unwrap();
    let mut sc = DeviceClipScorer::new(cfg).unwrap();
    sc.push(&a).unwrap();
    report(
        "device_scorer_push",
        measure(&syst, || {
            let _ = black_box(sc.push(&b));
        }),
    );
    let mut feeder = RowFeeder::<W>::new();
    report(
        "device_scorer_rows",
        measure(&syst, || {
            sc.begin_frame(&mut feeder).unwrap();
            for r in a.rows() {
                sc.push_row(&mut feeder, r).unwrap();
            }
            let _ = black_box(sc.end_frame(&mut feeder));
        }),
    );
    // SSIM is f64 per pixel (software double precision on the M4): a smaller 64×48 crop.
    let (cw, ch) = (64, 48);
    let ca = Plane::new(&frames[0], cw, ch, W).unwrap();
    let cb = Plane::new(&frames[1], cw, ch, W).unwrap();
    let t = measure(&syst, || {
        let _ = black_box(reelscore::metrics::ssim::ssim(&ca, &cb));
    });
    let per_kib = t as f32 * per_tick / ((cw * ch) as f32 / 1024.0);
    o.line(format_args!(
        "bench:ssim_f64 {t} ticks {per_kib:.0} instructions/KiB"
    ));
}
