/* C tests of the device-sized clip scorer (`reel_device_clip_scorer_*`, `reel_row_feeder_*`):
 * caller-allocated state within the 32 KiB budget, its documented relationship to the default
 * scorer (equal results for frames up to 64x48 in clips up to 128 frames; equal per-frame
 * statistics beyond), rows equal to whole frames bit for bit, and bad input -> status codes.
 * Prints "N passed, N failed". */
#include "reelscore.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

#define SMALL_W 64
#define SMALL_H 48
#define BIG_W 160
#define BIG_H 120
#define FRAMES 90
#define CUT 30

static unsigned char scorer_mem[32 * 1024] __attribute__((aligned(16)));
static unsigned char scorer2_mem[32 * 1024] __attribute__((aligned(16)));
static unsigned char feeder_mem[16 * 1024] __attribute__((aligned(16)));
static unsigned char default_mem[256 * 1024] __attribute__((aligned(16)));
static uint8_t frame[BIG_W * BIG_H];
static uint8_t chroma[2][(BIG_W / 2) * (BIG_H / 2)];

/* Frame k of a w x h clip: a slow pan, a cut at CUT to a block grid, a freeze from 60, plus
 * xorshift noise (except in the freeze, which repeats one frame exactly). */
static void make_frame(int k, int w, int h) {
    uint32_t s = 0x9E3779B9u ^ (uint32_t)(k < 60 ? k : 60) * 2654435761u;
    int x, y;
    for (y = 0; y < h; y++) {
        for (x = 0; x < w; x++) {
            int v = k < CUT ? ((x + 2 * k) * 3 + y * 2) % 200 + 20 : ((x / 8) * 37 + (y / 8) * 91) % 200 + 28;
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            frame[y * w + x] = (uint8_t)(v + (int)(s >> 30));
        }
    }
}

static ReelPlane plane(const uint8_t *data, int w, int h) {
    ReelPlane p;
    p.data = data;
    p.width = (size_t)w;
    p.height = (size_t)h;
    p.stride = (size_t)w;
    return p;
}

/* Equal bit patterns (so NaN == NaN and 0.0 != -0.0). */
static int same(double a, double b) {
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x == y;
}

static int same_stats(const ReelFrameStats *a, const ReelFrameStats *b) {
    return same(a->sharpness, b->sharpness) && same(a->tenengrad, b->tenengrad) && same(a->mean, b->mean) &&
           same(a->p10, b->p10) && same(a->p90, b->p90) && same(a->black_fraction, b->black_fraction) &&
           same(a->white_fraction, b->white_fraction) && same(a->rms_contrast, b->rms_contrast) &&
           same(a->noise_sigma, b->noise_sigma) && same(a->blockiness, b->blockiness) && same(a->entropy, b->entropy);
}

static int same_obs(const ReelFrameObservation *a, const ReelFrameObservation *b) {
    return a->index == b->index && same_stats(&a->stats, &b->stats) && same(a->motion, b->motion) &&
           same(a->mafd, b->mafd) && same(a->scene_score, b->scene_score) && same(a->shift_x, b->shift_x) &&
           same(a->shift_y, b->shift_y) && same(a->chroma_jump, b->chroma_jump) && same(a->freeze_diff, b->freeze_diff);
}

static int same_summary(const ReelClipSummary *a, const ReelClipSummary *b) {
    const ReelClipMetrics *m = &a->metrics, *n = &b->metrics;
    return same(a->score, b->score) && a->defects == b->defects && a->cuts == b->cuts && m->frames == n->frames &&
           m->shots == n->shots && m->flashes == n->flashes && same(m->duration, n->duration) &&
           same(m->motion, n->motion) && same(m->dynamic_degree, n->dynamic_degree) &&
           same(m->vbench_flicker, n->vbench_flicker) && same(m->sharpness, n->sharpness) && same(m->noise, n->noise) &&
           same(m->blockiness, n->blockiness) && same(m->brightness, n->brightness) && same(m->contrast, n->contrast) &&
           same(m->frozen_share, n->frozen_share) && same(m->max_chroma_jump, n->max_chroma_jump);
}

