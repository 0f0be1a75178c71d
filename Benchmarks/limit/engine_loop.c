/*
 * Benchmarks/limit/engine_loop.c: engine-bench's M/M/1 queue (Benchmarks/EngineBench/MM1.swift) in
 * C, twice in one program, drawing exactly engine-bench's random numbers:
 *
 *   hand  the hand-written loop (HandLoopQueue): the next arrival time, the next departure time
 *         and a FIFO ring of the waiting customers' arrival times;
 *   list  the same queue driven through a general future-event list (EngineQueue through
 *         Simulation): the model schedules events with schedule(list, payload, time, priority),
 *         and the loop removes the first event, sets the clock and hands the payload to the
 *         model's handler, as a generic engine does.
 *
 * Their ratio (events per second, list / hand) is the limit, in C, of what a general event list
 * costs over the specialised loop for this model: the bound for the engine's "at least 0.9x its
 * hand-written loop" target (README.md here).
 *
 * The list does the work of DispatchEngine's FutureEventList (Sources/DispatchEngine/
 * FutureEventList*.swift): events run in the total order (time, priority, sequence number), the
 * sequence number counting insertions from 1, so equal times and priorities run first scheduled
 * first and no tie is broken at random; any number of events may be pending (every buffer grows
 * by doubling); each event carries a payload (here the M/M/1's enum, any small value in general);
 * and every schedule returns a handle (slot, key) by which the event can be cancelled while it is
 * pending (fel_cancel; the M/M/1 never cancels). Cancellation is lazy, as the engine's: it frees
 * the slot at once and leaves the heap entry, whose key no longer matches its slot's, to be
 * dropped when it reaches the top; the heap is compacted when stale entries outnumber live ones.
 * The checks the engine makes on every schedule (time finite and not earlier than now, priority
 * in -32768...32767, fewer than 2^48 events) and every run step (the horizon) are made here too.
 * Not here: the engine's in-order lane (EngineQueue schedules through the heap, so its lane is
 * always empty; the engine pays one test of its count per event for it), the trace fingerprint,
 * the event limit and stop request (one predictable test each per event in the engine).
 *
 * The list's header and the model are locals of the run loop and every list operation is inlined
 * (HOT), so that the compiler keeps their fields in registers across the draws' calls; growth
 * takes and returns values, so that no address of them escapes. Without this (the list reached
 * through a pointer and fel_schedule called out of line), 271 instructions per event; with it,
 * 267 to 270 (the exact count moves by 1% with unrelated changes to the code around it).
 *
 * Designs tried, instructions per event by callgrind (300,000 minus 100,000 customers, over the
 * 400,000 extra events; GCC 12.2 -O2; `--variant hand`: 178.8):
 *
 *   kept: 4-ary heap, payload in the slot, bottom-up removal (the engine's design)    269.8
 *   -DFEL_ARITY=2: binary heap                                                      273.2
 *   -DFEL_PAYLOAD_IN_ENTRY=1: payload in the 24-byte entry, the slot only the key   279.5
 *   -DFEL_ARITY=2 -DFEL_PAYLOAD_IN_ENTRY=1                                          281.2
 *   -DFEL_TOP_DOWN=1: remove the root by sinking the last entry from the root       274.4
 *   -DFEL_ARITY=2 -DFEL_TOP_DOWN=1                                                  277.3
 *
 * and, no longer in this file: the time also stored as a double in a 32-byte entry, so that the
 * first event's time needs no decoding (266.3 against 267.6 for the kept design at the time:
 * -0.5%); deferred removal, where the run step leaves the removed event's entry at the root
 * and the next schedule sinks its new entry from there instead of removing and inserting (270.3
 * against 267.6: no gain, as this model never has more than two events pending); and a list
 * without slots, the payload in the entry and cancelled events in a hash set (255.7, -5%), which
 * is not the engine's work: telling a handle whose event has run from one still pending then
 * needs the last event run, and that test fails for an event scheduled at the current time with
 * a lower priority value than the event being run (it runs after it but orders before it), so
 * per-event state (a slot) is needed after all. In time (2,000,000 customers, 9 alternated
 * runs, medians): binary heap 3% slower, payload in the entry 2% slower, no slots 2% faster,
 * against run-to-run spreads of 10-20% on the shared host of README.md (2026-12-03); the
 * instruction counts decide.
 * `--check N` runs N random schedules, cancellations, pending queries and run steps (with ties,
 * three priorities, growth to 5,000 events and compaction) against a linear scan.
 *
 * Build (from the repository's root) and run:
 *
 *     cc -O2 -ffp-contract=off -I Sources/CGSL Benchmarks/limit/engine_loop.c \
 *         $(pkg-config --cflags --libs gsl) -o /tmp/engine_loop
 *     /tmp/engine_loop --variant hand --customers 2000000 --seed 20260101
 *     /tmp/engine_loop --variant list --customers 2000000 --seed 20260101
 *     /tmp/engine_loop --customers 2000000 --repeat 5
 *     /tmp/engine_loop --check 300000
 *
 * With --variant, one line as engine-bench's child prints it: `variant seconds events meanwait
 * peak_kB` (seconds: the simulation alone, CLOCK_MONOTONIC, from creating the streams to the
 * result, as engine-bench's; numbers printed as Swift prints a Double, so that the lines compare
 * as text). Without it, each variant runs --repeat times (default 5) in a child process of its
 * own (this executable, via /proc/self/exe), alternating which goes first, and the medians and
 * the ratio list / hand of events per second (ratio of medians, and median of the same-repetition
 * ratios) are printed. Defaults as engine-bench's: 10,000,000 customers, seed 20260101.
 *
 * Exactness: the same streams as engine-bench (DispatchSim's MRG32k3a, Sources/CGSL/shim.h as is,
 * seeded as StreamSeeder.stream(purpose:replication:) seeds it: purpose 0 the interarrival gaps,
 * purpose 1 the service times, replication 0) and the same draws (gsl_ran_exponential, as
 * RandomStream.exponential(mean:)), in the same order, with the same additions, so the mean wait
 * and event count equal engine-bench's to the last digit (same machine, same libgsl and libm).
 *
 * Copyright (C) 2026 the DispatchSim authors. GPL-3.0-or-later.
 */
