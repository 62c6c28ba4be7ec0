//! Subjects across shots: colour signatures and embeddings per shot, `appearance_shift`.
//!
//! A subject's **signature** is a normalised histogram of BT.601 chroma (Cb, Cr) inside its box,
//! in polar form: [`HUE_BINS`] hue sectors (the angle of `(Cb − 128, Cr − 128)`, each pixel
//! shared linearly between its two nearest sectors) × [`CHROMA_RINGS`] chroma rings (the
//! distance from grey: below [`NEUTRAL_CHROMA`], then doubling ring by ring). Near-grey pixels
//! (the first ring) have no reliable hue and are spread evenly over its sectors. Luma is left
//! out, and a gain on R, G and B scales chroma without turning its hue, so lighting moves mass at
//! most to a neighbouring ring while a recoloured garment moves it to other sectors.
//! Per track id and shot, the first [`SUBJECT_REF_FRAMES`] frames' signatures (and embeddings,
//! if given) are averaged into the shot's reference; a running mean of its latest signatures
//! (weight `1/SUBJECT_REF_FRAMES` for the newest) is what the subject looked like when the
//! shot ended, so a face that turns or a mouth that opens during a long shot is not compared
//! with the shot's first frames. The distance between signatures
//! ([`signature_distance`]) is the Hellinger distance `sqrt(1 − Σ sqrt(p·q))` (0 same,
//! 1 disjoint) between their hue profiles: the mass per sector over the chromatic rings, and the
//! grey mass, so a gain that moves colours between rings leaves it alone; between embeddings,
//! `1 − cos`. The **new-colour share** of a reference against an older one is the mass of its
//! bins whose 3 × 3 neighbourhood (sector ± 1, ring ± 1) in the older one all hold less than
//! [`NEW_COLOUR_FLOOR`]: colours the subject did not show before (a small garment such as a tie
//! recoloured moves too little mass for the Hellinger distance, but all of it lands on new bins).
//!
//! `appearance_shift` when
//! - **across a cut**: a subject's reference in a new shot is further than
//!   [`APPEARANCE_SHIFT_DISTANCE`] from its latest signatures in the last shot it appeared in
//!   (or than [`EMBEDDING_SHIFT_DISTANCE`] from that shot's reference embedding), or its
//!   new-colour share against them exceeds [`NEW_COLOUR_SHARE`];
//!   the defect spans its first frames in the new shot;
//! - **within a shot**: after its reference is set, the subject stays further than that distance
//!   from it for [`SHIFT_MIN_FRAMES`] frames in a row.
//!
//! A track id seen for the first time is a new subject and is never penalised. Severity is the
//! distance over twice its threshold (or the new-colour share over twice [`NEW_COLOUR_SHARE`]),
//! the larger, ≤ 1. Fixed memory: [`MAX_SUBJECTS`] tracks with embeddings up to
//! [`MAX_SUBJECT_EMBEDDING`] floats.

use super::{DetectDefect, DetectDefectKind, MAX_DETECT_DEFECTS, check_box};
use crate::error::{Error, Rule};
use crate::plane::RgbImage;

