#!/usr/bin/env python3
"""Benchmarks/limit/check.py: builds the hand-written C loop of the reference dispatch model
(reference_loop.c, here), runs it and `dispatchsim run Benchmarks/reference-dispatch.yaml` on the
same replications, seed and horizon, and compares their result tables as text, cell by cell:
every per-replication table dispatchsim writes (summary.csv, by_call_type.csv, by_zone.csv,
by_unit.csv, unit_zone_dispatches.csv, response.csv, crisis_funnel.csv), every column of each,
plus the number of events run (manifest.json run.events). A table or a column dispatchsim writes
that the loop does not is a difference, named; so is one the loop writes that dispatchsim does
not. aggregate.csv (computed from summary.csv across replications) and manifest.json (metadata)
are the only files of dispatchsim's results folder not compared. Exits 1 at the first
difference, naming the table, the replication, the column and both values; 0 when every cell is
the same.

    python3 Benchmarks/limit/check.py --dispatchsim /tmp/dispatchsim-limit-ref
    python3 Benchmarks/limit/check.py --replications 20 --seed 1 --days 365 --timing 5
    python3 Benchmarks/limit/check.py --callgrind

The dispatchsim binary: --dispatchsim PATH, else $DISPATCHSIM, else .build/release/dispatchsim.
Nothing here compiles Swift. Standard library only; needs a C compiler ($CC, default cc),
pkg-config and GSL's development files.

Options: --replications R (default 20), --seed S (default 1), --days D (default 365), --keep DIR
(keep both results folders in DIR/loop and DIR/dispatchsim), --timing N (after the check, N
alternating timing runs of both on the same work; medians), --short-days D (the short horizon of
the timing's long-minus-short difference, default 1), --callgrind (instructions per call of both,
counted by valgrind as the difference between two horizons), --json FILE (everything measured).

As a module, for a benchmark runner:

    import check
    report = check.compare_and_time(dispatchsim="/path/to/dispatchsim", replications=20, seed=1,
                                    days=365, runs=5)
    report["identical"], report["timing"]["dispatchsim"]["ns_per_call"], report["timing"]["loop"][...]

`compare_and_time` builds the loop once, checks it against dispatchsim, then times both on the same
invocation (alternating); `check`, `measure` and `callgrind` do one part each. See their docs for
the keys.
"""

import argparse
import csv
import io
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SCENARIO = REPO / "Benchmarks" / "reference-dispatch.yaml"
SOURCE = HERE / "reference_loop.c"
TABLES = ["summary.csv", "by_call_type.csv", "by_zone.csv", "by_unit.csv", "unit_zone_dispatches.csv",
          "response.csv", "crisis_funnel.csv"]
# The files of dispatchsim's results folder that are not per-replication tables, and why they are
# not compared. Any other file there that is not in TABLES is a difference.
NOT_COMPARED = {
    "aggregate.csv": "computed from summary.csv across replications (mean, sd, confidence interval per column)",
    "manifest.json": "metadata (scenario, seeds, versions, timing); its run.events is compared",
}
LOOP_TIMING = re.compile(
    r"reference_loop: (\d+) replications of \S+ days, (\d+) calls, (\d+) events, ([0-9.]+) s")
DISPATCHSIM_TIMING = re.compile(r"replications[^,]*, ([0-9.]+) s\)\s*$")


class CheckError(Exception):
    """A build or run that failed, or a difference between the two programs."""


# MARK: building and running

def shim_directory():
    """The folder of DispatchSim's C shim (shim.h: MRG32k3a as a GSL generator), which the loop
    includes as is. Sources/CGSL, or wherever a restructuring moved the file."""
    default = REPO / "Sources" / "CGSL"
    if (default / "shim.h").is_file():
        return default
    for path in sorted(REPO.rglob("shim.h")):
        if ".build" not in path.parts and "dsim_mrg32k3a_next" in path.read_text(errors="replace"):
            return path.parent
    raise CheckError("cannot find DispatchSim's shim.h (with dsim_mrg32k3a_next) under " + str(REPO))