/* Defects and cuts of two finished scorers are equal. */
static int same_lists(const ReelDeviceClipScorer *d, const ReelClipScorer *c, const ReelClipSummary *sum) {
    uint32_t i;
    for (i = 0; i < sum->defects; i++) {
        ReelDefect a, b;
        if (reel_device_clip_scorer_defect(d, i, &a) != REEL_STATUS_OK) return 0;
        if (reel_clip_scorer_defect(c, i, &b) != REEL_STATUS_OK) return 0;
        if (a.kind != b.kind || a.start != b.start || a.end != b.end || !same(a.severity, b.severity)) return 0;
    }
    for (i = 0; i < sum->cuts; i++) {
        uint32_t a = 0, b = 1;
        if (reel_device_clip_scorer_cut(d, i, &a) != REEL_STATUS_OK) return 0;
        if (reel_clip_scorer_cut(c, i, &b) != REEL_STATUS_OK || a != b) return 0;
    }
    return 1;
}

/* Pushes frame k row by row in bands of 1, 7 and the rest. */
static reel_status push_rows(ReelDeviceClipScorer *s, ReelRowFeeder *f, int w, int h, ReelFrameObservation *obs) {
    int bands[3] = {1, 7, h - 8}, y = 0, i;
    reel_status st = reel_device_clip_scorer_begin_frame(s, f);
    for (i = 0; i < 3 && st == REEL_STATUS_OK; i++) {
        ReelPlane band = plane(frame + y * w, w, bands[i]);
        st = reel_device_clip_scorer_push_rows(s, f, &band);
        y += bands[i];
    }
    return st == REEL_STATUS_OK ? reel_device_clip_scorer_end_frame(s, f, obs) : st;
}

/* Which pushes agreed over a clip fed to three scorers: device whole frames, device rows, default. */
typedef struct {
    int obs;   /* device and default observations equal */
    int stats; /* same index and frame statistics */
    int rows;  /* device rows equal device whole frames */
} Agreement;

/* FRAMES frames of w x h to `d` whole, to `r` row by row through `f` and to the default `c`. */
static reel_status push_three(ReelDeviceClipScorer *d, ReelDeviceClipScorer *r, ReelRowFeeder *f, ReelClipScorer *c, int w,
                              int h, Agreement *a) {
    reel_status st = REEL_STATUS_OK;
    int k;
    a->obs = a->stats = a->rows = 1;
    for (k = 0; k < FRAMES && st == REEL_STATUS_OK; k++) {
        ReelFrameObservation od, orow, oc;
        ReelPlane p = plane(frame, w, h);
        make_frame(k, w, h);
        st = reel_device_clip_scorer_push(d, &p, &od);
        if (st == REEL_STATUS_OK) st = push_rows(r, f, w, h, &orow);
        if (st == REEL_STATUS_OK) st = reel_clip_scorer_push(c, &p, &oc);
        if (st != REEL_STATUS_OK) break;
        if (!same_obs(&od, &oc)) a->obs = 0;
        if (od.index != oc.index || !same_stats(&od.stats, &oc.stats)) a->stats = 0;
        if (!same_obs(&od, &orow)) a->rows = 0;
    }
    return st;
}

static void test_sizes(void) {
    size_t a = reel_device_clip_scorer_align(), fa = reel_row_feeder_align();
    CHECK(reel_device_clip_scorer_size() <= 32 * 1024, "device state %zu B over the 32 KiB budget",
          reel_device_clip_scorer_size());
    CHECK(reel_device_clip_scorer_size() < reel_clip_scorer_size() / 4, "device %zu vs default %zu",
          reel_device_clip_scorer_size(), reel_clip_scorer_size());
    CHECK(reel_row_feeder_size() <= 11 * 1024, "row feeder %zu B over 11 KiB", reel_row_feeder_size());
    CHECK(a > 0 && (a & (a - 1)) == 0 && a <= 16, "align %zu", a);
    CHECK(fa > 0 && (fa & (fa - 1)) == 0 && fa <= 16, "feeder align %zu", fa);
}

