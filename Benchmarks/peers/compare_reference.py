#!/usr/bin/env python3
"""Benchmarks/peers/compare_reference.py: runs the peer benchmark's reference dispatch model in DispatchSim
(Benchmarks/reference-dispatch.yaml) and in SimPy (Benchmarks/peers/simpy_reference.py), checks that
the two agree statistically, and compares their speed.

    .venv/bin/python Benchmarks/peers/compare_reference.py --dispatchsim .build/release/dispatchsim \\
        --json Results/benchmarks/peers-reference.json

DispatchSim runs once with 20 replications (`--replications`; independent: each replication has
its own substreams) and `--jobs 1`; SimPy runs its script once per seed (1, 2, ..., 20; or
`--simpy-seeds N`), one process after the other. Both sides are single-threaded and never run at
the same time.

For every metric the table gives each simulator's mean over its replications with a 95% Student t
interval, the difference DispatchSim - SimPy with a 95% Welch interval, |difference| / SE (SE the
combined standard error sqrt(sd_D^2/n_D + sd_S^2/n_S)) and whether the interval contains 0.
A metric AGREES when |difference| <= 4 SE: with ten metrics, 95% intervals would exclude 0 for
some metric in about 40% of all comparisons of two correct models, while 4 SE does so in well
under 1%. The command exits with status 1 when some metric disagrees.

The 90th percentiles are estimated differently on the two sides: DispatchSim reads them off a
log-linear histogram (Sources/DispatchEngine/QuantileHistogram.swift; within 0.8% of the sample
percentile), SimPy reports the exact sample percentile (numpy.percentile, linear interpolation:
Hyndman and Fan's definition 7). So the p90 rows check the model and DispatchSim's estimator
together. The SimPy script also reads DispatchSim's histogram estimate off its own response times;
the table's notes give that estimate minus the exact one, which is the part of D - S that comes
from the estimators, and each side's per-replication median and range of the p90 rows.

Speed: wall times of the 20 replications, per replication and in total, inside each simulator
(DispatchSim: the wall time it prints, the run and its result files; SimPy: the script's
`wall_seconds`, building the model, running it and its statistics, the exact p90 included, the
histogram check not) and as whole processes (start to exit, as timed here); and events per second,
events counted as DispatchSim's engine counts them for this model (call arrivals + units leaving a
scene; see simpy_reference.py). Ratios are per replication (so they stay meaningful with
--simpy-seeds < 20) and are "DispatchSim faster by": SimPy's time over DispatchSim's, DispatchSim's
events per second over SimPy's.

`--json FILE` writes everything measured as one JSON object (strict JSON: a NaN is written as
null; times in seconds, response times in minutes). Its keys in format 2 are listed below. New keys
may be added within format 2; renaming or removing a key, or changing its meaning, raises the
format number:

  format              2
  benchmark           "peers/reference-dispatch"
  started_utc         ISO 8601 time the comparison started
  command             this script's command line
  git_commit          short commit of the working tree (null outside git)
  machine             {"cpu", "nproc", "platform", "python"}
  load_average_1min   {"before", "after"}: 1-minute load average around the runs
  settings            {"days", "seed" (DispatchSim's), "dispatchsim_replications", "simpy_seeds" (a list)}
  agree_rule          the agreement rule, as text
  all_agree           true when every metric agrees (then the exit status is 0)
  metrics             list, in table order, one object per metric:
                        "metric" (key, as in simpy_reference.py), "label" (as printed),
                        "dispatchsim" and "simpy": {"n", "mean", "sd", "ci95_half", "median",
                        "min", "max"} over replications,
                        "comparison": {"diff" (D - S), "se", "df" (Welch), "ci95_low", "ci95_high",
                        "abs_diff_over_se", "ci_contains_zero", "agree"}
  p90_estimator_gap   {"police_call", "mental_health"}: on SimPy's replications, DispatchSim's
                        histogram p90 minus the exact p90 (minutes): {"n", "mean", "sd",
                        "ci95_half", "median", "min", "max", "max_abs_relative"}
  timing              "dispatchsim" and "simpy", each: {"replications", "wall_seconds" (total in
                        simulator), "wall_per_replication", "process_seconds",
                        "process_per_replication", "events", "events_per_second"}; "simpy" also
                        "simpy_events" (SimPy's own events processed) and
                        "histogram_seconds_excluded";
                      "ratio_wall_per_replication" (SimPy / DispatchSim, in simulator),
                      "ratio_process_per_replication" (the same for whole processes),
                      "ratio_events_per_second" (DispatchSim / SimPy)
  dispatchsim         the run: "command", "version", "replications", "seed", "days",
                        "process_seconds", "wall_seconds", "events", "jobs", "overloaded_flag",
                        "warnings", "per_replication" (list of {metric key: value})
  simpy               the runs: "command" (SEED for the seed), "simpy_version", "python", "seeds",
                        "days", "process_seconds", "wall_seconds", "histogram_seconds", "events",
                        "simpy_events", "per_replication" (list of {metric key: value}, with
                        "<class>_p90_response_min_histogram" and "<class>_dispatched" too),
                        "runs" (list, per seed: the script's JSON line without "metrics", plus
                        "process_seconds")

So the headline figures are timing.dispatchsim.wall_per_replication,
timing.simpy.wall_per_replication, timing.ratio_wall_per_replication,
timing.dispatchsim.events_per_second, timing.simpy.events_per_second,
timing.ratio_events_per_second and all_agree.
"""

