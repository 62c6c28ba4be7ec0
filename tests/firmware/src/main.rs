//! reelscore firmware test bench for the Cortex-M4F (QEMU `mps2-an386`).
//!
//! Generates every input on the device from the recipes build.rs took from the vector files,
//! runs the core and prints one `name value` line per result over semihosting:
//!
//! - `frame_metrics:<json path> <value>`: the frame-metric vectors (`err` where the core refuses);
//! - `engagement:<json path> <value>`: the engagement formulas;
//! - `clip:<field> <value>`: the synthetic clip (tests/firmware/clip.json) through the device
//!   scorer, pushed whole and row by row (the two must agree exactly, checked here);
//! - `rows:<json path> equal`: row-streamed frame statistics equal the whole-frame ones (checked
//!   here: a mismatch panics);
//! - `bench:<kernel> ...`: SysTick counts of the hot kernels (instructions under `-icount`);
//! - `done <lines>` last.
//!
//! The host test (python/tests/test_firmware.py) compares each value with the vector file, and
//! the clip lines with the host's own scoring of the same clip. A panic exits QEMU with a
//! failure code (panic-semihosting `exit`).
#![no_std]
#![no_main]

use panic_semihosting as _;

#[cfg(feature = "bench")]
mod bench;
mod out;
#[cfg_attr(not(feature = "vectors"), allow(dead_code))]
mod recipes;
// Without `vectors` only the clip runs; the vector helpers stay compiled-out dead code.
#[cfg_attr(not(feature = "vectors"), allow(dead_code, unused_imports))]
mod run;

use cortex_m_rt::entry;
use cortex_m_semihosting::debug;

#[entry]
fn main() -> ! {
    let mut o = out::Out::new();
    #[cfg(feature = "vectors")]
    {
        run::frame_metrics(&mut o);
        run::rgb(&mut o);
        run::engagement(&mut o);
    }
    run::clip(&mut o);
    #[cfg(feature = "bench")]
    bench::run(&mut o);
    let n = o.lines();
    o.line(format_args!("done {}", n + 1));
    debug::exit(debug::EXIT_SUCCESS);
    #[allow(clippy::empty_loop)] // `exit` does not return under QEMU; real hardware parks here
    loop {}
}
