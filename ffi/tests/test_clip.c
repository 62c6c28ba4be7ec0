/* C tests of the clip scorer, consistency and track APIs: caller-allocated and heap handles,
 * a synthetic clip with a cut and a freeze, and misuse. Prints "N passed, N failed". */
#include "reelscore.h"
#include "check.h"

#include <math.h>
#include <string.h>

#define W 160
#define H 90

/* A smooth pan over scene `s`, drifting by `t` pixels. */
static void frame(uint8_t *out, int t, int s) {
    int x, y;
    for (y = 0; y < H; y++)
        for (x = 0; x < W; x++) out[y * W + x] = (uint8_t)(60 + ((x + t) * (3 + s) + y * 2) / 3 % 120);
}

static uint8_t frames[70][W * H];
static unsigned char storage[400 * 1024] __attribute__((aligned(16)));

static double product(ReelClipScorer *s, uint32_t n, uint32_t frames);

static void run_clip(ReelClipScorer *s) {
    ReelPlane p;
    ReelFrameObservation obs;
    ReelClipSummary sum;
    ReelDefect d;
    uint32_t cut = 0;
    size_t i;
    int found_freeze = 0;
    reel_status st = REEL_STATUS_OK;
    for (i = 0; i < 70; i++) {
        p.data = frames[i]; p.width = W; p.height = H; p.stride = W;
        st = reel_clip_scorer_push(s, &p, i % 2 ? &obs : NULL);
        if (st != REEL_STATUS_OK) break;
    }
    CHECK(st == REEL_STATUS_OK, "push: %s", reel_status_str(st));
    CHECK(obs.index == 69, "last observation index %u", obs.index);
    st = reel_clip_scorer_finish(s, &sum);
    CHECK(st == REEL_STATUS_OK, "finish: %s", reel_status_str(st));
    CHECK(sum.metrics.frames == 70 && sum.cuts == 1, "frames %u cuts %u", sum.metrics.frames, sum.cuts);
    CHECK(reel_clip_scorer_cut(s, 0, &cut) == REEL_STATUS_OK && cut == 30, "cut at %u", cut);
    for (i = 0; i < sum.defects; i++) {
        CHECK(reel_clip_scorer_defect(s, i, &d) == REEL_STATUS_OK, "defect %zu", i);
        if (d.kind == REEL_DEFECT_FREEZE && d.start == 50 && d.end == 69) found_freeze = 1;
        CHECK(d.severity >= 0.0 && d.severity <= 1.0, "severity %g", d.severity);
    }
    CHECK(found_freeze, "freeze 50..69 found among %u defects", sum.defects);
    CHECK(sum.score > 0.0 && sum.score < 100.0, "score %g", sum.score);
    {
        /* The documented verdict: 100 · Π factor, and the defects' points add up to 100 − score. */
        double points = 0.0;
        for (i = 0; i < sum.defects; i++)
            if (reel_clip_scorer_defect(s, i, &d) == REEL_STATUS_OK) points += d.points;
        CHECK(fabs(sum.score - 100.0 * product(s, sum.defects, 70)) < 1e-9, "score %g vs the formula", sum.score);
        CHECK(fabs(points - (100.0 - sum.score)) < 1e-9, "points %g vs 100 - score %g", points, 100.0 - sum.score);
    }
    {
        /* A clip with a defect has no near-miss points; unknown kinds are refused. */
        ReelNearMiss m;
        uint32_t k;
        double near_points = 0.0;
        for (k = 0; k < 23; k++) {
            CHECK(reel_clip_scorer_near_miss(s, k, &m) == REEL_STATUS_OK, "near miss %u", k);
            CHECK(m.closeness >= 0.0 && m.closeness <= 1.0, "closeness %g", m.closeness);
            near_points += m.points;
        }
        CHECK(near_points == 0.0, "near-miss points %g with defects", near_points);
        CHECK(reel_clip_scorer_near_miss(s, 23, &m) == REEL_STATUS_INVALID_ENUM, "unknown kind");
        CHECK(reel_clip_scorer_near_miss(s, 0, NULL) == REEL_STATUS_NULL_POINTER, "NULL out");
    }
    CHECK(reel_clip_scorer_defect(s, 99, &d) == REEL_STATUS_INVALID_VALUE, "defect index out of range");
    CHECK(reel_clip_scorer_push(s, &p, NULL) == REEL_STATUS_INVALID_STATE, "push after finish");
}

