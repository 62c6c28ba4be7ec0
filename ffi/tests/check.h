/* Shared by the C test programs: pass/fail counters, the CHECK macro and a whole-file reader. */
#ifndef REEL_TEST_CHECK_H
#define REEL_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int passed = 0, failed = 0;

#define CHECK(cond, ...)                                \
    do {                                                \
        if (cond) {                                     \
            passed++;                                   \
        } else {                                        \
            failed++;                                   \
            printf("FAIL %s:%d: ", __FILE__, __LINE__); \
            printf(__VA_ARGS__);                        \
            printf("\n");                               \
        }                                               \
    } while (0)

/* The NUL-terminated contents of `path` (caller frees), or NULL. (`inline`: tests that read no
 * file do not warn about an unused function.) */
static inline char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    long n;
    char *buf;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = (char *)malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf) buf[n] = 0;
    fclose(f);
    return buf;
}

#endif
