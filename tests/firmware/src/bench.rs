//! Instruction counts of the hot kernels: SysTick (core clock, 24-bit, counting down) around
//! each kernel on a 320×240 frame. Under `qemu-system-arm -icount shift=0` one instruction is
//! 1 ns of virtual time and SysTick ticks at 25 MHz, so ticks · [`calibrate`]'s ratio are
//! instructions; without `-icount` the numbers are host-speed noise (the host test ignores
//! `bench:` lines). Printed per 1 KiB of input pixels, in integers (no float formatting).
//! Also prints the public scorer states' sizes on the device (`size:` lines, 32-bit `usize`)
//! for the budget table of docs/device.md.

use crate::Must;
use crate::out::Out;
use core::hint::black_box;
use cortex_m::peripheral::{SYST, syst::SystClkSource};
use reelscore::Plane;
use reelscore::clip::{ClipConfig, ClipScorer, DeviceClipScorer, RowFeeder, working};
use reelscore::metrics::rows::FrameStatsRows;
use reelscore::metrics::{frame_stats, histogram::Histogram, mse, sharpness};

const W: usize = 320;
const H: usize = 240;

/// Ticks spent in `f` (must stay below 2^24 ticks).
fn measure(f: impl FnOnce()) -> u64 {
    let t0 = SYST::get_current();
    f();
    let t1 = SYST::get_current();
    u64::from(t0.wrapping_sub(t1) & 0x00FF_FFFF)
}

/// Instructions per 1000 ticks, from a loop of known length (2 instructions per iteration).
fn calibrate() -> u64 {
    const N: u32 = 200_000;
    let t = measure(|| unsafe {
        core::arch::asm!(
            "1:",
            "subs {n}, #1",
            "bne 1b",
            n = inout(reg) N => _,
            options(nomem, nostack)
        );
    });
    2000 * u64::from(N) / t.max(1)
}

/// `bench:<name> <ticks> ticks <n> instructions/KiB` for `pixels` input pixels.
fn report(o: &mut Out, per_kilo_tick: u64, name: &str, ticks: u64, pixels: usize) {
    let per_kib = ticks * per_kilo_tick * 1024 / (1000 * pixels as u64);
    o.s("bench:")
        .s(name)
        .s(" ")
        .u(ticks)
        .s(" ticks ")
        .u(per_kib);
    o.s(" instructions/KiB").end();
}

/// `size:<state> <bytes>` for each public scorer state.
fn sizes(o: &mut Out) {
    for (name, bytes) in [
        ("DeviceClipScorer", DeviceClipScorer::STATE_BYTES),
        ("ClipScorer", ClipScorer::STATE_BYTES),
        ("RowFeeder<320>", RowFeeder::<320>::STATE_BYTES),
        ("RowFeeder<640>", RowFeeder::<640>::STATE_BYTES),
        ("FrameStatsRows<320>", FrameStatsRows::<320>::STATE_BYTES),
        ("FrameStatsRows<640>", FrameStatsRows::<640>::STATE_BYTES),
    ] {
        o.s("size:").s(name).s(" ").u(bytes as u64).end();
    }
}

#[inline(never)] // its own symbol, so `nm --size-sort` attributes flash per section
pub fn run(o: &mut Out) {
    sizes(o);
    let Some(p) = cortex_m::Peripherals::take() else {
        panic!("peripherals taken")
    };
    let mut syst = p.SYST;
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(0x00FF_FFFF);
    syst.clear_current();
    syst.enable_counter();
    let per_kilo_tick = calibrate();
    o.s("bench:instructions_per_1000_ticks ")
        .u(per_kilo_tick)
        .end();

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
    let a = Plane::packed(&frames[0], W, H).must();
    let b = Plane::packed(&frames[1], W, H).must();
    let hist = Histogram::of(&a);
    let t = measure(|| {
        let _ = black_box(black_box(&hist).entropy());
    });
    o.s("bench:entropy_f64_per_frame ").u(t).s(" ticks ");
    o.u(t * per_kilo_tick / 1000).s(" instructions").end();
    let mut kernel = |name: &str, t: u64| report(o, per_kilo_tick, name, t, W * H);

    kernel(
        "histogram",
        measure(|| {
            let _ = black_box(Histogram::of(&a));
        }),
    );
    kernel(
        "laplacian_variance",
        measure(|| {
            let _ = black_box(sharpness::laplacian_variance(&a));
        }),
    );
    kernel(
        "frame_stats",
        measure(|| {
            let _ = black_box(frame_stats(&a));
        }),
    );
    let mut acc = FrameStatsRows::<W>::new();
    kernel(
        "frame_stats_rows",
        measure(|| {
            acc.begin(W, H).must();
            for r in a.rows() {
                acc.push_row(r).must();
            }
            let _ = black_box(acc.finish());
        }),
    );
    kernel(
        "mse",
        measure(|| {
            let _ = black_box(mse::mse(&a, &b));
        }),
    );
    let g = working::WorkGeometry::new(W, H, 64 * 48);
    let mut small = [0u8; 64 * 48];
    kernel(
        "downsample",
        measure(|| working::downsample(&a, &g, &mut small)),
    );
    let cfg = ClipConfig::new(W, H, 30.0).must();
    let mut sc = DeviceClipScorer::new(cfg).must();
    sc.push(&a).must();
    kernel(
        "device_scorer_push",
        measure(|| {
            let _ = black_box(sc.push(&b));
        }),
    );
    let mut feeder = RowFeeder::<W>::new();
    kernel(
        "device_scorer_rows",
        measure(|| {
            sc.begin_frame(&mut feeder).must();
            for r in a.rows() {
                sc.push_row(&mut feeder, r).must();
            }
            let _ = black_box(sc.end_frame(&mut feeder));
        }),
    );
    // SSIM is f64 per pixel (software double precision on the M4): a smaller 64×48 crop, in the
    // test bench only (the scorer firmware does not link SSIM).
    #[cfg(feature = "vectors")]
    ssim(o, per_kilo_tick, frames);
}

#[cfg(feature = "vectors")]
fn ssim(o: &mut Out, per_kilo_tick: u64, frames: &[[u8; W * H]; 2]) {
    let (cw, ch) = (64, 48);
    let ca = Plane::new(&frames[0], cw, ch, W).must();
    let cb = Plane::new(&frames[1], cw, ch, W).must();
    let t = measure(|| {
        let _ = black_box(reelscore::metrics::ssim::ssim(&ca, &cb));
    });
    report(o, per_kilo_tick, "ssim_f64", t, cw * ch);
}