/* No fused multiply-add, as in reference_loop.c: Swift rounds every product and sum. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#define _GNU_SOURCE /* clock_gettime, posix_spawn, environ */

#include <errno.h>
#include <math.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "shim.h"
#include "streams.h"
#include "swift_text.h"

#ifndef FEL_ARITY
#define FEL_ARITY 4
#endif
#ifndef FEL_PAYLOAD_IN_ENTRY
#define FEL_PAYLOAD_IN_ENTRY 0
#endif
#ifndef FEL_TOP_DOWN
#define FEL_TOP_DOWN 0
#endif

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define HOT static inline __attribute__((always_inline))

static void die(const char *message) {
    fprintf(stderr, "engine_loop: %s\n", message);
    exit(2);
}

/* ---- DispatchSim's streams (streams.h: StreamSeeder.swift, MRG32k3a.swift) ------------------- */

static gsl_rng *new_stream(uint64_t seed, int purpose, int replication) {
    gsl_rng *r = make_stream(seed, purpose, replication);
    if (r == NULL) die("cannot make a stream");
    return r;
}

/* ---- The M/M/1 (MM1.swift) ----------------------------------------------------------------- */

/* QueueSetup: arrival rate 0.9/min, service rate 1/min; purposes 0 and 1, replication 0. */
typedef struct {
    long customers;
    double mean_interarrival, mean_service;
    uint64_t seed;
} queue_setup;

/* QueueRun. */
typedef struct {
    long customers, events;
    double total_wait;
} queue_run;

/* ArrivalTimeQueue: the arrival times of the waiting customers, a ring of doubling capacity. */
typedef struct {
    double *storage;
    long capacity, head, count;
} arrival_queue;

static void arrivals_init(arrival_queue *q) {
    q->capacity = 64, q->head = q->count = 0;
    q->storage = calloc((size_t)q->capacity, sizeof *q->storage);
    if (q->storage == NULL) die("out of memory");
}

/* Growth takes and returns values, so that a queue held in a local never has its address taken
 * and can live in registers across the draws' calls. */
static __attribute__((noinline)) double *arrivals_grow(double *storage, long capacity, long head, long count) {
    double *grown = calloc((size_t)(2 * capacity), sizeof *grown);
    if (grown == NULL) die("out of memory");
    for (long i = 0; i < count; i++) grown[i] = storage[(head + i) & (capacity - 1)];
    free(storage);
    return grown;
}

HOT void arrivals_append(arrival_queue *q, double time) {
    if (UNLIKELY(q->count == q->capacity)) {
        q->storage = arrivals_grow(q->storage, q->capacity, q->head, q->count);
        q->head = 0, q->capacity *= 2;
    }
    q->storage[(q->head + q->count) & (q->capacity - 1)] = time;
    q->count += 1;
}

