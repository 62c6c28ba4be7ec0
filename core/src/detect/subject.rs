//! Subjects across shots: colour signatures and embeddings per shot, `appearance_shift`.
//!
//! A subject's **signature** is the normalised histogram of BT.601 chroma (Cb, Cr) inside its
//! box, [`CHROMA_BINS`]² bins (luma is left out, so lighting changes matter less than clothes).
//! Per track id and shot, the first [`SUBJECT_REF_FRAMES`] frames' signatures (and embeddings,
//! if given) are averaged into the shot's reference. The distance between signatures is the
//! Hellinger distance `sqrt(1 − Σ sqrt(p·q))` (0 same, 1 disjoint); between embeddings,
//! `1 − cos`.
//!
//! `appearance_shift` when
//! - **across a cut**: a subject's reference in a new shot is further than
//!   [`APPEARANCE_SHIFT_DISTANCE`] (or [`EMBEDDING_SHIFT_DISTANCE`]) from its reference in the
//!   last shot it appeared in; the defect spans its first frames in the new shot;
//! - **within a shot**: after its reference is set, the subject stays further than that from it
//!   for [`SHIFT_MIN_FRAMES`] frames in a row.
//!
//! A track id seen for the first time is a new subject and is never penalised. Severity is the
//! distance over twice the threshold, ≤ 1. Fixed memory: [`MAX_SUBJECTS`] tracks with
//! embeddings up to [`MAX_SUBJECT_EMBEDDING`] floats.

use super::{DetectDefect, DetectDefectKind, MAX_DETECT_DEFECTS, check_box};
use crate::error::Error;
use crate::plane::RgbImage;

/// Bins per chroma axis of a signature.
pub const CHROMA_BINS: usize = 8;
/// Values in a signature.
pub const SIGNATURE_BINS: usize = CHROMA_BINS * CHROMA_BINS;
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
/// Frames in a row off the reference that make a within-shot shift.
pub const SHIFT_MIN_FRAMES: u32 = 3;

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
        return Err(Error::InvalidValue {
            name: "box (empty inside the image)",
            value: f64::from(bbox[2] - bbox[0]),
        });
    }
    let step_x = (x1 - x0).div_ceil(SIGNATURE_SAMPLES);
    let step_y = (y1 - y0).div_ceil(SIGNATURE_SAMPLES);
    let mut hist = [0u32; SIGNATURE_BINS];
    let mut n = 0u32;
    for y in (y0..y1).step_by(step_y) {
        let row = img.row(y);
        for x in (x0..x1).step_by(step_x) {
            let (r, g, b) = (
                f64::from(row[3 * x]),
                f64::from(row[3 * x + 1]),
                f64::from(row[3 * x + 2]),
            );
            let cb = 128.0 - 0.168736 * r - 0.331264 * g + 0.5 * b;
            let cr = 128.0 + 0.5 * r - 0.418688 * g - 0.081312 * b;
            let bin = |v: f64| ((v * CHROMA_BINS as f64 / 256.0) as usize).min(CHROMA_BINS - 1);
            hist[bin(cb) * CHROMA_BINS + bin(cr)] += 1;
            n += 1;
        }
    }
    let mut out = [0.0f32; SIGNATURE_BINS];
    for (o, &c) in out.iter_mut().zip(&hist) {
        *o = c as f32 / n as f32;
    }
    Ok(out)
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
        let d = hellinger(&self.sig, &other.sig);
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
        let d = s.cur.distance(&s.prev);
        if d > APPEARANCE_SHIFT_DISTANCE {
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
                return Err(Error::InvalidValue {
                    name: "track id (repeated in one frame)",
                    value: f64::from(o.track_id),
                });
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
                }
                s.cur = EMPTY_REF;
                s.shot = self.shot;
                s.first_in_shot = f;
                s.checked = false;
                s.run = 0;
                s.flagged_in_shot = false;
            }
            self.slots[k].last = f;
            if self.slots[k].cur.count < SUBJECT_REF_FRAMES {
                self.slots[k].cur.add(o);
                if self.slots[k].cur.count == SUBJECT_REF_FRAMES {
                    self.check_cut(k);
                }
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
    }
}
