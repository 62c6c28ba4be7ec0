//! Line output over semihosting, one host call per line, built without `core::fmt`'s float
//! formatting (its tables and algorithms would cost ~15 KiB of flash): floats go out as their
//! exact IEEE-754 bit pattern, `0x` and 16 hex digits, which python/tests/test_firmware.py
//! decodes; integers in decimal.

use cortex_m_semihosting::hio::{self, HostStream};

/// Longest line; longer ones are cut (the luma hex lines are the longest, 2 · 64 + 40 bytes).
const LINE: usize = 256;

pub struct Out {
    stream: HostStream,
    buf: [u8; LINE],
    len: usize,
    lines: usize,
}

const HEX: &[u8; 16] = b"0123456789abcdef";

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

    /// Appends raw bytes.
    pub fn b(&mut self, b: &[u8]) -> &mut Self {
        let n = b.len().min(LINE - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&b[..n]);
        self.len += n;
        self
    }

    /// Appends a string.
    pub fn s(&mut self, s: &str) -> &mut Self {
        self.b(s.as_bytes())
    }

    /// Appends `v` in decimal.
    pub fn u(&mut self, mut v: u64) -> &mut Self {
        let mut d = [0u8; 20];
        let mut i = d.len();
        loop {
            i -= 1;
            d[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.b(&d[i..])
    }

    /// Appends bytes as lowercase hex pairs.
    pub fn hex(&mut self, bytes: &[u8]) -> &mut Self {
        for &x in bytes {
            self.b(&[HEX[usize::from(x >> 4)], HEX[usize::from(x & 15)]]);
        }
        self
    }

    /// Appends `v`'s bit pattern: `0x` and 16 hex digits.
    pub fn f(&mut self, v: f64) -> &mut Self {
        self.s("0x").hex(&v.to_bits().to_be_bytes())
    }

    /// Ends the line and sends it.
    pub fn end(&mut self) {
        self.b(b"\n");
        let _ = self.stream.write_all(&self.buf[..self.len]);
        self.len = 0;
        self.lines += 1;
    }

    /// Ends the line with ` <value>` (its bit pattern) or ` err` where the core refused.
    pub fn value<E>(&mut self, v: Result<f64, E>) {
        match v {
            Ok(v) => self.s(" ").f(v),
            Err(_) => self.s(" err"),
        }
        .end()
    }

    pub fn lines(&self) -> usize {
        self.lines
    }
}
