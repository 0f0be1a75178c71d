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
 *     with a unit leaving a scene (priority 0) before an arrival (priority 4) at the same time and
 *     equal events in the order they were scheduled; arrivals at times <= the horizon, events run
 *     while their time <= the horizon;
 *   - routing: the lowest-numbered free unit of the first eligible type (police units 0-29, crisis
 *     teams 30-35); waiting calls in one FIFO per responder type (all calls have priority 1, so
 *     DispatchSim's queue order (priority, arrival, sequence) is arrival order), a mental-health
 *     call in both and taken by the first unit of either type;
 *   - statistics: the same ten tallies (Welford count, mean, sum of squares, minimum, maximum),
 *     eight records per dispatch, six log-linear histograms (QuantileHistogram: 128 buckets per
 *     power of two from 2^-8 to 2^24) read as DispatchSim reads them, the same counts, busy time
 *     per unit, and the time-average number of calls waiting updated at the same instants.
 *
 * Build and run (check.py does both and compares with dispatchsim):
 *
 *     cc -O2 -ffp-contract=off -I Sources/CGSL Benchmarks/limit/reference_loop.c \
 *         $(pkg-config --cflags --libs gsl) -o /tmp/reference_loop
 *     /tmp/reference_loop --replications 20 --seed 1 --days 365 > summary.csv
 *
 * Options: --replications R (default 20), --seed S (default 1), --days D (default 365),
 * --tables DIR (also write DIR/by_call_type.csv, by_zone.csv, by_unit.csv and
 * unit_zone_dispatches.csv, as dispatchsim does). summary.csv goes to standard output; the timing
 * of the simulation alone (wall seconds, calls, events, calls per second, ns per call) to standard
 * error, as one line starting with "reference_loop:".
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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "shim.h"

/* ---- The scenario (Benchmarks/reference-dispatch.yaml) ------------------------------------- */

enum { POLICE = 0, CRISIS = 1, RESPONDERS = 2 };
enum { POLICE_CALL = 0, MENTAL_HEALTH = 1, CALL_TYPES = 2 };
enum { POLICE_UNITS = 30, CRISIS_UNITS = 6, UNITS = POLICE_UNITS + CRISIS_UNITS, ZONES = 1 };
static const char *const responder_name[RESPONDERS] = {"police", "crisis_team"};
static const char *const call_type_name[CALL_TYPES] = {"police_call", "mental_health"};
static const int call_priority = 1;                        /* both types */
static const int unit_responder_first[RESPONDERS + 1] = {0, POLICE_UNITS, UNITS};
/* Inputs of runtime libm calls are read through volatile, so that the compiler does not fold
 * them with its own (correctly rounded) arithmetic where DispatchSim calls glibc at run time. */
static volatile double calls_per_hour = 30, type_share[CALL_TYPES] = {0.8, 0.2}, zone_share = 1;
static volatile double travel_mean = 8, travel_sd = 4;
/* Mean time on scene (min) by call type and responder type; 0: the type may not take the call. */
static const double on_scene_mean[CALL_TYPES][RESPONDERS] = {{45, 0}, {40, 60}};

/* ---- DispatchSim's streams (StreamSeeder.swift, MRG32k3a.swift) ---------------------------- */

enum { PURPOSE_ARRIVALS = 0, PURPOSE_ATTRIBUTES = 1, PURPOSE_TRAVEL = 2, PURPOSE_ON_SCENE = 3 };

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

static gsl_rng *new_stream(uint64_t seed, int purpose, int replication) {
    double state[6];
    stream_state(seed, (uint64_t)purpose, (uint64_t)replication, state);
    gsl_rng *r = gsl_rng_alloc(dsim_rng_type_mrg32k3a());
    if (r == NULL || dsim_mrg32k3a_set_state(r, state) != GSL_SUCCESS) {
        fprintf(stderr, "reference_loop: cannot make a stream\n");
        exit(1);
    }
    return r;
}

/* ---- Statistics (RunningStatistics, QuantileHistogram, TallyBank, TimeWeightedStatistic) --- */

typedef struct {
    long n;
    double mean, sum_squares, min, max;
    uint32_t *histogram; /* NULL: no quantiles kept */
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
    if (t->histogram) t->histogram[bucket_of(value)] += 1;
}

static double tally_mean(const tally *t) { return t->n > 0 ? t->mean : NAN; }

static double bucket_lower_bound(int bucket) {
    int i = bucket - 1;
    return ldexp(1 + (double)(i & ((1 << SUB_BUCKET_BITS) - 1)) / (1 << SUB_BUCKET_BITS),
                 (i >> SUB_BUCKET_BITS) + LOWEST_EXPONENT);
}

/* QuantileHistogram.quantile(p, minimum:, maximum:) over the tally's histogram. */
static double tally_quantile(const tally *t, double p) {
    long total = 0;
    for (int b = 0; b < BUCKETS; b++) total += t->histogram[b];
    if (total == 0) return NAN;
    double rank = p * (double)total, below = 0;
    for (int b = 0; b < BUCKETS; b++) {
        double in_bucket = (double)t->histogram[b];
        if (!(in_bucket > 0 && below + in_bucket >= rank)) {
            below += in_bucket;
            continue;
        }
        double estimate;
        if (b == 0) {
            estimate = t->min;
        } else if (b == BUCKETS - 1) {
            estimate = t->max;
        } else {
            double low = bucket_lower_bound(b), high = bucket_lower_bound(b + 1);
            double excess = rank - below;
            estimate = low + (high - low) * (excess > 0 ? excess : 0) / in_bucket;
        }
        estimate = estimate > t->min ? estimate : t->min;
        return estimate < t->max ? estimate : t->max;
    }
    return t->max;
}

/* The tallies of ReplicationMetrics.Layout for one priority, one zone and two call types. */
enum { T_WAIT, T_TRAVEL, T_RESPONSE, T_ON_SCENE, T_RESPONSE_P1, T_RESPONSE_ZONE, T_WAIT_TYPE,
       T_RESPONSE_TYPE = T_WAIT_TYPE + CALL_TYPES, TALLIES = T_RESPONSE_TYPE + CALL_TYPES };
/* Which tallies keep a histogram (wait: p90; response, by priority, by zone: p50 and p90; by call
 * type: p90), as ReplicationMetrics asks. */
static const int keeps_histogram[TALLIES] = {1, 0, 1, 0, 1, 1, 0, 0, 1, 1};
static const int keeps_p50[TALLIES] = {0, 0, 1, 0, 1, 1, 0, 0, 0, 0};

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
} waiting_call;

