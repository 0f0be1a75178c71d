#!/usr/bin/env python3
"""Print the figures a city scenario is calibrated against, from a results folder.

    python3 scripts/calibration_report.py Results/chicago-baseline [--zone 003] [--csv]

Reads summary.csv, response.csv and manifest.json of a `dispatchsim run` folder (one point) and
prints, for each figure, its mean over the replications with a 95% Student t interval:

- dispatched calls a year (calls dispatched per observed minute x 525,600);
- the share of dispatched calls that are high priority (priorities 1 and 2, as CPD counts them);
- mean response, mean and median dispatch delay (wait) by priority, and priority 3's mean response
  over priority 1's (the gradient);
- the share of high-priority calls that arrived with no unit free in their zone (priorities 1 and
  2 together, weighted by their calls): the figure CPD publishes as calls with no police available;
- across zones, each zone's priority-1 mean dispatch delay: the worst zone's over the best zone's
  (the district spread), the same ratio over all priorities, and with --zone, that zone's
  priority-1 median dispatch delay;
- uncommitted share of patrol time and the police utilization.

Only the standard library: it runs without the project's Python environment.
"""

import argparse
import csv
import json
import math
import statistics
import sys
from pathlib import Path

# Student t 0.975 quantiles for 1..30 degrees of freedom (then the normal's 1.96).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042]


def interval(values):
    """Mean and 95% half-width over replications (NaN half-width with fewer than two)."""
    values = [v for v in values if v is not None and not math.isnan(v)]
    if not values:
        return math.nan, math.nan
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, math.nan
    t = T975[len(values) - 2] if len(values) - 1 <= len(T975) else 1.96
    return mean, t * statistics.stdev(values) / math.sqrt(len(values))


def number(text):
    return float(text) if text not in ("", None) else math.nan


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a results folder written by dispatchsim run")
    parser.add_argument("--zone", help="also report this zone's priority-1 median dispatch delay")
    parser.add_argument("--responder", default="police", help="the patrol responder type (default police)")
    parser.add_argument("--csv", action="store_true", help="write figure,mean,ci95_half_width rows instead of a table")
    args = parser.parse_args()

    folder = args.folder
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        summary = list(csv.DictReader((folder / "summary.csv").open()))
        response = list(csv.DictReader((folder / "response.csv").open()))
    except (OSError, json.JSONDecodeError) as error:
        sys.exit(f"{folder}: error: cannot read the results: {error}")
    if any(row["point"] != "0" for row in summary):
        sys.exit(f"{folder}: error: expected the results of one run (point 0 only), found a sweep")
    scenario = manifest["points"][0]["scenario"]
    observed = float(scenario["horizon_min"]) - float(scenario.get("warmup_min", 0))
    priorities = sorted({int(key[1:key.index("_")]) for key in summary[0]
                         if key.startswith("p") and key.endswith("_dispatched")})

    figures = []  # (label, per-replication values, format)

    def figure(label, values, fmt="{:.2f}"):
        figures.append((label, values, fmt))

    dispatched = [sum(number(r[f"p{k}_dispatched"]) for k in priorities) for r in summary]
    figure("dispatched calls a year", [d * 525_600 / observed for d in dispatched], "{:,.0f}")
    high = [k for k in priorities if k <= 2]
    figure("share high priority (P1+P2)",
           [sum(number(r[f"p{k}_dispatched"]) for k in high) / d for r, d in zip(summary, dispatched)], "{:.3f}")
    for k in priorities:
        figure(f"P{k} mean response (min)", [number(r[f"p{k}_mean_response_min"]) for r in summary])
        figure(f"P{k} mean dispatch delay (min)", [number(r[f"p{k}_mean_wait_min"]) for r in summary])
        figure(f"P{k} median dispatch delay (min)", [number(r[f"p{k}_p50_wait_min"]) for r in summary])
    if 1 in priorities and 3 in priorities:
        figure("P3 / P1 mean response", [number(r["p3_mean_response_min"]) / number(r["p1_mean_response_min"])
                                         for r in summary])
    figure("high priority with no unit free in zone",
           [sum(number(r[f"p{k}_no_unit_free_share"]) * number(r[f"p{k}_dispatched"]) for k in high)
            / sum(number(r[f"p{k}_dispatched"]) for k in high) for r in summary], "{:.3f}")

    # District spread: priority-1 dispatch delay by zone, per replication.
    replications = sorted({row["replication"] for row in response})
    ratios, worst, best, chosen = [], [], [], []
    for rep in replications:
        cells = [row for row in response if row["replication"] == rep and row["responder"] == args.responder
                 and row["priority"] == "1" and row["dispatched"] not in ("", "0")]
        means = [number(row["mean_wait_min"]) for row in cells]
        if means:
            worst.append(max(means))
            best.append(min(means))
            ratios.append(max(means) / min(means) if min(means) > 0 else math.nan)
        if args.zone:
            chosen += [number(row["p50_wait_min"]) for row in cells if row["zone"] == args.zone]
    # The same spread over all priorities: each zone's mean dispatch delay, weighted by dispatches.
    all_ratios = []
    for rep in replications:
        totals = {}
        for row in response:
            if row["replication"] == rep and row["responder"] == args.responder and row["dispatched"] not in ("", "0"):
                n = number(row["dispatched"])
                count, waited = totals.get(row["zone"], (0.0, 0.0))
                totals[row["zone"]] = (count + n, waited + n * number(row["mean_wait_min"]))
        means = [waited / count for count, waited in totals.values()]
        if means:
            all_ratios.append(max(means) / min(means) if min(means) > 0 else math.nan)
    figure("P1 mean dispatch delay, worst zone (min)", worst)
    figure("P1 mean dispatch delay, best zone (min)", best)
    figure("P1 mean dispatch delay, worst zone / best", ratios)
    figure("mean dispatch delay (all priorities), worst zone / best", all_ratios)
    if args.zone:
        figure(f"P1 median dispatch delay, zone {args.zone} (min)", chosen)
    figure("uncommitted share of patrol time", [number(r["uncommitted_share"]) for r in summary], "{:.3f}")
    figure(f"utilization of {args.responder}", [number(r[f"utilization_{args.responder}"]) for r in summary], "{:.3f}")

    if args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["figure", "mean", "ci95_half_width"])
        for label, values, _ in figures:
            mean, half = interval(values)
            writer.writerow([label, repr(mean), repr(half)])
        return
    width = max(len(label) for label, _, _ in figures)
    print(f"{folder}: {len(summary)} replications of {observed / 1440:g} observed days")
    for label, values, fmt in figures:
        mean, half = interval(values)
        spread = "" if math.isnan(half) else f"  +/- {fmt.format(half)}"
        print(f"  {label:<{width}}  {fmt.format(mean)}{spread}")


if __name__ == "__main__":
    main()