HOT double arrivals_remove_first(arrival_queue *q) {
    const double time = q->storage[q->head];
    q->head = (q->head + 1) & (q->capacity - 1);
    q->count -= 1;
    return time;
}

/* ---- hand: HandLoopQueue ------------------------------------------------------------------- */

static __attribute__((noinline)) queue_run run_hand(const queue_setup *setup) {
    gsl_rng *arrivals = new_stream(setup->seed, 0, 0), *services = new_stream(setup->seed, 1, 0);
    const double mean_gap = setup->mean_interarrival, mean_service = setup->mean_service;
    queue_run result = {0, 0, 0};
    arrival_queue waiting;
    arrivals_init(&waiting);
    long arrived = 0;
    double next_arrival = gsl_ran_exponential(arrivals, mean_gap);
    double next_departure = INFINITY;
    while (next_arrival < INFINITY || next_departure < INFINITY) {
        result.events += 1;
        if (next_arrival < next_departure) {
            const double now = next_arrival;
            arrived += 1;
            next_arrival = arrived < setup->customers ? now + gsl_ran_exponential(arrivals, mean_gap) : INFINITY;
            if (next_departure < INFINITY) {
                arrivals_append(&waiting, now);
            } else {
                result.customers += 1;
                next_departure = now + gsl_ran_exponential(services, mean_service);
            }
        } else {
            const double now = next_departure;
            if (waiting.count == 0) {
                next_departure = INFINITY;
            } else {
                result.total_wait += now - arrivals_remove_first(&waiting);
                result.customers += 1;
                next_departure = now + gsl_ran_exponential(services, mean_service);
            }
        }
    }
    free(waiting.storage);
    gsl_rng_free(arrivals);
    gsl_rng_free(services);
    return result;
}

/* ---- The future-event list ----------------------------------------------------------------- */

/* The payload: any small value; here EngineQueue.Event. */
typedef enum { EVENT_ARRIVAL, EVENT_DEPARTURE } fel_payload;

/* A heap entry: the time as an unsigned integer that orders as the times do (sign bit flipped for
 * times >= 0, every bit flipped for times < 0, -0 as +0), the key (priority + 2^15) << 48 |
 * sequence, and the slot or the payload or both; compared as one 128-bit integer (order, key),
 * without floating-point compares or branches. 24 bytes. */
typedef struct {
    uint64_t order, key;
    int32_t slot;
#if FEL_PAYLOAD_IN_ENTRY
    fel_payload payload;
#endif
} fel_entry;

enum { FEL_SEQUENCE_BITS = 48, FEL_PRIORITY_MIN = -32768, FEL_PRIORITY_MAX = 32767 };

HOT uint64_t fel_order(double time) {
    uint64_t bits;
    time += 0; /* -0 as +0 */
    memcpy(&bits, &time, sizeof bits);
    const uint64_t negative = (uint64_t)((int64_t)bits >> 63);
    return bits ^ (negative | 1ULL << 63);
}

HOT double fel_time(uint64_t order) {
    const uint64_t positive = (uint64_t)((int64_t)order >> 63);
    const uint64_t bits = order ^ (~positive | 1ULL << 63);
    double time;
    memcpy(&time, &bits, sizeof time);
    return time;
}

__extension__ typedef unsigned __int128 fel_u128;

HOT int fel_precedes(const fel_entry *a, const fel_entry *b) {
    return ((fel_u128)a->order << 64 | a->key) < ((fel_u128)b->order << 64 | b->key);
}

/* Growth takes and returns values (see arrivals_grow). */
static __attribute__((noinline)) fel_entry *fel_grow_entries(fel_entry *entries, long capacity) {
    entries = realloc(entries, (size_t)(2 * capacity) * sizeof *entries);
    if (entries == NULL) die("out of memory");
    return entries;
}

/* Places `e` at the hole `hole` or above it, moving later parents down. */
HOT void fel_rise(fel_entry *heap, long hole, fel_entry e) {
    while (hole > 0) {
        const long parent = (hole - 1) / FEL_ARITY;
        if (!fel_precedes(&e, &heap[parent])) break;
        heap[hole] = heap[parent];
        hole = parent;
    }
    heap[hole] = e;
}