import argparse
import csv
import datetime
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
from gsl_stats import t_quantile  # noqa: E402  (the t quantile of DispatchSim's intervals)

SCENARIO = REPO / "Benchmarks" / "reference-dispatch.yaml"
SIMPY_SCRIPT = HERE / "simpy_reference.py"
AGREE_SE = 4.0
JSON_FORMAT = 2  # of the --json report; see the top of this file

# (key, label). Keys are the SimPy script's metric names; dispatchsim_replications() reads the same
# figures from DispatchSim's by_call_type.csv and summary.csv.
METRICS = [
    ("police_call_calls", "police calls"),
    ("police_call_mean_response_min", "police: mean response (min)"),
    ("police_call_p90_response_min", "police: p90 response (min)"),
    ("mental_health_calls", "mental-health calls"),
    ("mental_health_mean_response_min", "mental health: mean response (min)"),
    ("mental_health_p90_response_min", "mental health: p90 response (min)"),
    ("mental_health_share_crisis_team", "mental health: share by crisis team"),
    ("utilization_police", "utilization police"),
    ("utilization_crisis_team", "utilization crisis teams"),
    ("calls_waiting_at_end", "calls waiting at the horizon"),
]


# MARK: running the simulators

def run_dispatchsim(binary, replications, seed, days, out_dir):
    command = [str(binary), "run", str(SCENARIO), "--replications", str(replications), "--seed", str(seed),
               "--jobs", "1", "--out", str(out_dir), "--force", "--set", f"horizon={days:g} days"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    process_seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"compare_reference: dispatchsim failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    manifest = json.loads((out_dir / "manifest.json").read_text())
    # The time inside the simulator is printed, not written (the results folder holds only what
    # follows from the plan): "Results written to DIR/ (1 point x R replications, S s)".
    timed = re.search(r"replications[^,]*, ([0-9.]+) s\)\s*$", done.stdout)
    if timed is None:
        sys.exit(f"compare_reference: no wall time in dispatchsim's output:\n{done.stdout}")
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "command": command, "version": version, "replications": replications, "seed": seed, "days": days,
        "process_seconds": process_seconds, "wall_seconds": float(timed.group(1)),
        "events": manifest["run"]["events"], "jobs": 1,
        "overloaded_flag": manifest["run"]["overloaded"], "warnings": manifest.get("warnings", []),
        "per_replication": dispatchsim_replications(out_dir, replications),
    }


