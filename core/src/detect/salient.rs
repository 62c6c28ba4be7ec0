//! Who is in the shot across a cut, model-free: the salient region's colours on either side.
//!
//! Where no detector places the subject, the scorer compares the salient region of the first
//! frame of a new shot with the last frame of the shot before, on a [`MAP_W`] × [`MAP_H`] map
//! of cells (each the mean luma of the working copy over the cell and the mean chroma of 2 × 2
//! samples at its centre: the cell is the blur).
//!
//! - **Saliency** follows the frequency-tuned detector of Achanta, Hemami, Estrada and
//!   Süsstrunk, "Frequency-tuned salient region detection", CVPR 2009:
//!   `S(c) = ‖I_μ − I_blur(c)‖`, the distance of each blurred cell's colour from the frame's mean
//!   colour. Here the colour is `(128 · Y / Ȳ, Cb, Cr)` rather than CIELAB (luma relative to the
//!   frame's mean, so a lighting change does not move the region), and a cell is salient when
//!   `S(c) ≥ mean S` (Achanta segment at twice the mean over mean-shift regions; cells are
//!   coarser, so the plain mean keeps small subjects such as a tie).
//! - **Colour in a lighting-robust space**: a cell's hue `atan2(Cr − 128, Cb − 128)` and chroma
//!   `‖(Cb − 128, Cr − 128)‖`. A gain on R, G and B scales the chroma and keeps the hue; a
//!   change of luma alone keeps both. A salient cell of the new shot (chroma at least
//!   1.5 × [`SALIENT_GREY`]) shows a **new colour** when no coloured cell of the frame before the
//!   cut lies within [`SALIENT_HUE_MATCH`] degrees of hue and a chroma ratio of
//!   [`SALIENT_CHROMA_RATIO`] (positions ignored, so reframing does not count).
//! - **Shape match**: the two frames show the same scene when the new frame's luma map
//!   correlates (Pearson) with the old one at [`SALIENT_SAME_SCENE`] or more, at the best of
//!   five zooms about the centre (1/1.44 to 1.44) and shifts of up to two cells. Correlation
//!   ignores brightness gain and offset; a cut to another scene correlates weakly, and is a plain
//!   cut, not a changed subject.
//!
//! At least [`SALIENT_NEW_MIN`] new-coloured salient cells in the same scene are an
//! [`AppearanceShift`](crate::clip::DefectKind::AppearanceShift) at the cut, located at the new
//! cells' bounding box. The map of the last frame is 1.5 KiB; [`NoSalient`] (the device
//! scorer's) keeps nothing and compares nothing. Edge cases: a frame without colour input is not compared; an all-grey
//! pair shows no new colour; a flat luma map (zero variance) matches nothing.

use crate::clip::config::{
    SALIENT_CHROMA_RATIO, SALIENT_GREY, SALIENT_HUE_MATCH, SALIENT_NEW_MIN, SALIENT_SAME_SCENE,
};
use crate::plane::{Plane, RgbImage};

/// Map width, cells.
pub const MAP_W: usize = 32;
/// Map height, cells.
pub const MAP_H: usize = 24;
/// Cells of the map: the capacity a [`SalientTracker`] needs to compare shots.
pub const MAP_CELLS: usize = MAP_W * MAP_H;

/// Chroma `(Cb, Cr)` per map cell, row-major.
pub type ChromaMap = [[u8; 2]; MAP_CELLS];

/// Most salient shifts remembered per clip.
pub const MAX_SALIENT_EVENTS: usize = 4;

/// A new shot whose salient region shows colours the shot before never did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SalientShift {
    /// The cut: first frame of the new shot.
    pub frame: u32,
    /// Salient cells of the new frame with a new colour (of [`MAP_CELLS`]).
    pub new_cells: u16,
    /// Their bounding box, `[left, top, right, bottom]` in 255ths of the frame.
    pub region: [u8; 4],
    /// Correlation of the two frames' luma maps at the best zoom, in hundredths (≥ the
    /// same-scene threshold).
    pub same_scene: u8,
}

/// Cell `i` of `n` over `len` samples: `[start, end)`, never empty.
fn span(i: usize, n: usize, len: usize) -> (usize, usize) {
    let a = (i * len / n).min(len.saturating_sub(1));
    let b = ((i + 1) * len / n).max(a + 1).min(len.max(1));
    (a, b)
}