/* The earliest child of `hole` among the first `n` entries, or -1 for a leaf. */
HOT long fel_earliest_child(const fel_entry *heap, long n, long hole) {
    const long first = hole * FEL_ARITY + 1;
    if (first >= n) return -1;
    const long end = first + FEL_ARITY < n ? first + FEL_ARITY : n;
    long best = first;
    for (long c = first + 1; c < end; c++) best = fel_precedes(&heap[c], &heap[best]) ? c : best;
    return best;
}

/* Places `e` in the subtree rooted at the hole `hole` of the first `n` entries. */
HOT void fel_sink(fel_entry *heap, long n, long hole, fel_entry e) {
    for (long best; (best = fel_earliest_child(heap, n, hole)) >= 0 && fel_precedes(&heap[best], &e); hole = best)
        heap[hole] = heap[best];
    heap[hole] = e;
}

/* Removes the root entry of the `count` entries; returns the new count. */
HOT long fel_remove_top(fel_entry *heap, long count) {
    const long n = count - 1;
    if (n == 0) return 0;
#if FEL_TOP_DOWN
    fel_sink(heap, n, 0, heap[n]);
#else
    long hole = 0;
    for (long best; (best = fel_earliest_child(heap, n, hole)) >= 0; hole = best) heap[hole] = heap[best];
    fel_rise(heap, hole, heap[n]);
#endif
    return n;
}

/* Restores heap order in the first `n` entries, bottom-up (Floyd). */
static void fel_heapify(fel_entry *heap, long n) {
    for (long i = n > 1 ? (n - 2) / FEL_ARITY : -1; i >= 0; i--) fel_sink(heap, n, i, heap[i]);
}

static __attribute__((noinline, noreturn)) void fel_bad_schedule(double now, double time, int priority) {
    fprintf(stderr, "engine_loop: at time %g: cannot schedule at %g with priority %d\n", now, time, priority);
    exit(1);
}

/* The checks of SimulationContext.schedule and FutureEventList.nextKey, and the next key. */
#define FEL_CHECK_AND_KEY(list, time, priority, key)                                                           \
    if (UNLIKELY(!((time) >= (list)->now && (time) <= 0x1.fffffffffffffp1023) || (priority) < FEL_PRIORITY_MIN || \
                 (priority) > FEL_PRIORITY_MAX || (list)->next_sequence >= 1ULL << FEL_SEQUENCE_BITS))             \
        fel_bad_schedule((list)->now, (time), (priority));                                                        \
    const uint64_t key = (uint64_t)((priority) - FEL_PRIORITY_MIN) << FEL_SEQUENCE_BITS | (list)->next_sequence++

/* ---- Payload slots, as the engine's: a handle names a slot and the key it must still hold ---- */

/* A slot: the key of the event it holds (0 when free), the next free slot (-1 ends the list), and
 * the payload (unless the entry carries it). 16 bytes. */
typedef struct {
    uint64_t key;
    int32_t next_free;
#if !FEL_PAYLOAD_IN_ENTRY
    fel_payload payload;
#endif
} fel_slot;

/* What schedule returns, and cancel takes. */
typedef struct {
    int32_t slot;
    uint64_t key;
} fel_handle;

typedef struct {
    double now;
    fel_entry *entries;
    long count, capacity;   /* heap entries, live or stale */
    fel_slot *slots;
    long slot_capacity;
    int32_t first_free;
    uint64_t next_sequence; /* from 1, so that no live key is 0 */
    long stale;             /* heap entries whose events were cancelled */
} fel;

static void fel_init(fel *list, double start) {
    list->now = start;
    list->capacity = list->slot_capacity = 16;
    list->count = 0, list->stale = 0, list->next_sequence = 1;
    list->entries = malloc((size_t)list->capacity * sizeof *list->entries);
    list->slots = malloc((size_t)list->slot_capacity * sizeof *list->slots);
    if (list->entries == NULL || list->slots == NULL) die("out of memory");
    for (long i = 0; i < list->slot_capacity; i++)
        list->slots[i] = (fel_slot){.key = 0, .next_free = i + 1 < list->slot_capacity ? (int32_t)(i + 1) : -1};
    list->first_free = 0;
}

static void fel_free(fel *list) {
    free(list->entries);
    free(list->slots);
}