/* Frames up to 64x48, up to 128 frames: every result equals the default scorer's, bit for
 * bit, whether the device scorer gets whole frames, rows or YUV. */
static void test_equals_default_when_small(void) {
    ReelDeviceClipScorer *d = NULL, *r = NULL;
    ReelClipScorer *c = NULL;
    ReelRowFeeder *f = NULL;
    ReelClipSummary sd, sr, sc;
    int k, obs_equal = 1, rows_equal = 1;
    Agreement a;
    reel_status st = REEL_STATUS_OK;
    CHECK(reel_device_clip_scorer_init(scorer_mem, sizeof scorer_mem, SMALL_W, SMALL_H, 30.0, &d) == REEL_STATUS_OK,
          "init");
    CHECK(d == (ReelDeviceClipScorer *)(void *)scorer_mem, "the handle is the buffer");
    CHECK(reel_device_clip_scorer_init(scorer2_mem, sizeof scorer2_mem, SMALL_W, SMALL_H, 30.0, &r) == REEL_STATUS_OK,
          "init rows");
    CHECK(reel_row_feeder_init(feeder_mem, sizeof feeder_mem, &f) == REEL_STATUS_OK, "feeder init");
    CHECK(reel_clip_scorer_init(default_mem, sizeof default_mem, SMALL_W, SMALL_H, 30.0, &c) == REEL_STATUS_OK,
          "default init");
    st = push_three(d, r, f, c, SMALL_W, SMALL_H, &a);
    obs_equal = a.obs;
    rows_equal = a.rows;
    CHECK(st == REEL_STATUS_OK, "push: %s", reel_status_str(st));
    CHECK(obs_equal, "device observations differ from the default scorer's at 64x48");
    CHECK(rows_equal, "row-streamed observations differ from whole frames");
    CHECK(reel_device_clip_scorer_finish(d, &sd) == REEL_STATUS_OK, "finish");
    CHECK(reel_device_clip_scorer_finish(r, &sr) == REEL_STATUS_OK, "finish rows");
    CHECK(reel_clip_scorer_finish(c, &sc) == REEL_STATUS_OK, "default finish");
    CHECK(same_summary(&sd, &sc), "summary: device score %.17g vs default %.17g", sd.score, sc.score);
    CHECK(same_summary(&sd, &sr), "summary: rows score %.17g vs whole %.17g", sr.score, sd.score);
    CHECK(same_lists(d, c, &sd), "defects or cuts differ from the default scorer's");
    CHECK(sd.metrics.frames == FRAMES && sd.cuts >= 1, "frames %u cuts %u", sd.metrics.frames, sd.cuts);
    {
        uint32_t cut = 0;
        CHECK(reel_device_clip_scorer_cut(d, 0, &cut) == REEL_STATUS_OK && cut == CUT, "cut at %u", cut);
    }
    {
        /* Detector defects fold in the same way on both scorers. */
        ReelDetectDefect t = {REEL_DETECT_DEFECT_STIFF_FACE, 0, 3, 40, 0.6};
        CHECK(reel_device_clip_scorer_add_detections(d, &t, 1, &sd) == REEL_STATUS_OK &&
                  reel_clip_scorer_add_detections(c, &t, 1, &sc) == REEL_STATUS_OK,
              "add detections");
        CHECK(same_summary(&sd, &sc) && same_lists(d, c, &sd), "device and default differ after a detector defect");
        CHECK(reel_device_clip_scorer_add_detections(d, NULL, 1, &sd) == REEL_STATUS_NULL_POINTER, "NULL defects");
        CHECK(reel_device_clip_scorer_add_audio(d, NULL, &sd) == REEL_STATUS_NULL_POINTER, "NULL audio");
    }

    /* YUV 4:2:0 with a colour jump at frame 10: the chroma figures are equal too. */
    CHECK(reel_device_clip_scorer_reset(d, SMALL_W, SMALL_H, 30.0) == REEL_STATUS_OK, "reset");
    CHECK(reel_clip_scorer_reset(c, SMALL_W, SMALL_H, 30.0) == REEL_STATUS_OK, "default reset");
    obs_equal = 1;
    for (k = 0; k < 20 && st == REEL_STATUS_OK; k++) {
        ReelFrameObservation od, oc;
        ReelPlane y = plane(frame, SMALL_W, SMALL_H), u = plane(chroma[0], SMALL_W / 2, SMALL_H / 2),
                  v = plane(chroma[1], SMALL_W / 2, SMALL_H / 2);
        make_frame(60, SMALL_W, SMALL_H); /* still luma: colour jumps are measured on still cells */
        memset(chroma[0], k < 10 ? 120 : 60, sizeof chroma[0]);
        memset(chroma[1], 130, sizeof chroma[1]);
        chroma[0][0] = (uint8_t)k;
        st = reel_device_clip_scorer_push_yuv420(d, &y, &u, &v, &od);
        if (st == REEL_STATUS_OK) st = reel_clip_scorer_push_yuv420(c, &y, &u, &v, &oc);
        if (st == REEL_STATUS_OK && !same_obs(&od, &oc)) obs_equal = 0;
    }
    CHECK(st == REEL_STATUS_OK, "push_yuv420: %s", reel_status_str(st));
    CHECK(obs_equal, "YUV observations differ from the default scorer's");
    CHECK(reel_device_clip_scorer_finish(d, &sd) == REEL_STATUS_OK && reel_clip_scorer_finish(c, &sc) == REEL_STATUS_OK,
          "finish yuv");
    CHECK(same_summary(&sd, &sc) && sd.metrics.max_chroma_jump > 0.0, "yuv summary: chroma jump %g vs %g",
          sd.metrics.max_chroma_jump, sc.metrics.max_chroma_jump);
}

