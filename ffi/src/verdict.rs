//! Verdict settings the caller keeps: `ReelVerdictSettings`, the per-kind weights and ignored
//! kinds of `reel_clip_scorer_set_weight` / `_ignore_kind` in a struct of the caller's, for the
//! device scorer, whose 32 KiB state has no room for a weight table. The device scorer keeps
//! the rules' verdict; `reel_device_clip_scorer_summary_with`, `_defect_with` and
//! `_near_miss_with` read its finished clip under the settings given (the core's
//! `ClipReport::set_verdict`: the defects of ignored kinds dropped, the score and points
//! recomputed), bit for bit what a `ReelClipScorer` with the same settings reports.
//!
//! # Safety (all functions)
//! As in `clip.rs`: pointers are NULL (a status) or valid for the access their type implies.

use crate::clip::{ReelClipSummary, ReelDefect, ReelNearMiss, defect_kind};
use crate::device::ReelDeviceClipScorer;
use crate::guard::{get, get_mut, guard, put};
use crate::status::reel_status;
use reelscore::clip::{DefectKind, VerdictConfig};
use reelscore::{Error, Rule};

/// Most defect kinds a `ReelVerdictSettings` holds: one bit each in its `ignored` mask.
pub const REEL_VERDICT_MAX_KINDS: usize = 32;

/// Per-kind verdict weights and ignored kinds, in the caller's memory. Fill it with
/// `reel_verdict_settings_init` (the rules' weights, nothing ignored) and change it with
/// `reel_verdict_settings_set_weight` / `_ignore_kind`, which validate as
/// `reel_clip_scorer_set_weight` does; fields written by hand are checked where the settings
/// are used (`REEL_STATUS_INVALID_VALUE`, with a message).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ReelVerdictSettings {
    /// Weight of each kind, indexed by `reel_defect_kind` code, in `[0, 1)`; slots past the
    /// last kind are unused.
    pub weights: [f64; REEL_VERDICT_MAX_KINDS],
    /// Bit `k` set: kind `k` is ignored (its defects dropped, its weight read as 0).
    pub ignored: u32,
}

const _: () = assert!(DefectKind::ALL.len() <= REEL_VERDICT_MAX_KINDS);

impl ReelVerdictSettings {
    /// The core's verdict these settings describe (validated: every weight in `[0, 1)`, no
    /// bit for an unknown kind).
    pub(crate) fn verdict(&self) -> Result<VerdictConfig, reel_status> {
        let all = (1u64 << DefectKind::ALL.len()) - 1; // a bit per kind
        if u64::from(self.ignored) > all {
            let rule = Rule::Whole {
                lo: 0.0,
                hi: all as f64,
            };
            return Err(Error::invalid("settings.ignored", f64::from(self.ignored), rule).into());
        }
        let mut v = VerdictConfig::DEFAULT;
        for k in DefectKind::ALL {
            v = v
                .with_weight(k, self.weights[k as usize])
                .map_err(|e| e.at(k as usize))?;
            if self.ignored & (1 << k as u32) != 0 {
                v = v.ignoring(k);
            }
        }
        Ok(v)
    }
}

/// Fills `*out` with the rules' verdict: each kind weighted `reel_defect_weight(kind)`, none
/// ignored.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_verdict_settings_init(out: *mut ReelVerdictSettings) -> reel_status {
    let mut weights = [0.0; REEL_VERDICT_MAX_KINDS];
    for k in DefectKind::ALL {
        weights[k as usize] = VerdictConfig::DEFAULT.weight(k);
    }
    let v = ReelVerdictSettings {
        weights,
        ignored: 0,
    };
    // SAFETY: see the module docs.
    guard(|| unsafe { put(out, v, "out") })
}

/// Sets kind `kind`'s weight to `weight`, in `[0, 1)`, as `reel_clip_scorer_set_weight`:
/// `REEL_STATUS_INVALID_VALUE` for a weight outside it or NaN, `REEL_STATUS_INVALID_ENUM` for an
/// unknown kind (nothing changes).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_verdict_settings_set_weight(
    settings: *mut ReelVerdictSettings,
    kind: u32,
    weight: f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let s = get_mut(settings, "settings")?;
        let k = defect_kind(kind)?;
        VerdictConfig::DEFAULT.with_weight(k, weight)?;
        s.weights[k as usize] = weight;
        Ok(())
    })
}

/// Ignores kind `kind`, as `reel_clip_scorer_ignore_kind`. `REEL_STATUS_INVALID_ENUM` for an
/// unknown kind.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_verdict_settings_ignore_kind(
    settings: *mut ReelVerdictSettings,
    kind: u32,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let s = get_mut(settings, "settings")?;
        s.ignored |= 1 << defect_kind(kind)? as u32;
        Ok(())
    })
}

/// Writes the weight the settings give kind `kind` to `*out` (0 for an ignored kind), as
/// `reel_clip_scorer_weight`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_verdict_settings_weight(
    settings: *const ReelVerdictSettings,
    kind: u32,
    out: *mut f64,
) -> reel_status {
    // SAFETY: see the module docs.
    guard(|| unsafe {
        let v = get(settings, "settings")?.verdict()?;
        put(out, v.weight(defect_kind(kind)?), "out")
    })
}

/// The body of the `_with` reads: `read` of the device scorer under `settings`' verdict,
/// written to `*out`.
///
/// # Safety
/// Each pointer is NULL or valid for its access (the module docs).
unsafe fn read_with<T>(
    s: *const ReelDeviceClipScorer,
    settings: *const ReelVerdictSettings,
    out: *mut T,
    read: impl FnOnce(&ReelDeviceClipScorer, VerdictConfig) -> Result<T, reel_status>,
) -> reel_status {
    // SAFETY: forwarded caller contract.
    guard(|| unsafe {
        let v = get(settings, "settings")?.verdict()?;
        put(out, read(get(s, "s")?, v)?, "out")
    })
}

/// The finished clip's summary under `settings` (what `reel_clip_scorer_summary` reports after
/// the same `_set_weight` / `_ignore_kind` calls). `REEL_STATUS_INVALID_STATE` before `_finish`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_device_clip_scorer_summary_with(
    s: *const ReelDeviceClipScorer,
    settings: *const ReelVerdictSettings,
    out: *mut ReelClipSummary,
) -> reel_status {
    // SAFETY: see the module docs.
    unsafe { read_with(s, settings, out, |d, v| d.0.summary_under(v)) }
}

/// Defect `index` (0 ≤ index < the `summary_with` count) of the finished clip under `settings`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_device_clip_scorer_defect_with(
    s: *const ReelDeviceClipScorer,
    settings: *const ReelVerdictSettings,
    index: usize,
    out: *mut ReelDefect,
) -> reel_status {
    // SAFETY: see the module docs.
    unsafe { read_with(s, settings, out, |d, v| d.0.defect_under(v, index)) }
}

/// The near miss of `kind` of the finished clip under `settings`, as
/// `reel_clip_scorer_near_miss`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn reel_device_clip_scorer_near_miss_with(
    s: *const ReelDeviceClipScorer,
    settings: *const ReelVerdictSettings,
    kind: u32,
    out: *mut ReelNearMiss,
) -> reel_status {
    // SAFETY: see the module docs.
    unsafe { read_with(s, settings, out, |d, v| d.0.near_miss_under(v, kind)) }
}
