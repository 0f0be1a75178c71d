/*
 * Benchmarks/limit/reference_loop.c: the reference dispatch model (Benchmarks/reference-dispatch.yaml)
 * as one hand-written C loop, drawing exactly DispatchSim's random numbers, so that it reproduces
 * `dispatchsim run Benchmarks/reference-dispatch.yaml` to the last printed digit: the limit of the
 * same work in C, against which DispatchSim's time per call is measured (README.md here).
 *
 * The same work, without a framework:
 *   - streams: DispatchSim's MRG32k3a (Sources/CGSL/shim.h, included as is), seeded as its
 *     StreamSeeder does (SplitMix64 base state; purpose p = stream p, 2^127 steps apart;
 *     replication r = substream r, 2^76 steps apart), one stream per purpose per replication;
 *   - draws: the same GSL samplers, in the same order on each stream: arrivals (purpose 0)
 *     gsl_ran_exponential(2 min) per call; call attributes (1) gsl_ran_discrete for the type
 *     (0.8/0.2), then for the zone (one zone, still one uniform); travel (2)
 *     exp(zeta + gsl_ran_gaussian_ziggurat(sigma)) per dispatch; on scene (3)
 *     gsl_ran_exponential(45, 40 or 60 min) per dispatch;
 *   - events: the same total order as DispatchSim's future-event list, (time, priority, sequence),
 *     with a unit leaving a scene (priority 0) before an arrival (priority 5) at the same time and
 *     equal events in the order they were scheduled; arrivals at times <= the horizon, events run
 *     while their time <= the horizon;
 *   - routing: the lowest-numbered free unit of the first eligible type (police units 0-29, crisis
 *     teams 30-35); waiting calls in one FIFO per responder type (all calls have priority 1, so
 *     DispatchSim's queue order (priority, arrival, sequence) is arrival order), a mental-health
 *     call in both and taken by the first unit of either type;
 *   - statistics: the same eighteen tallies (Welford count, mean, sum of squares, minimum,
 *     maximum), twelve records per dispatch, ten log-linear histograms (QuantileHistogram: 128
 *     buckets per power of two from 2^-8 to 2^24), seven of them counted per dispatch, read and
 *     merged as DispatchSim reads and merges them; the same counts (by type, zone, priority,
 *     responder, unit, calls that found no unit free, the crisis funnel by hour of day), busy time
 *     per unit, and the time-average number of calls waiting updated at the same instants.
 *
 * Build and run (check.py does both and compares with dispatchsim):
 *
 *     cc -O2 -ffp-contract=off -I Sources/CGSL Benchmarks/limit/reference_loop.c \
 *         $(pkg-config --cflags --libs gsl) -o /tmp/reference_loop
 *     /tmp/reference_loop --replications 20 --seed 1 --days 365 > summary.csv
 *
 * Options: --replications R (default 20), --seed S (default 1), --days D (default 365),
 * --tables DIR (also write DIR/by_call_type.csv, by_zone.csv, by_unit.csv,
 * unit_zone_dispatches.csv, response.csv and crisis_funnel.csv, as dispatchsim does). summary.csv
 * (all its columns) goes to standard output; the timing of the simulation alone (wall seconds,
 * calls, events, calls per second, ns per call) to standard error, as one line starting with
 * "reference_loop:".
 *
 * Copyright (C) 2026 the DispatchSim authors. GPL-3.0-or-later.
 */
/* No fused multiply-add: DispatchSim (Swift) rounds every product and sum. GCC ignores this
 * pragma, hence -ffp-contract=off in the build command (without effect on x86-64 at -O2, which
 * has no FMA instructions, but needed for exact results on targets that do, such as arm64). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "shim.h"
#include "streams.h"
#include "swift_text.h"

/* ---- The scenario (Benchmarks/reference-dispatch.yaml) ------------------------------------- */

enum { POLICE = 0, CRISIS = 1, RESPONDERS = 2 };
enum { POLICE_CALL = 0, MENTAL_HEALTH = 1, CALL_TYPES = 2 };
enum { POLICE_UNITS = 30, CRISIS_UNITS = 6, UNITS = POLICE_UNITS + CRISIS_UNITS, ZONES = 1 };
enum { PRIORITIES = 1 };                                   /* the priorities in use: 1 */
static const char *const responder_name[RESPONDERS] = {"police", "crisis_team"};
static const char *const call_type_name[CALL_TYPES] = {"police_call", "mental_health"};
static const char *const zone_name[ZONES] = {"city"};
static const int priority_value[PRIORITIES] = {1};
/* Per call type: the index of its priority in priority_value (both types: priority 1). */
static const int priority_index[CALL_TYPES] = {0, 0};
/* Responder kinds: police (officers: its busy hours are officer-hours) and crisis team (a crisis
 * response); the crisis call type is mental_health. */
static const int responder_is_police[RESPONDERS] = {1, 0};
static const double hours_per_officer_year = 2080;        /* CityConfiguration's default */
static const int unit_responder_first[RESPONDERS + 1] = {0, POLICE_UNITS, UNITS};
/* Inputs of runtime libm calls are read through volatile, so that the compiler does not fold
 * them with its own (correctly rounded) arithmetic where DispatchSim calls glibc at run time. */
static volatile double calls_per_hour = 30, type_share[CALL_TYPES] = {0.8, 0.2}, zone_share = 1;
static volatile double travel_mean = 8, travel_sd = 4;
/* Mean time on scene (min) by call type and responder type; 0: the type may not take the call. */
static const double on_scene_mean[CALL_TYPES][RESPONDERS] = {{45, 0}, {40, 60}};

/* ---- DispatchSim's streams (streams.h: StreamSeeder.swift, MRG32k3a.swift) ------------------- */

enum { PURPOSE_ARRIVALS = 0, PURPOSE_ATTRIBUTES = 1, PURPOSE_TRAVEL = 2, PURPOSE_ON_SCENE = 3 };

static gsl_rng *new_stream(uint64_t seed, int purpose, int replication) {
    gsl_rng *r = make_stream(seed, purpose, replication);
    if (r == NULL) {
        fprintf(stderr, "reference_loop: cannot make a stream\n");
        exit(1);
    }
    return r;
}

/* ---- Statistics (RunningStatistics, QuantileHistogram, TallyBank, TimeWeightedStatistic) --- */

/* RunningStatistics: count, Welford mean and sum of squares, minimum, maximum. */
typedef struct {
    long n;
    double mean, sum_squares, min, max;
} tally;

enum { SUB_BUCKET_BITS = 7, LOWEST_EXPONENT = -8, END_EXPONENT = 24,
       BUCKETS = (END_EXPONENT - LOWEST_EXPONENT) * (1 << SUB_BUCKET_BITS) + 2 };