/* Larger frames: the device scorer works on a 64x48 working copy, so the per-frame statistics
 * (computed on the full frame) stay equal to the default scorer's and the hard cut is found
 * at the same frame; rows still equal whole frames. */
static void test_larger_frames(void) {
    ReelDeviceClipScorer *d = NULL, *r = NULL;
    ReelClipScorer *c = NULL;
    ReelRowFeeder *f = NULL;
    ReelClipSummary sd, sr, sc;
    uint32_t cut_d = 0, cut_c = 1;
    int stats_equal = 1, rows_equal = 1;
    Agreement a;
    reel_status st = REEL_STATUS_OK;
    CHECK(reel_device_clip_scorer_init(scorer_mem, sizeof scorer_mem, BIG_W, BIG_H, 25.0, &d) == REEL_STATUS_OK,
          "init");
    CHECK(reel_device_clip_scorer_init(scorer2_mem, sizeof scorer2_mem, BIG_W, BIG_H, 25.0, &r) == REEL_STATUS_OK,
          "init rows");
    CHECK(reel_row_feeder_init(feeder_mem, sizeof feeder_mem, &f) == REEL_STATUS_OK, "feeder");
    CHECK(reel_clip_scorer_init(default_mem, sizeof default_mem, BIG_W, BIG_H, 25.0, &c) == REEL_STATUS_OK, "default");
    st = push_three(d, r, f, c, BIG_W, BIG_H, &a);
    stats_equal = a.stats;
    rows_equal = a.rows;
    CHECK(st == REEL_STATUS_OK, "push: %s", reel_status_str(st));
    CHECK(stats_equal, "frame statistics differ from the default scorer's");
    CHECK(rows_equal, "rows differ from whole frames at 160x120");
    CHECK(reel_device_clip_scorer_finish(d, &sd) == REEL_STATUS_OK && reel_device_clip_scorer_finish(r, &sr) == REEL_STATUS_OK &&
              reel_clip_scorer_finish(c, &sc) == REEL_STATUS_OK,
          "finish");
    CHECK(same_summary(&sd, &sr), "rows summary differs");
    CHECK(sd.cuts == 1 && sc.cuts == 1, "cuts: device %u default %u", sd.cuts, sc.cuts);
    CHECK(reel_device_clip_scorer_cut(d, 0, &cut_d) == REEL_STATUS_OK && reel_clip_scorer_cut(c, 0, &cut_c) == REEL_STATUS_OK &&
              cut_d == CUT && cut_c == CUT,
          "cut: device %u default %u", cut_d, cut_c);
    CHECK(sd.score >= 0.0 && sd.score <= 100.0 && sd.metrics.frames == FRAMES, "score %g frames %u", sd.score,
          sd.metrics.frames);
    CHECK(same(sd.metrics.sharpness, sc.metrics.sharpness) || fabs(sd.metrics.sharpness - sc.metrics.sharpness) <=
                                                                  1e-6 * fabs(sc.metrics.sharpness),
          "sharpness %.17g vs %.17g", sd.metrics.sharpness, sc.metrics.sharpness);
}

