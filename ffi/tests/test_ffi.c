/* C conformance tests: the shared vectors through the C ABI, plus bad-input handling.
 * Usage: test_ffi tests/vectors/frame_metrics.json
 * Prints one line per failure and a closing "N passed, N failed". */
#include "reelscore.h"
#include "check.h"
#include "recipes.h"

#include <math.h>
#include <stdio.h>


static double REL = 1e-9, ABS = 1e-12;

static int close_to(double got, double want) {
    if (isinf(want)) return got == want;
    return fabs(got - want) <= ABS + REL * fabs(want);
}

static double want(const cJSON *obj, const char *key, int *present) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *present = v != NULL;
    if (!v) return 0.0;
    if (cJSON_IsNull(v)) return INFINITY;
    return v->valuedouble;
}

#define PAD 5

static void check_metric(const char *name, const char *metric, reel_status st, double got, const cJSON *obj) {
    int present;
    double w = want(obj, metric, &present);
    if (!present) return;
    CHECK(st == REEL_STATUS_OK && close_to(got, w), "%s %s: status %u got %.17g want %.17g", name, metric, st, got, w);
}

static void run_case8(const cJSON *c, const recipe_image *ia, const recipe_image *ib) {
    const char *name = cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring;
    const cJSON *fr = cJSON_GetObjectItemCaseSensitive(c, "full_reference");
    const cJSON *nr = cJSON_GetObjectItemCaseSensitive(c, "no_reference");
    size_t w = ia->width, h = ia->height, stride = w + PAD, x, y;
    uint8_t *a = (uint8_t *)malloc(stride * h), *b = (uint8_t *)malloc(stride * h);
    ReelPlane pa, pb;
    ReelFrameStats fs;
    double v;
    reel_status st;
    memset(a, 0xAB, stride * h);
    memset(b, 0x11, stride * h);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            a[y * stride + x] = (uint8_t)ia->samples[y * w + x];
            b[y * stride + x] = (uint8_t)ib->samples[y * w + x];
        }
    pa.data = a; pa.width = w; pa.height = h; pa.stride = stride;
    pb = pa; pb.data = b;
    st = reel_mse(&pa, &pb, &v); check_metric(name, "mse", st, v, fr);
    st = reel_psnr(&pa, &pb, &v); check_metric(name, "psnr", st, v, fr);
    st = reel_ssim(&pa, &pb, &v);
    if (cJSON_GetObjectItemCaseSensitive(fr, "ssim")) check_metric(name, "ssim", st, v, fr);
    else CHECK(st == REEL_STATUS_TOO_SMALL, "%s: ssim must refuse small planes, got %u", name, st);
    if (cJSON_GetObjectItemCaseSensitive(fr, "ms_ssim")) {
        size_t n = reel_ms_ssim_scratch_len(w, h);
        float *scratch = (float *)malloc(n * sizeof(float));
        st = reel_ms_ssim(&pa, &pb, 0, scratch, n, &v); check_metric(name, "ms_ssim", st, v, fr);
        st = reel_ms_ssim(&pa, &pb, 1, NULL, 0, &v); check_metric(name, "ms_ssim_skvideo", st, v, fr);
        st = reel_ms_ssim(&pa, &pb, 0, scratch, n - 1, &v);
        CHECK(st == REEL_STATUS_BUFFER_TOO_SHORT, "%s: short scratch gave %u", name, st);
        st = reel_ms_ssim(&pa, &pb, 7, scratch, n, &v);
        CHECK(st == REEL_STATUS_INVALID_ENUM, "%s: bad convention gave %u", name, st);
        free(scratch);
    }
    st = reel_frame_stats(&pa, &fs);
    check_metric(name, "sharpness", st, fs.sharpness, nr);
    check_metric(name, "tenengrad", st, fs.tenengrad, nr);
    check_metric(name, "mean", st, fs.mean, nr);
    check_metric(name, "p10", st, fs.p10, nr);
    check_metric(name, "p90", st, fs.p90, nr);
    check_metric(name, "black_fraction", st, fs.black_fraction, nr);
    check_metric(name, "white_fraction", st, fs.white_fraction, nr);
    check_metric(name, "rms_contrast", st, fs.rms_contrast, nr);
    check_metric(name, "noise_sigma", st, fs.noise_sigma, nr);
    check_metric(name, "blockiness", st, fs.blockiness, nr);
    check_metric(name, "entropy", st, fs.entropy, nr);
    st = reel_sharpness(&pa, &v); check_metric(name, "sharpness", st, v, nr);
    st = reel_noise_sigma(&pa, &v); check_metric(name, "noise_sigma", st, v, nr);
    free(a);
    free(b);
}

