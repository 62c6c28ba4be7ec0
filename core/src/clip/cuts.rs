//! Scene cuts, one tracker: FFmpeg `scdet`'s score on the working copy, candidates held for
//! flash suppression, confirmation.
//!
//! `mafd = 100 · mean|cur − prev| / 256`, `score = clip(min(mafd, |mafd − prev_mafd|), 0,
//! 100)` (FFmpeg `libavfilter/vf_scdet.c`), a candidate when `score ≥ SCENE_THRESHOLD` from
//! frame 2 on (frame 1 has no previous mafd). A candidate is held for up to
//! [`FLASH_MAX_FRAMES`] frames: if the picture returns to the frame before it (scdet-scale
//! difference below [`FLASH_RETURN_SCORE`]) it was a flash, not a cut; a candidate that is the
//! same picture relit (the scorer's correlation test) and does not return is no cut either.
//! Beyond [`MAX_CUTS`] the clip is a montage and further cuts are not recorded.
//!
//! The tracker holds no frame: the scorer keeps the frame before the candidate and says how
//! far the picture is from it ([`CutTracker::track`]'s `back`).

use super::config::{FLASH_MAX_FRAMES, FLASH_RETURN_SCORE, MAX_CUTS, SCENE_THRESHOLD};

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

/// What one frame did to the cuts ([`CutTracker::track`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CutStep {
    /// A candidate opened at this frame: the caller keeps the frame before it for `back`.
    pub opened: bool,
    /// A cut confirmed at this frame's step (its first frame).
    pub confirmed: Option<u32>,
}

/// Scene-cut state of a clip (fixed size).
#[derive(Debug, Clone)]
pub struct CutTracker {
    cuts: heapless::Vec<u32, MAX_CUTS>,
    palette: heapless::Vec<u8, MAX_CUTS>,
    flashes: u32,
    pending: Option<Candidate>,
    prev_mafd: f64,
}

impl Default for CutTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl CutTracker {
    /// A tracker that has seen no frame.
    pub const fn new() -> Self {
        CutTracker {
            cuts: heapless::Vec::new(),
            palette: heapless::Vec::new(),
            flashes: 0,
            pending: None,
            prev_mafd: 0.0,
        }
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

    /// Frame `index` with scdet `score`: a waiting candidate is dropped as a flash when `back()`
    /// (the frame's scdet-scale difference from the frame before the candidate) falls below
    /// [`FLASH_RETURN_SCORE`], or confirmed after [`FLASH_MAX_FRAMES`]; then the frame may
    /// open a candidate of its own (`relit`, with `palette` new-colour cells).
    pub fn track(
        &mut self,
        index: u32,
        score: f64,
        palette: u8,
        relit: bool,
        back: impl FnOnce() -> f64,
    ) -> CutStep {
        let mut step = CutStep::default();
        if let Some(c) = self.pending.as_mut() {
            if back() < FLASH_RETURN_SCORE {
                self.pending = None;
                self.flashes += 1;
                return step;
            }
            c.waited += 1;
            if c.waited >= FLASH_MAX_FRAMES {
                step.confirmed = self.confirm();
            }
        }
        if self.opens(index, score) {
            self.pending = Some(Candidate {
                frame: index,
                relit,
                palette,
                waited: 0,
            });
            step.opened = true;
        }
        step
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

    /// Feeds `scores` (frame 0 first), with the picture back at the frame before a candidate
    /// from frame `returns` on (a flash), and returns the tracker.
    fn run(scores: &[f64], returns: Option<u32>, relit_at: Option<u32>) -> CutTracker {
        let mut t = CutTracker::new();
        for (i, &s) in scores.iter().enumerate() {
            let i = i as u32;
            let back = if returns.is_some_and(|r| i >= r) {
                0.0
            } else {
                50.0
            };
            t.track(i, s, 3, relit_at == Some(i), || back);
        }
        t.finish();
        t
    }

    #[test]
    fn scdet_score_is_the_smaller_of_the_level_and_its_change() {
        let mut t = CutTracker::new();
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
        let mut t = CutTracker::new();
        for (i, &s) in late.iter().enumerate() {
            t.track(i as u32, s, 0, false, || 50.0);
        }
        assert_eq!(t.cuts(), &[] as &[u32]);
        assert_eq!(&t.if_ended()[..], &[9]);
        assert_eq!(t.finish(), Some(9));
        assert_eq!(t.cuts(), &[9]);
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
