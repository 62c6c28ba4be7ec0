/* C tests of the audio scorer against tests/vectors/audio.json (recipes rebuilt here as
 * tests/audio_recipes.py describes them; FFmpeg ebur128 and pyloudnorm loudness, FFmpeg true
 * peak, paper-YIN F0), heap and caller-allocated handles, and misuse; then the detector-output
 * trackers (OCR text, face landmarks, subjects across a cut) on generated sequences.
 * Usage: test_audio tests/vectors/audio.json. Prints "N passed, N failed". */
#include "reelscore.h"
#include "check.h"
#include "vectors.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double PI = 3.14159265358979323846;
static unsigned char storage[128 * 1024] __attribute__((aligned(16)));

static double num(const cJSON *o, const char *k) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static size_t seg_len(const cJSON *seg, double rate) { return (size_t)floor(num(seg, "seconds") * rate + 0.5); }

/* Writes segment `seg` into out[0..n) (one channel, float64). */
static void segment(const cJSON *seg, double rate, double *out) {
    const char *kind = cJSON_GetObjectItemCaseSensitive(seg, "kind")->valuestring;
    const cJSON *amps = cJSON_GetObjectItemCaseSensitive(seg, "amps");
    size_t n = seg_len(seg, rate), i;
    int k, na = amps ? cJSON_GetArraySize(amps) : 0;
    if (!strcmp(kind, "sine")) {
        double ph = isnan(num(seg, "phase")) ? 0.0 : num(seg, "phase");
        double fade = num(seg, "fade");
        size_t f = isnan(fade) ? 0 : (size_t)floor(fade * rate + 0.5);
        for (i = 0; i < n; i++) {
            double x = num(seg, "amp") * sin(2 * PI * num(seg, "freq") * (double)i / rate + ph);
            size_t m = i < n - 1 - i ? i : n - 1 - i;
            if (m < f) x *= 0.5 * (1 - cos(PI * (double)m / (double)f));
            out[i] = x;
        }
    } else if (!strcmp(kind, "harmonic")) {
        for (i = 0; i < n; i++) {
            double x = 0;
            for (k = 0; k < na; k++)
                x += cJSON_GetArrayItem(amps, k)->valuedouble * sin(2 * PI * (k + 1) * num(seg, "freq") * (double)i / rate);
            out[i] = x;
        }
    } else if (!strcmp(kind, "vibrato")) {
        double acc = 0;
        for (i = 0; i < n; i++) {
            double f0 = num(seg, "freq") * exp2(num(seg, "depth") / 12 * sin(2 * PI * num(seg, "rate_hz") * (double)i / rate));
            double phi = acc, x = 0;
            acc += 2 * PI * f0 / rate;
            for (k = 0; k < na; k++) x += cJSON_GetArrayItem(amps, k)->valuedouble * sin((k + 1) * phi);
            out[i] = x;
        }
    } else if (!strcmp(kind, "sweep")) {
        double f0 = num(seg, "f0"), f1 = num(seg, "f1"), d = num(seg, "seconds");
        for (i = 0; i < n; i++) {
            double t = (double)i / rate;
            out[i] = num(seg, "amp") * sin(2 * PI * (f0 * t + (f1 - f0) * t * t / (2 * d)));
        }
    } else if (!strcmp(kind, "noise")) {
        uint64_t s = (uint64_t)num(seg, "seed");
        for (i = 0; i < n; i++) out[i] = num(seg, "amp") * (2.0 * ((double)(splitmix64(&s) >> 11) * 0x1p-53) - 1.0);
    } else {
        for (i = 0; i < n; i++) out[i] = 0.0;
    }
}

static int within(const char *name, const char *what, double got, const cJSON *want, double tol) {
    if (!cJSON_IsNumber(want)) return 1;
    CHECK(fabs(got - want->valuedouble) <= tol, "%s: %s got %.4f want %.4f (tol %.3f)", name, what, got,
          want->valuedouble, tol);
    return 0;
}

