/* C tests of the verdict settings: per-kind weights and ignored kinds on a clip scorer
 * (reel_clip_scorer_set_weight / _ignore_kind / _reset_verdict / _weight / _summary), before
 * and after finish, across a reset, with sound folded in, and refused input with its message.
 * The clip: a pan, a cut at frame 30, the picture frozen from frame 50 to the end (70 frames at
 * 30 fps). Expected scores come from the documented verdict (the score multiplies
 * 1 - weight * severity * (0.5 + 0.5 * coverage) per defect) and from the rules' weights that
 * reel_defect_weight reports. The device scorer keeps the rules' verdict and reads its finished
 * clip under a caller's ReelVerdictSettings (reel_verdict_settings_*, _summary_with,
 * _defect_with, _near_miss_with): the same formula, and refused settings with their messages.
 * Prints "N passed, N failed". */
#include "reelscore.h"
#include "check.h"

#include <math.h>
#include <string.h>

#define W 160
#define H 90
#define N 70

static uint8_t frames[N][W * H];

/* A smooth pan over scene `s`, drifting by `t` pixels. */
static void frame(uint8_t *out, int t, int s) {
    int x, y;
    for (y = 0; y < H; y++)
        for (x = 0; x < W; x++) out[y * W + x] = (uint8_t)(60 + ((x + t) * (3 + s) + y * 2) / 3 % 120);
}

/* Pushes the clip and finishes it. */
static ReelClipSummary score(ReelClipScorer *s) {
    ReelPlane p;
    ReelClipSummary sum;
    reel_status st = REEL_STATUS_OK;
    int i;
    memset(&sum, 0, sizeof sum);
    for (i = 0; i < N && st == REEL_STATUS_OK; i++) {
        p.data = frames[i]; p.width = W; p.height = H; p.stride = W;
        st = reel_clip_scorer_push(s, &p, NULL);
    }
    CHECK(st == REEL_STATUS_OK, "push: %s", reel_status_str(st));
    st = reel_clip_scorer_finish(s, &sum);
    CHECK(st == REEL_STATUS_OK, "finish: %s", reel_status_str(st));
    return sum;
}

/* Number of defects of `kind` in the finished clip; `*freeze` receives the last one found. */
static uint32_t count(ReelClipScorer *s, uint32_t kind, ReelDefect *found) {
    ReelClipSummary sum;
    ReelDefect d;
    uint32_t i, n = 0;
    if (reel_clip_scorer_summary(s, &sum) != REEL_STATUS_OK) return 0;
    for (i = 0; i < sum.defects; i++)
        if (reel_clip_scorer_defect(s, i, &d) == REEL_STATUS_OK && d.kind == kind) {
            n++;
            if (found) *found = d;
        }
    return n;
}

/* The documented factor of defect `d` under weight `w`. */
static double factor(const ReelDefect *d, double w) {
    double coverage = (double)(d->end - d->start + 1) / N;
    return 1.0 - w * d->severity * (0.5 + 0.5 * coverage);
}

/* The message of the last failure, which returned `st`. */
static const char *message(reel_status st) {
    static char buf[256];
    reel_error_message((uint32_t)st, buf, sizeof buf, NULL);
    return buf;
}

static void expect(reel_status st, reel_status want, const char *text, const char *what) {
    const char *m = message(st);
    CHECK(st == want, "%s: status %s, want %s", what, reel_status_str(st), reel_status_str(want));
    CHECK(strcmp(m, text) == 0, "%s: message\n  got:  %s\n  want: %s", what, m, text);
}


/* The device scorer under a caller's verdict settings: the rules' settings read what the
 * handle reports, a changed weight moves the score by the documented formula, weight 0 and
 * ignoring agree, and bad settings are refused with a message. */
