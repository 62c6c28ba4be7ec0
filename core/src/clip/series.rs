//! The per-frame series the verdict is computed from, in fixed memory.
//!
//! Each frame adds one [`Record`]. Up to `N` records the series is exact (one record per
//! frame); when it fills, adjacent records are merged 2:1 and each record then stands for twice
//! as many frames (means for levels, maxima for event scores, sums for translations), so any
//! clip length fits in the same memory and the frame ranges of defects stay correct to within
//! one record.

use super::residual::CellBox;

/// One frame's (or, after decimation, a run of frames') measurements, as `f32`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Record {
    /// Mean luma, code values.
    pub mean: f32,
    /// Variance of the Laplacian.
    pub sharpness: f32,
    /// Luma variance (σ²), code values².
    pub variance: f32,
    /// Immerkær noise σ.
    pub noise: f32,
    /// 8×8 blockiness ratio.
    pub blockiness: f32,
    /// RMS contrast.
    pub contrast: f32,
    /// Crushed-black share.
    pub black: f32,
    /// Blown-white share.
    pub white: f32,
    /// 90th percentile.
    pub p90: f32,
    /// libvmaf-style motion to the previous frame.
    pub motion: f32,
    /// Mean absolute difference to the previous frame.
    pub mafd: f32,
    /// Mean absolute difference to the freeze reference, share of full scale.
    pub freeze_diff: f32,
    /// Horizontal translation to the previous frame, working pixels (NaN: unreliable).
    pub shift_x: f32,
    /// Vertical translation to the previous frame, working pixels (NaN: unreliable).
    pub shift_y: f32,
    /// Largest chroma jump of a still grid cell.
    pub chroma_jump: f32,
    /// The still chroma-grid cells whose jump reached
    /// [`COLOR_SHIFT_JUMP`](super::config::COLOR_SHIFT_JUMP), on the residual grid.
    pub chroma_place: CellBox,
    /// Residual-grid cells boiling for [`BOIL_MIN_SECONDS`](super::config::BOIL_MIN_SECONDS)
    /// up to this frame ([`super::artefacts`]).
    pub boil: u8,
    /// Residual-grid cells that stepped at the frame before this one alone (popping).
    pub pop: u8,
}

impl Record {
    fn merge(a: &Record, b: &Record) -> Record {
        let mean = |x: f32, y: f32| 0.5 * (x + y);
        Record {
            mean: mean(a.mean, b.mean),
            sharpness: mean(a.sharpness, b.sharpness),
            variance: mean(a.variance, b.variance),
            noise: mean(a.noise, b.noise),
            blockiness: mean(a.blockiness, b.blockiness),
            contrast: mean(a.contrast, b.contrast),
            black: mean(a.black, b.black),
            white: mean(a.white, b.white),
            p90: mean(a.p90, b.p90),
            motion: mean(a.motion, b.motion),
            mafd: mean(a.mafd, b.mafd),
            freeze_diff: a.freeze_diff.max(b.freeze_diff),
            shift_x: a.shift_x + b.shift_x,
            shift_y: a.shift_y + b.shift_y,
            chroma_jump: a.chroma_jump.max(b.chroma_jump),
            chroma_place: a.chroma_place.union(b.chroma_place),
            boil: a.boil.max(b.boil),
            pop: a.pop.max(b.pop),
        }
    }
}

/// A fixed-capacity series of `N` records (`N` even, ≥ 2).
#[derive(Debug, Clone)]
pub struct Series<const N: usize> {
    records: [Record; N],
    len: usize,
    /// Frames per record (a power of two).
    per: usize,
    /// Frames accumulated into the record being built (when `per > 1`).
    partial: usize,
}

impl<const N: usize> Default for Series<N> {
    fn default() -> Self {
        Series {
            records: [Record::default(); N],
            len: 0,
            per: 1,
            partial: 0,
        }
    }
}

impl<const N: usize> Series<N> {
    /// Appends one frame's record.
    pub fn push(&mut self, r: Record) {
        if self.partial > 0 {
            // Fold into the open record: running mean weighted by frames so far.
            // (An open record exists: `partial > 0` only after a push.)
            let Some(last) = self
                .len
                .checked_sub(1)
                .and_then(|i| self.records.get_mut(i))
            else {
                return;
            };
            let k = self.partial as f32;
            let blend = |old: f32, new: f32| (old * k + new) / (k + 1.0);
            *last = Record {
                mean: blend(last.mean, r.mean),
                sharpness: blend(last.sharpness, r.sharpness),
                variance: blend(last.variance, r.variance),
                noise: blend(last.noise, r.noise),
                blockiness: blend(last.blockiness, r.blockiness),
                contrast: blend(last.contrast, r.contrast),
                black: blend(last.black, r.black),
                white: blend(last.white, r.white),
                p90: blend(last.p90, r.p90),
                motion: blend(last.motion, r.motion),
                mafd: blend(last.mafd, r.mafd),
                freeze_diff: last.freeze_diff.max(r.freeze_diff),
                shift_x: last.shift_x + r.shift_x,
                shift_y: last.shift_y + r.shift_y,
                chroma_jump: last.chroma_jump.max(r.chroma_jump),
                chroma_place: last.chroma_place.union(r.chroma_place),
                boil: last.boil.max(r.boil),
                pop: last.pop.max(r.pop),
            };
            self.partial += 1;
            if self.partial == self.per {
                self.partial = 0;
            }
            return;
        }
        if self.len == N {
            for i in 0..N / 2 {
                self.records[i] = Record::merge(&self.records[2 * i], &self.records[2 * i + 1]);
            }
            self.len = N / 2;
            self.per *= 2;
        }
        // (`len < N` here: a full series was just halved.)
        if let Some(slot) = self.records.get_mut(self.len) {
            *slot = r;
            self.len += 1;
        }
        self.partial = if self.per > 1 { 1 } else { 0 };
    }

    /// The records so far.
    pub fn records(&self) -> &[Record] {
        self.records.get(..self.len).unwrap_or_default()
    }

    /// Frames per record (at least 1).
    pub fn frames_per_record(&self) -> usize {
        self.per.max(1)
    }

    /// First frame of record `i`.
    pub fn first_frame(&self, i: usize) -> usize {
        i * self.per
    }

    /// Record holding frame `f`.
    pub fn record_of(&self, f: usize) -> usize {
        f / self.frames_per_record()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimates_and_keeps_frame_mapping() {
        let mut s: Series<8> = Series::default();
        for i in 0..20 {
            s.push(Record {
                mean: i as f32,
                shift_x: 1.0,
                ..Record::default()
            });
        }
        // 20 frames in 8 records: 4 frames per record after two decimations, 5 records.
        assert_eq!(s.frames_per_record(), 4);
        assert_eq!(s.records().len(), 5);
        assert_eq!(s.records()[0].mean, 1.5);
        assert_eq!(s.records()[4].mean, 17.5);
        assert_eq!(s.records()[0].shift_x, 4.0);
        assert_eq!(s.record_of(19), 4);
    }
}