static const char *KIND[] = {"clipping", "too_quiet", "too_loud", "silence", "monotone_voice"};

static void run_case(const cJSON *c, const cJSON *tol, int caller_memory) {
    const char *name = cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring;
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(c, "recipe");
    const cJSON *chans = cJSON_GetObjectItemCaseSensitive(r, "channels"), *seg;
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(c, "expected");
    const cJSON *ff = cJSON_GetObjectItemCaseSensitive(e, "ffmpeg");
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(e, "yin");
    const cJSON *designed = cJSON_GetObjectItemCaseSensitive(c, "designed_defects");
    double rate = num(r, "rate");
    int ch = cJSON_GetArraySize(chans), k, f32 = !strcmp(cJSON_GetObjectItemCaseSensitive(r, "format")->valuestring, "f32");
    size_t n = 0, i, pos;
    double *buf;
    float *xf;
    int16_t *xi;
    ReelAudioScorer *s = NULL;
    ReelAudioMetrics m;
    ReelAudioDefect d;
    uint32_t nd = 0, j;
    int seen[5] = {0, 0, 0, 0, 0};
    reel_status st;
    cJSON_ArrayForEach(seg, cJSON_GetArrayItem(chans, 0)) n += seg_len(seg, rate);
    buf = malloc(n * sizeof(double));
    xf = malloc(n * (size_t)ch * sizeof(float));
    xi = malloc(n * (size_t)ch * sizeof(int16_t));
    for (k = 0; k < ch; k++) {
        pos = 0;
        cJSON_ArrayForEach(seg, cJSON_GetArrayItem(chans, k)) {
            segment(seg, rate, buf + pos);
            pos += seg_len(seg, rate);
        }
        for (i = 0; i < n; i++) {
            double q = floor(buf[i] * 32768.0 + 0.5);
            xf[i * ch + k] = (float)buf[i];
            xi[i * ch + k] = (int16_t)(q < -32768 ? -32768 : q > 32767 ? 32767 : q);
        }
    }
    if (caller_memory)
        st = reel_audio_scorer_init(storage, sizeof storage, (uint32_t)rate, (uint32_t)ch, REEL_AUDIO_DEFAULT_TARGET_LUFS, &s);
    else
        st = reel_audio_scorer_new((uint32_t)rate, (uint32_t)ch, REEL_AUDIO_DEFAULT_TARGET_LUFS, &s);
    CHECK(st == REEL_STATUS_OK, "%s: create: %s", name, reel_status_str(st));
    if (st != REEL_STATUS_OK) goto done;
    for (i = 0; i < n; i += 1500) {
        size_t frames = n - i < 1500 ? n - i : 1500;
        st = f32 ? reel_audio_scorer_push_f32(s, xf + i * ch, frames * ch) : reel_audio_scorer_push_i16(s, xi + i * ch, frames * ch);
        if (st != REEL_STATUS_OK) break;
    }
    CHECK(st == REEL_STATUS_OK, "%s: push: %s", name, reel_status_str(st));
    st = reel_audio_scorer_report(s, &m, &nd);
    CHECK(st == REEL_STATUS_OK, "%s: report: %s", name, reel_status_str(st));
    within(name, "integrated/pyloudnorm", m.integrated_lufs, cJSON_GetObjectItemCaseSensitive(e, "pyloudnorm_integrated"),
           rate >= num(tol, "pyloudnorm_full_bar_min_rate") ? num(tol, "integrated_lu") : num(tol, "pyloudnorm_low_rate_lu"));
    within(name, "integrated/ffmpeg", m.integrated_lufs, cJSON_GetObjectItemCaseSensitive(ff, "integrated"), num(tol, "integrated_lu"));
    if (!cJSON_GetObjectItemCaseSensitive(c, "skip_true_peak"))
        within(name, "true_peak/ffmpeg", m.true_peak_dbtp, cJSON_GetObjectItemCaseSensitive(ff, "true_peak_dbtp"), num(tol, "true_peak_db"));
    within(name, "momentary/ffmpeg", m.momentary_max_lufs, cJSON_GetObjectItemCaseSensitive(ff, "momentary_max"), num(tol, "momentary_lu"));
    within(name, "short_term/ffmpeg", m.short_term_max_lufs, cJSON_GetObjectItemCaseSensitive(ff, "short_term_max"), num(tol, "momentary_lu"));
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "compare_lra")))
        within(name, "lra/ffmpeg", m.loudness_range_lu, cJSON_GetObjectItemCaseSensitive(ff, "lra"), num(tol, "lra_lu"));
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "compare_pitch"))) {
        within(name, "f0/yin", m.f0_median_hz, cJSON_GetObjectItemCaseSensitive(y, "median_f0"), num(tol, "f0_rel") * num(y, "median_f0"));
        within(name, "voiced/yin", m.voiced_fraction, cJSON_GetObjectItemCaseSensitive(y, "voiced_fraction"), num(tol, "voiced_fraction_abs"));
    }
    for (j = 0; j < nd; j++) {
        st = reel_audio_scorer_defect(s, j, &d);
        CHECK(st == REEL_STATUS_OK && d.kind <= REEL_AUDIO_DEFECT_MONOTONE_VOICE, "%s: defect %u", name, j);
        if (st == REEL_STATUS_OK && d.kind <= 4) seen[d.kind] = 1;
        CHECK(d.severity >= 0 && d.severity <= 1 && d.start <= d.end, "%s: defect %u range", name, j);
    }
    CHECK(reel_audio_scorer_defect(s, nd, &d) == REEL_STATUS_INVALID_VALUE, "%s: defect past the end", name);
    for (k = 0; k < 5; k++) {
        int want = 0;
        const cJSON *v;
        cJSON_ArrayForEach(v, designed) if (!strcmp(v->valuestring, KIND[k])) want = 1;
        CHECK(want == seen[k], "%s: defect %s %s", name, KIND[k], want ? "missing" : "unexpected");
    }
    if (!caller_memory) reel_audio_scorer_free(s);