def dispatchsim_replications(out_dir, replications):
    """The benchmark's figures per replication, from DispatchSim's result files."""
    rows = [dict.fromkeys([k for k, _ in METRICS]) for _ in range(replications)]
    with open(out_dir / "by_call_type.csv", newline="") as f:
        for row in csv.DictReader(f):
            r, c = rows[int(row["replication"])], row["call_type"]
            r[f"{c}_calls"] = int(row["calls"])
            r[f"{c}_mean_response_min"] = number(row["mean_response_min"])
            r[f"{c}_p90_response_min"] = number(row["p90_response_min"])
            if c == "mental_health":
                dispatched = int(row["dispatched"])
                r["mental_health_share_crisis_team"] = (
                    int(row["handled_crisis_team"]) / dispatched if dispatched else math.nan)
    with open(out_dir / "summary.csv", newline="") as f:
        for row in csv.DictReader(f):
            r = rows[int(row["replication"])]
            for key in ("utilization_police", "utilization_crisis_team"):
                r[key] = number(row[key])
            r["calls_waiting_at_end"] = int(row["calls_waiting_at_end"])
    return rows


def run_simpy(python, seeds, days):
    runs, process_seconds = [], 0.0
    for i, seed in enumerate(seeds, 1):
        command = [str(python), str(SIMPY_SCRIPT), "--seed", str(seed), "--days", f"{days:g}"]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"compare_reference: SimPy run failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
        run = json.loads(done.stdout.strip().splitlines()[-1])
        run["process_seconds"] = elapsed
        process_seconds += elapsed
        runs.append(run)
        print(f"  simpy seed {seed}: {run['wall_seconds']:.2f} s ({i}/{len(seeds)})", file=sys.stderr)
    return {
        "command": [str(python), str(SIMPY_SCRIPT), "--seed", "SEED", "--days", f"{days:g}"],
        "simpy_version": runs[0]["simpy_version"], "python": runs[0]["python"], "seeds": list(seeds),
        "days": days, "process_seconds": process_seconds,
        "wall_seconds": sum(r["wall_seconds"] for r in runs),
        "histogram_seconds": sum(r["histogram_seconds"] for r in runs),
        "events": sum(r["events"] for r in runs),
        "simpy_events": sum(r["simpy_events"] for r in runs) if all(r["simpy_events"] is not None for r in runs) else None,
        "per_replication": [r["metrics"] for r in runs],
        "runs": [{k: v for k, v in r.items() if k != "metrics"} for r in runs],
    }


# MARK: statistics

def number(text):
    return float(text) if text not in ("", None) else math.nan


def describe(values):
    """n, mean, sd, 95% t interval half-width, median, minimum and maximum of the values that are
    numbers."""
    xs = sorted(float(v) for v in values if v is not None and not math.isnan(float(v)))
    n = len(xs)
    mean = sum(xs) / n if n else math.nan
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1)) if n > 1 else math.nan
    half = t_quantile(0.975, n - 1) * sd / math.sqrt(n) if n > 1 else math.nan
    median = (xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2) if n else math.nan
    return {"n": n, "mean": mean, "sd": sd, "ci95_half": half, "median": median,
            "min": xs[0] if n else math.nan, "max": xs[-1] if n else math.nan}


def compare(a, b):
    """DispatchSim (a) minus SimPy (b): Welch interval, |diff| / SE, and the agreement rule."""
    diff = a["mean"] - b["mean"]
    va, vb = a["sd"] ** 2 / a["n"], b["sd"] ** 2 / b["n"]
    se = math.sqrt(va + vb)
    if se > 0:
        df = (va + vb) ** 2 / ((va**2 / (a["n"] - 1) if va else 0) + (vb**2 / (b["n"] - 1) if vb else 0))
        half = t_quantile(0.975, df) * se
        z = abs(diff) / se
    else:  # both constant: they agree only if equal
        df, half, z = math.nan, 0.0, (0.0 if diff == 0 else math.inf)
    return {"diff": diff, "se": se, "df": df, "ci95_low": diff - half, "ci95_high": diff + half,
            "abs_diff_over_se": z, "ci_contains_zero": diff - half <= 0 <= diff + half, "agree": z <= AGREE_SE}


