//! Scene cuts, one tracker: FFmpeg `scdet`'s score on the working copy, candidates held for
//! flash suppression, confirmation.
//!
//! `mafd = 100 · mean|cur − prev| / 256`, `score = clip(min(mafd, |mafd − prev_mafd|), 0,
//! 100)` (FFmpeg `libavfilter/vf_scdet.c`), a candidate when `score ≥ SCENE_THRESHOLD` from
//! frame 2 on (frame 1 has no previous mafd). A candidate is held for up to
//! [`FLASH_MAX_FRAMES`] frames: if the picture returns to the frame before it (scdet-scale
//! difference `100 · mean|cur − before| / 256` below [`FLASH_RETURN_SCORE`]) it was a flash,
//! not a cut; a candidate that is the same picture relit (the scorer's correlation test) and
//! does not return is no cut either. Beyond [`MAX_CUTS`] the clip is a montage and further cuts
//! are not recorded.
//!
//! The tracker keeps the working frame before the waiting candidate (`PIXELS` bytes).

use super::config::{FLASH_MAX_FRAMES, FLASH_RETURN_SCORE, MAX_CUTS, SCENE_THRESHOLD};
use super::working;

/// A cut candidate waiting out flash suppression.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    frame: u32,
    /// The same picture relit: a flash if it returns, else no cut.
    relit: bool,
    /// Grid cells of the new shot with colours the frame before never showed.
    palette: u8,
    waited: u32,
}

/// Scene-cut state of a clip with working frames of at most `PIXELS` pixels (fixed size).
#[derive(Debug, Clone)]
pub struct CutTracker<const PIXELS: usize> {
    cuts: heapless::Vec<u32, MAX_CUTS>,
    palette: heapless::Vec<u8, MAX_CUTS>,
    flashes: u32,
    pending: Option<Candidate>,
    prev_mafd: f64,
    /// The working frame before the waiting candidate: the picture a flash returns to.
    before: [u8; PIXELS],
}

impl<const PIXELS: usize> Default for CutTracker<PIXELS> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const PIXELS: usize> CutTracker<PIXELS> {
    /// A tracker that has seen no frame.
    pub const fn new() -> Self {
        CutTracker {
            cuts: heapless::Vec::new(),
            palette: heapless::Vec::new(),
            flashes: 0,
            pending: None,
            prev_mafd: 0.0,
            before: [0; PIXELS],
        }
    }

    /// Forgets every frame seen, in place (the kept frame is not read before the next
    /// candidate rewrites it).
    pub fn reset(&mut self) {
        self.cuts.clear();
        self.palette.clear();
        self.flashes = 0;
        self.pending = None;
        self.prev_mafd = 0.0;
    }

    /// The scdet score of a frame whose mean absolute difference from the one before is
    /// `mafd_pct` (percent of full scale), remembered for the next; 0 for the `first` frame.
    pub fn scene_score(&mut self, mafd_pct: f64, first: bool) -> f64 {
        let score = if first {
            0.0
        } else {
            libm::fmin(mafd_pct, libm::fabs(mafd_pct - self.prev_mafd)).clamp(0.0, 100.0)
        };
        self.prev_mafd = mafd_pct;
        score
    }

    /// Whether frame `index` with scdet `score` opens a candidate, asked before
    /// [`track`](Self::track) (no candidate is waiting yet).
    pub fn opens(&self, index: u32, score: f64) -> bool {
        index >= 2 && self.pending.is_none() && score >= SCENE_THRESHOLD
    }

    /// Frame `index` (working frame `cur`, `prev` the one before, each at most `PIXELS`
    /// pixels) with scdet `score`: a waiting candidate is dropped as a flash when `cur`'s
    /// scdet-scale difference from the frame before the candidate falls below
    /// [`FLASH_RETURN_SCORE`], or confirmed after [`FLASH_MAX_FRAMES`]; then the frame may open
    /// a candidate of its own (`relit`, with `palette` new-colour cells), keeping `prev`.
    /// Returns the cut confirmed at this step (its first frame).
    pub fn track(
        &mut self,
        index: u32,
        (score, palette, relit): (f64, u8, bool),
        cur: &[u8],
        prev: &[u8],
    ) -> Option<u32> {
        let mut confirmed = None;
        if let Some(c) = self.pending.as_mut() {
            if working::mean_abs_diff(cur, &self.before) * 100.0 / 256.0 < FLASH_RETURN_SCORE {
                self.pending = None;
                self.flashes += 1;
                return None;
            }
            c.waited += 1;
            if c.waited >= FLASH_MAX_FRAMES {
                confirmed = self.confirm();
            }
        }
        if self.opens(index, score) {
            self.pending = Some(Candidate {
                frame: index,
                relit,
                palette,
                waited: 0,
            });
            for (b, &p) in self.before.iter_mut().zip(prev) {
                *b = p;
            }
        }
        confirmed
    }

    /// Ends the clip: a waiting candidate is confirmed (returned when it became a cut).
    pub fn finish(&mut self) -> Option<u32> {
        self.confirm()
    }

    fn confirm(&mut self) -> Option<u32> {
        let c = self.pending.take()?;
        if c.relit {
            return None;
        }
        self.cuts.push(c.frame).ok()?;
        let _ = self.palette.push(c.palette);
        Some(c.frame)
    }

    /// The confirmed cuts (each its new shot's first frame).
    pub fn cuts(&self) -> &heapless::Vec<u32, MAX_CUTS> {
        &self.cuts
    }

    /// Per confirmed cut, the new shot's new-colour cells.
    pub fn palette(&self) -> &[u8] {
        &self.palette
    }

