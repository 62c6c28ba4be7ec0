//! Biquad filters: BS.1770-4 K-weighting at any sample rate, and a Butterworth low-pass.
//!
//! **K-weighting** is a high-shelf "pre-filter" followed by the RLB high-pass. BS.1770-4 tables
//! their coefficients at 48 kHz only; for any rate they are recomputed from the analog prototype
//! by the bilinear transform with frequency pre-warping, with the prototype parameters that
//! reproduce the 48 kHz table (libebur128's `ebur128_init_filter`, after Mansbridge et al.):
//! shelf `f0 = 1681.974450955533 Hz`, `G = 3.999843853973347 dB`, `Q = 0.7071752369554196`,
//! `Vb = Vh^0.4996667741545416`; high-pass `f0 = 38.13547087602444 Hz`,
//! `Q = 0.5003270373238773`. At 48 kHz the result matches the BS.1770-4 table to ~1e-12.
//! The filters run in `f64` (direct form II transposed).

/// Coefficients of `H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²)`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Biquad {
    /// Feed-forward coefficients.
    pub b: [f64; 3],
    /// Feedback coefficients `a1`, `a2` (`a0 = 1`).
    pub a: [f64; 2],
}

impl Biquad {
    /// One step of direct form II transposed; `z` is the two-element state.
    #[inline(always)]
    pub fn step(&self, z: &mut [f64; 2], x: f64) -> f64 {
        let y = self.b[0] * x + z[0];
        z[0] = self.b[1] * x - self.a[0] * y + z[1];
        z[1] = self.b[2] * x - self.a[1] * y;
        y
    }
}

/// The BS.1770-4 K-weighting stages (pre-filter, RLB high-pass) for `rate` Hz.
pub fn k_weighting(rate: f64) -> [Biquad; 2] {
    let pi = core::f64::consts::PI;
    let (f0, g, q) = (1681.974450955533, 3.999843853973347, 0.7071752369554196);
    let k = libm::tan(pi * f0 / rate);
    let vh = libm::pow(10.0, g / 20.0);
    let vb = libm::pow(vh, 0.4996667741545416);
    let a0 = 1.0 + k / q + k * k;
    let shelf = Biquad {
        b: [
            (vh + vb * k / q + k * k) / a0,
            2.0 * (k * k - vh) / a0,
            (vh - vb * k / q + k * k) / a0,
        ],
        a: [2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0],
    };
    let (f0, q) = (38.13547087602444, 0.5003270373238773);
    let k = libm::tan(pi * f0 / rate);
    let a0 = 1.0 + k / q + k * k;
    let highpass = Biquad {
        b: [1.0, -2.0, 1.0],
        a: [2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0],
    };
    [shelf, highpass]
}

/// A 4th-order Butterworth low-pass at `cutoff` Hz as two biquads (bilinear, pre-warped).
pub fn butterworth_lowpass4(cutoff: f64, rate: f64) -> [Biquad; 2] {
    let pi = core::f64::consts::PI;
    let k = libm::tan(pi * cutoff / rate);
    let section = |q: f64| {
        let n = 1.0 / (1.0 + k / q + k * k);
        let b0 = k * k * n;
        Biquad {
            b: [b0, 2.0 * b0, b0],
            a: [2.0 * (k * k - 1.0) * n, (1.0 - k / q + k * k) * n],
        }
    };
    [
        section(1.0 / (2.0 * libm::cos(pi / 8.0))),
        section(1.0 / (2.0 * libm::cos(3.0 * pi / 8.0))),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_weighting_matches_the_bs1770_table_at_48k() {
        let [s, h] = k_weighting(48_000.0);
        let want_s = [
            1.53512485958697,
            -2.69169618940638,
            1.19839281085285,
            -1.69065929318241,
            0.73248077421585,
        ];
        let got_s = [s.b[0], s.b[1], s.b[2], s.a[0], s.a[1]];
        for (g, w) in got_s.iter().zip(want_s) {
            assert!((g - w).abs() < 1e-9, "{g} vs {w}");
        }
        let want_h = [-1.99004745483398, 0.99007225036621];
        assert!((h.a[0] - want_h[0]).abs() < 1e-9 && (h.a[1] - want_h[1]).abs() < 1e-9);
    }

    #[test]
    fn lowpass_has_unit_dc_gain() {
        for bq in butterworth_lowpass4(3000.0, 48_000.0) {
            let dc = (bq.b[0] + bq.b[1] + bq.b[2]) / (1.0 + bq.a[0] + bq.a[1]);
            assert!((dc - 1.0).abs() < 1e-12);
        }
    }
}
