//! Clip analysis: stream frames in, get a 0–100 verdict with located defects out.
//!
//! - [`ClipScorer`]: push luma, YUV 4:2:0 or RGB frames (or luma row by row with a
//!   [`RowFeeder`]); fixed memory whatever the clip length; [`DeviceClipScorer`] for MCUs;
//! - [`ClipReport`]: score, [`Defect`]s (kind, first and last frame, severity), scene cuts and
//!   whole-clip [`ClipMetrics`]; [`rank_reports`] orders many takes best first;
//! - [`Consistency`]: VBench subject consistency and prompt alignment from embeddings;
//! - [`analyze_track`]: motion plausibility of tracked objects (gravity, hovering, teleports);
//! - every threshold is a named constant in [`config`] ([`blur_level`] draws the blur rule's
//!   per frame); each defect kind's weight and meaning
//!   is a rule in [`rules`]; [`verdict`] turns defects into the score and its deductions.

pub mod analysis;
pub mod artefacts;
pub mod blur_level;
pub mod chroma;
mod combine;
pub mod config;
pub mod consistency;
pub mod cuts;
pub mod defects;
pub mod flight;
pub mod flight_paths;
pub mod freeze;
mod pass;
pub mod report;
pub mod residual;
pub mod rules;
pub mod scorer;
pub mod series;
pub mod shift;
pub mod shots;
pub mod tracks;
pub mod verdict;
pub mod working;

pub use config::{ClipConfig, VerdictConfig};
pub use consistency::{Consistency, MAX_EMBEDDING_DIM};
pub use report::{ClipMetrics, ClipReport, Defect, DefectKind, FrameObservation, rank_reports};
pub use scorer::{ClipScorer, ClipScorerWith, DeviceClipScorer, RowFeeder};
pub use tracks::{TrackConfig, TrackReport, analyze_track};
