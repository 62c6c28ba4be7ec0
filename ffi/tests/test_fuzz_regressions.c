/* Regression checks for what fuzzing and review of the fuzz targets found in the C ABI (one
 * block per finding; each says what went wrong before the fix). Run against the debug library
 * (overflow checks on) as well as the release one. Prints "N passed, N failed". */
#include "reelscore.h"

#include <stdint.h>
#include <string.h>

#include "check.h"

/* reel_face_tracker_push_landmarks formed `2 * count` before refusing counts over 478: a count
 * of SIZE_MAX / 2 + 1 overflowed (REEL_STATUS_PANIC from a debug library; a wrapped length in a
 * release one), and SIZE_MAX / 2 made a slice longer than isize::MAX (a debug library aborted
 * the process) instead of REEL_STATUS_INVALID_VALUE. Counts are checked first now, so no slice
 * is formed from a count that cannot be a face. */
static void face_landmark_count_overflow(void) {
    ReelFaceTracker *t = NULL;
    float xy[2 * 68];
    size_t counts[] = {SIZE_MAX / 2 + 1, SIZE_MAX, SIZE_MAX / 2, 479};
    size_t i;
    ReelFaceSummary r;
    memset(xy, 0, sizeof xy);
    CHECK(reel_face_tracker_new(30.0, 1, &t) == REEL_STATUS_OK && t, "face tracker");
    for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        reel_status st = reel_face_tracker_push_landmarks(t, xy, counts[i]);
        CHECK(st == REEL_STATUS_INVALID_VALUE, "landmark count %zu: status %d", counts[i], (int)st);
    }
    CHECK(reel_face_tracker_report(t, &r) == REEL_STATUS_OK && r.frames == 0,
          "refused frames are not counted");
    reel_face_tracker_free(t);
}

/* Finite landmarks more than FLT_MAX apart (found by the ffi_buffers fuzz target) overflowed
 * the core's f32 point differences to infinity: the pushes returned OK and the report held NaN
 * in mean_ear / mouth_spread / brow_spread. Coordinates beyond +-FLT_MAX / 2 are refused now
 * (REEL_STATUS_INVALID_VALUE, nothing recorded); up to that, every figure stays finite. */
static void face_landmarks_far_apart(void) {
    ReelFaceTracker *t = NULL;
    float xy[2 * 68];
    ReelFaceSummary r;
    int i, k;
    for (i = 0; i < 68; i++) {
        xy[2 * i] = (float)(i % 17) * 6.0f;
        xy[2 * i + 1] = (float)((i * 7) % 13) * 4.0f + 100.0f;
    }
    CHECK(reel_face_tracker_new(30.0, 1, &t) == REEL_STATUS_OK && t, "face tracker");
    xy[2 * 62 + 1] = 3e38f; /* inner lips (68-point 62 / 66) 6e38 apart */
    xy[2 * 66 + 1] = -3e38f;
    CHECK(reel_face_tracker_push_landmarks(t, xy, 68) == REEL_STATUS_INVALID_VALUE, "lips 6e38 apart");
    xy[2 * 62 + 1] = 100.0f;
    xy[2 * 66 + 1] = 100.0f;
    xy[2 * 37 + 1] = -3e38f; /* an eye lid */
    CHECK(reel_face_tracker_push_landmarks(t, xy, 68) == REEL_STATUS_INVALID_VALUE, "lid at -3e38");
    xy[2 * 37 + 1] = -1.7e38f; /* within the bound: accepted, finite figures */
    xy[2 * 62 + 1] = 1.7e38f;
    for (k = 0; k < 3; k++)
        CHECK(reel_face_tracker_push_landmarks(t, xy, 68) == REEL_STATUS_OK, "lid at -1.7e38");
    CHECK(reel_face_tracker_report(t, &r) == REEL_STATUS_OK, "report");
    CHECK(r.frames == 3, "only the accepted frames count: %u", r.frames);
    CHECK(r.mean_ear == r.mean_ear && r.mouth_spread == r.mouth_spread && r.brow_spread == r.brow_spread,
          "no NaN: ear %g mouth %g brow %g", r.mean_ear, r.mouth_spread, r.brow_spread);
    reel_face_tracker_free(t);
}

int main(void) {
    face_landmark_count_overflow();
    face_landmarks_far_apart();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
