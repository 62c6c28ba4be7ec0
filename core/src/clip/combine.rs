//! One verdict per clip: folding the sound track's and the detectors' findings into a
//! [`ClipReport`].
//!
//! The audio scorer ([`crate::audio`]) and the detector-output scorers ([`crate::detect`]) run
//! beside the clip scorer; their defects join the report's list as ordinary [`Defect`]s (audio
//! times become the frames they overlap) and the score and deductions are recomputed
//! ([`super::verdict`]). Only defects cost points: a clip without
//! sound, text or faces is never penalised for their absence.

use super::config::VerdictConfig;
use super::defects::push_defect;
use super::report::{ClipReport, Defect, DefectKind};
use super::verdict::{NEAR_KINDS, near_points, score_and_points_near};
use crate::audio::{AudioDefectKind, AudioReport};
use crate::detect::{DetectDefect, DetectDefectKind};
use crate::error::{Error, Rule, check_finite};

impl DefectKind {
    /// The clip defect kind of a sound-track defect.
    pub const fn from_audio(kind: AudioDefectKind) -> DefectKind {
        match kind {
            AudioDefectKind::Clipping => DefectKind::Clipping,
            AudioDefectKind::TooQuiet => DefectKind::TooQuiet,
            AudioDefectKind::TooLoud => DefectKind::TooLoud,
            AudioDefectKind::Silence => DefectKind::Silence,
            AudioDefectKind::MonotoneVoice => DefectKind::MonotoneVoice,
        }
    }

    /// The clip defect kind of a detector defect.
    pub const fn from_detect(kind: DetectDefectKind) -> DefectKind {
        match kind {
            DetectDefectKind::GarbledText => DefectKind::GarbledText,
            DetectDefectKind::StiffFace => DefectKind::StiffFace,
            DetectDefectKind::AppearanceShift => DefectKind::AppearanceShift,
        }
    }
}

fn check_severity(severity: f64) -> Result<f64, Error> {
    check_finite("defect severity", severity)?;
    if !(0.0..=1.0).contains(&severity) {
        return Err(Error::invalid("defect severity", severity, Rule::UNIT));
    }
    Ok(severity)
}

impl ClipReport {
    /// Frames per second of the scored clip (`frames / duration`).
    fn frame_rate(&self) -> Result<f64, Error> {
        let m = &self.metrics;
        if m.frames == 0 || m.duration.is_nan() || m.duration <= 0.0 {
            return Err(Error::InvalidState {
                reason: "the clip report has no frames",
            });
        }
        Ok(f64::from(m.frames) / m.duration)
    }

    fn insert(&mut self, added: impl Iterator<Item = Defect>) {
        for d in added.filter(|d| !self.verdict.ignores(d.kind)) {
            push_defect(&mut self.defects, d);
        }
        super::defects::sort_defects(&mut self.defects);
        self.rescore();
    }

    fn rescore(&mut self) {
        self.score = score_and_points_near(
            self.metrics.frames,
            &mut self.defects,
            &self.near,
            &self.verdict,
        );
    }

    /// The points each near miss costs, per kind code below
    /// [`NEAR_KINDS`](super::verdict::NEAR_KINDS) (0 for kinds not near); with the defects'
    /// points they add up to `100 − score`.
    pub fn near_points(&self) -> [f64; NEAR_KINDS] {
        near_points(
            self.metrics.frames,
            &self.defects,
            &self.near,
            &self.verdict,
            self.score,
        )
    }

    /// Scores the report with `verdict` from now on: the defects of the kinds it ignores are
    /// dropped (and so are those [`add_audio`](Self::add_audio) and
    /// [`add_detections`](Self::add_detections) bring later), and the score and every
    /// defect's points are recomputed with its weights. A dropped defect does not come back
    /// under a later verdict that keeps its kind.
    pub fn set_verdict(&mut self, verdict: VerdictConfig) {
        self.verdict = verdict;
        self.defects.retain(|d| !verdict.ignores(d.kind));
        self.rescore();
    }