def build(directory, cc=None, source=SOURCE):
    """Compiles `source` (reference_loop.c, or another C loop of this folder, such as
    engine_loop.c) into `directory`; returns the binary's path."""
    cc = cc or os.environ.get("CC", "cc")
    gsl = subprocess.run(["pkg-config", "--cflags", "--libs", "gsl"], capture_output=True, text=True)
    if gsl.returncode != 0:
        raise CheckError("pkg-config cannot find GSL: " + gsl.stderr.strip())
    binary = Path(directory) / Path(source).stem
    command = [cc, "-O2", "-ffp-contract=off", "-I", str(shim_directory()), str(source),
               *shlex.split(gsl.stdout), "-o", str(binary)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise CheckError(f"build failed: {shlex.join(command)}\n{done.stderr}")
    return binary


def dispatchsim_binary(given=None):
    """The dispatchsim to compare with: `given`, else $DISPATCHSIM, else .build/release/dispatchsim."""
    path = given or os.environ.get("DISPATCHSIM") or str(REPO / ".build" / "release" / "dispatchsim")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise CheckError(f"no dispatchsim binary at {path} (give --dispatchsim PATH or set DISPATCHSIM)")
    return path


def days_text(days):
    return f"{days:g}"


def run_loop(binary, replications, seed, days, tables_dir=None):
    """Runs the loop. Returns {"summary": text, "sim_seconds", "process_seconds", "calls", "events"}
    (sim_seconds: the loop's own clock around the simulation only)."""
    command = [str(binary), "--replications", str(replications), "--seed", str(seed), "--days", days_text(days)]
    if tables_dir is not None:
        command += ["--tables", str(tables_dir)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    process_seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise CheckError(f"the loop failed ({done.returncode}): {shlex.join(command)}\n{done.stderr}")
    timed = LOOP_TIMING.search(done.stderr)
    if timed is None:
        raise CheckError(f"no timing line in the loop's standard error:\n{done.stderr}")
    return {"command": command, "summary": done.stdout, "sim_seconds": float(timed.group(4)),
            "process_seconds": process_seconds, "calls": int(timed.group(2)), "events": int(timed.group(3))}


def run_dispatchsim(binary, replications, seed, days, out_dir, quiet=True):
    """Runs `dispatchsim run` on the reference scenario (--jobs 1). Returns {"process_seconds",
    "wall_seconds" (the in-simulator time it prints, 2 decimals; None when quiet), "events",
    "calls"}."""
    command = [str(binary), "run", str(SCENARIO), "--replications", str(replications), "--seed", str(seed),
               "--out", str(out_dir), "--force", "--jobs", "1"]
    if days != 365:
        command += ["--set", f"horizon={days_text(days)} days"]
    if quiet:
        command.append("--quiet")
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    process_seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise CheckError(f"dispatchsim failed ({done.returncode}): {shlex.join(command)}\n{done.stderr}")
    wall = None
    if not quiet:
        timed = DISPATCHSIM_TIMING.search(done.stdout)
        if timed is None:
            raise CheckError(f"no wall time in dispatchsim's output:\n{done.stdout}")
        wall = float(timed.group(1))
    manifest = json.loads((Path(out_dir) / "manifest.json").read_text())
    with open(Path(out_dir) / "summary.csv", newline="") as f:
        calls = sum(int(row["calls"]) for row in csv.DictReader(f))
    return {"command": command, "process_seconds": process_seconds, "wall_seconds": wall,
            "events": manifest["run"]["events"], "calls": calls}


# MARK: comparing

def read_table(text):
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise CheckError("empty table")
    return rows[0], rows[1:]


def first_difference(name, loop_text, dispatchsim_text):
    """The first difference between two CSV tables, as text, or None. Their headers must be the
    same: a column of dispatchsim's that the loop lacks (or the other way round) is a difference,
    named, and so is the same columns in another order. Rows are matched in order (both are sorted
    by point and replication) and must agree in number; every cell is compared as text."""
    loop_header, loop_rows = read_table(loop_text)
    ds_header, ds_rows = read_table(dispatchsim_text)
    missing = [c for c in ds_header if c not in loop_header]
    if missing:
        return f"{name}: dispatchsim writes {len(missing)} column(s) the loop does not: {', '.join(missing)}"
    extra = [c for c in loop_header if c not in ds_header]
    if extra:
        return f"{name}: the loop writes {len(extra)} column(s) dispatchsim does not: {', '.join(extra)}"
    if loop_header != ds_header:
        at = next(j for j, (a, b) in enumerate(zip(loop_header, ds_header)) if a != b)
        return (f"{name}: the same columns in another order: column {at + 1} is {loop_header[at]!r} in the loop, "
                f"{ds_header[at]!r} in dispatchsim")
    for i, (mine, theirs) in enumerate(zip(loop_rows, ds_rows)):
        if len(mine) != len(loop_header) or len(theirs) != len(ds_header):
            return (f"{name}, row {i + 1}: {len(mine)} cells from the loop, {len(theirs)} from dispatchsim, "
                    f"for {len(ds_header)} columns")
        for j, column in enumerate(loop_header):
            a, b = mine[j], theirs[j]
            if a != b:
                label = ", ".join(f"{k}={mine[loop_header.index(k)]}"
                                  for k in ("replication", "call_type", "zone", "unit", "responder", "priority", "hour")
                                  if k in loop_header)
                return f"{name}, row {i + 1} ({label}), column {column}: loop {a!r}, dispatchsim {b!r}"
    if len(loop_rows) != len(ds_rows):
        return f"{name}: {len(loop_rows)} rows from the loop, {len(ds_rows)} from dispatchsim"
    return None


def uncompared_files(dispatchsim_dir):
    """The files in dispatchsim's results folder that are neither compared (TABLES) nor known not
    to need it (NOT_COMPARED): tables the loop would lack."""
    return sorted(path.name for path in Path(dispatchsim_dir).iterdir()
                  if path.is_file() and path.name not in TABLES and path.name not in NOT_COMPARED)


def check(dispatchsim=None, replications=20, seed=1, days=365, loop_binary=None, keep=None, cc=None):
    """Runs both programs once on the same work and compares every table.

    Returns {"identical": bool, "difference": text or None, "replications", "seed", "days",
    "cells": number compared, "columns": {table: columns compared}, "not_compared": {file: why}
    (dispatchsim's files left out), "events": {"loop", "dispatchsim"}, "loop": run_loop(...),
    "dispatchsim": run_dispatchsim(...)}. A table or column dispatchsim writes that the loop does
    not makes "identical" false, and "difference" names it."""
    dispatchsim = dispatchsim_binary(dispatchsim)
    with tempfile.TemporaryDirectory(prefix="limit-check-") as tmp:
        tmp = Path(tmp)
        base = Path(keep) if keep else tmp
        loop_dir, ds_dir = base / "loop", base / "dispatchsim"
        loop_dir.mkdir(parents=True, exist_ok=True)
        binary = loop_binary or build(tmp, cc)
        loop = run_loop(binary, replications, seed, days, tables_dir=loop_dir)
        (loop_dir / "summary.csv").write_text(loop["summary"])
        ds = run_dispatchsim(dispatchsim, replications, seed, days, ds_dir, quiet=True)
        difference, cells, columns = None, 0, {}
        unknown = uncompared_files(ds_dir)
        if unknown:
            difference = (f"dispatchsim writes {', '.join(unknown)}, which the loop does not "
                          f"(compared: {', '.join(TABLES)}; not compared: {', '.join(NOT_COMPARED)})")
        for name in TABLES if difference is None else []:
            if not (ds_dir / name).is_file():
                difference = f"{name}: dispatchsim did not write it"
                break
            if not (loop_dir / name).is_file():
                difference = f"{name}: dispatchsim writes it, the loop does not"
                break
            loop_text = (loop_dir / name).read_text()
            ds_text = (ds_dir / name).read_text()
            difference = first_difference(name, loop_text, ds_text)
            if difference:
                break
            header, rows = read_table(loop_text)
            columns[name] = header
            cells += len(header) * len(rows)
        if difference is None and loop["events"] != ds["events"]:
            difference = f"events: loop {loop['events']}, dispatchsim {ds['events']} (manifest.json run.events)"
        loop.pop("summary")
        return {"identical": difference is None, "difference": difference, "replications": replications,
                "seed": seed, "days": days, "cells": cells, "columns": columns, "not_compared": dict(NOT_COMPARED),
                "events": {"loop": loop["events"], "dispatchsim": ds["events"]}, "loop": loop, "dispatchsim": ds}


# MARK: timing

def _summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def measure(dispatchsim=None, replications=20, seed=1, days=365, runs=5, short_days=1, loop_binary=None, cc=None):
    """Times both programs on the same work, alternating (loop, dispatchsim, then the other way
    round on the next run), `runs` times each, at the full horizon and at `short_days`.

    Returns {"replications", "seed", "days", "short_days", "runs", "calls", "short_calls",
    "loop": {...}, "dispatchsim": {...}, "ratio": {...}, "machine": {...}}. For each program:
    "process_seconds" (start to exit), "ns_per_call" (median process time per call; for the loop,
    its own clock around the simulation, "sim_ns_per_call"; for dispatchsim, the in-simulator time it
    prints, "in_simulator_ns_per_call"), and "marginal_ns_per_call": the median over runs of
    (full - short process time) / (full - short calls), which cancels start-up, per-replication
    set-up and output. "ratio": dispatchsim over loop for each."""
    dispatchsim = dispatchsim_binary(dispatchsim)
    with tempfile.TemporaryDirectory(prefix="limit-time-") as tmp:
        tmp = Path(tmp)
        binary = loop_binary or build(tmp, cc)
        loop_runs, ds_runs = [], []
        for k in range(runs):
            order = ["loop", "dispatchsim"] if k % 2 == 0 else ["dispatchsim", "loop"]
            entry = {"loop": {}, "dispatchsim": {}}
            for horizon, key in ((days, "full"), (short_days, "short")):
                for who in order:
                    if who == "loop":
                        entry["loop"][key] = run_loop(binary, replications, seed, horizon)
                        entry["loop"][key].pop("summary")
                    else:
                        entry["dispatchsim"][key] = run_dispatchsim(dispatchsim, replications, seed, horizon,
                                                                    tmp / "ds", quiet=False)
            loop_runs.append(entry["loop"])
            ds_runs.append(entry["dispatchsim"])
    calls, short_calls = loop_runs[0]["full"]["calls"], loop_runs[0]["short"]["calls"]
    if ds_runs[0]["full"]["calls"] != calls:
        raise CheckError(f"different work: loop {calls} calls, dispatchsim {ds_runs[0]['full']['calls']}")
    extra = calls - short_calls

    def per_call(seconds, n):
        return 1e9 * seconds / n

    loop = {
        "process_seconds": _summary([r["full"]["process_seconds"] for r in loop_runs]),
        "sim_seconds": _summary([r["full"]["sim_seconds"] for r in loop_runs]),
        "ns_per_call": statistics.median(per_call(r["full"]["process_seconds"], calls) for r in loop_runs),
        "sim_ns_per_call": statistics.median(per_call(r["full"]["sim_seconds"], calls) for r in loop_runs),
        "marginal_ns_per_call": statistics.median(
            per_call(r["full"]["process_seconds"] - r["short"]["process_seconds"], extra) for r in loop_runs),
        "sim_marginal_ns_per_call": statistics.median(
            per_call(r["full"]["sim_seconds"] - r["short"]["sim_seconds"], extra) for r in loop_runs),
        "short_process_seconds": _summary([r["short"]["process_seconds"] for r in loop_runs]),
    }
    ds = {
        "process_seconds": _summary([r["full"]["process_seconds"] for r in ds_runs]),
        "wall_seconds": _summary([r["full"]["wall_seconds"] for r in ds_runs]),
        "ns_per_call": statistics.median(per_call(r["full"]["process_seconds"], calls) for r in ds_runs),
        "in_simulator_ns_per_call": statistics.median(per_call(r["full"]["wall_seconds"], calls) for r in ds_runs),
        "marginal_ns_per_call": statistics.median(
            per_call(r["full"]["process_seconds"] - r["short"]["process_seconds"], extra) for r in ds_runs),
        "short_process_seconds": _summary([r["short"]["process_seconds"] for r in ds_runs]),
        "short_wall_seconds": _summary([r["short"]["wall_seconds"] for r in ds_runs]),
    }
    # Same-run ratios (each run's dispatchsim over the loop run next to it), then their median.
    ratio = {
        "process": statistics.median(d["full"]["process_seconds"] / l["full"]["process_seconds"]
                                     for d, l in zip(ds_runs, loop_runs)),
        "in_simulator_over_loop_sim": statistics.median(d["full"]["wall_seconds"] / l["full"]["sim_seconds"]
                                                        for d, l in zip(ds_runs, loop_runs)),
        "marginal": statistics.median(
            (d["full"]["process_seconds"] - d["short"]["process_seconds"])
            / (l["full"]["process_seconds"] - l["short"]["process_seconds"]) for d, l in zip(ds_runs, loop_runs)),
    }
    return {"replications": replications, "seed": seed, "days": days, "short_days": short_days, "runs": runs,
            "calls": calls, "short_calls": short_calls, "events": loop_runs[0]["full"]["events"],
            "loop": loop, "dispatchsim": ds, "ratio": ratio, "machine": machine()}


def machine():
    """nproc, the CPU model and the load average, for the record."""
    model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "load_average": os.getloadavg()}


# MARK: instructions per call

def callgrind(dispatchsim=None, seed=1, days=(30, 90), loop_binary=None, cc=None):
    """Instructions per call of both programs, counted by valgrind's callgrind as the difference
    between one replication of days[1] and one of days[0], so that start-up and output cancel.
    dispatchsim runs as a `strip -g` copy (valgrind cannot read Swift's debug information).

    Returns {"days", "calls": [short, long], "loop": {"instructions": [short, long], "per_call"},
    "dispatchsim": {...}, "ratio"}."""
    if shutil.which("valgrind") is None:
        raise CheckError("valgrind is not installed")
    dispatchsim = dispatchsim_binary(dispatchsim)
    with tempfile.TemporaryDirectory(prefix="limit-callgrind-") as tmp:
        tmp = Path(tmp)
        binary = loop_binary or build(tmp, cc)
        stripped = tmp / "dispatchsim-stripped"
        subprocess.run(["strip", "-g", "-o", str(stripped), dispatchsim], check=True)
        out = {"days": list(days), "calls": [], "loop": {"instructions": []}, "dispatchsim": {"instructions": []}}
        for d in days:
            loop_cmd = [str(binary), "--replications", "1", "--seed", str(seed), "--days", days_text(d)]
            ds_cmd = [str(stripped), "run", str(SCENARIO), "--replications", "1", "--seed", str(seed), "--jobs", "1",
                      "--quiet", "--force", "--out", str(tmp / "ds"), "--set", f"horizon={days_text(d)} days"]
            for who, command in (("loop", loop_cmd), ("dispatchsim", ds_cmd)):
                done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                                      cwd=REPO, capture_output=True, text=True)
                if done.returncode != 0:
                    raise CheckError(f"valgrind failed on {shlex.join(command)}:\n{done.stderr[-2000:]}")
                refs = re.search(r"I\s+refs:\s+([0-9,]+)", done.stderr)
                out[who]["instructions"].append(int(refs.group(1).replace(",", "")))
                if who == "loop":
                    out["calls"].append(int(LOOP_TIMING.search(done.stderr).group(2)))
        extra = out["calls"][1] - out["calls"][0]
        for who in ("loop", "dispatchsim"):
            counts = out[who]["instructions"]
            out[who]["per_call"] = (counts[1] - counts[0]) / extra
        out["ratio"] = out["dispatchsim"]["per_call"] / out["loop"]["per_call"]
        return out