/* Past 128 frames the device series is decimated: the clip still finishes with every frame
 * counted. */
static void test_long_clip(void) {
    ReelDeviceClipScorer *d = NULL;
    ReelClipSummary sum;
    int k;
    reel_status st = REEL_STATUS_OK;
    CHECK(reel_device_clip_scorer_init(scorer_mem, sizeof scorer_mem, SMALL_W, SMALL_H, 30.0, &d) == REEL_STATUS_OK,
          "init");
    for (k = 0; k < 400 && st == REEL_STATUS_OK; k++) {
        ReelPlane p = plane(frame, SMALL_W, SMALL_H);
        make_frame(k % 59, SMALL_W, SMALL_H);
        st = reel_device_clip_scorer_push(d, &p, NULL);
    }
    CHECK(st == REEL_STATUS_OK, "push %d: %s", k, reel_status_str(st));
    CHECK(reel_device_clip_scorer_finish(d, &sum) == REEL_STATUS_OK && sum.metrics.frames == 400, "frames %u",
          sum.metrics.frames);
    CHECK(sum.score >= 0.0 && sum.score <= 100.0, "score %g", sum.score);
}

static void test_bad_input(void) {
    ReelDeviceClipScorer *d = NULL, *wide = NULL;
    ReelRowFeeder *f = NULL;
    ReelFrameObservation obs;
    ReelClipSummary sum;
    ReelDefect def;
    uint32_t cut;
    ReelPlane p = plane(frame, SMALL_W, SMALL_H), row = plane(frame, SMALL_W, 1);
    size_t n = reel_device_clip_scorer_size();
    int k;

    CHECK(reel_device_clip_scorer_init(NULL, n, SMALL_W, SMALL_H, 30.0, &d) == REEL_STATUS_NULL_POINTER, "NULL buffer");
    CHECK(reel_device_clip_scorer_init(scorer_mem, n, SMALL_W, SMALL_H, 30.0, NULL) == REEL_STATUS_NULL_POINTER,
          "NULL out");
    CHECK(reel_device_clip_scorer_init(scorer_mem, n - 1, SMALL_W, SMALL_H, 30.0, &d) == REEL_STATUS_BUFFER_TOO_SHORT,
          "short buffer");
    CHECK(reel_device_clip_scorer_init(scorer_mem + 1, n, SMALL_W, SMALL_H, 30.0, &d) == REEL_STATUS_INVALID_VALUE,
          "misaligned");
    CHECK(reel_device_clip_scorer_init(scorer_mem, n, 0, SMALL_H, 30.0, &d) == REEL_STATUS_EMPTY_PLANE, "zero width");
    CHECK(reel_device_clip_scorer_init(scorer_mem, n, SMALL_W, SMALL_H, NAN, &d) == REEL_STATUS_INVALID_VALUE,
          "NaN fps");
    CHECK(reel_device_clip_scorer_init(scorer_mem, n, SMALL_W, SMALL_H, -1.0, &d) == REEL_STATUS_INVALID_VALUE,
          "negative fps");
    CHECK(d == NULL, "out untouched on failure");
    CHECK(reel_row_feeder_init(NULL, sizeof feeder_mem, &f) == REEL_STATUS_NULL_POINTER, "feeder NULL buffer");
    CHECK(reel_row_feeder_init(feeder_mem, reel_row_feeder_size() - 1, &f) == REEL_STATUS_BUFFER_TOO_SHORT,
          "feeder short buffer");
    CHECK(reel_row_feeder_init(feeder_mem + 1, sizeof feeder_mem - 1, &f) == REEL_STATUS_INVALID_VALUE,
          "feeder misaligned");
    CHECK(reel_row_feeder_init(feeder_mem, sizeof feeder_mem, NULL) == REEL_STATUS_NULL_POINTER, "feeder NULL out");

    CHECK(reel_device_clip_scorer_init(scorer_mem, n, SMALL_W, SMALL_H, 30.0, &d) == REEL_STATUS_OK, "init");
    CHECK(reel_row_feeder_init(feeder_mem, sizeof feeder_mem, &f) == REEL_STATUS_OK, "feeder init");
    CHECK(reel_device_clip_scorer_finish(d, &sum) == REEL_STATUS_EMPTY_INPUT, "finish with no frames");
    CHECK(reel_device_clip_scorer_defect(d, 0, &def) == REEL_STATUS_INVALID_STATE, "defect before finish");
    CHECK(reel_device_clip_scorer_cut(d, 0, &cut) == REEL_STATUS_INVALID_STATE, "cut before finish");
    CHECK(reel_device_clip_scorer_push_rows(d, f, &row) == REEL_STATUS_INVALID_STATE, "rows before begin_frame");
    CHECK(reel_device_clip_scorer_end_frame(d, f, &obs) == REEL_STATUS_INVALID_STATE, "end_frame before begin");
    p.width = SMALL_W - 1;
    CHECK(reel_device_clip_scorer_push(d, &p, NULL) == REEL_STATUS_SIZE_MISMATCH, "wrong frame size");
    p.width = SMALL_W;
    p.stride = SMALL_W - 1;
    CHECK(reel_device_clip_scorer_push(d, &p, NULL) == REEL_STATUS_STRIDE_TOO_SMALL, "stride too small");
    p.stride = SMALL_W;
    p.data = NULL;
    CHECK(reel_device_clip_scorer_push(d, &p, NULL) == REEL_STATUS_NULL_POINTER, "NULL data");
    p.data = frame;
    CHECK(reel_device_clip_scorer_push(NULL, &p, NULL) == REEL_STATUS_NULL_POINTER, "NULL scorer");
    CHECK(reel_device_clip_scorer_push(d, NULL, NULL) == REEL_STATUS_NULL_POINTER, "NULL plane");
    CHECK(reel_device_clip_scorer_push_yuv420(d, &p, NULL, &p, NULL) == REEL_STATUS_NULL_POINTER, "NULL u plane");
    CHECK(reel_device_clip_scorer_push_yuv420(d, &p, &p, &p, NULL) == REEL_STATUS_SIZE_MISMATCH, "full-size chroma");
    CHECK(reel_device_clip_scorer_begin_frame(NULL, f) == REEL_STATUS_NULL_POINTER, "begin NULL scorer");
    CHECK(reel_device_clip_scorer_begin_frame(d, NULL) == REEL_STATUS_NULL_POINTER, "begin NULL feeder");

    /* An open frame: wrong row width, early end, whole-frame push and finish are refused. */
    make_frame(0, SMALL_W, SMALL_H);
    CHECK(reel_device_clip_scorer_begin_frame(d, f) == REEL_STATUS_OK, "begin");
    CHECK(reel_device_clip_scorer_push_rows(d, f, NULL) == REEL_STATUS_NULL_POINTER, "NULL rows");
    row.width = SMALL_W - 1;
    CHECK(reel_device_clip_scorer_push_rows(d, f, &row) == REEL_STATUS_LENGTH_MISMATCH, "wrong row width");
    row.width = SMALL_W;
    CHECK(reel_device_clip_scorer_push_rows(d, f, &row) == REEL_STATUS_OK, "one row");
    CHECK(reel_device_clip_scorer_end_frame(d, f, &obs) == REEL_STATUS_INVALID_STATE, "end before the last row");
    CHECK(reel_device_clip_scorer_push(d, &p, NULL) == REEL_STATUS_INVALID_STATE, "whole push inside a frame");
    CHECK(reel_device_clip_scorer_finish(d, &sum) == REEL_STATUS_INVALID_STATE, "finish inside a frame");
    {
        ReelPlane rest = plane(frame + SMALL_W, SMALL_W, SMALL_H - 1);
        CHECK(reel_device_clip_scorer_push_rows(d, f, &rest) == REEL_STATUS_OK, "the other rows");
    }
    CHECK(reel_device_clip_scorer_push_rows(d, f, &row) == REEL_STATUS_INVALID_STATE, "a row too many");
    CHECK(reel_device_clip_scorer_end_frame(d, f, NULL) == REEL_STATUS_OK, "end (NULL obs allowed)");
    for (k = 1; k < 5; k++) {
        make_frame(k, SMALL_W, SMALL_H);
        CHECK(reel_device_clip_scorer_push(d, &p, NULL) == REEL_STATUS_OK, "push %d", k);
    }
    CHECK(reel_device_clip_scorer_finish(d, NULL) == REEL_STATUS_NULL_POINTER, "finish NULL out");
    CHECK(reel_device_clip_scorer_finish(d, &sum) == REEL_STATUS_OK && sum.metrics.frames == 5, "finish");
    CHECK(reel_device_clip_scorer_finish(d, &sum) == REEL_STATUS_INVALID_STATE, "finish twice");
    CHECK(reel_device_clip_scorer_push(d, &p, NULL) == REEL_STATUS_INVALID_STATE, "push after finish");
    CHECK(reel_device_clip_scorer_begin_frame(d, f) == REEL_STATUS_INVALID_STATE, "begin after finish");
    CHECK(reel_device_clip_scorer_defect(d, sum.defects, &def) == REEL_STATUS_INVALID_VALUE, "defect out of range");
    CHECK(reel_device_clip_scorer_cut(d, sum.cuts, &cut) == REEL_STATUS_INVALID_VALUE, "cut out of range");
    CHECK(reel_device_clip_scorer_defect(NULL, 0, &def) == REEL_STATUS_NULL_POINTER, "defect NULL scorer");
    CHECK(reel_device_clip_scorer_cut(d, 0, NULL) == REEL_STATUS_NULL_POINTER || sum.cuts == 0, "cut NULL out");
    CHECK(reel_device_clip_scorer_reset(NULL, SMALL_W, SMALL_H, 30.0) == REEL_STATUS_NULL_POINTER, "reset NULL");
    CHECK(reel_device_clip_scorer_reset(d, SMALL_W, 0, 30.0) == REEL_STATUS_EMPTY_PLANE, "reset zero height");
    CHECK(reel_device_clip_scorer_reset(d, SMALL_W, SMALL_H, 30.0) == REEL_STATUS_OK, "reset");
    CHECK(reel_device_clip_scorer_push(d, &p, NULL) == REEL_STATUS_OK, "push after reset");

    /* Frames wider than the feeder are pushed whole; begin_frame refuses them. */
    CHECK(reel_device_clip_scorer_init(scorer2_mem, sizeof scorer2_mem, REEL_ROW_FEEDER_MAX_WIDTH + 1, 2, 30.0,
                                       &wide) == REEL_STATUS_OK,
          "init wide");
    CHECK(reel_device_clip_scorer_begin_frame(wide, f) == REEL_STATUS_CAPACITY_EXCEEDED, "frame wider than the feeder");
}

