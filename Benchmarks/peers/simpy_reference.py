#!/usr/bin/env python3
"""Benchmarks/peers/simpy_reference.py: the peer benchmark's reference dispatch model written in SimPy,
the twin of DispatchSim's Benchmarks/reference-dispatch.yaml. One replication per run; prints one
JSON line with the reported metrics, the wall time and the number of events processed.

    .venv/bin/python Benchmarks/peers/simpy_reference.py --seed 1 --days 365

The model (the benchmark's definition): calls arrive as a Poisson process at 30 per hour for 365
days; each is a mental-health call with probability 0.2, otherwise a police call; 30 police units
and 6 crisis teams, one zone; a police call goes to a free police unit or waits FIFO; a
mental-health call goes to a free crisis team, else to a free police unit, else waits and is
taken by whichever frees first (crisis team preferred); each dispatch adds travel time lognormal
with mean 8 min and sd 4 min; time on scene is exponential with mean 45 min (police on police
calls), 40 min (police on mental-health calls), 60 min (crisis team).

How this script matches DispatchSim's semantics, point by point (read from
Sources/DispatchModel/DispatchModel.swift and ReplicationMetrics.swift, Scenarios/README.md and
Results/README.md):

 1. Time is in minutes from 0 to the horizon H = days x 1440, with no warm-up (the YAML's
    `warmup: 0 min`; WARMUP_MIN below; calls arriving before it would not be counted). Calls
    arrive at a constant rate 30/60 per minute; DispatchSim schedules arrivals at times <= H.
 2. Each call is a mental-health call with probability 0.2, drawn independently per call.
 3. On arrival, a police call takes a free police unit; a mental-health call takes a free crisis
    team, else a free police unit (its `eligible: [crisis_team, police]` list). The units of a
    pool are interchangeable here (one zone, no travel between zones), so which free unit is
    taken does not matter; DispatchSim takes the lowest-numbered one.
 4. Queues: each pool keeps a queue of the calls it may take, ordered by priority, then arrival
    time; both call types have priority 1, so each queue is FIFO by arrival time. The police
    queue holds police calls and mental-health calls alike: a freed police unit takes the oldest
    waiting call of either class. A freed crisis team takes the oldest waiting mental-health call.
    Here each pool is a simpy.Resource, whose queue is FIFO by request time; every call requests
    at its arrival, so the order is the same. A waiting mental-health call requests both pools
    and is taken by the first unit of either kind to free up (crisis team preferred when both
    grant at once, which happens only when both have a free unit at its arrival); its other
    request is withdrawn at once, as DispatchSim drops the call from the other queue.
 5. A unit freed with calls waiting takes the first one at that same instant (no delay).
 6. Travel: DispatchSim's trip to a call is the zone travel time (0 within the one zone) plus a
    `turnout` draw; the YAML puts the benchmark's lognormal(mean 8, sd 4) travel there, drawn
    once per dispatch. Lognormal parameters as DispatchSim: sigma^2 = ln(1 + sd^2/mean^2),
    mu = ln(mean) - sigma^2/2.
 7. Response time = wait (arrival to dispatch) + travel: arrival to arrival on scene.
 8. No trip back: a unit is free the moment it leaves the scene. (DispatchSim sends a freed unit
    home only when its last call was in another zone; with one zone it never does.)
 9. Busy time = travel + time on scene, from dispatch to leaving the scene. Utilization of a pool =
    busy time within [warm-up, H] over units x (H - warm-up); a call still in progress at H counts
    up to H.
10. Statistics: `calls` counts calls arriving in [warm-up, H]. A call is recorded when it is
    dispatched (its travel and time on scene are drawn then), so response statistics cover the
    calls dispatched before H, even if the unit reaches the scene after H; calls still waiting at
    H are left out of them (reported as `calls_waiting_at_end`, as DispatchSim). The share of
    mental-health calls handled by crisis teams is crisis-team dispatches over dispatched
    mental-health calls (DispatchSim: handled_crisis_team / dispatched in by_call_type.csv).
11. The 90th percentile (`*_p90_response_min`) is the exact sample percentile of the response
    times: numpy.percentile with its default linear interpolation (Hyndman and Fan's definition
    7: sorted x[0..n-1], h = 0.9 (n - 1), x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]);
    the definition of DispatchSim's own SampleQuantile). DispatchSim estimates it from a
    log-linear histogram (Sources/DispatchEngine/QuantileHistogram.swift), within 0.8% of the
    sample percentile. To measure what that difference of estimators amounts to on this model,
    the script also reads the same histogram estimate off its own response times
    (`*_p90_response_min_histogram`, histogram_quantile below, a port of QuantileHistogram).
12. Events at the same instant: DispatchSim runs events at times <= H, while env.run(until=H)
    stops before the events due exactly at H; and simultaneous unit frees run in scheduling
    order in both. Both happen with probability 0 (every time is a continuous draw).
13. Random numbers: Python's `random` (Mersenne Twister), one generator seeded with --seed;
    DispatchSim draws from GSL (MRG32k3a). The two agree in distribution, not path by path, so
    Benchmarks/peers/compare_reference.py compares them statistically over independent seeds.

Events: `events` counts what DispatchSim's engine counts for this model (manifest.json
`run.events`, the engine's executed events): one per call arrival and one per unit leaving a scene
(DispatchSim's `arrival` and `unitFree` events; with one zone it schedules no trip home, and it
cancels nothing). They are counted as the corresponding SimPy timeouts are processed, before H.
`simpy_events` is what SimPy's own event loop processed (every Timeout, Request, Release,
Condition, Process start and end): events SimPy scheduled less those still queued at H, less the
stop event of env.run(until=H), read from the Environment's counters after the run.

Wall time (`wall_seconds`): building the model, env.run and the statistics a SimPy user computes
(means, exact percentile with numpy); not the interpreter start or imports, and not the histogram
estimate, which only serves the comparison (`histogram_seconds`, reported apart).
"""