typedef struct {
    int32_t *slot;
    uint64_t *sequence;
    size_t head, count, capacity; /* ring, capacity a power of two */
} fifo;

typedef struct {
    /* per call type, zone, responder and unit: what the result tables print */
    long calls, calls_by_type[CALL_TYPES], calls_by_zone[ZONES];
    long crisis_true, crisis_coded, crisis_routed, crisis_reached, crisis_by_police;
    long delayed, dispositions_resolved, handled[CALL_TYPES][RESPONDERS], waiting_at_end;
    long unit_dispatches[UNITS], unit_zone_dispatches[UNITS][ZONES];
    double unit_busy[UNITS];
    tally t[TALLIES];
    /* the quantiles each tally keeps (NaN for the others), read when the replication ends */
    double p50[TALLIES], p90[TALLIES];
    double mean_calls_waiting;
    long events;
} replication_result;

/* Everything a replication needs, allocated once and reused. */
typedef struct {
    uint32_t *histograms;
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
    memset(w->histograms, 0, sizeof(uint32_t) * BUCKETS * 6);
    for (int i = 0, h = 0; i < TALLIES; i++) {
        r->t[i].min = INFINITY;
        r->t[i].max = -INFINITY;
        r->t[i].histogram = keeps_histogram[i] ? w->histograms + BUCKETS * h++ : NULL;
    }
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

    /* Dispatches unit u to a call of `type` in `zone` that arrived at `arrival`. */
#define DISPATCH(u_, type_, zone_, arrival_)                                                         \
    do {                                                                                             \
        const int du = (u_), dtype = (type_), dzone = (zone_);                                       \
        const double darrival = (arrival_);                                                          \
        const int dresponder = du < POLICE_UNITS ? POLICE : CRISIS;                                  \
        double travel = 0.0 + exp(zeta + gsl_ran_gaussian_ziggurat(travel_rng, sigma));              \
        unit_free[du] = 0;                                                                           \
        busy_since[du] = now;                                                                        \
        double on_scene = gsl_ran_exponential(on_scene_rng, on_scene_mean[dtype][dresponder]);       \
        double busy = travel + on_scene + 0.0;                                                       \
        const free_event e = make_event(now + busy, next_event_sequence++, du);                       \
        heap_rise(heap, heap_count++, e);                                                            \
        r->unit_dispatches[du] += 1;                                                                 \
        double wait = now - darrival, response = wait + travel;                                      \
        if (dtype == MENTAL_HEALTH) {                                                                \
            if (dresponder == CRISIS) r->crisis_reached += 1; else r->crisis_by_police += 1;         \
        }                                                                                            \
        if (wait > 0) r->delayed += 1;                                                               \
        r->dispositions_resolved += 1;                                                               \
        r->handled[dtype][dresponder] += 1;                                                          \
        r->unit_zone_dispatches[du][dzone] += 1;                                                     \
        tally_add(&r->t[T_WAIT], wait);                                                              \
        tally_add(&r->t[T_TRAVEL], travel);                                                          \
        tally_add(&r->t[T_RESPONSE], response);                                                      \
        tally_add(&r->t[T_ON_SCENE], on_scene);                                                      \
        tally_add(&r->t[T_RESPONSE_P1], response);                                                   \
        tally_add(&r->t[T_RESPONSE_ZONE + dzone], response);                                         \
        tally_add(&r->t[T_WAIT_TYPE + dtype], wait);                                                 \
        tally_add(&r->t[T_RESPONSE_TYPE + dtype], response);                                         \
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
            r->calls += 1;
            r->calls_by_type[type] += 1;
            r->calls_by_zone[zone] += 1;
            if (type == MENTAL_HEALTH) r->crisis_true += 1, r->crisis_coded += 1, r->crisis_routed += 1;
            /* the first eligible type with a free unit: police; crisis team, then police */
            uint64_t found = 0;
            if (type == MENTAL_HEALTH) found = free_mask[CRISIS];
            if (found == 0) found = free_mask[POLICE];
            if (found != 0) {
                const int u = __builtin_ctzll(found);
                free_mask[u < POLICE_UNITS ? POLICE : CRISIS] &= ~(1ULL << u);
                DISPATCH(u, type, zone, now);
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
            w->waiting[slot] = (waiting_call){now, sequence, type, zone, 1};
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
                DISPATCH(u, c->type, c->zone, c->arrival);
                took = 1;
                break;
            }
            if (!took) free_mask[responder] |= 1ULL << u;
        } else {
            break;
        }
    }
