/*
 * Benchmarks/limit/streams.h: DispatchSim's random streams in C, for the hand-written loops of
 * this folder (reference_loop.c, engine_loop.c): MRG32k3a streams through the project's GSL shim
 * (Sources/CGSL/shim.h), seeded as StreamSeeder.stream(purpose:replication:) seeds them
 * (StreamSeeder.swift, MRG32k3a.swift): six SplitMix64 words from the seed, then the purpose's
 * stream (jumps of 2^127) and the replication's substream (jumps of 2^76). Call make_jumps()
 * once before the first stream.
 *
 * Copyright (C) 2026 the DispatchSim authors. GPL-3.0-or-later.
 */
#ifndef DISPATCHSIM_LIMIT_STREAMS_H
#define DISPATCHSIM_LIMIT_STREAMS_H

#include <stdint.h>
#include "shim.h"

typedef struct { uint64_t a[3][3]; uint64_t m; } matrix;

static matrix mat_mul(const matrix *x, const matrix *y) {
    matrix out = {.m = x->m};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            uint64_t sum = 0;
            for (int k = 0; k < 3; k++) sum = (sum + (x->a[i][k] * y->a[k][j]) % x->m) % x->m;
            out.a[i][j] = sum;
        }
    return out;
}

static matrix mat_pow(matrix base, uint64_t e) {
    matrix result = {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, base.m};
    while (e > 0) {
        if (e & 1) result = mat_mul(&result, &base);
        base = mat_mul(&base, &base);
        e >>= 1;
    }
    return result;
}

static void mat_apply(const matrix *x, const uint64_t v[3], uint64_t out[3]) {
    for (int i = 0; i < 3; i++) {
        uint64_t sum = 0;
        for (int k = 0; k < 3; k++) sum = (sum + (x->a[i][k] * v[k]) % x->m) % x->m;
        out[i] = sum;
    }
}

static matrix stream_jump[2], substream_jump[2]; /* A1, A2 to the powers 2^127 and 2^76 */

static void make_jumps(void) {
    const uint64_t m1 = DSIM_MRG32K3A_M1, m2 = DSIM_MRG32K3A_M2;
    const matrix one[2] = {{{{0, 1, 0}, {0, 0, 1}, {m1 - 810728, 1403580, 0}}, m1},
                           {{{0, 1, 0}, {0, 0, 1}, {m2 - 1370589, 0, 527612}}, m2}};
    for (int c = 0; c < 2; c++) {
        stream_jump[c] = substream_jump[c] = one[c];
        for (int i = 0; i < 127; i++) stream_jump[c] = mat_mul(&stream_jump[c], &stream_jump[c]);
        for (int i = 0; i < 76; i++) substream_jump[c] = mat_mul(&substream_jump[c], &substream_jump[c]);
    }
}

static uint64_t splitmix64_mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* The state of stream `purpose`, substream `replication`, for `seed` (StreamSeeder.stream). */
static void stream_state(uint64_t seed, uint64_t purpose, uint64_t replication, double out[6]) {
    uint64_t s[6], mixer = seed;
    for (int i = 0; i < 6; i++) {
        mixer += 0x9E3779B97F4A7C15ULL;
        s[i] = 1 + splitmix64_mix(mixer) % (uint64_t)((i < 3 ? DSIM_MRG32K3A_M1 : DSIM_MRG32K3A_M2) - 1);
    }
    for (int c = 0; c < 2; c++) {
        matrix p = mat_pow(stream_jump[c], purpose), q = mat_pow(substream_jump[c], replication);
        uint64_t x[3];
        mat_apply(&p, s + 3 * c, x);
        mat_apply(&q, x, s + 3 * c);
    }
    for (int i = 0; i < 6; i++) out[i] = (double)s[i];
}

/* The stream of `purpose`, substream `replication`, for `seed`; NULL if it cannot be made. */
static gsl_rng *make_stream(uint64_t seed, int purpose, int replication) {
    double state[6];
    stream_state(seed, (uint64_t)purpose, (uint64_t)replication, state);
    gsl_rng *r = gsl_rng_alloc(dsim_rng_type_mrg32k3a());
    if (r != NULL && dsim_mrg32k3a_set_state(r, state) != GSL_SUCCESS) {
        gsl_rng_free(r);
        r = NULL;
    }
    return r;
}

#endif