/* The slots doubled from `capacity`; the new ones are free, linked in order, the last to `next`. */
static __attribute__((noinline)) fel_slot *fel_grow_slots(fel_slot *slots, long capacity, int32_t next) {
    if (capacity >= 1L << 30) die("more than 2^30 pending events");
    slots = realloc(slots, (size_t)(2 * capacity) * sizeof *slots);
    if (slots == NULL) die("out of memory");
    for (long i = capacity; i < 2 * capacity; i++)
        slots[i] = (fel_slot){.key = 0, .next_free = i + 1 < 2 * capacity ? (int32_t)(i + 1) : next};
    return slots;
}

HOT int fel_is_live(const fel *list, const fel_entry *e) {
    return list->slots[e->slot].key == e->key;
}

/* Schedules `payload` at `time` with `priority`: SimulationContext.schedule(_:at:priority:). */
HOT fel_handle fel_schedule(fel *list, fel_payload payload, double time, int priority) {
    FEL_CHECK_AND_KEY(list, time, priority, key);
    if (UNLIKELY(list->first_free < 0)) {
        list->slots = fel_grow_slots(list->slots, list->slot_capacity, list->first_free);
        list->first_free = (int32_t)list->slot_capacity;
        list->slot_capacity *= 2;
    }
    const int32_t slot = list->first_free;
    fel_slot *s = &list->slots[slot];
    list->first_free = s->next_free;
    s->key = key;
#if FEL_PAYLOAD_IN_ENTRY
    const fel_entry e = {fel_order(time), key, slot, payload};
#else
    s->payload = payload;
    const fel_entry e = {fel_order(time), key, slot};
#endif
    if (UNLIKELY(list->count == list->capacity)) {
        list->entries = fel_grow_entries(list->entries, list->capacity);
        list->capacity *= 2;
    }
    fel_rise(list->entries, list->count++, e);
    return (fel_handle){slot, key};
}

/* Whether the handle's event is pending. */
static int fel_is_pending(const fel *list, fel_handle h) {
    return h.slot >= 0 && h.slot < list->slot_capacity && list->slots[h.slot].key == h.key;
}

/* Drops every stale entry and restores heap order. */
static __attribute__((noinline)) void fel_compact(fel *list) {
    long kept = 0;
    for (long i = 0; i < list->count; i++)
        if (fel_is_live(list, &list->entries[i])) list->entries[kept++] = list->entries[i];
    list->count = kept, list->stale = 0;
    fel_heapify(list->entries, kept);
}

/* Cancels the handle's event if it is pending; returns whether it was. */
static int fel_cancel(fel *list, fel_handle h) {
    if (!fel_is_pending(list, h)) return 0;
    list->slots[h.slot].key = 0;
    list->slots[h.slot].next_free = list->first_free;
    list->first_free = h.slot;
    list->stale += 1;
    if (list->stale >= 32 && list->stale > list->count / 2) fel_compact(list);
    return 1;
}

/* The first pending event: sets *time and returns 1, or returns 0 when none is pending. */
HOT int fel_first_time(fel *list, double *time) {
    if (UNLIKELY(list->stale > 0))
        while (list->count > 0 && !fel_is_live(list, &list->entries[0])) {
            list->count = fel_remove_top(list->entries, list->count);
            list->stale -= 1;
        }
    if (list->count == 0) return 0;
    *time = fel_time(list->entries[0].order);
    return 1;
}

/* Removes the first event (fel_first_time found it) and returns its payload. */
HOT fel_payload fel_remove_first(fel *list) {
    const int32_t slot = list->entries[0].slot;
#if FEL_PAYLOAD_IN_ENTRY
    const fel_payload payload = list->entries[0].payload;
#endif
    list->count = fel_remove_top(list->entries, list->count);
    fel_slot *s = &list->slots[slot];
#if !FEL_PAYLOAD_IN_ENTRY
    const fel_payload payload = s->payload;
#endif
    s->key = 0;
    s->next_free = list->first_free;
    list->first_free = slot;
    return payload;
}


/* ---- list: EngineQueue through the list ---------------------------------------------------- */

typedef struct {
    const queue_setup *setup;
    gsl_rng *arrivals, *services;
    long arrived;
    int server_busy;
    arrival_queue waiting;
    queue_run result;
} engine_queue;