/* The factor the documented verdict applies for defect `d` of a `frames`-frame clip. */
static double factor(const ReelDefect *d, uint32_t frames) {
    double coverage = (double)(d->end - d->start + 1) / frames;
    return 1.0 - reel_defect_weight(d->kind) * d->severity * (0.5 + 0.5 * coverage);
}

/* F: what a clip with a defect starts from, every near-miss share taken at once. */
static double near_floor(void) {
    double f = 1.0;
    uint32_t k;
    for (k = 0; reel_defect_near_share(k) >= 0.0; k++) f *= 1.0 - reel_defect_near_share(k);
    return f;
}

/* F times the defects' factors: the documented score of a clip with defects, over 100. */
static double product(ReelClipScorer *s, uint32_t n, uint32_t frames) {
    double p = n > 0 ? near_floor() : 1.0;
    uint32_t i;
    ReelDefect d;
    for (i = 0; i < n; i++)
        if (reel_clip_scorer_defect(s, i, &d) == REEL_STATUS_OK) p *= factor(&d, frames);
    return p;
}

/* Sound and detector defects join a finished clip: noise 0–0.4 s, silence 0.4–1.8 s, noise to the
 * end of the 70-frame (2.33 s) clip; then a garbled-text defect from a text tracker's format. */
static void fold_in(void) {
    static float pcm[112000];
    static unsigned char audio_storage[128 * 1024] __attribute__((aligned(16)));
    ReelClipScorer *s = NULL;
    ReelAudioScorer *a = NULL;
    ReelClipSummary before, after, again;
    ReelDefect d;
    ReelDetectDefect det[2];
    ReelPlane p;
    uint32_t i, lcg = 12345, silence = 0;
    size_t k;
    double pb;
    CHECK(reel_clip_scorer_new(W, H, 30.0, &s) == REEL_STATUS_OK, "new");
    CHECK(reel_audio_scorer_init(audio_storage, sizeof audio_storage, 48000, 1, -14.0, &a) == REEL_STATUS_OK, "audio init");
    for (k = 0; k < 112000; k++) {
        lcg = lcg * 1664525u + 1013904223u;
        pcm[k] = (k < 19200 || k >= 86400) ? 0.3f * ((float)(lcg >> 8) / 8388608.0f - 1.0f) : 0.0f;
    }
    CHECK(reel_audio_scorer_push_f32(a, pcm, 112000) == REEL_STATUS_OK, "audio push");
    for (i = 0; i < 70; i++) {
        p.data = frames[i]; p.width = W; p.height = H; p.stride = W;
        reel_clip_scorer_push(s, &p, NULL);
    }
    CHECK(reel_clip_scorer_add_audio(s, a, &after) == REEL_STATUS_INVALID_STATE, "audio before finish");
    CHECK(reel_clip_scorer_finish(s, &before) == REEL_STATUS_OK, "finish");
    pb = product(s, before.defects, 70);
    CHECK(reel_clip_scorer_add_audio(s, a, NULL) == REEL_STATUS_NULL_POINTER, "NULL summary");
    CHECK(reel_clip_scorer_add_audio(s, NULL, &after) == REEL_STATUS_NULL_POINTER, "NULL audio");
    CHECK(reel_clip_scorer_add_audio(s, a, &after) == REEL_STATUS_OK, "add audio");
    for (i = 0; i < after.defects; i++) {
        reel_clip_scorer_defect(s, i, &d);
        if (d.kind == REEL_DEFECT_SILENCE) {
            silence++;
            /* 0.4 s is frame 12; the run may start one 100 ms loudness sub-block late. It ends
             * exactly at 1.8 s, the end of frame 53. */
            CHECK(d.start >= 12 && d.start <= 15 && d.end == 53, "silence frames %u..%u", d.start, d.end);
        }
    }
    CHECK(silence == 1, "one silence defect among %u", after.defects);
    CHECK(after.defects > before.defects && after.cuts == before.cuts, "defects %u -> %u", before.defects, after.defects);
    CHECK(fabs(after.score - before.score * product(s, after.defects, 70) / pb) < 1e-9 * before.score,
          "score %g from %g", after.score, before.score);
    CHECK(reel_clip_scorer_add_audio(s, a, &again) == REEL_STATUS_INVALID_STATE, "audio twice");

    det[0].kind = REEL_DETECT_DEFECT_GARBLED_TEXT; det[0].id = 1; det[0].start = 5; det[0].end = 500; det[0].severity = 0.8;
    det[1] = det[0];
    det[1].start = 70; /* after the last frame: the whole call is refused */
    CHECK(reel_clip_scorer_add_detections(s, det, 2, &again) == REEL_STATUS_INVALID_VALUE, "start past the clip");
    det[1].start = 0; det[1].kind = 99;
    CHECK(reel_clip_scorer_add_detections(s, det, 2, &again) == REEL_STATUS_INVALID_VALUE, "unknown kind");
    CHECK(reel_clip_scorer_add_detections(s, NULL, 0, &again) == REEL_STATUS_OK && again.score == after.score &&
              again.defects == after.defects, "nothing to add");
    {
        double p0 = product(s, after.defects, 70);
        CHECK(reel_clip_scorer_add_detections(s, det, 1, &again) == REEL_STATUS_OK, "add text defect");
        CHECK(again.defects == after.defects + 1, "defects %u", again.defects);
        CHECK(fabs(again.score - after.score * product(s, again.defects, 70) / p0) < 1e-9 * after.score,
              "score %g = %g x ratio", again.score, after.score);
        for (i = 0; i < again.defects; i++) {
            reel_clip_scorer_defect(s, i, &d);
            if (d.kind == REEL_DEFECT_GARBLED_TEXT)
                CHECK(d.start == 5 && d.end == 69 && d.severity == 0.8, "text defect %u..%u", d.start, d.end);
        }
    }
    CHECK(reel_defect_weight(REEL_DEFECT_SILENCE) == 0.4 && reel_defect_weight(1000) == -1.0, "weights");
    CHECK(strcmp(reel_defect_kind_str(REEL_DEFECT_APPEARANCE_SHIFT), "appearance_shift") == 0, "new kind name");
    CHECK(strcmp(reel_defect_kind_str(REEL_DEFECT_TOO_SHORT), "too_short") == 0, "too_short name");
    reel_clip_scorer_free(s);
}