#undef DISPATCH

    /* DispatchModel.finish(at:): busy time of units still busy, calls still waiting. */
    for (int u = 0; u < UNITS; u++)
        if (!unit_free[u] && horizon > busy_since[u]) r->unit_busy[u] += horizon - busy_since[u];
    for (size_t s = 0; s < waiting_used; s++) r->waiting_at_end += w->waiting[s].live;
    time_weighted_update(&waiting_calls, (double)waiting_count, horizon);
    r->mean_calls_waiting = horizon > 0
        ? (waiting_calls.area + waiting_calls.value * (horizon - (waiting_calls.last_change > 0 ? waiting_calls.last_change : 0))) / horizon
        : NAN;

    /* ReplicationMetrics.result: the summaries of the tallies, quantiles read from the histograms. */
    for (int i = 0; i < TALLIES; i++) {
        r->p50[i] = keeps_p50[i] ? tally_quantile(&r->t[i], 0.5) : NAN;
        r->p90[i] = keeps_histogram[i] ? tally_quantile(&r->t[i], 0.9) : NAN;
        r->t[i].histogram = NULL; /* the workspace's, reused by the next replication */
    }

    gsl_ran_discrete_free(type_choice);
    gsl_ran_discrete_free(zone_choice);
    gsl_rng_free(arrival_rng);
    gsl_rng_free(attribute_rng);
    gsl_rng_free(travel_rng);
    gsl_rng_free(on_scene_rng);
}

/* ---- Output: numbers as DispatchSim's CSVTable prints them ---------------------------------- */

/* Whether m x 10^e reads back as x. */
static int reads_back(unsigned long long m, int e, double x) {
    char text[48];
    snprintf(text, sizeof text, "%llue%d", m, e);
    return strtod(text, NULL) == x;
}

/* Swift's Double.description for finite x != 0: the fewest significant digits that read back as x,
 * the closest to x among those (SwiftDtoa), in decimal notation unless the decimal exponent is
 * below -3 or |x| > 2^53 ("1.234e-05"). For each length the correctly rounded digits are the
 * closest; when they do not read back, their neighbour may still, which happens where the gap
 * below x is half the gap above (x a power of two): 2^-24 is 5.960464477539063e-08. */