static inline int bucket_of(double value) {
    if (!(value >= 0x1p-8)) return 0;
    if (!(value < 0x1p24)) return BUCKETS - 1;
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
    int sub = (int)(bits >> (52 - SUB_BUCKET_BITS)) & ((1 << SUB_BUCKET_BITS) - 1);
    return 1 + ((exponent - LOWEST_EXPONENT) << SUB_BUCKET_BITS) + sub;
}

static inline void tally_add(tally *t, double value) {
    t->n += 1;
    double delta = value - t->mean;
    t->mean += delta / (double)t->n;
    t->sum_squares += delta * (value - t->mean);
    t->min = value < t->min ? value : t->min;
    t->max = value > t->max ? value : t->max;
}

static double tally_mean(const tally *t) { return t->n > 0 ? t->mean : NAN; }

/* RunningStatistics.merge (Chan, Golub and LeVeque), as TallyBank.mergedStatistics folds it. */
static void tally_merge(tally *into, const tally *other) {
    if (other->n == 0) return;
    if (into->n == 0) {
        *into = *other;
        return;
    }
    const double total = (double)(into->n + other->n);
    const double delta = other->mean - into->mean;
    into->mean += delta * (double)other->n / total;
    into->sum_squares += other->sum_squares + delta * delta * (double)into->n * (double)other->n / total;
    into->n += other->n;
    into->min = other->min < into->min ? other->min : into->min;
    into->max = other->max > into->max ? other->max : into->max;
}

static double bucket_lower_bound(int bucket) {
    int i = bucket - 1;
    return ldexp(1 + (double)(i & ((1 << SUB_BUCKET_BITS) - 1)) / (1 << SUB_BUCKET_BITS),
                 (i >> SUB_BUCKET_BITS) + LOWEST_EXPONENT);
}

/* QuantileHistogram.quantile(p, minimum:, maximum:). */
static double histogram_quantile(const uint32_t *histogram, double p, double min, double max) {
    long total = 0;
    for (int b = 0; b < BUCKETS; b++) total += histogram[b];
    if (total == 0) return NAN;
    double rank = p * (double)total, below = 0;
    for (int b = 0; b < BUCKETS; b++) {
        double in_bucket = (double)histogram[b];
        if (!(in_bucket > 0 && below + in_bucket >= rank)) {
            below += in_bucket;
            continue;
        }
        double estimate;
        if (b == 0) {
            estimate = min;
        } else if (b == BUCKETS - 1) {
            estimate = max;
        } else {
            double low = bucket_lower_bound(b), high = bucket_lower_bound(b + 1);
            double excess = rank - below;
            estimate = low + (high - low) * (excess > 0 ? excess : 0) / in_bucket;
        }
        estimate = estimate > min ? estimate : min;
        return estimate < max ? estimate : max;
    }
    return max;
}

/* The tallies of ReplicationMetrics.Layout for one priority, one zone, two call types and two
 * responder types: wait, travel, response, on scene; response by priority, by zone; wait by call
 * type; response by call type, by responder type; then wait, travel and response per cell of
 * responder type x priority x zone (cell (responder * PRIORITIES + priority) * ZONES + zone). */
enum { T_WAIT, T_TRAVEL, T_RESPONSE, T_ON_SCENE, T_RESPONSE_PRIORITY, T_RESPONSE_ZONE = T_RESPONSE_PRIORITY + PRIORITIES,
       T_WAIT_TYPE = T_RESPONSE_ZONE + ZONES, T_RESPONSE_TYPE = T_WAIT_TYPE + CALL_TYPES,
       T_RESPONSE_RESPONDER = T_RESPONSE_TYPE + CALL_TYPES, T_CELLS = T_RESPONSE_RESPONDER + RESPONDERS,
       CELLS = RESPONDERS * PRIORITIES * ZONES, TALLIES = T_CELLS + 3 * CELLS };

static inline int cell_of(int responder, int priority, int zone) {
    return (responder * PRIORITIES + priority) * ZONES + zone;
}

/* The histograms, in TallyBank's order (tally order): the tallies whose quantiles the results
 * read (wait: p90; response, by priority, by zone: p50 and p90; by call type: p90; each cell's
 * wait and response: p50 and p90), as ReplicationMetrics asks. Travel, on scene, wait by type,
 * response by responder type and cell travel keep none. */
enum { H_WAIT, H_RESPONSE, H_RESPONSE_PRIORITY, H_RESPONSE_ZONE = H_RESPONSE_PRIORITY + PRIORITIES,
       H_RESPONSE_TYPE = H_RESPONSE_ZONE + ZONES, H_CELLS = H_RESPONSE_TYPE + CALL_TYPES,
       HISTOGRAMS = H_CELLS + 2 * CELLS };
/* Per tally: its histogram (-1: none), and whether its median is read (else only p90). Filled by
 * make_layout. */
static int tally_histogram[TALLIES], keeps_p50[TALLIES];

static void make_layout(void) {
    for (int i = 0; i < TALLIES; i++) tally_histogram[i] = -1, keeps_p50[i] = 0;
    tally_histogram[T_WAIT] = H_WAIT;
    tally_histogram[T_RESPONSE] = H_RESPONSE, keeps_p50[T_RESPONSE] = 1;
    for (int p = 0; p < PRIORITIES; p++)
        tally_histogram[T_RESPONSE_PRIORITY + p] = H_RESPONSE_PRIORITY + p, keeps_p50[T_RESPONSE_PRIORITY + p] = 1;
    for (int z = 0; z < ZONES; z++)
        tally_histogram[T_RESPONSE_ZONE + z] = H_RESPONSE_ZONE + z, keeps_p50[T_RESPONSE_ZONE + z] = 1;
    for (int t = 0; t < CALL_TYPES; t++) tally_histogram[T_RESPONSE_TYPE + t] = H_RESPONSE_TYPE + t;
    for (int c = 0; c < CELLS; c++) {
        tally_histogram[T_CELLS + 3 * c] = H_CELLS + 2 * c, keeps_p50[T_CELLS + 3 * c] = 1;
        tally_histogram[T_CELLS + 3 * c + 2] = H_CELLS + 2 * c + 1, keeps_p50[T_CELLS + 3 * c + 2] = 1;
    }
}

/* The crisis funnel's counts, per hour of day of the call's arrival (FunnelCount, in order). */
enum { F_CALLS, F_CODED, F_ROUTED, F_REACHED, F_NOT_CODED, F_NOT_ELIGIBLE, F_OUTSIDE_HOURS, F_NO_TEAM_FREE,
       F_TOO_FAR, F_FELL_BACK, F_NEVER_ANSWERED, FUNNEL };
