//! Faces from landmarks: blinks, expression dynamics and the `stiff_face` defect.
//!
//! **Eye aspect ratio** (Soukupová & Čech 2016): `EAR = (|p2 − p6| + |p3 − p5|) / (2·|p1 − p4|)`
//! per eye, averaged over both. Points: iBUG 68 eyes 36–41 and 42–47; MediaPipe face mesh
//! (468, or 478 with irises) right eye 33, 160, 158, 133, 153, 144 and left eye 362, 385, 387,
//! 263, 373, 380. **Blinks**: the EAR drops below [`BLINK_CLOSE_RATIO`] × the face's open-eye
//! level (an average over open frames, time constant [`OPEN_LEVEL_SECONDS`]) and recovers above
//! [`BLINK_OPEN_RATIO`] × it within [`BLINK_MAX_SECONDS`] (longer closures are not blinks).
//! **Expression**: mouth opening (inner lips: 68-point 62/66, mesh 13/14) and brow height (brow
//! to upper eyelid: 68-point 19/37 and 24/44, mesh 105/159 and 334/386), both divided by the
//! inter-ocular distance (outer eye corners: 36/45, mesh 33/263); their standard deviations
//! over the stream add up to the expression spread.
//!
//! Blendshapes (MediaPipe's 52, in its order): eye openness `1 − (eyeBlinkLeft[9] +
//! eyeBlinkRight[10])/2` plays the EAR, `jawOpen[25]` the mouth and `browInnerUp[3]` the brow,
//! scaled by [`BLENDSHAPE_EXPRESSION_SCALE`] to landmark units.
//!
//! **Stiffness** = `0.6·max(0, 1 − blink_rate/NORMAL_BLINK_RATE) + 0.4·max(0, 1 −
//! expression_spread/NORMAL_EXPRESSION_SPREAD)`; `stiff_face` when a face seen for at least
//! [`STIFF_MIN_SECONDS`] has stiffness ≥ [`STIFF_THRESHOLD`] (never blinking is enough on its
//! own; a blinking face with a still mouth is not flagged). People blink about 15–20 times a
//! minute at rest, fewer while reading or talking.

use super::{DetectDefect, DetectDefectKind};
use crate::error::{Error, Rule, check_range};

/// Closed when the EAR falls below this share of the open-eye level.
pub const BLINK_CLOSE_RATIO: f64 = 0.65;
/// Open again above this share of the open-eye level.
pub const BLINK_OPEN_RATIO: f64 = 0.85;
/// Longest closure counted as a blink, seconds.
pub const BLINK_MAX_SECONDS: f64 = 0.5;
/// Time constant of the open-eye level average, seconds.
pub const OPEN_LEVEL_SECONDS: f64 = 2.0;
/// Blink rate treated as fully human, blinks per minute.
pub const NORMAL_BLINK_RATE: f64 = 10.0;
/// Expression spread (mouth + brow standard deviation, inter-ocular units) treated as lively.
pub const NORMAL_EXPRESSION_SPREAD: f64 = 0.03;
/// Weight of the blink term in stiffness (the expression term gets the rest).
pub const STIFF_BLINK_WEIGHT: f64 = 0.6;
/// Stiffness at or above which `stiff_face` is reported.
pub const STIFF_THRESHOLD: f64 = 0.55;
/// Seconds a face must be seen before it is judged.
pub const STIFF_MIN_SECONDS: f64 = 5.0;
/// Blendshape coefficients are multiplied by this to compare with landmark ratios.
pub const BLENDSHAPE_EXPRESSION_SCALE: f64 = 0.1;
/// Coefficients in a MediaPipe blendshape vector.
pub const BLENDSHAPES: usize = 52;

/// (right eye, left eye) EAR points p1..p6, outer eye corners, inner lips, (brow, lid) ×2.
type LayoutPoints = ([[usize; 6]; 2], [usize; 2], [usize; 2], [[usize; 2]; 2]);

/// Which landmark layout a frame uses (from its point count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LandmarkLayout {
    /// iBUG 300-W 68 points (dlib, face-alignment).
    Ibug68,
    /// MediaPipe face mesh: 468 points, or 478 with irises.
    Mesh,
}