/// Hue sectors of a signature (22.5° each).
pub const HUE_BINS: usize = 16;
/// Chroma rings of a signature: `[0, c)`, `[c, 2c)`, `[2c, 4c)`, `[4c, ∞)` with
/// `c =` [`NEUTRAL_CHROMA`].
pub const CHROMA_RINGS: usize = 4;
/// Chroma (distance of `(Cb, Cr)` from grey, 8-bit code values) below which a pixel counts as
/// grey: about the chroma noise of compressed video.
pub const NEUTRAL_CHROMA: f64 = 4.0;
/// Values in a signature (ring-major: bin `ring · HUE_BINS + sector`).
pub const SIGNATURE_BINS: usize = HUE_BINS * CHROMA_RINGS;
/// Most pixels sampled per side of a box (larger boxes are sampled on a grid).
pub const SIGNATURE_SAMPLES: usize = 64;
/// Tracks kept at once (the one seen longest ago is forgotten first).
pub const MAX_SUBJECTS: usize = 8;
/// Longest embedding, floats.
pub const MAX_SUBJECT_EMBEDDING: usize = 512;
/// Frames averaged into a subject's per-shot reference.
pub const SUBJECT_REF_FRAMES: u32 = 5;
/// Hellinger distance between references above which the appearance shifted.
pub const APPEARANCE_SHIFT_DISTANCE: f64 = 0.35;
/// `1 − cos` between reference embeddings above which the identity shifted.
pub const EMBEDDING_SHIFT_DISTANCE: f64 = 0.3;
/// Mass below which a signature bin and its neighbours count as a colour the subject did not
/// show (set on the carphone take, see `docs/detectors.md`).
pub const NEW_COLOUR_FLOOR: f64 = 0.002;
/// New-colour share of a subject's reference across a cut above which its appearance shifted
/// (set on the carphone take: a bow tie recoloured is above it, the same shot relit below).
pub const NEW_COLOUR_SHARE: f64 = 0.03;
/// Frames in a row off the reference that make a within-shot shift.
pub const SHIFT_MIN_FRAMES: u32 = 3;

/// Half the width of the clothes region below a face, in face widths (from the face's centre).
pub const TORSO_HALF_WIDTH: f32 = 1.25;
/// Height of the clothes region below a face, in face heights (from the chin down).
pub const TORSO_HEIGHT: f32 = 1.0;

/// The region below a face box (`[x0, y0, x1, y1]`, e.g. the extent of its landmarks) where the
/// person's clothes are: [`TORSO_HALF_WIDTH`] face widths either side of its centre, from its
/// bottom edge down [`TORSO_HEIGHT`] face heights, clipped to a `width × height` frame. It
/// scales with the face, so a reframed shot of the same person covers the same clothes. `None`
/// when none of it is inside the frame (a face at the bottom edge).
pub fn torso_box(face: [f32; 4], width: usize, height: usize) -> Result<Option<[f32; 4]>, Error> {
    check_box(face)?;
    let (fw, fh) = (face[2] - face[0], face[3] - face[1]);
    let cx = 0.5 * (face[0] + face[2]);
    let (w, h) = (width as f32, height as f32);
    let b = [
        (cx - TORSO_HALF_WIDTH * fw).clamp(0.0, w),
        face[3].clamp(0.0, h),
        (cx + TORSO_HALF_WIDTH * fw).clamp(0.0, w),
        (face[3] + TORSO_HEIGHT * fh).clamp(0.0, h),
    ];
    Ok((b[2] - b[0] >= 1.0 && b[3] - b[1] >= 1.0).then_some(b))
}

/// The chroma signature of `bbox` (`[x0, y0, x1, y1]` pixels, clipped to the image) in `img`.
pub fn chroma_signature(
    img: &RgbImage<'_>,
    bbox: [f32; 4],
) -> Result<[f32; SIGNATURE_BINS], Error> {
    check_box(bbox)?;
    let (w, h) = img.size();
    let clip = |v: f32, hi: usize| (v.max(0.0) as usize).min(hi);
    let (x0, y0, x1, y1) = (
        clip(bbox[0], w),
        clip(bbox[1], h),
        clip(bbox[2], w),
        clip(bbox[3], h),
    );
    if x1 <= x0 || y1 <= y0 {
        return Err(Error::invalid(
            "box",
            f64::from(bbox[2] - bbox[0]),
            Rule::Text("non-empty inside the image (x1 > x0, y1 > y0 after clipping)"),
        ));
    }
    let step_x = (x1 - x0).div_ceil(SIGNATURE_SAMPLES);
    let step_y = (y1 - y0).div_ceil(SIGNATURE_SAMPLES);
    let mut hist = [0f32; SIGNATURE_BINS];
    let mut n = 0u32;
    for y in (y0..y1).step_by(step_y) {
        let row = img.row(y);
        for x in (x0..x1).step_by(step_x) {
            let (r, g, b) = (
                f64::from(row[3 * x]),
                f64::from(row[3 * x + 1]),
                f64::from(row[3 * x + 2]),
            );
            let cb = -0.168736 * r - 0.331264 * g + 0.5 * b;
            let cr = 0.5 * r - 0.418688 * g - 0.081312 * b;
            add_chroma(&mut hist, cb, cr);
            n += 1;
        }
    }
    for v in &mut hist {
        *v /= n as f32;
    }
    Ok(hist)
}