static const char *const funnel_column[FUNNEL] = {
    "crisis_calls", "coded", "routed", "reached", "not_coded", "not_eligible", "outside_hours", "no_team_free",
    "too_far", "fell_back_to_police", "never_answered"};

/* The hour of day (0-23) of a time in minutes, as ReplicationMetrics.funnelBase reads it. */
static inline int hour_of_day(double minutes) { return (int)((long)(minutes / 60) % 24); }

/* The time average of the number of calls waiting (TimeWeightedStatistic, window from 0). */
typedef struct { double value, last_change, area, lowest, highest; } time_weighted;

static inline void time_weighted_update(time_weighted *w, double value, double time) {
    if (time > 0) w->area += w->value * (time - (w->last_change > 0 ? w->last_change : 0));
    w->lowest = value < w->lowest ? value : w->lowest;
    w->highest = value > w->highest ? value : w->highest;
    w->value = value;
    w->last_change = time;
}

/* ---- One replication ----------------------------------------------------------------------- */

/* A pending unit-free event, as a 128-bit key that orders as the engine's (time, priority,
 * sequence) for these events (all of priority 0): the bits of the time in the high half (event
 * times are > 0, and the bits of a positive double order as its value), then the scheduling
 * sequence, then the unit in the low 8 bits. Compared as one 128-bit integer, as DispatchSim's heap
 * compares its entries: no floating-point compare, no branch. (unsigned __int128: GCC and Clang
 * on 64-bit targets.) */
__extension__ typedef unsigned __int128 free_event;

enum { ARITY = 4 }; /* children per heap node, as in DispatchSim */

static inline free_event make_event(double time, uint64_t sequence, int unit) {
    uint64_t bits;
    memcpy(&bits, &time, sizeof bits);
    return (free_event)bits << 64 | (free_event)(sequence << 8 | (uint64_t)unit);
}

static inline double event_time(free_event e) {
    const uint64_t bits = (uint64_t)(e >> 64);
    double t;
    memcpy(&t, &bits, sizeof t);
    return t;
}

static inline int event_unit(free_event e) { return (int)(e & 0xFF); }

static inline void heap_rise(free_event *heap, int hole, free_event e) {
    while (hole > 0 && e < heap[(hole - 1) / ARITY]) {
        heap[hole] = heap[(hole - 1) / ARITY];
        hole = (hole - 1) / ARITY;
    }
    heap[hole] = e;
}

/* Removes the first event: the hole at the root moves down along the earliest children to a leaf,
 * and the last entry fills it and rises (bottom-up, as DispatchSim's heap). */
static inline void heap_remove_first(free_event *heap, int *count) {
    const int n = --*count;
    if (n == 0) return;
    int hole = 0;
    for (;;) {
        const int first = ARITY * hole + 1;
        if (first >= n) break;
        const int end = first + ARITY < n ? first + ARITY : n;
        int best = first;
        for (int c = first + 1; c < end; c++) best = heap[c] < heap[best] ? c : best;
        heap[hole] = heap[best];
        hole = best;
    }
    heap_rise(heap, hole, heap[n]);
}

typedef struct {
    double arrival;
    uint64_t sequence; /* of the waiting call in this slot; a queue entry with another is stale */
    int type, zone, live;
    int hour;          /* a crisis call's hour of day of arrival (its row of the crisis funnel) */
} waiting_call;

typedef struct {
    int32_t *slot;
    uint64_t *sequence;
    size_t head, count, capacity; /* ring, capacity a power of two */
} fifo;

typedef struct {
    /* per call type, zone, priority, responder and unit: what the result tables print */
    long calls, calls_by_type[CALL_TYPES], calls_by_zone[ZONES];
    long calls_by_priority[PRIORITIES], no_unit_free_by_priority[PRIORITIES];
    long funnel[24][FUNNEL], crisis_by_police;
    long delayed, dispositions_resolved, handled[CALL_TYPES][RESPONDERS], waiting_at_end;
    long unit_dispatches[UNITS], unit_zone_dispatches[UNITS][ZONES];
    double expected_resolved; /* ExpectedOutcomes.resolvedOnScene: 1 per dispatch (no outcome model) */
    double unit_busy[UNITS];
    tally t[TALLIES];
    /* the quantiles each tally keeps (NaN for the others), read when the replication ends */
    double p50[TALLIES], p90[TALLIES];
    /* wait and travel by priority (over the cells of every responder type and zone; the wait with
     * its median and 90th percentile) and by responder type (over its cells), as
     * ReplicationMetrics.result merges them */
    tally wait_by_priority[PRIORITIES], travel_by_priority[PRIORITIES];
    double wait_by_priority_p50[PRIORITIES], wait_by_priority_p90[PRIORITIES];
    tally wait_by_responder[RESPONDERS], travel_by_responder[RESPONDERS];
    double mean_calls_waiting;
    long events;
} replication_result;

/* Everything a replication needs, allocated once and reused. */
typedef struct {
    uint32_t *histograms; /* HISTOGRAMS x BUCKETS */
    uint32_t *merged;     /* BUCKETS: histograms merged when the replication ends */
    free_event *heap;
    waiting_call *waiting;
    int32_t *free_slots;
    size_t waiting_capacity, free_slot_count;
    fifo queue[RESPONDERS];
} workspace;

static void *grow(void *p, size_t count, size_t size) {
    void *q = realloc(p, count * size);
    if (q == NULL) {
        fprintf(stderr, "reference_loop: out of memory\n");
        exit(1);
    }
    return q;
}

static void fifo_push(fifo *q, int32_t slot, uint64_t sequence) {
    if (q->count == q->capacity) {
        size_t capacity = q->capacity ? 2 * q->capacity : 64;
        int32_t *slots = grow(NULL, capacity, sizeof *slots);
        uint64_t *sequences = grow(NULL, capacity, sizeof *sequences);
        for (size_t i = 0; i < q->count; i++) {
            slots[i] = q->slot[(q->head + i) & (q->capacity - 1)];
            sequences[i] = q->sequence[(q->head + i) & (q->capacity - 1)];
        }
        free(q->slot);
        free(q->sequence);
        q->slot = slots;
        q->sequence = sequences;
        q->head = 0;
        q->capacity = capacity;
    }
    size_t at = (q->head + q->count) & (q->capacity - 1);
    q->slot[at] = slot;
    q->sequence[at] = sequence;
    q->count += 1;
}

