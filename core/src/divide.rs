//! Exact division by a divisor fixed at run time, as a multiply and a shift.
//!
//! Granlund & Montgomery (1994), "Division by invariant integers using multiplication",
//! Thm. 4.2: with `ℓ = ⌈log₂ d⌉`, `k = N + ℓ` and `m = ⌈2ᵏ / d⌉`, `⌊x / d⌋ = ⌊x · m / 2ᵏ⌋` for
//! every `x < 2ᴺ`. Here `N = 25` (block sums of 8-bit samples and their range expansion stay
//! below 2²⁵), so `x · m < 2⁵¹` fits `u64`. Used per working pixel and per binned pixel, where
//! a hardware `u32` division cost 20–40 cycles.

/// Largest dividend plus one: `x < 2^DIVIDEND_BITS`.
pub(crate) const DIVIDEND_BITS: u32 = 25;

/// `⌊x / d⌋` for a fixed `d ≥ 1` and any `x < 2²⁵`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Divider {
    m: u64,
    k: u32,
}

impl Divider {
    /// The divider for `d` (0 is taken as 1).
    pub(crate) fn new(d: u32) -> Self {
        let d = d.max(1);
        let l = u32::BITS - (d - 1).leading_zeros();
        let k = DIVIDEND_BITS + l;
        Divider {
            m: (1u64 << k).div_ceil(u64::from(d)),
            k,
        }
    }

    /// `⌊x / d⌋` (for `x < 2²⁵`).
    #[inline(always)]
    pub(crate) fn div(&self, x: u32) -> u32 {
        ((u64::from(x) * self.m) >> self.k) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every divisor up to 2¹⁷ on its multiples ± 1 near the top of the range, and every
    /// dividend below 2¹⁶ for small divisors.
    #[test]
    fn equals_hardware_division() {
        // Miri interprets every step: sparse there, exhaustive natively.
        let (x_step, step) = if cfg!(miri) { (251, 4099) } else { (1, 1) };
        for d in 1..=64u32 {
            let q = Divider::new(d);
            for x in (0..(1u32 << 16)).step_by(x_step) {
                assert_eq!(q.div(x), x / d, "{x} / {d}");
            }
        }
        let top = (1u32 << DIVIDEND_BITS) - 1;
        for d in (65..=(1u32 << 17)).step_by(step) {
            let q = Divider::new(d);
            let hi = top - top % d;
            for x in [
                hi,
                hi - 1,
                hi.saturating_sub(d),
                hi.saturating_sub(d) - 1,
                top,
                d,
                d - 1,
            ] {
                assert_eq!(q.div(x), x / d, "{x} / {d}");
            }
        }
    }
}
