//! Inverse of the standard normal distribution: `confidence → z`.
//!
//! Algorithm AS 241 (`PPND16`), M. J. Wichura, "The percentage points of the normal
//! distribution", *Applied Statistics* 37 (1988) 477–484: rational approximations in three
//! regions with about 1e-16 relative accuracy. Checked against `scipy.stats.norm.isf` to 1e-12
//! relative in the shared vectors (`tests/vectors/engagement.json`, group `normal`).
//!
//! Edge cases: probabilities must lie strictly inside `(0, 1)`; `0`, `1`, NaN and infinities
//! are refused with [`Error::InvalidValue`]. The upper tail (`normal_isf`) is computed from `q`
//! directly, not from `1 − q`, so tiny tail probabilities (down to 1e-300) keep full accuracy.

#![allow(clippy::excessive_precision)] // AS 241 coefficients are kept digit for digit as published

use crate::error::{Error, Rule};

/// Two-sided 95% critical value `z = Φ⁻¹(0.975)`, the value statsmodels uses for `alpha = 0.05`.
pub const Z_95: f64 = 1.959963984540054;

/// AS 241 split between the central and tail regions (`|p − 0.5| ≤ 0.425`).
pub const AS241_SPLIT1: f64 = 0.425;
/// AS 241 split between the two tail regions (`r = sqrt(−ln min(p, 1 − p)) ≤ 5`).
pub const AS241_SPLIT2: f64 = 5.0;
/// AS 241 constant `0.425²`.
pub const AS241_CONST1: f64 = 0.180625;
/// AS 241 shift of `r` in the intermediate tail region.
pub const AS241_CONST2: f64 = 1.6;

const A: [f64; 8] = [
    3.387_132_872_796_366_608,
    1.331_416_678_917_843_774_5e2,
    1.971_590_950_306_551_442_7e3,
    1.373_169_376_550_946_112_5e4,
    4.592_195_393_154_987_145_7e4,
    6.726_577_092_700_870_085_3e4,
    3.343_057_558_358_812_810_5e4,
    2.509_080_928_730_122_672_7e3,
];
const B: [f64; 8] = [
    1.0,
    4.231_333_070_160_091_125_2e1,
    6.871_870_074_920_579_083e2,
    5.394_196_021_424_751_107_7e3,
    2.121_379_430_158_659_586_7e4,
    3.930_789_580_009_271_061e4,
    2.872_908_573_572_194_267_4e4,
    5.226_495_278_852_854_561e3,
];
const C: [f64; 8] = [
    1.423_437_110_749_683_577_34,
    4.630_337_846_156_545_295_9,
    5.769_497_221_460_691_405_5,
    3.647_848_324_763_204_605_04,
    1.270_458_252_452_368_382_58,
    2.417_807_251_774_506_117_7e-1,
    2.272_384_498_926_918_458_33e-2,
    7.745_450_142_783_414_076_4e-4,
];
const D: [f64; 8] = [
    1.0,
    2.053_191_626_637_758_821_87,
    1.676_384_830_183_803_849_4,
    6.897_673_349_851_000_045_5e-1,
    1.481_039_764_274_800_745_9e-1,
    1.519_866_656_361_645_719_66e-2,
    5.475_938_084_995_344_946e-4,
    1.050_750_071_644_416_843_24e-9,
];
const E: [f64; 8] = [
    6.657_904_643_501_103_777_2,
    5.463_784_911_164_114_369_9,
    1.784_826_539_917_291_335_8,
    2.965_605_718_285_048_912_3e-1,
    2.653_218_952_657_612_309_3e-2,
    1.242_660_947_388_078_438_6e-3,
    2.711_555_568_743_487_578_15e-5,
    2.010_334_399_292_288_132_65e-7,
];
const F: [f64; 8] = [
    1.0,
    5.998_322_065_558_879_376_9e-1,
    1.369_298_809_227_358_053_1e-1,
    1.487_536_129_085_061_485_25e-2,
    7.868_691_311_456_132_591e-4,
    1.846_318_317_510_054_681_8e-5,
    1.421_511_758_316_445_888_7e-7,
    2.044_263_103_389_939_785_64e-15,
];

