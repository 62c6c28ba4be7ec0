//! Line output over semihosting, one host call per line.

use core::fmt::{self, Write};
use cortex_m_semihosting::hio::{self, HostStream};

/// Longest line; longer ones are cut (the luma hex lines are the longest, 2 · 63 + 40 bytes).
const LINE: usize = 512;

pub struct Out {
    stream: HostStream,
    buf: [u8; LINE],
    len: usize,
    lines: usize,
}

impl Write for Out {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = LINE - self.len;
        let n = s.len().min(room);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

impl Out {
    pub fn new() -> Self {
        let Ok(stream) = hio::hstdout() else {
            panic!("no semihosting stdout");
        };
        Out {
            stream,
            buf: [0; LINE],
            len: 0,
            lines: 0,
        }
    }

    /// Writes one line.
    pub fn line(&mut self, args: fmt::Arguments<'_>) {
        self.len = 0;
        let _ = self.write_fmt(args);
        let _ = self.write_str("\n");
        let _ = self.stream.write_all(&self.buf[..self.len]);
        self.lines += 1;
    }

    /// `name value` with the value in Rust's shortest round-trip form (or `err`).
    pub fn value<E>(&mut self, prefix: &str, name: fmt::Arguments<'_>, v: Result<f64, E>) {
        match v {
            Ok(v) => self.line(format_args!("{prefix}:{name} {v:?}")),
            Err(_) => self.line(format_args!("{prefix}:{name} err")),
        }
    }

    pub fn lines(&self) -> usize {
        self.lines
    }
}
