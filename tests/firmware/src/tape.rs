//! The input tapes build.rs wrote (format in `codes.rs`), read from the host at run time with
//! semihosting file calls (`SYS_OPEN`, `SYS_FLEN`, `SYS_READ`, `SYS_CLOSE`), so the vectors
//! take RAM while the bench runs instead of flash. The paths are build.rs's `OUT_DIR`:
//! QEMU must run on the machine that built the firmware (scripts/firmware.sh does).

use cortex_m_semihosting::{nr, syscall};

/// The vector tape (frame metrics, RGB, engagement), NUL-terminated for `SYS_OPEN`.
#[cfg(feature = "vectors")]
pub const VECTORS: &str = concat!(env!("OUT_DIR"), "/vectors.tape\0");
/// The synthetic clip's tape.
pub const CLIP: &str = concat!(env!("OUT_DIR"), "/clip.tape\0");

/// Reads the host file `path` (NUL-terminated) into `buf` and returns a reader over it.
pub fn load<'a>(path: &str, buf: &'a mut [u8]) -> Tape<'a> {
    // SAFETY: semihosting calls with a NUL-terminated path and a buffer of `buf.len()` bytes.
    let fd = unsafe { syscall!(OPEN, path.as_ptr(), nr::open::R_BINARY, path.len() - 1) } as isize;
    assert!(
        fd >= 0,
        "cannot open a tape (run QEMU where the firmware was built)"
    );
    let len = unsafe { syscall!(FLEN, fd) } as isize;
    assert!(
        len >= 0 && len as usize <= buf.len(),
        "tape larger than its buffer"
    );
    let len = len as usize;
    let missing = unsafe { syscall!(READ, fd, buf.as_mut_ptr(), len) };
    assert!(missing == 0, "short tape read");
    unsafe { syscall!(CLOSE, fd) };
    Tape {
        bytes: &buf[..len],
        pos: 0,
    }
}

/// A cursor over a tape; reading past its end panics (a firmware/build.rs mismatch).
pub struct Tape<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Tape<'a> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let Some(b) = self.bytes.get(self.pos..self.pos + N) else {
            panic!("tape ended early");
        };
        self.pos += N;
        let mut out = [0; N];
        out.copy_from_slice(b);
        out
    }

    pub fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }

    pub fn u32(&mut self) -> usize {
        u32::from_le_bytes(self.take()) as usize
    }

    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }

    pub fn f64(&mut self) -> f64 {
        f64::from_le_bytes(self.take())
    }

    /// A name (JSON path), as raw bytes.
    #[cfg(feature = "vectors")]
    pub fn name(&mut self) -> &'a [u8] {
        let n = usize::from(self.u8());
        let Some(b) = self.bytes.get(self.pos..self.pos + n) else {
            panic!("tape ended early");
        };
        self.pos += n;
        b
    }

    /// A list into `out`; returns its length.
    #[cfg(feature = "vectors")]
    pub fn list(&mut self, out: &mut [f64]) -> usize {
        let n = usize::from(self.u8());
        assert!(n <= out.len(), "tape list longer than its buffer");
        for v in &mut out[..n] {
            *v = self.f64();
        }
        n
    }

    /// Checks every byte was read (the reader and build.rs agree on the format).
    pub fn finish(&self) {
        assert!(self.pos == self.bytes.len(), "tape not fully read");
    }
}