import argparse
import json
import math
import random
import sys
import time

import numpy
import simpy

# The benchmark's definition (Benchmarks/reference-dispatch.yaml holds the same numbers).
CALLS_PER_HOUR = 30.0
MENTAL_HEALTH_SHARE = 0.2
POLICE_UNITS = 30
CRISIS_TEAMS = 6
TRAVEL_MEAN_MIN, TRAVEL_SD_MIN = 8.0, 4.0
ON_SCENE_MEAN_MIN = {  # (call class, pool) -> mean time on scene, exponential
    ("police_call", "police"): 45.0,
    ("mental_health", "police"): 40.0,
    ("mental_health", "crisis_team"): 60.0,
}
WARMUP_MIN = 0.0  # the YAML's `warmup: 0 min`
CLASSES = ("police_call", "mental_health")
POOLS = ("police", "crisis_team")

_SIGMA2 = math.log1p(TRAVEL_SD_MIN**2 / TRAVEL_MEAN_MIN**2)
TRAVEL_MU, TRAVEL_SIGMA = math.log(TRAVEL_MEAN_MIN) - _SIGMA2 / 2, math.sqrt(_SIGMA2)


class ReferenceDispatch:
    """The city: two pools of units as SimPy resources, a call source, and one process per call."""

    def __init__(self, env, rng, horizon_min):
        self.env = env
        self.rng = rng
        self.horizon = horizon_min
        self.pools = {
            "police": simpy.Resource(env, capacity=POLICE_UNITS),
            "crisis_team": simpy.Resource(env, capacity=CRISIS_TEAMS),
        }
        self.capacity = {"police": POLICE_UNITS, "crisis_team": CRISIS_TEAMS}
        self.events = 0  # arrivals + units leaving a scene (DispatchSim's count; see the top)
        self.calls = dict.fromkeys(CLASSES, 0)
        self.response = {c: [] for c in CLASSES}  # response times in dispatch order
        self.handled = {(c, p): 0 for c in CLASSES for p in POOLS}
        self.busy = dict.fromkeys(POOLS, 0.0)
        env.process(self.call_source())

    def call_source(self):
        env, rng = self.env, self.rng
        rate = CALLS_PER_HOUR / 60.0
        while True:
            yield env.timeout(rng.expovariate(rate))
            self.events += 1  # an arrival
            arrival = env.now
            if rng.random() < MENTAL_HEALTH_SHARE:
                call_class, process = "mental_health", self.mental_health_call(arrival)
            else:
                call_class, process = "police_call", self.police_call(arrival)
            if arrival >= WARMUP_MIN:
                self.calls[call_class] += 1
            env.process(process)

    def police_call(self, arrival):
        with self.pools["police"].request() as unit:
            yield unit
            yield from self.attend("police_call", "police", arrival)

    def mental_health_call(self, arrival):
        crisis = self.pools["crisis_team"].request()
        police = self.pools["police"].request()
        yield crisis | police  # whichever pool frees a unit first
        if crisis.triggered:  # crisis team preferred when both were granted at once
            pool, unit, other = "crisis_team", crisis, police
        else:
            pool, unit, other = "police", police, crisis
        withdraw(other)
        try:
            yield from self.attend("mental_health", pool, arrival)
        finally:
            self.pools[pool].release(unit)

    def attend(self, call_class, pool, arrival):
        """A unit of `pool` is dispatched now: it travels, stays on scene, and is then free."""
        env, rng = self.env, self.rng
        now = env.now
        travel = rng.lognormvariate(TRAVEL_MU, TRAVEL_SIGMA)
        on_scene = rng.expovariate(1.0 / ON_SCENE_MEAN_MIN[call_class, pool])
        busy = travel + on_scene
        if arrival >= WARMUP_MIN:
            self.response[call_class].append(now - arrival + travel)
            self.handled[call_class, pool] += 1
        observed_end = min(now + busy, self.horizon)
        observed_start = max(now, WARMUP_MIN)
        if observed_end > observed_start:
            self.busy[pool] += observed_end - observed_start
        yield env.timeout(busy)
        self.events += 1  # a unit leaves the scene

    def metrics(self):
        """The reported figures (see the top of the file for each definition)."""
        observed = self.horizon - WARMUP_MIN
        out = {}
        for c in CLASSES:
            times = self.response[c]
            dispatched = len(times)
            out[f"{c}_calls"] = self.calls[c]
            out[f"{c}_dispatched"] = dispatched
            out[f"{c}_mean_response_min"] = sum(times) / dispatched if dispatched else math.nan
            out[f"{c}_p90_response_min"] = float(numpy.percentile(times, 90)) if dispatched else math.nan
        mh_dispatched = out["mental_health_dispatched"]
        out["mental_health_share_crisis_team"] = (
            self.handled["mental_health", "crisis_team"] / mh_dispatched if mh_dispatched else math.nan)
        for p in POOLS:
            out[f"utilization_{p}"] = self.busy[p] / (self.capacity[p] * observed)
        out["calls_waiting_at_end"] = sum(self.calls[c] - out[f"{c}_dispatched"] for c in CLASSES)
        return out


