//! Text from OCR results: regions matched across frames, reading confidence and stability.
//!
//! Each frame brings OCR items (box `[x0, y0, x1, y1]`, the reading as UTF-8 bytes, confidence
//! 0–1). An item joins the live region it overlaps most (IoU ≥ [`TEXT_MATCH_IOU`], seen within
//! [`TEXT_MAX_GAP_FRAMES`]), or starts a new region. When a region's box barely moves
//! (IoU ≥ [`TEXT_STILL_IOU`] with its last box) its new reading is compared with the last one by
//! Levenshtein distance over characters (bytes if not valid UTF-8), normalised by the longer
//! reading. A region's **instability** is the share of those comparisons whose reading changed:
//! real captions read the same frame after frame (a new caption counts once), generated text
//! that morphs changes every few frames. The report also gives the mean normalised distance.
//!
//! `garbled_text` when a region seen for ≥ [`TEXT_MIN_FRAMES`] frames has instability above
//! [`TEXT_INSTABILITY_MAX`] or mean confidence below [`TEXT_MIN_CONFIDENCE`]; severity is the
//! larger of `instability / TEXT_INSTABILITY_SEVERE` and the confidence shortfall share, ≤ 1.
//! Fixed memory: [`MAX_TEXT_REGIONS`] live regions of readings up to [`MAX_TEXT_BYTES`] bytes
//! (longer readings are truncated at a character boundary).

use super::{DetectDefect, DetectDefectKind, MAX_DETECT_DEFECTS, check_box, iou};
use crate::error::{Error, check_range};

/// Live text regions tracked at once.
pub const MAX_TEXT_REGIONS: usize = 32;
/// Bytes kept of each reading.
pub const MAX_TEXT_BYTES: usize = 64;
/// Smallest IoU for an item to continue a region.
pub const TEXT_MATCH_IOU: f64 = 0.5;
/// IoU with the last box at or above which a region counts as still (readings are compared).
pub const TEXT_STILL_IOU: f64 = 0.8;
/// Frames a region may go unseen before it is closed.
pub const TEXT_MAX_GAP_FRAMES: u32 = 5;
/// Frames a region needs before it is judged.
pub const TEXT_MIN_FRAMES: u32 = 3;
/// Share of still-region readings that differ from the previous one above which text is
/// garbled (a caption may change at most every 10 frames).
pub const TEXT_INSTABILITY_MAX: f64 = 0.1;
/// Instability at which severity reaches 1.
pub const TEXT_INSTABILITY_SEVERE: f64 = 0.4;
/// Mean OCR confidence below which text is garbled.
pub const TEXT_MIN_CONFIDENCE: f64 = 0.5;

/// One OCR result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OcrItem<'a> {
    /// `[x0, y0, x1, y1]`, any consistent unit.
    pub bbox: [f32; 4],
    /// The reading, UTF-8 bytes.
    pub text: &'a [u8],
    /// OCR confidence, 0–1.
    pub confidence: f32,
}

#[derive(Debug, Clone, Copy)]
struct Region {
    live: bool,
    id: u32,
    bbox: [f32; 4],
    text: [u8; MAX_TEXT_BYTES],
    len: usize,
    first: u32,
    last: u32,
    frames: u32,
    conf_sum: f64,
    dist_sum: f64,
    comparisons: u32,
    changes: u32,
}

const EMPTY: Region = Region {
    live: false,
    id: 0,
    bbox: [0.0; 4],
    text: [0; MAX_TEXT_BYTES],
    len: 0,
    first: 0,
    last: 0,
    frames: 0,
    conf_sum: 0.0,
    dist_sum: 0.0,
    comparisons: 0,
    changes: 0,
};

/// Whole-stream text figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextReport {
    /// Frames pushed.
    pub frames: u32,
    /// Regions seen (live and closed).
    pub regions: u32,
    /// Mean OCR confidence over every reading.
    pub mean_confidence: f64,
    /// Share of still-region comparisons whose reading changed.
    pub instability: f64,
    /// Mean normalised edit distance over every still-region comparison.
    pub mean_edit_distance: f64,
    /// Reading changes of still regions.
    pub changes: u32,
    /// `garbled_text` defects, by first frame.
    pub defects: heapless::Vec<DetectDefect, MAX_DETECT_DEFECTS>,
    /// Defects not kept because the list was full.
    pub dropped_defects: u32,
}

/// Streaming OCR-result scorer.
#[derive(Debug, Clone)]
pub struct TextTracker {
    regions: [Region; MAX_TEXT_REGIONS],
    next_id: u32,
    frame: u32,
    readings: u64,
    conf_sum: f64,
    dist_sum: f64,
    comparisons: u64,
    changes: u32,
    defects: heapless::Vec<DetectDefect, MAX_DETECT_DEFECTS>,
    dropped: u32,
}

