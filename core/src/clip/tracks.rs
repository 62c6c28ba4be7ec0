//! Motion plausibility of one tracked object (positions over time from any tracker).
//!
//! Each axis is fitted by least squares with a constant-acceleration model
//! `p(t) = p0 + v·τ + ½·a·τ²` (τ = t − mean t, solved from the 3×3 normal equations).
//! Image coordinates: +y points down, so a falling object has `a_y > 0`. With the caller's
//! expected gravity `g` (px/s², e.g. from the object's size and the scene scale) and whether the
//! object is airborne (thrown, jumping, falling — not supported by anything):
//!
//! - **falls upward**: airborne and `a_y < −`[`FALL_UP_RATIO`]`·g`;
//! - **hovering**: airborne and `|a_y| <`[`HOVER_RATIO`]`·g` (no gravity acting on it);
//! - **teleports**: a step whose speed exceeds [`TELEPORT_RATIO`] × both neighbouring steps'
//!   speeds and whose length is at least `min_jump` px.
//!
//! Plausibility (0–1) multiplies [`PENALTY_FALL_UP`], [`PENALTY_HOVER`] and
//! [`PENALTY_TELEPORT`]`^teleports`; a physically fine track scores 1.

use crate::error::{Error, Rule, check_range};

/// Upward acceleration (share of g) beyond which an airborne object "falls upward".
pub const FALL_UP_RATIO: f64 = 0.25;
/// |vertical acceleration| (share of g) below which an airborne object hovers.
pub const HOVER_RATIO: f64 = 0.25;
/// Step speed over both neighbours' at which a step is a teleport.
pub const TELEPORT_RATIO: f64 = 4.0;
/// Plausibility factor for falling upward.
pub const PENALTY_FALL_UP: f64 = 0.2;
/// Plausibility factor for hovering.
pub const PENALTY_HOVER: f64 = 0.4;
/// Plausibility factor per teleport.
pub const PENALTY_TELEPORT: f64 = 0.5;

/// What the caller knows about the object.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C)]
pub struct TrackConfig {
    /// Expected gravity, px/s² (> 0, +y down).
    pub gravity: f64,
    /// Whether the object is in free flight (gravity should show).
    pub airborne: bool,
    /// Smallest jump, px, that counts as a teleport.
    pub min_jump: f64,
}

/// The fit and the flags.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[repr(C)]
pub struct TrackReport {
    /// Fitted acceleration along x, px/s².
    pub accel_x: f64,
    /// Fitted acceleration along y, px/s² (the gravity estimate when airborne).
    pub accel_y: f64,
    /// Fitted velocity at the mean time, px/s.
    pub velocity_x: f64,
    /// Fitted velocity at the mean time, px/s.
    pub velocity_y: f64,
    /// RMS distance between the track and the fit, px.
    pub residual: f64,
    /// `accel_y / gravity`.
    pub gravity_ratio: f64,
    /// Airborne with an upward acceleration.
    pub falls_upward: bool,
    /// Airborne without gravity acting.
    pub hovering: bool,
    /// Speed spikes.
    pub teleports: u32,
    /// 0–1.
    pub plausibility: f64,
}

/// Running sums of a least-squares fit `p(τ) = c0 + c1·τ + c2·τ²`, one point at a time (fixed
/// memory: a tracker can fit a track it never stores).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct QuadraticFit {
    /// `Σ τ^k`, k = 0..4.
    s: [f64; 5],
    /// `Σ τ^k · p`, k = 0..2.
    r: [f64; 3],
    /// `Σ p²`.
    pp: f64,
}

impl QuadraticFit {
    /// No point yet.
    pub const EMPTY: QuadraticFit = QuadraticFit {
        s: [0.0; 5],
        r: [0.0; 3],
        pp: 0.0,
    };

    /// Adds the point `p` at `tau`.
    pub fn add(&mut self, tau: f64, p: f64) {
        let mut tk = 1.0;
        for k in 0..5 {
            self.s[k] += tk;
            if k < 3 {
                self.r[k] += tk * p;
            }
            tk *= tau;
        }
        self.pp += p * p;
    }

    /// Points added.
    pub fn len(&self) -> usize {
        self.s[0] as usize
    }

