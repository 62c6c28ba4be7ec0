//! A small seeded pseudo-random generator for bootstrap resampling: SplitMix64.
//!
//! Source: S. Vigna, `splitmix64.c` (public domain), the generator Java's `SplittableRandom`
//! uses (Steele, Lea & Flood, OOPSLA 2014). State: one `u64`, advanced by the golden-ratio
//! increment [`SPLITMIX64_GAMMA`]; output: the state passed through two xor-shift-multiply
//! rounds. It passes BigCrush, needs no allocation and is identical on every platform, so a
//! bootstrap with the same seed gives the same intervals in Rust, C, Python and on devices.
//! Checked against a Python transcription of `splitmix64.c` (vectors group `splitmix64`).
//!
//! Not for cryptography.

/// Weyl-sequence increment of SplitMix64 (`0x9E3779B97F4A7C15`, 2⁶⁴ / φ).
pub const SPLITMIX64_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
/// First mixing multiplier of SplitMix64.
pub const SPLITMIX64_MUL1: u64 = 0xBF58_476D_1CE4_E5B9;
/// Second mixing multiplier of SplitMix64.
pub const SPLITMIX64_MUL2: u64 = 0x94D0_49BB_1331_11EB;

/// SplitMix64 generator state. Any seed, including 0, is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub const fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// Next 64-bit output (`splitmix64.c`'s `next()`).
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(SPLITMIX64_GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(SPLITMIX64_MUL1);
        z = (z ^ (z >> 27)).wrapping_mul(SPLITMIX64_MUL2);
        z ^ (z >> 31)
    }

    /// Uniform `f64` in `[0, 1)`: the top 53 bits of [`Self::next_u64`] times 2⁻⁵³.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engage_prng_unit_interval() {
        let mut g = SplitMix64::new(42);
        for _ in 0..1000 {
            let u = g.next_f64();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