/// Horner evaluation of `c[0] + c[1] r + … + c[7] r⁷`.
fn poly(c: &[f64; 8], r: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &k| acc * r + k)
}

/// Lower-tail quantile from `p` and `1 − p`, both given so neither loses precision.
fn ppnd16(p: f64, one_minus_p: f64) -> f64 {
    let q = p - 0.5;
    if q.abs() <= AS241_SPLIT1 {
        let r = AS241_CONST1 - q * q;
        return q * poly(&A, r) / poly(&B, r);
    }
    let tail = if q < 0.0 { p } else { one_minus_p };
    let mut r = libm::sqrt(-libm::log(tail));
    let val = if r <= AS241_SPLIT2 {
        r -= AS241_CONST2;
        poly(&C, r) / poly(&D, r)
    } else {
        r -= AS241_SPLIT2;
        poly(&E, r) / poly(&F, r)
    };
    if q < 0.0 { -val } else { val }
}

/// Quantile of the standard normal: `Φ⁻¹(p)` (scipy `norm.ppf`), AS 241.
///
/// Range: any finite `f64`; `p` must be in the open interval `(0, 1)`, else
/// [`Error::InvalidValue`] (`name = "p"`).
pub fn normal_ppf(p: f64) -> Result<f64, Error> {
    if !(p > 0.0 && p < 1.0) {
        return Err(Error::invalid(
            "p",
            p,
            Rule::Text("strictly between 0 and 1"),
        ));
    }
    Ok(ppnd16(p, 1.0 - p))
}

/// Inverse survival function of the standard normal: the `z` with `P(Z > z) = q`
/// (scipy `norm.isf`), AS 241 evaluated on `q` itself so small `q` keeps full accuracy.
///
/// `q` must be in `(0, 1)`, else [`Error::InvalidValue`] (`name = "q"`).
pub fn normal_isf(q: f64) -> Result<f64, Error> {
    if !(q > 0.0 && q < 1.0) {
        return Err(Error::invalid(
            "q",
            q,
            Rule::Text("strictly between 0 and 1"),
        ));
    }
    // isf(q) = −ppf(q): the lower tail of q is exactly what AS 241 evaluates best.
    Ok(-ppnd16(q, 1.0 - q))
}

/// Two-sided critical value for a confidence level: `z = Φ⁻¹(1 − (1 − c)/2)`,
/// i.e. `norm.isf((1 − c)/2)` as statsmodels' `proportion_confint` computes it
/// (`confidence = 0.95` → [`Z_95`]).
///
/// `confidence` must be in `(0, 1)`, else [`Error::InvalidValue`] (`name = "confidence"`).
pub fn z_for_confidence(confidence: f64) -> Result<f64, Error> {
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(Error::invalid(
            "confidence",
            confidence,
            Rule::Text("strictly between 0 and 1"),
        ));
    }
    normal_isf((1.0 - confidence) / 2.0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test
mod tests {
    use super::*;

    #[test]
    fn engage_normal_known_values() {
        assert_eq!(normal_isf(0.5).unwrap(), 0.0);
        assert!((z_for_confidence(0.95).unwrap() - Z_95).abs() < 1e-15);
        assert!((normal_ppf(0.975).unwrap() - Z_95).abs() < 1e-15);
        assert!(normal_isf(0.0).is_err());
        assert!(normal_isf(1.0).is_err());
        assert!(normal_ppf(f64::NAN).is_err());
        assert!(z_for_confidence(1.0).is_err());
    }

    #[test]
    fn engage_normal_symmetry() {
        for &q in &[1e-300, 1e-20, 0.001, 0.1, 0.3, 0.49] {
            let a = normal_isf(q).unwrap();
            let b = normal_ppf(q).unwrap();
            assert_eq!(a, -b);
        }
    }
}