static void run_replication(uint64_t seed, int replication, double horizon, workspace *w,
                            replication_result *out) {
    /* Streams (purposes 0-3; DispatchSim also makes 4-7, which this scenario never draws from). */
    gsl_rng *arrival_rng = new_stream(seed, PURPOSE_ARRIVALS, replication);
    gsl_rng *attribute_rng = new_stream(seed, PURPOSE_ATTRIBUTES, replication);
    gsl_rng *travel_rng = new_stream(seed, PURPOSE_TRAVEL, replication);
    gsl_rng *on_scene_rng = new_stream(seed, PURPOSE_ON_SCENE, replication);
    double shares[CALL_TYPES] = {type_share[0], type_share[1]}, zones[ZONES] = {zone_share};
    gsl_ran_discrete_t *type_choice = gsl_ran_discrete_preproc(CALL_TYPES, shares);
    gsl_ran_discrete_t *zone_choice = gsl_ran_discrete_preproc(ZONES, zones);
    /* Distribution.lognormal(mean:sd:), ArrivalProcess: computed at run time, as DispatchSim does. */
    const double mean = travel_mean, sd = travel_sd;
    const double sigma2 = log1p((sd * sd) / (mean * mean));
    const double zeta = log(mean) - sigma2 / 2, sigma = sqrt(sigma2);
    const double mean_gap = 1 / (calls_per_hour / 60);

    replication_result *r = out;
    memset(r, 0, sizeof *r);
    uint32_t *const histograms = w->histograms;
    memset(histograms, 0, sizeof(uint32_t) * BUCKETS * HISTOGRAMS);
    for (int i = 0; i < TALLIES; i++) r->t[i].min = INFINITY, r->t[i].max = -INFINITY;
    time_weighted waiting_calls = {0, 0, 0, 0, 0};

    /* Units: free flags as one bit mask per responder type (lowest free unit = lowest set bit). */
    uint64_t free_mask[RESPONDERS] = {(1ULL << POLICE_UNITS) - 1, ((1ULL << CRISIS_UNITS) - 1) << POLICE_UNITS};
    int unit_free[UNITS];
    double busy_since[UNITS];
    for (int u = 0; u < UNITS; u++) unit_free[u] = 1, busy_since[u] = 0;

    free_event *heap = w->heap;
    int heap_count = 0;
    uint64_t next_event_sequence = 1;
    long waiting_count = 0;
    uint64_t next_waiting_sequence = 0;
    w->free_slot_count = 0;
    size_t waiting_used = 0;
    for (int q = 0; q < RESPONDERS; q++) w->queue[q].head = w->queue[q].count = 0;

    double now = 0;
    double next_arrival = now + gsl_ran_exponential(arrival_rng, mean_gap);
    int arrival_pending = next_arrival <= horizon;
    next_event_sequence++;

    /* Dispatches unit u to a call of `type` in `zone` that arrived at `arrival` (a crisis call: in
     * hour of day `hour`): DispatchModel.dispatch and serve, then ReplicationMetrics.recordDispatch.
     * Each value's histogram bucket is found once and counted in each histogram that keeps it. */
#define DISPATCH(u_, type_, zone_, arrival_, hour_)                                                  \
    do {                                                                                             \
        const int du = (u_), dtype = (type_), dzone = (zone_), dhour = (hour_);                      \
        const double darrival = (arrival_);                                                          \
        const int dresponder = du < POLICE_UNITS ? POLICE : CRISIS;                                  \
        const int dpriority = priority_index[dtype];                                                 \
        double travel = 0.0 + exp(zeta + gsl_ran_gaussian_ziggurat(travel_rng, sigma));              \
        unit_free[du] = 0;                                                                           \
        busy_since[du] = now;                                                                        \
        double on_scene = gsl_ran_exponential(on_scene_rng, on_scene_mean[dtype][dresponder]);       \
        double busy = travel + on_scene + 0.0;                                                       \
        const free_event e = make_event(now + busy, next_event_sequence++, du);                       \
        heap_rise(heap, heap_count++, e);                                                            \
        /* a crisis call answered by police: why no crisis response (Router.crisisMiss; no       */  \
        /* fallback): a crisis team free that may not take it, else none free                    */  \
        if (dtype == MENTAL_HEALTH && dresponder != CRISIS)                                          \
            r->funnel[dhour][free_mask[CRISIS] != 0 ? F_TOO_FAR : F_NO_TEAM_FREE] += 1;              \
        r->unit_dispatches[du] += 1;                                                                 \
        double wait = now - darrival, response = wait + travel;                                      \
        if (dtype == MENTAL_HEALTH) {                                                                \
            if (dresponder == CRISIS) r->funnel[dhour][F_REACHED] += 1; else r->crisis_by_police += 1; \
        }                                                                                            \
        r->expected_resolved += 1;                                                                   \
        if (wait > 0) r->delayed += 1;                                                               \
        r->dispositions_resolved += 1;                                                               \
        r->handled[dtype][dresponder] += 1;                                                          \
        r->unit_zone_dispatches[du][dzone] += 1;                                                     \
        const int wb = bucket_of(wait), rb = bucket_of(response);                                    \
        const int dcell = cell_of(dresponder, dpriority, dzone);                                     \
        tally_add(&r->t[T_WAIT], wait);                                                              \
        histograms[H_WAIT * BUCKETS + wb] += 1;                                                      \
        tally_add(&r->t[T_TRAVEL], travel);                                                          \
        tally_add(&r->t[T_RESPONSE], response);                                                      \
        histograms[H_RESPONSE * BUCKETS + rb] += 1;                                                  \
        tally_add(&r->t[T_ON_SCENE], on_scene);                                                      \
        tally_add(&r->t[T_RESPONSE_PRIORITY + dpriority], response);                                 \
        histograms[(H_RESPONSE_PRIORITY + dpriority) * BUCKETS + rb] += 1;                           \
        tally_add(&r->t[T_RESPONSE_ZONE + dzone], response);                                         \
        histograms[(H_RESPONSE_ZONE + dzone) * BUCKETS + rb] += 1;                                   \
        tally_add(&r->t[T_WAIT_TYPE + dtype], wait);                                                 \
        tally_add(&r->t[T_RESPONSE_TYPE + dtype], response);                                         \
        histograms[(H_RESPONSE_TYPE + dtype) * BUCKETS + rb] += 1;                                   \
        tally_add(&r->t[T_RESPONSE_RESPONDER + dresponder], response);                               \
        tally_add(&r->t[T_CELLS + 3 * dcell], wait);                                                 \
        histograms[(H_CELLS + 2 * dcell) * BUCKETS + wb] += 1;                                       \
        tally_add(&r->t[T_CELLS + 3 * dcell + 1], travel);                                           \
        tally_add(&r->t[T_CELLS + 3 * dcell + 2], response);                                         \
        histograms[(H_CELLS + 2 * dcell + 1) * BUCKETS + rb] += 1;                                   \
    } while (0)

    for (;;) {
        /* The first event: a unit leaving a scene precedes an arrival at the same time. */
        if (arrival_pending && (heap_count == 0 || next_arrival < event_time(heap[0]))) {
            /* ---- a call arrives ---- */
            now = next_arrival;
            r->events += 1;
            const int type = (int)gsl_ran_discrete(attribute_rng, type_choice);
            const int zone = (int)gsl_ran_discrete(attribute_rng, zone_choice);
            next_arrival = now + gsl_ran_exponential(arrival_rng, mean_gap);
            arrival_pending = next_arrival <= horizon;
            next_event_sequence++;
            /* the first eligible type with a free unit: police; crisis team, then police */
            uint64_t found = 0;
            if (type == MENTAL_HEALTH) found = free_mask[CRISIS];
            if (found == 0) found = free_mask[POLICE];
            /* recordArrival: by priority (and whether no unit of its types was free), type, zone;
             * a crisis call (coded as itself, a crisis type; its crisis team type has units on
             * duty: routed) in the funnel of its hour of day */
            const int priority = priority_index[type];
            r->calls += 1;
            r->calls_by_priority[priority] += 1;
            if (found == 0) r->no_unit_free_by_priority[priority] += 1;
            r->calls_by_type[type] += 1;
            r->calls_by_zone[zone] += 1;
            int hour = 0;
            if (type == MENTAL_HEALTH) {
                hour = hour_of_day(now);
                r->funnel[hour][F_CALLS] += 1, r->funnel[hour][F_CODED] += 1, r->funnel[hour][F_ROUTED] += 1;
            }
            if (found != 0) {
                const int u = __builtin_ctzll(found);
                free_mask[u < POLICE_UNITS ? POLICE : CRISIS] &= ~(1ULL << u);
                DISPATCH(u, type, zone, now, hour);
                continue;
            }
            /* no unit free: the call waits in the queue of each eligible type */
            waiting_count += 1;
            time_weighted_update(&waiting_calls, (double)waiting_count, now);
            int32_t slot;
            if (w->free_slot_count > 0) {
                slot = w->free_slots[--w->free_slot_count];
            } else {
                if (waiting_used == w->waiting_capacity) {
                    w->waiting_capacity = w->waiting_capacity ? 2 * w->waiting_capacity : 256;
                    w->waiting = grow(w->waiting, w->waiting_capacity, sizeof *w->waiting);
                    w->free_slots = grow(w->free_slots, w->waiting_capacity, sizeof *w->free_slots);
                }
                slot = (int32_t)waiting_used++;
            }
            const uint64_t sequence = next_waiting_sequence++;
            w->waiting[slot] = (waiting_call){now, sequence, type, zone, 1, hour};
            if (type == MENTAL_HEALTH) fifo_push(&w->queue[CRISIS], slot, sequence);
            fifo_push(&w->queue[POLICE], slot, sequence);
        } else if (heap_count > 0 && event_time(heap[0]) <= horizon) {
            /* ---- a unit leaves the scene ---- */
            now = event_time(heap[0]);
            const int u = event_unit(heap[0]), responder = u < POLICE_UNITS ? POLICE : CRISIS;
            heap_remove_first(heap, &heap_count);
            r->events += 1;
            if (now > busy_since[u]) r->unit_busy[u] += now - busy_since[u];
            unit_free[u] = 1;
            /* take the first live call in the queue of the unit's type */
            fifo *q = &w->queue[responder];
            int took = 0;
            while (q->count > 0) {
                const int32_t slot = q->slot[q->head];
                const uint64_t sequence = q->sequence[q->head];
                q->head = (q->head + 1) & (q->capacity - 1);
                q->count -= 1;
                waiting_call *c = &w->waiting[slot];
                if (!c->live || c->sequence != sequence) continue;
                c->live = 0;
                w->free_slots[w->free_slot_count++] = slot;
                waiting_count -= 1;
                time_weighted_update(&waiting_calls, (double)waiting_count, now);
                DISPATCH(u, c->type, c->zone, c->arrival, c->hour);
                took = 1;
                break;
            }
            if (!took) free_mask[responder] |= 1ULL << u;
        } else {
            break;
        }
    }
#undef DISPATCH

    /* DispatchModel.finish(at:): busy time of units still busy; calls still waiting, and the
     * crisis calls among them in the funnel (never answered). */
    for (int u = 0; u < UNITS; u++)
        if (!unit_free[u] && horizon > busy_since[u]) r->unit_busy[u] += horizon - busy_since[u];
    for (size_t s = 0; s < waiting_used; s++) {
        const waiting_call *c = &w->waiting[s];
        if (!c->live) continue;
        r->waiting_at_end += 1;
        if (c->type == MENTAL_HEALTH) r->funnel[c->hour][F_NEVER_ANSWERED] += 1;
    }
    time_weighted_update(&waiting_calls, (double)waiting_count, horizon);
    r->mean_calls_waiting = horizon > 0
        ? (waiting_calls.area + waiting_calls.value * (horizon - (waiting_calls.last_change > 0 ? waiting_calls.last_change : 0))) / horizon
        : NAN;

    /* ReplicationMetrics.result: the summaries of the tallies, quantiles read from the histograms;
     * wait and travel by priority and by responder type merged from the cells they cover, in
     * DispatchSim's order, the wait's median and 90th percentile read from the sum of the cells'
     * histograms. */
    for (int i = 0; i < TALLIES; i++) {
        const int h = tally_histogram[i];
        const uint32_t *histogram = histograms + (size_t)(h < 0 ? 0 : h) * BUCKETS;
        r->p50[i] = h >= 0 && keeps_p50[i] ? histogram_quantile(histogram, 0.5, r->t[i].min, r->t[i].max) : NAN;
        r->p90[i] = h >= 0 ? histogram_quantile(histogram, 0.9, r->t[i].min, r->t[i].max) : NAN;
    }
    const tally empty = {0, 0, 0, INFINITY, -INFINITY};
    for (int p = 0; p < PRIORITIES; p++) {
        tally wait = empty, travel = empty;
        memset(w->merged, 0, sizeof(uint32_t) * BUCKETS);
        for (int k = 0; k < RESPONDERS; k++)
            for (int z = 0; z < ZONES; z++) {
                const int c = cell_of(k, p, z);
                tally_merge(&wait, &r->t[T_CELLS + 3 * c]);
                tally_merge(&travel, &r->t[T_CELLS + 3 * c + 1]);
                const uint32_t *histogram = histograms + (size_t)(H_CELLS + 2 * c) * BUCKETS;
                for (int b = 0; b < BUCKETS; b++) w->merged[b] += histogram[b];
            }
        r->wait_by_priority[p] = wait;
        r->travel_by_priority[p] = travel;
        r->wait_by_priority_p50[p] = histogram_quantile(w->merged, 0.5, wait.min, wait.max);
        r->wait_by_priority_p90[p] = histogram_quantile(w->merged, 0.9, wait.min, wait.max);
    }
    for (int k = 0; k < RESPONDERS; k++) {
        tally wait = empty, travel = empty;
        for (int p = 0; p < PRIORITIES; p++)
            for (int z = 0; z < ZONES; z++) {
                const int c = cell_of(k, p, z);
                tally_merge(&wait, &r->t[T_CELLS + 3 * c]);
                tally_merge(&travel, &r->t[T_CELLS + 3 * c + 1]);
            }
        r->wait_by_responder[k] = wait;
        r->travel_by_responder[k] = travel;
    }

    gsl_ran_discrete_free(type_choice);
    gsl_ran_discrete_free(zone_choice);
    gsl_rng_free(arrival_rng);
    gsl_rng_free(attribute_rng);
    gsl_rng_free(travel_rng);
    gsl_rng_free(on_scene_rng);
}