/// Centre sample of cell `i` of `n` over `len` samples, and the one before it (2-sample blur).
fn centre(i: usize, n: usize, len: usize) -> (usize, usize) {
    let (a, b) = span(i, n, len);
    let c = (a + b) / 2;
    (c.saturating_sub(1).max(a), c.min(len.saturating_sub(1)))
}

/// The chroma map of 4:2:0 planes: the mean of 2 × 2 samples at each cell's centre.
pub fn chroma_map_planes(u: &Plane<'_, u8>, v: &Plane<'_, u8>, out: &mut ChromaMap) {
    let (w, h) = u.size();
    for my in 0..MAP_H {
        let (y0, y1) = centre(my, MAP_H, h);
        let (ur0, ur1, vr0, vr1) = (u.row(y0), u.row(y1), v.row(y0), v.row(y1));
        for mx in 0..MAP_W {
            let (x0, x1) = centre(mx, MAP_W, w);
            let at = |r: &[u8], x: usize| u16::from(r.get(x).copied().unwrap_or(128));
            let su = at(ur0, x0) + at(ur0, x1) + at(ur1, x0) + at(ur1, x1);
            let sv = at(vr0, x0) + at(vr0, x1) + at(vr1, x0) + at(vr1, x1);
            if let Some(c) = out.get_mut(my * MAP_W + mx) {
                *c = [((su + 2) / 4) as u8, ((sv + 2) / 4) as u8];
            }
        }
    }
}

/// The chroma map of an RGB image: BT.601 full-range Cb, Cr of the mean of 2 × 2 pixels at
/// each cell's centre.
pub fn chroma_map_rgb(rgb: &RgbImage<'_>, out: &mut ChromaMap) {
    let (w, h) = rgb.size();
    for my in 0..MAP_H {
        let (y0, y1) = centre(my, MAP_H, h);
        for mx in 0..MAP_W {
            let (x0, x1) = centre(mx, MAP_W, w);
            let mut s = [0f32; 3];
            for y in [y0, y1] {
                let row = rgb.row(y);
                for x in [x0, x1] {
                    for (k, acc) in s.iter_mut().enumerate() {
                        *acc += f32::from(row.get(3 * x + k).copied().unwrap_or(0));
                    }
                }
            }
            let [r, g, b] = s.map(|c| c / 4.0);
            let cb = 128.0 - 0.168_736 * r - 0.331_264 * g + 0.5 * b;
            let cr = 128.0 + 0.5 * r - 0.418_688 * g - 0.081_312 * b;
            if let Some(c) = out.get_mut(my * MAP_W + mx) {
                *c = [
                    libm::roundf(cb).clamp(0.0, 255.0) as u8,
                    libm::roundf(cr).clamp(0.0, 255.0) as u8,
                ];
            }
        }
    }
}

/// The luma map: the mean of the working copy (`width × height`, packed) over each cell.
pub fn luma_map(work: &[u8], width: usize, height: usize, out: &mut [f32; MAP_CELLS]) {
    for my in 0..MAP_H {
        let (y0, y1) = span(my, MAP_H, height);
        for mx in 0..MAP_W {
            let (x0, x1) = span(mx, MAP_W, width);
            let mut sum = 0u32;
            for y in y0..y1 {
                let row = work.get(y * width..(y + 1) * width).unwrap_or_default();
                sum += row
                    .get(x0..x1)
                    .unwrap_or_default()
                    .iter()
                    .map(|&p| u32::from(p))
                    .sum::<u32>();
            }
            let n = ((y1 - y0) * (x1 - x0)).max(1) as f32;
            out[my * MAP_W + mx] = sum as f32 / n;
        }
    }
}