/* EngineQueue.handle: schedule(_, after: delay) is schedule(_, at: now + delay). */
HOT void engine_queue_handle(engine_queue *m, fel *list, fel_payload event) {
    m->result.events += 1;
    const double now = list->now;
    switch (event) {
    case EVENT_ARRIVAL:
        m->arrived += 1;
        if (m->arrived < m->setup->customers)
            fel_schedule(list, EVENT_ARRIVAL, now + gsl_ran_exponential(m->arrivals, m->setup->mean_interarrival), 0);
        if (m->server_busy) {
            arrivals_append(&m->waiting, now);
        } else {
            m->server_busy = 1;
            m->result.customers += 1;
            fel_schedule(list, EVENT_DEPARTURE, now + gsl_ran_exponential(m->services, m->setup->mean_service), 0);
        }
        break;
    case EVENT_DEPARTURE:
        if (m->waiting.count == 0) {
            m->server_busy = 0;
        } else {
            m->result.total_wait += now - arrivals_remove_first(&m->waiting);
            m->result.customers += 1;
            fel_schedule(list, EVENT_DEPARTURE, now + gsl_ran_exponential(m->services, m->setup->mean_service), 0);
        }
        break;
    }
}

/* Simulation.run(until:): runs every event up to `horizon`; returns the number run. The list's
 * header and the model are copied into locals for the run, whose addresses no external call
 * sees, so that the compiler keeps their fields in registers across the draws' calls, as it keeps
 * the hand loop's variables. */
static long fel_run(fel *list_in_memory, engine_queue *model_in_memory, double horizon) {
    fel list = *list_in_memory;
    engine_queue model = *model_in_memory;
    long executed = 0;
    double time;
    while (fel_first_time(&list, &time)) {
        if (time > horizon) {
            list.now = horizon;
            goto done;
        }
        const fel_payload event = fel_remove_first(&list);
        list.now = time;
        executed += 1;
        engine_queue_handle(&model, &list, event);
    }
    if (isfinite(horizon)) list.now = horizon;
done:
    *list_in_memory = list;
    *model_in_memory = model;
    return executed;
}

static __attribute__((noinline)) queue_run run_list(const queue_setup *setup) {
    engine_queue model = {.setup = setup, .arrivals = new_stream(setup->seed, 0, 0),
                          .services = new_stream(setup->seed, 1, 0)};
    arrivals_init(&model.waiting);
    fel list;
    fel_init(&list, 0);
    fel_schedule(&list, EVENT_ARRIVAL, gsl_ran_exponential(model.arrivals, setup->mean_interarrival), 0);
    const long executed = fel_run(&list, &model, INFINITY);
    if (executed != model.result.events) die("list: events run and handled differ");
    fel_free(&list);
    free(model.waiting.storage);
    gsl_rng_free(model.arrivals);
    gsl_rng_free(model.services);
    return model.result;
}

/* ---- Self-check of the list (--check N): N random operations against a plain array -------- */

/* Schedules, cancels (of pending, run and cancelled events alike), asks whether handles are
 * pending, and runs events, at times on a coarse grid (so that times tie) with priorities -1, 0
 * and 1, in phases that grow the list to thousands of events, cancel most of them (compaction) and
 * drain it; checks every event run, every answer, and the count, against a linear scan. */
