#!/usr/bin/env python3
"""Benchmarks/mechanism_cost.py: what each patrol-operations mechanism costs per call.

    swift build -c release --product dispatchsim
    python3 Benchmarks/mechanism_cost.py [--old OLD_DISPATCHSIM] [--only NAME ...]

Runs `Benchmarks/chicago-city-year.yaml` (one replication) under callgrind at two horizons, 7 and
21 days, with each mechanism switched on by `--set`, and prints the instructions per call: the
difference in instructions between the two horizons over the difference in calls, so that
loading, start-up and writing the results cancel out. Instruction counts do not drift with the
host as wall times do. `--old` also measures another binary (the same scenario, no options): the
cost of the mechanisms when they are off. Each binary is measured through a copy stripped of
debug information (`strip -g`), as valgrind reads it faster. Needs valgrind.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from instructions import REPO, count

SCENARIO = REPO / "Benchmarks" / "chicago-city-year.yaml"
WATCHES = ('[{name: first, from: "06:00", to: "16:00", share: demand, breaks: [{after: 0 min, duration: 15 min}, '
           '{after: 4 h, duration: 30 min, spread: 2 h}]}, {name: second, from: "14:00", to: "00:00", share: demand}, '
           '{name: third, from: "22:00", to: "08:00", share: demand}]')
# Each variant: a name and its --set overrides (none: the scenario as written).
VARIANTS = [
    ("off", []),
    ("travel_factor", ["responders.police.travel_factor=1.2"]),
    ("after_call", ["call_types.%s.after_call={police: {distribution: lognormal, mean: 15 min, sd: 10 min}}" % t
                    for t in ["violent_in_progress", "crime_report", "traffic", "behavioral_health", "service_non_criminal"]]),
    ("after_call_constant_1s", ["call_types.%s.after_call={police: {distribution: constant, value: 1 s}}" % t
                                for t in ["violent_in_progress", "crime_report", "traffic", "behavioral_health", "service_non_criminal"]]),
    ("district_first", ["responders.police.dispatch={district_first: {cross_after: {2: 3 min, 3: 10 min}}}"]),
    ("cutoff", ["responders.police.dispatch={cutoff: {priority: 3, reserve: 2}}"]),
    ("preempt", ["responders.police.dispatch={preempt: {by: 1, of: 3}}"]),
    ("all_policies", ["responders.police.dispatch={district_first: {cross_after: {2: 3 min, 3: 10 min}}, "
                      "cutoff: {priority: 3, reserve: 2}, preempt: {by: 1, of: 3}}"]),
    ("watches_and_breaks", ["responders.police.watches=" + WATCHES]),
    ("officer_initiated", ["officer_initiated=[{name: stops, responder: police, per_hour: 150, "
                           "duration: {distribution: lognormal, mean: 20 min, sd: 15 min}, reserve: 2}]"]),
    ("units_together", ["call_types.violent_in_progress.units_needed=2", "call_types.violent_in_progress.units_together=true"]),
]


def per_call(binary, sets, scratch):
    """Instructions per call with `sets` (instructions.count: callgrind, one replication)."""
    extra = [arg for s in sets for arg in ("--set", s)]
    i7, c7 = count(binary, SCENARIO, 7, extra, os.path.join(scratch, "a"))
    i21, c21 = count(binary, SCENARIO, 21, extra, os.path.join(scratch, "b"))
    return (i21 - i7) / (c21 - c7), c21 - c7


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/dispatchsim")
    parser.add_argument("--old", help="another dispatchsim binary to measure with no options")
    parser.add_argument("--only", nargs="*", help="variants to run (default: all)")
    options = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("mechanism_cost.py: needs valgrind")
    with tempfile.TemporaryDirectory() as scratch:
        def stripped(path, name):
            copy = os.path.join(scratch, name)
            shutil.copy(path, copy)
            subprocess.run(["strip", "-g", copy], check=True)
            return copy
        new = stripped(options.binary, "new")
        print("| variant | instructions per call | change against off | calls (21 minus 7 days) |")
        print("| --- | ---: | ---: | ---: |")
        if options.old:
            cost, calls = per_call(stripped(options.old, "old"), [], scratch)
            print("| old binary (%s) | %.0f | | %d |" % (options.old, cost, calls), flush=True)
        base = None
        for name, sets in VARIANTS:
            if options.only and name not in options.only and name != "off":
                continue
            cost, calls = per_call(new, sets, scratch)
            base = cost if name == "off" else base
            change = "" if name == "off" else "%+.0f (%+.1f%%)" % (cost - base, 100 * (cost - base) / base)
            print("| %s | %.0f | %s | %d |" % (name, cost, change, calls), flush=True)


if __name__ == "__main__":
    main()