/* Limited-range luma: at full resolution the scorer expands into the caller's scratch exactly as
 * reel_expand_limited_range does; a 1080p frame is binned first and needs no scratch. */
static void limited_range(void) {
    static uint8_t lim[W * H], full[W * H], scratch[W * H], uv[(W / 2) * (H / 2)];
    ReelClipScorer *a = NULL, *b = NULL, *c = NULL;
    ReelPlane y, u, v, e;
    ReelFrameObservation oa, ob;
    size_t k = 0;
    int i, j, same = 1;
    memset(uv, 128, sizeof uv);
    u.data = uv; u.width = W / 2; u.height = H / 2; u.stride = W / 2;
    v = u;
    CHECK(reel_clip_scorer_new(W, H, 30.0, &a) == REEL_STATUS_OK && reel_clip_scorer_new(W, H, 30.0, &b) == REEL_STATUS_OK, "new");
    CHECK(reel_clip_scorer_analysis_factor(a, &k) == REEL_STATUS_OK && k == 1, "factor %zu", k);
    for (i = 0; i < 12; i++) {
        for (j = 0; j < W * H; j++) lim[j] = (uint8_t)(8 + frames[i * 5][j] * 235 / 180 % 240); /* 8..247: below black, above white */
        y.data = lim; y.width = W; y.height = H; y.stride = W;
        CHECK(reel_clip_scorer_push_yuv420_limited(a, &y, &u, &v, scratch, sizeof scratch, &oa) == REEL_STATUS_OK, "limited push %d", i);
        CHECK(reel_expand_limited_range(&y, full, W) == REEL_STATUS_OK, "expand %d", i);
        e = y; e.data = full;
        CHECK(reel_clip_scorer_push_yuv420(b, &e, &u, &v, &ob) == REEL_STATUS_OK, "full push %d", i);
        /* Field by field: the bytes between `index` and `stats` are padding, unspecified in C. */
        same &= oa.index == ob.index && memcmp(&oa.stats, &ob.stats, sizeof oa.stats) == 0 &&
                oa.motion == ob.motion && oa.mafd == ob.mafd && oa.scene_score == ob.scene_score &&
                oa.shift_x == ob.shift_x && oa.shift_y == ob.shift_y && oa.chroma_jump == ob.chroma_jump &&
                oa.freeze_diff == ob.freeze_diff;
    }
    CHECK(same, "limited push equals expanding first");
    CHECK(reel_clip_scorer_push_yuv420_limited(a, &y, &u, &v, scratch, sizeof scratch - 1, NULL) == REEL_STATUS_LENGTH_MISMATCH,
          "short scratch");
    CHECK(reel_clip_scorer_push_yuv420_limited(a, &y, &u, &v, NULL, 0, NULL) == REEL_STATUS_LENGTH_MISMATCH, "no scratch at 1x");
    CHECK(reel_clip_scorer_analysis_factor(NULL, &k) == REEL_STATUS_NULL_POINTER, "NULL scorer");
    {
        /* 1920x1080: left half black (16), right half white (235) in video range. */
        enum { BW = 1920, BH = 1080 };
        uint8_t *big = malloc((size_t)BW * BH), *c2 = malloc((size_t)(BW / 2) * (BH / 2));
        CHECK(big && c2, "malloc");
        for (j = 0; j < BW * BH; j++) big[j] = (j % BW) < BW / 2 ? 16 : 235;
        memset(c2, 128, (size_t)(BW / 2) * (BH / 2));
        y.data = big; y.width = BW; y.height = BH; y.stride = BW;
        u.data = c2; u.width = BW / 2; u.height = BH / 2; u.stride = BW / 2;
        v = u;
        CHECK(reel_clip_scorer_new(BW, BH, 30.0, &c) == REEL_STATUS_OK, "new 1080p");
        CHECK(reel_clip_scorer_analysis_factor(c, &k) == REEL_STATUS_OK && k == 2, "factor %zu", k);
        CHECK(reel_clip_scorer_push_yuv420_limited(c, &y, &u, &v, NULL, 0, &oa) == REEL_STATUS_OK, "1080p limited push");
        CHECK(oa.stats.mean == 127.5 && oa.stats.black_fraction == 0.5 && oa.stats.white_fraction == 0.5,
              "expanded to 0 and 255: mean %g black %g white %g", oa.stats.mean, oa.stats.black_fraction, oa.stats.white_fraction);
        free(big);
        free(c2);
    }
    reel_clip_scorer_free(a);
    reel_clip_scorer_free(b);
    reel_clip_scorer_free(c);
}