done:
    free(buf);
    free(xf);
    free(xi);
}

static void misuse(void) {
    ReelAudioScorer *s = NULL;
    ReelAudioMetrics m;
    uint32_t nd;
    float x[4] = {0, 0, NAN, 0};
    CHECK(reel_audio_scorer_new(4000, 1, -14.0, &s) == REEL_STATUS_INVALID_VALUE, "rate 4000");
    CHECK(reel_audio_scorer_new(48000, 3, -14.0, &s) == REEL_STATUS_INVALID_VALUE, "3 channels");
    CHECK(reel_audio_scorer_new(48000, 2, NAN, &s) == REEL_STATUS_INVALID_VALUE, "NaN target");
    CHECK(reel_audio_scorer_new(48000, 2, -14.0, NULL) == REEL_STATUS_NULL_POINTER, "NULL out");
    CHECK(reel_audio_scorer_init(storage, 16, 48000, 2, -14.0, &s) == REEL_STATUS_BUFFER_TOO_SHORT, "short buffer");
    CHECK(reel_audio_scorer_init(storage + 1, sizeof storage - 1, 48000, 2, -14.0, &s) == REEL_STATUS_INVALID_VALUE, "misaligned");
    CHECK(reel_audio_scorer_new(48000, 2, -14.0, &s) == REEL_STATUS_OK, "new");
    CHECK(reel_audio_scorer_push_f32(s, x, 3) == REEL_STATUS_LENGTH_MISMATCH, "odd length");
    CHECK(reel_audio_scorer_push_f32(s, x, 4) == REEL_STATUS_INVALID_VALUE, "NaN sample");
    CHECK(reel_audio_scorer_push_f32(s, NULL, 0) == REEL_STATUS_NULL_POINTER, "NULL samples");
    CHECK(reel_audio_scorer_push_f32(NULL, x, 2) == REEL_STATUS_NULL_POINTER, "NULL scorer");
    CHECK(reel_audio_scorer_report(s, NULL, &nd) == REEL_STATUS_NULL_POINTER, "NULL metrics");
    CHECK(reel_audio_scorer_report(s, &m, &nd) == REEL_STATUS_OK && nd == 0 && m.duration == 0.0, "empty report");
    CHECK(m.integrated_lufs == REEL_LOUDNESS_FLOOR_LUFS && m.true_peak_dbtp == REEL_PEAK_FLOOR_DB, "floors");
    CHECK(reel_audio_scorer_reset(s, 8000, 6, -23.0) == REEL_STATUS_OK, "reset to 5.1");
    reel_audio_scorer_free(s);
    reel_audio_scorer_free(NULL);
}


