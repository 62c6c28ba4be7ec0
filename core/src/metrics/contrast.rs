//! Mean level and RMS contrast.
//!
//! RMS contrast (Peli 1990): the population standard deviation of the samples divided by full
//! scale, `sqrt((1/N) Σ (x − μ)²) / MAX`; range [0, 0.5]; a flat plane gives 0. Equals
//! `img.std() / 255` in numpy for 8-bit planes. Sums are exact integers.

use super::sharpness::variance_exact;
use crate::plane::{Plane, Sample};

fn sums<T: Sample>(p: &Plane<'_, T>) -> (i128, i128) {
    let mut s: i128 = 0;
    let mut ss: i128 = 0;
    for row in p.rows() {
        let mut rs: u64 = 0;
        let mut rss: u64 = 0;
        for v in row {
            let x = u64::from(v.to_u32());
            rs += x;
            rss += x * x;
        }
        s += i128::from(rs);
        ss += i128::from(rss);
    }
    (s, ss)
}

/// Mean sample value, code values (exact sum, one division).
pub fn mean<T: Sample>(p: &Plane<'_, T>) -> f64 {
    sums(p).0 as f64 / p.len() as f64
}

/// RMS contrast in [0, 0.5] (see the module docs).
pub fn rms_contrast<T: Sample>(p: &Plane<'_, T>) -> f64 {
    let (s, ss) = sums(p);
    libm::sqrt(variance_exact(s, ss, p.len())) / f64::from(p.max_value())
}
