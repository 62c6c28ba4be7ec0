//! Silence, one tracker: 100 ms sub-blocks quieter than [`SILENCE_LUFS`] (their BS.1770
//! loudness, [`lufs`] of the K-weighted energy the loudness meter measures), counted for the
//! silence ratio and gathered into runs. A run of at least [`SILENCE_MIN_SECONDS`] is a
//! `silence` defect from its first sub-block's start to its last one's end, with severity
//! `length / SILENCE_SEVERE_SECONDS` (at most 1).

use super::config::{SILENCE_LUFS, SILENCE_MIN_SECONDS, SILENCE_SEVERE_SECONDS};
use super::gating::lufs;
use super::scorer::{AudioDefect, AudioDefectKind};

/// Silent sub-blocks and the run still open (fixed size; all zeros is a fresh state).
#[derive(Debug, Clone, Default)]
pub(super) struct Silence {
    /// Sub-blocks closed.
    subblocks: u64,
    /// Of them, silent.
    silent: u64,
    /// Silent sub-blocks since the last sound.
    run: u64,
}

impl Silence {
    /// A stream with no sub-block yet.
    pub(super) const fn new() -> Self {
        Silence {
            subblocks: 0,
            silent: 0,
            run: 0,
        }
    }

    /// A sub-block of `secs` seconds with K-weighted `energy` closed: returns the silence it
    /// ends, if one long enough was open.
    pub(super) fn close(&mut self, energy: f64, secs: f64) -> Option<AudioDefect> {
        let mut ended = None;
        if lufs(energy) < SILENCE_LUFS {
            self.silent += 1;
            self.run += 1;
        } else {
            // The run ends where this sub-block starts.
            ended = self.open(secs);
            self.run = 0;
        }
        self.subblocks += 1;
        ended
    }

    /// The run still open as a defect, if long enough (sub-blocks of `secs` seconds).
    pub(super) fn open(&self, secs: f64) -> Option<AudioDefect> {
        let length = self.run as f64 * secs;
        if length + 1e-9 < SILENCE_MIN_SECONDS {
            return None;
        }
        let end = self.subblocks as f64 * secs;
        Some(AudioDefect {
            kind: AudioDefectKind::Silence,
            start: end - length,
            end,
            severity: (length / SILENCE_SEVERE_SECONDS).min(1.0),
        })
    }

    /// Share of the closed sub-blocks that were silent (0 before the first).
    pub(super) fn ratio(&self) -> f64 {
        if self.subblocks > 0 {
            self.silent as f64 / self.subblocks as f64
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A K-weighted energy of loudness `l` LUFS (`L = −0.691 + 10 log10(e)`).
    fn energy(l: f64) -> f64 {
        libm::pow(10.0, (l + 0.691) / 10.0)
    }

    #[test]
    fn silent_means_quieter_than_the_threshold() {
        let mut s = Silence::new();
        assert_eq!(s.ratio(), 0.0);
        // Digital silence (−∞ LUFS) and half a LU under the threshold are silent; half a LU
        // over it is not.
        for e in [0.0, energy(SILENCE_LUFS - 0.5), energy(SILENCE_LUFS + 0.5)] {
            s.close(e, 0.1);
        }
        assert_eq!(s.ratio(), 2.0 / 3.0);
    }

    #[test]
    fn a_run_of_a_second_or_more_is_a_defect() {
        let close = |a: f64, b: f64| libm::fabs(a - b) < 1e-9;
        let mut s = Silence::new();
        // Five sounding sub-blocks of 0.1 s, then 15 silent ones: 0.5–2.0 s, open.
        for _ in 0..5 {
            assert_eq!(s.close(1.0, 0.1), None);
        }
        for _ in 0..15 {
            assert_eq!(s.close(0.0, 0.1), None);
        }
        let open = s.open(0.1).unwrap();
        assert_eq!(open.kind, AudioDefectKind::Silence);
        assert!(close(open.start, 0.5) && close(open.end, 2.0));
        // Severity: 1.5 s of SILENCE_SEVERE_SECONDS (4 s).
        assert!(close(open.severity, 1.5 / SILENCE_SEVERE_SECONDS));
        // Sound closes it where the sounding sub-block starts.
        let closed = s.close(1.0, 0.1).unwrap();
        assert!(close(closed.start, 0.5) && close(closed.end, 2.0));
        assert_eq!(s.open(0.1), None);
        assert_eq!(s.ratio(), 15.0 / 21.0);
        // Exactly SILENCE_MIN_SECONDS (ten of 0.1 s) counts; nine do not.
        for _ in 0..9 {
            s.close(0.0, 0.1);
        }
        assert_eq!(s.close(1.0, 0.1), None);
        for _ in 0..10 {
            s.close(0.0, 0.1);
        }
        let d = s.close(1.0, 0.1).unwrap();
        assert!(close(d.end - d.start, 1.0) && close(d.end, 4.1));
        // Severity saturates at 1 (5 s).
        for _ in 0..50 {
            s.close(0.0, 0.1);
        }
        assert_eq!(s.open(0.1).unwrap().severity, 1.0);
    }
}