/* ---------------------------------------------------------------- detector outputs */

static unsigned char tstore[64 * 1024] __attribute__((aligned(16)));

static void text_tracker(void) {
    static const char *morph[] = {"SALE 50%", "5ALE 50%", "SA1E 5O%", "SAIE 50%"};
    ReelTextTracker *t = NULL;
    ReelTextSummary sum;
    ReelDetectDefect d[4];
    uint32_t n = 0;
    int f;
    CHECK(reel_text_tracker_init(tstore, sizeof tstore, &t) == REEL_STATUS_OK, "text init (%zu bytes)",
          reel_text_tracker_size());
    for (f = 0; f < 60; f++) {
        float boxes[8] = {10, 10, 200, 40, 10, 300, 200, 330};
        const char *texts[2] = {"Welcome to the show", morph[(f / 3) % 4]};
        const uint8_t *ptrs[2] = {(const uint8_t *)texts[0], (const uint8_t *)texts[1]};
        size_t lens[2] = {strlen(texts[0]), strlen(texts[1])};
        float conf[2] = {0.95f, 0.8f};
        CHECK(reel_text_tracker_push(t, 2, boxes, ptrs, lens, conf) == REEL_STATUS_OK, "text push %d", f);
    }
    CHECK(reel_text_tracker_report(t, &sum, d, 4, &n) == REEL_STATUS_OK, "text report");
    CHECK(sum.frames == 60 && sum.regions == 2 && n == 1, "frames %u regions %u defects %u", sum.frames, sum.regions, n);
    CHECK(n == 1 && d[0].kind == REEL_DETECT_DEFECT_GARBLED_TEXT && d[0].id == 1 && d[0].end == 59, "garbled region");
    CHECK(reel_text_tracker_push(NULL, 0, NULL, NULL, NULL, NULL) == REEL_STATUS_NULL_POINTER, "NULL tracker");
    CHECK(reel_text_tracker_init(tstore, 8, &t) == REEL_STATUS_BUFFER_TOO_SHORT, "short text buffer");
}

/* 68 landmarks with eye aspect ratio `ear`. */
static void face68(float *xy, double ear) {
    int e, k;
    memset(xy, 0, 136 * sizeof(float));
    for (e = 0; e < 2; e++) {
        float x0 = e ? 140.0f : 100.0f, h = (float)(ear * 20.0);
        float xs[6] = {0, 6, 14, 20, 14, 6}, ys[6] = {0, -h / 2, -h / 2, 0, h / 2, h / 2};
        for (k = 0; k < 6; k++) {
            xy[2 * (36 + 6 * e + k)] = x0 + xs[k];
            xy[2 * (36 + 6 * e + k) + 1] = 100.0f + ys[k];
        }
    }
    xy[2 * 45] = 160.0f;
    xy[2 * 45 + 1] = 100.0f;
}