    /// No point added.
    pub fn is_empty(&self) -> bool {
        self.s[0] == 0.0
    }

    /// `(value at τ = 0, slope, acceleration)` and the squared residual sum, from the normal
    /// equations `M c = r`, `M[i][j] = Σ τ^(i+j)` (Cramer's rule); `None` with fewer than
    /// three distinct times.
    pub fn solve(&self) -> Option<([f64; 3], f64)> {
        let (s, r) = (&self.s, self.r);
        let m = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]];
        let det3 = |m: &[[f64; 3]; 3]| {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        };
        let d = det3(&m);
        // Relative to the scale of the sums: three distinct times give a clearly non-zero det.
        let scale = s[0] * s[2] * s[4];
        if !d.is_finite() || d.abs() <= 1e-12 * scale.abs().max(1e-300) {
            return None;
        }
        let mut c = [0.0; 3];
        for (j, cj) in c.iter_mut().enumerate() {
            let mut mj = m;
            for (row, rv) in mj.iter_mut().zip(r) {
                row[j] = rv;
            }
            *cj = det3(&mj) / d;
        }
        // Σ (p − c·φ)² = Σ p² − 2 c·r + cᵀ M c (cancels to about 1e-16 · Σ p²).
        let mut quad = 0.0;
        for i in 0..3 {
            for j in 0..3 {
                quad += c[i] * m[i][j] * c[j];
            }
        }
        let sse = (self.pp - 2.0 * (c[0] * r[0] + c[1] * r[1] + c[2] * r[2]) + quad).max(0.0);
        Some(([c[0], c[1], 2.0 * c[2]], sse))
    }
}

/// Least-squares quadratic fit: returns (value at τ=0, slope, acceleration) and the squared
/// residual sum.
fn fit(tau: impl Fn(usize) -> f64, p: &[f64]) -> Result<([f64; 3], f64), Error> {
    let mut q = QuadraticFit::default();
    for (i, &v) in p.iter().enumerate() {
        q.add(tau(i), v);
    }
    let (c, _) = q.solve().ok_or(Error::invalid(
        "track times",
        p.len() as f64,
        Rule::Text("at least 3 distinct times"),
    ))?;
    // The stored points give the residual exactly (the running form cancels).
    let sse = p
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let t = tau(i);
            let e = v - (c[0] + c[1] * t + 0.5 * c[2] * t * t);
            e * e
        })
        .sum();
    Ok((c, sse))
}