def withdraw(request):
    """Drops a request a call no longer needs: out of the queue, or, if granted, given back."""
    if request.triggered:
        request.resource.release(request)
    else:
        request.cancel()


# DispatchSim's QuantileHistogram (Sources/DispatchEngine/QuantileHistogram.swift), ported: 128
# buckets per power of two from 2^-8 to 2^24, bucket 0 below 2^-8 (its estimate is the minimum),
# the last bucket from 2^24 up (the maximum); linear interpolation inside the bucket where the
# cumulative count reaches p x n; the estimate clamped to [minimum, maximum].
_SUB_BITS, _LOWEST_EXPONENT, _END_EXPONENT = 7, -8, 24
_BUCKETS = (_END_EXPONENT - _LOWEST_EXPONENT) * (1 << _SUB_BITS) + 2


def _lower_bound(bucket):
    i = bucket - 1
    return math.ldexp(1 + (i & ((1 << _SUB_BITS) - 1)) / (1 << _SUB_BITS), (i >> _SUB_BITS) + _LOWEST_EXPONENT)


def histogram_quantile(values, p):
    """DispatchSim's histogram estimate of the p-quantile of `values` (NaN when empty)."""
    x = numpy.asarray(values, dtype=numpy.float64)
    if x.size == 0:
        return math.nan
    bits = x.view(numpy.uint64)
    exponent = ((bits >> numpy.uint64(52)) & numpy.uint64(0x7FF)).astype(numpy.int64) - 1023
    sub = ((bits >> numpy.uint64(52 - _SUB_BITS)) & numpy.uint64((1 << _SUB_BITS) - 1)).astype(numpy.int64)
    bucket = numpy.where(x < 2.0**_LOWEST_EXPONENT, 0,
                         numpy.where(x >= 2.0**_END_EXPONENT, _BUCKETS - 1,
                                     1 + ((exponent - _LOWEST_EXPONENT) << _SUB_BITS) + sub))
    counts = numpy.bincount(bucket, minlength=_BUCKETS)
    minimum, maximum = float(x.min()), float(x.max())
    rank = p * x.size
    reached = numpy.flatnonzero((counts > 0) & (numpy.cumsum(counts) >= rank))
    if reached.size == 0:
        return maximum
    b = int(reached[0])
    if b == 0:
        estimate = minimum
    elif b == _BUCKETS - 1:
        estimate = maximum
    else:
        low, high, below = _lower_bound(b), _lower_bound(b + 1), float(counts[:b].sum())
        estimate = low + (high - low) * max(0.0, rank - below) / float(counts[b])
    return min(max(estimate, minimum), maximum)


def simpy_events_processed(env):
    """Events SimPy's loop processed: scheduled (its event-id counter) less those still queued,
    less the stop event of env.run(until=...). Reads SimPy 4 internals once, after the run."""
    try:
        return next(env._eid) - len(env._queue) - 1
    except (AttributeError, TypeError):
        return None


def run(seed, days):
    horizon = days * 1440.0
    start = time.perf_counter()
    env = simpy.Environment()
    model = ReferenceDispatch(env, random.Random(seed), horizon)
    env.run(until=horizon)
    metrics = model.metrics()
    wall = time.perf_counter() - start
    histogram_start = time.perf_counter()
    for c in CLASSES:
        metrics[f"{c}_p90_response_min_histogram"] = histogram_quantile(model.response[c], 0.9)
    histogram_seconds = time.perf_counter() - histogram_start
    return {
        "simulator": "simpy", "simpy_version": simpy.__version__, "python": sys.version.split()[0],
        "seed": seed, "days": days, "metrics": metrics, "wall_seconds": wall, "histogram_seconds": histogram_seconds,
        "events": model.events, "simpy_events": simpy_events_processed(env),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description="SimPy twin of Benchmarks/reference-dispatch.yaml: "
                                                 "one replication, one JSON line on standard output.")
    parser.add_argument("--seed", type=int, default=1, help="seed of Python's random generator (default 1)")
    parser.add_argument("--days", type=float, default=365.0, help="simulated days (default 365)")
    args = parser.parse_args(argv)
    if args.days <= 0:
        parser.error("--days must be > 0")
    print(json.dumps(run(args.seed, args.days)))


if __name__ == "__main__":
    main()