static void swift_description(double x, char *out) {
    unsigned long long m = 0;
    int e = 0, found = 0;
    for (int precision = 1; precision <= 17 && !found; precision++) {
        char buffer[48];
        snprintf(buffer, sizeof buffer, "%.*e", precision - 1, fabs(x)); /* d.ddd...e+XX */
        m = 0;
        const char *p = buffer;
        for (; *p != 'e'; p++)
            if (*p != '.') m = 10 * m + (unsigned long long)(*p - '0');
        e = atoi(p + 1) - (precision - 1); /* |x| ~ m x 10^e */
        if (reads_back(m, e, fabs(x))) found = 1;
        else if (reads_back(m + 1, e, fabs(x))) m += 1, found = 1;
        else if (m > 1 && reads_back(m - 1, e, fabs(x))) m -= 1, found = 1;
    }
    while (m % 10 == 0 && m > 0) m /= 10, e += 1;
    char digits[24];
    const int count = snprintf(digits, sizeof digits, "%llu", m);
    const int exponent = e + count; /* |x| = 0.digits x 10^exponent */
    char *o = out;
    if (signbit(x)) *o++ = '-';
    if (exponent < -3 || fabs(x) > 0x1p53) {
        *o++ = digits[0];
        if (count > 1) {
            *o++ = '.';
            for (int i = 1; i < count; i++) *o++ = digits[i];
        }
        sprintf(o, "e%c%02d", exponent - 1 < 0 ? '-' : '+', abs(exponent - 1));
        return;
    }
    if (exponent <= 0) {
        *o++ = '0', *o++ = '.';
        for (int i = exponent; i < 0; i++) *o++ = '0';
        for (int i = 0; i < count; i++) *o++ = digits[i];
    } else if (exponent < count) {
        for (int i = 0; i < count; i++) {
            if (i == exponent) *o++ = '.';
            *o++ = digits[i];
        }
    } else {
        for (int i = 0; i < count; i++) *o++ = digits[i];
        for (int i = count; i < exponent; i++) *o++ = '0';
        *o++ = '.', *o++ = '0';
    }
    *o = '\0';
}

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

static const char *const summary_columns =
    "point,replication,seed,calls,share_delayed,mean_wait_min,mean_response_min,p50_response_min,"
    "p90_response_min,p1_dispatched,p1_mean_response_min,p1_p50_response_min,p1_p90_response_min,"
    "calls_police,calls_crisis_team,utilization_police,utilization_crisis_team,mean_travel_min,"
    "mean_on_scene_min,mean_calls_waiting,calls_waiting_at_end,repeat_calls,share_repeat,crisis_calls,"
    "crisis_coded,crisis_routed_to_crisis_response,crisis_reached_by_crisis_response,"
    "crisis_handled_by_police,crisis_needed_backup,backup_requests,mean_backup_response_min,"
    "additional_units_dispatched,mean_additional_unit_response_min,arrests,jail_bookings,ed_transports,"
    "referrals,resolved_on_scene,use_of_force,civilian_injuries,responder_injuries,arrests_per_1000,"
    "jail_bookings_per_1000,ed_transports_per_1000,referrals_per_1000,resolved_on_scene_per_1000,"
    "use_of_force_per_1000,civilian_injuries_per_1000,responder_injuries_per_1000,"
    "officer_hours_on_calls,officer_fte_on_calls,operating_cost_usd,outcome_cost_usd,liability_usd,"
    "total_cost_usd,cost_per_call_usd,zone_response_spread_min,zone_response_ratio";

/* ReplicationMetrics.result and ResultTables.summaryMetrics, for this scenario (no outcomes,
 * costs, backups, repeats, targets or coverage: those columns are zero or empty). */
