#!/usr/bin/env python3
"""Benchmarks/instructions.py: instructions per call of dispatchsim on the three models of
BENCHMARKS.md section 7, counted by valgrind's callgrind: counts do not drift with the host's
speed, so a change is measured by them as well as by time.

Each model runs twice, one replication with the scenario file's seed, and the count is the
difference between the two runs divided by the difference of their calls, so that start-up and
output cancel:

    reference   Benchmarks/reference-dispatch.yaml, 90 minus 30 days
    city        Benchmarks/chicago-city-year.yaml (the benchmark city), 21 minus 7 days, no warm-up
    chicago     Scenarios/chicago-baseline.yaml (the recalibrated Chicago), 21 minus 7 days, no warm-up

(For the benchmark city and Chicago, officer-initiated activity and other events are counted in
the instructions, not in the calls.) dispatchsim runs as a `strip -g` copy: valgrind cannot read
Swift's debug information.

    python3 Benchmarks/instructions.py                       # .build/release/dispatchsim, all three
    python3 Benchmarks/instructions.py --dispatchsim /tmp/old/dispatchsim reference city

Standard library only; needs valgrind and strip (binutils). About 15 seconds a model.
"""

import argparse
import csv
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODELS = {
    "reference": (REPO / "Benchmarks" / "reference-dispatch.yaml", (30, 90), []),
    "city": (REPO / "Benchmarks" / "chicago-city-year.yaml", (7, 21), ["--set", "warmup=0"]),
    "chicago": (REPO / "Scenarios" / "chicago-baseline.yaml", (7, 21), ["--set", "warmup=0"]),
}


def count(binary, scenario, days, extra, out):
    """Instructions and calls of one replication of `days` days."""
    command = [str(binary), "run", str(scenario), "--replications", "1", "--jobs", "1", "--quiet",
               "--force", "--out", str(out), "--set", f"horizon={days} days", *extra]
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                          cwd=REPO, capture_output=True, text=True)
    refs = re.search(r"I\s+refs:\s+([0-9,]+)", done.stderr)
    if done.returncode != 0 or refs is None:
        sys.exit(f"instructions.py: valgrind failed on {' '.join(command)}:\n{done.stderr[-2000:]}")
    with open(Path(out) / "summary.csv", newline="") as f:
        calls = int(next(csv.DictReader(f))["calls"])
    return int(refs.group(1).replace(",", "")), calls


def main():
    parser = argparse.ArgumentParser(description="Instructions per call of dispatchsim (callgrind).")
    parser.add_argument("models", nargs="*", metavar="model",
                        help=f"models to count, of {', '.join(MODELS)} (default: all three)")
    parser.add_argument("--dispatchsim", default=str(REPO / ".build" / "release" / "dispatchsim"),
                        help="the binary (default .build/release/dispatchsim)")
    args = parser.parse_args()
    unknown = [m for m in args.models if m not in MODELS]
    if unknown:
        parser.error(f"unknown model {', '.join(unknown)}; expected one of {', '.join(MODELS)}")
    for tool in ("valgrind", "strip"):
        if shutil.which(tool) is None:
            sys.exit(f"instructions.py: {tool} is not installed")
    if not Path(args.dispatchsim).is_file():
        sys.exit(f"instructions.py: no dispatchsim binary at {args.dispatchsim} (swift build -c release --product dispatchsim)")
    with tempfile.TemporaryDirectory(prefix="instructions-") as tmp:
        stripped = Path(tmp) / "dispatchsim"
        subprocess.run(["strip", "-g", "-o", str(stripped), args.dispatchsim], check=True)
        print("| model | horizons (days) | calls | instructions per call |")
        print("| --- | --- | ---: | ---: |")
        for name in args.models or list(MODELS):
            scenario, (short, long), extra = MODELS[name]
            i1, c1 = count(stripped, scenario, short, extra, Path(tmp) / "short")
            i2, c2 = count(stripped, scenario, long, extra, Path(tmp) / "long")
            print(f"| {name} | {long} minus {short} | {c2 - c1:,} | {(i2 - i1) / (c2 - c1):,.1f} |", flush=True)


if __name__ == "__main__":
    main()