/// Achanta's saliency of each cell (see the module doc), written to `out`; returns its mean.
pub fn saliency(luma: &[f32; MAP_CELLS], chroma: &ChromaMap, out: &mut [f32; MAP_CELLS]) -> f32 {
    let n = MAP_CELLS as f32;
    let mean_y = (luma.iter().sum::<f32>() / n).max(1.0);
    let rel = |y: f32| 128.0 * y / mean_y;
    let my = luma.iter().map(|&y| rel(y)).sum::<f32>() / n;
    let mu = chroma.iter().map(|c| f32::from(c[0])).sum::<f32>() / n;
    let mv = chroma.iter().map(|c| f32::from(c[1])).sum::<f32>() / n;
    let mut total = 0.0;
    for ((s, &y), c) in out.iter_mut().zip(luma).zip(chroma) {
        let (dy, du, dv) = (rel(y) - my, f32::from(c[0]) - mu, f32::from(c[1]) - mv);
        *s = libm::sqrtf(dy * dy + du * du + dv * dv);
        total += *s;
    }
    total / n
}

/// Pearson correlation of the new luma map with the old one, at the best of five zooms about
/// the centre and shifts of up to two cells (nearest cell; at least a quarter of the map
/// overlapping). `-1` when nothing overlaps or a map is flat.
pub fn same_scene(before: &[f32; MAP_CELLS], after: &[f32; MAP_CELLS]) -> f32 {
    const ZOOMS: [f32; 5] = [1.0 / 1.44, 1.0 / 1.2, 1.0, 1.2, 1.44];
    let (cx, cy) = ((MAP_W - 1) as f32 / 2.0, (MAP_H - 1) as f32 / 2.0);
    let mut best = -1.0f32;
    for z in ZOOMS {
        for dy in -2i32..=2 {
            for dx in -2i32..=2 {
                let (mut n, mut sa, mut sb, mut saa, mut sbb, mut sab) =
                    (0u32, 0f32, 0f32, 0f32, 0f32, 0f32);
                for y in 0..MAP_H {
                    let sy = libm::roundf(cy + (y as f32 - cy) / z) as i32 + dy;
                    if sy < 0 || sy >= MAP_H as i32 {
                        continue;
                    }
                    for x in 0..MAP_W {
                        let sx = libm::roundf(cx + (x as f32 - cx) / z) as i32 + dx;
                        if sx < 0 || sx >= MAP_W as i32 {
                            continue;
                        }
                        let a = before[sy as usize * MAP_W + sx as usize];
                        let b = after[y * MAP_W + x];
                        n += 1;
                        (sa, sb) = (sa + a, sb + b);
                        (saa, sbb, sab) = (saa + a * a, sbb + b * b, sab + a * b);
                    }
                }
                if (n as usize) < MAP_CELLS / 4 {
                    continue;
                }
                let k = n as f32;
                let va = saa - sa * sa / k;
                let vb = sbb - sb * sb / k;
                if va <= 1e-3 * k || vb <= 1e-3 * k {
                    continue;
                }
                best = best.max((sab - sa * sb / k) / libm::sqrtf(va * vb));
            }
        }
    }
    best
}

/// Hue (radians) and chroma of a `(Cb, Cr)` pair.
fn hue_chroma(c: [u8; 2]) -> (f32, f32) {
    let (u, v) = (f32::from(c[0]) - 128.0, f32::from(c[1]) - 128.0);
    (libm::atan2f(v, u), libm::sqrtf(u * u + v * v))
}

/// The salient cells of `after` with a colour no cell of `before` shows (module doc): their
/// count and bounding box in cells `(x0, y0, x1, y1)`.
pub fn new_salient_colours(
    before: &ChromaMap,
    after_luma: &[f32; MAP_CELLS],
    after: &ChromaMap,
) -> (u16, (usize, usize, usize, usize)) {
    let grey = SALIENT_GREY as f32;
    let tol = (SALIENT_HUE_MATCH as f32).to_radians();
    let ratio = SALIENT_CHROMA_RATIO as f32;
    let mut old = [(0f32, 0f32); MAP_CELLS];
    let mut n_old = 0;
    for &c in before.iter() {
        let (h, ch) = hue_chroma(c);
        if ch >= grey
            && let Some(slot) = old.get_mut(n_old)
        {
            *slot = (h, ch);
            n_old += 1;
        }
    }
    let old = old.get(..n_old).unwrap_or_default();
    let mut sal = [0f32; MAP_CELLS];
    let mean = saliency(after_luma, after, &mut sal);
    let (mut count, mut bbox) = (0u16, (MAP_W, MAP_H, 0, 0));
    for (i, (&c, &s)) in after.iter().zip(&sal).enumerate() {
        let (h, ch) = hue_chroma(c);
        if s < mean || ch < 1.5 * grey {
            continue;
        }
        let seen = old.iter().any(|&(ho, co)| {
            let d = libm::fabsf(h - ho);
            let d = d.min(2.0 * core::f32::consts::PI - d);
            d <= tol && co * ratio >= ch && co <= ch * ratio
        });
        if !seen {
            count += 1;
            let (x, y) = (i % MAP_W, i / MAP_W);
            bbox = (bbox.0.min(x), bbox.1.min(y), bbox.2.max(x), bbox.3.max(y));
        }
    }
    (count, bbox)
}

