/* Shared by the C tests that read a vector file: the file named on the command line, parsed,
 * and the splitmix64 generator the files' input recipes are written in. */
#ifndef REEL_TEST_VECTORS_H
#define REEL_TEST_VECTORS_H

#include "check.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The JSON document in the file `argv[1]` (caller deletes it). Without the argument, or when
 * the file cannot be read or parsed, says so on stderr and exits with status 2. */
static inline cJSON *load_vectors(int argc, char **argv, const char *usage) {
    char *text;
    cJSON *doc;
    if (argc < 2) {
        fprintf(stderr, "usage: %s %s\n", argv[0], usage);
        exit(2);
    }
    text = read_file(argv[1]);
    doc = text ? cJSON_Parse(text) : NULL;
    free(text);
    if (!doc) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        exit(2);
    }
    return doc;
}

/* SplitMix64 (Steele, Lea & Flood 2014), as tests/recipes.py defines it: the next output. */
static inline uint64_t splitmix64(uint64_t *state) {
    uint64_t z;
    *state += 0x9E3779B97F4A7C15ULL;
    z = *state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

#endif