static void run_case16(const cJSON *c, const recipe_image *ia, const recipe_image *ib, unsigned bits) {
    const char *name = cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring;
    const cJSON *fr = cJSON_GetObjectItemCaseSensitive(c, "full_reference");
    const cJSON *nr = cJSON_GetObjectItemCaseSensitive(c, "no_reference");
    size_t w = ia->width, h = ia->height, stride = w + PAD, x, y;
    uint16_t *a = (uint16_t *)calloc(stride * h, 2), *b = (uint16_t *)calloc(stride * h, 2);
    ReelPlane16 pa, pb;
    ReelFrameStats fs;
    double v;
    reel_status st;
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            a[y * stride + x] = ia->samples[y * w + x];
            b[y * stride + x] = ib->samples[y * w + x];
        }
    pa.data = a; pa.width = w; pa.height = h; pa.stride = stride; pa.bits = bits;
    pb = pa; pb.data = b;
    st = reel_mse16(&pa, &pb, &v); check_metric(name, "mse", st, v, fr);
    st = reel_psnr16(&pa, &pb, &v); check_metric(name, "psnr", st, v, fr);
    st = reel_ssim16(&pa, &pb, &v); check_metric(name, "ssim", st, v, fr);
    st = reel_frame_stats16(&pa, &fs);
    check_metric(name, "sharpness", st, fs.sharpness, nr);
    check_metric(name, "mean", st, fs.mean, nr);
    check_metric(name, "p90", st, fs.p90, nr);
    check_metric(name, "noise_sigma", st, fs.noise_sigma, nr);
    pa.bits = 8;
    CHECK(reel_mse16(&pa, &pb, &v) == REEL_STATUS_BIT_DEPTH, "%s: bits 8 must be refused", name);
    free(a);
    free(b);
}

static void run_rgb(const cJSON *c) {
    const char *name = cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring;
    recipe_image img;
    size_t i, n;
    uint8_t *bytes, *luma;
    ReelRgb rgb;
    double v;
    const char *keys[2] = {"luma_bt601", "luma_bt709"};
    unsigned m;
    if (recipe_build(cJSON_GetObjectItemCaseSensitive(c, "rgb"), &img) != 0) {
        CHECK(0, "%s: recipe", name);
        return;
    }
    n = img.width * img.height * 3;
    bytes = (uint8_t *)malloc(n);
    luma = (uint8_t *)malloc(img.width * img.height);
    for (i = 0; i < n; i++) bytes[i] = (uint8_t)img.samples[i];
    rgb.data = bytes; rgb.width = img.width; rgb.height = img.height; rgb.stride = img.width * 3;
    CHECK(reel_colorfulness(&rgb, &v) == REEL_STATUS_OK, "%s colorfulness status", name);
    check_metric(name, "colorfulness", REEL_STATUS_OK, v, c);
    for (m = 0; m < 2; m++) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(c, keys[m]);
        int same = reel_rgb_to_luma(&rgb, m, luma, img.width) == REEL_STATUS_OK;
        for (i = 0; same && i < img.width * img.height; i++)
            same = luma[i] == (uint8_t)cJSON_GetArrayItem(arr, (int)i)->valuedouble;
        CHECK(same, "%s %s", name, keys[m]);
    }
    CHECK(reel_rgb_to_luma(&rgb, 2, luma, img.width) == REEL_STATUS_INVALID_ENUM, "%s bad matrix", name);
    free(bytes);
    free(luma);
    free(img.samples);
}