static int check_list(long operations, uint64_t seed) {
    typedef struct {
        fel_handle handle;
        uint64_t order, key;
        int state; /* 0 pending, 1 ran, 2 cancelled */
        long position; /* in `open` while pending */
    } record;
    long capacity = 1024, used = 0, pending = 0, failures = 0, first_failure = -1;
    record *records = malloc((size_t)capacity * sizeof *records);
    long *open = malloc((size_t)capacity * sizeof *open); /* the pending records */
    if (records == NULL || open == NULL) die("out of memory");
    fel list;
    fel_init(&list, 0);
    uint64_t rng = seed;
#define CHECK(condition) (!(condition) ? (failures += 1, first_failure = first_failure < 0 ? op : first_failure) : 0)
#define CLOSE(i) (open[records[i].position] = open[--pending], records[open[pending]].position = records[i].position)
    for (long op = 0; op < operations; op++) {
        rng = splitmix64_mix(rng + 0x9E3779B97F4A7C15ULL);
        const int phase = (int)((op / 20000) % 3); /* grow, cancel, drain */
        const unsigned r = (unsigned)(rng % 100);
        const int want_schedule = phase == 0 ? r < 60 : phase == 1 ? r < 20 : r < 25;
        const int want_cancel = phase == 1 ? r >= 20 && r < 70 : r >= 90;
        if (want_schedule) {
            const double time = list.now + (double)((rng >> 20) % 64) * 0.25;
            const int priority = (int)((rng >> 40) % 3) - 1;
            if (used == capacity) {
                capacity *= 2;
                records = realloc(records, (size_t)capacity * sizeof *records);
                open = realloc(open, (size_t)capacity * sizeof *open);
                if (records == NULL || open == NULL) die("out of memory");
            }
            const fel_handle h = fel_schedule(&list, (fel_payload)(list.next_sequence & 1), time, priority);
            const uint64_t key = (uint64_t)(priority - FEL_PRIORITY_MIN) << FEL_SEQUENCE_BITS | (list.next_sequence - 1);
            records[used] = (record){h, fel_order(time), key, 0, pending};
            open[pending++] = used++;
        } else if (want_cancel && used > 0) {
            /* mostly a pending event, else any (run, cancelled or pending) */
            const long i = pending > 0 && (rng >> 60) < 13 ? open[(rng >> 24) % (uint64_t)pending]
                                                              : (long)((rng >> 24) % (uint64_t)used);
            record *c = &records[i];
            CHECK(fel_is_pending(&list, c->handle) == (c->state == 0));
            CHECK(fel_cancel(&list, c->handle) == (c->state == 0));
            if (c->state == 0) c->state = 2, CLOSE(i);
            CHECK(!fel_is_pending(&list, c->handle));
        } else {
            double time;
            const int found = fel_first_time(&list, &time);
            CHECK(found == (pending > 0));
            if (!found) continue;
            long best = -1;
            for (long k = 0; k < pending; k++) {
                const record *x = &records[open[k]];
                if (best < 0 || ((fel_u128)x->order << 64 | x->key) <
                                    ((fel_u128)records[best].order << 64 | records[best].key))
                    best = open[k];
            }
            const uint64_t key = list.entries[0].key;
            const fel_payload payload = fel_remove_first(&list);
            list.now = time;
            CHECK(best >= 0 && key == records[best].key && fel_order(time) == records[best].order &&
                  payload == (fel_payload)(key & 1));
            if (best >= 0) records[best].state = 1, CLOSE(best);
        }
    }
#undef CHECK
#undef CLOSE
    fel_free(&list);
    free(records);
    free(open);
    printf("engine_loop --check: %ld operations, %ld events scheduled, %ld failures (first at operation %ld); list: %d-ary heap, payload in the %s, %s removal\n",
           operations, used, failures, first_failure, FEL_ARITY, FEL_PAYLOAD_IN_ENTRY ? "entry" : "slot",
           FEL_TOP_DOWN ? "top-down" : "bottom-up");
    return failures == 0 ? 0 : 1;
}

/* ---- Output: Swift's Double.description (as reference_loop.c) ------------------------------ */


/* ---- Measurement --------------------------------------------------------------------------- */

typedef struct {
    char variant[16];
    double seconds, mean_wait;
    long events, peak_kb;
} measurement;

static double elapsed(const struct timespec *a, const struct timespec *b) {
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) * 1e-9;
}

/* Runs one variant in this process and prints its line. */
static void measure(const char *variant, const queue_setup *setup) {
    struct timespec start, end;
    queue_run run;
    if (strcmp(variant, "hand") == 0) {
        clock_gettime(CLOCK_MONOTONIC, &start);
        run = run_hand(setup);
        clock_gettime(CLOCK_MONOTONIC, &end);
    } else if (strcmp(variant, "list") == 0) {
        clock_gettime(CLOCK_MONOTONIC, &start);
        run = run_list(setup);
        clock_gettime(CLOCK_MONOTONIC, &end);
    } else {
        die("--variant must be hand or list");
    }
    if (run.customers != setup->customers) die("not every customer was served");
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    char seconds[48], wait[48];
    swift_description(elapsed(&start, &end), seconds);
    swift_description(run.total_wait / (double)run.customers, wait);
    printf("%s %s %ld %s %ld\n", variant, seconds, run.events, wait, (long)usage.ru_maxrss);
}

extern char **environ;

/* Runs one variant in a child process (this executable) and reads its line. */
static measurement measure_in_child(const char *variant, const queue_setup *setup) {
    int ends[2];
    if (pipe(ends) != 0) die("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, ends[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, ends[0]);
    char customers[32], seed[32];
    snprintf(customers, sizeof customers, "%ld", setup->customers);
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)setup->seed);
    char *argv[] = {"engine_loop", "--variant", (char *)variant, "--customers", customers, "--seed", seed, NULL};
    pid_t child;
    const int spawned = posix_spawn(&child, "/proc/self/exe", &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(ends[1]);
    if (spawned != 0) die("cannot start a child process");
    char text[512];
    size_t used = 0;
    ssize_t got;
    while ((got = read(ends[0], text + used, sizeof text - 1 - used)) > 0) used += (size_t)got;
    text[used] = '\0';
    close(ends[0]);
    int status;
    waitpid(child, &status, 0);
    measurement m;
    if (status != 0 || sscanf(text, "%15s %lf %ld %lf %ld", m.variant, &m.seconds, &m.events, &m.mean_wait,
                              &m.peak_kb) != 5)
        die("a child run failed");
    return m;
}