/* Analysis budget: under REEL_FAST_ANALYSIS_PIXELS a 1280x720 frame is measured on its 2x2-binned
 * copy (block means rounded half up), so its statistics are reel_frame_stats of that copy (all
 * but blockiness, which the scorer takes on the copy's 4-pixel grid, and noise, which it reads
 * from the source's row pairs: sqrt(pi/2) * mean |e| / sqrt(12), e the second difference along x
 * of row 2i+1 minus row 2i). */
static void analysis_budget(void) {
    enum { AW = 1280, AH = 720 };
    uint8_t *img = malloc((size_t)AW * AH), *half = malloc((size_t)(AW / 2) * (AH / 2));
    ReelClipScorer *s = NULL;
    ReelPlane y, b;
    ReelFrameObservation o;
    ReelFrameStats want;
    size_t k = 0;
    int i, j;
    long long residual = 0;
    double pairs;
    CHECK(img && half, "malloc");
    for (j = 0; j < AW * AH; j++) img[j] = (uint8_t)((j % AW) / 5 + (j / AW) / 3 + (j % 1009) * 7 % 29);
    for (i = 0; i < AH / 2; i++)
        for (j = 1; j < AW - 1; j++) {
            const uint8_t *t = img + (size_t)2 * i * AW, *d = t + AW;
            int r0 = d[j - 1] - t[j - 1], r1 = d[j] - t[j], r2 = d[j + 1] - t[j + 1];
            residual += llabs((long long)(r0 - 2 * r1 + r2));
        }
    pairs = sqrt(acos(-1.0) / 2) * (double)residual / (sqrt(12.0) * (AH / 2) * (AW - 2));
    for (i = 0; i < AH / 2; i++)
        for (j = 0; j < AW / 2; j++) {
            const uint8_t *q = img + (size_t)2 * i * AW + 2 * j;
            half[i * (AW / 2) + j] = (uint8_t)((q[0] + q[1] + q[AW] + q[AW + 1] + 2) / 4);
        }
    y.data = img; y.width = AW; y.height = AH; y.stride = AW;
    b.data = half; b.width = AW / 2; b.height = AH / 2; b.stride = AW / 2;
    CHECK(reel_clip_scorer_new(AW, AH, 30.0, &s) == REEL_STATUS_OK, "new 720p");
    CHECK(reel_clip_scorer_analysis_factor(s, &k) == REEL_STATUS_OK && k == 1, "default factor %zu", k);
    CHECK(reel_clip_scorer_set_analysis_pixels(s, REEL_FAST_ANALYSIS_PIXELS) == REEL_STATUS_OK, "fast budget");
    CHECK(reel_clip_scorer_analysis_factor(s, &k) == REEL_STATUS_OK && k == 2, "fast factor %zu", k);
    CHECK(reel_clip_scorer_push(s, &y, &o) == REEL_STATUS_OK && reel_frame_stats(&b, &want) == REEL_STATUS_OK, "push");
    CHECK(o.stats.sharpness == want.sharpness && fabs(o.stats.noise_sigma - pairs) <= 1e-12 * pairs && o.stats.mean == want.mean &&
              o.stats.p10 == want.p10 && o.stats.p90 == want.p90 && o.stats.rms_contrast == want.rms_contrast &&
              o.stats.tenengrad == 0.0 && o.stats.entropy == want.entropy,
          "binned statistics: sharpness %g vs %g, noise %g vs %g", o.stats.sharpness, want.sharpness, o.stats.noise_sigma,
          pairs);
    CHECK(reel_clip_scorer_reset(s, AW, AH, 25.0) == REEL_STATUS_OK && reel_clip_scorer_analysis_factor(s, &k) == REEL_STATUS_OK &&
              k == 2,
          "reset keeps the budget: factor %zu", k);
    CHECK(reel_clip_scorer_set_analysis_pixels(s, 0) == REEL_STATUS_INVALID_VALUE, "zero budget");
    CHECK(reel_clip_scorer_analysis_factor(s, &k) == REEL_STATUS_OK && k == 2, "a refused budget keeps the old one");
    CHECK(reel_clip_scorer_set_analysis_pixels(s, REEL_ANALYSIS_PIXELS) == REEL_STATUS_OK &&
              reel_clip_scorer_analysis_factor(s, &k) == REEL_STATUS_OK && k == 1, "default again");
    CHECK(reel_clip_scorer_set_analysis_pixels(NULL, 1) == REEL_STATUS_NULL_POINTER, "NULL scorer");
    reel_clip_scorer_free(s);
    free(img);
    free(half);
}