def finite_or_null(value):
    """The report with every NaN or infinity replaced by None (null), for strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite_or_null(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_or_null(v) for v in value]
    return value


# MARK: printing

def decimals_for(*halves):
    finite = [h for h in halves if h and math.isfinite(h) and h > 0]
    if not finite:
        return 3
    return max(0, min(6, 1 - math.floor(math.log10(min(finite)))))


def fmt(x, d):
    return "nan" if x is None or math.isnan(x) else f"{x:,.{d}f}"


def metric_table(rows, n_d, n_s):
    header = ["metric", f"DispatchSim (n={n_d})", f"SimPy (n={n_s})", "D - S  [95% CI]", "|D-S|/SE", "CI has 0",
              f"agree (<= {AGREE_SE:g} SE)"]
    lines = []
    for r in rows:
        a, b, c = r["dispatchsim"], r["simpy"], r["comparison"]
        d = decimals_for(a["ci95_half"], b["ci95_half"])
        lines.append([
            r["label"],
            f"{fmt(a['mean'], d)} ± {fmt(a['ci95_half'], d)}",
            f"{fmt(b['mean'], d)} ± {fmt(b['ci95_half'], d)}",
            f"{fmt(c['diff'], d)}  [{fmt(c['ci95_low'], d)}, {fmt(c['ci95_high'], d)}]",
            f"{c['abs_diff_over_se']:.2f}",
            "yes" if c["ci_contains_zero"] else "no",
            "yes" if c["agree"] else "NO",
        ])
    return render(header, lines, align_right={1, 2, 3, 4})


def speed_table(t):
    d, s = t["dispatchsim"], t["simpy"]
    rows = [
        ["replications", f"{d['replications']}", f"{s['replications']}", ""],
        ["wall time in simulator, total (s)", f"{d['wall_seconds']:.3f}", f"{s['wall_seconds']:.2f}", ""],
        ["wall time in simulator, per replication (s)", f"{d['wall_per_replication']:.4f}",
         f"{s['wall_per_replication']:.3f}", f"{t['ratio_wall_per_replication']:.1f}x"],
        ["wall time of processes, total (s)", f"{d['process_seconds']:.3f}", f"{s['process_seconds']:.2f}", ""],
        ["wall time of processes, per replication (s)", f"{d['process_per_replication']:.4f}",
         f"{s['process_per_replication']:.3f}", f"{t['ratio_process_per_replication']:.1f}x"],
        ["events (arrivals + units leaving a scene)", f"{d['events']:,}", f"{s['events']:,}", ""],
        ["events per second (in simulator)", f"{d['events_per_second']:,.0f}", f"{s['events_per_second']:,.0f}",
         f"{t['ratio_events_per_second']:.1f}x"],
    ]
    if s.get("simpy_events"):
        rows.append(["SimPy's own events processed", "", f"{s['simpy_events']:,}", ""])
    return render(["speed", "DispatchSim", "SimPy", "DispatchSim faster by"], rows, align_right={1, 2, 3})


def render(header, rows, align_right):
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    def line(cells):
        return "  ".join(str(c).rjust(w) if i in align_right else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


# MARK: main

def machine():
    info = {"nproc": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0]}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def git_commit():
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    except OSError:
        return None
    return done.stdout.strip() or None


def main(argv=None):
    parser = argparse.ArgumentParser(description="Compare DispatchSim and SimPy on the reference dispatch model: "
                                                 "agreement of the metrics, and speed.")
    parser.add_argument("--dispatchsim", default=".build/release/dispatchsim",
                        help="the dispatchsim binary (default .build/release/dispatchsim, relative to the repository)")
    parser.add_argument("--replications", type=int, default=20, help="DispatchSim replications (default 20)")
    parser.add_argument("--simpy-seeds", type=int, default=None, metavar="N",
                        help="SimPy runs, seeds 1..N (default: as many as --replications); fewer for a quick check")
    parser.add_argument("--seed", type=int, default=1, help="DispatchSim scenario seed (default 1)")
    parser.add_argument("--days", type=float, default=365.0, help="simulated days on both sides (default 365)")
    parser.add_argument("--python", default=sys.executable, help="Python that runs the SimPy script (default: this one)")
    parser.add_argument("--out", default=None, help="keep DispatchSim's results folder here "
                        "(e.g. Results/benchmarks/reference-dispatch); default a temporary folder, removed")
    parser.add_argument("--json", default=None, metavar="FILE", help="also write everything measured as JSON")
    args = parser.parse_args(argv)
    simpy_seeds = args.simpy_seeds if args.simpy_seeds is not None else args.replications
    if args.replications < 2 or simpy_seeds < 2:
        parser.error("need at least 2 replications on each side for confidence intervals")
    binary = Path(args.dispatchsim)
    if not binary.is_absolute():
        binary = (REPO / binary) if not binary.exists() else binary.resolve()
    if not binary.exists():
        parser.error(f"no dispatchsim binary at {binary} (swift build -c release --product dispatchsim)")

    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = os.getloadavg()
    temp = None
    if args.out:
        out_dir = Path(args.out).resolve()
    else:
        temp = tempfile.mkdtemp(prefix="reference-dispatch-")
        out_dir = Path(temp) / "dispatchsim"
    try:
        print(f"dispatchsim: {args.replications} replications of {args.days:g} days, --jobs 1 ...", file=sys.stderr)
        dsim = run_dispatchsim(binary, args.replications, args.seed, args.days, out_dir)
        print(f"  {dsim['wall_seconds']:.2f} s", file=sys.stderr)
        print(f"simpy: {simpy_seeds} seeds of {args.days:g} days, one after the other ...", file=sys.stderr)
        spy = run_simpy(args.python, range(1, simpy_seeds + 1), args.days)
    finally:
        if temp:
            shutil.rmtree(temp, ignore_errors=True)
    load_after = os.getloadavg()

    rows = []
    for key, label in METRICS:
        a = describe([r[key] for r in dsim["per_replication"]])
        b = describe([r[key] for r in spy["per_replication"]])
        rows.append({"metric": key, "label": label, "dispatchsim": a, "simpy": b, "comparison": compare(a, b)})
    estimator_gap = {}
    for c in ("police_call", "mental_health"):
        pairs = [(r[f"{c}_p90_response_min_histogram"], r[f"{c}_p90_response_min"]) for r in spy["per_replication"]]
        estimator_gap[c] = describe([h - e for h, e in pairs])
        estimator_gap[c]["max_abs_relative"] = max(abs(h - e) / e for h, e in pairs)

    n_d, n_s = args.replications, simpy_seeds
    timing = {
        "dispatchsim": {"replications": n_d, "wall_seconds": dsim["wall_seconds"],
                        "wall_per_replication": dsim["wall_seconds"] / n_d,
                        "process_seconds": dsim["process_seconds"],
                        "process_per_replication": dsim["process_seconds"] / n_d,
                        "events": dsim["events"], "events_per_second": dsim["events"] / dsim["wall_seconds"]},
        "simpy": {"replications": n_s, "wall_seconds": spy["wall_seconds"],
                  "wall_per_replication": spy["wall_seconds"] / n_s,
                  "process_seconds": spy["process_seconds"], "process_per_replication": spy["process_seconds"] / n_s,
                  "events": spy["events"], "events_per_second": spy["events"] / spy["wall_seconds"],
                  "simpy_events": spy["simpy_events"], "histogram_seconds_excluded": spy["histogram_seconds"]},
    }
    timing["ratio_wall_per_replication"] = (timing["simpy"]["wall_per_replication"]
                                            / timing["dispatchsim"]["wall_per_replication"])
    timing["ratio_process_per_replication"] = (timing["simpy"]["process_per_replication"]
                                               / timing["dispatchsim"]["process_per_replication"])
    timing["ratio_events_per_second"] = (timing["dispatchsim"]["events_per_second"]
                                         / timing["simpy"]["events_per_second"])
    all_agree = all(r["comparison"]["agree"] for r in rows)

    print(f"Reference dispatch model, {args.days:g} days: DispatchSim {dsim['version']} "
          f"({n_d} replications, seed {args.seed}) against SimPy {spy['simpy_version']} on Python {spy['python']} "
          f"(seeds 1-{n_s}); mean ± 95% CI half-width")
    print()
    print(metric_table(rows, n_d, n_s))
    print()
    print(f"Agreement rule: |D - S| <= {AGREE_SE:g} combined SE, SE = sqrt(sd_D^2/n_D + sd_S^2/n_S); "
          "'CI has 0': the 95% Welch interval of D - S contains 0 (shown, not used for the exit status).")
    print("p90: DispatchSim's log-linear histogram estimate against SimPy's exact sample p90 (numpy.percentile, "
          "linear). The same histogram on SimPy's paths minus the exact p90: " + ", ".join(
              f"{c} {fmt(g['mean'], 4)} ± {fmt(g['ci95_half'], 4)} min (largest {100 * g['max_abs_relative']:.3f}%)"
              for c, g in estimator_gap.items()) + ".")
    for r in rows:
        if r["metric"].endswith("_p90_response_min"):
            print(f"  {r['label']}, per replication: " + "; ".join(
                f"{side} median {d['median']:.3f}, range {d['min']:.3f} to {d['max']:.3f}"
                for side, d in (("DispatchSim", r["dispatchsim"]), ("SimPy", r["simpy"]))))
    print()
    print(speed_table(timing))
    print()
    print("In simulator: DispatchSim's printed wall time (--jobs 1; the run and its result files); SimPy: "
          "the script's wall_seconds (model, env.run, statistics with the exact p90; without the histogram check, "
          f"{spy['histogram_seconds']:.2f} s in all). Processes: start to exit, timed by this script.")
    print(f"Machine: {machine().get('cpu', '?')}, {os.cpu_count()} CPUs; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after.")
    print("ALL METRICS AGREE" if all_agree else
          "DISAGREE: " + ", ".join(r["label"] for r in rows if not r["comparison"]["agree"]))

    if args.json:
        report = {  # the keys documented at the top of this file
            "format": JSON_FORMAT, "benchmark": "peers/reference-dispatch",
            "started_utc": started.isoformat(timespec="seconds"),
            "command": [sys.executable] + sys.argv if argv is None else ["compare_reference.py"] + list(argv),
            "git_commit": git_commit(), "machine": machine(),
            "load_average_1min": {"before": load_before[0], "after": load_after[0]},
            "settings": {"days": args.days, "seed": args.seed, "dispatchsim_replications": n_d,
                         "simpy_seeds": list(spy["seeds"])},
            "agree_rule": f"|diff| <= {AGREE_SE:g} * sqrt(sd_D^2/n_D + sd_S^2/n_S)", "all_agree": all_agree,
            "metrics": rows, "p90_estimator_gap": estimator_gap, "timing": timing,
            "dispatchsim": dsim, "simpy": spy,
        }
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(finite_or_null(report), indent=1, allow_nan=False, default=str) + "\n")
    return 0 if all_agree else 1


if __name__ == "__main__":
    sys.exit(main())