static void bad_inputs(void) {
    uint8_t buf[64] = {0};
    double v = -1.0;
    ReelPlane p, q;
    p.data = buf; p.width = 8; p.height = 8; p.stride = 8;
    q = p;
    CHECK(reel_mse(NULL, &q, &v) == REEL_STATUS_NULL_POINTER, "NULL plane");
    CHECK(reel_mse(&p, &q, NULL) == REEL_STATUS_NULL_POINTER, "NULL out");
    q.data = NULL;
    CHECK(reel_mse(&p, &q, &v) == REEL_STATUS_NULL_POINTER, "NULL data");
    q = p; q.width = 0;
    CHECK(reel_psnr(&p, &q, &v) == REEL_STATUS_EMPTY_PLANE, "zero width");
    q = p; q.stride = 7;
    CHECK(reel_psnr(&p, &q, &v) == REEL_STATUS_STRIDE_TOO_SMALL, "stride < width");
    q = p; q.width = 4; q.stride = 4;
    CHECK(reel_psnr(&p, &q, &v) == REEL_STATUS_SIZE_MISMATCH, "mismatched sizes");
    q = p; q.stride = (size_t)-1;
    CHECK(reel_psnr(&p, &q, &v) != REEL_STATUS_OK, "overflowing stride");
    CHECK(reel_ssim(&p, &p, &v) == REEL_STATUS_TOO_SMALL, "ssim on 8x8");
    CHECK(v == -1.0, "out untouched on error");
    CHECK(reel_psnr(&p, &p, &v) == REEL_STATUS_OK && v == REEL_PSNR_CAP_8BIT, "identical planes hit the cap");
    CHECK(strcmp(reel_status_str(9999), "unknown status") == 0, "unknown status string");
    CHECK(strlen(reel_status_str(REEL_STATUS_PANIC)) > 0, "status string");
    CHECK(strcmp(reel_version(), "0.1.0") == 0, "version %s", reel_version());
}

int main(int argc, char **argv) {
    cJSON *doc = load_vectors(argc, argv, "frame_metrics.json"), *c, *lut;
    size_t i;
    REL = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "tolerances"), "default_rel")->valuedouble;
    ABS = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "tolerances"), "default_abs")->valuedouble;
    /* Every case under every kernel path this CPU has (the shared tolerances hold on each). */
    {
        reel_kernels detected = 0, k;
        CHECK(reel_kernels_path(&detected) == REEL_STATUS_OK && detected >= REEL_KERNELS_PORTABLE && detected <= REEL_KERNELS_NEON,
              "reel_kernels_path reports a path (got %u)", (unsigned)detected);
        {   /* REELSCORE_KERNELS=portable (as scripts/test.sh runs it once) must be honoured. */
            const char *env = getenv("REELSCORE_KERNELS");
            if (env && strcmp(env, "portable") == 0)
                CHECK(detected == REEL_KERNELS_PORTABLE, "REELSCORE_KERNELS=portable gave path %u", (unsigned)detected);
        }
        for (k = REEL_KERNELS_PORTABLE; k <= REEL_KERNELS_NEON; k++) {
            reel_kernels now = 0;
            if (reel_kernels_force(k) != REEL_STATUS_OK) continue;
            CHECK(reel_kernels_path(&now) == REEL_STATUS_OK && now == k, "forced path %u reads back %u", (unsigned)k, (unsigned)now);
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "cases")) {
        recipe_image ia, ib;
        unsigned bits = (unsigned)jnum(c, "bits");
        if (recipe_build(cJSON_GetObjectItemCaseSensitive(c, "a"), &ia) || recipe_build(cJSON_GetObjectItemCaseSensitive(c, "b"), &ib)) {
            CHECK(0, "recipe failed");
            continue;
        }
        if (bits == 8) run_case8(c, &ia, &ib);
        else run_case16(c, &ia, &ib, bits);
        free(ia.samples);
        free(ib.samples);
    }
        }
        CHECK(reel_kernels_force(detected) == REEL_STATUS_OK, "restore the detected path");
        CHECK(reel_kernels_force(99) == REEL_STATUS_INVALID_ENUM, "unknown path refused");
        CHECK(reel_kernels_path(NULL) == REEL_STATUS_NULL_POINTER, "NULL out for the path");
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "rgb_cases")) run_rgb(c);
    lut = cJSON_GetObjectItemCaseSensitive(doc, "limited_to_full_lut");
    {
        uint8_t src[256], dst[256];
        ReelPlane p;
        int same;
        for (i = 0; i < 256; i++) src[i] = (uint8_t)i;
        p.data = src; p.width = 16; p.height = 16; p.stride = 16;
        same = reel_expand_limited_range(&p, dst, 16) == REEL_STATUS_OK;
        for (i = 0; same && i < 256; i++) same = dst[i] == (uint8_t)cJSON_GetArrayItem(lut, (int)i)->valuedouble;
        CHECK(same, "limited->full LUT equals swscale");
    }
    bad_inputs();
    cJSON_Delete(doc);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