impl LandmarkLayout {
    /// The layout for `n` points (68, 468 or 478).
    pub fn from_points(n: usize) -> Result<Self, Error> {
        match n {
            68 => Ok(LandmarkLayout::Ibug68),
            468 | 478 => Ok(LandmarkLayout::Mesh),
            _ => Err(Error::invalid(
                "landmark count",
                n as f64,
                Rule::Text("68, 468 or 478"),
            )),
        }
    }

    /// (right eye, left eye) EAR points p1..p6, outer eye corners, inner lips, (brow, lid) ×2.
    fn points(self) -> LayoutPoints {
        match self {
            LandmarkLayout::Ibug68 => (
                [[36, 37, 38, 39, 40, 41], [42, 43, 44, 45, 46, 47]],
                [36, 45],
                [62, 66],
                [[19, 37], [24, 44]],
            ),
            LandmarkLayout::Mesh => (
                [
                    [33, 160, 158, 133, 153, 144],
                    [362, 385, 387, 263, 373, 380],
                ],
                [33, 263],
                [13, 14],
                [[105, 159], [334, 386]],
            ),
        }
    }
}

/// What one frame measured.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FaceFrame {
    /// Eye aspect ratio (or eye openness for blendshapes).
    pub ear: f64,
    /// Mouth opening / inter-ocular distance.
    pub mouth: f64,
    /// Brow height / inter-ocular distance.
    pub brow: f64,
    /// A blink ended on this frame.
    pub blink: bool,
}

/// Whole-stream face figures.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FaceReport {
    /// Frames with the face.
    pub frames: u32,
    /// Seconds with the face.
    pub seconds: f64,
    /// Blinks.
    pub blinks: u32,
    /// Blinks per minute.
    pub blink_rate: f64,
    /// Mean EAR.
    pub mean_ear: f64,
    /// Standard deviation of the mouth opening (inter-ocular units).
    pub mouth_spread: f64,
    /// Standard deviation of the brow height (inter-ocular units).
    pub brow_spread: f64,
    /// 0–1 (see the module docs).
    pub stiffness: f64,
    /// The `stiff_face` defect, if any.
    pub defect: Option<DetectDefect>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Welford {
    n: u32,
    mean: f64,
    m2: f64,
}

impl Welford {
    fn add(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / f64::from(self.n);
        self.m2 += d * (x - self.mean);
    }
    fn std(&self) -> f64 {
        if self.n > 1 {
            libm::sqrt(self.m2 / f64::from(self.n))
        } else {
            0.0
        }
    }
}

/// Streaming scorer of one face track.
#[derive(Debug, Clone)]
pub struct FaceTracker {
    fps: f64,
    id: u32,
    frames: u32,
    first: u32,
    index: u32,
    open_level: f64,
    closed: bool,
    closed_frames: u32,
    blinks: u32,
    ear: Welford,
    mouth: Welford,
    brow: Welford,
}

fn dist(p: &[[f32; 2]], a: usize, b: usize) -> f64 {
    let (x, y) = (p[a][0] - p[b][0], p[a][1] - p[b][1]);
    libm::sqrt(f64::from(x) * f64::from(x) + f64::from(y) * f64::from(y))
}

impl FaceTracker {
    /// A tracker for face `id` in a stream at `fps` frames per second.
    pub fn new(fps: f64, id: u32) -> Result<Self, Error> {
        check_range("fps", fps, 1e-3, 1e4)?;
        Ok(FaceTracker {
            fps,
            id,
            frames: 0,
            first: 0,
            index: 0,
            open_level: 0.0,
            closed: false,
            closed_frames: 0,
            blinks: 0,
            ear: Welford::default(),
            mouth: Welford::default(),
            brow: Welford::default(),
        })
    }

    /// Marks a frame without the face (time passes; nothing is measured).
    pub fn skip(&mut self) {
        self.index += 1;
    }