static void face_tracker(void) {
    ReelFaceTracker *alive = NULL, *frozen = NULL;
    ReelFaceSummary a, z;
    float xy[136];
    int f;
    CHECK(reel_face_tracker_new(30.0, 0, &alive) == REEL_STATUS_OK, "face new");
    CHECK(reel_face_tracker_init(tstore, sizeof tstore, 30.0, 1, &frozen) == REEL_STATUS_OK, "face init");
    for (f = 0; f < 300; f++) {
        face68(xy, (f % 90 >= 40 && f % 90 < 44) ? 0.05 : 0.3);
        CHECK(reel_face_tracker_push_landmarks(alive, xy, 68) == REEL_STATUS_OK, "alive push");
        face68(xy, 0.3);
        CHECK(reel_face_tracker_push_landmarks(frozen, xy, 68) == REEL_STATUS_OK, "frozen push");
    }
    CHECK(reel_face_tracker_report(alive, &a) == REEL_STATUS_OK && a.blinks == 3 && !a.has_defect, "alive: %u blinks",
          a.blinks);
    CHECK(reel_face_tracker_report(frozen, &z) == REEL_STATUS_OK && z.blinks == 0 && z.has_defect &&
              z.defect.kind == REEL_DETECT_DEFECT_STIFF_FACE && z.defect.id == 1,
          "frozen face");
    CHECK(reel_face_tracker_push_landmarks(alive, xy, 50) == REEL_STATUS_INVALID_VALUE, "50 points");
    CHECK(reel_face_tracker_new(0.0, 0, &frozen) == REEL_STATUS_INVALID_VALUE, "fps 0");
    reel_face_tracker_free(alive);
}

static void subject_tracker(void) {
    static uint8_t red[64 * 48 * 3], blue[64 * 48 * 3];
    ReelSubjectTracker *t = NULL;
    ReelRgb img;
    ReelDetectDefect d[4];
    uint32_t n = 9, id = 1;
    float box[4] = {20, 10, 44, 40};
    int f, i, pass;
    for (i = 0; i < 64 * 48; i++) {
        int inside = (i % 64) >= 20 && (i % 64) < 44 && (i / 64) >= 10 && (i / 64) < 40;
        red[3 * i] = inside ? 200 : 90, red[3 * i + 1] = inside ? 30 : 90, red[3 * i + 2] = inside ? 30 : 90;
        blue[3 * i] = inside ? 30 : 90, blue[3 * i + 1] = inside ? 40 : 90, blue[3 * i + 2] = inside ? 200 : 90;
    }
    for (pass = 0; pass < 2; pass++) {
        CHECK(reel_subject_tracker_new(&t) == REEL_STATUS_OK, "subject new");
        for (f = 0; f < 40; f++) {
            img.data = (f < 20 || pass == 0) ? red : blue;
            img.width = 64; img.height = 48; img.stride = 64 * 3;
            CHECK(reel_subject_tracker_push(t, &img, f == 20, 1, &id, box) == REEL_STATUS_OK, "subject push");
        }
        CHECK(reel_subject_tracker_report(t, d, 4, &n) == REEL_STATUS_OK, "subject report");
        if (pass == 0)
            CHECK(n == 0, "kept colours: %u defects", n);
        else
            CHECK(n == 1 && d[0].kind == REEL_DETECT_DEFECT_APPEARANCE_SHIFT && d[0].start == 20, "changed colours");
        reel_subject_tracker_free(t);
    }
}

int main(int argc, char **argv) {
    cJSON *doc = load_vectors(argc, argv, "tests/vectors/audio.json");
    const cJSON *c, *tol;
    tol = cJSON_GetObjectItemCaseSensitive(doc, "tolerances");
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "cases")) {
        run_case(c, tol, 0);
        run_case(c, tol, 1);
    }
    CHECK(reel_audio_scorer_size() <= sizeof storage, "state %zu bytes", reel_audio_scorer_size());
    misuse();
    text_tracker();
    face_tracker();
    subject_tracker();
    cJSON_Delete(doc);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
