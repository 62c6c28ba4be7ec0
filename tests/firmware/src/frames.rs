//! The frame-metric vectors: full-reference metrics, no-reference statistics (8-bit planes also
//! streamed row by row, which must equal the whole frame bit for bit) and the RGB cases.

use crate::Must;
use crate::out::Out;
use crate::recipes::build;
use crate::stats;
use crate::tape::Tape;
use reelscore::color::{self, LumaMatrix};
use reelscore::metrics::ms_ssim::{MsSsimConvention, ms_ssim, ms_ssim_scratch_len};
use reelscore::metrics::rows::FrameStatsRows;
use reelscore::metrics::{self, frame_stats};
use reelscore::{Plane, PlaneMut, RgbImage};

/// Largest vector plane (200 × 180) with room to spare.
const MAX_SAMPLES: usize = 40_000;
/// MS-SSIM scratch for the largest plane.
const MAX_SCRATCH: usize = 32_000;
/// Widest row streamed here.
const MAX_ROW: usize = 256;

/// Working memory, in RAM (`.bss`), taken once.
pub struct Buffers {
    a16: [u16; MAX_SAMPLES],
    b16: [u16; MAX_SAMPLES],
    a8: [u8; MAX_SAMPLES],
    b8: [u8; MAX_SAMPLES],
    scratch: [f32; MAX_SCRATCH],
    rows: FrameStatsRows<MAX_ROW>,
}

/// The buffers; a second call panics.
pub fn buffers() -> &'static mut Buffers {
    static mut BUFFERS: Buffers = Buffers {
        a16: [0; MAX_SAMPLES],
        b16: [0; MAX_SAMPLES],
        a8: [0; MAX_SAMPLES],
        b8: [0; MAX_SAMPLES],
        scratch: [0.0; MAX_SCRATCH],
        rows: FrameStatsRows::new(),
    };
    static TAKEN: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);
    assert!(
        !TAKEN.swap(true, core::sync::atomic::Ordering::Relaxed),
        "buffers taken twice"
    );
    // SAFETY: handed out once (checked above), single core, no interrupts use it.
    unsafe { &mut *core::ptr::addr_of_mut!(BUFFERS) }
}

/// Starts the line `frame_metrics:cases[i].<key>`.
fn name<'o>(o: &'o mut Out, i: usize, key: &str) -> &'o mut Out {
    o.s("frame_metrics:cases[").u(i as u64).s("].").s(key)
}

fn print_pair<T>(o: &mut Out, i: usize, a: &Plane<'_, T>, b: &Plane<'_, T>, scratch: &mut [f32])
where
    T: reelscore::Sample + metrics::grid::ToF64,
{
    name(o, i, "full_reference.mse").value(metrics::mse::mse(a, b));
    name(o, i, "full_reference.psnr").value(metrics::mse::psnr(a, b));
    name(o, i, "full_reference.ssim").value(metrics::ssim::ssim(a, b));
    assert!(ms_ssim_scratch_len(a.width(), a.height()) <= scratch.len());
    for (key, conv) in [
        ("full_reference.ms_ssim", MsSsimConvention::Standard),
        ("full_reference.ms_ssim_skvideo", MsSsimConvention::Skvideo),
    ] {
        name(o, i, key).value(ms_ssim(a, b, conv, scratch));
    }
    match frame_stats(a) {
        Ok(s) => {
            for (k, v) in stats::NAMES.iter().zip(stats::values(&s)) {
                name(o, i, "no_reference.").s(k).value::<()>(Ok(v));
            }
        }
        Err(_) => name(o, i, "no_reference err").end(),
    }
}

/// Every frame-metric case; 8-bit planes are also streamed row by row and must give the
/// whole-frame statistics bit for bit.
#[inline(never)] // its own symbol, so `nm --size-sort` attributes flash per section
pub fn run(o: &mut Out, t: &mut Tape<'_>, bufs: &mut Buffers) {
    for i in 0..t.u32() {
        let bits = t.u8();
        let (w, h, _) = build(t, &mut bufs.a16);
        build(t, &mut bufs.b16);
        let n = w * h;
        if bits == 8 {
            for (d, s) in bufs.a8[..n].iter_mut().zip(&bufs.a16[..n]) {
                *d = *s as u8;
            }
            for (d, s) in bufs.b8[..n].iter_mut().zip(&bufs.b16[..n]) {
                *d = *s as u8;
            }
            let a = Plane::packed(&bufs.a8[..n], w, h).must();
            let b = Plane::packed(&bufs.b8[..n], w, h).must();
            print_pair(o, i, &a, &b, &mut bufs.scratch);
            // Row streaming must equal the whole frame exactly.
            let acc = &mut bufs.rows;
            acc.begin(w, h).must();
            for row in a.rows() {
                acc.push_row(row).must();
            }
            let rows = stats::values(&acc.finish().must()).map(f64::to_bits);
            let whole = stats::values(&frame_stats(&a).must()).map(f64::to_bits);
            assert!(rows == whole, "row-streamed statistics differ");
            o.s("rows:cases[").u(i as u64).s("] equal").end();
        } else {
            let a = Plane::new_u16(&bufs.a16[..n], w, h, w, u32::from(bits)).must();
            let b = Plane::new_u16(&bufs.b16[..n], w, h, w, u32::from(bits)).must();
            print_pair(o, i, &a, &b, &mut bufs.scratch);
        }
    }
}

/// RGB cases: colourfulness and both luma conversions (as hex bytes, 64 pixels a line named
/// `key@start`).
#[inline(never)] // its own symbol, so `nm --size-sort` attributes flash per section
pub fn rgb(o: &mut Out, t: &mut Tape<'_>) {
    let mut px = [0u16; 40 * 30 * 3];
    let mut bytes = [0u8; 40 * 30 * 3];
    let mut luma = [0u8; 40 * 30];
    for i in 0..t.u32() {
        let (w, h, _) = build(t, &mut px);
        for (d, s) in bytes.iter_mut().zip(&px[..3 * w * h]) {
            *d = *s as u8;
        }
        let img = RgbImage::new(&bytes[..3 * w * h], w, h, 3 * w).must();
        let c = metrics::colorfulness::colorfulness(&img);
        let case = |o: &mut Out| {
            o.s("frame_metrics:rgb_cases[").u(i as u64).s("].");
        };
        case(o);
        o.s("colorfulness").value::<()>(Ok(c));
        for (key, m) in [
            ("luma_bt601@", LumaMatrix::Bt601),
            ("luma_bt709@", LumaMatrix::Bt709),
        ] {
            let mut out = PlaneMut::new(&mut luma[..w * h], w, h, w).must();
            color::rgb_to_luma(&img, m, &mut out).must();
            for (k, chunk) in luma[..w * h].chunks(64).enumerate() {
                case(o);
                o.s(key).u(k as u64 * 64).s(" ").hex(chunk).end();
            }
        }
    }
}