    /// Folds the sound track's report in: its metrics become [`ClipReport::audio`], its
    /// defects join the list on the frames their time span overlaps (frame `k` shows
    /// `[k/fps, (k+1)/fps)`; a defect wholly after the last frame is left out), and the score is
    /// recomputed. Errors (and changes nothing) when audio was already added, the report has
    /// no frames, or a defect has a non-finite or inverted span or a severity outside 0–1.
    pub fn add_audio(&mut self, audio: &AudioReport) -> Result<(), Error> {
        if self.audio.is_some() {
            return Err(Error::InvalidState {
                reason: "the clip report already has its audio",
            });
        }
        let fps = self.frame_rate()?;
        for d in &audio.defects {
            check_finite("audio defect start", d.start)?;
            check_finite("audio defect end", d.end)?;
            if d.start < 0.0 || d.end < d.start {
                return Err(Error::invalid(
                    "audio defect span",
                    d.end - d.start,
                    Rule::Text("0 <= start <= end (seconds)"),
                ));
            }
            check_severity(d.severity)?;
        }
        let last = self.metrics.frames - 1;
        // Times are sums of sample counts: a boundary within 1e-9 frame of a frame edge is on it.
        let frames = audio.defects.iter().filter_map(|d| {
            let first = libm::floor(d.start * fps + 1e-9);
            if first > f64::from(last) {
                return None;
            }
            let first = first as u32;
            // The frame holding the span's last instant (a zero-length span holds one frame).
            let end =
                (libm::ceil(d.end * fps - 1e-9) - 1.0).clamp(f64::from(first), f64::from(last));
            Some(Defect {
                kind: DefectKind::from_audio(d.kind),
                start: first,
                end: end as u32,
                region: [0; 4],
                severity: d.severity,
                points: 0.0,
            })
        });
        let mut kept: heapless::Vec<Defect, { super::config::MAX_DEFECTS }> = heapless::Vec::new();
        for d in frames {
            push_defect(&mut kept, d);
        }
        self.audio = Some(audio.metrics);
        self.insert(kept.into_iter());
        Ok(())
    }