static int compare_doubles(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int n) {
    qsort(values, (size_t)n, sizeof *values, compare_doubles);
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int main(int argc, char **argv) {
    queue_setup setup = {10000000, 1 / 0.9, 1, 20260101};
    int repetitions = 5;
    const char *variant = NULL;
    long check = 0;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc) die("every option needs a value");
        char *end;
        errno = 0;
        if (strcmp(argv[i], "--variant") == 0) {
            variant = argv[i + 1];
        } else if (strcmp(argv[i], "--customers") == 0) {
            setup.customers = strtol(argv[i + 1], &end, 10);
            if (*end || errno || setup.customers <= 0) die("--customers: expected a whole number > 0");
        } else if (strcmp(argv[i], "--repeat") == 0) {
            repetitions = (int)strtol(argv[i + 1], &end, 10);
            if (*end || errno || repetitions <= 0 || repetitions > 1000) die("--repeat: expected 1 to 1000");
        } else if (strcmp(argv[i], "--check") == 0) {
            check = strtol(argv[i + 1], &end, 10);
            if (*end || errno || check <= 0) die("--check: expected a whole number > 0");
        } else if (strcmp(argv[i], "--seed") == 0) {
            setup.seed = strtoull(argv[i + 1], &end, 10);
            if (*end || errno || argv[i + 1][0] == '-') die("--seed: expected a whole number >= 0");
        } else {
            die("usage: engine_loop [--variant hand|list] [--customers N] [--seed S] [--repeat K]");
        }
    }
    if (check > 0) return check_list(check, setup.seed);
    make_jumps();
    if (variant != NULL) {
        measure(variant, &setup);
        return 0;
    }
    printf("engine_loop: M/M/1, arrival rate 0.9/min, service rate 1/min, %ld customers, seed %llu, "
           "%d repetitions; list: %d-ary heap, payload in the %s, %s removal\n",
           setup.customers, (unsigned long long)setup.seed, repetitions, FEL_ARITY,
           FEL_PAYLOAD_IN_ENTRY ? "entry" : "slot", FEL_TOP_DOWN ? "top-down" : "bottom-up");
    double hand_seconds[1000], list_seconds[1000], hand_rate[1000], list_rate[1000], ratios[1000];
    measurement hand = {0}, list = {0};
    for (int r = 0; r < repetitions; r++) {
        if (r % 2 == 0) {
            list = measure_in_child("list", &setup);
            hand = measure_in_child("hand", &setup);
        } else {
            hand = measure_in_child("hand", &setup);
            list = measure_in_child("list", &setup);
        }
        if (hand.events != list.events || hand.mean_wait != list.mean_wait) die("hand and list differ");
        hand_seconds[r] = hand.seconds, list_seconds[r] = list.seconds;
        hand_rate[r] = (double)hand.events / hand.seconds, list_rate[r] = (double)list.events / list.seconds;
        ratios[r] = list_rate[r] / hand_rate[r];
        printf("  repetition %d: list %.3f s, hand %.3f s, ratio %.3f\n", r + 1, list.seconds, hand.seconds,
               ratios[r]);
    }
    const double hs = median(hand_seconds, repetitions), ls = median(list_seconds, repetitions);
    const double hr = median(hand_rate, repetitions), lr = median(list_rate, repetitions);
    printf("| variant | wall time (s) | events/s | ns/event | mean wait (min) |\n");
    printf("| --- | ---: | ---: | ---: | ---: |\n");
    printf("| list | %.3f | %.0f | %.2f | %.4f |\n", ls, lr, 1e9 / lr, list.mean_wait);
    printf("| hand | %.3f | %.0f | %.2f | %.4f |\n", hs, hr, 1e9 / hr, hand.mean_wait);
    printf("events per run: %ld\n", hand.events);
    printf("ratio list / hand, events per second: %.3f (ratio of medians); median of same-repetition ratios %.3f\n",
           lr / hr, median(ratios, repetitions));
    return 0;
}
