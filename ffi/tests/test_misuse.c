/* Misuse of the C ABI returns a status, never crashes: every `_free(NULL)` is a no-op; NULL
 * handles, NULL inputs and NULL out-parameters give REEL_STATUS_NULL_POINTER; wrong sizes,
 * wrong lengths, bad enums and calls in the wrong state give their own statuses; an
 * out-parameter is never written on error. Run plain, under ASan + UBSan + LeakSanitizer, and
 * under Valgrind memcheck by scripts/test.sh.
 *
 * A handle used after `_free` cannot be detected by any C library and is undefined behaviour:
 * documented in the header and docs/reliability.md, not tested. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "reelscore.h"

static int failures, passes;
#define CHECK(cond, what)                                                                          \
    do {                                                                                           \
        if (cond) {                                                                                \
            passes++;                                                                              \
        } else {                                                                                   \
            failures++;                                                                            \
            fprintf(stderr, "FAIL %s:%d %s\n", __FILE__, __LINE__, what);                         \
        }                                                                                          \
    } while (0)

#define SENTINEL (-12345.0)

int main(void) {
    /* _free(NULL) is a no-op for every handle type. */
    reel_clip_scorer_free(NULL);
    reel_consistency_free(NULL);
    reel_watch_distribution_free(NULL);
    reel_audio_scorer_free(NULL);
    reel_text_tracker_free(NULL);
    reel_face_tracker_free(NULL);
    reel_subject_tracker_free(NULL);
    CHECK(1, "free(NULL) of every handle");

    /* Every status has a name; unknown ones too. */
    for (uint32_t s = 0; s <= 16; s++) {
        const char *name = reel_status_str(s);
        CHECK(name != NULL && name[0] != '\0', "status name");
    }
    CHECK(reel_version() != NULL, "version");

    /* Frame metrics: NULL planes, NULL data, NULL out, wrong sizes; out untouched. */
    uint8_t a[16 * 16], b[16 * 16];
    memset(a, 10, sizeof a);
    memset(b, 20, sizeof b);
    ReelPlane pa = {a, 16, 16, 16}, pb = {b, 16, 16, 16};
    double out = SENTINEL;
    CHECK(reel_psnr(NULL, &pb, &out) == REEL_STATUS_NULL_POINTER && out == SENTINEL, "psnr NULL a");
    CHECK(reel_psnr(&pa, &pb, NULL) == REEL_STATUS_NULL_POINTER, "psnr NULL out");
    ReelPlane pnull = {NULL, 16, 16, 16};
    CHECK(reel_mse(&pnull, &pb, &out) == REEL_STATUS_NULL_POINTER && out == SENTINEL, "mse NULL data");
    ReelPlane psmall = {b, 15, 16, 16};
    CHECK(reel_ssim(&pa, &psmall, &out) == REEL_STATUS_SIZE_MISMATCH && out == SENTINEL, "ssim size");
    ReelPlane pstride = {a, 16, 16, 15};
    CHECK(reel_sharpness(&pstride, &out) == REEL_STATUS_STRIDE_TOO_SMALL && out == SENTINEL, "stride");
    ReelPlane pempty = {a, 0, 16, 16};
    CHECK(reel_sharpness(&pempty, &out) == REEL_STATUS_EMPTY_PLANE && out == SENTINEL, "empty");
    ReelPlane ptiny = {a, 8, 8, 8};
    CHECK(reel_ssim(&ptiny, &ptiny, &out) == REEL_STATUS_TOO_SMALL && out == SENTINEL, "ssim < 11");
    CHECK(reel_histogram(&pa, NULL) == REEL_STATUS_NULL_POINTER, "histogram NULL bins");
    uint8_t luma[4];
    ReelRgb rgb = {a, 2, 2, 6};
    CHECK(reel_rgb_to_luma(&rgb, 7, luma, sizeof luma) == REEL_STATUS_INVALID_ENUM, "bad matrix");
    CHECK(reel_rgb_to_luma(&rgb, 0, luma, 1) == REEL_STATUS_STRIDE_TOO_SMALL, "luma stride < width");
    CHECK(reel_rgb_to_luma(&rgb, 0, NULL, 2) == REEL_STATUS_NULL_POINTER, "NULL luma");
    CHECK(reel_psnr(&pa, &pb, &out) == REEL_STATUS_OK && out > 0.0, "valid psnr still works");
    out = SENTINEL;

    /* Clip scorer: NULL handle, NULL out-handle, push after finish, finish twice. */
    ReelClipScorer *s = NULL;
    CHECK(reel_clip_scorer_new(16, 16, 30.0, NULL) == REEL_STATUS_NULL_POINTER, "new NULL out");
    CHECK(reel_clip_scorer_new(16, 16, NAN, &s) == REEL_STATUS_INVALID_VALUE && s == NULL, "NaN fps");
    CHECK(reel_clip_scorer_push(NULL, &pa, NULL) == REEL_STATUS_NULL_POINTER, "push NULL");
    CHECK(reel_clip_scorer_finish(NULL, NULL) == REEL_STATUS_NULL_POINTER, "finish NULL");
    CHECK(reel_clip_scorer_reset(NULL, 16, 16, 30.0) == REEL_STATUS_NULL_POINTER, "reset NULL");
    CHECK(reel_clip_scorer_new(16, 16, 30.0, &s) == REEL_STATUS_OK && s != NULL, "new");
    ReelClipSummary sum;
    CHECK(reel_clip_scorer_finish(s, &sum) != REEL_STATUS_OK, "finish before push");
    CHECK(reel_clip_scorer_push(s, &pa, NULL) == REEL_STATUS_OK, "push");
    CHECK(reel_clip_scorer_push(s, &psmall, NULL) == REEL_STATUS_SIZE_MISMATCH, "push wrong size");
    CHECK(reel_clip_scorer_finish(s, NULL) == REEL_STATUS_NULL_POINTER, "finish NULL out");
    CHECK(reel_clip_scorer_finish(s, &sum) == REEL_STATUS_OK, "finish");
    CHECK(reel_clip_scorer_push(s, &pa, NULL) == REEL_STATUS_INVALID_STATE, "push after finish");
    CHECK(reel_clip_scorer_finish(s, &sum) == REEL_STATUS_INVALID_STATE, "finish twice");
    ReelDefect d;
    CHECK(reel_clip_scorer_defect(s, 1000000, &d) != REEL_STATUS_OK, "defect out of range");
    uint32_t cut = 99;
    CHECK(reel_clip_scorer_cut(s, 1000000, &cut) != REEL_STATUS_OK && cut == 99, "cut out of range");
    CHECK(reel_clip_scorer_reset(s, 16, 16, 30.0) == REEL_STATUS_OK, "reset reuses the handle");
    CHECK(reel_clip_scorer_push(s, &pa, NULL) == REEL_STATUS_OK, "push after reset");
    reel_clip_scorer_free(s);
    uint8_t tiny_buffer[8];
    CHECK(reel_clip_scorer_init(tiny_buffer, sizeof tiny_buffer, 16, 16, 30.0, &s) != REEL_STATUS_OK,
          "init into a too-small buffer");

    /* Engagement arrays: NULL inputs with non-zero length, NULL out, bad lengths, bad values. */
    double succ[2] = {1, 5}, tot[2] = {2, 4}, res[2] = {SENTINEL, SENTINEL};
    CHECK(reel_wilson_lower_bound_array(NULL, tot, 2, 1.96, res) == REEL_STATUS_NULL_POINTER, "NULL succ");
    CHECK(reel_wilson_lower_bound_array(succ, tot, 2, 1.96, NULL) == REEL_STATUS_NULL_POINTER, "NULL out");
    CHECK(reel_wilson_lower_bound_array(succ, tot, 2, 1.96, res) == REEL_STATUS_INVALID_VALUE, "s > n");
    CHECK(reel_wilson_lower_bound(1.0, 2.0, 1e200, &out) == REEL_STATUS_INVALID_VALUE && out == SENTINEL,
          "z whose square overflows");
    CHECK(reel_star_rating_sort(NULL, 5, 1.65, &out) == REEL_STATUS_NULL_POINTER, "star NULL");
    double huge[2] = {1.7976931348623157e308, 1.7976931348623157e308};
    CHECK(reel_star_rating_sort(huge, 2, 1.65, &out) == REEL_STATUS_INVALID_VALUE && out == SENTINEL,
          "star counts overflow");
    CHECK(reel_arena_rating(1e307, &out) == REEL_STATUS_INVALID_VALUE && out == SENTINEL, "arena overflow");
    size_t written = 77, idx[2];
    CHECK(reel_top_k(succ, NULL, 2, idx, 2, NULL) == REEL_STATUS_NULL_POINTER, "top_k NULL written");
    CHECK(reel_top_k(succ, NULL, 2, idx, 2, &written) == REEL_STATUS_OK && written == 2, "top_k");
    double theta[2];
    size_t iters;
    CHECK(reel_bradley_terry_fit(2, NULL, NULL, NULL, 0, theta, &iters) == REEL_STATUS_NULL_POINTER,
          "bt NULL wins");
    CHECK(reel_bradley_terry_fit((size_t)1 << 33, succ, NULL, NULL, 0, theta, &iters) ==
              REEL_STATUS_CAPACITY_EXCEEDED,
          "bt n² overflows");
    CHECK(reel_bradley_terry_bootstrap_scratch_len(SIZE_MAX, 2) == SIZE_MAX, "scratch len saturates");
    CHECK(reel_mmr_scratch_len(SIZE_MAX) == SIZE_MAX, "mmr scratch len saturates");

    /* Watch distribution: bad edges, NULL handle. */
    ReelWatchDistribution *w = NULL;
    double edges[2] = {10.0, 5.0};
    CHECK(reel_watch_distribution_new(edges, 2, &w) == REEL_STATUS_INVALID_VALUE && w == NULL, "bad edges");
    CHECK(reel_watch_distribution_add(NULL, 1.0, 1.0) == REEL_STATUS_NULL_POINTER, "add NULL");
    edges[1] = 60.0;
    CHECK(reel_watch_distribution_new(edges, 2, &w) == REEL_STATUS_OK, "new distribution");
    CHECK(reel_watch_distribution_percentile(w, 30.0, 1.0, &out) == REEL_STATUS_INVALID_STATE, "empty bucket");
    reel_watch_distribution_free(w);

    /* Consistency tracker: NULL handle, wrong length. */
    ReelConsistency *c = NULL;
    CHECK(reel_consistency_push(NULL, (const float *)a, 4, NULL) == REEL_STATUS_NULL_POINTER, "push NULL");
    CHECK(reel_consistency_new(4, NULL, &c) == REEL_STATUS_OK, "consistency new");
    float e3[3] = {1, 0, 0};
    CHECK(reel_consistency_push(c, e3, 3, NULL) != REEL_STATUS_OK, "wrong embedding length");
    CHECK(reel_consistency_subject(c, &out) != REEL_STATUS_OK, "subject needs two frames");
    reel_consistency_free(c);

    printf("%d passed, %d failed\n", passes, failures);
    return failures != 0;
}