static void test_device_settings(void) {
    static unsigned char mem[32 * 1024] __attribute__((aligned(16)));
    ReelDeviceClipScorer *d = NULL;
    ReelVerdictSettings rules, light, zero, ignoring, bad;
    ReelClipSummary s0, s, sz, si;
    ReelDefect a, b, freeze;
    ReelNearMiss m, n;
    ReelPlane p;
    double w = -1.0;
    uint32_t k, i, freezes = 0;
    reel_status st = REEL_STATUS_OK;

    memset(&freeze, 0, sizeof freeze);
    CHECK(reel_verdict_settings_init(&rules) == REEL_STATUS_OK, "settings init");
    for (k = 0; k <= REEL_DEFECT_IMPOSSIBLE_MOTION; k++)
        CHECK(reel_verdict_settings_weight(&rules, k, &w) == REEL_STATUS_OK && w == reel_defect_weight(k), "kind %u: %g", k, w);
    CHECK(reel_device_clip_scorer_init(mem, sizeof mem, W, H, 30.0, &d) == REEL_STATUS_OK, "device init");
    CHECK(reel_device_clip_scorer_summary_with(d, &rules, &s) == REEL_STATUS_INVALID_STATE, "summary_with before finish");
    for (i = 0; i < N && st == REEL_STATUS_OK; i++) {
        p.data = frames[i]; p.width = W; p.height = H; p.stride = W;
        st = reel_device_clip_scorer_push(d, &p, NULL);
    }
    CHECK(st == REEL_STATUS_OK && reel_device_clip_scorer_finish(d, &s0) == REEL_STATUS_OK, "device clip");

    /* The rules' settings read the handle's own verdict, bit for bit. */
    CHECK(reel_device_clip_scorer_summary_with(d, &rules, &s) == REEL_STATUS_OK && s.score == s0.score &&
              s.defects == s0.defects && s.cuts == s0.cuts && s.metrics.frames == s0.metrics.frames,
          "rules' settings: %.12g vs %.12g", s.score, s0.score);
    for (i = 0; i < s0.defects; i++) {
        CHECK(reel_device_clip_scorer_defect(d, i, &a) == REEL_STATUS_OK &&
                  reel_device_clip_scorer_defect_with(d, &rules, i, &b) == REEL_STATUS_OK && a.kind == b.kind &&
                  a.start == b.start && a.points == b.points,
              "defect %u", i);
        if (a.kind == REEL_DEFECT_FREEZE) {
            freeze = a;
            freezes++;
        }
    }
    for (k = 0; k <= REEL_DEFECT_IMPOSSIBLE_MOTION; k++)
        CHECK(reel_device_clip_scorer_near_miss(d, k, &m) == REEL_STATUS_OK &&
                  reel_device_clip_scorer_near_miss_with(d, &rules, k, &n) == REEL_STATUS_OK && m.closeness == n.closeness &&
                  m.points == n.points,
              "near miss %u", k);
    CHECK(freezes == 1 && freeze.start >= 45 && freeze.end == N - 1, "one freeze to the end (%u)", freezes);

    /* Freeze weighted 0.2: the score moves by the freeze's factor ratio and the floors' ratio. */
    light = rules;
    CHECK(reel_verdict_settings_set_weight(&light, REEL_DEFECT_FREEZE, 0.2) == REEL_STATUS_OK, "set weight");
    CHECK(reel_verdict_settings_weight(&light, REEL_DEFECT_FREEZE, &w) == REEL_STATUS_OK && w == 0.2, "read back %g", w);
    CHECK(reel_device_clip_scorer_summary_with(d, &light, &s) == REEL_STATUS_OK, "summary_with (light)");
    {
        double w0 = reel_defect_weight(REEL_DEFECT_FREEZE), share = reel_defect_near_share(REEL_DEFECT_FREEZE);
        double floors = (1.0 - share * 0.2 / w0) / (1.0 - share);
        double want = s0.score * floors * factor(&freeze, 0.2) / factor(&freeze, w0), points = 0.0;
        CHECK(s.defects == s0.defects && s.score > s0.score && fabs(s.score - want) < 1e-9 * want, "score %.12g, want %.12g",
              s.score, want);
        for (i = 0; i < s.defects; i++)
            if (reel_device_clip_scorer_defect_with(d, &light, i, &a) == REEL_STATUS_OK) points += a.points;
        CHECK(fabs(points - (100.0 - s.score)) < 1e-9, "points add up: %.12g vs %.12g", points, 100.0 - s.score);
    }
    CHECK(reel_device_clip_scorer_summary_with(d, &rules, &s) == REEL_STATUS_OK && s.score == s0.score, "the handle keeps the rules");

    /* Weight 0 keeps the freeze at 0 points; ignoring drops it; both score the same. */
    zero = rules;
    ignoring = rules;
    CHECK(reel_verdict_settings_set_weight(&zero, REEL_DEFECT_FREEZE, 0.0) == REEL_STATUS_OK &&
              reel_verdict_settings_ignore_kind(&ignoring, REEL_DEFECT_FREEZE) == REEL_STATUS_OK,
          "zero and ignoring settings");
    CHECK(reel_verdict_settings_weight(&ignoring, REEL_DEFECT_FREEZE, &w) == REEL_STATUS_OK && w == 0.0, "ignored weighs 0");
    CHECK(reel_device_clip_scorer_summary_with(d, &zero, &sz) == REEL_STATUS_OK &&
              reel_device_clip_scorer_summary_with(d, &ignoring, &si) == REEL_STATUS_OK,
          "summaries");
    CHECK(sz.defects == s0.defects && si.defects == s0.defects - 1 && si.score == sz.score && si.score > s0.score,
          "zero: %u defects %.12g; ignoring: %u defects %.12g", sz.defects, sz.score, si.defects, si.score);
    for (i = 0; i < si.defects; i++)
        CHECK(reel_device_clip_scorer_defect_with(d, &ignoring, i, &a) == REEL_STATUS_OK && a.kind != REEL_DEFECT_FREEZE,
              "no freeze at %u", i);
    CHECK(reel_device_clip_scorer_defect_with(d, &ignoring, si.defects, &a) == REEL_STATUS_INVALID_VALUE, "past the end");

    /* Refused: a status, a message naming the argument, the settings unchanged. */
    expect(reel_verdict_settings_set_weight(&light, REEL_DEFECT_BLUR, 1.0), REEL_STATUS_INVALID_VALUE,
           "defect weight = 1 is invalid: must be in [0, 1)", "settings: weight 1");
    expect(reel_verdict_settings_set_weight(&light, REEL_DEFECT_BLUR, NAN), REEL_STATUS_INVALID_VALUE,
           "defect weight = NaN is invalid: must be in [0, 1)", "settings: NaN weight");
    expect(reel_verdict_settings_set_weight(&light, 23, 0.5), REEL_STATUS_INVALID_ENUM,
           "kind = 23 is invalid: must be a reel_defect_kind value, 0 to 22", "settings: unknown kind");
    expect(reel_verdict_settings_ignore_kind(&light, 4000000000u), REEL_STATUS_INVALID_ENUM,
           "kind = 4000000000 is invalid: must be a reel_defect_kind value, 0 to 22", "settings: unknown kind to ignore");
    expect(reel_verdict_settings_weight(&light, 99, &w), REEL_STATUS_INVALID_ENUM,
           "kind = 99 is invalid: must be a reel_defect_kind value, 0 to 22", "settings: unknown kind to read");
    CHECK(reel_verdict_settings_weight(&light, REEL_DEFECT_BLUR, &w) == REEL_STATUS_OK && w == reel_defect_weight(REEL_DEFECT_BLUR),
          "refused calls changed nothing: %g", w);
    expect(reel_verdict_settings_init(NULL), REEL_STATUS_NULL_POINTER, "out is NULL (a required pointer)", "NULL init");
    expect(reel_verdict_settings_set_weight(NULL, 0, 0.5), REEL_STATUS_NULL_POINTER, "settings is NULL (a required pointer)",
           "NULL settings");
    expect(reel_verdict_settings_ignore_kind(NULL, 0), REEL_STATUS_NULL_POINTER, "settings is NULL (a required pointer)",
           "NULL settings to ignore");
    expect(reel_device_clip_scorer_summary_with(d, NULL, &s), REEL_STATUS_NULL_POINTER,
           "settings is NULL (a required pointer)", "NULL settings to read with");
    expect(reel_device_clip_scorer_summary_with(NULL, &rules, &s), REEL_STATUS_NULL_POINTER, "s is NULL (a required pointer)",
           "NULL device scorer");
    expect(reel_device_clip_scorer_defect_with(d, &rules, 0, NULL), REEL_STATUS_NULL_POINTER, "out is NULL (a required pointer)",
           "NULL defect out");
    expect(reel_device_clip_scorer_near_miss_with(d, &rules, 23, &m), REEL_STATUS_INVALID_ENUM,
           "kind = 23 is invalid: must be a reel_defect_kind value, 0 to 22", "near miss of an unknown kind");
    /* Fields written by hand are checked where the settings are used. */
    bad = rules;
    bad.weights[REEL_DEFECT_NOISE] = 1.5;
    expect(reel_device_clip_scorer_summary_with(d, &bad, &s), REEL_STATUS_INVALID_VALUE,
           "defect weight (index 4) = 1.5 is invalid: must be in [0, 1)", "hand-written weight");
    bad = rules;
    bad.ignored = 1u << 23;
    expect(reel_device_clip_scorer_summary_with(d, &bad, &s), REEL_STATUS_INVALID_VALUE,
           "settings.ignored = 8388608 is invalid: must be a whole number in [0, 8388607]", "hand-written mask");
}