/// Fits and judges one track (see the module docs). `t` strictly increasing, seconds; at least
/// three points; all values finite.
pub fn analyze_track(
    t: &[f64],
    x: &[f64],
    y: &[f64],
    cfg: &TrackConfig,
) -> Result<TrackReport, Error> {
    let n = t.len();
    for len in [x.len(), y.len()] {
        if len != n {
            return Err(Error::LengthMismatch {
                expected: n,
                got: len,
            });
        }
    }
    if n < 3 {
        return Err(Error::invalid(
            "track length",
            n as f64,
            Rule::Text("at least 3 points"),
        ));
    }
    check_range("gravity", cfg.gravity, f64::MIN_POSITIVE, f64::MAX)?;
    check_range("min_jump", cfg.min_jump, 0.0, f64::MAX)?;
    for i in 0..n {
        for (name, v) in [("time", t[i]), ("x", x[i]), ("y", y[i])] {
            crate::error::check_finite(name, v).map_err(|e| e.at(i))?;
        }
        if i > 0 && t[i] <= t[i - 1] {
            let rule = Rule::Text("strictly increasing");
            return Err(Error::invalid("time", t[i], rule).at(i));
        }
    }
    let mean_t = t.iter().sum::<f64>() / n as f64;
    let tau = |i: usize| t[i] - mean_t;
    let (fx, ex) = fit(tau, x)?;
    let (fy, ey) = fit(tau, y)?;
    let g = cfg.gravity;
    let falls_upward = cfg.airborne && fy[2] < -FALL_UP_RATIO * g;
    let hovering = cfg.airborne && libm::fabs(fy[2]) < HOVER_RATIO * g;
    let speed = |k: usize| {
        let (dx, dy) = (x[k + 1] - x[k], y[k + 1] - y[k]);
        (
            libm::sqrt(dx * dx + dy * dy),
            libm::sqrt(dx * dx + dy * dy) / (t[k + 1] - t[k]),
        )
    };
    let mut teleports = 0u32;
    for k in 0..n - 1 {
        let (dist, v) = speed(k);
        let before = if k > 0 { speed(k - 1).1 } else { 0.0 };
        let after = if k + 2 < n { speed(k + 1).1 } else { 0.0 };
        if (k > 0 || k + 2 < n) && dist >= cfg.min_jump && v > TELEPORT_RATIO * before.max(after) {
            teleports += 1;
        }
    }
    let mut plausibility = 1.0;
    if falls_upward {
        plausibility *= PENALTY_FALL_UP;
    }
    if hovering {
        plausibility *= PENALTY_HOVER;
    }
    plausibility *= libm::pow(PENALTY_TELEPORT, f64::from(teleports));
    Ok(TrackReport {
        accel_x: fx[2],
        accel_y: fy[2],
        velocity_x: fx[1],
        velocity_y: fy[1],
        residual: libm::sqrt((ex + ey) / n as f64),
        gravity_ratio: fy[2] / g,
        falls_upward,
        hovering,
        teleports,
        plausibility,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballistic(n: usize, g: f64) -> ([f64; 64], [f64; 64], [f64; 64]) {
        let (mut t, mut x, mut y) = ([0.0; 64], [0.0; 64], [0.0; 64]);
        for i in 0..n {
            let s = i as f64 / 30.0;
            t[i] = s;
            x[i] = 10.0 + 120.0 * s;
            y[i] = 200.0 - 300.0 * s + 0.5 * g * s * s;
        }
        (t, x, y)
    }

    #[test]
    fn exact_parabola_recovers_gravity() {
        let cfg = TrackConfig {
            gravity: 900.0,
            airborne: true,
            min_jump: 10.0,
        };
        let (t, x, y) = ballistic(40, 900.0);
        let r = analyze_track(&t[..40], &x[..40], &y[..40], &cfg).unwrap();
        assert!((r.accel_y - 900.0).abs() < 1e-6, "{}", r.accel_y);
        assert!(r.accel_x.abs() < 1e-6 && r.residual < 1e-6);
        assert_eq!(
            (r.falls_upward, r.hovering, r.teleports, r.plausibility),
            (false, false, 0, 1.0)
        );
    }

    #[test]
    fn doctored_tracks_are_flagged() {
        let cfg = TrackConfig {
            gravity: 900.0,
            airborne: true,
            min_jump: 10.0,
        };
        let (t, x, y) = ballistic(40, -900.0);
        let r = analyze_track(&t[..40], &x[..40], &y[..40], &cfg).unwrap();
        assert!(r.falls_upward && r.plausibility < 0.5);
        let (t, x, mut y) = ballistic(40, 900.0);
        for v in y[20..40].iter_mut() {
            *v += 80.0;
        }
        let r = analyze_track(&t[..40], &x[..40], &y[..40], &cfg).unwrap();
        assert_eq!(r.teleports, 1);
        let flat = [100.0; 40];
        let r = analyze_track(&t[..40], &x[..40], &flat, &cfg).unwrap();
        assert!(r.hovering);
    }

    #[test]
    fn bad_tracks_are_refused() {
        let cfg = TrackConfig {
            gravity: 900.0,
            airborne: true,
            min_jump: 10.0,
        };
        assert!(analyze_track(&[0.0, 1.0], &[0.0, 1.0], &[0.0, 1.0], &cfg).is_err());
        assert!(analyze_track(&[0.0, 1.0, 1.0], &[0.0; 3], &[0.0; 3], &cfg).is_err());
        assert!(analyze_track(&[0.0, 1.0, 2.0], &[0.0; 3], &[0.0; 2], &cfg).is_err());
        assert!(analyze_track(&[0.0, 1.0, 2.0], &[0.0, f64::NAN, 0.0], &[0.0; 3], &cfg).is_err());
        let bad = TrackConfig {
            gravity: -1.0,
            ..cfg
        };
        assert!(analyze_track(&[0.0, 1.0, 2.0], &[0.0; 3], &[0.0; 3], &bad).is_err());
    }
}