    /// Folds detector defects in (a [`TextReport`](crate::detect::TextReport)'s `defects`, each
    /// [`FaceReport`](crate::detect::FaceReport)'s `defect`, a
    /// [`SubjectTracker`](crate::detect::SubjectTracker) report's list), frames counted like
    /// the clip's; ends past the last frame are clamped to it. Call once per detector output
    /// (each call adds what it is given). Errors (and changes nothing) when the report has no
    /// frames, a defect starts after the last frame or ends before it starts, or a severity is
    /// outside 0–1.
    pub fn add_detections(&mut self, defects: &[DetectDefect]) -> Result<(), Error> {
        self.frame_rate()?;
        let last = self.metrics.frames - 1;
        for d in defects {
            if d.start > last || d.end < d.start {
                return Err(Error::invalid(
                    "detector defect start frame",
                    f64::from(d.start),
                    Rule::Text("within the clip and <= the end frame"),
                ));
            }
            check_severity(d.severity)?;
        }
        self.insert(defects.iter().map(|d| Defect {
            kind: DefectKind::from_detect(d.kind),
            start: d.start,
            end: d.end.min(last),
            region: [0; 4],
            severity: d.severity,
            points: 0.0,
        }));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::{AudioDefect, AudioMetrics};
    use crate::clip::ClipMetrics;
    use crate::clip::verdict::score_and_points;

    fn report(frames: u32, fps: f64, sharpness: f64) -> ClipReport {
        ClipReport {
            score: 0.0,
            defects: heapless::Vec::new(),
            near: crate::clip::verdict::NearMisses::NONE,
            cuts: heapless::Vec::new(),
            metrics: ClipMetrics {
                frames,
                duration: f64::from(frames) / fps,
                sharpness,
                ..ClipMetrics::default()
            },
            audio: None,
            verdict: VerdictConfig::DEFAULT,
        }
    }

    fn audio(defects: &[(AudioDefectKind, f64, f64, f64)]) -> AudioReport {
        let mut r = AudioReport {
            metrics: AudioMetrics {
                integrated_lufs: -20.0,
                ..AudioMetrics::default()
            },
            defects: heapless::Vec::new(),
        };
        for &(kind, start, end, severity) in defects {
            r.defects
                .push(AudioDefect {
                    kind,
                    start,
                    end,
                    severity,
                })
                .unwrap();
        }
        r
    }

    #[test]
    fn audio_seconds_become_the_frames_they_overlap() {
        // 25 fps, 100 frames (4 s): 1.00–1.50 s covers frames 25..=37 (37 shows 1.48–1.52 s).
        let mut r = report(100, 25.0, 1000.0);
        r.score = score_and_points(r.metrics.frames, &mut r.defects);
        assert_eq!(r.score, 100.0);
        let a = audio(&[
            (AudioDefectKind::Silence, 1.0, 1.5, 1.0),
            (AudioDefectKind::Clipping, 2.0, 2.0, 0.5), // an instant: one frame
            (AudioDefectKind::TooQuiet, 0.0, 4.4, 0.2), // runs past the video: clamped
            (AudioDefectKind::Clipping, 4.1, 4.2, 1.0), // wholly after the last frame
        ]);
        r.add_audio(&a).unwrap();
        let got: heapless::Vec<(DefectKind, u32, u32), 8> =
            r.defects.iter().map(|d| (d.kind, d.start, d.end)).collect();
        assert_eq!(
            &got[..],
            &[
                (DefectKind::TooQuiet, 0, 99),
                (DefectKind::Silence, 25, 37),
                (DefectKind::Clipping, 50, 50),
            ]
        );
        assert_eq!(r.audio.unwrap().integrated_lufs, -20.0);
        // The documented product, by hand: the floor, then weights 0.25, 0.4, 0.5.
        let expect = 100.0
            * crate::clip::verdict::near_floor(&VerdictConfig::DEFAULT)
            * (1.0 - 0.25 * 0.2 * (0.5 + 0.5 * 1.0))
            * (1.0 - 0.4 * 1.0 * (0.5 + 0.5 * 13.0 / 100.0))
            * (1.0 - 0.5 * 0.5 * (0.5 + 0.5 * 1.0 / 100.0));
        assert!((r.score - expect).abs() < 1e-12, "{} vs {expect}", r.score);
        // A span ending on a frame edge up to rounding (0.1 · 24 = 2.4000000000000004 s, frame
        // 60 starts at 2.4 s) ends on the frame before it.
        let mut edge = report(100, 25.0, 1000.0);
        edge.add_audio(&audio(&[(
            AudioDefectKind::Silence,
            0.1 * 10.0,
            0.1 * 24.0,
            1.0,
        )]))
        .unwrap();
        assert_eq!((edge.defects[0].start, edge.defects[0].end), (25, 59));
        // Twice is refused and changes nothing.
        let before = r.clone();
        assert!(matches!(r.add_audio(&a), Err(Error::InvalidState { .. })));
        assert_eq!(r, before);
    }

    #[test]
    fn no_audio_defects_costs_nothing_and_bad_spans_are_refused() {
        let mut r = report(50, 30.0, 40.0);
        r.score = score_and_points(r.metrics.frames, &mut r.defects);
        let s0 = r.score;
        r.add_audio(&audio(&[])).unwrap();
        assert_eq!(r.score, s0);
        assert!(r.defects.is_empty() && r.audio.is_some());
        for bad in [
            (AudioDefectKind::Silence, f64::NAN, 1.0, 0.5),
            (AudioDefectKind::Silence, 2.0, 1.0, 0.5),
            (AudioDefectKind::Silence, -1.0, 1.0, 0.5),
            (AudioDefectKind::Silence, 0.0, 1.0, 1.5),
        ] {
            let mut fresh = report(50, 30.0, 40.0);
            let before = fresh.clone();
            assert!(fresh.add_audio(&audio(&[bad])).is_err(), "{bad:?}");
            assert_eq!(fresh, before);
        }
        let mut empty = report(0, 30.0, 0.0);
        assert!(empty.add_audio(&audio(&[])).is_err());
    }

    #[test]
    fn detections_join_in_frame_order_and_lower_the_score() {
        let mut r = report(60, 30.0, 1000.0);
        r.defects
            .push(Defect {
                kind: DefectKind::Blur,
                start: 10,
                end: 20,
                region: [0; 4],
                severity: 0.5,
                points: 0.0,
            })
            .unwrap();
        r.score = score_and_points(r.metrics.frames, &mut r.defects);
        let s0 = r.score;
        let d = |kind, start, end| DetectDefect {
            kind,
            id: 3,
            start,
            end,
            severity: 0.8,
        };
        r.add_detections(&[
            d(DetectDefectKind::AppearanceShift, 30, 30),
            d(DetectDefectKind::GarbledText, 0, 80),
        ])
        .unwrap();
        let kinds: heapless::Vec<(DefectKind, u32, u32), 4> =
            r.defects.iter().map(|d| (d.kind, d.start, d.end)).collect();
        assert_eq!(
            &kinds[..],
            &[
                (DefectKind::GarbledText, 0, 59),
                (DefectKind::Blur, 10, 20),
                (DefectKind::AppearanceShift, 30, 30),
            ]
        );
        let expect =
            s0 * (1.0 - 0.5 * 0.8 * (0.5 + 0.5 * 1.0)) * (1.0 - 0.6 * 0.8 * (0.5 + 0.5 / 60.0));
        assert!((r.score - expect).abs() < 1e-9);
        // Several calls add up (two faces); a start past the clip is refused whole.
        let before = r.clone();
        assert!(
            r.add_detections(&[
                d(DetectDefectKind::StiffFace, 0, 10),
                d(DetectDefectKind::StiffFace, 60, 70)
            ])
            .is_err()
        );
        assert_eq!(r, before);
        r.add_detections(&[d(DetectDefectKind::StiffFace, 0, 59)])
            .unwrap();
        assert!(r.score < before.score);
    }

    #[test]
    fn the_verdict_drops_ignored_kinds_now_and_later_and_reweights_the_rest() {
        let mut r = report(100, 25.0, 1000.0);
        for (kind, start, end, severity) in [
            (DefectKind::Blur, 10, 29, 0.6),
            (DefectKind::Noise, 50, 99, 0.3),
        ] {
            r.defects
                .push(Defect::of(kind, start, end, severity))
                .unwrap();
        }
        r.score = score_and_points(r.metrics.frames, &mut r.defects);
        let v = VerdictConfig::DEFAULT
            .ignoring(DefectKind::Noise)
            .ignoring(DefectKind::Silence)
            .with_weight(DefectKind::Blur, 0.2)
            .unwrap()
            .with_weight(DefectKind::Clipping, 0.1)
            .unwrap();
        r.set_verdict(v);
        assert_eq!(r.verdict, v);
        // Noise is gone; blur alone, at weight 0.2: 1 − 0.2 · 0.6 · (0.5 + 0.5 · 20/100).
        assert_eq!(r.defects.len(), 1);
        assert_eq!(r.defects[0].kind, DefectKind::Blur);
        // A take with a defect starts from the near-miss floor of this verdict.
        let floor = crate::clip::verdict::near_floor(&v);
        let blur = 1.0 - 0.2 * 0.6 * 0.6;
        assert!((r.score - 100.0 * floor * blur).abs() < 1e-12);
        assert!((r.defects[0].points - (100.0 - r.score)).abs() < 1e-12);
        // Sound added afterwards follows the same verdict: silence dropped, clipping at 0.1.
        r.add_audio(&audio(&[
            (AudioDefectKind::Silence, 0.0, 4.0, 1.0),
            (AudioDefectKind::Clipping, 2.0, 2.0, 0.5),
        ]))
        .unwrap();
        let kinds: heapless::Vec<DefectKind, 4> = r.defects.iter().map(|d| d.kind).collect();
        assert_eq!(&kinds[..], &[DefectKind::Blur, DefectKind::Clipping]);
        let expect = 100.0 * floor * blur * (1.0 - 0.1 * 0.5 * (0.5 + 0.5 / 100.0));
        assert!((r.score - expect).abs() < 1e-12, "{} vs {expect}", r.score);
        // Ignoring everything found leaves a take with no defect: 100.
        r.set_verdict(
            VerdictConfig::DEFAULT
                .ignoring(DefectKind::Blur)
                .ignoring(DefectKind::Clipping),
        );
        assert!(r.defects.is_empty());
        assert_eq!(r.score, 100.0);
    }

    #[test]
    fn every_kind_has_a_weight_and_a_name() {
        assert_eq!(DefectKind::ALL.len(), super::super::rules::RULES.len());
        for (i, k) in DefectKind::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
            assert_eq!(k.name().as_bytes(), k.c_name().to_bytes());
            assert!(!k.name().is_empty());
        }
        for k in AudioDefectKind::ALL {
            assert_eq!(DefectKind::from_audio(k).name(), k.name());
        }
        for k in DetectDefectKind::ALL {
            assert_eq!(DefectKind::from_detect(k).name(), k.name());
        }
    }
}
