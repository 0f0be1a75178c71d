/*
 * Benchmarks/peers/draw_floor.c: the GSL draws that one call of the peer reference model
 * (Benchmarks/reference-dispatch.yaml) makes, and nothing else, timed in a tight loop: a floor
 * under DispatchSim's time per call on that model, since every draw must come from GSL.
 *
 * Per call: the gap to the next call (exponential, mean 2 min), the call type (alias table, 0.8 /
 * 0.2), the zone (alias table of one zone: GSL still draws a uniform), the travel time (lognormal,
 * mean 8 min, sd 4 min, as DispatchSim draws it: exp(zeta + sigma Z) with Z from GSL's ziggurat,
 * two integers from the generator and an exponential) and the time on scene (exponential). The
 * generator is DispatchSim's MRG32k3a, from Sources/CGSL/shim.h. Built and run by
 * Benchmarks/run_all.py (peers):
 *
 *     cc -O2 -I Sources/CGSL Benchmarks/peers/draw_floor.c -lgsl -lgslcblas -lm -o draw_floor
 *
 * Prints the nanoseconds per call, the median of 5 runs of 5 million calls.
 *
 * Copyright (C) 2026 the DispatchSim authors. GPL-3.0-or-later.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "shim.h"

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    gsl_rng *r = gsl_rng_alloc(dsim_rng_type_mrg32k3a());
    gsl_rng_set(r, 0);
    const double shares[2] = {0.8, 0.2}, one[1] = {1};
    gsl_ran_discrete_t *type = gsl_ran_discrete_preproc(2, shares);
    gsl_ran_discrete_t *zone = gsl_ran_discrete_preproc(1, one);
    const double sigma = sqrt(log1p(16.0 / 64.0)), zeta = log(8.0) - sigma * sigma / 2;
    const long calls = 5000000;
    double ns[5], checksum = 0;
    for (int run = 0; run < 5; run++) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (long i = 0; i < calls; i++) {
            checksum += gsl_ran_exponential(r, 2.0);
            checksum += (double)gsl_ran_discrete(r, type);
            checksum += (double)gsl_ran_discrete(r, zone);
            checksum += exp(zeta + gsl_ran_gaussian_ziggurat(r, sigma));
            checksum += gsl_ran_exponential(r, 45.0);
        }
        clock_gettime(CLOCK_MONOTONIC, &end);
        ns[run] = ((double)(end.tv_sec - start.tv_sec) * 1e9 + (double)(end.tv_nsec - start.tv_nsec)) / (double)calls;
    }
    qsort(ns, 5, sizeof ns[0], compare);
    /* The checksum keeps the draws from being optimized away. */
    printf("%.1f ns per call (checksum %.0f)\n", ns[2], checksum);
    gsl_ran_discrete_free(type);
    gsl_ran_discrete_free(zone);
    gsl_rng_free(r);
    return 0;
}