/// The comparison the scorer makes at a cut, for two frames the caller holds: the last frame
/// of a shot (`before`: luma, Cb and Cr planes) and the first of the next (`after`), of any
/// sizes (chroma of any subsampling). `Some` when they show the same scene with at least
/// [`SALIENT_NEW_MIN`] salient cells of new colour (`frame` is 0). The luma maps are the cell
/// means of the full luma planes here, of the working copy in the scorer.
///
/// Errors: a chroma plane of a frame with a different size than the other.
pub fn compare_frames(
    before: [&Plane<'_, u8>; 3],
    after: [&Plane<'_, u8>; 3],
) -> Result<Option<SalientShift>, crate::error::Error> {
    let mut maps = [[[128u8; 2]; MAP_CELLS]; 2];
    let mut lumas = [[0f32; MAP_CELLS]; 2];
    for ((frame, map), luma) in [before, after].iter().zip(&mut maps).zip(&mut lumas) {
        let [y, u, v] = *frame;
        if u.size() != v.size() {
            return Err(crate::error::Error::SizeMismatch {
                expected: u.size(),
                got: v.size(),
            });
        }
        chroma_map_planes(u, v, map);
        plane_luma_map(y, luma);
    }
    Ok(judge(0, &maps[0], &maps[1], &lumas[0], &lumas[1]))
}

/// [`luma_map`] of a plane.
fn plane_luma_map(p: &Plane<'_, u8>, out: &mut [f32; MAP_CELLS]) {
    let (w, h) = p.size();
    for my in 0..MAP_H {
        let (y0, y1) = span(my, MAP_H, h);
        for mx in 0..MAP_W {
            let (x0, x1) = span(mx, MAP_W, w);
            let sum: u32 = (y0..y1)
                .map(|y| {
                    let row = p.row(y).get(x0..x1).unwrap_or_default();
                    row.iter().map(|&v| u32::from(v)).sum::<u32>()
                })
                .sum();
            out[my * MAP_W + mx] = sum as f32 / ((y1 - y0) * (x1 - x0)).max(1) as f32;
        }
    }
}

/// Cells `(x0, y0, x1, y1)` (inclusive) as `[left, top, right, bottom]` in 255ths of the frame.
fn region((x0, y0, x1, y1): (usize, usize, usize, usize)) -> [u8; 4] {
    let lo = |c: usize, n: usize| (c * 255 / n) as u8;
    let hi = |c: usize, n: usize| ((c + 1) * 255).div_ceil(n).min(255) as u8;
    [lo(x0, MAP_W), lo(y0, MAP_H), hi(x1, MAP_W), hi(y1, MAP_H)]
}

/// What a clip scorer keeps to compare the salient region across cuts: [`SalientTracker`], or
/// [`NoSalient`] (zero bytes, no comparison) where memory is tight.
pub trait SalientSlot: Clone + core::fmt::Debug {
    /// Whether this slot compares shots at all.
    const ENABLED: bool;
    /// A slot that has seen nothing.
    fn fresh() -> Self;
    /// Forgets the clip.
    fn reset(&mut self);
    /// Adds frame `index` (its chroma map, or `None` without colour input). At a cut
    /// candidate (`cut`) the new frame is compared with the last one; `luma` gives the two
    /// working copies (previous, current) and their size.
    fn push(
        &mut self,
        index: u32,
        chroma: Option<&ChromaMap>,
        cut: bool,
        luma: (&[u8], &[u8], usize, usize),
    );
    /// The cut at `frame` is confirmed: its shift (if one was found there) is kept.
    fn confirm(&mut self, frame: u32);
    /// The shifts found at confirmed cuts.
    fn events(&self) -> &[SalientShift];
}

/// Compares the salient region across cuts in fixed memory: the chroma map of the last frame,
/// the pending cut's finding and the shifts found. All-zero bytes are a valid empty state.
#[derive(Debug, Clone)]
pub struct SalientTracker {
    prev: ChromaMap,
    has_prev: bool,
    /// The finding at the cut candidate, valid when `has_pending` (no `Option`: all-zero bytes
    /// stay a valid state).
    pending: SalientShift,
    has_pending: bool,
    events: heapless::Vec<SalientShift, MAX_SALIENT_EVENTS>,
}

impl Default for SalientTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl SalientTracker {
    /// A tracker that has seen nothing.
    pub const fn new() -> Self {
        SalientTracker {
            prev: [[128; 2]; MAP_CELLS],
            has_prev: false,
            pending: SalientShift {
                frame: 0,
                new_cells: 0,
                region: [0; 4],
                same_scene: 0,
            },
            has_pending: false,
            events: heapless::Vec::new(),
        }
    }
}

impl SalientSlot for SalientTracker {
    const ENABLED: bool = true;

    fn fresh() -> Self {
        Self::new()
    }

    fn reset(&mut self) {
        self.has_prev = false;
        self.has_pending = false;
        self.events.clear();
    }

    fn push(
        &mut self,
        index: u32,
        chroma: Option<&ChromaMap>,
        cut: bool,
        luma: (&[u8], &[u8], usize, usize),
    ) {
        let Some(now) = chroma else {
            self.has_prev = false;
            return;
        };
        if cut && self.has_prev {
            let found = compare(index, &self.prev, now, luma);
            self.has_pending = found.is_some();
            self.pending = found.unwrap_or_default();
        }
        self.prev = *now;
        self.has_prev = true;
    }

    fn confirm(&mut self, frame: u32) {
        if self.has_pending && self.pending.frame == frame {
            let _ = self.events.push(self.pending);
        }
        self.has_pending = false;
    }

    fn events(&self) -> &[SalientShift] {
        &self.events
    }
}

/// No comparison across cuts, in zero bytes (the device scorer's slot).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSalient;

impl SalientSlot for NoSalient {
    const ENABLED: bool = false;

    fn fresh() -> Self {
        NoSalient
    }

    fn reset(&mut self) {}

    fn push(&mut self, _: u32, _: Option<&ChromaMap>, _: bool, _: (&[u8], &[u8], usize, usize)) {}

    fn confirm(&mut self, _: u32) {}

    fn events(&self) -> &[SalientShift] {
        &[]
    }
}

/// The finding at a cut, if the two frames show the same scene with new salient colours.
fn compare(
    index: u32,
    before: &ChromaMap,
    after: &ChromaMap,
    (prev, cur, w, h): (&[u8], &[u8], usize, usize),
) -> Option<SalientShift> {
    let (mut lb, mut la) = ([0f32; MAP_CELLS], [0f32; MAP_CELLS]);
    luma_map(prev, w, h, &mut lb);
    luma_map(cur, w, h, &mut la);
    judge(index, before, after, &lb, &la)
}

/// New salient colours in the same scene, or `None`.
fn judge(
    index: u32,
    before: &ChromaMap,
    after: &ChromaMap,
    lb: &[f32; MAP_CELLS],
    la: &[f32; MAP_CELLS],
) -> Option<SalientShift> {
    let (count, bbox) = new_salient_colours(before, la, after);
    if usize::from(count) < SALIENT_NEW_MIN || usize::from(count) > MAP_CELLS / 2 {
        return None;
    }
    let r = same_scene(lb, la);
    (f64::from(r) >= SALIENT_SAME_SCENE).then(|| SalientShift {
        frame: index,
        new_cells: count,
        region: region(bbox),
        same_scene: libm::roundf(r * 100.0).clamp(0.0, 100.0) as u8,
    })
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    fn map_of(f: impl Fn(usize, usize) -> [u8; 2]) -> ChromaMap {
        core::array::from_fn(|i| f(i % MAP_W, i / MAP_W))
    }

    fn ramp() -> [f32; MAP_CELLS] {
        core::array::from_fn(|i| ((i % MAP_W) * 5 + (i / MAP_W) * 3 + (i * 7919 % 13)) as f32)
    }

    #[test]
    fn saliency_is_the_distance_from_the_mean_colour() {
        // Grey everywhere but one red cell: only that cell is far from the mean.
        let luma = [100f32; MAP_CELLS];
        let c = map_of(|x, y| {
            if (x, y) == (3, 4) {
                [100, 200]
            } else {
                [128, 128]
            }
        });
        let mut s = [0f32; MAP_CELLS];
        let mean = saliency(&luma, &c, &mut s);
        let (mu, mv) = (
            128.0 - 28.0 / MAP_CELLS as f32,
            128.0 + 72.0 / MAP_CELLS as f32,
        );
        let far = libm::sqrtf((100.0 - mu) * (100.0 - mu) + (200.0 - mv) * (200.0 - mv));
        assert!((s[4 * MAP_W + 3] - far).abs() < 1e-3);
        assert!(s[0] < mean && s[4 * MAP_W + 3] > mean);
    }

    #[test]
    fn a_recoloured_patch_is_new_and_a_relit_one_is_not() {
        let luma = ramp();
        let patch = |x: usize, y: usize| (10..14).contains(&x) && (8..10).contains(&y);
        let before = map_of(|x, y| if patch(x, y) { [110, 170] } else { [128, 128] });
        // Turned green (hue by half a turn): eight new cells where the patch is.
        let green = map_of(|x, y| if patch(x, y) { [146, 86] } else { [128, 128] });
        let (n, bbox) = new_salient_colours(&before, &luma, &green);
        assert_eq!((n, bbox), (8, (10, 8, 13, 9)));
        // The same hue with 1.3 times the chroma (a gain on R, G, B): nothing new.
        let gain = map_of(|x, y| if patch(x, y) { [105, 183] } else { [128, 128] });
        assert_eq!(new_salient_colours(&before, &luma, &gain).0, 0);
    }

    #[test]
    fn the_same_scene_reframed_correlates_and_another_does_not() {
        let a = ramp();
        assert!((same_scene(&a, &a) - 1.0).abs() < 1e-4);
        // Gain and offset change nothing.
        let lit: [f32; MAP_CELLS] = core::array::from_fn(|i| a[i] * 1.3 + 5.0);
        assert!(same_scene(&a, &lit) > 0.999);
        let flat = [50f32; MAP_CELLS];
        assert_eq!(same_scene(&a, &flat), -1.0);
        // An unrelated pattern.
        let other: [f32; MAP_CELLS] = core::array::from_fn(|i| ((i * 2_654_435_761) % 97) as f32);
        assert!(same_scene(&a, &other) < SALIENT_SAME_SCENE as f32);
    }

    #[test]
    fn a_tracker_keeps_only_confirmed_cuts() {
        let (w, h) = (64, 48);
        // A gentle ramp (no wrap at 255): every cell of the patch stays salient.
        let work: std::vec::Vec<u8> = (0..w * h).map(|i| ((i % w) * 2 + i / w) as u8).collect();
        let patch = |x: usize, y: usize| (10..14).contains(&x) && (8..10).contains(&y);
        let before = map_of(|x, y| if patch(x, y) { [110, 170] } else { [128, 128] });
        let after = map_of(|x, y| if patch(x, y) { [146, 86] } else { [128, 128] });
        let mut t = SalientTracker::new();
        t.push(0, Some(&before), false, (&work, &work, w, h));
        t.push(1, Some(&after), true, (&work, &work, w, h));
        t.confirm(2); // another frame: a flash suppressed the candidate
        assert!(t.events().is_empty());
        t.push(2, Some(&before), false, (&work, &work, w, h));
        t.push(3, Some(&after), true, (&work, &work, w, h));
        t.confirm(3);
        assert_eq!(t.events().len(), 1);
        let e = t.events()[0];
        assert_eq!((e.frame, e.new_cells, e.same_scene), (3, 8, 100));
        assert_eq!(e.region, [79, 85, 112, 107]);
        assert_eq!(core::mem::size_of::<NoSalient>(), 0);
    }
}