impl Default for TextTracker {
    fn default() -> Self {
        Self::new()
    }
}

/// Truncates `t` to at most [`MAX_TEXT_BYTES`] at a UTF-8 boundary (bytes if invalid).
fn clip_text(t: &[u8]) -> &[u8] {
    if t.len() <= MAX_TEXT_BYTES {
        return t;
    }
    let mut n = MAX_TEXT_BYTES;
    if core::str::from_utf8(t).is_ok() {
        while n > 0 && (t[n] & 0xC0) == 0x80 {
            n -= 1;
        }
    }
    &t[..n]
}

/// Characters of `t` (Unicode scalar values, or bytes if `t` is not UTF-8).
fn chars(t: &[u8], out: &mut [u32; MAX_TEXT_BYTES]) -> usize {
    let mut n = 0;
    match core::str::from_utf8(t) {
        Ok(s) => {
            for c in s.chars().take(MAX_TEXT_BYTES) {
                out[n] = c as u32;
                n += 1;
            }
        }
        Err(_) => {
            for &b in t.iter().take(MAX_TEXT_BYTES) {
                out[n] = u32::from(b);
                n += 1;
            }
        }
    }
    n
}

/// Levenshtein distance between `a` and `b` over characters, divided by the longer length
/// (0 for two empty readings).
pub fn normalized_edit_distance(a: &[u8], b: &[u8]) -> f64 {
    let (mut ca, mut cb) = ([0u32; MAX_TEXT_BYTES], [0u32; MAX_TEXT_BYTES]);
    let (na, nb) = (chars(clip_text(a), &mut ca), chars(clip_text(b), &mut cb));
    if na.max(nb) == 0 {
        return 0.0;
    }
    let mut prev = [0u16; MAX_TEXT_BYTES + 1];
    let mut cur = [0u16; MAX_TEXT_BYTES + 1];
    for (j, p) in prev.iter_mut().enumerate().take(nb + 1) {
        *p = j as u16;
    }
    for i in 1..=na {
        cur[0] = i as u16;
        for j in 1..=nb {
            let sub = prev[j - 1] + u16::from(ca[i - 1] != cb[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev[..=nb].copy_from_slice(&cur[..=nb]);
    }
    f64::from(prev[nb]) / na.max(nb) as f64
}

impl TextTracker {
    /// An empty tracker.
    pub fn new() -> Self {
        TextTracker {
            regions: [EMPTY; MAX_TEXT_REGIONS],
            next_id: 0,
            frame: 0,
            readings: 0,
            conf_sum: 0.0,
            dist_sum: 0.0,
            comparisons: 0,
            changes: 0,
            defects: heapless::Vec::new(),
            dropped: 0,
        }
    }

    /// Frames pushed.
    pub fn frames(&self) -> u32 {
        self.frame
    }

    fn judge(r: &Region) -> Option<DetectDefect> {
        if r.frames < TEXT_MIN_FRAMES {
            return None;
        }
        let conf = r.conf_sum / f64::from(r.frames);
        let inst = if r.comparisons > 0 {
            f64::from(r.changes) / f64::from(r.comparisons)
        } else {
            0.0
        };
        if inst <= TEXT_INSTABILITY_MAX && conf >= TEXT_MIN_CONFIDENCE {
            return None;
        }
        let sev = (inst / TEXT_INSTABILITY_SEVERE)
            .max((TEXT_MIN_CONFIDENCE - conf) / TEXT_MIN_CONFIDENCE)
            .clamp(0.0, 1.0);
        Some(DetectDefect {
            kind: DetectDefectKind::GarbledText,
            id: r.id,
            start: r.first,
            end: r.last,
            severity: sev,
        })
    }

    fn close(&mut self, k: usize) {
        if let Some(d) = Self::judge(&self.regions[k])
            && self.defects.push(d).is_err()
        {
            self.dropped += 1;
        }
        self.regions[k].live = false;
    }

    /// Adds one frame's OCR items (validated first: boxes finite and ordered, confidences in
    /// 0–1, at most [`MAX_TEXT_REGIONS`] items).
    pub fn push(&mut self, items: &[OcrItem<'_>]) -> Result<(), Error> {
        if items.len() > MAX_TEXT_REGIONS {
            return Err(Error::CapacityExceeded {
                capacity: MAX_TEXT_REGIONS,
            });
        }
        for it in items {
            check_box(it.bbox)?;
            check_range("OCR confidence", f64::from(it.confidence), 0.0, 1.0)?;
        }
        let f = self.frame;
        for k in 0..MAX_TEXT_REGIONS {
            if self.regions[k].live && f - self.regions[k].last > TEXT_MAX_GAP_FRAMES {
                self.close(k);
            }
        }
        let mut taken = [false; MAX_TEXT_REGIONS];
        for it in items {
            let text = clip_text(it.text);
            let mut best: Option<(usize, f64)> = None;
            for (k, r) in self.regions.iter().enumerate() {
                if r.live && !taken[k] && r.last < f {
                    let o = iou(r.bbox, it.bbox);
                    if o >= TEXT_MATCH_IOU && best.is_none_or(|(_, b)| o > b) {
                        best = Some((k, o));
                    }
                }
            }
            let k = match best {
                Some((k, o)) => {
                    let r = &mut self.regions[k];
                    if o >= TEXT_STILL_IOU {
                        let d = normalized_edit_distance(&r.text[..r.len], text);
                        r.dist_sum += d;
                        r.comparisons += 1;
                        self.dist_sum += d;
                        self.comparisons += 1;
                        if d > 0.0 {
                            r.changes += 1;
                            self.changes += 1;
                        }
                    }
                    k
                }
                None => {
                    let k = match self.regions.iter().position(|r| !r.live) {
                        Some(k) => k,
                        None => {
                            // Full: close the region seen longest ago.
                            let mut k = 0;
                            for (j, r) in self.regions.iter().enumerate() {
                                if !taken[j] && r.last < self.regions[k].last {
                                    k = j;
                                }
                            }
                            self.close(k);
                            k
                        }
                    };
                    self.regions[k] = Region {
                        live: true,
                        id: self.next_id,
                        first: f,
                        ..EMPTY
                    };
                    self.next_id += 1;
                    k
                }
            };
            taken[k] = true;
            let r = &mut self.regions[k];
            r.bbox = it.bbox;
            r.text[..text.len()].copy_from_slice(text);
            r.len = text.len();
            r.last = f;
            r.frames += 1;
            r.conf_sum += f64::from(it.confidence);
            self.readings += 1;
            self.conf_sum += f64::from(it.confidence);
        }
        self.frame += 1;
        Ok(())
    }

    /// The report on everything pushed so far.
    pub fn report(&self) -> TextReport {
        let mut defects = self.defects.clone();
        let mut dropped = self.dropped;
        for r in self.regions.iter().filter(|r| r.live) {
            if let Some(d) = Self::judge(r)
                && defects.push(d).is_err()
            {
                dropped += 1;
            }
        }
        defects.sort_unstable_by_key(|d| (d.start, d.id));
        TextReport {
            frames: self.frame,
            regions: self.next_id,
            mean_confidence: if self.readings > 0 {
                self.conf_sum / self.readings as f64
            } else {
                0.0
            },
            instability: if self.comparisons > 0 {
                f64::from(self.changes) / self.comparisons as f64
            } else {
                0.0
            },
            mean_edit_distance: if self.comparisons > 0 {
                self.dist_sum / self.comparisons as f64
            } else {
                0.0
            },
            changes: self.changes,
            defects,
            dropped_defects: dropped,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance() {
        assert_eq!(normalized_edit_distance(b"kitten", b"sitting"), 3.0 / 7.0);
        assert_eq!(normalized_edit_distance(b"", b""), 0.0);
        assert_eq!(
            normalized_edit_distance("héllo".as_bytes(), "hello".as_bytes()),
            0.2
        );
    }

    #[test]
    fn stable_caption_passes_and_morphing_text_is_garbled() {
        let mut t = TextTracker::new();
        let words: [&[u8]; 4] = [
            b"SALE 50% OFF",
            b"SA1E 5O% 0FF",
            b"SAIE 50% OFE",
            b"5ALE S0% OFF",
        ];
        for f in 0..60 {
            let stable = OcrItem {
                bbox: [10.0, 10.0, 200.0, 40.0],
                text: b"Welcome to the show",
                confidence: 0.95,
            };
            let morph = OcrItem {
                bbox: [10.0, 300.0, 200.0, 330.0],
                text: words[(f / 3) % 4],
                confidence: 0.8,
            };
            t.push(&[stable, morph]).unwrap();
        }
        let r = t.report();
        assert_eq!(r.regions, 2);
        assert_eq!(r.defects.len(), 1, "{r:?}");
        assert_eq!(
            (r.defects[0].id, r.defects[0].start, r.defects[0].end),
            (1, 0, 59)
        );
        assert!(r.defects[0].severity > 0.2);
    }

    #[test]
    fn bad_items_are_refused() {
        let mut t = TextTracker::new();
        let bad = OcrItem {
            bbox: [10.0, 10.0, 5.0, 40.0],
            text: b"x",
            confidence: 0.5,
        };
        assert!(t.push(&[bad]).is_err());
        let bad = OcrItem {
            bbox: [0.0, 0.0, 5.0, 5.0],
            text: b"x",
            confidence: 1.5,
        };
        assert!(t.push(&[bad]).is_err());
        assert_eq!(t.frames(), 0);
    }
}