def compare_and_time(dispatchsim=None, replications=20, seed=1, days=365, runs=5, short_days=1, cc=None):
    """Builds the loop once, checks it against dispatchsim, then times both on the same work.
    Returns {"identical", "difference", "check": check(...), "timing": measure(...) or None when
    they differ}."""
    with tempfile.TemporaryDirectory(prefix="limit-") as tmp:
        binary = build(tmp, cc)
        result = check(dispatchsim, replications, seed, days, loop_binary=binary)
        timing = measure(dispatchsim, replications, seed, days, runs, short_days, loop_binary=binary) \
            if result["identical"] else None
        return {"identical": result["identical"], "difference": result["difference"], "check": result,
                "timing": timing}


# MARK: command line

def print_timing(t):
    l, d, r = t["loop"], t["dispatchsim"], t["ratio"]
    print(f"\ntiming: {t['replications']} replications of {t['days']:g} days ({t['calls']:,} calls, "
          f"{t['events']:,} events), {t['runs']} alternating runs each, medians; short runs of "
          f"{t['short_days']:g} days ({t['short_calls']:,} calls) for the long-minus-short difference")
    rows = [
        ("", "loop", "dispatchsim", "dispatchsim / loop"),
        ("process wall time (s)", f"{l['process_seconds']['median']:.3f}", f"{d['process_seconds']['median']:.3f}",
         f"{r['process']:.2f}"),
        ("  range (s)", f"{l['process_seconds']['min']:.3f}-{l['process_seconds']['max']:.3f}",
         f"{d['process_seconds']['min']:.3f}-{d['process_seconds']['max']:.3f}", ""),
        ("in-program time (s): loop's clock / dispatchsim's printed", f"{l['sim_seconds']['median']:.3f}",
         f"{d['wall_seconds']['median']:.2f}", f"{r['in_simulator_over_loop_sim']:.2f}"),
        ("ns per call, process", f"{l['ns_per_call']:.1f}", f"{d['ns_per_call']:.1f}", ""),
        ("ns per call, in program", f"{l['sim_ns_per_call']:.1f}", f"{d['in_simulator_ns_per_call']:.1f}", ""),
        ("ns per call, long minus short (process)", f"{l['marginal_ns_per_call']:.1f}",
         f"{d['marginal_ns_per_call']:.1f}", f"{r['marginal']:.2f}"),
        ("calls per second, in program", f"{1e9 / l['sim_ns_per_call']:,.0f}",
         f"{1e9 / d['in_simulator_ns_per_call']:,.0f}", ""),
    ]
    width = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width[i]) if i == 0 else cell.rjust(width[i]) for i, cell in enumerate(row)))
    m = t["machine"]
    print(f"machine: {m['cpu']}, nproc {m['nproc']}, load average {' '.join(f'{x:.2f}' for x in m['load_average'])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dispatchsim", help="dispatchsim binary (default: $DISPATCHSIM, else .build/release/dispatchsim)")
    parser.add_argument("--replications", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=float, default=365)
    parser.add_argument("--keep", help="keep both results folders in this folder (loop/, dispatchsim/)")
    parser.add_argument("--timing", type=int, default=0, metavar="RUNS",
                        help="then time both, RUNS alternating runs each (default 0: no timing)")
    parser.add_argument("--short-days", type=float, default=1, help="short horizon of the timing difference")
    parser.add_argument("--callgrind", action="store_true", help="then count instructions per call with valgrind")
    parser.add_argument("--cc", help="C compiler (default: $CC, else cc)")
    parser.add_argument("--json", help="write everything measured to this file")
    args = parser.parse_args()
    report = {}
    try:
        with tempfile.TemporaryDirectory(prefix="limit-") as tmp:
            binary = build(tmp, args.cc)
            result = check(args.dispatchsim, args.replications, args.seed, args.days, loop_binary=binary, keep=args.keep)
            report["check"] = result
            if not result["identical"]:
                print(f"DIFFERENT: {result['difference']}", file=sys.stderr)
                if args.json:
                    Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
                return 1
            print(f"identical: {args.replications} replications of {args.days:g} days, seed {args.seed}: "
                  f"{result['cells']:,} cells in {len(result['columns'])} tables "
                  f"(summary.csv: {len(result['columns']['summary.csv'])} columns; not compared: "
                  f"{', '.join(result['not_compared'])}), "
                  f"and {result['events']['loop']:,} events, the same as dispatchsim's")
            if args.timing > 0:
                report["timing"] = measure(args.dispatchsim, args.replications, args.seed, args.days, args.timing,
                                           args.short_days, loop_binary=binary)
                print_timing(report["timing"])
            if args.callgrind:
                report["callgrind"] = c = callgrind(args.dispatchsim, args.seed, loop_binary=binary)
                print(f"\ncallgrind: one replication, {c['days'][0]} and {c['days'][1]} days ({c['calls'][0]:,} and "
                      f"{c['calls'][1]:,} calls); instructions per call (long minus short): loop "
                      f"{c['loop']['per_call']:,.0f}, dispatchsim {c['dispatchsim']['per_call']:,.0f}, "
                      f"ratio {c['ratio']:.2f}")
    except CheckError as error:
        print(f"check.py: {error}", file=sys.stderr)
        return 2
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