    fn observe(&mut self, ear: f64, mouth: f64, brow: f64) -> FaceFrame {
        if self.frames == 0 {
            self.first = self.index;
            self.open_level = ear;
        }
        let mut blink = false;
        if self.closed {
            self.closed_frames += 1;
            if ear > BLINK_OPEN_RATIO * self.open_level {
                self.closed = false;
                if f64::from(self.closed_frames) / self.fps <= BLINK_MAX_SECONDS {
                    self.blinks += 1;
                    blink = true;
                }
            }
        } else if ear < BLINK_CLOSE_RATIO * self.open_level {
            self.closed = true;
            self.closed_frames = 0;
        } else {
            let alpha = (1.0 / (OPEN_LEVEL_SECONDS * self.fps)).min(1.0);
            self.open_level += alpha * (ear - self.open_level);
        }
        self.ear.add(ear);
        self.mouth.add(mouth);
        self.brow.add(brow);
        self.frames += 1;
        self.index += 1;
        FaceFrame {
            ear,
            mouth,
            brow,
            blink,
        }
    }

    /// Adds a frame of landmarks (68, 468 or 478 `(x, y)` points, finite).
    pub fn push_landmarks(&mut self, points: &[[f32; 2]]) -> Result<FaceFrame, Error> {
        let layout = LandmarkLayout::from_points(points.len())?;
        for p in points {
            crate::error::check_finite("landmark coordinate", f64::from(p[0]))?;
            crate::error::check_finite("landmark coordinate", f64::from(p[1]))?;
        }
        let (eyes, corners, lips, brows) = layout.points();
        let iod = dist(points, corners[0], corners[1]);
        if iod <= 0.0 {
            return Err(Error::invalid(
                "inter-ocular distance",
                iod,
                Rule::Text("> 0 (the eye corners coincide)"),
            ));
        }
        let mut ear = 0.0;
        for e in eyes {
            let w = dist(points, e[0], e[3]);
            ear += if w > 0.0 {
                (dist(points, e[1], e[5]) + dist(points, e[2], e[4])) / (2.0 * w)
            } else {
                0.0
            };
        }
        let mouth = dist(points, lips[0], lips[1]) / iod;
        let brow = (dist(points, brows[0][0], brows[0][1])
            + dist(points, brows[1][0], brows[1][1]))
            / (2.0 * iod);
        // Finite points more than f32::MAX apart overflow the distances: refuse them rather
        // than report NaN figures (found by fuzzing the C ABI).
        if !(ear.is_finite() && mouth.is_finite() && brow.is_finite()) {
            return Err(Error::invalid(
                "landmark coordinates",
                mouth,
                Rule::Text("close enough that their distances are finite"),
            ));
        }
        Ok(self.observe(ear / 2.0, mouth, brow))
    }

    /// Adds a frame of MediaPipe's 52 blendshape coefficients (each 0–1).
    pub fn push_blendshapes(&mut self, coeffs: &[f32]) -> Result<FaceFrame, Error> {
        if coeffs.len() != BLENDSHAPES {
            return Err(Error::LengthMismatch {
                expected: BLENDSHAPES,
                got: coeffs.len(),
            });
        }
        for &c in coeffs {
            check_range("blendshape coefficient", f64::from(c), 0.0, 1.0)?;
        }
        let open = 1.0 - 0.5 * (f64::from(coeffs[9]) + f64::from(coeffs[10]));
        Ok(self.observe(
            open,
            BLENDSHAPE_EXPRESSION_SCALE * f64::from(coeffs[25]),
            BLENDSHAPE_EXPRESSION_SCALE * f64::from(coeffs[3]),
        ))
    }