/// Adds one pixel's chroma (offsets from grey) to a polar histogram.
fn add_chroma(hist: &mut [f32; SIGNATURE_BINS], cb: f64, cr: f64) {
    let c = libm::sqrt(cb * cb + cr * cr);
    if c < NEUTRAL_CHROMA {
        for v in &mut hist[..HUE_BINS] {
            *v += 1.0 / HUE_BINS as f32;
        }
        return;
    }
    let ring = (1 + libm::log2(c / NEUTRAL_CHROMA) as usize).min(CHROMA_RINGS - 1);
    // Sector centres sit at (k + 0.5) · 360° / HUE_BINS; share between the two nearest.
    let turn = libm::atan2(cr, cb) / (2.0 * core::f64::consts::PI);
    let pos = (turn - libm::floor(turn)) * HUE_BINS as f64 - 0.5;
    let lo = libm::floor(pos);
    let frac = (pos - lo) as f32;
    let k0 = (lo as i64).rem_euclid(HUE_BINS as i64) as usize;
    let k1 = (k0 + 1) % HUE_BINS;
    hist[ring * HUE_BINS + k0] += 1.0 - frac;
    hist[ring * HUE_BINS + k1] += frac;
}

/// Share of `after`'s mass (normalised here) in bins whose neighbourhood (sector ± 1, ring
/// ± 1) in `before` (normalised) holds less than [`NEW_COLOUR_FLOOR`] in every bin: colours
/// `after` shows and `before` did not. 0–1; 0 when either is empty.
pub fn new_colour_share(before: &[f32; SIGNATURE_BINS], after: &[f32; SIGNATURE_BINS]) -> f64 {
    let sb: f64 = before.iter().map(|&v| f64::from(v)).sum();
    let sa: f64 = after.iter().map(|&v| f64::from(v)).sum();
    if sb <= 0.0 || sa <= 0.0 {
        return 0.0;
    }
    let floor = NEW_COLOUR_FLOOR * sb;
    let mut new = 0.0f64;
    for ring in 0..CHROMA_RINGS {
        for k in 0..HUE_BINS {
            let rings = ring.saturating_sub(1)..=(ring + 1).min(CHROMA_RINGS - 1);
            let seen = rings.into_iter().any(|r| {
                [HUE_BINS - 1, 0, 1]
                    .iter()
                    .any(|&d| f64::from(before[r * HUE_BINS + (k + d) % HUE_BINS]) >= floor)
            });
            if !seen {
                new += f64::from(after[ring * HUE_BINS + k]);
            }
        }
    }
    new / sa
}

/// The distance between two signatures: [`hellinger`] between their hue profiles (mass per
/// hue sector over the chromatic rings, then the grey ring's mass), 0–1.
pub fn signature_distance(a: &[f32; SIGNATURE_BINS], b: &[f32; SIGNATURE_BINS]) -> f64 {
    let profile = |s: &[f32; SIGNATURE_BINS]| {
        let mut p = [0f32; HUE_BINS + 1];
        p[HUE_BINS] = s[..HUE_BINS].iter().sum();
        for ring in s.chunks_exact(HUE_BINS).skip(1) {
            for (a, &v) in p.iter_mut().zip(ring) {
                *a += v;
            }
        }
        p
    };
    hellinger(&profile(a), &profile(b))
}