/* ---- Output: numbers as DispatchSim's CSVTable prints them ---------------------------------- */


/* CSVValue.number: empty for NaN, an integer when integral and below 1e15, else Swift's form. */
static void put_number(FILE *f, double x) {
    char text[64];
    if (isnan(x)) return;
    if (x == round(x) && fabs(x) < 1e15) {
        fprintf(f, "%lld", (long long)x);
        return;
    }
    swift_description(x, text);
    fputs(text, f);
}

static void put_numbers(FILE *f, const double *values, int count) {
    for (int i = 0; i < count; i++) {
        fputc(',', f);
        put_number(f, values[i]);
    }
}

/* One summary row: its metric columns' names and values, in summary.csv's order. */
enum { MAX_METRICS = 128 };
typedef struct {
    int count;
    char name[MAX_METRICS][64];
    double value[MAX_METRICS];
} summary_row;

static void metric(summary_row *s, double value, const char *format, ...) __attribute__((format(printf, 3, 4)));

static void metric(summary_row *s, double value, const char *format, ...) {
    if (s->count == MAX_METRICS) {
        fprintf(stderr, "reference_loop: too many summary columns\n");
        exit(1);
    }
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(s->name[s->count], sizeof s->name[0], format, arguments);
    va_end(arguments);
    s->value[s->count++] = value;
}

