#!/usr/bin/env bash
# The Miri steps of scripts/test.sh, which runs this in the background (the toolchain with
# miri and rust-src is installed there first). Standalone: bash scripts/miri.sh [NIGHTLY]
set -euo pipefail
cd "$(dirname "$0")/.."
NIGHTLY=${1:-nightly-2026-05-20}
step() { printf '\n==> %s\n' "$*"; }

step "Miri: the core's unit tests under the interpreter (soft-float libm; heaviest tests skipped)"
# Skipped under Miri only (each takes minutes interpreted; all run natively above): whole-second
# audio signals (and the 2-second sub-block series), YIN pitch sweeps, two subject-tracking clips, 176×176 MS-SSIM, the
# blur-level clip (a scored pan: over 15 minutes interpreted), the full-size stencil comparison, the 36-frame flight-tracking clip and the residual grid's two textured
# frames (about 6 minutes interpreted), and the salient check's zoom-and-shift scene match (its
# two tests ran over 7 minutes interpreted); then the tests over 15 s each interpreted on a
# loaded machine (`-Z unstable-options --report-time`): the blinking-face clip, a subject
# tracker fed 30 frames twice (over 10 minutes interpreted), the two pop
# clips, the random-series search of `sustained`, every size and budget pushed, and four
# whole-frame pass comparisons (safe code: Miri runs the portable kernels only). Miri still
# runs every other core unit test (the kernel tests there cover the portable path only, on a
# sample of widths).
MIRI_SKIP=(
  audio::scorer::tests::full_scale_1k_sine_reads_minus_3_lufs_per_channel
  audio::scorer::tests::i16_and_f32_agree_and_clipping_is_found
  audio::scorer::tests::silence_gap_and_quiet_clip
  audio::scorer::tests::subblock_readings_follow_loudness_and_peak_over_time
  audio::scorer::tests::steady_tone_is_not_a_voice_but_a_flat_syllabic_one_is
  audio::yin::tests::
  detect::subject::tests::clothes_that_change_colour_at_a_cut_are_flagged
  detect::subject::tests::a_small_garment_recoloured_at_a_cut_is_a_new_colour
  metrics::ms_ssim::tests::identical_is_one_and_small_is_refused
  metrics::stencil::tests::narrow_path_equals_wide_loops
  clip::blur_level::tests::the_blur_defect_is_where_sharpness_falls_below_the_level
  clip::flight::tests::
  clip::residual::tests::
  detect::salient::tests::the_same_scene_reframed_correlates_and_another_does_not
  detect::salient::tests::a_tracker_keeps_only_confirmed_cuts
  detect::face::tests::blinking_face_is_alive_and_frozen_face_is_stiff
  detect::subject::tests::within_shot_shift_and_bad_input
  clip::artefacts::tests::an_appearance_and_its_vanishing_pair_into_one_pop
  clip::artefacts::tests::a_pop_is_one_isolated_step
  clip::defects::tests::sustained_is_the_highest_level_a_run_holds
  clip::analysis::tests::every_size_and_budget_can_be_pushed
  clip::pass::tests::limited_rows_equal_the_expanded_frame
  clip::pass::tests::binned_blockiness_keeps_the_source_grid
  clip::pass::tests::scorer_follows_its_budget
  clip::pass::tests::binned_stats_are_the_stats_of_the_binned_plane
)
cargo +"$NIGHTLY" miri test -q -p reelscore --lib --features soft-float -- "${MIRI_SKIP[@]/#/--skip=}"

step "Miri: the C ABI's own tests (every handle kind: _new/_free, _init on caller memory, zeroed handles, NULLs)"
# ffi/src/tests.rs calls the extern "C" functions as C does, so the crate's unsafe (raw pointers,
# caller memory, the Zeroable contract, the watch distribution's storage casts) runs under
# Miri's checks for out-of-bounds, uninitialised, invalid, aliased and leaked memory.
cargo +"$NIGHTLY" miri test -q -p reelscore-ffi --lib --features soft-float

step "Miri: the Python extension's unsafe (array views borrowed as rows, the zeroed scorer)"
# PyO3 cannot run under Miri: python/pure compiles python/src/borrow.rs (the layout checks and
# pointer arithmetic the extension's unsafe blocks rely on) without it. Its tests borrow every
# strided view of a buffer as numpy reports it, refuse the other layouts, and read a zeroed
# scorer as a typed value.
cargo +"$NIGHTLY" miri test -q -p reelscore-py-pure --features soft-float