int main(void) {
    static unsigned char storage[400 * 1024] __attribute__((aligned(16)));
    ReelClipScorer *base = NULL, *light = NULL, *zero = NULL, *ignoring = NULL, *placed = NULL;
    ReelClipSummary s0, s1, sz, si, now;
    ReelDefect freeze, d;
    double w = -1.0;
    uint32_t k, i, freezes;
    int i0;

    for (i0 = 0; i0 < 30; i0++) frame(frames[i0], i0, 0);
    for (i0 = 30; i0 < 50; i0++) frame(frames[i0], i0 - 30, 2);
    for (i0 = 50; i0 < N; i0++) frame(frames[i0], 20, 2);

    /* A new scorer, on the heap or in caller memory, weighs every kind as the rules do. */
    CHECK(reel_clip_scorer_new(W, H, 30.0, &base) == REEL_STATUS_OK, "new");
    CHECK(reel_clip_scorer_init(storage, sizeof storage, W, H, 30.0, &placed) == REEL_STATUS_OK, "init");
    for (k = 0; k <= REEL_DEFECT_IMPOSSIBLE_MOTION; k++) {
        double a = -1.0, b = -1.0;
        CHECK(reel_clip_scorer_weight(base, k, &a) == REEL_STATUS_OK && a == reel_defect_weight(k), "kind %u: %g", k, a);
        CHECK(reel_clip_scorer_weight(placed, k, &b) == REEL_STATUS_OK && b == reel_defect_weight(k), "placed, kind %u: %g", k, b);
    }
    CHECK(reel_clip_scorer_summary(base, &now) == REEL_STATUS_INVALID_STATE, "summary before finish");

    /* The rules' verdict: the freeze is found. */
    s0 = score(base);
    freezes = count(base, REEL_DEFECT_FREEZE, &freeze);
    CHECK(freezes == 1 && freeze.start == 50 && freeze.end == 69, "one freeze 50..69 (%u)", freezes);
    CHECK(reel_clip_scorer_summary(base, &now) == REEL_STATUS_OK && now.score == s0.score && now.defects == s0.defects,
          "summary repeats finish's");

    /* A lighter freeze weight set before the clip: the score rises by the freeze's factor ratio
     * and by the ratio of the near-miss floors F (freeze's near-miss share scales with its weight). */
    CHECK(reel_clip_scorer_new(W, H, 30.0, &light) == REEL_STATUS_OK, "new (light)");
    CHECK(reel_clip_scorer_set_weight(light, REEL_DEFECT_FREEZE, 0.2) == REEL_STATUS_OK, "set weight");
    CHECK(reel_clip_scorer_weight(light, REEL_DEFECT_FREEZE, &w) == REEL_STATUS_OK && w == 0.2, "weight read back %g", w);
    CHECK(reel_clip_scorer_weight(light, REEL_DEFECT_BLUR, &w) == REEL_STATUS_OK && w == reel_defect_weight(REEL_DEFECT_BLUR),
          "other kinds keep the rules' weight");
    s1 = score(light);
    {
        double share = reel_defect_near_share(REEL_DEFECT_FREEZE);
        double floors = (1.0 - share * 0.2 / reel_defect_weight(REEL_DEFECT_FREEZE)) / (1.0 - share);
        double want = s0.score * floors * factor(&freeze, 0.2) / factor(&freeze, reel_defect_weight(REEL_DEFECT_FREEZE));
        CHECK(s1.defects == s0.defects && count(light, REEL_DEFECT_FREEZE, NULL) == 1, "same defects");
        CHECK(s1.score > s0.score && fabs(s1.score - want) < 1e-9 * want, "score %.12g, want %.12g", s1.score, want);
    }

    /* Weight 0 keeps the freeze listed at 0 points; ignoring drops it. Both score the same. */
    CHECK(reel_clip_scorer_new(W, H, 30.0, &zero) == REEL_STATUS_OK, "new (zero)");
    CHECK(reel_clip_scorer_set_weight(zero, REEL_DEFECT_FREEZE, 0.0) == REEL_STATUS_OK, "weight 0");
    sz = score(zero);
    CHECK(count(zero, REEL_DEFECT_FREEZE, &d) == 1 && d.points == 0.0 && sz.defects == s0.defects, "weighted 0: listed, 0 points");
    CHECK(reel_clip_scorer_new(W, H, 30.0, &ignoring) == REEL_STATUS_OK, "new (ignoring)");
    CHECK(reel_clip_scorer_ignore_kind(ignoring, REEL_DEFECT_FREEZE) == REEL_STATUS_OK, "ignore");
    CHECK(reel_clip_scorer_weight(ignoring, REEL_DEFECT_FREEZE, &w) == REEL_STATUS_OK && w == 0.0, "ignored weighs 0");
    si = score(ignoring);
    CHECK(count(ignoring, REEL_DEFECT_FREEZE, NULL) == 0 && si.defects == s0.defects - 1, "ignored: dropped (%u defects)", si.defects);
    CHECK(si.score == sz.score && si.score > s1.score, "ignored %.12g = weighted 0 %.12g", si.score, sz.score);

    /* Changed after finish: the finished clip is rescored, bit for bit as if set before. */
    CHECK(reel_clip_scorer_set_weight(base, REEL_DEFECT_FREEZE, 0.2) == REEL_STATUS_OK, "set weight after finish");
    CHECK(reel_clip_scorer_summary(base, &now) == REEL_STATUS_OK && now.score == s1.score, "rescored %.12g vs %.12g", now.score, s1.score);
    CHECK(reel_clip_scorer_defect(base, 0, &d) == REEL_STATUS_OK, "defect readable");
    CHECK(reel_clip_scorer_ignore_kind(base, REEL_DEFECT_FREEZE) == REEL_STATUS_OK, "ignore after finish");
    CHECK(reel_clip_scorer_summary(base, &now) == REEL_STATUS_OK && now.score == si.score && now.defects == si.defects,
          "ignored after finish: %.12g, %u defects", now.score, now.defects);
    /* Back to the rules: the weights return, the dropped freeze does not. */
    CHECK(reel_clip_scorer_reset_verdict(base) == REEL_STATUS_OK, "reset verdict");
    CHECK(reel_clip_scorer_weight(base, REEL_DEFECT_FREEZE, &w) == REEL_STATUS_OK && w == reel_defect_weight(REEL_DEFECT_FREEZE),
          "rules' weight again: %g", w);
    CHECK(reel_clip_scorer_summary(base, &now) == REEL_STATUS_OK && now.defects == si.defects && count(base, REEL_DEFECT_FREEZE, NULL) == 0,
          "the dropped freeze stays dropped");

    /* The setting is the scorer's: the next clip after a reset follows it. */
    CHECK(reel_clip_scorer_reset(light, W, H, 30.0) == REEL_STATUS_OK, "reset");
    now = score(light);
    CHECK(now.score == s1.score, "next clip keeps the weight: %.12g vs %.12g", now.score, s1.score);
    CHECK(reel_clip_scorer_reset(base, W, H, 30.0) == REEL_STATUS_OK, "reset (rules)");
    now = score(base);
    CHECK(now.score == s0.score && count(base, REEL_DEFECT_FREEZE, NULL) == 1, "after reset_verdict: the rules' verdict");

    /* Sound folded in later follows the verdict: an ignored silence never joins. */
    {
        static float pcm[112000];
        static unsigned char audio_storage[128 * 1024] __attribute__((aligned(16)));
        ReelAudioScorer *a = NULL;
        ReelClipSummary with;
        uint32_t lcg = 12345;
        size_t j;
        CHECK(reel_audio_scorer_init(audio_storage, sizeof audio_storage, 48000, 1, -14.0, &a) == REEL_STATUS_OK, "audio init");
        for (j = 0; j < 112000; j++) { /* noise, silence from 0.4 s to 1.8 s, noise */
            lcg = lcg * 1664525u + 1013904223u;
            pcm[j] = (j < 19200 || j >= 86400) ? 0.3f * ((float)(lcg >> 8) / 8388608.0f - 1.0f) : 0.0f;
        }
        CHECK(reel_audio_scorer_push_f32(a, pcm, 112000) == REEL_STATUS_OK, "audio push");
        CHECK(reel_clip_scorer_add_audio(base, a, &with) == REEL_STATUS_OK && count(base, REEL_DEFECT_SILENCE, NULL) == 1,
              "the rules' verdict takes the silence");
        CHECK(reel_clip_scorer_reset(ignoring, W, H, 30.0) == REEL_STATUS_OK, "reset (ignoring)");
        CHECK(reel_clip_scorer_ignore_kind(ignoring, REEL_DEFECT_SILENCE) == REEL_STATUS_OK, "ignore silence");
        now = score(ignoring);
        CHECK(reel_clip_scorer_add_audio(ignoring, a, &with) == REEL_STATUS_OK, "add audio");
        CHECK(count(ignoring, REEL_DEFECT_SILENCE, NULL) == 0 && count(ignoring, REEL_DEFECT_FREEZE, NULL) == 0,
              "silence and freeze ignored");
        CHECK(with.defects == now.defects && with.score == now.score, "nothing else changed: %u -> %u defects", now.defects, with.defects);
    }

    /* Refused input: a status, a message naming the argument, and nothing changed. */
    CHECK(reel_clip_scorer_summary(light, &s1) == REEL_STATUS_OK, "summary");
    expect(reel_clip_scorer_set_weight(light, REEL_DEFECT_BLUR, 1.0), REEL_STATUS_INVALID_VALUE,
           "defect weight = 1 is invalid: must be in [0, 1)", "weight 1");
    expect(reel_clip_scorer_set_weight(light, REEL_DEFECT_BLUR, -0.25), REEL_STATUS_INVALID_VALUE,
           "defect weight = -0.25 is invalid: must be in [0, 1)", "negative weight");
    expect(reel_clip_scorer_set_weight(light, REEL_DEFECT_BLUR, NAN), REEL_STATUS_INVALID_VALUE,
           "defect weight = NaN is invalid: must be in [0, 1)", "NaN weight");
    expect(reel_clip_scorer_set_weight(light, REEL_DEFECT_BLUR, INFINITY), REEL_STATUS_INVALID_VALUE,
           "defect weight = inf is invalid: must be in [0, 1)", "infinite weight");
    expect(reel_clip_scorer_set_weight(light, 23, 0.5), REEL_STATUS_INVALID_ENUM,
           "kind = 23 is invalid: must be a reel_defect_kind value, 0 to 22", "unknown kind");
    expect(reel_clip_scorer_ignore_kind(light, 4000000000u), REEL_STATUS_INVALID_ENUM,
           "kind = 4000000000 is invalid: must be a reel_defect_kind value, 0 to 22", "unknown kind to ignore");
    expect(reel_clip_scorer_weight(light, 99, &w), REEL_STATUS_INVALID_ENUM,
           "kind = 99 is invalid: must be a reel_defect_kind value, 0 to 22", "unknown kind to read");
    expect(reel_clip_scorer_set_weight(NULL, REEL_DEFECT_BLUR, 0.5), REEL_STATUS_NULL_POINTER,
           "s is NULL (a required pointer)", "NULL scorer");
    expect(reel_clip_scorer_ignore_kind(NULL, REEL_DEFECT_BLUR), REEL_STATUS_NULL_POINTER,
           "s is NULL (a required pointer)", "NULL scorer to ignore");
    expect(reel_clip_scorer_reset_verdict(NULL), REEL_STATUS_NULL_POINTER, "s is NULL (a required pointer)", "NULL scorer to reset");
    expect(reel_clip_scorer_weight(light, REEL_DEFECT_BLUR, NULL), REEL_STATUS_NULL_POINTER,
           "out is NULL (a required pointer)", "NULL out");
    expect(reel_clip_scorer_summary(light, NULL), REEL_STATUS_NULL_POINTER, "out is NULL (a required pointer)", "NULL summary");
    CHECK(reel_clip_scorer_summary(light, &now) == REEL_STATUS_OK && now.score == s1.score && now.defects == s1.defects,
          "refused calls changed nothing");
    for (k = 0; k <= REEL_DEFECT_IMPOSSIBLE_MOTION; k++) {
        double want = k == REEL_DEFECT_FREEZE ? 0.2 : reel_defect_weight(k);
        CHECK(reel_clip_scorer_weight(light, k, &w) == REEL_STATUS_OK && w == want, "kind %u still %g (%g)", k, want, w);
    }
    for (i = 0; i < 2; i++) {
        /* The boundary weights: 0 is accepted, the largest double below 1 too. */
        double edge = i == 0 ? 0.0 : nextafter(1.0, 0.0);
        CHECK(reel_clip_scorer_set_weight(light, REEL_DEFECT_NOISE, edge) == REEL_STATUS_OK, "edge weight %.17g", edge);
    }

    test_device_settings();

    reel_clip_scorer_free(base);
    reel_clip_scorer_free(light);
    reel_clip_scorer_free(zero);
    reel_clip_scorer_free(ignoring);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