static void put_summary_row(FILE *f, int replication, uint64_t seed, double horizon, const replication_result *r) {
    const double observed = horizon - 0, hours_per_officer_year = 2080;
    double busy[RESPONDERS] = {0, 0};
    for (int u = 0; u < UNITS; u++) busy[u < POLICE_UNITS ? POLICE : CRISIS] += r->unit_busy[u];
    double utilization[RESPONDERS];
    for (int k = 0; k < RESPONDERS; k++) {
        const double units = unit_responder_first[k + 1] - unit_responder_first[k], on_duty = horizon > 0 ? horizon : 0;
        utilization[k] = units > 0 && on_duty > 0 ? busy[k] / (units * on_duty) : NAN;
    }
    const double officer_hours = 0.0 + busy[POLICE] / 60 + 0;
    const tally *wait = &r->t[T_WAIT], *response = &r->t[T_RESPONSE], *p1 = &r->t[T_RESPONSE_P1];
    const double dispatched = (double)wait->n;
    const double zone_mean = tally_mean(&r->t[T_RESPONSE_ZONE]);
    const int any_zone = r->t[T_RESPONSE_ZONE].n > 0;
    const double resolved = (double)r->dispositions_resolved;
    double v[] = {
        (double)r->calls, wait->n > 0 ? (double)r->delayed / (double)wait->n : NAN, tally_mean(wait),
        tally_mean(response), r->p50[T_RESPONSE], r->p90[T_RESPONSE],
        (double)p1->n, tally_mean(p1), r->p50[T_RESPONSE_P1], r->p90[T_RESPONSE_P1],
        (double)(r->handled[POLICE_CALL][POLICE] + r->handled[MENTAL_HEALTH][POLICE]),
        (double)(r->handled[POLICE_CALL][CRISIS] + r->handled[MENTAL_HEALTH][CRISIS]),
        utilization[POLICE], utilization[CRISIS],
        tally_mean(&r->t[T_TRAVEL]), tally_mean(&r->t[T_ON_SCENE]), r->mean_calls_waiting,
        (double)r->waiting_at_end,
        0, r->calls > 0 ? 0.0 / (double)r->calls : NAN,                 /* repeat calls, share */
        (double)r->crisis_true, (double)r->crisis_coded, (double)r->crisis_routed,
        (double)r->crisis_reached, (double)r->crisis_by_police, 0, 0,  /* needed backup, requests */
        NAN, 0, NAN,                                                   /* backup, additional units */
        0, 0, 0, 0, resolved, 0, 0, 0,                                 /* outcome counts */
        dispatched > 0 ? 0 : NAN, dispatched > 0 ? 0 : NAN, dispatched > 0 ? 0 : NAN,
        dispatched > 0 ? 0 : NAN, dispatched > 0 ? 1000 * resolved / dispatched : NAN,
        dispatched > 0 ? 0 : NAN, dispatched > 0 ? 0 : NAN, dispatched > 0 ? 0 : NAN,
        officer_hours, officer_hours * (525600 / observed) / hours_per_officer_year,
        0, 0, 0, 0, dispatched > 0 ? 0 / dispatched : NAN,             /* costs */
        any_zone ? zone_mean - zone_mean : NAN, any_zone ? zone_mean / zone_mean : NAN,
    };
    fprintf(f, "0,%d,%llu", replication, (unsigned long long)seed);
    put_numbers(f, v, (int)(sizeof v / sizeof v[0]));
    fputc('\n', f);
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
        const tally *z = &r->t[T_RESPONSE_ZONE];
        fprintf(zones, "0,%d,city,%ld,%ld", i, r->calls_by_zone[0], z->n);
        double zv[3] = {tally_mean(z), r->p50[T_RESPONSE_ZONE], r->p90[T_RESPONSE_ZONE]};
        put_numbers(zones, zv, 3);
        fputc('\n', zones);
        for (int t = 0; t < CALL_TYPES; t++) {
            const tally *response = &r->t[T_RESPONSE_TYPE + t];
            fprintf(types, "0,%d,%s,%d,%ld,%ld", i, call_type_name[t], call_priority, r->calls_by_type[t], response->n);
            double tv[3] = {tally_mean(&r->t[T_WAIT_TYPE + t]), tally_mean(response), r->p90[T_RESPONSE_TYPE + t]};
            put_numbers(types, tv, 3);
            fprintf(types, ",0,%ld,%ld\n", r->handled[t][POLICE], r->handled[t][CRISIS]);
        }
    }
    fclose(types);
    fclose(zones);
    fclose(units);
    fclose(unit_zones);
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
    const double horizon = days * 1440; /* YAMLValue.duration: number x minutes per day */

    workspace w = {0};
    w.histograms = grow(NULL, (size_t)BUCKETS * 6, sizeof(uint32_t));
    w.heap = grow(NULL, UNITS, sizeof(free_event));
    replication_result *results = grow(NULL, (size_t)replications, sizeof *results);

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < replications; i++) run_replication(seed, i, horizon, &w, &results[i]);
    clock_gettime(CLOCK_MONOTONIC, &end);
    const double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;

    printf("%s\n", summary_columns);
    long calls = 0, events = 0;
    for (int i = 0; i < replications; i++) {
        put_summary_row(stdout, i, seed, horizon, &results[i]);
        calls += results[i].calls;
        events += results[i].events;
    }
    if (tables) write_tables(tables, (int)replications, horizon, results);
    fprintf(stderr, "reference_loop: %ld replications of %g days, %ld calls, %ld events, %.6f s, %.0f calls/s, "
                    "%.1f ns/call\n", replications, days, calls, events, seconds, (double)calls / seconds, 1e9 * seconds / (double)calls);
    return fflush(stdout) == 0 ? 0 : 1;
}