/* A smaller analysis budget on the device: 160x120 frames under 80x60 pixels are measured on
 * their 2x2-binned copy by the device scorer, fed whole or row by row, as by the default
 * scorer under the same budget. */
static void test_budget(void) {
    ReelDeviceClipScorer *d = NULL, *r = NULL;
    ReelClipScorer *c = NULL;
    ReelRowFeeder *f = NULL;
    size_t k = 0;
    int stats_equal = 1, rows_equal = 1;
    Agreement a;
    reel_status st = REEL_STATUS_OK;
    CHECK(reel_device_clip_scorer_init(scorer_mem, sizeof scorer_mem, BIG_W, BIG_H, 25.0, &d) == REEL_STATUS_OK &&
              reel_device_clip_scorer_init(scorer2_mem, sizeof scorer2_mem, BIG_W, BIG_H, 25.0, &r) == REEL_STATUS_OK &&
              reel_row_feeder_init(feeder_mem, sizeof feeder_mem, &f) == REEL_STATUS_OK &&
              reel_clip_scorer_init(default_mem, sizeof default_mem, BIG_W, BIG_H, 25.0, &c) == REEL_STATUS_OK,
          "init");
    CHECK(reel_device_clip_scorer_set_analysis_pixels(d, (BIG_W / 2) * (BIG_H / 2)) == REEL_STATUS_OK &&
              reel_device_clip_scorer_set_analysis_pixels(r, (BIG_W / 2) * (BIG_H / 2)) == REEL_STATUS_OK &&
              reel_clip_scorer_set_analysis_pixels(c, (BIG_W / 2) * (BIG_H / 2)) == REEL_STATUS_OK,
          "budgets");
    CHECK(reel_clip_scorer_analysis_factor(c, &k) == REEL_STATUS_OK && k == 2, "factor %zu", k);
    CHECK(reel_device_clip_scorer_analysis_factor(d, &k) == REEL_STATUS_OK && k == 2, "device factor %zu", k);
    CHECK(reel_device_clip_scorer_analysis_factor(NULL, &k) == REEL_STATUS_NULL_POINTER, "NULL device scorer");
    CHECK(reel_device_clip_scorer_set_analysis_pixels(d, 0) == REEL_STATUS_INVALID_VALUE &&
              reel_device_clip_scorer_set_analysis_pixels(NULL, 1) == REEL_STATUS_NULL_POINTER,
          "bad budgets");
    st = push_three(d, r, f, c, BIG_W, BIG_H, &a);
    stats_equal = a.stats;
    rows_equal = a.rows;
    CHECK(st == REEL_STATUS_OK, "push: %s", reel_status_str(st));
    CHECK(stats_equal, "binned statistics differ from the default scorer's");
    CHECK(reel_device_clip_scorer_reset(d, BIG_W, BIG_H, 25.0) == REEL_STATUS_OK &&
              reel_device_clip_scorer_analysis_factor(d, &k) == REEL_STATUS_OK && k == 2,
          "device reset keeps the budget: factor %zu", k);
    CHECK(rows_equal, "binned rows differ from whole frames");
}

int main(void) {
    test_sizes();
    test_equals_default_when_small();
    test_larger_frames();
    test_long_clip();
    test_bad_input();
    test_budget();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