/* ReplicationMetrics.result and MetricCatalogue's columns, for this scenario: its groups in order,
 * each for the items of its scope (priorities in use; responder types), by item or by metric as
 * the catalogue says. No priority has a response target, and there is no officer-initiated
 * activity, preemption, breaks or baseline: those groups have no columns. No outcomes, costs,
 * backups, repeats, coverage hours or warm-up: those columns are zero or empty, computed as
 * DispatchSim computes them from zero counts and prices. */
static void summary_metrics(const replication_result *r, double horizon, summary_row *s) {
    s->count = 0;
    const double observed = horizon - 0;
    /* busy time by responder type, in unit order; on duty: every unit, the whole horizon */
    double busy[RESPONDERS] = {0, 0}, activity[RESPONDERS] = {0, 0}, units[RESPONDERS] = {0, 0};
    for (int u = 0; u < UNITS; u++) {
        const int k = u < POLICE_UNITS ? POLICE : CRISIS;
        busy[k] += r->unit_busy[u];
        activity[k] += 0.0; /* no officer-initiated activity */
        units[k] += 1;
    }
    const double on_duty_minutes = horizon - 0 > 0 ? horizon - 0 : 0; /* per unit: no coverage hours */
    double officer_hours = 0.0, activity_hours = 0.0, officer_hours_on_duty = 0.0, officer_break_hours = 0.0;
    for (int k = 0; k < RESPONDERS; k++) {
        officer_hours = officer_hours + (responder_is_police[k] ? (busy[k] - activity[k]) / 60 : 0);
        activity_hours = activity_hours + (responder_is_police[k] ? activity[k] / 60 : 0);
    }
    for (int u = 0; u < UNITS; u++)
        if (responder_is_police[u < POLICE_UNITS ? POLICE : CRISIS]) {
            officer_hours_on_duty += on_duty_minutes / 60;
            officer_break_hours += 0.0 / 60; /* no breaks */
        }
    const double uncommitted = officer_hours_on_duty - officer_hours - activity_hours - officer_break_hours;
    /* costs: no prices in the scenario (cost per unit-hour, outcome costs, liabilities all 0) */
    const double cost_per_unit_hour = 0, price = 0, other_liability_per_year = 0;
    double operating = 0.0;
    for (int k = 0; k < RESPONDERS; k++) operating = operating + units[k] * on_duty_minutes / 60 * cost_per_unit_hour;
    const double expected_zero = 0.0; /* expected arrests, bookings, ED transports, ...: no outcome model */
    const double outcome_cost = expected_zero * price + expected_zero * price + expected_zero * price + expected_zero * price;
    const double liability_force = expected_zero * price, liability_arrest = expected_zero * price;
    const double liability_other = other_liability_per_year * observed / 525600;
    const double liability = liability_force + liability_arrest + liability_other;
    const double total_cost = operating + outcome_cost + liability;

    const tally *wait = &r->t[T_WAIT], *response = &r->t[T_RESPONSE];
    const long dispatched_count = wait->n;
    const double dispatched = (double)dispatched_count;
#define PER_DISPATCHED(x, scale) (dispatched_count > 0 ? (scale) * (x) / dispatched : NAN)
    long handled_by[RESPONDERS] = {0, 0};
    for (int t = 0; t < CALL_TYPES; t++)
        for (int k = 0; k < RESPONDERS; k++) handled_by[k] += r->handled[t][k];
    long funnel[FUNNEL] = {0};
    for (int c = 0; c < FUNNEL; c++)
        for (int h = 0; h < 24; h++) funnel[c] += r->funnel[h][c];
    /* zone means of the zones with dispatches: worst minus best, worst over best */
    double zone_max = NAN, zone_min = NAN;
    for (int z = 0; z < ZONES; z++) {
        const tally *t = &r->t[T_RESPONSE_ZONE + z];
        if (t->n == 0) continue;
        zone_max = isnan(zone_max) || t->mean > zone_max ? t->mean : zone_max;
        zone_min = isnan(zone_min) || t->mean < zone_min ? t->mean : zone_min;
    }
    static const char *const outcome[8] = {"arrests", "jail_bookings", "ed_transports", "referrals", "resolved_on_scene",
                                           "use_of_force", "civilian_injuries", "responder_injuries"};
    const double outcome_count[8] = {0, 0, 0, 0, (double)r->dispositions_resolved, 0, 0, 0};
    const double outcome_expected[8] = {0, 0, 0, 0, r->expected_resolved, 0, 0, 0};

    metric(s, (double)r->calls, "calls");
    metric(s, PER_DISPATCHED((double)r->delayed, 1), "share_delayed");
    metric(s, tally_mean(wait), "mean_wait_min");
    metric(s, tally_mean(response), "mean_response_min");
    metric(s, r->p50[T_RESPONSE], "p50_response_min");
    metric(s, r->p90[T_RESPONSE], "p90_response_min");
    for (int p = 0; p < PRIORITIES; p++) {
        const int i = T_RESPONSE_PRIORITY + p, k = priority_value[p];
        metric(s, (double)r->t[i].n, "p%d_dispatched", k);
        metric(s, tally_mean(&r->t[i]), "p%d_mean_response_min", k);
        metric(s, r->p50[i], "p%d_p50_response_min", k);
        metric(s, r->p90[i], "p%d_p90_response_min", k);
    }
    for (int k = 0; k < RESPONDERS; k++) metric(s, (double)handled_by[k], "calls_%s", responder_name[k]);
    for (int k = 0; k < RESPONDERS; k++) {
        const double on_duty = units[k] * on_duty_minutes;
        metric(s, units[k] > 0 && on_duty > 0 ? busy[k] / on_duty : NAN, "utilization_%s", responder_name[k]);
    }
    for (int k = 0; k < RESPONDERS; k++)
        metric(s, tally_mean(&r->t[T_RESPONSE_RESPONDER + k]), "mean_response_min_%s", responder_name[k]);
    for (int k = 0; k < RESPONDERS; k++) metric(s, tally_mean(&r->wait_by_responder[k]), "mean_wait_min_%s", responder_name[k]);
    for (int k = 0; k < RESPONDERS; k++)
        metric(s, tally_mean(&r->travel_by_responder[k]), "mean_travel_min_%s", responder_name[k]);
    metric(s, tally_mean(&r->t[T_TRAVEL]), "mean_travel_min");
    metric(s, tally_mean(&r->t[T_ON_SCENE]), "mean_on_scene_min");
    metric(s, r->mean_calls_waiting, "mean_calls_waiting");
    metric(s, (double)r->waiting_at_end, "calls_waiting_at_end");
    metric(s, 0, "repeat_calls");
    metric(s, r->calls > 0 ? 0.0 / (double)r->calls : NAN, "share_repeat");
    metric(s, (double)funnel[F_CALLS], "crisis_calls");
    metric(s, (double)funnel[F_CODED], "crisis_coded");
    metric(s, (double)funnel[F_ROUTED], "crisis_routed_to_crisis_response");
    metric(s, (double)funnel[F_REACHED], "crisis_reached_by_crisis_response");
    metric(s, (double)r->crisis_by_police, "crisis_handled_by_police");
    metric(s, 0, "crisis_needed_backup");
    for (int c = F_NOT_CODED; c < FUNNEL; c++) metric(s, (double)funnel[c], "crisis_%s", funnel_column[c]);
    metric(s, 0, "backup_requests");
    metric(s, NAN, "mean_backup_response_min");
    metric(s, 0, "additional_units_dispatched");
    metric(s, NAN, "mean_additional_unit_response_min");
    for (int o = 0; o < 8; o++) metric(s, outcome_count[o], "%s", outcome[o]);
    for (int o = 0; o < 8; o++) metric(s, PER_DISPATCHED(outcome_count[o], 1000), "%s_per_1000", outcome[o]);
    for (int o = 0; o < 8; o++) metric(s, outcome_expected[o], "expected_%s", outcome[o]);
    metric(s, officer_hours, "officer_hours_on_calls");
    metric(s, officer_hours * (525600 / observed) / hours_per_officer_year, "officer_fte_on_calls");
    metric(s, officer_hours_on_duty, "officer_hours_on_duty");
    metric(s, uncommitted, "uncommitted_officer_hours");
    metric(s, officer_hours_on_duty > 0 ? uncommitted / officer_hours_on_duty : NAN, "uncommitted_share");
    metric(s, uncommitted * (525600 / observed) / hours_per_officer_year, "uncommitted_officer_fte");
    metric(s, operating, "operating_cost_usd");
    metric(s, outcome_cost, "outcome_cost_usd");
    metric(s, liability_force, "liability_force_usd");
    metric(s, liability_arrest, "liability_arrest_usd");
    metric(s, liability_other, "liability_other_usd");
    metric(s, liability, "liability_usd");
    metric(s, total_cost, "total_cost_usd");
    metric(s, PER_DISPATCHED(total_cost, 1), "cost_per_call_usd");
    metric(s, zone_max - zone_min, "zone_response_spread_min");
    metric(s, zone_max / zone_min, "zone_response_ratio");
    for (int p = 0; p < PRIORITIES; p++)
        metric(s, r->calls_by_priority[p] > 0 ? (double)r->no_unit_free_by_priority[p] / (double)r->calls_by_priority[p] : NAN,
               "p%d_no_unit_free_share", priority_value[p]);
    for (int p = 0; p < PRIORITIES; p++)
        metric(s, tally_mean(&r->wait_by_priority[p]), "p%d_mean_wait_min", priority_value[p]);
    for (int p = 0; p < PRIORITIES; p++) metric(s, r->wait_by_priority_p50[p], "p%d_p50_wait_min", priority_value[p]);
    for (int p = 0; p < PRIORITIES; p++)
        metric(s, tally_mean(&r->travel_by_priority[p]), "p%d_mean_travel_min", priority_value[p]);
#undef PER_DISPATCHED
}