/// Hellinger distance between two histograms (normalised here), 0–1.
pub fn hellinger(p: &[f32], q: &[f32]) -> f64 {
    let sp: f64 = p.iter().map(|&v| f64::from(v)).sum();
    let sq: f64 = q.iter().map(|&v| f64::from(v)).sum();
    if sp <= 0.0 || sq <= 0.0 {
        return 1.0;
    }
    let bc: f64 = p
        .iter()
        .zip(q)
        .map(|(&a, &b)| libm::sqrt(f64::from(a) / sp * f64::from(b) / sq))
        .sum();
    libm::sqrt((1.0 - bc).max(0.0))
}

fn cosine_distance(a: &[f32], b: &[f32]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        ab += f64::from(x) * f64::from(y);
        aa += f64::from(x) * f64::from(x);
        bb += f64::from(y) * f64::from(y);
    }
    if aa <= 0.0 || bb <= 0.0 {
        return 0.0;
    }
    1.0 - (ab / libm::sqrt(aa * bb)).clamp(-1.0, 1.0)
}

/// One subject in one frame.
#[derive(Debug, Clone, Copy)]
pub struct SubjectObservation<'a> {
    /// The tracker's id for the subject.
    pub track_id: u32,
    /// Its chroma signature ([`chroma_signature`]).
    pub signature: [f32; SIGNATURE_BINS],
    /// Optional identity/appearance embedding (same length for a track).
    pub embedding: Option<&'a [f32]>,
}

#[derive(Debug, Clone, Copy)]
struct Ref {
    sig: [f32; SIGNATURE_BINS],
    emb: [f32; MAX_SUBJECT_EMBEDDING],
    emb_len: usize,
    count: u32,
}

const EMPTY_REF: Ref = Ref {
    sig: [0.0; SIGNATURE_BINS],
    emb: [0.0; MAX_SUBJECT_EMBEDDING],
    emb_len: 0,
    count: 0,
};

