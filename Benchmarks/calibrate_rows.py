#!/usr/bin/env python3
"""Benchmarks/calibrate_rows.py: how fast `dispatchsim calibrate` reads an export, and whether its
memory stays flat in the number of rows.

    swift build -c release --product dispatchsim
    python3 Benchmarks/calibrate_rows.py [--rows 250000 1000000 4000000] [--repeat 3]

For each row count it writes a synthetic export in New Orleans' format (the `new-orleans`
preset: US AM/PM timestamps, `NULL` for missing times, raw call types of the Vera crosswalk, an
officer-initiated flag; generated once with a fixed seed and kept in Results/benchmarks/), then
runs `dispatchsim calibrate FILE --preset new-orleans --out ...` --repeat times, each in its own
child process, and prints the median wall time, the time per million rows and the peak resident
memory (`ru_maxrss` from `os.wait4`). No report is written (the report's simulation is not the
reading being measured).
"""

import argparse
import os
import random
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = [("THEFT", "3C", 30.0), ("AGGRAVATED BATTERY", "2A", 45.0), ("MENTAL PATIENT", "2B", 50.0),
         ("DISTURBANCE", "1A", 25.0), ("TRAFFIC INCIDENT", "1C", 35.0), ("SUSPICIOUS PERSON", "2C", 20.0)]
DISTRICTS = [str(d) for d in range(1, 9)]


def us(t):
    lt = time.gmtime(t)
    h = lt.tm_hour % 12 or 12
    return "%02d/%02d/%04d %02d:%02d:%02d %s" % (lt.tm_mon, lt.tm_mday, lt.tm_year, h, lt.tm_min, lt.tm_sec,
                                                 "AM" if lt.tm_hour < 12 else "PM")


def write_export(path, rows, seed=1):
    rng = random.Random(seed)
    start = 1546300800  # 2019-01-01 00:00:00, read as a wall-clock time
    gap = 365 * 86400 / rows
    t = float(start)
    with open(path, "w", newline="") as f:
        f.write("NOPD_Item,Type_,TimeCreate,TimeDispatch,TimeArrive,TimeClosed,InitialTypeText,InitialPriority,"
                "PoliceDistrict,SelfInitiated\n")
        for i in range(rows):
            t += rng.expovariate(1 / gap)
            name, prio, scene = TYPES[rng.randrange(len(TYPES))]
            d = t + rng.expovariate(1 / 120)
            a = d + rng.expovariate(1 / 400)
            c = a + 60 * rng.lognormvariate(3.2, 0.6)
            self_initiated = "Y" if rng.random() < 0.4 else "N"
            arrive = us(a) if rng.random() > 0.05 else "NULL"
            f.write("I%08d,%s,%s,%s,%s,%s,%s,%s,%s,%s\n" % (i, name[:4], us(t), us(d), arrive, us(c), name, prio,
                                                          rng.choice(DISTRICTS), self_initiated))


def run_once(binary, export, out):
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.execv(binary, [binary, "calibrate", export, "--preset", "new-orleans", "--out", out, "--force"])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        sys.exit(f"calibrate failed on {export} (status {status})")
    return wall, usage.ru_maxrss / 1024  # MiB


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[250_000, 1_000_000, 4_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/dispatchsim"))
    args = parser.parse_args()
    folder = os.path.join(ROOT, "Results/benchmarks")
    os.makedirs(folder, exist_ok=True)
    print("| rows | file size | wall time (median of %d) | per million rows | peak memory |" % args.repeat)
    print("| --- | --- | --- | --- | --- |")
    for rows in args.rows:
        export = os.path.join(folder, f"calibrate-{rows}.csv")
        if not os.path.exists(export):
            write_export(export + ".tmp", rows)
            os.replace(export + ".tmp", export)
        out = os.path.join(folder, f"calibrate-{rows}.yaml")
        results = [run_once(args.binary, export, out) for _ in range(args.repeat)]
        wall = statistics.median(r[0] for r in results)
        memory = max(r[1] for r in results)
        size = os.path.getsize(export) / 2**20
        print(f"| {rows:,} | {size:.0f} MiB | {wall:.2f} s | {wall / rows * 1e6:.2f} s | {memory:.1f} MiB |")


if __name__ == "__main__":
    main()