static void put_summary(FILE *f, int replications, uint64_t seed, double horizon, const replication_result *results) {
    static summary_row row;
    for (int i = 0; i < replications; i++) {
        summary_metrics(&results[i], horizon, &row);
        if (i == 0) {
            fputs("point,replication,seed", f);
            for (int c = 0; c < row.count; c++) fprintf(f, ",%s", row.name[c]);
            fputc('\n', f);
        }
        fprintf(f, "0,%d,%llu", i, (unsigned long long)seed);
        put_numbers(f, row.value, row.count);
        fputc('\n', f);
    }
}

static FILE *open_table(const char *dir, const char *name, const char *header) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "reference_loop: cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
    fputs(header, f);
    return f;
}

static void unit_name(int u, char *out, size_t size) {
    const int k = u < POLICE_UNITS ? POLICE : CRISIS;
    snprintf(out, size, "%s-city-%d", responder_name[k], u - unit_responder_first[k] + 1);
}

static void write_tables(const char *dir, int replications, double horizon, const replication_result *results) {
    FILE *types = open_table(dir, "by_call_type.csv",
                             "point,replication,call_type,priority,calls,dispatched,mean_wait_min,mean_response_min,"
                             "p90_response_min,fallback_eligible,handled_police,handled_crisis_team\n");
    FILE *zones = open_table(dir, "by_zone.csv", "point,replication,zone,calls,dispatched,mean_response_min,"
                                                 "p50_response_min,p90_response_min\n");
    FILE *units = open_table(dir, "by_unit.csv", "point,replication,unit,responder,home_zone,dispatches,utilization\n");
    FILE *unit_zones = open_table(dir, "unit_zone_dispatches.csv", "point,replication,unit,zone,dispatches\n");
    FILE *cells = open_table(dir, "response.csv", "point,replication,responder,priority,zone,dispatched,mean_wait_min,"
                                                  "p50_wait_min,p90_wait_min,mean_travel_min,mean_response_min,"
                                                  "p50_response_min,p90_response_min\n");
    FILE *funnel = open_table(dir, "crisis_funnel.csv", "point,replication,hour");
    for (int c = 0; c < FUNNEL; c++) fprintf(funnel, ",%s", funnel_column[c]);
    fputc('\n', funnel);
    char name[64];
    for (int i = 0; i < replications; i++) {
        const replication_result *r = &results[i];
        for (int u = 0; u < UNITS; u++) {
            unit_name(u, name, sizeof name);
            fprintf(units, "0,%d,%s,%s,city,%ld,", i, name, responder_name[u < POLICE_UNITS ? POLICE : CRISIS],
                    r->unit_dispatches[u]);
            put_number(units, horizon > 0 ? r->unit_busy[u] / horizon : NAN);
            fputc('\n', units);
            fprintf(unit_zones, "0,%d,%s,city,%ld\n", i, name, r->unit_zone_dispatches[u][0]);
        }
        for (int z = 0; z < ZONES; z++) {
            const tally *zone_response = &r->t[T_RESPONSE_ZONE + z];
            fprintf(zones, "0,%d,%s,%ld,%ld", i, zone_name[z], r->calls_by_zone[z], zone_response->n);
            double zv[3] = {tally_mean(zone_response), r->p50[T_RESPONSE_ZONE + z], r->p90[T_RESPONSE_ZONE + z]};
            put_numbers(zones, zv, 3);
            fputc('\n', zones);
        }
        for (int t = 0; t < CALL_TYPES; t++) {
            const tally *response = &r->t[T_RESPONSE_TYPE + t];
            fprintf(types, "0,%d,%s,%d,%ld,%ld", i, call_type_name[t], priority_value[priority_index[t]], r->calls_by_type[t],
                    response->n);
            double tv[3] = {tally_mean(&r->t[T_WAIT_TYPE + t]), tally_mean(response), r->p90[T_RESPONSE_TYPE + t]};
            put_numbers(types, tv, 3);
            fprintf(types, ",0,%ld,%ld\n", r->handled[t][POLICE], r->handled[t][CRISIS]);
        }
        for (int k = 0; k < RESPONDERS; k++)
            for (int p = 0; p < PRIORITIES; p++)
                for (int z = 0; z < ZONES; z++) {
                    const int first = T_CELLS + 3 * cell_of(k, p, z);
                    const tally *wait = &r->t[first], *travel = &r->t[first + 1], *response = &r->t[first + 2];
                    fprintf(cells, "0,%d,%s,%d,%s,%ld", i, responder_name[k], priority_value[p], zone_name[z], response->n);
                    double cv[7] = {tally_mean(wait), r->p50[first], r->p90[first], tally_mean(travel),
                                    tally_mean(response), r->p50[first + 2], r->p90[first + 2]};
                    put_numbers(cells, cv, 7);
                    fputc('\n', cells);
                }
        for (int h = 0; h < 24; h++) {
            fprintf(funnel, "0,%d,%d", i, h);
            for (int c = 0; c < FUNNEL; c++) fprintf(funnel, ",%ld", r->funnel[h][c]);
            fputc('\n', funnel);
        }
    }
    fclose(types);
    fclose(zones);
    fclose(units);
    fclose(unit_zones);
    fclose(cells);
    fclose(funnel);
}

