//! reelscore firmware test bench for the Cortex-M4F (QEMU `mps2-an386`).
//!
//! Reads the shared vectors' inputs from the host at run time (the tapes build.rs writes, see
//! `tape.rs`), generates every input on the device, runs the core and prints one
//! `name value` line per result over semihosting; floats as their IEEE-754 bit pattern
//! (`0x` + 16 hex digits), integers in decimal:
//!
//! - `frame_metrics:<json path> <value>`: the frame-metric vectors (`err` where the core refuses);
//! - `engagement:<json path> <value>`: the engagement formulas;
//! - `clip:<field> <value>`: the synthetic clip (tests/firmware/clip.json) through the device
//!   scorer, pushed whole and row by row (the two must agree exactly, checked here);
//! - `rows:<json path> equal`: row-streamed frame statistics equal the whole-frame ones (checked
//!   here: a mismatch panics);
//! - `bench:<kernel> ...`: SysTick counts of the hot kernels (instructions under `-icount`), and
//!   `size:<state> <bytes>`: the scorer states' sizes on the device;
//! - `done <lines>` last.
//!
//! The host test (python/tests/test_firmware.py) compares each value with the vector file, and
//! the clip lines with the host's own scoring of the same clip. A panic exits QEMU with a
//! failure code (panic-semihosting `exit`).
//!
//! Without the `vectors` feature this is the "scorer firmware": the clip, row by row only.
//! Both builds are held to the 128 KiB flash budget by scripts/firmware.sh.
#![no_std]
#![no_main]

use panic_semihosting as _;

#[cfg(feature = "bench")]
mod bench;
mod clip;
mod codes;
#[cfg(feature = "vectors")]
mod engagement;
#[cfg(feature = "vectors")]
mod frames;
mod out;
mod recipes;
mod stats;
mod tape;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;

/// `Result::unwrap` without formatting the error: a refusal panics with a fixed message and
/// the location. (Formatting the core's errors would link their `Debug` impls and the float
/// formatter, ~20 KiB of flash.)
trait Must<T> {
    fn must(self) -> T;
}

impl<T, E> Must<T> for Result<T, E> {
    #[track_caller]
    fn must(self) -> T {
        match self {
            Ok(v) => v,
            Err(_) => panic!("the core refused a call that must succeed"),
        }
    }
}

/// Room for the vector tape (about 20 KB today).
#[cfg(feature = "vectors")]
const VECTOR_TAPE_BYTES: usize = 48 * 1024;

#[entry]
fn main() -> ! {
    let mut o = out::Out::new();
    #[cfg(feature = "vectors")]
    {
        static mut TAPE: [u8; VECTOR_TAPE_BYTES] = [0; VECTOR_TAPE_BYTES];
        // SAFETY: `main` runs once (it never returns), so this is the only reference.
        let buf = unsafe { &mut *core::ptr::addr_of_mut!(TAPE) };
        let mut t = tape::load(tape::VECTORS, buf);
        frames::run(&mut o, &mut t, frames::buffers());
        frames::rgb(&mut o, &mut t);
        engagement::run(&mut o, &mut t);
        t.finish();
    }
    clip::run(&mut o);
    #[cfg(feature = "bench")]
    bench::run(&mut o);
    let n = o.lines() as u64;
    o.s("done ").u(n + 1).end();
    debug::exit(debug::EXIT_SUCCESS);
    #[allow(clippy::empty_loop)] // `exit` does not return under QEMU; real hardware parks here
    loop {}
}