    /// Candidates dropped because the picture returned.
    pub fn flashes(&self) -> u32 {
        self.flashes
    }

    /// The cuts if the clip ended now: the confirmed ones and a waiting candidate that is not
    /// a relighting (as [`finish`](Self::finish) would confirm it).
    pub fn if_ended(&self) -> heapless::Vec<u32, MAX_CUTS> {
        let mut out = self.cuts.clone();
        if let Some(c) = self.pending {
            let _ = out.push(c.frame);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `scores` (frame 0 first) with one-pixel frames: 0, and a new picture (40 code
    /// values on, scdet-scale 100 · 40 / 256 ≈ 16 or more from the frames just before) at
    /// each frame scoring a candidate; from frame `returns` on, 0 again (the picture the first
    /// candidate left: a flash).
    fn run(scores: &[f64], returns: Option<u32>, relit_at: Option<u32>) -> CutTracker<1> {
        let mut t = CutTracker::new();
        let (mut prev, mut picture) = (0u8, 0u8);
        for (i, &s) in scores.iter().enumerate() {
            let i = i as u32;
            if s >= SCENE_THRESHOLD {
                picture = picture.wrapping_add(40);
            }
            let cur = if returns.is_some_and(|r| i >= r) {
                0
            } else {
                picture
            };
            t.track(i, (s, 3, relit_at == Some(i)), &[cur], &[prev]);
            prev = cur;
        }
        t.finish();
        t
    }

    #[test]
    fn scdet_score_is_the_smaller_of_the_level_and_its_change() {
        let mut t = CutTracker::<1>::new();
        assert_eq!(t.scene_score(40.0, true), 0.0);
        // min(12, |12 − 40|) = 12; then min(30, |30 − 12|) = 18; clipped at 100.
        assert_eq!(t.scene_score(12.0, false), 12.0);
        assert_eq!(t.scene_score(30.0, false), 18.0);
        assert_eq!(t.scene_score(250.0, false), 100.0);
    }

    #[test]
    fn a_candidate_becomes_a_cut_unless_the_picture_returns_or_it_was_relit() {
        let mut scores = [0.0; 20];
        scores[8] = SCENE_THRESHOLD + 1.0;
        // Held for FLASH_MAX_FRAMES frames, then confirmed (here before the end).
        let t = run(&scores, None, None);
        assert_eq!(
            (&t.cuts()[..], t.palette(), t.flashes()),
            (&[8][..], &[3][..], 0)
        );
        // The picture returns within the wait: a flash.
        let t = run(&scores, Some(9), None);
        assert_eq!((&t.cuts()[..], t.flashes()), (&[][..], 1));
        // The same picture relit that does not return: no cut, no flash.
        let t = run(&scores, None, Some(8));
        assert_eq!((&t.cuts()[..], t.flashes()), (&[][..], 0));
        // Frame 1 cannot open one (no previous mafd); a candidate at the end is confirmed by
        // finish, and if_ended already lists it.
        let mut late = [0.0; 10];
        late[1] = 99.0;
        late[9] = 99.0;
        let mut t = CutTracker::<1>::new();
        for (i, &s) in late.iter().enumerate() {
            t.track(i as u32, (s, 0, false), &[100], &[0]);
        }
        assert_eq!(t.cuts(), &[] as &[u32]);
        assert_eq!(&t.if_ended()[..], &[9]);
        assert_eq!(t.finish(), Some(9));
        assert_eq!(t.cuts(), &[9]);
        // The reset forgets it all.
        t.reset();
        assert_eq!(t.finish(), None);
        assert_eq!(t.cuts(), &[] as &[u32]);
    }

    #[test]
    fn a_flash_is_a_return_to_the_frame_before_the_candidate() {
        let s = SCENE_THRESHOLD + 1.0;
        // Two-pixel frames: [10, 10] before the candidate at frame 2, a new picture, then
        // [10, 14]: mean |Δ| 2 from the frame before, scdet-scale 100 · 2 / 256 ≈ 0.78, below
        // FLASH_RETURN_SCORE.
        let mut t = CutTracker::<2>::new();
        t.track(0, (0.0, 0, false), &[10, 10], &[0, 0]);
        t.track(1, (0.0, 0, false), &[10, 10], &[10, 10]);
        t.track(2, (s, 0, false), &[90, 250], &[10, 10]);
        t.track(3, (0.0, 0, false), &[10, 14], &[90, 250]);
        assert_eq!((t.flashes(), t.finish()), (1, None));
        // Not a return: 100 · mean(|90 − 10|, |14 − 10|) / 256 = 100 · 42 / 256 ≈ 16.4.
        let mut t = CutTracker::<2>::new();
        t.track(0, (0.0, 0, false), &[10, 10], &[0, 0]);
        t.track(1, (0.0, 0, false), &[10, 10], &[10, 10]);
        t.track(2, (s, 0, false), &[90, 250], &[10, 10]);
        t.track(3, (0.0, 0, false), &[90, 14], &[90, 250]);
        assert_eq!((t.flashes(), t.finish()), (0, Some(2)));
    }

    #[test]
    fn one_candidate_at_a_time_and_a_montage_keeps_max_cuts() {
        let scores = [SCENE_THRESHOLD + 1.0; 400];
        let t = run(&scores, None, None);
        // Every frame scores high, but a candidate waits FLASH_MAX_FRAMES frames before the
        // next can open.
        let step = FLASH_MAX_FRAMES;
        assert!(t.cuts().windows(2).all(|w| w[1] - w[0] == step));
        assert_eq!(t.cuts().len(), MAX_CUTS.min((399 - 2) / step as usize + 1));
        assert_eq!(t.cuts()[0], 2);
    }
}