/* ---- main ----------------------------------------------------------------------------------- */

static void usage(void) {
    fprintf(stderr, "usage: reference_loop [--replications R] [--seed S] [--days D] [--tables DIR]\n");
    exit(2);
}

int main(int argc, char **argv) {
    long replications = 20;
    unsigned long long seed = 1;
    double days = 365;
    const char *tables = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc) usage();
        char *end = NULL;
        errno = 0;
        if (strcmp(argv[i], "--replications") == 0) {
            replications = strtol(argv[++i], &end, 10);
            if (*end || replications < 1 || replications > 100000) usage();
        } else if (strcmp(argv[i], "--seed") == 0) {
            seed = strtoull(argv[++i], &end, 10);
            if (*end || errno) usage();
        } else if (strcmp(argv[i], "--days") == 0) {
            days = strtod(argv[++i], &end);
            if (*end || !(days >= 0 && days <= 36500)) usage();
        } else if (strcmp(argv[i], "--tables") == 0) {
            tables = argv[++i];
        } else {
            usage();
        }
    }
    gsl_set_error_handler_off();
    make_jumps();
    make_layout();
    const double horizon = days * 1440; /* YAMLValue.duration: number x minutes per day */

    workspace w = {0};
    w.histograms = grow(NULL, (size_t)BUCKETS * HISTOGRAMS, sizeof(uint32_t));
    w.merged = grow(NULL, BUCKETS, sizeof(uint32_t));
    w.heap = grow(NULL, UNITS, sizeof(free_event));
    replication_result *results = grow(NULL, (size_t)replications, sizeof *results);

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < replications; i++) run_replication(seed, i, horizon, &w, &results[i]);
    clock_gettime(CLOCK_MONOTONIC, &end);
    const double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;

    put_summary(stdout, (int)replications, seed, horizon, results);
    long calls = 0, events = 0;
    for (int i = 0; i < replications; i++) {
        calls += results[i].calls;
        events += results[i].events;
    }
    if (tables) write_tables(tables, (int)replications, horizon, results);
    fprintf(stderr, "reference_loop: %ld replications of %g days, %ld calls, %ld events, %.6f s, %.0f calls/s, "
                    "%.1f ns/call\n", replications, days, calls, events, seconds, (double)calls / seconds, 1e9 * seconds / (double)calls);
    return fflush(stdout) == 0 ? 0 : 1;
}
