//! Clipping, one tracker: runs of at least [`CLIP_RUN_MIN`] samples at full scale
//! ([`CLIP_LEVEL`]), and sub-blocks whose samples sit pinned near full scale
//! ([`NEAR_FULL_SCALE`]: at least [`PINNED_MIN_SHARE`] of a channel's sub-block, denser than
//! [`PINNED_DENSITY_RATIO`] times the shoulder below, [`SHOULDER_LEVEL`]; what a limiter or a
//! lossy codec leaves of clipped audio), gathered into spans while the pieces follow each
//! other within [`CLIP_MERGE_SECONDS`]. Each span becomes one clipping defect whose severity
//! grows with the clipped share of its samples.

use super::config::*;
use super::scorer::{AudioDefect, AudioDefectKind};

/// Clipping evidence gathered into one defect while pieces follow each other within
/// [`CLIP_MERGE_SECONDS`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ClipSpan {
    open: bool,
    /// First and last frame covered.
    start: u64,
    end: u64,
    /// Clipped samples inside (all channels).
    count: u64,
}

impl ClipSpan {
    /// Adds `count` clipped samples over frames `first..=last`; returns the span this closes when
    /// the new piece starts more than `merge` frames after its end.
    fn mark(&mut self, first: u64, last: u64, count: u64, merge: u64) -> Option<ClipSpan> {
        let mut closed = None;
        if self.open && first > self.end + merge {
            closed = Some(*self);
            self.open = false;
        }
        if !self.open {
            *self = ClipSpan {
                open: true,
                start: first,
                end: last,
                count: 0,
            };
        }
        self.start = self.start.min(first);
        self.end = self.end.max(last);
        self.count += count;
        closed
    }

    /// The clipping defect of an open span at `rate` Hz over `channels`; severity grows with
    /// the clipped share of its samples (`√(share / CLIP_FRACTION_SEVERE)`, at most 1).
    pub(super) fn defect(&self, rate: f64, channels: usize) -> Option<AudioDefect> {
        if !self.open {
            return None;
        }
        let span = (self.end + 1 - self.start) as f64 * channels as f64;
        let frac = self.count as f64 / span;
        Some(AudioDefect {
            kind: AudioDefectKind::Clipping,
            start: self.start as f64 / rate,
            end: (self.end + 1) as f64 / rate,
            severity: libm::sqrt(frac / CLIP_FRACTION_SEVERE).min(1.0),
        })
    }
}

/// Clipping state of a stream (fixed size). Frames are counted per channel; `merge` is
/// [`CLIP_MERGE_SECONDS`] in frames.
#[derive(Debug, Clone)]
pub(super) struct Clipping {
    /// Per channel, the full-scale run still open at the last sample.
    run: [u32; MAX_CHANNELS],
    /// Clipped samples so far (all channels).
    clipped: u64,
    span: ClipSpan,
    /// Per channel, this sub-block's samples near full scale, in the shoulder below, and in
    /// full-scale runs.
    near: [u32; MAX_CHANNELS],
    shoulder: [u32; MAX_CHANNELS],
    block_runs: [u32; MAX_CHANNELS],
}

impl Clipping {
    /// A stream with no sample yet.
    pub(super) const fn new() -> Self {
        Clipping {
            run: [0; MAX_CHANNELS],
            clipped: 0,
            span: ClipSpan {
                open: false,
                start: 0,
                end: 0,
                count: 0,
            },
            near: [0; MAX_CHANNELS],
            shoulder: [0; MAX_CHANNELS],
            block_runs: [0; MAX_CHANNELS],
        }
    }

    /// Channel `c`'s samples `x` from frame `at.0` on (`local` their largest magnitude;
    /// `at.1` the merge distance): full-scale runs and the near-full-scale counts of the open
    /// sub-block. Each span a run closes goes to `closed`.
    pub(super) fn scan(
        &mut self,
        c: usize,
        x: &[f32],
        local: f32,
        (start, merge): (u64, u64),
        closed: &mut impl FnMut(ClipSpan),
    ) {
        if local >= CLIP_LEVEL {
            self.runs(c, x, start, merge, closed);
        } else if let Some(run) = self.run.get_mut(c) {
            *run = 0;
        }
        if local >= SHOULDER_LEVEL
            && let (Some(near), Some(shoulder)) = (self.near.get_mut(c), self.shoulder.get_mut(c))
        {
            let (n, s) = near_full_scale(x);
            *near += n;
            *shoulder += s;
        }
    }

    fn runs(
        &mut self,
        c: usize,
        x: &[f32],
        start: u64,
        merge: u64,
        closed: &mut impl FnMut(ClipSpan),
    ) {
        let (Some(&run_before), Some(&runs_before)) = (self.run.get(c), self.block_runs.get(c))
        else {
            return;
        };
        let (mut run, mut runs) = (run_before, runs_before);
        for (i, &v) in x.iter().enumerate() {
            if libm::fabsf(v) < CLIP_LEVEL {
                run = 0;
                continue;
            }
            run += 1;
            if run < CLIP_RUN_MIN {
                continue;
            }
            let add = if run == CLIP_RUN_MIN {
                u64::from(CLIP_RUN_MIN)
            } else {
                1
            };
            let at = start + i as u64;
            self.clipped += add;
            runs += add as u32;
            if let Some(done) = self.span.mark(at + 1 - add, at, add, merge) {
                closed(done);
            }
        }
        if let (Some(r), Some(b)) = (self.run.get_mut(c), self.block_runs.get_mut(c)) {
            (*r, *b) = (run, runs);
        }
    }