impl Ref {
    fn add(&mut self, o: &SubjectObservation<'_>) {
        for (a, b) in self.sig.iter_mut().zip(&o.signature) {
            *a += b;
        }
        if let Some(e) = o.embedding {
            let n = e.len().min(MAX_SUBJECT_EMBEDDING);
            for (a, b) in self.emb[..n].iter_mut().zip(e) {
                *a += b;
            }
            self.emb_len = n;
        }
        self.count += 1;
    }
    fn distance(&self, other: &Ref) -> f64 {
        let d = signature_distance(&self.sig, &other.sig);
        if self.emb_len > 0 && self.emb_len == other.emb_len {
            let e = cosine_distance(&self.emb[..self.emb_len], &other.emb[..other.emb_len]);
            d.max(e * APPEARANCE_SHIFT_DISTANCE / EMBEDDING_SHIFT_DISTANCE)
        } else {
            d
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    live: bool,
    id: u32,
    last: u32,
    shot: u32,
    first_in_shot: u32,
    cur: Ref,
    prev: Ref,
    /// Running mean of the latest signatures in the current shot.
    recent: [f32; SIGNATURE_BINS],
    /// `recent` when the previous shot ended.
    prev_recent: [f32; SIGNATURE_BINS],
    checked: bool,
    run: u32,
    flagged_in_shot: bool,
}

const EMPTY_SLOT: Slot = Slot {
    live: false,
    id: 0,
    last: 0,
    shot: 0,
    first_in_shot: 0,
    cur: EMPTY_REF,
    prev: EMPTY_REF,
    recent: [0.0; SIGNATURE_BINS],
    prev_recent: [0.0; SIGNATURE_BINS],
    checked: true,
    run: 0,
    flagged_in_shot: false,
};

/// Streaming subject-appearance scorer.
#[derive(Debug, Clone)]
pub struct SubjectTracker {
    slots: [Slot; MAX_SUBJECTS],
    frame: u32,
    shot: u32,
    defects: heapless::Vec<DetectDefect, MAX_DETECT_DEFECTS>,
    dropped: u32,
    within_shots: bool,
}

impl Default for SubjectTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl SubjectTracker {
    /// An empty tracker.
    pub fn new() -> Self {
        SubjectTracker {
            slots: [EMPTY_SLOT; MAX_SUBJECTS],
            frame: 0,
            shot: 0,
            defects: heapless::Vec::new(),
            dropped: 0,
            within_shots: true,
        }
    }

    /// An empty tracker that compares subjects across cuts only: for boxes a detector finds
    /// afresh in every frame (a face and the clothes below it) rather than identities a
    /// tracker follows, a change inside a shot is more often the detector settling on
    /// something else than the subject changing.
    pub fn across_cuts() -> Self {
        SubjectTracker {
            within_shots: false,
            ..Self::new()
        }
    }

    /// Frames pushed.
    pub fn frames(&self) -> u32 {
        self.frame
    }

    /// Shots so far (cuts + 1).
    pub fn shots(&self) -> u32 {
        self.shot + 1
    }

    fn add_defect(&mut self, id: u32, start: u32, end: u32, d: f64) {
        let defect = DetectDefect {
            kind: DetectDefectKind::AppearanceShift,
            id,
            start,
            end,
            severity: (d / (2.0 * APPEARANCE_SHIFT_DISTANCE)).min(1.0),
        };
        if self.defects.push(defect).is_err() {
            self.dropped += 1;
        }
    }

    /// Compares slot `k`'s current-shot reference with its previous shot's, once.
    fn check_cut(&mut self, k: usize) {
        let s = self.slots[k];
        if s.checked || s.cur.count == 0 || s.prev.count == 0 {
            return;
        }
        self.slots[k].checked = true;
        let mut last = s.prev;
        last.sig = s.prev_recent;
        let d = s.cur.distance(&last);
        let new = new_colour_share(&s.prev_recent, &s.cur.sig);
        if d > APPEARANCE_SHIFT_DISTANCE || new > NEW_COLOUR_SHARE {
            // On the distance's scale, so the severity is the larger of the two ratios.
            let d = d.max(new * APPEARANCE_SHIFT_DISTANCE / NEW_COLOUR_SHARE);
            self.add_defect(s.id, s.first_in_shot, s.last, d);
        }
    }

    /// Adds one frame: `new_shot` when a cut precedes it (from the clip scorer or elsewhere),
    /// and the subjects visible in it (distinct track ids, at most [`MAX_SUBJECTS`]).
    pub fn push(
        &mut self,
        new_shot: bool,
        subjects: &[SubjectObservation<'_>],
    ) -> Result<(), Error> {
        if subjects.len() > MAX_SUBJECTS {
            return Err(Error::CapacityExceeded {
                capacity: MAX_SUBJECTS,
            });
        }
        for (i, o) in subjects.iter().enumerate() {
            if subjects[..i].iter().any(|p| p.track_id == o.track_id) {
                return Err(Error::invalid(
                    "track id",
                    f64::from(o.track_id),
                    Rule::Text("unique within one frame"),
                ));
            }
            for &v in o.signature.iter().chain(o.embedding.unwrap_or(&[])) {
                crate::error::check_finite("subject signature or embedding", f64::from(v))?;
            }
        }
        if new_shot && self.frame > 0 {
            self.shot += 1;
        }
        let f = self.frame;
        for o in subjects {
            let k = match self.slots.iter().position(|s| s.live && s.id == o.track_id) {
                Some(k) => k,
                None => {
                    let k = self.slots.iter().position(|s| !s.live).unwrap_or_else(|| {
                        let mut k = 0;
                        for (j, s) in self.slots.iter().enumerate() {
                            if s.last < self.slots[k].last {
                                k = j;
                            }
                        }
                        k
                    });
                    self.slots[k] = Slot {
                        live: true,
                        id: o.track_id,
                        shot: self.shot,
                        first_in_shot: f,
                        ..EMPTY_SLOT
                    };
                    k
                }
            };
            if self.slots[k].shot != self.shot {
                self.check_cut(k);
                let s = &mut self.slots[k];
                if s.cur.count > 0 {
                    s.prev = s.cur;
                    s.prev_recent = s.recent;
                }
                s.cur = EMPTY_REF;
                s.shot = self.shot;
                s.first_in_shot = f;
                s.checked = false;
                s.run = 0;
                s.flagged_in_shot = false;
            }
            self.slots[k].last = f;
            {
                // The first frame of a shot starts the running mean afresh.
                let s = &mut self.slots[k];
                let w = if s.cur.count == 0 {
                    1.0
                } else {
                    1.0 / SUBJECT_REF_FRAMES as f32
                };
                for (r, &v) in s.recent.iter_mut().zip(&o.signature) {
                    *r += w * (v - *r);
                }
            }
            if self.slots[k].cur.count < SUBJECT_REF_FRAMES {
                self.slots[k].cur.add(o);
                if self.slots[k].cur.count == SUBJECT_REF_FRAMES {
                    self.check_cut(k);
                }
                continue;
            }
            if !self.within_shots {
                continue;
            }
            let mut this = EMPTY_REF;
            this.add(o);
            let d = this.distance(&self.slots[k].cur);
            let s = &mut self.slots[k];
            if d > APPEARANCE_SHIFT_DISTANCE {
                s.run += 1;
                if s.run >= SHIFT_MIN_FRAMES {
                    if s.flagged_in_shot {
                        if let Some(last) = self.defects.iter_mut().rev().find(|x| x.id == s.id) {
                            last.end = f;
                        }
                    } else {
                        s.flagged_in_shot = true;
                        let (id, start) = (s.id, f + 1 - s.run);
                        self.add_defect(id, start, f, d);
                    }
                }
            } else {
                s.run = 0;
            }
        }
        self.frame += 1;
        Ok(())
    }

    /// `appearance_shift` defects so far (by first frame) and how many were dropped.
    pub fn report(&self) -> (heapless::Vec<DetectDefect, MAX_DETECT_DEFECTS>, u32) {
        let mut t = self.clone();
        for k in 0..MAX_SUBJECTS {
            if t.slots[k].live {
                t.check_cut(k);
            }
        }
        t.defects.sort_unstable_by_key(|d| (d.start, d.id));
        (t.defects, t.dropped)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec;

    fn img(color: [u8; 3]) -> std::vec::Vec<u8> {
        let mut v = vec![90u8; 64 * 48 * 3];
        for y in 10..40 {
            for x in 20..44 {
                v[(y * 64 + x) * 3..(y * 64 + x) * 3 + 3].copy_from_slice(&color);
            }
        }
        v
    }

    fn run(after_cut: [u8; 3], new_id: bool) -> heapless::Vec<DetectDefect, MAX_DETECT_DEFECTS> {
        let mut t = SubjectTracker::new();
        let (red, other) = (img([200, 30, 30]), img(after_cut));
        for f in 0..40u32 {
            let data = if f < 20 { &red } else { &other };
            let im = RgbImage::new(data, 64, 48, 64 * 3).unwrap();
            let sig = chroma_signature(&im, [20.0, 10.0, 44.0, 40.0]).unwrap();
            let id = if new_id && f >= 20 { 7 } else { 1 };
            let o = SubjectObservation {
                track_id: id,
                signature: sig,
                embedding: None,
            };
            t.push(f == 20, &[o]).unwrap();
        }
        t.report().0
    }

    #[test]
    fn clothes_that_change_colour_at_a_cut_are_flagged() {
        let d = run([30, 40, 200], false);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].id, d[0].start, d[0].end), (1, 20, 24));
        assert!(run([200, 30, 30], false).is_empty());
        assert!(
            run([30, 40, 200], true).is_empty(),
            "a new subject is not penalised"
        );
    }

    #[test]
    fn the_torso_hangs_below_the_face_and_scales_with_it() {
        let t = torso_box([40.0, 20.0, 60.0, 50.0], 176, 144)
            .unwrap()
            .unwrap();
        assert_eq!(t, [25.0, 50.0, 75.0, 80.0]);
        // Reframed 1.2× about the frame's centre: the same region, scaled.
        let z = |v: f32, c: f32| c + (v - c) * 1.2;
        let f2 = [z(40.0, 88.0), z(20.0, 72.0), z(60.0, 88.0), z(50.0, 72.0)];
        let t2 = torso_box(f2, 176, 144).unwrap().unwrap();
        for (a, b) in t2
            .iter()
            .zip([z(25.0, 88.0), z(50.0, 72.0), z(75.0, 88.0), z(80.0, 72.0)])
        {
            assert!((a - b).abs() < 1e-4, "{t2:?}");
        }
        // Clipped to the frame; nothing left below a face at the bottom edge.
        assert_eq!(
            torso_box([0.0, 100.0, 20.0, 130.0], 176, 144).unwrap(),
            Some([0.0, 130.0, 35.0, 144.0])
        );
        assert_eq!(
            torso_box([0.0, 100.0, 20.0, 144.0], 176, 144).unwrap(),
            None
        );
        assert!(torso_box([5.0, 0.0, 1.0, 1.0], 176, 144).is_err());
    }

    #[test]
    fn signature_bins_follow_the_definition() {
        // Pure blue: Cb − 128 = 127.5, Cr − 128 = −20.7135, hue −9.228°, chroma 129.2 (ring 3);
        // sector position 16 · (1 − 9.228/360) − 0.5 = 15.0899: 91 % to sector 15, 9 % to 0.
        let blue = [0u8, 0, 255];
        let im = RgbImage::new(&blue, 1, 1, 3).unwrap();
        let sig = chroma_signature(&im, [0.0, 0.0, 1.0, 1.0]).unwrap();
        assert!((sig[3 * HUE_BINS + 15] - 0.9101).abs() < 1e-3, "{sig:?}");
        assert!((sig[3 * HUE_BINS] - 0.0899).abs() < 1e-3, "{sig:?}");
        // Grey has no hue: spread evenly over the first ring.
        let grey = [77u8, 77, 77];
        let im = RgbImage::new(&grey, 1, 1, 3).unwrap();
        let sig = chroma_signature(&im, [0.0, 0.0, 1.0, 1.0]).unwrap();
        assert!(sig[..HUE_BINS].iter().all(|&v| v == 1.0 / HUE_BINS as f32));
        assert_eq!(sig.iter().sum::<f32>(), 1.0);
        // A gain on R, G and B keeps the hue; the chroma ring moves by at most one.
        let sector = |px: [u8; 3]| {
            let im = RgbImage::new(&px, 1, 1, 3).unwrap();
            let sig = chroma_signature(&im, [0.0, 0.0, 1.0, 1.0]).unwrap();
            let k = (0..SIGNATURE_BINS)
                .max_by(|&a, &b| sig[a].total_cmp(&sig[b]))
                .unwrap();
            (k / HUE_BINS, k % HUE_BINS)
        };
        for px in [[150u8, 40, 40], [60, 120, 70], [90, 80, 140]] {
            let (ring, hue) = sector(px);
            for gain in [0.75, 1.3] {
                let lit = px.map(|c| (f64::from(c) * gain).round().min(255.0) as u8);
                let (r, h) = sector(lit);
                assert_eq!(h, hue, "{px:?} × {gain}");
                assert!(r.abs_diff(ring) <= 1, "{px:?} × {gain}");
            }
        }
    }

    /// A 64×48 subject: dark grey-blue suit with a red patch of `tie` pixels (a bow tie),
    /// every channel scaled by `gain`.
    fn suit(tie: [u8; 3], gain: f64) -> std::vec::Vec<u8> {
        let mut v = std::vec::Vec::with_capacity(64 * 48 * 3);
        for y in 0..48 {
            for x in 0..64 {
                let px = if (30..42).contains(&x) && (20..28).contains(&y) {
                    tie
                } else {
                    [60, 62, 75]
                };
                v.extend(px.map(|c| (f64::from(c) * gain).round().min(255.0) as u8));
            }
        }
        v
    }

    #[test]
    fn a_small_garment_recoloured_at_a_cut_is_a_new_colour() {
        let run = |after: &[u8]| {
            let before = suit([150, 40, 40], 1.0);
            let mut t = SubjectTracker::new();
            for f in 0..20u32 {
                let data = if f < 10 { &before[..] } else { after };
                let im = RgbImage::new(data, 64, 48, 64 * 3).unwrap();
                let sig = chroma_signature(&im, [0.0, 0.0, 64.0, 48.0]).unwrap();
                let o = SubjectObservation {
                    track_id: 1,
                    signature: sig,
                    embedding: None,
                };
                t.push(f == 10, &[o]).unwrap();
            }
            t.report().0
        };
        let sig = |d: &[u8]| {
            chroma_signature(
                &RgbImage::new(d, 64, 48, 64 * 3).unwrap(),
                [0.0, 0.0, 64.0, 48.0],
            )
            .unwrap()
        };
        // 96 of 3072 pixels (3.1 %) turn green: too little mass for the Hellinger distance,
        // all of it on colours the first shot never showed.
        let (red, green) = (
            sig(&suit([150, 40, 40], 1.0)),
            sig(&suit([40, 150, 60], 1.0)),
        );
        assert!(signature_distance(&red, &green) < APPEARANCE_SHIFT_DISTANCE);
        assert!((new_colour_share(&red, &green) - 96.0 / 3072.0).abs() < 1e-6);
        assert_eq!(new_colour_share(&green, &green), 0.0);
        let d = run(&suit([40, 150, 60], 1.0));
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].id, d[0].start), (1, 10));
        // The same subject relit is no shift.
        for gain in [0.75, 1.3] {
            assert!(run(&suit([150, 40, 40], gain)).is_empty(), "gain {gain}");
        }
    }

    #[test]
    fn within_shot_shift_and_bad_input() {
        let mut t = SubjectTracker::new();
        let (red, blue) = (img([200, 30, 30]), img([30, 40, 200]));
        for f in 0..30u32 {
            let data = if f < 15 { &red } else { &blue };
            let im = RgbImage::new(data, 64, 48, 64 * 3).unwrap();
            let sig = chroma_signature(&im, [20.0, 10.0, 44.0, 40.0]).unwrap();
            let o = SubjectObservation {
                track_id: 3,
                signature: sig,
                embedding: None,
            };
            t.push(false, &[o]).unwrap();
        }
        let d = t.report().0;
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].start, d[0].end), (15, 29));
        let o = SubjectObservation {
            track_id: 3,
            signature: [0.0; SIGNATURE_BINS],
            embedding: None,
        };
        assert!(t.push(false, &[o, o]).is_err());
        let im = RgbImage::new(&red, 64, 48, 64 * 3).unwrap();
        assert!(chroma_signature(&im, [70.0, 0.0, 80.0, 10.0]).is_err());
        // Across cuts only: the same frames leave nothing.
        let mut t = SubjectTracker::across_cuts();
        for f in 0..30u32 {
            let data = if f < 15 { &red } else { &blue };
            let im = RgbImage::new(data, 64, 48, 64 * 3).unwrap();
            let sig = chroma_signature(&im, [20.0, 10.0, 44.0, 40.0]).unwrap();
            let o = SubjectObservation {
                track_id: 3,
                signature: sig,
                embedding: None,
            };
            t.push(false, &[o]).unwrap();
        }
        assert!(t.report().0.is_empty());
    }
}