int main(void) {
    ReelClipScorer *s = NULL, *h = NULL;
    ReelPlane p;
    ReelClipSummary sum;
    uint32_t cut;
    int i;
    for (i = 0; i < 30; i++) frame(frames[i], i, 0);
    for (i = 30; i < 50; i++) frame(frames[i], i - 30, 2);
    for (i = 50; i < 70; i++) frame(frames[i], 20, 2);

    CHECK(reel_clip_scorer_size() <= sizeof storage, "size %zu", reel_clip_scorer_size());
    CHECK(reel_clip_scorer_init(storage, reel_clip_scorer_size() - 1, W, H, 30.0, &s) == REEL_STATUS_BUFFER_TOO_SHORT, "short buffer");
    CHECK(reel_clip_scorer_init(storage + 1, sizeof storage - 1, W, H, 30.0, &s) == REEL_STATUS_INVALID_VALUE, "misaligned");
    CHECK(reel_clip_scorer_init(storage, sizeof storage, W, H, NAN, &s) == REEL_STATUS_INVALID_VALUE, "NaN fps");
    CHECK(reel_clip_scorer_init(NULL, sizeof storage, W, H, 30.0, &s) == REEL_STATUS_NULL_POINTER, "NULL buffer");
    CHECK(reel_clip_scorer_init(storage, sizeof storage, W, H, 30.0, &s) == REEL_STATUS_OK, "init");
    CHECK(reel_clip_scorer_finish(s, &sum) == REEL_STATUS_EMPTY_INPUT, "finish with no frames");
    CHECK(reel_clip_scorer_reset(s, W, H, 30.0) == REEL_STATUS_OK, "reset");
    CHECK(reel_clip_scorer_cut(s, 0, &cut) == REEL_STATUS_INVALID_STATE, "cut before finish");
    p.data = frames[0]; p.width = W - 1; p.height = H; p.stride = W;
    CHECK(reel_clip_scorer_push(s, &p, NULL) == REEL_STATUS_SIZE_MISMATCH, "wrong size");
    CHECK(reel_clip_scorer_push(NULL, &p, NULL) == REEL_STATUS_NULL_POINTER, "NULL scorer");
    run_clip(s);

    CHECK(reel_clip_scorer_new(W, H, 30.0, &h) == REEL_STATUS_OK, "new");
    run_clip(h);
    reel_clip_scorer_free(h);
    reel_clip_scorer_free(NULL);
    {
        /* A still image (one frame) is never a keeper: a too_short defect that costs every point
         * but the last few. */
        ReelDefect d;
        CHECK(reel_clip_scorer_new(W, H, 30.0, &h) == REEL_STATUS_OK, "new (still)");
        p.data = frames[0]; p.width = W; p.height = H; p.stride = W;
        CHECK(reel_clip_scorer_push(h, &p, NULL) == REEL_STATUS_OK, "push one frame");
        CHECK(reel_clip_scorer_finish(h, &sum) == REEL_STATUS_OK, "finish one frame");
        CHECK(sum.defects >= 1 && reel_clip_scorer_defect(h, 0, &d) == REEL_STATUS_OK &&
              d.kind == REEL_DEFECT_TOO_SHORT && d.start == 0 && d.end == 0, "too_short defect");
        CHECK(sum.score < 10.0 && fabs(d.points - (100.0 - sum.score)) < 1e-9, "still score %g", sum.score);
        reel_clip_scorer_free(h);
    }
    {
        /* A clean pan (the first 30 frames, a pixel a frame): no defect, and the
         * score is the documented product of its near misses, whose points add up to 100 − score. */
        ReelNearMiss m;
        uint32_t k;
        double product_near = 1.0, points = 0.0;
        CHECK(reel_clip_scorer_new(W, H, 30.0, &h) == REEL_STATUS_OK, "new (pan)");
        CHECK(reel_clip_scorer_near_miss(h, 0, &m) == REEL_STATUS_INVALID_STATE, "near miss before finish");
        for (i = 0; i < 30; i++) {
            frame(frames[69], i, 0);
            p.data = frames[69]; p.width = W; p.height = H; p.stride = W;
            CHECK(reel_clip_scorer_push(h, &p, NULL) == REEL_STATUS_OK, "push pan %d", i);
        }
        CHECK(reel_clip_scorer_finish(h, &sum) == REEL_STATUS_OK && sum.defects == 0, "pan: %u defects", sum.defects);
        for (k = 0; k < 23; k++) {
            CHECK(reel_clip_scorer_near_miss(h, k, &m) == REEL_STATUS_OK, "near miss %u", k);
            product_near *= 1.0 - reel_defect_near_share(k) * m.closeness;
            points += m.points;
        }
        CHECK(sum.score < 100.0 && fabs(sum.score - 100.0 * product_near) < 1e-9, "pan score %g vs %g", sum.score, 100.0 * product_near);
        CHECK(fabs(points - (100.0 - sum.score)) < 1e-9, "near points %g vs %g", points, 100.0 - sum.score);
        CHECK(reel_defect_near_share(23) == -1.0 && reel_defect_near_share(REEL_DEFECT_BLOCKINESS) == 0.0, "near shares");
        reel_clip_scorer_free(h);
    }
    CHECK(reel_clip_scorer_new(0, H, 30.0, &h) == REEL_STATUS_EMPTY_PLANE, "zero width");
    CHECK(strcmp(reel_defect_kind_str(REEL_DEFECT_COLOR_SHIFT), "color_shift") == 0, "kind name");
    CHECK(strcmp(reel_defect_kind_str(77), "unknown") == 0, "unknown kind");

    {
        float e[3][4] = {{1, 0, 0, 0}, {0, 1, 0, 0}, {1, 1, 0, 0}}, text[4] = {1, 0, 0, 0}, bad[4] = {0, 0, 0, 0};
        ReelConsistency *c = NULL;
        double v = 0, term = 0;
        CHECK(reel_consistency_new(4, text, &c) == REEL_STATUS_OK, "consistency new");
        CHECK(reel_consistency_subject(c, &v) == REEL_STATUS_INVALID_STATE, "needs two frames");
        for (i = 0; i < 3; i++) CHECK(reel_consistency_push(c, e[i], 4, &term) == REEL_STATUS_OK, "push %d", i);
        CHECK(reel_consistency_push(c, bad, 4, NULL) == REEL_STATUS_INVALID_VALUE, "zero embedding");
        CHECK(reel_consistency_push(c, e[0], 3, NULL) == REEL_STATUS_LENGTH_MISMATCH, "wrong dimension");
        CHECK(reel_consistency_subject(c, &v) == REEL_STATUS_OK && fabs(v - 0.5 * sqrt(0.5)) < 1e-12, "subject %g", v);
        CHECK(reel_consistency_prompt_alignment(c, &v) == REEL_STATUS_OK && fabs(v - (1 + 0 + sqrt(0.5)) / 3) < 1e-12, "alignment %g", v);
        reel_consistency_free(c);
        reel_consistency_free(NULL);
    }
    {
        double t[40], x[40], y[40];
        ReelTrackConfig cfg;
        ReelTrackReport r;
        for (i = 0; i < 40; i++) {
            t[i] = i / 30.0;
            x[i] = 10 + 100 * t[i];
            y[i] = 300 - 400 * t[i] + 0.5 * 900 * t[i] * t[i];
        }
        cfg.gravity = 900; cfg.airborne = 1; cfg.min_jump = 10;
        CHECK(reel_analyze_track(t, x, y, 40, &cfg, &r) == REEL_STATUS_OK && fabs(r.accel_y - 900) < 1e-6 && r.plausibility == 1.0,
              "ballistic track: accel %g plausibility %g", r.accel_y, r.plausibility);
        t[5] = t[4];
        CHECK(reel_analyze_track(t, x, y, 40, &cfg, &r) == REEL_STATUS_INVALID_VALUE, "non-increasing time");
        CHECK(reel_analyze_track(t, x, NULL, 40, &cfg, &r) == REEL_STATUS_NULL_POINTER, "NULL y");
    }
    fold_in();
    limited_range();
    analysis_budget();
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