    /// Whether the open sub-block's first `len` frames are pinned at full scale in one of the
    /// first `channels`, and if so the near-full-scale samples of its pinned channels not
    /// already counted in full-scale runs.
    fn pinned(&self, len: usize, channels: usize) -> Option<u64> {
        let mut extra = 0u64;
        let mut any = false;
        let counts = self.near.iter().zip(&self.shoulder).zip(&self.block_runs);
        for ((&near_count, &shoulder), &runs) in counts.take(channels) {
            let (near, shoulder) = (f64::from(near_count), f64::from(shoulder));
            if near > 0.0
                && near >= PINNED_MIN_SHARE * len as f64
                && near >= PINNED_DENSITY_RATIO * shoulder / 3.0
            {
                any = true;
                extra += u64::from(near_count.saturating_sub(runs));
            }
        }
        any.then_some(extra)
    }

    /// The sub-block of `len` frames ending before frame `frames` closes: its pinned samples
    /// count (a span they close goes to `closed`) and its counts start over.
    pub(super) fn close_subblock(
        &mut self,
        (frames, len): (u64, usize),
        (channels, merge): (usize, u64),
        closed: &mut impl FnMut(ClipSpan),
    ) {
        if let Some(extra) = self.pinned(len, channels) {
            self.clipped += extra;
            let first = frames - len as u64;
            if let Some(done) = self.span.mark(first, frames - 1, extra, merge) {
                closed(done);
            }
        }
        self.near = [0; MAX_CHANNELS];
        self.shoulder = [0; MAX_CHANNELS];
        self.block_runs = [0; MAX_CHANNELS];
    }

    /// The clipped samples and the spans (one closed by the open sub-block, if any, and the
    /// open one) as if the sub-block holding the last `pos` of `frames` frames closed now.
    pub(super) fn if_closed(
        &self,
        (frames, pos): (u64, usize),
        (channels, merge): (usize, u64),
    ) -> (u64, Option<ClipSpan>, ClipSpan) {
        let (mut span, mut clipped, mut closed) = (self.span, self.clipped, None);
        if pos > 0
            && let Some(extra) = self.pinned(pos, channels)
        {
            clipped += extra;
            let first = frames - pos as u64;
            closed = span.mark(first, frames - 1, extra, merge);
        }
        (clipped, closed, span)
    }
}

/// Samples of `x` near full scale and in the shoulder below it ([`NEAR_FULL_SCALE`],
/// [`SHOULDER_LEVEL`]); branch-free, so it vectorises.
fn near_full_scale(x: &[f32]) -> (u32, u32) {
    let (mut near, mut above) = (0u32, 0u32);
    for &v in x {
        let a = libm::fabsf(v);
        near += u32::from(a >= NEAR_FULL_SCALE);
        above += u32::from(a >= SHOULDER_LEVEL);
    }
    (near, above - near)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_count_from_their_third_sample_and_far_pieces_split_spans() {
        let mut c = Clipping::new();
        let mut closed = heapless::Vec::<ClipSpan, 4>::new();
        // Two full-scale samples are no run; five are (all five count), at frames 10..14.
        let mut x = [0.5f32; 20];
        x[2..4].fill(1.0);
        x[10..15].fill(-1.0);
        c.scan(0, &x, 1.0, (0, 100), &mut |s| closed.push(s).unwrap());
        assert!(closed.is_empty());
        let (clipped, none, open) = c.if_closed((20, 0), (1, 100));
        assert_eq!((clipped, none.is_none()), (5, true));
        assert_eq!((open.start, open.end, open.count), (10, 14, 5));
        // A run 1000 frames later (beyond merge = 100) closes the first span; a run going on
        // across two calls counts once per sample.
        let mut y = [0.0f32; 20];
        y[18..].fill(1.0);
        c.scan(0, &y, 1.0, (1000, 100), &mut |s| closed.push(s).unwrap());
        c.scan(0, &[1.0, 1.0, 0.0], 1.0, (1020, 100), &mut |s| {
            closed.push(s).unwrap()
        });
        assert_eq!(closed.len(), 1);
        assert_eq!(
            (closed[0].start, closed[0].end, closed[0].count),
            (10, 14, 5)
        );
        let (clipped, _, open) = c.if_closed((1023, 0), (1, 100));
        assert_eq!((clipped, open.start, open.end), (9, 1018, 1021));
        // Its defect: 4 of 4 samples clipped, severity 1, in seconds at 1000 Hz.
        let d = open.defect(1000.0, 1).unwrap();
        assert_eq!((d.start, d.end, d.severity), (1.018, 1.022, 1.0));
    }

    #[test]
    fn a_sub_block_pinned_near_full_scale_counts_once_it_closes() {
        // 1 % of a 400-frame sub-block at 0.95 (near full scale, below CLIP_LEVEL), nothing in
        // the shoulder: pinned. Half as many in the shoulder too: still denser than 1.5 / 3.
        let mut c = Clipping::new();
        let mut x = [0.0f32; 400];
        x[100..104].fill(0.95);
        c.scan(0, &x, 0.95, (0, 10), &mut |_| unreachable!());
        assert_eq!(c.if_closed((400, 400), (1, 10)).0, 4);
        let mut spans = 0;
        c.close_subblock((400, 400), (1, 10), &mut |_| spans += 1);
        assert_eq!((spans, c.clipped), (0, 4));
        assert_eq!((c.span.start, c.span.end), (0, 399));
        // A sub-block whose loud samples mostly sit in the shoulder is music, not clipping.
        let mut d = Clipping::new();
        x[200..260].fill(0.7);
        d.scan(0, &x, 0.95, (0, 10), &mut |_| unreachable!());
        d.close_subblock((400, 400), (1, 10), &mut |_| unreachable!());
        assert_eq!(d.clipped, 0);
    }
}
