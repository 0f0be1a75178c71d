/*
 * CGSL: the project's only window onto the GNU Scientific Library.
 *
 * Swift imports this header as the module CGSL; only the DispatchRandom target imports it, and no
 * GSL type appears in any public Swift signature. What lives here:
 *   - static inline accessors for GSL's generator types, which GSL exports as mutable C globals that
 *     Swift 6 rejects as not concurrency-safe;
 *   - MRG32k3a (L'Ecuyer 1999) as a GSL generator type, so every gsl_ran_* function can draw from
 *     L'Ecuyer's provably disjoint streams and substreams (the jump-ahead lives in Swift);
 *   - small helpers to read and write a generator's state.
 *
 * Copyright (C) 2026 the DispatchSim authors. GPL-3.0-or-later.
 */
#ifndef DISPATCHSIM_CGSL_SHIM_H
#define DISPATCHSIM_CGSL_SHIM_H

#include <stdint.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>

/* ---- GSL's built-in generator types ------------------------------------------------------ */

static inline const gsl_rng_type *dsim_rng_type_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *dsim_rng_type_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *dsim_rng_type_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *dsim_rng_type_gfsr4(void) { return gsl_rng_gfsr4; }

/* ---- MRG32k3a as a gsl_rng_type -----------------------------------------------------------
 * L'Ecuyer, "Good parameters and implementations for combined multiple recursive random number
 * generators", Operations Research 47(1), 1999; the stream package of L'Ecuyer, Simard, Chen and
 * Kelton, Operations Research 50(6), 2002. The recurrence and output are those of RngStream.c:
 *   x1[n] = (1403580 x1[n-2] - 810728 x1[n-3]) mod m1
 *   x2[n] = (527612 x2[n-1] - 1370589 x2[n-3]) mod m2
 *   u[n]  = ((x1[n] - x2[n]) mod m1, with 0 mapped to m1) / (m1 + 1), so u is in (0, 1).
 * get() returns the integer k = u (m1 + 1) - 1 in [0, m1 - 1], so get_double() = (k + 1) / (m1 + 1).
 * The state is six integers, ordered as RngStream's Cg. RngStream computes in doubles; the
 * products here (at most 2^21 * 2^32 in size) are exact in 64-bit integers too, and an integer
 * remainder by a constant compiles to multiplications where a double division cannot, so the
 * integers give the same sequence, bit for bit, in about half the time. */

#define DSIM_MRG32K3A_M1 4294967087LL
#define DSIM_MRG32K3A_M2 4294944443LL
#define DSIM_MRG32K3A_NORM 2.328306549295727688e-10

typedef struct {
    int64_t s[6];
} dsim_mrg32k3a_state;

/* Advances the state one step and returns (x1 - x2) mod m1 in [1, m1].
 * The state is read into locals and written back one 8-byte component at a time. Left to itself
 * the compiler merges the shifts into 16-byte moves, and the next call's 16-byte load then spans
 * two earlier stores, which the processor cannot forward: a stall on every draw (a third of the
 * generator's time in a C micro-benchmark). The empty asm statements keep the stores apart. */
#define DSIM_KEEP_STORES_APART() __asm__ volatile("" ::: "memory")
static inline int64_t dsim_mrg32k3a_next(dsim_mrg32k3a_state *st) {
    int64_t *s = st->s;
    const int64_t a0 = s[0], a1 = s[1], a2 = s[2], b0 = s[3], b1 = s[4], b2 = s[5];
    int64_t p1 = (1403580LL * a1 - 810728LL * a0) % DSIM_MRG32K3A_M1;
    if (p1 < 0) p1 += DSIM_MRG32K3A_M1;
    int64_t p2 = (527612LL * b2 - 1370589LL * b0) % DSIM_MRG32K3A_M2;
    if (p2 < 0) p2 += DSIM_MRG32K3A_M2;
    s[0] = a1; DSIM_KEEP_STORES_APART();
    s[1] = a2; DSIM_KEEP_STORES_APART();
    s[2] = p1; DSIM_KEEP_STORES_APART();
    s[3] = b1; DSIM_KEEP_STORES_APART();
    s[4] = b2; DSIM_KEEP_STORES_APART();
    s[5] = p2;
    return (p1 > p2) ? (p1 - p2) : (p1 - p2 + DSIM_MRG32K3A_M1);
}

static unsigned long int dsim_mrg32k3a_get(void *vstate) {
    return (unsigned long int)(dsim_mrg32k3a_next((dsim_mrg32k3a_state *)vstate) - 1);
}

static double dsim_mrg32k3a_get_double(void *vstate) {
    return (double)dsim_mrg32k3a_next((dsim_mrg32k3a_state *)vstate) * DSIM_MRG32K3A_NORM;
}

/* gsl_rng_set(r, seed): seed 0 gives RngStream's default initial state (12345 six times); any
 * other seed gives a state of six values in [1, 4294944442]. DispatchRandom never relies on this:
 * it sets states directly, derived by L'Ecuyer jump-ahead (see RandomStream+Seeding.swift). */
static void dsim_mrg32k3a_set(void *vstate, unsigned long int seed) {
    dsim_mrg32k3a_state *st = (dsim_mrg32k3a_state *)vstate;
    int i;
    if (seed == 0) {
        for (i = 0; i < 6; i++) st->s[i] = 12345;
        return;
    }
    /* A 64-bit LCG (Knuth MMIX constants) spreads the seed over six components. */
    uint64_t x = (uint64_t)seed;
    for (i = 0; i < 6; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        st->s[i] = (int64_t)(1 + (x >> 32) % 4294944442ULL);
    }
}

static inline const gsl_rng_type *dsim_rng_type_mrg32k3a(void) {
    static const gsl_rng_type type = {
        "mrg32k3a",                          /* name */
        4294967086UL,                        /* max: m1 - 1 */
        0UL,                                 /* min */
        sizeof(dsim_mrg32k3a_state),         /* size */
        &dsim_mrg32k3a_set,
        &dsim_mrg32k3a_get,
        &dsim_mrg32k3a_get_double
    };
    return &type;
}

/* True when r is an MRG32k3a generator. Compared by name: each compiled unit that includes this
 * header holds its own copy of the type, so pointers to it need not be equal. */
static inline int dsim_rng_is_mrg32k3a(const gsl_rng *r) {
    return strcmp(r->type->name, "mrg32k3a") == 0;
}

/* Reads or writes the six state components of an MRG32k3a generator. Returns GSL_EINVAL when the
 * generator is of another type. */
static inline int dsim_mrg32k3a_get_state(const gsl_rng *r, double out[6]) {
    int i;
    if (!dsim_rng_is_mrg32k3a(r)) return GSL_EINVAL;
    for (i = 0; i < 6; i++) out[i] = (double)((const dsim_mrg32k3a_state *)r->state)->s[i];
    return GSL_SUCCESS;
}

static inline int dsim_mrg32k3a_set_state(gsl_rng *r, const double in[6]) {
    int i;
    if (!dsim_rng_is_mrg32k3a(r)) return GSL_EINVAL;
    for (i = 0; i < 6; i++) ((dsim_mrg32k3a_state *)r->state)->s[i] = (int64_t)in[i];
    return GSL_SUCCESS;
}

#endif /* DISPATCHSIM_CGSL_SHIM_H */
