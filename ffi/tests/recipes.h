/* The shared input recipes (tests/recipes.py) in C, for the C test suite. */
#ifndef REEL_TEST_RECIPES_H
#define REEL_TEST_RECIPES_H

#include "vectors.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t width, height, channels;
    uint16_t *samples; /* width * height * channels, row-major; caller frees */
} recipe_image;

static int64_t recipe_noise(uint64_t *state, int64_t amp) {
    return (int64_t)(splitmix64(state) % (uint64_t)(2 * amp + 1)) - amp;
}

static int64_t clamp255(int64_t v) { return v < 0 ? 0 : (v > 255 ? 255 : v); }

static uint64_t jnum(const cJSON *obj, const char *key) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return v ? (uint64_t)v->valuedouble : 0;
}

static int64_t scene_at(int64_t x, int64_t y) { return ((x * x + 3 * y * y + 5 * x * y) >> 6) & 255; }

/* Builds the samples of `r`; returns 0 on success. */
static int recipe_build(const cJSON *r, recipe_image *out) {
    const char *kind = cJSON_GetObjectItemCaseSensitive(r, "kind")->valuestring;
    uint64_t state = jnum(r, "seed");
    size_t i, x, y, w, h;
    if (strcmp(kind, "distort") == 0) {
        int64_t amp = (int64_t)jnum(r, "amp");
        if (recipe_build(cJSON_GetObjectItemCaseSensitive(r, "base"), out) != 0) return 1;
        for (i = 0; i < out->width * out->height * out->channels; i++)
            out->samples[i] = (uint16_t)clamp255((int64_t)out->samples[i] + recipe_noise(&state, amp));
        return 0;
    }
    w = (size_t)jnum(r, "width");
    h = (size_t)jnum(r, "height");
    out->width = w;
    out->height = h;
    out->channels = (strncmp(kind, "rgb", 3) == 0) ? 3 : 1;
    out->samples = (uint16_t *)malloc(w * h * out->channels * sizeof(uint16_t));
    if (!out->samples) return 1;
    if (strcmp(kind, "noise") == 0 || strcmp(kind, "rgb_noise") == 0) {
        for (i = 0; i < w * h * out->channels; i++) out->samples[i] = (uint16_t)(splitmix64(&state) >> 56);
    } else if (strcmp(kind, "noise16") == 0) {
        unsigned bits = (unsigned)jnum(r, "bits");
        for (i = 0; i < w * h; i++) out->samples[i] = (uint16_t)(splitmix64(&state) >> (64 - bits));
    } else if (strcmp(kind, "scene") == 0 || strcmp(kind, "rgb_tint") == 0) {
        int64_t amp = (int64_t)jnum(r, "amp");
        for (y = 0; y < h; y++)
            for (x = 0; x < w; x++) {
                int64_t s = clamp255(scene_at((int64_t)x, (int64_t)y) + recipe_noise(&state, amp));
                if (out->channels == 1) {
                    out->samples[y * w + x] = (uint16_t)s;
                } else {
                    uint16_t *px = &out->samples[(y * w + x) * 3];
                    px[0] = (uint16_t)s;
                    px[1] = (uint16_t)(s / 2);
                    px[2] = (uint16_t)(255 - s);
                }
            }
    } else if (strcmp(kind, "blocky") == 0) {
        for (y = 0; y < h; y++)
            for (x = 0; x < w; x++) out->samples[y * w + x] = (uint16_t)(((x / 8) * 37 + (y / 8) * 91) % 200 + 28);
    } else {
        free(out->samples);
        return 1;
    }
    return 0;
}

#endif