    /// The report on everything pushed so far.
    pub fn report(&self) -> FaceReport {
        let seconds = f64::from(self.frames) / self.fps;
        let blink_rate = if seconds > 0.0 {
            f64::from(self.blinks) * 60.0 / seconds
        } else {
            0.0
        };
        let (ms, bs) = (self.mouth.std(), self.brow.std());
        let stiffness = STIFF_BLINK_WEIGHT * (1.0 - blink_rate / NORMAL_BLINK_RATE).max(0.0)
            + (1.0 - STIFF_BLINK_WEIGHT) * (1.0 - (ms + bs) / NORMAL_EXPRESSION_SPREAD).max(0.0);
        let defect =
            (seconds >= STIFF_MIN_SECONDS && stiffness >= STIFF_THRESHOLD).then(|| DetectDefect {
                kind: DetectDefectKind::StiffFace,
                id: self.id,
                start: self.first,
                end: self.index.saturating_sub(1),
                severity: stiffness.clamp(0.0, 1.0),
            });
        FaceReport {
            frames: self.frames,
            seconds,
            blinks: self.blinks,
            blink_rate,
            mean_ear: self.ear.mean,
            mouth_spread: ms,
            brow_spread: bs,
            stiffness,
            defect,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_too_far_apart_are_refused_not_nan() {
        // Finite coordinates spread over ±3e38: distances overflow f32.
        let mut t = FaceTracker::new(30.0, 0).unwrap();
        let mut state = 0x9e37_79b9_u32;
        let mut pts = [[0.0f32; 2]; 68];
        for p in pts.iter_mut() {
            for c in p.iter_mut() {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                *c = (state as f32 / u32::MAX as f32 * 2.0 - 1.0) * 3e38;
            }
        }
        for _ in 0..3 {
            let _ = t.push_landmarks(&pts);
        }
        let r = t.report();
        assert!(
            r.mean_ear.is_finite() && r.mouth_spread.is_finite() && r.brow_spread.is_finite(),
            "{r:?}"
        );
    }

    /// A 68-point face whose eyes open to `ear` and mouth to `mouth` (inter-ocular distance 60).
    fn face(ear: f32, mouth: f32) -> [[f32; 2]; 68] {
        let mut p = [[0.0f32; 2]; 68];
        for (e, x0) in [(36usize, 100.0f32), (42, 140.0)] {
            let h = ear * 20.0; // eye width 20 → EAR = h/20
            p[e] = [x0, 100.0];
            p[e + 1] = [x0 + 6.0, 100.0 - h / 2.0];
            p[e + 2] = [x0 + 14.0, 100.0 - h / 2.0];
            p[e + 3] = [x0 + 20.0, 100.0];
            p[e + 4] = [x0 + 14.0, 100.0 + h / 2.0];
            p[e + 5] = [x0 + 6.0, 100.0 + h / 2.0];
        }
        p[45] = [160.0, 100.0];
        p[19] = [110.0, 85.0];
        p[24] = [150.0, 85.0];
        p[62] = [130.0, 140.0];
        p[66] = [130.0, 140.0 + mouth * 60.0];
        p
    }

    #[test]
    fn blinking_face_is_alive_and_frozen_face_is_stiff() {
        let mut alive = FaceTracker::new(30.0, 0).unwrap();
        let mut frozen = FaceTracker::new(30.0, 1).unwrap();
        for f in 0..300 {
            // A blink (4 frames closed) every 3 s; mouth still.
            let ear = if f % 90 >= 40 && f % 90 < 44 {
                0.05
            } else {
                0.3
            };
            alive.push_landmarks(&face(ear, 0.05)).unwrap();
            frozen.push_landmarks(&face(0.3, 0.05)).unwrap();
        }
        let (a, z) = (alive.report(), frozen.report());
        assert_eq!(a.blinks, 3);
        assert!(
            (a.blink_rate - 18.0).abs() < 1e-9 && a.defect.is_none(),
            "{a:?}"
        );
        assert_eq!(z.blinks, 0);
        let d = z.defect.unwrap();
        assert!(d.severity > 0.9 && d.start == 0 && d.end == 299 && d.id == 1);
    }

    #[test]
    fn bad_landmarks_are_refused() {
        let mut t = FaceTracker::new(30.0, 0).unwrap();
        assert!(t.push_landmarks(&[[0.0; 2]; 10]).is_err());
        assert!(t.push_landmarks(&[[0.0; 2]; 68]).is_err());
        let mut p = face(0.3, 0.0);
        p[3][0] = f32::NAN;
        assert!(t.push_landmarks(&p).is_err());
        assert!(t.push_blendshapes(&[0.0; 51]).is_err());
        assert!(FaceTracker::new(0.0, 0).is_err());
    }
}
